/*
 * cmd_run.c — `playground run`: one scenario, one seed. (`playground swarm`, the same over
 * many seeds, is cmd_swarm.c.)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "runner.h"

typedef struct CliArgs {
	const char *prog;             /* argv[0] */
	const char *cmd;              /* "run" */
	PgRunOptions run;             /* file, seed, budget, args, narrate, … */
	const char *trace_path;       /* run --trace FILE, or NULL */
} CliArgs;

static bool parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	if (!s || !*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return true;
}

static int usage_error(const CliArgs *a, const char *problem, const char *detail)
{
	fprintf(stderr, "%s %s: %s%s%s\n", a->prog, a->cmd, problem, detail ? " " : "", detail ? detail : "");
	fprintf(stderr, "usage: %s run FILE.lua [--seed N] [--trace FILE] [--narrate] [--budget N] [-- ARG ...]\n", a->prog);
	return 2;
}

/* Applies one option that takes a value; returns 0 or a usage error's exit code. */
static int apply_option(CliArgs *a, const char *name, const char *v)
{
	if (strcmp(name, "--seed") == 0) {
		if (!parse_u64(v, &a->run.seed))
			return usage_error(a, "--seed needs an unsigned integer, got", v);
		a->run.seed_given = true;
	} else if (strcmp(name, "--budget") == 0) {
		if (!parse_u64(v, &a->run.budget) || a->run.budget == 0)
			return usage_error(a, "--budget needs a positive number of Lua instructions, got", v);
	} else if (strcmp(name, "--trace") == 0) {
		a->trace_path = v;
	} else if (strcmp(name, "--timeline") == 0) {
		a->run.timeline_path = v;
	} else if (strcmp(name, "--metrics") == 0) {
		a->run.metrics_path = v;
	}
	return 0;
}

/* Parses run's arguments; returns 0 or the exit code of a usage error. */
static int parse_args(int argc, char **argv, CliArgs *a)
{
	static const struct {
		const char *name;         /* "--seed" */
		bool value;               /* takes a value ("--seed N" or "--seed=N") */
	} opts[] = {
		{ "--seed", true }, { "--trace", true }, { "--narrate", false }, { "--budget", true },
		{ "--timeline", true }, { "--metrics", true },
	};
	for (int i = 2; i < argc; i++) {
		const char *arg = argv[i];
		if (strcmp(arg, "--") == 0) {
			a->run.args = argv + i + 1;
			a->run.nargs = argc - i - 1;
			break;
		}
		if (arg[0] != '-' || arg[1] == '\0') {
			if (a->run.file)
				return usage_error(a, "one scenario file at a time; extra argument", arg);
			a->run.file = arg;
			continue;
		}
		size_t n = strcspn(arg, "=");
		size_t k = 0;
		while (k < sizeof opts / sizeof opts[0] &&
		       !(strlen(opts[k].name) == n && strncmp(arg, opts[k].name, n) == 0))
			k++;
		if (k == sizeof opts / sizeof opts[0])
			return usage_error(a, "unknown option", arg);
		if (!opts[k].value) {
			if (arg[n] == '=')
				return usage_error(a, "this option takes no value:", arg);
			a->run.narrate = true;                 /* the one option without a value */
			continue;
		}
		const char *v = arg[n] == '=' ? arg + n + 1 : i + 1 < argc ? argv[++i] : NULL;
		if (!v)
			return usage_error(a, "missing value after", arg);
		int rc = apply_option(a, opts[k].name, v);
		if (rc)
			return rc;
	}
	if (!a->run.file)
		return usage_error(a, "no scenario file given", NULL);
	return 0;
}

int run_main(int argc, char **argv)
{
	CliArgs a = { .prog = argv[0], .cmd = "run" };
	pgrun_options_default(&a.run);
	int rc = parse_args(argc, argv, &a);
	if (rc)
		return rc;
	setvbuf(stdout, NULL, _IOLBF, 0);              /* keep order with stderr; survive aborts */
	if (a.trace_path && !(a.run.trace = fopen(a.trace_path, "w"))) {
		fprintf(stderr, "%s run: cannot write the trace to %s\n", a.prog, a.trace_path);
		return 2;
	}
	PgRun *r = pgrun_create(&a.run);
	PgRunStatus st = r ? pgrun_exec(r) : PGRUN_UNLOADABLE;
	fflush(stdout);
	if (st != PGRUN_OK)
		fprintf(stderr, "%s\n%s", r ? pgrun_message(r) : "out of memory", r ? pgrun_traceback(r) : "");
	if (st != PGRUN_UNLOADABLE)
		printf("trace-hash: %016" PRIx64 "\n", pgrun_trace_hash(r));
	pgrun_destroy(r);
	if (a.run.trace && fclose(a.run.trace) != 0) {
		fprintf(stderr, "%s run: error writing the trace to %s\n", a.prog, a.trace_path);
		return st == PGRUN_OK ? 1 : (int)st;
	}
	return (int)st;
}
