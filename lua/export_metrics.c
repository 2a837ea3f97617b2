/*
 * export_metrics.c — `--metrics FILE.csv`: job and vertex metrics every simulated second.
 *
 * One row per second and vertex of the job the view would show (the newest that has not
 * ended), with the job's columns repeated on each; before any job, one row without vertex
 * columns. Columns (docs/file-formats.md): the time, the job and its state and counts, the
 * consumer lag and the topics' sizes, then the vertex's status, running subtasks, network
 * records, and its subtasks' worst busy / back-pressured time, pool usages and lowest
 * watermark. Read through sim.h's const queries only.
 */
#include "export.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct Metrics {
	FILE *f;
};

const char metrics_columns[] =
	"time_s,job,job_state,restarts,checkpoints_completed,checkpoints_failed,last_checkpoint_bytes,"
	"last_checkpoint_ms,lag_records,input_records,output_records,vertex,parallelism,vertex_status,"
	"tasks_running,read_records,write_records,busy_ms_per_s,backpressured_ms_per_s,out_pool_usage,"
	"in_pool_usage,watermark_ms";

Metrics *metrics_open(const char *path, char *err, size_t errlen)
{
	Metrics *x = calloc(1, sizeof *x);
	if (!x) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (!(x->f = export_open(path, "metrics", err, errlen))) {
		free(x);
		return NULL;
	}
	fprintf(x->f, "%s\n", metrics_columns);
	return x;
}

static double metric(const Sim *s, const char *job, const char *name)
{
	double v = 0;
	return sim_job_metric(s, job, name, &v) == SIM_OK ? v : 0;
}

/* The vertex columns: its status and running subtasks, records, and its subtasks' worst. */
static void vertex_columns(FILE *f, const Sim *s, const char *job, int v)
{
	VertexInfo vi;
	if (sim_vertex_info(s, job, v, &vi) != SIM_OK) {
		fputs(",,,,,,,,,,", f);
		return;
	}
	double busy = 0, bp = 0, outp = 0, inp = 0;
	int64_t wm = INT64_MAX;
	for (int i = 0; i < vi.parallelism; i++) {
		TaskInfo ti;
		if (sim_task_info(s, job, v, i, &ti) != SIM_OK)
			continue;
		busy = ti.busy_ms_per_s > busy ? ti.busy_ms_per_s : busy;
		bp = ti.backpressured_ms_per_s > bp ? ti.backpressured_ms_per_s : bp;
		outp = ti.out_pool_usage > outp ? ti.out_pool_usage : outp;
		inp = ti.in_pool_usage > inp ? ti.in_pool_usage : inp;
		if (ti.watermark_ms != INT64_MIN && ti.watermark_ms < wm)
			wm = ti.watermark_ms;
	}
	fprintf(f, "\"%s\",%d,%s,%d,%" PRIu64 ",%" PRIu64 ",%.1f,%.1f,%.3f,%.3f,", vi.name, vi.parallelism,
	        task_state_name(vi.status), vi.tasks[TASK_RUNNING], vi.read_records, vi.write_records, busy, bp, outp, inp);
	if (wm != INT64_MAX)
		fprintf(f, "%" PRId64, wm);
}

void metrics_sample(Metrics *x, const Sim *s)
{
	char job[33];
	int64_t lag = sim_kafka_lag(s, "click-event-count");
	char common[256];
	snprintf(common, sizeof common, "%" PRId64 ",%" PRId64 ",%" PRId64, lag < 0 ? 0 : lag, export_topic_records(s, "input"),
	         export_topic_records(s, "output"));
	double t = (double)sim_now(s) / 1e6;
	JobInfo ji;
	if (!export_current_job(s, job) || sim_job_info(s, job, &ji) != SIM_OK) {
		fprintf(x->f, "%.0f,,,,,,,,%s,,,,,,,,,,,\n", t, common);
		return;
	}
	for (int v = 0; v < ji.vertex_count; v++) {
		fprintf(x->f, "%.0f,%s,%s,%.0f,%.0f,%.0f,%.0f,%.0f,%s,", t, job, job_state_name(ji.state),
		        metric(s, job, "numRestarts"), metric(s, job, "numberOfCompletedCheckpoints"),
		        metric(s, job, "numberOfFailedCheckpoints"), metric(s, job, "lastCheckpointSize"),
		        metric(s, job, "lastCheckpointDuration"), common);
		vertex_columns(x->f, s, job, v);
		fputc('\n', x->f);
	}
}

int metrics_close(Metrics *x)
{
	if (!x)
		return 0;
	int rc = export_close(x->f);
	free(x);
	return rc;
}
