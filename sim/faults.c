/*
 * faults.c — the fault actions beyond docker-compose's: network rules between services
 * (pg.net: partition, delay, loss, heal, links), a machine's wall clock (pg.compose.clock)
 * and its CPU speed (pg.compose.cpu).
 *
 * Each action validates everything first — names, values, that there is a pair of
 * containers to act on — and changes nothing and records nothing when it rejects; then it
 * records its command in the trace and applies the rule to every link or machine it covers.
 * What the rules do to the messages is netfault.c's; what the machines do, machine.h's.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/netfault.h"
#include "internal.h"

/* ------------------------------------------------------------------ texts for the trace */

/* A duration as the Lua API writes it: "200ms", "1500us", "0ms". */
static void duration_text(SimTime us, char *buf, size_t len)
{
	if (us % SIM_US_PER_MS == 0)
		snprintf(buf, len, "%lldms", (long long)(us / SIM_US_PER_MS));
	else
		snprintf(buf, len, "%lldus", (long long)us);
}

static const char *arrow(NetDirection d)
{
	return d == NET_TO ? "->" : d == NET_FROM ? "<-" : "<->";
}

/* The command in the trace, as sim_trace_command writes it (the same line), with the fault's
 * kind in the event's `what` and whether it puts things back to normal in `flag` (a heal,
 * a delay or loss of 0, a clock set right, a CPU factor of 1) — how the view marks faults
 * and heals without reading text. */
static void fault_command(Sim *s, const char *what, bool normal, const char *cmd)
{
	SIM_EMIT(s, EV_COMMAND, .component = "command", .text = cmd, .what = what, .flag = normal);
}

/* ------------------------------------------------------------------ links */

typedef struct Pairs {
	int n;
	int from[SIM_MAX_PROCS * SIM_MAX_PROCS], to[SIM_MAX_PROCS * SIM_MAX_PROCS];
} Pairs;

/* The links a rule between services a and b covers in direction d, or a failure naming the
 * problem (nothing changed). */
static SimStatus links_of(Sim *s, const char *a, const char *b, NetDirection d, Pairs *out)
{
	int ia[SIM_MAX_PROCS], ib[SIM_MAX_PROCS];
	char names[512];
	if (!s->up)
		return sim_fail(s, SIM_ESTATE, "the environment is not up (call pg.up first)");
	int na = sim_resolve_service(s, a, ia), nb = sim_resolve_service(s, b, ib);
	if (na < 0 || nb < 0)
		return sim_fail(s, SIM_ENOENT, "no such service: '%s' (valid: %s)", na < 0 ? a : b,
		                sim_service_names(s, names, sizeof names));
	out->n = 0;
	for (int x = 0; x < na; x++)
		for (int y = 0; y < nb; y++) {
			if (ia[x] == ib[y])
				continue;
			if (d != NET_FROM) {
				out->from[out->n] = ia[x];
				out->to[out->n++] = ib[y];
			}
			if (d != NET_TO) {
				out->from[out->n] = ib[y];
				out->to[out->n++] = ia[x];
			}
		}
	if (out->n == 0)
		return sim_fail(s, SIM_EINVAL, "no link between '%s' and '%s' (a container has no link to itself%s)",
		                a, b, na == 0 || nb == 0 ? "; no taskmanager runs" : "");
	return SIM_OK;
}

typedef enum RulePart { PART_CUT, PART_DELAY, PART_LOSS } RulePart;

static void apply(Sim *s, const Pairs *p, RulePart part, const NetLinkRule *v)
{
	for (int i = 0; i < p->n; i++) {
		NetLinkRule r = netf_rule(s, p->from[i], p->to[i]);
		if (part == PART_CUT)
			r.cut = v->cut;
		else if (part == PART_DELAY) {
			r.delay_us = v->delay_us;
			r.jitter_us = v->jitter_us;
		} else
			r.loss_ppm = v->loss_ppm;
		netf_set(s, p->from[i], p->to[i], &r);
	}
}

SimStatus sim_net_partition(Sim *s, const char *a, const char *b, NetDirection dir)
{
	Pairs p;
	SimStatus st = links_of(s, a, b, dir, &p);
	if (st != SIM_OK)
		return st;
	char cmd[160];
	snprintf(cmd, sizeof cmd, "net partition %s %s %s", a, arrow(dir), b);
	fault_command(s, "net.partition", false, cmd);
	apply(s, &p, PART_CUT, &(NetLinkRule){ .cut = true });
	s->err[0] = '\0';
	return SIM_OK;
}

SimStatus sim_net_delay(Sim *s, const char *a, const char *b, SimTime delay_us, SimTime jitter_us, NetDirection dir)
{
	if (delay_us < 0 || delay_us > SIM_NET_DELAY_MAX_US)
		return sim_fail(s, SIM_EINVAL, "the delay must be 0 to 1h");
	if (jitter_us < 0 || jitter_us > delay_us)
		return sim_fail(s, SIM_EINVAL, "the jitter must be 0 to the delay (the delay never goes below 0)");
	Pairs p;
	SimStatus st = links_of(s, a, b, dir, &p);
	if (st != SIM_OK)
		return st;
	char cmd[200], d[32], j[32];
	duration_text(delay_us, d, sizeof d);
	duration_text(jitter_us, j, sizeof j);
	snprintf(cmd, sizeof cmd, "net delay %s %s %s %s jitter %s", a, arrow(dir), b, d, j);
	fault_command(s, "net.delay", delay_us == 0 && jitter_us == 0, cmd);
	apply(s, &p, PART_DELAY, &(NetLinkRule){ .delay_us = delay_us, .jitter_us = jitter_us });
	s->err[0] = '\0';
	return SIM_OK;
}

SimStatus sim_net_loss(Sim *s, const char *a, const char *b, double loss, NetDirection dir)
{
	if (!(loss >= 0.0 && loss < 1.0))
		return sim_fail(s, SIM_EINVAL, "the loss must be at least 0 and below 1 (all lost is a partition)");
	Pairs p;
	SimStatus st = links_of(s, a, b, dir, &p);
	if (st != SIM_OK)
		return st;
	uint32_t ppm = (uint32_t)llround(loss * NETF_LOSS_UNIT);
	if (ppm >= NETF_LOSS_UNIT)
		ppm = NETF_LOSS_UNIT - 1;
	char cmd[200];
	snprintf(cmd, sizeof cmd, "net loss %s %s %s %u.%04u%%", a, arrow(dir), b, ppm / 10000, ppm % 10000);
	fault_command(s, "net.loss", ppm == 0, cmd);
	apply(s, &p, PART_LOSS, &(NetLinkRule){ .loss_ppm = ppm });
	s->err[0] = '\0';
	return SIM_OK;
}

SimStatus sim_net_heal(Sim *s, const char *a, const char *b)
{
	if ((a == NULL) != (b == NULL))
		return sim_fail(s, SIM_EINVAL, "give two services, or none for every link");
	Pairs p = { 0 };
	if (a) {
		SimStatus st = links_of(s, a, b, NET_BOTH, &p);
		if (st != SIM_OK)
			return st;
	} else if (!s->up) {
		return sim_fail(s, SIM_ESTATE, "the environment is not up (call pg.up first)");
	} else {
		for (int x = 0; x < s->nprocs; x++)
			for (int y = 0; y < s->nprocs; y++)
				if (x != y) {
					p.from[p.n] = x;
					p.to[p.n++] = y;
				}
	}
	char cmd[160];
	if (a)
		snprintf(cmd, sizeof cmd, "net heal %s <-> %s", a, b);
	else
		snprintf(cmd, sizeof cmd, "net heal");
	fault_command(s, "net.heal", true, cmd);
	for (int i = 0; i < p.n; i++)
		netf_set(s, p.from[i], p.to[i], &(NetLinkRule){ 0 });
	s->err[0] = '\0';
	return SIM_OK;
}

/* Links with a rule, in (from, to) name order. */
static int sorted_links(const Sim *s, int *from, int *to)
{
	int n = 0;
	for (int x = 0; x < s->nprocs; x++)
		for (int y = 0; y < s->nprocs; y++) {
			NetLinkRule r = netf_rule(s, x, y);
			if (!r.cut && r.delay_us == 0 && r.loss_ppm == 0)
				continue;
			int k = n++;
			for (; k > 0; k--) {
				int c = strcmp(s->procs[from[k - 1]].name, s->procs[x].name);
				if (c < 0 || (c == 0 && strcmp(s->procs[to[k - 1]].name, s->procs[y].name) < 0))
					break;
				from[k] = from[k - 1];
				to[k] = to[k - 1];
			}
			from[k] = x;
			to[k] = y;
		}
	return n;
}

int sim_net_link_count(const Sim *s)
{
	int from[SIM_MAX_PROCS * SIM_MAX_PROCS], to[SIM_MAX_PROCS * SIM_MAX_PROCS];
	return s->netf ? sorted_links(s, from, to) : 0;
}

bool sim_net_link_info(const Sim *s, int i, NetLinkInfo *out)
{
	int from[SIM_MAX_PROCS * SIM_MAX_PROCS], to[SIM_MAX_PROCS * SIM_MAX_PROCS];
	int n = s->netf ? sorted_links(s, from, to) : 0;
	if (i < 0 || i >= n)
		return false;
	NetLinkRule r = netf_rule(s, from[i], to[i]);
	memset(out, 0, sizeof *out);
	snprintf(out->from, sizeof out->from, "%s", s->procs[from[i]].name);
	snprintf(out->to, sizeof out->to, "%s", s->procs[to[i]].name);
	out->cut = r.cut;
	out->delay_us = r.delay_us;
	out->jitter_us = r.jitter_us;
	out->loss = (double)r.loss_ppm / NETF_LOSS_UNIT;
	return true;
}

/* ------------------------------------------------------------------ machines */

static SimStatus machines_of(Sim *s, const char *service, int *idx, int *n)
{
	char names[512];
	if (!s->up)
		return sim_fail(s, SIM_ESTATE, "the environment is not up (call pg.up first)");
	*n = sim_resolve_service(s, service, idx);
	if (*n < 0)
		return sim_fail(s, SIM_ENOENT, "no such service: '%s' (valid: %s)", service,
		                sim_service_names(s, names, sizeof names));
	if (*n == 0)
		return sim_fail(s, SIM_EINVAL, "no taskmanager runs");
	return SIM_OK;
}

SimStatus sim_compose_clock(Sim *s, const char *service, int64_t offset_us, double drift)
{
	if (offset_us < -SIM_CLOCK_OFFSET_MAX_US || offset_us > SIM_CLOCK_OFFSET_MAX_US)
		return sim_fail(s, SIM_EINVAL, "the offset must be within 100 years either way");
	if (!(drift >= -SIM_CLOCK_DRIFT_MAX && drift <= SIM_CLOCK_DRIFT_MAX))
		return sim_fail(s, SIM_EINVAL, "the drift must be -0.5 to 0.5 (seconds gained per second)");
	int idx[SIM_MAX_PROCS], n;
	SimStatus st = machines_of(s, service, idx, &n);
	if (st != SIM_OK)
		return st;
	int64_t ppb = llround(drift * (double)MACHINE_DRIFT_UNIT);
	char cmd[160], d[32];
	duration_text(offset_us < 0 ? -offset_us : offset_us, d, sizeof d);
	int len = snprintf(cmd, sizeof cmd, "clock %s %c%s", service, offset_us < 0 ? '-' : '+', d);
	if (ppb != 0)
		snprintf(cmd + len, sizeof cmd - (size_t)len, " drift %lldppb", (long long)ppb);
	fault_command(s, "clock", offset_us == 0 && ppb == 0, cmd);
	for (int k = 0; k < n; k++)
		machine_set_clock(&s->procs[idx[k]].machine, s->now, offset_us, ppb);
	s->err[0] = '\0';
	return SIM_OK;
}

SimStatus sim_compose_cpu(Sim *s, const char *service, double factor)
{
	if (!(factor >= SIM_CPU_MIN && factor <= SIM_CPU_MAX))
		return sim_fail(s, SIM_EINVAL, "the factor must be 0.001 to 1000 (1: the model's machine)");
	int idx[SIM_MAX_PROCS], n;
	SimStatus st = machines_of(s, service, idx, &n);
	if (st != SIM_OK)
		return st;
	for (int k = 0; k < n; k++)
		if (s->procs[idx[k]].kind != PROC_TASKMANAGER)
			return sim_fail(s, SIM_EINVAL, "only taskmanagers run tasks, not '%s'", service);
	uint32_t ppm = (uint32_t)llround(factor * MACHINE_CPU_UNIT);
	char cmd[160];
	snprintf(cmd, sizeof cmd, "cpu %s %u.%06u", service, ppm / MACHINE_CPU_UNIT, ppm % MACHINE_CPU_UNIT);
	fault_command(s, "cpu", ppm == MACHINE_CPU_UNIT, cmd);
	for (int k = 0; k < n; k++)
		s->procs[idx[k]].machine.cpu_ppm = ppm;
	s->err[0] = '\0';
	return SIM_OK;
}
