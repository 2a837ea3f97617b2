/*
 * watch.h — the moments of a run the view can stop at: named kinds of the model's typed
 * events (`--snapshot-on restart,restore,savepoint`), matched on their kinds and fields.
 *
 * A word names what a learner looks for — a restart, a restore, a kill — or is an event
 * kind's own name ("taskmanager.lost", "job.state"; event_kind_name), for anything else.
 * Display-free; reads events only.
 */
#ifndef VIZ_WATCH_H
#define VIZ_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim.h"

#define VIZ_WATCH_MATCHES 4       /* names one event can match at most */

typedef struct VizWatch {
	uint32_t words;           /* the learner's words watched, a bit each (watch.c's table) */
	uint64_t kinds;           /* event kinds watched by their own names, a bit per EvKind */
} VizWatch;

/* Reads a comma-separated list of words and kind names. False, with the unknown word in
 * why, on anything else (empty items included). */
bool viz_watch_parse(const char *list, VizWatch *w, char *why, size_t len);
bool viz_watch_empty(const VizWatch *w);
/* The names under which e is watched (a word, its kind's name), at most VIZ_WATCH_MATCHES;
 * returns how many. */
int viz_watch_match(const VizWatch *w, const SimEvent *e, const char **names);
/* The words, for messages and --help: "submit, restart, …". */
const char *viz_watch_words(void);

/* A simulated time as the view's file names write it: "60s", "96.100s", "96.000123s". */
void viz_time_name(SimTime t, char *buf, size_t len);

#endif
