/*
 * l_net.c — pg.net: network faults between the playground's services (what iptables and
 * tc netem would do to the containers' links).
 *
 *   pg.net.partition(a, b [, { direction = "both" | "to" | "from" }])
 *   pg.net.delay(a, b, delay [, { jitter = d, direction = … }])
 *   pg.net.loss(a, b, p [, { direction = … }])      0 ≤ p < 1
 *   pg.net.heal([a, b])                              both directions; no names: every link
 *   pg.net.links()  → { { from, to, cut, delay, jitter, loss }, … } (seconds)
 *
 * "to" is what a sends to b, "from" what a receives from b. The values are checked here,
 * the names and pairs in sim/faults.c, which records each action in the trace and changes
 * nothing when it rejects one.
 */
#include <lauxlib.h>

#include "lpg.h"
#include "lutil.h"

static const char *const direction_names[] = { "both", "to", "from", NULL };

static NetDirection direction_opt(lua_State *L, int t, const char *fname)
{
	return (NetDirection)lu_opt_enum(L, t, fname, "direction", direction_names, NET_BOTH);
}

static int net_partition(lua_State *L)
{
	static const char *const keys[] = { "direction", NULL };
	const char *fn = "pg.net.partition";
	const char *a = lu_check_string(L, 1, fn, "first service name");
	const char *b = lu_check_string(L, 2, fn, "second service name");
	int t = lu_options(L, 3, fn, keys);
	NetDirection d = direction_opt(L, t, fn);
	Sim *s = pg_sim(L, fn);
	SimStatus st = sim_net_partition(s, a, b, d);
	return st == SIM_OK ? 0 : lu_sim_fail(L, s, st, fn);
}

static int net_delay(lua_State *L)
{
	static const char *const keys[] = { "jitter", "direction", NULL };
	const char *fn = "pg.net.delay";
	const char *a = lu_check_string(L, 1, fn, "first service name");
	const char *b = lu_check_string(L, 2, fn, "second service name");
	SimTime delay = lu_duration(L, 3, fn, "delay");
	int t = lu_options(L, 4, fn, keys);
	SimTime jitter = lu_opt_duration(L, t, fn, "jitter", 0);
	NetDirection d = direction_opt(L, t, fn);
	if (delay > SIM_NET_DELAY_MAX_US)
		return luaL_error(L, "%s: the delay must be at most 1h", fn);
	if (jitter > delay)
		return luaL_error(L, "%s: the jitter must not exceed the delay (the delay never goes below 0)", fn);
	Sim *s = pg_sim(L, fn);
	SimStatus st = sim_net_delay(s, a, b, delay, jitter, d);
	return st == SIM_OK ? 0 : lu_sim_fail(L, s, st, fn);
}

static int net_loss(lua_State *L)
{
	static const char *const keys[] = { "direction", NULL };
	const char *fn = "pg.net.loss";
	const char *a = lu_check_string(L, 1, fn, "first service name");
	const char *b = lu_check_string(L, 2, fn, "second service name");
	char bad[64];
	if (lua_type(L, 3) != LUA_TNUMBER || !(lua_tonumber(L, 3) >= 0.0 && lua_tonumber(L, 3) < 1.0))
		return luaL_error(L, "%s: bad loss %s (expected a probability at least 0 and below 1; all lost is a partition)",
		                  fn, lu_describe(L, 3, bad, sizeof bad));
	double p = lua_tonumber(L, 3);
	int t = lu_options(L, 4, fn, keys);
	NetDirection d = direction_opt(L, t, fn);
	Sim *s = pg_sim(L, fn);
	SimStatus st = sim_net_loss(s, a, b, p, d);
	return st == SIM_OK ? 0 : lu_sim_fail(L, s, st, fn);
}

static int net_heal(lua_State *L)
{
	const char *fn = "pg.net.heal";
	const char *a = NULL, *b = NULL;
	if (!lua_isnoneornil(L, 1) || !lua_isnoneornil(L, 2)) {
		a = lu_check_string(L, 1, fn, "first service name");
		b = lu_check_string(L, 2, fn, "second service name");
	}
	Sim *s = pg_sim(L, fn);
	SimStatus st = sim_net_heal(s, a, b);
	return st == SIM_OK ? 0 : lu_sim_fail(L, s, st, fn);
}

static int net_links(lua_State *L)
{
	Sim *s = pg_sim(L, "pg.net.links");
	int n = sim_net_link_count(s);
	lua_createtable(L, n, 0);
	for (int i = 0; i < n; i++) {
		NetLinkInfo li;
		if (!sim_net_link_info(s, i, &li))
			continue;
		lua_createtable(L, 0, 6);
		lua_pushstring(L, li.from);
		lua_setfield(L, -2, "from");
		lua_pushstring(L, li.to);
		lua_setfield(L, -2, "to");
		lua_pushboolean(L, li.cut);
		lua_setfield(L, -2, "cut");
		lu_push_number(L, PG_SECONDS(li.delay_us));
		lua_setfield(L, -2, "delay");
		lu_push_number(L, PG_SECONDS(li.jitter_us));
		lua_setfield(L, -2, "jitter");
		lu_push_number(L, li.loss);
		lua_setfield(L, -2, "loss");
		lua_rawseti(L, -2, i + 1);
	}
	return 1;
}

static const luaL_Reg net_funcs[] = {
	{ "partition", net_partition },
	{ "delay", net_delay },
	{ "loss", net_loss },
	{ "heal", net_heal },
	{ "links", net_links },
	{ NULL, NULL },
};

int luaopen_pg_net(lua_State *L)
{
	luaL_newlib(L, net_funcs);
	return 1;
}
