/*
 * sim.c — the Sim: creation, the event loop, errors, randomness and the trace.
 *
 * sim_step pops the earliest event, sets the clock to its time and runs its handler. The
 * clock never goes back; a handler may schedule at `now` (it then runs after every event
 * already queued for that time — the insertion sequence breaks ties).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/netfault.h"
#include "flink/ha.h"
#include "flink/job.h"
#include "flink/jobmanager.h"
#include "flink/taskmanager.h"
#include "gen/generator.h"
#include "internal.h"
#include "kafka/broker.h"
#include "logs.h"
#include "runtime/buffer.h"

const char *sim_status_name(SimStatus st)
{
	static const char *const names[] = { "ok", "invalid argument", "not found", "wrong state",
	                                     "not supported yet", "corrupt", "i/o error" };
	return (unsigned)st < sizeof names / sizeof names[0] ? names[st] : "?";
}

/* The network delivers a message to the component running in its process (core/net.c). */
static void to_jobmanager(Sim *s, Msg *m)
{
	if (s->jm)
		jm_handle(s, m);
}

static void to_taskmanager(Sim *s, Msg *m)
{
	if (s->tms[s->procs[m->to].instance])
		tm_handle(s, m);
}

Sim *sim_create(const SimOptions *o)
{
	Sim *s = calloc(1, sizeof *s);
	SIM_CHECK(s != NULL);
	s->opt = *o;
	s->evq = evq_create();
	trace_init(&s->trace);
	rng_seed(&s->rng_net, o->seed, "network");
	rng_seed(&s->rng_lua, o->seed, "lua");
	rng_seed(&s->rng_ids, o->seed, "ids");
	s->proc_zookeeper = s->proc_kafka = s->proc_jobmanager = s->proc_generator = -1;
	s->msg_handlers[PROC_JOBMANAGER] = to_jobmanager;
	s->msg_handlers[PROC_TASKMANAGER] = to_taskmanager;
	s->msg_handlers[PROC_KAFKA] = broker_handle;
	s->msg_handlers[PROC_GENERATOR] = generator_handle;   /* ZooKeeper reads nothing of it */
	s->pool = buffer_pool_create();
	s->logs = logs_create(s);          /* from t = 0, in the slot no caller can take */
	s->subs[SIM_MAX_SUBSCRIBERS].fn = logs_on_event;
	s->subs[SIM_MAX_SUBSCRIBERS].ctx = s->logs;
	return s;
}

void sim_destroy(Sim *s)
{
	if (!s)
		return;
	memset(s->subs, 0, sizeof s->subs);  /* teardown is not part of the run */
	for (int i = 0; i < SIM_MAX_TMS; i++)
		if (s->tms[i])
			tm_kill(s, i);
	jm_stop(s, true);
	netf_destroy(s);          /* what cut links held (after the kills: their goodbyes wait there too) */
	for (int i = 0; i < s->nprocs; i++)
		net_drop_held(s, i);
	/* Pending events own messages: drain them without running handlers. */
	Event ev;
	while (evq_pop(s->evq, &ev)) {
		net_discard_event(&ev);
		tm_discard_event(&ev);
	}
	for (int i = 0; i < s->ntasks; i++)
		if (s->tasks[i]->alive || s->tasks[i]->opstate)
			task_teardown(s->tasks[i]);
	/* The jobs' channels go first: killing one updates its receiving task's input gate. */
	for (int i = 0; i < s->njobs; i++)
		job_destroy(s, s->jobs[i]);
	free(s->jobs);
	for (int i = 0; i < s->nretired; i++)
		job_destroy(s, s->retired[i]);
	free(s->retired);
	ha_destroy(s);
	for (int i = 0; i < s->ntasks; i++) {
		Task *t = s->tasks[i];
		checkpoint_release(t->restore);
		free(t->ins);
		free(t->outs);
		free(t);
	}
	free(s->tasks);
	free(s->conn_closed);
	free(s->triggers);
	broker_destroy(s->broker);
	generator_destroy(s->gen);
	buffer_pool_destroy(s->pool);
	evq_destroy(s->evq);
	logs_destroy(s->logs);
	free(s);
}

const SimOptions *sim_options(const Sim *s) { return &s->opt; }
SimTime sim_now(const Sim *s) { return s->now; }
uint64_t sim_seed(const Sim *s) { return s->opt.seed; }
const char *sim_error(const Sim *s) { return s->err; }

SimStatus sim_fail(Sim *s, SimStatus st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->err, sizeof s->err, fmt, ap);
	va_end(ap);
	return st;
}

EventId sim_at(Sim *s, SimTime t, EventFn fn, void *obj, uint64_t arg)
{
	SIM_CHECK(t >= s->now);
	return evq_push(s->evq, t, fn, obj, arg);
}

void sim_at_batch(Sim *s, SimTime t, EventFn fn, void *obj, uint64_t arg)
{
	SIM_CHECK(t >= s->now);
	evq_push_batch(s->evq, t, fn, obj, arg);
}

void sim_cancel(Sim *s, EventId *id)
{
	if (*id)
		evq_cancel(s->evq, *id);
	*id = 0;
}

int64_t sim_clock_ms(const Sim *s) { return s->opt.epoch_ms + s->now / SIM_US_PER_MS; }

static inline void run_one(Sim *s, EventFn fn, void *obj, uint64_t arg)
{
	s->in_event = true;
	fn(s, obj, arg);
	s->in_event = false;
	s->events_run++;
}

static inline void enter(Sim *s, const Event *ev)
{
	SIM_CHECK(ev->time >= s->now);
	s->now = ev->time;
	sim_check_context(s->now, s->opt.seed);
}

/* One event: a step of the view's (a batch's members come one a step, from the queue). */
bool sim_step(Sim *s)
{
	SIM_CHECK(!s->in_event);                /* not from inside a handler */
	Event ev;
	if (!evq_pop(s->evq, &ev))
		return false;
	enter(s, &ev);
	run_one(s, ev.fn, ev.obj, ev.arg);
	return true;
}

bool sim_next_event_time(const Sim *s, SimTime *t)
{
	return evq_peek_time(s->evq, t);
}

void sim_run_until(Sim *s, SimTime t)
{
	SIM_CHECK(!s->in_event);                /* not from inside a handler */
	Event ev;
	while (evq_pop_until(s->evq, t, &ev)) {
		enter(s, &ev);
		run_one(s, ev.fn, ev.obj, ev.arg);
		/* The members of its batch (same handler, same instant), from an array the queue
		 * keeps until its next pop: no handler pops (in_event). */
		const EventMember *m;
		uint32_t n = evq_take_batch(s->evq, &m);
		for (uint32_t i = 0; i < n; i++)
			run_one(s, ev.fn, m[i].obj, m[i].arg);
	}
	if (t > s->now)
		s->now = t;
}

/* ------------------------------------------------------------------ trace, randomness */

int sim_subscribe(Sim *s, SimEventFn fn, void *ctx)
{
	for (int i = 0; i < SIM_MAX_SUBSCRIBERS; i++)
		if (!s->subs[i].fn) {
			s->subs[i].fn = fn;
			s->subs[i].ctx = ctx;
			return i;
		}
	return -1;
}

void sim_unsubscribe(Sim *s, int handle)
{
	if (handle >= 0 && handle < SIM_MAX_SUBSCRIBERS)
		s->subs[handle].fn = NULL;
}

void sim_emit(Sim *s, SimEvent *e)
{
	char raw[512], text[4 * sizeof raw + 1];     /* 511 characters, as the trace always cut them */
	e->t = s->now;
	event_render(e, raw, sizeof raw);
	trace_line(&s->trace, s->now, e->component, raw, text, sizeof text);
	for (int i = 0; i <= SIM_MAX_SUBSCRIBERS; i++)      /* the last slot: the container logs */
		if (s->subs[i].fn)
			s->subs[i].fn(s->subs[i].ctx, e, text);
}

uint64_t sim_trace_hash(const Sim *s) { return s->trace.hash; }
uint64_t sim_trace_lines(const Sim *s) { return s->trace.lines; }
uint64_t sim_events_run(const Sim *s) { return s->events_run; }

void sim_trace_command(Sim *s, const char *text)
{
	SIM_EMIT(s, EV_COMMAND, .component = "command", .text = text);
}

uint64_t sim_random_u64(Sim *s, const char *stream)
{
	(void)stream;
	return rng_next(&s->rng_lua);
}

Job *sim_job_find(const Sim *s, const char *job_id)
{
	if (!job_id)
		return NULL;
	for (int i = 0; i < s->njobs; i++)
		if (strcmp(s->jobs[i]->jid, job_id) == 0)
			return s->jobs[i];
	return NULL;
}
