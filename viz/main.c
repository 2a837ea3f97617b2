/*
 * main.c — `playground viz`: a scenario in an SDL2 window (or headless, for PNG snapshots
 * and animations), and the runs of one viewing.
 *
 * The scenario runs through the same runner as `playground run`, with the view's advance
 * (loop.c): simulated time passes frame by frame. Going back in time ends the run in
 * progress and starts it again from the beginning (the time machine, loop.c and
 * session.c); this file owns that sequence of runs — each with a fresh observer and keys'
 * state, the last one's outcome reported like `playground run`'s: its output once, its
 * failure if any, its exit code and `trace-hash: …` as the last line.
 *
 * With --record it also writes the branch on screen as a scenario (record.c): when a branch
 * begins, and at the end with the trace hash it printed.
 *
 * Owns the window (or the offscreen canvas), the fonts, the observer, the session, the run.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <SDL2/SDL.h>
#include <SDL2/SDL_ttf.h>

#include "apng.h"
#include "http.h"
#include "pair.h"
#include "record.h"
#include "vizint.h"

#include "cli.h"

uint64_t viz_wall_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
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
	bool snapshots = z->a.nsnapshots > 0 || !viz_watch_empty(&z->a.snapshot_on) || z->a.nsteps > 0 || z->a.apng_path;
	z->headless = z->a.headless || (no_display && snapshots);
	if (no_display && !z->headless) {
		fprintf(stderr, "playground viz: no display (DISPLAY is not set); use --snapshot-at, --snapshot-on or --scrub "
		                "with --out DIR, --apng FILE, or --headless, to run without a window\n");
		return 2;
	}
	if (z->headless && no_display)
		SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
	if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0) {
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
	if (z->session.runs > 1)
		fprintf(stderr, ", %d runs (the time machine went back %d times)", z->session.runs, z->session.runs - 1);
	fprintf(stderr, "\n");
}

/* ---------------------------------------------------------------- the runs */

/* One run of the scenario from its start: a fresh observer, the keys' state the user set
 * (the Sim's part — a savepoint being taken — comes back with the replayed commands). The
 * runner is quiet: viz_on_log writes the scenario's lines, each once per branch. */
static PgRunStatus run_once(Viz *z)
{
	PgRunOptions o;
	pgrun_options_default(&o);
	o.file = z->a.file;
	o.args = z->a.args;
	o.nargs = z->a.nargs;
	o.seed = z->a.seeds_given ? z->a.seeds[0] : z->a.seed;
	o.seed_given = z->a.seed_given || z->a.seeds_given;
	o.budget = z->a.budget;
	o.quiet = true;
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
	viz_observer_reset(z->obs);
	viz_controls_rerun(&z->ctl);
	viz_session_run_started(&z->session);
	z->had_sim = false;
	z->sim = NULL;
	z->ended = false;
	z->end_t = z->acted_t = -1;
	z->nmoments = 0;
	z->banner = NULL;
	if (z->pair)
		viz_pair_start(z->pair);
	z->last_frame_ns = z->meter_ns = viz_wall_ns();
	z->run = pgrun_create(&o);
	PgRunStatus st = z->run ? pgrun_exec(z->run) : PGRUN_UNLOADABLE;
	z->sim = z->run ? pgrun_sim(z->run) : NULL;
	if (z->sim && !z->rewind)
		viz_at_time(z, z->sim);
	return st;
}

/* The scenario's end: the banner, and — once per branch — its failure on stderr. */
static void report_end(Viz *z, PgRunStatus st)
{
	const char *msg = z->run ? pgrun_message(z->run) : "out of memory";
	double t = z->sim ? (double)sim_now(z->sim) / 1e6 : 0;
	if (st != PGRUN_OK && z->reported_branch != z->session.branch)
		fprintf(stderr, "%s\n%s", msg, z->run ? pgrun_traceback(z->run) : "");
	z->reported_branch = z->session.branch;
	z->ended = true;
	z->end_t = z->sim ? sim_now(z->sim) : 0;
	z->status = st;
	if (st == PGRUN_OK)
		snprintf(z->banner_buf, sizeof z->banner_buf,
		         "Scenario finished at t = %.1f s — space: keep the playground running · ←: go back · q: quit", t);
	else
		snprintf(z->banner_buf, sizeof z->banner_buf, "Scenario failed: %s", msg);
	z->banner = z->banner_buf;
	z->banner_error = st != PGRUN_OK;
}

/* Runs the scenario, and again from the start each time the time machine goes back. */
static PgRunStatus run_all(Viz *z)
{
	for (;;) {
		PgRunStatus st = run_once(z);
		if (!z->rewind && !z->quit) {
			report_end(z, st);
			if (st != PGRUN_UNLOADABLE && viz_after_wanted(z))
				viz_after_scenario(z);
		}
		if (!z->rewind || z->quit)
			return st;
		pgrun_destroy(z->run);                     /* going back: this run is over */
		z->run = NULL;
		z->sim = NULL;
		z->rewind = false;
	}
}

/* ---------------------------------------------------------------- --record */

/* The scenario's text as the runner reads it: a "#!" first line blanked (lua(1) allows one). */
static bool read_source(Viz *z, char *err, size_t len)
{
	FILE *f = fopen(z->a.file, "rb");
	if (!f)
		return snprintf(err, len, "cannot open %s: %s", z->a.file, strerror(errno)), false;
	char *buf = NULL;
	size_t n = 0, cap = 0, got;
	do {
		if (n == cap) {
			char *nb = realloc(buf, cap = cap ? 2 * cap : 65536);
			if (!nb)
				break;
			buf = nb;
		}
		n += got = fread(buf + n, 1, cap - n, f);
	} while (got > 0);
	bool ok = buf && !ferror(f);
	fclose(f);
	if (!ok) {
		free(buf);
		return snprintf(err, len, "cannot read %s", z->a.file), false;
	}
	if (n > 0 && buf[0] == '#')
		for (size_t i = 0; i < n && buf[i] != '\n'; i++)
			buf[i] = ' ';
	z->source = buf;
	z->source_len = n;
	return true;
}

/* The branch on screen up to the instant shown: its commands given so far in this run. */
static void recording_of(const Viz *z, VizRecording *r)
{
	*r = (VizRecording){
		.file = z->a.file, .source = z->source, .source_len = z->source_len, .args = z->a.args,
		.nargs = z->a.nargs, .seed_forced = z->a.seed_given || z->a.seeds_given,
		.seed = z->a.seeds_given ? z->a.seeds[0] : z->a.seed, .budget = z->a.budget,
		.strokes = z->session.strokes, .nstrokes = z->session.next_stroke, .branch = z->session.branch,
		.end = VIZ_RECORD_OPEN, .end_t = z->end_t, .final_t = z->sim ? sim_now(z->sim) : 0,
		.failed = z->status != PGRUN_OK,
	};
	if (z->ended)
		r->end = r->final_t > z->end_t ? VIZ_RECORD_RAN_ON : VIZ_RECORD_AT_END;
}

static bool write_recording(Viz *z, const VizRecording *r)
{
	char err[4400];
	if (viz_record_write(z->a.record_path, r, err, sizeof err))
		return true;
	fprintf(stderr, "playground viz: %s\n", err);
	return false;
}

void viz_record_branch(Viz *z)
{
	VizRecording r;
	if (!z->a.record_path || !z->source)
		return;
	recording_of(z, &r);
	if (write_recording(z, &r))
		fprintf(stderr, "viz: branch %d recorded so far in %s (%zu commands)\n", r.branch, z->a.record_path,
		        r.nstrokes);
}

/* The view's last word: the branch on screen with the hash it prints. Closed before the
 * scenario's end right after handing an instant back to the scenario, the view first runs
 * 1 µs on, so that the recording's closing timer (which fires before the scenario's actions
 * at its instant) stops the replay at the same point. */
static bool record_end(Viz *z, PgRunStatus st)
{
	VizRecording r;
	if (!z->a.record_path || !z->source || st == PGRUN_UNLOADABLE)
		return true;
	if (!z->ended && z->sim && sim_now(z->sim) == z->acted_t)
		sim_run_until(z->sim, sim_now(z->sim) + 1);
	recording_of(z, &r);
	if (!z->ended)
		r.end = VIZ_RECORD_CLOSED;
	r.hash_known = true;
	r.hash = pgrun_trace_hash(z->run);
	if (!write_recording(z, &r))
		return false;
	fprintf(stderr, "viz: branch %d recorded in %s (%zu commands; replay: playground run %s)\n", r.branch,
	        z->a.record_path, r.nstrokes, z->a.record_path);
	return true;
}

/* Reports what is left undone, writes the animation; returns the exit code. */
static int finish(Viz *z, PgRunStatus st)
{
	double t = z->sim ? (double)sim_now(z->sim) / 1e6 : 0;
	for (; z->next_snap < z->a.nsnapshots; z->next_snap++)
		fprintf(stderr, "viz: no snapshot at t=%.3fs: the %s at t=%.3fs\n", (double)z->a.snapshots[z->next_snap] / 1e6,
		        z->quit ? "view was closed" : "scenario ended", t);
	for (; z->step < z->a.nsteps; z->step++)
		fprintf(stderr, "viz: --scrub step %d (t=%.3fs) not done: the %s at t=%.3fs\n", z->step + 1,
		        (double)z->a.steps[z->step].t / 1e6, z->quit ? "view was closed" : "scenario ended", t);
	int rc = z->quit ? 0 : (int)st;
	if (!record_end(z, st))
		rc = 2;
	t = z->sim ? (double)sim_now(z->sim) / 1e6 : 0;
	if (z->quit)
		fprintf(stderr, "viz: stopped by the user at t=%.6fs\n", t);
	if (z->anim) {
		char err[300];
		int n = viz_anim_frames(z->anim);
		if (viz_anim_write(z->anim, z->a.apng_path, (int)z->a.fps, err, sizeof err))
			fprintf(stderr, "viz: animation of %d frames: %s\n", n, z->a.apng_path);
		else {
			fprintf(stderr, "playground viz: %s\n", err);
			rc = 2;
		}
	}
	return rc;
}

static int start(Viz *z, int argc, char **argv)
{
	char err[600];
	int rc = viz_args_parse(argc, argv, &z->a, err, sizeof err);
	if (rc) {
		if (rc == 2)
			cli_usage_error(&viz_cli, argv[0], "%s", err);
		return rc == CLI_HELP ? -1 : rc;
	}
	if (z->a.out_dir && mkdir(z->a.out_dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "%s viz: cannot create %s: %s\n", argv[0], z->a.out_dir, strerror(errno));
		return 2;
	}
	if (z->a.record_path && !read_source(z, err, sizeof err)) {
		fprintf(stderr, "%s viz: %s\n", argv[0], err);
		return 2;
	}
	if ((z->a.compare_file || z->a.seeds_given) && !(z->pair = viz_pair_create(z, err, sizeof err))) {
		fprintf(stderr, "%s viz: %s\n", argv[0], err);
		return 2;
	}
	if (z->pair && !z->a.size_given) {             /* two halves of 960 px */
		z->a.width = 1920;
		z->a.height = 720;
	}
	if (z->a.port && !(z->http = pghttp_start((int)z->a.port, viz_http_request, z, err, sizeof err))) {
		fprintf(stderr, "%s viz: %s\n", argv[0], err);
		return 2;
	}
	if (z->http)
		fprintf(stderr, "the REST API is on http://127.0.0.1:%d while the view runs\n", pghttp_port(z->http));
	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((rc = open_display(z)) != 0)
		return rc;
	if (!z->a.speed_given && z->headless)
		z->a.speed = z->http ? 1 : 0;                  /* nobody watches: as fast as possible, unless over HTTP */
	z->speed = z->a.speed;
	if (!(z->obs = viz_observer_create()) || (z->a.apng_path && !(z->anim = viz_anim_create())))
		return 1;
	return 0;
}

int viz_main(int argc, char **argv)
{
	Viz *z = calloc(1, sizeof *z);
	if (!z)
		return 1;
	viz_session_init(&z->session);
	viz_controls_init(&z->ctl);
	z->seek = -1;
	z->reported_branch = -1;
	int rc = start(z, argc, argv);
	z->next_frame = z->a.from;
	if (rc == 0) {
		uint64_t t0 = viz_wall_ns();
		PgRunStatus st = run_all(z);
		print_stats(z, (double)(viz_wall_ns() - t0) / 1e9);
		rc = finish(z, st);
		if (st != PGRUN_UNLOADABLE)
			printf("trace-hash: %016" PRIx64 "\n", pgrun_trace_hash(z->run));
		if (z->pair && !viz_pair_report(z->pair, z->sim))
			rc = 2;                                /* as playground diff: a scenario that does not load */
	}
	pgrun_destroy(z->run);
	viz_pair_destroy(z->pair);
	viz_anim_destroy(z->anim);
	viz_observer_destroy(z->obs);
	viz_session_free(&z->session);
	free(z->source);
	pghttp_stop(z->http);
	if (z->ren)
		close_display(z);
	free(z);
	return rc < 0 ? 0 : rc;
}
