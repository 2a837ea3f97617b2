/* test_chunkcache.c — chunks compiled once per process (lua/chunkcache.c).
 *
 * A cached chunk must behave as the text would: the same results, errors naming the same
 * FILE:LINE, syntax errors as Lua reports them, a changed text compiled anew; and a run's
 * state must see the same allocations on a process's first load as on its later ones
 * (they are charged to the scenario's budget, so a swarm trial must not depend on which
 * trials its worker ran before). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lualib.h>

#include "chunkcache.h"

/* An allocator that counts the bytes it is asked for. */
static void *counting_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	size_t *asked = ud;
	(void)osize;
	if (nsize == 0) {
		free(ptr);
		return NULL;
	}
	*asked += nsize;
	return realloc(ptr, nsize);
}

/* Bytes a fresh state is asked for by loading (not running) the chunk. */
static size_t load_cost(const char *text, const char *name)
{
	size_t asked = 0;
	lua_State *L = lua_newstate(counting_alloc, &asked);
	assert_non_null(L);
	size_t before = asked;
	assert_int_equal(chunk_load(L, text, strlen(text), name), LUA_OK);
	size_t cost = asked - before;
	lua_close(L);
	return cost;
}

static void test_first_load_costs_the_same(void **state)
{
	(void)state;
	static const char text[] = "local t = {}\nfor i = 1, 10 do t[i] = ('x'):rep(i) end\nreturn #t\n";
	size_t first = load_cost(text, "@first.lua");
	size_t again = load_cost(text, "@first.lua");
	assert_true(first > 0);
	assert_int_equal(first, again);
}

/* Runs the chunk at the top of L; returns its error message or first result as a string. */
static const char *run(lua_State *L)
{
	if (lua_pcall(L, 0, 1, 0) != LUA_OK)
		return lua_tostring(L, -1);
	return luaL_tolstring(L, -1, NULL);
}

static void test_results_and_errors_as_the_text(void **state)
{
	(void)state;
	static const char boom[] = "local x = 1\nerror('boom ' .. x)\n";
	for (int round = 0; round < 2; round++) {            /* compiled, then from the cache */
		lua_State *L = luaL_newstate();
		luaL_openlibs(L);
		assert_int_equal(chunk_load(L, boom, strlen(boom), "@scen/boom.lua"), LUA_OK);
		assert_string_equal(run(L), "scen/boom.lua:2: boom 1");
		assert_int_equal(chunk_load(L, "return 6 * 7", 12, "=answer"), LUA_OK);
		assert_string_equal(run(L), "42");
		lua_close(L);
	}
}

static void test_syntax_error_as_lua_reports_it(void **state)
{
	(void)state;
	static const char bad[] = "local x = \nreturn (";
	lua_State *L = luaL_newstate();
	assert_int_equal(luaL_loadbufferx(L, bad, strlen(bad), "@bad.lua", "t"), LUA_ERRSYNTAX);
	char want[256];
	snprintf(want, sizeof want, "%s", lua_tostring(L, -1));
	lua_pop(L, 1);
	for (int round = 0; round < 2; round++) {
		assert_int_equal(chunk_load(L, bad, strlen(bad), "@bad.lua"), LUA_ERRSYNTAX);
		assert_string_equal(lua_tostring(L, -1), want);
		lua_pop(L, 1);
	}
	lua_close(L);
}

static void test_changed_text_compiled_anew(void **state)
{
	(void)state;
	lua_State *L = luaL_newstate();
	char text[64];
	for (int i = 0; i < 40; i++) {                        /* more texts than the cache holds */
		snprintf(text, sizeof text, "return %d", i);
		assert_int_equal(chunk_load(L, text, strlen(text), "@same.lua"), LUA_OK);
		char want[16];
		snprintf(want, sizeof want, "%d", i);
		assert_string_equal(run(L), want);
		lua_pop(L, 1);
	}
	lua_close(L);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_load_costs_the_same),
		cmocka_unit_test(test_results_and_errors_as_the_text),
		cmocka_unit_test(test_syntax_error_as_lua_reports_it),
		cmocka_unit_test(test_changed_text_compiled_anew),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
