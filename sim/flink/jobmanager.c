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

/* ------------------------------------------------------------------ resource manager */

static void free_rm_slot(RmTaskManager *tm, int slot)
{
	tm->slot_job[slot] = -1;
	tm->slot_alloc[slot] = 0;
}

/* Tells a TaskManager to free a slot of allocation `alloc` (it ignores it if the slot has
 * moved on to another allocation). */
static void send_slot_free(Sim *s, int t, int slot, uint64_t alloc, int job)
{
	Msg *m = msg_new(MSG_SLOT_FREE, job);
	m->a = slot;
	m->c = (int64_t)alloc;
	net_send_inc(s, s->proc_jobmanager, s->tm_proc[t], jm_of(s)->tms[t].inc, m);
}

/* Assigns pending requests, oldest first, to free slots of registered TaskManagers (in
 * instance order) and asks each TaskManager to offer its slot to the job. */
static void serve_requests(Sim *s)
{
	JobManager *jm = jm_of(s);
	int t = 0, k = 0;
	for (int i = 0; i < jm->nreqs; i++) {
		SlotRequest *r = &jm->reqs[i];
		if (r->tm >= 0)
			continue;
		for (; t < SIM_MAX_TMS; t++, k = 0) {
			RmTaskManager *tm = &jm->tms[t];
			if (!tm->registered)
				continue;
			while (k < tm->nslots && tm->slot_alloc[k] != 0)
				k++;
			if (k < tm->nslots)
				break;
		}
		if (t == SIM_MAX_TMS)
			return;                        /* no free slot left */
		RmTaskManager *tm = &jm->tms[t];
		tm->slot_job[k] = r->job;
		tm->slot_alloc[k] = r->alloc;
		r->tm = t;
		r->slot = k;
		Msg *m = msg_new(MSG_SLOT_REQUEST, r->job);
		m->a = k;
		m->b = tm->registration;
		m->c = (int64_t)r->alloc;
		net_send_inc(s, s->proc_jobmanager, s->tm_proc[t], tm->inc, m);
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
	SIM_EMIT(s, EV_SLOTS_REQUESTED, .component = "jobmanager", .job = j->jid, .n = n);
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
 * registration, or for a slot since given to another request, are stale: only the
 * TaskManager's copy is freed. */
static void rm_slot_offered(Sim *s, int t, int slot, uint64_t alloc, uint32_t registration, int job)
{
	JobManager *jm = jm_of(s);
	RmTaskManager *tm = &jm->tms[t];
	if (slot < 0 || slot >= TM_MAX_SLOTS)
		return;
	if (!tm->registered || tm->registration != registration || tm->slot_alloc[slot] != alloc) {
		send_slot_free(s, t, slot, alloc, job);
		return;
	}
	int i = 0;
	while (i < jm->nreqs && jm->reqs[i].alloc != alloc)
		i++;
	bool accepted = false;
	Job *holder = job_at(s, job);
	if (i == jm->nreqs && holder && jobmaster_holds(holder, t, slot, alloc))
		return;                          /* SlotPool.offerSlot: an offer it holds already is accepted again */
	if (i < jm->nreqs) {
		Job *j = job_at(s, jm->reqs[i].job);
		memmove(&jm->reqs[i], &jm->reqs[i + 1], (size_t)(jm->nreqs - i - 1) * sizeof jm->reqs[0]);
		jm->nreqs--;
		accepted = j && j->jm_incarnation == jm->inc &&
		           jobmaster_slot_offered(s, j, (SlotRef){ .tm = t, .slot = slot, .inc = tm->inc, .alloc = alloc });
	}
	if (!accepted) {
		free_rm_slot(tm, slot);
		send_slot_free(s, t, slot, alloc, job);
		serve_requests(s);
	}
}

void rm_release_slot(Sim *s, Job *j, const SlotRef *slot)
{
	JobManager *jm = jm_of(s);
	if (!jm)
		return;
	RmTaskManager *tm = &jm->tms[slot->tm];
	if (tm->registered && tm->inc == slot->inc && tm->slot_alloc[slot->slot] == slot->alloc) {
		free_rm_slot(tm, slot->slot);
		send_slot_free(s, slot->tm, slot->slot, slot->alloc, j->index);
	}
	serve_requests(s);
}

int rm_total_slots(const Sim *s)
{
	int n = 0;
	if (s->jm)
		for (int t = 0; t < SIM_MAX_TMS; t++)
			if (s->jm->tms[t].registered)
				n += s->jm->tms[t].nslots;
	return n;
}

int rm_free_slots(const Sim *s)
{
	int n = 0;
	if (s->jm)
		for (int t = 0; t < SIM_MAX_TMS; t++)
			if (s->jm->tms[t].registered)
				for (int k = 0; k < s->jm->tms[t].nslots; k++)
					n += s->jm->tms[t].slot_alloc[k] == 0;
	return n;
}

/* ------------------------------------------------------------------ heartbeats */

/* The ResourceManager drops a TaskManager; `tell`: let it know (it was declared lost while it
 * may still run; one that registered anew knows already). */
static void tm_lost(Sim *s, int t, const char *cause, bool tell)
{
	RmTaskManager *tm = &jm_of(s)->tms[t];
	if (!tm->registered)
		return;
	tm->registered = false;
	sim_cancel(s, &tm->hb_timeout_ev);
	SIM_EMIT(s, EV_TM_LOST, .component = "jobmanager", .tm = t, .text = cause);
	JobManager *jm = jm_of(s);
	for (int i = 0; i < jm->nreqs; i++)       /* its requested slots: pending again, at once */
		if (jm->reqs[i].tm == t && !SIM_MUTATED(s, SIM_MUT_FORGET_LOST_SLOT))
			jm->reqs[i].tm = jm->reqs[i].slot = -1;
	if (tell)
		net_send_inc(s, s->proc_jobmanager, s->tm_proc[t], tm->inc, msg_new(MSG_TM_DISCONNECT, -1));
	for (int i = 0; i < s->njobs; i++)
		if (s->jobs[i]->jm_incarnation == jm_of(s)->inc && !job_state_is_terminal(s->jobs[i]->state))
			jobmaster_tm_lost(s, s->jobs[i], t, cause);
	serve_requests(s);
}

static void on_hb_timeout(Sim *s, void *obj, uint64_t arg)
{
	JobManager *jm = obj;
	int t = (int)arg;
	jm->tms[t].hb_timeout_ev = 0;
	char cause[200];
	snprintf(cause, sizeof cause,
	         "java.util.concurrent.TimeoutException: Heartbeat of TaskManager with id %s timed out.",
	         jm->tms[t].resource_id);
	tm_lost(s, t, cause, true);
}

static void arm_hb_timeout(Sim *s, int t)
{
	JobManager *jm = jm_of(s);
	sim_cancel(s, &jm->tms[t].hb_timeout_ev);
	jm->tms[t].hb_timeout_ev = sim_after(s, s->opt.config.heartbeat_timeout_ms * SIM_US_PER_MS,
	                                     on_hb_timeout, jm, (uint64_t)t);
}

static void on_heartbeat_round(Sim *s, void *obj, uint64_t arg)
{
	JobManager *jm = obj;
	jm->hb_ev = sim_after(s, s->opt.config.heartbeat_interval_ms * SIM_US_PER_MS, on_heartbeat_round, jm, 0);
	for (int t = 0; t < SIM_MAX_TMS; t++)
		if (jm->tms[t].registered)
			net_send_inc(s, s->proc_jobmanager, s->tm_proc[t], jm->tms[t].inc, msg_new(MSG_HEARTBEAT, -1));
}

/* ------------------------------------------------------------------ process */

void jm_start(Sim *s, uint32_t inc)
{
	JobManager *jm = calloc(1, sizeof *jm);
	SIM_CHECK(jm != NULL);
	jm->inc = inc;
	s->jm = jm;
	jm->hb_ev = sim_after(s, s->opt.config.heartbeat_interval_ms * SIM_US_PER_MS, on_heartbeat_round, jm, 0);
}

/* The Dispatcher, ResourceManager and JobMasters stop: every job of theirs is SUSPENDED.
 * `cancel`: the process still runs and cancels its tasks (a revoked leader); otherwise it is
 * gone. Without HA the jobs are lost with it; with HA the next leader recovers them. */
static void stop_all(Sim *s, bool cancel)
{
	JobManager *jm = jm_of(s);
	if (!jm)
		return;
	sim_cancel(s, &jm->hb_ev);
	for (int t = 0; t < SIM_MAX_TMS; t++)
		sim_cancel(s, &jm->tms[t].hb_timeout_ev);
	for (int i = 0; i < s->njobs; i++) {
		Job *j = s->jobs[i];
		if (j->jm_incarnation != jm->inc || job_state_is_terminal(j->state))
			continue;
		cc_suspend(s, &j->cc);
		sim_cancel(s, &j->restart_ev);
		sim_cancel(s, &j->slot_timeout_ev);
		j->nslots = 0;
		if (!s->ha)
			SIM_EMIT(s, EV_JOB_LOST, .component = "jobmanager", .job = j->jid);
		if (s->ha)
			cc_fail_savepoints(s, &j->cc, "The job was suspended: its JobManager lost leadership.");
		jobmaster_suspend(s, j, cancel);
	}
	free(jm->reqs);
	free(jm);
	s->jm = NULL;
}

void jm_stop(Sim *s) { stop_all(s, false); }

void jm_revoke(Sim *s, bool cancel) { stop_all(s, cancel); }

void jm_set_paused(Sim *s, bool paused)
{
	JobManager *jm = jm_of(s);
	if (!jm)
		return;
	/* A frozen JobManager sends no heartbeats and runs no timers: shift them all. */
	if (paused) {
		sim_cancel(s, &jm->hb_ev);
		for (int t = 0; t < SIM_MAX_TMS; t++)
			sim_cancel(s, &jm->tms[t].hb_timeout_ev);
	} else {
		jm->hb_ev = sim_after(s, s->opt.config.heartbeat_interval_ms * SIM_US_PER_MS, on_heartbeat_round, jm, 0);
		for (int t = 0; t < SIM_MAX_TMS; t++)
			if (jm->tms[t].registered)
				arm_hb_timeout(s, t);
	}
}

static void on_register(Sim *s, Msg *m)
{
	JobManager *jm = jm_of(s);
	int t = (int)m->b;
	RmTaskManager *tm = &jm->tms[t];
	uint32_t inc = m->from_inc;          /* the sender, not whoever runs in its container now */
	if (tm->registered && (tm->inc != inc || tm->registration != (uint32_t)m->c)) {
		/* A new process, or the same one registering anew after it lost us (and dropped
		 * its tasks): Flink replaces the old registration, and its slots go with it. */
		char cause[200];
		snprintf(cause, sizeof cause, tm->inc != inc ? "TaskManager %s was replaced by a new process."
		         : "TaskManager %s registered anew: its earlier registration and slots are gone.", tm->resource_id);
		tm_lost(s, t, cause, false);
	}
	if (!tm->registered) {
		tm->registered = true;
		tm->inc = inc;
		tm->nslots = (int)m->a;
		for (int k = 0; k < TM_MAX_SLOTS; k++)
			free_rm_slot(tm, k);
		snprintf(tm->resource_id, sizeof tm->resource_id, "%s", m->text);
		tm->registered_at = s->now;
		tm->registration = (uint32_t)m->c;
		SIM_EMIT(s, EV_TM_REGISTERED, .component = "jobmanager", .tm = t, .name = tm->resource_id,
		         .text = s->procs[m->from].name, .n = tm->nslots);
	}
	arm_hb_timeout(s, t);
	Msg *r = msg_new(MSG_TM_REGISTERED, -1);
	r->b = tm->registration;           /* acknowledges this registration, not an older one */
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
	int t = s->procs[m->from].kind == PROC_TASKMANAGER ? s->procs[m->from].instance : -1;
	switch (m->type) {
	case MSG_TM_REGISTER:
		on_register(s, m);
		break;
	case MSG_TM_DISCONNECT:
		if (t >= 0 && jm->tms[t].registered && jm->tms[t].inc == m->from_inc) {
			char cause[160];
			snprintf(cause, sizeof cause, "TaskManager %s disconnected: The TaskExecutor is shutting down.",
			         jm->tms[t].resource_id);
			tm_lost(s, t, cause, false);
		}
		break;
	case MSG_HEARTBEAT_REPLY:
		if (t >= 0 && jm->tms[t].registered && jm->tms[t].inc == m->from_inc)
			arm_hb_timeout(s, t);
		break;
	case MSG_SLOT_OFFER:
		if (t >= 0 && jm->tms[t].inc == m->from_inc)
			rm_slot_offered(s, t, (int)m->a, (uint64_t)m->c, (uint32_t)m->b, m->job);
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
