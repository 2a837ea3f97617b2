/*
 * buffer.h — Flink's network buffers: 32 KiB memory segments holding serialized records,
 * or one in-band event (watermark, checkpoint barrier, end of partition).
 *
 * A data buffer is "full" when the serialized size of its records reaches 32 KiB; the
 * records themselves stay in compact form. Buffers come from a pool owned by the Sim. An
 * event is only the header (no records): events come from slabs of their own, so a
 * checkpoint barrier broadcast over a 64×64 edge touches 4096 small neighbouring headers,
 * not the first cache line of 4096 separate 32 KiB blocks.
 */
#ifndef BUFFER_H
#define BUFFER_H

#include <stdint.h>

#include "../core/record.h"

#define BUFFER_BYTES       32768   /* memory segment size */
#define BUFFER_RECORDS_MAX 2048    /* compact records a buffer can hold (≥ 32 KiB / min size) */

/* In-band events: a watermark, a checkpoint barrier, the end of a partition, and the
 * stream status (value 1 = IDLE, 0 = ACTIVE: an idle input does not hold back watermarks). */
typedef enum BufKind { BUF_DATA, BUF_WATERMARK, BUF_BARRIER, BUF_END, BUF_STATUS } BufKind;

/* Barrier flags (CheckpointOptions). */
#define CP_FLAG_SAVEPOINT 1       /* a savepoint, always aligned */
#define CP_FLAG_STOP      2       /* stop-with-savepoint (FLIP-34): synchronous, then end */
#define CP_FLAG_DRAIN     4       /* --drain: MAX_WATERMARK before the barrier */

typedef struct Buffer {
	struct Buffer *next;           /* queue link */
	uint8_t  kind;                 /* BufKind */
	int32_t  n;                    /* records held */
	uint32_t bytes;                /* serialized size of those records */
	int32_t  backlog;              /* sender backlog announced with it (credit protocol) */
	int64_t  value;                /* watermark ms, or checkpoint id for barriers */
	int32_t  flags;                /* barrier: checkpoint flags (savepoint, …) */
	int32_t  refs;                 /* event: arrivals still carrying it (a broadcast shares one) */
	int64_t  stamp;                /* barrier: when the checkpoint was triggered, µs */
	Record   recs[];               /* the records: BUFFER_RECORDS_MAX in a data buffer, none in an event */
} Buffer;

typedef struct BufferPool BufferPool;
BufferPool *buffer_pool_create(void);
void buffer_pool_destroy(BufferPool *p);      /* accepts NULL */
Buffer *buffer_get(BufferPool *p, BufKind kind);
void buffer_put(BufferPool *p, Buffer *b);    /* accepts NULL */
uint64_t buffer_pool_allocated(const BufferPool *p);

#endif
