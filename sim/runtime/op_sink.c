/*
 * op_sink.c — "ClickEventStatistics Sink": a Kafka producer writing topic `output`.
 *
 * AT_LEAST_ONCE, as in every playground release: records are sent as they come (Kafka's
 * default partitioner: records without key, sticky per batch); on a checkpoint barrier
 * the sink flushes and acknowledges only when the broker has acknowledged everything
 * sent before it. Records sent after the last completed checkpoint are written again
 * after a restore — duplicates the checker reports.
 *
 * EXACTLY_ONCE (sink = "exactly-once", Flink's FlinkKafkaProducer semantic): records go
 * into a Kafka transaction; at the barrier the sink flushes and pre-commits it (its
 * producer id goes into the checkpoint) and opens the next one; when the checkpoint
 * completes the prepared transactions are committed. On start it commits the prepared
 * transactions of the restored checkpoint and aborts every other transaction its
 * transactional ids (and those of subtasks that no longer exist) may have left open.
 * Transactional ids come from a pool of 8 per subtask, like kafkaProducersPoolSize.
 *
 * Requests refused because the broker is down are retried after reconnect.backoff.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../flink/checkpoint.h"
#include "../flink/taskmanager.h"
#include "../kafka/broker.h"
#include "../kafka/codec.h"
#include "task.h"

#define SINK_MAX_INFLIGHT 5            /* max.in.flight.requests.per.connection */
#define SINK_BATCH_MAX    1024         /* records per produce request */
#define SINK_POOL         8            /* transactional ids per subtask */
#define SINK_PID(subtask, k) ((uint16_t)(0x8000 | ((subtask) << 3) | (k)))

typedef struct SinkReq {
	uint64_t req;                      /* request number, 0 = free slot */
	int      partition;
	int      n;
	uint16_t producer;                 /* transactional producer, 0 = none */
	Record  *recs;                     /* kept for a retry */
	EventId  retry_ev;
} SinkReq;

typedef struct TxnReq {
	struct TxnReq *next;
	TxnEnd   end;
} TxnReq;

typedef struct SinkState {
	Record  *pending;                  /* not yet sent */
	int      npending, cap;
	SinkReq  inflight[SINK_MAX_INFLIGHT];
	int      ninflight;
	uint64_t next_req;
	Rng      rng;                      /* sticky partitioner's choice */
	/* exactly-once */
	bool     eos;
	bool     recovering;               /* the recovery EndTxn has not been answered */
	TxnReq  *txq, *txq_tail;           /* EndTxn requests, sent one at a time */
	bool     tx_out;                   /* the head is on the wire */
	uint64_t tx_seq;
	EventId  tx_retry_ev;
	uint16_t current;                  /* producer of the open transaction */
	int64_t  pool_next;                /* next pool slot */
	TxnState prepared[SINK_POOL];      /* pre-committed, not yet known to be committed */
	bool     committing[SINK_POOL];    /* its commit request is out (kept until answered) */
	int      nprepared;
} SinkState;

static int proc_of(const Task *t) { return t->sim->tm_proc[t->tm]; }

/* ------------------------------------------------------------------ produce */

static void send_req(Task *t, SinkReq *q)
{
	Sim *s = t->sim;
	ProduceBatch *pb = produce_batch_new(TOPIC_OUTPUT, q->partition, q->n);
	memcpy(pb->recs, q->recs, (size_t)q->n * sizeof *q->recs);
	pb->req = q->req;
	pb->producer = q->producer;
	pb->first_seq = -1;
	pb->transactional = q->producer != 0;
	Msg *m = msg_new(MSG_KAFKA_PRODUCE, t->job);
	m->a = t->id;
	m->seq = q->req;
	m->bounce = true;
	m->payload = pb;
	m->payload_free = produce_batch_free;
	net_send(s, proc_of(t), s->proc_kafka, m);
}

static void send_pending(Task *t)
{
	SinkState *st = t->opstate;
	int partitions = t->sim->opt.partitions;
	if (st->recovering)
		return;
	while (st->npending > 0 && st->ninflight < SINK_MAX_INFLIGHT) {
		SinkReq *q = NULL;
		for (int i = 0; i < SINK_MAX_INFLIGHT && !q; i++)
			if (st->inflight[i].req == 0)
				q = &st->inflight[i];
		int n = st->npending < SINK_BATCH_MAX ? st->npending : SINK_BATCH_MAX;
		q->req = ++st->next_req;
		q->partition = (int)rng_below(&st->rng, (uint64_t)partitions);
		q->n = n;
		q->producer = st->eos ? st->current : 0;
		q->recs = malloc((size_t)n * sizeof *q->recs);
		SIM_CHECK(q->recs != NULL);
		memcpy(q->recs, st->pending, (size_t)n * sizeof *q->recs);
		memmove(st->pending, st->pending + n, (size_t)(st->npending - n) * sizeof *st->pending);
		st->npending -= n;
		st->ninflight++;
		send_req(t, q);
	}
}

/* ------------------------------------------------------------------ transactions */

static void send_txn_head(Task *t)
{
	SinkState *st = t->opstate;
	if (!st->txq || st->tx_out || st->tx_retry_ev)
		return;
	TxnEnd *te = malloc(sizeof *te);
	SIM_CHECK(te != NULL);
	*te = st->txq->end;
	Msg *m = msg_new(MSG_KAFKA_TXN_END, t->job);
	m->a = t->id;
	m->seq = ++st->tx_seq;
	m->bounce = true;
	m->payload = te;
	st->tx_out = true;
	net_send(t->sim, proc_of(t), t->sim->proc_kafka, m);
}

static void queue_txn(Task *t, const TxnEnd *end)
{
	SinkState *st = t->opstate;
	TxnReq *r = calloc(1, sizeof *r);
	SIM_CHECK(r != NULL);
	r->end = *end;
	if (st->txq_tail)
		st->txq_tail->next = r;
	else
		st->txq = r;
	st->txq_tail = r;
	send_txn_head(t);
}

static void on_txn_retry(Sim *s, void *obj, uint64_t arg)
{
	Task *t = obj;
	if (!t->alive)
		return;
	((SinkState *)t->opstate)->tx_retry_ev = 0;
	send_txn_head(t);
}

static bool in_list(const uint16_t *l, int n, uint16_t v)
{
	for (int i = 0; i < n; i++)
		if (l[i] == v)
			return true;
	return false;
}

static void txn_answered(Task *t, Msg *m)
{
	SinkState *st = t->opstate;
	if (m->seq != st->tx_seq || !st->tx_out)
		return;
	st->tx_out = false;
	if (m->failed) {
		st->tx_retry_ev = sim_after(t->sim, KAFKA_RECONNECT_BACKOFF_US, on_txn_retry, t, 0);
		return;
	}
	TxnReq *done = st->txq;
	st->txq = done->next;
	if (!st->txq)
		st->txq_tail = NULL;
	/* Only now are these transactions committed: until here every snapshot carried them,
	 * so a restore in between commits them again (a no-op if this one went through). */
	int kept = 0;
	for (int i = 0; i < st->nprepared; i++)
		if (!(st->committing[i] && in_list(done->end.commit, done->end.ncommit, st->prepared[i].producer))) {
			st->prepared[kept] = st->prepared[i];
			st->committing[kept++] = st->committing[i];
		}
	st->nprepared = kept;
	free(done);
	if (st->recovering && !st->txq) {            /* every recovery request answered */
		st->recovering = false;
		send_pending(t);
	}
	send_txn_head(t);
}


/* Adds a producer to the commit or abort list of the request being built; a full request
 * is queued and a new one started (requests keep their order: commits before aborts). */
static void txn_add(Task *t, TxnEnd *end, uint16_t pid, bool commit)
{
	if (end->ncommit + end->nabort == TXN_END_MAX) {
		queue_txn(t, end);
		*end = (TxnEnd){ .ncommit = 0, .nabort = 0 };
	}
	if (commit)
		end->commit[end->ncommit++] = pid;
	else
		end->abort[end->nabort++] = pid;
}

/* Commit what the restored checkpoint prepared; abort whatever else our transactional ids
 * (and those of old subtasks folded into us by a rescale) left open. */
static void recover(Task *t, const CompletedCheckpoint *restore)
{
	SinkState *st = t->opstate;
	TxnEnd end = { .ncommit = 0, .nabort = 0 };
	uint16_t *committed = NULL;            /* prepared ids being committed */
	size_t ncommitted = 0;
	int old_p = restore ? restore->parallelism : t->parallelism;
	st->recovering = true;
	if (restore) {
		for (int i = 0; i < restore->nsnaps; i++) {
			const TaskSnapshot *sn = restore->snaps[i];
			if (sn->subtask % t->parallelism != t->subtask)
				continue;
			for (size_t k = 0; k < sn->ntxns; k++) {
				txn_add(t, &end, sn->txns[k].producer, true);
				committed = realloc(committed, (ncommitted + 1) * sizeof *committed);
				SIM_CHECK(committed != NULL);
				committed[ncommitted++] = sn->txns[k].producer;
			}
		}
		if (restore->id >= st->pool_next)
			st->pool_next = restore->id + 1;
	}
	for (int j = t->subtask; j < (old_p > t->parallelism ? old_p : t->parallelism); j += t->parallelism)
		for (int k = 0; k < SINK_POOL; k++) {
			uint16_t pid = SINK_PID(j, k);
			if (!in_list(committed, (int)ncommitted, pid))
				txn_add(t, &end, pid, false);
		}
	free(committed);
	queue_txn(t, &end);
}

static void open_next_txn(Task *t)
{
	SinkState *st = t->opstate;
	st->current = SINK_PID(t->subtask, (int)(st->pool_next++ % SINK_POOL));
}

/* ------------------------------------------------------------------ operator */

static void sink_open(Task *t, const CompletedCheckpoint *restore)
{
	SinkState *st = calloc(1, sizeof *st);
	SIM_CHECK(st != NULL);
	char stream[48];
	snprintf(stream, sizeof stream, "sink-%d-%d", t->subtask, t->attempt);
	rng_seed(&st->rng, t->sim->opt.seed, stream);
	t->opstate = st;
	st->eos = t->exactly_once_sink;
	if (st->eos) {
		recover(t, restore);
		open_next_txn(t);
	}
}

static void sink_close(Task *t)
{
	SinkState *st = t->opstate;
	if (!st)
		return;
	for (int i = 0; i < SINK_MAX_INFLIGHT; i++) {
		free(st->inflight[i].recs);
		sim_cancel(t->sim, &st->inflight[i].retry_ev);
	}
	while (st->txq) {
		TxnReq *r = st->txq;
		st->txq = r->next;
		free(r);
	}
	sim_cancel(t->sim, &st->tx_retry_ev);
	free(st->pending);
	free(st);
	t->opstate = NULL;
}

static int sink_process(Task *t, const Record *recs, int n)
{
	SinkState *st = t->opstate;
	if (st->npending + n > st->cap) {
		st->cap = (st->npending + n) * 2;
		st->pending = realloc(st->pending, (size_t)st->cap * sizeof *st->pending);
		SIM_CHECK(st->pending != NULL);
	}
	memcpy(st->pending + st->npending, recs, (size_t)n * sizeof *recs);
	st->npending += n;
	send_pending(t);
	return n;
}

static bool drained(const SinkState *st)
{
	return st->npending == 0 && st->ninflight == 0 && !st->recovering;
}

static bool sink_barrier_ready(Task *t, int64_t cp)
{
	send_pending(t);                   /* FlinkKafkaProducer.flush() in snapshotState */
	return drained(t->opstate);
}

/* preCommit: the open transaction belongs to checkpoint cp from now on. */
static void sink_snapshot(Task *t, int64_t cp, TaskSnapshot *snap)
{
	SinkState *st = t->opstate;
	if (!st->eos)
		return;
	if (st->nprepared == SINK_POOL - 1) {
		task_fail(t, "org.apache.flink.streaming.connectors.kafka.FlinkKafkaException: Too many ongoing "
		             "snapshots. Increase kafka producers pool size or decrease number of concurrent checkpoints.");
		return;
	}
	st->committing[st->nprepared] = false;
	st->prepared[st->nprepared++] = (TxnState){ .partition = -1, .producer = st->current, .checkpoint = cp };
	open_next_txn(t);
	snap->ntxns = (size_t)st->nprepared;
	snap->txns = malloc((size_t)st->nprepared * sizeof *snap->txns);
	SIM_CHECK(snap->txns != NULL);
	memcpy(snap->txns, st->prepared, (size_t)st->nprepared * sizeof *snap->txns);
}

/* notifyCheckpointComplete: commit every transaction prepared up to cp. */
static void sink_notify(Task *t, int64_t cp, bool completed)
{
	SinkState *st = t->opstate;
	if (!st->eos || !completed)
		return;
	TxnEnd end = { .ncommit = 0, .nabort = 0 };
	for (int i = 0; i < st->nprepared; i++)
		if (st->prepared[i].checkpoint <= cp && !st->committing[i]) {
			st->committing[i] = true;
			end.commit[end.ncommit++] = st->prepared[i].producer;
		}
	if (end.ncommit)
		queue_txn(t, &end);
}

static void on_retry(Sim *s, void *obj, uint64_t arg)
{
	Task *t = obj;
	if (!t->alive)
		return;
	SinkReq *q = &((SinkState *)t->opstate)->inflight[arg];
	q->retry_ev = 0;
	send_req(t, q);
}

void sink_handle(Task *t, Msg *m)
{
	SinkState *st = t->opstate;
	if (!st)
		return;
	if (m->type == MSG_KAFKA_TXN_RESP || m->type == MSG_KAFKA_TXN_END) {
		txn_answered(t, m);
	} else {
		for (int i = 0; i < SINK_MAX_INFLIGHT; i++) {
			SinkReq *q = &st->inflight[i];
			if (q->req == 0 || q->req != m->seq)
				continue;
			if (m->failed) {
				q->retry_ev = sim_after(t->sim, KAFKA_RECONNECT_BACKOFF_US, on_retry, t, (uint64_t)i);
				return;
			}
			free(q->recs);
			*q = (SinkReq){ 0 };
			st->ninflight--;
			break;
		}
		send_pending(t);
	}
	if (t->waiting_cp && drained(st))
		task_barrier_ready(t);
}

const OpDef op_sink = {
	.name = "ClickEventStatistics Sink",
	.cost_ns = 3000,
	.open = sink_open,
	.close = sink_close,
	.process = sink_process,
	.barrier_ready = sink_barrier_ready,
	.snapshot = sink_snapshot,
	.notify = sink_notify,
};
