/*
 * rest.h — the JobManager's REST API (port 8081) as Flink answers it, over a Sim.
 *
 * One call is one HTTP exchange: rest_handle() routes a method and a request URI (path plus
 * optional query string) the way Flink's netty router does, reads the model only through
 * sim.h, and answers with Flink's JSON shapes and key spelling ("start-time", "request-id").
 * The endpoints, bodies and error texts are those of Flink 1.13 (see REST_FLINK_VERSION).
 *
 * Routes (each also under the version prefix "/v1"):
 *   GET   /overview                         GET   /taskmanagers
 *   GET   /jobs                             GET   /jobs/overview
 *   GET   /jobs/<jobid>                     PATCH /jobs/<jobid>[?mode=cancel]
 *   GET   /jobs/<jobid>/metrics[?get=a,b]   GET   /jobs/<jobid>/checkpoints
 *   GET   /jobs/<jobid>/vertices/<vertexid>/backpressure
 *   GET   /jobs/<jobid>/vertices/<vertexid>/metrics[?get=<subtask>.<metric>,…]
 *   POST  /jobs/<jobid>/stop                POST  /jobs/<jobid>/savepoints
 *   GET   /jobs/<jobid>/savepoints/<triggerid>
 *
 * Errors are Flink's: {"errors":["…"]} with its status codes and wording. A method or path no
 * route takes is 404 "Not found: <uri>" (Flink's router has no 405). The one answer Flink
 * cannot give is a JobManager that is down: there is no HTTP exchange at all, which this API
 * reports as status 503 with {"errors":["connection refused: jobmanager"]}.
 *
 * Stateless: everything an answer needs is read from the Sim at the time of the call.
 */
#ifndef REST_H
#define REST_H

#include <stddef.h>

#include "sim.h"

/* The release whose REST answers this module reproduces. The seed tutorial is the Flink 1.12
 * documentation page (its JSON samples date from 1.9); the model has what 1.13 introduced
 * (the INITIALIZING task state, back pressure from busy/idle/back-pressured time), so the
 * answers and the version reported are those of the 1.13 playground. */
#define REST_FLINK_VERSION "1.13.5"
#define REST_FLINK_COMMIT  "0ff28a7"

#define REST_STATUS_UNREACHABLE 503   /* the JobManager process is not running */

/* Request limits. Netty's HttpServerCodec (as Flink builds it) reads request lines of at
 * most 4096 bytes; a longer one reaches the router as "GET /bad-request" (404 "Not found:
 * /bad-request"). Flink refuses a body over rest.server.max-content-length (100 MiB by
 * default) with 413; every body this API takes is an object of two short fields, so the
 * simulator's limit is 64 KiB, which keeps the parsed JSON small. */
#define REST_MAX_REQUEST_LINE_BYTES 4096
#define REST_MAX_BODY_BYTES         (64 * 1024)

/* Answers one request. method is an HTTP method name, case-sensitive as in HTTP ("GET");
 * uri is the path with an optional "?query"; body_json is the request body or NULL (empty).
 * Writes a NUL-terminated JSON text the caller frees into *response_json and returns the
 * HTTP status. Actions (stop, savepoints, cancel) change the model like the REST call would. */
int rest_handle(Sim *s, const char *method, const char *uri, const char *body_json,
                char **response_json);

/* Flink's back-pressure level of a ratio of back-pressured time (0..1): "ok" up to 0.10,
 * "low" up to 0.5, "high" above. A vertex's level is its worst subtask's. */
const char *rest_backpressure_level(double ratio);

/* Writes a metric value as Flink's metric store holds it (the "value" strings of
 * GET /jobs/<id>/metrics?get=…): integers without decimals, other numbers as the shortest
 * text that reads back the same, NaN and ±Infinity as Java spells them. snprintf rules. */
void rest_metric_text(double v, char *buf, size_t len);

/* True if s is a Flink id: exactly 32 hex digits (JobID, JobVertexID, TriggerId). */
bool rest_is_hex_id(const char *s);

/* Writes the location Flink reports for a savepoint directory ("file:" + path unless the
 * path already names a scheme) into buf, snprintf rules; returns the full length. */
size_t rest_savepoint_location(const char *path, char *buf, size_t len);

#endif
