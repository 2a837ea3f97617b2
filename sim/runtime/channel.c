/*
 * channel.c — one producer→consumer channel with Flink's credit-based flow control.
 *
 * Sender: records go into the `filling` buffer; a buffer is finished when its serialized
 * size reaches 32 KiB, on the output flusher (execution.buffer-timeout) or before an
 * event. Finished buffers wait in the backlog and are shipped only with credit.
 * Receiver: every channel owns 2 exclusive buffers; the gate lends floating buffers when
 * the sender announces a backlog. A consumed buffer returns its credit to the sender
 * (or its floating buffer to the gate). Events (watermarks, barriers, end of partition,
 * status) travel in line but need no credit and return none, as in Flink (the receiver
 * keeps an event in an unpooled buffer). Invariant per channel, over data buffers:
 *   credit + in flight + queued == exclusive + floating   (once connected)
 * Arrivals keep FIFO order; a killed channel drops everything (the connection is gone).
 * A remote channel is a Netty TCP connection between two TaskManagers: a network fault
 * between them (netfault.h) holds its buffers, credits and partition request while the
 * link is cut — the consumer stalls, barriers with it, until the link heals or the
 * checkpoint expires — and delays them by what the link's rules add.
 */
#include <stdlib.h>
#include <string.h>

#include "../core/netfault.h"
#include "task.h"

#define LOCAL_LATENCY_US  20      /* same TaskManager: a local channel hop */
#define REMOTE_LATENCY_US 200     /* across TaskManagers: one netty round */
#define GEN_CHUNK         64      /* generated records made at a time near a buffer's end */
#define GEN_GUESS_BYTES   24      /* a little over a click's serialized size (20 or 21 bytes) */

Channel *channel_new(Task *src, Task *dst)
{
	Channel *c = calloc(1, sizeof *c);
	SIM_CHECK(c != NULL);
	c->src = src;
	c->dst = dst;
	c->watermark = INT64_MIN;
	return c;
}

static SimTime latency(const Channel *c) { return c->remote ? REMOTE_LATENCY_US : LOCAL_LATENCY_US; }

static int proc_of(const Sim *s, const Task *t) { return s->tm_proc[t->tm]; }

static void push(Buffer **head, Buffer **tail, Buffer *b)
{
	b->next = NULL;
	if (*tail)
		(*tail)->next = b;
	else
		*head = b;
	*tail = b;
}

static Buffer *pop(Buffer **head, Buffer **tail)
{
	Buffer *b = *head;
	if (b) {
		*head = b->next;
		if (!*head)
			*tail = NULL;
		b->next = NULL;
	}
	return b;
}

static void try_send(Sim *s, Channel *c);
static void on_arrival(Sim *s, void *obj, uint64_t arg);

/* The head of the in-flight buffers not yet on their way crosses a faulty link (the sender's
 * TaskManager to the receiver's): held while it is cut (resent from here at the heal, in
 * order: only the count of arrival events matters, each takes the oldest buffer in flight). */
static void ship_faulty(Sim *s, void *obj, uint64_t arg)
{
	Channel *c = obj;
	if (c->dead)
		return;
	SimTime extra;
	if (netf_route(s, proc_of(s, c->src), proc_of(s, c->dst), ship_faulty, c, 0, NULL, &extra))
		return;
	SimTime at = (c->src->busy_until > s->now ? c->src->busy_until : s->now) + latency(c) + extra;
	if (at < c->last_arrival)
		at = c->last_arrival;
	c->last_arrival = at;
	sim_at_batch(s, at, on_arrival, c, 0);
}

static void on_credit(Sim *s, void *obj, uint64_t arg);
static void on_connect(Sim *s, void *obj, uint64_t arg);

/* A message of the receiver to the sender (credit: arg > 0 buffers; the partition request:
 * arg 0) over a faulty link. */
static void back_faulty(Sim *s, void *obj, uint64_t arg)
{
	Channel *c = obj;
	if (c->dead)
		return;
	SimTime extra;
	if (netf_route(s, proc_of(s, c->dst), proc_of(s, c->src), back_faulty, c, arg, NULL, &extra))
		return;
	if (arg > 0)
		sim_at_batch(s, s->now + latency(c) + extra, on_credit, c, arg);
	else
		sim_at(s, s->now + latency(c) + extra, on_connect, c, 0);
}

/* An in-band event's header goes back to the pool with the last arrival carrying it. */
static void unref(Sim *s, Buffer *b)
{
	if (b && --b->refs == 0)
		buffer_put(s->pool, b);
}

/* Buffer b reaches the receiver: the credit announcement it carries, then the gate. */
static void receive(Sim *s, Channel *c, Buffer *b)
{
	Task *dst = c->dst;
	/* Lend floating buffers when the sender says more is waiting (credit announcement). */
	bool credited = false;
	if (b->backlog > 0 && dst->floating_free > 0) {
		int k = b->backlog < dst->floating_free ? b->backlog : dst->floating_free;
		dst->floating_free -= k;
		c->floating += k;
		c->credit += k;   /* the credit announcement rides on this round trip */
		credited = true;
	}
	if (task_event_at_arrival(dst, c, b)) {
		unref(s, b);
	} else {
		if (b->kind != BUF_DATA && b->refs > 1) {
			Buffer *own = buffer_get(s->pool, (BufKind)b->kind);  /* a broadcast's: queued alone */
			own->value = b->value;
			own->flags = b->flags;
			own->stamp = b->stamp;
			unref(s, b);
			b = own;
		}
		push(&c->queue, &c->queue_tail, b);
		c->nqueue++;
		task_gate_update(dst, c);
		task_wake(dst);
	}
	/* Without new credit the sender's side is as the last try_send left it (every change of
	 * credit or backlog calls it), so only new credit can send more. */
	if (credited)
		try_send(s, c);
}

/* An arrival: arg 0 takes the oldest buffer in flight; otherwise arg is an in-band event's
 * header, shipped outside the in-flight list (it needs no credit, and its arrival's place
 * in the event queue keeps it in order with the buffers around it). */
static void on_arrival(Sim *s, void *obj, uint64_t arg)
{
	Channel *c = obj;
	Buffer *b = (Buffer *)(uintptr_t)arg;
	if (c->dead) {
		unref(s, b);
		return;
	}
	if (!b) {
		b = pop(&c->inflight, &c->inflight_tail);
		SIM_CHECK(b != NULL);
	}
	receive(s, c, b);
}

/* When what the sender ships now arrives: after the work producing it ends, and never before
 * the buffer sent ahead of it. */
static SimTime arrival_time(Sim *s, Channel *c)
{
	SimTime at = (c->src->busy_until > s->now ? c->src->busy_until : s->now) + latency(c);
	if (at < c->last_arrival)
		at = c->last_arrival;
	c->last_arrival = at;
	return at;
}

/* The sender's side ships b now. */
static void ship(Sim *s, Channel *c, Buffer *b)
{
	if (c->remote && s->netf) {
		push(&c->inflight, &c->inflight_tail, b);
		ship_faulty(s, c, 0);
		return;
	}
	SimTime at = arrival_time(s, c);
	uint64_t arg = 0;
	if (b->kind == BUF_DATA)
		push(&c->inflight, &c->inflight_tail, b);
	else
		arg = (uint64_t)(uintptr_t)b;
	sim_at_batch(s, at, on_arrival, c, arg);   /* a broadcast's arrivals share one event */
}

/* A sender blocked on this channel's backlog may go on. */
static void maybe_unblock(Sim *s, Channel *c)
{
	Task *src = c->src;
	if (src->out_blocked && c->nbacklog < CHANNEL_MAX_BACKLOG) {
		bool still = false;
		for (int i = 0; i < src->nouts; i++)
			if (src->outs[i]->nbacklog >= CHANNEL_MAX_BACKLOG)
				still = true;
		if (!still) {
			src->out_blocked = false;
			src->bp_us += s->now - src->blocked_since;
			task_wake(src);
		}
	}
}

static void try_send(Sim *s, Channel *c)
{
	/* Flink's subpartitions send an event (watermark, barrier, end of partition, status)
	 * without credit when it is next in line: the receiver holds it in an unpooled buffer. */
	while (c->connected && c->backlog && (c->credit > 0 || c->backlog->kind != BUF_DATA)) {
		Buffer *b = pop(&c->backlog, &c->backlog_tail);
		c->nbacklog--;
		if (b->kind == BUF_DATA)
			c->credit--;
		SIM_CHECK(c->credit >= 0);          /* never a data buffer without credit */
		b->backlog = c->nbacklog;
		ship(s, c, b);
	}
	maybe_unblock(s, c);
}

static void finish_filling(Sim *s, Channel *c)
{
	Buffer *b = c->filling;
	c->filling = NULL;
	push(&c->backlog, &c->backlog_tail, b);
	c->nbacklog++;
	try_send(s, c);
	if (c->nbacklog >= CHANNEL_MAX_BACKLOG && !c->src->out_blocked) {
		c->src->out_blocked = true;
		c->src->blocked_since = s->now > c->src->busy_until ? s->now : c->src->busy_until;
	}
}

void channel_write(Sim *s, Channel *c, const Record *r, uint32_t bytes)
{
	if (c->dead)
		return;                  /* the consumer is gone: nothing to send to */
	Buffer *b = c->filling;
	if (!b) {
		b = c->filling = buffer_get(s->pool, BUF_DATA);
		task_arm_flush(c->src);   /* the output flusher: execution.buffer-timeout */
	}
	b->recs[b->n++] = *r;
	b->bytes += bytes;
	if (b->bytes >= BUFFER_BYTES || b->n == BUFFER_RECORDS_MAX)
		finish_filling(s, c);
}

/* The serialized bytes of n records by page; *bad when one has a page of no size. */
static uint32_t run_bytes(const Record *recs, int n, const uint8_t *bytes_of_page, bool *bad)
{
	uint32_t add = 0;
	bool zero = false;
	for (int i = 0; i < n; i++) {
		uint8_t sz = bytes_of_page[recs[i].page];
		zero |= sz == 0;
		add += sz;
	}
	*bad = zero;
	return add;
}

int channel_write_run(Sim *s, Channel *c, const Record *recs, int n, const uint8_t *bytes_of_page,
                      uint64_t *bytes)
{
	int done = 0;
	while (done < n) {
		if (c->dead) {
			for (; done < n; done++)
				*bytes += bytes_of_page[recs[done].page];
			return n;
		}
		Buffer *b = c->filling;
		if (!b) {
			b = c->filling = buffer_get(s->pool, BUF_DATA);
			task_arm_flush(c->src);
		}
		/* As many as fit: the buffer is finished by the record that brings it to 32 KiB. */
		int room = BUFFER_RECORDS_MAX - b->n, k = 0;
		uint32_t filled = b->bytes;
		bool full = false;
		if (n - done < room && b->bytes + (uint32_t)(n - done) * UINT8_MAX < BUFFER_BYTES) {
			/* The whole rest fits whatever the sizes (the common case): no test per record. */
			bool bad;
			filled += run_bytes(recs + done, n - done, bytes_of_page, &bad);
			SIM_CHECK(!bad);
			k = n - done;
		}
		while (k < room && done + k < n) {
			uint8_t sz = bytes_of_page[recs[done + k].page];
			SIM_CHECK(sz != 0);
			filled += sz;
			k++;
			if (filled >= BUFFER_BYTES) {
				full = true;
				break;
			}
		}
		memcpy(b->recs + b->n, recs + done, (size_t)k * sizeof *recs);
		*bytes += filled - b->bytes;
		b->n += k;
		b->bytes = filled;
		done += k;
		if (full || b->n == BUFFER_RECORDS_MAX) {
			finish_filling(s, c);
			if (c->src->out_blocked)
				break;
		}
	}
	return done;
}

int channel_write_generated(Sim *s, Channel *c, int64_t first_k, int n, RecordMaker make,
                            const uint8_t *bytes_of_page, uint64_t *bytes)
{
	int done = 0;
	while (done < n) {
		if (c->dead) {                  /* counted as sent, as channel_write_run does */
			for (; done < n; done++) {
				Record r;
				make(first_k + done, 1, &r);
				*bytes += bytes_of_page[r.page];
			}
			return n;
		}
		Buffer *b = c->filling;
		if (!b) {
			b = c->filling = buffer_get(s->pool, BUF_DATA);
			task_arm_flush(c->src);
		}
		int rest = n - done;
		if (rest < BUFFER_RECORDS_MAX - b->n && b->bytes + (uint32_t)rest * UINT8_MAX < BUFFER_BYTES) {
			/* The whole rest fits whatever the sizes: made in place, in one call. */
			make(first_k + done, (size_t)rest, b->recs + b->n);
			bool bad;
			uint32_t add = run_bytes(b->recs + b->n, rest, bytes_of_page, &bad);
			SIM_CHECK(!bad);
			b->n += rest;
			b->bytes += add;
			*bytes += add;
			return n;
		}
		/* Up to the full buffer: a chunk is made in place — as many records as would fit
		 * were they GEN_GUESS_BYTES each, at least GEN_CHUNK — and taken whole when it
		 * finishes no buffer, else up to the record that brings the buffer to 32 KiB
		 * (those after it stay outside the buffer's n). */
		int m = (int)((BUFFER_BYTES - b->bytes) / GEN_GUESS_BYTES);
		m = m < GEN_CHUNK ? GEN_CHUNK : m;
		m = m < rest ? m : rest;
		if (m > BUFFER_RECORDS_MAX - b->n)
			m = BUFFER_RECORDS_MAX - b->n;
		make(first_k + done, (size_t)m, b->recs + b->n);
		bool bad;
		uint32_t add = run_bytes(b->recs + b->n, m, bytes_of_page, &bad);
		uint32_t filled = b->bytes;
		int k = 0;
		if (!bad && filled + add < BUFFER_BYTES && b->n + m < BUFFER_RECORDS_MAX) {
			k = m;
			filled += add;
		}
		while (k < m && filled < BUFFER_BYTES) {
			uint8_t sz = bytes_of_page[b->recs[b->n + k].page];
			SIM_CHECK(sz != 0);
			filled += sz;
			k++;
		}
		*bytes += filled - b->bytes;
		b->n += k;
		b->bytes = filled;
		done += k;
		if (b->bytes >= BUFFER_BYTES || b->n == BUFFER_RECORDS_MAX) {
			finish_filling(s, c);
			if (c->src->out_blocked)
				break;
		}
	}
	return done;
}

void channel_flush(Sim *s, Channel *c)
{
	if (c->filling && c->filling->n > 0)
		finish_filling(s, c);
}

void channel_event(Sim *s, Channel *c, BufKind kind, int64_t value, int32_t flags, int64_t stamp)
{
	if (c->dead)
		return;
	channel_flush(s, c);
	Buffer *b = buffer_get(s->pool, kind);
	b->value = value;
	b->flags = flags;
	b->stamp = stamp;
	if (c->connected && !c->backlog) {
		ship(s, c, b);                   /* next in line: it goes at once (try_send's rule) */
		maybe_unblock(s, c);
		return;
	}
	push(&c->backlog, &c->backlog_tail, b);
	c->nbacklog++;
	try_send(s, c);
}

void channel_broadcast(Sim *s, Channel *const *outs, int n, BufKind kind, int64_t value, int32_t flags,
                       int64_t stamp)
{
	Buffer *shared = NULL;
	for (int i = 0; i < n; i++) {
		Channel *c = outs[i];
		if (c->dead)
			continue;
		if (!c->connected || c->backlog || (c->filling && c->filling->n > 0) || (c->remote && s->netf)) {
			channel_event(s, c, kind, value, flags, stamp);   /* behind other buffers */
			continue;
		}
		/* Next in line and nothing to flush: it goes at once (channel_event's rule), with the
		 * broadcast's one header (never by the netfault path, whose in-flight list would
		 * link a header shared by other channels). */
		if (!shared) {
			shared = buffer_get(s->pool, kind);
			shared->value = value;
			shared->flags = flags;
			shared->stamp = stamp;
			shared->refs = 0;
		}
		shared->refs++;
		ship(s, c, shared);
		maybe_unblock(s, c);
	}
}

static void on_connect(Sim *s, void *obj, uint64_t arg)
{
	Channel *c = obj;
	if (c->dead || c->connected)
		return;
	c->connected = true;
	c->credit += CHANNEL_EXCLUSIVE_BUFFERS;
	try_send(s, c);
}

/* The consumer requests the subpartition and announces its exclusive credits. */
void channel_connect(Sim *s, Channel *c)
{
	if (c->remote && s->netf)
		back_faulty(s, c, 0);
	else
		sim_after(s, latency(c), on_connect, c, 0);
}

static void on_credit(Sim *s, void *obj, uint64_t arg)
{
	Channel *c = obj;
	if (c->dead)
		return;
	c->credit += (int)arg;
	try_send(s, c);
}

void channel_consumed(Sim *s, Channel *c)
{
	Buffer *b = pop(&c->queue, &c->queue_tail);
	SIM_CHECK(b != NULL);
	c->nqueue--;
	task_gate_update(c->dst, c);
	c->pos = 0;
	bool data = b->kind == BUF_DATA;
	buffer_put(s->pool, b);
	if (!data)
		return;                  /* an event held no network buffer: no credit to return */
	if (c->floating > 0 && c->nbacklog == 0) {
		/* Nothing more announced: the floating buffer goes back to the gate. */
		c->floating--;
		c->dst->floating_free++;
		return;
	}
	if (!c->remote) {
		/* Within one TaskManager the buffer is free again at once (Flink's local channels
		 * read the producer's subpartition directly; no credit message travels). */
		c->credit++;
		try_send(s, c);
		return;
	}
	if (s->netf)
		back_faulty(s, c, 1);
	else
		sim_at_batch(s, s->now + latency(c), on_credit, c, 1);
}

static void drop_all(Sim *s, Buffer **head, Buffer **tail)
{
	Buffer *b;
	while ((b = pop(head, tail)) != NULL)
		buffer_put(s->pool, b);
}

void channel_kill(Sim *s, Channel *c)
{
	if (c->dead)
		return;
	c->dead = true;
	buffer_put(s->pool, c->filling);
	c->filling = NULL;
	drop_all(s, &c->backlog, &c->backlog_tail);
	drop_all(s, &c->inflight, &c->inflight_tail);
	drop_all(s, &c->queue, &c->queue_tail);
	c->nbacklog = c->nqueue = 0;
	task_gate_update(c->dst, c);
}
