/* generator.c — the clickevent-generator; see generator.h. */
#include "generator.h"

#include <stdlib.h>
#include <string.h>

#include "../kafka/broker.h"
#include "../kafka/client.h"

struct Generator {
	SimTime  running_us;       /* time spent running since (re)start: paces k */
	SimTime  resumed_at;       /* when it last started running, -1 while not */
	int64_t  created;          /* events created so far (k of the next one) */
	int64_t  acked;            /* events acknowledged by Kafka (all below are stored) */
	int64_t  total_acked;      /* over all incarnations */
	KafkaCall call;            /* the produce request out (one at a time), its timeout and retries */
	bool     inflight;         /* a batch is formed and not yet acknowledged or expired */
	uint64_t req;              /* batches formed */
	int      req_partition;    /* its partition (kept for retries) */
	int64_t  req_n;            /* its size */
	int64_t  req_seq;          /* its first sequence number in that partition */
	int64_t  seq_next[64];     /* idempotent producer: next sequence per partition */
	uint16_t producer;         /* producer id of this incarnation */
	uint16_t producers;        /* producer ids handed out */
	EventId  tick_ev;
	Rng      rng;              /* sticky partitioner */
	SimClickRange *dropped;    /* batches expired, over all incarnations (for the checker) */
	size_t   ndropped, dropped_cap;
};

void generator_event(int64_t k, Record *out)
{
	*out = (Record){ .ts_ms = 15 * (k / 6), .page = (uint8_t)(k % 6) };
}

void generator_events(int64_t first_k, size_t n, Record *out)
{
	if (n == 0)
		return;
	int64_t ts = 15 * (first_k / 6);
	int page = (int)(first_k % 6);
	size_t i = 0;
	for (; i < n && page != 0; i++) {         /* up to the first page 0 */
		out[i] = (Record){ .ts_ms = ts, .page = (uint8_t)page };
		if (++page == 6) {
			page = 0;
			ts += 15;
		}
	}
	/* Whole rounds of the six pages, two 8-byte stores a record: the timestamp, and the
	 * rest of the record as a Record of that page has it. */
	uint64_t rest[6];
	for (int p = 0; p < 6; p++) {
		Record r = { .page = (uint8_t)p };
		memcpy(&rest[p], (const char *)&r + sizeof r.ts_ms, sizeof rest[p]);
	}
	for (; i + 6 <= n; i += 6, ts += 15) {
		char *o = (char *)(out + i);
		for (int p = 0; p < 6; p++, o += sizeof(Record)) {
			memcpy(o, &ts, sizeof ts);
			memcpy(o + sizeof ts, &rest[p], sizeof rest[p]);
		}
	}
	for (int p = 0; i < n; i++, p++)          /* the rest, from page 0 */
		out[i] = (Record){ .ts_ms = ts, .page = (uint8_t)p };
}

void generator_page_counts(int64_t first_k, int64_t n, int64_t *counts)
{
	int first = (int)(first_k % 6);
	for (int p = 0; p < CLICK_PAGES; p++) {
		int from_first = (p - first + 6) % 6;     /* index in the run of the first event of page p */
		counts[p] = n / 6 + (from_first < n % 6 ? 1 : 0);
	}
}

Generator *generator_create(Sim *s)
{
	Generator *g = calloc(1, sizeof *g);
	SIM_CHECK(g != NULL);
	g->resumed_at = -1;
	rng_seed(&g->rng, s->opt.seed, "generator");
	return g;
}

void generator_destroy(Generator *g)
{
	if (g)
		free(g->dropped);
	free(g);
}

int64_t generator_produced(const Sim *s) { return s->gen ? s->gen->total_acked : 0; }

size_t generator_dropped(const Sim *s, SimClickRange *out, size_t max)
{
	const Generator *g = s->gen;
	if (!g)
		return 0;
	for (size_t i = 0; i < g->ndropped && i < max; i++)
		out[i] = g->dropped[i];
	return g->ndropped;
}

/* Keeps the dropped range for the window checker: those clicks may never reach `input`. */
static void remember_dropped(Generator *g, int64_t first_k, int64_t n)
{
	if (g->ndropped == g->dropped_cap) {
		size_t cap = g->dropped_cap ? 2 * g->dropped_cap : 8;
		SimClickRange *d = realloc(g->dropped, cap * sizeof *d);
		SIM_CHECK(d != NULL);
		g->dropped = d;
		g->dropped_cap = cap;
	}
	g->dropped[g->ndropped++] = (SimClickRange){ first_k, n };
}

static SimTime running(const Sim *s, const Generator *g)
{
	return g->running_us + (g->resumed_at >= 0 ? s->now - g->resumed_at : 0);
}

/* delivery.timeout.ms passed without an acknowledgement: the producer drops the batch (the
 * playground's generator ignores send()'s future, so the clicks are simply lost) and, being
 * idempotent, starts a new producer id so its sequence numbers stay dense. */
static void expire_batch(Sim *s, Generator *g)
{
	SIM_EMIT(s, EV_BATCH_EXPIRED, .component = "clickevent-generator", .n = g->req_n, .id = g->req_partition,
	         .m = kcall_age(s, &g->call) / SIM_US_PER_MS);
	remember_dropped(g, g->acked, g->req_n);
	g->acked += g->req_n;
	g->inflight = false;
	g->producer = ++g->producers;
	memset(g->seq_next, 0, sizeof g->seq_next);
}

static void maybe_send(Sim *s, Generator *g);

static void send_batch(Sim *s, void *obj, uint64_t arg)
{
	Generator *g = obj;
	if (kcall_age(s, &g->call) >= KAFKA_DELIVERY_TIMEOUT_US) {
		expire_batch(s, g);
		maybe_send(s, g);
		return;
	}
	/* The batch's records are events acked … acked + n − 1: it carries (first, count). */
	ProduceBatch *pb = produce_batch_new(TOPIC_INPUT, g->req_partition, 0);
	pb->n = (int)g->req_n;
	pb->gen_first = g->acked;
	pb->producer = g->producer;
	pb->first_seq = g->req_seq;
	pb->req = g->req;
	Msg *m = msg_new(MSG_KAFKA_PRODUCE, -1);
	m->a = -1;
	m->seq = kcall_begin(s, &g->call);
	m->bounce = true;
	m->payload = pb;
	m->payload_free = produce_batch_free;
	net_send(s, s->proc_generator, s->proc_kafka, m);
}

static void maybe_send(Sim *s, Generator *g)
{
	if (g->inflight || g->created == g->acked)
		return;
	g->inflight = true;
	g->req++;
	g->req_n = g->created - g->acked < GEN_BATCH_MAX ? g->created - g->acked : GEN_BATCH_MAX;
	g->req_partition = (int)rng_below(&g->rng, (uint64_t)s->opt.partitions);
	g->req_seq = g->seq_next[g->req_partition];
	kcall_start(s, &g->call);
}

static void on_tick(Sim *s, void *obj, uint64_t arg)
{
	Generator *g = obj;
	g->tick_ev = sim_after(s, GEN_TICK_US, on_tick, g, 0);
	/* Thread.sleep(DELAY) between events; KafkaProducer.send() blocks when its buffer is
	 * full, so creation never runs more than a bounded amount ahead of acknowledgement. */
	int rate = s->opt.generator_rate;
	SIM_CHECK(rate >= 1 && rate <= SIM_MAX_GENERATOR_RATE);
	int64_t due = running(s, g) * rate / SIM_US_PER_S;   /* 500/s: one per GEN_DELAY_US */
	int64_t cap = g->acked + 32 * 1024 * 1024 / 64;   /* buffer.memory / ~64 B per record */
	g->created = due < cap ? due : cap;
	maybe_send(s, g);
}

void generator_handle(Sim *s, Msg *m)
{
	Generator *g = s->gen;
	if (!g->inflight || kcall_answer(s, &g->call, m) != KCALL_OK)
		return;                  /* stale, or refused: the call retries */
	g->inflight = false;
	g->acked += g->req_n;
	g->total_acked += g->req_n;
	g->seq_next[g->req_partition] += g->req_n;
	maybe_send(s, g);
}

void generator_start(Sim *s)
{
	Generator *g = s->gen;
	uint16_t producers = g->producers;
	int64_t total = g->total_acked;
	Rng rng = g->rng;
	SimClickRange *dropped = g->dropped;
	size_t ndropped = g->ndropped, dropped_cap = g->dropped_cap;
	memset(g, 0, sizeof *g);
	g->rng = rng;
	g->dropped = dropped;
	g->ndropped = ndropped;
	g->dropped_cap = dropped_cap;
	g->total_acked = total;
	g->producers = (uint16_t)(producers + 1);
	g->producer = g->producers;      /* a new process: a new producer id */
	g->resumed_at = s->now;
	kcall_init(&g->call, s->proc_generator, "clickevent-generator: Produce", send_batch, g, 0);
	g->tick_ev = sim_after(s, GEN_TICK_US, on_tick, g, 0);
	SIM_EMIT(s, EV_GENERATOR_STARTED, .component = "clickevent-generator", .id = g->producer);
}

void generator_stop(Sim *s)
{
	Generator *g = s->gen;
	sim_cancel(s, &g->tick_ev);
	kcall_cancel(s, &g->call);
	g->running_us = running(s, g);
	g->resumed_at = -1;
	g->inflight = false;
}

void generator_set_paused(Sim *s, bool paused)
{
	Generator *g = s->gen;
	if (paused) {
		g->running_us = running(s, g);
		g->resumed_at = -1;
		sim_cancel(s, &g->tick_ev);
	} else {
		g->resumed_at = s->now;
		g->tick_ev = sim_after(s, GEN_TICK_US, on_tick, g, 0);
	}
}
