/*
 * op_watermarks.c — "Timestamps/Watermarks": assigns event time and emits watermarks.
 *
 * Flink's TimestampsAndWatermarksOperator with BoundedOutOfOrdernessTimestampExtractor
 * (200 ms): records pass through unchanged; every pipeline.auto-watermark-interval
 * (200 ms of processing time) it emits watermark = max timestamp seen − 200 − 1, but only
 * when that is larger than the last watermark emitted.
 */
#include <stdlib.h>

#include "../kafka/codec.h"
#include "task.h"

#define OUT_OF_ORDERNESS_MS 200

typedef struct WmState {
	int64_t max_ts;            /* largest event timestamp seen, ms */
} WmState;

static void arm(Task *t)
{
	task_arm_timer(t, t->sim->now + t->sim->opt.config.auto_watermark_interval_ms * SIM_US_PER_MS);
}

static void wm_open(Task *t, const CompletedCheckpoint *restore)
{
	WmState *st = calloc(1, sizeof *st);
	SIM_CHECK(st != NULL);
	st->max_ts = INT64_MIN + OUT_OF_ORDERNESS_MS + 1;
	t->opstate = st;
	arm(t);
}

static void wm_close(Task *t)
{
	free(t->opstate);
	t->opstate = NULL;
}

static int wm_process(Task *t, const Record *recs, int n)
{
	WmState *st = t->opstate;
	int k = task_emit_run(t, recs, n, codec_input_bytes_of_page);
	for (int i = 0; i < k; i++)
		if (recs[i].ts_ms > st->max_ts)
			st->max_ts = recs[i].ts_ms;
	return k;
}

static void wm_on_timer(Task *t)
{
	WmState *st = t->opstate;
	task_emit_watermark(t, st->max_ts - OUT_OF_ORDERNESS_MS - 1);
	arm(t);
}

/* Upstream watermarks are not forwarded: this operator is the job's watermark origin
 * (only the final MAX_WATERMARK of an ending input passes). */
static void wm_on_watermark(Task *t, int64_t wm)
{
	if (wm == INT64_MAX)
		task_emit_watermark(t, wm);
}

static void wm_snapshot(Task *t, int64_t cp, TaskSnapshot *snap)
{
	snap->watermark_ms = t->out_wm;
}

const OpDef op_watermarks = {
	.name = "Timestamps/Watermarks",
	.open = wm_open,
	.close = wm_close,
	.process = wm_process,
	.on_watermark = wm_on_watermark,
	.snapshot = wm_snapshot,
	.on_timer = wm_on_timer,
};
