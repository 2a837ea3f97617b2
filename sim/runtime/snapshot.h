/*
 * snapshot.h — what a task hands to a checkpoint, and what a restore hands back.
 *
 * Keyed state is kept by key group (Flink's formulas, see keygroup.h), so a snapshot of
 * any parallelism can be split and re-assigned when the parallelism changes. Operator
 * state of the Kafka source (partition → offset) is list state: on restore the union of
 * every subtask's entries is re-assigned with Flink's partition formula.
 */
#ifndef SNAPSHOT_H
#define SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

typedef struct WindowEntry {
	int64_t window_start;     /* ms (event or processing time) */
	int64_t count;            /* clicks counted so far */
	int32_t key_group;        /* of the key (the page) */
	int32_t page;             /* the key: page index */
} WindowEntry;

typedef struct PartitionOffset {
	int32_t partition;        /* of topic `input` */
	int64_t offset;           /* next offset to read */
} PartitionOffset;

/* Transactional ids of the exactly-once sink: "<prefix>-<n>", n = subtask · SINK_TXN_POOL + k
 * (FlinkKafkaProducer's TransactionalIdsGenerator; kafkaProducersPoolSize = 5). */
#define SINK_TXN_POOL 5

/* A pre-committed transaction of the exactly-once sink: what recovery commits. */
typedef struct TxnState {
	int32_t  txn;             /* n of its transactional id "<prefix>-<n>" */
	uint16_t producer;        /* the producer id Kafka gave that transactional id */
	int32_t  epoch;           /* the producer epoch the transaction was written with */
	int64_t  checkpoint;      /* the checkpoint it belongs to */
} TxnState;

typedef struct TaskSnapshot {
	int vertex, subtask;             /* whose state */
	char op_id[33];                  /* the operator's stable id (set by the coordinator) */
	int64_t watermark_ms;            /* operator's current watermark (informational) */
	WindowEntry *windows;            /* keyed window state, sorted by key group */
	size_t nwindows;
	PartitionOffset *offsets;        /* source list state */
	size_t noffsets;
	TxnState *txns;                  /* exactly-once sink: prepared transactions */
	size_t ntxns;
	uint64_t size_bytes;             /* serialized size estimate */
} TaskSnapshot;

TaskSnapshot *snapshot_new(int vertex, int subtask);
void snapshot_free(void *snap);      /* TaskSnapshot *; accepts NULL */
uint64_t snapshot_size_bytes(const TaskSnapshot *t);

#endif
