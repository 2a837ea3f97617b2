/*
 * rest.h — the JobManager's REST API (port 8081) as Flink answers it, over a Sim.
 *
 * One call is one HTTP exchange: rest_handle() routes a method and a request URI (path plus
 * optional query string) the way Flink's netty router does, reads the model only through
 * sim.h, and answers with Flink's JSON shapes and key spelling ("start-time", "request-id").
 * The routes, bodies and error texts are those of the release the run models
 * (playground.flink-version: Flink 1.9 by default, 1.13 on request; docs/flink-versions.md).
 *
 * Routes (each also under the version prefix "/v1"):
 *   GET   /overview     GET /config     GET /jobmanager/config     GET /jobmanager/metrics
 *   GET   /taskmanagers   GET /taskmanagers/<id>   GET /taskmanagers/<id>/metrics
 *   GET   /jars   POST /jars/upload (multipart)   POST /jars/<jarid>/run   DELETE /jars/<jarid>
 *   GET   /jobs   GET /jobs/overview   GET /jobs/metrics
 *   GET   /jobs/<jobid>   PATCH /jobs/<jobid>[?mode=cancel]   GET /jobs/<jobid>/plan
 *   GET   /jobs/<jobid>/metrics[?get=a,b]   GET /jobs/<jobid>/exceptions
 *   GET   /jobs/<jobid>/checkpoints   …/checkpoints/config   …/checkpoints/details/<n>
 *   GET   /jobs/<jobid>/vertices/<vertexid>   …/backpressure   …/metrics[?get=<subtask>.<metric>,…]
 *   POST  /jobs/<jobid>/stop   POST /jobs/<jobid>/savepoints   GET /jobs/<jobid>/savepoints/<triggerid>
 *
 * Errors are Flink's: {"errors":["…"]} with its status codes and wording. A method or path no
 * route takes is 404 "Not found: <uri>" (Flink's router has no 405). The one answer Flink
 * cannot give is a JobManager that is down: there is no HTTP exchange at all, which this API
 * reports as status 503 with {"errors":["connection refused: jobmanager"]}.
 *
 * Stateless but for what Flink itself keeps: uploaded jars (in the JobManager's web.upload.dir),
 * savepoint triggers, and Flink 1.9's back-pressure samples, which a request starts.
 */
#ifndef REST_H
#define REST_H

#include <stddef.h>

#include "sim.h"

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
/* The same with a Content-Type header and a body of body_len bytes: a
 * "multipart/form-data; boundary=…" body is how POST /jars/upload takes its file. */
int rest_handle_request(Sim *s, const char *method, const char *uri, const char *content_type,
                        const char *body, size_t body_len, char **response_json);

/* The values of a query parameter in a raw query string ("get=a&get=b"), decoded and joined
 * with ',' as Flink does; NULL if absent. The caller frees it. */
char *rest_query_param(const char *query, const char *key);

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
