/* test_viz_model.c — what the view remembers (observer.c) and what its keys do
 * (controls.c), on a real Sim, without a display.
 *
 * The keyboard commands must act through the same sim.h actions as the Lua API and leave
 * exactly the trace line of the Lua call they stand for (c.call, which `viz --record`
 * writes) and nothing else; the observer must condense the log, judge output windows
 * (1000 is right, anything else wrong, a second record a duplicate), and mark kills,
 * restarts and restores at their simulated times. */
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controls.h"
#include "observer.h"

/* ---------------------------------------------------------------- a run with a trace */

typedef struct Run {
	Sim *sim;
	VizObserver *obs;
	char trace[1 << 16];      /* "component: text\n" of every line */
	size_t len;
	char dir[64];             /* savepoints */
} Run;

static void on_trace(void *ctx, const SimEvent *e, const char *text)
{
	Run *r = ctx;
	int n = snprintf(r->trace + r->len, sizeof r->trace - r->len, "%s: %s\n", e->component, text);
	if (n > 0 && r->len + (size_t)n < sizeof r->trace)
		r->len += (size_t)n;
	viz_observer_event(r->obs, e, text);
}

/* Feeds the observer one event at time t, with its rendered text, as the Sim would. */
static void feed(VizObserver *o, SimTime t, SimEvent e)
{
	char text[512];
	e.t = t;
	event_render(&e, text, sizeof text);
	viz_observer_event(o, &e, text);
}

static Run *run_start(uint64_t seed)
{
	Run *r = calloc(1, sizeof *r);
	assert_non_null(r);
	snprintf(r->dir, sizeof r->dir, "/tmp/viz-test-XXXXXX");
	assert_non_null(mkdtemp(r->dir));
	SimOptions o;
	sim_options_default(&o);
	o.seed = seed;
	snprintf(o.config.savepoints_dir, sizeof o.config.savepoints_dir, "%s", r->dir);
	r->sim = sim_create(&o);
	r->obs = viz_observer_create();
	assert_non_null(r->sim);
	assert_non_null(r->obs);
	sim_subscribe(r->sim, on_trace, r);
	assert_int_equal(sim_up(r->sim), SIM_OK);
	JobOptions jo;
	job_options_default(&jo);
	char id[33];
	assert_int_equal(sim_job_submit(r->sim, &jo, id), SIM_OK);
	return r;
}

/* Advances like the frame loop does: the observer samples every VIZ_SAMPLE_US. */
static void run_to(Run *r, SimTime t)
{
	while (sim_now(r->sim) < t) {
		SimTime next = (sim_now(r->sim) / VIZ_SAMPLE_US + 1) * VIZ_SAMPLE_US;
		sim_run_until(r->sim, next < t ? next : t);
		viz_observer_sample(r->obs, r->sim);
	}
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(path);
}

static void run_end(Run *r)
{
	sim_destroy(r->sim);
	viz_observer_destroy(r->obs);
	nftw(r->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(r);
}

static ServiceState tm_state(const Sim *s, const char *name)
{
	for (int i = 0; i < sim_service_count(s); i++) {
		ServiceInfo si;
		if (sim_service_info(s, i, &si) && strcmp(si.name, name) == 0)
			return si.state;
	}
	fail_msg("no service %s", name);
	return SERVICE_EXITED;
}

static bool all_running(const Sim *s, const char *id)
{
	JobInfo j;
	if (sim_job_info(s, id, &j) != SIM_OK || j.state != JOB_RUNNING)
		return false;
	for (int v = 0; v < j.vertex_count; v++) {
		VertexInfo vi;
		if (sim_vertex_info(s, id, v, &vi) != SIM_OK || vi.tasks[TASK_RUNNING] != vi.parallelism)
			return false;
	}
	return true;
}

/* ---------------------------------------------------------------- controls */

static void test_keys_act_through_sim_actions_and_are_traced(void **state)
{
	(void)state;
	Run *r = run_start(3);
	VizControls c;
	viz_controls_init(&c);
	run_to(r, 10 * SIM_US_PER_S);

	assert_int_equal(viz_command(&c, r->sim, VIZ_CMD_KILL_TM, 0), SIM_OK);
	assert_int_equal(tm_state(r->sim, "taskmanager-1"), SERVICE_EXITED);
	assert_non_null(strstr(r->trace, "command: docker-compose kill taskmanager-1\n"));
	assert_string_equal(c.call, "pg.compose.kill(\"taskmanager-1\")");
	assert_int_equal(viz_command(&c, r->sim, VIZ_CMD_START_TM, 0), SIM_OK);
	assert_int_equal(tm_state(r->sim, "taskmanager-1"), SERVICE_RUNNING);
	assert_non_null(strstr(r->trace, "command: docker-compose up -d taskmanager-1\n"));
	assert_string_equal(c.call, "pg.compose.start(\"taskmanager-1\")");
	assert_int_equal(viz_command(&c, r->sim, VIZ_CMD_PAUSE_TM, 0), SIM_OK);
	assert_int_equal(tm_state(r->sim, "taskmanager-1"), SERVICE_PAUSED);
	assert_string_equal(c.call, "pg.compose.pause(\"taskmanager-1\")");
	assert_int_equal(viz_command(&c, r->sim, VIZ_CMD_PAUSE_TM, 0), SIM_OK);
	assert_int_equal(tm_state(r->sim, "taskmanager-1"), SERVICE_RUNNING);
	assert_non_null(strstr(r->trace, "command: docker-compose unpause taskmanager-1\n"));
	assert_string_equal(c.call, "pg.compose.unpause(\"taskmanager-1\")");
	assert_int_equal(viz_command(&c, r->sim, VIZ_CMD_SCALE_UP, 0), SIM_OK);
	assert_int_equal(tm_state(r->sim, "taskmanager-2"), SERVICE_RUNNING);
	assert_non_null(strstr(r->trace, "command: docker-compose scale taskmanager=2\n"));
	assert_string_equal(c.call, "pg.compose.scale(\"taskmanager\", 2)");
	assert_string_equal(c.line, "docker-compose scale taskmanager=2");
	assert_null(strstr(r->trace, "key: "));              /* no line a Lua call could not make */
	assert_int_equal(c.commands, 5);

	/* A TaskManager that does not exist: refused, nothing traced. */
	size_t before = r->len;
	viz_command(&c, r->sim, VIZ_CMD_SELECT_TM, 6);
	assert_int_equal(viz_command(&c, r->sim, VIZ_CMD_KILL_TM, 0), SIM_ENOENT);
	assert_true(c.message_error);
	assert_non_null(strstr(c.message, "taskmanager-7"));
	assert_int_equal(r->len, before);
	run_end(r);
}

static void test_stop_with_savepoint_and_resubmit_with_more_parallelism(void **state)
{
	(void)state;
	Run *r = run_start(5);
	VizControls c;
	viz_controls_init(&c);
	char first[33];
	assert_true(sim_job_id_at(r->sim, 0, first));
	assert_int_equal(viz_command(&c, r->sim, VIZ_CMD_SCALE_UP, 0), SIM_OK);   /* 4 slots */
	run_to(r, 20 * SIM_US_PER_S);
	assert_true(all_running(r->sim, first));

	assert_int_equal(viz_command(&c, r->sim, VIZ_CMD_RESUBMIT, 0), SIM_ESTATE);   /* no savepoint yet */
	assert_int_equal(viz_command(&c, r->sim, VIZ_CMD_STOP_SAVEPOINT, 0), SIM_OK);
	char stop_line[80];
	snprintf(stop_line, sizeof stop_line, "command: flink stop %s\n", first);
	assert_non_null(strstr(r->trace, stop_line));
	assert_non_null(strstr(c.call, "pg.flink.rest(\"POST\", \"/jobs/"));   /* the REST API's stop route */
	assert_non_null(strstr(c.call, first));
	for (int i = 0; i < 300 && !c.savepoint[0]; i++) {
		run_to(r, sim_now(r->sim) + 100 * SIM_US_PER_MS);
		viz_controls_poll(&c, r->sim);
	}
	assert_true(c.savepoint[0] != '\0');
	JobInfo j;
	run_to(r, sim_now(r->sim) + 2 * SIM_US_PER_S);
	assert_int_equal(sim_job_info(r->sim, first, &j), SIM_OK);
	assert_int_equal(j.state, JOB_FINISHED);

	assert_int_equal(viz_controls_next_parallelism(&c, r->sim), 2);
	viz_command(&c, r->sim, VIZ_CMD_PARALLELISM_UP, 0);
	assert_int_equal(viz_controls_next_parallelism(&c, r->sim), 3);
	assert_int_equal(viz_command(&c, r->sim, VIZ_CMD_RESUBMIT, 0), SIM_OK);
	assert_int_equal(sim_job_count(r->sim), 2);
	char second[33];
	assert_true(sim_job_id_at(r->sim, 1, second));
	assert_int_equal(sim_job_info(r->sim, second, &j), SIM_OK);
	assert_int_equal(j.parallelism, 3);
	char run_line[700];
	snprintf(run_line, sizeof run_line, "command: flink run -d -p 3 -s %s /opt/ClickCountJob.jar "
	         "--bootstrap.servers kafka:9092 --checkpointing --event-time\n", c.savepoint);
	assert_non_null(strstr(r->trace, run_line));          /* pg.flink.run's line (jobcmd.c) */
	assert_non_null(strstr(c.call, "pg.flink.run{ parallelism = 3, "));
	assert_non_null(strstr(c.call, c.savepoint));
	assert_null(strstr(r->trace, "key: "));
	run_to(r, sim_now(r->sim) + 20 * SIM_US_PER_S);
	assert_true(all_running(r->sim, second));
	char shown[33];
	assert_true(sim_job_current(r->sim, shown));
	assert_string_equal(shown, second);                  /* the view follows the new job */
	run_end(r);
}

static void test_commands_before_pg_up_are_refused(void **state)
{
	(void)state;
	VizControls c;
	viz_controls_init(&c);
	assert_int_equal(viz_command(&c, NULL, VIZ_CMD_KILL_TM, 0), SIM_ESTATE);
	assert_true(c.message_error);
	assert_int_equal(viz_command(&c, NULL, VIZ_CMD_SELECT_TM, 2), SIM_OK);
	assert_int_equal(c.selected_tm, 2);
	assert_int_equal(c.commands, 0);
	for (int i = 0; viz_key_help[i].keys; i++)           /* the help lists what each key does */
		assert_true(strlen(viz_key_help[i].what) > 5);
}

/* ---------------------------------------------------------------- observer */

static void test_log_condenses_bursts_and_drops_plumbing(void **state)
{
	(void)state;
	VizObserver *o = viz_observer_create();
	static const char *const names[] = { "ClickEvent Source", "Timestamps/Watermarks", "ClickEvent Counter",
		                             "ClickEventStatistics Sink" };
	static const char job[] = "0123456789abcdef0123456789abcdef";
	for (int v = 0; v < 4; v++)
		for (int i = 1; i <= 2; i++) {
			feed(o, 300000 + v * 100, EV(EV_TASK_STATE, .component = "jobmanager", .job = job, .name = names[v],
			                             .vertex = v, .subtask = i - 1, .parallelism = 2, .from = TASK_CREATED,
			                             .to = TASK_SCHEDULED));
			feed(o, 300000, EV(EV_TASK_REPORT, .component = "taskmanager-1", .job = job, .name = names[v], .vertex = v,
			                   .subtask = i - 1, .parallelism = 2, .to = TASK_RUNNING, .text = "")); /* the TM's copy: dropped */
		}
	feed(o, 400000, EV(EV_CHECKPOINT_TRIGGERED, .component = "jobmanager", .job = job, .id = 1));
	feed(o, 400000, EV(EV_TOPIC_CREATED, .component = "kafka", .name = "input", .n = 2));
	assert_int_equal(o->nlog, 1);
	const VizLogEntry *e = viz_observer_log(o, 0);
	assert_int_equal(e->merged, 8);
	assert_string_equal(e->text, "8 subtasks switched from CREATED to SCHEDULED");
	assert_int_equal(e->t, 300000);

	feed(o, 9000000, EV(EV_TM_LOST, .component = "jobmanager", .tm = 0,
	                    .text = "java.util.concurrent.TimeoutException: Heartbeat of TaskManager with id 1 timed out."));
	feed(o, 9500000, EV(EV_JOB_STATE, .component = "jobmanager", .name = "Click Event Count", .job = job,
	                    .from = JOB_RUNNING, .to = JOB_RESTARTING));
	viz_observer_operator(o, "keyboard");                  /* the view says who gives the command */
	feed(o, 9500000, EV(EV_COMMAND, .component = "command", .text = "docker-compose kill taskmanager-1"));
	viz_observer_operator(o, NULL);
	assert_int_equal(o->nlog, 4);
	assert_int_equal(viz_observer_log(o, 2)->kind, VIZ_LOG_PROBLEM);
	assert_non_null(strstr(viz_observer_log(o, 1)->text, "(012345\xe2\x80\xa6)"));   /* ids shortened */
	assert_int_equal(viz_observer_log(o, 0)->kind, VIZ_LOG_COMMAND);
	assert_string_equal(viz_observer_log(o, 0)->component, "keyboard");
	assert_string_equal(viz_observer_log(o, 0)->text, "docker-compose kill taskmanager-1");
	assert_null(viz_observer_log(o, 4));
	viz_observer_destroy(o);
}

/* The runner hands the view each pg.log / print line with its simulated time (no text is
 * parsed): a top-level line becomes the narration, an indented one is a detail for the log. */
static void test_narration_lines(void **state)
{
	(void)state;
	VizObserver *o = viz_observer_create();
	viz_observer_narration(o, 90400000, "Step 2: docker-compose kill taskmanager");
	viz_observer_narration(o, 96100000, "    ClickEvent Source          2 SCHEDULED");
	assert_int_equal(o->nlog, 2);
	assert_int_equal(viz_observer_log(o, 1)->t, 90400000);
	assert_int_equal(viz_observer_log(o, 1)->kind, VIZ_LOG_NARRATION);
	assert_string_equal(viz_observer_log(o, 0)->text, "ClickEvent Source          2 SCHEDULED");
	assert_string_equal(o->narration, "Step 2: docker-compose kill taskmanager");   /* details stay in the log */
	assert_int_equal(o->narration_t, 90400000);
	/* A line that looks like pg.log's printed prefix is text like any other. */
	viz_observer_narration(o, 5000000, "[    1.000s] printed by print()");
	assert_int_equal(viz_observer_log(o, 0)->t, 5000000);
	assert_string_equal(o->narration, "[    1.000s] printed by print()");
	/* One print of several lines: one log entry each, blank lines dropped. */
	viz_observer_narration(o, 6000000, "first\n\n  second");
	assert_int_equal(o->nlog, 5);
	assert_string_equal(viz_observer_log(o, 1)->text, "first");
	assert_string_equal(viz_observer_log(o, 0)->text, "second");
	assert_string_equal(o->narration, "first");
	viz_observer_destroy(o);
}

static KafkaRecordView out_rec(int64_t start_ms, int page, int64_t count)
{
	KafkaRecordView r = { .ts_ms = start_ms, .end_ms = start_ms + 15000, .page = page, .count = count };
	return r;
}

static void test_output_windows_are_judged(void **state)
{
	(void)state;
	VizObserver *o = viz_observer_create();
	for (int p = 0; p < 6; p++) {
		KafkaRecordView r = out_rec(15000, p, 1000);
		viz_observer_add_output(o, &r);
	}
	KafkaRecordView dup = out_rec(15000, 2, 1000), wrong = out_rec(30000, 4, 999), old = out_rec(0, 0, 1000);
	viz_observer_add_output(o, &dup);
	viz_observer_add_output(o, &wrong);
	viz_observer_add_output(o, &old);
	assert_int_equal(o->nwindows, 3);
	const VizWindowRow *newest = viz_observer_window(o, 0), *mid = viz_observer_window(o, 1);
	assert_int_equal(newest->start_ms, 30000);
	assert_true(newest->wrong[4]);
	assert_int_equal(newest->count[4], 999);
	assert_int_equal(newest->records[0], 0);              /* not written yet */
	assert_int_equal(mid->start_ms, 15000);
	assert_int_equal(mid->records[2], 2);
	assert_false(mid->wrong[2]);
	assert_int_equal(viz_observer_window(o, 2)->start_ms, 0);
	assert_int_equal(o->out_complete, 1);
	assert_int_equal(o->out_duplicates, 1);
	assert_int_equal(o->out_wrong, 1);
	assert_int_equal(o->out_records, 9);

	/* Only the newest windows are kept; a record older than all of them is counted, not kept. */
	for (int w = 0; w < VIZ_WINDOWS_KEPT + 10; w++) {
		KafkaRecordView r = out_rec(100000 + (int64_t)w * 15000, 0, 1000);
		viz_observer_add_output(o, &r);
	}
	assert_int_equal(o->nwindows, VIZ_WINDOWS_KEPT);
	assert_int_equal(viz_observer_window(o, 0)->start_ms, 100000 + (int64_t)(VIZ_WINDOWS_KEPT + 9) * 15000);
	for (int n = 1; n < o->nwindows; n++)
		assert_true(viz_observer_window(o, n)->start_ms < viz_observer_window(o, n - 1)->start_ms);
	viz_observer_add_output(o, &old);
	assert_int_equal(o->nwindows, VIZ_WINDOWS_KEPT);
	viz_observer_destroy(o);
}

static bool has_mark(const VizObserver *o, VizMarkKind kind, SimTime from, SimTime to)
{
	for (int n = 0; n < o->nmarks; n++) {
		const VizMark *m = viz_observer_mark(o, n);
		if (m->kind == kind && m->t >= from && m->t <= to)
			return true;
	}
	return false;
}

static void test_failure_marks_checkpoints_and_shape(void **state)
{
	(void)state;
	Run *r = run_start(1);
	run_to(r, 30 * SIM_US_PER_S);
	VizShape shape;
	viz_shape_from_sim(r->sim, &shape);
	assert_int_equal(shape.vertices, 4);
	for (int v = 0; v < 4; v++)
		assert_int_equal(shape.parallelism[v], 2);
	assert_int_equal(shape.taskmanagers, 1);
	assert_int_equal(shape.slots, 2);
	assert_int_equal(shape.partitions, 2);
	assert_int_equal(shape.pages, 6);
	/* The JobManager receives the job once its JVM has started (playground.startup.jobmanager, 5 s). */
	assert_true(has_mark(r->obs, VIZ_MARK_SUBMIT, 5 * SIM_US_PER_S, 6 * SIM_US_PER_S));
	/* More checkpoints than the model's short history, oldest to newest. */
	assert_true(r->obs->ncheckpoints >= 20);      /* one a second from ~6.4 s */
	for (int n = 1; n < r->obs->ncheckpoints; n++)
		assert_true(viz_observer_checkpoint(r->obs, n)->trigger_time <
		            viz_observer_checkpoint(r->obs, n - 1)->trigger_time);
	assert_true(r->obs->out_complete >= 1);
	assert_int_equal(r->obs->out_wrong, 0);

	assert_int_equal(sim_compose(r->sim, COMPOSE_KILL, "taskmanager-1"), SIM_OK);
	run_to(r, 60 * SIM_US_PER_S);
	assert_true(has_mark(r->obs, VIZ_MARK_KILL, 30 * SIM_US_PER_S, 30 * SIM_US_PER_S));
	assert_true(has_mark(r->obs, VIZ_MARK_RESTART, 31 * SIM_US_PER_S, 40 * SIM_US_PER_S));
	assert_false(has_mark(r->obs, VIZ_MARK_RESTORE, 0, 60 * SIM_US_PER_S));
	assert_string_equal(viz_observer_container(r->obs, "taskmanager-1")->verb, "killed");
	const VizSample *s = viz_observer_sample_at(r->obs, 0);
	assert_int_equal(s->t, 60 * SIM_US_PER_S);
	assert_true(s->lag > 5000);                          /* input kept arriving */

	assert_int_equal(sim_compose(r->sim, COMPOSE_START, "taskmanager-1"), SIM_OK);
	run_to(r, 90 * SIM_US_PER_S);
	assert_true(has_mark(r->obs, VIZ_MARK_START, 60 * SIM_US_PER_S, 60 * SIM_US_PER_S));
	assert_true(has_mark(r->obs, VIZ_MARK_RESTORE, 60 * SIM_US_PER_S, 70 * SIM_US_PER_S));
	assert_true(viz_observer_sample_at(r->obs, 0)->lag < 2000);   /* the backlog drained */
	assert_int_equal(r->obs->out_wrong, 0);
	run_end(r);
}

static void test_names_and_current_job(void **state)
{
	(void)state;
	/* Windows are labelled as the console consumer and the tutorial write them. */
	char label[32];
	viz_window_label(0, label, sizeof label);
	assert_string_equal(label, "12:00:00:000");
	viz_window_label(45000, label, sizeof label);
	assert_string_equal(label, "12:00:45:000");
	viz_window_label(13 * 3600000 + 15000, label, sizeof label);   /* a 12-hour hh, no AM/PM */
	assert_string_equal(label, "01:00:15:000");
	viz_window_label(1577836800000 + 90000, label, sizeof label);  /* processing time: the machines' 2020 clock */
	assert_string_equal(label, "12:01:30:000");
	assert_int_equal(viz_taskmanager_index("taskmanager-1"), 0);
	assert_int_equal(viz_taskmanager_index("taskmanager-12"), 11);
	assert_int_equal(viz_taskmanager_index("taskmanager"), -1);
	assert_int_equal(viz_taskmanager_index("taskmanager-0"), -1);
	assert_int_equal(viz_taskmanager_index("taskmanager-1x"), -1);
	assert_int_equal(viz_taskmanager_index("jobmanager"), -1);
	char id[33];
	assert_false(sim_job_current(NULL, id));
	VizShape shape;
	viz_shape_from_sim(NULL, &shape);
	assert_int_equal(shape.vertices, 0);
	assert_int_equal(shape.taskmanagers, 0);
	assert_int_equal(viz_timeline_span(0), VIZ_TIMELINE_MIN_US);
	assert_int_equal(viz_timeline_span(5 * 60 * SIM_US_PER_S), 5 * 60 * SIM_US_PER_S);
	assert_int_equal(viz_timeline_span(24 * 3600 * SIM_US_PER_S), VIZ_TIMELINE_MAX_US);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_act_through_sim_actions_and_are_traced),
		cmocka_unit_test(test_stop_with_savepoint_and_resubmit_with_more_parallelism),
		cmocka_unit_test(test_commands_before_pg_up_are_refused),
		cmocka_unit_test(test_log_condenses_bursts_and_drops_plumbing),
		cmocka_unit_test(test_narration_lines),
		cmocka_unit_test(test_output_windows_are_judged),
		cmocka_unit_test(test_failure_marks_checkpoints_and_shape),
		cmocka_unit_test(test_names_and_current_job),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
