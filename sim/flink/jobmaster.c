/*
 * jobmaster.c — one job's JobMaster: builds the execution graph, schedules it into slots,
 * deploys it, and runs failover.
 *
 * Scheduling (slot sharing): every subtask index i of every vertex shares slot i, so a job of
 * parallelism p needs p slots. Executions go CREATED → SCHEDULED while the slot pool asks the
 * ResourceManager for slots; when all p are there, DEPLOYING. A bulk not fulfilled within
 * slot.request.timeout fails with NoResourceAvailableException, like any other failure.
 * Failover restarts the whole job (HASH edges join everything). The job's path depends on the
 * release modelled:
 *   Flink 1.13 (DefaultScheduler, region failover): RUNNING → RESTARTING at once, every
 *   execution cancelled, and after the back-off (and once cancellation is complete) RUNNING
 *   again; recovery suppressed: RUNNING → FAILING → FAILED.
 *   Flink 1.9 (LegacyScheduler, full restart; ExecutionGraph.failGlobal): RUNNING → FAILING
 *   while every execution is cancelled; then (tryRestartOrFail) → RESTARTING for the back-off,
 *   → CREATED (the state timestamps but RESTARTING's are reset) → RUNNING; or → FAILED.
 * Either way the new attempt is restored from the latest completed checkpoint.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/keygroup.h"
#include "jobmanager.h"
#include "job.h"
#include "states.h"

/* ------------------------------------------------------------------ graph */

/* A new attempt: CREATED, placed nowhere, no state entered yet. */
static void execution_reset(Execution *e)
{
	*e = (Execution){ .state = TASK_CREATED, .task = -1, .tm = -1, .slot = -1 };
	for (int st = 0; st < TASK_STATE_COUNT; st++)
		e->state_time[st] = -1;
}

static void vertex_init(Vertex *v, const char *name, OpKind op, Ship in, Ship out, int p)
{
	v->name = name;
	v->op = op;
	v->in_ship = in;
	v->out_ship = out;
	v->parallelism = p;
	v->start_time = -1;
	/* A stable JobVertexID: a hash of the operator's name, like Flink's uid hashes. */
	uint64_t h1 = rng_hash_str(name), h2 = rng_hash_str(name) * 0x9e3779b97f4a7c15ull + 0x1234567;
	snprintf(v->id, sizeof v->id, "%016llx%016llx", (unsigned long long)h1, (unsigned long long)h2);
	v->ex = calloc((size_t)p, sizeof *v->ex);
	SIM_CHECK(v->ex != NULL);
	for (int i = 0; i < p; i++)
		execution_reset(&v->ex[i]);
}

Job *job_create(Sim *s, const JobOptions *o, const char *jid)
{
	Job *j = calloc(1, sizeof *j);
	SIM_CHECK(j != NULL);
	j->opt = *o;
	if (o->savepoint)
		snprintf(j->savepoint_path, sizeof j->savepoint_path, "%s", o->savepoint);
	j->opt.savepoint = o->savepoint ? j->savepoint_path : NULL;
	snprintf(j->jid, sizeof j->jid, "%s", jid);
	snprintf(j->name, sizeof j->name, "Click Event Count");
	j->parallelism = o->parallelism;
	j->max_parallelism = o->max_parallelism > 0 ? o->max_parallelism
	                                            : keygroup_default_max_parallelism(o->parallelism);
	for (int i = 0; i < JOB_STATE_COUNT; i++)
		j->state_time[i] = -1;
	/* Flink 1.9 has no INITIALIZING: the ExecutionGraph is CREATED at submission. */
	j->state = SIM_FLINK_1_9(s) ? JOB_CREATED : JOB_INITIALIZING;
	j->state_time[j->state] = s->now;
	j->start_time = s->now;
	j->end_time = -1;
	j->failure_time = -1;
	int p = o->parallelism;
	vertex_init(&j->v[j->nv++], "ClickEvent Source", OP_SOURCE, SHIP_NONE, SHIP_FORWARD, p);
	vertex_init(&j->v[j->nv++], "Timestamps/Watermarks", OP_WATERMARKS, SHIP_FORWARD, SHIP_HASH, p);
	if (o->backpressure)
		vertex_init(&j->v[j->nv++], "Backpressure", OP_BACKPRESSURE, SHIP_HASH, SHIP_HASH, p);
	vertex_init(&j->v[j->nv++], "ClickEvent Counter", OP_WINDOW, SHIP_HASH, SHIP_FORWARD, p);
	vertex_init(&j->v[j->nv++], "ClickEventStatistics Sink", OP_SINK, SHIP_FORWARD, SHIP_NONE, p);
	restart_init(&j->restart, &s->opt.config, o->checkpointing, s->opt.seed ^ rng_hash_str(jid));
	for (int v = 0; v < JOB_MAX_VERTICES; v++)
		bp_init(&j->bp[v]);
	cc_init(&j->cc, j, s);
	return j;
}

void job_destroy(Sim *s, Job *j)
{
	if (!j)
		return;
	cc_free(s, &j->cc);
	for (int v = 0; v < j->nv; v++)
		free(j->v[v].ex);
	for (int i = 0; i < j->nchannels; i++) {
		channel_kill(s, j->channels[i]);
		free(j->channels[i]);
	}
	free(j->channels);
	free(j);
}

bool job_all_running(const Job *j)
{
	for (int v = 0; v < j->nv; v++)
		for (int i = 0; i < j->v[v].parallelism; i++)
			if (j->v[v].ex[i].state != TASK_RUNNING)
				return false;
	return true;
}

int job_task_count(const Job *j)
{
	int n = 0;
	for (int v = 0; v < j->nv; v++)
		n += j->v[v].parallelism;
	return n;
}

/* ------------------------------------------------------------------ states */

void job_set_state_quietly(Sim *s, Job *j, JobState to)
{
	if (j->state == to)
		return;
	SIM_CHECK(job_transition_legal(j->state, to));
	j->state = to;
	j->state_time[to] = s->now;
	if (job_state_is_terminal(to))
		j->end_time = s->now;
}

void job_set_state(Sim *s, Job *j, JobState to)
{
	if (j->state == to)
		return;
	SIM_CHECK(job_transition_legal(j->state, to));
	SIM_EMIT(s, EV_JOB_STATE, .component = sim_jm_name(s), .name = j->name, .job = j->jid, .from = j->state, .to = to);
	j->state = to;
	j->state_time[to] = s->now;
	if (job_state_is_terminal(to))
		j->end_time = s->now;
}

void execution_set_state(Sim *s, Job *j, int v, int i, TaskState to)
{
	Execution *e = &j->v[v].ex[i];
	if (e->state == to)
		return;
	SIM_CHECK(task_transition_legal(e->state, to));
	SIM_EMIT(s, EV_TASK_STATE, .component = sim_jm_name(s), .job = j->jid, .name = j->v[v].name, .vertex = v,
	         .subtask = i, .parallelism = j->v[v].parallelism, .from = e->state, .to = to, .tm = e->tm, .k = e->slot);
	e->state = to;
	e->state_time[to] = s->now;
	if (to == TASK_DEPLOYING && j->v[v].start_time < 0)
		j->v[v].start_time = s->now;
}

static bool all_terminal(const Job *j)
{
	for (int v = 0; v < j->nv; v++)
		for (int i = 0; i < j->v[v].parallelism; i++)
			if (!task_state_is_terminal(j->v[v].ex[i].state) && j->v[v].ex[i].state != TASK_CREATED)
				return false;
	return true;
}

/* ------------------------------------------------------------------ slots and deployment */

static void link_tasks(Job *j, Task *src, Task *dst, int out_slot, int in_slot)
{
	Channel *c = channel_new(src, dst);
	c->remote = src->tm != dst->tm;
	c->out_slot = out_slot;
	c->in_slot = in_slot;
	src->outs[out_slot] = c;
	dst->ins[in_slot] = c;
	if (j->nchannels == j->cap_channels) {
		j->cap_channels = j->cap_channels ? 2 * j->cap_channels : 64;
		j->channels = realloc(j->channels, (size_t)j->cap_channels * sizeof *j->channels);
		SIM_CHECK(j->channels != NULL);
	}
	j->channels[j->nchannels++] = c;
}

static void connect_vertices(Job *j, Task **src, Task **dst, Ship ship, int p)
{
	for (int i = 0; i < p; i++) {
		int fan = ship == SHIP_HASH ? p : 1;
		src[i]->nouts = fan;
		src[i]->outs = calloc((size_t)fan, sizeof(Channel *));
		dst[i]->nins = fan;
		dst[i]->ins = calloc((size_t)fan, sizeof(Channel *));
		SIM_CHECK(src[i]->outs && dst[i]->ins);
	}
	for (int i = 0; i < p; i++) {
		if (ship == SHIP_HASH)
			for (int k = 0; k < p; k++)
				link_tasks(j, src[i], dst[k], k, i);
		else
			link_tasks(j, src[i], dst[i], 0, 0);
	}
}

static void deploy_all(Sim *s, Job *j)
{
	int p = j->parallelism;
	sim_cancel(s, &j->slot_timeout_ev);
	CompletedCheckpoint *restore = j->cc.latest;
	if (restore) {
		cc_note_restore(s, &j->cc, restore);
		SIM_EMIT(s, EV_JOB_RESTORED, .component = sim_jm_name(s), .job = j->jid, .flag = restore->savepoint,
		         .id = restore->id, .n = restore->trigger_clock_ms, .k = SIM_FLINK_1_9(s) ? 1 : 0);
	}
	Task *tasks[JOB_MAX_VERTICES][JOB_MAX_PARALLELISM];
	for (int v = 0; v < j->nv; v++)
		for (int i = 0; i < p; i++) {
			Task *t = task_new(s, j->index, v, i, j->attempt, j->v[v].op);
			t->parallelism = p;
			t->max_parallelism = j->max_parallelism;
			t->out_ship = j->v[v].out_ship;
			t->event_time = j->opt.event_time;
			t->exactly_once_sink = j->opt.sink == SINK_EXACTLY_ONCE;
			t->tm = j->slots[i].tm;
			t->slot = j->slots[i].slot;
			t->alloc = j->slots[i].alloc;
			t->tm_incarnation = j->slots[i].inc;
			if (restore) {
				checkpoint_retain(restore);
				t->restore = restore;
			}
			tasks[v][i] = t;
			Execution *e = &j->v[v].ex[i];
			e->task = t->id;
			e->tm = t->tm;
			e->slot = t->slot;
			e->inc = t->tm_incarnation;
		}
	for (int v = 0; v + 1 < j->nv; v++)
		connect_vertices(j, tasks[v], tasks[v + 1], j->v[v].out_ship, p);
	for (int v = 0; v < j->nv; v++)
		for (int i = 0; i < p; i++) {
			execution_set_state(s, j, v, i, TASK_DEPLOYING);
			Msg *m = msg_new(MSG_SUBMIT_TASK, j->index);
			m->a = tasks[v][i]->id;
			net_send(s, s->proc_jobmanager, s->tm_proc[j->slots[i].tm], m);
		}
}

static int cmp_slot(const void *a, const void *b)
{
	const SlotRef *x = a, *y = b;
	return x->tm != y->tm ? x->tm - y->tm : x->slot - y->slot;
}

static bool waiting_for_slots(const Job *j)
{
	return j->state == JOB_RUNNING && j->v[0].ex[0].state == TASK_SCHEDULED;
}

/* The executions whose shared slot (subtask index i) has been allocated. */
static int executions_with_slots(const Job *j)
{
	int n = 0;
	for (int v = 0; v < j->nv; v++)
		n += j->nslots < j->v[v].parallelism ? j->nslots : j->v[v].parallelism;
	return n;
}

static void on_slot_timeout(Sim *s, void *obj, uint64_t arg)
{
	Job *j = obj;
	if (arg != (uint64_t)j->attempt || proc_defer(s, s->proc_jobmanager, on_slot_timeout, j, arg))
		return;                                      /* another attempt's, or the JobManager is frozen */
	j->slot_timeout_ev = 0;
	if (!waiting_for_slots(j))
		return;
	if (!SIM_FLINK_1_9(s)) {
		jobmaster_fail(s, j, "java.util.concurrent.CompletionException: org.apache.flink.runtime.jobmanager.scheduler."
		                     "NoResourceAvailableException: Slot request bulk is not fulfillable! Could not allocate "
		                     "the required slot within slot request timeout");
		return;
	}
	/* Flink 1.9, SchedulingUtils.scheduleEager (the message then lists every execution's
	 * allocation future, Java object texts the model leaves out). */
	char cause[300];
	snprintf(cause, sizeof cause, "org.apache.flink.runtime.jobmanager.scheduler.NoResourceAvailableException: Could "
	         "not allocate all requires slots within timeout of %lld ms. Slots required: %d, slots allocated: %d, "
	         "previous allocation IDs: []", (long long)s->opt.config.slot_request_timeout_ms, job_task_count(j),
	         executions_with_slots(j));
	jobmaster_fail(s, j, cause);
}

static void schedule_all(Sim *s, Job *j)
{
	j->attempt++;
	for (int v = 0; v < j->nv; v++) {
		j->v[v].start_time = -1;
		for (int i = 0; i < j->v[v].parallelism; i++)
			execution_set_state(s, j, v, i, TASK_SCHEDULED);
	}
	int need = j->parallelism - j->nslots;
	if (need <= 0) {
		deploy_all(s, j);
		return;
	}
	rm_request_slots(s, j, need);
	j->slot_timeout_ev = sim_after(s, s->opt.config.slot_request_timeout_ms * SIM_US_PER_MS,
	                               on_slot_timeout, j, (uint64_t)j->attempt);
}

bool jobmaster_holds(const Job *j, int tm, uint32_t inc, int slot, uint64_t alloc)
{
	for (int i = 0; i < j->nslots; i++)
		if (j->slots[i].tm == tm && j->slots[i].inc == inc && j->slots[i].slot == slot && j->slots[i].alloc == alloc)
			return true;
	return false;
}

bool jobmaster_slot_offered(Sim *s, Job *j, SlotRef slot)
{
	if (j->nslots >= j->parallelism || !waiting_for_slots(j))
		return false;
	j->slots[j->nslots++] = slot;
	qsort(j->slots, (size_t)j->nslots, sizeof *j->slots, cmp_slot);
	if (j->nslots == j->parallelism)
		deploy_all(s, j);
	return true;
}

static void release_slots(Sim *s, Job *j)
{
	for (int i = 0; i < j->nslots; i++)
		rm_release_slot(s, j, &j->slots[i]);
	j->nslots = 0;
	rm_cancel_requests(s, j);
}

/* ------------------------------------------------------------------ failover */

static void cancel_all(Sim *s, Job *j)
{
	for (int v = 0; v < j->nv; v++)
		for (int i = 0; i < j->v[v].parallelism; i++) {
			Execution *e = &j->v[v].ex[i];
			switch (e->state) {
			case TASK_CREATED:
			case TASK_SCHEDULED:
				execution_set_state(s, j, v, i, TASK_CANCELED);
				break;
			case TASK_DEPLOYING:
			case TASK_INITIALIZING:
			case TASK_RUNNING: {
				execution_set_state(s, j, v, i, TASK_CANCELING);
				Msg *m = msg_new(MSG_CANCEL_TASK, j->index);
				m->a = e->task;
				net_send(s, s->proc_jobmanager, s->tm_proc[e->tm], m);
				break;
			}
			default:
				break;
			}
		}
}

/* The states the executions of the attempt end in, other than FINISHED, as 1.13's
 * stop-with-savepoint names them: FAILED ones, and the others, which a failover or a cancel
 * ends CANCELED.
 * (Flink joins a HashSet, whose order is the JVM's; the model writes FAILED first.) */
static const char *unfinished_states(const Job *j)
{
	bool failed = false, cancelled = false;
	for (int v = 0; v < j->nv; v++)
		for (int i = 0; i < j->v[v].parallelism; i++) {
			TaskState st = j->v[v].ex[i].state;
			failed |= st == TASK_FAILED;
			cancelled |= st != TASK_FAILED && st != TASK_FINISHED;
		}
	return failed && cancelled ? "FAILED, CANCELED" : failed ? "FAILED" : "CANCELED";
}

static void finish_job(Sim *s, Job *j, JobState to)
{
	job_set_state(s, j, to);
	cc_job_ended(s, &j->cc, to, unfinished_states(j));
	cc_stop(s, &j->cc);
	cc_discard(s, &j->cc, to);
	sim_cancel(s, &j->restart_ev);
	sim_cancel(s, &j->slot_timeout_ev);
	release_slots(s, j);
}

static void restart_now(Sim *s, Job *j)
{
	j->restart_due = false;
	if (SIM_FLINK_1_9(s)) {
		/* ExecutionGraph.restart: every state timestamp but RESTARTING's is cleared, then
		 * RESTARTING → CREATED; scheduleForExecution: CREATED → RUNNING. */
		for (int st = 0; st < JOB_STATE_COUNT; st++)
			if (st != JOB_RESTARTING)
				j->state_time[st] = -1;
		job_set_state(s, j, JOB_CREATED);
	}
	job_set_state(s, j, JOB_RUNNING);
	for (int v = 0; v < j->nv; v++)
		for (int i = 0; i < j->v[v].parallelism; i++)
			execution_reset(&j->v[v].ex[i]);
	cc_start(s, &j->cc);
	schedule_all(s, j);
}

static void on_restart_due(Sim *s, void *obj, uint64_t arg);
static void handle_failure(Sim *s, Job *j, const char *cause);

static bool all_finished(const Job *j)
{
	for (int v = 0; v < j->nv; v++)
		for (int i = 0; i < j->v[v].parallelism; i++)
			if (j->v[v].ex[i].state != TASK_FINISHED)
				return false;
	return true;
}

static void progress(Sim *s, Job *j)
{
	if (!all_terminal(j))
		return;
	switch (j->state) {
	case JOB_RUNNING:
		if (all_finished(j))
			finish_job(s, j, JOB_FINISHED);   /* stop-with-savepoint: sources ended */
		break;
	case JOB_RESTARTING: {
		/* Flink 1.13: the executions of a failed-over stop have ended; the stop fails and
		 * handleGlobalFailure fails the job over once more (a restart counted, the back-off
		 * anew), or fails it. */
		char why[300];
		if (cc_stop_terminated(s, &j->cc, unfinished_states(j), why, sizeof why)) {
			char cause[sizeof why + 40];
			snprintf(cause, sizeof cause, "org.apache.flink.util.FlinkException: %s", why);
			handle_failure(s, j, cause);
			progress(s, j);
			break;
		}
		if (j->restart_due)
			restart_now(s, j);
		break;
	}
	case JOB_FAILING:
		if (!j->restart_ok) {
			finish_job(s, j, JOB_FAILED);
			break;
		}
		/* Flink 1.9 (tryRestartOrFail): every task has stopped; the back-off starts now. */
		j->restart_ok = false;
		job_set_state(s, j, JOB_RESTARTING);
		j->restart_due = false;
		j->restart_ev = sim_after(s, restart_backoff_ms(&j->restart) * SIM_US_PER_MS, on_restart_due, j, 0);
		break;
	case JOB_CANCELLING:
		finish_job(s, j, JOB_CANCELED);
		break;
	default:
		break;
	}
}

static void on_restart_due(Sim *s, void *obj, uint64_t arg)
{
	Job *j = obj;
	if (proc_defer(s, s->proc_jobmanager, on_restart_due, j, arg))
		return;
	j->restart_ev = 0;
	j->restart_due = true;
	progress(s, j);
}

/* The restart strategy's answer to a failure with `cause`: restartable (Flink 1.9: FAILING
 * until every task stopped, then the back-off; 1.13: the back-off, superseding a restart
 * already due) or suppressed (FAILING, then FAILED). The restarts gauge counts it now: 1.9's
 * ExecutionGraph.failGlobal counts every global failure (incrementGlobalModVersion), even one
 * that will not restart; 1.13's ExecutionFailureHandler a failure the strategy restarts. */
static void handle_failure(Sim *s, Job *j, const char *cause)
{
	snprintf(j->failure, sizeof j->failure, "%s", cause);
	j->failure_time = s->now;
	if (SIM_FLINK_1_9(s))
		j->num_restarts++;
	int64_t now_ms = sim_clock_ms(s);
	restart_notify_failure(&j->restart, now_ms);
	if (restart_can_restart(&j->restart, now_ms)) {
		int64_t backoff = restart_backoff_ms(&j->restart);
		SIM_EMIT(s, EV_JOB_FAILED, .component = sim_jm_name(s), .job = j->jid, .text = cause, .n = backoff);
		if (SIM_FLINK_1_9(s)) {             /* failGlobal: FAILING until every task stopped */
			j->restart_ok = true;
			job_set_state(s, j, JOB_FAILING);
		} else {
			j->num_restarts++;            /* ExecutionFailureHandler: a restart allowed */
			job_set_state(s, j, JOB_RESTARTING);
			j->restart_due = false;
			sim_cancel(s, &j->restart_ev);
			j->restart_ev = sim_after(s, backoff * SIM_US_PER_MS, on_restart_due, j, 0);
		}
	} else {
		char desc[300];
		restart_describe(&j->restart, desc, sizeof desc);
		SIM_EMIT(s, EV_JOB_FAILED, .component = sim_jm_name(s), .job = j->jid, .text = cause, .what = desc,
		         .flag = SIM_FLINK_1_9(s));
		/* 1.13's ExecutionFailureHandler wraps the cause; 1.9's ExecutionGraph fails the job
		 * with the cause itself ("… because the restart strategy prevented it."). */
		if (!SIM_FLINK_1_9(s))
			snprintf(j->failure, sizeof j->failure, "Recovery is suppressed by %s", desc);
		j->restart_ok = false;
		sim_cancel(s, &j->restart_ev);
		job_set_state(s, j, JOB_FAILING);
	}
}

void jobmaster_fail(Sim *s, Job *j, const char *cause)
{
	if (j->state != JOB_RUNNING)
		return;                 /* already failing over: part of the same failure */
	/* Flink 1.9: a task failure discards the pending checkpoints it has not acknowledged as
	 * JOB_FAILURE (failUnacknowledgedPendingCheckpointsFor; the model: all of them). 1.13 never
	 * calls that: the job going RESTARTING stops the scheduler (CheckpointCoordinatorDeActivator),
	 * which aborts them as CHECKPOINT_COORDINATOR_SUSPEND. */
	cc_abort_pending(s, &j->cc, SIM_FLINK_1_9(s) ? "The job has failed." : "Checkpoint Coordinator is suspending.");
	cc_stop_failed_over(s, &j->cc);
	cc_stop(s, &j->cc);
	sim_cancel(s, &j->slot_timeout_ev);
	rm_cancel_requests(s, j);
	handle_failure(s, j, cause);
	cancel_all(s, j);
	progress(s, j);
}

void jobmaster_task_state(Sim *s, Job *j, int task, TaskState st, const char *cause)
{
	for (int v = 0; v < j->nv; v++)
		for (int i = 0; i < j->v[v].parallelism; i++) {
			Execution *e = &j->v[v].ex[i];
			if (e->task != task)
				continue;
			if (e->state == st || task_state_is_terminal(e->state))
				return;
			/* Flink (Execution.markFinished): "we sent a cancel call, and the task manager
			 * finished before it arrived. We will never get a CANCELED call back" — the
			 * FINISHED report completes the cancellation (completeCancelling). */
			if (st == TASK_FINISHED && e->state == TASK_CANCELING)
				st = TASK_CANCELED;
			if (st == TASK_CANCELED && e->state != TASK_CANCELING)
				st = TASK_FAILED;   /* cancelled without being asked: a failure */
			/* A report that crossed a cancel on the wire (RUNNING after CANCELING) is
			 * outdated; the JobMaster ignores it, as Flink does. */
			if (!task_transition_legal(e->state, st))
				return;
			execution_set_state(s, j, v, i, st);
			if (st == TASK_FAILED)
				snprintf(e->failure, sizeof e->failure, "%s", cause ? cause : "");
			if (st == TASK_FAILED)
				jobmaster_fail(s, j, cause);
			else if (st == TASK_RUNNING && job_all_running(j))
				SIM_EMIT(s, EV_JOB_ALL_RUNNING, .component = sim_jm_name(s), .job = j->jid, .n = job_task_count(j));
			if (task_state_is_terminal(st))
				progress(s, j);
			return;
		}
}

void jobmaster_tm_lost(Sim *s, Job *j, int tm, uint32_t inc, const char *cause)
{
	int kept = 0;
	for (int i = 0; i < j->nslots; i++)
		if (j->slots[i].tm != tm || j->slots[i].inc != inc)
			j->slots[kept++] = j->slots[i];
	j->nslots = kept;
	bool failed = false;
	for (int v = 0; v < j->nv; v++)
		for (int i = 0; i < j->v[v].parallelism; i++) {
			Execution *e = &j->v[v].ex[i];
			if (e->tm == tm && e->inc == inc && !task_state_is_terminal(e->state) && e->state != TASK_CREATED &&
			    e->state != TASK_SCHEDULED) {
				execution_set_state(s, j, v, i, TASK_FAILED);
				snprintf(e->failure, sizeof e->failure, "%s", cause);
				failed = true;
			}
		}
	if (failed) {
		jobmaster_fail(s, j, cause);
		progress(s, j);
	} else if (waiting_for_slots(j) && j->nslots + rm_outstanding(s, j) < j->parallelism) {
		rm_request_slots(s, j, j->parallelism - j->nslots - rm_outstanding(s, j));   /* replace lost ones */
	}
}

void jobmaster_cancel(Sim *s, Job *j)
{
	if (job_state_is_terminal(j->state) || j->state == JOB_CANCELLING)
		return;
	/* Flink 1.9's ExecutionGraph.cancel from RUNNING or CREATED bumps the global version, and
	 * with it the restarts gauge (fullRestarts counts incrementGlobalModVersion). */
	if (SIM_FLINK_1_9(s) && (j->state == JOB_RUNNING || j->state == JOB_CREATED))
		j->num_restarts++;
	if (j->state == JOB_FAILING) {           /* ExecutionGraph.cancel: FAILING → CANCELLING, no restart */
		j->restart_ok = false;
		sim_cancel(s, &j->restart_ev);
		job_set_state(s, j, JOB_CANCELLING);
		progress(s, j);
		return;
	}
	if (!j->started) {                       /* cancelled before its JobMaster started */
		if (SIM_FLINK_1_9(s))
			job_set_state(s, j, JOB_CANCELLING);
		finish_job(s, j, JOB_CANCELED);
		return;
	}
	if (SIM_FLINK_1_9(s) && j->state == JOB_RESTARTING) {
		finish_job(s, j, JOB_CANCELED);       /* ExecutionGraph.cancel: "Canceled during restart." */
		return;
	}
	job_set_state(s, j, JOB_CANCELLING);
	/* CANCELLING stops the scheduler (CheckpointCoordinatorDeActivator): CHECKPOINT_COORDINATOR_SUSPEND. */
	cc_abort_pending(s, &j->cc, "Checkpoint Coordinator is suspending.");
	cc_stop(s, &j->cc);
	sim_cancel(s, &j->restart_ev);
	sim_cancel(s, &j->slot_timeout_ev);
	rm_cancel_requests(s, j);
	cancel_all(s, j);
	progress(s, j);
}

/* The JobMaster stops (its JobManager died or lost leadership): the job is SUSPENDED —
 * `quietly` when the process was killed and says nothing; `cancel`: its running tasks are told
 * to cancel (Execution.suspend), else nobody is told. */
void jobmaster_suspend(Sim *s, Job *j, bool cancel, bool quietly)
{
	if (quietly)
		job_set_state_quietly(s, j, JOB_SUSPENDED);
	else
		job_set_state(s, j, JOB_SUSPENDED);
	if (!cancel)
		return;
	for (int v = 0; v < j->nv; v++)
		for (int i = 0; i < j->v[v].parallelism; i++) {
			Execution *e = &j->v[v].ex[i];
			if (e->state != TASK_DEPLOYING && e->state != TASK_INITIALIZING && e->state != TASK_RUNNING)
				continue;
			Msg *m = msg_new(MSG_CANCEL_TASK, j->index);
			m->a = e->task;
			net_send(s, s->proc_jobmanager, s->tm_proc[e->tm], m);
		}
}

void jobmaster_start(Sim *s, Job *j)
{
	j->started = true;
	job_set_state(s, j, JOB_CREATED);         /* 1.9: it is CREATED already */
	job_set_state(s, j, JOB_RUNNING);
	cc_start(s, &j->cc);
	schedule_all(s, j);
}
