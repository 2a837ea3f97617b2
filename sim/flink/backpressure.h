/*
 * backpressure.h — Flink 1.9's BackPressureStatsTracker in a JobMaster: back pressure as a
 * sample of the subtasks' stack traces, taken when the REST API asks for it.
 *
 * A request for a vertex without a sample, or with one older than the refresh interval,
 * starts one: 100 samples 50 ms apart (web.backpressure.num-samples, .delay-between-samples),
 * so it is ready 5 s later; the ratio of a subtask is the share of samples that found its
 * thread blocked requesting an output buffer — here, the share of those 5 s it spent
 * back-pressured. Until the vertex's first sample is ready, there is no answer.
 */
#ifndef BACKPRESSURE_H
#define BACKPRESSURE_H

#include "../internal.h"

typedef struct BpState {
	bool     pending;                /* a sample is being taken */
	SimTime  started;                /* when it began */
	SimTime  end_time;               /* when the latest sample was complete, -1 none */
	int      subtasks;               /* of the latest sample */
	double   ratio[SIM_MAX_PARALLELISM];     /* the latest sample's ratios */
	SimTime  bp_at_start[SIM_MAX_PARALLELISM]; /* back-pressured µs of each subtask when it began */
	int      task_at_start[SIM_MAX_PARALLELISM]; /* the task sampled (a restart ends the sample) */
} BpState;

struct Job;
void bp_init(BpState *b);

#endif
