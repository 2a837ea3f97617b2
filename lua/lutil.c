/*
 * lutil.c — option readers, durations and error translation for the bindings (lutil.h).
 *
 * Nothing here keeps state: every function reads the Lua stack, checks, and either returns
 * a C value or raises with the scenario's FILE:LINE (luaL_error at level 1).
 */
#include "lutil.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "core/timefmt.h"
#include "lpg.h"

#define DURATION_FORMS "seconds as a number >= 0, or a string like \"250ms\", \"15s\", \"2m\", \"1h\", \"1m30s\""

Sim *pg_sim(lua_State *L, const char *fname)
{
	Sim *s = pg_ctx(L)->sim;
	if (!s)
		luaL_error(L, "%s: the environment is not up yet (call pg.up first)", fname);
	return s;
}

void pg_check_may_wait(lua_State *L, const char *fname)
{
	if (pg_ctx(L)->nowait > 0)
		luaL_error(L, "%s: cannot wait inside a pg.time.at/every callback or a wait_until "
		           "predicate (they may act on the environment, but not let time pass)", fname);
}

/* ---------------------------------------------------------------- strings and durations */

static bool has_nul(lua_State *L, int idx)
{
	size_t len;
	const char *s = lua_tolstring(L, idx, &len);
	return memchr(s, '\0', len) != NULL;             /* C would see only the part before it */
}

const char *lu_cstring(lua_State *L, int idx, const char *fname, const char *what)
{
	char bad[64];
	if (lua_type(L, idx) != LUA_TSTRING)
		return NULL;
	if (has_nul(L, idx))
		luaL_error(L, "%s: %s must not contain a NUL byte, got %s", fname, what,
		           lu_describe(L, idx, bad, sizeof bad));
	return lua_tostring(L, idx);
}

SimTime lu_duration(lua_State *L, int idx, const char *fname, const char *what)
{
	char bad[64], why[160] = "";
	int64_t us;
	if (lua_type(L, idx) == LUA_TNUMBER) {
		if (timefmt_duration_from_seconds(lua_tonumber(L, idx), &us, why, sizeof why))
			return us;
	} else if (lua_type(L, idx) == LUA_TSTRING) {
		if (has_nul(L, idx))
			snprintf(why, sizeof why, "contains a NUL byte");
		else if (timefmt_parse_duration(lua_tostring(L, idx), TIMEFMT_UNIT_REQUIRED, &us, why, sizeof why))
			return us;
	}
	luaL_error(L, "%s: bad %s %s%s%s (expected %s)", fname, what, lu_describe(L, idx, bad, sizeof bad),
	           *why ? ": " : "", why, DURATION_FORMS);
	return 0;
}

/* Writes up to max bytes of s into buf (len) as a Lua string literal would show them
 * (\n, \0, \", …); returns the length written; *all tells whether all of s fit. */
static size_t escape_into(char *buf, size_t len, const char *s, size_t slen, size_t max, bool *all)
{
	size_t n = 0, i = 0;
	for (; i < slen && i < max && n + 6 < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : c == '"' ? "\\\""
		                : c == '\\' ? "\\\\" : NULL;
		bool digit_next = i + 1 < slen && s[i + 1] >= '0' && s[i + 1] <= '9';
		if (esc)
			n += (size_t)snprintf(buf + n, len - n, "%s", esc);
		else if (c < 0x20 || c == 0x7f)
			n += (size_t)snprintf(buf + n, len - n, digit_next ? "\\%03u" : "\\%u", c);
		else
			buf[n++] = (char)c;
	}
	buf[n] = '\0';
	*all = i == slen;
	return n;
}

const char *lu_describe(lua_State *L, int idx, char *buf, size_t len)
{
	switch (lua_type(L, idx)) {
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx))
			snprintf(buf, len, "%lld", (long long)lua_tointeger(L, idx));
		else
			snprintf(buf, len, "%.14g", (double)lua_tonumber(L, idx));
		break;
	case LUA_TSTRING: {
		size_t n;
		bool all;
		const char *s = lua_tolstring(L, idx, &n);
		buf[0] = '"';
		size_t at = 1 + escape_into(buf + 1, len - 6, s, n, 32, &all);   /* room for …" */
		snprintf(buf + at, len - at, all ? "\"" : "…\"");
		break;
	}
	case LUA_TBOOLEAN:
		snprintf(buf, len, "%s", lua_toboolean(L, idx) ? "true" : "false");
		break;
	case LUA_TNIL:
	case LUA_TNONE:
		snprintf(buf, len, "nil");
		break;
	default:
		snprintf(buf, len, "a %s", luaL_typename(L, idx));
	}
	return buf;
}

/* ---------------------------------------------------------------- option tables */

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[64];
	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

static bool key_known(const char *key, const char *const keys[])
{
	for (int i = 0; keys[i]; i++)
		if (strcmp(key, keys[i]) == 0)
			return true;
	return false;
}

static int raise_unknown_key(lua_State *L, const char *fname, const char *key, const char *const keys[])
{
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	const char *near = NULL;
	for (int i = 0; keys[i]; i++) {
		luaL_addstring(&b, i ? ", " : "");
		luaL_addstring(&b, keys[i]);
		if (!near && edit_distance(key, keys[i]) <= 2)
			near = keys[i];
	}
	luaL_pushresult(&b);
	if (near)
		return luaL_error(L, "%s: unknown option '%s' (did you mean '%s'? options: %s)",
		                  fname, key, near, lua_tostring(L, -1));
	/* pg.up{ parallelism = 3 }: a job option one level too high. */
	static const char *const job_keys[] = { "parallelism", "max_parallelism", "savepoint", "checkpointing",
	                                         "event_time", "backpressure", "chaining", "sink", NULL };
	for (int i = 0; strcmp(fname, "pg.up") == 0 && job_keys[i]; i++)
		if (edit_distance(key, job_keys[i]) <= 2)
			return luaL_error(L, "%s: unknown option '%s' (job options such as '%s' go in job = { … }; options: %s)",
			                  fname, key, job_keys[i], lua_tostring(L, -1));
	return luaL_error(L, "%s: unknown option '%s' (options: %s)", fname, key, lua_tostring(L, -1));
}

int lu_options(lua_State *L, int arg, const char *fname, const char *const keys[])
{
	char bad[64];
	if (lua_isnoneornil(L, arg)) {
		lua_newtable(L);
		return lua_gettop(L);
	}
	if (!lua_istable(L, arg))
		luaL_error(L, "%s: expected a table of options, got %s", fname, lu_describe(L, arg, bad, sizeof bad));
	const char *unknown = NULL;        /* the smallest unknown key: same report on every run */
	lua_pushnil(L);
	while (lua_next(L, arg) != 0) {
		lua_pop(L, 1);
		const char *k = lu_cstring(L, -1, fname, "an option name");
		if (!k)
			luaL_error(L, "%s: option names must be strings, got %s", fname, lu_describe(L, -1, bad, sizeof bad));
		if (!key_known(k, keys) && (!unknown || strcmp(k, unknown) < 0))
			unknown = k;               /* stays alive: it is a key of the table */
	}
	if (unknown)
		raise_unknown_key(L, fname, unknown, keys);
	return arg;
}

static int opt_error(lua_State *L, int t, const char *fname, const char *key, const char *expected)
{
	char bad[64];
	return luaL_error(L, "%s: option '%s' must be %s, got %s", fname, key, expected,
	                  lu_describe(L, t, bad, sizeof bad));
}

bool lu_opt_bool(lua_State *L, int t, const char *fname, const char *key, bool def)
{
	int type = lua_getfield(L, t, key);
	bool v = def;
	if (type == LUA_TBOOLEAN)
		v = lua_toboolean(L, -1);
	else if (type != LUA_TNIL)
		opt_error(L, lua_gettop(L), fname, key, "true or false");
	lua_pop(L, 1);
	return v;
}

lua_Integer lu_opt_integer(lua_State *L, int t, const char *fname, const char *key,
                           lua_Integer def, lua_Integer min, lua_Integer max)
{
	int type = lua_getfield(L, t, key);
	lua_Integer v = def;
	if (type != LUA_TNIL) {
		int isint = 0;
		if (type == LUA_TNUMBER)
			v = lua_tointegerx(L, -1, &isint);
		if (!isint || v < min || v > max) {
			char expected[96];
			snprintf(expected, sizeof expected, "an integer from %lld to %lld", (long long)min, (long long)max);
			opt_error(L, lua_gettop(L), fname, key, expected);
		}
	}
	lua_pop(L, 1);
	return v;
}

/* "option 'sink'", for messages. */
static const char *what_option(const char *key, char *buf, size_t len)
{
	snprintf(buf, len, "option '%s'", key);
	return buf;
}

const char *lu_opt_string(lua_State *L, int t, const char *fname, const char *key, const char *def)
{
	char what[80];
	int type = lua_getfield(L, t, key);
	const char *v = def;
	if (type == LUA_TSTRING)
		v = lu_cstring(L, -1, fname, what_option(key, what, sizeof what));   /* anchored by the option table */
	else if (type != LUA_TNIL)
		opt_error(L, lua_gettop(L), fname, key, "a string");
	lua_pop(L, 1);
	return v;
}

int lu_opt_enum(lua_State *L, int t, const char *fname, const char *key,
                const char *const names[], int def)
{
	char what[80];
	int type = lua_getfield(L, t, key);
	int v = def;
	if (type != LUA_TNIL) {
		const char *s = lu_cstring(L, -1, fname, what_option(key, what, sizeof what));
		for (v = 0; names[v] && !(s && strcmp(s, names[v]) == 0); v++)
			;
		if (!names[v]) {
			luaL_Buffer b;
			luaL_buffinit(L, &b);
			for (int i = 0; names[i]; i++) {
				luaL_addstring(&b, i == 0 ? "\"" : names[i + 1] ? ", \"" : " or \"");
				luaL_addstring(&b, names[i]);
				luaL_addchar(&b, '"');
			}
			luaL_pushresult(&b);
			opt_error(L, lua_gettop(L) - 1, fname, key, lua_tostring(L, -1));
		}
	}
	lua_pop(L, 1);
	return v;
}

SimTime lu_opt_duration(lua_State *L, int t, const char *fname, const char *key, SimTime def)
{
	SimTime v = def;
	if (lua_getfield(L, t, key) != LUA_TNIL) {
		char what[80];
		snprintf(what, sizeof what, "duration for option '%s':", key);
		v = lu_duration(L, -1, fname, what);
	}
	lua_pop(L, 1);
	return v;
}

/* ---------------------------------------------------------------- arguments */

const char *lu_check_string(lua_State *L, int arg, const char *fname, const char *what)
{
	char bad[64], which[96];
	if (lua_type(L, arg) != LUA_TSTRING)
		luaL_error(L, "%s: expected %s (a string) as argument #%d, got %s", fname, what, arg,
		           lu_describe(L, arg, bad, sizeof bad));
	snprintf(which, sizeof which, "argument #%d (%s)", arg, what);
	return lu_cstring(L, arg, fname, which);
}

lua_Integer lu_check_integer(lua_State *L, int arg, const char *fname, const char *what,
                             lua_Integer min, lua_Integer max)
{
	char bad[64];
	int isint = 0;
	lua_Integer v = lua_type(L, arg) == LUA_TNUMBER ? lua_tointegerx(L, arg, &isint) : 0;
	if (!isint || v < min || v > max)
		luaL_error(L, "%s: %s must be an integer from %I to %I, got %s", fname, what,
		           (lua_Integer)min, (lua_Integer)max, lu_describe(L, arg, bad, sizeof bad));
	return v;
}

void lu_check_function(lua_State *L, int arg, const char *fname, const char *what)
{
	char bad[64];
	if (lua_type(L, arg) != LUA_TFUNCTION)
		luaL_error(L, "%s: expected %s (a function) as argument #%d, got %s", fname, what, arg,
		           lu_describe(L, arg, bad, sizeof bad));
}

static bool job_id_well_formed(const char *id, size_t len)
{
	if (len != 32)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!isdigit((unsigned char)id[i]) && !(id[i] >= 'a' && id[i] <= 'f'))
			return false;
	return true;
}

const char *lu_check_job(lua_State *L, int arg, const Sim *s, const char *fname)
{
	char bad[64];
	size_t len = 0;
	const char *id = lua_type(L, arg) == LUA_TSTRING ? lua_tolstring(L, arg, &len) : NULL;
	if (!id || !job_id_well_formed(id, len))
		luaL_error(L, "%s: expected a job id (32 lowercase hex characters, as pg.up and "
		           "pg.flink.run return), got %s", fname, lu_describe(L, arg, bad, sizeof bad));
	JobInfo info;
	if (sim_job_info(s, id, &info) == SIM_OK)
		return id;
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	int n = sim_job_count(s);
	for (int i = 0; i < n && i < 4; i++) {
		char known[33];
		if (sim_job_id_at(s, i, known)) {
			luaL_addstring(&b, i ? ", " : "");
			luaL_addstring(&b, known);
		}
	}
	if (n > 4)
		luaL_addstring(&b, ", …");
	luaL_pushresult(&b);
	luaL_error(L, "%s: unknown job id %s (jobs: %s)", fname, id, n ? lua_tostring(L, -1) : "none yet");
	return NULL;
}

/* ---------------------------------------------------------------- jobs */

void lu_job_options(lua_State *L, int t, const char *fname, JobOptions *o)
{
	static const char *const keys[] = { "parallelism", "max_parallelism", "savepoint", "checkpointing",
	                                    "event_time", "backpressure", "chaining", "sink", NULL };
	static const char *const sinks[] = { "at-least-once", "exactly-once", NULL };
	t = lu_options(L, t, fname, keys);
	job_options_default(o);
	o->parallelism = (int)lu_opt_integer(L, t, fname, "parallelism", o->parallelism, 1, 32768);
	o->max_parallelism = (int)lu_opt_integer(L, t, fname, "max_parallelism", o->max_parallelism, 0, 32768);
	o->savepoint = lu_opt_string(L, t, fname, "savepoint", NULL);
	if (o->savepoint && !*o->savepoint)
		luaL_error(L, "%s: option 'savepoint' must be a savepoint path, got \"\"", fname);
	o->checkpointing = lu_opt_bool(L, t, fname, "checkpointing", o->checkpointing);
	o->event_time = lu_opt_bool(L, t, fname, "event_time", o->event_time);
	o->backpressure = lu_opt_bool(L, t, fname, "backpressure", o->backpressure);
	o->chaining = lu_opt_bool(L, t, fname, "chaining", o->chaining);
	o->sink = (SinkMode)lu_opt_enum(L, t, fname, "sink", sinks, (int)o->sink);
}

/* ---------------------------------------------------------------- errors and results */

void lu_push_sim_error(lua_State *L, const Sim *s, SimStatus st, const char *fname)
{
	const char *msg = s ? sim_error(s) : NULL;
	if (!msg || !*msg)
		msg = sim_status_name(st);
	luaL_where(L, 1);
	if (st == SIM_EUNSUPPORTED && !strstr(msg, "not supported"))
		lua_pushfstring(L, "%s: %s is not supported yet", fname, msg);
	else
		lua_pushfstring(L, "%s: %s", fname, msg);
	lua_concat(L, 2);
}

int lu_sim_fail(lua_State *L, const Sim *s, SimStatus st, const char *fname)
{
	lu_push_sim_error(L, s, st, fname);
	return lua_error(L);
}

void lu_command(Sim *s, const char *fmt, ...)
{
	char text[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	sim_trace_command(s, text);
}

void lu_push_number(lua_State *L, double v)
{
	if (v == floor(v) && fabs(v) < 9.2e18)
		lua_pushinteger(L, (lua_Integer)v);
	else
		lua_pushnumber(L, v);
}
