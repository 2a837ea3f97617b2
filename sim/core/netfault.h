/*
 * netfault.h — network faults between containers (pg.net), and what TCP makes of them.
 *
 * A rule is about one direction of one pair of processes (a link): cut (iptables DROP or
 * `docker network disconnect`), an added delay with jitter (tc netem delay D J) or a loss
 * rate (netem loss p). Everything between the playground's processes travels over TCP —
 * Akka's RPC and heartbeats, Netty's data connections, Kafka's protocol — and TCP loses
 * nothing on a connection that lives:
 *   cut    a message sent into a cut link waits (TCP retransmits it) and arrives when the
 *          link heals, in order, before anything sent later; nothing notices the silence but
 *          the protocols' own timeouts (heartbeats, request.timeout.ms, checkpoint expiry).
 *          A message whose sender died in the meantime never arrives (its socket is gone),
 *          nor one whose client connection was closed (net_conn_close: a cancelled task's
 *          Kafka consumer or producer).
 *   delay  every message takes D ± J longer (uniform), and never overtakes an earlier one;
 *          what still waits in the sender's queue when its container exits is lost with the
 *          container's network namespace (and so is a lost transmission not yet sent again).
 *   loss   each transmission of a message is lost with probability p, and TCP sends it again
 *          when its retransmission timeout runs out: 200 ms (Linux's TCP_RTO_MIN), doubling per
 *          loss up to 120 s, at most 15 times (tcp_retries2) — a late message, never a missing
 *          one. Each retransmission meets the link as it is then: after a heal (or a lower
 *          rate) the next one gets through, however long the old rate would have gone on
 *          losing it. What is sent on the link meanwhile waits behind it (head-of-line
 *          blocking) and goes on, in order, once it is through. The connection it blocks is
 *          the one between the two processes as they were: a process started anew (at either
 *          end) talks over a new connection, which it does not block.
 * Where this simplifies TCP: a message is one packet; a held message arrives right at the
 * heal (a real connection resends at its next retransmission, up to 2 minutes later after a
 * long cut); connections never give up (Linux resets one after about 15 minutes of
 * retransmissions); a one-way cut holds only that direction (real TCP's acknowledgements
 * would stall the other direction too once its window is full); a link is one connection,
 * so a lost message holds up everything the sender sends the receiver (Akka's RPC is one
 * connection per pair, Flink's data channels between two TaskManagers share Netty
 * connections, but Kafka's clients have one each).
 *
 * Rules belong to the processes (by index), so they outlive a container's restart; a
 * process created later (scaling up) has none. The rules exist only while a link has one or
 * a lost transmission is still being repeated (Sim.netf is NULL otherwise): a run without
 * faults pays a pointer test per message.
 */
#ifndef NETFAULT_H
#define NETFAULT_H

#include <stdbool.h>
#include <stdint.h>

#include "../event.h"

struct Sim;

#define NETF_RTO_MIN_US  (200 * 1000)          /* Linux TCP_RTO_MIN */
#define NETF_RTO_MAX_US  (120 * 1000 * 1000)   /* TCP_RTO_MAX */
#define NETF_RETRIES_MAX 15                    /* net.ipv4.tcp_retries2 */
#define NETF_LOSS_UNIT   1000000               /* loss_ppm of a link that loses everything */

/* Resends what a cut link held, at the heal: it must only schedule (it runs inside the
 * action that healed the link). */
typedef void (*NetResendFn)(struct Sim *s, void *obj, uint64_t arg);

typedef struct NetLinkRule {
	bool     cut;              /* messages wait until the link heals */
	int64_t  delay_us;         /* added latency */
	int64_t  jitter_us;        /* ± this, uniform (≤ delay_us) */
	uint32_t loss_ppm;         /* chance that one transmission is lost, × 10⁶ */
} NetLinkRule;

typedef struct NetFaults NetFaults;

/* Does any link have a rule? (The hot paths ask this first.) */
bool netf_active(const struct Sim *s);
/* The link from → to as a message sent on it now finds it: true when the message must wait —
 * the link is cut, its transmission is lost, or an earlier message's is being repeated —
 * then resend(obj, arg) is kept and called when it may go on (the heal; the retransmission
 * that got through; discard(obj), if not NULL, when the Sim ends first), and routes it again:
 * this time it passes; false otherwise, with *extra_us the latency the delay rule adds (delay
 * and jitter; losses and retransmissions: draws from the run's "net-faults" stream). */
bool netf_route(struct Sim *s, int from, int to, NetResendFn resend, void *obj, uint64_t arg,
                void (*discard)(void *obj), SimTime *extra_us);
bool netf_cut(const struct Sim *s, int from, int to);           /* is the link from → to cut? */
/* The rule of a link (all zero without one). */
NetLinkRule netf_rule(const struct Sim *s, int from, int to);
/* Replaces the rule of a link; a link whose cut is lifted resends what it held, in order. */
void netf_set(struct Sim *s, int from, int to, const NetLinkRule *rule);
/* Removes every rule of a process's links (its container was removed): what they held goes on. */
void netf_forget(struct Sim *s, int proc);
void netf_destroy(struct Sim *s);        /* frees the rules and whatever the links still hold */

#endif
