/*
 * export.h — the run's exports in formats other tools read: a Chrome/Perfetto timeline
 * (export_timeline.c) and per-second metrics as CSV (export_metrics.c).
 *
 * Both are observers: they subscribe to the model's events and, once per simulated second,
 * read its const queries; they never act on the Sim, so a run exports the same files and
 * has the same trace hash with or without them. The runner (runner.c) drives them.
 */
#ifndef EXPORT_H
#define EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sim.h"

#define EXPORT_SAMPLE_US SIM_US_PER_S   /* counters and metrics rows: every simulated second */

typedef struct Timeline Timeline;
/* Opens the timeline file ("-": standard output); NULL with a message in err. */
Timeline *timeline_open(const char *path, char *err, size_t errlen);
void timeline_on_event(void *ctx, const SimEvent *e, const char *text);   /* a SimEventFn */
void timeline_sample(Timeline *x, const Sim *s);
/* Closes every open slice at `end`, ends the JSON and the file; 0, or -1 on a write error. */
int  timeline_close(Timeline *x, SimTime end);

typedef struct Metrics Metrics;
Metrics *metrics_open(const char *path, char *err, size_t errlen);
void metrics_sample(Metrics *x, const Sim *s);
int  metrics_close(Metrics *x);
/* The CSV's columns, comma-separated (also its header line). */
extern const char metrics_columns[];

/* An export's file: path, or standard output for "-"; NULL with "cannot write the <what> to
 * <path>" in err. export_close flushes it (closes it unless stdout): 0, or -1 on a write error. */
FILE *export_open(const char *path, const char *what, char *err, size_t errlen);
int  export_close(FILE *f);
/* A topic's size: its partitions' end offsets, summed. */
int64_t export_topic_records(const Sim *s, const char *topic);

/* The job the exports follow: sim_job_current. */
#define export_current_job(s, id) sim_job_current((s), (id))

#endif
