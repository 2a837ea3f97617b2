/*
 * layout.h — where every element of the view goes, in pixels, without a display.
 *
 * The view is a fixed arrangement of panels (job graph, TaskManagers, checkpoints, log on
 * the left; Kafka, output, legend on the right) whose inner geometry depends on the shape
 * of what is shown: how many vertices and subtasks, TaskManagers and slots, partitions.
 * viz_layout_compute turns a window size and a VizShape into a VizLayout; the accessors
 * return the rectangle of one element, or an empty rectangle (w == 0) for an index that
 * is out of range or does not fit. The drawing code and the snapshot tests read the same
 * rectangles, so a test can check the pixel where a subtask square was drawn.
 *
 * Pure arithmetic: no SDL, no Sim. Invariants (tested): every element lies inside its
 * panel, panels do not overlap, elements of one kind do not overlap each other.
 */
#ifndef VIZ_LAYOUT_H
#define VIZ_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#define VIZ_MAX_VERTICES     8     /* vertices drawn (the job has 2 to 5) */
#define VIZ_MAX_TASKMANAGERS 32    /* TaskManager boxes drawn */
#define VIZ_MAX_PARTITIONS   32    /* input partitions drawn */
#define VIZ_MAX_PAGES        8     /* output columns (the generator has 6 pages) */

typedef struct VizRect {
	int x, y;                 /* top-left corner, px */
	int w, h;                 /* size, px; w == 0 means "not shown" */
} VizRect;

/* What the layout depends on: the counts of things to draw. */
typedef struct VizShape {
	int vertices;                          /* vertices of the shown job, 0 when none */
	int parallelism[VIZ_MAX_VERTICES];     /* subtasks per vertex */
	int taskmanagers;                      /* taskmanager instances (running or not) */
	int slots;                             /* slots per TaskManager */
	int partitions;                        /* partitions of the input topic */
	int pages;                             /* output columns */
	int net_pairs;                         /* pairs of containers with a network rule (0: no band for them) */
} VizShape;

typedef struct VizLayout {
	int width, height;        /* canvas, px */
	VizShape shape;           /* as given, clamped to the maxima above */

	VizRect top_bar;          /* title, clock, speed, job badge */
	VizRect hint_bar;         /* keys and the outcome of the last command */
	VizRect scrub;            /* the timeline scrubber: the whole run, its marks, the instant shown */
	VizRect graph;            /* panel: the job graph */
	VizRect cluster;          /* panel: JobManager, services, TaskManagers */
	VizRect checkpoints;      /* panel: checkpoint timeline */
	VizRect log;              /* panel: scrolling log */
	VizRect kafka;            /* panel: input partitions and lag */
	VizRect output;           /* panel: windows × pages */
	VizRect legend;           /* panel: what the colours mean */

	VizRect vertex[VIZ_MAX_VERTICES];      /* job graph boxes */
	VizRect graph_footer;     /* line under the boxes: the job's last failure */
	int vertex_footer_px;     /* height of the records in / out at a box's bottom (one or two lines) */
	int square_px;            /* side of a subtask square in the job graph */
	int square_gap_px;        /* gap between squares */
	int square_cols[VIZ_MAX_VERTICES];     /* squares per row, per vertex */
	bool edge_labels_upright; /* the gaps are narrow: FORWARD / HASH are written bottom to top */

	VizRect services;         /* row of service pills in the cluster panel */
	VizRect net_band;         /* between the pills and the boxes: the network rules' lines and labels (w 0: none) */
	VizRect tm_area;          /* where TaskManager boxes go */
	int tm_cols;              /* TaskManager boxes per row */
	int tm_w, tm_h;           /* size of one box, px */
	int tm_header_px;         /* height of a box's status stripe */

	VizRect partition_area;   /* input partition bars */
	int partition_row_px;     /* height of one partition row */
	int partitions_shown;     /* rows that fit */
	VizRect lag_bar;          /* total consumer lag bar */
	VizRect lag_chart;        /* lag over time */

	VizRect output_grid;      /* header row + window rows */
	int output_label_px;      /* width of the window-start column */
	int output_row_px;        /* height of one row */
	int output_rows;          /* window rows that fit */

	VizRect timeline;         /* checkpoint marks (inside the checkpoints panel) */
	int timeline_label_rows;  /* rows of mark labels above the track */
	VizRect timeline_track;   /* the checkpoints' band (ticks under it) */
	VizRect log_text;         /* log lines */
	int log_line_px;          /* height of one log line */
	int log_lines;            /* lines that fit */
} VizLayout;

/* The default canvas, px (docs images use it). Smaller sizes are clamped to the minimum. */
#define VIZ_DEFAULT_WIDTH  1280
#define VIZ_DEFAULT_HEIGHT 800
#define VIZ_MIN_WIDTH      960
#define VIZ_MIN_HEIGHT     640

void viz_layout_compute(VizLayout *l, int width, int height, const VizShape *shape);

/* Job graph: the box of vertex v and the square of its subtask i (0-based). */
VizRect viz_layout_vertex(const VizLayout *l, int v);
VizRect viz_layout_subtask(const VizLayout *l, int v, int i);
/* Text area of vertex v above its squares (name, parallelism, busy / back-pressured), and
 * the area under them (records in and out). */
VizRect viz_layout_vertex_text(const VizLayout *l, int v);
VizRect viz_layout_vertex_footer(const VizLayout *l, int v);
/* Edge from vertex v-1 to v (v >= 1): the gap between the two boxes. */
VizRect viz_layout_edge(const VizLayout *l, int v);

/* TaskManagers: box k (instance taskmanager-(k+1)), its status stripe, slot s in it, and
 * the square of vertex v's subtask that occupies slot s (slot sharing: one per vertex). */
VizRect viz_layout_taskmanager(const VizLayout *l, int k);
VizRect viz_layout_taskmanager_header(const VizLayout *l, int k);
VizRect viz_layout_slot(const VizLayout *l, int k, int s);
VizRect viz_layout_slot_task(const VizLayout *l, int k, int s, int v);

/* Kafka: the bar of input partition p, and the line under it (its offsets). */
VizRect viz_layout_partition_bar(const VizLayout *l, int p);
VizRect viz_layout_partition_text(const VizLayout *l, int p);

/* Output: cell of (row, page), row 0 the newest window; the row's label; a column header. */
VizRect viz_layout_output_cell(const VizLayout *l, int row, int page);
VizRect viz_layout_output_row_label(const VizLayout *l, int row);
VizRect viz_layout_output_header(const VizLayout *l, int page);

/* Log: line n (0 the oldest shown). */
VizRect viz_layout_log_line(const VizLayout *l, int n);

/* Scrubber: the x of instant t on a track spanning [0, span] µs, and the instant at x
 * (to 10 ms; clamped to the track). */
int viz_layout_scrub_x(const VizLayout *l, int64_t span, int64_t t);
int64_t viz_layout_scrub_time(const VizLayout *l, int64_t span, int x);

/* Helpers. */
bool viz_rect_empty(VizRect r);
bool viz_rect_inside(VizRect inner, VizRect outer);
bool viz_rect_overlap(VizRect a, VizRect b);
bool viz_rect_contains(VizRect r, int x, int y);
/* The pixel at the centre of r (what a test reads back). */
void viz_rect_center(VizRect r, int *x, int *y);

#endif
