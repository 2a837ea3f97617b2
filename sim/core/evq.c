/*
 * evq.c — binary min-heap of slot indices, keyed by (time, seq).
 *
 * Invariants: heap[i] is a live slot; slots[heap[i]].pos == i; a free slot has pos == -1
 * and sits on the free list. An EventId packs (generation << 32 | slot + 1); the
 * generation changes each time a slot is reused, so cancelling a stale id does nothing.
 */
#include "evq.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"

typedef struct Slot {
	Event    ev;                   /* the event */
	int32_t  pos;                  /* index in heap, -1 when free */
	uint32_t gen;                  /* bumped on every reuse */
	uint32_t next_free;            /* free-list link (slot index) */
} Slot;

struct EventQueue {
	Slot     *slots;               /* slot storage */
	uint32_t *heap;                /* slot indices, heap-ordered */
	uint32_t  nheap;               /* live events */
	uint32_t  cap;                 /* slots allocated */
	uint32_t  free_head;           /* first free slot, UINT32_MAX if none */
	uint64_t  seq;                 /* next insertion sequence number */
};

EventQueue *evq_create(void)
{
	EventQueue *q = calloc(1, sizeof *q);
	SIM_CHECK(q != NULL);
	q->free_head = UINT32_MAX;
	return q;
}

void evq_destroy(EventQueue *q)
{
	if (!q)
		return;
	free(q->slots);
	free(q->heap);
	free(q);
}

static inline bool before(const Slot *a, const Slot *b)
{
	return a->ev.time < b->ev.time || (a->ev.time == b->ev.time && a->ev.seq < b->ev.seq);
}

static void place(EventQueue *q, uint32_t i, uint32_t slot)
{
	q->heap[i] = slot;
	q->slots[slot].pos = (int32_t)i;
}

static void sift_up(EventQueue *q, uint32_t i)
{
	uint32_t slot = q->heap[i];
	while (i > 0) {
		uint32_t parent = (i - 1) / 2;
		if (!before(&q->slots[slot], &q->slots[q->heap[parent]]))
			break;
		place(q, i, q->heap[parent]);
		i = parent;
	}
	place(q, i, slot);
}

static void sift_down(EventQueue *q, uint32_t i)
{
	uint32_t slot = q->heap[i];
	for (;;) {
		uint32_t c = 2 * i + 1;
		if (c >= q->nheap)
			break;
		if (c + 1 < q->nheap && before(&q->slots[q->heap[c + 1]], &q->slots[q->heap[c]]))
			c++;
		if (!before(&q->slots[q->heap[c]], &q->slots[slot]))
			break;
		place(q, i, q->heap[c]);
		i = c;
	}
	place(q, i, slot);
}

static uint32_t alloc_slot(EventQueue *q)
{
	if (q->free_head == UINT32_MAX) {
		uint32_t old = q->cap, cap = old ? old * 2 : 256;
		q->slots = realloc(q->slots, cap * sizeof *q->slots);
		q->heap = realloc(q->heap, cap * sizeof *q->heap);
		SIM_CHECK(q->slots && q->heap);
		for (uint32_t i = old; i < cap; i++) {
			q->slots[i].pos = -1;
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
	q->slots[s].pos = -1;
	q->slots[s].gen++;
	q->slots[s].next_free = q->free_head;
	q->free_head = s;
}

EventId evq_push(EventQueue *q, SimTime t, EventFn fn, void *obj, uint64_t arg)
{
	uint32_t s = alloc_slot(q);
	Slot *sl = &q->slots[s];
	sl->ev = (Event){ .time = t, .seq = q->seq++, .fn = fn, .obj = obj, .arg = arg };
	q->heap[q->nheap] = s;
	sl->pos = (int32_t)q->nheap++;
	sift_up(q, (uint32_t)sl->pos);
	return ((uint64_t)sl->gen << 32) | (uint64_t)(s + 1);
}

static Slot *lookup(const EventQueue *q, EventId id)
{
	uint32_t s = (uint32_t)(id & 0xffffffffu);
	if (s == 0 || s > q->cap)
		return NULL;
	Slot *sl = &q->slots[s - 1];
	if (sl->pos < 0 || sl->gen != (uint32_t)(id >> 32))
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
	uint32_t i = (uint32_t)sl->pos, s = (uint32_t)(sl - q->slots);
	uint32_t last = q->heap[--q->nheap];
	free_slot(q, s);
	if (i < q->nheap) {
		place(q, i, last);
		sift_up(q, i);
		sift_down(q, (uint32_t)q->slots[last].pos);
	}
	return true;
}

bool evq_pop(EventQueue *q, Event *out)
{
	if (q->nheap == 0)
		return false;
	uint32_t s = q->heap[0];
	*out = q->slots[s].ev;
	uint32_t last = q->heap[--q->nheap];
	free_slot(q, s);
	if (q->nheap > 0) {
		place(q, 0, last);
		sift_down(q, 0);
	}
	return true;
}

bool evq_peek_time(const EventQueue *q, SimTime *t)
{
	if (q->nheap == 0)
		return false;
	*t = q->slots[q->heap[0]].ev.time;
	return true;
}

uint64_t evq_size(const EventQueue *q) { return q->nheap; }
uint64_t evq_pushed(const EventQueue *q) { return q->seq; }
