/*
 * main.c — `playground <command> …`: finds the command in one table and hands over; also
 * `playground --help`, `--version` and `help [COMMAND]`.
 *
 * To add a command, write its `int x_main(int argc, char **argv)` and its CliCommand
 * (cliopt.h; declared in cli.h) and add one row below; it gets main's argv unchanged
 * (argv[1] is the command's name). `help` and the manual page list it from there.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "rest/rest.h"

static int help_main(int argc, char **argv);

typedef struct HelpArgs {
	bool man;                     /* --man */
	bool options;                 /* --options */
} HelpArgs;

static const CliOpt help_opts[] = {
	{ .name = "man", .kind = CLI_FLAG, .at = offsetof(HelpArgs, man),
	  .help = "Print the manual page, playground(1), in man(7) format (docs/playground.1 is this output)." },
	{ .name = "options", .kind = CLI_FLAG, .at = offsetof(HelpArgs, options),
	  .help = "List every option of every command, one a line: command, option, kind of value, "
	          "value's name and short form (- for none); for shell completion and tests." },
};

static const CliCommand help_cli = {
	.name = "help",
	.summary = "describe the program, a command and its options, or print the manual page",
	.words = "[COMMAND]",
	.word_noun = "command",
	.max_words = 1,
	.description = "Without a COMMAND, the list of commands (as playground --help); with one, "
	               "its options (as playground COMMAND --help).",
	.exit_status = "0 the help was printed; 2 an unknown command or option.",
	.opts = help_opts,
	.nopts = sizeof help_opts / sizeof help_opts[0],
};

static const struct {
	const CliCommand *cmd;        /* name, summary, options */
	int (*main)(int argc, char **argv);
} commands[] = {
	{ &run_cli, run_main },
	{ &shell_cli, shell_main },
	{ &swarm_cli, swarm_main },
	{ &bench_cli, bench_main },
	{ &viz_cli, viz_main },
	{ &diff_cli, diff_main },
	{ &help_cli, help_main },
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const CliCommand *find(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(name, commands[i].cmd->name) == 0)
			return commands[i].cmd;
	return NULL;
}

static int usage(const char *prog, FILE *f)
{
	fprintf(f, "usage: %s COMMAND [OPTION]... [-- ARG ...]\n"
	           "       %s help [COMMAND]\n"
	           "       %s --version\n\n", prog, prog, prog);
	cli_wrap(f, "A deterministic simulator of the Apache Flink Operations Playground: a Flink session "
	            "cluster, Kafka with ZooKeeper, the click-event generator and the Click Event Count job, "
	            "driven by Lua scenarios. The same seed gives the same run, byte for byte.", 0, 0, 79);
	fprintf(f, "\n\nCommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-8s %s\n", commands[i].cmd->name, commands[i].cmd->summary);
	fprintf(f, "\nOptions:\n"
	           "  -h, --help  print this help and exit\n"
	           "  --version   print the version and the modelled Flink version, and exit\n\n");
	char more[600];
	snprintf(more, sizeof more, "'%s COMMAND --help' (or '%s help COMMAND') describes a command and "
	         "every option; the manual page is playground(1) ('%s help --man').", prog, prog, prog);
	cli_wrap(f, more, 0, 0, 79);
	fputc('\n', f);
	return f == stdout ? 0 : 2;
}

static int version(void)
{
	printf("playground %s\n", PG_VERSION);
	printf("models Apache Flink %s (commit %s) by default, %s (commit %s) with playground.flink-version = \"%s\":\n"
	       "the flink-version its REST API reports\n", sim_flink_release(FLINK_1_9), sim_flink_commit(FLINK_1_9),
	       sim_flink_release(FLINK_1_13), sim_flink_commit(FLINK_1_13), sim_flink_version_name(FLINK_1_13));
	return 0;
}

/* `help --options`: "run --seed u64 N -" lines. */
static void list_options(void)
{
	for (size_t i = 0; i < NCOMMANDS; i++) {
		const CliCommand *c = commands[i].cmd;
		for (size_t k = 0; k < c->nopts; k++) {
			const CliOpt *o = &c->opts[k];
			printf("%s --%s %s %s %s%c\n", c->name, o->name, cli_kind_name(o->kind),
			       o->kind == CLI_FLAG ? "-" : o->meta, o->letter ? "-" : "", o->letter ? o->letter : '-');
		}
	}
}

static int help_main(int argc, char **argv)
{
	HelpArgs a = { 0 };
	CliParsed p;
	int rc = cli_parse_or_report(&help_cli, argc, argv, &a, &p);
	if (rc)
		return rc == CLI_HELP ? 0 : rc;
	const CliCommand *c = p.nwords ? find(p.words[0]) : NULL;
	if (p.nwords && !c)
		rc = cli_usage_error(&help_cli, argv[0], "unknown command '%s'", p.words[0]);
	else if ((a.man || a.options) && (p.nwords || (a.man && a.options)))
		rc = cli_usage_error(&help_cli, argv[0], "--man and --options go alone");
	else if (a.man) {
		const CliCommand *cmds[NCOMMANDS];
		for (size_t i = 0; i < NCOMMANDS; i++)
			cmds[i] = commands[i].cmd;
		cli_man_write(stdout, cmds, NCOMMANDS);
	} else if (a.options)
		list_options();
	else if (c)
		cli_print_help(c, argv[0], stdout);
	else
		usage(argv[0], stdout);
	cli_parsed_free(&p);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage(argv[0], stderr);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return usage(argv[0], stdout);
	if (strcmp(argv[1], "--version") == 0)
		return argc == 2 ? version() : (fprintf(stderr, "%s: --version takes no arguments\n", argv[0]), 2);
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(argv[1], commands[i].cmd->name) == 0)
			return commands[i].main(argc, argv);
	fprintf(stderr, "%s: unknown %s '%s'\n", argv[0], argv[1][0] == '-' ? "option" : "command", argv[1]);
	return usage(argv[0], stderr);
}
