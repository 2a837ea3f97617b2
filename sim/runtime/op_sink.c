/*
 * op_sink.c — "ClickEventStatistics Sink": a Kafka producer writing topic `output`.
 *
 * AT_LEAST_ONCE, as in every playground release: records are sent as they come (Kafka's
 * default partitioner: records without key, sticky per batch); on a checkpoint barrier
 * the sink flushes and acknowledges only when the broker has acknowledged everything
 * sent before it. Records sent after the last completed checkpoint are written again
 * after a restore — duplicates the checker reports. Requests refused because the broker
 * is down are retried after reconnect.backoff, so nothing is dropped on the way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../flink/taskmanager.h"
#include "../kafka/broker.h"
#include "../kafka/codec.h"
#include "task.h"

#define SINK_MAX_INFLIGHT 5            /* max.in.flight.requests.per.connection */
#define SINK_BATCH_MAX    1024         /* records per produce request */

typedef struct SinkReq {
	uint64_t req;                      /* request number, 0 = free slot */
	int      partition;
	int      n;
	Record  *recs;                     /* kept for a retry */
	EventId  retry_ev;
} SinkReq;

typedef struct SinkState {
	Record  *pending;                  /* not yet sent */
	int      npending, cap;
	SinkReq  inflight[SINK_MAX_INFLIGHT];
	int      ninflight;
	uint64_t next_req;
	Rng      rng;                      /* sticky partitioner's choice */
} SinkState;

static void send_req(Task *t, SinkReq *q)
{
	Sim *s = t->sim;
	ProduceBatch *pb = produce_batch_new(TOPIC_OUTPUT, q->partition, q->n);
	memcpy(pb->recs, q->recs, (size_t)q->n * sizeof *q->recs);
	pb->req = q->req;
	Msg *m = msg_new(MSG_KAFKA_PRODUCE, t->job);
	m->a = t->id;
	m->seq = q->req;
	m->bounce = true;
	m->payload = pb;
	m->payload_free = produce_batch_free;
	net_send(s, s->tm_proc[t->tm], s->proc_kafka, m);
}

static void send_pending(Task *t)
{
	SinkState *st = t->opstate;
	int partitions = t->sim->opt.partitions;
	while (st->npending > 0 && st->ninflight < SINK_MAX_INFLIGHT) {
		SinkReq *q = NULL;
		for (int i = 0; i < SINK_MAX_INFLIGHT && !q; i++)
			if (st->inflight[i].req == 0)
				q = &st->inflight[i];
		int n = st->npending < SINK_BATCH_MAX ? st->npending : SINK_BATCH_MAX;
		q->req = ++st->next_req;
		q->partition = (int)rng_below(&st->rng, (uint64_t)partitions);
		q->n = n;
		q->recs = malloc((size_t)n * sizeof *q->recs);
		SIM_CHECK(q->recs != NULL);
		memcpy(q->recs, st->pending, (size_t)n * sizeof *q->recs);
		memmove(st->pending, st->pending + n, (size_t)(st->npending - n) * sizeof *st->pending);
		st->npending -= n;
		st->ninflight++;
		send_req(t, q);
	}
}

static void sink_open(Task *t, const CompletedCheckpoint *restore)
{
	SinkState *st = calloc(1, sizeof *st);
	SIM_CHECK(st != NULL);
	char stream[48];
	snprintf(stream, sizeof stream, "sink-%d-%d", t->subtask, t->attempt);
	rng_seed(&st->rng, t->sim->opt.seed, stream);
	t->opstate = st;
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

static bool drained(const SinkState *st) { return st->npending == 0 && st->ninflight == 0; }

static bool sink_barrier_ready(Task *t, int64_t cp)
{
	send_pending(t);                   /* FlinkKafkaProducer.flush() in snapshotState */
	return drained(t->opstate);
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
};
