/*
 * rest_views.h — internal to sim/rest: the JSON documents the REST API and the CLI answer
 * with, built from sim.h's const queries (jansson values the caller owns and releases with
 * json_decref). Key names and value types are Flink 1.13's REST message classes.
 */
#ifndef REST_VIEWS_H
#define REST_VIEWS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "sim.h"

/* Jobs the JobManager answers for: every job it was given, finished ones included. A job
 * SUSPENDED by the loss of its JobManager is unknown to the next one (no HA in the playground). */
bool rest_job_visible(const JobInfo *ji);
/* Fills *ji for a job the JobManager knows; false if it does not. */
bool rest_job_lookup(const Sim *s, const char *job_id, JobInfo *ji);
/* Index of the vertex with that id in job_id, or -1. */
int  rest_vertex_index(const Sim *s, const JobInfo *ji, const char *vertex_id);

/* ms on the machines' clock for a model time, `none` when t < 0 (never happened). */
int64_t rest_clock_ms(const Sim *s, SimTime t, int64_t none);

/* A JSON string of text; bytes that are not UTF-8 become U+FFFD. */
json_t *rest_jstr(const char *text);

json_t *rest_view_jobs(const Sim *s);                              /* GET /jobs */
json_t *rest_view_jobs_overview(const Sim *s);                     /* GET /jobs/overview */
json_t *rest_view_job(const Sim *s, const JobInfo *ji);            /* GET /jobs/<id> */
/* GET /jobs/<id>/metrics: every metric's id, or with get (comma-separated names, NULL for
 * none) the requested ones that exist, in request order, values as strings. */
json_t *rest_view_job_metrics(const Sim *s, const char *job_id, const char *get);
json_t *rest_view_checkpoints(const Sim *s, const JobInfo *ji);    /* GET /jobs/<id>/checkpoints */
/* GET /jobs/<id>/vertices/<vid>/metrics[?get=<subtask>.<name>,…] */
json_t *rest_view_vertex_metrics(const Sim *s, const JobInfo *ji, int v, const char *get);
/* GET …/vertices/<vid>/backpressure; v is the vertex index or -1 (Flink: "deprecated"). */
json_t *rest_view_backpressure(const Sim *s, const JobInfo *ji, int v);
json_t *rest_view_overview(const Sim *s);                          /* GET /overview */
json_t *rest_view_taskmanagers(const Sim *s);                      /* GET /taskmanagers */

#endif
