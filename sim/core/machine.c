/* machine.c — a container's wall clock and CPU speed (see machine.h). */
#include "machine.h"

int64_t machine_offset_us(const Machine *m, SimTime t)
{
	if (m->drift_ppb == 0)
		return m->offset_us;
	/* 128 bits: a drift of up to ±0.5 over centuries of simulated µs would overflow 64. */
	__int128 gained = (__int128)(t - m->set_at) * m->drift_ppb / MACHINE_DRIFT_UNIT;
	return m->offset_us + (int64_t)gained;
}

int64_t machine_clock_ms(const Machine *m, int64_t epoch_ms, SimTime t)
{
	int64_t us = t + machine_offset_us(m, t);
	/* Floor division: a clock set before 1970 + epoch still reads whole milliseconds down. */
	int64_t ms = us >= 0 ? us / 1000 : -((-us + 999) / 1000);
	return epoch_ms + ms;
}

void machine_set_clock(Machine *m, SimTime now, int64_t offset_us, int64_t drift_ppb)
{
	m->offset_us = offset_us;
	m->drift_ppb = drift_ppb;
	m->set_at = now;
}

uint32_t machine_cpu_ppm(const Machine *m)
{
	return m->cpu_ppm ? m->cpu_ppm : MACHINE_CPU_UNIT;
}
