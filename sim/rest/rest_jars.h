/*
 * rest_jars.h — internal to sim/rest: the web submission's routes (WebSubmissionExtension):
 * POST /jars/upload (a multipart/form-data body with one file), GET /jars,
 * POST /jars/<jarid>/run, DELETE /jars/<jarid>. Each answers a status and a JSON document
 * (the caller owns it); errors are Flink's {"errors":[…]} bodies.
 */
#ifndef REST_JARS_H
#define REST_JARS_H

#include <jansson.h>
#include <stddef.h>

#include "sim.h"

/* The file of the client container that holds the playground's job, and what the model takes
 * as its content (a multipart body carries it as curl -F "jarfile=@…" would). */
#define REST_PLAYGROUND_JAR_CONTENT "PK\x03\x04 ClickCountJob.jar: org.apache.flink.playgrounds.ops.clickcount.ClickEventCount"

int rest_jars_upload(Sim *s, const char *content_type, const char *body, size_t len, json_t **out);
int rest_jars_list(const Sim *s, json_t **out);
/* body: the parsed JarRunRequestBody (an object, or NULL); query: the raw query string. */
int rest_jars_run(Sim *s, const char *jar_id, const json_t *body, const char *query, json_t **out);
int rest_jars_delete(Sim *s, const char *jar_id, json_t **out);

/* Flink's ErrorResponseBody with one message. */
json_t *rest_error_body(const char *message);

#endif
