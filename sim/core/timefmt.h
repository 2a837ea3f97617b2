/*
 * timefmt.h — the playground's timestamp texts, in UTC.
 *
 * Models Jackson's @JsonFormat(pattern = "dd-MM-yyyy hh:mm:ss:SSS", timezone = "UTC") on the
 * ClickEvent and ClickEventStatistics dates (12-hour `hh` without an AM/PM marker: hours
 * 0 and 12 print "12", 13 prints "01"), and the Flink CLI's "dd.MM.yyyy HH:mm:ss" used by
 * `flink list`. Dates use the proleptic Gregorian calendar; years print with at least four
 * digits. Pure functions; exported prefix timefmt_.
 */
#ifndef TIMEFMT_H
#define TIMEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TIMEFMT_PLAYGROUND_LEN 23    /* chars of "dd-MM-yyyy hh:mm:ss:SSS" for years 0..9999 */

/* Writes ms (since 1970, UTC) as "dd-MM-yyyy hh:mm:ss:SSS" into buf, NUL-terminated and
 * truncated like snprintf; returns the length of the full text (23 for years 0..9999). */
size_t timefmt_playground(int64_t ms_since_epoch, char *buf, size_t len);

/* Parses exactly n bytes of "dd-MM-yyyy hh:mm:ss:SSS" (strict: two-digit fields, 01 ≤ hh ≤ 12,
 * a valid calendar date, four-digit year) into ms since 1970. The text does not say AM or
 * PM, so of the two candidate instants the one closest to hint_ms is chosen (exact when the
 * true time is within 6 hours of hint_ms). Returns false, leaving *ms alone, on any
 * deviation from the pattern. */
bool timefmt_parse_playground(const char *s, size_t n, int64_t hint_ms, int64_t *ms);

/* Writes ms (since 1970, UTC) as the CLI's "dd.MM.yyyy HH:mm:ss" (24-hour); snprintf rules. */
size_t timefmt_cli(int64_t ms, char *buf, size_t len);

#endif
