/*
 * main.c — `playground <command> …`: finds the command in one table and hands over.
 *
 * To add a command, write its `int x_main(int argc, char **argv)` (declared in cli.h) and
 * add one row below; it gets main's argv unchanged (argv[1] is the command's name).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct {
	const char *name;             /* the word after `playground` */
	int (*main)(int argc, char **argv);
	const char *usage;            /* arguments, for the help text */
} commands[] = {
	{ "run", run_main, "FILE.lua [--seed N] [--trace FILE] [--narrate] [--budget N] [-- ARG ...]" },
	{ "swarm", swarm_main, "FILE.lua --seeds N [--first S] [-j N] [--shard K/N] [--shrink] [--junit FILE] [--json FILE|-] [--budget N] [--verbose] [-- ARG ...] (--help for all)" },
	{ "diff", diff_main, "A.lua B.lua [--seed N] | FILE.lua --seed A --seed B | --traces A B" },
	{ "bench", bench_main, "[--hours H] [--seed N] [--backpressure]" },
	{ "viz", viz_main, "FILE.lua [--seed N] [--speed X|max] [--snapshot-at T,... --out DIR] [--headless] [--exit-at-end] [-- ARG ...]" },
};

static int usage(const char *prog, FILE *f)
{
	fprintf(f, "usage:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %s %s %s\n", prog, commands[i].name, commands[i].usage);
	return f == stdout ? 0 : 2;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage(argv[0], stderr);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0)
		return usage(argv[0], stdout);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0) {
			return commands[i].main(argc, argv);
		}
	fprintf(stderr, "%s: unknown command '%s'\n", argv[0], argv[1]);
	return usage(argv[0], stderr);
}
