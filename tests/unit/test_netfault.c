/*
 * test_netfault.c — the machines' clocks and CPUs (core/machine.c) and the network rules
 * (core/netfault.c, faults.c) through their C API: floor division of skewed clocks, drift,
 * CPU scaling, messages held in order on a cut link and released at the heal, a lost
 * transmission sent again under the rule of the moment (so a heal counts from the next
 * retransmission on) with what follows it waiting behind, a new connection's request that a
 * paused sender writes only when it runs again, rules that leave nothing behind once healed,
 * and actions rejected without a trace.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/machine.h"
#include "core/netfault.h"
#include "internal.h"
#include "sim.h"

static void clock_offsets_and_floor_division(void **state)
{
	(void)state;
	Machine m = { 0 };
	assert_int_equal(machine_clock_ms(&m, 1000, 2500), 1002);          /* 2.5 ms: floor */
	machine_set_clock(&m, 0, -1500, 0);                                /* 1.5 ms behind */
	assert_int_equal(machine_clock_ms(&m, 1000, 0), 998);              /* −1.5 ms → −2 */
	assert_int_equal(machine_clock_ms(&m, 1000, 1500), 1000);
	machine_set_clock(&m, 10 * SIM_US_PER_S, 0, MACHINE_DRIFT_UNIT / 1000);   /* 1 ms per s */
	assert_int_equal(machine_offset_us(&m, 10 * SIM_US_PER_S), 0);
	assert_int_equal(machine_offset_us(&m, 110 * SIM_US_PER_S), 100 * 1000);
}

static void cpu_factors(void **state)
{
	(void)state;
	Machine m = { 0 };
	assert_int_equal(machine_cpu_ns(&m, 1500), 1500);
	m.cpu_ppm = MACHINE_CPU_UNIT / 4;                                  /* four times slower */
	assert_int_equal(machine_cpu_ns(&m, 1500), 6000);
	m.cpu_ppm = MACHINE_CPU_UNIT * 1000;                               /* faster: never 0 */
	assert_int_equal(machine_cpu_ns(&m, 1), 1);
	assert_int_equal(machine_cpu_ns(&m, 0), 0);
}

typedef struct Log { int n; uint64_t got[8]; SimTime at[8]; } Log;
static Log seen;

static void note(Sim *s, void *obj, uint64_t arg)
{
	(void)obj;
	seen.at[seen.n] = s->now;
	seen.got[seen.n++] = arg;
}

static Sim *up(void)
{
	SimOptions o;
	sim_options_default(&o);
	o.taskmanagers = 2;
	Sim *s = sim_create(&o);
	assert_int_equal(sim_up(s), SIM_OK);
	return s;
}

static void cut_links_hold_in_order_and_release_at_the_heal(void **state)
{
	(void)state;
	Sim *s = up();
	int a = sim_proc_find(s, "taskmanager-1"), b = sim_proc_find(s, "taskmanager-2");
	assert_int_equal(sim_net_partition(s, "taskmanager-1", "taskmanager-2", NET_TO), SIM_OK);
	assert_true(netf_cut(s, a, b));
	assert_false(netf_cut(s, b, a));                                   /* one way only */
	memset(&seen, 0, sizeof seen);
	SimTime extra;
	for (uint64_t k = 1; k <= 3; k++)
		assert_true(netf_route(s, a, b, note, NULL, k, NULL, &extra));
	assert_false(netf_route(s, b, a, note, NULL, 9, NULL, &extra));
	assert_int_equal(extra, 0);
	assert_int_equal(seen.n, 0);
	assert_int_equal(sim_net_heal(s, "taskmanager-2", "taskmanager-1"), SIM_OK);
	assert_int_equal(seen.n, 3);                                       /* oldest first */
	assert_int_equal(seen.got[0], 1);
	assert_int_equal(seen.got[2], 3);
	assert_null(s->netf);                                              /* nothing left */
	assert_int_equal(sim_net_link_count(s), 0);
	sim_destroy(s);
}

#define MS (SIM_US_PER_S / 1000)

/* Swarm seed 570953: a heartbeat answer lost 11 times in a row was given its whole schedule of
 * retransmissions when it was sent (324.6 s), so the link stayed blocked behind it for 173 s
 * after the heal and the TaskManager's registration waited there. TCP sends a lost segment
 * again when its timer (200 ms, doubling) runs out, and that transmission meets the link as
 * it is then: the first one after the heal gets through. */
static void a_lost_transmission_gets_through_at_the_first_retransmission_after_the_heal(void **state)
{
	(void)state;
	Sim *s = up();
	int a = sim_proc_find(s, "taskmanager-1"), b = sim_proc_find(s, "taskmanager-2");
	assert_int_equal(sim_net_loss(s, "taskmanager-1", "taskmanager-2", 0.999999, NET_TO), SIM_OK);
	memset(&seen, 0, sizeof seen);
	SimTime extra, t0 = s->now;
	assert_true(netf_route(s, a, b, note, NULL, 1, NULL, &extra));    /* lost: TCP repeats it */
	assert_true(netf_route(s, a, b, note, NULL, 2, NULL, &extra));    /* and this waits behind it */
	assert_false(netf_route(s, b, a, note, NULL, 9, NULL, &extra));   /* the other way has no rule */
	sim_run_until(s, t0 + 10000 * MS);                                 /* lost at +0.2, 0.6, 1.4, 3, 6.2 s */
	assert_int_equal(seen.n, 0);
	assert_int_equal(sim_net_heal(s, NULL, NULL), SIM_OK);
	assert_int_equal(seen.n, 0);                                       /* the heal itself sends nothing */
	assert_non_null(s->netf);                                          /* a retransmission is due */
	assert_int_equal(sim_net_link_count(s), 0);
	sim_run_until(s, t0 + 12600 * MS - 1);
	assert_int_equal(seen.n, 0);
	sim_run_until(s, t0 + 12600 * MS);                                 /* the next timer: 6.4 s after 6.2 */
	assert_int_equal(seen.n, 2);
	assert_int_equal(seen.got[0], 1);                                  /* in order */
	assert_int_equal(seen.got[1], 2);
	assert_int_equal(seen.at[0], t0 + 12600 * MS);
	assert_int_equal(seen.at[1], t0 + 12600 * MS);
	assert_null(s->netf);                                              /* nothing left */
	sim_destroy(s);
}

/* A link that loses everything still delivers after tcp_retries2 (15) lost transmissions,
 * 804.6 s of timeouts (the model does not reset the connection); a cut meanwhile keeps the
 * lost message, first, until its heal. */
static void retransmissions_end_at_tcp_retries2_and_wait_behind_a_cut(void **state)
{
	(void)state;
	Sim *s = up();
	int a = sim_proc_find(s, "jobmanager"), b = sim_proc_find(s, "kafka");
	assert_int_equal(sim_net_loss(s, "jobmanager", "kafka", 0.999999, NET_TO), SIM_OK);
	memset(&seen, 0, sizeof seen);
	SimTime extra, t0 = s->now;
	assert_true(netf_route(s, a, b, note, NULL, 1, NULL, &extra));
	sim_run_until(s, t0 + 804600 * MS - 1);
	assert_int_equal(seen.n, 0);
	sim_run_until(s, t0 + 804600 * MS);
	assert_int_equal(seen.n, 1);
	assert_int_equal(seen.at[0], t0 + 804600 * MS);
	t0 = s->now;
	assert_true(netf_route(s, a, b, note, NULL, 2, NULL, &extra));
	assert_int_equal(sim_net_partition(s, "jobmanager", "kafka", NET_TO), SIM_OK);
	assert_true(netf_route(s, a, b, note, NULL, 3, NULL, &extra));    /* held by the cut */
	sim_run_until(s, t0 + 60000 * MS);                                 /* its retransmission met the cut */
	assert_int_equal(seen.n, 1);
	assert_int_equal(sim_net_heal(s, "jobmanager", "kafka"), SIM_OK);
	assert_int_equal(seen.n, 3);                                       /* at the heal, the lost one first */
	assert_int_equal(seen.got[1], 2);
	assert_int_equal(seen.got[2], 3);
	assert_null(s->netf);
	sim_destroy(s);
}

/* A lost message blocks its connection: a TaskManager started anew has a new one. What the old
 * connection held goes on at once (to be dropped at the far end: its sender is gone). */
static void a_process_started_anew_is_not_blocked_by_its_old_connection(void **state)
{
	(void)state;
	Sim *s = up();
	int a = sim_proc_find(s, "taskmanager-1"), b = sim_proc_find(s, "jobmanager");
	assert_int_equal(sim_net_loss(s, "taskmanager-1", "jobmanager", 0.999999, NET_TO), SIM_OK);
	memset(&seen, 0, sizeof seen);
	SimTime extra;
	assert_true(netf_route(s, a, b, note, NULL, 1, NULL, &extra));
	assert_true(netf_route(s, a, b, note, NULL, 2, NULL, &extra));    /* behind it */
	assert_int_equal(sim_compose(s, COMPOSE_KILL, "taskmanager-1"), SIM_OK);
	assert_true(netf_route(s, a, b, note, NULL, 3, NULL, &extra));    /* the kernel's, still that connection */
	assert_int_equal(sim_compose(s, COMPOSE_START, "taskmanager-1"), SIM_OK);
	assert_int_equal(sim_net_loss(s, "taskmanager-1", "jobmanager", 0, NET_TO), SIM_OK);
	assert_false(netf_route(s, a, b, note, NULL, 4, NULL, &extra));   /* the new process's: passes */
	assert_int_equal(seen.n, 3);                                       /* the old ones went first */
	assert_int_equal(seen.got[0], 1);
	assert_int_equal(seen.got[2], 3);
	sim_run_until(s, s->now + 1);
	assert_null(s->netf);                                              /* nothing left */
	sim_destroy(s);
}

/* What reaches ZooKeeper from a test (the model's ZooKeeper reads no message: its handler is
 * free for the test). */
static Log zk_seen;

static void zk_record(Sim *s, Msg *m)
{
	zk_seen.at[zk_seen.n] = s->now;
	zk_seen.got[zk_seen.n++] = m->seq;
}

static void send_to_zk(Sim *s, int from, uint64_t seq, uint32_t conn, bool opens)
{
	Msg *m = msg_new(MSG_KAFKA_TXN, -1);
	m->seq = seq;
	m->conn = conn;
	m->opens = opens;
	net_send(s, from, sim_proc_find(s, "zookeeper"), m);
}

/* Swarm seed 1420842: a sink deployed on a TaskManager cut from Kafka sent its recovery's
 * InitProducerId into the cut; the TaskManager was paused, the job restarted elsewhere, and at
 * the heal the paused sender's request fenced the live attempt's transaction. A request that
 * opens a connection (a new KafkaProducer's) was never written — only its SYN was out — and
 * a frozen client writes nothing: it goes when the sender runs again, if its client is still
 * open then. Bytes of a connection set up before the cut are the kernel's to resend: they go
 * at the heal, paused sender or not. */
static void a_paused_sender_writes_a_new_connections_request_when_it_runs_again(void **state)
{
	(void)state;
	Sim *s = up();
	s->msg_handlers[PROC_ZOOKEEPER] = zk_record;
	int tm = sim_proc_find(s, "taskmanager-1");
	uint32_t conn = net_conn_open(s);
	memset(&zk_seen, 0, sizeof zk_seen);
	assert_int_equal(sim_net_partition(s, "taskmanager-1", "zookeeper", NET_TO), SIM_OK);
	send_to_zk(s, tm, 1, conn, true);                                  /* its SYN waits in the cut */
	send_to_zk(s, tm, 2, 0, false);                                    /* in the kernel's send queue */
	assert_int_equal(sim_compose(s, COMPOSE_PAUSE, "taskmanager-1"), SIM_OK);
	sim_run_until(s, s->now + 1000 * MS);
	assert_int_equal(sim_net_heal(s, NULL, NULL), SIM_OK);
	SimTime healed = s->now;
	sim_run_until(s, s->now + 1000 * MS);
	assert_int_equal(zk_seen.n, 1);                                    /* the kernel's bytes only */
	assert_int_equal(zk_seen.got[0], 2);
	assert_true(zk_seen.at[0] < healed + MS);
	assert_int_equal(sim_compose(s, COMPOSE_UNPAUSE, "taskmanager-1"), SIM_OK);
	SimTime resumed = s->now;
	sim_run_until(s, s->now + 1000 * MS);
	assert_int_equal(zk_seen.n, 2);                                    /* written once it runs */
	assert_int_equal(zk_seen.got[1], 1);
	assert_true(zk_seen.at[1] >= resumed && zk_seen.at[1] < resumed + MS);

	/* A client closed before its process runs again never writes it. */
	assert_int_equal(sim_net_partition(s, "taskmanager-1", "zookeeper", NET_TO), SIM_OK);
	send_to_zk(s, tm, 3, conn, true);
	assert_int_equal(sim_compose(s, COMPOSE_PAUSE, "taskmanager-1"), SIM_OK);
	assert_int_equal(sim_net_heal(s, NULL, NULL), SIM_OK);
	net_conn_close(s, conn);
	assert_int_equal(sim_compose(s, COMPOSE_UNPAUSE, "taskmanager-1"), SIM_OK);
	sim_run_until(s, s->now + 1000 * MS);
	assert_int_equal(zk_seen.n, 2);

	/* Nor does a process killed first; the request it kept is freed (LeakSanitizer), and so is
	 * one kept when the Sim ends. */
	uint32_t conn2 = net_conn_open(s);
	assert_int_equal(sim_net_partition(s, "taskmanager-1", "zookeeper", NET_TO), SIM_OK);
	send_to_zk(s, tm, 4, conn2, true);
	assert_int_equal(sim_compose(s, COMPOSE_PAUSE, "taskmanager-1"), SIM_OK);
	assert_int_equal(sim_net_heal(s, NULL, NULL), SIM_OK);
	assert_int_equal(sim_compose(s, COMPOSE_KILL, "taskmanager-1"), SIM_OK);
	assert_int_equal(sim_compose(s, COMPOSE_START, "taskmanager-1"), SIM_OK);
	sim_run_until(s, s->now + 1000 * MS);
	assert_int_equal(zk_seen.n, 2);
	uint32_t conn3 = net_conn_open(s);
	assert_int_equal(sim_net_partition(s, "taskmanager-2", "zookeeper", NET_TO), SIM_OK);
	send_to_zk(s, sim_proc_find(s, "taskmanager-2"), 5, conn3, true);
	assert_int_equal(sim_compose(s, COMPOSE_PAUSE, "taskmanager-2"), SIM_OK);
	assert_int_equal(sim_net_heal(s, NULL, NULL), SIM_OK);
	sim_destroy(s);
}

static void delays_and_jitter_stay_in_bounds(void **state)
{
	(void)state;
	Sim *s = up();
	int a = sim_proc_find(s, "jobmanager"), b = sim_proc_find(s, "kafka");
	assert_int_equal(sim_net_delay(s, "jobmanager", "kafka", 200000, 50000, NET_BOTH), SIM_OK);
	for (int k = 0; k < 100; k++) {
		SimTime extra;
		assert_false(netf_route(s, a, b, note, NULL, 0, NULL, &extra));
		assert_true(extra >= 150000 && extra <= 250000);
	}
	assert_int_equal(sim_net_link_count(s), 2);
	NetLinkInfo li;
	assert_true(sim_net_link_info(s, 0, &li));
	assert_string_equal(li.from, "jobmanager");
	assert_string_equal(li.to, "kafka");
	assert_int_equal(li.delay_us, 200000);
	assert_int_equal(sim_net_delay(s, "jobmanager", "kafka", 0, 0, NET_BOTH), SIM_OK);
	assert_null(s->netf);
	sim_destroy(s);
}

static void rejected_actions_change_nothing(void **state)
{
	(void)state;
	Sim *s = up();
	assert_int_equal(sim_net_partition(s, "jobmanager", "hdfs", NET_BOTH), SIM_ENOENT);
	assert_int_equal(sim_net_partition(s, "kafka", "kafka", NET_BOTH), SIM_EINVAL);
	assert_int_equal(sim_net_delay(s, "jobmanager", "kafka", 10, 20, NET_BOTH), SIM_EINVAL);
	assert_int_equal(sim_net_loss(s, "jobmanager", "kafka", 1.0, NET_BOTH), SIM_EINVAL);
	assert_int_equal(sim_compose_cpu(s, "kafka", 0.5), SIM_EINVAL);
	assert_int_equal(sim_compose_clock(s, "kafka", 0, 0.9), SIM_EINVAL);
	assert_null(s->netf);
	ServiceInfo si;
	for (int i = 0; i < sim_service_count(s); i++) {
		assert_true(sim_service_info(s, i, &si));
		assert_int_equal(si.clock_offset_us, 0);
		assert_true(si.cpu == 1.0);
	}
	/* A cut link still holding messages when the Sim ends frees them (LeakSanitizer). */
	assert_int_equal(sim_net_partition(s, "jobmanager", "taskmanager", NET_BOTH), SIM_OK);
	sim_run_until(s, 20 * SIM_US_PER_S);
	sim_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clock_offsets_and_floor_division),
		cmocka_unit_test(cpu_factors),
		cmocka_unit_test(cut_links_hold_in_order_and_release_at_the_heal),
		cmocka_unit_test(a_lost_transmission_gets_through_at_the_first_retransmission_after_the_heal),
		cmocka_unit_test(retransmissions_end_at_tcp_retries2_and_wait_behind_a_cut),
		cmocka_unit_test(a_process_started_anew_is_not_blocked_by_its_old_connection),
		cmocka_unit_test(a_paused_sender_writes_a_new_connections_request_when_it_runs_again),
		cmocka_unit_test(delays_and_jitter_stay_in_bounds),
		cmocka_unit_test(rejected_actions_change_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
