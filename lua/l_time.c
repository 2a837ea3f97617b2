/*
 * l_time.c — pg.time: the scenario's view of simulated time.
 *
 * Times are seconds (float) since t=0 of the Sim; durations are numbers of seconds or
 * strings with a unit (lutil.c). Letting time pass goes through pg_timers_advance (timers.c)
 * so pg.time.at/every callbacks fire at their exact times.
 */
#include <stdio.h>

#include <lauxlib.h>

#include "lpg.h"
#include "lutil.h"

#define WAIT_STEP_US (100 * SIM_US_PER_MS)     /* wait_until checks at least this often */

static SimTime now_us(lua_State *L)
{
	Sim *s = pg_ctx(L)->sim;
	return s ? sim_now(s) : 0;
}

static int time_now(lua_State *L)
{
	lua_pushnumber(L, PG_SECONDS(now_us(L)));
	return 1;
}

/* pg.time.clock() → the simulated machines' clock: ms since 1970 (UTC), what Flink's
 * timestamps and the containers' logs show (the Sim's epoch plus the simulated time). */
static int time_clock(lua_State *L)
{
	Sim *s = pg_sim(L, "pg.time.clock");
	lua_pushinteger(L, (lua_Integer)sim_clock_now_ms(s));
	return 1;
}

static int time_sleep(lua_State *L)
{
	SimTime d = lu_duration(L, 1, "pg.time.sleep", "duration");
	pg_check_may_wait(L, "pg.time.sleep");
	Sim *s = pg_sim(L, "pg.time.sleep");
	pg_timers_advance(L, sim_now(s) + d);
	return 0;
}

static int time_wait_until(lua_State *L)
{
	lu_check_function(L, 1, "pg.time.wait_until", "a predicate");
	SimTime timeout = lu_duration(L, 2, "pg.time.wait_until", "timeout");
	pg_check_may_wait(L, "pg.time.wait_until");
	Sim *s = pg_sim(L, "pg.time.wait_until");
	SimTime deadline = sim_now(s) + timeout;
	bool ok = pg_call_predicate(L, 1);
	while (!ok && sim_now(s) < deadline) {
		SimTime next = sim_now(s) + WAIT_STEP_US;
		pg_timers_advance(L, next < deadline ? next : deadline);
		ok = pg_call_predicate(L, 1);
	}
	lua_pushboolean(L, ok);
	return 1;
}

static int time_at(lua_State *L)
{
	SimTime at = lu_duration(L, 1, "pg.time.at", "time (seconds since the start)");
	lu_check_function(L, 2, "pg.time.at", "a callback");
	if (at < now_us(L)) {
		char msg[96];                              /* lua_pushfstring has no %.3f */
		snprintf(msg, sizeof msg, "time %.3fs is in the past (now %.3fs)", PG_SECONDS(at), PG_SECONDS(now_us(L)));
		return luaL_error(L, "pg.time.at: %s", msg);
	}
	lua_pushinteger(L, pg_timers_add(L, at, 0, 2));
	return 1;
}

static int time_every(lua_State *L)
{
	SimTime period = lu_duration(L, 1, "pg.time.every", "period");
	lu_check_function(L, 2, "pg.time.every", "a callback");
	if (period <= 0)
		return luaL_error(L, "pg.time.every: the period must be longer than 0 s");
	lua_pushinteger(L, pg_timers_add(L, now_us(L) + period, period, 2));
	return 1;
}

static int time_cancel(lua_State *L)
{
	lua_Integer id = lu_check_integer(L, 1, "pg.time.cancel", "the timer id", 1, LUA_MAXINTEGER);
	lua_pushboolean(L, pg_timers_cancel(L, id));
	return 1;
}

static const luaL_Reg time_funcs[] = {
	{ "now", time_now },
	{ "clock", time_clock },
	{ "sleep", time_sleep },
	{ "wait_until", time_wait_until },
	{ "at", time_at },
	{ "every", time_every },
	{ "cancel", time_cancel },
	{ NULL, NULL },
};

int luaopen_pg_time(lua_State *L)
{
	luaL_newlib(L, time_funcs);
	return 1;
}
