/*
 * rest.c — routing, request validation, errors and the actions of the REST API.
 *
 * A request goes through the steps of Flink's netty pipeline, in its order, so the same bad
 * request fails the same way: the router (RouterHandler: no route for method and path ⇒ 404
 * "Not found: <uri>"), the body (AbstractHandler: ⇒ 400 "Request did not match expected format
 * <class>."), the path and query parameters (HandlerRequest: ⇒ 400 "Bad request, could not
 * parse parameters: Cannot resolve path parameter (jobid) from value "…"."), then the handler.
 * Before all of them, the limits of the HTTP codec and aggregator (within_limits).
 * The views themselves are in rest_views.c, rest_metrics.c, rest_checkpoints.c and
 * rest_cluster.c; the web submission's jars in rest_jars.c. The routes are the release's:
 * every route exists in Flink 1.9 and 1.13 alike, the shapes differ (see the views).
 */
#include "rest.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rest_jars.h"
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
	size_t body_len;                 /* its length in bytes */
	const char *content_type;        /* the Content-Type header, NULL for JSON */
	json_t *json;                    /* the parsed body (an object) or NULL */
	char jobid[33], vertexid[33], triggerid[33];   /* resolved path parameters, lower case */
	const char *jarid, *tmid;        /* string path parameters (a jar id, a ResourceID) */
	int64_t checkpointid;            /* the checkpoint id of …/checkpoints/details/:checkpointid */
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
char *rest_query_param(const char *query, const char *key)
{
	if (!query)
		return NULL;
	char *copy = strdup(query), *joined = NULL, *save = NULL;
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

static char *query_param(const Request *r, const char *key) { return rest_query_param(r->query, key); }

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
	static const char *const jar_run_fields[] = {
		"entryClass", "programArgs", "programArgsList", "parallelism", "jobId", "allowNonRestoredState",
		"savepointPath", NULL,
	};
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
	if (strcmp(rt->body_class, "JarRunRequestBody") == 0) {
		const json_t *p = json_object_get(body, "parallelism");
		return body_fields_known(body, jar_run_fields) &&
		       body_string(json_object_get(body, "programArgs"), &str) &&
		       body_string(json_object_get(body, "savepointPath"), &str) &&
		       body_string(json_object_get(body, "entryClass"), &str) &&
		       body_bool(json_object_get(body, "allowNonRestoredState"), false, &b) &&
		       (!p || json_is_null(p) || json_is_integer(p)) &&
		       (!json_object_get(body, "programArgsList") || json_is_array(json_object_get(body, "programArgsList")));
	}
	return true;                                  /* EmptyRequestBody takes any object */
}

/* Parses r->body for the route; false (with the 400 reply) if Flink would reject it. An
 * empty body reads as "{}". */
static bool parse_body(const Route *rt, Request *r, Reply *out)
{
	if (!r->body || !r->body[0] || strcmp(rt->body_class, "FileUpload") == 0)
		return true;                              /* multipart: rest_jars.c reads it */
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

/* Resolves the route's parameters in Flink's order: the job, then a vertex or trigger, then a
 * checkpoint id (a long); jar ids and ResourceIDs are strings. */
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
	r->jarid = path_param(rt, r, "jarid");
	r->tmid = path_param(rt, r, "taskmanagerid");
	const char *cp = path_param(rt, r, "checkpointid");
	if (cp) {
		char *end;
		long long v = strtoll(cp, &end, 10);
		if (!cp[0] || *end) {
			reply_error(out, 400, "Bad request, could not parse parameters: "
			            "Cannot resolve path parameter (checkpointid) from value \"%s\".", cp);
			return false;
		}
		r->checkpointid = v;
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
static void h_config(Sim *s, Request *r, Reply *out) { reply_view(out, rest_view_dashboard_config(s)); }
static void h_jm_config(Sim *s, Request *r, Reply *out) { reply_view(out, rest_view_cluster_config(s)); }
static void h_taskmanagers(Sim *s, Request *r, Reply *out) { reply_view(out, rest_view_taskmanagers(s)); }
static void h_jobs(Sim *s, Request *r, Reply *out) { reply_view(out, rest_view_jobs(s)); }
static void h_jobs_overview(Sim *s, Request *r, Reply *out) { reply_view(out, rest_view_jobs_overview(s)); }

static void h_jm_metrics(Sim *s, Request *r, Reply *out)
{
	char *get = query_param(r, "get");
	reply_view(out, rest_view_jobmanager_metrics(s, get));
	free(get);
}

/* TaskManagerDetailsHandler: an unknown ResourceID is 404 "Could not find TaskManager <id>". */
static void h_taskmanager(Sim *s, Request *r, Reply *out)
{
	json_t *v = rest_view_taskmanager(s, r->tmid);
	if (v)
		reply(out, 200, v);
	else
		reply_error(out, 404, "Could not find TaskManager %s", r->tmid);
}

/* TaskManagerMetricsHandler: a TaskManager the metric store does not know has no metrics. */
static void h_taskmanager_metrics(Sim *s, Request *r, Reply *out)
{
	char *get = query_param(r, "get");
	json_t *v = rest_view_taskmanager_metrics(s, r->tmid, get);
	free(get);
	reply(out, 200, v ? v : json_array());
}

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

static void h_plan(Sim *s, Request *r, Reply *out)
{
	JobInfo ji;
	if (job_or_404(s, r, &ji, out))
		reply_view(out, rest_view_plan(s, &ji));
}

static void h_exceptions(Sim *s, Request *r, Reply *out)
{
	JobInfo ji;
	if (job_or_404(s, r, &ji, out))
		reply_view(out, rest_view_exceptions(s, &ji));
}

/* JobVertexDetailsHandler: an unknown vertex is NotFoundException "JobVertex <id> not found". */
static void h_vertex(Sim *s, Request *r, Reply *out)
{
	JobInfo ji;
	if (!job_or_404(s, r, &ji, out))
		return;
	json_t *v = rest_view_vertex(s, &ji, rest_vertex_index(s, &ji, r->vertexid));
	if (v)
		reply(out, 200, v);
	else
		reply_error(out, 404, "JobVertex %s not found", r->vertexid);
}

static void h_checkpoints(Sim *s, Request *r, Reply *out)
{
	JobInfo ji;
	if (job_or_404(s, r, &ji, out))
		reply_view(out, rest_view_checkpoints(s, &ji));
}

static void h_checkpoint_config(Sim *s, Request *r, Reply *out)
{
	JobInfo ji;
	if (job_or_404(s, r, &ji, out))
		reply_view(out, rest_view_checkpoint_config(s, &ji));
}

/* CheckpointStatisticDetailsHandler: a checkpoint no longer (or not yet) in the history is
 * 404 "Could not find checkpointing statistics for checkpoint <n>." */
static void h_checkpoint_details(Sim *s, Request *r, Reply *out)
{
	JobInfo ji;
	if (!job_or_404(s, r, &ji, out))
		return;
	json_t *v = rest_view_checkpoint_details(s, &ji, r->checkpointid);
	if (v)
		reply(out, 200, v);
	else
		reply_error(out, 404, "Could not find checkpointing statistics for checkpoint %lld.",
		            (long long)r->checkpointid);
}

static void h_metrics(Sim *s, Request *r, Reply *out)
{
	char *get = query_param(r, "get");
	reply_view(out, rest_view_job_metrics(s, r->jobid, get));
	free(get);
}

static void h_jobs_metrics(Sim *s, Request *r, Reply *out)
{
	char *get = query_param(r, "get"), *agg = query_param(r, "agg"), *jobs = query_param(r, "jobs");
	const char *bad = NULL;
	json_t *v = rest_view_jobs_metrics(s, get, agg, jobs, &bad);
	if (bad)
		reply_error(out, 400, "Bad request, could not parse parameters: Cannot resolve query parameter (%s) from "
		            "value \"%s\".", bad, agg ? agg : "");
	else
		reply_view(out, v);
	free(get);
	free(agg);
	free(jobs);
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
	/* 1.9 asks the JobMaster (LegacyScheduler.requestOperatorBackPressureStats): an unknown job
	 * or vertex fails the future with an exception no handler maps, hence 500. 1.13 reads the
	 * metric store and answers "deprecated" for what it does not hold. */
	if (rest_v19(s) && !known) {
		char msg[80];
		snprintf(msg, sizeof msg, "Could not find Flink job (%s)", r->jobid);
		reply_internal(out, "org.apache.flink.runtime.messages.FlinkJobNotFoundException", msg);
		return;
	}
	if (rest_v19(s) && v < 0) {
		char msg[80];
		snprintf(msg, sizeof msg, "JobVertexID not found %s", r->vertexid);
		reply_internal(out, "org.apache.flink.util.FlinkException", msg);
		return;
	}
	reply_view(out, rest_view_backpressure(s, known ? &ji : NULL, v));
}

/* ---------------------------------------------------------------- jars */

static void h_jar_upload(Sim *s, Request *r, Reply *out)
{
	json_t *body = NULL;
	int st = rest_jars_upload(s, r->content_type, r->body, r->body_len, &body);
	reply(out, st, body);
}

static void h_jar_list(Sim *s, Request *r, Reply *out)
{
	json_t *body = NULL;
	int st = rest_jars_list(s, &body);
	reply(out, st, body);
}

static void h_jar_run(Sim *s, Request *r, Reply *out)
{
	json_t *body = NULL;
	int st = rest_jars_run(s, r->jarid, r->json, r->query, &body);
	reply(out, st, body);
}

static void h_jar_delete(Sim *s, Request *r, Reply *out)
{
	json_t *body = NULL;
	int st = rest_jars_delete(s, r->jarid, &body);
	reply(out, st, body);
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

/* Triggers a savepoint (stop: stop-with-savepoint) and answers 202 with the trigger id, as
 * Flink's asynchronous operation handlers do for every trigger: a job that is unknown, ended
 * or cannot take a savepoint now gets a trigger that has failed, which the status call
 * reports as failure-cause. A target directory other than state.savepoints.dir is not
 * modelled (500). */
static void trigger_savepoint(Sim *s, Request *r, Reply *out, bool stop, bool drain, const char *target)
{
	if (!target_is_default(s, target)) {
		reply_internal(out, "java.lang.UnsupportedOperationException",
		               "the simulator writes savepoints to state.savepoints.dir only");
		return;
	}
	char trigger[33];
	if (sim_job_savepoint(s, r->jobid, stop, drain, trigger) != SIM_OK) {
		reply_internal(out, "org.apache.flink.util.FlinkException", sim_error(s));
		return;
	}
	json_t *o = json_object();
	json_object_set_new(o, "request-id", json_string(trigger));
	reply(out, 202, o);
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

/* CompletedOperationCache.COMPLETED_OPERATION_RESULT_CACHE_DURATION_SECONDS (Flink 1.9) */
#define OPERATION_CACHE_US (300 * SIM_US_PER_S)

static void h_savepoint_status(Sim *s, Request *r, Reply *out)
{
	SavepointInfo sp;
	/* The CompletedOperationCache of this process's REST endpoint: a trigger another process
	 * took (before a JobManager restart, or at the leader before a failover) is not in it, and
	 * a result is evicted 300 s after the operation ended (guava's expireAfterWrite). */
	if (sim_savepoint_info(s, r->triggerid, &sp) != SIM_OK || strcmp(sp.job_id, r->jobid) != 0 ||
	    !sp.at_jobmanager || (sp.status != SAVEPOINT_IN_PROGRESS && sim_now(s) - sp.ended_at >= OPERATION_CACHE_US)) {
		uint32_t key = 31u * (31u + (31u + abstract_id_hash(r->triggerid))) + abstract_id_hash(r->jobid);
		reply_error(out, 404, "Operation not found under key: "
		            "org.apache.flink.runtime.rest.handler.job.AsynchronousJobOperationKey@%x", key);
		return;
	}
	/* AsynchronousOperationResult: operation is null while in progress; SavepointInfo leaves
	 * out its null fields (JsonInclude NON_NULL). */
	json_t *status = json_object(), *operation = json_null();
	json_object_set_new(status, "id", json_string(sp.status == SAVEPOINT_IN_PROGRESS ? "IN_PROGRESS" : "COMPLETED"));
	if (sp.status == SAVEPOINT_COMPLETED) {
		char location[700];
		rest_savepoint_location(sp.path, location, sizeof location);
		operation = json_object();
		json_object_set_new(operation, "location", rest_jstr(location));
	} else if (sp.status == SAVEPOINT_FAILED) {
		/* SerializedThrowable's JSON: the class and the stack trace (the model has the first
		 * line); its base64 Java serialization has no meaning here and is left out. */
		char trace[400];
		snprintf(trace, sizeof trace, "%s: %s", sp.failure_class, sp.failure);
		json_t *cause = json_object();
		json_object_set_new(cause, "class", json_string(sp.failure_class));
		json_object_set_new(cause, "stack-trace", rest_jstr(trace));
		operation = json_object();
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

/* Static segments before parameters, as Flink's router prefers them (/jobs/overview over
 * /jobs/:jobid). */
static const Route routes[] = {
	{ "GET",   "/overview",                                   "EmptyRequestBody", h_overview },
	{ "GET",   "/config",                                     "EmptyRequestBody", h_config },
	{ "GET",   "/jobmanager/config",                          "EmptyRequestBody", h_jm_config },
	{ "GET",   "/jobmanager/metrics",                         "EmptyRequestBody", h_jm_metrics },
	{ "GET",   "/taskmanagers",                               "EmptyRequestBody", h_taskmanagers },
	{ "GET",   "/taskmanagers/:taskmanagerid",                "EmptyRequestBody", h_taskmanager },
	{ "GET",   "/taskmanagers/:taskmanagerid/metrics",        "EmptyRequestBody", h_taskmanager_metrics },
	{ "GET",   "/jars",                                       "EmptyRequestBody", h_jar_list },
	{ "POST",  "/jars/upload",                                "FileUpload",       h_jar_upload },
	{ "POST",  "/jars/:jarid/run",                            "JarRunRequestBody", h_jar_run },
	{ "DELETE", "/jars/:jarid",                               "EmptyRequestBody", h_jar_delete },
	{ "GET",   "/jobs",                                       "EmptyRequestBody", h_jobs },
	{ "GET",   "/jobs/overview",                              "EmptyRequestBody", h_jobs_overview },
	{ "GET",   "/jobs/metrics",                               "EmptyRequestBody", h_jobs_metrics },
	{ "GET",   "/jobs/:jobid",                                "EmptyRequestBody", h_job },
	{ "PATCH", "/jobs/:jobid",                                "EmptyRequestBody", h_cancel },
	{ "GET",   "/jobs/:jobid/metrics",                        "EmptyRequestBody", h_metrics },
	{ "GET",   "/jobs/:jobid/plan",                           "EmptyRequestBody", h_plan },
	{ "GET",   "/jobs/:jobid/exceptions",                     "EmptyRequestBody", h_exceptions },
	{ "GET",   "/jobs/:jobid/checkpoints",                    "EmptyRequestBody", h_checkpoints },
	{ "GET",   "/jobs/:jobid/checkpoints/config",             "EmptyRequestBody", h_checkpoint_config },
	{ "GET",   "/jobs/:jobid/checkpoints/details/:checkpointid", "EmptyRequestBody", h_checkpoint_details },
	{ "GET",   "/jobs/:jobid/vertices/:vertexid",             "EmptyRequestBody", h_vertex },
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
	size_t body = r->body_len;
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
	return rest_handle_request(s, method, uri, NULL, body_json, body_json ? strlen(body_json) : 0, response_json);
}

int rest_handle_request(Sim *s, const char *method, const char *uri, const char *content_type,
                        const char *body, size_t body_len, char **response_json)
{
	Request r;
	memset(&r, 0, sizeof r);
	r.method = method ? method : "";
	r.uri = uri ? uri : "";
	r.body = body;
	r.body_len = body ? body_len : 0;
	r.content_type = content_type;
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
