/*
 * cli.h — the `playground` binary's subcommands.
 *
 * main() (main.c) dispatches `playground <command> …` through one table; each command's
 * main gets main's argc/argv unchanged: argv[0] the program, argv[1] the command's name,
 * its own arguments from argv[2]. Each command's options are a CliCommand (cliopt.h),
 * which also gives its --help and its part of the manual page. Exit codes: 0 success,
 * 1 failure, 2 usage error.
 */
#ifndef CLI_H
#define CLI_H

#include "cliopt.h"

#ifndef PG_VERSION
#define PG_VERSION "unknown"     /* the Makefile passes the VERSION file's contents */
#endif

int run_main(int argc, char **argv);     /* cmd_run.c: run one scenario */
int swarm_main(int argc, char **argv);   /* cmd_swarm.c: one scenario over many seeds */
int diff_main(int argc, char **argv);    /* cmd_diff.c: where two runs part */
int bench_main(int argc, char **argv);   /* bench: simulated hours per wall second */
int viz_main(int argc, char **argv);     /* viz: a scenario in an SDL2 window */
int shell_main(int argc, char **argv);   /* cmd_shell.c: the tutorial's commands at a prompt */

extern const CliCommand run_cli;     /* cmd_run.c */
extern const CliCommand swarm_cli;   /* cmd_swarm.c */
extern const CliCommand bench_cli;   /* bench.c */
extern const CliCommand viz_cli;     /* viz/args.c */
extern const CliCommand diff_cli;    /* cmd_diff.c */
extern const CliCommand shell_cli;   /* cmd_shell.c */

/* The manual page, playground(1), from the commands' tables (cli_man.c). */
void cli_man_write(FILE *f, const CliCommand *const *cmds, size_t n);

#endif
