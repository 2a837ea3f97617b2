/* compare.c — collecting and comparing two runs; see compare.h. */
#include "compare.h"

#include "check/windows.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

void compare_init(CompareRun *r)
{
	memset(r, 0, sizeof *r);
	r->failed_at = -1;
}

void compare_free(CompareRun *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->lines[i].line);
	free(r->lines);
	compare_init(r);
}

static void remember(CompareRun *r, const SimEvent *e, const char *text)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 1024;
		CompareLine *l = realloc(r->lines, cap * sizeof *l);
		if (!l)
			return;
		r->lines = l;
		r->cap = cap;
	}
	size_t len = strlen(e->component) + strlen(text) + 2;
	char *line = malloc(len);
	if (!line)
		return;
	snprintf(line, len, "%s %s", e->component, text);
	CompareLine *cl = &r->lines[r->n++];        /* field by field: cppcheck follows the pointer */
	cl->t = e->t;
	cl->kind = e->kind;
	cl->line = line;
}

void compare_on_event(void *ctx, const SimEvent *e, const char *text)
{
	CompareRun *r = ctx;
	remember(r, e, text);
	switch (e->kind) {
	case EV_JOB_STATE:
		if (e->to == JOB_RESTARTING) {
			r->restarts++;
			if (r->failed_at < 0)
				r->failed_at = e->t;
		}
		break;
	case EV_JOB_ALL_RUNNING:
		if (r->failed_at >= 0) {               /* a recovery: from the failure to every task RUNNING */
			SimTime d = e->t - r->failed_at;
			r->recovery_total += d;
			r->recovery_max = d > r->recovery_max ? d : r->recovery_max;
			r->recoveries++;
			r->failed_at = -1;
		}
		break;
	case EV_CHECKPOINT_COMPLETED:
		r->checkpoints++;
		break;
	case EV_CHECKPOINT_FAILED:
		r->checkpoints_failed++;
		break;
	default:
		break;
	}
}

void compare_sample(CompareRun *r, const Sim *s)
{
	int64_t lag = sim_kafka_lag(s, "click-event-count");
	if (lag > r->lag_peak)
		r->lag_peak = lag;
}

/* The output topic's windows, as pg.check.windows judges them. */
static void judge(const Sim *s, Isolation iso, int64_t *windows, int64_t *missing, int64_t *wrong, int64_t *dups)
{
	WindowCheckOptions o;
	window_check_options_default(&o);
	WindowReport rep;
	if (!check_topic(s, "output", iso, &o, &rep))
		return;
	*windows = rep.windows;
	*missing = rep.missing_total;
	*wrong = (int64_t)rep.nwrong;
	*dups = rep.duplicates;
	window_report_free(&rep);
}

void compare_finish(CompareRun *r, const Sim *s)
{
	if (!s)
		return;
	r->end = sim_now(s);
	r->trace_hash = sim_trace_hash(s);
	judge(s, ISOLATION_READ_UNCOMMITTED, &r->windows, &r->missing, &r->wrong, &r->duplicates);
	int64_t w, m, x;
	judge(s, ISOLATION_READ_COMMITTED, &w, &m, &x, &r->committed_duplicates);
}

long compare_first_difference(const CompareRun *a, const CompareRun *b)
{
	size_t n = a->n < b->n ? a->n : b->n;
	for (size_t i = 0; i < n; i++)
		if (a->lines[i].t != b->lines[i].t || strcmp(a->lines[i].line, b->lines[i].line) != 0)
			return (long)i;
	return a->n == b->n ? -1 : (long)n;
}

static void line_of(FILE *f, const char *label, const CompareRun *r, long i)
{
	if ((size_t)i < r->n)
		fprintf(f, "  %s: %" PRId64 ".%06" PRId64 " %s\n", label, r->lines[i].t / SIM_US_PER_S,
		        r->lines[i].t % SIM_US_PER_S, r->lines[i].line);
	else
		fprintf(f, "  %s: (the run ends here, after %zu events)\n", label, r->n);
}

/* A row ends with its last value unless the mark follows: no trailing blanks, so quoted
 * output (docs/exports.md) reads exactly as printed. */
static void row(FILE *f, const char *what, const char *a, const char *b)
{
	if (strcmp(a, b))
		fprintf(f, "  %-28s %-20s %-20s  *\n", what, a, b);
	else
		fprintf(f, "  %-28s %-20s %s\n", what, a, b);
}

static void row_int(FILE *f, const char *what, int64_t a, int64_t b)
{
	char x[32], y[32];
	snprintf(x, sizeof x, "%" PRId64, a);
	snprintf(y, sizeof y, "%" PRId64, b);
	row(f, what, x, y);
}

static void row_secs(FILE *f, const char *what, SimTime a, SimTime b)
{
	char x[32], y[32];
	snprintf(x, sizeof x, "%.3f s", (double)a / 1e6);
	snprintf(y, sizeof y, "%.3f s", (double)b / 1e6);
	row(f, what, x, y);
}

void compare_print(FILE *f, const CompareRun *a, const CompareRun *b, const char *la, const char *lb)
{
	long i = compare_first_difference(a, b);
	if (i < 0) {
		fprintf(f, "the runs are the same: %zu events, trace hash %016" PRIx64 "\n", a->n, a->trace_hash);
	} else {
		fprintf(f, "first difference: event %ld of %zu / %zu\n", i + 1, a->n, b->n);
		line_of(f, la, a, i);
		line_of(f, lb, b, i);
	}
	fprintf(f, "\n  %-28s %-20s %s\n", "", la, lb);
	row_int(f, "events", (int64_t)a->n, (int64_t)b->n);
	row_secs(f, "simulated time", a->end, b->end);
	row_int(f, "restarts", a->restarts, b->restarts);
	row_secs(f, "recovery time (longest)", a->recovery_max, b->recovery_max);
	row_secs(f, "recovery time (total)", a->recovery_total, b->recovery_total);
	row_int(f, "consumer lag peak (records)", a->lag_peak, b->lag_peak);
	row_int(f, "checkpoints completed", a->checkpoints, b->checkpoints);
	row_int(f, "checkpoints failed", a->checkpoints_failed, b->checkpoints_failed);
	row_int(f, "windows judged", a->windows, b->windows);
	row_int(f, "missing window counts", a->missing, b->missing);
	row_int(f, "wrong window counts", a->wrong, b->wrong);
	row_int(f, "duplicates", a->duplicates, b->duplicates);
	row_int(f, "duplicates (read_committed)", a->committed_duplicates, b->committed_duplicates);
	char x[20], y[20];
	snprintf(x, sizeof x, "%016" PRIx64, a->trace_hash);
	snprintf(y, sizeof y, "%016" PRIx64, b->trace_hash);
	row(f, "trace hash", x, y);
}
