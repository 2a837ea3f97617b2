/*
 * test_kafka_log.c — one Kafka partition log: dense offsets, segments, time-based
 * retention, transactions (LSO, markers, aborted index) and both isolation levels.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kafka/log.h"

#define S 1000000LL    /* µs per second */

/* A click with a recognisable timestamp: ts_ms = tag. */
static Record rec(int64_t tag)
{
	return (Record){ .ts_ms = tag, .page = (uint8_t)(tag % 6) };
}

/* Appends n plain records tagged first, first+1, … at time t. */
static int64_t append_tagged(KafkaLog *log, int64_t first, size_t n, int64_t t)
{
	Record *r = malloc(n * sizeof *r);
	for (size_t i = 0; i < n; i++)
		r[i] = rec(first + (int64_t)i);
	int64_t base = kafka_log_append(log, r, n, t);
	free(r);
	return base;
}

static int64_t append_txn_tagged(KafkaLog *log, uint16_t producer, int64_t first, size_t n, int64_t t)
{
	Record r[64];
	assert_true(n <= 64);
	for (size_t i = 0; i < n; i++)
		r[i] = rec(first + (int64_t)i);
	return kafka_log_append_txn(log, producer, r, n, t);
}

/* Reads everything readable from `from` in chunks of `chunk`; returns the count, fills tags
 * and offsets (each up to cap). */
static size_t read_all(const KafkaLog *log, int64_t from, bool committed, size_t chunk,
                       int64_t *tags, int64_t *offs, size_t cap, int64_t *next_out)
{
	Record buf[256];
	int64_t ob[256];
	size_t total = 0;
	int64_t next = from;
	assert_true(chunk <= 256);
	for (;;) {
		size_t n = kafka_log_read(log, next, INT64_MAX, committed, buf, ob, chunk, &next);
		if (n == 0)
			break;
		for (size_t i = 0; i < n && total + i < cap; i++) {
			tags[total + i] = buf[i].ts_ms;
			offs[total + i] = ob[i];
		}
		total += n;
	}
	if (next_out)
		*next_out = next;
	return total;
}

static void new_log_is_empty(void **state)
{
	KafkaLog *log = kafka_log_create(4);
	Record r;
	int64_t next = -1;
	assert_int_equal(kafka_log_start_offset(log), 0);
	assert_int_equal(kafka_log_end_offset(log), 0);
	assert_int_equal(kafka_log_last_stable_offset(log), 0);
	assert_int_equal(kafka_log_segment_count(log), 0);
	assert_int_equal(kafka_log_read(log, 0, INT64_MAX, false, &r, NULL, 1, &next), 0);
	assert_int_equal(next, 0);
	kafka_log_destroy(log);
	kafka_log_destroy(NULL);
}

static void offsets_are_dense_from_zero(void **state)
{
	KafkaLog *log = kafka_log_create(1000);
	assert_int_equal(append_tagged(log, 0, 3, 0), 0);
	assert_int_equal(append_tagged(log, 3, 5, 0), 3);
	assert_int_equal(append_tagged(log, 8, 0, 0), 8);     /* empty append: no offset */
	assert_int_equal(append_tagged(log, 8, 1, 0), 8);
	assert_int_equal(kafka_log_end_offset(log), 9);
	assert_int_equal(kafka_log_last_stable_offset(log), 9);

	int64_t tags[16], offs[16], next;
	size_t n = read_all(log, 0, false, 4, tags, offs, 16, &next);
	assert_int_equal(n, 9);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(offs[i], (int64_t)i);
		assert_int_equal(tags[i], (int64_t)i);
	}
	assert_int_equal(next, 9);
	kafka_log_destroy(log);
}

static void segments_roll_when_full(void **state)
{
	KafkaLog *log = kafka_log_create(10);
	append_tagged(log, 0, 10, 0);
	assert_int_equal(kafka_log_segment_count(log), 1);    /* full but still active */
	append_tagged(log, 10, 1, 0);
	assert_int_equal(kafka_log_segment_count(log), 2);
	append_tagged(log, 11, 25, 0);                        /* one append spanning 3 segments */
	assert_int_equal(kafka_log_segment_count(log), 4);
	assert_int_equal(kafka_log_end_offset(log), 36);
	kafka_log_destroy(log);
}

static void reads_cross_segment_boundaries(void **state)
{
	KafkaLog *log = kafka_log_create(7);
	append_tagged(log, 100, 50, 0);
	Record out[64];
	int64_t offs[64], next;
	size_t n = kafka_log_read(log, 5, INT64_MAX, false, out, offs, 64, &next);
	assert_int_equal(n, 45);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(offs[i], 5 + (int64_t)i);
		assert_int_equal(out[i].ts_ms, 105 + (int64_t)i);
	}
	assert_int_equal(next, 50);
	/* a bounded read stops at max_offset_exclusive, across a boundary */
	n = kafka_log_read(log, 3, 16, false, out, NULL, 64, &next);
	assert_int_equal(n, 13);
	assert_int_equal(next, 16);
	assert_int_equal(out[12].ts_ms, 115);
	/* and at max records */
	n = kafka_log_read(log, 6, INT64_MAX, true, out, offs, 3, &next);
	assert_int_equal(n, 3);
	assert_int_equal(offs[2], 8);
	assert_int_equal(next, 9);
	/* reading at the end returns nothing and stays put */
	n = kafka_log_read(log, 50, INT64_MAX, false, out, offs, 64, &next);
	assert_int_equal(n, 0);
	assert_int_equal(next, 50);
	kafka_log_destroy(log);
}

static void retention_drops_only_old_closed_segments(void **state)
{
	KafkaLog *log = kafka_log_create(10);
	append_tagged(log, 0, 10, 1 * S);     /* segment 0: newest at 1 s */
	append_tagged(log, 10, 10, 5 * S);    /* segment 1: newest at 5 s */
	append_tagged(log, 20, 5, 6 * S);     /* segment 2 (active): newest at 6 s */

	/* retention 10 s at 11 s: segment 0 is exactly 10 s old, not older */
	assert_int_equal(kafka_log_enforce_retention(log, 11 * S, 10 * S), 0);
	assert_int_equal(kafka_log_enforce_retention(log, 11 * S + 1, 10 * S), 10);
	assert_int_equal(kafka_log_start_offset(log), 10);
	assert_int_equal(kafka_log_segment_count(log), 2);

	/* much later: segment 1 goes, the active segment stays however old it is */
	assert_int_equal(kafka_log_enforce_retention(log, 1000 * S, 10 * S), 10);
	assert_int_equal(kafka_log_start_offset(log), 20);
	assert_int_equal(kafka_log_segment_count(log), 1);
	assert_int_equal(kafka_log_enforce_retention(log, 5000 * S, 10 * S), 0);
	assert_int_equal(kafka_log_end_offset(log), 25);

	/* offsets continue densely after retention */
	assert_int_equal(append_tagged(log, 25, 12, 5001 * S), 25);
	int64_t tags[32], offs[32];
	size_t n = read_all(log, 20, false, 5, tags, offs, 32, NULL);
	assert_int_equal(n, 17);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(offs[i], 20 + (int64_t)i);
	kafka_log_destroy(log);
}

static void retention_stops_at_the_first_young_segment(void **state)
{
	KafkaLog *log = kafka_log_create(4);
	append_tagged(log, 0, 4, 1 * S);
	append_tagged(log, 4, 4, 50 * S);     /* young */
	append_tagged(log, 8, 4, 2 * S);      /* old, but behind a young one: kept */
	append_tagged(log, 12, 1, 60 * S);
	assert_int_equal(kafka_log_enforce_retention(log, 30 * S, 10 * S), 4);
	assert_int_equal(kafka_log_start_offset(log), 4);
	kafka_log_destroy(log);
}

static void read_from_before_start_offset_starts_at_start_offset(void **state)
{
	KafkaLog *log = kafka_log_create(8);
	append_tagged(log, 0, 20, 0);
	append_tagged(log, 20, 1, 100 * S);
	kafka_log_enforce_retention(log, 100 * S, 10 * S);
	assert_int_equal(kafka_log_start_offset(log), 16);
	Record out[8];
	int64_t offs[8], next;
	size_t n = kafka_log_read(log, 0, INT64_MAX, false, out, offs, 8, &next);
	assert_int_equal(n, 5);
	assert_int_equal(offs[0], 16);
	assert_int_equal(out[0].ts_ms, 16);
	assert_int_equal(next, 21);
	/* nothing readable below the start: the reader is moved to the start */
	n = kafka_log_read(log, 3, 10, false, out, offs, 8, &next);
	assert_int_equal(n, 0);
	assert_int_equal(next, 16);
	kafka_log_destroy(log);
}

static void open_transaction_holds_back_last_stable_offset(void **state)
{
	KafkaLog *log = kafka_log_create(100);
	append_tagged(log, 0, 5, 0);
	assert_true(kafka_log_begin_txn(log, 7));
	assert_int_equal(kafka_log_last_stable_offset(log), 5);  /* no records yet */
	append_txn_tagged(log, 7, 5, 3, 0);                       /* offsets 5..7 */
	append_tagged(log, 8, 2, 0);                              /* plain 8..9 */
	assert_int_equal(kafka_log_end_offset(log), 10);
	assert_int_equal(kafka_log_last_stable_offset(log), 5);
	assert_true(kafka_log_txn_open(log, 7));

	int64_t tags[16], offs[16], next;
	assert_int_equal(read_all(log, 0, true, 16, tags, offs, 16, &next), 5);
	assert_int_equal(next, 5);                                /* stops at the LSO */
	assert_int_equal(read_all(log, 0, false, 16, tags, offs, 16, &next), 10);

	/* a second producer's later transaction does not move the LSO further */
	append_txn_tagged(log, 9, 10, 2, 0);                      /* 10..11 */
	assert_int_equal(kafka_log_last_stable_offset(log), 5);
	assert_int_equal(kafka_log_end_txn(log, 7, true, 0), 12); /* marker at 12 */
	assert_int_equal(kafka_log_last_stable_offset(log), 10);  /* producer 9 still open */
	assert_int_equal(kafka_log_end_txn(log, 9, true, 0), 13);
	assert_int_equal(kafka_log_last_stable_offset(log), 14);
	assert_false(kafka_log_txn_open(log, 7));
	assert_int_equal(kafka_log_end_txn(log, 7, true, 0), -1); /* nothing open: no marker */
	assert_int_equal(kafka_log_end_offset(log), 14);
	assert_false(kafka_log_begin_txn(log, 0));
	kafka_log_destroy(log);
}

static void markers_take_offsets_and_show_as_gaps(void **state)
{
	KafkaLog *log = kafka_log_create(100);
	append_txn_tagged(log, 3, 0, 2, 0);                       /* 0, 1 */
	assert_int_equal(kafka_log_end_txn(log, 3, true, 0), 2);  /* marker 2 */
	append_txn_tagged(log, 3, 3, 2, 0);                       /* 3, 4 */
	assert_int_equal(kafka_log_end_txn(log, 3, true, 0), 5);  /* marker 5 */
	append_tagged(log, 6, 1, 0);                              /* plain 6 */
	for (int committed = 0; committed <= 1; committed++) {
		int64_t tags[16], offs[16], next;
		size_t n = read_all(log, 0, committed, 16, tags, offs, 16, &next);
		assert_int_equal(n, 5);
		static const int64_t want[] = { 0, 1, 3, 4, 6 };
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(offs[i], want[i]);
			assert_int_equal(tags[i], want[i]);
		}
		assert_int_equal(next, 7);
	}
	/* a read that ends on a marker moves past it */
	Record out[4];
	int64_t next;
	assert_int_equal(kafka_log_read(log, 2, 3, false, out, NULL, 4, &next), 0);
	assert_int_equal(next, 3);
	kafka_log_destroy(log);
}

static void aborted_records_hidden_in_read_committed_visible_in_read_uncommitted(void **state)
{
	KafkaLog *log = kafka_log_create(4);                      /* small: spans segments */
	append_txn_tagged(log, 1, 0, 3, 0);                       /* p1: 0..2, committed */
	append_txn_tagged(log, 2, 3, 3, 0);                       /* p2: 3..5, aborted */
	append_txn_tagged(log, 1, 6, 2, 0);                       /* p1: 6..7 */
	assert_int_equal(kafka_log_end_txn(log, 2, false, 0), 8); /* abort marker 8 */
	assert_int_equal(kafka_log_end_txn(log, 1, true, 0), 9);  /* commit marker 9 */
	append_tagged(log, 10, 2, 0);                             /* plain 10..11 */
	append_txn_tagged(log, 2, 12, 2, 0);                      /* p2 again: 12..13, committed */
	assert_int_equal(kafka_log_end_txn(log, 2, true, 0), 14);

	int64_t tags[32], offs[32];
	size_t n = read_all(log, 0, true, 3, tags, offs, 32, NULL);
	static const int64_t committed[] = { 0, 1, 2, 6, 7, 10, 11, 12, 13 };
	assert_int_equal(n, sizeof committed / sizeof committed[0]);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(offs[i], committed[i]);

	n = read_all(log, 0, false, 3, tags, offs, 32, NULL);
	static const int64_t all[] = { 0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13 };
	assert_int_equal(n, sizeof all / sizeof all[0]);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(offs[i], all[i]);
		assert_int_equal(tags[i], all[i]);
	}
	kafka_log_destroy(log);
}

static void aborted_transaction_without_records_leaves_only_a_marker(void **state)
{
	KafkaLog *log = kafka_log_create(16);
	append_tagged(log, 0, 2, 0);
	kafka_log_begin_txn(log, 5);
	assert_int_equal(kafka_log_end_txn(log, 5, false, 0), 2);
	append_tagged(log, 3, 2, 0);
	int64_t tags[8], offs[8];
	assert_int_equal(read_all(log, 0, true, 8, tags, offs, 8, NULL), 4);
	assert_int_equal(offs[2], 3);
	kafka_log_destroy(log);
}

static void plain_records_of_other_producers_survive_an_abort(void **state)
{
	/* An idempotent, non-transactional producer (id 4) writes inside producer 2's aborted range. */
	KafkaLog *log = kafka_log_create(8);
	append_txn_tagged(log, 2, 0, 2, 0);
	Record idem = { .ts_ms = 2, .producer = 4 };
	kafka_log_append(log, &idem, 1, 0);
	append_txn_tagged(log, 2, 3, 1, 0);
	kafka_log_end_txn(log, 2, false, 0);
	int64_t tags[8], offs[8];
	assert_int_equal(read_all(log, 0, true, 8, tags, offs, 8, NULL), 1);
	assert_int_equal(offs[0], 2);
	kafka_log_destroy(log);
}

static void many_aborted_transactions_are_all_hidden(void **state)
{
	/* 200 interleaved transactions in one segment, 134 aborted: more aborted ranges
	 * overlap the segment than the reader checks from the stack. Transactional records
	 * are tagged 10·producer + i, plain ones 100000 + i. */
	KafkaLog *log = kafka_log_create(4096);
	for (uint16_t p = 1; p <= 200; p++) {
		append_txn_tagged(log, p, 10 * p, 3, 0);
		append_tagged(log, 100000 + p, 1, 0);
		if (p % 2 == 0)                                   /* odd producers get a 4th record */
			append_txn_tagged(log, (uint16_t)(p - 1), 10 * (p - 1) + 3, 1, 0);
	}
	for (uint16_t p = 1; p <= 200; p++)
		kafka_log_end_txn(log, p, p % 3 == 0, 0);         /* every third commits */
	int64_t committed_records = 0;
	for (uint16_t p = 3; p <= 200; p += 3)
		committed_records += p % 2 == 1 ? 4 : 3;

	int64_t tags[1200], offs[1200];
	size_t n = read_all(log, 0, true, 256, tags, offs, 1200, NULL);
	assert_int_equal(n, 200 + committed_records);
	int64_t plain = 0;
	for (size_t i = 0; i < n; i++) {
		if (tags[i] >= 100000)
			plain++;
		else if ((tags[i] / 10) % 3 != 0)
			fail_msg("record of aborted producer %lld visible at offset %lld",
			         (long long)(tags[i] / 10), (long long)offs[i]);
	}
	assert_int_equal(plain, 200);
	assert_int_equal(read_all(log, 0, false, 256, tags, offs, 1200, NULL), 200 + 700);
	kafka_log_destroy(log);
}

static void retention_forgets_aborted_ranges_below_the_start(void **state)
{
	KafkaLog *log = kafka_log_create(4);
	append_txn_tagged(log, 1, 0, 3, 0);
	kafka_log_end_txn(log, 1, false, 0);                      /* 0..2 aborted, marker 3 */
	append_tagged(log, 4, 4, 0);                              /* segment 1 */
	append_txn_tagged(log, 1, 8, 2, 100 * S);                 /* 8..9 */
	kafka_log_end_txn(log, 1, false, 100 * S);                /* marker 10 */
	append_tagged(log, 11, 1, 100 * S);
	assert_int_equal(kafka_log_enforce_retention(log, 50 * S, 10 * S), 8);
	int64_t tags[8], offs[8];
	assert_int_equal(read_all(log, 0, true, 8, tags, offs, 8, NULL), 1);
	assert_int_equal(offs[0], 11);
	assert_int_equal(read_all(log, 0, false, 8, tags, offs, 8, NULL), 3);
	kafka_log_destroy(log);
}

static void memory_grows_with_records_and_shrinks_with_retention(void **state)
{
	KafkaLog *log = kafka_log_create(65536);
	size_t empty = kafka_log_memory_bytes(log);
	append_tagged(log, 0, 200000, 0);
	size_t full = kafka_log_memory_bytes(log);
	assert_true(full >= empty + 200000 * sizeof(Record));
	append_tagged(log, 200000, 1, 100 * S);
	kafka_log_enforce_retention(log, 100 * S, 10 * S);
	assert_int_equal(kafka_log_start_offset(log), 196608);
	assert_true(kafka_log_memory_bytes(log) < full / 2);
	kafka_log_destroy(log);
}

static void bulk_reads_copy_records_exactly(void **state)
{
	KafkaLog *log = kafka_log_create(65536);
	size_t total = 300000;
	append_tagged(log, 0, total, 0);
	Record *out = malloc(4096 * sizeof *out);
	int64_t next = 0, seen = 0;
	size_t n;
	while ((n = kafka_log_read(log, next, INT64_MAX, true, out, NULL, 4096, &next)) > 0) {
		for (size_t i = 0; i < n; i++)
			if (out[i].ts_ms != seen + (int64_t)i)
				fail_msg("record at offset %lld has tag %lld", (long long)(seen + (int64_t)i),
				         (long long)out[i].ts_ms);
		seen += (int64_t)n;
	}
	assert_int_equal(seen, (int64_t)total);
	assert_int_equal(next, (int64_t)total);
	free(out);
	kafka_log_destroy(log);
}

/* A generator for the compact form: record k is rec(k). */
static void gen_tagged(int64_t first_k, size_t n, Record *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = rec(first_k + (int64_t)i);
}

/* Generated runs against the same records appended plainly: batches that continue each
 * other, batches that jump (a restarted generator starts from 0 again: duplicates), segments
 * that roll mid-batch, a plain append in between, retention, and reads from every offset. */
static void generated_runs_read_as_the_records_they_stand_for(void **state)
{
	(void)state;
	KafkaLog *a = kafka_log_create(64), *b = kafka_log_create(64);
	kafka_log_set_generator(a, gen_tagged);
	static const int64_t firsts[] = { 0, 25, 50, 10, 11, 100, 0, 0, 300, 337 };
	static const size_t counts[] = { 25, 25, 7, 1, 90, 3, 64, 1, 37, 200 };
	int64_t t = 0;
	for (size_t i = 0; i < sizeof firsts / sizeof firsts[0]; i++, t += S) {
		assert_int_equal(kafka_log_append_generated(a, firsts[i], counts[i], t),
		                 append_tagged(b, firsts[i], counts[i], t));
		if (i == 6) {                        /* a plain batch into a generated segment */
			Record r = rec(9999);
			assert_int_equal(kafka_log_append(a, &r, 1, t), kafka_log_append(b, &r, 1, t));
		}
	}
	assert_int_equal(kafka_log_end_offset(a), kafka_log_end_offset(b));
	assert_int_equal(kafka_log_enforce_retention(a, 5 * S, 2 * S),
	                 kafka_log_enforce_retention(b, 5 * S, 2 * S));
	assert_int_equal(kafka_log_start_offset(a), kafka_log_start_offset(b));
	int64_t end = kafka_log_end_offset(a);
	int generated_reads = 0;
	Record ra[100], rb[100];
	int64_t oa[100], ob[100];
	for (int64_t from = 0; from <= end; from++) {
		int64_t na, nb;
		size_t ka = kafka_log_read(a, from, end, true, ra, oa, 100, &na);
		size_t kb = kafka_log_read(b, from, end, true, rb, ob, 100, &nb);
		assert_int_equal(ka, kb);
		assert_int_equal(na, nb);
		assert_memory_equal(ra, rb, ka * sizeof *ra);
		assert_memory_equal(oa, ob, ka * sizeof *oa);
		/* As runs: the same records, from the same (dense) offsets, or -1 where a plain
		 * segment lies in the way. */
		KafkaGenRun runs[100];
		size_t nruns;
		int64_t ng;
		int64_t kg = kafka_log_read_generated(a, from, end, 100, runs, 100, &nruns, &ng);
		if (kg < 0)
			continue;
		assert_int_equal(kg, (int64_t)ka);
		assert_int_equal(ng, na);
		size_t at = 0;
		for (size_t r = 0; r < nruns; r++)
			for (int64_t i = 0; i < runs[r].count; i++, at++) {
				assert_int_equal(rec(runs[r].first_k + i).ts_ms, ra[at].ts_ms);
				assert_int_equal(oa[at], oa[0] + (int64_t)at);
			}
		assert_int_equal(at, ka);
		generated_reads++;
	}
	assert_true(generated_reads > 0);
	assert_true(kafka_log_memory_bytes(a) < kafka_log_memory_bytes(b));
	kafka_log_destroy(a);
	kafka_log_destroy(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(new_log_is_empty),
		cmocka_unit_test(offsets_are_dense_from_zero),
		cmocka_unit_test(segments_roll_when_full),
		cmocka_unit_test(reads_cross_segment_boundaries),
		cmocka_unit_test(retention_drops_only_old_closed_segments),
		cmocka_unit_test(retention_stops_at_the_first_young_segment),
		cmocka_unit_test(read_from_before_start_offset_starts_at_start_offset),
		cmocka_unit_test(open_transaction_holds_back_last_stable_offset),
		cmocka_unit_test(markers_take_offsets_and_show_as_gaps),
		cmocka_unit_test(aborted_records_hidden_in_read_committed_visible_in_read_uncommitted),
		cmocka_unit_test(aborted_transaction_without_records_leaves_only_a_marker),
		cmocka_unit_test(plain_records_of_other_producers_survive_an_abort),
		cmocka_unit_test(many_aborted_transactions_are_all_hidden),
		cmocka_unit_test(retention_forgets_aborted_ranges_below_the_start),
		cmocka_unit_test(memory_grows_with_records_and_shrinks_with_retention),
		cmocka_unit_test(bulk_reads_copy_records_exactly),
		cmocka_unit_test(generated_runs_read_as_the_records_they_stand_for),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
