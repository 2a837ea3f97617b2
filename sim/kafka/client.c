/* client.c — request timeouts, retries and back-off of the Kafka clients; see client.h. */
#include "client.h"

#include <stdio.h>
#include <string.h>

void kcall_init(KafkaCall *c, int proc, const char *who, KafkaSendFn send, void *obj, uint64_t arg)
{
	memset(c, 0, sizeof *c);
	c->proc = proc;
	snprintf(c->who, sizeof c->who, "%s", who);
	c->send = send;
	c->obj = obj;
	c->arg = arg;
}

/* A frozen (paused) client acts only when it runs again: it looks again in a moment. */
static bool frozen(const Sim *s, const KafkaCall *c)
{
	return s->procs[c->proc].state == SERVICE_PAUSED;
}

static void on_resend(Sim *s, void *obj, uint64_t arg)
{
	KafkaCall *c = obj;
	c->timer = 0;
	if (frozen(s, c)) {                 /* a frozen client sends nothing */
		c->timer = sim_after(s, KAFKA_RETRY_BACKOFF_US, on_resend, c, arg);
		return;
	}
	c->send(s, c->obj, c->arg);
}

/* The deadline event: a request answered in time leaves it armed for its successor, which
 * moves the deadline on; it fires at the deadline of an attempt still out, or re-arms there. */
static void on_request_timeout(Sim *s, void *obj, uint64_t arg)
{
	KafkaCall *c = obj;
	c->deadline_ev = 0;
	if (!c->out)
		return;
	if (s->now < c->deadline) {
		c->deadline_ev = sim_at(s, c->deadline, on_request_timeout, c, 0);
		return;
	}
	if (frozen(s, c)) {                 /* a frozen client times out when it runs again */
		c->deadline_ev = sim_after(s, KAFKA_RETRY_BACKOFF_US, on_request_timeout, c, 0);
		return;
	}
	c->out = false;                     /* the connection is closed: its answer is stale */
	SIM_EMIT(s, EV_REQUEST_TIMEOUT, .component = s->procs[c->proc].name, .text = c->who,
	         .n = KAFKA_REQUEST_TIMEOUT_US / SIM_US_PER_MS, .m = KAFKA_RETRY_BACKOFF_US / SIM_US_PER_MS);
	sim_cancel(s, &c->timer);
	c->timer = sim_after(s, KAFKA_RETRY_BACKOFF_US, on_resend, c, 0);
}

void kcall_start(Sim *s, KafkaCall *c)
{
	c->out = false;
	sim_cancel(s, &c->timer);
	c->attempts = 0;
	c->started = s->now;
	c->send(s, c->obj, c->arg);
}

uint64_t kcall_begin(Sim *s, KafkaCall *c)
{
	sim_cancel(s, &c->timer);
	c->out = true;
	c->attempts++;
	c->deadline = s->now + KAFKA_REQUEST_TIMEOUT_US;
	if (!c->deadline_ev)
		c->deadline_ev = sim_at(s, c->deadline, on_request_timeout, c, 0);
	return ++c->seq;
}

KcallResult kcall_answer(Sim *s, KafkaCall *c, const Msg *m)
{
	if (!c->out || m->seq != c->seq)
		return KCALL_STALE;
	if (m->failed && SIM_MUTATED(s, SIM_MUT_DROP_RETRY)) {
		sim_cancel(s, &c->timer);      /* test-only defect: the refusal is lost, nothing times out */
		sim_cancel(s, &c->deadline_ev);
		return KCALL_STALE;
	}
	c->out = false;                     /* the deadline event, if any, finds nothing out */
	sim_cancel(s, &c->timer);
	if (!m->failed) {
		c->failures = 0;
		return KCALL_OK;
	}
	/* Connection refused or reset: reconnect.backoff.ms, doubling up to its max. */
	SimTime backoff = KAFKA_RECONNECT_BACKOFF_US;
	for (int i = 0; i < c->failures && backoff < KAFKA_RECONNECT_BACKOFF_MAX_US; i++)
		backoff *= 2;
	if (backoff > KAFKA_RECONNECT_BACKOFF_MAX_US)
		backoff = KAFKA_RECONNECT_BACKOFF_MAX_US;
	c->failures++;
	c->timer = sim_after(s, backoff, on_resend, c, 0);
	return KCALL_RETRYING;
}

void kcall_retry(Sim *s, KafkaCall *c)
{
	c->out = false;
	sim_cancel(s, &c->timer);
	c->timer = sim_after(s, KAFKA_RETRY_BACKOFF_US, on_resend, c, 0);
}

void kcall_cancel(Sim *s, KafkaCall *c)
{
	c->out = false;
	sim_cancel(s, &c->timer);
	sim_cancel(s, &c->deadline_ev);    /* the call may be freed next */
}

bool kcall_busy(const KafkaCall *c) { return c->out || c->timer != 0; }

SimTime kcall_age(const Sim *s, const KafkaCall *c) { return s->now - c->started; }
