/* test_check.c — the window checker must notice every broken output history.
 *
 * Each test builds an output topic by hand (15 s windows, six pages, 1000 clicks each),
 * breaks it the way a faulty pipeline would — a lost window, a count of 999, a duplicate,
 * an empty topic, a gap in the middle — and expects the report to say so. Crafted input —
 * window starts of INT64_MIN or near INT64_MAX, windows a hundred million windows apart — must
 * give an exact report in bounded memory, with no undefined behaviour. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "check/windows.h"

#define W 15000                   /* window length, ms */
#define PAGES 6

typedef struct History {
	KafkaRecordView r[1024];      /* the output topic */
	size_t n;
} History;

static void add(History *h, int64_t start, int page, int64_t count)
{
	assert_true(h->n < sizeof h->r / sizeof h->r[0]);
	h->r[h->n] = (KafkaRecordView){ .partition = (int)(h->n % 2), .offset = (int64_t)(h->n / 2),
	                                .ts_ms = start, .end_ms = start + W, .page = page, .count = count };
	h->n++;
}

/* windows × pages records, all counting 1000, skipping (skip_window, skip_page); -1 skips nothing,
 * skip_page -1 with a window skips the whole window. */
static History *healthy(int windows, int skip_window, int skip_page)
{
	History *h = calloc(1, sizeof *h);
	assert_non_null(h);
	for (int w = 0; w < windows; w++)
		for (int p = 0; p < PAGES; p++)
			if (!(w == skip_window && (skip_page < 0 || p == skip_page)))
				add(h, (int64_t)w * W, p, 1000);
	return h;
}

static void judge(const History *h, WindowReport *r)
{
	WindowCheckOptions o;
	window_check_options_default(&o);
	assert_true(check_windows(h->r, h->n, &o, r));
}

static void test_healthy_history_is_ok(void **state)
{
	(void)state;
	History *h = healthy(10, -1, 0);
	WindowReport r;
	judge(h, &r);
	assert_true(r.ok);
	assert_int_equal(r.windows, 10);
	assert_int_equal(r.first_ms, 0);
	assert_int_equal(r.last_ms, 9 * W);
	assert_int_equal(r.window_ms, W);
	assert_int_equal(r.nmissing, 0);
	assert_int_equal(r.nwrong, 0);
	assert_int_equal(r.duplicates, 0);
	assert_string_equal(r.summary, "10 windows × 6 pages: all 1000, no duplicates");
	window_report_free(&r);
	free(h);
}

static void test_missing_page_of_a_window_is_reported(void **state)
{
	(void)state;
	History *h = healthy(10, 3, 2);
	WindowReport r;
	judge(h, &r);
	assert_false(r.ok);
	assert_int_equal(r.windows, 10);
	assert_int_equal(r.nmissing, 1);
	assert_int_equal(r.missing[0].window_start_ms, 3 * W);
	assert_int_equal(r.missing[0].page, 2);
	assert_non_null(strstr(r.summary, "1 missing (window 01-01-1970 12:00:45:000 /shop)"));
	window_report_free(&r);
	free(h);
}

static void test_count_of_999_is_reported_once(void **state)
{
	(void)state;
	History *h = healthy(10, 2, 0);
	add(h, 2 * W, 0, 999);
	add(h, 2 * W, 0, 999);        /* the same wrong record twice: one wrong, one duplicate */
	WindowReport r;
	judge(h, &r);
	assert_false(r.ok);
	assert_int_equal(r.nmissing, 0);
	assert_int_equal(r.nwrong, 1);
	assert_int_equal(r.wrong[0].window_start_ms, 2 * W);
	assert_int_equal(r.wrong[0].page, 0);
	assert_int_equal(r.wrong[0].count, 999);
	assert_int_equal(r.duplicates, 1);
	assert_string_equal(r.summary, "10 windows × 6 pages: 1 wrong (window 01-01-1970 12:00:30:000 /help: 999), 1 duplicate");
	window_report_free(&r);
	free(h);
}

static void test_duplicate_record_is_counted_but_ok(void **state)
{
	(void)state;
	History *h = healthy(10, -1, 0);
	add(h, 1 * W, 4, 1000);
	add(h, 7 * W, 5, 1000);
	add(h, 7 * W, 5, 1000);
	WindowReport r;
	judge(h, &r);
	assert_true(r.ok);                 /* duplicates are reported, not failed */
	assert_int_equal(r.duplicates, 3);
	assert_int_equal(r.ndups, 2);
	assert_int_equal(r.dups[0].window_start_ms, 1 * W);
	assert_int_equal(r.dups[0].page, 4);
	assert_int_equal(r.dups[0].extra, 1);
	assert_int_equal(r.dups[1].extra, 2);
	assert_string_equal(r.summary, "10 windows × 6 pages: all 1000, 3 duplicates");
	window_report_free(&r);
	free(h);
}

static void test_duplicate_with_another_count_is_wrong(void **state)
{
	(void)state;
	History *h = healthy(4, -1, 0);
	add(h, 1 * W, 3, 1001);
	WindowReport r;
	judge(h, &r);
	assert_false(r.ok);
	assert_int_equal(r.nwrong, 1);
	assert_int_equal(r.wrong[0].count, 1001);
	assert_int_equal(r.duplicates, 1);
	window_report_free(&r);
	free(h);
}

static void test_empty_topic_is_not_ok(void **state)
{
	(void)state;
	History h = { .n = 0 };
	WindowReport r;
	judge(&h, &r);
	assert_false(r.ok);
	assert_int_equal(r.windows, 0);
	assert_int_equal(r.first_ms, -1);
	assert_int_equal(r.last_ms, -1);
	assert_string_equal(r.summary, "the topic is empty: no windows to judge");
	window_report_free(&r);
}

static void test_gap_in_the_middle_is_reported(void **state)
{
	(void)state;
	History *h = healthy(10, 5, -1);   /* window 5 lost entirely */
	WindowReport r;
	judge(h, &r);
	assert_false(r.ok);
	assert_int_equal(r.windows, 10);
	assert_int_equal(r.nmissing, PAGES);
	for (int p = 0; p < PAGES; p++) {
		assert_int_equal(r.missing[p].window_start_ms, 5 * W);
		assert_int_equal(r.missing[p].page, p);
	}
	assert_non_null(strstr(r.summary, "6 missing (window 01-01-1970 12:01:15:000 /help)"));
	window_report_free(&r);
	free(h);
}

static void test_lost_first_page_of_the_first_window(void **state)
{
	(void)state;
	History *h = healthy(5, 0, 0);
	WindowReport r;
	judge(h, &r);
	assert_false(r.ok);
	assert_int_equal(r.first_ms, 0);
	assert_int_equal(r.nmissing, 1);
	assert_int_equal(r.missing[0].window_start_ms, 0);
	window_report_free(&r);
	free(h);
}

static void test_incomplete_tail_is_not_judged(void **state)
{
	(void)state;
	History *h = healthy(5, -1, 0);
	add(h, 5 * W, 0, 1000);            /* the newest window is still being written */
	add(h, 5 * W, 1, 1000);
	WindowReport r;
	judge(h, &r);
	assert_true(r.ok);
	assert_int_equal(r.windows, 5);
	assert_int_equal(r.last_ms, 4 * W);
	window_report_free(&r);
	free(h);
}

static void test_no_complete_window_is_not_ok(void **state)
{
	(void)state;
	History h = { .n = 0 };
	add(&h, 0, 0, 1000);
	add(&h, 0, 1, 1000);
	WindowReport r;
	judge(&h, &r);
	assert_false(r.ok);
	assert_int_equal(r.windows, 0);
	assert_non_null(strstr(r.summary, "no complete window"));
	window_report_free(&r);
}

static void test_order_of_records_does_not_matter(void **state)
{
	(void)state;
	History *h = healthy(8, 6, 1), *rev = calloc(1, sizeof *rev);
	assert_non_null(rev);
	for (size_t i = 0; i < h->n; i++)
		rev->r[rev->n++] = h->r[h->n - 1 - i];
	WindowReport a, b;
	judge(h, &a);
	judge(rev, &b);
	assert_string_equal(a.summary, b.summary);
	assert_int_equal(a.nmissing, 1);
	assert_int_equal(b.nmissing, 1);
	assert_int_equal(b.missing[0].window_start_ms, 6 * W);
	window_report_free(&a);
	window_report_free(&b);
	free(h);
	free(rev);
}

static void test_window_off_the_grid_is_wrong(void **state)
{
	(void)state;
	History *h = healthy(6, -1, 0);
	add(h, 2 * W + 5000, 3, 1000);     /* a window that cannot exist */
	WindowReport r;
	judge(h, &r);
	assert_false(r.ok);
	assert_int_equal(r.nwrong, 1);
	assert_int_equal(r.wrong[0].window_start_ms, 2 * W + 5000);
	window_report_free(&r);
	free(h);
}

static void test_options_pages_and_expected(void **state)
{
	(void)state;
	History h = { .n = 0 };
	for (int w = 0; w < 3; w++)
		for (int p = 0; p < 3; p++)
			add(&h, (int64_t)w * W, p, 500);
	WindowCheckOptions o = { .expected = 500, .pages = 3 };
	WindowReport r;
	assert_true(check_windows(h.r, h.n, &o, &r));
	assert_true(r.ok);
	assert_string_equal(r.summary, "3 windows × 3 pages: all 500, no duplicates");
	window_report_free(&r);
	o.expected = 1000;
	assert_true(check_windows(h.r, h.n, &o, &r));
	assert_false(r.ok);
	assert_int_equal(r.nwrong, 9);
	window_report_free(&r);
}

static void test_input_records_are_not_windows(void **state)
{
	(void)state;
	KafkaRecordView in[3] = {
		{ .ts_ms = 0, .page = 0 }, { .offset = 1, .ts_ms = 15, .page = 1 }, { .offset = 2, .ts_ms = 30, .page = 2 },
	};
	WindowCheckOptions o;
	window_check_options_default(&o);
	WindowReport r;
	assert_true(check_windows(in, 3, &o, &r));
	assert_false(r.ok);
	assert_int_equal(r.windows, 0);
	window_report_free(&r);
}

static void test_window_format_is_the_playgrounds(void **state)
{
	(void)state;
	char buf[40];
	assert_string_equal(check_format_window(0, buf, sizeof buf), "01-01-1970 12:00:00:000");
	assert_string_equal(check_format_window(75000, buf, sizeof buf), "01-01-1970 12:01:15:000");
	assert_string_equal(check_format_window(13 * 3600000 + 5 * 60000 + 7, buf, sizeof buf), "01-01-1970 01:05:00:007");
	assert_string_equal(check_format_window(1577836800000, buf, sizeof buf), "01-01-2020 12:00:00:000");
}

/* A record built by hand, for starts whose start + W would itself overflow. */
static void add_raw(History *h, int64_t start, int64_t end, int page, int64_t count)
{
	assert_true(h->n < sizeof h->r / sizeof h->r[0]);
	h->r[h->n++] = (KafkaRecordView){ .offset = (int64_t)h->n, .ts_ms = start, .end_ms = end,
	                                  .page = page, .count = count };
}

static void test_extreme_window_starts_are_wrong_not_undefined(void **state)
{
	(void)state;
	History *h = healthy(4, -1, 0);
	add_raw(h, INT64_MIN, INT64_MIN + W, 0, 1000);          /* a start of INT64_MIN */
	add_raw(h, INT64_MAX - 1000, INT64_MAX, 1, 1000);       /* start + 15000 would overflow */
	add_raw(h, -W, 0, 2, 1000);                             /* before 1970 */
	add_raw(h, 0, INT64_MAX, 3, 1000);                      /* a window as long as int64 allows */
	WindowReport r;
	judge(h, &r);
	assert_false(r.ok);
	assert_int_equal(r.windows, 4);                         /* the grid is the healthy one */
	assert_int_equal(r.first_ms, 0);
	assert_int_equal(r.last_ms, 3 * W);
	assert_int_equal(r.window_ms, W);
	assert_int_equal(r.missing_total, 0);
	assert_int_equal(r.nwrong, 3);                          /* sorted: the extremes first and last */
	assert_true(r.wrong[0].window_start_ms == INT64_MIN);
	assert_int_equal(r.wrong[1].window_start_ms, -W);
	assert_true(r.wrong[2].window_start_ms == INT64_MAX - 1000);
	assert_int_equal(r.duplicates, 1);                      /* (0, /jobs) twice */
	assert_non_null(strstr(r.summary, "4 windows × 6 pages: 3 wrong"));
	window_report_free(&r);
	free(h);
}

static void test_far_apart_windows_cost_what_the_records_cost(void **state)
{
	(void)state;
	/* One window of 1970 and ten of 2020, as a processing-time job restored from a savepoint
	 * holding a window of 1970 writes them: 105 million grid windows lie between. */
	const int64_t y2020 = 1577836800000;
	History *h = healthy(1, -1, 0);
	for (int w = 0; w < 10; w++)
		for (int p = 0; p < PAGES; p++)
			add(h, y2020 + (int64_t)w * W, p, 1000);
	WindowReport r;
	judge(h, &r);
	int64_t windows = (y2020 + 9 * W) / W + 1;
	assert_false(r.ok);
	assert_true(r.windows == windows);
	assert_true(r.missing_total == (windows - 11) * PAGES);  /* exact, though not all listed */
	assert_true(r.nmissing <= (size_t)PAGES * (h->n + 1));
	assert_int_equal(r.missing[0].window_start_ms, W);
	assert_int_equal(r.missing[r.nmissing - 1].page, PAGES - 1);
	assert_int_equal(r.nwrong, 0);
	assert_non_null(strstr(r.summary, "631134714 missing (window 01-01-1970 12:00:15:000 /help)"));
	window_report_free(&r);

	History *far = calloc(1, sizeof *far);          /* the whole range at a 1 ms grid */
	assert_non_null(far);
	for (int p = 0; p < PAGES; p++) {
		add_raw(far, 0, 1, p, 1000);
		add_raw(far, CHECK_MAX_WINDOW_START_MS, CHECK_MAX_WINDOW_START_MS + 1, p, 1000);
	}
	judge(far, &r);
	assert_true(r.windows == CHECK_MAX_WINDOW_START_MS + 1);
	assert_true(r.missing_total == (CHECK_MAX_WINDOW_START_MS - 1) * PAGES);
	assert_true(r.nmissing <= (size_t)PAGES * (far->n + 1));
	window_report_free(&r);
	free(far);
	free(h);
}

static void test_pages_option_out_of_range_is_refused(void **state)
{
	(void)state;
	History *h = healthy(2, -1, 0);
	WindowCheckOptions o = { .expected = 1000, .pages = CHECK_MAX_PAGES + 1 };
	WindowReport r;
	assert_false(check_windows(h->r, h->n, &o, &r));
	assert_null(r.missing);
	o.pages = -1;
	assert_false(check_windows(h->r, h->n, &o, &r));
	free(h);
}

/* Clicks the generator's producer dropped may be missing, and only those: events
 * 17990 … 18014 are 10 clicks of window 2 (pages 2–5 twice, /help and /index once) and
 * 15 of window 3 (pages 0–2 three times, 3–5 twice). */
static void test_dropped_clicks_excuse_only_themselves(void **state)
{
	(void)state;
	History *h = calloc(1, sizeof *h);
	assert_non_null(h);
	static const int64_t counts[2][PAGES] = { { 997, 999, 998, 1000, 998, 998 },
	                                          { 997, 997, 998, 998, 999, 1000 } };
	for (int w = 0; w < 5; w++)
		for (int p = 0; p < PAGES; p++)
			add(h, (int64_t)w * W, p, w == 2 || w == 3 ? counts[w - 2][p] : 1000);
	SimClickRange drop = { 17990, 25 };
	WindowCheckOptions o;
	window_check_options_default(&o);
	WindowReport r;
	assert_true(check_windows(h->r, h->n, &o, &r));          /* without them: 10 short counts */
	assert_false(r.ok);
	assert_int_equal(r.nwrong, 10);
	window_report_free(&r);
	o.dropped = &drop;
	o.ndropped = 1;
	assert_true(check_windows(h->r, h->n, &o, &r));          /* /help of window 2 lost 1, not 3 */
	assert_false(r.ok);
	assert_int_equal(r.nwrong, 1);
	assert_int_equal(r.wrong[0].window_start_ms, 2 * W);
	assert_int_equal(r.wrong[0].page, 0);
	assert_int_equal(r.dropped, 25);
	assert_string_equal(r.summary, "5 windows × 6 pages: 1 wrong (window 01-01-1970 12:00:30:000 /help: 997); "
	                               "the generator's producer dropped 25 clicks");
	window_report_free(&r);
	h->r[2 * PAGES].count = 999;                             /* 1 of its 1 dropped: right */
	h->r[4 * PAGES + 5].count = 1001;                        /* more than the generator made: wrong */
	assert_true(check_windows(h->r, h->n, &o, &r));
	assert_int_equal(r.nwrong, 1);
	assert_int_equal(r.wrong[0].count, 1001);
	window_report_free(&r);
	h->r[4 * PAGES + 5].count = 1000;
	assert_true(check_windows(h->r, h->n, &o, &r));
	assert_true(r.ok);
	assert_int_equal(r.excused, 19);                         /* 8 of window 2, 11 of window 3 */
	assert_string_equal(r.summary, "5 windows × 6 pages: all 1000 but for 19 clicks the generator's producer dropped, "
	                               "no duplicates");
	window_report_free(&r);
	free(h);
}

/* A window whose every click the generator's producer dropped is in neither topic: excused,
 * as a run of windows without records or as one page of a window — but only when every
 * click of it was dropped. Window 2 holds events 12000 … 17999. */
static void test_wholly_dropped_window_is_excused(void **state)
{
	(void)state;
	History *h = calloc(1, sizeof *h);
	assert_non_null(h);
	for (int w = 0; w < 6; w++)
		for (int p = 0; p < PAGES; p++)
			if (w != 2 && !(w == 3 && p == 0))
				add(h, (int64_t)w * W, p, 1000);
	SimClickRange drop = { 12000, 6000 };
	WindowCheckOptions o;
	window_check_options_default(&o);
	WindowReport r;
	assert_true(check_windows(h->r, h->n, &o, &r));          /* without the option: all missing */
	assert_int_equal(r.missing_total, PAGES + 1);
	window_report_free(&r);
	o.dropped = &drop;
	o.ndropped = 1;
	assert_true(check_windows(h->r, h->n, &o, &r));          /* window 2 excused, 3 /help is not */
	assert_false(r.ok);
	assert_int_equal(r.missing_total, 1);
	assert_int_equal(r.missing[0].window_start_ms, 3 * W);
	assert_int_equal(r.missing[0].page, 0);
	window_report_free(&r);
	add(h, 3 * W, 0, 1000);
	assert_true(check_windows(h->r, h->n, &o, &r));
	assert_true(r.ok);
	assert_int_equal(r.excused, 6000);
	window_report_free(&r);
	drop.n = 5999;                                           /* one click of window 2 was not dropped */
	assert_true(check_windows(h->r, h->n, &o, &r));
	assert_false(r.ok);
	assert_int_equal(r.missing_total, 1);
	assert_int_equal(r.missing[0].window_start_ms, 2 * W);
	window_report_free(&r);
	drop = (SimClickRange){ 12000 - 6000, 3 * 6000 };        /* windows 1, 2 and 3 "dropped" */
	assert_true(check_windows(h->r, h->n, &o, &r));          /* (a batch given up on may have landed) */
	assert_true(r.ok);
	assert_int_equal(r.excused, 6000);                       /* only window 2 lacks them */
	window_report_free(&r);
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_healthy_history_is_ok),
		cmocka_unit_test(test_missing_page_of_a_window_is_reported),
		cmocka_unit_test(test_count_of_999_is_reported_once),
		cmocka_unit_test(test_duplicate_record_is_counted_but_ok),
		cmocka_unit_test(test_duplicate_with_another_count_is_wrong),
		cmocka_unit_test(test_empty_topic_is_not_ok),
		cmocka_unit_test(test_gap_in_the_middle_is_reported),
		cmocka_unit_test(test_lost_first_page_of_the_first_window),
		cmocka_unit_test(test_incomplete_tail_is_not_judged),
		cmocka_unit_test(test_no_complete_window_is_not_ok),
		cmocka_unit_test(test_order_of_records_does_not_matter),
		cmocka_unit_test(test_window_off_the_grid_is_wrong),
		cmocka_unit_test(test_options_pages_and_expected),
		cmocka_unit_test(test_input_records_are_not_windows),
		cmocka_unit_test(test_dropped_clicks_excuse_only_themselves),
		cmocka_unit_test(test_wholly_dropped_window_is_excused),
		cmocka_unit_test(test_window_format_is_the_playgrounds),
		cmocka_unit_test(test_extreme_window_starts_are_wrong_not_undefined),
		cmocka_unit_test(test_far_apart_windows_cost_what_the_records_cost),
		cmocka_unit_test(test_pages_option_out_of_range_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
