/*
 * ljson.c — JSON text ⇄ Lua values, for pg.flink.rest's bodies.
 *
 * Decoding uses jansson: objects become tables with string keys, arrays sequences, integers
 * Lua integers, reals floats; null becomes nil (so it is absent from its table). The parsed
 * document lives in a userdata whose finalizer frees it, so a Lua error while building the
 * tables leaks nothing. Encoding writes into a luaL_Buffer: a table whose keys are exactly
 * 1..n is an array, any other an object with its string keys in sorted order (the same text
 * on every run); other key types, functions and cycles (deeper than MAX_DEPTH) are errors.
 */
#include "ljson.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <lauxlib.h>

#include "lutil.h"

#define JSON_BOX_MT "playground.json"
#define MAX_DEPTH   64

/* ---------------------------------------------------------------- decoding */

static int box_gc(lua_State *L)
{
	json_t **box = luaL_checkudata(L, 1, JSON_BOX_MT);
	json_decref(*box);
	*box = NULL;
	return 0;
}

static void push_value(lua_State *L, const json_t *j)
{
	luaL_checkstack(L, 4, "JSON nested too deeply");
	switch (json_typeof(j)) {
	case JSON_OBJECT: {
		const char *key;
		json_t *v;
		lua_createtable(L, 0, (int)json_object_size(j));
		json_object_foreach((json_t *)(uintptr_t)j, key, v) {
			push_value(L, v);
			lua_setfield(L, -2, key);
		}
		break;
	}
	case JSON_ARRAY:
		lua_createtable(L, (int)json_array_size(j), 0);
		for (size_t i = 0; i < json_array_size(j); i++) {
			push_value(L, json_array_get(j, i));
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
		break;
	case JSON_STRING:
		lua_pushlstring(L, json_string_value(j), json_string_length(j));
		break;
	case JSON_INTEGER:
		lua_pushinteger(L, (lua_Integer)json_integer_value(j));
		break;
	case JSON_REAL:
		lua_pushnumber(L, json_real_value(j));
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		lua_pushboolean(L, json_is_true(j));
		break;
	default:
		lua_pushnil(L);
	}
}

void ljson_push_decoded(lua_State *L, const char *text, const char *fname)
{
	json_error_t err;
	json_t **box = lua_newuserdatauv(L, sizeof *box, 0);
	*box = NULL;
	if (luaL_newmetatable(L, JSON_BOX_MT)) {
		lua_pushcfunction(L, box_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_setmetatable(L, -2);
	*box = json_loads(text ? text : "null", JSON_DECODE_ANY, &err);
	if (!*box)
		luaL_error(L, "%s: the answer is not JSON (%s at line %d)", fname, err.text, err.line);
	push_value(L, *box);
	lua_remove(L, -2);                             /* the box: freed by the collector */
}

/* ---------------------------------------------------------------- encoding */

/* The text being written: lives in a userdata whose finalizer frees it, so raising midway
 * leaks nothing (a luaL_Buffer cannot be used: values are pushed between additions). */
typedef struct JsonText {
	char *p;                      /* the text so far, not NUL-terminated */
	size_t len, cap;              /* bytes used and allocated */
	lua_State *L;                 /* for raising when memory runs out */
} JsonText;

static int text_gc(lua_State *L)
{
	JsonText *t = lua_touserdata(L, 1);
	free(t->p);
	t->p = NULL;
	return 0;
}

static void put(JsonText *t, const char *s, size_t n)
{
	if (t->len + n > t->cap) {
		size_t cap = 2 * (t->cap + n);
		char *np = realloc(t->p, cap);
		if (!np)
			luaL_error(t->L, "not enough memory for a JSON body");
		t->p = np;
		t->cap = cap;
	}
	memcpy(t->p + t->len, s, n);
	t->len += n;
}

static void put_str(JsonText *t, const char *s)
{
	put(t, s, strlen(s));
}

static void put_string(JsonText *t, const char *s, size_t len)
{
	put(t, "\"", 1);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			put(t, esc, 2);
		} else if (c < 0x20) {
			snprintf(esc, sizeof esc, "\\u%04x", c);
			put_str(t, esc);
		} else {
			put(t, s + i, 1);
		}
	}
	put(t, "\"", 1);
}

static int by_key(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* True when the table at idx has exactly the keys 1..n, n = its raw length, n > 0. */
static bool is_array(lua_State *L, int idx)
{
	lua_Integer n = (lua_Integer)lua_rawlen(L, idx), count = 0;
	for (lua_pushnil(L); lua_next(L, idx); lua_pop(L, 1), count++)
		if (!lua_isinteger(L, -2) || lua_tointeger(L, -2) < 1 || lua_tointeger(L, -2) > n) {
			lua_pop(L, 2);
			return false;
		}
	return count == n && n > 0;
}

static void put_value(lua_State *L, JsonText *t, int idx, int depth, const char *fname);

static void put_table(lua_State *L, JsonText *t, int idx, int depth, const char *fname)
{
	if (is_array(L, idx)) {
		put(t, "[", 1);
		for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, idx); i++) {
			if (i > 1)
				put(t, ",", 1);
			lua_rawgeti(L, idx, i);
			put_value(L, t, lua_gettop(L), depth + 1, fname);
			lua_pop(L, 1);
		}
		put(t, "]", 1);
		return;
	}
	size_t n = 0;
	for (lua_pushnil(L); lua_next(L, idx); lua_pop(L, 1), n++)
		if (!lu_cstring(L, -2, fname, "a JSON object key"))
			luaL_error(L, "%s: a JSON object needs string keys, got a %s key", fname, luaL_typename(L, -2));
	const char **keys = lua_newuserdatauv(L, (n ? n : 1) * sizeof *keys, 0);
	n = 0;
	for (lua_pushnil(L); lua_next(L, idx); lua_pop(L, 1))
		keys[n++] = lua_tostring(L, -2);           /* anchored by the table */
	qsort(keys, n, sizeof *keys, by_key);
	put(t, "{", 1);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			put(t, ",", 1);
		put_string(t, keys[i], strlen(keys[i]));
		put(t, ":", 1);
		lua_getfield(L, idx, keys[i]);
		put_value(L, t, lua_gettop(L), depth + 1, fname);
		lua_pop(L, 1);
	}
	put(t, "}", 1);
	lua_pop(L, 1);                                 /* the keys */
}

static void put_value(lua_State *L, JsonText *t, int idx, int depth, const char *fname)
{
	char num[40];
	size_t len;
	if (depth > MAX_DEPTH)
		luaL_error(L, "%s: the body is nested more than %d levels deep (a cycle?)", fname, MAX_DEPTH);
	luaL_checkstack(L, 6, "JSON nested too deeply");
	switch (lua_type(L, idx)) {
	case LUA_TTABLE:
		put_table(L, t, idx, depth, fname);
		break;
	case LUA_TSTRING: {
		const char *s = lua_tolstring(L, idx, &len);
		put_string(t, s, len);
		break;
	}
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx))
			snprintf(num, sizeof num, "%lld", (long long)lua_tointeger(L, idx));
		else if (isfinite(lua_tonumber(L, idx)))
			snprintf(num, sizeof num, "%.17g", (double)lua_tonumber(L, idx));
		else
			luaL_error(L, "%s: JSON has no NaN or infinity", fname);
		put_str(t, num);
		break;
	case LUA_TBOOLEAN:
		put_str(t, lua_toboolean(L, idx) ? "true" : "false");
		break;
	case LUA_TNIL:
		put_str(t, "null");
		break;
	default:
		luaL_error(L, "%s: a %s cannot be sent as JSON", fname, luaL_typename(L, idx));
	}
}

const char *ljson_push_encoded(lua_State *L, int idx, const char *fname)
{
	idx = lua_absindex(L, idx);
	JsonText *t = lua_newuserdatauv(L, sizeof *t, 0);
	*t = (JsonText){ NULL, 0, 0, L };
	lua_createtable(L, 0, 1);
	lua_pushcfunction(L, text_gc);
	lua_setfield(L, -2, "__gc");
	lua_setmetatable(L, -2);
	put_value(L, t, idx, 0, fname);
	lua_pushlstring(L, t->p ? t->p : "", t->len);
	lua_remove(L, -2);                             /* the text box: freed by the collector */
	return lua_tostring(L, -1);
}
