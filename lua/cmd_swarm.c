/*
 * cmd_swarm.c — `playground swarm`: one scenario over a range of seeds, like TigerBeetle's
 * VOPR or FoundationDB's simulator: each seed in its own forked process (swarm_pool.c),
 * -j of them at a time, results printed in seed order so the output does not depend on
 * -j; a slice of the range with --shard K/N, to spread a sweep over machines, and
 * `--merge` of the shards' JSON files (swarm_report.c); --shrink reduces a failing seed's
 * plan (pg.swarm.plan) by ddmin (swarm_shrink.c), writes the shrunk scenario and checks
 * that it fails the same way.
 *
 * A seed's check is the pg.swarm.verdict recorded before its failure, else "error"; the
 * pool adds "crash" and "timeout". Wall-clock time is measured here and in the pool only.
 */
#define _DEFAULT_SOURCE                            /* sysconf(_SC_NPROCESSORS_ONLN) */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "core/timefmt.h"
#include "lutil.h"
#include "runner.h"
#include "swarm_pool.h"
#include "swarm_report.h"
#include "swarm_shrink.h"

#define SWARM_SHRINK_MAX_SEEDS  10                /* failing seeds --shrink works on per run */
#define SWARM_OUTPUT_MAX        ((size_t)8 << 20) /* --verbose output kept per seed */
#define SWARM_MAX_SHARDS        1000000u
#define SWARM_MAX_SEED          ((uint64_t)INT64_MAX)  /* pg.up{seed} and JSON integers */

typedef struct SwarmArgs {
	const char *prog;             /* argv[0] */
	int argc;                     /* main's, for the shrunk scenario's header */
	char **argv;
	PgRunOptions run;             /* file, args, budget, quiet */
	uint64_t seeds, first;        /* --seeds N --first S */
	bool seeds_given, verbose;
	int jobs;                     /* -j N */
	unsigned shard_k, shard_n;    /* --shard K/N (1/1 without) */
	double seed_timeout_s;        /* --seed-timeout */
	bool shrink;                  /* --shrink */
	size_t shrink_trials;         /* --shrink-trials N */
	const char *shrink_dir;       /* --shrink-dir DIR */
	const char *junit, *json;     /* --junit FILE, --json FILE|- */
	bool merge;                   /* --merge FILE.json … */
	const char **inputs;          /* the words that are not options: FILE.lua, or the JSON files */
	int ninputs;
	bool sweep_option;            /* an option that makes no sense with --merge was given */
} SwarmArgs;

static const char usage_text[] =
	"usage: %s swarm FILE.lua --seeds N [--first S] [-j N] [--shard K/N] [--budget N] [--verbose]\n"
	"                 [--seed-timeout T] [--shrink [--shrink-trials N] [--shrink-dir DIR]]\n"
	"                 [--junit FILE] [--json FILE|-] [-- ARG ...]\n"
	"       %s swarm --merge A.json B.json ... [--junit FILE] [--json FILE|-]\n";

static int usage_error(const SwarmArgs *a, const char *problem, const char *detail)
{
	fprintf(stderr, "%s swarm: %s%s%s\n", a->prog, problem, detail ? " " : "", detail ? detail : "");
	fprintf(stderr, usage_text, a->prog, a->prog);
	return 2;
}

static bool parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	if (!s || !*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return true;
}

/* "600", "2.5" (seconds) or a duration with a unit ("10m"); more than 0, at most a week. */
static bool parse_timeout(const char *s, double *out)
{
	int64_t us;
	char err[160];
	if (!timefmt_parse_duration(s, TIMEFMT_BARE_SECONDS, &us, err, sizeof err))
		return false;
	*out = (double)us / 1e6;
	return *out > 0 && *out <= 7 * 86400;
}

/* "K/N" with 1 <= K <= N <= SWARM_MAX_SHARDS. */
static bool parse_shard(const char *s, unsigned *k, unsigned *n)
{
	char buf[64];
	const char *slash = strchr(s, '/');
	uint64_t kk, nn;
	if (!slash || (size_t)(slash - s) >= sizeof buf)
		return false;
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = '\0';
	if (!parse_u64(buf, &kk) || !parse_u64(slash + 1, &nn) || kk < 1 || kk > nn || nn > SWARM_MAX_SHARDS)
		return false;
	*k = (unsigned)kk;
	*n = (unsigned)nn;
	return true;
}

enum {
	OPT_SEEDS = 256, OPT_FIRST, OPT_BUDGET, OPT_VERBOSE, OPT_SHARD, OPT_SEED_TIMEOUT, OPT_SHRINK,
	OPT_SHRINK_TRIALS, OPT_SHRINK_DIR, OPT_JUNIT, OPT_JSON, OPT_MERGE,
};

static const struct option long_options[] = {
	{ "seeds", required_argument, NULL, OPT_SEEDS },
	{ "first", required_argument, NULL, OPT_FIRST },
	{ "budget", required_argument, NULL, OPT_BUDGET },
	{ "verbose", no_argument, NULL, OPT_VERBOSE },
	{ "jobs", required_argument, NULL, 'j' },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "seed-timeout", required_argument, NULL, OPT_SEED_TIMEOUT },
	{ "shrink", no_argument, NULL, OPT_SHRINK },
	{ "shrink-trials", required_argument, NULL, OPT_SHRINK_TRIALS },
	{ "shrink-dir", required_argument, NULL, OPT_SHRINK_DIR },
	{ "junit", required_argument, NULL, OPT_JUNIT },
	{ "json", required_argument, NULL, OPT_JSON },
	{ "merge", no_argument, NULL, OPT_MERGE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Applies one option with its value; returns 0 or a usage error's exit code. */
static int apply_option(SwarmArgs *a, int opt, const char *v)
{
	uint64_t n;
	a->sweep_option = a->sweep_option || (opt != OPT_JUNIT && opt != OPT_JSON && opt != OPT_MERGE);
	switch (opt) {
	case OPT_SEEDS:
		if (!parse_u64(v, &a->seeds) || a->seeds == 0)
			return usage_error(a, "--seeds needs a positive integer, got", v);
		a->seeds_given = true;
		break;
	case OPT_FIRST:
		if (!parse_u64(v, &a->first))
			return usage_error(a, "--first needs an unsigned integer, got", v);
		break;
	case OPT_BUDGET:
		if (!parse_u64(v, &a->run.budget) || a->run.budget == 0)
			return usage_error(a, "--budget needs a positive number of Lua instructions, got", v);
		break;
	case 'j':
		if (!parse_u64(v, &n) || n < 1 || n > SWARM_MAX_JOBS)
			return usage_error(a, "-j needs a number of worker processes from 1 to 256, got", v);
		a->jobs = (int)n;
		break;
	case OPT_SHARD:
		if (!parse_shard(v, &a->shard_k, &a->shard_n))
			return usage_error(a, "--shard needs K/N with 1 <= K <= N <= 1000000 (such as 2/8), got", v);
		break;
	case OPT_SEED_TIMEOUT:
		if (!parse_timeout(v, &a->seed_timeout_s))
			return usage_error(a, "--seed-timeout needs seconds > 0 (at most a week) or a duration "
			                   "such as 90s or 10m, got", v);
		break;
	case OPT_SHRINK_TRIALS:
		if (!parse_u64(v, &n) || n < 1 || n > 1000000)
			return usage_error(a, "--shrink-trials needs a number of trials from 1 to 1000000, got", v);
		a->shrink_trials = (size_t)n;
		break;
	case OPT_SHRINK_DIR:
	case OPT_JUNIT:
	case OPT_JSON:
		if (!*v)
			return usage_error(a, "an empty path after", opt == OPT_JUNIT ? "--junit" : opt == OPT_JSON ? "--json" : "--shrink-dir");
		if (opt == OPT_JUNIT && strcmp(v, "-") == 0)
			return usage_error(a, "--junit needs a file name (only --json writes to standard output with -)", NULL);
		*(opt == OPT_SHRINK_DIR ? &a->shrink_dir : opt == OPT_JUNIT ? &a->junit : &a->json) = v;
		break;
	case OPT_VERBOSE: a->verbose = true; break;
	case OPT_SHRINK: a->shrink = true; break;
	case OPT_MERGE: a->merge = true; break;
	}
	return 0;
}

/* getopt_long accepts unique prefixes ("--seed" for "--seeds"); here only whole names count. */
static bool spelled_out(const char *text, const char *name)
{
	size_t n = strcspn(text + 2, "=");
	return strncmp(text, "--", 2) != 0 || (strlen(name) == n && strncmp(text + 2, name, n) == 0);
}

/* getopt_long's '?': an unknown or ambiguous option, or a value given to one without. */
static int unknown_option(const SwarmArgs *a, const char *arg)
{
	char letter[3] = { '-', (char)optopt, '\0' };
	bool with_value = strncmp(arg, "--", 2) == 0 && strchr(arg, '=');
	return usage_error(a, with_value ? "unknown option, or one that takes no value:" : "unknown option",
	                   optopt > 0 && optopt < 128 ? letter : arg);
}

/* The options before `--` (getopt_long never sees that part's words after it). */
static int parse_options(SwarmArgs *a, int argc, char **argv)
{
	opterr = 0;
	optind = 1;
	for (;;) {
		int prev = optind, li = -1;
		int c = getopt_long(argc, argv, "-:j:h", long_options, &li);
		if (c == -1)
			return 0;
		const char *text = argv[prev < argc ? prev : argc - 1];
		if (c == 1) {
			a->inputs[a->ninputs++] = optarg;
		} else if (c == 'h') {
			printf(usage_text, a->prog, a->prog);
			return -1;
		} else if (c == ':') {
			return usage_error(a, "missing value after", argv[optind - 1]);
		} else if (c == '?') {
			return unknown_option(a, argv[optind - 1]);
		} else if (li >= 0 && !spelled_out(text, long_options[li].name)) {
			return usage_error(a, "unknown option", text);
		} else {
			int rc = apply_option(a, c, optarg);
			if (rc)
				return rc;
		}
	}
}

/* Returns 0, -1 after --help, or the exit code of a usage error. */
static int parse_args(int argc, char **argv, SwarmArgs *a)
{
	int dd = 2;
	while (dd < argc && strcmp(argv[dd], "--") != 0)
		dd++;
	if (dd < argc) {
		a->run.args = argv + dd + 1;
		a->run.nargs = argc - dd - 1;
	}
	a->inputs = calloc((size_t)argc, sizeof *a->inputs);
	if (!a->inputs)
		return usage_error(a, "out of memory", NULL);
	int rc = parse_options(a, dd - 1, argv + 1);   /* argv[1], "swarm", stands for the program */
	if (rc)
		return rc;
	if (a->merge) {
		if (a->sweep_option || dd < argc)
			return usage_error(a, "--merge takes JSON files and only --json and --junit", NULL);
		return a->ninputs ? 0 : usage_error(a, "--merge needs the shards' JSON files", NULL);
	}
	if (a->ninputs == 0)
		return usage_error(a, "no scenario file given", NULL);
	if (a->ninputs > 1)
		return usage_error(a, "one scenario file at a time; extra argument", a->inputs[1]);
	a->run.file = a->inputs[0];
	if (!a->seeds_given)
		return usage_error(a, "--seeds N is required", NULL);
	if (a->first > SWARM_MAX_SEED || a->seeds - 1 > SWARM_MAX_SEED - a->first)
		return usage_error(a, "the seeds must stay at most 9223372036854775807 (pg.up's largest seed)", NULL);
	if (!a->shrink && (a->shrink_dir || a->shrink_trials))
		return usage_error(a, "--shrink-trials and --shrink-dir go with --shrink", NULL);
	return 0;
}

/* ---------------------------------------------------------------- commands as text */

/* Appends word to buf (of len), in single quotes when the shell would split or expand it. */
static void append_word(char *buf, size_t len, const char *word)
{
	size_t n = strlen(buf);
	bool plain = *word && strspn(word, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./=:,+@%-") == strlen(word);
	n += (size_t)snprintf(buf + n, n < len ? len - n : 0, "%s%s", n ? " " : "", plain ? word : "'");
	for (const char *p = word; !plain && *p && n + 5 < len; p++)
		n += (size_t)snprintf(buf + n, len - n, *p == '\'' ? "'\\''" : "%c", *p);
	if (!plain && n + 1 < len)
		snprintf(buf + n, len - n, "'");
}

/* "PROG run FILE --seed K [--budget N] [-- ARGS]": the command that replays one seed. */
static void replay_command(const SwarmArgs *a, uint64_t seed, char *buf, size_t len)
{
	char num[32];
	buf[0] = '\0';
	append_word(buf, len, a->prog);
	append_word(buf, len, "run");
	append_word(buf, len, a->run.file);
	snprintf(num, sizeof num, "%" PRIu64, seed);
	append_word(buf, len, "--seed");
	append_word(buf, len, num);
	if (a->run.budget) {
		snprintf(num, sizeof num, "%" PRIu64, a->run.budget);
		append_word(buf, len, "--budget");
		append_word(buf, len, num);
	}
	if (a->run.nargs > 0)
		append_word(buf, len, "--");
	for (int i = 0; i < a->run.nargs; i++)
		append_word(buf, len, a->run.args[i]);
}

/* ---------------------------------------------------------------- one trial, in the child */

/* Removes a directory the trial made, with everything in it (savepoints). */
static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char path[1200];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			remove_tree(path);
		else
			unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

static void run_trial(void *ctx, const SwarmTrial *t, SwarmChild *child)
{
	const SwarmArgs *a = ctx;
	PgRunOptions o = a->run;
	if (t->file) {                                 /* a shrunk scenario: as `playground run FILE` */
		o.file = t->file;
		o.args = NULL;
		o.nargs = 0;
	}
	o.seed = t->seed;
	o.seed_given = t->seed_forced;
	o.keep = t->keep;
	o.nkeep = t->nkeep;
	/* The trial's own directory for savepoints: trials of one seed (shrinking) run side by
	 * side and would otherwise write, and read back, the very same paths. The paths the
	 * scenario and the trace see stay as they are (./savepoints/…). */
	char root[] = "/tmp/playground-swarm-XXXXXX";
	o.host_root = mkdtemp(root);
	PgRun *r = pgrun_create(&o);
	PgRunStatus st = r ? pgrun_exec(r) : PGRUN_UNLOADABLE;
	const PgSwarmState *sw = r ? pgrun_swarm(r) : NULL;
	SwarmStep *steps = sw && sw->nsteps ? calloc(sw->nsteps, sizeof *steps) : NULL;
	SwarmReply reply = {
		.verdict = st == PGRUN_OK ? SWARM_PASSED : st == PGRUN_FAILED ? SWARM_FAILED : SWARM_UNLOADABLE,
		.check = st != PGRUN_FAILED ? NULL : sw && sw->check ? sw->check : "error",
		.message = r ? pgrun_message(r) : "out of memory",
		.planned = sw && sw->planned && (steps || !sw->nsteps),
		.setup = sw ? sw->setup : NULL,
		.steps = steps,
		.nsteps = steps ? sw->nsteps : 0,
	};
	for (size_t i = 0; i < reply.nsteps; i++)
		steps[i] = (SwarmStep){ sw->steps[i].t_s, sw->steps[i].code };
	fflush(stdout);
	swarm_child_send(child, &reply);
	free(steps);
	pgrun_destroy(r);
	if (o.host_root)
		remove_tree(o.host_root);
}

/* ---------------------------------------------------------------- the sweep */

typedef struct KeptFailure {
	SwarmResult *result;          /* the seed's result (its plan) */
	char *replay;                 /* its replay command */
	uint64_t seed;
} KeptFailure;

typedef struct Sweep {
	const SwarmArgs *a;
	SwarmPool *pool;
	FILE *human;                  /* stdout, or stderr with --json - */
	SwarmReport *report;          /* with --json or --junit, else NULL */
	uint64_t lo, hi;              /* this shard's seeds */
	uint64_t failed;
	SwarmResult **ring;           /* results waiting for their turn, at (seed - lo) % window */
	size_t window;                /* seeds started ahead of the oldest unprinted one, at most */
	KeptFailure kept[SWARM_SHRINK_MAX_SEEDS];   /* failing seeds for --shrink */
	size_t nkept;
} Sweep;

static double wall_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static SwarmFailure failure_of(const SwarmResult *r, uint64_t seed, const char *replay)
{
	return (SwarmFailure){ .seed = seed, .check = r->check, .message = r->message, .replay = replay,
	                       .seconds = r->seconds, .planned = r->planned, .setup = r->setup,
	                       .steps = r->steps, .nsteps = r->nsteps };
}

/* The seed's turn: its output (--verbose), its failure. Takes the result. 2: unloadable. */
static int emit(Sweep *s, uint64_t seed, SwarmResult *r)
{
	char replay[4096];
	if (r->output_len)
		fwrite(r->output, 1, r->output_len, s->human);
	if (r->verdict == SWARM_UNLOADABLE) {          /* the same for every seed: stop here */
		fprintf(stderr, "%s\n", r->message);
		swarm_result_free(r);
		return 2;
	}
	if (r->verdict == SWARM_FAILED) {
		s->failed++;
		replay_command(s->a, seed, replay, sizeof replay);
		SwarmFailure f = failure_of(r, seed, replay);
		swarm_print_failure(s->human, &f);
		if (s->report && !swarm_report_add(s->report, &f))
			fprintf(stderr, "%s swarm: cannot record seed %" PRIu64 " for --json/--junit\n", s->a->prog, seed);
		if (s->a->shrink && s->nkept < SWARM_SHRINK_MAX_SEEDS) {
			s->kept[s->nkept++] = (KeptFailure){ r, strdup(replay), seed };
			return 0;
		}
	}
	swarm_result_free(r);
	return 0;
}

/* Runs the shard's seeds; 0, or 2 when the scenario does not load or no process starts. */
static int run_sweep(Sweep *s)
{
	char err[256];
	uint64_t turn = s->lo;                         /* the next seed to print */
	uint64_t next = turn;                          /* the next seed to start */
	while (turn < s->hi) {
		while (next < s->hi && next - turn < s->window && swarm_pool_has_room(s->pool)) {
			SwarmTrial t = { .seed = next, .seed_forced = true };
			if (!swarm_pool_start(s->pool, &t, next, err, sizeof err)) {
				fprintf(stderr, "%s swarm: seed %" PRIu64 ": %s\n", s->a->prog, next, err);
				return 2;
			}
			next++;
		}
		uint64_t tag;
		SwarmResult *r = swarm_pool_wait(s->pool, &tag);
		if (!r) {                                  /* cannot happen: a seed is always running here */
			fprintf(stderr, "%s swarm: lost track of seed %" PRIu64 "\n", s->a->prog, turn);
			return 2;
		}
		s->ring[(tag - s->lo) % s->window] = r;
		while (turn < s->hi && s->ring[(turn - s->lo) % s->window]) {
			SwarmResult *mine = s->ring[(turn - s->lo) % s->window];
			s->ring[(turn - s->lo) % s->window] = NULL;
			if (emit(s, turn++, mine) == 2)
				return 2;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------- shrinking */

typedef struct ShrinkTry {
	Sweep *s;
	uint64_t seed;                /* the failing seed */
	const char *check;            /* how it failed: a trial must fail with this check */
	size_t nsteps;                /* its plan's steps */
	bool *mask;                   /* a candidate (reused: the fork copies it) */
	bool broken;                  /* no trial process could be started */
} ShrinkTry;

static bool same_way(const SwarmResult *r, const char *check)
{
	return r && r->verdict == SWARM_FAILED && strcmp(r->check, check) == 0;
}

/* SwarmTryFn: runs the round's candidates on the pool's workers, in order; the first that
 * fails the same way wins, as if they had been tried one by one (so -j changes nothing). */
static long try_round(void *ctx, const SwarmDdminRound *round, size_t n, size_t limit, size_t *counted)
{
	ShrinkTry *c = ctx;
	size_t upto = n < limit ? n : limit, started = 0, scan = 0;
	signed char *state = calloc(upto ? upto : 1, 1); /* 0 running or not started, 1 no, 2 yes */
	char err[256];
	long hit = -1;
	while (state && !c->broken && scan < upto && hit < 0) {
		while (started < upto && swarm_pool_has_room(c->s->pool)) {
			swarm_ddmin_candidate(round, started, c->mask);
			SwarmTrial t = { .seed = c->seed, .seed_forced = true, .keep = c->mask, .nkeep = c->nsteps };
			if (!swarm_pool_start(c->s->pool, &t, started, err, sizeof err)) {
				fprintf(stderr, "%s swarm: shrinking seed %" PRIu64 ": %s\n", c->s->a->prog, c->seed, err);
				c->broken = true;
				break;
			}
			started++;
		}
		uint64_t tag;
		SwarmResult *r = swarm_pool_wait(c->s->pool, &tag);
		if (r)
			state[tag] = same_way(r, c->check) ? 2 : 1;
		swarm_result_free(r);
		while (scan < upto && state[scan] == 1)
			scan++;
		if (scan < upto && state[scan] == 2)
			hit = (long)scan;
	}
	swarm_pool_kill_all(c->s->pool);               /* candidates after the winner do not count */
	*counted = c->broken || !state ? limit : hit >= 0 ? (size_t)hit + 1 : upto;
	free(state);
	return c->broken ? -1 : hit;
}

/* Runs the shrunk file once, as `playground run FILE` would; says how that went in note. */
static bool verify_shrunk(Sweep *s, const char *path, const char *check, char *note, size_t len)
{
	char cmd[2048] = "", err[256], num[32];
	append_word(cmd, sizeof cmd, s->a->prog);
	append_word(cmd, sizeof cmd, "run");
	append_word(cmd, sizeof cmd, path);
	if (s->a->run.budget) {
		snprintf(num, sizeof num, "%" PRIu64, s->a->run.budget);
		append_word(cmd, sizeof cmd, "--budget");
		append_word(cmd, sizeof cmd, num);
	}
	SwarmTrial t = { .file = path };
	uint64_t tag;
	if (!swarm_pool_start(s->pool, &t, 0, err, sizeof err)) {
		snprintf(note, len, "not checked: %s", err);
		return false;
	}
	SwarmResult *r = swarm_pool_wait(s->pool, &tag);
	bool ok = same_way(r, check);
	if (ok)
		snprintf(note, len, "checked: `%s` fails the same way ([%s])", cmd, check);
	else if (r && r->verdict == SWARM_PASSED)
		snprintf(note, len, "checked: `%s` does NOT fail the same way: it passes", cmd);
	else
		snprintf(note, len, "checked: `%s` does NOT fail the same way: [%.64s] %.*s", cmd,
		         r && r->check ? r->check : "?", (int)strcspn(r && r->message ? r->message : "", "\n"),
		         r && r->message ? r->message : "");
	swarm_result_free(r);
	return ok;
}

/* The swarm command line, for the shrunk scenario's first line. */
static void command_line(const SwarmArgs *a, char *buf, size_t len)
{
	buf[0] = '\0';
	for (int i = 0; i < a->argc; i++)
		append_word(buf, len, a->argv[i]);
}

/* Writes the kept steps as a scenario and checks it; fills the file and note of sh. */
static void write_shrunk(Sweep *s, const KeptFailure *k, const bool *keep, SwarmShrunk *sh, char *path,
                         size_t plen, char *note, size_t nlen)
{
	char err[512], command[4096];
	const SwarmResult *r = k->result;
	if (mkdir(s->a->shrink_dir, 0777) != 0 && errno != EEXIST) {
		snprintf(note, nlen, "not written: cannot create the directory %s: %s", s->a->shrink_dir, strerror(errno));
		return;
	}
	swarm_shrink_path(s->a->shrink_dir, s->a->run.file, k->seed, path, plen);
	command_line(s->a, command, sizeof command);
	SwarmShrunkOrigin origin = { command, k->seed, r->check, r->message };
	if (!swarm_shrink_write(path, &origin, r->setup, r->steps, r->nsteps, keep, err, sizeof err)) {
		snprintf(note, nlen, "not written: %s", err);
		return;
	}
	sh->file = path;
	sh->verified = verify_shrunk(s, path, r->check, note, nlen);
}

/* Shrinks one kept failure, prints the result and records it for --json/--junit. */
static void shrink_one(Sweep *s, const KeptFailure *k)
{
	char path[4096], note[4096];
	const SwarmResult *r = k->result;
	SwarmShrunk sh = { .note = note };
	SwarmDdminResult dd = { 0 };
	size_t *kept = NULL;
	snprintf(note, sizeof note, "not shrunk: the scenario recorded no plan (pg.swarm.plan)");
	if (r->planned) {
		bool *mask = malloc(r->nsteps ? r->nsteps : 1);
		ShrinkTry c = { s, k->seed, r->check, r->nsteps, mask, false };
		if (mask && swarm_ddmin(r->nsteps, s->a->shrink_trials, try_round, &c, &dd) &&
		    (kept = malloc((dd.nkept ? dd.nkept : 1) * sizeof *kept))) {
			for (size_t i = 0, n = 0; i < r->nsteps; i++)
				if (dd.keep[i])
					kept[n++] = i;
			sh = (SwarmShrunk){ kept, dd.nkept, dd.trials, dd.exhausted || c.broken, NULL, false, note };
			write_shrunk(s, k, dd.keep, &sh, path, sizeof path, note, sizeof note);
		} else {
			snprintf(note, sizeof note, "not shrunk: out of memory");
		}
		free(mask);
	}
	SwarmFailure f = failure_of(r, k->seed, k->replay);
	f.shrunk = &sh;
	swarm_print_shrunk(s->human, &f);
	if (s->report)
		swarm_report_add_shrunk(s->report, k->seed, &sh);
	free(kept);
	free(dd.keep);
}

/* ---------------------------------------------------------------- the command */

static int write_outputs(const SwarmArgs *a, SwarmReport *report, const SwarmSweep *sw)
{
	char err[512];
	int rc = 0;
	if (a->json && !swarm_report_write_json(report, sw, a->json, err, sizeof err)) {
		fprintf(stderr, "%s swarm: %s\n", a->prog, err);
		rc = 2;
	}
	if (a->junit && !swarm_report_write_junit(report, sw, a->junit, err, sizeof err)) {
		fprintf(stderr, "%s swarm: %s\n", a->prog, err);
		rc = 2;
	}
	return rc;
}

/* Creates the --json and --junit files before the sweep: a path that cannot be written is
 * better found now than after a million seeds. */
static bool outputs_writable(const SwarmArgs *a)
{
	const char *paths[] = { a->json, a->junit };
	for (int i = 0; i < 2; i++) {
		FILE *f = paths[i] && strcmp(paths[i], "-") != 0 ? fopen(paths[i], "w") : NULL;
		if (paths[i] && strcmp(paths[i], "-") != 0 && !f) {
			fprintf(stderr, "%s swarm: cannot write %s: %s\n", a->prog, paths[i], strerror(errno));
			return false;
		}
		if (f)
			fclose(f);
	}
	return true;
}

/* The online cores; no more than there are seeds, unless shrinking wants them all. */
static int default_jobs(const SwarmArgs *a, uint64_t seeds)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	n = n < 1 ? 1 : n > SWARM_MAX_JOBS ? SWARM_MAX_JOBS : n;
	return !a->shrink && seeds > 0 && (uint64_t)n > seeds ? (int)seeds : (int)n;
}

/* Sweeps, shrinks, reports; the exit code. */
static int swarm_run(SwarmArgs *a, Sweep *s)
{
	bool flags[1] = { true }, *shards = a->shard_n > 1 ? calloc(a->shard_n, sizeof *shards) : flags;
	if (!shards || !s->ring || (!s->report && (a->json || a->junit)) || !s->pool) {
		fprintf(stderr, "%s swarm: out of memory, or no temporary file for --json/--junit\n", a->prog);
		return 2;
	}
	shards[a->shard_k - 1] = true;
	double start = wall_seconds();
	int rc = run_sweep(s);
	double secs = wall_seconds() - start;
	if (rc == 0) {
		for (size_t i = 0; i < s->nkept; i++)
			shrink_one(s, &s->kept[i]);
		if (a->shrink && s->failed > s->nkept)
			fprintf(stderr, "%s swarm: --shrink shrank the first %zu of %" PRIu64 " failing seeds\n", a->prog,
			        s->nkept, s->failed);
		swarm_print_summary(s->human, s->hi - s->lo, s->failed, secs);
		SwarmSweep sw = { .program = a->prog, .scenario = a->run.file, .args = (const char *const *)a->run.args,
		                  .nargs = a->run.nargs, .budget = a->run.budget, .first = a->first, .seeds = a->seeds,
		                  .shard_count = a->shard_n, .shards = shards, .seeds_run = s->hi - s->lo,
		                  .failed = s->failed, .wall_seconds = secs };
		rc = write_outputs(a, s->report, &sw);
		rc = rc ? rc : s->failed ? 1 : 0;
	}
	if (shards != flags)
		free(shards);
	return rc;
}

int swarm_main(int argc, char **argv)
{
	SwarmArgs a = { .prog = argv[0], .argc = argc, .argv = argv, .first = 1, .shard_k = 1, .shard_n = 1,
	                .seed_timeout_s = 600 };
	pgrun_options_default(&a.run);
	int rc = parse_args(argc, argv, &a);
	if (rc) {
		free(a.inputs);
		return rc < 0 ? 0 : rc;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);              /* keep order with stderr */
	FILE *human = a.json && strcmp(a.json, "-") == 0 ? stderr : stdout;
	if (!a.merge && !outputs_writable(&a)) {
		free(a.inputs);
		return 2;
	}
	if (a.merge) {
		rc = swarm_merge(a.prog, a.inputs, a.ninputs, a.json, a.junit, human);
		free(a.inputs);
		return rc;
	}
	a.run.quiet = !a.verbose;
	a.shrink_dir = a.shrink_dir ? a.shrink_dir : ".";
	a.shrink_trials = a.shrink_trials ? a.shrink_trials : 200;
	Sweep s = { .a = &a, .human = human };
	swarm_shard_range(a.first, a.seeds, a.shard_k, a.shard_n, &s.lo, &s.hi);
	a.jobs = a.jobs ? a.jobs : default_jobs(&a, s.hi - s.lo);
	SwarmPoolOptions po = { a.jobs, a.seed_timeout_s, a.verbose, SWARM_OUTPUT_MAX, run_trial, &a };
	s.pool = swarm_pool_create(&po);
	s.window = 64 * (size_t)a.jobs;
	s.ring = calloc(s.window, sizeof *s.ring);
	s.report = a.json || a.junit ? swarm_report_create() : NULL;
	rc = swarm_run(&a, &s);
	swarm_pool_destroy(s.pool);
	for (size_t i = 0; i < s.window && s.ring; i++)
		swarm_result_free(s.ring[i]);
	for (size_t i = 0; i < s.nkept; i++) {
		swarm_result_free(s.kept[i].result);
		free(s.kept[i].replay);
	}
	free(s.ring);
	swarm_report_destroy(s.report);
	free(a.inputs);
	return rc;
}
