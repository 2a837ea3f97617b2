/*
 * observer.c — the view's memory of a run (see observer.h).
 *
 * The log keeps what a learner acts on: container, job and task state changes, commands,
 * failures and the scenario's narration. It leaves out what other panels already show or
 * what is plumbing (Kafka and network lines, every checkpoint's trigger and completion,
 * the TaskManager-side copy of each task switch), and merges the burst of per-subtask
 * switches that a deployment or a failover produces ("8 subtasks: SCHEDULED → DEPLOYING").
 */
#include "observer.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timefmt.h"
#include "netview.h"

#define MERGE_WINDOW_US (5 * SIM_US_PER_MS)   /* subtask switches this close are one burst */

VizObserver *viz_observer_create(void)
{
	VizObserver *o = malloc(sizeof *o);
	if (o)
		viz_observer_reset(o);
	return o;
}

void viz_observer_destroy(VizObserver *o)
{
	free(o);
}

void viz_observer_reset(VizObserver *o)
{
	memset(o, 0, sizeof *o);
	o->last_sample = -1;
	o->narration_t = -1;
}

/* ---------------------------------------------------------------- rings */

static int ring_push(int *count, int *head, int cap)
{
	if (*count < cap)
		return (*head + (*count)++) % cap;
	int slot = *head;
	*head = (*head + 1) % cap;
	return slot;
}

static int ring_index(int count, int head, int cap, int n)
{
	return n < 0 || n >= count ? -1 : (head + count - 1 - n) % cap;
}

const VizLogEntry *viz_observer_log(const VizObserver *o, int n)
{
	int i = ring_index(o->nlog, o->log_head, VIZ_LOG_KEPT, n);
	return i < 0 ? NULL : &o->log[i];
}

const VizSample *viz_observer_sample_at(const VizObserver *o, int n)
{
	int i = ring_index(o->nsamples, o->sample_head, VIZ_HISTORY, n);
	return i < 0 ? NULL : &o->samples[i];
}

const VizMark *viz_observer_mark(const VizObserver *o, int n)
{
	int i = ring_index(o->nmarks, o->mark_head, VIZ_MARKS_KEPT, n);
	return i < 0 ? NULL : &o->marks[i];
}

const VizWindowRow *viz_observer_window(const VizObserver *o, int n)
{
	return n < 0 || n >= o->nwindows ? NULL : &o->windows[o->nwindows - 1 - n];
}

const VizCheckpoint *viz_observer_checkpoint(const VizObserver *o, int n)
{
	int i = ring_index(o->ncheckpoints, o->checkpoint_head, VIZ_CHECKPOINTS_KEPT, n);
	return i < 0 ? NULL : &o->checkpoints[i];
}

SimTime viz_timeline_span(SimTime now)
{
	return now < VIZ_TIMELINE_MIN_US ? VIZ_TIMELINE_MIN_US : now > VIZ_TIMELINE_MAX_US ? VIZ_TIMELINE_MAX_US : now;
}

static void add_mark(VizObserver *o, SimTime t, VizMarkKind kind, int64_t n, const char *label)
{
	VizMark *m = &o->marks[ring_push(&o->nmarks, &o->mark_head, VIZ_MARKS_KEPT)];
	m->t = t;
	m->kind = kind;
	m->n = n;
	snprintf(m->label, sizeof m->label, "%s", label);
}

/* ---------------------------------------------------------------- log */

/* Copies text, shortening every 32-hex id to its first 6 digits and an ellipsis. */
static void shorten_ids(const char *in, char *out, size_t len)
{
	size_t k = 0;
	while (*in && k + 4 < len) {
		size_t run = 0;
		while (isxdigit((unsigned char)in[run]) && !isupper((unsigned char)in[run]))
			run++;
		if (run == 32) {
			for (int i = 0; i < 6; i++)
				out[k++] = in[i];
			memcpy(out + k, "\xe2\x80\xa6", 3);            /* … */
			k += 3;
			in += 32;
		} else if (run > 0) {
			while (run-- > 0 && k + 4 < len)
				out[k++] = *in++;
		} else {
			out[k++] = *in++;
		}
	}
	out[k] = '\0';
}

/* A subtask's transition, "A to B" (the key that merges a burst of them into one line). */
static bool subtask_switch(const SimEvent *e, char *key, size_t len)
{
	if (e->kind != EV_TASK_STATE)
		return false;
	snprintf(key, len, "%s to %s", task_state_name((TaskState)e->from), task_state_name((TaskState)e->to));
	return true;
}

/* Routine events the log leaves out: Kafka's housekeeping, checkpoints coming and going, and
 * the TaskManager's own account of a transition (the JobManager's line says it). */
static bool dropped(const SimEvent *e)
{
	if (e->kind == EV_TASK_REPORT)
		return true;
	return event_class(e) == EV_CLASS_PLUMBING;
}

static VizLogKind classify(const SimEvent *e)
{
	switch (event_class(e)) {
	case EV_CLASS_COMMAND: return VIZ_LOG_COMMAND;
	case EV_CLASS_PROBLEM: return VIZ_LOG_PROBLEM;
	default: return VIZ_LOG_STATE;
	}
}

/* A container changed: remembers the verb and marks kills and restarts. */
static void container_event(VizObserver *o, const SimEvent *ev)
{
	const char *name = ev->name, *verb = ev->what;
	SimTime t = ev->t;
	VizContainerEvent *e = NULL;
	for (int i = 0; i < o->ncontainers && !e; i++)
		if (strcmp(o->containers[i].name, name) == 0)
			e = &o->containers[i];
	if (!e && o->ncontainers < (int)(sizeof o->containers / sizeof o->containers[0]))
		e = &o->containers[o->ncontainers++];
	bool was_started = e && e->name[0] != '\0';
	if (e) {
		snprintf(e->name, sizeof e->name, "%s", name);
		snprintf(e->verb, sizeof e->verb, "%s", verb);
		e->t = t;
	}
	int k = viz_taskmanager_index(name);
	char label[24];
	snprintf(label, sizeof label, "%s TM%d", verb, k + 1);
	if (k >= 0 && (strcmp(verb, "killed") == 0 || strcmp(verb, "stopped") == 0))
		add_mark(o, t, VIZ_MARK_KILL, k, label);
	else if (k >= 0 && strcmp(verb, "started") == 0 && (was_started || t > 0))
		add_mark(o, t, VIZ_MARK_START, k, label);
}

static void push_log(VizObserver *o, SimTime t, VizLogKind kind, const char *component, const char *text,
                     const char *merge_key)
{
	VizLogEntry *e = &o->log[ring_push(&o->nlog, &o->log_head, VIZ_LOG_KEPT)];
	e->t = t;
	e->kind = kind;
	e->merged = 1;
	snprintf(e->component, sizeof e->component, "%s", component);
	shorten_ids(text, e->text, sizeof e->text);
	snprintf(e->merge_key, sizeof e->merge_key, "%s", merge_key ? merge_key : "");
	o->log_total++;
}

/* ---------------------------------------------------------------- marks and checkpoints from events */

/* The job's index in submission order, or -1 for one not followed. */
static int job_index(const VizObserver *o, const char *id)
{
	for (int i = 0; id && i < o->njobs; i++)
		if (strcmp(o->jobs[i], id) == 0)
			return i;
	return -1;
}

/* The checkpoint (job, id) among the newest ones kept, or NULL. */
static VizCheckpoint *find_checkpoint(VizObserver *o, int job, int64_t id)
{
	for (int m = 0; m < o->ncheckpoints && m < 64; m++) {
		VizCheckpoint *c = &o->checkpoints[ring_index(o->ncheckpoints, o->checkpoint_head, VIZ_CHECKPOINTS_KEPT, m)];
		if (c->job == job && c->id == id)
			return c;
	}
	return NULL;
}

static void checkpoint_event(VizObserver *o, const SimEvent *e, int job)
{
	if (e->kind == EV_CHECKPOINT_TRIGGERED) {
		VizCheckpoint *c = &o->checkpoints[ring_push(&o->ncheckpoints, &o->checkpoint_head, VIZ_CHECKPOINTS_KEPT)];
		*c = (VizCheckpoint){ job, e->id, CP_IN_PROGRESS, e->flag, e->t, -1 };
		return;
	}
	VizCheckpoint *c = find_checkpoint(o, job, e->id);
	if (!c)
		return;
	c->status = e->kind == EV_CHECKPOINT_COMPLETED ? CP_COMPLETED : CP_FAILED;
	c->end_time = e->t;
	if (c->savepoint && c->status == CP_COMPLETED)
		add_mark(o, e->t, VIZ_MARK_SAVEPOINT, job, "savepoint");
}

const VizFailure *viz_observer_failure(const VizObserver *o, const char *job)
{
	int i = job_index(o, job);
	return i >= 0 && o->failures[i].t >= 0 ? &o->failures[i] : NULL;
}

/* Submissions, restarts, restores, failures, job ends and checkpoints, at the events' times. */
static void job_event(VizObserver *o, const SimEvent *e)
{
	char label[24];
	if (e->kind == EV_JOB_SUBMITTED && o->njobs < VIZ_JOBS_KEPT && e->job) {
		int i = o->njobs++;
		snprintf(o->jobs[i], sizeof o->jobs[i], "%s", e->job);
		o->failures[i].t = -1;
		snprintf(label, sizeof label, "job %d p=%d", i + 1, (int)e->n);
		add_mark(o, e->t, VIZ_MARK_SUBMIT, i, label);
		return;
	}
	int job = job_index(o, e->job);
	if (job < 0)
		return;
	switch (e->kind) {
	case EV_JOB_STATE:
		if (e->to == JOB_RESTARTING) {
			snprintf(label, sizeof label, "restart #%d", ++o->job_restarts[job]);
			add_mark(o, e->t, VIZ_MARK_RESTART, o->job_restarts[job], label);
		} else if (e->to >= 0 && job_state_is_terminal((JobState)e->to)) {
			add_mark(o, e->t, VIZ_MARK_END, job, job_state_name((JobState)e->to));
		}
		break;
	case EV_JOB_RESTORED:
		add_mark(o, e->t, VIZ_MARK_RESTORE, job, "restore");
		break;
	case EV_JOB_FAILED:
		o->failures[job].t = e->t;
		snprintf(o->failures[job].cause, sizeof o->failures[job].cause, "%s", e->text ? e->text : "");
		snprintf(o->failures[job].suppressed_by, sizeof o->failures[job].suppressed_by, "%s", e->what ? e->what : "");
		break;
	case EV_CHECKPOINT_TRIGGERED: case EV_CHECKPOINT_COMPLETED: case EV_CHECKPOINT_FAILED:
		checkpoint_event(o, e, job);
		break;
	default:
		break;
	}
}

/* A fault command (its kind in `what`, whether it puts things back in `flag`): a mark
 * named by the kind, "cut", "delay", … or "heal", "no delay", …. */
static void fault_event(VizObserver *o, const SimEvent *e)
{
	static const char *const kinds[][3] = {
		{ "net.partition", "cut", "cut" }, { "net.delay", "delay", "no delay" }, { "net.loss", "loss", "no loss" },
		{ "net.heal", "heal", "heal" }, { "clock", "clock", "clock right" }, { "cpu", "cpu", "cpu ×1" },
	};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(e->what, kinds[i][0]) == 0)
			add_mark(o, e->t, e->flag ? VIZ_MARK_HEAL : VIZ_MARK_FAULT, -1, kinds[i][e->flag ? 2 : 1]);
}

void viz_observer_event(VizObserver *o, const SimEvent *e, const char *text)
{
	SimTime t = e->t;
	if (e->kind == EV_CONTAINER)
		container_event(o, e);
	if (e->kind == EV_COMMAND && e->what)
		fault_event(o, e);
	job_event(o, e);
	if (dropped(e))
		return;
	char key[64];
	if (subtask_switch(e, key, sizeof key)) {
		int li = ring_index(o->nlog, o->log_head, VIZ_LOG_KEPT, 0);
		VizLogEntry *last = li < 0 ? NULL : &o->log[li];
		if (last && last->merge_key[0] && strcmp(last->merge_key, key) == 0 &&
		    strcmp(last->component, e->component) == 0 && t - last->t <= MERGE_WINDOW_US) {
			last->merged++;
			snprintf(last->text, sizeof last->text, "%d subtasks switched from %s to %s", last->merged,
			         task_state_name((TaskState)e->from), task_state_name((TaskState)e->to));
			return;
		}
		push_log(o, t, e->to == TASK_FAILED ? VIZ_LOG_PROBLEM : VIZ_LOG_STATE, e->component, text, key);
		return;
	}
	bool operators = e->kind == EV_COMMAND && o->operator_[0];
	push_log(o, t, classify(e), operators ? o->operator_ : e->component, text, NULL);
}

void viz_observer_operator(VizObserver *o, const char *who)
{
	snprintf(o->operator_, sizeof o->operator_, "%s", who ? who : "");
}

/* One line of scenario output. */
static void narration_line(VizObserver *o, SimTime t, const char *text, size_t len)
{
	char line[VIZ_TEXT_MAX];
	snprintf(line, sizeof line, "%.*s", (int)len, text);
	const char *p = line;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p)
		return;
	push_log(o, t, VIZ_LOG_NARRATION, "scenario", p, NULL);
	if (p == line) {                                   /* indented lines are details */
		shorten_ids(p, o->narration, sizeof o->narration);
		o->narration_t = t;
	}
}

void viz_observer_narration(VizObserver *o, SimTime t, const char *text)
{
	for (;;) {
		size_t n = strcspn(text, "\n");
		narration_line(o, t, text, n);
		if (!text[n])
			return;
		text += n + 1;
	}
}

const VizContainerEvent *viz_observer_container(const VizObserver *o, const char *name)
{
	for (int i = 0; i < o->ncontainers; i++)
		if (strcmp(o->containers[i].name, name) == 0)
			return &o->containers[i];
	return NULL;
}

/* ---------------------------------------------------------------- output windows */

static VizWindowRow *window_row(VizObserver *o, int64_t start_ms, int64_t end_ms)
{
	int lo = 0, hi = o->nwindows;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (o->windows[mid].start_ms < start_ms)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < o->nwindows && o->windows[lo].start_ms == start_ms)
		return &o->windows[lo];
	if (o->nwindows == VIZ_WINDOWS_KEPT) {
		if (lo == 0)
			return NULL;                           /* older than everything kept */
		memmove(&o->windows[0], &o->windows[1], sizeof o->windows[0] * (size_t)(lo - 1));
		lo--;
	} else {
		memmove(&o->windows[lo + 1], &o->windows[lo], sizeof o->windows[0] * (size_t)(o->nwindows - lo));
		o->nwindows++;
	}
	VizWindowRow *r = &o->windows[lo];
	memset(r, 0, sizeof *r);
	r->start_ms = start_ms;
	r->end_ms = end_ms;
	for (int p = 0; p < VIZ_MAX_PAGES; p++)
		r->count[p] = -1;
	return r;
}

void viz_observer_add_output(VizObserver *o, const KafkaRecordView *rec)
{
	o->out_records++;
	if (rec->count != VIZ_EXPECTED_COUNT)
		o->out_wrong++;
	if (rec->page < 0 || rec->page >= VIZ_MAX_PAGES)
		return;
	VizWindowRow *r = window_row(o, rec->ts_ms, rec->end_ms);
	if (!r)
		return;
	if (r->records[rec->page]++ > 0)
		o->out_duplicates++;
	r->count[rec->page] = rec->count;
	r->wrong[rec->page] = r->wrong[rec->page] || rec->count != VIZ_EXPECTED_COUNT;
	int pages = sim_page_count(), filled = 0;
	for (int p = 0; p < pages && p < VIZ_MAX_PAGES; p++)
		filled += r->records[p] > 0;
	if (filled == pages && r->records[rec->page] == 1)
		o->out_complete++;
}

static void read_output(VizObserver *o, const Sim *s)
{
	int parts = sim_kafka_partitions(s, "output");
	for (int p = 0; p < parts && p < VIZ_MAX_PARTITIONS; p++) {
		KafkaRecordView buf[128];
		size_t n;
		do {
			int64_t next = o->out_next[p];
			n = sim_kafka_read(s, "output", p, o->out_next[p], ISOLATION_READ_UNCOMMITTED, buf,
			                   sizeof buf / sizeof buf[0], &next);
			for (size_t i = 0; i < n; i++)
				viz_observer_add_output(o, &buf[i]);
			if (next <= o->out_next[p])
				break;
			o->out_next[p] = next;
		} while (n > 0);
	}
}

void viz_observer_sample(VizObserver *o, const Sim *s)
{
	SimTime now = sim_now(s);
	if (now == o->last_sample)
		return;
	o->last_sample = now;
	read_output(o, s);
	VizSample *x = &o->samples[ring_push(&o->nsamples, &o->sample_head, VIZ_HISTORY)];
	x->t = now;
	x->lag = sim_kafka_lag(s, "click-event-count");
	x->input_end = 0;
	int parts = sim_kafka_partitions(s, "input");
	for (int p = 0; p < parts; p++)
		x->input_end += sim_kafka_end_offset(s, "input", p);
}

void viz_window_label(int64_t start_ms, char *buf, size_t len)
{
	char full[40];
	timefmt_playground(start_ms, full, sizeof full);
	const char *sp = strchr(full, ' ');
	snprintf(buf, len, "%s", sp ? sp + 1 : full);
}

/* ---------------------------------------------------------------- shape */

int viz_taskmanager_index(const char *name)
{
	static const char prefix[] = "taskmanager-";
	if (strncmp(name, prefix, sizeof prefix - 1) != 0)
		return -1;
	const char *p = name + sizeof prefix - 1;
	char *end;
	long k = strtol(p, &end, 10);
	return p[0] >= '1' && p[0] <= '9' && *end == '\0' && k <= 1000 ? (int)k - 1 : -1;
}

void viz_shape_from_sim(const Sim *s, VizShape *out)
{
	memset(out, 0, sizeof *out);
	out->pages = sim_page_count() < VIZ_MAX_PAGES ? sim_page_count() : VIZ_MAX_PAGES;
	if (!s)
		return;
	char id[33];
	JobInfo j;
	if (sim_job_current(s, id) && sim_job_info(s, id, &j) == SIM_OK) {
		out->vertices = j.vertex_count < VIZ_MAX_VERTICES ? j.vertex_count : VIZ_MAX_VERTICES;
		for (int v = 0; v < out->vertices; v++) {
			VertexInfo vi;
			out->parallelism[v] = sim_vertex_info(s, id, v, &vi) == SIM_OK ? vi.parallelism : 0;
		}
	}
	for (int i = 0; i < sim_service_count(s); i++) {
		ServiceInfo si;
		int k;
		if (sim_service_info(s, i, &si) && (k = viz_taskmanager_index(si.name)) >= 0 && k + 1 > out->taskmanagers)
			out->taskmanagers = k + 1;
	}
	out->slots = sim_options(s)->slots;
	VizNetPair pairs[VIZ_MAX_NET_PAIRS];
	out->net_pairs = viz_net_pairs(s, pairs, VIZ_MAX_NET_PAIRS);
	int parts = sim_kafka_partitions(s, "input");
	out->partitions = parts > 0 ? parts : 0;
}
