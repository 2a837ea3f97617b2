/* backpressure.c — Flink 1.9's back-pressure sampling; see backpressure.h. */
#include "backpressure.h"

#include <string.h>

#include "job.h"

/* How long one sample takes: num-samples stack traces, delay-between-samples apart. */
static SimTime sample_us(const Sim *s)
{
	const SimConfig *c = &s->opt.config;
	return (SimTime)c->bp_num_samples * c->bp_delay_between_samples_ms * SIM_US_PER_MS;
}

void bp_init(BpState *b)
{
	memset(b, 0, sizeof *b);
	b->end_time = -1;
}

/* Back-pressured time of a task so far, the current stretch included. */
static SimTime backpressured_us(const Sim *s, int task)
{
	if (task < 0 || task >= s->ntasks)
		return 0;
	const Task *t = s->tasks[task];
	return t->bp_us + (t->out_blocked ? s->now - t->blocked_since : 0);
}

static void on_sample_done(Sim *s, void *obj, uint64_t arg)
{
	Job *j = obj;
	int v = (int)arg;
	BpState *b = &j->bp[v];
	if (!b->pending)
		return;
	b->pending = false;
	b->subtasks = j->v[v].parallelism;
	for (int i = 0; i < b->subtasks; i++) {
		const Execution *e = &j->v[v].ex[i];
		SimTime blocked = e->task == b->task_at_start[i] && e->task >= 0
		                ? backpressured_us(s, e->task) - b->bp_at_start[i] : 0;
		double n = (double)s->opt.config.bp_num_samples;
		double ratio = (double)blocked / (double)sample_us(s);
		b->ratio[i] = ratio < 0 ? 0 : ratio > 1 ? 1 : (double)(int64_t)(ratio * n + 0.5) / n;   /* of n samples */
	}
	b->end_time = s->now;
}

static void start_sample(Sim *s, Job *j, int v)
{
	BpState *b = &j->bp[v];
	b->pending = true;
	b->started = s->now;
	for (int i = 0; i < j->v[v].parallelism && i < SIM_MAX_PARALLELISM; i++) {
		b->task_at_start[i] = j->v[v].ex[i].task;
		b->bp_at_start[i] = backpressured_us(s, j->v[v].ex[i].task);
	}
	sim_after(s, sample_us(s), on_sample_done, j, (uint64_t)v);
}

SimStatus sim_backpressure_sample(Sim *s, const char *job_id, int vertex, BackPressureSample *out)
{
	Job *j = sim_job_find(s, job_id);
	if (!j || vertex < 0 || vertex >= j->nv)
		return SIM_ENOENT;
	BpState *b = &j->bp[vertex];
	bool running = j->state == JOB_RUNNING;
	SimTime refresh = s->opt.config.bp_refresh_interval_ms * SIM_US_PER_MS;
	if (running && !b->pending && (b->end_time < 0 || s->now - b->end_time >= refresh))
		start_sample(s, j, vertex);
	if (b->end_time < 0)
		return SIM_ENOENT;
	out->end_time = b->end_time;
	out->subtasks = b->subtasks;
	memcpy(out->ratio, b->ratio, sizeof out->ratio);
	return SIM_OK;
}
