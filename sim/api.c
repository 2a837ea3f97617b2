/*
 * api.c — jobs and the const queries of sim.h: what the CLI, the REST views, the Lua API,
 * the SDL2 view and the checkers read. Queries never change the model.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/keygroup.h"
#include "flink/job.h"
#include "flink/savepoint.h"
#include "flink/jobmanager.h"
#include "flink/states.h"
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
	if (!s->jm || s->jm->inc != j->jm_incarnation || j->state != JOB_INITIALIZING ||
	    proc_defer(s, s->proc_jobmanager, on_job_start, j, arg))
		return;
	jobmaster_start(s, j);
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
	if (!s->jm || !proc_running(s, s->proc_jobmanager))
		return sim_fail(s, SIM_ESTATE, "could not connect to the JobManager: jobmanager is not running");
	SimStatus st = SIM_OK;
	if (o->savepoint) {
		char err[480];
		*sp = retained_checkpoint(s, o->savepoint);
		if (!*sp && (st = savepoint_read(s->opt.host_root, o->savepoint, sp, err, sizeof err)) != SIM_OK)
			return sim_fail(s, st, "%s", err);
		if (!(*sp)->path[0])
			snprintf((*sp)->path, sizeof (*sp)->path, "%s", o->savepoint);
		if (o->max_parallelism > 0 && o->max_parallelism != (*sp)->max_parallelism) {
			st = sim_fail(s, SIM_EINVAL, "the savepoint has maxParallelism %d, which cannot change (asked for %d)",
			              (*sp)->max_parallelism, o->max_parallelism);
			goto err_release;
		}
		opts->max_parallelism = (*sp)->max_parallelism;
	}
	int maxp = opts->max_parallelism > 0 ? opts->max_parallelism
	                                      : keygroup_default_max_parallelism(o->parallelism > 0 ? o->parallelism : 1);
	if (o->parallelism < 1 || o->parallelism > maxp)
		st = sim_fail(s, SIM_EINVAL, "parallelism must be between 1 and %d (maxParallelism%s), not %d",
		              maxp, *sp ? " of the savepoint" : "", o->parallelism);
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
	j->jm_incarnation = s->jm->inc;
	s->jobs = realloc(s->jobs, (size_t)(s->njobs + 1) * sizeof *s->jobs);
	SIM_CHECK(s->jobs != NULL);
	s->jobs[s->njobs++] = j;
	char every[48] = "off";
	if (o->checkpointing)
		snprintf(every, sizeof every, "every %lld ms", (long long)s->opt.config.checkpoint_interval_ms);
	SIM_EMIT(s, EV_JOB_SUBMITTED, .component = "jobmanager", .name = j->name, .job = j->jid, .n = j->parallelism,
	         .m = o->checkpointing ? s->opt.config.checkpoint_interval_ms : -1, .flag = o->event_time,
	         .path = sp ? o->savepoint : NULL);
	job_schedule_start(s, j, SUBMIT_DELAY_US);
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

SimStatus sim_job_savepoint(Sim *s, const char *job_id, bool stop, bool drain, char trigger_id[33])
{
	SimStatus st = sim_job_savepoint_check(s, job_id);
	if (st != SIM_OK)
		return st;
	Job *j = sim_job_find(s, job_id);
	s->triggers = realloc(s->triggers, (size_t)(s->ntriggers + 1) * sizeof *s->triggers);
	SIM_CHECK(s->triggers != NULL);
	SavepointTrigger *t = &s->triggers[s->ntriggers];
	memset(t, 0, sizeof *t);
	random_id(s, t->id);
	t->job = j->index;
	t->stop = stop;
	t->drain = drain;
	t->status = SAVEPOINT_IN_PROGRESS;
	char cmd[96];
	snprintf(cmd, sizeof cmd, "flink %s %s%s", stop ? "stop" : "savepoint", drain ? "--drain " : "", job_id);
	sim_trace_command(s, cmd);
	snprintf(trigger_id, 33, "%s", t->id);
	cc_trigger_savepoint(s, &j->cc, s->ntriggers++);
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
		snprintf(out->job_id, sizeof out->job_id, "%s", s->jobs[t->job]->jid);
		out->stop = t->stop;
		out->drain = t->drain;
		snprintf(out->path, sizeof out->path, "%s", t->path);
		snprintf(out->failure, sizeof out->failure, "%s", t->failure);
		return SIM_OK;
	}
	return SIM_ENOENT;
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
	memcpy(out->state_time, j->state_time, sizeof out->state_time);
	out->num_restarts = j->num_restarts;
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
	for (int i = 0; i < vx->parallelism; i++) {
		out->tasks[vx->ex[i].state]++;
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

static const char *const metric_names[] = {
	"lastCheckpointSize", "lastCheckpointDuration", "numberOfCompletedCheckpoints",
	"numberOfFailedCheckpoints", "numberOfInProgressCheckpoints", "totalNumberOfCheckpoints",
	"numRestarts", "lastCheckpointRestoreTimestamp", "uptime", "downtime",
};

const char *sim_job_metric_names(void)
{
	return "lastCheckpointSize, lastCheckpointDuration, numberOfCompletedCheckpoints, "
	       "numberOfFailedCheckpoints, numberOfInProgressCheckpoints, totalNumberOfCheckpoints, "
	       "numRestarts, lastCheckpointRestoreTimestamp, uptime, downtime";
}

SimStatus sim_job_metric(const Sim *s, const char *job_id, const char *name, double *out)
{
	const Job *j;
	if (find(s, job_id, &j))
		return SIM_ENOENT;
	const CheckpointCoordinator *cc = &j->cc;
	int64_t inprog = cc->pending ? 1 : 0;
	double values[] = {
		(double)cc->last_size, (double)cc->last_duration_ms, (double)cc->completed,
		(double)cc->failed, (double)inprog, (double)(cc->completed + cc->failed + inprog),
		(double)j->num_restarts, (double)cc->last_restore_ms,
		/* Flink's UpTimeGauge / DownTimeGauge: -1 once the job is globally terminal. */
		job_state_is_terminal(j->state) ? -1
		: j->state == JOB_RUNNING ? (double)((s->now - j->state_time[JOB_RUNNING]) / SIM_US_PER_MS) : 0,
		job_state_is_terminal(j->state) ? -1
		: j->state == JOB_RESTARTING || j->state == JOB_FAILING
		  ? (double)((s->now - j->state_time[j->state]) / SIM_US_PER_MS) : 0,
	};
	for (size_t i = 0; i < sizeof metric_names / sizeof metric_names[0]; i++)
		if (strcmp(metric_names[i], name) == 0) {
			*out = values[i];
			return SIM_OK;
		}
	return SIM_ENOENT;
}

int sim_checkpoint_history(const Sim *s, const char *job_id, CheckpointInfo *out, int max)
{
	const Job *j;
	if (find(s, job_id, &j))
		return 0;
	const CheckpointCoordinator *cc = &j->cc;
	int n = 0;
	for (int k = 0; k < cc->hist_n && n < max; k++)
		out[n++] = cc->history[(cc->hist_head - 1 - k + CP_HISTORY) % CP_HISTORY];
	return n;
}

/* ------------------------------------------------------------------ cluster queries */

bool sim_jobmanager_reachable(const Sim *s)
{
	return s->jm != NULL && proc_running(s, s->proc_jobmanager);
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
		for (int t = 0; t < SIM_MAX_TMS; t++)
			n += s->jm->tms[t].registered;
	return n;
}

bool sim_taskmanager_info(const Sim *s, int i, TaskManagerInfo *out)
{
	if (!s->jm)
		return false;
	for (int t = 0; t < SIM_MAX_TMS; t++) {
		const RmTaskManager *tm = &s->jm->tms[t];
		if (!tm->registered || i-- > 0)
			continue;
		memset(out, 0, sizeof *out);
		snprintf(out->resource_id, sizeof out->resource_id, "%s", tm->resource_id);
		snprintf(out->name, sizeof out->name, "%s", s->procs[s->tm_proc[t]].name);
		out->slots = tm->nslots;
		for (int k = 0; k < tm->nslots; k++)
			out->free_slots += tm->slot_job[k] < 0;
		out->registered_at = tm->registered_at;
		return true;
	}
	return false;
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
