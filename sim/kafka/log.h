/*
 * log.h — one Kafka partition: an append-only log of Records with dense offsets.
 *
 * Models a single-broker partition (replication 1, so high watermark = log end offset):
 *   - offsets are dense from 0; every record, control markers included, takes one;
 *   - the log is a list of segments of a fixed number of records; time-based retention
 *     (log.retention.ms) deletes whole closed segments from the oldest, which advances
 *     the log start offset; the active (newest) segment is never deleted;
 *   - transactions: a producer's transactional records are invisible to read_committed
 *     readers until its commit marker; readers stop at the last stable offset (the first
 *     offset of the earliest open transaction); an abort marker records the range in the
 *     aborted-transaction index, and read_committed readers skip those records. Markers
 *     are never returned, so readers see offset gaps.
 *
 * The log owns its records; readers get copies. Records of a generator (a function of their
 * index, like the click-event generator's) can be stored as runs of indices: 16 bytes a
 * batch instead of 16 bytes a record. Exported prefix kafka_log_.
 */
#ifndef KAFKA_LOG_H
#define KAFKA_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/record.h"

#define KAFKA_LOG_SEGMENT_RECORDS 65536   /* default records per segment (1 MiB of Records) */

typedef struct KafkaLog KafkaLog;

/* Returns an empty log whose segments hold records_per_segment (> 0) records each; the
 * caller frees it with kafka_log_destroy. NULL if memory runs out. */
KafkaLog *kafka_log_create(int records_per_segment);
void kafka_log_destroy(KafkaLog *log);                   /* accepts NULL */

/* The records of a generator: records first_k … first_k + n − 1 of its sequence (each a
 * function of its index alone) into out. */
typedef void (*KafkaRecordFn)(int64_t first_k, size_t n, Record *out);
/* Lets the log store records of `generate` compactly (kafka_log_append_generated). */
void kafka_log_set_generator(KafkaLog *log, KafkaRecordFn generate);
/* Appends the generator's records first_k … first_k + n − 1 as non-transactional data, as
 * kafka_log_append would with those records, but kept as runs of (index, count) — one run
 * per batch, or fewer when batches continue each other — instead of 16 bytes a record.
 * Readers see ordinary records. Needs kafka_log_set_generator. */
int64_t kafka_log_append_generated(KafkaLog *log, int64_t first_k, size_t n, int64_t append_time_us);

/* A run of generator records as a reader gets it: records first_k … first_k + count − 1. */
typedef struct KafkaGenRun {
	int64_t first_k;
	int64_t count;
} KafkaGenRun;
/* kafka_log_read with read_uncommitted, when every record it would copy lies in generated
 * segments: instead of copies, the runs of generator indices they are (at most cap; the
 * offsets are dense from the start position, reset to the log start as kafka_log_read
 * does). Returns the number of records and sets *nruns and *next as kafka_log_read would;
 * returns -1 (nothing read) when a plain segment is in the way or the runs exceed cap. */
int64_t kafka_log_read_generated(const KafkaLog *log, int64_t from, int64_t max_offset_exclusive, size_t max,
                                 KafkaGenRun *runs, size_t cap, size_t *nruns, int64_t *next);

/* Appends n non-transactional data records (copied as given; ctrl must be REC_DATA) at
 * simulated time append_time_us; returns the offset of the first (the old end offset). */
int64_t kafka_log_append(KafkaLog *log, const Record *recs, size_t n, int64_t append_time_us);

/* Opens a transaction of `producer` (≠ 0) on this partition if none is open (Kafka's
 * AddPartitionsToTxn); harmless when already open. It holds back the last stable offset
 * from its first record on. Returns false only for producer 0. */
bool kafka_log_begin_txn(KafkaLog *log, uint16_t producer);
/* Appends n records as part of producer's transaction, opening it implicitly (the copies
 * carry `producer`; ctrl must be REC_DATA). Returns the offset of the first record. */
int64_t kafka_log_append_txn(KafkaLog *log, uint16_t producer, const Record *recs, size_t n,
                             int64_t append_time_us);
/* Ends producer's open transaction: appends a REC_COMMIT_MARKER or REC_ABORT_MARKER (it
 * takes one offset) and, on abort, adds the transaction's range to the aborted index.
 * Returns the marker's offset, or -1 (nothing written) if no transaction of producer is
 * open on this partition. */
int64_t kafka_log_end_txn(KafkaLog *log, uint16_t producer, bool commit, int64_t now_us);
bool kafka_log_txn_open(const KafkaLog *log, uint16_t producer);

/* First offset of the earliest open transaction that has records, else the end offset. */
int64_t kafka_log_last_stable_offset(const KafkaLog *log);

/* Deletes whole closed segments, oldest first, while their newest record was appended
 * more than retention_us before now_us. Returns the number of offsets deleted. */
size_t kafka_log_enforce_retention(KafkaLog *log, int64_t now_us, int64_t retention_us);

/* Copies up to max readable data records with offsets in [from, max_offset_exclusive)
 * into out (and their offsets into out_offsets unless NULL). Control markers are skipped;
 * read_committed also stops at the last stable offset and skips aborted records. Reading
 * from below the log start offset starts at the log start offset. *next is the offset to
 * continue from: the start position advanced past every record examined, skipped ones
 * included (so a reader at the end offset or the LSO stays put). Returns the number copied. */
size_t kafka_log_read(const KafkaLog *log, int64_t from, int64_t max_offset_exclusive,
                      bool read_committed, Record *out, int64_t *out_offsets, size_t max,
                      int64_t *next);

int64_t kafka_log_start_offset(const KafkaLog *log);     /* first retained offset */
int64_t kafka_log_end_offset(const KafkaLog *log);       /* next offset to be written (= HW) */
size_t  kafka_log_segment_count(const KafkaLog *log);    /* retained segments, ≥ 1 once written */
size_t  kafka_log_memory_bytes(const KafkaLog *log);     /* heap held by the log */

#endif
