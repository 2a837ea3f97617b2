/* test_viz_fit.c — the view shows whole words: nothing it draws is cut with "…".
 *
 * The text functions first (viz_text_wrap, viz_text_fit): words stay whole, identifiers
 * break only at their humps, alternatives and smaller fonts are tried in order, a text that
 * fits nowhere is cut — and counted, and widths are the font's, measured once and remembered.
 * Then the tutorial's scenarios (the ones the docs' pictures come from) run through the same
 * runner as `playground viz`, their pg.log lines reaching the observer through the runner's on_log hook, the observer sampling every
 * VIZ_SAMPLE_US; every simulated second a frame is drawn at 1280×800, at 1024×640 and at
 * 960×720 (a half of the side-by-side comparison) — with the scrubber, and by turns the time
 * machine's longest lines in the hint bar (going back, the instant among those seen, a new
 * branch) — and
 * no label may have been cut (viz_text_cuts). A failure names the scenario, the size, the
 * simulated time and the text that was cut. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL2/SDL.h>
#include <SDL2/SDL_ttf.h>

#include "draw.h"
#include "observer.h"
#include "runner.h"
#include "session.h"

typedef struct Canvas {
	int w, h;
	SDL_Surface *surface;
	SDL_Renderer *ren;
	VizText *text;
} Canvas;

/* The default window, the smallest one the layout is made for, and half of --compare's window. */
static const int sizes[][2] = { { 1280, 800 }, { 1024, 640 }, { 960, 720 } };
#define NSIZES 3

static Canvas canvases[NSIZES];

static int setup(void **state)
{
	(void)state;
	SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
	if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0)
		return -1;
	for (int k = 0; k < NSIZES; k++) {
		Canvas *c = &canvases[k];
		char err[300];
		c->w = sizes[k][0];
		c->h = sizes[k][1];
		c->surface = SDL_CreateRGBSurfaceWithFormat(0, c->w, c->h, 32, SDL_PIXELFORMAT_ARGB8888);
		c->ren = c->surface ? SDL_CreateSoftwareRenderer(c->surface) : NULL;
		c->text = c->ren ? viz_text_create(c->ren, NULL, err, sizeof err) : NULL;
		/* Every frame is laid out and drawn whole, but into a 1×1 clip: the cuts are
		 * counted where the text is measured, and filling 3000 frames' pixels was
		 * half of this test's time (test_viz_snapshot checks pixels). */
		if (c->ren)
			SDL_RenderSetClipRect(c->ren, &(SDL_Rect){ 0, 0, 1, 1 });
		if (!c->text) {
			fprintf(stderr, "no canvas: %s %s\n", err, SDL_GetError());
			return -1;
		}
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (int k = 0; k < NSIZES; k++) {
		viz_text_destroy(canvases[k].text);
		SDL_DestroyRenderer(canvases[k].ren);
		SDL_FreeSurface(canvases[k].surface);
	}
	TTF_Quit();
	SDL_Quit();
	return 0;
}

/* ---------------------------------------------------------------- the text functions */

static void line_of(const char *s, const VizLines *l, int i, char *buf, size_t len)
{
	snprintf(buf, len, "%.*s", l->len[i], s + l->start[i]);
}

static void test_words_stay_whole(void **state)
{
	(void)state;
	VizText *t = canvases[0].text;
	const char *s = "tasks wait in SCHEDULED while the job is RUNNING";
	int w = viz_text_width(t, VIZ_FONT_BODY, "tasks wait in SCHEDULED");
	VizLines l;
	assert_true(viz_text_wrap(t, VIZ_FONT_BODY, s, strlen(s), w, 3, false, &l));
	char a[128];
	assert_true(l.n >= 2);
	line_of(s, &l, 0, a, sizeof a);
	assert_string_equal(a, "tasks wait in SCHEDULED");
	for (int i = 0; i < l.n; i++) {
		line_of(s, &l, i, a, sizeof a);
		assert_true(viz_text_width(t, VIZ_FONT_BODY, a) <= w);
		assert_true(a[0] != ' ' && a[strlen(a) - 1] != ' ');
	}
	/* Too few lines allowed, or a word wider than the line: it does not fit. */
	assert_false(viz_text_wrap(t, VIZ_FONT_BODY, s, strlen(s), w, 1, false, &l));
	assert_false(viz_text_wrap(t, VIZ_FONT_BODY, "SCHEDULED", 9, 20, 4, true, &l));
	/* An identifier breaks at its humps only when allowed, and only there. */
	const char *name = "ClickEventStatistics Sink";
	int nw = viz_text_width(t, VIZ_FONT_BOLD, "ClickEventStatis");
	assert_false(viz_text_wrap(t, VIZ_FONT_BOLD, name, strlen(name), nw, 3, false, &l));
	assert_true(viz_text_wrap(t, VIZ_FONT_BOLD, name, strlen(name), nw, 3, true, &l));
	line_of(name, &l, 0, a, sizeof a);
	assert_string_equal(a, "ClickEvent");
	line_of(name, &l, 1, a, sizeof a);
	assert_string_equal(a, "Statistics Sink");
	/* After a '/' a line may end: the slash stays on the first line. */
	const char *ts = "Timestamps/Watermarks";
	assert_true(viz_text_wrap(t, VIZ_FONT_BOLD, ts, strlen(ts), viz_text_width(t, VIZ_FONT_BOLD, "Timestamps/") + 2, 2,
	                          false, &l));
	line_of(ts, &l, 0, a, sizeof a);
	assert_string_equal(a, "Timestamps/");
}

static void test_alternatives_and_cuts(void **state)
{
	(void)state;
	VizText *t = canvases[0].text;
	static const VizStyle styles[] = { { VIZ_FONT_BODY, 1, false }, { VIZ_FONT_SMALL, 1, false } };
	const char *alts = "completed 90 · failed 1 · in progress 0\ncompleted 90 · failed 1";
	VizFit f;
	int full_body = viz_text_width(t, VIZ_FONT_BODY, "completed 90 · failed 1 · in progress 0");
	int full_small = viz_text_width(t, VIZ_FONT_SMALL, "completed 90 · failed 1 · in progress 0");
	viz_text_fit(t, alts, styles, 2, full_body, &f);
	assert_false(f.cut);
	assert_int_equal(f.font, VIZ_FONT_BODY);
	assert_int_equal(f.len, strlen("completed 90 · failed 1 · in progress 0"));
	viz_text_fit(t, alts, styles, 2, full_small, &f);        /* the smaller font before the shorter text */
	assert_false(f.cut);
	assert_int_equal(f.font, VIZ_FONT_SMALL);
	viz_text_fit(t, alts, styles, 2, full_small - 1, &f);    /* then the shorter text */
	assert_false(f.cut);
	assert_int_equal(f.font, VIZ_FONT_BODY);
	assert_int_equal(f.len, strlen("completed 90 · failed 1"));
	/* Nothing fits: the last alternative, cut when drawn — and counted. */
	viz_text_reset_cuts(t);
	viz_text_fit(t, alts, styles, 2, 30, &f);
	assert_true(f.cut);
	assert_int_equal(viz_text_cuts(t), 0);
	viz_text_draw_fit(t, &f, viz_rgb(0), 0, 0, 30, 0);
	assert_int_equal(viz_text_cuts(t), 1);
	assert_non_null(strstr(viz_text_last_cut(t), "completed"));
	viz_text_draw(t, VIZ_FONT_BODY, viz_rgb(0), 0, 0, 10, "a long string");
	assert_int_equal(viz_text_cuts(t), 2);
	viz_text_reset_cuts(t);
}

/* Widths are measured once and remembered: what the font says, the first time and every time
 * after, also once more strings were measured than are remembered (the table is emptied). */
static void test_widths_remembered(void **state)
{
	(void)state;
	VizText *t = canvases[0].text;
	TTF_Font *body = TTF_OpenFont("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 13);
	assert_non_null(body);
	char s[64];
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < 7000; i += 7) {
			snprintf(s, sizeof s, "taskmanager-%d · %d records/s", i, i * 31);
			int want = 0;
			TTF_SizeUTF8(body, s, &want, NULL);
			assert_int_equal(viz_text_width(t, VIZ_FONT_BODY, s), want);
		}
	for (int i = 0; i < 7000; i++) {              /* past the table's 6000 */
		snprintf(s, sizeof s, "window %d", i);
		assert_true(viz_text_width(t, VIZ_FONT_BODY, s) > 0);
	}
	int want = 0;
	TTF_SizeUTF8(body, "window 12", &want, NULL);
	assert_int_equal(viz_text_width(t, VIZ_FONT_BODY, "window 12"), want);
	assert_int_equal(viz_text_width(t, VIZ_FONT_BODY, ""), 0);
	TTF_CloseFont(body);
}

/* ---------------------------------------------------------------- the scenarios' frames */

typedef struct Watch {
	const char *scenario;
	VizObserver *obs;
	SimTime next_draw;        /* the next whole second to draw */
	SimTime next_sample;      /* the observer's next sampling time */
	int frames;               /* frames drawn and checked */
} Watch;

static void on_event(void *ctx, const SimEvent *e, const char *text)
{
	viz_observer_event(((Watch *)ctx)->obs, e, text);
}

static void on_log(void *ctx, SimTime t, const char *line, size_t len, bool timed)
{
	(void)len;
	(void)timed;
	viz_observer_narration(((Watch *)ctx)->obs, t, line);
}

/* What the time machine writes in the hint bar, the longest forms (going back, a branch). */
static const char *const statuses[] = {
	NULL,
	"going back to 547.2 s: the run again from 0 s\ngoing back to 547.2 s",
	"547.2 s of the 1234.5 s seen\n547.2 of 1234.5 s",
};
static const char branch_message[] =
	"new branch 12 at 547.2 s: docker-compose up -d taskmanager-1 — what came after this instant is gone\n"
	"new branch 12 at 547.2 s: docker-compose up -d taskmanager-1\nnew branch 12 at 547.2 s";

static void check_frame(Watch *w, const Sim *sim)
{
	VizControls ctl;
	VizSession session;
	viz_controls_init(&ctl);
	viz_session_init(&session);
	session.horizon = 1234 * SIM_US_PER_S;
	int n = w->frames % 3;
	if (n == 2)
		snprintf(ctl.message, sizeof ctl.message, "%s", branch_message);
	for (int k = 0; k < NSIZES; k++) {
		Canvas *c = &canvases[k];
		VizFrame f = { .scenario = w->scenario, .seed = sim_seed(sim), .speed = 10, .controls = &ctl,
			       .session = &session, .divergence = -1, .draw_scrubber = true, .status = statuses[n] };
		viz_text_reset_cuts(c->text);
		viz_draw(c->ren, c->text, c->w, c->h, sim, w->obs, &f, NULL);
		if (viz_text_cuts(c->text) > 0)
			fail_msg("%s at %dx%d, t=%.3fs: %d label(s) cut, the last \"%s\"", w->scenario, c->w, c->h,
			         (double)sim_now(sim) / 1e6, viz_text_cuts(c->text), viz_text_last_cut(c->text));
	}
	w->frames++;
}

/* Time passes as in the view: the observer samples every VIZ_SAMPLE_US; a frame every second. */
static bool advance(void *ctx, Sim *sim, SimTime until)
{
	Watch *w = ctx;
	while (sim_now(sim) < until) {
		SimTime stop = w->next_sample < until ? w->next_sample : until;
		sim_run_until(sim, stop);
		if (sim_now(sim) >= w->next_sample) {
			viz_observer_sample(w->obs, sim);
			w->next_sample += VIZ_SAMPLE_US;
		}
		if (sim_now(sim) >= w->next_draw) {
			check_frame(w, sim);
			w->next_draw += SIM_US_PER_S;
		}
	}
	return true;
}

static void on_sim(void *ctx, Sim *sim)
{
	Watch *w = ctx;
	if (sim)
		w->next_sample = w->next_draw = sim_now(sim);
}

static void check_scenario(const char *file, int min_frames)
{
	Watch w = { .scenario = file, .obs = viz_observer_create() };
	assert_non_null(w.obs);
	PgRunOptions o;
	pgrun_options_default(&o);
	o.file = file;
	o.quiet = true;                                      /* the hook still hears every line */
	o.listener = on_event;
	o.listener_ctx = &w;
	o.on_log = on_log;
	o.on_log_ctx = &w;
	o.advance = advance;
	o.advance_ctx = &w;
	o.on_sim = on_sim;
	o.on_sim_ctx = &w;
	PgRun *r = pgrun_create(&o);
	assert_non_null(r);
	PgRunStatus st = pgrun_exec(r);
	if (st != PGRUN_OK)
		fail_msg("%s: %s", file, pgrun_message(r));
	check_frame(&w, pgrun_sim(r));                       /* the last state, as the window keeps it */
	assert_true(w.frames >= min_frames);
	assert_true(w.obs->narration_t >= 0);                /* pg.log reached the view without any parsing */
	pgrun_destroy(r);
	viz_observer_destroy(w.obs);
}

static void test_failure_recovery_cuts_nothing(void **state)
{
	(void)state;
	check_scenario("scenarios/failure_recovery.lua", 500);
}

static void test_rescale_cuts_nothing(void **state)
{
	(void)state;
	check_scenario("scenarios/rescale.lua", 100);
}

static void test_backpressure_cuts_nothing(void **state)
{
	(void)state;
	check_scenario("scenarios/backpressure.lua", 100);
}

/* The network rules' lines and labels, the machines' badges (tests/viz/faults.lua: every
 * fault at once, three TaskManagers). */
static void test_partitioned_taskmanager_cuts_nothing(void **state)
{
	(void)state;
	check_scenario("scenarios/partitioned_taskmanager.lua", 200);
}

static void test_every_fault_cuts_nothing(void **state)
{
	(void)state;
	check_scenario("tests/viz/faults.lua", 45);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_stay_whole),
		cmocka_unit_test(test_alternatives_and_cuts),
		cmocka_unit_test(test_widths_remembered),
		cmocka_unit_test(test_failure_recovery_cuts_nothing),
		cmocka_unit_test(test_rescale_cuts_nothing),
		cmocka_unit_test(test_backpressure_cuts_nothing),
		cmocka_unit_test(test_partitioned_taskmanager_cuts_nothing),
		cmocka_unit_test(test_every_fault_cuts_nothing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
