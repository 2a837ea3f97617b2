/*
 * test_runtime.c — the operator runtime: window assignment, credit-based channels
 * (conservation of records and buffers, credits never negative), the busy / idle /
 * back-pressured time split, remote failure detection, and the state-machine assertion.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "flink/job.h"
#include "internal.h"
#include "runtime/task.h"
#include "sim.h"

#define S(sec) ((SimTime)((sec) * 1e6))

static void test_tumbling_windows_are_aligned_to_the_epoch(void **state)
{
	(void)state;
	assert_int_equal(tumbling_window_start(0, 15000), 0);
	assert_int_equal(tumbling_window_start(14999, 15000), 0);
	assert_int_equal(tumbling_window_start(15000, 15000), 15000);
	assert_int_equal(tumbling_window_start(29999, 15000), 15000);
	assert_int_equal(tumbling_window_start(-1, 15000), -15000);
	/* A processing-time window on the machines' clock (2020-01-01 is a multiple of 15 s). */
	assert_int_equal(tumbling_window_start(1577836807123LL, 15000), 1577836800000LL);
}

static Sim *start(uint64_t seed, JobOptions *jo, int tms, char jid[33])
{
	SimOptions o;
	sim_options_default(&o);
	o.seed = seed;
	o.taskmanagers = tms;
	Sim *s = sim_create(&o);
	assert_int_equal(sim_up(s), SIM_OK);
	assert_int_equal(sim_job_submit(s, jo, jid), SIM_OK);
	return s;
}

/* Records and buffers are neither lost nor duplicated between tasks, under backpressure. */
static void test_channels_conserve_records_under_backpressure(void **state)
{
	(void)state;
	JobOptions jo;
	job_options_default(&jo);
	jo.backpressure = true;
	char jid[33];
	Sim *s = start(1, &jo, 1, jid);
	for (int i = 1; i <= 150; i++) {
		sim_run_until(s, S(i));
		/* Every channel: credit + data buffers in flight + queued never exceeds what the
		 * receiver owns (events need no credit: the receiver keeps them apart, as Flink). */
		const Job *j = sim_job_find(s, jid);
		for (int c = 0; c < j->nchannels; c++) {
			const Channel *ch = j->channels[c];
			if (ch->dead || !ch->connected)
				continue;
			int inflight = 0, queued = 0;
			for (const Buffer *b = ch->inflight; b; b = b->next)
				inflight += b->kind == BUF_DATA;
			for (const Buffer *b = ch->queue; b; b = b->next)
				queued += b->kind == BUF_DATA;
			assert_true(ch->credit >= 0);
			assert_true(ch->credit + inflight + queued <= CHANNEL_EXCLUSIVE_BUFFERS + ch->floating);
		}
	}
	/* Drain: the generator stops, everything in flight arrives. */
	sim_compose(s, COMPOSE_STOP, "clickevent-generator");
	sim_run_until(s, S(400));
	VertexInfo v[5];
	for (int i = 0; i < 5; i++)
		assert_int_equal(sim_vertex_info(s, jid, i, &v[i]), SIM_OK);
	assert_string_equal(v[2].name, "Backpressure");
	for (int i = 0; i + 1 < 4; i++)          /* every record written is read downstream */
		assert_true(v[i].write_records == v[i + 1].read_records);
	int64_t in = sim_kafka_end_offset(s, "input", 0) + sim_kafka_end_offset(s, "input", 1);
	assert_int_equal((int64_t)v[0].write_records, in);
	sim_destroy(s);
}

/* busyTimeMsPerSecond + backPressuredTimeMsPerSecond + idleTimeMsPerSecond ≈ 1000. */
static void test_busy_idle_backpressured_sum_to_a_second(void **state)
{
	(void)state;
	JobOptions jo;
	job_options_default(&jo);
	jo.backpressure = true;
	char jid[33];
	Sim *s = start(2, &jo, 1, jid);
	bool saw_backpressure = false, saw_busy = false;
	for (int sec = 10; sec <= 120; sec += 5) {     /* the tasks run from ~5.4 s */
		sim_run_until(s, S(sec) + 500);
		for (int v = 0; v < 5; v++)
			for (int i = 0; i < 2; i++) {
				TaskInfo t;
				assert_int_equal(sim_task_info(s, jid, v, i, &t), SIM_OK);
				double sum = t.busy_ms_per_s + t.backpressured_ms_per_s + t.idle_ms_per_s;
				assert_true(sum > 999.0 && sum < 1001.0);
				saw_backpressure |= v == 1 && t.backpressured_ms_per_s > 900;
				saw_busy |= v == 2 && t.busy_ms_per_s > 900;
			}
	}
	assert_true(saw_backpressure);   /* Timestamps/Watermarks in an even minute */
	assert_true(saw_busy);           /* the Backpressure map itself */
	sim_destroy(s);
}

/* A task reading from a killed TaskManager fails at once, not after heartbeat.timeout. */
static void test_receivers_notice_a_dead_taskmanager_before_the_heartbeat(void **state)
{
	(void)state;
	JobOptions jo;
	job_options_default(&jo);
	jo.parallelism = 3;            /* 2 slots on taskmanager-1, 1 on taskmanager-2 */
	char jid[33];
	Sim *s = start(3, &jo, 2, jid);
	sim_run_until(s, S(30));
	TaskInfo t;
	sim_task_info(s, jid, 0, 2, &t);
	assert_int_equal(t.taskmanager, 1);
	sim_compose(s, COMPOSE_KILL, "taskmanager-2");
	sim_run_until(s, S(31));
	JobInfo ji;
	sim_job_info(s, jid, &ji);
	/* Flink 1.9 (failGlobal): FAILING until the dead TaskManager's tasks are given up —
	 * at its heartbeat timeout; the cause is the receivers' one, 25 ms after the kill. The
	 * restarts gauge counts the failover already (failGlobal: incrementGlobalModVersion). */
	assert_int_equal(ji.state, JOB_FAILING);
	assert_int_equal(ji.num_restarts, 1);
	assert_non_null(strstr(ji.failure, "Connection unexpectedly closed by remote task manager 'taskmanager-2'"));
	sim_destroy(s);
}

/* A job on two TaskManagers, restarts allowed `attempts` times (fixed-delay, 1 s apart), at
 * Flink `version`, run for 30 s. */
static Sim *start_counted(const char *version, const char *attempts, char jid[33])
{
	SimOptions o;
	sim_options_default(&o);
	o.seed = 5;
	o.taskmanagers = 2;
	assert_int_equal(sim_config_set_string(&o.config, "playground.flink-version", version, NULL, 0), SIM_OK);
	assert_int_equal(sim_config_set_string(&o.config, "restart-strategy", "fixed-delay", NULL, 0), SIM_OK);
	assert_int_equal(sim_config_set_string(&o.config, "restart-strategy.fixed-delay.attempts", attempts, NULL, 0),
	                 SIM_OK);
	assert_int_equal(sim_config_set_string(&o.config, "restart-strategy.fixed-delay.delay", "1 s", NULL, 0), SIM_OK);
	Sim *s = sim_create(&o);
	assert_int_equal(sim_up(s), SIM_OK);
	JobOptions jo;
	job_options_default(&jo);
	jo.parallelism = 3;            /* on both TaskManagers */
	assert_int_equal(sim_job_submit(s, &jo, jid), SIM_OK);
	sim_run_until(s, S(30));
	return s;
}

/* Runs event by event until job jid is in state st (within 120 s); its info then. */
static JobInfo run_to_state(Sim *s, const char *jid, JobState st)
{
	JobInfo ji;
	while (sim_job_info(s, jid, &ji) == SIM_OK && ji.state != st && sim_now(s) < S(150))
		assert_true(sim_step(s));
	assert_int_equal(ji.state, st);
	return ji;
}

/* When the restarts gauge (fullRestarts, numRestarts) counts. Flink 1.9: ExecutionGraph's
 * incrementGlobalModVersion, on failGlobal (FAILING: at the failure, even when the strategy
 * then refuses the restart) and on cancel; 1.13: ExecutionFailureHandler, when a failure is
 * handled and the strategy allows the restart (RESTARTING at once); a cancel is no restart. */
static void test_the_restarts_gauge_counts_as_each_release(void **state)
{
	(void)state;
	char jid[33];
	Sim *s = start_counted("1.9", "1", jid);
	sim_compose(s, COMPOSE_KILL, "taskmanager-2");
	assert_int_equal(run_to_state(s, jid, JOB_FAILING).num_restarts, 1);
	assert_int_equal(run_to_state(s, jid, JOB_RESTARTING).num_restarts, 1);
	assert_int_equal(run_to_state(s, jid, JOB_RUNNING).num_restarts, 1);
	sim_compose(s, COMPOSE_START, "taskmanager-2");
	sim_run_until(s, sim_now(s) + S(20));
	sim_compose(s, COMPOSE_KILL, "taskmanager-2");   /* the one attempt is used up */
	assert_int_equal(run_to_state(s, jid, JOB_FAILING).num_restarts, 2);
	assert_int_equal(run_to_state(s, jid, JOB_FAILED).num_restarts, 2);
	sim_destroy(s);

	s = start_counted("1.13", "1", jid);
	sim_compose(s, COMPOSE_KILL, "taskmanager-2");
	assert_int_equal(run_to_state(s, jid, JOB_RESTARTING).num_restarts, 1);
	assert_int_equal(run_to_state(s, jid, JOB_RUNNING).num_restarts, 1);
	sim_compose(s, COMPOSE_START, "taskmanager-2");
	sim_run_until(s, sim_now(s) + S(20));
	sim_compose(s, COMPOSE_KILL, "taskmanager-2");
	assert_int_equal(run_to_state(s, jid, JOB_FAILING).num_restarts, 1);   /* suppressed: not counted */
	assert_int_equal(run_to_state(s, jid, JOB_FAILED).num_restarts, 1);
	sim_destroy(s);

	s = start_counted("1.9", "1", jid);
	assert_int_equal(sim_job_cancel(s, jid), SIM_OK);
	assert_int_equal(run_to_state(s, jid, JOB_CANCELED).num_restarts, 1);
	sim_destroy(s);
	s = start_counted("1.13", "1", jid);
	assert_int_equal(sim_job_cancel(s, jid), SIM_OK);
	assert_int_equal(run_to_state(s, jid, JOB_CANCELED).num_restarts, 0);
	sim_destroy(s);
}

static double metric(const Sim *s, const char *jid, const char *name)
{
	double v;
	assert_int_equal(sim_job_metric(s, jid, name, &v), SIM_OK);
	return v;
}

/* Flink's downtime and restartingTime gauges, as each release computes them. 1.9's
 * DownTimeGauge counts from when the job last became RUNNING (a failover's downtime holds the
 * uptime before it); 1.13's from FAILING, which its restarts skip: 0 throughout. The
 * RestartTimeGauge: the time since RESTARTING until RUNNING, then that length. */
static void test_downtime_and_restarting_time_as_each_release(void **state)
{
	(void)state;
	char jid[33];
	Sim *s = start_counted("1.9", "1", jid);
	JobInfo ji;
	assert_int_equal(sim_job_info(s, jid, &ji), SIM_OK);
	assert_int_equal(ji.state, JOB_RUNNING);
	double up = metric(s, jid, "uptime");
	assert_true(up > 20000);
	assert_true(metric(s, jid, "downtime") == 0 && metric(s, jid, "restartingTime") == 0);
	sim_compose(s, COMPOSE_KILL, "taskmanager-2");
	run_to_state(s, jid, JOB_FAILING);
	assert_true(metric(s, jid, "downtime") >= up);           /* since it last became RUNNING */
	assert_true(metric(s, jid, "restartingTime") == 0);      /* no restart yet */
	run_to_state(s, jid, JOB_RESTARTING);
	sim_run_until(s, sim_now(s) + S(0.5));
	assert_true(metric(s, jid, "downtime") >= up + 500);
	assert_true(metric(s, jid, "restartingTime") == 500);
	run_to_state(s, jid, JOB_RUNNING);
	sim_run_until(s, sim_now(s) + S(2));
	assert_true(metric(s, jid, "downtime") == 0);
	assert_true(metric(s, jid, "restartingTime") == 1000);   /* fixed-delay's 1 s */
	sim_destroy(s);

	s = start_counted("1.13", "1", jid);
	sim_compose(s, COMPOSE_KILL, "taskmanager-2");
	run_to_state(s, jid, JOB_RESTARTING);
	sim_run_until(s, sim_now(s) + S(0.5));
	assert_true(metric(s, jid, "downtime") == 0);            /* never FAILING */
	assert_true(metric(s, jid, "restartingTime") == 500);
	run_to_state(s, jid, JOB_RUNNING);
	double restart = metric(s, jid, "restartingTime");
	assert_true(restart >= 1000);                             /* the back-off, and the dead TaskManager's tasks given up */
	sim_compose(s, COMPOSE_START, "taskmanager-2");
	sim_run_until(s, sim_now(s) + S(20));
	sim_compose(s, COMPOSE_KILL, "taskmanager-2");           /* the attempt is used up: FAILING */
	run_to_state(s, jid, JOB_FAILING);
	sim_run_until(s, sim_now(s) + S(0.001));
	if (sim_job_info(s, jid, &ji) == SIM_OK && ji.state == JOB_FAILING)
		assert_true(metric(s, jid, "downtime") == 1);
	run_to_state(s, jid, JOB_FAILED);
	assert_true(metric(s, jid, "downtime") == -1 && metric(s, jid, "restartingTime") == restart);
	sim_destroy(s);
}

/* An illegal transition is a simulator bug: the always-on check aborts the process. */
static void test_illegal_transition_aborts(void **state)
{
	(void)state;
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(2);                /* keep the expected abort message out of the test log */
		char jid[33];
		JobOptions jo;
		job_options_default(&jo);
		Sim *s = start(1, &jo, 1, jid);
		sim_run_until(s, S(10));
		Job *j = sim_job_find(s, jid);
		execution_set_state(s, j, 0, 0, TASK_SCHEDULED);   /* RUNNING → SCHEDULED */
		_exit(0);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tumbling_windows_are_aligned_to_the_epoch),
		cmocka_unit_test(test_channels_conserve_records_under_backpressure),
		cmocka_unit_test(test_busy_idle_backpressured_sum_to_a_second),
		cmocka_unit_test(test_receivers_notice_a_dead_taskmanager_before_the_heartbeat),
		cmocka_unit_test(test_the_restarts_gauge_counts_as_each_release),
		cmocka_unit_test(test_downtime_and_restarting_time_as_each_release),
		cmocka_unit_test(test_illegal_transition_aborts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
