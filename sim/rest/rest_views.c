/*
 * rest_views.c — the REST API's job documents (and the helpers every view shares), read from
 * sim.h only.
 *
 * Each view mirrors one response class of the release modelled (JobIdsWithStatusOverview,
 * MultipleJobsDetails, JobDetailsInfo, JobPlanInfo, JobVertexDetailsInfo, JobExceptionsInfo):
 * same keys, same value types, keys in the order the seed tutorial's samples show them. Flink
 * 1.9 has no INITIALIZING state, so its task and job state maps have nine and ten keys. Times
 * are the machines' clock in ms since 1970; Flink writes 0 for a state never entered and -1
 * for "not yet".
 */
#include "rest_views.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/keygroup.h"
#include "rest.h"

#define EXCEPTIONS_SHOWN 20      /* JobExceptionsHandler.MAX_NUMBER_EXCEPTION_TO_REPORT */

void rest_put(json_t *o, const char *key, json_t *v) { json_object_set_new(o, key, v); }
json_t *rest_jint(int64_t v) { return json_integer((json_int_t)v); }
#define put rest_put
#define jint rest_jint

bool rest_v19(const Sim *s) { return sim_options(s)->config.flink_version == FLINK_1_9; }

/* ---------------------------------------------------------------- small helpers */

bool rest_job_visible(const JobInfo *ji)
{
	return ji->state != JOB_SUSPENDED && ji->received && ji->at_jobmanager;
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

/* Whether a ?get= list names anything: Java's split(",") of a list of commas only is empty,
 * and Flink then answers the ids as without ?get= (an empty list is one empty name). */
bool rest_metric_names_given(const char *get)
{
	if (!get)
		return false;
	if (!*get)
		return true;
	return strspn(get, ",") < strlen(get);
}

/* The names of a ?get= list as Flink's AbstractMetricsHandler walks them: the list as
 * String.split(",") gives it (trailing empty names dropped) goes into a HashSet — each name
 * once, in the set's iteration order: bucket by bucket of a table of
 * tableSizeFor(max(n / 0.75 + 1, 16)) buckets (the bucket of a name is its String.hashCode
 * spread as HashMap.hash does), in insertion order within one. */
void rest_each_metric_name(const char *get, void (*fn)(void *ctx, const char *name), void *ctx)
{
	char *copy = strdup(get ? get : "");
	if (!copy)
		return;
	size_t n = 0, cap = 0;
	char **names = NULL;
	uint32_t *bucket = NULL;
	for (char *p = copy;;) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			char **nn = realloc(names, cap * sizeof *names);
			if (!nn)
				break;
			names = nn;
		}
		names[n++] = p;
		if (!comma)
			break;
		p = comma + 1;
	}
	while (n > 0 && names[n - 1][0] == '\0')
		n--;
	uint32_t buckets = 16, want = (uint32_t)((float)n / 0.75f) + 1;
	while (buckets < want)
		buckets <<= 1;
	bucket = n ? malloc(n * sizeof *bucket) : NULL;
	for (size_t i = 0; i < n && bucket; i++) {
		uint32_t h = (uint32_t)java_string_hash(names[i]);
		bucket[i] = (h ^ (h >> 16)) & (buckets - 1);
	}
	for (uint32_t b = 0; b < buckets && bucket; b++)
		for (size_t i = 0; i < n; i++) {
			if (bucket[i] != b || names[i][0] == '\0')
				continue;
			bool seen = false;
			for (size_t k = 0; k < i && !seen; k++)
				seen = strcmp(names[k], names[i]) == 0;
			if (!seen)
				fn(ctx, names[i]);
		}
	free(bucket);
	free(names);
	free(copy);
}

void rest_taskmanager_host(int instance, char *buf, size_t len)
{
	snprintf(buf, len, "operations-playground_taskmanager_%d", instance + 1);
}

void rest_metric_scope_name(const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s", name);
	for (char *c = buf; *c; c++)
		if (*c == ' ' || *c == '.' || *c == ':' || *c == ',')
			*c = '_';
}

int64_t rest_job_start_ms(const Sim *s, const JobInfo *ji)
{
	if (rest_v19(s) && ji->state_time[JOB_CREATED] >= 0)
		return rest_clock_ms(s, ji->state_time[JOB_CREATED], -1);
	return rest_clock_ms(s, ji->start_time, -1);
}

/* ---------------------------------------------------------------- state keys */

/* The seed sample's key order; 1.13 adds INITIALIZING last, 1.9 has none. */
static const TaskState task_key_order[TASK_STATE_COUNT] = {
	TASK_CREATED, TASK_FINISHED, TASK_DEPLOYING, TASK_RUNNING, TASK_CANCELING, TASK_FAILED,
	TASK_CANCELED, TASK_RECONCILING, TASK_SCHEDULED, TASK_INITIALIZING,
};
static const JobState job_key_order[JOB_STATE_COUNT] = {
	JOB_CREATED, JOB_FINISHED, JOB_SUSPENDED, JOB_FAILING, JOB_CANCELLING, JOB_CANCELED,
	JOB_RECONCILING, JOB_RUNNING, JOB_FAILED, JOB_RESTARTING, JOB_INITIALIZING,
};

static int task_keys(const Sim *s) { return rest_v19(s) ? TASK_STATE_COUNT - 1 : TASK_STATE_COUNT; }
static int job_keys(const Sim *s) { return rest_v19(s) ? JOB_STATE_COUNT - 1 : JOB_STATE_COUNT; }

static json_t *task_counts_json(const Sim *s, const int counts[TASK_STATE_COUNT])
{
	json_t *o = json_object();
	for (int i = 0; i < task_keys(s); i++)
		put(o, task_state_name(task_key_order[i]), json_integer(counts[task_key_order[i]]));
	return o;
}

static json_t *timestamps_json(const Sim *s, const JobInfo *ji)
{
	json_t *o = json_object();
	for (int i = 0; i < job_keys(s); i++) {
		JobState st = job_key_order[i];
		put(o, job_state_name(st), jint(rest_clock_ms(s, ji->state_time[st], 0)));
	}
	return o;
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
	*start = rest_job_start_ms(s, ji);
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

/* One entry of MultipleJobsDetails (JobDetails' own serializer: "total", then every task
 * state of the release in ExecutionState order, lower case). */
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
		if (t == TASK_INITIALIZING && rest_v19(s))
			continue;
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

/* IOMetricsInfo: network records and bytes of the current attempt (a source reads nothing
 * from the network, a sink writes nothing to it). */
static json_t *io_metrics_json(uint64_t read_bytes, uint64_t write_bytes, uint64_t read_records,
                               uint64_t write_records)
{
	json_t *o = json_object();
	put(o, "read-bytes", jint((int64_t)read_bytes));
	put(o, "read-bytes-complete", json_true());
	put(o, "write-bytes", jint((int64_t)write_bytes));
	put(o, "write-bytes-complete", json_true());
	put(o, "read-records", jint((int64_t)read_records));
	put(o, "read-records-complete", json_true());
	put(o, "write-records", jint((int64_t)write_records));
	put(o, "write-records-complete", json_true());
	return o;
}

/* JobDetailsHandler: start is the earliest DEPLOYING of a subtask, -1 if none; a vertex whose
 * subtasks are all terminal ends at the latest subtask state change, otherwise end is -1 and
 * the duration runs to now. */
static json_t *vertex_json(const Sim *s, const VertexInfo *vi, int64_t now)
{
	int64_t start = rest_clock_ms(s, vi->start_time, -1), end = -1, duration = -1;
	if (start >= 0) {
		end = rest_clock_ms(s, vi->end_time, -1);
		duration = (end >= 0 ? end : now) - start;
	}
	json_t *o = json_object();
	put(o, "id", json_string(vi->id));
	put(o, "name", rest_jstr(vi->name));
	put(o, "parallelism", json_integer(vi->parallelism));
	put(o, "status", json_string(task_state_name(vi->status)));
	put(o, "start-time", jint(start));
	put(o, "end-time", jint(end));
	put(o, "duration", jint(duration));
	put(o, "tasks", task_counts_json(s, vi->tasks));
	put(o, "metrics", io_metrics_json(vi->read_bytes, vi->write_bytes, vi->read_records, vi->write_records));
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

/* The job's vertices (calloc'd, at least one element), with *n set. */
static VertexInfo *vertices_of(const Sim *s, const JobInfo *ji, int *n)
{
	*n = ji->vertex_count > 0 ? ji->vertex_count : 0;
	VertexInfo *vs = calloc((size_t)(*n ? *n : 1), sizeof *vs);
	if (vs)
		for (int v = 0; v < *n; v++)
			sim_vertex_info(s, ji->jid, v, &vs[v]);
	return vs;
}

json_t *rest_view_job(const Sim *s, const JobInfo *ji)
{
	int64_t now = sim_clock_now_ms(s), start, end, duration;
	job_times(s, ji, &start, &end, &duration);
	int n;
	VertexInfo *vs = vertices_of(s, ji, &n);
	if (!vs)
		return NULL;
	json_t *vertices = json_array();
	int counts[TASK_STATE_COUNT] = { 0 };     /* status-counts: vertices by their state */
	for (int v = 0; v < n; v++) {
		counts[vs[v].status]++;
		json_array_append_new(vertices, vertex_json(s, &vs[v], now));
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
	put(o, "status-counts", task_counts_json(s, counts));
	put(o, "plan", plan_json(ji, vs, n));
	free(vs);
	return o;
}

json_t *rest_view_plan(const Sim *s, const JobInfo *ji)
{
	int n;
	VertexInfo *vs = vertices_of(s, ji, &n);
	if (!vs)
		return NULL;
	json_t *o = json_object();
	put(o, "plan", plan_json(ji, vs, n));
	free(vs);
	return o;
}

/* ---------------------------------------------------------------- vertex details */

/* SubtaskExecutionAttemptDetailsInfo: the current attempt; start is its DEPLOYING time, the
 * end its terminal state's (else -1, the duration running to now). */
static json_t *subtask_json(const Sim *s, const JobInfo *ji, int v, int i, int64_t now)
{
	TaskInfo t;
	sim_task_info(s, ji->jid, v, i, &t);
	int64_t start = rest_clock_ms(s, t.state_time[TASK_DEPLOYING], -1), end = -1, duration = -1;
	if (task_state_is_terminal(t.state))
		end = rest_clock_ms(s, t.state_time[t.state], -1);
	if (start >= 0)
		duration = (end >= 0 ? end : now) - start;
	char host[64] = "(unassigned)";
	if (t.taskmanager >= 0)
		rest_taskmanager_host(t.taskmanager, host, sizeof host);
	VertexInfo vi;
	sim_vertex_info(s, ji->jid, v, &vi);
	bool source = vi.ship_strategy == 0;
	json_t *o = json_object();
	put(o, "subtask", json_integer(i));
	put(o, "status", json_string(task_state_name(t.state)));
	put(o, "attempt", json_integer(t.attempt));
	put(o, "host", json_string(host));
	put(o, "start-time", jint(start));
	put(o, "end-time", jint(end));
	put(o, "duration", jint(duration));
	put(o, "metrics", io_metrics_json(source ? 0 : t.bytes_in, t.bytes_out, source ? 0 : t.records_in, t.records_out));
	put(o, "start_time", jint(start));         /* the deprecated alias Flink still sends */
	return o;
}

json_t *rest_view_vertex(const Sim *s, const JobInfo *ji, int v)
{
	VertexInfo vi;
	if (v < 0 || sim_vertex_info(s, ji->jid, v, &vi) != SIM_OK)
		return NULL;
	int64_t now = sim_clock_now_ms(s);
	json_t *subtasks = json_array();
	for (int i = 0; i < vi.parallelism; i++)
		json_array_append_new(subtasks, subtask_json(s, ji, v, i, now));
	json_t *o = json_object();
	put(o, "id", json_string(vi.id));
	put(o, "name", rest_jstr(vi.name));
	put(o, "parallelism", json_integer(vi.parallelism));
	if (!rest_v19(s))
		put(o, "maxParallelism", json_integer(ji->max_parallelism));
	put(o, "now", jint(now));
	put(o, "subtasks", subtasks);
	return o;
}

/* ---------------------------------------------------------------- exceptions */

/* JobExceptionsHandler: the job's last failure cause as root-exception (Flink sends the
 * whole stack trace; the model has the exception's first line), and the failures of the
 * current attempts' subtasks, at most 20. */
json_t *rest_view_exceptions(const Sim *s, const JobInfo *ji)
{
	json_t *all = json_array();
	bool truncated = false;
	for (int v = 0; v < ji->vertex_count; v++) {
		VertexInfo vi;
		if (sim_vertex_info(s, ji->jid, v, &vi) != SIM_OK)
			continue;
		for (int i = 0; i < vi.parallelism; i++) {
			TaskInfo t;
			if (sim_task_info(s, ji->jid, v, i, &t) != SIM_OK || !t.failure[0])
				continue;
			if (json_array_size(all) == EXCEPTIONS_SHOWN) {
				truncated = true;
				continue;
			}
			char task[96], location[96] = "(unassigned)";
			snprintf(task, sizeof task, "%s (%d/%d)", vi.name, i + 1, vi.parallelism);
			if (t.taskmanager >= 0) {
				char host[64];
				rest_taskmanager_host(t.taskmanager, host, sizeof host);
				snprintf(location, sizeof location, "%s:%d", host, sim_taskmanager_data_port(s, t.taskmanager));
			}
			json_t *e = json_object();
			put(e, "exception", rest_jstr(t.failure));
			put(e, "task", rest_jstr(task));
			put(e, "location", rest_jstr(location));
			put(e, "timestamp", jint(rest_clock_ms(s, t.state_time[TASK_FAILED], 0)));
			json_array_append_new(all, e);
		}
	}
	json_t *o = json_object();
	put(o, "root-exception", ji->failure[0] ? rest_jstr(ji->failure) : json_null());
	put(o, "timestamp", ji->failure[0] ? jint(rest_clock_ms(s, ji->failure_time, 0)) : json_null());
	put(o, "all-exceptions", all);
	put(o, "truncated", json_boolean(truncated));
	return o;
}
