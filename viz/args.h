/*
 * args.h — the command line of `playground viz`, parsed without a display.
 *
 *   playground viz SCENARIO.lua [--seed N] [--speed X|max] [--snapshot-at T1,T2,…]
 *                  [--snapshot-on MOMENT,… ] [--out DIR]
 *                  [--headless] [--exit-at-end] [--size WxH] [--budget N] [--timeline FILE.json]
 *                  [--metrics FILE.csv] [--record OUT.lua] [--port P] [-- ARG …]
 *
 * The options are viz_cli's table (cliopt.h), which also gives `viz --help`. Times are
 * the scenario contract's durations: a number of seconds ("60", "1.5") or a number with a
 * unit ("250ms", "15s", "2m", "1h", "1m30s").
 */
#ifndef VIZ_ARGS_H
#define VIZ_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cliopt.h"
#include "sim.h"
#include "watch.h"

#define VIZ_MAX_SNAPSHOTS 64
#define VIZ_MAX_STEPS     64

/* One step of --scrub: go to instant t (running on, or back from the start), then write a
 * snapshot there, or press a key there (a key step: cmd >= 0). */
typedef struct VizStep {
	SimTime t;
	int cmd;                  /* a VizCommand, -1 for a snapshot */
	int arg;                  /* its argument (the TaskManager of 1–9) */
} VizStep;

typedef struct VizArgs {
	const char *file;         /* scenario path */
	char **args;              /* words after `--` */
	int nargs;
	uint64_t seed;            /* --seed */
	bool seed_given;
	uint64_t budget;          /* --budget: Lua instructions, 0 = the runner's default */
	double speed;             /* simulated s per wall s; <= 0 = as fast as possible */
	bool speed_given;
	SimTime snapshots[VIZ_MAX_SNAPSHOTS];  /* --snapshot-at, ascending, no repeats */
	int nsnapshots;
	VizWatch snapshot_on;     /* --snapshot-on: moments (restart, restore, …) to snapshot */
	const char *out_dir;      /* --out: where snapshots go */
	bool headless;            /* --headless: no window, draw only the snapshots */
	bool exit_at_end;         /* --exit-at-end: close when the scenario ends */
	int width, height;        /* --size, px */
	bool size_given;
	VizStep steps[VIZ_MAX_STEPS];   /* --scrub: instants to visit in order, and keys to press there */
	int nsteps;
	const char *apng_path;    /* --apng: an animated PNG of [from, to], or NULL */
	SimTime from, to;         /* --from, --to: its range (to < 0: the scenario's end) */
	SimTime every;            /* --every: simulated time between two of its frames */
	uint64_t fps;             /* --fps: its frames per second of playback */
	const char *compare_file; /* --compare: the second scenario, or NULL */
	uint64_t seeds[2];        /* --seeds A,B: the first run's and the second's seed */
	bool seeds_given;
	const char *timeline_path;/* --timeline: as run's (PgRunOptions.timeline_path), or NULL */
	const char *metrics_path; /* --metrics: as run's (PgRunOptions.metrics_path), or NULL */
	const char *record_path;  /* --record: the branch on screen as a scenario, or NULL */
	uint64_t port;            /* --port: the REST API on 127.0.0.1:port, 0 none */
} VizArgs;

extern const CliCommand viz_cli;

/* Parses argv[2..] (argv[1] is "viz"). Returns 0; CLI_HELP after printing the help on
 * stdout; or 2 with a message in err (cli_usage_error prints it with the usage). */
int viz_args_parse(int argc, char **argv, VizArgs *a, char *err, size_t errlen);
/* One duration; false for anything else (negative, empty, unknown unit). */
bool viz_parse_duration(const char *s, SimTime *out_us);
/* A comma-separated list of durations, sorted, repeats removed. False on a bad item. */
bool viz_parse_times(const char *list, SimTime *out, int max, int *n);
/* --scrub's steps: "300,100,k@100,2@150,120" (instants, and KEY@instant with the keys of the
 * window: k s p u d x r [ ] and 1–9). False with the bad item in why. */
bool viz_parse_steps(const char *list, VizStep *out, int max, int *n, char *why, size_t len);

#endif
