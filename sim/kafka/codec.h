/*
 * codec.h — the Click Event Count records as bytes: Kafka JSON values and Flink's
 * network-serialized sizes.
 *
 * Models the playground's Jackson (de)serializers: ClickEvent and ClickEventStatistics
 * as JSON with the fields in declaration order and dates as "dd-MM-yyyy hh:mm:ss:SSS" UTC
 * (see timefmt.h), and the size Flink's PojoSerializer puts on the wire for each, which
 * drives numBytesIn/Out and buffer filling. The page table (order of the generator) lives
 * here. Exported prefix codec_.
 *
 *   input:  {"timestamp":"01-01-1970 12:00:00:000","page":"/help"}
 *   output: {"windowStart":"01-01-1970 12:00:15:000","windowEnd":"01-01-1970 12:00:30:000","page":"/jobs","count":1000}
 */
#ifndef CODEC_H
#define CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/record.h"

#define CODEC_PAGES CLICK_PAGES            /* pages: /help /index /shop /jobs /about /news */

/* Name of page index 0..CODEC_PAGES-1 (a static string), NULL if out of range. */
const char *codec_page_name(int page);
/* Index of a page name, -1 if unknown (NULL is unknown). */
int codec_page_index(const char *name);

/* Writes a ClickEvent (r->ts_ms, r->page) as the generator's JSON value into buf,
 * NUL-terminated and truncated like snprintf; returns the full length. */
size_t codec_input_json(const Record *r, char *buf, size_t len);
/* Writes ClickEventStatistics (window [r->ts_ms, r->ts_ms + CLICK_WINDOW_MS), r->page,
 * r->count) as the job's JSON value; snprintf rules. */
size_t codec_output_json(const Record *r, char *buf, size_t len);

/* Length of the JSON value (= Kafka record value size in bytes) without formatting it. */
size_t codec_input_json_len(const Record *r);
size_t codec_output_json_len(const Record *r);

/* Parses exactly n bytes of the input JSON (no whitespace, fields in order, a known page)
 * into *out (count 0, data record, producer 0). The timestamp text has no AM/PM: the
 * instant closest to hint_ms is taken (exact within 6 h). Returns false on anything else,
 * leaving *out alone. */
bool codec_parse_input(const char *json, size_t n, int64_t hint_ms, Record *out);
/* Parses exactly n bytes of the output JSON; windowEnd must equal windowStart +
 * CLICK_WINDOW_MS and count fit 0..INT32_MAX. hint_ms as above, for windowStart. */
bool codec_parse_output(const char *json, size_t n, int64_t hint_ms, Record *out);

/* Bytes Flink's serializer writes for one record on a network channel:
 * ClickEvent 4 (length) + 8 (Date) + 1 (null flag) + 2 (string length) + page chars;
 * ClickEventStatistics 4 + 8 + 8 + 2 + page chars + 8 (count) + 1. */
size_t codec_input_serialized_bytes(const Record *r);
size_t codec_output_serialized_bytes(const Record *r);
/* codec_input_serialized_bytes by page index, for loops over runs of clicks (a table, not
 * a call per record); 0 for a byte that is no page (callers check). */
extern const uint8_t codec_input_bytes_of_page[256];
/* codec_input_json_len by page for timestamps whose year has four digits (every clock of
 * the playground: the generator's, the machines'). */
extern const uint8_t codec_input_json_bytes_of_page[CODEC_PAGES];
/* The sum of codec_input_json_len over n records. */
uint64_t codec_input_json_len_run(const Record *recs, size_t n);

#endif
