/* trace.c — formats, escapes, hashes and forwards trace lines; see trace.h. */
#include "trace.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

void trace_init(Trace *tr)
{
	tr->hash = 0xcbf29ce484222325ull;
	tr->lines = 0;
}

static void hash_bytes(Trace *tr, const char *p, int n)
{
	uint64_t h = tr->hash;
	for (int i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 0x100000001b3ull;
	tr->hash = h;
}

size_t trace_escape(const char *in, size_t n, char *out, size_t len)
{
	size_t k = 0, i = 0;
	/* The plain prefix (most lines are plain throughout) is copied in one go. */
	while (i < n && i + 1 < len) {
		unsigned char c = (unsigned char)in[i];
		if (c < 0x20 || c == 0x7f || c == '\\')
			break;
		i++;
	}
	memcpy(out, in, i);
	k = i;
	for (; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		bool named = c == '\\' || c == '\n' || c == '\r' || c == '\t', hex = !named && (c < 0x20 || c == 0x7f);
		size_t width = named ? 2 : hex ? 4 : 1;
		if (k + width + 1 > len)
			break;
		if (named) {
			out[k++] = '\\';
			out[k++] = c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : '\\';
		} else if (hex) {
			k += (size_t)snprintf(out + k, len - k, "\\x%02x", c);
		} else {
			out[k++] = (char)c;
		}
	}
	if (len)
		out[k] = '\0';
	return k;
}

/* "<seconds>.<µs, 6 digits> <component> " as the line's head (snprintf's "%lld.%06lld %s ",
 * by hand: a trace line per state change). */
static int line_head(char *head, size_t size, SimTime t, const char *component)
{
	if (t < 0)
		return snprintf(head, size, "%" PRId64 ".%06" PRId64 " %s ", t / 1000000, t % 1000000, component);
	char digits[24];
	int n = 0;
	int64_t sec = t / 1000000, us = t % 1000000;
	do
		digits[n++] = (char)('0' + sec % 10);
	while ((sec /= 10) > 0);
	int k = 0;
	while (n > 0)
		head[k++] = digits[--n];
	head[k++] = '.';
	for (int i = 5; i >= 0; i--, us /= 10)
		head[k + i] = (char)('0' + us % 10);
	k += 6;
	head[k++] = ' ';
	size_t cl = strnlen(component, size - (size_t)k - 2);
	memcpy(head + k, component, cl);
	k += (int)cl;
	head[k++] = ' ';
	head[k] = '\0';
	return k;
}

size_t trace_line(Trace *tr, SimTime t, const char *component, const char *raw, char *text, size_t len)
{
	char head[64];
	/* A name or path from the scenario may hold a line break: the hashed line and the
	 * subscribers' line are the same escaped text, one line each. */
	size_t tn = trace_escape(raw, strlen(raw), text, len);
	int h = line_head(head, sizeof head, t, component);
	hash_bytes(tr, head, h);
	hash_bytes(tr, text, (int)tn);
	hash_bytes(tr, "\n", 1);
	tr->lines++;
	return tn;
}
