/*
 * windows.c — the window checker (see windows.h for what is judged and why).
 *
 * Works on a sorted copy of the records: one pass counts duplicates over every record,
 * one merge walk over the judged grid finds missing and wrong (window, page) pairs.
 * Owns nothing after returning except the report's arrays.
 */
#include "windows.h"

#include "../core/timefmt.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Entry {
	int64_t start;      /* window start, ms */
	int64_t count;      /* clicks the record carries */
	int     page;       /* page index */
} Entry;

void window_check_options_default(WindowCheckOptions *o)
{
	o->expected = 1000;
	o->pages = 6;
}

static int entry_cmp(const void *a, const void *b)
{
	const Entry *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->page != y->page)
		return x->page < y->page ? -1 : 1;
	if (x->count != y->count)
		return x->count < y->count ? -1 : 1;
	return 0;
}

char *check_format_window(int64_t ms, char *buf, size_t len)
{
	timefmt_playground(ms, buf, len);
	return buf;
}

static const char *page_label(int page)
{
	const char *name = page >= 0 && page < sim_page_count() ? sim_page_name(page) : NULL;
	return name ? name : "(unknown page)";
}

/* Smallest positive window length among the records; 0 when no record is a window. */
static int64_t window_length(const KafkaRecordView *recs, size_t n)
{
	int64_t len = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t l = recs[i].end_ms - recs[i].ts_ms;
		if (l > 0 && (len == 0 || l < len))
			len = l;
	}
	return len;
}

/* The latest on-grid window start for which every page 0..pages-1 has a record, or -1. */
static int64_t last_complete(const Entry *e, size_t n, int64_t first, int64_t len, int pages)
{
	int64_t last = -1;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		int seen = 0, prev = -1;
		while (j < n && e[j].start == e[i].start) {
			if (e[j].page >= 0 && e[j].page < pages && e[j].page != prev)
				seen++;
			prev = e[j].page;
			j++;
		}
		if (seen == pages && (e[i].start - first) % len == 0)
			last = e[i].start;
		i = j;
	}
	return last;
}

/* Arrays are sized for the worst case up front (dups and wrong ≤ records). */
static void count_duplicates(const Entry *e, size_t n, WindowReport *r)
{
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && e[j].start == e[i].start && e[j].page == e[i].page)
			j++;
		if (j - i > 1) {
			WindowDuplicate d = { e[i].start, e[i].page, (int64_t)(j - i - 1) };
			r->duplicates += d.extra;
			r->dups[r->ndups++] = d;
		}
		i = j;
	}
}

/* Adds e as wrong unless it repeats the previous wrong entry (same window, page and count). */
static void add_wrong(WindowReport *r, const Entry *e)
{
	WindowWrong w = { e->start, e->page, e->count };
	if (r->nwrong > 0) {
		const WindowWrong *p = &r->wrong[r->nwrong - 1];
		if (p->window_start_ms == w.window_start_ms && p->page == w.page && p->count == w.count)
			return;
	}
	r->wrong[r->nwrong++] = w;
}

/* Merge walk of the judged grid [first, last] against the sorted entries. */
static void judge_range(const Entry *e, size_t n, WindowReport *r)
{
	size_t i = 0;
	for (int64_t w = r->first_ms; w <= r->last_ms; w += r->window_ms) {
		for (; i < n && e[i].start < w; i++)        /* off the grid */
			add_wrong(r, &e[i]);
		for (int p = 0; p < r->pages; p++) {
			for (; i < n && e[i].start == w && e[i].page < p; i++)   /* unknown page */
				add_wrong(r, &e[i]);
			size_t j = i;
			for (; j < n && e[j].start == w && e[j].page == p; j++)
				if (e[j].count != r->expected)
					add_wrong(r, &e[j]);
			if (j == i)
				r->missing[r->nmissing++] = (WindowMissing){ w, p };
			i = j;
		}
		for (; i < n && e[i].start == w; i++)        /* pages beyond the judged ones */
			add_wrong(r, &e[i]);
	}
}

static void summarize(WindowReport *r)
{
	char *s = r->summary, when[40];
	size_t len = sizeof r->summary;
	if (r->records == 0) {
		snprintf(s, len, "the topic is empty: no windows to judge");
		return;
	}
	if (r->windows == 0) {
		snprintf(s, len, "%" PRId64 " records but no complete window (every one of %d pages needs a record)",
		         r->records, r->pages);
		return;
	}
	int n = snprintf(s, len, "%" PRId64 " windows × %d pages: ", r->windows, r->pages);
	if (r->ok)
		n += snprintf(s + n, len - (size_t)n, "all %" PRId64, r->expected);
	if (r->nmissing > 0) {
		const WindowMissing *m = &r->missing[0];
		n += snprintf(s + n, len - (size_t)n, "%zu missing (window %s %s)", r->nmissing,
		              check_format_window(m->window_start_ms, when, sizeof when), page_label(m->page));
	}
	if (r->nwrong > 0) {
		const WindowWrong *w = &r->wrong[0];
		n += snprintf(s + n, len - (size_t)n, "%s%zu wrong (window %s %s: %" PRId64 ")",
		              r->nmissing ? ", " : "", r->nwrong,
		              check_format_window(w->window_start_ms, when, sizeof when), page_label(w->page), w->count);
	}
	if (r->duplicates > 0 && (size_t)n < len)
		snprintf(s + n, len - (size_t)n, ", %" PRId64 " duplicate%s", r->duplicates,
		         r->duplicates == 1 ? "" : "s");
	else if ((size_t)n < len && r->ok)
		snprintf(s + n, len - (size_t)n, ", no duplicates");
}

bool check_windows(const KafkaRecordView *recs, size_t n, const WindowCheckOptions *o,
                   WindowReport *r)
{
	memset(r, 0, sizeof *r);
	r->first_ms = r->last_ms = -1;
	r->pages = o->pages;
	r->expected = o->expected;
	r->records = (int64_t)n;
	r->window_ms = window_length(recs, n);
	Entry *e = malloc((n ? n : 1) * sizeof *e);
	r->wrong = malloc((n ? n : 1) * sizeof *r->wrong);
	r->dups = malloc((n ? n : 1) * sizeof *r->dups);
	if (!e || !r->wrong || !r->dups)
		goto err_free;
	size_t ne = 0;
	for (size_t i = 0; i < n; i++)
		if (recs[i].end_ms > recs[i].ts_ms)          /* only windows are judged */
			e[ne++] = (Entry){ recs[i].ts_ms, recs[i].count, recs[i].page };
	qsort(e, ne, sizeof *e, entry_cmp);
	count_duplicates(e, ne, r);
	if (ne > 0 && o->pages > 0) {
		r->first_ms = e[0].start;
		r->last_ms = last_complete(e, ne, r->first_ms, r->window_ms, o->pages);
		if (r->last_ms < 0)
			r->first_ms = -1;
	}
	if (r->last_ms >= 0) {
		r->windows = (r->last_ms - r->first_ms) / r->window_ms + 1;
		r->missing = malloc((size_t)r->windows * (size_t)o->pages * sizeof *r->missing);
		if (!r->missing)
			goto err_free;
		judge_range(e, ne, r);
	}
	r->ok = r->windows > 0 && r->nmissing == 0 && r->nwrong == 0;
	summarize(r);
	free(e);
	return true;

err_free:
	free(e);
	window_report_free(r);
	return false;
}

void window_report_free(WindowReport *r)
{
	free(r->missing);
	free(r->wrong);
	free(r->dups);
	r->missing = NULL;
	r->wrong = NULL;
	r->dups = NULL;
	r->nmissing = r->nwrong = r->ndups = 0;
}
