/* netfault.c — the rules of the links between processes, and what they hold (see netfault.h). */
#include <stdlib.h>
#include <string.h>

#include "../internal.h"
#include "netfault.h"

typedef struct Held {
	struct Held *next;
	NetResendFn resend;        /* sends it on: at the heal, or once what was ahead got through */
	void       *obj;
	uint64_t    arg;
	void      (*discard)(void *obj);   /* frees obj if the Sim ends first; NULL: not owned */
} Held;

typedef struct Link {
	NetLinkRule rule;
	Held *held, *held_tail;    /* sent while cut or behind a lost transmission, in order */
	Held    *lost;             /* the message whose transmission TCP repeats, NULL none */
	SimTime  rto_us;           /* its retransmission timeout, doubling per loss */
	int      losses;           /* of its transmissions so far */
	uint32_t from_inc, to_inc; /* the processes its connection joins */
	EventId  timer;            /* its next retransmission */
	bool     passing;          /* routing a message that got through: no loss, not held */
} Link;

struct NetFaults {
	Link link[SIM_MAX_PROCS][SIM_MAX_PROCS];  /* [from][to] */
	int  nrules;               /* links whose rule is not all zero */
	int  nlost;                /* links with a transmission being repeated */
	Rng  rng;                  /* jitter and loss draws */
};

static bool rule_empty(const NetLinkRule *r)
{
	return !r->cut && r->delay_us == 0 && r->jitter_us == 0 && r->loss_ppm == 0;
}

/* The rules exist only while some link has one or a transmission is being repeated (so a run
 * without faults tests a pointer). */
bool netf_active(const Sim *s) { return s->netf != NULL; }

static bool valid(int from, int to)
{
	return from >= 0 && from < SIM_MAX_PROCS && to >= 0 && to < SIM_MAX_PROCS && from != to;
}

bool netf_cut(const Sim *s, int from, int to)
{
	return netf_active(s) && valid(from, to) && s->netf->link[from][to].rule.cut;
}

NetLinkRule netf_rule(const Sim *s, int from, int to)
{
	if (!s->netf || !valid(from, to))
		return (NetLinkRule){ 0 };
	return s->netf->link[from][to].rule;
}

static void append(Link *l, Held *h)
{
	h->next = NULL;
	if (l->held_tail)
		l->held_tail->next = h;
	else
		l->held = h;
	l->held_tail = h;
}

/* Sends what a list held again, oldest first (each may be held again: behind a cut, or behind
 * one of them that is lost in turn). */
static void release_list(Sim *s, Held *h)
{
	while (h) {
		Held *next = h->next;
		h->resend(s, h->obj, h->arg);
		free(h);
		h = next;
	}
}

/* The rules go when no link has one and no transmission is being repeated. */
static void free_if_idle(Sim *s)
{
	if (s->netf && s->netf->nrules == 0 && s->netf->nlost == 0) {
		free(s->netf);
		s->netf = NULL;
	}
}

static bool transmission_lost(NetFaults *f, uint32_t loss_ppm)
{
	return loss_ppm > 0 && rng_below(&f->rng, NETF_LOSS_UNIT) < loss_ppm;
}

/* The lost message gets through: it goes on, then what waited behind it, in order (each
 * transmitted anew, so lost or not on its own). `gone`: its connection is gone instead (a
 * process started anew), and all of it goes on as it is, to be dropped or refused at ends
 * that no longer have that connection. */
static void pass(Sim *s, Link *l, bool gone)
{
	Held *h = l->lost;
	Held *rest = l->held;
	l->lost = NULL;
	l->held = l->held_tail = NULL;
	s->netf->nlost--;
	sim_cancel(s, &l->timer);
	l->passing = true;
	h->resend(s, h->obj, h->arg);
	free(h);
	l->passing = gone;
	release_list(s, rest);
	l->passing = false;
}

static void on_retransmit(Sim *s, void *obj, uint64_t arg);

/* TCP's retransmission timer of the lost message came due: it is sent again under the rule
 * the link has now — a heal or a lower loss rate counts from the next retransmission on, as
 * it does on a real connection (a cut drops it too: it waits for the heal, ahead of the
 * rest). After tcp_retries2 losses the model lets it through rather than reset the
 * connection. */
static void on_retransmit(Sim *s, void *obj, uint64_t arg)
{
	(void)obj;
	NetFaults *f = s->netf;
	Link *l = &f->link[arg / SIM_MAX_PROCS][arg % SIM_MAX_PROCS];
	l->timer = 0;
	if (l->rule.cut) {
		Held *h = l->lost;
		l->lost = NULL;
		f->nlost--;
		h->next = l->held;
		l->held = h;
		if (!l->held_tail)
			l->held_tail = h;
		return;
	}
	if (l->losses < NETF_RETRIES_MAX && transmission_lost(f, l->rule.loss_ppm)) {
		l->losses++;
		l->rto_us = l->rto_us * 2 > NETF_RTO_MAX_US ? NETF_RTO_MAX_US : l->rto_us * 2;
		l->timer = sim_after(s, l->rto_us, on_retransmit, NULL, arg);
		return;
	}
	pass(s, l, false);
	free_if_idle(s);
}

static void on_idle_check(Sim *s, void *obj, uint64_t arg)
{
	(void)obj;
	(void)arg;
	free_if_idle(s);
}

/* Is the connection a lost message waits on still the one between these processes? A
 * process started anew (either end) talks over a new connection, which nothing blocks. (The
 * rules may be idle then; they go once the routing that found this is over.) */
static void drop_stale_connection(Sim *s, Link *l, int from, int to)
{
	if (l->lost && (l->from_inc != s->procs[from].incarnation || l->to_inc != s->procs[to].incarnation)) {
		pass(s, l, true);
		sim_after(s, 0, on_idle_check, NULL, 0);
	}
}

bool netf_route(Sim *s, int from, int to, NetResendFn resend, void *obj, uint64_t arg,
                void (*discard)(void *obj), SimTime *extra_us)
{
	*extra_us = 0;
	if (!netf_active(s) || !valid(from, to))
		return false;
	NetFaults *f = s->netf;
	Link *l = &f->link[from][to];
	if (!l->passing) {
		drop_stale_connection(s, l, from, to);
		bool lost = !l->rule.cut && !l->lost && transmission_lost(f, l->rule.loss_ppm);
		if (l->rule.cut || l->lost || lost) {
			Held *h = malloc(sizeof *h);
			SIM_CHECK(h != NULL);
			*h = (Held){ NULL, resend, obj, arg, discard };
			if (!lost) {
				append(l, h);         /* behind the cut, or behind the lost message */
				return true;
			}
			l->lost = h;
			l->rto_us = NETF_RTO_MIN_US;
			l->losses = 1;
			l->from_inc = s->procs[from].incarnation;
			l->to_inc = s->procs[to].incarnation;
			f->nlost++;
			l->timer = sim_after(s, l->rto_us, on_retransmit, NULL, (uint64_t)(from * SIM_MAX_PROCS + to));
			return true;
		}
	}
	SimTime extra = l->rule.delay_us;
	if (l->rule.jitter_us > 0) {
		SimTime j = (SimTime)rng_below(&f->rng, (uint64_t)(2 * l->rule.jitter_us + 1));
		extra += j - l->rule.jitter_us;
	}
	*extra_us = extra;
	return false;
}

/* The cut heals: what it held is sent again, oldest first, before anything newer (behind a
 * lost message still being repeated, if there is one). */
static void release(Sim *s, Link *l)
{
	Held *h = l->held;
	l->held = l->held_tail = NULL;
	release_list(s, h);
}

void netf_set(Sim *s, int from, int to, const NetLinkRule *rule)
{
	SIM_CHECK(valid(from, to));
	if (!s->netf) {
		if (rule_empty(rule))
			return;
		s->netf = calloc(1, sizeof *s->netf);
		SIM_CHECK(s->netf != NULL);
		rng_seed(&s->netf->rng, s->opt.seed, "net-faults");
	}
	NetFaults *f = s->netf;
	Link *l = &f->link[from][to];
	f->nrules += (int)!rule_empty(rule) - (int)!rule_empty(&l->rule);
	bool was_cut = l->rule.cut;
	l->rule = *rule;
	if (was_cut && !rule->cut)
		release(s, l);
	free_if_idle(s);               /* nothing is held where nothing is cut or repeated */
}

void netf_forget(Sim *s, int proc)
{
	for (int other = 0; other < SIM_MAX_PROCS && s->netf; other++)
		if (other != proc) {
			netf_set(s, proc, other, &(NetLinkRule){ 0 });
			if (s->netf)
				netf_set(s, other, proc, &(NetLinkRule){ 0 });
		}
}

void netf_destroy(Sim *s)
{
	NetFaults *f = s->netf;
	if (!f)
		return;
	for (int a = 0; a < SIM_MAX_PROCS; a++)
		for (int b = 0; b < SIM_MAX_PROCS; b++) {
			Link *l = &f->link[a][b];
			if (l->lost) {
				l->lost->next = l->held;
				l->held = l->lost;
			}
			for (Held *h = l->held, *next; h; h = next) {
				next = h->next;
				if (h->discard)
					h->discard(h->obj);
				free(h);
			}
		}
	free(f);
	s->netf = NULL;
}
