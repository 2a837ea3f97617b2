/*
 * machine.h — what a container's machine adds to the model: its wall clock and its CPU.
 *
 * Wall clock (pg.compose.clock): true time (the simulated clock plus the run's epoch) plus
 * an offset, which may grow by a drift rate. Only what reads System.currentTimeMillis()
 * follows it — processing-time windows and the Backpressure operator's even minutes on a
 * TaskManager, the checkpoint start delay (the TaskManager's clock against the JobManager's
 * trigger timestamp), the dates of the container's log lines. Timers, timeouts and
 * heartbeats are relative (Flink's ScheduledExecutors, Kafka's and the kernel's monotonic
 * clocks): they run on true time, and a drifting clock moves nothing but the wall clock.
 *
 * CPU (pg.compose.cpu): a factor on the speed of the TaskManager's task threads, 1 = the
 * model's reference machine. The tasks' per-record work takes cost / factor; waits that are
 * wall time (the Backpressure operator's Thread.sleep(100)) do not scale.
 *
 * A machine outlives its container: a restarted container keeps its clock and CPU.
 */
#ifndef MACHINE_H
#define MACHINE_H

#include <stdbool.h>
#include <stdint.h>

#include "../event.h"

#define MACHINE_CPU_UNIT 1000000          /* cpu_ppm of the reference machine (factor 1) */
#define MACHINE_DRIFT_UNIT 1000000000LL   /* drift_ppb of a clock that gains 1 s per second */

typedef struct Machine {
	int64_t  offset_us;        /* wall clock minus true time when it was last set, µs */
	int64_t  drift_ppb;        /* what the offset gains per second of true time, ns per s */
	SimTime  set_at;           /* when it was last set (simulated µs) */
	uint32_t cpu_ppm;          /* CPU speed factor × 10⁶; 0 stands for the reference (10⁶) */
} Machine;

/* The wall clock's offset from true time at simulated time t, µs. */
int64_t machine_offset_us(const Machine *m, SimTime t);
/* The wall clock at simulated time t in ms since 1970, for a run whose clock starts at
 * epoch_ms (SimOptions.epoch_ms). */
int64_t machine_clock_ms(const Machine *m, int64_t epoch_ms, SimTime t);
/* Sets the clock at `now`: offset from true time, and what it gains per second from now on. */
void machine_set_clock(Machine *m, SimTime now, int64_t offset_us, int64_t drift_ppb);
/* CPU work of cost_ns on the reference machine, as it takes on this one (≥ 1 ns when
 * cost_ns ≥ 1); the reference machine's cost is returned unchanged. */
static inline int64_t machine_cpu_ns(const Machine *m, int64_t cost_ns)
{
	if (m->cpu_ppm == 0 || m->cpu_ppm == MACHINE_CPU_UNIT || cost_ns <= 0)
		return cost_ns;
	int64_t ns = (int64_t)((__int128)cost_ns * MACHINE_CPU_UNIT / m->cpu_ppm);
	return ns > 0 ? ns : 1;
}
/* The CPU factor × 10⁶ (10⁶ for the reference machine). */
uint32_t machine_cpu_ppm(const Machine *m);

#endif
