/*
 * trace.h — the run's record of state changes: one line per change, hashed as it goes.
 *
 * Line: "<t seconds, 6 decimals> <component> <text>". The hash (FNV-1a 64 over every
 * line, newline included) is what `trace-hash:` prints; equal hashes mean equal runs.
 * The text is escaped (trace_escape) before it is hashed or handed to subscribers, so a
 * line is always one line, whatever names and paths it quotes. The text itself is an
 * event's rendering (sim/event.h); this module only escapes, hashes and counts.
 */
#ifndef TRACE_H
#define TRACE_H

#include <stddef.h>
#include <stdint.h>

typedef int64_t SimTime;

typedef struct Trace {
	uint64_t hash;                 /* FNV-1a 64 of every line so far */
	uint64_t lines;                /* lines emitted */
} Trace;

void trace_init(Trace *tr);
/* Writes in[0..n) to out (len bytes, NUL-terminated) with a backslash before each backslash
 * and the control characters written as \n, \r, \t or \xHH (NUL, ESC, DEL, …); stops
 * early rather than cut an escape. Returns the length written. */
size_t trace_escape(const char *in, size_t n, char *out, size_t len);
/* Adds the line "<t> <component> <text>" to the trace: escapes raw (trace_escape) into
 * text[len], hashes the line, counts it. Returns the escaped text's length. */
size_t trace_line(Trace *tr, SimTime t, const char *component, const char *raw, char *text, size_t len);

#endif
