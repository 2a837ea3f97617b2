/* buffer.c — a free list of network buffers; see buffer.h. */
#include "buffer.h"

#include <stdlib.h>

#include "../core/check.h"

#define EVENT_SLAB 256             /* event headers allocated at a time */

typedef struct Slab {
	struct Slab *next;
	Buffer      *first;            /* EVENT_SLAB headers, back to back */
} Slab;

struct BufferPool {
	Buffer  *free;                 /* recycled data buffers */
	Buffer  *free_events;          /* recycled event headers */
	Slab    *slabs;                /* where the event headers live */
	uint64_t allocated;            /* data buffers ever allocated */
};

static const size_t DATA_SIZE = sizeof(Buffer) + BUFFER_RECORDS_MAX * sizeof(Record);

BufferPool *buffer_pool_create(void)
{
	BufferPool *p = calloc(1, sizeof *p);
	SIM_CHECK(p != NULL);
	return p;
}

void buffer_pool_destroy(BufferPool *p)
{
	if (!p)
		return;
	while (p->free) {
		Buffer *b = p->free;
		p->free = b->next;
		free(b);
	}
	while (p->slabs) {
		Slab *sl = p->slabs;
		p->slabs = sl->next;
		free(sl->first);
		free(sl);
	}
	free(p);
}

__attribute__((noinline, cold)) static void add_slab(BufferPool *p)
{
	Slab *sl = malloc(sizeof *sl);
	SIM_CHECK(sl != NULL);
	sl->first = malloc(EVENT_SLAB * sizeof(Buffer));
	SIM_CHECK(sl->first != NULL);
	sl->next = p->slabs;
	p->slabs = sl;
	for (int i = EVENT_SLAB - 1; i >= 0; i--) {
		sl->first[i].next = p->free_events;
		p->free_events = &sl->first[i];
	}
}

Buffer *buffer_get(BufferPool *p, BufKind kind)
{
	Buffer *b;
	if (kind != BUF_DATA) {
		if (!p->free_events)
			add_slab(p);
		b = p->free_events;
		p->free_events = b->next;
	} else if ((b = p->free) != NULL) {
		p->free = b->next;
	} else {
		b = malloc(DATA_SIZE);
		SIM_CHECK(b != NULL);
		p->allocated++;
	}
	b->next = NULL;
	b->kind = (uint8_t)kind;
	b->n = 0;
	b->bytes = 0;
	b->backlog = 0;
	b->value = 0;
	b->flags = 0;
	b->refs = 1;
	b->stamp = 0;
	return b;
}

void buffer_put(BufferPool *p, Buffer *b)
{
	if (!b)
		return;
	Buffer **list = b->kind == BUF_DATA ? &p->free : &p->free_events;
	b->next = *list;
	*list = b;
}

uint64_t buffer_pool_allocated(const BufferPool *p) { return p->allocated; }
