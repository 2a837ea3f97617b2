/*
 * checkpoint.h — the JobMaster's CheckpointCoordinator and the completed checkpoints it keeps.
 *
 * Periodic trigger (execution.checkpointing.interval; the first at a seeded random time in
 * [min pause, interval]), max 1 concurrent, timeout execution.checkpointing.timeout,
 * tolerable failures 0, 1 completed checkpoint retained. Savepoints are forced checkpoints
 * (CheckpointProperties.forceCheckpoint): they ignore max-concurrent and min-pause and
 * trigger at once, even while a checkpoint is in flight; the periodic trigger counts them
 * as pending. A checkpoint completes when every task has acknowledged; then every task is
 * notified (sinks commit, sources commit offsets). A task failure aborts every pending
 * checkpoint, counted as failed.
 *
 * Statistics as Flink's CheckpointStatsTracker keeps them: counts, the min/max/average of
 * every completed checkpoint's size and duration over the job's life (not a window), the
 * latest restore (which checkpoint, when, savepoint or not, its path) and, per checkpoint,
 * the failure message and the acknowledgements per vertex.
 */
#ifndef CHECKPOINT_H
#define CHECKPOINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../internal.h"
#include "../runtime/snapshot.h"

#define CP_HISTORY 32
#define CP_KEPT_KINDS 3      /* completed checkpoint, savepoint, failed */
#define CP_MAX_PENDING 8                /* one periodic checkpoint and the forced savepoints */
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

/* StatsSummary: min, max and sum over every sample of the job's life. */
typedef struct CpSummary {
	int64_t  min, max, sum;         /* of the samples (bytes or ms) */
	int64_t  n;                     /* samples */
} CpSummary;

/* RestoredCheckpointStats: the latest restore; kept until the next one. */
typedef struct CpRestored {
	bool     valid;                 /* a restore happened */
	int64_t  id;                    /* the checkpoint or savepoint restored */
	int64_t  restore_ms;            /* when, machine clock */
	bool     savepoint;             /* it was a savepoint */
	char     path[600];             /* its external path */
} CpRestored;

struct Job;
typedef struct CheckpointCoordinator {
	struct Job *job;                /* owner */
	bool     enabled;               /* --checkpointing */
	SimTime  interval_us;
	int64_t  next_id;               /* ids start at 1; savepoints share the sequence */
	PendingCheckpoint *pending[CP_MAX_PENDING]; /* in trigger order */
	int      npending;              /* their number */
	CompletedCheckpoint *latest;    /* the retained one */
	EventId  trigger_ev;
	EventId  queued_ev;             /* 1.13: a queued request run at a checkpoint's end */
	bool     stopping;              /* a stop-with-savepoint owns the job */
	bool     queued;                /* a periodic trigger found one in progress: the next follows
	                                 * its end at once (Flink's triggerRequestQueued) */
	Rng      rng;                   /* the first trigger's random delay */
	/* statistics (Flink's metric names) */
	int64_t  completed, failed, restored;
	int64_t  last_size;             /* lastCheckpointSize, bytes; -1 before the first */
	int64_t  last_duration_ms;      /* lastCheckpointDuration; -1 before the first */
	int64_t  last_restore_ms;       /* lastCheckpointRestoreTimestamp, -1 none */
	CpSummary sum_size, sum_duration; /* over every completed checkpoint */
	CpRestored last_restored;       /* latest.restored */
	CheckpointInfo history[CP_HISTORY]; /* newest at (hist_head - 1) */
	int      hist_head, hist_n;
	/* The newest completed checkpoint, savepoint and failed checkpoint once they have left
	 * history: Flink's CheckpointStatsHistory keeps latestCompletedCheckpoint,
	 * latestSavepoint and latestFailedCheckpoint beside its bounded list. */
	CheckpointInfo kept[CP_KEPT_KINDS];
	bool     kept_ok[CP_KEPT_KINDS];
} CheckpointCoordinator;

void cc_init(CheckpointCoordinator *cc, struct Job *job, Sim *s);
void cc_free(Sim *s, CheckpointCoordinator *cc);
void cc_start(Sim *s, CheckpointCoordinator *cc);     /* job RUNNING: schedule triggers */
void cc_stop(Sim *s, CheckpointCoordinator *cc);      /* job left RUNNING */
/* Aborts every pending checkpoint (counted as failed; savepoints among them fail). */
void cc_abort_pending(Sim *s, CheckpointCoordinator *cc, const char *reason);
/* The job is about to restore c (a new attempt, or a first start with -s): counted and kept
 * as latest.restored. */
void cc_note_restore(Sim *s, CheckpointCoordinator *cc, const CompletedCheckpoint *c);
void cc_on_ack(Sim *s, CheckpointCoordinator *cc, int task_id, int64_t cp, TaskSnapshot *snap);
/* Triggers the savepoint of request `trigger` at once (forced), or fails it with Flink's reason. */
void cc_trigger_savepoint(Sim *s, CheckpointCoordinator *cc, int trigger);
/* The job was suspended or lost: savepoint requests still open fail with `reason` (a
 * stop-with-savepoint whose job did not finish too) and periodic checkpoints may resume. */
void cc_fail_savepoints(Sim *s, CheckpointCoordinator *cc, const char *reason);
/* The job fails over: a stop-with-savepoint whose savepoint was taken is marked failed over
 * and stays IN_PROGRESS (Flink 1.9: until the job ends); periodic checkpoints resume. */
void cc_stop_failed_over(Sim *s, CheckpointCoordinator *cc);
/* Every execution of the failed-over attempt has terminated: Flink 1.13 fails such a stop,
 * naming the executions' `states` (the text in why), and returns true (the job then fails
 * over globally). */
bool cc_stop_terminated(Sim *s, CheckpointCoordinator *cc, const char *states, char *why, size_t n);
/* The job reached a terminal state: a stop-with-savepoint whose savepoint was taken
 * completes (FINISHED) or fails ("Reached state … instead of FINISHED."; 1.13: naming the
 * executions' `states`). */
void cc_job_ended(Sim *s, CheckpointCoordinator *cc, JobState state, const char *states);
/* The JobManager stopped, was killed (`killed`) or lost its leadership: its savepoint requests
 * end (Flink 1.9's texts unless killed) and the coordinator stops. */
void cc_suspend(Sim *s, CheckpointCoordinator *cc, bool killed);
/* The job reached FINISHED, CANCELED or FAILED: its retained checkpoint is discarded (Flink's
 * default retention, NEVER_RETAIN_AFTER_TERMINATION; a lost JobManager discards nothing). */
/* The job ended in state `to`: its checkpoints are released; a globally terminal state
 * discards them (the store's shutdown: CompletedCheckpointStats.discarded), SUSPENDED keeps them. */
void cc_discard(Sim *s, CheckpointCoordinator *cc, JobState to);
/* Copies into out (at most max) the history, newest first, then the kept latest entries
 * older than all of it; returns how many. */
int cc_history(const CheckpointCoordinator *cc, CheckpointInfo *out, int max);

void checkpoint_retain(CompletedCheckpoint *c);
void checkpoint_release(CompletedCheckpoint *c);      /* accepts NULL */
bool checkpoint_find_offset(const CompletedCheckpoint *c, int partition, int64_t *offset);
/* Copies the window entries with key group in [first, last]; returns their number. */
size_t checkpoint_windows_in_range(const CompletedCheckpoint *c, int first, int last, WindowEntry **out);

#endif
