/*
 * broker.h — the Kafka broker process: topics, partition logs, consumer-group offsets,
 * idempotent and transactional producers, and the fetch/produce protocol.
 *
 * What lives on the broker's disk (the logs, committed offsets, producer sequence state)
 * survives a kill; what lives in its memory (parked long-poll fetches) does not, and the
 * clients of a killed broker see their connections reset.
 */
#ifndef BROKER_H
#define BROKER_H

#include <stdbool.h>
#include <stdint.h>

#include "../internal.h"
#include "log.h"

#define KAFKA_FETCH_MAX_RECORDS 4096      /* ≈ max.partition.fetch.bytes of ~30-byte clicks */
#define KAFKA_FETCH_MAX_WAIT_US (500 * SIM_US_PER_MS)   /* fetch.max.wait.ms */
#define KAFKA_AUTO_COMMIT_US (5000 * SIM_US_PER_MS)     /* auto.commit.interval.ms */
#define KAFKA_GROUP "click-event-count"
#define TOPIC_INPUT  0
#define TOPIC_OUTPUT 1

typedef struct FetchBatch {
	int      partition;        /* of `input` */
	uint64_t seq;              /* request sequence, to drop stale answers */
	int64_t  next_offset;      /* where the next fetch starts */
	int64_t  high_watermark;   /* the partition's high watermark when answered */
	int64_t  log_start;        /* its log start offset when answered */
	bool     out_of_range;     /* OFFSET_OUT_OF_RANGE: the offset asked for is not in the log (no records) */
	int      n;                /* records */
	Record  *recs;             /* the records (owned); unused when nruns > 0 */
	int64_t *offsets;          /* their offsets (owned); unused when nruns > 0 */
	int      cap;              /* records the arrays can hold */
	KafkaGenRun *runs;         /* nruns > 0: the records are these runs of generator events, */
	int      nruns;            /* at offsets first_offset, first_offset + 1, … (owned, cap) */
	int64_t  first_offset;
} FetchBatch;

/* The offset of a fetched batch's record i. */
static inline int64_t fetch_batch_offset(const FetchBatch *fb, int i)
{
	return fb->nruns > 0 ? fb->first_offset + i : fb->offsets[i];
}

typedef struct ProduceBatch {
	int      topic;            /* TOPIC_INPUT or TOPIC_OUTPUT */
	int      partition;
	uint16_t producer;         /* producer id; 0 = plain (not idempotent) */
	int32_t  epoch;            /* transactional producers: the producer epoch */
	int64_t  first_seq;        /* idempotent producers: sequence of the first record, -1 none */
	bool     transactional;    /* part of the producer's open transaction */
	uint64_t req;              /* requester's request number (echoed in the response) */
	int      n;
	Record  *recs;             /* owned; unused when gen_first ≥ 0 */
	int      cap;              /* records recs can hold */
	int64_t  gen_first;        /* ≥ 0: the records are the generator's events gen_first … + n − 1 */
} ProduceBatch;

/* A request to the transaction coordinator (txn.h). */
typedef enum TxnOp {
	TXN_OP_INIT,               /* InitProducerId(txn_id) */
	TXN_OP_END,                /* EndTxn(txn_id, producer, epoch, commit) */
	TXN_OP_FENCE_RANGE         /* InitProducerId for every known "<txn_id>-<n>", n / pool ≡ subtask (mod parallelism) */
} TxnOp;

typedef struct TxnRequest {
	TxnOp    op;
	char     txn_id[96];       /* the transactional id; the prefix for FENCE_RANGE */
	uint16_t producer;         /* END: producer id and epoch of the transaction to end */
	int32_t  epoch;
	bool     commit;           /* END: commit (else abort) */
	int      subtask, parallelism, pool; /* FENCE_RANGE */
} TxnRequest;

typedef struct Broker Broker;

Broker *broker_create(Sim *s, int partitions);
void broker_destroy(Broker *b);                  /* accepts NULL */
void broker_handle(Sim *s, Msg *m);              /* a message delivered to the kafka process */
void broker_on_kill(Sim *s);                     /* memory lost; clients' connections reset */
const KafkaLog *broker_log(const Broker *b, int topic, int partition);
int  broker_partitions(const Broker *b, int topic);
int  broker_topic_index(const char *name);       /* -1 if unknown */
int64_t broker_committed(const Broker *b, int topic, int partition);  /* -1 if none */
void broker_enforce_retention(Sim *s);
void fetch_batch_free(void *p);
void produce_batch_free(void *p);
ProduceBatch *produce_batch_new(int topic, int partition, int n);

#endif
