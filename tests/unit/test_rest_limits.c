/*
 * test_rest_limits.c — the REST API's request limits (sim/rest/rest.h): a request line over
 * 4096 bytes reaches the router as netty's "GET /bad-request", a body over 64 KiB is
 * refused with 413 before it is parsed, and neither changes the model. Just under each
 * limit a request is served as usual. The Sim runs seed 1 with its savepoints in a
 * temporary directory.
 */
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <ftw.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rest/rest.h"
#include "sim.h"

static char spdir[64];
static Sim *sim;
static char jid[33];

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static int group_setup(void **state)
{
	(void)state;
	snprintf(spdir, sizeof spdir, "/tmp/test_rest_limits_XXXXXX");
	if (!mkdtemp(spdir))
		return -1;
	SimOptions o;
	sim_options_default(&o);
	snprintf(o.config.savepoints_dir, sizeof o.config.savepoints_dir, "%s", spdir);
	sim = sim_create(&o);
	JobOptions jo;
	job_options_default(&jo);
	if (!sim || sim_up(sim) != SIM_OK || sim_job_submit(sim, &jo, jid) != SIM_OK)
		return -1;
	sim_run_until(sim, 30 * SIM_US_PER_S);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	sim_destroy(sim);
	return nftw(spdir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static json_t *call(const char *method, const char *uri, const char *body, int *status)
{
	char *text = NULL;
	*status = rest_handle(sim, method, uri, body, &text);
	assert_non_null(text);
	json_t *j = json_loads(text, JSON_DECODE_ANY, NULL);
	if (!j)
		fail_msg("%s answered invalid JSON: %.200s", method, text);
	free(text);
	return j;
}

static const char *first_error(json_t *j)
{
	const char *e = json_string_value(json_array_get(json_object_get(j, "errors"), 0));
	return e ? e : "";
}

/* GET /jobs/<id>/vertices/<source>/metrics?get=0.numRecordsIn,0.numRecordsIn,… whose
 * request line ("GET " + uri + " HTTP/1.1") has exactly `line` bytes (padded with commas). */
static char *metrics_uri(size_t line)
{
	int status;
	char head[200], path[80];
	snprintf(path, sizeof path, "/jobs/%s", jid);
	json_t *job = call("GET", path, NULL, &status);
	const char *vid = json_string_value(json_object_get(json_array_get(json_object_get(job, "vertices"), 0), "id"));
	assert_non_null(vid);
	snprintf(head, sizeof head, "/jobs/%s/vertices/%s/metrics?get=", jid, vid);
	json_decref(job);
	size_t want = line - strlen("GET ") - strlen(" HTTP/1.1");
	char *uri = malloc(want + 1);
	assert_non_null(uri);
	size_t n = (size_t)snprintf(uri, want + 1, "%s", head);
	while (n + strlen("0.numRecordsIn,") <= want)
		n += (size_t)sprintf(uri + n, "0.numRecordsIn,");
	memset(uri + n, ',', want - n);
	uri[want] = '\0';
	return uri;
}

static void test_request_line_over_4096_bytes_is_a_bad_request(void **state)
{
	(void)state;
	int status;
	char *uri = metrics_uri(REST_MAX_REQUEST_LINE_BYTES);        /* at the limit: served */
	json_t *j = call("GET", uri, NULL, &status);
	assert_int_equal(status, 200);
	assert_int_equal(json_array_size(j), 1);                     /* the same name, once (a HashSet) */
	json_decref(j);
	free(uri);
	uri = metrics_uri(REST_MAX_REQUEST_LINE_BYTES + 1);          /* one byte more */
	j = call("GET", uri, NULL, &status);
	assert_int_equal(status, 404);
	assert_string_equal(first_error(j), "Not found: /bad-request");
	json_decref(j);
	free(uri);
}

/* {"drain":false} padded with spaces to n bytes: valid JSON, a real stop request. */
static char *stop_body(size_t n)
{
	char *b = malloc(n + 1);
	assert_non_null(b);
	memset(b, ' ', n);
	memcpy(b, "{\"drain\":false}", 15);
	b[n] = '\0';
	return b;
}

static void test_body_over_64_kib_is_refused_before_it_is_read(void **state)
{
	(void)state;
	char path[80];
	snprintf(path, sizeof path, "/jobs/%s/stop", jid);
	char *body = stop_body(REST_MAX_BODY_BYTES + 1);
	int status;
	json_t *j = call("POST", path, body, &status);
	assert_int_equal(status, 413);
	assert_non_null(strstr(first_error(j), "The request body has 65537 bytes, more than the 65536"));
	json_decref(j);
	free(body);
	JobInfo ji;
	assert_int_equal(sim_job_info(sim, jid, &ji), SIM_OK);
	assert_int_equal(ji.state, JOB_RUNNING);                      /* nothing was stopped */

	body = stop_body(REST_MAX_BODY_BYTES);                        /* at the limit: served */
	j = call("POST", path, body, &status);
	assert_int_equal(status, 202);
	assert_non_null(json_string_value(json_object_get(j, "request-id")));
	json_decref(j);
	free(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_line_over_4096_bytes_is_a_bad_request),
		cmocka_unit_test(test_body_over_64_kib_is_refused_before_it_is_read),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
