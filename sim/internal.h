/*
 * internal.h — the Sim structure shared by the model's modules (never by lua/ or viz/).
 *
 * The Sim owns everything: the event queue, the processes, the Kafka broker's disk,
 * the generator, the JobManager, the TaskManagers, every job and every task ever
 * created (tasks stay allocated until sim_destroy so events and messages can name them
 * by id; a finished task drops its buffers and state).
 */
#ifndef SIM_INTERNAL_H
#define SIM_INTERNAL_H

#include <stdarg.h>

#include "sim.h"
#include "core/check.h"
#include "core/evq.h"
#include "core/net.h"
#include "core/rng.h"
#include "core/trace.h"

#define SIM_MAX_PROCS 40
#define SIM_MAX_TMS   SIM_MAX_TASKMANAGERS

struct Broker;
struct Generator;
struct JobManager;
struct TaskManager;
struct Job;
struct Ha;
struct Task;
struct BufferPool;

struct Sim {
	SimOptions opt;                 /* as created (seed, counts, config) */
	SimTime    now;                 /* simulated clock, µs */
	EventQueue *evq;                /* pending events */
	uint64_t   events_run;          /* handler calls so far (playground bench's figures) */
	bool       in_event;            /* a handler runs: the clock may not be advanced from it */
	Trace      trace;               /* state-change log and hash */
	Rng        rng_net;             /* network latency jitter */
	Rng        rng_lua;             /* math.random of scenarios */
	Rng        rng_ids;             /* job ids, resource ids, savepoint names */
	Process    procs[SIM_MAX_PROCS];/* service instances, in creation order */
	int        nprocs;
	int        proc_zookeeper, proc_kafka, proc_jobmanager, proc_generator; /* indices, -1 none */
	int        tm_proc[SIM_MAX_TMS];/* taskmanager instance → process index */
	bool       tm_removed[SIM_MAX_TMS]; /* scaled away: docker-compose removed its container */
	int        ntm;                 /* taskmanager instances created */
	struct TaskManager *tms[SIM_MAX_TMS]; /* runtime of each instance, NULL while exited */
	struct Broker *broker;          /* Kafka: disk (logs, offsets) and in-memory state */
	struct Generator *gen;          /* the clickevent-generator */
	struct JobManager *jm;          /* Dispatcher + ResourceManager, NULL while exited */
	struct Job **jobs;              /* every job submitted, in order */
	int        njobs;
	struct Job **retired;           /* HA: jobs whose JobMaster a new leader's replaced (same index) */
	int        nretired;
	struct Ha *ha;                  /* JobManager high availability, NULL without (flink/ha.c) */
	struct Task **tasks;            /* every task created, by task id */
	int        ntasks, cap_tasks;
	struct BufferPool *pool;        /* network buffers */
	SimTime    net_last[SIM_MAX_PROCS][SIM_MAX_PROCS]; /* last delivery per link: TCP keeps order */
	MsgHandler msg_handlers[PROC_KINDS]; /* what each kind of process does with a message (net.c) */
	bool      *conn_closed;         /* client connections (net_conn_open): closed yet? */
	uint32_t   nconns, cap_conns;
	struct SavepointTrigger *triggers; /* savepoint requests, by trigger id */
	int        ntriggers;
	bool       up;                  /* sim_up done */
	SimTime    client_ready_at;     /* the client container's JVM has built the job (sim_up + startup) */
	struct { SimEventFn fn; void *ctx; } subs[SIM_MAX_SUBSCRIBERS + 1]; /* event subscribers, fn NULL = free;
	                                * the last is the container logs' (logs.c) */
	struct SimLogs *logs;           /* what each container printed (logs.c) */
	struct NetFaults *netf;         /* network fault rules between processes (pg.net), NULL none yet */
	char       err[512];            /* message of the last failed action */
};

/* Is a test-only mutation (sim.h) switched on? Always false in release builds. */
#ifdef SIM_MUTATIONS
#define SIM_MUTATED(s, m) (((s)->opt.mutations & (m)) != 0)
#else
#define SIM_MUTATED(s, m) false
#endif

/* Does the run model Flink 1.9 (the default profile, playground.flink-version)? */
#define SIM_FLINK_1_9(s) ((s)->opt.config.flink_version == FLINK_1_9)

/* Records an error message for the caller; returns st. */
SimStatus sim_fail(Sim *s, SimStatus st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Schedules fn(obj, arg) at absolute time t (≥ now). */
EventId sim_at(Sim *s, SimTime t, EventFn fn, void *obj, uint64_t arg);
#define sim_after(s, dt, fn, obj, arg) sim_at((s), (s)->now + (dt), (fn), (obj), (arg))
/* sim_at for an event nobody cancels; consecutive ones of one handler at one time share a
 * place in the queue (evq_push_batch), and run exactly when they would have. */
void sim_at_batch(Sim *s, SimTime t, EventFn fn, void *obj, uint64_t arg);
void sim_cancel(Sim *s, EventId *id);     /* cancels and zeroes *id; 0 is fine */
/* Emits an event: its trace line (hashed) and every subscriber. SIM_EMIT(s, EV_JOB_STATE, …)
 * takes the fields as EV does (event.h); t is set to now. */
void sim_emit(Sim *s, SimEvent *e);
/* The container of the JobManager that leads ("jobmanager"; with HA, a standby that took
 * over): what the JobManager's events name as their component. */
static inline const char *sim_jm_name(const Sim *s)
{
	return s->proc_jobmanager >= 0 ? s->procs[s->proc_jobmanager].name : "jobmanager";
}
/* The JobManager process that leads now, as process index << 32 | incarnation (never 0: an
 * incarnation counts from 1); 0 while none does. What Flink keeps of finished jobs (the
 * Dispatcher's archived execution graphs) and of savepoint requests (the REST endpoint's
 * completed operations) lives in the memory of one process: a job or trigger recorded with
 * another key is unknown to the JobManager that answers now. Flink 1.9 and 1.13 create the
 * archive (ClusterEntrypoint.createSerializableExecutionGraphStore: a file store under a
 * directory named by a random UUID, or in memory) and the REST endpoint once per process,
 * and keep both across leadership changes: a process started again begins empty. (Here, not
 * in api.c: the model's layers — ha.c — record it too.) */
static inline int64_t sim_jm_process(const Sim *s)
{
	if (!s->jm || s->proc_jobmanager < 0)
		return 0;
	return (int64_t)s->proc_jobmanager << 32 | s->procs[s->proc_jobmanager].incarnation;
}

#define SIM_EMIT(s, kind_, ...) do { SimEvent ev_ = EV((kind_), __VA_ARGS__); sim_emit((s), &ev_); } while (0)
/* Processing-time clock of the machines, ms since 1970. */
int64_t sim_clock_ms(const Sim *s);
/* The processes a service name stands for ("taskmanager": every instance; else the exact
 * name), in creation order, into out (room for SIM_MAX_PROCS); returns their number, 0 for
 * "taskmanager" while there is none, -1 for an unknown name. */
int sim_resolve_service(const Sim *s, const char *service, int *out);
/* The valid service names, for an error message ("jobmanager, taskmanager, …"). */
const char *sim_service_names(const Sim *s, char *buf, size_t len);
/* Index of the process named exactly `name`, -1 if none. */
int sim_proc_find(const Sim *s, const char *name);
struct Job *sim_job_find(const Sim *s, const char *job_id);

#endif
