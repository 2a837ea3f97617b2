/*
 * bench.c — `playground bench`: the speed figures of the model (a benchmark, not a test).
 *
 * Simulates the playground with its defaults (parallelism 2, a checkpoint every second)
 * for --hours of simulated time, then prints one figure per line:
 *   simulated_seconds, wall_seconds, speedup, records_per_second (input records through
 *   the whole pipeline per wall second), peak_rss_mb, events, and the window check.
 * The broker runs with log.retention.ms = 1 h (printed): with Kafka's default of 7 days a
 * simulated day keeps every one of its 43 M input records in memory.
 * Wall time is measured here, outside the model; nothing in sim/ sees the host clock.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "check/windows.h"
#include "cli.h"
#include "run_summary.h"
#include "sim.h"

typedef struct BenchArgs {
	double hours;                 /* --hours: simulated hours */
	uint64_t seed;                /* --seed */
	bool backpressure;            /* --backpressure: the Backpressure operator */
} BenchArgs;

static const CliOpt bench_opts[] = {
	{ .name = "hours", .kind = CLI_DECIMAL, .meta = "H", .at = offsetof(BenchArgs, hours), .def = "24",
	  .unit = "hours", .d_min = 0, .d_min_open = true, .d_max = 720,
	  .help = "Simulated hours to run." },
	{ .name = "seed", .kind = CLI_U64, .meta = "N", .at = offsetof(BenchArgs, seed), .def = "1",
	  .help = "The run's seed." },
	{ .name = "backpressure", .kind = CLI_FLAG, .at = offsetof(BenchArgs, backpressure),
	  .help = "Add the Backpressure operator to the job, as the playground's --backpressure does." },
};

const CliCommand bench_cli = {
	.name = "bench",
	.summary = "speed figures of the model over simulated hours (a benchmark, not a test)",
	.words = "",
	.description =
		"Runs the default playground (parallelism 2, a checkpoint every second) for H simulated "
		"hours with log.retention.ms = 1 h, then prints one figure per line: simulated_seconds, "
		"wall_seconds, speedup, records_per_second, peak_rss_mb, trace_lines, savepoint_write_ms, "
		"savepoint_read_ms, windows (the window check's summary) and trace-hash.",
	.exit_status = "0 every window counted 1000; 1 otherwise; 2 a usage error.",
	.opts = bench_opts,
	.nopts = sizeof bench_opts / sizeof bench_opts[0],
};

static double wall_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Wall time of a savepoint of the running job (trigger → file written, a few simulated
 * milliseconds) and of reading it back (parsing and validating, as a submission does). */
static void savepoint_figures(Sim *s, const char *jid)
{
	char trigger[33];
	double t0 = wall_now();
	if (sim_job_savepoint(s, jid, false, false, trigger) != SIM_OK)
		return;
	SavepointInfo si;
	do
		sim_step(s);
	while (sim_savepoint_info(s, trigger, &si) == SIM_OK && si.status == SAVEPOINT_IN_PROGRESS);
	double written = wall_now() - t0;
	JobOptions jo;
	job_options_default(&jo);
	jo.savepoint = si.path;
	char jid2[33];
	t0 = wall_now();
	SimStatus st = sim_job_submit(s, &jo, jid2);
	double read = wall_now() - t0;
	printf("savepoint_write_ms: %.3f\n", written * 1e3);
	printf("savepoint_read_ms: %.3f%s\n", read * 1e3, st == SIM_OK ? "" : " (refused)");
	sim_job_cancel(s, jid2);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "%s/_metadata", si.path);
	remove(cmd);
	remove(si.path);
	remove(sim_options(s)->config.savepoints_dir);
}

int bench_main(int argc, char **argv)
{
	BenchArgs a = { 0 };
	CliParsed p;
	int rc = cli_parse_or_report(&bench_cli, argc, argv, &a, &p);
	if (rc)
		return rc == CLI_HELP ? 0 : rc;
	cli_parsed_free(&p);
	double hours = a.hours;
	uint64_t seed = a.seed;
	bool backpressure = a.backpressure;
	SimOptions o;
	sim_options_default(&o);
	o.seed = seed;
	o.config.log_retention_ms = 3600 * 1000;
	char dir[] = "/tmp/playground-bench-XXXXXX";   /* savepoints of the figures below */
	if (!mkdtemp(dir)) {
		perror("playground bench: mkdtemp");
		return 1;
	}
	snprintf(o.config.savepoints_dir, sizeof o.config.savepoints_dir, "%s", dir);
	Sim *s = sim_create(&o);
	JobOptions jo;
	job_options_default(&jo);
	jo.backpressure = backpressure;
	char jid[33];
	if (sim_up(s) != SIM_OK || sim_job_submit(s, &jo, jid) != SIM_OK) {
		fprintf(stderr, "playground bench: %s\n", sim_error(s));
		sim_destroy(s);
		return 1;
	}
	printf("bench: Click Event Count%s, parallelism 2, checkpoint every 1000 ms, seed %" PRIu64
	       ", log.retention.ms 3600000\n", backpressure ? " --backpressure" : "", seed);
	SimTime end = (SimTime)(hours * 3600.0 * 1e6);
	double t0 = wall_now();
	sim_run_until(s, end);
	double wall = wall_now() - t0;
	VertexInfo src;
	sim_vertex_info(s, jid, 0, &src);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	double simulated = (double)end / 1e6;
	printf("simulated_seconds: %.0f\n", simulated);
	printf("wall_seconds: %.3f\n", wall);
	printf("speedup: %.0f\n", simulated / wall);
	printf("records_per_second: %.0f\n", (double)src.write_records / wall);
	printf("peak_rss_mb: %.1f\n", (double)ru.ru_maxrss / 1024.0);
	printf("trace_lines: %" PRIu64 "\n", sim_trace_lines(s));
	savepoint_figures(s, jid);
	WindowReport r;
	bool ok = run_summary_windows(s, ISOLATION_READ_UNCOMMITTED, &r);
	printf("windows: %s\n", r.summary);
	printf("trace-hash: %016" PRIx64 "\n", sim_trace_hash(s));
	ok = ok && r.ok;
	window_report_free(&r);
	sim_destroy(s);
	return ok ? 0 : 1;
}
