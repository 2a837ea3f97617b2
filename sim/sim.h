/*
 * sim.h — the public face of the model: the only header lua/, viz/ and tests/ need.
 *
 * A Sim is one deterministic, headless simulation of the Flink Operations Playground:
 * ZooKeeper, one Kafka broker, the click-event generator, a Flink session cluster
 * (JobManager + TaskManagers) and the Click Event Count job running on a real operator
 * runtime. Drive it with actions (sim_up, sim_compose, sim_job_submit, …), advance it
 * (sim_step, sim_run_until) and read it through const queries. No global state: several
 * Sims may live in one process. The Sim owns every entity; callers hold ids (job ids,
 * service names, indices), never pointers into it.
 *
 * Errors: actions return a SimStatus; on failure sim_error() holds one line that says what
 * was wrong and what is accepted. A rejected action changes nothing.
 */
#ifndef SIM_H
#define SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t SimTime;                 /* simulated microseconds since the Sim was created */
#define SIM_US_PER_MS ((SimTime)1000)
#define SIM_US_PER_S  ((SimTime)1000000)

#include "event.h"

typedef struct Sim Sim;

/* Limits of the model (the Lua API checks against the same numbers). */
#define SIM_MAX_TASKMANAGERS 32    /* taskmanager instances */
#define SIM_MAX_SLOTS        16    /* taskmanager.numberOfTaskSlots */
#define SIM_MAX_PARTITIONS   64    /* partitions of input and output */
#define SIM_MAX_VERTICES     5     /* vertices of Click Event Count (with --backpressure) */

typedef enum SimStatus {
	SIM_OK = 0,
	SIM_EINVAL,        /* bad argument or option */
	SIM_ENOENT,        /* unknown job, service, topic, metric, or missing file */
	SIM_ESTATE,        /* not possible in the current state (e.g. job already terminal) */
	SIM_EUNSUPPORTED,  /* a contract feature this build does not have yet */
	SIM_ECORRUPT,      /* a savepoint file that cannot be read */
	SIM_EIO            /* host file system error (savepoints) */
} SimStatus;

const char *sim_status_name(SimStatus st);

/* ---------------------------------------------------------------- options */

typedef enum RestartStrategyKind {
	RESTART_DEFAULT = 0,       /* fixed-delay with checkpointing, none without */
	RESTART_FIXED_DELAY,
	RESTART_FAILURE_RATE,
	RESTART_EXPONENTIAL_DELAY,
	RESTART_NONE
} RestartStrategyKind;

/* The Flink release a run models (playground.flink-version). 1.9 is the default: the seed
 * tutorial's outputs are Flink 1.9's (flink-playgrounds release-1.9, flink:1.9.2). 1.13 keeps
 * what later releases teach: the INITIALIZING states, busy/back-pressured time, the newer CLI
 * and REST texts. docs/flink-versions.md lists every difference. */
typedef enum FlinkVersion { FLINK_1_9 = 0, FLINK_1_13 } FlinkVersion;

/* flink-conf.yaml keys the model understands (ms unless noted). */
#define SIM_ATTEMPTS_UNSET INT64_MIN   /* SimConfig.fixed_delay_attempts not given */

typedef struct SimConfig {
	FlinkVersion flink_version;               /* playground.flink-version, 1.9 */
	int64_t default_parallelism;              /* parallelism.default, 1 (flink run without -p) */
	int64_t heartbeat_interval_ms;            /* heartbeat.interval, 1000 */
	int64_t heartbeat_timeout_ms;             /* heartbeat.timeout, 5000 */
	int64_t slot_request_timeout_ms;          /* slot.request.timeout, 300000 */
	RestartStrategyKind restart_strategy;     /* restart-strategy */
	int64_t fixed_delay_attempts;             /* restart-strategy.fixed-delay.attempts, -1 = unlimited,
	                                           * SIM_ATTEMPTS_UNSET = not given (Flink's default: 1) */
	int64_t fixed_delay_ms;                   /* restart-strategy.fixed-delay.delay; -1 = the release's
	                                           * default (1.9: 0 ms, 1.13: 1000 ms) */
	int64_t failure_rate_max_failures;        /* …failure-rate.max-failures-per-interval, 1 */
	int64_t failure_rate_interval_ms;         /* …failure-rate.failure-rate-interval, 60000 */
	int64_t failure_rate_delay_ms;            /* …failure-rate.delay, 1000 */
	int64_t exp_initial_backoff_ms;           /* …exponential-delay.initial-backoff, 1000 */
	int64_t exp_max_backoff_ms;               /* …exponential-delay.max-backoff, 60000 */
	double  exp_multiplier;                   /* …exponential-delay.backoff-multiplier, 1.5 */
	double  exp_jitter;                       /* …exponential-delay.jitter-factor, 0.1 */
	int64_t exp_reset_threshold_ms;           /* …exponential-delay.reset-backoff-threshold, 3600000 */
	char    savepoints_dir[512];              /* state.savepoints.dir, "./savepoints" */
	int64_t checkpoint_interval_ms;           /* execution.checkpointing.interval, 1000 (the job's --checkpointing) */
	int64_t checkpoint_timeout_ms;            /* execution.checkpointing.timeout, 600000 */
	int64_t buffer_timeout_ms;                /* execution.buffer-timeout, 100 */
	int64_t auto_watermark_interval_ms;       /* pipeline.auto-watermark-interval, 200 */
	int64_t log_retention_ms;                 /* Kafka log.retention.ms, 604800000 (7 days) */
	/* Flink 1.9's back-pressure sampling (web.backpressure.*; 1.13 reads task metrics). */
	int64_t bp_refresh_interval_ms;           /* web.backpressure.refresh-interval, 60000 */
	int64_t bp_num_samples;                   /* web.backpressure.num-samples, 100 */
	int64_t bp_delay_between_samples_ms;      /* web.backpressure.delay-between-samples, 50 */
	/* Timings the simulator calibrates (docs/timing.md; playground.* keys). */
	int64_t startup_jobmanager_ms;            /* JVM start until the REST endpoint answers, 5000 */
	int64_t startup_taskmanager_ms;           /* JVM start until it first registers, 3000 */
	int64_t startup_client_ms;                /* the client container's JVM and job graph, 4000 */
	int64_t checkpoint_ack_us;                /* a task's snapshot and acknowledgement, 3000 µs */
	int64_t checkpoint_write_latency_us;      /* writing one task's state file, 5000 µs */
	int64_t checkpoint_write_bytes_per_s;     /* and its bytes, 200 MB/s */
	int64_t fs_memory_threshold_bytes;        /* state.backend.fs.memory-threshold, 1024: smaller
	                                           * state is sent inline with the acknowledgement */
	int64_t cost_source_ns, cost_watermarks_ns, cost_backpressure_ns, cost_counter_ns,
	        cost_sink_ns;                     /* CPU per record of each operator, ns */
	/* JobManager high availability (Flink's HighAvailabilityOptions; off in the playground) */
	bool    ha_zookeeper;                     /* high-availability: zookeeper (default NONE) */
	char    ha_storage_dir[256];              /* high-availability.storageDir, mandatory with HA */
	char    ha_quorum[128];                   /* high-availability.zookeeper.quorum, mandatory with HA */
	char    ha_root[64];                      /* high-availability.zookeeper.path.root, "/flink" */
	char    ha_cluster_id[64];                /* high-availability.cluster-id, "/default" */
	int64_t ha_session_timeout_ms;            /* high-availability.zookeeper.client.session-timeout, 60000 */
	int64_t ha_connection_timeout_ms;         /* high-availability.zookeeper.client.connection-timeout, 15000 */
	char    ha_path_latch[64];                /* high-availability.zookeeper.path.latch, "/leaderlatch" */
	char    ha_path_leader[64];               /* high-availability.zookeeper.path.leader, "/leader" */
	char    ha_path_jobgraphs[64];            /* high-availability.zookeeper.path.jobgraphs, "/jobgraphs" */
	char    ha_path_checkpoints[64];          /* high-availability.zookeeper.path.checkpoints, "/checkpoints" */
	char    ha_path_counter[64];              /* …path.checkpoint-counter, "/checkpoint-counter" */
	char    ha_path_registry[64];             /* …path.running-registry, "/running_job_registry/" */
	int64_t ha_retry_wait_ms;                 /* high-availability.zookeeper.client.retry-wait, 5000 */
	int64_t ha_max_retry_attempts;            /* high-availability.zookeeper.client.max-retry-attempts, 3 */
	char    ha_acl[16];                       /* high-availability.zookeeper.client.acl, "open" */
	char    ha_jobmanager_port[32];           /* high-availability.jobmanager.port, "0" */
} SimConfig;

#ifdef SIM_MUTATIONS
/* Test-only (`make mutants` builds with -DSIM_MUTATIONS): deliberate defects, switched on per
 * run, that prove the swarm's checkers see what they look for. Release builds have none. */
enum {
	SIM_MUT_SKIP_TXN_ABORT   = 1u << 0,  /* the exactly-once sink's recovery aborts nothing it did not commit */
	SIM_MUT_FORGET_LOST_SLOT = 1u << 1,  /* a lost TaskManager's requested slots are not requested again */
	SIM_MUT_DROP_RETRY       = 1u << 2,  /* a Kafka request whose connection was refused is never retried */
};
/* Parses a comma-separated list of mutation names ("skip-txn-abort,drop-retry"); false on an
 * unknown name. sim_mutation_names() lists them. */
bool sim_mutations_parse(const char *names, uint32_t *out);
const char *sim_mutation_names(void);
#endif

#define SIM_GENERATOR_RATE     500        /* the playground's clicks per second */
#define SIM_MAX_GENERATOR_RATE 100000

typedef struct SimOptions {
	uint64_t seed;          /* the run's seed, 1 */
	int      taskmanagers;  /* taskmanager instances started by sim_up, 1 */
	int      slots;         /* taskmanager.numberOfTaskSlots, 2 */
	int      partitions;    /* partitions of `input` and `output`, 2 */
	bool     generator;     /* start clickevent-generator, true */
	int      generator_rate;/* clicks the generator creates per second of its running time, 500
	                         * (one per 2 ms, the playground's); 1 … SIM_MAX_GENERATOR_RATE */
	int64_t  epoch_ms;      /* processing-time clock at t=0 (ms since 1970), 1577836800000 */
	char     host_root[512];/* host paths (savepoints) resolve under this directory, relative and
	                         * absolute ones alike (it stands in for the containers' filesystem:
	                         * "/tmp/x" is <root>/tmp/x); "" = the working directory and the real
	                         * root. Never in the trace or messages: paths stay as given */
	SimConfig config;
#ifdef SIM_MUTATIONS
	uint32_t mutations;     /* SIM_MUT_* switched on (test builds only) */
#endif
} SimOptions;

void sim_options_default(SimOptions *o);

/* Sets one flink-conf key from a number or a string. Returns SIM_EINVAL with a message in
 * err (naming the key and, for unknown keys, listing the supported ones). */
SimStatus sim_config_set_number(SimConfig *c, const char *key, double value, char *err, size_t errlen);
SimStatus sim_config_set_string(SimConfig *c, const char *key, const char *value, char *err, size_t errlen);
/* The rules between keys (Flink's: heartbeat.timeout >= heartbeat.interval, initial-backoff
 * <= max-backoff), checked by sim_up; SIM_EINVAL with the message in err. */
SimStatus sim_config_check(const SimConfig *c, char *err, size_t errlen);
/* Comma-separated list of supported keys (static string). */
const char *sim_config_keys(void);
/* The release a version models ("1.9.2", "1.13.5"), its short commit id, and the version's
 * own name as the config key takes it ("1.9", "1.13"). */
const char *sim_flink_release(FlinkVersion v);
const char *sim_flink_commit(FlinkVersion v);
const char *sim_flink_version_name(FlinkVersion v);
const char *sim_flink_build_date(FlinkVersion v);

/* ---------------------------------------------------------------- lifecycle */

/* Returns a new Sim at t=0 with nothing running; the caller frees it with sim_destroy. */
Sim *sim_create(const SimOptions *o);
void sim_destroy(Sim *s);                 /* accepts NULL */

const SimOptions *sim_options(const Sim *s);
SimTime  sim_now(const Sim *s);
uint64_t sim_seed(const Sim *s);
const char *sim_error(const Sim *s);      /* message of the last failed action */

/* Starts zookeeper, kafka (topics input/output), jobmanager, the taskmanagers and the generator. */
SimStatus sim_up(Sim *s);

/* Runs the next event; returns false when the queue is empty. */
bool sim_step(Sim *s);
/* Runs every event with time <= t, then sets the clock to t. */
void sim_run_until(Sim *s, SimTime t);
/* The time of the next queued event; false when the queue is empty. Lets a caller stop
 * right after an instant (the view's snapshots at events) without running past it. */
bool sim_next_event_time(const Sim *s, SimTime *t);

/* ---------------------------------------------------------------- trace */

/* Every state change a learner or a test cares about is one typed event (event.h); its
 * trace line, "<seconds with 6 decimals> <component> <text>", is one rendering of it, and
 * the trace hash covers every line. Subscribers get each event with its rendered (and
 * escaped) text, as it happens. */
typedef void (*SimEventFn)(void *ctx, const SimEvent *ev, const char *text);
#define SIM_MAX_SUBSCRIBERS 8     /* for callers; the container logs (below) have a slot of their own */
/* Adds a subscriber; returns its handle (≥ 0), or -1 when SIM_MAX_SUBSCRIBERS are there. */
int  sim_subscribe(Sim *s, SimEventFn fn, void *ctx);
void sim_unsubscribe(Sim *s, int handle);       /* a handle from sim_subscribe; -1 is ignored */
uint64_t sim_trace_hash(const Sim *s);
uint64_t sim_trace_lines(const Sim *s);
/* Simulation events run so far (a handler call each: a message's delivery, a buffer's
 * arrival, an activation, a timer): what the model's speed is counted in (playground bench). */
uint64_t sim_events_run(const Sim *s);
/* Records an external command (from Lua or the keyboard) in the trace, so runs replay. */
void sim_trace_command(Sim *s, const char *text);

/* The next draw of the scenarios' own seeded stream (Lua's math.random). `stream` names
 * the caller for readers of the code; every caller shares the one "lua" stream, which no
 * model component draws from, so scenario randomness never shifts the model's. */
uint64_t sim_random_u64(Sim *s, const char *stream);

/* ---------------------------------------------------------------- services (docker-compose) */

typedef enum ServiceState { SERVICE_RUNNING, SERVICE_EXITED, SERVICE_PAUSED } ServiceState;
typedef enum ComposeAction {
	COMPOSE_KILL, COMPOSE_START, COMPOSE_STOP, COMPOSE_PAUSE, COMPOSE_UNPAUSE
} ComposeAction;

typedef struct ServiceInfo {
	char name[32];          /* "taskmanager-1", "kafka", … */
	char service[32];       /* "taskmanager", "kafka", … */
	ServiceState state;
	int  restarts;          /* times started after the first start */
	char resource_id[40];   /* taskmanagers: current ResourceID ("" when not running) */
	int64_t clock_offset_us;/* its machine's wall clock minus true time now (sim_compose_clock), µs */
	double clock_drift;     /* what that offset gains per second (0: none) */
	double cpu;             /* its machine's CPU speed factor (sim_compose_cpu), 1 */
} ServiceInfo;

const char *service_state_name(ServiceState st);   /* "running" | "exited" | "paused" */

/* Applies a docker-compose action to a service name: "jobmanager", "taskmanager" (every
 * instance), "taskmanager-N", "kafka", "zookeeper", "clickevent-generator". Acting on an
 * instance already in the target state is harmless and returns SIM_OK with a note in
 * sim_error(). An unknown name returns SIM_ENOENT with the valid names. */
SimStatus sim_compose(Sim *s, ComposeAction a, const char *service);
SimStatus sim_compose_scale(Sim *s, const char *service, int n);
int  sim_service_count(const Sim *s);
bool sim_service_info(const Sim *s, int i, ServiceInfo *out);   /* sorted by name */

/* A machine's wall clock (System.currentTimeMillis() there): from now on it reads true time
 * + offset_us, and the offset grows by drift seconds per second (-0.5 … 0.5; 0 none). Only
 * what reads the wall clock follows it: processing-time windows and the Backpressure
 * operator's even minutes on a TaskManager, the checkpoint start delay (TaskManager clock
 * against the JobManager's), the container's log dates; timeouts and heartbeats are
 * relative and never move. |offset| up to 100 years. Recorded in the trace as "clock NAME
 * +30s". The service name as for sim_compose (every instance of "taskmanager"). */
#define SIM_CLOCK_OFFSET_MAX_US ((int64_t)100 * 366 * 86400 * SIM_US_PER_S)
#define SIM_CLOCK_DRIFT_MAX 0.5
SimStatus sim_compose_clock(Sim *s, const char *service, int64_t offset_us, double drift);
/* A TaskManager machine's CPU speed: its tasks' per-record work takes cost / factor
 * (0.001 … 1000; 1 is the model's machine). Wall-clock waits (the Backpressure operator's
 * sleep) do not scale; heartbeats are answered by the TaskExecutor's own thread and do not
 * wait for the tasks. Only TaskManagers run tasks: any other service is SIM_EINVAL. */
#define SIM_CPU_MIN 0.001
#define SIM_CPU_MAX 1000.0
SimStatus sim_compose_cpu(Sim *s, const char *service, double factor);

/* ---------------------------------------------------------------- network faults (pg.net) */

/* Rules on the links between two services' containers, as iptables and tc netem make them:
 * a cut (messages wait until the heal: TCP retransmits them), an added delay with jitter, a
 * loss rate (each lost transmission is sent again after TCP's retransmission timeout, so a
 * lost packet is a late message). a and b are service names as for sim_compose
 * ("taskmanager": every instance that exists now); the rule covers every pair of a
 * container of a and a different container of b, in the directions given: NET_BOTH, NET_TO
 * (what a sends to b), NET_FROM (what a receives from b). A pair of the same container, or
 * no pair at all, is SIM_EINVAL; an unknown name SIM_ENOENT. Each is recorded in the trace
 * ("net partition jobmanager <-> taskmanager-1"). See sim/core/netfault.h for what the
 * model makes of them. */
typedef enum NetDirection { NET_BOTH, NET_TO, NET_FROM } NetDirection;
#define SIM_NET_DELAY_MAX_US (3600 * SIM_US_PER_S)
SimStatus sim_net_partition(Sim *s, const char *a, const char *b, NetDirection dir);
/* delay and jitter (≤ delay) in µs, up to an hour; 0 and 0 remove the delay. */
SimStatus sim_net_delay(Sim *s, const char *a, const char *b, SimTime delay_us, SimTime jitter_us, NetDirection dir);
/* loss: 0 ≤ loss < 1 (a link that loses everything is a partition); 0 removes it. */
SimStatus sim_net_loss(Sim *s, const char *a, const char *b, double loss, NetDirection dir);
/* Removes every rule between a and b (both directions), or, with a and b NULL, every rule;
 * what cut links held goes on its way. */
SimStatus sim_net_heal(Sim *s, const char *a, const char *b);

typedef struct NetLinkInfo {
	char from[32], to[32];  /* containers: a rule on what `from` sends to `to` */
	bool cut;
	SimTime delay_us, jitter_us;
	double loss;
} NetLinkInfo;
/* The links with a rule, sorted by (from, to) name. */
int  sim_net_link_count(const Sim *s);
bool sim_net_link_info(const Sim *s, int i, NetLinkInfo *out);

/* ---------------------------------------------------------------- container logs (docker-compose logs) */

/* What each container has printed, as `docker logs` keeps it: a killed container keeps its
 * log, a started one appends to it, so the log spans every run of the container. Lines are
 * numbered from 0 in the order printed; only the newest SIM_LOG_KEEP of each container are
 * kept (older ones are gone, as with docker's log rotation: the count goes on). Containers
 * are the names sim_service_info lists ("jobmanager", "taskmanager-1", "kafka", …). */
#define SIM_LOG_KEEP 20000
/* Lines the container has printed so far, -1 for an unknown container. */
int64_t sim_log_count(const Sim *s, const char *container);
/* The oldest line still kept (sim_log_count minus at most SIM_LOG_KEEP), -1 if unknown. */
int64_t sim_log_first(const Sim *s, const char *container);
/* Line i (sim_log_first <= i < sim_log_count): its text, without a newline, and when it
 * was printed; NULL otherwise. The text lives until the Sim runs its next event or the
 * next sim_log_line of the same container, whichever comes first: copy what you keep. */
const char *sim_log_line(const Sim *s, const char *container, int64_t i, SimTime *when);
/* The containers a docker-compose service name stands for ("taskmanager": every instance,
 * like sim_compose), in sim_service_info order, into names; returns how many (0 for
 * "taskmanager" while there is none), or -1 with sim_error() naming the valid names. */
int  sim_log_containers(Sim *s, const char *service, char (*names)[32], int max);

/* ---------------------------------------------------------------- jobs */

typedef enum SinkMode { SINK_AT_LEAST_ONCE, SINK_EXACTLY_ONCE } SinkMode;

typedef struct JobOptions {
	int  parallelism;        /* 2 */
	int  max_parallelism;    /* 0 = Flink's default from parallelism (128 for small p) */
	bool checkpointing;      /* true */
	bool event_time;         /* true */
	bool backpressure;       /* false */
	bool chaining;           /* false */
	SinkMode sink;           /* at-least-once */
	const char *savepoint;   /* path to restore from, or NULL */
} JobOptions;

void job_options_default(JobOptions *o);

/* Flink's job states (JobStatus) and task states (ExecutionState), in Flink's order. */
typedef enum JobState {
	JOB_INITIALIZING, JOB_CREATED, JOB_RUNNING, JOB_FAILING, JOB_FAILED, JOB_CANCELLING,
	JOB_CANCELED, JOB_FINISHED, JOB_RESTARTING, JOB_SUSPENDED, JOB_RECONCILING,
	JOB_STATE_COUNT
} JobState;
typedef enum TaskState {
	TASK_CREATED, TASK_SCHEDULED, TASK_DEPLOYING, TASK_INITIALIZING, TASK_RUNNING,
	TASK_FINISHED, TASK_CANCELING, TASK_CANCELED, TASK_FAILED, TASK_RECONCILING,
	TASK_STATE_COUNT
} TaskState;
const char *job_state_name(JobState st);
const char *task_state_name(TaskState st);
bool job_state_is_terminal(JobState st);
bool task_state_is_terminal(TaskState st);  /* FINISHED, CANCELED, FAILED */

/* Runs every check sim_job_submit makes (state, options, the savepoint file and its
 * operators) and changes nothing: a caller that records the command first asks this. */
SimStatus sim_job_check(Sim *s, const JobOptions *o);
/* Submits Click Event Count through the Dispatcher. On success writes the 32-hex job id;
 * a refused submission changes nothing (no random draw, no trace line). */
SimStatus sim_job_submit(Sim *s, const JobOptions *o, char job_id[33]);
SimStatus sim_job_cancel(Sim *s, const char *job_id);

typedef struct JobInfo {
	char jid[33];
	char name[64];            /* "Click Event Count" */
	JobState state;
	SimTime start_time;       /* submission time */
	SimTime end_time;         /* -1 while not terminal */
	int  vertex_count;
	int  parallelism;
	int  max_parallelism;
	bool checkpointing, event_time;
	SinkMode sink;
	char failure[320];        /* root cause of the last failure, "" if none */
	SimTime failure_time;     /* when it happened, -1 if never */
	SimTime state_time[JOB_STATE_COUNT]; /* when each state was last entered, -1 never */
	int64_t num_restarts;
	bool received;            /* the Dispatcher has it: the client's submission has arrived */
	bool at_jobmanager;       /* the leading JobManager process's Dispatcher has it (it was submitted
	                           * to or recovered by this process): false for the jobs of an earlier
	                           * process, which Flink forgot with that process's memory */
} JobInfo;

typedef struct VertexInfo {
	char id[33];              /* stable vertex id (hex) */
	char name[64];            /* "ClickEvent Source", … */
	int  parallelism;
	TaskState status;         /* Flink's aggregate vertex state */
	int  tasks[TASK_STATE_COUNT];
	int  ship_strategy;       /* input edge: 0 none (source), 1 FORWARD, 2 HASH */
	SimTime start_time;       /* first DEPLOYING of a subtask of the current attempt, -1 if none */
	SimTime end_time;         /* when all subtasks are terminal: the latest one's state change, else -1 */
	uint64_t read_records, write_records, read_bytes, write_bytes;
} VertexInfo;

typedef struct TaskInfo {
	TaskState state;
	int  attempt;             /* execution attempt, 0 first */
	char failure[160];        /* why this attempt FAILED, "" otherwise */
	SimTime state_time[TASK_STATE_COUNT]; /* when this attempt entered each state, -1 never */
	int  taskmanager;         /* index of the taskmanager service instance (0-based), -1 if none */
	int  slot;                /* slot index in that taskmanager, -1 if none */
	int64_t watermark_ms;     /* current input watermark, INT64_MIN if none */
	uint64_t records_in, records_out, bytes_in, bytes_out;
	double busy_ms_per_s, backpressured_ms_per_s, idle_ms_per_s;   /* the last second's (the view's) */
	/* Flink 1.13's gauges as they read: idle and back-pressured time per second over the
	 * last 5 s window (TimerGauge), busy = 1000 − both (NaN at a source: SourceStreamTask
	 * disables busy time, and its idle time is not measured: 0) */
	int64_t idle_time_gauge, backpressured_time_gauge;
	double busy_time_gauge;
	double out_pool_usage, in_pool_usage;
	int  output_queue_length, input_queue_length;
	uint64_t late_records_dropped;  /* numLateRecordsDropped */
	int64_t records_lag_max;        /* source: Kafka consumer records-lag-max */
	double  checkpoint_alignment_ms;/* checkpointAlignmentTime of the last checkpoint */
	double  checkpoint_start_delay_ms; /* checkpointStartDelayNanos / 1e6 */
} TaskInfo;

int  sim_job_count(const Sim *s);                                   /* every job ever submitted */
bool sim_job_id_at(const Sim *s, int i, char job_id[33]);           /* in submission order */
/* The job a viewer shows: the newest that has not ended, else the newest; false if none. */
bool sim_job_current(const Sim *s, char job_id[33]);
SimStatus sim_job_info(const Sim *s, const char *job_id, JobInfo *out);
SimStatus sim_vertex_info(const Sim *s, const char *job_id, int v, VertexInfo *out);
SimStatus sim_task_info(const Sim *s, const char *job_id, int v, int subtask, TaskInfo *out);

/* Job-level metric by Flink's name (lastCheckpointSize, numRestarts, …); SIM_ENOENT if unknown. */
SimStatus sim_job_metric(const Sim *s, const char *job_id, const char *name, double *out);
const char *sim_job_metric_names(void);   /* comma-separated */

/* Checkpoint history for views: the newest first. */
typedef enum CheckpointStatus { CP_IN_PROGRESS, CP_COMPLETED, CP_FAILED } CheckpointStatus;
typedef struct CheckpointInfo {
	int64_t id;
	CheckpointStatus status;
	bool savepoint;
	SimTime trigger_time, end_time;     /* end_time -1 while in progress */
	SimTime latest_ack;                 /* the last acknowledgement so far, -1 none */
	uint64_t size_bytes;
	int acknowledged, total;
	bool discarded;                     /* completed and since subsumed (one is retained) */
	char failure[200];                  /* why it FAILED */
	char path[600];                     /* once completed: the savepoint's directory, or the
	                                     * checkpoint's <state.checkpoints.dir>/<job>/chk-<n> */
	/* per vertex, in the job's order: subtasks acknowledged, their state size and last ack */
	int vertex_acked[SIM_MAX_VERTICES];
	uint64_t vertex_size[SIM_MAX_VERTICES];
	SimTime vertex_ack[SIM_MAX_VERTICES];
} CheckpointInfo;

/* What Flink's CheckpointStatsTracker reports beside the history (GET /jobs/<id>/checkpoints). */
typedef struct CheckpointStats {
	int64_t restored, total, in_progress, completed, failed;   /* counts */
	/* min / max / sum / samples over every completed checkpoint of the job */
	int64_t size_min, size_max, size_sum, duration_min, duration_max, duration_sum, samples;
	bool    has_restored;                 /* latest.restored */
	int64_t restored_id, restore_ms;      /* which checkpoint, when (machine clock) */
	bool    restored_savepoint;
	char    restored_path[600];
} CheckpointStats;
SimStatus sim_checkpoint_stats(const Sim *s, const char *job_id, CheckpointStats *out);
/* The job's retained checkpoint or savepoint (the newest completed one) as `flink run -s`
 * takes it: a savepoint's directory, or <state.checkpoints.dir>/<job id>/chk-<n>. SIM_ESTATE
 * when there is none (not yet, or discarded when the job FINISHED, was CANCELED or FAILED;
 * a job its JobManager lost keeps it). */
SimStatus sim_job_latest_checkpoint(const Sim *s, const char *job_id, char *path, size_t len);
int  sim_checkpoint_history(const Sim *s, const char *job_id, CheckpointInfo *out, int max);

/* ---------------------------------------------------------------- savepoints */

/* Triggers a savepoint, like POST /jobs/<id>/savepoints (stop = false) or POST
 * /jobs/<id>/stop (stop = true: FLIP-34 stop-with-savepoint; drain emits MAX_WATERMARK
 * first). Asynchronous, as Flink's REST operations are: whenever the JobManager answers, a
 * trigger id to poll with sim_savepoint_info is written and SIM_OK returned; a savepoint the
 * job cannot take (unknown or ended job, tasks not all RUNNING) is a trigger that has FAILED
 * with Flink's reason. SIM_ESTATE only when the JobManager is not reachable. */
SimStatus sim_job_savepoint(Sim *s, const char *job_id, bool stop, bool drain, char trigger_id[33]);

/* Would a savepoint succeed now? SIM_OK, or the reason it would fail (nothing changes): the
 * Lua API raises at once instead of returning a failed trigger. */
SimStatus sim_job_savepoint_check(Sim *s, const char *job_id);

typedef enum SavepointStatus { SAVEPOINT_IN_PROGRESS, SAVEPOINT_COMPLETED, SAVEPOINT_FAILED } SavepointStatus;
typedef struct SavepointInfo {
	SavepointStatus status;
	char job_id[33];
	bool stop, drain;
	char path[600];           /* the savepoint directory once written, "" before; a stop's
	                           * operation can still FAIL after (the job did not FINISH) */
	bool failed_over;         /* a stop whose job failed over after its savepoint was written:
	                           * Flink 1.9 keeps it IN_PROGRESS while the restored job runs */
	char failure[300];        /* why it FAILED */
	char failure_class[96];   /* the failure's exception class */
	bool at_jobmanager;       /* the leading JobManager process's REST endpoint took the request
	                           * (Flink keeps its result in that process's memory) */
	SimTime ended_at;         /* when it left IN_PROGRESS */
} SavepointInfo;
SimStatus sim_savepoint_info(const Sim *s, const char *trigger_id, SavepointInfo *out);
/* The id of the i-th savepoint request of the run (0-based, in request order); false past the
 * last. With sim_savepoint_info: every savepoint directory the run wrote, whichever JobManager
 * took the request (what `ls state.savepoints.dir` finds of this run). */
bool sim_savepoint_trigger_at(const Sim *s, int i, char trigger_id[33]);

/* ---------------------------------------------------------------- back pressure (Flink 1.9) */

#define SIM_MAX_PARALLELISM 128       /* subtasks of one vertex */
/* Flink 1.9's BackPressureStatsTracker: a stack-trace sample of a vertex's subtasks, taken
 * over 100 samples 50 ms apart (5 s) and kept for web.backpressure.refresh-interval (60 s). */
typedef struct BackPressureSample {
	SimTime end_time;                 /* when the sample was complete */
	int     subtasks;
	double  ratio[SIM_MAX_PARALLELISM]; /* share of the samples blocked on an output buffer */
} BackPressureSample;
/* Answers the vertex's latest sample; starts a new one when there is none or it is older than
 * the refresh interval (the REST request is what triggers sampling). SIM_ENOENT while the job's
 * first sample of the vertex is still being taken. */
SimStatus sim_backpressure_sample(Sim *s, const char *job_id, int vertex, BackPressureSample *out);

/* ---------------------------------------------------------------- cluster */

typedef struct TaskManagerInfo {
	char resource_id[40];     /* Flink's ResourceID */
	char name[32];            /* the container: "taskmanager-1" */
	int  instance;            /* its taskmanager instance (0-based) */
	int  rpc_port, data_port; /* its RPC endpoint's and netty server's ports (random) */
	int  slots, free_slots;
	SimTime registered_at;    /* when it registered at the ResourceManager */
} TaskManagerInfo;
/* TaskManagers registered at the ResourceManager (what GET /taskmanagers lists). */
int  sim_taskmanager_count(const Sim *s);
bool sim_taskmanager_info(const Sim *s, int i, TaskManagerInfo *out);
/* The data port of a running taskmanager instance (0-based), -1 if it is not running. */
int  sim_taskmanager_data_port(const Sim *s, int instance);
/* Is the JobManager (REST endpoint) up and answering? */
bool sim_jobmanager_reachable(const Sim *s);
/* The JobManager's web.tmpdir, "/tmp/flink-web-<uuid>" (new on every start); "" when down. */
void sim_web_tmp_dir(const Sim *s, char *buf, size_t len);
/* High availability: a JobManager runs but none leads (an election is going on). */
bool sim_jobmanager_electing(const Sim *s);
/* Processing-time clock of the machines, ms since 1970 (REST "now", timestamps). */
int64_t sim_clock_now_ms(const Sim *s);
int64_t sim_to_clock_ms(const Sim *s, SimTime t);

/* ---------------------------------------------------------------- the web submission's jars */

typedef struct JarInfo {
	char id[160];             /* "<uuid>_ClickCountJob.jar", the jar id of /jars/<jarid>/run */
	char name[128];           /* the uploaded file's name */
	char path[256];           /* where it lies: <web.tmpdir>/flink-web-upload/<id> */
	int64_t uploaded_ms;      /* machine clock */
	bool playground;          /* the playground's Click Event Count jar (else not runnable) */
} JarInfo;
/* Stores an uploaded jar in the JobManager's web.upload.dir (it goes with the process).
 * SIM_ESTATE when the JobManager is down, SIM_EINVAL when the directory is full (16 jars). */
SimStatus sim_jar_upload(Sim *s, const char *name, bool playground, JarInfo *out);
int  sim_jar_count(const Sim *s);
/* Jars newest first, as GET /jars lists them. */
bool sim_jar_at(const Sim *s, int i, JarInfo *out);
bool sim_jar_find(const Sim *s, const char *id, JarInfo *out);
SimStatus sim_jar_delete(Sim *s, const char *id);

/* ---------------------------------------------------------------- kafka */

typedef struct KafkaRecordView {
	int      partition;
	int64_t  offset;
	int64_t  ts_ms;           /* input: event timestamp; output: window start */
	int64_t  end_ms;          /* output: window end; input: 0 */
	int      page;            /* index into sim_page_name() */
	int64_t  count;           /* output: clicks in the window; input: 0 */
} KafkaRecordView;

typedef enum Isolation { ISOLATION_READ_UNCOMMITTED, ISOLATION_READ_COMMITTED } Isolation;

int  sim_kafka_partitions(const Sim *s, const char *topic);                  /* -1 if unknown */
int64_t sim_kafka_end_offset(const Sim *s, const char *topic, int partition);
int64_t sim_kafka_start_offset(const Sim *s, const char *topic, int partition); /* after retention */
/* Copies up to max readable records of one partition from `from` into out; returns the
 * count, and the next offset to read in *next. Control markers and, in read_committed,
 * aborted or still-open transactional records are skipped. */
size_t sim_kafka_read(const Sim *s, const char *topic, int partition, int64_t from,
                      Isolation iso, KafkaRecordView *out, size_t max, int64_t *next);
/* Lag of a consumer group: end offsets minus committed offsets, over `input`; -1 for an
 * unknown group (the playground has one: click-event-count). */
int64_t sim_kafka_lag(const Sim *s, const char *group);
int64_t sim_kafka_committed(const Sim *s, const char *group, const char *topic, int partition);

/* Events first_k … first_k + n − 1 of the generator (generator.h numbers them). */
typedef struct SimClickRange {
	int64_t first_k;
	int64_t n;
} SimClickRange;

/* The batches the generator's producer dropped after delivery.timeout.ms (its log's
 * `Expiring N record(s) for input-P`), oldest first: copies up to max into out and returns
 * how many there are. Such a batch may or may not be in `input` (a request whose answer was
 * lost may have been stored), as for the real producer, which cannot tell either. */
size_t sim_generator_dropped(const Sim *s, SimClickRange *out, size_t max);

/* Renders a record's value exactly as the playground writes it (JSON); returns its length. */
size_t sim_kafka_value_json(const char *topic, const KafkaRecordView *r, char *buf, size_t len);

int  sim_page_count(void);                 /* 6 */
const char *sim_page_name(int page);       /* "/help", "/index", … */
int  sim_page_index(const char *name);     /* -1 if unknown */

#endif
