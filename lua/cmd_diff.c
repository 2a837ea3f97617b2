/*
 * cmd_diff.c — `playground diff`: where two runs part, and what came of each.
 *
 *   playground diff A.lua B.lua [--seed N] [--budget N] [-- ARG …]   two scenarios
 *   playground diff FILE.lua --seeds A,B [-- ARG …]                  one scenario at two seeds
 *   playground diff --traces A.trace B.trace                         two saved traces (--trace)
 *
 * Scenarios are run here, one after the other, each observed through its events and a
 * sample every simulated second (compare.c): the first event where the two differ, then a
 * side-by-side summary — restarts, recovery time, the lag's peak, checkpoints, windows and
 * duplicates, trace hashes. Saved traces can only be compared line by line: the first line
 * where they part and how many lines each has (their text is not interpreted).
 * Exit: 0 when the runs are the same, 1 when they differ, 2 for a usage error or a scenario
 * that does not load.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cliopt.h"
#include "compare.h"
#include "runner.h"

typedef struct DiffArgs {
	uint64_t seed;                /* --seed: both runs' */
	uint64_t seeds[2];            /* --seeds A,B: the first run's and the second's */
	uint64_t budget;              /* --budget */
	bool traces;                  /* --traces */
} DiffArgs;

/* "A,B": two seeds, decimal, each below 2^63. */
static bool parse_seeds(const char *text, void *dest, char *why, size_t whylen)
{
	uint64_t *seeds = dest;
	for (int i = 0; i < 2; i++) {
		char *end;
		if (text[0] < '0' || text[0] > '9')
			return false;
		unsigned long long v = strtoull(text, &end, 10);
		if (v > INT64_MAX || (i == 0 ? *end != ',' : *end != '\0'))
			return false;
		seeds[i] = v;
		text = end + 1;
	}
	(void)why;
	(void)whylen;
	return true;
}

static const char *const diff_also[] = {
	"FILE.lua --seeds A,B [--budget N] [-- ARG ...]",
	"--traces A.trace B.trace",
	NULL,
};

static const CliOpt diff_opts[] = {
	{ .name = "seed", .kind = CLI_U64, .meta = "N", .at = offsetof(DiffArgs, seed), .u_max = INT64_MAX,
	  .def = "1", .help = "The seed both scenarios run with (overrides pg.up{ seed }), as `run --seed`." },
	{ .name = "seeds", .kind = CLI_CUSTOM, .meta = "A,B", .at = offsetof(DiffArgs, seeds), .parse = parse_seeds,
	  .expects = "two seeds A,B (decimal, below 2^63)",
	  .help = "One scenario at two seeds: the first run with seed A, the second with seed B." },
	{ .name = "budget", .kind = CLI_U64, .meta = "N", .at = offsetof(DiffArgs, budget), .u_min = 1,
	  .unit = "Lua instructions", .def_note = "200000000", .help = "Lua VM instructions each run may execute." },
	{ .name = "traces", .kind = CLI_FLAG, .at = offsetof(DiffArgs, traces),
	  .help = "Compare two saved traces (playground run --trace) line by line instead of running scenarios." },
};

const CliCommand diff_cli = {
	.name = "diff",
	.summary = "where two runs part: the first different event and a side-by-side summary",
	.words = "A.lua B.lua",
	.word_noun = "files",
	.max_words = 2,
	.rest = true,
	.rest_help = "Words both scenarios get as arg[1], arg[2], and so on.",
	.also = diff_also,
	.description = "Runs two scenarios (or one at two seeds), quietly, one after the other, and prints the "
	               "first event where they part, then a side-by-side summary: events, simulated time, restarts, "
	               "recovery time (from a switch to RESTARTING until every task is RUNNING again), the consumer "
	               "lag's peak, checkpoints, the output windows judged at the end (missing, wrong, duplicates, "
	               "read_committed duplicates) and the trace hashes; rows that differ are marked *.\n\n"
	               "With --traces, two trace files are compared line by line: the first line where they part "
	               "(their text is not interpreted).",
	.exit_status = "0 the runs (or traces) are the same; 1 they differ; 2 a usage error, a file that cannot be "
	               "read, or a scenario that does not load.",
	.opts = diff_opts,
	.nopts = sizeof diff_opts / sizeof diff_opts[0],
};

static void sampled(void *ctx, const Sim *s) { compare_sample(ctx, s); }

/* Runs one scenario, collecting it into *c; returns the run's status. */
static PgRunStatus collect(const PgRunOptions *base, const char *file, bool seeded, uint64_t seed, CompareRun *c)
{
	PgRunOptions o = *base;
	o.file = file;
	o.seed_given = seeded;
	o.seed = seed;
	o.quiet = true;
	o.listener = compare_on_event;
	o.listener_ctx = c;
	o.sample = sampled;
	o.sample_ctx = c;
	PgRun *r = pgrun_create(&o);
	PgRunStatus st = r ? pgrun_exec(r) : PGRUN_UNLOADABLE;
	if (st == PGRUN_UNLOADABLE)
		fprintf(stderr, "%s\n", r ? pgrun_message(r) : "out of memory");
	else if (st == PGRUN_FAILED)
		fprintf(stderr, "note: %s failed: %s\n", file, pgrun_message(r));
	compare_finish(c, r ? pgrun_sim(r) : NULL);
	if (r && !pgrun_sim(r))
		c->trace_hash = pgrun_trace_hash(r);
	pgrun_destroy(r);
	return st;
}

/* Two saved traces, line by line. */
static int diff_traces(const char *prog, const char *a, const char *b)
{
	FILE *fa = fopen(a, "r"), *fb = fopen(b, "r");
	if (!fa || !fb) {
		fprintf(stderr, "%s diff: cannot read %s\n", prog, !fa ? a : b);
		if (fa)
			fclose(fa);
		if (fb)
			fclose(fb);
		return 2;
	}
	char la[4096], lb[4096];
	long n = 0, first = -1;
	bool ea = false, eb = false;
	char da[4096] = "", db[4096] = "";
	while (!(ea && eb)) {
		ea = ea || !fgets(la, sizeof la, fa);
		eb = eb || !fgets(lb, sizeof lb, fb);
		if (ea && eb)
			break;
		n++;
		if (first < 0 && (ea != eb || strcmp(la, lb) != 0)) {
			first = n;
			snprintf(da, sizeof da, "%s", ea ? "(the trace ends here)\n" : la);
			snprintf(db, sizeof db, "%s", eb ? "(the trace ends here)\n" : lb);
		}
	}
	fclose(fa);
	fclose(fb);
	if (first < 0) {
		printf("the traces are the same: %ld lines\n", n);
		return 0;
	}
	printf("first difference: line %ld\n  %s: %s  %s: %s", first, a, da, b, db);
	return 1;
}

int diff_main(int argc, char **argv)
{
	const char *prog = argv[0];
	DiffArgs a = { 0 };
	CliParsed p;
	int rc = cli_parse_or_report(&diff_cli, argc, argv, &a, &p);
	if (rc)
		return rc == CLI_HELP ? 0 : rc;
	bool two_seeds = cli_given(&diff_cli, &p, "seeds");
	if (a.traces) {
		rc = p.nwords == 2 && !two_seeds && !cli_given(&diff_cli, &p, "seed")
		     ? diff_traces(prog, p.words[0], p.words[1])
		     : cli_usage_error(&diff_cli, prog, "--traces takes two trace files and no --seed or --seeds");
		cli_parsed_free(&p);
		return rc;
	}
	if (two_seeds ? p.nwords != 1 : p.nwords != 2) {
		cli_parsed_free(&p);
		return cli_usage_error(&diff_cli, prog, "two scenarios, or one scenario with --seeds A,B");
	}
	PgRunOptions base;
	pgrun_options_default(&base);
	base.budget = a.budget;
	base.args = p.rest;
	base.nargs = p.nrest;
	const char *files[2] = { p.words[0], two_seeds ? p.words[0] : p.words[1] };
	uint64_t seeds[2] = { two_seeds ? a.seeds[0] : a.seed, two_seeds ? a.seeds[1] : a.seed };
	CompareRun x, y;
	compare_init(&x);
	compare_init(&y);
	PgRunStatus sa = collect(&base, files[0], true, seeds[0], &x);
	PgRunStatus sb = sa == PGRUN_UNLOADABLE ? PGRUN_UNLOADABLE : collect(&base, files[1], true, seeds[1], &y);
	rc = 2;
	if (sa != PGRUN_UNLOADABLE && sb != PGRUN_UNLOADABLE) {
		char la[64], lb[64];
		if (two_seeds) {
			snprintf(la, sizeof la, "seed %" PRIu64, seeds[0]);
			snprintf(lb, sizeof lb, "seed %" PRIu64, seeds[1]);
		} else {
			snprintf(la, sizeof la, "A");
			snprintf(lb, sizeof lb, "B");
			printf("A: %s\nB: %s\n", files[0], files[1]);
		}
		compare_print(stdout, &x, &y, la, lb);
		rc = compare_first_difference(&x, &y) < 0 ? 0 : 1;
	}
	compare_free(&x);
	compare_free(&y);
	cli_parsed_free(&p);
	return rc;
}
