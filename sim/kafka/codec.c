/*
 * codec.c — JSON values and serialized sizes of the job's two record types (see codec.h).
 *
 * The JSON texts are a fixed shape, produced millions of times per simulated hour, so
 * they are written and parsed by hand rather than through a general JSON library. The
 * parser accepts exactly what the writer produces and nothing else.
 */
#include "codec.h"

#include <stdio.h>
#include <string.h>

#include "../core/check.h"
#include "../core/timefmt.h"

/* The generator's pages, in its round-robin order (ClickEventGenerator.pages). */
static const char *const page_names[CODEC_PAGES] = {
	"/help", "/index", "/shop", "/jobs", "/about", "/news"
};
static const uint8_t page_lens[CODEC_PAGES] = { 5, 6, 5, 5, 6, 5 };

/* Instants whose year prints with exactly four digits: [0000-01-01, 10000-01-01). */
#define TS_FOUR_DIGIT_MIN (-62167219200000LL)
#define TS_FOUR_DIGIT_END 253402300800000LL

#define IN_PREFIX   "{\"timestamp\":\""
#define IN_PAGE     "\",\"page\":\""
#define IN_SUFFIX   "\"}"
#define OUT_PREFIX  "{\"windowStart\":\""
#define OUT_END     "\",\"windowEnd\":\""
#define OUT_PAGE    "\",\"page\":\""
#define OUT_COUNT   "\",\"count\":"
#define OUT_SUFFIX  "}"
#define LIT(s)      (sizeof(s) - 1)

const char *codec_page_name(int page)
{
	return page >= 0 && page < CODEC_PAGES ? page_names[page] : NULL;
}

int codec_page_index(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < CODEC_PAGES; i++)
		if (strcmp(name, page_names[i]) == 0)
			return i;
	return -1;
}

static int page_index_n(const char *s, size_t n)
{
	for (int i = 0; i < CODEC_PAGES; i++)
		if (n == page_lens[i] && memcmp(s, page_names[i], n) == 0)
			return i;
	return -1;
}

static const char *page_of(const Record *r)
{
	SIM_CHECK(r->page < CODEC_PAGES);
	return page_names[r->page];
}

static size_t page_len(const Record *r)
{
	SIM_CHECK(r->page < CODEC_PAGES);
	return page_lens[r->page];
}

static size_t written(int n)
{
	return n < 0 ? 0 : (size_t)n;
}

size_t codec_input_json(const Record *r, char *buf, size_t len)
{
	char ts[40];
	timefmt_playground(r->ts_ms, ts, sizeof ts);
	return written(snprintf(buf, len, IN_PREFIX "%s" IN_PAGE "%s" IN_SUFFIX, ts, page_of(r)));
}

size_t codec_output_json(const Record *r, char *buf, size_t len)
{
	char start[40], end[40];
	timefmt_playground(r->ts_ms, start, sizeof start);
	timefmt_playground(r->ts_ms + CLICK_WINDOW_MS, end, sizeof end);
	return written(snprintf(buf, len, OUT_PREFIX "%s" OUT_END "%s" OUT_PAGE "%s" OUT_COUNT "%d" OUT_SUFFIX,
	                        start, end, page_of(r), (int)r->count));
}

static size_t ts_len(int64_t ms)
{
	if (ms >= TS_FOUR_DIGIT_MIN && ms < TS_FOUR_DIGIT_END)
		return TIMEFMT_PLAYGROUND_LEN;
	char ts[40];
	return timefmt_playground(ms, ts, sizeof ts);
}

static size_t decimal_len(int32_t v)
{
	size_t n = v < 0 ? 2 : 1;
	uint32_t u = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;
	while (u >= 10) {
		u /= 10;
		n++;
	}
	return n;
}

size_t codec_input_json_len(const Record *r)
{
	return LIT(IN_PREFIX) + ts_len(r->ts_ms) + LIT(IN_PAGE) + page_len(r) + LIT(IN_SUFFIX);
}

size_t codec_output_json_len(const Record *r)
{
	return LIT(OUT_PREFIX) + ts_len(r->ts_ms) + LIT(OUT_END) + ts_len(r->ts_ms + CLICK_WINDOW_MS) +
	       LIT(OUT_PAGE) + page_len(r) + LIT(OUT_COUNT) + decimal_len(r->count) + LIT(OUT_SUFFIX);
}

/* A cursor over the text being parsed: every step either consumes what it expects or fails. */
typedef struct Cursor {
	const char *p;      /* next unread byte */
	const char *end;    /* one past the last byte */
} Cursor;

static bool eat(Cursor *c, const char *lit, size_t n)
{
	if ((size_t)(c->end - c->p) < n || memcmp(c->p, lit, n) != 0)
		return false;
	c->p += n;
	return true;
}
#define EAT(c, lit) eat((c), (lit), LIT(lit))

static bool eat_ts(Cursor *c, int64_t hint_ms, int64_t *ms)
{
	if ((size_t)(c->end - c->p) < TIMEFMT_PLAYGROUND_LEN ||
	    !timefmt_parse_playground(c->p, TIMEFMT_PLAYGROUND_LEN, hint_ms, ms))
		return false;
	c->p += TIMEFMT_PLAYGROUND_LEN;
	return true;
}

/* A page name up to (not including) the closing quote. */
static bool eat_page(Cursor *c, int *page)
{
	const char *q = memchr(c->p, '"', (size_t)(c->end - c->p));
	if (!q || (*page = page_index_n(c->p, (size_t)(q - c->p))) < 0)
		return false;
	c->p = q;
	return true;
}

/* A JSON non-negative integer without leading zeros, at most INT32_MAX. */
static bool eat_count(Cursor *c, int32_t *out)
{
	int64_t v = 0;
	const char *start = c->p;
	while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
		v = v * 10 + (*c->p - '0');
		if (v > INT32_MAX)
			return false;
		c->p++;
	}
	if (c->p == start || (c->p - start > 1 && *start == '0'))
		return false;
	*out = (int32_t)v;
	return true;
}

bool codec_parse_input(const char *json, size_t n, int64_t hint_ms, Record *out)
{
	Cursor c = { json, json + n };
	int64_t ts;
	int page;

	if (!EAT(&c, IN_PREFIX) || !eat_ts(&c, hint_ms, &ts) || !EAT(&c, IN_PAGE) ||
	    !eat_page(&c, &page) || !EAT(&c, IN_SUFFIX) || c.p != c.end)
		return false;
	*out = (Record){ .ts_ms = ts, .count = 0, .page = (uint8_t)page, .ctrl = REC_DATA, .producer = 0 };
	return true;
}

bool codec_parse_output(const char *json, size_t n, int64_t hint_ms, Record *out)
{
	Cursor c = { json, json + n };
	int64_t start, end;
	int page;
	int32_t count;

	if (!EAT(&c, OUT_PREFIX) || !eat_ts(&c, hint_ms, &start) || !EAT(&c, OUT_END) ||
	    !eat_ts(&c, start + CLICK_WINDOW_MS, &end) || end != start + CLICK_WINDOW_MS ||
	    !EAT(&c, OUT_PAGE) || !eat_page(&c, &page) || !EAT(&c, OUT_COUNT) ||
	    !eat_count(&c, &count) || !EAT(&c, OUT_SUFFIX) || c.p != c.end)
		return false;
	*out = (Record){ .ts_ms = start, .count = count, .page = (uint8_t)page, .ctrl = REC_DATA, .producer = 0 };
	return true;
}

size_t codec_input_serialized_bytes(const Record *r)
{
	return 4 + 8 + 1 + 2 + page_len(r);
}

#define IN_BYTES(len) (4 + 8 + 1 + 2 + (len))
const uint8_t codec_input_bytes_of_page[256] = {
	IN_BYTES(5), IN_BYTES(6), IN_BYTES(5), IN_BYTES(5), IN_BYTES(6), IN_BYTES(5)
};
_Static_assert(CODEC_PAGES == 6, "codec_input_bytes_of_page lists six pages");

#define IN_FIXED(len) (LIT(IN_PREFIX) + TIMEFMT_PLAYGROUND_LEN + LIT(IN_PAGE) + (len) + LIT(IN_SUFFIX))
const uint8_t codec_input_json_bytes_of_page[CODEC_PAGES] = {
	IN_FIXED(5), IN_FIXED(6), IN_FIXED(5), IN_FIXED(5), IN_FIXED(6), IN_FIXED(5)
};

uint64_t codec_input_json_len_run(const Record *recs, size_t n)
{
	static const uint8_t fixed[8] = {
		IN_FIXED(5), IN_FIXED(6), IN_FIXED(5), IN_FIXED(5), IN_FIXED(6), IN_FIXED(5), 0, 0
	};
	/* Four-digit years (every clock the playground can have) take the table, without a
	 * branch per record; any other record is measured by codec_input_json_len after. */
	uint64_t sum = 0;
	size_t other = 0;
	for (size_t i = 0; i < n; i++) {
		const Record *r = &recs[i];
		bool table = r->page < CODEC_PAGES && r->ts_ms >= TS_FOUR_DIGIT_MIN && r->ts_ms < TS_FOUR_DIGIT_END;
		sum += table ? fixed[r->page & 7] : 0;
		other += !table;
	}
	for (size_t i = 0; other > 0 && i < n; i++) {
		const Record *r = &recs[i];
		if (!(r->page < CODEC_PAGES && r->ts_ms >= TS_FOUR_DIGIT_MIN && r->ts_ms < TS_FOUR_DIGIT_END)) {
			sum += codec_input_json_len(r);
			other--;
		}
	}
	return sum;
}

size_t codec_output_serialized_bytes(const Record *r)
{
	return 4 + 8 + 8 + 2 + page_len(r) + 8 + 1;
}
