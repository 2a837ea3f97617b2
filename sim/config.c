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
#include <strings.h>

#include "core/timefmt.h"
#include "flink/restart.h"
#include "sim.h"

void sim_options_default(SimOptions *o)
{
	memset(o, 0, sizeof *o);
	o->seed = 1;
	o->taskmanagers = 1;
	o->slots = 2;
	o->partitions = 2;
	o->generator = true;
	o->generator_rate = SIM_GENERATOR_RATE;
	o->epoch_ms = 1577836800000LL;           /* 2020-01-01T00:00:00Z */
	SimConfig *c = &o->config;
	c->heartbeat_interval_ms = 1000;
	c->heartbeat_timeout_ms = 5000;
	c->slot_request_timeout_ms = 300000;
	c->restart_strategy = RESTART_DEFAULT;
	c->flink_version = FLINK_1_9;
	c->default_parallelism = 1;
	c->fixed_delay_attempts = SIM_ATTEMPTS_UNSET;   /* 1, and 1.9 reads the key without a strategy */
	c->fixed_delay_ms = -1;                   /* the release's default, see restart_init */
	c->failure_rate_max_failures = 1;
	c->failure_rate_interval_ms = 60000;
	c->failure_rate_delay_ms = -1;            /* the release's default, see restart_init */
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
	c->bp_refresh_interval_ms = 60000;        /* WebOptions.BACKPRESSURE_REFRESH_INTERVAL */
	c->bp_num_samples = 100;                  /* WebOptions.BACKPRESSURE_NUM_SAMPLES */
	c->bp_delay_between_samples_ms = 50;      /* WebOptions.BACKPRESSURE_DELAY */
	/* docs/timing.md says where these come from */
	c->startup_jobmanager_ms = 5000;
	c->startup_taskmanager_ms = 3000;
	c->startup_client_ms = 4000;
	c->checkpoint_ack_us = 3000;
	c->checkpoint_write_latency_us = 5000;
	c->checkpoint_write_bytes_per_s = 200000000;
	c->fs_memory_threshold_bytes = 1024;
	c->cost_source_ns = 40000;
	c->cost_watermarks_ns = 8000;
	c->cost_backpressure_ns = 4000;
	c->cost_counter_ns = 15000;
	c->cost_sink_ns = 60000;
	snprintf(c->ha_root, sizeof c->ha_root, "/flink");
	snprintf(c->ha_cluster_id, sizeof c->ha_cluster_id, "/default");
	c->ha_session_timeout_ms = 60000;
	c->ha_connection_timeout_ms = 15000;
	snprintf(c->ha_path_latch, sizeof c->ha_path_latch, "/leaderlatch");
	snprintf(c->ha_path_leader, sizeof c->ha_path_leader, "/leader");
	snprintf(c->ha_path_jobgraphs, sizeof c->ha_path_jobgraphs, "/jobgraphs");
	snprintf(c->ha_path_checkpoints, sizeof c->ha_path_checkpoints, "/checkpoints");
	snprintf(c->ha_path_counter, sizeof c->ha_path_counter, "/checkpoint-counter");
	snprintf(c->ha_path_registry, sizeof c->ha_path_registry, "/running_job_registry/");
	c->ha_retry_wait_ms = 5000;
	c->ha_max_retry_attempts = 3;
	snprintf(c->ha_acl, sizeof c->ha_acl, "open");
	snprintf(c->ha_jobmanager_port, sizeof c->ha_jobmanager_port, "0");
}

void job_options_default(JobOptions *o)
{
	memset(o, 0, sizeof *o);
	o->parallelism = 2;
	o->checkpointing = true;
	o->event_time = true;
	o->sink = SINK_AT_LEAST_ONCE;
}

typedef enum KeyKind { KEY_MS, KEY_COUNT, KEY_RATIO, KEY_STRATEGY, KEY_PATH, KEY_VERSION, KEY_TEXT, KEY_HA_MODE } KeyKind;

/* The longest duration anywhere in the model (timefmt's limit): adding it to any simulated
 * time stays far from int64 overflow. */
#define MS_MAX ((double)(TIMEFMT_DURATION_MAX_US / 1000))

typedef struct ConfigKey {
	const char *name;
	KeyKind kind;
	size_t offset;           /* into SimConfig */
	double min, max;         /* accepted numbers, both included unless min_open */
	bool min_open;           /* min itself is refused (backoff-multiplier > 1) */
	const char *rule;        /* whose rule the range is, said with a refusal; may be "" */
	size_t size;             /* KEY_PATH, KEY_TEXT: the field's bytes */
} ConfigKey;

#define K(name, kind, field, min, max, open, rule) { name, kind, offsetof(SimConfig, field), min, max, open, rule, 0 }
/* A string key: the field is a char array. */
#define KS(name, kind, field) { name, kind, offsetof(SimConfig, field), 0, 0, false, "", sizeof ((SimConfig *)0)->field }
static const ConfigKey keys[] = {
	K("playground.flink-version", KEY_VERSION, flink_version, 0, 0, false, ""),
	K("parallelism.default", KEY_COUNT, default_parallelism, 1, 32768, false,
	  "Flink: the parallelism must be a positive number; at most 32768, the largest max parallelism"),
	K("heartbeat.interval", KEY_MS, heartbeat_interval_ms, 1, MS_MAX, false,
	  "Flink: the heartbeat interval must be larger than 0"),
	K("heartbeat.timeout", KEY_MS, heartbeat_timeout_ms, 1, MS_MAX, false,
	  "Flink: larger than 0, and at least heartbeat.interval"),
	K("slot.request.timeout", KEY_MS, slot_request_timeout_ms, 1, MS_MAX, false, ""),
	K("restart-strategy", KEY_STRATEGY, restart_strategy, 0, 0, false, ""),
	K("restart-strategy.fixed-delay.attempts", KEY_COUNT, fixed_delay_attempts, -1, 2147483647, false,
	  "-1 is unlimited; Flink's attempts are a Java int"),
	K("restart-strategy.fixed-delay.delay", KEY_MS, fixed_delay_ms, 0, MS_MAX, false,
	  "Flink: backoff time between restart attempts must be at least 0 ms"),
	K("restart-strategy.failure-rate.max-failures-per-interval", KEY_COUNT, failure_rate_max_failures, 1,
	  RESTART_RATE_MAX, false, "Flink: greater than 0; this simulator keeps at most 64 failure times"),
	K("restart-strategy.failure-rate.failure-rate-interval", KEY_MS, failure_rate_interval_ms, 1, MS_MAX, false,
	  "Flink: failures interval must be greater than 0 ms"),
	K("restart-strategy.failure-rate.delay", KEY_MS, failure_rate_delay_ms, 0, MS_MAX, false,
	  "Flink: backoff time must be at least 0 ms"),
	K("restart-strategy.exponential-delay.initial-backoff", KEY_MS, exp_initial_backoff_ms, 1, MS_MAX, false,
	  "Flink: initial backoff must be at least 1, and not higher than max-backoff"),
	K("restart-strategy.exponential-delay.max-backoff", KEY_MS, exp_max_backoff_ms, 1, MS_MAX, false,
	  "Flink: maximum backoff must be at least 1"),
	K("restart-strategy.exponential-delay.backoff-multiplier", KEY_RATIO, exp_multiplier, 1, 1.7e308, true,
	  "Flink: backoff multiplier must be greater than 1"),
	K("restart-strategy.exponential-delay.jitter-factor", KEY_RATIO, exp_jitter, 0, 1, false,
	  "Flink: jitter factor must be >= 0 and <= 1"),
	K("restart-strategy.exponential-delay.reset-backoff-threshold", KEY_MS, exp_reset_threshold_ms, 1, MS_MAX, false,
	  "Flink: threshold duration for exponential backoff reset must be at least 1"),
	KS("state.savepoints.dir", KEY_PATH, savepoints_dir),
	K("execution.checkpointing.interval", KEY_MS, checkpoint_interval_ms, 10, MS_MAX, false,
	  "Flink: checkpoint interval must be larger than or equal to 10 ms"),
	K("execution.checkpointing.timeout", KEY_MS, checkpoint_timeout_ms, 10, MS_MAX, false,
	  "Flink: checkpoint timeout must be larger than or equal to 10 ms"),
	K("execution.buffer-timeout", KEY_MS, buffer_timeout_ms, 1, MS_MAX, false,
	  "Flink also takes 0 (flush every record) and -1 (flush full buffers only); this simulator does not"),
	K("pipeline.auto-watermark-interval", KEY_MS, auto_watermark_interval_ms, 1, MS_MAX, false,
	  "Flink also takes 0 (no periodic watermarks); this simulator does not"),
	K("log.retention.ms", KEY_MS, log_retention_ms, 1, MS_MAX, false,
	  "Kafka also takes -1 (keep forever); this simulator does not"),
	K("web.backpressure.refresh-interval", KEY_MS, bp_refresh_interval_ms, 1, MS_MAX, false, ""),
	K("web.backpressure.num-samples", KEY_COUNT, bp_num_samples, 1, 100000, false,
	  "Flink: at least 1; this simulator takes at most 100000"),
	K("web.backpressure.delay-between-samples", KEY_MS, bp_delay_between_samples_ms, 1, 60000, false,
	  "Flink: at least 1 ms; this simulator takes at most 60 s"),
	K("state.backend.fs.memory-threshold", KEY_COUNT, fs_memory_threshold_bytes, 0, 1048576, false,
	  "Flink: bytes, at most 1 MiB"),
	K("playground.startup.jobmanager", KEY_MS, startup_jobmanager_ms, 0, 600000, false, "at most 10 minutes"),
	K("playground.startup.taskmanager", KEY_MS, startup_taskmanager_ms, 0, 600000, false, "at most 10 minutes"),
	K("playground.startup.client", KEY_MS, startup_client_ms, 0, 600000, false, "at most 10 minutes"),
	K("playground.checkpoint.ack-us", KEY_COUNT, checkpoint_ack_us, 0, 60000000, false, "microseconds, at most 60 s"),
	K("playground.checkpoint.write-latency-us", KEY_COUNT, checkpoint_write_latency_us, 0, 60000000, false,
	  "microseconds, at most 60 s"),
	K("playground.checkpoint.write-bytes-per-second", KEY_COUNT, checkpoint_write_bytes_per_s, 1, 1e12, false, ""),
	K("playground.cost.source-ns", KEY_COUNT, cost_source_ns, 0, 1e9, false, "ns per record, at most 1 s"),
	K("playground.cost.watermarks-ns", KEY_COUNT, cost_watermarks_ns, 0, 1e9, false, "ns per record, at most 1 s"),
	K("playground.cost.backpressure-ns", KEY_COUNT, cost_backpressure_ns, 0, 1e9, false,
	  "ns per record in odd minutes, at most 1 s"),
	K("playground.cost.counter-ns", KEY_COUNT, cost_counter_ns, 0, 1e9, false, "ns per record, at most 1 s"),
	K("playground.cost.sink-ns", KEY_COUNT, cost_sink_ns, 0, 1e9, false, "ns per record, at most 1 s"),
	K("high-availability", KEY_HA_MODE, ha_zookeeper, 0, 0, false, ""),
	KS("high-availability.storageDir", KEY_PATH, ha_storage_dir),
	KS("high-availability.zookeeper.quorum", KEY_TEXT, ha_quorum),
	KS("high-availability.zookeeper.path.root", KEY_PATH, ha_root),
	KS("high-availability.cluster-id", KEY_PATH, ha_cluster_id),
	K("high-availability.zookeeper.client.session-timeout", KEY_MS, ha_session_timeout_ms, 1, 2147483647, false,
	  "Flink: a Java int of milliseconds; ZooKeeper clamps it to [2, 20] ticks of 2 s"),
	K("high-availability.zookeeper.client.connection-timeout", KEY_MS, ha_connection_timeout_ms, 1, 2147483647, false,
	  "Flink: a Java int of milliseconds"),
	KS("high-availability.zookeeper.path.latch", KEY_PATH, ha_path_latch),
	KS("high-availability.zookeeper.path.leader", KEY_PATH, ha_path_leader),
	KS("high-availability.zookeeper.path.jobgraphs", KEY_PATH, ha_path_jobgraphs),
	KS("high-availability.zookeeper.path.checkpoints", KEY_PATH, ha_path_checkpoints),
	KS("high-availability.zookeeper.path.checkpoint-counter", KEY_PATH, ha_path_counter),
	KS("high-availability.zookeeper.path.running-registry", KEY_PATH, ha_path_registry),
	K("high-availability.zookeeper.client.retry-wait", KEY_MS, ha_retry_wait_ms, 1, 2147483647, false,
	  "Flink: a Java int of milliseconds (Curator's ExponentialBackoffRetry)"),
	K("high-availability.zookeeper.client.max-retry-attempts", KEY_COUNT, ha_max_retry_attempts, 1, 29, false,
	  "Curator's ExponentialBackoffRetry takes at most 29"),
	KS("high-availability.zookeeper.client.acl", KEY_TEXT, ha_acl),
	KS("high-availability.jobmanager.port", KEY_TEXT, ha_jobmanager_port),
};
#undef K
#define NKEYS (sizeof keys / sizeof keys[0])

const char *sim_config_keys(void)
{
	return "playground.flink-version, parallelism.default, heartbeat.interval, heartbeat.timeout, slot.request.timeout, restart-strategy, "
	       "restart-strategy.fixed-delay.attempts, restart-strategy.fixed-delay.delay, "
	       "restart-strategy.failure-rate.max-failures-per-interval, "
	       "restart-strategy.failure-rate.failure-rate-interval, restart-strategy.failure-rate.delay, "
	       "restart-strategy.exponential-delay.initial-backoff, restart-strategy.exponential-delay.max-backoff, "
	       "restart-strategy.exponential-delay.backoff-multiplier, "
	       "restart-strategy.exponential-delay.jitter-factor, "
	       "restart-strategy.exponential-delay.reset-backoff-threshold, state.savepoints.dir, "
	       "execution.checkpointing.interval, execution.checkpointing.timeout, execution.buffer-timeout, "
	       "pipeline.auto-watermark-interval, log.retention.ms, web.backpressure.refresh-interval, "
	       "web.backpressure.num-samples, web.backpressure.delay-between-samples, state.backend.fs.memory-threshold, "
	       "playground.startup.jobmanager, playground.startup.taskmanager, playground.startup.client, "
	       "playground.checkpoint.ack-us, playground.checkpoint.write-latency-us, "
	       "playground.checkpoint.write-bytes-per-second, "
	       "playground.cost.source-ns, playground.cost.watermarks-ns, playground.cost.backpressure-ns, "
	       "playground.cost.counter-ns, playground.cost.sink-ns, high-availability, high-availability.storageDir, "
	       "high-availability.zookeeper.quorum, high-availability.zookeeper.path.root, high-availability.cluster-id, "
	       "high-availability.zookeeper.client.session-timeout, "
	       "high-availability.zookeeper.client.connection-timeout, high-availability.zookeeper.path.latch, "
	       "high-availability.zookeeper.path.leader, high-availability.zookeeper.path.jobgraphs, "
	       "high-availability.zookeeper.path.checkpoints, high-availability.zookeeper.path.checkpoint-counter, "
	       "high-availability.zookeeper.path.running-registry, high-availability.zookeeper.client.retry-wait, "
	       "high-availability.zookeeper.client.max-retry-attempts, high-availability.zookeeper.client.acl, "
	       "high-availability.jobmanager.port";
}

static const ConfigKey *find_key(const char *key, char *err, size_t errlen)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, key) == 0)
			return &keys[i];
	snprintf(err, errlen, "unknown config key '%s' (supported: %s)", key, sim_config_keys());
	return NULL;
}

/* A number as a person writes it: integers in full, others with 15 digits. */
static const char *show(double v, char *buf, size_t len)
{
	if (v == floor(v) && fabs(v) < 1e17)
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "%.15g", v);
	return buf;
}

/* "a whole number of milliseconds from 1 to 1152921504606846 (…)", for refusals. */
static void describe_range(const ConfigKey *k, char *buf, size_t len)
{
	const char *what = k->kind == KEY_MS ? "a whole number of milliseconds" : k->kind == KEY_COUNT ? "a whole number"
	                                                                                           : "a number";
	char lo[32], hi[32];
	show(k->min, lo, sizeof lo);
	show(k->max, hi, sizeof hi);
	if (k->min_open)
		snprintf(buf, len, "%s greater than %s", what, lo);
	else
		snprintf(buf, len, "%s from %s to %s%s", what, lo, hi,
		         k->kind == KEY_MS ? " (at most 2^60 µs, about 36,500 years)" : "");
}

SimStatus sim_config_set_number(SimConfig *c, const char *key, double value, char *err, size_t errlen)
{
	const ConfigKey *k = find_key(key, err, errlen);
	if (!k)
		return SIM_EINVAL;
	char *field = (char *)c + k->offset, range[160];
	if (k->kind == KEY_VERSION && (value == 1.9 || value == 1.13))
		return sim_config_set_string(c, key, value == 1.9 ? "1.9" : "1.13", err, errlen);
	if (k->kind == KEY_STRATEGY || k->kind == KEY_PATH || k->kind == KEY_VERSION || k->kind == KEY_TEXT ||
	    k->kind == KEY_HA_MODE) {
		snprintf(err, errlen, "config key '%s' takes a string, not the number %g", key, value);
		return SIM_EINVAL;
	}
	bool below = k->min_open ? !(value > k->min) : !(value >= k->min);     /* NaN is below */
	if (below || !(value <= k->max) || (k->kind != KEY_RATIO && value != floor(value))) {
		char shown[32];
		describe_range(k, range, sizeof range);
		snprintf(err, errlen, "config key '%s': %s is not valid: it must be %s%s%s%s", key,
		         show(value, shown, sizeof shown), range, *k->rule ? " (" : "", k->rule, *k->rule ? ")" : "");
		return SIM_EINVAL;
	}
	if (k->kind == KEY_RATIO)
		*(double *)(void *)field = value;
	else
		*(int64_t *)(void *)field = (int64_t)value;
	return SIM_OK;
}

/* With high-availability: zookeeper, Flink's cluster entrypoint refuses to start without a
 * storage directory (HighAvailabilityServicesUtils.getClusterHighAvailableStoragePath) or a
 * quorum (ZooKeeperUtils.startCuratorFramework); the only ZooKeeper here is the playground's. */
static SimStatus check_ha(const SimConfig *c, char *err, size_t errlen)
{
	if (!c->ha_zookeeper)
		return SIM_OK;
	if (!c->ha_storage_dir[0]) {
		snprintf(err, errlen, "config: org.apache.flink.configuration.IllegalConfigurationException: Configuration is "
		         "missing the mandatory parameter: high-availability.storageDir");
		return SIM_EINVAL;
	}
	if (!c->ha_quorum[0]) {
		snprintf(err, errlen, "config: java.lang.RuntimeException: No valid ZooKeeper quorum has been specified. You "
		         "can specify the quorum via the configuration key 'high-availability.zookeeper.quorum'.");
		return SIM_EINVAL;
	}
	if (strcmp(c->ha_acl, "open") != 0 && strcmp(c->ha_acl, "creator") != 0) {
		snprintf(err, errlen, "config: high-availability.zookeeper.client.acl '%s': Flink takes open or creator "
		         "(ZkClientACLMode)", c->ha_acl);
		return SIM_EINVAL;
	}
	if (strcmp(c->ha_quorum, "zookeeper:2181") != 0 && strcmp(c->ha_quorum, "zookeeper") != 0) {
		snprintf(err, errlen, "config: high-availability.zookeeper.quorum '%s': the playground's only ZooKeeper is "
		         "zookeeper:2181", c->ha_quorum);
		return SIM_EINVAL;
	}
	return SIM_OK;
}

/* Checks the keys that only make sense together, after every key is set (Flink's rules). */
SimStatus sim_config_check(const SimConfig *c, char *err, size_t errlen)
{
	if (c->heartbeat_timeout_ms < c->heartbeat_interval_ms) {
		snprintf(err, errlen, "config: heartbeat.timeout (%lld ms) is shorter than heartbeat.interval (%lld ms) "
		         "(Flink: the heartbeat timeout should be larger or equal than the heartbeat interval)",
		         (long long)c->heartbeat_timeout_ms, (long long)c->heartbeat_interval_ms);
		return SIM_EINVAL;
	}
	if (c->flink_version == FLINK_1_9 && c->restart_strategy == RESTART_EXPONENTIAL_DELAY) {
		snprintf(err, errlen, "config: restart-strategy 'exponential-delay' is not in Flink 1.9 (a later release "
		         "added it; 1.9 would log \"Could not find restart strategy class exponential-delay.\" and fall "
		         "back to its default); set playground.flink-version to 1.13 to use it");
		return SIM_EINVAL;
	}
	if (c->exp_initial_backoff_ms > c->exp_max_backoff_ms) {
		snprintf(err, errlen, "config: restart-strategy.exponential-delay.initial-backoff (%lld ms) is higher than "
		         "max-backoff (%lld ms) (Flink: initial backoff cannot be higher than maximum backoff)",
		         (long long)c->exp_initial_backoff_ms, (long long)c->exp_max_backoff_ms);
		return SIM_EINVAL;
	}
	return check_ha(c, err, errlen);
}

/* The releases the model knows, by the names a learner would write. */
static const struct { const char *name; FlinkVersion v; } versions[] = {
	{ "1.9", FLINK_1_9 }, { "1.9.2", FLINK_1_9 }, { "1.13", FLINK_1_13 }, { "1.13.5", FLINK_1_13 },
};

const char *sim_flink_version_name(FlinkVersion v) { return v == FLINK_1_13 ? "1.13" : "1.9"; }
const char *sim_flink_release(FlinkVersion v) { return v == FLINK_1_13 ? "1.13.5" : "1.9.2"; }
/* EnvironmentInformation's commit id of the release (the CLI's -v, /overview's flink-commit). */
const char *sim_flink_commit(FlinkVersion v) { return v == FLINK_1_13 ? "0ff28a7" : "c9d2c90"; }
/* The build date that goes with it (DashboardConfiguration's flink-revision). */
const char *sim_flink_build_date(FlinkVersion v)
{
	return v == FLINK_1_13 ? "2021-12-14T23:26:04+01:00" : "24.01.2020 @ 08:44:30 CST";
}

static SimStatus set_version(SimConfig *c, const char *value, char *err, size_t errlen)
{
	for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++)
		if (strcmp(versions[i].name, value) == 0) {
			c->flink_version = versions[i].v;
			return SIM_OK;
		}
	snprintf(err, errlen, "config key 'playground.flink-version': '%s' is not a modelled release "
	         "(\"1.9\": the tutorial's, the default; \"1.13\")", value);
	return SIM_EINVAL;
}

static SimStatus set_strategy(SimConfig *c, const char *value, char *err, size_t errlen)
{
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

/* Flink's HighAvailabilityMode.fromConfig: NONE or ZOOKEEPER in any case; anything else would
 * be loaded as the class name of a HighAvailabilityServicesFactory. */
static SimStatus set_ha_mode(SimConfig *c, const char *value, char *err, size_t errlen)
{
	if (strcasecmp(value, "none") == 0 || strcasecmp(value, "zookeeper") == 0) {
		c->ha_zookeeper = strcasecmp(value, "zookeeper") == 0;
		return SIM_OK;
	}
	snprintf(err, errlen, "config key 'high-availability': '%s' is not supported (NONE or zookeeper; Flink would "
	         "load it as the class name of a HighAvailabilityServicesFactory)", value);
	return SIM_EINVAL;
}

SimStatus sim_config_set_string(SimConfig *c, const char *key, const char *value, char *err, size_t errlen)
{
	const ConfigKey *k = find_key(key, err, errlen);
	if (!k)
		return SIM_EINVAL;
	if (k->kind == KEY_PATH || k->kind == KEY_TEXT) {
		if (!*value || strlen(value) >= k->size) {
			snprintf(err, errlen, "config key '%s': '%s' is not a usable %s", key, value,
			         k->kind == KEY_PATH ? "directory path" : "value");
			return SIM_EINVAL;
		}
		snprintf((char *)c + k->offset, k->size, "%s", value);
		return SIM_OK;
	}
	if (k->kind == KEY_HA_MODE)
		return set_ha_mode(c, value, err, errlen);
	if (k->kind == KEY_STRATEGY)
		return set_strategy(c, value, err, errlen);
	if (k->kind == KEY_VERSION)
		return set_version(c, value, err, errlen);
	/* Durations as Flink writes them ("10 s", "5000", "1 min"), through the project's one
	 * duration parser; counts and ratios as plain decimals. */
	char why[200];
	double v;
	if (k->kind == KEY_MS) {
		int64_t us;
		if (!timefmt_parse_duration(value, TIMEFMT_FLINK, &us, why, sizeof why)) {
			snprintf(err, errlen, "config key '%s': '%s' is not a duration: %s", key, value, why);
			return SIM_EINVAL;
		}
		v = (double)us / 1000.0;
	} else if (!timefmt_parse_decimal(value, &v)) {
		snprintf(err, errlen, "config key '%s': '%s' is not a decimal number", key, value);
		return SIM_EINVAL;
	}
	return sim_config_set_number(c, key, v, err, errlen);
}

#ifdef SIM_MUTATIONS
static const struct { const char *name; uint32_t bit; } mutations[] = {
	{ "skip-txn-abort", SIM_MUT_SKIP_TXN_ABORT },
	{ "forget-lost-slot", SIM_MUT_FORGET_LOST_SLOT },
	{ "drop-retry", SIM_MUT_DROP_RETRY },
};

const char *sim_mutation_names(void) { return "skip-txn-abort, forget-lost-slot, drop-retry"; }

bool sim_mutations_parse(const char *names, uint32_t *out)
{
	*out = 0;
	while (*names) {
		size_t n = strcspn(names, ",");
		size_t k = 0;
		while (k < sizeof mutations / sizeof mutations[0] &&
		       !(strlen(mutations[k].name) == n && strncmp(mutations[k].name, names, n) == 0))
			k++;
		if (k == sizeof mutations / sizeof mutations[0])
			return false;
		*out |= mutations[k].bit;
		names += n + (names[n] == ',');
	}
	return true;
}
#endif
