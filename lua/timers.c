/*
 * timers.c — simulated time as the scenario sees it: pg.time.at/every timers and the one
 * place where the Sim is advanced on behalf of Lua.
 *
 * Timers live in the run context (a small unordered array; scenarios hold a handful), each
 * with a registry reference to its callback. pg_timers_advance runs the Sim up to the next
 * due timer — the earliest time, ties broken by insertion order — calls it, and goes on, so
 * a callback sees the environment exactly at its time. Callbacks and wait_until predicates
 * run with `nowait` raised: they may act but not let time pass. They run under lua_pcall so
 * the context stays consistent when they raise; the error is then re-raised unchanged.
 */
#include <stdlib.h>

#include <lauxlib.h>

#include "lpg.h"

lua_Integer pg_timers_add(lua_State *L, SimTime at_us, SimTime every_us, int fn_idx)
{
	PgContext *c = pg_ctx(L);
	if (c->ntimers == c->cap_timers) {
		size_t cap = c->cap_timers ? 2 * c->cap_timers : 8;
		PgTimer *t = realloc(c->timers, cap * sizeof *t);
		if (!t)
			luaL_error(L, "not enough memory for another timer");
		c->timers = t;
		c->cap_timers = cap;
	}
	lua_pushvalue(L, fn_idx);
	PgTimer *t = &c->timers[c->ntimers++];
	t->fn_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	t->at_us = at_us;
	t->every_us = every_us;
	t->seq = ++c->timer_seq;
	t->id = ++c->timer_ids;
	return t->id;
}

static void remove_at(lua_State *L, PgContext *c, size_t i, bool unref)
{
	if (unref)
		luaL_unref(L, LUA_REGISTRYINDEX, c->timers[i].fn_ref);
	c->timers[i] = c->timers[--c->ntimers];
}

bool pg_timers_cancel(lua_State *L, lua_Integer id)
{
	PgContext *c = pg_ctx(L);
	for (size_t i = 0; i < c->ntimers; i++)
		if (c->timers[i].id == id) {
			remove_at(L, c, i, true);
			return true;
		}
	return false;
}

/* Index of the timer due first at or before `until`, or -1. */
static long next_due(const PgContext *c, SimTime until)
{
	long best = -1;
	for (size_t i = 0; i < c->ntimers; i++) {
		const PgTimer *t = &c->timers[i];
		if (t->at_us > until)
			continue;
		if (best < 0 || t->at_us < c->timers[best].at_us ||
		    (t->at_us == c->timers[best].at_us && t->seq < c->timers[best].seq))
			best = (long)i;
	}
	return best;
}

static void run_sim_to(lua_State *L, PgContext *c, SimTime t)
{
	if (t <= sim_now(c->sim))
		sim_run_until(c->sim, sim_now(c->sim));     /* events due now still run */
	else if (!c->advance)
		sim_run_until(c->sim, t);
	else if (!c->advance(c->advance_ctx, c->sim, t))
		luaL_error(L, "scenario interrupted");         /* the runner adds the time */
}

/* Calls the function pushed before its nargs arguments, in nowait mode; returns its first
 * result as a boolean. Re-raises its error after restoring the context. */
static bool call_nowait(lua_State *L, int nargs)
{
	PgContext *c = pg_ctx(L);
	int fn = lua_gettop(L) - nargs;
	lua_pushcfunction(L, pg_message_handler);      /* keeps the callback's traceback */
	lua_insert(L, fn);
	c->nowait++;
	int st = lua_pcall(L, nargs, 1, fn);
	c->nowait--;
	lua_remove(L, fn);
	if (st != LUA_OK)
		lua_error(L);
	bool r = lua_toboolean(L, -1);
	lua_pop(L, 1);
	return r;
}

void pg_timers_advance(lua_State *L, SimTime until)
{
	PgContext *c = pg_ctx(L);
	for (long i; (i = next_due(c, until)) >= 0;) {
		PgTimer t = c->timers[i];
		run_sim_to(L, c, t.at_us);
		if (t.every_us > 0) {
			c->timers[i].at_us += t.every_us;
			c->timers[i].seq = ++c->timer_seq;
		} else {
			remove_at(L, c, (size_t)i, false);
		}
		lua_rawgeti(L, LUA_REGISTRYINDEX, t.fn_ref);
		if (t.every_us == 0)                        /* one-shot: the stack holds it now */
			luaL_unref(L, LUA_REGISTRYINDEX, t.fn_ref);
		lua_pushnumber(L, PG_SECONDS(sim_now(c->sim)));
		call_nowait(L, 1);
	}
	run_sim_to(L, c, until);
}

bool pg_call_predicate(lua_State *L, int fn_idx)
{
	lua_pushvalue(L, fn_idx);
	return call_nowait(L, 0);
}

void pg_timers_free(PgContext *c)
{
	free(c->timers);
	c->timers = NULL;
	c->ntimers = c->cap_timers = 0;
}
