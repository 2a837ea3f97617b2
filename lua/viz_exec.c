/*
 * viz_exec.c — `playground viz` in the program without the view: runs the view's program.
 *
 * The view needs SDL2 and its ~60 shared libraries, whose loading and relocation cost every
 * start ~10 ms — more than most scenario runs. So `playground` is built without them and
 * `playground viz …` runs playground-viz (the same program with the view linked in) with
 * the same arguments: from the directory of this program (the build tree), else from
 * ../libexec/playground beside it (make install), as git runs its git-* programs.
 *
 * The command line is checked here first, by the same parser (viz/args.c): a usage error
 * or --help needs no view, and playground-viz would load those libraries only to print the
 * same message (the option tests start `viz` with a bad value 60 times).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"

int viz_main(int argc, char **argv)
{
	VizArgs a;
	char err[600];
	int rc = viz_args_parse(argc, argv, &a, err, sizeof err);
	if (rc == CLI_HELP)
		return 0;
	if (rc)
		return cli_usage_error(&viz_cli, argv[0], "%s", err);
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0) {
		fprintf(stderr, "%s viz: cannot find this program's directory (/proc/self/exe: %s)\n", argv[0],
		        strerror(errno));
		return 2;
	}
	self[n] = '\0';
	char *slash = strrchr(self, '/');
	*slash = '\0';
	const char *places[] = { "playground-viz", "../libexec/playground/playground-viz" };
	char tried[2][PATH_MAX + 48];
	for (int i = 0; i < 2; i++) {
		snprintf(tried[i], sizeof tried[i], "%s/%s", self, places[i]);
		if (access(tried[i], X_OK) == 0) {
			execv(tried[i], argv);
			fprintf(stderr, "%s viz: cannot run %s: %s\n", argv[0], tried[i], strerror(errno));
			return 2;
		}
	}
	fprintf(stderr, "%s viz: the view's program is missing (neither %s nor %s); "
	                "build it with make, or reinstall\n", argv[0], tried[0], tried[1]);
	return 2;
}
