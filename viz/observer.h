/*
 * observer.h — what the view remembers about a run, built from the model's const queries
 * and its events only: the output windows read so far, a history of samples (lag, input
 * offsets), marks for the checkpoint timeline (restarts, restores, kills, submissions),
 * and the log of state changes a learner cares about.
 *
 * Determinism: the frame loop samples at every multiple of VIZ_SAMPLE_US of simulated
 * time (it stops the Sim there), and the log is fed by the model's events, so what the
 * observer holds at simulated time t is the same at any speed and frame rate — a snapshot
 * at t is the same image on every run.
 *
 * Display-free: no SDL here, so tests can check the log condensing and the output table.
 * The observer never acts on the Sim.
 */
#ifndef VIZ_OBSERVER_H
#define VIZ_OBSERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "layout.h"
#include "sim.h"

#define VIZ_SAMPLE_US     (250 * SIM_US_PER_MS)   /* sampling period of simulated time */
#define VIZ_HISTORY       2400                    /* samples kept: 10 minutes */
#define VIZ_WINDOWS_KEPT  256                     /* output windows kept (64 minutes) */
#define VIZ_LOG_KEPT      1024                    /* log entries kept */
#define VIZ_MARKS_KEPT    256                     /* timeline marks kept */
#define VIZ_CHECKPOINTS_KEPT 1024                 /* checkpoints kept for the timeline (17 min at 1/s) */
#define VIZ_JOBS_KEPT     16                      /* jobs whose marks and checkpoints are followed */
#define VIZ_TEXT_MAX      480                     /* bytes of a log line or a narration kept */
#define VIZ_TIMELINE_MIN_US (2 * 60 * SIM_US_PER_S)   /* the timelines show at least … */
#define VIZ_TIMELINE_MAX_US (10 * 60 * SIM_US_PER_S)  /* … and at most this much of the past */
#define VIZ_EXPECTED_COUNT 1000                   /* clicks per page per 15 s window */

typedef struct VizSample {
	SimTime t;                /* when it was taken */
	int64_t lag;              /* records between committed and end offsets of `input` */
	int64_t input_end;        /* sum of the end offsets of `input` */
} VizSample;

/* One output window (one 15 s event-time window) and what was written for each page. */
typedef struct VizWindowRow {
	int64_t start_ms, end_ms;              /* event time of the window */
	int64_t count[VIZ_MAX_PAGES];          /* count of the last record written, -1 none yet */
	int records[VIZ_MAX_PAGES];            /* records written for (window, page); > 1 is a duplicate */
	bool wrong[VIZ_MAX_PAGES];             /* a record had a count other than the expected one */
} VizWindowRow;

typedef enum VizMarkKind {
	VIZ_MARK_SUBMIT,          /* a job was submitted */
	VIZ_MARK_RESTART,         /* a job switched to RESTARTING */
	VIZ_MARK_RESTORE,         /* a job restored a checkpoint or savepoint */
	VIZ_MARK_END,             /* a job reached a terminal state */
	VIZ_MARK_KILL,            /* a container was killed or stopped */
	VIZ_MARK_START,           /* a container was started again */
	VIZ_MARK_SAVEPOINT,       /* a savepoint completed */
	VIZ_MARK_FAULT,           /* a network rule, a skewed clock or a slow CPU was set */
	VIZ_MARK_HEAL             /* … taken back (a heal, a delay of 0, a CPU factor of 1, …) */
} VizMarkKind;

typedef struct VizMark {
	SimTime t;                /* when it happened */
	VizMarkKind kind;
	int64_t n;                /* restart number, or the TaskManager instance (0-based) */
	char label[24];           /* short text next to the mark */
} VizMark;

/* A job's last failure as its event tells it (whole: the model's JobInfo keeps 200 bytes). */
typedef struct VizFailure {
	SimTime t;                /* when the job failed, -1 never */
	char cause[VIZ_TEXT_MAX]; /* the root cause ("java.util.concurrent.TimeoutException: …") */
	char suppressed_by[200];  /* the restart strategy that stopped recovery, "" none */
} VizFailure;

/* A checkpoint as the timeline shows it (the model keeps only a short history). */
typedef struct VizCheckpoint {
	int job;                  /* job index (submission order) */
	int64_t id;               /* checkpoint id within the job */
	CheckpointStatus status;
	bool savepoint;
	SimTime trigger_time, end_time;   /* end -1 while in progress */
} VizCheckpoint;

typedef enum VizLogKind {
	VIZ_LOG_STATE,            /* a state change from the model */
	VIZ_LOG_COMMAND,          /* a command (scenario or keyboard) */
	VIZ_LOG_PROBLEM,          /* a failure, timeout, exception */
	VIZ_LOG_NARRATION         /* the scenario's own pg.log text */
} VizLogKind;

typedef struct VizLogEntry {
	SimTime t;                /* time of the first line merged into it */
	VizLogKind kind;
	char component[24];       /* "jobmanager", "taskmanager-1", "scenario", … */
	char text[VIZ_TEXT_MAX];  /* the line, ids shortened */
	int merged;               /* subtask lines merged into this entry (>= 1) */
	char merge_key[64];       /* "from A to B" of merged subtask switches, "" otherwise */
} VizLogEntry;

/* What happened to a container last, from the compose trace ("killed", "stopped", …). */
typedef struct VizContainerEvent {
	char name[32];            /* "taskmanager-1" */
	char verb[16];            /* "killed", "stopped", "started", "paused", "unpaused" */
	SimTime t;
} VizContainerEvent;

typedef struct VizObserver {
	/* output topic */
	int64_t out_next[VIZ_MAX_PARTITIONS];  /* next offset to read per partition */
	VizWindowRow windows[VIZ_WINDOWS_KEPT];/* ascending by start_ms */
	int nwindows;
	uint64_t out_records;                  /* records read */
	uint64_t out_duplicates;               /* records beyond the first per (window, page) */
	uint64_t out_wrong;                    /* records whose count was not the expected one */
	uint64_t out_complete;                 /* windows that got every page */

	/* samples, a ring */
	VizSample samples[VIZ_HISTORY];
	int nsamples, sample_head;             /* count kept; index of the oldest */
	SimTime last_sample;                   /* -1 before the first */

	/* timeline marks, a ring */
	VizMark marks[VIZ_MARKS_KEPT];
	int nmarks, mark_head;
	char jobs[VIZ_JOBS_KEPT][33];          /* ids of the jobs submitted, in order (marks and checkpoints) */
	int njobs;
	int job_restarts[VIZ_JOBS_KEPT];       /* per job: restarts marked */
	VizFailure failures[VIZ_JOBS_KEPT];    /* per job: its last failure, from the job.failed event */

	/* checkpoints, a ring in trigger order */
	VizCheckpoint checkpoints[VIZ_CHECKPOINTS_KEPT];
	int ncheckpoints, checkpoint_head;

	/* log, a ring */
	VizLogEntry log[VIZ_LOG_KEPT];
	int nlog, log_head;
	uint64_t log_total;                    /* entries ever added */

	VizContainerEvent containers[40];
	int ncontainers;
	char operator_[16];                    /* who gives the commands the model reports now ("keyboard"), "" the scenario */

	char narration[VIZ_TEXT_MAX];          /* the scenario's latest pg.log line (not an indented detail) */
	SimTime narration_t;                   /* its time, -1 none */
} VizObserver;

/* Returns a new, empty observer (NULL when out of memory); destroy accepts NULL. */
VizObserver *viz_observer_create(void);
void viz_observer_destroy(VizObserver *o);
void viz_observer_reset(VizObserver *o);

/* An event of the model, with its trace text (subscribe it through the runner's listener).
 * The log, the timeline marks (submissions, restarts, restores, kills, starts, savepoints,
 * job ends, faults and heals: a command event's `what` and `flag`) and the checkpoints come from the events' kinds and fields alone. */
void viz_observer_event(VizObserver *o, const SimEvent *e, const char *text);
/* The commands the model reports from now on are the view's own (who: "keyboard"), until
 * called with NULL: the log shows them under that name. The view knows when it gives one;
 * the observer never reads who gave a command out of the trace's text. */
void viz_observer_operator(VizObserver *o, const char *who);
/* A line the scenario wrote at simulated time t (pg.log's text or a print, through the
 * runner's on_log hook); several lines may come in one string. Indented lines are details:
 * they go to the log but do not replace the narration. */
void viz_observer_narration(VizObserver *o, SimTime t, const char *line);
/* One record of the output topic (viz_observer_sample reads them; tests feed their own). */
void viz_observer_add_output(VizObserver *o, const KafkaRecordView *rec);
/* Reads new output records and takes a sample (lag, input offsets) at the Sim's time. */
void viz_observer_sample(VizObserver *o, const Sim *s);

/* Accessors: n = 0 is the newest. NULL when out of range. */
const VizLogEntry *viz_observer_log(const VizObserver *o, int n);
const VizSample *viz_observer_sample_at(const VizObserver *o, int n);
const VizMark *viz_observer_mark(const VizObserver *o, int n);
const VizWindowRow *viz_observer_window(const VizObserver *o, int n);
const VizCheckpoint *viz_observer_checkpoint(const VizObserver *o, int n);
/* How much of the past the timelines show at time now: all of it, between 2 and 10 minutes. */
SimTime viz_timeline_span(SimTime now);
/* What happened last to a container, or NULL. */
const VizContainerEvent *viz_observer_container(const VizObserver *o, const char *name);

/* A window's start as the console consumer and the tutorial write it: the time of day of the
 * playground's "dd-MM-yyyy hh:mm:ss:SSS" ("12:00:45:000" for 45 000 ms). */
void viz_window_label(int64_t start_ms, char *buf, size_t len);
/* The last failure of the job with this id, or NULL (none, or a job not followed). */
const VizFailure *viz_observer_failure(const VizObserver *o, const char *job);
/* "taskmanager-3" → 2; -1 for any other name. */
int viz_taskmanager_index(const char *name);
/* The shape to lay out for the Sim's current state (s may be NULL: an empty view). */
void viz_shape_from_sim(const Sim *s, VizShape *out);

#endif
