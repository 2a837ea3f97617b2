/*
 * test_config.c — the flink-conf keys' ranges and the rules between keys, as Flink states
 * them (HeartbeatServicesImpl, ExponentialDelayRestartBackoffTimeStrategy, CheckpointConfig,
 * FailureRateRestartBackoffTimeStrategy): every refusal names the key, the value and the
 * accepted range; nothing is clamped silently.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "sim.h"

#define HB_TIMEOUT  "heartbeat.timeout"
#define HB_INTERVAL "heartbeat.interval"
#define EXP         "restart-strategy.exponential-delay."

static SimConfig fresh(void)
{
	SimOptions o;
	sim_options_default(&o);
	return o.config;
}

/* Refused, with a message containing each of the NULL-terminated phrases. */
static void refused_number(const char *key, double v, ...)
{
	SimConfig c = fresh(), before = c;
	char err[1024] = "";
	if (sim_config_set_number(&c, key, v, err, sizeof err) != SIM_EINVAL)
		fail_msg("%s = %g was accepted", key, v);
	assert_memory_equal(&c, &before, sizeof c);
	va_list ap;
	va_start(ap, v);
	for (const char *want; (want = va_arg(ap, const char *));)
		if (!strstr(err, want))
			fail_msg("%s = %g: \"%s\" does not say \"%s\"", key, v, err, want);
	va_end(ap);
}

static void refused_string(const char *key, const char *v, const char *want)
{
	SimConfig c = fresh();
	char err[1024] = "";
	if (sim_config_set_string(&c, key, v, err, sizeof err) != SIM_EINVAL)
		fail_msg("%s = \"%s\" was accepted", key, v);
	if (!strstr(err, want))
		fail_msg("%s = \"%s\": \"%s\" does not say \"%s\"", key, v, err, want);
}

static void test_heartbeat_timeout_at_least_interval(void **state)
{
	(void)state;
	SimConfig c = fresh();
	char err[512];
	assert_int_equal(sim_config_set_number(&c, HB_TIMEOUT, 500, err, sizeof err), SIM_OK);
	assert_int_equal(sim_config_check(&c, err, sizeof err), SIM_EINVAL);
	assert_non_null(strstr(err, "heartbeat.timeout (500 ms) is shorter than heartbeat.interval (1000 ms)"));
	assert_int_equal(sim_config_set_number(&c, HB_TIMEOUT, 1000, err, sizeof err), SIM_OK);
	assert_int_equal(sim_config_check(&c, err, sizeof err), SIM_OK);    /* Flink: equal is allowed */

	/* sim_up refuses such a configuration and starts nothing. */
	SimOptions o;
	sim_options_default(&o);
	o.config.heartbeat_interval_ms = 10000;                             /* timeout stays 5000 */
	Sim *s = sim_create(&o);
	assert_int_equal(sim_up(s), SIM_EINVAL);
	assert_non_null(strstr(sim_error(s), "heartbeat.timeout (5000 ms) is shorter"));
	assert_int_equal(sim_service_count(s), 0);
	sim_destroy(s);
}

static void test_initial_backoff_not_above_max(void **state)
{
	(void)state;
	SimConfig c = fresh();
	char err[512];
	assert_int_equal(sim_config_set_number(&c, EXP "initial-backoff", 120000, err, sizeof err), SIM_OK);
	assert_int_equal(sim_config_check(&c, err, sizeof err), SIM_EINVAL);
	assert_non_null(strstr(err, "initial-backoff (120000 ms) is higher than max-backoff (60000 ms)"));
}

static void test_exponential_delay_ranges(void **state)
{
	(void)state;
	refused_number(EXP "backoff-multiplier", 1, "greater than 1", "1 is not valid", NULL);
	refused_number(EXP "backoff-multiplier", 0.5, "greater than 1", NULL);
	refused_number(EXP "jitter-factor", 1.5, "from 0 to 1", NULL);
	refused_number(EXP "jitter-factor", -0.1, "from 0 to 1", NULL);
	refused_number(EXP "jitter-factor", 0.0 / 0.0, "from 0 to 1", NULL);
	SimConfig c = fresh();
	char err[512];
	assert_int_equal(sim_config_set_number(&c, EXP "backoff-multiplier", 1e16, err, sizeof err), SIM_OK);
	assert_true(c.exp_multiplier == 1e16);                              /* no upper limit */
	assert_int_equal(sim_config_set_number(&c, EXP "jitter-factor", 1, err, sizeof err), SIM_OK);
	assert_int_equal(sim_config_set_number(&c, EXP "jitter-factor", 0, err, sizeof err), SIM_OK);
	refused_number(EXP "backoff-multiplier", 1.0 / 0.0, "greater than 1", NULL);
}

static void test_no_silent_limits(void **state)
{
	(void)state;
	/* The failure-rate ring holds 64 timestamps: more is refused, not clamped. */
	refused_number("restart-strategy.failure-rate.max-failures-per-interval", 65, "from 1 to 64", NULL);
	refused_number("restart-strategy.fixed-delay.attempts", 2147483648.0, "from -1 to 2147483647", NULL);
	/* Durations stop at 2^60 µs, and the message says so. */
	refused_number(HB_INTERVAL, 1152921504606847.0, "from 1 to 1152921504606846", "2^60", NULL);
	refused_number(HB_INTERVAL, 9.3e15, "from 1 to 1152921504606846", NULL);
	refused_number(HB_INTERVAL, 0, "from 1 to", "larger than 0", NULL);
	refused_number(HB_INTERVAL, 1.5, "whole number of milliseconds", NULL);
	refused_number("execution.checkpointing.timeout", 5, "from 10 to", "10 ms", NULL);
	refused_number("execution.checkpointing.interval", 9, "from 10 to", NULL);
	refused_number("execution.buffer-timeout", 0, "this simulator does not", NULL);
	refused_number("log.retention.ms", -1, "keep forever", NULL);
	SimConfig c = fresh();
	char err[512];
	assert_int_equal(sim_config_set_number(&c, HB_INTERVAL, 1152921504606846.0, err, sizeof err), SIM_OK);
}

static void test_strings_are_strict(void **state)
{
	(void)state;
	SimConfig c = fresh();
	char err[512];
	assert_int_equal(sim_config_set_string(&c, HB_TIMEOUT, "10 s", err, sizeof err), SIM_OK);
	assert_int_equal(c.heartbeat_timeout_ms, 10000);
	assert_int_equal(sim_config_set_string(&c, HB_TIMEOUT, "1 min", err, sizeof err), SIM_OK);
	assert_int_equal(c.heartbeat_timeout_ms, 60000);
	assert_int_equal(sim_config_set_string(&c, HB_TIMEOUT, "7000", err, sizeof err), SIM_OK);
	assert_int_equal(c.heartbeat_timeout_ms, 7000);
	assert_int_equal(sim_config_set_string(&c, EXP "jitter-factor", "0.25", err, sizeof err), SIM_OK);
	assert_true(c.exp_jitter == 0.25);
	refused_string(HB_TIMEOUT, "0x10", "hex");
	refused_string(HB_TIMEOUT, "1e3", "exponent");
	refused_string(HB_TIMEOUT, "inf", "not a duration");
	refused_string(HB_TIMEOUT, "-5 s", "negative");
	refused_string(HB_TIMEOUT, "5 fortnights", "unknown unit");
	refused_string(HB_TIMEOUT, "1.0005 s", "whole number of milliseconds");
	refused_string(EXP "jitter-factor", "0x1", "not a decimal number");
	refused_string(EXP "jitter-factor", "1e-1", "not a decimal number");
	refused_string(EXP "backoff-multiplier", "nan", "not a decimal number");
	refused_string("restart-strategy.fixed-delay.attempts", "5.5", "whole number");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_heartbeat_timeout_at_least_interval),
		cmocka_unit_test(test_initial_backoff_not_above_max),
		cmocka_unit_test(test_exponential_delay_ranges),
		cmocka_unit_test(test_no_silent_limits),
		cmocka_unit_test(test_strings_are_strict),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
