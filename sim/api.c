/*
 * api.c — jobs and the const queries of sim.h: what the CLI, the REST views, the Lua API,
 * the SDL2 view and the checkers read. Queries never change the model.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/keygroup.h"
#include "flink/job.h"
#include "flink/savepoint.h"
#include "flink/jobmanager.h"
#include "flink/states.h"
#include "flink/taskmanager.h"
#include "gen/generator.h"
#include "internal.h"
#include "kafka/broker.h"
#include "kafka/codec.h"

#define SUBMIT_DELAY_US (300 * SIM_US_PER_MS)   /* upload the JobGraph, start the JobMaster */

/* ------------------------------------------------------------------ jobs */

/* A JobID or trigger id: 32 lowercase hex digits from the run's id stream, as Flink prints them. */
static void random_id(Sim *s, char id[33])
{
	/* One draw per statement: C leaves the order of evaluation of arguments unspecified. */
	uint64_t hi = rng_next(&s->rng_ids);
	uint64_t lo = rng_next(&s->rng_ids);
	snprintf(id, 33, "%016llx%016llx", (unsigned long long)hi, (unsigned long long)lo);
}

/* A retained checkpoint named by its directory (`-s /tmp/flink-checkpoints-directory/<jid>/chk-<n>`,
 * with or without `file:`), as an operator resubmits a job its JobManager lost; NULL if the
 * path names none. The checkpoint storage is simulated: it lives in the Sim, not on the host. */
static CompletedCheckpoint *retained_checkpoint(Sim *s, const char *path)
{
	if (strncmp(path, "file://", 7) == 0)
		path += 7;
	else if (strncmp(path, "file:", 5) == 0)
		path += 5;
	for (int i = 0; i < s->njobs; i++) {
		CompletedCheckpoint *c = s->jobs[i]->cc.latest;
		if (c && !c->savepoint && strcmp(c->path, path) == 0) {
			checkpoint_retain(c);
			return c;
		}
	}
	return NULL;
}

SimStatus sim_job_latest_checkpoint(const Sim *s, const char *job_id, char *path, size_t len)
{
	const Job *j = sim_job_find(s, job_id);
	if (!j)
		return SIM_ENOENT;
	if (!j->cc.latest || !j->cc.latest->path[0])
		return SIM_ESTATE;
	snprintf(path, len, "%s", j->cc.latest->path);
	return SIM_OK;
}

static void on_job_start(Sim *s, void *obj, uint64_t arg)
{
	Job *j = obj;
	if (!s->jm || s->jm->inc != j->jm_incarnation || j->started || job_state_is_terminal(j->state) ||
	    proc_defer(s, s->proc_jobmanager, on_job_start, j, arg))
		return;
	jobmaster_start(s, j);
}

/* The Dispatcher has the JobGraph: "Received JobGraph submission …"; the JobMaster starts. */
static void on_job_received(Sim *s, void *obj, uint64_t arg)
{
	Job *j = obj;
	if (s->ha && j->jm_incarnation == 0 && !job_state_is_terminal(j->state)) {
		if (!s->jm || !s->jm->ready) {           /* no leader yet: the client retries */
			sim_after(s, 100 * SIM_US_PER_MS, on_job_received, j, 0);
			return;
		}
		j->jm_incarnation = s->jm->inc;
	}
	if (!s->jm || s->jm->inc != j->jm_incarnation || job_state_is_terminal(j->state) || j->state == JOB_SUSPENDED)
		return;
	if (!sim_jobmanager_reachable(s)) {          /* paused: the client keeps retrying */
		sim_after(s, 100 * SIM_US_PER_MS, on_job_received, j, 0);
		return;
	}
	j->received = true;
	j->dispatcher = sim_jm_process(s);
	/* The job exists for Flink from here: its start time (1.9: CREATED, 1.13: INITIALIZING)
	 * is now, not when the client began submitting (flink list, "start-time"). */
	j->start_time = s->now;
	if (j->state_time[j->state] >= 0)
		j->state_time[j->state] = s->now;
	SIM_EMIT(s, EV_JOB_SUBMITTED, .component = sim_jm_name(s), .name = j->name, .job = j->jid, .n = j->parallelism,
	         .m = j->opt.checkpointing ? s->opt.config.checkpoint_interval_ms : -1, .flag = j->opt.event_time,
	         .path = j->opt.savepoint);
	sim_after(s, SUBMIT_DELAY_US, on_job_start, j, 0);
}

/* Does a client reach a JobManager? With HA also while none leads but one runs: the client's
 * leader retrieval waits for the election, and the job goes to the leader it elects. */
static bool jobmanager_accepts(const Sim *s)
{
	if (s->jm && proc_running(s, s->proc_jobmanager))
		return true;
	if (!s->ha || s->jm)
		return false;
	for (int i = 0; i < s->nprocs; i++)
		if (s->procs[i].kind == PROC_JOBMANAGER && s->procs[i].state == SERVICE_RUNNING)
			return true;
	return false;
}

/* When a JobGraph submitted now reaches the Dispatcher: once the client container's JVM has
 * built it (pg.up's submission) and the JobManager answers (its client retries until then). */
static SimTime receive_time(const Sim *s)
{
	SimTime t = s->now;
	if (s->client_ready_at > t)
		t = s->client_ready_at;
	if (s->jm && s->jm->ready_at > t)
		t = s->jm->ready_at;
	return t;
}

void job_schedule_start(Sim *s, Job *j, SimTime delay_us)
{
	sim_after(s, delay_us, on_job_start, j, 0);
}

/* Every operator state in the savepoint must belong to an operator of the new job. The
 * vertex ids depend only on the options, so a job built only to compare them (and freed
 * again) tells without a random draw or any change to the Sim. */
static SimStatus check_operators(Sim *s, const JobOptions *o, const CompletedCheckpoint *sp)
{
	Job *probe = job_create(s, o, "");
	SimStatus st = SIM_OK;
	for (int i = 0; i < sp->nsnaps && st == SIM_OK; i++) {
		bool known = false;
		for (int v = 0; v < probe->nv; v++)
			known |= strcmp(probe->v[v].id, sp->snaps[i]->op_id) == 0;
		if (!known)
			st = sim_fail(s, SIM_EINVAL, "Cannot map checkpoint/savepoint state for operator %s to the new "
			              "program, because the operator is not available in the new program.", sp->snaps[i]->op_id);
	}
	job_destroy(s, probe);
	return st;
}

/* The JobVertexID of the job's source (a probe job, as in check_operators). */
static void source_vertex_id(Sim *s, const JobOptions *o, char out[33])
{
	JobOptions one = *o;
	one.parallelism = 1;                 /* the ids do not depend on it; o's may be out of range */
	Job *probe = job_create(s, &one, "");
	snprintf(out, 33, "%s", probe->v[0].id);
	job_destroy(s, probe);
}

/* All of sim_job_submit's checks, before anything changes: on SIM_OK *sp holds the read
 * savepoint (or NULL; the caller owns it) and *opts the options to create the job with. */
static SimStatus check_submission(Sim *s, const JobOptions *o, CompletedCheckpoint **sp, JobOptions *opts)
{
	*sp = NULL;
	*opts = *o;
	if (!s->up)
		return sim_fail(s, SIM_ESTATE, "the environment is not up (call pg.up first)");
	if (o->max_parallelism < 0 || o->max_parallelism > 32768)
		return sim_fail(s, SIM_EINVAL, "maxParallelism must be between 1 and 32768, not %d", o->max_parallelism);
	if (o->chaining)
		return sim_fail(s, SIM_EUNSUPPORTED, "chaining = true is not supported yet (the playground disables chaining)");
	if (!jobmanager_accepts(s))
		return sim_fail(s, SIM_ESTATE, "could not connect to the JobManager: jobmanager is not running");
	SimStatus st = SIM_OK;
	if (o->savepoint) {
		char err[480];
		*sp = retained_checkpoint(s, o->savepoint);
		if (!*sp && (st = savepoint_read(s->opt.host_root, o->savepoint, sp, err, sizeof err)) != SIM_OK)
			return sim_fail(s, st, "%s", err);
		if (!(*sp)->path[0])
			snprintf((*sp)->path, sizeof (*sp)->path, "%s", o->savepoint);
		/* StateAssignmentOperation.checkParallelismPreconditions (Flink names the
		 * ExecutionJobVertex object; the simulator names the vertex). */
		if (o->parallelism > (*sp)->max_parallelism) {
			char source_id[33];
			source_vertex_id(s, o, source_id);
			st = sim_fail(s, SIM_EINVAL, "java.lang.IllegalStateException: The state for task %s can not be restored. "
			              "The maximum parallelism (%d) of the restored state is lower than the configured parallelism "
			              "(%d). Please reduce the parallelism of the task to be lower or equal to the maximum "
			              "parallelism.", source_id, (*sp)->max_parallelism, o->parallelism);
			goto err_release;
		}
		if (o->max_parallelism > 0 && o->max_parallelism != (*sp)->max_parallelism) {
			st = sim_fail(s, SIM_EINVAL, "java.lang.IllegalStateException: The maximum parallelism (%d) with which the "
			              "latest checkpoint of the execution job vertex ClickEvent Source has been taken and the current "
			              "maximum parallelism (%d) changed. This is currently not supported.",
			              (*sp)->max_parallelism, o->max_parallelism);
			goto err_release;
		}
		opts->max_parallelism = (*sp)->max_parallelism;
	}
	int maxp = opts->max_parallelism > 0 ? opts->max_parallelism
	                                      : keygroup_default_max_parallelism(o->parallelism > 0 ? o->parallelism : 1);
	if (o->parallelism < 1)
		st = sim_fail(s, SIM_EINVAL, "The parallelism of an operator must be at least 1 (not %d).", o->parallelism);
	else if (o->parallelism > maxp)     /* ExecutionJobVertex: only an explicit max parallelism is below */
		st = sim_fail(s, SIM_EINVAL, "org.apache.flink.runtime.JobException: Vertex ClickEvent Source's parallelism "
		              "(%d) is higher than the max parallelism (%d). Please lower the parallelism or increase the "
		              "max parallelism.", o->parallelism, maxp);
	else if (o->parallelism > JOB_MAX_PARALLELISM)
		st = sim_fail(s, SIM_EINVAL, "parallelism %d is above the %d slots one job may use in this simulator",
		              o->parallelism, JOB_MAX_PARALLELISM);
	else if (*sp)
		st = check_operators(s, opts, *sp);
	if (st == SIM_OK)
		return SIM_OK;
err_release:
	checkpoint_release(*sp);
	*sp = NULL;
	return st;
}

SimStatus sim_job_check(Sim *s, const JobOptions *o)
{
	CompletedCheckpoint *sp;
	JobOptions opts;
	SimStatus st = check_submission(s, o, &sp, &opts);
	checkpoint_release(sp);
	return st;
}

SimStatus sim_job_submit(Sim *s, const JobOptions *o, char job_id[33])
{
	CompletedCheckpoint *sp;
	JobOptions opts;
	SimStatus st = check_submission(s, o, &sp, &opts);
	if (st != SIM_OK)
		return st;
	char jid[33];
	random_id(s, jid);                              /* only once nothing can refuse the job */
	Job *j = job_create(s, &opts, jid);
	if (sp) {
		j->cc.latest = sp;
		j->cc.next_id = sp->id + 1;
	}
	j->index = s->njobs;
	j->jm_incarnation = s->jm ? s->jm->inc : 0;     /* 0: HA, the leader that receives it */
	s->jobs = realloc(s->jobs, (size_t)(s->njobs + 1) * sizeof *s->jobs);
	SIM_CHECK(s->jobs != NULL);
	s->jobs[s->njobs++] = j;
	sim_at(s, receive_time(s), on_job_received, j, 0);
	snprintf(job_id, 33, "%s", jid);
	return SIM_OK;
}

SimStatus sim_job_cancel(Sim *s, const char *job_id)
{
	Job *j = sim_job_find(s, job_id);
	if (!j)
		return sim_fail(s, SIM_ENOENT, "no job with id '%s'", job_id);
	if (job_state_is_terminal(j->state) || j->state == JOB_SUSPENDED)
		return sim_fail(s, SIM_ESTATE, "job %s is already %s", job_id, job_state_name(j->state));
	if (!s->jm || j->jm_incarnation != s->jm->inc || !proc_running(s, s->proc_jobmanager))
		return sim_fail(s, SIM_ESTATE, "could not connect to the JobManager of job %s", job_id);
	char cmd[80];
	snprintf(cmd, sizeof cmd, "flink cancel %s", job_id);
	sim_trace_command(s, cmd);
	jobmaster_cancel(s, j);
	return SIM_OK;
}

/* ------------------------------------------------------------------ savepoints */

SimStatus sim_job_savepoint_check(Sim *s, const char *job_id)
{
	Job *j = sim_job_find(s, job_id);
	if (!j)
		return sim_fail(s, SIM_ENOENT, "no job with id '%s'", job_id ? job_id : "");
	if (!s->jm || j->jm_incarnation != s->jm->inc || !proc_running(s, s->proc_jobmanager))
		return sim_fail(s, SIM_ESTATE, "could not connect to the JobManager of job %s", job_id);
	if (j->state != JOB_RUNNING || !job_all_running(j))
		return sim_fail(s, SIM_ESTATE, "job %s is %s and not all of its tasks are RUNNING: cannot take a savepoint",
		                job_id, job_state_name(j->state));
	if (j->cc.stopping)
		return sim_fail(s, SIM_ESTATE, "job %s is already being stopped with a savepoint", job_id);
	return SIM_OK;
}

/* The job a savepoint request reaches: one the JobManager runs (not ended, not lost). */
static Job *savepoint_target(Sim *s, const char *job_id)
{
	Job *j = sim_job_find(s, job_id);
	if (!j || !s->jm || j->jm_incarnation != s->jm->inc || job_state_is_terminal(j->state) ||
	    j->state == JOB_SUSPENDED)
		return NULL;
	return j;
}

SimStatus sim_job_savepoint(Sim *s, const char *job_id, bool stop, bool drain, char trigger_id[33])
{
	if (!sim_jobmanager_reachable(s))
		return sim_fail(s, SIM_ESTATE, "could not connect to the JobManager: jobmanager is not running");
	Job *j = savepoint_target(s, job_id);
	s->triggers = realloc(s->triggers, (size_t)(s->ntriggers + 1) * sizeof *s->triggers);
	SIM_CHECK(s->triggers != NULL);
	SavepointTrigger *t = &s->triggers[s->ntriggers];
	memset(t, 0, sizeof *t);
	random_id(s, t->id);
	t->job = j ? j->index : -1;
	snprintf(t->job_id, sizeof t->job_id, "%s", job_id);
	t->stop = stop;
	t->drain = drain;
	t->status = SAVEPOINT_IN_PROGRESS;
	t->endpoint = sim_jm_process(s);
	char cmd[96];
	snprintf(cmd, sizeof cmd, "flink %s %s%s", stop ? "stop" : "savepoint", drain ? "--drain " : "", job_id);
	sim_trace_command(s, cmd);
	snprintf(trigger_id, 33, "%s", t->id);
	int request = s->ntriggers++;
	if (!j) {                               /* Dispatcher: the job is not (any longer) there */
		char why[80];
		snprintf(why, sizeof why, "Could not find Flink job (%s)", job_id);
		savepoint_trigger_end(t, s->now, "org.apache.flink.runtime.messages.FlinkJobNotFoundException", why);
	} else if (stop && j->cc.stopping) {    /* the simulator's own refusal (docs/flink-versions.md) */
		char why[96];
		snprintf(why, sizeof why, "job %s is already being stopped with a savepoint", job_id);
		savepoint_trigger_end(t, s->now, NULL, why);
	} else {
		cc_trigger_savepoint(s, &j->cc, request);
	}
	return SIM_OK;
}

SimStatus sim_savepoint_info(const Sim *s, const char *trigger_id, SavepointInfo *out)
{
	for (int i = 0; i < s->ntriggers; i++) {
		const SavepointTrigger *t = &s->triggers[i];
		if (strcmp(t->id, trigger_id) != 0)
			continue;
		memset(out, 0, sizeof *out);
		out->status = t->status;
		snprintf(out->job_id, sizeof out->job_id, "%s", t->job_id);
		out->stop = t->stop;
		out->drain = t->drain;
		snprintf(out->path, sizeof out->path, "%s", t->path);
		out->failed_over = t->failed_over;
		snprintf(out->failure, sizeof out->failure, "%s", t->failure);
		snprintf(out->failure_class, sizeof out->failure_class, "%s",
		         t->failure_class[0] ? t->failure_class : "org.apache.flink.runtime.checkpoint.CheckpointException");
		out->at_jobmanager = t->endpoint != 0 && t->endpoint == sim_jm_process(s);
		out->ended_at = t->ended_at;
		return SIM_OK;
	}
	return SIM_ENOENT;
}

bool sim_savepoint_trigger_at(const Sim *s, int i, char trigger_id[33])
{
	if (i < 0 || i >= s->ntriggers)
		return false;
	snprintf(trigger_id, 33, "%s", s->triggers[i].id);
	return true;
}

/* ------------------------------------------------------------------ job queries */

int sim_job_count(const Sim *s) { return s->njobs; }

bool sim_job_current(const Sim *s, char job_id[33])
{
	int n = s ? sim_job_count(s) : 0;
	for (int i = n - 1; i >= 0; i--)
		if (!job_state_is_terminal(s->jobs[i]->state)) {
			snprintf(job_id, 33, "%s", s->jobs[i]->jid);
			return true;
		}
	return n > 0 && sim_job_id_at(s, n - 1, job_id);
}

bool sim_job_id_at(const Sim *s, int i, char job_id[33])
{
	if (i < 0 || i >= s->njobs)
		return false;
	snprintf(job_id, 33, "%s", s->jobs[i]->jid);
	return true;
}

static SimStatus find(const Sim *s, const char *job_id, const Job **out)
{
	*out = sim_job_find(s, job_id);
	return *out ? SIM_OK : SIM_ENOENT;
}

SimStatus sim_job_info(const Sim *s, const char *job_id, JobInfo *out)
{
	const Job *j;
	if (find(s, job_id, &j))
		return SIM_ENOENT;
	memset(out, 0, sizeof *out);
	snprintf(out->jid, sizeof out->jid, "%s", j->jid);
	snprintf(out->name, sizeof out->name, "%s", j->name);
	out->state = j->state;
	out->start_time = j->start_time;
	out->end_time = j->end_time;
	out->vertex_count = j->nv;
	out->parallelism = j->parallelism;
	out->max_parallelism = j->max_parallelism;
	out->checkpointing = j->opt.checkpointing;
	out->event_time = j->opt.event_time;
	out->sink = j->opt.sink;
	snprintf(out->failure, sizeof out->failure, "%s", j->failure);
	out->failure_time = j->failure_time;
	memcpy(out->state_time, j->state_time, sizeof out->state_time);
	out->num_restarts = j->num_restarts;
	out->received = j->received;
	out->at_jobmanager = j->dispatcher != 0 && j->dispatcher == sim_jm_process(s);
	return SIM_OK;
}

static const Task *current_task(const Sim *s, const Execution *e)
{
	return e->task >= 0 ? s->tasks[e->task] : NULL;
}

SimStatus sim_vertex_info(const Sim *s, const char *job_id, int v, VertexInfo *out)
{
	const Job *j;
	if (find(s, job_id, &j) || v < 0 || v >= j->nv)
		return SIM_ENOENT;
	const Vertex *vx = &j->v[v];
	memset(out, 0, sizeof *out);
	snprintf(out->id, sizeof out->id, "%s", vx->id);
	snprintf(out->name, sizeof out->name, "%s", vx->name);
	out->parallelism = vx->parallelism;
	out->ship_strategy = vx->in_ship;
	out->start_time = vx->start_time;
	out->end_time = -1;
	int terminal = 0;
	SimTime latest = -1;
	for (int i = 0; i < vx->parallelism; i++) {
		out->tasks[vx->ex[i].state]++;
		terminal += task_state_is_terminal(vx->ex[i].state);
		if (vx->ex[i].state_time[vx->ex[i].state] > latest)
			latest = vx->ex[i].state_time[vx->ex[i].state];
		const Task *t = current_task(s, &vx->ex[i]);
		if (!t)
			continue;
		if (vx->op != OP_SOURCE) {          /* Flink counts network input only */
			out->read_records += t->rec_in;
			out->read_bytes += t->bytes_in;
		}
		out->write_records += t->rec_out;
		out->write_bytes += t->bytes_out;
	}
	out->status = vertex_aggregate_state(out->tasks, vx->parallelism);
	if (terminal == vx->parallelism && vx->start_time >= 0)
		out->end_time = latest;
	return SIM_OK;
}

SimStatus sim_task_info(const Sim *s, const char *job_id, int v, int subtask, TaskInfo *out)
{
	const Job *j;
	if (find(s, job_id, &j) || v < 0 || v >= j->nv || subtask < 0 || subtask >= j->v[v].parallelism)
		return SIM_ENOENT;
	const Execution *e = &j->v[v].ex[subtask];
	memset(out, 0, sizeof *out);
	out->state = e->state;
	out->attempt = j->attempt > 0 ? j->attempt - 1 : 0;
	memcpy(out->state_time, e->state_time, sizeof out->state_time);
	snprintf(out->failure, sizeof out->failure, "%s", e->failure);
	out->taskmanager = e->tm;
	out->slot = e->slot;
	out->watermark_ms = INT64_MIN;
	const Task *t = current_task(s, e);
	if (!t)
		return SIM_OK;
	out->watermark_ms = t->in_wm;
	out->records_in = t->rec_in;
	out->records_out = t->rec_out;
	out->bytes_in = t->bytes_in;
	out->bytes_out = t->bytes_out;
	out->late_records_dropped = t->late_dropped;
	out->records_lag_max = t->records_lag;
	out->checkpoint_alignment_ms = (double)t->alignment_us / 1000.0;
	out->checkpoint_start_delay_ms = (double)t->start_delay_us / 1000.0;
	out->busy_ms_per_s = t->busy_ms_per_s;
	out->backpressured_ms_per_s = t->bp_ms_per_s;
	out->idle_ms_per_s = 1000.0 - t->busy_ms_per_s - t->bp_ms_per_s;
	if (out->idle_ms_per_s < 0)
		out->idle_ms_per_s = 0;
	bool source = t->op == OP_SOURCE;
	out->idle_time_gauge = source ? 0 : t->idle_gauge;
	out->backpressured_time_gauge = t->bp_gauge;
	double both = (double)(out->idle_time_gauge + out->backpressured_time_gauge);
	out->busy_time_gauge = source ? NAN : 1000.0 - (both < 1000.0 ? both : 1000.0);
	int outq = 0, inq = 0, inbufs = 0;
	for (int i = 0; i < t->nouts; i++)
		outq += t->outs[i]->nbacklog + (t->outs[i]->filling ? 1 : 0);
	for (int i = 0; i < t->nins; i++) {
		inq += t->ins[i]->nqueue;
		inbufs += CHANNEL_EXCLUSIVE_BUFFERS + t->ins[i]->floating;
	}
	out->output_queue_length = outq;
	out->input_queue_length = inq;
	out->out_pool_usage = t->nouts ? (double)outq / (double)(t->nouts * CHANNEL_MAX_BACKLOG) : 0;
	if (out->out_pool_usage > 1)
		out->out_pool_usage = 1;
	out->in_pool_usage = inbufs ? (double)inq / (double)inbufs : 0;
	return SIM_OK;
}

/* Every job metric either release registers (the REST API answers only the modelled release's:
 * rest_views.c). Flink 1.9: fullRestarts, restartingTime and lastCheckpointAlignmentBuffered;
 * 1.13: numRestarts. */
static const char *const metric_names[] = {
	"lastCheckpointSize", "lastCheckpointDuration", "numberOfCompletedCheckpoints",
	"numberOfFailedCheckpoints", "numberOfInProgressCheckpoints", "totalNumberOfCheckpoints",
	"numRestarts", "lastCheckpointRestoreTimestamp", "uptime", "downtime", "fullRestarts",
	"restartingTime", "lastCheckpointAlignmentBuffered",
};

const char *sim_job_metric_names(void)
{
	return "lastCheckpointSize, lastCheckpointDuration, numberOfCompletedCheckpoints, "
	       "numberOfFailedCheckpoints, numberOfInProgressCheckpoints, totalNumberOfCheckpoints, "
	       "numRestarts, lastCheckpointRestoreTimestamp, uptime, downtime, fullRestarts, restartingTime, "
	       "lastCheckpointAlignmentBuffered";
}

static int64_t ms_since(const Sim *s, SimTime t) { return (s->now - t) / SIM_US_PER_MS; }

/* Flink's DownTimeGauge: -1 once terminal. Flink 1.9's: 0 while RUNNING, else the time since
 * the job last became RUNNING (a failover's downtime counts the uptime before it; 0 when it
 * never ran, as after ExecutionGraph.restart cleared the timestamps). 1.13's: the time since
 * FAILING if the job went FAILING after it last became RUNNING, else 0 — its restarts go from
 * RUNNING to RESTARTING without FAILING, and read 0. */
static double downtime_ms(const Sim *s, const Job *j)
{
	if (job_state_is_terminal(j->state))
		return -1;
	SimTime run = j->state_time[JOB_RUNNING], failing = j->state_time[JOB_FAILING];
	if (SIM_FLINK_1_9(s))
		return j->state != JOB_RUNNING && run >= 0 ? (double)ms_since(s, run) : 0;
	return failing >= 0 && failing > run ? (double)ms_since(s, failing) : 0;
}

/* Flink's RestartTimeGauge (1.9 and 1.13): 0 before any restart; the last restart's length
 * once the job became RUNNING after it, or ended without; while in between, the time since. */
static double restarting_ms(const Sim *s, const Job *j)
{
	SimTime r = j->state_time[JOB_RESTARTING], run = j->state_time[JOB_RUNNING];
	if (r < 0)
		return 0;
	if (run >= r)
		return (double)((run - r) / SIM_US_PER_MS);
	if (job_state_is_terminal(j->state))
		return (double)((j->state_time[j->state] - r) / SIM_US_PER_MS);
	return (double)ms_since(s, r);
}

SimStatus sim_job_metric(const Sim *s, const char *job_id, const char *name, double *out)
{
	const Job *j;
	if (find(s, job_id, &j))
		return SIM_ENOENT;
	const CheckpointCoordinator *cc = &j->cc;
	int64_t inprog = cc->npending;
	double values[] = {
		(double)cc->last_size, (double)cc->last_duration_ms, (double)cc->completed,
		(double)cc->failed, (double)inprog, (double)(cc->completed + cc->failed + inprog),
		(double)j->num_restarts, (double)cc->last_restore_ms,
		/* Flink's UpTimeGauge: -1 once the job is globally terminal. */
		job_state_is_terminal(j->state) ? -1
		: j->state == JOB_RUNNING ? (double)ms_since(s, j->state_time[JOB_RUNNING]) : 0,
		downtime_ms(s, j), (double)j->num_restarts, restarting_ms(s, j),
		cc->completed ? 0 : -1,      /* lastCheckpointAlignmentBuffered: 0 for aligned checkpoints */
	};
	for (size_t i = 0; i < sizeof metric_names / sizeof metric_names[0]; i++)
		if (strcmp(metric_names[i], name) == 0) {
			*out = values[i];
			return SIM_OK;
		}
	return SIM_ENOENT;
}

SimStatus sim_checkpoint_stats(const Sim *s, const char *job_id, CheckpointStats *out)
{
	const Job *j;
	if (find(s, job_id, &j))
		return SIM_ENOENT;
	const CheckpointCoordinator *cc = &j->cc;
	memset(out, 0, sizeof *out);
	out->restored = cc->restored;
	out->in_progress = cc->npending;
	out->completed = cc->completed;
	out->failed = cc->failed;
	out->total = cc->completed + cc->failed + cc->npending;
	out->size_min = cc->sum_size.min;
	out->size_max = cc->sum_size.max;
	out->size_sum = cc->sum_size.sum;
	out->duration_min = cc->sum_duration.min;
	out->duration_max = cc->sum_duration.max;
	out->duration_sum = cc->sum_duration.sum;
	out->samples = cc->sum_size.n;
	out->has_restored = cc->last_restored.valid;
	out->restored_id = cc->last_restored.id;
	out->restore_ms = cc->last_restored.restore_ms;
	out->restored_savepoint = cc->last_restored.savepoint;
	snprintf(out->restored_path, sizeof out->restored_path, "%s", cc->last_restored.path);
	return SIM_OK;
}

int sim_checkpoint_history(const Sim *s, const char *job_id, CheckpointInfo *out, int max)
{
	const Job *j;
	if (find(s, job_id, &j))
		return 0;
	return cc_history(&j->cc, out, max);
}

/* ------------------------------------------------------------------ cluster queries */

bool sim_jobmanager_reachable(const Sim *s)
{
	return s->jm != NULL && s->jm->ready && proc_running(s, s->proc_jobmanager);
}

void sim_web_tmp_dir(const Sim *s, char *buf, size_t len)
{
	snprintf(buf, len, "%s", s->jm ? s->jm->web_dir : "");
}

bool sim_jobmanager_electing(const Sim *s)
{
	if (!s->ha || s->jm)
		return false;
	for (int i = 0; i < s->nprocs; i++)
		if (s->procs[i].kind == PROC_JOBMANAGER && s->procs[i].state == SERVICE_RUNNING)
			return true;
	return false;
}

int64_t sim_clock_now_ms(const Sim *s) { return sim_clock_ms(s); }
int64_t sim_to_clock_ms(const Sim *s, SimTime t) { return s->opt.epoch_ms + t / SIM_US_PER_MS; }

int sim_taskmanager_count(const Sim *s)
{
	int n = 0;
	if (s->jm)
		for (int e = 0; e < RM_MAX_REGISTRATIONS; e++)
			n += s->jm->tms[e].registered;
	return n;
}

bool sim_taskmanager_info(const Sim *s, int i, TaskManagerInfo *out)
{
	if (!s->jm)
		return false;
	for (int e = 0; e < RM_MAX_REGISTRATIONS; e++) {
		const RmTaskManager *tm = &s->jm->tms[e];
		int t = tm->instance;
		if (!tm->registered || i-- > 0)
			continue;
		memset(out, 0, sizeof *out);
		snprintf(out->resource_id, sizeof out->resource_id, "%s", tm->resource_id);
		snprintf(out->name, sizeof out->name, "%s", s->procs[s->tm_proc[t]].name);
		out->instance = t;
		const TaskManager *run = s->tms[t];
		out->rpc_port = run && run->inc == tm->inc ? run->rpc_port : -1;
		out->data_port = run && run->inc == tm->inc ? run->data_port : -1;
		out->slots = tm->nslots;
		for (int k = 0; k < tm->nslots; k++)
			out->free_slots += tm->slot_job[k] < 0;
		out->registered_at = tm->registered_at;
		return true;
	}
	return false;
}

int sim_taskmanager_data_port(const Sim *s, int instance)
{
	return instance >= 0 && instance < SIM_MAX_TMS && s->tms[instance] ? s->tms[instance]->data_port : -1;
}

/* ------------------------------------------------------------------ kafka queries */

int sim_kafka_partitions(const Sim *s, const char *topic)
{
	int t = broker_topic_index(topic);
	return t < 0 || !s->broker ? -1 : broker_partitions(s->broker, t);
}

static const KafkaLog *log_of(const Sim *s, const char *topic, int partition)
{
	int t = broker_topic_index(topic);
	return t < 0 || !s->broker ? NULL : broker_log(s->broker, t, partition);
}

int64_t sim_kafka_end_offset(const Sim *s, const char *topic, int partition)
{
	const KafkaLog *l = log_of(s, topic, partition);
	return l ? kafka_log_end_offset(l) : -1;
}

int64_t sim_kafka_start_offset(const Sim *s, const char *topic, int partition)
{
	const KafkaLog *l = log_of(s, topic, partition);
	return l ? kafka_log_start_offset(l) : -1;
}

size_t sim_kafka_read(const Sim *s, const char *topic, int partition, int64_t from,
                      Isolation iso, KafkaRecordView *out, size_t max, int64_t *next)
{
	const KafkaLog *l = log_of(s, topic, partition);
	*next = from;
	if (!l || max == 0)
		return 0;
	Record recs[512];
	int64_t offs[512];
	size_t n = 0;
	bool output = broker_topic_index(topic) == TOPIC_OUTPUT;
	while (n < max) {
		size_t want = max - n < 512 ? max - n : 512;
		int64_t nx = *next;
		size_t got = kafka_log_read(l, *next, kafka_log_end_offset(l), iso == ISOLATION_READ_COMMITTED,
		                            recs, offs, want, &nx);
		for (size_t i = 0; i < got; i++, n++)
			out[n] = (KafkaRecordView){ .partition = partition, .offset = offs[i], .ts_ms = recs[i].ts_ms,
			                            .end_ms = output ? recs[i].ts_ms + CLICK_WINDOW_MS : 0,
			                            .page = recs[i].page, .count = output ? recs[i].count : 0 };
		if (nx == *next)
			break;
		*next = nx;
		if (got < want)
			break;
	}
	return n;
}

int64_t sim_kafka_committed(const Sim *s, const char *group, const char *topic, int partition)
{
	if (!s->broker || strcmp(group, KAFKA_GROUP) != 0)
		return -1;
	int t = broker_topic_index(topic);
	return t < 0 ? -1 : broker_committed(s->broker, t, partition);
}

size_t sim_generator_dropped(const Sim *s, SimClickRange *out, size_t max)
{
	return generator_dropped(s, out, max);
}

int64_t sim_kafka_lag(const Sim *s, const char *group)
{
	if (!s->broker || strcmp(group, KAFKA_GROUP) != 0)
		return -1;
	int64_t lag = 0;
	for (int p = 0; p < broker_partitions(s->broker, TOPIC_INPUT); p++) {
		const KafkaLog *l = broker_log(s->broker, TOPIC_INPUT, p);
		int64_t c = broker_committed(s->broker, TOPIC_INPUT, p);
		if (c < kafka_log_start_offset(l))
			c = kafka_log_start_offset(l);
		lag += kafka_log_end_offset(l) - c;
	}
	return lag;
}

size_t sim_kafka_value_json(const char *topic, const KafkaRecordView *r, char *buf, size_t len)
{
	if (r->page < 0 || r->page >= CODEC_PAGES) {
		if (len)
			buf[0] = '\0';
		return 0;
	}
	Record rec = { .ts_ms = r->ts_ms, .count = (int32_t)r->count, .page = (uint8_t)r->page };
	if (broker_topic_index(topic) == TOPIC_OUTPUT)
		return codec_output_json(&rec, buf, len);
	return codec_input_json(&rec, buf, len);
}

int sim_page_count(void) { return CODEC_PAGES; }
const char *sim_page_name(int page) { return codec_page_name(page); }
int sim_page_index(const char *name) { return codec_page_index(name); }
