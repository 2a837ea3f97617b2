/*
 * check.h — always-on assertions for model bugs (error tier 1).
 *
 * A failed SIM_CHECK is a bug in the simulator, never a user error: it prints the
 * condition, the source line and, when a Sim is current, its simulated time and seed,
 * then aborts. User and operational errors return a SimStatus instead.
 */
#ifndef SIM_CHECK_H
#define SIM_CHECK_H

#include <stdint.h>

_Noreturn void sim_check_failed(const char *cond, const char *file, int line);
/* The Sim whose time and seed a failed check reports (set while sim_step runs). */
void sim_check_context(int64_t now_us, uint64_t seed);

#define SIM_CHECK(cond) \
	((cond) ? (void)0 : sim_check_failed(#cond, __FILE__, __LINE__))

#endif
