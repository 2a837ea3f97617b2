/*
 * log.c — a Kafka partition log (see log.h).
 *
 * Invariants:
 *   - segs[0 .. nsegs-1] are the retained segments, oldest first; every segment but the
 *     last holds exactly records_per_segment records, so the segment of an offset is found
 *     by division; segs[i].base_offset = segs[0].base_offset + i · records_per_segment;
 *   - end_offset = base of the last segment + its record count (or log_start_offset when
 *     nothing is retained yet, i.e. the log was never written);
 *   - open[] holds at most one transaction per producer; aborted[] is ordered by marker
 *     offset (the order markers are written).
 * The read path copies whole runs with memcpy when a segment holds no control markers and,
 * for read_committed, no aborted transaction overlaps it: the input topic of the playground
 * (a non-transactional generator) always takes that path.
 */
#include "log.h"

#include <stdlib.h>
#include <string.h>

#include "../core/check.h"

#define SEGMENT_FIRST_CAPACITY 1024      /* records allocated when a segment opens */
#define ABORTED_SCAN_LOCAL     64        /* aborted ranges checked per segment from the stack */

/* A run of generated records: the segment's records from index `at` on are the generator's
 * events first_k, first_k + 1, … (up to the next run). */
typedef struct GenRun {
	int64_t first_k;           /* generator index of the run's first record */
	int32_t at;                /* its index in the segment */
} GenRun;

typedef struct Segment {
	int64_t base_offset;       /* offset of recs[0] */
	Record *recs;              /* recs[i] has offset base_offset + i; NULL in a generated segment */
	GenRun *runs;              /* a generated segment: its records as runs of generator events */
	int32_t nruns, cap_runs;   /* runs used / allocated */
	int32_t n;                 /* records held, ≤ records_per_segment */
	int32_t cap;               /* records allocated */
	int64_t last_append_us;    /* simulated µs when its newest record was appended */
	int32_t ctrl_records;      /* control markers among recs */
	int32_t txn_records;       /* transactional data records among recs */
} Segment;

typedef struct OpenTxn {
	uint16_t producer;         /* producer id, ≠ 0 */
	int64_t  first_offset;     /* offset of its first record, -1 while it has none */
} OpenTxn;

typedef struct AbortedTxn {
	uint16_t producer;         /* producer id */
	int64_t  first_offset;     /* offset of its first record */
	int64_t  marker_offset;    /* offset of its abort marker (records lie below it) */
} AbortedTxn;

struct KafkaLog {
	int32_t records_per_segment;   /* records per closed segment */
	KafkaRecordFn generate;        /* the records of kafka_log_append_generated, NULL none */
	Segment *segs;                 /* retained segments, oldest first */
	size_t  nsegs, cap_segs;       /* segments used / allocated */
	int64_t log_start_offset;      /* first retained offset */
	int64_t end_offset;            /* next offset to write (log end offset = high watermark) */
	OpenTxn *open;                 /* open transactions, unordered */
	size_t  nopen, cap_open;       /* used / allocated */
	AbortedTxn *aborted;           /* aborted-transaction index, by marker offset */
	size_t  naborted, cap_aborted; /* used / allocated */
};

/* Returns arr (elements of size elem) grown to hold at least need, updating *cap;
 * aborts when memory runs out. */
static void *grow(void *arr, size_t *cap, size_t need, size_t elem, size_t first)
{
	if (need <= *cap)
		return arr;
	size_t c = *cap ? *cap : first;
	while (c < need)
		c *= 2;
	void *p = realloc(arr, c * elem);
	SIM_CHECK(p != NULL);
	*cap = c;
	return p;
}

KafkaLog *kafka_log_create(int records_per_segment)
{
	SIM_CHECK(records_per_segment > 0);
	KafkaLog *log = calloc(1, sizeof *log);
	if (!log)
		return NULL;
	log->records_per_segment = records_per_segment;
	return log;
}

void kafka_log_destroy(KafkaLog *log)
{
	if (!log)
		return;
	for (size_t i = 0; i < log->nsegs; i++) {
		free(log->segs[i].recs);
		free(log->segs[i].runs);
	}
	free(log->segs);
	free(log->open);
	free(log->aborted);
	free(log);
}

/* The segment that takes the next record: the last one, or a new one if it is full. */
static Segment *active_segment(KafkaLog *log)
{
	if (log->nsegs > 0 && log->segs[log->nsegs - 1].n < log->records_per_segment)
		return &log->segs[log->nsegs - 1];
	log->segs = grow(log->segs, &log->cap_segs, log->nsegs + 1, sizeof(Segment), 8);
	Segment *s = &log->segs[log->nsegs++];
	*s = (Segment){ .base_offset = log->end_offset };
	return s;
}

/* Makes room for `want` more records in s (at most up to records_per_segment). */
static void reserve(const KafkaLog *log, Segment *s, int32_t want)
{
	int32_t need = s->n + want;
	if (need <= s->cap)
		return;
	int32_t c = s->cap ? s->cap : SEGMENT_FIRST_CAPACITY;
	while (c < need)
		c = c > log->records_per_segment / 2 ? log->records_per_segment : c * 2;
	if (c > log->records_per_segment)
		c = log->records_per_segment;
	Record *p = realloc(s->recs, (size_t)c * sizeof(Record));
	SIM_CHECK(p != NULL);
	s->recs = p;
	s->cap = c;
}

/* Copies n records to the end of the log, rolling segments as they fill. A nonzero
 * `txn_producer` stamps the copies as that producer's transactional records. */
/* Copies records [i, i + n) of a generated segment into out. */
static void expand(const KafkaLog *log, const Segment *s, int32_t i, size_t n, Record *out)
{
	size_t lo = 0, hi = (size_t)s->nruns;          /* the run holding i: last with at ≤ i */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->runs[mid].at <= i)
			lo = mid;
		else
			hi = mid;
	}
	for (size_t r = lo; n > 0; r++) {
		int32_t end = r + 1 < (size_t)s->nruns ? s->runs[r + 1].at : s->n;
		size_t take = (size_t)(end - i) < n ? (size_t)(end - i) : n;
		log->generate(s->runs[r].first_k + (i - s->runs[r].at), take, out);
		out += take;
		i += (int32_t)take;
		n -= take;
	}
}

/* A generated segment about to take other records becomes a plain one. */
static void materialize(const KafkaLog *log, Segment *s)
{
	if (!s->runs)
		return;
	Record *recs = malloc((size_t)log->records_per_segment * sizeof(Record));
	SIM_CHECK(recs != NULL);
	expand(log, s, 0, (size_t)s->n, recs);
	free(s->runs);
	s->runs = NULL;
	s->nruns = s->cap_runs = 0;
	s->recs = recs;
	s->cap = log->records_per_segment;
}

static void append_run(KafkaLog *log, const Record *recs, size_t n, int64_t now_us,
                       uint16_t txn_producer)
{
	while (n > 0) {
		Segment *s = active_segment(log);
		materialize(log, s);
		size_t room = (size_t)(log->records_per_segment - s->n);
		int32_t take = (int32_t)(n < room ? n : room);
		reserve(log, s, take);
		Record *dst = s->recs + s->n;
		memcpy(dst, recs, (size_t)take * sizeof(Record));
		if (txn_producer) {
			for (int32_t i = 0; i < take; i++)
				dst[i].producer = txn_producer;
			s->txn_records += take;
		}
		s->n += take;
		s->last_append_us = now_us;
		log->end_offset += take;
		recs += take;
		n -= (size_t)take;
	}
}

static OpenTxn *find_open(const KafkaLog *log, uint16_t producer)
{
	for (size_t i = 0; i < log->nopen; i++)
		if (log->open[i].producer == producer)
			return &log->open[i];
	return NULL;
}

static void check_data_records(const KafkaLog *log, const Record *recs, size_t n, bool plain)
{
	for (size_t i = 0; i < n; i++) {
		SIM_CHECK(recs[i].ctrl == REC_DATA);
		/* A producer in a transaction writes only transactionally (Kafka enforces it);
		 * mixing would make the aborted index hide records that were never in it. */
		SIM_CHECK(!plain || recs[i].producer == 0 || !find_open(log, recs[i].producer));
	}
}

void kafka_log_set_generator(KafkaLog *log, KafkaRecordFn generate)
{
	log->generate = generate;
}

/* Appends generator events [first_k, first_k + n) to a generated (or new) segment as runs;
 * into a segment that already holds plain records they go as records. */
static void append_generated(KafkaLog *log, int64_t first_k, size_t n, int64_t now_us)
{
	while (n > 0) {
		Segment *s = active_segment(log);
		size_t room = (size_t)(log->records_per_segment - s->n);
		int32_t take = (int32_t)(n < room ? n : room);
		if (s->recs) {
			reserve(log, s, take);
			log->generate(first_k, (size_t)take, &s->recs[s->n]);
		} else {
			const GenRun *last = s->nruns ? &s->runs[s->nruns - 1] : NULL;
			if (!last || last->first_k + (s->n - last->at) != first_k) {   /* else the run goes on */
				size_t cap = (size_t)s->cap_runs;
				s->runs = grow(s->runs, &cap, (size_t)s->nruns + 1, sizeof(GenRun), 16);
				s->cap_runs = (int32_t)cap;
				s->runs[s->nruns++] = (GenRun){ .first_k = first_k, .at = s->n };
			}
		}
		s->n += take;
		s->last_append_us = now_us;
		log->end_offset += take;
		first_k += take;
		n -= (size_t)take;
	}
}

int64_t kafka_log_append_generated(KafkaLog *log, int64_t first_k, size_t n, int64_t append_time_us)
{
	SIM_CHECK(log->generate != NULL);
	int64_t base = log->end_offset;
	append_generated(log, first_k, n, append_time_us);
	return base;
}

int64_t kafka_log_append(KafkaLog *log, const Record *recs, size_t n, int64_t append_time_us)
{
	int64_t base = log->end_offset;
	if (log->nopen > 0)
		check_data_records(log, recs, n, true);
	append_run(log, recs, n, append_time_us, 0);
	return base;
}

bool kafka_log_begin_txn(KafkaLog *log, uint16_t producer)
{
	if (producer == 0)
		return false;
	if (find_open(log, producer))
		return true;
	log->open = grow(log->open, &log->cap_open, log->nopen + 1, sizeof(OpenTxn), 4);
	log->open[log->nopen++] = (OpenTxn){ .producer = producer, .first_offset = -1 };
	return true;
}

int64_t kafka_log_append_txn(KafkaLog *log, uint16_t producer, const Record *recs, size_t n,
                             int64_t append_time_us)
{
	SIM_CHECK(producer != 0);
	check_data_records(log, recs, n, false);
	kafka_log_begin_txn(log, producer);
	OpenTxn *t = find_open(log, producer);
	int64_t base = log->end_offset;
	if (n > 0 && t->first_offset < 0)
		t->first_offset = base;
	append_run(log, recs, n, append_time_us, producer);
	return base;
}

int64_t kafka_log_end_txn(KafkaLog *log, uint16_t producer, bool commit, int64_t now_us)
{
	OpenTxn *t = find_open(log, producer);
	if (!t)
		return -1;
	int64_t first = t->first_offset;
	*t = log->open[--log->nopen];   /* order of open[] does not matter */

	Record marker = {
		.ts_ms = now_us / 1000,     /* simulated ms; readers never see markers */
		.ctrl = commit ? REC_COMMIT_MARKER : REC_ABORT_MARKER,
		.producer = producer,
	};
	int64_t at = log->end_offset;
	append_run(log, &marker, 1, now_us, 0);
	log->segs[log->nsegs - 1].ctrl_records++;
	if (!commit && first >= 0) {
		log->aborted = grow(log->aborted, &log->cap_aborted, log->naborted + 1, sizeof(AbortedTxn), 8);
		log->aborted[log->naborted++] =
			(AbortedTxn){ .producer = producer, .first_offset = first, .marker_offset = at };
	}
	return at;
}

bool kafka_log_txn_open(const KafkaLog *log, uint16_t producer)
{
	return find_open(log, producer) != NULL;
}

int64_t kafka_log_last_stable_offset(const KafkaLog *log)
{
	int64_t lso = log->end_offset;
	for (size_t i = 0; i < log->nopen; i++)
		if (log->open[i].first_offset >= 0 && log->open[i].first_offset < lso)
			lso = log->open[i].first_offset;
	return lso;
}

size_t kafka_log_enforce_retention(KafkaLog *log, int64_t now_us, int64_t retention_us)
{
	size_t drop = 0;
	/* Kafka: a segment is deletable when now - its largest timestamp > retention. */
	while (drop + 1 < log->nsegs && now_us - log->segs[drop].last_append_us > retention_us)
		drop++;
	if (drop == 0)
		return 0;

	size_t dropped = 0;
	for (size_t i = 0; i < drop; i++) {
		dropped += (size_t)log->segs[i].n;
		free(log->segs[i].recs);
		free(log->segs[i].runs);
	}
	log->nsegs -= drop;
	memmove(log->segs, log->segs + drop, log->nsegs * sizeof(Segment));
	log->log_start_offset = log->segs[0].base_offset;

	/* Aborted ranges wholly below the new start can no longer matter. */
	size_t k = 0;
	while (k < log->naborted && log->aborted[k].marker_offset < log->log_start_offset)
		k++;
	if (k > 0) {
		log->naborted -= k;
		memmove(log->aborted, log->aborted + k, log->naborted * sizeof(AbortedTxn));
	}
	return dropped;
}

/* First aborted entry whose marker lies above offset o (entries are ordered by marker). */
static size_t aborted_after(const KafkaLog *log, int64_t o)
{
	size_t lo = 0, hi = log->naborted;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (log->aborted[mid].marker_offset <= o)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool in_aborted(const AbortedTxn *a, size_t n, uint16_t producer, int64_t o)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].producer == producer && a[i].first_offset <= o && o < a[i].marker_offset)
			return true;
	return false;
}

/* Aborted ranges overlapping [from, to): copied into local (up to `room`); returns how many
 * overlap, so a caller seeing more than `room` falls back to scanning the index. */
static size_t aborted_overlapping(const KafkaLog *log, int64_t from, int64_t to,
                                  AbortedTxn *local, size_t room)
{
	size_t n = 0;
	for (size_t i = aborted_after(log, from); i < log->naborted; i++) {
		if (log->aborted[i].first_offset >= to)
			continue;
		if (n < room)
			local[n] = log->aborted[i];
		n++;
	}
	return n;
}

/* Record-by-record copy of [*o, to) from segment s, skipping markers and (when aborts
 * overlap) aborted records; stops when out is full. */
static size_t read_filtered(const KafkaLog *log, const Segment *s, int64_t *o, int64_t to,
                            bool read_committed, Record *out, int64_t *out_offsets, size_t max)
{
	AbortedTxn local[ABORTED_SCAN_LOCAL];
	size_t na = 0;
	const AbortedTxn *ab = local;
	if (read_committed && s->txn_records > 0) {
		na = aborted_overlapping(log, *o, to, local, ABORTED_SCAN_LOCAL);
		if (na > ABORTED_SCAN_LOCAL) {          /* rare: scan the index from *o on */
			size_t first = aborted_after(log, *o);
			ab = log->aborted + first;
			na = log->naborted - first;
		}
	}
	size_t k = 0;
	int64_t off = *o;
	for (; off < to && k < max; off++) {
		const Record *r = &s->recs[off - s->base_offset];
		if (r->ctrl != REC_DATA)
			continue;
		if (na > 0 && r->producer != 0 && in_aborted(ab, na, r->producer, off))
			continue;
		out[k] = *r;
		if (out_offsets)
			out_offsets[k] = off;
		k++;
	}
	*o = off;
	return k;
}

static bool segment_plain(const KafkaLog *log, const Segment *s, int64_t from, int64_t to,
                          bool read_committed)
{
	if (s->ctrl_records > 0)
		return false;
	if (!read_committed || s->txn_records == 0 || log->naborted == 0)
		return true;
	for (size_t i = aborted_after(log, from); i < log->naborted; i++)
		if (log->aborted[i].first_offset < to)
			return false;
	return true;
}

size_t kafka_log_read(const KafkaLog *log, int64_t from, int64_t max_offset_exclusive,
                      bool read_committed, Record *out, int64_t *out_offsets, size_t max,
                      int64_t *next)
{
	int64_t limit = read_committed ? kafka_log_last_stable_offset(log) : log->end_offset;
	if (max_offset_exclusive < limit)
		limit = max_offset_exclusive;
	int64_t o = from < log->log_start_offset ? log->log_start_offset : from;
	size_t k = 0;

	while (o < limit && k < max) {
		size_t si = (size_t)((o - log->segs[0].base_offset) / log->records_per_segment);
		const Segment *s = &log->segs[si];
		int64_t seg_end = s->base_offset + s->n;
		int64_t to = seg_end < limit ? seg_end : limit;

		if (!segment_plain(log, s, o, to, read_committed)) {
			k += read_filtered(log, s, &o, to, read_committed, out + k,
			                   out_offsets ? out_offsets + k : NULL, max - k);
			continue;
		}
		size_t take = (size_t)(to - o);
		if (take > max - k)
			take = max - k;
		if (s->recs)
			memcpy(out + k, s->recs + (o - s->base_offset), take * sizeof(Record));
		else
			expand(log, s, (int32_t)(o - s->base_offset), take, out + k);
		if (out_offsets)
			for (size_t i = 0; i < take; i++)
				out_offsets[k + i] = o + (int64_t)i;
		k += take;
		o += (int64_t)take;
	}
	*next = o;
	return k;
}

/* Appends the runs standing for records [i, i + n) of generated segment s (merging a run
 * that continues the last one); false when cap is reached. */
static bool runs_of(const Segment *s, int32_t i, int64_t n, KafkaGenRun *runs, size_t cap, size_t *nruns)
{
	size_t lo = 0, hi = (size_t)s->nruns;          /* the run holding i: last with at ≤ i */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->runs[mid].at <= i)
			lo = mid;
		else
			hi = mid;
	}
	for (size_t r = lo; n > 0; r++) {
		int32_t end = r + 1 < (size_t)s->nruns ? s->runs[r + 1].at : s->n;
		int64_t take = end - i < n ? end - i : n;
		int64_t k = s->runs[r].first_k + (i - s->runs[r].at);
		if (*nruns > 0 && runs[*nruns - 1].first_k + runs[*nruns - 1].count == k) {
			runs[*nruns - 1].count += take;
		} else {
			if (*nruns == cap)
				return false;
			runs[(*nruns)++] = (KafkaGenRun){ .first_k = k, .count = take };
		}
		i += (int32_t)take;
		n -= take;
	}
	return true;
}

int64_t kafka_log_read_generated(const KafkaLog *log, int64_t from, int64_t max_offset_exclusive, size_t max,
                                 KafkaGenRun *runs, size_t cap, size_t *nruns, int64_t *next)
{
	int64_t limit = log->end_offset < max_offset_exclusive ? log->end_offset : max_offset_exclusive;
	int64_t o = from < log->log_start_offset ? log->log_start_offset : from;
	int64_t k = 0;
	*nruns = 0;
	while (o < limit && k < (int64_t)max) {
		size_t si = (size_t)((o - log->segs[0].base_offset) / log->records_per_segment);
		const Segment *s = &log->segs[si];
		if (s->recs || !s->runs)
			return -1;
		int64_t seg_end = s->base_offset + s->n;
		int64_t to = seg_end < limit ? seg_end : limit;
		int64_t take = to - o < (int64_t)max - k ? to - o : (int64_t)max - k;
		if (!runs_of(s, (int32_t)(o - s->base_offset), take, runs, cap, nruns))
			return -1;
		k += take;
		o += take;
	}
	*next = o;
	return k;
}

int64_t kafka_log_start_offset(const KafkaLog *log)
{
	return log->log_start_offset;
}

int64_t kafka_log_end_offset(const KafkaLog *log)
{
	return log->end_offset;
}

size_t kafka_log_segment_count(const KafkaLog *log)
{
	return log->nsegs;
}

size_t kafka_log_memory_bytes(const KafkaLog *log)
{
	size_t b = sizeof *log + log->cap_segs * sizeof(Segment) + log->cap_open * sizeof(OpenTxn) +
	           log->cap_aborted * sizeof(AbortedTxn);
	for (size_t i = 0; i < log->nsegs; i++)
		b += (size_t)log->segs[i].cap * sizeof(Record) + (size_t)log->segs[i].cap_runs * sizeof(GenRun);
	return b;
}
