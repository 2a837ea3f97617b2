/*
 * budget.h — what one library call may cost a scenario: the instruction and memory budgets
 * applied to work that a single C call does out of sight of the count hook.
 *
 * The count hook (sandbox.c) sees Lua VM instructions only; one call of string.find with
 * a backtracking pattern, string.rep, table.concat, … can run for minutes inside one
 * instruction. Such calls are charged, before they run, a bound of the work they may do
 * (a static bound for patterns, the count of elements or bytes otherwise) against the
 * instructions left, and refused with the scenario's FILE:LINE when it does not fit; calls
 * that build large results first check the memory left. Allocations are charged by the
 * allocator (one instruction per BUDGET_BYTES_PER_STEP bytes), so copying work is counted
 * too.
 */
#ifndef BUDGET_H
#define BUDGET_H

#include <stdbool.h>
#include <stddef.h>

#include <lua.h>

/* Bytes of copying or scanning counted as one instruction (memcpy moves ~16 bytes in the
 * time the VM runs a simple instruction). */
#define BUDGET_BYTES_PER_STEP 16

/* Charges `steps` to the run's instruction budget, or raises "<fname>: <what> may take up
 * to N steps, more than the M instructions left of the budget …" (FILE:LINE of the caller)
 * when they do not fit. Nothing is charged when the run has no budget. */
void budget_charge(lua_State *L, double steps, const char *fname, const char *what);
/* Charges `steps` and returns true when they fit; false (nothing charged) otherwise. */
bool budget_try(lua_State *L, double steps);
/* Raises "<fname>: <what> would need N MiB, more than the M MiB the scenario has left …"
 * unless `bytes` more fit under the memory limit (the hook's soft limit, 3/4 of it). */
void budget_reserve(lua_State *L, double bytes, const char *fname, const char *what);

/* The bound on the steps of one call of Lua's pattern matcher: pattern p (plen bytes) on
 * the n bytes at subject, `anchor_allowed` for find/match/gsub (a leading '^' anchors),
 * `resumed` for gmatch/gsub (matching goes on after each match). */
double budget_pattern_steps(const char *p, size_t plen, const char *subject, size_t n, int anchor_allowed,
                            int resumed);

/* Replaces the string, table, utf8 and base functions whose single call can do unbounded
 * work with charged wrappers (in the `string` table and the strings' metatable alike). */
void budget_wrap_libraries(lua_State *L);

#endif
