/*
 * record.h — the compact record that flows through Kafka logs and task channels.
 *
 * One 16-byte layout serves both streams of the Click Event Count job, so logs and
 * buffers are plain arrays (no allocation or JSON per record):
 *   ClickEvent           ts_ms = event timestamp,  page, count = 0
 *   ClickEventStatistics ts_ms = window start,     page, count = clicks in the window
 *                        (window end = start + CLICK_WINDOW_MS: the job's only window size)
 * Kafka-only fields: ctrl marks transaction markers, producer is the producer id.
 */
#ifndef RECORD_H
#define RECORD_H

#include <stdint.h>

#define CLICK_WINDOW_MS 15000      /* the job's tumbling window, 15 s */
#define CLICK_PAGES     6

enum RecordCtrl {
	REC_DATA = 0,                  /* an ordinary record */
	REC_COMMIT_MARKER = 1,         /* Kafka transaction commit marker (takes an offset) */
	REC_ABORT_MARKER = 2           /* Kafka transaction abort marker (takes an offset) */
};

typedef struct Record {
	int64_t  ts_ms;                /* event time or window start, ms since 1970 */
	int32_t  count;                /* statistics: clicks per window and page; 0 for clicks */
	uint8_t  page;                 /* index into the page table (0..5) */
	uint8_t  ctrl;                 /* enum RecordCtrl */
	uint16_t producer;             /* Kafka producer id (0 = non-transactional) */
} Record;

_Static_assert(sizeof(Record) == 16, "Record must stay 16 bytes");

#endif
