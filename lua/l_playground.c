/*
 * l_playground.c — the `playground` module: pg.up, pg.expect, pg.log and the sub-tables
 * (pg.time, pg.flink, pg.kafka, pg.check, pg.compose, pg.swarm) from their own files.
 *
 * pg.up creates the run's one Sim (owned by the run context) from fully validated options;
 * if the Sim then refuses to start or to take the job, it is destroyed again so a rejected
 * pg.up leaves nothing behind. Until the Sim has accepted everything, its trace lines are
 * held back and only then handed to the run's listener (trace file, narration), so a
 * refused pg.up does not show up there either.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "jobcmd.h"
#include "lpg.h"
#include "lutil.h"

static int by_string(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Applies config = { key = value } in sorted key order (the first bad key reported is the
 * same on every run); the Sim's setters name bad keys and list the supported ones. */
static void read_config(lua_State *L, int up, SimConfig *c)
{
	char bad[64], err[4096];             /* the supported keys: 1100 bytes and growing */
	int type = lua_getfield(L, up, "config"), t = lua_gettop(L);
	if (type != LUA_TNIL && type != LUA_TTABLE)
		luaL_error(L, "pg.up: option 'config' must be a table of flink-conf keys, got %s",
		           lu_describe(L, t, bad, sizeof bad));
	size_t n = 0;
	for (lua_pushnil(L); type == LUA_TTABLE && lua_next(L, t); lua_pop(L, 1), n++)
		if (!lu_cstring(L, -2, "pg.up", "a config key"))
			luaL_error(L, "pg.up: config keys must be strings, got %s", lu_describe(L, -2, bad, sizeof bad));
	const char **keys = lua_newuserdatauv(L, (n ? n : 1) * sizeof *keys, 0);
	n = 0;
	for (lua_pushnil(L); type == LUA_TTABLE && lua_next(L, t); lua_pop(L, 1))
		keys[n++] = lua_tostring(L, -2);           /* anchored: keys of the config table */
	qsort(keys, n, sizeof *keys, by_string);
	for (size_t i = 0; i < n; i++) {
		SimStatus st = SIM_OK;
		int vt = lua_getfield(L, t, keys[i]);
		if (vt == LUA_TNUMBER)
			st = sim_config_set_number(c, keys[i], lua_tonumber(L, -1), err, sizeof err);
		else if (vt == LUA_TSTRING)
			st = sim_config_set_string(c, keys[i], lu_cstring(L, -1, "pg.up", "a config value"), err, sizeof err);
		else
			luaL_error(L, "pg.up: config '%s' must be a number or a string, got %s", keys[i],
			           lu_describe(L, -1, bad, sizeof bad));
		if (st != SIM_OK)
			luaL_error(L, "pg.up: config: %s", err);
		lua_pop(L, 1);
	}
	lua_pop(L, 2);
}

/* job = nil (defaults), a table of pg.flink.run options, or false (submit nothing). */
static bool read_job(lua_State *L, int up, JobOptions *jo)
{
	char bad[64];
	int type = lua_getfield(L, up, "job");
	if (type == LUA_TBOOLEAN && !lua_toboolean(L, -1)) {
		lua_pop(L, 1);
		return false;
	}
	if (type != LUA_TNIL && type != LUA_TTABLE)
		luaL_error(L, "pg.up: option 'job' must be a table of pg.flink.run options or false, got %s",
		           lu_describe(L, -1, bad, sizeof bad));
	lu_job_options(L, lua_gettop(L), "pg.up{job}", jo);
	lua_pop(L, 1);                                 /* the savepoint string stays anchored by opts */
	return true;
}

/* Events held back while pg.up may still be refused: copies (event_dup) and their texts. */
typedef struct HeldTrace {
	SimEvent **ev;                /* the events (each owns its strings) */
	char **text;                  /* their rendered texts */
	size_t n, cap;                /* held / allocated */
} HeldTrace;

static void hold_event(void *ctx, const SimEvent *e, const char *text)
{
	HeldTrace *h = ctx;
	if (h->n == h->cap) {
		size_t cap = h->cap ? 2 * h->cap : 32;
		SimEvent **ev = realloc(h->ev, cap * sizeof *ev);
		if (ev)
			h->ev = ev;
		char **tx = ev ? realloc(h->text, cap * sizeof *tx) : NULL;
		if (!tx)
			return;                                /* out of memory: the line is not shown */
		h->text = tx;
		h->cap = cap;
	}
	h->ev[h->n] = event_dup(e);
	h->text[h->n] = strdup(text);
	if (h->ev[h->n] && h->text[h->n])
		h->n++;
	else {
		free(h->ev[h->n]);
		free(h->text[h->n]);
	}
}

static void release_events(HeldTrace *h, SimEventFn fn, void *ctx)
{
	for (size_t i = 0; i < h->n; i++) {
		if (fn)
			fn(ctx, h->ev[i], h->text[i]);
		free(h->ev[i]);
		free(h->text[i]);
	}
	free(h->ev);
	free(h->text);
	*h = (HeldTrace){ NULL, NULL, 0, 0 };
}

/* Creates and starts the Sim, submits the job; on refusal undoes everything and raises. */
static int start_environment(lua_State *L, PgContext *c, const SimOptions *o, const JobOptions *jo)
{
	char id[33] = "", cmd[700];
	HeldTrace held = { NULL, NULL, 0, 0 };
	Sim *s = sim_create(o);
	if (!s)
		return luaL_error(L, "pg.up: could not create the simulation");
	int holding = sim_subscribe(s, hold_event, &held);
	lu_command(s, "docker-compose up -d");
	SimStatus st = sim_up(s);
	if (st == SIM_OK && jo) {
		jobcmd_line(jo, cmd, sizeof cmd);
		lu_command(s, "%s", cmd);
		st = sim_job_submit(s, jo, id);
	}
	if (st != SIM_OK) {
		lu_push_sim_error(L, s, st, "pg.up");      /* copy the message before the Sim goes */
		release_events(&held, NULL, NULL);
		sim_destroy(s);
		return lua_error(L);
	}
	c->sim = s;
	c->seed = sim_seed(s);
	sim_unsubscribe(s, holding);
	release_events(&held, c->trace_fn, c->trace_ctx);
	if (c->trace_fn)
		sim_subscribe(s, c->trace_fn, c->trace_ctx);
	if (c->on_sim)
		c->on_sim(c->on_sim_ctx, s);
	if (jo)
		lua_pushstring(L, id);
	else
		lua_pushnil(L);
	return 1;
}

static int pg_up(lua_State *L)
{
	static const char *const keys[] = { "seed", "taskmanagers", "slots", "partitions", "generator",
	                                    "rate", "config", "job", "retention", NULL };
	PgContext *c = pg_ctx(L);
	int t = lu_options(L, 1, "pg.up", keys);
	SimOptions o;
	JobOptions jo;
	sim_options_default(&o);
	o.seed = (uint64_t)lu_opt_integer(L, t, "pg.up", "seed", (lua_Integer)o.seed, 0, LUA_MAXINTEGER);
	if (c->seed_forced)
		o.seed = c->seed;
	if (c->host_root)
		snprintf(o.host_root, sizeof o.host_root, "%s", c->host_root);
	o.taskmanagers = (int)lu_opt_integer(L, t, "pg.up", "taskmanagers", o.taskmanagers, 0, PG_MAX_TASKMANAGERS);
	o.slots = (int)lu_opt_integer(L, t, "pg.up", "slots", o.slots, 1, PG_MAX_SLOTS);
	o.partitions = (int)lu_opt_integer(L, t, "pg.up", "partitions", o.partitions, 1, PG_MAX_PARTITIONS);
	o.generator = lu_opt_bool(L, t, "pg.up", "generator", o.generator);
	o.generator_rate = (int)lu_opt_integer(L, t, "pg.up", "rate", o.generator_rate, 1, SIM_MAX_GENERATOR_RATE);
	SimTime retention = lu_opt_duration(L, t, "pg.up", "retention", -1);
	if (retention >= 0 && retention < SIM_US_PER_MS)
		return luaL_error(L, "pg.up: option 'retention' must be at least 1 ms");
	if (retention > 0)
		o.config.log_retention_ms = retention / SIM_US_PER_MS;
	read_config(L, t, &o.config);
#ifdef SIM_MUTATIONS
	/* Test builds only (make mutants): PLAYGROUND_MUTATE=name,… switches deliberate defects on. */
	const char *mutate = getenv("PLAYGROUND_MUTATE");
	if (mutate && !sim_mutations_parse(mutate, &o.mutations))
		return luaL_error(L, "pg.up: PLAYGROUND_MUTATE: unknown mutation in '%s' (mutations: %s)", mutate,
		                  sim_mutation_names());
#endif
	bool submit = read_job(L, t, &jo);
	if (c->sim)
		return luaL_error(L, "pg.up: the environment is already up (call pg.up once per scenario)");
	return start_environment(L, c, &o, submit ? &jo : NULL);
}

/* Pushes the text of a message: string.format(fmt, …) when arguments follow a string fmt;
 * a lone string as it is (so "100%" or a message built with .. needs no escaping); other
 * values as tostring would show them, without host addresses. A NUL byte in the text is an
 * error (the output would stop there). */
static const char *format_args(lua_State *L, int first, const char *fname)
{
	int top = lua_gettop(L);
	if (first > top) {
		lua_pushliteral(L, "");
	} else if (lua_type(L, first) == LUA_TSTRING && first == top) {
		lua_pushvalue(L, first);
	} else if (lua_type(L, first) != LUA_TSTRING) {
		luaL_Buffer b;
		luaL_buffinit(L, &b);
		for (int i = first; i <= top; i++) {
			luaL_addstring(&b, i > first ? " " : "");
			sandbox_tostring(L, i, NULL);
			luaL_addvalue(&b);
		}
		luaL_pushresult(&b);
	} else {
		lua_pushvalue(L, lua_upvalueindex(1));     /* the string library's format */
		for (int i = first; i <= top; i++) {
			int ty = lua_type(L, i);
			if (ty == LUA_TNUMBER || ty == LUA_TSTRING)
				lua_pushvalue(L, i);
			else
				sandbox_tostring(L, i, NULL);
		}
		lua_call(L, top - first + 1, 1);
	}
	return lu_cstring(L, -1, fname, "the message");
}

static int pg_expect(lua_State *L)
{
	if (lua_toboolean(L, 1))
		return 0;
	char when[48];
	Sim *s = pg_ctx(L)->sim;
	snprintf(when, sizeof when, "expectation failed at t=%.3fs", PG_SECONDS(s ? sim_now(s) : 0));
	const char *msg = format_args(L, 2, "pg.expect");
	luaL_where(L, 1);
	lua_pushfstring(L, "%s%s", when, *msg ? ": " : "");
	lua_pushstring(L, msg);
	lua_concat(L, 3);
	lua_pushvalue(L, -1);
	lua_setfield(L, LUA_REGISTRYINDEX, EXPECTATION_KEY);   /* the runner reports it as such */
	return lua_error(L);
}

static int pg_log(lua_State *L)
{
	PgContext *c = pg_ctx(L);
	const char *text = format_args(L, 1, "pg.log");
	SimTime now = c->sim ? sim_now(c->sim) : 0;
	if (!c->quiet)
		fprintf(c->out, "[%10.3fs] %s\n", PG_SECONDS(now), text);
	if (c->log_fn)
		c->log_fn(c->log_ctx, now, text, strlen(text), true);
	return 0;
}

/* seed() → the run's seed: the one pg.up used (or will use: --seed, else 1 until pg.up). */
static int pg_seed(lua_State *L)
{
	PgContext *c = pg_ctx(L);
	lua_pushinteger(L, (lua_Integer)(c->sim ? sim_seed(c->sim) : c->seed));
	return 1;
}

static const struct {
	const char *name;             /* field of pg */
	lua_CFunction open;           /* builds the sub-table */
} submodules[] = {
	{ "time", luaopen_pg_time },
	{ "flink", luaopen_pg_flink },
	{ "kafka", luaopen_pg_kafka },
	{ "check", luaopen_pg_check },
	{ "compose", luaopen_pg_compose },
	{ "net", luaopen_pg_net },
	{ "swarm", luaopen_pg_swarm },
};

static const luaL_Reg pg_funcs[] = {
	{ "up", pg_up },
	{ "seed", pg_seed },
	{ "expect", NULL },
	{ "log", NULL },
	{ NULL, NULL },
};

int luaopen_playground(lua_State *L)
{
	luaL_newlib(L, pg_funcs);
	lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	lua_getfield(L, -1, "string");
	lua_getfield(L, -1, "format");                 /* upvalue of expect and log */
	lua_pushvalue(L, -1);
	lua_pushcclosure(L, pg_expect, 1);
	lua_setfield(L, -5, "expect");
	lua_pushcclosure(L, pg_log, 1);
	lua_setfield(L, -4, "log");
	lua_pop(L, 2);
	for (size_t i = 0; i < sizeof submodules / sizeof submodules[0]; i++) {
		submodules[i].open(L);
		lua_setfield(L, -2, submodules[i].name);
	}
	return 1;
}
