/*
 * vizint.h — the parts of `playground viz` that share its state: setup and the runs
 * (main.c), the frame loop and the time machine (loop.c), keys and the mouse (input.c),
 * the second run of a comparison (pair.c), animations (apng.c writes the file).
 *
 * One Viz per process. It owns the window (or the offscreen canvas), the fonts, the run in
 * progress with its observer and keys' state, and the session — what the time machine
 * keeps across the runs of one viewing: the keyboard commands, the scrubber's marks, the
 * horizon and the branches.
 */
#ifndef VIZ_VIZINT_H
#define VIZ_VIZINT_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL2/SDL.h>

#include "args.h"
#include "controls.h"
#include "draw.h"
#include "observer.h"
#include "session.h"
#include "sim.h"

#include "runner.h"

typedef struct VizPair VizPair;
typedef struct VizAnim VizAnim;
typedef struct PgHttp PgHttp;

typedef struct Viz {
	VizArgs a;                /* the command line */
	bool headless;            /* no window: draw only snapshots */
	SDL_Window *window;       /* NULL when headless */
	SDL_Renderer *ren;        /* the window's, or a software renderer over canvas */
	SDL_Surface *canvas;      /* headless drawing target */
	VizText *text;
	int w, h;                 /* drawing size, px */

	PgRun *run;               /* the run in progress */
	Sim *sim;                 /* its Sim, NULL before pg.up */
	VizObserver *obs;         /* what the view remembers of it */
	VizControls ctl;          /* the keys' state */
	bool had_sim;             /* a Sim existed before in this run (a failed pg.up destroyed it) */
	PgRunStatus status;       /* how the last run ended */
	bool ended;               /* the scenario of the run in progress has ended … */
	SimTime end_t;            /* … at this instant */
	SimTime acted_t;          /* the last instant the view handed back to the scenario (it may act there), -1 none */
	char *source;             /* --record: the scenario's text (a "#!" line blanked), or NULL */
	size_t source_len;

	VizSession session;       /* the time machine */
	SimTime seek;             /* the instant being gone to, -1 none */
	bool seek_pause;          /* pause there (the keys and the mouse; not --scrub) */
	bool rewind;              /* the run must start again from the beginning, then seek */
	bool dragging;            /* the mouse drags the scrubber */
	int step;                 /* the next --scrub step */
	int reported_branch;      /* the branch whose end was reported on stderr, -1 none */
	char status_line[200];    /* the time machine's line in the hint bar */
	PgHttp *http;             /* --port: the REST API on 127.0.0.1, or NULL */
	VizPair *pair;            /* the second run of --compare / --seeds, or NULL */
	VizAnim *anim;            /* --apng frames being collected, or NULL */
	SimTime next_frame;       /* the next animation frame's instant */

	double speed;             /* simulated s per wall s; <= 0 = maximum */
	bool paused, help, quit;
	bool stepping;            /* a single step is under way */
	uint64_t step_lines;      /* trace lines when the step began */
	SimTime step_limit;       /* the step ends here at the latest */
	int log_scroll;           /* log entries scrolled back */
	SimTime budget_end;       /* the current frame may advance the Sim up to here */
	SimTime next_sample;      /* next observer sampling time */
	int next_snap;            /* index of the next snapshot time */
	struct {
		SimTime t;            /* the instant of a watched event (--snapshot-on) … */
		const char *name;     /* … and the moment it was ("restart") */
	} moments[32];
	int nmoments;             /* watched events whose instant is not over yet */
	const char *banner;       /* shown after the scenario ended */
	char banner_buf[400];
	bool banner_error;

	uint64_t last_frame_ns;   /* wall time the last frame started */
	uint64_t seek_frame_ns;   /* wall time of the last frame drawn while seeking */
	double draw_s;            /* smoothed wall seconds per drawn frame */
	uint64_t frames;          /* frames drawn */
	double draw_total_s;      /* wall seconds spent drawing */
	double fps, actual_speed; /* measured over the last second */
	uint64_t meter_ns;        /* start of the measuring second */
	uint64_t meter_frames;
	SimTime meter_sim;
	int snaps_taken;
} Viz;

uint64_t viz_wall_ns(void);

/* loop.c: drawing, snapshots, the frame loop, the time machine. */
void viz_draw_frame(Viz *z, bool snapshot);
bool viz_save_png(Viz *z, const char *path);
/* The runner's hooks (PgRunOptions.advance, on_sim, listener, on_log). */
bool viz_advance(void *ctx, Sim *sim, SimTime until);
void viz_on_sim(void *ctx, Sim *sim);
void viz_on_event(void *ctx, const SimEvent *e, const char *text);
void viz_on_log(void *ctx, SimTime t, const char *line, size_t len, bool timed);
/* After the scenario: the last state stays; unpausing keeps the playground running. Also
 * what is left of --scrub and a seek past the scenario's end. */
void viz_after_scenario(Viz *z);
bool viz_after_wanted(const Viz *z);
/* Goes to instant t: runs on to it, or sets the run to start again (rewind) and seek. */
void viz_seek(Viz *z, SimTime t, bool pause);
/* Samples, snapshots and the time machine at the Sim's current instant. */
void viz_at_time(Viz *z, Sim *sim);

/* Before a command given now: moves 1 µs on if the scenario may have acted at this instant
 * since the view handed it back (the command point, see loop.c). */
void viz_command_point(Viz *z, Sim *sim);
/* After a command that reached the Sim: the events it made due now run. */
void viz_after_sim_command(Viz *z, Sim *sim);

/* input.c: the keys, the mouse. */
void viz_handle_events(Viz *z, Sim *sim);
/* A keyboard command given now (keys and --scrub): through the session (branches). */
void viz_user_command(Viz *z, Sim *sim, VizCommand cmd, int arg);
/* --port's handler (lua/http.h): one request, given now through the session like a key. */
int viz_http_request(void *ctx, const char *method, const char *uri, const char *content_type, const char *body,
                     size_t body_len, char **answer);
/* A command (at instant now) started a new branch: says so in message (len bytes; it holds
 * the command's outcome), the status line and on stderr, and writes --record's file. */
void viz_announce_branch(Viz *z, SimTime now, char *message, size_t len);

/* main.c: --record writes the branch on screen (when a branch begins, and at the end). */
void viz_record_branch(Viz *z);

#endif
