/*
 * rest_cluster.c — the cluster's REST views: /overview (ClusterOverviewWithVersion), /config
 * (DashboardConfiguration), /jobmanager/config and /jobmanager/metrics, /taskmanagers,
 * /taskmanagers/<id> and /taskmanagers/<id>/metrics, in the shapes of the release modelled.
 *
 * Figures the model does not have are derived from the playground's configuration and said
 * so next to them: the TaskManagers' memory (flink:1.9.2 with the default taskmanager.heap.size
 * of 1024m; 1.13's taskmanager.memory.process.size 1728m), the host's cores and memory (the
 * laptop the tutorial assumes), the heartbeat times. JVM metrics (Status.JVM.*) are not
 * modelled: the JobManager and TaskManagers do not list them, and the TaskManager details
 * answer 0 for them, as Flink does before its metric fetcher has any.
 */
#include "rest_views.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rest.h"

#define put rest_put
#define jint rest_jint

/* Flink 1.13's playground image: taskmanager.memory.process.size 1728m splits into 384 MiB
 * task heap, 128 MiB framework heap, 512 MiB managed and 128 MiB network memory. */
#define TM_TASK_HEAP_MB   384
#define TM_MANAGED_MB     512
#define TM_NETWORK_MB     128
#define TM_JVM_HEAP_BYTES (512LL << 20)     /* framework + task heap: Runtime.maxMemory() */
#define TM_RPC_PORT       6122              /* taskmanager.rpc.port in the 1.13 playground image */
#define TM_DATA_PORT      6121              /* taskmanager.data.port */
/* Flink 1.9 with taskmanager.heap.size 1024m: network memory 0.1 of it (102 MiB, 3276 32-KiB
 * segments) off heap, the JVM heap the rest (-Xmx922m), managed memory 0.7 of the free heap. */
#define TM19_HEAP_BYTES    (922LL << 20)
#define TM19_MANAGED_BYTES (645LL << 20)
#define TM19_SEGMENTS      3276
#define TM_HOST_CORES     4                 /* the docker host the tutorial assumes */
#define TM_HOST_BYTES     (8LL << 30)
#define WEB_REFRESH_MS    3000              /* web.refresh-interval */

/* ---------------------------------------------------------------- overview and config */

json_t *rest_view_overview(const Sim *s)
{
	int tms = sim_taskmanager_count(s), slots = 0, free_slots = 0;
	TaskManagerInfo tm;
	for (int i = 0; i < tms; i++)
		if (sim_taskmanager_info(s, i, &tm)) {
			slots += tm.slots;
			free_slots += tm.free_slots;
		}
	int running = 0, finished = 0, cancelled = 0, failed = 0;
	char id[33];
	JobInfo ji;
	for (int i = 0; sim_job_id_at(s, i, id); i++) {
		if (!rest_job_lookup(s, id, &ji))
			continue;
		finished += ji.state == JOB_FINISHED;
		cancelled += ji.state == JOB_CANCELED;
		failed += ji.state == JOB_FAILED;
		running += !job_state_is_terminal(ji.state);   /* Flink: "running or pending" */
	}
	FlinkVersion v = sim_options(s)->config.flink_version;
	json_t *o = json_object();
	put(o, "taskmanagers", json_integer(tms));
	put(o, "slots-total", json_integer(slots));
	put(o, "slots-available", json_integer(free_slots));
	put(o, "jobs-running", json_integer(running));
	put(o, "jobs-finished", json_integer(finished));
	put(o, "jobs-cancelled", json_integer(cancelled));
	put(o, "jobs-failed", json_integer(failed));
	put(o, "flink-version", json_string(sim_flink_release(v)));
	put(o, "flink-commit", json_string(sim_flink_commit(v)));
	return o;
}

/* DashboardConfiguration: the containers run in UTC. 1.13 adds the features the Web UI
 * offers (web.submit.enable is true by default). */
json_t *rest_view_dashboard_config(const Sim *s)
{
	FlinkVersion v = sim_options(s)->config.flink_version;
	char revision[64];
	snprintf(revision, sizeof revision, "%s @ %s", sim_flink_commit(v), sim_flink_build_date(v));
	json_t *o = json_object();
	put(o, "refresh-interval", jint(WEB_REFRESH_MS));
	put(o, "timezone-name", json_string("Coordinated Universal Time"));
	put(o, "timezone-offset", jint(0));
	put(o, "flink-version", json_string(sim_flink_release(v)));
	put(o, "flink-revision", json_string(revision));
	if (v != FLINK_1_9) {
		json_t *features = json_object();
		put(features, "web-submit", json_true());
		put(o, "features", features);
	}
	return o;
}

static void config_entry(json_t *list, const char *key, const char *value)
{
	json_t *o = json_object();
	put(o, "key", json_string(key));
	put(o, "value", rest_jstr(value));
	json_array_append_new(list, o);
}

/* ClusterConfigurationInfo: the JobManager's configuration — the playground's flink-conf.yaml
 * with the values this run has, and web.tmpdir, which the JobManager sets when it starts. */
json_t *rest_view_cluster_config(const Sim *s)
{
	const SimConfig *c = &sim_options(s)->config;
	char buf[600];
	json_t *list = json_array();
	config_entry(list, "jobmanager.rpc.address", "jobmanager");
	config_entry(list, "blob.server.port", "6124");
	config_entry(list, "query.server.port", "6125");
	snprintf(buf, sizeof buf, "%d", sim_options(s)->slots);
	config_entry(list, "taskmanager.numberOfTaskSlots", buf);
	config_entry(list, "state.backend", "filesystem");
	config_entry(list, "state.checkpoints.dir", "file:///tmp/flink-checkpoints-directory");
	rest_savepoint_location(c->savepoints_dir, buf, sizeof buf);
	config_entry(list, "state.savepoints.dir", buf);
	snprintf(buf, sizeof buf, "%lld", (long long)c->heartbeat_interval_ms);
	config_entry(list, "heartbeat.interval", buf);
	snprintf(buf, sizeof buf, "%lld", (long long)c->heartbeat_timeout_ms);
	config_entry(list, "heartbeat.timeout", buf);
	char web[80];
	sim_web_tmp_dir(s, web, sizeof web);
	config_entry(list, "web.tmpdir", web);
	return list;
}

/* The JobManager's own metrics (Status.JVM.* are not modelled). */
static const char *const jm_metrics[] = {
	"numRegisteredTaskManagers", "numRunningJobs", "taskSlotsAvailable", "taskSlotsTotal", NULL,
};

static bool jm_metric(const Sim *s, const char *name, int64_t *v)
{
	json_t *ov = rest_view_overview(s);
	bool found = true;
	if (strcmp(name, "numRegisteredTaskManagers") == 0)
		*v = json_integer_value(json_object_get(ov, "taskmanagers"));
	else if (strcmp(name, "numRunningJobs") == 0)
		*v = json_integer_value(json_object_get(ov, "jobs-running"));
	else if (strcmp(name, "taskSlotsAvailable") == 0)
		*v = json_integer_value(json_object_get(ov, "slots-available"));
	else if (strcmp(name, "taskSlotsTotal") == 0)
		*v = json_integer_value(json_object_get(ov, "slots-total"));
	else
		found = false;
	json_decref(ov);
	return found;
}

/* A MetricCollectionResponseBody of named values: every id without get, else the requested
 * ones that exist, once each, in the order of Flink's HashSet (rest_each_metric_name). */
typedef struct MetricListGet {
	json_t *list;
	bool  (*value)(const void *ctx, const char *name, int64_t *v);
	const void *ctx;
} MetricListGet;

static void metric_list_one(void *ctx, const char *name)
{
	MetricListGet *g = ctx;
	int64_t v;
	if (!g->value(g->ctx, name, &v))
		return;
	char text[32];
	snprintf(text, sizeof text, "%lld", (long long)v);
	json_t *o = json_object();
	put(o, "id", rest_jstr(name));
	put(o, "value", json_string(text));
	json_array_append_new(g->list, o);
}

static json_t *metric_list(const char *const *names, const char *get,
                           bool (*value)(const void *ctx, const char *name, int64_t *v), const void *ctx)
{
	json_t *list = json_array();
	if (!rest_metric_names_given(get)) {
		for (const char *const *m = names; *m; m++) {
			json_t *o = json_object();
			put(o, "id", json_string(*m));
			json_array_append_new(list, o);
		}
		return list;
	}
	MetricListGet g = { list, value, ctx };
	rest_each_metric_name(get, metric_list_one, &g);
	return list;
}

static bool jm_value(const void *ctx, const char *name, int64_t *v) { return jm_metric(ctx, name, v); }

json_t *rest_view_jobmanager_metrics(const Sim *s, const char *get)
{
	return metric_list(jm_metrics, get, jm_value, s);
}

/* ---------------------------------------------------------------- taskmanagers */

/* ResourceProfileInfo of n slots' worth of the TaskManager's memory (MiB, cpu in cores). */
static json_t *resource_json(int slots_of, int slots)
{
	double share = slots > 0 ? (double)slots_of / slots : 0;
	json_t *o = json_object();
	put(o, "cpuCores", json_real((double)slots_of));
	put(o, "taskHeapMemory", jint(llround(TM_TASK_HEAP_MB * share)));
	put(o, "taskOffHeapMemory", jint(0));
	put(o, "managedMemory", jint(llround(TM_MANAGED_MB * share)));
	put(o, "networkMemory", jint(llround(TM_NETWORK_MB * share)));
	put(o, "extendedResources", json_object());
	return o;
}

/* The model keeps no heartbeat times: heartbeats go out every heartbeat.interval from
 * registration, so the latest one is the last multiple of the interval. Flink's field holds
 * that timestamp, despite its name. */
static int64_t last_heartbeat_ms(const Sim *s, const TaskManagerInfo *tm)
{
	SimTime every = sim_options(s)->config.heartbeat_interval_ms * SIM_US_PER_MS;
	SimTime since = sim_now(s) - tm->registered_at;
	if (every <= 0 || since < 0)
		return sim_clock_now_ms(s);
	return sim_to_clock_ms(s, tm->registered_at + since / every * every);
}

/* Flink's ResourceID of a TaskManager is "<host>:<rpc port>-<6 hex>"; its RPC endpoint
 * lives at that address. Other ids fall back to the playground's defaults. */
static void taskmanager_path_113(const TaskManagerInfo *tm, char *buf, size_t len)
{
	char host[40] = "taskmanager";
	int port = TM_RPC_PORT;
	const char *colon = strchr(tm->resource_id, ':');
	if (colon && (size_t)(colon - tm->resource_id) < sizeof host) {
		memcpy(host, tm->resource_id, (size_t)(colon - tm->resource_id));
		host[colon - tm->resource_id] = '\0';
		port = (int)strtol(colon + 1, NULL, 10);
	}
	snprintf(buf, len, "akka.tcp://flink@%s:%d/user/rpc/taskmanager_0", host, port);
}

/* Flink 1.9: the RPC endpoint at the container's address and a random port, under
 * /user/taskmanager_0. */
static void taskmanager_path_19(const TaskManagerInfo *tm, char *buf, size_t len)
{
	snprintf(buf, len, "akka.tcp://flink@172.18.0.%d:%d/user/taskmanager_0", 5 + tm->instance, tm->rpc_port);
}


static json_t *hardware_json(bool v19)
{
	json_t *hw = json_object();
	put(hw, "cpuCores", json_integer(TM_HOST_CORES));
	put(hw, "physicalMemory", jint(TM_HOST_BYTES));
	put(hw, "freeMemory", jint(v19 ? TM19_HEAP_BYTES : TM_JVM_HEAP_BYTES));
	put(hw, "managedMemory", jint(v19 ? TM19_MANAGED_BYTES : (int64_t)TM_MANAGED_MB << 20));
	return hw;
}

static json_t *taskmanager_json(const Sim *s, const TaskManagerInfo *tm)
{
	bool v19 = rest_v19(s);
	char path[160];
	if (v19)
		taskmanager_path_19(tm, path, sizeof path);
	else
		taskmanager_path_113(tm, path, sizeof path);
	json_t *o = json_object();
	put(o, "id", rest_jstr(tm->resource_id));
	put(o, "path", json_string(path));
	put(o, "dataPort", json_integer(v19 ? tm->data_port : TM_DATA_PORT));
	if (!v19)
		put(o, "jmxPort", json_integer(-1));
	put(o, "timeSinceLastHeartbeat", jint(last_heartbeat_ms(s, tm)));
	put(o, "slotsNumber", json_integer(tm->slots));
	put(o, "freeSlots", json_integer(tm->free_slots));
	if (!v19) {
		put(o, "totalResource", resource_json(tm->slots, tm->slots));
		put(o, "freeResource", resource_json(tm->free_slots, tm->slots));
	}
	put(o, "hardware", hardware_json(v19));
	return o;
}

json_t *rest_view_taskmanagers(const Sim *s)
{
	json_t *list = json_array();
	TaskManagerInfo tm;
	for (int i = 0; i < sim_taskmanager_count(s); i++)
		if (sim_taskmanager_info(s, i, &tm))
			json_array_append_new(list, taskmanager_json(s, &tm));
	json_t *o = json_object();
	put(o, "taskmanagers", list);
	return o;
}

static bool find_taskmanager(const Sim *s, const char *id, TaskManagerInfo *tm)
{
	for (int i = 0; i < sim_taskmanager_count(s); i++)
		if (sim_taskmanager_info(s, i, tm) && strcmp(tm->resource_id, id) == 0)
			return true;
	return false;
}

/* The network buffers of the TaskManager's tasks in use (queued in and out). */
static int64_t segments_in_use(const Sim *s, const TaskManagerInfo *tm)
{
	int64_t n = 0;
	char id[33];
	JobInfo ji;
	for (int k = 0; sim_job_id_at(s, k, id); k++) {
		if (sim_job_info(s, id, &ji) != SIM_OK || job_state_is_terminal(ji.state))
			continue;
		for (int v = 0; v < ji.vertex_count; v++)
			for (int i = 0; i < ji.parallelism; i++) {
				TaskInfo t;
				if (sim_task_info(s, id, v, i, &t) == SIM_OK && t.taskmanager == tm->instance &&
				    t.state == TASK_RUNNING)
					n += t.output_queue_length + t.input_queue_length;
			}
	}
	return n;
}

/* TaskManagerMetricsInfo: what the metric store holds; JVM figures are 0 (not modelled). */
static json_t *tm_metrics_json(const Sim *s, const TaskManagerInfo *tm)
{
	static const char *const zero[] = {
		"heapUsed", "heapCommitted", "heapMax", "nonHeapUsed", "nonHeapCommitted", "nonHeapMax", "directCount",
		"directUsed", "directMax", "mappedCount", "mappedUsed", "mappedMax", NULL,
	};
	json_t *o = json_object();
	for (const char *const *z = zero; *z; z++)
		put(o, *z, jint(0));
	int64_t total = rest_v19(s) ? TM19_SEGMENTS : (int64_t)TM_NETWORK_MB * 32;
	put(o, "memorySegmentsAvailable", jint(total - segments_in_use(s, tm)));
	put(o, "memorySegmentsTotal", jint(total));
	put(o, "garbageCollectors", json_array());
	return o;
}

json_t *rest_view_taskmanager(const Sim *s, const char *id)
{
	TaskManagerInfo tm;
	if (!find_taskmanager(s, id, &tm))
		return NULL;
	json_t *o = taskmanager_json(s, &tm);
	put(o, "metrics", tm_metrics_json(s, &tm));
	return o;
}

/* The TaskManager's network metrics (NettyShuffleMetricFactory): both releases keep the
 * deprecated Status.Network.* beside Status.Shuffle.Netty.*, to which 1.13 adds the memory in
 * bytes and the segments in use. */
static const char *const tm_metrics_19[] = {
	"Status.Network.AvailableMemorySegments", "Status.Network.TotalMemorySegments",
	"Status.Shuffle.Netty.AvailableMemorySegments", "Status.Shuffle.Netty.TotalMemorySegments", NULL,
};
static const char *const tm_metrics_113[] = {
	"Status.Network.TotalMemorySegments", "Status.Network.AvailableMemorySegments",
	"Status.Shuffle.Netty.TotalMemorySegments", "Status.Shuffle.Netty.TotalMemory",
	"Status.Shuffle.Netty.AvailableMemorySegments", "Status.Shuffle.Netty.AvailableMemory",
	"Status.Shuffle.Netty.UsedMemorySegments", "Status.Shuffle.Netty.UsedMemory", NULL,
};

typedef struct TmCtx {
	const Sim *sim;
	TaskManagerInfo tm;
} TmCtx;

static bool tm_value(const void *ctx, const char *name, int64_t *v)
{
	const TmCtx *c = ctx;
	const char *const *names = rest_v19(c->sim) ? tm_metrics_19 : tm_metrics_113;
	bool known = false;
	for (const char *const *m = names; *m; m++)
		known |= strcmp(*m, name) == 0;
	if (!known)
		return false;
	int64_t total = rest_v19(c->sim) ? TM19_SEGMENTS : (int64_t)TM_NETWORK_MB * 32;
	int64_t used = segments_in_use(c->sim, &c->tm);
	*v = strstr(name, "Total") ? total : strstr(name, "Used") ? used : total - used;
	if (!strstr(name, "Segments"))
		*v *= 32768;                       /* …Memory: bytes of 32 KiB segments */
	return true;
}

json_t *rest_view_taskmanager_metrics(const Sim *s, const char *id, const char *get)
{
	TmCtx c;
	memset(&c, 0, sizeof c);
	c.sim = s;
	if (!find_taskmanager(s, id, &c.tm))
		return NULL;
	return metric_list(rest_v19(s) ? tm_metrics_19 : tm_metrics_113, get, tm_value, &c);
}
