/*
 * cliopt.h — the command line's one front door: each subcommand declares a table of its
 * options, and that table alone drives parsing (getopt_long), the errors, `CMD --help`,
 * `playground help --options` and the manual page (cli_man.c), like the option tables of
 * SQLite's shell and redis-cli. Defaults and ranges live in the table, nowhere else.
 *
 * Values are strict: integers are decimal digits only (no sign, no hex, no exponent, no
 * trailing junk; `--seed -1` and `--seed banana` are errors, never 2^64-1 or 0); decimals
 * are timefmt_parse_decimal's; durations are timefmt_parse_duration's (bare numbers are
 * seconds, `1m30s` works, `0x10` does not) — the same parser as the Lua API and the view.
 * Long options must be spelled out (getopt_long's unique prefixes are refused: a prefix
 * that works today breaks when an option is added). `--name=value` and `--name value`
 * both work; `-h` and `--help` are every command's, added by the parser.
 *
 * A value lands in the command's own argument struct at the option's offset (.at), so
 * tables are static const and the parser keeps no state between calls.
 *
 * Adding an option: one row (see the CLI_* kinds for what .at must point to). Adding a
 * command: a CliCommand, and one row in main.c's table.
 */
#ifndef CLIOPT_H
#define CLIOPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CLI_MAX_OPTS 48           /* options per command (bits of CliParsed.given) */
#define CLI_HELP     (-1)         /* cli_parse printed the help on stdout: exit 0 */

typedef enum CliKind {
	CLI_FLAG,                     /* no value; .at: bool, set true */
	CLI_U64,                      /* decimal digits in [u_min, u_max]; .at: uint64_t */
	CLI_DECIMAL,                  /* timefmt_parse_decimal in [d_min, d_max] (d_min excluded
	                               * when d_min_open); .at: double */
	CLI_DURATION,                 /* timefmt_parse_duration, a bare number is seconds, in
	                               * [us_min, us_max]; .at: int64_t µs */
	CLI_PATH,                     /* a non-empty file name; "-" only with .stdio; .at: const char *
	                               * (pointing into argv) */
	CLI_ENUM,                     /* one of .choices; .at: int, the index */
	CLI_CUSTOM                    /* .parse reads it into .at (which may be 0, the whole struct,
	                               * for a value that fills several fields) */
} CliKind;

/* Reads one value of a CLI_CUSTOM option into dest. Returns false when the value is bad,
 * with the reason in why (or why left "": .expects says it all). */
typedef bool (*CliParseFn)(const char *text, void *dest, char *why, size_t whylen);

typedef struct CliOpt {
	const char *name;             /* long name without the dashes: "seed" is --seed */
	char letter;                  /* short form ('j' is -j), or 0 */
	CliKind kind;
	const char *meta;             /* the value's name in help: "N", "FILE|-" (not for flags) */
	size_t at;                    /* offsetof the value in the command's argument struct */
	const char *help;             /* what it does, one or two sentences */
	const char *def;              /* default value, applied before parsing (it must parse), or NULL */
	const char *def_note;         /* the default in words when it is not a value ("the online
	                               * cores"), or NULL */
	const char *unit;             /* CLI_U64, CLI_DECIMAL: what is counted, for messages
	                               * ("worker processes"), or NULL */
	uint64_t u_min, u_max;        /* CLI_U64 range; u_max 0 = UINT64_MAX */
	double d_min, d_max;          /* CLI_DECIMAL range */
	bool d_min_open;              /* CLI_DECIMAL: d_min itself is refused */
	int64_t us_min, us_max;       /* CLI_DURATION range, µs; us_max 0 = TIMEFMT_DURATION_MAX_US */
	bool stdio;                   /* CLI_PATH: "-" stands for standard output */
	const char *const *choices;   /* CLI_ENUM: the accepted words, NULL-terminated */
	CliParseFn parse;             /* CLI_CUSTOM */
	const char *expects;          /* CLI_CUSTOM: what a value looks like ("K/N with 1 <= K <= N") */
	bool mandatory;               /* the synopsis shows it without brackets (the command checks it) */
} CliOpt;

typedef struct CliCommand {
	const char *name;             /* "run" */
	const char *summary;          /* one line: `playground --help`, the manual's command list */
	const char *words;            /* the synopsis' non-option words: "FILE.lua", "[COMMAND]", "" */
	const char *word_noun;        /* for errors: "scenario file" (max_words 1), "traces" (more) */
	int max_words;                /* words accepted at most (0: none), or -1 for any number; the
	                               * command checks the least number it needs */
	bool rest;                    /* takes `-- ARG ...` */
	const char *rest_help;        /* what the words after `--` are */
	const char *const *also;      /* further synopsis forms (after the command's name), NULL-terminated,
	                               * or NULL */
	const char *description;      /* paragraphs separated by blank lines; `--help` and the manual */
	const char *exit_status;      /* what exits 0, 1 and 2 mean for this command */
	const CliOpt *opts;
	size_t nopts;
} CliCommand;

/* What cli_parse found besides the option values. */
typedef struct CliParsed {
	char **words;                 /* the non-option words in order (the array is malloc'd, the
	                               * strings are argv's); cli_parsed_free releases it */
	int nwords;
	char **rest;                  /* the words after `--` (into argv), NULL without `--` */
	int nrest;
	uint64_t given;               /* bit i: opts[i] appeared at least once */
} CliParsed;

/* Parses argv[2..] (argv[0] the program, argv[1] the command's name) into the struct at
 * `into` and *p: applies every .def first, then the options in order (the last of a
 * repeated option wins). Returns 0; CLI_HELP after printing the help on stdout (-h,
 * --help); or 2 with the problem in err, naming the option and the value ("--seed needs an
 * unsigned integer, got 'banana'"). Leaves p empty unless it returns 0. */
int cli_parse(const CliCommand *c, int argc, char **argv, void *into, CliParsed *p, char *err, size_t errlen);
void cli_parsed_free(CliParsed *p);                /* accepts a zeroed or freed one */
/* True when the option named (long name) appeared; aborts on a name not in the table. */
bool cli_given(const CliCommand *c, const CliParsed *p, const char *name);

/* cli_parse, and on a usage error the report on stderr (cli_usage_error). Returns 0,
 * CLI_HELP or 2. */
int cli_parse_or_report(const CliCommand *c, int argc, char **argv, void *into, CliParsed *p);
/* Prints "PROG CMD: <problem>", the usage line and where the help is, on stderr; returns 2. */
int cli_usage_error(const CliCommand *c, const char *prog, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A CLI_CUSTOM reader shared by the commands that pace time: "max" (0) or a decimal
 * speed-up from 0 (excluded) to 1000000 (simulated seconds per wall-clock second); dest is
 * a double. */
bool cli_parse_speed(const char *text, void *dest, char *why, size_t whylen);

/* `PROG CMD --help`: the synopsis, the description, every option with its value, default
 * and range, and the exit status. */
void cli_print_help(const CliCommand *c, const char *prog, FILE *f);
/* "usage: PROG CMD FILE.lua [--seed N] …" and the .also forms, wrapped at 79 columns. */
void cli_print_synopsis(const CliCommand *c, const char *prog, FILE *f);
/* One synopsis item: "[--seed N]", "--seeds N" (mandatory), "[-j N]", "[--narrate]". */
void cli_synopsis_item(const CliOpt *o, char *buf, size_t len);
/* The option as the options list shows it: "-j, --jobs N", "--seed N". */
void cli_option_label(const CliOpt *o, char *buf, size_t len);
/* The option's whole description: help, then "N: <value>." and "Default: …." as they apply. */
void cli_option_text(const CliOpt *o, char *buf, size_t len);
/* What a value of o looks like, for messages and help: "an unsigned integer", "an integer
 * from 1 to 256", "a duration (90s, 10m, 1m30s, or seconds) more than 0, at most 168h". */
void cli_describe_value(const CliOpt *o, char *buf, size_t len);
/* "u64", "decimal", "duration", "path", "enum", "custom", "flag". */
const char *cli_kind_name(CliKind k);
/* Writes text to f wrapped at width columns, every line after the first indented by indent
 * (the first starts at column `at`); paragraphs (blank lines) are kept. */
void cli_wrap(FILE *f, const char *text, int at, int indent, int width);

#endif
