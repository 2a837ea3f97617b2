/*
 * input.c — the keys and the mouse of `playground viz`.
 *
 * Keyboard commands on the playground go through controls.c (the Lua API's sim.h actions,
 * each leaving the trace line of its Lua call and nothing else) and through the session: a
 * command given while the run's future is known — after going back — starts a new branch,
 * which the view announces (and --record writes down). Requests on --port's REST API come
 * in at the same point of the frame loop and take the same way: each is an operator's
 * command at the instant the view has reached (pg.flink.http's exchange). The time
 * machine's keys and the scrubber (click or drag) go to an instant with viz_seek.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gfx.h"
#include "http.h"
#include "lpg.h"
#include "pair.h"
#include "record.h"
#include "rest/rest.h"
#include "vizint.h"

#define STEP_LIMIT_US SIM_US_PER_S    /* single step: until a trace line, at most this far */

static const double speeds[] = { 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 0 };
#define NSPEEDS ((int)(sizeof speeds / sizeof speeds[0]))

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

/* Whether the command may reach the Sim (the others only change the keys' state). */
static bool acts_on_sim(VizCommand cmd)
{
	return cmd != VIZ_CMD_SELECT_TM && cmd != VIZ_CMD_PARALLELISM_DOWN && cmd != VIZ_CMD_PARALLELISM_UP;
}

/* The session's copy of a command that reached the Sim: its instant, the keys' state it was
 * given with, its command line and its Lua call (controls.c set them). */
static VizStroke key_stroke(const Viz *z, SimTime now, VizCommand cmd, int arg, int tm, int p)
{
	return (VizStroke){ .t = now, .kind = VIZ_STROKE_KEY, .cmd = cmd, .arg = arg, .selected_tm = tm,
		            .parallelism = p, .line = z->ctl.line, .call = z->ctl.call };
}

void viz_user_command(Viz *z, Sim *sim, VizCommand cmd, int arg)
{
	if (sim && acts_on_sim(cmd))
		viz_command_point(z, sim);
	SimTime now = sim ? sim_now(sim) : 0;
	int tm = z->ctl.selected_tm, p = z->ctl.parallelism;
	VizBranchPoint bp = viz_session_before_command(&z->session, now);
	int before = z->ctl.commands;
	viz_observer_operator(z->obs, "keyboard");
	viz_command(&z->ctl, sim, cmd, arg);
	viz_observer_operator(z->obs, NULL);
	bool reached = sim && z->ctl.commands > before;
	VizStroke k = key_stroke(z, now, cmd, arg, tm, p);
	viz_session_after_command(&z->session, &bp, reached, &k);
	if (!reached)
		return;
	viz_after_sim_command(z, sim);
	if (z->pair)
		viz_pair_command(z->pair, &k);
	fprintf(stderr, "viz: key at t=%.6fs: %s\n", (double)now / 1e6, z->ctl.message);
	if (bp.branched)
		viz_announce_branch(z, now, z->ctl.message, sizeof z->ctl.message);
}

void viz_announce_branch(Viz *z, SimTime now, char *message, size_t len)
{
	/* The old future is gone from here on: say so where the eye is, and on stderr. */
	char said[sizeof z->ctl.message];
	snprintf(said, sizeof said, "%s", message);
	snprintf(message, len, "new branch %d at %.1f s: %s — what came after this instant "
	         "is gone\nnew branch %d at %.1f s: %s\nnew branch %d at %.1f s", z->session.branch, (double)now / 1e6, said,
	         z->session.branch, (double)now / 1e6, said, z->session.branch, (double)now / 1e6);
	snprintf(z->status_line, sizeof z->status_line, "branch %d (from %.1f s)", z->session.branch, (double)now / 1e6);
	fprintf(stderr, "viz: new branch %d at t=%.6fs: the run differs from here on\n", z->session.branch,
	        (double)now / 1e6);
	viz_record_branch(z);
}

/* pg.flink.http(method, target[, body]) as Lua text, for --record (malloc'd; NULL: no memory). */
static char *http_call(const char *method, const char *target, const char *body)
{
	size_t nm = strlen(method), nt = strlen(target), nb = body ? strlen(body) : 0;
	size_t cap = 40 + 4 * (nm + nt + nb + 3);                /* an escape is at most 4 bytes */
	char *call = malloc(cap);
	if (!call)
		return NULL;
	size_t k = (size_t)snprintf(call, cap, "pg.flink.http(");
	k += viz_lua_quote(method, nm, call + k, cap - k);
	k += (size_t)snprintf(call + k, cap - k, ", ");
	k += viz_lua_quote(target, nt, call + k, cap - k);
	if (body) {
		k += (size_t)snprintf(call + k, cap - k, ", ");
		k += viz_lua_quote(body, nb, call + k, cap - k);
	}
	snprintf(call + k, cap - k, ")");
	return call;
}

/* A request on --port: at the command point of the instant reached, through the session (a
 * request after going back starts a branch, as a key does). Before pg.up, and while the
 * JobManager is down, nothing listens: refused like a closed port, nothing in the trace. */
int viz_http_request(void *ctx, const char *method, const char *uri, const char *content_type, const char *body,
                     size_t body_len, char **answer)
{
	Viz *z = ctx;
	Sim *sim = z->sim;
	(void)content_type;
	(void)body_len;
	if (!sim || z->rewind || !sim_jobmanager_reachable(sim)) {
		*answer = strdup("{\"errors\":[\"connection refused: jobmanager\"]}");
		return REST_STATUS_UNREACHABLE;
	}
	viz_command_point(z, sim);
	SimTime now = sim_now(sim);
	const char *sent = body && body[0] ? body : NULL;        /* pg_http_exchange's reading of the body */
	char line[600], *call = http_call(method, uri, sent);
	snprintf(line, sizeof line, "http %s %s", method, uri);
	VizBranchPoint bp = viz_session_before_command(&z->session, now);
	int status = pg_http_exchange(sim, method, uri, sent, answer);
	VizStroke k = { .t = now, .kind = VIZ_STROKE_HTTP, .line = line, .call = call ? call : "error(\"out of memory\")",
		        .method = method, .target = uri, .body = sent };
	viz_session_after_command(&z->session, &bp, true, &k);
	free(call);
	viz_after_sim_command(z, sim);
	snprintf(z->ctl.message, sizeof z->ctl.message, "%s: %d", line, status);
	z->ctl.message_error = false;
	fprintf(stderr, "viz: http at t=%.6fs: %s %s: %d\n", (double)now / 1e6, method, uri, status);
	if (bp.branched)
		viz_announce_branch(z, now, z->ctl.message, sizeof z->ctl.message);
	return status;
}

static void screenshot(Viz *z)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/viz-%.3fs.png", z->a.out_dir ? z->a.out_dir : ".",
	         z->sim ? (double)sim_now(z->sim) / 1e6 : 0.0);
	bool ok = viz_save_png(z, path);
	snprintf(z->ctl.message, sizeof z->ctl.message, ok ? "saved %s" : "cannot save %s", path);
	z->ctl.message_error = !ok;
}

/* ←/→ a second, with Shift the previous or next mark, Home the start. */
static void time_key(Viz *z, SDL_Keycode sym, bool shift)
{
	SimTime now = z->sim ? sim_now(z->sim) : 0, t = now;
	if (sym == SDLK_HOME)
		t = 0;
	else if (shift)
		t = viz_session_step_mark(&z->session, now, sym == SDLK_RIGHT ? +1 : -1);
	else
		t = now + (sym == SDLK_RIGHT ? SIM_US_PER_S : -SIM_US_PER_S);
	if (t < 0 && shift)
		return;                                    /* no mark that way */
	viz_seek(z, t, true);
}

static void key_playground(Viz *z, Sim *sim, SDL_Keycode sym)
{
	VizShape shape;
	switch (sym) {
	case SDLK_TAB:
		viz_shape_from_sim(sim, &shape);
		viz_user_command(z, sim, VIZ_CMD_SELECT_TM, (z->ctl.selected_tm + 1) % (shape.taskmanagers > 0 ? shape.taskmanagers : 1));
		break;
	case SDLK_k: viz_user_command(z, sim, VIZ_CMD_KILL_TM, 0); break;
	case SDLK_s: viz_user_command(z, sim, VIZ_CMD_START_TM, 0); break;
	case SDLK_p: viz_user_command(z, sim, VIZ_CMD_PAUSE_TM, 0); break;
	case SDLK_u: viz_user_command(z, sim, VIZ_CMD_SCALE_UP, 0); break;
	case SDLK_d: viz_user_command(z, sim, VIZ_CMD_SCALE_DOWN, 0); break;
	case SDLK_x: viz_user_command(z, sim, VIZ_CMD_STOP_SAVEPOINT, 0); break;
	case SDLK_r: viz_user_command(z, sim, VIZ_CMD_RESUBMIT, 0); break;
	case SDLK_LEFTBRACKET: viz_user_command(z, sim, VIZ_CMD_PARALLELISM_DOWN, 0); break;
	case SDLK_RIGHTBRACKET: viz_user_command(z, sim, VIZ_CMD_PARALLELISM_UP, 0); break;
	default:
		if (sym >= SDLK_1 && sym <= SDLK_9)
			viz_user_command(z, sim, VIZ_CMD_SELECT_TM, (int)(sym - SDLK_1));
		break;
	}
}

static void key(Viz *z, Sim *sim, const SDL_Keysym *k)
{
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
	case SDLK_LEFT: case SDLK_RIGHT: case SDLK_HOME: time_key(z, k->sym, (k->mod & KMOD_SHIFT) != 0); break;
	case SDLK_h: case SDLK_QUESTION: z->help = !z->help; break;
	case SDLK_SLASH: if (k->mod & KMOD_SHIFT) z->help = !z->help; break;
	case SDLK_PAGEUP: z->log_scroll += 10; break;
	case SDLK_PAGEDOWN: z->log_scroll = z->log_scroll > 10 ? z->log_scroll - 10 : 0; break;
	case SDLK_END: z->log_scroll = 0; break;
	case SDLK_F12: screenshot(z); break;
	default: key_playground(z, sim, k->sym); break;
	}
	int max_scroll = z->obs->nlog > 10 ? z->obs->nlog - 10 : 0;
	z->log_scroll = z->log_scroll > max_scroll ? max_scroll : z->log_scroll;
}

/* The scrubber: a click goes to its instant, a drag follows the mouse. */
static void mouse(Viz *z, const SDL_Event *e)
{
	VizLayout l;
	VizShape shape = { 0 };
	viz_layout_compute(&l, z->w, z->h, &shape);
	int x = e->type == SDL_MOUSEMOTION ? e->motion.x : e->button.x, y = e->type == SDL_MOUSEMOTION ? e->motion.y : e->button.y;
	if (e->type == SDL_MOUSEBUTTONUP) {
		z->dragging = false;
		return;
	}
	if (e->type == SDL_MOUSEBUTTONDOWN && e->button.button == SDL_BUTTON_LEFT &&
	    viz_rect_contains((VizRect){ l.scrub.x, l.scrub.y - 4, l.scrub.w, l.scrub.h + 8 }, x, y))
		z->dragging = true;
	if (!z->dragging)
		return;
	SimTime span = viz_scrub_span(&z->session, z->sim ? sim_now(z->sim) : 0);
	SimTime t = viz_layout_scrub_time(&l, span, x);
	if (!z->sim || t != sim_now(z->sim))
		viz_seek(z, t, true);
}

void viz_handle_events(Viz *z, Sim *sim)
{
	if (z->http && z->seek < 0 && !z->rewind)       /* going back: requests wait for the instant sought */
		pghttp_poll(z->http, -1, 0);
	SDL_Event e;
	while (SDL_PollEvent(&e)) {
		if (e.type == SDL_QUIT)
			z->quit = true;
		else if (e.type == SDL_KEYDOWN && z->window && (z->seek < 0 || e.key.keysym.sym == SDLK_q))
			key(z, sim, &e.key.keysym);
		else if ((e.type == SDL_MOUSEBUTTONDOWN || e.type == SDL_MOUSEBUTTONUP || e.type == SDL_MOUSEMOTION) && z->window)
			mouse(z, &e);
		else if (e.type == SDL_MOUSEWHEEL && z->window)
			z->log_scroll = z->log_scroll + e.wheel.y * 3 < 0 ? 0 : z->log_scroll + e.wheel.y * 3;
		else if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
			SDL_GetRendererOutputSize(z->ren, &z->w, &z->h);
	}
}
