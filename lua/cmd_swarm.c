/*
 * cmd_swarm.c — `playground swarm`: one scenario over a range of seeds, like TigerBeetle's
 * VOPR or FoundationDB's simulator: each seed with a fresh simulation and Lua state, in forked
 * worker processes that run seed after seed (swarm_pool.c), -j of them at a time, results printed in seed order so the output does not depend on
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
#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cliopt.h"
#include "lutil.h"
#include "runner.h"
#include "swarm_pool.h"
#include "swarm_report.h"
#include "swarm_shrink.h"

#define SWARM_SHRINK_MAX_SEEDS  10                /* failing seeds --shrink works on per run */
#define SWARM_OUTPUT_MAX        ((size_t)8 << 20) /* --verbose output kept per seed */
#define SWARM_MAX_SHARDS        1000000u
#define SWARM_MAX_SEED          ((uint64_t)INT64_MAX)  /* pg.up{seed} and JSON integers */

typedef struct SwarmShard {
	unsigned k, n;                /* the K-th of N slices, 1 <= K <= N */
} SwarmShard;

typedef struct SwarmArgs {
	const char *prog;             /* argv[0] */
	int argc;                     /* main's, for the shrunk scenario's header */
	char **argv;
	PgRunOptions run;             /* file, args, budget, quiet */
	uint64_t seeds, first;        /* --seeds N --first S */
	bool verbose;                 /* --verbose */
	uint64_t jobs_option;         /* -j N as given; 0: not given */
	int jobs;                     /* children at a time */
	SwarmShard shard;             /* --shard K/N (1/1 without) */
	int64_t seed_timeout_us;      /* --seed-timeout, wall µs */
	double seed_timeout_s;        /* the same in seconds, for the pool */
	bool shrink;                  /* --shrink */
	uint64_t shrink_trials;       /* --shrink-trials N */
	const char *shrink_dir;       /* --shrink-dir DIR */
	const char *junit, *json;     /* --junit FILE, --json FILE|- */
	char scratch[64];             /* the sweep's directory for its trials' own, "" none */
	bool merge;                   /* --merge FILE.json … */
	CliParsed parsed;             /* its words: FILE.lua, or the JSON files of --merge */
	char **inputs;                /* = parsed.words */
	int ninputs;
} SwarmArgs;

/* "K/N" with 1 <= K <= N <= SWARM_MAX_SHARDS (CliParseFn). */
static bool parse_shard(const char *s, void *dest, char *why, size_t len)
{
	char buf[64];
	const char *slash = strchr(s, '/');
	uint64_t kk = 0, nn = 0;
	SwarmShard *shard = dest;
	(void)why;
	(void)len;
	if (!slash || slash == s || (size_t)(slash - s) >= sizeof buf || !slash[1])
		return false;
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = '\0';
	for (const char *p = buf; *p; p++)
		if (*p < '0' || *p > '9' || (kk = kk * 10 + (uint64_t)(*p - '0')) > SWARM_MAX_SHARDS)
			return false;
	for (const char *p = slash + 1; *p; p++)
		if (*p < '0' || *p > '9' || (nn = nn * 10 + (uint64_t)(*p - '0')) > SWARM_MAX_SHARDS)
			return false;
	if (kk < 1 || kk > nn)
		return false;
	*shard = (SwarmShard){ (unsigned)kk, (unsigned)nn };
	return true;
}

#define AT(field) offsetof(SwarmArgs, field)

static const CliOpt swarm_opts[] = {
	{ .name = "seeds", .kind = CLI_U64, .meta = "N", .at = AT(seeds), .u_min = 1, .unit = "seeds", .mandatory = true,
	  .help = "Run N seeds: S, S+1, ..., S+N-1." },
	{ .name = "first", .kind = CLI_U64, .meta = "S", .at = AT(first), .def = "1",
	  .help = "The first seed (S + N - 1 at most 9223372036854775807, pg.up's largest seed)." },
	{ .name = "jobs", .letter = 'j', .kind = CLI_U64, .meta = "N", .at = AT(jobs_option), .u_min = 1,
	  .u_max = SWARM_MAX_JOBS, .unit = "worker processes",
	  .def_note = "the online cores, no more than there are seeds unless --shrink",
	  .help = "Seeds running at once, in as many forked worker processes; the output does not depend on it." },
	{ .name = "shard", .kind = CLI_CUSTOM, .meta = "K/N", .at = AT(shard), .parse = parse_shard, .def = "1/1",
	  .expects = "K/N with 1 <= K <= N <= 1000000 (such as 2/8)",
	  .help = "Run only the K-th of N contiguous slices of the seeds; --merge reports the slices' --json "
	          "files as one sweep." },
	{ .name = "budget", .kind = CLI_U64, .meta = "N", .at = AT(run.budget), .u_min = 1, .unit = "Lua instructions",
	  .def_note = "200000000", .help = "Lua VM instructions each seed may execute." },
	{ .name = "seed-timeout", .kind = CLI_DURATION, .meta = "T", .at = AT(seed_timeout_us), .def = "600", .def_note = "ten minutes",
	  .us_min = 1, .us_max = INT64_C(7) * 86400 * 1000000,
	  .help = "A seed still running after T of wall-clock time is killed and fails with check timeout." },
	{ .name = "verbose", .kind = CLI_FLAG, .at = AT(verbose),
	  .help = "Show each seed's output (pg.log, print), in seed order." },
	{ .name = "shrink", .kind = CLI_FLAG, .at = AT(shrink),
	  .help = "Shrink the plan (pg.swarm.plan) of each of the first 10 failing seeds by ddmin to the steps "
	          "that make it fail, write it as a scenario and check that it fails the same way." },
	{ .name = "shrink-trials", .kind = CLI_U64, .meta = "N", .at = AT(shrink_trials), .def = "200", .u_min = 1,
	  .u_max = 1000000, .unit = "trials", .help = "Trials per shrunk seed, at most (with --shrink)." },
	{ .name = "shrink-dir", .kind = CLI_PATH, .meta = "DIR", .at = AT(shrink_dir), .def = ".", .def_note = "the working directory",
	  .help = "Where --shrink writes the shrunk scenarios (FILE-seed-K-shrunk.lua)." },
	{ .name = "junit", .kind = CLI_PATH, .meta = "FILE", .at = AT(junit),
	  .help = "Write a JUnit XML report: one testcase per seed, a failure with its check and schedule." },
	{ .name = "json", .kind = CLI_PATH, .meta = "FILE|-", .at = AT(json), .stdio = true,
	  .help = "Write the sweep as JSON (what --merge reads); with -, to standard output, and the "
	          "human-readable lines go to standard error." },
	{ .name = "merge", .kind = CLI_FLAG, .at = AT(merge),
	  .help = "Report the shards' --json files, given instead of FILE.lua, as one sweep." },
};

static const char *const swarm_also[] = { "--merge A.json B.json ... [--junit FILE] [--json FILE|-]", NULL };

const CliCommand swarm_cli = {
	.name = "swarm",
	.summary = "run one scenario over many seeds, in worker processes",
	.words = "FILE.lua",
	.word_noun = "scenario file",
	.max_words = -1,
	.rest = true,
	.rest_help = "Every word after -- reaches each seed's scenario as arg[1], arg[2], ...",
	.also = swarm_also,
	.description =
		"Runs the scenario once per seed in forked worker processes, each seed with a fresh simulation "
		"and a fresh Lua state, the seed forced as run --seed would. Results are printed in seed order, so the output does "
		"not depend on -j. A failing seed prints its failure, the check that failed, its schedule "
		"(pg.swarm.plan) and the command that replays it. The last line is swarm: N seeds, F failed, "
		"X seeds/s. A seed that crashes or times out is a failed seed, never a dead runner. "
		"docs/swarm.md has the details.",
	.exit_status = "0 every seed passed; 1 a seed failed; 2 a usage error, an output file that cannot "
	               "be written, or a scenario that does not load.",
	.opts = swarm_opts,
	.nopts = sizeof swarm_opts / sizeof swarm_opts[0],
};

/* An option other than --junit, --json and --merge was given (they make no sense with --merge). */
static bool sweep_option_given(const CliParsed *p)
{
	for (size_t i = 0; i < swarm_cli.nopts; i++) {
		const char *name = swarm_opts[i].name;
		if (((p->given >> i) & 1) && strcmp(name, "junit") != 0 && strcmp(name, "json") != 0 &&
		    strcmp(name, "merge") != 0)
			return true;
	}
	return false;
}

/* Returns 0, CLI_HELP after --help, or the exit code of a usage error. */
static int parse_args(int argc, char **argv, SwarmArgs *a)
{
	const CliCommand *c = &swarm_cli;
	int rc = cli_parse_or_report(c, argc, argv, a, &a->parsed);
	if (rc)
		return rc;
	a->inputs = a->parsed.words;
	a->ninputs = a->parsed.nwords;
	a->run.args = a->parsed.rest;
	a->run.nargs = a->parsed.nrest;
	a->seed_timeout_s = (double)a->seed_timeout_us / 1e6;
	if (a->merge) {
		if (sweep_option_given(&a->parsed) || a->parsed.rest)
			return cli_usage_error(c, a->prog, "--merge takes JSON files and only --json and --junit");
		return a->ninputs ? 0 : cli_usage_error(c, a->prog, "--merge needs the shards' JSON files");
	}
	if (a->ninputs == 0)
		return cli_usage_error(c, a->prog, "no scenario file given");
	if (a->ninputs > 1)
		return cli_usage_error(c, a->prog, "one scenario file at a time; extra argument '%s'", a->inputs[1]);
	a->run.file = a->inputs[0];
	if (!cli_given(c, &a->parsed, "seeds"))
		return cli_usage_error(c, a->prog, "--seeds N is required");
	if (a->first > SWARM_MAX_SEED || a->seeds - 1 > SWARM_MAX_SEED - a->first)
		return cli_usage_error(c, a->prog, "the seeds must stay at most 9223372036854775807 (pg.up's largest seed)");
	if (!a->shrink && (cli_given(c, &a->parsed, "shrink-dir") || cli_given(c, &a->parsed, "shrink-trials")))
		return cli_usage_error(c, a->prog, "--shrink-trials and --shrink-dir go with --shrink");
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
	 * scenario and the trace see stay as they are (./savepoints/…). It is made in the
	 * sweep's directory, which the runner removes at the end: a trial killed at its
	 * deadline or after a shrink round cannot remove its own. */
	char dir[sizeof a->scratch + 16];
	snprintf(dir, sizeof dir, "%s/trial-XXXXXX", a->scratch);
	o.host_root = a->scratch[0] ? mkdtemp(dir) : NULL;
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
	bool *mask;                   /* a candidate (reused: the pool sends a copy) */
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

/* The sweep's directory for its trials' directories (run_trial): in memory where there is a
 * tmpfs (a disk's directory operations were a tenth of a trial), else in /tmp. */
static void make_scratch(SwarmArgs *a)
{
	const char *roots[] = { "/dev/shm", "/tmp" };
	for (int i = 0; i < 2; i++) {
		snprintf(a->scratch, sizeof a->scratch, "%s/playground-swarm-XXXXXX", roots[i]);
		if (mkdtemp(a->scratch))
			return;
	}
	a->scratch[0] = '\0';
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
	bool flags[1] = { true }, *shards = a->shard.n > 1 ? calloc(a->shard.n, sizeof *shards) : flags;
	if (!shards || !s->ring || (!s->report && (a->json || a->junit)) || !s->pool) {
		fprintf(stderr, "%s swarm: out of memory, or no temporary file for --json/--junit\n", a->prog);
		return 2;
	}
	shards[a->shard.k - 1] = true;
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
		                  .shard_count = a->shard.n, .shards = shards, .seeds_run = s->hi - s->lo,
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
	SwarmArgs a = { .prog = argv[0], .argc = argc, .argv = argv };
	pgrun_options_default(&a.run);
	int rc = parse_args(argc, argv, &a);
	if (rc) {
		cli_parsed_free(&a.parsed);
		return rc == CLI_HELP ? 0 : rc;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);              /* keep order with stderr */
	FILE *human = a.json && strcmp(a.json, "-") == 0 ? stderr : stdout;
	if (!a.merge && !outputs_writable(&a)) {
		cli_parsed_free(&a.parsed);
		return 2;
	}
	if (a.merge) {
		rc = swarm_merge(a.prog, (const char *const *)a.inputs, a.ninputs, a.json, a.junit, human);
		cli_parsed_free(&a.parsed);
		return rc;
	}
	a.run.quiet = !a.verbose;
	Sweep s = { .a = &a, .human = human };
	swarm_shard_range(a.first, a.seeds, a.shard.k, a.shard.n, &s.lo, &s.hi);
	a.jobs = a.jobs_option ? (int)a.jobs_option : default_jobs(&a, s.hi - s.lo);
	make_scratch(&a);                              /* before the workers: they see its name */
	SwarmPoolOptions po = { a.jobs, a.seed_timeout_s, a.verbose, SWARM_OUTPUT_MAX, run_trial, &a };
	s.pool = swarm_pool_create(&po);
	s.window = 64 * (size_t)a.jobs;
	s.ring = calloc(s.window, sizeof *s.ring);
	s.report = a.json || a.junit ? swarm_report_create() : NULL;
	rc = swarm_run(&a, &s);
	swarm_pool_destroy(s.pool);                    /* every worker gone: nothing writes there now */
	if (a.scratch[0])
		remove_tree(a.scratch);
	for (size_t i = 0; i < s.window && s.ring; i++)
		swarm_result_free(s.ring[i]);
	for (size_t i = 0; i < s.nkept; i++) {
		swarm_result_free(s.kept[i].result);
		free(s.kept[i].replay);
	}
	free(s.ring);
	swarm_report_destroy(s.report);
	cli_parsed_free(&a.parsed);
	return rc;
}
