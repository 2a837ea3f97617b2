/*
 * layout.c — the view's geometry (see layout.h).
 *
 * Panels are fractions of the canvas; inside a panel, element sizes shrink (down to a few
 * pixels) as counts grow, and whatever still does not fit is reported as not shown rather
 * than drawn outside its panel.
 */
#include "layout.h"

#include "sim.h"

#define MARGIN        6      /* between panels and around the canvas */
#define TOP_BAR_PX    50
#define HINT_BAR_PX   24
#define SCRUB_PX      14     /* the timeline scrubber, over the hint bar (a video player's progress bar) */
#define TITLE_PX      28     /* panel title line */
#define PAD           10     /* inside a panel, left/right/bottom */

/* Left column: the job graph and the cluster get at least what their contents need at
 * 640 px of height, the checkpoint timeline a fixed band, the log the rest. */
#define GRAPH_MIN_PX    184
#define CLUSTER_MIN_PX  124
#define CHECKPOINTS_MIN_PX 92
#define CHECKPOINTS_MAX_PX 124
/* Right column: Kafka and the legend get a share within bounds, the output the rest. */
#define KAFKA_MIN_PX    172
#define KAFKA_MAX_PX    250
#define LEGEND_MIN_PX   148
#define LEGEND_MAX_PX   196

#define GRAPH_FOOTER_PX 16   /* the job's last failure, under the boxes */
#define VERTEX_TEXT_PX  80   /* name (two lines), parallelism, busy, the backpressure badge */
#define VERTEX_PAD_PX   5    /* text inset in a vertex box */
#define VERTEX_INOUT_W  137  /* narrower boxes write records in and out on two lines */
#define VERTEX_MIN_W    100  /* narrower boxes take the room of the edge labels' gaps */
#define EDGE_UPRIGHT_GAP_PX 22   /* a gap with its label written upwards */
#define SQUARE_MAX_PX   20
#define SQUARE_MIN_PX   4

#define SERVICES_PX     22   /* row of service pills above the TaskManagers */
#define NET_BAND_PX     18   /* the network rules' lines and labels, under the pills */
#define TM_MIN_W        40
#define TM_MIN_H        40
#define TM_MAX_W        360
#define SLOT_MIN_W      28
#define SLOT_LABEL_PX   16

#define PARTITION_LABEL_PX 34
#define PARTITION_BAR_PX   14
#define PARTITION_ROW_PX   30   /* the bar, and its offsets written under it */

#define TIMELINE_LABEL_ROW_PX 12   /* a row of mark labels above the checkpoint track */
#define TIMELINE_TRACK_MIN_PX 14
#define TIMELINE_TICKS_PX     13

#define OUTPUT_LABEL_PX  86     /* "12:00:45:000" in the small font, and a gap */
#define OUTPUT_HEADER_PX 20
#define OUTPUT_ROW_PX    22
#define OUTPUT_GAP       2

#define LOG_LINE_PX      15

static const VizRect none = { 0, 0, 0, 0 };

static VizRect rect(int x, int y, int w, int h)
{
	VizRect r = { x, y, w > 0 ? w : 0, h > 0 ? h : 0 };
	return r;
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static int imin(int a, int b) { return a < b ? a : b; }
static int imax(int a, int b) { return a > b ? a : b; }

/* The part of a panel below its title line. */
static VizRect panel_inner(VizRect p)
{
	return rect(p.x + PAD, p.y + TITLE_PX, p.w - 2 * PAD, p.h - TITLE_PX - PAD);
}

static void clamp_shape(VizShape *s)
{
	s->vertices = clamp(s->vertices, 0, VIZ_MAX_VERTICES);
	for (int v = 0; v < VIZ_MAX_VERTICES; v++)
		s->parallelism[v] = v < s->vertices ? imax(s->parallelism[v], 0) : 0;
	s->taskmanagers = clamp(s->taskmanagers, 0, VIZ_MAX_TASKMANAGERS);
	s->slots = imax(s->slots, 0);
	s->partitions = clamp(s->partitions, 0, VIZ_MAX_PARTITIONS);
	s->pages = clamp(s->pages, 0, VIZ_MAX_PAGES);
}

/* Panels: left column graph / cluster / checkpoints / log, right column kafka / output / legend. */
static void layout_panels(VizLayout *l)
{
	int w = l->width, h = l->height;
	l->top_bar = rect(0, 0, w, TOP_BAR_PX);
	l->hint_bar = rect(0, h - HINT_BAR_PX, w, HINT_BAR_PX);
	l->scrub = rect(0, h - HINT_BAR_PX - SCRUB_PX, w, SCRUB_PX);
	int y0 = TOP_BAR_PX + MARGIN, y1 = l->scrub.y - MARGIN, ch = y1 - y0;
	int lw = (w - 3 * MARGIN) * 63 / 100, rw = w - 3 * MARGIN - lw;
	int lx = MARGIN, rx = 2 * MARGIN + lw;

	int gh = imax(GRAPH_MIN_PX, ch * 28 / 100), ch2 = imax(CLUSTER_MIN_PX, ch * 25 / 100);
	int cph = clamp(ch * 14 / 100, CHECKPOINTS_MIN_PX, CHECKPOINTS_MAX_PX);
	l->graph = rect(lx, y0, lw, gh);
	l->cluster = rect(lx, y0 + gh + MARGIN, lw, ch2);
	l->checkpoints = rect(lx, l->cluster.y + ch2 + MARGIN, lw, cph);
	int ly = l->checkpoints.y + cph + MARGIN;
	l->log = rect(lx, ly, lw, y1 - ly);

	int kh = clamp(ch * 32 / 100, KAFKA_MIN_PX, KAFKA_MAX_PX), gh2 = clamp(ch * 26 / 100, LEGEND_MIN_PX, LEGEND_MAX_PX);
	l->kafka = rect(rx, y0, rw, kh);
	l->output = rect(rx, y0 + kh + MARGIN, rw, ch - kh - gh2 - 2 * MARGIN);
	l->legend = rect(rx, y1 - gh2, rw, gh2);
}

/* Job graph: vertex boxes left to right with room for the edge labels between them, and
 * one square size for every vertex (the largest that fits the widest vertex). A box holds
 * its text, the squares, and the records in and out (one line, or two in narrow boxes). */
static void layout_graph(VizLayout *l)
{
	const VizShape *s = &l->shape;
	VizRect in = panel_inner(l->graph);
	l->graph_footer = rect(in.x, in.y + in.h - GRAPH_FOOTER_PX, in.w, GRAPH_FOOTER_PX);
	in.h -= GRAPH_FOOTER_PX + 4;
	int n = s->vertices;
	if (n == 0)
		return;
	int gap = clamp(in.w / (n * 3), 58, 72);
	int bw = imin(200, (in.w - (n - 1) * gap) / n);
	l->edge_labels_upright = bw < VERTEX_MIN_W && n > 1;  /* narrow boxes: edge labels stand up in a narrow gap */
	if (l->edge_labels_upright) {
		gap = EDGE_UPRIGHT_GAP_PX;
		bw = imin(200, (in.w - (n - 1) * gap) / n);
	}
	int x0 = in.x + (in.w - (n * bw + (n - 1) * gap)) / 2;
	for (int v = 0; v < n; v++)
		l->vertex[v] = rect(x0 + v * (bw + gap), in.y, bw, in.h);
	l->vertex_footer_px = bw >= VERTEX_INOUT_W ? 15 : 28;

	int aw = bw - 16, ah = in.h - VERTEX_TEXT_PX - l->vertex_footer_px - 2;
	int pmax = 1;
	for (int v = 0; v < n; v++)
		pmax = imax(pmax, s->parallelism[v]);
	int sq = SQUARE_MIN_PX, gp = 2;
	for (int px = SQUARE_MAX_PX; px >= SQUARE_MIN_PX; px--) {
		int g = px >= 12 ? 4 : 2;
		int cols = imax(1, (aw + g) / (px + g));
		int rows = (pmax + cols - 1) / cols;
		if (rows * (px + g) - g <= ah) {
			sq = px;
			gp = g;
			break;
		}
	}
	l->square_px = sq;
	l->square_gap_px = gp;
	int cols = imax(1, (aw + gp) / (sq + gp));
	for (int v = 0; v < n; v++)
		l->square_cols[v] = imax(1, imin(cols, s->parallelism[v]));
}

/* Cluster: a row of service pills, then TaskManager boxes in a grid. */
static void layout_cluster(VizLayout *l)
{
	const VizShape *s = &l->shape;
	VizRect in = panel_inner(l->cluster);
	l->services = rect(in.x, in.y, in.w, SERVICES_PX);
	/* Only while a rule is on (the boxes keep their size otherwise); it takes the gap's room. */
	int below = s->net_pairs > 0 ? NET_BAND_PX : 8;
	if (s->net_pairs > 0)
		l->net_band = rect(in.x, in.y + SERVICES_PX, in.w, NET_BAND_PX - 2);
	l->tm_area = rect(in.x, in.y + SERVICES_PX + below, in.w, in.h - SERVICES_PX - below);
	int n = s->taskmanagers;
	if (n == 0)
		return;
	VizRect a = l->tm_area;
	int max_rows = imax(1, (a.h + MARGIN) / (TM_MIN_H + MARGIN));
	int max_cols = imax(1, (a.w + MARGIN) / (TM_MIN_W + MARGIN));
	int cols = imin(n, imax(1, (a.w + MARGIN) / (150 + MARGIN)));
	cols = imin(max_cols, imax(cols, (n + max_rows - 1) / max_rows));
	int rows = (n + cols - 1) / cols;
	l->tm_cols = cols;
	l->tm_w = imin(TM_MAX_W, (a.w - (cols - 1) * MARGIN) / cols);
	l->tm_h = (a.h - (rows - 1) * MARGIN) / rows;
	l->tm_header_px = imin(20, l->tm_h / 3);
}

/* Kafka: one bar per input partition (its offsets written under it), the total lag bar
 * with its line of text, the lag chart below. */
static void layout_kafka(VizLayout *l)
{
	const VizShape *s = &l->shape;
	VizRect in = panel_inner(l->kafka);
	int fit = imax(1, (in.h * 45 / 100) / PARTITION_ROW_PX);
	l->partitions_shown = imin(s->partitions, fit);
	l->partition_row_px = PARTITION_ROW_PX;
	l->partition_area = rect(in.x, in.y, in.w, l->partitions_shown * PARTITION_ROW_PX);
	int y = in.y + imax(1, l->partitions_shown) * PARTITION_ROW_PX + 2;
	l->lag_bar = rect(in.x + PARTITION_LABEL_PX, y, in.w - PARTITION_LABEL_PX, PARTITION_BAR_PX);
	int cy = y + PARTITION_BAR_PX + 20;
	l->lag_chart = rect(in.x, cy, in.w, in.y + in.h - cy);
}

/* Checkpoints: rows of mark labels, the track, its time ticks. */
static void layout_timeline(VizLayout *l)
{
	l->timeline = panel_inner(l->checkpoints);
	int room = l->timeline.h - TIMELINE_TRACK_MIN_PX - TIMELINE_TICKS_PX - 2;
	l->timeline_label_rows = clamp(room / TIMELINE_LABEL_ROW_PX, 1, 3);
	int top = l->timeline_label_rows * TIMELINE_LABEL_ROW_PX + 2;
	l->timeline_track = rect(l->timeline.x, l->timeline.y + top, l->timeline.w,
	                         l->timeline.h - top - TIMELINE_TICKS_PX);
}

static void layout_output(VizLayout *l)
{
	VizRect in = panel_inner(l->output);
	l->output_grid = in;
	l->output_label_px = OUTPUT_LABEL_PX;
	l->output_row_px = OUTPUT_ROW_PX;
	l->output_rows = imax(0, (in.h - OUTPUT_HEADER_PX) / OUTPUT_ROW_PX);
}

void viz_layout_compute(VizLayout *l, int width, int height, const VizShape *shape)
{
	*l = (VizLayout){ 0 };
	l->width = imax(width, VIZ_MIN_WIDTH);
	l->height = imax(height, VIZ_MIN_HEIGHT);
	l->shape = *shape;
	clamp_shape(&l->shape);
	layout_panels(l);
	layout_graph(l);
	layout_cluster(l);
	layout_kafka(l);
	layout_output(l);
	layout_timeline(l);
	l->log_text = rect(l->log.x + PAD, l->log.y + TITLE_PX, l->log.w - 2 * PAD, l->log.h - TITLE_PX - 6);
	l->log_line_px = LOG_LINE_PX;
	l->log_lines = l->log_text.h / LOG_LINE_PX;
}

/* ---------------------------------------------------------------- job graph */

VizRect viz_layout_vertex(const VizLayout *l, int v)
{
	return v >= 0 && v < l->shape.vertices ? l->vertex[v] : none;
}

VizRect viz_layout_vertex_text(const VizLayout *l, int v)
{
	VizRect b = viz_layout_vertex(l, v);
	return b.w ? rect(b.x + VERTEX_PAD_PX, b.y + 4, b.w - 2 * VERTEX_PAD_PX, VERTEX_TEXT_PX - 4) : none;
}

VizRect viz_layout_vertex_footer(const VizLayout *l, int v)
{
	VizRect b = viz_layout_vertex(l, v);
	int h = l->vertex_footer_px;
	return b.w ? rect(b.x + VERTEX_PAD_PX, b.y + b.h - h, b.w - 2 * VERTEX_PAD_PX, h - 2) : none;
}

VizRect viz_layout_subtask(const VizLayout *l, int v, int i)
{
	VizRect b = viz_layout_vertex(l, v);
	if (!b.w || i < 0 || i >= l->shape.parallelism[v])
		return none;
	int s = l->square_px, g = l->square_gap_px, cols = l->square_cols[v];
	int ax = b.x + 8, ay = b.y + VERTEX_TEXT_PX, aw = b.w - 16, ah = b.h - VERTEX_TEXT_PX - l->vertex_footer_px - 2;
	int row = i / cols, col = i % cols;
	if (row * (s + g) + s > ah)
		return none;
	int x0 = ax + (aw - (cols * (s + g) - g)) / 2;
	return rect(x0 + col * (s + g), ay + row * (s + g), s, s);
}

VizRect viz_layout_edge(const VizLayout *l, int v)
{
	if (v < 1 || v >= l->shape.vertices)
		return none;
	VizRect a = l->vertex[v - 1], b = l->vertex[v];
	return rect(a.x + a.w, a.y, b.x - (a.x + a.w), a.h);
}

/* ---------------------------------------------------------------- TaskManagers */

VizRect viz_layout_taskmanager(const VizLayout *l, int k)
{
	if (k < 0 || k >= l->shape.taskmanagers || l->tm_cols == 0)
		return none;
	int row = k / l->tm_cols, col = k % l->tm_cols;
	return rect(l->tm_area.x + col * (l->tm_w + MARGIN), l->tm_area.y + row * (l->tm_h + MARGIN),
	            l->tm_w, l->tm_h);
}

VizRect viz_layout_taskmanager_header(const VizLayout *l, int k)
{
	VizRect b = viz_layout_taskmanager(l, k);
	return b.w ? rect(b.x, b.y, b.w, l->tm_header_px) : none;
}

VizRect viz_layout_slot(const VizLayout *l, int k, int s)
{
	VizRect b = viz_layout_taskmanager(l, k);
	int n = l->shape.slots;
	if (!b.w || s < 0 || s >= n)
		return none;
	VizRect a = rect(b.x + 4, b.y + l->tm_header_px + 4, b.w - 8, b.h - l->tm_header_px - 8);
	int cols = imin(n, imax(1, (a.w + 4) / (SLOT_MIN_W + 4)));
	int rows = (n + cols - 1) / cols;
	int sw = (a.w - (cols - 1) * 4) / cols, sh = (a.h - (rows - 1) * 4) / rows;
	if (sw < 2 || sh < 2)
		return none;
	return rect(a.x + (s % cols) * (sw + 4), a.y + (s / cols) * (sh + 4), sw, sh);
}

VizRect viz_layout_slot_task(const VizLayout *l, int k, int s, int v)
{
	VizRect sl = viz_layout_slot(l, k, s);
	int n = l->shape.vertices;
	if (!sl.w || v < 0 || v >= n)
		return none;
	int top = sl.h >= 30 ? SLOT_LABEL_PX : 2;
	VizRect a = rect(sl.x + 3, sl.y + top, sl.w - 6, sl.h - top - 3);
	int m = imin(16, imin((a.w - (n - 1) * 2) / n, a.h));
	if (m < 2)
		return none;
	return rect(a.x + v * (m + 2), a.y + (a.h - m) / 2, m, m);
}

/* ---------------------------------------------------------------- Kafka */

VizRect viz_layout_partition_bar(const VizLayout *l, int p)
{
	if (p < 0 || p >= l->partitions_shown)
		return none;
	VizRect a = l->partition_area;
	return rect(a.x + PARTITION_LABEL_PX, a.y + p * l->partition_row_px, a.w - PARTITION_LABEL_PX,
	            PARTITION_BAR_PX);
}

VizRect viz_layout_partition_text(const VizLayout *l, int p)
{
	VizRect b = viz_layout_partition_bar(l, p);
	return b.w ? rect(b.x, b.y + b.h + 1, b.w, l->partition_row_px - b.h - 2) : none;
}

/* ---------------------------------------------------------------- output */

static int cell_w(const VizLayout *l)
{
	int n = l->shape.pages;
	return n ? (l->output_grid.w - l->output_label_px - (n - 1) * OUTPUT_GAP) / n : 0;
}

VizRect viz_layout_output_header(const VizLayout *l, int page)
{
	if (page < 0 || page >= l->shape.pages)
		return none;
	int w = cell_w(l);
	return rect(l->output_grid.x + l->output_label_px + page * (w + OUTPUT_GAP), l->output_grid.y, w,
	            OUTPUT_HEADER_PX - 2);
}

VizRect viz_layout_output_cell(const VizLayout *l, int row, int page)
{
	VizRect h = viz_layout_output_header(l, page);
	if (!h.w || row < 0 || row >= l->output_rows)
		return none;
	return rect(h.x, l->output_grid.y + OUTPUT_HEADER_PX + row * OUTPUT_ROW_PX, h.w,
	            OUTPUT_ROW_PX - OUTPUT_GAP);
}

VizRect viz_layout_output_row_label(const VizLayout *l, int row)
{
	if (row < 0 || row >= l->output_rows)
		return none;
	return rect(l->output_grid.x, l->output_grid.y + OUTPUT_HEADER_PX + row * OUTPUT_ROW_PX,
	            l->output_label_px - 4, OUTPUT_ROW_PX - OUTPUT_GAP);
}

/* ---------------------------------------------------------------- log */

VizRect viz_layout_log_line(const VizLayout *l, int n)
{
	if (n < 0 || n >= l->log_lines)
		return none;
	return rect(l->log_text.x, l->log_text.y + n * l->log_line_px, l->log_text.w, l->log_line_px);
}

/* ---------------------------------------------------------------- scrubber */

/* The track runs across the strip with room for the handle at both ends. */
static VizRect scrub_track(const VizLayout *l)
{
	return rect(l->scrub.x + 10, l->scrub.y, l->scrub.w - 20, l->scrub.h);
}

int viz_layout_scrub_x(const VizLayout *l, SimTime span, SimTime t)
{
	VizRect tr = scrub_track(l);
	if (span <= 0)
		return tr.x;
	t = t < 0 ? 0 : t > span ? span : t;
	return tr.x + (int)((double)t * (tr.w - 1) / (double)span);
}

SimTime viz_layout_scrub_time(const VizLayout *l, SimTime span, int x)
{
	VizRect tr = scrub_track(l);
	int dx = x - tr.x;
	dx = dx < 0 ? 0 : dx > tr.w - 1 ? tr.w - 1 : dx;
	SimTime t = (SimTime)((double)dx * (double)span / (tr.w - 1));
	return t - t % (10 * SIM_US_PER_MS);               /* a click means an instant to 10 ms */
}

/* ---------------------------------------------------------------- helpers */

bool viz_rect_empty(VizRect r)
{
	return r.w <= 0 || r.h <= 0;
}

bool viz_rect_inside(VizRect in, VizRect out)
{
	return !viz_rect_empty(in) && in.x >= out.x && in.y >= out.y && in.x + in.w <= out.x + out.w &&
	       in.y + in.h <= out.y + out.h;
}

bool viz_rect_overlap(VizRect a, VizRect b)
{
	if (viz_rect_empty(a) || viz_rect_empty(b))
		return false;
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

bool viz_rect_contains(VizRect r, int x, int y)
{
	return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

void viz_rect_center(VizRect r, int *x, int *y)
{
	*x = r.x + r.w / 2;
	*y = r.y + r.h / 2;
}
