/*
 * pair.c — the second run of a comparison (see pair.h).
 *
 * The handoff: the main thread sets `target` (the first run's instant) and waits until the
 * second run's thread has `parked` — its Sim at the target, its scenario's actions at that
 * instant done, the thread blocked on the condition variable. While it is parked the main
 * thread may read its Sim and observer (drawing) and give it keyboard commands: the second
 * thread touches none of it until the target moves. `abort` ends its run (going back, or
 * the end of the viewing): its advance returns false and the scenario stops.
 */
#include "pair.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"

struct VizPair {
	const char *file;         /* the second scenario */
	uint64_t seed;            /* its seed */
	bool seed_given;
	const VizArgs *a;         /* the first run's command line (arguments, budget) */

	pthread_t thread;
	bool thread_live;         /* a thread was started and not joined yet */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	SimTime target;           /* the second run may go up to here */
	bool parked;              /* it waits for a later target … */
	SimTime parked_at;        /* … at this instant (its Sim's clock, read under the lock) */
	bool gone;                /* its thread has nothing more to do */
	bool abort;               /* its run must end */

	PgRun *run;               /* the second run, its Sim, what the view remembers of it */
	Sim *sim;
	VizObserver *obs;
	VizControls ctl;
	VizSession session;       /* its marks for the scrubber's lower lane */
	SimTime next_sample;
	PgRunStatus status;
	bool ended;               /* its scenario is over */

	CompareRun first, second; /* both runs' events, as `playground diff` collects them */
	SimTime next_compare;     /* the next whole second to compare at */
	long difference;          /* the index of the first line that differs, -1 none found */
	SimTime divergence;       /* its instant, -1 none */
	char line_first[240], line_second[240];
};

VizPair *viz_pair_create(const Viz *z, char *err, size_t len)
{
	VizPair *p = calloc(1, sizeof *p);
	if (!p || !(p->obs = viz_observer_create())) {
		free(p);
		snprintf(err, len, "out of memory");
		return NULL;
	}
	p->a = &z->a;
	p->file = z->a.compare_file ? z->a.compare_file : z->a.file;
	FILE *f = fopen(p->file, "r");
	if (!f) {
		snprintf(err, len, "cannot read %s: %s", p->file, strerror(errno));
		viz_observer_destroy(p->obs);
		free(p);
		return NULL;
	}
	fclose(f);
	p->seed = z->a.seeds_given ? z->a.seeds[1] : z->a.seed;
	p->seed_given = z->a.seeds_given || z->a.seed_given;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	viz_session_init(&p->session);
	viz_controls_init(&p->ctl);
	compare_init(&p->first);
	compare_init(&p->second);
	p->divergence = -1;
	p->difference = -1;
	return p;
}

/* ---------------------------------------------------------------- the second thread */

/* Waits for a target past now (parked meanwhile); false when the run must end. */
static bool wait_target(VizPair *p, SimTime now)
{
	pthread_mutex_lock(&p->mu);
	while (!p->abort && p->target <= now) {
		p->parked = true;
		p->parked_at = now;
		pthread_cond_broadcast(&p->cv);
		pthread_cond_wait(&p->cv, &p->mu);
	}
	p->parked = false;
	bool go = !p->abort;
	pthread_mutex_unlock(&p->mu);
	return go;
}

/* Runs the second Sim to t, sampling its observer every VIZ_SAMPLE_US as the view does. */
static void run_to(VizPair *p, Sim *sim, SimTime t)
{
	while (sim_now(sim) < t) {
		SimTime stop = p->next_sample < t ? p->next_sample : t;
		sim_run_until(sim, stop);
		if (sim_now(sim) >= p->next_sample) {
			viz_observer_sample(p->obs, sim);
			viz_controls_poll(&p->ctl, sim);
			viz_session_reached(&p->session, sim_now(sim));
			p->next_sample += VIZ_SAMPLE_US;
		}
	}
}

static bool pair_advance(void *ctx, Sim *sim, SimTime until)
{
	VizPair *p = ctx;
	while (sim_now(sim) < until) {
		if (!wait_target(p, sim_now(sim)))
			return false;
		run_to(p, sim, p->target < until ? p->target : until);
	}
	return true;
}

static void pair_on_sim(void *ctx, Sim *sim)
{
	VizPair *p = ctx;
	p->sim = sim;
	if (sim)
		p->next_sample = sim_now(sim);
}

static void pair_on_event(void *ctx, const SimEvent *e, const char *text)
{
	VizPair *p = ctx;
	if (p->abort)
		return;
	viz_observer_event(p->obs, e, text);
	viz_session_event(&p->session, e);
	compare_on_event(&p->second, e, text);
}

static void pair_on_log(void *ctx, SimTime t, const char *line, size_t len, bool timed)
{
	VizPair *p = ctx;
	(void)len;
	(void)timed;
	if (!p->abort)
		viz_observer_narration(p->obs, t, line);
}

/* The second scenario, then its playground going on as far as the first one goes. */
static void *pair_main(void *arg)
{
	VizPair *p = arg;
	PgRunOptions o;
	pgrun_options_default(&o);
	o.file = p->file;
	o.args = p->a->args;
	o.nargs = p->a->nargs;
	o.seed = p->seed;
	o.seed_given = p->seed_given;
	o.budget = p->a->budget;
	o.quiet = true;
	o.on_log = pair_on_log;
	o.on_log_ctx = p;
	o.listener = pair_on_event;
	o.listener_ctx = p;
	o.advance = pair_advance;
	o.advance_ctx = p;
	o.on_sim = pair_on_sim;
	o.on_sim_ctx = p;
	p->run = pgrun_create(&o);
	p->status = p->run ? pgrun_exec(p->run) : PGRUN_UNLOADABLE;
	p->sim = p->run ? pgrun_sim(p->run) : NULL;
	p->ended = true;
	while (p->sim && wait_target(p, sim_now(p->sim)))
		run_to(p, p->sim, p->target);
	pthread_mutex_lock(&p->mu);
	p->gone = true;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* ---------------------------------------------------------------- the main thread's side */

static void stop_thread(VizPair *p)
{
	if (!p->thread_live)
		return;
	pthread_mutex_lock(&p->mu);
	p->abort = true;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->thread, NULL);
	p->thread_live = false;
	pgrun_destroy(p->run);
	p->run = NULL;
	p->sim = NULL;
}

void viz_pair_start(VizPair *p)
{
	stop_thread(p);
	viz_observer_reset(p->obs);
	viz_controls_rerun(&p->ctl);
	viz_session_run_started(&p->session);
	compare_free(&p->first);
	compare_free(&p->second);
	p->next_compare = SIM_US_PER_S;
	p->difference = -1;
	p->target = 0;
	p->parked = p->gone = p->abort = p->ended = false;
	p->status = PGRUN_OK;
	if (pthread_create(&p->thread, NULL, pair_main, p) == 0)
		p->thread_live = true;
	else
		p->gone = true;
}

/* Sets the target and waits for the second run to get there (or to have nothing to do). */
static void hand_over(VizPair *p, SimTime t)
{
	pthread_mutex_lock(&p->mu);
	p->target = t;
	pthread_cond_broadcast(&p->cv);
	while (!p->gone && !(p->parked && p->parked_at >= t))
		pthread_cond_wait(&p->cv, &p->mu);
	pthread_mutex_unlock(&p->mu);
}

/* The lines of r before instant t: a view of r's array, not a copy. */
static CompareRun before(const CompareRun *r, SimTime t)
{
	CompareRun v = *r;
	size_t lo = 0, hi = r->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (r->lines[mid].t < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	v.n = lo;
	return v;
}

/* Once a simulated second: the events of both runs before now, compared as `playground diff`
 * compares runs. Instants before now are complete in both runs (events and scenario actions). */
static void compare_now(VizPair *p, const Sim *first, SimTime now)
{
	if (now < p->next_compare)
		return;
	p->next_compare = (now / SIM_US_PER_S + 1) * SIM_US_PER_S;
	compare_sample(&p->first, first);
	if (p->sim)
		compare_sample(&p->second, p->sim);
	if (p->difference >= 0)
		return;
	CompareRun a = before(&p->first, now), b = before(&p->second, now);
	long i = compare_first_difference(&a, &b);
	if (i < 0)
		return;
	p->difference = i;
	const CompareLine *la = (size_t)i < a.n ? &a.lines[i] : NULL, *lb = (size_t)i < b.n ? &b.lines[i] : NULL;
	SimTime t = -1;                                /* the earlier of the two lines (one may be missing) */
	if (la)
		t = la->t;
	if (lb && (t < 0 || lb->t < t))
		t = lb->t;
	if (p->divergence < 0 || t < p->divergence) {    /* known from an earlier run: the same */
		p->divergence = t;
		snprintf(p->line_first, sizeof p->line_first, "%s", la ? la->line : "(no event then)");
		snprintf(p->line_second, sizeof p->line_second, "%s", lb ? lb->line : "(no event then)");
	}
}

void viz_pair_follow(VizPair *p, const Sim *first)
{
	SimTime now = sim_now(first);
	hand_over(p, now);
	compare_now(p, first, now);
}

void viz_pair_event(VizPair *p, const SimEvent *e, const char *text)
{
	compare_on_event(&p->first, e, text);
}

void viz_pair_command(VizPair *p, const VizStroke *k)
{
	if (!p->sim || p->gone || sim_now(p->sim) != k->t)
		return;                                    /* the second run is not at this instant */
	VizBranchPoint bp = viz_session_before_command(&p->session, k->t);
	int before_n = p->ctl.commands;
	p->ctl.selected_tm = k->selected_tm;
	p->ctl.parallelism = k->parallelism;
	viz_command(&p->ctl, p->sim, k->cmd, k->arg);
	viz_session_after_command(&p->session, &bp, p->ctl.commands > before_n, k);
}

void viz_pair_draw(VizPair *p, Viz *z, const VizFrame *f)
{
	int half = z->w / 2, h = z->h;
	VizFrame fa = *f, fb = *f;
	fa.draw_scrubber = fb.draw_scrubber = false;
	fb.scenario = p->file;
	fb.seed = p->sim ? sim_seed(p->sim) : p->seed;
	fb.controls = f->controls ? &p->ctl : NULL;
	fb.session = &p->session;
	char banner[300], parted[300];
	if (p->divergence >= 0) {
		snprintf(parted, sizeof parted, "the runs part at %.3f s (red on the timeline)\nthe runs part at %.3f s",
		         (double)p->divergence / 1e6, (double)p->divergence / 1e6);
		fb.status = parted;
	} else {
		fb.status = NULL;
	}
	if (p->ended && p->status != PGRUN_OK && !f->help) {
		snprintf(banner, sizeof banner, "Scenario failed: %s", p->run ? pgrun_message(p->run) : "");
		fb.banner = banner;
		fb.banner_error = true;
	}
	SDL_Rect left = { 0, 0, half, h }, right = { half, 0, z->w - half, h };
	SDL_RenderSetViewport(z->ren, &left);
	viz_draw(z->ren, z->text, half, h, z->sim, z->obs, &fa, NULL);
	SDL_RenderSetViewport(z->ren, &right);
	viz_draw(z->ren, z->text, z->w - half, h, p->sim, p->obs, &fb, NULL);
	SDL_RenderSetViewport(z->ren, NULL);
	VizFrame fs = *f;
	fs.other = &p->session;
	fs.divergence = p->divergence;
	viz_draw_scrubber_bar(z->ren, z->text, z->w, h, z->sim ? sim_now(z->sim) : 0, &fs);
}

bool viz_pair_report(VizPair *p, const Sim *first)
{
	if (p->status == PGRUN_UNLOADABLE) {
		fprintf(stderr, "%s\n", p->run ? pgrun_message(p->run) : "the second scenario did not start");
		return false;
	}
	if (p->divergence >= 0)
		fprintf(stderr, "viz: the runs part at t=%.6fs:\n  %s: %s\n  %s: %s\n", (double)p->divergence / 1e6,
		        p->a->file, p->line_first, p->file, p->line_second);
	else
		fprintf(stderr, "viz: the runs are the same up to t=%.3fs\n", first ? (double)sim_now(first) / 1e6 : 0.0);
	if (p->sim && first) {
		compare_finish(&p->first, first);
		compare_finish(&p->second, p->sim);
		compare_print(stderr, &p->first, &p->second, "A", "B");
	}
	return true;
}

void viz_pair_destroy(VizPair *p)
{
	if (!p)
		return;
	stop_thread(p);
	compare_free(&p->first);
	compare_free(&p->second);
	viz_session_free(&p->session);
	viz_observer_destroy(p->obs);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p);
}
