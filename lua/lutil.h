/*
 * lutil.h — the bindings' shared helpers: durations, option tables, error translation.
 *
 * Every reader validates and raises (luaL_error, level 1 = the scenario line that made the
 * call) before the binding touches the Sim, so a rejected call changes nothing. Messages
 * name the function, the option and what is accepted, and show the bad value without host
 * addresses (so they are the same on every run).
 */
#ifndef LUTIL_H
#define LUTIL_H

#include <stdbool.h>
#include <stddef.h>

#include <lua.h>

#include "sim.h"

/* Limits the front end enforces before asking the Sim (the Sim checks again). */
#define PG_MAX_TASKMANAGERS SIM_MAX_TASKMANAGERS
#define PG_MAX_SLOTS        SIM_MAX_SLOTS
#define PG_MAX_PARTITIONS   SIM_MAX_PARTITIONS

/* The string at idx, or NULL when the value is not a string. Raises "<fname>: <what> must
 * not contain a NUL byte, got "a\0b"" when it has one: C would see only the part before
 * it ("taskmanager\0-1" would be "taskmanager"). Every string the bindings hand to C is
 * read through here (or lu_check_string / lu_opt_string / lu_opt_enum, which use it). */
const char *lu_cstring(lua_State *L, int idx, const char *fname, const char *what);

/* A duration at stack index idx: a number of seconds >= 0, or a string the project's
 * duration parser accepts (timefmt_parse_duration: "250ms", "15s", "1m30s", "1h2m3.5s").
 * Raises "<fname>: bad <what> <value>: <reason> (expected …)". */
SimTime lu_duration(lua_State *L, int idx, const char *fname, const char *what);

/* Writes a short, address-free description of the value at idx ("\"15x\"", "-1", "a table"). */
const char *lu_describe(lua_State *L, int idx, char *buf, size_t len);

/* Option tables. lu_options returns the index of the table at arg (a new empty table if
 * arg is nil or absent) after checking that every key is one of `keys` (NULL-terminated). */
int lu_options(lua_State *L, int arg, const char *fname, const char *const keys[]);
bool lu_opt_bool(lua_State *L, int t, const char *fname, const char *key, bool def);
lua_Integer lu_opt_integer(lua_State *L, int t, const char *fname, const char *key,
                           lua_Integer def, lua_Integer min, lua_Integer max);
/* Returns the string (kept alive by the option table) or def. */
const char *lu_opt_string(lua_State *L, int t, const char *fname, const char *key, const char *def);
/* One of names[] (NULL-terminated); returns its index, or def when the key is absent. */
int lu_opt_enum(lua_State *L, int t, const char *fname, const char *key,
                const char *const names[], int def);
/* A duration option in µs, or def when absent. */
SimTime lu_opt_duration(lua_State *L, int t, const char *fname, const char *key, SimTime def);

/* Arguments. lu_check_string raises for a non-string or one with a NUL byte. */
const char *lu_check_string(lua_State *L, int arg, const char *fname, const char *what);
lua_Integer lu_check_integer(lua_State *L, int arg, const char *fname, const char *what,
                             lua_Integer min, lua_Integer max);
void lu_check_function(lua_State *L, int arg, const char *fname, const char *what);
/* A well-formed job id (32 lowercase hex) that the Sim knows; raises otherwise. */
const char *lu_check_job(lua_State *L, int arg, const Sim *s, const char *fname);

/* The options of pg.flink.run (and pg.up{job=…}) at index t into *o; the savepoint path
 * stays owned by the option table. */
void lu_job_options(lua_State *L, int t, const char *fname, JobOptions *o);

/* Raises the Sim's message for a failed action: "<fname>: <sim_error>"; a SIM_EUNSUPPORTED
 * status always reads "… is not supported yet". */
int lu_sim_fail(lua_State *L, const Sim *s, SimStatus st, const char *fname);
/* Pushes that message (with the scenario's FILE:LINE) without raising. */
void lu_push_sim_error(lua_State *L, const Sim *s, SimStatus st, const char *fname);
/* Records a command from the scenario in the trace (sim_trace_command), printf-style. */
void lu_command(Sim *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Pushes an integer when v is integral and fits, else a float. */
void lu_push_number(lua_State *L, double v);

#endif
