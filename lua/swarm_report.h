/*
 * swarm_report.h — what a swarm sweep tells people and machines: the failing seeds' blocks
 * on the terminal, the JSON summary (--json) and the JUnit file (--junit), and the merge of
 * several shards' JSON files into the output of one sweep (`playground swarm --merge`).
 *
 * The terminal text, the JSON and the JUnit are all produced from the same SwarmFailure
 * values, whether they come from a sweep's children or from shards' JSON files, so a merge
 * prints exactly what one sweep over the whole range prints (but for the seeds/s).
 */
#ifndef SWARM_REPORT_H
#define SWARM_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "swarm_pool.h"

#define SWARM_JSON_FORMAT "playground-swarm-1"

/* The outcome of --shrink for one seed. Pointers are borrowed. */
typedef struct SwarmShrunk {
	const size_t *kept;           /* 0-based indices of the kept steps, ascending */
	size_t nkept;                 /* their number */
	size_t trials;                /* trials counted */
	bool exhausted;               /* --shrink-trials stopped it before it was 1-minimal */
	const char *file;             /* the shrunk scenario written, or NULL */
	bool verified;                /* `playground run FILE` failed the same way */
	const char *note;             /* one line: how the check of the file went, or why no file */
} SwarmShrunk;

/* One failing seed. Pointers are borrowed. */
typedef struct SwarmFailure {
	uint64_t seed;
	const char *check;            /* "safety.windows", "error", "crash", "timeout" */
	const char *message;          /* the failure (may span lines: crash output) */
	const char *replay;           /* the command that replays the seed */
	double seconds;               /* wall-clock seconds of the seed's run */
	bool planned;                 /* the scenario called pg.swarm.plan */
	const char *setup;            /* the plan's world, or NULL */
	const SwarmStep *steps;       /* the plan's steps */
	size_t nsteps;
	const SwarmShrunk *shrunk;    /* after --shrink, else NULL */
} SwarmFailure;

/* What a sweep covered (or the shards merged). Pointers are borrowed. */
typedef struct SwarmSweep {
	const char *program;          /* argv[0], for replay commands */
	const char *scenario;         /* FILE.lua */
	const char *const *args;      /* the words after `--` */
	int nargs;
	uint64_t budget;              /* --budget, 0 for the default */
	uint64_t first, seeds;        /* the whole range [first, first + seeds) */
	unsigned shard_count;         /* N of --shard K/N; 1 without */
	const bool *shards;           /* shard_count flags: which shards are covered */
	uint64_t seeds_run;           /* seeds of the covered shards */
	uint64_t failed;              /* of which failed */
	double wall_seconds;          /* the sweep's (after a merge: the longest shard's) */
} SwarmSweep;

/* Shard k (1-based) of n: [*lo, *hi), contiguous; the first seeds % n shards have one more. */
void swarm_shard_range(uint64_t first, uint64_t seeds, unsigned k, unsigned n, uint64_t *lo, uint64_t *hi);

/* "FAIL seed K: message", the check, the schedule, the replay command. */
void swarm_print_failure(FILE *f, const SwarmFailure *x);
/* "shrink seed K: …": the kept steps and the shrunk file (x->shrunk must be set). */
void swarm_print_shrunk(FILE *f, const SwarmFailure *x);
/* "swarm: N seeds, F failed, X seeds/s" */
void swarm_print_summary(FILE *f, uint64_t seeds, uint64_t failed, double wall_seconds);

/* Failures kept for --json and --junit, in seed order, on disk (a temporary file) so a long
 * sweep holds none in memory. */
typedef struct SwarmReport SwarmReport;
SwarmReport *swarm_report_create(void);            /* NULL when out of memory or no temp file */
/* Adds a failure (seeds ascending); x->shrunk is ignored here. False on a write error. */
bool swarm_report_add(SwarmReport *r, const SwarmFailure *x);
/* Adds the shrink result of an added failure (seeds ascending). */
bool swarm_report_add_shrunk(SwarmReport *r, uint64_t seed, const SwarmShrunk *s);
/* Writes the JSON document to path ("-": stdout). False with the reason in err. */
bool swarm_report_write_json(SwarmReport *r, const SwarmSweep *sw, const char *path, char *err, size_t errlen);
/* Writes JUnit XML: one testcase per seed covered. False with the reason in err. */
bool swarm_report_write_junit(SwarmReport *r, const SwarmSweep *sw, const char *path, char *err, size_t errlen);
void swarm_report_destroy(SwarmReport *r);         /* accepts NULL */

/* `playground swarm --merge A.json B.json …`: checks that the files are shards of one sweep
 * (same scenario, arguments, budget, range and shard count; no shard twice, none missing),
 * prints what that sweep printed (failures, shrink results, summary line) on `human`, and
 * writes the merged JSON and JUnit when asked (NULL: not). Returns the exit code: 0, 1 when
 * a seed failed, 2 when the files do not merge. */
int swarm_merge(const char *prog, const char *const *paths, int npaths, const char *json_out,
                const char *junit_out, FILE *human);

#endif
