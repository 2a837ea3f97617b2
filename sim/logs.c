/*
 * logs.c — the containers' logs: each typed event rendered as the process that lives it
 * prints it (see logs.h), kept per container in a ring of the newest SIM_LOG_KEEP lines.
 *
 * Formats, as the playground's images print them to the console (docker keeps stdout):
 *   Flink (flink-dist's conf/log4j-console.properties, which the image's start-foreground
 *     uses): %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n. 1.9 logs with log4j 1.x, whose
 *     %x of an empty NDC prints nothing ("…Coordinator     - msg", two spaces before the dash);
 *     1.13 with log4j 2, whose %x of the empty thread context stack prints "[]";
 *   Kafka 2.2 (wurstmeister/kafka, config/log4j.properties): [%d] %p %m (%c)%n;
 *   ZooKeeper 3.4.6 (wurstmeister/zookeeper): %d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n.
 * Dates are the container's own machine clock (pg.compose.clock may skew it), UTC as in
 * the containers. The message
 * texts and logger names are Flink's own (Dispatcher, JobMaster, ExecutionGraph, Execution,
 * CheckpointCoordinator, ResourceManager, TaskExecutor, Task), of release 1.9 or 1.13 as the
 * run's profile says (playground.flink-version: docs/flink-versions.md). Exceptions
 * are shown by their first line (Throwable.toString); the JVM's stack frames are left out.
 *
 * Ids the model does not have — execution attempt ids, allocation ids, registration ids, a
 * container's host name — are hashes of what identifies them (FNV-1a), so they are stable
 * within a run and across runs with the same seed, and cost no random draw.
 *
 * What a killed process does not print: nothing at all (SIGKILL); a stopped one (SIGTERM)
 * prints its shutdown lines. The JobManager's jobs are suspended before the container event
 * says which it was, so their lines wait in `suspended` until then.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fmt.h"
#include "flink/states.h"
#include "internal.h"
#include "logs.h"

#define LOGS_MAX_PENDING 64
#define LOGS_LAZY_VERTICES 8            /* vertices of a job whose task lines can be lazy */
#ifndef LOGS_TEST_DROP
#define LOGS_TEST_DROP EV_KIND_COUNT   /* tests/unit/test_logs_broken.c drops a kind: its checks must fail */
#endif

/* A line. The two a running job prints every checkpoint interval — "Triggering checkpoint"
 * and "Completed checkpoint" — are most of every log: they are kept as their numbers and
 * written out when read (rendering them as they happen cost the model 6 % of its speed).
 * So is the ExecutionGraph's "<task> (<attempt id>) switched from A to B.": a job in a
 * restart loop prints tens of thousands, of which the ring keeps the newest 20 000 and a
 * scenario reads fewer still (rendering them was a sixth of such a swarm seed). */
typedef enum LazyKind { LAZY_NONE, LAZY_TRIGGERED, LAZY_COMPLETED, LAZY_TASK_STATE } LazyKind;
typedef struct Entry {
	SimTime when;
	char   *text;               /* the line (a lazy one: unused), NULL none yet */
	uint32_t cap;               /* bytes allocated at text: the next line here reuses them */
	int     lazy, job;          /* LazyKind; index of the job in SimLogs.jobs */
	int64_t id, n, m;           /* checkpoint id; completed: bytes, milliseconds; a task line:
	                             * vertex << 32 | subtask, parallelism << 32 | from << 8 | to, attempt */
	int64_t clock_ms;           /* a lazy line: the machine's clock when it was printed */
} Entry;

typedef struct Ring {
	char    name[32];           /* the container: "taskmanager-1" */
	Entry  *e;                  /* line i at [i % SIM_LOG_KEEP]; grown as lines come, up to SIM_LOG_KEEP */
	int64_t cap;                /* entries allocated at e */
	int64_t total;              /* lines ever printed */
	bool    running;            /* can print (a paused container prints when it resumes) */
	int     proc;               /* the container's process index, -1 not known yet */
	char    scratch[400];       /* a lazy line, written out */
} Ring;

typedef struct LogJob {
	char jid[33], name[64];
	int  parallelism;
	int  vertices;              /* of its graph, 0 not asked yet */
	int  attempt;               /* Flink's attempt number of its executions: restarts so far */
	char savepoint[600];        /* submitted with -s, "" none */
	int64_t ha_restore;         /* HA: recovered, its JobMaster not yet created: the checkpoint id it
	                             * restores, -1 none; -2 not recovered */
	bool store_said;            /* HA: its JobMaster's checkpoint store lines are written */
	bool savepoint_pending;     /* its "Starting job … from savepoint" not written yet */
	int64_t last_completed;     /* newest checkpoint id it completed, -1 */
	char cause[400];            /* the failure being handled (EV_JOB_FAILED) */
	char suppressed[300];       /* the strategy that suppressed recovery, "" none */
	int  failed_v, failed_i;    /* the task whose failure it is, -1 a global failure */
	char stop_states[64];       /* 1.13: an unfinished stop's states, its last warning still to write */
	char vname[LOGS_LAZY_VERTICES][64];   /* its vertices' names for lazy task lines, "" not seen */
} LogJob;

typedef struct TmTask {         /* a task as its TaskManager sees it */
	int tm, job, v, i;
	TaskState st;
} TmTask;

struct SimLogs {
	Sim    *s;
	Ring   *rings[SIM_MAX_PROCS];
	int     nrings;
	LogJob *jobs;
	int     njobs, cap_jobs;
	TmTask *tasks;
	int     ntasks, cap_tasks;
	char    rid[SIM_MAX_TMS][40];        /* each TaskManager's current ResourceID */
	int     jm_incarnation;
	/* ExecutionGraph's lines of tasks failing, waiting for the cause (EV_JOB_FAILED follows). */
	char   *pending[LOGS_MAX_PENDING];
	SimTime pending_at;
	int     npending, pending_job;
	int     suspended[LOGS_MAX_PENDING];  /* jobs the dying JobManager suspended (indices) */
	int     nsuspended;
	/* high availability */
	char    ns[140];                      /* ZooKeeper namespace: "flink/default" */
	char    leader_id[37];                /* the current leadership's id (a UUID) */
	int     recovering;                   /* job graphs the new leader recovers, not yet all said */
};

/* ------------------------------------------------------------------ ids and dates */

static uint64_t fnv(uint64_t h, const char *p)
{
	for (; p && *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
	return h;
}

/* The hash of "/<v in decimal>" continued from h (the ids below are hashes of such texts). */
static uint64_t fnv_int(uint64_t h, int64_t v)
{
	char b[24];
	size_t n = 0;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do
		b[sizeof b - ++n] = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (v < 0)
		b[sizeof b - ++n] = '-';
	b[sizeof b - ++n] = '/';
	for (size_t i = sizeof b - n; i < sizeof b; i++)
		h = (h ^ (unsigned char)b[i]) * 0x100000001b3ull;
	return h;
}

static void hex16(char *out, uint64_t v)
{
	for (int i = 15; i >= 0; i--, v >>= 4)
		out[i] = "0123456789abcdef"[v & 15];
}

/* A Flink AbstractID (32 hex) made from a text and up to four numbers. */
static void hex_id(char out[33], const char *what, const char *key, int64_t a, int64_t b, int64_t c)
{
	uint64_t h = fnv_int(fnv_int(fnv_int(fnv(fnv(0xcbf29ce484222325ull, what), key), a), b), c);
	uint64_t h2 = fnv(h, "#lower");
	hex16(out, h);                         /* "%016llx%016llx" */
	hex16(out + 16, h2);
	out[32] = '\0';
}

/* n decimal digits of v (0 <= v < 10^n) at out. */
static void digits(char *out, int64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--, v /= 10)
		out[i] = (char)('0' + v % 10);
}

/* yyyy-MM-dd HH:mm:ss,SSS of a machine-clock time (UTC); the civil date from days since
 * 1970 by H. Hinnant's algorithm (the model reads no host clock, so no gmtime). */
static void clock_text(int64_t ms, char out[24])
{
	int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
	int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
	int64_t sod = secs - days * 86400, z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
	int64_t y = yoe + era * 400 + (m <= 2);
	if (y < 0 || y > 9999) {               /* a clock skewed by millennia: printf's widths grow */
		fmt_snprintf(out, 24, "%04lld-%02lld-%02lld %02lld:%02lld:%02lld,%03lld", (long long)y, (long long)m,
		             (long long)d, (long long)(sod / 3600), (long long)(sod / 60 % 60), (long long)(sod % 60),
		             (long long)(ms - secs * 1000));
		return;
	}
	memcpy(out, "0000-00-00 00:00:00,000", 24);   /* the same text, by hand: every log line has one */
	digits(out, y, 4);
	digits(out + 5, m, 2);
	digits(out + 8, d, 2);
	digits(out + 11, sod / 3600, 2);
	digits(out + 14, sod / 60 % 60, 2);
	digits(out + 17, sod % 60, 2);
	digits(out + 20, ms - secs * 1000, 3);
}

/* ------------------------------------------------------------------ rings */

static Ring *ring_named(SimLogs *l, const char *name, bool create)
{
	for (int i = 0; i < l->nrings; i++)
		if (strcmp(l->rings[i]->name, name) == 0)
			return l->rings[i];
	if (!create || l->nrings == SIM_MAX_PROCS)
		return NULL;
	Ring *r = calloc(1, sizeof *r);
	SIM_CHECK(r != NULL);
	fmt_snprintf(r->name, sizeof r->name, "%s", name);
	r->proc = -1;
	l->rings[l->nrings++] = r;
	return r;
}

/* The container's machine clock now (its own: pg.compose.clock), ms since 1970. */
static int64_t ring_clock_ms(const SimLogs *l, Ring *r)
{
	const Sim *s = l->s;
	if (r->proc < 0)
		r->proc = sim_proc_find(s, r->name);
	if (r->proc < 0)
		return sim_to_clock_ms(s, s->now);
	return machine_clock_ms(&s->procs[r->proc].machine, s->opt.epoch_ms, s->now);
}

/* The entry of the next line: a new one until the ring is full (it grows as lines come: a
 * container prints hundreds of lines in most runs, and SIM_LOG_KEEP entries zeroed for
 * each was a swarm seed's largest memset), then the oldest line's. */
static Entry *ring_next(Ring *r)
{
	if (r->total < SIM_LOG_KEEP && r->total == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		if (r->cap > SIM_LOG_KEEP)
			r->cap = SIM_LOG_KEEP;
		r->e = realloc(r->e, (size_t)r->cap * sizeof *r->e);
		SIM_CHECK(r->e != NULL);
	}
	Entry *e = &r->e[r->total % SIM_LOG_KEEP];
	if (r->total < SIM_LOG_KEEP)
		*e = (Entry){ 0 };
	return e;
}

/* Appends one line per '\n'-separated part of text. */
static void ring_put(Ring *r, SimTime t, const char *text)
{
	while (text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);
		Entry *e = ring_next(r);
		char *p = e->text;
		uint32_t cap = e->cap;
		if (!p || cap < n + 1) {           /* a full ring overwrites its oldest line in place */
			free(p);
			cap = (uint32_t)((n + 1 + 63) & ~(size_t)63);
			p = malloc(cap);
			SIM_CHECK(p != NULL);
		}
		*e = (Entry){ .when = t, .text = p, .cap = cap };
		memcpy(e->text, text, n);
		e->text[n] = '\0';
		r->total++;
		text = nl ? nl + 1 : NULL;
	}
}

static void ring_put_lazy(Ring *r, SimTime t, int64_t clock_ms, LazyKind kind, int job, int64_t id, int64_t n,
                          int64_t m)
{
	Entry *e = ring_next(r);
	*e = (Entry){ .when = t, .text = e->text, .cap = e->cap, .lazy = kind, .job = job, .id = id, .n = n, .m = m,
	              .clock_ms = clock_ms };
	r->total++;
}

static Ring *tm_ring(SimLogs *l, int tm)
{
	if (tm < 0 || tm >= l->s->ntm)
		return NULL;
	Ring *r = ring_named(l, l->s->procs[l->s->tm_proc[tm]].name, true);
	return r && r->running ? r : NULL;
}

/* The leading JobManager's container ("jobmanager", or with HA a standby that took over). */
static Ring *jm_ring(SimLogs *l)
{
	const Sim *s = l->s;
	return ring_named(l, s->proc_jobmanager >= 0 ? s->procs[s->proc_jobmanager].name : "jobmanager", true);
}

static bool is_jm(const char *container) { return strncmp(container, "jobmanager", 10) == 0; }

/* ------------------------------------------------------------------ line formats */

static void flush_pending(SimLogs *l, const char *cause);

/* %x of the layout and the space after it: log4j 2's "[] ", log4j 1.x's "" and so " " (1.9). */
static const char *ndc(const SimLogs *l) { return SIM_FLINK_1_9(l->s) ? " " : "[] "; }

/* Appends s at line[n], space-padded to width ("%-<width>s"; the names are the model's
 * constants, far shorter than a line); returns the new length. */
static size_t padded(char *line, size_t n, const char *s, size_t width)
{
	size_t k = strlen(s);
	memcpy(line + n, s, k);
	for (; k < width; k++)
		line[n + k] = ' ';
	return n + k;
}

/* "%s %-5s %-60s %s- %s" of the date, level, logger, ndc and the message (cut at 1199
 * bytes) into line (size bytes, at least 200): the message is written in straight away. */
static void vlayout(const SimLogs *l, char *line, size_t size, int64_t ms, const char *level, const char *logger,
                    const char *fmt, va_list ap)
{
	clock_text(ms, line);
	size_t n = 23;
	line[n++] = ' ';
	n = padded(line, n, level, 5);
	line[n++] = ' ';
	n = padded(line, n, logger, 60);
	line[n++] = ' ';
	n = padded(line, n, ndc(l), 0);
	memcpy(line + n, "- ", 3);
	n += 2;
	size_t room = size - n;
	fmt_vsnprintf(line + n, room < 1200 ? room : 1200, fmt, ap);
}

static void layout(const SimLogs *l, char *line, size_t size, int64_t ms, const char *level, const char *logger,
                   const char *fmt, ...) __attribute__((format(printf, 7, 8)));
static void layout(const SimLogs *l, char *line, size_t size, int64_t ms, const char *level, const char *logger,
                   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlayout(l, line, size, ms, level, logger, fmt, ap);
	va_end(ap);
}

/* The line cut at 1399 bytes. */
static void vflink(const SimLogs *l, Ring *r, SimTime t, int64_t ms, const char *level, const char *logger,
                   const char *fmt, va_list ap)
{
	char line[1400];
	vlayout(l, line, sizeof line, ms, level, logger, fmt, ap);
	ring_put(r, t, line);
}

/* One log4j line of a Flink process at the event's time. */
static void flink(SimLogs *l, Ring *r, const char *level, const char *logger, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void flink(SimLogs *l, Ring *r, const char *level, const char *logger, const char *fmt, ...)
{
	if (!r)
		return;
	if (l->npending > 0 && is_jm(r->name))
		flush_pending(l, NULL);           /* another line comes between: the failures had no cause */
	va_list ap;
	va_start(ap, fmt);
	vflink(l, r, l->s->now, ring_clock_ms(l, r), level, logger, fmt, ap);
	va_end(ap);
}

static void kafka(SimLogs *l, const char *logger, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void kafka(SimLogs *l, const char *logger, const char *fmt, ...)
{
	char date[24], msg[600], line[800];
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	Ring *r = ring_named(l, "kafka", true);
	clock_text(ring_clock_ms(l, r), date);
	fmt_snprintf(line, sizeof line, "[%s] INFO %s (%s)", date, msg, logger);
	ring_put(r, l->s->now, line);
}

/* A raw line a container's shell scripts echo (no log layout). */
static void echo(SimLogs *l, Ring *r, const char *text)
{
	if (r)
		ring_put(r, l->s->now, text);
}

#define L_EG    "org.apache.flink.runtime.executiongraph.ExecutionGraph"
#define L_JM    "org.apache.flink.runtime.jobmaster.JobMaster"
#define L_DISP  "org.apache.flink.runtime.dispatcher.StandaloneDispatcher"
#define L_CC    "org.apache.flink.runtime.checkpoint.CheckpointCoordinator"
#define L_RM    "org.apache.flink.runtime.resourcemanager.StandaloneResourceManager"
#define L_SM    "org.apache.flink.runtime.resourcemanager.slotmanager.DeclarativeSlotManager"
#define L_SM19  "org.apache.flink.runtime.resourcemanager.slotmanager.SlotManagerImpl"
#define L_POOL  "org.apache.flink.runtime.jobmaster.slotpool.SlotPoolImpl"
#define L_FO    "org.apache.flink.runtime.executiongraph.failover.flip1.RestartPipelinedRegionFailoverStrategy"
#define L_TE    "org.apache.flink.runtime.taskexecutor.TaskExecutor"
#define L_TASK  "org.apache.flink.runtime.taskmanager.Task"
#define L_TMR   "org.apache.flink.runtime.taskexecutor.TaskManagerRunner"
#define L_ENTRY "org.apache.flink.runtime.entrypoint.ClusterEntrypoint"
#define L_REST  "org.apache.flink.runtime.dispatcher.DispatcherRestEndpoint"
#define RM_ADDR "akka.tcp://flink@jobmanager:6123/user/rpc/resourcemanager_*"
#define RM_ADDR_19 "akka.tcp://flink@jobmanager:6123/user/resourcemanager"   /* 1.9: no rpc/, no suffix */
#define NO_LEADER "00000000000000000000000000000000"   /* standalone, no HA: the default leader id */
#define L_JGS   "org.apache.flink.runtime.jobmanager.DefaultJobGraphStore"
#define L_CPS   "org.apache.flink.runtime.checkpoint.DefaultCompletedCheckpointStore"
#define L_ZKU   "org.apache.flink.runtime.util.ZooKeeperUtils"
#define L_CSM   "org.apache.flink.shaded.curator4.org.apache.curator.framework.state.ConnectionStateManager"
#define L_LED   "org.apache.flink.runtime.leaderelection.ZooKeeperLeaderElectionDriver"
#define L_DRUN  "org.apache.flink.runtime.dispatcher.runner.DefaultDispatcherRunner"
#define L_SDLP  "org.apache.flink.runtime.dispatcher.runner.SessionDispatcherLeaderProcess"
#define L_JMR   "org.apache.flink.runtime.jobmaster.JobManagerRunner"
#define L_SJGS19 "org.apache.flink.runtime.jobmanager.ZooKeeperSubmittedJobGraphStore"
#define L_CPS19 "org.apache.flink.runtime.checkpoint.ZooKeeperCompletedCheckpointStore"
#define L_CSM19 "org.apache.flink.shaded.curator.org.apache.curator.framework.state.ConnectionStateManager"
#define L_LES19 "org.apache.flink.runtime.leaderelection.ZooKeeperLeaderElectionService"

static void ha_started(SimLogs *l, Ring *r);
static bool v19(const SimLogs *l);
static void ha_leadership(SimLogs *l, const SimEvent *e);
static void ha_zookeeper(SimLogs *l, const SimEvent *e);
static void ha_job_recovered(SimLogs *l, const SimEvent *e);
static void ha_tm_leader(SimLogs *l, const SimEvent *e);
static void ha_checkpoint_store(SimLogs *l, Ring *r, LogJob *j);

static void lazy_line(SimLogs *l, Ring *r, LazyKind kind, int job, int64_t id, int64_t n, int64_t m)
{
	if (l->npending > 0)
		flush_pending(l, NULL);
	ring_put_lazy(r, l->s->now, ring_clock_ms(l, r), kind, job, id, n, m);
}

/* ------------------------------------------------------------------ jobs and tasks */

static LogJob *job_of(SimLogs *l, const char *jid)
{
	for (int i = 0; jid && i < l->njobs; i++)
		if (strcmp(l->jobs[i].jid, jid) == 0)
			return &l->jobs[i];
	return NULL;
}

static LogJob *job_add(SimLogs *l, const SimEvent *e)
{
	if (l->njobs == l->cap_jobs) {
		l->cap_jobs = l->cap_jobs ? 2 * l->cap_jobs : 8;
		l->jobs = realloc(l->jobs, (size_t)l->cap_jobs * sizeof *l->jobs);
		SIM_CHECK(l->jobs != NULL);
	}
	LogJob *j = &l->jobs[l->njobs++];
	memset(j, 0, sizeof *j);
	fmt_snprintf(j->jid, sizeof j->jid, "%s", e->job ? e->job : "");
	fmt_snprintf(j->name, sizeof j->name, "%s", e->name ? e->name : "");
	fmt_snprintf(j->savepoint, sizeof j->savepoint, "%s", e->path ? e->path : "");
	j->savepoint_pending = e->path != NULL;
	j->parallelism = (int)e->n;
	j->last_completed = -1;
	j->failed_v = j->failed_i = -1;
	j->ha_restore = -2;
	return j;
}

/* "Source: ClickEvent Source (1/2)" and, with the attempt, the TaskManager's "…(1/2)#0".
 * Flink names a source's vertex "Source: <name>" and a sink's "Sink: <name>" (the legacy
 * source and sink transformation translators); the job's first vertex is its source, its
 * last its sink. */
static int task_name_text(int vertices, const char *vname, int v, int subtask, int p, char *out, size_t len)
{
	const char *kind = v == 0 ? "Source: " : v == vertices - 1 ? "Sink: " : "";
	return fmt_snprintf(out, len, "%s%s (%d/%d)", kind, vname, subtask + 1, p);
}

static void job_vertices(SimLogs *l, LogJob *j)
{
	if (j->vertices == 0) {
		JobInfo ji;
		j->vertices = sim_job_info(l->s, j->jid, &ji) == SIM_OK ? ji.vertex_count : -1;
	}
}

static void task_name(SimLogs *l, const SimEvent *e, LogJob *j, bool with_attempt, char *out, size_t len)
{
	job_vertices(l, j);
	int n = task_name_text(j->vertices, e->name ? e->name : "", e->vertex, e->subtask, e->parallelism, out, len);
	if (with_attempt && !SIM_FLINK_1_9(l->s) && n > 0 && (size_t)n < len)   /* 1.9's names have no "#0" */
		fmt_snprintf(out + n, len - (size_t)n, "#%d", j->attempt);
}

static void attempt_id(const SimEvent *e, const LogJob *j, char out[33])
{
	hex_id(out, "attempt", j->jid, e->vertex, e->subtask, j->attempt);
}

/* TaskManagerLocation.toString: "<ResourceID> @ <host> (dataPort=<port>)". */
static void tm_location(SimLogs *l, int tm, char *out, size_t len)
{
	const char *rid = tm >= 0 && tm < SIM_MAX_TMS ? l->rid[tm] : "";
	fmt_snprintf(out, len, "%s @ operations-playground_taskmanager_%d.operations-playground_default (dataPort=%d)", rid,
	         tm + 1, 30000 + (int)(fnv(0xcbf29ce484222325ull, rid) % 30000));
}

static TmTask *tm_task(SimLogs *l, int tm, int job, int v, int i, bool create)
{
	for (int k = 0; k < l->ntasks; k++) {
		TmTask *t = &l->tasks[k];
		if (t->tm == tm && t->job == job && t->v == v && t->i == i)
			return t;
	}
	if (!create)
		return NULL;
	if (l->ntasks == l->cap_tasks) {
		l->cap_tasks = l->cap_tasks ? 2 * l->cap_tasks : 32;
		l->tasks = realloc(l->tasks, (size_t)l->cap_tasks * sizeof *l->tasks);
		SIM_CHECK(l->tasks != NULL);
	}
	l->tasks[l->ntasks] = (TmTask){ tm, job, v, i, TASK_CREATED };
	return &l->tasks[l->ntasks++];
}

static void tm_task_forget(SimLogs *l, TmTask *t)
{
	*t = l->tasks[--l->ntasks];
}

/* ------------------------------------------------------------------ pending failure lines */

/* Writes the ExecutionGraph's lines of failed tasks, each followed by its cause. */
static void flush_pending(SimLogs *l, const char *cause)
{
	Ring *r = jm_ring(l);
	for (int i = 0; i < l->npending; i++) {
		char text[1200];
		fmt_snprintf(text, sizeof text, "%s%s%s", l->pending[i], cause && *cause ? "\n" : "", cause ? cause : "");
		ring_put(r, l->pending_at, text);
		free(l->pending[i]);
	}
	l->npending = 0;
}

static void pend_failed_task(SimLogs *l, int job, const char *line)
{
	if (l->npending == LOGS_MAX_PENDING || (l->npending > 0 && l->pending_job != job))
		flush_pending(l, NULL);
	char full[1200];
	layout(l, full, sizeof full, ring_clock_ms(l, jm_ring(l)), "INFO", L_EG, "%s", line);
	l->pending[l->npending] = strdup(full);
	SIM_CHECK(l->pending[l->npending] != NULL);
	l->npending++;
	l->pending_job = job;
	l->pending_at = l->s->now;
}

/* ------------------------------------------------------------------ containers */

static const char *host_of(const char *container, char out[13])
{
	fmt_snprintf(out, 13, "%012llx", (unsigned long long)(fnv(0xcbf29ce484222325ull, container) & 0xffffffffffffull));
	return out;
}

static void container_started(SimLogs *l, Ring *r)
{
	char host[13], line[160];
	if (is_jm(r->name) || strncmp(r->name, "taskmanager-", 12) == 0) {
		/* flink-console.sh, run by `jobmanager.sh start-foreground` / `taskmanager.sh …` */
		fmt_snprintf(line, sizeof line, "Starting %s as a console application on host %s.",
		         r->name[0] == 'j' ? "standalonesession" : "taskexecutor", host_of(r->name, host));
		echo(l, r, line);
	} else if (strcmp(r->name, "kafka") == 0) {
		kafka(l, "kafka.server.KafkaServer", "[KafkaServer id=1001] started");
	} else if (strcmp(r->name, "zookeeper") == 0) {
		static const char *const zk[][2] = {
			{ "ZooKeeperServer@755", "tickTime set to 2000" },
			{ "ZooKeeperServer@764", "minSessionTimeout set to -1" },
			{ "ZooKeeperServer@773", "maxSessionTimeout set to -1" },
			{ "NIOServerCnxnFactory@94", "binding to port 0.0.0.0/0.0.0.0:2181" },
		};
		char date[24];
		clock_text(ring_clock_ms(l, r), date);
		for (size_t i = 0; i < sizeof zk / sizeof zk[0]; i++) {
			fmt_snprintf(line, sizeof line, "%s [myid:] - INFO  [main:%s] - %s", date, zk[i][0], zk[i][1]);
			echo(l, r, line);
		}
	}
	/* The click-event generator prints nothing: its jar's log4j.properties is a log4j 1 file,
	 * which the log4j 2 on its class path (/opt/flink/lib) does not read, so only errors
	 * would reach the console, and it ignores its producer's failures. */
}

/* docker-compose stop: SIGTERM, and the JVM's shutdown hooks run. */
static void container_stopped(SimLogs *l, Ring *r)
{
	if (is_jm(r->name)) {
		flink(l, r, "INFO", L_ENTRY, "RECEIVED SIGNAL 15: SIGTERM. Shutting down as requested.");
		for (int i = 0; i < l->nsuspended; i++) {
			const LogJob *j = &l->jobs[l->suspended[i]];
			flink(l, r, "INFO", L_EG, "Job %s (%s) switched from state RUNNING to SUSPENDED.\n"
			      "org.apache.flink.util.FlinkException: Scheduler is being stopped.", j->name, j->jid);
		}
	} else if (strncmp(r->name, "taskmanager-", 12) == 0) {
		flink(l, r, "INFO", L_TMR, "RECEIVED SIGNAL 15: SIGTERM. Shutting down as requested.");
	} else if (strcmp(r->name, "kafka") == 0) {
		kafka(l, "kafka.server.KafkaServer", "[KafkaServer id=1001] shutting down");
		kafka(l, "kafka.server.KafkaServer", "[KafkaServer id=1001] shut down completed");
	}
}

static void on_container(SimLogs *l, const SimEvent *e)
{
	Ring *r = ring_named(l, e->name, true);
	if (!r)
		return;
	const char *what = e->what ? e->what : "";
	if (strcmp(what, "started") == 0) {
		r->running = true;
		container_started(l, r);
	} else if (strcmp(what, "paused") == 0) {
		r->running = false;
	} else if (strcmp(what, "unpaused") == 0) {
		r->running = true;
	} else {                             /* killed: SIGKILL, not a word more; stopped: SIGTERM */
		if (strcmp(what, "stopped") == 0)
			container_stopped(l, r);
		r->running = false;
	}
	if (is_jm(r->name))
		l->nsuspended = 0;
}

/* ------------------------------------------------------------------ the JobManager */

static void jm_started(SimLogs *l, const SimEvent *e)
{
	Ring *r = ring_named(l, e->component, true);
	l->jm_incarnation++;
	flink(l, r, "INFO", L_ENTRY, "Starting StandaloneSessionClusterEntrypoint.");
	if (l->s->ha)
		ha_started(l, r);
	flink(l, r, "INFO", L_REST, "Rest endpoint listening at %s:8081", r->name);
	flink(l, r, "INFO", L_REST, "Web frontend listening at http://%s:8081.", r->name);
	if (!v19(l)) {
		flink(l, r, "INFO", L_RM, "Starting the resource manager.");   /* ResourceManager.onStart, 1.12 on */
	} else if (!l->s->ha) {
		/* release-1.9: ResourceManager.onStart logs nothing of its own; without HA the
		 * standalone leader election grants it leadership at once (a fixed token), and the
		 * granted ResourceManager starts its SlotManagerImpl (with HA: ha_granted). */
		flink(l, r, "INFO", L_RM, "ResourceManager akka.tcp://flink@%s:6123/user/resourcemanager was granted "
		      "leadership with fencing token 00000000000000000000000000000000", r->name);
		flink(l, r, "INFO", L_SM19, "Starting the SlotManager.");
	}
}

/* The JobMaster's constructor (and its scheduler's restore of a -s savepoint). */
static void job_master_created(SimLogs *l, LogJob *j)
{
	Ring *r = jm_ring(l);
	flink(l, r, "INFO", L_JM, "Initializing job %s (%s).", j->name, j->jid);
	if (l->s->ha)
		ha_checkpoint_store(l, r, j);         /* its completed checkpoint store: new, or recovered */
	if (j->savepoint_pending) {
		flink(l, r, "INFO", L_CC, "Starting job %s from savepoint %s ()", j->jid, j->savepoint);
		j->savepoint_pending = false;
	}
}

static void job_submitted(SimLogs *l, const SimEvent *e)
{
	LogJob *j = job_add(l, e);
	Ring *r = jm_ring(l);
	flink(l, r, "INFO", L_DISP, "Received JobGraph submission %s (%s).", j->jid, j->name);
	flink(l, r, "INFO", L_DISP, "Submitting job %s (%s).", j->jid, j->name);
	if (l->s->ha && v19(l))
		flink(l, r, "INFO", L_SJGS19, "Added SubmittedJobGraph(%s) to ZooKeeper.", j->jid);
	else if (l->s->ha)
		flink(l, r, "INFO", L_JGS, "Added JobGraph(jobId: %s) to ZooKeeperStateHandleStore{namespace='%s%s'}.",
		      j->jid, l->ns, l->s->opt.config.ha_path_jobgraphs);
	if (SIM_FLINK_1_9(l->s))               /* 1.9's JobMaster starts at once: no INITIALIZING */
		job_master_created(l, j);
}

/* The exception a job state's line carries (ExecutionGraph.transitionState's error). */
static void job_error(const SimLogs *l, const LogJob *j, JobState to, char *out, size_t len)
{
	out[0] = '\0';
	if (SIM_FLINK_1_9(l->s)) {             /* 1.9's failGlobal: FAILING carries the cause, and FAILED */
		if (to == JOB_FAILING || to == JOB_FAILED)
			fmt_snprintf(out, len, "\n%s", j->cause);
		return;
	}
	if (to == JOB_RESTARTING)
		fmt_snprintf(out, len, "\n%s", j->cause);
	else if ((to == JOB_FAILING || to == JOB_FAILED) && j->suppressed[0])
		fmt_snprintf(out, len, "\norg.apache.flink.runtime.JobException: Recovery is suppressed by %s\nCaused by: %s",
		         j->suppressed, j->cause);
}

static void job_ended(SimLogs *l, LogJob *j, JobState to)
{
	Ring *r = jm_ring(l);
	char err[800];
	job_error(l, j, to, err, sizeof err);
	flink(l, r, "INFO", L_CC, "Stopping checkpoint coordinator for job %s.", j->jid);
	flink(l, r, "INFO", L_DISP, "Job %s reached globally terminal state %s.%s", j->jid, job_state_name(to),
	      to == JOB_FAILED ? err : "");
	flink(l, r, "INFO", L_JM, "Stopping the JobMaster for job %s(%s).", j->name, j->jid);
}

static void job_state(SimLogs *l, const SimEvent *e)
{
	LogJob *j = job_of(l, e->job);
	Ring *r = jm_ring(l);
	if (!j)
		return;
	JobState from = (JobState)e->from, to = (JobState)e->to;
	if (to == JOB_SUSPENDED) {             /* the JobManager is going: killed or stopped? */
		if (l->nsuspended < LOGS_MAX_PENDING)
			l->suspended[l->nsuspended++] = (int)(j - l->jobs);
		return;
	}
	if (from == JOB_INITIALIZING) {        /* the JobMaster is created; its graph starts in CREATED */
		job_master_created(l, j);
		if (to == JOB_CREATED)
			return;
	}
	if (from == JOB_RESTARTING)            /* the next executions' attempt (1.9 via CREATED) */
		j->attempt++;
	if (from == JOB_CREATED && to == JOB_RUNNING && j->attempt == 0) {
		flink(l, r, "INFO", L_JM, "Starting execution of job %s (%s) under job master id %s.", j->name, j->jid,
		      l->s->ha ? l->leader_id : NO_LEADER);
		if (!SIM_FLINK_1_9(l->s))          /* 1.13's DefaultScheduler; 1.9's LegacyScheduler says nothing */
			flink(l, r, "INFO", L_JM, "Starting scheduling with scheduling strategy "
			      "[org.apache.flink.runtime.scheduler.strategy.PipelinedRegionSchedulingStrategy]");
	}
	char err[800];
	job_error(l, j, to, err, sizeof err);
	flink(l, r, "INFO", L_EG, "Job %s (%s) switched from state %s to %s.%s", j->name, j->jid, job_state_name(from),
	      job_state_name(to), err);
	if (SIM_FLINK_1_9(l->s) && to == JOB_RESTARTING)   /* 1.9's ExecutionGraph.tryRestartOrFail */
		flink(l, r, "INFO", L_EG, "Restarting the job %s (%s).", j->name, j->jid);
	if (job_state_is_terminal(to))
		job_ended(l, j, to);
}

/* Flink 1.13's StopWithSavepointTerminationHandlerImpl, its state machine's warning as the
 * handling of an unfinished stop ends (after the global fail-over's lines, if one). */
static void stop_transitioned(SimLogs *l, LogJob *j)
{
	if (!j->stop_states[0])
		return;
	flink(l, jm_ring(l), "WARN", L_JM, "Stop-with-savepoint transitioned from SavepointCreated to FinalState on "
	      "execution termination handling for job %s with some executions being in an not-finished state: [%s]",
	      j->jid, j->stop_states);
	j->stop_states[0] = '\0';
}

/* The stop's savepoint exists and its executions ended otherwise than FINISHED: the warning
 * with the failure; handleGlobalFailure's lines follow when the job fails over (job_failed). */
static void stop_unfinished(SimLogs *l, const SimEvent *e)
{
	LogJob *j = job_of(l, e->job);
	if (!j)
		return;
	flink(l, jm_ring(l), "WARN", L_JM, "A savepoint was created at %s but the corresponding job %s didn't "
	      "terminate successfully.\n%s", e->path ? e->path : "", j->jid, e->text ? e->text : "");
	fmt_snprintf(j->stop_states, sizeof j->stop_states, "%s", e->what ? e->what : "");
	if (!e->flag)
		stop_transitioned(l, j);
}

static void job_failed(SimLogs *l, const SimEvent *e)
{
	LogJob *j = job_of(l, e->job);
	if (!j)
		return;
	fmt_snprintf(j->cause, sizeof j->cause, "%s", e->text ? e->text : "");
	fmt_snprintf(j->suppressed, sizeof j->suppressed, "%s", e->n < 0 && e->what ? e->what : "");
	flush_pending(l, j->cause);
	Ring *r = jm_ring(l);
	if (SIM_FLINK_1_9(l->s)) {             /* 1.9's ExecutionGraph fails globally, with no lines of its own */
	} else if (j->failed_v < 0) {          /* no task failed: DefaultScheduler.handleGlobalFailure */
		flink(l, r, "INFO", L_JM, "Trying to recover from a global failure.\n%s", j->cause);
	} else if (e->n >= 0) {                /* restartable: the region (here every task) restarts */
		VertexInfo vi;
		char vid[48] = "";
		if (sim_vertex_info(l->s, j->jid, j->failed_v, &vi) == SIM_OK)
			fmt_snprintf(vid, sizeof vid, "%s_%d", vi.id, j->failed_i);
		JobInfo ji;
		int tasks = sim_job_info(l->s, j->jid, &ji) == SIM_OK ? ji.vertex_count * ji.parallelism : 0;
		flink(l, r, "INFO", L_FO, "Calculating tasks to restart to recover the failed task %s.", vid);
		flink(l, r, "INFO", L_FO, "%d tasks should be restarted to recover the failed task %s. ", tasks, vid);
	}
	j->failed_v = j->failed_i = -1;
	stop_transitioned(l, j);
}

/* The JobMaster's plain "switched from A to B." line of a task, kept as its numbers (the
 * text is task_state's, written out by lazy_text). False when it cannot be: a vertex past
 * LOGS_LAZY_VERTICES, a name too long or not the one seen before. */
static bool task_line_lazy(SimLogs *l, const SimEvent *e, LogJob *j)
{
	const char *name = e->name ? e->name : "";
	if (e->vertex < 0 || e->vertex >= LOGS_LAZY_VERTICES || e->subtask < 0 || e->parallelism < 0 ||
	    strlen(name) >= sizeof j->vname[0] || (unsigned)e->from > 255 || (unsigned)e->to > 255)
		return false;
	char *vn = j->vname[e->vertex];
	if (!*vn)
		memcpy(vn, name, strlen(name) + 1);
	if (strcmp(vn, name) != 0)
		return false;
	job_vertices(l, j);                    /* as task_name would now: the job may be gone when read */
	int64_t where = (int64_t)e->vertex << 32 | (int64_t)(uint32_t)e->subtask;
	int64_t what = (int64_t)e->parallelism << 32 | (int64_t)e->from << 8 | (int64_t)e->to;
	lazy_line(l, jm_ring(l), LAZY_TASK_STATE, (int)(j - l->jobs), where, what, j->attempt);
	return true;
}

static void task_state(SimLogs *l, const SimEvent *e)
{
	LogJob *j = job_of(l, e->job);
	if (!j)
		return;
	if (e->to != TASK_FAILED && e->to != TASK_DEPLOYING && task_line_lazy(l, e, j))
		return;
	char name[200], aid[33], line[900], loc[200];
	task_name(l, e, j, false, name, sizeof name);
	attempt_id(e, j, aid);
	TaskState from = (TaskState)e->from, to = (TaskState)e->to;
	if (to == TASK_FAILED) {               /* Execution.markFailed: "… on <location>." (1.9: no location) and the cause */
		tm_location(l, e->tm, loc, sizeof loc);
		if (SIM_FLINK_1_9(l->s))
			fmt_snprintf(line, sizeof line, "%s (%s) switched from %s to FAILED.", name, aid, task_state_name(from));
		else
			fmt_snprintf(line, sizeof line, "%s (%s) switched from %s to FAILED on %s.", name, aid, task_state_name(from), loc);
		pend_failed_task(l, (int)(j - l->jobs), line);
		if (j->failed_v < 0) {
			j->failed_v = e->vertex;
			j->failed_i = e->subtask;
		}
		return;
	}
	Ring *r = jm_ring(l);
	flink(l, r, "INFO", L_EG, "%s (%s) switched from %s to %s.", name, aid, task_state_name(from), task_state_name(to));
	if (to != TASK_DEPLOYING)
		return;
	char alloc[33];
	hex_id(alloc, "allocation", j->jid, e->tm, e->k, (int64_t)fnv(0xcbf29ce484222325ull, l->rid[e->tm < 0 ? 0 : e->tm]));
	tm_location(l, e->tm, loc, sizeof loc);
	if (SIM_FLINK_1_9(l->s))               /* 1.9's Execution.deploy */
		flink(l, r, "INFO", L_EG, "Deploying %s (attempt #%d) to %s", name, j->attempt, loc);
	else
		flink(l, r, "INFO", L_EG, "Deploying %s (attempt #%d) with attempt id %s to %s with allocation id %s", name,
		      j->attempt, aid, loc, alloc);
	/* The TaskManager receives the deployment (100 µs later, within the same millisecond as a rule). */
	Ring *t = tm_ring(l, e->tm);
	if (!t)
		return;
	char tname[200];
	task_name(l, e, j, true, tname, sizeof tname);
	if (SIM_FLINK_1_9(l->s))               /* 1.9's TaskExecutor.submitTask names the task only */
		flink(l, t, "INFO", L_TE, "Received task %s.", tname);
	else
		flink(l, t, "INFO", L_TE, "Received task %s (%s), deploy into slot with allocation id %s.", tname, aid, alloc);
	flink(l, t, "INFO", L_TASK, "%s (%s) switched from CREATED to DEPLOYING.", tname, aid);
	/* Task.toString: 1.13 adds the state. */
	flink(l, t, "INFO", L_TASK, "Loading JAR files for task %s (%s)%s.", tname, aid, SIM_FLINK_1_9(l->s) ? "" : " [DEPLOYING]");
	tm_task(l, e->tm, (int)(j - l->jobs), e->vertex, e->subtask, true)->st = TASK_DEPLOYING;
}

static void checkpoint_triggered(SimLogs *l, const SimEvent *e)
{
	Ring *r = jm_ring(l);
	const char *what = e->what ? e->what : "";
	const char *type = "CHECKPOINT";
	/* 1.13's SchedulerBase logs the trigger (as the JobMaster); release-1.9's JobMaster and
	 * LegacyScheduler do not: there the coordinator's "Triggering checkpoint …" says it. */
	bool says = !SIM_FLINK_1_9(l->s);
	if (e->flag && strncmp(what, "stop", 4) == 0) {
		if (says)
			flink(l, r, "INFO", L_JM, "Triggering stop-with-savepoint for job %s.", e->job);
		type = strcmp(what, "stop-drain") == 0 ? "SAVEPOINT_TERMINATE" : "SAVEPOINT_SUSPEND";
	} else if (e->flag) {
		if (says)
			flink(l, r, "INFO", L_JM, "Triggering savepoint for job %s.", e->job);
		type = "SAVEPOINT";
	}
	LogJob *j = job_of(l, e->job);
	if (!e->flag && j) {
		lazy_line(l, r, LAZY_TRIGGERED, (int)(j - l->jobs), e->id, 0, 0);
		return;
	}
	if (SIM_FLINK_1_9(l->s))               /* 1.9's CheckpointCoordinator names no type */
		flink(l, r, "INFO", L_CC, "Triggering checkpoint %lld @ %lld for job %s.", (long long)e->id,
		      (long long)ring_clock_ms(l, r), e->job);
	else
		flink(l, r, "INFO", L_CC, "Triggering checkpoint %lld (type=%s) @ %lld for job %s.", (long long)e->id, type,
		      (long long)ring_clock_ms(l, r), e->job);
}

static void checkpoint_completed(SimLogs *l, const SimEvent *e)
{
	LogJob *j = job_of(l, e->job);
	if (j) {
		j->last_completed = e->id;
		lazy_line(l, jm_ring(l), LAZY_COMPLETED, (int)(j - l->jobs), e->id, e->n, e->m);
		return;
	}
	flink(l, jm_ring(l), "INFO", L_CC, "Completed checkpoint %lld for job %s (%lld bytes in %lld ms).",
	      (long long)e->id, e->job, (long long)e->n, (long long)e->m);
}

static void job_restored(SimLogs *l, const SimEvent *e)
{
	LogJob *j = job_of(l, e->job);
	if (!j || j->last_completed < 0)
		return;                            /* the submission's savepoint: "Starting job … from savepoint" said it */
	char pointer[700];
	if (e->flag)
		fmt_snprintf(pointer, sizeof pointer, "file:%s", j->savepoint);
	else
		fmt_snprintf(pointer, sizeof pointer, "file:/tmp/flink-checkpoints-directory/%s/chk-%lld", j->jid, (long long)e->id);
	flink(l, jm_ring(l), "INFO", L_CC, "Restoring job %s from %s %lld @ %lld for %s located at %s.", j->jid,
	      e->flag ? "Savepoint" : "Checkpoint", (long long)e->id, (long long)e->n, j->jid, pointer);
}

/* The JobMaster asks for slots: 1.13's declarative slot manager receives the requirements;
 * 1.9's SlotPoolImpl requests each shared slot (ResourceProfile.UNKNOWN is (-1.0, -1)). */
static void slots_requested(SimLogs *l, const SimEvent *e)
{
	const LogJob *j = job_of(l, e->job);
	int n = j ? j->parallelism : 0;
	if (!SIM_FLINK_1_9(l->s)) {
		flink(l, jm_ring(l), "INFO", L_SM, "Received resource requirements from job %s: [ResourceRequirement{"
		      "resourceProfile=ResourceProfile{UNKNOWN}, numberOfRequiredSlots=%d}]", e->job, n);
		return;
	}
	for (int i = 0; i < n; i++) {
		char req[33];
		hex_id(req, "slotrequest", e->job, i, j->attempt, 0);
		flink(l, jm_ring(l), "INFO", L_POOL, "Requesting new slot [SlotRequestId{%s}] and profile ResourceProfile{"
		      "cpuCores=-1.0, heapMemoryInMB=-1, directMemoryInMB=0, nativeMemoryInMB=0, networkMemoryInMB=0, "
		      "managedMemoryInMB=0} from resource manager.", req);
	}
}

/* ------------------------------------------------------------------ the ResourceManager and TaskManagers */

static const char *rm_addr(const SimLogs *l) { return SIM_FLINK_1_9(l->s) ? RM_ADDR_19 : RM_ADDR; }

/* The RPC port of a registered TaskManager instance (1.9's random one), 6122 if unknown. */
static int tm_rpc_port(const SimLogs *l, int instance)
{
	TaskManagerInfo ti;
	for (int i = 0; i < sim_taskmanager_count(l->s); i++)
		if (sim_taskmanager_info(l->s, i, &ti) && ti.instance == instance)
			return ti.rpc_port;
	return 6122;
}

static void tm_started(SimLogs *l, const SimEvent *e)
{
	if (e->tm < 0 || e->tm >= SIM_MAX_TMS)
		return;
	fmt_snprintf(l->rid[e->tm], sizeof l->rid[e->tm], "%s", e->name ? e->name : "");
	for (int k = l->ntasks - 1; k >= 0; k--)      /* a fresh process: no task of the old one */
		if (l->tasks[k].tm == e->tm)
			tm_task_forget(l, &l->tasks[k]);
	Ring *r = tm_ring(l, e->tm);
	flink(l, r, "INFO", L_TMR, "Starting TaskManager with ResourceID: %s", l->rid[e->tm]);
	flink(l, r, "INFO", L_TE, "Connecting to ResourceManager %s(%s).", rm_addr(l), NO_LEADER);
}

static void tm_registered(SimLogs *l, const SimEvent *e)
{
	char reg[33];
	if (SIM_FLINK_1_9(l->s))               /* 1.9: a random RPC port, no rpc/ (as GET /taskmanagers' path) */
		flink(l, jm_ring(l), "INFO", L_RM, "Registering TaskManager with ResourceID %s "
		      "(akka.tcp://flink@172.18.0.%d:%d/user/taskmanager_0) at ResourceManager", e->name, 5 + e->tm,
		      tm_rpc_port(l, e->tm));
	else
		flink(l, jm_ring(l), "INFO", L_RM, "Registering TaskManager with ResourceID %s "
		      "(akka.tcp://flink@172.18.0.%d:6122/user/rpc/taskmanager_0) at ResourceManager", e->name, 5 + e->tm);
	hex_id(reg, "registration", e->name, l->jm_incarnation, 0, 0);
	flink(l, tm_ring(l, e->tm), "INFO", L_TE, "Successful registration at resource manager %s under registration id %s.",
	      rm_addr(l), reg);
}

/* The ResourceManager drops a TaskManager: after a heartbeat timeout (what "heartbeat") its
 * listener logs its own message; otherwise the RM logs the cause's text. */
static void tm_lost(SimLogs *l, const SimEvent *e)
{
	const char *rid = e->tm >= 0 && e->tm < SIM_MAX_TMS ? l->rid[e->tm] : "";
	const char *cause = e->text ? e->text : "";
	Ring *r = jm_ring(l);
	if (e->what && strcmp(e->what, "heartbeat") == 0) {
		/* ResourceManager.TaskManagerHeartbeatListener: its own message has two spaces. */
		flink(l, r, "INFO", L_RM, "The heartbeat of TaskManager with id %s timed out.", rid);
		flink(l, r, "INFO", L_RM, "Closing TaskExecutor connection %s because: The heartbeat of TaskManager with id %s"
		      "  timed out.", rid, rid);
	} else {
		flink(l, r, "INFO", L_RM, "Closing TaskExecutor connection %s because: %s", rid, cause);
	}
}

static void tm_heartbeat_lost(SimLogs *l, const SimEvent *e, bool told)
{
	char rm[33];
	hex_id(rm, "resourcemanager", "jobmanager", l->jm_incarnation, 0, 0);
	Ring *r = tm_ring(l, e->tm);
	if (!told)
		flink(l, r, "INFO", L_TE, "The heartbeat of ResourceManager with id %s timed out.", rm);
	flink(l, r, "INFO", L_TE, "Close ResourceManager connection %s.", rm);
	flink(l, r, "INFO", L_TE, "Connecting to ResourceManager %s(%s).", rm_addr(l), NO_LEADER);
}

/* The last lines of a task on its TaskManager (Task.run's end, TaskExecutor.unregisterTask…). */
static void task_final(SimLogs *l, Ring *r, const char *tname, const char *aid, TaskState st)
{
	flink(l, r, "INFO", L_TASK, "Freeing task resources for %s (%s).", tname, aid);
	flink(l, r, "INFO", L_TE, "Un-registering task and sending final execution state %s to JobManager for task %s %s.",
	      task_state_name(st), tname, aid);
}

static void task_report(SimLogs *l, const SimEvent *e)
{
	LogJob *j = job_of(l, e->job);
	Ring *r = tm_ring(l, e->tm);
	if (!j || !r)
		return;
	char tname[200], aid[33];
	task_name(l, e, j, true, tname, sizeof tname);
	attempt_id(e, j, aid);
	TmTask *t = tm_task(l, e->tm, (int)(j - l->jobs), e->vertex, e->subtask, true);
	const char *from = task_state_name(t->st);
	TaskState to = (TaskState)e->to;
	if (to == TASK_CANCELED) {
		flink(l, r, "INFO", L_TASK, "Attempting to cancel task %s (%s).", tname, aid);
		flink(l, r, "INFO", L_TASK, "%s (%s) switched from %s to CANCELING.", tname, aid, from);
		flink(l, r, "INFO", L_TASK, "%s (%s) switched from CANCELING to CANCELED.", tname, aid);
	} else if (to == TASK_FAILED && SIM_FLINK_1_9(l->s)) {   /* 1.9's Task.transitionState: INFO, the cause after */
		flink(l, r, "INFO", L_TASK, "%s (%s) switched from %s to FAILED.\n%s", tname, aid, from, e->text ? e->text : "");
	} else if (to == TASK_FAILED) {
		flink(l, r, "WARN", L_TASK, "%s (%s) switched from %s to FAILED with failure cause: %s", tname, aid, from,
		      e->text ? e->text : "");
	} else {
		flink(l, r, "INFO", L_TASK, "%s (%s) switched from %s to %s.", tname, aid, from, task_state_name(to));
	}
	if (task_state_is_terminal(to)) {
		task_final(l, r, tname, aid, to);
		tm_task_forget(l, t);
	} else {
		t->st = to;
	}
}

/* ------------------------------------------------------------------ Kafka */

static void retention(SimLogs *l, const SimEvent *e)
{
	char host[13], bases[400] = "";
	size_t at = 0;
	for (int64_t b = e->m - e->n; b < e->m && at < sizeof bases - 24; b += 65536)   /* 65 536 records a segment */
		at += (size_t)fmt_snprintf(bases + at, sizeof bases - at, "%s%lld", at ? "," : "", (long long)b);
	host_of("kafka", host);
	kafka(l, "kafka.log.Log", "[Log partition=%s-%lld, dir=/kafka/kafka-logs-%s] Found deletable segments with base "
	      "offsets [%s] due to retention time %lldms breach", e->name, (long long)e->id, host, bases,
	      (long long)l->s->opt.config.log_retention_ms);
	kafka(l, "kafka.log.Log", "[Log partition=%s-%lld, dir=/kafka/kafka-logs-%s] Incrementing log start offset to %lld",
	      e->name, (long long)e->id, host, (long long)e->m);
}

/* create-topics.sh (KAFKA_CREATE_TOPICS) runs kafka-topics.sh, whose output is the container's. */
static void topic_created(SimLogs *l, const SimEvent *e)
{
	char line[96];
	fmt_snprintf(line, sizeof line, "Created topic %s.", e->name ? e->name : "");
	echo(l, ring_named(l, "kafka", true), line);
}

/* ------------------------------------------------------------------ high availability (1.13) */

/* A leader session id as Flink prints a UUID. */
static void uuid_text(char out[37], const char *what, const char *who, int64_t n)
{
	char h[33];
	hex_id(h, what, who, n, 0, 0);
	fmt_snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", h, h + 8, h + 12, h + 16, h + 20);
}

static void ha_started(SimLogs *l, Ring *r)
{
	const SimConfig *c = &l->s->opt.config;
	fmt_snprintf(l->ns, sizeof l->ns, "%s%s", c->ha_root[0] == '/' ? c->ha_root + 1 : c->ha_root, c->ha_cluster_id);
	flink(l, r, "INFO", L_ZKU, "Enforcing default ACL for ZK connections");
	flink(l, r, "INFO", L_ZKU, "Using '/%s' as Zookeeper namespace.", l->ns);
	flink(l, r, "INFO", v19(l) ? L_CSM19 : L_CSM, "State change: CONNECTED");
}

static bool v19(const SimLogs *l) { return l->s->opt.config.flink_version == FLINK_1_9; }

/* Granted: the ResourceManager, the Dispatcher (1.13: its runner and leader process) and the
 * REST endpoint say so, then the job graph store is read. */
static void ha_granted(SimLogs *l, Ring *r, const SimEvent *e, const char *token, const char *rest)
{
	uuid_text(l->leader_id, "leader", e->component, e->n);
	if (v19(l)) {
		flink(l, r, "INFO", L_RM, "ResourceManager akka.tcp://flink@%s:6123/user/resourcemanager was granted leadership "
		      "with fencing token %s", e->component, token);
		flink(l, r, "INFO", L_SM19, "Starting the SlotManager.");   /* the granted RM starts it (1.9) */
		flink(l, r, "INFO", L_DISP, "Dispatcher akka.tcp://flink@%s:6123/user/dispatcher was granted leadership with "
		      "fencing token %s", e->component, l->leader_id);
		flink(l, r, "INFO", L_DISP, "Recovering all persisted jobs.");
	} else {
		flink(l, r, "INFO", L_RM, "ResourceManager akka.tcp://flink@%s:6123/user/rpc/resourcemanager_0 was granted "
		      "leadership with fencing token %s", e->component, token);
		flink(l, r, "INFO", L_DRUN, "DefaultDispatcherRunner was granted leadership with leader id %s. Creating new "
		      "DispatcherLeaderProcess.", l->leader_id);
		flink(l, r, "INFO", L_SDLP, "Start SessionDispatcherLeaderProcess.");
		flink(l, r, "INFO", L_SDLP, "Recover all persisted job graphs.");
	}
	flink(l, r, "INFO", L_REST, "http://%s:8081 was granted leadership with leaderSessionID=%s", e->component, rest);
	l->recovering = (int)(e->m > 0 ? e->m : 0);
	if (l->recovering == 0 && !v19(l))
		flink(l, r, "INFO", L_SDLP, "Successfully recovered 0 persisted job graphs.");
}

/* Revoked: the Dispatcher stops its jobs (SUSPENDED, with the ExecutionGraph's line), the
 * ResourceManager clears its fencing token, the REST endpoint lost leadership. */
static void ha_revoked(SimLogs *l, Ring *r, const SimEvent *e)
{
	if (v19(l)) {
		flink(l, r, "INFO", L_DISP, "Dispatcher akka.tcp://flink@%s:6123/user/dispatcher was revoked leadership.",
		      e->component);
	} else {
		flink(l, r, "INFO", L_DRUN, "DefaultDispatcherRunner was revoked the leadership with leader id %s. Stopping "
		      "the DispatcherLeaderProcess.", l->leader_id);
		flink(l, r, "INFO", L_SDLP, "Stopping SessionDispatcherLeaderProcess.");
	}
	for (int i = 0; i < l->nsuspended; i++) {
		const LogJob *j = &l->jobs[l->suspended[i]];
		if (v19(l))
			flink(l, r, "INFO", L_JMR, "JobManager for job %s (%s) was revoked leadership at akka.tcp://flink@%s:6123/"
			      "user/jobmanager_0.", j->name, j->jid, e->component);
		flink(l, r, "INFO", L_EG, "Job %s (%s) switched from state RUNNING to SUSPENDED.\n"
		      "org.apache.flink.util.FlinkException: %s", j->name, j->jid,
		      v19(l) ? "JobManager is no longer the leader." : "Scheduler is being stopped.");
		if (!v19(l))
			flink(l, r, "INFO", L_JM, "Stopping the JobMaster for job %s(%s).", j->name, j->jid);
	}
	l->nsuspended = 0;
	flink(l, r, "INFO", L_RM, "ResourceManager akka.tcp://flink@%s:6123/user/%s was revoked leadership. Clearing "
	      "fencing token.", e->component, v19(l) ? "resourcemanager" : "rpc/resourcemanager_0");
	flink(l, r, "INFO", L_REST, "http://%s:8081 lost leadership", e->component);
}

static void ha_leadership(SimLogs *l, const SimEvent *e)
{
	Ring *r = ring_named(l, e->component, true);
	char token[33], rest[37];
	hex_id(token, "fencing", e->component, e->n, 0, 0);
	uuid_text(rest, "rest", e->component, e->n);
	if (strcmp(e->what, "granted") == 0)
		ha_granted(l, r, e, token, rest);
	else
		ha_revoked(l, r, e);
}

/* Curator's connection states as the JobManager logs them, and the server's expiry. */
static void ha_zookeeper(SimLogs *l, const SimEvent *e)
{
	if (strcmp(e->component, "zookeeper") == 0) {
		char date[24], line[200];
		clock_text(sim_to_clock_ms(l->s, l->s->now), date);
		fmt_snprintf(line, sizeof line, "%s [myid:] - INFO  [SessionTracker:ZooKeeperServer@355] - Expiring session "
		         "0x%012llx, timeout of %lldms exceeded", date,
		         (unsigned long long)(fnv(0xcbf29ce484222325ull, e->name ? e->name : "") & 0xffffffffffffull),
		         (long long)e->n);
		echo(l, ring_named(l, "zookeeper", true), line);
		return;
	}
	Ring *r = ring_named(l, e->component, true);
	const char *what = e->what, *csm = v19(l) ? L_CSM19 : L_CSM, *led = v19(l) ? L_LES19 : L_LED;
	if (strcmp(what, "suspended") == 0 || strcmp(what, "lost") == 0) {
		flink(l, r, "INFO", csm, "State change: %s", what[0] == 's' ? "SUSPENDED" : "LOST");
		char contenders[2][80];
		if (v19(l)) {       /* 1.9's contenders describe themselves by their RPC address */
			fmt_snprintf(contenders[0], sizeof contenders[0], "akka.tcp://flink@%s:6123/user/dispatcher", e->component);
			fmt_snprintf(contenders[1], sizeof contenders[1], "akka.tcp://flink@%s:6123/user/resourcemanager", e->component);
		} else {
			fmt_snprintf(contenders[0], sizeof contenders[0], "LeaderContender: DefaultDispatcherRunner");
			fmt_snprintf(contenders[1], sizeof contenders[1], "LeaderContender: StandaloneResourceManager");
		}
		for (int i = 0; i < 2; i++)
			flink(l, r, "WARN", led, "Connection to ZooKeeper %s. The contender %s no longer participates in the "
			      "leader election.", what, contenders[i]);
	} else if (strcmp(what, "reconnected") == 0) {
		flink(l, r, "INFO", csm, "State change: RECONNECTED");
		flink(l, r, "INFO", led, "Connection to ZooKeeper was reconnected. Leader election can be restarted.");
	} else {
		flink(l, r, "INFO", csm, "State change: LOST");
	}
}

static void ha_job_recovered(SimLogs *l, const SimEvent *e)
{
	LogJob *j = job_of(l, e->job);
	if (!j)
		return;
	Ring *r = ring_named(l, e->component, true);
	if (v19(l)) {
		flink(l, r, "INFO", L_SJGS19, "Recovered SubmittedJobGraph(%s).", j->jid);
	} else {
		flink(l, r, "INFO", L_SDLP, "Trying to recover job with job id %s.", j->jid);
		flink(l, r, "INFO", L_JGS, "Recovered JobGraph(jobId: %s).", j->jid);
	}
	j->ha_restore = e->id;
	j->store_said = false;
	j->attempt = 0;                          /* a new execution graph: attempts count from #0 */
	if (v19(l))                              /* 1.9's JobMaster is created with its runner */
		job_master_created(l, j);
	if (l->recovering > 0 && --l->recovering == 0 && !v19(l)) {
		int n = 0;
		for (int i = 0; i < l->njobs; i++)
			n += l->jobs[i].ha_restore != -2;
		flink(l, r, "INFO", L_SDLP, "Successfully recovered %d persisted job graphs.", n);
	}
}

/* The new JobMaster's completed checkpoint store: a recovered job's reads what ZooKeeper
 * holds (1.9's ZooKeeperCompletedCheckpointStore says "ZooKeeper" where 1.13's names its store). */
static void ha_checkpoint_store(SimLogs *l, Ring *r, LogJob *j)
{
	if (j->store_said)
		return;
	j->store_said = true;
	char store[220];
	const char *logger = v19(l) ? L_CPS19 : L_CPS;
	if (v19(l))
		fmt_snprintf(store, sizeof store, "ZooKeeper");
	else
		fmt_snprintf(store, sizeof store, "ZooKeeperStateHandleStore{namespace='%s%s/%s'}", l->ns,
		         l->s->opt.config.ha_path_checkpoints, j->jid);
	if (j->ha_restore == -2) {
		if (!v19(l))
			flink(l, r, "INFO", logger, "Initialized DefaultCompletedCheckpointStore in '%s' with %s/%s.",
			      store, l->s->opt.config.ha_path_checkpoints, j->jid);
		return;
	}
	flink(l, r, "INFO", logger, "Recovering checkpoints from %s.", store);
	flink(l, r, "INFO", logger, "Found %d checkpoints in %s.", j->ha_restore >= 0, store);
	if (j->ha_restore >= 0) {
		flink(l, r, "INFO", logger, "Trying to fetch 1 checkpoints from storage.");
		flink(l, r, "INFO", logger, "Trying to retrieve checkpoint %lld.", (long long)j->ha_restore);
	}
	j->ha_restore = -2;
}

/* Leader retrieval found a new leader: the TaskExecutor connects to its ResourceManager. */
static void ha_tm_leader(SimLogs *l, const SimEvent *e)
{
	Ring *r = tm_ring(l, e->tm);
	if (e->name)
		flink(l, r, "INFO", L_TE, "Connecting to ResourceManager akka.tcp://flink@%s:6123/user/rpc/resourcemanager_*"
		      "(%s).", e->name, l->leader_id);
}

static void render_event(SimLogs *l, const SimEvent *e)
{
	switch (e->kind) {
	case EV_CONTAINER: on_container(l, e); break;
	case EV_TOPIC_CREATED: topic_created(l, e); break;
	case EV_JM_STARTED: jm_started(l, e); break;
	case EV_HA_LEADERSHIP: ha_leadership(l, e); break;
	case EV_HA_ZOOKEEPER: ha_zookeeper(l, e); break;
	case EV_HA_JOB_RECOVERED: ha_job_recovered(l, e); break;
	case EV_TM_LEADER: ha_tm_leader(l, e); break;
	case EV_JOB_SUBMITTED: job_submitted(l, e); break;
	case EV_JOB_STATE: job_state(l, e); break;
	case EV_JOB_FAILED: job_failed(l, e); break;
	case EV_TASK_STATE: task_state(l, e); break;
	case EV_TASK_REPORT: task_report(l, e); break;
	case EV_JOB_RESTORED: job_restored(l, e); break;
	case EV_SLOTS_REQUESTED: slots_requested(l, e); break;
	case EV_TM_STARTED: tm_started(l, e); break;
	case EV_TM_REGISTERED: tm_registered(l, e); break;
	case EV_TM_LOST: tm_lost(l, e); break;
	case EV_TM_JM_TIMEOUT: tm_heartbeat_lost(l, e, false); break;
	case EV_TM_DISCONNECTED: tm_heartbeat_lost(l, e, true); break;
	case EV_CHECKPOINT_TRIGGERED: checkpoint_triggered(l, e); break;
	case EV_CHECKPOINT_COMPLETED: checkpoint_completed(l, e); break;
	case EV_SAVEPOINT_STORED: {       /* the pointer a later restore of it names */
		LogJob *j = job_of(l, e->job);
		if (j && e->path)
			fmt_snprintf(j->savepoint, sizeof j->savepoint, "%s", e->path);
		break;
	}
	case EV_RETENTION: retention(l, e); break;
	case EV_STOP_UNFINISHED: stop_unfinished(l, e); break;
	default:
		/* Not in any container's log at INFO: commands (the operator's), the generator's
		 * events (it prints nothing), Kafka's transaction markers (DEBUG in the broker), the
		 * model's own summaries (all running, source assignment), checkpoint failures (1.13
		 * logs only expiry, which the event does not single out), client time-outs. */
		break;
	}
}

/* ------------------------------------------------------------------ the observer */

SimLogs *logs_create(Sim *s)
{
	SimLogs *l = calloc(1, sizeof *l);
	SIM_CHECK(l != NULL);
	l->s = s;
	return l;
}

void logs_destroy(SimLogs *l)
{
	if (!l)
		return;
	for (int i = 0; i < l->nrings; i++) {
		int64_t used = l->rings[i]->total < SIM_LOG_KEEP ? l->rings[i]->total : SIM_LOG_KEEP;
		for (int64_t k = 0; k < used; k++)
			free(l->rings[i]->e[k].text);
		free(l->rings[i]->e);
		free(l->rings[i]);
	}
	for (int i = 0; i < l->npending; i++)
		free(l->pending[i]);
	free(l->jobs);
	free(l->tasks);
	free(l);
}

void logs_on_event(void *ctx, const SimEvent *e, const char *text)
{
	SimLogs *l = ctx;
	(void)text;                           /* the fields say it all: the trace text is not read */
	if (e->kind == LOGS_TEST_DROP)
		return;
	if (l->npending > 0 && e->t != l->pending_at)
		flush_pending(l, NULL);           /* no cause came with the failures */
	render_event(l, e);
}

/* ------------------------------------------------------------------ queries (sim.h) */

/* A lazy task line as task_state would have written it (see task_line_lazy). */
static const char *lazy_task_text(const SimLogs *l, Ring *r, const Entry *e)
{
	const LogJob *j = &l->jobs[e->job];
	int v = (int)(e->id >> 32), i = (int)(uint32_t)e->id, p = (int)(e->n >> 32);
	char name[200], aid[33];
	task_name_text(j->vertices, j->vname[v], v, i, p, name, sizeof name);
	hex_id(aid, "attempt", j->jid, v, i, e->m);
	layout(l, r->scratch, sizeof r->scratch, e->clock_ms, "INFO", L_EG, "%s (%s) switched from %s to %s.", name, aid,
	       task_state_name((TaskState)(e->n >> 8 & 0xff)), task_state_name((TaskState)(e->n & 0xff)));
	return r->scratch;
}

/* A lazy line as checkpoint_triggered / checkpoint_completed / task_state would have written it. */
static const char *lazy_text(const SimLogs *l, Ring *r, const Entry *e)
{
	if (e->lazy == LAZY_TASK_STATE)
		return lazy_task_text(l, r, e);
	int64_t ms = e->clock_ms;
	const char *jid = e->job >= 0 && e->job < l->njobs ? l->jobs[e->job].jid : "";
	if (e->lazy == LAZY_TRIGGERED)
		layout(l, r->scratch, sizeof r->scratch, ms, "INFO", L_CC, "Triggering checkpoint %lld %s@ %lld for job %s.",
		       (long long)e->id, SIM_FLINK_1_9(l->s) ? "" : "(type=CHECKPOINT) ", (long long)ms, jid);
	else
		layout(l, r->scratch, sizeof r->scratch, ms, "INFO", L_CC,
		       "Completed checkpoint %lld for job %s (%lld bytes in %lld ms).", (long long)e->id, jid,
		       (long long)e->n, (long long)e->m);
	return r->scratch;
}

static Ring *ring_of(const Sim *s, const char *container, bool *known)
{
	*known = container && sim_proc_find(s, container) >= 0;
	if (!*known || !s->logs)
		return NULL;
	for (int i = 0; i < s->logs->nrings; i++)
		if (strcmp(s->logs->rings[i]->name, container) == 0)
			return s->logs->rings[i];
	return NULL;
}

int64_t sim_log_count(const Sim *s, const char *container)
{
	bool known;
	Ring *r = ring_of(s, container, &known);
	return !known ? -1 : r ? r->total : 0;
}

int64_t sim_log_first(const Sim *s, const char *container)
{
	bool known;
	Ring *r = ring_of(s, container, &known);
	if (!known)
		return -1;
	return r && r->total > SIM_LOG_KEEP ? r->total - SIM_LOG_KEEP : 0;
}

const char *sim_log_line(const Sim *s, const char *container, int64_t i, SimTime *when)
{
	bool known;
	Ring *r = ring_of(s, container, &known);
	if (!r || i < 0 || i >= r->total || i < r->total - SIM_LOG_KEEP)
		return NULL;
	const Entry *e = &r->e[i % SIM_LOG_KEEP];
	if (when)
		*when = e->when;
	return e->lazy != LAZY_NONE ? lazy_text(s->logs, r, e) : e->text;
}

int sim_log_containers(Sim *s, const char *service, char (*names)[32], int max)
{
	if (!s->up) {
		sim_fail(s, SIM_ESTATE, "the environment is not up (call pg.up first)");
		return -1;
	}
	int n = 0;
	for (int i = 0; i < sim_service_count(s); i++) {
		ServiceInfo si;
		if (sim_service_info(s, i, &si) && (strcmp(si.name, service) == 0 || strcmp(si.service, service) == 0) &&
		    n < max)
			fmt_snprintf(names[n++], 32, "%s", si.name);
	}
	if (n > 0 || strcmp(service, "taskmanager") == 0)
		return n;
	char valid[512];
	size_t at = (size_t)fmt_snprintf(valid, sizeof valid, "jobmanager, taskmanager");
	for (int i = 0; i < s->ntm && at < sizeof valid; i++)
		at += (size_t)fmt_snprintf(valid + at, sizeof valid - at, ", taskmanager-%d", i + 1);
	if (at < sizeof valid)
		fmt_snprintf(valid + at, sizeof valid - at, ", kafka, zookeeper, clickevent-generator");
	sim_fail(s, SIM_ENOENT, "no such service: '%s' (valid: %s)", service, valid);
	return -1;
}
