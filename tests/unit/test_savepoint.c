/* test_savepoint.c — the savepoint reader refuses what is not a savepoint file, and what no job
 * of this shape could have written, at the edges of every limit (docs/savepoint-format.md).
 *
 * The files part makes real FIFOs, sockets and oversized files in a temporary directory; a
 * reader that blocked on one would hang, so an alarm turns a hang into a failure. The limits
 * part builds savepoint texts in memory, sealed with the format's checksum, one value on
 * each side of each bound. Runs from the repository root (make test), for the fixtures. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "flink/savepoint.h"

#define VALID "tests/fixtures/savepoints/valid"
#define HANG_LIMIT_S 10             /* a read that takes longer is a hang */

static char tmpdir[64];

static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "FAIL: the savepoint reader blocked (a FIFO or device read forever)\n";
	ssize_t w = write(2, msg, sizeof msg - 1);
	(void)w;
	_exit(1);
}

static int make_tmpdir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test_savepoint_XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	signal(SIGALRM, on_alarm);
	alarm(HANG_LIMIT_S);
	return 0;
}

static int remove_tmpdir(void **state)
{
	(void)state;
	alarm(0);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *tmp_path(const char *name)
{
	static char p[4][160];
	static int k;
	k = (k + 1) % 4;
	snprintf(p[k], sizeof p[k], "%s/%s", tmpdir, name);
	return p[k];
}

/* Reads path expecting a refusal whose message contains want. */
static void refused(const char *path, const char *want)
{
	CompletedCheckpoint *c = (CompletedCheckpoint *)1;
	char err[600] = "";
	SimStatus st = savepoint_read(NULL, path, &c, err, sizeof err);
	if (st == SIM_OK || !strstr(err, want))
		fail_msg("%s: expected an error containing \"%s\", got status %d \"%s\"", path, want, (int)st, err);
	assert_null(c);
}

/* ------------------------------------------------------------------ files */

static void test_fifo_is_refused_without_blocking(void **state)
{
	(void)state;
	const char *fifo = tmp_path("fifo");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	refused(fifo, "is a FIFO (named pipe), not a regular file");
	const char *dir = tmp_path("sp");                   /* a directory whose _metadata is a FIFO */
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(mkfifo(tmp_path("sp/_metadata"), 0600), 0);
	refused(dir, "sp/_metadata is a FIFO");
	assert_int_equal(symlink(fifo, tmp_path("link-to-fifo")), 0);   /* symlinks resolve */
	refused(tmp_path("link-to-fifo"), "is a FIFO");
}

static void test_socket_and_devices_are_refused(void **state)
{
	(void)state;
	const char *path = tmp_path("sock");
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	refused(path, "is a socket or a device");
	close(fd);
	refused("/dev/null", "/dev/null is a character device, not a regular file");
	refused("/dev/zero", "/dev/zero is a character device");
	refused("file:///dev/zero", "/dev/zero is a character device");
}

static void test_oversized_file_is_refused_before_it_is_read(void **state)
{
	(void)state;
	const char *path = tmp_path("huge");
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)SAVEPOINT_MAX_FILE_BYTES + 1), 0);   /* sparse */
	close(fd);
	refused(path, "1048577 bytes, more than the 1024 KiB a savepoint of this job can take");
}

static void test_directory_without_metadata_and_missing_paths(void **state)
{
	(void)state;
	const char *dir = tmp_path("empty");
	assert_int_equal(mkdir(dir, 0700), 0);
	/* AbstractFsCheckpointStorage.resolveCheckpointPointer's texts. */
	refused(dir, "Cannot find meta data file '_metadata' in directory");
	refused(tmp_path("nothing-here"), "Cannot find checkpoint or savepoint file/directory");
	refused(tmp_path("nothing-here/_metadata"), "on file system 'file'.");
	assert_int_equal(mkdir(tmp_path("empty/_metadata"), 0700), 0);   /* _metadata is a directory */
	refused(dir, "_metadata is a directory, not a regular file");
}

static void test_valid_savepoint_reads_directly_and_through_symlinks(void **state)
{
	(void)state;
	char cwd[512], target[700];
	assert_non_null(getcwd(cwd, sizeof cwd));
	snprintf(target, sizeof target, "%s/%s", cwd, VALID);
	assert_int_equal(symlink(target, tmp_path("link-to-dir")), 0);
	const char *paths[] = { VALID, VALID "/_metadata", "file:" VALID, tmp_path("link-to-dir") };
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		CompletedCheckpoint *c = NULL;
		char err[600] = "";
		if (savepoint_read(NULL, paths[i], &c, err, sizeof err) != SIM_OK)
			fail_msg("%s: %s", paths[i], err);
		assert_int_equal(c->id, 41);
		assert_int_equal(c->max_parallelism, 128);
		checkpoint_release(c);
	}
}

/* ------------------------------------------------------------------ limits */

typedef struct Text {
	char buf[64 * 1024];
	size_t len;
} Text;

static void add(Text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(Text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(t->buf + t->len, sizeof t->buf - t->len, fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < sizeof t->buf - t->len);
	t->len += (size_t)n;
}

/* The header of a savepoint of checkpoint id, max parallelism 128, parallelism 1, and the
 * counter operator's subtask 0 (which owns every key group at parallelism 1). */
static void header(Text *t, const char *id)
{
	t->len = 0;
	add(t, "flink-playground-savepoint 1\njob-id be87e326ec6bcf6a7c1e986693601bd3\n"
	       "job-name Click Event Count\ncheckpoint-id %s\ntrigger-time 1577836840000\n"
	       "max-parallelism 128\nparallelism 1\n"
	       "operator 651b50f8d58384593307d7d2a1c23cb4 ClickEvent Counter\nsubtask 0\n", id);
}

/* Appends the 'end' line: FNV-1a 64 of every byte before it. */
static void seal(Text *t)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < t->len; i++)
		h = (h ^ (unsigned char)t->buf[i]) * 0x100000001b3ull;
	add(t, "end %016" PRIx64 "\n", h);
}

static SimStatus parse(Text *t, CompletedCheckpoint **c, char *err, size_t errlen)
{
	seal(t);
	err[0] = '\0';
	return savepoint_parse(t->buf, t->len, c, err, errlen);
}

static void accepted(Text *t)
{
	CompletedCheckpoint *c = NULL;
	char err[400];
	if (parse(t, &c, err, sizeof err) != SIM_OK)
		fail_msg("refused: %s", err);
	checkpoint_release(c);
}

static void refused_text(Text *t, const char *want)
{
	CompletedCheckpoint *c = NULL;
	char err[400];
	if (parse(t, &c, err, sizeof err) == SIM_OK || !strstr(err, want))
		fail_msg("expected an error containing \"%s\", got \"%s\"", want, err);
	assert_null(c);
}

static void test_checkpoint_id_leaves_room_to_count_on(void **state)
{
	Text *t = *state = malloc(sizeof *t);
	header(t, "9007199254740991");           /* 2^53 - 1 */
	accepted(t);
	header(t, "9007199254740992");
	refused_text(t, "line 4: checkpoint-id 9007199254740992 is out of range");
	header(t, "99999999999999999999");       /* beyond 64 bits: no sscanf overflow */
	refused_text(t, "checkpoint-id 99999999999999999999 is out of range");
	header(t, "0");
	refused_text(t, "checkpoint-id 0 is out of range");
	header(t, "+41");
	refused_text(t, "checkpoint-id '+41' is not an integer");
	free(t);
}

static void test_window_counts_fit_the_records_count_field(void **state)
{
	Text *t = *state = malloc(sizeof *t);
	header(t, "41");                          /* /jobs is key group 15 at 128 */
	add(t, "window 15 /jobs 45000 2147483647\n");
	accepted(t);
	header(t, "41");
	add(t, "window 15 /jobs 45000 2147483648\n");
	refused_text(t, "window count 2147483648 is out of range (1 … 2147483647");
	header(t, "41");
	add(t, "window 15 /jobs 45000 0\n");
	refused_text(t, "window count 0 is out of range");
	free(t);
}

static void test_window_starts_are_aligned_and_in_range(void **state)
{
	Text *t = *state = malloc(sizeof *t);
	header(t, "41");
	add(t, "window 15 /jobs 0 1\nwindow 15 /jobs 253402300785000 1\n");
	accepted(t);
	const char *bad[][2] = {
		{ "-15000", "window start -15000 is out of range" },
		{ "253402300800000", "window start 253402300800000 is out of range" },
		{ "-9223372036854775808", "window start -9223372036854775808 is out of range" },
		{ "9223372036854775807", "window start 9223372036854775807 is out of range" },
		{ "15001", "window start 15001 is not aligned to the 15 s window" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		header(t, "41");
		add(t, "window 15 /jobs %s 1\n", bad[i][0]);
		refused_text(t, bad[i][1]);
	}
	free(t);
}

static void test_open_windows_per_page_are_bounded(void **state)
{
	Text *t = *state = malloc(sizeof *t);
	header(t, "41");
	for (int p = 0; p < 2; p++)              /* /jobs and /index: the bound is per page */
		for (int k = 0; k < SAVEPOINT_MAX_WINDOWS_PER_PAGE; k++)
			add(t, "window %s %d 1\n", p ? "16 /index" : "15 /jobs", 15000 * k);
	accepted(t);
	header(t, "41");
	for (int k = 0; k <= SAVEPOINT_MAX_WINDOWS_PER_PAGE; k++)
		add(t, "window 15 /jobs %d 1\n", 15000 * k);
	refused_text(t, "more than 64 open windows of page /jobs");
	free(t);
}

static void test_parsed_text_needs_no_terminating_nul(void **state)
{
	Text *t = *state = malloc(sizeof *t);
	header(t, "41");
	seal(t);
	char *exact = malloc(t->len);            /* exactly the bytes, as the fuzzer hands them */
	assert_non_null(exact);
	memcpy(exact, t->buf, t->len);
	CompletedCheckpoint *c = NULL;
	char err[400] = "";
	assert_int_equal(savepoint_parse(exact, t->len, &c, err, sizeof err), SIM_OK);
	checkpoint_release(c);
	assert_int_not_equal(savepoint_parse(exact, t->len - 1, &c, err, sizeof err), SIM_OK);
	assert_non_null(strstr(err, "ends without its 'end' line"));
	free(exact);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fifo_is_refused_without_blocking, make_tmpdir, remove_tmpdir),
		cmocka_unit_test_setup_teardown(test_socket_and_devices_are_refused, make_tmpdir, remove_tmpdir),
		cmocka_unit_test_setup_teardown(test_oversized_file_is_refused_before_it_is_read, make_tmpdir, remove_tmpdir),
		cmocka_unit_test_setup_teardown(test_directory_without_metadata_and_missing_paths, make_tmpdir, remove_tmpdir),
		cmocka_unit_test_setup_teardown(test_valid_savepoint_reads_directly_and_through_symlinks, make_tmpdir,
		                                remove_tmpdir),
		cmocka_unit_test(test_checkpoint_id_leaves_room_to_count_on),
		cmocka_unit_test(test_window_counts_fit_the_records_count_field),
		cmocka_unit_test(test_window_starts_are_aligned_and_in_range),
		cmocka_unit_test(test_open_windows_per_page_are_bounded),
		cmocka_unit_test(test_parsed_text_needs_no_terminating_nul),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
