/*
 * txn.h — the broker's transaction coordinator: transactional ids, their producer ids and
 * epochs, and the state of each one's transaction.
 *
 * Kafka's rules, as the exactly-once sink relies on them:
 *   - InitProducerId(transactional.id) gives the id its producer id (the first time) and a
 *     new epoch, aborting the transaction it left open: an older producer of the same id is
 *     fenced (its requests fail with PRODUCER_FENCED from now on);
 *   - a transactional produce carries (producer id, epoch, sequence): an old epoch is fenced,
 *     a sequence already written is a retry (acknowledged, not written twice);
 *   - EndTxn(commit|abort) with (producer id, epoch) ends the ongoing transaction by writing a
 *     marker to every partition it wrote; ending it again the same way is harmless, any other
 *     EndTxn is INVALID_TXN_STATE or PRODUCER_FENCED;
 *   - a transaction ongoing longer than transaction.timeout.ms is aborted by the coordinator
 *     (and the epoch bumped), checked every 10 s.
 * The coordinator's state lives in __transaction_state, on the broker's disk: it survives a
 * kill of the broker.
 */
#ifndef KAFKA_TXN_H
#define KAFKA_TXN_H

#include <stdbool.h>
#include <stdint.h>

#include "../internal.h"

#define TXN_ID_MAX       96                        /* bytes of a transactional.id */
#define KAFKA_TXN_TIMEOUT_US  (900000 * SIM_US_PER_MS) /* transaction.timeout.ms the sink sets (the broker's max, 15 min) */
#define KAFKA_TXN_CHECK_US    (60000 * SIM_US_PER_MS)  /* transaction.abort.timed.out.transaction.cleanup.interval.ms (2.2: 1 min) */

/* Kafka error codes of answers (Msg.error). */
typedef enum KafkaError {
	KAFKA_OK = 0,
	KAFKA_OFFSET_OUT_OF_RANGE = 1,
	KAFKA_OUT_OF_ORDER_SEQUENCE = 45,
	KAFKA_INVALID_TXN_STATE = 48,
	KAFKA_PRODUCER_FENCED = 90
} KafkaError;
const char *kafka_error_name(int error);

typedef struct TxnCoord TxnCoord;
struct KafkaLog;

TxnCoord *txn_create(void);
void txn_destroy(TxnCoord *c);                     /* accepts NULL */

/* InitProducerId: *pid and *epoch of the id's new producer; aborts its ongoing transaction.
 * `logs` are the output partitions' logs (markers are written there). */
void txn_init_producer(Sim *s, TxnCoord *c, const char *txn_id, struct KafkaLog **logs,
                       uint16_t *pid, int32_t *epoch);
/* InitProducerId for every id "<prefix>-<n>" the coordinator knows with n / pool ≡ subtask
 * (mod parallelism) — what a sink subtask's recovery does for its whole range (one request
 * stands for the many Flink sends). Returns how many were fenced. */
int txn_fence_range(Sim *s, TxnCoord *c, const char *prefix, int subtask, int parallelism, int pool,
                    struct KafkaLog **logs);
/* Checks a transactional produce of n records from `seq` to `partition` and, when it may be
 * written, how many leading records are retries already written (*skip). */
KafkaError txn_produce(Sim *s, TxnCoord *c, uint16_t pid, int32_t epoch, int partition, int64_t seq, int n, int *skip);
/* EndTxn. */
KafkaError txn_end(Sim *s, TxnCoord *c, const char *txn_id, uint16_t pid, int32_t epoch, bool commit,
                   struct KafkaLog **logs);
/* Aborts transactions past transaction.timeout.ms. */
void txn_expire(Sim *s, TxnCoord *c, struct KafkaLog **logs);

#endif
