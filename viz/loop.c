/*
 * loop.c — the frame loop and the time machine of `playground viz`.
 *
 * The runner calls viz_advance whenever the scenario lets simulated time pass. Each frame
 * advances the Sim by speed × frame time (never past the time the scenario asked for),
 * then draws from const queries. The loop also stops the Sim at every sampling time of the
 * observer, every snapshot time, every instant a recorded keyboard command must be given
 * again and the instant being sought, so what the view remembers and what a snapshot shows
 * depend on simulated time only. Without keyboard input the Sim sees the same calls, in the
 * same order, as under `playground run`: the trace hash is the same at any speed.
 *
 * Going back: the run in progress is abandoned (viz_advance returns false, the scenario
 * stops) and main.c starts it again from the beginning; this loop runs the new one without
 * frames up to the instant sought, giving the session's keyboard commands again at their
 * instants — so the state shown at t is the run's state at t. A run is fast (a simulated
 * minute in a few tens of milliseconds), so going back re-runs from the start rather than
 * keeping copies of the model. Where in the loop things happen matters, and is the same in
 * every run: at an instant, samples and snapshots first; then commands (keys, HTTP
 * requests), once the Sim has run every event due up to that instant and before the
 * scenario's own actions there — where a pg.time.at timer registered before the scenario
 * fires (lua/timers.c), so that `viz --record` can write each command as one. The view
 * gives a command at T in the first advance call that reaches T; once it has handed T
 * back to the scenario (acted_t), a command comes 1 µs later (viz_command_point).
 *
 * Wall-clock time is read here, for pacing and frame statistics only; the model never sees it.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apng.h"
#include "lpg.h"
#include "pair.h"
#include "pngfile.h"
#include "vizint.h"

#define FRAME_NS        16666667ull     /* 60 frames per second */
#define MAX_FRAME_DT_S  0.1             /* a stalled frame does not make the Sim jump */
#define DRAW_SHARE      0.1             /* at maximum speed, drawing gets at most this share of wall time … */
#define MAX_SPEED_FRAME_NS 100000000ull /* … and at most 10 frames per second (a blur at that speed anyway) */
#define MAX_DRAW_SAMPLE_S 0.05          /* longer frames count as this long in the smoothed cost */
#define SEEK_FRAME_NS   100000000ull    /* while seeking: a frame (and input) every 100 ms of wall time */
#define STEP_US         SIM_US_PER_MS   /* single step: 1 ms increments … */

/* ---------------------------------------------------------------- drawing and snapshots */

static void frame_info(const Viz *z, VizFrame *f, bool snapshot)
{
	*f = (VizFrame){
		.scenario = z->a.file, .seed = z->sim ? sim_seed(z->sim) : z->a.seed,
		.speed = z->speed, .paused = z->paused && !snapshot, .help = z->help && !snapshot,
		.banner = snapshot ? NULL : z->banner, .banner_error = z->banner_error,
		.log_scroll = snapshot ? 0 : z->log_scroll, .controls = snapshot ? NULL : &z->ctl,
		.fps = snapshot ? 0 : z->fps, .actual_speed = snapshot ? 0 : z->actual_speed,
		.session = &z->session, .divergence = -1, .draw_scrubber = true,
		.status = z->status_line[0] ? z->status_line : NULL,
	};
}

void viz_draw_frame(Viz *z, bool snapshot)
{
	VizFrame f;
	char known[120];
	frame_info(z, &f, snapshot);
	SimTime now = z->sim ? sim_now(z->sim) : 0;
	if (!f.status && z->session.horizon > now) {   /* back in time: how much of the run is known */
		snprintf(known, sizeof known, "%.1f s of the %.1f s seen\n%.1f of %.1f s", (double)now / 1e6,
		         (double)z->session.horizon / 1e6, (double)now / 1e6, (double)z->session.horizon / 1e6);
		f.status = known;
	}
	if (z->pair)
		viz_pair_draw(z->pair, z, &f);
	else
		viz_draw(z->ren, z->text, z->w, z->h, z->sim, z->obs, &f, NULL);
}

/* The frame on the renderer as a surface (the canvas itself when headless; else a copy the
 * caller frees: *own set). */
static SDL_Surface *frame_surface(Viz *z, bool *own)
{
	*own = false;
	if (z->canvas)
		return z->canvas;
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, z->w, z->h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!s || SDL_RenderReadPixels(z->ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) != 0) {
		SDL_FreeSurface(s);
		return NULL;
	}
	*own = true;
	return s;
}

bool viz_save_png(Viz *z, const char *path)
{
	bool own;
	SDL_Surface *s = frame_surface(z, &own);
	bool ok = s && viz_png_save(s, path);
	if (own)
		SDL_FreeSurface(s);
	return ok;
}

/* Draws the frame as a snapshot and writes it to DIR/viz-<what-><T>s.png. The line on
 * stderr gives the run's state there (trace lines and hash) to compare runs by. */
static void snapshot(Viz *z, SimTime t, const char *what)
{
	char path[1024], tn[48];
	viz_time_name(t, tn, sizeof tn);
	snprintf(path, sizeof path, "%s/viz-%s%s%s.png", z->a.out_dir, what ? what : "", what ? "-" : "", tn);
	viz_draw_frame(z, true);
	if (viz_save_png(z, path)) {
		fprintf(stderr, "viz: snapshot at t=%s%s%s: %s (state: %" PRIu64 " events, trace hash %016" PRIx64 ")\n", tn,
		        what ? " on " : "", what ? what : "", path, z->sim ? sim_trace_lines(z->sim) : 0,
		        z->sim ? sim_trace_hash(z->sim) : 0);
		z->snaps_taken++;
	} else {
		fprintf(stderr, "viz: cannot write %s: %s\n", path, SDL_GetError());
	}
	if (z->window)
		SDL_RenderPresent(z->ren);
}

/* A frame of --apng at its instant. */
static void animation_frame(Viz *z, SimTime now)
{
	if (!z->anim || now < z->next_frame || (z->a.to >= 0 && now > z->a.to))
		return;
	viz_draw_frame(z, true);
	bool own;
	SDL_Surface *s = frame_surface(z, &own);
	if (!s || !viz_anim_add(z->anim, s))
		fprintf(stderr, "viz: cannot keep the animation's frame at t=%.3fs\n", (double)now / 1e6);
	if (own)
		SDL_FreeSurface(s);
	z->next_frame = now + z->a.every;
}

/* ---------------------------------------------------------------- moments (--snapshot-on) */

/* A watched event new to the session: its snapshot is taken when its instant is over. */
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

/* ---------------------------------------------------------------- the time machine */

void viz_seek(Viz *z, SimTime t, bool pause)
{
	t = t < 0 ? 0 : t;
	z->seek = t;
	z->seek_pause = pause;
	z->stepping = false;
	if (z->sim && t >= sim_now(z->sim))
		return;                                    /* forward: the run goes on to it */
	z->rewind = true;                              /* back: the run again, from the start */
	snprintf(z->status_line, sizeof z->status_line, "going back to %.1f s: the run again from 0 s\ngoing back to %.1f s",
	         (double)t / 1e6, (double)t / 1e6);
}

static void seek_arrived(Viz *z, SimTime now)
{
	if (z->seek < 0 || now < z->seek)
		return;
	z->seek = -1;
	if (z->seek_pause) {
		z->paused = true;
		z->banner = NULL;
	}
	if (z->session.branch > 0)
		snprintf(z->status_line, sizeof z->status_line, "branch %d (from %.1f s)", z->session.branch,
		         (double)z->session.branch_t / 1e6);
	else
		z->status_line[0] = '\0';
}

/* --scrub: a visit whose instant has come writes its snapshot; the next one is sought. */
static void script_visits(Viz *z, SimTime now)
{
	while (z->seek < 0 && z->step < z->a.nsteps && !z->rewind) {
		const VizStep *st = &z->a.steps[z->step];
		if (st->t != now) {
			viz_seek(z, st->t, false);
			return;
		}
		if (st->cmd >= 0)
			return;                                /* a key: after the scenario's actions (script_key) */
		snapshot(z, now, NULL);
		z->step++;
	}
}

/* --scrub's key at its instant, where a key pressed in the window would act. */
static bool script_key(Viz *z, Sim *sim)
{
	if (z->seek >= 0 || z->step >= z->a.nsteps || z->a.steps[z->step].t != sim_now(sim) || z->a.steps[z->step].cmd < 0)
		return false;
	const VizStep *st = &z->a.steps[z->step++];
	viz_user_command(z, sim, (VizCommand)st->cmd, st->arg);
	return true;
}

/* Where a command given now acts: here, unless the scenario may have acted at this instant
 * since the view handed it back (a pg.time.at timer at it would have fired before those
 * actions): then 1 µs later, which every recording can name. */
void viz_command_point(Viz *z, Sim *sim)
{
	if (sim_now(sim) == z->acted_t)
		run_to(z, sim, sim_now(sim) + 1);
}

/* After a command: the events it made due now run, as pg_timers_advance runs them after a
 * timer's callback (sim_run_until of the instant) before the next timer or the scenario. */
void viz_after_sim_command(Viz *z, Sim *sim)
{
	run_to(z, sim, sim_now(sim));
}

/* One HTTP request of the session, given again (its answer is not needed twice). */
static void replay_http(const VizStroke *k, Sim *sim)
{
	char *answer = NULL;
	pg_http_exchange(sim, k->method, k->target, k->body, &answer);
	free(answer);
}

/* A recorded command whose instant has come, given again — a key with the keys' state it
 * was given with (the keys' state on screen stays as it is), a request with its bytes. */
static bool replay_due(Viz *z, Sim *sim)
{
	const VizStroke *k = viz_session_due(&z->session, sim_now(sim));
	if (!k)
		return false;
	if (k->kind == VIZ_STROKE_HTTP) {
		replay_http(k, sim);
		viz_after_sim_command(z, sim);
		return true;
	}
	int tm = z->ctl.selected_tm, p = z->ctl.parallelism;
	char msg[sizeof z->ctl.message];
	snprintf(msg, sizeof msg, "%s", z->ctl.message);
	z->ctl.selected_tm = k->selected_tm;
	z->ctl.parallelism = k->parallelism;
	viz_observer_operator(z->obs, "keyboard");
	viz_command(&z->ctl, sim, k->cmd, k->arg);
	viz_observer_operator(z->obs, NULL);
	z->ctl.selected_tm = tm;
	z->ctl.parallelism = p;
	if (z->seek >= 0)                              /* going by: the message of the keys stays */
		snprintf(z->ctl.message, sizeof z->ctl.message, "%s", msg);
	viz_after_sim_command(z, sim);
	if (z->pair)
		viz_pair_command(z->pair, k);
	return true;
}

/* Sampling, snapshots, the animation's frames and the time machine at their exact instants. */
void viz_at_time(Viz *z, Sim *sim)
{
	SimTime now = sim_now(sim);
	if (z->rewind)
		return;
	viz_session_reached(&z->session, now);
	if (now >= z->next_sample) {
		viz_observer_sample(z->obs, sim);
		viz_controls_poll(&z->ctl, sim);
		while (z->next_sample <= now)
			z->next_sample += VIZ_SAMPLE_US;
	}
	if (z->pair)
		viz_pair_follow(z->pair, sim);
	take_moments(z, now);
	while (z->next_snap < z->a.nsnapshots && z->a.snapshots[z->next_snap] <= now) {
		SimTime t = z->a.snapshots[z->next_snap++];
		if (t == now)
			snapshot(z, t, NULL);
		else
			fprintf(stderr, "viz: no snapshot at t=%.3fs: the environment was not up yet\n", (double)t / 1e6);
	}
	animation_frame(z, now);
	seek_arrived(z, now);
	script_visits(z, now);
	if (z->stepping && (sim_trace_lines(sim) != z->step_lines || now >= z->step_limit))
		z->stepping = false;
}

/* ---------------------------------------------------------------- frames */

static bool frame_due(Viz *z, const Sim *sim)
{
	if (z->seek >= 0) {                            /* seeking: an occasional frame, for the mouse */
		uint64_t now = viz_wall_ns();
		if (z->headless || now - z->seek_frame_ns < SEEK_FRAME_NS)
			return false;
		z->seek_frame_ns = now;
		return true;
	}
	if (!sim || (z->paused && !z->stepping))
		return true;
	if (z->stepping)
		return false;
	if (sim_now(sim) >= z->budget_end)
		return true;
	if (z->headless)
		return false;
	uint64_t since = viz_wall_ns() - z->last_frame_ns;
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
	uint64_t t0 = viz_wall_ns();
	viz_handle_events(z, sim);
	if (!z->headless && !z->rewind) {
		viz_draw_frame(z, false);
		SDL_RenderPresent(z->ren);
		z->frames++;
		double d = (double)(viz_wall_ns() - t0) / 1e9;
		z->draw_total_s += d;
		d = d > MAX_DRAW_SAMPLE_S ? MAX_DRAW_SAMPLE_S : d;   /* the first frames fill caches */
		z->draw_s = z->draw_s > 0 ? 0.7 * z->draw_s + 0.3 * d : d;
	}
	if (z->seek >= 0)
		return;
	bool max = z->speed <= 0 && !z->paused;
	uint64_t next = z->last_frame_ns + FRAME_NS, now = viz_wall_ns();
	if (!max && now < next) {
		SDL_Delay((Uint32)((next - now) / 1000000));
		now = viz_wall_ns();
	}
	double dt = (double)(now - z->last_frame_ns) / 1e9;
	dt = dt > MAX_FRAME_DT_S ? MAX_FRAME_DT_S : dt;
	z->last_frame_ns = now;
	SimTime t = sim ? sim_now(sim) : 0;
	z->budget_end = z->paused ? t : max ? INT64_MAX : t + (SimTime)(z->speed * dt * 1e6);
	measure(z, now);
}

static SimTime earliest(SimTime a, SimTime b)
{
	return a < b ? a : b;
}

static SimTime next_stop(const Viz *z, const Sim *sim, SimTime until)
{
	SimTime t = until, now = sim_now(sim);
	if (z->seek > now)
		t = earliest(t, z->seek);                  /* seeking: no frames in the way */
	else if (z->stepping)
		t = earliest(t, now + STEP_US);
	else
		t = earliest(t, z->budget_end);
	t = earliest(t, z->next_sample);
	t = earliest(t, viz_session_next_stroke_time(&z->session));
	if (z->next_snap < z->a.nsnapshots)
		t = earliest(t, z->a.snapshots[z->next_snap]);
	if (z->anim && (z->a.to < 0 || z->next_frame <= z->a.to))
		t = earliest(t, z->next_frame);
	if (z->step < z->a.nsteps && z->a.steps[z->step].t > now)
		t = earliest(t, z->a.steps[z->step].t);
	return t > now ? t : now;
}

bool viz_advance(void *ctx, Sim *sim, SimTime until)
{
	Viz *z = ctx;
	while (!z->quit && !z->rewind) {
		viz_at_time(z, sim);
		if (z->rewind)
			break;
		if (replay_due(z, sim) || script_key(z, sim))
			continue;                              /* commands before the scenario's actions here */
		if (sim_now(sim) >= until) {
			z->acted_t = sim_now(sim);             /* the scenario acts at this instant now */
			return true;
		}
		if (frame_due(z, sim)) {
			frame(z, sim);
			continue;
		}
		run_to(z, sim, next_stop(z, sim, until));
	}
	return false;
}

void viz_on_sim(void *ctx, Sim *sim)
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

void viz_on_event(void *ctx, const SimEvent *e, const char *text)
{
	Viz *z = ctx;
	if (z->rewind)
		return;                                      /* a run being abandoned */
	viz_observer_event(z->obs, e, text);
	if (z->pair)
		viz_pair_event(z->pair, e, text);
	bool fresh = z->session.run_events >= z->session.events_marked;
	viz_session_event(&z->session, e);
	if (fresh)                                       /* a moment seen once, not at every re-run */
		watch_event(z, e);
}

/* The scenario's pg.log and print lines, with their simulated times (the runner's hook):
 * the narration, and standard output as `playground run` writes it — each line once, however
 * often the time machine runs the scenario again. */
void viz_on_log(void *ctx, SimTime t, const char *line, size_t len, bool timed)
{
	Viz *z = ctx;
	if (z->rewind)
		return;
	viz_observer_narration(z->obs, t, line);
	if (!viz_session_line(&z->session))
		return;
	if (timed)
		printf("[%10.3fs] ", (double)t / 1e6);
	fwrite(line, 1, len, stdout);
	fputc('\n', stdout);
}

/* ---------------------------------------------------------------- after the scenario */

bool viz_after_wanted(const Viz *z)
{
	return (!z->headless && !z->a.exit_at_end) || z->seek >= 0 || z->step < z->a.nsteps ||
	       viz_session_next_stroke_time(&z->session) < INT64_MAX;
}

void viz_after_scenario(Viz *z)
{
	Sim *sim = pgrun_sim(z->run);
	if (z->seek < 0 && z->step >= z->a.nsteps)
		z->paused = true;
	z->stepping = false;
	while (!z->quit && !z->rewind) {
		if (sim)
			viz_at_time(z, sim);
		if (z->rewind)
			break;
		if (sim && (replay_due(z, sim) || script_key(z, sim)))
			continue;
		if ((z->headless || z->a.exit_at_end) && !viz_after_wanted(z))
			break;                                 /* nothing left to do without a window */
		if (!sim || frame_due(z, sim)) {
			frame(z, sim);
			if (sim && !z->paused && z->seek < 0)
				z->banner = NULL;
			continue;
		}
		run_to(z, sim, next_stop(z, sim, INT64_MAX));
	}
}
