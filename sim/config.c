/*
 * config.c — the Sim's options and the flink-conf keys the model understands.
 *
 * Defaults are the playground's (conf/flink-conf.yaml) where it sets them and Flink's
 * otherwise; see the fact sheet. Every key is one row of a table: its name, its unit and
 * where it lands, so the list of supported keys in error messages is always complete.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "sim.h"

void sim_options_default(SimOptions *o)
{
	memset(o, 0, sizeof *o);
	o->seed = 1;
	o->taskmanagers = 1;
	o->slots = 2;
	o->partitions = 2;
	o->generator = true;
	o->epoch_ms = 1577836800000LL;           /* 2020-01-01T00:00:00Z */
	SimConfig *c = &o->config;
	c->heartbeat_interval_ms = 1000;
	c->heartbeat_timeout_ms = 5000;
	c->slot_request_timeout_ms = 300000;
	c->restart_strategy = RESTART_DEFAULT;
	c->fixed_delay_attempts = -1;
	c->fixed_delay_ms = 1000;
	c->failure_rate_max_failures = 1;
	c->failure_rate_interval_ms = 60000;
	c->failure_rate_delay_ms = 1000;
	c->exp_initial_backoff_ms = 1000;
	c->exp_max_backoff_ms = 60000;
	c->exp_multiplier = 1.5;
	c->exp_jitter = 0.1;
	c->exp_reset_threshold_ms = 3600000;
	snprintf(c->savepoints_dir, sizeof c->savepoints_dir, "./savepoints");
	c->checkpoint_interval_ms = 1000;
	c->checkpoint_timeout_ms = 600000;
	c->buffer_timeout_ms = 100;
	c->auto_watermark_interval_ms = 200;
	c->log_retention_ms = 7LL * 24 * 3600 * 1000;
}

void job_options_default(JobOptions *o)
{
	memset(o, 0, sizeof *o);
	o->parallelism = 2;
	o->checkpointing = true;
	o->event_time = true;
	o->sink = SINK_AT_LEAST_ONCE;
}

typedef enum KeyKind { KEY_MS, KEY_COUNT, KEY_RATIO, KEY_STRATEGY, KEY_PATH } KeyKind;

typedef struct ConfigKey {
	const char *name;
	KeyKind kind;
	size_t offset;           /* into SimConfig */
	double min;              /* smallest accepted number */
} ConfigKey;

#define K(name, kind, field, min) { name, kind, offsetof(SimConfig, field), min }
static const ConfigKey keys[] = {
	K("heartbeat.interval", KEY_MS, heartbeat_interval_ms, 1),
	K("heartbeat.timeout", KEY_MS, heartbeat_timeout_ms, 1),
	K("slot.request.timeout", KEY_MS, slot_request_timeout_ms, 1),
	K("restart-strategy", KEY_STRATEGY, restart_strategy, 0),
	K("restart-strategy.fixed-delay.attempts", KEY_COUNT, fixed_delay_attempts, -1),  /* -1: unlimited */
	K("restart-strategy.fixed-delay.delay", KEY_MS, fixed_delay_ms, 0),
	K("restart-strategy.failure-rate.max-failures-per-interval", KEY_COUNT, failure_rate_max_failures, 1),
	K("restart-strategy.failure-rate.failure-rate-interval", KEY_MS, failure_rate_interval_ms, 1),
	K("restart-strategy.failure-rate.delay", KEY_MS, failure_rate_delay_ms, 0),
	K("restart-strategy.exponential-delay.initial-backoff", KEY_MS, exp_initial_backoff_ms, 1),
	K("restart-strategy.exponential-delay.max-backoff", KEY_MS, exp_max_backoff_ms, 1),
	K("restart-strategy.exponential-delay.backoff-multiplier", KEY_RATIO, exp_multiplier, 1),
	K("restart-strategy.exponential-delay.jitter-factor", KEY_RATIO, exp_jitter, 0),
	K("restart-strategy.exponential-delay.reset-backoff-threshold", KEY_MS, exp_reset_threshold_ms, 1),
	K("state.savepoints.dir", KEY_PATH, savepoints_dir, 0),
	K("execution.checkpointing.interval", KEY_MS, checkpoint_interval_ms, 10),
	K("execution.checkpointing.timeout", KEY_MS, checkpoint_timeout_ms, 1),
	K("execution.buffer-timeout", KEY_MS, buffer_timeout_ms, 1),
	K("pipeline.auto-watermark-interval", KEY_MS, auto_watermark_interval_ms, 1),
	K("log.retention.ms", KEY_MS, log_retention_ms, 1),
};
#undef K
#define NKEYS (sizeof keys / sizeof keys[0])

const char *sim_config_keys(void)
{
	return "heartbeat.interval, heartbeat.timeout, slot.request.timeout, restart-strategy, "
	       "restart-strategy.fixed-delay.attempts, restart-strategy.fixed-delay.delay, "
	       "restart-strategy.failure-rate.max-failures-per-interval, "
	       "restart-strategy.failure-rate.failure-rate-interval, restart-strategy.failure-rate.delay, "
	       "restart-strategy.exponential-delay.initial-backoff, restart-strategy.exponential-delay.max-backoff, "
	       "restart-strategy.exponential-delay.backoff-multiplier, "
	       "restart-strategy.exponential-delay.jitter-factor, "
	       "restart-strategy.exponential-delay.reset-backoff-threshold, state.savepoints.dir, "
	       "execution.checkpointing.interval, execution.checkpointing.timeout, execution.buffer-timeout, "
	       "pipeline.auto-watermark-interval, log.retention.ms";
}

static const ConfigKey *find_key(const char *key, char *err, size_t errlen)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, key) == 0)
			return &keys[i];
	snprintf(err, errlen, "unknown config key '%s' (supported: %s)", key, sim_config_keys());
	return NULL;
}

SimStatus sim_config_set_number(SimConfig *c, const char *key, double value, char *err, size_t errlen)
{
	const ConfigKey *k = find_key(key, err, errlen);
	if (!k)
		return SIM_EINVAL;
	char *field = (char *)c + k->offset;
	if (k->kind == KEY_STRATEGY || k->kind == KEY_PATH) {
		snprintf(err, errlen, "config key '%s' takes a string, not the number %g", key, value);
		return SIM_EINVAL;
	}
	if (!isfinite(value) || value < k->min || value > 9.2e15 ||
	    (k->kind != KEY_RATIO && value != floor(value))) {
		snprintf(err, errlen, "config key '%s': %g is not a valid %s (≥ %g)", key, value,
		         k->kind == KEY_MS ? "number of milliseconds" : k->kind == KEY_COUNT ? "count" : "number",
		         k->min);
		return SIM_EINVAL;
	}
	if (k->kind == KEY_RATIO)
		*(double *)(void *)field = value;
	else
		*(int64_t *)(void *)field = (int64_t)value;
	return SIM_OK;
}

SimStatus sim_config_set_string(SimConfig *c, const char *key, const char *value, char *err, size_t errlen)
{
	const ConfigKey *k = find_key(key, err, errlen);
	if (!k)
		return SIM_EINVAL;
	if (k->kind == KEY_PATH) {
		if (!*value || strlen(value) >= sizeof c->savepoints_dir) {
			snprintf(err, errlen, "config key '%s': '%s' is not a usable directory path", key, value);
			return SIM_EINVAL;
		}
		snprintf(c->savepoints_dir, sizeof c->savepoints_dir, "%s", value);
		return SIM_OK;
	}
	if (k->kind == KEY_STRATEGY) {
		static const struct { const char *name; RestartStrategyKind kind; } names[] = {
			{ "fixed-delay", RESTART_FIXED_DELAY }, { "fixeddelay", RESTART_FIXED_DELAY },
			{ "failure-rate", RESTART_FAILURE_RATE }, { "failurerate", RESTART_FAILURE_RATE },
			{ "exponential-delay", RESTART_EXPONENTIAL_DELAY }, { "none", RESTART_NONE },
			{ "off", RESTART_NONE }, { "disable", RESTART_NONE },
		};
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
			if (strcmp(names[i].name, value) == 0) {
				c->restart_strategy = names[i].kind;
				return SIM_OK;
			}
		snprintf(err, errlen, "restart-strategy '%s' is unknown (fixed-delay, failure-rate, exponential-delay, none)", value);
		return SIM_EINVAL;
	}
	/* Numbers given as strings with Flink's units: "10 s", "5000", "1 min". */
	char *end;
	double v = strtod(value, &end);
	while (*end == ' ')
		end++;
	double scale = 1;
	if (k->kind == KEY_MS) {
		if (!*end || !strcmp(end, "ms")) scale = 1;
		else if (!strcmp(end, "s")) scale = 1000;
		else if (!strcmp(end, "min")) scale = 60000;
		else if (!strcmp(end, "h")) scale = 3600000;
		else end = NULL;
	} else if (*end) {
		end = NULL;
	}
	if (end == NULL || end == value) {
		snprintf(err, errlen, "config key '%s': '%s' is not a valid value", key, value);
		return SIM_EINVAL;
	}
	return sim_config_set_number(c, key, v * scale, err, errlen);
}
