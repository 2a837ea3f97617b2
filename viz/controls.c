/*
 * controls.c — keyboard commands (see controls.h).
 *
 * The resubmission keeps the stopped job's options (checkpointing, event time, sink,
 * backpressure, chaining) and changes only the parallelism, as `flink run -p P -s PATH`
 * does with the same jar arguments in the tutorial's "Upgrading & Rescaling" step.
 * Each command's Lua call (c->call) is written next to its model call, so the two cannot
 * part: tests/viz/run.sh replays a recording of every key to the view's trace hash.
 */
#include "controls.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "jobcmd.h"
#include "observer.h"
#include "record.h"

const VizKeyHelp viz_key_help[] = {
	{ "space", "pause / resume simulated time" },
	{ "+  -", "faster / slower (0.1x up to as fast as the machine runs)" },
	{ "0", "maximum speed" },
	{ ".", "single step: run to the next state change (paused)" },
	{ "←  →", "go back / on one simulated second (the run again, exactly as it was)" },
	{ "shift ← →", "go to the previous / next mark on the timeline at the bottom" },
	{ "Home, click", "go to the start; click or drag the timeline to go to any instant" },
	{ "1 .. 9, tab", "select taskmanager-N for the keys below" },
	{ "k", "docker-compose kill the selected TaskManager" },
	{ "s", "docker-compose up -d (start) the selected TaskManager" },
	{ "p", "docker-compose pause / unpause the selected TaskManager" },
	{ "u  d", "scale TaskManagers up / down by one" },
	{ "x", "flink stop: stop the job with a savepoint" },
	{ "[  ]", "parallelism for the resubmission - / +" },
	{ "r", "flink run -s: resubmit from the savepoint" },
	{ "PgUp PgDn", "scroll the log (End: follow)" },
	{ "F12", "save a PNG of the window" },
	{ "h  ?", "this help" },
	{ "q  Esc", "quit (prints the trace hash)" },
	{ NULL, NULL },
};

void viz_controls_init(VizControls *c)
{
	memset(c, 0, sizeof *c);
}

void viz_controls_rerun(VizControls *c)
{
	c->trigger[0] = c->stopped_job[0] = c->savepoint[0] = '\0';
	c->said_failover = false;
	c->commands = 0;
}

static SimStatus say(VizControls *c, SimStatus st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static SimStatus say(VizControls *c, SimStatus st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->message, sizeof c->message, fmt, ap);
	va_end(ap);
	c->message_error = st != SIM_OK;
	return st;
}

/* Runs the action: `check`, when given, runs the model's own checks first, and a command
 * refused by either leaves nothing in the trace (the model traces its own command line only
 * once it acts). One that reached the Sim keeps its command line and its Lua call. */
static SimStatus act(VizControls *c, Sim *s, const char *line, const char *call,
                     SimStatus (*fn)(VizControls *, Sim *, const void *), const void *arg,
                     SimStatus (*check)(Sim *, const void *))
{
	SimStatus st = check ? check(s, arg) : SIM_OK;
	if (st == SIM_OK)
		st = fn(c, s, arg);
	if (st != SIM_OK)
		return say(c, st, "%s: %s", line, sim_error(s));
	c->commands++;
	snprintf(c->line, sizeof c->line, "%s", line);
	snprintf(c->call, sizeof c->call, "%s", call);
	if (sim_error(s)[0] && !c->message[0])
		return say(c, SIM_OK, "%s", sim_error(s));     /* e.g. "nothing to do" */
	if (!c->message[0])
		say(c, SIM_OK, "%s", line);
	return SIM_OK;
}

typedef struct ComposeArg {
	ComposeAction action;
	const char *service;
} ComposeArg;

static SimStatus do_compose(VizControls *c, Sim *s, const void *p)
{
	const ComposeArg *a = p;
	return sim_compose(s, a->action, a->service);
}

static SimStatus do_scale(VizControls *c, Sim *s, const void *p)
{
	return sim_compose_scale(s, "taskmanager", *(const int *)p);
}

static SimStatus do_stop(VizControls *c, Sim *s, const void *p)
{
	const char *job = p;
	char trigger[33];
	SimStatus st = sim_job_savepoint(s, job, true, false, trigger);
	if (st == SIM_OK) {
		snprintf(c->trigger, sizeof c->trigger, "%s", trigger);
		snprintf(c->stopped_job, sizeof c->stopped_job, "%s", job);
		c->savepoint[0] = '\0';
		c->said_failover = false;
		say(c, SIM_OK, "flink stop %.6s…: taking a savepoint, then the job FINISHES", job);
	}
	return st;
}

static SimStatus check_stop(Sim *s, const void *p) { return sim_job_savepoint_check(s, p); }
static SimStatus check_submit(Sim *s, const void *p) { return sim_job_check(s, p); }

/* As pg.flink.run: its command line, then the submission (sim_job_check has passed). */
static SimStatus do_submit(VizControls *c, Sim *s, const void *p)
{
	char id[33], line[512];                        /* lu_command's size: the same line for a long path */
	jobcmd_line(p, line, sizeof line);
	sim_trace_command(s, line);
	SimStatus st = sim_job_submit(s, p, id);
	if (st == SIM_OK)
		say(c, SIM_OK, "submitted job %.6s… with parallelism %d from the savepoint", id,
		    ((const JobOptions *)p)->parallelism);
	return st;
}

static ServiceState service_state(const Sim *s, const char *name, bool *found)
{
	*found = false;
	for (int i = 0; i < sim_service_count(s); i++) {
		ServiceInfo si;
		if (sim_service_info(s, i, &si) && strcmp(si.name, name) == 0) {
			*found = true;
			return si.state;
		}
	}
	return SERVICE_EXITED;
}

static int taskmanagers_up(const Sim *s)
{
	int up = 0;
	for (int i = 0; i < sim_service_count(s); i++) {
		ServiceInfo si;
		if (sim_service_info(s, i, &si) && strcmp(si.service, "taskmanager") == 0 && si.state != SERVICE_EXITED)
			up++;
	}
	return up;
}

/* The options a job was submitted with, as far as the queries show them. */
static void options_of(const Sim *s, const char *id, JobOptions *o)
{
	job_options_default(o);
	JobInfo j;
	if (sim_job_info(s, id, &j) != SIM_OK)
		return;
	o->parallelism = j.parallelism;
	o->max_parallelism = j.max_parallelism;
	o->checkpointing = j.checkpointing;
	o->event_time = j.event_time;
	o->sink = j.sink;
	bool chained_source = true;
	for (int v = 0; v < j.vertex_count; v++) {
		VertexInfo vi;
		if (sim_vertex_info(s, id, v, &vi) != SIM_OK)
			continue;
		if (strcmp(vi.name, "Backpressure") == 0)
			o->backpressure = true;
		if (strcmp(vi.name, "Timestamps/Watermarks") == 0)
			chained_source = false;
	}
	o->chaining = chained_source;
}

int viz_controls_next_parallelism(const VizControls *c, const Sim *s)
{
	if (c->parallelism > 0)
		return c->parallelism;
	char id[33];
	JobInfo j;
	if (c->stopped_job[0] && s && sim_job_info(s, c->stopped_job, &j) == SIM_OK)
		return j.parallelism;
	if (s && sim_job_current(s, id) && sim_job_info(s, id, &j) == SIM_OK)
		return j.parallelism;
	return 2;
}

/* k, s, p: pg.compose.kill / start / pause or unpause on the selected TaskManager. */
static SimStatus taskmanager_command(VizControls *c, Sim *s, VizCommand cmd)
{
	static const char *const verbs[] = { [COMPOSE_KILL] = "kill", [COMPOSE_START] = "start",
		                             [COMPOSE_PAUSE] = "pause", [COMPOSE_UNPAUSE] = "unpause" };
	char name[32], line[96], call[128];
	snprintf(name, sizeof name, "taskmanager-%d", c->selected_tm + 1);
	bool found;
	ServiceState st = service_state(s, name, &found);
	if (!found)
		return say(c, SIM_ENOENT, "there is no %s (scale up with u)", name);
	ComposeArg a = { COMPOSE_KILL, name };
	if (cmd == VIZ_CMD_START_TM)
		a.action = COMPOSE_START;
	else if (cmd == VIZ_CMD_PAUSE_TM)
		a.action = st == SERVICE_PAUSED ? COMPOSE_UNPAUSE : COMPOSE_PAUSE;
	snprintf(line, sizeof line, "docker-compose %s %s", a.action == COMPOSE_START ? "up -d" : verbs[a.action], name);
	snprintf(call, sizeof call, "pg.compose.%s(\"%s\")", verbs[a.action], name);
	return act(c, s, line, call, do_compose, &a, NULL);
}

/* r: pg.flink.run with the stopped job's options, the parallelism chosen and the savepoint. */
static void submit_call(const JobOptions *o, char *call, size_t len)
{
	char path[1300];
	viz_lua_quote(o->savepoint, strlen(o->savepoint), path, sizeof path);
	snprintf(call, len, "pg.flink.run{ parallelism = %d, max_parallelism = %d, savepoint = %s, checkpointing = %s, "
	         "event_time = %s, backpressure = %s, chaining = %s, sink = \"%s\" }", o->parallelism, o->max_parallelism,
	         path, o->checkpointing ? "true" : "false", o->event_time ? "true" : "false",
	         o->backpressure ? "true" : "false", o->chaining ? "true" : "false",
	         o->sink == SINK_EXACTLY_ONCE ? "exactly-once" : "at-least-once");
}

/* x: the REST API's stop route, POST /jobs/<id>/stop {"drain": false} — the model call
 * (sim_job_savepoint, stop without drain) and trace line of `flink stop <id>`; pg.flink.stop
 * would wait for the savepoint, which a pg.time.at callback may not. r: pg.flink.run. */
static SimStatus job_command(VizControls *c, Sim *s, VizCommand cmd)
{
	char id[33], line[700], call[1024];
	if (cmd == VIZ_CMD_STOP_SAVEPOINT) {
		JobInfo j;
		if (!sim_job_current(s, id) || sim_job_info(s, id, &j) != SIM_OK || job_state_is_terminal(j.state))
			return say(c, SIM_ESTATE, "flink stop: no job is running");
		snprintf(line, sizeof line, "flink stop %s", id);
		snprintf(call, sizeof call, "assert(pg.flink.rest(\"POST\", \"/jobs/%s/stop\", { drain = false }) == 202, "
		         "\"the stop with a savepoint (key x) was refused: this run is not the recorded one\")", id);
		return act(c, s, line, call, do_stop, id, check_stop);
	}
	if (!c->savepoint[0])
		return say(c, SIM_ESTATE, c->trigger[0] ? "the savepoint is not complete yet" :
		                                          "no savepoint yet: stop the job with x first");
	JobOptions o;
	options_of(s, c->stopped_job, &o);
	o.parallelism = viz_controls_next_parallelism(c, s);
	o.savepoint = c->savepoint;
	snprintf(line, sizeof line, "flink run -d -p %d -s %s", o.parallelism, c->savepoint);
	submit_call(&o, call, sizeof call);
	return act(c, s, line, call, do_submit, &o, check_submit);
}

SimStatus viz_command(VizControls *c, Sim *s, VizCommand cmd, int arg)
{
	c->message[0] = '\0';
	if (cmd == VIZ_CMD_SELECT_TM) {
		c->selected_tm = arg < 0 ? 0 : arg;
		return say(c, SIM_OK, "selected taskmanager-%d", c->selected_tm + 1);
	}
	if (cmd == VIZ_CMD_PARALLELISM_DOWN || cmd == VIZ_CMD_PARALLELISM_UP) {
		int p = viz_controls_next_parallelism(c, s) + (cmd == VIZ_CMD_PARALLELISM_UP ? 1 : -1);
		c->parallelism = p < 1 ? 1 : p > VIZ_MAX_RESUBMIT_PARALLELISM ? VIZ_MAX_RESUBMIT_PARALLELISM : p;
		return say(c, SIM_OK, "the resubmission (r) will use parallelism %d", c->parallelism);
	}
	if (!s)
		return say(c, SIM_ESTATE, "the environment is not up yet");
	switch (cmd) {
	case VIZ_CMD_KILL_TM:
	case VIZ_CMD_START_TM:
	case VIZ_CMD_PAUSE_TM:
		return taskmanager_command(c, s, cmd);
	case VIZ_CMD_SCALE_UP:
	case VIZ_CMD_SCALE_DOWN: {
		int n = taskmanagers_up(s) + (cmd == VIZ_CMD_SCALE_UP ? 1 : -1);
		if (n < 0)
			return say(c, SIM_ESTATE, "no TaskManager is running");
		char line[64], call[64];
		snprintf(line, sizeof line, "docker-compose scale taskmanager=%d", n);
		snprintf(call, sizeof call, "pg.compose.scale(\"taskmanager\", %d)", n);
		return act(c, s, line, call, do_scale, &n, NULL);
	}
	case VIZ_CMD_STOP_SAVEPOINT:
	case VIZ_CMD_RESUBMIT:
		return job_command(c, s, cmd);
	default:
		return say(c, SIM_EINVAL, "unknown command");
	}
}

void viz_controls_poll(VizControls *c, const Sim *s)
{
	if (!c->trigger[0] || !s)
		return;
	SavepointInfo si;
	if (sim_savepoint_info(s, c->trigger, &si) != SIM_OK)
		return;
	if (si.status == SAVEPOINT_IN_PROGRESS) {
		/* Flink 1.9's stopWithSavepoint waits for the job to end, and a failover is not an end:
		 * the job runs again, restored from the savepoint, and the operation stays in progress. */
		JobInfo j;
		if (!c->said_failover && si.failed_over && sim_job_info(s, c->stopped_job, &j) == SIM_OK &&
		    j.state == JOB_RUNNING) {
			snprintf(c->savepoint, sizeof c->savepoint, "%s", si.path);
			c->said_failover = true;
			say(c, SIM_ESTATE, "the job failed over after its savepoint %s was written and runs again: Flink 1.9 "
			    "keeps the stop in progress until the job ends — press x to stop it again", si.path);
		}
		return;
	}
	if (si.path[0])                                /* written: `flink run -s` takes it either way */
		snprintf(c->savepoint, sizeof c->savepoint, "%s", si.path);
	if (si.status == SAVEPOINT_COMPLETED)
		say(c, SIM_OK, "savepoint complete: %s — press r to resubmit with parallelism %d", si.path,
		    viz_controls_next_parallelism(c, s));
	else if (si.path[0] && si.failed_over)
		/* Flink 1.13's stop fails when the executions of a job failing over have ended, and the
		 * job is failed over globally: it runs again, restored from that savepoint. */
		say(c, SIM_ESTATE, "the stop did not finish the job: %s It fails over and runs again from the savepoint "
		    "at %s — press x to stop it again", si.failure, si.path);
	else if (si.path[0])
		/* Flink 1.9's stopWithSavepoint fails once the savepoint exists when the job then ends
		 * otherwise than FINISHED (cancelled, its JobManager lost; 1.13's too): the stop failed,
		 * the savepoint did not — it stays in its directory, resumable. */
		say(c, SIM_ESTATE, "the stop did not finish the job: %s The savepoint at %s was written — press r "
		    "to resubmit from it", si.failure, si.path);
	else
		say(c, SIM_ESTATE, "the savepoint failed: %s", si.failure);
	c->trigger[0] = '\0';
}
