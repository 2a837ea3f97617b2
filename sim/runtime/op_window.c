/*
 * op_window.c — "ClickEvent Counter": keyBy(page), 15 s tumbling windows, count.
 *
 * Keyed state is organised by key group (key = page, key group = Flink's murmur formula),
 * so it can be snapshotted, split and re-assigned. Event time (the default): a record
 * whose window already fired (window end − 1 ≤ watermark) is late and dropped, as with
 * Flink's allowedLateness 0; windows fire when the input watermark reaches end − 1, in
 * timer order (end, key group, key), and emit (windowStart, windowEnd, page, count).
 * Processing time (event_time = false): a record belongs to the window of the
 * TaskManager's wall clock when it is processed (its machine's, which pg.compose.clock may
 * skew); the window's timer is Flink's: registered for maxTimestamp = end − 1, it waits
 * max(timestamp − clock, 0) + 1 ms of relative time (ProcessingTimeServiceUtil, FLINK-9857)
 * and then fires every window up to that timestamp — a clock step after the registration
 * moves no timer, it only changes where later records go.
 */
#include <stdlib.h>
#include <string.h>

#include "../core/keygroup.h"
#include "../flink/checkpoint.h"
#include "../kafka/codec.h"
#include "task.h"

typedef struct WinState {
	WindowEntry *e;            /* open windows (≤ a few per page) */
	size_t   n, cap;
	int32_t  kg_of_page[CLICK_PAGES]; /* key group of each key */
	int32_t  hit[CLICK_PAGES];     /* index of the page's last-used entry, -1 unknown */
	int64_t  timer_ms;             /* processing time: the armed timer's timestamp, ms */
} WinState;

/* Flink's TimeWindow.getWindowStartWithOffset with offset 0: aligned to the epoch. */
int64_t tumbling_window_start(int64_t ts_ms, int64_t size_ms)
{
	int64_t r = ts_ms % size_ms;
	if (r < 0)
		r += size_ms;
	return ts_ms - r;
}

static int64_t window_start(int64_t ts) { return tumbling_window_start(ts, CLICK_WINDOW_MS); }

static void forget_hits(WinState *st)
{
	for (int p = 0; p < CLICK_PAGES; p++)
		st->hit[p] = -1;
}

static void add_entry(WinState *st, int64_t start, int page, int64_t count)
{
	if (st->n == st->cap) {
		st->cap = st->cap ? 2 * st->cap : 16;
		st->e = realloc(st->e, st->cap * sizeof *st->e);
		SIM_CHECK(st->e != NULL);
	}
	st->hit[page] = (int32_t)st->n;
	st->e[st->n++] = (WindowEntry){ .window_start = start, .count = count,
	                                .key_group = st->kg_of_page[page], .page = page };
}

static int cmp_timer_order(const void *a, const void *b)
{
	const WindowEntry *x = a, *y = b;
	if (x->window_start != y->window_start)
		return x->window_start < y->window_start ? -1 : 1;
	if (x->key_group != y->key_group)
		return x->key_group < y->key_group ? -1 : 1;
	return (x->page > y->page) - (x->page < y->page);
}

static void arm_processing_timer(Task *t)
{
	WinState *st = t->opstate;
	if (st->n == 0)
		return;
	int64_t first = st->e[0].window_start;
	for (size_t i = 1; i < st->n; i++)
		if (st->e[i].window_start < first)
			first = st->e[i].window_start;
	int64_t fire_ms = first + CLICK_WINDOW_MS - 1;
	int64_t delay_ms = fire_ms - task_clock_ms(t);
	st->timer_ms = fire_ms;
	task_arm_timer(t, t->sim->now + ((delay_ms > 0 ? delay_ms : 0) + 1) * SIM_US_PER_MS);
}

static void win_open(Task *t, const CompletedCheckpoint *restore)
{
	WinState *st = calloc(1, sizeof *st);
	SIM_CHECK(st != NULL);
	t->opstate = st;
	forget_hits(st);
	for (int p = 0; p < CLICK_PAGES; p++)
		st->kg_of_page[p] = keygroup_for_hash(java_string_hash(sim_page_name(p)), t->max_parallelism);
	if (!restore)
		return;
	int first, last;
	keygroup_range(t->max_parallelism, t->parallelism, t->subtask, &first, &last);
	WindowEntry *got = NULL;
	size_t n = checkpoint_windows_in_range(restore, first, last, &got);
	for (size_t i = 0; i < n; i++) {
		/* What the savepoint reader guarantees (and checkpoints hold by construction):
		 * counting on from here cannot overflow, and start + window stays in int64. */
		SIM_CHECK(got[i].count >= 0 && got[i].count <= INT32_MAX);
		SIM_CHECK(got[i].page >= 0 && got[i].page < CLICK_PAGES);
		SIM_CHECK(got[i].window_start >= 0 && got[i].window_start % CLICK_WINDOW_MS == 0);
		add_entry(st, got[i].window_start, got[i].page, got[i].count);
	}
	free(got);
	if (!t->event_time)
		arm_processing_timer(t);
}

static void win_close(Task *t)
{
	WinState *st = t->opstate;
	if (!st)
		return;
	free(st->e);
	free(st);
	t->opstate = NULL;
}

/* Adds `count` clicks of `page` to its window starting at `start`; true if it opened one. */
static bool count_clicks(WinState *st, int64_t start, int page, int64_t count)
{
	int32_t h = st->hit[page];                 /* consecutive clicks of a page share a window */
	if (h >= 0 && st->e[h].window_start == start) {
		st->e[h].count += count;
		return false;
	}
	for (size_t k = 0; k < st->n; k++)
		if (st->e[k].page == page && st->e[k].window_start == start) {
			st->e[k].count += count;
			st->hit[page] = (int32_t)k;
			return false;
		}
	add_entry(st, start, page, count);
	return true;
}

/* Counts the records by page, a run of records of one window at a time (the entries' order
 * is never seen: firing and snapshots sort them). */
static int win_process(Task *t, const Record *recs, int n)
{
	WinState *st = t->opstate;
	const bool event_time = t->event_time;
	const int64_t in_wm = t->in_wm;           /* fixed while records are processed */
	int64_t now_start = event_time ? 0 : window_start(task_clock_ms(t));
	bool new_window = false;
	for (int i = 0; i < n;) {
		int64_t start = event_time ? window_start(recs[i].ts_ms) : now_start;
		uint64_t lo = (uint64_t)start;
		/* Counted by the page's low three bits: a page of 8 or more shows in the pages'
		 * bitwise or, 6 and 7 in their counts (none may come: SIM_CHECK). */
		_Static_assert(CLICK_PAGES <= 8, "pages are counted by their low three bits");
		int64_t per_page[8] = { 0 };
		unsigned any = 0;
		int j = i;
		if (event_time) {
			for (; j < n && (uint64_t)recs[j].ts_ms - lo < CLICK_WINDOW_MS; j++) {
				uint8_t page = recs[j].page;
				any |= page;
				per_page[page & 7]++;
			}
		} else {
			for (; j < n; j++) {
				uint8_t page = recs[j].page;
				any |= page;
				per_page[page & 7]++;
			}
		}
		bool bad = any >= 8;
		for (int p = CLICK_PAGES; p < 8; p++)
			bad |= per_page[p] != 0;
		SIM_CHECK(!bad);
		if (event_time && start + CLICK_WINDOW_MS - 1 <= in_wm) {
			t->late_dropped += (uint64_t)(j - i);   /* the window already fired */
		} else {
			for (int p = 0; p < CLICK_PAGES; p++)
				if (per_page[p])
					new_window |= count_clicks(st, start, p, per_page[p]);
		}
		i = j;
	}
	if (new_window && !event_time && !t->timer_ev)
		arm_processing_timer(t);
	return n;
}

/* The record's count field is 32-bit (Flink's ClickEventStatistics.count is a long). A
 * window can pass INT32_MAX only when a savepoint restored it near the top (the reader
 * accepts up to INT32_MAX) and more clicks followed; it then saturates, never wraps. */
static int32_t record_count(int64_t count)
{
	return count > INT32_MAX ? INT32_MAX : (int32_t)count;
}

/* Emits and removes every window whose end − 1 ≤ limit, in timer order. */
static void fire_until(Task *t, int64_t limit)
{
	WinState *st = t->opstate;
	size_t due = 0;
	for (size_t i = 0; i < st->n; i++)         /* most watermarks fire nothing: no sort then */
		due += st->e[i].window_start + CLICK_WINDOW_MS - 1 <= limit;
	if (due == 0)
		return;
	forget_hits(st);                           /* entries move */
	qsort(st->e, st->n, sizeof *st->e, cmp_timer_order);
	size_t k = 0;
	while (k < st->n && st->e[k].window_start + CLICK_WINDOW_MS - 1 <= limit) {
		Record out = { .ts_ms = st->e[k].window_start, .count = record_count(st->e[k].count),
		               .page = (uint8_t)st->e[k].page };
		task_emit(t, &out, codec_output_serialized_bytes(&out));
		k++;
	}
	memmove(st->e, st->e + k, (st->n - k) * sizeof *st->e);
	st->n -= k;
}

static void win_on_watermark(Task *t, int64_t wm)
{
	if (t->event_time)
		fire_until(t, wm);
	task_emit_watermark(t, wm);
}

static void win_on_timer(Task *t)
{
	if (t->event_time)
		return;
	fire_until(t, ((WinState *)t->opstate)->timer_ms);
	arm_processing_timer(t);
}

static void win_snapshot(Task *t, int64_t cp, TaskSnapshot *snap)
{
	WinState *st = t->opstate;
	snap->nwindows = st->n;
	snap->windows = malloc((st->n + 1) * sizeof *snap->windows);
	SIM_CHECK(snap->windows != NULL);
	if (st->n == 0)
		return;
	memcpy(snap->windows, st->e, st->n * sizeof *st->e);
	qsort(snap->windows, st->n, sizeof *snap->windows, cmp_timer_order);
}

const OpDef op_window = {
	.name = "ClickEvent Counter",
	.open = win_open,
	.close = win_close,
	.process = win_process,
	.on_watermark = win_on_watermark,
	.snapshot = win_snapshot,
	.on_timer = win_on_timer,
};
