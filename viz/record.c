/*
 * record.c — the branch on screen as a scenario (see record.h).
 *
 * The file, top to bottom: a header saying what it is and how to run it; the timers (one
 * per command, in the order given, so commands at one instant keep their order: timers due
 * together fire in registration order); for a view closed early, the timer that stops the
 * run there; `arg` as the view gave it; the scenario's text in a long string, loaded with
 * its own name; its call (with no arguments, as the runner calls a scenario: it reads `arg`);
 * and what the view did after the scenario's end.
 */
#include "record.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t viz_lua_quote(const char *s, size_t n, char *out, size_t cap)
{
	size_t k = 0;
#define PUT(ch) do { if (k + 1 < cap) out[k] = (char)(ch); k++; } while (0)
	PUT('"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n" : c == '\r' ? "\\r" :
		                  c == '\t' ? "\\t" : NULL;
		char num[8];
		if (!esc && (c < 0x20 || c == 0x7f)) {    /* three digits: a digit after it stays a digit */
			snprintf(num, sizeof num, "\\%03u", c);
			esc = num;
		}
		if (esc)
			for (const char *p = esc; *p; p++)
				PUT(*p);
		else
			PUT(c);
	}
	PUT('"');
#undef PUT
	if (cap)
		out[k < cap ? k : cap - 1] = '\0';
	return k;
}

void viz_record_time(SimTime t, char *buf, size_t len)
{
	snprintf(buf, len, "%" PRId64 ".%06" PRId64 "s", t / SIM_US_PER_S, t % SIM_US_PER_S);
}

/* A quoted string of any length on the stream. */
static void put_quoted(FILE *m, const char *s, size_t n)
{
	size_t need = viz_lua_quote(s, n, NULL, 0) + 1;
	char *q = malloc(need);
	if (!q) {
		fputs("nil --[[ out of memory ]]", m);      /* the replay then says what it lacks */
		return;
	}
	viz_lua_quote(s, n, q, need);
	fputs(q, m);
	free(q);
}

/* Text for a comment: one line, control characters as '?', at most max bytes. */
static void put_comment_text(FILE *m, const char *s, size_t max)
{
	size_t n = 0;
	for (; s && s[n] && n < max; n++)
		fputc((unsigned char)s[n] < 0x20 || s[n] == 0x7f ? '?' : s[n], m);
	if (s && s[n])
		fputs("…", m);
}

static int count_kind(const VizRecording *r, VizStrokeKind kind)
{
	int n = 0;
	for (size_t i = 0; i < r->nstrokes; i++)
		n += r->strokes[i].kind == kind;
	return n;
}

static void header(FILE *m, const VizRecording *r)
{
	char t[40];
	fputs("-- A branch of `playground viz` as a scenario: ", m);
	put_comment_text(m, r->file, 200);
	fprintf(m, " with the view's commands\n-- (%d keys, %d HTTP requests; branch %d) at their simulated instants, each a\n",
	        count_kind(r, VIZ_STROKE_KEY), count_kind(r, VIZ_STROKE_HTTP), r->branch);
	fputs("-- pg.time.at timer registered before the scenario runs, so that it acts where the view did:\n"
	      "-- after the model's events up to its instant, before the scenario's own actions there.\n", m);
	fprintf(m, "-- Written by `playground viz --record`; replay it with `playground run FILE.lua`%s",
	        r->budget ? "" : ".\n");
	if (r->budget)
		fprintf(m, " --budget %" PRIu64 "\n-- (the view's budget).\n", r->budget);
	if (r->hash_known)
		fprintf(m, "-- It ends with the view's trace hash: trace-hash: %016" PRIx64 "\n", r->hash);
	if (r->end == VIZ_RECORD_OPEN)
		fputs("-- (Written when the branch began; the view went on, and writes the file again when it quits.)\n", m);
	if (r->end == VIZ_RECORD_CLOSED) {
		viz_record_time(r->final_t, t, sizeof t);
		fprintf(m, "-- The view was closed at t=%s, before the scenario's end: the run stops there, with\n"
		        "-- an error that says so (exit 1).\n", t);
	}
	if (r->seed_forced)
		fprintf(m, "-- The view ran with --seed %" PRIu64 ", which overrides pg.up{ seed = ... }: so does the code\n"
		        "-- below (math.random before pg.up and pg.seed() follow --seed: give it too if the scenario\n"
		        "-- uses them before pg.up).\n", r->seed);
	fputs("local pg = require(\"playground\")\n", m);
}

static void seed_patch(FILE *m, const VizRecording *r)
{
	if (!r->seed_forced)
		return;
	fprintf(m, "do\n"
	        "\tlocal up = pg.up\n"
	        "\tpg.up = function(opts, ...)\n"
	        "\t\tif opts ~= nil and type(opts) ~= \"table\" then return up(opts, ...) end\n"
	        "\t\tlocal o = {}\n"
	        "\t\tfor k, v in pairs(opts or {}) do o[k] = v end\n"
	        "\t\to.seed = %" PRIu64 "\n"
	        "\t\treturn up(o, ...)\n"
	        "\tend\n"
	        "end\n", r->seed);
}

static const char *key_letter(VizCommand cmd)
{
	switch (cmd) {
	case VIZ_CMD_KILL_TM: return "k";
	case VIZ_CMD_START_TM: return "s";
	case VIZ_CMD_PAUSE_TM: return "p";
	case VIZ_CMD_SCALE_UP: return "u";
	case VIZ_CMD_SCALE_DOWN: return "d";
	case VIZ_CMD_STOP_SAVEPOINT: return "x";
	case VIZ_CMD_RESUBMIT: return "r";
	default: return "?";
	}
}

static void timers(FILE *m, const VizRecording *r)
{
	char t[40];
	for (size_t i = 0; i < r->nstrokes; i++) {
		const VizStroke *k = &r->strokes[i];
		viz_record_time(k->t, t, sizeof t);
		fprintf(m, "pg.time.at(\"%s\", function() %s end)   -- ", t, k->call ? k->call : "");
		if (k->kind == VIZ_STROKE_KEY)
			fprintf(m, "key %s: ", key_letter(k->cmd));
		put_comment_text(m, k->line, 160);
		fputc('\n', m);
	}
	if (r->end != VIZ_RECORD_CLOSED)
		return;
	viz_record_time(r->final_t, t, sizeof t);
	fprintf(m, "pg.time.at(\"%s\", function() error(\"the view that recorded this run was closed at t=%s: "
	        "the recording stops here\", 0) end)\n", t, t);
}

/* The shortest long bracket level whose closing bracket first occurs at the text's end. */
static int bracket_level(const char *s, size_t n)
{
	for (int level = 0;; level++) {
		char close[80];
		int c = snprintf(close, sizeof close, "]%.*s]", level, "==============================================");
		bool clash = false;
		for (size_t i = 0; i + 1 <= n && !clash; i++)       /* a closer starting inside the text */
			clash = s[i] == ']' && memcmp(s + i, close, n - i < (size_t)c ? n - i : (size_t)c) == 0;
		if (!clash || level >= 40)
			return level;
	}
}

static void scenario_chunk(FILE *m, const VizRecording *r)
{
	fputs("arg = { [0] = ", m);
	put_quoted(m, r->file, strlen(r->file));
	for (int i = 0; i < r->nargs; i++) {
		fputs(", ", m);
		put_quoted(m, r->args[i], strlen(r->args[i]));
	}
	fputs(" }\n", m);
	int level = bracket_level(r->source, r->source_len);
	char chunkname[1100];
	snprintf(chunkname, sizeof chunkname, "@%s", r->file);
	fprintf(m, "local scenario = assert(load([%.*s[\n", level, "==============================================");
	fwrite(r->source, 1, r->source_len, m);
	fprintf(m, "]%.*s], ", level, "==============================================");
	put_quoted(m, chunkname, strlen(chunkname));
	fputs(", \"t\"))\n", m);
}

static void ending(FILE *m, const VizRecording *r)
{
	char d[40], t[40];
	if (r->end != VIZ_RECORD_RAN_ON) {
		fputs("scenario()\n", m);
		return;
	}
	viz_record_time(r->final_t - r->end_t, d, sizeof d);
	viz_record_time(r->final_t, t, sizeof t);
	if (!r->failed) {
		fputs("scenario()\n", m);
		fprintf(m, "pg.time.sleep(\"%s\")   -- the view ran on past the scenario's end, to t=%s\n", d, t);
		return;
	}
	fputs("local ok, failure = pcall(scenario)\n", m);
	fprintf(m, "pg.time.sleep(\"%s\")   -- the view ran on past the scenario's failure, to t=%s\n", d, t);
	fputs("if not ok then error(failure, 0) end\n", m);
}

char *viz_record_text(const VizRecording *r, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&buf, &n);
	if (!m)
		return NULL;
	header(m, r);
	seed_patch(m, r);
	timers(m, r);
	scenario_chunk(m, r);
	ending(m, r);
	if (fclose(m) != 0) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

bool viz_record_write(const char *path, const VizRecording *r, char *err, size_t errlen)
{
	size_t n;
	char *text = viz_record_text(r, &n), tmp[4200];
	if (!text)
		return snprintf(err, errlen, "out of memory"), false;
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	bool ok = f && fwrite(text, 1, n, f) == n;
	int e = errno;
	if (f && fclose(f) != 0 && ok) {
		ok = false;
		e = errno;
	}
	if (ok && rename(tmp, path) != 0) {
		ok = false;
		e = errno;
	}
	free(text);
	if (!ok) {
		if (f)
			remove(tmp);
		snprintf(err, errlen, "cannot write the recording to %s: %s", path, strerror(e));
	}
	return ok;
}
