/*
 * cmd_run.c — `playground run`: one scenario, one seed. (`playground swarm`, the same over
 * many seeds, is cmd_swarm.c.) Its options are the table below (cliopt.h).
 *
 * Standard output carries the scenario's output and the trace hash, unless `--trace -` or
 * `--json -` claims it for a machine-readable stream; those go to standard error then, so
 * the stream stays clean for the reader of the pipe.
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <time.h>

#include "cli.h"
#include "cliopt.h"
#include "http.h"
#include "rest/rest.h"
#include "run_summary.h"
#include "runner.h"

typedef struct RunArgs {
	PgRunOptions run;             /* file, seed, budget, args, narrate, exporters' paths */
	const char *trace_path;       /* --trace FILE|-, or NULL */
	const char *json_path;        /* --json FILE|-, or NULL */
	bool live;                    /* --live: paced at --speed, the REST API on --port */
	double speed;                 /* simulated seconds per wall second; 0 = max */
	uint64_t port;                /* 0: no HTTP */
} RunArgs;

_Static_assert(PG_DEFAULT_BUDGET == 200000000ull, "update --budget's default in run's table");

#define AT(field) offsetof(RunArgs, field)

static const CliOpt run_opts[] = {
	{ .name = "seed", .kind = CLI_U64, .meta = "N", .at = AT(run.seed),
	  .help = "The run's seed; overrides pg.up{ seed = ... }.", .def_note = "the seed pg.up is given, else 1" },
	{ .name = "trace", .kind = CLI_PATH, .meta = "FILE|-", .at = AT(trace_path), .stdio = true,
	  .help = "Write every trace line to FILE (docs/trace-format.md); with -, to standard output, "
	          "and the scenario's output and the trace hash go to standard error." },
	{ .name = "json", .kind = CLI_PATH, .meta = "FILE|-", .at = AT(json_path), .stdio = true,
	  .help = "After the run, write its summary to FILE as one JSON object: the verdict (passed, "
	          "expectation-failed, error, unloadable), the failure and its FILE:LINE, the window check "
	          "of the output topic, restarts and checkpoints of every job, the simulated time and the "
	          "trace hash. With -, to standard output (the rest goes to standard error)." },
	{ .name = "timeline", .kind = CLI_PATH, .meta = "FILE.json", .at = AT(run.timeline_path),
	  .help = "Write the run as a Perfetto / Chrome trace-event timeline (open it in ui.perfetto.dev "
	          "or chrome://tracing)." },
	{ .name = "metrics", .kind = CLI_PATH, .meta = "FILE.csv", .at = AT(run.metrics_path),
	  .help = "Write the jobs' and the broker's metrics, sampled each simulated second, as CSV." },
	{ .name = "narrate", .kind = CLI_FLAG, .at = AT(run.narrate),
	  .help = "Print a learner's selection of the trace as it happens, between the scenario's own lines." },
	{ .name = "live", .kind = CLI_FLAG, .at = AT(live),
	  .help = "Run with the wall clock (at --speed) and serve the REST API on 127.0.0.1:--port while the "
	          "scenario runs, so `curl localhost:8081/jobs` from another terminal sees the job as it goes. "
	          "Requests take effect at the simulated instant the run has reached and are in the trace "
	          "(http GET /jobs), so such a run is not repeated by running the file again." },
	{ .name = "speed", .kind = CLI_CUSTOM, .meta = "X|max", .at = AT(speed), .def = "1", .parse = cli_parse_speed,
	  .expects = "a number more than 0 and at most 1000000 (simulated seconds per wall-clock second), or max",
	  .help = "With --live: simulated time runs X times as fast as the wall clock (max: as fast as it can)." },
	{ .name = "port", .kind = CLI_U64, .meta = "P", .at = AT(port), .def = "8081", .u_max = 65535,
	  .help = "With --live: the REST API's port on 127.0.0.1; 0 serves nothing." },
	{ .name = "budget", .kind = CLI_U64, .meta = "N", .at = AT(run.budget), .u_min = 1, .unit = "Lua instructions",
	  .help = "Lua VM instructions the scenario may execute before it is stopped with an error naming "
	          "its line.", .def_note = "200000000" },
};

const CliCommand run_cli = {
	.name = "run",
	.summary = "run one scenario",
	.words = "FILE.lua",
	.word_noun = "scenario file",
	.max_words = 1,
	.rest = true,
	.rest_help = "Every word after -- reaches the scenario as arg[1], arg[2], ... (arg[0] is the file).",
	.description =
		"Runs the Lua scenario FILE.lua against the simulated playground, once, with one seed. "
		"The same file, seed and binary give byte-identical output and trace on every run and "
		"machine. The last line is trace-hash: followed by 16 hex digits, a hash of the whole trace.",
	.exit_status =
		"0 the scenario ran to its end; 1 an expectation failed or the scenario raised an error "
		"(the message names FILE:LINE, the simulated time and the seed); 2 a usage error, or a file "
		"that is missing or does not load.",
	.opts = run_opts,
	.nopts = sizeof run_opts / sizeof run_opts[0],
};

/* ---------------------------------------------------------------- --live */

/* A live run: simulated time follows the wall clock at `speed`, and the HTTP server is
 * polled between steps, so each request lands at the simulated instant reached. */
typedef struct Live {
	double speed;                 /* 0 = max */
	PgHttp *http;
	Sim *sim;                     /* the run's, once pg.up made it */
	bool anchored;
	double wall0;                 /* the wall clock (s) when simulated time was sim0 */
	SimTime sim0;
} Live;

#define LIVE_STEP_US (20 * SIM_US_PER_MS)   /* simulated time between two looks at the port, at 1x */

static double wall_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* s for a terminal: a client's control and non-ASCII bytes (an escape sequence in a request
 * target) shown as \xHH rather than sent to it; cut to fit buf. */
static const char *printable(char *buf, size_t len, const char *s)
{
	size_t n = 0;
	for (; *s && n + 5 < len; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c >= 0x7f)
			n += (size_t)snprintf(buf + n, len - n, "\\x%02x", c);
		else
			buf[n++] = (char)c;
	}
	buf[n] = '\0';
	return buf;
}

static int live_request(void *ctx, const char *method, const char *uri, const char *content_type,
                        const char *body, size_t body_len, char **answer)
{
	Live *l = ctx;
	if (!l->sim || !sim_jobmanager_reachable(l->sim)) {  /* nothing listens yet, or any more */
		*answer = strdup("{\"errors\":[\"connection refused: jobmanager\"]}");
		return REST_STATUS_UNREACHABLE;
	}
	int status = content_type ? pg_http_exchange_typed(l->sim, method, uri, content_type, body, body_len, answer)
	                          : pg_http_exchange(l->sim, method, uri, body, answer);
	char m[64], u[1024];
	fprintf(stderr, "[%10.3fs] http %s %s: %d\n", PG_SECONDS(sim_now(l->sim)), printable(m, sizeof m, method),
	        printable(u, sizeof u, uri), status);
	return status;
}

static void live_on_sim(void *ctx, Sim *s)
{
	Live *l = ctx;
	l->sim = s;
	l->anchored = false;
}

static bool live_advance(void *ctx, Sim *s, SimTime until)
{
	Live *l = ctx;
	if (!l->anchored) {
		l->wall0 = wall_s();
		l->sim0 = sim_now(s);
		l->anchored = true;
	}
	while (sim_now(s) < until) {
		SimTime step = l->speed > 0 ? (SimTime)(LIVE_STEP_US * (l->speed < 1 ? 1 : l->speed)) : 100 * SIM_US_PER_MS;
		sim_run_until(s, sim_now(s) + step < until ? sim_now(s) + step : until);
		double due = l->speed > 0 ? l->wall0 + PG_SECONDS(sim_now(s) - l->sim0) / l->speed : 0;
		do {
			double left = l->speed > 0 ? due - wall_s() : 0;   /* polled a second at most: an int */
			pghttp_poll(l->http, -1, left <= 0 ? 0 : left < 1 ? (int)(left * 1000) + 1 : 1000);
		} while (l->speed > 0 && wall_s() < due);
	}
	return true;
}

static bool live_start(Live *l, PgRunOptions *o, int port, const char *prog)
{
	char err[300];
	if (port && !(l->http = pghttp_start(port, live_request, l, err, sizeof err))) {
		fprintf(stderr, "%s run: %s\n", prog, err);
		return false;
	}
	o->advance = live_advance;
	o->advance_ctx = l;
	o->on_sim = live_on_sim;
	o->on_sim_ctx = l;
	if (l->http)
		fprintf(stderr, "the REST API is on http://127.0.0.1:%d while the scenario runs\n", pghttp_port(l->http));
	return true;
}

static void live_stop(Live *l)
{
	pghttp_stop(l->http);
	l->http = NULL;
}

/* Opens path for writing ("-": stdout); NULL after reporting why. */
static FILE *open_output(const char *prog, const char *what, const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
	if (!f)
		fprintf(stderr, "%s run: cannot write the %s to %s: %s\n", prog, what, path, strerror(errno));
	return f;
}

/* Closes f (flushes stdout); false after reporting a write error (or ok false: one before). */
static bool close_output(const char *prog, const char *what, const char *path, FILE *f, bool ok)
{
	ok = ok && !ferror(f);
	if (f == stdout ? fflush(f) != 0 : fclose(f) != 0)
		ok = false;
	if (!ok)
		fprintf(stderr, "%s run: error writing the %s to %s\n", prog, what, path);
	return ok;
}

/* Parses and checks run's command line; 0, CLI_HELP or 2. */
static int parse_args(int argc, char **argv, RunArgs *a)
{
	CliParsed p;
	int rc = cli_parse_or_report(&run_cli, argc, argv, a, &p);
	if (rc)
		return rc;
	a->run.seed_given = cli_given(&run_cli, &p, "seed");
	bool given_speed = cli_given(&run_cli, &p, "speed"), given_port = cli_given(&run_cli, &p, "port");
	a->run.file = p.nwords ? p.words[0] : NULL;
	a->run.args = p.rest;
	a->run.nargs = p.nrest;
	cli_parsed_free(&p);
	if (!a->run.file)
		return cli_usage_error(&run_cli, argv[0], "no scenario file given");
	if (a->trace_path && a->json_path && strcmp(a->trace_path, "-") == 0 && strcmp(a->json_path, "-") == 0)
		return cli_usage_error(&run_cli, argv[0], "--trace - and --json - cannot both write to standard output");
	if (!a->live && (given_speed || given_port))
		return cli_usage_error(&run_cli, argv[0], "--%s goes with --live", given_speed ? "speed" : "port");
	return 0;
}

int run_main(int argc, char **argv)
{
	RunArgs a = { 0 };             /* a flag not given (--live) stays false: the parser sets only what it sees */
	const char *prog = argv[0];
	pgrun_options_default(&a.run);
	a.trace_path = a.json_path = NULL;
	int rc = parse_args(argc, argv, &a);
	if (rc)
		return rc == CLI_HELP ? 0 : rc;
	setvbuf(stdout, NULL, _IOLBF, 0);              /* keep order with stderr; survive aborts */
	bool stdout_taken = (a.trace_path && strcmp(a.trace_path, "-") == 0) || (a.json_path && strcmp(a.json_path, "-") == 0);
	FILE *human = stdout_taken ? stderr : stdout, *json = NULL;
	a.run.out = human;
	if (a.trace_path && !(a.run.trace = open_output(prog, "trace", a.trace_path)))
		return 2;
	if (a.json_path && !(json = open_output(prog, "summary", a.json_path))) {
		if (a.run.trace && a.run.trace != stdout)
			fclose(a.run.trace);
		return 2;
	}
	Live live = { .speed = a.speed };
	if (a.live && !live_start(&live, &a.run, (int)a.port, prog)) {
		if (a.run.trace && a.run.trace != stdout)
			fclose(a.run.trace);
		if (json && json != stdout)
			fclose(json);
		return 2;
	}
	PgRun *r = pgrun_create(&a.run);
	PgRunStatus st = r ? pgrun_exec(r) : PGRUN_UNLOADABLE;
	live_stop(&live);
	fflush(human);
	if (st != PGRUN_OK)
		fprintf(stderr, "%s\n%s", r ? pgrun_message(r) : "out of memory", r ? pgrun_traceback(r) : "");
	if (st != PGRUN_UNLOADABLE)
		fprintf(human, "trace-hash: %016" PRIx64 "\n", pgrun_trace_hash(r));
	bool written = true;
	if (a.run.trace)
		written = close_output(prog, "trace", a.trace_path, a.run.trace, true);
	if (json)
		written = close_output(prog, "summary", a.json_path, json, run_summary_write(json, r, st, a.run.file)) &&
		          written;
	pgrun_destroy(r);
	return !written && st == PGRUN_OK ? 1 : (int)st;
}
