/*
 * chunkcache.h — Lua chunks compiled once per process: the runner's scenario and the
 * embedded library modules, kept as bytecode and loaded from it in every run.
 */
#ifndef CHUNKCACHE_H
#define CHUNKCACHE_H

#include <stddef.h>

#include <lua.h>

/* As luaL_loadbufferx(L, src, len, chunkname, "t"): pushes the compiled chunk (LUA_OK) or
 * the syntax error (the text's own message). A chunk compiled before in this process is
 * loaded from its bytecode; a new one is compiled in a state of its own and then loaded
 * the same way, so every run's state sees the same allocations whichever came first. */
int chunk_load(lua_State *L, const char *src, size_t len, const char *chunkname);

#endif
