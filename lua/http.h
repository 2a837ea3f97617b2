/*
 * http.h — the REST API on a real socket: 127.0.0.1:PORT, answered by the simulation.
 *
 * While `playground shell`, `viz` or `run --live` runs, `curl localhost:8081/jobs` from
 * another terminal (or the real Flink client pointed at it) gets the same bytes as
 * pg.flink.rest. HTTP is libmicrohttpd's (no hand-written parsing), run from the caller's
 * own loop (no thread): the caller polls between simulation steps, so a request takes
 * effect at a defined simulated instant — the one the caller has reached — and the model
 * stays single-threaded. Loopback only. A request is answered by the handler the caller
 * gives (which records it, for a session to replay).
 */
#ifndef PG_HTTP_H
#define PG_HTTP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct PgHttp PgHttp;

/* Answers one request: method ("GET"), uri (path and query: it starts with '/'), content
 * type (or NULL) and body (body_len bytes without a NUL byte, then one). Returns the HTTP status and a malloc'd answer
 * (JSON) in *answer. */
typedef int (*PgHttpHandler)(void *ctx, const char *method, const char *uri, const char *content_type,
                             const char *body, size_t body_len, char **answer);

/* Listens on 127.0.0.1:port; NULL with a message in err (a port in use says so). */
PgHttp *pghttp_start(int port, PgHttpHandler fn, void *ctx, char *err, size_t errlen);
void pghttp_stop(PgHttp *h);                       /* accepts NULL */
/* Serves what is ready, waiting at most timeout_ms for traffic — or for fd (when ≥ 0) to
 * become readable. Returns true when fd is readable. */
bool pghttp_poll(PgHttp *h, int fd, int timeout_ms);
int  pghttp_port(const PgHttp *h);
/* Requests answered so far. */
unsigned long pghttp_requests(const PgHttp *h);

#endif
