/*
 * cliopt.c — option tables: parsing with getopt_long, the errors, `--help` (see cliopt.h).
 *
 * getopt_long runs in its "-" mode (words come back in order as option 1, argv is never
 * permuted: swarm quotes its own command line) with ":" (a missing value is told apart
 * from an unknown option). Its global state is reset on every call (optind = 0, glibc's
 * full reinitialisation), so the same process may parse several command lines (tests).
 */
#include "cliopt.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/timefmt.h"

#define OPT_BASE  256             /* getopt_long's val for opts[i] without a letter: OPT_BASE + i */
#define WIDTH     79              /* help text columns */
#define TEXT_COL  24              /* where an option's text starts in the list */

/* ---------------------------------------------------------------- values */

static bool read_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return true;
}

static uint64_t u_max(const CliOpt *o)
{
	return o->u_max ? o->u_max : UINT64_MAX;
}

static int64_t us_max(const CliOpt *o)
{
	return o->us_max ? o->us_max : TIMEFMT_DURATION_MAX_US;
}

/* "168h", "90s", "1500ms": a duration as short as it is exact. */
static void format_us(int64_t us, char *buf, size_t len)
{
	static const struct { int64_t us; const char *unit; } units[] = {
		{ INT64_C(3600000000), "h" }, { INT64_C(60000000), "m" }, { INT64_C(1000000), "s" }, { 1000, "ms" },
	};
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (us % units[i].us == 0) {
			snprintf(buf, len, "%" PRId64 "%s", us / units[i].us, units[i].unit);
			return;
		}
	snprintf(buf, len, "%" PRId64 "us", us);
}

/* Reads text as o's value into dest; false with the reason in why ("" when the value's
 * description says it all). */
static bool read_value(const CliOpt *o, const char *text, void *dest, char *why, size_t len)
{
	why[0] = '\0';
	switch (o->kind) {
	case CLI_U64: {
		uint64_t v;
		if (!read_u64(text, &v) || v < o->u_min || v > u_max(o))
			return false;
		*(uint64_t *)dest = v;
		return true;
	}
	case CLI_DECIMAL: {
		double v;
		if (!timefmt_parse_decimal(text, &v) || v < o->d_min || (o->d_min_open && v == o->d_min) || v > o->d_max)
			return false;
		*(double *)dest = v;
		return true;
	}
	case CLI_DURATION: {
		int64_t us;
		if (!timefmt_parse_duration(text, TIMEFMT_BARE_SECONDS, &us, why, len))
			return false;
		if (us < o->us_min || us > us_max(o))
			return false;
		*(int64_t *)dest = us;
		return true;
	}
	case CLI_PATH:
		if (!*text || (strcmp(text, "-") == 0 && !o->stdio)) {
			snprintf(why, len, "%s", *text ? "this option cannot write to standard output" : "it is empty");
			return false;
		}
		*(const char **)dest = text;
		return true;
	case CLI_ENUM:
		for (int i = 0; o->choices[i]; i++)
			if (strcmp(text, o->choices[i]) == 0) {
				*(int *)dest = i;
				return true;
			}
		return false;
	case CLI_CUSTOM:
		return o->parse(text, dest, why, len);
	case CLI_FLAG:
		break;
	}
	return false;
}

void cli_describe_value(const CliOpt *o, char *buf, size_t len)
{
	char lo[32], hi[32];
	switch (o->kind) {
	case CLI_FLAG:
		snprintf(buf, len, "no value");
		break;
	case CLI_U64:
		if (o->u_min == 0 && u_max(o) == UINT64_MAX)
			snprintf(buf, len, "an unsigned integer");
		else if (o->u_min == 1 && u_max(o) == UINT64_MAX)
			snprintf(buf, len, "a positive %s%s", o->unit ? "number of " : "integer", o->unit ? o->unit : "");
		else if (u_max(o) == UINT64_MAX)
			snprintf(buf, len, "%s%s of at least %" PRIu64, o->unit ? "a number of " : "an integer",
			         o->unit ? o->unit : "", o->u_min);
		else
			snprintf(buf, len, "%s%s from %" PRIu64 " to %" PRIu64, o->unit ? "a number of " : "an integer",
			         o->unit ? o->unit : "", o->u_min, u_max(o));
		break;
	case CLI_DECIMAL:
		snprintf(buf, len, "%s%s %s %g, at most %g", o->unit ? "a number of " : "a decimal number",
		         o->unit ? o->unit : "", o->d_min_open ? "more than" : "from", o->d_min, o->d_max);
		break;
	case CLI_DURATION:
		format_us(o->us_min, lo, sizeof lo);
		format_us(us_max(o), hi, sizeof hi);
		snprintf(buf, len, "a duration (seconds, or with units: 1500ms, 90s, 10m, 1m30s)%s%s%s%s",
		         o->us_min == 0 ? "" : o->us_min == 1 ? " more than 0" : " of at least ",
		         o->us_min > 1 ? lo : "", us_max(o) == TIMEFMT_DURATION_MAX_US ? "" : ", at most ",
		         us_max(o) == TIMEFMT_DURATION_MAX_US ? "" : hi);
		break;
	case CLI_PATH:
		snprintf(buf, len, "%s", o->stdio ? "a file name, or - for standard output" : "a file name");
		break;
	case CLI_ENUM: {
		size_t n = (size_t)snprintf(buf, len, "one of");
		for (int i = 0; o->choices[i] && n < len; i++)
			n += (size_t)snprintf(buf + n, len - n, "%s %s", i ? "," : "", o->choices[i]);
		break;
	}
	case CLI_CUSTOM:
		snprintf(buf, len, "%s", o->expects);
		break;
	}
}

const char *cli_kind_name(CliKind k)
{
	static const char *const names[] = { "flag", "u64", "decimal", "duration", "path", "enum", "custom" };
	return (size_t)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

/* ---------------------------------------------------------------- parsing */

static int fail(char *err, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return 2;
}

/* Applies every default of the table: a default that does not parse is a bug of the table.
 * A flag starts false whatever the caller's struct held (run's was on the stack, and clang -O2
 * left --live switched on: a run paced by the wall clock). */
static void apply_defaults(const CliCommand *c, void *into)
{
	char why[160];
	for (size_t i = 0; i < c->nopts; i++) {
		const CliOpt *o = &c->opts[i];
		if (o->kind == CLI_FLAG)
			*(bool *)(void *)((char *)into + o->at) = false;
		if (o->def && !read_value(o, o->def, (char *)into + o->at, why, sizeof why)) {
			fprintf(stderr, "playground %s: the default of --%s, '%s', does not parse (%s)\n", c->name,
			        o->name, o->def, why);
			abort();
		}
	}
}

/* getopt_long's tables for c: long options (with --help) and the short letters. */
static void build_tables(const CliCommand *c, struct option *lo, char *shorts, size_t slen)
{
	size_t n = (size_t)snprintf(shorts, slen, "-:h");
	if (c->nopts > CLI_MAX_OPTS) {
		fprintf(stderr, "playground %s: more than %d options\n", c->name, CLI_MAX_OPTS);
		abort();
	}
	for (size_t i = 0; i < c->nopts; i++) {
		const CliOpt *o = &c->opts[i];
		lo[i] = (struct option){ o->name, o->kind == CLI_FLAG ? no_argument : required_argument, NULL,
		                         o->letter ? o->letter : OPT_BASE + (int)i };
		if (o->letter && n + 3 < slen)
			n += (size_t)snprintf(shorts + n, slen - n, "%c%s", o->letter, o->kind == CLI_FLAG ? "" : ":");
	}
	lo[c->nopts] = (struct option){ "help", no_argument, NULL, 'h' };
	lo[c->nopts + 1] = (struct option){ NULL, 0, NULL, 0 };
}

/* The table index of getopt_long's val, or -1 (for -h). */
static int index_of(const CliCommand *c, int val)
{
	if (val >= OPT_BASE)
		return val - OPT_BASE;
	for (size_t i = 0; i < c->nopts; i++)
		if (c->opts[i].letter == val)
			return (int)i;
	return -1;
}

/* "; did you mean --seeds?": the (at most three) long options whose names start with the
 * n bytes of name, or "". */
static void candidates(const CliCommand *c, const char *name, size_t n, char *buf, size_t len)
{
	size_t k = 0, used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i <= c->nopts && used < len; i++) {
		const char *full = i < c->nopts ? c->opts[i].name : "help";
		if (n > 0 && strncmp(full, name, n) == 0)
			used += (size_t)snprintf(buf + used, len - used, "%s--%s", k++ ? " or " : "; did you mean ", full);
	}
	if (k > 3)                                     /* too short to guess from */
		buf[0] = '\0';
	else if (k && used < len)
		snprintf(buf + used, len - used, "?");
}

/* getopt_long's '?': an unknown or ambiguous option, or a value given to a flag. */
static int unknown(const CliCommand *c, const char *text, char *err, size_t len)
{
	char also[256];
	if (strncmp(text, "--", 2) != 0) {
		if (optopt > ' ' && optopt < 127)
			return fail(err, len, "unknown option '-%c'", optopt);
		return fail(err, len, "unknown option '%s'", text);
	}
	size_t n = strcspn(text + 2, "=");
	for (size_t i = 0; i < c->nopts; i++)
		if (c->opts[i].kind == CLI_FLAG && strlen(c->opts[i].name) == n && strncmp(c->opts[i].name, text + 2, n) == 0)
			return fail(err, len, "--%s takes no value, got '%s'", c->opts[i].name, text);
	if (n == 4 && strncmp(text + 2, "help", 4) == 0)
		return fail(err, len, "--help takes no value, got '%s'", text);
	candidates(c, text + 2, n, also, sizeof also);
	return fail(err, len, "unknown option '%.*s'%s", (int)(n + 2), text, also);
}

/* A word that is not an option. */
static int add_word(const CliCommand *c, CliParsed *p, char *word, char *err, size_t len)
{
	if (c->max_words == 0)
		return fail(err, len, "unexpected argument '%s' (%s takes options only)", word, c->name);
	const char *noun = c->word_noun ? c->word_noun : "argument";
	if (c->max_words == 1 && p->nwords == 1)
		return fail(err, len, "one %s at a time; extra argument '%s'", noun, word);
	if (c->max_words > 1 && p->nwords == c->max_words)
		return fail(err, len, "%s takes at most %d %s; extra argument '%s'", c->name, c->max_words, noun, word);
	p->words[p->nwords++] = word;
	return 0;
}

/* One option getopt_long returned (table index i), its text as written at av[at]. */
static int take_option(const CliCommand *c, int i, int li, const char *text, void *into, CliParsed *p,
                       char *err, size_t len)
{
	const CliOpt *o = &c->opts[i];
	char as[80], why[200], what[400];
	size_t n = strcspn(text + 2, "=");
	if (li >= 0 && !(strlen(o->name) == n && strncmp(text + 2, o->name, n) == 0)) {
		candidates(c, text + 2, n, why, sizeof why);
		return fail(err, len, "unknown option '%.*s'%s", (int)(n + 2), text, why);
	}
	if (li >= 0)
		snprintf(as, sizeof as, "--%s", o->name);
	else
		snprintf(as, sizeof as, "-%c", o->letter);
	p->given |= UINT64_C(1) << i;
	if (o->kind == CLI_FLAG) {
		*(bool *)((char *)into + o->at) = true;
		return 0;
	}
	if (read_value(o, optarg, (char *)into + o->at, why, sizeof why))
		return 0;
	cli_describe_value(o, what, sizeof what);
	return fail(err, len, "%s needs %s, got '%s'%s%s", as, what, optarg, why[0] ? ": " : "", why);
}

/* The getopt_long loop over av (av[0] the command's name). */
static int parse_loop(const CliCommand *c, int ac, char **av, void *into, CliParsed *p, char *err, size_t len)
{
	struct option lo[CLI_MAX_OPTS + 2];
	char shorts[8 + 2 * CLI_MAX_OPTS];
	int last_value = -1;                           /* av index of the last separate value */
	build_tables(c, lo, shorts, sizeof shorts);
	opterr = 0;
	optind = 0;
	for (;;) {
		int prev = optind ? optind : 1, li = -1;
		int ch = getopt_long(ac, av, shorts, lo, &li);
		const char *text = prev < ac ? av[prev] : "";
		int rc = 0;
		if (ch == -1) {
			if (optind >= 2 && optind - 1 > last_value && strcmp(av[optind - 1], "--") == 0) {
				p->rest = av + optind;
				p->nrest = ac - optind;
			}
			return 0;
		}
		if (optarg && optind > 0 && optarg == av[optind - 1])
			last_value = optind - 1;
		int i = index_of(c, ch == ':' ? optopt : ch);
		if (ch == 1)
			rc = add_word(c, p, optarg, err, len);
		else if (ch == '?')
			rc = unknown(c, text, err, len);
		else if (ch == ':' && i >= 0) {
			char what[400];
			cli_describe_value(&c->opts[i], what, sizeof what);
			rc = fail(err, len, "%.*s needs a value: %s", (int)strcspn(text, "="), text, what);
		} else if (ch == 'h') {
			if (li >= 0 && strcmp(text, "--help") != 0)
				rc = unknown(c, text, err, len);
			else
				return CLI_HELP;
		} else if (i >= 0)
			rc = take_option(c, i, li, text, into, p, err, len);
		else
			rc = fail(err, len, "cannot read '%s'", text);
		if (rc)
			return rc;
	}
}

int cli_parse(const CliCommand *c, int argc, char **argv, void *into, CliParsed *p, char *err, size_t errlen)
{
	memset(p, 0, sizeof *p);
	err[0] = '\0';
	apply_defaults(c, into);
	if (argc < 2)
		return fail(err, errlen, "no command");
	p->words = calloc((size_t)argc, sizeof *p->words);
	if (!p->words)
		return fail(err, errlen, "out of memory");
	int rc = parse_loop(c, argc - 1, argv + 1, into, p, err, errlen);
	if (rc == CLI_HELP)
		cli_print_help(c, argv[0], stdout);
	if (rc)
		cli_parsed_free(p);
	return rc;
}

void cli_parsed_free(CliParsed *p)
{
	free(p->words);
	memset(p, 0, sizeof *p);
}

bool cli_given(const CliCommand *c, const CliParsed *p, const char *name)
{
	for (size_t i = 0; i < c->nopts; i++)
		if (strcmp(c->opts[i].name, name) == 0)
			return (p->given >> i) & 1;
	fprintf(stderr, "playground %s: cli_given(\"%s\"): no such option in the table\n", c->name, name);
	abort();
}

int cli_usage_error(const CliCommand *c, const char *prog, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s %s: ", prog, c->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	cli_print_synopsis(c, prog, stderr);
	fprintf(stderr, "Try '%s %s --help' for every option.\n", prog, c->name);
	return 2;
}

int cli_parse_or_report(const CliCommand *c, int argc, char **argv, void *into, CliParsed *p)
{
	char err[1024];
	int rc = cli_parse(c, argc, argv, into, p, err, sizeof err);
	if (rc == 2)
		cli_usage_error(c, argv[0], "%s", err);
	return rc;
}

/* ---------------------------------------------------------------- help */

/* Writes text wrapped: words break at sep (printed as a space); '\n\n' keeps paragraphs. */
static void wrap_on(FILE *f, const char *text, char sep, int at, int indent, int width)
{
	int col = at;
	bool first = true;
	for (const char *p = text; *p;) {
		if (*p == '\n') {                          /* a paragraph break: blank line */
			while (*p == '\n')
				p++;
			fprintf(f, "\n\n%*s", indent, "");
			col = indent;
			first = true;
			continue;
		}
		if (*p == sep) {
			p++;
			continue;
		}
		size_t n = 0;
		while (p[n] && p[n] != sep && p[n] != '\n')
			n++;
		if (!first && col + 1 + (int)n > width) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, n, f);
		col += (int)n;
		first = false;
		p += n;
	}
}

void cli_wrap(FILE *f, const char *text, int at, int indent, int width)
{
	wrap_on(f, text, ' ', at, indent, width);
}

void cli_synopsis_item(const CliOpt *o, char *buf, size_t len)
{
	const char *open = o->mandatory ? "" : "[", *close = o->mandatory ? "" : "]";
	if (o->letter)
		snprintf(buf, len, "%s-%c%s%s%s", open, o->letter, o->kind == CLI_FLAG ? "" : " ",
		         o->kind == CLI_FLAG ? "" : o->meta, close);
	else
		snprintf(buf, len, "%s--%s%s%s%s", open, o->name, o->kind == CLI_FLAG ? "" : " ",
		         o->kind == CLI_FLAG ? "" : o->meta, close);
}

void cli_print_synopsis(const CliCommand *c, const char *prog, FILE *f)
{
	char line[4096], item[160];
	size_t n = (size_t)snprintf(line, sizeof line, "%s", c->words ? c->words : "");
	for (size_t i = 0; i < c->nopts && n < sizeof line; i++) {
		cli_synopsis_item(&c->opts[i], item, sizeof item);
		n += (size_t)snprintf(line + n, sizeof line - n, "%s%s", n ? "\x1f" : "", item);
	}
	if (c->rest && n < sizeof line)
		snprintf(line + n, sizeof line - n, "%s[-- ARG ...]", n ? "\x1f" : "");
	int at = fprintf(f, "usage: %s %s ", prog, c->name);
	wrap_on(f, line, '\x1f', at, at, WIDTH);
	fputc('\n', f);
	for (int k = 0; c->also && c->also[k]; k++) {
		fprintf(f, "%*s%s %s ", at - (int)strlen(prog) - (int)strlen(c->name) - 2, "", prog, c->name);
		wrap_on(f, c->also[k], ' ', at, at, WIDTH);
		fputc('\n', f);
	}
}

void cli_option_label(const CliOpt *o, char *buf, size_t len)
{
	if (o->letter)
		snprintf(buf, len, "-%c, --%s%s%s", o->letter, o->name, o->kind == CLI_FLAG ? "" : " ",
		         o->kind == CLI_FLAG ? "" : o->meta);
	else
		snprintf(buf, len, "--%s%s%s", o->name, o->kind == CLI_FLAG ? "" : " ", o->kind == CLI_FLAG ? "" : o->meta);
}

void cli_option_text(const CliOpt *o, char *buf, size_t len)
{
	char what[400];
	size_t n = (size_t)snprintf(buf, len, "%s", o->help);
	if (o->kind != CLI_FLAG && o->kind != CLI_PATH && n < len) {
		cli_describe_value(o, what, sizeof what);
		n += (size_t)snprintf(buf + n, len - n, " %s: %s.", o->meta, what);
	}
	if ((o->def || o->def_note) && n < len)
		snprintf(buf + n, len - n, " Default: %s%s%s%s.", o->def ? o->def : "", o->def && o->def_note ? " (" : "",
		         o->def_note ? o->def_note : "", o->def && o->def_note ? ")" : "");
}

/* One row of the options list: the label, then the text from TEXT_COL. */
static void print_row(FILE *f, const char *label, const char *text)
{
	int at = fprintf(f, "  %s", label);
	if (at + 2 > TEXT_COL) {
		fprintf(f, "\n%*s", TEXT_COL, "");
		at = TEXT_COL;
	} else {
		at += fprintf(f, "%*s", TEXT_COL - at, "");
	}
	wrap_on(f, text, ' ', at, TEXT_COL, WIDTH);
	fputc('\n', f);
}

void cli_print_help(const CliCommand *c, const char *prog, FILE *f)
{
	char label[200], text[2048];
	cli_print_synopsis(c, prog, f);
	fprintf(f, "\n%s %s: ", prog, c->name);
	cli_wrap(f, c->summary, (int)(strlen(prog) + strlen(c->name) + 3), 0, WIDTH);
	fprintf(f, ".\n\n");
	if (c->description) {
		cli_wrap(f, c->description, 0, 0, WIDTH);
		fprintf(f, "\n\n");
	}
	fprintf(f, "Options:\n");
	for (size_t i = 0; i < c->nopts; i++) {
		cli_option_label(&c->opts[i], label, sizeof label);
		cli_option_text(&c->opts[i], text, sizeof text);
		print_row(f, label, text);
	}
	print_row(f, "-h, --help", "Print this help and exit.");
	if (c->rest)
		print_row(f, "-- ARG ...", c->rest_help);
	if (c->exit_status) {
		fprintf(f, "\nExit status: ");
		cli_wrap(f, c->exit_status, 13, 0, WIDTH);
		fputc('\n', f);
	}
}

bool cli_parse_speed(const char *text, void *dest, char *why, size_t whylen)
{
	double *speed = dest;
	if (strcmp(text, "max") == 0) {
		*speed = 0;
		return true;
	}
	double v;
	if (!timefmt_parse_decimal(text, &v) || !(v > 0) || v > 1e6) {
		snprintf(why, whylen, "'%s' is %s", text, !timefmt_parse_decimal(text, &v) ? "not a number"
		         : v > 1e6 ? "above the fastest speed" : "not more than 0");
		return false;
	}
	*speed = v;
	return true;
}
