/* http.c — the REST API on 127.0.0.1 through libmicrohttpd (see http.h).
 *
 * libmicrohttpd is loaded by the first server (dlopen), not linked: it brings GnuTLS and
 * its libraries (nettle, hogweed, gmp, p11-kit, idn2, unistring, tasn1, ffi), whose loading
 * and relocation would cost every start of the program ~2.7 ms and 160 page faults
 * (`playground --version`: 4 ms instead of 1.3), and only `shell`, `run --live` and
 * `viz --port` serve HTTP (make test starts the program ~700 times). */
#include "http.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/select.h>
#include <sys/socket.h>

#include <microhttpd.h>

#define HTTP_MAX_BODY (16u << 20)    /* a request body held at most (a job jar upload) */

/* The library's soname: Debian's libmicrohttpd12 (its ABI since 0.9.x). */
#define MHD_LIBRARY "libmicrohttpd.so.12"

/* The functions used, typed by the library's own header. */
static struct {
	void *lib;
	__typeof__(MHD_start_daemon) *start_daemon;
	__typeof__(MHD_stop_daemon) *stop_daemon;
	__typeof__(MHD_get_fdset) *get_fdset;
	__typeof__(MHD_get_timeout) *get_timeout;
	__typeof__(MHD_run_from_select) *run_from_select;
	__typeof__(MHD_lookup_connection_value) *lookup_connection_value;
	__typeof__(MHD_create_response_from_buffer) *create_response_from_buffer;
	__typeof__(MHD_add_response_header) *add_response_header;
	__typeof__(MHD_queue_response) *queue_response;
	__typeof__(MHD_destroy_response) *destroy_response;
} mhd;

#define HTTP_SYM(field, name) (mhd.field = (__typeof__(mhd.field))dlsym(lib, name)) != NULL

/* Loads the library once; false with the reason in err. */
static bool load_mhd(char *err, size_t errlen)
{
	if (mhd.lib)
		return true;
	void *lib = dlopen(MHD_LIBRARY, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		snprintf(err, errlen, "cannot serve the REST API: %s (install libmicrohttpd12)", dlerror());
		return false;
	}
	if (!(HTTP_SYM(start_daemon, "MHD_start_daemon") && HTTP_SYM(stop_daemon, "MHD_stop_daemon") &&
	      HTTP_SYM(get_fdset, "MHD_get_fdset") && HTTP_SYM(get_timeout, "MHD_get_timeout") &&
	      HTTP_SYM(run_from_select, "MHD_run_from_select") &&
	      HTTP_SYM(lookup_connection_value, "MHD_lookup_connection_value") &&
	      HTTP_SYM(create_response_from_buffer, "MHD_create_response_from_buffer") &&
	      HTTP_SYM(add_response_header, "MHD_add_response_header") &&
	      HTTP_SYM(queue_response, "MHD_queue_response") && HTTP_SYM(destroy_response, "MHD_destroy_response"))) {
		snprintf(err, errlen, "cannot serve the REST API: %s lacks a function: %s", MHD_LIBRARY, dlerror());
		dlclose(lib);
		return false;
	}
	mhd.lib = lib;
	return true;
}

struct PgHttp {
	struct MHD_Daemon *d;
	PgHttpHandler fn;
	void *ctx;
	int port;
	unsigned long requests;
};

typedef struct Body {
	char  *uri;                   /* the request target as sent (path and query) */
	char  *buf;
	size_t len, cap;
	bool   too_big;
	bool   started;               /* the first call (headers only) has been seen */
} Body;

static enum MHD_Result reply(struct MHD_Connection *c, int status, char *text)
{
	struct MHD_Response *r = mhd.create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(text);
		return MHD_NO;
	}
	mhd.add_response_header(r, "Content-Type", "application/json; charset=UTF-8");
	mhd.add_response_header(r, "Access-Control-Allow-Origin", "*");   /* as Flink's REST server */
	enum MHD_Result ok = mhd.queue_response(c, (unsigned)status, r);
	mhd.destroy_response(r);
	return ok;
}

/* The request target exactly as the client sent it, path and query (the router's input);
 * it opens the request's state. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	Body *b = calloc(1, sizeof *b);
	if (b)
		b->uri = strdup(uri);
	(void)cls;
	(void)c;
	return b;
}

/* A Content-Length above what is held: the body need not be read to be refused. */
static bool declared_too_big(struct MHD_Connection *c)
{
	const char *len = mhd.lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (!len)
		return false;
	errno = 0;
	char *end;
	unsigned long long n = strtoull(len, &end, 10);
	return end != len && (n > HTTP_MAX_BODY || errno == ERANGE);
}

/* The request's Content-Type when it is multipart/form-data, else NULL: Flink's
 * FileUploadHandler decodes a multipart request (HttpPostRequestDecoder.isMultipart) and
 * passes any other body on as JSON, whatever its type (curl -d sends
 * application/x-www-form-urlencoded). */
static const char *multipart_type(struct MHD_Connection *c)
{
	const char *type = mhd.lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	return type && strncasecmp(type, "multipart/form-data", 19) == 0 ? type : NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *data, size_t *data_size, void **state)
{
	PgHttp *h = cls;
	Body *b = *state;
	(void)version;
	if (!b || !b->uri)
		return MHD_NO;
	if (!b->started) {                            /* headers: the body (if any) comes next */
		b->started = true;
		if (declared_too_big(c))                  /* refused unread (no "100 Continue") */
			return reply(c, 413, strdup("{\"errors\":[\"Request entity too large.\"]}"));
		return MHD_YES;
	}
	if (*data_size) {                             /* a piece of the body */
		if (b->len + *data_size > HTTP_MAX_BODY) {
			b->too_big = true;
		} else {
			if (b->len + *data_size + 1 > b->cap) {
				size_t cap = 2 * (b->len + *data_size + 1);
				char *nb = realloc(b->buf, cap);
				if (!nb)
					return MHD_NO;
				b->buf = nb;
				b->cap = cap;
			}
			memcpy(b->buf + b->len, data, *data_size);
			b->len += *data_size;
			b->buf[b->len] = '\0';
		}
		*data_size = 0;
		return MHD_YES;
	}
	if (b->too_big)                               /* Flink: rest.server.max-content-length */
		return reply(c, 413, strdup("{\"errors\":[\"Request entity too large.\"]}"));
	/* What the handlers (the interpreter's pg.flink.http, run --live's exchange) cannot take
	 * is refused here, the same for both, and reaches neither the trace nor a recording:
	 * a target that is no path ("*", "http://host/jobs"), a JSON body with a NUL byte (no
	 * JSON has one; a C string would stop there). A multipart body is any bytes (a jar). */
	const char *target = b->uri[0] ? b->uri : url;
	if (target[0] != '/')
		return reply(c, 400, strdup("{\"errors\":[\"Bad request: the request target must be a path (/jobs).\"]}"));
	const char *type = multipart_type(c);
	if (!type && b->len && memchr(b->buf, '\0', b->len))
		return reply(c, 400, strdup("{\"errors\":[\"Bad request: the request body contains a NUL byte.\"]}"));
	char *answer = NULL;
	int status = h->fn(h->ctx, method, target, type, b->buf ? b->buf : "", b->len, &answer);
	h->requests++;
	return reply(c, status, answer ? answer : strdup("{}"));
}

static void completed(void *cls, struct MHD_Connection *c, void **state, enum MHD_RequestTerminationCode why)
{
	Body *b = *state;
	if (b) {
		free(b->uri);
		free(b->buf);
		free(b);
	}
	*state = NULL;
	(void)cls;
	(void)c;
	(void)why;
}

PgHttp *pghttp_start(int port, PgHttpHandler fn, void *ctx, char *err, size_t errlen)
{
	if (port < 1 || port > 65535) {
		snprintf(err, errlen, "port %d is not a TCP port (1 to 65535)", port);
		return NULL;
	}
	if (!load_mhd(err, errlen))
		return NULL;
	PgHttp *h = calloc(1, sizeof *h);
	if (!h) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	h->fn = fn;
	h->ctx = ctx;
	h->port = port;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);   /* loopback only */
	h->d = mhd.start_daemon(MHD_NO_FLAG, (uint16_t)port, NULL, NULL, on_request, h,
	                        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&a,
	                        MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
	                        MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
	                        MHD_OPTION_CONNECTION_LIMIT, (unsigned)64,
	                        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
	                        MHD_OPTION_END);
	if (!h->d) {
		int e = errno;
		snprintf(err, errlen, "cannot serve the REST API on 127.0.0.1:%d: %s", port,
		         e == EADDRINUSE ? "the port is in use (pass --port P for another, or --port 0 for none)" : strerror(e));
		free(h);
		return NULL;
	}
	return h;
}

void pghttp_stop(PgHttp *h)
{
	if (!h)
		return;
	mhd.stop_daemon(h->d);
	free(h);
}

bool pghttp_poll(PgHttp *h, int fd, int timeout_ms)
{
	fd_set rs, ws, es;
	FD_ZERO(&rs);
	FD_ZERO(&ws);
	FD_ZERO(&es);
	MHD_socket max = -1;
	if (h && mhd.get_fdset(h->d, &rs, &ws, &es, &max) != MHD_YES)
		max = -1;
	if (fd >= 0) {
		FD_SET(fd, &rs);
		if (fd > max)
			max = fd;
	}
	MHD_UNSIGNED_LONG_LONG mhd_wait;
	if (h && mhd.get_timeout(h->d, &mhd_wait) == MHD_YES && (long long)mhd_wait < timeout_ms)
		timeout_ms = (int)mhd_wait;
	struct timeval tv = { timeout_ms / 1000, (timeout_ms % 1000) * 1000 };
	int n = select(max + 1, &rs, &ws, &es, timeout_ms >= 0 ? &tv : NULL);
	if (h)
		mhd.run_from_select(h->d, &rs, &ws, &es);
	return n > 0 && fd >= 0 && FD_ISSET(fd, &rs);
}

int pghttp_port(const PgHttp *h) { return h ? h->port : 0; }
unsigned long pghttp_requests(const PgHttp *h) { return h ? h->requests : 0; }
