/*
 * rest_fixture.h — what the REST and CLI tests share (header-only): a playground with Click
 * Event Count submitted at t=0 (seed 1, machine clock 01.01.2020 00:00:00 UTC, savepoints in a
 * temporary directory), one request with its answer parsed, whole-document expectations
 * (json_doc.h), Flink's error bodies, and CLI calls run to their end.
 * Include it after cmocka.h.
 */
#ifndef TEST_REST_FIXTURE_H
#define TEST_REST_FIXTURE_H

#include <ftw.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

#include "json_doc.h"
#include "rest/cli.h"
#include "rest/rest.h"
#include "sim.h"

#define S(sec) ((SimTime)(sec) * SIM_US_PER_S)
#define FIXTURE __attribute__((unused)) static

/* The Click Event Count vertex ids (JobVertexIDs from the operators' uids) and the job's
 * submission time on the machine clock. */
#define V_SOURCE  "00ebba3d809f98a2c36a4b4558fd42b1"
#define V_WM      "97fcaae8a2c8a1ae424d5ee09834d0ad"
#define V_COUNTER "651b50f8d58384593307d7d2a1c23cb4"
#define V_SINK    "f65afd19f906feddc01b6eeb210b3988"
#define T0_MS     1577836800000LL

static char spdir[64];                 /* this run's state.savepoints.dir */

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

FIXTURE int group_setup(void **state)
{
	(void)state;
	snprintf(spdir, sizeof spdir, "/tmp/test_rest_XXXXXX");
	return mkdtemp(spdir) ? 0 : -1;
}

FIXTURE int group_teardown(void **state)
{
	(void)state;
	return nftw(spdir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* The playground of that Flink release with the job submitted at t=0, run for `seconds`. */
FIXTURE Sim *start_version(FlinkVersion version, int seconds, char jid[33])
{
	SimOptions o;
	sim_options_default(&o);
	o.config.flink_version = version;
	snprintf(o.config.savepoints_dir, sizeof o.config.savepoints_dir, "%s", spdir);
	Sim *s = sim_create(&o);
	assert_non_null(s);
	assert_int_equal(sim_up(s), SIM_OK);
	JobOptions jo;
	job_options_default(&jo);
	assert_int_equal(sim_job_submit(s, &jo, jid), SIM_OK);
	sim_run_until(s, S(seconds));
	return s;
}

/* One request with a Content-Type; the answer parsed (the caller owns it). */
FIXTURE json_t *call_typed(Sim *s, const char *method, const char *uri, const char *type, const char *body,
                           size_t len, int *status)
{
	char *text = NULL;
	*status = rest_handle_request(s, method, uri, type, body, len, &text);
	assert_non_null(text);
	json_error_t err;
	json_t *j = json_loads(text, JSON_DECODE_ANY, &err);
	if (!j)
		fail_msg("%s %s answered invalid JSON (%s): %s", method, uri, err.text, text);
	free(text);
	return j;
}

FIXTURE json_t *call(Sim *s, const char *method, const char *uri, const char *body, int *status)
{
	return call_typed(s, method, uri, body ? "application/json" : NULL, body, body ? strlen(body) : 0, status);
}

/* Fails unless doc matches the template text (json_doc.h); names the first difference. */
FIXTURE void assert_doc(json_t *doc, const char *template_text, const char *what)
{
	json_error_t err;
	json_t *t = json_loads(template_text, JSON_DECODE_ANY, &err);
	if (!t)
		fail_msg("%s: bad template (%s, column %d): %s", what, err.text, err.column, template_text);
	char where[600] = "";
	if (json_doc_diff(t, doc, where, sizeof where)) {
		char *got = json_dumps(doc, JSON_ENCODE_ANY | JSON_COMPACT);
		fail_msg("%s: the answer differs at '%s' (seed 1)\nanswer: %.3000s", what, where, got ? got : "?");
	}
	json_decref(t);
}

/* method uri [body] must answer want_status with the whole document of template_fmt. */
FIXTURE json_t *expect_doc(Sim *s, const char *method, const char *uri, const char *body, int want_status,
                           const char *template_fmt, ...) __attribute__((format(printf, 6, 7)));
FIXTURE json_t *expect_doc(Sim *s, const char *method, const char *uri, const char *body, int want_status,
                           const char *template_fmt, ...)
{
	static char tmpl[16384];
	va_list ap;
	va_start(ap, template_fmt);
	vsnprintf(tmpl, sizeof tmpl, template_fmt, ap);
	va_end(ap);
	int status;
	json_t *j = call(s, method, uri, body, &status);
	char what[400];
	snprintf(what, sizeof what, "%s %s at t=%.3fs", method, uri, (double)sim_now(s) / 1e6);
	if (status != want_status) {
		char *got = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
		fail_msg("%s: status %d, expected %d: %.2000s", what, status, want_status, got ? got : "?");
	}
	assert_doc(j, tmpl, what);
	return j;
}

/* The same for a GET that must answer 200; the document is freed. */
FIXTURE void expect_get(Sim *s, const char *uri, const char *template_fmt, ...) __attribute__((format(printf, 3, 4)));
FIXTURE void expect_get(Sim *s, const char *uri, const char *template_fmt, ...)
{
	static char tmpl[16384];
	va_list ap;
	va_start(ap, template_fmt);
	vsnprintf(tmpl, sizeof tmpl, template_fmt, ap);
	va_end(ap);
	json_decref(expect_doc(s, "GET", uri, NULL, 200, "%s", tmpl));
}

/* Flink's ErrorResponseBody with exactly this one message. */
FIXTURE void assert_error(Sim *s, const char *method, const char *uri, const char *body, int want_status,
                          const char *want_message)
{
	json_t *m = json_string(want_message);
	char *quoted = json_dumps(m, JSON_ENCODE_ANY);
	json_decref(expect_doc(s, method, uri, body, want_status, "{\"errors\":[%s]}", quoted));
	free(quoted);
	json_decref(m);
}

/* Runs one CLI call to its end (advancing the simulation) and returns its text. */
FIXTURE char *cli_argv(Sim *s, int *exit_code, int argc, const char *const *argv)
{
	CliCall *c = cli_begin(s, argc, argv);
	assert_non_null(c);
	while (!cli_done(s, c))
		if (!sim_step(s))
			break;
	return cli_finish(s, c, exit_code);
}

FIXTURE char *cli(Sim *s, int *exit_code, int argc, ...)
{
	const char *argv[16];
	va_list ap;
	va_start(ap, argc);
	for (int i = 0; i < argc && i < 16; i++)
		argv[i] = va_arg(ap, const char *);
	va_end(ap);
	return cli_argv(s, exit_code, argc, argv);
}

FIXTURE void assert_cli(Sim *s, const char *want, int want_exit, int argc, ...)
{
	const char *argv[16];
	va_list ap;
	va_start(ap, argc);
	for (int i = 0; i < argc && i < 16; i++)
		argv[i] = va_arg(ap, const char *);
	va_end(ap);
	int code;
	char *text = cli_argv(s, &code, argc, argv);
	assert_string_equal(text, want);
	assert_int_equal(code, want_exit);
	free(text);
}

/* A multipart/form-data body as `curl -F "jarfile=@<path>"` sends it, with the given file
 * name and content; returns its length. */
FIXTURE size_t multipart_jar(char *buf, size_t cap, const char *filename, const char *content)
{
	int n = snprintf(buf, cap,
	                 "--------------------------d74496d66958873e\r\n"
	                 "Content-Disposition: form-data; name=\"jarfile\"; filename=\"%s\"\r\n"
	                 "Content-Type: application/octet-stream\r\n\r\n%s\r\n"
	                 "--------------------------d74496d66958873e--\r\n", filename, content);
	assert_true(n > 0 && (size_t)n < cap);
	return (size_t)n;
}
#define MULTIPART_TYPE "multipart/form-data; boundary=------------------------d74496d66958873e"

#endif
