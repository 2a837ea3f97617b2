/*
 * test_fmt.c — fmt_snprintf is snprintf: for every directive the model's texts use (and the
 * ones it hands to the C library) the same bytes, the same return value and the same
 * truncation at every buffer size. The trace hash is a hash of such texts, so a single
 * differing byte would change every trace.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/fmt.h"

/* Formats with fmt_vsnprintf and vsnprintf at every size from 0 to past the text. */
static void same(const char *fmt, ...);
static void same(const char *fmt, ...)
{
	char want[512], got[512];
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int wn = vsnprintf(want, sizeof want, fmt, ap);
	int gn = fmt_vsnprintf(got, sizeof got, fmt, ap2);
	va_end(ap2);
	va_end(ap);
	if (wn != gn || strcmp(want, got) != 0)
		fail_msg("format \"%s\": snprintf gave %d \"%s\", fmt gave %d \"%s\"", fmt, wn, want, gn, got);
	for (size_t len = 0; len <= (size_t)wn + 1 && len < sizeof want; len++) {
		memset(want, 'W', sizeof want);
		memset(got, 'W', sizeof got);
		va_start(ap, fmt);
		va_copy(ap2, ap);
		wn = vsnprintf(want, len, fmt, ap);
		gn = fmt_vsnprintf(got, len, fmt, ap2);
		va_end(ap2);
		va_end(ap);
		if (wn != gn || memcmp(want, got, sizeof want) != 0)
			fail_msg("format \"%s\" into %zu bytes: not the bytes snprintf writes", fmt, len);
	}
}

static void test_strings_and_characters(void **state)
{
	(void)state;
	same("plain text, no directive");
	same("%s", "");
	same("Job %s (%s) switched from state %s to %s.", "Click Event Count", "0123abcd", "RUNNING", "FAILING");
	same("%s %-5s %-60s %s- %s", "2024-01-01 00:00:00,000", "INFO", "org.apache.flink.runtime.jobmaster.JobMaster",
	     "[] ", "msg");
	same("[%5s][%-5s][%.2s][%.0s][%.s][%-8.3s][%8.3s][%.10s]", "ab", "ab", "abc", "abc", "abc", "abcdef", "abcdef", "ab");
	same("%c%c[%3c][%-3c]%%[%%]", 'x', 'y', 'z', 'w');
	same("%-60s|", "a logger whose name is longer than the field of sixty characters, by far");
	same("%s", "µs and tabs\tand\nnewlines");
}

static void test_numbers(void **state)
{
	(void)state;
	same("%d %d %d %d %d", 0, 7, -7, INT_MAX, INT_MIN);
	same("%u %u %x %X", 0u, UINT_MAX, 0xdeadbeefu, 0xdeadbeefu);
	same("%ld %ld %lu %lx", LONG_MAX, LONG_MIN, ULONG_MAX, 0x1234abcdul);
	same("%lld %lld %lld %llu %llx", LLONG_MAX, LLONG_MIN, -1ll, ULLONG_MAX, 0xfedcba9876543210ull);
	same("%016llx%016llx %012llx", 0x1ull, 0xabcdefull, 0x42ull);
	same("%04lld-%02lld-%02lld %02lld:%02lld:%02lld,%03lld", 2024ll, 3ll, 9ll, 0ll, 5ll, 59ll, 7ll);
	same("[%04lld][%04lld][%04lld][%02lld]", -5ll, 12345ll, -12345ll, -1ll);
	same("[%5d][%-5d][%05d][%05d][%1d][%x][%08x]", 42, 42, 42, -42, 12345, 255u, 255u);
	same("%lldms %d/%d (%lld bytes)", 1500ll, 1, 3, 0ll);
}

/* Every flag, width and length with every conversion fmt.c writes, built at run time. */
static void test_every_combination(void **state)
{
	(void)state;
	static const char *const flags[] = { "", "-", "0", "-0", "0-" }, *const widths[] = { "", "1", "3", "21" };
	static const long long values[] = { 0, 1, -1, 9, 10, -10, 255, 65535, INT_MAX, INT_MIN, LLONG_MAX, LLONG_MIN };
	static const char *const lengths[] = { "", "l", "ll" }, convs[] = "duxX";
	char f[32];
	for (size_t a = 0; a < 5; a++)
		for (size_t b = 0; b < 4; b++) {
			snprintf(f, sizeof f, "[%%%s%s%s]", flags[a], widths[b], "s");
			if (a != 2 && a != 3 && a != 4)
				same(f, "abc");
			for (size_t c = 0; c < 3; c++)
				for (size_t d = 0; d < 4; d++)
					for (size_t v = 0; v < sizeof values / sizeof values[0]; v++) {
						snprintf(f, sizeof f, "<%%%s%s%s%c>", flags[a], widths[b], lengths[c], convs[d]);
						if (c == 0)
							same(f, (int)values[v]);
						else if (c == 1)
							same(f, (long)values[v]);
						else
							same(f, values[v]);
					}
		}
}

/* What fmt.c leaves to the C library comes out as the C library writes it. */
static void test_handed_to_the_library(void **state)
{
	(void)state;
	same("%+d % d %#x %#o %o", 5, 5, 255u, 8u, 8u);
	same("%*d|%-*s|%.*s", 6, 42, 4, "ab", 2, "abcdef");
	same("%.3d %5.2f %g %e", 7, 3.14159, 0.5, 1e10);
	same("%hd %hhu %zu %p", (short)-3, (unsigned char)200, (size_t)77, (void *)0);
	const char *volatile none = NULL;     /* glibc writes "(null)"; hidden from -Wformat-overflow */
	same("before %s after %d", none, 3);
	same("%5000d", 1);
	same("%ls", L"wide");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings_and_characters),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_every_combination),
		cmocka_unit_test(test_handed_to_the_library),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
