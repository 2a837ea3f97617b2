/* trace.c — formats, hashes and forwards trace lines; see trace.h. */
#include "trace.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

void trace_init(Trace *tr)
{
	tr->hash = 0xcbf29ce484222325ull;
	tr->lines = 0;
	tr->listener = NULL;
	tr->listener_ctx = NULL;
}

static void hash_bytes(Trace *tr, const char *p, int n)
{
	uint64_t h = tr->hash;
	for (int i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 0x100000001b3ull;
	tr->hash = h;
}

void trace_emit(Trace *tr, SimTime t, const char *component, const char *fmt, ...)
{
	char text[512], head[64];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if (n >= (int)sizeof text)
		n = (int)sizeof text - 1;
	int h = snprintf(head, sizeof head, "%" PRId64 ".%06" PRId64 " %s ", t / 1000000, t % 1000000, component);
	hash_bytes(tr, head, h);
	hash_bytes(tr, text, n);
	hash_bytes(tr, "\n", 1);
	tr->lines++;
	if (tr->listener)
		tr->listener(tr->listener_ctx, t, component, text);
}
