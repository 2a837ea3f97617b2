/*
 * states.c — names and legal transitions of Flink's states (see states.h).
 *
 * Task: CREATED → SCHEDULED (slot requested) → DEPLOYING (slot assigned, task sent) →
 * INITIALIZING (state restore) → RUNNING → FINISHED; cancellation goes through CANCELING
 * to CANCELED from SCHEDULED/DEPLOYING/INITIALIZING/RUNNING (CREATED and SCHEDULED may be
 * cancelled at once); FAILED from any non-terminal state.
 * Job: INITIALIZING → CREATED → RUNNING; RUNNING → RESTARTING → RUNNING for a restartable
 * failure; → FAILING → FAILED when recovery is suppressed; → CANCELLING → CANCELED;
 * RUNNING → FINISHED (stop with savepoint). FAILED, CANCELED, FINISHED are terminal.
 * Flink 1.9 has neither INITIALIZING state: a job starts CREATED, tasks go DEPLOYING →
 * RUNNING, and a restart is RUNNING → FAILING → RESTARTING → CREATED → RUNNING; a job
 * cancelled while RESTARTING is CANCELED at once (ExecutionGraph.cancel).
 */
#include "states.h"

static const char *const job_names[JOB_STATE_COUNT] = {
	"INITIALIZING", "CREATED", "RUNNING", "FAILING", "FAILED", "CANCELLING",
	"CANCELED", "FINISHED", "RESTARTING", "SUSPENDED", "RECONCILING",
};
static const char *const task_names[TASK_STATE_COUNT] = {
	"CREATED", "SCHEDULED", "DEPLOYING", "INITIALIZING", "RUNNING",
	"FINISHED", "CANCELING", "CANCELED", "FAILED", "RECONCILING",
};

const char *job_state_name(JobState st)
{
	return (unsigned)st < JOB_STATE_COUNT ? job_names[st] : "?";
}

const char *task_state_name(TaskState st)
{
	return (unsigned)st < TASK_STATE_COUNT ? task_names[st] : "?";
}

bool job_state_is_terminal(JobState st)
{
	return st == JOB_FAILED || st == JOB_CANCELED || st == JOB_FINISHED;
}

bool task_state_is_terminal(TaskState st)
{
	return st == TASK_FINISHED || st == TASK_CANCELED || st == TASK_FAILED;
}

#define BIT(s) (1u << (s))

bool task_transition_legal(TaskState from, TaskState to)
{
	static const unsigned next[TASK_STATE_COUNT] = {
		[TASK_CREATED]      = BIT(TASK_SCHEDULED) | BIT(TASK_CANCELED) | BIT(TASK_FAILED),
		[TASK_SCHEDULED]    = BIT(TASK_DEPLOYING) | BIT(TASK_CANCELING) | BIT(TASK_CANCELED) | BIT(TASK_FAILED),
		[TASK_DEPLOYING]    = BIT(TASK_INITIALIZING) | BIT(TASK_RUNNING) | BIT(TASK_CANCELING) | BIT(TASK_FAILED),
		[TASK_INITIALIZING] = BIT(TASK_RUNNING) | BIT(TASK_CANCELING) | BIT(TASK_FAILED),
		[TASK_RUNNING]      = BIT(TASK_FINISHED) | BIT(TASK_CANCELING) | BIT(TASK_FAILED),
		[TASK_CANCELING]    = BIT(TASK_CANCELED) | BIT(TASK_FAILED),
		[TASK_RECONCILING]  = BIT(TASK_RUNNING) | BIT(TASK_FAILED) | BIT(TASK_FINISHED),
	};
	return (unsigned)from < TASK_STATE_COUNT && (unsigned)to < TASK_STATE_COUNT &&
	       (next[from] & BIT(to)) != 0;
}

bool job_transition_legal(JobState from, JobState to)
{
	static const unsigned next[JOB_STATE_COUNT] = {
		[JOB_INITIALIZING] = BIT(JOB_CREATED) | BIT(JOB_FAILED) | BIT(JOB_CANCELED) | BIT(JOB_SUSPENDED),
		[JOB_CREATED]      = BIT(JOB_RUNNING) | BIT(JOB_CANCELLING) | BIT(JOB_FAILING) | BIT(JOB_SUSPENDED) |
		                     BIT(JOB_CANCELED),
		[JOB_RUNNING]      = BIT(JOB_RESTARTING) | BIT(JOB_FAILING) | BIT(JOB_CANCELLING) |
		                     BIT(JOB_FINISHED) | BIT(JOB_SUSPENDED),
		[JOB_RESTARTING]   = BIT(JOB_RUNNING) | BIT(JOB_CANCELLING) | BIT(JOB_FAILING) | BIT(JOB_SUSPENDED) |
		                     BIT(JOB_CREATED) | BIT(JOB_CANCELED),
		[JOB_FAILING]      = BIT(JOB_FAILED) | BIT(JOB_SUSPENDED) | BIT(JOB_RESTARTING) | BIT(JOB_CANCELLING),
		[JOB_CANCELLING]   = BIT(JOB_CANCELED) | BIT(JOB_SUSPENDED),
		[JOB_RECONCILING]  = BIT(JOB_RUNNING) | BIT(JOB_FAILED) | BIT(JOB_CANCELED) | BIT(JOB_FINISHED),
	};
	return (unsigned)from < JOB_STATE_COUNT && (unsigned)to < JOB_STATE_COUNT &&
	       (next[from] & BIT(to)) != 0;
}

TaskState vertex_aggregate_state(const int c[TASK_STATE_COUNT], int parallelism)
{
	if (c[TASK_FAILED] > 0)
		return TASK_FAILED;
	if (c[TASK_CANCELING] > 0)
		return TASK_CANCELING;
	if (c[TASK_CANCELED] > 0)
		return TASK_CANCELED;
	if (c[TASK_INITIALIZING] > 0)
		return TASK_INITIALIZING;
	if (c[TASK_RUNNING] > 0)
		return TASK_RUNNING;
	if (c[TASK_FINISHED] == parallelism)
		return TASK_FINISHED;
	return TASK_CREATED;
}
