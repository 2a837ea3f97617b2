/*
 * keygroup.c — Flink's key-group and Kafka-partition assignment (see keygroup.h).
 *
 * All arithmetic that Java does on `int` is done here on uint32_t and converted back, so
 * overflow wraps exactly as in the JVM instead of being undefined behaviour in C.
 */
#include "keygroup.h"

#include "check.h"

static uint32_t rotl32(uint32_t x, int r)
{
	return (x << r) | (x >> (32 - r));
}

/* Decodes one UTF-8 sequence at *p (advancing it); ill-formed input yields U+FFFD after
 * consuming one byte, like Java's replacing decoder. */
static uint32_t utf8_next(const unsigned char **p)
{
	const unsigned char *s = *p;
	uint32_t c = s[0];
	int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
	static const uint32_t min_cp[5] = { 0, 0, 0x80, 0x800, 0x10000 };

	if (len == 1) {
		*p = s + 1;
		return c;
	}
	if (len == 0)
		goto bad;
	c &= 0x7Fu >> len;
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (s[i] & 0x3Fu);
	}
	if (c < min_cp[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*p = s + len;
	return c;
bad:
	*p = s + 1;
	return 0xFFFD;
}

int32_t java_string_hash(const char *utf8)
{
	const unsigned char *p = (const unsigned char *)utf8;
	uint32_t h = 0;

	while (*p) {
		uint32_t cp = utf8_next(&p);
		if (cp >= 0x10000) {            /* a surrogate pair in UTF-16 */
			cp -= 0x10000;
			h = 31u * h + (0xD800u + (cp >> 10));
			h = 31u * h + (0xDC00u + (cp & 0x3FFu));
		} else {
			h = 31u * h + cp;
		}
	}
	return (int32_t)h;
}

int32_t flink_murmur_hash(int32_t code)
{
	uint32_t c = (uint32_t)code;

	c *= 0xcc9e2d51u;
	c = rotl32(c, 15);
	c *= 0x1b873593u;
	c = rotl32(c, 13);
	c = c * 5u + 0xe6546b64u;
	c ^= 4u;
	/* fmix32 (MathUtils.bitMix) */
	c ^= c >> 16;
	c *= 0x85ebca6bu;
	c ^= c >> 13;
	c *= 0xc2b2ae35u;
	c ^= c >> 16;
	/* Flink: non-negative result; Integer.MIN_VALUE maps to 0. */
	if (c < 0x80000000u)
		return (int32_t)c;
	if (c == 0x80000000u)
		return 0;
	return (int32_t)(0u - c);
}

int keygroup_for_hash(int32_t key_hash, int max_parallelism)
{
	SIM_CHECK(max_parallelism > 0);
	return flink_murmur_hash(key_hash) % max_parallelism;
}

int keygroup_operator_index(int kg, int max_p, int p)
{
	SIM_CHECK(max_p > 0 && p > 0 && p <= max_p && kg >= 0 && kg < max_p);
	return (int)((int64_t)kg * p / max_p);
}

void keygroup_range(int max_p, int p, int subtask, int *first, int *last)
{
	SIM_CHECK(max_p > 0 && p > 0 && p <= max_p && subtask >= 0 && subtask < p);
	*first = (int)(((int64_t)subtask * max_p + p - 1) / p);
	*last = (int)(((int64_t)(subtask + 1) * max_p - 1) / p);
}

static int32_t round_up_to_power_of_two(int32_t x)
{
	uint32_t v = (uint32_t)x - 1u;

	v |= v >> 1;
	v |= v >> 2;
	v |= v >> 4;
	v |= v >> 8;
	v |= v >> 16;
	return (int32_t)(v + 1u);
}

int keygroup_default_max_parallelism(int p)
{
	SIM_CHECK(p > 0 && p <= KEYGROUP_MAX_PARALLELISM);
	int32_t m = round_up_to_power_of_two((int32_t)(p + p / 2));
	if (m < 128)
		m = 128;
	if (m > KEYGROUP_MAX_PARALLELISM)
		m = KEYGROUP_MAX_PARALLELISM;
	return (int)m;
}

int kafka_partition_owner(const char *topic, int partition, int num_readers)
{
	SIM_CHECK(num_readers > 0 && partition >= 0);
	uint32_t h = (uint32_t)java_string_hash(topic) * 31u;
	int start = (int)((h & 0x7fffffffu) % (uint32_t)num_readers);
	return (int)(((int64_t)start + partition) % num_readers);
}
