/*
 * event.c — the events' names, classes and text (see event.h).
 *
 * event_render writes exactly the text the trace has always carried for each kind: the
 * trace hash of a run is the hash of these renderings, so a change here is a change of
 * every trace that has the kind (say why in the commit).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fmt.h"
#include "sim.h"

static const char *const kind_names[EV_KIND_COUNT] = {
	[EV_COMMAND] = "command",
	[EV_CONTAINER] = "container",
	[EV_TOPIC_CREATED] = "kafka.topic-created",
	[EV_JM_STARTED] = "jobmanager.started",
	[EV_JM_READY] = "jobmanager.ready",
	[EV_JOB_SUBMITTED] = "job.submitted",
	[EV_JOB_STATE] = "job.state",
	[EV_JOB_FAILED] = "job.failed",
	[EV_JOB_LOST] = "job.lost",
	[EV_JOB_RESTORED] = "job.restored",
	[EV_JOB_ALL_RUNNING] = "job.all-running",
	[EV_TASK_STATE] = "task.state",
	[EV_TASK_REPORT] = "task.report",
	[EV_SLOTS_REQUESTED] = "slots.requested",
	[EV_TM_STARTED] = "taskmanager.started",
	[EV_TM_REGISTERED] = "taskmanager.registered",
	[EV_TM_LOST] = "taskmanager.lost",
	[EV_TM_JM_TIMEOUT] = "taskmanager.jobmanager-timeout",
	[EV_TM_DISCONNECTED] = "taskmanager.disconnected",
	[EV_CHECKPOINT_TRIGGERED] = "checkpoint.triggered",
	[EV_CHECKPOINT_COMPLETED] = "checkpoint.completed",
	[EV_CHECKPOINT_FAILED] = "checkpoint.failed",
	[EV_SAVEPOINT_STORED] = "savepoint.stored",
	[EV_SOURCE_ASSIGNED] = "source.assigned",
	[EV_OFFSET_RESET] = "source.offset-reset",
	[EV_REQUEST_TIMEOUT] = "kafka.request-timeout",
	[EV_TXN_ENDED] = "kafka.transaction-ended",
	[EV_TXN_RECOVERY_ERROR] = "sink.recovery-error",
	[EV_RETENTION] = "kafka.retention",
	[EV_GENERATOR_STARTED] = "generator.started",
	[EV_BATCH_EXPIRED] = "generator.batch-expired",
	[EV_HA_LEADERSHIP] = "ha.leadership",
	[EV_HA_ZOOKEEPER] = "ha.zookeeper",
	[EV_HA_JOB_RECOVERED] = "ha.job-recovered",
	[EV_TM_LEADER] = "taskmanager.leader",
	[EV_STOP_UNFINISHED] = "savepoint.stop-unfinished",
};

const char *event_kind_name(EvKind kind)
{
	return (unsigned)kind < EV_KIND_COUNT ? kind_names[kind] : "?";
}

EvClass event_class(const SimEvent *e)
{
	switch (e->kind) {
	case EV_COMMAND:
		return EV_CLASS_COMMAND;
	case EV_CONTAINER:
		return strcmp(e->what, "killed") == 0 ? EV_CLASS_PROBLEM : EV_CLASS_STATE;
	case EV_JOB_FAILED: case EV_JOB_LOST: case EV_TM_LOST: case EV_TM_JM_TIMEOUT: case EV_TM_DISCONNECTED:
	case EV_CHECKPOINT_FAILED: case EV_OFFSET_RESET: case EV_REQUEST_TIMEOUT: case EV_BATCH_EXPIRED:
	case EV_TXN_RECOVERY_ERROR: case EV_STOP_UNFINISHED:
		return EV_CLASS_PROBLEM;
	case EV_HA_ZOOKEEPER:
		return strcmp(e->what, "reconnected") == 0 ? EV_CLASS_STATE : EV_CLASS_PROBLEM;
	case EV_HA_LEADERSHIP:
		return strcmp(e->what, "revoked") == 0 ? EV_CLASS_PROBLEM : EV_CLASS_STATE;
	case EV_JOB_STATE:
		return e->to == JOB_FAILED || e->to == JOB_FAILING ? EV_CLASS_PROBLEM : EV_CLASS_STATE;
	case EV_TASK_STATE:
		return e->to == TASK_FAILED ? EV_CLASS_PROBLEM : EV_CLASS_STATE;
	case EV_TASK_REPORT:
		return e->to == TASK_FAILED ? EV_CLASS_PROBLEM : EV_CLASS_PLUMBING;  /* the JobMaster's line says it */
	case EV_CHECKPOINT_TRIGGERED:
		return e->flag ? EV_CLASS_STATE : EV_CLASS_PLUMBING;   /* savepoints are news, checkpoints routine */
	case EV_CHECKPOINT_COMPLETED:                               /* "Savepoint stored …" says it for savepoints */
	case EV_TOPIC_CREATED: case EV_TXN_ENDED: case EV_RETENTION:
		return EV_CLASS_PLUMBING;
	default:
		return EV_CLASS_STATE;
	}
}

typedef struct Out {
	char  *buf;
	size_t len, at;
} Out;

static void put(Out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(Out *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_vsnprintf(o->buf + (o->at < o->len ? o->at : o->len), o->at < o->len ? o->len - o->at : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->at += (size_t)n;
}

static const char *str(const char *s) { return s ? s : ""; }

/* A cause followed by one full stop, whether or not it ends with one. */
static void cause_dot(Out *o, const char *cause)
{
	size_t n = strlen(str(cause));
	put(o, "%s%s", str(cause), n > 0 && cause[n - 1] == '.' ? "" : ".");
}

static void render_job(Out *o, const SimEvent *e)
{
	switch (e->kind) {
	case EV_JOB_SUBMITTED:                 /* Dispatcher; CheckpointCoordinator.restoreSavepoint */
		put(o, "Received JobGraph submission %s (%s).", str(e->job), str(e->name));
		if (e->path)
			put(o, " Starting job %s from savepoint %s ()", str(e->job), str(e->path));
		break;
	case EV_JOB_STATE:
		put(o, "Job %s (%s) switched from state %s to %s.", str(e->name), str(e->job), job_state_name((JobState)e->from),
		    job_state_name((JobState)e->to));
		break;
	case EV_JOB_FAILED:
		put(o, "Job %s failed: ", str(e->job));
		cause_dot(o, e->text);
		if (e->n >= 0)
			put(o, " Restarting in %lld ms.", (long long)e->n);
		else if (e->flag)
			put(o, " Could not restart the job because the restart strategy prevented it (%s).", str(e->what));
		else
			put(o, " Recovery is suppressed by %s", str(e->what));
		break;
	case EV_JOB_LOST:
		put(o, "Job %s is lost with the JobManager (no high availability).", str(e->job));
		break;
	case EV_JOB_RESTORED:
		if (e->k == 1)                     /* Flink 1.9: CompletedCheckpoint.toString() */
			put(o, "Restoring job %s from latest valid checkpoint: Checkpoint %lld @ %lld for %s.", str(e->job),
			    (long long)e->id, (long long)e->n, str(e->job));
		else
			put(o, "Restoring job %s from %s %lld @ %lld.", str(e->job), e->flag ? "Savepoint" : "Checkpoint",
			    (long long)e->id, (long long)e->n);
		break;
	case EV_JOB_ALL_RUNNING:
		put(o, "All %lld tasks of job %s are RUNNING.", (long long)e->n, str(e->job));
		break;
	default:
		break;
	}
}

static void render_checkpoint(Out *o, const SimEvent *e)
{
	switch (e->kind) {
	case EV_CHECKPOINT_TRIGGERED:
		if (e->k >= 0)                     /* Flink 1.9's line, savepoints included */
			put(o, "Triggering checkpoint %lld @ %lld for job %s.", (long long)e->id, (long long)e->k, str(e->job));
		else if (!e->flag)
			put(o, "Triggering checkpoint %lld of job %s.", (long long)e->id, str(e->job));
		else
			put(o, "Triggering %ssavepoint %lld for job %s%s.", strncmp(str(e->what), "stop", 4) == 0 ? "stop-with-" : "",
			    (long long)e->id, str(e->job), strcmp(str(e->what), "stop-drain") == 0 ? " (drain: MAX_WATERMARK first)" : "");
		break;
	case EV_CHECKPOINT_COMPLETED:
		if (e->k == 1)                     /* Flink 1.9 */
			put(o, "Completed checkpoint %lld for job %s (%lld bytes in %lld ms).", (long long)e->id, str(e->job),
			    (long long)e->n, (long long)e->m);
		else
			put(o, "Completed checkpoint %lld for job %s (%lld bytes, checkpointDuration=%lld ms).", (long long)e->id,
			    str(e->job), (long long)e->n, (long long)e->m);
		break;
	case EV_CHECKPOINT_FAILED:
		if (e->k == 1 && strncmp(str(e->text), "Checkpoint expired", 18) == 0)   /* Flink 1.9's lines */
			put(o, "Checkpoint %lld of job %s expired before completing.", (long long)e->id, str(e->job));
		else if (e->k == 1)
			put(o, "Discarding checkpoint %lld of job %s.", (long long)e->id, str(e->job));
		else
			put(o, "Checkpoint %lld of job %s failed: %s", (long long)e->id, str(e->job), str(e->text));
		break;
	case EV_SAVEPOINT_STORED:
		put(o, "Savepoint stored in file:%s.", str(e->path));
		break;
	case EV_STOP_UNFINISHED:             /* StopWithSavepointTerminationHandlerImpl's warning */
		put(o, "A savepoint was created at %s but the corresponding job %s didn't terminate successfully.",
		    str(e->path), str(e->job));
		break;
	default:
		break;
	}
}

static void render_cluster(Out *o, const SimEvent *e)
{
	switch (e->kind) {
	case EV_TASK_STATE:
		put(o, "%s (%d/%d) switched from %s to %s.", str(e->name), e->subtask + 1, e->parallelism,
		    task_state_name((TaskState)e->from), task_state_name((TaskState)e->to));
		break;
	case EV_TASK_REPORT:
		put(o, "%s (%d/%d) switched to %s%s%s", str(e->name), e->subtask + 1, e->parallelism,
		    task_state_name((TaskState)e->to), e->text && *e->text ? ": " : "", str(e->text));
		break;
	case EV_SLOTS_REQUESTED:
		put(o, "Requesting %lld new slot(s) for job %s from the ResourceManager.", (long long)e->n, str(e->job));
		break;
	case EV_TM_STARTED:                    /* TaskManagerRunner */
		put(o, "Starting TaskManager with ResourceID: %s", str(e->name));
		break;
	case EV_TM_REGISTERED:                 /* ResourceManager.registerTaskExecutorInternal */
		put(o, "Registering TaskManager with ResourceID %s (akka.tcp://flink@172.18.0.%d:%lld/user/%staskmanager_0) "
		    "at ResourceManager", str(e->name), 5 + e->tm, (long long)e->k, e->flag ? "" : "rpc/");
		break;
	case EV_TM_LOST:
		put(o, "%s", str(e->text));
		break;
	case EV_TM_JM_TIMEOUT:
		put(o, "The heartbeat of JobManager timed out; disconnecting.");
		break;
	case EV_TM_DISCONNECTED:
		put(o, "Disconnected from the ResourceManager; releasing all slots.");
		break;
	case EV_JM_STARTED:                    /* ClusterEntrypoint.startCluster */
		put(o, "Starting StandaloneSessionClusterEntrypoint.");
		break;
	case EV_JM_READY:                      /* RestServerEndpoint.start */
		put(o, "Rest endpoint listening at %s:8081", str(e->component));
		break;
	case EV_HA_LEADERSHIP:
		if (strcmp(str(e->what), "granted") == 0)
			put(o, "Granted leadership (fencing generation %lld): Dispatcher, ResourceManager and JobMasters start.",
			    (long long)e->n);
		else
			put(o, "Leadership revoked (generation %lld): %s", (long long)e->n, str(e->text));
		break;
	case EV_HA_ZOOKEEPER:
		if (e->name)
			put(o, "Expiring the session of %s, timeout of %lld ms exceeded.", e->name, (long long)e->n);
		else
			put(o, "ZooKeeper connection %s.", str(e->what));
		break;
	case EV_HA_JOB_RECOVERED:
		put(o, "Recovered job %s from the job graph store", str(e->job));
		if (e->id >= 0)
			put(o, "; restoring checkpoint %lld.", (long long)e->id);
		else
			put(o, "; no checkpoint to restore.");
		break;
	case EV_TM_LEADER:
		if (e->name)
			put(o, "New JobManager leader: %s.", e->name);
		else
			put(o, "No JobManager leader (leader retrieval).");
		break;
	default:
		break;
	}
}

static void render_kafka(Out *o, const SimEvent *e)
{
	switch (e->kind) {
	case EV_TOPIC_CREATED:
		put(o, "Created topic %s with %lld partitions, replication factor 1.", str(e->name), (long long)e->n);
		break;
	case EV_SOURCE_ASSIGNED:
		put(o, "subtask %d/%d of job %lld reads partitions %lld.. (%lld assigned, %s)", e->subtask + 1, e->parallelism,
		    (long long)e->k, (long long)e->n, (long long)e->m, e->flag ? "offsets from checkpoint" : "group offsets");
		break;
	case EV_OFFSET_RESET:
		put(o, "%s (%d/%d): Fetch position %lld is out of range for partition input-%lld (log %lld..%lld), resetting "
		    "offset to latest (auto.offset.reset).", str(e->name), e->subtask + 1, e->parallelism, (long long)e->n,
		    (long long)e->id, (long long)e->m, (long long)e->k);
		break;
	case EV_REQUEST_TIMEOUT:
		put(o, "%s: request timed out after %lld ms (request.timeout.ms); retrying in %lld ms.", str(e->text),
		    (long long)e->n, (long long)e->m);
		break;
	case EV_TXN_ENDED:
		put(o, "%s transaction of %s (producer %lld, epoch %lld) on output-%lld%s.", e->flag ? "Committed" : "Aborted",
		    str(e->name), (long long)e->id, (long long)e->n, (long long)e->m, str(e->what));
		break;
	case EV_TXN_RECOVERY_ERROR:
		put(o, "%s (%d/%d): Encountered error %s while recovering transaction %s. Presumably this transaction has "
		    "been already committed before.", str(e->name), e->subtask + 1, e->parallelism, str(e->what), str(e->text));
		break;
	case EV_RETENTION:
		put(o, "Deleted %lld records of %s-%lld past retention (log start offset %lld).", (long long)e->n, str(e->name),
		    (long long)e->id, (long long)e->m);
		break;
	case EV_GENERATOR_STARTED:
		put(o, "Started: producing click events to topic input (producer id %lld).", (long long)e->id);
		break;
	case EV_BATCH_EXPIRED:
		put(o, "Expiring %lld record(s) for input-%lld: %lld ms has passed since batch creation.", (long long)e->n,
		    (long long)e->id, (long long)e->m);
		break;
	default:
		break;
	}
}

size_t event_render(const SimEvent *e, char *buf, size_t len)
{
	Out o = { buf, len, 0 };
	if (len)
		buf[0] = '\0';
	switch (e->kind) {
	case EV_COMMAND:
		put(&o, "%s", str(e->text));
		break;
	case EV_CONTAINER:
		put(&o, "Container %s %s.", str(e->name), str(e->what));
		break;
	default:
		render_job(&o, e);
		render_checkpoint(&o, e);
		render_cluster(&o, e);
		render_kafka(&o, e);
		break;
	}
	return o.at < len ? o.at : (len ? len - 1 : 0);
}

SimEvent *event_dup(const SimEvent *e)
{
	const char *strs[] = { e->component, e->job, e->name, e->text, e->what, e->path };
	size_t need = sizeof *e;
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		need += strs[i] ? strlen(strs[i]) + 1 : 0;
	SimEvent *c = malloc(need);
	if (!c)
		return NULL;
	*c = *e;
	char *at = (char *)(c + 1);
	const char **fields[] = { &c->component, &c->job, &c->name, &c->text, &c->what, &c->path };
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
		if (!strs[i])
			continue;
		size_t n = strlen(strs[i]) + 1;
		memcpy(at, strs[i], n);
		*fields[i] = at;
		at += n;
	}
	return c;
}
