/*
 * l_check.c — pg.check: judging the output topic with the window checker.
 *
 * The checker (sim/check/windows.c) sits outside the model and reads only what a consumer
 * of the output topic would see. Here we read the topic, hand the records over, and turn
 * the report into the contract's table. Records and the report live in userdata, so the
 * garbage collector frees them even when building the table raises.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "check/windows.h"
#include "lpg.h"
#include "lutil.h"

#define REPORT_MT "playground.WindowReport"
#define OFFENDERS_SHOWN 3         /* offending windows quoted by exactly_once */

static int report_gc(lua_State *L)
{
	window_report_free(luaL_checkudata(L, 1, REPORT_MT));
	return 0;
}

/* Reads the options at 1, judges the topic; leaves the report userdata on the stack. */
static WindowReport *judge(lua_State *L, const char *fname)
{
	static const char *const keys[] = { "topic", "expected", "pages", "isolation", "dropped", NULL };
	static const char *const isolations[] = { "read_uncommitted", "read_committed", NULL };
	int t = lu_options(L, 1, fname, keys);
	const char *topic = lu_opt_string(L, t, fname, "topic", "output");
	WindowCheckOptions o;
	window_check_options_default(&o);
	o.expected = lu_opt_integer(L, t, fname, "expected", o.expected, 0, LUA_MAXINTEGER);
	o.pages = (int)lu_opt_integer(L, t, fname, "pages", o.pages, 1, sim_page_count());
	Isolation iso = (Isolation)lu_opt_enum(L, t, fname, "isolation", isolations, 0);
	bool dropped = lu_opt_bool(L, t, fname, "dropped", false);
	Sim *s = pg_sim(L, fname);
	if (sim_kafka_partitions(s, topic) < 0)
		luaL_error(L, "%s: unknown topic '%s' (the playground's topics are input and output)", fname, topic);
	if (dropped) {       /* the generator's dropped batches, in userdata the collector frees */
		size_t n = sim_generator_dropped(s, NULL, 0);
		SimClickRange *d = lua_newuserdatauv(L, (n ? n : 1) * sizeof *d, 0);
		o.ndropped = sim_generator_dropped(s, d, n);
		o.dropped = d;
	}
	WindowReport *r = lua_newuserdatauv(L, sizeof *r, 0);
	memset(r, 0, sizeof *r);
	luaL_setmetatable(L, REPORT_MT);
	if (!check_topic(s, topic, iso, &o, r))
		luaL_error(L, "%s: not enough memory to judge the topic %s", fname, topic);
	return r;
}

static void set_int(lua_State *L, const char *key, int64_t v)
{
	lua_pushinteger(L, (lua_Integer)v);
	lua_setfield(L, -2, key);
}

static void push_report(lua_State *L, const WindowReport *r)
{
	lua_createtable(L, 0, 8);
	lua_pushboolean(L, r->ok);
	lua_setfield(L, -2, "ok");
	set_int(L, "windows", r->windows);
	if (r->windows > 0) {
		set_int(L, "first", r->first_ms);
		set_int(L, "last", r->last_ms);
	}
	lua_createtable(L, (int)r->nmissing, 0);
	for (size_t i = 0; i < r->nmissing; i++) {
		lua_createtable(L, 0, 2);
		set_int(L, "window_start", r->missing[i].window_start_ms);
		lua_pushstring(L, sim_page_name(r->missing[i].page));
		lua_setfield(L, -2, "page");
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "missing");
	set_int(L, "missing_total", r->missing_total);   /* missing lists at most pages × (records + 1) */
	lua_createtable(L, (int)r->nwrong, 0);
	for (size_t i = 0; i < r->nwrong; i++) {
		lua_createtable(L, 0, 3);
		set_int(L, "window_start", r->wrong[i].window_start_ms);
		lua_pushstring(L, sim_page_name(r->wrong[i].page));
		lua_setfield(L, -2, "page");
		set_int(L, "count", r->wrong[i].count);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "wrong");
	set_int(L, "duplicates", r->duplicates);
	set_int(L, "dropped", r->dropped);
	set_int(L, "excused", r->excused);
	lua_pushstring(L, r->summary);
	lua_setfield(L, -2, "summary");
}

static int check_windows_l(lua_State *L)
{
	push_report(L, judge(L, "pg.check.windows"));
	return 1;
}

/* One offending (window, page) for exactly_once's message. */
typedef struct Offender {
	int64_t window_start_ms;      /* window start, ms */
	int page;                     /* page index */
	char what[40];                /* "missing", "count 999", "2 duplicates" */
} Offender;

static int by_window(const void *a, const void *b)
{
	const Offender *x = a, *y = b;
	if (x->window_start_ms != y->window_start_ms)
		return x->window_start_ms < y->window_start_ms ? -1 : 1;
	return x->page - y->page;
}

/* The first offending windows of the report, earliest first; returns how many. */
static size_t first_offenders(const WindowReport *r, Offender out[3 * OFFENDERS_SHOWN])
{
	size_t n = 0;
	for (size_t i = 0; i < r->nmissing && i < OFFENDERS_SHOWN; i++, n++) {
		out[n] = (Offender){ r->missing[i].window_start_ms, r->missing[i].page, "missing" };
	}
	for (size_t i = 0; i < r->nwrong && i < OFFENDERS_SHOWN; i++, n++) {
		out[n] = (Offender){ r->wrong[i].window_start_ms, r->wrong[i].page, "" };
		snprintf(out[n].what, sizeof out[n].what, "count %lld", (long long)r->wrong[i].count);
	}
	for (size_t i = 0; i < r->ndups && i < OFFENDERS_SHOWN; i++, n++) {
		out[n] = (Offender){ r->dups[i].window_start_ms, r->dups[i].page, "" };
		snprintf(out[n].what, sizeof out[n].what, "%lld duplicate%s", (long long)r->dups[i].extra,
		         r->dups[i].extra == 1 ? "" : "s");
	}
	qsort(out, n, sizeof *out, by_window);
	return n < OFFENDERS_SHOWN ? n : OFFENDERS_SHOWN;
}

static int check_exactly_once(lua_State *L)
{
	WindowReport *r = judge(L, "pg.check.exactly_once");
	if (!r->ok || r->duplicates > 0) {
		Offender off[3 * OFFENDERS_SHOWN];
		size_t n = first_offenders(r, off);
		luaL_Buffer b;
		luaL_buffinit(L, &b);
		for (size_t i = 0; i < n; i++) {
			char when[40];
			lua_pushfstring(L, "%s%s %s %s", i ? "; " : "; first offending windows: ",
			                check_format_window(off[i].window_start_ms, when, sizeof when),
			                sim_page_name(off[i].page), off[i].what);
			luaL_addvalue(&b);
		}
		luaL_pushresult(&b);
		return luaL_error(L, "pg.check.exactly_once: not exactly once: %s%s", r->summary, lua_tostring(L, -1));
	}
	push_report(L, r);
	return 1;
}

static const luaL_Reg check_funcs[] = {
	{ "windows", check_windows_l },
	{ "exactly_once", check_exactly_once },
	{ NULL, NULL },
};

int luaopen_pg_check(lua_State *L)
{
	if (luaL_newmetatable(L, REPORT_MT)) {
		lua_pushcfunction(L, report_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_pop(L, 1);
	luaL_newlib(L, check_funcs);
	return 1;
}
