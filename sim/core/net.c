/*
 * net.c — message delivery between processes (see net.h).
 *
 * Latency: 100 µs plus a seeded jitter of up to 50 µs per message (one Docker bridge
 * network). Delivery checks the destination when the message arrives: exited or
 * restarted (another incarnation) ⇒ dropped, or bounced back to the sender with `failed`
 * for requests that expect an answer (a TCP connection refused); paused ⇒ held until
 * unpaused. Kafka refuses requests while ZooKeeper is down or cut off from it (no
 * controller, no leaders). Network faults (netfault.h) hold a message on a cut link until
 * the heal and add their delays; a link without a rule costs one pointer test.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"
#include "netfault.h"
#include "pool.h"

#define NET_LATENCY_US 100
#define NET_JITTER_US  50

/* Freed messages wait here for reuse (one allocation per message was most of the model's
 * calls to the allocator). Memory only: no model state, so no Sim needs to own it; one list
 * per thread, bounded. */
#define MSG_FREE_MAX (SIM_POOLS ? 256 : 0)
static _Thread_local Msg *msg_free_list;
static _Thread_local int msg_free_count;

_Static_assert(offsetof(Msg, opens) == 52 && offsetof(Msg, conn) == 84 && offsetof(Msg, text) == 88 && sizeof(Msg) == 256, "msg_new sets every field of Msg");

Msg *msg_new(MsgType type, int job)
{
	Msg *m = msg_free_list;
	if (m) {
		msg_free_list = m->next;
		msg_free_count--;
	} else {
		m = malloc(sizeof *m);
		SIM_CHECK(m != NULL);
	}
	/* Field by field (a memset of the header costs more than the message's use of it);
	 * the assertion below fails when a field is added, so that it is set here too. */
	m->type = type;
	m->from = m->to = -1;
	m->to_inc = 0;
	m->job = job;
	m->a = m->b = m->c = 0;
	m->partition = 0;
	m->opens = false;
	m->payload = NULL;
	m->payload_free = NULL;
	m->seq = 0;
	m->bounce = m->failed = false;
	m->error = 0;
	m->conn = 0;
	m->text[0] = '\0';
	m->next = NULL;
	return m;
}

void msg_free(Msg *m)
{
	if (!m)
		return;
	if (m->payload) {
		if (m->payload_free)
			m->payload_free(m->payload);
		else
			free(m->payload);
	}
	if (msg_free_count == MSG_FREE_MAX) {
		free(m);
		return;
	}
	m->next = msg_free_list;
	msg_free_list = m;
	msg_free_count++;
}

bool proc_running(const Sim *s, int proc)
{
	return proc >= 0 && proc < s->nprocs && s->procs[proc].state == SERVICE_RUNNING;
}

static void deliver(Sim *s, void *obj, uint64_t arg);
static void resend(Sim *s, void *obj, uint64_t arg);
static void discard(void *obj) { msg_free(obj); }

static void schedule(Sim *s, Msg *m)
{
	SimTime extra = 0;
	if (s->netf && m->from >= 0 && netf_route(s, m->from, m->to, resend, m, 0, discard, &extra))
		return;              /* the link is cut: TCP keeps it until the heal */
	SimTime at = s->now + NET_LATENCY_US + (SimTime)rng_below(&s->rng_net, NET_JITTER_US + 1);
	at += extra;
	SimTime *last = &s->net_last[m->from < 0 ? 0 : m->from][m->to];
	if (at < *last)
		at = *last;          /* one connection per pair: messages arrive in order */
	*last = at;
	sim_at(s, at, deliver, m, 0);
}

void net_send(Sim *s, int from, int to, Msg *m)
{
	if (to < 0 || to >= s->nprocs) {
		msg_free(m);
		return;
	}
	m->from = from;
	m->to = to;
	m->to_inc = s->procs[to].incarnation;
	m->from_inc = from >= 0 ? s->procs[from].incarnation : 0;
	schedule(s, m);
}

void net_send_inc(Sim *s, int from, int to, uint32_t to_inc, Msg *m)
{
	if (to < 0 || to >= s->nprocs) {
		msg_free(m);
		return;
	}
	m->from = from;
	m->to = to;
	m->to_inc = to_inc;
	m->from_inc = from >= 0 ? s->procs[from].incarnation : 0;
	schedule(s, m);
}

uint32_t net_conn_open(Sim *s)
{
	if (s->nconns == s->cap_conns) {
		s->cap_conns = s->cap_conns ? 2 * s->cap_conns : 64;
		s->conn_closed = realloc(s->conn_closed, s->cap_conns * sizeof *s->conn_closed);
		SIM_CHECK(s->conn_closed != NULL);
	}
	s->conn_closed[s->nconns++] = false;
	return s->nconns;                /* ids from 1: 0 is the process's own */
}

void net_conn_close(Sim *s, uint32_t conn)
{
	if (conn >= 1 && conn <= s->nconns)
		s->conn_closed[conn - 1] = true;
}

static bool conn_closed(const Sim *s, uint32_t conn)
{
	return conn >= 1 && conn <= s->nconns && s->conn_closed[conn - 1];
}

/* Has the process that sent m exited, or been started again, since? (Its sockets are gone.) */
static bool sender_gone(const Sim *s, const Msg *m)
{
	const Process *from = &s->procs[m->from];
	return from->state == SERVICE_EXITED || from->incarnation != m->from_inc;
}

static bool defer_owned(Sim *s, int proc, EventFn fn, void *obj, uint64_t arg, void (*free_obj)(void *));

/* A cut link heals: what it held goes on its way — unless its sender died meanwhile (its
 * socket, and what the kernel still had to send, went with it) or closed the client that
 * sent it (net_conn_close). A refusal travelling back comes from the kernel,
 * whoever runs. A request that opens a connection was never written: across the cut only
 * the SYN was out (Flink 1.9 opens a new KafkaProducer, with new connections, for recovery
 * and for every transaction). The kernel completes the handshake at the heal, but the
 * request is written by the client's own thread (Kafka's Sender, once the Selector sees the
 * connection up) — a paused sender writes it when it runs again, if its client is still
 * open then (tests/lua/regress_eos_paused_sink_heal.lua). */
static void resend(Sim *s, void *obj, uint64_t arg)
{
	Msg *m = obj;
	if (!m->failed && (sender_gone(s, m) || conn_closed(s, m->conn))) {
		msg_free(m);
		return;
	}
	if (!m->failed && m->opens && defer_owned(s, m->from, resend, m, arg, discard))
		return;
	schedule(s, m);
}

/* Kafka without ZooKeeper: the broker refuses (ZooKeeper down, or a cut either way between
 * them: its session needs both directions). */
static bool kafka_without_zookeeper(const Sim *s)
{
	if (!proc_running(s, s->proc_zookeeper))
		return true;
	return s->netf && (netf_cut(s, s->proc_kafka, s->proc_zookeeper) ||
	                          netf_cut(s, s->proc_zookeeper, s->proc_kafka));
}

/* A refused request comes back to its sender as a failed answer — held while the sender is
 * paused (its socket gets the reset; it reads it when it runs again), dropped only when the
 * sender is gone. */
static void bounce(Sim *s, Msg *m)
{
	if (!m->bounce || m->failed || m->from < 0 || s->procs[m->from].state == SERVICE_EXITED) {
		msg_free(m);
		return;
	}
	m->failed = true;
	int back = m->from;
	m->from = m->to;
	m->to = back;
	uint32_t inc = m->to_inc;
	m->to_inc = m->from_inc;
	m->from_inc = inc;
	schedule(s, m);
}

static void dispatch(Sim *s, Msg *m)
{
	MsgHandler h = s->msg_handlers[s->procs[m->to].kind];
	if (h)
		h(s, m);
	msg_free(m);
}

/* A message still underway longer than any flight takes after its sender's container exited
 * was waiting in that container's network queue — behind a netem delay, or for TCP to send
 * it again after a loss — and went with the container's network namespace. */
static bool lost_with_sender(const Sim *s, const Msg *m)
{
	if (m->failed || m->from < 0)
		return false;
	return sender_gone(s, m) && s->procs[m->from].exited_at < s->now - NET_LATENCY_US - NET_JITTER_US;
}

static void deliver(Sim *s, void *obj, uint64_t arg)
{
	Msg *m = obj;
	if (lost_with_sender(s, m)) {
		msg_free(m);
		return;
	}
	Process *p = &s->procs[m->to];
	if (p->state == SERVICE_EXITED || p->incarnation != m->to_inc) {
		bounce(s, m);
		return;
	}
	if (p->kind == PROC_KAFKA && !m->failed && kafka_without_zookeeper(s)) {
		bounce(s, m);
		return;
	}
	if (p->state == SERVICE_PAUSED) {
		m->next = NULL;
		if (p->held_tail)
			p->held_tail->next = m;
		else
			p->held = m;
		p->held_tail = m;
		return;
	}
	dispatch(s, m);
}

typedef struct Deferred {
	struct Deferred *next;
	EventFn fn;
	void *obj;
	uint64_t arg;
	uint32_t inc;                    /* the incarnation it belongs to */
	void (*discard)(void *obj);      /* frees obj if it never fires; NULL: not owned */
} Deferred;

static bool defer_owned(Sim *s, int proc, EventFn fn, void *obj, uint64_t arg, void (*free_obj)(void *))
{
	if (proc < 0 || proc >= s->nprocs || s->procs[proc].state != SERVICE_PAUSED)
		return false;
	Process *p = &s->procs[proc];
	Deferred *d = calloc(1, sizeof *d);
	SIM_CHECK(d != NULL);
	*d = (Deferred){ NULL, fn, obj, arg, p->incarnation, free_obj };
	if (p->deferred_tail)
		p->deferred_tail->next = d;
	else
		p->deferred = d;
	p->deferred_tail = d;
	return true;
}

bool proc_defer(Sim *s, int proc, EventFn fn, void *obj, uint64_t arg)
{
	return defer_owned(s, proc, fn, obj, arg, NULL);
}

static void drop_deferred(Deferred *d)
{
	if (d->discard)
		d->discard(d->obj);
	free(d);
}

/* The deferred timers of a process that runs again fire now (after the messages it held). */
static void release_deferred(Sim *s, int proc)
{
	Process *p = &s->procs[proc];
	Deferred *d = p->deferred;
	p->deferred = p->deferred_tail = NULL;
	while (d) {
		Deferred *next = d->next;
		if (p->incarnation == d->inc) {
			sim_at(s, s->now, d->fn, d->obj, d->arg);
			free(d);
		} else {
			drop_deferred(d);
		}
		d = next;
	}
}

void net_release_held(Sim *s, int proc)
{
	Process *p = &s->procs[proc];
	Msg *m = p->held;
	p->held = p->held_tail = NULL;
	while (m) {
		Msg *next = m->next;
		if (p->state == SERVICE_RUNNING && p->incarnation == m->to_inc)
			dispatch(s, m);
		else
			msg_free(m);
		m = next;
	}
	release_deferred(s, proc);
}

void net_drop_held(Sim *s, int proc)
{
	Process *p = &s->procs[proc];
	Msg *m = p->held;
	p->held = p->held_tail = NULL;
	while (m) {
		Msg *next = m->next;
		msg_free(m);
		m = next;
	}
	for (Deferred *d = p->deferred, *next; d; d = next) {   /* the process is gone: its timers too */
		next = d->next;
		drop_deferred(d);
	}
	p->deferred = p->deferred_tail = NULL;
}

static const char *const msg_names[MSG_TYPE_COUNT] = {
	"TM_REGISTER", "TM_REGISTERED", "TM_DISCONNECT", "HEARTBEAT", "HEARTBEAT_REPLY",
	"SLOT_REQUEST", "SLOT_OFFER", "SLOT_FREE", "SUBMIT_TASK", "CANCEL_TASK", "TASK_STATE",
	"TRIGGER_CP", "ACK_CP", "NOTIFY_CP", "ABORT_CP", "KAFKA_FETCH", "KAFKA_FETCH_RESP",
	"KAFKA_OFFSETS", "KAFKA_OFFSETS_RESP", "KAFKA_COMMIT", "KAFKA_PRODUCE",
	"KAFKA_PRODUCE_RESP", "KAFKA_TXN", "KAFKA_TXN_RESP",
};

const char *msg_type_name(MsgType t)
{
	return (unsigned)t < MSG_TYPE_COUNT ? msg_names[t] : "?";
}

void net_discard_event(const Event *ev)
{
	if (ev->fn == deliver || ev->fn == resend)
		msg_free(ev->obj);
}
