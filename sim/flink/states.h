/*
 * states.h — Flink's job and task state machines (JobStatus, ExecutionState).
 *
 * The legal transitions follow Flink's runtime; changing state through job_set_state /
 * execution_set_state checks them, so an illegal transition is a simulator bug and aborts.
 */
#ifndef STATES_H
#define STATES_H

#include <stdbool.h>

#include "../sim.h"

bool task_transition_legal(TaskState from, TaskState to);
bool job_transition_legal(JobState from, JobState to);
bool task_state_is_terminal(TaskState st);
/* Flink's ExecutionJobVertex.getAggregateJobVertexState over per-state counts. */
TaskState vertex_aggregate_state(const int counts[TASK_STATE_COUNT], int parallelism);

#endif
