/*
 * netview.c — the network rules and machine settings the view draws (see netview.h).
 *
 * sim_net_link_info lists one rule per direction (what `from` sends to `to`); the view
 * draws one line per pair of containers, so the two directions are folded together here:
 * the same rule both ways is one label ("cut"), a rule one way only is "cut one way" (the
 * line's arrow shows which way), different rules name the receiving container.
 */
#include <stdio.h>
#include <string.h>

#include "netview.h"

/* "200ms", "1.5ms", "2s", "90s" — the Lua API's duration forms, short. */
static void duration_text(SimTime us, char *buf, size_t len)
{
	if (us >= SIM_US_PER_S && us % SIM_US_PER_S == 0)
		snprintf(buf, len, "%llds", (long long)(us / SIM_US_PER_S));
	else if (us % SIM_US_PER_MS == 0)
		snprintf(buf, len, "%lldms", (long long)(us / SIM_US_PER_MS));
	else
		snprintf(buf, len, "%.1fms", (double)us / SIM_US_PER_MS);
}

static void append(char *buf, size_t len, const char *part)
{
	size_t n = strlen(buf);
	if (n < len)
		snprintf(buf + n, len - n, "%s%s", n ? " · " : "", part);
}

void viz_net_rule_text(const VizNetRule *r, char *buf, size_t len)
{
	char part[64], d[24], j[24];
	if (len)
		buf[0] = '\0';
	if (r->cut)
		append(buf, len, "cut");
	if (r->delay_us > 0) {
		duration_text(r->delay_us, d, sizeof d);
		duration_text(r->jitter_us, j, sizeof j);
		if (r->jitter_us > 0)
			snprintf(part, sizeof part, "+%s ±%s", d, j);
		else
			snprintf(part, sizeof part, "+%s", d);
		append(buf, len, part);
	}
	if (r->loss > 0) {
		snprintf(part, sizeof part, "loss %.4g%%", r->loss * 100.0);
		append(buf, len, part);
	}
}

static bool same_rule(const VizNetRule *x, const VizNetRule *y)
{
	return x->cut == y->cut && x->delay_us == y->delay_us && x->jitter_us == y->jitter_us && x->loss == y->loss;
}

/* The label's alternatives: the whole story first, then shorter forms of it. */
static void pair_label(VizNetPair *p)
{
	char ab[96], ba[96];
	viz_net_rule_text(&p->ab, ab, sizeof ab);
	viz_net_rule_text(&p->ba, ba, sizeof ba);
	if (p->ab.set && p->ba.set && same_rule(&p->ab, &p->ba))
		snprintf(p->label, sizeof p->label, "%s", ab);
	else if (p->ab.set != p->ba.set)
		snprintf(p->label, sizeof p->label, "%s one way\n%s", p->ab.set ? ab : ba, p->ab.set ? ab : ba);
	else
		snprintf(p->label, sizeof p->label, "%s to %s, %s to %s\n%s / %s", ab, p->b, ba, p->a, ab, ba);
}

static VizNetPair *find_pair(VizNetPair *out, int n, const char *a, const char *b)
{
	for (int i = 0; i < n; i++)
		if (strcmp(out[i].a, a) == 0 && strcmp(out[i].b, b) == 0)
			return &out[i];
	return NULL;
}

int viz_net_pairs(const Sim *s, VizNetPair *out, int max)
{
	int n = 0;
	for (int i = 0; s && i < sim_net_link_count(s); i++) {
		NetLinkInfo li;
		if (!sim_net_link_info(s, i, &li))
			continue;
		bool forward = strcmp(li.from, li.to) < 0;          /* a is the first by name */
		const char *a = forward ? li.from : li.to, *b = forward ? li.to : li.from;
		VizNetPair *p = find_pair(out, n, a, b);
		if (!p) {
			if (n >= max)
				continue;
			p = &out[n++];
			memset(p, 0, sizeof *p);
			snprintf(p->a, sizeof p->a, "%s", a);
			snprintf(p->b, sizeof p->b, "%s", b);
		}
		VizNetRule *r = forward ? &p->ab : &p->ba;
		*r = (VizNetRule){ .set = true, .cut = li.cut, .delay_us = li.delay_us, .jitter_us = li.jitter_us, .loss = li.loss };
		p->cut = p->cut || li.cut;
	}
	for (int i = 0; i < n; i++)
		pair_label(&out[i]);
	return n;
}

/* A clock's offset: "+250ms", "+30s", "-1.5s", "+2m 5s", "+3h", "+400d". */
static void offset_text(int64_t us, char *buf, size_t len)
{
	char sign = us < 0 ? '-' : '+';
	int64_t a = us < 0 ? -us : us, ms = (a + 500) / 1000, s = ms / 1000;
	if (s == 0)
		snprintf(buf, len, "%c%lldms", sign, (long long)ms);
	else if (s < 60)
		snprintf(buf, len, ms % 1000 >= 50 ? "%c%.1fs" : "%c%.0fs", sign, (double)(ms / 100) / 10.0);
	else if (s < 3600)
		snprintf(buf, len, s % 60 ? "%c%lldm %llds" : "%c%lldm", sign, (long long)(s / 60), (long long)(s % 60));
	else if (s < 86400)
		snprintf(buf, len, s % 3600 / 60 ? "%c%lldh %lldm" : "%c%lldh", sign, (long long)(s / 3600),
		         (long long)(s % 3600 / 60));
	else
		snprintf(buf, len, "%c%lldd", sign, (long long)(s / 86400));
}

bool viz_machine_text(const ServiceInfo *si, char *buf, size_t len)
{
	char off[32] = "", longer[160] = "", shorter[80] = "", part[64];
	bool skewed = si->clock_offset_us != 0 || si->clock_drift != 0;
	if (skewed) {
		offset_text(si->clock_offset_us, off, sizeof off);
		if (si->clock_drift != 0)
			snprintf(part, sizeof part, "clock %s, drift %+.3g%%", off, si->clock_drift * 100.0);
		else
			snprintf(part, sizeof part, "clock %s", off);
		append(longer, sizeof longer, part);
		append(shorter, sizeof shorter, off);
	}
	bool slow = si->cpu != 0 && si->cpu != 1.0;
	if (slow) {
		snprintf(part, sizeof part, "cpu ×%.3g", si->cpu);
		append(longer, sizeof longer, part);
		snprintf(part, sizeof part, "×%.3g", si->cpu);
		append(shorter, sizeof shorter, part);
	}
	snprintf(buf, len, "%s%s%s", longer, skewed || slow ? "\n" : "", shorter);
	return skewed || slow;
}
