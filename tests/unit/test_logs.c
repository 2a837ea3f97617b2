/*
 * test_logs.c — the containers' logs (sim/logs.c): the JobManager's log of the tutorial's
 * failure step has every line the events call for, in order and dated by the machines'
 * clock; a killed container prints nothing more and keeps its log, a started one appends;
 * the ring keeps the newest SIM_LOG_KEEP lines; same seed, same logs. Both profiles: 1.13's
 * log4j 2 layout and texts, and 1.9's (the default) log4j 1.x layout and texts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "logs_check.h"

static int64_t find(const Sim *s, const char *container, int64_t from, const char *piece)
{
	for (int64_t i = from; i < sim_log_count(s, container); i++) {
		const char *line = sim_log_line(s, container, i, NULL);
		if (line && strstr(line, piece))
			return i;
	}
	return -1;
}

static void test_failure_step(void **state)
{
	(void)state;
	static Wants ws;
	ws.n = 0;
	ws.v19 = false;
	SimTime kill_at;
	Sim *s = failure_run(&ws, &kill_at);
	assert_true(ws.n > 50);
	const char *why = logs_check(s, &ws);
	if (why)
		fail_msg("%s", why);
	/* The heartbeat time-out, then the restart, dated when the JobManager noticed: within
	 * heartbeat.timeout (5 s) of the kill. */
	int64_t hb = find(s, "jobmanager", 0, "The heartbeat of TaskManager with id 172.18.0.5:");
	int64_t rs = find(s, "jobmanager", 0, "switched from state RUNNING to RESTARTING.");
	assert_true(hb >= 0 && rs > hb);
	SimTime t_hb, t_rs;
	const char *line = sim_log_line(s, "jobmanager", hb, &t_hb);
	sim_log_line(s, "jobmanager", rs, &t_rs);
	assert_true(t_hb > kill_at && t_hb <= kill_at + 5 * SIM_US_PER_S && t_rs == t_hb);
	char date[32];
	want_date(s, t_hb, date);
	assert_memory_equal(line, date, strlen(date));
	assert_memory_equal(line, "2020-01-01 00:00:3", 18);        /* the epoch, 30-35 s on */
	assert_non_null(strstr(line, " INFO  org.apache.flink.runtime.resourcemanager.StandaloneResourceManager [] - "));
	/* The exception the restart carries, on the next line. */
	assert_non_null(strstr(sim_log_line(s, "jobmanager", rs + 1, NULL),
	                       "java.util.concurrent.TimeoutException: Heartbeat of TaskManager with id 172.18.0.5:"));
	/* The killed TaskManager printed nothing between the kill and its start, and kept its log. */
	int64_t restart = find(s, "taskmanager-1", 1, "Starting taskexecutor as a console application on host ");
	assert_true(restart > 10);
	for (int64_t i = 0; i < restart; i++) {
		SimTime t;
		assert_non_null(sim_log_line(s, "taskmanager-1", i, &t));
		assert_true(t <= kill_at);
	}
	assert_non_null(strstr(sim_log_line(s, "taskmanager-1", 0, NULL), "Starting taskexecutor as a console"));
	/* The fresh TaskManager runs attempt #1 of the job. */
	assert_true(find(s, "taskmanager-1", restart, "Source: ClickEvent Source (1/2)#1 (") > restart);
	assert_int_equal(sim_log_count(s, "clickevent-generator"), 0);   /* it prints nothing */
	assert_int_equal(sim_log_count(s, "no-such-container"), -1);
	assert_null(sim_log_line(s, "no-such-container", 0, NULL));
	sim_destroy(s);
}

/* Flink 1.9 (release-1.9's sources): log4j 1.x's "%-60c %x - " with an empty NDC, a 32-hex
 * ResourceID, no checkpoint type, the cause on the FAILING line and "Restarting the job",
 * Execution.deploy's and TaskExecutor.submitTask's shorter texts, task names without "#n". */
static void test_failure_step_19(void **state)
{
	(void)state;
	static Wants ws;
	ws.n = 0;
	ws.v19 = true;
	SimTime kill_at;
	Sim *s = failure_run(&ws, &kill_at);
	assert_true(ws.n > 50);
	const char *why = logs_check(s, &ws);
	if (why)
		fail_msg("%s", why);
	int64_t hb = find(s, "jobmanager", 0, "StandaloneResourceManager  - The heartbeat of TaskManager with id ");
	assert_true(hb >= 0);
	const char *line = sim_log_line(s, "jobmanager", hb, NULL);
	const char *id = strstr(line, "with id ") + 8;
	assert_int_equal(strspn(id, "0123456789abcdef"), 32);
	int64_t failing = find(s, "jobmanager", hb, "ExecutionGraph        - Job Click Event Count (");
	assert_non_null(strstr(sim_log_line(s, "jobmanager", failing, NULL), "switched from state RUNNING to FAILING."));
	assert_non_null(strstr(sim_log_line(s, "jobmanager", failing + 1, NULL),
	                       "java.util.concurrent.TimeoutException: Heartbeat of TaskManager with id "));
	int64_t restarting = find(s, "jobmanager", failing, "switched from state FAILING to RESTARTING.");
	assert_true(restarting > failing);
	assert_non_null(strstr(sim_log_line(s, "jobmanager", restarting + 1, NULL),
	                       "ExecutionGraph        - Restarting the job Click Event Count ("));
	assert_true(find(s, "jobmanager", restarting, "switched from state RESTARTING to CREATED.") > restarting);
	assert_true(find(s, "jobmanager", 0, "CheckpointCoordinator     - Triggering checkpoint 1 @ 1577836") >= 0);
	assert_true(find(s, "jobmanager", 0, "(type=") < 0);
	assert_true(find(s, "jobmanager", 0, "Deploying Source: ClickEvent Source (1/2) (attempt #1) to ") > restarting);
	assert_true(find(s, "jobmanager", 0, "with allocation id") < 0);
	assert_true(find(s, "jobmanager", 0, "Starting scheduling with scheduling strategy") < 0);
	assert_true(find(s, "jobmanager", 0, "SlotPoolImpl      - Requesting new slot [SlotRequestId{") >= 0);
	assert_true(find(s, "jobmanager", 0, "[] - ") < 0);
	assert_true(find(s, "taskmanager-1", 0, "TaskExecutor            - Received task Source: ClickEvent Source (1/2).") >= 0);
	assert_true(find(s, "taskmanager-1", 0, "(1/2)#") < 0);
	assert_true(find(s, "taskmanager-1", 0, "[] - ") < 0);
	assert_true(find(s, "taskmanager-1", 0, "Connecting to ResourceManager akka.tcp://flink@jobmanager:6123/user/resourcemanager(") >= 0);
	sim_destroy(s);
}

/* A cancelled job: the Dispatcher's line is Flink's "reached globally terminal state" (a
 * SUSPENDED job is only locally terminal), in both profiles. */
static void test_terminal_state_line(void **state)
{
	(void)state;
	for (int v = 0; v < 2; v++) {
		SimOptions o;
		sim_options_default(&o);
		o.config.flink_version = v ? FLINK_1_13 : FLINK_1_9;
		Sim *s = sim_create(&o);
		JobOptions jo;
		job_options_default(&jo);
		char jid[33], want[120];
		assert_int_equal(sim_up(s), SIM_OK);
		assert_int_equal(sim_job_submit(s, &jo, jid), SIM_OK);
		sim_run_until(s, 20 * SIM_US_PER_S);
		assert_int_equal(sim_job_cancel(s, jid), SIM_OK);
		sim_run_until(s, 30 * SIM_US_PER_S);
		snprintf(want, sizeof want, "StandaloneDispatcher %s- Job %s reached globally terminal state CANCELED.",
		         v ? "    [] " : "     ", jid);
		assert_true(find(s, "jobmanager", 0, want) >= 0);
		sim_destroy(s);
	}
}

static void test_ring_keeps_the_newest(void **state)
{
	(void)state;
	SimOptions o;
	sim_options_default(&o);
	Sim *s = sim_create(&o);
	JobOptions jo;
	job_options_default(&jo);
	char jid[33];
	assert_int_equal(sim_up(s), SIM_OK);
	assert_int_equal(sim_job_submit(s, &jo, jid), SIM_OK);
	sim_run_until(s, 3 * 3600 * SIM_US_PER_S);        /* two lines a checkpoint, one a second */
	int64_t n = sim_log_count(s, "jobmanager"), first = sim_log_first(s, "jobmanager");
	assert_true(n > SIM_LOG_KEEP);
	assert_int_equal(first, n - SIM_LOG_KEEP);
	assert_null(sim_log_line(s, "jobmanager", first - 1, NULL));
	assert_null(sim_log_line(s, "jobmanager", n, NULL));
	SimTime t0, t1;
	const char *last = sim_log_line(s, "jobmanager", n - 1, &t1);
	assert_non_null(strstr(last, "Completed checkpoint "));
	assert_non_null(strstr(last, jid));
	assert_non_null(sim_log_line(s, "jobmanager", first, &t0));
	assert_true(t0 <= t1 && t1 <= sim_now(s));
	sim_destroy(s);
}

static void test_same_seed_same_logs(void **state)
{
	(void)state;
	static Wants a, b;
	a.n = b.n = 0;
	a.v19 = b.v19 = false;
	SimTime ka, kb;
	Sim *x = failure_run(&a, &ka), *y = failure_run(&b, &kb);
	const char *names[] = { "jobmanager", "taskmanager-1", "kafka", "zookeeper" };
	for (size_t c = 0; c < sizeof names / sizeof names[0]; c++) {
		assert_int_equal(sim_log_count(x, names[c]), sim_log_count(y, names[c]));
		for (int64_t i = 0; i < sim_log_count(x, names[c]); i++)
			assert_string_equal(sim_log_line(x, names[c], i, NULL), sim_log_line(y, names[c], i, NULL));
	}
	assert_true(sim_trace_hash(x) == sim_trace_hash(y));
	sim_destroy(x);
	sim_destroy(y);
}

static void test_service_names(void **state)
{
	(void)state;
	SimOptions o;
	sim_options_default(&o);
	o.taskmanagers = 2;
	Sim *s = sim_create(&o);
	char names[8][32];
	assert_int_equal(sim_log_containers(s, "jobmanager", names, 8), -1);   /* not up yet */
	assert_int_equal(sim_up(s), SIM_OK);
	assert_int_equal(sim_log_containers(s, "taskmanager", names, 8), 2);
	assert_string_equal(names[0], "taskmanager-1");
	assert_string_equal(names[1], "taskmanager-2");
	assert_int_equal(sim_log_containers(s, "kafka", names, 8), 1);
	assert_int_equal(sim_log_containers(s, "taskmanagers", names, 8), -1);
	assert_non_null(strstr(sim_error(s), "no such service: 'taskmanagers' (valid: jobmanager, taskmanager, "
	                                     "taskmanager-1, taskmanager-2, kafka, zookeeper, clickevent-generator)"));
	sim_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_failure_step),
		cmocka_unit_test(test_failure_step_19),
		cmocka_unit_test(test_terminal_state_line),
		cmocka_unit_test(test_ring_keeps_the_newest),
		cmocka_unit_test(test_same_seed_same_logs),
		cmocka_unit_test(test_service_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
