/*
 * test_durations.c — the project's one duration parser (timefmt_parse_duration) and the
 * strict decimals under it: the Lua API's forms, the view's bare seconds, flink-conf's
 * Flink forms, exact decimal arithmetic, and every way a text can fail to be a duration.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/timefmt.h"

#define S  1000000LL
#define MS 1000LL

static int64_t parse_ok(const char *s, TimefmtSyntax syntax)
{
	int64_t us = -1;
	char why[160] = "";
	if (!timefmt_parse_duration(s, syntax, &us, why, sizeof why))
		fail_msg("\"%s\" was refused: %s", s, why);
	return us;
}

/* Refused, with a reason containing `reason`, and *out left alone. */
static void refused(const char *s, TimefmtSyntax syntax, const char *reason)
{
	int64_t us = 12345;
	char why[160] = "";
	if (timefmt_parse_duration(s, syntax, &us, why, sizeof why))
		fail_msg("\"%s\" was accepted as %lld us", s, (long long)us);
	assert_int_equal(us, 12345);
	if (!strstr(why, reason))
		fail_msg("\"%s\": reason \"%s\" does not say \"%s\"", s, why, reason);
}

static void test_simple_units(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("250ms", TIMEFMT_UNIT_REQUIRED), 250 * MS);
	assert_int_equal(parse_ok("15s", TIMEFMT_UNIT_REQUIRED), 15 * S);
	assert_int_equal(parse_ok("1.5s", TIMEFMT_UNIT_REQUIRED), 1500 * MS);
	assert_int_equal(parse_ok(".5s", TIMEFMT_UNIT_REQUIRED), 500 * MS);
	assert_int_equal(parse_ok("2m", TIMEFMT_UNIT_REQUIRED), 120 * S);
	assert_int_equal(parse_ok("1h", TIMEFMT_UNIT_REQUIRED), 3600 * S);
	assert_int_equal(parse_ok("0s", TIMEFMT_UNIT_REQUIRED), 0);
	assert_int_equal(parse_ok("007s", TIMEFMT_UNIT_REQUIRED), 7 * S);
}

static void test_compound_forms(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("1m30s", TIMEFMT_UNIT_REQUIRED), 90 * S);
	assert_int_equal(parse_ok("1h2m3.5s", TIMEFMT_UNIT_REQUIRED), 3723 * S + 500 * MS);
	assert_int_equal(parse_ok("2s500ms", TIMEFMT_UNIT_REQUIRED), 2500 * MS);
	assert_int_equal(parse_ok("1h30m", TIMEFMT_UNIT_REQUIRED), 5400 * S);
	assert_int_equal(parse_ok("1h1ms", TIMEFMT_UNIT_REQUIRED), 3600 * S + MS);
	refused("30s1m", TIMEFMT_UNIT_REQUIRED, "larger to smaller");
	refused("1s1s", TIMEFMT_UNIT_REQUIRED, "each once");
	refused("1ms5s", TIMEFMT_UNIT_REQUIRED, "larger to smaller");
	refused("1m30", TIMEFMT_UNIT_REQUIRED, "a unit is needed");
	refused("1m 30s", TIMEFMT_UNIT_REQUIRED, "decimal number was expected at ' 30s'");
	refused("2mm", TIMEFMT_UNIT_REQUIRED, "unknown unit 'mm'");
}

/* Exact decimal arithmetic: no binary rounding, half up at the microsecond. */
static void test_exact_arithmetic(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("0.1h", TIMEFMT_UNIT_REQUIRED), 360 * S);
	assert_int_equal(parse_ok("0.0000001h", TIMEFMT_UNIT_REQUIRED), 360);
	assert_int_equal(parse_ok("1.0000005s", TIMEFMT_UNIT_REQUIRED), 1000001);
	assert_int_equal(parse_ok("1.0000004999s", TIMEFMT_UNIT_REQUIRED), 1000000);
	assert_int_equal(parse_ok("0.0005ms", TIMEFMT_UNIT_REQUIRED), 1);
	assert_int_equal(parse_ok("0.0004ms", TIMEFMT_UNIT_REQUIRED), 0);
	assert_int_equal(parse_ok("1.000001m", TIMEFMT_UNIT_REQUIRED), 60 * S + 60);
	assert_int_equal(parse_ok("0.33333333333333333333m", TIMEFMT_UNIT_REQUIRED), 20 * S);
}

static void test_bare_seconds_only_where_allowed(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("60", TIMEFMT_BARE_SECONDS), 60 * S);
	assert_int_equal(parse_ok("1.5", TIMEFMT_BARE_SECONDS), 1500 * MS);
	assert_int_equal(parse_ok("0", TIMEFMT_BARE_SECONDS), 0);
	assert_int_equal(parse_ok("1m30s", TIMEFMT_BARE_SECONDS), 90 * S);
	refused("60", TIMEFMT_UNIT_REQUIRED, "a unit is needed");
	refused("1m30", TIMEFMT_BARE_SECONDS, "a unit is needed");
}

static void test_not_numbers(void **state)
{
	(void)state;
	static const TimefmtSyntax all[] = { TIMEFMT_UNIT_REQUIRED, TIMEFMT_BARE_SECONDS, TIMEFMT_FLINK };
	for (size_t i = 0; i < 3; i++) {
		refused("0x10", all[i], "hex");
		refused("0x10s", all[i], "hex");
		refused("1e9999", all[i], "exponent");
		refused("1e3ms", all[i], "exponent");
		refused("1E3", all[i], "exponent");
		refused("inf", all[i], "decimal number");
		refused("nan", all[i], "decimal number");
		refused("-1s", all[i], "negative");
		refused("-0", all[i], "negative");
		refused("+3s", all[i], "decimal number");
		refused("", all[i], "empty");
		refused("1.s", all[i], "decimal number");
		refused(".s", all[i], "decimal number");
	}
	refused(" 15s", TIMEFMT_UNIT_REQUIRED, "decimal number");
	refused("15s ", TIMEFMT_UNIT_REQUIRED, "decimal number was expected at ' '");
	refused("15 s", TIMEFMT_UNIT_REQUIRED, "unexpected ' s'");
	refused("15x", TIMEFMT_UNIT_REQUIRED, "unknown unit 'x'");
	refused("2d", TIMEFMT_UNIT_REQUIRED, "unknown unit 'd'");
	refused("1.5.5s", TIMEFMT_UNIT_REQUIRED, "unexpected '.5s'");
	refused("5sjunk", TIMEFMT_UNIT_REQUIRED, "unknown unit 'sjunk'");
	refused("1min", TIMEFMT_UNIT_REQUIRED, "unknown unit 'min'");   /* Flink's label, not ours */
}

static void test_overflow(void **state)
{
	(void)state;
	refused("99999999999999999999h", TIMEFMT_UNIT_REQUIRED, "too large");
	refused("1152921504606.846977s", TIMEFMT_UNIT_REQUIRED, "too large");
	assert_int_equal(parse_ok("1152921504606.846976s", TIMEFMT_UNIT_REQUIRED), TIMEFMT_DURATION_MAX_US);
	assert_int_equal(parse_ok("320255973h30m", TIMEFMT_UNIT_REQUIRED), 1152921504600000000LL);
	refused("320255973h31m", TIMEFMT_UNIT_REQUIRED, "too large");   /* each term fits, the sum does not */
	refused("18446744073709551616000ms", TIMEFMT_UNIT_REQUIRED, "too large");
	refused("99999999999999999999", TIMEFMT_FLINK, "too large");
	refused("99999999999999999999", TIMEFMT_BARE_SECONDS, "too large");
}

/* flink-conf values, as Flink's TimeUtils.parseDuration reads them. */
static void test_flink_forms(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("5000", TIMEFMT_FLINK), 5000 * MS);
	assert_int_equal(parse_ok("10 s", TIMEFMT_FLINK), 10 * S);
	assert_int_equal(parse_ok("10s", TIMEFMT_FLINK), 10 * S);
	assert_int_equal(parse_ok(" 1 min ", TIMEFMT_FLINK), 60 * S);
	assert_int_equal(parse_ok("500 ms", TIMEFMT_FLINK), 500 * MS);
	assert_int_equal(parse_ok("2 hours", TIMEFMT_FLINK), 7200 * S);
	assert_int_equal(parse_ok("1 D", TIMEFMT_FLINK), 86400 * S);
	assert_int_equal(parse_ok("3 Seconds", TIMEFMT_FLINK), 3 * S);
	assert_int_equal(parse_ok("100 milli", TIMEFMT_FLINK), 100 * MS);
	assert_int_equal(parse_ok("1500 \xc2\xb5s", TIMEFMT_FLINK), 1500);
	assert_int_equal(parse_ok("1.5 s", TIMEFMT_FLINK), 1500 * MS);
	refused("1m30s", TIMEFMT_FLINK, "unknown unit");
	refused("10 fortnights", TIMEFMT_FLINK, "unknown unit");
	refused("   ", TIMEFMT_FLINK, "empty");
}

static void test_seconds_as_numbers(void **state)
{
	(void)state;
	int64_t us = 7;
	char why[160];
	assert_true(timefmt_duration_from_seconds(1.25, &us, why, sizeof why));
	assert_int_equal(us, 1250 * MS);
	assert_true(timefmt_duration_from_seconds(0, &us, why, sizeof why));
	assert_int_equal(us, 0);
	us = 7;
	assert_false(timefmt_duration_from_seconds(-0.5, &us, why, sizeof why));
	assert_non_null(strstr(why, "negative"));
	assert_false(timefmt_duration_from_seconds(0.0 / 0.0, &us, why, sizeof why));
	assert_false(timefmt_duration_from_seconds(1.0 / 0.0, &us, why, sizeof why));
	assert_false(timefmt_duration_from_seconds(-1.0 / 0.0, &us, why, sizeof why));
	assert_false(timefmt_duration_from_seconds(9.3e12, &us, why, sizeof why));   /* µs past 2^60 */
	assert_non_null(strstr(why, "too large"));
	assert_false(timefmt_duration_from_seconds(1e300, &us, why, sizeof why));
	assert_int_equal(us, 7);
}

static void test_strict_decimals(void **state)
{
	(void)state;
	double v = -1;
	assert_true(timefmt_parse_decimal("10", &v));
	assert_true(v == 10);
	assert_true(timefmt_parse_decimal("0.5", &v));
	assert_true(v == 0.5);
	assert_true(timefmt_parse_decimal(".25", &v));
	assert_true(v == 0.25);
	static const char *const bad[] = { "", "0x10", "1e3", "inf", "nan", "-1", "+1", " 1", "1 ", "1.", ".", "1,5" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (timefmt_parse_decimal(bad[i], &v))
			fail_msg("\"%s\" was taken as the decimal %g", bad[i], v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple_units),
		cmocka_unit_test(test_compound_forms),
		cmocka_unit_test(test_exact_arithmetic),
		cmocka_unit_test(test_bare_seconds_only_where_allowed),
		cmocka_unit_test(test_not_numbers),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_flink_forms),
		cmocka_unit_test(test_seconds_as_numbers),
		cmocka_unit_test(test_strict_decimals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
