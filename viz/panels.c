/*
 * panels.c — the job graph, Kafka, checkpoint, output and log panels.
 *
 * Each panel reads the Sim through const queries and the observer's memory, and draws
 * into the rectangles the layout gives it. Colours follow Flink's Web UI (palette.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "gfx.h"

#define DIM viz_rgb(VIZ_COLOR_TEXT_DIM)

/* ---------------------------------------------------------------- job graph */

/* Worst busy and back-pressured ratios over a vertex's subtasks (Flink tints by the max). */
static void vertex_load(const VizCtx *c, int v, int p, double *busy, double *bp)
{
	*busy = *bp = 0;
	for (int i = 0; i < p; i++) {
		TaskInfo ti;
		if (sim_task_info(c->s, c->job, v, i, &ti) != SIM_OK || ti.state != TASK_RUNNING)
			continue;
		if (ti.busy_ms_per_s / 1000.0 > *busy)
			*busy = ti.busy_ms_per_s / 1000.0;
		if (ti.backpressured_ms_per_s / 1000.0 > *bp)
			*bp = ti.backpressured_ms_per_s / 1000.0;
	}
}

/* The vertex name on up to two lines between words, in the bold font or the smaller one;
 * then broken at an identifier's humps ("ClickEvent" / "Statistics Sink"); three lines last. */
static int draw_vertex_name(const VizCtx *c, VizRect tr, VizColor fg, const char *name)
{
	static const VizStyle styles[] = {
		{ VIZ_FONT_BOLD, 2, false }, { VIZ_FONT_SMALL_BOLD, 2, false }, { VIZ_FONT_BOLD, 2, true },
		{ VIZ_FONT_SMALL_BOLD, 2, true }, { VIZ_FONT_SMALL_BOLD, 3, true },
	};
	return gfx_fit(c, name, styles, 5, fg, tr.x, tr.y, tr.w, 0).height;
}

/* What runs: busy and back-pressured time, and Flink's OK / LOW / HIGH backpressure badge —
 * as much of it as the box's width holds (the badge's colour always says the level). */
static void draw_vertex_load(const VizCtx *c, VizRect tr, int y, VizColor fg, double busy, double bp, bool line)
{
	static const VizStyle small[] = { { VIZ_FONT_SMALL, 1, false } };
	char load[160], word[8], badge[40];
	snprintf(load, sizeof load, "busy %.0f%% · back-pressured %.0f%%\nbusy %.0f%%", busy * 100, bp * 100, busy * 100);
	if (line) {
		gfx_fit(c, load, small, 1, fg, tr.x, y, tr.w, 0);
		y += 13;
	}
	snprintf(word, sizeof word, "%s", viz_backpressure_level(bp));
	for (char *p = word; *p; p++)
		*p = (char)(*p - 'a' + 'A');
	snprintf(badge, sizeof badge, "backpressure %s", word);
	if (viz_text_width(c->t, VIZ_FONT_SMALL, badge) + 16 > tr.w)
		snprintf(badge, sizeof badge, "%s", word);
	gfx_badge(c, VIZ_FONT_SMALL, tr.x, y, viz_backpressure_color(bp), badge);
}

/* Records received and sent, as Flink's vertex metrics: one line, or one each. */
static void draw_vertex_records(const VizCtx *c, int v, VizColor fg, const VertexInfo *vi)
{
	static const VizStyle styles[] = { { VIZ_FONT_SMALL, 2, false } };
	VizRect r = viz_layout_vertex_footer(c->l, v);
	char in[24], out[24];
	gfx_fitf(c, styles, 1, fg, r.x, r.y, r.w, 0, "in\xc2\xa0%s   out\xc2\xa0%s", gfx_count(in, sizeof in, (int64_t)vi->read_records, true),
	         gfx_count(out, sizeof out, (int64_t)vi->write_records, true));
}

static void draw_vertex(const VizCtx *c, int v)
{
	static const VizStyle small[] = { { VIZ_FONT_SMALL, 1, false } };
	VertexInfo vi;
	if (sim_vertex_info(c->s, c->job, v, &vi) != SIM_OK)
		return;
	VizRect box = viz_layout_vertex(c->l, v), tr = viz_layout_vertex_text(c->l, v);
	double busy, bp;
	vertex_load(c, v, vi.parallelism, &busy, &bp);
	VizColor fill = viz_vertex_tint(busy, bp), fg = viz_text_on(fill);
	gfx_fill(c, box, fill);
	gfx_outline(c, box, viz_rgb(VIZ_COLOR_NODE_BORDER), 2);
	int y = tr.y + draw_vertex_name(c, tr, fg, vi.name) + 1;
	bool room = y + 13 + 13 + 19 <= tr.y + tr.h;         /* a third name line leaves no room for busy */
	gfx_fitf(c, small, 1, fg, tr.x, y, tr.w, 0, "parallelism %d", vi.parallelism);
	y += 13;
	if (vi.tasks[TASK_RUNNING] == 0) {
		/* Nothing runs (waiting for slots, deploying, cancelled): no load to show, and no
		 * "OK" badge that would read as healthy. */
		if (room) {
			gfx_fit(c, "no subtask running\nnone running", small, 1, fg, tr.x, y, tr.w, 0);
			y += 13;
		}
		gfx_badge(c, VIZ_FONT_SMALL, tr.x, y, viz_rgb(0x8c8c8c), vi.tasks[TASK_SCHEDULED] ? "waiting" : "idle");
	} else {
		draw_vertex_load(c, tr, y, fg, busy, bp, room);
	}
	for (int i = 0; i < vi.parallelism; i++) {
		VizRect sq = viz_layout_subtask(c->l, v, i);
		TaskInfo ti;
		if (viz_rect_empty(sq) || sim_task_info(c->s, c->job, v, i, &ti) != SIM_OK)
			continue;
		gfx_fill(c, sq, viz_task_color(ti.state));
		gfx_outline(c, sq, viz_rgb(0xffffff), 1);
	}
	draw_vertex_records(c, v, fg, &vi);
}

static void draw_edge(const VizCtx *c, int v)
{
	VertexInfo vi;
	VizRect e = viz_layout_edge(c->l, v);
	if (viz_rect_empty(e) || sim_vertex_info(c->s, c->job, v, &vi) != SIM_OK)
		return;
	int y = e.y + e.h / 2;
	gfx_arrow(c, e.x + 2, e.x + e.w - 3, y, viz_rgb(0x595959));
	const char *label = vi.ship_strategy == 2 ? "HASH" : vi.ship_strategy == 1 ? "FORWARD" : "";
	if (c->l->edge_labels_upright) {                   /* above the arrow, read bottom to top */
		int w = viz_text_width(c->t, VIZ_FONT_SMALL, label);
		viz_text_draw_upright(c->t, VIZ_FONT_SMALL, viz_rgb(VIZ_COLOR_TEXT), e.x + e.w / 2, y - 8 - w / 2, label);
		return;
	}
	VizRect lr = { e.x - 6, y - 20, e.w + 12, 16 };
	gfx_text_center(c, VIZ_FONT_SMALL, viz_rgb(VIZ_COLOR_TEXT), lr, label);
}

/* What the tasks are doing, for the panel's title line: alternatives, the fullest first. */
static void job_status_line(const VizCtx *c, char *buf, size_t len)
{
	const JobInfo *j = &c->job_info;
	int counts[TASK_STATE_COUNT] = { 0 }, total = 0;
	for (int v = 0; v < j->vertex_count; v++) {
		VertexInfo vi;
		if (sim_vertex_info(c->s, c->job, v, &vi) != SIM_OK)
			continue;
		for (int st = 0; st < TASK_STATE_COUNT; st++) {
			counts[st] += vi.tasks[st];
			total += vi.tasks[st];
		}
	}
	int free_slots = 0;
	for (int i = 0; i < sim_taskmanager_count(c->s); i++) {
		TaskManagerInfo tm;
		if (sim_taskmanager_info(c->s, i, &tm))
			free_slots += tm.free_slots;
	}
	if (job_state_is_terminal(j->state))
		snprintf(buf, len, "the job is %s", job_state_name(j->state));
	else if (counts[TASK_RUNNING] == total && total > 0)
		snprintf(buf, len, "all %d tasks RUNNING", total);
	else if (counts[TASK_SCHEDULED] > 0)
		snprintf(buf, len, "%d of %d tasks wait in SCHEDULED for a slot (%d free)\n%d of %d tasks wait in SCHEDULED\n"
		         "%d of %d SCHEDULED", counts[TASK_SCHEDULED], total, free_slots, counts[TASK_SCHEDULED], total,
		         counts[TASK_SCHEDULED], total);
	else {
		size_t n = 0;
		buf[0] = '\0';
		for (int st = 0; st < TASK_STATE_COUNT && n < len; st++)
			if (counts[st])
				n += (size_t)snprintf(buf + n, len - n, "%s%d %s", n ? ", " : "", counts[st],
				                      task_state_name((TaskState)st));
	}
}

/* Java's package prefixes left out ("java.util.concurrent.TimeoutException" → "TimeoutException"):
 * at the start of a word, each lower-case segment ending in '.' goes. */
static void without_packages(const char *in, char *out, size_t len)
{
	size_t k = 0;
	while (*in && k + 1 < len) {
		bool word_start = k == 0 || out[k - 1] == ' ' || out[k - 1] == '(';
		const char *p = in;
		if (word_start && *p >= 'a' && *p <= 'z') {
			while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')
				p++;
			if (*p == '.' && p[1] != '\0' && p[1] != ' ') {
				in = p + 1;                        /* "java." gone; "util." next */
				continue;
			}
		}
		out[k++] = *in++;
	}
	out[k] = '\0';
}

/* The last failure under the boxes, as the job.failed event told it: whole, then without
 * Java's packages, then its root cause, then the root cause's class. */
static void draw_failure(const VizCtx *c, VizRect f)
{
	const VizFailure *vf = viz_observer_failure(c->o, c->job);
	const char *full = vf ? vf->cause : c->job_info.failure;
	char when[32] = "", shortened[VIZ_TEXT_MAX], alts[4 * VIZ_TEXT_MAX], why[300] = "";
	if (vf)
		snprintf(when, sizeof when, " (%.1f s)", (double)vf->t / 1e6);
	if (vf && vf->suppressed_by[0])
		snprintf(why, sizeof why, " — recovery is suppressed by %s", vf->suppressed_by);
	without_packages(full, shortened, sizeof shortened);
	const char *root = shortened, *p;
	while ((p = strstr(root, "Exception: ")) && strstr(p + 11, "Exception: "))
		root = p + 11;                                 /* the innermost "…Exception: message" */
	while (root > shortened && root[-1] != ' ')
		root--;
	char cls[128];
	snprintf(cls, sizeof cls, "%.*s", (int)strcspn(root, ":"), root);
	snprintf(alts, sizeof alts, "last failure%s: %s%s\nlast failure%s: %s%s\nlast failure%s: %s%s\n"
	         "last failure%s: %s (in the log)", when, full, why, when, shortened, why, when, root, why, when, cls);
	gfx_fit(c, alts, gfx_one_line + 1, 1, viz_rgb(0xcf1322), f.x, f.y, f.w, 0);
}

void viz_draw_graph(const VizCtx *c)
{
	char title[300], status[400];
	if (!c->has_job) {
		gfx_panel(c, c->l->graph, "Job graph", NULL);
		gfx_text_center(c, VIZ_FONT_BODY, DIM, c->l->graph, c->s ? "no job submitted" : "waiting for pg.up");
		return;
	}
	snprintf(title, sizeof title, "Job graph — %s %.6s…\nJob graph — %s", c->job_info.name, c->job, c->job_info.name);
	job_status_line(c, status, sizeof status);
	gfx_panel(c, c->l->graph, title, status);
	for (int v = 0; v < c->job_info.vertex_count && v < VIZ_MAX_VERTICES; v++) {
		draw_vertex(c, v);
		draw_edge(c, v);
	}
	VizRect f = c->l->graph_footer;
	if (c->job_info.failure[0])
		draw_failure(c, f);
	else
		gfx_fit(c, "squares: one per subtask, in its task state colour · box fill: busy (red) / back-pressured (dark)\n"
		        "squares: one per subtask · fill: busy (red) / back-pressured (dark)\nsquares: one per subtask",
		        gfx_one_line + 1, 1, DIM, f.x, f.y, f.w, 0);
}

/* ---------------------------------------------------------------- Kafka */

/* Smallest 1, 2 or 5 × 10^k that is >= v (and >= floor). */
static int64_t nice_max(int64_t v, int64_t floor)
{
	if (v < floor)
		v = floor;
	int64_t base = 1;
	while (base * 10 <= v && base < INT64_MAX / 100)
		base *= 10;
	for (int m = 1; m <= 10; m++)
		if ((m == 1 || m == 2 || m == 5 || m == 10) && base * m >= v)
			return base * m;
	return base * 10;
}

/* Input records per second over the last ~5 s of samples. */
static double input_rate(const VizObserver *o)
{
	const VizSample *now = viz_observer_sample_at(o, 0), *then = NULL;
	for (int n = 1; (then = viz_observer_sample_at(o, n)) && now->t - then->t < 5 * SIM_US_PER_S; n++)
		;
	if (!then)
		then = viz_observer_sample_at(o, o->nsamples - 1);
	if (!now || !then || now->t <= then->t)
		return 0;
	return (double)(now->input_end - then->input_end) * 1e6 / (double)(now->t - then->t);
}

static void draw_bar(const VizCtx *c, VizRect bar, int64_t committed, int64_t end, int64_t scale)
{
	gfx_fill(c, bar, viz_rgb(0xf5f5f5));
	VizRect cr = bar, lr = bar;
	cr.w = (int)((double)bar.w * (double)committed / (double)scale);
	lr.x = bar.x + cr.w;
	lr.w = (int)((double)bar.w * (double)end / (double)scale) - cr.w;
	gfx_fill(c, cr, viz_rgb(VIZ_COLOR_COMMITTED));
	gfx_fill(c, lr, viz_rgb(VIZ_COLOR_LAG));
	gfx_outline(c, bar, viz_rgb(VIZ_COLOR_BORDER), 1);
}

static void draw_partitions(const VizCtx *c)
{
	const VizLayout *l = c->l;
	int64_t max_end = 0;
	for (int p = 0; p < l->partitions_shown; p++) {
		int64_t e = sim_kafka_end_offset(c->s, "input", p);
		max_end = e > max_end ? e : max_end;
	}
	int64_t scale = nice_max(max_end, 1000);
	for (int p = 0; p < l->partitions_shown; p++) {
		VizRect bar = viz_layout_partition_bar(l, p), tr = viz_layout_partition_text(l, p);
		int64_t end = sim_kafka_end_offset(c->s, "input", p);
		int64_t com = sim_kafka_committed(c->s, "click-event-count", "input", p);
		com = com < 0 ? 0 : com > end ? end : com;
		draw_bar(c, bar, com, end, scale);
		gfx_text(c, VIZ_FONT_BOLD, viz_rgb(VIZ_COLOR_TEXT), bar.x - 30, bar.y, 0, "p%d", p);
		char e[24], k[24], g[24], ce[24], ck[24], line[240];
		snprintf(line, sizeof line, "end offset %s · committed %s · lag %s\nend %s · committed %s · lag %s\n"
		         "end %s · committed %s", gfx_count(e, sizeof e, end, false), gfx_count(k, sizeof k, com, false),
		         gfx_count(g, sizeof g, end - com, false), e, k, g, gfx_count(ce, sizeof ce, end, true),
		         gfx_count(ck, sizeof ck, com, true));
		gfx_fit(c, line, gfx_one_line + 1, 1, viz_rgb(VIZ_COLOR_TEXT), tr.x, tr.y - 1, tr.w, 0);
	}
}

/* Lag over the timeline span, as columns, with kills, starts and restores as dashed lines. */
static void draw_lag_chart(const VizCtx *c, VizRect a, int64_t lag_scale)
{
	const VizObserver *o = c->o;
	SimTime span = viz_timeline_span(c->now), t0 = c->now - span;
	VizRect plot = { a.x + 44, a.y, a.w - 44, a.h - 14 };
	gfx_fill(c, plot, viz_rgb(0xfafafa));
	int64_t cols[VIZ_HISTORY];                       /* the largest lag per pixel column, -1 none */
	int ncols = plot.w < VIZ_HISTORY ? plot.w : VIZ_HISTORY;
	for (int i = 0; i < ncols; i++)
		cols[i] = -1;
	for (int n = 0; n < o->nsamples; n++) {
		const VizSample *x = viz_observer_sample_at(o, n);
		if (x->t < t0)
			break;
		int i = (int)((double)(x->t - t0) * ncols / (double)span);
		i = i >= ncols ? ncols - 1 : i;
		cols[i] = x->lag > cols[i] ? x->lag : cols[i];
	}
	for (int i = 0, seen = 0; i < ncols; i++) {       /* columns between samples: a step chart */
		if (cols[i] < 0 && seen)
			cols[i] = cols[i - 1];
		seen = seen || cols[i] >= 0;
		if (cols[i] <= 0)
			continue;
		int h = (int)((double)plot.h * (double)cols[i] / (double)lag_scale);
		h = h > plot.h ? plot.h : h < 1 ? 1 : h;
		gfx_line(c, plot.x + i, plot.y + plot.h - h, plot.x + i, plot.y + plot.h - 1, viz_rgb(VIZ_COLOR_LAG));
	}
	for (int n = 0; n < o->nmarks; n++) {
		const VizMark *m = viz_observer_mark(o, n);
		if (m->t < t0 || (m->kind != VIZ_MARK_KILL && m->kind != VIZ_MARK_START && m->kind != VIZ_MARK_RESTORE))
			continue;
		int px = plot.x + (int)((double)(m->t - t0) * plot.w / (double)span);
		gfx_dashed_vline(c, px, plot.y, plot.y + plot.h,
		                 viz_rgb(m->kind == VIZ_MARK_KILL ? VIZ_COLOR_TM_GONE : VIZ_COLOR_RESTORE));
	}
	gfx_outline(c, plot, viz_rgb(VIZ_COLOR_BORDER), 1);
	char s[24];
	gfx_text_right(c, VIZ_FONT_SMALL, DIM, plot.x - 4, plot.y, gfx_count(s, sizeof s, lag_scale, true));
	gfx_text_right(c, VIZ_FONT_SMALL, DIM, plot.x - 4, plot.y + plot.h - 12, "0");
	if (span % (60 * SIM_US_PER_S) == 0)
		gfx_text(c, VIZ_FONT_SMALL, DIM, plot.x, plot.y + plot.h + 1, 0, "%d min ago", (int)(span / (60 * SIM_US_PER_S)));
	else
		gfx_text(c, VIZ_FONT_SMALL, DIM, plot.x, plot.y + plot.h + 1, 0, "%.0f s ago", (double)span / 1e6);
	gfx_text_right(c, VIZ_FONT_SMALL, DIM, plot.x + plot.w, plot.y + plot.h + 1, "now");
}

void viz_draw_kafka(const VizCtx *c)
{
	const VizLayout *l = c->l;
	if (!c->s || sim_kafka_partitions(c->s, "input") < 0) {
		gfx_panel(c, l->kafka, "Kafka — topic input", NULL);
		return;
	}
	char title[160];
	int parts = sim_kafka_partitions(c->s, "input");
	snprintf(title, sizeof title, "Kafka — topic input (%d partitions)\nKafka — topic input", parts);
	gfx_panel(c, l->kafka, title, "blue: read and committed · orange: lag\nblue: committed · orange: lag\norange: lag");
	draw_partitions(c);

	int64_t lag = sim_kafka_lag(c->s, "click-event-count"), peak = lag;
	for (int n = 0; n < c->o->nsamples; n++) {
		const VizSample *x = viz_observer_sample_at(c->o, n);
		if (x->t < c->now - viz_timeline_span(c->now))
			break;
		peak = x->lag > peak ? x->lag : peak;
	}
	int64_t lag_scale = nice_max(peak, 1000);
	VizRect bar = l->lag_bar;
	draw_bar(c, bar, 0, lag < 0 ? 0 : lag, lag_scale);
	gfx_text(c, VIZ_FONT_BOLD, viz_rgb(VIZ_COLOR_TEXT), bar.x - 34, bar.y, 0, "lag");
	double rate = input_rate(c->o);
	char lg[24], line[300];
	if (rate > 1)
		snprintf(line, sizeof line, "consumer lag %s records ≈ %.1f s of input at %.0f/s\n"
		         "consumer lag %s records ≈ %.1f s of input\nlag %s records ≈ %.1f s of input",
		         gfx_count(lg, sizeof lg, lag, false), (double)lag / rate, rate, lg, (double)lag / rate, lg,
		         (double)lag / rate);
	else
		snprintf(line, sizeof line, "consumer lag %s records", gfx_count(lg, sizeof lg, lag, false));
	gfx_fit(c, line, gfx_one_line + 1, 1, viz_rgb(VIZ_COLOR_TEXT), bar.x, bar.y + bar.h + 2, bar.w, 0);
	draw_lag_chart(c, l->lag_chart, lag_scale);
}

/* ---------------------------------------------------------------- checkpoints */

static VizColor mark_color(VizMarkKind k)
{
	static const uint32_t colors[] = {
		[VIZ_MARK_SUBMIT] = 0x2f54eb, [VIZ_MARK_RESTART] = VIZ_COLOR_RESTART,
		[VIZ_MARK_RESTORE] = VIZ_COLOR_RESTORE, [VIZ_MARK_END] = 0x1890ff,
		[VIZ_MARK_KILL] = VIZ_COLOR_TM_GONE, [VIZ_MARK_START] = VIZ_COLOR_TM_NEW,
		[VIZ_MARK_SAVEPOINT] = VIZ_COLOR_SAVEPOINT, [VIZ_MARK_FAULT] = VIZ_COLOR_NET_FAULT,
		[VIZ_MARK_HEAL] = VIZ_COLOR_NET_HEAL,
	};
	return viz_rgb(colors[k]);
}

static void draw_checkpoint_marks(const VizCtx *c, VizRect track, SimTime t0, SimTime span)
{
	for (int n = 0; n < c->o->ncheckpoints; n++) {
		const VizCheckpoint *cp = viz_observer_checkpoint(c->o, n);
		SimTime end = cp->end_time >= 0 ? cp->end_time : c->now;
		if (end < t0)
			break;
		int x1 = track.x + (int)((double)(cp->trigger_time - t0) * track.w / (double)span);
		int x2 = track.x + (int)((double)(end - t0) * track.w / (double)span);
		x1 = x1 < track.x ? track.x : x1;
		int w = x2 - x1 < 2 ? 2 : x2 - x1;
		VizRect r = { x1, track.y + 4, w, track.h - 8 };
		VizColor col = viz_checkpoint_color(cp->status);
		if (cp->savepoint) {
			r = (VizRect){ x1 - 1, track.y, w < 4 ? 4 : w, track.h };
			col = cp->status == CP_COMPLETED ? viz_rgb(VIZ_COLOR_SAVEPOINT) : col;
		}
		gfx_fill(c, r, col);
	}
}

#define LABEL_ROWS 3          /* rows of mark labels above the checkpoint track, at most */
#define LABEL_ROW_PX 12

/* Vertical lines for restarts, restores, kills, starts; labels go in the first row where
 * they do not cover another label, newest first (the newest matter most). */
static void draw_timeline_marks(const VizCtx *c, VizRect area, VizRect track, SimTime t0, SimTime span)
{
	int spans[LABEL_ROWS][VIZ_MARKS_KEPT][2], nspans[LABEL_ROWS] = { 0 }, rows = c->l->timeline_label_rows;
	const VizMark *order[VIZ_MARKS_KEPT];             /* newest first by time, ties by insertion */
	int nm = 0;
	for (int n = 0; n < c->o->nmarks; n++) {
		const VizMark *m = viz_observer_mark(c->o, n);
		int k = nm++;
		for (; k > 0 && order[k - 1]->t < m->t; k--)
			order[k] = order[k - 1];
		order[k] = m;
	}
	for (int pass = 0; pass < 2; pass++)              /* lines first, then labels over them */
		for (int n = 0; n < nm; n++) {
			const VizMark *m = order[n];
			if (m->t < t0 || m->t > c->now)
				continue;
			int x = track.x + (int)((double)(m->t - t0) * track.w / (double)span);
			VizColor col = mark_color(m->kind);
			if (pass == 0) {
				gfx_line(c, x, area.y + 2, x, track.y + track.h, col);
				continue;
			}
			int w = viz_text_width(c->t, VIZ_FONT_SMALL, m->label) + 4;
			int lx = x + 2 + w > area.x + area.w ? x - w : x + 2;
			for (int row = 0; row < rows && row < LABEL_ROWS; row++) {
				bool free_here = true;
				for (int k = 0; k < nspans[row] && free_here; k++)
					free_here = lx + w <= spans[row][k][0] || lx >= spans[row][k][1];
				if (!free_here)
					continue;
				VizRect bg = { lx, area.y + row * LABEL_ROW_PX, w - 2, LABEL_ROW_PX };
				gfx_fill(c, bg, viz_rgba(0xffffff, 220));
				gfx_text(c, VIZ_FONT_SMALL, col, lx + 1, bg.y - 1, 0, "%s", m->label);
				spans[row][nspans[row]][0] = lx;
				spans[row][nspans[row]++][1] = lx + w;
				break;
			}
		}
}

void viz_draw_checkpoints(const VizCtx *c)
{
	const VizLayout *l = c->l;
	char right[400] = "";
	double done = 0, failed = 0, prog = 0;
	if (c->has_job) {
		sim_job_metric(c->s, c->job, "numberOfCompletedCheckpoints", &done);
		sim_job_metric(c->s, c->job, "numberOfFailedCheckpoints", &failed);
		sim_job_metric(c->s, c->job, "numberOfInProgressCheckpoints", &prog);
		snprintf(right, sizeof right, "completed %.0f · failed %.0f · in progress %.0f · restarts %" PRId64 "\n"
		         "completed %.0f · failed %.0f · restarts %" PRId64 "\ncompleted %.0f · failed %.0f", done, failed, prog,
		         c->job_info.num_restarts, done, failed, c->job_info.num_restarts, done, failed);
	}
	gfx_panel(c, l->checkpoints, "Checkpoints, failures and restores\nCheckpoints and restores", right);
	if (!c->s)
		return;
	VizRect a = l->timeline, track = l->timeline_track;
	SimTime span = viz_timeline_span(c->now), t0 = c->now - span;
	SimTime step = (span <= 3 * 60 * SIM_US_PER_S ? 15 : span <= 6 * 60 * SIM_US_PER_S ? 30 : 60) * SIM_US_PER_S;
	gfx_fill(c, track, viz_rgb(0xfafafa));
	for (SimTime tick = (t0 / step + 1) * step; tick <= c->now; tick += step) {
		if (tick < 0)
			continue;
		int x = track.x + (int)((double)(tick - t0) * track.w / (double)span);
		char label[32];
		snprintf(label, sizeof label, "%" PRId64 " s", tick / SIM_US_PER_S);
		gfx_line(c, x, track.y + track.h, x, track.y + track.h + 3, DIM);
		if (x + 2 + viz_text_width(c->t, VIZ_FONT_SMALL, label) <= track.x + track.w)  /* whole labels only */
			viz_text_draw(c->t, VIZ_FONT_SMALL, DIM, x + 2, track.y + track.h, 0, label);
	}
	draw_checkpoint_marks(c, track, t0, span);
	draw_timeline_marks(c, a, track, t0, span);
}

/* ---------------------------------------------------------------- output */

static void draw_output_cell(const VizCtx *c, VizRect cell, const VizWindowRow *w, int page)
{
	if (!w || w->records[page] == 0) {
		gfx_fill(c, cell, viz_rgb(VIZ_COLOR_COUNT_PENDING));
		if (w)
			gfx_text_center(c, VIZ_FONT_SMALL, DIM, cell, "…");
		return;
	}
	bool ok = !w->wrong[page];
	VizColor bg = viz_rgb(ok ? VIZ_COLOR_COUNT_OK : VIZ_COLOR_COUNT_WRONG);
	gfx_fill(c, cell, bg);
	char n[24];
	snprintf(n, sizeof n, "%" PRId64, w->count[page]);
	if (w->records[page] <= 1) {
		gfx_text_center(c, VIZ_FONT_BOLD, viz_rgb(0xffffff), cell, n);
		return;
	}
	/* Written more than once: an orange border and a "×n" tag; the count moves left, in the
	 * small font if need be — in a cell too narrow for both, the border alone says it. */
	char dup[12];
	snprintf(dup, sizeof dup, "×%d", w->records[page]);
	int dw = viz_text_width(c->t, VIZ_FONT_SMALL, dup) + 4;
	VizRect text = { cell.x, cell.y, cell.w - dw, cell.h };
	VizFont f = viz_text_width(c->t, VIZ_FONT_BOLD, n) + 2 <= text.w ? VIZ_FONT_BOLD : VIZ_FONT_SMALL_BOLD;
	bool tag_fits = viz_text_width(c->t, f, n) + 2 <= text.w;
	gfx_text_center(c, tag_fits ? f : VIZ_FONT_BOLD, viz_rgb(0xffffff), tag_fits ? text : cell, n);
	gfx_outline(c, cell, viz_rgb(VIZ_COLOR_DUPLICATE), 3);
	if (!tag_fits)
		return;
	VizRect tag = { cell.x + cell.w - dw, cell.y, dw, cell.h };
	gfx_fill(c, tag, viz_rgb(VIZ_COLOR_DUPLICATE));
	gfx_text_center(c, VIZ_FONT_SMALL, viz_rgb(0xffffff), tag, dup);
}

void viz_draw_output(const VizCtx *c)
{
	static const VizStyle header[] = { { VIZ_FONT_BOLD, 1, false }, { VIZ_FONT_SMALL_BOLD, 1, false },
		                           { VIZ_FONT_SMALL, 1, false } };
	const VizLayout *l = c->l;
	const VizObserver *o = c->o;
	char right[400];
	snprintf(right, sizeof right, "%" PRIu64 " windows, %" PRIu64 " wrong, %" PRIu64 " duplicates\n"
	         "%" PRIu64 " windows, %" PRIu64 " wrong", o->out_complete, o->out_wrong, o->out_duplicates, o->out_complete,
	         o->out_wrong);
	gfx_panel(c, l->output, "Output windows", right);
	VizRect lab = { l->output_grid.x, l->output_grid.y, l->output_label_px, 18 };
	gfx_fit(c, "window start\nevent time", gfx_one_line + 1, 1, DIM, lab.x, lab.y + 2, lab.w - 4, 0);
	for (int p = 0; p < l->shape.pages; p++) {
		VizRect h = viz_layout_output_header(l, p);
		VizFit f;
		viz_text_fit(c->t, sim_page_name(p), header, 3, h.w, &f);
		viz_text_draw_fit(c->t, &f, viz_rgb(VIZ_COLOR_TEXT), h.x, h.y + (h.h - viz_text_height(c->t, f.font)) / 2,
		                  h.w, 1);
	}
	for (int row = 0; row < l->output_rows; row++) {
		const VizWindowRow *w = viz_observer_window(o, row);
		VizRect rl = viz_layout_output_row_label(l, row);
		if (w) {
			char label[32];
			viz_window_label(w->start_ms, label, sizeof label);
			viz_text_draw(c->t, VIZ_FONT_SMALL, viz_rgb(VIZ_COLOR_TEXT), rl.x, rl.y + 3, rl.w, label);
		}
		for (int p = 0; p < l->shape.pages; p++)
			draw_output_cell(c, viz_layout_output_cell(l, row, p), w, p);
	}
	if (o->nwindows == 0)
		gfx_text_center(c, VIZ_FONT_BODY, DIM, l->output_grid, "no window closed yet");
}

/* ---------------------------------------------------------------- log */

static VizColor log_color(const VizLogEntry *e)
{
	switch (e->kind) {
	case VIZ_LOG_COMMAND: return viz_rgb(0x722ed1);
	case VIZ_LOG_PROBLEM: return viz_rgb(0xcf1322);
	case VIZ_LOG_NARRATION: return viz_rgb(0x000000);
	default: return viz_rgb(VIZ_COLOR_TEXT);
	}
}

static VizColor component_color(const char *component)
{
	if (strncmp(component, "taskmanager", 11) == 0)
		return viz_rgb(0x08979c);
	if (strncmp(component, "jobmanager", 10) == 0)
		return viz_rgb(0x1d39c4);
	if (strcmp(component, "scenario") == 0)
		return viz_rgb(0x000000);
	if (strcmp(component, "keyboard") == 0)
		return viz_rgb(0xeb2f96);                  /* the keyboard commands' colour on the timeline */
	return viz_rgb(0x595959);
}

/* One entry: its time and component, and its text wrapped in the rest of the line. Returns
 * how many lines it takes; draws them from y when draw, leaving out the first skip lines (an
 * entry at the top that scrolled partly out of the panel, as in a terminal). */
static int log_entry(const VizCtx *c, const VizLogEntry *e, VizRect r, int y, int skip, bool draw)
{
	char t[24];
	snprintf(t, sizeof t, "%9.3f", (double)e->t / 1e6);
	int tw = viz_text_width(c->t, VIZ_FONT_MONO, t) + 8;
	int cw = viz_text_width(c->t, VIZ_FONT_MONO, e->component) + 8;
	int x = r.x + tw + (cw > 7 * 12 ? cw : 7 * 12);
	VizFont f = e->kind == VIZ_LOG_NARRATION || e->kind == VIZ_LOG_COMMAND ? VIZ_FONT_BOLD : VIZ_FONT_BODY;
	VizStyle st[] = { { f, VIZ_TEXT_MAX_LINES, false }, { f, VIZ_TEXT_MAX_LINES, true } };
	VizFit fit;
	viz_text_fit(c->t, e->text, st, 2, r.x + r.w - x, &fit);
	if (draw) {
		if (skip == 0) {
			viz_text_draw(c->t, VIZ_FONT_MONO, DIM, r.x, y, 0, t);
			viz_text_draw(c->t, VIZ_FONT_MONO, component_color(e->component), r.x + tw, y, 0, e->component);
		}
		VizFit shown = fit;
		shown.lines.n = fit.lines.n - skip;
		for (int i = 0; i < shown.lines.n; i++) {
			shown.lines.start[i] = fit.lines.start[i + skip];
			shown.lines.len[i] = fit.lines.len[i + skip];
		}
		viz_text_draw_fit(c->t, &shown, log_color(e), x, y - 1, r.x + r.w - x, 0);
	}
	return fit.lines.n;
}

/* Entries newest at the bottom; a long line wraps onto the lines under it. */
void viz_draw_log(const VizCtx *c)
{
	const VizLayout *l = c->l;
	int scroll = c->f->log_scroll;
	char right[160];
	if (scroll > 0)
		snprintf(right, sizeof right, "scrolled back %d · End: follow", scroll);
	else
		snprintf(right, sizeof right, "newest at the bottom · PgUp/PgDn scroll\nPgUp/PgDn scroll");
	gfx_panel(c, l->log, "Log — what changed (scenario narration in bold)\nLog — what changed", right);
	int free_lines = l->log_lines, line_px = l->log_line_px;
	VizRect r = l->log_text;
	for (int n = scroll; free_lines > 0; n++) {
		const VizLogEntry *e = viz_observer_log(c->o, n);
		if (!e)
			break;
		int need = log_entry(c, e, r, 0, 0, false);
		int skip = need > free_lines ? need - free_lines : 0;
		free_lines -= need - skip;
		log_entry(c, e, r, r.y + free_lines * line_px, skip, true);
	}
}
