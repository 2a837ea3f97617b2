/*
 * swarm_report.c — terminal blocks, JSON, JUnit and the merge of shards (swarm_report.h).
 *
 * A failure travels as one JSON object: a sweep writes each to a temporary file, one per
 * line, as the seed's turn comes (seed order); the JSON and JUnit writers read them back,
 * and so does a merge, from the shards' files. Shrink results come after the sweep and are
 * kept in memory (a few seeds), attached to their failure when written.
 *
 * JSON must be UTF-8 and XML too: messages are Lua strings, any bytes, so text is cleaned
 * on the way out (a byte that starts no valid character becomes U+FFFD). Control characters
 * other than tab and newline cannot appear in XML 1.0 at all, not even escaped; they become
 * U+FFFD in JUnit files.
 */
#include "swarm_report.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#define REPLACEMENT "\xef\xbf\xbd"             /* U+FFFD in UTF-8 */
/* Numbers with 15 significant digits: step times read as written ("12.5", not
 * "12.500000000000002"); wall-clock figures are rounded to what they are worth. */
#define JSON_FLAGS  JSON_REAL_PRECISION(15)

/* ---------------------------------------------------------------- text */

void swarm_shard_range(uint64_t first, uint64_t seeds, unsigned k, unsigned n, uint64_t *lo, uint64_t *hi)
{
	uint64_t q = seeds / n, r = seeds % n, before = (uint64_t)(k - 1);
	*lo = first + before * q + (before < r ? before : r);
	*hi = *lo + q + (before < r ? 1 : 0);
}

/* Prints s; every line after the first starts with indent. */
static void print_lines(FILE *f, const char *s, const char *indent)
{
	for (; *s; s++) {
		fputc(*s, f);
		if (*s == '\n' && s[1])
			fputs(indent, f);
	}
}

static void print_step(FILE *f, const SwarmStep *s, size_t i, size_t n)
{
	fprintf(f, "  step %zu/%zu at t=%.3fs: ", i + 1, n, s->t_s);
	print_lines(f, s->code, "      ");
	fputc('\n', f);
}

void swarm_print_failure(FILE *f, const SwarmFailure *x)
{
	fprintf(f, "FAIL seed %llu: ", (unsigned long long)x->seed);
	print_lines(f, x->message, "    ");
	fprintf(f, "\n  check: %s\n", x->check);
	if (x->planned) {
		fputs("  setup: ", f);
		print_lines(f, x->setup, "    ");
		fputc('\n', f);
		for (size_t i = 0; i < x->nsteps; i++)
			print_step(f, &x->steps[i], i, x->nsteps);
	}
	fprintf(f, "  replay: %s\n", x->replay);
}

void swarm_print_shrunk(FILE *f, const SwarmFailure *x)
{
	const SwarmShrunk *s = x->shrunk;
	fprintf(f, "shrink seed %llu: ", (unsigned long long)x->seed);
	if (!x->planned) {
		fprintf(f, "%s\n", s->note ? s->note : "nothing to shrink");
		return;
	}
	fprintf(f, "%zu of %zu steps kept after %zu trials%s\n", s->nkept, x->nsteps, s->trials,
	        s->exhausted ? " (stopped by --shrink-trials: not minimal)" : "");
	for (size_t i = 0; i < s->nkept; i++)
		print_step(f, &x->steps[s->kept[i]], s->kept[i], x->nsteps);
	if (s->file)
		fprintf(f, "  wrote %s\n", s->file);
	if (s->note)
		fprintf(f, "  %s\n", s->note);
}

void swarm_print_summary(FILE *f, uint64_t seeds, uint64_t failed, double wall_seconds)
{
	fprintf(f, "swarm: %llu seeds, %llu failed, %.1f seeds/s\n", (unsigned long long)seeds,
	        (unsigned long long)failed, wall_seconds > 0 ? (double)seeds / wall_seconds : 0.0);
}

/* Length of the valid UTF-8 character at p (1..4), or 0. */
static int utf8_char(const unsigned char *p)
{
	if (p[0] < 0x80)
		return 1;
	int n = p[0] >= 0xc2 && p[0] <= 0xdf ? 2 : p[0] >= 0xe0 && p[0] <= 0xef ? 3 : p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : 0;
	unsigned lo = p[0] == 0xe0 ? 0xa0 : p[0] == 0xf0 ? 0x90 : 0x80;
	unsigned hi = p[0] == 0xed ? 0x9f : p[0] == 0xf4 ? 0x8f : 0xbf;
	if (n == 0 || p[1] < lo || p[1] > hi)
		return 0;
	for (int i = 2; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* A copy of s that is valid UTF-8; for XML also without the control characters it forbids.
 * The caller frees it; NULL when out of memory. */
static char *clean_text(const char *s, bool xml)
{
	size_t n = strlen(s);
	char *out = malloc(3 * n + 1), *o = out;
	if (!out)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		int l = utf8_char(p);
		if (l == 0 || (xml && *p < 0x20 && *p != '\t' && *p != '\n')) {
			memcpy(o, REPLACEMENT, 3);
			o += 3;
			p += l ? l : 1;
		} else {
			memcpy(o, p, (size_t)l);
			o += l;
			p += l;
		}
	}
	*o = '\0';
	return out;
}

static json_t *jstr(const char *s)
{
	if (!s)
		return json_null();
	char *c = clean_text(s, false);
	json_t *j = c ? json_string(c) : NULL;
	free(c);
	return j ? j : json_null();
}

/* ---------------------------------------------------------------- failures as JSON */

static json_t *shrunk_json(const SwarmShrunk *s)
{
	json_t *o = json_object(), *kept = json_array();
	for (size_t i = 0; i < s->nkept; i++)
		json_array_append_new(kept, json_integer((json_int_t)s->kept[i] + 1));
	json_object_set_new(o, "kept", kept);
	json_object_set_new(o, "trials", json_integer((json_int_t)s->trials));
	json_object_set_new(o, "exhausted", json_boolean(s->exhausted));
	json_object_set_new(o, "file", jstr(s->file));
	json_object_set_new(o, "verified", json_boolean(s->verified));
	json_object_set_new(o, "note", jstr(s->note));
	return o;
}

static json_t *failure_json(const SwarmFailure *x)
{
	json_t *o = json_object(), *schedule = json_array();
	json_object_set_new(o, "seed", json_integer((json_int_t)x->seed));
	json_object_set_new(o, "check", jstr(x->check));
	json_object_set_new(o, "message", jstr(x->message));
	json_object_set_new(o, "replay", jstr(x->replay));
	json_object_set_new(o, "seconds", json_real(round(x->seconds * 1e3) / 1e3));
	json_object_set_new(o, "planned", json_boolean(x->planned));
	json_object_set_new(o, "setup", jstr(x->setup));
	for (size_t i = 0; i < x->nsteps; i++) {
		json_t *step = json_object();
		json_object_set_new(step, "t", json_real(x->steps[i].t_s));
		json_object_set_new(step, "code", jstr(x->steps[i].code));
		json_array_append_new(schedule, step);
	}
	json_object_set_new(o, "schedule", schedule);
	if (x->shrunk)
		json_object_set_new(o, "shrunk", shrunk_json(x->shrunk));
	return o;
}

/* A failure read back from JSON; its strings point into j, its arrays are its own. */
typedef struct FailureDoc {
	json_t *j;                    /* the object (a reference held) */
	SwarmFailure f;               /* the view */
	SwarmShrunk s;                /* f.shrunk points here when the object has "shrunk" */
	SwarmStep *steps;             /* f.steps */
	size_t *kept;                 /* s.kept */
} FailureDoc;

static void doc_free(FailureDoc *d)
{
	for (size_t i = 0; d->steps && i < d->f.nsteps; i++)
		free(d->steps[i].code);
	free(d->steps);
	free(d->kept);
	json_decref(d->j);
	memset(d, 0, sizeof *d);
}

static const char *get_string(json_t *o, const char *key, bool nullable, bool *ok)
{
	json_t *v = json_object_get(o, key);
	if (json_is_string(v))
		return json_string_value(v);
	*ok = *ok && nullable && json_is_null(v);
	return NULL;
}

static double get_number(json_t *o, const char *key, bool *ok)
{
	json_t *v = json_object_get(o, key);
	*ok = *ok && json_is_number(v);
	return json_number_value(v);
}

static uint64_t get_count(json_t *o, const char *key, bool *ok)
{
	json_t *v = json_object_get(o, key);
	*ok = *ok && json_is_integer(v) && json_integer_value(v) >= 0;
	return json_is_integer(v) ? (uint64_t)json_integer_value(v) : 0;
}

static bool get_bool(json_t *o, const char *key, bool *ok)
{
	json_t *v = json_object_get(o, key);
	*ok = *ok && json_is_boolean(v);
	return json_is_true(v);
}

static bool read_shrunk(json_t *o, FailureDoc *d)
{
	bool ok = json_is_object(o);
	json_t *kept = json_object_get(o, "kept");
	size_t n = json_array_size(kept);
	ok = ok && json_is_array(kept) && (d->kept = calloc(n ? n : 1, sizeof *d->kept));
	for (size_t i = 0; ok && i < n; i++) {
		json_t *k = json_array_get(kept, i);
		ok = json_is_integer(k) && json_integer_value(k) >= 1 && (size_t)json_integer_value(k) <= d->f.nsteps &&
		     (i == 0 || (size_t)json_integer_value(k) - 1 > d->kept[i - 1]);
		d->kept[i] = ok ? (size_t)json_integer_value(k) - 1 : 0;
	}
	d->s = (SwarmShrunk){ .kept = d->kept, .nkept = n };
	d->s.trials = (size_t)get_count(o, "trials", &ok);
	d->s.exhausted = get_bool(o, "exhausted", &ok);
	d->s.file = get_string(o, "file", true, &ok);
	d->s.verified = get_bool(o, "verified", &ok);
	d->s.note = get_string(o, "note", true, &ok);
	d->f.shrunk = &d->s;
	return ok;
}

/* Reads a failure object (takes a reference to j); false when it is not one. */
static bool doc_read(json_t *j, FailureDoc *d)
{
	memset(d, 0, sizeof *d);
	d->j = json_incref(j);
	bool ok = json_is_object(j);
	d->f.seed = get_count(j, "seed", &ok);
	d->f.check = get_string(j, "check", false, &ok);
	d->f.message = get_string(j, "message", false, &ok);
	d->f.replay = get_string(j, "replay", false, &ok);
	d->f.seconds = get_number(j, "seconds", &ok);
	d->f.planned = get_bool(j, "planned", &ok);
	d->f.setup = get_string(j, "setup", !d->f.planned, &ok);
	json_t *schedule = json_object_get(j, "schedule");
	size_t n = json_array_size(schedule);
	ok = ok && json_is_array(schedule) && (d->steps = calloc(n ? n : 1, sizeof *d->steps));
	for (size_t i = 0; ok && i < n; i++) {
		json_t *step = json_array_get(schedule, i);
		d->steps[i].t_s = get_number(step, "t", &ok);
		const char *code = get_string(step, "code", false, &ok);
		ok = ok && (d->steps[i].code = strdup(code));
		d->f.nsteps = i + 1;
	}
	d->f.steps = d->steps;
	json_t *shrunk = json_object_get(j, "shrunk");
	if (ok && shrunk)
		ok = read_shrunk(shrunk, d);
	if (!ok)
		doc_free(d);
	return ok;
}

/* ---------------------------------------------------------------- the report */

struct SwarmReport {
	FILE *lines;                  /* one failure object per line, seeds ascending */
	json_t *shrunk;               /* array of { seed, shrunk }, seeds ascending */
	bool write_error;             /* a line could not be written */
};

SwarmReport *swarm_report_create(void)
{
	SwarmReport *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->lines = tmpfile();
	r->shrunk = json_array();
	if (!r->lines || !r->shrunk) {
		swarm_report_destroy(r);
		return NULL;
	}
	return r;
}

void swarm_report_destroy(SwarmReport *r)
{
	if (!r)
		return;
	if (r->lines)
		fclose(r->lines);
	json_decref(r->shrunk);
	free(r);
}

bool swarm_report_add(SwarmReport *r, const SwarmFailure *x)
{
	SwarmFailure plain = *x;
	plain.shrunk = NULL;
	json_t *o = failure_json(&plain);
	fseek(r->lines, 0, SEEK_END);
	bool ok = o && json_dumpf(o, r->lines, JSON_COMPACT | JSON_FLAGS) == 0 && fputc('\n', r->lines) != EOF;
	json_decref(o);
	r->write_error = r->write_error || !ok;
	return ok;
}

bool swarm_report_add_shrunk(SwarmReport *r, uint64_t seed, const SwarmShrunk *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "seed", json_integer((json_int_t)seed));
	json_object_set_new(o, "shrunk", shrunk_json(s));
	return json_array_append_new(r->shrunk, o) == 0;
}

/* Reads the report's failures back in order, each with its shrink result. */
typedef struct Cursor {
	SwarmReport *r;               /* the report */
	char *line;                   /* getline's buffer */
	size_t cap;                   /* its size */
	size_t next_shrunk;           /* index into r->shrunk */
	FailureDoc doc;               /* the current failure */
	bool bad;                     /* a line did not read back */
} Cursor;

static bool cursor_next(Cursor *c)
{
	doc_free(&c->doc);
	if (getline(&c->line, &c->cap, c->r->lines) < 0)
		return false;
	json_t *j = json_loads(c->line, 0, NULL);
	bool ok = j && doc_read(j, &c->doc);
	json_decref(j);
	json_t *sh = json_array_get(c->r->shrunk, c->next_shrunk);
	if (ok && sh && (uint64_t)json_integer_value(json_object_get(sh, "seed")) == c->doc.f.seed) {
		ok = read_shrunk(json_object_get(sh, "shrunk"), &c->doc);
		c->next_shrunk++;
	}
	c->bad = c->bad || !ok;
	return ok;
}

static void cursor_open(Cursor *c, SwarmReport *r)
{
	memset(c, 0, sizeof *c);
	c->r = r;
	rewind(r->lines);
}

static void cursor_close(Cursor *c)
{
	doc_free(&c->doc);
	free(c->line);
}

static json_t *sweep_json(const SwarmSweep *sw)
{
	json_t *o = json_object(), *args = json_array(), *shards = json_array();
	for (int i = 0; i < sw->nargs; i++)
		json_array_append_new(args, jstr(sw->args[i]));
	for (unsigned k = 1; k <= sw->shard_count; k++)
		if (sw->shards[k - 1])
			json_array_append_new(shards, json_integer(k));
	json_object_set_new(o, "format", json_string(SWARM_JSON_FORMAT));
	json_object_set_new(o, "program", jstr(sw->program));
	json_object_set_new(o, "scenario", jstr(sw->scenario));
	json_object_set_new(o, "args", args);
	json_object_set_new(o, "budget", json_integer((json_int_t)sw->budget));
	json_object_set_new(o, "first", json_integer((json_int_t)sw->first));
	json_object_set_new(o, "seeds", json_integer((json_int_t)sw->seeds));
	json_object_set_new(o, "shard_count", json_integer(sw->shard_count));
	json_object_set_new(o, "shards", shards);
	json_object_set_new(o, "seeds_run", json_integer((json_int_t)sw->seeds_run));
	json_object_set_new(o, "failed", json_integer((json_int_t)sw->failed));
	double rate = sw->wall_seconds > 0 ? (double)sw->seeds_run / sw->wall_seconds : 0;
	json_object_set_new(o, "wall_seconds", json_real(round(sw->wall_seconds * 1e3) / 1e3));
	json_object_set_new(o, "seeds_per_second", json_real(round(rate * 10) / 10));
	return o;
}

static FILE *open_out(const char *path, char *err, size_t errlen)
{
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
	if (!f)
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
	return f;
}

static bool close_out(FILE *f, const char *path, bool ok, char *err, size_t errlen)
{
	ok = !ferror(f) && ok;
	if (f == stdout ? fflush(f) != 0 : fclose(f) != 0)
		ok = false;
	if (!ok)
		snprintf(err, errlen, "error writing %s", path);
	return ok;
}

/* The sweep's fields, then "failures": one compact object per line (readable, greppable). */
bool swarm_report_write_json(SwarmReport *r, const SwarmSweep *sw, const char *path, char *err, size_t errlen)
{
	FILE *f = open_out(path, err, errlen);
	if (!f)
		return false;
	json_t *meta = sweep_json(sw);
	char *head = json_dumps(meta, JSON_INDENT(2) | JSON_FLAGS);
	json_decref(meta);
	size_t n = head ? strlen(head) : 0;
	while (n > 0 && head[n - 1] != '}')            /* reopen the object: failures follow */
		n--;
	while (n > 1 && isspace((unsigned char)head[n - 2]))
		n--;
	bool ok = n > 1;
	fprintf(f, "%.*s,\n  \"failures\": [", ok ? (int)n - 1 : 0, ok ? head : "");
	free(head);
	Cursor c;
	size_t count = 0;
	for (cursor_open(&c, r); ok && cursor_next(&c); count++) {
		json_t *o = failure_json(&c.doc.f);
		fputs(count ? ",\n    " : "\n    ", f);
		ok = json_dumpf(o, f, JSON_COMPACT | JSON_FLAGS) == 0;
		json_decref(o);
	}
	ok = ok && !c.bad && !r->write_error;
	cursor_close(&c);
	fputs(count ? "\n  ]\n}\n" : "]\n}\n", f);
	return close_out(f, path, ok, err, errlen);
}

/* ---------------------------------------------------------------- JUnit */

static void xml_text(FILE *f, const char *s, bool attribute)
{
	char *c = clean_text(s, true);
	for (const char *p = c ? c : ""; *p; p++) {
		switch (*p) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs(attribute ? "&quot;" : "\"", f); break;
		case '\n': fputs(attribute ? "&#10;" : "\n", f); break;
		case '\t': fputs(attribute ? "&#9;" : "\t", f); break;
		default: fputc(*p, f);
		}
	}
	free(c);
}

static void junit_failure(FILE *f, const SwarmSweep *sw, const SwarmFailure *x)
{
	char *body = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&body, &len);
	if (m) {
		swarm_print_failure(m, x);
		if (x->shrunk)
			swarm_print_shrunk(m, x);
		fclose(m);
	}
	const char *nl = strchr(x->message, '\n');
	char *first = strndup(x->message, nl ? (size_t)(nl - x->message) : strlen(x->message));
	fprintf(f, "    <testcase classname=\"");
	xml_text(f, sw->scenario, true);
	fprintf(f, "\" name=\"seed %llu\" time=\"%.3f\">\n      <failure type=\"", (unsigned long long)x->seed, x->seconds);
	xml_text(f, x->check, true);
	fputs("\" message=\"", f);
	xml_text(f, first ? first : "", true);
	fputs("\">", f);
	xml_text(f, body ? body : "", false);
	fputs("</failure>\n    </testcase>\n", f);
	free(first);
	free(body);
}

bool swarm_report_write_junit(SwarmReport *r, const SwarmSweep *sw, const char *path, char *err, size_t errlen)
{
	FILE *f = open_out(path, err, errlen);
	if (!f)
		return false;
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(f, "<testsuites name=\"playground swarm\" tests=\"%llu\" failures=\"%llu\" errors=\"0\" time=\"%.3f\">\n",
	        (unsigned long long)sw->seeds_run, (unsigned long long)sw->failed, sw->wall_seconds);
	fputs("  <testsuite name=\"", f);
	xml_text(f, sw->scenario, true);
	fprintf(f, "\" tests=\"%llu\" failures=\"%llu\" errors=\"0\" skipped=\"0\" time=\"%.3f\">\n",
	        (unsigned long long)sw->seeds_run, (unsigned long long)sw->failed, sw->wall_seconds);
	Cursor c;
	cursor_open(&c, r);
	bool have = cursor_next(&c);
	for (unsigned k = 1; k <= sw->shard_count; k++) {
		uint64_t lo, hi;
		swarm_shard_range(sw->first, sw->seeds, k, sw->shard_count, &lo, &hi);
		for (uint64_t seed = lo; sw->shards[k - 1] && seed < hi; seed++) {
			if (have && c.doc.f.seed == seed) {
				junit_failure(f, sw, &c.doc.f);
				have = cursor_next(&c);
				continue;
			}
			fputs("    <testcase classname=\"", f);
			xml_text(f, sw->scenario, true);
			fprintf(f, "\" name=\"seed %llu\"/>\n", (unsigned long long)seed);
		}
	}
	bool ok = !have && !c.bad && !r->write_error;  /* every failure found its seed */
	cursor_close(&c);
	fputs("  </testsuite>\n</testsuites>\n", f);
	return close_out(f, path, ok, err, errlen);
}

/* ---------------------------------------------------------------- merging shards */

/* One shard file's sweep fields. */
typedef struct ShardFile {
	const char *path;             /* as given */
	json_t *doc;                  /* the whole document */
	const char *program, *scenario;
	json_t *args, *shards, *failures;
	uint64_t budget, first, seeds, shard_count, seeds_run, failed;
	double wall_seconds;
} ShardFile;

static int merge_fail(const char *prog, const char *path, const char *problem)
{
	fprintf(stderr, "%s swarm --merge: %s%s%s\n", prog, path ? path : "", path ? ": " : "", problem);
	return 2;
}

static bool read_shard_file(ShardFile *s)
{
	json_t *d = s->doc;
	bool ok = json_is_object(d) && json_is_string(json_object_get(d, "format")) &&
	          strcmp(json_string_value(json_object_get(d, "format")), SWARM_JSON_FORMAT) == 0;
	s->program = get_string(d, "program", false, &ok);
	s->scenario = get_string(d, "scenario", false, &ok);
	s->args = json_object_get(d, "args");
	s->shards = json_object_get(d, "shards");
	s->failures = json_object_get(d, "failures");
	s->budget = get_count(d, "budget", &ok);
	s->first = get_count(d, "first", &ok);
	s->seeds = get_count(d, "seeds", &ok);
	s->shard_count = get_count(d, "shard_count", &ok);
	s->seeds_run = get_count(d, "seeds_run", &ok);
	s->failed = get_count(d, "failed", &ok);
	s->wall_seconds = get_number(d, "wall_seconds", &ok);
	ok = ok && json_is_array(s->args) && json_is_array(s->shards) && json_is_array(s->failures);
	for (size_t i = 0; ok && i < json_array_size(s->args); i++)
		ok = json_is_string(json_array_get(s->args, i));
	return ok && s->shard_count >= 1 && s->shard_count <= 1000000;
}

/* Marks the file's shards covered; the problem in words, or NULL. */
static const char *claim_shards(const ShardFile *s, const char **owner, char *buf, size_t len)
{
	uint64_t run = 0;
	for (size_t i = 0; i < json_array_size(s->shards); i++) {
		json_t *k = json_array_get(s->shards, i);
		json_int_t v = json_is_integer(k) ? json_integer_value(k) : 0;
		if (v < 1 || (uint64_t)v > s->shard_count)
			return "a shard number outside 1..shard_count";
		if (owner[v - 1]) {
			snprintf(buf, len, "shard %lld/%llu is also in %s", (long long)v,
			         (unsigned long long)s->shard_count, owner[v - 1]);
			return buf;
		}
		owner[v - 1] = s->path;
		uint64_t lo, hi;
		swarm_shard_range(s->first, s->seeds, (unsigned)v, (unsigned)s->shard_count, &lo, &hi);
		run += hi - lo;
	}
	return run == s->seeds_run ? NULL : "seeds_run does not match its shards";
}

static bool in_shards(const ShardFile *s, uint64_t seed)
{
	for (size_t i = 0; i < json_array_size(s->shards); i++) {
		uint64_t lo, hi;
		swarm_shard_range(s->first, s->seeds, (unsigned)json_integer_value(json_array_get(s->shards, i)),
		                  (unsigned)s->shard_count, &lo, &hi);
		if (seed >= lo && seed < hi)
			return true;
	}
	return false;
}

static int by_seed(const void *a, const void *b)
{
	uint64_t x = ((const FailureDoc *)a)->f.seed, y = ((const FailureDoc *)b)->f.seed;
	return x < y ? -1 : x > y;
}

/* Loads, checks and claims every file; the exit code of the first problem, or 0. */
static int load_shards(const char *prog, const char *const *paths, int n, ShardFile *files, const char **owner_out[])
{
	char problem[512];
	for (int i = 0; i < n; i++) {
		json_error_t e;
		files[i].path = paths[i];
		if (!(files[i].doc = json_load_file(paths[i], 0, &e))) {
			snprintf(problem, sizeof problem, "not a JSON file (line %d: %s)", e.line, e.text);
			return merge_fail(prog, paths[i], problem);
		}
		if (!read_shard_file(&files[i]))
			return merge_fail(prog, paths[i], "not the JSON of `playground swarm --json` (" SWARM_JSON_FORMAT ")");
		const ShardFile *a = &files[0], *b = &files[i];
		if (strcmp(a->scenario, b->scenario) != 0 || !json_equal(a->args, b->args) || a->budget != b->budget ||
		    a->first != b->first || a->seeds != b->seeds || a->shard_count != b->shard_count) {
			snprintf(problem, sizeof problem, "not a shard of the same sweep as %s (scenario, arguments, "
			         "--budget, --first, --seeds and the N of --shard K/N must agree)", a->path);
			return merge_fail(prog, paths[i], problem);
		}
	}
	const char **owner = calloc((size_t)files[0].shard_count, sizeof *owner);
	*owner_out = owner;
	if (!owner)
		return merge_fail(prog, NULL, "out of memory");
	for (int i = 0; i < n; i++) {
		const char *p = claim_shards(&files[i], owner, problem, sizeof problem);
		if (p)
			return merge_fail(prog, paths[i], p);
	}
	for (uint64_t k = 0; k < files[0].shard_count; k++)
		if (!owner[k]) {
			snprintf(problem, sizeof problem, "shard %llu/%llu is missing (give every shard's JSON file)",
			         (unsigned long long)k + 1, (unsigned long long)files[0].shard_count);
			return merge_fail(prog, NULL, problem);
		}
	return 0;
}

/* Reads every file's failures into docs (sorted by seed); the exit code of a problem, or 0. */
static int load_failures(const char *prog, const ShardFile *files, int n, FailureDoc **docs_out, size_t *ndocs)
{
	size_t total = 0;
	for (int i = 0; i < n; i++)
		total += json_array_size(files[i].failures);
	FailureDoc *docs = calloc(total ? total : 1, sizeof *docs);
	*docs_out = docs;
	*ndocs = 0;
	if (!docs)
		return merge_fail(prog, NULL, "out of memory");
	for (int i = 0; i < n; i++) {
		if (json_array_size(files[i].failures) != files[i].failed)
			return merge_fail(prog, files[i].path, "\"failed\" does not match its list of failures");
		for (size_t k = 0; k < json_array_size(files[i].failures); k++) {
			if (!doc_read(json_array_get(files[i].failures, k), &docs[*ndocs]))
				return merge_fail(prog, files[i].path, "a failure is not as `playground swarm --json` writes it");
			if (!in_shards(&files[i], docs[(*ndocs)++].f.seed))
				return merge_fail(prog, files[i].path, "a failing seed lies outside its shards");
		}
	}
	qsort(docs, *ndocs, sizeof *docs, by_seed);
	return 0;
}

/* Prints and records the merged failures, writes the outputs; the exit code. */
static int merge_output(const SwarmSweep *sw, FailureDoc *docs, size_t ndocs, const char *json_out,
                        const char *junit_out, FILE *human)
{
	char err[512];
	int rc = sw->failed ? 1 : 0;
	SwarmReport *r = json_out || junit_out ? swarm_report_create() : NULL;
	if ((json_out || junit_out) && !r)
		return merge_fail(sw->program, NULL, "cannot create a temporary file");
	for (size_t i = 0; i < ndocs; i++) {
		SwarmFailure plain = docs[i].f;
		plain.shrunk = NULL;
		swarm_print_failure(human, &plain);
		if (r)
			swarm_report_add(r, &plain);
	}
	for (size_t i = 0; i < ndocs; i++)
		if (docs[i].f.shrunk) {
			swarm_print_shrunk(human, &docs[i].f);
			if (r)
				swarm_report_add_shrunk(r, docs[i].f.seed, docs[i].f.shrunk);
		}
	swarm_print_summary(human, sw->seeds_run, sw->failed, sw->wall_seconds);
	if (json_out && !swarm_report_write_json(r, sw, json_out, err, sizeof err))
		rc = merge_fail(sw->program, NULL, err);
	if (junit_out && !swarm_report_write_junit(r, sw, junit_out, err, sizeof err))
		rc = merge_fail(sw->program, NULL, err);
	swarm_report_destroy(r);
	return rc;
}

int swarm_merge(const char *prog, const char *const *paths, int npaths, const char *json_out,
                const char *junit_out, FILE *human)
{
	if (npaths < 1)
		return merge_fail(prog, NULL, "no JSON files given");
	ShardFile *files = calloc((size_t)npaths, sizeof *files);
	const char **owner = NULL, **args = NULL;
	bool *all = NULL;
	FailureDoc *docs = NULL;
	size_t ndocs = 0;
	int rc = files ? load_shards(prog, paths, npaths, files, &owner) : merge_fail(prog, NULL, "out of memory");
	if (rc == 0)
		rc = load_failures(prog, files, npaths, &docs, &ndocs);
	if (rc == 0) {
		SwarmSweep sw = { .program = files[0].program, .scenario = files[0].scenario, .budget = files[0].budget,
		                  .first = files[0].first, .seeds = files[0].seeds,
		                  .shard_count = (unsigned)files[0].shard_count };
		sw.nargs = (int)json_array_size(files[0].args);
		args = calloc((size_t)sw.nargs + 1, sizeof *args);
		all = malloc((size_t)sw.shard_count * sizeof *all);
		for (int i = 0; args && i < sw.nargs; i++)
			args[i] = json_string_value(json_array_get(files[0].args, i));
		for (unsigned k = 0; all && k < sw.shard_count; k++)
			all[k] = true;
		for (int i = 0; i < npaths; i++) {
			sw.seeds_run += files[i].seeds_run;
			sw.failed += files[i].failed;
			sw.wall_seconds = files[i].wall_seconds > sw.wall_seconds ? files[i].wall_seconds : sw.wall_seconds;
		}
		sw.args = args;
		sw.shards = all;
		rc = args && all ? merge_output(&sw, docs, ndocs, json_out, junit_out, human)
		                 : merge_fail(prog, NULL, "out of memory");
	}
	for (size_t i = 0; i < ndocs; i++)
		doc_free(&docs[i]);
	for (int i = 0; files && i < npaths; i++)
		json_decref(files[i].doc);
	free(docs);
	free(all);
	free(args);
	free(owner);
	free(files);
	return rc;
}
