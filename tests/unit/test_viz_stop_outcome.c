/* test_viz_stop_outcome.c — what the view says when a stop-with-savepoint (key x) ends, on a
 * real Sim, without a display.
 *
 * Flink 1.9's stopWithSavepoint (JobMaster) completes with the savepoint's path only once the
 * job has FINISHED, and fails with "Reached state CANCELED instead of FINISHED." when the job
 * is cancelled after the savepoint was written. The savepoint is then on disk all the same
 * (savepoints are never discarded by Flink: CheckpointProperties.forSyncSavepoint) and a job
 * can be resumed from it. The view used to say "the savepoint failed" there and forget the
 * path, so `r` refused to resubmit ("no savepoint yet"). A savepoint that was never written
 * (its directory cannot be created) still reads as failed. */
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
#include <sys/stat.h>

#include "controls.h"

typedef struct Run {
	Sim *sim;
	char dir[64];             /* the test's directory (savepoints under it) */
	char job[33];             /* the submitted job */
} Run;

/* An exactly-once job (its sink waits for the savepoint's commits before it ends), the
 * savepoints in `sub` under a fresh directory; `blocker`: a regular file made there first. */
static Run *run_start_version(const char *sub, const char *blocker, const char *flink_version)
{
	Run *r = calloc(1, sizeof *r);
	assert_non_null(r);
	snprintf(r->dir, sizeof r->dir, "/tmp/viz-stop-XXXXXX");
	assert_non_null(mkdtemp(r->dir));
	if (blocker) {
		char file[128];
		snprintf(file, sizeof file, "%s/%s", r->dir, blocker);
		FILE *f = fopen(file, "w");
		assert_non_null(f);
		fclose(f);
	}
	SimOptions o;
	sim_options_default(&o);
	o.seed = 3;
	if (flink_version)
		assert_int_equal(sim_config_set_string(&o.config, "playground.flink-version", flink_version, NULL, 0), SIM_OK);
	snprintf(o.config.savepoints_dir, sizeof o.config.savepoints_dir, "%s/%s", r->dir, sub);
	r->sim = sim_create(&o);
	assert_non_null(r->sim);
	assert_int_equal(sim_up(r->sim), SIM_OK);
	JobOptions jo;
	job_options_default(&jo);
	jo.sink = SINK_EXACTLY_ONCE;
	assert_int_equal(sim_job_submit(r->sim, &jo, r->job), SIM_OK);
	sim_run_until(r->sim, 30 * SIM_US_PER_S);
	return r;
}

static Run *run_start(const char *sub, const char *blocker)
{
	return run_start_version(sub, blocker, NULL);
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(path);
}

static void run_end(Run *r)
{
	sim_destroy(r->sim);
	nftw(r->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(r);
}

static JobState job_state(const Sim *s, const char *id)
{
	JobInfo j;
	assert_int_equal(sim_job_info(s, id, &j), SIM_OK);
	return j.state;
}

/* Runs event by event until the stop's savepoint is on disk (the operation still in
 * progress: the job has not ended yet), or its operation ended without one. */
static void step_until_written(Run *r, const char *trigger, SavepointInfo *si)
{
	for (int i = 0; i < 10000000; i++) {
		assert_int_equal(sim_savepoint_info(r->sim, trigger, si), SIM_OK);
		if (si->path[0] || si->status != SAVEPOINT_IN_PROGRESS)
			return;
		assert_true(sim_step(r->sim));
	}
	fail_msg("the savepoint was neither written nor failed");
}

/* Key x, then event by event until its savepoint is written or failed; trigger: its id. */
static void stop_until_written(Run *r, VizControls *c, char trigger[33], SavepointInfo *si)
{
	viz_controls_init(c);
	assert_int_equal(viz_command(c, r->sim, VIZ_CMD_STOP_SAVEPOINT, 0), SIM_OK);
	snprintf(trigger, 33, "%s", c->trigger);
	step_until_written(r, trigger, si);
}

/* An exactly-once job stopped with key x, run until its savepoint is written (at path) while
 * the job still RUNS: its sinks wait for the savepoint's commits. */
static Run *stopped_and_written(VizControls *c, char trigger[33], char path[600])
{
	Run *r = run_start("savepoints", NULL);
	SavepointInfo si;
	stop_until_written(r, c, trigger, &si);
	assert_int_equal(si.status, SAVEPOINT_IN_PROGRESS);   /* written; the job has not ended */
	assert_int_equal(job_state(r->sim, r->job), JOB_RUNNING);
	snprintf(path, 600, "%s", si.path);
	return r;
}

static void test_stop_cancelled_after_the_savepoint_keeps_its_path(void **state)
{
	(void)state;
	VizControls c;
	char trigger[33], path[600];
	Run *r = stopped_and_written(&c, trigger, path);
	SavepointInfo si;

	assert_int_equal(sim_job_cancel(r->sim, r->job), SIM_OK);   /* `flink cancel` meanwhile */
	sim_run_until(r->sim, sim_now(r->sim) + 5 * SIM_US_PER_S);
	viz_controls_poll(&c, r->sim);
	assert_int_equal(job_state(r->sim, r->job), JOB_CANCELED);
	assert_int_equal(sim_savepoint_info(r->sim, trigger, &si), SIM_OK);
	assert_int_equal(si.status, SAVEPOINT_FAILED);               /* the operation failed, as Flink's */
	assert_string_equal(si.failure, "Reached state CANCELED instead of FINISHED.");

	char file[800];
	snprintf(file, sizeof file, "%s/_metadata", path);
	struct stat st;
	assert_int_equal(stat(file, &st), 0);                        /* the savepoint is on disk */
	assert_null(strstr(c.message, "savepoint failed"));
	assert_non_null(strstr(c.message, "did not finish"));
	assert_non_null(strstr(c.message, "Reached state CANCELED instead of FINISHED."));
	assert_non_null(strstr(c.message, path));
	assert_true(c.message_error);                                /* the stop did not do what was asked */
	assert_string_equal(c.savepoint, path);                      /* r resubmits from it */
	assert_string_equal(c.trigger, "");

	assert_int_equal(viz_command(&c, r->sim, VIZ_CMD_RESUBMIT, 0), SIM_OK);
	char second[33];
	assert_true(sim_job_id_at(r->sim, 1, second));
	sim_run_until(r->sim, sim_now(r->sim) + 20 * SIM_US_PER_S);
	JobInfo j;
	assert_int_equal(sim_job_info(r->sim, second, &j), SIM_OK);
	assert_int_equal(j.state, JOB_RUNNING);
	CheckpointStats cs;
	assert_int_equal(sim_checkpoint_stats(r->sim, second, &cs), SIM_OK);
	assert_true(cs.has_restored && cs.restored_savepoint);
	assert_string_equal(cs.restored_path, path);                 /* restored from that savepoint */
	run_end(r);
}

static void test_savepoint_never_written_reads_as_failed(void **state)
{
	(void)state;
	Run *r = run_start("file/savepoints", "file");   /* a regular file where a directory must go */
	VizControls c;
	char trigger[33];
	SavepointInfo si;
	stop_until_written(r, &c, trigger, &si);
	assert_int_equal(si.status, SAVEPOINT_FAILED);
	assert_string_equal(si.path, "");
	viz_controls_poll(&c, r->sim);
	assert_non_null(strstr(c.message, "the savepoint failed: Failure to finalize checkpoint"));
	assert_true(c.message_error);
	assert_string_equal(c.savepoint, "");
	assert_int_equal(viz_command(&c, r->sim, VIZ_CMD_RESUBMIT, 0), SIM_ESTATE);
	assert_non_null(strstr(c.message, "no savepoint yet"));
	sim_run_until(r->sim, sim_now(r->sim) + 5 * SIM_US_PER_S);
	assert_int_equal(job_state(r->sim, r->job), JOB_RUNNING);    /* the job goes on */
	run_end(r);
}

/* Flink 1.9: a failover after the savepoint does not end the stop's operation (the job's
 * termination future is not completed by a restart); the job runs again from the savepoint.
 * The view says so once, keeps the savepoint for r, and a second x finishes the job. */
static void test_stop_whose_job_fails_over_stays_in_progress(void **state)
{
	(void)state;
	VizControls c;
	char trigger[33], path[600];
	Run *r = stopped_and_written(&c, trigger, path);
	SavepointInfo si;
	assert_int_equal(sim_compose(r->sim, COMPOSE_KILL, "taskmanager"), SIM_OK);   /* its only TaskManager */
	sim_run_until(r->sim, sim_now(r->sim) + 10 * SIM_US_PER_S);
	assert_int_equal(sim_compose(r->sim, COMPOSE_START, "taskmanager"), SIM_OK);
	sim_run_until(r->sim, sim_now(r->sim) + 30 * SIM_US_PER_S);
	assert_int_equal(job_state(r->sim, r->job), JOB_RUNNING);
	viz_controls_poll(&c, r->sim);
	assert_int_equal(sim_savepoint_info(r->sim, trigger, &si), SIM_OK);
	assert_int_equal(si.status, SAVEPOINT_IN_PROGRESS);          /* as Flink 1.9's */
	assert_non_null(strstr(c.message, "failed over after its savepoint"));
	assert_non_null(strstr(c.message, path));
	assert_true(c.message_error);
	assert_string_equal(c.savepoint, path);                      /* r could resubmit from it */
	assert_string_equal(c.trigger, trigger);                     /* still waiting for it */
	c.message[0] = '\0';
	viz_controls_poll(&c, r->sim);
	assert_string_equal(c.message, "");                          /* said once */

	assert_int_equal(viz_command(&c, r->sim, VIZ_CMD_STOP_SAVEPOINT, 0), SIM_OK);   /* x again */
	sim_run_until(r->sim, sim_now(r->sim) + 20 * SIM_US_PER_S);
	assert_int_equal(job_state(r->sim, r->job), JOB_FINISHED);
	assert_int_equal(sim_savepoint_info(r->sim, trigger, &si), SIM_OK);
	assert_int_equal(si.status, SAVEPOINT_COMPLETED);            /* the first one too, with its path */
	assert_string_equal(si.path, path);
	viz_controls_poll(&c, r->sim);
	assert_non_null(strstr(c.message, "savepoint complete"));
	run_end(r);
}

/* Flink 1.13: the stop fails once the failed-over executions have ended, and the job is
 * failed over globally (a second restart counted): it runs again from the savepoint. The view
 * says the job runs again and offers x, not r (a second job beside the first). */
static void test_stop_whose_job_fails_over_fails_113(void **state)
{
	(void)state;
	VizControls c;
	char trigger[33], path[600];
	Run *r = run_start_version("savepoints", NULL, "1.13");
	SavepointInfo si;
	stop_until_written(r, &c, trigger, &si);
	assert_int_equal(si.status, SAVEPOINT_IN_PROGRESS);
	snprintf(path, sizeof path, "%s", si.path);
	assert_int_equal(sim_compose(r->sim, COMPOSE_KILL, "taskmanager"), SIM_OK);
	sim_run_until(r->sim, sim_now(r->sim) + 10 * SIM_US_PER_S);
	assert_int_equal(sim_compose(r->sim, COMPOSE_START, "taskmanager"), SIM_OK);
	sim_run_until(r->sim, sim_now(r->sim) + 30 * SIM_US_PER_S);
	JobInfo j;
	assert_int_equal(sim_job_info(r->sim, r->job, &j), SIM_OK);
	assert_int_equal(j.state, JOB_RUNNING);
	assert_int_equal(j.num_restarts, 2);                         /* the failover and the global one */
	assert_non_null(strstr(j.failure, "FlinkException: Inconsistent execution state after stopping"));
	viz_controls_poll(&c, r->sim);
	assert_int_equal(sim_savepoint_info(r->sim, trigger, &si), SIM_OK);
	assert_int_equal(si.status, SAVEPOINT_FAILED);
	assert_non_null(strstr(c.message, "Inconsistent execution state"));
	assert_non_null(strstr(c.message, "runs again from the savepoint"));
	assert_non_null(strstr(c.message, path));
	assert_null(strstr(c.message, "press r"));
	assert_true(c.message_error);
	assert_string_equal(c.trigger, "");
	run_end(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stop_cancelled_after_the_savepoint_keeps_its_path),
		cmocka_unit_test(test_savepoint_never_written_reads_as_failed),
		cmocka_unit_test(test_stop_whose_job_fails_over_stays_in_progress),
		cmocka_unit_test(test_stop_whose_job_fails_over_fails_113),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
