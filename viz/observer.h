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
	VIZ_MARK_SAVEPOINT        /* a savepoint completed */
} VizMarkKind;

typedef struct VizMark {
	SimTime t;                /* when it happened */
	VizMarkKind kind;
	int64_t n;                /* restart number, or the TaskManager instance (0-based) */
	char label[24];           /* short text next to the mark */
} VizMark;

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
	char text[232];           /* the line, ids shortened */
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
	int64_t last_jobs_s;                   /* second of the last job scan (marks, checkpoints) */

	/* timeline marks, a ring */
	VizMark marks[VIZ_MARKS_KEPT];
	int nmarks, mark_head;
	int jobs_seen;                         /* jobs whose submission was marked */
	SimTime job_restart_seen[16];          /* per job (first 16): last RESTARTING entry marked */
	int job_restarts[16];                  /* per job: restarts marked */
	SimTime job_restore_seen[16];          /* per job: last restore marked */
	bool job_end_seen[16];                 /* per job: terminal state marked */

	/* checkpoints, a ring in trigger order */
	VizCheckpoint checkpoints[VIZ_CHECKPOINTS_KEPT];
	int ncheckpoints, checkpoint_head;
	int64_t job_cp_final[16];              /* per job: every id up to this one is final and kept */

	/* log, a ring */
	VizLogEntry log[VIZ_LOG_KEPT];
	int nlog, log_head;
	uint64_t log_total;                    /* entries ever added */

	VizContainerEvent containers[40];
	int ncontainers;

	char narration[232];                   /* the scenario's latest pg.log line */
	SimTime narration_t;                   /* its time, -1 none */
} VizObserver;

/* Returns a new, empty observer (NULL when out of memory); destroy accepts NULL. */
VizObserver *viz_observer_create(void);
void viz_observer_destroy(VizObserver *o);
void viz_observer_reset(VizObserver *o);

/* An event of the model, with its trace text (subscribe it through the runner's listener). */
void viz_observer_event(VizObserver *o, const SimEvent *e, const char *text);
/* A line of scenario output ("[   93.417s] Step 2: …" from pg.log, or anything printed). */
void viz_observer_narration(VizObserver *o, SimTime now, const char *line);
/* One record of the output topic (viz_observer_sample reads them; tests feed their own). */
void viz_observer_add_output(VizObserver *o, const KafkaRecordView *rec);
/* Reads new output records and takes a sample at the Sim's current time; looks at the jobs
 * (restarts, restores, checkpoints) once per simulated second. */
void viz_observer_sample(VizObserver *o, const Sim *s);
/* Looks at the jobs now (before drawing a frame or a snapshot). */
void viz_observer_refresh(VizObserver *o, const Sim *s);

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

/* "taskmanager-3" → 2; -1 for any other name. */
int viz_taskmanager_index(const char *name);
/* The shape to lay out for the Sim's current state (s may be NULL: an empty view). */
void viz_shape_from_sim(const Sim *s, VizShape *out);

#endif
