/* restart.c — the restart back-off strategies; see restart.h. */
#include "restart.h"

#include "../core/fmt.h"

#include <stdio.h>

static int64_t clamp_ms(int64_t v, int64_t lo)
{
	return v < lo ? lo : v > RESTART_BACKOFF_MAX_MS ? RESTART_BACKOFF_MAX_MS : v;
}

/* x clamped to [lo, hi]; NaN becomes lo. */
static double clamp_ratio(double x, double lo, double hi)
{
	return !(x >= lo) ? lo : x > hi ? hi : x;
}

void restart_init(RestartStrategy *r, const SimConfig *c, bool checkpointing, uint64_t seed)
{
	*r = (RestartStrategy){ 0 };
	r->kind = c->restart_strategy;
	r->v19 = c->flink_version == FLINK_1_9;
	bool attempts_given = c->fixed_delay_attempts != SIM_ATTEMPTS_UNSET;
	r->max_attempts = attempts_given ? c->fixed_delay_attempts : 1;   /* Flink's default: 1 */
	int64_t delay = r->kind == RESTART_FAILURE_RATE ? c->failure_rate_delay_ms : c->fixed_delay_ms;
	/* Unset delays take the release's defaults: 1.9's restart-strategy.fixed-delay.delay is
	 * "0 s" and failure-rate.delay falls back to akka.ask.timeout (10 s); 1.13's are 1 s. */
	if (delay < 0)
		delay = r->kind == RESTART_FAILURE_RATE ? (r->v19 ? 10000 : 1000) : (r->v19 ? 0 : 1000);
	if (r->kind == RESTART_DEFAULT && r->v19 && attempts_given && c->fixed_delay_attempts > 0) {
		/* Flink 1.9's RestartStrategyFactory.createRestartStrategyFactory without a
		 * restart-strategy reads the deprecated execution-retries way: attempts > 0 ⇒ fixed
		 * delay with them, the delay restart-strategy.fixed-delay.delay or else
		 * akka.watch.heartbeat.pause (60 s) — with or without checkpointing. */
		r->kind = RESTART_FIXED_DELAY;
		delay = c->fixed_delay_ms >= 0 ? c->fixed_delay_ms : 60000;
	} else if (r->kind == RESTART_DEFAULT) {
		/* No restart-strategy key: fixed delay with Integer.MAX_VALUE attempts when the job
		 * checkpoints — 1.9's NoOrFixedIfCheckpointingEnabledRestartStrategyFactory (0 ms),
		 * 1.13's RestartBackoffTimeStrategyFactoryLoader (1 s) — ignoring the fixed-delay keys. */
		r->kind = checkpointing ? RESTART_FIXED_DELAY : RESTART_NONE;
		r->max_attempts = 2147483647;
		delay = r->v19 ? 0 : 1000;
	}
	r->delay_ms = clamp_ms(delay, 0);
	r->rate_max = c->failure_rate_max_failures < 1 ? 1 : c->failure_rate_max_failures;
	if (r->rate_max > RESTART_RATE_MAX)
		r->rate_max = RESTART_RATE_MAX;
	r->rate_interval_ms = c->failure_rate_interval_ms;
	r->exp_max_ms = clamp_ms(c->exp_max_backoff_ms, 1);
	r->exp_initial_ms = clamp_ms(c->exp_initial_backoff_ms, 1);
	if (r->exp_initial_ms > r->exp_max_ms)        /* Flink: initial ≤ max */
		r->exp_initial_ms = r->exp_max_ms;
	r->exp_multiplier = clamp_ratio(c->exp_multiplier, 1, 1e300);   /* Flink: ≥ 1 */
	r->exp_jitter = clamp_ratio(c->exp_jitter, 0, 1);               /* Flink: 0 … 1 */
	r->exp_reset_ms = c->exp_reset_threshold_ms;
	r->exp_current_ms = r->exp_initial_ms;      /* Flink: setInitialBackoff() at construction */
	r->exp_last_failure_ms = 0;                 /* Flink: lastFailureTimestamp = 0 (epoch) */
	rng_seed(&r->rng, seed, "restart");
}

void restart_notify_failure(RestartStrategy *r, int64_t now_ms)
{
	switch (r->kind) {
	case RESTART_FIXED_DELAY:
		r->attempts++;
		break;
	case RESTART_FAILURE_RATE:
		/* Flink 1.13's FailureRateRestartBackoffTimeStrategy.notifyFailure: a queue that
		 * is full with more than max timestamps drops its oldest. (1.9's
		 * FailureRateRestartStrategy adds a timestamp per restart, after canRestart: the
		 * same decisions, as a failure it does not restart ends the job.) */
		if (r->nfailures > r->rate_max) {
			r->head = (r->head + 1) % RESTART_RATE_RING;
			r->nfailures--;
		}
		r->failures_ms[(r->head + r->nfailures) % RESTART_RATE_RING] = now_ms;
		r->nfailures++;
		break;
	case RESTART_EXPONENTIAL_DELAY:
		/* Flink's notifyFailure: quiet for the reset threshold plus the current back-off
		 * ⇒ back to the initial back-off; otherwise multiply, clamped to [initial, max].
		 * The clock is the epoch, so the first failure always resets (last = 0). */
		if (now_ms - r->exp_last_failure_ms >= r->exp_reset_ms + r->exp_current_ms) {
			r->exp_current_ms = r->exp_initial_ms;
		} else {
			if (r->exp_current_ms < r->exp_max_ms) {
				double next = (double)r->exp_current_ms * r->exp_multiplier;   /* compared before converting */
				r->exp_current_ms = next >= (double)r->exp_max_ms ? r->exp_max_ms : (int64_t)next;
			}
			if (r->exp_current_ms > r->exp_max_ms)
				r->exp_current_ms = r->exp_max_ms;
			if (r->exp_current_ms < r->exp_initial_ms)
				r->exp_current_ms = r->exp_initial_ms;
		}
		r->exp_last_failure_ms = now_ms;
		break;
	default:
		break;
	}
}

bool restart_can_restart(const RestartStrategy *r, int64_t now_ms)
{
	switch (r->kind) {
	case RESTART_FIXED_DELAY:
		return r->max_attempts < 0 || r->attempts <= r->max_attempts;
	case RESTART_FAILURE_RATE:
		/* More than max failures inside the interval ⇒ no restart: max restarts per
		 * interval. The queue holds the failures, this one included; once it holds more
		 * than max, the oldest must be older than the interval measured from now —
		 * Flink's canRestart. */
		if (r->nfailures <= r->rate_max)
			return true;
		return now_ms - r->failures_ms[r->head] > r->rate_interval_ms;
	case RESTART_EXPONENTIAL_DELAY:
		return true;
	default:
		return false;
	}
}

int64_t restart_backoff_ms(RestartStrategy *r)
{
	switch (r->kind) {
	case RESTART_EXPONENTIAL_DELAY: {
		/* Flink's getBackoffTime: current + a jitter drawn uniformly from [-offset, offset]
		 * with offset = ⌊current × jitter⌋, at most the maximum. The jitter is drawn per
		 * call and never stored: the next failure multiplies the unjittered back-off. */
		int64_t b = r->exp_current_ms;
		if (r->exp_jitter > 0) {
			int64_t offset = (int64_t)((double)r->exp_current_ms * r->exp_jitter);
			int64_t j = rng_range(&r->rng, -offset, offset);
			b += j;
		}
		return b > r->exp_max_ms ? r->exp_max_ms : b;
	}
	case RESTART_NONE:
		return 0;
	default:
		return r->delay_ms;
	}
}

/* Flink 1.9's RestartStrategy.toString() texts (FailureRateRestartStrategy's lacks the
 * separators in Flink too; Time prints "<n> ms"). */
static size_t describe_1_9(const RestartStrategy *r, char *buf, size_t len)
{
	int n;
	switch (r->kind) {
	case RESTART_FIXED_DELAY:
		n = snprintf(buf, len, "FixedDelayRestartStrategy(maxNumberRestartAttempts=%lld, delayBetweenRestartAttempts=%lld)",
		             (long long)(r->max_attempts < 0 ? 2147483647 : r->max_attempts), (long long)r->delay_ms);
		break;
	case RESTART_FAILURE_RATE:
		n = snprintf(buf, len, "FailureRateRestartStrategy(failuresInterval=%lld msdelayInterval=%lld msmaxFailuresPerInterval=%lld)",
		             (long long)r->rate_interval_ms, (long long)r->delay_ms, (long long)r->rate_max);
		break;
	default:
		n = snprintf(buf, len, "NoRestartStrategy");
		break;
	}
	return n < 0 ? 0 : (size_t)n;
}

size_t restart_describe(const RestartStrategy *r, char *buf, size_t len)
{
	int n;
	if (r->v19)
		return describe_1_9(r, buf, len);
	switch (r->kind) {
	case RESTART_FIXED_DELAY:
		n = snprintf(buf, len, "FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=%lld, backoffTimeMS=%lld)",
		             (long long)(r->max_attempts < 0 ? 2147483647 : r->max_attempts), (long long)r->delay_ms);
		break;
	case RESTART_FAILURE_RATE:
		/* Flink 1.13.5's generateStrategyString names the class twice and closes once. */
		n = snprintf(buf, len, "FailureRateRestartBackoffTimeStrategy(FailureRateRestartBackoffTimeStrategy(failuresIntervalMS=%lld,backoffTimeMS=%lld,maxFailuresPerInterval=%lld)",
		             (long long)r->rate_interval_ms, (long long)r->delay_ms, (long long)r->rate_max);
		break;
	case RESTART_EXPONENTIAL_DELAY: {
		char mult[40], jitter[40];            /* Java doubles: "2.0", "0.1" */
		fmt_java_double(r->exp_multiplier, mult, sizeof mult);
		fmt_java_double(r->exp_jitter, jitter, sizeof jitter);
		n = snprintf(buf, len, "ExponentialDelayRestartBackoffTimeStrategy(initialBackoffMS=%lld, maxBackoffMS=%lld, backoffMultiplier=%s, resetBackoffThresholdMS=%lld, jitterFactor=%s, currentBackoffMS=%lld, lastFailureTimestamp=%lld)",
		             (long long)r->exp_initial_ms, (long long)r->exp_max_ms, mult,
		             (long long)r->exp_reset_ms, jitter,
		             (long long)r->exp_initial_ms, 0LL);   /* Flink builds the string once, at construction */
		break;
	}
	default:
		n = snprintf(buf, len, "NoRestartBackoffTimeStrategy");
		break;
	}
	return n < 0 ? 0 : (size_t)n;
}
