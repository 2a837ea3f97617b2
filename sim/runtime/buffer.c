/* buffer.c — a free list of network buffers; see buffer.h. */
#include "buffer.h"

#include <stdlib.h>

#include "../core/check.h"

struct BufferPool {
	Buffer  *free;                 /* recycled buffers */
	uint64_t allocated;            /* buffers ever allocated */
};

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
	free(p);
}

Buffer *buffer_get(BufferPool *p, BufKind kind)
{
	Buffer *b = p->free;
	if (b) {
		p->free = b->next;
	} else {
		b = malloc(sizeof *b);
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
	b->stamp = 0;
	return b;
}

void buffer_put(BufferPool *p, Buffer *b)
{
	if (!b)
		return;
	b->next = p->free;
	p->free = b;
}

uint64_t buffer_pool_allocated(const BufferPool *p) { return p->allocated; }
