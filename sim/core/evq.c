/*
 * evq.c — the event queue: two 4-ary min-heaps with their keys inline (events due soon and
 * events due later), a FIFO lane for events due at the current instant, and batches.
 *
 * Heap entries hold their key — (time, insertion sequence << 24 | slot) — so sifting reads
 * one array, never the slots; a slot holds the handler, its arguments and its place. Most
 * events are due within microseconds (a buffer's arrival, a message, the end of a task's
 * work) while a few dozen timers wait for tens of milliseconds or more (flushes, watermark
 * intervals, heartbeats, request timeouts): the near heap holds the events due within
 * NEAR_US, the far heap the others, so the many short events sift through a heap of a few
 * entries. A pop takes the smaller of the two tops, so the order is that of one heap.
 *
 * Pushes at the time of the last popped event go to the FIFO lane. Order stays exactly
 * (time, sequence): every heap entry due at that instant was pushed before the clock reached
 * it, so before any lane entry; hence a pop takes a heap top when it is due now, else the
 * lane's head. A batched push (evq_push_batch) that directly follows one of the same handler
 * and time joins it; its members run right after it, from the drain.
 *
 * Invariants: an entry of heap h at index i names a slot with where == h and pos == i; a
 * slot in the lane has where == IN_LANE; a free slot has where == IN_FREE and sits on the
 * free list. A cancelled lane entry stays in the ring (its generation no longer matches)
 * and is skipped; the ring's head is always live. An EventId packs (generation << 32 |
 * slot + 1); the generation changes each time a slot is reused, so a stale id does nothing.
 */
#include "evq.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"

#define ARITY      4
#define SLOT_BITS  24                     /* live events ≤ 16 M */
#define SLOT_MASK  ((1u << SLOT_BITS) - 1)
#define NEAR_US    4000                   /* events due within 4 ms go to the near heap */
#define NO_BATCH   UINT32_MAX

enum { IN_NEAR, IN_FAR, IN_LANE, IN_FREE };

typedef EventMember Member;

/* Events that joined a batched event (evq_push_batch), in push order. */
typedef struct Batch {
	Member  *m;
	uint32_t n, cap;
	uint32_t next_free;            /* free-list link */
} Batch;

typedef struct Slot {
	EventFn  fn;                   /* handler */
	void    *obj;                  /* the entity it targets */
	uint64_t arg;                  /* handler argument */
	uint32_t batch;                /* index in batches of the events that joined it, or NO_BATCH */
	uint32_t pos;                  /* index in its heap */
	uint32_t gen;                  /* bumped on every reuse */
	uint32_t next_free;            /* free-list link (slot index) */
	uint8_t  where;                /* IN_NEAR, IN_FAR, IN_LANE or IN_FREE */
} Slot;

typedef struct Entry {
	SimTime  time;                 /* when it fires, µs */
	uint64_t key;                  /* sequence << SLOT_BITS | slot: ties break by sequence */
} Entry;

typedef struct Heap {
	Entry   *e;
	uint32_t n, cap;
} Heap;

typedef struct LaneEntry {
	uint32_t slot, gen;            /* live while the slot still has this generation */
} LaneEntry;

struct EventQueue {
	Slot     *slots;               /* slot storage */
	uint32_t  cap;                 /* slots allocated */
	uint32_t  free_head;           /* first free slot, UINT32_MAX if none */
	Heap      heaps[2];            /* IN_NEAR, IN_FAR */
	LaneEntry *lane;               /* ring of events due at `now`, in push order */
	uint32_t  lane_cap, lane_head, lane_len, lane_live; /* ring size (power of two), … */
	SimTime   now;                 /* time of the last popped event */
	uint64_t  seq;                 /* next insertion sequence number */
	uint32_t  last_slot;           /* the event pushed last, if batchable (last_ok): its slot, */
	SimTime   last_time;           /* time and handler (a pending batchable event is never */
	EventFn   last_fn;             /* cancelled; a pop, a cancel or another push clears last_ok) */
	bool      last_ok;
	Batch    *batches;             /* batch storage */
	uint32_t  nbatches, batch_free;/* allocated, free-list head (NO_BATCH: none) */
	Member   *drain;               /* members of the batch popped last, still to run (at now) */
	EventFn   drain_fn;            /* their handler */
	uint32_t  drain_head, drain_len, drain_cap;
};

EventQueue *evq_create(void)
{
	EventQueue *q = calloc(1, sizeof *q);
	SIM_CHECK(q != NULL);
	q->free_head = UINT32_MAX;
	q->batch_free = NO_BATCH;
	return q;
}

void evq_destroy(EventQueue *q)
{
	if (!q)
		return;
	free(q->slots);
	free(q->heaps[IN_NEAR].e);
	free(q->heaps[IN_FAR].e);
	free(q->lane);
	for (uint32_t i = 0; i < q->nbatches; i++)
		free(q->batches[i].m);
	free(q->batches);
	free(q->drain);
	free(q);
}

/* ------------------------------------------------------------------ heaps */

/* (time, key) as one unsigned 128-bit number (times are ≥ 0): one comparison, no branch. */
static inline unsigned __int128 order(const Entry *e)
{
	return (unsigned __int128)(uint64_t)e->time << 64 | e->key;
}

static inline bool before(const Entry *a, const Entry *b)
{
	return order(a) < order(b);
}

static inline void place(EventQueue *q, Heap *h, uint32_t i, Entry e)
{
	h->e[i] = e;
	q->slots[e.key & SLOT_MASK].pos = i;
}

static void sift_up(EventQueue *q, Heap *h, uint32_t i, Entry e)
{
	while (i > 0) {
		uint32_t parent = (i - 1) / ARITY;
		if (!before(&e, &h->e[parent]))
			break;
		place(q, h, i, h->e[parent]);
		i = parent;
	}
	place(q, h, i, e);
}

static void sift_down(EventQueue *q, Heap *h, uint32_t i, Entry e)
{
	for (;;) {
		uint32_t c = ARITY * i + 1;
		if (c >= h->n)
			break;
		uint32_t end = c + ARITY < h->n ? c + ARITY : h->n, best = c;
		unsigned __int128 lo = order(&h->e[c]);
		for (uint32_t k = c + 1; k < end; k++) {
			unsigned __int128 o = order(&h->e[k]);
			bool less = o < lo;
			best = less ? k : best;
			lo = less ? o : lo;
		}
		if (!(lo < order(&e)))
			break;
		place(q, h, i, h->e[best]);
		i = best;
	}
	place(q, h, i, e);
}

__attribute__((noinline, cold)) static void heap_grow(Heap *h)
{
	h->cap = h->cap ? 2 * h->cap : 64;
	h->e = realloc(h->e, h->cap * sizeof *h->e);
	SIM_CHECK(h->e != NULL);
}

static inline void heap_insert(EventQueue *q, Heap *h, Entry e)
{
	if (h->n == h->cap)
		heap_grow(h);
	sift_up(q, h, h->n++, e);
}

static void heap_remove(EventQueue *q, Heap *h, uint32_t i)
{
	Entry last = h->e[--h->n];
	if (i < h->n) {
		if (i > 0 && before(&last, &h->e[(i - 1) / ARITY]))
			sift_up(q, h, i, last);
		else
			sift_down(q, h, i, last);
	}
}

/* The heap whose top comes first, or NULL when both are empty. */
static inline Heap *first_heap(EventQueue *q)
{
	Heap *n = &q->heaps[IN_NEAR], *f = &q->heaps[IN_FAR];
	if (n->n == 0)
		return f->n ? f : NULL;
	if (f->n == 0)
		return n;
	return before(&f->e[0], &n->e[0]) ? f : n;
}

/* ------------------------------------------------------------------ slots, lane */

__attribute__((noinline, cold)) static void slots_grow(EventQueue *q)
{
	uint32_t old = q->cap, cap = old ? old * 2 : 256;
	SIM_CHECK(cap - 1 <= SLOT_MASK);
	q->slots = realloc(q->slots, cap * sizeof *q->slots);
	SIM_CHECK(q->slots != NULL);
	for (uint32_t i = old; i < cap; i++) {
		q->slots[i].where = IN_FREE;
		q->slots[i].gen = 0;
		q->slots[i].next_free = (i + 1 < cap) ? i + 1 : UINT32_MAX;
	}
	q->free_head = old;
	q->cap = cap;
}

static inline uint32_t alloc_slot(EventQueue *q)
{
	if (q->free_head == UINT32_MAX)
		slots_grow(q);
	uint32_t s = q->free_head;
	q->free_head = q->slots[s].next_free;
	return s;
}

static void free_slot(EventQueue *q, uint32_t s)
{
	q->slots[s].where = IN_FREE;
	q->slots[s].gen++;
	q->slots[s].next_free = q->free_head;
	q->free_head = s;
}

__attribute__((noinline, cold)) static void lane_grow(EventQueue *q)
{
	uint32_t cap = q->lane_cap ? 2 * q->lane_cap : 64;
	LaneEntry *l = malloc(cap * sizeof *l);
	SIM_CHECK(l != NULL);
	for (uint32_t i = 0; i < q->lane_len; i++)
		l[i] = q->lane[(q->lane_head + i) & (q->lane_cap - 1)];
	free(q->lane);
	q->lane = l;
	q->lane_cap = cap;
	q->lane_head = 0;
}

static inline void lane_push(EventQueue *q, uint32_t s)
{
	if (q->lane_len == q->lane_cap)
		lane_grow(q);
	q->lane[(q->lane_head + q->lane_len++) & (q->lane_cap - 1)] = (LaneEntry){ s, q->slots[s].gen };
	q->slots[s].where = IN_LANE;
	q->lane_live++;
}

static inline bool lane_entry_live(const EventQueue *q, LaneEntry e)
{
	return q->slots[e.slot].gen == e.gen && q->slots[e.slot].where == IN_LANE;
}

/* Drops cancelled entries from the ring's head, so that the head is live (or the ring empty). */
static void lane_trim(EventQueue *q)
{
	while (q->lane_len > 0 && !lane_entry_live(q, q->lane[q->lane_head])) {
		q->lane_head = (q->lane_head + 1) & (q->lane_cap - 1);
		q->lane_len--;
	}
	if (q->lane_len == 0)
		q->lane_head = 0;
}

/* ------------------------------------------------------------------ push, cancel */

EventId evq_push(EventQueue *q, SimTime t, EventFn fn, void *obj, uint64_t arg)
{
	uint32_t s = alloc_slot(q);
	Slot *sl = &q->slots[s];
	sl->fn = fn;
	sl->obj = obj;
	sl->arg = arg;
	sl->batch = NO_BATCH;
	q->last_ok = false;
	uint64_t seq = q->seq++;
	SIM_CHECK(seq < (UINT64_C(1) << (64 - SLOT_BITS)));
	if (t == q->now) {
		lane_push(q, s);
	} else {
		sl->where = t - q->now <= NEAR_US ? IN_NEAR : IN_FAR;
		heap_insert(q, &q->heaps[sl->where], (Entry){ .time = t, .key = seq << SLOT_BITS | s });
	}
	return ((uint64_t)sl->gen << 32) | (uint64_t)(s + 1);
}

static uint32_t batch_new(EventQueue *q)
{
	if (q->batch_free == NO_BATCH) {
		uint32_t old = q->nbatches, cap = old ? 2 * old : 16;
		q->batches = realloc(q->batches, cap * sizeof *q->batches);
		SIM_CHECK(q->batches != NULL);
		for (uint32_t i = old; i < cap; i++)
			q->batches[i] = (Batch){ .next_free = i + 1 < cap ? i + 1 : NO_BATCH };
		q->batch_free = old;
		q->nbatches = cap;
	}
	uint32_t b = q->batch_free;
	q->batch_free = q->batches[b].next_free;
	q->batches[b].n = 0;
	return b;
}

void evq_push_batch(EventQueue *q, SimTime t, EventFn fn, void *obj, uint64_t arg)
{
	if (q->last_ok && q->last_fn == fn && q->last_time == t) {
		Slot *last = &q->slots[q->last_slot];
		if (last->batch == NO_BATCH)
			last->batch = batch_new(q);
		Batch *b = &q->batches[last->batch];
		if (b->n == b->cap) {
			b->cap = b->cap ? 2 * b->cap : 8;
			b->m = realloc(b->m, b->cap * sizeof *b->m);
			SIM_CHECK(b->m != NULL);
		}
		b->m[b->n++] = (Member){ obj, arg };
		q->seq++;                        /* it counts as pushed (evq_pushed) */
		return;
	}
	EventId id = evq_push(q, t, fn, obj, arg);
	q->last_slot = (uint32_t)(id & 0xffffffffu) - 1;
	q->last_time = t;
	q->last_fn = fn;
	q->last_ok = true;
}

static Slot *lookup(const EventQueue *q, EventId id)
{
	uint32_t s = (uint32_t)(id & 0xffffffffu);
	if (s == 0 || s > q->cap)
		return NULL;
	Slot *sl = &q->slots[s - 1];
	if (sl->where == IN_FREE || sl->gen != (uint32_t)(id >> 32))
		return NULL;
	return sl;
}

bool evq_pending(const EventQueue *q, EventId id)
{
	return lookup(q, id) != NULL;
}

bool evq_cancel(EventQueue *q, EventId id)
{
	Slot *sl = lookup(q, id);
	if (!sl)
		return false;
	uint32_t s = (uint32_t)(sl - q->slots);
	SIM_CHECK(sl->batch == NO_BATCH);       /* batched events are never cancelled */
	q->last_ok = false;                      /* (nor joined after a cancel: cheap to be sure) */
	if (sl->where == IN_LANE) {
		free_slot(q, s);
		q->lane_live--;
		lane_trim(q);
		return true;
	}
	Heap *h = &q->heaps[sl->where];
	uint32_t i = sl->pos;
	free_slot(q, s);
	heap_remove(q, h, i);
	return true;
}

/* ------------------------------------------------------------------ pop */

/* The members of a popped batch run next, in push order (their sequence numbers followed
 * the first's without a gap, so nothing else comes between). */
__attribute__((noinline)) static void drain_fill(EventQueue *q, uint32_t bi)
{
	Batch *b = &q->batches[bi];
	if (b->n > q->drain_cap) {
		q->drain_cap = b->n;
		free(q->drain);
		q->drain = malloc(q->drain_cap * sizeof *q->drain);
		SIM_CHECK(q->drain != NULL);
	}
	memcpy(q->drain, b->m, b->n * sizeof *b->m);
	q->drain_head = 0;
	q->drain_len = b->n;
	b->next_free = q->batch_free;
	q->batch_free = bi;
}

bool evq_pop_until(EventQueue *q, SimTime limit, Event *out)
{
	if (q->drain_len > 0) {
		q->last_ok = false;
		*out = (Event){ .time = q->now, .fn = q->drain_fn, .obj = q->drain[q->drain_head].obj,
		                .arg = q->drain[q->drain_head].arg };
		q->drain_head++;
		q->drain_len--;
		return true;
	}
	Heap *h = first_heap(q);
	uint32_t s;
	if (q->lane_live > 0 && (!h || h->e[0].time > q->now)) {
		if (q->now > limit)
			return false;
		s = q->lane[q->lane_head].slot;
		q->lane_head = (q->lane_head + 1) & (q->lane_cap - 1);
		q->lane_len--;
		q->lane_live--;
		out->time = q->now;
		lane_trim(q);
	} else if (h) {
		Entry top = h->e[0];
		if (top.time > limit)
			return false;
		s = (uint32_t)(top.key & SLOT_MASK);
		if (--h->n > 0)
			sift_down(q, h, 0, h->e[h->n]);
		q->now = top.time;
		out->time = top.time;
	} else {
		return false;
	}
	const Slot *sl = &q->slots[s];
	out->fn = sl->fn;
	out->obj = sl->obj;
	out->arg = sl->arg;
	if (sl->batch != NO_BATCH) {
		q->drain_fn = sl->fn;
		drain_fill(q, sl->batch);
	}
	q->last_ok = false;
	free_slot(q, s);
	return true;
}

uint32_t evq_take_batch(EventQueue *q, const EventMember **members)
{
	uint32_t n = q->drain_len;
	*members = n ? q->drain + q->drain_head : NULL;
	q->drain_len = 0;
	return n;
}

bool evq_pop(EventQueue *q, Event *out)
{
	return evq_pop_until(q, INT64_MAX, out);
}

bool evq_peek_time(const EventQueue *q, SimTime *t)
{
	const Heap *n = &q->heaps[IN_NEAR], *f = &q->heaps[IN_FAR];
	const Heap *h = n->n == 0 ? (f->n ? f : NULL) : f->n == 0 ? n : before(&f->e[0], &n->e[0]) ? f : n;
	if (q->drain_len > 0 || (q->lane_live > 0 && (!h || h->e[0].time > q->now))) {
		*t = q->now;
		return true;
	}
	if (!h)
		return false;
	*t = h->e[0].time;
	return true;
}

uint64_t evq_size(const EventQueue *q)
{
	uint64_t n = q->heaps[IN_NEAR].n + q->heaps[IN_FAR].n + q->lane_live + q->drain_len;
	for (int k = 0; k < 2; k++)                     /* members waiting in batches */
		for (uint32_t i = 0; i < q->heaps[k].n; i++) {
			const Slot *sl = &q->slots[q->heaps[k].e[i].key & SLOT_MASK];
			if (sl->batch != NO_BATCH)
				n += q->batches[sl->batch].n;
		}
	return n;
}

uint64_t evq_pushed(const EventQueue *q) { return q->seq; }
