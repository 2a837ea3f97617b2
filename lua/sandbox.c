/*
 * sandbox.c — the globals a scenario sees: Lua's safe libraries, made deterministic.
 *
 * A scenario cannot reach the host: no io, no os.execute/time/clock/getenv/remove/rename/
 * exit/tmpname/setlocale, no package library, no loadfile/dofile, `load` of text only,
 * `require` of "playground" (and the built-in libraries) only, debug.traceback only, and
 * os.date only with an explicit time (UTC). Its memory is capped by the allocator and its
 * VM instructions by a count hook, whose error names the line that was running; library
 * calls that work out of the hook's sight are charged to the same budget (budget.c), and
 * so is every allocation (one instruction per BUDGET_BYTES_PER_STEP bytes).
 *
 * Lua's own sources of variation are neutralised, so the same file and seed print the same:
 * - pairs/next: Lua 5.4 seeds string hashes per state (luai_makeseed), so raw traversal
 *   order changes between runs. Here keys come in a fixed order: numbers ascending, then
 *   strings (bytewise), then false, true, then any other keys (tables, functions, …) in
 *   raw order — the one part that can still vary; key tables by strings or numbers when
 *   order matters. `next` follows the same order (O(n) per call; pairs is O(n log n) once).
 * - table.sort: a stable merge sort (Lua's quicksort picks pivots from the host clock for
 *   large arrays, so equal elements could land differently between runs).
 * - math.random: draws from the Sim's "lua" stream (before pg.up: a stream from the seed);
 *   math.randomseed(n) switches to a stream from n, exactly as stock Lua 5.4 seeds it.
 * - tostring/print/pg.log show tables, functions, … as "table: #7" (a per-run sequence
 *   number), not as host addresses. string.format("%s"/"%p") still shows addresses.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lualib.h>

#include "budget.h"
#include "chunkcache.h"
#include "embedded.h"
#include "lpg.h"
#include "lutil.h"

#define IDS_KEY "playground.ids"      /* registry: weak table object → sequence number */

/* ---------------------------------------------------------------- memory and budget */

void *sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	PgContext *c = ud;
	size_t old = ptr ? osize : 0;
	if (nsize == 0) {
		free(ptr);
		c->mem_used -= old;
		return NULL;
	}
	if (nsize > old && c->mem_limit && c->mem_used - old + nsize > c->mem_limit)
		return NULL;                               /* Lua raises "not enough memory" */
	void *p = realloc(ptr, nsize);
	if (p)
		c->mem_used = c->mem_used - old + nsize;
	/* The copying a C call does is work too: a new string or userdata is charged by its size
	 * (the hook sees it next time). Only those: when a table grows depends on where its keys
	 * collide, which depends on Lua's per-state hash seed — an address — so charging that
	 * growth made the count differ from run to run. */
	if (p && !ptr && (osize == LUA_TSTRING || osize == LUA_TUSERDATA))
		c->instructions += nsize / BUDGET_BYTES_PER_STEP;
	return p;
}

/* Every hook_step VM instructions: the instruction budget and, well before the allocator's
 * hard limit (whose "not enough memory" cannot say where), the memory in use. */
static void budget_hook(lua_State *L, lua_Debug *ar)
{
	PgContext *c = pg_ctx(L);
	if (c->mem_limit && c->mem_used > c->mem_limit / 4 * 3) {
		lua_getinfo(L, "Sl", ar);
		lua_pushfstring(L, "%s:%d: the scenario uses more than %d MiB of memory (runaway allocation?)",
		                ar->short_src, ar->currentline, (int)(c->mem_limit / 4 * 3 >> 20));
		lua_error(L);
	}
	c->instructions += (uint64_t)c->hook_step;
	if (c->instructions <= c->budget)
		return;
	if (c->hook_step != 1) {                       /* from now on every instruction fails, */
		c->hook_step = 1;                          /* so a pcall in a loop cannot swallow it */
		lua_sethook(L, budget_hook, LUA_MASKCOUNT, 1);
	}
	lua_getinfo(L, "Sl", ar);
	lua_pushfstring(L, "%s:%d: instruction budget exhausted at %s:%d (runaway loop? the budget "
	                "is %I Lua instructions; raise it with --budget N)", ar->short_src, ar->currentline,
	                ar->short_src, ar->currentline, (lua_Integer)c->budget);
	lua_error(L);
}

/* ---------------------------------------------------------------- tostring and print */

static lua_Integer object_id(lua_State *L, int idx)
{
	lua_getfield(L, LUA_REGISTRYINDEX, IDS_KEY);
	lua_pushvalue(L, idx);
	lua_Integer id;
	if (lua_rawget(L, -2) == LUA_TNUMBER) {
		id = lua_tointeger(L, -1);
	} else {
		id = ++pg_ctx(L)->next_object_id;
		lua_pushvalue(L, idx);
		lua_pushinteger(L, id);
		lua_rawset(L, -4);
	}
	lua_pop(L, 2);
	return id;
}

const char *sandbox_tostring(lua_State *L, int idx, size_t *len)
{
	idx = lua_absindex(L, idx);
	int t = lua_type(L, idx);
	bool addressed = t == LUA_TTABLE || t == LUA_TFUNCTION || t == LUA_TTHREAD ||
	                 t == LUA_TUSERDATA || t == LUA_TLIGHTUSERDATA;
	if (!addressed || luaL_getmetafield(L, idx, "__tostring") != LUA_TNIL) {
		if (addressed)
			lua_pop(L, 1);
		return luaL_tolstring(L, idx, len);
	}
	lua_Integer id = object_id(L, idx);
	const char *kind = luaL_typename(L, idx);
	int name_type = luaL_getmetafield(L, idx, "__name");      /* pushes it unless nil */
	if (name_type == LUA_TSTRING)
		kind = lua_tostring(L, -1);
	lua_pushfstring(L, "%s: #%I", kind, id);
	if (name_type != LUA_TNIL)
		lua_remove(L, -2);
	return lua_tolstring(L, -1, len);
}

static int sb_tostring(lua_State *L)
{
	luaL_checkany(L, 1);
	sandbox_tostring(L, 1, NULL);
	return 1;
}

static int sb_print(lua_State *L)
{
	PgContext *c = pg_ctx(L);
	int n = lua_gettop(L);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (int i = 1; i <= n; i++) {
		size_t len;
		if (i > 1)                                 /* before the value: the buffer's box is on top */
			luaL_addchar(&b, '\t');
		sandbox_tostring(L, i, &len);
		budget_charge(L, (double)len / BUDGET_BYTES_PER_STEP, "print", "writing the text");
		luaL_addvalue(&b);
	}
	luaL_pushresult(&b);
	size_t len;
	const char *line = lua_tolstring(L, -1, &len);
	if (!c->quiet) {
		fwrite(line, 1, len, c->out);
		fputc('\n', c->out);
	}
	if (c->log_fn)                                 /* the view's narration: the line, not parsed text */
		c->log_fn(c->log_ctx, c->sim ? sim_now(c->sim) : 0, line, len, false);
	return 0;
}

/* ---------------------------------------------------------------- pairs and next */

typedef struct KeyRep {
	int cls;                      /* 0 number, 1 string, 2 boolean, 3 other (raw order) */
	bool isint;                   /* number: an integer */
	lua_Integer i;                /* number: integer value */
	lua_Number f;                 /* number: float value */
	const char *s;                /* string: bytes (anchored by the table) */
	size_t len;                   /* string: length */
	lua_Integer pos;              /* position in the raw traversal (orders class 3) */
} KeyRep;

static void key_rep(lua_State *L, int idx, lua_Integer pos, KeyRep *k)
{
	memset(k, 0, sizeof *k);
	k->pos = pos;
	switch (lua_type(L, idx)) {
	case LUA_TNUMBER:
		k->isint = lua_isinteger(L, idx);
		if (k->isint)
			k->i = lua_tointeger(L, idx);
		else
			k->f = lua_tonumber(L, idx);
		break;
	case LUA_TSTRING:
		k->cls = 1;
		k->s = lua_tolstring(L, idx, &k->len);
		break;
	case LUA_TBOOLEAN:
		k->cls = 2;
		k->i = lua_toboolean(L, idx);
		break;
	default:
		k->cls = 3;
	}
}

static int num_cmp(const KeyRep *a, const KeyRep *b)
{
	if (a->isint && b->isint)
		return (a->i > b->i) - (a->i < b->i);
	if (!a->isint && !b->isint)
		return (a->f > b->f) - (a->f < b->f);
	const KeyRep *ik = a->isint ? a : b, *fk = a->isint ? b : a;
	double fi = (double)ik->i;
	int r;                                         /* sign of (integer - float) */
	if (fi != fk->f)
		r = fi < fk->f ? -1 : 1;
	else if (fk->f >= 9223372036854775808.0)
		r = -1;
	else
		r = (ik->i > (lua_Integer)fk->f) - (ik->i < (lua_Integer)fk->f);
	return a->isint ? r : -r;
}

static int key_cmp(const KeyRep *a, const KeyRep *b)
{
	if (a->cls != b->cls)
		return a->cls < b->cls ? -1 : 1;
	switch (a->cls) {
	case 0:
		return num_cmp(a, b);
	case 1: {
		int r = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);
		return r ? r : (a->len > b->len) - (a->len < b->len);
	}
	case 2:
		return (int)(a->i - b->i);
	default:
		return (a->pos > b->pos) - (a->pos < b->pos);
	}
}

static int key_qsort_cmp(const void *a, const void *b)
{
	return key_cmp(a, b);
}

static int pairs_iter(lua_State *L)
{
	lua_Integer i = lua_tointeger(L, lua_upvalueindex(2));
	for (;;) {
		if (lua_rawgeti(L, lua_upvalueindex(1), ++i) == LUA_TNIL)
			return 1;                              /* nil: the end */
		lua_pushvalue(L, -1);
		if (lua_rawget(L, 1) != LUA_TNIL) {        /* skip keys removed meanwhile */
			lua_pushinteger(L, i);
			lua_replace(L, lua_upvalueindex(2));
			return 2;
		}
		lua_pop(L, 2);
	}
}

static int sb_pairs(lua_State *L)
{
	if (luaL_getmetafield(L, 1, "__pairs") != LUA_TNIL) {
		lua_pushvalue(L, 1);
		lua_call(L, 1, 3);
		return 3;
	}
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 1);
	lua_newtable(L);                               /* 2: keys in raw order */
	lua_Integer n = 0;
	for (lua_pushnil(L); lua_next(L, 1); lua_pop(L, 1)) {
		lua_pushvalue(L, -2);
		lua_rawseti(L, 2, ++n);
	}
	budget_charge(L, (double)n * log2((double)n + 2), "pairs", "ordering the keys");
	KeyRep *reps = lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof *reps, 0);   /* 3 */
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, 2, i);
		key_rep(L, -1, i, &reps[i - 1]);           /* strings stay anchored by table 2 */
		lua_pop(L, 1);
	}
	qsort(reps, (size_t)n, sizeof *reps, key_qsort_cmp);
	lua_createtable(L, (int)n, 0);                 /* 4: keys in the deterministic order */
	for (lua_Integer i = 0; i < n; i++) {
		lua_rawgeti(L, 2, reps[i].pos);
		lua_rawseti(L, 4, i + 1);
	}
	lua_pushinteger(L, 0);
	lua_pushcclosure(L, pairs_iter, 2);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

/* next(t, k): the smallest key after k among numbers, strings and booleans (a scan), then
 * the other keys in raw order. */
static int sb_next(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 2);
	KeyRep cur, best, k;
	bool have = false;
	key_rep(L, 2, 0, &cur);
	if (lua_isnil(L, 2) || cur.cls < 3) {
		double scanned = 0;                        /* charged after the scan: O(n) each call */
		lua_pushnil(L);                            /* 3: the best key so far */
		for (lua_pushnil(L); lua_next(L, 1); lua_pop(L, 1), scanned++) {
			key_rep(L, -2, 0, &k);
			if (k.cls < 3 && (lua_isnil(L, 2) || key_cmp(&k, &cur) > 0) && (!have || key_cmp(&k, &best) < 0)) {
				lua_pushvalue(L, -2);
				lua_replace(L, 3);
				key_rep(L, 3, 0, &best);
				have = true;
			}
		}
		budget_charge(L, scanned, "next", "a scan of every key of the table");
		if (have) {
			lua_pushvalue(L, 3);
			lua_rawget(L, 1);
			return 2;
		}
		lua_pushnil(L);                            /* continue with the other keys, from the start */
	} else {
		lua_pushvalue(L, 2);
	}
	while (lua_next(L, 1)) {
		if (lua_type(L, -2) != LUA_TNUMBER && lua_type(L, -2) != LUA_TSTRING && lua_type(L, -2) != LUA_TBOOLEAN)
			return 2;
		lua_pop(L, 1);
	}
	lua_pushnil(L);
	return 1;
}

/* ---------------------------------------------------------------- table.sort */

static bool sort_less(lua_State *L, int a, int b)
{
	a = lua_absindex(L, a);
	b = lua_absindex(L, b);
	if (lua_isnil(L, 2))
		return lua_compare(L, a, b, LUA_OPLT);
	lua_pushvalue(L, 2);
	lua_pushvalue(L, a);
	lua_pushvalue(L, b);
	lua_call(L, 2, 1);
	bool r = lua_toboolean(L, -1);
	lua_pop(L, 1);
	return r;
}

/* Merges src[lo..mid] and src[mid+1..hi] into dst, taking from the left run on ties. */
static void merge_runs(lua_State *L, int src, int dst, lua_Integer lo, lua_Integer mid, lua_Integer hi)
{
	lua_Integer i = lo, j = mid + 1, k = lo;
	while (i <= mid && j <= hi) {
		lua_rawgeti(L, src, i);
		lua_rawgeti(L, src, j);
		bool take_right = sort_less(L, -1, -2);
		lua_pop(L, 2);
		lua_rawgeti(L, src, take_right ? j++ : i++);
		lua_rawseti(L, dst, k++);
	}
	for (; i <= mid; i++, k++) {
		lua_rawgeti(L, src, i);
		lua_rawseti(L, dst, k);
	}
	for (; j <= hi; j++, k++) {
		lua_rawgeti(L, src, j);
		lua_rawseti(L, dst, k);
	}
}

static int sb_sort(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_Integer n = luaL_len(L, 1);
	if (n < 2)
		return 0;
	luaL_argcheck(L, n < INT_MAX, 1, "array too big");
	if (!lua_isnoneornil(L, 2))
		luaL_checktype(L, 2, LUA_TFUNCTION);
	else                                           /* a comparator's calls are counted as they run */
		budget_charge(L, (double)n * ceil(log2((double)n)), "table.sort", "the comparisons");
	lua_settop(L, 2);
	int bufs[2] = { 3, 4 };
	lua_createtable(L, (int)n, 0);
	lua_createtable(L, (int)n, 0);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_geti(L, 1, i);
		lua_rawseti(L, 3, i);
	}
	int src = 0;
	for (lua_Integer width = 1; width < n; width *= 2, src ^= 1)
		for (lua_Integer lo = 1; lo <= n; lo += 2 * width) {
			lua_Integer mid = lo + width - 1, hi = lo + 2 * width - 1;
			merge_runs(L, bufs[src], bufs[src ^ 1], lo, mid < n ? mid : n, hi < n ? hi : n);
		}
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, bufs[src], i);
		lua_seti(L, 1, i);
	}
	return 0;
}

/* ---------------------------------------------------------------- math.random */

static uint64_t rotl(uint64_t x, int n)
{
	return (x << n) | (x >> (64 - n));
}

static uint64_t xoshiro_next(uint64_t s[4])          /* xoshiro256**, as lmathlib.c */
{
	uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return r;
}

static void seed_own_stream(PgContext *c, uint64_t n1, uint64_t n2)
{
	c->random_state[0] = n1;                       /* lmathlib.c's setseed */
	c->random_state[1] = 0xff;
	c->random_state[2] = n2;
	c->random_state[3] = 0;
	for (int i = 0; i < 16; i++)
		xoshiro_next(c->random_state);
}

static uint64_t draw(PgContext *c)
{
	if (c->random_mode == PG_RANDOM_DEFAULT && c->sim)
		return sim_random_u64(c->sim, "lua");
	return xoshiro_next(c->random_state);
}

/* lmathlib.c's project: a uniform value in [0, n] from ran, redrawing to avoid bias. */
static uint64_t project(PgContext *c, uint64_t ran, uint64_t n)
{
	if ((n & (n + 1)) == 0)
		return ran & n;
	uint64_t lim = n;
	for (int sh = 1; sh <= 32; sh *= 2)
		lim |= lim >> sh;
	while ((ran &= lim) > n)
		ran = draw(c);
	return ran;
}

static int sb_random(lua_State *L)
{
	PgContext *c = pg_ctx(L);
	lua_Integer low, up;
	uint64_t rv = draw(c);
	switch (lua_gettop(L)) {
	case 0:
		lua_pushnumber(L, (lua_Number)(rv >> 11) * 0x1.0p-53);
		return 1;
	case 1:
		low = 1;
		up = luaL_checkinteger(L, 1);
		if (up == 0) {
			lua_pushinteger(L, (lua_Integer)rv);
			return 1;
		}
		break;
	case 2:
		low = luaL_checkinteger(L, 1);
		up = luaL_checkinteger(L, 2);
		break;
	default:
		return luaL_error(L, "wrong number of arguments");
	}
	luaL_argcheck(L, low <= up, 1, "interval is empty");
	lua_pushinteger(L, (lua_Integer)(project(c, rv, (uint64_t)up - (uint64_t)low) + (uint64_t)low));
	return 1;
}

static int sb_randomseed(lua_State *L)
{
	PgContext *c = pg_ctx(L);
	if (lua_isnone(L, 1)) {                        /* back to the run's own stream */
		c->random_mode = PG_RANDOM_DEFAULT;
		return 0;
	}
	lua_Integer n1 = luaL_checkinteger(L, 1), n2 = luaL_optinteger(L, 2, 0);
	c->random_mode = PG_RANDOM_SEEDED;
	seed_own_stream(c, (uint64_t)n1, (uint64_t)n2);
	lua_pushinteger(L, n1);
	lua_pushinteger(L, n2);
	return 2;
}

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* ---------------------------------------------------------------- loading and the host */

static int sb_require(lua_State *L)
{
	static const char *const builtin[] = { LUA_STRLIBNAME, LUA_TABLIBNAME, LUA_MATHLIBNAME,
	                                       LUA_UTF8LIBNAME, LUA_COLIBNAME, NULL };
	luaL_checkstring(L, 1);
	const char *name = lu_cstring(L, 1, "require", "the module name");
	lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	if (strcmp(name, "playground") == 0) {
		if (lua_getfield(L, -1, name) == LUA_TNIL) {
			lua_pop(L, 1);
			luaopen_playground(L);
			lua_pushvalue(L, -1);
			lua_setfield(L, -3, name);
		}
		return 1;
	}
	for (int i = 0; builtin[i]; i++)
		if (strcmp(name, builtin[i]) == 0) {
			lua_getfield(L, -1, name);
			return 1;
		}
	for (const PgLuaModule *m = pg_lua_modules; m->name; m++) {
		if (strcmp(name, m->name) != 0)
			continue;
		if (lua_getfield(L, -1, name) != LUA_TNIL)
			return 1;                              /* loaded once per run */
		lua_pop(L, 1);
		if (chunk_load(L, m->source, m->len, m->chunkname) != LUA_OK)
			return lua_error(L);
		lua_call(L, 0, 1);
		lua_pushvalue(L, -1);
		lua_setfield(L, -3, name);
		return 1;
	}
	return luaL_error(L, "module '%s' is not available to scenarios (only require(\"playground\") and \"playground.swarm\"; "
	                  "string, table, math, utf8 and coroutine are built in)", name);
}

/* A load reader's piece is parsed byte by byte: charged as it arrives. Upvalues: the
 * scenario's reader, the FILE:LINE of the load call. A refusal makes load return nil and
 * the message, as any error of a reader does. */
static int charged_reader(lua_State *L)
{
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_call(L, 0, 1);
	if (lua_type(L, -1) == LUA_TSTRING && !budget_try(L, (double)lua_rawlen(L, -1))) {
		lua_pushvalue(L, lua_upvalueindex(2));
		lua_pushliteral(L, "load: the chunk is longer than the instructions left of the budget "
		                "(one per byte parsed; raise the budget with --budget N)");
		lua_concat(L, 2);
		return lua_error(L);
	}
	return 1;
}

/* load(chunk [, chunkname [, mode [, env]]]) of text only: binary chunks could break the VM.
 * Parsing costs one instruction per byte of the chunk. */
static int sb_load(lua_State *L)
{
	const char *mode = luaL_optstring(L, 3, "t");
	if (strchr(mode, 't') == NULL)
		return luaL_error(L, "load: binary chunks are not allowed in a scenario (mode must be \"t\")");
	int n = lua_gettop(L) >= 4 ? 4 : 3;            /* an absent env differs from env = nil */
	lua_settop(L, n);
	if (lua_type(L, 1) == LUA_TSTRING) {
		budget_charge(L, (double)lua_rawlen(L, 1), "load", "parsing the chunk");
	} else if (lua_type(L, 1) == LUA_TFUNCTION) {
		lua_pushvalue(L, 1);
		luaL_where(L, 1);
		lua_pushcclosure(L, charged_reader, 2);
		lua_replace(L, 1);
	}
	lua_pushvalue(L, lua_upvalueindex(1));         /* the base library's load */
	lua_pushvalue(L, 1);
	lua_pushvalue(L, 2);
	lua_pushliteral(L, "t");
	if (n == 4)
		lua_pushvalue(L, 4);
	lua_call(L, n, LUA_MULTRET);
	return lua_gettop(L) - n;
}

/* os.date(format, time): the host clock is not there, so the time is required; UTC always. */
static int sb_date(lua_State *L)
{
	const char *fmt = luaL_checkstring(L, 1);
	if (lua_isnoneornil(L, 2))
		return luaL_error(L, "os.date needs an explicit time in a scenario (there is no host clock; "
		                  "use pg.time.now() for simulated time)");
	lua_pushvalue(L, lua_upvalueindex(1));
	if (fmt[0] == '!') {
		lua_pushvalue(L, 1);
	} else {                                       /* "!" + fmt, all of it (it may hold a NUL) */
		lua_pushliteral(L, "!");
		lua_pushvalue(L, 1);
		lua_concat(L, 2);
	}
	lua_pushvalue(L, 2);
	lua_call(L, 2, 1);
	return 1;
}

/* Builds a table holding only `keep` of the library that `open` builds, wrapping some. */
static void safe_subset(lua_State *L, lua_CFunction open, const char *const keep[])
{
	open(L);
	lua_newtable(L);
	for (int i = 0; keep[i]; i++) {
		lua_getfield(L, -2, keep[i]);
		lua_setfield(L, -2, keep[i]);
	}
	lua_remove(L, -2);
}

static void set_global_fn(lua_State *L, const char *table, const char *name, lua_CFunction fn)
{
	if (table) {
		lua_getglobal(L, table);
		lua_pushcfunction(L, fn);
		lua_setfield(L, -2, name);
		lua_pop(L, 1);
	} else {
		lua_pushcfunction(L, fn);
		lua_setglobal(L, name);
	}
}

void sandbox_open(lua_State *L)
{
	static const luaL_Reg libs[] = {
		{ LUA_GNAME, luaopen_base }, { LUA_TABLIBNAME, luaopen_table }, { LUA_STRLIBNAME, luaopen_string },
		{ LUA_MATHLIBNAME, luaopen_math }, { LUA_UTF8LIBNAME, luaopen_utf8 }, { LUA_COLIBNAME, luaopen_coroutine },
	};
	static const char *const os_keep[] = { "date", "difftime", NULL }, *const debug_keep[] = { "traceback", NULL };
	PgContext *c = pg_ctx(L);
	for (size_t i = 0; i < sizeof libs / sizeof libs[0]; i++) {
		luaL_requiref(L, libs[i].name, libs[i].func, 1);
		lua_pop(L, 1);
	}
	lua_pushnil(L);
	lua_setglobal(L, "dofile");
	lua_pushnil(L);
	lua_setglobal(L, "loadfile");
	set_global_fn(L, NULL, "print", sb_print);
	set_global_fn(L, NULL, "tostring", sb_tostring);
	set_global_fn(L, NULL, "pairs", sb_pairs);
	set_global_fn(L, NULL, "next", sb_next);
	set_global_fn(L, NULL, "require", sb_require);
	set_global_fn(L, LUA_TABLIBNAME, "sort", sb_sort);
	set_global_fn(L, LUA_MATHLIBNAME, "random", sb_random);
	set_global_fn(L, LUA_MATHLIBNAME, "randomseed", sb_randomseed);
	lua_getglobal(L, "load");
	lua_pushcclosure(L, sb_load, 1);
	lua_setglobal(L, "load");
	safe_subset(L, luaopen_os, os_keep);
	lua_getfield(L, -1, "date");
	lua_pushcclosure(L, sb_date, 1);
	lua_setfield(L, -2, "date");
	lua_setglobal(L, "os");
	safe_subset(L, luaopen_debug, debug_keep);
	lua_setglobal(L, "debug");
	budget_wrap_libraries(L);

	lua_newtable(L);                               /* ids of tables etc. for tostring */
	lua_createtable(L, 0, 1);
	lua_pushliteral(L, "k");
	lua_setfield(L, -2, "__mode");
	lua_setmetatable(L, -2);
	lua_setfield(L, LUA_REGISTRYINDEX, IDS_KEY);

	uint64_t x = c->seed;
	for (int i = 0; i < 4; i++)
		c->random_state[i] = splitmix64(&x);
	c->random_mode = PG_RANDOM_DEFAULT;
	c->instructions = 0;                           /* setting up is not the scenario's work */
	if (c->budget > 0) {
		c->hook_step = 1000;
		lua_sethook(L, budget_hook, LUA_MASKCOUNT, c->hook_step);
	}
}
