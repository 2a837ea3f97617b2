/*
 * savepoint.c — writing and reading savepoint files (see savepoint.h and
 * docs/savepoint-format.md).
 *
 * The file is line-oriented text: a header (format and version, job, checkpoint id, max
 * parallelism), then per operator its stable id and per subtask its state (source
 * offsets, window entries by key group, sink transactions), then `end <checksum>` where
 * the checksum is FNV-1a 64 of every byte before that line. Reading is strict: any
 * unexpected line is an error naming the line, and nothing is restored from a file that
 * did not parse completely.
 */
#include "savepoint.h"

#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../kafka/codec.h"
#include "job.h"

#define MAGIC "flink-playground-savepoint"
#define MAX_FILE_BYTES (64 << 20)

/* ------------------------------------------------------------------ text buffer */

typedef struct Text {
	char  *buf;
	size_t len, cap;
} Text;

static void put(Text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(Text *t, const char *fmt, ...)
{
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(t->buf ? t->buf + t->len : NULL, t->buf ? t->cap - t->len : 0, fmt, ap);
		va_end(ap);
		SIM_CHECK(n >= 0);
		if (t->buf && t->len + (size_t)n < t->cap) {
			t->len += (size_t)n;
			return;
		}
		t->cap = (t->cap + (size_t)n + 1) * 2;
		t->buf = realloc(t->buf, t->cap);
		SIM_CHECK(t->buf != NULL);
	}
}

static uint64_t fnv(const char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 0x100000001b3ull;
	return h;
}

static int cmp_snap(const void *a, const void *b)
{
	const TaskSnapshot *x = *(TaskSnapshot *const *)a, *y = *(TaskSnapshot *const *)b;
	return x->vertex != y->vertex ? x->vertex - y->vertex : x->subtask - y->subtask;
}

/* ------------------------------------------------------------------ write */

static void render(const Job *j, const CompletedCheckpoint *c, int64_t trigger_ms, Text *t)
{
	put(t, "%s %d\n", MAGIC, SAVEPOINT_FORMAT_VERSION);
	put(t, "job-id %s\njob-name %s\ncheckpoint-id %" PRId64 "\ntrigger-time %" PRId64 "\n",
	    j->jid, j->name, c->id, trigger_ms);
	put(t, "max-parallelism %d\nparallelism %d\n", c->max_parallelism, c->parallelism);
	TaskSnapshot **snaps = malloc((size_t)(c->nsnaps + 1) * sizeof *snaps);
	SIM_CHECK(snaps != NULL);
	memcpy(snaps, c->snaps, (size_t)c->nsnaps * sizeof *snaps);
	qsort(snaps, (size_t)c->nsnaps, sizeof *snaps, cmp_snap);
	int vertex = -1;
	for (int i = 0; i < c->nsnaps; i++) {
		const TaskSnapshot *sn = snaps[i];
		if (sn->vertex != vertex) {
			vertex = sn->vertex;
			put(t, "operator %s %s\n", sn->op_id, vertex < j->nv ? j->v[vertex].name : "?");
		}
		put(t, "subtask %d\n", sn->subtask);
		if (sn->watermark_ms != INT64_MIN)
			put(t, "watermark %" PRId64 "\n", sn->watermark_ms);
		for (size_t k = 0; k < sn->noffsets; k++)
			put(t, "offset %d %" PRId64 "\n", sn->offsets[k].partition, sn->offsets[k].offset);
		for (size_t k = 0; k < sn->nwindows; k++)
			put(t, "window %d %s %" PRId64 " %" PRId64 "\n", sn->windows[k].key_group,
			    codec_page_name(sn->windows[k].page), sn->windows[k].window_start, sn->windows[k].count);
		for (size_t k = 0; k < sn->ntxns; k++)
			put(t, "txn %u %" PRId64 "\n", (unsigned)sn->txns[k].producer, sn->txns[k].checkpoint);
	}
	free(snaps);
	put(t, "end %016" PRIx64 "\n", fnv(t->buf, t->len));
}

static SimStatus mkdirs(const char *path, char *err, size_t errlen)
{
	char tmp[600];
	snprintf(tmp, sizeof tmp, "%s", path);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST) {
			snprintf(err, errlen, "cannot create directory %s: %s", tmp, strerror(errno));
			return SIM_EIO;
		}
		*p = '/';
	}
	if (mkdir(tmp, 0755) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create directory %s: %s", tmp, strerror(errno));
		return SIM_EIO;
	}
	return SIM_OK;
}

SimStatus savepoint_write(Sim *s, const Job *j, const CompletedCheckpoint *c, const char *dir,
                          char *path, size_t pathlen)
{
	char dirpath[600], file[640];
	/* 12 hex digits drawn from the run's id stream, mixed with the checkpoint id and the
	 * trigger time: the same run writes the same name, different savepoints never share one. */
	uint64_t h = rng_next(&s->rng_ids) ^ ((uint64_t)c->id * 0x9e3779b97f4a7c15ull) ^
	             ((uint64_t)c->trigger_clock_ms * 0xc2b2ae3d27d4eb4full);
	snprintf(dirpath, sizeof dirpath, "%s/savepoint-%.6s-%012" PRIx64, dir, j->jid,
	         (uint64_t)(h & 0xffffffffffffull));
	if (mkdirs(dirpath, s->err, sizeof s->err) != SIM_OK)
		return SIM_EIO;
	snprintf(file, sizeof file, "%s/_metadata", dirpath);
	Text t = { 0 };
	render(j, c, c->trigger_clock_ms, &t);
	FILE *f = fopen(file, "wb");
	if (!f) {
		free(t.buf);
		return sim_fail(s, SIM_EIO, "cannot write %s: %s", file, strerror(errno));
	}
	bool ok = fwrite(t.buf, 1, t.len, f) == t.len;
	ok &= fclose(f) == 0;
	free(t.buf);
	if (!ok)
		return sim_fail(s, SIM_EIO, "cannot write %s: %s", file, strerror(errno));
	snprintf(path, pathlen, "%s", dirpath);
	return SIM_OK;
}

/* ------------------------------------------------------------------ read */

typedef struct Parser {
	const char *p, *end;
	int line;
	char *err;
	size_t errlen;
} Parser;

static SimStatus perr(Parser *ps, const char *msg, const char *what)
{
	snprintf(ps->err, ps->errlen, "line %d: %s%s%s", ps->line, msg, what ? " " : "", what ? what : "");
	return SIM_ECORRUPT;
}

/* Copies the next line (without newline) into buf; false at the end or if too long. */
static bool next_line(Parser *ps, char *buf, size_t len)
{
	if (ps->p >= ps->end)
		return false;
	const char *nl = memchr(ps->p, '\n', (size_t)(ps->end - ps->p));
	if (!nl)
		return false;                       /* every line ends with a newline */
	size_t n = (size_t)(nl - ps->p);
	if (n >= len)
		return false;
	memcpy(buf, ps->p, n);
	buf[n] = '\0';
	ps->p = nl + 1;
	ps->line++;
	return true;
}

static bool is_hex32(const char *s)
{
	if (strlen(s) != 32)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

static TaskSnapshot *add_snap(CompletedCheckpoint *c, int vertex, int subtask, const char *op_id)
{
	c->snaps = realloc(c->snaps, (size_t)(c->nsnaps + 1) * sizeof *c->snaps);
	SIM_CHECK(c->snaps != NULL);
	TaskSnapshot *t = snapshot_new(vertex, subtask);
	snprintf(t->op_id, sizeof t->op_id, "%s", op_id);
	c->snaps[c->nsnaps++] = t;
	return t;
}

#define APPEND(arr, n, val) do { \
	(arr) = realloc((arr), ((n) + 1) * sizeof *(arr)); SIM_CHECK((arr) != NULL); \
	(arr)[(n)++] = (val); } while (0)

static SimStatus parse_body(Parser *ps, CompletedCheckpoint *c)
{
	char line[512], word[64], arg[128], op_id[64] = "";
	int vertex = -1;
	TaskSnapshot *cur = NULL;
	int64_t a, b;
	int kg, n;
	for (;;) {
		const char *line_start = ps->p;
		if (!next_line(ps, line, sizeof line))
			return perr(ps, "the file ends without its 'end' line (truncated?)", NULL);
		if (sscanf(line, "%63s", word) != 1)
			return perr(ps, "empty line", NULL);
		if (!strcmp(word, "end")) {
			ps->p = line_start;   /* the caller checks the checksum over the bytes before it */
			return SIM_OK;
		}
		if (!strcmp(word, "operator")) {
			if (sscanf(line, "operator %63s", op_id) != 1 || !is_hex32(op_id))
				return perr(ps, "expected 'operator <32 hex id> <name>'", NULL);
			vertex++;
			cur = NULL;
		} else if (!strcmp(word, "subtask")) {
			if (vertex < 0 || sscanf(line, "subtask %d%n", &kg, &n) != 1 || line[n] || kg < 0 || kg >= c->parallelism)
				return perr(ps, "expected 'subtask <index>' (below the parallelism) after an operator", NULL);
			cur = add_snap(c, vertex, kg, op_id);
		} else if (!cur) {
			return perr(ps, "this entry comes before any 'subtask' line:", word);
		} else if (!strcmp(word, "watermark")) {
			if (sscanf(line, "watermark %" SCNd64 "%n", &a, &n) != 1 || line[n])
				return perr(ps, "expected 'watermark <ms>'", NULL);
			cur->watermark_ms = a;
		} else if (!strcmp(word, "offset")) {
			if (sscanf(line, "offset %d %" SCNd64 "%n", &kg, &a, &n) != 2 || line[n] || kg < 0 || a < -1)
				return perr(ps, "expected 'offset <partition> <offset>'", NULL);
			APPEND(cur->offsets, cur->noffsets, ((PartitionOffset){ .partition = kg, .offset = a }));
		} else if (!strcmp(word, "window")) {
			if (sscanf(line, "window %d %127s %" SCNd64 " %" SCNd64 "%n", &kg, arg, &a, &b, &n) != 4 || line[n] ||
			    kg < 0 || kg >= c->max_parallelism || codec_page_index(arg) < 0 || b < 0)
				return perr(ps, "expected 'window <key group> <page> <window start ms> <count>'", NULL);
			APPEND(cur->windows, cur->nwindows, ((WindowEntry){ .window_start = a, .count = b,
			                                                     .key_group = kg, .page = codec_page_index(arg) }));
		} else if (!strcmp(word, "txn")) {
			if (sscanf(line, "txn %" SCNd64 " %" SCNd64 "%n", &a, &b, &n) != 2 || line[n] || a <= 0 || a > 65535)
				return perr(ps, "expected 'txn <producer id> <checkpoint id>'", NULL);
			APPEND(cur->txns, cur->ntxns, ((TxnState){ .partition = -1, .producer = (uint16_t)a, .checkpoint = b }));
		} else {
			return perr(ps, "unknown entry:", word);
		}
	}
}

static SimStatus parse_header(Parser *ps, CompletedCheckpoint *c)
{
	char line[512], v[128];
	int version, n;
	if (!next_line(ps, line, sizeof line) || sscanf(line, MAGIC " %d%n", &version, &n) != 1 || line[n])
		return perr(ps, "not a savepoint of this simulator (expected '" MAGIC " <version>')", NULL);
	if (version != SAVEPOINT_FORMAT_VERSION) {
		snprintf(ps->err, ps->errlen, "unknown savepoint format version %d (this simulator reads version %d)",
		         version, SAVEPOINT_FORMAT_VERSION);
		return SIM_ECORRUPT;
	}
	int64_t trigger;
	if (!next_line(ps, line, sizeof line) || sscanf(line, "job-id %127s%n", v, &n) != 1 || line[n] || !is_hex32(v))
		return perr(ps, "expected 'job-id <32 hex>'", NULL);
	if (!next_line(ps, line, sizeof line) || strncmp(line, "job-name ", 9) != 0)
		return perr(ps, "expected 'job-name <name>'", NULL);
	if (!next_line(ps, line, sizeof line) || sscanf(line, "checkpoint-id %" SCNd64 "%n", &c->id, &n) != 1 || line[n] || c->id < 1)
		return perr(ps, "expected 'checkpoint-id <id ≥ 1>'", NULL);
	if (!next_line(ps, line, sizeof line) || sscanf(line, "trigger-time %" SCNd64 "%n", &trigger, &n) != 1 || line[n])
		return perr(ps, "expected 'trigger-time <ms>'", NULL);
	c->trigger_clock_ms = trigger;
	if (!next_line(ps, line, sizeof line) || sscanf(line, "max-parallelism %d%n", &c->max_parallelism, &n) != 1 ||
	    line[n] || c->max_parallelism < 1 || c->max_parallelism > 32768)
		return perr(ps, "expected 'max-parallelism <1..32768>'", NULL);
	if (!next_line(ps, line, sizeof line) || sscanf(line, "parallelism %d%n", &c->parallelism, &n) != 1 ||
	    line[n] || c->parallelism < 1 || c->parallelism > c->max_parallelism)
		return perr(ps, "expected 'parallelism <1..max-parallelism>'", NULL);
	return SIM_OK;
}

SimStatus savepoint_parse(const char *text, size_t len, CompletedCheckpoint **out, char *err, size_t errlen)
{
	*out = NULL;
	CompletedCheckpoint *c = calloc(1, sizeof *c);
	SIM_CHECK(c != NULL);
	c->refs = 1;
	c->savepoint = true;
	Parser ps = { .p = text, .end = text + len, .line = 0, .err = err, .errlen = errlen };
	SimStatus st = parse_header(&ps, c);
	if (st == SIM_OK)
		st = parse_body(&ps, c);
	if (st == SIM_OK) {
		/* ps.p is at the 'end' line: check the checksum over everything before it. */
		uint64_t want = 0;
		int n = 0;
		size_t before = (size_t)(ps.p - text);
		if (sscanf(ps.p, "end %16" SCNx64 "%n", &want, &n) != 1 || want != fnv(text, before)) {
			snprintf(err, errlen, "checksum mismatch: the file was changed or damaged");
			st = SIM_ECORRUPT;
		} else if (ps.p + n + 1 != text + len) {
			snprintf(err, errlen, "unexpected bytes after the 'end' line");
			st = SIM_ECORRUPT;
		}
	}
	if (st != SIM_OK) {
		checkpoint_release(c);
		return st;
	}
	for (int i = 0; i < c->nsnaps; i++)
		c->size_bytes += c->snaps[i]->size_bytes = snapshot_size_bytes(c->snaps[i]);
	*out = c;
	return SIM_OK;
}

SimStatus savepoint_read(const char *path, CompletedCheckpoint **out, char *err, size_t errlen)
{
	char file[700];
	struct stat stt;
	*out = NULL;
	if (strncmp(path, "file://", 7) == 0)   /* what the CLI and REST print */
		path += 7;
	else if (strncmp(path, "file:", 5) == 0)
		path += 5;
	if (stat(path, &stt) != 0) {
		snprintf(err, errlen, "savepoint %s does not exist", path);
		return SIM_ENOENT;
	}
	if (S_ISDIR(stt.st_mode))
		snprintf(file, sizeof file, "%s/_metadata", path);
	else
		snprintf(file, sizeof file, "%s", path);
	FILE *f = fopen(file, "rb");
	if (!f) {
		snprintf(err, errlen, "cannot read savepoint %s: %s", file, strerror(errno));
		return SIM_ENOENT;
	}
	char *buf = malloc(MAX_FILE_BYTES);
	SIM_CHECK(buf != NULL);
	size_t len = fread(buf, 1, MAX_FILE_BYTES, f);
	bool too_big = len == MAX_FILE_BYTES;
	fclose(f);
	if (too_big) {
		free(buf);
		snprintf(err, errlen, "savepoint %s is larger than %d MiB", file, MAX_FILE_BYTES >> 20);
		return SIM_ECORRUPT;
	}
	char inner[400];
	SimStatus st = savepoint_parse(buf, len, out, inner, sizeof inner);
	free(buf);
	if (st != SIM_OK)
		snprintf(err, errlen, "savepoint %s is corrupt: %s", file, inner);
	return st;
}
