/*
 * cli.h — the Flink command-line client (`flink <action> …`, CliFrontend) over a Sim: the
 * same arguments, the same printed text, the same exit codes.
 *
 * Actions: list [-r|-s|-a], run [-d] [-p N] [-s PATH] [-n] [<jar> <program args>],
 * cancel <jobid>, stop [-d|--drain] [-p DIR] <jobid>, savepoint <jobid> [DIR].
 * Some actions wait for the cluster (stop and savepoint wait for the savepoint, an attached
 * run for the job's end), so a call has three steps, and the caller advances the simulation
 * in between:
 *
 *     CliCall *c = cli_begin(s, argc, argv);      // parses, prints, starts the action
 *     while (!cli_done(s, c)) sim_step(s);         // simulated time passes
 *     char *text = cli_finish(s, c, &exit_code);   // the whole output; frees c
 *
 * The output is what the terminal shows (stdout and stderr as the CLI interleaves them),
 * without Java stack frames. Exit codes are the CLI's: 0 success, 1 any error (bad arguments
 * included). Flink 1.13's stop and savepoint give up after client.timeout (60 s of simulated
 * time); Flink 1.9's wait without a limit, like an attached run in both (the caller decides
 * how long to let time pass: pg.flink.cli stops after an hour, exit 130).
 *
 * `run` needs the jar, /opt/ClickCountJob.jar, as Flink 1.9's client does ("Java program should
 * be specified a JAR file."). In the 1.13 profile a run without one submits what the
 * playground's client container does: --bootstrap.servers kafka:9092 --checkpointing --event-time.
 * Without -p the job gets the model's default parallelism (2, as in the seed tutorial).
 */
#ifndef REST_CLI_H
#define REST_CLI_H

#include <stdbool.h>

#include "sim.h"

#define CLI_CLIENT_TIMEOUT_US (60 * SIM_US_PER_S)   /* client.timeout */
#define CLI_JAR "/opt/ClickCountJob.jar"             /* the job jar in the client container */

typedef struct CliCall CliCall;

/* The playground job's flags (--checkpointing, --event-time, --backpressure, --chaining) from
 * its program arguments as ParameterTool.fromArgs reads them ("--key [value]"); the other
 * flags are cleared. Returns NULL, or the first token that is neither a key nor a key's value. */
const char *cli_job_flags(const char *const *args, int n, JobOptions *jo);

/* Starts `flink argv[0] argv[1] …`: argv[0] is the action ("list"); a leading "flink" is
 * skipped. Validates the arguments and performs the action's first step (a submission, a
 * cancellation, a savepoint trigger). Returns a call the caller owns until cli_finish, or
 * NULL when out of memory. */
CliCall *cli_begin(Sim *s, int argc, const char *const *argv);

/* True once the call has nothing left to wait for (always true for list, cancel, a detached
 * run and argument errors). */
bool cli_done(const Sim *s, const CliCall *c);

/* Ends the call and frees it: returns the full text the CLI printed (the caller frees it)
 * and stores the exit code. Called before cli_done, it ends the wait as a client timeout. */
char *cli_finish(Sim *s, CliCall *c, int *exit_code);

#endif
