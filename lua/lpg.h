/*
 * lpg.h — what the `playground` bindings share: the run context and simulated time.
 *
 * One PgContext per scenario run, owned by the runner (runner.c). Every lua_State of the
 * run (the main thread and any coroutine) reaches it through lua_getextraspace, never a
 * global. The context owns the Sim once pg.up created it, and the timer list of
 * pg.time.at/every: timers fire in (time, insertion) order while time passes in
 * pg.time.sleep/wait_until, so callbacks run at their exact simulated times.
 */
#ifndef LPG_H
#define LPG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <lua.h>

#include "sim.h"

/* How simulated time passes: must leave sim_now(sim) == until. Returns false to abort the
 * scenario (e.g. the viz window was closed). NULL in the context means sim_run_until. */
typedef bool (*PgAdvanceFn)(void *ctx, Sim *sim, SimTime until);
/* Told when pg.up created the Sim (and with NULL when a failed pg.up destroyed it). */
typedef void (*PgSimFn)(void *ctx, Sim *sim);
/* Told of every line the scenario writes — pg.log's text without its "[ t s]" prefix
 * (timed), or a print's arguments joined by tabs — with its length and the simulated time
 * it was written at (0 before pg.up), whether or not the run is quiet: the view's narration
 * reads it, not the printed text. */
typedef void (*PgLogFn)(void *ctx, SimTime t, const char *line, size_t len, bool timed);

typedef struct PgTimer {
	SimTime at_us;                /* next firing time */
	SimTime every_us;             /* period; 0 for a one-shot pg.time.at */
	uint64_t seq;                 /* insertion counter: orders timers due at the same time */
	lua_Integer id;               /* handle given to Lua (pg.time.cancel) */
	int fn_ref;                   /* registry reference of the callback */
} PgTimer;

typedef enum PgRandomMode {
	PG_RANDOM_DEFAULT,            /* before pg.up: own stream from the seed; after: the Sim's "lua" stream */
	PG_RANDOM_SEEDED              /* math.randomseed(n) was called: own stream from n */
} PgRandomMode;

/* One step of a swarm plan (pg.swarm.plan), copied out of Lua. */
typedef struct PgSwarmStep {
	double t_s;                   /* seconds since the scenario started */
	char *code;                   /* Lua statements (free variables pg and w), a copy */
} PgSwarmStep;

/* What pg.swarm records of a run (l_swarm.c), for `playground swarm` to print the schedule
 * of a failing seed, name the checker that failed and shrink the plan; and the shrinker's
 * mask, which the runner sets before the scenario starts. Strings are owned copies. */
typedef struct PgSwarmState {
	const bool *keep;             /* the shrinker's mask, nkeep entries; NULL: keep every step */
	size_t nkeep;                 /* its length (must equal the plan's number of steps) */
	bool planned;                 /* pg.swarm.plan was called (at most once per run) */
	char *setup;                  /* the plan's world: a Lua expression */
	PgSwarmStep *steps;           /* the plan's steps, t_s non-decreasing */
	size_t nsteps;                /* their number */
	char *check;                  /* the last pg.swarm.verdict's check, or NULL */
	char *message;                /* and its message */
} PgSwarmState;

typedef struct PgContext {
	const char *script;           /* scenario file as given on the command line */
	Sim *sim;                     /* created by pg.up, destroyed by the runner; NULL before */
	uint64_t seed;                /* --seed (or 1) until pg.up, then the Sim's seed */
	bool seed_forced;             /* --seed given: it overrides pg.up{seed} */
	const char *host_root;        /* the Sim's host root (SimOptions.host_root), or NULL */
	bool quiet;                   /* swarm: drop pg.log and print output */
	FILE *out;                    /* scenario output (pg.log, print) */
	SimEventFn trace_fn;          /* event subscriber pg.up installs on the new Sim */
	void *trace_ctx;              /* its context */
	PgAdvanceFn advance;          /* how time passes; NULL: sim_run_until */
	void *advance_ctx;            /* its context */
	PgSimFn on_sim;               /* told when the Sim appears or goes; may be NULL */
	void *on_sim_ctx;             /* its context */
	PgLogFn log_fn;               /* told of every pg.log and print line; may be NULL */
	void *log_ctx;                /* its context */
	PgTimer *timers;              /* pending pg.time.at/every timers, unordered */
	size_t ntimers, cap_timers;   /* used and allocated entries */
	uint64_t timer_seq;           /* insertions so far */
	lua_Integer timer_ids;        /* ids handed out so far */
	int nowait;                   /* > 0 while a callback or predicate runs: no waiting */
	PgRandomMode random_mode;     /* where math.random draws from */
	uint64_t random_state[4];     /* xoshiro256** state of the own stream */
	uint64_t budget;              /* VM instructions allowed; 0 = unlimited */
	uint64_t instructions;        /* VM instructions counted so far (hook granularity) */
	int hook_step;                /* instructions between two budget hook calls */
	size_t mem_used, mem_limit;   /* Lua heap bytes in use and allowed */
	lua_Integer next_object_id;   /* deterministic ids for tostring of tables etc. */
	PgSwarmState swarm;           /* pg.swarm's plan and verdict; freed by pg_swarm_free */
} PgContext;

/* Registry key of the message of the last failed pg.expect (the runner reports those
 * without repeating the time). */
#define EXPECTATION_KEY "playground.expectation"

#define PG_SECONDS(us) ((lua_Number)(us) / 1e6)

static inline PgContext *pg_ctx(lua_State *L)
{
	return *(PgContext **)lua_getextraspace(L);
}

/* The Sim, or raises "<fname>: the environment is not up yet (call pg.up first)". */
Sim *pg_sim(lua_State *L, const char *fname);
/* Raises unless waiting is allowed here (not inside a pg.time callback or predicate). */
void pg_check_may_wait(lua_State *L, const char *fname);

/* The message handler of every protected call into Lua (runner.c). */
int pg_message_handler(lua_State *L);

/* Timers (timers.c). */
lua_Integer pg_timers_add(lua_State *L, SimTime at_us, SimTime every_us, int fn_idx);
bool pg_timers_cancel(lua_State *L, lua_Integer id);
/* Runs the Sim up to `until`, firing due timers at their times; raises what a callback raises. */
void pg_timers_advance(lua_State *L, SimTime until);
/* Calls the function at fn_idx with no arguments as a predicate (no waiting inside). */
bool pg_call_predicate(lua_State *L, int fn_idx);
void pg_timers_free(PgContext *c);

/* One HTTP exchange with the REST API as it crosses the wire (pg.flink.http, and the live
 * servers of `shell` and `run --live`): recorded in the trace as the command "http METHOD
 * TARGET", then answered by rest_handle at the current simulated instant. Returns the
 * status; *answer is the body, malloc'd. */
int pg_http_exchange(Sim *s, const char *method, const char *target, const char *body, char **answer);
/* The same with a Content-Type header and len bytes of body (any bytes: a multipart upload). */
int pg_http_exchange_typed(Sim *s, const char *method, const char *target, const char *type,
                           const char *body, size_t len, char **answer);

/* The modules (one file each). luaopen_playground assembles the `pg` table. */
int luaopen_playground(lua_State *L);
int luaopen_pg_time(lua_State *L);
int luaopen_pg_flink(lua_State *L);
int luaopen_pg_kafka(lua_State *L);
int luaopen_pg_check(lua_State *L);
int luaopen_pg_compose(lua_State *L);
int luaopen_pg_net(lua_State *L);
int luaopen_pg_swarm(lua_State *L);
/* Frees what pg.swarm recorded (the mask is not owned); the runner calls it once. */
void pg_swarm_free(PgSwarmState *s);

/* The scenario sandbox (sandbox.c): safe, deterministic globals and the budget hook. */
void sandbox_open(lua_State *L);
/* tostring without host addresses: tables, functions, … get a per-run sequence number. */
const char *sandbox_tostring(lua_State *L, int idx, size_t *len);
void *sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize);

#endif
