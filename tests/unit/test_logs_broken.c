/*
 * test_logs_broken.c — the logs' checker catches a broken renderer: this binary links a copy
 * of sim/logs.c that drops one event kind (the ResourceManager's heartbeat time-outs), and
 * the checker that test_logs.c passes must fail on the same run, naming the missing line.
 * (Its definitions take the place of the library's logs.o: the linker takes no member of
 * libsim.a whose symbols are already defined.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#define LOGS_TEST_DROP EV_TM_LOST
#include "logs.c"
#include "logs_check.h"

static void test_dropped_kind_is_caught(void **state)
{
	(void)state;
	static Wants ws;
	ws.n = 0;
	SimTime kill_at;
	Sim *s = failure_run(&ws, &kill_at);
	const char *why = logs_check(s, &ws);
	assert_non_null(why);
	assert_non_null(strstr(why, "The heartbeat of TaskManager with id 172.18.0.5:"));
	sim_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dropped_kind_is_caught),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
