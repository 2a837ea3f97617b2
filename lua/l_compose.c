/*
 * l_compose.c — pg.compose: docker-compose on the playground's containers.
 *
 * Each action is handed to sim_compose, which validates the service name (its error lists
 * the valid ones), records the docker-compose command in the trace, and changes nothing
 * when it rejects a call.
 */
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

#include "lpg.h"
#include "lutil.h"
#include "core/timefmt.h"

static const char *const action_names[] = {
	[COMPOSE_KILL] = "pg.compose.kill", [COMPOSE_START] = "pg.compose.start", [COMPOSE_STOP] = "pg.compose.stop",
	[COMPOSE_PAUSE] = "pg.compose.pause", [COMPOSE_UNPAUSE] = "pg.compose.unpause",
};

static int compose_action(lua_State *L, ComposeAction a)
{
	const char *service = lu_check_string(L, 1, action_names[a], "a service name");
	Sim *s = pg_sim(L, action_names[a]);
	SimStatus st = sim_compose(s, a, service);
	if (st != SIM_OK)
		return lu_sim_fail(L, s, st, action_names[a]);
	return 0;
}

static int compose_kill(lua_State *L) { return compose_action(L, COMPOSE_KILL); }
static int compose_start(lua_State *L) { return compose_action(L, COMPOSE_START); }
static int compose_stop(lua_State *L) { return compose_action(L, COMPOSE_STOP); }
static int compose_pause(lua_State *L) { return compose_action(L, COMPOSE_PAUSE); }
static int compose_unpause(lua_State *L) { return compose_action(L, COMPOSE_UNPAUSE); }

static int compose_scale(lua_State *L)
{
	const char *service = lu_check_string(L, 1, "pg.compose.scale", "a service name");
	int n = (int)lu_check_integer(L, 2, "pg.compose.scale", "the number of instances", 0, PG_MAX_TASKMANAGERS);
	Sim *s = pg_sim(L, "pg.compose.scale");
	SimStatus st = sim_compose_scale(s, service, n);
	if (st != SIM_OK)
		return lu_sim_fail(L, s, st, "pg.compose.scale");
	return 0;
}

/* A signed offset: "+30s", "-1m30s", "250ms", or a number of seconds (may be negative). */
static int64_t signed_duration(lua_State *L, int idx, const char *fname)
{
	if (lua_type(L, idx) == LUA_TNUMBER && lua_tonumber(L, idx) < 0) {
		lua_pushnumber(L, -lua_tonumber(L, idx));
		int64_t us = lu_duration(L, lua_gettop(L), fname, "clock offset");
		lua_pop(L, 1);
		return -us;
	}
	if (lua_type(L, idx) == LUA_TSTRING) {
		const char *text = lua_tostring(L, idx);
		int64_t us;
		char why[160] = "", bad[64];
		if ((text[0] == '+' || text[0] == '-') && strlen(text) == lua_rawlen(L, idx)) {
			if (timefmt_parse_duration(text + 1, TIMEFMT_UNIT_REQUIRED, &us, why, sizeof why))
				return text[0] == '-' ? -us : us;
			luaL_error(L, "%s: bad clock offset %s: %s (expected a duration with an optional sign: \"+30s\", \"-1m30s\")",
			           fname, lu_describe(L, idx, bad, sizeof bad), why);
		}
	}
	return lu_duration(L, idx, fname, "clock offset");
}

/* pg.compose.clock(service, offset [, { drift = seconds per second }]): the machine's wall
 * clock from now on reads true time + offset, and gains `drift` s per s. */
static int compose_clock(lua_State *L)
{
	static const char *const keys[] = { "drift", NULL };
	const char *fn = "pg.compose.clock";
	const char *service = lu_check_string(L, 1, fn, "a service name");
	int64_t offset = signed_duration(L, 2, fn);
	int t = lu_options(L, 3, fn, keys);
	double drift = 0;
	char bad[64];
	if (lua_getfield(L, t, "drift") != LUA_TNIL) {
		if (lua_type(L, -1) != LUA_TNUMBER || !(lua_tonumber(L, -1) >= -SIM_CLOCK_DRIFT_MAX &&
		                                          lua_tonumber(L, -1) <= SIM_CLOCK_DRIFT_MAX))
			return luaL_error(L, "%s: bad drift %s (expected seconds gained per second, -0.5 to 0.5)", fn,
			                  lu_describe(L, -1, bad, sizeof bad));
		drift = lua_tonumber(L, -1);
	}
	lua_pop(L, 1);
	if (offset < -SIM_CLOCK_OFFSET_MAX_US || offset > SIM_CLOCK_OFFSET_MAX_US)
		return luaL_error(L, "%s: the clock offset must be within 100 years either way", fn);
	Sim *s = pg_sim(L, fn);
	SimStatus st = sim_compose_clock(s, service, offset, drift);
	return st == SIM_OK ? 0 : lu_sim_fail(L, s, st, fn);
}

/* pg.compose.cpu(service, factor): the TaskManager machine's CPU speed (1: the model's). */
static int compose_cpu(lua_State *L)
{
	const char *fn = "pg.compose.cpu";
	const char *service = lu_check_string(L, 1, fn, "a service name");
	char bad[64];
	if (lua_type(L, 2) != LUA_TNUMBER || !(lua_tonumber(L, 2) >= SIM_CPU_MIN && lua_tonumber(L, 2) <= SIM_CPU_MAX))
		return luaL_error(L, "%s: bad CPU factor %s (expected a number from 0.001 to 1000; 1 is the model's machine)",
		                  fn, lu_describe(L, 2, bad, sizeof bad));
	Sim *s = pg_sim(L, fn);
	SimStatus st = sim_compose_cpu(s, service, lua_tonumber(L, 2));
	return st == SIM_OK ? 0 : lu_sim_fail(L, s, st, fn);
}

static int compose_ps(lua_State *L)
{
	Sim *s = pg_sim(L, "pg.compose.ps");
	int n = sim_service_count(s);
	lua_createtable(L, n, 0);
	for (int i = 0; i < n; i++) {
		ServiceInfo si;
		if (!sim_service_info(s, i, &si))
			continue;
		lua_createtable(L, 0, 3);
		lua_pushstring(L, si.name);
		lua_setfield(L, -2, "name");
		lua_pushstring(L, si.service);
		lua_setfield(L, -2, "service");
		lua_pushstring(L, service_state_name(si.state));
		lua_setfield(L, -2, "state");
		lu_push_number(L, PG_SECONDS(si.clock_offset_us));
		lua_setfield(L, -2, "clock_offset");
		lu_push_number(L, si.cpu);
		lua_setfield(L, -2, "cpu");
		lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	}
	return 1;
}

/* docker-compose v1 prefixes each line with the container's name without the project,
 * "<service>_<n>", left-justified to the longest service name of the project plus three
 * (log_printer.max_name_width), then " | ". The playground's services: */
static int prefix_width(void)
{
	static const char *const services[] = { "client", "clickevent-generator", "jobmanager", "taskmanager",
	                                        "zookeeper", "kafka" };
	size_t w = 0;
	for (size_t i = 0; i < sizeof services / sizeof services[0]; i++)
		w = strlen(services[i]) > w ? strlen(services[i]) : w;
	return (int)w + 3;
}

/* "taskmanager-2" → "taskmanager_2", the standby "jobmanager-2" → "jobmanager_2"; a name
 * without an instance number is the service's first container: "kafka_1", "jobmanager_1"
 * ("clickevent-generator_1": its dash numbers nothing). */
static void docker_name(const char *container, char *out, size_t len)
{
	const char *dash = strrchr(container, '-');
	if (dash && dash[1] && strspn(dash + 1, "0123456789") == strlen(dash + 1))
		snprintf(out, len, "%.*s_%s", (int)(dash - container), container, dash + 1);
	else
		snprintf(out, len, "%s_1", container);
}

#define LOGS_MAX SIM_MAX_TASKMANAGERS

/* Where a reader left each container: the `since` table (container → next line number),
 * or from the start / the last `tail` lines. */
static int64_t log_start(lua_State *L, int since, const Sim *s, const char *name, int64_t end, lua_Integer tail)
{
	int64_t at = sim_log_first(s, name);
	if (since) {
		if (lua_getfield(L, since, name) != LUA_TNIL) {
			lua_Integer n = lua_tointeger(L, -1);
			if (!lua_isinteger(L, -1) || n < 0)
				luaL_error(L, "pg.compose.logs: since[\"%s\"] must be a line number >= 0 (the cursor logs returned)", name);
			if (n > at)
				at = n > end ? end : n;
		}
		lua_pop(L, 1);
	} else if (tail >= 0 && end - tail > at) {
		at = end - tail;
	}
	return at;
}

/* pg.compose.logs(service [, { tail = N } | { since = cursor }]) → lines, cursor: the
 * service's containers' lines, oldest first, interleaved by time (ties: in sim_service_info
 * order), each container's last N at most (docker-compose's --tail is per container), or
 * only those after a cursor an earlier call returned (for `logs -f`). The cursor maps each
 * container to the number of its next line. */
static int compose_logs(lua_State *L)
{
	static const char *const keys[] = { "tail", "since", NULL };
	const char *service = lu_check_string(L, 1, "pg.compose.logs", "a service name");
	int opts = lu_options(L, 2, "pg.compose.logs", keys);
	lua_Integer tail = lu_opt_integer(L, opts, "pg.compose.logs", "tail", -1, 0, SIM_LOG_KEEP);
	int since = 0;
	if (lua_getfield(L, opts, "since") == LUA_TTABLE)
		since = lua_gettop(L);
	else if (!lua_isnil(L, -1))
		return luaL_error(L, "pg.compose.logs: since must be the cursor (a table) an earlier call returned");
	if (since && tail >= 0)
		return luaL_error(L, "pg.compose.logs: tail and since do not go together");
	Sim *s = pg_sim(L, "pg.compose.logs");
	char names[LOGS_MAX][32], prefix[LOGS_MAX][64];
	int n = sim_log_containers(s, service, names, LOGS_MAX);
	if (n < 0)
		return lu_sim_fail(L, s, SIM_ENOENT, "pg.compose.logs");
	int64_t at[LOGS_MAX], end[LOGS_MAX];
	for (int c = 0; c < n; c++) {
		char dn[40];
		docker_name(names[c], dn, sizeof dn);
		snprintf(prefix[c], sizeof prefix[c], "%-*s | ", prefix_width(), dn);
		end[c] = sim_log_count(s, names[c]);
		at[c] = log_start(L, since, s, names[c], end[c], tail);
	}
	lua_newtable(L);
	for (lua_Integer out = 1;; out++) {
		int best = -1;
		SimTime best_t = 0;
		for (int c = 0; c < n; c++) {
			SimTime t;
			if (at[c] < end[c] && sim_log_line(s, names[c], at[c], &t) && (best < 0 || t < best_t)) {
				best = c;
				best_t = t;
			}
		}
		if (best < 0)
			break;
		lua_pushstring(L, prefix[best]);
		lua_pushstring(L, sim_log_line(s, names[best], at[best]++, NULL));
		lua_concat(L, 2);
		lua_rawseti(L, -2, out);
	}
	lua_createtable(L, 0, n);                     /* the cursor */
	for (int c = 0; c < n; c++) {
		lua_pushinteger(L, (lua_Integer)end[c]);
		lua_setfield(L, -2, names[c]);
	}
	return 2;
}

static const luaL_Reg compose_funcs[] = {
	{ "kill", compose_kill },
	{ "start", compose_start },
	{ "stop", compose_stop },
	{ "pause", compose_pause },
	{ "unpause", compose_unpause },
	{ "scale", compose_scale },
	{ "ps", compose_ps },
	{ "clock", compose_clock },
	{ "cpu", compose_cpu },
	{ "logs", compose_logs },
	{ NULL, NULL },
};

int luaopen_pg_compose(lua_State *L)
{
	luaL_newlib(L, compose_funcs);
	return 1;
}
