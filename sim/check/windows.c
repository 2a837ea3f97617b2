/*
 * windows.c — the window checker (see windows.h for what is judged and why).
 *
 * Works on a sorted copy of the records: one pass counts duplicates over every record,
 * one merge walk over the judged grid finds missing and wrong (window, page) pairs. The walk
 * jumps over stretches of the grid without records and counts their missing pairs without
 * listing them all, so a topic holding a window of 1970 and one of 2020 (a hundred million
 * windows apart) costs what its records cost. Owns nothing after returning except the
 * report's arrays.
 */
#include "windows.h"

#include "../core/timefmt.h"
#include "../gen/generator.h"

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
	o->dropped = NULL;
	o->ndropped = 0;
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

static bool start_in_range(int64_t start)
{
	return start >= 0 && start <= CHECK_MAX_WINDOW_START_MS;
}

/* Smallest positive window length among the judged records; 0 when there is none. The
 * start is in range (≥ 0) and end > start, so end − start cannot overflow. */
static int64_t window_length(const KafkaRecordView *recs, size_t n)
{
	int64_t len = 0;
	for (size_t i = 0; i < n; i++) {
		if (recs[i].end_ms <= recs[i].ts_ms || !start_in_range(recs[i].ts_ms))
			continue;
		int64_t l = recs[i].end_ms - recs[i].ts_ms;
		if (len == 0 || l < len)
			len = l;
	}
	return len;
}

/* The latest on-grid window start for which every page 0..pages-1 has a record, or -1.
 * Every start is in range and ≥ first, so start − first cannot overflow. */
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

/* Judging state: the grid and the bound on how many missing pairs are listed. */
typedef struct Judge {
	WindowReport *r;
	const WindowCheckOptions *o;
	size_t listed_max;          /* missing pairs listed at most: pages × (records + 1) */
	size_t cap;                 /* allocated entries of r->missing */
	bool   oom;                 /* an allocation failed */
} Judge;

/* Counts the missing pair (w, page) and lists it while the list is below its bound. */
static void add_missing(Judge *jd, int64_t w, int page)
{
	WindowReport *r = jd->r;
	r->missing_total++;
	if (r->nmissing == jd->listed_max || jd->oom)
		return;
	if (r->nmissing == jd->cap) {
		size_t cap = jd->cap ? 2 * jd->cap : 64;
		if (cap > jd->listed_max)
			cap = jd->listed_max;
		WindowMissing *m = realloc(r->missing, cap * sizeof *m);
		if (!m) {
			jd->oom = true;
			return;
		}
		r->missing = m;
		jd->cap = cap;
	}
	r->missing[r->nmissing++] = (WindowMissing){ w, page };
}

/* Clicks of page p in window [w, w + len) that the generator's producer dropped. Event k has
 * timestamp 15·⌊k/6⌋ ms, so the window holds events 6·⌈w/15⌉ … 6·⌈(w + len)/15⌉ − 1. */
static int64_t dropped_in(const Judge *jd, int64_t w, int p)
{
	int64_t lo = 6 * ((w + 14) / 15), hi = 6 * ((w + jd->r->window_ms + 14) / 15), n = 0;
	for (size_t i = 0; i < jd->o->ndropped; i++) {
		const SimClickRange *d = &jd->o->dropped[i];
		int64_t a = d->first_k > lo ? d->first_k : lo;
		int64_t b = d->first_k + d->n < hi ? d->first_k + d->n : hi;
		if (a >= b)
			continue;
		int64_t counts[CLICK_PAGES];
		generator_page_counts(a, b - a, counts);
		n += p < CLICK_PAGES ? counts[p] : 0;
	}
	return n;
}

/* Grid windows k_from..k_to-1 hold no record and lost no click: every page of each is
 * missing. Listing stops at the bound, counting does not loop: the rest is added in one step. */
static void add_missing_plain(Judge *jd, int64_t k_from, int64_t k_to)
{
	WindowReport *r = jd->r;
	int64_t k = k_from;
	for (; k < k_to && r->nmissing < jd->listed_max && !jd->oom; k++)
		for (int p = 0; p < r->pages; p++)
			add_missing(jd, r->first_ms + k * r->window_ms, p);
	r->missing_total += (k_to - k) * r->pages;
}

/* The pair (w, page) has no record: missing — unless the generator's producer dropped every
 * click of it, so that the job had nothing to count (only with the dropped option). */
static void judge_absent(Judge *jd, int64_t w, int p)
{
	WindowReport *r = jd->r;
	if (jd->o->ndropped && dropped_in(jd, w, p) >= r->expected) {
		r->excused += r->expected;
		return;
	}
	add_missing(jd, w, p);
}

/* The first grid window from k on that holds a dropped click (INT64_MAX: none). */
static int64_t next_dropped_window(const Judge *jd, int64_t k)
{
	const WindowReport *r = jd->r;
	int64_t best = INT64_MAX;
	for (size_t i = 0; i < jd->o->ndropped; i++) {
		const SimClickRange *d = &jd->o->dropped[i];
		if (d->n <= 0)
			continue;
		int64_t lo = 15 * (d->first_k / 6), hi = 15 * ((d->first_k + d->n - 1) / 6);  /* their timestamps */
		if (hi < r->first_ms)
			continue;
		int64_t k_lo = lo < r->first_ms ? 0 : (lo - r->first_ms) / r->window_ms;
		int64_t k_hi = (hi - r->first_ms) / r->window_ms;
		int64_t at = k > k_lo ? k : k_lo;
		if (at <= k_hi && at < best)
			best = at;
	}
	return best;
}

/* Grid windows k_from..k_to-1 hold no record at all: every page of each is missing, but for
 * pairs whose every click the generator's producer dropped (judge_absent). */
static void add_missing_run(Judge *jd, int64_t k_from, int64_t k_to)
{
	int64_t k = k_from;
	while (k < k_to) {
		int64_t d = jd->o->ndropped ? next_dropped_window(jd, k) : INT64_MAX;
		int64_t plain_end = d < k_to ? d : k_to;
		add_missing_plain(jd, k, plain_end);
		k = plain_end;
		if (k < k_to) {
			for (int p = 0; p < jd->r->pages; p++)
				judge_absent(jd, jd->r->first_ms + k * jd->r->window_ms, p);
			k++;
		}
	}
}

/* Judges grid window w, whose entries start at e[*i]; advances *i past them. */
static void judge_window(Judge *jd, const Entry *e, size_t n, size_t *i, int64_t w)
{
	WindowReport *r = jd->r;
	for (int p = 0; p < r->pages; p++) {
		for (; *i < n && e[*i].start == w && e[*i].page < p; (*i)++)   /* unknown page */
			add_wrong(r, &e[*i]);
		size_t j = *i;
		int64_t least = r->expected - (jd->o->ndropped ? dropped_in(jd, w, p) : 0);
		for (; j < n && e[j].start == w && e[j].page == p; j++)
			if (e[j].count > r->expected || e[j].count < least)
				add_wrong(r, &e[j]);
			else if (j == *i)
				r->excused += r->expected - e[j].count;
		if (j == *i)
			judge_absent(jd, w, p);
		*i = j;
	}
	for (; *i < n && e[*i].start == w; (*i)++)       /* pages beyond the judged ones */
		add_wrong(r, &e[*i]);
}

/* Merge walk of the judged grid [first, last] against the sorted, in-range entries. Grid
 * windows are counted by index (first + k·len ≤ last never overflows) and the walk jumps
 * from one window holding records to the next, so time and memory follow the records read,
 * not the distance between window starts. */
static void judge_range(Judge *jd, const Entry *e, size_t n)
{
	WindowReport *r = jd->r;
	int64_t len = r->window_ms;
	size_t i = 0;
	for (int64_t k = 0; k < r->windows;) {
		int64_t w = r->first_ms + k * len;
		for (; i < n && e[i].start < w; i++)        /* off the grid */
			add_wrong(r, &e[i]);
		int64_t next = r->windows;                  /* grid index of the next record's window */
		if (i < n && e[i].start <= r->last_ms) {
			int64_t d = e[i].start - r->first_ms;
			next = d / len + (d % len != 0);
		}
		if (next > k) {
			add_missing_run(jd, k, next);
			k = next;
			continue;
		}
		judge_window(jd, e, n, &i, w);
		k++;
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
	if (r->ok && r->excused > 0)
		n += snprintf(s + n, len - (size_t)n, " but for %" PRId64 " click%s the generator's producer dropped",
		              r->excused, r->excused == 1 ? "" : "s");
	if (r->missing_total > 0 && r->nmissing > 0) {
		const WindowMissing *m = &r->missing[0];
		n += snprintf(s + n, len - (size_t)n, "%" PRId64 " missing (window %s %s)", r->missing_total,
		              check_format_window(m->window_start_ms, when, sizeof when), page_label(m->page));
	}
	if (r->nwrong > 0) {
		const WindowWrong *w = &r->wrong[0];
		n += snprintf(s + n, len - (size_t)n, "%s%zu wrong (window %s %s: %" PRId64 ")",
		              r->missing_total ? ", " : "", r->nwrong,
		              check_format_window(w->window_start_ms, when, sizeof when), page_label(w->page), w->count);
	}
	if (r->duplicates > 0 && (size_t)n < len)
		n += snprintf(s + n, len - (size_t)n, ", %" PRId64 " duplicate%s", r->duplicates,
		              r->duplicates == 1 ? "" : "s");
	else if ((size_t)n < len && r->ok)
		n += snprintf(s + n, len - (size_t)n, ", no duplicates");
	if (!r->ok && r->dropped > 0 && (size_t)n < len)
		snprintf(s + n, len - (size_t)n, "; the generator's producer dropped %" PRId64 " click%s", r->dropped,
		         r->dropped == 1 ? "" : "s");
}

/* Sorted entries [lo, hi) are the judged ones (start in range); the others are wrong. */
static void judge_entries(const Entry *e, size_t ne, const WindowCheckOptions *o, WindowReport *r, bool *oom)
{
	size_t lo = 0, hi = ne;
	while (lo < ne && e[lo].start < 0)
		lo++;
	while (hi > lo && e[hi - 1].start > CHECK_MAX_WINDOW_START_MS)
		hi--;
	for (size_t i = 0; i < lo; i++)                  /* sorted: before every judged one */
		add_wrong(r, &e[i]);
	if (hi > lo && r->pages > 0 && r->window_ms > 0) {
		r->first_ms = e[lo].start;
		r->last_ms = last_complete(e + lo, hi - lo, r->first_ms, r->window_ms, r->pages);
		if (r->last_ms < 0)
			r->first_ms = -1;
	}
	if (r->last_ms >= 0) {
		r->windows = (r->last_ms - r->first_ms) / r->window_ms + 1;
		Judge jd = { .r = r, .o = o, .listed_max = (size_t)r->pages * (ne + 1), .cap = 0, .oom = false };
		judge_range(&jd, e + lo, hi - lo);
		*oom = jd.oom;
	}
	for (size_t i = hi; i < ne; i++)                 /* sorted: after every judged one */
		add_wrong(r, &e[i]);
}

bool check_windows(const KafkaRecordView *recs, size_t n, const WindowCheckOptions *o,
                   WindowReport *r)
{
	memset(r, 0, sizeof *r);
	r->first_ms = r->last_ms = -1;
	r->pages = o->pages;
	r->expected = o->expected;
	for (size_t i = 0; i < o->ndropped; i++)
		r->dropped += o->dropped[i].n;
	r->records = (int64_t)n;
	if (o->pages < 0 || o->pages > CHECK_MAX_PAGES)
		return false;
	r->window_ms = window_length(recs, n);
	Entry *e = malloc((n ? n : 1) * sizeof *e);
	r->wrong = malloc((n ? n : 1) * sizeof *r->wrong);
	r->dups = malloc((n ? n : 1) * sizeof *r->dups);
	bool oom = !e || !r->wrong || !r->dups;
	if (oom)
		goto err_free;
	size_t ne = 0;
	for (size_t i = 0; i < n; i++)
		if (recs[i].end_ms > recs[i].ts_ms)          /* only windows are judged */
			e[ne++] = (Entry){ recs[i].ts_ms, recs[i].count, recs[i].page };
	qsort(e, ne, sizeof *e, entry_cmp);
	count_duplicates(e, ne, r);
	judge_entries(e, ne, o, r, &oom);
	if (oom)
		goto err_free;
	r->ok = r->windows > 0 && r->missing_total == 0 && r->nwrong == 0;
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
	r->missing_total = 0;
}

bool check_topic(const Sim *s, const char *topic, Isolation iso, const WindowCheckOptions *o, WindowReport *r)
{
	memset(r, 0, sizeof *r);
	int parts = sim_kafka_partitions(s, topic);
	if (parts < 0)
		return false;
	size_t cap = 0, n = 0;
	for (int p = 0; p < parts; p++)
		cap += (size_t)(sim_kafka_end_offset(s, topic, p) - sim_kafka_start_offset(s, topic, p));
	KafkaRecordView *recs = malloc((cap ? cap : 1) * sizeof *recs);
	if (!recs)
		return false;
	for (int p = 0; p < parts; p++)
		for (int64_t from = sim_kafka_start_offset(s, topic, p); n < cap;) {
			int64_t next = from;
			size_t got = sim_kafka_read(s, topic, p, from, iso, recs + n, cap - n, &next);
			n += got;
			if (got == 0 && next <= from)
				break;
			from = next;
		}
	bool ok = check_windows(recs, n, o, r);
	free(recs);
	return ok;
}
