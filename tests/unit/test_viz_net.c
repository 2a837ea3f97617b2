/* test_viz_net.c — the view draws the faults beyond docker-compose's, from the model's state.
 *
 * The texts first (netview.c): a rule's label ("cut", "+200ms ±50ms", "loss 10%"), the two
 * directions of a pair folded into one line's label, a machine's clock and CPU
 * ("clock +30s", "cpu ×0.25"). Then scenarios run through the same runner as `playground
 * viz`, the observer and a time machine's session fed by the model's events, and at chosen
 * instants the view's model is checked and a frame drawn and read back:
 *   - scenarios/partitioned_taskmanager.lua 90 s (the cut is on): one pair, jobmanager and
 *     taskmanager-1, cut both ways, "cut"; the layout has the band for it and red pixels
 *     are in it; the checkpoint timeline and the scrubber have a fault mark at the cut;
 *   - 110 s (after the heal): no pair, no band, no red there; a heal mark at the heal;
 *   - tests/viz/faults.lua 35 s: a one-way cut, a cut, a delay with jitter, a loss, a skewed
 *     clock and a slow CPU, each in its words; the machines' badges in their colour.
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
#include "netview.h"
#include "observer.h"
#include "runner.h"
#include "session.h"

#define CUT_RED  0xf5222d      /* cluster.c's NET_CUT_COLOR */
#define MACHINE  0x531dab      /* cluster.c's MACHINE_COLOR */

static SDL_Surface *surface;
static SDL_Renderer *ren;
static VizText *text;

static int setup(void **state)
{
	(void)state;
	SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
	if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0)
		return -1;
	IMG_Init(IMG_INIT_PNG);
	char err[300];
	surface = SDL_CreateRGBSurfaceWithFormat(0, VIZ_DEFAULT_WIDTH, VIZ_DEFAULT_HEIGHT, 32, SDL_PIXELFORMAT_ARGB8888);
	ren = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
	text = ren ? viz_text_create(ren, NULL, err, sizeof err) : NULL;
	if (!text) {
		fprintf(stderr, "no canvas: %s %s\n", err, SDL_GetError());
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	viz_text_destroy(text);
	SDL_DestroyRenderer(ren);
	SDL_FreeSurface(surface);
	IMG_Quit();
	TTF_Quit();
	SDL_Quit();
	return 0;
}

/* ---------------------------------------------------------------- texts */

static void test_rule_texts(void **state)
{
	(void)state;
	char buf[128];
	viz_net_rule_text(&(VizNetRule){ .set = true, .cut = true }, buf, sizeof buf);
	assert_string_equal(buf, "cut");
	viz_net_rule_text(&(VizNetRule){ .set = true, .delay_us = 200000, .jitter_us = 50000 }, buf, sizeof buf);
	assert_string_equal(buf, "+200ms ±50ms");
	viz_net_rule_text(&(VizNetRule){ .set = true, .delay_us = 2000000 }, buf, sizeof buf);
	assert_string_equal(buf, "+2s");
	viz_net_rule_text(&(VizNetRule){ .set = true, .loss = 0.1 }, buf, sizeof buf);
	assert_string_equal(buf, "loss 10%");
	viz_net_rule_text(&(VizNetRule){ .set = true, .cut = true, .delay_us = 1500, .loss = 0.005 }, buf, sizeof buf);
	assert_string_equal(buf, "cut · +1.5ms · loss 0.5%");
	viz_net_rule_text(&(VizNetRule){ 0 }, buf, sizeof buf);
	assert_string_equal(buf, "");
}

static void test_machine_texts(void **state)
{
	(void)state;
	char buf[200];
	ServiceInfo si = { .cpu = 1.0 };
	assert_false(viz_machine_text(&si, buf, sizeof buf));
	assert_string_equal(buf, "");
	si.clock_offset_us = 30 * SIM_US_PER_S;
	assert_true(viz_machine_text(&si, buf, sizeof buf));
	assert_string_equal(buf, "clock +30s\n+30s");
	si.cpu = 0.25;
	assert_true(viz_machine_text(&si, buf, sizeof buf));
	assert_string_equal(buf, "clock +30s · cpu ×0.25\n+30s · ×0.25");
	si = (ServiceInfo){ .cpu = 1.0, .clock_offset_us = -7500 * SIM_US_PER_MS };
	viz_machine_text(&si, buf, sizeof buf);
	assert_string_equal(buf, "clock -7.5s\n-7.5s");
	si.clock_offset_us = -(2 * 60 + 5) * SIM_US_PER_S;
	viz_machine_text(&si, buf, sizeof buf);
	assert_string_equal(buf, "clock -2m 5s\n-2m 5s");
	si.clock_offset_us = 250 * SIM_US_PER_MS;
	si.clock_drift = 0.001;
	viz_machine_text(&si, buf, sizeof buf);
	assert_string_equal(buf, "clock +250ms, drift +0.1%\n+250ms");
}

/* ---------------------------------------------------------------- scenarios */

typedef void (*CheckFn)(const Sim *sim, const VizObserver *o, const VizSession *session, int at);

typedef struct Watch {
	VizObserver *obs;
	VizSession session;
	SimTime next_sample;
	const SimTime *at;        /* instants to check, ascending, -1 ends */
	int next;                 /* the next of them */
	CheckFn check;
} Watch;

static void on_event(void *ctx, const SimEvent *e, const char *txt)
{
	Watch *w = ctx;
	viz_observer_event(w->obs, e, txt);
	viz_session_event(&w->session, e);
}

static bool advance(void *ctx, Sim *sim, SimTime until)
{
	Watch *w = ctx;
	while (sim_now(sim) < until) {
		SimTime stop = w->next_sample < until ? w->next_sample : until;
		if (w->at[w->next] >= 0 && w->at[w->next] < stop)
			stop = w->at[w->next];
		sim_run_until(sim, stop);
		if (sim_now(sim) >= w->next_sample) {
			viz_observer_sample(w->obs, sim);
			w->next_sample += VIZ_SAMPLE_US;
		}
		if (w->at[w->next] >= 0 && sim_now(sim) >= w->at[w->next])
			w->check(sim, w->obs, &w->session, w->next++);
	}
	return true;
}

static void on_sim(void *ctx, Sim *sim)
{
	if (sim)
		((Watch *)ctx)->next_sample = sim_now(sim);
}

static void run_scenario(const char *file, const SimTime *at, CheckFn check, int checks)
{
	Watch w = { .obs = viz_observer_create(), .at = at, .check = check };
	assert_non_null(w.obs);
	viz_session_init(&w.session);
	PgRunOptions o;
	pgrun_options_default(&o);
	o.file = file;
	o.quiet = true;
	o.listener = on_event;
	o.listener_ctx = &w;
	o.advance = advance;
	o.advance_ctx = &w;
	o.on_sim = on_sim;
	o.on_sim_ctx = &w;
	PgRun *r = pgrun_create(&o);
	assert_non_null(r);
	if (pgrun_exec(r) != PGRUN_OK)
		fail_msg("%s: %s", file, pgrun_message(r));
	assert_int_equal(w.next, checks);
	pgrun_destroy(r);
	viz_session_free(&w.session);
	viz_observer_destroy(w.obs);
}

/* Draws a frame; the layout it used. */
static VizLayout frame(const Sim *sim, const VizObserver *o, const VizSession *session, const char *name)
{
	VizControls ctl;
	viz_controls_init(&ctl);
	VizFrame f = { .scenario = name, .seed = sim_seed(sim), .speed = 10, .controls = &ctl, .session = session,
		       .divergence = -1, .draw_scrubber = true };
	VizLayout l;
	viz_text_reset_cuts(text);
	viz_draw(ren, text, VIZ_DEFAULT_WIDTH, VIZ_DEFAULT_HEIGHT, sim, o, &f, &l);
	SDL_RenderFlush(ren);
	assert_int_equal(viz_text_cuts(text), 0);
	const char *dir = getenv("VIZ_TEST_PNG_DIR");
	if (dir) {
		char path[512];
		snprintf(path, sizeof path, "%s/net-%s-%.0fs.png", dir, name, (double)sim_now(sim) / 1e6);
		IMG_SavePNG(surface, path);
	}
	return l;
}

static uint32_t pixel(int x, int y)
{
	uint32_t *row = (uint32_t *)((uint8_t *)surface->pixels + y * surface->pitch);
	return row[x] & 0xffffff;
}

static int count_color(VizRect r, uint32_t rgb)
{
	int n = 0;
	for (int y = r.y; y < r.y + r.h; y++)
		for (int x = r.x; x < r.x + r.w; x++)
			n += pixel(x, y) == rgb;
	return n;
}

/* The newest observer mark of a kind, or NULL. */
static const VizMark *mark_of(const VizObserver *o, VizMarkKind kind)
{
	for (int n = 0; viz_observer_mark(o, n); n++)
		if (viz_observer_mark(o, n)->kind == kind)
			return viz_observer_mark(o, n);
	return NULL;
}

static const VizScrubMark *scrub_mark_of(const VizSession *s, VizScrubKind kind)
{
	for (size_t n = 0; n < s->nmarks; n++)
		if (viz_session_mark(s, n)->kind == kind)
			return viz_session_mark(s, n);
	return NULL;
}

static VizRect band_during_cut;

static void check_partitioned(const Sim *sim, const VizObserver *o, const VizSession *session, int at)
{
	VizNetPair pairs[VIZ_MAX_NET_PAIRS];
	int n = viz_net_pairs(sim, pairs, VIZ_MAX_NET_PAIRS);
	VizLayout l = frame(sim, o, session, "partitioned");
	const VizMark *cut = mark_of(o, VIZ_MARK_FAULT);
	const VizScrubMark *tick = scrub_mark_of(session, VIZ_SCRUB_FAULT);
	assert_non_null(cut);
	assert_string_equal(cut->label, "cut");
	assert_non_null(tick);
	assert_string_equal(tick->label, "net partition jobmanager <-> taskmanager-1");
	assert_int_equal(tick->t, cut->t);
	if (at == 0) {                                /* 90 s: cut since 80.4 s */
		assert_int_equal(n, 1);
		assert_string_equal(pairs[0].a, "jobmanager");
		assert_string_equal(pairs[0].b, "taskmanager-1");
		assert_true(pairs[0].cut && pairs[0].ab.cut && pairs[0].ba.cut);
		assert_string_equal(pairs[0].label, "cut");
		assert_int_equal(l.shape.net_pairs, 1);
		assert_false(viz_rect_empty(l.net_band));
		assert_true(viz_rect_inside(l.net_band, l.cluster));
		assert_false(viz_rect_overlap(l.net_band, l.tm_area));
		assert_true(count_color(l.net_band, CUT_RED) > 20);   /* the line and the label's ink */
		band_during_cut = l.net_band;
		assert_null(mark_of(o, VIZ_MARK_HEAL));
		assert_null(scrub_mark_of(session, VIZ_SCRUB_HEAL));
	} else {                                      /* 110 s: healed at 105.1 s */
		assert_int_equal(n, 0);
		assert_int_equal(l.shape.net_pairs, 0);
		assert_true(viz_rect_empty(l.net_band));
		assert_int_equal(count_color(band_during_cut, CUT_RED), 0);
		const VizMark *heal = mark_of(o, VIZ_MARK_HEAL);
		assert_non_null(heal);
		assert_string_equal(heal->label, "heal");
		assert_true(heal->t > cut->t);
		assert_non_null(scrub_mark_of(session, VIZ_SCRUB_HEAL));
	}
}

static void test_partition_drawn_and_healed(void **state)
{
	(void)state;
	static const SimTime at[] = { 90 * SIM_US_PER_S, 110 * SIM_US_PER_S, -1 };
	run_scenario("scenarios/partitioned_taskmanager.lua", at, check_partitioned, 2);
}

static const VizNetPair *pair_of(const VizNetPair *p, int n, const char *a, const char *b)
{
	for (int i = 0; i < n; i++)
		if (strcmp(p[i].a, a) == 0 && strcmp(p[i].b, b) == 0)
			return &p[i];
	fail_msg("no pair %s, %s", a, b);
	return NULL;
}

static void machine_of(const Sim *sim, const char *name, char *buf, size_t len)
{
	for (int i = 0; i < sim_service_count(sim); i++) {
		ServiceInfo si;
		if (sim_service_info(sim, i, &si) && strcmp(si.name, name) == 0) {
			viz_machine_text(&si, buf, len);
			return;
		}
	}
	fail_msg("no service %s", name);
}

static void check_faults(const Sim *sim, const VizObserver *o, const VizSession *session, int at)
{
	VizNetPair pairs[VIZ_MAX_NET_PAIRS];
	int n = viz_net_pairs(sim, pairs, VIZ_MAX_NET_PAIRS);
	VizLayout l = frame(sim, o, session, "faults");
	char buf[200];
	machine_of(sim, "taskmanager-2", buf, sizeof buf);
	assert_string_equal(buf, "clock +30s\n+30s");
	machine_of(sim, "taskmanager-3", buf, sizeof buf);
	assert_string_equal(buf, "cpu ×0.25\n×0.25");
	machine_of(sim, "kafka", buf, sizeof buf);
	assert_string_equal(buf, "clock -2m\n-2m");
	/* the badges, in the TaskManagers' status stripes (pg.net.heal leaves machines alone) */
	assert_true(count_color(viz_layout_taskmanager_header(&l, 1), MACHINE) > 100);
	assert_true(count_color(viz_layout_taskmanager_header(&l, 2), MACHINE) > 100);
	assert_int_equal(count_color(viz_layout_taskmanager_header(&l, 0), MACHINE), 0);
	if (at == 1) {                                /* after pg.net.heal() */
		assert_int_equal(n, 0);
		assert_true(viz_rect_empty(l.net_band));
		return;
	}
	assert_int_equal(n, 4);
	const VizNetPair *p = pair_of(pairs, n, "jobmanager", "taskmanager-1");
	assert_true(p->ab.cut && !p->ba.set);
	assert_string_equal(p->label, "cut one way\ncut");
	p = pair_of(pairs, n, "taskmanager-2", "taskmanager-3");
	assert_string_equal(p->label, "cut");
	p = pair_of(pairs, n, "kafka", "taskmanager-3");
	assert_false(p->cut);
	assert_string_equal(p->label, "+200ms ±50ms");
	p = pair_of(pairs, n, "kafka", "zookeeper");
	assert_string_equal(p->label, "loss 10%");
	assert_true(count_color(l.net_band, CUT_RED) > 20);
	assert_true(count_color(l.net_band, 0xd46b08) > 20);     /* cluster.c's NET_SLOW_COLOR */
	int faults = 0;
	for (size_t k = 0; k < session->nmarks; k++)
		faults += viz_session_mark(session, k)->kind == VIZ_SCRUB_FAULT;
	assert_int_equal(faults, 7);                  /* 4 network rules, 2 clocks, 1 cpu */
}

static void test_every_fault_in_its_words(void **state)
{
	(void)state;
	static const SimTime at[] = { 35 * SIM_US_PER_S, 45 * SIM_US_PER_S, -1 };
	run_scenario("tests/viz/faults.lua", at, check_faults, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rule_texts),
		cmocka_unit_test(test_machine_texts),
		cmocka_unit_test(test_partition_drawn_and_healed),
		cmocka_unit_test(test_every_fault_in_its_words),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
