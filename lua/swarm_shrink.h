/*
 * swarm_shrink.h — shrinking a failing seed's schedule, and the scenario that replays it.
 *
 * swarm_ddmin is Zeller's delta debugging (ddmin, "Simplifying and Isolating
 * Failure-Inducing Input", 2002) over the indices of a plan's steps: it looks for a
 * 1-minimal subset of steps that still fails the same way. It does not run anything
 * itself: each round it hands its candidates (subsets, then complements) to a function
 * that answers which is the first, in that order, to fail — so the caller may try them in
 * parallel and the result, and the count of trials, are those of trying them one by one.
 */
#ifndef SWARM_SHRINK_H
#define SWARM_SHRINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "swarm_pool.h"

/* One round of candidates (opaque): the current subset and how finely it is cut. */
typedef struct SwarmDdminRound SwarmDdminRound;

/* Writes candidate i (0 <= i < the round's count) as a mask of nsteps entries. */
void swarm_ddmin_candidate(const SwarmDdminRound *r, size_t i, bool *mask);

/* Tries candidates 0, 1, … of the round, at most `limit` of them counted; returns the index
 * of the first that fails the same way, or -1; *counted is how many a one-by-one search
 * would have run (the index + 1, or all it tried). */
typedef long (*SwarmTryFn)(void *ctx, const SwarmDdminRound *r, size_t n, size_t limit, size_t *counted);

typedef struct SwarmDdminResult {
	bool *keep;                   /* nsteps entries: the subset found (the caller frees it) */
	size_t nkept;                 /* steps in it */
	size_t trials;                /* trials counted */
	bool exhausted;               /* the trial limit stopped it before it was 1-minimal */
} SwarmDdminResult;

/* Shrinks the set of all nsteps steps (which fails) with at most max_trials trials; first
 * tries no step at all. False when out of memory. */
bool swarm_ddmin(size_t nsteps, size_t max_trials, SwarmTryFn try_fn, void *ctx, SwarmDdminResult *out);

/* What the shrunk scenario says about where it came from. */
typedef struct SwarmShrunkOrigin {
	const char *command;          /* the swarm command line that shrank it */
	uint64_t seed;                /* the failing seed */
	const char *check;            /* how it failed */
	const char *message;          /* its message (newlines become spaces) */
} SwarmShrunkOrigin;

/* Writes the stand-alone scenario that replays the kept steps with swarm.replay (the
 * playground.swarm library). False, with the reason in err, when the file cannot be written. */
bool swarm_shrink_write(const char *path, const SwarmShrunkOrigin *origin, const char *setup,
                        const SwarmStep *steps, size_t nsteps, const bool *keep, char *err, size_t errlen);

/* "DIR/NAME-seed-K-shrunk.lua" for scenario DIR0/NAME.lua. */
void swarm_shrink_path(const char *dir, const char *scenario, uint64_t seed, char *out, size_t len);

/* Prints t as Lua reads it back exactly: "%.6f" when that is exact, else "%.17g". */
void swarm_format_time(double t, char *out, size_t len);

#endif
