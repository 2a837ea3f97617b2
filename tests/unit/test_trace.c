/*
 * test_trace.c — the trace is a true record: a line is one line whatever it quotes (control
 * characters escaped), the listener sees exactly the text that was hashed, and a refused
 * job submission leaves no trace line, no random draw and no job behind.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/trace.h"
#include "sim.h"

#define FIXTURES "tests/fixtures/savepoints/"

static void test_escape(void **state)
{
	(void)state;
	char out[64];
	static const char in[] = "a\nb\rc\td\\e\x1b[31m\x7f\x01z";
	size_t n = trace_escape(in, sizeof in - 1, out, sizeof out);
	assert_string_equal(out, "a\\nb\\rc\\td\\\\e\\x1b[31m\\x7f\\x01z");
	assert_int_equal(n, strlen(out));
	static const char nul[] = { 'x', '\0', 'y' };
	trace_escape(nul, sizeof nul, out, sizeof out);
	assert_string_equal(out, "x\\x00y");
	trace_escape("plain text, unchanged: 1.5 µs", strlen("plain text, unchanged: 1.5 µs"), out, sizeof out);
	assert_string_equal(out, "plain text, unchanged: 1.5 µs");
	/* A short buffer ends before an escape, never inside one. */
	trace_escape("abc\n", 4, out, 5);
	assert_string_equal(out, "abc");
}

typedef struct Seen {
	char text[2048];              /* the listener's last text */
	int lines;                    /* lines seen */
} Seen;

static void remember(void *ctx, const SimEvent *e, const char *text)
{
	Seen *seen = ctx;
	(void)e;
	snprintf(seen->text, sizeof seen->text, "%s", text);
	seen->lines++;
}

static uint64_t fnv1a(uint64_t h, const char *p)
{
	for (; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
	return h;
}

static void test_listener_sees_the_hashed_line(void **state)
{
	(void)state;
	SimOptions o;
	sim_options_default(&o);
	Sim *s = sim_create(&o);
	Seen seen = { "", 0 };
	assert_true(sim_subscribe(s, remember, &seen) >= 0);
	sim_trace_command(s, "flink run -s /tmp/sp\n120.000000 compose Container kafka killed.");
	assert_int_equal(seen.lines, 1);
	assert_null(strchr(seen.text, '\n'));
	assert_string_equal(seen.text, "flink run -s /tmp/sp\\n120.000000 compose Container kafka killed.");
	uint64_t h = fnv1a(0xcbf29ce484222325ull, "0.000000 command ");
	h = fnv1a(h, seen.text);
	h = fnv1a(h, "\n");
	assert_true(h == sim_trace_hash(s));
	assert_int_equal(sim_trace_lines(s), 1);
	sim_destroy(s);
}

static Sim *up(void)
{
	SimOptions o;
	sim_options_default(&o);
	o.seed = 42;
	o.generator = false;
	Sim *s = sim_create(&o);
	assert_non_null(s);
	assert_int_equal(sim_up(s), SIM_OK);
	sim_run_until(s, 2 * SIM_US_PER_S);
	return s;
}

/* Each refused submission leaves the Sim exactly as a twin that never saw it: same trace
 * hash, same number of lines, no job, and the next job gets the same id. */
static void test_refused_submission_changes_nothing(void **state)
{
	(void)state;
	Sim *a = up(), *b = up();
	JobOptions jo;
	job_options_default(&jo);
	char id_a[33] = "", id_b[33] = "";

	jo.savepoint = FIXTURES "other-topology";            /* an operator the job does not have */
	assert_int_equal(sim_job_check(a, &jo), SIM_EINVAL);
	assert_int_equal(sim_job_submit(a, &jo, id_a), SIM_EINVAL);
	assert_non_null(strstr(sim_error(a), "Cannot map checkpoint/savepoint state"));
	jo.savepoint = FIXTURES "does-not-exist";
	assert_int_equal(sim_job_submit(a, &jo, id_a), SIM_ENOENT);
	jo.savepoint = FIXTURES "valid";
	jo.max_parallelism = 64;                               /* the savepoint's is 128 */
	assert_int_equal(sim_job_submit(a, &jo, id_a), SIM_EINVAL);
	job_options_default(&jo);
	jo.parallelism = 200;                                  /* above the 128 slots of one job */
	assert_int_equal(sim_job_submit(a, &jo, id_a), SIM_EINVAL);

	assert_int_equal(sim_job_count(a), 0);
	assert_true(sim_trace_hash(a) == sim_trace_hash(b));
	assert_true(sim_trace_lines(a) == sim_trace_lines(b));

	job_options_default(&jo);
	jo.savepoint = FIXTURES "valid";
	assert_int_equal(sim_job_check(a, &jo), SIM_OK);      /* a check alone changes nothing either */
	assert_true(sim_trace_hash(a) == sim_trace_hash(b));
	job_options_default(&jo);
	assert_int_equal(sim_job_submit(a, &jo, id_a), SIM_OK);
	assert_int_equal(sim_job_submit(b, &jo, id_b), SIM_OK);
	assert_string_equal(id_a, id_b);
	sim_run_until(a, 30 * SIM_US_PER_S);
	sim_run_until(b, 30 * SIM_US_PER_S);
	assert_true(sim_trace_hash(a) == sim_trace_hash(b));
	sim_destroy(a);
	sim_destroy(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_listener_sees_the_hashed_line),
		cmocka_unit_test(test_refused_submission_changes_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
