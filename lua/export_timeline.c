/*
 * export_timeline.c — `--timeline FILE.json`: the run as Chrome/Perfetto trace-event JSON.
 *
 * Built from the model's events (and, once per simulated second, its const queries for the
 * counters), never from trace text. Opens in https://ui.perfetto.dev and chrome://tracing:
 *   process "JobManager": a track per job with its states as slices, a track per job for
 *     its checkpoints and savepoints (slices from trigger to completion or failure), a track
 *     per subtask with the JobMaster's view of its states (CREATED, SCHEDULED, DEPLOYING, …),
 *     and instants for commands, failures, restores and lost TaskManagers;
 *   process "taskmanager-N": a track per slot and vertex with the subtask deployed there and
 *     its states as the TaskManager reports them;
 *   process "Playground": instants for every container change, and the counters — consumer
 *     lag, input and output records per second, and per vertex the busiest subtask's
 *     busy and back-pressured time (ms per second).
 * Times are simulated µs (the format's unit). Every slice opened is closed, at the latest
 * when the run ends; timestamps never go back on a track.
 */
#include "export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#define PID_JM         1
#define PID_PLAYGROUND 2
#define PID_TM0        10           /* taskmanager-N is PID_TM0 + N - 1 */
#define MAX_OPEN       4096         /* slices open at once */

typedef struct Open {
	int pid, tid;                   /* the track */
	char name[64];                  /* the slice's name (for its E event) */
} Open;

typedef struct Track {
	int pid, tid;
} Track;

struct Timeline {
	FILE   *f;
	bool    first;                  /* no event written yet */
	Open    open[MAX_OPEN];         /* open slices (one per track at most) */
	int     nopen;
	Track  *named;                  /* tracks given their name */
	int     nnamed, cap_named;
	bool    pid_named[PID_TM0 + 64];
	char    jobs[64][33];           /* job ids, in order of appearance: the track numbers */
	int     njobs;
	SimTime last_sample;
	uint64_t in_before, out_before; /* input and output records at the last sample */
};

static void put(Timeline *x, json_t *ev)
{
	fputs(x->first ? "\n" : ",\n", x->f);
	x->first = false;
	json_dumpf(ev, x->f, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(ev);
}

static json_t *base(const char *ph, SimTime t, int pid, int tid, const char *name)
{
	return json_pack("{s:s, s:I, s:i, s:i, s:s}", "ph", ph, "ts", (json_int_t)t, "pid", pid, "tid", tid, "name", name);
}

static void name_process(Timeline *x, int pid, const char *name)
{
	if (pid < 0 || pid >= (int)(sizeof x->pid_named / sizeof x->pid_named[0]) || x->pid_named[pid])
		return;
	x->pid_named[pid] = true;
	json_t *ev = base("M", 0, pid, 0, "process_name");
	json_object_set_new(ev, "args", json_pack("{s:s}", "name", name));
	put(x, ev);
	ev = base("M", 0, pid, 0, "process_sort_index");
	json_object_set_new(ev, "args", json_pack("{s:i}", "sort_index", pid));
	put(x, ev);
}

static void name_track(Timeline *x, int pid, int tid, const char *name)
{
	for (int i = 0; i < x->nnamed; i++)
		if (x->named[i].pid == pid && x->named[i].tid == tid)
			return;
	if (x->nnamed == x->cap_named) {
		x->cap_named = x->cap_named ? 2 * x->cap_named : 64;
		Track *t = realloc(x->named, (size_t)x->cap_named * sizeof *t);
		if (!t)
			return;
		x->named = t;
	}
	x->named[x->nnamed++] = (Track){ pid, tid };
	json_t *ev = base("M", 0, pid, tid, "thread_name");
	json_object_set_new(ev, "args", json_pack("{s:s}", "name", name));
	put(x, ev);
	ev = base("M", 0, pid, tid, "thread_sort_index");
	json_object_set_new(ev, "args", json_pack("{s:i}", "sort_index", tid));
	put(x, ev);
}

static int job_number(Timeline *x, const char *job)
{
	if (!job)
		return 0;
	for (int i = 0; i < x->njobs; i++)
		if (strcmp(x->jobs[i], job) == 0)
			return i;
	if (x->njobs == (int)(sizeof x->jobs / sizeof x->jobs[0]))
		return x->njobs - 1;         /* more jobs than tracks: the last ones share */
	snprintf(x->jobs[x->njobs], sizeof x->jobs[0], "%s", job);
	return x->njobs++;
}

/* Ends the slice open on a track, if any. */
static void end_slice(Timeline *x, SimTime t, int pid, int tid)
{
	for (int i = 0; i < x->nopen; i++)
		if (x->open[i].pid == pid && x->open[i].tid == tid) {
			put(x, base("E", t, pid, tid, x->open[i].name));
			x->open[i] = x->open[--x->nopen];
			return;
		}
}

/* Ends the track's open slice and begins `name` (args: a JSON object or NULL, taken). */
static void begin_slice(Timeline *x, SimTime t, int pid, int tid, const char *name, json_t *args)
{
	end_slice(x, t, pid, tid);
	if (x->nopen == MAX_OPEN) {
		json_decref(args);
		return;
	}
	Open *o = &x->open[x->nopen++];
	o->pid = pid;
	o->tid = tid;
	snprintf(o->name, sizeof o->name, "%s", name);
	json_t *ev = base("B", t, pid, tid, name);
	if (args)
		json_object_set_new(ev, "args", args);
	put(x, ev);
}

static void instant(Timeline *x, SimTime t, int pid, int tid, const char *name, const char *detail)
{
	json_t *ev = base("i", t, pid, tid, name);
	json_object_set_new(ev, "s", json_string(tid == 0 ? "p" : "t"));
	if (detail)
		json_object_set_new(ev, "args", json_pack("{s:s}", "detail", detail));
	put(x, ev);
}

/* ------------------------------------------------------------------ events */

static void task_track(Timeline *x, const SimEvent *e, int *pid, int *tid)
{
	char name[160], job6[7];
	snprintf(job6, sizeof job6, "%.6s", e->job ? e->job : "");
	if (e->kind == EV_TASK_STATE) {   /* the JobMaster's view: a track per job, vertex and subtask */
		*pid = PID_JM;
		*tid = 1000 + job_number(x, e->job) * 1000 + e->vertex * 128 + e->subtask;
		snprintf(name, sizeof name, "job %s · %s (%d/%d)", job6, e->name ? e->name : "?", e->subtask + 1, e->parallelism);
	} else {                          /* the TaskManager's: a track per slot and vertex */
		*pid = PID_TM0 + e->tm;
		*tid = 1 + (int)e->k * 8 + e->vertex;
		snprintf(name, sizeof name, "slot %lld · %s", (long long)e->k, e->name ? e->name : "?");
		char proc[32];
		snprintf(proc, sizeof proc, "taskmanager-%d", e->tm + 1);
		name_process(x, *pid, proc);
	}
	name_track(x, *pid, *tid, name);
}

static void on_task(Timeline *x, const SimEvent *e)
{
	if (e->kind == EV_TASK_REPORT && (e->tm < 0 || e->k < 0))
		return;
	int pid, tid;
	task_track(x, e, &pid, &tid);
	TaskState to = (TaskState)e->to;
	if (to == TASK_FINISHED || to == TASK_CANCELED || to == TASK_FAILED || to == TASK_CREATED) {
		end_slice(x, e->t, pid, tid);
		if (to == TASK_FAILED)
			instant(x, e->t, pid, tid, "FAILED", e->text && *e->text ? e->text : NULL);
		return;
	}
	char subtask[96];             /* the slice is the state; the track says which subtask */
	snprintf(subtask, sizeof subtask, "%s (%d/%d)", e->name ? e->name : "?", e->subtask + 1, e->parallelism);
	begin_slice(x, e->t, pid, tid, task_state_name(to),
	            json_pack("{s:s, s:s}", "subtask", subtask, "job", e->job ? e->job : ""));
}

static void on_job(Timeline *x, const SimEvent *e)
{
	int n = job_number(x, e->job);
	char name[64];
	snprintf(name, sizeof name, "job %.6s · state", e->job ? e->job : "");
	name_track(x, PID_JM, 1 + n * 3, name);
	snprintf(name, sizeof name, "job %.6s · checkpoints", e->job ? e->job : "");
	name_track(x, PID_JM, 2 + n * 3, name);
	switch (e->kind) {
	case EV_JOB_STATE:
		if (job_state_is_terminal((JobState)e->to))
			end_slice(x, e->t, PID_JM, 1 + n * 3);
		else
			begin_slice(x, e->t, PID_JM, 1 + n * 3, job_state_name((JobState)e->to), json_pack("{s:s}", "job", e->job));
		if (job_state_is_terminal((JobState)e->to))
			instant(x, e->t, PID_JM, 1 + n * 3, job_state_name((JobState)e->to), NULL);
		break;
	case EV_CHECKPOINT_TRIGGERED: {
		snprintf(name, sizeof name, "%s %lld", e->flag ? "savepoint" : "checkpoint", (long long)e->id);
		begin_slice(x, e->t, PID_JM, 2 + n * 3, name, json_pack("{s:I}", "id", (json_int_t)e->id));
		break;
	}
	case EV_CHECKPOINT_COMPLETED:
		end_slice(x, e->t, PID_JM, 2 + n * 3);
		break;
	case EV_CHECKPOINT_FAILED:
		end_slice(x, e->t, PID_JM, 2 + n * 3);
		instant(x, e->t, PID_JM, 2 + n * 3, "checkpoint failed", e->text);
		break;
	default:
		break;
	}
}

void timeline_on_event(void *ctx, const SimEvent *e, const char *text)
{
	Timeline *x = ctx;
	switch (e->kind) {
	case EV_TASK_STATE:
	case EV_TASK_REPORT:
		on_task(x, e);
		break;
	case EV_JOB_STATE:
	case EV_CHECKPOINT_TRIGGERED:
	case EV_CHECKPOINT_COMPLETED:
	case EV_CHECKPOINT_FAILED:
		on_job(x, e);
		break;
	case EV_CONTAINER: {
		char name[64];
		snprintf(name, sizeof name, "%s %s", e->name, e->what);
		instant(x, e->t, PID_PLAYGROUND, 1, name, NULL);
		int tm = strncmp(e->name, "taskmanager-", 12) == 0 ? atoi(e->name + 12) - 1 : -1;
		if (tm >= 0 && (strcmp(e->what, "killed") == 0 || strcmp(e->what, "stopped") == 0))
			for (int i = x->nopen - 1; i >= 0; i--)     /* its tasks vanish with it */
				if (x->open[i].pid == PID_TM0 + tm)
					end_slice(x, e->t, x->open[i].pid, x->open[i].tid);
		break;
	}
	case EV_COMMAND:
	case EV_JOB_FAILED:
	case EV_JOB_RESTORED:
	case EV_JOB_LOST:
	case EV_TM_LOST:
	case EV_SAVEPOINT_STORED:
	case EV_REQUEST_TIMEOUT:
	case EV_OFFSET_RESET:
	case EV_BATCH_EXPIRED:
		instant(x, e->t, e->kind == EV_COMMAND ? PID_PLAYGROUND : PID_JM, e->kind == EV_COMMAND ? 1 : 0,
		        event_kind_name(e->kind), text);
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------------ counters */

static void counter(Timeline *x, SimTime t, const char *name, json_t *args)
{
	json_t *ev = base("C", t, PID_PLAYGROUND, 0, name);
	json_object_set_new(ev, "args", args);
	put(x, ev);
}

void timeline_sample(Timeline *x, const Sim *s)
{
	SimTime t = sim_now(s);
	double secs = (double)(t - x->last_sample) / 1e6;
	uint64_t in = (uint64_t)export_topic_records(s, "input"), out = (uint64_t)export_topic_records(s, "output");
	if (secs > 0 && x->last_sample >= 0) {
		counter(x, t, "records per second", json_pack("{s:f, s:f}", "input", (double)(in - x->in_before) / secs,
		                                              "output", (double)(out - x->out_before) / secs));
	}
	x->last_sample = t;
	x->in_before = in;
	x->out_before = out;
	int64_t lag = sim_kafka_lag(s, "click-event-count");
	counter(x, t, "consumer lag (records)", json_pack("{s:I}", "click-event-count", (json_int_t)(lag < 0 ? 0 : lag)));
	char job[33];
	JobInfo ji;
	if (!export_current_job(s, job) || sim_job_info(s, job, &ji) != SIM_OK)
		return;
	json_t *bp = json_object(), *busy = json_object();
	for (int v = 0; v < ji.vertex_count; v++) {
		VertexInfo vi;
		if (sim_vertex_info(s, job, v, &vi) != SIM_OK)
			continue;
		double b = 0, p = 0;
		for (int i = 0; i < vi.parallelism; i++) {
			TaskInfo ti;
			if (sim_task_info(s, job, v, i, &ti) != SIM_OK)
				continue;
			b = ti.busy_ms_per_s > b ? ti.busy_ms_per_s : b;
			p = ti.backpressured_ms_per_s > p ? ti.backpressured_ms_per_s : p;
		}
		json_object_set_new(busy, vi.name, json_real(b));
		json_object_set_new(bp, vi.name, json_real(p));
	}
	counter(x, t, "busy time (ms/s, busiest subtask)", busy);
	counter(x, t, "back-pressured time (ms/s, worst subtask)", bp);
}

/* ------------------------------------------------------------------ file */

Timeline *timeline_open(const char *path, char *err, size_t errlen)
{
	Timeline *x = calloc(1, sizeof *x);
	if (!x) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (!(x->f = export_open(path, "timeline", err, errlen))) {
		free(x);
		return NULL;
	}
	x->first = true;
	x->last_sample = -1;
	fputs("{\"displayTimeUnit\":\"ms\",\"otherData\":{\"producer\":\"playground (simulated Flink Operations "
	      "Playground); times are simulated\"},\"traceEvents\":[", x->f);
	name_process(x, PID_JM, "JobManager");
	name_process(x, PID_PLAYGROUND, "Playground");
	name_track(x, PID_PLAYGROUND, 1, "containers and commands");
	return x;
}

int timeline_close(Timeline *x, SimTime end)
{
	if (!x)
		return 0;
	while (x->nopen > 0)
		end_slice(x, end, x->open[x->nopen - 1].pid, x->open[x->nopen - 1].tid);
	fputs("\n]}\n", x->f);
	int rc = export_close(x->f);
	free(x->named);
	free(x);
	return rc;
}
