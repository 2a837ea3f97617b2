/*
 * ljson.h — JSON text ⇄ Lua values (pg.flink.rest bodies); see ljson.c for the mapping.
 */
#ifndef LJSON_H
#define LJSON_H

#include <lua.h>

/* Pushes the Lua value of a JSON text (NULL is JSON null → nil); raises naming fname if the
 * text is not JSON. */
void ljson_push_decoded(lua_State *L, const char *text, const char *fname);
/* Pushes the JSON text of the Lua value at idx and returns it; raises naming fname for
 * values JSON cannot hold. Object keys are written in sorted order. */
const char *ljson_push_encoded(lua_State *L, int idx, const char *fname);

#endif
