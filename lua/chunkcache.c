/*
 * chunkcache.c — bytecode of the chunks a process loads again and again (see chunkcache.h).
 *
 * A swarm worker runs trial after trial, each in a fresh Lua state that loads the same
 * scenario file and the same library modules; parsing them was ≈ 5 % of a trial. The
 * cache holds, per (chunk name, text), the chunk dumped with its debug information (line
 * numbers and source name, so errors read the same). It is small and fixed: CACHE_SLOTS
 * entries, the oldest replaced first (a shrink loads a new text per attempt).
 *
 * Every load goes through the bytecode, the first too: the text is compiled in a scratch
 * state, never in the run's, so a run's allocations — charged to its budget — and its
 * garbage collector's pace do not depend on what the process ran before.
 */
#include "chunkcache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#define CACHE_SLOTS 16

typedef struct Chunk {
	char   *name;                  /* the chunk name ("@scenarios/swarm.lua"), NULL: free slot */
	char   *text;                  /* its source */
	size_t  text_len;              /* bytes */
	char   *code;                  /* lua_dump of the compiled chunk */
	size_t  code_len;              /* bytes */
} Chunk;

static Chunk cache[CACHE_SLOTS];
static unsigned next_victim;       /* round-robin replacement */
static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER; /* the view runs a second run in a thread */

typedef struct Dump {
	char  *p;
	size_t n, cap;
	int    failed;                 /* out of memory */
} Dump;

static int dump_write(lua_State *L, const void *p, size_t sz, void *ud)
{
	(void)L;
	Dump *d = ud;
	if (d->n + sz > d->cap) {
		size_t cap = d->cap ? d->cap : 4096;
		while (cap < d->n + sz)
			cap *= 2;
		char *q = realloc(d->p, cap);
		if (!q) {
			d->failed = 1;
			return 1;
		}
		d->p = q;
		d->cap = cap;
	}
	memcpy(d->p + d->n, p, sz);
	d->n += sz;
	return 0;
}

static Chunk *lookup(const char *src, size_t len, const char *chunkname)
{
	for (int i = 0; i < CACHE_SLOTS; i++) {
		Chunk *c = &cache[i];
		if (c->name && c->text_len == len && strcmp(c->name, chunkname) == 0 && memcmp(c->text, src, len) == 0)
			return c;
	}
	return NULL;
}

static void chunk_clear(Chunk *c)
{
	free(c->name);
	free(c->text);
	free(c->code);
	*c = (Chunk){ 0 };
}

/* Compiles the text in a state of its own and keeps its bytecode; NULL when it does not
 * compile or memory runs out (the caller then loads the text itself, for its message). */
static Chunk *compile(const char *src, size_t len, const char *chunkname)
{
	lua_State *S = luaL_newstate();
	if (!S)
		return NULL;
	Dump d = { 0 };
	if (luaL_loadbufferx(S, src, len, chunkname, "t") != LUA_OK || lua_dump(S, dump_write, &d, 0) != 0 || d.failed) {
		lua_close(S);
		free(d.p);
		return NULL;
	}
	lua_close(S);
	Chunk *c = &cache[next_victim];
	next_victim = (next_victim + 1) % CACHE_SLOTS;
	chunk_clear(c);
	c->name = strdup(chunkname);
	c->text = malloc(len ? len : 1);
	if (!c->name || !c->text) {
		chunk_clear(c);
		free(d.p);
		return NULL;
	}
	memcpy(c->text, src, len);
	c->text_len = len;
	c->code = d.p;
	c->code_len = d.n;
	return c;
}

int chunk_load(lua_State *L, const char *src, size_t len, const char *chunkname)
{
	pthread_mutex_lock(&cache_mu);
	Chunk *c = lookup(src, len, chunkname);
	if (!c)
		c = compile(src, len, chunkname);
	int st = c ? luaL_loadbufferx(L, c->code, c->code_len, chunkname, "b")
	           : luaL_loadbufferx(L, src, len, chunkname, "t");
	pthread_mutex_unlock(&cache_mu);
	return st;
}
