/*
 * windows.h — the window checker: judges the Click Event Count output topic.
 *
 * Like TigerBeetle's auditor it sits outside the model: it reads only output records
 * (window start, window end, page, count) and knows nothing of jobs, tasks or state.
 * The playground's generator puts exactly `expected` clicks (1000) into every 15 s window
 * of every page, so a correct pipeline emits one record per (window, page) with that count.
 *
 * Judged windows run from the earliest window start in the topic to the latest window for
 * which every page has a record, on the grid of the window length seen in the records.
 * Inside that range: a (window, page) without a record is `missing`, a record whose count
 * differs from `expected` is `wrong` (each distinct (window, page, count) once), and every
 * record beyond the first for a (window, page) is a duplicate (counted over all records).
 * A record whose start is off the grid or whose page is outside 0..pages-1 is `wrong`, and
 * so is one whose start lies outside 0 … CHECK_MAX_WINDOW_START_MS (before 1970 or after
 * the year 9999: no window of the playground, and a value such as INT64_MIN whose
 * arithmetic would overflow); such a record takes no part in the grid.
 * Clicks the generator's producer dropped (`dropped`, generator event ranges) may or may not
 * be in the input, so a window holding some of them is right with any count from `expected`
 * less those clicks up to `expected`: the checker does not blame the job for input that
 * never reached Kafka.
 * `ok` means at least one window was judged, nothing is missing and nothing is wrong;
 * duplicates are reported, not failed (at-least-once output may repeat windows).
 *
 * Memory and time follow the records read, never the numeric distance between window
 * starts: `missing` lists at most pages × (records + 1) pairs (the earliest), while
 * `missing_total` counts them all.
 */
#ifndef SIM_CHECK_WINDOWS_H
#define SIM_CHECK_WINDOWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim.h"

#define CHECK_MAX_WINDOW_START_MS 253402300799999LL   /* 9999-12-31T23:59:59.999Z */
#define CHECK_MAX_PAGES           256                 /* Record.page is 8-bit */

typedef struct WindowCheckOptions {
	int64_t expected;              /* clicks per window and page, 1000 */
	int     pages;                 /* pages 0..pages-1 must each have a record, 6 */
	const SimClickRange *dropped;  /* clicks the generator's producer dropped (may be absent
	                                  from the input); NULL: none */
	size_t  ndropped;
} WindowCheckOptions;

typedef struct WindowMissing {
	int64_t window_start_ms;       /* window start, ms since 1970 */
	int     page;                  /* page index (sim_page_name) */
} WindowMissing;

typedef struct WindowWrong {
	int64_t window_start_ms;       /* window start, ms since 1970 */
	int     page;                  /* page index */
	int64_t count;                 /* the count the record carries */
} WindowWrong;

typedef struct WindowDuplicate {
	int64_t window_start_ms;       /* window start, ms since 1970 */
	int     page;                  /* page index */
	int64_t extra;                 /* records beyond the first for this window and page */
} WindowDuplicate;

/* Everything check_windows found; arrays are owned by the report (window_report_free). */
typedef struct WindowReport {
	bool    ok;                    /* windows > 0, missing_total 0, nothing wrong */
	int64_t windows;               /* windows judged */
	int64_t first_ms, last_ms;     /* first and last judged window start; -1 if none */
	int64_t window_ms;             /* window length seen in the records; 0 if none */
	int64_t records;               /* records read */
	int64_t duplicates;            /* records beyond one per window and page */
	int     pages;                 /* pages judged (the option) */
	int64_t expected;              /* count judged against (the option) */
	int64_t dropped;               /* clicks of the dropped ranges (the option) */
	int64_t excused;               /* clicks judged windows lack within their dropped ones */
	WindowMissing *missing;        /* judged (window, page) pairs without a record, sorted;
	                                  the earliest pages × (records + 1) of them */
	size_t  nmissing;              /* entries in missing */
	int64_t missing_total;         /* every judged (window, page) pair without a record */
	WindowWrong *wrong;            /* distinct wrong (window, page, count), sorted */
	size_t  nwrong;
	WindowDuplicate *dups;         /* (window, page) pairs with duplicates, sorted */
	size_t  ndups;
	char    summary[320];          /* one line for people */
} WindowReport;

void window_check_options_default(WindowCheckOptions *o);

/* Judges n records (any order). Fills *r, which the caller releases with window_report_free.
 * Returns false (and an empty report) only when memory runs out or o->pages is outside
 * 0 … CHECK_MAX_PAGES. */
bool check_windows(const KafkaRecordView *recs, size_t n, const WindowCheckOptions *o,
                   WindowReport *r);
void window_report_free(WindowReport *r);   /* accepts a zeroed report */

/* Reads every readable record of a topic of the Sim (as a consumer with that isolation
 * would, through sim.h's queries) and judges them. False for an unknown topic or when
 * memory runs out (*r then empty). */
bool check_topic(const Sim *s, const char *topic, Isolation iso, const WindowCheckOptions *o, WindowReport *r);

/* Formats a window start as the playground prints it ("01-01-1970 12:01:15:000", UTC,
 * Jackson's 12-hour `hh`). Returns buf. */
char *check_format_window(int64_t ms, char *buf, size_t len);

#endif
