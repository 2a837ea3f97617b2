/* txn.c — the broker's transaction coordinator; see txn.h. */
#include "txn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

typedef enum TxnStatus { TXN_EMPTY, TXN_ONGOING, TXN_COMMITTED, TXN_ABORTED } TxnStatus;

typedef struct TxnEntry {
	char     id[TXN_ID_MAX];       /* transactional.id */
	uint16_t pid;                  /* its producer id, for good */
	int32_t  epoch;                /* the current producer's epoch */
	TxnStatus status;              /* of its latest transaction */
	uint64_t partitions;           /* output partitions the ongoing transaction wrote (bit p) */
	SimTime  started;              /* when the ongoing transaction began, µs */
	int64_t  next_seq[SIM_MAX_PARTITIONS]; /* idempotence: next sequence per partition, this epoch */
} TxnEntry;

struct TxnCoord {
	TxnEntry *e;                   /* entry pid - 1: producer ids are handed out in order */
	int       n, cap;              /* used / allocated */
};

_Static_assert(SIM_MAX_PARTITIONS <= 64, "TxnEntry.partitions is a 64-bit mask");

const char *kafka_error_name(int error)
{
	switch (error) {
	case KAFKA_OK: return "NONE";
	case KAFKA_OFFSET_OUT_OF_RANGE: return "OFFSET_OUT_OF_RANGE";
	case KAFKA_OUT_OF_ORDER_SEQUENCE: return "OUT_OF_ORDER_SEQUENCE_NUMBER";
	case KAFKA_INVALID_TXN_STATE: return "INVALID_TXN_STATE";
	case KAFKA_PRODUCER_FENCED: return "PRODUCER_FENCED";
	default: return "UNKNOWN_SERVER_ERROR";
	}
}

TxnCoord *txn_create(void)
{
	TxnCoord *c = calloc(1, sizeof *c);
	SIM_CHECK(c != NULL);
	return c;
}

void txn_destroy(TxnCoord *c)
{
	if (!c)
		return;
	free(c->e);
	free(c);
}

static TxnEntry *by_id(TxnCoord *c, const char *id)
{
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->e[i].id, id) == 0)
			return &c->e[i];
	return NULL;
}

static TxnEntry *by_pid(TxnCoord *c, uint16_t pid)
{
	return pid >= 1 && pid <= c->n ? &c->e[pid - 1] : NULL;
}

/* Writes the markers of e's ongoing transaction and records how it ended. */
static void finish(Sim *s, TxnEntry *e, bool commit, KafkaLog **logs, const char *why)
{
	for (int p = 0; p < SIM_MAX_PARTITIONS; p++)
		if (e->partitions & (1ull << p)) {
			kafka_log_end_txn(logs[p], e->pid, commit, s->now);
			SIM_EMIT(s, EV_TXN_ENDED, .component = "kafka", .name = e->id, .id = e->pid, .n = e->epoch, .m = p,
			         .flag = commit, .what = why);
		}
	e->partitions = 0;
	e->status = commit ? TXN_COMMITTED : TXN_ABORTED;
}

/* A new epoch: the current producer of the id is fenced, its ongoing transaction aborted. */
static void bump(Sim *s, TxnEntry *e, KafkaLog **logs, const char *why)
{
	if (e->status == TXN_ONGOING)
		finish(s, e, false, logs, why);
	SIM_CHECK(e->epoch < INT32_MAX);   /* Kafka would move to a new producer id; 2^31 inits do not happen */
	e->epoch++;
	e->status = TXN_EMPTY;
	memset(e->next_seq, 0, sizeof e->next_seq);
}

void txn_init_producer(Sim *s, TxnCoord *c, const char *txn_id, KafkaLog **logs, uint16_t *pid, int32_t *epoch)
{
	TxnEntry *e = by_id(c, txn_id);
	if (!e) {
		/* Producer ids of transactional ids; the sink uses at most 128 subtasks × 5 ids. */
		SIM_CHECK(c->n < UINT16_MAX);
		if (c->n == c->cap) {
			c->cap = c->cap ? 2 * c->cap : 16;
			c->e = realloc(c->e, (size_t)c->cap * sizeof *c->e);
			SIM_CHECK(c->e != NULL);
		}
		e = &c->e[c->n++];
		memset(e, 0, sizeof *e);
		snprintf(e->id, sizeof e->id, "%s", txn_id);
		e->pid = (uint16_t)c->n;
		e->epoch = -1;
	}
	bump(s, e, logs, " (fenced by a new producer: InitProducerId)");
	*pid = e->pid;
	*epoch = e->epoch;
}

int txn_fence_range(Sim *s, TxnCoord *c, const char *prefix, int subtask, int parallelism, int pool, KafkaLog **logs)
{
	size_t len = strlen(prefix);
	int fenced = 0;
	for (int i = 0; i < c->n; i++) {
		TxnEntry *e = &c->e[i];
		if (strncmp(e->id, prefix, len) != 0 || e->id[len] != '-')
			continue;
		char *end;
		long n = strtol(e->id + len + 1, &end, 10);
		if (*end != '\0' || n < 0 || (n / pool) % parallelism != subtask)
			continue;
		bump(s, e, logs, " (fenced by recovery: InitProducerId)");
		fenced++;
	}
	return fenced;
}

KafkaError txn_produce(Sim *s, TxnCoord *c, uint16_t pid, int32_t epoch, int partition, int64_t seq, int n, int *skip)
{
	TxnEntry *e = by_pid(c, pid);
	*skip = 0;
	if (!e || epoch != e->epoch)
		return KAFKA_PRODUCER_FENCED;
	int64_t *next = &e->next_seq[partition];
	if (seq > *next)
		return KAFKA_OUT_OF_ORDER_SEQUENCE;          /* an earlier batch has not landed yet */
	*skip = (int)(*next - seq < n ? *next - seq : n); /* a retry of what was written */
	if (*skip < n) {
		if (e->status != TXN_ONGOING) {
			e->status = TXN_ONGOING;
			e->started = s->now;
		}
		e->partitions |= 1ull << partition;
		*next = seq + n;
	}
	return KAFKA_OK;
}

KafkaError txn_end(Sim *s, TxnCoord *c, const char *txn_id, uint16_t pid, int32_t epoch, bool commit, KafkaLog **logs)
{
	TxnEntry *e = by_id(c, txn_id);
	if (!e || e->pid != pid || epoch < e->epoch)
		return KAFKA_PRODUCER_FENCED;
	if (epoch > e->epoch)
		return KAFKA_INVALID_TXN_STATE;
	if (e->status == TXN_ONGOING) {
		finish(s, e, commit, logs, "");
		return KAFKA_OK;
	}
	/* Ending it again the same way is a retry; anything else is out of place. */
	if ((commit && e->status == TXN_COMMITTED) || (!commit && e->status == TXN_ABORTED))
		return KAFKA_OK;
	return KAFKA_INVALID_TXN_STATE;
}

void txn_expire(Sim *s, TxnCoord *c, KafkaLog **logs)
{
	for (int i = 0; i < c->n; i++) {
		TxnEntry *e = &c->e[i];
		if (e->status == TXN_ONGOING && s->now - e->started > KAFKA_TXN_TIMEOUT_US)
			bump(s, e, logs, " (transaction.timeout.ms expired)");
	}
}
