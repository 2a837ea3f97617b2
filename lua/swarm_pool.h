/*
 * swarm_pool.h — runs swarm trials in forked worker processes, a bounded number at a time.
 *
 * A trial is one run of a scenario: a seed, maybe a shrink mask, maybe another file (the
 * check of a shrunk scenario). The pool forks up to `jobs` workers, each of which runs
 * trial after trial: it receives the trial over a socket and calls the function it was
 * given; that function runs the trial (fresh state of its own making: the pool shares
 * nothing between trials but the process) and sends its result back with
 * swarm_child_send. A worker that aborts, dies on a signal, sends nothing or garbage, or
 * outlives its trial's deadline is reported as a failed trial with check "crash" or
 * "timeout" and the tail of the trial's output in the message, and is replaced: the
 * caller never dies with a worker.
 * No Lua here: the pool knows processes and pipes, not scenarios.
 */
#ifndef SWARM_POOL_H
#define SWARM_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SWARM_MAX_JOBS     256                  /* -j at most */
#define SWARM_TAIL_BYTES   2048                 /* output kept for a crash's message */

typedef struct SwarmStep {
	double t_s;                   /* seconds since the scenario started */
	char *code;                   /* Lua statements */
} SwarmStep;

typedef enum SwarmVerdict {
	SWARM_PASSED,                 /* the scenario ran to its end */
	SWARM_FAILED,                 /* it failed: check and message say how */
	SWARM_UNLOADABLE              /* the file cannot be run at all (same for every seed) */
} SwarmVerdict;

/* What one trial gave. Strings are owned (swarm_result_free), NULL when absent. */
typedef struct SwarmResult {
	SwarmVerdict verdict;
	char *check;                  /* failed: the pg.swarm.verdict check, "error", "crash" or "timeout" */
	char *message;                /* failed or unloadable: what went wrong */
	bool planned;                 /* the scenario called pg.swarm.plan */
	char *setup;                  /* the plan's world expression */
	SwarmStep *steps;             /* the plan's steps */
	size_t nsteps;
	char *output;                 /* the child's stdout and stderr (keep_output), else NULL */
	size_t output_len;            /* bytes in output */
	double seconds;               /* wall-clock seconds the child ran */
} SwarmResult;

typedef struct SwarmTrial {
	uint64_t seed;                /* the seed, forced as `run --seed` does when seed_forced */
	bool seed_forced;             /* false: the scenario's own seed (a shrunk file's check) */
	const char *file;             /* another scenario to run instead, or NULL */
	const bool *keep;             /* the shrink mask (nkeep entries) or NULL: every step */
	size_t nkeep;
} SwarmTrial;

/* What a child sends: the trial's outcome as the scenario saw it (pointers borrowed). */
typedef struct SwarmReply {
	SwarmVerdict verdict;
	const char *check;            /* failed: the check ("error" without a pg.swarm.verdict) */
	const char *message;          /* failed or unloadable: the failure, one line */
	bool planned;                 /* pg.swarm.plan was called */
	const char *setup;            /* its world expression */
	const SwarmStep *steps;       /* its steps */
	size_t nsteps;
} SwarmReply;

typedef struct SwarmChild SwarmChild;
/* Runs in a worker; must call swarm_child_send once (else the trial is a "crash"), and
 * return (a trial counts once its function has returned, teardown and all). */
typedef void (*SwarmChildFn)(void *ctx, const SwarmTrial *trial, SwarmChild *child);

typedef struct SwarmPoolOptions {
	int jobs;                     /* workers (trials at a time), 1..SWARM_MAX_JOBS */
	double timeout_s;             /* wall-clock seconds a trial may run before its worker is killed */
	bool keep_output;             /* keep each trial's whole output (up to output_max) */
	size_t output_max;            /* bytes of output kept per trial when keep_output */
	SwarmChildFn fn;              /* what a worker runs for each trial */
	void *ctx;                    /* its context: the worker sees the parent's memory as it was
	                               * when the worker was forked (on its slot's first trial) */
} SwarmPoolOptions;

typedef struct SwarmPool SwarmPool;

/* Worker side: sends the trial's reply to the parent (once). */
void swarm_child_send(SwarmChild *c, const SwarmReply *r);

/* NULL when out of memory. Sets SIGCHLD to its default so workers can be reaped. */
SwarmPool *swarm_pool_create(const SwarmPoolOptions *o);
/* Trials running now. */
int swarm_pool_running(const SwarmPool *p);
/* True when another trial may start. */
bool swarm_pool_has_room(const SwarmPool *p);
/* Hands the trial (copied: the caller keeps its memory) to an idle worker, forking one when
 * there is none (after flushing stdout and stderr), and remembers `tag`. False, with the
 * reason in err, when no worker could be started. */
bool swarm_pool_start(SwarmPool *p, const SwarmTrial *t, uint64_t tag, char *err, size_t errlen);
/* Waits until a trial has finished; returns its result (the caller frees it) and its tag,
 * or NULL when no trial is running. */
SwarmResult *swarm_pool_wait(SwarmPool *p, uint64_t *tag);
/* Kills the worker of every running trial and reaps it; their results are dropped. */
void swarm_pool_kill_all(SwarmPool *p);
void swarm_pool_destroy(SwarmPool *p);          /* kills what runs, ends the idle workers; accepts NULL */
void swarm_result_free(SwarmResult *r);         /* accepts NULL */

#endif
