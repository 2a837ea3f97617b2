/*
 * rest_metrics.c — the metric views of the REST API: a job's metrics, its subtasks' metrics,
 * metrics aggregated over jobs, and the back-pressure view.
 *
 * Ids are those of the release modelled. A subtask's metrics answer as "<subtask>.<id>": the
 * task's own (numRecordsIn, checkpointAlignmentTime, …), its network metrics under
 * Shuffle.Netty.Input|Output.Buffers (and the deprecated buffers group, which both 1.9 and
 * 1.13 still register), and operator metrics prefixed with the operator's name as the metric
 * query service writes it ("ClickEvent_Counter.numLateRecordsDropped"). Values are strings,
 * printed as Java prints the gauge's type: longs as integers, floats and doubles as
 * Float/Double.toString does ("1.0", "0.25").
 */
#include "rest_views.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/fmt.h"
#include "rest.h"

#define put rest_put
#define jint rest_jint
#define METRIC_NAME_MAX 96

typedef enum MetricKind { MK_LONG, MK_FLOAT, MK_DOUBLE, MK_BOOL, MK_STRING } MetricKind;

/* ---------------------------------------------------------------- values */

static void metric_text(MetricKind kind, double v, char *buf, size_t len)
{
	switch (kind) {
	case MK_FLOAT: fmt_java_float(v, buf, len); break;
	case MK_DOUBLE: fmt_java_double(v, buf, len); break;
	case MK_BOOL: snprintf(buf, len, v != 0 ? "true" : "false"); break;
	default: rest_metric_text(v, buf, len); break;
	}
}

static void append_id(json_t *list, const char *id)
{
	json_t *o = json_object();
	put(o, "id", rest_jstr(id));
	json_array_append_new(list, o);
}

static void append_value(json_t *list, const char *id, const char *text)
{
	json_t *o = json_object();
	put(o, "id", rest_jstr(id));
	put(o, "value", rest_jstr(text));
	json_array_append_new(list, o);
}

/* Calls fn for each comma-separated token of list (empty ones skipped). */
static void each_token(const char *list, void (*fn)(void *ctx, const char *tok), void *ctx)
{
	char *copy = strdup(list ? list : ""), *save = NULL;
	if (!copy)
		return;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		fn(ctx, tok);
	free(copy);
}

/* ---------------------------------------------------------------- job metrics */

/* The job metrics each release registers (CheckpointStatsTracker, the ExecutionGraph's and
 * the scheduler's gauges), in the order Flink registers them. */
static const char *const job_metrics_19[] = {
	"restartingTime", "downtime", "uptime", "fullRestarts", "totalNumberOfCheckpoints",
	"numberOfInProgressCheckpoints", "numberOfCompletedCheckpoints", "numberOfFailedCheckpoints",
	"lastCheckpointRestoreTimestamp", "lastCheckpointSize", "lastCheckpointDuration",
	"lastCheckpointAlignmentBuffered", "lastCheckpointExternalPath", NULL,
};
static const char *const job_metrics_113[] = {
	"restartingTime", "downtime", "uptime", "fullRestarts", "numRestarts", "totalNumberOfCheckpoints",
	"numberOfInProgressCheckpoints", "numberOfCompletedCheckpoints", "numberOfFailedCheckpoints",
	"lastCheckpointRestoreTimestamp", "lastCheckpointSize", "lastCheckpointDuration",
	"lastCheckpointExternalPath", NULL,
};

static const char *const *job_metric_list(const Sim *s)
{
	return rest_v19(s) ? job_metrics_19 : job_metrics_113;
}

static bool is_job_metric(const Sim *s, const char *name)
{
	for (const char *const *m = job_metric_list(s); *m; m++)
		if (strcmp(*m, name) == 0)
			return true;
	return false;
}

/* A job metric's text: false if the release has no such metric. lastCheckpointExternalPath
 * is the retained checkpoint's pointer, "n/a" before the first. */
static bool job_metric_text(const Sim *s, const char *job_id, const char *name, char *buf, size_t len)
{
	if (!is_job_metric(s, name))
		return false;
	if (strcmp(name, "lastCheckpointExternalPath") == 0) {
		char path[600];
		if (sim_job_latest_checkpoint(s, job_id, path, sizeof path) == SIM_OK)
			rest_savepoint_location(path, buf, len);
		else
			snprintf(buf, len, "n/a");
		return true;
	}
	double v;
	if (sim_job_metric(s, job_id, name, &v) != SIM_OK)
		return false;
	rest_metric_text(v, buf, len);
	return true;
}

typedef struct JobGet {
	const Sim  *sim;
	const char *job_id;
	json_t     *list;
} JobGet;

static void job_get_one(void *ctx, const char *name)
{
	JobGet *g = ctx;
	char text[700];
	if (job_metric_text(g->sim, g->job_id, name, text, sizeof text))
		append_value(g->list, name, text);
}

/* Flink (AbstractMetricsHandler): a job without metrics answers [], not an error; requested
 * names the job does not have are left out; the rest come once each, in a HashSet's order. */
json_t *rest_view_job_metrics(const Sim *s, const char *job_id, const char *get)
{
	json_t *list = json_array();
	JobInfo ji;
	if (!rest_job_lookup(s, job_id, &ji))
		return list;
	if (!rest_metric_names_given(get)) {
		for (const char *const *m = job_metric_list(s); *m; m++)
			append_id(list, *m);
		return list;
	}
	JobGet g = { s, job_id, list };
	rest_each_metric_name(get, job_get_one, &g);
	return list;
}

/* ---------------------------------------------------------------- subtask metrics */

enum { V19 = 1, V113 = 2, BOTH = 3 };

typedef struct TaskMetric {
	const char *id;            /* without the "<subtask>." prefix */
	MetricKind  kind;          /* the gauge's Java type */
	int         versions;      /* V19 | V113 */
	int         value;         /* index into task_values() */
	bool        inputs;        /* registered by an input processor: not at a source task */
} TaskMetric;

enum {
	TV_RECORDS_IN, TV_RECORDS_OUT, TV_BYTES_IN, TV_BYTES_OUT, TV_OUT_QUEUE, TV_OUT_POOL, TV_IN_QUEUE,
	TV_IN_POOL, TV_ALIGNMENT, TV_WATERMARK, TV_BACKPRESSURED, TV_BUSY, TV_IDLE, TV_IS_BP, TV_START_DELAY,
	TV_COUNT
};

static const TaskMetric task_metrics[] = {
	{ "numRecordsIn", MK_LONG, BOTH, TV_RECORDS_IN, false },
	{ "numRecordsOut", MK_LONG, BOTH, TV_RECORDS_OUT, false },
	{ "numBytesIn", MK_LONG, BOTH, TV_BYTES_IN, false },
	{ "numBytesOut", MK_LONG, BOTH, TV_BYTES_OUT, false },
	/* StreamOneInputProcessor and OneInputStreamTask register these; SourceStreamTask not. */
	{ "checkpointAlignmentTime", MK_LONG, BOTH, TV_ALIGNMENT, true },
	{ "currentInputWatermark", MK_LONG, BOTH, TV_WATERMARK, true },
	{ "Shuffle.Netty.Output.Buffers.outputQueueLength", MK_LONG, BOTH, TV_OUT_QUEUE, false },
	{ "Shuffle.Netty.Output.Buffers.outPoolUsage", MK_FLOAT, BOTH, TV_OUT_POOL, false },
	{ "Shuffle.Netty.Input.Buffers.inputQueueLength", MK_LONG, BOTH, TV_IN_QUEUE, false },
	{ "Shuffle.Netty.Input.Buffers.inPoolUsage", MK_FLOAT, BOTH, TV_IN_POOL, false },
	{ "buffers.outputQueueLength", MK_LONG, BOTH, TV_OUT_QUEUE, false },
	{ "buffers.outPoolUsage", MK_FLOAT, BOTH, TV_OUT_POOL, false },
	{ "buffers.inputQueueLength", MK_LONG, BOTH, TV_IN_QUEUE, false },
	{ "buffers.inPoolUsage", MK_FLOAT, BOTH, TV_IN_POOL, false },
	{ "isBackPressured", MK_BOOL, V113, TV_IS_BP, false },
	{ "backPressuredTimeMsPerSecond", MK_LONG, V113, TV_BACKPRESSURED, false },
	{ "busyTimeMsPerSecond", MK_DOUBLE, V113, TV_BUSY, false },
	{ "idleTimeMsPerSecond", MK_LONG, V113, TV_IDLE, false },
	{ "checkpointStartDelayNanos", MK_LONG, V113, TV_START_DELAY, false },
};
#define NTASK_METRICS (sizeof task_metrics / sizeof task_metrics[0])

static void task_values(const TaskInfo *t, double v[TV_COUNT])
{
	v[TV_RECORDS_IN] = (double)t->records_in;
	v[TV_RECORDS_OUT] = (double)t->records_out;
	v[TV_BYTES_IN] = (double)t->bytes_in;
	v[TV_BYTES_OUT] = (double)t->bytes_out;
	v[TV_OUT_QUEUE] = t->output_queue_length;
	v[TV_OUT_POOL] = t->out_pool_usage;
	v[TV_IN_QUEUE] = t->input_queue_length;
	v[TV_IN_POOL] = t->in_pool_usage;
	v[TV_ALIGNMENT] = floor(t->checkpoint_alignment_ms * 1e6);
	v[TV_WATERMARK] = (double)t->watermark_ms;
	v[TV_BACKPRESSURED] = (double)t->backpressured_time_gauge;   /* 1.13's gauges, as they read */
	v[TV_BUSY] = t->busy_time_gauge;
	v[TV_IDLE] = (double)t->idle_time_gauge;
	v[TV_IS_BP] = t->out_pool_usage >= 1.0;
	v[TV_START_DELAY] = floor(t->checkpoint_start_delay_ms * 1e6);
}

/* The operator metric a vertex has, by the operator's kind: the Kafka consumer's lag at the
 * source (Kafka's metric, a Double through Flink's KafkaMetricWrapper), the window's late
 * records at the counter (a Counter); NULL for the others. */
static const char *operator_metric(const VertexInfo *vi, int v, double *value, MetricKind *kind, const TaskInfo *t)
{
	if (v == 0) {
		*value = (double)t->records_lag_max;
		*kind = MK_DOUBLE;
		return "KafkaConsumer.records-lag-max";
	}
	if (strcmp(vi->name, "ClickEvent Counter") == 0) {
		*value = (double)t->late_records_dropped;
		*kind = MK_LONG;
		return "numLateRecordsDropped";
	}
	return NULL;
}

/* Calls fn(ctx, id) for every metric id of the vertex's subtask i, with its text. */
typedef void (*MetricFn)(void *ctx, const char *id, const char *text);

static void each_subtask_metric(const Sim *s, const JobInfo *ji, int v, int i, MetricFn fn, void *ctx)
{
	VertexInfo vi;
	TaskInfo t;
	if (sim_vertex_info(s, ji->jid, v, &vi) != SIM_OK || sim_task_info(s, ji->jid, v, i, &t) != SIM_OK)
		return;
	double val[TV_COUNT];
	task_values(&t, val);
	if (v == 0)      /* Flink counts input at the input gates (a source has none) and the chain */
		val[TV_RECORDS_IN] = val[TV_BYTES_IN] = 0;   /* head's counter, which StreamSource never bumps */
	int version = rest_v19(s) ? V19 : V113;
	char id[160], text[64];
	for (size_t k = 0; k < NTASK_METRICS; k++) {
		if (!(task_metrics[k].versions & version) || (task_metrics[k].inputs && v == 0))
			continue;
		snprintf(id, sizeof id, "%d.%s", i, task_metrics[k].id);
		metric_text(task_metrics[k].kind, val[task_metrics[k].value], text, sizeof text);
		fn(ctx, id, text);
	}
	double opv;
	MetricKind opk = MK_LONG;
	const char *op = operator_metric(&vi, v, &opv, &opk, &t);
	if (op) {
		char scope[80];
		rest_metric_scope_name(vi.name, scope, sizeof scope);
		snprintf(id, sizeof id, "%d.%s.%s", i, scope, op);
		metric_text(opk, opv, text, sizeof text);
		fn(ctx, id, text);
	}
}

static void collect_id(void *ctx, const char *id, const char *text)
{
	(void)text;
	append_id(ctx, id);
}

typedef struct VertexGet {
	const char *want;          /* the id asked for */
	char        text[64];      /* its value, once found */
	bool        found;
} VertexGet;

static void match_id(void *ctx, const char *id, const char *text)
{
	VertexGet *g = ctx;
	if (!g->found && strcmp(g->want, id) == 0) {
		snprintf(g->text, sizeof g->text, "%s", text);
		g->found = true;
	}
}

typedef struct VertexQuery {
	const Sim *sim;
	const JobInfo *ji;
	int v, parallelism;
	json_t *list;
} VertexQuery;

static void vertex_get_one(void *ctx, const char *id)
{
	VertexQuery *q = ctx;
	char *end = NULL;
	long sub = strtol(id, &end, 10);
	if (end == id || *end != '.' || sub < 0 || sub >= q->parallelism)
		return;                             /* Flink leaves unknown metrics out */
	VertexGet g = { id, "", false };
	each_subtask_metric(q->sim, q->ji, q->v, (int)sub, match_id, &g);
	if (g.found)
		append_value(q->list, id, g.text);
}

json_t *rest_view_vertex_metrics(const Sim *s, const JobInfo *ji, int v, const char *get)
{
	json_t *list = json_array();
	VertexInfo vi;
	if (!ji || v < 0 || sim_vertex_info(s, ji->jid, v, &vi) != SIM_OK)
		return list;
	if (!rest_metric_names_given(get)) {
		for (int i = 0; i < vi.parallelism; i++)
			each_subtask_metric(s, ji, v, i, collect_id, list);
		return list;
	}
	VertexQuery q = { s, ji, v, vi.parallelism, list };
	rest_each_metric_name(get, vertex_get_one, &q);
	return list;
}

/* ---------------------------------------------------------------- jobs/metrics */

typedef enum Agg { AGG_MIN = 1, AGG_MAX = 2, AGG_SUM = 4, AGG_AVG = 8 } Agg;

typedef struct JobsAgg {
	const Sim *sim;
	char       jobs[64][33];   /* the jobs asked for (or every visible one) */
	int        njobs;
	int        aggs;           /* Agg bits */
	json_t    *list;
} JobsAgg;

/* AggregatingJobsMetricsHandler: for each metric, the chosen aggregations of its numeric
 * value over the jobs that have it (strings and missing metrics are skipped). */
static void jobs_agg_one(void *ctx, const char *name)
{
	JobsAgg *a = ctx;
	double mn = 0, mx = 0, sum = 0;
	int n = 0;
	for (int k = 0; k < a->njobs; k++) {
		char text[700];
		if (!job_metric_text(a->sim, a->jobs[k], name, text, sizeof text))
			continue;
		char *end;
		double v = strtod(text, &end);
		if (end == text || *end)
			continue;
		mn = n == 0 || v < mn ? v : mn;
		mx = n == 0 || v > mx ? v : mx;
		sum += v;
		n++;
	}
	if (n == 0)
		return;
	json_t *o = json_object();
	put(o, "id", rest_jstr(name));
	if (a->aggs & AGG_MIN) put(o, "min", json_real(mn));
	if (a->aggs & AGG_MAX) put(o, "max", json_real(mx));
	if (a->aggs & AGG_AVG) put(o, "avg", json_real(sum / n));
	if (a->aggs & AGG_SUM) put(o, "sum", json_real(sum));
	json_array_append_new(a->list, o);
}

static bool parse_aggs(const char *agg, int *out)
{
	*out = 0;
	if (!agg) {
		*out = AGG_MIN | AGG_MAX | AGG_SUM | AGG_AVG;
		return true;
	}
	char *copy = strdup(agg), *save = NULL;
	bool ok = copy != NULL;
	for (char *t = copy ? strtok_r(copy, ",", &save) : NULL; t && ok; t = strtok_r(NULL, ",", &save)) {
		if (strcmp(t, "min") == 0) *out |= AGG_MIN;
		else if (strcmp(t, "max") == 0) *out |= AGG_MAX;
		else if (strcmp(t, "sum") == 0) *out |= AGG_SUM;
		else if (strcmp(t, "avg") == 0) *out |= AGG_AVG;
		else ok = false;
	}
	free(copy);
	return ok;
}

json_t *rest_view_jobs_metrics(const Sim *s, const char *get, const char *agg, const char *jobs,
                               const char **error)
{
	JobsAgg *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	a->sim = s;
	*error = NULL;
	if (!parse_aggs(agg, &a->aggs)) {
		*error = "agg";
		free(a);
		return NULL;
	}
	char id[33];
	JobInfo ji;
	for (int i = 0; sim_job_id_at(s, i, id) && a->njobs < 64; i++) {
		if (!rest_job_lookup(s, id, &ji))
			continue;
		bool wanted = !jobs || strstr(jobs, id) != NULL;
		if (wanted)
			snprintf(a->jobs[a->njobs++], 33, "%s", id);
	}
	a->list = json_array();
	if (!rest_metric_names_given(get)) {
		for (const char *const *m = job_metric_list(s); *m; m++)
			append_id(a->list, *m);
	} else {
		each_token(get, jobs_agg_one, a);
	}
	json_t *list = a->list;
	free(a);
	return list;
}

/* ---------------------------------------------------------------- back pressure */

const char *rest_backpressure_level(double ratio)
{
	if (ratio <= 0.10)
		return "ok";
	return ratio <= 0.5 ? "low" : "high";
}

/* Flink 1.13 (JobVertexBackPressureHandler) reads the subtasks' time metrics: the ratio is
 * back-pressured time per second, idle and busy time are rates. */
static json_t *backpressure_113(const Sim *s, const JobInfo *ji, int v, const VertexInfo *vi)
{
	json_t *subtasks = json_array();
	double worst = 0;
	for (int i = 0; i < vi->parallelism; i++) {
		TaskInfo ti;
		if (sim_task_info(s, ji->jid, v, i, &ti) != SIM_OK)
			continue;
		double ratio = (double)ti.backpressured_time_gauge / 1000.0;
		if (ratio > worst)
			worst = ratio;
		json_t *st = json_object();
		put(st, "subtask", json_integer(i));
		put(st, "backpressure-level", json_string(rest_backpressure_level(ratio)));
		put(st, "ratio", json_real(ratio));
		put(st, "idleRatio", json_real((double)ti.idle_time_gauge / 1000.0));
		/* Jackson writes a NaN as the string "NaN" (a source's busy time) */
		put(st, "busyRatio", isnan(ti.busy_time_gauge) ? json_string("NaN") : json_real(ti.busy_time_gauge / 1000.0));
		json_array_append_new(subtasks, st);
	}
	json_t *o = json_object();
	put(o, "status", json_string("ok"));
	put(o, "backpressure-level", json_string(rest_backpressure_level(worst)));
	put(o, "end-timestamp", jint(sim_clock_now_ms(s)));
	put(o, "subtasks", subtasks);
	return o;
}

/* Flink 1.9 (BackPressureStatsTrackerImpl): a sample of each subtask's stack traces — the
 * ratio is the share of samples blocked requesting an output buffer — taken on request and
 * kept for web.backpressure.refresh-interval; until the first sample is done the answer is
 * {"status":"deprecated"}. */
static json_t *backpressure_19(Sim *s, const JobInfo *ji, int v, const VertexInfo *vi)
{
	BackPressureSample bp;
	json_t *o = json_object();
	if (sim_backpressure_sample(s, ji->jid, v, &bp) != SIM_OK) {
		put(o, "status", json_string("deprecated"));
		return o;
	}
	json_t *subtasks = json_array();
	double worst = 0;
	for (int i = 0; i < bp.subtasks && i < vi->parallelism; i++) {
		if (bp.ratio[i] > worst)
			worst = bp.ratio[i];
		json_t *st = json_object();
		put(st, "subtask", json_integer(i));
		put(st, "backpressure-level", json_string(rest_backpressure_level(bp.ratio[i])));
		put(st, "ratio", json_real(bp.ratio[i]));
		json_array_append_new(subtasks, st);
	}
	put(o, "status", json_string("ok"));
	put(o, "backpressure-level", json_string(rest_backpressure_level(worst)));
	put(o, "end-timestamp", jint(rest_clock_ms(s, bp.end_time, 0)));
	put(o, "subtasks", subtasks);
	return o;
}

/* A vertex the metric store (1.13) or the tracker (1.9) does not know answers
 * {"status":"deprecated"}. */
json_t *rest_view_backpressure(Sim *s, const JobInfo *ji, int v)
{
	VertexInfo vi;
	if (!ji || v < 0 || sim_vertex_info(s, ji->jid, v, &vi) != SIM_OK) {
		json_t *o = json_object();
		put(o, "status", json_string("deprecated"));
		return o;
	}
	return rest_v19(s) ? backpressure_19(s, ji, v, &vi) : backpressure_113(s, ji, v, &vi);
}
