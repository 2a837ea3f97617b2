/*
 * rest_views.c — the REST API's JSON documents, read from sim.h only.
 *
 * Each view mirrors one Flink 1.13 response class (JobDetailsInfo, JobIdsWithStatusOverview,
 * MultipleJobsDetails, MetricCollectionResponseBody, CheckpointingStatistics,
 * JobVertexBackPressureInfo, ClusterOverviewWithVersion, TaskManagersInfo): same keys, same
 * value types, keys in the order the seed tutorial's samples show them. Times are the machines'
 * clock in ms since 1970; Flink writes 0 for a state never entered and -1 for "not yet".
 *
 * Where the model keeps less than Flink reports, the nearest honest value is derived and the
 * derivation is written next to it (vertex end times, restored-checkpoint counts, heartbeats).
 */
#include "rest_views.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rest.h"

#define CP_SCAN_MAX      256     /* checkpoint statistics read per request */
#define CP_HISTORY_SHOWN 10      /* web.checkpoints.history, Flink's default */
#define METRIC_NAME_MAX  64

/* Flink's playground image: taskmanager.memory.process.size 1728m splits into 384 MiB task
 * heap, 128 MiB framework heap, 512 MiB managed and 128 MiB network memory. */
#define TM_TASK_HEAP_MB   384
#define TM_MANAGED_MB     512
#define TM_NETWORK_MB     128
#define TM_JVM_HEAP_BYTES (512LL << 20)     /* framework + task heap: Runtime.maxMemory() */
#define TM_HOST_CORES     4                 /* the docker host the tutorial assumes */
#define TM_HOST_BYTES     (8LL << 30)
#define TM_RPC_PORT       6122              /* taskmanager.rpc.port in the playground image */
#define TM_DATA_PORT      6121              /* taskmanager.data.port */

static void put(json_t *o, const char *key, json_t *v) { json_object_set_new(o, key, v); }
static json_t *jint(int64_t v) { return json_integer((json_int_t)v); }

/* ---------------------------------------------------------------- small helpers */

bool rest_job_visible(const JobInfo *ji)
{
	return ji->state != JOB_SUSPENDED;
}

bool rest_job_lookup(const Sim *s, const char *job_id, JobInfo *ji)
{
	return sim_job_info(s, job_id, ji) == SIM_OK && rest_job_visible(ji);
}

int rest_vertex_index(const Sim *s, const JobInfo *ji, const char *vertex_id)
{
	VertexInfo vi;
	for (int v = 0; v < ji->vertex_count; v++)
		if (sim_vertex_info(s, ji->jid, v, &vi) == SIM_OK && strcmp(vi.id, vertex_id) == 0)
			return v;
	return -1;
}

int64_t rest_clock_ms(const Sim *s, SimTime t, int64_t none)
{
	return t < 0 ? none : sim_to_clock_ms(s, t);
}

/* Length of the valid UTF-8 sequence at p (n bytes left), 0 if invalid. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	if (p[0] < 0x80)
		return 1;
	size_t len = p[0] >= 0xC2 && p[0] <= 0xDF ? 2 : p[0] >= 0xE0 && p[0] <= 0xEF ? 3
	           : p[0] >= 0xF0 && p[0] <= 0xF4 ? 4 : 0;
	if (len == 0 || len > n)
		return 0;
	unsigned char lo = 0x80, hi = 0xBF;           /* the second byte's range */
	if (p[0] == 0xE0) lo = 0xA0;
	if (p[0] == 0xED) hi = 0x9F;                  /* no surrogates */
	if (p[0] == 0xF0) lo = 0x90;
	if (p[0] == 0xF4) hi = 0x8F;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	return len;
}

json_t *rest_jstr(const char *text)
{
	json_t *j = json_string(text);
	if (j)
		return j;
	size_t n = strlen(text);
	char *clean = malloc(3 * n + 1);              /* each bad byte grows to 3 */
	if (!clean)
		return json_string("");
	size_t o = 0;
	const unsigned char *p = (const unsigned char *)text;
	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq(p + i, n - i);
		if (k == 0) {
			memcpy(clean + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
		} else {
			memcpy(clean + o, p + i, k);
			o += k;
			i += k;
		}
	}
	clean[o] = '\0';
	j = json_string(clean);
	free(clean);
	return j ? j : json_string("");
}

void rest_metric_text(double v, char *buf, size_t len)
{
	if (isnan(v)) {
		snprintf(buf, len, "NaN");
	} else if (isinf(v)) {
		snprintf(buf, len, v > 0 ? "Infinity" : "-Infinity");
	} else if (v <= -9223372036854775807.0) {
		snprintf(buf, len, "-9223372036854775808");   /* Long.MIN_VALUE: no watermark yet */
	} else if (v == floor(v) && fabs(v) < 9007199254740992.0) {
		snprintf(buf, len, "%lld", (long long)v);
	} else {
		for (int p = 1; p <= 17; p++) {
			snprintf(buf, len, "%.*g", p, v);
			if (strtod(buf, NULL) == v)
				break;
		}
	}
}

/* ---------------------------------------------------------------- job lists */

json_t *rest_view_jobs(const Sim *s)
{
	json_t *jobs = json_array();
	char id[33];
	JobInfo ji;
	for (int i = 0; sim_job_id_at(s, i, id); i++) {
		if (!rest_job_lookup(s, id, &ji))
			continue;
		json_t *o = json_object();
		put(o, "id", json_string(ji.jid));
		put(o, "status", json_string(job_state_name(ji.state)));
		json_array_append_new(jobs, o);
	}
	json_t *root = json_object();
	put(root, "jobs", jobs);
	return root;
}

/* Flink: end-time is set once the job is globally terminal; duration runs to it or to now. */
static void job_times(const Sim *s, const JobInfo *ji, int64_t *start, int64_t *end, int64_t *duration)
{
	*start = rest_clock_ms(s, ji->start_time, -1);
	*end = job_state_is_terminal(ji->state) ? rest_clock_ms(s, ji->end_time, -1) : -1;
	*duration = (*end > 0 ? *end : sim_clock_now_ms(s)) - *start;
}

static void job_task_counts(const Sim *s, const JobInfo *ji, int counts[TASK_STATE_COUNT])
{
	memset(counts, 0, sizeof(int) * TASK_STATE_COUNT);
	VertexInfo vi;
	for (int v = 0; v < ji->vertex_count; v++)
		if (sim_vertex_info(s, ji->jid, v, &vi) == SIM_OK)
			for (int t = 0; t < TASK_STATE_COUNT; t++)
				counts[t] += vi.tasks[t];
}

/* One entry of MultipleJobsDetails (JobDetails' own serializer: lower-case task states). */
static json_t *job_details_json(const Sim *s, const JobInfo *ji)
{
	int64_t start, end, duration;
	job_times(s, ji, &start, &end, &duration);
	int counts[TASK_STATE_COUNT];
	job_task_counts(s, ji, counts);
	json_t *tasks = json_object();
	int total = 0;
	for (int t = 0; t < TASK_STATE_COUNT; t++)
		total += counts[t];
	put(tasks, "total", json_integer(total));
	for (int t = 0; t < TASK_STATE_COUNT; t++) {
		char name[32];
		snprintf(name, sizeof name, "%s", task_state_name((TaskState)t));
		for (char *c = name; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		put(tasks, name, json_integer(counts[t]));
	}
	json_t *o = json_object();
	put(o, "jid", json_string(ji->jid));
	put(o, "name", rest_jstr(ji->name));
	put(o, "state", json_string(job_state_name(ji->state)));
	put(o, "start-time", jint(start));
	put(o, "end-time", jint(end));
	put(o, "duration", jint(duration));
	put(o, "last-modification", jint(rest_clock_ms(s, ji->state_time[ji->state], start)));
	put(o, "tasks", tasks);
	return o;
}

json_t *rest_view_jobs_overview(const Sim *s)
{
	json_t *jobs = json_array();
	char id[33];
	JobInfo ji;
	for (int i = 0; sim_job_id_at(s, i, id); i++)
		if (rest_job_lookup(s, id, &ji))
			json_array_append_new(jobs, job_details_json(s, &ji));
	json_t *root = json_object();
	put(root, "jobs", jobs);
	return root;
}

/* ---------------------------------------------------------------- job details */

/* The seed sample's key order, with 1.13's INITIALIZING last. */
static const TaskState task_key_order[TASK_STATE_COUNT] = {
	TASK_CREATED, TASK_FINISHED, TASK_DEPLOYING, TASK_RUNNING, TASK_CANCELING, TASK_FAILED,
	TASK_CANCELED, TASK_RECONCILING, TASK_SCHEDULED, TASK_INITIALIZING,
};
static const JobState job_key_order[JOB_STATE_COUNT] = {
	JOB_CREATED, JOB_FINISHED, JOB_SUSPENDED, JOB_FAILING, JOB_CANCELLING, JOB_CANCELED,
	JOB_RECONCILING, JOB_RUNNING, JOB_FAILED, JOB_RESTARTING, JOB_INITIALIZING,
};

static json_t *task_counts_json(const int counts[TASK_STATE_COUNT])
{
	json_t *o = json_object();
	for (int i = 0; i < TASK_STATE_COUNT; i++)
		put(o, task_state_name(task_key_order[i]), json_integer(counts[task_key_order[i]]));
	return o;
}

static json_t *timestamps_json(const Sim *s, const JobInfo *ji)
{
	json_t *o = json_object();
	for (int i = 0; i < JOB_STATE_COUNT; i++) {
		JobState st = job_key_order[i];
		put(o, job_state_name(st), jint(rest_clock_ms(s, ji->state_time[st], 0)));
	}
	return o;
}

static json_t *io_metrics_json(const VertexInfo *vi)
{
	json_t *o = json_object();
	put(o, "read-bytes", jint((int64_t)vi->read_bytes));
	put(o, "read-bytes-complete", json_true());
	put(o, "write-bytes", jint((int64_t)vi->write_bytes));
	put(o, "write-bytes-complete", json_true());
	put(o, "read-records", jint((int64_t)vi->read_records));
	put(o, "read-records-complete", json_true());
	put(o, "write-records", jint((int64_t)vi->write_records));
	put(o, "write-records-complete", json_true());
	return o;
}

/* Flink (JobDetailsHandler): start is the earliest deployment of a subtask, -1 if none; a
 * vertex whose subtasks are all terminal ends at the latest subtask end, otherwise end is -1
 * and the duration runs to now. The model does not expose subtask end times, so a finished
 * vertex ends with its job (or now, while the job itself goes on, e.g. RESTARTING). */
static json_t *vertex_json(const Sim *s, const JobInfo *ji, const VertexInfo *vi, int64_t now)
{
	int64_t start = rest_clock_ms(s, vi->start_time, -1), end = -1, duration = -1;
	int terminal = vi->tasks[TASK_FINISHED] + vi->tasks[TASK_CANCELED] + vi->tasks[TASK_FAILED];
	if (start >= 0) {
		if (terminal == vi->parallelism) {
			end = job_state_is_terminal(ji->state) ? rest_clock_ms(s, ji->end_time, now) : now;
			duration = end - start;
		} else {
			duration = now - start;
		}
	}
	json_t *o = json_object();
	put(o, "id", json_string(vi->id));
	put(o, "name", rest_jstr(vi->name));
	put(o, "parallelism", json_integer(vi->parallelism));
	put(o, "status", json_string(task_state_name(vi->status)));
	put(o, "start-time", jint(start));
	put(o, "end-time", jint(end));
	put(o, "duration", jint(duration));
	put(o, "tasks", task_counts_json(vi->tasks));
	put(o, "metrics", io_metrics_json(vi));
	return o;
}

static const char *ship_strategy_name(int ship)
{
	return ship == 2 ? "HASH" : "FORWARD";
}

/* The JSON plan (JsonPlanGenerator): sinks first, each node naming its input. */
static json_t *plan_json(const JobInfo *ji, const VertexInfo *vs, int n)
{
	json_t *nodes = json_array();
	for (int v = n - 1; v >= 0; v--) {
		json_t *node = json_object();
		put(node, "id", json_string(vs[v].id));
		put(node, "parallelism", json_integer(vs[v].parallelism));
		put(node, "operator", json_string(""));
		put(node, "operator_strategy", json_string(""));
		put(node, "description", rest_jstr(vs[v].name));
		if (v > 0 && vs[v].ship_strategy != 0) {
			json_t *in = json_object();
			put(in, "num", json_integer(0));
			put(in, "id", json_string(vs[v - 1].id));
			put(in, "ship_strategy", json_string(ship_strategy_name(vs[v].ship_strategy)));
			put(in, "exchange", json_string("pipelined_bounded"));
			json_t *inputs = json_array();
			json_array_append_new(inputs, in);
			put(node, "inputs", inputs);
		}
		put(node, "optimizer_properties", json_object());
		json_array_append_new(nodes, node);
	}
	json_t *plan = json_object();
	put(plan, "jid", json_string(ji->jid));
	put(plan, "name", rest_jstr(ji->name));
	put(plan, "nodes", nodes);
	return plan;
}

json_t *rest_view_job(const Sim *s, const JobInfo *ji)
{
	int64_t now = sim_clock_now_ms(s), start, end, duration;
	job_times(s, ji, &start, &end, &duration);
	int n = ji->vertex_count > 0 ? ji->vertex_count : 0;
	VertexInfo *vs = calloc((size_t)(n ? n : 1), sizeof *vs);
	if (!vs)
		return NULL;
	json_t *vertices = json_array();
	int counts[TASK_STATE_COUNT] = { 0 };
	for (int v = 0; v < n; v++) {
		if (sim_vertex_info(s, ji->jid, v, &vs[v]) != SIM_OK)
			continue;
		for (int t = 0; t < TASK_STATE_COUNT; t++)
			counts[t] += vs[v].tasks[t];
		json_array_append_new(vertices, vertex_json(s, ji, &vs[v], now));
	}
	json_t *o = json_object();
	put(o, "jid", json_string(ji->jid));
	put(o, "name", rest_jstr(ji->name));
	put(o, "isStoppable", json_false());
	put(o, "state", json_string(job_state_name(ji->state)));
	put(o, "start-time", jint(start));
	put(o, "end-time", jint(end));
	put(o, "duration", jint(duration));
	put(o, "now", jint(now));
	put(o, "timestamps", timestamps_json(s, ji));
	put(o, "vertices", vertices);
	put(o, "status-counts", task_counts_json(counts));
	put(o, "plan", plan_json(ji, vs, n));
	free(vs);
	return o;
}

/* ---------------------------------------------------------------- metrics */

/* Calls fn for each name of sim_job_metric_names() ("a, b, c"). */
static void each_metric_name(void (*fn)(void *ctx, const char *name), void *ctx)
{
	const char *p = sim_job_metric_names();
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		size_t n = strcspn(p, ",");
		while (n > 0 && p[n - 1] == ' ')
			n--;
		if (n > 0 && n < METRIC_NAME_MAX) {
			char name[METRIC_NAME_MAX];
			memcpy(name, p, n);
			name[n] = '\0';
			fn(ctx, name);
		}
		p += strcspn(p, ",");
	}
}

static void append_metric_id(void *ctx, const char *name)
{
	json_t *o = json_object();
	put(o, "id", json_string(name));
	json_array_append_new(ctx, o);
}

/* Flink (AbstractMetricsHandler): a job without metrics answers [], not an error; requested
 * names the job does not have are left out; the rest keep the request's order. */
/* One entry of a ?get= answer: {"id": …, "value": "…"} (Flink sends values as strings). */
static void append_metric_value(json_t *list, const char *id, double v)
{
	char text[40];
	rest_metric_text(v, text, sizeof text);
	json_t *o = json_object();
	put(o, "id", rest_jstr(id));
	put(o, "value", json_string(text));
	json_array_append_new(list, o);
}

json_t *rest_view_job_metrics(const Sim *s, const char *job_id, const char *get)
{
	json_t *list = json_array();
	JobInfo ji;
	if (!rest_job_lookup(s, job_id, &ji))
		return list;
	if (!get) {
		each_metric_name(append_metric_id, list);
		return list;
	}
	char *names = strdup(get);
	if (!names)
		return list;
	char *save = NULL;
	for (char *name = strtok_r(names, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		double v;
		if (sim_job_metric(s, job_id, name, &v) != SIM_OK)
			continue;
		append_metric_value(list, name, v);
	}
	free(names);
	return list;
}

/* ---------------------------------------------------------------- vertex metrics */

/* Task metrics by Flink's names; operator metrics (records-lag-max of the Kafka consumer,
 * numLateRecordsDropped of the window) without Flink's operator-name prefix. */
static const char *const task_metric_names[] = {
	"numRecordsIn", "numRecordsOut", "numBytesIn", "numBytesOut", "outPoolUsage", "inPoolUsage",
	"outputQueueLength", "inputQueueLength", "backPressuredTimeMsPerSecond", "busyTimeMsPerSecond",
	"idleTimeMsPerSecond", "checkpointAlignmentTime", "checkpointStartDelayNanos",
	"currentInputWatermark", "numLateRecordsDropped", "records-lag-max", NULL,
};

static bool task_metric(const TaskInfo *t, const char *name, double *v)
{
	const double values[] = {
		(double)t->records_in, (double)t->records_out, (double)t->bytes_in, (double)t->bytes_out,
		t->out_pool_usage, t->in_pool_usage, t->output_queue_length, t->input_queue_length,
		t->backpressured_ms_per_s, t->busy_ms_per_s, t->idle_ms_per_s,
		t->checkpoint_alignment_ms * 1e6, t->checkpoint_start_delay_ms * 1e6,
		(double)t->watermark_ms, (double)t->late_records_dropped, (double)t->records_lag_max,
	};
	for (int i = 0; task_metric_names[i]; i++)
		if (strcmp(task_metric_names[i], name) == 0) {
			*v = values[i];
			return true;
		}
	return false;
}

json_t *rest_view_vertex_metrics(const Sim *s, const JobInfo *ji, int v, const char *get)
{
	json_t *list = json_array();
	VertexInfo vi;
	if (!ji || v < 0 || sim_vertex_info(s, ji->jid, v, &vi) != SIM_OK)
		return list;
	if (!get) {
		for (int i = 0; i < vi.parallelism; i++)
			for (int k = 0; task_metric_names[k]; k++) {
				char id[96];
				snprintf(id, sizeof id, "%d.%s", i, task_metric_names[k]);
				json_t *o = json_object();
				put(o, "id", rest_jstr(id));
				json_array_append_new(list, o);
			}
		return list;
	}
	char *names = strdup(get);
	if (!names)
		return list;
	char *save = NULL;
	for (char *id = strtok_r(names, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
		char *dot = strchr(id, '.'), *end = NULL;
		long sub = dot ? strtol(id, &end, 10) : -1;
		TaskInfo t;
		double value;
		if (!dot || end != dot || sub < 0 || sub >= vi.parallelism ||
		    sim_task_info(s, ji->jid, v, (int)sub, &t) != SIM_OK || !task_metric(&t, dot + 1, &value))
			continue;                       /* Flink leaves unknown metrics out */
		append_metric_value(list, id, value);
	}
	free(names);
	return list;
}

/* ---------------------------------------------------------------- checkpoints */

static double job_metric(const Sim *s, const char *job_id, const char *name)
{
	double v = 0;
	return sim_job_metric(s, job_id, name, &v) == SIM_OK ? v : 0;
}

typedef struct MinMaxAvg {
	int64_t min, max;     /* extremes of the samples (bytes or ms) */
	int64_t sum;          /* their total, for the average */
	int64_t n;            /* samples seen */
} MinMaxAvg;

static void mma_add(MinMaxAvg *m, int64_t v)
{
	if (m->n == 0 || v < m->min) m->min = v;
	if (m->n == 0 || v > m->max) m->max = v;
	m->sum += v;
	m->n++;
}

/* Flink's MinMaxAvgStatistics: all zero before the first sample, avg rounded down. */
static json_t *mma_json(const MinMaxAvg *m)
{
	json_t *o = json_object();
	put(o, "min", jint(m->n ? m->min : 0));
	put(o, "max", jint(m->n ? m->max : 0));
	put(o, "avg", jint(m->n ? m->sum / m->n : 0));
	return o;
}

static const char *cp_class(CheckpointStatus st)
{
	return st == CP_COMPLETED ? "completed" : st == CP_FAILED ? "failed" : "in_progress";
}

static const char *cp_status(CheckpointStatus st)
{
	return st == CP_COMPLETED ? "COMPLETED" : st == CP_FAILED ? "FAILED" : "IN_PROGRESS";
}

/* One CheckpointStatistics entry. `retained` marks the one completed checkpoint the
 * coordinator keeps (state.checkpoints.num-retained 1); older ones are discarded. */
static json_t *checkpoint_json(const Sim *s, const JobInfo *ji, const CheckpointInfo *c, bool retained)
{
	int64_t trigger = rest_clock_ms(s, c->trigger_time, 0);
	int64_t end = c->end_time >= 0 ? rest_clock_ms(s, c->end_time, 0)
	            : c->acknowledged > 0 ? sim_clock_now_ms(s) : trigger;   /* latest ack so far */
	json_t *o = json_object();
	put(o, "className", json_string(cp_class(c->status)));
	put(o, "id", jint(c->id));
	put(o, "status", json_string(cp_status(c->status)));
	put(o, "is_savepoint", json_boolean(c->savepoint));
	put(o, "trigger_timestamp", jint(trigger));
	put(o, "latest_ack_timestamp", jint(end));
	put(o, "state_size", jint((int64_t)c->size_bytes));
	put(o, "end_to_end_duration", jint(end - trigger));
	put(o, "alignment_buffered", jint(0));          /* always 0 since Flink 1.11 */
	put(o, "persisted_data", jint(0));              /* aligned checkpoints persist no in-flight data */
	put(o, "num_subtasks", json_integer(c->total));
	put(o, "num_acknowledged_subtasks", json_integer(c->acknowledged));
	put(o, "checkpoint_type", json_string(c->savepoint ? "SAVEPOINT" : "CHECKPOINT"));
	put(o, "tasks", json_object());
	if (c->status == CP_COMPLETED) {
		/* The savepoint's directory, or the name Flink gives a checkpoint under the
		 * playground's state.checkpoints.dir, as a file: URI. */
		char path[700];
		rest_savepoint_location(c->path, path, sizeof path);
		put(o, "external_path", json_string(path));
		put(o, "discarded", json_boolean(!c->savepoint && !retained));
	} else if (c->status == CP_FAILED) {
		put(o, "failure_timestamp", jint(end));
		put(o, "failure_message", json_null());
	}
	return o;
}

/* latest.restored. The model tells when it last restored, not which checkpoint: the newest
 * completed checkpoint that had completed by then is the one a restore takes. */
static json_t *restored_json(const CheckpointInfo *h, int n, const Sim *s, double restore_ms)
{
	if (restore_ms <= 0)
		return json_null();
	for (int i = 0; i < n; i++) {
		if (h[i].status != CP_COMPLETED || h[i].savepoint || h[i].end_time < 0 ||
		    rest_clock_ms(s, h[i].end_time, 0) > (int64_t)restore_ms)
			continue;
		json_t *o = json_object();
		put(o, "id", jint(h[i].id));
		put(o, "restore_timestamp", jint((int64_t)restore_ms));
		put(o, "is_savepoint", json_false());
		put(o, "external_path", json_null());
		return o;
	}
	return json_null();
}

static json_t *summary_json(const CheckpointInfo *h, int n)
{
	MinMaxAvg size = { 0 }, duration = { 0 }, zero = { 0 };
	for (int i = 0; i < n; i++) {
		if (h[i].status != CP_COMPLETED || h[i].end_time < 0)
			continue;
		mma_add(&size, (int64_t)h[i].size_bytes);
		mma_add(&duration, (h[i].end_time - h[i].trigger_time) / SIM_US_PER_MS);
	}
	json_t *o = json_object();
	put(o, "state_size", mma_json(&size));
	put(o, "end_to_end_duration", mma_json(&duration));
	put(o, "alignment_buffered", mma_json(&zero));
	put(o, "persisted_data", mma_json(&zero));
	return o;
}

static json_t *counts_json(const Sim *s, const JobInfo *ji, double restore_ms)
{
	/* The number of restores is not a metric: every restart after the first completed
	 * checkpoint restores one, so numRestarts bounds it once a restore happened. */
	int64_t restored = restore_ms > 0 ? (int64_t)ji->num_restarts : 0;
	json_t *o = json_object();
	put(o, "restored", jint(restored));
	put(o, "total", jint((int64_t)job_metric(s, ji->jid, "totalNumberOfCheckpoints")));
	put(o, "in_progress", jint((int64_t)job_metric(s, ji->jid, "numberOfInProgressCheckpoints")));
	put(o, "completed", jint((int64_t)job_metric(s, ji->jid, "numberOfCompletedCheckpoints")));
	put(o, "failed", jint((int64_t)job_metric(s, ji->jid, "numberOfFailedCheckpoints")));
	return o;
}

json_t *rest_view_checkpoints(const Sim *s, const JobInfo *ji)
{
	CheckpointInfo *h = malloc(CP_SCAN_MAX * sizeof *h);
	if (!h)
		return NULL;
	int n = sim_checkpoint_history(s, ji->jid, h, CP_SCAN_MAX);
	double restore_ms = job_metric(s, ji->jid, "lastCheckpointRestoreTimestamp");
	int newest_cp = -1, newest_sp = -1, newest_failed = -1;
	for (int i = n - 1; i >= 0; i--) {          /* newest first: keep the lowest index */
		if (h[i].status == CP_COMPLETED && !h[i].savepoint) newest_cp = i;
		if (h[i].status == CP_COMPLETED && h[i].savepoint) newest_sp = i;
		if (h[i].status == CP_FAILED) newest_failed = i;
	}
	json_t *latest = json_object();
	put(latest, "completed", newest_cp >= 0 ? checkpoint_json(s, ji, &h[newest_cp], true) : json_null());
	put(latest, "savepoint", newest_sp >= 0 ? checkpoint_json(s, ji, &h[newest_sp], false) : json_null());
	put(latest, "failed", newest_failed >= 0 ? checkpoint_json(s, ji, &h[newest_failed], false) : json_null());
	put(latest, "restored", restored_json(h, n, s, restore_ms));
	json_t *history = json_array();
	for (int i = 0; i < n && i < CP_HISTORY_SHOWN; i++)
		json_array_append_new(history, checkpoint_json(s, ji, &h[i], i == newest_cp));
	json_t *o = json_object();
	put(o, "counts", counts_json(s, ji, restore_ms));
	put(o, "summary", summary_json(h, n));
	put(o, "latest", latest);
	put(o, "history", history);
	free(h);
	return o;
}

/* ---------------------------------------------------------------- back pressure */

const char *rest_backpressure_level(double ratio)
{
	if (ratio <= 0.10)
		return "ok";
	return ratio <= 0.5 ? "low" : "high";
}

/* Flink 1.13 (JobVertexBackPressureHandler) reads the subtasks' time metrics:
 * backPressuredTimeMsPerSecond is a long gauge, idle and busy time are rates. A vertex the
 * metric store does not know answers {"status":"deprecated"}. */
json_t *rest_view_backpressure(const Sim *s, const JobInfo *ji, int v)
{
	VertexInfo vi;
	json_t *o = json_object();
	if (!ji || v < 0 || sim_vertex_info(s, ji->jid, v, &vi) != SIM_OK) {
		put(o, "status", json_string("deprecated"));
		return o;
	}
	json_t *subtasks = json_array();
	double worst = 0;
	for (int i = 0; i < vi.parallelism; i++) {
		TaskInfo ti;
		if (sim_task_info(s, ji->jid, v, i, &ti) != SIM_OK)
			continue;
		double ratio = (double)llround(ti.backpressured_ms_per_s) / 1000.0;
		if (ratio > worst)
			worst = ratio;
		json_t *st = json_object();
		put(st, "subtask", json_integer(i));
		put(st, "backpressure-level", json_string(rest_backpressure_level(ratio)));
		put(st, "ratio", json_real(ratio));
		put(st, "idleRatio", json_real(ti.idle_ms_per_s / 1000.0));
		put(st, "busyRatio", json_real(ti.busy_ms_per_s / 1000.0));
		json_array_append_new(subtasks, st);
	}
	put(o, "status", json_string("ok"));
	put(o, "backpressure-level", json_string(rest_backpressure_level(worst)));
	put(o, "end-timestamp", jint(sim_clock_now_ms(s)));
	put(o, "subtasks", subtasks);
	return o;
}

/* ---------------------------------------------------------------- cluster */

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
	json_t *o = json_object();
	put(o, "taskmanagers", json_integer(tms));
	put(o, "slots-total", json_integer(slots));
	put(o, "slots-available", json_integer(free_slots));
	put(o, "jobs-running", json_integer(running));
	put(o, "jobs-finished", json_integer(finished));
	put(o, "jobs-cancelled", json_integer(cancelled));
	put(o, "jobs-failed", json_integer(failed));
	put(o, "flink-version", json_string(REST_FLINK_VERSION));
	put(o, "flink-commit", json_string(REST_FLINK_COMMIT));
	return o;
}

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
static void taskmanager_path(const TaskManagerInfo *tm, char *buf, size_t len)
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

static json_t *taskmanager_json(const Sim *s, const TaskManagerInfo *tm)
{
	char path[160];
	taskmanager_path(tm, path, sizeof path);
	json_t *hw = json_object();
	put(hw, "cpuCores", json_integer(TM_HOST_CORES));
	put(hw, "physicalMemory", jint(TM_HOST_BYTES));
	put(hw, "freeMemory", jint(TM_JVM_HEAP_BYTES));
	put(hw, "managedMemory", jint((int64_t)TM_MANAGED_MB << 20));
	json_t *o = json_object();
	put(o, "id", rest_jstr(tm->resource_id));
	put(o, "path", json_string(path));
	put(o, "dataPort", json_integer(TM_DATA_PORT));
	put(o, "jmxPort", json_integer(-1));
	put(o, "timeSinceLastHeartbeat", jint(last_heartbeat_ms(s, tm)));
	put(o, "slotsNumber", json_integer(tm->slots));
	put(o, "freeSlots", json_integer(tm->free_slots));
	put(o, "totalResource", resource_json(tm->slots, tm->slots));
	put(o, "freeResource", resource_json(tm->free_slots, tm->slots));
	put(o, "hardware", hw);
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
