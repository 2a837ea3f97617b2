/*
 * args.c — `playground viz` arguments (see args.h): the command's option table (cliopt.h)
 * and the readers of the values only the view has (speeds, lists of times, window sizes).
 */
#include "args.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controls.h"
#include "core/timefmt.h"

/* The project's one duration parser, with bare numbers as seconds ("60" = 60 s). */
bool viz_parse_duration(const char *s, SimTime *out_us)
{
	char why[160];
	return s && timefmt_parse_duration(s, TIMEFMT_BARE_SECONDS, out_us, why, sizeof why);
}

static int by_time(const void *a, const void *b)
{
	SimTime x = *(const SimTime *)a, y = *(const SimTime *)b;
	return x < y ? -1 : x > y;
}

bool viz_parse_times(const char *list, SimTime *out, int max, int *n)
{
	int k = 0;
	if (!list || !*list)
		return false;
	for (const char *p = list;; p++) {
		char item[64];
		size_t len = strcspn(p, ",");
		if (len == 0 || len >= sizeof item || k == max)
			return false;
		memcpy(item, p, len);
		item[len] = '\0';
		if (!viz_parse_duration(item, &out[k++]))
			return false;
		p += len;
		if (*p == '\0')
			break;
	}
	qsort(out, (size_t)k, sizeof out[0], by_time);
	int u = 0;
	for (int i = 0; i < k; i++)
		if (u == 0 || out[i] != out[u - 1])
			out[u++] = out[i];
	*n = u;
	return true;
}

/* A key of the window, as --scrub writes it, and the command it gives. */
static bool step_key(const char *k, size_t n, VizStep *st)
{
	static const struct {
		char key;
		VizCommand cmd;
	} keys[] = {
		{ 'k', VIZ_CMD_KILL_TM }, { 's', VIZ_CMD_START_TM }, { 'p', VIZ_CMD_PAUSE_TM }, { 'u', VIZ_CMD_SCALE_UP },
		{ 'd', VIZ_CMD_SCALE_DOWN }, { 'x', VIZ_CMD_STOP_SAVEPOINT }, { 'r', VIZ_CMD_RESUBMIT },
		{ '[', VIZ_CMD_PARALLELISM_DOWN }, { ']', VIZ_CMD_PARALLELISM_UP },
	};
	if (n != 1)
		return false;
	st->arg = 0;
	if (k[0] >= '1' && k[0] <= '9') {
		st->cmd = VIZ_CMD_SELECT_TM;
		st->arg = k[0] - '1';
		return true;
	}
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (keys[i].key == k[0]) {
			st->cmd = (int)keys[i].cmd;
			return true;
		}
	return false;
}

bool viz_parse_steps(const char *list, VizStep *out, int max, int *n, char *why, size_t len)
{
	int k = 0;
	for (const char *p = list ? list : "";; p++) {
		char item[64];
		size_t m = strcspn(p, ",");
		snprintf(item, sizeof item, "%.*s", (int)(m < sizeof item ? m : sizeof item - 1), p);
		const char *at = strchr(item, '@');
		VizStep st = { 0, -1, 0 };
		bool ok = m > 0 && m < sizeof item && k < max &&
		          (at ? step_key(item, (size_t)(at - item), &st) && viz_parse_duration(at + 1, &st.t)
		              : viz_parse_duration(item, &st.t));
		if (!ok) {
			if (k == max)
				snprintf(why, len, "more than %d steps", max);
			else
				snprintf(why, len, "bad step \"%s\"", item);
			return false;
		}
		out[k++] = st;
		p += m;
		if (!*p)
			break;
	}
	*n = k;
	return true;
}

/* --scrub: fills steps and nsteps (dest: the VizArgs, .at 0). */
static bool parse_scrub(const char *v, void *dest, char *why, size_t len)
{
	VizArgs *a = dest;
	return viz_parse_steps(v, a->steps, VIZ_MAX_STEPS, &a->nsteps, why, len);
}

/* "A,B": two seeds, decimal, each below 2^63 (dest: the VizArgs, .at 0). */
static bool parse_seeds(const char *text, void *dest, char *why, size_t len)
{
	VizArgs *a = dest;
	(void)why;
	(void)len;
	for (int i = 0; i < 2; i++) {
		char *end;
		if (text[0] < '0' || text[0] > '9')
			return false;
		unsigned long long v = strtoull(text, &end, 10);
		if (v > INT64_MAX || (i == 0 ? *end != ',' : *end != '\0'))
			return false;
		a->seeds[i] = v;
		text = end + 1;
	}
	a->seeds_given = true;
	return true;
}

/* --speed: a strict decimal factor > 0 (at most 1e9), optionally with an x ("2x"), or max
 * (0: as fast as the machine runs). dest: double. */
static bool parse_speed(const char *v, void *dest, char *why, size_t len)
{
	char num[32];
	size_t n = strlen(v);
	double x = 0;
	(void)why;
	(void)len;
	if (strcmp(v, "max") != 0) {
		if (n > 0 && v[n - 1] == 'x')                 /* "2x" */
			n--;
		if (n >= sizeof num)
			return false;
		snprintf(num, sizeof num, "%.*s", (int)n, v);
		if (!timefmt_parse_decimal(num, &x) || x <= 0 || x > 1e9)
			return false;
	}
	*(double *)dest = x;
	return true;
}

/* --snapshot-at: fills snapshots and nsnapshots (dest: the VizArgs, .at 0). */
static bool parse_snapshots(const char *v, void *dest, char *why, size_t len)
{
	VizArgs *a = dest;
	(void)why;
	(void)len;
	return viz_parse_times(v, a->snapshots, VIZ_MAX_SNAPSHOTS, &a->nsnapshots);
}

/* --snapshot-on: the moments to snapshot (dest: a VizWatch). */
static bool parse_moments(const char *v, void *dest, char *why, size_t len)
{
	return viz_watch_parse(v, dest, why, len);
}

/* --size WxH: fills width and height (dest: the VizArgs, .at 0). */
static bool parse_size(const char *v, void *dest, char *why, size_t len)
{
	VizArgs *a = dest;
	char tail;
	int w, h;
	(void)why;
	(void)len;
	if (strspn(v, "0123456789x") != strlen(v) || sscanf(v, "%5dx%5d%c", &w, &h, &tail) != 2 || w < 320 ||
	    h < 240 || w > 8192 || h > 8192)
		return false;
	a->width = w;
	a->height = h;
	return true;
}

#define AT(field) offsetof(VizArgs, field)

static const CliOpt viz_opts[] = {
	{ .name = "seed", .kind = CLI_U64, .meta = "N", .at = AT(seed),
	  .help = "The run's seed; overrides pg.up{ seed = ... }.", .def_note = "the seed pg.up is given, else 1" },
	{ .name = "speed", .kind = CLI_CUSTOM, .meta = "X|max", .at = AT(speed), .parse = parse_speed, .def = "10",
	  .expects = "a decimal factor > 0 (e.g. 1, 10, 0.5, 2x) or max",
	  .help = "Simulated seconds per wall-clock second; max: as fast as the machine runs "
	          "(the default when headless). The trace hash does not depend on it." },
	{ .name = "snapshot-at", .kind = CLI_CUSTOM, .meta = "T,...", .at = 0, .parse = parse_snapshots,
	  .expects = "durations separated by commas (60,2m,90s,1500ms), at most 64",
	  .help = "Write a PNG of the view at these simulated times, as DIR/viz-<T>s.png (viz-60s.png, "
	          "viz-397.500s.png); needs --out. "
	          "Without a display it implies --headless." },
	{ .name = "snapshot-on", .kind = CLI_CUSTOM, .meta = "MOMENT,...", .at = AT(snapshot_on), .parse = parse_moments,
	  .expects = "moments separated by commas: submit, restart, restore, failure, running, end, checkpoint, "
	             "savepoint, kill, start, lost, command, fault, heal, or event kinds (taskmanager.lost, job.state, ...)",
	  .help = "Write a PNG of the view at every such event, as it is when the event's instant is over: "
	          "DIR/viz-<moment>-<T>s.png (viz-restart-95.001s.png); needs --out. Without a display it implies "
	          "--headless." },
	{ .name = "out", .kind = CLI_PATH, .meta = "DIR", .at = AT(out_dir),
	  .help = "Where the snapshots go (created if missing); only with --snapshot-at, --snapshot-on or --scrub." },
	{ .name = "scrub", .kind = CLI_CUSTOM, .meta = "STEP,...", .at = 0, .parse = parse_scrub,
	  .expects = "instants and KEY@instant steps separated by commas (300,100,k@100,150), at most 64",
	  .help = "Drive the time machine: visit the instants in order (running on, or going back: the run "
	          "again from the start, keys replayed), writing DIR/viz-<T>s.png at each; KEY@T presses a "
	          "key (k s p u d x r [ ] 1-9) at T, which after going back starts a new branch. Needs --out; "
	          "without a display it implies --headless." },
	{ .name = "apng", .kind = CLI_PATH, .meta = "FILE.png", .at = AT(apng_path),
	  .help = "Write an animated PNG (APNG) of the view from --from to --to, a frame every --every of "
	          "simulated time, played at --fps frames a second (for slides; browsers play it)." },
	{ .name = "from", .kind = CLI_DURATION, .meta = "T", .at = AT(from), .def = "0",
	  .help = "The animation's first frame (simulated time)." },
	{ .name = "to", .kind = CLI_DURATION, .meta = "T", .at = AT(to), .def_note = "the scenario's end",
	  .help = "The animation's last frame (simulated time)." },
	{ .name = "every", .kind = CLI_DURATION, .meta = "DT", .at = AT(every), .def = "1", .us_min = 10000,
	  .help = "Simulated time between two frames of the animation (at least 10ms)." },
	{ .name = "fps", .kind = CLI_U64, .meta = "N", .at = AT(fps), .def = "10", .u_min = 1, .u_max = 100,
	  .unit = "frames per second", .help = "Frames per second when the animation plays." },
	{ .name = "compare", .kind = CLI_PATH, .meta = "B.lua", .at = AT(compare_file),
	  .help = "Show a second scenario beside the first, in step (the same simulated instant), with the "
	          "first event where they part marked (the comparison of playground diff)." },
	{ .name = "seeds", .kind = CLI_CUSTOM, .meta = "A,B", .at = 0, .parse = parse_seeds,
	  .expects = "two seeds A,B (decimal, below 2^63)",
	  .help = "Compare at two seeds: the first run with seed A, the second (the same scenario, or "
	          "--compare's) with seed B." },
	{ .name = "headless", .kind = CLI_FLAG, .at = AT(headless),
	  .help = "No window: draw only the snapshots." },
	{ .name = "exit-at-end", .kind = CLI_FLAG, .at = AT(exit_at_end),
	  .help = "Close when the scenario ends (otherwise the last state stays; space keeps the playground "
	          "running)." },
	{ .name = "size", .kind = CLI_CUSTOM, .meta = "WxH", .at = 0, .parse = parse_size, .def = "1280x800",
	  .expects = "WIDTHxHEIGHT from 320x240 to 8192x8192 (e.g. 1280x800)",
	  .help = "The window's (and the snapshots') size in pixels." },
	{ .name = "budget", .kind = CLI_U64, .meta = "N", .at = AT(budget), .u_min = 1, .unit = "Lua instructions",
	  .def_note = "200000000", .help = "Lua VM instructions the scenario may execute." },
	{ .name = "timeline", .kind = CLI_PATH, .meta = "FILE.json", .at = AT(timeline_path),
	  .help = "Write the run as a Perfetto / Chrome trace-event timeline, as run --timeline does." },
	{ .name = "metrics", .kind = CLI_PATH, .meta = "FILE.csv", .at = AT(metrics_path),
	  .help = "Write metrics sampled each simulated second as CSV, as run --metrics does." },
	{ .name = "record", .kind = CLI_PATH, .meta = "OUT.lua", .at = AT(record_path),
	  .help = "Write the branch on screen as a scenario: the scenario's text after one pg.time.at timer "
	          "per keyboard command (the Lua API call the key made, at its simulated instant), so that "
	          "playground run OUT.lua ends with the trace hash the view printed. Written when the view "
	          "quits, and each time a new branch begins." },
	{ .name = "port", .kind = CLI_U64, .meta = "P", .at = AT(port), .u_max = 65535,
	  .def_note = "none: no HTTP, since 8081 may be in use",
	  .help = "Serve the REST API on http://127.0.0.1:P while the view runs (curl 127.0.0.1:P/jobs): each "
	          "request acts at the instant the view has reached, in the trace as http METHOD TARGET, and "
	          "--record writes it as a pg.flink.http call. Headless, the view then runs at --speed 1 unless "
	          "told otherwise. A port in use is an error (exit 2); 0 serves nothing." },
};

const CliCommand viz_cli = {
	.name = "viz",
	.summary = "show a scenario in an SDL2 window, or render snapshots of it",
	.words = "FILE.lua",
	.word_noun = "scenario file",
	.max_words = 1,
	.rest = true,
	.rest_help = "Every word after -- reaches the scenario as arg[1], arg[2], ... (as for run).",
	.description =
		"The same scenario as playground run, in an SDL2 window: the containers and TaskManagers with "
		"their slots and subtasks, the job graph tinted by busy and back-pressured time, Kafka, "
		"checkpoints, the output windows and the log. Time passes frame by frame; the model never sees "
		"a frame, so the trace hash is the one playground run prints, at any speed.\n\n"
		"The bar at the bottom is the run as far as it has gone, its events as marks: click or drag it, "
		"or press the arrow keys, to go back to any instant (the run again from the start, keyboard "
		"commands replayed: exactly the state of the run there) or on; a keyboard command after going "
		"back starts a new branch. --compare shows a second run beside the first, in step, with the "
		"first event where they part marked. Keys: h in the window; the list is in docs/lua-api.md.",
	.exit_status = "as for run: 0 the scenario ran to its end (or q was pressed); 1 it failed; 2 a "
	               "usage error, a scenario that does not load, or no display and nothing to render.",
	.opts = viz_opts,
	.nopts = sizeof viz_opts / sizeof viz_opts[0],
};

int viz_args_parse(int argc, char **argv, VizArgs *a, char *err, size_t len)
{
	CliParsed p;
	memset(a, 0, sizeof *a);
	int rc = cli_parse(&viz_cli, argc, argv, a, &p, err, len);
	if (rc)
		return rc;
	a->to = cli_given(&viz_cli, &p, "to") ? a->to : -1;
	a->seed_given = cli_given(&viz_cli, &p, "seed");
	a->speed_given = cli_given(&viz_cli, &p, "speed");
	a->size_given = cli_given(&viz_cli, &p, "size");
	a->file = p.nwords ? p.words[0] : NULL;
	a->args = p.rest;
	a->nargs = p.nrest;
	bool range = cli_given(&viz_cli, &p, "from") || a->to >= 0 || cli_given(&viz_cli, &p, "every") ||
	             cli_given(&viz_cli, &p, "fps");
	cli_parsed_free(&p);
	if (!a->file)
		return snprintf(err, len, "no scenario file given"), 2;
	bool on = !viz_watch_empty(&a->snapshot_on);
	if ((a->nsnapshots > 0 || on || a->nsteps > 0) && !a->out_dir)
		return snprintf(err, len, "%s needs --out DIR",
		                a->nsnapshots > 0 ? "--snapshot-at" : on ? "--snapshot-on" : "--scrub"), 2;
	if (a->out_dir && a->nsnapshots == 0 && !on && a->nsteps == 0)
		return snprintf(err, len, "--out is for --snapshot-at, --snapshot-on or --scrub; give the times too"), 2;
	if (a->to >= 0 && a->to < a->from)
		return snprintf(err, len, "--to comes before --from"), 2;
	if (range && !a->apng_path)
		return snprintf(err, len, "--from, --to, --every and --fps are for --apng FILE.png"), 2;
	return 0;
}
