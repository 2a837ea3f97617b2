/*
 * l_swarm.c — `pg.swarm`: what a swarm scenario tells `playground swarm` about itself.
 *
 * pg.swarm.plan records the scenario's fault schedule — a world (a Lua expression) and
 * timed steps (Lua statements) — and answers which steps to run: all of them, except in a
 * shrink trial, where the runner's mask (delta debugging over the step indices) decides.
 * pg.swarm.verdict records which checker failed, just before the scenario raises its
 * error, so a failing seed is reported (and shrunk) by its check rather than by its text.
 * Both copy what they keep into the run context (lpg.h), which owns the copies; outside a
 * swarm they only record. Every argument is validated before anything is recorded, so a
 * rejected call leaves nothing behind.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "lpg.h"
#include "lutil.h"

#define PG_SWARM_MAX_STEPS   10000              /* steps in one plan */
#define PG_SWARM_MAX_TEXT    65536              /* bytes in one setup, code or message */
#define PG_SWARM_MAX_PLAN    ((size_t)4 << 20)  /* bytes of code in one plan */
#define PG_SWARM_MAX_CHECK   64                 /* bytes in a check name */

/* The string field `key` of the table at t: present, no NUL byte, at most max bytes, and
 * not empty unless allow_empty. `what` names it in errors ("steps[3].code"). */
static const char *text_field(lua_State *L, int t, const char *fname, const char *key,
                              const char *what, size_t *len)
{
	char bad[64];
	int type = lua_getfield(L, t, key);
	if (type != LUA_TSTRING)
		luaL_error(L, "%s: %s must be a string, got %s", fname, what, lu_describe(L, -1, bad, sizeof bad));
	const char *s = lua_tolstring(L, -1, len);
	if (memchr(s, '\0', *len))
		luaL_error(L, "%s: %s contains a NUL byte", fname, what);
	if (*len > PG_SWARM_MAX_TEXT)
		luaL_error(L, "%s: %s is %d bytes long; at most %d are allowed", fname, what, (int)*len,
		           PG_SWARM_MAX_TEXT);
	lua_pop(L, 1);                                 /* still anchored by the table */
	return s;
}

/* Raises unless the text at -1 compiles; the runner writes the string into a shrunk
 * scenario exactly as `form` shows it (see check_plan), so it must parse there. */
static void check_compiles(lua_State *L, const char *fname, const char *what, const char *form)
{
	size_t len;
	const char *wrapped = lua_tolstring(L, -1, &len);
	lua_pushfstring(L, "=%s", what);
	if (luaL_loadbufferx(L, wrapped, len, lua_tostring(L, -1), "t") != LUA_OK)
		luaL_error(L, "%s: %s does not compile as %s: %s", fname, what, form, lua_tostring(L, -1));
	lua_pop(L, 3);                                 /* the chunk, its name and the wrapped text */
}

/* Validates steps[i] (the table at -1); returns its time. */
static double check_step(lua_State *L, lua_Integer i, double prev, size_t *total)
{
	static const char *const keys[] = { "t", "code", NULL };
	char what[48], bad[64], fname[48];
	int t = lua_gettop(L);
	snprintf(fname, sizeof fname, "pg.swarm.plan: steps[%d]", (int)i);
	if (lua_type(L, t) != LUA_TTABLE)
		luaL_error(L, "%s must be a table { t = seconds, code = \"Lua statements\" }, got %s", fname,
		           lu_describe(L, t, bad, sizeof bad));
	lu_options(L, t, fname, keys);
	if (lua_getfield(L, t, "t") != LUA_TNUMBER)
		luaL_error(L, "%s: t must be a number of seconds, got %s", fname, lu_describe(L, -1, bad, sizeof bad));
	double at = lua_tonumber(L, -1);
	if (!isfinite(at) || at < 0)
		luaL_error(L, "%s: t must be finite and >= 0, got %s", fname, lu_describe(L, -1, bad, sizeof bad));
	if (at < prev)
		luaL_error(L, "%s: t = %f comes before the previous step's %f (steps must be in time order)",
		           fname, at, prev);
	lua_pop(L, 1);
	size_t len;
	snprintf(what, sizeof what, "steps[%d].code", (int)i);
	const char *code = text_field(L, t, "pg.swarm.plan", "code", what, &len);
	if ((*total += len) > PG_SWARM_MAX_PLAN)
		luaL_error(L, "pg.swarm.plan: the steps' code is more than %d bytes", (int)PG_SWARM_MAX_PLAN);
	lua_pushfstring(L, "return function(w) %s end", code);
	check_compiles(L, "pg.swarm.plan", what, "`function(w) <code> end` (a trailing -- comment hides the end)");
	return at;
}

/* Validates the whole argument of pg.swarm.plan; returns the number of steps. */
static lua_Integer check_plan(lua_State *L, const PgSwarmState *sw)
{
	static const char *const keys[] = { "setup", "steps", NULL };
	char bad[64];
	if (sw->planned)
		luaL_error(L, "pg.swarm.plan: called twice (a run has one plan)");
	if (lua_type(L, 1) != LUA_TTABLE)
		luaL_error(L, "pg.swarm.plan: expected a table { setup = \"Lua expression\", steps = { … } }, got %s",
		           lu_describe(L, 1, bad, sizeof bad));
	lu_options(L, 1, "pg.swarm.plan", keys);
	size_t len;
	const char *setup = text_field(L, 1, "pg.swarm.plan", "setup", "setup", &len);
	if (len == 0)
		luaL_error(L, "pg.swarm.plan: setup must be a Lua expression (a table constructor), got \"\"");
	lua_pushfstring(L, "return (%s)", setup);
	check_compiles(L, "pg.swarm.plan", "setup", "an expression, `(<setup>)`");
	if (lua_getfield(L, 1, "steps") != LUA_TTABLE)
		luaL_error(L, "pg.swarm.plan: steps must be an array of { t = seconds, code = \"…\" }, got %s",
		           lu_describe(L, -1, bad, sizeof bad));
	int steps = lua_gettop(L);
	lua_Integer n = (lua_Integer)lua_rawlen(L, steps), entries = 0;
	for (lua_pushnil(L); lua_next(L, steps); lua_pop(L, 1), entries++)
		if (!lua_isinteger(L, -2) || lua_tointeger(L, -2) < 1 || lua_tointeger(L, -2) > n)
			luaL_error(L, "pg.swarm.plan: steps must be an array (keys 1..n), found the key %s",
			           lu_describe(L, -2, bad, sizeof bad));
	if (entries != n)
		luaL_error(L, "pg.swarm.plan: steps must be an array without holes");
	if (n > PG_SWARM_MAX_STEPS)
		luaL_error(L, "pg.swarm.plan: %d steps; at most %d are allowed", (int)n, PG_SWARM_MAX_STEPS);
	double prev = 0;
	size_t total = 0;
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, steps, i);
		prev = check_step(L, i, prev, &total);
		lua_pop(L, 1);
	}
	if (sw->keep && sw->nkeep != (size_t)n)
		luaL_error(L, "pg.swarm.plan: the shrinker's mask has %d entries but the plan has %d steps "
		           "(a seed must always draw the same plan)", (int)sw->nkeep, (int)n);
	return n;
}

static char *copy_text(const char *s)
{
	size_t n = strlen(s) + 1;
	char *c = malloc(n);
	return c ? memcpy(c, s, n) : NULL;
}

/* Copies the validated plan (arguments at 1, steps table at `steps`) into the context. */
static bool record_plan(lua_State *L, PgSwarmState *sw, int steps, lua_Integer n)
{
	lua_getfield(L, 1, "setup");
	char *setup = copy_text(lua_tostring(L, -1));
	lua_pop(L, 1);
	PgSwarmStep *st = calloc(n ? (size_t)n : 1, sizeof *st);
	bool ok = setup && st;
	for (lua_Integer i = 0; ok && i < n; i++) {
		lua_rawgeti(L, steps, i + 1);
		lua_getfield(L, -1, "t");
		st[i].t_s = lua_tonumber(L, -1);
		lua_getfield(L, -2, "code");
		ok = (st[i].code = copy_text(lua_tostring(L, -1))) != NULL;
		lua_pop(L, 3);
	}
	if (!ok) {
		for (lua_Integer i = 0; st && i < n; i++)
			free(st[i].code);
		free(st);
		free(setup);
		return false;
	}
	sw->planned = true;
	sw->setup = setup;
	sw->steps = st;
	sw->nsteps = (size_t)n;
	return true;
}

/* pg.swarm.plan{ setup = "…", steps = { { t = …, code = "…" }, … } } → keep */
static int swarm_plan(lua_State *L)
{
	PgSwarmState *sw = &pg_ctx(L)->swarm;
	lua_Integer n = check_plan(L, sw);
	int steps = lua_gettop(L);
	lua_createtable(L, (int)n, 0);
	for (lua_Integer i = 0; i < n; i++) {
		lua_pushboolean(L, sw->keep ? sw->keep[i] : 1);
		lua_rawseti(L, -2, i + 1);
	}
	if (!record_plan(L, sw, steps, n))
		return luaL_error(L, "pg.swarm.plan: not enough memory to record the plan");
	return 1;
}

/* A check names a checker: letters, digits, '.', '_', '-'; the runner's own are reserved. */
static void check_check_name(lua_State *L, const char *s, size_t len)
{
	static const char *const reserved[] = { "error", "crash", "timeout", NULL };
	char bad[64];
	if (len == 0 || len > PG_SWARM_MAX_CHECK || strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != len) {
		lua_getfield(L, 1, "check");
		luaL_error(L, "pg.swarm.verdict: check must be 1 to %d letters, digits, '.', '_' or '-' "
		           "(such as \"safety.windows\"), got %s", PG_SWARM_MAX_CHECK, lu_describe(L, -1, bad, sizeof bad));
	}
	for (int i = 0; reserved[i]; i++)
		if (strcmp(s, reserved[i]) == 0)
			luaL_error(L, "pg.swarm.verdict: check \"%s\" is reserved for the runner "
			           "(\"error\", \"crash\" and \"timeout\")", s);
}

/* pg.swarm.verdict{ check = "safety.windows", message = "…" }: the latest call counts. */
static int swarm_verdict(lua_State *L)
{
	static const char *const keys[] = { "check", "message", NULL };
	PgSwarmState *sw = &pg_ctx(L)->swarm;
	char bad[64];
	if (lua_type(L, 1) != LUA_TTABLE)
		return luaL_error(L, "pg.swarm.verdict: expected a table { check = \"…\", message = \"…\" }, got %s",
		                  lu_describe(L, 1, bad, sizeof bad));
	lu_options(L, 1, "pg.swarm.verdict", keys);
	size_t clen, mlen;
	const char *check = text_field(L, 1, "pg.swarm.verdict", "check", "check", &clen);
	check_check_name(L, check, clen);
	const char *message = text_field(L, 1, "pg.swarm.verdict", "message", "message", &mlen);
	char *c = copy_text(check), *m = copy_text(message);
	if (!c || !m) {
		free(c);
		free(m);
		return luaL_error(L, "pg.swarm.verdict: not enough memory to record the verdict");
	}
	free(sw->check);
	free(sw->message);
	sw->check = c;
	sw->message = m;
	return 0;
}

/* pg.swarm.seed() → the run's seed (`--seed`, which swarm always gives; else pg.up's; else 1),
 * so that a plan's setup can name it and a shrunk scenario replays the same world. */
static int swarm_seed(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)pg_ctx(L)->seed);
	return 1;
}

void pg_swarm_free(PgSwarmState *s)
{
	for (size_t i = 0; i < s->nsteps; i++)
		free(s->steps[i].code);
	free(s->steps);
	free(s->setup);
	free(s->check);
	free(s->message);
	s->steps = NULL;
	s->setup = s->check = s->message = NULL;
	s->nsteps = 0;
	s->planned = false;
}

static const luaL_Reg swarm_funcs[] = {
	{ "plan", swarm_plan },
	{ "verdict", swarm_verdict },
	{ "seed", swarm_seed },
	{ NULL, NULL },
};

int luaopen_pg_swarm(lua_State *L)
{
	luaL_newlib(L, swarm_funcs);
	return 1;
}
