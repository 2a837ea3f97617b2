/*
 * check_timeline.c — validates a `--timeline` file: the Chrome trace-event format as
 * Perfetto and chrome://tracing read it, and that the run's story is in it.
 *
 * Usage: check_timeline FILE.json NAME…   — every NAME must be the name of some slice,
 * instant or counter. Checks: the file parses as {"traceEvents": [...]}; every event has
 * ph, ts, pid, tid, name; on each track (pid, tid) timestamps never go back and B/E slices
 * nest, every B is closed by an E of the same name; every track and process with events is
 * named by metadata ("M") events. Prints "timeline: N events, M tracks: ok" or the first
 * problem, and exits 0 or 1.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TRACKS 4096
#define MAX_DEPTH  16

typedef struct Track {
	long long pid, tid;
	long long last_ts;
	const char *stack[MAX_DEPTH];
	int depth;
	int named;
} Track;

static Track tracks[MAX_TRACKS];
static int ntracks;

static Track *track(long long pid, long long tid)
{
	for (int i = 0; i < ntracks; i++)
		if (tracks[i].pid == pid && tracks[i].tid == tid)
			return &tracks[i];
	if (ntracks == MAX_TRACKS)
		return NULL;
	Track *t = &tracks[ntracks++];
	memset(t, 0, sizeof *t);
	t->pid = pid;
	t->tid = tid;
	t->last_ts = -1;
	return t;
}

static int fail(size_t i, const char *what, const char *name)
{
	printf("timeline: event %zu (%s): %s\n", i, name ? name : "?", what);
	return 1;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE.json [NAME...]\n", argv[0]);
		return 2;
	}
	json_error_t jerr;
	json_t *root = json_load_file(argv[1], 0, &jerr);
	if (!root) {
		printf("timeline: %s does not parse: line %d: %s\n", argv[1], jerr.line, jerr.text);
		return 1;
	}
	json_t *evs = json_object_get(root, "traceEvents");
	if (!json_is_array(evs))
		return fail(0, "no traceEvents array", "");
	size_t i;
	json_t *e;
	int *found = calloc((size_t)argc, sizeof *found);
	json_array_foreach(evs, i, e) {
		const char *ph = json_string_value(json_object_get(e, "ph"));
		const char *name = json_string_value(json_object_get(e, "name"));
		json_t *ts = json_object_get(e, "ts"), *pid = json_object_get(e, "pid"), *tid = json_object_get(e, "tid");
		if (!ph || !name || !json_is_integer(ts) || !json_is_integer(pid) || !json_is_integer(tid))
			return fail(i, "missing ph, name, ts, pid or tid", name);
		for (int k = 2; k < argc; k++)
			found[k] |= strcmp(name, argv[k]) == 0;
		Track *t = track(json_integer_value(pid), strcmp(ph, "C") == 0 ? -1 : json_integer_value(tid));
		if (!t)
			return fail(i, "too many tracks", name);
		if (strcmp(ph, "M") == 0) {
			t->named |= strcmp(name, "thread_name") == 0 || strcmp(name, "process_name") == 0;
			if (strcmp(name, "process_name") == 0)
				track(json_integer_value(pid), 0)->named = 1;
			continue;
		}
		long long at = json_integer_value(ts);
		if (at < t->last_ts)
			return fail(i, "its timestamp goes back on its track", name);
		t->last_ts = at;
		if (strcmp(ph, "B") == 0) {
			if (t->depth == MAX_DEPTH)
				return fail(i, "slices nest too deep", name);
			t->stack[t->depth++] = name;
		} else if (strcmp(ph, "E") == 0) {
			if (t->depth == 0)
				return fail(i, "an E without its B", name);
			if (strcmp(t->stack[--t->depth], name) != 0)
				return fail(i, "an E that closes another slice", name);
		} else if (strcmp(ph, "i") != 0 && strcmp(ph, "C") != 0) {
			return fail(i, "an unknown phase", name);
		}
	}
	int named_tracks = 0;
	for (int k = 0; k < ntracks; k++) {
		if (tracks[k].depth > 0) {
			printf("timeline: a slice '%s' on track %lld/%lld is never closed\n", tracks[k].stack[tracks[k].depth - 1],
			       tracks[k].pid, tracks[k].tid);
			return 1;
		}
		if (tracks[k].tid >= 0 && tracks[k].last_ts >= 0 && !tracks[k].named && tracks[k].tid != 0) {
			printf("timeline: track %lld/%lld has events but no thread_name\n", tracks[k].pid, tracks[k].tid);
			return 1;
		}
		named_tracks += tracks[k].named;
	}
	for (int k = 2; k < argc; k++)
		if (!found[k]) {
			printf("timeline: nothing named '%s'\n", argv[k]);
			return 1;
		}
	printf("timeline: %zu events, %d tracks: ok\n", json_array_size(evs), named_tracks);
	free(found);
	json_decref(root);               /* nothing left for LeakSanitizer (make asan) */
	return 0;
}
