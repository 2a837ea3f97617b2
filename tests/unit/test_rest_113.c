/*
 * test_rest_113.c — the REST answers of the second profile, Flink 1.13
 * (playground.flink-version = "1.13"), as whole documents where they differ from 1.9:
 * INITIALIZING in job and task states, numRestarts, 1.13's checkpoint statistics and
 * configuration, the metric-based back pressure, TaskManagers with resources, the
 * dashboard's features. Seed 1, the job submitted at t=0.
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

#include "rest_fixture.h"

static Sim *start(int seconds, char jid[33]) { return start_version(FLINK_1_13, seconds, jid); }

#define TASKS_113(running) \
	"{\"CREATED\":0,\"FINISHED\":0,\"DEPLOYING\":0,\"RUNNING\":" #running ",\"CANCELING\":0,\"FAILED\":0," \
	"\"CANCELED\":0,\"RECONCILING\":0,\"SCHEDULED\":0,\"INITIALIZING\":0}"

static void test_jobs_overview_and_details(void **state)
{
	(void)state;
	char jid[33], uri[200];
	Sim *s = start(60, jid);
	expect_get(s, "/jobs/overview",
	           "{\"jobs\":[{\"jid\":\"%s\",\"name\":\"Click Event Count\",\"state\":\"RUNNING\",\"start-time\":%lld,"
	           "\"end-time\":-1,\"duration\":55000,\"last-modification\":\"$ms\",\"tasks\":{\"total\":8,\"created\":0,"
	           "\"scheduled\":0,\"deploying\":0,\"initializing\":0,\"running\":8,\"finished\":0,\"canceling\":0,"
	           "\"canceled\":0,\"failed\":0,\"reconciling\":0}}]}", jid, T0_MS + 5000);
	snprintf(uri, sizeof uri, "/jobs/%s", jid);
	json_t *j = call(s, "GET", uri, NULL, &(int){ 0 });
	/* The job was INITIALIZING from its submission; CREATED when the JobMaster started. */
	assert_doc(json_object_get(j, "timestamps"),
	           "{\"CREATED\":\"$ms\",\"FINISHED\":0,\"SUSPENDED\":0,\"FAILING\":0,\"CANCELLING\":0,\"CANCELED\":0,"
	           "\"RECONCILING\":0,\"RUNNING\":\"$ms\",\"FAILED\":0,\"RESTARTING\":0,\"INITIALIZING\":1577836805000}",
	           "timestamps");
	json_t *v = json_array_get(json_object_get(j, "vertices"), 0);
	assert_doc(json_object_get(v, "tasks"), TASKS_113(2), "vertices[0].tasks");
	assert_doc(json_object_get(j, "status-counts"), TASKS_113(4), "status-counts");
	json_decref(j);
	snprintf(uri, sizeof uri, "/jobs/%s/vertices/%s", jid, V_SOURCE);
	j = call(s, "GET", uri, NULL, &(int){ 0 });
	assert_int_equal(json_integer_value(json_object_get(j, "maxParallelism")), 128);
	json_decref(j);
	sim_destroy(s);
}

static void test_metrics_and_cluster(void **state)
{
	(void)state;
	char jid[33], uri[120];
	Sim *s = start(60, jid);
	snprintf(uri, sizeof uri, "/jobs/%s/metrics", jid);
	expect_get(s, uri, "[{\"id\":\"restartingTime\"},{\"id\":\"downtime\"},{\"id\":\"uptime\"},{\"id\":\"fullRestarts\"},"
	           "{\"id\":\"numRestarts\"},{\"id\":\"totalNumberOfCheckpoints\"},{\"id\":\"numberOfInProgressCheckpoints\"},"
	           "{\"id\":\"numberOfCompletedCheckpoints\"},{\"id\":\"numberOfFailedCheckpoints\"},"
	           "{\"id\":\"lastCheckpointRestoreTimestamp\"},{\"id\":\"lastCheckpointSize\"},"
	           "{\"id\":\"lastCheckpointDuration\"},{\"id\":\"lastCheckpointExternalPath\"}]");
	expect_get(s, "/overview", "{\"taskmanagers\":1,\"slots-total\":2,\"slots-available\":0,\"jobs-running\":1,"
	           "\"jobs-finished\":0,\"jobs-cancelled\":0,\"jobs-failed\":0,\"flink-version\":\"1.13.5\","
	           "\"flink-commit\":\"0ff28a7\"}");
	expect_get(s, "/config", "{\"refresh-interval\":3000,\"timezone-name\":\"Coordinated Universal Time\","
	           "\"timezone-offset\":0,\"flink-version\":\"1.13.5\",\"flink-revision\":\"$pre:0ff28a7 @ \","
	           "\"features\":{\"web-submit\":true}}");
	TaskManagerInfo tm;
	assert_true(sim_taskmanager_info(s, 0, &tm));
	expect_get(s, "/taskmanagers", "{\"taskmanagers\":[{\"id\":\"%s\",\"path\":\"$pre:akka.tcp://flink@172.18.0.\","
	           "\"dataPort\":\"$int\",\"jmxPort\":-1,\"timeSinceLastHeartbeat\":\"$ms\",\"slotsNumber\":2,\"freeSlots\":0,"
	           "\"totalResource\":{\"cpuCores\":\"$num\",\"taskHeapMemory\":\"$int\",\"taskOffHeapMemory\":\"$int\","
	           "\"managedMemory\":\"$int\",\"networkMemory\":\"$int\",\"extendedResources\":{}},"
	           "\"freeResource\":{\"cpuCores\":\"$num\",\"taskHeapMemory\":\"$int\",\"taskOffHeapMemory\":\"$int\","
	           "\"managedMemory\":\"$int\",\"networkMemory\":\"$int\",\"extendedResources\":{}},"
	           "\"hardware\":{\"cpuCores\":\"$int\",\"physicalMemory\":\"$int\",\"freeMemory\":\"$int\","
	           "\"managedMemory\":\"$int\"}}]}", tm.resource_id);
	/* 1.13's standalone TaskManager ResourceID: "<address>:<rpc port>-<6 hex>". */
	char want[60];
	snprintf(want, sizeof want, "172.18.0.5:%d-", tm.rpc_port);
	assert_true(strncmp(tm.resource_id, want, strlen(want)) == 0);
	assert_int_equal(strlen(tm.resource_id), strlen(want) + 6);
	/* 1.13 keeps the deprecated Status.Network.* and adds the memory and the segments in use
	 * (NettyShuffleMetricFactory); UsedMemory is bytes of 32 KiB segments. */
	char tmuri[200];
	snprintf(tmuri, sizeof tmuri, "/taskmanagers/%s/metrics?get=Status.Network.TotalMemorySegments,"
	         "Status.Shuffle.Netty.UsedMemorySegments,Status.Shuffle.Netty.UsedMemory", tm.resource_id);
	int status;
	json_t *m = call(s, "GET", tmuri, NULL, &status);
	assert_int_equal(status, 200);
	assert_int_equal(json_array_size(m), 3);                   /* in the HashSet's order */
	assert_string_equal(json_string_value(json_object_get(json_array_get(m, 0), "id")), "Status.Shuffle.Netty.UsedMemorySegments");
	assert_string_equal(json_string_value(json_object_get(json_array_get(m, 2), "id")), "Status.Shuffle.Netty.UsedMemory");
	long long used = atoll(json_string_value(json_object_get(json_array_get(m, 0), "value")));
	long long bytes = atoll(json_string_value(json_object_get(json_array_get(m, 2), "value")));
	assert_true(used > 0 && bytes == used * 32768);
	json_decref(m);
	sim_destroy(s);
}

static void test_checkpoints_and_backpressure(void **state)
{
	(void)state;
	char jid[33], uri[200];
	Sim *s = start(60, jid);
	snprintf(uri, sizeof uri, "/jobs/%s/checkpoints/config", jid);
	expect_get(s, uri, "{\"mode\":\"exactly_once\",\"interval\":1000,\"timeout\":600000,\"min_pause\":0,"
	           "\"max_concurrent\":1,\"externalization\":{\"enabled\":false,\"delete_on_cancellation\":true},"
	           "\"state_backend\":\"FsStateBackend\",\"unaligned_checkpoints\":false,\"tolerable_failed_checkpoints\":0}");
	snprintf(uri, sizeof uri, "/jobs/%s/checkpoints", jid);
	json_t *j = call(s, "GET", uri, NULL, &(int){ 0 });
	assert_doc(json_object_get(json_object_get(j, "latest"), "completed"),
	           "{\"@class\":\"completed\",\"id\":\"$int\",\"status\":\"COMPLETED\",\"is_savepoint\":false,"
	           "\"trigger_timestamp\":\"$ms\",\"latest_ack_timestamp\":\"$ms\",\"state_size\":\"$int\","
	           "\"end_to_end_duration\":\"$int\",\"alignment_buffered\":0,\"processed_data\":0,\"persisted_data\":0,"
	           "\"num_subtasks\":8,\"num_acknowledged_subtasks\":8,\"checkpoint_type\":\"CHECKPOINT\",\"tasks\":{},"
	           "\"external_path\":\"$pre:file:/tmp/flink-checkpoints-directory/\",\"discarded\":false}", "latest.completed");
	json_decref(j);
	/* 1.13 computes back pressure from the tasks' metrics: an answer at once, with the
	 * idle and busy ratios. */
	snprintf(uri, sizeof uri, "/jobs/%s/vertices/%s/backpressure", jid, V_WM);
	expect_get(s, uri, "{\"status\":\"ok\",\"backpressure-level\":\"ok\",\"end-timestamp\":%lld,\"subtasks\":["
	           "{\"subtask\":0,\"backpressure-level\":\"ok\",\"ratio\":\"$num\",\"idleRatio\":\"$num\",\"busyRatio\":\"$num\"},"
	           "{\"subtask\":1,\"backpressure-level\":\"ok\",\"ratio\":\"$num\",\"idleRatio\":\"$num\",\"busyRatio\":\"$num\"}]}",
	           (long long)sim_clock_now_ms(s));
	snprintf(uri, sizeof uri, "/jobs/%s/vertices/0123456789abcdef0123456789abcdef/backpressure", jid);
	expect_get(s, uri, "{\"status\":\"deprecated\"}");
	sim_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jobs_overview_and_details),
		cmocka_unit_test(test_metrics_and_cluster),
		cmocka_unit_test(test_checkpoints_and_backpressure),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
