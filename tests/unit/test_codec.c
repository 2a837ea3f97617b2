/*
 * test_codec.c — the playground's timestamp texts (timefmt) and record JSON (codec).
 * Expected texts were printed by java.text.SimpleDateFormat with the playground's pattern
 * in UTC, which is what Jackson's @JsonFormat uses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/timefmt.h"
#include "kafka/codec.h"

typedef struct TimeVector {
	int64_t ms;               /* ms since 1970 */
	const char *playground;   /* dd-MM-yyyy hh:mm:ss:SSS */
	const char *cli;          /* dd.MM.yyyy HH:mm:ss */
} TimeVector;

static const TimeVector times[] = {
	{ 0LL, "01-01-1970 12:00:00:000", "01.01.1970 00:00:00" },
	{ 15000LL, "01-01-1970 12:00:15:000", "01.01.1970 00:00:15" },
	{ 30000LL, "01-01-1970 12:00:30:000", "01.01.1970 00:00:30" },
	{ 43200000LL, "01-01-1970 12:00:00:000", "01.01.1970 12:00:00" },
	{ 43215000LL, "01-01-1970 12:00:15:000", "01.01.1970 12:00:15" },
	{ 46800000LL, "01-01-1970 01:00:00:000", "01.01.1970 13:00:00" },
	{ 86399999LL, "01-01-1970 11:59:59:999", "01.01.1970 23:59:59" },
	{ 86400000LL, "02-01-1970 12:00:00:000", "02.01.1970 00:00:00" },
	{ 1577836800000LL, "01-01-2020 12:00:00:000", "01.01.2020 00:00:00" },
	{ 1577883907089LL, "01-01-2020 01:05:07:089", "01.01.2020 13:05:07" },
	{ 951782400000LL, "29-02-2000 12:00:00:000", "29.02.2000 00:00:00" },
	{ 4102444800000LL, "01-01-2100 12:00:00:000", "01.01.2100 00:00:00" },
	{ 253402300799999LL, "31-12-9999 11:59:59:999", "31.12.9999 23:59:59" },
	{ 1709208000123LL, "29-02-2024 12:00:00:123", "29.02.2024 12:00:00" },
	{ 123456789012LL, "29-11-1973 09:33:09:012", "29.11.1973 21:33:09" },
};
#define NTIMES (sizeof times / sizeof times[0])

static void playground_format_matches_jackson(void **state)
{
	char buf[64];
	for (size_t i = 0; i < NTIMES; i++) {
		size_t n = timefmt_playground(times[i].ms, buf, sizeof buf);
		assert_string_equal(buf, times[i].playground);
		assert_int_equal(n, strlen(times[i].playground));
	}
}

static void playground_format_prints_12_for_midnight_and_noon_and_01_for_1pm(void **state)
{
	char buf[64];
	timefmt_playground(0, buf, sizeof buf);
	assert_memory_equal(buf + 11, "12", 2);
	timefmt_playground(12 * 3600000LL, buf, sizeof buf);
	assert_memory_equal(buf + 11, "12", 2);
	timefmt_playground(13 * 3600000LL, buf, sizeof buf);
	assert_memory_equal(buf + 11, "01", 2);
	timefmt_playground(11 * 3600000LL, buf, sizeof buf);
	assert_memory_equal(buf + 11, "11", 2);
}

static void cli_format_matches_flink_list(void **state)
{
	char buf[64];
	for (size_t i = 0; i < NTIMES; i++) {
		size_t n = timefmt_cli(times[i].ms, buf, sizeof buf);
		assert_string_equal(buf, times[i].cli);
		assert_int_equal(n, strlen(times[i].cli));
	}
}

static void formats_truncate_like_snprintf(void **state)
{
	char buf[8];
	size_t n = timefmt_playground(0, buf, sizeof buf);
	assert_int_equal(n, TIMEFMT_PLAYGROUND_LEN);
	assert_string_equal(buf, "01-01-1");
	assert_int_equal(timefmt_cli(0, NULL, 0), 19);
}

static void negative_and_huge_instants_format_without_crashing(void **state)
{
	char buf[64];
	timefmt_playground(-1, buf, sizeof buf);
	assert_string_equal(buf, "31-12-1969 11:59:59:999");
	timefmt_cli(-86400000LL, buf, sizeof buf);
	assert_string_equal(buf, "31.12.1969 00:00:00");
	assert_true(timefmt_playground(INT64_MAX, buf, sizeof buf) > 0);
	assert_true(timefmt_playground(INT64_MIN, buf, sizeof buf) > 0);
	assert_true(timefmt_cli(INT64_MIN, buf, sizeof buf) > 0);
}

static void parse_picks_the_half_day_closest_to_the_hint(void **state)
{
	int64_t ms = -1;
	/* "12:00:15" is 00:00:15 or 12:00:15; the hint decides. */
	assert_true(timefmt_parse_playground("01-01-1970 12:00:15:000", 23, 0, &ms));
	assert_int_equal(ms, 15000);
	assert_true(timefmt_parse_playground("01-01-1970 12:00:15:000", 23, 43200000LL, &ms));
	assert_int_equal(ms, 43215000LL);
	assert_true(timefmt_parse_playground("01-01-2020 01:05:07:089", 23, 1577836800000LL + 11 * 3600000LL, &ms));
	assert_int_equal(ms, 1577883907089LL);
	assert_true(timefmt_parse_playground("01-01-2020 01:05:07:089", 23, 1577836800000LL, &ms));
	assert_int_equal(ms, 1577836800000LL + 3600000LL + 307089LL);
}

static void parse_inverts_format_with_a_nearby_hint(void **state)
{
	char buf[64];
	for (size_t i = 0; i < NTIMES; i++) {
		size_t n = timefmt_playground(times[i].ms, buf, sizeof buf);
		for (int64_t off = -5 * 3600000LL; off <= 5 * 3600000LL; off += 3600000LL) {
			int64_t ms = -1;
			assert_true(timefmt_parse_playground(buf, n, times[i].ms + off, &ms));
			assert_int_equal(ms, times[i].ms);
		}
	}
	/* every ms step of 37 s over three days */
	for (int64_t t = 0; t < 3 * 86400000LL; t += 37001) {
		int64_t ms = -1;
		size_t n = timefmt_playground(t, buf, sizeof buf);
		assert_true(timefmt_parse_playground(buf, n, t + 3600000LL, &ms));
		assert_int_equal(ms, t);
	}
}

static void parse_rejects_malformed_text(void **state)
{
	static const char *const bad[] = {
		"01-01-1970 00:00:00:000",    /* hh is 01..12 */
		"01-01-1970 13:00:00:000",
		"32-01-1970 12:00:00:000",    /* no such day */
		"29-02-2023 12:00:00:000",    /* not a leap year */
		"01-13-1970 12:00:00:000",
		"01-01-1970 12:60:00:000",
		"01-01-1970 12:00:60:000",
		"01/01/1970 12:00:00:000",
		"01-01-1970T12:00:00:000",
		"01-01-1970 12:00:00.000",
		"1-01-1970 12:00:00:0000",
		"01-01-1970 12:00:00:00x",
		"01-01-1970 12:00:00:00",     /* 22 bytes */
		"01-01-1970 12:00:00:0000",   /* 24 bytes */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t ms = 77;
		assert_false(timefmt_parse_playground(bad[i], strlen(bad[i]), 0, &ms));
		assert_int_equal(ms, 77);
	}
	int64_t ms;
	assert_true(timefmt_parse_playground("29-02-2024 12:00:00:000", 23, 1709208000000LL, &ms));
	assert_int_equal(ms, 1709208000000LL);
}

static void page_table_is_the_generators_order(void **state)
{
	static const char *const pages[] = { "/help", "/index", "/shop", "/jobs", "/about", "/news" };
	assert_int_equal(CODEC_PAGES, 6);
	for (int i = 0; i < CODEC_PAGES; i++) {
		assert_string_equal(codec_page_name(i), pages[i]);
		assert_int_equal(codec_page_index(pages[i]), i);
	}
	assert_null(codec_page_name(-1));
	assert_null(codec_page_name(6));
	assert_int_equal(codec_page_index("/HELP"), -1);
	assert_int_equal(codec_page_index("/hel"), -1);
	assert_int_equal(codec_page_index(""), -1);
	assert_int_equal(codec_page_index(NULL), -1);
}

static void input_json_matches_the_playground_exactly(void **state)
{
	char buf[128];
	Record r = { .ts_ms = 0, .page = 0 };
	size_t n = codec_input_json(&r, buf, sizeof buf);
	assert_string_equal(buf, "{\"timestamp\":\"01-01-1970 12:00:00:000\",\"page\":\"/help\"}");
	assert_int_equal(n, strlen(buf));
	assert_int_equal(codec_input_json_len(&r), n);

	r = (Record){ .ts_ms = 1577883907089LL, .page = 4 };
	codec_input_json(&r, buf, sizeof buf);
	assert_string_equal(buf, "{\"timestamp\":\"01-01-2020 01:05:07:089\",\"page\":\"/about\"}");
}

static void output_json_matches_the_playground_exactly(void **state)
{
	char buf[256];
	Record r = { .ts_ms = 15000, .page = 3, .count = 1000 };
	size_t n = codec_output_json(&r, buf, sizeof buf);
	assert_string_equal(buf, "{\"windowStart\":\"01-01-1970 12:00:15:000\",\"windowEnd\":"
	                         "\"01-01-1970 12:00:30:000\",\"page\":\"/jobs\",\"count\":1000}");
	assert_int_equal(n, strlen(buf));
	assert_int_equal(codec_output_json_len(&r), n);
}

static void json_lengths_equal_the_formatted_lengths(void **state)
{
	static const int64_t ts[] = { 0, 15000, 43199999, 1577836800000LL, 253402300799999LL,
	                              253402300800000LL, -1, -62167219200001LL };
	static const int32_t counts[] = { 0, 7, 10, 999, 1000, 123456, INT32_MAX };
	char buf[256];
	for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++)
		for (int p = 0; p < CODEC_PAGES; p++)
			for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
				Record r = { .ts_ms = ts[i], .page = (uint8_t)p, .count = counts[c] };
				assert_int_equal(codec_input_json_len(&r), codec_input_json(&r, buf, sizeof buf));
				assert_int_equal(codec_output_json_len(&r), codec_output_json(&r, buf, sizeof buf));
			}
}

static void input_json_round_trips(void **state)
{
	char buf[128];
	/* the generator's own stream: event k has page k mod 6 and timestamp 15·(k/6) ms */
	for (int64_t k = 0; k < 200000; k += 7) {
		Record r = { .ts_ms = 15 * (k / 6), .page = (uint8_t)(k % 6) }, back;
		memset(&back, 0xAB, sizeof back);
		size_t n = codec_input_json(&r, buf, sizeof buf);
		assert_true(codec_parse_input(buf, n, r.ts_ms + 5 * 3600000LL, &back));
		assert_memory_equal(&back, &r, sizeof r);
	}
}

static void output_json_round_trips(void **state)
{
	char buf[256];
	uint64_t x = 88172645463325252ULL;   /* xorshift64: a fixed pseudo-random walk */
	for (int i = 0; i < 20000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		int64_t ts = (int64_t)(x % 4102444800000ULL);
		Record r = { .ts_ms = ts - ts % CLICK_WINDOW_MS, .page = (uint8_t)(x % 6),
		             .count = (int32_t)(x >> 33) }, back;
		memset(&back, 0xCD, sizeof back);
		size_t n = codec_output_json(&r, buf, sizeof buf);
		assert_true(codec_parse_output(buf, n, r.ts_ms - 4 * 3600000LL, &back));
		assert_memory_equal(&back, &r, sizeof r);
	}
}

static void parsers_reject_anything_but_the_exact_shapes(void **state)
{
	static const char *const bad_in[] = {
		"",
		"{}",
		"{\"timestamp\":\"01-01-1970 12:00:00:000\",\"page\":\"/help\"} ",
		" {\"timestamp\":\"01-01-1970 12:00:00:000\",\"page\":\"/help\"}",
		"{\"timestamp\": \"01-01-1970 12:00:00:000\",\"page\":\"/help\"}",
		"{\"page\":\"/help\",\"timestamp\":\"01-01-1970 12:00:00:000\"}",
		"{\"timestamp\":\"01-01-1970 12:00:00:000\",\"page\":\"/nope\"}",
		"{\"timestamp\":\"01-01-1970 12:00:00:000\",\"page\":\"/help",
		"{\"timestamp\":\"01-01-1970 00:00:00:000\",\"page\":\"/help\"}",
		"{\"timestamp\":\"01-01-1970 12:00:00:000\",\"Page\":\"/help\"}",
	};
	static const char *const bad_out[] = {
		"{\"windowStart\":\"01-01-1970 12:00:15:000\",\"windowEnd\":\"01-01-1970 12:00:45:000\",\"page\":\"/jobs\",\"count\":1000}",
		"{\"windowStart\":\"01-01-1970 12:00:15:000\",\"windowEnd\":\"01-01-1970 12:00:30:000\",\"page\":\"/jobs\",\"count\":01000}",
		"{\"windowStart\":\"01-01-1970 12:00:15:000\",\"windowEnd\":\"01-01-1970 12:00:30:000\",\"page\":\"/jobs\",\"count\":-1}",
		"{\"windowStart\":\"01-01-1970 12:00:15:000\",\"windowEnd\":\"01-01-1970 12:00:30:000\",\"page\":\"/jobs\",\"count\":}",
		"{\"windowStart\":\"01-01-1970 12:00:15:000\",\"windowEnd\":\"01-01-1970 12:00:30:000\",\"page\":\"/jobs\",\"count\":2147483648}",
		"{\"windowStart\":\"01-01-1970 12:00:15:000\",\"windowEnd\":\"01-01-1970 12:00:30:000\",\"page\":\"/jobs\",\"count\":1000",
		"{\"windowStart\":\"01-01-1970 12:00:15:000\",\"windowEnd\":\"01-01-1970 12:00:30:000\",\"page\":\"/jobs\",\"count\":1000}x",
		"{\"windowStart\":\"01-01-1970 12:00:15:000\",\"windowEnd\":\"01-01-1970 12:00:30:000\",\"page\":\"/jobs\",\"count\":1e3}",
		"{\"windowEnd\":\"01-01-1970 12:00:30:000\",\"windowStart\":\"01-01-1970 12:00:15:000\",\"page\":\"/jobs\",\"count\":1000}",
	};
	Record r = { .ts_ms = 42 }, keep = r;
	for (size_t i = 0; i < sizeof bad_in / sizeof bad_in[0]; i++) {
		assert_false(codec_parse_input(bad_in[i], strlen(bad_in[i]), 0, &r));
		assert_false(codec_parse_output(bad_in[i], strlen(bad_in[i]), 0, &r));
	}
	for (size_t i = 0; i < sizeof bad_out / sizeof bad_out[0]; i++) {
		assert_false(codec_parse_output(bad_out[i], strlen(bad_out[i]), 0, &r));
		assert_false(codec_parse_input(bad_out[i], strlen(bad_out[i]), 0, &r));
	}
	/* each parser rejects the other's valid shape */
	const char *in_ok = "{\"timestamp\":\"01-01-1970 12:00:00:000\",\"page\":\"/help\"}";
	assert_false(codec_parse_output(in_ok, strlen(in_ok), 0, &r));
	assert_memory_equal(&r, &keep, sizeof r);
	const char *ok = "{\"windowStart\":\"01-01-1970 12:00:15:000\",\"windowEnd\":\"01-01-1970 12:00:30:000\",\"page\":\"/jobs\",\"count\":2147483647}";
	assert_true(codec_parse_output(ok, strlen(ok), 0, &r));
	assert_int_equal(r.count, INT32_MAX);
	assert_int_equal(r.ts_ms, 15000);
	assert_false(codec_parse_input(ok, strlen(ok), 0, &r));
	/* a parse must read only n bytes: a valid prefix of a longer buffer is rejected */
	assert_false(codec_parse_output(ok, strlen(ok) - 1, 0, &r));
}

static void output_window_spanning_noon_parses_both_ends(void **state)
{
	/* 11:59:45–12:00:00 (AM→PM text "11:59:45" then "12:00:00"). */
	char buf[256];
	Record r = { .ts_ms = 43185000LL, .page = 5, .count = 1000 }, back;
	size_t n = codec_output_json(&r, buf, sizeof buf);
	assert_non_null(strstr(buf, "\"windowStart\":\"01-01-1970 11:59:45:000\",\"windowEnd\":\"01-01-1970 12:00:00:000\""));
	assert_true(codec_parse_output(buf, n, 43185000LL, &back));
	assert_memory_equal(&back, &r, sizeof r);
	/* 23:59:45–00:00:00 next day */
	r.ts_ms = 86385000LL;
	n = codec_output_json(&r, buf, sizeof buf);
	assert_non_null(strstr(buf, "\"windowStart\":\"01-01-1970 11:59:45:000\",\"windowEnd\":\"02-01-1970 12:00:00:000\""));
	assert_true(codec_parse_output(buf, n, 86385000LL, &back));
	assert_memory_equal(&back, &r, sizeof r);
}

static void serialized_sizes_follow_flinks_pojo_layout(void **state)
{
	static const size_t page_len[6] = { 5, 6, 5, 5, 6, 5 };
	for (int p = 0; p < CODEC_PAGES; p++) {
		Record r = { .ts_ms = 1, .page = (uint8_t)p, .count = 1000 };
		assert_int_equal(codec_input_serialized_bytes(&r), 4 + 8 + 1 + 2 + page_len[p]);
		assert_int_equal(codec_output_serialized_bytes(&r), 4 + 8 + 8 + 2 + page_len[p] + 8 + 1);
		assert_int_equal(codec_input_json_len(&r), 49 + page_len[p]);
	}
}

/* The tables of the bulk paths say what the per-record functions say, for every page and
 * for timestamps inside and outside the four-digit years. */
static void tables_of_runs_match_the_per_record_sizes(void **state)
{
	(void)state;
	static const int64_t stamps[] = { 0, 1577836800000LL, -62167219200001LL, -62167219200000LL,
	                                  253402300799999LL, 253402300800000LL, -1 };
	Record recs[6 * 7];
	size_t n = 0;
	uint64_t want = 0;
	for (int p = 0; p < CODEC_PAGES; p++)
		for (size_t i = 0; i < sizeof stamps / sizeof stamps[0]; i++) {
			recs[n] = (Record){ .ts_ms = stamps[i], .page = (uint8_t)p };
			assert_int_equal(codec_input_bytes_of_page[p], codec_input_serialized_bytes(&recs[n]));
			if (stamps[i] >= 0 && stamps[i] < 253402300800000LL)
				assert_int_equal(codec_input_json_bytes_of_page[p], codec_input_json_len(&recs[n]));
			want += codec_input_json_len(&recs[n]);
			n++;
		}
	assert_int_equal(codec_input_json_len_run(recs, n), want);
	for (int p = CODEC_PAGES; p < 256; p++)
		assert_int_equal(codec_input_bytes_of_page[p], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(playground_format_matches_jackson),
		cmocka_unit_test(playground_format_prints_12_for_midnight_and_noon_and_01_for_1pm),
		cmocka_unit_test(cli_format_matches_flink_list),
		cmocka_unit_test(formats_truncate_like_snprintf),
		cmocka_unit_test(negative_and_huge_instants_format_without_crashing),
		cmocka_unit_test(parse_picks_the_half_day_closest_to_the_hint),
		cmocka_unit_test(parse_inverts_format_with_a_nearby_hint),
		cmocka_unit_test(parse_rejects_malformed_text),
		cmocka_unit_test(page_table_is_the_generators_order),
		cmocka_unit_test(input_json_matches_the_playground_exactly),
		cmocka_unit_test(output_json_matches_the_playground_exactly),
		cmocka_unit_test(json_lengths_equal_the_formatted_lengths),
		cmocka_unit_test(input_json_round_trips),
		cmocka_unit_test(output_json_round_trips),
		cmocka_unit_test(parsers_reject_anything_but_the_exact_shapes),
		cmocka_unit_test(output_window_spanning_noon_parses_both_ends),
		cmocka_unit_test(serialized_sizes_follow_flinks_pojo_layout),
		cmocka_unit_test(tables_of_runs_match_the_per_record_sizes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
