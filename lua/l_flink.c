/*
 * l_flink.c — pg.flink: the Flink CLI and REST API as a scenario uses them.
 *
 * Job tables are built from the Sim's const queries (JobInfo, VertexInfo) with Lua-style
 * names and times in seconds since the start. stop and savepoint trigger a savepoint and
 * let simulated time pass (timers fire) until the Sim reports it done, like the CLI that
 * polls the REST API. rest hands the request to the model's REST API (sim/rest/rest.h) and
 * turns the JSON answer into tables; cli runs the model's Flink CLI (sim/rest/cli.h), letting
 * time pass while the CLI waits, and returns what it printed.
 */
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "jobcmd.h"
#include "ljson.h"
#include "lpg.h"
#include "lutil.h"
#include "rest/cli.h"
#include "rest/rest.h"
#include "rest/rest_jars.h"

static int flink_run(lua_State *L)
{
	JobOptions o;
	char id[33], cmd[700];
	lu_job_options(L, 1, "pg.flink.run", &o);
	Sim *s = pg_sim(L, "pg.flink.run");
	SimStatus st = sim_job_check(s, &o);           /* a refused run leaves no command line */
	if (st == SIM_OK) {
		jobcmd_line(&o, cmd, sizeof cmd);
		lu_command(s, "%s", cmd);
		st = sim_job_submit(s, &o, id);
	}
	if (st != SIM_OK)
		return lu_sim_fail(L, s, st, "pg.flink.run");
	lua_pushstring(L, id);
	return 1;
}

static void set_time(lua_State *L, const char *key, SimTime t)
{
	if (t < 0)
		return;                                     /* not yet: leave the field nil */
	lua_pushnumber(L, PG_SECONDS(t));
	lua_setfield(L, -2, key);
}

/* { <id_key> = jid, name, state, start_time }: "id" in lists, "jid" in job(), as Flink. */
static void push_job_summary(lua_State *L, const JobInfo *j, const char *id_key)
{
	lua_createtable(L, 0, 8);
	lua_pushstring(L, j->jid);
	lua_setfield(L, -2, id_key);
	lua_pushstring(L, j->name);
	lua_setfield(L, -2, "name");
	lua_pushstring(L, job_state_name(j->state));
	lua_setfield(L, -2, "state");
	set_time(L, "start_time", j->start_time);
}

typedef struct ListedJob {
	JobInfo info;                 /* as sim_job_info reports it */
	int index;                    /* submission order: breaks start-time ties */
} ListedJob;

static int by_start_time(const void *a, const void *b)
{
	const ListedJob *x = a, *y = b;
	if (x->info.start_time != y->info.start_time)
		return x->info.start_time < y->info.start_time ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static int flink_list(lua_State *L)
{
	static const char *const keys[] = { "all", NULL };
	int t = lu_options(L, 1, "pg.flink.list", keys);
	bool all = lu_opt_bool(L, t, "pg.flink.list", "all", false);
	Sim *s = pg_sim(L, "pg.flink.list");
	int n = sim_job_count(s), k = 0;
	ListedJob *jobs = lua_newuserdatauv(L, sizeof *jobs * (size_t)(n ? n : 1), 0);   /* GC frees it */
	for (int i = 0; i < n; i++) {
		char id[33];
		if (sim_job_id_at(s, i, id) && sim_job_info(s, id, &jobs[k].info) == SIM_OK &&
		    (all || !job_state_is_terminal(jobs[k].info.state)))
			jobs[k++].index = i;
	}
	qsort(jobs, (size_t)k, sizeof *jobs, by_start_time);
	lua_createtable(L, k, 0);
	for (int i = 0; i < k; i++) {
		push_job_summary(L, &jobs[i].info, "id");
		lua_rawseti(L, -2, i + 1);
	}
	return 1;
}

static void push_vertex(lua_State *L, const VertexInfo *v)
{
	static const char *const metric_names[] = { "read_records", "write_records", "read_bytes", "write_bytes" };
	const uint64_t metrics[] = { v->read_records, v->write_records, v->read_bytes, v->write_bytes };
	lua_createtable(L, 0, 6);
	lua_pushstring(L, v->id);
	lua_setfield(L, -2, "id");
	lua_pushstring(L, v->name);
	lua_setfield(L, -2, "name");
	lua_pushinteger(L, v->parallelism);
	lua_setfield(L, -2, "parallelism");
	lua_pushstring(L, task_state_name(v->status));
	lua_setfield(L, -2, "status");
	lua_createtable(L, 0, TASK_STATE_COUNT);
	for (int st = 0; st < TASK_STATE_COUNT; st++) {
		lua_pushinteger(L, v->tasks[st]);
		lua_setfield(L, -2, task_state_name((TaskState)st));
	}
	lua_setfield(L, -2, "tasks");
	lua_createtable(L, 0, 4);
	for (int i = 0; i < 4; i++) {
		lua_pushinteger(L, (lua_Integer)metrics[i]);
		lua_setfield(L, -2, metric_names[i]);
	}
	lua_setfield(L, -2, "metrics");
}

static int flink_job(lua_State *L)
{
	Sim *s = pg_sim(L, "pg.flink.job");
	const char *id = lu_check_job(L, 1, s, "pg.flink.job");
	JobInfo j;
	sim_job_info(s, id, &j);
	push_job_summary(L, &j, "jid");
	set_time(L, "end_time", j.end_time);
	SimTime end = j.end_time >= 0 ? j.end_time : sim_now(s);
	lua_pushnumber(L, PG_SECONDS(end - j.start_time));
	lua_setfield(L, -2, "duration");
	lua_createtable(L, j.vertex_count, 0);
	for (int v = 0; v < j.vertex_count; v++) {
		VertexInfo vi;
		if (sim_vertex_info(s, id, v, &vi) != SIM_OK)
			continue;
		push_vertex(L, &vi);
		lua_rawseti(L, -2, v + 1);
	}
	lua_setfield(L, -2, "vertices");
	return 1;
}

/* Pushes the comma-separated names of sim_job_metric_names as separate strings; returns n. */
static int push_all_metric_names(lua_State *L)
{
	int n = 0;
	for (const char *p = sim_job_metric_names(); *p;) {
		p += strspn(p, ", ");
		size_t len = strcspn(p, ", ");
		if (len == 0)
			break;
		luaL_checkstack(L, 2, "too many metrics");
		lua_pushlstring(L, p, len);
		p += len;
		n++;
	}
	return n;
}

static int flink_metrics(lua_State *L)
{
	Sim *s = pg_sim(L, "pg.flink.metrics");
	const char *id = lu_check_job(L, 1, s, "pg.flink.metrics");
	int first = 2, last = lua_gettop(L);
	if (last < first)
		last = first - 1 + push_all_metric_names(L);
	for (int i = first; i <= last; i++) {           /* check every name before answering */
		double v;
		const char *name = lu_check_string(L, i, "pg.flink.metrics", "a metric name");
		if (sim_job_metric(s, id, name, &v) != SIM_OK)
			return luaL_error(L, "pg.flink.metrics: unknown metric '%s' (metrics: %s)", name, sim_job_metric_names());
	}
	lua_createtable(L, 0, last - first + 1);
	for (int i = first; i <= last; i++) {
		double v = 0;
		sim_job_metric(s, id, lua_tostring(L, i), &v);
		lu_push_number(L, v);
		lua_setfield(L, -2, lua_tostring(L, i));
	}
	return 1;
}

static int flink_cancel(lua_State *L)
{
	Sim *s = pg_sim(L, "pg.flink.cancel");
	const char *id = lu_check_job(L, 1, s, "pg.flink.cancel");
	SimStatus st = sim_job_cancel(s, id);
	if (st != SIM_OK)
		return lu_sim_fail(L, s, st, "pg.flink.cancel");
	return 0;
}

#define POLL_US   (100 * SIM_US_PER_MS)           /* how often stop/savepoint look again */
#define GIVE_UP_US (3600 * SIM_US_PER_S)           /* beyond any checkpoint timeout in use */

/* Lets time pass until the savepoint is no longer in progress and, for stop, the job has
 * ended; raises if it failed. Leaves the savepoint's path on the stack. */
static void await_savepoint(lua_State *L, Sim *s, const char *fname, const char *job, const char *trigger, bool stop)
{
	SavepointInfo si;
	SimTime give_up = sim_now(s) + GIVE_UP_US;
	for (;;) {
		if (sim_savepoint_info(s, trigger, &si) != SIM_OK)
			luaL_error(L, "%s: the savepoint of job %s was lost", fname, job);
		if (si.status != SAVEPOINT_IN_PROGRESS || sim_now(s) >= give_up)
			break;
		pg_timers_advance(L, sim_now(s) + POLL_US);
	}
	if (si.status == SAVEPOINT_FAILED)
		luaL_error(L, "%s: the savepoint of job %s failed: %s", fname, job, si.failure);
	JobInfo ji;
	if (si.status == SAVEPOINT_IN_PROGRESS && stop && si.path[0] && sim_job_info(s, job, &ji) == SIM_OK)
		luaL_error(L, "%s: job %s did not stop within %d s of simulated time: its savepoint %s was written, but the "
		           "job is %s%s", fname, job, (int)(GIVE_UP_US / SIM_US_PER_S), si.path, job_state_name(ji.state),
		           si.failed_over ? " (a failover after the savepoint does not end Flink 1.9's stop; stop it again)"
		                          : "");
	if (si.status == SAVEPOINT_IN_PROGRESS)
		luaL_error(L, "%s: job %s did not %s within %d s of simulated time", fname, job,
		           stop ? "stop" : "complete the savepoint", (int)(GIVE_UP_US / SIM_US_PER_S));
	lua_pushstring(L, si.path);
}

static int flink_stop(lua_State *L)
{
	static const char *const keys[] = { "drain", NULL };
	char trigger[33];
	Sim *s = pg_sim(L, "pg.flink.stop");
	const char *id = lu_check_job(L, 1, s, "pg.flink.stop");
	int t = lu_options(L, 2, "pg.flink.stop", keys);
	bool drain = lu_opt_bool(L, t, "pg.flink.stop", "drain", false);
	pg_check_may_wait(L, "pg.flink.stop");
	SimStatus st = sim_job_savepoint_check(s, id);   /* the Lua API refuses at once */
	if (st == SIM_OK)
		st = sim_job_savepoint(s, id, true, drain, trigger);
	if (st != SIM_OK)
		return lu_sim_fail(L, s, st, "pg.flink.stop");
	await_savepoint(L, s, "pg.flink.stop", id, trigger, true);
	return 1;
}

static int flink_savepoint(lua_State *L)
{
	char trigger[33];
	Sim *s = pg_sim(L, "pg.flink.savepoint");
	const char *id = lu_check_job(L, 1, s, "pg.flink.savepoint");
	pg_check_may_wait(L, "pg.flink.savepoint");
	SimStatus st = sim_job_savepoint_check(s, id);
	if (st == SIM_OK)
		st = sim_job_savepoint(s, id, false, false, trigger);
	if (st != SIM_OK)
		return lu_sim_fail(L, s, st, "pg.flink.savepoint");
	await_savepoint(L, s, "pg.flink.savepoint", id, trigger, false);
	return 1;
}

/* latest_checkpoint(id) → path or nil: the job's retained checkpoint (or newest savepoint),
 * what an operator finds under state.checkpoints.dir to resubmit a lost job with -s. */
static int flink_latest_checkpoint(lua_State *L)
{
	char path[600];
	Sim *s = pg_sim(L, "pg.flink.latest_checkpoint");
	const char *id = lu_check_job(L, 1, s, "pg.flink.latest_checkpoint");
	if (sim_job_latest_checkpoint(s, id, path, sizeof path) == SIM_OK)
		lua_pushstring(L, path);
	else
		lua_pushnil(L);
	return 1;
}

/* savepoints([id]) → array of paths: what `ls state.savepoints.dir` finds of this run (the
 * directory may hold other runs' savepoints, which the model does not read), in request order;
 * with an id, that job's only. A REST trigger's answer dies with the JobManager process that
 * took it (Flink keeps it in memory); the directory stays, and an operator looks there. */
static int flink_savepoints(lua_State *L)
{
	Sim *s = pg_sim(L, "pg.flink.savepoints");
	const char *id = lua_isnoneornil(L, 1) ? NULL : lu_check_job(L, 1, s, "pg.flink.savepoints");
	char trigger[33];
	SavepointInfo si;
	int n = 0;
	lua_newtable(L);
	for (int i = 0; sim_savepoint_trigger_at(s, i, trigger); i++) {
		if (sim_savepoint_info(s, trigger, &si) != SIM_OK || !si.path[0] || (id && strcmp(si.job_id, id) != 0))
			continue;
		lua_pushstring(L, si.path);
		lua_rawseti(L, -2, ++n);
	}
	return 1;
}

#define FORM_BOUNDARY "------------------------d74496d66958873e"   /* curl's kind of boundary */
#define CLIENT_JAR    "/opt/ClickCountJob.jar"                       /* the client container's jar */

/* One part of a curl -F form: "name=@file" uploads a file of the client container (the
 * playground's jar is its only one), "name=value" a field. */
static void form_part(lua_State *L, luaL_Buffer *b, const char *fname, const char *name, const char *value)
{
	luaL_addstring(b, "--" FORM_BOUNDARY "\r\nContent-Disposition: form-data; name=\"");
	luaL_addstring(b, name);
	if (value[0] != '@') {
		luaL_addstring(b, "\"\r\n\r\n");
		luaL_addstring(b, value);
	} else {
		/* curl's own words when -F names a file it cannot read (CURLE_READ_ERROR). */
		if (strcmp(value + 1, CLIENT_JAR) != 0)
			luaL_error(L, "%s: curl: (26) Failed to open/read local data from file/application "
			           "(\"%s\": the client container's only file to upload is %s)", fname, value + 1, CLIENT_JAR);
		luaL_addstring(b, "\"; filename=\"ClickCountJob.jar\"\r\nContent-Type: application/octet-stream\r\n\r\n");
		luaL_addstring(b, REST_PLAYGROUND_JAR_CONTENT);
	}
	luaL_addstring(b, "\r\n");
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

#define FORM_MAX_FIELDS 16

/* opts.form (a table name → value) as a multipart/form-data body, its parts in name order
 * (the raw table order is not deterministic), left on the stack. */
static const char *push_form(lua_State *L, int opts, const char *fname, size_t *len)
{
	lua_getfield(L, opts, "form");
	int form = lua_gettop(L);
	if (!lua_istable(L, form))
		luaL_error(L, "%s: option 'form' must be a table of fields (jarfile = \"@%s\"), got %s",
		           fname, CLIENT_JAR, luaL_typename(L, form));
	const char *names[FORM_MAX_FIELDS] = { NULL };
	int n = 0;
	for (lua_pushnil(L); lua_next(L, form); lua_pop(L, 1)) {
		if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
			luaL_error(L, "%s: option 'form' takes string names and values (jarfile = \"@%s\")", fname, CLIENT_JAR);
		if (n == FORM_MAX_FIELDS)
			luaL_error(L, "%s: option 'form' takes at most %d fields", fname, FORM_MAX_FIELDS);
		names[n++] = lua_tostring(L, -2);          /* anchored by the form table */
	}
	qsort(names, (size_t)n, sizeof names[0], cmp_names);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (int i = 0; i < n; i++) {
		lua_getfield(L, form, names[i]);
		const char *value = lua_tostring(L, -1);
		lua_pop(L, 1);                             /* the form table still holds it */
		form_part(L, &b, fname, names[i], value);
	}
	luaL_addstring(&b, "--" FORM_BOUNDARY "--\r\n");
	luaL_pushresult(&b);
	return lua_tolstring(L, -1, len);
}

/* The body of rest() or http() (args 3 and 4) with options: { form = {…} } builds a
 * multipart body (*type set to its content type); { content_type = "…" } sends the bytes of
 * arg 3, any bytes, with that Content-Type header (what a live server received from a real
 * curl -F, replayed from a recording). */
static const char *form_body(lua_State *L, const char *fname, size_t *len, const char **type)
{
	static const char *const keys[] = { "form", "content_type", NULL };
	int opts = lu_options(L, 4, fname, keys);
	lua_getfield(L, opts, "content_type");
	bool typed = !lua_isnil(L, -1);
	if (typed) {
		if (!lua_isstring(L, -1) || lua_isnumber(L, -1))
			luaL_error(L, "%s: option 'content_type' must be a string (\"multipart/form-data; boundary=…\"), got %s",
			           fname, luaL_typename(L, -1));
		*type = lu_cstring(L, -1, fname, "option 'content_type'");
		if (!*type)
			luaL_error(L, "%s: option 'content_type' must not contain a NUL byte", fname);
	}
	lua_getfield(L, opts, "form");
	bool form = !lua_isnil(L, -1);
	lua_pop(L, 2);                                 /* the options table anchors the type */
	if (form && typed)
		luaL_error(L, "%s: options 'form' and 'content_type' do not go together (a form sets its own)", fname);
	if (typed) {
		if (lua_type(L, 3) != LUA_TSTRING)
			luaL_error(L, "%s: with option 'content_type' the body must be a string (the bytes sent), got %s",
			           fname, luaL_typename(L, 3));
		return lua_tolstring(L, 3, len);
	}
	if (!lua_isnoneornil(L, 3))
		luaL_error(L, "%s: a request has a body or a form, not both", fname);
	*type = "multipart/form-data; boundary=" FORM_BOUNDARY;
	return push_form(L, opts, fname, len);
}

/* rest(method, path [, body [, { form = {…} }]]) → status, body: one exchange with the
 * JobManager's REST API; form sends a multipart/form-data body as curl -F does. */
static int flink_rest(lua_State *L)
{
	const char *method = lu_check_string(L, 1, "pg.flink.rest", "an HTTP method (\"GET\", \"POST\", \"PATCH\")");
	const char *path = lu_check_string(L, 2, "pg.flink.rest", "a request path (\"/jobs\")");
	if (path[0] != '/')
		return luaL_error(L, "pg.flink.rest: the path must start with '/', got \"%s\"", path);
	const char *body = NULL, *type = NULL;
	size_t len = 0;
	if (!lua_isnoneornil(L, 4)) {
		body = form_body(L, "pg.flink.rest", &len, &type);
	} else if (!lua_isnoneornil(L, 3)) {
		body = ljson_push_encoded(L, 3, "pg.flink.rest");
		len = strlen(body);
	}
	Sim *s = pg_sim(L, "pg.flink.rest");
	char *answer = NULL;
	int status = rest_handle_request(s, method, path, type, body, len, &answer);
	lua_pushstring(L, answer ? answer : "null");   /* copied: the answer can go */
	free(answer);
	lua_pushinteger(L, status);
	ljson_push_decoded(L, lua_tostring(L, -2), "pg.flink.rest");
	return 2;
}

int pg_http_exchange(Sim *s, const char *method, const char *target, const char *body, char **answer)
{
	lu_command(s, "http %s %s", method, target);
	return rest_handle(s, method, target, body && body[0] ? body : NULL, answer);
}

/* The same with a Content-Type and len bytes of body (a form, an upload): the command names
 * the type without its parameters (a multipart body is no text to show). */
int pg_http_exchange_typed(Sim *s, const char *method, const char *target, const char *type,
                           const char *body, size_t len, char **answer)
{
	lu_command(s, "http %s %s (%.*s)", method, target, (int)strcspn(type, ";"), type);
	return rest_handle_request(s, method, target, type, body, len, answer);
}

/* pg.flink.http(method, target [, body [, { form = {…} }]]) → status, text: one HTTP exchange
 * as it crosses the wire, the raw bytes both ways (form: a multipart body, as curl -F sends) (a live HTTP server and the shell's curl use it; rest() is
 * the same exchange with JSON tables). Unlike rest(), it goes into the trace as a command:
 * a request from outside is an operator's action at a defined simulated instant. */
static int flink_http(lua_State *L)
{
	const char *method = lu_check_string(L, 1, "pg.flink.http", "an HTTP method (\"GET\", \"POST\", \"PATCH\")");
	const char *target = lu_check_string(L, 2, "pg.flink.http", "a request target (\"/jobs\")");
	if (target[0] != '/')
		return luaL_error(L, "pg.flink.http: the request target must start with '/', got \"%s\"", target);
	const char *body = NULL, *type = NULL;
	size_t len = 0;
	if (!lua_isnoneornil(L, 4))
		body = form_body(L, "pg.flink.http", &len, &type);
	else if (!lua_isnoneornil(L, 3) && !(body = lu_cstring(L, 3, "pg.flink.http", "the body")))
		return luaL_error(L, "pg.flink.http: the body must be a string (the bytes sent) or nil");
	Sim *s = pg_sim(L, "pg.flink.http");
	char *answer = NULL;
	int status = type ? pg_http_exchange_typed(s, method, target, type, body, len, &answer)
	                  : pg_http_exchange(s, method, target, body, &answer);
	lua_pushinteger(L, status);
	lua_pushstring(L, answer ? answer : "");
	free(answer);
	return 2;
}

#define CLI_MT "playground.CliCall"

/* A CLI call in progress, boxed so that an error while time passes still ends it. */
typedef struct CliBox {
	CliCall *call;                /* NULL once finished */
	Sim *sim;                     /* the Sim it runs on */
} CliBox;

static int cli_box_gc(lua_State *L)
{
	CliBox *b = luaL_checkudata(L, 1, CLI_MT);
	int code;
	if (b->call)
		free(cli_finish(b->sim, b->call, &code));
	b->call = NULL;
	return 0;
}

/* True for the actions that wait for the cluster: stop, savepoint, and run without -d. */
static bool cli_may_wait(lua_State *L, int n)
{
	const char *action = lua_tostring(L, 1);
	if (strcmp(action, "stop") == 0 || strcmp(action, "savepoint") == 0)
		return true;
	if (strcmp(action, "run") != 0)
		return false;
	for (int i = 2; i <= n; i++)
		if (strcmp(lua_tostring(L, i), "-d") == 0 || strcmp(lua_tostring(L, i), "--detached") == 0)
			return false;
	return true;
}

/* Checks the CLI words (numbers count as their text) and returns them as an argv anchored
 * by the stack. */
static const char **cli_argv(lua_State *L, int n)
{
	lu_check_string(L, 1, "pg.flink.cli", "a CLI action (\"list\", \"run\", \"stop\", \"savepoint\", \"cancel\")");
	for (int i = 2; i <= n; i++)
		if (lua_type(L, i) == LUA_TNUMBER)
			lua_tostring(L, i);                    /* "-p", 3 works like "-p", "3" */
		else
			lu_check_string(L, i, "pg.flink.cli", "a CLI argument");
	const char **argv = lua_newuserdatauv(L, (size_t)n * sizeof *argv, 0);
	for (int i = 1; i <= n; i++)
		argv[i - 1] = lua_tostring(L, i);
	return argv;
}

static CliBox *new_cli_box(lua_State *L, Sim *s)
{
	CliBox *b = lua_newuserdatauv(L, sizeof *b, 0);
	*b = (CliBox){ NULL, s };
	if (luaL_newmetatable(L, CLI_MT)) {
		lua_pushcfunction(L, cli_box_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_setmetatable(L, -2);
	return b;
}

/* cli(action, arg, …) → text, exit code: `flink action arg …` as the client container runs it. */
static int flink_cli(lua_State *L)
{
	int n = lua_gettop(L), code;
	const char **argv = cli_argv(L, n);
	Sim *s = pg_sim(L, "pg.flink.cli");
	if (cli_may_wait(L, n))
		pg_check_may_wait(L, "pg.flink.cli");
	CliBox *b = new_cli_box(L, s);
	if (!(b->call = cli_begin(s, n, argv)))
		return luaL_error(L, "pg.flink.cli: not enough memory");
	/* The clients that wait without a limit (an attached run; 1.9's stop and savepoint) are
	 * interrupted after GIVE_UP_US, as a user would press Ctrl-C (exit 130). */
	for (SimTime give_up = sim_now(s) + GIVE_UP_US; !cli_done(s, b->call) && sim_now(s) < give_up;)
		pg_timers_advance(L, sim_now(s) + POLL_US);
	char *text = cli_finish(s, b->call, &code);
	b->call = NULL;
	lua_pushstring(L, text ? text : "");
	free(text);
	lua_pushinteger(L, code);
	return 2;
}

static const luaL_Reg flink_funcs[] = {
	{ "run", flink_run },
	{ "list", flink_list },
	{ "job", flink_job },
	{ "metrics", flink_metrics },
	{ "cancel", flink_cancel },
	{ "stop", flink_stop },
	{ "savepoint", flink_savepoint },
	{ "latest_checkpoint", flink_latest_checkpoint },
	{ "savepoints", flink_savepoints },
	{ "rest", flink_rest },
	{ "http", flink_http },
	{ "cli", flink_cli },
	{ NULL, NULL },
};

int luaopen_pg_flink(lua_State *L)
{
	luaL_newlib(L, flink_funcs);
	return 1;
}
