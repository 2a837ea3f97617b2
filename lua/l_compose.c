/*
 * l_compose.c — pg.compose: docker-compose on the playground's containers.
 *
 * Each action is handed to sim_compose, which validates the service name (its error lists
 * the valid ones), records the docker-compose command in the trace, and changes nothing
 * when it rejects a call.
 */
#include <lauxlib.h>

#include "lpg.h"
#include "lutil.h"

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
		lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	}
	return 1;
}

static const luaL_Reg compose_funcs[] = {
	{ "kill", compose_kill },
	{ "start", compose_start },
	{ "stop", compose_stop },
	{ "pause", compose_pause },
	{ "unpause", compose_unpause },
	{ "scale", compose_scale },
	{ "ps", compose_ps },
	{ NULL, NULL },
};

int luaopen_pg_compose(lua_State *L)
{
	luaL_newlib(L, compose_funcs);
	return 1;
}
