/*
 * test_cliopt.c — the option tables (lua/cliopt.c): every kind of value, strict numbers
 * (`--seed banana`, `--seed -1`, `0x10` are errors naming the option and the value; no
 * 2^64-1, no 0), durations with compound units, ranges, defaults, spelled-out names,
 * `--name=value`, `--` and the words after it, repeated parses in one process, and the
 * help text rendered from the same table.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cliopt.h"

typedef struct TArgs {
	uint64_t count;               /* --count */
	uint64_t jobs;                /* -j, --jobs: 1..8 */
	double ratio;                 /* --ratio: (0, 10] */
	int64_t wait_us;              /* --wait, default 600 s */
	const char *path;             /* --path */
	const char *out;              /* --out FILE|- */
	int color;                    /* --color red|green */
	int pair[2];                  /* --pair A:B */
	bool flag;                    /* --flag */
} TArgs;

static bool parse_pair(const char *s, void *dest, char *why, size_t len)
{
	int *p = dest;
	char tail;
	if (sscanf(s, "%d:%d%c", &p[0], &p[1], &tail) == 2)
		return true;
	snprintf(why, len, "no colon between two numbers");
	return false;
}

static const char *const colors[] = { "red", "green", NULL };

static const CliOpt topts[] = {
	{ .name = "count", .kind = CLI_U64, .meta = "N", .at = offsetof(TArgs, count), .help = "A count." },
	{ .name = "jobs", .letter = 'j', .kind = CLI_U64, .meta = "N", .at = offsetof(TArgs, jobs), .u_min = 1,
	  .u_max = 8, .unit = "workers", .help = "Workers.", .def = "2" },
	{ .name = "ratio", .kind = CLI_DECIMAL, .meta = "X", .at = offsetof(TArgs, ratio), .d_min = 0, .d_min_open = true,
	  .d_max = 10, .help = "A ratio." },
	{ .name = "wait", .kind = CLI_DURATION, .meta = "T", .at = offsetof(TArgs, wait_us), .def = "600", .us_min = 1,
	  .us_max = INT64_C(3600000000), .help = "A wait." },
	{ .name = "path", .kind = CLI_PATH, .meta = "FILE", .at = offsetof(TArgs, path), .help = "A file." },
	{ .name = "out", .kind = CLI_PATH, .meta = "FILE|-", .at = offsetof(TArgs, out), .stdio = true, .help = "Out." },
	{ .name = "color", .kind = CLI_ENUM, .meta = "C", .at = offsetof(TArgs, color), .choices = colors,
	  .help = "A colour.", .def = "green" },
	{ .name = "pair", .kind = CLI_CUSTOM, .meta = "A:B", .at = offsetof(TArgs, pair), .parse = parse_pair,
	  .expects = "two integers A:B", .help = "A pair." },
	{ .name = "flag", .kind = CLI_FLAG, .at = offsetof(TArgs, flag), .help = "A flag." },
	{ .name = "flagged", .kind = CLI_FLAG, .at = offsetof(TArgs, flag), .help = "Another flag." },
};

static const CliCommand tcmd = {
	.name = "t", .summary = "a test command", .words = "FILE", .word_noun = "file", .max_words = 1,
	.rest = true, .rest_help = "Arguments.", .description = "Tests the parser.", .exit_status = "0.",
	.opts = topts, .nopts = sizeof topts / sizeof topts[0],
};

/* Parses "prog t WORDS..." (NULL-terminated); returns the exit code. p is freed unless
 * keep is given. */
static int parse_v(TArgs *a, char *err, size_t len, CliParsed *keep, const char *const *words)
{
	static char text[32][128];
	static char *argv[33];
	int argc = 0;
	argv[argc] = strcpy(text[argc], "prog");
	argc++;
	argv[argc] = strcpy(text[argc], "t");
	argc++;
	for (; *words; words++, argc++)
		argv[argc] = strcpy(text[argc], *words);
	argv[argc] = NULL;
	CliParsed p;
	memset(a, 0, sizeof *a);
	int rc = cli_parse(&tcmd, argc, argv, a, &p, err, len);
	if (keep)
		*keep = p;
	else
		cli_parsed_free(&p);
	return rc;
}
#define PARSE(a, err, ...) parse_v(a, err, sizeof err, NULL, (const char *const[]){ __VA_ARGS__, NULL })

static void test_defaults_words_and_rest(void **state)
{
	(void)state;
	TArgs a;
	char err[512];
	CliParsed p;
	const char *const words[] = { "file.lua", "--count", "7", "--", "--count", "x", NULL };
	assert_int_equal(parse_v(&a, err, sizeof err, &p, words), 0);
	assert_int_equal(a.count, 7);
	assert_int_equal(a.jobs, 2);                       /* the table's default */
	assert_int_equal(a.wait_us, INT64_C(600000000));
	assert_int_equal(a.color, 1);
	assert_int_equal(p.nwords, 1);
	assert_string_equal(p.words[0], "file.lua");
	assert_int_equal(p.nrest, 2);
	assert_string_equal(p.rest[0], "--count");          /* after --: the scenario's, not ours */
	assert_true(cli_given(&tcmd, &p, "count"));
	assert_false(cli_given(&tcmd, &p, "jobs"));
	cli_parsed_free(&p);
	/* No `--`: rest is NULL; `--path --` takes "--" as the value, not as the separator. */
	const char *const w2[] = { "f", "--path", "--", NULL };
	assert_int_equal(parse_v(&a, err, sizeof err, &p, w2), 0);
	assert_string_equal(a.path, "--");
	assert_null(p.rest);
	cli_parsed_free(&p);
}

/* A flag not given is false even in a struct that held garbage (a caller's stack): `run`
 * without --live ran paced by the wall clock when clang -O2 left the bool set. */
static void test_flags_start_false(void **state)
{
	(void)state;
	static char text[3][16] = { "prog", "t", "file.lua" };
	char *argv[] = { text[0], text[1], text[2], NULL };
	TArgs a;
	memset(&a, 0, sizeof a);
	a.flag = true;                                     /* what the stack happened to hold */
	char err[512];
	CliParsed p;
	assert_int_equal(cli_parse(&tcmd, 3, argv, &a, &p, err, sizeof err), 0);
	assert_false(a.flag);
	cli_parsed_free(&p);
}

static void test_value_forms(void **state)
{
	(void)state;
	TArgs a;
	char err[512];
	assert_int_equal(PARSE(&a, err, "f", "--count=42", "-j3", "--ratio", ".5", "--wait", "1m30s"), 0);
	assert_int_equal(a.count, 42);
	assert_int_equal(a.jobs, 3);
	assert_true(a.ratio == 0.5);
	assert_int_equal(a.wait_us, INT64_C(90000000));
	assert_int_equal(PARSE(&a, err, "-j", "8", "--wait=1.5", "--count", "18446744073709551615", "f"), 0);
	assert_int_equal(a.jobs, 8);
	assert_int_equal(a.wait_us, 1500000);
	assert_true(a.count == UINT64_MAX);
	assert_int_equal(PARSE(&a, err, "f", "--count", "1", "--count", "2"), 0);   /* the last wins */
	assert_int_equal(a.count, 2);
	assert_int_equal(PARSE(&a, err, "f", "--color", "red", "--pair", "3:4", "--out", "-", "--flag"), 0);
	assert_int_equal(a.color, 0);
	assert_int_equal(a.pair[0], 3);
	assert_int_equal(a.pair[1], 4);
	assert_string_equal(a.out, "-");
	assert_true(a.flag);
}

/* Every bad value: exit 2, and the message names the option and quotes the value. */
static void expect_bad(const char *opt, const char *value, const char *also)
{
	TArgs a;
	char err[512], quoted[200];
	if (PARSE(&a, err, "f", opt, value) != 2)
		fail_msg("%s '%s' was accepted", opt, value);
	snprintf(quoted, sizeof quoted, "'%s'", value);
	if (!strstr(err, opt) || !strstr(err, quoted) || (also && !strstr(err, also)))
		fail_msg("%s '%s': the message \"%s\" does not name the option, the value or \"%s\"", opt, value, err,
		         also ? also : "");
}

static void test_bad_values_name_option_and_value(void **state)
{
	(void)state;
	static const char *const integers[] = { "banana", "-1", "0x10", "1e3", "", " 5", "5 ", "+5", "5x",
		                                    "18446744073709551616", "99999999999999999999" };
	for (size_t i = 0; i < sizeof integers / sizeof integers[0]; i++)
		expect_bad("--count", integers[i], "unsigned integer");
	expect_bad("--jobs", "0", "from 1 to 8");
	expect_bad("--jobs", "9", "number of workers from 1 to 8");
	expect_bad("-j", "banana", "from 1 to 8");
	static const char *const decimals[] = { "0", "0x10", "1e3", "inf", "nan", "-1", "10.5", "1,5", "" };
	for (size_t i = 0; i < sizeof decimals / sizeof decimals[0]; i++)
		expect_bad("--ratio", decimals[i], "more than 0, at most 10");
	static const char *const durations[] = { "0x10", "5s junk", "30s1m", "-1", "1d", "banana", "0", "2h", "" };
	for (size_t i = 0; i < sizeof durations / sizeof durations[0]; i++)
		expect_bad("--wait", durations[i], "duration");
	expect_bad("--path", "", "empty");
	expect_bad("--path", "-", "standard output");
	expect_bad("--out", "", NULL);
	expect_bad("--color", "blue", "one of red, green");
	expect_bad("--pair", "3", "two integers A:B");
	expect_bad("--pair", "3", "no colon");             /* the parser's own reason */
}

static void test_option_names(void **state)
{
	(void)state;
	TArgs a;
	char err[512];
	assert_int_equal(PARSE(&a, err, "f", "--cou", "5"), 2);       /* a unique prefix is not the option */
	assert_non_null(strstr(err, "unknown option '--cou'; did you mean --count?"));
	assert_int_equal(PARSE(&a, err, "f", "--fla"), 2);            /* ambiguous */
	assert_non_null(strstr(err, "--flag or --flagged"));
	assert_int_equal(PARSE(&a, err, "f", "--flag=1"), 2);
	assert_non_null(strstr(err, "--flag takes no value, got '--flag=1'"));
	assert_int_equal(PARSE(&a, err, "f", "--nope"), 2);
	assert_non_null(strstr(err, "unknown option '--nope'"));
	assert_int_equal(PARSE(&a, err, "f", "-x"), 2);
	assert_non_null(strstr(err, "unknown option '-x'"));
	assert_int_equal(PARSE(&a, err, "f", "--count"), 2);          /* the value is missing */
	assert_non_null(strstr(err, "--count needs a value: an unsigned integer"));
	assert_int_equal(PARSE(&a, err, "f", "g"), 2);
	assert_non_null(strstr(err, "one file at a time; extra argument 'g'"));
	assert_int_equal(PARSE(&a, err, "f", "-1"), 2);               /* not a word: an option */
}

/* A command of two words (as `diff A B`): a third is refused, fewer are the command's to check. */
static void test_word_counts(void **state)
{
	(void)state;
	static const CliOpt none[] = { { .name = "flag", .kind = CLI_FLAG, .at = offsetof(TArgs, flag), .help = "F." } };
	CliCommand two = { .name = "two", .summary = "s", .words = "A B", .word_noun = "traces", .max_words = 2,
		               .opts = none, .nopts = 1 };
	char a0[] = "prog", a1[] = "two", a2[] = "x", a3[] = "--flag", a4[] = "y", a5[] = "z";
	char *argv[] = { a0, a1, a2, a3, a4, a5, NULL };
	TArgs a = { 0 };
	CliParsed p;
	char err[256];
	assert_int_equal(cli_parse(&two, 5, argv, &a, &p, err, sizeof err), 0);
	assert_int_equal(p.nwords, 2);
	assert_string_equal(p.words[1], "y");
	assert_true(a.flag);
	cli_parsed_free(&p);
	assert_int_equal(cli_parse(&two, 6, argv, &a, &p, err, sizeof err), 2);
	assert_string_equal(err, "two takes at most 2 traces; extra argument 'z'");
	two.max_words = 0;
	assert_int_equal(cli_parse(&two, 3, argv, &a, &p, err, sizeof err), 2);
	assert_string_equal(err, "unexpected argument 'x' (two takes options only)");
}

static void test_argv_kept_and_parses_repeat(void **state)
{
	(void)state;
	char a0[] = "prog", a1[] = "t", a2[] = "--count", a3[] = "3", a4[] = "file", a5[] = "-j", a6[] = "4";
	char *argv[] = { a0, a1, a2, a3, a4, a5, a6, NULL };
	char *copy[8];
	memcpy(copy, argv, sizeof argv);
	for (int round = 0; round < 3; round++) {          /* getopt's state is reset every time */
		TArgs a;
		CliParsed p;
		char err[256];
		assert_int_equal(cli_parse(&tcmd, 7, argv, &a, &p, err, sizeof err), 0);
		assert_int_equal(a.count, 3);
		assert_int_equal(a.jobs, 4);
		assert_string_equal(p.words[0], "file");
		cli_parsed_free(&p);
		assert_memory_equal(argv, copy, sizeof argv);   /* never permuted (swarm quotes it) */
	}
}

static void test_help_comes_from_the_table(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	cli_print_help(&tcmd, "prog", f);
	fclose(f);
	size_t n = 0;                                      /* the wrapping aside: one space between words */
	for (size_t i = 0; text[i]; i++)
		if (!(text[i] == ' ' || text[i] == '\n') || (n > 0 && text[n - 1] != ' '))
			text[n++] = text[i] == '\n' ? ' ' : text[i];
	text[n] = '\0';
	for (size_t i = 0; i < tcmd.nopts; i++) {
		char name[64];
		snprintf(name, sizeof name, "--%s", topts[i].name);
		if (!strstr(text, name))
			fail_msg("--help does not name %s:\n%s", name, text);
	}
	assert_non_null(strstr(text, "usage: prog t FILE [--count N] [-j N] [--ratio X]"));
	assert_non_null(strstr(text, "-j, --jobs N"));
	assert_non_null(strstr(text, "Default: 2."));
	assert_non_null(strstr(text, "a number of workers from 1 to 8"));
	assert_non_null(strstr(text, "-h, --help"));
	assert_non_null(strstr(text, "-- ARG ..."));
	free(text);
	/* --help itself: CLI_HELP, the help on stdout (sent to /dev/null here). */
	TArgs a;
	char err[64];
	fflush(stdout);
	int saved = dup(1);
	assert_true(freopen("/dev/null", "w", stdout) != NULL);
	int rc = PARSE(&a, err, "--count", "banana", "--help");      /* an error before --help wins */
	int rc2 = PARSE(&a, err, "f", "-h");
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	assert_int_equal(rc, 2);
	assert_int_equal(rc2, CLI_HELP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_words_and_rest),
		cmocka_unit_test(test_flags_start_false),
		cmocka_unit_test(test_value_forms),
		cmocka_unit_test(test_bad_values_name_option_and_value),
		cmocka_unit_test(test_option_names),
		cmocka_unit_test(test_word_counts),
		cmocka_unit_test(test_argv_kept_and_parses_repeat),
		cmocka_unit_test(test_help_comes_from_the_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
