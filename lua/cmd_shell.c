/*
 * cmd_shell.c — `playground shell`: the tutorial's commands typed as the tutorial writes
 * them, against the simulated playground, with the REST API live on 127.0.0.1:8081.
 *
 * The interpreter is Lua (lua/shell.lua, run as a scenario with the same sandbox, bindings
 * and recorder as any other); this file gives it a terminal and a port:
 *   - lines come from libedit (editing, history in ~/.playground_history) at a terminal, or
 *     one per line from a pipe or file, echoed after the prompt (for tests and docs);
 *   - at a terminal, simulated time runs with the wall clock between commands at --speed
 *     (1 = real time, like the real playground; `max`: time moves only in `sleep`); from a
 *     pipe it moves only in sleep and in commands that wait, so the output is the same on
 *     every run;
 *   - the HTTP server (lua/http.c) is polled from the same loop, so a request takes effect
 *     at the simulated instant the loop has reached, and goes through the interpreter
 *     (recorded, traced) like a typed curl.
 * Nothing here touches the model except through the interpreter.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>
#include <readline.h>

#include "cli.h"
#include "cliopt.h"
#include "http.h"
#include "run_summary.h"
#include "runner.h"
#include "sim.h"

#define IDLE_MS 50                /* a terminal's prompt lets time pass this often */
#define HISTORY_FILE ".playground_history"
#define HISTORY_MAX 1000          /* lines kept there (bash keeps 500): not every session's */
#define CONF_MAX 64               /* --conf KEY=VALUE words (the model has fewer keys) */

/* --conf's words as given (pointing into argv), in order. */
typedef struct ShellConf {
	const char *kv[CONF_MAX];
	int n;
} ShellConf;

typedef struct ShellArgs {
	uint64_t seed;
	double speed;                 /* simulated seconds per wall second; 0 = max */
	uint64_t port;                /* 0: no HTTP */
	const char *record;           /* --record FILE.lua, or NULL */
	const char *root;             /* --root DIR, or NULL */
	const char *trace;            /* --trace FILE, or NULL */
	const char *timeline;         /* --timeline FILE.json */
	const char *metrics;          /* --metrics FILE.csv */
	const char *json;             /* --json FILE */
	ShellConf conf;               /* --conf KEY=VALUE, repeatable */
} ShellArgs;

#define AT(field) offsetof(ShellArgs, field)

/* One --conf word, kept for shell_conf to check against the model's keys (a list of them
 * would not fit a usage error's reason). */
static bool parse_conf(const char *text, void *dest, char *why, size_t whylen)
{
	ShellConf *c = dest;
	const char *eq = strchr(text, '=');
	if (!eq || eq == text) {
		snprintf(why, whylen, "%s", eq ? "the key is empty" : "no '=' between the key and the value");
		return false;
	}
	if (c->n == CONF_MAX) {
		snprintf(why, whylen, "at most %d --conf options", CONF_MAX);
		return false;
	}
	c->kv[c->n++] = text;
	return true;
}

static const CliOpt shell_opts[] = {
	{ .name = "seed", .kind = CLI_U64, .meta = "N", .at = AT(seed), .def = "1", .u_max = INT64_MAX,
	  .help = "The seed of the playground `docker-compose up -d` brings up (pg.up's seed, which --record "
	          "writes)." },
	{ .name = "speed", .kind = CLI_CUSTOM, .meta = "X|max", .at = AT(speed), .def = "1", .parse = cli_parse_speed,
	  .expects = "a number more than 0 and at most 1000000 (simulated seconds per wall-clock second), or max",
	  .help = "At a terminal, simulated time runs X times as fast as the wall clock between commands and "
	          "while sleep and follows wait; with max it moves only in sleep and in commands that wait, "
	          "as fast as it can. Without a terminal, time always moves only in those." },
	{ .name = "port", .kind = CLI_U64, .meta = "P", .at = AT(port), .def = "8081", .u_max = 65535,
	  .help = "Serve the REST API on 127.0.0.1:P while the shell runs (curl localhost:8081/jobs from another "
	          "terminal); 0 serves nothing." },
	{ .name = "conf", .kind = CLI_CUSTOM, .meta = "KEY=VALUE", .at = AT(conf), .parse = parse_conf,
	  .expects = "KEY=VALUE, a flink-conf.yaml key and its value",
	  .help = "A line of the playground's conf/flink-conf.yaml (KEY: VALUE there) for the cluster "
	          "`docker-compose up -d` brings up, given to pg.up's config as a string; repeatable, the last "
	          "of a key wins. A key or value pg.up refuses is refused here, before anything starts. "
	          "--conf high-availability=zookeeper with high-availability.storageDir and "
	          "high-availability.zookeeper.quorum lets `up -d --scale jobmanager=2` add a standby "
	          "JobManager; playground.flink-version=1.13 models Flink 1.13. docs/lua-api.md lists the keys." },
	{ .name = "record", .kind = CLI_PATH, .meta = "FILE.lua", .at = AT(record),
	  .help = "Write the session as a scenario: the Lua API's calls at the same simulated instants, so "
	          "`playground run FILE.lua` repeats it to the same trace hash. Written as the session goes: "
	          "after every command, the file holds the session so far." },
	{ .name = "root", .kind = CLI_PATH, .meta = "DIR", .at = AT(root),
	  .help = "The host directory standing in for the containers' files: savepoints written to "
	          "/tmp/flink-savepoints-directory go to DIR/tmp/flink-savepoints-directory.",
	  .def_note = "the real /, like the playground's bind mount" },
	{ .name = "trace", .kind = CLI_PATH, .meta = "FILE", .at = AT(trace),
	  .help = "Write every trace line of the session to FILE, as run --trace does." },
	{ .name = "timeline", .kind = CLI_PATH, .meta = "FILE.json", .at = AT(timeline),
	  .help = "Write the session as a Perfetto / Chrome trace-event timeline, as run --timeline does." },
	{ .name = "metrics", .kind = CLI_PATH, .meta = "FILE.csv", .at = AT(metrics),
	  .help = "Write metrics sampled each simulated second as CSV, as run --metrics does." },
	{ .name = "json", .kind = CLI_PATH, .meta = "FILE", .at = AT(json),
	  .help = "At the end, write the session's summary to FILE as run --json does (windows, restarts, "
	          "checkpoints, trace hash)." },
};

const CliCommand shell_cli = {
	.name = "shell",
	.summary = "type the tutorial's commands (docker-compose, flink, curl) at a prompt",
	.words = "",
	.max_words = 0,
	.description =
		"An interactive shell that runs the Operations Playground tutorial's commands as the tutorial "
		"writes them (docker-compose up/ps/kill/stop/start/pause/unpause/scale/down, docker-compose run "
		"--no-deps client flink ..., docker-compose exec kafka kafka-console-consumer.sh ..., docker "
		"kill|stop|start CONTAINER, curl localhost:8081/..., ls -lia /tmp/flink-savepoints-directory) "
		"against the simulated playground, "
		"with line editing and history. <job-id>, <savepoint-path> and <trigger-id> are replaced by what "
		"they stand for. `help` lists every command.\n\n"
		"When standard input is not a terminal, it reads one command per line, echoes each after the "
		"prompt, and exits at the end of the input; simulated time then moves only in sleep and in "
		"commands that wait, so the same input gives the same output on every run.\n\n"
		"While it runs, the REST API answers real HTTP on 127.0.0.1:P (loopback only). Each request takes "
		"effect at the simulated instant the shell has reached and is recorded like a typed command.",
	.exit_status =
		"0 every command succeeded; 1 a command failed (the session goes on; the status says some did); "
		"2 a usage error, or the port is in use.",
	.opts = shell_opts,
	.nopts = sizeof shell_opts / sizeof shell_opts[0],
};

/* ------------------------------------------------------------------ the terminal */

typedef struct Term {
	bool tty;                     /* standard input is a terminal */
	double speed;                 /* 0 = max */
	PgHttp *http;
	lua_State *L;                 /* the interpreter's state while a read or wait polls */
	int on_http;                  /* registry ref of the interpreter's request handler */
	const char *record;
	FILE *record_file;            /* open while the session runs */
	int status;                   /* the session's exit status (io.status) */
	bool prompting;               /* a libedit prompt is on the screen */
	char *line;                   /* the line libedit handed over, or NULL */
	bool got_line, eof;
	char inbuf[65536];            /* a pipe's unread bytes */
	size_t inlen;
	bool in_eof;
	bool skipping;                /* dropping the rest of a line too long to hold */
	bool overlong;                /* such a line was dropped: the session failed */
	char history[1024];           /* ~/.playground_history, or "" */
} Term;

static Term *the_term;            /* libedit's line callback has no context argument */
static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

static double wall_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Output while a prompt may be on the screen: the prompt line is cleared, the text
 * printed, the prompt and what was typed so far drawn again. */
static int io_write(lua_State *L)
{
	Term *t = the_term;
	size_t len;
	const char *s = luaL_checklstring(L, 1, &len);
	if (t->prompting)
		fputs("\r\033[K", stdout);
	fwrite(s, 1, len, stdout);
	fflush(stdout);
	if (t->prompting)
		rl_forced_update_display();
	return 0;
}

/* The HTTP server's handler: the interpreter answers (Shell:serve), at the instant reached. */
static int http_handler(void *ctx, const char *method, const char *uri, const char *content_type,
                        const char *body, size_t body_len, char **answer)
{
	Term *t = ctx;
	lua_State *L = t->L;
	if (!L || t->on_http == LUA_NOREF) {
		*answer = strdup("{\"errors\":[\"Service temporarily unavailable due to an ongoing leader election. Please refresh.\"]}");
		return 503;
	}
	lua_pushcfunction(L, pg_message_handler);
	lua_rawgeti(L, LUA_REGISTRYINDEX, t->on_http);
	lua_pushstring(L, method);
	lua_pushstring(L, uri);
	if (body_len)
		lua_pushlstring(L, body, body_len);
	else
		lua_pushnil(L);
	if (content_type)                              /* an upload: its boundary parses the body */
		lua_pushstring(L, content_type);
	else
		lua_pushnil(L);
	if (lua_pcall(L, 4, 2, -6) != LUA_OK) {       /* http.c refused what the API cannot take */
		lua_pop(L, 2);
		*answer = strdup("{\"errors\":[\"Internal server error.\"]}");
		return 500;
	}
	int status = (int)lua_tointeger(L, -2);
	*answer = strdup(lua_tostring(L, -1) ? lua_tostring(L, -1) : "");
	lua_pop(L, 3);
	return status;
}

static int io_on_http(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TFUNCTION);
	lua_pushvalue(L, 1);
	the_term->on_http = luaL_ref(L, LUA_REGISTRYINDEX);
	return 0;
}

static void on_line(char *line)
{
	Term *t = the_term;
	t->got_line = true;
	t->eof = line == NULL;
	t->line = line;
	rl_callback_handler_remove();
	t->prompting = false;
}

/* Calls the interpreter's idle(d) with d simulated seconds. */
static void idle(lua_State *L, int fn, double d)
{
	lua_pushvalue(L, fn);
	lua_pushnumber(L, d);
	lua_call(L, 1, 0);                            /* errors propagate out of io.read */
}

/* A terminal line: libedit in callback mode, the HTTP server and the clock in one loop. */
static int read_tty(lua_State *L, Term *t, const char *prompt)
{
	t->got_line = false;
	rl_callback_handler_install(prompt, on_line);
	t->prompting = true;
	double last = wall_s();
	while (!t->got_line) {
		if (interrupted) {
			interrupted = 0;
			rl_callback_handler_remove();
			t->prompting = false;
			fputs("^C\n", stdout);
			lua_pushboolean(L, 0);
			return 1;
		}
		bool ready = pghttp_poll(t->http, STDIN_FILENO, IDLE_MS);
		if (ready)
			rl_callback_read_char();
		double now = wall_s();
		if (!t->got_line && t->speed > 0 && now - last >= IDLE_MS / 1000.0) {
			idle(L, 2, (now - last) * t->speed);
			last = now;
		} else if (t->speed == 0) {
			last = now;
		}
	}
	if (t->eof) {
		fputs("\n", stdout);
		return 0;
	}
	if (t->line[0])
		add_history(t->line);
	lua_pushstring(L, t->line);
	free(t->line);
	t->line = NULL;
	return 1;
}

/* Drops what is buffered of a line too long to hold, up to its newline; true once that
 * newline (or the end of the input) has been reached. */
static bool skip_long_line(Term *t)
{
	char *nl = memchr(t->inbuf, '\n', t->inlen);
	size_t used = nl ? (size_t)(nl - t->inbuf) + 1 : t->inlen;
	memmove(t->inbuf, t->inbuf + used, t->inlen - used);
	t->inlen -= used;
	t->skipping = !nl && !t->in_eof;
	return !t->skipping;
}

/* The next buffered line, echoed after the prompt: 1 (pushed), 0 (the end of the input)
 * or -1 (more bytes are needed). */
static int take_line(lua_State *L, Term *t, const char *prompt)
{
	if (t->skipping && !skip_long_line(t))
		return -1;
	char *nl = memchr(t->inbuf, '\n', t->inlen);
	if (nl || (t->in_eof && t->inlen)) {
		size_t n = nl ? (size_t)(nl - t->inbuf) : t->inlen;
		size_t used = nl ? n + 1 : n;
		if (n && t->inbuf[n - 1] == '\r')
			n--;
		fputs(prompt, stdout);
		fwrite(t->inbuf, 1, n, stdout);           /* all of it: a NUL byte too */
		fputc('\n', stdout);
		fflush(stdout);
		lua_pushlstring(L, t->inbuf, n);
		memmove(t->inbuf, t->inbuf + used, t->inlen - used);
		t->inlen -= used;
		return 1;
	}
	if (t->in_eof)
		return 0;
	if (t->inlen < sizeof t->inbuf)
		return -1;
	printf("%s\n", prompt);
	fflush(stdout);
	fprintf(stderr, "playground shell: a line of more than %zu bytes: ignored\n", sizeof t->inbuf);
	t->skipping = t->overlong = true;
	lua_pushstring(L, "");
	return 1;
}

/* A line from a pipe or file; the HTTP server is served while the next line has not
 * arrived. A line longer than the buffer is refused whole: none of it runs (its tail is
 * not a command of its own), and the session fails. */
static int read_pipe(lua_State *L, Term *t, const char *prompt)
{
	int n;
	while ((n = take_line(L, t, prompt)) < 0) {
		if (!pghttp_poll(t->http, STDIN_FILENO, 1000))
			continue;
		ssize_t got = read(STDIN_FILENO, t->inbuf + t->inlen, sizeof t->inbuf - t->inlen);
		if (got > 0)
			t->inlen += (size_t)got;
		else if (got == 0 || (errno != EINTR && errno != EAGAIN))
			t->in_eof = true;
	}
	return n;
}

/* io.read(prompt, idle) → a line; nil at the end of input; false after Ctrl-C. */
static int io_read(lua_State *L)
{
	Term *t = the_term;
	const char *prompt = luaL_checkstring(L, 1);
	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_State *outer = t->L;
	t->L = L;
	int n = t->tty ? read_tty(L, t, prompt) : read_pipe(L, t, prompt);
	t->L = outer;
	return n;
}

/* io.wait(d): lets d simulated seconds' worth of wall-clock time pass at --speed, serving
 * HTTP; false when Ctrl-C ends it. */
static int io_wait(lua_State *L)
{
	Term *t = the_term;
	double d = luaL_checknumber(L, 1);
	lua_State *outer = t->L;
	t->L = L;
	double until = wall_s() + (t->speed > 0 ? d / t->speed : 0);
	bool ok = true;
	for (;;) {
		if (interrupted) {
			interrupted = 0;
			ok = false;
			break;
		}
		double left = until - wall_s();
		if (left <= 0)
			break;
		pghttp_poll(t->http, -1, left < 1 ? (int)(left * 1000) + 1 : 1000);   /* (an int: a second at most) */
	}
	if (t->speed == 0)
		pghttp_poll(t->http, -1, 0);
	t->L = outer;
	lua_pushboolean(L, ok);
	return 1;
}

/* io.ask(prompt) → the answer typed, or nil (Ctrl-D, or Ctrl-C: which answers the question
 * only, and is not seen again at the next prompt). */
static int io_ask(lua_State *L)
{
	const char *prompt = luaL_checkstring(L, 1);
	char *line = readline(prompt);
	if (interrupted || !line) {
		fputs(interrupted ? "^C\n" : "\n", stdout);
		interrupted = 0;
		free(line);
		return 0;
	}
	lua_pushstring(L, line);
	free(line);
	return 1;
}

/* io.save(text): appends what the recording gained (Shell:recording_text(from)), flushed,
 * so that the file holds the session so far after every command. Written whole each
 * time, a long session's recording took longer with every command (20000 commands: 43 s,
 * against 1 s without --record). */
static int io_save(lua_State *L)
{
	Term *t = the_term;
	size_t len;
	const char *text = luaL_checklstring(L, 1, &len);
	if (fwrite(text, 1, len, t->record_file) != len || fflush(t->record_file) != 0)
		return luaL_error(L, "playground shell: cannot write the recording to %s: %s", t->record, strerror(errno));
	return 0;
}

/* --record's file, opened before the session starts (not found unwritable after its first
 * command has run). */
static bool open_record(Term *t, const char *path)
{
	t->record = path;
	return (t->record_file = fopen(path, "w")) != NULL;
}

static int io_status(lua_State *L)
{
	the_term->status = (int)luaL_checkinteger(L, 1);
	return 0;
}

/* The runner's prepare hook: the `shell_io` global the driver hands to shell.main. */
static void prepare(lua_State *L, void *ctx)
{
	Term *t = ctx;
	static const luaL_Reg fns[] = {
		{ "write", io_write }, { "read", io_read }, { "wait", io_wait }, { "ask", io_ask },
		{ "save", io_save }, { "status", io_status }, { "on_http", io_on_http }, { NULL, NULL },
	};
	luaL_newlib(L, fns);
	lua_pushboolean(L, t->tty);
	lua_setfield(L, -2, "interactive");
	lua_pushboolean(L, t->record != NULL);
	lua_setfield(L, -2, "record");
	lua_setglobal(L, "shell_io");
}

static const char DRIVER[] =
	"local io = shell_io\n"
	"shell_io = nil\n"
	"io.seed = math.tointeger(tonumber(arg[1]))\n"
	"io.conf = {}\n"
	"for i = 2, #arg do local k, v = arg[i]:match(\"^([^=]*)=(.*)$\"); io.conf[k] = v end\n"
	"require(\"playground.shell\").main(io)\n";

/* The length of a --conf word's key (up to its first '='). */
static size_t conf_key_len(const char *kv)
{
	return strcspn(kv, "=");
}

static int by_conf_key(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	size_t nx = conf_key_len(x), ny = conf_key_len(y);
	int d = strncmp(x, y, nx < ny ? nx : ny);
	return d ? d : (nx > ny) - (nx < ny);
}

/* --conf's words as pg.up's config will hold them: the last of a key kept (a later line of
 * flink-conf.yaml wins), sorted by key (the order pg.up applies them in), and checked as
 * pg.up checks them — each key and value, then the rules between keys — before anything
 * starts: false after the usage error, in pg.up's words. */
static bool shell_conf(ShellConf *c, const char *prog)
{
	int n = 0;
	for (int i = 0; i < c->n; i++) {
		bool later = false;
		for (int j = i + 1; j < c->n && !later; j++)
			later = conf_key_len(c->kv[i]) == conf_key_len(c->kv[j]) &&
			        strncmp(c->kv[i], c->kv[j], conf_key_len(c->kv[i])) == 0;
		if (!later)
			c->kv[n++] = c->kv[i];
	}
	c->n = n;
	qsort(c->kv, (size_t)n, sizeof c->kv[0], by_conf_key);
	SimOptions o;
	sim_options_default(&o);
	char err[4096];
	for (int i = 0; i < n; i++) {
		char *key = strndup(c->kv[i], conf_key_len(c->kv[i]));
		snprintf(err, sizeof err, "out of memory");
		bool ok = key && sim_config_set_string(&o.config, key, c->kv[i] + strlen(key) + 1, err, sizeof err) == SIM_OK;
		free(key);
		if (!ok) {
			cli_usage_error(&shell_cli, prog, "--conf %s: %s", c->kv[i], err);
			return false;
		}
	}
	if (sim_config_check(&o.config, err, sizeof err) != SIM_OK) {
		cli_usage_error(&shell_cli, prog, "--conf: %s", strncmp(err, "config: ", 8) == 0 ? err + 8 : err);
		return false;
	}
	return true;
}

static void history_path(Term *t)
{
	const char *home = getenv("HOME");
	t->history[0] = '\0';
	if (home && *home)
		snprintf(t->history, sizeof t->history, "%s/%s", home, HISTORY_FILE);
}

/* The session's port and files, before anything runs (a bad path is not found after the
 * session's first command, or its last): false after saying which cannot be opened, with
 * nothing left open. */
static bool shell_open(Term *t, const ShellArgs *a, FILE **trace, FILE **json, const char *prog)
{
	char err[300];
	if (a->port && !(t->http = pghttp_start((int)a->port, http_handler, t, err, sizeof err))) {
		fprintf(stderr, "%s shell: %s\n", prog, err);
		return false;
	}
	const char *bad = NULL;
	if (a->trace && !(*trace = fopen(a->trace, "w")))
		bad = a->trace;
	else if (a->json && !(*json = fopen(a->json, "w")))
		bad = a->json;
	else if (a->record && !open_record(t, a->record))
		bad = a->record;
	if (!bad)
		return true;
	fprintf(stderr, "%s shell: cannot write %s: %s\n", prog, bad, strerror(errno));
	if (*trace)
		fclose(*trace);
	if (*json)
		fclose(*json);
	pghttp_stop(t->http);
	t->http = NULL;
	return false;
}

/* At a terminal: the history, Ctrl-C, and the banner. */
static void tty_setup(Term *t, uint64_t seed)
{
	history_path(t);
	if (t->history[0])
		read_history(t->history);
	stifle_history(HISTORY_MAX);
	struct sigaction sa = { .sa_handler = on_sigint };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	char port[64] = "";
	if (t->http)
		snprintf(port, sizeof port, ", REST API on http://127.0.0.1:%d", pghttp_port(t->http));
	printf("The Flink Operations Playground, simulated (seed %" PRIu64 "%s). `help` lists the commands; "
	       "start with `docker-compose up -d`.\n", seed, port);
}

/* Runs the interpreter to the end of the session: the driver's arg[1] is the seed, the
 * words after it --conf's KEY=VALUE (io.conf). NULL (out of memory) or the run, with *st. */
static PgRun *run_session(const ShellArgs *a, Term *t, FILE *trace, PgRunStatus *st)
{
	char seed_text[32];
	snprintf(seed_text, sizeof seed_text, "%" PRIu64, a->seed);
	char *args[1 + CONF_MAX] = { seed_text };
	int nargs = 1;
	for (int i = 0; i < a->conf.n; i++, nargs++)
		if (!(args[nargs] = strdup(a->conf.kv[i])))
			break;
	PgRunOptions o;
	pgrun_options_default(&o);
	o.file = "shell";
	o.source = DRIVER;
	o.source_len = sizeof DRIVER - 1;
	o.seed = a->seed;
	o.seed_given = true;
	o.args = args;
	o.nargs = nargs;
	o.budget = UINT64_MAX;                         /* a session lasts as long as its user */
	o.host_root = a->root;
	o.timeline_path = a->timeline;
	o.metrics_path = a->metrics;
	o.trace = trace;
	o.prepare = prepare;
	o.prepare_ctx = t;
	PgRun *r = nargs == 1 + a->conf.n ? pgrun_create(&o) : NULL;
	*st = r ? pgrun_exec(r) : PGRUN_UNLOADABLE;
	for (int i = 1; i < nargs; i++)
		free(args[i]);
	return r;
}

int shell_main(int argc, char **argv)
{
	ShellArgs a = { 0 };
	CliParsed p;
	int rc = cli_parse_or_report(&shell_cli, argc, argv, &a, &p);
	if (rc)
		return rc == CLI_HELP ? 0 : rc;
	cli_parsed_free(&p);
	if (!shell_conf(&a.conf, argv[0]))
		return 2;
	static Term term;
	Term *t = &term;
	memset(t, 0, sizeof *t);
	the_term = t;
	t->tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	t->speed = a.speed;
	t->on_http = LUA_NOREF;
	FILE *trace = NULL, *json = NULL;
	if (!shell_open(t, &a, &trace, &json, argv[0]))
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (t->tty)
		tty_setup(t, a.seed);
	PgRunStatus st;
	PgRun *r = run_session(&a, t, trace, &st);
	if (st != PGRUN_OK) {
		fprintf(stderr, "%s shell: %s\n%s", argv[0], r ? pgrun_message(r) : "out of memory", r ? pgrun_traceback(r) : "");
		t->status = 1;
	}
	if (st != PGRUN_UNLOADABLE)                    /* a recording replays to this hash */
		printf("trace-hash: %016" PRIx64 "\n", pgrun_trace_hash(r));
	if (r && pgrun_export_error(r)[0]) {
		fprintf(stderr, "%s shell: %s\n", argv[0], pgrun_export_error(r));
		t->status = 1;
	}
	if (trace && fclose(trace) != 0) {
		fprintf(stderr, "%s shell: error writing the trace to %s\n", argv[0], a.trace);
		t->status = 1;
	}
	if (json && (!run_summary_write(json, r, st, "shell") | (fclose(json) != 0))) {
		fprintf(stderr, "%s shell: error writing the summary to %s\n", argv[0], a.json);
		t->status = 1;
	}
	if (t->tty && t->history[0])
		write_history(t->history);
	if (t->record_file && fclose(t->record_file) != 0) {
		fprintf(stderr, "%s shell: error writing the recording to %s\n", argv[0], t->record);
		t->status = 1;
	}
	pgrun_destroy(r);
	pghttp_stop(t->http);
	return t->overlong ? 1 : t->status;
}
