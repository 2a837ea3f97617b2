/*
 * runner.c — runs one scenario (see runner.h).
 *
 * Owns the Lua state, the run context (lpg.h) and, through it, the Sim. Every entry into
 * Lua — the sandbox setup and the scenario's main chunk — is one lua_pcall with a message
 * handler that makes sure the message starts with the scenario's FILE:LINE and keeps the
 * traceback of errors raised inside functions. pg.time callbacks run inside that call.
 */
#include "runner.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "chunkcache.h"
#include "export.h"

#define TRACEBACK_KEY     "playground.traceback"      /* registry: traceback of the failure */
#define TRACEBACK_FOR_KEY "playground.traceback_for"  /* registry: the message it belongs to */

struct PgRun {
	PgContext ctx;                /* first: what the bindings see */
	PgRunOptions o;               /* as given */
	Timeline *timeline;           /* --timeline, open while the run lasts */
	Metrics *metrics;             /* --metrics */
	SimTime next_sample;          /* the exports' next per-second sample */
	char export_error[600];       /* why an export failed, "" */
	lua_State *L;                 /* the scenario's state, NULL before pgrun_exec */
	char message[4096];           /* the failure, one line (pg.up lists 60 config keys) */
	char traceback[2048];         /* scenario frames of the failure, or "" */
	char location[1100];          /* "FILE:LINE" of the failure, or "" */
	bool expectation;             /* the failure is pg.expect's */
};

void pgrun_options_default(PgRunOptions *o)
{
	memset(o, 0, sizeof *o);
	o->seed = 1;
}

/* What --narrate shows: the events a learner follows live. Left out: every subtask's own
 * transition (the job's, and failures, stay), routine checkpoints, and Kafka's and the
 * source's housekeeping. The trace file (--trace) always has everything. */
static bool narrated(const SimEvent *e)
{
	switch (e->kind) {
	case EV_TASK_STATE: case EV_TASK_REPORT: case EV_TOPIC_CREATED: case EV_TXN_ENDED: case EV_RETENTION:
	case EV_SOURCE_ASSIGNED: case EV_CHECKPOINT_COMPLETED:
		return false;
	case EV_CHECKPOINT_TRIGGERED:
		return e->flag;                        /* savepoints, not checkpoints */
	default:
		return true;
	}
}

static void on_trace(void *p, const SimEvent *e, const char *text)
{
	PgRun *r = p;
	if (r->o.trace)
		fprintf(r->o.trace, "%" PRId64 ".%06" PRId64 " %s %s\n", e->t / SIM_US_PER_S, e->t % SIM_US_PER_S,
		        e->component, text);
	if (r->o.narrate && !r->o.quiet && narrated(e))
		fprintf(r->ctx.out, "[%10.3fs] %s: %s\n", PG_SECONDS(e->t), e->component, text);
	if (r->o.listener)
		r->o.listener(r->o.listener_ctx, e, text);
}

/* ---------------------------------------------------------------- exports */

static void sample_exports(PgRun *r, const Sim *s)
{
	if (r->timeline)
		timeline_sample(r->timeline, s);
	if (r->metrics)
		metrics_sample(r->metrics, s);
	if (r->o.sample)
		r->o.sample(r->o.sample_ctx, s);
}

/* How time passes when exports are on: the caller's way (sim_run_until, or the view's
 * frames), stopping at every simulated second to sample. The Sim never knows. */
static bool advance_sampling(void *ctx, Sim *s, SimTime until)
{
	PgRun *r = ctx;
	while (r->next_sample <= until) {
		SimTime at = r->next_sample;
		if (r->o.advance ? !r->o.advance(r->o.advance_ctx, s, at) : (sim_run_until(s, at), false))
			return false;
		sample_exports(r, s);
		r->next_sample = at + EXPORT_SAMPLE_US;
	}
	if (r->o.advance)
		return r->o.advance(r->o.advance_ctx, s, until);
	sim_run_until(s, until);
	return true;
}

/* pg.up made the Sim: the exports open and subscribe, then the caller hears of it. */
static void sim_appeared(void *ctx, Sim *s)
{
	PgRun *r = ctx;
	char err[300];
	if (s && r->o.timeline_path && !r->timeline) {
		if ((r->timeline = timeline_open(r->o.timeline_path, err, sizeof err)) != NULL)
			sim_subscribe(s, timeline_on_event, r->timeline);
		else
			snprintf(r->export_error, sizeof r->export_error, "%s", err);
	}
	if (s && r->o.metrics_path && !r->metrics && !(r->metrics = metrics_open(r->o.metrics_path, err, sizeof err)))
		snprintf(r->export_error, sizeof r->export_error, "%s", err);
	if (s) {
		sample_exports(r, s);
		r->next_sample = sim_now(s) + EXPORT_SAMPLE_US;
	}
	if (r->o.on_sim)
		r->o.on_sim(r->o.on_sim_ctx, s);
}

static void close_exports(PgRun *r)
{
	Sim *s = r->ctx.sim;
	if (r->timeline && timeline_close(r->timeline, s ? sim_now(s) : 0) != 0 && !r->export_error[0])
		snprintf(r->export_error, sizeof r->export_error, "error writing the timeline to %s", r->o.timeline_path);
	if (r->metrics && metrics_close(r->metrics) != 0 && !r->export_error[0])
		snprintf(r->export_error, sizeof r->export_error, "error writing the metrics to %s", r->o.metrics_path);
	r->timeline = NULL;
	r->metrics = NULL;
}

const char *pgrun_export_error(const PgRun *r) { return r->export_error; }

PgRun *pgrun_create(const PgRunOptions *o)
{
	PgRun *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->o = *o;
	PgContext *c = &r->ctx;
	c->script = o->file;
	c->seed = o->seed_given ? o->seed : 1;
	c->seed_forced = o->seed_given;
	c->host_root = o->host_root;
	c->quiet = o->quiet;
	c->out = o->out ? o->out : stdout;
	c->trace_fn = on_trace;
	c->trace_ctx = r;
	c->advance = o->advance;
	c->advance_ctx = o->advance_ctx;
	c->on_sim = o->on_sim;
	c->on_sim_ctx = o->on_sim_ctx;
	c->log_fn = o->on_log;
	c->log_ctx = o->on_log_ctx;
	if (o->timeline_path || o->metrics_path || o->sample) {  /* samplers run between the caller's steps */
		c->advance = advance_sampling;
		c->advance_ctx = r;
		c->on_sim = sim_appeared;
		c->on_sim_ctx = r;
	}
	c->budget = o->budget ? o->budget : PG_DEFAULT_BUDGET;
	c->mem_limit = PG_DEFAULT_MEMORY;
	c->swarm.keep = o->keep;
	c->swarm.nkeep = o->nkeep;
	return r;
}

/* ---------------------------------------------------------------- errors */

/* True when msg starts with "<source>:<line>:". */
static bool has_location(const char *msg)
{
	const char *p = strchr(msg, ':');
	if (!p || p == msg || p[1] < '0' || p[1] > '9')
		return false;
	for (p++; *p >= '0' && *p <= '9'; p++)
		;
	return *p == ':';
}

/* The message handler of every protected call into Lua (the main chunk, and pg.time
 * callbacks and predicates, whose errors are re-raised): runs where the error happened.
 * Makes sure the message starts with FILE:LINE and keeps the traceback of an error raised
 * inside a function, tagged with its message so that a re-raise keeps it and any other
 * error replaces it. */
int pg_message_handler(lua_State *L)
{
	lua_Debug ar;
	const char *msg = lua_tostring(L, 1);
	if (!msg && luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
		msg = lua_tostring(L, -1);
	else if (!msg)
		msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
	bool in_function = false, located = has_location(msg);
	for (int level = 1; lua_getstack(L, level, &ar); level++) {
		lua_getinfo(L, "Sl", &ar);
		if (!located && ar.currentline > 0) {      /* e.g. errors raised by C library functions */
			msg = lua_pushfstring(L, "%s:%d: %s", ar.short_src, ar.currentline, msg);
			located = true;
		}
		in_function = in_function || strcmp(ar.what, "Lua") == 0;
	}
	lua_getfield(L, LUA_REGISTRYINDEX, TRACEBACK_FOR_KEY);
	lua_pushstring(L, msg);
	bool rethrown = lua_rawequal(L, -1, -2);
	lua_pop(L, 2);
	if (in_function && !rethrown) {
		luaL_traceback(L, L, NULL, 1);
		lua_setfield(L, LUA_REGISTRYINDEX, TRACEBACK_KEY);
		lua_pushstring(L, msg);
		lua_setfield(L, LUA_REGISTRYINDEX, TRACEBACK_FOR_KEY);
	} else if (!rethrown) {
		lua_pushnil(L);
		lua_setfield(L, LUA_REGISTRYINDEX, TRACEBACK_KEY);
	}
	lua_pushstring(L, msg);
	return 1;
}

/* Keeps the traceback lines that point into Lua code (not "[C]: in …"). */
static void keep_scenario_frames(const char *tb, char *out, size_t len)
{
	size_t n = 0;
	out[0] = '\0';
	for (const char *line = tb; *line;) {
		const char *end = strchr(line, '\n');
		size_t l = end ? (size_t)(end - line) : strlen(line);
		if (!strstr(line, "[C]: in") || (end && strstr(line, "[C]: in") > end))
			if (n + l + 2 < len) {
				memcpy(out + n, line, l);
				n += l;
				out[n++] = '\n';
				out[n] = '\0';
			}
		line += l + (end ? 1 : 0);
	}
}

static void record_failure(PgRun *r, int status)
{
	lua_State *L = r->L;
	PgContext *c = &r->ctx;
	double t = PG_SECONDS(c->sim ? sim_now(c->sim) : 0);
	const char *msg = lua_tostring(L, -1);
	if (status == LUA_ERRMEM) {
		snprintf(r->message, sizeof r->message, "%s: not enough memory (a scenario may use %zu MiB) "
		         "(t=%.3fs, seed %" PRIu64 ")", c->script, c->mem_limit >> 20, t, c->seed);
		return;
	}
	lua_getfield(L, LUA_REGISTRYINDEX, EXPECTATION_KEY);
	bool expectation = lua_rawequal(L, -1, -2);
	lua_pop(L, 1);
	r->expectation = expectation;
	if (expectation)                               /* the message already has the time */
		snprintf(r->message, sizeof r->message, "%s (seed %" PRIu64 ")", msg, c->seed);
	else
		snprintf(r->message, sizeof r->message, "%s (t=%.3fs, seed %" PRIu64 ")",
		         msg ? msg : "error", t, c->seed);
	if (lua_getfield(L, LUA_REGISTRYINDEX, TRACEBACK_KEY) == LUA_TSTRING && !expectation)
		keep_scenario_frames(lua_tostring(L, -1), r->traceback, sizeof r->traceback);
	lua_pop(L, 1);
}

/* ---------------------------------------------------------------- loading */

/* Reads the whole file into a malloc'd buffer (caller frees); NULL with r->message set. */
static char *read_file(PgRun *r, size_t *len)
{
	FILE *f = fopen(r->o.file, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;
	if (!f) {
		snprintf(r->message, sizeof r->message, "cannot open %s: %s", r->o.file, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (n == cap) {
			char *nb = realloc(buf, cap = cap ? 2 * cap : 65536);
			if (!nb)
				break;
			buf = nb;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f) || !buf) {
		snprintf(r->message, sizeof r->message, "cannot read %s: %s", r->o.file, buf ? strerror(errno) : "out of memory");
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf && n > 0 && buf[0] == '#')             /* a "#!" first line, as lua(1) allows */
		for (size_t i = 0; i < n && buf[i] != '\n'; i++)
			buf[i] = ' ';
	*len = n;
	return buf;
}

/* Protected: the sandbox and the `arg` table. */
static int setup(lua_State *L)
{
	PgRun *r = (PgRun *)pg_ctx(L);
	sandbox_open(L);
	lua_createtable(L, r->o.nargs, 1);
	lua_pushstring(L, r->o.file);
	lua_rawseti(L, -2, 0);
	for (int i = 0; i < r->o.nargs; i++) {
		lua_pushstring(L, r->o.args[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setglobal(L, "arg");
	if (r->o.prepare)
		r->o.prepare(L, r->o.prepare_ctx);
	return 0;
}

static PgRunStatus load(PgRun *r)
{
	size_t len = r->o.source_len;
	char *src = r->o.source ? NULL : read_file(r, &len), chunkname[1024];
	if (!src && !r->o.source)
		return PGRUN_UNLOADABLE;
	snprintf(chunkname, sizeof chunkname, "%c%s", r->o.source ? '=' : '@', r->o.file);
	int st = chunk_load(r->L, src ? src : r->o.source, len, chunkname);
	free(src);
	if (st == LUA_OK)
		return PGRUN_OK;
	const char *msg = lua_tostring(r->L, -1);
	snprintf(r->message, sizeof r->message, "%s%s%s", has_location(msg) ? "" : r->o.file,
	         has_location(msg) ? "" : ": ", msg);
	return PGRUN_UNLOADABLE;
}

static PgRunStatus exec(PgRun *r)
{
	if (r->L) {
		snprintf(r->message, sizeof r->message, "a run executes once");
		return PGRUN_FAILED;
	}
	r->L = lua_newstate(sandbox_alloc, &r->ctx);
	if (!r->L) {
		snprintf(r->message, sizeof r->message, "cannot create a Lua state (out of memory)");
		return PGRUN_UNLOADABLE;
	}
	*(PgContext **)lua_getextraspace(r->L) = &r->ctx;
	lua_pushcfunction(r->L, pg_message_handler);
	lua_pushcfunction(r->L, setup);
	int st = lua_pcall(r->L, 0, 0, 1);
	if (st != LUA_OK) {
		record_failure(r, st);
		return PGRUN_FAILED;
	}
	PgRunStatus ls = load(r);
	if (ls != PGRUN_OK)
		return ls;
	st = lua_pcall(r->L, 0, 0, 1);
	if (st != LUA_OK)
		record_failure(r, st);
	close_exports(r);                              /* what happened up to the end, or the failure */
	return st == LUA_OK ? PGRUN_OK : PGRUN_FAILED;
}

PgRunStatus pgrun_exec(PgRun *r)
{
	r->message[0] = r->traceback[0] = r->location[0] = '\0';
	r->expectation = false;
	PgRunStatus st = exec(r);
	if (st != PGRUN_OK && has_location(r->message)) {
		const char *colon = strchr(r->message, ':');
		size_t n = (size_t)(strchr(colon + 1, ':') - r->message);
		snprintf(r->location, sizeof r->location, "%.*s", (int)n, r->message);
	}
	return st;
}

bool pgrun_expectation_failed(const PgRun *r)
{
	return r->expectation;
}

const char *pgrun_location(const PgRun *r)
{
	return r->location;
}

uint64_t pgrun_seed(const PgRun *r)
{
	return r->ctx.sim ? sim_seed(r->ctx.sim) : r->ctx.seed;
}

const char *pgrun_message(const PgRun *r)
{
	return r->message;
}

const char *pgrun_traceback(const PgRun *r)
{
	return r->traceback;
}

Sim *pgrun_sim(const PgRun *r)
{
	return r->ctx.sim;
}

const PgSwarmState *pgrun_swarm(const PgRun *r)
{
	return &r->ctx.swarm;
}

uint64_t pgrun_trace_hash(const PgRun *r)
{
	if (r->ctx.sim)
		return sim_trace_hash(r->ctx.sim);
	SimOptions o;                                  /* no pg.up: the hash of an empty trace */
	sim_options_default(&o);
	o.seed = r->ctx.seed;
	Sim *s = sim_create(&o);
	uint64_t h = s ? sim_trace_hash(s) : 0;
	sim_destroy(s);
	return h;
}

void pgrun_destroy(PgRun *r)
{
	if (!r)
		return;
	if (r->L)
		lua_close(r->L);                           /* runs finalizers; the budget hook stays */
	close_exports(r);
	if (r->ctx.sim && r->ctx.on_sim)
		r->ctx.on_sim(r->ctx.on_sim_ctx, NULL);
	sim_destroy(r->ctx.sim);
	pg_timers_free(&r->ctx);
	pg_swarm_free(&r->ctx.swarm);
	free(r);
}
