/*
 * budget.c — charging single library calls to the run's budgets (see budget.h).
 *
 * Lua's pattern matcher (lstrlib.c) backtracks: a greedy or lazy item tries every length
 * and, when the rest of the pattern fails, tries the next. Its work is bounded here from
 * the pattern's text alone, without running it:
 *
 *   steps <= starts × F × (m + 1 + (n + 1) × (Q × (1 + Z) + H))
 *
 * for a subject of n bytes and a pattern of m bytes with Q quantified items (*, +, -, ?),
 * Z zero-width captures and H balances (%b) and back-references (%1): each attempt walks
 * the pattern once per "full" path, and each quantifier scans at most n + 1 bytes, trying
 * the rest after each. F counts the full paths: a quantifier multiplies it by n + 1 (2 for
 * '?') unless it is deterministic — last in the pattern, or followed by '$' or by an item
 * (alone or with '+') that matches none of its characters ("[^\"]*\"", "%d+%."), so that
 * every other length fails the next item at once. starts is 1 for an anchored pattern;
 * otherwise the positions where the pattern's first (up to 8) single items all match — an
 * attempt anywhere else fails within those items, charged as a scan of (n + 1) × 8 — and
 * twice that for gmatch and gsub (they go on after each match). When the only quantifier
 * is the last item and there is no %b or back-reference, no attempt can fail after a long
 * scan, and the bound is linear: scan + starts × (m + 1) + 2(n + 1)(1 + Z).
 * So "%d+", "^(%w+)=(%w+)$" and "JobID (%x+)" cost about what they do, and
 * string.rep("a", 1e5):find(".-.-.-b") is refused before it runs (~1e20 steps).
 */
#include "budget.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>
#include <lualib.h>

#include "lpg.h"
#include "lutil.h"

/* ---------------------------------------------------------------- charging */

static void show_count(double v, char *buf, size_t len)
{
	snprintf(buf, len, v < 1e15 ? "%.0f" : "%.3g", v);
}

static double instructions_left(const PgContext *c)
{
	return c->instructions >= c->budget ? 0 : (double)(c->budget - c->instructions);
}

bool budget_try(lua_State *L, double steps)
{
	PgContext *c = pg_ctx(L);
	if (c->budget == 0 || !(steps > 0))
		return true;
	steps = ceil(steps);
	if (steps > instructions_left(c))
		return false;
	c->instructions += (uint64_t)steps;
	return true;
}

void budget_charge(lua_State *L, double steps, const char *fname, const char *what)
{
	if (budget_try(L, steps))
		return;
	double left = instructions_left(pg_ctx(L));
	char n[32], l[32];
	show_count(steps, n, sizeof n);
	show_count(left, l, sizeof l);
	luaL_error(L, "%s: %s may take up to %s steps, more than the %s instructions left of the budget "
	           "(the call is refused; raise the budget with --budget N)", fname, what, n, l);
}

void budget_reserve(lua_State *L, double bytes, const char *fname, const char *what)
{
	PgContext *c = pg_ctx(L);
	if (c->mem_limit == 0)
		return;
	double soft = (double)(c->mem_limit / 4 * 3), used = (double)c->mem_used;
	if (used + bytes <= soft)
		return;
	char mib[32];
	show_count(ceil(bytes / 1048576.0), mib, sizeof mib);
	luaL_error(L, "%s: %s would need %s MiB, more than the %d MiB of memory the scenario has left "
	           "(it may use %d MiB)", fname, what, mib, (int)((soft - (used < soft ? used : soft)) / 1048576.0),
	           (int)(soft / 1048576.0));
}

/* ---------------------------------------------------------------- pattern items */

typedef enum ItemKind { ITEM_SINGLE, ITEM_END, ITEM_BALANCE, ITEM_FRONTIER, ITEM_BACKREF } ItemKind;

typedef struct Item {
	ItemKind kind;
	char quant;                   /* ITEM_SINGLE: 0, '*', '+', '-' or '?' */
	uint8_t set[32];              /* ITEM_SINGLE: the bytes it matches, a bit each */
} Item;

typedef struct Scan {
	const unsigned char *p;       /* the pattern */
	size_t m, i;                  /* its length, the position of the next item */
	int zero;                     /* zero-width captures seen: (, ), () */
} Scan;

static void set_add(uint8_t set[32], int c)
{
	set[c >> 3] |= (uint8_t)(1u << (c & 7));
}

static const char class_letters[] = "acdglpsuwx";

/* lstrlib.c's match_class over every byte, in the process's (C) locale, as Lua uses it. */
static bool in_class(int c, int cl)
{
	switch (cl) {
	case 'a': return isalpha(c);
	case 'c': return iscntrl(c);
	case 'd': return isdigit(c);
	case 'g': return isgraph(c);
	case 'l': return islower(c);
	case 'p': return ispunct(c);
	case 's': return isspace(c);
	case 'u': return isupper(c);
	case 'w': return isalnum(c);
	default: return isxdigit(c);
	}
}

/* The classes %a %c %d %g %l %p %s %u %w %x over every byte. The locale stays C's (nothing
 * calls setlocale), so they are worked out once per process, by the first pattern that
 * uses one (pthread_once: the view's second run has a thread); working them out for every
 * pattern was a quarter of a shell command's time. */
static uint8_t class_sets[sizeof class_letters - 1][32];
static pthread_once_t class_sets_once = PTHREAD_ONCE_INIT;

static void compute_class_sets(void)
{
	for (size_t k = 0; k < sizeof class_letters - 1; k++)
		for (int c = 0; c < 256; c++)
			if (in_class(c, class_letters[k]))
				set_add(class_sets[k], c);
}

/* Adds "%<cl>" to set: a class (its complement for upper case) or the literal byte. */
static void add_escape(uint8_t set[32], int cl)
{
	const char *at = strchr(class_letters, tolower(cl));
	if (!at || cl == 0) {
		set_add(set, cl);
		return;
	}
	pthread_once(&class_sets_once, compute_class_sets);
	const uint8_t *class = class_sets[at - class_letters];
	bool neg = isupper(cl);
	for (int b = 0; b < 32; b++)
		set[b] |= neg ? (uint8_t)~class[b] : class[b];
}

/* The set "[...]" opening at i, as matchbracketclass reads it; returns the index after its
 * ']', or 0 when it has none (malformed: Lua raises when it gets there). */
static size_t read_set(Scan *sc, size_t i, uint8_t set[32])
{
	const unsigned char *p = sc->p;
	size_t k = i + 1, end;
	bool neg = k < sc->m && p[k] == '^';
	k += neg;
	end = k;
	do {                                        /* classEnd: the first byte is never the end */
		if (end >= sc->m)
			return 0;
		if (p[end++] == '%' && end < sc->m)
			end++;
	} while (end >= sc->m || p[end] != ']');
	memset(set, 0, 32);
	while (k < end) {
		if (p[k] == '%') {
			add_escape(set, p[k + 1]);
			k += 2;
		} else if (k + 2 < end && p[k + 1] == '-') {
			for (int c = p[k]; c <= p[k + 2]; c++)
				set_add(set, c);
			k += 3;
		} else {
			set_add(set, p[k++]);
		}
	}
	if (neg)
		for (int b = 0; b < 32; b++)
			set[b] = (uint8_t)~set[b];
	return end + 1;
}

/* A single-character class at sc->i ('.', %x, [set] or a byte) and its quantifier. */
static bool read_single(Scan *sc, Item *it)
{
	const unsigned char *p = sc->p;
	size_t i = sc->i, next;
	it->kind = ITEM_SINGLE;
	memset(it->set, 0, sizeof it->set);
	if (p[i] == '.') {
		memset(it->set, 0xff, sizeof it->set);
		next = i + 1;
	} else if (p[i] == '%') {
		if (i + 1 >= sc->m)
			return false;                       /* "malformed pattern (ends with '%')" */
		add_escape(it->set, p[i + 1]);
		next = i + 2;
	} else if (p[i] == '[') {
		if (!(next = read_set(sc, i, it->set)))
			return false;
	} else {
		set_add(it->set, p[i]);
		next = i + 1;
	}
	it->quant = next < sc->m && strchr("*+-?", p[next]) && p[next] ? (char)p[next] : 0;
	sc->i = next + (it->quant != 0);
	return true;
}

/* The next item that consumes or tests the subject; false at the end of the pattern or at
 * a malformed spot (where Lua stops with an error: as good as the end for the bound). */
static bool next_item(Scan *sc, Item *it)
{
	const unsigned char *p = sc->p;
	for (;;) {
		size_t i = sc->i;
		if (i >= sc->m)
			return false;
		if (p[i] == '(' || p[i] == ')') {
			sc->i += p[i] == '(' && i + 1 < sc->m && p[i + 1] == ')' ? 2 : 1;
			sc->zero++;
			continue;
		}
		if (p[i] == '$' && i + 1 == sc->m) {
			it->kind = ITEM_END;
			sc->i++;
			return true;
		}
		if (p[i] == '%' && i + 1 < sc->m && p[i + 1] == 'b') {
			it->kind = ITEM_BALANCE;
			sc->i += 4;
			return i + 3 < sc->m;
		}
		if (p[i] == '%' && i + 1 < sc->m && p[i + 1] == 'f') {
			it->kind = ITEM_FRONTIER;
			return i + 2 < sc->m && p[i + 2] == '[' && (sc->i = read_set(sc, i + 2, it->set)) != 0;
		}
		if (p[i] == '%' && i + 1 < sc->m && isdigit(p[i + 1])) {
			it->kind = ITEM_BACKREF;
			sc->i += 2;
			return true;
		}
		return read_single(sc, it);
	}
}

/* A quantified item followed by `next` tries the rest once in full when no other length
 * can pass the next item: the next item is the end anchor, or a single item (alone or
 * with '+', so it must match a byte) that shares no byte with the quantified one. */
static bool deterministic(const Item *q, const Item *next)
{
	if (next->kind == ITEM_END)
		return true;
	if (next->kind != ITEM_SINGLE || (next->quant && next->quant != '+'))
		return false;
	for (int b = 0; b < 32; b++)
		if (q->set[b] & next->set[b])
			return false;
	return true;
}

#define PREFIX_MAX 8              /* leading items used to count the starts worth an attempt */

/* Positions of the subject where the first k items all match: the only starts at which an
 * attempt gets past them (an attempt elsewhere fails within k steps). */
static double prefix_hits(const unsigned char *s, size_t n, uint8_t sets[][32], int k)
{
	double hits = 0;
	for (size_t pos = 0; pos + (size_t)k <= n; pos++) {
		int j = 0;
		while (j < k && (sets[j][s[pos + j] >> 3] & (1u << (s[pos + j] & 7))))
			j++;
		hits += j == k;
	}
	return hits;
}

double budget_pattern_steps(const char *p, size_t plen, const char *subject, size_t n, int anchor_allowed,
                            int resumed)
{
	Scan sc = { .p = (const unsigned char *)p, .m = plen };
	bool anchored = anchor_allowed && plen > 0 && p[0] == '^', in_prefix = !anchored;
	sc.i = anchored;
	double positions = (double)n + 1, paths = 1;
	int quants = 0, heavy = 0, nonfinal = 0, k = 0;
	uint8_t prefix[PREFIX_MAX][32];
	Item it, q = { ITEM_SINGLE, 0, { 0 } };
	bool pending = false;                       /* q waits for the item after it */
	while (next_item(&sc, &it)) {
		in_prefix = in_prefix && it.kind == ITEM_SINGLE && !it.quant && k < PREFIX_MAX;
		if (in_prefix)
			memcpy(prefix[k++], it.set, sizeof it.set);
		if (pending) {
			nonfinal++;
			if (!deterministic(&q, &it))
				paths *= q.quant == '?' ? 2 : positions;
			pending = false;
		}
		heavy += it.kind == ITEM_BALANCE || it.kind == ITEM_BACKREF;
		if (it.kind == ITEM_SINGLE && it.quant) {
			quants++;
			q = it;
			pending = true;
		}
	}
	/* Starts that get past the leading items; the rest cost at most those items each. */
	double scan = 0, starts = 1;
	if (!anchored) {
		scan = k ? positions * (k + sc.zero) : 0;
		starts = (k ? prefix_hits((const unsigned char *)subject, n, prefix, k) : positions) * (resumed ? 2 : 1);
	}
	double walk = (double)plen + 1;
	if (nonfinal == 0 && heavy == 0)
		return scan + starts * walk + 2 * positions * (1 + sc.zero);
	return scan + starts * paths * (walk + positions * (quants * (1.0 + sc.zero) + heavy));
}

/* ---------------------------------------------------------------- the wrappers */

/* Runs the library's own function (upvalue 1) in this call's frame, so its errors and
 * their "bad argument #2 to 'find'" read exactly as without the wrapper. */
static int call_original(lua_State *L)
{
	return lua_tocfunction(L, lua_upvalueindex(1))(L);
}

/* lstrlib.c's posrelatI: a 1-based start position clipped to [1, len + 1]. */
static size_t start_at(lua_Integer pos, size_t len)
{
	if (pos > 0)
		return (size_t)pos;
	if (pos == 0 || pos < -(lua_Integer)len)
		return 1;
	return len + (size_t)pos + 1;
}

/* lstrlib.c's nospecials: find then compares bytes (lmemfind) instead of matching. */
static bool no_specials(const char *p, size_t m)
{
	for (size_t i = 0; i < m; i++)
		if (strchr("^$*+?.([%-", p[i]) && p[i])
			return false;
	return true;
}

/* Charges a find/match/gmatch/gsub call: s at 1, the pattern at 2, the start at init_arg
 * (0: none), find's plain flag at 4 when plain_allowed. */
static void charge_pattern(lua_State *L, const char *fname, int init_arg, bool plain_allowed, bool anchor_allowed,
                           bool resumed)
{
	char what[200], shown[64];
	size_t n, m;
	const char *s = luaL_checklstring(L, 1, &n);
	const char *p = luaL_checklstring(L, 2, &m);
	size_t from = init_arg ? start_at(luaL_optinteger(L, init_arg, 1), n) : 1;
	if (from > n + 1)
		return;                                 /* no match is possible: the call ends at once */
	size_t len = n - (from - 1);
	double steps;
	if (plain_allowed && (lua_toboolean(L, 4) || no_specials(p, m)))
		steps = m == 0 || m > len ? 1 : (double)(len - m + 1) * (double)m / BUDGET_BYTES_PER_STEP + 1;
	else
		steps = budget_pattern_steps(p, m, s + from - 1, len, anchor_allowed, resumed);
	snprintf(what, sizeof what, "the pattern %s on a %zu-byte string (items such as '.-' or 'a*' followed "
	         "by something they also match backtrack)", lu_describe(L, 2, shown, sizeof shown), len);
	budget_charge(L, steps, fname, what);
}

static int w_find(lua_State *L)
{
	charge_pattern(L, "string.find", 3, true, true, false);
	return call_original(L);
}

static int w_match(lua_State *L)
{
	charge_pattern(L, "string.match", 3, false, true, false);
	return call_original(L);
}

/* gmatch: the whole iteration is charged when it starts; '^' is not an anchor there. */
static int w_gmatch(lua_State *L)
{
	charge_pattern(L, "string.gmatch", 3, false, false, true);
	return call_original(L);
}

static int w_gsub(lua_State *L)
{
	charge_pattern(L, "string.gsub", 0, false, true, true);
	size_t n, r;
	luaL_checklstring(L, 1, &n);
	if (lua_type(L, 3) == LUA_TSTRING || lua_type(L, 3) == LUA_TNUMBER) {
		lua_tolstring(L, 3, &r);                /* read for each replacement made */
		budget_charge(L, ((double)n + 1) * ((double)r + 1) / BUDGET_BYTES_PER_STEP, "string.gsub",
		              "the replacements");
	}
	return call_original(L);
}

static int w_rep(lua_State *L)
{
	size_t l, lsep = 0;
	luaL_checklstring(L, 1, &l);
	lua_Integer k = luaL_checkinteger(L, 2);
	luaL_optlstring(L, 3, "", &lsep);
	if (k > 0) {
		double bytes = (double)k * (double)l + (double)(k - 1) * (double)lsep;
		budget_reserve(L, bytes, "string.rep", "the result");
		budget_charge(L, (double)k + bytes / BUDGET_BYTES_PER_STEP, "string.rep", "the repetitions");
	}
	return call_original(L);
}

/* Lua limits widths and precisions to two digits, so a result is about as long as the
 * strings it quotes: that much memory must be there before it is built. */
static int w_format(lua_State *L)
{
	double bytes = 0;
	for (int i = 1; i <= lua_gettop(L); i++) {
		size_t len = 0;
		if (lua_type(L, i) == LUA_TSTRING)
			lua_tolstring(L, i, &len);
		bytes += (double)len + 512;
	}
	budget_reserve(L, bytes, "string.format", "the result");
	return call_original(L);
}

/* byte(s, i, j) and utf8.codepoint(s, i, j): one result per byte or character. */
static void charge_slice(lua_State *L, const char *fname, bool j_defaults_to_i)
{
	size_t n;
	luaL_checklstring(L, 1, &n);
	lua_Integer i = luaL_optinteger(L, 2, 1);
	size_t from = start_at(i, n), to = start_at(luaL_optinteger(L, 3, j_defaults_to_i ? i : -1), n);
	if (to > n)
		to = n;
	if (to >= from)
		budget_charge(L, (double)(to - from + 1), fname, "the results");
}

static int w_byte(lua_State *L)
{
	charge_slice(L, "string.byte", true);
	return call_original(L);
}

static int w_codepoint(lua_State *L)
{
	charge_slice(L, "utf8.codepoint", true);
	return call_original(L);
}

/* char(...), utf8.char(...): one step per argument. */
static int w_per_argument(lua_State *L)
{
	budget_charge(L, lua_gettop(L), "string.char/utf8.char", "the arguments");
	return call_original(L);
}

/* upper, lower, reverse: a copy as long as the string. */
static int w_copy(lua_State *L)
{
	size_t n;
	luaL_checklstring(L, 1, &n);
	budget_reserve(L, (double)n, "string.upper/lower/reverse", "the result");
	return call_original(L);
}

/* utf8.len, utf8.offset: a scan of the string. */
static int w_scan(lua_State *L)
{
	size_t n;
	luaL_checklstring(L, 1, &n);
	budget_charge(L, (double)n / BUDGET_BYTES_PER_STEP + 1, "utf8.len/offset", "the scan");
	return call_original(L);
}

/* ---------------------------------------------------------------- tables and base */

/* The length the table library will use (its __len, if any, runs here too). */
static lua_Integer table_length(lua_State *L, int idx)
{
	if (luaL_getmetafield(L, idx, "__len") == LUA_TNIL)
		return (lua_Integer)lua_rawlen(L, idx);
	lua_pop(L, 1);
	return luaL_len(L, idx);
}

static void charge_count(lua_State *L, lua_Integer from, lua_Integer to, const char *fname)
{
	if (to >= from)
		budget_charge(L, (double)to - (double)from + 1, fname, "the elements");
}

/* concat: one step per element; for a plain table also the memory of the result. */
static int w_concat(lua_State *L)
{
	if (!lua_istable(L, 1))
		return call_original(L);
	size_t lsep;
	luaL_optlstring(L, 2, "", &lsep);
	lua_Integer i = luaL_optinteger(L, 3, 1), j = lua_isnoneornil(L, 4) ? table_length(L, 1) : luaL_checkinteger(L, 4);
	charge_count(L, i, j, "table.concat");
	if (j < i)
		return call_original(L);
	if (lua_getmetatable(L, 1)) {               /* its __index may differ from the raw values */
		lua_pop(L, 1);
		return call_original(L);
	}
	double bytes = (double)lsep * (double)(j - i);
	for (lua_Integer k = i; k <= j; k++) {
		size_t len = 0;
		int t = lua_rawgeti(L, 1, k);
		if (t == LUA_TSTRING || t == LUA_TNUMBER)
			lua_tolstring(L, -1, &len);
		bytes += (double)len;
		lua_pop(L, 1);
	}
	budget_reserve(L, bytes, "table.concat", "the result");
	return call_original(L);
}

/* An integer argument as the library reads it (3.0 counts); false if it is none. */
static bool int_arg(lua_State *L, int arg, lua_Integer *v)
{
	int ok = 0;
	*v = lua_tointegerx(L, arg, &ok);
	return ok;
}

static int w_insert(lua_State *L)
{
	lua_Integer pos;
	if (lua_gettop(L) == 3 && lua_istable(L, 1) && int_arg(L, 2, &pos))
		charge_count(L, pos, table_length(L, 1), "table.insert");
	return call_original(L);
}

static int w_remove(lua_State *L)
{
	lua_Integer pos;
	if (lua_istable(L, 1)) {
		lua_Integer size = table_length(L, 1);
		charge_count(L, int_arg(L, 2, &pos) ? pos : size, size, "table.remove");
	}
	return call_original(L);
}

static int w_move(lua_State *L)
{
	lua_Integer f, e;
	if (int_arg(L, 2, &f) && int_arg(L, 3, &e))
		charge_count(L, f, e, "table.move");
	return call_original(L);
}

static int w_unpack(lua_State *L)
{
	lua_Integer i = luaL_optinteger(L, 2, 1);
	lua_Integer j = lua_isnoneornil(L, 3) ? (lua_istable(L, 1) ? table_length(L, 1) : 0) : luaL_checkinteger(L, 3);
	charge_count(L, i, j, "table.unpack");
	return call_original(L);
}

/* select(n, ...) returns the arguments from n on: one step each. */
static int w_select(lua_State *L)
{
	int top = lua_gettop(L);
	lua_Integer n;
	if (lua_type(L, 1) == LUA_TNUMBER && int_arg(L, 1, &n) && n > 0 && n < top)
		budget_charge(L, (double)(top - n), "select", "the results");
	return call_original(L);
}

/* collectgarbage("collect"/"step"): a collection walks the whole heap. */
static int w_collectgarbage(lua_State *L)
{
	const char *opt = luaL_optstring(L, 1, "collect");
	if (strcmp(opt, "collect") == 0 || strcmp(opt, "step") == 0)
		budget_charge(L, (double)pg_ctx(L)->mem_used / BUDGET_BYTES_PER_STEP, "collectgarbage",
		              "a collection of the whole heap");
	return call_original(L);
}

/* ---------------------------------------------------------------- installing */

typedef struct Wrapper {
	const char *name;             /* field of the library table */
	lua_CFunction fn;             /* the charging wrapper */
} Wrapper;

/* Replaces each named C function of the table at lib by its wrapper (original as upvalue). */
static void wrap_table(lua_State *L, int lib, const Wrapper *w)
{
	lib = lua_absindex(L, lib);
	for (; w->name; w++) {
		if (lua_getfield(L, lib, w->name) != LUA_TFUNCTION || !lua_iscfunction(L, -1)) {
			lua_pop(L, 1);
			continue;
		}
		lua_pushcclosure(L, w->fn, 1);
		lua_setfield(L, lib, w->name);
	}
}

void budget_wrap_libraries(lua_State *L)
{
	static const Wrapper string_w[] = {
		{ "find", w_find }, { "match", w_match }, { "gmatch", w_gmatch }, { "gsub", w_gsub },
		{ "rep", w_rep }, { "format", w_format }, { "byte", w_byte }, { "char", w_per_argument },
		{ "upper", w_copy }, { "lower", w_copy }, { "reverse", w_copy }, { NULL, NULL },
	};
	static const Wrapper table_w[] = {
		{ "concat", w_concat }, { "insert", w_insert }, { "remove", w_remove }, { "move", w_move },
		{ "unpack", w_unpack }, { NULL, NULL },
	};
	static const Wrapper utf8_w[] = {
		{ "char", w_per_argument }, { "codepoint", w_codepoint }, { "len", w_scan }, { "offset", w_scan },
		{ NULL, NULL },
	};
	static const Wrapper base_w[] = { { "select", w_select }, { "collectgarbage", w_collectgarbage }, { NULL, NULL } };
	int top = lua_gettop(L);
	lua_getglobal(L, LUA_STRLIBNAME);
	wrap_table(L, -1, string_w);
	lua_pushliteral(L, "");                     /* s:find(…) goes through the strings' metatable */
	if (lua_getmetatable(L, -1) && lua_getfield(L, -1, "__index") == LUA_TTABLE && !lua_rawequal(L, -1, top + 1))
		wrap_table(L, -1, string_w);            /* (stock Lua: it is the string table itself) */
	lua_settop(L, top);
	lua_getglobal(L, LUA_TABLIBNAME);
	wrap_table(L, -1, table_w);
	lua_getglobal(L, LUA_UTF8LIBNAME);
	wrap_table(L, -1, utf8_w);
	lua_pushglobaltable(L);
	wrap_table(L, -1, base_w);
	lua_pop(L, 3);
}
