/* test_states.c — Flink's state machines and restart strategies. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "flink/restart.h"
#include "flink/states.h"

static void test_task_happy_path_is_legal(void **state)
{
	(void)state;
	TaskState path[] = { TASK_CREATED, TASK_SCHEDULED, TASK_DEPLOYING, TASK_INITIALIZING,
	                     TASK_RUNNING, TASK_FINISHED };
	for (int i = 0; i + 1 < 6; i++)
		assert_true(task_transition_legal(path[i], path[i + 1]));
}

static void test_task_cancel_and_fail_transitions(void **state)
{
	(void)state;
	TaskState cancelable[] = { TASK_SCHEDULED, TASK_DEPLOYING, TASK_INITIALIZING, TASK_RUNNING };
	for (int i = 0; i < 4; i++) {
		assert_true(task_transition_legal(cancelable[i], TASK_CANCELING));
		assert_true(task_transition_legal(cancelable[i], TASK_FAILED));
	}
	assert_true(task_transition_legal(TASK_CANCELING, TASK_CANCELED));
	assert_true(task_transition_legal(TASK_CREATED, TASK_CANCELED));
	assert_true(task_transition_legal(TASK_SCHEDULED, TASK_CANCELED));
}

static void test_task_illegal_transitions(void **state)
{
	(void)state;
	TaskState terminal[] = { TASK_FINISHED, TASK_CANCELED, TASK_FAILED };
	for (int i = 0; i < 3; i++)
		for (int to = 0; to < TASK_STATE_COUNT; to++)
			assert_false(task_transition_legal(terminal[i], (TaskState)to));
	assert_false(task_transition_legal(TASK_CREATED, TASK_RUNNING));
	assert_false(task_transition_legal(TASK_RUNNING, TASK_SCHEDULED));
	assert_false(task_transition_legal(TASK_CANCELING, TASK_RUNNING));
	assert_false(task_transition_legal(TASK_DEPLOYING, TASK_FINISHED));
	assert_false(task_transition_legal(TASK_SCHEDULED, TASK_RUNNING));
}

static void test_job_transitions(void **state)
{
	(void)state;
	assert_true(job_transition_legal(JOB_INITIALIZING, JOB_CREATED));
	assert_true(job_transition_legal(JOB_CREATED, JOB_RUNNING));
	assert_true(job_transition_legal(JOB_RUNNING, JOB_RESTARTING));
	assert_true(job_transition_legal(JOB_RESTARTING, JOB_RUNNING));
	assert_true(job_transition_legal(JOB_RUNNING, JOB_FAILING));
	assert_true(job_transition_legal(JOB_FAILING, JOB_FAILED));
	assert_true(job_transition_legal(JOB_RUNNING, JOB_CANCELLING));
	assert_true(job_transition_legal(JOB_CANCELLING, JOB_CANCELED));
	assert_true(job_transition_legal(JOB_RUNNING, JOB_FINISHED));
	JobState terminal[] = { JOB_FAILED, JOB_CANCELED, JOB_FINISHED };
	for (int i = 0; i < 3; i++) {
		assert_true(job_state_is_terminal(terminal[i]));
		for (int to = 0; to < JOB_STATE_COUNT; to++)
			assert_false(job_transition_legal(terminal[i], (JobState)to));
	}
	assert_false(job_transition_legal(JOB_RESTARTING, JOB_FINISHED));
	assert_false(job_transition_legal(JOB_CREATED, JOB_RESTARTING));
}

static void test_vertex_aggregate_state(void **state)
{
	(void)state;
	int c[TASK_STATE_COUNT] = { 0 };
	c[TASK_SCHEDULED] = 2;
	assert_int_equal(vertex_aggregate_state(c, 2), TASK_CREATED);   /* Flink shows CREATED */
	memset(c, 0, sizeof c);
	c[TASK_RUNNING] = 1; c[TASK_DEPLOYING] = 1;
	assert_int_equal(vertex_aggregate_state(c, 2), TASK_RUNNING);
	c[TASK_FAILED] = 1;
	assert_int_equal(vertex_aggregate_state(c, 3), TASK_FAILED);
	memset(c, 0, sizeof c);
	c[TASK_FINISHED] = 2;
	assert_int_equal(vertex_aggregate_state(c, 2), TASK_FINISHED);
	assert_string_equal(task_state_name(TASK_SCHEDULED), "SCHEDULED");
	assert_string_equal(job_state_name(JOB_CANCELLING), "CANCELLING");
}

static SimConfig config(void)
{
	SimOptions o;
	sim_options_default(&o);
	return o.config;
}

static void test_default_strategy_depends_on_checkpointing(void **state)
{
	(void)state;
	SimConfig c = config();
	RestartStrategy r;
	restart_init(&r, &c, true, 1);
	assert_int_equal(r.kind, RESTART_FIXED_DELAY);
	for (int i = 0; i < 1000; i++) {
		restart_notify_failure(&r, i);
		assert_true(restart_can_restart(&r, i));
	}
	/* Flink 1.9's NoOrFixedIfCheckpointingEnabledRestartStrategyFactory: no delay. */
	assert_int_equal(restart_backoff_ms(&r), 0);
	char buf[200];
	restart_describe(&r, buf, sizeof buf);
	assert_string_equal(buf, "FixedDelayRestartStrategy(maxNumberRestartAttempts=2147483647, delayBetweenRestartAttempts=0)");
	restart_init(&r, &c, false, 1);
	assert_int_equal(r.kind, RESTART_NONE);
	restart_notify_failure(&r, 0);
	assert_false(restart_can_restart(&r, 0));
	restart_describe(&r, buf, sizeof buf);
	assert_string_equal(buf, "NoRestartStrategy");
	/* Flink 1.13: 1 s, and the RestartBackoffTimeStrategy names. */
	c.flink_version = FLINK_1_13;
	restart_init(&r, &c, true, 1);
	assert_int_equal(restart_backoff_ms(&r), 1000);
	restart_init(&r, &c, false, 1);
	restart_describe(&r, buf, sizeof buf);
	assert_string_equal(buf, "NoRestartBackoffTimeStrategy");
}

/* An explicit fixed-delay strategy takes Flink's key defaults: one attempt, 0 s (1.9). */
static void test_explicit_fixed_delay_defaults(void **state)
{
	(void)state;
	SimConfig c = config();
	c.restart_strategy = RESTART_FIXED_DELAY;
	RestartStrategy r;
	restart_init(&r, &c, true, 1);
	restart_notify_failure(&r, 0);
	assert_true(restart_can_restart(&r, 0));
	restart_notify_failure(&r, 1);
	assert_false(restart_can_restart(&r, 1));
	assert_int_equal(restart_backoff_ms(&r), 0);
	c.restart_strategy = RESTART_FAILURE_RATE;
	restart_init(&r, &c, true, 1);
	assert_int_equal(restart_backoff_ms(&r), 10000);     /* akka.ask.timeout */
}

/* Flink 1.9 without a restart-strategy reads restart-strategy.fixed-delay.attempts the
 * deprecated way (RestartStrategyFactory.createRestartStrategyFactory): given and > 0, a fixed
 * delay with those attempts and, unless fixed-delay.delay is given, akka.watch.heartbeat.pause
 * (60 s) — with or without checkpointing. 1.13 ignores the key then. */
static void test_19_attempts_without_a_strategy(void **state)
{
	(void)state;
	SimConfig c = config();
	c.fixed_delay_attempts = 1;
	RestartStrategy r;
	char buf[200];
	restart_init(&r, &c, false, 1);
	restart_describe(&r, buf, sizeof buf);
	assert_string_equal(buf, "FixedDelayRestartStrategy(maxNumberRestartAttempts=1, delayBetweenRestartAttempts=60000)");
	restart_notify_failure(&r, 0);
	assert_true(restart_can_restart(&r, 0));
	restart_notify_failure(&r, 1);
	assert_false(restart_can_restart(&r, 1));   /* the second failure fails the job */
	c.fixed_delay_ms = 250;
	restart_init(&r, &c, true, 1);
	assert_int_equal(restart_backoff_ms(&r), 250);
	c.fixed_delay_attempts = 0;                 /* not > 0: as if not given */
	restart_init(&r, &c, true, 1);
	restart_describe(&r, buf, sizeof buf);
	assert_string_equal(buf, "FixedDelayRestartStrategy(maxNumberRestartAttempts=2147483647, delayBetweenRestartAttempts=0)");
	c.fixed_delay_attempts = 1;
	c.flink_version = FLINK_1_13;
	restart_init(&r, &c, true, 1);
	restart_describe(&r, buf, sizeof buf);
	assert_string_equal(buf, "FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=2147483647, backoffTimeMS=1000)");
}

static void test_fixed_delay_counts_attempts(void **state)
{
	(void)state;
	SimConfig c = config();
	c.restart_strategy = RESTART_FIXED_DELAY;
	c.fixed_delay_attempts = 3;
	c.fixed_delay_ms = 250;
	RestartStrategy r;
	restart_init(&r, &c, true, 1);
	for (int i = 1; i <= 3; i++) {
		restart_notify_failure(&r, i);
		assert_true(restart_can_restart(&r, i));
	}
	restart_notify_failure(&r, 4);
	assert_false(restart_can_restart(&r, 4));   /* the 4th failure exceeds 3 attempts */
	char buf[200];
	restart_describe(&r, buf, sizeof buf);
	assert_string_equal(buf, "FixedDelayRestartStrategy(maxNumberRestartAttempts=3, delayBetweenRestartAttempts=250)");
	c.flink_version = FLINK_1_13;
	restart_init(&r, &c, true, 1);
	restart_describe(&r, buf, sizeof buf);
	assert_string_equal(buf, "FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=3, backoffTimeMS=250)");
}

static void test_failure_rate_window(void **state)
{
	(void)state;
	SimConfig c = config();
	c.restart_strategy = RESTART_FAILURE_RATE;
	c.failure_rate_max_failures = 2;
	c.failure_rate_interval_ms = 10000;
	RestartStrategy r;
	restart_init(&r, &c, true, 1);
	restart_notify_failure(&r, 0);
	assert_true(restart_can_restart(&r, 0));
	restart_notify_failure(&r, 5000);
	assert_true(restart_can_restart(&r, 5000));    /* max 2 restarts per interval */
	restart_notify_failure(&r, 8000);
	assert_false(restart_can_restart(&r, 8000));   /* a third failure within 10 s */
	restart_init(&r, &c, true, 1);
	restart_notify_failure(&r, 0);
	restart_notify_failure(&r, 5000);
	restart_notify_failure(&r, 10001);
	assert_true(restart_can_restart(&r, 10001));   /* the first is older than the interval */
	restart_notify_failure(&r, 12000);
	assert_false(restart_can_restart(&r, 12000));  /* 5000, 10001 and 12000 within 10 s */
	/* Flink's default of one failure per interval restarts the first failure. */
	c.failure_rate_max_failures = 1;
	restart_init(&r, &c, true, 1);
	restart_notify_failure(&r, 0);
	assert_true(restart_can_restart(&r, 0));
	restart_notify_failure(&r, 5000);
	assert_false(restart_can_restart(&r, 5000));
	restart_notify_failure(&r, 20000);
	assert_true(restart_can_restart(&r, 20000));   /* 5000 is more than 10 s ago */
	char buf[200];
	c.flink_version = FLINK_1_13;                  /* Flink 1.13.5's text, as it is */
	restart_init(&r, &c, true, 1);
	restart_describe(&r, buf, sizeof buf);
	assert_string_equal(buf, "FailureRateRestartBackoffTimeStrategy(FailureRateRestartBackoffTimeStrategy("
	                         "failuresIntervalMS=10000,backoffTimeMS=1000,maxFailuresPerInterval=1)");
}

static void test_exponential_delay_grows_and_resets(void **state)
{
	(void)state;
	SimConfig c = config();
	c.flink_version = FLINK_1_13;                  /* 1.9 has no exponential-delay (sim_config_check) */
	c.restart_strategy = RESTART_EXPONENTIAL_DELAY;
	c.exp_jitter = 0;
	c.exp_initial_backoff_ms = 1000;
	c.exp_multiplier = 2;
	c.exp_max_backoff_ms = 5000;
	c.exp_reset_threshold_ms = 60000;
	RestartStrategy r;
	restart_init(&r, &c, true, 1);
	const int64_t t0 = 1600000000000;              /* Flink's clock is the epoch */
	int64_t want[] = { 1000, 2000, 4000, 5000, 5000 };
	for (int i = 0; i < 5; i++) {
		restart_notify_failure(&r, t0 + i * 1000);
		assert_true(restart_can_restart(&r, t0 + i * 1000));
		assert_int_equal(restart_backoff_ms(&r), want[i]);
	}
	/* Flink resets after the threshold plus the current back-off, not the threshold alone. */
	restart_notify_failure(&r, t0 + 4000 + 64999);
	assert_int_equal(restart_backoff_ms(&r), 5000);
	restart_notify_failure(&r, t0 + 4000 + 64999 + 65000);
	assert_int_equal(restart_backoff_ms(&r), 1000);
	char buf[400];
	restart_describe(&r, buf, sizeof buf);         /* Flink's string is built at construction */
	assert_string_equal(buf, "ExponentialDelayRestartBackoffTimeStrategy(initialBackoffMS=1000, maxBackoffMS=5000, "
	                         "backoffMultiplier=2.0, resetBackoffThresholdMS=60000, jitterFactor=0.0, currentBackoffMS=1000, lastFailureTimestamp=0)");
	c.exp_jitter = 0.1;
	restart_init(&r, &c, true, 9);
	restart_notify_failure(&r, t0);
	int64_t b = restart_backoff_ms(&r);
	assert_true(b >= 900 && b <= 1100);
	/* The jitter is drawn per wait and never compounds: the back-off itself doubles exactly. */
	bool varied = false;
	for (int i = 1; i < 4; i++) {
		restart_notify_failure(&r, t0 + i);
		assert_int_equal(r.exp_current_ms, want[i]);
		int64_t w = restart_backoff_ms(&r), off = want[i] / 10;
		assert_true(w >= want[i] - off && w <= (want[i] + off > 5000 ? 5000 : want[i] + off));
		varied |= w != want[i];
	}
	assert_true(varied);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_task_happy_path_is_legal),
		cmocka_unit_test(test_task_cancel_and_fail_transitions),
		cmocka_unit_test(test_task_illegal_transitions),
		cmocka_unit_test(test_job_transitions),
		cmocka_unit_test(test_vertex_aggregate_state),
		cmocka_unit_test(test_default_strategy_depends_on_checkpointing),
		cmocka_unit_test(test_explicit_fixed_delay_defaults),
		cmocka_unit_test(test_fixed_delay_counts_attempts),
		cmocka_unit_test(test_failure_rate_window),
		cmocka_unit_test(test_19_attempts_without_a_strategy),
		cmocka_unit_test(test_exponential_delay_grows_and_resets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
