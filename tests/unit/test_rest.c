/*
 * test_rest.c — the REST API of the default profile, Flink 1.9, answer by answer: every route
 * compared as a whole document (json_doc.h: the same keys in Jackson's order, the same types,
 * the values where the model's are fixed) against the release's response classes
 * (docs/_includes/generated/rest_v1_dispatcher.html of release-1.9, the classes in
 * flink-runtime/…/rest/messages), and Flink's error bodies. Every Sim runs seed 1 from
 * 01.01.2020 00:00:00 (UTC), the job submitted at t=0; the JobManager answers from 5 s.
 */
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rest/rest_jars.h"
#include "rest_fixture.h"

static Sim *start(int seconds, char jid[33]) { return start_version(FLINK_1_9, seconds, jid); }

/* ---------------------------------------------------------------- template pieces */

#define TASKS_19(created, scheduled, deploying, running, finished, canceling, canceled, failed) \
	"{\"CREATED\":" #created ",\"FINISHED\":" #finished ",\"DEPLOYING\":" #deploying ",\"RUNNING\":" #running \
	",\"CANCELING\":" #canceling ",\"FAILED\":" #failed ",\"CANCELED\":" #canceled ",\"RECONCILING\":0," \
	"\"SCHEDULED\":" #scheduled "}"
#define IO_METRICS \
	"{\"read-bytes\":\"$int\",\"read-bytes-complete\":true,\"write-bytes\":\"$int\",\"write-bytes-complete\":true," \
	"\"read-records\":\"$int\",\"read-records-complete\":true,\"write-records\":\"$int\",\"write-records-complete\":true}"

/* One vertex of GET /jobs/<id> (JobDetailsInfo.JobVertexDetailsInfo). */
static char *vertex_doc(char *buf, size_t len, const char *id, const char *name, const char *status, const char *tasks,
                        const char *end)
{
	bool deployed = strcmp(status, "CREATED") != 0;     /* start-time: the first DEPLOYING, or -1 */
	snprintf(buf, len, "{\"id\":\"%s\",\"name\":\"%s\",\"parallelism\":2,\"status\":\"%s\",\"start-time\":%s,"
	         "\"end-time\":%s,\"duration\":%s,\"tasks\":%s,\"metrics\":" IO_METRICS "}",
	         id, name, status, deployed ? "\"$ms\"" : "-1", end, deployed ? "\"$int\"" : "-1", tasks);
	return buf;
}

/* The plan of the job (JobPlanInfo's raw JSON: JsonPlanGenerator), sinks first. */
static char *plan_doc(char *buf, size_t len, const char *jid)
{
	snprintf(buf, len, "{\"jid\":\"%s\",\"name\":\"Click Event Count\",\"nodes\":["
	         "{\"id\":\"" V_SINK "\",\"parallelism\":2,\"operator\":\"\",\"operator_strategy\":\"\","
	         "\"description\":\"ClickEventStatistics Sink\",\"inputs\":[{\"num\":0,\"id\":\"" V_COUNTER "\","
	         "\"ship_strategy\":\"FORWARD\",\"exchange\":\"pipelined_bounded\"}],\"optimizer_properties\":{}},"
	         "{\"id\":\"" V_COUNTER "\",\"parallelism\":2,\"operator\":\"\",\"operator_strategy\":\"\","
	         "\"description\":\"ClickEvent Counter\",\"inputs\":[{\"num\":0,\"id\":\"" V_WM "\","
	         "\"ship_strategy\":\"HASH\",\"exchange\":\"pipelined_bounded\"}],\"optimizer_properties\":{}},"
	         "{\"id\":\"" V_WM "\",\"parallelism\":2,\"operator\":\"\",\"operator_strategy\":\"\","
	         "\"description\":\"Timestamps/Watermarks\",\"inputs\":[{\"num\":0,\"id\":\"" V_SOURCE "\","
	         "\"ship_strategy\":\"FORWARD\",\"exchange\":\"pipelined_bounded\"}],\"optimizer_properties\":{}},"
	         "{\"id\":\"" V_SOURCE "\",\"parallelism\":2,\"operator\":\"\",\"operator_strategy\":\"\","
	         "\"description\":\"ClickEvent Source\",\"optimizer_properties\":{}}]}", jid);
	return buf;
}

/* GET /jobs/<id> of a job whose four vertices are all in one state. */
static void expect_job_details(Sim *s, const char *jid, const char *state, const char *start_time,
                               const char *timestamps, const char *tasks, const char *vstatus, const char *end,
                               const char *counts)
{
	char uri[80], v[4][900], plan[2200];
	snprintf(uri, sizeof uri, "/jobs/%s", jid);
	expect_get(s, uri,
	           "{\"jid\":\"%s\",\"name\":\"Click Event Count\",\"isStoppable\":false,\"state\":\"%s\","
	           "\"start-time\":%s,\"end-time\":%s,\"duration\":\"$int\",\"now\":%lld,\"timestamps\":%s,"
	           "\"vertices\":[%s,%s,%s,%s],\"status-counts\":%s,\"plan\":%s}",
	           jid, state, start_time, end, (long long)sim_clock_now_ms(s), timestamps,
	           vertex_doc(v[0], sizeof v[0], V_SOURCE, "ClickEvent Source", vstatus, tasks, end),
	           vertex_doc(v[1], sizeof v[1], V_WM, "Timestamps/Watermarks", vstatus, tasks, end),
	           vertex_doc(v[2], sizeof v[2], V_COUNTER, "ClickEvent Counter", vstatus, tasks, end),
	           vertex_doc(v[3], sizeof v[3], V_SINK, "ClickEventStatistics Sink", vstatus, tasks, end),
	           counts, plan_doc(plan, sizeof plan, jid));
}

/* ---------------------------------------------------------------- the matcher itself */

static void test_doc_matcher_catches_keys_order_types_and_values(void **state)
{
	(void)state;
	char where[300];
	json_t *t = json_loads("{\"a\":1,\"b\":[\"$each\",{\"c\":\"$id\"}],\"d\":\"$pre:file:\"}", 0, NULL);
	json_t *ok = json_loads("{\"a\":1,\"b\":[{\"c\":\"0123456789abcdef0123456789abcdef\"}],\"d\":\"file:/x\"}", 0, NULL);
	where[0] = '\0';
	assert_false(json_doc_diff(t, ok, where, sizeof where));
	static const char *const bad[] = {
		"{\"a\":1,\"b\":[{\"c\":\"0123456789abcdef0123456789abcdef\"}],\"d\":\"file:/x\",\"e\":0}",   /* extra key */
		"{\"b\":[{\"c\":\"0123456789abcdef0123456789abcdef\"}],\"a\":1,\"d\":\"file:/x\"}",           /* order */
		"{\"a\":1.0,\"b\":[{\"c\":\"0123456789abcdef0123456789abcdef\"}],\"d\":\"file:/x\"}",         /* type */
		"{\"a\":2,\"b\":[{\"c\":\"0123456789abcdef0123456789abcdef\"}],\"d\":\"file:/x\"}",           /* value */
		"{\"a\":1,\"b\":[],\"d\":\"file:/x\"}",                                                       /* $each */
		"{\"a\":1,\"b\":[{\"c\":\"0123456789ABCDEF0123456789abcdef\"}],\"d\":\"file:/x\"}",           /* $id */
		"{\"a\":1,\"b\":[{\"c\":\"0123456789abcdef0123456789abcdef\"}],\"d\":\"/x\"}",                /* $pre */
		"{\"a\":1,\"b\":[{\"c\":\"0123456789abcdef0123456789abcdef\"}]}",                             /* missing */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *b = json_loads(bad[i], 0, NULL);
		assert_non_null(b);
		where[0] = '\0';
		if (!json_doc_diff(t, b, where, sizeof where))
			fail_msg("case %zu was not caught: %s", i, bad[i]);
		json_decref(b);
	}
	json_decref(ok);
	json_decref(t);
}

/* ---------------------------------------------------------------- jobs */

static void test_jobs_and_overview(void **state)
{
	(void)state;
	char jid[33];
	Sim *s = start(60, jid);
	expect_get(s, "/jobs", "{\"jobs\":[{\"id\":\"%s\",\"status\":\"RUNNING\"}]}", jid);
	expect_get(s, "/v1/jobs/", "{\"jobs\":[{\"id\":\"%s\",\"status\":\"RUNNING\"}]}", jid);   /* versioned, slash */
	/* MultipleJobsDetails of JobDetails: 1.9's task counts have no "initializing". */
	expect_get(s, "/jobs/overview",
	           "{\"jobs\":[{\"jid\":\"%s\",\"name\":\"Click Event Count\",\"state\":\"RUNNING\",\"start-time\":%lld,"
	           "\"end-time\":-1,\"duration\":55000,\"last-modification\":\"$ms\",\"tasks\":{\"total\":8,\"created\":0,"
	           "\"scheduled\":0,\"deploying\":0,\"running\":8,\"finished\":0,\"canceling\":0,\"canceled\":0,"
	           "\"failed\":0,\"reconciling\":0}}]}", jid, T0_MS + 5000);   /* the Dispatcher received it once the JobManager answered */
	sim_destroy(s);
}

/* JobDetailsInfo as the tutorial shows it: ten timestamps (no INITIALIZING in 1.9), nine task
 * states per vertex, status-counts counting vertices, the plan embedded. */
static void test_job_details_whole_document(void **state)
{
	(void)state;
	char jid[33];
	Sim *s = start(60, jid);
	expect_job_details(s, jid, "RUNNING", "1577836805000",
	                   "{\"CREATED\":1577836805000,\"FINISHED\":0,\"SUSPENDED\":0,\"FAILING\":0,\"CANCELLING\":0,"
	                   "\"CANCELED\":0,\"RECONCILING\":0,\"RUNNING\":\"$ms\",\"FAILED\":0,\"RESTARTING\":0}",
	                   TASKS_19(0, 0, 0, 2, 0, 0, 0, 0), "RUNNING", "-1", TASKS_19(0, 0, 0, 4, 0, 0, 0, 0));
	/* The values the matcher left open, checked for what they mean. */
	int status;
	char uri[80];
	snprintf(uri, sizeof uri, "/jobs/%s", jid);
	json_t *j = call(s, "GET", uri, NULL, &status);
	assert_int_equal(json_integer_value(json_object_get(j, "duration")), 55000);   /* since the Dispatcher received it, 5 s in */
	json_t *vx = json_object_get(j, "vertices");
	json_t *ts = json_object_get(j, "timestamps");
	int64_t running_since = json_integer_value(json_object_get(ts, "RUNNING"));
	assert_true(running_since > T0_MS + 5000 && running_since < T0_MS + 6000);   /* JobManager start-up */
	for (size_t v = 0; v < 4; v++) {
		json_t *x = json_array_get(vx, v);
		int64_t st = json_integer_value(json_object_get(x, "start-time"));
		assert_true(st >= running_since);                 /* the first DEPLOYING */
		assert_int_equal(json_integer_value(json_object_get(x, "duration")), sim_clock_now_ms(s) - st);
	}
	json_t *m1 = json_object_get(json_array_get(vx, 1), "metrics"), *m2 = json_object_get(json_array_get(vx, 2), "metrics");
	assert_true(json_integer_value(json_object_get(m1, "write-records")) > 20000);
	assert_true(json_integer_value(json_object_get(m2, "read-records")) <= json_integer_value(json_object_get(m1, "write-records")));
	json_decref(j);
	snprintf(uri, sizeof uri, "/jobs/%s/plan", jid);
	char plan[2200];
	expect_get(s, uri, "{\"plan\":%s}", plan_doc(plan, sizeof plan, jid));
	sim_destroy(s);
}

/* JobVertexDetailsInfo: subtasks with Flink's duplicate "start_time" (FIELD_NAME_COMPATIBLE_START_TIME). */
static void test_vertex_details(void **state)
{
	(void)state;
	char jid[33], uri[120];
	Sim *s = start(60, jid);
	snprintf(uri, sizeof uri, "/jobs/%s/vertices/%s", jid, V_COUNTER);
#define SUB "{\"subtask\":%d,\"status\":\"RUNNING\",\"attempt\":0,\"host\":\"operations-playground_taskmanager_1\"," \
	                  "\"start-time\":\"$ms\",\"end-time\":-1,\"duration\":\"$int\",\"metrics\":" IO_METRICS "," \
	                  "\"start_time\":\"$ms\"}"
	char s0[600], s1[600];
	snprintf(s0, sizeof s0, SUB, 0);
	snprintf(s1, sizeof s1, SUB, 1);
#undef SUB
	expect_get(s, uri, "{\"id\":\"" V_COUNTER "\",\"name\":\"ClickEvent Counter\",\"parallelism\":2,\"now\":%lld,"
	           "\"subtasks\":[%s,%s]}", (long long)sim_clock_now_ms(s), s0, s1);
	snprintf(uri, sizeof uri, "/jobs/%s/vertices/0123456789abcdef0123456789abcdef", jid);
	assert_error(s, "GET", uri, NULL, 404, "JobVertex 0123456789abcdef0123456789abcdef not found");
	sim_destroy(s);
}

/* ---------------------------------------------------------------- metrics */

static void test_job_metrics_list_and_values(void **state)
{
	(void)state;
	char jid[33], uri[200];
	Sim *s = start(60, jid);
	/* 1.9's job metric group: ExecutionGraph's gauges and CheckpointStatsTracker's, in the
	 * order they are registered; no numRestarts (1.10), no lastCheckpointFullSize. */
	static const char list19[] =
		"[{\"id\":\"restartingTime\"},{\"id\":\"downtime\"},{\"id\":\"uptime\"},{\"id\":\"fullRestarts\"},"
		"{\"id\":\"totalNumberOfCheckpoints\"},{\"id\":\"numberOfInProgressCheckpoints\"},"
		"{\"id\":\"numberOfCompletedCheckpoints\"},{\"id\":\"numberOfFailedCheckpoints\"},"
		"{\"id\":\"lastCheckpointRestoreTimestamp\"},{\"id\":\"lastCheckpointSize\"},"
		"{\"id\":\"lastCheckpointDuration\"},{\"id\":\"lastCheckpointAlignmentBuffered\"},"
		"{\"id\":\"lastCheckpointExternalPath\"}]";
	snprintf(uri, sizeof uri, "/jobs/%s/metrics", jid);
	expect_get(s, uri, "%s", list19);
	expect_get(s, "/jobs/metrics", "%s", list19);
	double size;
	assert_int_equal(sim_job_metric(s, jid, "lastCheckpointSize", &size), SIM_OK);
	assert_true(size > 0);
	snprintf(uri, sizeof uri, "/jobs/%s/metrics?get=lastCheckpointSize,noSuchMetric,numRestarts,fullRestarts,"
	         "lastCheckpointRestoreTimestamp,lastCheckpointExternalPath,uptime", jid);
	/* Flink puts the names in a HashSet: its order (java.util.HashSet of these seven). */
	expect_get(s, uri, "[{\"id\":\"lastCheckpointSize\",\"value\":\"%lld\"},"
	           "{\"id\":\"lastCheckpointExternalPath\",\"value\":\"$pre:file:/tmp/flink-checkpoints-directory/%s/chk-\"},"
	           "{\"id\":\"fullRestarts\",\"value\":\"0\"},"
	           "{\"id\":\"lastCheckpointRestoreTimestamp\",\"value\":\"-1\"},"
	           "{\"id\":\"uptime\",\"value\":\"$str\"}]", (long long)size, jid);
	snprintf(uri, sizeof uri, "/jobs/%s/metrics?get=uptime,lastCheckpointSize,uptime,fullRestarts", jid);
	expect_get(s, uri, "[{\"id\":\"lastCheckpointSize\",\"value\":\"%lld\"},{\"id\":\"fullRestarts\",\"value\":\"0\"},"
	           "{\"id\":\"uptime\",\"value\":\"$str\"}]", (long long)size);   /* a name asked twice: once */
	snprintf(uri, sizeof uri, "/jobs/%s/metrics?get=fullRestarts%%2CnumberOfFailedCheckpoints", jid);   /* %2C */
	expect_get(s, uri, "[{\"id\":\"numberOfFailedCheckpoints\",\"value\":\"0\"},{\"id\":\"fullRestarts\",\"value\":\"0\"}]");
	expect_get(s, "/jobs/0123456789abcdef0123456789abcdef/metrics?get=uptime", "[]");   /* no metrics, no error */
	snprintf(uri, sizeof uri, "/jobs/%s/metrics?get=,,", jid);     /* split(",") names nothing: the ids */
	int commas_status;
	json_t *ids = call(s, "GET", uri, NULL, &commas_status);
	assert_int_equal(json_array_size(ids), 13);
	assert_null(json_object_get(json_array_get(ids, 0), "value"));
	json_decref(ids);
	/* AggregatingJobsMetricsHandler: min, max, avg, sum as doubles; agg= picks. */
	expect_get(s, "/jobs/metrics?get=fullRestarts", "[{\"id\":\"fullRestarts\",\"min\":0.0,\"max\":0.0,\"avg\":0.0,\"sum\":0.0}]");
	expect_get(s, "/jobs/metrics?get=fullRestarts&agg=max", "[{\"id\":\"fullRestarts\",\"max\":0.0}]");
	sim_destroy(s);
}

/* The task metrics of 1.9: IO counters, the input processor's gauges (not at the source),
 * the network gauges under Shuffle.Netty and the legacy buffers group, one operator metric. */
static void test_vertex_metrics(void **state)
{
	(void)state;
	char jid[33], uri[300], want[6000];
	Sim *s = start(60, jid);
	static const char *const common[] = {
		"numRecordsIn", "numRecordsOut", "numBytesIn", "numBytesOut", "checkpointAlignmentTime",
		"currentInputWatermark", "Shuffle.Netty.Output.Buffers.outputQueueLength",
		"Shuffle.Netty.Output.Buffers.outPoolUsage", "Shuffle.Netty.Input.Buffers.inputQueueLength",
		"Shuffle.Netty.Input.Buffers.inPoolUsage", "buffers.outputQueueLength", "buffers.outPoolUsage",
		"buffers.inputQueueLength", "buffers.inPoolUsage",
	};
	static const struct { const char *id, *op; bool source; } vx[] = {
		{ V_SOURCE, "ClickEvent_Source.KafkaConsumer.records-lag-max", true },
		{ V_COUNTER, "ClickEvent_Counter.numLateRecordsDropped", false },
		{ V_SINK, NULL, false },
	};
	for (size_t v = 0; v < 3; v++) {
		size_t n = 0;
		n += (size_t)snprintf(want + n, sizeof want - n, "[");
		for (int i = 0; i < 2; i++) {
			for (size_t k = 0; k < sizeof common / sizeof common[0]; k++) {
				if (vx[v].source && (k == 4 || k == 5))
					continue;                               /* SourceStreamTask has no input processor */
				n += (size_t)snprintf(want + n, sizeof want - n, "%s{\"id\":\"%d.%s\"}", n > 1 ? "," : "", i, common[k]);
			}
			if (vx[v].op)
				n += (size_t)snprintf(want + n, sizeof want - n, ",{\"id\":\"%d.%s\"}", i, vx[v].op);
		}
		snprintf(want + n, sizeof want - n, "]");
		snprintf(uri, sizeof uri, "/jobs/%s/vertices/%s/metrics", jid, vx[v].id);
		expect_get(s, uri, "%s", want);
	}
	TaskInfo t;
	assert_int_equal(sim_task_info(s, jid, 2, 1, &t), SIM_OK);
	snprintf(uri, sizeof uri, "/jobs/%s/vertices/%s/metrics?get=1.numRecordsIn,0.currentInputWatermark,"
	         "1.Shuffle.Netty.Input.Buffers.inPoolUsage,7.numRecordsIn,1.nope", jid, V_COUNTER);
	expect_get(s, uri, "[{\"id\":\"0.currentInputWatermark\",\"value\":\"$str\"},{\"id\":\"1.numRecordsIn\",\"value\":\"%lld\"},"
	           "{\"id\":\"1.Shuffle.Netty.Input.Buffers.inPoolUsage\",\"value\":\"$str\"}]", (long long)t.records_in);
	snprintf(uri, sizeof uri, "/jobs/%s/vertices/%s/metrics?get=0.currentInputWatermark", jid, V_SOURCE);
	expect_get(s, uri, "[]");
	/* A source has no input gate: nothing received (it reads from Kafka); the consumer's lag
	 * is Kafka's double. In the HashSet's order. */
	snprintf(uri, sizeof uri, "/jobs/%s/vertices/%s/metrics?get=0.numRecordsIn,0.numBytesIn,"
	         "0.ClickEvent_Source.KafkaConsumer.records-lag-max", jid, V_SOURCE);
	expect_get(s, uri, "[{\"id\":\"0.numRecordsIn\",\"value\":\"0\"},"
	           "{\"id\":\"0.ClickEvent_Source.KafkaConsumer.records-lag-max\",\"value\":\"$pre:\"},"
	           "{\"id\":\"0.numBytesIn\",\"value\":\"0\"}]");
	int lag_status;
	json_t *lag = call(s, "GET", uri, NULL, &lag_status);
	assert_string_equal(json_string_value(json_object_get(json_array_get(lag, 1), "value")), "0.0");
	json_decref(lag);
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

/* ---------------------------------------------------------------- cluster */

static void test_cluster_documents(void **state)
{
	(void)state;
	char jid[33], uri[120], webdir[80];
	Sim *s = start(60, jid);
	expect_get(s, "/overview", "{\"taskmanagers\":1,\"slots-total\":2,\"slots-available\":0,\"jobs-running\":1,"
	           "\"jobs-finished\":0,\"jobs-cancelled\":0,\"jobs-failed\":0,\"flink-version\":\"1.9.2\","
	           "\"flink-commit\":\"c9d2c90\"}");
	/* DashboardConfiguration of 1.9: no "features" (1.10). */
	expect_get(s, "/config", "{\"refresh-interval\":3000,\"timezone-name\":\"Coordinated Universal Time\","
	           "\"timezone-offset\":0,\"flink-version\":\"1.9.2\",\"flink-revision\":\"$pre:c9d2c90 @ \"}");
	sim_web_tmp_dir(s, webdir, sizeof webdir);
	assert_true(strncmp(webdir, "/tmp/flink-web-", 15) == 0);
	expect_get(s, "/jobmanager/config",
	           "[{\"key\":\"jobmanager.rpc.address\",\"value\":\"jobmanager\"},{\"key\":\"blob.server.port\",\"value\":\"6124\"},"
	           "{\"key\":\"query.server.port\",\"value\":\"6125\"},{\"key\":\"taskmanager.numberOfTaskSlots\",\"value\":\"2\"},"
	           "{\"key\":\"state.backend\",\"value\":\"filesystem\"},"
	           "{\"key\":\"state.checkpoints.dir\",\"value\":\"file:///tmp/flink-checkpoints-directory\"},"
	           "{\"key\":\"state.savepoints.dir\",\"value\":\"file:%s\"},{\"key\":\"heartbeat.interval\",\"value\":\"1000\"},"
	           "{\"key\":\"heartbeat.timeout\",\"value\":\"5000\"},{\"key\":\"web.tmpdir\",\"value\":\"%s\"}]", spdir, webdir);
	expect_get(s, "/jobmanager/metrics", "[{\"id\":\"numRegisteredTaskManagers\"},{\"id\":\"numRunningJobs\"},"
	           "{\"id\":\"taskSlotsAvailable\"},{\"id\":\"taskSlotsTotal\"}]");
	expect_get(s, "/jobmanager/metrics?get=numRegisteredTaskManagers,taskSlotsTotal",
	           "[{\"id\":\"numRegisteredTaskManagers\",\"value\":\"1\"},{\"id\":\"taskSlotsTotal\",\"value\":\"2\"}]");

	/* TaskManagersInfo of 1.9: a 32-hex ResourceID, the akka path, "hardware"; no jmxPort and
	 * no resources (1.10+); timeSinceLastHeartbeat is the last heartbeat's timestamp. */
	TaskManagerInfo tm;
	assert_true(sim_taskmanager_info(s, 0, &tm));
	assert_true(rest_is_hex_id(tm.resource_id) && strlen(tm.resource_id) == 32);
	char tmdoc[900];
	snprintf(tmdoc, sizeof tmdoc, "{\"id\":\"%s\",\"path\":\"$pre:akka.tcp://flink@172.18.0.\",\"dataPort\":%d,"
	         "\"timeSinceLastHeartbeat\":\"$ms\",\"slotsNumber\":2,\"freeSlots\":0,\"hardware\":{\"cpuCores\":\"$int\","
	         "\"physicalMemory\":\"$int\",\"freeMemory\":\"$int\",\"managedMemory\":\"$int\"}", tm.resource_id,
	         sim_taskmanager_data_port(s, tm.instance));
	expect_get(s, "/taskmanagers", "{\"taskmanagers\":[%s}]}", tmdoc);
	snprintf(uri, sizeof uri, "/taskmanagers/%s", tm.resource_id);
	expect_get(s, uri, "%s,\"metrics\":{\"heapUsed\":\"$int\",\"heapCommitted\":\"$int\",\"heapMax\":\"$int\","
	           "\"nonHeapUsed\":\"$int\",\"nonHeapCommitted\":\"$int\",\"nonHeapMax\":\"$int\",\"directCount\":\"$int\","
	           "\"directUsed\":\"$int\",\"directMax\":\"$int\",\"mappedCount\":\"$int\",\"mappedUsed\":\"$int\","
	           "\"mappedMax\":\"$int\",\"memorySegmentsAvailable\":\"$int\",\"memorySegmentsTotal\":\"$int\","
	           "\"garbageCollectors\":[]}}", tmdoc);
	snprintf(uri, sizeof uri, "/taskmanagers/%s/metrics", tm.resource_id);
	expect_get(s, uri, "[{\"id\":\"Status.Network.AvailableMemorySegments\"},{\"id\":\"Status.Network.TotalMemorySegments\"},"
	           "{\"id\":\"Status.Shuffle.Netty.AvailableMemorySegments\"},{\"id\":\"Status.Shuffle.Netty.TotalMemorySegments\"}]");
	assert_error(s, "GET", "/taskmanagers/0123456789abcdef0123456789abcdef", NULL, 404,
	             "Could not find TaskManager 0123456789abcdef0123456789abcdef");
	sim_destroy(s);
}

/* ---------------------------------------------------------------- checkpoints */

#define CP_COMPLETED \
	"{\"@class\":\"completed\",\"id\":\"$int\",\"status\":\"COMPLETED\",\"is_savepoint\":false," \
	"\"trigger_timestamp\":\"$ms\",\"latest_ack_timestamp\":\"$ms\",\"state_size\":\"$int\"," \
	"\"end_to_end_duration\":\"$int\",\"alignment_buffered\":0,\"num_subtasks\":8,\"num_acknowledged_subtasks\":8," \
	"\"tasks\":{},\"external_path\":\"$pre:file:/tmp/flink-checkpoints-directory/\",\"discarded\":\"$bool\"}"
#define MIN_MAX_AVG "{\"min\":\"$int\",\"max\":\"$int\",\"avg\":\"$int\"}"

/* CheckpointingStatistics of 1.9: no persisted/processed data, no checkpoint_type; the
 * entries are typed by "@class" (completed, failed, in_progress). */
static void test_checkpoints_whole_document(void **state)
{
	(void)state;
	char jid[33], uri[200];
	Sim *s = start(60, jid);
	snprintf(uri, sizeof uri, "/jobs/%s/checkpoints", jid);
	json_t *j = expect_doc(s, "GET", uri, NULL, 200,
	           "{\"counts\":{\"restored\":0,\"total\":\"$int\",\"in_progress\":\"$int\",\"completed\":\"$int\",\"failed\":0},"
	           "\"summary\":{\"state_size\":" MIN_MAX_AVG ",\"end_to_end_duration\":" MIN_MAX_AVG ","
	           "\"alignment_buffered\":" MIN_MAX_AVG "},"
	           "\"latest\":{\"completed\":" CP_COMPLETED ",\"savepoint\":null,\"failed\":null,\"restored\":null},"
	           "\"history\":[\"$each\"," CP_COMPLETED "]}");
	json_t *counts = json_object_get(j, "counts"), *history = json_object_get(j, "history");
	double completed;
	assert_int_equal(sim_job_metric(s, jid, "numberOfCompletedCheckpoints", &completed), SIM_OK);
	assert_true(completed >= 50);                             /* one a second from ~6.4 s */
	assert_int_equal(json_integer_value(json_object_get(counts, "completed")), (json_int_t)completed);
	assert_int_equal(json_array_size(history), 10);          /* web.checkpoints.history */
	json_t *latest = json_object_get(json_object_get(j, "latest"), "completed");
	assert_true(json_equal(latest, json_array_get(history, 0)) || json_integer_value(json_object_get(
	            json_array_get(history, 0), "id")) > json_integer_value(json_object_get(latest, "id")));
	assert_false(json_is_true(json_object_get(latest, "discarded")));
	assert_true(json_is_true(json_object_get(json_array_get(history, 2), "discarded")));   /* subsumed */
	for (size_t i = 1; i < json_array_size(history); i++)
		assert_true(json_integer_value(json_object_get(json_array_get(history, i), "id")) <
		            json_integer_value(json_object_get(json_array_get(history, i - 1), "id")));
	json_int_t id = json_integer_value(json_object_get(latest, "id"));
	json_decref(j);

	/* CheckpointConfigInfo of 1.9 (no state_backend, unaligned_checkpoints, tolerable…). */
	snprintf(uri, sizeof uri, "/jobs/%s/checkpoints/config", jid);
	expect_get(s, uri, "{\"mode\":\"exactly_once\",\"interval\":1000,\"timeout\":600000,\"min_pause\":0,"
	           "\"max_concurrent\":1,\"externalization\":{\"enabled\":false,\"delete_on_cancellation\":true}}");
	/* The details carry the per-vertex TaskCheckpointStatistics. */
#define TASK "{\"id\":%lld,\"status\":\"COMPLETED\",\"latest_ack_timestamp\":\"$ms\",\"state_size\":\"$int\"," \
	                   "\"end_to_end_duration\":\"$int\",\"alignment_buffered\":0,\"num_subtasks\":2," \
	                   "\"num_acknowledged_subtasks\":2}"
	char t[4][300];
	for (int v = 0; v < 4; v++)
		snprintf(t[v], sizeof t[v], TASK, (long long)id);
#undef TASK
	snprintf(uri, sizeof uri, "/jobs/%s/checkpoints/details/%lld", jid, (long long)id);
	expect_get(s, uri, "{\"@class\":\"completed\",\"id\":%lld,\"status\":\"COMPLETED\",\"is_savepoint\":false,"
	           "\"trigger_timestamp\":\"$ms\",\"latest_ack_timestamp\":\"$ms\",\"state_size\":\"$int\","
	           "\"end_to_end_duration\":\"$int\",\"alignment_buffered\":0,\"num_subtasks\":8,"
	           "\"num_acknowledged_subtasks\":8,\"tasks\":{\"" V_SOURCE "\":%s,\"" V_WM "\":%s,\"" V_COUNTER "\":%s,"
	           "\"" V_SINK "\":%s},\"external_path\":\"file:/tmp/flink-checkpoints-directory/%s/chk-%lld\","
	           "\"discarded\":false}", (long long)id, t[0], t[1], t[2], t[3], jid, (long long)id);
	snprintf(uri, sizeof uri, "/jobs/%s/checkpoints/details/1", jid);
	assert_error(s, "GET", uri, NULL, 404, "Could not find checkpointing statistics for checkpoint 1.");
	snprintf(uri, sizeof uri, "/jobs/%s/checkpoints/details/x", jid);
	assert_error(s, "GET", uri, NULL, 400, "Bad request, could not parse parameters: "
	             "Cannot resolve path parameter (checkpointid) from value \"x\".");
	assert_error(s, "GET", "/jobs/0123456789abcdef0123456789abcdef/checkpoints", NULL, 404,
	             "Job 0123456789abcdef0123456789abcdef not found");
	sim_destroy(s);
}

/* A TaskManager lost at 60 s: heartbeat timeout at 65 s (1.9's legacy scheduler fails the job
 * globally, the pending checkpoint fails as "The job has failed."), restart with 0 ms delay,
 * the tasks wait for slots until a TaskManager registers again; then a restore. */
static void test_failure_documents(void **state)
{
	(void)state;
	char jid[33], uri[200];
	Sim *s = start(60, jid);
	TaskManagerInfo tm;
	assert_true(sim_taskmanager_info(s, 0, &tm));
	sim_compose(s, COMPOSE_KILL, "taskmanager");
	sim_run_until(s, S(70));
	char cause[200];
	snprintf(cause, sizeof cause, "java.util.concurrent.TimeoutException: Heartbeat of TaskManager with id %s timed out.",
	         tm.resource_id);
	snprintf(uri, sizeof uri, "/jobs/%s/exceptions", jid);
	/* JobExceptionsInfo: the root cause; the new attempts have none of their own. */
	expect_get(s, uri, "{\"root-exception\":\"%s\",\"timestamp\":\"$ms\",\"all-exceptions\":[],\"truncated\":false}", cause);
	/* ExecutionGraph.restart() cleared every timestamp but RESTARTING's: start-time is the
	 * restart's; a vertex of SCHEDULED tasks is CREATED (getAggregateJobVertexState). */
	expect_job_details(s, jid, "RUNNING", "\"$ms\"",
	                   "{\"CREATED\":\"$ms\",\"FINISHED\":0,\"SUSPENDED\":0,\"FAILING\":0,\"CANCELLING\":0,"
	                   "\"CANCELED\":0,\"RECONCILING\":0,\"RUNNING\":\"$ms\",\"FAILED\":0,\"RESTARTING\":\"$ms\"}",
	                   TASKS_19(0, 2, 0, 0, 0, 0, 0, 0), "CREATED", "-1", TASKS_19(4, 0, 0, 0, 0, 0, 0, 0));
	snprintf(uri, sizeof uri, "/jobs/%s/checkpoints", jid);
	json_t *j = call(s, "GET", uri, NULL, &(int){ 0 });
	assert_doc(json_object_get(json_object_get(j, "latest"), "failed"),
	           "{\"@class\":\"failed\",\"id\":\"$int\",\"status\":\"FAILED\",\"is_savepoint\":false,"
	           "\"trigger_timestamp\":\"$ms\",\"latest_ack_timestamp\":-1,\"state_size\":0,\"end_to_end_duration\":-1,"
	           "\"alignment_buffered\":0,\"num_subtasks\":8,\"num_acknowledged_subtasks\":0,\"tasks\":{},"
	           "\"failure_timestamp\":\"$ms\",\"failure_message\":\"The job has failed.\"}", "latest.failed");
	json_decref(j);
	sim_compose(s, COMPOSE_START, "taskmanager");
	sim_run_until(s, S(100));
	snprintf(uri, sizeof uri, "/jobs/%s/metrics?get=fullRestarts,lastCheckpointRestoreTimestamp", jid);
	expect_get(s, uri, "[{\"id\":\"fullRestarts\",\"value\":\"1\"},{\"id\":\"lastCheckpointRestoreTimestamp\",\"value\":\"$str\"}]");
	snprintf(uri, sizeof uri, "/jobs/%s/checkpoints", jid);
	j = call(s, "GET", uri, NULL, &(int){ 0 });
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "counts"), "restored")), 1);
	assert_doc(json_object_get(json_object_get(j, "latest"), "restored"),
	           "{\"id\":\"$int\",\"restore_timestamp\":\"$ms\",\"is_savepoint\":false,"
	           "\"external_path\":\"$pre:file:/tmp/flink-checkpoints-directory/\"}", "latest.restored");
	json_decref(j);
	sim_destroy(s);
}

/* ---------------------------------------------------------------- back pressure (1.9: sampled) */

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

/* BackPressureStatsTracker: the first request starts a sample and answers "deprecated"; 5 s
 * later (100 samples, 50 ms apart) the ratios are there, stamped with the sample's end. */
static void test_backpressure_is_sampled(void **state)
{
	(void)state;
	char jid[33], uri[200];
	Sim *s = start(60, jid);
	snprintf(uri, sizeof uri, "/jobs/%s/vertices/%s/backpressure", jid, V_WM);
	expect_get(s, uri, "{\"status\":\"deprecated\"}");
	sim_run_until(s, S(63));
	expect_get(s, uri, "{\"status\":\"deprecated\"}");
	sim_run_until(s, S(66));
	expect_get(s, uri, "{\"status\":\"ok\",\"backpressure-level\":\"ok\",\"end-timestamp\":%lld,\"subtasks\":["
	           "{\"subtask\":0,\"backpressure-level\":\"ok\",\"ratio\":0.0},"
	           "{\"subtask\":1,\"backpressure-level\":\"ok\",\"ratio\":0.0}]}", T0_MS + 65000);
	snprintf(uri, sizeof uri, "/jobs/%s/vertices/0123456789abcdef0123456789abcdef/backpressure", jid);
	json_decref(expect_doc(s, "GET", uri, NULL, 500, "{\"errors\":[\"Internal server error.\",\"%s\"]}",
	                       "$pre:<Exception on server side:\\norg.apache.flink.util.FlinkException: JobVertexID not found "
	                       "0123456789abcdef0123456789abcdef\\n"));
	sim_destroy(s);
}

/* ---------------------------------------------------------------- errors */

static void test_errors_are_flinks(void **state)
{
	(void)state;
	char jid[33], uri[200], want[200];
	Sim *s = start(20, jid);
	assert_error(s, "GET", "/no/such/path?x=1", NULL, 404, "Not found: /no/such/path?x=1");
	assert_error(s, "DELETE", "/jobs", NULL, 404, "Not found: /jobs");       /* Flink has no 405 */
	snprintf(uri, sizeof uri, "/jobs/%s", jid);
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
	int status;
	json_t *bad = call(s, "GET", "/\xff\xfe", NULL, &status);      /* not UTF-8: still valid JSON */
	assert_int_equal(status, 404);
	json_decref(bad);
	/* 1.9's back-pressure route asks the JobMaster: an unknown job is an unmapped exception. */
	json_t *e = expect_doc(s, "GET", "/jobs/0123456789abcdef0123456789abcdef/vertices/0123456789abcdef0123456789abcdef/backpressure",
	                       NULL, 500, "{\"errors\":[\"Internal server error.\",\"%s\"]}",
	                       "$pre:<Exception on server side:\\norg.apache.flink.runtime.messages.FlinkJobNotFoundException: "
	                       "Could not find Flink job (0123456789abcdef0123456789abcdef)\\n");
	json_decref(e);
	sim_compose(s, COMPOSE_KILL, "jobmanager");
	assert_error(s, "GET", "/jobs", NULL, REST_STATUS_UNREACHABLE, "connection refused: jobmanager");
	sim_destroy(s);
}

/* The JobManager answers only once started: before 5 s the REST port is closed. */
static void test_jobmanager_answers_after_its_startup(void **state)
{
	(void)state;
	char jid[33];
	Sim *s = start(3, jid);
	assert_false(sim_jobmanager_reachable(s));
	assert_error(s, "GET", "/jobs", NULL, REST_STATUS_UNREACHABLE, "connection refused: jobmanager");
	sim_run_until(s, S(6));
	assert_true(sim_jobmanager_reachable(s));
	expect_get(s, "/jobs", "{\"jobs\":[{\"id\":\"%s\",\"status\":\"$str\"}]}", jid);
	sim_destroy(s);
}

/* ---------------------------------------------------------------- actions */

static void test_patch_cancels_the_job(void **state)
{
	(void)state;
	char jid[33], uri[200];
	Sim *s = start(20, jid);
	snprintf(uri, sizeof uri, "/jobs/%s?mode=foo", jid);
	assert_error(s, "PATCH", uri, NULL, 400, "Bad request, could not parse parameters: "
	             "Cannot resolve query parameter (mode) from value \"foo\".");
	snprintf(uri, sizeof uri, "/jobs/%s?mode=cancel", jid);
	json_decref(expect_doc(s, "PATCH", uri, NULL, 202, "{}"));
	sim_run_until(s, S(25));
	JobInfo ji;
	assert_int_equal(sim_job_info(s, jid, &ji), SIM_OK);
	assert_int_equal(ji.state, JOB_CANCELED);
	assert_error(s, "PATCH", uri, NULL, 404, "Job could not be found.");
	expect_get(s, "/overview", "{\"taskmanagers\":1,\"slots-total\":2,\"slots-available\":2,\"jobs-running\":0,"
	           "\"jobs-finished\":0,\"jobs-cancelled\":1,\"jobs-failed\":0,\"flink-version\":\"1.9.2\","
	           "\"flink-commit\":\"c9d2c90\"}");
	expect_job_details(s, jid, "CANCELED", "1577836805000",
	                   "{\"CREATED\":1577836805000,\"FINISHED\":0,\"SUSPENDED\":0,\"FAILING\":0,\"CANCELLING\":\"$ms\","
	                   "\"CANCELED\":\"$ms\",\"RECONCILING\":0,\"RUNNING\":\"$ms\",\"FAILED\":0,\"RESTARTING\":0}",
	                   TASKS_19(0, 0, 0, 0, 0, 0, 2, 0), "CANCELED", "\"$ms\"", TASKS_19(0, 0, 0, 0, 0, 0, 4, 0));
	sim_destroy(s);
}

/* The tutorial's REST stop: 202 with a request id; the status IN_PROGRESS without an
 * operation, then COMPLETED with the location (SavepointInfo is NON_NULL: no failure-cause). */
static void test_stop_with_savepoint_over_rest(void **state)
{
	(void)state;
	char jid[33], uri[200];
	Sim *s = start(20, jid);
	snprintf(uri, sizeof uri, "/jobs/%s/stop", jid);
	json_t *j = expect_doc(s, "POST", uri, "{\"drain\": false}", 202, "{\"request-id\":\"$id\"}");
	snprintf(uri, sizeof uri, "/jobs/%s/savepoints/%s", jid, json_string_value(json_object_get(j, "request-id")));
	json_decref(j);
	expect_get(s, uri, "{\"status\":{\"id\":\"IN_PROGRESS\"},\"operation\":null}");
	sim_run_until(s, S(30));
	char prefix[120];
	snprintf(prefix, sizeof prefix, "file:%s/savepoint-%.6s-", spdir, jid);
	j = expect_doc(s, "GET", uri, NULL, 200, "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"location\":\"$pre:%s\"}}",
	               prefix);
	const char *location = json_string_value(json_object_get(json_object_get(j, "operation"), "location"));
	assert_true(access(location + 5, F_OK) == 0);            /* a real directory on the host */
	json_decref(j);
	JobInfo ji;
	assert_int_equal(sim_job_info(s, jid, &ji), SIM_OK);
	assert_int_equal(ji.state, JOB_FINISHED);
	expect_job_details(s, jid, "FINISHED", "1577836805000",
	                   "{\"CREATED\":1577836805000,\"FINISHED\":\"$ms\",\"SUSPENDED\":0,\"FAILING\":0,\"CANCELLING\":0,"
	                   "\"CANCELED\":0,\"RECONCILING\":0,\"RUNNING\":\"$ms\",\"FAILED\":0,\"RESTARTING\":0}",
	                   TASKS_19(0, 0, 0, 0, 2, 0, 0, 0), "FINISHED", "\"$ms\"", TASKS_19(0, 0, 0, 0, 4, 0, 0, 0));
	/* A second stop of the ended job: accepted, then failed with Flink's exception. */
	snprintf(uri, sizeof uri, "/jobs/%s/stop", jid);
	j = expect_doc(s, "POST", uri, "{}", 202, "{\"request-id\":\"$id\"}");
	snprintf(uri, sizeof uri, "/jobs/%s/savepoints/%s", jid, json_string_value(json_object_get(j, "request-id")));
	json_decref(j);
	sim_run_until(s, S(31));
	expect_get(s, uri, "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"failure-cause\":{\"class\":"
	           "\"org.apache.flink.runtime.messages.FlinkJobNotFoundException\",\"stack-trace\":\"$str\"}}}");
	snprintf(uri, sizeof uri, "/jobs/%s/savepoints/0123456789abcdef0123456789abcdef", jid);
	json_decref(expect_doc(s, "GET", uri, NULL, 404, "{\"errors\":[\"$pre:Operation not found under key: \"]}"));
	sim_destroy(s);
}

/* POST /jobs/<id>/savepoints keeps the job running; the savepoint shows in the statistics. */
static void test_savepoint_over_rest(void **state)
{
	(void)state;
	char jid[33], uri[200];
	Sim *s = start(20, jid);
	snprintf(uri, sizeof uri, "/jobs/%s/savepoints", jid);
	json_t *j = expect_doc(s, "POST", uri, "{\"cancel-job\":false}", 202, "{\"request-id\":\"$id\"}");
	json_decref(j);
	sim_run_until(s, S(25));
	snprintf(uri, sizeof uri, "/jobs/%s/checkpoints", jid);
	j = call(s, "GET", uri, NULL, &(int){ 0 });
	char pre[800];
	snprintf(pre, sizeof pre, "{\"@class\":\"completed\",\"id\":\"$int\",\"status\":\"COMPLETED\",\"is_savepoint\":true,"
	         "\"trigger_timestamp\":\"$ms\",\"latest_ack_timestamp\":\"$ms\",\"state_size\":\"$int\","
	         "\"end_to_end_duration\":\"$int\",\"alignment_buffered\":0,\"num_subtasks\":8,\"num_acknowledged_subtasks\":8,"
	         "\"tasks\":{},\"external_path\":\"$pre:file:%s/savepoint-\",\"discarded\":false}", spdir);
	assert_doc(json_object_get(json_object_get(j, "latest"), "savepoint"), pre, "latest.savepoint");
	json_decref(j);
	JobInfo ji;
	assert_int_equal(sim_job_info(s, jid, &ji), SIM_OK);
	assert_int_equal(ji.state, JOB_RUNNING);
	sim_destroy(s);
}

/* ---------------------------------------------------------------- jars (web submission) */

static void test_jar_upload_list_run_delete(void **state)
{
	(void)state;
	char jid[33], body[1024], uri[300], webdir[80];
	Sim *s = start(20, jid);
	sim_web_tmp_dir(s, webdir, sizeof webdir);
	expect_get(s, "/jars", "{\"address\":\"http://jobmanager:8081\",\"files\":[]}");
	size_t n = multipart_jar(body, sizeof body, "ClickCountJob.jar", REST_PLAYGROUND_JAR_CONTENT);
	int status;
	json_t *up = call_typed(s, "POST", "/jars/upload", MULTIPART_TYPE, body, n, &status);
	assert_int_equal(status, 200);
	char pre[160];
	snprintf(pre, sizeof pre, "$pre:%s/flink-web-upload/", webdir);
	assert_doc(up, "{\"filename\":\"$str\",\"status\":\"success\"}", "POST /jars/upload");
	const char *filename = json_string_value(json_object_get(up, "filename"));
	assert_true(strncmp(filename, pre + 5, strlen(pre + 5)) == 0);
	const char *jar_id = strrchr(filename, '/') + 1;         /* <uuid>_ClickCountJob.jar */
	assert_int_equal(strlen(jar_id), 36 + strlen("_ClickCountJob.jar"));
	char id[80];
	snprintf(id, sizeof id, "%s", jar_id);
	json_decref(up);
	expect_get(s, "/jars", "{\"address\":\"http://jobmanager:8081\",\"files\":[{\"id\":\"%s\",\"name\":\"ClickCountJob.jar\","
	           "\"uploaded\":%lld,\"entry\":[{\"name\":\"org.apache.flink.playgrounds.ops.clickcount.ClickEventCount\","
	           "\"description\":null}]}]}", id, (long long)sim_clock_now_ms(s));

	/* JarRunHandler: 200 with the JobID; the program arguments are the jar's own. */
	snprintf(uri, sizeof uri, "/jars/%s/run", id);
	json_t *run = expect_doc(s, "POST", uri, "{\"programArgs\":\"--checkpointing --event-time\",\"parallelism\":1}",
	                         200, "{\"jobid\":\"$id\"}");
	JobInfo ji;
	sim_run_until(s, S(21));
	assert_int_equal(sim_job_info(s, json_string_value(json_object_get(run, "jobid")), &ji), SIM_OK);
	assert_int_equal(ji.parallelism, 1);
	assert_true(ji.checkpointing && ji.event_time);
	json_decref(run);
	assert_error(s, "POST", uri, "{\"nope\":1}", 400, "Request did not match expected format JarRunRequestBody.");
	snprintf(uri, sizeof uri, "/jars/%s", id);
	json_decref(expect_doc(s, "DELETE", uri, NULL, 200, "{}"));
	char want[300];
	snprintf(want, sizeof want, "File %s does not exist in %s/flink-web-upload.", id, webdir);
	assert_error(s, "DELETE", uri, NULL, 400, want);
	snprintf(uri, sizeof uri, "/jars/%s/run", id);
	snprintf(want, sizeof want, "Jar file %s/flink-web-upload/%s does not exist", webdir, id);
	assert_error(s, "POST", uri, NULL, 400, want);
	sim_destroy(s);
}

static void test_jar_upload_refusals(void **state)
{
	(void)state;
	char jid[33], body[2048];
	Sim *s = start(20, jid);
	int status;
	size_t n = multipart_jar(body, sizeof body, "notes.txt", "hello");
	json_t *j = call_typed(s, "POST", "/jars/upload", MULTIPART_TYPE, body, n, &status);
	assert_int_equal(status, 400);
	assert_doc(j, "{\"errors\":[\"Only Jar files are allowed.\"]}", "a text file");
	json_decref(j);
	j = call_typed(s, "POST", "/jars/upload", MULTIPART_TYPE, "--------------------------d74496d66958873e--\r\n", 46, &status);
	assert_int_equal(status, 400);
	assert_doc(j, "{\"errors\":[\"Exactly 1 file must be sent, received 0.\"]}", "no file");
	json_decref(j);
	expect_get(s, "/jars", "{\"address\":\"http://jobmanager:8081\",\"files\":[]}");
	sim_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_doc_matcher_catches_keys_order_types_and_values),
		cmocka_unit_test(test_jobs_and_overview),
		cmocka_unit_test(test_job_details_whole_document),
		cmocka_unit_test(test_vertex_details),
		cmocka_unit_test(test_job_metrics_list_and_values),
		cmocka_unit_test(test_vertex_metrics),
		cmocka_unit_test(test_metric_text_prints_integers_without_decimals),
		cmocka_unit_test(test_cluster_documents),
		cmocka_unit_test(test_checkpoints_whole_document),
		cmocka_unit_test(test_failure_documents),
		cmocka_unit_test(test_backpressure_levels_at_flinks_thresholds),
		cmocka_unit_test(test_backpressure_is_sampled),
		cmocka_unit_test(test_errors_are_flinks),
		cmocka_unit_test(test_jobmanager_answers_after_its_startup),
		cmocka_unit_test(test_patch_cancels_the_job),
		cmocka_unit_test(test_stop_with_savepoint_over_rest),
		cmocka_unit_test(test_savepoint_over_rest),
		cmocka_unit_test(test_jar_upload_list_run_delete),
		cmocka_unit_test(test_jar_upload_refusals),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
