/*
 * rest.c — routing, request validation, errors and the actions of the REST API.
 *
 * A request goes through the steps of Flink's netty pipeline, in its order, so the same bad
 * request fails the same way: the router (RouterHandler: no route for method and path ⇒ 404
 * "Not found: <uri>"), the body (AbstractHandler: ⇒ 400 "Request did not match expected format
 * <class>."), the path and query parameters (HandlerRequest: ⇒ 400 "Bad request, could not
 * parse parameters: Cannot resolve path parameter (jobid) from value "…"."), then the handler.
 * Before all of them, the limits of the HTTP codec and aggregator (within_limits).
 * The views themselves are in rest_views.c.
 */
#include "rest.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rest_views.h"

#define MAX_SEGMENTS 8
#define HTTP_VERSION_SUFFIX " HTTP/1.1"   /* closes the request line the limit counts */

typedef struct Request {
	const char *method;              /* "GET", as received */
	const char *uri;                 /* as received, for "Not found: <uri>" */
	char *path;                      /* percent-decoded path; segments point into it */
	char *seg[MAX_SEGMENTS];         /* decoded path segments (Flink keeps empty inner ones) */
	int   nseg;                      /* segments in seg */
	const char *query;               /* raw text after '?', NULL if none */
	const char *body;                /* request body, NULL or "" when empty */
	json_t *json;                    /* the parsed body (an object) or NULL */
	char jobid[33], vertexid[33], triggerid[33];   /* resolved path parameters, lower case */
} Request;

typedef struct Reply {
	int status;                      /* HTTP status, 0 until a handler answers */
	json_t *body;                    /* the JSON answer (owned) */
} Reply;

typedef void (*Handler)(Sim *s, Request *r, Reply *out);

typedef struct Route {
	const char *method;              /* HTTP method, case-sensitive */
	const char *pattern;             /* "/jobs/:jobid/metrics" */
	const char *body_class;          /* the request body class Flink names in format errors */
	Handler handle;                  /* answers a request that passed validation */
} Route;

/* ---------------------------------------------------------------- replies */

static void reply(Reply *out, int status, json_t *body)
{
	out->status = status;
	out->body = body;
}

/* Flink's ErrorResponseBody: {"errors":[message, …]}. */
static void reply_error(Reply *out, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void reply_error(Reply *out, int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *msg = malloc(n > 0 ? (size_t)n + 1 : 1);
	if (!msg) {
		reply(out, status, NULL);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)(n > 0 ? n + 1 : 1), fmt, ap);
	va_end(ap);
	json_t *errors = json_array();
	json_array_append_new(errors, rest_jstr(msg));
	free(msg);
	json_t *o = json_object();
	json_object_set_new(o, "errors", errors);
	reply(out, status, o);
}

/* An exception that is not a RestHandlerException: Flink answers 500 with the stack trace. */
static void reply_internal(Reply *out, const char *exception, const char *message)
{
	char trace[1024];
	snprintf(trace, sizeof trace, "<Exception on server side:\n%s: %s\nEnd of exception on server side>",
	         exception, message);
	json_t *errors = json_array();
	json_array_append_new(errors, json_string("Internal server error."));
	json_array_append_new(errors, rest_jstr(trace));
	json_t *o = json_object();
	json_object_set_new(o, "errors", errors);
	reply(out, 500, o);
}

/* ---------------------------------------------------------------- ids */

bool rest_is_hex_id(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!isxdigit((unsigned char)s[n]) || n >= 32)
			return false;
	return n == 32;
}

static void lower_copy(char dst[33], const char *src)
{
	for (int i = 0; i < 32; i++)
		dst[i] = (char)tolower((unsigned char)src[i]);
	dst[32] = '\0';
}

size_t rest_savepoint_location(const char *path, char *buf, size_t len)
{
	bool has_scheme = strncmp(path, "file:", 5) == 0 || strstr(path, "://") != NULL;
	int n = snprintf(buf, len, "%s%s", has_scheme ? "" : "file:", path);
	return n < 0 ? 0 : (size_t)n;
}

/* ---------------------------------------------------------------- request parsing */

static int hex_value(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* Decodes %XX escapes and '+' (a space) in place, as QueryStringDecoder.decodeComponent
 * does; a malformed escape stays as it is. Stops at a decoded NUL. */
static void percent_decode(char *s)
{
	char *o = s;
	for (char *p = s; *p; p++) {
		int hi, lo;
		if (*p == '%' && (hi = hex_value(p[1])) >= 0 && (lo = hex_value(p[2])) >= 0) {
			if (hi == 0 && lo == 0)
				break;
			*o++ = (char)(hi * 16 + lo);
			p += 2;
		} else {
			*o++ = *p == '+' ? ' ' : *p;
		}
	}
	*o = '\0';
}

/* Splits the URI the way Flink's router does: the raw path loses its slashes at both ends,
 * is cut at every '/' (so "a//b" keeps an empty segment) and each segment is decoded; the
 * query stays raw. False if the path has more segments than any route. */
static bool parse_uri(Request *r)
{
	const char *q = strchr(r->uri, '?');
	size_t plen = q ? (size_t)(q - r->uri) : strlen(r->uri);
	r->query = q ? q + 1 : NULL;
	r->path = malloc(plen + 1);
	if (!r->path)
		return false;
	const char *from = r->uri, *to = r->uri + plen;
	while (from < to && *from == '/') from++;
	while (to > from && to[-1] == '/') to--;
	memcpy(r->path, from, (size_t)(to - from));
	r->path[to - from] = '\0';
	r->nseg = 0;
	for (char *p = r->path;; p++) {
		if (r->nseg == MAX_SEGMENTS)
			return false;
		r->seg[r->nseg++] = p;
		p += strcspn(p, "/");
		if (!*p)
			break;
		*p = '\0';
	}
	for (int i = 0; i < r->nseg; i++)
		percent_decode(r->seg[i]);
	if (r->nseg > 1 && strcmp(r->seg[0], "v1") == 0) {     /* the versioned URLs */
		memmove(r->seg, r->seg + 1, (size_t)(r->nseg - 1) * sizeof r->seg[0]);
		r->nseg--;
	}
	return true;
}

/* The values of query parameter key, joined with ',' as Flink does (malloc'd), or NULL. */
static char *query_param(const Request *r, const char *key)
{
	if (!r->query)
		return NULL;
	char *copy = strdup(r->query), *joined = NULL, *save = NULL;
	size_t jlen = 0;
	if (!copy)
		return NULL;
	for (char *kv = strtok_r(copy, "&;", &save); kv; kv = strtok_r(NULL, "&;", &save)) {
		char *eq = strchr(kv, '=');
		char *value = eq ? eq + 1 : kv + strlen(kv);
		if (eq)
			*eq = '\0';
		percent_decode(kv);
		percent_decode(value);
		if (strcmp(kv, key) != 0)
			continue;
		size_t vlen = strlen(value);
		char *grown = realloc(joined, jlen + vlen + 2);
		if (!grown)
			break;
		joined = grown;
		if (jlen)
			joined[jlen++] = ',';
		memcpy(joined + jlen, value, vlen + 1);
		jlen += vlen;
	}
	free(copy);
	return joined;
}

/* ---------------------------------------------------------------- bodies */

/* Jackson's coercions for a Boolean property: true/false, "true"/"false", integers, null. */
static bool body_bool(const json_t *v, bool dflt, bool *out)
{
	if (!v || json_is_null(v)) { *out = dflt; return true; }
	if (json_is_boolean(v)) { *out = json_is_true(v); return true; }
	if (json_is_integer(v)) { *out = json_integer_value(v) != 0; return true; }
	if (json_is_string(v) && (strcmp(json_string_value(v), "true") == 0 || strcmp(json_string_value(v), "false") == 0)) {
		*out = strcmp(json_string_value(v), "true") == 0;
		return true;
	}
	return false;
}

static bool body_string(const json_t *v, const char **out)
{
	*out = NULL;
	if (!v || json_is_null(v))
		return true;
	if (!json_is_string(v))
		return false;
	*out = json_string_value(v);
	return true;
}

/* Flink reads bodies with a strict mapper: unknown properties are errors. */
static bool body_fields_known(json_t *body, const char *const *fields)
{
	const char *key;
	json_t *value;
	json_object_foreach(body, key, value) {
		bool known = false;
		for (const char *const *f = fields; *f; f++)
			known |= strcmp(key, *f) == 0;
		if (!known)
			return false;
	}
	return true;
}

static bool body_matches(const Route *rt, json_t *body)
{
	static const char *const stop_fields[] = { "targetDirectory", "drain", NULL };
	static const char *const savepoint_fields[] = { "target-directory", "cancel-job", NULL };
	const char *str;
	bool b;
	if (strcmp(rt->body_class, "StopWithSavepointRequestBody") == 0)
		return body_fields_known(body, stop_fields) &&
		       body_string(json_object_get(body, "targetDirectory"), &str) &&
		       body_bool(json_object_get(body, "drain"), false, &b);
	if (strcmp(rt->body_class, "SavepointTriggerRequestBody") == 0)
		return body_fields_known(body, savepoint_fields) &&
		       body_string(json_object_get(body, "target-directory"), &str) &&
		       body_bool(json_object_get(body, "cancel-job"), false, &b);
	return true;                                  /* EmptyRequestBody takes any object */
}

/* Parses r->body for the route; false (with the 400 reply) if Flink would reject it. An
 * empty body reads as "{}". */
static bool parse_body(const Route *rt, Request *r, Reply *out)
{
	if (!r->body || !r->body[0])
		return true;
	json_error_t err;
	r->json = json_loads(r->body, JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK, &err);
	if (!r->json || !json_is_object(r->json) || !body_matches(rt, r->json)) {
		reply_error(out, 400, "Request did not match expected format %s.", rt->body_class);
		return false;
	}
	return true;
}

/* ---------------------------------------------------------------- routing */

static bool segment_matches(const char *pattern_seg, size_t n, const char *seg)
{
	return pattern_seg[0] == ':' || (strlen(seg) == n && strncmp(pattern_seg, seg, n) == 0);
}

static bool route_matches(const Route *rt, const Request *r)
{
	if (strcmp(rt->method, r->method) != 0)
		return false;
	const char *p = rt->pattern;
	int i = 0;
	while (*p) {
		p++;                                      /* the '/' */
		size_t n = strcspn(p, "/");
		if (i >= r->nseg || !segment_matches(p, n, r->seg[i]))
			return false;
		i++;
		p += n;
	}
	return i == r->nseg;
}

/* The segment of r bound to pattern parameter name (":jobid"), or NULL. */
static const char *path_param(const Route *rt, const Request *r, const char *name)
{
	const char *p = rt->pattern;
	for (int i = 0; *p && i < r->nseg; i++) {
		p++;
		size_t n = strcspn(p, "/");
		if (p[0] == ':' && n - 1 == strlen(name) && strncmp(p + 1, name, n - 1) == 0)
			return r->seg[i];
		p += n;
	}
	return NULL;
}

/* Resolves the route's id parameters in Flink's order (job, then vertex or trigger). */
static bool resolve_path_params(const Route *rt, Request *r, Reply *out)
{
	static const char *const names[] = { "jobid", "vertexid", "triggerid" };
	char *dst[] = { r->jobid, r->vertexid, r->triggerid };
	for (int k = 0; k < 3; k++) {
		const char *v = path_param(rt, r, names[k]);
		if (!v)
			continue;
		if (!rest_is_hex_id(v)) {
			reply_error(out, 400, "Bad request, could not parse parameters: "
			            "Cannot resolve path parameter (%s) from value \"%s\".", names[k], v);
			return false;
		}
		lower_copy(dst[k], v);
	}
	return true;
}

/* ---------------------------------------------------------------- views */

static void reply_view(Reply *out, json_t *view)
{
	if (view)
		reply(out, 200, view);
	else
		reply_internal(out, "java.lang.OutOfMemoryError", "the view could not be built");
}

static void h_overview(Sim *s, Request *r, Reply *out) { reply_view(out, rest_view_overview(s)); }
static void h_taskmanagers(Sim *s, Request *r, Reply *out) { reply_view(out, rest_view_taskmanagers(s)); }
static void h_jobs(Sim *s, Request *r, Reply *out) { reply_view(out, rest_view_jobs(s)); }
static void h_jobs_overview(Sim *s, Request *r, Reply *out) { reply_view(out, rest_view_jobs_overview(s)); }

/* Flink (AbstractExecutionGraphHandler): an unknown job is NotFoundException "Job <id> not found". */
static bool job_or_404(const Sim *s, const Request *r, JobInfo *ji, Reply *out)
{
	if (rest_job_lookup(s, r->jobid, ji))
		return true;
	reply_error(out, 404, "Job %s not found", r->jobid);
	return false;
}

static void h_job(Sim *s, Request *r, Reply *out)
{
	JobInfo ji;
	if (job_or_404(s, r, &ji, out))
		reply_view(out, rest_view_job(s, &ji));
}

static void h_checkpoints(Sim *s, Request *r, Reply *out)
{
	JobInfo ji;
	if (job_or_404(s, r, &ji, out))
		reply_view(out, rest_view_checkpoints(s, &ji));
}

static void h_metrics(Sim *s, Request *r, Reply *out)
{
	char *get = query_param(r, "get");
	reply_view(out, rest_view_job_metrics(s, r->jobid, get));
	free(get);
}

static void h_vertex_metrics(Sim *s, Request *r, Reply *out)
{
	JobInfo ji;
	bool known = rest_job_lookup(s, r->jobid, &ji);
	int v = known ? rest_vertex_index(s, &ji, r->vertexid) : -1;
	char *get = query_param(r, "get");
	reply_view(out, rest_view_vertex_metrics(s, known ? &ji : NULL, v, get));
	free(get);
}

static void h_backpressure(Sim *s, Request *r, Reply *out)
{
	JobInfo ji;
	bool known = rest_job_lookup(s, r->jobid, &ji);
	int v = known ? rest_vertex_index(s, &ji, r->vertexid) : -1;
	reply_view(out, rest_view_backpressure(s, known ? &ji : NULL, v));
}

/* ---------------------------------------------------------------- actions */

/* The simulator writes savepoints to state.savepoints.dir only. */
static bool target_is_default(const Sim *s, const char *target)
{
	if (!target)
		return true;
	const char *dir = sim_options(s)->config.savepoints_dir;
	if (strncmp(target, "file://", 7) == 0)
		target += 7;
	else if (strncmp(target, "file:", 5) == 0)
		target += 5;
	size_t n = strlen(target), m = strlen(dir);
	while (n > 1 && target[n - 1] == '/') n--;
	while (m > 1 && dir[m - 1] == '/') m--;
	return n == m && strncmp(target, dir, n) == 0;
}

/* Triggers a savepoint (stop: stop-with-savepoint) and answers with the trigger id.
 * Flink 1.13 accepts every trigger (202) and reports a failure later through the status
 * call; the model refuses at once, so refusals are answered at once: an unknown job with the
 * FlinkJobNotFoundException Flink would report, a job that cannot take one now with 409. */
static void trigger_savepoint(Sim *s, Request *r, Reply *out, bool stop, bool drain, const char *target)
{
	JobInfo ji;
	if (!rest_job_lookup(s, r->jobid, &ji)) {
		reply_error(out, 404, "org.apache.flink.runtime.messages.FlinkJobNotFoundException: "
		            "Could not find Flink job (%s)", r->jobid);
		return;
	}
	if (!target_is_default(s, target)) {
		reply_internal(out, "java.lang.UnsupportedOperationException",
		               "the simulator writes savepoints to state.savepoints.dir only");
		return;
	}
	char trigger[33];
	SimStatus st = sim_job_savepoint(s, r->jobid, stop, drain, trigger);
	if (st == SIM_OK) {
		json_t *o = json_object();
		json_object_set_new(o, "request-id", json_string(trigger));
		reply(out, 202, o);
	} else if (st == SIM_ESTATE) {
		reply_error(out, 409, "org.apache.flink.runtime.checkpoint.CheckpointException: %s", sim_error(s));
	} else {
		reply_internal(out, "org.apache.flink.util.FlinkException", sim_error(s));
	}
}

static void h_stop(Sim *s, Request *r, Reply *out)
{
	bool drain = false;
	const char *target = NULL;
	if (r->json) {
		body_bool(json_object_get(r->json, "drain"), false, &drain);
		body_string(json_object_get(r->json, "targetDirectory"), &target);
	}
	trigger_savepoint(s, r, out, true, drain, target);
}

static void h_savepoint(Sim *s, Request *r, Reply *out)
{
	bool cancel = false;
	const char *target = NULL;
	if (r->json) {
		body_bool(json_object_get(r->json, "cancel-job"), false, &cancel);
		body_string(json_object_get(r->json, "target-directory"), &target);
	}
	if (!target && !sim_options(s)->config.savepoints_dir[0]) {
		reply_error(out, 400, "Config key [state.savepoints.dir] is not set. Property [target-directory] must be provided.");
		return;
	}
	if (cancel) {
		reply_internal(out, "java.lang.UnsupportedOperationException",
		               "cancel with savepoint is not modelled; use POST /jobs/<id>/stop");
		return;
	}
	trigger_savepoint(s, r, out, false, false, target);
}

/* Java's hashCode of AsynchronousJobOperationKey, which Flink prints in its "not found" text
 * (Object.toString): Objects.hash(Objects.hash(triggerId), jobId), AbstractID hashing its
 * two longs' halves. */
static uint32_t abstract_id_hash(const char id[33])
{
	uint32_t h = 0;
	for (int k = 0; k < 4; k++) {
		char part[9];
		memcpy(part, id + 8 * k, 8);
		part[8] = '\0';
		h ^= (uint32_t)strtoul(part, NULL, 16);
	}
	return h;
}

static void h_savepoint_status(Sim *s, Request *r, Reply *out)
{
	SavepointInfo sp;
	if (sim_savepoint_info(s, r->triggerid, &sp) != SIM_OK || strcmp(sp.job_id, r->jobid) != 0) {
		uint32_t key = 31u * (31u + (31u + abstract_id_hash(r->triggerid))) + abstract_id_hash(r->jobid);
		reply_error(out, 404, "Operation not found under key: "
		            "org.apache.flink.runtime.rest.handler.job.AsynchronousJobOperationKey@%x", key);
		return;
	}
	json_t *status = json_object(), *operation = json_null();
	json_object_set_new(status, "id", json_string(sp.status == SAVEPOINT_IN_PROGRESS ? "IN_PROGRESS" : "COMPLETED"));
	if (sp.status == SAVEPOINT_COMPLETED) {
		char location[700];
		rest_savepoint_location(sp.path, location, sizeof location);
		operation = json_object();
		json_object_set_new(operation, "location", rest_jstr(location));
		json_object_set_new(operation, "failure-cause", json_null());
	} else if (sp.status == SAVEPOINT_FAILED) {
		/* SerializedThrowable's JSON; its base64 Java serialization has no meaning here. */
		char trace[300];
		snprintf(trace, sizeof trace, "org.apache.flink.runtime.checkpoint.CheckpointException: %s", sp.failure);
		json_t *cause = json_object();
		json_object_set_new(cause, "class", json_string("org.apache.flink.runtime.checkpoint.CheckpointException"));
		json_object_set_new(cause, "stack-trace", rest_jstr(trace));
		operation = json_object();
		json_object_set_new(operation, "location", json_null());
		json_object_set_new(operation, "failure-cause", cause);
	}
	json_t *o = json_object();
	json_object_set_new(o, "status", status);
	json_object_set_new(o, "operation", operation);
	reply(out, 200, o);
}

/* Splits s in place at commas the way Java's String.split(",") does: empty tokens are kept
 * except trailing ones, and "" is one empty token. Returns the number of tokens. */
static int split_java(char *s, char **tok, int max)
{
	int n = 0, last = -1;
	for (char *p = s;;) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		if (n < max)
			tok[n] = p;
		if (*p)
			last = n;
		n++;
		if (!comma)
			break;
		p = comma + 1;
	}
	if (!s[0] && n == 1)
		return 1;
	n = last + 1;
	return n < max ? n : max;
}

/* PATCH /jobs/<id>?mode=cancel (JobCancellationHandler). "stop" was removed in Flink 1.10. */
static bool cancel_mode_ok(const Request *r, Reply *out)
{
	char *mode = query_param(r, "mode");
	if (!mode)
		return true;
	char *copy = strdup(mode), *tok[16];
	int n = copy ? split_java(copy, tok, 16) : 0;
	bool ok = true;
	for (int i = 0; i < n && ok; i++)
		ok = strcasecmp(tok[i], "cancel") == 0 || strcasecmp(tok[i], "stop") == 0;
	if (!ok)
		reply_error(out, 400, "Bad request, could not parse parameters: "
		            "Cannot resolve query parameter (mode) from value \"%s\".", mode);
	else if (n > 0 && strcasecmp(tok[0], "stop") == 0)
		reply_error(out, 308, "The termination mode \"stop\" has been removed. For an ungraceful "
		            "shutdown, please use \"cancel\" instead. For a graceful shutdown, please use "
		            "\"jobs/:jobId/stop\" instead.");
	free(copy);
	free(mode);
	return ok && out->status == 0;
}

static void h_cancel(Sim *s, Request *r, Reply *out)
{
	if (!cancel_mode_ok(r, out))
		return;
	JobInfo ji;
	SimStatus st = rest_job_lookup(s, r->jobid, &ji) ? sim_job_cancel(s, r->jobid) : SIM_ENOENT;
	if (st == SIM_OK)
		reply(out, 202, json_object());
	else if (st == SIM_ENOENT || st == SIM_ESTATE)   /* a terminal job has left the dispatcher */
		reply_error(out, 404, "Job could not be found.");
	else
		reply_error(out, 500, "Job cancellation failed: %s", sim_error(s));
}

/* ---------------------------------------------------------------- entry */

static const Route routes[] = {
	{ "GET",   "/overview",                                   "EmptyRequestBody", h_overview },
	{ "GET",   "/taskmanagers",                               "EmptyRequestBody", h_taskmanagers },
	{ "GET",   "/jobs",                                       "EmptyRequestBody", h_jobs },
	{ "GET",   "/jobs/overview",                              "EmptyRequestBody", h_jobs_overview },
	{ "GET",   "/jobs/:jobid",                                "EmptyRequestBody", h_job },
	{ "PATCH", "/jobs/:jobid",                                "EmptyRequestBody", h_cancel },
	{ "GET",   "/jobs/:jobid/metrics",                        "EmptyRequestBody", h_metrics },
	{ "GET",   "/jobs/:jobid/checkpoints",                    "EmptyRequestBody", h_checkpoints },
	{ "GET",   "/jobs/:jobid/vertices/:vertexid/backpressure", "EmptyRequestBody", h_backpressure },
	{ "GET",   "/jobs/:jobid/vertices/:vertexid/metrics",      "EmptyRequestBody", h_vertex_metrics },
	{ "POST",  "/jobs/:jobid/stop",                           "StopWithSavepointRequestBody", h_stop },
	{ "POST",  "/jobs/:jobid/savepoints",                     "SavepointTriggerRequestBody", h_savepoint },
	{ "GET",   "/jobs/:jobid/savepoints/:triggerid",          "EmptyRequestBody", h_savepoint_status },
};

/* The request limits of Flink's netty pipeline, in its order. HttpServerCodec reads a
 * request line of at most REST_MAX_REQUEST_LINE_BYTES; a longer one becomes netty's
 * invalid request "GET /bad-request", which no route takes. The aggregator then refuses a
 * body over the limit with 413. Both keep the work of a request proportional to a bounded
 * input: the query of ?get=… and the JSON body are parsed and answered in memory. */
static bool within_limits(Request *r, Reply *out)
{
	size_t line = strlen(r->method) + 1 + strlen(r->uri) + strlen(HTTP_VERSION_SUFFIX);
	if (line > REST_MAX_REQUEST_LINE_BYTES) {
		r->method = "GET";
		r->uri = "/bad-request";
		return true;
	}
	size_t body = r->body ? strlen(r->body) : 0;
	if (body > REST_MAX_BODY_BYTES) {
		reply_error(out, 413, "The request body has %zu bytes, more than the %d this REST server takes. "
		            "Try to raise [rest.server.max-content-length]", body, REST_MAX_BODY_BYTES);
		return false;
	}
	return true;
}

static void dispatch(Sim *s, Request *r, Reply *out)
{
	if (sim_jobmanager_electing(s)) {     /* LeaderRetrievalHandler: no leading Dispatcher */
		reply_error(out, REST_STATUS_UNREACHABLE,
		            "Service temporarily unavailable due to an ongoing leader election. Please refresh.");
		return;
	}
	if (!sim_jobmanager_reachable(s)) {
		reply_error(out, REST_STATUS_UNREACHABLE, "connection refused: jobmanager");
		return;
	}
	if (!within_limits(r, out))
		return;
	const Route *rt = NULL;
	if (parse_uri(r))
		for (size_t i = 0; i < sizeof routes / sizeof routes[0] && !rt; i++)
			if (route_matches(&routes[i], r))
				rt = &routes[i];
	if (!rt) {
		reply_error(out, 404, "Not found: %s", r->uri);
		return;
	}
	if (parse_body(rt, r, out) && resolve_path_params(rt, r, out))
		rt->handle(s, r, out);
}

int rest_handle(Sim *s, const char *method, const char *uri, const char *body_json, char **response_json)
{
	Request r;
	memset(&r, 0, sizeof r);
	r.method = method ? method : "";
	r.uri = uri ? uri : "";
	r.body = body_json;
	Reply out = { 0, NULL };
	dispatch(s, &r, &out);
	*response_json = out.body ? json_dumps(out.body, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;
	if (!*response_json)
		*response_json = strdup("{\"errors\":[\"Internal server error.\"]}");
	json_decref(out.body);
	json_decref(r.json);
	free(r.path);
	return out.status ? out.status : 500;
}
