/*
 * taskmanager.c — a TaskManager process (see taskmanager.h).
 *
 * On start it gets a new ResourceID and registers at the ResourceManager (retrying until
 * the JobManager answers). It answers heartbeats, offers slots to JobMasters when the
 * ResourceManager asks, and runs deployed tasks: DEPLOYING → INITIALIZING (state restore
 * takes time in proportion to its size) → RUNNING, reporting each change. A kill takes
 * its tasks with it, silently; tasks on other TaskManagers that read from them notice
 * the broken connection ("Connection unexpectedly closed by remote task manager").
 * A JobManager silent for heartbeat.timeout is presumed lost: tasks fail, slots are freed.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../core/netfault.h"
#include "../kafka/broker.h"
#include "ha.h"
#include "job.h"
#include "jobmanager.h"
#include "taskmanager.h"

#define TM_REGISTER_RETRY_US   (1000 * SIM_US_PER_MS)
#define RESTORE_BASE_US        (30 * SIM_US_PER_MS)   /* open operators, load state */
#define DEPLOY_US              (20 * SIM_US_PER_MS)   /* TaskDeploymentDescriptor → task thread */

static TaskManager *tm_of(Sim *s, int instance) { return s->tms[instance]; }

/* The JobManager it talks to: the only one, or with HA the leader it retrieved. */
static int jm_proc(const Sim *s, const TaskManager *tm)
{
	return s->ha ? tm->leader : s->proc_jobmanager;
}

static void send_to_jm(Sim *s, TaskManager *tm, Msg *m)
{
	if (jm_proc(s, tm) >= 0)
		net_send(s, tm->proc, jm_proc(s, tm), m);
	else
		msg_free(m);
}

static void report(Task *t, TaskState st, const char *cause)
{
	Sim *s = t->sim;
	TaskManager *tm = tm_of(s, t->tm);
	Msg *m = msg_new(MSG_TASK_STATE, t->job);
	m->a = t->id;
	m->b = st;
	snprintf(m->text, sizeof m->text, "%s", cause ? cause : "");
	send_to_jm(s, tm, m);
}

/* The TaskManager's own line about a task ("X (1/2) switched to RUNNING"). */
static void emit_report(Task *t, TaskState st, const char *cause)
{
	Sim *s = t->sim;
	SIM_EMIT(s, EV_TASK_REPORT, .component = s->procs[s->tm_proc[t->tm]].name, .tm = t->tm, .job = tm_job_id(t),
	         .name = t->def->name, .vertex = t->vertex, .subtask = t->subtask, .parallelism = t->parallelism,
	         .to = st, .text = cause ? cause : "", .k = t->slot);
}

static void set_task_state(Task *t, TaskState st, const char *cause)
{
	t->state = st;
	emit_report(t, st, cause);
	report(t, st, cause);
}

void tm_task_terminal(Task *t, TaskState st, const char *cause)
{
	set_task_state(t, st, cause);
}

/* An acknowledgement waiting for the asynchronous part of the snapshot (the state file): the
 * event carries the message (owned until sent) and, in arg, the taskmanager it is sent from
 * and that process's incarnation (a killed one sends nothing). */
static uint64_t pending_ack_arg(int instance, uint32_t inc) { return (uint64_t)inc << 32 | (uint32_t)instance; }

static void on_state_written(Sim *s, void *obj, uint64_t arg)
{
	Msg *m = obj;
	TaskManager *tm = tm_of(s, (int)(uint32_t)arg);
	if (tm && tm->inc == (uint32_t)(arg >> 32))
		send_to_jm(s, tm, m);
	else
		msg_free(m);
}

void tm_discard_event(const Event *ev)
{
	if (ev->fn == on_state_written)
		msg_free(ev->obj);
}

/* The time the asynchronous snapshot phase takes: FsStateBackend sends state below
 * state.backend.fs.memory-threshold inline with the acknowledgement; larger state is first
 * written to a file under state.checkpoints.dir (docs/timing.md). */
static SimTime write_time(const Sim *s, uint64_t bytes)
{
	const SimConfig *c = &s->opt.config;
	SimTime t = c->checkpoint_ack_us;            /* snapshot, the acknowledgement RPC */
	if ((int64_t)bytes <= c->fs_memory_threshold_bytes)
		return t;
	return t + c->checkpoint_write_latency_us + (SimTime)((double)bytes * 1e6 / (double)c->checkpoint_write_bytes_per_s);
}

void tm_ack_checkpoint(Task *t, int64_t cp, TaskSnapshot *snap)
{
	Sim *s = t->sim;
	Msg *m = msg_new(MSG_ACK_CP, t->job);
	m->a = t->id;
	m->b = cp;
	m->payload = snap;
	m->payload_free = snapshot_free;
	SimTime delay = write_time(s, snap->size_bytes);
	TaskManager *tm = tm_of(s, t->tm);
	if (delay == 0 || !tm) {
		send_to_jm(s, tm, m);
		return;
	}
	sim_after(s, delay, on_state_written, m, pending_ack_arg(t->tm, tm->inc));
}

bool tm_job_checkpointing(const Task *t)
{
	return t->sim->jobs[t->job]->opt.checkpointing;
}

const char *tm_job_id(const Task *t)
{
	return t->sim->jobs[t->job]->jid;
}

const char *tm_vertex_id(const Task *t)
{
	return t->sim->jobs[t->job]->v[t->vertex].id;
}

/* ------------------------------------------------------------------ registration */

static void send_register(Sim *s, TaskManager *tm)
{
	Msg *m = msg_new(MSG_TM_REGISTER, -1);
	m->a = tm->nslots;
	m->b = tm->instance;
	m->c = tm->registration;
	m->seq = (uint64_t)tm->rpc_port;   /* its RPC address, for the ResourceManager's log line */
	m->bounce = true;
	snprintf(m->text, sizeof m->text, "%s", tm->resource_id);
	send_to_jm(s, tm, m);
}

static void on_register_retry(Sim *s, void *obj, uint64_t arg)
{
	TaskManager *tm = obj;
	tm->register_ev = 0;
	if (tm->registered)
		return;
	if (s->procs[tm->proc].state != SERVICE_RUNNING)
		return;   /* resumes on unpause */
	send_register(s, tm);
	tm->register_ev = sim_after(s, TM_REGISTER_RETRY_US, on_register_retry, tm, 0);
}

static void on_jm_timeout(Sim *s, void *obj, uint64_t arg);

static void arm_jm_timeout(Sim *s, TaskManager *tm)
{
	sim_cancel(s, &tm->jm_timeout_ev);
	tm->jm_deadline = s->now + s->opt.config.heartbeat_timeout_ms * SIM_US_PER_MS;
	tm->jm_timeout_ev = sim_at(s, tm->jm_deadline, on_jm_timeout, tm, 0);
}

/* Drops every task and slot (the JobManager is gone or has declared us lost). */
static void reset(Sim *s, TaskManager *tm, const char *cause)
{
	for (int i = 0; i < tm->ntasks; i++) {
		Task *t = s->tasks[tm->tasks[i]];
		if (t->alive) {
			task_teardown(t);
			t->state = TASK_FAILED;
			emit_report(t, TASK_FAILED, cause);
		}
	}
	for (int k = 0; k < tm->nslots; k++) {
		tm->slot_job[k] = -1;
		tm->slot_alloc[k] = 0;
	}
	tm->registered = false;
	tm->rm_registration = 0;
	tm->registration++;
	sim_cancel(s, &tm->register_ev);
	tm->register_ev = sim_after(s, TM_REGISTER_RETRY_US, on_register_retry, tm, 0);
}

static void on_jm_timeout(Sim *s, void *obj, uint64_t arg)
{
	TaskManager *tm = obj;
	tm->jm_timeout_ev = 0;
	if (!tm->registered)
		return;
	SIM_EMIT(s, EV_TM_JM_TIMEOUT, .component = s->procs[tm->proc].name, .tm = tm->instance);
	reset(s, tm, "JobManager is no longer reachable");
}

void tm_set_leader(Sim *s, int instance, int proc, int64_t session)
{
	TaskManager *tm = tm_of(s, instance);
	if (!tm || (tm->leader == proc && tm->leader_session == session))
		return;
	tm->leader = proc;
	tm->leader_session = session;
	SIM_EMIT(s, EV_TM_LEADER, .component = s->procs[tm->proc].name, .tm = instance,
	         .name = proc >= 0 ? s->procs[proc].name : NULL);
	sim_cancel(s, &tm->jm_timeout_ev);
	if (tm->registered)                  /* DefaultJobLeaderService: the job leader lost leadership */
		reset(s, tm, "org.apache.flink.util.FlinkException: Disconnect from JobManager responsible for the job: "
		      "its leader lost leadership.");
	if (proc >= 0 && s->procs[tm->proc].state == SERVICE_RUNNING) {
		sim_cancel(s, &tm->register_ev);      /* a new leader: register at once */
		send_register(s, tm);
		tm->register_ev = sim_after(s, TM_REGISTER_RETRY_US, on_register_retry, tm, 0);
	}
}

/* ------------------------------------------------------------------ metrics */

static void on_metrics(Sim *s, void *obj, uint64_t arg)
{
	TaskManager *tm = obj;
	tm->metrics_ev = sim_after(s, SIM_US_PER_S, on_metrics, tm, 0);
	int kept = 0;
	for (int i = 0; i < tm->ntasks; i++)          /* forget tasks that ended */
		if (s->tasks[tm->tasks[i]]->alive)
			tm->tasks[kept++] = tm->tasks[i];
	tm->ntasks = kept;
	bool views = ++tm->metrics_ticks % 5 == 0;   /* MetricView.UPDATE_INTERVAL_SECONDS */
	for (int i = 0; i < tm->ntasks; i++) {
		Task *t = s->tasks[tm->tasks[i]];
		SimTime span = s->now - t->sample_at;
		if (span <= 0)
			continue;
		SimTime bp = t->bp_us + (t->out_blocked ? s->now - t->blocked_since : 0);
		t->busy_ms_per_s = (double)(t->busy_us - t->sample_busy) * 1000.0 / (double)span;
		t->bp_ms_per_s = (double)(bp - t->sample_bp) * 1000.0 / (double)span;
		if (t->busy_ms_per_s > 1000.0)
			t->busy_ms_per_s = 1000.0;
		if (t->busy_ms_per_s + t->bp_ms_per_s > 1000.0)
			t->bp_ms_per_s = 1000.0 - t->busy_ms_per_s;
		t->sample_at = s->now;
		t->sample_busy = t->busy_us;
		t->sample_bp = bp;
		if (views) {
			/* TimerGauge.update: the whole ms measured since the last update (or the
			 * task's start), divided by 5 s, within [0, 1000]. */
			int64_t span_ms = (s->now - t->view_at) / 1000, bp_ms = (bp - t->view_bp) / 1000;
			int64_t idle_ms = span_ms - (t->busy_us - t->view_busy) / 1000 - bp_ms;
			t->idle_gauge = idle_ms < 0 ? 0 : idle_ms / 5 > 1000 ? 1000 : idle_ms / 5;
			t->bp_gauge = bp_ms < 0 ? 0 : bp_ms / 5 > 1000 ? 1000 : bp_ms / 5;
			t->view_at = s->now;
			t->view_busy = t->busy_us;
			t->view_bp = bp;
		}
	}
}

/* ------------------------------------------------------------------ tasks */

/* The state a task restores in: 1.13's INITIALIZING; Flink 1.9 has none — its task reports
 * RUNNING once the task thread starts and restores before it processes a record, which the
 * model shows as a longer DEPLOYING (docs/flink-versions.md). */
static TaskState restoring_state(const Sim *s)
{
	return SIM_FLINK_1_9(s) ? TASK_DEPLOYING : TASK_INITIALIZING;
}

static void on_initialized(Sim *s, void *obj, uint64_t arg)
{
	Task *t = obj;
	if (!t->alive || t->state != restoring_state(s) || proc_defer(s, s->tm_proc[t->tm], on_initialized, t, arg))
		return;                                      /* (a paused TaskManager finishes when it runs again) */
	set_task_state(t, TASK_RUNNING, NULL);
	CompletedCheckpoint *restore = t->restore;
	task_start(t);
	checkpoint_release(restore);
}

static void on_deployed(Sim *s, void *obj, uint64_t arg)
{
	Task *t = obj;
	if (!t->alive || t->state != TASK_DEPLOYING || proc_defer(s, s->tm_proc[t->tm], on_deployed, t, arg))
		return;
	if (restoring_state(s) == TASK_INITIALIZING)
		set_task_state(t, TASK_INITIALIZING, NULL);
	SimTime restore = RESTORE_BASE_US;
	if (t->restore)
		restore += (SimTime)(t->restore->size_bytes / 100);   /* ~100 MB/s from checkpoint storage */
	sim_after(s, restore, on_initialized, t, 0);
}

static void deploy(Sim *s, TaskManager *tm, Task *t)
{
	if (tm->ntasks == tm->cap_tasks) {
		tm->cap_tasks = tm->cap_tasks ? 2 * tm->cap_tasks : 32;
		tm->tasks = realloc(tm->tasks, (size_t)tm->cap_tasks * sizeof *tm->tasks);
		SIM_CHECK(tm->tasks != NULL);
	}
	tm->tasks[tm->ntasks++] = t->id;
	t->alive = true;
	t->state = TASK_DEPLOYING;
	t->frozen = false;
	sim_after(s, DEPLOY_US, on_deployed, t, 0);
}

/* TaskExecutor.submitTask: only into a slot this TaskManager holds for the task's job under
 * the task's allocation — a TaskManager that has since dropped its slots (it lost the
 * JobManager and registered anew) refuses, and the deployment fails. */
static void submit(Sim *s, TaskManager *tm, Task *t)
{
	if (t->slot >= 0 && t->slot < tm->nslots && tm->slot_alloc[t->slot] == t->alloc && t->alloc != 0) {
		deploy(s, tm, t);
		return;
	}
	char cause[200];
	snprintf(cause, sizeof cause, "org.apache.flink.runtime.taskexecutor.exceptions.TaskSubmissionException: "
	         "Could not submit task because there is no JobManager associated for the job %s.", s->jobs[t->job]->jid);
	t->state = TASK_FAILED;
	report(t, TASK_FAILED, cause);
}

static Task *live_task(Sim *s, TaskManager *tm, int64_t id)
{
	if (id < 0 || id >= s->ntasks)
		return NULL;
	Task *t = s->tasks[id];
	return t->alive && t->tm == tm->instance ? t : NULL;
}

/* Does a registration's answer carry the fencing token of the leader we retrieved? With HA a
 * ResourceManager that has lost leadership — or the same JobManager in an earlier leadership,
 * whose answer a cut link held — is not the one we register at: Flink's TaskExecutor drops the
 * answer of a registration it gave up for a new leader, and refuses the slot requests of a
 * ResourceManager it is not connected to ("TaskManager is not connected to the resource
 * manager"); here the slot messages name the registration the answer told us of. */
static bool from_leader(const TaskManager *tm, const Msg *m)
{
	return m->seq == (uint64_t)tm->leader_session;
}

/* Is a ResourceManager message about the registration we hold (an earlier one's, held by a cut
 * link or a pause, is not)? */
static bool our_registration(const TaskManager *tm, int64_t id)
{
	return tm->registered && (uint64_t)id == tm->rm_registration;
}

/* Flink's TaskExecutor.requestSlot: allocate, then offer to the job. A request meant for
 * another registration is ignored: an earlier one (we have registered anew since: the
 * ResourceManager put it back in its queue when we did), or one of a ResourceManager that is
 * not our leader — it would take a slot the leader's requests are meant for. */
static void on_slot_request(Sim *s, TaskManager *tm, const Msg *m)
{
	int k = (int)m->a;
	if (!our_registration(tm, m->b) || k < 0 || k >= tm->nslots ||
	    (tm->slot_alloc[k] != 0 && tm->slot_alloc[k] != (uint64_t)m->c))
		return;
	tm->slot_job[k] = m->job;
	tm->slot_alloc[k] = (uint64_t)m->c;
	Msg *r = msg_new(MSG_SLOT_OFFER, m->job);
	r->a = k;
	r->b = m->b;                         /* the registration it was asked under */
	r->c = m->c;
	send_to_jm(s, tm, r);
}

void tm_handle(Sim *s, Msg *m)
{
	TaskManager *tm = tm_of(s, s->procs[m->to].instance);
	Task *t;
	switch (m->type) {
	case MSG_TM_REGISTERED:
		if ((uint32_t)m->b != tm->registration || !from_leader(tm, m))
			break;                   /* the answer to a registration we have since given up */
		tm->registered = true;
		tm->rm_registration = (uint64_t)m->c;
		sim_cancel(s, &tm->register_ev);
		arm_jm_timeout(s, tm);
		break;
	case MSG_TM_REGISTER:            /* bounced: the JobManager is not there */
		break;
	case MSG_TM_DISCONNECT:
		if (!our_registration(tm, m->c))
			break;                   /* a registration we no longer hold, or never heard of */
		SIM_EMIT(s, EV_TM_DISCONNECTED, .component = s->procs[tm->proc].name, .tm = tm->instance);
		reset(s, tm, "TaskManager was declared lost by the JobManager");
		break;
	case MSG_HEARTBEAT:
		arm_jm_timeout(s, tm);
		send_to_jm(s, tm, msg_new(MSG_HEARTBEAT_REPLY, -1));
		break;
	case MSG_SLOT_REQUEST:
		on_slot_request(s, tm, m);
		break;
	case MSG_SLOT_FREE:
		if (our_registration(tm, m->b) && m->a >= 0 && m->a < tm->nslots && tm->slot_alloc[m->a] == (uint64_t)m->c) {
			tm->slot_job[m->a] = -1;
			tm->slot_alloc[m->a] = 0;
		}
		break;
	case MSG_SUBMIT_TASK:
		if (m->a >= 0 && m->a < s->ntasks && s->tasks[m->a]->state == TASK_CREATED &&
		    s->tasks[m->a]->tm == tm->instance)
			submit(s, tm, s->tasks[m->a]);
		break;
	case MSG_CANCEL_TASK:
		if ((t = live_task(s, tm, m->a)) != NULL) {
			task_teardown(t);
			set_task_state(t, TASK_CANCELED, NULL);
		}
		break;
	case MSG_TRIGGER_CP:
		if ((t = live_task(s, tm, m->a)) != NULL)
			task_trigger_checkpoint(t, m->b, (int32_t)m->c, (SimTime)m->seq);
		break;
	case MSG_NOTIFY_CP:
	case MSG_ABORT_CP:
		if ((t = live_task(s, tm, m->a)) != NULL && t->state == TASK_RUNNING)
			task_notify_checkpoint(t, m->b, m->type == MSG_NOTIFY_CP);
		break;
	case MSG_KAFKA_FETCH_RESP:
	case MSG_KAFKA_OFFSETS_RESP:
	case MSG_KAFKA_FETCH:
	case MSG_KAFKA_OFFSETS:
		if ((t = live_task(s, tm, m->a)) != NULL && t->state == TASK_RUNNING)
			source_handle(t, m);
		break;
	case MSG_KAFKA_PRODUCE_RESP:
	case MSG_KAFKA_PRODUCE:
	case MSG_KAFKA_TXN_RESP:
	case MSG_KAFKA_TXN:
		if ((t = live_task(s, tm, m->a)) != NULL && t->state == TASK_RUNNING)
			sink_handle(t, m);
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------------ process */

void tm_start(Sim *s, int instance)
{
	TaskManager *tm = calloc(1, sizeof *tm);
	SIM_CHECK(tm != NULL);
	tm->instance = instance;
	tm->proc = s->tm_proc[instance];
	tm->inc = s->procs[tm->proc].incarnation;
	tm->nslots = s->opt.slots;
	tm->leader = ha_visible_leader(s, &tm->leader_session);
	for (int k = 0; k < SIM_MAX_SLOTS; k++)
		tm->slot_job[k] = -1;
	/* A ResourceID like the playground's. Flink 1.9: ResourceID.generate(), an AbstractID's 32
	 * hex digits; later releases: container address, RPC port, random suffix. One draw per
	 * statement: the order of evaluation of arguments is unspecified in C. */
	int port = 30000 + (int)rng_below(&s->rng_ids, 30000);
	tm->rpc_port = port;
	tm->data_port = 30000 + (int)rng_below(&s->rng_ids, 30000);
	if (SIM_FLINK_1_9(s)) {
		uint64_t hi = rng_next(&s->rng_ids);
		uint64_t lo = rng_next(&s->rng_ids);
		snprintf(tm->resource_id, sizeof tm->resource_id, "%016llx%016llx", (unsigned long long)hi,
		         (unsigned long long)lo);
	} else {
		unsigned long long suffix = rng_below(&s->rng_ids, 0x1000000);
		snprintf(tm->resource_id, sizeof tm->resource_id, "172.18.0.%d:%d-%06llx", 5 + instance, port, suffix);
	}
	s->tms[instance] = tm;
	SIM_EMIT(s, EV_TM_STARTED, .component = s->procs[tm->proc].name, .tm = instance, .name = tm->resource_id,
	         .n = tm->nslots);
	tm->metrics_ev = sim_after(s, SIM_US_PER_S, on_metrics, tm, 0);
	/* The JVM and the TaskExecutor's services start before it first registers. */
	tm->register_ev = sim_after(s, s->opt.config.startup_taskmanager_ms * SIM_US_PER_MS, on_register_retry, tm, 0);
}

static void on_remote_closed(Sim *s, void *obj, uint64_t arg)
{
	Task *t = obj;
	char cause[200];
	snprintf(cause, sizeof cause,
	         "org.apache.flink.runtime.io.network.netty.exception.RemoteTransportException: "
	         "Connection unexpectedly closed by remote task manager 'taskmanager-%d'. This might "
	         "indicate that the remote task manager was lost.", (int)arg + 1);
	task_fail(t, cause);
}

/* The kernel's FIN/RST of the killed TaskManager's data connection on its way to the
 * receiver's TaskManager: it waits on a cut link like any packet (the receiver then learns
 * from nothing but the JobManager's failover). */
static void send_remote_closed(Sim *s, void *obj, uint64_t arg)
{
	Task *dst = obj;
	SimTime extra = 0;
	if (s->netf && netf_route(s, s->tm_proc[arg], s->tm_proc[dst->tm], send_remote_closed, dst, arg, NULL, &extra))
		return;
	sim_after(s, 200 + extra, on_remote_closed, dst, arg);
}

void tm_kill(Sim *s, int instance)
{
	TaskManager *tm = tm_of(s, instance);
	if (!tm)
		return;
	for (int i = 0; i < tm->ntasks; i++) {
		Task *t = s->tasks[tm->tasks[i]];
		if (!t->alive)
			continue;
		/* Receivers on other TaskManagers see the TCP connection close. */
		for (int k = 0; k < t->nouts; k++) {
			Task *dst = t->outs[k]->dst;
			if (dst->alive && dst->tm != instance)
				send_remote_closed(s, dst, (uint64_t)instance);
		}
		task_teardown(t);
		t->state = TASK_FAILED;   /* nobody reports it: the process is gone */
	}
	sim_cancel(s, &tm->register_ev);
	sim_cancel(s, &tm->metrics_ev);
	sim_cancel(s, &tm->jm_timeout_ev);
	free(tm->tasks);
	free(tm);
	s->tms[instance] = NULL;
}

void tm_set_paused(Sim *s, int instance, bool paused)
{
	TaskManager *tm = tm_of(s, instance);
	if (!tm)
		return;
	/* Flink's heartbeat timeout runs on the clock, not on the process: a pause past it is a
	 * timeout the moment the TaskManager runs again — its tasks fail before they read the
	 * answers that waited for them (a zombie sink reading the answer to its recovery would
	 * otherwise send the next InitProducerId and fence the restarted job's transaction). */
	if (!paused && tm->registered && s->now >= tm->jm_deadline) {
		sim_cancel(s, &tm->jm_timeout_ev);
		on_jm_timeout(s, tm, 0);
	}
	for (int i = 0; i < tm->ntasks; i++) {
		Task *t = s->tasks[tm->tasks[i]];
		if (t->alive)
			task_set_frozen(t, paused);
	}
	if (paused) {
		sim_cancel(s, &tm->jm_timeout_ev);
		sim_cancel(s, &tm->metrics_ev);
	} else {
		if (tm->registered && !tm->jm_timeout_ev)
			tm->jm_timeout_ev = sim_at(s, tm->jm_deadline, on_jm_timeout, tm, 0);
		tm->metrics_ev = sim_after(s, SIM_US_PER_S, on_metrics, tm, 0);
		if (!tm->registered && !tm->register_ev)
			tm->register_ev = sim_after(s, 0, on_register_retry, tm, 0);
	}
}
