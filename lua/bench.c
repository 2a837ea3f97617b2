/*
 * bench.c — `playground bench`: the speed figures of the model (a benchmark, not a test).
 *
 * Simulates the playground with its defaults (parallelism 2, a checkpoint every second,
 * Kafka's default retention of 7 days) for --hours of simulated time, then prints one
 * figure per line: simulated_seconds, wall_seconds, speedup, records_per_second (input
 * records through the whole pipeline per wall second), ns_per_record, cpu_seconds and
 * records_per_cpu_second (the same by the process's CPU time: steadier on a busy machine), peak_rss_mb,
 * trace_lines, the savepoint figures and the window check; then the same at parallelism 64
 * and at tenfold traffic (see bench_cli). Options are the table below (cliopt.h).
 * Wall time is measured here, outside the model; nothing in sim/ sees the host clock. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "check/windows.h"
#include "cli.h"
#include "run_summary.h"
#include "sim.h"

typedef struct BenchArgs {
	double hours;                 /* --hours: simulated hours */
	uint64_t seed;                /* --seed */
	bool backpressure;            /* --backpressure: the Backpressure operator */
	uint64_t parallelism;         /* --parallelism: the job's, = partitions, TaskManagers × 2 slots */
	uint64_t rate;                /* --rate: the generator's clicks per second */
	double retention_hours;       /* --retention-hours: Kafka's log.retention.ms */
	bool quick;                   /* --quick: the first run only */
} BenchArgs;

static const CliOpt bench_opts[] = {
	{ .name = "hours", .kind = CLI_DECIMAL, .meta = "H", .at = offsetof(BenchArgs, hours), .def = "24",
	  .unit = "hours", .d_min = 0, .d_min_open = true, .d_max = 720,
	  .help = "Simulated hours to run." },
	{ .name = "seed", .kind = CLI_U64, .meta = "N", .at = offsetof(BenchArgs, seed), .def = "1",
	  .help = "The run's seed." },
	{ .name = "backpressure", .kind = CLI_FLAG, .at = offsetof(BenchArgs, backpressure),
	  .help = "Add the Backpressure operator to the job, as the playground's --backpressure does." },
	{ .name = "parallelism", .kind = CLI_U64, .meta = "P", .at = offsetof(BenchArgs, parallelism), .def = "2",
	  .u_min = 1, .u_max = 64, .unit = "subtasks",
	  .help = "The job's parallelism, with as many partitions and ceil(P/2) TaskManagers of 2 slots; "
	          "given, only the first run is made." },
	{ .name = "rate", .kind = CLI_U64, .meta = "CLICKS_PER_S", .at = offsetof(BenchArgs, rate), .def = "500",
	  .u_min = 1, .u_max = 100000, .unit = "clicks a second",
	  .help = "The generator's clicks per second (as pg.up{ rate = N }); given, only the first run is made." },
	{ .name = "retention-hours", .kind = CLI_DECIMAL, .meta = "H", .at = offsetof(BenchArgs, retention_hours),
	  .def = "168", .unit = "hours", .d_min = 0, .d_min_open = true, .d_max = 720,
	  .help = "Kafka's log.retention.ms, in hours (Kafka's default: 7 days)." },
	{ .name = "quick", .kind = CLI_FLAG, .at = offsetof(BenchArgs, quick),
	  .help = "Only the first run (not the parallelism-64 and tenfold-traffic runs)." },
};

const CliCommand bench_cli = {
	.name = "bench",
	.summary = "speed figures of the model over simulated hours (a benchmark, not a test)",
	.words = "",
	.description =
		"Runs the default playground (parallelism 2, a checkpoint every second, Kafka's default "
		"retention of 7 days) for H simulated hours, then prints one figure per line: "
		"simulated_seconds, wall_seconds, speedup, records_per_second, ns_per_record, cpu_seconds, "
		"records_per_cpu_second, events_per_simulated_second and ns_per_event (simulation events, "
		"each a handler call, and their CPU cost), peak_rss_mb, "
		"trace_lines, savepoint_write_ms, savepoint_read_ms, windows (the window check's summary) "
		"and trace-hash. Then, unless --parallelism, --rate or --quick is given, a run at "
		"parallelism 64 for one simulated hour (p64_*) and one with tenfold traffic for H/10 hours "
		"(at least 36 s; rate10x_*), p64_cost_over_p2 (by CPU time), the CPU µs per simulated second "
		"of the first run and at parallelism 64, and cost_model: the first run's CPU split into a "
		"part per simulated second and a part per record (from the first run and rate10x).",
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

/* The process's CPU time: on a busy machine the wall clock also counts other processes'
 * turns, the CPU time only this one's work. */
static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
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
	/* The files live under the bench's host root (the trace names only ./savepoints/…). */
	const char *root = sim_options(s)->host_root;
	char path[1200];
	snprintf(path, sizeof path, "%s/%s/_metadata", root, si.path);
	remove(path);
	snprintf(path, sizeof path, "%s/%s", root, si.path);
	remove(path);
	snprintf(path, sizeof path, "%s/%s", root, sim_options(s)->config.savepoints_dir);
	remove(path);
}

/* One simulated run and what it measured. */
typedef struct BenchRun {
	int      parallelism, rate;   /* job parallelism (= partitions, TaskManagers × 2 slots), clicks/s */
	double   hours;               /* simulated */
	int64_t  retention_ms;        /* log.retention.ms */
	uint64_t seed;
	bool     backpressure;
	double   wall, cpu;           /* wall-clock and CPU seconds in sim_run_until */
	uint64_t records;             /* input records through the source */
	uint64_t events;              /* simulation events run (handler calls) during the run */
	bool     windows_ok;
} BenchRun;

static double ns_per_record(const BenchRun *r)
{
	return r->records ? r->wall * 1e9 / (double)r->records : 0;
}

static double cpu_ns_per_record(const BenchRun *r)
{
	return r->records ? r->cpu * 1e9 / (double)r->records : 0;
}

/* CPU ns per simulation event, its handler's work included. */
static double ns_per_event(const BenchRun *r)
{
	return r->events ? r->cpu * 1e9 / (double)r->events : 0;
}

/* CPU µs per simulated second. */
static double cpu_us_per_second(const BenchRun *r) { return r->cpu * 1e6 / (r->hours * 3600.0); }

/* Where the CPU goes, from two runs at different rates (the first run and tenfold traffic):
 * cost per simulated second = fixed + per record × records a second. The fixed part is what
 * time costs whatever the traffic (timers, heartbeats, checkpoints, flushes, fetches); it
 * dominates at the playground's 500 clicks a second. */
static void cost_model(const BenchRun *a, const BenchRun *b)
{
	double ra = (double)a->records / (a->hours * 3600.0), rb = (double)b->records / (b->hours * 3600.0);
	if (rb <= ra)
		return;
	double per_record_us = (cpu_us_per_second(b) - cpu_us_per_second(a)) / (rb - ra);
	printf("cost_model: %.1f us of CPU per simulated second + %.1f ns per record (from the first run and rate10x)\n",
	       cpu_us_per_second(a) - per_record_us * ra, per_record_us * 1000.0);
}

/* Runs the playground as r says; `full` prints every figure (savepoints, trace), otherwise
 * the speed and the window check under `prefix`. Returns false if it could not start. */
static bool bench_run(BenchRun *r, bool full, const char *prefix)
{
	SimOptions o;
	sim_options_default(&o);
	o.seed = r->seed;
	o.partitions = r->parallelism;
	o.taskmanagers = (r->parallelism + 1) / 2;
	o.slots = 2;
	o.generator_rate = r->rate;
	o.config.log_retention_ms = r->retention_ms;
	/* Savepoints of the figures below go to ./savepoints under a host root of their own:
	 * the trace (and its hash) names the relative path, never the random directory. */
	char dir[] = "/tmp/playground-bench-XXXXXX";
	if (!mkdtemp(dir)) {
		perror("playground bench: mkdtemp");
		return false;
	}
	snprintf(o.host_root, sizeof o.host_root, "%s", dir);
	Sim *s = sim_create(&o);
	JobOptions jo;
	job_options_default(&jo);
	jo.backpressure = r->backpressure;
	jo.parallelism = r->parallelism;
	char jid[33];
	if (sim_up(s) != SIM_OK || sim_job_submit(s, &jo, jid) != SIM_OK) {
		fprintf(stderr, "playground bench: %s\n", sim_error(s));
		sim_destroy(s);
		rmdir(dir);
		return false;
	}
	SimTime end = (SimTime)(r->hours * 3600.0 * 1e6);
	uint64_t e0 = sim_events_run(s);
	double t0 = wall_now(), c0 = cpu_now();
	sim_run_until(s, end);
	r->wall = wall_now() - t0;
	r->cpu = cpu_now() - c0;
	r->events = sim_events_run(s) - e0;
	VertexInfo src;
	sim_vertex_info(s, jid, 0, &src);
	r->records = src.write_records;
	double simulated = (double)end / 1e6;
	if (full) {
		struct rusage ru;
		getrusage(RUSAGE_SELF, &ru);
		printf("simulated_seconds: %.0f\n", simulated);
		printf("wall_seconds: %.3f\n", r->wall);
		printf("speedup: %.0f\n", simulated / r->wall);
		printf("records_per_second: %.0f\n", (double)r->records / r->wall);
		printf("ns_per_record: %.1f\n", ns_per_record(r));
		printf("cpu_seconds: %.3f\n", r->cpu);
		printf("records_per_cpu_second: %.0f\n", r->cpu > 0 ? (double)r->records / r->cpu : 0);
		printf("events_per_simulated_second: %.0f\n", (double)r->events / simulated);
		printf("ns_per_event: %.1f\n", ns_per_event(r));
		printf("peak_rss_mb: %.1f\n", (double)ru.ru_maxrss / 1024.0);
		printf("trace_lines: %" PRIu64 "\n", sim_trace_lines(s));
		savepoint_figures(s, jid);
	} else {
		printf("%s_records_per_second: %.0f\n", prefix, (double)r->records / r->wall);
		printf("%s_ns_per_record: %.1f\n", prefix, ns_per_record(r));
		printf("%s_records_per_cpu_second: %.0f\n", prefix, r->cpu > 0 ? (double)r->records / r->cpu : 0);
		printf("%s_events_per_simulated_second: %.0f\n", prefix, (double)r->events / simulated);
		printf("%s_ns_per_event: %.1f\n", prefix, ns_per_event(r));
	}
	WindowReport wr;
	bool ok = run_summary_windows(s, ISOLATION_READ_UNCOMMITTED, &wr);
	printf("%s%s%s: %s\n", full ? "" : prefix, full ? "" : "_", "windows", wr.summary);
	if (full)
		printf("trace-hash: %016" PRIx64 "\n", sim_trace_hash(s));
	r->windows_ok = ok && wr.ok;
	window_report_free(&wr);
	sim_destroy(s);
	rmdir(dir);
	return true;
}

int bench_main(int argc, char **argv)
{
	BenchArgs a = { 0 };
	CliParsed p;
	int rc = cli_parse_or_report(&bench_cli, argc, argv, &a, &p);
	if (rc)
		return rc == CLI_HELP ? 0 : rc;
	bool given = cli_given(&bench_cli, &p, "parallelism") || cli_given(&bench_cli, &p, "rate");
	cli_parsed_free(&p);
	int parallelism = (int)a.parallelism, rate = (int)a.rate;
	int64_t retention_ms = (int64_t)(a.retention_hours * 3600 * 1000);
	if (parallelism > 2 * SIM_MAX_TASKMANAGERS)
		return cli_usage_error(&bench_cli, argv[0], "--parallelism %d needs more than %d TaskManagers",
		                       parallelism, SIM_MAX_TASKMANAGERS);
	printf("bench: Click Event Count%s, parallelism %d, checkpoint every 1000 ms, seed %" PRIu64
	       ", log.retention.ms %" PRId64 ", %d clicks/s\n", a.backpressure ? " --backpressure" : "", parallelism,
	       a.seed, retention_ms, rate);
	BenchRun main_run = { .parallelism = parallelism, .rate = rate, .hours = a.hours,
	                      .retention_ms = retention_ms, .seed = a.seed, .backpressure = a.backpressure };
	double hours = a.hours;
	bool quick = a.quick;
	if (!bench_run(&main_run, true, ""))
		return 1;
	bool ok = main_run.windows_ok;
	if (!given && !quick) {
		/* Flat in parallelism: 64 subtasks a vertex (32 TaskManagers × 2 slots, 64
		 * partitions), one simulated hour, against the run above; and tenfold traffic. */
		BenchRun wide = main_run, busy = main_run;
		wide.parallelism = 64;
		wide.hours = hours < 1 ? hours : 1;
		busy.rate = 10 * rate > SIM_MAX_GENERATOR_RATE ? SIM_MAX_GENERATOR_RATE : 10 * rate;
		/* H/10, but no less than 36 s (or H): the playground's containers take ~10 s to start
		 * (playground.startup.*), and a run shorter than that has no window to judge. */
		busy.hours = hours / 10 < 0.01 ? (hours < 0.01 ? hours : 0.01) : hours / 10;
		if (!bench_run(&wide, false, "p64") || !bench_run(&busy, false, "rate10x"))
			return 1;
		/* by CPU time: the ratio of two wall-clock times on a shared machine is mostly noise */
		printf("p64_cost_over_p2: %.2f\n", cpu_ns_per_record(&wide) / cpu_ns_per_record(&main_run));
		printf("cpu_us_per_simulated_second: %.1f\n", cpu_us_per_second(&main_run));
		printf("p64_cpu_us_per_simulated_second: %.1f\n", cpu_us_per_second(&wide));
		cost_model(&main_run, &busy);
		ok = ok && wide.windows_ok && busy.windows_ok;
	}
	return ok ? 0 : 1;
}
