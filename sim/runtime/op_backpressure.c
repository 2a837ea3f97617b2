/*
 * op_backpressure.c — "Backpressure": the playground's BackpressureMap (--backpressure).
 *
 * A keyed map that passes records through, but while the TaskManager's wall-clock minute
 * is even (LocalTime.now(): its machine's clock, which pg.compose.clock may skew) it
 * sleeps 100 ms per record (≤ 10 records/s per subtask). Nothing else in the
 * model knows about it: buffers fill, credits run out and backpressure spreads upstream
 * on their own.
 */
#include "../kafka/codec.h"
#include "task.h"

#define SLOW_NS (100LL * 1000 * 1000)   /* Thread.sleep(100) */

/* The sleep is wall time: a slow machine (pg.compose.cpu) slows only the map's own work. */
static int64_t bp_cost(const Task *t)
{
	int64_t minute = task_clock_ms(t) / 60000;
	return minute % 2 == 0 ? SLOW_NS : task_cpu_ns(t, t->cost_ns);
}

static int bp_process(Task *t, const Record *recs, int n)
{
	return task_emit_run(t, recs, n, codec_input_bytes_of_page);
}

const OpDef op_backpressure = {
	.name = "Backpressure",
	.process = bp_process,
	.cost_now_ns = bp_cost,
};
