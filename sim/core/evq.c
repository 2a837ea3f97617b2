/*
 * evq.c — the event queue: a 4-ary min-heap with its keys inline, and a FIFO lane for
 * events due at the current instant.
 *
 * Heap entries hold their key — (time, insertion sequence << 24 | slot) — so sifting reads
 * one array, never the slots; a slot holds the handler, its arguments and its heap position.
 * Most events a handler schedules are due at once (a buffer's arrival wakes its task, an
 * answer starts the next request): pushes at the time of the last popped event go to the
 * FIFO lane instead of the heap. Order stays exactly (time, sequence): every heap entry due
 * at that instant was pushed before the clock reached it, so before any lane entry; hence
 * a pop takes the heap's top when it is due now, else the lane's head.
 *
 * Invariants: heap[i] is a live slot; slots[heap[i] slot].pos == i; a slot in the lane has
 * pos == POS_LANE; a free slot has pos == POS_FREE and sits on the free list. A cancelled
 * lane entry stays in the ring (its generation no longer matches) and is skipped; the
 * ring's head is always live. An EventId packs (generation << 32 | slot + 1); the
 * generation changes each time a slot is reused, so cancelling a stale id does nothing.
 */
#include "evq.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"

#define ARITY      4
#define SLOT_BITS  24                     /* live events ≤ 16 M */
#define SLOT_MASK  ((1u << SLOT_BITS) - 1)
#define POS_FREE   (-1)
#define POS_LANE   (-2)
#define NO_BATCH   UINT32_MAX

typedef struct Member {
	void    *obj;
	uint64_t arg;
} Member;

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
	int32_t  pos;                  /* index in heap, POS_LANE or POS_FREE */
	uint32_t gen;                  /* bumped on every reuse; also the free-list link's owner */
	uint32_t next_free;            /* free-list link (slot index) */
} Slot;

typedef struct Entry {
	SimTime  time;                 /* when it fires, µs */
	uint64_t key;                  /* sequence << SLOT_BITS | slot: ties break by sequence */
} Entry;

typedef struct LaneEntry {
	uint32_t slot, gen;            /* live while the slot still has this generation */
} LaneEntry;

struct EventQueue {
	Slot     *slots;               /* slot storage */
	uint32_t  cap;                 /* slots allocated */
	uint32_t  free_head;           /* first free slot, UINT32_MAX if none */
	Entry    *heap;                /* heap-ordered */
	uint32_t  nheap;               /* entries in the heap */
	LaneEntry *lane;               /* ring of events due at `now`, in push order */
	uint32_t  lane_cap, lane_head, lane_len, lane_live; /* ring size (power of two), … */
	SimTime   now;                 /* time of the last popped event */
	uint64_t  seq;                 /* next insertion sequence number */
	uint32_t  last_slot, last_gen; /* the event pushed last, if batchable (last_ok) */
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
	free(q->heap);
	free(q->lane);
	for (uint32_t i = 0; i < q->nbatches; i++)
		free(q->batches[i].m);
	free(q->batches);
	free(q->drain);
	free(q);
}

static inline bool before(const Entry *a, const Entry *b)
{
	return a->time < b->time || (a->time == b->time && a->key < b->key);
}

static inline void place(EventQueue *q, uint32_t i, Entry e)
{
	q->heap[i] = e;
	q->slots[e.key & SLOT_MASK].pos = (int32_t)i;
}

static void sift_up(EventQueue *q, uint32_t i, Entry e)
{
	while (i > 0) {
		uint32_t parent = (i - 1) / ARITY;
		if (!before(&e, &q->heap[parent]))
			break;
		place(q, i, q->heap[parent]);
		i = parent;
	}
	place(q, i, e);
}

static void sift_down(EventQueue *q, uint32_t i, Entry e)
{
	for (;;) {
		uint32_t c = ARITY * i + 1;
		if (c >= q->nheap)
			break;
		uint32_t end = c + ARITY < q->nheap ? c + ARITY : q->nheap, best = c;
		for (uint32_t k = c + 1; k < end; k++)
			if (before(&q->heap[k], &q->heap[best]))
				best = k;
		if (!before(&q->heap[best], &e))
			break;
		place(q, i, q->heap[best]);
		i = best;
	}
	place(q, i, e);
}

static uint32_t alloc_slot(EventQueue *q)
{
	if (q->free_head == UINT32_MAX) {
		uint32_t old = q->cap, cap = old ? old * 2 : 256;
		SIM_CHECK(cap - 1 <= SLOT_MASK);
		q->slots = realloc(q->slots, cap * sizeof *q->slots);
		q->heap = realloc(q->heap, cap * sizeof *q->heap);
		SIM_CHECK(q->slots && q->heap);
		for (uint32_t i = old; i < cap; i++) {
			q->slots[i].pos = POS_FREE;
			q->slots[i].gen = 0;
			q->slots[i].next_free = (i + 1 < cap) ? i + 1 : UINT32_MAX;
		}
		q->free_head = old;
		q->cap = cap;
	}
	uint32_t s = q->free_head;
	q->free_head = q->slots[s].next_free;
	return s;
}

static void free_slot(EventQueue *q, uint32_t s)
{
	q->slots[s].pos = POS_FREE;
	q->slots[s].gen++;
	q->slots[s].next_free = q->free_head;
	q->free_head = s;
}

static void lane_push(EventQueue *q, uint32_t s)
{
	if (q->lane_len == q->lane_cap) {
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
	q->lane[(q->lane_head + q->lane_len++) & (q->lane_cap - 1)] = (LaneEntry){ s, q->slots[s].gen };
	q->slots[s].pos = POS_LANE;
	q->lane_live++;
}

static inline bool lane_entry_live(const EventQueue *q, LaneEntry e)
{
	return q->slots[e.slot].gen == e.gen && q->slots[e.slot].pos == POS_LANE;
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
		Entry e = { .time = t, .key = seq << SLOT_BITS | s };
		sift_up(q, q->nheap++, e);
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

static void batch_release(EventQueue *q, uint32_t b)
{
	q->batches[b].next_free = q->batch_free;
	q->batch_free = b;
}

void evq_push_batch(EventQueue *q, SimTime t, EventFn fn, void *obj, uint64_t arg)
{
	if (q->last_ok) {
		Slot *last = &q->slots[q->last_slot];
		bool pending = last->gen == q->last_gen && last->pos != POS_FREE;
		SimTime when = last->pos == POS_LANE ? q->now : pending ? q->heap[last->pos].time : -1;
		if (pending && last->fn == fn && when == t) {
			if (last->batch == NO_BATCH)
				last->batch = batch_new(q);
			Batch *b = &q->batches[last->batch];
			if (b->n == b->cap) {
				b->cap = b->cap ? 2 * b->cap : 8;
				b->m = realloc(b->m, b->cap * sizeof *b->m);
				SIM_CHECK(b->m != NULL);
			}
			b->m[b->n++] = (Member){ obj, arg };
			q->seq++;                /* it counts as pushed (evq_pushed) */
			return;
		}
	}
	EventId id = evq_push(q, t, fn, obj, arg);
	q->last_slot = (uint32_t)(id & 0xffffffffu) - 1;
	q->last_gen = (uint32_t)(id >> 32);
	q->last_ok = true;
}

static Slot *lookup(const EventQueue *q, EventId id)
{
	uint32_t s = (uint32_t)(id & 0xffffffffu);
	if (s == 0 || s > q->cap)
		return NULL;
	Slot *sl = &q->slots[s - 1];
	if (sl->pos == POS_FREE || sl->gen != (uint32_t)(id >> 32))
		return NULL;
	return sl;
}

bool evq_pending(const EventQueue *q, EventId id)
{
	return lookup(q, id) != NULL;
}

static void heap_remove(EventQueue *q, uint32_t i)
{
	Entry last = q->heap[--q->nheap];
	if (i < q->nheap) {
		if (i > 0 && before(&last, &q->heap[(i - 1) / ARITY]))
			sift_up(q, i, last);
		else
			sift_down(q, i, last);
	}
}

bool evq_cancel(EventQueue *q, EventId id)
{
	Slot *sl = lookup(q, id);
	if (!sl)
		return false;
	uint32_t s = (uint32_t)(sl - q->slots);
	if (sl->pos == POS_LANE) {
		free_slot(q, s);
		q->lane_live--;
		lane_trim(q);
		return true;
	}
	uint32_t i = (uint32_t)sl->pos;
	free_slot(q, s);
	heap_remove(q, i);
	return true;
}

/* The members of a popped batch run next, in push order (their sequence numbers followed
 * the first's without a gap, so nothing else comes between). */
static void drain_fill(EventQueue *q, uint32_t bi)
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
	batch_release(q, bi);
}

bool evq_pop(EventQueue *q, Event *out)
{
	uint32_t s;
	if (q->drain_len > 0) {
		q->last_ok = false;
		*out = (Event){ .time = q->now, .fn = q->drain_fn, .obj = q->drain[q->drain_head].obj,
		                .arg = q->drain[q->drain_head].arg };
		q->drain_head++;
		q->drain_len--;
		return true;
	}
	if (q->lane_live > 0 && (q->nheap == 0 || q->heap[0].time > q->now)) {
		s = q->lane[q->lane_head].slot;
		q->lane_head = (q->lane_head + 1) & (q->lane_cap - 1);
		q->lane_len--;
		q->lane_live--;
		out->time = q->now;
		out->seq = 0;
	} else if (q->nheap > 0) {
		Entry top = q->heap[0];
		s = (uint32_t)(top.key & SLOT_MASK);
		heap_remove(q, 0);
		q->now = top.time;
		out->time = top.time;
		out->seq = top.key >> SLOT_BITS;
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
	lane_trim(q);
	return true;
}

bool evq_peek_time(const EventQueue *q, SimTime *t)
{
	if (q->drain_len > 0 || (q->lane_live > 0 && (q->nheap == 0 || q->heap[0].time > q->now))) {
		*t = q->now;
		return true;
	}
	if (q->nheap == 0)
		return false;
	*t = q->heap[0].time;
	return true;
}

uint64_t evq_size(const EventQueue *q)
{
	uint64_t n = q->nheap + q->lane_live + q->drain_len;
	for (uint32_t i = 0; i < q->nheap; i++)          /* members waiting in batches */
		if (q->slots[q->heap[i].key & SLOT_MASK].batch != NO_BATCH)
			n += q->batches[q->slots[q->heap[i].key & SLOT_MASK].batch].n;
	return n;
}
uint64_t evq_pushed(const EventQueue *q) { return q->seq; }
