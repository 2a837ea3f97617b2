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
#include <unistd.h>

#include "check/windows.h"
#include "cli.h"
#include "sim.h"

static double wall_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads the whole output topic and judges every window. */
static bool check_output(const Sim *s, WindowReport *r)
{
	size_t cap = 1 << 16, n = 0;
	KafkaRecordView *v = malloc(cap * sizeof *v);
	if (!v)
		return false;
	for (int p = 0; p < sim_kafka_partitions(s, "output"); p++) {
		int64_t from = sim_kafka_start_offset(s, "output", p), next = from;
		for (;;) {
			if (n == cap) {
				KafkaRecordView *bigger = realloc(v, 2 * cap * sizeof *v);
				if (!bigger) {
					free(v);
					return false;
				}
				v = bigger;
				cap *= 2;
			}
			size_t got = sim_kafka_read(s, "output", p, next, ISOLATION_READ_UNCOMMITTED, v + n, cap - n, &next);
			n += got;
			if (got == 0)
				break;
		}
	}
	WindowCheckOptions o;
	window_check_options_default(&o);
	bool ok = check_windows(v, n, &o, r);
	free(v);
	return ok;
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
	double   wall;                /* seconds in sim_run_until */
	uint64_t records;             /* input records through the source */
	bool     windows_ok;
} BenchRun;

static double ns_per_record(const BenchRun *r)
{
	return r->records ? r->wall * 1e9 / (double)r->records : 0;
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
	double t0 = wall_now();
	sim_run_until(s, end);
	r->wall = wall_now() - t0;
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
		printf("peak_rss_mb: %.1f\n", (double)ru.ru_maxrss / 1024.0);
		printf("trace_lines: %" PRIu64 "\n", sim_trace_lines(s));
		savepoint_figures(s, jid);
	} else {
		printf("%s_records_per_second: %.0f\n", prefix, (double)r->records / r->wall);
		printf("%s_ns_per_record: %.1f\n", prefix, ns_per_record(r));
	}
	WindowReport wr;
	bool ok = check_output(s, &wr);
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
	double hours = 24;
	uint64_t seed = 1;
	bool backpressure = false;
	/* ---- performance options (--parallelism, --rate, --retention, --quick) ---- */
	int parallelism = 2, rate = SIM_GENERATOR_RATE;
	int64_t retention_ms = 7LL * 24 * 3600 * 1000;   /* Kafka's default, what a user gets */
	bool given = false, quick = false;
	bool taken[64] = { false };        /* argv positions read here, skipped below */
	for (int i = 2; i < argc && i + 1 < 64; i++) {
		int was = i;
		if (!strcmp(argv[i], "--parallelism") && i + 1 < argc) {
			parallelism = atoi(argv[++i]);
			given = true;
		} else if (!strcmp(argv[i], "--rate") && i + 1 < argc) {
			rate = atoi(argv[++i]);
			given = true;
		} else if (!strcmp(argv[i], "--retention-hours") && i + 1 < argc) {
			retention_ms = (int64_t)(atof(argv[++i]) * 3600 * 1000);
		} else if (!strcmp(argv[i], "--quick")) {
			quick = true;
		} else {
			continue;
		}
		for (int k = was; k <= i; k++)
			taken[k] = true;
	}
	if (parallelism < 1 || parallelism > SIM_MAX_PARTITIONS || parallelism > 2 * SIM_MAX_TASKMANAGERS) {
		fprintf(stderr, "playground bench: --parallelism must be 1 to %d, not %d\n", SIM_MAX_PARTITIONS, parallelism);
		return 2;
	}
	if (rate < 1 || rate > SIM_MAX_GENERATOR_RATE) {
		fprintf(stderr, "playground bench: --rate must be 1 to %d clicks a second, not %d\n",
		        SIM_MAX_GENERATOR_RATE, rate);
		return 2;
	}
	if (retention_ms < 1) {
		fprintf(stderr, "playground bench: --retention-hours must be positive\n");
		return 2;
	}
	/* ---- end of the performance options ---- */
	for (int i = 2; i < argc; i++) {
		if (i < 64 && taken[i])
			continue;
		if (!strcmp(argv[i], "--hours") && i + 1 < argc)
			hours = atof(argv[++i]);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--backpressure"))
			backpressure = true;
		else {
			fprintf(stderr, "usage: playground bench [--hours H] [--seed N] [--backpressure] [--parallelism P] "
			                "[--rate CLICKS_PER_S] [--retention-hours H] [--quick]\n");
			return 2;
		}
	}
	if (!(hours > 0 && hours <= 24 * 30)) {
		fprintf(stderr, "playground bench: --hours must be in (0, 720], not %g\n", hours);
		return 2;
	}
	printf("bench: Click Event Count%s, parallelism %d, checkpoint every 1000 ms, seed %" PRIu64
	       ", log.retention.ms %" PRId64 ", %d clicks/s\n", backpressure ? " --backpressure" : "", parallelism,
	       seed, retention_ms, rate);
	BenchRun main_run = { .parallelism = parallelism, .rate = rate, .hours = hours,
	                      .retention_ms = retention_ms, .seed = seed, .backpressure = backpressure };
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
		busy.hours = hours / 10;
		if (!bench_run(&wide, false, "p64") || !bench_run(&busy, false, "rate10x"))
			return 1;
		printf("p64_cost_over_p2: %.2f\n", ns_per_record(&wide) / ns_per_record(&main_run));
		ok = ok && wide.windows_ok && busy.windows_ok;
	}
	return ok ? 0 : 1;
}
