/*
 * record.h — `playground viz --record OUT.lua`: the branch on screen as a scenario of its own.
 *
 * The recording is the original scenario's text, unchanged, run by load() under its own
 * name (its errors read FILE:LINE as they did), preceded by one pg.time.at timer per command
 * of the branch, registered before the scenario runs, that makes the command's Lua API call
 * (VizStroke.call: pg.compose.kill("taskmanager-1"), pg.flink.http("GET", "/jobs"), …) at the
 * command's instant, to the microsecond. A timer registered first fires at its instant after
 * the model's events up to that instant and before the scenario's own actions there — the
 * point where the view gives its commands (loop.c) — so `playground run OUT.lua` makes the
 * model calls of the view's run, in its order, and ends with its trace hash.
 *
 * How the view ended decides how the recording ends: where the scenario ended (nothing
 * more); past it (a pg.time.sleep to the view's last instant, the scenario's failure, if
 * any, raised again after it); or before it (a timer at the view's last instant that stops
 * the run with an error saying so). The view's seed and the words after `--` are written
 * in, so the file needs no options. Display-free.
 */
#ifndef VIZ_RECORD_H
#define VIZ_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "session.h"

typedef enum VizRecordEnd {
	VIZ_RECORD_OPEN,          /* written while the view goes on (a branch began): the scenario runs to its end */
	VIZ_RECORD_AT_END,        /* the view ended where the scenario ended */
	VIZ_RECORD_RAN_ON,        /* the view ran on past the scenario's end, to final_t */
	VIZ_RECORD_CLOSED         /* the view was closed at final_t, before the scenario's end */
} VizRecordEnd;

typedef struct VizRecording {
	const char *file;         /* the scenario as the view was given it */
	const char *source;       /* its text (a "#!" first line blanked, as the runner does) */
	size_t source_len;        /* bytes */
	char *const *args;        /* the words after `--`: arg[1..nargs] */
	int nargs;
	bool seed_forced;         /* --seed was given: it overrides pg.up{ seed = … } … */
	uint64_t seed;            /* … with this */
	uint64_t budget;          /* --budget, 0 the default */
	const VizStroke *strokes; /* the branch's commands up to the instant shown, in order */
	size_t nstrokes;
	int branch;               /* the branch's number (0: the first run) */
	VizRecordEnd end;
	SimTime end_t;            /* RAN_ON: the instant the scenario ended */
	SimTime final_t;          /* RAN_ON, CLOSED: the view's last instant */
	bool failed;              /* RAN_ON: the scenario failed (its failure is raised after the sleep) */
	bool hash_known;          /* the view printed this hash for the branch: */
	uint64_t hash;
} VizRecording;

/* s (n bytes) as a Lua string literal that reads back as exactly those bytes, in out (cap
 * bytes, NUL-terminated, cut short when it does not fit); returns the length it needs. */
size_t viz_lua_quote(const char *s, size_t n, char *out, size_t cap);
/* A simulated time as pg.time.at takes it to the microsecond: "30.000000s". */
void viz_record_time(SimTime t, char *buf, size_t len);
/* The recording's text; the caller frees it. NULL when out of memory. */
char *viz_record_text(const VizRecording *r, size_t *len);
/* Writes it to path through path.tmp, renamed over path (a crash midway leaves the last one
 * whole); false with the reason in err. */
bool viz_record_write(const char *path, const VizRecording *r, char *err, size_t errlen);

#endif
