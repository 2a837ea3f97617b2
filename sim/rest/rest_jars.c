/*
 * rest_jars.c — the web submission's REST routes (Flink's JarUploadHandler, JarListHandler,
 * JarRunHandler, JarDeleteHandler), as the tutorial's REST tabs of steps 2a and 2b use them:
 *
 *   curl -X POST -H "Expect:" -F "jarfile=@/opt/ClickCountJob.jar" http://jobmanager:8081/jars/upload
 *   curl -X POST http://localhost:8081/jars/<jar-id>/run -d '{"programArgs": "…", "savepointPath": "…"}'
 *
 * An upload is a multipart/form-data body with exactly one file ending in ".jar"; it is kept
 * in the JobManager's web.upload.dir as "<uuid>_<name>" (sim_jar_upload). A run builds the job
 * from the jar and its program arguments (JarHandlerUtils: the body's fields, or the query
 * parameters) and submits it; without "parallelism" the job gets parallelism.default.
 */
#include "rest_jars.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "rest.h"
#include "rest_views.h"

#define MAX_PROGRAM_ARGS 64

json_t *rest_error_body(const char *message)
{
	json_t *errors = json_array();
	json_array_append_new(errors, rest_jstr(message));
	json_t *o = json_object();
	json_object_set_new(o, "errors", errors);
	return o;
}

static int error(json_t **out, int status, const char *message)
{
	*out = rest_error_body(message);
	return status;
}

/* An exception that is not a RestHandlerException: Flink answers 500 with the stack trace. */
static int internal(json_t **out, const char *exception)
{
	char trace[1200];
	snprintf(trace, sizeof trace, "<Exception on server side:\n%s\nEnd of exception on server side>", exception);
	json_t *errors = json_array();
	json_array_append_new(errors, json_string("Internal server error."));
	json_array_append_new(errors, rest_jstr(trace));
	*out = json_object();
	json_object_set_new(*out, "errors", errors);
	return 500;
}

/* ---------------------------------------------------------------- multipart */

/* The boundary of a "multipart/form-data; boundary=…" content type, or false. */
static bool multipart_boundary(const char *content_type, char *out, size_t len)
{
	if (!content_type || strncasecmp(content_type, "multipart/form-data", 19) != 0)
		return false;
	const char *b = strstr(content_type, "boundary=");
	if (!b)
		return false;
	b += 9;
	if (*b == '"')
		b++;
	size_t n = strcspn(b, "\";");
	if (n == 0 || n >= len)
		return false;
	memcpy(out, b, n);
	out[n] = '\0';
	return true;
}

static const void *memfind(const void *hay, size_t hlen, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; n <= hlen && i <= hlen - n; i++)
		if (memcmp((const char *)hay + i, needle, n) == 0)
			return (const char *)hay + i;
	return NULL;
}

/* The value of attribute key (name, filename) in a Content-Disposition header line. */
static bool disposition_value(const char *headers, size_t hlen, const char *key, char *out, size_t len)
{
	char pat[32];
	snprintf(pat, sizeof pat, " %s=\"", key);
	const char *p = memfind(headers, hlen, pat);
	if (!p)
		return false;
	p += strlen(pat);
	const char *end = memchr(p, '"', hlen - (size_t)(p - headers));
	if (!end || (size_t)(end - p) >= len)
		return false;
	memcpy(out, p, (size_t)(end - p));
	out[end - p] = '\0';
	return true;
}

typedef struct Upload {
	int    files;                 /* file parts found */
	char   filename[128];         /* the first one's file name */
	bool   playground;            /* its content is the playground's jar */
} Upload;

/* Netty's HttpPostMultipartRequestDecoder, as FileUploadHandler uses it: every part with a
 * filename is an uploaded file. False for a body that is not multipart at all. */
static bool parse_multipart(const char *content_type, const char *body, size_t len, Upload *up)
{
	char boundary[120], delim[128];
	memset(up, 0, sizeof *up);
	if (!multipart_boundary(content_type, boundary, sizeof boundary))
		return false;
	snprintf(delim, sizeof delim, "--%s", boundary);
	const char *p = memfind(body, len, delim), *end = body + len;
	while (p) {
		p += strlen(delim);
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			break;                            /* the closing delimiter */
		const char *hdr_end = memfind(p, (size_t)(end - p), "\r\n\r\n");
		if (!hdr_end)
			break;
		const char *content = hdr_end + 4;
		const char *next = memfind(content, (size_t)(end - content), delim);
		size_t clen = next ? (size_t)(next - content) : (size_t)(end - content);
		if (clen >= 2 && content[clen - 2] == '\r' && content[clen - 1] == '\n')
			clen -= 2;
		char filename[128];
		if (disposition_value(p, (size_t)(hdr_end - p), "filename", filename, sizeof filename)) {
			if (up->files++ == 0) {
				snprintf(up->filename, sizeof up->filename, "%s", filename);
				size_t want = strlen(REST_PLAYGROUND_JAR_CONTENT);
				up->playground = clen == want && memcmp(content, REST_PLAYGROUND_JAR_CONTENT, want) == 0;
			}
		}
		p = next;
	}
	return true;
}

int rest_jars_upload(Sim *s, const char *content_type, const char *body, size_t len, json_t **out)
{
	Upload up;
	if (!parse_multipart(content_type, body ? body : "", body ? len : 0, &up))
		up.files = 0;
	if (up.files != 1) {
		char msg[80];
		snprintf(msg, sizeof msg, "Exactly 1 file must be sent, received %d.", up.files);
		return error(out, 400, msg);
	}
	size_t n = strlen(up.filename);
	if (n < 4 || strcmp(up.filename + n - 4, ".jar") != 0)
		return error(out, 400, "Only Jar files are allowed.");
	const char *base = strrchr(up.filename, '/');         /* the name, not the client's path */
	JarInfo jar;
	if (sim_jar_upload(s, base ? base + 1 : up.filename, up.playground, &jar) != SIM_OK)
		return internal(out, sim_error(s));
	*out = json_object();
	json_object_set_new(*out, "filename", rest_jstr(jar.path));
	json_object_set_new(*out, "status", json_string("success"));
	return 200;
}

/* ---------------------------------------------------------------- list and delete */

int rest_jars_list(const Sim *s, json_t **out)
{
	json_t *files = json_array();
	JarInfo jar;
	for (int i = 0; sim_jar_at(s, i, &jar); i++) {
		json_t *entries = json_array();
		if (jar.playground) {                  /* the manifest's Main-Class */
			json_t *e = json_object();
			json_object_set_new(e, "name", json_string("org.apache.flink.playgrounds.ops.clickcount.ClickEventCount"));
			json_object_set_new(e, "description", json_null());
			json_array_append_new(entries, e);
		}
		json_t *f = json_object();
		json_object_set_new(f, "id", rest_jstr(jar.id));
		json_object_set_new(f, "name", rest_jstr(jar.name));
		json_object_set_new(f, "uploaded", rest_jint(jar.uploaded_ms));
		json_object_set_new(f, "entry", entries);
		json_array_append_new(files, f);
	}
	*out = json_object();
	json_object_set_new(*out, "address", json_string("http://jobmanager:8081"));
	json_object_set_new(*out, "files", files);
	return 200;
}

int rest_jars_delete(Sim *s, const char *jar_id, json_t **out)
{
	if (sim_jar_delete(s, jar_id) != SIM_OK) {
		char dir[100], msg[400];
		sim_web_tmp_dir(s, dir, sizeof dir);
		snprintf(msg, sizeof msg, "File %s does not exist in %s/flink-web-upload.", jar_id, dir);
		return error(out, 400, msg);
	}
	*out = json_object();
	return 200;
}

/* ---------------------------------------------------------------- run */

/* JarHandlerUtils.tokenizeArguments: words, or "…" / '…' quoted groups. Writes into buf. */
static int tokenize(const char *text, char *buf, size_t len, const char **argv, int max)
{
	int n = 0;
	size_t o = 0;
	const char *p = text;
	while (*p && n < max) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		char quote = (*p == '"' || *p == '\'') ? *p : 0;
		const char *start = quote ? p + 1 : p;
		const char *stop = quote ? strchr(start, quote) : start + strcspn(start, " \t\n");
		if (!stop)
			stop = start + strlen(start);
		size_t k = (size_t)(stop - start);
		if (o + k + 1 > len)
			break;
		memcpy(buf + o, start, k);
		buf[o + k] = '\0';
		argv[n++] = buf + o;
		o += k + 1;
		p = quote && *stop ? stop + 1 : stop;
	}
	return n;
}

static const char *body_str(const json_t *body, const char *key)
{
	const json_t *v = body ? json_object_get(body, key) : NULL;
	return json_is_string(v) && json_string_value(v)[0] ? json_string_value(v) : NULL;
}

/* A field from the body, else the query parameter; the caller frees the copy. */
static char *field(const json_t *body, const char *key, const char *query, const char *param)
{
	const char *v = body_str(body, key);
	return v ? strdup(v) : rest_query_param(query, param);
}

static int run_options(Sim *s, const json_t *body, const char *query, JobOptions *jo, char *argbuf,
                       size_t arglen, char **savepoint, json_t **out)
{
	job_options_default(jo);
	jo->parallelism = (int)sim_options(s)->config.default_parallelism;
	const json_t *p = body ? json_object_get(body, "parallelism") : NULL;
	char *qp = p ? NULL : rest_query_param(query, "parallelism");
	if (json_is_integer(p) && json_integer_value(p) > 0)
		jo->parallelism = (int)json_integer_value(p);
	else if (qp && atoi(qp) > 0)
		jo->parallelism = atoi(qp);
	free(qp);
	char *args = field(body, "programArgs", query, "program-args");
	const char *argv[MAX_PROGRAM_ARGS];
	int argc = args ? tokenize(args, argbuf, arglen, argv, MAX_PROGRAM_ARGS) : 0;
	const json_t *list = body ? json_object_get(body, "programArgsList") : NULL;
	if (json_array_size(list) > 0 && argc > 0) {
		free(args);
		return error(out, 400, "Confusing request: programArgs and programArgsList are specified, please, use "
		             "only programArgsList");
	}
	for (size_t i = 0; i < json_array_size(list) && argc < MAX_PROGRAM_ARGS; i++)
		if (json_is_string(json_array_get(list, i)))
			argv[argc++] = json_string_value(json_array_get(list, i));
	const char *bad = cli_job_flags(argv, argc, jo);
	free(args);
	if (bad) {
		char exc[300];
		snprintf(exc, sizeof exc, "org.apache.flink.client.program.ProgramInvocationException: The main method caused "
		         "an error: Error parsing arguments on '%s'. Please prefix keys with -- or -.", bad);
		return internal(out, exc);
	}
	*savepoint = field(body, "savepointPath", query, "savepointPath");
	jo->savepoint = *savepoint;
	return 0;
}

int rest_jars_run(Sim *s, const char *jar_id, const json_t *body, const char *query, json_t **out)
{
	JarInfo jar;
	if (!sim_jar_find(s, jar_id, &jar)) {
		char dir[100], msg[400];
		sim_web_tmp_dir(s, dir, sizeof dir);
		snprintf(msg, sizeof msg, "Jar file %s/flink-web-upload/%s does not exist", dir, jar_id);
		return error(out, 400, msg);
	}
	if (!jar.playground)
		return internal(out, "org.apache.flink.client.program.ProgramInvocationException: Neither a 'Main-Class', "
		                "nor a 'program-class' entry was found in the jar file.");
	JobOptions jo;
	char argbuf[2048], *savepoint = NULL, id[33], exc[800];
	int st = run_options(s, body, query, &jo, argbuf, sizeof argbuf, &savepoint, out);
	if (st)
		return st;
	SimStatus ok = sim_job_submit(s, &jo, id);
	free(savepoint);
	if (ok != SIM_OK) {
		snprintf(exc, sizeof exc, "org.apache.flink.runtime.client.JobSubmissionException: Failed to submit job.\n"
		         "Caused by: %s", sim_error(s));
		return internal(out, exc);
	}
	*out = json_object();
	json_object_set_new(*out, "jobid", json_string(id));
	return 200;
}
