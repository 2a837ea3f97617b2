/*
 * netview.h — what the view draws of the faults beyond docker-compose's: the rules on the
 * links between two containers (pg.net: cut, delay and jitter, loss) as one line per pair
 * of containers, and a machine's skewed clock or CPU factor (pg.compose.clock / cpu) on its
 * box — all from sim.h's const queries (sim_net_link_info, sim_service_info), never from
 * the trace's text.
 *
 * Display-free: the texts and the pairs are tested without SDL (tests/unit/test_viz_net.c).
 */
#ifndef VIZ_NETVIEW_H
#define VIZ_NETVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "sim.h"

#define VIZ_MAX_NET_PAIRS 32      /* pairs of containers drawn with a rule between them */

/* The rule on what one container sends to another (all zero: none). */
typedef struct VizNetRule {
	bool set;                 /* some rule: cut, delay or loss */
	bool cut;
	SimTime delay_us, jitter_us;
	double loss;              /* 0 … <1 */
} VizNetRule;

/* Two containers with a rule between them, in one direction or both. */
typedef struct VizNetPair {
	char a[32], b[32];        /* the containers, a before b by name */
	VizNetRule ab, ba;        /* what a sends to b; what b sends to a */
	bool cut;                 /* a direction is cut */
	char label[200];          /* '\n'-separated alternatives, longest first: "cut", "+200ms ±50ms", … */
} VizNetPair;

/* The pairs with a rule now, in the order of sim_net_link_info (by name); returns how many
 * (at most max). s may be NULL (none). */
int viz_net_pairs(const Sim *s, VizNetPair *out, int max);
/* One direction's rule as the view writes it: "cut", "+200ms ±50ms", "loss 10%", joined by
 * " · " ("" for none). */
void viz_net_rule_text(const VizNetRule *r, char *buf, size_t len);
/* A container's machine when it is not the model's plain one: "clock +30s · cpu ×0.25"
 * and a shorter "+30s · ×0.25" ('\n'-separated); false (and "") for a plain machine. */
bool viz_machine_text(const ServiceInfo *si, char *buf, size_t len);

#endif
