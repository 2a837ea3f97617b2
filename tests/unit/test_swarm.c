/* test_swarm.c — the swarm's process pool and its shrinker, without Lua.
 *
 * The pool must survive every way a child can go wrong — abort() (what SIM_CHECK does),
 * a segfault, an exit without a result, a crash after reporting, a hang past the deadline —
 * and report each as a failed trial with check "crash" or "timeout" and the child's last
 * output in the message; it must run children in parallel and hand back every result once.
 * ddmin must find exactly the steps a failure needs, within its trial budget. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "swarm_pool.h"
#include "swarm_shrink.h"

/* What a child does, by seed. */
enum { PASS = 1, FAIL, ABORT, SEGV, SILENT, CRASH_AFTER, HANG, SLOW, CHATTY, BIG, WHO, ECHO };

static void child(void *ctx, const SwarmTrial *t, SwarmChild *c)
{
	(void)ctx;
	static SwarmStep steps[10000];
	static char code[10000][16], kill1[] = "kill(1)", start1[] = "start(1)", text[256];
	SwarmReply r = { .verdict = SWARM_PASSED };
	signal(SIGSEGV, SIG_DFL);                      /* cmocka's handler would catch it in the child */
	switch (t->seed) {
	case FAIL:
		r = (SwarmReply){ SWARM_FAILED, "safety.windows", "window 15000 of page 3 counts 999", true, "{ tms = 2 }",
		                  steps, 2 };
		steps[0] = (SwarmStep){ 1.5, kill1 };
		steps[1] = (SwarmStep){ 2.25, start1 };
		break;
	case ABORT:
		fprintf(stderr, "sim/core/evq.c:42: assertion failed: heap order (t=12.000s, seed 3)\n");
		abort();
	case SEGV:
		raise(SIGSEGV);
		break;
	case SILENT:
		printf("leaving without a word\n");
		return;
	case CRASH_AFTER:
		swarm_child_send(c, &r);
		fprintf(stderr, "double free in lua_close\n");
		abort();
	case HANG:
		printf("spinning\n");
		fflush(stdout);
		for (;;)
			pause();
	case SLOW:
		nanosleep(&(struct timespec){ 0, 300000000 }, NULL);
		break;
	case CHATTY:
		for (int i = 0; i < 5000; i++)
			printf("line %d\n", i);
		break;
	case WHO:                                      /* which process ran it */
		snprintf(text, sizeof text, "%ld", (long)getpid());
		r = (SwarmReply){ SWARM_FAILED, "who", text, false, NULL, NULL, 0 };
		break;
	case ECHO: {                                   /* the trial as the worker received it */
		int n = snprintf(text, sizeof text, "forced=%d file=%s keep=", t->seed_forced, t->file ? t->file : "-");
		for (size_t i = 0; i < t->nkeep && n + 2 < (int)sizeof text; i++)
			text[n++] = t->keep[i] ? '1' : '0';
		text[n] = '\0';
		r = (SwarmReply){ SWARM_FAILED, "echo", text, false, NULL, NULL, 0 };
		break;
	}
	case BIG:
		for (int i = 0; i < 10000; i++) {
			snprintf(code[i], sizeof code[i], "step(%d)", i);
			steps[i] = (SwarmStep){ i * 0.5, code[i] };
		}
		r = (SwarmReply){ SWARM_PASSED, NULL, NULL, true, "{}", steps, 10000 };
		break;
	}
	swarm_child_send(c, &r);
}

static SwarmPool *pool(int jobs, double timeout_s, bool keep_output)
{
	SwarmPoolOptions o = { jobs, timeout_s, keep_output, 1 << 20, child, NULL };
	SwarmPool *p = swarm_pool_create(&o);
	assert_non_null(p);
	return p;
}

/* Runs one trial of the given kind alone and returns its result. */
static SwarmResult *run_one(uint64_t kind, double timeout_s, bool keep_output)
{
	char err[256];
	uint64_t tag = 0;
	SwarmPool *p = pool(1, timeout_s, keep_output);
	SwarmTrial t = { .seed = kind, .seed_forced = true };
	assert_true(swarm_pool_start(p, &t, 77, err, sizeof err));
	SwarmResult *r = swarm_pool_wait(p, &tag);
	assert_non_null(r);
	assert_int_equal(tag, 77);
	assert_int_equal(swarm_pool_running(p), 0);
	assert_null(swarm_pool_wait(p, &tag));
	swarm_pool_destroy(p);
	return r;
}

static void test_result_travels_whole(void **state)
{
	(void)state;
	SwarmResult *r = run_one(FAIL, 10, false);
	assert_int_equal(r->verdict, SWARM_FAILED);
	assert_string_equal(r->check, "safety.windows");
	assert_string_equal(r->message, "window 15000 of page 3 counts 999");
	assert_true(r->planned);
	assert_string_equal(r->setup, "{ tms = 2 }");
	assert_int_equal(r->nsteps, 2);
	assert_true(r->steps[1].t_s == 2.25);
	assert_string_equal(r->steps[1].code, "start(1)");
	swarm_result_free(r);
	r = run_one(PASS, 10, false);
	assert_int_equal(r->verdict, SWARM_PASSED);
	assert_null(r->check);
	assert_false(r->planned);
	swarm_result_free(r);
}

static void test_abort_is_a_crash_with_its_message(void **state)
{
	(void)state;
	SwarmResult *r = run_one(ABORT, 10, false);
	assert_int_equal(r->verdict, SWARM_FAILED);
	assert_string_equal(r->check, "crash");
	assert_non_null(strstr(r->message, "crashed: killed by signal 6"));
	assert_non_null(strstr(r->message, "(seed 3)"));
	assert_non_null(strstr(r->message, "assertion failed: heap order"));
	swarm_result_free(r);
}

static void test_segfault_is_a_crash(void **state)
{
	(void)state;
	SwarmResult *r = run_one(SEGV, 10, false);
	assert_string_equal(r->check, "crash");
	assert_non_null(strstr(r->message, "killed by signal 11"));
	swarm_result_free(r);
}

static void test_exit_without_result_is_a_crash(void **state)
{
	(void)state;
	SwarmResult *r = run_one(SILENT, 10, false);
	assert_string_equal(r->check, "crash");
	assert_non_null(strstr(r->message, "without reporting a result"));
	assert_non_null(strstr(r->message, "leaving without a word"));
	swarm_result_free(r);
}

static void test_crash_after_reporting_still_counts(void **state)
{
	(void)state;
	SwarmResult *r = run_one(CRASH_AFTER, 10, false);
	assert_int_equal(r->verdict, SWARM_FAILED);
	assert_string_equal(r->check, "crash");
	assert_non_null(strstr(r->message, "double free in lua_close"));
	swarm_result_free(r);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_hang_times_out(void **state)
{
	(void)state;
	double start = now_s();
	SwarmResult *r = run_one(HANG, 0.3, false);
	double took = now_s() - start;
	assert_string_equal(r->check, "timeout");
	assert_non_null(strstr(r->message, "timed out: still running after 0.3 s"));
	assert_non_null(strstr(r->message, "spinning"));
	assert_true(took >= 0.3 && took < 5);
	swarm_result_free(r);
}

static void test_output_kept_whole_and_in_order(void **state)
{
	(void)state;
	SwarmResult *r = run_one(CHATTY, 10, true);
	assert_int_equal(r->verdict, SWARM_PASSED);
	assert_non_null(r->output);
	assert_true(r->output_len > 5000 * 7);
	assert_memory_equal(r->output, "line 0\nline 1\n", 14);
	assert_memory_equal(r->output + r->output_len - 10, "line 4999\n", 10);
	swarm_result_free(r);
}

static void test_large_plan_travels(void **state)
{
	(void)state;
	SwarmResult *r = run_one(BIG, 10, false);
	assert_int_equal(r->nsteps, 10000);
	assert_string_equal(r->steps[9999].code, "step(9999)");
	assert_true(r->steps[9999].t_s == 9999 * 0.5);
	swarm_result_free(r);
}

static void test_children_run_in_parallel(void **state)
{
	(void)state;
	char err[256];
	bool seen[8] = { false };
	SwarmPool *p = pool(4, 10, false);
	double start = now_s();
	int started = 0, done = 0;
	while (done < 8) {
		while (started < 8 && swarm_pool_has_room(p)) {
			SwarmTrial t = { .seed = SLOW };
			assert_true(swarm_pool_start(p, &t, (uint64_t)started++, err, sizeof err));
		}
		assert_false(swarm_pool_has_room(p) && started < 8);
		uint64_t tag;
		SwarmResult *r = swarm_pool_wait(p, &tag);
		assert_non_null(r);
		assert_int_equal(r->verdict, SWARM_PASSED);
		assert_true(tag < 8 && !seen[tag]);
		seen[tag] = true;
		swarm_result_free(r);
		done++;
	}
	assert_true(now_s() - start < 1.5);            /* 8 × 0.3 s one by one would be 2.4 s */
	swarm_pool_destroy(p);
}

static void test_kill_all_stops_everyone(void **state)
{
	(void)state;
	char err[256];
	SwarmPool *p = pool(3, 600, false);
	for (int i = 0; i < 3; i++) {
		SwarmTrial t = { .seed = HANG };
		assert_true(swarm_pool_start(p, &t, (uint64_t)i, err, sizeof err));
	}
	assert_false(swarm_pool_has_room(p));
	double start = now_s();
	swarm_pool_kill_all(p);
	assert_int_equal(swarm_pool_running(p), 0);
	assert_true(now_s() - start < 5);
	swarm_pool_destroy(p);
}

/* Runs the trials one after another on a pool of one worker; results in rs. */
static void run_in_turn(SwarmPool *p, const SwarmTrial *ts, size_t n, SwarmResult **rs)
{
	char err[256];
	for (size_t i = 0; i < n; i++) {
		uint64_t tag;
		assert_true(swarm_pool_start(p, &ts[i], i, err, sizeof err));
		rs[i] = swarm_pool_wait(p, &tag);
		assert_non_null(rs[i]);
		assert_int_equal(tag, i);
	}
}

/* A worker runs trial after trial (no fork per trial); one that crashed is replaced. */
static void test_workers_run_many_trials(void **state)
{
	(void)state;
	SwarmPool *p = pool(1, 10, false);
	SwarmTrial ts[] = { { .seed = WHO }, { .seed = WHO }, { .seed = ABORT }, { .seed = WHO }, { .seed = WHO } };
	SwarmResult *rs[5];
	run_in_turn(p, ts, 5, rs);
	assert_string_equal(rs[0]->check, "who");
	assert_string_equal(rs[0]->message, rs[1]->message);
	assert_string_equal(rs[2]->check, "crash");
	assert_string_equal(rs[3]->check, "who");
	assert_string_not_equal(rs[3]->message, rs[1]->message);
	assert_string_equal(rs[3]->message, rs[4]->message);
	for (int i = 0; i < 5; i++)
		swarm_result_free(rs[i]);
	swarm_pool_destroy(p);
}

/* A worker retires after its 200th trial (what trials leak stays bounded); the next one runs on. */
static void test_workers_retire(void **state)
{
	(void)state;
	SwarmPool *p = pool(1, 10, false);
	static SwarmTrial ts[202];
	static SwarmResult *rs[202];
	for (int i = 0; i < 202; i++)
		ts[i] = (SwarmTrial){ .seed = WHO };
	run_in_turn(p, ts, 202, rs);
	assert_string_equal(rs[0]->message, rs[199]->message);
	assert_string_not_equal(rs[199]->message, rs[200]->message);
	assert_string_equal(rs[200]->message, rs[201]->message);
	for (int i = 0; i < 202; i++)
		swarm_result_free(rs[i]);
	swarm_pool_destroy(p);
}

/* Each trial's output is its own, and the trial arrives whole: seed, flags, file, mask. */
static void test_trials_do_not_share_output(void **state)
{
	(void)state;
	SwarmPool *p = pool(1, 10, true);
	static const bool mask[] = { true, false, true, true };
	SwarmTrial ts[] = { { .seed = CHATTY }, { .seed = ECHO, .seed_forced = true, .file = "shrunk.lua", .keep = mask, .nkeep = 4 },
	                    { .seed = CHATTY }, { .seed = ECHO } };
	SwarmResult *rs[4];
	run_in_turn(p, ts, 4, rs);
	assert_int_equal(rs[0]->output_len, rs[2]->output_len);
	assert_memory_equal(rs[2]->output, "line 0\n", 7);
	assert_int_equal(rs[1]->output_len, 0);
	assert_string_equal(rs[1]->message, "forced=1 file=shrunk.lua keep=1011");
	assert_string_equal(rs[3]->message, "forced=0 file=- keep=");
	for (int i = 0; i < 4; i++)
		swarm_result_free(rs[i]);
	swarm_pool_destroy(p);
}

/* ---------------------------------------------------------------- ddmin */

typedef struct Needs {
	const size_t *steps;          /* the failure happens iff all of these are kept */
	size_t n;
	size_t nsteps;
	size_t calls;                 /* candidates looked at */
} Needs;

/* Tries the candidates one by one, as a sequential runner would. */
static long try_needs(void *ctx, const SwarmDdminRound *r, size_t n, size_t limit, size_t *counted)
{
	Needs *w = ctx;
	bool *mask = calloc(w->nsteps ? w->nsteps : 1, sizeof *mask);
	long hit = -1;
	size_t i;
	for (i = 0; i < n && i < limit && hit < 0; i++) {
		swarm_ddmin_candidate(r, i, mask);
		bool fails = true;
		for (size_t k = 0; k < w->n; k++)
			fails = fails && mask[w->steps[k]];
		hit = fails ? (long)i : -1;
		w->calls++;
	}
	*counted = i;
	free(mask);
	return hit;
}

static void expect_exactly(const SwarmDdminResult *d, size_t nsteps, const size_t *want, size_t n)
{
	assert_int_equal(d->nkept, n);
	size_t found = 0;
	for (size_t i = 0; i < nsteps; i++)
		if (d->keep[i]) {
			assert_true(found < n);
			assert_int_equal(i, want[found++]);
		}
	assert_int_equal(found, n);
}

static void test_ddmin_finds_the_pair(void **state)
{
	(void)state;
	const size_t want[] = { 6, 21 };
	Needs w = { want, 2, 40, 0 };
	SwarmDdminResult d;
	assert_true(swarm_ddmin(40, 200, try_needs, &w, &d));
	expect_exactly(&d, 40, want, 2);
	assert_false(d.exhausted);
	assert_int_equal(d.trials, w.calls);
	assert_true(d.trials <= 80);
	free(d.keep);
}

static void test_ddmin_finds_three_far_apart(void **state)
{
	(void)state;
	const size_t want[] = { 0, 517, 999 };
	Needs w = { want, 3, 1000, 0 };
	SwarmDdminResult d;
	assert_true(swarm_ddmin(1000, 1000, try_needs, &w, &d));
	expect_exactly(&d, 1000, want, 3);
	free(d.keep);
}

static void test_ddmin_no_step_needed(void **state)
{
	(void)state;
	Needs w = { NULL, 0, 40, 0 };
	SwarmDdminResult d;
	assert_true(swarm_ddmin(40, 200, try_needs, &w, &d));
	assert_int_equal(d.nkept, 0);
	assert_int_equal(d.trials, 1);                 /* the empty plan, tried first */
	free(d.keep);
}

static void test_ddmin_one_step(void **state)
{
	(void)state;
	const size_t want[] = { 13 };
	Needs w = { want, 1, 14, 0 };
	SwarmDdminResult d;
	assert_true(swarm_ddmin(14, 200, try_needs, &w, &d));
	expect_exactly(&d, 14, want, 1);
	free(d.keep);
}

static void test_ddmin_stops_at_its_budget(void **state)
{
	(void)state;
	const size_t want[] = { 3, 30 };
	Needs w = { want, 2, 40, 0 };
	SwarmDdminResult d;
	assert_true(swarm_ddmin(40, 4, try_needs, &w, &d));
	assert_true(d.exhausted);
	assert_int_equal(d.trials, 4);
	assert_int_equal(w.calls, 4);
	assert_true(d.keep[3] && d.keep[30]);          /* what it keeps still fails */
	free(d.keep);
}

static void test_shrunk_times_read_back_exactly(void **state)
{
	(void)state;
	char buf[40];
	swarm_format_time(12.5, buf, sizeof buf);
	assert_string_equal(buf, "12.500000");
	swarm_format_time(0.1 + 0.2, buf, sizeof buf);    /* not 0.300000: that is another double */
	assert_true(strtod(buf, NULL) == 0.1 + 0.2);
	swarm_shrink_path("out/", "scenarios/swarm.lua", 42, buf, sizeof buf);
	assert_string_equal(buf, "out/swarm-seed-42-shrunk.lua");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_result_travels_whole),
		cmocka_unit_test(test_abort_is_a_crash_with_its_message),
		cmocka_unit_test(test_segfault_is_a_crash),
		cmocka_unit_test(test_exit_without_result_is_a_crash),
		cmocka_unit_test(test_crash_after_reporting_still_counts),
		cmocka_unit_test(test_hang_times_out),
		cmocka_unit_test(test_output_kept_whole_and_in_order),
		cmocka_unit_test(test_large_plan_travels),
		cmocka_unit_test(test_children_run_in_parallel),
		cmocka_unit_test(test_kill_all_stops_everyone),
		cmocka_unit_test(test_workers_run_many_trials),
		cmocka_unit_test(test_trials_do_not_share_output),
		cmocka_unit_test(test_workers_retire),
		cmocka_unit_test(test_ddmin_finds_the_pair),
		cmocka_unit_test(test_ddmin_finds_three_far_apart),
		cmocka_unit_test(test_ddmin_no_step_needed),
		cmocka_unit_test(test_ddmin_one_step),
		cmocka_unit_test(test_ddmin_stops_at_its_budget),
		cmocka_unit_test(test_shrunk_times_read_back_exactly),
	};
	alarm(60);                                     /* a pool that loses a deadline must not hang make test */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
