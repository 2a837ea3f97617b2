/*
 * test_cli.c — the `flink` CLI of the client container, text by text: Flink 1.9's CliFrontend
 * (the default profile, the tutorial's outputs) and, where they differ, 1.13's. Every Sim runs
 * seed 1 from 01.01.2020 00:00:00 (UTC) with the job submitted at t=0 (received by the Dispatcher at 5 s, once the JobManager answers).
 */
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rest_fixture.h"

static Sim *start(int seconds, char jid[33]) { return start_version(FLINK_1_9, seconds, jid); }

#define USE_HELP "\n\nUse the help option (-h or --help) to get help on the command.\n"

/* The JobID in "Job has been submitted with JobID <id>\n" at the end of text. */
static void submitted_id(const char *text, char id[33])
{
	const char *p = strstr(text, "Job has been submitted with JobID ");
	assert_non_null(p);
	memcpy(id, p + 34, 32);
	id[32] = '\0';
	assert_true(rest_is_hex_id(id));
	assert_string_equal(p + 66, "\n");
}

/* The tutorial's "flink list" (CliFrontend.list: running and scheduled unless told). */
static void test_list(void **state)
{
	(void)state;
	char jid[33], want[600];
	Sim *s = start(60, jid);
	snprintf(want, sizeof want,
	         "Waiting for response...\n"
	         "------------------ Running/Restarting Jobs -------------------\n"
	         "01.01.2020 00:00:05 : %s : Click Event Count (RUNNING)\n"
	         "--------------------------------------------------------------\n"
	         "No scheduled jobs.\n", jid);
	assert_cli(s, want, 0, 1, "list");
	assert_cli(s, want, 0, 2, "flink", "list");
	assert_int_equal(sim_job_cancel(s, jid), SIM_OK);
	sim_run_until(s, S(65));
	snprintf(want, sizeof want,
	         "Waiting for response...\n"
	         "No running jobs.\n"
	         "No scheduled jobs.\n"
	         "---------------------- Terminated Jobs -----------------------\n"
	         "01.01.2020 00:00:05 : %s : Click Event Count (CANCELED)\n"
	         "--------------------------------------------------------------\n", jid);
	assert_cli(s, want, 0, 2, "list", "-a");
	assert_cli(s, "Waiting for response...\nNo running jobs.\n", 0, 2, "list", "--running");
	assert_cli(s, "Unrecognized option: --bogus" USE_HELP, 1, 2, "list", "--bogus");
	sim_destroy(s);
}

/* The tutorial's run: "Starting execution of program", then the JobID; -p and the program
 * arguments reach the job; 1.9 needs the jar. */
static void test_run(void **state)
{
	(void)state;
	char jid[33], id[33];
	Sim *s = start(10, jid);
	int code;
	char *text = cli(s, &code, 8, "run", "-d", "-p", "1", CLI_JAR, "--bootstrap.servers", "kafka:9092", "--checkpointing");
	assert_int_equal(code, 0);
	assert_true(strncmp(text, "Starting execution of program\nJob has been submitted with JobID ", 64) == 0);
	submitted_id(text, id);
	free(text);
	JobInfo ji;
	assert_int_equal(sim_job_info(s, id, &ji), SIM_OK);
	assert_int_equal(ji.parallelism, 1);
	assert_true(ji.checkpointing);
	assert_false(ji.event_time);                              /* only what the jar was given */

	/* Without -p: parallelism.default, 1 — the playground's flink-conf.yaml leaves it unset. */
	text = cli(s, &code, 5, "run", "-d", CLI_JAR, "--checkpointing", "--event-time");
	assert_int_equal(code, 0);
	submitted_id(text, id);
	free(text);
	assert_int_equal(sim_job_info(s, id, &ji), SIM_OK);
	assert_int_equal(ji.parallelism, 1);
	assert_true(ji.checkpointing && ji.event_time);

	assert_cli(s, "The parallelism must be a positive number: x" USE_HELP, 1, 5, "run", "-d", "-p", "x", CLI_JAR);
	assert_cli(s, "Missing argument for option: p" USE_HELP, 1, 2, "run", "-p");
	assert_cli(s, "Java program should be specified a JAR file." USE_HELP, 1, 2, "run", "-d");
	assert_cli(s, "Could not build the program from JAR file." USE_HELP, 1, 3, "run", "-d", "/opt/Other.jar");
	sim_destroy(s);
}

/* A savepoint path that does not exist: the Dispatcher refuses the JobGraph with
 * AbstractFsCheckpointStorage's FileNotFoundException text. */
static void test_run_from_missing_savepoint(void **state)
{
	(void)state;
	char jid[33];
	Sim *s = start(10, jid);
	int code;
	char *text = cli(s, &code, 5, "run", "-d", "-s", "file:/no/such/savepoint", CLI_JAR);
	assert_int_equal(code, 1);
	assert_true(strncmp(text, "Starting execution of program\n\n"
	                          "------------------------------------------------------------\n"
	                          " The program finished with the following exception:\n\n"
	                          "org.apache.flink.client.program.ProgramInvocationException: Could not submit job", 187) == 0);
	assert_non_null(strstr(text, "Cannot find checkpoint or savepoint file/directory '/no/such/savepoint' on file system 'file'."));
	free(text);
	assert_int_equal(sim_job_count(s), 1);                    /* nothing of the refused job */
	sim_destroy(s);
}

static void test_cancel(void **state)
{
	(void)state;
	char jid[33], want[600];
	Sim *s = start(20, jid);
	snprintf(want, sizeof want, "Cancelling job %s.\nCancelled job %s.\n", jid, jid);
	assert_cli(s, want, 0, 2, "cancel", jid);
	assert_cli(s, "Missing JobID. Specify a JobID to cancel a job." USE_HELP, 1, 1, "cancel");
	assert_cli(s, "Cannot parse JobID from \"abc\". The expected format is [0-9a-fA-F]{32}, "
	              "e.g. fd72014d4c864993a2e5a9287b4a9c5d." USE_HELP, 1, 2, "cancel", "abc");
	sim_run_until(s, S(25));
	snprintf(want, sizeof want, "Cancelling job %s.\n\n"
	         "------------------------------------------------------------\n"
	         " The program finished with the following exception:\n\n"
	         "org.apache.flink.util.FlinkException: Could not cancel job %s.\n"
	         "Caused by: org.apache.flink.runtime.rest.util.RestClientException: [Job could not be found.]\n", jid, jid);
	assert_cli(s, want, 1, 2, "cancel", jid);
	sim_destroy(s);
}

/* CliFrontend.savepoint prints the path; 1.9's stop does not (the tutorial's two lines). */
static void test_savepoint_then_stop(void **state)
{
	(void)state;
	char jid[33], head[300], want[300];
	Sim *s = start(20, jid);
	int code;
	const char *sp_argv[] = { "savepoint", jid };
	CliCall *c = cli_begin(s, 2, sp_argv);
	assert_false(cli_done(s, c));                            /* waits for the savepoint */
	while (!cli_done(s, c))
		assert_true(sim_step(s));
	char *text = cli_finish(s, c, &code);
	assert_int_equal(code, 0);
	snprintf(head, sizeof head, "Triggering savepoint for job %s.\nWaiting for response...\n"
	         "Savepoint completed. Path: file:%s/savepoint-%.6s-", jid, spdir, jid);
	assert_true(strncmp(text, head, strlen(head)) == 0);
	assert_non_null(strstr(text, "\nYou can resume your program from this savepoint with the run command.\n"));
	free(text);

	snprintf(want, sizeof want, "Suspending job \"%s\" with a savepoint.\nSuspended job \"%s\" with a savepoint.\n",
	         jid, jid);
	assert_cli(s, want, 0, 2, "stop", jid);
	JobInfo ji;
	assert_int_equal(sim_job_info(s, jid, &ji), SIM_OK);
	assert_int_equal(ji.state, JOB_FINISHED);
	sim_destroy(s);
}

/* stop -d: the sources emit MAX_WATERMARK first (Draining/Drained). */
static void test_stop_drain(void **state)
{
	(void)state;
	char jid[33], want[300];
	Sim *s = start(20, jid);
	snprintf(want, sizeof want, "Draining job \"%s\" with a savepoint.\nDrained job \"%s\" with a savepoint.\n", jid, jid);
	assert_cli(s, want, 0, 3, "stop", "-d", jid);
	sim_destroy(s);
}

/* An attached run waits for the job; 1.9's client wraps its end as "Job failed." */
static void test_attached_run_of_a_cancelled_job(void **state)
{
	(void)state;
	char jid[33], id[33], want[800];
	Sim *s = start(10, jid);
	const char *argv[] = { "run", CLI_JAR, "--checkpointing" };
	CliCall *c = cli_begin(s, 3, argv);
	sim_run_until(s, S(12));
	assert_false(cli_done(s, c));
	assert_int_equal(sim_job_count(s), 2);
	assert_true(sim_job_id_at(s, 1, id));
	assert_int_equal(sim_job_cancel(s, id), SIM_OK);
	while (!cli_done(s, c))
		assert_true(sim_step(s));
	int code;
	char *text = cli_finish(s, c, &code);
	snprintf(want, sizeof want, "Starting execution of program\n\n"
	         "------------------------------------------------------------\n"
	         " The program finished with the following exception:\n\n"
	         "org.apache.flink.client.program.ProgramInvocationException: Job failed. (JobID: %s)\n"
	         "Caused by: org.apache.flink.runtime.client.JobCancellationException: Job was cancelled.\n", id);
	assert_string_equal(text, want);
	assert_int_equal(code, 1);
	free(text);
	sim_destroy(s);
}

static void test_usage_errors_and_version(void **state)
{
	(void)state;
	char jid[33];
	Sim *s = start(1, jid);
	assert_cli(s, "\"lsit\" is not a valid action.\n\n"
	              "Valid actions are \"run\", \"list\", \"info\", \"savepoint\", \"stop\", or \"cancel\".\n\n"
	              "Specify the version option (-v or --version) to print Flink version.\n\n"
	              "Specify the help option (-h or --help) to get help on the command.\n", 1, 1, "lsit");
	assert_cli(s, "Version: 1.9.2, Commit ID: c9d2c90\n", 0, 1, "--version");
	int code;
	char *text = cli(s, &code, 0);
	assert_int_equal(code, 1);
	assert_true(strncmp(text, "./flink <ACTION> [OPTIONS] [ARGUMENTS]\n", 39) == 0);
	assert_non_null(strstr(text, "\nPlease specify an action.\n"));
	free(text);
	text = cli(s, &code, 2, "list", "-h");
	assert_int_equal(code, 0);
	assert_true(strncmp(text, "\nAction \"list\" lists running and scheduled programs.\n", 53) == 0);
	free(text);
	sim_destroy(s);
}

/* ---------------------------------------------------------------- Flink 1.13 */

static void test_1_13_texts(void **state)
{
	(void)state;
	char jid[33], id[33], head[300];
	Sim *s = start_version(FLINK_1_13, 20, jid);
	int code;
	char *text = cli(s, &code, 2, "run", "-d");               /* 1.13 runs the jar of the image */
	assert_int_equal(code, 0);
	assert_true(strncmp(text, "Job has been submitted with JobID ", 34) == 0);
	submitted_id(text, id);
	free(text);
	assert_cli(s, "Missing JobID. Specify a Job ID to cancel a job." USE_HELP, 1, 1, "cancel");
	assert_cli(s, "Could not get job jar and dependencies from JAR file: JAR file does not exist: /opt/Other.jar" USE_HELP,
	           1, 3, "run", "-d", "/opt/Other.jar");
	assert_cli(s, "\"lsit\" is not a valid action.\n\n"
	              "Valid actions are \"run\", \"run-application\", \"list\", \"info\", \"savepoint\", \"stop\", or \"cancel\".\n\n"
	              "Specify the version option (-v or --version) to print Flink version.\n\n"
	              "Specify the help option (-h or --help) to get help on the command.\n", 1, 1, "lsit");
	assert_cli(s, "Version: 1.13.5, Commit ID: 0ff28a7\n", 0, 1, "--version");
	text = cli(s, &code, 2, "stop", jid);                    /* 1.13 prints the path */
	assert_int_equal(code, 0);
	snprintf(head, sizeof head, "Suspending job \"%s\" with a savepoint.\nSavepoint completed. Path: file:%s/savepoint-%.6s-",
	         jid, spdir, jid);
	assert_true(strncmp(text, head, strlen(head)) == 0);
	free(text);
	sim_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_run),
		cmocka_unit_test(test_run_from_missing_savepoint),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_savepoint_then_stop),
		cmocka_unit_test(test_stop_drain),
		cmocka_unit_test(test_attached_run_of_a_cancelled_job),
		cmocka_unit_test(test_usage_errors_and_version),
		cmocka_unit_test(test_1_13_texts),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
