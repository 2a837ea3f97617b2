/*
 * rest_views.h — internal to sim/rest: the JSON documents the REST API and the CLI answer
 * with, built from sim.h's const queries (jansson values the caller owns and releases with
 * json_decref). Key names, value types and routes are those of the Flink release the run
 * models (playground.flink-version): 1.9 by default, 1.13 on request.
 *
 *   rest_views.c        jobs, job details, vertices, plan, exceptions (+ shared helpers)
 *   rest_metrics.c      job, vertex, jobs and back-pressure metrics
 *   rest_checkpoints.c  checkpoint statistics, configuration and details
 *   rest_cluster.c      overview, dashboard and cluster configuration, JobManager and TaskManagers
 *   rest_jars.c         the web submission's jars (upload, list, run, delete)
 */
#ifndef REST_VIEWS_H
#define REST_VIEWS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "sim.h"

/* ---------------------------------------------------------------- shared helpers */

/* Does the run model Flink 1.9 (else 1.13)? */
bool rest_v19(const Sim *s);
void rest_put(json_t *o, const char *key, json_t *v);      /* sets and releases v */
json_t *rest_jint(int64_t v);

/* Jobs the JobManager answers for: every job its process was given or recovered, finished ones
 * included (the Dispatcher's archive). A job of an earlier JobManager process is unknown to it,
 * as Flink answers for a job it never saw: without HA every job of the old process, with HA the
 * finished ones (the running ones it recovers from the job graph store are its own). */
bool rest_job_visible(const JobInfo *ji);
/* Fills *ji for a job the JobManager knows; false if it does not. */
bool rest_job_lookup(const Sim *s, const char *job_id, JobInfo *ji);
/* Index of the vertex with that id in job_id, or -1. */
int  rest_vertex_index(const Sim *s, const JobInfo *ji, const char *vertex_id);
/* The job's start time as Flink reports it (ms): 1.9 the ExecutionGraph's CREATED timestamp
 * (which a restart moves), 1.13 the submission (INITIALIZING). */
int64_t rest_job_start_ms(const Sim *s, const JobInfo *ji);

/* ms on the machines' clock for a model time, `none` when t < 0 (never happened). */
int64_t rest_clock_ms(const Sim *s, SimTime t, int64_t none);

/* A JSON string of text; bytes that are not UTF-8 become U+FFFD. */
json_t *rest_jstr(const char *text);

/* Whether get names metrics (NULL, or only commas: no). */
bool rest_metric_names_given(const char *get);
/* The names of a ?get= list in the order Flink's metric handlers answer them (a HashSet's). */
void rest_each_metric_name(const char *get, void (*fn)(void *ctx, const char *name), void *ctx);

/* The container name docker-compose gives taskmanager instance i (0-based), which is the
 * host name Flink reports for it: "operations-playground_taskmanager_1". */
void rest_taskmanager_host(int instance, char *buf, size_t len);
/* The name Flink's metric query service gives an operator: ' ', '.', ':' and ',' become '_'. */
void rest_metric_scope_name(const char *name, char *buf, size_t len);

/* ---------------------------------------------------------------- jobs (rest_views.c) */

json_t *rest_view_jobs(const Sim *s);                              /* GET /jobs */
json_t *rest_view_jobs_overview(const Sim *s);                     /* GET /jobs/overview */
json_t *rest_view_job(const Sim *s, const JobInfo *ji);            /* GET /jobs/<id> */
json_t *rest_view_plan(const Sim *s, const JobInfo *ji);           /* GET /jobs/<id>/plan */
json_t *rest_view_vertex(const Sim *s, const JobInfo *ji, int v);  /* GET /jobs/<id>/vertices/<vid> */
json_t *rest_view_exceptions(const Sim *s, const JobInfo *ji);     /* GET /jobs/<id>/exceptions */

/* ---------------------------------------------------------------- metrics (rest_metrics.c) */

/* GET /jobs/<id>/metrics: every metric's id, or with get (comma-separated names, NULL for
 * none) the requested ones that exist, in request order, values as strings. */
json_t *rest_view_job_metrics(const Sim *s, const char *job_id, const char *get);
/* GET /jobs/<id>/vertices/<vid>/metrics[?get=<subtask>.<name>,…] */
json_t *rest_view_vertex_metrics(const Sim *s, const JobInfo *ji, int v, const char *get);
/* GET /jobs/metrics[?get=…&agg=…&jobs=…]: job metrics aggregated over jobs; NULL with *error
 * set for a bad parameter (the caller answers 400). */
json_t *rest_view_jobs_metrics(const Sim *s, const char *get, const char *agg, const char *jobs,
                               const char **error);
/* GET …/vertices/<vid>/backpressure; v is the vertex index or -1 (Flink: "deprecated").
 * Flink 1.9 samples stack traces: the first request starts a sample (sim_backpressure_sample)
 * and answers "deprecated" until it is done. */
json_t *rest_view_backpressure(Sim *s, const JobInfo *ji, int v);

/* ---------------------------------------------------------------- checkpoints (rest_checkpoints.c) */

/* GET /jobs/<id>/checkpoints */
json_t *rest_view_checkpoints(const Sim *s, const JobInfo *ji);
/* GET /jobs/<id>/checkpoints/config */
json_t *rest_view_checkpoint_config(const Sim *s, const JobInfo *ji);
/* GET /jobs/<id>/checkpoints/details/<n>; NULL if the history has no checkpoint n. */
json_t *rest_view_checkpoint_details(const Sim *s, const JobInfo *ji, int64_t id);

/* ---------------------------------------------------------------- cluster (rest_cluster.c) */

json_t *rest_view_overview(const Sim *s);                          /* GET /overview */
json_t *rest_view_dashboard_config(const Sim *s);                  /* GET /config */
json_t *rest_view_cluster_config(const Sim *s);                    /* GET /jobmanager/config */
/* GET /jobmanager/metrics[?get=…] */
json_t *rest_view_jobmanager_metrics(const Sim *s, const char *get);
json_t *rest_view_taskmanagers(const Sim *s);                      /* GET /taskmanagers */
/* GET /taskmanagers/<id>; NULL for an unknown id. */
json_t *rest_view_taskmanager(const Sim *s, const char *id);
/* GET /taskmanagers/<id>/metrics[?get=…]; NULL for an unknown id. */
json_t *rest_view_taskmanager_metrics(const Sim *s, const char *id, const char *get);

#endif
