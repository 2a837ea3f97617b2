/*
 * cli_man.c — the manual page, playground(1), written from the commands' option tables.
 *
 * The synopsis, each command's description, options (value, range, default) and exit
 * status come from the same CliCommand tables as the parser and `--help`, so none of them
 * can drift; the page-wide sections (durations, exit status, files, examples) are here.
 * docs/playground.1 is this output (`make man`); a test compares the two. Output is man(7)
 * for groff and mandoc: every '-' is written \- (a real hyphen-minus that copies and
 * searches as typed), '\' as \e, and no line starts with '.' or '\''.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char description[] =
	"playground simulates the Apache Flink Operations Playground, deterministically: a Flink "
	"session cluster (JobManager with Dispatcher, ResourceManager, JobMaster and checkpoint "
	"coordinator; TaskManagers with slots), a Kafka broker with ZooKeeper, the click-event "
	"generator and the Click Event Count job, with real records through real operators, so "
	"that failures, recovery, rescaling and back pressure emerge instead of being scripted.\n\n"
	"Scenarios are Lua 5.4 files that do what the playground's tutorial does (kill a "
	"TaskManager, stop the job with a savepoint, rescale) and check the outcome. The same "
	"file, seed and binary give byte-identical output and trace on every run and machine. "
	"The scenario API is docs/lua-api.md; the tutorial, docs/tutorial.md.";

static const char durations[] =
	"Options that take a duration (and the Lua API) read it with one parser: a number of "
	"seconds (15, 1.5, .5) or terms of a decimal number and a unit ms, s, m or h, the units "
	"from larger to smaller and each at most once: 250ms, 15s, 2m, 1h, 1m30s, 1h2m3.5s. No "
	"sign, no spaces, no hex (0x10), no exponent (1e3), nothing after the last unit. Integers "
	"(seeds, counts) are decimal digits only: --seed -1 and --seed banana are errors, not "
	"2^64-1 or 0. Every option takes its value as --seed 5 or --seed=5, and is spelled out "
	"in full (--see is not --seed).";

static const char exit_status[] =
	"0 success (the scenario ran to its end; every seed passed); 1 a failure (an expectation "
	"failed, the scenario raised an error, a seed failed); 2 a usage error (an unknown option, "
	"a bad value, a missing argument) or a scenario that is missing or does not load. Each "
	"command below says what its codes mean.";

static const char files[] =
	"./savepoints: where scenarios write savepoints by default (state.savepoints.dir), "
	"relative to the working directory.\n\n"
	"share/playground/scenarios under the installation prefix (make install): the tutorial's "
	"scenarios, such as steady_state.lua and failure_recovery.lua.\n\n"
	"share/playground/docs under the installation prefix: the Lua API (lua-api.md), the "
	"tutorial, the architecture, the trace, savepoint and swarm references.";

static const char *const examples[] = {
	"playground run scenarios/failure_recovery.lua \\-\\-narrate",
	"playground run scenarios/steady_state.lua \\-\\-seed 7 \\-\\-json \\- | jq .verdict",
	"playground run scenarios/rescale.lua \\-\\-trace run.trace \\-\\- 3",
	"playground swarm scenarios/swarm.lua \\-\\-seeds 1000 \\-j 8 \\-\\-shrink \\-\\-junit swarm.xml",
	"playground viz scenarios/failure_recovery.lua \\-\\-snapshot\\-at 60,2m \\-\\-out shots",
	"playground bench \\-\\-hours 1",
	NULL,
};

/* Writes text as man(7) body text: escapes, and "\n\n" as a new paragraph. */
static void text(FILE *f, const char *s)
{
	bool line_start = true;
	for (; *s; s++) {
		if (*s == '\n') {
			while (s[1] == '\n')
				s++;
			fputs("\n.PP\n", f);
			line_start = true;
			continue;
		}
		if (line_start && (*s == '.' || *s == '\''))
			fputs("\\&", f);
		if (*s == '-')
			fputs("\\-", f);
		else if (*s == '\\')
			fputs("\\e", f);
		else
			fputc(*s, f);
		line_start = false;
	}
	fputc('\n', f);
}

/* s escaped into buf (for the short pieces of synopses and tags). */
static const char *esc(const char *s, char *buf, size_t len)
{
	size_t n = 0;
	for (; *s && n + 3 < len; s++) {
		if (*s == '-' || *s == '\\')
			buf[n++] = '\\';
		buf[n++] = *s == '\\' ? 'e' : *s;
	}
	buf[n] = '\0';
	return buf;
}

/* "[\fB\-\-seed\fR\ \fIN\fR]": one option of the synopsis, unbreakable, on a line of its own
 * (in fill mode a newline is a space; a line starting with a space would break the line). */
static void synopsis_item(FILE *f, const CliOpt *o)
{
	char name[96], meta[96];
	if (o->letter)
		snprintf(name, sizeof name, "-%c", o->letter);
	else
		snprintf(name, sizeof name, "--%s", o->name);
	fprintf(f, "%s\\fB%s\\fR", o->mandatory ? "" : "[", esc(name, meta, sizeof meta));
	if (o->kind != CLI_FLAG)
		fprintf(f, "\\ \\fI%s\\fR\\&", esc(o->meta, meta, sizeof meta));
	fprintf(f, "%s\n", o->mandatory ? "" : "]");
}

/* The command's forms, left-adjusted, continuation lines indented. */
static void synopsis(FILE *f, const CliCommand *c)
{
	char buf[512];
	fprintf(f, ".PP\n.ad l\n.in +4n\n.ti -4n\n\\fBplayground %s\\fR\n", c->name);
	if (c->words && *c->words)
		fprintf(f, "\\fI%s\\fR\n", esc(c->words, buf, sizeof buf));
	for (size_t i = 0; i < c->nopts; i++)
		synopsis_item(f, &c->opts[i]);
	if (c->rest)
		fprintf(f, "[\\fB\\-\\-\\fR\\ \\fIARG\\fR\\ ...]\n");
	for (int k = 0; c->also && c->also[k]; k++)
		fprintf(f, ".br\n.ti -4n\n\\fBplayground %s\\fR %s\n", c->name, esc(c->also[k], buf, sizeof buf));
	fprintf(f, ".in\n.ad\n");
}

/* One .TP entry: the tag in bold (the value's name in italics), then the text. */
static void option(FILE *f, const char *label, const char *meta, const char *body)
{
	char buf[256];
	fprintf(f, ".TP\n\\fB%s\\fR", esc(label, buf, sizeof buf));
	if (meta)
		fprintf(f, " \\fI%s\\fR", esc(meta, buf, sizeof buf));
	fputc('\n', f);
	text(f, body);
}

static void command(FILE *f, const CliCommand *c)
{
	char label[200], body[2048];
	fprintf(f, ".SS \"playground %s \\(em %s\"\n", c->name, esc(c->summary, body, sizeof body));
	synopsis(f, c);
	if (c->description) {
		fputs(".PP\n", f);
		text(f, c->description);
	}
	for (size_t i = 0; i < c->nopts; i++) {
		const CliOpt *o = &c->opts[i];
		if (o->letter)
			snprintf(label, sizeof label, "-%c, --%s", o->letter, o->name);
		else
			snprintf(label, sizeof label, "--%s", o->name);
		cli_option_text(o, body, sizeof body);
		option(f, label, o->kind == CLI_FLAG ? NULL : o->meta, body);
	}
	option(f, "-h, --help", NULL, "Print the command's help and exit.");
	if (c->rest)
		option(f, "--", "ARG ...", c->rest_help);
	if (c->exit_status) {
		fputs(".PP\nExit status: ", f);
		text(f, c->exit_status);
	}
}

void cli_man_write(FILE *f, const CliCommand *const *cmds, size_t n)
{
	char ver[64];
	fprintf(f, ".\\\" The manual page of playground, written by `playground help --man` from the\n"
	           ".\\\" commands' option tables (lua/cli_man.c). Do not edit: run `make man`.\n");
	fprintf(f, ".TH PLAYGROUND 1 \"\" \"playground %s\" \"User Commands\"\n", esc(PG_VERSION, ver, sizeof ver));
	fprintf(f, ".nh\n");                             /* option names are never hyphenated */
	fprintf(f, ".SH NAME\nplayground \\- a deterministic simulator of the Apache Flink Operations Playground\n");
	fprintf(f, ".SH SYNOPSIS\n");
	for (size_t i = 0; i < n; i++)
		synopsis(f, cmds[i]);
	fprintf(f, ".PP\n\\fBplayground\\fR \\fB\\-\\-help\\fR | \\fB\\-\\-version\\fR\n");
	fprintf(f, ".SH DESCRIPTION\n");
	text(f, description);
	fprintf(f, ".PP\n\\fBplayground \\-\\-version\\fR prints the version and the Apache Flink version the "
	           "model reproduces (the flink\\-version of its REST API).\n");
	fprintf(f, ".SH COMMANDS\n");
	for (size_t i = 0; i < n; i++)
		command(f, cmds[i]);
	fprintf(f, ".SH VALUES\n");
	text(f, durations);
	fprintf(f, ".SH \"EXIT STATUS\"\n");
	text(f, exit_status);
	fprintf(f, ".SH FILES\n");
	text(f, files);
	fprintf(f, ".SH EXAMPLES\n");
	for (int i = 0; examples[i]; i++)
		fprintf(f, ".PP\n.nf\n%s\n.fi\n", examples[i]);
	fprintf(f, ".SH \"SEE ALSO\"\n");
	text(f, "docs/lua-api.md (the scenario API and the commands), docs/tutorial.md, docs/swarm.md, "
	        "docs/architecture.md, docs/trace-format.md, docs/savepoint-format.md; under the "
	        "installation prefix in share/playground/docs.");
}
