/*
 * timefmt.h — the playground's timestamp texts, in UTC.
 *
 * Models Jackson's @JsonFormat(pattern = "dd-MM-yyyy hh:mm:ss:SSS", timezone = "UTC") on the
 * ClickEvent and ClickEventStatistics dates (12-hour `hh` without an AM/PM marker: hours
 * 0 and 12 print "12", 13 prints "01"), and the Flink CLI's "dd.MM.yyyy HH:mm:ss" used by
 * `flink list`. Dates use the proleptic Gregorian calendar; years print with at least four
 * digits. Also the project's one duration parser (the Lua API, flink-conf values, the
 * view's command line) and the strict decimal numbers it is built on. Pure functions;
 * exported prefix timefmt_.
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

/* ---------------------------------------------------------------- durations */

#define TIMEFMT_DURATION_MAX_US ((int64_t)1 << 60)   /* ~36,500 years: longer is nonsense */

typedef enum TimefmtSyntax {
	TIMEFMT_UNIT_REQUIRED,  /* "250ms", "1.5s", "1m30s", "1h2m3.5s": every number has a unit (Lua API) */
	TIMEFMT_BARE_SECONDS,   /* the same, and a bare number is seconds: "60", "1.5" (command lines) */
	TIMEFMT_FLINK           /* a flink-conf value, as Flink's TimeUtils.parseDuration: one number,
	                         * optional spaces, a unit label in any case ("10 s", "1 min", "500 ms",
	                         * "2 hours"); a bare number is milliseconds */
} TimefmtSyntax;

/* Parses a duration into µs. Numbers are decimal only: digits with an optional fraction
 * ("1.5", ".5"); no sign, hex, exponent, inf or nan. Units ms, s, m, h (TIMEFMT_FLINK: also
 * Flink's labels, d, µs); in compound forms each unit at most once, from larger to smaller.
 * Exact decimal arithmetic, rounded half up to the µs. Returns false on anything else or
 * past TIMEFMT_DURATION_MAX_US, with the reason (not the value) in err; *out_us untouched. */
bool timefmt_parse_duration(const char *s, TimefmtSyntax syntax, int64_t *out_us, char *err, size_t errlen);
/* A duration given as a number of seconds (a Lua number): false for NaN, ±inf, negative or
 * past TIMEFMT_DURATION_MAX_US, with the reason in err. */
bool timefmt_duration_from_seconds(double seconds, int64_t *out_us, char *err, size_t errlen);
/* A strict decimal number, the whole of s: "10", "0.5", ".5". No sign, spaces, hex,
 * exponent, inf or nan. */
bool timefmt_parse_decimal(const char *s, double *out);

#endif
