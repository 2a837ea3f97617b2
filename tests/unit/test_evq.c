/* test_evq.c — the event queue: (time, insertion) order, cancellation, stale ids. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>

#include "core/evq.h"
#include "core/rng.h"

static void nop(struct Sim *s, void *obj, uint64_t arg) { (void)s; (void)obj; (void)arg; }

static void test_orders_by_time_then_insertion(void **state)
{
	(void)state;
	EventQueue *q = evq_create();
	evq_push(q, 30, nop, NULL, 1);
	evq_push(q, 10, nop, NULL, 2);
	evq_push(q, 30, nop, NULL, 3);
	evq_push(q, 10, nop, NULL, 4);
	evq_push(q, 20, nop, NULL, 5);
	uint64_t want[] = { 2, 4, 5, 1, 3 };
	Event ev;
	for (int i = 0; i < 5; i++) {
		assert_true(evq_pop(q, &ev));
		assert_int_equal(ev.arg, want[i]);
	}
	assert_false(evq_pop(q, &ev));
	evq_destroy(q);
}

static void test_cancel_removes_only_that_event(void **state)
{
	(void)state;
	EventQueue *q = evq_create();
	EventId a = evq_push(q, 5, nop, NULL, 1);
	EventId b = evq_push(q, 5, nop, NULL, 2);
	evq_push(q, 7, nop, NULL, 3);
	assert_true(evq_cancel(q, a));
	assert_false(evq_cancel(q, a));          /* twice: harmless */
	assert_true(evq_pending(q, b));
	Event ev;
	assert_true(evq_pop(q, &ev));
	assert_int_equal(ev.arg, 2);
	assert_false(evq_cancel(q, b));          /* already fired */
	assert_true(evq_pop(q, &ev));
	assert_int_equal(ev.arg, 3);
	assert_int_equal(evq_size(q), 0);
	evq_destroy(q);
}

static void test_stale_id_does_not_cancel_reused_slot(void **state)
{
	(void)state;
	EventQueue *q = evq_create();
	EventId a = evq_push(q, 1, nop, NULL, 1);
	Event ev;
	assert_true(evq_pop(q, &ev));
	EventId b = evq_push(q, 2, nop, NULL, 2);   /* reuses a's slot */
	assert_false(evq_cancel(q, a));
	assert_true(evq_pending(q, b));
	evq_destroy(q);
}

/* A heap against a sorted reference under random pushes and cancellations. */
static void test_random_against_reference(void **state)
{
	(void)state;
	enum { N = 5000 };
	EventQueue *q = evq_create();
	Rng r;
	rng_seed(&r, 42, "evq");
	EventId ids[N];
	int64_t times[N];
	bool cancelled[N] = { false };
	for (int i = 0; i < N; i++) {
		times[i] = (int64_t)rng_below(&r, 1000);
		ids[i] = evq_push(q, times[i], nop, NULL, (uint64_t)i);
	}
	for (int i = 0; i < N; i += 3)
		cancelled[i] = evq_cancel(q, ids[i]);
	int64_t last_t = -1;
	uint64_t last_i = 0;
	Event ev;
	int popped = 0;
	while (evq_pop(q, &ev)) {
		assert_false(cancelled[ev.arg]);
		assert_true(ev.time > last_t || (ev.time == last_t && ev.arg > last_i));
		last_t = ev.time;
		last_i = ev.arg;
		popped++;
	}
	assert_int_equal(popped, N - (N + 2) / 3);
	evq_destroy(q);
}

/* As the Sim uses it: every pop may push events due at once (the FIFO lane), later, or at
 * the same instant as events already queued, and cancel some; the order must be exactly
 * (time, insertion) as a reference list kept sorted says. */
static void test_pushes_at_now_keep_time_then_insertion_order(void **state)
{
	(void)state;
	enum { N = 20000 };
	EventQueue *q = evq_create();
	Rng r;
	rng_seed(&r, 7, "evq-now");
	static int64_t t_of[N];
	static EventId id_of[N];
	static bool gone[N];
	uint64_t pushed = 0;
	for (; pushed < 50; pushed++) {
		t_of[pushed] = (int64_t)rng_below(&r, 5);
		id_of[pushed] = evq_push(q, t_of[pushed], nop, NULL, pushed);
	}
	int64_t last_t = -1;
	uint64_t last_i = 0;
	Event ev;
	while (evq_pop(q, &ev)) {
		assert_false(gone[ev.arg]);
		gone[ev.arg] = true;
		assert_true(ev.time == t_of[ev.arg]);
		assert_true(ev.time > last_t || (ev.time == last_t && ev.arg > last_i));
		last_t = ev.time;
		last_i = ev.arg;
		int k = (int)rng_below(&r, 4);
		for (int j = 0; j < k && pushed < N; j++, pushed++) {
			uint64_t how = rng_below(&r, 3);
			t_of[pushed] = ev.time + (how == 0 ? 0 : (int64_t)rng_below(&r, 4));
			id_of[pushed] = evq_push(q, t_of[pushed], nop, NULL, pushed);
		}
		if (pushed > 0 && rng_below(&r, 5) == 0) {
			uint64_t victim = rng_below(&r, pushed);
			if (evq_cancel(q, id_of[victim])) {
				assert_false(gone[victim]);
				gone[victim] = true;
			}
		}
		SimTime next;
		if (evq_peek_time(q, &next))
			assert_true(next >= ev.time);
	}
	assert_int_equal(evq_size(q), 0);
	for (uint64_t i = 0; i < pushed; i++)
		assert_true(gone[i]);
	evq_destroy(q);
}

static void other(struct Sim *s, void *obj, uint64_t arg) { (void)s; (void)obj; (void)arg; }

/* Batched pushes (evq_push_batch) pop in exactly the order plain pushes would: the same
 * random plan, with pushes between pops at now, later, or the same time, run on two queues. */
static void test_batched_pushes_pop_as_plain_pushes_would(void **state)
{
	(void)state;
	EventQueue *plain = evq_create(), *batched = evq_create();
	Rng r;
	rng_seed(&r, 11, "evq-batch");
	uint64_t next = 0;
	for (; next < 40; next++) {
		int64_t t = (int64_t)rng_below(&r, 3);
		EventFn fn = rng_below(&r, 4) ? nop : other;
		evq_push(plain, t, fn, NULL, next);
		if (fn == nop)
			evq_push_batch(batched, t, fn, NULL, next);
		else
			evq_push(batched, t, fn, NULL, next);
	}
	Event a, b;
	int popped = 0;
	while (evq_pop(plain, &a)) {
		assert_true(evq_pop(batched, &b));
		assert_true(a.time == b.time && a.fn == b.fn && a.arg == b.arg);
		popped++;
		int k = (int)rng_below(&r, 4);
		for (int j = 0; j < k && next < 20000; j++, next++) {
			int64_t t = a.time + (rng_below(&r, 2) ? 0 : (int64_t)rng_below(&r, 3));
			EventFn fn = rng_below(&r, 4) ? nop : other;
			evq_push(plain, t, fn, NULL, next);
			if (fn == nop)
				evq_push_batch(batched, t, fn, NULL, next);
			else
				evq_push(batched, t, fn, NULL, next);
		}
	}
	assert_false(evq_pop(batched, &b));
	assert_true(popped > 10000);
	assert_int_equal(evq_pushed(plain), evq_pushed(batched));
	evq_destroy(plain);
	evq_destroy(batched);
}

/* After a pop, evq_take_batch hands over the members that joined the popped event, in push
 * order, and the queue goes on with what follows them. */
static void test_take_batch_hands_over_the_members(void **state)
{
	(void)state;
	EventQueue *q = evq_create();
	evq_push_batch(q, 5, nop, NULL, 1);
	evq_push_batch(q, 5, nop, NULL, 2);
	evq_push_batch(q, 5, nop, NULL, 3);
	evq_push(q, 5, other, NULL, 4);
	evq_push_batch(q, 6, nop, NULL, 5);
	Event ev;
	const EventMember *m;
	assert_true(evq_pop(q, &ev));
	assert_int_equal(ev.arg, 1);
	assert_int_equal(evq_take_batch(q, &m), 2);
	assert_int_equal(m[0].arg, 2);
	assert_int_equal(m[1].arg, 3);
	assert_true(evq_pop(q, &ev));
	assert_int_equal(ev.arg, 4);
	assert_int_equal(evq_take_batch(q, &m), 0);
	assert_null(m);
	assert_true(evq_pop(q, &ev));
	assert_int_equal(ev.arg, 5);
	assert_false(evq_pop(q, &ev));
	evq_destroy(q);
}

static void test_rng_streams_are_independent_and_reproducible(void **state)
{
	(void)state;
	Rng a, b, c;
	rng_seed(&a, 7, "network");
	rng_seed(&b, 7, "network");
	rng_seed(&c, 7, "generator");
	uint64_t x = rng_next(&a);
	assert_true(x == rng_next(&b));
	assert_true(x != rng_next(&c));
	for (int i = 0; i < 1000; i++) {
		uint64_t v = rng_below(&a, 10);
		assert_true(v < 10);
		int64_t w = rng_range(&a, -3, 3);
		assert_true(w >= -3 && w <= 3);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_orders_by_time_then_insertion),
		cmocka_unit_test(test_cancel_removes_only_that_event),
		cmocka_unit_test(test_stale_id_does_not_cancel_reused_slot),
		cmocka_unit_test(test_random_against_reference),
		cmocka_unit_test(test_take_batch_hands_over_the_members),
		cmocka_unit_test(test_pushes_at_now_keep_time_then_insertion_order),
		cmocka_unit_test(test_batched_pushes_pop_as_plain_pushes_would),
		cmocka_unit_test(test_rng_streams_are_independent_and_reproducible),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
