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

int bench_main(int argc, char **argv)
{
	double hours = 24;
	uint64_t seed = 1;
	bool backpressure = false;
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--hours") && i + 1 < argc)
			hours = atof(argv[++i]);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--backpressure"))
			backpressure = true;
		else {
			fprintf(stderr, "usage: playground bench [--hours H] [--seed N] [--backpressure]\n");
			return 2;
		}
	}
	if (!(hours > 0 && hours <= 24 * 30)) {
		fprintf(stderr, "playground bench: --hours must be in (0, 720], not %g\n", hours);
		return 2;
	}
	SimOptions o;
	sim_options_default(&o);
	o.seed = seed;
	o.config.log_retention_ms = 3600 * 1000;
	/* Savepoints of the figures below go to ./savepoints under a host root of their own:
	 * the trace (and its hash) names the relative path, never the random directory. */
	char dir[] = "/tmp/playground-bench-XXXXXX";
	if (!mkdtemp(dir)) {
		perror("playground bench: mkdtemp");
		return 1;
	}
	snprintf(o.host_root, sizeof o.host_root, "%s", dir);
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
	bool ok = check_output(s, &r);
	printf("windows: %s\n", r.summary);
	printf("trace-hash: %016" PRIx64 "\n", sim_trace_hash(s));
	ok = ok && r.ok;
	window_report_free(&r);
	sim_destroy(s);
	rmdir(dir);
	return ok ? 0 : 1;
}
