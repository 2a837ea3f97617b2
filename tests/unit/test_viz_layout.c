/* test_viz_layout.c — the view's geometry, colours and command line, without a display.
 *
 * The layout's promises: every element lies inside its panel, panels do not overlap,
 * elements of one kind do not overlap each other, and an index that is out of range (or
 * does not fit) gives an empty rectangle instead of one drawn somewhere else. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "layout.h"
#include "palette.h"

static VizShape playground_shape(int vertices, int parallelism, int tms, int slots)
{
	VizShape s = { .vertices = vertices, .taskmanagers = tms, .slots = slots, .partitions = 2, .pages = 6 };
	for (int v = 0; v < vertices; v++)
		s.parallelism[v] = parallelism;
	return s;
}

static void test_panels_inside_canvas_and_disjoint(void **state)
{
	(void)state;
	static const int sizes[][2] = { { 1280, 800 }, { 1024, 640 }, { 960, 640 }, { 1920, 1080 }, { 2560, 1440 },
		                         { 1000, 1400 } };
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		VizShape s = playground_shape(4, 2, 1, 2);
		VizLayout l;
		viz_layout_compute(&l, sizes[k][0], sizes[k][1], &s);
		VizRect canvas = { 0, 0, l.width, l.height };
		VizRect panels[] = { l.top_bar, l.hint_bar, l.scrub, l.graph, l.cluster, l.checkpoints, l.log, l.kafka, l.output,
			             l.legend };
		int n = (int)(sizeof panels / sizeof panels[0]);
		for (int i = 0; i < n; i++) {
			assert_true(viz_rect_inside(panels[i], canvas));
			assert_true(panels[i].h >= 14);
			for (int j = i + 1; j < n; j++)
				assert_false(viz_rect_overlap(panels[i], panels[j]));
		}
		assert_true(viz_rect_inside(l.timeline, l.checkpoints));
		assert_true(viz_rect_inside(l.log_text, l.log));
		assert_true(viz_rect_inside(l.lag_bar, l.kafka));
		assert_true(viz_rect_inside(l.lag_chart, l.kafka));
		assert_true(viz_rect_inside(l.graph_footer, l.graph));
		assert_true(l.log_lines >= (l.height >= 800 ? 10 : 5));   /* lines of at least 15 px */
		assert_true(l.timeline_label_rows >= 2);
		assert_true(viz_rect_inside(l.timeline_track, l.timeline));
		assert_true(l.timeline_track.h >= 14);
	}
}

/* The scrubber maps instants to x and back (to 10 ms), the whole run across the window. */
static void test_scrubber_maps_instants(void **state)
{
	(void)state;
	VizShape s = playground_shape(4, 2, 1, 2);
	VizLayout l;
	viz_layout_compute(&l, 1280, 800, &s);
	SimTime span = 300 * SIM_US_PER_S;
	int x0 = viz_layout_scrub_x(&l, span, 0), x1 = viz_layout_scrub_x(&l, span, span);
	assert_true(x0 >= l.scrub.x + 4 && x1 <= l.scrub.x + l.scrub.w - 4 && x1 - x0 > 1200);
	assert_int_equal(viz_layout_scrub_time(&l, span, x0), 0);
	assert_int_equal(viz_layout_scrub_time(&l, span, x0 - 50), 0);          /* clamped */
	assert_int_equal(viz_layout_scrub_time(&l, span, x1 + 50), span - span % (10 * SIM_US_PER_MS));
	for (SimTime t = 0; t <= span; t += 7 * SIM_US_PER_S) {
		SimTime back = viz_layout_scrub_time(&l, span, viz_layout_scrub_x(&l, span, t));
		assert_true(back <= t && t - back < span / (x1 - x0) + 10 * SIM_US_PER_MS);   /* within a pixel */
		assert_int_equal(back % (10 * SIM_US_PER_MS), 0);
	}
	assert_true(viz_layout_scrub_x(&l, span, span / 2) > viz_layout_scrub_x(&l, span, span / 4));
}

static void test_small_canvas_is_clamped_to_the_minimum(void **state)
{
	(void)state;
	VizShape s = playground_shape(4, 2, 1, 2);
	VizLayout l;
	viz_layout_compute(&l, 100, 50, &s);
	assert_int_equal(l.width, VIZ_MIN_WIDTH);
	assert_int_equal(l.height, VIZ_MIN_HEIGHT);
}

/* Squares of every vertex: inside their box, below the box's text, never on top of each other. */
static void check_graph(int vertices, int parallelism)
{
	VizShape s = playground_shape(vertices, parallelism, 1, 2);
	VizLayout l;
	viz_layout_compute(&l, VIZ_DEFAULT_WIDTH, VIZ_DEFAULT_HEIGHT, &s);
	for (int v = 0; v < vertices; v++) {
		VizRect box = viz_layout_vertex(&l, v), text = viz_layout_vertex_text(&l, v);
		assert_true(viz_rect_inside(box, l.graph));
		assert_true(viz_rect_inside(text, box));
		assert_false(viz_rect_overlap(box, l.graph_footer));
		if (v > 0) {
			VizRect e = viz_layout_edge(&l, v);
			assert_false(viz_rect_empty(e));
			assert_false(viz_rect_overlap(e, box));
			assert_false(viz_rect_overlap(e, viz_layout_vertex(&l, v - 1)));
			assert_true(e.w >= 40);                     /* room for "FORWARD" */
		}
		for (int w = v + 1; w < vertices; w++)
			assert_false(viz_rect_overlap(box, viz_layout_vertex(&l, w)));
		for (int i = 0; i < parallelism; i++) {
			VizRect sq = viz_layout_subtask(&l, v, i);
			assert_false(viz_rect_empty(sq));
			assert_true(viz_rect_inside(sq, box));
			assert_false(viz_rect_overlap(sq, text));
			assert_int_equal(sq.w, sq.h);
			assert_true(sq.w >= 4);
			for (int j = i + 1; j < parallelism; j++)
				assert_false(viz_rect_overlap(sq, viz_layout_subtask(&l, v, j)));
		}
		assert_true(viz_rect_empty(viz_layout_subtask(&l, v, parallelism)));
		assert_true(viz_rect_empty(viz_layout_subtask(&l, v, -1)));
	}
	assert_true(viz_rect_empty(viz_layout_vertex(&l, vertices)));
	assert_true(viz_rect_empty(viz_layout_edge(&l, 0)));
}

static void test_subtask_squares_fit_their_vertex(void **state)
{
	(void)state;
	for (int vertices = 1; vertices <= 5; vertices++)
		for (int p = 1; p <= 64; p = p < 8 ? p + 1 : p * 2)
			check_graph(vertices, p);
}

static void test_playground_squares_are_easy_to_see(void **state)
{
	(void)state;
	VizShape s = playground_shape(4, 2, 1, 2);
	VizLayout l;
	viz_layout_compute(&l, VIZ_DEFAULT_WIDTH, VIZ_DEFAULT_HEIGHT, &s);
	VizRect sq = viz_layout_subtask(&l, 0, 0);
	assert_true(sq.w >= 16);
	/* Left to right in topological order. */
	for (int v = 1; v < 4; v++)
		assert_true(viz_layout_vertex(&l, v).x > viz_layout_vertex(&l, v - 1).x);
}

static void check_cluster(int tms, int slots, int vertices)
{
	VizShape s = playground_shape(vertices, 2, tms, slots);
	VizLayout l;
	viz_layout_compute(&l, VIZ_DEFAULT_WIDTH, VIZ_DEFAULT_HEIGHT, &s);
	assert_true(viz_rect_inside(l.services, l.cluster));
	for (int k = 0; k < tms; k++) {
		VizRect box = viz_layout_taskmanager(&l, k), head = viz_layout_taskmanager_header(&l, k);
		assert_true(viz_rect_inside(box, l.cluster));
		assert_false(viz_rect_overlap(box, l.services));
		assert_true(viz_rect_inside(head, box));
		for (int j = k + 1; j < tms; j++)
			assert_false(viz_rect_overlap(box, viz_layout_taskmanager(&l, j)));
		for (int sl = 0; sl < slots; sl++) {
			VizRect r = viz_layout_slot(&l, k, sl);
			if (viz_rect_empty(r))
				continue;                           /* too many to draw: not drawn at all */
			assert_true(viz_rect_inside(r, box));
			assert_false(viz_rect_overlap(r, head));
			for (int t = sl + 1; t < slots; t++)
				assert_false(viz_rect_overlap(r, viz_layout_slot(&l, k, t)));
			for (int v = 0; v < vertices; v++) {
				VizRect q = viz_layout_slot_task(&l, k, sl, v);
				if (viz_rect_empty(q))
					continue;
				assert_true(viz_rect_inside(q, r));
				for (int w = v + 1; w < vertices; w++)
					assert_false(viz_rect_overlap(q, viz_layout_slot_task(&l, k, sl, w)));
			}
		}
		assert_true(viz_rect_empty(viz_layout_slot(&l, k, slots)));
	}
	assert_true(viz_rect_empty(viz_layout_taskmanager(&l, tms)));
	assert_true(viz_rect_empty(viz_layout_taskmanager(&l, -1)));
}

static void test_taskmanager_boxes_fit_the_cluster_panel(void **state)
{
	(void)state;
	for (int tms = 1; tms <= VIZ_MAX_TASKMANAGERS; tms++)
		check_cluster(tms, tms <= 4 ? 2 : 1, 4);
	for (int slots = 1; slots <= 8; slots++)
		check_cluster(2, slots, 5);
}

/* A network rule makes a band between the pills and the boxes (its lines and labels): inside
 * the panel, over neither; without a rule there is none and the boxes keep their size. */
static void test_network_band_between_pills_and_boxes(void **state)
{
	(void)state;
	static const int sizes[][2] = { { VIZ_DEFAULT_WIDTH, VIZ_DEFAULT_HEIGHT }, { 1024, 640 }, { VIZ_MIN_WIDTH, VIZ_MIN_HEIGHT } };
	for (int z = 0; z < 3; z++)
		for (int tms = 1; tms <= 6; tms++) {
			VizShape s = playground_shape(4, 2, tms, 2);
			VizLayout plain, l;
			viz_layout_compute(&plain, sizes[z][0], sizes[z][1], &s);
			assert_true(viz_rect_empty(plain.net_band));
			s.net_pairs = 3;
			viz_layout_compute(&l, sizes[z][0], sizes[z][1], &s);
			assert_false(viz_rect_empty(l.net_band));
			assert_true(viz_rect_inside(l.net_band, l.cluster));
			assert_false(viz_rect_overlap(l.net_band, l.services));
			assert_true(l.net_band.h >= 14);                 /* a small label's height */
			for (int k = 0; k < tms; k++) {
				VizRect box = viz_layout_taskmanager(&l, k);
				assert_true(viz_rect_inside(box, l.cluster));
				assert_false(viz_rect_overlap(box, l.net_band));
				assert_true(box.h >= 40 && box.h <= viz_layout_taskmanager(&plain, k).h);
			}
		}
}

static void test_playground_slots_show_every_vertex(void **state)
{
	(void)state;
	VizShape s = playground_shape(4, 2, 2, 2);
	VizLayout l;
	viz_layout_compute(&l, VIZ_DEFAULT_WIDTH, VIZ_DEFAULT_HEIGHT, &s);
	for (int k = 0; k < 2; k++)
		for (int sl = 0; sl < 2; sl++)
			for (int v = 0; v < 4; v++)
				assert_true(viz_layout_slot_task(&l, k, sl, v).w >= 10);
	assert_true(viz_layout_taskmanager_header(&l, 0).h >= 16);
}

static void test_output_cells_form_a_grid(void **state)
{
	(void)state;
	VizShape s = playground_shape(4, 2, 1, 2);
	VizLayout l;
	viz_layout_compute(&l, VIZ_DEFAULT_WIDTH, VIZ_DEFAULT_HEIGHT, &s);
	assert_true(l.output_rows >= 6);
	for (int row = 0; row < l.output_rows; row++) {
		VizRect label = viz_layout_output_row_label(&l, row);
		assert_true(viz_rect_inside(label, l.output));
		for (int p = 0; p < 6; p++) {
			VizRect c = viz_layout_output_cell(&l, row, p);
			assert_true(viz_rect_inside(c, l.output));
			assert_false(viz_rect_overlap(c, label));
			assert_false(viz_rect_overlap(c, viz_layout_output_header(&l, p)));
			assert_true(c.w >= 40 && c.h >= 14);     /* "1000" fits */
			if (p > 0)
				assert_true(c.x > viz_layout_output_cell(&l, row, p - 1).x);
			if (row > 0) {
				VizRect above = viz_layout_output_cell(&l, row - 1, p);
				assert_int_equal(c.x, above.x);
				assert_true(c.y >= above.y + above.h);
			}
		}
	}
	assert_true(viz_rect_empty(viz_layout_output_cell(&l, l.output_rows, 0)));
	assert_true(viz_rect_empty(viz_layout_output_cell(&l, 0, 6)));
	assert_true(viz_rect_inside(viz_layout_output_header(&l, 5), l.output));
}

static void test_partition_bars_and_log_lines(void **state)
{
	(void)state;
	for (int parts = 1; parts <= VIZ_MAX_PARTITIONS; parts++) {
		VizShape s = playground_shape(4, 2, 1, 2);
		s.partitions = parts;
		VizLayout l;
		viz_layout_compute(&l, VIZ_DEFAULT_WIDTH, VIZ_DEFAULT_HEIGHT, &s);
		assert_true(l.partitions_shown >= 1 && l.partitions_shown <= parts);
		for (int p = 0; p < l.partitions_shown; p++) {
			VizRect b = viz_layout_partition_bar(&l, p);
			assert_true(viz_rect_inside(b, l.kafka));
			assert_false(viz_rect_overlap(b, l.lag_bar));
			assert_false(viz_rect_overlap(b, l.lag_chart));
			if (p > 0)
				assert_false(viz_rect_overlap(b, viz_layout_partition_bar(&l, p - 1)));
		}
		assert_true(viz_rect_empty(viz_layout_partition_bar(&l, l.partitions_shown)));
		for (int i = 0; i < l.log_lines; i++)
			assert_true(viz_rect_inside(viz_layout_log_line(&l, i), l.log));
		assert_true(viz_rect_empty(viz_layout_log_line(&l, l.log_lines)));
	}
}

static void test_rect_helpers(void **state)
{
	(void)state;
	VizRect a = { 0, 0, 10, 10 }, b = { 10, 0, 5, 5 }, c = { 9, 9, 5, 5 }, e = { 3, 3, 0, 4 };
	assert_false(viz_rect_overlap(a, b));                /* touching edges do not overlap */
	assert_true(viz_rect_overlap(a, c));
	assert_false(viz_rect_overlap(a, e));
	assert_false(viz_rect_inside(e, a));                 /* empty is never "inside" */
	assert_true(viz_rect_contains(a, 9, 9));
	assert_false(viz_rect_contains(a, 10, 9));
	int x, y;
	viz_rect_center(a, &x, &y);
	assert_int_equal(x, 5);
	assert_int_equal(y, 5);
}

/* ---------------------------------------------------------------- palette */

static void test_web_ui_task_colours(void **state)
{
	(void)state;
	/* flink-runtime-web config.service.ts */
	assert_int_equal(viz_hex(viz_task_color(TASK_CREATED)), 0x2f54eb);
	assert_int_equal(viz_hex(viz_task_color(TASK_SCHEDULED)), 0x722ed1);
	assert_int_equal(viz_hex(viz_task_color(TASK_DEPLOYING)), 0x13c2c2);
	assert_int_equal(viz_hex(viz_task_color(TASK_INITIALIZING)), 0x738df8);
	assert_int_equal(viz_hex(viz_task_color(TASK_RUNNING)), 0x52c41a);
	assert_int_equal(viz_hex(viz_task_color(TASK_FINISHED)), 0x1890ff);
	assert_int_equal(viz_hex(viz_task_color(TASK_CANCELING)), 0xfaad14);
	assert_int_equal(viz_hex(viz_task_color(TASK_CANCELED)), 0xfa8c16);
	assert_int_equal(viz_hex(viz_task_color(TASK_FAILED)), 0xf5222d);
	assert_int_equal(viz_hex(viz_task_color(TASK_RECONCILING)), 0xeb2f96);
	assert_int_equal(viz_hex(viz_job_color(JOB_RESTARTING)), 0x13c2c2);
	assert_int_equal(viz_hex(viz_checkpoint_color(CP_IN_PROGRESS)), 0xfaad14);
	assert_int_equal(viz_hex(viz_checkpoint_color(CP_COMPLETED)), 0x1890ff);
	/* Every state has its own colour, so a square tells its state. */
	for (int a = 0; a < TASK_STATE_COUNT; a++)
		for (int b = a + 1; b < TASK_STATE_COUNT; b++)
			assert_int_not_equal(viz_hex(viz_task_color((TaskState)a)), viz_hex(viz_task_color((TaskState)b)));
}

static void test_vertex_tint_and_backpressure_levels(void **state)
{
	(void)state;
	assert_int_equal(viz_hex(viz_vertex_tint(0, 0)), 0x5db1ff);
	VizColor busy = viz_vertex_tint(1, 0), bp = viz_vertex_tint(0, 1);
	assert_true(busy.r > 200 && busy.b < 80);            /* red */
	assert_true(bp.r < 80 && bp.g < 80 && bp.b < 80);    /* dark */
	assert_string_equal(viz_backpressure_level(0.10), "ok");
	assert_string_equal(viz_backpressure_level(0.11), "low");
	assert_string_equal(viz_backpressure_level(0.50), "low");
	assert_string_equal(viz_backpressure_level(0.51), "high");
	assert_int_equal(viz_hex(viz_mix(viz_rgb(0x000000), viz_rgb(0xffffff), 2.0)), 0xffffff);
	assert_int_equal(viz_hex(viz_text_on(viz_rgb(0xffffff))), 0x262626);
	assert_int_equal(viz_hex(viz_text_on(viz_rgb(0x001529))), 0xffffff);
}

/* ---------------------------------------------------------------- command line */

static void test_durations(void **state)
{
	(void)state;
	SimTime t;
	assert_true(viz_parse_duration("60", &t));
	assert_int_equal(t, 60 * SIM_US_PER_S);
	assert_true(viz_parse_duration("1.5", &t));
	assert_int_equal(t, 1500 * SIM_US_PER_MS);
	assert_true(viz_parse_duration("250ms", &t));
	assert_int_equal(t, 250 * SIM_US_PER_MS);
	assert_true(viz_parse_duration("15s", &t));
	assert_int_equal(t, 15 * SIM_US_PER_S);
	assert_true(viz_parse_duration("2m", &t));
	assert_int_equal(t, 120 * SIM_US_PER_S);
	assert_true(viz_parse_duration("1h", &t));
	assert_int_equal(t, 3600 * SIM_US_PER_S);
	assert_true(viz_parse_duration("0", &t));
	assert_int_equal(t, 0);
	static const char *const bad[] = { "", "-1", "5x", "s", "ms", "1e400", "nan", "inf", " 5", "5 s", "+3", "2mm" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(viz_parse_duration(bad[i], &t));
}

static void test_snapshot_times_are_sorted_and_unique(void **state)
{
	(void)state;
	SimTime t[8];
	int n;
	assert_true(viz_parse_times("2m,60,90s,60s", t, 8, &n));
	assert_int_equal(n, 3);
	assert_int_equal(t[0], 60 * SIM_US_PER_S);
	assert_int_equal(t[1], 90 * SIM_US_PER_S);
	assert_int_equal(t[2], 120 * SIM_US_PER_S);
	assert_false(viz_parse_times("60,,2m", t, 8, &n));
	assert_false(viz_parse_times("60,", t, 8, &n));
	assert_false(viz_parse_times("60,abc", t, 8, &n));
	assert_false(viz_parse_times("", t, 8, &n));
	assert_false(viz_parse_times("1,2,3", t, 2, &n));       /* too many */
}

/* A writable argv for the words (kept until the next call). */
static char **argv_of(int n, const char *const *words)
{
	static char store[16][64];
	static char *argv[17];
	for (int i = 0; i < n && i < 16; i++) {
		snprintf(store[i], sizeof store[i], "%s", words[i]);
		argv[i] = store[i];
	}
	argv[n] = NULL;
	return argv;
}

static int parse(VizArgs *a, char *err, size_t len, int n, const char *const *words)
{
	return viz_args_parse(n, argv_of(n, words), a, err, len);
}

static void test_viz_command_line(void **state)
{
	(void)state;
	VizArgs a;
	char err[256];
	static const char *const ok[] = { "pg", "viz", "s.lua", "--seed", "7", "--speed=max", "--snapshot-at", "60,2m",
		                          "--out", "d", "--exit-at-end", "--", "x", "y" };
	assert_int_equal(parse(&a, err, sizeof err, 14, ok), 0);
	assert_string_equal(a.file, "s.lua");
	assert_true(a.seed_given);
	assert_int_equal(a.seed, 7);
	assert_true(a.speed <= 0);
	assert_int_equal(a.nsnapshots, 2);
	assert_string_equal(a.out_dir, "d");
	assert_true(a.exit_at_end);
	assert_int_equal(a.nargs, 2);
	assert_string_equal(a.args[0], "x");

	static const char *const speed[] = { "pg", "viz", "s.lua", "--speed", "2.5" };
	assert_int_equal(parse(&a, err, sizeof err, 5, speed), 0);
	assert_true(a.speed > 2.4 && a.speed < 2.6);
	assert_int_equal(a.width, VIZ_DEFAULT_WIDTH);

	static const char *const no_out[] = { "pg", "viz", "s.lua", "--snapshot-at", "60" };
	assert_int_equal(parse(&a, err, sizeof err, 5, no_out), 2);
	assert_non_null(strstr(err, "--out"));
	static const char *const bad_speed[] = { "pg", "viz", "s.lua", "--speed", "-3" };
	assert_int_equal(parse(&a, err, sizeof err, 5, bad_speed), 2);
	static const char *const bad_time[] = { "pg", "viz", "s.lua", "--snapshot-at", "soon", "--out", "d" };
	assert_int_equal(parse(&a, err, sizeof err, 7, bad_time), 2);
	assert_non_null(strstr(err, "soon"));
	static const char *const unknown[] = { "pg", "viz", "s.lua", "--fast" };
	assert_int_equal(parse(&a, err, sizeof err, 4, unknown), 2);
	static const char *const none[] = { "pg", "viz" };
	assert_int_equal(parse(&a, err, sizeof err, 2, none), 2);
	static const char *const two[] = { "pg", "viz", "a.lua", "b.lua" };
	assert_int_equal(parse(&a, err, sizeof err, 4, two), 2);

	static const char *const on[] = { "pg", "viz", "s.lua", "--snapshot-on", "restart,taskmanager.lost", "--out", "d" };
	assert_int_equal(parse(&a, err, sizeof err, 7, on), 0);
	assert_false(viz_watch_empty(&a.snapshot_on));
	assert_int_equal(a.nsnapshots, 0);
	static const char *const on_no_out[] = { "pg", "viz", "s.lua", "--snapshot-on", "restart" };
	assert_int_equal(parse(&a, err, sizeof err, 5, on_no_out), 2);
	assert_non_null(strstr(err, "--snapshot-on needs --out"));
	static const char *const on_bad[] = { "pg", "viz", "s.lua", "--snapshot-on", "restart,explode", "--out", "d" };
	assert_int_equal(parse(&a, err, sizeof err, 7, on_bad), 2);
	assert_non_null(strstr(err, "explode"));
}

/* --snapshot-on's moments: the learner's words and event kinds, matched on fields. */
static void test_moments_match_events(void **state)
{
	(void)state;
	VizWatch w;
	char why[300];
	const char *names[VIZ_WATCH_MATCHES];
	assert_true(viz_watch_parse("restart,kill,start,job.state", &w, why, sizeof why));
	SimEvent restart = EV(EV_JOB_STATE, .t = 95000246, .from = JOB_RUNNING, .to = JOB_RESTARTING);
	assert_int_equal(viz_watch_match(&w, &restart, names), 2);
	assert_string_equal(names[0], "restart");
	assert_string_equal(names[1], "job.state");
	SimEvent running = EV(EV_JOB_STATE, .t = 96000000, .from = JOB_RESTARTING, .to = JOB_RUNNING);
	assert_int_equal(viz_watch_match(&w, &running, names), 1);        /* job.state only */
	SimEvent kill = EV(EV_CONTAINER, .t = 60000000, .name = "taskmanager-1", .what = "killed");
	assert_int_equal(viz_watch_match(&w, &kill, names), 1);
	assert_string_equal(names[0], "kill");
	SimEvent up = EV(EV_CONTAINER, .t = 0, .name = "taskmanager-1", .what = "started");
	assert_int_equal(viz_watch_match(&w, &up, names), 0);             /* pg.up's start is no restart */
	up.t = 120000000;
	assert_int_equal(viz_watch_match(&w, &up, names), 1);
	assert_string_equal(names[0], "start");
	SimEvent restore = EV(EV_JOB_RESTORED, .t = 1);
	assert_int_equal(viz_watch_match(&w, &restore, names), 0);
	/* fault and heal: a fault command's kind and whether it takes a fault back */
	assert_true(viz_watch_parse("fault,heal", &w, why, sizeof why));
	SimEvent cut = EV(EV_COMMAND, .t = 1, .text = "net partition jobmanager <-> taskmanager-1", .what = "net.partition");
	assert_int_equal(viz_watch_match(&w, &cut, names), 1);
	assert_string_equal(names[0], "fault");
	SimEvent heal = EV(EV_COMMAND, .t = 2, .text = "net heal", .what = "net.heal", .flag = true);
	assert_int_equal(viz_watch_match(&w, &heal, names), 1);
	assert_string_equal(names[0], "heal");
	SimEvent kill_cmd = EV(EV_COMMAND, .t = 3, .text = "docker-compose kill taskmanager-1");
	assert_int_equal(viz_watch_match(&w, &kill_cmd, names), 0);
	assert_true(viz_watch_parse("restart,kill,start,job.state", &w, why, sizeof why));
	assert_false(viz_watch_parse("restart,,kill", &w, why, sizeof why));
	assert_false(viz_watch_parse("", &w, why, sizeof why));
	assert_false(viz_watch_parse("restarts", &w, why, sizeof why));
	assert_non_null(strstr(why, "restarts"));

	char tn[32];
	viz_time_name(60 * SIM_US_PER_S, tn, sizeof tn);
	assert_string_equal(tn, "60s");
	viz_time_name(397500 * SIM_US_PER_MS, tn, sizeof tn);
	assert_string_equal(tn, "397.500s");
	viz_time_name(95000246, tn, sizeof tn);
	assert_string_equal(tn, "95.000246s");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_panels_inside_canvas_and_disjoint),
		cmocka_unit_test(test_small_canvas_is_clamped_to_the_minimum),
		cmocka_unit_test(test_scrubber_maps_instants),
		cmocka_unit_test(test_subtask_squares_fit_their_vertex),
		cmocka_unit_test(test_playground_squares_are_easy_to_see),
		cmocka_unit_test(test_network_band_between_pills_and_boxes),
		cmocka_unit_test(test_taskmanager_boxes_fit_the_cluster_panel),
		cmocka_unit_test(test_playground_slots_show_every_vertex),
		cmocka_unit_test(test_output_cells_form_a_grid),
		cmocka_unit_test(test_partition_bars_and_log_lines),
		cmocka_unit_test(test_rect_helpers),
		cmocka_unit_test(test_web_ui_task_colours),
		cmocka_unit_test(test_vertex_tint_and_backpressure_levels),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_snapshot_times_are_sorted_and_unique),
		cmocka_unit_test(test_viz_command_line),
		cmocka_unit_test(test_moments_match_events),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
