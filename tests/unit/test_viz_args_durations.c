/*
 * test_viz_args_durations.c — `playground viz` reads its times with the project's one
 * duration parser and its --speed as a strict decimal: no hex, exponents, inf or junk.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "args.h"

/* Parses `playground viz sc.lua <option> <value>`; returns the exit code. */
static int parse(const char *option, const char *value, VizArgs *a, char *err, size_t len)
{
	const char *words[] = { "playground", "viz", "sc.lua", option, value, "--out", "/tmp" };
	static char text[7][64];
	char *argv[7];
	for (int i = 0; i < 7; i++) {
		snprintf(text[i], sizeof text[i], "%s", words[i]);
		argv[i] = text[i];
	}
	int argc = strcmp(option, "--snapshot-at") == 0 ? 7 : 5;
	return viz_args_parse(argc, argv, a, err, len);
}

static void test_snapshot_times_use_the_duration_parser(void **state)
{
	(void)state;
	VizArgs a;
	char err[256];
	assert_int_equal(parse("--snapshot-at", "1m30s,60,1500ms", &a, err, sizeof err), 0);
	assert_int_equal(a.nsnapshots, 3);
	assert_int_equal(a.snapshots[0], 1500 * SIM_US_PER_MS);
	assert_int_equal(a.snapshots[1], 60 * SIM_US_PER_S);
	assert_int_equal(a.snapshots[2], 90 * SIM_US_PER_S);
	static const char *const bad[] = { "0x10", "1e3", "inf", "nan", "-5", "5s junk", "30s1m", "99999999999999999999h" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		assert_int_equal(parse("--snapshot-at", bad[i], &a, err, sizeof err), 2);
		assert_non_null(strstr(err, bad[i]));             /* the message names the value */
	}
}

static void test_speed_is_a_strict_decimal(void **state)
{
	(void)state;
	VizArgs a;
	char err[256];
	assert_int_equal(parse("--speed", "2.5", &a, err, sizeof err), 0);
	assert_true(a.speed == 2.5);
	assert_int_equal(parse("--speed", "10x", &a, err, sizeof err), 0);
	assert_true(a.speed == 10);
	assert_int_equal(parse("--speed", "max", &a, err, sizeof err), 0);
	assert_true(a.speed == 0);
	static const char *const bad[] = { "0x10", "1e3", "inf", "nan", "-1", "0", " 5", "5 ", "x", "2xx" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		if (parse("--speed", bad[i], &a, err, sizeof err) != 2)
			fail_msg("--speed \"%s\" was accepted as %g", bad[i], a.speed);
		assert_non_null(strstr(err, "--speed"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_snapshot_times_use_the_duration_parser),
		cmocka_unit_test(test_speed_is_a_strict_decimal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
