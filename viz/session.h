/*
 * session.h — the view as a time machine: what a session knows of its run beyond the
 * instant on screen, so that it can go back to any instant and forward again.
 *
 * A run is deterministic: the same scenario, seed and commands at the same simulated
 * instants give the same events in the same order. The session therefore keeps only what is
 * not in the scenario: the commands that reached the Sim — keys, with the state of the keys
 * they depend on (selected TaskManager, resubmission parallelism), and requests on the REST
 * API's port — each with its instant, its command line and the Lua API call that does the
 * same (for --record). Going back to t re-runs the scenario from the start and replays the
 * commands before t at their instants; the state at t is exactly the run's state at t.
 *
 * It also keeps, for the timeline scrubber, the marks of the run as far as it has gone (its
 * horizon): kills, starts, restarts, restores, savepoints, job submissions and ends from the
 * model's events, and the commands from the session's own strokes (never from trace text).
 * A command given after going back, while the run's future is known, starts a new branch:
 * the old future (its commands and marks) is dropped from that instant on.
 *
 * Events and scenario lines are numbered per run (0, 1, …): the same number is the same
 * event in every re-run of a branch, which is how a re-run knows what it has already marked
 * or printed. Display-free; owns its arrays.
 */
#ifndef VIZ_SESSION_H
#define VIZ_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "controls.h"
#include "sim.h"

typedef enum VizStrokeKind {
	VIZ_STROKE_KEY,           /* a keyboard command (cmd, arg and the keys' state) */
	VIZ_STROKE_HTTP           /* a request on the REST API's port (method, target, body) */
} VizStrokeKind;

/* A command that reached the Sim, as it must be given again. The strings are the caller's
 * when handed to viz_session_after_command, which keeps copies; the session's own strokes
 * own theirs. */
typedef struct VizStroke {
	SimTime t;                /* the instant it was given */
	VizStrokeKind kind;
	VizCommand cmd;           /* keys: the command … */
	int arg;
	int selected_tm;          /* … and the keys' state it depends on */
	int parallelism;
	const char *line;         /* what it did as a command line ("docker-compose kill taskmanager-1", "http GET /jobs") */
	const char *call;         /* the Lua API call that does the same (pg.compose.kill("taskmanager-1")) */
	const char *method;       /* HTTP: the request's method, target and body (NULL: none) */
	const char *target;
	const char *body;
} VizStroke;

typedef enum VizScrubKind {
	VIZ_SCRUB_KILL,           /* a container killed, stopped (or paused) */
	VIZ_SCRUB_START,          /* a container started after pg.up */
	VIZ_SCRUB_RESTART,        /* a job switched to RESTARTING */
	VIZ_SCRUB_RESTORE,        /* a job restored a checkpoint or savepoint */
	VIZ_SCRUB_SAVEPOINT,      /* a savepoint was stored */
	VIZ_SCRUB_COMMAND,        /* a keyboard command */
	VIZ_SCRUB_SUBMIT,         /* a job was submitted */
	VIZ_SCRUB_END,            /* a job reached a terminal state */
	VIZ_SCRUB_BRANCH,         /* a new branch started here */
	VIZ_SCRUB_FAULT,          /* a network rule, a skewed clock or a slow CPU was set (pg.net, pg.compose.clock / cpu) */
	VIZ_SCRUB_HEAL,           /* … taken back (pg.net.heal, a delay of 0, a CPU factor of 1, …) */
	VIZ_SCRUB_KIND_COUNT
} VizScrubKind;

/* One mark on the scrubber. */
typedef struct VizScrubMark {
	SimTime t;
	uint64_t event;           /* the event's number in the run (branch marks: the next one) */
	VizScrubKind kind;
	char label[48];           /* "killed taskmanager-1", "restart", "key: docker-compose kill …" */
} VizScrubMark;

typedef struct VizSession {
	VizStroke *strokes;       /* commands of the branch, in the order given */
	size_t nstrokes, cap_strokes;
	size_t next_stroke;       /* the next one to replay in this run */
	VizScrubMark *marks;      /* the branch's marks, in event order */
	size_t nmarks, cap_marks;
	uint64_t run_events;      /* events of this run so far */
	uint64_t run_lines;       /* scenario lines of this run so far */
	uint64_t events_marked;   /* events of the branch already looked at for marks */
	uint64_t lines_printed;   /* scenario lines of the branch already printed */
	SimTime horizon;          /* the furthest instant the branch has reached */
	int branch;               /* 0 for the first run, + 1 per branch */
	SimTime branch_t;         /* where the latest branch began, -1 none */
	int runs;                 /* runs started (1 + re-runs) */
} VizSession;

/* The state before a command, to put the future back if the command was refused. */
typedef struct VizBranchPoint {
	bool branched;            /* the command was given while the future was known */
	uint64_t at_event;        /* the run's events before the command */
	size_t nstrokes, nmarks;
	uint64_t events_marked, lines_printed;
	SimTime horizon, branch_t;
} VizBranchPoint;

void viz_session_init(VizSession *s);
void viz_session_free(VizSession *s);
/* A run starts (the first, or a re-run from the start). */
void viz_session_run_started(VizSession *s);
/* An event of the run: marks it when the branch has not seen it yet. */
void viz_session_event(VizSession *s, const SimEvent *e);
/* A line the scenario wrote: true when it is new to the branch (print it). */
bool viz_session_line(VizSession *s);
/* The run has reached now. */
void viz_session_reached(VizSession *s, SimTime now);

/* The instant of the next command to replay (INT64_MAX none): the run must stop there. */
SimTime viz_session_next_stroke_time(const VizSession *s);
/* The next command to replay now, or NULL; it counts as replayed. */
const VizStroke *viz_session_due(VizSession *s, SimTime now);
/* True while the run is behind what the branch knows (commands still to replay, or the
 * horizon ahead of now): a command given now starts a new branch. */
bool viz_session_future_known(const VizSession *s, SimTime now);

/* Before a command given now: when the future is known, starts a new branch (drops the
 * commands not replayed yet and the marks of events not happened yet). */
VizBranchPoint viz_session_before_command(VizSession *s, SimTime now);
/* After it: records it (a copy of its strings) and its mark when it reached the Sim; a
 * refused one puts the old future back. */
void viz_session_after_command(VizSession *s, const VizBranchPoint *bp, bool reached, const VizStroke *stroke);

/* Marks, in time order: n = 0 the first. NULL when out of range. */
const VizScrubMark *viz_session_mark(const VizSession *s, size_t n);
/* The instant of the nearest mark after (dir > 0) or before (dir < 0) t, or -1. */
SimTime viz_session_step_mark(const VizSession *s, SimTime t, int dir);

#endif
