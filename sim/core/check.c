/*
 * check.c — the abort path of SIM_CHECK. The context (time, seed) is per thread so
 * several Sims in one process still report the one that was running.
 */
#include "check.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

static _Thread_local int64_t ctx_now_us = -1;
static _Thread_local uint64_t ctx_seed;

void sim_check_context(int64_t now_us, uint64_t seed)
{
	ctx_now_us = now_us;
	ctx_seed = seed;
}

_Noreturn void sim_check_failed(const char *cond, const char *file, int line)
{
	if (ctx_now_us >= 0)
		fprintf(stderr, "simulator bug: %s:%d: check failed: %s (t=%.6fs, seed %" PRIu64 ")\n",
		        file, line, cond, (double)ctx_now_us / 1e6, ctx_seed);
	else
		fprintf(stderr, "simulator bug: %s:%d: check failed: %s\n", file, line, cond);
	fflush(stderr);
	abort();
}
