/*
 * runner.h — one scenario run: a sandboxed Lua state, the scenario file, and the Sim that
 * its pg.up creates. Used by `playground run` and `swarm`, and by anything else that runs
 * scenarios (the viz passes its own `advance` so simulated time follows its frames).
 */
#ifndef RUNNER_H
#define RUNNER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "lpg.h"
#include "sim.h"

#define PG_DEFAULT_BUDGET  200000000ull            /* Lua VM instructions per run */
#define PG_DEFAULT_MEMORY  ((size_t)2 << 30)       /* Lua heap bytes per run */

typedef struct PgRunOptions {
	const char *file;             /* scenario path */
	char **args;                  /* words after `--`: arg[1..nargs] inside the scenario */
	int nargs;
	uint64_t seed;                /* the run's seed when seed_given (overrides pg.up{seed}) */
	bool seed_given;
	uint64_t budget;              /* Lua VM instructions; 0 = PG_DEFAULT_BUDGET */
	bool quiet;                   /* drop scenario output: pg.log, print, narration (swarm) */
	const char *host_root;        /* relative savepoint paths resolve here (a swarm child's own
	                               * directory, so trials of one seed never share files); NULL: the cwd */
	bool narrate;                 /* print learner-relevant trace lines as they happen */
	FILE *trace;                  /* receives every trace line, or NULL */
	FILE *out;                    /* scenario output; NULL = stdout */
	SimEventFn listener;          /* one more event subscriber (the view), or NULL */
	void *listener_ctx;
	const char *timeline_path;    /* --timeline FILE.json: Chrome/Perfetto trace events ("-": stdout), or NULL */
	const char *metrics_path;     /* --metrics FILE.csv: metrics every simulated second ("-": stdout), or NULL */
	void (*sample)(void *ctx, const Sim *s); /* one more observer called every simulated second, or NULL */
	void *sample_ctx;
	PgAdvanceFn advance;          /* how time passes; NULL = sim_run_until */
	void *advance_ctx;
	PgSimFn on_sim;               /* told when the Sim is created or destroyed; may be NULL */
	void *on_sim_ctx;
	const char *source;           /* the scenario's text, when it is not read from `file` (which
	                               * then only names it, e.g. "shell"); NULL: read the file */
	size_t source_len;
	void (*prepare)(lua_State *L, void *ctx); /* called after the sandbox is set up, before the
	                               * scenario runs (to give it more globals), or NULL */
	void *prepare_ctx;
	PgLogFn on_log;               /* told of each pg.log / print line with its simulated time; may be NULL */
	void *on_log_ctx;
	const bool *keep;             /* the shrinker's mask for pg.swarm.plan (nkeep entries, not
	                                 copied: it must outlive the run); NULL keeps every step */
	size_t nkeep;
} PgRunOptions;

typedef enum PgRunStatus {
	PGRUN_OK = 0,                 /* the scenario ran to its end */
	PGRUN_FAILED = 1,             /* an expectation failed or the scenario raised an error */
	PGRUN_UNLOADABLE = 2          /* missing file, unreadable, syntax error, binary chunk */
} PgRunStatus;

typedef struct PgRun PgRun;

void pgrun_options_default(PgRunOptions *o);
/* Copies the options (not the strings or files they point to). NULL when out of memory. */
PgRun *pgrun_create(const PgRunOptions *o);
/* Loads and runs the scenario once. */
PgRunStatus pgrun_exec(PgRun *r);
/* The failure as one line: "FILE:LINE: … (t=…s, seed N)"; "" after success. */
const char *pgrun_message(const PgRun *r);
/* After PGRUN_FAILED: true when pg.expect failed, false for any other error. */
bool pgrun_expectation_failed(const PgRun *r);
/* "FILE:LINE" of the failure when its message starts with one (errors, expectations,
 * syntax errors), else "". */
const char *pgrun_location(const PgRun *r);
/* The run's seed: the one pg.up used, or (before pg.up, or without it) --seed, else 1. */
uint64_t pgrun_seed(const PgRun *r);
/* The scenario frames of a failure raised inside a function ("" otherwise). */
const char *pgrun_traceback(const PgRun *r);
/* The run's Sim (NULL before pg.up); it lives until pgrun_destroy. */
Sim *pgrun_sim(const PgRun *r);
/* Why exports failed ("" when they did not): a file that could not be opened or written. */
const char *pgrun_export_error(const PgRun *r);
/* The trace hash of the run's Sim, or of an empty trace when there is none. */
uint64_t pgrun_trace_hash(const PgRun *r);
/* What pg.swarm recorded during the run (plan, verdict); it lives until pgrun_destroy. */
const PgSwarmState *pgrun_swarm(const PgRun *r);
void pgrun_destroy(PgRun *r);                      /* accepts NULL */

#endif
