/*
 * draw.c — one frame (see draw.h): the top bar (clock, speed, job state, the scenario's
 * latest narration), the panels, the legend, the key hints, and the help overlay.
 */
#include "draw.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "gfx.h"

#define LEGEND_LABEL_PX 90      /* the legend's row titles */

/* A column of the top bar ending at x: big text over small grey text. Returns its width. */
static int column(const VizCtx *c, int x, int min_w, const char *big, VizColor col, VizFont f, int y,
                  const char *small)
{
	int w = viz_text_width(c->t, f, big), sw = viz_text_width(c->t, VIZ_FONT_SMALL, small);
	w = w > sw ? w : sw;
	w = w > min_w ? w : min_w;                        /* steady while the digits change */
	viz_text_draw(c->t, f, col, x - w, y, 0, big);
	viz_text_draw(c->t, VIZ_FONT_SMALL, viz_rgb(0xa6adb4), x - w, 31, 0, small);
	return w;
}

/* The scenario's latest narration between the title and the clock: under its time on up
 * to two lines, or on three without the time when it is long. */
static void draw_narration(const VizCtx *c, int x, int w)
{
	static const VizStyle two[] = { { VIZ_FONT_BOLD, 2, false }, { VIZ_FONT_SMALL_BOLD, 2, false } };
	static const VizStyle three[] = { { VIZ_FONT_SMALL_BOLD, 3, false } };
	VizColor yellow = viz_rgb(0xffe58f);
	VizFit f;
	if (c->o->narration_t < 0 || w < 80)
		return;
	viz_text_fit(c->t, c->o->narration, two, 2, w, &f);
	if (!f.cut && f.lines.n == 2) {                    /* two lines of about the same length */
		VizStyle one = { f.font, 2, false };
		int lo = w / 2, hi = w;
		while (lo < hi) {
			int mid = (lo + hi) / 2;
			VizFit g;
			viz_text_fit(c->t, c->o->narration, &one, 1, mid, &g);
			if (g.cut)
				lo = mid + 1;
			else
				hi = mid;
		}
		viz_text_fit(c->t, c->o->narration, &one, 1, lo, &f);
	}
	if (!f.cut) {
		gfx_text(c, VIZ_FONT_SMALL, viz_rgb(0xa6adb4), x, 4, w, "scenario at %.1f s:", (double)c->o->narration_t / 1e6);
		viz_text_draw_fit(c->t, &f, yellow, x, f.lines.n == 1 ? 22 : 18, w, 0);
		return;
	}
	viz_text_fit(c->t, c->o->narration, three, 1, w, &f);
	viz_text_draw_fit(c->t, &f, yellow, x, 6, w, 0);
}

static void draw_top_bar(const VizCtx *c)
{
	const VizFrame *f = c->f;
	VizRect bar = c->l->top_bar;
	VizColor white = viz_rgb(0xffffff), grey = viz_rgb(0xa6adb4);
	gfx_fill(c, bar, viz_rgb(VIZ_COLOR_TOP_BAR));

	/* Right: job state badge, speed, clock — laid out from the right edge. */
	int x = bar.w - 14;
	if (c->has_job) {
		char label[48];
		snprintf(label, sizeof label, "job %s", job_state_name(c->job_info.state));
		int w = viz_text_width(c->t, VIZ_FONT_BOLD, label) + 16;
		x -= w;
		gfx_badge(c, VIZ_FONT_BOLD, x, 8, viz_job_color(c->job_info.state), label);
		gfx_text(c, VIZ_FONT_SMALL, grey, x, 33, 0, "%" PRId64 " restart%s", c->job_info.num_restarts,
		         c->job_info.num_restarts == 1 ? "" : "s");
		x -= 18;
	}
	char speed[48], actual[48] = "";
	if (f->paused)
		snprintf(speed, sizeof speed, "❚❚ paused");
	else if (f->speed <= 0)
		snprintf(speed, sizeof speed, "▶ max speed");
	else
		snprintf(speed, sizeof speed, "▶ %g×", f->speed);
	if (f->actual_speed > 0 && !f->paused)
		snprintf(actual, sizeof actual, "%.0f× real time", f->actual_speed);
	x -= column(c, x, 100, speed, f->paused ? viz_rgb(0xfaad14) : white, VIZ_FONT_BOLD, 9, actual) + 22;

	char clock[48], dur[48], sub[64];
	snprintf(clock, sizeof clock, "t = %.1f s", (double)c->now / 1e6);
	snprintf(sub, sizeof sub, "%s simulated", gfx_duration(dur, sizeof dur, c->now));
	x -= column(c, x, 150, clock, white, VIZ_FONT_BIG, 4, sub);

	/* Left: the title, the scenario and seed under it; in a narrow window (a half of a
	 * comparison) the scenario is the title, and the narration gets the room. */
	const char *base = f->scenario && strrchr(f->scenario, '/') ? strrchr(f->scenario, '/') + 1 : f->scenario;
	base = base && *base ? base : "(no scenario)";
	int tw, ww;
	if (bar.w >= 1100) {
		bool big = bar.w >= 1200;
		tw = viz_text_draw(c->t, big ? VIZ_FONT_BIG : VIZ_FONT_TITLE, white, 14, big ? 4 : 8, 0,
		                   "Flink Operations Playground");
		char who[600];
		snprintf(who, sizeof who, "%s · seed %" PRIu64 "\n%s", base, f->seed, base);
		ww = gfx_fit(c, who, gfx_one_line + 1, 1, grey, 14, 31, tw > 200 ? tw : 200, 0).width;
	} else {
		static const VizStyle name[] = { { VIZ_FONT_TITLE, 1, false }, { VIZ_FONT_SMALL_BOLD, 1, false } };
		tw = gfx_fit(c, base, name, 2, white, 14, 8, 180, 0).width;
		ww = gfx_text(c, VIZ_FONT_SMALL, grey, 14, 31, 0, "seed %" PRIu64, f->seed);
	}
	int mx = 14 + (tw > ww ? tw : ww) + 24;

	/* Middle: the scenario's latest narration. */
	draw_narration(c, mx, x - 24 - mx);
}

/* The key hints that fit, whole, from the most used on (h lists them all). */
static void key_hints(char *buf, size_t len)
{
	static const char *const items[] = { "space pause", "←/→ back/on 1 s", "⇧←/→ marks", "+/- speed", "k kill",
		                             "s start", "1-9 select TM", "p pause", "u/d scale", "x stop with savepoint",
		                             "r resubmit", ". step" };
	int n = (int)(sizeof items / sizeof items[0]);
	size_t k = 0;
	buf[0] = '\0';
	for (int m = n; m >= 2 && k < len; m--) {              /* alternatives, each one item shorter */
		for (int i = 0; i < m && k < len; i++)
			k += (size_t)snprintf(buf + k, len - k, "%s · ", items[i]);
		k += (size_t)snprintf(buf + k, len - k, "q quit%s", m > 2 ? "\n" : "");
	}
}

static void draw_hint_bar(const VizCtx *c)
{
	VizRect bar = c->l->hint_bar;
	gfx_fill(c, bar, viz_rgb(0xfafafa));
	gfx_line(c, bar.x, bar.y, bar.x + bar.w, bar.y, viz_rgb(VIZ_COLOR_BORDER));
	const VizControls *k = c->f->controls;
	int x = 12 + gfx_text(c, VIZ_FONT_BOLD, viz_rgb(VIZ_COLOR_TEXT), 12, bar.y + 4, 0, "h: help") + 16;
	int right = 12;
	if (c->f->status) {                                /* the time machine: going back, a branch */
		static const VizStyle bold[] = { { VIZ_FONT_BOLD, 1, false }, { VIZ_FONT_SMALL_BOLD, 1, false } };
		int room = bar.w / 3;
		VizFit st = gfx_fit(c, c->f->status, bold, 2, viz_rgb(0xd46b08), bar.w - 12 - room, bar.y + 4, room, 2);
		right += st.width + 12;
	} else if (c->f->fps > 0) {
		char fps[32];
		snprintf(fps, sizeof fps, "%.0f frames/s", c->f->fps);
		right += 12 + gfx_text_right(c, VIZ_FONT_SMALL, viz_rgb(VIZ_COLOR_TEXT_DIM), bar.w - 12, bar.y + 6, fps);
	}
	int w = bar.w - x - right;
	if (k && k->message[0]) {
		gfx_fit(c, k->message, gfx_one_line, 2, viz_rgb(k->message_error ? 0xcf1322 : 0x135200), x, bar.y + 4, w, 0);
	} else {
		char hints[2048];
		key_hints(hints, sizeof hints);
		gfx_fit(c, hints, gfx_one_line, 1, viz_rgb(VIZ_COLOR_TEXT_DIM), x, bar.y + 4, w, 0);
	}
}

/* One row of the legend: a title and labelled colour chips, wrapping at the panel's edge.
 * Returns the y of the next row; draws only when draw is set (the first pass measures). */
typedef struct LegendRow {
	const char *title;
	const uint32_t *colors;
	const char *const *labels;
	int n;
	bool optional;            /* left out when the panel is short */
} LegendRow;

static int legend_row(const VizCtx *c, int y, const LegendRow *row, bool draw)
{
	VizRect p = c->l->legend;
	int x0 = p.x + 10 + LEGEND_LABEL_PX, x = x0;
	if (draw)
		viz_text_draw(c->t, VIZ_FONT_BOLD, viz_rgb(VIZ_COLOR_TEXT), p.x + 10, y - 1, 0, row->title);
	for (int i = 0; i < row->n; i++) {
		int w = 26 + viz_text_width(c->t, VIZ_FONT_SMALL, row->labels[i]);
		if (x + w > p.x + p.w - 6 && x > x0) {
			x = x0;
			y += 15;
		}
		if (draw)
			gfx_chip(c, x, y, viz_rgb(row->colors[i]), row->labels[i]);
		x += w;
	}
	return y + 16;
}

static void draw_vertex_fill(const VizCtx *c, int y)
{
	VizRect p = c->l->legend;
	viz_text_draw(c->t, VIZ_FONT_BOLD, viz_rgb(VIZ_COLOR_TEXT), p.x + 10, y - 1, 0, "Vertex fill");
	int x = p.x + 10 + LEGEND_LABEL_PX;
	for (int g = 0; g < 2; g++) {
		VizRect grad = { x, y + 2, 44, 11 };
		for (int i = 0; i < grad.w; i++) {
			double t = (double)i / (grad.w - 1);
			gfx_line(c, grad.x + i, grad.y, grad.x + i, grad.y + grad.h - 1,
			         g == 0 ? viz_vertex_tint(t, 0) : viz_vertex_tint(0, t));
		}
		x += grad.w + 5;
		x += viz_text_draw(c->t, VIZ_FONT_SMALL, viz_rgb(VIZ_COLOR_TEXT), x, y, 0,
		                   g == 0 ? "busy" : "back-pressured") + 12;
	}
}

/* The run has had a fault or a heal (the timeline's marks: the legend then names their colours). */
static bool seen_faults(const VizObserver *o)
{
	for (int n = 0; o && viz_observer_mark(o, n); n++)
		if (viz_observer_mark(o, n)->kind == VIZ_MARK_FAULT || viz_observer_mark(o, n)->kind == VIZ_MARK_HEAL)
			return true;
	return false;
}

/* Every row when they fit; in a short panel, the rows whose colours carry no text elsewhere
 * (task states, checkpoints, output cells, the vertex fill): the TaskManager stripes and the
 * timeline marks are labelled where they are drawn. */
static void draw_legend(const VizCtx *c)
{
	VizRect p = c->l->legend;
	gfx_panel(c, p, "Legend", "colours of Flink's Web UI");
	/* INITIALIZING came with Flink 1.12 (FLINK-17012: a task restoring its state): the 1.9
	 * profile's tasks never show it, and the legend names only states the run can show. */
	static const TaskState states[] = { TASK_CREATED, TASK_SCHEDULED, TASK_DEPLOYING, TASK_INITIALIZING, TASK_RUNNING,
		                            TASK_FINISHED, TASK_CANCELING, TASK_CANCELED, TASK_FAILED };
	bool initializing = c->s && sim_options(c->s)->config.flink_version == FLINK_1_13;
	uint32_t colors[9];
	const char *labels[9];
	int nstates = 0;
	for (int i = 0; i < 9; i++) {
		if (states[i] == TASK_INITIALIZING && !initializing)
			continue;
		colors[nstates] = viz_hex(viz_task_color(states[i]));
		labels[nstates++] = task_state_name(states[i]);
	}
	static const uint32_t tm_colors[] = { VIZ_COLOR_TM_RUNNING, VIZ_COLOR_TM_NEW, VIZ_COLOR_TM_PAUSED, VIZ_COLOR_TM_GONE };
	static const char *const tm_labels[] = { "running", "new / starting", "paused", "killed / stopped" };
	static const uint32_t cp_colors[] = { 0x1890ff, 0xfaad14, 0xf5222d, VIZ_COLOR_SAVEPOINT };
	static const char *const cp_labels[] = { "completed", "in progress", "failed", "savepoint" };
	static const uint32_t mk_colors[] = { VIZ_COLOR_RESTART, VIZ_COLOR_RESTORE, VIZ_COLOR_TM_GONE, VIZ_COLOR_TM_NEW,
		                              VIZ_COLOR_NET_FAULT, VIZ_COLOR_NET_HEAL };
	static const char *const mk_labels[] = { "restart", "restore", "kill / stop", "start", "fault", "heal" };
	static const uint32_t out_colors[] = { VIZ_COLOR_COUNT_OK, VIZ_COLOR_COUNT_WRONG, VIZ_COLOR_DUPLICATE,
		                               VIZ_COLOR_COUNT_PENDING };
	static const char *const out_labels[] = { "= 1000", "≠ 1000", "duplicate ×2", "pending" };
	const LegendRow rows[] = {
		{ "Tasks", colors, labels, nstates, false },
		{ "TM box", tm_colors, tm_labels, 4, true },
		{ "Checkpoint", cp_colors, cp_labels, 4, false },
		{ "Timeline", mk_colors, mk_labels, seen_faults(c->o) ? 6 : 4, true },   /* fault / heal once there are some */
		{ "Output", out_colors, out_labels, 4, true },
	};
	int n = (int)(sizeof rows / sizeof rows[0]), bottom = p.y + p.h - 4;
	bool shown[8];
	for (int i = 0; i < n; i++)
		shown[i] = true;
	for (int drop = n - 1; drop >= 0; drop--) {        /* leave out optional rows, the last first */
		int y = p.y + 30;
		for (int i = 0; i < n; i++)
			if (shown[i])
				y = legend_row(c, y, &rows[i], false);
		if (y + 15 <= bottom)
			break;
		shown[drop] = !rows[drop].optional;
	}
	int y = p.y + 30;
	for (int i = 0; i < n; i++)
		if (shown[i])
			y = legend_row(c, y, &rows[i], true);
	if (y + 14 <= bottom)
		draw_vertex_fill(c, y);
}

static void draw_help(const VizCtx *c)
{
	int rows = 0;
	while (viz_key_help[rows].keys)
		rows++;
	int w = 700, h = 100 + 20 * rows;
	VizRect box = { (c->l->width - w) / 2, (c->l->height - h) / 2, w, h };
	gfx_fill(c, box, viz_rgba(0x001529, 248));
	gfx_outline(c, box, viz_rgb(0x1890ff), 2);
	viz_text_draw(c->t, VIZ_FONT_BIG, viz_rgb(0xffffff), box.x + 20, box.y + 14, 0, "Keys");
	int y = box.y + 50;
	for (int i = 0; viz_key_help[i].keys; i++, y += 20) {
		viz_text_draw(c->t, VIZ_FONT_BOLD, viz_rgb(0xffe58f), box.x + 24, y, 0, viz_key_help[i].keys);
		viz_text_draw(c->t, VIZ_FONT_BODY, viz_rgb(0xffffff), box.x + 150, y, w - 170, viz_key_help[i].what);
	}
	const VizControls *k = c->f->controls;
	if (k)
		gfx_text(c, VIZ_FONT_BODY, viz_rgb(0x95de64), box.x + 24, y + 8, w - 48,
		         "now: keys act on taskmanager-%d · resubmission parallelism %d · savepoint: %s", k->selected_tm + 1,
		         viz_controls_next_parallelism(k, c->s), k->savepoint[0] ? k->savepoint : k->trigger[0] ? "being taken" : "none yet");
	viz_text_draw(c->t, VIZ_FONT_SMALL, viz_rgb(0xa6adb4), box.x + 24, y + 32, w - 48,
	              "Each command is a Lua API call's action and leaves only that call's trace line: --record OUT.lua writes the branch as a scenario.");
}

/* The end of the scenario (or its failure) across the bottom bar, where the eye goes for keys. */
static void draw_banner(const VizCtx *c)
{
	VizRect b = c->l->hint_bar;
	gfx_fill(c, b, viz_rgb(c->f->banner_error ? 0xa8071a : 0x135200));
	viz_text_draw(c->t, VIZ_FONT_BOLD, viz_rgb(0xffffff), b.x + 12, b.y + 5, b.w - 24, c->f->banner);
}

void viz_draw(SDL_Renderer *r, VizText *t, int w, int h, const Sim *s, const VizObserver *o, const VizFrame *f,
              VizLayout *layout_out)
{
	VizShape shape;
	VizLayout layout;
	viz_shape_from_sim(s, &shape);
	viz_layout_compute(&layout, w, h, &shape);
	VizCtx c = { .r = r, .t = t, .s = s, .o = o, .f = f, .l = &layout, .now = s ? sim_now(s) : 0 };
	c.has_job = s && sim_job_current(s, c.job) && sim_job_info(s, c.job, &c.job_info) == SIM_OK;

	gfx_fill(&c, (VizRect){ 0, 0, layout.width, layout.height }, viz_rgb(VIZ_COLOR_BACKGROUND));
	draw_top_bar(&c);
	viz_draw_graph(&c);
	viz_draw_cluster(&c);
	viz_draw_checkpoints(&c);
	viz_draw_log(&c);
	viz_draw_kafka(&c);
	viz_draw_output(&c);
	draw_legend(&c);
	if (f->draw_scrubber)
		viz_draw_scrubber(&c);
	if (f->banner)
		draw_banner(&c);
	else
		draw_hint_bar(&c);
	if (f->help)
		draw_help(&c);
	viz_text_frame_end(t);
	if (layout_out)
		*layout_out = layout;
}

void viz_draw_scrubber_bar(SDL_Renderer *r, VizText *t, int w, int h, SimTime now, const VizFrame *f)
{
	VizShape shape = { 0 };
	VizLayout layout;
	viz_layout_compute(&layout, w, h, &shape);
	VizCtx c = { .r = r, .t = t, .f = f, .l = &layout, .now = now };
	viz_draw_scrubber(&c);
}
