/*
 * controls.h — keyboard commands on the running playground.
 *
 * Every command makes the model call of one Lua API call, and so leaves the trace line that
 * call leaves and no other: `k` is pg.compose.kill("taskmanager-1") (sim_compose traces
 * "docker-compose kill taskmanager-1"), `u`/`d` pg.compose.scale, `x` the REST API's stop
 * route (sim_job_savepoint traces "flink stop <job>"), `r` pg.flink.run with the stopped
 * job's options (the same "flink run …" line, jobcmd.h). A view run with keys therefore has
 * the trace of a scenario that makes those calls at those instants — which is what
 * `viz --record` writes: each command that reached the Sim leaves its Lua call in `call`.
 * Display-free: the frame loop maps keys to VizCommand values; tests drive them directly.
 */
#ifndef VIZ_CONTROLS_H
#define VIZ_CONTROLS_H

#include <stdbool.h>

#include "sim.h"

typedef enum VizCommand {
	VIZ_CMD_SELECT_TM,        /* arg: instance (0-based) the TaskManager keys act on */
	VIZ_CMD_KILL_TM,          /* docker-compose kill taskmanager-N */
	VIZ_CMD_START_TM,         /* docker-compose up -d taskmanager-N */
	VIZ_CMD_PAUSE_TM,         /* docker-compose pause / unpause taskmanager-N */
	VIZ_CMD_SCALE_UP,         /* docker-compose scale taskmanager=<running + 1> */
	VIZ_CMD_SCALE_DOWN,       /* docker-compose scale taskmanager=<running - 1> */
	VIZ_CMD_STOP_SAVEPOINT,   /* flink stop <job>: stop with a savepoint */
	VIZ_CMD_RESUBMIT,         /* flink run -p P -s <savepoint> */
	VIZ_CMD_PARALLELISM_DOWN, /* P - 1 for the next resubmission */
	VIZ_CMD_PARALLELISM_UP    /* P + 1 */
} VizCommand;

#define VIZ_MAX_RESUBMIT_PARALLELISM 32

typedef struct VizControls {
	int selected_tm;          /* TaskManager instance the keys act on (0-based) */
	int parallelism;          /* parallelism of the next resubmission; 0 = the stopped job's */
	char trigger[33];         /* trigger id of the pending stop-with-savepoint, "" none */
	char stopped_job[33];     /* the job that stop acted on */
	char savepoint[600];      /* written savepoint to resubmit from, "" none */
	bool said_failover;       /* the pending stop's job failed over after its savepoint: said so */
	char message[512];        /* outcome of the last command, for the status line */
	bool message_error;       /* the last command was rejected */
	int commands;             /* commands that reached the Sim so far */
	char line[720];           /* the last one's command line ("docker-compose kill taskmanager-1") */
	char call[1024];          /* … and the Lua API call that does the same (pg.compose.kill("taskmanager-1")) */
} VizControls;

void viz_controls_init(VizControls *c);
/* A run starts again from its beginning (the time machine): what came from the Sim (a
 * savepoint being taken, the commands counted) is forgotten; what the user chose — the
 * TaskManager the keys act on, the resubmission's parallelism, the last message — stays. */
void viz_controls_rerun(VizControls *c);
/* Runs one command on s (which may be NULL before pg.up: the command is refused). Returns
 * SIM_OK or the action's status; c->message says what happened either way. A command that
 * reached the Sim counts in c->commands and sets c->line and c->call; a refused one leaves
 * nothing in the trace. */
SimStatus viz_command(VizControls *c, Sim *s, VizCommand cmd, int arg);
/* Follows a pending stop-with-savepoint until its operation ends, and remembers the
 * savepoint's path once it is written: also when the operation FAILED after it (the job was
 * cancelled before it FINISHED, as Flink 1.9's stopWithSavepoint fails then) — the savepoint
 * is in its directory and `r` resubmits from it. */
void viz_controls_poll(VizControls *c, const Sim *s);
/* The parallelism the next resubmission would use. */
int viz_controls_next_parallelism(const VizControls *c, const Sim *s);

/* Every key the view understands, for the help overlay (NULL-terminated). */
typedef struct VizKeyHelp {
	const char *keys;         /* "space", "+ / -", … */
	const char *what;         /* what it does */
} VizKeyHelp;
extern const VizKeyHelp viz_key_help[];

#endif
