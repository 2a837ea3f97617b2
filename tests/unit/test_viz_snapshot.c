/* test_viz_snapshot.c — the view draws what a person would check, read back from pixels.
 *
 * A fixed-seed failure run, driven in-process like the frame loop drives it (the observer
 * samples every VIZ_SAMPLE_US): the TaskManager is killed at 60 s and started at 120 s.
 * Frames are drawn headless (SDL's dummy video driver, a software renderer over a surface)
 * and single pixels are read at positions the layout reports:
 *   - while no TaskManager is up, the restarted job's subtask squares are SCHEDULED purple;
 *   - the killed TaskManager is drawn as gone (dark stripe, grey body, no slots);
 *   - after the restart the squares are RUNNING green and the TaskManager is back;
 *   - an output window with count 1000 is green, another count red, a duplicate marked;
 *   - the legend names INITIALIZING only in the Flink 1.13 profile (1.9 has no such state).
 * No whole-image comparison: fonts and antialiasing may differ, these pixels may not.
 * The tests are the stages of one run, in order (a group setup creates it).
 * Set VIZ_TEST_PNG_DIR to keep the frames as PNGs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL2/SDL.h>
#include <SDL2/SDL_image.h>
#include <SDL2/SDL_ttf.h>

#include "draw.h"
#include "observer.h"
#include "palette.h"

typedef struct Canvas {
	SDL_Surface *surface;
	SDL_Renderer *ren;
	VizText *text;
	Sim *sim;
	VizObserver *obs;
	VizLayout layout;         /* of the last frame */
} Canvas;

static void on_trace(void *ctx, const SimEvent *e, const char *text)
{
	viz_observer_event(ctx, e, text);
}

static int setup(void **state)
{
	SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
	if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0)
		return -1;
	IMG_Init(IMG_INIT_PNG);
	Canvas *c = calloc(1, sizeof *c);
	char err[300];
	c->surface = SDL_CreateRGBSurfaceWithFormat(0, VIZ_DEFAULT_WIDTH, VIZ_DEFAULT_HEIGHT, 32, SDL_PIXELFORMAT_ARGB8888);
	c->ren = c->surface ? SDL_CreateSoftwareRenderer(c->surface) : NULL;
	c->text = c->ren ? viz_text_create(c->ren, NULL, err, sizeof err) : NULL;
	if (!c->text) {
		fprintf(stderr, "no canvas: %s %s\n", err, SDL_GetError());
		return -1;
	}
	SimOptions o;
	sim_options_default(&o);
	o.seed = 42;
	c->sim = sim_create(&o);
	c->obs = viz_observer_create();
	sim_subscribe(c->sim, on_trace, c->obs);
	JobOptions jo;
	job_options_default(&jo);
	char id[33];
	if (sim_up(c->sim) != SIM_OK || sim_job_submit(c->sim, &jo, id) != SIM_OK)
		return -1;
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	Canvas *c = *state;
	sim_destroy(c->sim);
	viz_observer_destroy(c->obs);
	viz_text_destroy(c->text);
	SDL_DestroyRenderer(c->ren);
	SDL_FreeSurface(c->surface);
	free(c);
	IMG_Quit();
	TTF_Quit();
	SDL_Quit();
	return 0;
}

static void run_to(Canvas *c, SimTime t)
{
	while (sim_now(c->sim) < t) {
		SimTime next = (sim_now(c->sim) / VIZ_SAMPLE_US + 1) * VIZ_SAMPLE_US;
		sim_run_until(c->sim, next < t ? next : t);
		viz_observer_sample(c->obs, c->sim);
	}
}

static void render(Canvas *c, const char *name)
{
	VizFrame f = { .scenario = "test_viz_snapshot", .seed = 42, .speed = 10 };
	viz_draw(c->ren, c->text, VIZ_DEFAULT_WIDTH, VIZ_DEFAULT_HEIGHT, c->sim, c->obs, &f, &c->layout);
	const char *dir = getenv("VIZ_TEST_PNG_DIR");
	if (dir && *dir) {
		char path[512];
		snprintf(path, sizeof path, "%s/%s.png", dir, name);
		IMG_SavePNG(c->surface, path);
	}
}

static uint32_t pixel(const Canvas *c, int x, int y)
{
	assert_true(x >= 0 && y >= 0 && x < c->surface->w && y < c->surface->h);
	const uint8_t *row = (const uint8_t *)c->surface->pixels + (size_t)y * (size_t)c->surface->pitch;
	uint32_t argb;
	memcpy(&argb, row + (size_t)x * 4, 4);
	return argb & 0xffffff;
}

static uint32_t center_pixel(const Canvas *c, VizRect r)
{
	assert_false(viz_rect_empty(r));
	int x, y;
	viz_rect_center(r, &x, &y);
	return pixel(c, x, y);
}

/* Every subtask square of the shown job, at its centre, has the colour of want. */
static void check_squares(const Canvas *c, TaskState want)
{
	const VizShape *s = &c->layout.shape;
	assert_int_equal(s->vertices, 4);
	for (int v = 0; v < s->vertices; v++)
		for (int i = 0; i < s->parallelism[v]; i++) {
			uint32_t got = center_pixel(c, viz_layout_subtask(&c->layout, v, i));
			if (got != viz_hex(viz_task_color(want)))
				fail_msg("seed 42, t=%.1fs: subtask square (%d, %d) is #%06x, want %s #%06x", sim_now(c->sim) / 1e6, v,
				         i, got, task_state_name(want), viz_hex(viz_task_color(want)));
		}
}

/* A pixel of the TaskManager's status stripe away from its text (the stripe's left edge). */
static uint32_t stripe_pixel(const Canvas *c, int k)
{
	VizRect h = viz_layout_taskmanager_header(&c->layout, k);
	assert_false(viz_rect_empty(h));
	return pixel(c, h.x + 2, h.y + h.h / 2);
}

static void test_scheduled_while_no_taskmanager_is_up(void **state)
{
	Canvas *c = *state;
	run_to(c, 60 * SIM_US_PER_S);
	render(c, "viz-test-60s");
	check_squares(c, TASK_RUNNING);
	assert_int_equal(stripe_pixel(c, 0), VIZ_COLOR_TM_RUNNING);
	for (int s = 0; s < 2; s++)                          /* the slots hold running subtasks */
		for (int v = 0; v < 4; v++)
			assert_int_equal(center_pixel(c, viz_layout_slot_task(&c->layout, 0, s, v)), 0x52c41a);

	assert_int_equal(sim_compose(c->sim, COMPOSE_KILL, "taskmanager-1"), SIM_OK);
	run_to(c, 80 * SIM_US_PER_S);                        /* heartbeat timeout (5 s), restart */
	render(c, "viz-test-80s");
	check_squares(c, TASK_SCHEDULED);
}

static void test_killed_taskmanager_is_drawn_as_gone(void **state)
{
	Canvas *c = *state;
	assert_int_equal(sim_now(c->sim), 80 * SIM_US_PER_S);
	assert_int_equal(c->layout.shape.taskmanagers, 1);
	assert_int_equal(stripe_pixel(c, 0), VIZ_COLOR_TM_GONE);
	VizRect box = viz_layout_taskmanager(&c->layout, 0);
	/* The body is grey where the slots were drawn (top middle: clear of the cross and the text). */
	int y = box.y + c->layout.tm_header_px + 5;
	assert_int_equal(pixel(c, box.x + box.w / 2, y), VIZ_COLOR_TM_GONE_BODY);
	for (int v = 0; v < 4; v++) {                        /* no subtask squares in it */
		uint32_t p = center_pixel(c, viz_layout_slot_task(&c->layout, 0, 0, v));
		assert_int_not_equal(p, 0x52c41a);
		assert_int_not_equal(p, 0x722ed1);
	}
}

static void test_running_again_after_the_restart(void **state)
{
	Canvas *c = *state;
	run_to(c, 120 * SIM_US_PER_S);
	render(c, "viz-test-120s");
	check_squares(c, TASK_SCHEDULED);                   /* still no TaskManager */
	assert_int_equal(sim_compose(c->sim, COMPOSE_START, "taskmanager-1"), SIM_OK);
	run_to(c, 125 * SIM_US_PER_S);
	render(c, "viz-test-125s");
	check_squares(c, TASK_RUNNING);
	assert_int_equal(stripe_pixel(c, 0), VIZ_COLOR_TM_NEW); /* registered moments ago */
	run_to(c, 150 * SIM_US_PER_S);
	render(c, "viz-test-150s");
	check_squares(c, TASK_RUNNING);
	assert_int_equal(stripe_pixel(c, 0), VIZ_COLOR_TM_RUNNING);
	for (int v = 0; v < 4; v++)
		assert_int_equal(center_pixel(c, viz_layout_slot_task(&c->layout, 0, 1, v)), 0x52c41a);
}

/* The colour covering most of the output cell of (row, page) inside its 3 px border
 * (the count is written on top of the fill, so no single pixel is safe to read). */
static uint32_t cell_fill(const Canvas *c, int row, int page)
{
	VizRect r = viz_layout_output_cell(&c->layout, row, page);
	assert_false(viz_rect_empty(r));
	static const uint32_t candidates[] = { VIZ_COLOR_COUNT_OK, VIZ_COLOR_COUNT_WRONG, VIZ_COLOR_COUNT_PENDING,
		                               VIZ_COLOR_DUPLICATE };
	int counts[4] = { 0 }, area = 0;
	for (int y = r.y + 3; y < r.y + r.h - 3; y++)
		for (int x = r.x + 3; x < r.x + r.w - 3; x++, area++)
			for (int k = 0; k < 4; k++)
				counts[k] += pixel(c, x, y) == candidates[k];
	int best = 0;
	for (int k = 1; k < 4; k++)
		best = counts[k] > counts[best] ? k : best;
	assert_true(counts[best] * 4 > area);            /* text and a duplicate tag cover the rest */
	return candidates[best];
}

static uint32_t cell_border(const Canvas *c, int row, int page)
{
	VizRect r = viz_layout_output_cell(&c->layout, row, page);
	return pixel(c, r.x + 1, r.y + r.h / 2);
}

static void test_output_cells_show_counts(void **state)
{
	Canvas *c = *state;
	/* The run's windows: every count 1000, drawn green. */
	assert_true(c->obs->nwindows >= 8);
	int checked = 0;
	for (int row = 0; row < c->layout.output_rows; row++) {
		const VizWindowRow *w = viz_observer_window(c->obs, row);
		for (int p = 0; w && p < 6; p++) {
			if (w->records[p] != 1)
				continue;
			assert_int_equal(w->count[p], 1000);
			assert_int_equal(cell_fill(c, row, p), VIZ_COLOR_COUNT_OK);
			checked++;
		}
	}
	assert_true(checked >= 30);

	/* A window with a wrong count and a duplicate (fed to the observer by hand). */
	int64_t start = viz_observer_window(c->obs, 0)->start_ms + 15000;
	for (int p = 0; p < 6; p++) {
		KafkaRecordView r = { .ts_ms = start, .end_ms = start + 15000, .page = p, .count = p == 3 ? 998 : 1000 };
		viz_observer_add_output(c->obs, &r);
		if (p == 1)
			viz_observer_add_output(c->obs, &r);
	}
	render(c, "viz-test-wrong-and-duplicate");
	assert_int_equal(viz_observer_window(c->obs, 0)->start_ms, start);
	assert_int_equal(cell_fill(c, 0, 0), VIZ_COLOR_COUNT_OK);
	assert_int_equal(cell_fill(c, 0, 3), VIZ_COLOR_COUNT_WRONG);
	assert_int_equal(cell_fill(c, 0, 1), VIZ_COLOR_COUNT_OK);       /* the right count, written twice: */
	assert_int_equal(cell_border(c, 0, 1), VIZ_COLOR_DUPLICATE);    /* marked */
	assert_int_equal(cell_border(c, 0, 0), VIZ_COLOR_COUNT_OK);     /* not marked */
}

/* The pixels of the legend panel in colour rgb. */
static int legend_pixels(const Canvas *c, uint32_t rgb)
{
	VizRect r = c->layout.legend;
	int n = 0;
	for (int y = r.y; y < r.y + r.h; y++)
		for (int x = r.x; x < r.x + r.w; x++)
			n += pixel(c, x, y) == rgb;
	return n;
}

/* A frame of a playground of the profile, 30 s after it came up: the INITIALIZING chip's
 * pixels in the legend. The canvas's own run is left as it was. */
static int initializing_chip(Canvas *c, FlinkVersion v)
{
	SimOptions o;
	sim_options_default(&o);
	o.seed = 42;
	o.config.flink_version = v;
	Sim *own = c->sim;
	VizObserver *own_obs = c->obs;
	c->sim = sim_create(&o);
	c->obs = viz_observer_create();
	sim_subscribe(c->sim, on_trace, c->obs);
	JobOptions jo;
	job_options_default(&jo);
	char id[33];
	assert_int_equal(sim_up(c->sim), SIM_OK);
	assert_int_equal(sim_job_submit(c->sim, &jo, id), SIM_OK);
	run_to(c, 30 * SIM_US_PER_S);
	render(c, v == FLINK_1_13 ? "viz-test-legend-1.13" : "viz-test-legend-1.9");
	int n = legend_pixels(c, viz_hex(viz_task_color(TASK_INITIALIZING)));
	sim_destroy(c->sim);
	viz_observer_destroy(c->obs);
	c->sim = own;
	c->obs = own_obs;
	return n;
}

static void test_legend_names_the_profiles_task_states(void **state)
{
	Canvas *c = *state;
	int in_19 = initializing_chip(c, FLINK_1_9), in_113 = initializing_chip(c, FLINK_1_13);
	if (in_19 != 0)
		fail_msg("the 1.9 legend shows INITIALIZING (%d pixels of #%06x), a state Flink 1.9 does not have", in_19,
		         viz_hex(viz_task_color(TASK_INITIALIZING)));
	assert_true(in_113 >= 25);                           /* a chip of at least 5 x 5 */
	assert_true(legend_pixels(c, viz_hex(viz_task_color(TASK_DEPLOYING))) >= 25);  /* the other chips stay */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scheduled_while_no_taskmanager_is_up),
		cmocka_unit_test(test_killed_taskmanager_is_drawn_as_gone),
		cmocka_unit_test(test_running_again_after_the_restart),
		cmocka_unit_test(test_output_cells_show_counts),
		cmocka_unit_test(test_legend_names_the_profiles_task_states),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
