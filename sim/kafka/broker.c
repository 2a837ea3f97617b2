/*
 * broker.c — the Kafka broker (see broker.h).
 *
 * Fetch: a consumer asks for records of one partition from an offset (-1: earliest, or an
 * offset below the log start: reset to earliest); the broker answers at once when records
 * are there, otherwise parks the request (long poll) until an append or fetch.max.wait.ms.
 * Produce: appends a batch; idempotent producers (the generator) carry a sequence number
 * per partition, and a batch the broker already has (a retry after a lost answer) is
 * acknowledged without being appended again. Committed offsets of the consumer group
 * live on disk (the __consumer_offsets topic in Kafka), so they survive restarts.
 * Retention runs every log.retention.check.interval.ms (5 min) over whole segments.
 */
#include "broker.h"

#include <stdlib.h>
#include <string.h>

#include "../core/pool.h"
#include "../core/record.h"
#include "../gen/generator.h"
#include "txn.h"

#define BROKER_MAX_PARTITIONS SIM_MAX_PARTITIONS
#define MAX_PRODUCERS 64
#define RETENTION_CHECK_US (300 * SIM_US_PER_S)
#define SEGMENT_RECORDS 65536

typedef struct Parked {
	struct Parked *next;
	int      from;                 /* requester process */
	int64_t  task;                 /* requester task id (echoed) */
	int64_t  idx;                  /* requester's partition slot (echoed) */
	int64_t  offset;               /* where to read */
	uint64_t seq;                  /* request number (echoed) */
	SimTime  deadline;             /* fetch.max.wait.ms after it was parked */
	int      partition;
} Parked;

typedef struct ProducerSeq {
	uint16_t producer;             /* producer id */
	int64_t  next[BROKER_MAX_PARTITIONS]; /* next expected sequence per input partition */
} ProducerSeq;

struct Broker {
	Sim     *sim;
	int      partitions[2];        /* per topic */
	KafkaLog *logs[2][BROKER_MAX_PARTITIONS];
	int64_t  committed[BROKER_MAX_PARTITIONS]; /* group click-event-count, topic input; -1 none */
	ProducerSeq producers[MAX_PRODUCERS];
	int      nproducers;
	TxnCoord *txn;                 /* the transaction coordinator (on disk) */
	Parked  *parked[BROKER_MAX_PARTITIONS];  /* in memory: lost on kill; newest first */
	EventId  wait_ev[BROKER_MAX_PARTITIONS]; /* at or before the earliest parked deadline */
	Parked  *parked_free;          /* answered ones, for reuse (memory only; pool.h) */
	EventId  retention_ev, txn_ev;
};

int broker_topic_index(const char *name)
{
	if (strcmp(name, "input") == 0)
		return TOPIC_INPUT;
	if (strcmp(name, "output") == 0)
		return TOPIC_OUTPUT;
	return -1;
}

static void on_retention(Sim *s, void *obj, uint64_t arg)
{
	Broker *b = obj;
	b->retention_ev = sim_after(s, RETENTION_CHECK_US, on_retention, b, 0);
	if (s->proc_kafka >= 0 && s->procs[s->proc_kafka].state == SERVICE_RUNNING)
		broker_enforce_retention(s);
}

static void on_txn_check(Sim *s, void *obj, uint64_t arg)
{
	Broker *b = obj;
	b->txn_ev = sim_after(s, KAFKA_TXN_CHECK_US, on_txn_check, b, 0);
	if (proc_running(s, s->proc_kafka))
		txn_expire(s, b->txn, b->logs[TOPIC_OUTPUT]);
}

Broker *broker_create(Sim *s, int partitions)
{
	Broker *b = calloc(1, sizeof *b);
	SIM_CHECK(b != NULL);
	SIM_CHECK(partitions > 0 && partitions <= BROKER_MAX_PARTITIONS);
	b->sim = s;
	for (int t = 0; t < 2; t++) {
		b->partitions[t] = partitions;
		for (int p = 0; p < partitions; p++) {
			b->logs[t][p] = kafka_log_create(SEGMENT_RECORDS);
			if (t == TOPIC_INPUT)
				kafka_log_set_generator(b->logs[t][p], generator_events);   /* compact input */
		}
	}
	for (int p = 0; p < BROKER_MAX_PARTITIONS; p++)
		b->committed[p] = -1;
	b->retention_ev = sim_after(s, RETENTION_CHECK_US, on_retention, b, 0);
	b->txn = txn_create();
	b->txn_ev = sim_after(s, KAFKA_TXN_CHECK_US, on_txn_check, b, 0);
	return b;
}

static void parked_release(Broker *b, Parked *k)
{
	if (!SIM_POOLS) {
		free(k);
		return;
	}
	k->next = b->parked_free;
	b->parked_free = k;
}

static Parked *parked_take(Broker *b)
{
	Parked *k = b->parked_free;
	if (k) {
		b->parked_free = k->next;
		return k;
	}
	k = malloc(sizeof *k);
	SIM_CHECK(k != NULL);
	return k;
}

static void drop_parked(Broker *b, bool reset)
{
	Sim *s = b->sim;
	for (int p = 0; p < BROKER_MAX_PARTITIONS; p++) {
		sim_cancel(s, &b->wait_ev[p]);
		while (b->parked[p]) {
			Parked *k = b->parked[p];
			b->parked[p] = k->next;
			if (reset) {
				/* The connection is reset: the client learns at once. */
				Msg *m = msg_new(MSG_KAFKA_FETCH, -1);
				m->a = k->task;
				m->b = k->idx;
				m->seq = k->seq;
				m->partition = k->partition;
				m->failed = true;
				net_send(s, s->proc_kafka, k->from, m);
			}
			parked_release(b, k);
		}
	}
}

void broker_destroy(Broker *b)
{
	if (!b)
		return;
	drop_parked(b, false);
	while (b->parked_free) {
		Parked *k = b->parked_free;
		b->parked_free = k->next;
		free(k);
	}
	for (int t = 0; t < 2; t++)
		for (int p = 0; p < b->partitions[t]; p++)
			kafka_log_destroy(b->logs[t][p]);
	txn_destroy(b->txn);
	free(b);
}

void broker_on_kill(Sim *s)
{
	drop_parked(s->broker, true);
}

const KafkaLog *broker_log(const Broker *b, int topic, int partition)
{
	if (topic < 0 || topic > 1 || partition < 0 || partition >= b->partitions[topic])
		return NULL;
	return b->logs[topic][partition];
}

int broker_partitions(const Broker *b, int topic)
{
	return topic < 0 || topic > 1 ? -1 : b->partitions[topic];
}

int64_t broker_committed(const Broker *b, int topic, int partition)
{
	if (topic != TOPIC_INPUT || partition < 0 || partition >= b->partitions[topic])
		return -1;
	return b->committed[partition];
}

void broker_enforce_retention(Sim *s)
{
	Broker *b = s->broker;
	SimTime keep = s->opt.config.log_retention_ms * SIM_US_PER_MS;
	for (int t = 0; t < 2; t++)
		for (int p = 0; p < b->partitions[t]; p++) {
			size_t dropped = kafka_log_enforce_retention(b->logs[t][p], s->now, keep);
			if (dropped)
				SIM_EMIT(s, EV_RETENTION, .component = "kafka", .name = t ? "output" : "input", .id = p,
				         .n = (int64_t)dropped, .m = kafka_log_start_offset(b->logs[t][p]));
		}
}

/* ------------------------------------------------------------------ payloads */

/* Freed batches wait for reuse with their arrays (memory only, per thread, bounded; off
 * under AddressSanitizer, see pool.h). */
#define BATCH_FREE_MAX (SIM_POOLS ? 32 : 0)
static _Thread_local FetchBatch *fetch_free_list[BATCH_FREE_MAX + 1];
static _Thread_local int fetch_free_count;
static _Thread_local ProduceBatch *produce_free_list[BATCH_FREE_MAX + 1];
static _Thread_local int produce_free_count;

void fetch_batch_free(void *p)
{
	FetchBatch *fb = p;
	if (!fb)
		return;
	if (fetch_free_count < BATCH_FREE_MAX) {
		fetch_free_list[fetch_free_count++] = fb;
		return;
	}
	free(fb->recs);
	free(fb->offsets);
	free(fb->runs);
	free(fb);
}

/* An empty batch with room for `want` records and their offsets (or runs). */
static FetchBatch *fetch_batch_new(int want)
{
	FetchBatch *fb = fetch_free_count ? fetch_free_list[--fetch_free_count] : NULL;
	Record *recs = fb ? fb->recs : NULL;
	int64_t *offsets = fb ? fb->offsets : NULL;
	KafkaGenRun *runs = fb ? fb->runs : NULL;
	int cap = fb ? fb->cap : 0;
	if (!fb) {
		fb = malloc(sizeof *fb);
		SIM_CHECK(fb != NULL);
	}
	if (want > cap) {
		free(recs);
		free(offsets);
		free(runs);
		cap = want;
		recs = malloc((size_t)cap * sizeof *recs);
		offsets = malloc((size_t)cap * sizeof *offsets);
		runs = malloc((size_t)cap * sizeof *runs);
		SIM_CHECK(recs && offsets && runs);
	}
	*fb = (FetchBatch){ .recs = recs, .offsets = offsets, .runs = runs, .cap = cap };
	return fb;
}

void produce_batch_free(void *p)
{
	ProduceBatch *pb = p;
	if (!pb)
		return;
	if (produce_free_count < BATCH_FREE_MAX) {
		produce_free_list[produce_free_count++] = pb;
		return;
	}
	free(pb->recs);
	free(pb);
}

ProduceBatch *produce_batch_new(int topic, int partition, int n)
{
	ProduceBatch *pb = produce_free_count ? produce_free_list[--produce_free_count] : NULL;
	Record *recs = pb ? pb->recs : NULL;
	int cap = pb ? pb->cap : 0;
	if (!pb) {
		pb = malloc(sizeof *pb);
		SIM_CHECK(pb != NULL);
	}
	if (n > cap || cap == 0) {
		free(recs);
		cap = n > 0 ? n : 1;
		recs = malloc((size_t)cap * sizeof *recs);
		SIM_CHECK(recs != NULL);
	}
	*pb = (ProduceBatch){ .topic = topic, .partition = partition, .n = n, .recs = recs, .cap = cap,
	                      .gen_first = -1 };
	return pb;
}

/* ------------------------------------------------------------------ fetch */

static void send_fetch_answer(Sim *s, int to, int64_t task, int64_t idx, uint64_t seq, FetchBatch *fb)
{
	Msg *m = msg_new(MSG_KAFKA_FETCH_RESP, -1);
	m->a = task;
	m->b = idx;
	m->seq = seq;
	m->partition = fb->partition;
	m->payload = fb;
	m->payload_free = fetch_batch_free;
	net_send(s, s->proc_kafka, to, m);
}

static void answer_out_of_range(Sim *s, int to, int64_t task, int64_t idx, uint64_t seq, int partition)
{
	const KafkaLog *log = s->broker->logs[TOPIC_INPUT][partition];
	FetchBatch *fb = fetch_batch_new(0);
	fb->partition = partition;
	fb->seq = seq;
	fb->out_of_range = true;
	fb->log_start = kafka_log_start_offset(log);
	fb->high_watermark = fb->next_offset = kafka_log_end_offset(log);
	send_fetch_answer(s, to, task, idx, seq, fb);
}

static void answer_fetch(Sim *s, int to, int64_t task, int64_t idx, uint64_t seq, int partition, int64_t offset)
{
	Broker *b = s->broker;
	const KafkaLog *log = b->logs[TOPIC_INPUT][partition];
	int64_t from = offset < kafka_log_start_offset(log) ? kafka_log_start_offset(log) : offset;
	int64_t want = kafka_log_end_offset(log) - from;   /* at most this many records are there */
	if (want > KAFKA_FETCH_MAX_RECORDS)
		want = KAFKA_FETCH_MAX_RECORDS;
	if (want < 1)
		want = 1;
	FetchBatch *fb = fetch_batch_new((int)want);
	fb->partition = partition;
	fb->seq = seq;
	int64_t next = from;
	/* The generator's records travel as runs of their indices (the source makes them). */
	size_t nruns = 0;
	int64_t got = kafka_log_read_generated(log, from, kafka_log_end_offset(log), (size_t)want, fb->runs,
	                                       (size_t)fb->cap, &nruns, &next);
	if (got >= 0) {
		fb->n = (int)got;
		fb->nruns = (int)nruns;
		fb->first_offset = from < kafka_log_start_offset(log) ? kafka_log_start_offset(log) : from;
	} else {
		fb->n = (int)kafka_log_read(log, from, kafka_log_end_offset(log), false, fb->recs, fb->offsets,
		                            (size_t)want, &next);
	}
	fb->next_offset = next;
	fb->high_watermark = kafka_log_end_offset(log);
	fb->log_start = kafka_log_start_offset(log);
	send_fetch_answer(s, to, task, idx, seq, fb);
}

static void unpark(Broker *b, Parked *k)
{
	Parked **pp = &b->parked[k->partition];
	while (*pp && *pp != k)
		pp = &(*pp)->next;
	if (*pp)
		*pp = k->next;
	answer_fetch(b->sim, k->from, k->task, k->idx, k->seq, k->partition, k->offset);
	parked_release(b, k);
}

static void on_fetch_wait(Sim *s, void *obj, uint64_t arg);

/* One wait event per partition, not one per parked fetch: most fetches are answered by an
 * append long before fetch.max.wait.ms, and a timeout nobody cancels costs nothing here. */
static void arm_wait(Broker *b, int partition)
{
	Parked *oldest = NULL;
	for (Parked *k = b->parked[partition]; k; k = k->next)
		oldest = k;
	if (oldest && !b->wait_ev[partition])
		b->wait_ev[partition] = sim_at(b->sim, oldest->deadline, on_fetch_wait, b, (uint64_t)partition);
}

/* fetch.max.wait.ms passed: answers the fetches whose wait is over, oldest first. */
static void on_fetch_wait(Sim *s, void *obj, uint64_t arg)
{
	Broker *b = obj;
	int p = (int)arg;
	b->wait_ev[p] = 0;
	for (;;) {
		Parked *due = NULL;
		for (Parked *k = b->parked[p]; k; k = k->next)
			if (k->deadline <= s->now)
				due = k;                   /* the last in the list is the oldest */
		if (!due)
			break;
		unpark(b, due);
	}
	arm_wait(b, p);
}

/* Fetch: -1 means the earliest offset (a consumer without a position); an offset outside
 * [log start, log end] gets OFFSET_OUT_OF_RANGE at once; at the log end the request waits
 * (long poll) for an append or fetch.max.wait.ms. */
static void handle_fetch(Sim *s, Msg *m)
{
	Broker *b = s->broker;
	int p = m->partition;
	if (p < 0 || p >= b->partitions[TOPIC_INPUT])
		return;
	const KafkaLog *log = b->logs[TOPIC_INPUT][p];
	int64_t from = m->c < 0 ? kafka_log_start_offset(log) : m->c;
	if (from < kafka_log_start_offset(log) || from > kafka_log_end_offset(log)) {
		answer_out_of_range(s, m->from, m->a, m->b, m->seq, p);
		return;
	}
	if (from < kafka_log_end_offset(log)) {
		answer_fetch(s, m->from, m->a, m->b, m->seq, p, from);
		return;
	}
	Parked *k = parked_take(b);
	*k = (Parked){ .next = b->parked[p], .from = m->from, .task = m->a, .idx = m->b,
	               .offset = from, .seq = m->seq, .deadline = s->now + KAFKA_FETCH_MAX_WAIT_US,
	               .partition = p };
	b->parked[p] = k;
	arm_wait(b, p);
}

/* ------------------------------------------------------------------ produce */

static int64_t *producer_next(Broker *b, uint16_t producer, int partition)
{
	for (int i = 0; i < b->nproducers; i++)
		if (b->producers[i].producer == producer)
			return &b->producers[i].next[partition];
	if (b->nproducers == MAX_PRODUCERS) {
		/* Kafka expires the state of producers long gone (producer.id.expiration.ms):
		 * here the oldest entry makes room. */
		memmove(&b->producers[0], &b->producers[1], (MAX_PRODUCERS - 1) * sizeof b->producers[0]);
		b->nproducers--;
	}
	ProducerSeq *ps = &b->producers[b->nproducers++];
	memset(ps, 0, sizeof *ps);
	ps->producer = producer;
	return &ps->next[partition];
}

static void handle_produce(Sim *s, Msg *m)
{
	Broker *b = s->broker;
	ProduceBatch *pb = m->payload;
	if (!pb || pb->topic < 0 || pb->topic > 1 || pb->partition < 0 || pb->partition >= b->partitions[pb->topic])
		return;
	KafkaLog *log = b->logs[pb->topic][pb->partition];
	int skip = 0;
	KafkaError err = KAFKA_OK;
	if (pb->transactional) {
		err = pb->topic == TOPIC_OUTPUT
		      ? txn_produce(s, b->txn, pb->producer, pb->epoch, pb->partition, pb->first_seq, pb->n, &skip)
		      : KAFKA_INVALID_TXN_STATE;
	} else if (pb->producer != 0 && pb->first_seq >= 0) {
		int64_t *next = producer_next(b, pb->producer, pb->partition);
		if (pb->first_seq < *next)
			skip = (int)(*next - pb->first_seq < pb->n ? *next - pb->first_seq : pb->n);
		*next = pb->first_seq + pb->n > *next ? pb->first_seq + pb->n : *next;
	}
	if (err == KAFKA_OK && pb->n > skip) {
		if (pb->transactional)
			kafka_log_append_txn(log, pb->producer, pb->recs + skip, (size_t)(pb->n - skip), s->now);
		else if (pb->gen_first >= 0 && pb->topic == TOPIC_INPUT)
			kafka_log_append_generated(log, pb->gen_first + skip, (size_t)(pb->n - skip), s->now);
		else if (pb->gen_first < 0)
			kafka_log_append(log, pb->recs + skip, (size_t)(pb->n - skip), s->now);
	}
	if (pb->topic == TOPIC_INPUT)
		while (b->parked[pb->partition])
			unpark(b, b->parked[pb->partition]);
	Msg *r = msg_new(MSG_KAFKA_PRODUCE_RESP, m->job);
	r->a = m->a;
	r->b = m->b;                       /* the requester's slot, echoed */
	r->seq = m->seq;
	r->partition = pb->partition;
	r->error = err;
	net_send(s, s->proc_kafka, m->from, r);
}

static void handle_txn(Sim *s, Msg *m)
{
	Broker *b = s->broker;
	const TxnRequest *q = m->payload;
	if (!q)
		return;
	Msg *r = msg_new(MSG_KAFKA_TXN_RESP, m->job);
	r->a = m->a;
	r->seq = m->seq;
	KafkaLog **logs = b->logs[TOPIC_OUTPUT];
	switch (q->op) {
	case TXN_OP_INIT: {
		uint16_t pid;
		int32_t epoch;
		txn_init_producer(s, b->txn, q->txn_id, logs, &pid, &epoch);
		r->b = pid;
		r->c = epoch;
		break;
	}
	case TXN_OP_END:
		r->error = txn_end(s, b->txn, q->txn_id, q->producer, q->epoch, q->commit, logs);
		break;
	case TXN_OP_FENCE_RANGE:
		if (q->parallelism > 0 && q->pool > 0)
			r->b = txn_fence_range(s, b->txn, q->txn_id, q->subtask, q->parallelism, q->pool, logs);
		break;
	}
	net_send(s, s->proc_kafka, m->from, r);
}

void broker_handle(Sim *s, Msg *m)
{
	Broker *b = s->broker;
	switch (m->type) {
	case MSG_KAFKA_FETCH:
		handle_fetch(s, m);
		break;
	case MSG_KAFKA_OFFSETS: {
		Msg *r = msg_new(MSG_KAFKA_OFFSETS_RESP, -1);
		r->a = m->a;
		r->b = m->b;
		r->seq = m->seq;
		r->partition = m->partition;
		r->c = m->partition >= 0 && m->partition < b->partitions[TOPIC_INPUT] ? b->committed[m->partition] : -1;
		net_send(s, s->proc_kafka, m->from, r);
		break;
	}
	case MSG_KAFKA_COMMIT:
		if (m->partition >= 0 && m->partition < b->partitions[TOPIC_INPUT] && m->c >= 0) {
			b->committed[m->partition] = m->c;
		}
		break;
	case MSG_KAFKA_PRODUCE:
		handle_produce(s, m);
		break;
	case MSG_KAFKA_TXN:
		handle_txn(s, m);
		break;
	default:
		break;
	}
}
