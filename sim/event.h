/*
 * event.h — what happened, as typed events: the model's one way to say it.
 *
 * Every state change a learner, a test or a tool cares about is one SimEvent: a kind and
 * named fields (FoundationDB's TraceEvent, TigerBeetle's structured tracer). The trace line
 * — "<seconds> <component> <text>", hashed into the run's trace hash — is one rendering of
 * it (event_render); the view, the narration, the checkers and the exporters (timeline,
 * metrics, diff) read the fields, never the text.
 *
 * The fields are one flat set whose meaning the kind fixes (the table in event.c lists,
 * per kind, which are set); unset numbers are -1, unset strings NULL. Strings point into the
 * model and live only as long as the call that delivers the event: a subscriber copies what
 * it keeps.
 */
#ifndef EVENT_H
#define EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t SimTime;

typedef enum EvKind {
	EV_COMMAND,            /* text: an operator's command ("docker-compose kill taskmanager"); what: a fault's kind
	                          (net.partition, net.delay, net.loss, net.heal, clock, cpu), else unset; flag: the fault
	                          command puts things back to normal (a heal, a delay of 0, a CPU factor of 1, …) */
	EV_CONTAINER,          /* name: container; what: started | killed | stopped | paused | unpaused */
	EV_TOPIC_CREATED,      /* name: topic; n: partitions */
	EV_JM_STARTED,         /* the JobManager process came up */
	EV_JM_READY,           /* its REST endpoint answers (the JVM and the cluster's services are up) */
	EV_JOB_SUBMITTED,      /* job; n: parallelism; m: checkpoint interval ms (-1 off); flag: event time; path: savepoint */
	EV_JOB_STATE,          /* job; from, to: JobState */
	EV_JOB_FAILED,         /* job; text: cause; n: restart delay ms, -1 when recovery is suppressed; what: the suppressing strategy;
	                        * flag: Flink 1.9's wording */
	EV_JOB_LOST,           /* job: lost with its JobManager (no HA) */
	EV_JOB_RESTORED,       /* job; id: checkpoint id; flag: a savepoint; n: its trigger time, machine-clock ms;
	                        * k: 1 for Flink 1.9's log line, else 0 */
	EV_JOB_ALL_RUNNING,    /* job; n: tasks */
	EV_TASK_STATE,         /* the JobMaster's view. job; vertex, subtask, parallelism, name: vertex name; from, to:
	                        * TaskState; tm, k: taskmanager and slot it is placed in (-1 while none) */
	EV_TASK_REPORT,        /* a TaskManager's own view. tm; k: slot; job; vertex, subtask, parallelism, name; to:
	                        * TaskState; text: cause */
	EV_SLOTS_REQUESTED,    /* job; n: slots */
	EV_TM_STARTED,         /* tm; name: ResourceID; n: slots */
	EV_TM_REGISTERED,      /* tm; name: ResourceID; n: slots; k: its RPC port; flag: Flink 1.9's address form */
	EV_TM_LOST,            /* tm; text: why the ResourceManager dropped it */
	EV_TM_JM_TIMEOUT,      /* tm: the JobManager's heartbeat timed out */
	EV_TM_DISCONNECTED,    /* tm: told it was declared lost */
	EV_CHECKPOINT_TRIGGERED, /* job; id; flag: a savepoint; what: "" | "stop" | "stop-drain"; k: the trigger
	                        * time (machine-clock ms) that Flink 1.9's line names, -1 for 1.13's line */
	EV_CHECKPOINT_COMPLETED, /* job; id; n: bytes; m: duration ms; k: 1 for Flink 1.9's line, else 0 */
	EV_CHECKPOINT_FAILED,  /* job; id; text: reason; k: 1 for Flink 1.9's line, else 0 */
	EV_SAVEPOINT_STORED,   /* job; id; path */
	EV_SOURCE_ASSIGNED,    /* job; subtask, parallelism; n: first partition (-1 none); m: partitions; flag: from a checkpoint */
	EV_OFFSET_RESET,       /* tm; subtask, parallelism, name: vertex; id: partition; n: position; m: log start; k: log end */
	EV_REQUEST_TIMEOUT,    /* proc: the client's process; text: the request; n: timeout ms; m: retry back-off ms */
	EV_TXN_ENDED,          /* name: transactional id; id: producer id; n: epoch; m: partition; flag: committed; what: why */
	EV_TXN_RECOVERY_ERROR, /* tm; subtask, parallelism, name: vertex; text: transactional id; what: Kafka error */
	EV_RETENTION,          /* name: topic; id: partition; n: records deleted; m: new log start offset */
	EV_GENERATOR_STARTED,  /* id: producer id */
	EV_BATCH_EXPIRED,      /* n: records; id: partition; m: age ms */
	/* JobManager high availability (sim/flink/ha.c); component: the process that lives it */
	EV_HA_LEADERSHIP,      /* what: granted | revoked; n: the leadership's fencing generation; text: why revoked */
	EV_HA_ZOOKEEPER,       /* what: suspended | reconnected | lost | expired: a ZooKeeper client's connection state */
	EV_HA_JOB_RECOVERED,   /* job; id: checkpoint it will restore, -1 none (its savepoint or a fresh start) */
	EV_TM_LEADER,          /* tm; name: the JobManager it found as leader, NULL none (leader retrieval) */
	EV_STOP_UNFINISHED,    /* Flink 1.13: a stop-with-savepoint whose savepoint exists ended otherwise than
	                        * FINISHED. job; path: the savepoint's pointer (file:…); what: the executions'
	                        * states other than FINISHED ("FAILED, CANCELED"); text: the failure (FlinkException:
	                        * Inconsistent execution state …); flag: a global fail-over follows (EV_JOB_FAILED) */
	EV_KIND_COUNT
} EvKind;

typedef struct SimEvent {
	EvKind   kind;
	SimTime  t;                /* simulated µs */
	const char *component;     /* who changed: "jobmanager", "taskmanager-1", "kafka", … (the trace's) */
	const char *job;           /* the job's 32-hex id, or NULL */
	const char *name;          /* a name the kind says (container, vertex, topic, ResourceID, txn id) */
	const char *text;          /* a cause, a command, a request */
	const char *what;          /* a short word the kind says */
	const char *path;          /* a savepoint path */
	int      tm;               /* taskmanager instance (0-based), -1 */
	int      vertex, subtask, parallelism; /* -1 */
	int      from, to;         /* states (JobState or TaskState, per kind), -1 */
	int64_t  id, n, m, k;      /* numbers the kind says, -1 */
	bool     flag;             /* a yes/no the kind says */
} SimEvent;

/* An event of a kind with some fields set: EV(EV_JOB_STATE, .job = id, .from = a, .to = b);
 * the rest are unset (numbers -1, strings NULL, flag false). */
#define EV(kind_, ...) ((SimEvent){ .kind = (kind_), .tm = -1, .vertex = -1, .subtask = -1, .parallelism = -1, \
                                    .from = -1, .to = -1, .id = -1, .n = -1, .m = -1, .k = -1, __VA_ARGS__ })

/* A copy that owns its strings (one allocation; free it with free()); NULL if out of memory. */
SimEvent *event_dup(const SimEvent *e);

/* Writes the event's text — the trace line's part after the component — into buf
 * (snprintf rules); returns its length. */
size_t event_render(const SimEvent *e, char *buf, size_t len);

/* What observers ask of a kind. */
typedef enum EvClass {
	EV_CLASS_COMMAND,      /* someone acted */
	EV_CLASS_STATE,        /* a state a learner follows */
	EV_CLASS_PROBLEM,      /* a failure, a loss, a timeout */
	EV_CLASS_PLUMBING      /* routine: checkpoints coming and going, Kafka's housekeeping */
} EvClass;
const char *event_kind_name(EvKind kind);   /* "job.state", "checkpoint.completed", … */
EvClass event_class(const SimEvent *e);

#endif
