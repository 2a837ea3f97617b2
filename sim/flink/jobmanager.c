/*
 * jobmanager.c — the JobManager process: ResourceManager, heartbeats, message dispatch.
 *
 * ResourceManager (Flink's SlotManager): TaskManagers register with their slots; slot
 * requests of JobMasters are served FIFO from free slots (TaskManagers in instance order)
 * by asking the TaskManager to offer the slot to the job. A request is fulfilled when the
 * JobMaster accepts the offer — not when the TaskManager is asked — so a TaskManager lost in
 * between puts its requests back at once, and no slot is counted that nobody holds. Heartbeats: every heartbeat.interval the
 * JobManager asks each registered TaskManager; an answer resets that TaskManager's
 * heartbeat.timeout. When it expires: "Heartbeat of TaskManager with id … timed out.",
 * the TaskManager is unregistered, its slots released and every job running there fails.
 *
 * Registrations are keyed by process, as Flink keys them by ResourceID: a TaskManager container
 * restarted before the heartbeat timeout is a new process with a new ResourceID and registers
 * beside the dead one, which stays until its heartbeat times out (Flink replaces a registration
 * only when the same ResourceID registers again). Nothing is sent to a dead process's
 * registration: the container's address now belongs to the new process.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobmanager.h"
#include "../runtime/task.h"

static JobManager *jm_of(Sim *s) { return s->jm; }

static Job *job_at(Sim *s, int idx)
{
	return idx >= 0 && idx < s->njobs ? s->jobs[idx] : NULL;
}

/* ------------------------------------------------------------------ registrations */

static void free_rm_slot(RmTaskManager *tm, int slot)
{
	tm->slot_job[slot] = -1;
	tm->slot_alloc[slot] = 0;
}

/* Is registration e the container's current process (so that messages reach it)? */
static bool reachable(const Sim *s, const RmTaskManager *tm)
{
	return tm->registered && s->procs[s->tm_proc[tm->instance]].incarnation == tm->inc;
}

/* The registration of a process (container instance, incarnation), -1 if none. */
static int rm_entry(const JobManager *jm, int instance, uint32_t inc)
{
	for (int e = 0; e < RM_MAX_REGISTRATIONS; e++)
		if (jm->tms[e].registered && jm->tms[e].instance == instance && jm->tms[e].inc == inc)
			return e;
	return -1;
}

/* Sends m to registration e's process; dropped when that process is gone. */
static void send_to(Sim *s, int e, Msg *m)
{
	const RmTaskManager *tm = &jm_of(s)->tms[e];
	if (reachable(s, tm))
		net_send_inc(s, s->proc_jobmanager, s->tm_proc[tm->instance], tm->inc, m);
	else
		msg_free(m);
}

/* Tells a TaskManager to free a slot of allocation `alloc` it holds under registration `id`
 * (it ignores it if the slot has moved on to another allocation or registration). */
static void send_slot_free(Sim *s, int e, int slot, uint64_t alloc, uint64_t id, int job)
{
	Msg *m = msg_new(MSG_SLOT_FREE, job);
	m->a = slot;
	m->b = (int64_t)id;
	m->c = (int64_t)alloc;
	send_to(s, e, m);
}

/* ------------------------------------------------------------------ resource manager */

/* The ResourceManager's fencing token (Flink's ResourceManagerId, its leader session), sent
 * with a registration's answer, which a TaskManager takes only from the leader it retrieved:
 * with HA the leadership's generation, which the leader retrieval reads too; without, 0. (The
 * slot messages name the registration they are for, which the answer told the TaskManager.) */
static uint64_t fencing_token(const Sim *s)
{
	return s->ha ? (uint64_t)s->jm->inc : 0;
}

/* Assigns pending requests, oldest first, to free slots of registered TaskManagers (in
 * registration order) and asks each TaskManager to offer its slot to the job. */
static void serve_requests(Sim *s)
{
	JobManager *jm = jm_of(s);
	int e = 0, k = 0;
	for (int i = 0; i < jm->nreqs; i++) {
		SlotRequest *r = &jm->reqs[i];
		if (r->tm >= 0)
			continue;
		for (; e < RM_MAX_REGISTRATIONS; e++, k = 0) {
			RmTaskManager *tm = &jm->tms[e];
			if (!tm->registered)
				continue;
			while (k < tm->nslots && tm->slot_alloc[k] != 0)
				k++;
			if (k < tm->nslots)
				break;
		}
		if (e == RM_MAX_REGISTRATIONS)
			return;                        /* no free slot left */
		RmTaskManager *tm = &jm->tms[e];
		tm->slot_job[k] = r->job;
		tm->slot_alloc[k] = r->alloc;
		r->tm = e;
		r->slot = k;
		Msg *m = msg_new(MSG_SLOT_REQUEST, r->job);
		m->a = k;
		m->b = (int64_t)tm->id;
		m->c = (int64_t)r->alloc;
		send_to(s, e, m);                  /* a dead process never answers: its timeout frees the slot */
	}
}

void rm_request_slots(Sim *s, Job *j, int n)
{
	JobManager *jm = jm_of(s);
	if (!jm || n <= 0)
		return;
	if (jm->nreqs + n > jm->cap_reqs) {
		jm->cap_reqs = 2 * (jm->nreqs + n);
		jm->reqs = realloc(jm->reqs, (size_t)jm->cap_reqs * sizeof *jm->reqs);
		SIM_CHECK(jm->reqs != NULL);
	}
	for (int i = 0; i < n; i++)
		jm->reqs[jm->nreqs++] = (SlotRequest){ .alloc = ++jm->next_alloc, .job = j->index, .tm = -1, .slot = -1 };
	SIM_EMIT(s, EV_SLOTS_REQUESTED, .component = sim_jm_name(s), .job = j->jid, .n = n);
	serve_requests(s);
}

int rm_outstanding(const Sim *s, const Job *j)
{
	int n = 0;
	if (s->jm)
		for (int i = 0; i < s->jm->nreqs; i++)
			n += s->jm->reqs[i].job == j->index;
	return n;
}

/* The job no longer wants its requests. A slot already asked for stays reserved until the
 * TaskManager's offer comes back and is declined (see rm_slot_offered). */
void rm_cancel_requests(Sim *s, Job *j)
{
	JobManager *jm = jm_of(s);
	if (!jm)
		return;
	int kept = 0;
	for (int i = 0; i < jm->nreqs; i++)
		if (jm->reqs[i].job != j->index)
			jm->reqs[kept++] = jm->reqs[i];
	jm->nreqs = kept;
}

/* A TaskManager offers a slot it was asked for. The request is fulfilled if it still exists
 * and the job accepts the slot; otherwise the slot is free again. Offers from an earlier
 * registration (`id` is the one the request named: the same allocation may since have been
 * asked of a later registration of the same TaskManager, which the TaskManager may have given
 * up already), or for a slot since given to another request, are stale: only the
 * TaskManager's copy is freed. */
static void rm_slot_offered(Sim *s, int e, int slot, uint64_t alloc, uint64_t id, int job)
{
	JobManager *jm = jm_of(s);
	RmTaskManager *tm = &jm->tms[e];
	if (slot < 0 || slot >= TM_MAX_SLOTS)
		return;
	if (!tm->registered || tm->id != id || tm->slot_alloc[slot] != alloc) {
		send_slot_free(s, e, slot, alloc, id, job);
		return;
	}
	int i = 0;
	while (i < jm->nreqs && jm->reqs[i].alloc != alloc)
		i++;
	bool accepted = false;
	Job *holder = job_at(s, job);
	if (i == jm->nreqs && holder && jobmaster_holds(holder, tm->instance, tm->inc, slot, alloc))
		return;                          /* SlotPool.offerSlot: an offer it holds already is accepted again */
	if (i < jm->nreqs) {
		Job *j = job_at(s, jm->reqs[i].job);
		memmove(&jm->reqs[i], &jm->reqs[i + 1], (size_t)(jm->nreqs - i - 1) * sizeof jm->reqs[0]);
		jm->nreqs--;
		accepted = j && j->jm_incarnation == jm->inc &&
		           jobmaster_slot_offered(s, j, (SlotRef){ .tm = tm->instance, .slot = slot, .inc = tm->inc, .alloc = alloc });
	}
	if (!accepted) {
		free_rm_slot(tm, slot);
		send_slot_free(s, e, slot, alloc, id, job);
		serve_requests(s);
	}
}

void rm_release_slot(Sim *s, Job *j, const SlotRef *slot)
{
	JobManager *jm = jm_of(s);
	if (!jm)
		return;
	int e = rm_entry(jm, slot->tm, slot->inc);
	if (e >= 0 && jm->tms[e].slot_alloc[slot->slot] == slot->alloc) {
		free_rm_slot(&jm->tms[e], slot->slot);
		send_slot_free(s, e, slot->slot, slot->alloc, jm->tms[e].id, j->index);
	}
	serve_requests(s);
}

int rm_total_slots(const Sim *s)
{
	int n = 0;
	if (s->jm)
		for (int e = 0; e < RM_MAX_REGISTRATIONS; e++)
			if (s->jm->tms[e].registered)
				n += s->jm->tms[e].nslots;
	return n;
}

int rm_free_slots(const Sim *s)
{
	int n = 0;
	if (s->jm)
		for (int e = 0; e < RM_MAX_REGISTRATIONS; e++)
			if (s->jm->tms[e].registered)
				for (int k = 0; k < s->jm->tms[e].nslots; k++)
					n += s->jm->tms[e].slot_alloc[k] == 0;
	return n;
}

/* ------------------------------------------------------------------ heartbeats */

/* The ResourceManager drops a registration; `tell`: let the process know (it was declared lost
 * while it may still run; one that registered anew knows already). */
/* why: a word for observers ("heartbeat", "re-registered", "disconnected"); cause: the text. */
static void tm_lost(Sim *s, int e, const char *why, const char *cause, bool tell)
{
	JobManager *jm = jm_of(s);
	RmTaskManager *tm = &jm->tms[e];
	if (!tm->registered)
		return;
	if (tell) {
		Msg *m = msg_new(MSG_TM_DISCONNECT, -1);
		m->c = (int64_t)tm->id;            /* this registration is gone, not a later one */
		send_to(s, e, m);
	}
	tm->registered = false;
	sim_cancel(s, &tm->hb_timeout_ev);
	SIM_EMIT(s, EV_TM_LOST, .component = sim_jm_name(s), .tm = tm->instance, .what = why, .text = cause);
	for (int i = 0; i < jm->nreqs; i++)       /* its requested slots: pending again, at once */
		if (jm->reqs[i].tm == e && !SIM_MUTATED(s, SIM_MUT_FORGET_LOST_SLOT))
			jm->reqs[i].tm = jm->reqs[i].slot = -1;
	for (int i = 0; i < s->njobs; i++)
		if (s->jobs[i]->jm_incarnation == jm->inc && !job_state_is_terminal(s->jobs[i]->state))
			jobmaster_tm_lost(s, s->jobs[i], tm->instance, tm->inc, cause);
	serve_requests(s);
}

static void on_hb_timeout(Sim *s, void *obj, uint64_t arg)
{
	JobManager *jm = obj;
	int e = (int)arg;
	jm->tms[e].hb_timeout_ev = 0;
	char cause[200];
	snprintf(cause, sizeof cause,
	         "java.util.concurrent.TimeoutException: Heartbeat of TaskManager with id %s timed out.",
	         jm->tms[e].resource_id);
	tm_lost(s, e, "heartbeat", cause, true);
}

static void arm_hb_timeout(Sim *s, int e)
{
	JobManager *jm = jm_of(s);
	sim_cancel(s, &jm->tms[e].hb_timeout_ev);
	jm->tms[e].hb_timeout_ev = sim_after(s, s->opt.config.heartbeat_timeout_ms * SIM_US_PER_MS,
	                                     on_hb_timeout, jm, (uint64_t)e);
}

static void on_heartbeat_round(Sim *s, void *obj, uint64_t arg)
{
	JobManager *jm = obj;
	jm->hb_ev = sim_after(s, s->opt.config.heartbeat_interval_ms * SIM_US_PER_MS, on_heartbeat_round, jm, 0);
	for (int e = 0; e < RM_MAX_REGISTRATIONS; e++)
		if (jm->tms[e].registered)
			send_to(s, e, msg_new(MSG_HEARTBEAT, -1));
}

/* ------------------------------------------------------------------ process */

void jm_random_uuid(JobManager *jm, char out[37])
{
	uint64_t hi = rng_next(&jm->rng_web);
	uint64_t lo = rng_next(&jm->rng_web);
	/* UUID.randomUUID(): version 4, IETF variant */
	hi = (hi & ~0xf000ull) | 0x4000ull;
	lo = (lo & ~(3ull << 62)) | (2ull << 62);
	snprintf(out, 37, "%08llx-%04llx-%04llx-%04llx-%012llx", (unsigned long long)(hi >> 32),
	         (unsigned long long)((hi >> 16) & 0xffff), (unsigned long long)(hi & 0xffff),
	         (unsigned long long)(lo >> 48), (unsigned long long)(lo & 0xffffffffffffull));
}

/* The JVM is up, the ResourceManager, Dispatcher and REST endpoint with it: heartbeats begin
 * and requests are answered. A paused container finishes starting when it is unpaused. */
static void on_ready(Sim *s, void *obj, uint64_t arg)
{
	JobManager *jm = obj;
	jm->ready_ev = 0;
	if (s->procs[s->proc_jobmanager].state != SERVICE_RUNNING) {
		jm->ready_ev = sim_after(s, 100 * SIM_US_PER_MS, on_ready, jm, 0);
		return;
	}
	jm->ready = true;
	SIM_EMIT(s, EV_JM_READY, .component = s->procs[s->proc_jobmanager].name);
	jm->hb_ev = sim_after(s, s->opt.config.heartbeat_interval_ms * SIM_US_PER_MS, on_heartbeat_round, jm, 0);
}

static JobManager *create(Sim *s, uint32_t inc)
{
	JobManager *jm = calloc(1, sizeof *jm);
	SIM_CHECK(jm != NULL);
	jm->inc = inc;
	char stream[48], uuid[37];
	snprintf(stream, sizeof stream, "jobmanager-web-%u", jm->inc);
	rng_seed(&jm->rng_web, s->opt.seed, stream);
	jm_random_uuid(jm, uuid);
	snprintf(jm->web_dir, sizeof jm->web_dir, "/tmp/flink-web-%s", uuid);
	s->jm = jm;
	return jm;
}

void jm_start(Sim *s)
{
	JobManager *jm = create(s, s->procs[s->proc_jobmanager].incarnation);
	jm->ready_at = s->now + s->opt.config.startup_jobmanager_ms * SIM_US_PER_MS;
	SIM_EMIT(s, EV_JM_STARTED, .component = sim_jm_name(s));
	jm->ready_ev = sim_at(s, jm->ready_at, on_ready, jm, 0);
}

void jm_start_leader(Sim *s, uint32_t inc)
{
	JobManager *jm = create(s, inc);
	jm->ready_at = s->now;                /* its JVM and REST endpoint are up already */
	jm->ready = true;
	jm->hb_ev = sim_after(s, s->opt.config.heartbeat_interval_ms * SIM_US_PER_MS, on_heartbeat_round, jm, 0);
}

/* The Dispatcher, ResourceManager and JobMasters stop: every job of theirs is SUSPENDED.
 * Without HA the jobs die with the process (their records stay for the learner to inspect): a
 * JobManager that shuts down suspends them and says so, a killed one says nothing — the loss
 * is docker-compose's news. With HA the next leader recovers them; `cancel`: the process still
 * runs (a revoked leader) and cancels its tasks. */
static void stop_all(Sim *s, bool graceful, bool cancel)
{
	JobManager *jm = jm_of(s);
	if (!jm)
		return;
	sim_cancel(s, &jm->hb_ev);
	sim_cancel(s, &jm->ready_ev);
	for (int e = 0; e < RM_MAX_REGISTRATIONS; e++)
		sim_cancel(s, &jm->tms[e].hb_timeout_ev);
	for (int i = 0; i < s->njobs; i++) {
		Job *j = s->jobs[i];
		if (j->jm_incarnation != jm->inc || job_state_is_terminal(j->state))
			continue;
		cc_suspend(s, &j->cc, !graceful && !cancel);
		sim_cancel(s, &j->restart_ev);
		sim_cancel(s, &j->slot_timeout_ev);
		j->nslots = 0;
		if (s->ha) {
			jobmaster_suspend(s, j, cancel, !graceful);
			continue;
		}
		SIM_EMIT(s, EV_JOB_LOST, .component = graceful ? sim_jm_name(s) : "compose", .job = j->jid);
		if (graceful)
			job_set_state(s, j, JOB_SUSPENDED);
		else
			job_set_state_quietly(s, j, JOB_SUSPENDED);
	}
	free(jm->reqs);
	free(jm);
	s->jm = NULL;
}

void jm_stop(Sim *s, bool graceful) { stop_all(s, graceful, false); }

void jm_revoke(Sim *s, bool cancel) { stop_all(s, true, cancel); }

void jm_set_paused(Sim *s, bool paused)
{
	JobManager *jm = jm_of(s);
	if (!jm)
		return;
	/* A frozen JobManager sends no heartbeats and runs no timers: shift them all. */
	if (paused) {
		sim_cancel(s, &jm->hb_ev);
		for (int e = 0; e < RM_MAX_REGISTRATIONS; e++)
			sim_cancel(s, &jm->tms[e].hb_timeout_ev);
	} else if (jm->ready) {
		jm->hb_ev = sim_after(s, s->opt.config.heartbeat_interval_ms * SIM_US_PER_MS, on_heartbeat_round, jm, 0);
		for (int e = 0; e < RM_MAX_REGISTRATIONS; e++)
			if (jm->tms[e].registered)
				arm_hb_timeout(s, e);
	}
}

static int free_entry(const JobManager *jm)
{
	for (int e = 0; e < RM_MAX_REGISTRATIONS; e++)
		if (!jm->tms[e].registered && !jm->tms[e].hb_timeout_ev)
			return e;
	return -1;
}

/* ResourceManager.registerTaskExecutor. The same process registering anew (it lost us and
 * dropped its tasks: the same ResourceID) replaces its registration, slots and all; a new
 * process is a new ResourceID and a registration of its own. */
static void on_register(Sim *s, Msg *m)
{
	JobManager *jm = jm_of(s);
	int instance = (int)m->b;
	uint32_t inc = m->from_inc;          /* the sender, not whoever runs in its container now */
	int e = rm_entry(jm, instance, inc);
	if (e >= 0 && jm->tms[e].registration != (uint32_t)m->c) {
		char cause[200];
		snprintf(cause, sizeof cause, "TaskManager %s registered anew: its earlier registration and slots are gone.",
		         jm->tms[e].resource_id);
		tm_lost(s, e, "re-registered", cause, false);
		e = -1;
	}
	if (e < 0) {
		e = free_entry(jm);
		SIM_CHECK(e >= 0);
		RmTaskManager *tm = &jm->tms[e];
		*tm = (RmTaskManager){ .registered = true, .instance = instance, .inc = inc, .nslots = (int)m->a,
		                       .registered_at = s->now, .registration = (uint32_t)m->c,
		                       .id = (uint64_t)jm->inc << 32 | ++jm->next_id };
		for (int k = 0; k < TM_MAX_SLOTS; k++)
			free_rm_slot(tm, k);
		snprintf(tm->resource_id, sizeof tm->resource_id, "%s", m->text);
		SIM_EMIT(s, EV_TM_REGISTERED, .component = sim_jm_name(s), .tm = instance, .name = tm->resource_id,
		         .text = s->procs[m->from].name, .n = tm->nslots, .k = (int64_t)m->seq, .flag = SIM_FLINK_1_9(s));
		arm_hb_timeout(s, e);
	}
	/* A retry of a registration we hold (our answer has not reached the TaskManager) does not
	 * reset its heartbeat timeout: Flink's HeartbeatManagerImpl.monitorTarget ignores a target it
	 * monitors already ("is already been monitored"), and only heartbeat answers reset it. A
	 * TaskManager that cannot hear us is still declared lost, and its slots with it. */
	Msg *r = msg_new(MSG_TM_REGISTERED, -1);
	r->b = jm->tms[e].registration;    /* acknowledges this registration, not an older one */
	r->c = (int64_t)jm->tms[e].id;
	r->seq = fencing_token(s);
	net_send_inc(s, s->proc_jobmanager, m->from, inc, r);
	serve_requests(s);
}

void jm_handle(Sim *s, Msg *m)
{
	JobManager *jm = jm_of(s);
	if (m->to != s->proc_jobmanager)
		return;                           /* a standby JobManager: its RPC endpoints are not the leader's */
	Job *j = job_at(s, m->job);
	if (j && j->jm_incarnation != jm->inc)
		j = NULL;                         /* a job of an earlier JobManager */
	if (!jm->ready)
		return;                           /* still starting: nothing listens yet */
	int e = s->procs[m->from].kind == PROC_TASKMANAGER
	      ? rm_entry(jm, s->procs[m->from].instance, m->from_inc) : -1;   /* the sender, not its container's process now */
	switch (m->type) {
	case MSG_TM_REGISTER:
		on_register(s, m);
		break;
	case MSG_TM_DISCONNECT:
		if (e >= 0) {
			char cause[160];
			snprintf(cause, sizeof cause, "TaskManager %s disconnected: The TaskExecutor is shutting down.",
			         jm->tms[e].resource_id);
			tm_lost(s, e, "disconnected", cause, false);
		}
		break;
	case MSG_HEARTBEAT_REPLY:
		if (e >= 0)
			arm_hb_timeout(s, e);
		break;
	case MSG_SLOT_OFFER:
		if (e >= 0)
			rm_slot_offered(s, e, (int)m->a, (uint64_t)m->c, (uint64_t)m->b, m->job);
		break;
	case MSG_TASK_STATE:
		if (j)
			jobmaster_task_state(s, j, (int)m->a, (TaskState)m->b, m->text);
		break;
	case MSG_ACK_CP:
		if (j) {
			cc_on_ack(s, &j->cc, (int)m->a, m->b, m->payload);
			m->payload = NULL;
		}
		break;
	default:
		break;
	}
}
