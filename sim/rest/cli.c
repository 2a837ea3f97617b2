/*
 * cli.c — Flink's command-line client (CliFrontend) over a Sim, as the release modelled prints
 * it: Flink 1.9 by default (the seed tutorial's texts), 1.13 with playground.flink-version.
 *
 * Arguments are parsed the way commons-cli's DefaultParser does for each action (options
 * anywhere; for `run`, everything from the jar file on belongs to the program), errors
 * print the CLI's two kinds of failure text: an argument error (CliArgsException: the
 * message and the hint to use -h) and a failed command (the framed "The program finished
 * with the following exception" block, one "Caused by" line instead of Java's stack).
 * The model is read and driven through sim.h only; the REST module's views answer `list`.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli_help.h"
#include "core/timefmt.h"
#include "rest.h"
#include "rest_views.h"

#define MAX_OPTS    12
#define MAX_ARGS    64
#define JM_ADDRESS  "jobmanager:8081"

typedef enum CliWait { WAIT_NONE, WAIT_SAVEPOINT, WAIT_JOB_END } CliWait;

struct CliCall {
	bool    v19;              /* the Flink 1.9 client (else 1.13) */
	char   *out;              /* everything printed so far, NUL-terminated */
	size_t  len, cap;         /* bytes used / allocated in out */
	int     exit_code;        /* 0 success, 1 error */
	CliWait wait;             /* what cli_done waits for */
	SimTime deadline;         /* client.timeout for WAIT_SAVEPOINT, model time; -1 none (1.9) */
	bool    stop;             /* the savepoint stops the job (flink stop) */
	bool    drain;            /* stop --drain */
	char    job_id[33];       /* the job the call acts on */
	char    trigger[33];      /* the savepoint trigger id */
};

/* ---------------------------------------------------------------- output */

static void emit(CliCall *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void emit(CliCall *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (c->len + (size_t)n + 1 > c->cap) {
		size_t cap = (c->cap ? c->cap * 2 : 256) + (size_t)n;
		char *grown = realloc(c->out, cap);
		if (!grown)
			return;
		c->out = grown;
		c->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(c->out + c->len, c->cap - c->len, fmt, ap);
	va_end(ap);
	c->len += (size_t)n;
}

/* CliFrontend.handleArgException. */
static void arg_error(CliCall *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void arg_error(CliCall *c, const char *fmt, ...)
{
	char msg[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	emit(c, "%s\n\nUse the help option (-h or --help) to get help on the command.\n", msg);
	c->exit_code = 1;
	c->wait = WAIT_NONE;
}

/* CliFrontend.handleError: the exception and its cause, without stack frames. */
static void fail(CliCall *c, const char *exception, const char *cause)
{
	emit(c, "\n------------------------------------------------------------\n"
	        " The program finished with the following exception:\n\n%s\n", exception);
	if (cause && cause[0])
		emit(c, "Caused by: %s\n", cause);
	c->exit_code = 1;
	c->wait = WAIT_NONE;
}

static const char *connection_refused(void)
{
	return "java.net.ConnectException: Connection refused: " JM_ADDRESS;
}

/* ---------------------------------------------------------------- arguments */

typedef enum OptArg { ARG_NONE, ARG_REQUIRED, ARG_OPTIONAL } OptArg;

typedef struct OptSpec {
	const char *shortname;    /* "p", "sae" */
	const char *longname;     /* "parallelism" */
	OptArg arg;
} OptSpec;

typedef struct Parsed {
	bool        set[MAX_OPTS];     /* option i given */
	const char *value[MAX_OPTS];   /* its argument, NULL if none */
	const char *args[MAX_ARGS];    /* positional arguments (run: the jar, then the program's) */
	int         nargs;
} Parsed;

static int find_opt(const OptSpec *spec, const char *token, const char **attached)
{
	*attached = NULL;
	if (token[1] == '-') {                              /* --long or --long=value */
		const char *name = token + 2, *eq = strchr(name, '=');
		size_t n = eq ? (size_t)(eq - name) : strlen(name);
		for (int i = 0; spec[i].shortname; i++)
			if (strlen(spec[i].longname) == n && strncmp(spec[i].longname, name, n) == 0) {
				*attached = eq ? eq + 1 : NULL;
				return i;
			}
		return -1;
	}
	for (int i = 0; spec[i].shortname; i++)             /* -p, -sae */
		if (strcmp(spec[i].shortname, token + 1) == 0)
			return i;
	for (int i = 0; spec[i].shortname; i++)             /* -p3 */
		if (spec[i].arg != ARG_NONE && strlen(spec[i].shortname) == 1 && token[1] == spec[i].shortname[0]) {
			*attached = token + 2;
			return i;
		}
	return -1;
}

/* commons-cli's isArgument: a token is an option's value unless it names a known option
 * (negative numbers are values). */
static bool is_option_token(const OptSpec *spec, const char *t)
{
	const char *attached;
	if (t[0] != '-' || t[1] == '\0')
		return false;
	if (t[1] >= '0' && t[1] <= '9')
		return false;
	return strcmp(t, "--") == 0 || find_opt(spec, t, &attached) >= 0;
}

static void add_arg(Parsed *p, const char *a)
{
	if (p->nargs < MAX_ARGS)
		p->args[p->nargs++] = a;
}

/* commons-cli DefaultParser. stop_at_non_option (run): the first token that is not a known
 * option and everything after it are positional. False after printing the argument error. */
static bool parse_args(CliCall *c, const OptSpec *spec, int argc, const char *const *argv,
                       bool stop_at_non_option, Parsed *p)
{
	memset(p, 0, sizeof *p);
	bool options_over = false;
	for (int i = 0; i < argc; i++) {
		const char *t = argv[i];
		if (options_over || t[0] != '-' || t[1] == '\0') {
			add_arg(p, t);
			options_over |= stop_at_non_option;
			continue;
		}
		if (strcmp(t, "--") == 0) {
			options_over = true;
			continue;
		}
		const char *attached;
		int k = find_opt(spec, t, &attached);
		if (k < 0) {
			if (stop_at_non_option) {
				add_arg(p, t);
				options_over = true;
				continue;
			}
			arg_error(c, "Unrecognized option: %s", t);
			return false;
		}
		p->set[k] = true;
		if (spec[k].arg == ARG_NONE)
			continue;
		if (attached)                            /* -p3, --parallelism=3 */
			p->value[k] = attached;
		else if (i + 1 < argc && !is_option_token(spec, argv[i + 1]))
			p->value[k] = argv[++i];
		else if (spec[k].arg == ARG_REQUIRED) {
			arg_error(c, "Missing argument for option: %s", spec[k].shortname);
			return false;
		}
	}
	return true;
}

/* CliFrontend.parseJobId. */
static bool parse_job_id(CliCall *c, const char *text)
{
	if (!text) {
		arg_error(c, "Missing JobId");
		return false;
	}
	if (!rest_is_hex_id(text)) {
		arg_error(c, "Cannot parse JobID from \"%s\". The expected format is [0-9a-fA-F]{32}, "
		          "e.g. fd72014d4c864993a2e5a9287b4a9c5d.", text);
		return false;
	}
	for (int i = 0; i < 32; i++)
		c->job_id[i] = (char)((text[i] >= 'A' && text[i] <= 'F') ? text[i] - 'A' + 'a' : text[i]);
	c->job_id[32] = '\0';
	return true;
}

/* A savepoint path as the model takes it: Flink's "file:" URIs name host paths. */
static const char *host_path(const char *uri)
{
	if (strncmp(uri, "file://", 7) == 0)
		return uri + 7;
	return strncmp(uri, "file:", 5) == 0 ? uri + 5 : uri;
}

static bool is_default_savepoint_dir(const Sim *s, const char *dir)
{
	if (!dir)
		return true;
	const char *want = sim_options(s)->config.savepoints_dir, *have = host_path(dir);
	size_t n = strlen(have), m = strlen(want);
	while (n > 1 && have[n - 1] == '/') n--;
	while (m > 1 && want[m - 1] == '/') m--;
	return n == m && strncmp(have, want, n) == 0;
}

/* ---------------------------------------------------------------- list */

typedef struct ListedJob {
	JobInfo info;
	int64_t start_ms;     /* JobStatusMessage.getStartTime() */
	int     index;        /* submission order, the last tie-breaker */
} ListedJob;

static int listed_cmp(const void *a, const void *b)
{
	const ListedJob *x = a, *y = b;
	if (x->start_ms != y->start_ms)
		return x->start_ms < y->start_ms ? -1 : 1;
	int byname = strcasecmp(job_state_name(x->info.state), job_state_name(y->info.state));
	return byname ? byname : x->index - y->index;
}

/* printJobStatusMessages: by start time (grouped by state name first, then a stable sort). */
static void print_jobs(CliCall *c, ListedJob *jobs, int n)
{
	qsort(jobs, (size_t)n, sizeof *jobs, listed_cmp);
	for (int i = 0; i < n; i++) {
		char date[40];
		timefmt_cli(jobs[i].start_ms, date, sizeof date);
		emit(c, "%s : %s : %s (%s)\n", date, jobs[i].info.jid, jobs[i].info.name,
		     job_state_name(jobs[i].info.state));
	}
}

static void print_group(CliCall *c, const char *title, const char *none, ListedJob *jobs, int n)
{
	if (n == 0) {
		if (none)
			emit(c, "%s\n", none);
		return;
	}
	emit(c, "%s\n", title);
	print_jobs(c, jobs, n);
	emit(c, "--------------------------------------------------------------\n");
}

/* Splits the JobManager's jobs into running/restarting, scheduled and terminated. */
static int collect_jobs(const Sim *s, ListedJob *groups[3], int counts[3])
{
	int total = sim_job_count(s);
	for (int g = 0; g < 3; g++) {
		groups[g] = calloc((size_t)(total > 0 ? total : 1), sizeof *groups[g]);
		counts[g] = 0;
		if (!groups[g])
			return -1;
	}
	char id[33];
	for (int i = 0; sim_job_id_at(s, i, id); i++) {
		ListedJob lj = { .index = i };
		if (!rest_job_lookup(s, id, &lj.info))
			continue;
		lj.start_ms = rest_clock_ms(s, lj.info.start_time, 0);
		JobState st = lj.info.state;
		int g = (st == JOB_CREATED || st == JOB_INITIALIZING) ? 1 : job_state_is_terminal(st) ? 2 : 0;
		groups[g][counts[g]++] = lj;
	}
	return 0;
}

static void cmd_list(Sim *s, CliCall *c, int argc, const char *const *argv)
{
	static const OptSpec spec[] = {
		{ "r", "running", ARG_NONE }, { "s", "scheduled", ARG_NONE }, { "a", "all", ARG_NONE },
		{ "m", "jobmanager", ARG_REQUIRED }, { NULL, NULL, ARG_NONE },
	};
	Parsed p;
	if (!parse_args(c, spec, argc, argv, false, &p))
		return;
	bool all = p.set[2], running = p.set[0] || all, scheduled = p.set[1] || all;
	if (!p.set[0] && !p.set[1] && !all)
		running = scheduled = true;
	emit(c, "Waiting for response...\n");
	if (!sim_jobmanager_reachable(s)) {
		fail(c, "org.apache.flink.util.FlinkException: Failed to retrieve job list.", connection_refused());
		return;
	}
	ListedJob *groups[3] = { NULL, NULL, NULL };
	int counts[3];
	if (collect_jobs(s, groups, counts) == 0) {
		if (running)
			print_group(c, "------------------ Running/Restarting Jobs -------------------",
			            "No running jobs.", groups[0], counts[0]);
		if (scheduled)
			print_group(c, "----------------------- Scheduled Jobs -----------------------",
			            "No scheduled jobs.", groups[1], counts[1]);
		if (all)
			print_group(c, "---------------------- Terminated Jobs -----------------------",
			            NULL, groups[2], counts[2]);
	}
	for (int g = 0; g < 3; g++)
		free(groups[g]);
}

/* ---------------------------------------------------------------- run */

const char *cli_job_flags(const char *const *args, int n, JobOptions *jo)
{
	jo->checkpointing = jo->event_time = jo->backpressure = jo->chaining = false;
	for (int i = 0; i < n; i++) {
		const char *t = args[i];
		if (t[0] != '-')
			return t;
		const char *key = t + (t[1] == '-' ? 2 : 1);
		if (i + 1 < n && args[i + 1][0] != '-')
			i++;                                 /* the key's value, e.g. kafka:9092 */
		if (strcmp(key, "checkpointing") == 0) jo->checkpointing = true;
		else if (strcmp(key, "event-time") == 0) jo->event_time = true;
		else if (strcmp(key, "backpressure") == 0) jo->backpressure = true;
		else if (strcmp(key, "chaining") == 0) jo->chaining = true;
	}
	return NULL;
}

/* The playground's job reads its flags with ParameterTool: "--key [value]". A token that is
 * neither a key nor a key's value is an error of the program's main method. */
static bool program_flags(CliCall *c, const char *const *args, int n, JobOptions *jo)
{
	const char *bad = cli_job_flags(args, n, jo);
	if (!bad)
		return true;
	emit(c, "\n------------------------------------------------------------\n"
	        " The program finished with the following exception:\n\n"
	        "org.apache.flink.client.program.ProgramInvocationException: The main method caused an error: "
	        "Error parsing arguments '[");
	for (int k = 0; k < n; k++)
		emit(c, "%s%s", k ? ", " : "", args[k]);
	emit(c, "]' on '%s'. Please prefix keys with -- or -.\n", bad);
	c->exit_code = 1;
	return false;
}

/* ProgramOptions: -p must be a positive int. */
static bool parse_parallelism(CliCall *c, const char *text, int *out)
{
	char *end;
	long v = strtol(text, &end, 10);
	if (!text[0] || *end || v <= 0 || v > 0x7fffffffL) {
		arg_error(c, "The parallelism must be a positive number: %s", text);
		return false;
	}
	*out = (int)v;
	return true;
}

static void submit(Sim *s, CliCall *c, const JobOptions *jo, bool detached)
{
	if (c->v19)
		emit(c, "Starting execution of program\n");   /* CliFrontend.executeProgram */
	if (sim_job_submit(s, jo, c->job_id) != SIM_OK) {
		char cause[700];
		if (c->v19) {
			/* RestClusterClient.submitJob: the refusal comes back from the Dispatcher. */
			snprintf(cause, sizeof cause, "org.apache.flink.runtime.client.JobSubmissionException: Failed to submit "
			         "JobGraph.\nCaused by: %s", sim_error(s));
			fail(c, "org.apache.flink.client.program.ProgramInvocationException: Could not submit job", cause);
			return;
		}
		snprintf(cause, sizeof cause, "org.apache.flink.runtime.client.JobSubmissionException: %s", sim_error(s));
		fail(c, "org.apache.flink.client.program.ProgramInvocationException: The main method caused an error: "
		        "Failed to execute job 'Click Event Count'.", cause);
		return;
	}
	/* 1.9's CliFrontend.executeProgram prints the JobID of a detached submission only (an
	 * attached one ends with "Program execution finished"); 1.13's executor prints it always. */
	if (detached || !c->v19)
		emit(c, "Job has been submitted with JobID %s\n", c->job_id);
	c->wait = detached ? WAIT_NONE : WAIT_JOB_END;
}

static void cmd_run(Sim *s, CliCall *c, int argc, const char *const *argv)
{
	static const OptSpec spec[] = {
		{ "d", "detached", ARG_NONE }, { "p", "parallelism", ARG_REQUIRED },
		{ "s", "fromSavepoint", ARG_REQUIRED }, { "n", "allowNonRestoredState", ARG_NONE },
		{ "c", "class", ARG_REQUIRED }, { "C", "classpath", ARG_REQUIRED },
		{ "sae", "shutdownOnAttachedExit", ARG_NONE }, { "m", "jobmanager", ARG_REQUIRED },
		{ NULL, NULL, ARG_NONE },
	};
	static const char *const playground_args[] = {
		"--bootstrap.servers", "kafka:9092", "--checkpointing", "--event-time",
	};
	Parsed p;
	if (!parse_args(c, spec, argc, argv, true, &p))
		return;
	JobOptions jo;
	job_options_default(&jo);
	/* Without -p: parallelism.default (1; the playground's flink-conf.yaml does not set it). */
	jo.parallelism = (int)sim_options(s)->config.default_parallelism;
	if (p.set[1] && !parse_parallelism(c, p.value[1], &jo.parallelism))
		return;
	if (p.nargs == 0 && c->v19) {                /* RunOptions: no jar and no -py */
		arg_error(c, "Java program should be specified a JAR file.");
		return;
	}
	if (p.nargs > 0 && strcmp(p.args[0], CLI_JAR) != 0) {
		if (c->v19)                              /* the FileNotFoundException is the cause only */
			arg_error(c, "Could not build the program from JAR file.");
		else
			arg_error(c, "Could not get job jar and dependencies from JAR file: JAR file does not exist: %s",
			          p.args[0]);
		return;
	}
	bool ok = p.nargs > 0 ? program_flags(c, p.args + 1, p.nargs - 1, &jo)
	                      : program_flags(c, playground_args, 4, &jo);
	if (!ok)
		return;
	jo.savepoint = p.set[2] ? host_path(p.value[2]) : NULL;
	submit(s, c, &jo, p.set[0]);
}

/* ---------------------------------------------------------------- cancel */

static void cmd_cancel(Sim *s, CliCall *c, int argc, const char *const *argv)
{
	static const OptSpec spec[] = {
		{ "s", "withSavepoint", ARG_OPTIONAL }, { "m", "jobmanager", ARG_REQUIRED },
		{ NULL, NULL, ARG_NONE },
	};
	Parsed p;
	if (!parse_args(c, spec, argc, argv, false, &p))
		return;
	if (p.set[0]) {                              /* -s [dir]: the deprecated cancel with savepoint */
		emit(c, "DEPRECATION WARNING: Cancelling a job with savepoint is deprecated. Use \"stop\" instead.\n");
		if (!parse_job_id(c, p.nargs > 0 ? p.args[0] : p.value[0]))
			return;
		fail(c, "java.lang.UnsupportedOperationException: cancel with savepoint is not modelled; "
		        "use \"flink stop\" (stop with savepoint) instead.", NULL);
		return;
	}
	if (p.nargs == 0) {
		arg_error(c, c->v19 ? "Missing JobID. Specify a JobID to cancel a job."
		                    : "Missing JobID. Specify a Job ID to cancel a job.");
		return;
	}
	if (!parse_job_id(c, p.args[0]))
		return;
	emit(c, "Cancelling job %s.\n", c->job_id);
	char exception[120];
	snprintf(exception, sizeof exception, "org.apache.flink.util.FlinkException: Could not cancel job %s.", c->job_id);
	JobInfo ji;
	if (!sim_jobmanager_reachable(s)) {
		fail(c, exception, connection_refused());
	} else if (!rest_job_lookup(s, c->job_id, &ji) || sim_job_cancel(s, c->job_id) != SIM_OK) {
		/* the REST answer the client relays: a terminal job has left the dispatcher */
		fail(c, exception, "org.apache.flink.runtime.rest.util.RestClientException: [Job could not be found.]");
	} else {
		emit(c, "Cancelled job %s.\n", c->job_id);
	}
}

/* ---------------------------------------------------------------- stop and savepoint */

/* Triggers the savepoint over REST (always accepted: a failure shows when the client polls,
 * cli_finish); without a JobManager prints the connection failure under `exception`. */
static void start_savepoint(Sim *s, CliCall *c, bool stop, bool drain, const char *exception)
{
	if (!sim_jobmanager_reachable(s) || sim_job_savepoint(s, c->job_id, stop, drain, c->trigger) != SIM_OK) {
		fail(c, exception, connection_refused());
		return;
	}
	c->stop = stop;
	c->drain = drain;
	c->wait = WAIT_SAVEPOINT;
	/* 1.13's client waits client.timeout; 1.9's RestClusterClient waits without a limit. */
	c->deadline = c->v19 ? -1 : sim_now(s) + CLI_CLIENT_TIMEOUT_US;
}

static void cmd_stop(Sim *s, CliCall *c, int argc, const char *const *argv)
{
	static const OptSpec spec[] = {
		{ "p", "savepointPath", ARG_OPTIONAL }, { "d", "drain", ARG_NONE },
		{ "m", "jobmanager", ARG_REQUIRED }, { NULL, NULL, ARG_NONE },
	};
	Parsed p;
	if (!parse_args(c, spec, argc, argv, false, &p))
		return;
	/* Flink: with -p and no other argument, the option's value is the job id. */
	const char *target = p.set[0] && p.nargs > 0 ? p.value[0] : NULL;
	if (!parse_job_id(c, p.nargs > 0 ? p.args[0] : p.value[0]))
		return;
	bool drain = p.set[1];
	emit(c, "%s \"%s\" with a savepoint.\n", drain ? "Draining job" : "Suspending job", c->job_id);
	char exception[160];
	snprintf(exception, sizeof exception,
	         "org.apache.flink.util.FlinkException: Could not stop with a savepoint job \"%s\".", c->job_id);
	if (!is_default_savepoint_dir(s, target)) {
		fail(c, exception, "java.lang.UnsupportedOperationException: the simulator writes savepoints "
		                   "to state.savepoints.dir only");
		return;
	}
	start_savepoint(s, c, true, drain, exception);
}

static void cmd_savepoint(Sim *s, CliCall *c, int argc, const char *const *argv)
{
	static const OptSpec spec[] = {
		{ "d", "dispose", ARG_REQUIRED }, { "j", "jarfile", ARG_REQUIRED },
		{ "m", "jobmanager", ARG_REQUIRED }, { NULL, NULL, ARG_NONE },
	};
	Parsed p;
	if (!parse_args(c, spec, argc, argv, false, &p))
		return;
	if (p.set[0]) {
		fail(c, "java.lang.UnsupportedOperationException: disposing savepoints is not modelled; "
		        "delete the savepoint directory instead.", NULL);
		return;
	}
	if (p.nargs == 0) {
		arg_error(c, "Missing JobID. Specify a Job ID to trigger a savepoint.");
		return;
	}
	if (!parse_job_id(c, p.args[0]))
		return;
	if (p.nargs >= 3)
		emit(c, "Provided more arguments than required. Ignoring not needed arguments.\n");
	emit(c, "Triggering savepoint for job %s.\n", c->job_id);
	emit(c, "Waiting for response...\n");
	char exception[160];
	snprintf(exception, sizeof exception,
	         "org.apache.flink.util.FlinkException: Triggering a savepoint for the job %s failed.", c->job_id);
	if (!is_default_savepoint_dir(s, p.nargs >= 2 ? p.args[1] : NULL)) {
		fail(c, exception, "java.lang.UnsupportedOperationException: the simulator writes savepoints "
		                   "to state.savepoints.dir only");
		return;
	}
	start_savepoint(s, c, false, false, exception);
}

/* ---------------------------------------------------------------- help and dispatch */

static void print_help(CliCall *c, const char *action)
{
	if (strcmp(action, "list") == 0)
		emit(c, "Action \"list\" lists running and scheduled programs.\n\n"
		        "  Syntax: list [OPTIONS]\n  \"list\" action options:\n"
		        "     -a,--all         Show all programs and their JobIDs\n"
		        "     -r,--running     Show only running programs and their JobIDs\n"
		        "     -s,--scheduled   Show only scheduled programs and their JobIDs\n");
	else if (strcmp(action, "run") == 0)
		emit(c, "Action \"run\" compiles and runs a program.\n\n"
		        "  Syntax: run [OPTIONS] <jar-file> <arguments>\n  \"run\" action options:\n"
		        "     -d,--detached                   If present, runs the job in detached mode\n"
		        "     -n,--allowNonRestoredState      Allow to skip savepoint state that cannot be restored.\n"
		        "     -p,--parallelism <parallelism>  The parallelism with which to run the program.\n"
		        "     -s,--fromSavepoint <savepointPath>  Path to a savepoint to restore the job from.\n");
	else if (strcmp(action, "cancel") == 0)
		emit(c, "Action \"cancel\" cancels a running program.\n\n  Syntax: cancel [OPTIONS] <Job ID>\n");
	else if (strcmp(action, "stop") == 0)
		emit(c, "Action \"stop\" stops a running program with a savepoint (streaming jobs only).\n\n"
		        "  Syntax: stop [OPTIONS] <Job ID>\n  \"stop\" action options:\n"
		        "     -d,--drain                           Send MAX_WATERMARK before taking the savepoint and stopping the pipelne.\n"
		        "     -p,--savepointPath <savepointPath>   Path to the savepoint.\n");
	else
		emit(c, "Action \"savepoint\" triggers savepoints for a running job or disposes existing ones.\n\n"
		        "  Syntax: savepoint [OPTIONS] <Job ID> [<target directory>]\n");
}

/* Flink 1.9's texts come from its CliFrontendParser (cli_help.c); 1.13's are shortened. */
static void print_action_help(CliCall *c, const char *action)
{
	char *text = c->v19 ? cli_help_text(action) : NULL;
	if (text)
		emit(c, "%s", text);
	else
		print_help(c, action);
	free(text);
}

static void print_main_help(CliCall *c)
{
	char *text = c->v19 ? cli_help_text(NULL) : NULL;
	if (text)
		emit(c, "%s", text);
	else
		emit(c, "./flink <ACTION> [OPTIONS] [ARGUMENTS]\n\n"
		        "The following actions are available: run, list, cancel, stop, savepoint.\n");
	free(text);
}

/* -h or --help among the action's options; for `run`, options end at the jar file. */
static bool wants_help(int argc, const char *const *argv, bool stop_at_non_option)
{
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0 || (stop_at_non_option && argv[i][0] != '-'))
			return false;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return true;
	}
	return false;
}

typedef void (*Command)(Sim *s, CliCall *c, int argc, const char *const *argv);

static Command command_of(const char *action)
{
	if (strcmp(action, "list") == 0) return cmd_list;
	if (strcmp(action, "run") == 0) return cmd_run;
	if (strcmp(action, "cancel") == 0) return cmd_cancel;
	if (strcmp(action, "stop") == 0) return cmd_stop;
	if (strcmp(action, "savepoint") == 0) return cmd_savepoint;
	return NULL;
}

/* CliFrontend.parseAndRun: the action word and the version/help switches. */
static void dispatch(Sim *s, CliCall *c, int argc, const char *const *argv)
{
	if (argc < 1) {
		if (c->v19)
			print_main_help(c);                   /* CliFrontend.parseParameters */
		emit(c, "Please specify an action.\n");
		c->exit_code = 1;
		return;
	}
	const char *action = argv[0];
	Command cmd = command_of(action);
	if (cmd && wants_help(argc - 1, argv + 1, cmd == cmd_run)) {
		print_action_help(c, action);
	} else if (cmd) {
		cmd(s, c, argc - 1, argv + 1);
	} else if (strcmp(action, "-v") == 0 || strcmp(action, "--version") == 0) {
		FlinkVersion v = sim_options(s)->config.flink_version;
		emit(c, "Version: %s, Commit ID: %s\n", sim_flink_release(v), sim_flink_commit(v));
	} else if (strcmp(action, "-h") == 0 || strcmp(action, "--help") == 0) {
		print_main_help(c);
	} else if (strcmp(action, "info") == 0 || (!c->v19 && strcmp(action, "run-application") == 0)) {
		emit(c, "The simulator does not model the \"%s\" action.\n", action);
		c->exit_code = 1;
	} else {
		emit(c, "\"%s\" is not a valid action.\n\nValid actions are \"run\", %s\"list\", \"info\", \"savepoint\", "
		        "\"stop\", or \"cancel\".\n\n"
		        "Specify the version option (-v or --version) to print Flink version.\n\n"
		        "Specify the help option (-h or --help) to get help on the command.\n", action,
		        c->v19 ? "" : "\"run-application\", ");
		c->exit_code = 1;
	}
}

CliCall *cli_begin(Sim *s, int argc, const char *const *argv)
{
	CliCall *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->v19 = sim_options(s)->config.flink_version == FLINK_1_9;
	if (argc > 0 && argv[0] && strcmp(argv[0], "flink") == 0) {
		argc--;
		argv++;
	}
	dispatch(s, c, argc, argv);
	return c;
}

/* ---------------------------------------------------------------- waiting */

static bool job_ended(const Sim *s, const char *job_id)
{
	JobInfo ji;
	return sim_job_info(s, job_id, &ji) != SIM_OK || job_state_is_terminal(ji.state) ||
	       ji.state == JOB_SUSPENDED;
}

/* A savepoint's operation ends once it exists; a stop-with-savepoint's once the job has
 * terminated as well (the model's trigger stays IN_PROGRESS until then, as Flink's). */
static bool savepoint_settled(const Sim *s, const CliCall *c)
{
	SavepointInfo sp;
	return sim_savepoint_info(s, c->trigger, &sp) != SIM_OK || sp.status != SAVEPOINT_IN_PROGRESS;
}

bool cli_done(const Sim *s, const CliCall *c)
{
	switch (c->wait) {
	case WAIT_SAVEPOINT: return savepoint_settled(s, c) || (c->deadline >= 0 && sim_now(s) >= c->deadline);
	case WAIT_JOB_END:   return job_ended(s, c->job_id);
	default:             return true;
	}
}

static void finish_savepoint(Sim *s, CliCall *c)
{
	char exception[160], cause[400];
	if (c->stop)
		snprintf(exception, sizeof exception,
		         "org.apache.flink.util.FlinkException: Could not stop with a savepoint job \"%s\".", c->job_id);
	else
		snprintf(exception, sizeof exception,
		         "org.apache.flink.util.FlinkException: Triggering a savepoint for the job %s failed.", c->job_id);
	SavepointInfo sp;
	if (!savepoint_settled(s, c) && c->v19) {
		c->exit_code = 130;                       /* no client timeout: the caller gave up waiting */
		return;
	}
	if (!savepoint_settled(s, c) || sim_savepoint_info(s, c->trigger, &sp) != SIM_OK) {
		fail(c, exception, "java.util.concurrent.TimeoutException");
		return;
	}
	if (sp.status == SAVEPOINT_FAILED) {
		snprintf(cause, sizeof cause, "%s: %s", sp.failure_class, sp.failure);
		fail(c, exception, cause);
		return;
	}
	char location[700];
	rest_savepoint_location(sp.path, location, sizeof location);
	if (c->stop && c->v19) {                      /* 1.9's CliFrontend.stop: no path */
		emit(c, "%s \"%s\" with a savepoint.\n", c->drain ? "Drained job" : "Suspended job", c->job_id);
		return;
	}
	emit(c, "Savepoint completed. Path: %s\n", location);
	if (!c->stop)
		emit(c, "You can resume your program from this savepoint with the run command.\n");
}

/* An attached run prints the job's result once it ends. */
static void finish_attached(Sim *s, CliCall *c)
{
	JobInfo ji;
	if (!job_ended(s, c->job_id) || sim_job_info(s, c->job_id, &ji) != SIM_OK) {
		c->exit_code = 130;                       /* the client was interrupted */
		return;
	}
	if (ji.state == JOB_FINISHED) {
		emit(c, "Program execution finished\nJob with JobID %s has finished.\nJob Runtime: %lld ms\n",
		     c->job_id, (long long)((ji.end_time - ji.start_time) / SIM_US_PER_MS));
		return;
	}
	char exception[200], cause[sizeof ji.failure + 120];
	if (c->v19) {
		/* RestClusterClient.submitJob: JobResult.toJobExecutionResult's exception, wrapped. */
		snprintf(exception, sizeof exception, "org.apache.flink.client.program.ProgramInvocationException: "
		         "Job failed. (JobID: %s)", c->job_id);
		if (ji.state == JOB_CANCELED)
			snprintf(cause, sizeof cause, "org.apache.flink.runtime.client.JobCancellationException: Job was cancelled.");
		else
			snprintf(cause, sizeof cause, "org.apache.flink.runtime.client.JobExecutionException: Job execution "
			         "failed.\nCaused by: %s", ji.failure);
		fail(c, exception, cause);
		return;
	}
	snprintf(exception, sizeof exception, "org.apache.flink.client.program.ProgramInvocationException: "
	         "The main method caused an error: Job %s (JobID: %s)",
	         ji.state == JOB_CANCELED ? "was cancelled" : "failed", c->job_id);
	fail(c, exception, ji.state == JOB_CANCELED ? "org.apache.flink.runtime.client.JobCancellationException: Job was cancelled."
	                                            : ji.failure);
}

char *cli_finish(Sim *s, CliCall *c, int *exit_code)
{
	if (c->wait == WAIT_SAVEPOINT)
		finish_savepoint(s, c);
	else if (c->wait == WAIT_JOB_END)
		finish_attached(s, c);
	char *text = c->out ? c->out : strdup("");
	if (exit_code)
		*exit_code = c->exit_code;
	free(c);
	return text;
}
