/*
 * cmd_diff.c — `playground diff`: where two runs part, and what came of each.
 *
 *   playground diff A.lua B.lua [--seed N] [--budget N] [-- ARG …]   two scenarios
 *   playground diff FILE.lua --seed A --seed B [-- ARG …]            one scenario at two seeds
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
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "compare.h"
#include "runner.h"

static int usage(const char *prog, const char *problem)
{
	if (problem)
		fprintf(stderr, "%s diff: %s\n", prog, problem);
	fprintf(problem ? stderr : stdout,
	        "usage: %s diff A.lua B.lua [--seed N] [--budget N] [-- ARG ...]\n"
	        "       %s diff FILE.lua --seed A --seed B [--budget N] [-- ARG ...]\n"
	        "       %s diff --traces A.trace B.trace\n"
	        "Runs both and prints the first event where they part and a side-by-side summary\n"
	        "(restarts, recovery time, lag peak, windows, duplicates). Exit 0 same, 1 different, 2 error.\n",
	        prog, prog, prog);
	return problem ? 2 : 0;
}

static bool parse_seed(const char *s, uint64_t *out)
{
	char *end;
	if (!s[0] || s[0] < '0' || s[0] > '9')
		return false;
	unsigned long long v = strtoull(s, &end, 10);
	*out = v;
	return *end == '\0' && v <= INT64_MAX;
}

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
	static const struct option longopts[] = {
		{ "seed", required_argument, NULL, 's' }, { "budget", required_argument, NULL, 'b' },
		{ "traces", no_argument, NULL, 't' }, { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	const char *prog = argv[0];
	PgRunOptions base;
	pgrun_options_default(&base);
	uint64_t seeds[2] = { 1, 1 };
	int nseeds = 0;
	bool traces = false;
	int nopt = 2;                      /* the words before "--": options and files, in any order */
	while (nopt < argc && strcmp(argv[nopt], "--") != 0)
		nopt++;
	if (nopt < argc) {
		base.args = argv + nopt + 1;
		base.nargs = argc - nopt - 1;
	}
	optind = 2;
	opterr = 0;
	int c;
	while ((c = getopt_long(nopt, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h')
			return usage(prog, NULL);
		if (c == 't') {
			traces = true;
		} else if (c == 's') {
			if (nseeds == 2)
				return usage(prog, "--seed at most twice (the first run's, then the second's)");
			if (!parse_seed(optarg, &seeds[nseeds++]))
				return usage(prog, "--seed needs an unsigned integer below 2^63");
		} else if (c == 'b') {
			uint64_t v;
			if (!parse_seed(optarg, &v) || v == 0)
				return usage(prog, "--budget needs a positive number of Lua instructions");
			base.budget = v;
		} else {
			return usage(prog, "unknown option or missing value");
		}
	}
	const char *files[2] = { NULL, NULL };
	int nfiles = 0;
	for (; optind < nopt; optind++) {
		if (nfiles == 2)
			return usage(prog, "two files at most");
		files[nfiles++] = argv[optind];
	}
	if (traces)
		return nfiles == 2 && nseeds == 0 ? diff_traces(prog, files[0], files[1])
		                                  : usage(prog, "--traces takes two trace files and no --seed");
	if (nfiles == 0 || (nfiles == 1 && nseeds < 2))
		return usage(prog, "two scenarios, or one scenario and two --seed values");
	if (nfiles == 1)
		files[1] = files[0];
	if (nseeds == 1)
		seeds[1] = seeds[0];
	CompareRun a, b;
	compare_init(&a);
	compare_init(&b);
	PgRunStatus sa = collect(&base, files[0], nseeds > 0, seeds[0], &a);
	PgRunStatus sb = sa == PGRUN_UNLOADABLE ? PGRUN_UNLOADABLE : collect(&base, files[1], nseeds > 0, seeds[1], &b);
	int rc = 2;
	if (sa != PGRUN_UNLOADABLE && sb != PGRUN_UNLOADABLE) {
		char la[64], lb[64];
		if (nfiles == 1) {
			snprintf(la, sizeof la, "seed %" PRIu64, seeds[0]);
			snprintf(lb, sizeof lb, "seed %" PRIu64, seeds[1]);
		} else {
			snprintf(la, sizeof la, "A");
			snprintf(lb, sizeof lb, "B");
			printf("A: %s\nB: %s\n", files[0], files[1]);
		}
		compare_print(stdout, &a, &b, la, lb);
		rc = compare_first_difference(&a, &b) < 0 ? 0 : 1;
	}
	compare_free(&a);
	compare_free(&b);
	return rc;
}
