/*
 * restart.h — Flink's restart back-off strategies (RestartBackoffTimeStrategy).
 *
 * notify_failure is called once per failure, then can_restart decides and backoff_ms
 * says how long to wait. Counting rules follow Flink: fixed-delay counts attempts;
 * failure-rate keeps the timestamps of the last max-failures-per-interval failures;
 * exponential-delay multiplies the back-off up to its maximum, resets it after a quiet
 * period (the threshold plus the current back-off) and adds a jitter to each wait; none never restarts. Every back-off lies in 0 … RESTART_BACKOFF_MAX_MS
 * whatever the configuration holds: delays are clamped to it, the exponential initial
 * back-off to the maximum, the multiplier to ≥ 1 and the jitter factor to 0 … 1 (Flink's
 * preconditions, which refuse what is clamped here), and the arithmetic runs in doubles
 * bounded before any conversion back to int64.
 */
#ifndef RESTART_H
#define RESTART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/rng.h"
#include "../sim.h"

#define RESTART_RATE_MAX 64
#define RESTART_RATE_RING (RESTART_RATE_MAX + 1)  /* the failures of an interval and the one after */

/* The longest back-off a strategy hands out: 100 years. Longer configured delays are
 * clamped to it (no simulation runs that long: a simulated day takes seconds to compute),
 * so backoff × 1000 µs plus any simulated time a run can reach stays inside int64. */
#define RESTART_BACKOFF_MAX_MS (100LL * 365 * 24 * 3600 * 1000)

typedef struct RestartStrategy {
	RestartStrategyKind kind;        /* never RESTART_DEFAULT once set up */
	bool    v19;                     /* Flink 1.9's defaults and toString() texts */
	int64_t max_attempts;            /* fixed-delay: -1 = unlimited */
	int64_t delay_ms;                /* fixed-delay / failure-rate back-off */
	int64_t attempts;                /* fixed-delay: failures counted so far */
	int64_t rate_max;                /* failure-rate: failures allowed per interval */
	int64_t rate_interval_ms;        /* failure-rate: the interval */
	int64_t failures_ms[RESTART_RATE_RING]; /* failure-rate: recent failure times (ring) */
	int     nfailures, head;
	int64_t exp_initial_ms, exp_max_ms, exp_reset_ms;   /* exponential-delay */
	double  exp_multiplier, exp_jitter;
	int64_t exp_current_ms;          /* back-off for the current failure, without jitter */
	int64_t exp_last_failure_ms;     /* epoch ms; 0 before the first, as in Flink */
	Rng     rng;                     /* jitter */
} RestartStrategy;

/* Builds the strategy from the configuration; RESTART_DEFAULT resolves by checkpointing. */
void restart_init(RestartStrategy *r, const SimConfig *c, bool checkpointing, uint64_t seed);
void restart_notify_failure(RestartStrategy *r, int64_t now_ms);
bool restart_can_restart(const RestartStrategy *r, int64_t now_ms);
/* The back-off for the failure just notified; exponential-delay draws its jitter here. */
int64_t restart_backoff_ms(RestartStrategy *r);
/* Flink's toString of the strategy, as in "Recovery is suppressed by …". */
size_t restart_describe(const RestartStrategy *r, char *buf, size_t len);

#endif
