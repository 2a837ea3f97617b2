/*
 * compose.c — docker-compose for the simulated playground: the services, their
 * instances, and up / kill / start / stop / pause / unpause / scale.
 *
 * kill: the process dies at once, says nothing, loses its memory (Kafka keeps its log:
 * that is on disk). start: a fresh process (a TaskManager gets a new ResourceID).
 * stop: graceful — a TaskManager tells the ResourceManager it is leaving. pause: frozen,
 * no heartbeats, no progress, messages wait; unpause: resumes where it was.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flink/ha.h"
#include "flink/jobmanager.h"
#include "flink/taskmanager.h"
#include "gen/generator.h"
#include "core/netfault.h"
#include "internal.h"
#include "kafka/broker.h"

const char *service_state_name(ServiceState st)
{
	switch (st) {
	case SERVICE_RUNNING: return "running";
	case SERVICE_PAUSED: return "paused";
	default: return "exited";
	}
}

int sim_proc_find(const Sim *s, const char *name)
{
	for (int i = 0; i < s->nprocs; i++)
		if (strcmp(s->procs[i].name, name) == 0)
			return i;
	return -1;
}

static int add_proc(Sim *s, const char *name, const char *service, ProcKind kind, int instance)
{
	SIM_CHECK(s->nprocs < SIM_MAX_PROCS);
	Process *p = &s->procs[s->nprocs];
	memset(p, 0, sizeof *p);
	snprintf(p->name, sizeof p->name, "%s", name);
	snprintf(p->service, sizeof p->service, "%s", service);
	p->kind = kind;
	p->instance = instance;
	p->state = SERVICE_EXITED;
	return s->nprocs++;
}

static int add_taskmanager(Sim *s)
{
	char name[32];
	snprintf(name, sizeof name, "taskmanager-%d", s->ntm + 1);
	int i = add_proc(s, name, "taskmanager", PROC_TASKMANAGER, s->ntm);
	s->tm_proc[s->ntm++] = i;
	return i;
}

static void proc_start(Sim *s, int i)
{
	Process *p = &s->procs[i];
	p->state = SERVICE_RUNNING;
	p->incarnation++;
	p->starts++;
	SIM_EMIT(s, EV_CONTAINER, .component = "compose", .name = p->name, .what = "started");
	switch (p->kind) {
	case PROC_ZOOKEEPER: break;
	case PROC_KAFKA:
		if (!s->broker) {
			s->broker = broker_create(s, s->opt.partitions);
			SIM_EMIT(s, EV_TOPIC_CREATED, .component = "kafka", .name = "input", .n = s->opt.partitions);
			SIM_EMIT(s, EV_TOPIC_CREATED, .component = "kafka", .name = "output", .n = s->opt.partitions);
		}
		break;
	case PROC_JOBMANAGER:
		if (!s->ha) {
			jm_start(s);
			break;
		}
		SIM_EMIT(s, EV_JM_STARTED, .component = p->name);
		ha_jm_started(s, i);              /* once its JVM is up: leader election */
		break;
	case PROC_TASKMANAGER: tm_start(s, p->instance); break;
	case PROC_GENERATOR: generator_start(s); break;
	}
	if (s->ha && p->kind == PROC_ZOOKEEPER)
		ha_zk_changed(s);
}

static void proc_kill(Sim *s, int i, const char *how)
{
	Process *p = &s->procs[i];
	switch (p->kind) {
	case PROC_ZOOKEEPER: break;
	case PROC_KAFKA: broker_on_kill(s); break;
	case PROC_JOBMANAGER:
		if (s->ha)
			ha_jm_exited(s, i, strcmp(how, "stopped") == 0);
		else
			jm_stop(s, strcmp(how, "killed") != 0);
		break;
	case PROC_TASKMANAGER: tm_kill(s, p->instance); break;
	case PROC_GENERATOR: generator_stop(s); break;
	}
	p->state = SERVICE_EXITED;
	p->exited_at = s->now;
	net_drop_held(s, i);
	SIM_EMIT(s, EV_CONTAINER, .component = "compose", .name = p->name, .what = how);
	if (s->ha && p->kind == PROC_ZOOKEEPER)
		ha_zk_changed(s);
}

static void proc_pause(Sim *s, int i, bool pause)
{
	Process *p = &s->procs[i];
	p->state = pause ? SERVICE_PAUSED : SERVICE_RUNNING;
	if (!pause)   /* it runs again, then notices what came due meanwhile (a heartbeat timeout) */
		SIM_EMIT(s, EV_CONTAINER, .component = "compose", .name = p->name, .what = "unpaused");
	switch (p->kind) {
	case PROC_JOBMANAGER:
		if (i == s->proc_jobmanager)
			jm_set_paused(s, pause);
		break;
	case PROC_TASKMANAGER: tm_set_paused(s, p->instance, pause); break;
	case PROC_GENERATOR: generator_set_paused(s, pause); break;
	default: break;
	}
	if (pause)
		SIM_EMIT(s, EV_CONTAINER, .component = "compose", .name = p->name, .what = "paused");
	else
		net_release_held(s, i);
	if (s->ha && p->kind == PROC_JOBMANAGER)
		ha_jm_paused(s, i, pause);
	if (s->ha && p->kind == PROC_ZOOKEEPER)
		ha_zk_changed(s);
}

/* A graceful TaskManager stop: it disconnects from the ResourceManager first. */
static void tm_goodbye(Sim *s, int i)
{
	Msg *m = msg_new(MSG_TM_DISCONNECT, -1);
	m->a = s->procs[i].instance;
	if (s->proc_jobmanager >= 0)
		net_send(s, i, s->proc_jobmanager, m);
	else
		msg_free(m);
}

SimStatus sim_up(Sim *s)
{
	const SimOptions *o = &s->opt;
	if (s->up)
		return sim_fail(s, SIM_ESTATE, "the environment is already up");
	if (o->taskmanagers < 0 || o->taskmanagers > SIM_MAX_TMS)
		return sim_fail(s, SIM_EINVAL, "taskmanagers must be between 0 and %d, not %d", SIM_MAX_TMS, o->taskmanagers);
	if (o->slots < 1 || o->slots > TM_MAX_SLOTS)
		return sim_fail(s, SIM_EINVAL, "slots must be between 1 and %d, not %d", TM_MAX_SLOTS, o->slots);
	if (o->partitions < 1 || o->partitions > SIM_MAX_PARTITIONS)
		return sim_fail(s, SIM_EINVAL, "partitions must be between 1 and %d, not %d", SIM_MAX_PARTITIONS, o->partitions);
	char err[400];
	if (sim_config_check(&o->config, err, sizeof err) != SIM_OK)
		return sim_fail(s, SIM_EINVAL, "%s", err);
	s->up = true;
	s->client_ready_at = s->now + o->config.startup_client_ms * SIM_US_PER_MS;
	if (o->config.ha_zookeeper)
		ha_create(s);
	s->proc_zookeeper = add_proc(s, "zookeeper", "zookeeper", PROC_ZOOKEEPER, 0);
	s->proc_kafka = add_proc(s, "kafka", "kafka", PROC_KAFKA, 0);
	s->proc_jobmanager = add_proc(s, "jobmanager", "jobmanager", PROC_JOBMANAGER, 0);
	for (int i = 0; i < o->taskmanagers; i++)
		add_taskmanager(s);
	s->gen = generator_create(s);
	s->proc_generator = add_proc(s, "clickevent-generator", "clickevent-generator", PROC_GENERATOR, 0);
	for (int i = 0; i < s->nprocs; i++)
		if (s->procs[i].kind != PROC_GENERATOR || o->generator)
			proc_start(s, i);
	return SIM_OK;
}

/* ------------------------------------------------------------------ compose actions */

/* A container `docker-compose scale` removed: gone from ps and from the names compose takes. */
static bool removed(const Sim *s, int i)
{
	const Process *p = &s->procs[i];
	return p->kind == PROC_TASKMANAGER && s->tm_removed[p->instance];
}

const char *sim_service_names(const Sim *s, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "jobmanager, taskmanager");
	for (int i = 0; i < s->nprocs && n < len; i++)
		if (s->procs[i].kind == PROC_JOBMANAGER && strcmp(s->procs[i].name, "jobmanager") != 0)
			n += (size_t)snprintf(buf + n, len - n, ", %s", s->procs[i].name);
	for (int i = 0; i < s->ntm && n < len; i++)
		if (!s->tm_removed[i])
			n += (size_t)snprintf(buf + n, len - n, ", taskmanager-%d", i + 1);
	if (n < len)
		snprintf(buf + n, len - n, ", kafka, zookeeper, clickevent-generator");
	return buf;
}

int sim_resolve_service(const Sim *s, const char *service, int *out)
{
	int n = 0;
	for (int i = 0; i < s->nprocs; i++)       /* "jobmanager" is the first JobManager's container */
		if (s->procs[i].kind == PROC_JOBMANAGER && strcmp(s->procs[i].name, service) == 0) {
			out[0] = i;
			return 1;
		}
	for (int i = 0; i < s->nprocs; i++)
		if (!removed(s, i) && (strcmp(s->procs[i].name, service) == 0 || strcmp(s->procs[i].service, service) == 0))
			out[n++] = i;
	if (n == 0 && strcmp(service, "taskmanager") == 0)
		return 0;
	return n ? n : -1;
}

static const char *action_name(ComposeAction a)
{
	static const char *const names[] = { "kill", "up -d", "stop", "pause", "unpause" };
	return names[a];
}

SimStatus sim_compose(Sim *s, ComposeAction a, const char *service)
{
	int idx[SIM_MAX_PROCS];
	char names[512];
	if (!s->up)
		return sim_fail(s, SIM_ESTATE, "the environment is not up (call pg.up first)");
	int n = sim_resolve_service(s, service, idx);
	if (n < 0)
		return sim_fail(s, SIM_ENOENT, "no such service: '%s' (valid: %s)", service, sim_service_names(s, names, sizeof names));
	char cmd[96];
	snprintf(cmd, sizeof cmd, "docker-compose %s %s", action_name(a), service);
	sim_trace_command(s, cmd);
	s->err[0] = '\0';
	int acted = 0;
	for (int k = 0; k < n; k++) {
		int i = idx[k];
		Process *p = &s->procs[i];
		switch (a) {
		case COMPOSE_KILL:
		case COMPOSE_STOP:
			if (p->state == SERVICE_EXITED)
				continue;
			if (a == COMPOSE_STOP && p->kind == PROC_TASKMANAGER)
				tm_goodbye(s, i);
			proc_kill(s, i, a == COMPOSE_KILL ? "killed" : "stopped");
			break;
		case COMPOSE_START:
			if (p->state != SERVICE_EXITED)
				continue;
			proc_start(s, i);
			break;
		case COMPOSE_PAUSE:
			if (p->state != SERVICE_RUNNING)
				continue;
			proc_pause(s, i, true);
			break;
		case COMPOSE_UNPAUSE:
			if (p->state != SERVICE_PAUSED)
				continue;
			proc_pause(s, i, false);
			break;
		}
		acted++;
	}
	if (acted == 0)
		snprintf(s->err, sizeof s->err, "%s: nothing to do (%s is already %s)", cmd, service,
		         n ? service_state_name(s->procs[idx[0]].state) : "absent");
	return SIM_OK;
}

static int add_jobmanager(Sim *s, int instance)
{
	char name[32];
	snprintf(name, sizeof name, "jobmanager-%d", instance + 1);
	return add_proc(s, name, "jobmanager", PROC_JOBMANAGER, instance);
}

/* `docker-compose up -d --scale jobmanager=n`: standby JobManagers, which only make sense with
 * HA (without it a second JobManager would be a cluster of its own that no TaskManager finds). */
static SimStatus scale_jobmanager(Sim *s, int n)
{
	if (!s->ha)
		return sim_fail(s, SIM_EINVAL, "scaling jobmanager needs high-availability: zookeeper (without HA a "
		                "second JobManager is a separate cluster no TaskManager finds)");
	if (n < 1 || n > SIM_MAX_JMS)
		return sim_fail(s, SIM_EINVAL, "cannot scale jobmanager to %d (1 to %d instances)", n, SIM_MAX_JMS);
	char cmd[64];
	snprintf(cmd, sizeof cmd, "docker-compose scale jobmanager=%d", n);
	sim_trace_command(s, cmd);
	int jms[SIM_MAX_JMS], have = 0, up = 0;
	for (int i = 0; i < s->nprocs; i++)
		if (s->procs[i].kind == PROC_JOBMANAGER)
			jms[have++] = i;
	for (int k = 0; k < have; k++)
		up += s->procs[jms[k]].state != SERVICE_EXITED;
	for (int k = 0; k < have && up < n; k++)
		if (s->procs[jms[k]].state == SERVICE_EXITED) {
			proc_start(s, jms[k]);
			up++;
		}
	for (; up < n; up++, have++)
		proc_start(s, jms[have] = add_jobmanager(s, have));
	for (int k = have - 1; k >= 0 && up > n; k--)
		if (s->procs[jms[k]].state != SERVICE_EXITED) {
			proc_kill(s, jms[k], "stopped");
			up--;
		}
	s->err[0] = '\0';
	return SIM_OK;
}

SimStatus sim_compose_scale(Sim *s, const char *service, int n)
{
	if (!s->up)
		return sim_fail(s, SIM_ESTATE, "the environment is not up (call pg.up first)");
	if (strcmp(service, "jobmanager") == 0)
		return scale_jobmanager(s, n);
	if (strcmp(service, "taskmanager") != 0)
		return sim_fail(s, SIM_EINVAL, "only the taskmanager and jobmanager services can be scaled, not '%s'", service);
	if (n < 0 || n > SIM_MAX_TMS)
		return sim_fail(s, SIM_EINVAL, "cannot scale taskmanager to %d (0 to %d instances)", n, SIM_MAX_TMS);
	char cmd[64];
	snprintf(cmd, sizeof cmd, "docker-compose scale taskmanager=%d", n);
	sim_trace_command(s, cmd);
	/* docker-compose scale: start the stopped containers, then create new ones (a removed
	 * instance's name is free again); scaling down stops and removes the highest numbers. */
	int up = 0;
	for (int t = 0; t < s->ntm; t++)
		up += !s->tm_removed[t] && s->procs[s->tm_proc[t]].state != SERVICE_EXITED;
	for (int pass = 0; pass < 2; pass++)
		for (int t = 0; t < s->ntm && up < n; t++)
			if (s->procs[s->tm_proc[t]].state == SERVICE_EXITED && s->tm_removed[t] == (pass == 1)) {
				if (s->tm_removed[t]) {
					s->procs[s->tm_proc[t]].starts = 0;          /* a new container */
					s->procs[s->tm_proc[t]].machine = (Machine){ 0 };
				}
				s->tm_removed[t] = false;
				proc_start(s, s->tm_proc[t]);
				up++;
			}
	while (up < n) {
		proc_start(s, add_taskmanager(s));
		up++;
	}
	for (int t = s->ntm - 1; t >= 0 && up > n; t--)
		if (!s->tm_removed[t] && s->procs[s->tm_proc[t]].state != SERVICE_EXITED) {
			tm_goodbye(s, s->tm_proc[t]);
			proc_kill(s, s->tm_proc[t], "stopped");
			s->tm_removed[t] = true;
			netf_forget(s, s->tm_proc[t]);     /* its network rules go with the container */
			up--;
		}
	s->err[0] = '\0';
	return SIM_OK;
}

int sim_service_count(const Sim *s)
{
	int n = 0;
	for (int i = 0; i < s->nprocs; i++)
		n += !removed(s, i);
	return n;
}

static int cmp_names(const void *a, const void *b, const Sim *s)
{
	return strcmp(s->procs[*(const int *)a].name, s->procs[*(const int *)b].name);
}

bool sim_service_info(const Sim *s, int i, ServiceInfo *out)
{
	int order[SIM_MAX_PROCS] = { 0 }, n = 0;
	for (int k = 0; k < s->nprocs; k++)
		if (!removed(s, k))
			order[n++] = k;
	if (i < 0 || i >= n)
		return false;
	for (int a = 1; a < n; a++)              /* insertion sort by name (qsort has no context) */
		for (int b = a; b > 0 && cmp_names(&order[b - 1], &order[b], s) > 0; b--) {
			int tmp = order[b];
			order[b] = order[b - 1];
			order[b - 1] = tmp;
		}
	const Process *p = &s->procs[order[i]];
	memset(out, 0, sizeof *out);
	snprintf(out->name, sizeof out->name, "%s", p->name);
	snprintf(out->service, sizeof out->service, "%s", p->service);
	out->state = p->state;
	out->restarts = p->starts > 0 ? p->starts - 1 : 0;
	if (p->kind == PROC_TASKMANAGER && s->tms[p->instance])
		snprintf(out->resource_id, sizeof out->resource_id, "%s", s->tms[p->instance]->resource_id);
	out->clock_offset_us = machine_offset_us(&p->machine, s->now);
	out->clock_drift = (double)p->machine.drift_ppb / (double)MACHINE_DRIFT_UNIT;
	out->cpu = (double)machine_cpu_ppm(&p->machine) / MACHINE_CPU_UNIT;
	return true;
}
