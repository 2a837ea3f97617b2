/*
 * cli_help.c — `flink --help` and `flink <action> -h` as Flink 1.9's CliFrontendParser prints
 * them: the action texts and options of release-1.9, laid out by commons-cli's HelpFormatter
 * (width 80, left padding 5, description padding 3, options sorted by their short name
 * ignoring case, descriptions wrapped at the last space before the width). The playground's
 * client has one custom command line, the DefaultCLI ("default" mode: -m, -z): the YARN one
 * cannot load in the flink:1.9.2 image, which has no Hadoop classes.
 */
#include "cli_help.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HELP_WIDTH    80
#define HELP_LEFT_PAD 5
#define HELP_DESC_PAD 3
#define HELP_MAX_OPTS 16

typedef struct HelpOpt {
	const char *opt;          /* short name ("p"), never NULL in these tables */
	const char *longopt;      /* long name ("parallelism") or NULL */
	const char *arg;          /* argument name shown as <arg>, NULL when it takes none */
	const char *desc;         /* description, may contain '\n' */
} HelpOpt;

/* ---------------------------------------------------------------- Flink 1.9's options */

#define SAVEPOINT_DIR_KEY "state.savepoints.dir"

static const HelpOpt opt_class = { "c", "class", "classname",
	"Class with the program entry point (\"main()\" method or \"getPlan()\" method). Only needed if the "
	"JAR file does not specify the class in its manifest." };
static const HelpOpt opt_classpath = { "C", "classpath", "url",
	"Adds a URL to each user code classloader  on all nodes in the cluster. The paths must specify a "
	"protocol (e.g. file://) and be accessible on all nodes (e.g. by means of a NFS share). You can use "
	"this option multiple times for specifying more than one URL. The protocol must be supported by the "
	"{@link java.net.URLClassLoader}." };
static const HelpOpt opt_parallelism = { "p", "parallelism", "parallelism",
	"The parallelism with which to run the program. Optional flag to override the default value "
	"specified in the configuration." };
static const HelpOpt opt_sysout = { "q", "sysoutLogging", NULL,
	"If present, suppress logging output to standard out." };
static const HelpOpt opt_detached = { "d", "detached", NULL, "If present, runs the job in detached mode" };
static const HelpOpt opt_sae = { "sae", "shutdownOnAttachedExit", NULL,
	"If the job is submitted in attached mode, perform a best-effort cluster shutdown when the CLI is "
	"terminated abruptly, e.g., in response to a user interrupt, such as typing Ctrl + C." };
static const HelpOpt opt_py = { "py", "python", "python",
	"Python script with the program entry point. The dependent resources can be configured with the "
	"`--pyFiles` option." };
static const HelpOpt opt_pyfiles = { "pyfs", "pyFiles", "pyFiles",
	"Attach custom python files for job. Comma can be used as the separator to specify multiple files. "
	"The standard python resource file suffixes such as .py/.egg/.zip are all supported.(eg: --pyFiles "
	"file:///tmp/myresource.zip,hdfs:///$namenode_address/myresource2.zip)" };
static const HelpOpt opt_pymodule = { "pym", "pyModule", "pyModule",
	"Python module with the program entry point. This option must be used in conjunction with `--pyFiles`." };
static const HelpOpt opt_from_savepoint = { "s", "fromSavepoint", "savepointPath",
	"Path to a savepoint to restore the job from (for example hdfs:///flink/savepoint-1537)." };
static const HelpOpt opt_non_restored = { "n", "allowNonRestoredState", NULL,
	"Allow to skip savepoint state that cannot be restored. You need to allow this if you removed an "
	"operator from your program that was part of the program when the savepoint was triggered." };
static const HelpOpt opt_running = { "r", "running", NULL, "Show only running programs and their JobIDs" };
static const HelpOpt opt_scheduled = { "s", "scheduled", NULL, "Show only scheduled programs and their JobIDs" };
static const HelpOpt opt_stop_path = { "p", "savepointPath", "savepointPath",
	"Path to the savepoint (for example hdfs:///flink/savepoint-1537). If no directory is specified, the "
	"configured default will be used (\"" SAVEPOINT_DIR_KEY "\")." };
static const HelpOpt opt_drain = { "d", "drain", NULL,
	"Send MAX_WATERMARK before taking the savepoint and stopping the pipelne." };
static const HelpOpt opt_cancel_savepoint = { "s", "withSavepoint", "targetDirectory",
	"**DEPRECATION WARNING**: Cancelling a job with savepoint is deprecated. Use \"stop\" instead. \n"
	" Trigger savepoint and cancel job. The target directory is optional. If no directory is specified, "
	"the configured default directory (" SAVEPOINT_DIR_KEY ") is used." };
static const HelpOpt opt_dispose = { "d", "dispose", "arg", "Path of savepoint to dispose." };
static const HelpOpt opt_jarfile = { "j", "jarfile", "jarfile", "Flink program JAR file." };
/* The DefaultCLI's general options (AbstractCustomCommandLine); neither sets an argument name. */
static const HelpOpt opt_jobmanager = { "m", "jobmanager", "arg",
	"Address of the JobManager (master) to which to connect. Use this flag to connect to a different "
	"JobManager than the one specified in the configuration." };
static const HelpOpt opt_zookeeper = { "z", "zookeeperNamespace", "arg",
	"Namespace to create the Zookeeper sub-paths for high availability mode" };

/* ---------------------------------------------------------------- output */

typedef struct Text {
	char  *buf;               /* NUL-terminated, malloc'd */
	size_t len, cap;
} Text;

static void text_put(Text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		size_t cap = (t->cap ? 2 * t->cap : 1024) + n;
		char *grown = realloc(t->buf, cap);
		if (!grown)
			return;
		t->buf = grown;
		t->cap = cap;
	}
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = '\0';
}

static void text_str(Text *t, const char *s) { text_put(t, s, strlen(s)); }

/* Appends s[0..n) without its trailing white space (HelpFormatter.rtrim). */
static void text_rtrim(Text *t, const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	text_put(t, s, n);
}

/* HelpFormatter.findWrapPos: where to break text so that its first line fits width; -1 if
 * it fits as it is. */
static long find_wrap_pos(const char *text, long width)
{
	long len = (long)strlen(text);
	const char *nl = strchr(text, '\n');
	if (nl && nl - text <= width)
		return nl - text + 1;
	const char *tab = strchr(text, '\t');
	if (tab && tab - text <= width)
		return tab - text + 1;
	if (width >= len)
		return -1;
	long pos = width;
	while (pos >= 0 && text[pos] != ' ' && text[pos] != '\n' && text[pos] != '\r')
		pos--;
	if (pos > 0)
		return pos;
	return width == len ? -1 : width;
}

/* HelpFormatter.renderWrappedText: the first line as it starts, the others indented to
 * next_tab, each cut at the last space that fits. */
static void render_wrapped(Text *t, long next_tab, const char *first)
{
	long pos = find_wrap_pos(first, HELP_WIDTH);
	if (pos < 0) {
		text_rtrim(t, first, strlen(first));
		return;
	}
	text_rtrim(t, first, (size_t)pos);
	text_str(t, "\n");
	if (next_tab >= HELP_WIDTH)
		next_tab = 1;
	const char *rest = first + pos;
	char *line = NULL;
	for (;;) {
		while (*rest == ' ' || *rest == '\t' || *rest == '\n' || *rest == '\r')
			rest++;                                     /* String.trim() */
		size_t rlen = strlen(rest);
		while (rlen > 0 && (unsigned char)rest[rlen - 1] <= ' ')
			rlen--;
		char *grown = realloc(line, (size_t)next_tab + rlen + 1);
		if (!grown)
			break;
		line = grown;
		memset(line, ' ', (size_t)next_tab);
		memcpy(line + next_tab, rest, rlen);
		line[next_tab + (long)rlen] = '\0';
		pos = find_wrap_pos(line, HELP_WIDTH);
		if (pos < 0) {
			text_str(t, line);
			break;
		}
		if ((long)strlen(line) > HELP_WIDTH && pos == next_tab - 1)
			pos = HELP_WIDTH;
		text_rtrim(t, line, (size_t)pos);
		text_str(t, "\n");
		rest = rest + (pos - next_tab > 0 ? pos - next_tab : 0);
	}
	free(line);
}

/* The OptionComparator: keys compared ignoring case; a stable insertion sort keeps the
 * declaration order of equal keys ("c" before "C"), as Collections.sort does. */
static void sort_options(const HelpOpt **o, int n)
{
	for (int i = 1; i < n; i++)
		for (int k = i; k > 0 && strcasecmp(o[k - 1]->opt, o[k]->opt) > 0; k--) {
			const HelpOpt *tmp = o[k];
			o[k] = o[k - 1];
			o[k - 1] = tmp;
		}
}

/* formatter.printHelp(" ", options) with a syntax prefix: the prefix line, then the options. */
static void print_options(Text *t, const char *prefix, const HelpOpt *const *list, int n)
{
	text_str(t, prefix);
	text_str(t, "\n");
	const HelpOpt *o[HELP_MAX_OPTS];
	char head[HELP_MAX_OPTS][96];
	long max = 0;
	for (int i = 0; i < n; i++)
		o[i] = list[i];
	sort_options(o, n);
	for (int i = 0; i < n; i++) {
		snprintf(head[i], sizeof head[i], "%*s-%s%s%s%s%s%s", HELP_LEFT_PAD, "", o[i]->opt,
		         o[i]->longopt ? ",--" : "", o[i]->longopt ? o[i]->longopt : "",
		         o[i]->arg ? " <" : "", o[i]->arg ? o[i]->arg : "", o[i]->arg ? ">" : "");
		if ((long)strlen(head[i]) > max)
			max = (long)strlen(head[i]);
	}
	for (int i = 0; i < n; i++) {
		char line[1024];
		snprintf(line, sizeof line, "%-*s%*s%s", (int)max, head[i], HELP_DESC_PAD, "", o[i]->desc);
		render_wrapped(t, max + HELP_DESC_PAD, line);
		if (i + 1 < n)
			text_str(t, "\n");
	}
	text_str(t, "\n");
}

/* printCustomCliOptions: the DefaultCLI's options, then an empty line. */
static void print_default_mode(Text *t)
{
	static const HelpOpt *const opts[] = { &opt_jobmanager, &opt_zookeeper };
	print_options(t, "  Options for default mode:", opts, 2);
	text_str(t, "\n");
}

static void print_action(Text *t, const char *title, const char *syntax, const char *action,
                         const HelpOpt *const *opts, int n, bool custom)
{
	char prefix[64];
	text_str(t, "\n");
	text_str(t, title);
	text_str(t, "\n\n  Syntax: ");
	text_str(t, syntax);
	text_str(t, "\n");
	snprintf(prefix, sizeof prefix, "  \"%s\" action options:", action);
	print_options(t, prefix, opts, n);
	if (custom)
		print_default_mode(t);
	text_str(t, "\n");
}

/* The whole help (action NULL) or one action's. */
static bool wants(const char *action, const char *name)
{
	return action == NULL || strcmp(action, name) == 0;
}

static bool help_19(Text *t, const char *action)
{
	static const HelpOpt *const run[] = {
		&opt_class, &opt_classpath, &opt_parallelism, &opt_sysout, &opt_detached, &opt_sae, &opt_py,
		&opt_pyfiles, &opt_pymodule, &opt_from_savepoint, &opt_non_restored,
	};
	static const HelpOpt *const info[] = { &opt_class, &opt_parallelism };
	static const HelpOpt *const list[] = { &opt_running, &opt_scheduled };
	static const HelpOpt *const stop[] = { &opt_stop_path, &opt_drain };
	static const HelpOpt *const cancel[] = { &opt_cancel_savepoint };
	static const HelpOpt *const savepoint[] = { &opt_dispose, &opt_jarfile };
	bool known = false;
	if (wants(action, "run")) {
		print_action(t, "Action \"run\" compiles and runs a program.", "run [OPTIONS] <jar-file> <arguments>",
		             "run", run, 11, true);
		known = true;
	}
	if (wants(action, "info")) {
		print_action(t, "Action \"info\" shows the optimized execution plan of the program (JSON).",
		             "info [OPTIONS] <jar-file> <arguments>", "info", info, 2, false);
		known = true;
	}
	if (wants(action, "list")) {
		print_action(t, "Action \"list\" lists running and scheduled programs.", "list [OPTIONS]", "list",
		             list, 2, true);
		known = true;
	}
	if (wants(action, "stop")) {
		print_action(t, "Action \"stop\" stops a running program with a savepoint (streaming jobs only).",
		             "stop [OPTIONS] <Job ID>", "stop", stop, 2, true);
		known = true;
	}
	if (wants(action, "cancel")) {
		print_action(t, "Action \"cancel\" cancels a running program.", "cancel [OPTIONS] <Job ID>", "cancel",
		             cancel, 1, true);
		known = true;
	}
	if (wants(action, "savepoint")) {
		print_action(t, "Action \"savepoint\" triggers savepoints for a running job or disposes existing ones.",
		             "savepoint [OPTIONS] <Job ID> [<target directory>]", "savepoint", savepoint, 2, true);
		known = true;
	}
	return known;
}

char *cli_help_text(const char *action)
{
	Text t = { NULL, 0, 0 };
	if (!action) {
		text_str(&t, "./flink <ACTION> [OPTIONS] [ARGUMENTS]\n\nThe following actions are available:\n");
		help_19(&t, NULL);
		text_str(&t, "\n");
	} else if (!help_19(&t, action)) {
		free(t.buf);
		return NULL;
	}
	return t.buf ? t.buf : strdup("");
}
