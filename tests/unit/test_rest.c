/*
 * test_rest.c — the REST API and the CLI against Flink's shapes and texts: every key of the
 * seed tutorial's samples present with the right JSON type, the Click Event Count topology
 * in the sample's order with its FORWARD/HASH/FORWARD edges, metric values as strings,
 * Flink's error bodies, the back-pressure thresholds, and the CLI's output for list, run,
 * cancel, stop and savepoint. Every Sim runs seed 1 from 01.01.2020 00:00:00 (UTC) with its
 * savepoints in a temporary directory.
 */
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <ftw.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rest/cli.h"
#include "rest/rest.h"
#include "sim.h"

#define S(sec) ((SimTime)(sec) * SIM_US_PER_S)

static char spdir[64];                 /* this run's state.savepoints.dir */

/* ---------------------------------------------------------------- fixtures */

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static int group_setup(void **state)
{
	(void)state;
	snprintf(spdir, sizeof spdir, "/tmp/test_rest_XXXXXX");
	return mkdtemp(spdir) ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	return nftw(spdir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* The playground with Click Event Count submitted at t=0 and run for `seconds`. */
static Sim *start(int seconds, char jid[33])
{
	SimOptions o;
	sim_options_default(&o);
	snprintf(o.config.savepoints_dir, sizeof o.config.savepoints_dir, "%s", spdir);
	Sim *s = sim_create(&o);
	assert_non_null(s);
	assert_int_equal(sim_up(s), SIM_OK);
	JobOptions jo;
	job_options_default(&jo);
	assert_int_equal(sim_job_submit(s, &jo, jid), SIM_OK);
	sim_run_until(s, S(seconds));
	return s;
}

/* One request; the answer parsed (the test owns it). */
static json_t *call(Sim *s, const char *method, const char *uri, const char *body, int *status)
{
	char *text = NULL;
	*status = rest_handle(s, method, uri, body, &text);
	assert_non_null(text);
	json_error_t err;
	json_t *j = json_loads(text, JSON_DECODE_ANY, &err);
	if (!j)
		fail_msg("%s %s answered invalid JSON (%s): %s", method, uri, err.text, text);
	free(text);
	return j;
}

static json_t *get_ok(Sim *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static json_t *get_ok(Sim *s, const char *fmt, ...)
{
	char uri[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(uri, sizeof uri, fmt, ap);
	va_end(ap);
	int status;
	json_t *j = call(s, "GET", uri, NULL, &status);
	if (status != 200)
		fail_msg("GET %s: status %d at t=%.3fs (seed 1)", uri, status, (double)sim_now(s) / 1e6);
	return j;
}

/* The single message of an error answer. */
static void assert_error(Sim *s, const char *method, const char *uri, const char *body,
                         int want_status, const char *want_message)
{
	int status;
	json_t *j = call(s, method, uri, body, &status);
	assert_int_equal(status, want_status);
	json_t *errors = json_object_get(j, "errors");
	assert_true(json_is_array(errors));
	assert_int_equal(json_array_size(errors), 1);
	assert_string_equal(json_string_value(json_array_get(errors, 0)), want_message);
	assert_int_equal(json_object_size(j), 1);
	json_decref(j);
}

/* The first place where actual lacks a key of sample or holds another JSON type, written
 * into where (which holds the path so far); false if the shapes agree. Arrays compare
 * element by element as far as both go; null in the sample accepts anything. */
static bool shape_differs(json_t *sample, json_t *actual, char *where, size_t len)
{
	if (json_is_null(sample))
		return false;
	bool same = actual && (json_typeof(sample) == json_typeof(actual) ||
	                       (json_is_boolean(sample) && json_is_boolean(actual)) ||
	                       (json_is_real(sample) && json_is_number(actual)));
	if (!same)
		return true;
	size_t n = strlen(where);
	if (json_is_object(sample)) {
		const char *key;
		json_t *v;
		json_object_foreach(sample, key, v) {
			snprintf(where + n, len - n, ".%s", key);
			if (shape_differs(v, json_object_get(actual, key), where, len))
				return true;
		}
	} else if (json_is_array(sample)) {
		for (size_t i = 0; i < json_array_size(sample) && i < json_array_size(actual); i++) {
			snprintf(where + n, len - n, "[%zu]", i);
			if (shape_differs(json_array_get(sample, i), json_array_get(actual, i), where, len))
				return true;
		}
	}
	where[n] = '\0';
	return false;
}

static void assert_shape(json_t *sample, json_t *actual, const char *what)
{
	char where[300] = "";
	if (shape_differs(sample, actual, where, sizeof where))
		fail_msg("%s: '%s' of the seed sample is missing or of another type", what, where);
}

static json_t *parse(const char *text)
{
	json_error_t err;
	json_t *j = json_loads(text, 0, &err);
	if (!j)
		fail_msg("bad sample JSON: %s (line %d)", err.text, err.line);
	return j;
}

/* ---------------------------------------------------------------- samples (seed tutorial) */

/* GET /jobs/<id> as the tutorial shows it, with its placeholders filled in. */
static const char seed_job_details[] =
	"{\"jid\":\"j\",\"name\":\"Click Event Count\",\"isStoppable\":false,\"state\":\"RUNNING\","
	"\"start-time\":1564467066026,\"end-time\":-1,\"duration\":374793,\"now\":1564467440819,"
	"\"timestamps\":{\"CREATED\":1564467066026,\"FINISHED\":0,\"SUSPENDED\":0,\"FAILING\":0,"
	"\"CANCELLING\":0,\"CANCELED\":0,\"RECONCILING\":0,\"RUNNING\":1564467066126,\"FAILED\":0,"
	"\"RESTARTING\":0},"
	"\"vertices\":[{\"id\":\"v\",\"name\":\"ClickEvent Source\",\"parallelism\":2,\"status\":\"RUNNING\","
	"\"start-time\":1564467066423,\"end-time\":-1,\"duration\":374396,"
	"\"tasks\":{\"CREATED\":0,\"FINISHED\":0,\"DEPLOYING\":0,\"RUNNING\":2,\"CANCELING\":0,"
	"\"FAILED\":0,\"CANCELED\":0,\"RECONCILING\":0,\"SCHEDULED\":0},"
	"\"metrics\":{\"read-bytes\":0,\"read-bytes-complete\":true,\"write-bytes\":5033461,"
	"\"write-bytes-complete\":true,\"read-records\":0,\"read-records-complete\":true,"
	"\"write-records\":166351,\"write-records-complete\":true}}],"
	"\"status-counts\":{\"CREATED\":0,\"FINISHED\":0,\"DEPLOYING\":0,\"RUNNING\":4,\"CANCELING\":0,"
	"\"FAILED\":0,\"CANCELED\":0,\"RECONCILING\":0,\"SCHEDULED\":0},"
	"\"plan\":{\"jid\":\"j\",\"name\":\"Click Event Count\",\"nodes\":["
	"{\"id\":\"v\",\"parallelism\":2,\"operator\":\"\",\"operator_strategy\":\"\","
	"\"description\":\"ClickEventStatistics Sink\",\"inputs\":[{\"num\":0,\"id\":\"v\","
	"\"ship_strategy\":\"FORWARD\",\"exchange\":\"pipelined_bounded\"}],\"optimizer_properties\":{}}]}}";

static const char seed_jobs[] = "{\"jobs\":[{\"id\":\"j\",\"status\":\"RUNNING\"}]}";
static const char seed_metric[] = "[{\"id\":\"lastCheckpointSize\",\"value\":\"9378\"}]";
static const char seed_stop[] = "{\"request-id\":\"t\"}";
static const char seed_savepoint_done[] = "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"location\":\"p\"}}";

/* ---------------------------------------------------------------- the shape check itself */

static void test_shape_check_catches_missing_keys_and_wrong_types(void **state)
{
	(void)state;
	json_t *sample = parse(seed_job_details);
	json_t *copy = json_deep_copy(sample);
	char where[300] = "";
	assert_false(shape_differs(sample, copy, where, sizeof where));
	json_object_del(json_object_get(json_array_get(json_object_get(copy, "vertices"), 0), "tasks"), "SCHEDULED");
	assert_true(shape_differs(sample, copy, where, sizeof where));
	assert_string_equal(where, ".vertices[0].tasks.SCHEDULED");
	json_decref(copy);
	copy = json_deep_copy(sample);
	json_object_set_new(copy, "end-time", json_string("-1"));
	where[0] = '\0';
	assert_true(shape_differs(sample, copy, where, sizeof where));
	assert_string_equal(where, ".end-time");
	json_decref(copy);
	json_decref(sample);
}

/* ---------------------------------------------------------------- REST: views */

static void test_jobs_lists_the_running_job(void **state)
{
	(void)state;
	char jid[33];
	Sim *s = start(60, jid);
	json_t *j = get_ok(s, "/jobs"), *sample = parse(seed_jobs);
	assert_shape(sample, j, "GET /jobs");
	json_t *jobs = json_object_get(j, "jobs");
	assert_int_equal(json_array_size(jobs), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(jobs, 0), "id")), jid);
	assert_string_equal(json_string_value(json_object_get(json_array_get(jobs, 0), "status")), "RUNNING");
	assert_int_equal(json_object_size(json_array_get(jobs, 0)), 2);
	json_decref(sample);
	json_decref(j);
	json_t *v1 = get_ok(s, "/v1/jobs/");                   /* versioned URL, trailing slash */
	assert_int_equal(json_array_size(json_object_get(v1, "jobs")), 1);
	json_decref(v1);
	sim_destroy(s);
}

static void test_job_details_have_every_key_of_the_seed_sample(void **state)
{
	(void)state;
	char jid[33];
	Sim *s = start(60, jid);
	json_t *j = get_ok(s, "/jobs/%s", jid), *sample = parse(seed_job_details);
	assert_shape(sample, j, "GET /jobs/<id>");
	assert_string_equal(json_string_value(json_object_get(j, "jid")), jid);
	assert_string_equal(json_string_value(json_object_get(j, "state")), "RUNNING");
	assert_int_equal(json_integer_value(json_object_get(j, "end-time")), -1);
	int64_t start_ms = json_integer_value(json_object_get(j, "start-time"));
	int64_t now = json_integer_value(json_object_get(j, "now"));
	assert_int_equal(start_ms, 1577836800000LL);              /* submitted at t=0 */
	assert_int_equal(now, sim_clock_now_ms(s));
	assert_int_equal(json_integer_value(json_object_get(j, "duration")), now - start_ms);
	json_t *ts = json_object_get(j, "timestamps");
	for (int st = 0; st < JOB_STATE_COUNT; st++)
		assert_non_null(json_object_get(ts, job_state_name((JobState)st)));
	assert_int_equal(json_integer_value(json_object_get(ts, "FAILED")), 0);
	assert_true(json_integer_value(json_object_get(ts, "RUNNING")) >= start_ms);
	json_decref(sample);
	json_decref(j);
	sim_destroy(s);
}

static void test_job_details_vertices_and_plan_follow_the_topology(void **state)
{
	(void)state;
	static const char *const names[] = {
		"ClickEvent Source", "Timestamps/Watermarks", "ClickEvent Counter", "ClickEventStatistics Sink",
	};
	static const char *const ship[] = { NULL, "FORWARD", "HASH", "FORWARD" };
	char jid[33];
	Sim *s = start(60, jid);
	json_t *j = get_ok(s, "/jobs/%s", jid);
	json_t *vertices = json_object_get(j, "vertices"), *nodes = json_object_get(json_object_get(j, "plan"), "nodes");
	assert_int_equal(json_array_size(vertices), 4);
	assert_int_equal(json_array_size(nodes), 4);
	int64_t running = 0;
	for (int v = 0; v < 4; v++) {
		json_t *vx = json_array_get(vertices, (size_t)v);
		json_t *node = json_array_get(nodes, (size_t)(3 - v));          /* the plan lists sinks first */
		assert_string_equal(json_string_value(json_object_get(vx, "name")), names[v]);
		assert_string_equal(json_string_value(json_object_get(node, "description")), names[v]);
		assert_string_equal(json_string_value(json_object_get(node, "id")), json_string_value(json_object_get(vx, "id")));
		assert_int_equal(json_integer_value(json_object_get(vx, "parallelism")), 2);
		assert_string_equal(json_string_value(json_object_get(vx, "status")), "RUNNING");
		json_t *tasks = json_object_get(vx, "tasks");
		assert_int_equal(json_object_size(tasks), TASK_STATE_COUNT);
		assert_int_equal(json_integer_value(json_object_get(tasks, "RUNNING")), 2);
		running += json_integer_value(json_object_get(tasks, "RUNNING"));
		json_t *inputs = json_object_get(node, "inputs");
		if (!ship[v]) {
			assert_null(inputs);                                        /* the source reads no edge */
			continue;
		}
		json_t *in = json_array_get(inputs, 0);
		assert_string_equal(json_string_value(json_object_get(in, "ship_strategy")), ship[v]);
		assert_string_equal(json_string_value(json_object_get(in, "exchange")), "pipelined_bounded");
		assert_string_equal(json_string_value(json_object_get(in, "id")),
		                    json_string_value(json_object_get(json_array_get(vertices, (size_t)(v - 1)), "id")));
	}
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "status-counts"), "RUNNING")), running);
	/* records flow: the counter reads what the watermark vertex wrote */
	json_t *m1 = json_object_get(json_array_get(vertices, 1), "metrics");
	json_t *m2 = json_object_get(json_array_get(vertices, 2), "metrics");
	assert_true(json_integer_value(json_object_get(m1, "write-records")) > 0);
	assert_true(json_integer_value(json_object_get(m2, "read-records")) <= json_integer_value(json_object_get(m1, "write-records")));
	assert_true(json_is_true(json_object_get(m2, "read-records-complete")));
	json_decref(j);
	sim_destroy(s);
}

static void test_metrics_list_get_values_as_strings(void **state)
{
	(void)state;
	char jid[33];
	Sim *s = start(60, jid);
	json_t *list = get_ok(s, "/jobs/%s/metrics", jid);
	bool found = false;
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *m = json_array_get(list, i);
		assert_int_equal(json_object_size(m), 1);
		found |= strcmp(json_string_value(json_object_get(m, "id")), "lastCheckpointSize") == 0;
	}
	assert_true(found);
	json_decref(list);

	json_t *j = get_ok(s, "/jobs/%s/metrics?get=lastCheckpointSize,noSuchMetric,numRestarts", jid);
	json_t *sample = parse(seed_metric);
	assert_shape(sample, j, "GET /jobs/<id>/metrics?get=");
	assert_int_equal(json_array_size(j), 2);                  /* the unknown name is left out */
	double size;
	assert_int_equal(sim_job_metric(s, jid, "lastCheckpointSize", &size), SIM_OK);
	char want[40];
	snprintf(want, sizeof want, "%lld", (long long)size);
	assert_true(size > 0);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "value")), want);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 1), "id")), "numRestarts");
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 1), "value")), "0");
	json_decref(sample);
	json_decref(j);

	json_t *enc = get_ok(s, "/jobs/%s/metrics?get=numRestarts%%2ClastCheckpointSize", jid);
	assert_int_equal(json_array_size(enc), 2);                 /* %2C is a comma */
	assert_string_equal(json_string_value(json_object_get(json_array_get(enc, 0), "id")), "numRestarts");
	json_decref(enc);
	json_t *none = get_ok(s, "/jobs/0123456789abcdef0123456789abcdef/metrics?get=numRestarts");
	assert_int_equal(json_array_size(none), 0);                /* Flink: no metrics, no error */
	json_decref(none);
	sim_destroy(s);
}

static void test_metric_text_prints_integers_without_decimals(void **state)
{
	(void)state;
	char buf[40];
	rest_metric_text(9378, buf, sizeof buf);
	assert_string_equal(buf, "9378");
	rest_metric_text(-1, buf, sizeof buf);
	assert_string_equal(buf, "-1");
	rest_metric_text(0.5, buf, sizeof buf);
	assert_string_equal(buf, "0.5");
	rest_metric_text(0.1, buf, sizeof buf);
	assert_string_equal(buf, "0.1");
	rest_metric_text(1.0 / 3.0, buf, sizeof buf);
	assert_true(strtod(buf, NULL) == 1.0 / 3.0);
}

static void test_overview_and_taskmanagers(void **state)
{
	(void)state;
	char jid[33];
	Sim *s = start(60, jid);
	json_t *o = get_ok(s, "/overview");
	assert_int_equal(json_integer_value(json_object_get(o, "taskmanagers")), 1);
	assert_int_equal(json_integer_value(json_object_get(o, "slots-total")), 2);
	assert_int_equal(json_integer_value(json_object_get(o, "slots-available")), 0);
	assert_int_equal(json_integer_value(json_object_get(o, "jobs-running")), 1);
	assert_int_equal(json_integer_value(json_object_get(o, "jobs-finished")), 0);
	assert_int_equal(json_integer_value(json_object_get(o, "jobs-cancelled")), 0);
	assert_int_equal(json_integer_value(json_object_get(o, "jobs-failed")), 0);
	assert_string_equal(json_string_value(json_object_get(o, "flink-version")), REST_FLINK_VERSION);
	assert_true(json_is_string(json_object_get(o, "flink-commit")));
	json_decref(o);

	json_t *t = get_ok(s, "/taskmanagers");
	json_t *tm = json_array_get(json_object_get(t, "taskmanagers"), 0);
	TaskManagerInfo info;
	assert_true(sim_taskmanager_info(s, 0, &info));
	assert_string_equal(json_string_value(json_object_get(tm, "id")), info.resource_id);
	assert_true(strncmp(json_string_value(json_object_get(tm, "path")), "akka.tcp://flink@", 17) == 0);
	assert_true(json_is_integer(json_object_get(tm, "dataPort")));
	assert_true(json_integer_value(json_object_get(tm, "timeSinceLastHeartbeat")) <= sim_clock_now_ms(s));
	assert_int_equal(json_integer_value(json_object_get(tm, "slotsNumber")), 2);
	assert_int_equal(json_integer_value(json_object_get(tm, "freeSlots")), 0);
	json_t *hw = json_object_get(tm, "hardware");
	assert_true(json_integer_value(json_object_get(hw, "cpuCores")) > 0);
	assert_true(json_integer_value(json_object_get(hw, "physicalMemory")) > 0);
	assert_true(json_is_integer(json_object_get(hw, "freeMemory")));
	assert_true(json_is_integer(json_object_get(hw, "managedMemory")));
	json_decref(t);
	sim_destroy(s);
}

static void test_checkpoints_counts_summary_latest_history(void **state)
{
	(void)state;
	char jid[33];
	Sim *s = start(60, jid);
	json_t *j = get_ok(s, "/jobs/%s/checkpoints", jid);
	json_t *counts = json_object_get(j, "counts");
	static const char *const count_keys[] = { "restored", "total", "in_progress", "completed", "failed" };
	for (int i = 0; i < 5; i++)
		assert_true(json_is_integer(json_object_get(counts, count_keys[i])));
	double completed;
	assert_int_equal(sim_job_metric(s, jid, "numberOfCompletedCheckpoints", &completed), SIM_OK);
	assert_true(completed > 30);                              /* one per second */
	assert_int_equal(json_integer_value(json_object_get(counts, "completed")), (json_int_t)completed);
	json_t *summary = json_object_get(j, "summary");
	static const char *const stats[] = { "state_size", "end_to_end_duration" };
	for (int i = 0; i < 2; i++) {
		json_t *st = json_object_get(summary, stats[i]);
		assert_true(json_is_integer(json_object_get(st, "min")));
		assert_true(json_integer_value(json_object_get(st, "min")) <= json_integer_value(json_object_get(st, "avg")));
		assert_true(json_integer_value(json_object_get(st, "avg")) <= json_integer_value(json_object_get(st, "max")));
	}
	json_t *latest = json_object_get(j, "latest");
	json_t *done = json_object_get(latest, "completed");
	assert_true(json_is_object(done));
	assert_string_equal(json_string_value(json_object_get(done, "status")), "COMPLETED");
	assert_false(json_is_true(json_object_get(done, "discarded")));
	assert_true(json_is_null(json_object_get(latest, "savepoint")));
	assert_true(json_is_null(json_object_get(latest, "failed")));
	assert_true(json_is_null(json_object_get(latest, "restored")));
	json_t *history = json_object_get(j, "history");
	assert_true(json_array_size(history) > 0 && json_array_size(history) <= 10);
	json_t *h0 = json_array_get(history, 0), *h1 = json_array_get(history, 1);
	assert_int_equal(json_integer_value(json_object_get(h0, "id")), json_integer_value(json_object_get(done, "id")));
	assert_true(json_integer_value(json_object_get(h1, "id")) < json_integer_value(json_object_get(h0, "id")));
	assert_string_equal(json_string_value(json_object_get(h0, "className")), "completed");
	assert_int_equal(json_integer_value(json_object_get(h0, "num_subtasks")), 8);
	json_decref(j);
	assert_error(s, "GET", "/jobs/0123456789abcdef0123456789abcdef/checkpoints", NULL, 404,
	             "Job 0123456789abcdef0123456789abcdef not found");
	sim_destroy(s);
}

static void test_backpressure_levels_at_flinks_thresholds(void **state)
{
	(void)state;
	assert_string_equal(rest_backpressure_level(0.0), "ok");
	assert_string_equal(rest_backpressure_level(0.10), "ok");
	assert_string_equal(rest_backpressure_level(0.101), "low");
	assert_string_equal(rest_backpressure_level(0.5), "low");
	assert_string_equal(rest_backpressure_level(0.501), "high");
	assert_string_equal(rest_backpressure_level(1.0), "high");
}

static void test_backpressure_view(void **state)
{
	(void)state;
	char jid[33];
	Sim *s = start(60, jid);
	VertexInfo vi;
	assert_int_equal(sim_vertex_info(s, jid, 0, &vi), SIM_OK);
	json_t *j = get_ok(s, "/jobs/%s/vertices/%s/backpressure", jid, vi.id);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "ok");
	assert_int_equal(json_integer_value(json_object_get(j, "end-timestamp")), sim_clock_now_ms(s));
	json_t *subtasks = json_object_get(j, "subtasks");
	assert_int_equal(json_array_size(subtasks), 2);
	double worst = 0;
	for (size_t i = 0; i < 2; i++) {
		json_t *st = json_array_get(subtasks, i);
		assert_int_equal(json_integer_value(json_object_get(st, "subtask")), (json_int_t)i);
		double ratio = json_number_value(json_object_get(st, "ratio"));
		assert_true(json_is_real(json_object_get(st, "ratio")));
		assert_true(json_is_real(json_object_get(st, "idleRatio")));
		assert_true(json_is_real(json_object_get(st, "busyRatio")));
		assert_string_equal(json_string_value(json_object_get(st, "backpressure-level")), rest_backpressure_level(ratio));
		if (ratio > worst)
			worst = ratio;
	}
	assert_string_equal(json_string_value(json_object_get(j, "backpressure-level")), rest_backpressure_level(worst));
	json_decref(j);
	json_t *unknown = get_ok(s, "/jobs/%s/vertices/0123456789abcdef0123456789abcdef/backpressure", jid);
	assert_string_equal(json_string_value(json_object_get(unknown, "status")), "deprecated");
	assert_int_equal(json_object_size(unknown), 1);
	json_decref(unknown);
	char uri[200];
	snprintf(uri, sizeof uri, "/jobs/%s/vertices/nope/backpressure", jid);
	assert_error(s, "GET", uri, NULL, 400, "Bad request, could not parse parameters: "
	             "Cannot resolve path parameter (vertexid) from value \"nope\".");
	sim_destroy(s);
}

/* ---------------------------------------------------------------- REST: errors */

static void test_errors_are_flinks(void **state)
{
	(void)state;
	char jid[33], uri[200];
	Sim *s = start(20, jid);
	assert_error(s, "GET", "/no/such/path?x=1", NULL, 404, "Not found: /no/such/path?x=1");
	assert_error(s, "DELETE", "/jobs", NULL, 404, "Not found: /jobs");       /* Flink has no 405 */
	snprintf(uri, sizeof uri, "/jobs/%s", jid);
	char want[100];
	snprintf(want, sizeof want, "Not found: %s", uri);
	assert_error(s, "POST", uri, NULL, 404, want);
	assert_error(s, "GET", "/jobs/xyz", NULL, 400, "Bad request, could not parse parameters: "
	             "Cannot resolve path parameter (jobid) from value \"xyz\".");
	assert_error(s, "GET", "/jobs/0123456789abcdef0123456789abcdef", NULL, 404,
	             "Job 0123456789abcdef0123456789abcdef not found");
	snprintf(uri, sizeof uri, "/jobs/%s/stop", jid);
	assert_error(s, "POST", uri, "{not json", 400, "Request did not match expected format StopWithSavepointRequestBody.");
	assert_error(s, "POST", uri, "{\"drain\":false,\"extra\":1}", 400,
	             "Request did not match expected format StopWithSavepointRequestBody.");
	assert_error(s, "POST", uri, "[1]", 400, "Request did not match expected format StopWithSavepointRequestBody.");
	assert_error(s, "GET", "/jobs", "nope", 400, "Request did not match expected format EmptyRequestBody.");
	assert_error(s, "POST", "/jobs/0123456789abcdef0123456789abcdef/stop", "{\"drain\":false}", 404,
	             "org.apache.flink.runtime.messages.FlinkJobNotFoundException: "
	             "Could not find Flink job (0123456789abcdef0123456789abcdef)");
	int status;
	json_t *bad = call(s, "GET", "/\xff\xfe", NULL, &status);      /* not UTF-8: still valid JSON */
	assert_int_equal(status, 404);
	json_decref(bad);
	sim_compose(s, COMPOSE_KILL, "jobmanager");
	assert_error(s, "GET", "/jobs", NULL, REST_STATUS_UNREACHABLE, "connection refused: jobmanager");
	sim_destroy(s);
}

/* ---------------------------------------------------------------- REST: actions */

static void test_patch_cancels_the_job(void **state)
{
	(void)state;
	char jid[33], uri[200];
	Sim *s = start(20, jid);
	snprintf(uri, sizeof uri, "/jobs/%s?mode=foo", jid);
	assert_error(s, "PATCH", uri, NULL, 400, "Bad request, could not parse parameters: "
	             "Cannot resolve query parameter (mode) from value \"foo\".");
	snprintf(uri, sizeof uri, "/jobs/%s?mode=stop", jid);
	int status;
	json_t *j = call(s, "PATCH", uri, NULL, &status);
	assert_int_equal(status, 308);
	json_decref(j);
	snprintf(uri, sizeof uri, "/jobs/%s?mode=cancel", jid);
	j = call(s, "PATCH", uri, NULL, &status);
	assert_int_equal(status, 202);
	assert_int_equal(json_object_size(j), 0);
	json_decref(j);
	sim_run_until(s, S(25));
	JobInfo ji;
	assert_int_equal(sim_job_info(s, jid, &ji), SIM_OK);
	assert_int_equal(ji.state, JOB_CANCELED);
	assert_error(s, "PATCH", uri, NULL, 404, "Job could not be found.");
	json_t *o = get_ok(s, "/overview");
	assert_int_equal(json_integer_value(json_object_get(o, "jobs-cancelled")), 1);
	assert_int_equal(json_integer_value(json_object_get(o, "jobs-running")), 0);
	json_decref(o);
	sim_destroy(s);
}

static void test_stop_with_savepoint_over_rest(void **state)
{
	(void)state;
	char jid[33], uri[200];
	Sim *s = start(20, jid);
	snprintf(uri, sizeof uri, "/jobs/%s/stop", jid);
	int status;
	json_t *j = call(s, "POST", uri, "{\"drain\": false}", &status), *sample = parse(seed_stop);
	assert_int_equal(status, 202);
	assert_shape(sample, j, "POST /jobs/<id>/stop");
	json_decref(sample);
	const char *trigger = json_string_value(json_object_get(j, "request-id"));
	assert_true(rest_is_hex_id(trigger));
	snprintf(uri, sizeof uri, "/jobs/%s/savepoints/%s", jid, trigger);
	json_decref(j);

	json_t *pending = get_ok(s, "%s", uri);
	assert_string_equal(json_string_value(json_object_get(json_object_get(pending, "status"), "id")), "IN_PROGRESS");
	assert_true(json_is_null(json_object_get(pending, "operation")));
	json_decref(pending);

	sim_run_until(s, S(30));
	json_t *done = get_ok(s, "%s", uri);
	sample = parse(seed_savepoint_done);
	assert_shape(sample, done, "GET /jobs/<id>/savepoints/<trigger>");
	json_decref(sample);
	const char *location = json_string_value(json_object_get(json_object_get(done, "operation"), "location"));
	char want[80];
	snprintf(want, sizeof want, "/savepoint-%.6s-", jid);
	assert_true(strncmp(location, "file:", 5) == 0);
	assert_non_null(strstr(location, want));
	assert_true(access(location + 5, F_OK) == 0);            /* a real directory on the host */
	json_decref(done);
	JobInfo ji;
	assert_int_equal(sim_job_info(s, jid, &ji), SIM_OK);
	assert_int_equal(ji.state, JOB_FINISHED);

	snprintf(uri, sizeof uri, "/jobs/%s/savepoints/0123456789abcdef0123456789abcdef", jid);
	j = call(s, "GET", uri, NULL, &status);
	assert_int_equal(status, 404);
	assert_true(strncmp(json_string_value(json_array_get(json_object_get(j, "errors"), 0)),
	                    "Operation not found under key: ", 31) == 0);
	json_decref(j);
	sim_destroy(s);
}

/* ---------------------------------------------------------------- CLI */

/* Runs one CLI call to its end (advancing the simulation) and returns its text. */
static char *cli(Sim *s, int *exit_code, int argc, ...)
{
	const char *argv[16];
	va_list ap;
	va_start(ap, argc);
	for (int i = 0; i < argc && i < 16; i++)
		argv[i] = va_arg(ap, const char *);
	va_end(ap);
	CliCall *c = cli_begin(s, argc, argv);
	assert_non_null(c);
	while (!cli_done(s, c))
		if (!sim_step(s))
			break;
	return cli_finish(s, c, exit_code);
}

static void assert_cli(Sim *s, const char *want, int want_exit, int argc, ...)
{
	const char *argv[16];
	va_list ap;
	va_start(ap, argc);
	for (int i = 0; i < argc && i < 16; i++)
		argv[i] = va_arg(ap, const char *);
	va_end(ap);
	CliCall *c = cli_begin(s, argc, argv);
	while (!cli_done(s, c))
		if (!sim_step(s))
			break;
	int code;
	char *text = cli_finish(s, c, &code);
	assert_string_equal(text, want);
	assert_int_equal(code, want_exit);
	free(text);
}

static void test_cli_list(void **state)
{
	(void)state;
	char jid[33], want[600];
	Sim *s = start(60, jid);
	snprintf(want, sizeof want,
	         "Waiting for response...\n"
	         "------------------ Running/Restarting Jobs -------------------\n"
	         "01.01.2020 00:00:00 : %s : Click Event Count (RUNNING)\n"
	         "--------------------------------------------------------------\n"
	         "No scheduled jobs.\n", jid);
	assert_cli(s, want, 0, 1, "list");
	assert_cli(s, want, 0, 2, "flink", "list");
	assert_int_equal(sim_job_cancel(s, jid), SIM_OK);
	sim_run_until(s, S(65));
	snprintf(want, sizeof want,
	         "Waiting for response...\n"
	         "No running jobs.\n"
	         "No scheduled jobs.\n"
	         "---------------------- Terminated Jobs -----------------------\n"
	         "01.01.2020 00:00:00 : %s : Click Event Count (CANCELED)\n"
	         "--------------------------------------------------------------\n", jid);
	assert_cli(s, want, 0, 2, "list", "-a");
	assert_cli(s, "Waiting for response...\nNo running jobs.\n", 0, 2, "list", "--running");
	assert_cli(s, "Unrecognized option: --bogus\n\nUse the help option (-h or --help) to get help on the command.\n",
	           1, 2, "list", "--bogus");
	sim_destroy(s);
}

static void test_cli_run(void **state)
{
	(void)state;
	char jid[33];
	Sim *s = start(10, jid);
	int code;
	char *text = cli(s, &code, 4, "run", "-d", "-p", "1");
	assert_int_equal(code, 0);
	assert_true(strncmp(text, "Job has been submitted with JobID ", 34) == 0);
	char id[33];
	memcpy(id, text + 34, 32);
	id[32] = '\0';
	assert_true(rest_is_hex_id(id));
	assert_string_equal(text + 66, "\n");
	free(text);
	JobInfo ji;
	assert_int_equal(sim_job_info(s, id, &ji), SIM_OK);
	assert_int_equal(ji.parallelism, 1);
	assert_true(ji.checkpointing && ji.event_time);          /* the client container's arguments */

	text = cli(s, &code, 4, "run", "-d", CLI_JAR, "--checkpointing");
	assert_int_equal(code, 0);
	memcpy(id, text + 34, 32);
	free(text);
	assert_int_equal(sim_job_info(s, id, &ji), SIM_OK);
	assert_true(ji.checkpointing);
	assert_false(ji.event_time);                              /* only what the jar was given */
	assert_int_equal(ji.parallelism, 2);

	assert_cli(s, "The parallelism must be a positive number: x\n\n"
	              "Use the help option (-h or --help) to get help on the command.\n", 1, 4, "run", "-d", "-p", "x");
	assert_cli(s, "Missing argument for option: p\n\n"
	              "Use the help option (-h or --help) to get help on the command.\n", 1, 2, "run", "-p");
	assert_cli(s, "Could not get job jar and dependencies from JAR file: JAR file does not exist: /opt/Other.jar\n\n"
	              "Use the help option (-h or --help) to get help on the command.\n", 1, 3, "run", "-d", "/opt/Other.jar");
	text = cli(s, &code, 4, "run", "-d", "-s", "file:/no/such/savepoint");
	assert_int_equal(code, 1);
	assert_non_null(strstr(text, " The program finished with the following exception:\n"));
	free(text);
	sim_destroy(s);
}

static void test_cli_cancel(void **state)
{
	(void)state;
	char jid[33], want[600];
	Sim *s = start(20, jid);
	snprintf(want, sizeof want, "Cancelling job %s.\nCancelled job %s.\n", jid, jid);
	assert_cli(s, want, 0, 2, "cancel", jid);
	assert_cli(s, "Missing JobID. Specify a Job ID to cancel a job.\n\n"
	              "Use the help option (-h or --help) to get help on the command.\n", 1, 1, "cancel");
	assert_cli(s, "Cannot parse JobID from \"abc\". The expected format is [0-9a-fA-F]{32}, "
	              "e.g. fd72014d4c864993a2e5a9287b4a9c5d.\n\n"
	              "Use the help option (-h or --help) to get help on the command.\n", 1, 2, "cancel", "abc");
	sim_run_until(s, S(25));
	snprintf(want, sizeof want, "Cancelling job %s.\n\n"
	         "------------------------------------------------------------\n"
	         " The program finished with the following exception:\n\n"
	         "org.apache.flink.util.FlinkException: Could not cancel job %s.\n"
	         "Caused by: org.apache.flink.runtime.rest.util.RestClientException: [Job could not be found.]\n", jid, jid);
	assert_cli(s, want, 1, 2, "cancel", jid);
	sim_destroy(s);
}

static void test_cli_savepoint_then_stop(void **state)
{
	(void)state;
	char jid[33], head[300];
	Sim *s = start(20, jid);
	int code;
	const char *sp_argv[] = { "savepoint", jid };
	CliCall *c = cli_begin(s, 2, sp_argv);
	assert_false(cli_done(s, c));                            /* waits for the savepoint */
	while (!cli_done(s, c))
		assert_true(sim_step(s));
	char *text = cli_finish(s, c, &code);
	assert_int_equal(code, 0);
	snprintf(head, sizeof head, "Triggering savepoint for job %s.\nWaiting for response...\n"
	         "Savepoint completed. Path: file:%s/savepoint-%.6s-", jid, spdir, jid);
	assert_true(strncmp(text, head, strlen(head)) == 0);
	assert_non_null(strstr(text, "\nYou can resume your program from this savepoint with the run command.\n"));
	free(text);

	text = cli(s, &code, 2, "stop", jid);
	assert_int_equal(code, 0);
	snprintf(head, sizeof head, "Suspending job \"%s\" with a savepoint.\nSavepoint completed. Path: file:%s/savepoint-%.6s-",
	         jid, spdir, jid);
	assert_true(strncmp(text, head, strlen(head)) == 0);
	JobInfo ji;
	assert_int_equal(sim_job_info(s, jid, &ji), SIM_OK);
	assert_int_equal(ji.state, JOB_FINISHED);
	free(text);
	sim_destroy(s);
}

static void test_cli_usage_errors(void **state)
{
	(void)state;
	char jid[33];
	Sim *s = start(1, jid);
	assert_cli(s, "Please specify an action.\n", 1, 0);
	assert_cli(s, "\"lsit\" is not a valid action.\n\n"
	              "Valid actions are \"run\", \"run-application\", \"list\", \"info\", \"savepoint\", \"stop\", or \"cancel\".\n\n"
	              "Specify the version option (-v or --version) to print Flink version.\n\n"
	              "Specify the help option (-h or --help) to get help on the command.\n", 1, 1, "lsit");
	assert_cli(s, "Version: " REST_FLINK_VERSION ", Commit ID: " REST_FLINK_COMMIT "\n", 0, 1, "--version");
	int code;
	char *text = cli(s, &code, 2, "list", "-h");
	assert_int_equal(code, 0);
	assert_true(strncmp(text, "Action \"list\"", 13) == 0);
	free(text);
	sim_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shape_check_catches_missing_keys_and_wrong_types),
		cmocka_unit_test(test_jobs_lists_the_running_job),
		cmocka_unit_test(test_job_details_have_every_key_of_the_seed_sample),
		cmocka_unit_test(test_job_details_vertices_and_plan_follow_the_topology),
		cmocka_unit_test(test_metrics_list_get_values_as_strings),
		cmocka_unit_test(test_metric_text_prints_integers_without_decimals),
		cmocka_unit_test(test_overview_and_taskmanagers),
		cmocka_unit_test(test_checkpoints_counts_summary_latest_history),
		cmocka_unit_test(test_backpressure_levels_at_flinks_thresholds),
		cmocka_unit_test(test_backpressure_view),
		cmocka_unit_test(test_errors_are_flinks),
		cmocka_unit_test(test_patch_cancels_the_job),
		cmocka_unit_test(test_stop_with_savepoint_over_rest),
		cmocka_unit_test(test_cli_list),
		cmocka_unit_test(test_cli_run),
		cmocka_unit_test(test_cli_cancel),
		cmocka_unit_test(test_cli_savepoint_then_stop),
		cmocka_unit_test(test_cli_usage_errors),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
