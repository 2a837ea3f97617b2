/*
 * savepoint.c — writing and reading savepoint files (see savepoint.h and
 * docs/savepoint-format.md).
 *
 * The file is line-oriented text: a header (format and version, job, checkpoint id, max
 * parallelism), then per operator its stable id and per subtask its state (source
 * offsets, window entries by key group, sink transactions), then `end <checksum>` where
 * the checksum is FNV-1a 64 of every byte before that line. Reading is strict: any
 * unexpected line is an error naming the line, and nothing is restored from a file that
 * did not parse completely. A file whose checksum does not match is reported as damaged
 * before its content is judged; a file that matches must still keep every limit and
 * consistency rule of the format (ranges that keep all later arithmetic inside int64, key
 * groups that agree with the page, the subtask and the max parallelism, no entry twice,
 * no more state than a job of this shape holds), since a checksum proves nothing against
 * a crafted file. Only a regular file is read: it is opened without blocking and checked on
 * its descriptor, so a FIFO, a socket or a device is refused instead of read forever.
 */
#include "savepoint.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/keygroup.h"
#include "../kafka/codec.h"
#include "job.h"

#define MAGIC "flink-playground-savepoint"

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
			put(t, "txn %d %u %d %" PRId64 "\n", sn->txns[k].txn, (unsigned)sn->txns[k].producer,
			    sn->txns[k].epoch, sn->txns[k].checkpoint);
	}
	free(snaps);
	put(t, "end %016" PRIx64 "\n", fnv(t->buf, t->len));
}

/* Creates path and its parents; messages name them from path + shown (the host root, which
 * would make traces differ between runs, left out). */
static SimStatus mkdirs(const char *path, size_t shown, char *err, size_t errlen)
{
	char tmp[1200];
	snprintf(tmp, sizeof tmp, "%s", path);
	for (char *p = tmp + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST) {
			snprintf(err, errlen, "cannot create directory %s: %s", tmp + shown, strerror(errno));
			return SIM_EIO;
		}
		if (!c)
			return SIM_OK;
		*p = '/';
	}
}

void savepoint_trigger_end(SavepointTrigger *t, SimTime now, const char *failure_class, const char *failure)
{
	t->status = failure ? SAVEPOINT_FAILED : SAVEPOINT_COMPLETED;
	t->ended_at = now;
	t->failure_class[0] = t->failure[0] = '\0';
	if (!failure)
		return;
	snprintf(t->failure_class, sizeof t->failure_class, "%s", failure_class ? failure_class : "");
	snprintf(t->failure, sizeof t->failure, "%s", failure);
}

SimStatus savepoint_write(Sim *s, const Job *j, const CompletedCheckpoint *c, const char *dir,
                          char *path, size_t pathlen)
{
	char dirpath[600], file[1200], host[1200];
	/* 12 hex digits drawn from the run's id stream, mixed with the checkpoint id and the
	 * trigger time: the same run writes the same name, different savepoints never share one. */
	uint64_t h = rng_next(&s->rng_ids) ^ ((uint64_t)c->id * 0x9e3779b97f4a7c15ull) ^
	             ((uint64_t)c->trigger_clock_ms * 0xc2b2ae3d27d4eb4full);
	snprintf(dirpath, sizeof dirpath, "%s/savepoint-%.6s-%012" PRIx64, dir, j->jid,
	         (uint64_t)(h & 0xffffffffffffull));
	/* Where it goes on the host: under the Sim's host root, if it has one — relative paths
	 * and absolute ones alike (the root stands in for the containers' filesystem, as a bind
	 * mount does: /tmp/flink-savepoints-directory lands in <root>/tmp/…). */
	size_t shown = 0;
	if (s->opt.host_root[0])
		shown = (size_t)snprintf(host, sizeof host, dirpath[0] == '/' ? "%s" : "%s/", s->opt.host_root);
	snprintf(host + shown, sizeof host - shown, "%s", dirpath);
	if (mkdirs(host, shown, s->err, sizeof s->err) != SIM_OK)
		return SIM_EIO;
	snprintf(file, sizeof file, "%s/_metadata", host);
	Text t = { 0 };
	render(j, c, c->trigger_clock_ms, &t);
	FILE *f = fopen(file, "wb");
	if (!f) {
		free(t.buf);
		return sim_fail(s, SIM_EIO, "cannot write %s: %s", file + shown, strerror(errno));
	}
	bool ok = fwrite(t.buf, 1, t.len, f) == t.len;
	ok &= fclose(f) == 0;
	free(t.buf);
	if (!ok)
		return sim_fail(s, SIM_EIO, "cannot write %s: %s", file + shown, strerror(errno));
	snprintf(path, pathlen, "%s", dirpath);
	return SIM_OK;
}

/* ------------------------------------------------------------------ read */

/* The last window start whose window ends by the end of year 9999 (SAVEPOINT_MAX_TIME_MS). */
#define MAX_WINDOW_START_MS (SAVEPOINT_MAX_TIME_MS + 1 - CLICK_WINDOW_MS)
#define MAX_PRODUCER 65535                  /* producer ids are 16-bit (TxnState.producer) */
#define MAX_TXN_ID (JOB_MAX_PARALLELISM * SINK_TXN_POOL - 1) /* n of "<prefix>-<n>": subtask · pool + k */

/* The reader's position and what it has seen so far, for the rules that span lines. */
typedef struct Parser {
	const char *p, *end;                    /* the unread text */
	int line;                               /* number of the last line read, 1-based */
	char *err;                              /* where the first problem is described */
	size_t errlen;
	CompletedCheckpoint *c;                 /* being filled */
	TaskSnapshot *cur;                      /* the subtask entries belong to; NULL before one */
	bool cur_watermark;                     /* cur has its watermark line */
	char op_ids[JOB_MAX_VERTICES][33];      /* operators seen, in file order */
	int nops;
	bool subtask_seen[JOB_MAX_PARALLELISM]; /* subtasks of the current operator */
	bool partition_seen[SIM_MAX_PARTITIONS];/* offsets, whole file (list state is a union) */
	uint64_t txn_seen[(MAX_TXN_ID + 64) / 64]; /* transactional ids of txn lines, whole file */
	int version;                            /* the file's format version */
	int windows_of_page[CODEC_PAGES];       /* window entries per page, whole file */
} Parser;

static SimStatus perr(Parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static SimStatus perr(Parser *ps, const char *fmt, ...)
{
	int n = snprintf(ps->err, ps->errlen, "line %d: ", ps->line);
	va_list ap;
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < ps->errlen)
		vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return SIM_ECORRUPT;
}

/* Copies the next line (without its newline) into buf[SAVEPOINT_MAX_LINE_BYTES + 1].
 * Returns 1, 0 when no complete line is left (every line ends with a newline), -1 when the
 * line is too long, -2 when it holds a NUL byte (text after it would be unseen). */
static int next_line(Parser *ps, char *buf)
{
	if (ps->p >= ps->end)
		return 0;
	const char *nl = memchr(ps->p, '\n', (size_t)(ps->end - ps->p));
	if (!nl)
		return 0;
	size_t n = (size_t)(nl - ps->p);
	ps->line++;
	if (n > SAVEPOINT_MAX_LINE_BYTES)
		return -1;
	if (memchr(ps->p, '\0', n))
		return -2;
	memcpy(buf, ps->p, n);
	buf[n] = '\0';
	ps->p = nl + 1;
	return 1;
}

/* Cuts s at single spaces into at most max fields, the last taking the rest of s. */
static int split_fields(char *s, char **f, int max)
{
	int n = 0;
	while (n < max) {
		f[n++] = s;
		char *sp = n < max ? strchr(s, ' ') : NULL;
		if (!sp)
			break;
		*sp = '\0';
		s = sp + 1;
	}
	return n;
}

static bool is_hex(const char *s, size_t len)
{
	if (strlen(s) != len)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

/* A decimal integer: optional '-', digits only. 1 if it fits in int64 (*v set), 0 if it
 * is not a number, -1 if it is one beyond 64 bits. Never relies on sscanf's overflow. */
static int parse_int64(const char *s, int64_t *v)
{
	bool neg = *s == '-';
	const char *d = s + neg;
	uint64_t m = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	bool over = false;
	if (!*d)
		return 0;
	for (; *d; d++) {
		if (*d < '0' || *d > '9')
			return 0;
		unsigned digit = (unsigned)(*d - '0');
		over |= m > (limit - digit) / 10;
		if (!over)
			m = m * 10 + digit;
	}
	if (over)
		return -1;
	*v = neg ? (m == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)m) : (int64_t)m;
	return 1;
}

/* Reads field text as an integer in [lo, hi]; otherwise a message naming the field, the
 * value, the accepted range and why (when why is not NULL). */
static SimStatus num(Parser *ps, const char *field, const char *text, int64_t lo, int64_t hi,
                     const char *why, int64_t *out)
{
	int64_t v = 0;
	int got = parse_int64(text, &v);
	if (got == 0)
		return perr(ps, "%s '%s' is not an integer", field, text);
	if (got < 0 || v < lo || v > hi)
		return perr(ps, "%s %s is out of range (%" PRId64 " … %" PRId64 "%s%s)", field, text, lo, hi,
		            why ? ": " : "", why ? why : "");
	*out = v;
	return SIM_OK;
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

static SimStatus parse_operator(Parser *ps, char **f, int n)
{
	if (n < 1 || !is_hex(f[0], 32))
		return perr(ps, "expected 'operator <32 hex id> <name>'");
	for (int i = 0; i < ps->nops; i++)
		if (strcmp(ps->op_ids[i], f[0]) == 0)
			return perr(ps, "a second 'operator %s' (each operator's state is in one place)", f[0]);
	if (ps->nops == JOB_MAX_VERTICES)
		return perr(ps, "more than %d operators (the Click Event Count job has at most %d)",
		            JOB_MAX_VERTICES, JOB_MAX_VERTICES);
	snprintf(ps->op_ids[ps->nops++], sizeof ps->op_ids[0], "%s", f[0]);
	memset(ps->subtask_seen, 0, sizeof ps->subtask_seen);
	ps->cur = NULL;
	return SIM_OK;
}

static SimStatus parse_subtask(Parser *ps, char **f, int n)
{
	int64_t i;
	if (ps->nops == 0 || n != 1)
		return perr(ps, "expected 'subtask <index>' after an operator");
	if (num(ps, "subtask", f[0], 0, ps->c->parallelism - 1, "below the parallelism", &i) != SIM_OK)
		return SIM_ECORRUPT;
	if (ps->subtask_seen[i])
		return perr(ps, "a second 'subtask %d' in operator %s", (int)i, ps->op_ids[ps->nops - 1]);
	ps->subtask_seen[i] = true;
	ps->cur = add_snap(ps->c, ps->nops - 1, (int)i, ps->op_ids[ps->nops - 1]);
	ps->cur_watermark = false;
	return SIM_OK;
}

static SimStatus parse_watermark(Parser *ps, char **f, int n)
{
	int64_t wm;
	if (ps->cur_watermark)
		return perr(ps, "a second 'watermark' in subtask %d", ps->cur->subtask);
	if (n != 1)
		return perr(ps, "expected 'watermark <ms>'");
	if (num(ps, "watermark", f[0], INT64_MIN, INT64_MAX, NULL, &wm) != SIM_OK)
		return SIM_ECORRUPT;
	ps->cur->watermark_ms = wm;
	ps->cur_watermark = true;
	return SIM_OK;
}

static SimStatus parse_offset(Parser *ps, char **f, int n)
{
	int64_t part, off;
	if (n != 2)
		return perr(ps, "expected 'offset <partition> <offset>'");
	if (num(ps, "partition", f[0], 0, SIM_MAX_PARTITIONS - 1, "the topic's partitions", &part) != SIM_OK ||
	    num(ps, "offset", f[1], -1, INT64_MAX, "-1 is the earliest", &off) != SIM_OK)
		return SIM_ECORRUPT;
	if (ps->partition_seen[part])
		return perr(ps, "a second offset for partition %d (a partition has one position)", (int)part);
	ps->partition_seen[part] = true;
	APPEND(ps->cur->offsets, ps->cur->noffsets, ((PartitionOffset){ .partition = (int32_t)part, .offset = off }));
	return SIM_OK;
}

static bool window_seen(const CompletedCheckpoint *c, int page, int64_t start)
{
	for (int i = 0; i < c->nsnaps; i++)
		for (size_t k = 0; k < c->snaps[i]->nwindows; k++)
			if (c->snaps[i]->windows[k].page == page && c->snaps[i]->windows[k].window_start == start)
				return true;
	return false;
}

/* Key groups: the page's own (Flink's murmur formula at this max parallelism), inside the
 * range of the subtask that wrote it (KeyGroupRangeAssignment). */
static SimStatus check_window_key(Parser *ps, int64_t kg, int page)
{
	const CompletedCheckpoint *c = ps->c;
	int want = keygroup_for_hash(java_string_hash(codec_page_name(page)), c->max_parallelism);
	int first, last;
	keygroup_range(c->max_parallelism, c->parallelism, ps->cur->subtask, &first, &last);
	if (kg != want)
		return perr(ps, "key group %d does not hold page %s: at max-parallelism %d the page is in key group %d",
		            (int)kg, codec_page_name(page), c->max_parallelism, want);
	if (kg < first || kg > last)
		return perr(ps, "key group %d is not in subtask %d's range %d … %d (max-parallelism %d, parallelism %d)",
		            (int)kg, ps->cur->subtask, first, last, c->max_parallelism, c->parallelism);
	return SIM_OK;
}

static SimStatus parse_window(Parser *ps, char **f, int n)
{
	int64_t kg, start, count;
	if (n != 4)
		return perr(ps, "expected 'window <key group> <page> <window start ms> <count>'");
	int page = codec_page_index(f[1]);
	if (num(ps, "key group", f[0], 0, ps->c->max_parallelism - 1, "below max-parallelism", &kg) != SIM_OK)
		return SIM_ECORRUPT;
	if (page < 0)
		return perr(ps, "unknown page '%s' (the pages are /help /index /shop /jobs /about /news)", f[1]);
	if (check_window_key(ps, kg, page) != SIM_OK ||
	    num(ps, "window start", f[2], 0, MAX_WINDOW_START_MS, "ms since 1970, up to the year 9999", &start) != SIM_OK ||
	    num(ps, "window count", f[3], 1, INT32_MAX, "an open window has a click; the output record's count is 32-bit",
	        &count) != SIM_OK)
		return SIM_ECORRUPT;
	if (start % CLICK_WINDOW_MS != 0)
		return perr(ps, "window start %" PRId64 " is not aligned to the 15 s window (a multiple of %d ms)",
		            start, CLICK_WINDOW_MS);
	if (window_seen(ps->c, page, start))
		return perr(ps, "a second window %s %" PRId64 " (one entry per window and page)", f[1], start);
	if (ps->windows_of_page[page] == SAVEPOINT_MAX_WINDOWS_PER_PAGE)
		return perr(ps, "more than %d open windows of page %s (state holds only windows not yet fired; "
		            "this job holds a few per page)", SAVEPOINT_MAX_WINDOWS_PER_PAGE, f[1]);
	ps->windows_of_page[page]++;
	APPEND(ps->cur->windows, ps->cur->nwindows, ((WindowEntry){ .window_start = start, .count = count,
	                                                             .key_group = (int32_t)kg, .page = page }));
	return SIM_OK;
}

static SimStatus parse_txn(Parser *ps, char **f, int n)
{
	int64_t id, pid, epoch, cp;
	if (ps->version < 2)
		return perr(ps, "a version 1 'txn' line cannot be restored: since version 2 a transaction names its "
		            "transactional id and producer epoch, which recovery needs to commit it");
	if (n != 4)
		return perr(ps, "expected 'txn <transactional id number> <producer id> <epoch> <checkpoint id>'");
	if (num(ps, "txn transactional id number", f[0], 0, MAX_TXN_ID, "the sink's ids (128 subtasks × 5)", &id) != SIM_OK ||
	    num(ps, "txn producer id", f[1], 1, MAX_PRODUCER, NULL, &pid) != SIM_OK ||
	    num(ps, "txn epoch", f[2], 0, INT32_MAX, NULL, &epoch) != SIM_OK ||
	    num(ps, "txn checkpoint id", f[3], 1, ps->c->id, "a transaction of this checkpoint or an earlier one", &cp) != SIM_OK)
		return SIM_ECORRUPT;
	if (ps->cur->ntxns == SAVEPOINT_MAX_TXNS_PER_SUBTASK)
		return perr(ps, "more than %d transactions in subtask %d (the sink's pool of transactional ids)",
		            SAVEPOINT_MAX_TXNS_PER_SUBTASK, ps->cur->subtask);
	uint64_t bit = 1ull << (id % 64);
	if (ps->txn_seen[id / 64] & bit)
		return perr(ps, "a second txn of transactional id %d (a transactional id has one open transaction)", (int)id);
	ps->txn_seen[id / 64] |= bit;
	APPEND(ps->cur->txns, ps->cur->ntxns, ((TxnState){ .txn = (int32_t)id, .producer = (uint16_t)pid,
	                                                   .epoch = (int32_t)epoch, .checkpoint = cp }));
	return SIM_OK;
}

/* One entry line of the body, cut into its word and fields. */
static SimStatus parse_entry(Parser *ps, char *line)
{
	char *word = line, *rest = strchr(line, ' '), *f[4] = { NULL };
	if (rest)
		*rest++ = '\0';
	bool is_op = !strcmp(word, "operator");
	int n = rest ? split_fields(rest, f, is_op ? 2 : 4) : 0;
	if (!word[0])
		return perr(ps, "empty line");
	if (is_op)
		return parse_operator(ps, f, n);
	if (!strcmp(word, "subtask"))
		return parse_subtask(ps, f, n);
	if (strcmp(word, "watermark") && strcmp(word, "offset") && strcmp(word, "window") && strcmp(word, "txn"))
		return perr(ps, "unknown entry: %s", word);
	if (!ps->cur)
		return perr(ps, "this entry comes before any 'subtask' line: %s", word);
	if (!strcmp(word, "watermark"))
		return parse_watermark(ps, f, n);
	if (!strcmp(word, "offset"))
		return parse_offset(ps, f, n);
	if (!strcmp(word, "window"))
		return parse_window(ps, f, n);
	return parse_txn(ps, f, n);
}

/* Entries up to the 'end' line; leaves ps->p at its start (the checksum covers what is before). */
static SimStatus parse_body(Parser *ps)
{
	char line[SAVEPOINT_MAX_LINE_BYTES + 1];
	for (;;) {
		const char *line_start = ps->p;
		int got = next_line(ps, line);
		if (got == 0)
			return perr(ps, "the file ends without its 'end' line (truncated?)");
		if (got < 0)
			return perr(ps, got == -1 ? "the line is longer than %d bytes" : "the line holds a NUL byte",
			            SAVEPOINT_MAX_LINE_BYTES);
		if (strncmp(line, "end ", 4) == 0 || !strcmp(line, "end")) {
			ps->p = line_start;
			ps->line--;
			return SIM_OK;
		}
		SimStatus st = parse_entry(ps, line);
		if (st != SIM_OK)
			return st;
	}
}

/* Reads the next line, which must be "<key> <value>"; *value points into buf. */
static bool header_line(Parser *ps, char *buf, const char *key, const char **value)
{
	size_t k = strlen(key);
	if (next_line(ps, buf) != 1 || strncmp(buf, key, k) != 0 || buf[k] != ' ')
		return false;
	*value = buf + k + 1;
	return true;
}

static SimStatus parse_header(Parser *ps)
{
	CompletedCheckpoint *c = ps->c;
	char line[SAVEPOINT_MAX_LINE_BYTES + 1];
	const char *v;
	int64_t x;
	if (!header_line(ps, line, MAGIC, &v) || parse_int64(v, &x) != 1)
		return perr(ps, "not a savepoint of this simulator (expected '" MAGIC " <version>')");
	if (x < 1 || x > SAVEPOINT_FORMAT_VERSION) {
		snprintf(ps->err, ps->errlen, "unknown savepoint format version %s (this simulator reads versions 1 to %d)",
		         v, SAVEPOINT_FORMAT_VERSION);
		return SIM_ECORRUPT;
	}
	ps->version = (int)x;
	if (!header_line(ps, line, "job-id", &v) || !is_hex(v, 32))
		return perr(ps, "expected 'job-id <32 hex>'");
	if (!header_line(ps, line, "job-name", &v))
		return perr(ps, "expected 'job-name <name>'");
	if (!header_line(ps, line, "checkpoint-id", &v))
		return perr(ps, "expected 'checkpoint-id <id>'");
	if (num(ps, "checkpoint-id", v, 1, SAVEPOINT_MAX_CHECKPOINT_ID, "2^53 - 1, so that the restored job's ids fit",
	        &c->id) != SIM_OK)
		return SIM_ECORRUPT;
	if (!header_line(ps, line, "trigger-time", &v))
		return perr(ps, "expected 'trigger-time <ms>'");
	if (num(ps, "trigger-time", v, 0, SAVEPOINT_MAX_TIME_MS, "ms since 1970, up to the year 9999",
	        &c->trigger_clock_ms) != SIM_OK)
		return SIM_ECORRUPT;
	if (!header_line(ps, line, "max-parallelism", &v))
		return perr(ps, "expected 'max-parallelism <n>'");
	if (num(ps, "max-parallelism", v, 1, KEYGROUP_MAX_PARALLELISM, "Flink's bounds", &x) != SIM_OK)
		return SIM_ECORRUPT;
	c->max_parallelism = (int)x;
	if (!header_line(ps, line, "parallelism", &v))
		return perr(ps, "expected 'parallelism <p>'");
	int64_t top = c->max_parallelism < JOB_MAX_PARALLELISM ? c->max_parallelism : JOB_MAX_PARALLELISM;
	if (num(ps, "parallelism", v, 1, top, top == JOB_MAX_PARALLELISM ? "the slots one job may use in this simulator"
	                                                          : "at most max-parallelism", &x) != SIM_OK)
		return SIM_ECORRUPT;
	c->parallelism = (int)x;
	return SIM_OK;
}

/* The 'end' line at ps->p: "end <16 hex of FNV-1a 64 of every byte before it>", then nothing. */
static SimStatus parse_end(Parser *ps, const char *text)
{
	char line[SAVEPOINT_MAX_LINE_BYTES + 1];
	size_t before = (size_t)(ps->p - text);
	char want[17];
	snprintf(want, sizeof want, "%016" PRIx64, fnv(text, before));
	if (next_line(ps, line) != 1 || strncmp(line, "end ", 4) != 0 || !is_hex(line + 4, 16))
		return perr(ps, "expected 'end <16 hex>'");
	if (strcmp(line + 4, want) != 0) {
		snprintf(ps->err, ps->errlen, "checksum mismatch: the file was changed or damaged");
		return SIM_ECORRUPT;
	}
	if (ps->p != ps->end) {
		snprintf(ps->err, ps->errlen, "unexpected bytes after the 'end' line");
		return SIM_ECORRUPT;
	}
	return SIM_OK;
}

/* True if the file ends with an 'end' line whose checksum does not match: a damaged file
 * is reported as such before its content is judged. A file without a final 'end' line is left
 * to the parser, which names the line where it stops making sense. */
static bool damaged(const char *text, size_t len)
{
	if (len < 21 || text[len - 1] != '\n')          /* "end " + 16 hex + "\n" */
		return false;
	size_t last = len - 1;                          /* back to the start of the last line */
	while (last > 0 && text[last - 1] != '\n')
		last--;
	if (len - last != 21 || memcmp(text + last, "end ", 4) != 0)
		return false;
	char want[17];
	snprintf(want, sizeof want, "%016" PRIx64, fnv(text, last));
	return memcmp(text + last + 4, want, 16) != 0;
}

SimStatus savepoint_parse(const char *text, size_t len, CompletedCheckpoint **out, char *err, size_t errlen)
{
	*out = NULL;
	if (len > SAVEPOINT_MAX_FILE_BYTES) {
		snprintf(err, errlen, "%zu bytes, more than the %d KiB a savepoint of this job can take", len,
		         SAVEPOINT_MAX_FILE_BYTES >> 10);
		return SIM_ECORRUPT;
	}
	Parser *ps = calloc(1, sizeof *ps);
	CompletedCheckpoint *c = calloc(1, sizeof *c);
	SIM_CHECK(ps != NULL && c != NULL);
	c->refs = 1;
	c->savepoint = true;
	*ps = (Parser){ .p = text, .end = text + len, .line = 0, .err = err, .errlen = errlen, .c = c };
	SimStatus st = SIM_ECORRUPT;
	if (damaged(text, len))
		snprintf(err, errlen, "checksum mismatch: the file was changed or damaged");
	else
		st = parse_header(ps);
	if (st == SIM_OK)
		st = parse_body(ps);
	if (st == SIM_OK)
		st = parse_end(ps, text);
	free(ps);
	if (st != SIM_OK) {
		checkpoint_release(c);
		return st;
	}
	for (int i = 0; i < c->nsnaps; i++)
		c->size_bytes += c->snaps[i]->size_bytes = snapshot_size_bytes(c->snaps[i]);
	*out = c;
	return SIM_OK;
}

/* ------------------------------------------------------------------ files */

static const char *file_kind(mode_t m)
{
	if (S_ISFIFO(m)) return "a FIFO (named pipe)";
	if (S_ISSOCK(m)) return "a socket";
	if (S_ISCHR(m)) return "a character device";
	if (S_ISBLK(m)) return "a block device";
	if (S_ISDIR(m)) return "a directory";
	return "not a regular file";
}

/* Opens name (relative to dirfd) without blocking — a FIFO without a writer or a terminal
 * would otherwise hold the open or the read forever — and fstats the descriptor, so what is
 * checked is what is read (no window between a stat and an open). Symlinks resolve. */
static SimStatus open_nonblocking(int dirfd, const char *name, const char *shown, const char *dir, int *fd,
                                  struct stat *st, char *err, size_t errlen)
{
	*fd = openat(dirfd, name, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (*fd < 0) {
		int e = errno;
		/* Flink's texts (AbstractFsCheckpointStorage.resolveCheckpointPointer). */
		if ((e == ENOENT || e == ENOTDIR) && dir)
			snprintf(err, errlen, "Cannot find meta data file '_metadata' in directory '%s'. Please try to load "
			         "the checkpoint/savepoint directly from the metadata file instead of the directory.", dir);
		else if (e == ENOENT || e == ENOTDIR)
			snprintf(err, errlen, "Cannot find checkpoint or savepoint file/directory '%s' on file system 'file'.",
			         shown);
		else if (e == ENXIO)
			snprintf(err, errlen, "savepoint %s is a socket or a device, not a regular file or a directory", shown);
		else
			snprintf(err, errlen, "cannot read savepoint %s: %s", shown, strerror(e));
		return e == ENXIO ? SIM_EINVAL : SIM_ENOENT;
	}
	if (fstat(*fd, st) != 0) {
		snprintf(err, errlen, "cannot read savepoint %s: %s", shown, strerror(errno));
		close(*fd);
		return SIM_EIO;
	}
	return SIM_OK;
}

/* Opens the savepoint's regular file: rel (path as opened, relative to at) itself, or
 * rel/_metadata for a directory; messages name path, as the user gave it. */
static SimStatus open_savepoint(int at, const char *rel, const char *path, char *file, size_t filelen, int *fd,
                                struct stat *st, char *err, size_t errlen)
{
	snprintf(file, filelen, "%s", path);
	SimStatus s = open_nonblocking(at, rel, path, NULL, fd, st, err, errlen);
	if (s == SIM_OK && S_ISDIR(st->st_mode)) {
		int dir = *fd;
		snprintf(file, filelen, "%s/_metadata", path);
		s = open_nonblocking(dir, "_metadata", file, path, fd, st, err, errlen);
		close(dir);
	}
	if (s == SIM_OK && !S_ISREG(st->st_mode)) {
		snprintf(err, errlen, "savepoint %s is %s, not a regular file (a savepoint is a file, or a directory "
		         "holding _metadata)", file, file_kind(st->st_mode));
		close(*fd);
		return SIM_EINVAL;
	}
	return s;
}

/* Reads exactly size bytes of fd into a new buffer (NUL after them); NULL, with a
 * message, if the file is not that long or grew meanwhile. */
static char *read_whole(int fd, const char *file, size_t size, char *err, size_t errlen)
{
	char *buf = malloc(size + 2);
	SIM_CHECK(buf != NULL);
	size_t len = 0;
	while (len < size + 1) {                 /* one byte more: to notice a file that grew */
		ssize_t n = read(fd, buf + len, size + 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "cannot read savepoint %s: %s", file, strerror(errno));
			free(buf);
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len != size) {
		snprintf(err, errlen, "savepoint %s changed while it was read", file);
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

SimStatus savepoint_read(const char *root, const char *path, CompletedCheckpoint **out, char *err, size_t errlen)
{
	char file[700];
	struct stat st;
	int fd, at = AT_FDCWD;
	*out = NULL;
	if (strncmp(path, "file://", 7) == 0)   /* what the CLI and REST print */
		path += 7;
	else if (strncmp(path, "file:", 5) == 0)
		path += 5;
	if (root && root[0] && (at = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "cannot read savepoint %s: the host root %s: %s", path, root, strerror(errno));
		return SIM_EIO;
	}
	/* Under a host root an absolute path resolves below it too (savepoint_write's rule);
	 * messages keep the path as given. */
	const char *rel = at != AT_FDCWD ? path + strspn(path, "/") : path;
	SimStatus s = open_savepoint(at, rel[0] ? rel : ".", path, file, sizeof file, &fd, &st, err, errlen);
	if (at != AT_FDCWD)
		close(at);
	if (s != SIM_OK)
		return s;
	if (st.st_size > SAVEPOINT_MAX_FILE_BYTES) {   /* before reading it whole */
		snprintf(err, errlen, "savepoint %s is corrupt: %lld bytes, more than the %d KiB a savepoint of this "
		         "job can take", file, (long long)st.st_size, SAVEPOINT_MAX_FILE_BYTES >> 10);
		close(fd);
		return SIM_ECORRUPT;
	}
	char *buf = read_whole(fd, file, (size_t)st.st_size, err, errlen);
	close(fd);
	if (!buf)
		return SIM_EIO;
	char inner[400];
	s = savepoint_parse(buf, (size_t)st.st_size, out, inner, sizeof inner);
	free(buf);
	if (s != SIM_OK)
		snprintf(err, errlen, "savepoint %s is corrupt: %s", file, inner);
	return s;
}
