/*
 * checkpoint.h — the JobMaster's CheckpointCoordinator and the completed checkpoints it keeps.
 *
 * Periodic trigger (execution.checkpointing.interval; the first at a seeded random time in
 * [min pause, interval]), max 1 concurrent, timeout execution.checkpointing.timeout,
 * tolerable failures 0, 1 completed checkpoint retained. A checkpoint completes when every
 * task has acknowledged; then every task is notified (sinks commit, sources commit
 * offsets). A task failure aborts the pending checkpoint, counted as failed.
 */
#ifndef CHECKPOINT_H
#define CHECKPOINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../internal.h"
#include "../runtime/snapshot.h"

#define CP_HISTORY 32
/* state.checkpoints.dir of the playground's flink-conf.yaml (file:///tmp/flink-checkpoints-directory). */
#define CHECKPOINTS_DIR "/tmp/flink-checkpoints-directory"

struct CompletedCheckpoint {
	int      refs;                  /* holders: the store, deploying tasks, savepoint writers */
	int64_t  id;                    /* checkpoint id */
	bool     savepoint;             /* triggered as a savepoint */
	SimTime  trigger_time, complete_time;
	int64_t  trigger_clock_ms;      /* the machines' clock at the trigger, ms since 1970 */
	int      max_parallelism;       /* of the job that took it */
	int      parallelism;
	TaskSnapshot **snaps;           /* one per task */
	int      nsnaps;
	uint64_t size_bytes;            /* sum of task state sizes */
	char     path[600];             /* where it lives: the savepoint directory, or the retained
	                                 * checkpoint's <state.checkpoints.dir>/<job id>/chk-<id> */
};
typedef struct CompletedCheckpoint CompletedCheckpoint;

typedef struct PendingCheckpoint {
	int64_t  id;
	bool     savepoint;
	SimTime  trigger_time;
	int32_t  flags;                 /* CP_FLAG_* of its barriers */
	int      trigger;               /* savepoint request index, -1 for a checkpoint */
	int      total, acked;          /* tasks to acknowledge / acknowledged */
	TaskSnapshot **snaps;           /* by ack order */
	EventId  timeout_ev;
} PendingCheckpoint;

struct Job;
typedef struct CheckpointCoordinator {
	struct Job *job;                /* owner */
	bool     enabled;               /* --checkpointing */
	SimTime  interval_us;
	int64_t  next_id;               /* ids start at 1; savepoints share the sequence */
	PendingCheckpoint *pending;     /* at most one (max concurrent 1) */
	CompletedCheckpoint *latest;    /* the retained one */
	EventId  trigger_ev;
	int      queued[8];             /* savepoint requests waiting for the pending checkpoint, FIFO */
	int      nqueued;
	bool     stopping;              /* a stop-with-savepoint owns the job */
	Rng      rng;                   /* the first trigger's random delay */
	/* statistics (Flink's metric names) */
	int64_t  completed, failed, restored;
	uint64_t last_size;             /* lastCheckpointSize, bytes */
	int64_t  last_duration_ms;      /* lastCheckpointDuration */
	int64_t  last_restore_ms;       /* lastCheckpointRestoreTimestamp, -1 none */
	CheckpointInfo history[CP_HISTORY]; /* newest at (hist_head - 1) */
	int      hist_head, hist_n;
} CheckpointCoordinator;

void cc_init(CheckpointCoordinator *cc, struct Job *job, Sim *s);
void cc_free(Sim *s, CheckpointCoordinator *cc);
void cc_start(Sim *s, CheckpointCoordinator *cc);     /* job RUNNING: schedule triggers */
void cc_stop(Sim *s, CheckpointCoordinator *cc);      /* job left RUNNING */
void cc_abort_pending(Sim *s, CheckpointCoordinator *cc, const char *reason);
void cc_on_ack(Sim *s, CheckpointCoordinator *cc, int task_id, int64_t cp, TaskSnapshot *snap);
/* Starts (or queues behind the pending checkpoint) the savepoint of request `trigger`. */
void cc_trigger_savepoint(Sim *s, CheckpointCoordinator *cc, int trigger);
/* The job failed over or was lost: savepoint requests still open fail with `reason`
 * (a stop-with-savepoint whose job did not finish too) and periodic checkpoints may resume. */
void cc_fail_savepoints(Sim *s, CheckpointCoordinator *cc, const char *reason);
/* The JobManager died: the pending checkpoint vanishes with it, nobody is told. */
void cc_suspend(Sim *s, CheckpointCoordinator *cc);
/* The job reached FINISHED, CANCELED or FAILED: its retained checkpoint is discarded (Flink's
 * default retention, NEVER_RETAIN_AFTER_TERMINATION; a lost JobManager discards nothing). */
void cc_discard(Sim *s, CheckpointCoordinator *cc);

void checkpoint_retain(CompletedCheckpoint *c);
void checkpoint_release(CompletedCheckpoint *c);      /* accepts NULL */
bool checkpoint_find_offset(const CompletedCheckpoint *c, int partition, int64_t *offset);
/* Copies the window entries with key group in [first, last]; returns their number. */
size_t checkpoint_windows_in_range(const CompletedCheckpoint *c, int first, int last, WindowEntry **out);

#endif
