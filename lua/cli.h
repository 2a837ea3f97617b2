/*
 * cli.h — the `playground` binary's subcommands.
 *
 * main() (main.c) dispatches `playground <command> …` through one table; each command's
 * main gets main's argc/argv unchanged: argv[0] the program, argv[1] the command's name,
 * its own arguments from argv[2]. Exit codes: 0 success, 1 failure, 2 usage error.
 */
#ifndef CLI_H
#define CLI_H

int run_main(int argc, char **argv);     /* cmd_run.c: run one scenario */
int swarm_main(int argc, char **argv);   /* cmd_swarm.c: one scenario over many seeds */
int diff_main(int argc, char **argv);    /* cmd_diff.c: where two runs part */
int bench_main(int argc, char **argv);   /* bench: simulated hours per wall second */
int viz_main(int argc, char **argv);     /* viz: a scenario in an SDL2 window */

#endif
