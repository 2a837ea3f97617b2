/* netfault.c — the rules of the links between processes, and what they hold (see netfault.h). */
#include <stdlib.h>
#include <string.h>

#include "../internal.h"
#include "netfault.h"

typedef struct Held {
	struct Held *next;
	NetResendFn resend;        /* sends it again at the heal */
	void       *obj;
	uint64_t    arg;
	void      (*discard)(void *obj);   /* frees obj if the Sim ends first; NULL: not owned */
} Held;

typedef struct Link {
	NetLinkRule rule;
	Held *held, *held_tail;    /* sent while cut, in order */
} Link;

struct NetFaults {
	Link link[SIM_MAX_PROCS][SIM_MAX_PROCS];  /* [from][to] */
	int  nrules;               /* links whose rule is not all zero */
	Rng  rng;                  /* jitter and loss draws */
};

static bool rule_empty(const NetLinkRule *r)
{
	return !r->cut && r->delay_us == 0 && r->jitter_us == 0 && r->loss_ppm == 0;
}

/* The rules exist only while some link has one (so a run without faults tests a pointer). */
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

/* A message's transmissions until one gets through: each lost one costs the retransmission
 * timeout, 200 ms doubling up to 120 s, at most tcp_retries2 of them. One draw per loss. */
static SimTime retransmissions_us(NetFaults *f, uint32_t loss_ppm)
{
	SimTime extra = 0, rto = NETF_RTO_MIN_US;
	for (int k = 0; k < NETF_RETRIES_MAX; k++) {
		if (rng_below(&f->rng, NETF_LOSS_UNIT) >= loss_ppm)
			break;
		extra += rto;
		rto = rto * 2 > NETF_RTO_MAX_US ? NETF_RTO_MAX_US : rto * 2;
	}
	return extra;
}

bool netf_route(Sim *s, int from, int to, NetResendFn resend, void *obj, uint64_t arg,
                void (*discard)(void *obj), SimTime *extra_us)
{
	*extra_us = 0;
	if (!netf_active(s) || !valid(from, to))
		return false;
	NetFaults *f = s->netf;
	Link *l = &f->link[from][to];
	if (l->rule.cut) {
		Held *h = malloc(sizeof *h);
		SIM_CHECK(h != NULL);
		*h = (Held){ NULL, resend, obj, arg, discard };
		if (l->held_tail)
			l->held_tail->next = h;
		else
			l->held = h;
		l->held_tail = h;
		return true;
	}
	SimTime extra = l->rule.delay_us;
	if (l->rule.jitter_us > 0) {
		SimTime j = (SimTime)rng_below(&f->rng, (uint64_t)(2 * l->rule.jitter_us + 1));
		extra += j - l->rule.jitter_us;
	}
	if (l->rule.loss_ppm > 0)
		extra += retransmissions_us(f, l->rule.loss_ppm);
	*extra_us = extra;
	return false;
}

/* The link heals: what it held is sent again, oldest first, before anything newer. */
static void release(Sim *s, Link *l)
{
	Held *h = l->held;
	l->held = l->held_tail = NULL;
	while (h) {
		Held *next = h->next;
		h->resend(s, h->obj, h->arg);
		free(h);
		h = next;
	}
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
	if (f->nrules == 0) {          /* nothing is held where nothing is cut */
		free(f);
		s->netf = NULL;
	}
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
		for (int b = 0; b < SIM_MAX_PROCS; b++)
			for (Held *h = f->link[a][b].held, *next; h; h = next) {
				next = h->next;
				if (h->discard)
					h->discard(h->obj);
				free(h);
			}
	free(f);
	s->netf = NULL;
}
