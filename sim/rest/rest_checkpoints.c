/*
 * rest_checkpoints.c — GET /jobs/<id>/checkpoints (CheckpointingStatistics),
 * …/checkpoints/config (CheckpointConfigInfo) and …/checkpoints/details/<n>.
 *
 * The counts, the summary (min/max/avg over every completed checkpoint of the job's life) and
 * latest.restored come from the coordinator's statistics (sim_checkpoint_stats), as Flink's
 * CheckpointStatsTracker keeps them; the history is the last web.checkpoints.history (10).
 * Entries carry Flink's type property "@class" (completed, failed, in_progress). A streaming
 * job always has checkpoint statistics: StreamingJobGraphGenerator sets checkpoint settings
 * even without checkpointing (interval Long.MAX_VALUE), so "Checkpointing has not been
 * enabled." (404) never answers for Click Event Count — its counts are simply zero.
 */
#include "rest_views.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rest.h"

#define put rest_put
#define jint rest_jint
#define CP_SCAN_MAX      256     /* checkpoint statistics read per request */
#define CP_HISTORY_SHOWN 10      /* web.checkpoints.history, Flink's default */

static const char *cp_class(CheckpointStatus st)
{
	return st == CP_COMPLETED ? "completed" : st == CP_FAILED ? "failed" : "in_progress";
}

static const char *cp_status(CheckpointStatus st)
{
	return st == CP_COMPLETED ? "COMPLETED" : st == CP_FAILED ? "FAILED" : "IN_PROGRESS";
}

/* AbstractCheckpointStats: the latest acknowledgement and the duration up to it, -1 before
 * the first. */
static void ack_times(const Sim *s, SimTime trigger, SimTime latest_ack, int64_t *ack_ms, int64_t *duration)
{
	*ack_ms = rest_clock_ms(s, latest_ack, -1);
	*duration = latest_ack < 0 ? -1 : (latest_ack - trigger) / SIM_US_PER_MS;
	if (*duration < -1)
		*duration = 0;
}

/* TaskCheckpointStatistics of each vertex that has subtasks, keyed by vertex id. */
static json_t *tasks_json(const Sim *s, const JobInfo *ji, const CheckpointInfo *c)
{
	json_t *tasks = json_object();
	for (int v = 0; v < ji->vertex_count && v < SIM_MAX_VERTICES; v++) {
		VertexInfo vi;
		if (sim_vertex_info(s, ji->jid, v, &vi) != SIM_OK)
			continue;
		int64_t ack, duration;
		ack_times(s, c->trigger_time, c->vertex_ack[v], &ack, &duration);
		json_t *o = json_object();
		put(o, "id", jint(c->id));
		put(o, "status", json_string(cp_status(c->status)));     /* the checkpoint's, as Flink's */
		put(o, "latest_ack_timestamp", jint(ack));
		put(o, "state_size", jint((int64_t)c->vertex_size[v]));
		put(o, "end_to_end_duration", jint(duration));
		put(o, "alignment_buffered", jint(0));
		if (!rest_v19(s)) {
			put(o, "processed_data", jint(0));
			put(o, "persisted_data", jint(0));
		}
		put(o, "num_subtasks", json_integer(vi.parallelism));
		put(o, "num_acknowledged_subtasks", json_integer(c->vertex_acked[v]));
		put(tasks, vi.id, o);
	}
	return tasks;
}

/* One CheckpointStatistics; the history and latest entries carry no per-task statistics. */
static json_t *checkpoint_json(const Sim *s, const JobInfo *ji, const CheckpointInfo *c, bool with_tasks)
{
	int64_t trigger = rest_clock_ms(s, c->trigger_time, 0), ack, duration;
	ack_times(s, c->trigger_time, c->latest_ack, &ack, &duration);
	json_t *o = json_object();
	put(o, "@class", json_string(cp_class(c->status)));
	put(o, "id", jint(c->id));
	put(o, "status", json_string(cp_status(c->status)));
	put(o, "is_savepoint", json_boolean(c->savepoint));
	put(o, "trigger_timestamp", jint(trigger));
	put(o, "latest_ack_timestamp", jint(ack));
	put(o, "state_size", jint((int64_t)c->size_bytes));
	put(o, "end_to_end_duration", jint(duration));
	put(o, "alignment_buffered", jint(0));          /* nothing is buffered: the inputs block */
	if (!rest_v19(s)) {
		put(o, "processed_data", jint(0));
		put(o, "persisted_data", jint(0));          /* aligned checkpoints persist no in-flight data */
	}
	put(o, "num_subtasks", json_integer(c->total));
	put(o, "num_acknowledged_subtasks", json_integer(c->acknowledged));
	if (!rest_v19(s))
		put(o, "checkpoint_type", json_string(c->savepoint ? "SAVEPOINT" : "CHECKPOINT"));
	put(o, "tasks", with_tasks ? tasks_json(s, ji, c) : json_object());
	if (c->status == CP_COMPLETED) {
		char location[400];
		rest_savepoint_location(c->path, location, sizeof location);
		put(o, "external_path", c->path[0] ? rest_jstr(location) : json_null());
		put(o, "discarded", json_boolean(c->discarded));
	} else if (c->status == CP_FAILED) {
		put(o, "failure_timestamp", jint(rest_clock_ms(s, c->end_time, 0)));
		put(o, "failure_message", c->failure[0] ? rest_jstr(c->failure) : json_null());
	}
	return o;
}

/* MinMaxAvgStatistics: all zero before the first sample, avg rounded down. */
static json_t *mma_json(int64_t min, int64_t max, int64_t sum, int64_t n)
{
	json_t *o = json_object();
	put(o, "min", jint(n ? min : 0));
	put(o, "max", jint(n ? max : 0));
	put(o, "avg", jint(n ? sum / n : 0));
	return o;
}

static json_t *summary_json(const Sim *s, const CheckpointStats *st)
{
	json_t *o = json_object();
	put(o, "state_size", mma_json(st->size_min, st->size_max, st->size_sum, st->samples));
	put(o, "end_to_end_duration", mma_json(st->duration_min, st->duration_max, st->duration_sum, st->samples));
	put(o, "alignment_buffered", mma_json(0, 0, 0, st->samples));
	if (!rest_v19(s)) {
		put(o, "processed_data", mma_json(0, 0, 0, st->samples));
		put(o, "persisted_data", mma_json(0, 0, 0, st->samples));
	}
	return o;
}

static json_t *counts_json(const CheckpointStats *st)
{
	json_t *o = json_object();
	put(o, "restored", jint(st->restored));
	put(o, "total", jint(st->total));
	put(o, "in_progress", jint(st->in_progress));
	put(o, "completed", jint(st->completed));
	put(o, "failed", jint(st->failed));
	return o;
}

/* RestoredCheckpointStatistics: the latest restore, kept until the next one. */
static json_t *restored_json(const CheckpointStats *st)
{
	if (!st->has_restored)
		return json_null();
	char location[700];
	rest_savepoint_location(st->restored_path, location, sizeof location);
	json_t *o = json_object();
	put(o, "id", jint(st->restored_id));
	put(o, "restore_timestamp", jint(st->restore_ms));
	put(o, "is_savepoint", json_boolean(st->restored_savepoint));
	put(o, "external_path", st->restored_path[0] ? rest_jstr(location) : json_null());
	return o;
}

/* The indices in h (newest first) of the newest completed checkpoint, savepoint and failed
 * checkpoint, -1 for none. */
static void latest_of(const CheckpointInfo *h, int n, int newest[3])
{
	newest[0] = newest[1] = newest[2] = -1;
	for (int i = n - 1; i >= 0; i--) {          /* keep the lowest index */
		if (h[i].status == CP_COMPLETED && !h[i].savepoint) newest[0] = i;
		if (h[i].status == CP_COMPLETED && h[i].savepoint) newest[1] = i;
		if (h[i].status == CP_FAILED) newest[2] = i;
	}
}

json_t *rest_view_checkpoints(const Sim *s, const JobInfo *ji)
{
	CheckpointInfo *h = malloc(CP_SCAN_MAX * sizeof *h);
	CheckpointStats st;
	if (!h || sim_checkpoint_stats(s, ji->jid, &st) != SIM_OK) {
		free(h);
		return NULL;
	}
	int n = sim_checkpoint_history(s, ji->jid, h, CP_SCAN_MAX), newest[3];
	latest_of(h, n, newest);
	int newest_cp = newest[0], newest_sp = newest[1], newest_failed = newest[2];
	json_t *latest = json_object();
	put(latest, "completed", newest_cp >= 0 ? checkpoint_json(s, ji, &h[newest_cp], false) : json_null());
	put(latest, "savepoint", newest_sp >= 0 ? checkpoint_json(s, ji, &h[newest_sp], false) : json_null());
	put(latest, "failed", newest_failed >= 0 ? checkpoint_json(s, ji, &h[newest_failed], false) : json_null());
	put(latest, "restored", restored_json(&st));
	json_t *history = json_array();
	for (int i = 0; i < n && i < CP_HISTORY_SHOWN; i++)
		json_array_append_new(history, checkpoint_json(s, ji, &h[i], false));
	json_t *o = json_object();
	put(o, "counts", counts_json(&st));
	put(o, "summary", summary_json(s, &st));
	put(o, "latest", latest);
	put(o, "history", history);
	free(h);
	return o;
}

json_t *rest_view_checkpoint_details(const Sim *s, const JobInfo *ji, int64_t id)
{
	CheckpointInfo *h = malloc(CP_SCAN_MAX * sizeof *h);
	if (!h)
		return NULL;
	int n = sim_checkpoint_history(s, ji->jid, h, CP_SCAN_MAX), newest[3];
	latest_of(h, n, newest);
	json_t *o = NULL;
	/* Flink's snapshot answers for the shown history and the latest entries. */
	for (int i = 0; i < n && !o; i++) {
		bool answered = i < CP_HISTORY_SHOWN || i == newest[0] || i == newest[1] || i == newest[2];
		if (answered && h[i].id == id)
			o = checkpoint_json(s, ji, &h[i], true);
	}
	free(h);
	return o;
}

/* CheckpointConfigInfo. Without --checkpointing the interval is Long.MAX_VALUE, as
 * StreamingJobGraphGenerator sets it; externalized checkpoints are off (the job does not
 * enable them), so a retained checkpoint is deleted when the job ends. */
json_t *rest_view_checkpoint_config(const Sim *s, const JobInfo *ji)
{
	const SimConfig *c = &sim_options(s)->config;
	json_t *ext = json_object();
	put(ext, "enabled", json_false());
	put(ext, "delete_on_cancellation", json_true());
	json_t *o = json_object();
	put(o, "mode", json_string("exactly_once"));
	put(o, "interval", jint(ji->checkpointing ? c->checkpoint_interval_ms : INT64_MAX));
	put(o, "timeout", jint(c->checkpoint_timeout_ms));
	put(o, "min_pause", jint(0));
	put(o, "max_concurrent", jint(1));
	put(o, "externalization", ext);
	if (!rest_v19(s)) {
		put(o, "state_backend", json_string("FsStateBackend"));
		put(o, "unaligned_checkpoints", json_false());
		put(o, "tolerable_failed_checkpoints", jint(0));
	}
	return o;
}
