/*
 * ha.c — JobManager high availability with ZooKeeper (see ha.h).
 *
 * Timings (the fact sheet, issue 14 A.1, A.6, A.7): Flink asks for a 60 s session; the
 * playground's ZooKeeper (tickTime 2000) clamps it to 20 ticks, 40 s. A client notices a
 * refused connection (ZooKeeper killed) at once and a silent one (paused) after 2/3 of the
 * session timeout without an answer; Curator then reports SUSPENDED, and after a whole session
 * timeout SUSPENDED, LOST. The server expires a session it has not heard from for the session
 * timeout, which deletes its ephemeral nodes: a killed leader's latch node stays until then,
 * so a standby takes over about 40 s after a kill, but at once after a stop (the JVM's
 * shutdown hook closes the session). On reconnection Curator's LeaderLatch.reset() deletes
 * the client's node and creates a new one, at the back of the queue.
 *
 * Simplifications: leadership is granted at the instant a latch node becomes first (Curator
 * hears of it within a round trip); a paused leader whose session expires is torn down then
 * (the frozen JVM would notice when it resumes, and do nothing before); the TaskManagers'
 * ZooKeeper clients are one: they notice an outage together.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ha.h"
#include "job.h"
#include "jobmanager.h"
#include "states.h"
#include "taskmanager.h"

#define ZK_TICK_MS       2000                          /* zoo_sample.cfg tickTime */
#define ZK_RTT_US        (2 * SIM_US_PER_MS)           /* a watch fires, the node is read */
#define RECOVERY_US      (100 * SIM_US_PER_MS)         /* the job graph read from the storage directory */

static Ha *ha_of(const Sim *s) { return s->ha; }

static bool zk_up(const Sim *s)
{
	return s->proc_zookeeper >= 0 && s->procs[s->proc_zookeeper].state == SERVICE_RUNNING;
}

static const char *name_of(const Sim *s, const HaClient *c) { return s->procs[c->proc].name; }

static void zk_event(Sim *s, HaClient *c, const char *what)
{
	SIM_EMIT(s, EV_HA_ZOOKEEPER, .component = name_of(s, c), .what = what);
}

/* ------------------------------------------------------------------ leader retrieval */

static void on_tm_notify(Sim *s, void *obj, uint64_t arg)
{
	int t = (int)arg;
	if (t >= s->ntm || !s->tms[t] || proc_defer(s, s->tm_proc[t], on_tm_notify, obj, arg))
		return;
	int64_t session;
	int proc = ha_visible_leader(s, &session);
	tm_set_leader(s, t, proc, session);          /* the leader node as it is now */
}

/* The leader node changed, or the TaskManagers' view of ZooKeeper did: each re-reads it. */
static void notify_tms(Sim *s)
{
	for (int t = 0; t < s->ntm; t++)
		if (s->tms[t])
			sim_after(s, ZK_RTT_US, on_tm_notify, ha_of(s), (uint64_t)t);
}

int ha_visible_leader(const Sim *s, int64_t *session)
{
	const Ha *ha = ha_of(s);
	*session = 0;
	if (!ha)
		return s->proc_jobmanager;
	if (!ha->tms_connected || ha->leader < 0)
		return -1;
	*session = ha->c[ha->leader].session_gen;
	return ha->c[ha->leader].proc;
}

/* ------------------------------------------------------------------ leadership */

/* Dispatcher recovery (SessionDispatcherLeaderProcess.recoverJobs): every job graph still in
 * the store becomes a new JobMaster with a new execution graph, restored from the latest
 * completed checkpoint — or from what the job was submitted with, when it has none. */
static void recover_jobs(Sim *s)
{
	for (int i = 0; i < s->njobs; i++) {
		Job *old = s->jobs[i];
		if (old->state != JOB_SUSPENDED)
			continue;                      /* globally terminal: removed from the store */
		Job *j = job_create(s, &old->opt, old->jid);
		j->index = i;
		j->jm_incarnation = s->jm->inc;
		if (old->cc.latest) {
			checkpoint_retain(old->cc.latest);
			j->cc.latest = old->cc.latest;
		}
		j->cc.next_id = old->cc.next_id;    /* the checkpoint counter in ZooKeeper */
		j->received = true;                 /* the Dispatcher has its graph: the store's */
		j->dispatcher = sim_jm_process(s);
		s->retired = realloc(s->retired, (size_t)(s->nretired + 1) * sizeof *s->retired);
		SIM_CHECK(s->retired != NULL);
		s->retired[s->nretired++] = old;
		s->jobs[i] = j;
		SIM_EMIT(s, EV_HA_JOB_RECOVERED, .component = s->procs[s->proc_jobmanager].name, .job = j->jid,
		         .id = j->cc.latest && !j->cc.latest->savepoint ? j->cc.latest->id : -1,
		         .flag = j->cc.latest && j->cc.latest->savepoint, .path = j->cc.latest ? j->cc.latest->path : NULL);
		job_schedule_start(s, j, RECOVERY_US);
	}
}

static void grant(Sim *s, int k)
{
	Ha *ha = ha_of(s);
	HaClient *c = &ha->c[k];
	SIM_CHECK(s->jm == NULL);
	c->leader = true;
	ha->leader = k;
	ha->generation++;
	c->session_gen = ha->generation;
	s->proc_jobmanager = c->proc;
	int graphs = 0;                         /* the job graph store: jobs not globally terminal */
	for (int i = 0; i < s->njobs; i++)
		graphs += s->jobs[i]->state == JOB_SUSPENDED;
	SIM_EMIT(s, EV_HA_LEADERSHIP, .component = name_of(s, c), .what = "granted", .n = ha->generation, .m = graphs);
	jm_start_leader(s, (uint32_t)ha->generation);
	recover_jobs(s);
	if (ha->tms_connected)
		notify_tms(s);
}

/* The contender stops: its JobMasters suspend their jobs (cancelling their tasks when it still
 * runs), the ResourceManager forgets its TaskManagers. The HA data stays. */
static void revoke(Sim *s, int k, const char *why)
{
	Ha *ha = ha_of(s);
	HaClient *c = &ha->c[k];
	if (!c->leader)
		return;
	c->leader = false;
	if (s->jm && s->proc_jobmanager == c->proc)
		jm_revoke(s, proc_running(s, c->proc));
	SIM_EMIT(s, EV_HA_LEADERSHIP, .component = name_of(s, c), .what = "revoked", .n = ha->generation, .text = why);
}

/* Grants leadership to the owner of the first latch node, if it can take it now: a node of a
 * dead process's session (a ghost) or of a suspended client keeps everybody waiting. */
static void check_leader(Sim *s)
{
	Ha *ha = ha_of(s);
	int first = -1;
	int64_t low = 0;
	bool ghost = false;
	for (int k = 0; k < SIM_MAX_JMS; k++) {
		const HaClient *c = &ha->c[k];
		if (c->proc < 0)
			continue;
		if (c->session && c->latch > 0 && (low == 0 || c->latch < low)) {
			low = c->latch;
			first = k;
			ghost = false;
		}
		if (c->ghost > 0 && (low == 0 || c->ghost < low)) {
			low = c->ghost;
			first = k;
			ghost = true;
		}
	}
	if (first < 0 || ghost)
		return;
	HaClient *c = &ha->c[first];
	if (!c->leader && c->conn == ZK_CONNECTED && s->procs[c->proc].state == SERVICE_RUNNING && !s->jm)
		grant(s, first);
}

/* ------------------------------------------------------------------ sessions */

/* The client's session ends at the server: its ephemeral nodes go, the /leader node too. */
static void end_session(Sim *s, int k)
{
	Ha *ha = ha_of(s);
	HaClient *c = &ha->c[k];
	c->session = false;
	c->latch = 0;
	sim_cancel(s, &c->expire_ev);
	if (ha->leader == k && c->ghost == 0) {
		ha->leader = -1;
		if (ha->tms_connected)
			notify_tms(s);
	}
}

static void on_expire(Sim *s, void *obj, uint64_t arg)
{
	Ha *ha = obj;
	HaClient *c = &ha->c[arg];
	c->expire_ev = 0;
	if (!c->session)
		return;
	SIM_EMIT(s, EV_HA_ZOOKEEPER, .component = "zookeeper", .what = "expired", .name = name_of(s, c),
	         .n = ha->session_us / SIM_US_PER_MS);
	revoke(s, (int)arg, "the ZooKeeper session expired");
	end_session(s, (int)arg);
	check_leader(s);
}

static void on_ghost_expire(Sim *s, void *obj, uint64_t arg)
{
	Ha *ha = obj;
	HaClient *c = &ha->c[arg];
	c->ghost_ev = 0;
	if (c->ghost == 0)
		return;
	SIM_EMIT(s, EV_HA_ZOOKEEPER, .component = "zookeeper", .what = "expired", .name = name_of(s, c),
	         .n = ha->session_us / SIM_US_PER_MS);
	c->ghost = 0;
	if (ha->leader == (int)arg && !c->leader) {
		ha->leader = -1;                 /* the dead leader's /leader node goes */
		if (ha->tms_connected)
			notify_tms(s);
	}
	check_leader(s);
}

/* The server stops hearing from a session (its process is frozen or dead): it expires it after
 * the session timeout, counted while the server runs. */
static void arm_expiry(Sim *s, int k)
{
	Ha *ha = ha_of(s);
	HaClient *c = &ha->c[k];
	sim_cancel(s, &c->expire_ev);
	if (zk_up(s) && c->session && s->procs[c->proc].state != SERVICE_RUNNING)
		c->expire_ev = sim_after(s, ha->session_us, on_expire, ha, (uint64_t)k);
}

static void arm_ghost_expiry(Sim *s, int k)
{
	Ha *ha = ha_of(s);
	HaClient *c = &ha->c[k];
	sim_cancel(s, &c->ghost_ev);
	if (zk_up(s) && c->ghost > 0)
		c->ghost_ev = sim_after(s, ha->session_us, on_ghost_expire, ha, (uint64_t)k);
}

/* Connects (or reconnects) a running client: the same session if the server still holds it
 * and Curator has not given it up, else a new one; either way LeaderLatch.reset() puts a new
 * latch node at the back of the queue. */
static void connect(Sim *s, int k)
{
	Ha *ha = ha_of(s);
	HaClient *c = &ha->c[k];
	if (!c->up || !zk_up(s) || s->procs[c->proc].state != SERVICE_RUNNING)
		return;
	bool again = c->conn != ZK_DISCONNECTED;
	sim_cancel(s, &c->notice_ev);
	sim_cancel(s, &c->lost_ev);
	sim_cancel(s, &c->expire_ev);
	if (c->lost || !c->session)
		end_session(s, k);
	c->lost = false;
	c->session = true;
	c->latch = ++ha->next_latch;
	c->conn = ZK_CONNECTED;
	if (again)
		zk_event(s, c, "reconnected");
	check_leader(s);
}

static void on_lost(Sim *s, void *obj, uint64_t arg)
{
	Ha *ha = obj;
	HaClient *c = &ha->c[arg];
	c->lost_ev = 0;
	if (c->conn != ZK_SUSPENDED || proc_defer(s, c->proc, on_lost, obj, arg))
		return;
	c->lost = true;
	zk_event(s, c, "lost");
}

/* Curator: SUSPENDED. Every contender of the process loses leadership now. */
static void suspend(Sim *s, int k)
{
	Ha *ha = ha_of(s);
	HaClient *c = &ha->c[k];
	if (c->conn != ZK_CONNECTED)
		return;
	c->conn = ZK_SUSPENDED;
	zk_event(s, c, "suspended");
	revoke(s, k, "the connection to ZooKeeper was suspended");
	sim_cancel(s, &c->lost_ev);
	c->lost_ev = sim_after(s, ha->session_us, on_lost, ha, (uint64_t)k);
}

static void on_notice(Sim *s, void *obj, uint64_t arg)
{
	Ha *ha = obj;
	ha->c[arg].notice_ev = 0;
	if (proc_defer(s, ha->c[arg].proc, on_notice, obj, arg))
		return;
	if (!zk_up(s))
		suspend(s, (int)arg);
}

static void on_tms_notice(Sim *s, void *obj, uint64_t arg)
{
	Ha *ha = obj;
	ha->tm_notice_ev = 0;
	if (!zk_up(s) && ha->tms_connected) {
		ha->tms_connected = false;
		notify_tms(s);
	}
}

/* ------------------------------------------------------------------ processes */

void ha_create(Sim *s)
{
	Ha *ha = calloc(1, sizeof *ha);
	SIM_CHECK(ha != NULL);
	for (int k = 0; k < SIM_MAX_JMS; k++)
		ha->c[k].proc = -1;
	ha->leader = -1;
	ha->zk_paused_at = -1;
	ha->tms_connected = true;
	/* ZooKeeperServer: the session timeout is clamped to [2, 20] ticks. */
	int64_t ms = s->opt.config.ha_session_timeout_ms;
	if (ms < 2 * ZK_TICK_MS)
		ms = 2 * ZK_TICK_MS;
	if (ms > 20 * ZK_TICK_MS)
		ms = 20 * ZK_TICK_MS;
	ha->session_us = ms * SIM_US_PER_MS;
	s->ha = ha;
}

void ha_destroy(Sim *s)
{
	free(s->ha);
	s->ha = NULL;
}

/* The JVM is up (playground.startup.jobmanager after the container started): its ZooKeeper
 * client connects and the contenders join the election. arg: process | incarnation << 8. */
static void on_jvm_up(Sim *s, void *obj, uint64_t arg)
{
	Ha *ha = obj;
	int proc = (int)(arg & 0xff);
	if (s->procs[proc].incarnation != (uint32_t)(arg >> 8) || s->procs[proc].state == SERVICE_EXITED ||
	    proc_defer(s, proc, on_jvm_up, obj, arg))
		return;
	int k = s->procs[proc].instance;
	HaClient *c = &ha->c[k];
	c->proc = proc;
	c->conn = ZK_DISCONNECTED;
	c->lost = false;
	c->up = true;
	SIM_EMIT(s, EV_JM_READY, .component = s->procs[proc].name);   /* its REST endpoint: 503 until it leads */
	connect(s, k);                         /* (while ZooKeeper is down: when it is back) */
}

void ha_jm_started(Sim *s, int proc)
{
	Ha *ha = ha_of(s);
	int k = s->procs[proc].instance;
	SIM_CHECK(k >= 0 && k < SIM_MAX_JMS && proc < 256);
	ha->c[k].proc = proc;
	ha->c[k].up = false;
	sim_after(s, s->opt.config.startup_jobmanager_ms * SIM_US_PER_MS, on_jvm_up, ha,
	          (uint64_t)proc | (uint64_t)s->procs[proc].incarnation << 8);
}

/* Killed: the server keeps the session until it expires, its latch node a ghost ahead of any
 * later one; stopped (SIGTERM): the shutdown hook closes the session, the standby takes over. */
void ha_jm_exited(Sim *s, int proc, bool graceful)
{
	Ha *ha = ha_of(s);
	int k = s->procs[proc].instance;
	HaClient *c = &ha->c[k];
	if (s->jm && s->proc_jobmanager == proc)
		jm_stop(s, graceful);              /* its jobs are suspended; the HA data stays */
	c->leader = false;
	c->up = false;
	sim_cancel(s, &c->notice_ev);
	sim_cancel(s, &c->lost_ev);
	c->conn = ZK_DISCONNECTED;
	if (!graceful && c->session && c->latch > 0) {
		c->ghost = c->latch;
		arm_ghost_expiry(s, k);
	}
	end_session(s, k);
	check_leader(s);
}

void ha_jm_paused(Sim *s, int proc, bool paused)
{
	int k = s->procs[proc].instance;
	HaClient *c = &ha_of(s)->c[k];
	if (paused) {
		arm_expiry(s, k);
		return;
	}
	sim_cancel(s, &c->expire_ev);
	if (!c->session && c->conn != ZK_DISCONNECTED) {
		zk_event(s, c, "expired");         /* it learns on its next request */
		c->conn = ZK_DISCONNECTED;
	}
	if (!zk_up(s))
		suspend(s, k);
	else if (c->conn != ZK_CONNECTED)
		connect(s, k);
	check_leader(s);
}

/* ZooKeeper went away: a refused connection is noticed at once, a frozen server after 2/3
 * of the session timeout; the server expires nobody while it is not running. */
static void zk_gone(Sim *s, bool paused)
{
	Ha *ha = ha_of(s);
	ha->zk_paused_at = paused ? s->now : -1;
	SimTime notice = paused ? ha->session_us * 2 / 3 : 0;
	for (int k = 0; k < SIM_MAX_JMS; k++) {
		HaClient *c = &ha->c[k];
		if (c->proc < 0)
			continue;
		sim_cancel(s, &c->expire_ev);
		sim_cancel(s, &c->ghost_ev);
		if (c->conn != ZK_CONNECTED || s->procs[c->proc].state != SERVICE_RUNNING)
			continue;
		if (paused) {
			sim_cancel(s, &c->notice_ev);
			c->notice_ev = sim_after(s, notice, on_notice, ha, (uint64_t)k);
		} else {
			suspend(s, k);
		}
	}
	sim_cancel(s, &ha->tm_notice_ev);
	if (paused)
		ha->tm_notice_ev = sim_after(s, notice, on_tms_notice, ha, 0);
	else
		on_tms_notice(s, ha, 0);
}

static void zk_back(Sim *s)
{
	Ha *ha = ha_of(s);
	bool frozen_long = ha->zk_paused_at >= 0 && s->now - ha->zk_paused_at >= ha->session_us;
	ha->zk_paused_at = -1;
	sim_cancel(s, &ha->tm_notice_ev);
	for (int k = 0; k < SIM_MAX_JMS; k++) {
		HaClient *c = &ha->c[k];
		if (c->proc < 0)
			continue;
		sim_cancel(s, &c->notice_ev);
		if (frozen_long && c->session) {    /* the thawed server expires what it has not heard from */
			c->expire_ev = 0;
			on_expire(s, ha, (uint64_t)k);
		}
		if (frozen_long && c->ghost > 0)
			on_ghost_expire(s, ha, (uint64_t)k);
	}
	for (int k = 0; k < SIM_MAX_JMS; k++) {
		HaClient *c = &ha->c[k];
		if (c->proc < 0)
			continue;
		if (s->procs[c->proc].state == SERVICE_RUNNING && c->conn != ZK_CONNECTED)
			connect(s, k);
		arm_expiry(s, k);                    /* a restarted server times its sessions anew */
		arm_ghost_expiry(s, k);
	}
	if (!ha->tms_connected) {
		ha->tms_connected = true;
		notify_tms(s);
	}
	check_leader(s);
}

void ha_zk_changed(Sim *s)
{
	ServiceState st = s->procs[s->proc_zookeeper].state;
	if (st == SERVICE_RUNNING)
		zk_back(s);
	else
		zk_gone(s, st == SERVICE_PAUSED);
}
