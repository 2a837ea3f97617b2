/*
 * cmd_run.c — `playground run` (one scenario, one seed) and `playground swarm` (one
 * scenario over a range of seeds, each in a fresh Sim and a fresh Lua state).
 *
 * Wall-clock time is measured here, for the swarm's seeds/s only; the model never sees it.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "runner.h"

typedef struct CliArgs {
	const char *prog;             /* argv[0] */
	const char *cmd;              /* "run" or "swarm" */
	PgRunOptions run;             /* file, seed, budget, args, narrate, … */
	const char *trace_path;       /* run --trace FILE, or NULL */
	uint64_t seeds, first;        /* swarm --seeds N --first S */
	bool seeds_given;
	bool verbose;                 /* swarm: show scenario output */
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
	if (strcmp(a->cmd, "run") == 0)
		fprintf(stderr, "usage: %s run FILE.lua [--seed N] [--trace FILE] [--narrate] [--budget N] [-- ARG ...]\n", a->prog);
	else
		fprintf(stderr, "usage: %s swarm FILE.lua --seeds N [--first S] [--budget N] [--verbose] [-- ARG ...]\n", a->prog);
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
	} else if (strcmp(name, "--seeds") == 0) {
		if (!parse_u64(v, &a->seeds) || a->seeds == 0)
			return usage_error(a, "--seeds needs a positive integer, got", v);
		a->seeds_given = true;
	} else if (strcmp(name, "--first") == 0) {
		if (!parse_u64(v, &a->first))
			return usage_error(a, "--first needs an unsigned integer, got", v);
	}
	return 0;
}

/* Parses both commands' arguments; returns 0 or the exit code of a usage error. */
static int parse_args(int argc, char **argv, bool swarm, CliArgs *a)
{
	static const struct {
		const char *name;         /* "--seed" */
		bool value;               /* takes a value ("--seed N" or "--seed=N") */
		bool run, swarm;          /* accepted by */
	} opts[] = {
		{ "--seed", true, true, false }, { "--trace", true, true, false }, { "--narrate", false, true, false },
		{ "--budget", true, true, true }, { "--seeds", true, false, true }, { "--first", true, false, true },
		{ "--verbose", false, false, true },
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
		       !(strlen(opts[k].name) == n && strncmp(arg, opts[k].name, n) == 0 && (swarm ? opts[k].swarm : opts[k].run)))
			k++;
		if (k == sizeof opts / sizeof opts[0])
			return usage_error(a, "unknown option", arg);
		if (!opts[k].value) {
			if (arg[n] == '=')
				return usage_error(a, "this option takes no value:", arg);
			if (strcmp(opts[k].name, "--narrate") == 0)
				a->run.narrate = true;
			else
				a->verbose = true;
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
	if (swarm && !a->seeds_given)
		return usage_error(a, "--seeds N is required", NULL);
	return 0;
}

int run_main(int argc, char **argv)
{
	CliArgs a = { .prog = argv[0], .cmd = "run" };
	pgrun_options_default(&a.run);
	int rc = parse_args(argc, argv, false, &a);
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

static double wall_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "PROG run FILE --seed K [--budget N] [-- ARGS]": the command that replays one seed. */
static void print_replay(const CliArgs *a, uint64_t seed)
{
	printf("  replay: %s run %s --seed %" PRIu64, a->prog, a->run.file, seed);
	if (a->run.budget)
		printf(" --budget %" PRIu64, a->run.budget);
	if (a->run.nargs > 0)
		printf(" --");
	for (int i = 0; i < a->run.nargs; i++)
		printf(" %s", a->run.args[i]);
	printf("\n");
}

int swarm_main(int argc, char **argv)
{
	CliArgs a = { .prog = argv[0], .cmd = "swarm", .first = 1 };
	pgrun_options_default(&a.run);
	int rc = parse_args(argc, argv, true, &a);
	if (rc)
		return rc;
	setvbuf(stdout, NULL, _IOLBF, 0);
	a.run.quiet = !a.verbose;
	a.run.seed_given = true;
	uint64_t failed = 0;
	double start = wall_seconds();
	for (uint64_t k = 0; k < a.seeds; k++) {
		a.run.seed = a.first + k;
		PgRun *r = pgrun_create(&a.run);
		PgRunStatus st = r ? pgrun_exec(r) : PGRUN_UNLOADABLE;
		if (st == PGRUN_UNLOADABLE) {              /* the same for every seed: stop here */
			fprintf(stderr, "%s\n", r ? pgrun_message(r) : "out of memory");
			pgrun_destroy(r);
			return 2;
		}
		if (st == PGRUN_FAILED) {
			failed++;
			printf("FAIL seed %" PRIu64 ": %s\n", a.run.seed, pgrun_message(r));
			print_replay(&a, a.run.seed);
		}
		pgrun_destroy(r);
	}
	double secs = wall_seconds() - start;
	printf("swarm: %" PRIu64 " seeds, %" PRIu64 " failed, %.1f seeds/s\n", a.seeds, failed,
	       secs > 0 ? (double)a.seeds / secs : 0.0);
	return failed ? 1 : 0;
}
