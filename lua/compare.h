/*
 * compare.h — what two runs did differently: the first event where they part, and a
 * summary of each (restarts, recovery time, lag peak, windows, duplicates).
 *
 * A CompareRun collects one run as it happens: subscribe compare_on_event to its events
 * and call compare_sample once per simulated second; compare_finish reads the output topic
 * at the end. Two collected runs are then compared. Used by `playground diff` (and by
 * anything that shows two runs side by side). Reads events and const queries only.
 */
#ifndef COMPARE_H
#define COMPARE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sim.h"

typedef struct CompareLine {
	SimTime t;                 /* when */
	EvKind kind;               /* what kind */
	char *line;                /* the trace line: "<component> <text>" (owned) */
} CompareLine;

typedef struct CompareRun {
	CompareLine *lines;        /* every event, in order */
	size_t n, cap;
	int64_t restarts;          /* jobs switched to RESTARTING */
	SimTime failed_at;         /* the pending failure's time, -1 none */
	SimTime recovery_max, recovery_total; /* from a failure to every task RUNNING again, µs */
	int64_t recoveries;
	int64_t lag_peak;          /* consumer lag, largest per-second sample */
	int64_t checkpoints, checkpoints_failed;
	uint64_t trace_hash;
	SimTime end;               /* simulated time at the end */
	int64_t windows, missing, wrong, duplicates; /* the output topic at the end (read_uncommitted) */
	int64_t committed_duplicates;                 /* … and read_committed */
} CompareRun;

void compare_init(CompareRun *r);
void compare_free(CompareRun *r);
void compare_on_event(void *ctx, const SimEvent *e, const char *text);   /* a SimEventFn */
void compare_sample(CompareRun *r, const Sim *s);
void compare_finish(CompareRun *r, const Sim *s);

/* Index of the first line where a and b differ (time, component or text), or -1 when
 * they are the same throughout. */
long compare_first_difference(const CompareRun *a, const CompareRun *b);
/* Prints the first difference and the side-by-side summary under the given labels. */
void compare_print(FILE *f, const CompareRun *a, const CompareRun *b, const char *la, const char *lb);

#endif
