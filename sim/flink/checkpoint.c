/* checkpoint.c — the CheckpointCoordinator and completed checkpoints; see checkpoint.h. */
#include "checkpoint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "job.h"
#include "savepoint.h"

void checkpoint_retain(CompletedCheckpoint *c) { c->refs++; }

void checkpoint_release(CompletedCheckpoint *c)
{
	if (!c || --c->refs > 0)
		return;
	for (int i = 0; i < c->nsnaps; i++)
		snapshot_free(c->snaps[i]);
	free(c->snaps);
	free(c);
}

bool checkpoint_find_offset(const CompletedCheckpoint *c, int partition, int64_t *offset)
{
	for (int i = 0; i < c->nsnaps; i++)
		for (size_t k = 0; k < c->snaps[i]->noffsets; k++)
			if (c->snaps[i]->offsets[k].partition == partition) {
				*offset = c->snaps[i]->offsets[k].offset;
				return true;
			}
	return false;
}

size_t checkpoint_windows_in_range(const CompletedCheckpoint *c, int first, int last, WindowEntry **out)
{
	size_t n = 0, cap = 0;
	WindowEntry *e = NULL;
	for (int i = 0; i < c->nsnaps; i++) {
		const TaskSnapshot *t = c->snaps[i];
		for (size_t k = 0; k < t->nwindows; k++) {
			if (t->windows[k].key_group < first || t->windows[k].key_group > last)
				continue;
			if (n == cap) {
				cap = cap ? 2 * cap : 16;
				e = realloc(e, cap * sizeof *e);
				SIM_CHECK(e != NULL);
			}
			e[n++] = t->windows[k];
		}
	}
	*out = e;
	return n;
}

/* ------------------------------------------------------------------ coordinator */

/* Which latest entry ci would be kept as (-1: none). */
static int kept_kind(const CheckpointInfo *ci)
{
	return ci->status == CP_COMPLETED ? (ci->savepoint ? 1 : 0) : ci->status == CP_FAILED ? 2 : -1;
}

static void history_push(CheckpointCoordinator *cc, const CheckpointInfo *ci)
{
	if (cc->hist_n == CP_HISTORY) {                 /* the oldest leaves: kept if a latest */
		const CheckpointInfo *old = &cc->history[cc->hist_head];
		int k = kept_kind(old);
		if (k >= 0 && (!cc->kept_ok[k] || old->id > cc->kept[k].id)) {
			cc->kept[k] = *old;
			cc->kept_ok[k] = true;
		}
	}
	cc->history[cc->hist_head] = *ci;
	cc->hist_head = (cc->hist_head + 1) % CP_HISTORY;
	if (cc->hist_n < CP_HISTORY)
		cc->hist_n++;
}

int cc_history(const CheckpointCoordinator *cc, CheckpointInfo *out, int max)
{
	int n = 0;
	for (int k = 0; k < cc->hist_n && n < max; k++)
		out[n++] = cc->history[(cc->hist_head - 1 - k + CP_HISTORY) % CP_HISTORY];
	int64_t oldest = n > 0 ? out[n - 1].id : INT64_MAX;
	CheckpointInfo extra[CP_KEPT_KINDS];
	int ne = 0;
	for (int k = 0; k < CP_KEPT_KINDS; k++)
		if (cc->kept_ok[k] && cc->kept[k].id < oldest)
			extra[ne++] = cc->kept[k];
	for (int a = 0; a < ne; a++)                      /* newest first */
		for (int b = a + 1; b < ne; b++)
			if (extra[b].id > extra[a].id) {
				CheckpointInfo t = extra[a];
				extra[a] = extra[b];
				extra[b] = t;
			}
	for (int a = 0; a < ne && n < max; a++)
		out[n++] = extra[a];
	return n;
}

static CheckpointInfo *history_find(CheckpointCoordinator *cc, int64_t id)
{
	for (int k = 0; k < cc->hist_n; k++) {
		int i = (cc->hist_head - 1 - k + CP_HISTORY) % CP_HISTORY;
		if (cc->history[i].id == id)
			return &cc->history[i];
	}
	return NULL;
}

/* Marks the completed checkpoints before id as discarded: one is retained. */
static void history_subsume(CheckpointCoordinator *cc, int64_t id)
{
	for (int k = 0; k < cc->hist_n; k++) {
		CheckpointInfo *ci = &cc->history[k];
		if (ci->status == CP_COMPLETED && ci->id < id && !ci->savepoint)
			ci->discarded = true;
	}
	if (cc->kept_ok[0] && cc->kept[0].id < id)
		cc->kept[0].discarded = true;
}

void cc_init(CheckpointCoordinator *cc, Job *job, Sim *s)
{
	memset(cc, 0, sizeof *cc);
	cc->job = job;
	cc->enabled = job->opt.checkpointing;
	cc->interval_us = s->opt.config.checkpoint_interval_ms * SIM_US_PER_MS;
	cc->next_id = 1;
	cc->last_restore_ms = -1;
	cc->last_size = -1;                 /* Flink's gauges answer -1 before the first checkpoint */
	cc->last_duration_ms = -1;
	char stream[64];
	snprintf(stream, sizeof stream, "checkpoint-%s", job->jid);
	rng_seed(&cc->rng, s->opt.seed, stream);
}

static int pending_index(const CheckpointCoordinator *cc, int64_t id)
{
	for (int i = 0; i < cc->npending; i++)
		if (cc->pending[i]->id == id)
			return i;
	return -1;
}

/* Removes pending checkpoint i (its snapshots and timeout go with it). */
static void free_pending(Sim *s, CheckpointCoordinator *cc, int i)
{
	PendingCheckpoint *p = cc->pending[i];
	sim_cancel(s, &p->timeout_ev);
	for (int k = 0; k < p->acked; k++)
		snapshot_free(p->snaps[k]);
	free(p->snaps);
	free(p);
	memmove(&cc->pending[i], &cc->pending[i + 1], (size_t)(cc->npending - i - 1) * sizeof cc->pending[0]);
	cc->npending--;
}

void cc_free(Sim *s, CheckpointCoordinator *cc)
{
	sim_cancel(s, &cc->trigger_ev);
	sim_cancel(s, &cc->queued_ev);
	while (cc->npending > 0)
		free_pending(s, cc, cc->npending - 1);
	checkpoint_release(cc->latest);
	cc->latest = NULL;
}

static void send_to_tasks(Sim *s, Job *j, MsgType type, int64_t cp, int32_t flags, SimTime triggered,
                          bool sources_only)
{
	for (int v = 0; v < (sources_only ? 1 : j->nv); v++)
		for (int i = 0; i < j->v[v].parallelism; i++) {
			Execution *e = &j->v[v].ex[i];
			if (e->task < 0 || e->tm < 0 || e->state != TASK_RUNNING)
				continue;
			Msg *m = msg_new(type, j->index);
			m->a = e->task;
			m->b = cp;
			m->c = flags;
			m->seq = (uint64_t)triggered;
			net_send(s, s->proc_jobmanager, s->tm_proc[e->tm], m);
		}
}

/* How a failed savepoint's stop-with-savepoint ends: a pre-flight failure (the barriers never
 * went out) or one of a job that is failing or ending anyway leaves the job as it is; any
 * other fails the job (CheckpointFailureManager.handleSynchronousSavepointFailure, both
 * releases), which restarts as its strategy says. */
typedef enum StopFailure { STOP_FAILURE_QUIET, STOP_FAILURE_FAILS_JOB } StopFailure;

static void savepoint_done(Sim *s, CheckpointCoordinator *cc, int request, const char *failure, StopFailure how)
{
	SavepointTrigger *t = &s->triggers[request];
	if (failure) {
		savepoint_trigger_end(t, s->now, NULL, failure);
		if (t->stop) {
			/* The periodic scheduler, stopped for the stop: Flink 1.9 leaves it stopped
			 * (LegacyScheduler.stopWithSavepoint; the CheckpointCoordinatorDeActivator starts
			 * it when the job next runs), 1.13 starts it again. */
			cc->stopping = false;
			if (!SIM_FLINK_1_9(s))
				cc_start(s, cc);     /* 1.13's terminateExceptionally: startCheckpointScheduler */
			if (how == STOP_FAILURE_FAILS_JOB) {
				char cause[300];
				snprintf(cause, sizeof cause, "org.apache.flink.runtime.checkpoint.CheckpointException: %s", failure);
				jobmaster_fail(s, cc->job, cause);
			}
		}
	} else if (t->stop) {
		t->taken = true;                 /* the operation completes when the job has ended */
	} else {
		savepoint_trigger_end(t, s->now, NULL, NULL);
	}
}

/* A stop-with-savepoint of cc's job whose savepoint was taken and whose operation waits for
 * the job to end. */
static bool taken_stop(const SavepointTrigger *t, const CheckpointCoordinator *cc)
{
	return t->job == cc->job->index && t->taken && t->status == SAVEPOINT_IN_PROGRESS;
}

/* Ends those operations: COMPLETED (failure NULL) or FAILED with failure_class and failure. */
static void end_taken_stops(Sim *s, CheckpointCoordinator *cc, const char *failure_class, const char *failure)
{
	for (int i = 0; i < s->ntriggers; i++)
		if (taken_stop(&s->triggers[i], cc))
			savepoint_trigger_end(&s->triggers[i], s->now, failure_class, failure);
}

/* Flink 1.13's stop-with-savepoint once its savepoint exists and an execution ends otherwise
 * than FINISHED (StopWithSavepointTerminationHandlerImpl): the operation fails naming those
 * states ("FAILED", "CANCELED", …); the job is failed over globally (cc_stop_terminated). */
static void fail_taken_stops_113(Sim *s, CheckpointCoordinator *cc, const char *states, bool failover, char *why,
                                 size_t n)
{
	snprintf(why, n, "Inconsistent execution state after stopping with savepoint. At least one execution is still "
	         "in one of the following states: %s. A global fail-over is triggered to recover the job %s.",
	         states, cc->job->jid);
	char cause[400], pointer[sizeof s->triggers[0].path + 8];
	snprintf(cause, sizeof cause, "org.apache.flink.util.FlinkException: %s", why);
	for (int i = 0; i < s->ntriggers; i++)
		if (taken_stop(&s->triggers[i], cc)) {
			snprintf(pointer, sizeof pointer, "file:%s", s->triggers[i].path);
			SIM_EMIT(s, EV_STOP_UNFINISHED, .component = sim_jm_name(s), .job = cc->job->jid, .path = pointer,
			         .what = states, .text = cause, .flag = failover);
		}
	end_taken_stops(s, cc, "org.apache.flink.util.FlinkException", why);
}

/* Flink 1.9's stopWithSavepoint completes with the savepoint's path only once the job has
 * terminated (savepointFuture.thenCompose(path -> terminationFuture…)), and fails if it
 * reached another state than FINISHED; 1.13's names the executions' states. */
void cc_job_ended(Sim *s, CheckpointCoordinator *cc, JobState state, const char *states)
{
	if (state == JOB_FINISHED) {
		end_taken_stops(s, cc, NULL, NULL);
	} else if (SIM_FLINK_1_9(s)) {
		char why[64];
		snprintf(why, sizeof why, "Reached state %s instead of FINISHED.", job_state_name(state));
		end_taken_stops(s, cc, "org.apache.flink.util.FlinkException", why);
	} else {
		char why[300];
		fail_taken_stops_113(s, cc, states, false, why, sizeof why);
	}
}

static void on_trigger(Sim *s, void *obj, uint64_t arg);

/* A checkpoint ended (completed or aborted): a queued periodic request triggers (see
 * on_trigger; after an abort Flink 1.9 would wait a random delay, which the model does not). */
static void trigger_queued(Sim *s, CheckpointCoordinator *cc)
{
	if (!cc->queued)
		return;
	cc->queued = false;
	if (!SIM_FLINK_1_9(s)) {
		if (!cc->queued_ev)
			cc->queued_ev = sim_at(s, s->now, on_trigger, cc, 1);
		return;
	}
	sim_cancel(s, &cc->trigger_ev);
	cc->trigger_ev = sim_at(s, s->now, on_trigger, cc, 0);
}

/* Aborts pending checkpoint i: counted as failed, its tasks told, a savepoint's request failed
 * (a stop's as how says). */
static void abort_one(Sim *s, CheckpointCoordinator *cc, int i, const char *reason, StopFailure how)
{
	PendingCheckpoint *p = cc->pending[i];
	cc->failed++;
	CheckpointInfo *ci = history_find(cc, p->id);
	if (ci) {
		ci->status = CP_FAILED;
		ci->end_time = s->now;
		ci->acknowledged = p->acked;
		snprintf(ci->failure, sizeof ci->failure, "%s", reason);
	}
	SIM_EMIT(s, EV_CHECKPOINT_FAILED, .component = sim_jm_name(s), .job = cc->job->jid, .id = p->id, .text = reason,
	         .k = SIM_FLINK_1_9(s) ? 1 : 0);
	send_to_tasks(s, cc->job, MSG_ABORT_CP, p->id, 0, 0, false);
	int request = p->trigger;
	free_pending(s, cc, i);
	trigger_queued(s, cc);
	if (request >= 0)
		savepoint_done(s, cc, request, reason, how);
}

static void on_timeout(Sim *s, void *obj, uint64_t arg)
{
	CheckpointCoordinator *cc = obj;
	int i = pending_index(cc, (int64_t)arg);
	if (i < 0 || proc_defer(s, s->proc_jobmanager, on_timeout, cc, arg))
		return;
	cc->pending[i]->timeout_ev = 0;
	abort_one(s, cc, i, "Checkpoint expired before completing.", STOP_FAILURE_FAILS_JOB);
	/* Tolerable failures = 0: 1.13's CheckpointFailureManager counts an expired checkpoint and
	 * fails the job; 1.9's ignores CHECKPOINT_EXPIRED (only CHECKPOINT_DECLINED counts). */
	if (!SIM_FLINK_1_9(s))
		jobmaster_fail(s, cc->job, "org.apache.flink.util.FlinkRuntimeException: Exceeded checkpoint tolerable "
		               "failure threshold.");
}

static void trigger(Sim *s, CheckpointCoordinator *cc, int request, int32_t flags)
{
	Job *j = cc->job;
	PendingCheckpoint *p = calloc(1, sizeof *p);
	SIM_CHECK(p != NULL && cc->npending < CP_MAX_PENDING);
	p->id = cc->next_id++;
	p->trigger_time = s->now;
	p->flags = flags;
	p->trigger = request;
	p->savepoint = request >= 0;
	p->total = job_task_count(j);
	p->snaps = calloc((size_t)p->total, sizeof *p->snaps);
	SIM_CHECK(p->snaps != NULL);
	p->timeout_ev = sim_after(s, s->opt.config.checkpoint_timeout_ms * SIM_US_PER_MS, on_timeout, cc, (uint64_t)p->id);
	cc->pending[cc->npending++] = p;
	CheckpointInfo ci = { .id = p->id, .status = CP_IN_PROGRESS, .savepoint = p->savepoint,
	                      .trigger_time = s->now, .end_time = -1, .latest_ack = -1, .total = p->total };
	for (int v = 0; v < SIM_MAX_VERTICES; v++)
		ci.vertex_ack[v] = -1;
	history_push(cc, &ci);
	if (p->savepoint)
		s->triggers[request].checkpoint = p->id;
	/* Flink 1.9's log line names the trigger time: "Triggering checkpoint 7 @ 1577836806658 …". */
	SIM_EMIT(s, EV_CHECKPOINT_TRIGGERED, .component = sim_jm_name(s), .job = j->jid, .id = p->id, .flag = p->savepoint,
	         .what = !(flags & CP_FLAG_STOP) ? "" : flags & CP_FLAG_DRAIN ? "stop-drain" : "stop",
	         .k = SIM_FLINK_1_9(s) ? sim_clock_ms(s) : -1);
	send_to_tasks(s, j, MSG_TRIGGER_CP, p->id, flags, p->trigger_time, true);
}

/* A periodic tick (arg 0), or a queued request run at a checkpoint's end (1.13: arg 1). */
static void on_trigger(Sim *s, void *obj, uint64_t arg)
{
	CheckpointCoordinator *cc = obj;
	Job *j = cc->job;
	if (arg)
		cc->queued_ev = 0;
	else
		cc->trigger_ev = sim_after(s, cc->interval_us, on_trigger, cc, 0);   /* fixed rate */
	if (!proc_running(s, s->proc_jobmanager))
		return;                                      /* a frozen JobManager triggers nothing */
	if (cc->stopping)
		return;
	/* Max concurrent 1 counts every pending checkpoint, savepoints included: the request is
	 * queued. Flink 1.9 cancels the periodic timer (checkConcurrentCheckpoints), and the end of
	 * the one in progress triggers the next at once and restarts the fixed rate from there
	 * (triggerQueuedRequests) — after an abort at a random delay instead
	 * (checkAndResetCheckpointScheduler). Flink 1.13's CheckpointRequestDecider keeps the
	 * timer and runs the queued request when the checkpoint ends (one is modelled, not the
	 * pile). A job whose tasks are not all running declines (NOT_ALL_REQUIRED_TASKS_RUNNING),
	 * checked after. */
	if (cc->npending > 0) {
		cc->queued = true;
		if (SIM_FLINK_1_9(s))
			sim_cancel(s, &cc->trigger_ev);
		return;
	}
	if (j->state != JOB_RUNNING || !job_all_running(j))
		return;
	trigger(s, cc, -1, 0);
}

void cc_fail_savepoints(Sim *s, CheckpointCoordinator *cc, const char *reason)
{
	end_taken_stops(s, cc, NULL, reason);   /* the savepoint exists, but the job did not stop */
	cc->stopping = false;
}

/* The job fails over while a stop-with-savepoint whose savepoint is written waits for it to
 * FINISH. Flink 1.9 (LegacyScheduler.stopWithSavepoint) composes the savepoint's future with
 * the ExecutionGraph's termination future, which a restart does not complete: the operation
 * stays IN_PROGRESS while the restored job runs (its periodic checkpoints resume on RUNNING,
 * CheckpointCoordinatorDeActivator) and ends when the job does (cc_job_ended). Flink 1.13
 * waits for the executions of the attempt to terminate (cc_stop_terminated). */
void cc_stop_failed_over(Sim *s, CheckpointCoordinator *cc)
{
	for (int i = 0; i < s->ntriggers; i++)
		if (taken_stop(&s->triggers[i], cc))
			s->triggers[i].failed_over = true;
	cc->stopping = false;                /* a new stop may be asked for; checkpoints resume */
}

/* Flink 1.13 (StopWithSavepointTerminationHandlerImpl, SavepointCreated): once every
 * execution of the attempt a stop's savepoint was taken in has terminated, and not all
 * FINISHED, the operation fails naming their states (the text in why). True when one did:
 * the caller then fails the job over globally, as terminateExceptionallyWithGlobalFailover does. */
bool cc_stop_terminated(Sim *s, CheckpointCoordinator *cc, const char *states, char *why, size_t n)
{
	bool any = false;
	for (int i = 0; i < s->ntriggers; i++)
		any |= taken_stop(&s->triggers[i], cc) && s->triggers[i].failed_over;
	if (!any || SIM_FLINK_1_9(s))
		return false;
	fail_taken_stops_113(s, cc, states, true, why, n);
	return true;
}

/* Flink 1.9: ExecutionGraph.suspend ends the job SUSPENDED, which shuts the coordinator down
 * (a pending savepoint fails "Checkpoint Coordinator is suspending.": SUSPENDED stops the
 * scheduler, CheckpointCoordinatorDeActivator, before the shutdown) and completes the termination
 * future a stop whose savepoint was taken waits for ("Reached state SUSPENDED instead of
 * FINISHED."): a revoked HA leader's REST cache still answers so. A killed process runs none
 * of it: its requests are lost with it. */
void cc_suspend(Sim *s, CheckpointCoordinator *cc, bool killed)
{
	bool v19 = SIM_FLINK_1_9(s) && !killed;
	while (cc->npending > 0) {
		int request = cc->pending[0]->trigger;
		if (request >= 0)
			savepoint_done(s, cc, request, v19 ? "Checkpoint Coordinator is suspending." : "The JobManager was lost.",
			               STOP_FAILURE_QUIET);
		free_pending(s, cc, 0);
	}
	if (v19)
		cc_job_ended(s, cc, JOB_SUSPENDED, "CANCELED");   /* suspension cancels the executions */
	cc_fail_savepoints(s, cc, "The JobManager was lost.");
	cc_stop(s, cc);
}

void cc_discard(Sim *s, CheckpointCoordinator *cc, JobState to)
{
	checkpoint_release(cc->latest);
	cc->latest = NULL;
	if (to != JOB_SUSPENDED)           /* FINISHED, CANCELED, FAILED: discardOnShutdown */
		history_subsume(cc, INT64_MAX);
}

void cc_trigger_savepoint(Sim *s, CheckpointCoordinator *cc, int request)
{
	SavepointTrigger *t = &s->triggers[request];
	Job *j = cc->job;
	if (t->stop) {
		/* Flink stops the periodic scheduler first (stopCheckpointScheduler: the pending
		 * checkpoints are aborted), "to have only the data of the synchronous savepoint
		 * committed" — before the trigger can fail. */
		cc->stopping = true;
		cc_stop(s, cc);
		cc_abort_pending(s, cc, "Checkpoint Coordinator is suspending.");
	}
	if (j->state != JOB_RUNNING || !job_all_running(j)) {
		/* CheckpointCoordinator.triggerSavepoint: CheckpointException("Failed to trigger
		 * savepoint.", NOT_ALL_REQUIRED_TASKS_RUNNING), a pre-flight failure */
		savepoint_done(s, cc, request, "Failed to trigger savepoint. Failure reason: Not all required tasks are "
		               "currently running.", STOP_FAILURE_QUIET);
		return;
	}
	if (cc->npending == CP_MAX_PENDING) {
		savepoint_done(s, cc, request, "Failed to trigger savepoint: the simulator keeps at most 8 checkpoints "
		               "in progress.", STOP_FAILURE_QUIET);
		return;
	}
	trigger(s, cc, request, CP_FLAG_SAVEPOINT | (t->stop ? CP_FLAG_STOP : 0) | (t->drain ? CP_FLAG_DRAIN : 0));
}

void cc_start(Sim *s, CheckpointCoordinator *cc)
{
	if (!cc->enabled || cc->trigger_ev)
		return;
	/* Flink: the first checkpoint fires after a random delay in [min pause, interval]. */
	SimTime delay = rng_range(&cc->rng, 0, cc->interval_us);
	cc->trigger_ev = sim_after(s, delay, on_trigger, cc, 0);
}

void cc_stop(Sim *s, CheckpointCoordinator *cc)
{
	cc->queued = false;
	sim_cancel(s, &cc->queued_ev);
	sim_cancel(s, &cc->trigger_ev);
}

void cc_abort_pending(Sim *s, CheckpointCoordinator *cc, const char *reason)
{
	while (cc->npending > 0)
		abort_one(s, cc, 0, reason, STOP_FAILURE_QUIET);
}

static void summary_add(CpSummary *m, int64_t v)
{
	if (m->n == 0 || v < m->min) m->min = v;
	if (m->n == 0 || v > m->max) m->max = v;
	m->sum += v;
	m->n++;
}

void cc_note_restore(Sim *s, CheckpointCoordinator *cc, const CompletedCheckpoint *c)
{
	cc->restored++;
	cc->last_restore_ms = sim_clock_ms(s);
	CpRestored *r = &cc->last_restored;
	r->valid = true;
	r->id = c->id;
	r->restore_ms = cc->last_restore_ms;
	r->savepoint = c->savepoint;
	snprintf(r->path, sizeof r->path, "%s", c->path);
}

static void record_completion(Sim *s, CheckpointCoordinator *cc, const CompletedCheckpoint *c)
{
	cc->completed++;
	cc->last_size = (int64_t)c->size_bytes;
	cc->last_duration_ms = (c->complete_time - c->trigger_time) / SIM_US_PER_MS;
	summary_add(&cc->sum_size, (int64_t)c->size_bytes);
	summary_add(&cc->sum_duration, cc->last_duration_ms);
	history_subsume(cc, c->id);
	CheckpointInfo *ci = history_find(cc, c->id);
	if (ci) {
		ci->status = CP_COMPLETED;
		ci->end_time = s->now;
		ci->size_bytes = c->size_bytes;
		ci->acknowledged = ci->total;
		snprintf(ci->path, sizeof ci->path, "%s", c->path);
	}
}

/* Savepoints are finalized as files before they count: a savepoint that cannot be
 * written fails like any checkpoint (aborted, counted as failed, tasks told). */
static void complete(Sim *s, CheckpointCoordinator *cc, int i)
{
	PendingCheckpoint *p = cc->pending[i];
	Job *j = cc->job;
	CompletedCheckpoint *c = calloc(1, sizeof *c);
	SIM_CHECK(c != NULL);
	c->refs = 1;
	c->id = p->id;
	c->savepoint = p->savepoint;
	c->trigger_time = p->trigger_time;
	c->trigger_clock_ms = sim_clock_ms(s) - (s->now - p->trigger_time) / SIM_US_PER_MS;
	c->complete_time = s->now;
	c->max_parallelism = j->max_parallelism;
	c->parallelism = j->parallelism;
	c->snaps = p->snaps;
	c->nsnaps = p->acked;
	for (int k = 0; k < c->nsnaps; k++)
		c->size_bytes += c->snaps[k]->size_bytes;
	p->snaps = NULL;
	p->acked = 0;
	int request = p->trigger;
	if (request >= 0) {
		SavepointTrigger *t = &s->triggers[request];
		if (savepoint_write(s, j, c, s->opt.config.savepoints_dir, t->path, sizeof t->path) != SIM_OK) {
			char reason[300];
			snprintf(reason, sizeof reason, "Failure to finalize checkpoint: %s", s->err);
			checkpoint_release(c);
			abort_one(s, cc, i, reason, STOP_FAILURE_FAILS_JOB);
			return;
		}
		snprintf(c->path, sizeof c->path, "%s", t->path);
	} else {
		snprintf(c->path, sizeof c->path, CHECKPOINTS_DIR "/%s/chk-%lld", j->jid, (long long)p->id);
	}
	int64_t id = p->id;
	free_pending(s, cc, i);
	trigger_queued(s, cc);
	checkpoint_release(cc->latest);     /* retain one completed checkpoint */
	cc->latest = c;
	record_completion(s, cc, c);
	if (request >= 0) {
		SIM_EMIT(s, EV_SAVEPOINT_STORED, .component = sim_jm_name(s), .job = j->jid, .id = id, .path = s->triggers[request].path);
		savepoint_done(s, cc, request, NULL, STOP_FAILURE_QUIET);
	}
	SIM_EMIT(s, EV_CHECKPOINT_COMPLETED, .component = sim_jm_name(s), .job = j->jid, .id = id, .n = (int64_t)c->size_bytes,
	         .m = cc->last_duration_ms, .flag = c->savepoint, .k = SIM_FLINK_1_9(s) ? 1 : 0);
	send_to_tasks(s, j, MSG_NOTIFY_CP, id, 0, 0, false);
}

void cc_on_ack(Sim *s, CheckpointCoordinator *cc, int task_id, int64_t cp, TaskSnapshot *snap)
{
	int i = pending_index(cc, cp);
	PendingCheckpoint *p = i >= 0 ? cc->pending[i] : NULL;
	if (!p || p->acked >= p->total) {
		snapshot_free(snap);             /* late ack of an aborted checkpoint */
		return;
	}
	const Job *j = cc->job;
	if (snap->vertex >= 0 && snap->vertex < j->nv)
	{
		const char *id = j->v[snap->vertex].id;       /* a copy per ack: no formatting */
		size_t n = strnlen(id, sizeof snap->op_id - 1);
		memcpy(snap->op_id, id, n);
		snap->op_id[n] = '\0';
	}
	p->snaps[p->acked++] = snap;
	CheckpointInfo *ci = history_find(cc, cp);
	if (ci) {
		ci->acknowledged = p->acked;
		ci->latest_ack = s->now;
		if (snap->vertex >= 0 && snap->vertex < SIM_MAX_VERTICES) {
			ci->vertex_acked[snap->vertex]++;
			ci->vertex_size[snap->vertex] += snap->size_bytes;
			ci->vertex_ack[snap->vertex] = s->now;
		}
	}
	if (p->acked == p->total)
		complete(s, cc, i);
}
