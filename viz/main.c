/*
 * main.c — `playground viz`: a scenario in an SDL2 window (or headless, for PNG snapshots).
 *
 * The scenario runs through the same runner as `playground run`; the view passes its own
 * `advance`, so whenever the scenario lets simulated time pass, the frame loop runs: each
 * frame advances the Sim by speed × frame time (never past the time the scenario asked
 * for), then draws from const queries. The loop also stops the Sim at every sampling time
 * of the observer and at every snapshot time, so what the view remembers and what a
 * snapshot shows depend on simulated time only. Without keyboard input the Sim sees the
 * same calls, in the same order, as under `playground run`: the trace hash is the same at
 * any speed. Keyboard commands go through controls.c (sim.h actions, traced).
 *
 * Wall-clock time is read here, for pacing and frame statistics only; the model never sees it.
 * Owns the window (or the offscreen canvas), the fonts, the observer and the run.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <SDL2/SDL.h>
#include <SDL2/SDL_image.h>
#include <SDL2/SDL_ttf.h>

#include "args.h"
#include "controls.h"
#include "draw.h"
#include "observer.h"
#include "sim.h"

#include "cli.h"
#include "runner.h"

#define FRAME_NS        16666667ull     /* 60 frames per second */
#define MAX_FRAME_DT_S  0.1             /* a stalled frame does not make the Sim jump */
#define DRAW_SHARE      0.1             /* at maximum speed, drawing gets at most this share of wall time … */
#define MAX_SPEED_FRAME_NS 100000000ull /* … and at most 10 frames per second (a blur at that speed anyway) */
#define MAX_DRAW_SAMPLE_S 0.05          /* longer frames count as this long in the smoothed cost */
#define STEP_US         SIM_US_PER_MS   /* single step: 1 ms increments … */
#define STEP_LIMIT_US   SIM_US_PER_S    /* … until a trace line, at most this far */

static const double speeds[] = { 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 0 };
#define NSPEEDS ((int)(sizeof speeds / sizeof speeds[0]))

typedef struct Viz {
	VizArgs a;                /* the command line */
	bool headless;            /* no window: draw only snapshots */
	SDL_Window *window;       /* NULL when headless */
	SDL_Renderer *ren;        /* the window's, or a software renderer over canvas */
	SDL_Surface *canvas;      /* headless drawing target */
	VizText *text;
	int w, h;                 /* drawing size, px */

	PgRun *run;
	Sim *sim;                 /* the run's Sim, NULL before pg.up */
	VizObserver *obs;
	VizControls ctl;
	bool had_sim;             /* a Sim existed before (a failed pg.up destroyed it) */

	double speed;             /* simulated s per wall s; <= 0 = maximum */
	bool paused, help, quit;
	bool stepping;            /* a single step is under way */
	uint64_t step_lines;      /* trace lines when the step began */
	SimTime step_limit;       /* the step ends here at the latest */
	int log_scroll;           /* log entries scrolled back */
	SimTime budget_end;       /* the current frame may advance the Sim up to here */
	SimTime next_sample;      /* next observer sampling time */
	int next_snap;            /* index of the next snapshot time */
	struct {
		SimTime t;            /* the instant of a watched event (--snapshot-on) … */
		const char *name;     /* … and the moment it was ("restart") */
	} moments[32];
	int nmoments;             /* watched events whose instant is not over yet */
	const char *banner;       /* shown after the scenario ended */
	char banner_buf[400];
	bool banner_error;

	uint64_t last_frame_ns;   /* wall time the last frame started */
	double draw_s;            /* smoothed wall seconds per drawn frame */
	uint64_t frames;          /* frames drawn */
	double draw_total_s;      /* wall seconds spent drawing */
	double fps, actual_speed; /* measured over the last second */
	uint64_t meter_ns;        /* start of the measuring second */
	uint64_t meter_frames;
	SimTime meter_sim;
	int snaps_taken;
} Viz;

static uint64_t wall_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---------------------------------------------------------------- drawing */

static void frame_info(const Viz *z, VizFrame *f, bool snapshot)
{
	*f = (VizFrame){
		.scenario = z->a.file, .seed = z->sim ? sim_seed(z->sim) : z->a.seed,
		.speed = z->speed, .paused = z->paused && !snapshot, .help = z->help && !snapshot,
		.banner = snapshot ? NULL : z->banner, .banner_error = z->banner_error,
		.log_scroll = snapshot ? 0 : z->log_scroll, .controls = snapshot ? NULL : &z->ctl,
		.fps = snapshot ? 0 : z->fps, .actual_speed = snapshot ? 0 : z->actual_speed,
	};
}

static void draw(Viz *z, bool snapshot)
{
	VizFrame f;
	frame_info(z, &f, snapshot);
	viz_draw(z->ren, z->text, z->w, z->h, z->sim, z->obs, &f, NULL);
}

/* Writes the frame on the renderer to path. */
static bool save_png(Viz *z, const char *path)
{
	SDL_Surface *s = z->canvas;
	bool own = false;
	if (!s) {
		s = SDL_CreateRGBSurfaceWithFormat(0, z->w, z->h, 32, SDL_PIXELFORMAT_ARGB8888);
		if (!s || SDL_RenderReadPixels(z->ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) != 0) {
			SDL_FreeSurface(s);
			return false;
		}
		own = true;
	}
	bool ok = IMG_SavePNG(s, path) == 0;
	if (own)
		SDL_FreeSurface(s);
	return ok;
}

/* Draws the frame as a snapshot and writes it to DIR/viz-<what-><T>s.png. */
static void snapshot(Viz *z, SimTime t, const char *what)
{
	char path[1024], tn[48];
	viz_time_name(t, tn, sizeof tn);
	snprintf(path, sizeof path, "%s/viz-%s%s%s.png", z->a.out_dir, what ? what : "", what ? "-" : "", tn);
	draw(z, true);
	if (save_png(z, path)) {
		fprintf(stderr, "viz: snapshot at t=%.3fs%s%s: %s\n", (double)t / 1e6, what ? " on " : "", what ? what : "",
		        path);
		z->snaps_taken++;
	} else {
		fprintf(stderr, "viz: cannot write %s: %s\n", path, SDL_GetError());
	}
	if (z->window)
		SDL_RenderPresent(z->ren);
}

/* A watched event (--snapshot-on): its snapshot is taken when its instant is over. */
static void watch_event(Viz *z, const SimEvent *e)
{
	const char *names[VIZ_WATCH_MATCHES];
	int n = viz_watch_match(&z->a.snapshot_on, e, names);
	for (int i = 0; i < n; i++) {
		bool seen = false;
		for (int k = 0; k < z->nmoments && !seen; k++)
			seen = z->moments[k].t == e->t && strcmp(z->moments[k].name, names[i]) == 0;
		if (!seen && z->nmoments < (int)(sizeof z->moments / sizeof z->moments[0])) {
			z->moments[z->nmoments].t = e->t;
			z->moments[z->nmoments++].name = names[i];
		}
	}
}

/* Runs the Sim up to t; with moments watched, stops early right after the instant of a
 * watched event (every event at its time has run), so the snapshot shows that instant
 * complete. The Sim runs the same events in the same order either way. */
static void run_to(Viz *z, Sim *sim, SimTime t)
{
	SimTime next;
	if (viz_watch_empty(&z->a.snapshot_on)) {
		sim_run_until(sim, t);
		return;
	}
	while (z->nmoments == 0 && sim_next_event_time(sim, &next) && next <= t)
		sim_step(sim);
	sim_run_until(sim, z->nmoments > 0 ? sim_now(sim) : t);
}

/* The snapshots of watched events whose instant is over (now is that instant). */
static void take_moments(Viz *z, SimTime now)
{
	for (int k = 0; k < z->nmoments; k++)
		if (z->moments[k].t == now)
			snapshot(z, now, z->moments[k].name);
		else
			fprintf(stderr, "viz: no snapshot on %s at t=%.6fs: the view was past it\n", z->moments[k].name,
			        (double)z->moments[k].t / 1e6);
	z->nmoments = 0;
}

/* ---------------------------------------------------------------- keys */

/* The next step of the speed table up (dir > 0) or down; maximum is the top. */
static void change_speed(Viz *z, int dir)
{
	if (z->speed <= 0) {
		if (dir < 0)
			z->speed = speeds[NSPEEDS - 2];
		return;
	}
	if (dir > 0) {
		for (int i = 0; i < NSPEEDS; i++)
			if (speeds[i] <= 0 || speeds[i] > z->speed + 1e-9) {
				z->speed = speeds[i];
				return;
			}
	}
	for (int i = NSPEEDS - 2; i >= 0; i--)
		if (speeds[i] < z->speed - 1e-9) {
			z->speed = speeds[i];
			return;
		}
}

/* Runs a keyboard command; one that reached the Sim is echoed with its time (replay aid). */
static void command(Viz *z, Sim *sim, VizCommand cmd, int arg)
{
	int before = z->ctl.commands;
	viz_command(&z->ctl, sim, cmd, arg);
	if (z->ctl.commands > before)
		fprintf(stderr, "viz: key at t=%.6fs: %s\n", (double)sim_now(sim) / 1e6, z->ctl.message);
}

static void screenshot(Viz *z)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/viz-%.3fs.png", z->a.out_dir ? z->a.out_dir : ".",
	         z->sim ? (double)sim_now(z->sim) / 1e6 : 0.0);
	bool ok = save_png(z, path);
	snprintf(z->ctl.message, sizeof z->ctl.message, ok ? "saved %s" : "cannot save %s", path);
	z->ctl.message_error = !ok;
}

static void key(Viz *z, Sim *sim, const SDL_Keysym *k)
{
	int tms = 0;
	VizShape shape;
	switch (k->sym) {
	case SDLK_ESCAPE: if (z->help) z->help = false; else z->quit = true; break;
	case SDLK_q: z->quit = true; break;
	case SDLK_SPACE: z->paused = !z->paused; z->stepping = false; break;
	case SDLK_PLUS: case SDLK_KP_PLUS: case SDLK_EQUALS: change_speed(z, +1); break;
	case SDLK_MINUS: case SDLK_KP_MINUS: change_speed(z, -1); break;
	case SDLK_0: z->speed = 0; break;
	case SDLK_PERIOD:
		if (sim) {
			z->paused = z->stepping = true;
			z->step_lines = sim_trace_lines(sim);
			z->step_limit = sim_now(sim) + STEP_LIMIT_US;
		}
		break;
	case SDLK_h: case SDLK_QUESTION: z->help = !z->help; break;
	case SDLK_SLASH: if (k->mod & KMOD_SHIFT) z->help = !z->help; break;
	case SDLK_TAB:
		viz_shape_from_sim(sim, &shape);
		tms = shape.taskmanagers > 0 ? shape.taskmanagers : 1;
		command(z, sim, VIZ_CMD_SELECT_TM, (z->ctl.selected_tm + 1) % tms);
		break;
	case SDLK_k: command(z, sim, VIZ_CMD_KILL_TM, 0); break;
	case SDLK_s: command(z, sim, VIZ_CMD_START_TM, 0); break;
	case SDLK_p: command(z, sim, VIZ_CMD_PAUSE_TM, 0); break;
	case SDLK_u: command(z, sim, VIZ_CMD_SCALE_UP, 0); break;
	case SDLK_d: command(z, sim, VIZ_CMD_SCALE_DOWN, 0); break;
	case SDLK_x: command(z, sim, VIZ_CMD_STOP_SAVEPOINT, 0); break;
	case SDLK_r: command(z, sim, VIZ_CMD_RESUBMIT, 0); break;
	case SDLK_LEFTBRACKET: command(z, sim, VIZ_CMD_PARALLELISM_DOWN, 0); break;
	case SDLK_RIGHTBRACKET: command(z, sim, VIZ_CMD_PARALLELISM_UP, 0); break;
	case SDLK_PAGEUP: z->log_scroll += 10; break;
	case SDLK_PAGEDOWN: z->log_scroll = z->log_scroll > 10 ? z->log_scroll - 10 : 0; break;
	case SDLK_END: z->log_scroll = 0; break;
	case SDLK_F12: screenshot(z); break;
	default:
		if (k->sym >= SDLK_1 && k->sym <= SDLK_9)
			command(z, sim, VIZ_CMD_SELECT_TM, (int)(k->sym - SDLK_1));
		break;
	}
	int max_scroll = z->obs->nlog > 10 ? z->obs->nlog - 10 : 0;
	z->log_scroll = z->log_scroll > max_scroll ? max_scroll : z->log_scroll;
}

static void handle_events(Viz *z, Sim *sim)
{
	SDL_Event e;
	while (SDL_PollEvent(&e)) {
		if (e.type == SDL_QUIT)
			z->quit = true;
		else if (e.type == SDL_KEYDOWN && z->window)
			key(z, sim, &e.key.keysym);
		else if (e.type == SDL_MOUSEWHEEL && z->window)
			z->log_scroll = z->log_scroll + e.wheel.y * 3 < 0 ? 0 : z->log_scroll + e.wheel.y * 3;
		else if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
			SDL_GetRendererOutputSize(z->ren, &z->w, &z->h);
	}
}

/* ---------------------------------------------------------------- the frame loop */

/* Sampling and snapshots at their exact simulated times. */
static void at_time(Viz *z, Sim *sim)
{
	SimTime now = sim_now(sim);
	if (now >= z->next_sample) {
		viz_observer_sample(z->obs, sim);
		viz_controls_poll(&z->ctl, sim);
		while (z->next_sample <= now)
			z->next_sample += VIZ_SAMPLE_US;
	}
	take_moments(z, now);
	while (z->next_snap < z->a.nsnapshots && z->a.snapshots[z->next_snap] <= now) {
		SimTime t = z->a.snapshots[z->next_snap++];
		if (t == now)
			snapshot(z, t, NULL);
		else
			fprintf(stderr, "viz: no snapshot at t=%.3fs: the environment was not up yet\n", (double)t / 1e6);
	}
	if (z->stepping && (sim_trace_lines(sim) != z->step_lines || now >= z->step_limit))
		z->stepping = false;
}

static bool frame_due(const Viz *z, const Sim *sim)
{
	if (!sim || (z->paused && !z->stepping))
		return true;
	if (z->stepping)
		return false;
	if (sim_now(sim) >= z->budget_end)
		return true;
	if (z->headless)
		return false;
	uint64_t since = wall_ns() - z->last_frame_ns;
	if (z->speed > 0)
		return since >= FRAME_NS;
	double min_s = z->draw_s * (1 - DRAW_SHARE) / DRAW_SHARE;
	return since >= MAX_SPEED_FRAME_NS && (double)since / 1e9 >= min_s;
}

static void measure(Viz *z, uint64_t now_ns)
{
	if (now_ns - z->meter_ns < 1000000000ull)
		return;
	double secs = (double)(now_ns - z->meter_ns) / 1e9;
	z->fps = (double)(z->frames - z->meter_frames) / secs;
	SimTime t = z->sim ? sim_now(z->sim) : 0;
	z->actual_speed = (double)(t - z->meter_sim) / 1e6 / secs;
	z->meter_ns = now_ns;
	z->meter_frames = z->frames;
	z->meter_sim = t;
}

/* One frame: input, drawing, pacing, and the simulated time the next frame may use. */
static void frame(Viz *z, Sim *sim)
{
	uint64_t t0 = wall_ns();
	handle_events(z, sim);
	if (!z->headless) {
		draw(z, false);
		SDL_RenderPresent(z->ren);
		z->frames++;
		double d = (double)(wall_ns() - t0) / 1e9;
		z->draw_total_s += d;
		d = d > MAX_DRAW_SAMPLE_S ? MAX_DRAW_SAMPLE_S : d;   /* the first frames fill caches */
		z->draw_s = z->draw_s > 0 ? 0.7 * z->draw_s + 0.3 * d : d;
	}
	bool max = z->speed <= 0 && !z->paused;
	uint64_t next = z->last_frame_ns + FRAME_NS, now = wall_ns();
	if (!max && now < next) {
		SDL_Delay((Uint32)((next - now) / 1000000));
		now = wall_ns();
	}
	double dt = (double)(now - z->last_frame_ns) / 1e9;
	dt = dt > MAX_FRAME_DT_S ? MAX_FRAME_DT_S : dt;
	z->last_frame_ns = now;
	SimTime t = sim ? sim_now(sim) : 0;
	z->budget_end = z->paused ? t : max ? INT64_MAX : t + (SimTime)(z->speed * dt * 1e6);
	measure(z, now);
}

static SimTime next_stop(const Viz *z, const Sim *sim, SimTime until)
{
	SimTime t = until;
	if (z->stepping) {
		SimTime s = sim_now(sim) + STEP_US;
		t = s < t ? s : t;
	} else if (z->budget_end < t) {
		t = z->budget_end;
	}
	t = z->next_sample < t ? z->next_sample : t;
	if (z->next_snap < z->a.nsnapshots && z->a.snapshots[z->next_snap] < t)
		t = z->a.snapshots[z->next_snap];
	return t;
}

/* The runner's `advance`: frames run while simulated time passes up to `until`. */
static bool viz_advance(void *ctx, Sim *sim, SimTime until)
{
	Viz *z = ctx;
	while (!z->quit) {
		at_time(z, sim);
		if (sim_now(sim) >= until)
			return true;
		if (frame_due(z, sim)) {
			frame(z, sim);
			continue;
		}
		run_to(z, sim, next_stop(z, sim, until));
	}
	return false;
}

static void viz_on_sim(void *ctx, Sim *sim)
{
	Viz *z = ctx;
	z->sim = sim;
	if (!sim)
		return;
	if (z->had_sim)                                  /* a second Sim after a failed pg.up */
		viz_observer_reset(z->obs);
	z->had_sim = true;
	z->next_sample = sim_now(sim);
	z->budget_end = sim_now(sim);
}

static void viz_on_event(void *ctx, const SimEvent *e, const char *text)
{
	Viz *z = ctx;
	viz_observer_event(z->obs, e, text);
	watch_event(z, e);
}

/* The scenario's pg.log and print lines, with their simulated times (the runner's hook). */
static void viz_on_log(void *ctx, SimTime t, const char *line)
{
	Viz *z = ctx;
	viz_observer_narration(z->obs, t, line);
}

/* After the scenario: the last state stays on screen; unpausing keeps the playground running. */
static void after_scenario(Viz *z)
{
	Sim *sim = pgrun_sim(z->run);
	z->paused = true;
	z->stepping = false;
	while (!z->quit) {
		if (sim)
			at_time(z, sim);
		if (!sim || frame_due(z, sim)) {
			frame(z, sim);
			if (sim && !z->paused)
				z->banner = NULL;
			continue;
		}
		run_to(z, sim, next_stop(z, sim, INT64_MAX));
	}
}

/* ---------------------------------------------------------------- setup */

static bool env_set(const char *name)
{
	const char *v = getenv(name);
	return v && *v;
}

static int open_display(Viz *z)
{
	bool no_display = !env_set("DISPLAY") && !env_set("WAYLAND_DISPLAY") && !env_set("SDL_VIDEODRIVER");
	bool snapshots = z->a.nsnapshots > 0 || !viz_watch_empty(&z->a.snapshot_on);
	z->headless = z->a.headless || (no_display && snapshots);
	if (no_display && !z->headless) {
		fprintf(stderr, "playground viz: no display (DISPLAY is not set); use --snapshot-at T… or --snapshot-on "
		                "MOMENT… with --out DIR, or --headless, to run without a window\n");
		return 2;
	}
	if (z->headless && no_display)
		SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
	if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0 || (IMG_Init(IMG_INIT_PNG) & IMG_INIT_PNG) == 0) {
		fprintf(stderr, "playground viz: cannot start SDL: %s\n", SDL_GetError());
		return 1;
	}
	z->w = z->a.width;
	z->h = z->a.height;
	if (z->headless) {
		z->canvas = SDL_CreateRGBSurfaceWithFormat(0, z->w, z->h, 32, SDL_PIXELFORMAT_ARGB8888);
		z->ren = z->canvas ? SDL_CreateSoftwareRenderer(z->canvas) : NULL;
	} else {
		char title[300];
		snprintf(title, sizeof title, "Flink Operations Playground — %s", z->a.file);
		z->window = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, z->w, z->h,
		                             SDL_WINDOW_RESIZABLE);
		/* The software renderer draws this view (rectangles and cached text) in a few ms and
		 * shows exactly the pixels a snapshot saves. Without a GPU (CI, Xvfb, VMs) the OpenGL
		 * renderer rasterises in software threads that cost 3-5x more and take CPU from the
		 * simulation. SDL_RENDER_DRIVER / SDL_FRAMEBUFFER_ACCELERATION in the environment win. */
		SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
		z->ren = z->window ? SDL_CreateRenderer(z->window, -1, env_set("SDL_RENDER_DRIVER") ? 0 : SDL_RENDERER_SOFTWARE)
		                   : NULL;
		if (z->ren)
			SDL_GetRendererOutputSize(z->ren, &z->w, &z->h);
	}
	char err[600];
	if (!z->ren || !(z->text = viz_text_create(z->ren, NULL, err, sizeof err))) {
		fprintf(stderr, "playground viz: %s\n", z->ren ? err : SDL_GetError());
		return 1;
	}
	return 0;
}

static void close_display(Viz *z)
{
	viz_text_destroy(z->text);
	if (z->ren)
		SDL_DestroyRenderer(z->ren);
	if (z->window)
		SDL_DestroyWindow(z->window);
	SDL_FreeSurface(z->canvas);
	IMG_Quit();
	TTF_Quit();
	SDL_Quit();
}

static void print_stats(const Viz *z, double wall_s)
{
	SimTime t = z->sim ? sim_now(z->sim) : 0;
	fprintf(stderr, "viz: %.1f s simulated in %.2f s wall (%.0f× real time)", (double)t / 1e6, wall_s,
	        wall_s > 0 ? (double)t / 1e6 / wall_s : 0.0);
	if (z->frames > 0)
		fprintf(stderr, ", %" PRIu64 " frames (%.1f/s), drawing %.1f%% of the wall time", z->frames,
		        (double)z->frames / wall_s, 100.0 * z->draw_total_s / wall_s);
	fprintf(stderr, "\n");
}

static PgRunStatus run_scenario(Viz *z)
{
	PgRunOptions o;
	pgrun_options_default(&o);
	o.file = z->a.file;
	o.args = z->a.args;
	o.nargs = z->a.nargs;
	o.seed = z->a.seed;
	o.seed_given = z->a.seed_given;
	o.budget = z->a.budget;
	o.timeline_path = z->a.timeline_path;
	o.metrics_path = z->a.metrics_path;
	o.on_log = viz_on_log;
	o.on_log_ctx = z;
	o.listener = viz_on_event;
	o.listener_ctx = z;
	o.advance = viz_advance;
	o.advance_ctx = z;
	o.on_sim = viz_on_sim;
	o.on_sim_ctx = z;
	z->last_frame_ns = z->meter_ns = wall_ns();
	z->run = pgrun_create(&o);
	PgRunStatus st = z->run ? pgrun_exec(z->run) : PGRUN_UNLOADABLE;
	z->sim = z->run ? pgrun_sim(z->run) : NULL;
	if (z->sim)
		at_time(z, z->sim);
	for (; z->next_snap < z->a.nsnapshots; z->next_snap++)
		fprintf(stderr, "viz: no snapshot at t=%.3fs: the %s at t=%.3fs\n", (double)z->a.snapshots[z->next_snap] / 1e6,
		        z->quit ? "view was closed" : "scenario ended", z->sim ? (double)sim_now(z->sim) / 1e6 : 0.0);
	return st;
}

/* Reports the outcome like `playground run`; returns the exit code. */
static int report(Viz *z, PgRunStatus st, bool user_quit)
{
	const char *msg = z->run ? pgrun_message(z->run) : "out of memory";
	double t = z->sim ? (double)sim_now(z->sim) / 1e6 : 0;
	if (user_quit) {
		fprintf(stderr, "viz: stopped by the user at t=%.3fs\n", t);
		return 0;
	}
	if (st != PGRUN_OK)
		fprintf(stderr, "%s\n%s", msg, z->run ? pgrun_traceback(z->run) : "");
	if (st == PGRUN_OK)
		snprintf(z->banner_buf, sizeof z->banner_buf,
		         "Scenario finished at t = %.1f s — space: keep the playground running · q: quit", t);
	else
		snprintf(z->banner_buf, sizeof z->banner_buf, "Scenario failed: %s", msg);
	z->banner = z->banner_buf;
	z->banner_error = st != PGRUN_OK;
	return (int)st;
}

int viz_main(int argc, char **argv)
{
	Viz *z = calloc(1, sizeof *z);
	char err[600];
	if (!z)
		return 1;
	int rc = viz_args_parse(argc, argv, &z->a, err, sizeof err);
	if (rc) {
		if (rc == 2)
			cli_usage_error(&viz_cli, argv[0], "%s", err);
		free(z);
		return rc == CLI_HELP ? 0 : rc;
	}
	if (z->a.out_dir && mkdir(z->a.out_dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "%s viz: cannot create %s: %s\n", argv[0], z->a.out_dir, strerror(errno));
		free(z);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	rc = open_display(z);
	if (!z->a.speed_given && z->headless)
		z->a.speed = 0;                                /* nobody watches: as fast as possible */
	z->speed = z->a.speed;
	if (rc == 0 && !(z->obs = viz_observer_create()))
		rc = 1;
	if (rc) {
		close_display(z);
		viz_observer_destroy(z->obs);
		free(z);
		return rc;
	}
	viz_controls_init(&z->ctl);
	uint64_t start = wall_ns();
	PgRunStatus st = run_scenario(z);
	bool user_quit = z->quit;
	print_stats(z, (double)(wall_ns() - start) / 1e9);
	rc = report(z, st, user_quit);
	if (st != PGRUN_UNLOADABLE && !z->headless && !z->a.exit_at_end && !user_quit)
		after_scenario(z);
	if (st != PGRUN_UNLOADABLE)
		printf("trace-hash: %016" PRIx64 "\n", pgrun_trace_hash(z->run));
	pgrun_destroy(z->run);
	viz_observer_destroy(z->obs);
	close_display(z);
	free(z);
	return rc;
}
