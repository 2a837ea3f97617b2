/*
 * op_sink.c — "ClickEventStatistics Sink": a Kafka producer writing topic `output`.
 *
 * AT_LEAST_ONCE, as in every playground release: records are sent as they come (Kafka's
 * default partitioner: records without key, sticky per batch); on a checkpoint barrier
 * the sink flushes and acknowledges only when the broker has acknowledged everything
 * sent before it. Records sent after the last completed checkpoint are written again
 * after a restore — duplicates the checker reports.
 *
 * EXACTLY_ONCE (sink = "exactly-once", FlinkKafkaProducer's two-phase commit): records go
 * into a Kafka transaction of one of the subtask's transactional ids "<prefix>-<n>" (a pool
 * of SINK_TXN_POOL, as kafkaProducersPoolSize); each new transaction starts with
 * InitProducerId, which bumps the id's epoch and fences any older producer of it. At the
 * barrier the sink flushes and pre-commits: the transaction — its id, producer id and
 * epoch — goes into the checkpoint and the next id of the pool opens the next transaction.
 * Opening it is part of the snapshot: Flink's snapshotState calls beginTransaction, whose
 * initTransactions blocks until Kafka answers, so the checkpoint is acknowledged only then
 * (and no barrier passes before the first transaction of initializeState is open): an
 * InitProducerId still on its way when the job has moved on — resumed from a savepoint, a
 * new attempt writing on the same id — would fence that attempt.
 * When the checkpoint completes the prepared transactions are committed with EndTxn under
 * their own (producer id, epoch); an id returns to the pool only when its commit is
 * answered, so an id whose last transaction is neither committed nor aborted is never used
 * again. On start the sink recovers as Flink does: it commits exactly the restored
 * checkpoint's pending transactions (an error means it was committed already), then fences
 * every id of its range — its own and those of subtasks folded into it by a rescale — which
 * aborts whatever else they left open. A transaction that wrote nothing is carried over to
 * the next checkpoint instead of being committed empty (the same records reach Kafka).
 *
 * Every request has Kafka's timeouts and retries (client.h). A producer that gives up fails
 * the task as Flink's would: a batch unacknowledged after delivery.timeout.ms, a
 * transactional call after max.block.ms (Flink 1.9's Kafka 2.2 client: initTransactions only;
 * its commit waits without limit), a producer fenced by a newer one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../flink/checkpoint.h"
#include "../flink/taskmanager.h"
#include "../kafka/broker.h"
#include "../kafka/client.h"
#include "../kafka/codec.h"
#include "../kafka/txn.h"
#include "task.h"

#define SINK_MAX_INFLIGHT 5            /* max.in.flight.requests.per.connection */
#define SINK_BATCH_MAX    1024         /* records per produce request */

typedef struct SinkReq {
	bool     used;                     /* a request occupies this slot */
	int      partition;
	int      n;
	int      txn;                      /* pool slot of its transaction (exactly-once), -1 none */
	int64_t  seq;                      /* its first sequence number (exactly-once) */
	Record  *recs;                     /* kept for a retry */
	KafkaCall call;
	struct Task *task;                 /* owner (the call's target) */
} SinkReq;

typedef enum PoolState { POOL_FREE, POOL_CURRENT, POOL_PENDING, POOL_COMMITTING } PoolState;

typedef struct PoolTxn {
	int      n;                        /* of its transactional id "<prefix>-<n>" */
	PoolState state;
	bool     ready;                    /* CURRENT: InitProducerId answered */
	bool     written;                  /* CURRENT: records sent in this transaction */
	uint16_t pid;                      /* producer id and epoch from InitProducerId */
	int32_t  epoch;
	int64_t  checkpoint;               /* PENDING / COMMITTING: the checkpoint it belongs to */
	int64_t  seq[SIM_MAX_PARTITIONS];  /* next sequence number per output partition, this epoch */
} PoolTxn;

typedef struct CtlReq {                /* a request to the transaction coordinator */
	TxnRequest q;
	int      slot;                     /* the pool slot it concerns, -1 for restored transactions */
} CtlReq;

typedef struct SinkState {
	Record  *pending;                  /* not yet sent */
	int      npending, cap;
	SinkReq  inflight[SINK_MAX_INFLIGHT];
	int      ninflight;
	Rng      rng;                      /* sticky partitioner's choice */
	/* exactly-once */
	bool     eos;
	bool     recovering;               /* recovery requests not all answered */
	char     prefix[80];               /* transactional id prefix: task name and operator id */
	PoolTxn  pool[SINK_TXN_POOL];
	int      current;                  /* pool slot of the open transaction, -1 none */
	int      next;                     /* slot of the one a held barrier opens (snapshotState), -1 none */
	CtlReq  *ctl;                      /* coordinator requests, FIFO, one on the wire at a time */
	int      nctl, cap_ctl;
	KafkaCall ctl_call;
	EventId  fail_ev;                  /* a failure decided inside a callback, raised just after */
	char     fail_cause[200];
} SinkState;

static int proc_of(const Task *t) { return t->sim->tm_proc[t->tm]; }

static void on_fail(Sim *s, void *obj, uint64_t arg)
{
	Task *t = obj;
	SinkState *st = t->opstate;
	if (!t->alive || !st)
		return;
	st->fail_ev = 0;
	char cause[200];
	snprintf(cause, sizeof cause, "%s", st->fail_cause);
	task_fail(t, cause);
}

/* Fails the task right after the current callback (which may still touch the state). */
static void fail_soon(Task *t, const char *cause)
{
	SinkState *st = t->opstate;
	if (st->fail_ev)
		return;
	snprintf(st->fail_cause, sizeof st->fail_cause, "%s", cause);
	st->fail_ev = sim_after(t->sim, 0, on_fail, t, 0);
}

/* ------------------------------------------------------------------ produce */

static bool retrying(const SinkState *st)
{
	for (int i = 0; i < SINK_MAX_INFLIGHT; i++)
		if (st->inflight[i].used && !st->inflight[i].call.out)
			return true;
	return false;
}

static void send_req(Sim *s, void *obj, uint64_t arg)
{
	SinkReq *q = obj;
	Task *t = q->task;
	SinkState *st = t->opstate;
	if (!t->alive || !st)
		return;
	if (kcall_age(s, &q->call) >= KAFKA_DELIVERY_TIMEOUT_US) {
		char cause[200];
		snprintf(cause, sizeof cause, "org.apache.flink.streaming.connectors.kafka.FlinkKafkaException: Failed "
		         "to send data to Kafka: Expiring %d record(s) for output-%d: %lld ms has passed since batch "
		         "creation", q->n, q->partition, (long long)(kcall_age(s, &q->call) / SIM_US_PER_MS));
		fail_soon(t, cause);
		return;
	}
	ProduceBatch *pb = produce_batch_new(TOPIC_OUTPUT, q->partition, q->n);
	memcpy(pb->recs, q->recs, (size_t)q->n * sizeof *q->recs);
	pb->first_seq = -1;
	if (q->txn >= 0) {
		const PoolTxn *x = &st->pool[q->txn];
		pb->producer = x->pid;
		pb->epoch = x->epoch;
		pb->first_seq = q->seq;
		pb->transactional = true;
	}
	Msg *m = msg_new(MSG_KAFKA_PRODUCE, t->job);
	m->a = t->id;
	m->b = q - st->inflight;
	m->seq = kcall_begin(s, &q->call);
	pb->req = m->seq;
	m->bounce = true;
	m->payload = pb;
	m->payload_free = produce_batch_free;
	m->conn = t->conn;
	net_send(s, proc_of(t), s->proc_kafka, m);
}

static void send_pending(Task *t)
{
	SinkState *st = t->opstate;
	int partitions = t->sim->opt.partitions;
	if (st->recovering || retrying(st))
		return;                        /* a batch being retried goes first: sequences stay in order */
	PoolTxn *x = st->eos ? &st->pool[st->current] : NULL;
	if (x && !x->ready)
		return;                        /* InitProducerId of the transaction is not answered yet */
	while (st->npending > 0 && st->ninflight < SINK_MAX_INFLIGHT) {
		SinkReq *q = NULL;
		for (int i = 0; i < SINK_MAX_INFLIGHT && !q; i++)
			if (!st->inflight[i].used)
				q = &st->inflight[i];
		int n = st->npending < SINK_BATCH_MAX ? st->npending : SINK_BATCH_MAX;
		q->used = true;
		q->partition = (int)rng_below(&st->rng, (uint64_t)partitions);
		q->n = n;
		q->txn = x ? st->current : -1;
		if (x) {
			q->seq = x->seq[q->partition];
			x->seq[q->partition] += n;
			x->written = true;
		}
		q->recs = malloc((size_t)n * sizeof *q->recs);
		SIM_CHECK(q->recs != NULL);
		memcpy(q->recs, st->pending, (size_t)n * sizeof *q->recs);
		memmove(st->pending, st->pending + n, (size_t)(st->npending - n) * sizeof *st->pending);
		st->npending -= n;
		st->ninflight++;
		kcall_start(t->sim, &q->call);
	}
}

static void produce_answered(Task *t, Msg *m)
{
	SinkState *st = t->opstate;
	if (m->b < 0 || m->b >= SINK_MAX_INFLIGHT)
		return;
	SinkReq *q = &st->inflight[m->b];
	if (!q->used || kcall_answer(t->sim, &q->call, m) != KCALL_OK)
		return;
	if (m->error == KAFKA_OUT_OF_ORDER_SEQUENCE) {   /* an earlier batch has not landed: again */
		kcall_retry(t->sim, &q->call);
		return;
	}
	if (m->error == KAFKA_PRODUCER_FENCED) {
		fail_soon(t, "org.apache.kafka.common.errors.ProducerFencedException: Producer attempted an operation "
		             "with an old epoch. Either there is a newer producer with the same transactionalId, or the "
		             "producer's transaction has been expired by the broker.");
		return;
	}
	free(q->recs);
	kcall_cancel(t->sim, &q->call);
	q->used = false;
	q->recs = NULL;
	st->ninflight--;
}

/* ------------------------------------------------------------------ transactions */

static void send_ctl(Sim *s, void *obj, uint64_t arg)
{
	Task *t = obj;
	SinkState *st = t->opstate;
	if (!t->alive || !st || st->nctl == 0)
		return;
	const TxnRequest *q = &st->ctl[0].q;
	/* max.block.ms bounds initTransactions; Flink 1.9's client (Kafka 2.2) waits for a commit
	 * without limit (TransactionalRequestResult.await: "Keep waiting until done, we have no
	 * other option for these transactional requests"), 1.13's (Kafka 2.4) for max.block.ms. */
	bool v19 = SIM_FLINK_1_9(s);
	if (kcall_age(s, &st->ctl_call) >= KAFKA_MAX_BLOCK_US && !(v19 && q->op == TXN_OP_END)) {
		char cause[200];
		if (v19)
			snprintf(cause, sizeof cause, "org.apache.kafka.common.errors.TimeoutException: Timeout expired while "
			         "initializing transactional state in %lldms.", (long long)(KAFKA_MAX_BLOCK_US / SIM_US_PER_MS));
		else
			snprintf(cause, sizeof cause, "org.apache.kafka.common.errors.TimeoutException: Timeout expired after "
			         "%lldmilliseconds while awaiting %s", (long long)(KAFKA_MAX_BLOCK_US / SIM_US_PER_MS),
			         q->op == TXN_OP_END ? "EndTxn" : "InitProducerId");
		fail_soon(t, cause);
		return;
	}
	TxnRequest *copy = malloc(sizeof *copy);
	SIM_CHECK(copy != NULL);
	*copy = *q;
	Msg *m = msg_new(MSG_KAFKA_TXN, t->job);
	m->a = t->id;
	m->seq = kcall_begin(s, &st->ctl_call);
	m->bounce = true;
	m->payload = copy;
	/* The producer beginTransaction creates is not the task's until its initTransactions
	 * returns (createTransactionalProducer holds it in a local variable): a cancel interrupts
	 * the wait, close() never sees it, and its Kafka sender thread writes the InitProducerId
	 * whatever became of the task — until the TaskManager's JVM is gone (connection 0: the
	 * process's own). recoverAndCommit's and abortTransactions' producers are closed
	 * (try-with-resources), with the task's connection. */
	bool leaked = q->op == TXN_OP_INIT && st->ctl[0].slot >= 0;
	m->conn = leaked ? 0 : t->conn;
	/* A new KafkaProducer's first request — initTransactions of beginTransaction and of
	 * abortTransactions, recoverAndCommit's commit — goes over connections of its own; only a
	 * prepared transaction's commit reuses its producer's (net.c: resend). */
	m->opens = q->op != TXN_OP_END || st->ctl[0].slot < 0;
	net_send(s, proc_of(t), s->proc_kafka, m);
}

static void queue_ctl(Task *t, TxnOp op, int slot, int n, uint16_t pid, int32_t epoch, bool commit)
{
	SinkState *st = t->opstate;
	if (st->nctl == st->cap_ctl) {
		st->cap_ctl = st->cap_ctl ? 2 * st->cap_ctl : 8;
		st->ctl = realloc(st->ctl, (size_t)st->cap_ctl * sizeof *st->ctl);
		SIM_CHECK(st->ctl != NULL);
	}
	CtlReq *r = &st->ctl[st->nctl++];
	memset(r, 0, sizeof *r);
	r->slot = slot;
	r->q.op = op;
	r->q.producer = pid;
	r->q.epoch = epoch;
	r->q.commit = commit;
	r->q.subtask = t->subtask;
	r->q.parallelism = t->parallelism;
	r->q.pool = SINK_TXN_POOL;
	if (op == TXN_OP_FENCE_RANGE)
		snprintf(r->q.txn_id, sizeof r->q.txn_id, "%s", st->prefix);
	else
		snprintf(r->q.txn_id, sizeof r->q.txn_id, "%s-%d", st->prefix, n);
	if (st->nctl == 1)
		kcall_start(t->sim, &st->ctl_call);
}

/* Opens a transaction on a free id of the pool (InitProducerId): its slot, -1 when none is free. */
static int open_txn(Task *t)
{
	SinkState *st = t->opstate;
	for (int k = 0; k < SINK_TXN_POOL; k++) {
		PoolTxn *x = &st->pool[k];
		if (x->state != POOL_FREE)
			continue;
		x->state = POOL_CURRENT;
		x->ready = x->written = false;
		queue_ctl(t, TXN_OP_INIT, k, x->n, 0, 0, false);
		return k;
	}
	return -1;
}

static void ctl_answered(Task *t, Msg *m)
{
	SinkState *st = t->opstate;
	if (st->nctl == 0 || kcall_answer(t->sim, &st->ctl_call, m) != KCALL_OK)
		return;
	CtlReq r = st->ctl[0];
	memmove(&st->ctl[0], &st->ctl[1], (size_t)--st->nctl * sizeof st->ctl[0]);
	if (st->nctl > 0)
		kcall_start(t->sim, &st->ctl_call);
	PoolTxn *x = r.slot >= 0 ? &st->pool[r.slot] : NULL;
	switch (r.q.op) {
	case TXN_OP_INIT:
		x->pid = (uint16_t)m->b;
		x->epoch = (int32_t)m->c;
		x->ready = true;
		memset(x->seq, 0, sizeof x->seq);
		break;
	case TXN_OP_END:
		if (x)
			x->state = POOL_FREE;     /* off the pending list, committed or not */
		if (m->error != KAFKA_OK && x) {
			/* notifyCheckpointComplete: TwoPhaseCommitSinkFunction throws "Committing one of
			 * transactions failed", and Task fails itself (Flink 1.9's failExternally). */
			fail_soon(t, "java.lang.RuntimeException: Error while confirming checkpoint");
			return;
		}
		if (m->error != KAFKA_OK)   /* recoverAndCommit: "Presumably this transaction has been already committed before" */
			SIM_EMIT(t->sim, EV_TXN_RECOVERY_ERROR, .component = t->sim->procs[proc_of(t)].name, .tm = t->tm,
			         .job = tm_job_id(t), .name = t->def->name, .subtask = t->subtask, .parallelism = t->parallelism,
			         .what = kafka_error_name(m->error), .text = r.q.txn_id);
		break;
	case TXN_OP_FENCE_RANGE:
		st->recovering = false;
		break;
	}
	send_pending(t);
}

/* Commit exactly what the restored checkpoint prepared — the transactions of old subtasks
 * j ≡ subtask (mod p) — then fence the whole range of ids, aborting anything else left open. */
static void recover(Task *t, const CompletedCheckpoint *restore)
{
	SinkState *st = t->opstate;
	st->recovering = true;
	if (restore)
		for (int i = 0; i < restore->nsnaps; i++) {
			const TaskSnapshot *sn = restore->snaps[i];
			if (sn->subtask % t->parallelism != t->subtask)
				continue;
			for (size_t k = 0; k < sn->ntxns; k++)   /* the snapshot lists them in checkpoint order */
				queue_ctl(t, TXN_OP_END, -1, sn->txns[k].txn, sn->txns[k].producer, sn->txns[k].epoch, true);
		}
	if (SIM_MUTATED(t->sim, SIM_MUT_SKIP_TXN_ABORT))
		st->recovering = false;       /* test-only defect: lingering transactions stay open */
	else
		queue_ctl(t, TXN_OP_FENCE_RANGE, -1, 0, 0, 0, false);
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
	st->current = st->next = -1;
	for (int i = 0; i < SINK_MAX_INFLIGHT; i++) {
		char who[80];
		snprintf(who, sizeof who, "%s (%d/%d): Produce", t->def->name, t->subtask + 1, t->parallelism);
		st->inflight[i].task = t;
		kcall_init(&st->inflight[i].call, proc_of(t), who, send_req, &st->inflight[i], (uint64_t)i);
	}
	if (!st->eos)
		return;
	/* FlinkKafkaProducer: taskName + "-" + operatorUniqueID. */
	snprintf(st->prefix, sizeof st->prefix, "%s-%s", t->def->name, tm_vertex_id(t));
	char who[80];
	snprintf(who, sizeof who, "%s (%d/%d): Transaction", t->def->name, t->subtask + 1, t->parallelism);
	kcall_init(&st->ctl_call, proc_of(t), who, send_ctl, t, 0);
	for (int k = 0; k < SINK_TXN_POOL; k++)
		st->pool[k].n = t->subtask * SINK_TXN_POOL + k;
	recover(t, restore);
	st->current = open_txn(t);         /* the whole pool is free: never -1 */
}

static void sink_close(Task *t)
{
	SinkState *st = t->opstate;
	if (!st)
		return;
	for (int i = 0; i < SINK_MAX_INFLIGHT; i++) {
		free(st->inflight[i].recs);
		kcall_cancel(t->sim, &st->inflight[i].call);
	}
	kcall_cancel(t->sim, &st->ctl_call);
	sim_cancel(t->sim, &st->fail_ev);
	free(st->ctl);
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

/* May the barrier of cp pass? When everything sent is acknowledged (FlinkKafkaProducer.flush
 * in snapshotState) — and, exactly-once, when the open transaction's InitProducerId is
 * answered and, if it wrote anything, so is that of the next one, which snapshotState's
 * beginTransaction opens on a free id of the pool (createTransactionalProducer: initTransactions
 * blocks until Kafka answers, or max.block.ms fails the task). */
static bool sink_barrier_ready(Task *t, int64_t cp)
{
	SinkState *st = t->opstate;
	send_pending(t);
	if (!drained(st))
		return false;
	if (!st->eos)
		return true;
	const PoolTxn *cur = &st->pool[st->current];
	if (!cur->ready)
		return false;                /* initializeState's beginTransaction is not done yet */
	if (!cur->written)
		return true;                 /* carried over: no new transaction */
	if (st->next < 0)
		st->next = open_txn(t);
	if (st->next < 0) {
		fail_soon(t, "org.apache.flink.streaming.connectors.kafka.FlinkKafkaException: Too many ongoing "
		             "snapshots. Increase kafka producers pool size or decrease number of concurrent checkpoints.");
		return false;
	}
	return st->pool[st->next].ready;
}

/* preCommit: the open transaction belongs to checkpoint cp from now on; the next one, opened
 * by sink_barrier_ready, takes the records. */
static void sink_snapshot(Task *t, int64_t cp, TaskSnapshot *snap)
{
	SinkState *st = t->opstate;
	if (!st->eos)
		return;
	PoolTxn *cur = &st->pool[st->current];
	if (cur->written) {
		SIM_CHECK(st->next >= 0 && st->pool[st->next].ready);
		cur->state = POOL_PENDING;
		cur->checkpoint = cp;
		st->current = st->next;
		st->next = -1;
	}
	size_t n = 0;
	for (int k = 0; k < SINK_TXN_POOL; k++)
		n += st->pool[k].state == POOL_PENDING || st->pool[k].state == POOL_COMMITTING;
	snap->ntxns = n;
	snap->txns = n ? malloc(n * sizeof *snap->txns) : NULL;
	SIM_CHECK(n == 0 || snap->txns != NULL);
	n = 0;
	/* Until its commit is answered a transaction stays in every snapshot: a restore in
	 * between commits it again, which Kafka answers as done already or fenced. */
	for (int k = 0; k < SINK_TXN_POOL; k++) {
		const PoolTxn *x = &st->pool[k];
		if (x->state != POOL_PENDING && x->state != POOL_COMMITTING)
			continue;
		size_t at = n++;              /* insertion by checkpoint: recovery commits in that order */
		while (at > 0 && snap->txns[at - 1].checkpoint > x->checkpoint) {
			snap->txns[at] = snap->txns[at - 1];
			at--;
		}
		snap->txns[at] = (TxnState){ .txn = x->n, .producer = x->pid, .epoch = x->epoch, .checkpoint = x->checkpoint };
	}
}

/* notifyCheckpointComplete: commit every transaction prepared up to cp. */
static void sink_notify(Task *t, int64_t cp, bool completed)
{
	SinkState *st = t->opstate;
	if (!st->eos || !completed)
		return;
	for (;;) {                        /* in checkpoint order, as Flink's pendingCommitTransactions */
		PoolTxn *x = NULL;
		for (int k = 0; k < SINK_TXN_POOL; k++) {
			PoolTxn *y = &st->pool[k];
			if (y->state == POOL_PENDING && y->checkpoint <= cp && (!x || y->checkpoint < x->checkpoint))
				x = y;
		}
		if (!x)
			return;
		x->state = POOL_COMMITTING;
		queue_ctl(t, TXN_OP_END, (int)(x - st->pool), x->n, x->pid, x->epoch, true);
	}
}

/* May the sink finish now that every input has ended? Exactly-once, when every transaction it
 * prepared is committed: a stop's notifyCheckpointComplete commits them and blocks until Kafka
 * answers (or max.block.ms fails the task), and only then does the task go on to its end
 * (task_try_end). The notification may come after the end of input. At-least-once, when
 * everything sent is acknowledged (close flushes). */
static bool sink_end_ready(Task *t)
{
	const SinkState *st = t->opstate;
	if (!drained(st))
		return false;
	for (int k = 0; st->eos && k < SINK_TXN_POOL; k++)
		if (st->pool[k].state == POOL_PENDING || st->pool[k].state == POOL_COMMITTING)
			return false;
	return true;
}

void sink_handle(Task *t, Msg *m)
{
	SinkState *st = t->opstate;
	if (!st)
		return;
	if (m->type == MSG_KAFKA_TXN_RESP || m->type == MSG_KAFKA_TXN)
		ctl_answered(t, m);
	else
		produce_answered(t, m);
	if (!t->alive || t->opstate != st)
		return;
	send_pending(t);
	if (t->waiting_cp && sink_barrier_ready(t, t->waiting_cp))
		task_barrier_ready(t);
	task_try_end(t);                 /* last: finishing closes the sink */
}

const OpDef op_sink = {
	.name = "ClickEventStatistics Sink",
	.open = sink_open,
	.close = sink_close,
	.process = sink_process,
	.barrier_ready = sink_barrier_ready,
	.end_ready = sink_end_ready,
	.snapshot = sink_snapshot,
	.notify = sink_notify,
};
