/*
 * test_pipeline.c — the whole model end to end through sim.h: steady state, determinism,
 * failure and recovery, checkpoint restore into fresh operators, the no-checkpoint loss,
 * pauses and a Kafka restart. Every run is judged by the window checker on `output`.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/windows.h"
#include "flink/job.h"
#include "core/keygroup.h"
#include "gen/generator.h"
#include "internal.h"
#include "sim.h"

#define S(sec) ((SimTime)((sec) * 1e6))

static Sim *start(uint64_t seed, bool checkpointing, char jid[33])
{
	SimOptions o;
	sim_options_default(&o);
	o.seed = seed;
	Sim *s = sim_create(&o);
	assert_int_equal(sim_up(s), SIM_OK);
	JobOptions jo;
	job_options_default(&jo);
	jo.checkpointing = checkpointing;
	assert_int_equal(sim_job_submit(s, &jo, jid), SIM_OK);
	return s;
}

static void judge_iso(const Sim *s, Isolation iso, WindowReport *r)
{
	size_t cap = 1 << 16, n = 0;
	KafkaRecordView *v = malloc(cap * sizeof *v);
	for (int p = 0; p < sim_kafka_partitions(s, "output"); p++) {
		int64_t next;
		n += sim_kafka_read(s, "output", p, 0, iso, v + n, cap - n, &next);
	}
	WindowCheckOptions o;
	window_check_options_default(&o);
	check_windows(v, n, &o, r);
	free(v);
}

static void judge(const Sim *s, WindowReport *r) { judge_iso(s, ISOLATION_READ_UNCOMMITTED, r); }

static int64_t output_end(const Sim *s)
{
	return sim_kafka_end_offset(s, "output", 0) + sim_kafka_end_offset(s, "output", 1);
}

/* Kills the TaskManager right after a window's results reach Kafka, before the next
 * checkpoint completes; brings it back 10 s later. */
static void kill_after_window(Sim *s)
{
	int64_t before = output_end(s);
	while (output_end(s) == before)
		assert_true(sim_step(s));
	sim_compose(s, COMPOSE_KILL, "taskmanager");
	sim_run_until(s, sim_now(s) + S(10));
	sim_compose(s, COMPOSE_START, "taskmanager");
	sim_run_until(s, sim_now(s) + S(60));
}

static Sim *start_sink(uint64_t seed, SinkMode sink, char jid[33])
{
	SimOptions o;
	sim_options_default(&o);
	o.seed = seed;
	Sim *s = sim_create(&o);
	sim_up(s);
	JobOptions jo;
	job_options_default(&jo);
	jo.sink = sink;
	assert_int_equal(sim_job_submit(s, &jo, jid), SIM_OK);
	sim_run_until(s, S(30));
	return s;
}

static void test_at_least_once_sink_writes_duplicates_after_restore(void **state)
{
	(void)state;
	char jid[33];
	Sim *s = start_sink(1, SINK_AT_LEAST_ONCE, jid);
	kill_after_window(s);
	WindowReport r;
	judge(s, &r);
	assert_true(r.ok);                       /* every count still 1000 … */
	assert_int_equal(r.duplicates, 6);       /* … and the window written twice */
	window_report_free(&r);
	sim_destroy(s);
}

static void test_exactly_once_sink_hides_aborted_output(void **state)
{
	(void)state;
	char jid[33];
	Sim *s = start_sink(1, SINK_EXACTLY_ONCE, jid);
	kill_after_window(s);
	WindowReport rc, ru;
	judge_iso(s, ISOLATION_READ_COMMITTED, &rc);
	judge_iso(s, ISOLATION_READ_UNCOMMITTED, &ru);
	assert_true(rc.ok);
	assert_int_equal(rc.duplicates, 0);
	assert_true(ru.ok);
	assert_int_equal(ru.duplicates, 6);      /* the aborted transaction's records */
	window_report_free(&rc);
	window_report_free(&ru);
	sim_destroy(s);
}

static JobState job_state(const Sim *s, const char *jid)
{
	JobInfo ji;
	assert_int_equal(sim_job_info(s, jid, &ji), SIM_OK);
	return ji.state;
}

static double metric(const Sim *s, const char *jid, const char *name)
{
	double v;
	assert_int_equal(sim_job_metric(s, jid, name, &v), SIM_OK);
	return v;
}

static void test_generator_sequence(void **state)
{
	(void)state;
	Record r;
	const char *pages[] = { "/help", "/index", "/shop", "/jobs", "/about", "/news" };
	for (int64_t k = 0; k < 12; k++) {
		generator_event(k, &r);
		assert_string_equal(sim_page_name(r.page), pages[k % 6]);
		assert_int_equal(r.ts_ms, 15 * (k / 6));
	}
	generator_event(5999, &r);              /* the last event of the first window */
	assert_int_equal(r.ts_ms, 14985);
	generator_event(6000, &r);
	assert_int_equal(r.ts_ms, 15000);
	/* The bulk form gives the same events from any first index. */
	Record run[40];
	for (int64_t first = 0; first < 20; first++) {
		generator_events(first * 997, 40, run);
		for (int64_t i = 0; i < 40; i++) {
			generator_event(first * 997 + i, &r);
			assert_memory_equal(&run[i], &r, sizeof r);
		}
	}
}

static void test_steady_state_counts_exactly_1000(void **state)
{
	(void)state;
	char jid[33];
	Sim *s = start(1, true, jid);
	sim_run_until(s, S(300));
	WindowReport r;
	judge(s, &r);
	assert_true(r.ok);
	assert_int_equal(r.duplicates, 0);
	assert_true(r.windows >= 20);          /* event time runs 1.25x: 300 s ≈ 25 windows */
	assert_int_equal(job_state(s, jid), JOB_RUNNING);
	/* The JobManager answers after its 5 s start-up; one checkpoint a second from ~6.4 s. */
	assert_true(metric(s, jid, "numberOfCompletedCheckpoints") >= 290);
	assert_int_equal(metric(s, jid, "numberOfFailedCheckpoints"), 0);
	assert_true(metric(s, jid, "lastCheckpointSize") > 0);
	/* 500 records per second reach Kafka; the job keeps up. */
	int64_t in = sim_kafka_end_offset(s, "input", 0) + sim_kafka_end_offset(s, "input", 1);
	assert_true(in >= 149000 && in <= 150000);
	assert_true(sim_kafka_lag(s, "click-event-count") < 1000);
	window_report_free(&r);
	sim_destroy(s);
}

static void test_same_seed_same_hash_other_seed_differs(void **state)
{
	(void)state;
	char a[33], b[33], c[33];
	Sim *s1 = start(7, true, a), *s2 = start(7, true, b), *s3 = start(8, true, c);
	sim_run_until(s1, S(120));
	sim_run_until(s2, S(120));
	sim_run_until(s3, S(120));
	assert_string_equal(a, b);
	assert_true(sim_trace_hash(s1) == sim_trace_hash(s2));
	assert_true(sim_trace_hash(s1) != sim_trace_hash(s3));
	WindowReport r;
	judge(s3, &r);
	assert_true(r.ok);
	window_report_free(&r);
	sim_destroy(s1);
	sim_destroy(s2);
	sim_destroy(s3);
}

static void test_kill_taskmanager_tasks_wait_scheduled_then_recover(void **state)
{
	(void)state;
	char jid[33];
	Sim *s = start(3, true, jid);
	sim_run_until(s, S(60));
	assert_int_equal(sim_compose(s, COMPOSE_KILL, "taskmanager"), SIM_OK);
	sim_run_until(s, S(62));
	assert_int_equal(job_state(s, jid), JOB_RUNNING);        /* not noticed yet */
	sim_run_until(s, S(90));
	assert_int_equal(job_state(s, jid), JOB_RUNNING);        /* restarted, waiting for slots */
	VertexInfo vi;
	assert_int_equal(sim_vertex_info(s, jid, 0, &vi), SIM_OK);
	assert_int_equal(vi.tasks[TASK_SCHEDULED], 2);
	assert_int_equal(vi.status, TASK_CREATED);
	assert_int_equal(metric(s, jid, "numRestarts"), 1);
	assert_int_equal(sim_compose(s, COMPOSE_START, "taskmanager"), SIM_OK);
	sim_run_until(s, S(240));
	assert_int_equal(sim_vertex_info(s, jid, 0, &vi), SIM_OK);
	assert_int_equal(vi.tasks[TASK_RUNNING], 2);
	WindowReport r;
	judge(s, &r);
	assert_true(r.ok);
	assert_true(r.windows >= 15);
	assert_true(metric(s, jid, "lastCheckpointRestoreTimestamp") > 0);
	window_report_free(&r);
	sim_destroy(s);
}

static void test_slot_request_timeout_cycles_through_restarts(void **state)
{
	(void)state;
	SimOptions o;
	sim_options_default(&o);
	o.config.slot_request_timeout_ms = 10000;
	Sim *s = sim_create(&o);
	sim_up(s);
	JobOptions jo;
	job_options_default(&jo);
	char jid[33];
	sim_job_submit(s, &jo, jid);
	sim_run_until(s, S(30));
	sim_compose(s, COMPOSE_KILL, "taskmanager");
	sim_run_until(s, S(70));
	/* 5 s heartbeat timeout + 1 s delay, then every 10 s + 1 s: several restarts. */
	double restarts = metric(s, jid, "numRestarts");
	assert_true(restarts >= 3);
	assert_int_equal(job_state(s, jid), JOB_RUNNING);
	JobInfo ji;
	sim_job_info(s, jid, &ji);
	/* Flink 1.9's SlotPool text (the "requires" typo is Flink's). */
	assert_non_null(strstr(ji.failure, "Could not allocate all requires slots within timeout of 10000 ms"));
	sim_compose(s, COMPOSE_START, "taskmanager");
	sim_run_until(s, S(200));
	WindowReport r;
	judge(s, &r);
	assert_true(r.ok);
	window_report_free(&r);
	sim_destroy(s);
}

/* A snapshot restored into fresh operators reproduces their state. */
static void test_checkpoint_restores_window_state_by_key_group(void **state)
{
	(void)state;
	char jid[33];
	Sim *s = start(5, true, jid);
	sim_run_until(s, S(20.5));
	Job *j = sim_job_find(s, jid);
	CompletedCheckpoint *cp = j->cc.latest;
	assert_non_null(cp);
	size_t total = 0;
	for (int i = 0; i < cp->nsnaps; i++)
		total += cp->snaps[i]->nwindows;
	assert_true(total > 0);
	/* Each counter subtask, fresh, takes exactly the entries of its key-group range. */
	size_t restored = 0;
	for (int sub = 0; sub < 2; sub++) {
		Task *t = task_new(s, j->index, 2, sub, 99, OP_WINDOW);
		t->parallelism = 2;
		t->max_parallelism = j->max_parallelism;
		t->event_time = true;
		t->def->open(t, cp);
		TaskSnapshot *snap = snapshot_new(2, sub);
		t->def->snapshot(t, cp->id, snap);
		restored += snap->nwindows;
		WindowEntry *want = NULL;
		int first, last;
		keygroup_range(t->max_parallelism, 2, sub, &first, &last);
		size_t n = checkpoint_windows_in_range(cp, first, last, &want);
		assert_int_equal(n, snap->nwindows);
		for (size_t k = 0; k < n; k++) {
			bool found = false;
			for (size_t m = 0; m < snap->nwindows; m++)
				found |= snap->windows[m].page == want[k].page &&
				         snap->windows[m].window_start == want[k].window_start &&
				         snap->windows[m].count == want[k].count;
			assert_true(found);
		}
		free(want);
		snapshot_free(snap);
		t->def->close(t);
	}
	assert_int_equal(restored, total);
	sim_destroy(s);
}

/* The tutorial's variant: without checkpoints a failure loses counts. */
static void test_no_checkpointing_fails_job_and_resubmission_loses_counts(void **state)
{
	(void)state;
	char jid[33];
	Sim *s = start(2, false, jid);
	sim_run_until(s, S(67));
	sim_compose(s, COMPOSE_KILL, "taskmanager");
	sim_run_until(s, S(80));
	assert_int_equal(job_state(s, jid), JOB_FAILED);       /* restart strategy none */
	JobInfo ji;
	sim_job_info(s, jid, &ji);
	/* 1.9's ExecutionGraph fails the job with the cause itself (NoRestartStrategy). */
	assert_non_null(strstr(ji.failure, "java.util.concurrent.TimeoutException: Heartbeat of TaskManager with id "));
	sim_compose(s, COMPOSE_START, "taskmanager");
	JobOptions jo;
	job_options_default(&jo);
	jo.checkpointing = false;
	char jid2[33];
	assert_int_equal(sim_job_submit(s, &jo, jid2), SIM_OK);
	sim_run_until(s, S(200));
	WindowReport r;
	judge(s, &r);
	assert_false(r.ok);
	assert_true(r.nwrong + r.nmissing > 0);
	window_report_free(&r);
	sim_destroy(s);
}

static void test_pause_longer_than_heartbeat_timeout_and_kafka_restart(void **state)
{
	(void)state;
	char jid[33];
	Sim *s = start(4, true, jid);
	sim_run_until(s, S(40));
	sim_compose(s, COMPOSE_PAUSE, "taskmanager-1");
	sim_run_until(s, S(50));
	sim_compose(s, COMPOSE_UNPAUSE, "taskmanager-1");
	sim_run_until(s, S(80));
	assert_true(metric(s, jid, "numRestarts") >= 1);
	sim_compose(s, COMPOSE_KILL, "kafka");
	sim_run_until(s, S(95));
	sim_compose(s, COMPOSE_START, "kafka");
	sim_run_until(s, S(250));
	assert_int_equal(job_state(s, jid), JOB_RUNNING);
	WindowReport r;
	judge(s, &r);
	assert_true(r.ok);
	window_report_free(&r);
	sim_destroy(s);
}

static void test_cancel_while_initializing(void **state)
{
	(void)state;
	char jid[33], second[33];
	Sim *s = start(1, true, jid);
	sim_run_until(s, S(30));
	JobOptions jo;
	job_options_default(&jo);
	assert_int_equal(sim_job_submit(s, &jo, second), SIM_OK);
	assert_int_equal(job_state(s, second), JOB_CREATED);      /* 1.9 has no INITIALIZING */
	assert_int_equal(sim_job_cancel(s, second), SIM_OK);
	assert_int_equal(job_state(s, second), JOB_CANCELED);
	sim_run_until(s, S(60));
	assert_int_equal(job_state(s, second), JOB_CANCELED);
	assert_int_equal(job_state(s, jid), JOB_RUNNING);
	sim_destroy(s);
}

/* Flink 1.13's Dispatcher shows a submitted job as INITIALIZING; cancelling it ends it. */
static void test_cancel_while_initializing_1_13(void **state)
{
	(void)state;
	SimOptions o;
	sim_options_default(&o);
	o.config.flink_version = FLINK_1_13;
	Sim *s = sim_create(&o);
	assert_int_equal(sim_up(s), SIM_OK);
	JobOptions jo;
	job_options_default(&jo);
	char jid[33], second[33];
	assert_int_equal(sim_job_submit(s, &jo, jid), SIM_OK);
	sim_run_until(s, S(30));
	assert_int_equal(sim_job_submit(s, &jo, second), SIM_OK);
	assert_int_equal(job_state(s, second), JOB_INITIALIZING);
	assert_int_equal(sim_job_cancel(s, second), SIM_OK);
	assert_int_equal(job_state(s, second), JOB_CANCELED);
	sim_run_until(s, S(60));
	assert_int_equal(job_state(s, second), JOB_CANCELED);
	assert_int_equal(job_state(s, jid), JOB_RUNNING);
	sim_destroy(s);
}

/* Flink 1.13's CheckpointFailureManager counts an expired checkpoint against the tolerable
 * failures (0): the job fails over. (1.9 ignores CHECKPOINT_EXPIRED: checkpoint_expiry_per_version.lua.) */
static void test_expired_checkpoint_fails_the_job_in_1_13(void **state)
{
	(void)state;
	SimOptions o;
	sim_options_default(&o);
	o.config.flink_version = FLINK_1_13;
	o.config.checkpoint_timeout_ms = 10;
	Sim *s = sim_create(&o);
	assert_int_equal(sim_up(s), SIM_OK);
	JobOptions jo;
	job_options_default(&jo);
	jo.backpressure = true;                  /* slow barriers in the even minute */
	char jid[33];
	assert_int_equal(sim_job_submit(s, &jo, jid), SIM_OK);
	sim_run_until(s, S(40));
	assert_true(metric(s, jid, "numberOfFailedCheckpoints") >= 1);
	assert_true(metric(s, jid, "numRestarts") >= 1);
	JobInfo ji;
	sim_job_info(s, jid, &ji);
	assert_non_null(strstr(ji.failure, "Exceeded checkpoint tolerable failure threshold."));
	sim_destroy(s);
}

typedef struct JmLines { SimTime killed_at; int after; char last[200]; } JmLines;

static void count_jm_lines(void *ctx, const SimEvent *ev, const char *text)
{
	JmLines *l = ctx;
	if (l->killed_at >= 0 && ev->t >= l->killed_at && strcmp(ev->component, "jobmanager") == 0) {
		l->after++;
		snprintf(l->last, sizeof l->last, "%s", text);
	}
}

/* A killed JobManager process says nothing after its death: no state changes, no
 * checkpoint lines (the job is lost without high availability). */
static void test_killed_jobmanager_logs_nothing(void **state)
{
	(void)state;
	char jid[33];
	Sim *s = start(1, true, jid);
	JmLines l = { -1, 0, "" };
	sim_subscribe(s, count_jm_lines, &l);
	sim_run_until(s, S(20));
	l.killed_at = sim_now(s);
	assert_int_equal(sim_compose(s, COMPOSE_KILL, "jobmanager"), SIM_OK);
	sim_run_until(s, S(60));
	if (l.after)
		fail_msg("%d jobmanager line(s) after its death, the last: %s", l.after, l.last);
	sim_destroy(s);
}

static void test_compose_bad_input(void **state)
{
	(void)state;
	char jid[33];
	Sim *s = start(1, true, jid);
	assert_int_equal(sim_compose(s, COMPOSE_KILL, "taskmanagr"), SIM_ENOENT);
	assert_non_null(strstr(sim_error(s), "taskmanager-1"));
	assert_int_equal(sim_compose_scale(s, "taskmanager", -1), SIM_EINVAL);
	sim_compose(s, COMPOSE_KILL, "taskmanager-1");
	assert_int_equal(sim_compose(s, COMPOSE_KILL, "taskmanager-1"), SIM_OK);   /* harmless */
	assert_non_null(strstr(sim_error(s), "nothing to do"));
	JobOptions jo;
	job_options_default(&jo);
	jo.parallelism = 0;
	assert_int_equal(sim_job_submit(s, &jo, jid), SIM_EINVAL);
	assert_int_equal(sim_job_count(s), 1);
	sim_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generator_sequence),
		cmocka_unit_test(test_steady_state_counts_exactly_1000),
		cmocka_unit_test(test_same_seed_same_hash_other_seed_differs),
		cmocka_unit_test(test_kill_taskmanager_tasks_wait_scheduled_then_recover),
		cmocka_unit_test(test_slot_request_timeout_cycles_through_restarts),
		cmocka_unit_test(test_checkpoint_restores_window_state_by_key_group),
		cmocka_unit_test(test_no_checkpointing_fails_job_and_resubmission_loses_counts),
		cmocka_unit_test(test_pause_longer_than_heartbeat_timeout_and_kafka_restart),
		cmocka_unit_test(test_compose_bad_input),
		cmocka_unit_test(test_cancel_while_initializing),
		cmocka_unit_test(test_cancel_while_initializing_1_13),
		cmocka_unit_test(test_killed_jobmanager_logs_nothing),
		cmocka_unit_test(test_expired_checkpoint_fails_the_job_in_1_13),
		cmocka_unit_test(test_at_least_once_sink_writes_duplicates_after_restore),
		cmocka_unit_test(test_exactly_once_sink_hides_aborted_output),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
