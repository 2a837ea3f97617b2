/* test_restart_limits.c — restart back-offs stay in range whatever the configuration holds.
 *
 * The JobMaster schedules a restart at now + backoff_ms × 1000 µs. Configured values reach
 * 9.2e15 ms through flink-conf keys and anything through SimConfig; multipliers and jitter
 * factors are doubles:
 * the strategy must never hand back a negative delay or one whose microseconds, added to a
 * simulated time, leave int64 — no signed overflow in backoff × multiplier, jitter or ms → µs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "flink/restart.h"

#define HUGE_MS 9.2e15                /* the largest value a config key takes */
#define SIM_YEAR_US (365LL * 24 * 3600 * 1000000)

static SimConfig config(void)
{
	SimOptions o;
	sim_options_default(&o);
	return o.config;
}

/* What jobmaster_fail does with a back-off: now + backoff × 1000 must fit, for any simulated
 * time a run can reach (a century here; a simulated day takes seconds to compute). */
static void assert_schedulable(int64_t backoff_ms)
{
	if (backoff_ms < 0 || backoff_ms > RESTART_BACKOFF_MAX_MS)
		fail_msg("back-off %lld ms is outside 0 … %lld", (long long)backoff_ms, (long long)RESTART_BACKOFF_MAX_MS);
	assert_true(backoff_ms * 1000 <= INT64_MAX - 100 * SIM_YEAR_US);
}

static void test_huge_fixed_and_failure_rate_delays_are_clamped(void **state)
{
	(void)state;
	SimConfig c = config();
	c.fixed_delay_ms = INT64_MAX;                   /* a C caller may set any value */
	c.failure_rate_delay_ms = (int64_t)HUGE_MS;
	RestartStrategy r;
	c.restart_strategy = RESTART_FIXED_DELAY;
	restart_init(&r, &c, true, 1);
	restart_notify_failure(&r, 0);
	assert_schedulable(restart_backoff_ms(&r));
	assert_true(restart_backoff_ms(&r) == RESTART_BACKOFF_MAX_MS);
	c.restart_strategy = RESTART_FAILURE_RATE;
	restart_init(&r, &c, true, 1);
	restart_notify_failure(&r, 0);
	assert_true(restart_backoff_ms(&r) == RESTART_BACKOFF_MAX_MS);
}

static void test_exponential_delay_never_overflows(void **state)
{
	(void)state;
	SimConfig c = config();
	c.restart_strategy = RESTART_EXPONENTIAL_DELAY;
	c.exp_initial_backoff_ms = (int64_t)HUGE_MS;      /* above the maximum: Flink refuses */
	c.exp_max_backoff_ms = (int64_t)HUGE_MS;
	c.exp_multiplier = HUGE_MS;
	c.exp_jitter = HUGE_MS;                          /* Flink: 0 … 1 */
	c.exp_reset_threshold_ms = (int64_t)HUGE_MS;
	for (uint64_t seed = 1; seed <= 50; seed++) {
		RestartStrategy r;
		restart_init(&r, &c, true, seed);
		for (int64_t i = 0; i < 20; i++) {
			restart_notify_failure(&r, i * 1000);
			assert_true(restart_can_restart(&r, i * 1000));
			assert_schedulable(restart_backoff_ms(&r));
		}
	}
	c.exp_initial_backoff_ms = 1;                   /* growth from 1 ms up to the ceiling */
	c.exp_jitter = 1;
	RestartStrategy r;
	restart_init(&r, &c, true, 7);
	int64_t prev = 0;
	for (int64_t i = 0; i < 10; i++) {
		restart_notify_failure(&r, i);
		assert_schedulable(restart_backoff_ms(&r));
		prev = restart_backoff_ms(&r);
	}
	assert_true(prev <= RESTART_BACKOFF_MAX_MS);
}

static void test_exponential_delay_with_sane_values_is_unchanged(void **state)
{
	(void)state;
	SimConfig c = config();                         /* Flink's defaults: 1 s, ×1.5, up to 60 s */
	c.restart_strategy = RESTART_EXPONENTIAL_DELAY;
	c.exp_jitter = 0;
	RestartStrategy r;
	restart_init(&r, &c, true, 1);
	int64_t want[] = { 1000, 1500, 2250, 3375, 5062, 7593, 11389, 17083, 25624, 38436, 57654, 60000, 60000 };
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		restart_notify_failure(&r, 1600000000000 + (int64_t)i);   /* an epoch clock, as Flink's */
		assert_int_equal(restart_backoff_ms(&r), want[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_huge_fixed_and_failure_rate_delays_are_clamped),
		cmocka_unit_test(test_exponential_delay_never_overflows),
		cmocka_unit_test(test_exponential_delay_with_sane_values_is_unchanged),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
