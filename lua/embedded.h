/*
 * embedded.h — the Lua library modules the binary carries (the lua/ folder's .lua files, embedded at build time
 * by lua/embed.sh): require("playground.swarm") loads lua/swarm.lua from here.
 */
#ifndef EMBEDDED_H
#define EMBEDDED_H

#include <stddef.h>

typedef struct PgLuaModule {
	const char *name;             /* "playground.swarm"; NULL ends the table */
	const char *chunkname;        /* "@lua/swarm.lua": error messages name the file */
	const char *source;           /* the module's text */
	size_t len;                   /* its length */
} PgLuaModule;

extern const PgLuaModule pg_lua_modules[];

#endif
