/*
 * fuzz_rest.c — fuzzes what reads outside input in sim/rest: the REST request path (URI
 * splitting, percent-decoding, routing, query parameters, JSON bodies, id validation) and the
 * CLI's argument parser.
 *
 * An input is text in lines:
 *     METHOD\nURI\nBODY…        one REST request (BODY runs to the end; absent ⇒ NULL)
 *     CLI\nARG\nARG…            one CLI call, one argument per line (at most 16)
 * The playground (seed 1, Click Event Count submitted and run for 5 s) is built once and
 * rebuilt after any input that changed it (a trace line or a clock tick), so every input
 * meets the same model and a crash reproduces from its input alone. The job id for seed 1
 * is in the seed corpus so that actions reach the model.
 *
 * libFuzzer entry point LLVMFuzzerTestOneInput; with -DFUZZ_STANDALONE a main() runs the
 * files (or directories of files) given as arguments, for builds without libFuzzer.
 * Savepoints written by CLI calls go to a temporary directory removed at exit.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rest/cli.h"
#include "rest/rest.h"
#include "sim.h"

#define MAX_INPUT  8192
#define MAX_ARGV   16
#define CLI_WAIT_US (120 * SIM_US_PER_S)   /* an attached `run` waits for a job that never ends */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static Sim *fuzz_sim;
static char fuzz_dir[64];
static bool verbose;          /* standalone driver with FUZZ_REST_VERBOSE set: print answers */

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static void remove_dir(void)
{
	if (fuzz_dir[0])
		nftw(fuzz_dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static Sim *playground(void)
{
	if (fuzz_sim)
		return fuzz_sim;
	if (!fuzz_dir[0]) {
		snprintf(fuzz_dir, sizeof fuzz_dir, "/tmp/fuzz_rest_XXXXXX");
		if (!mkdtemp(fuzz_dir))
			abort();
		atexit(remove_dir);
	}
	SimOptions o;
	sim_options_default(&o);
	snprintf(o.config.savepoints_dir, sizeof o.config.savepoints_dir, "%s", fuzz_dir);
	fuzz_sim = sim_create(&o);
	JobOptions jo;
	job_options_default(&jo);
	char jid[33];
	if (!fuzz_sim || sim_up(fuzz_sim) != SIM_OK || sim_job_submit(fuzz_sim, &jo, jid) != SIM_OK)
		abort();
	sim_run_until(fuzz_sim, 5 * SIM_US_PER_S);
	return fuzz_sim;
}

static void rebuild(void)
{
	sim_destroy(fuzz_sim);
	fuzz_sim = NULL;
}

/* Cuts text at the first newline: returns the line, moves *rest past it (NULL at the end). */
static char *next_line(char **rest)
{
	char *line = *rest, *nl = line ? strchr(line, '\n') : NULL;
	if (nl) {
		*nl = '\0';
		*rest = nl + 1;
	} else {
		*rest = NULL;
	}
	return line;
}

static void run_cli(Sim *s, char *rest)
{
	const char *argv[MAX_ARGV];
	int argc = 0;
	while (rest && argc < MAX_ARGV)
		argv[argc++] = next_line(&rest);
	CliCall *c = cli_begin(s, argc, argv);
	if (!c)
		abort();
	SimTime limit = sim_now(s) + CLI_WAIT_US;
	while (!cli_done(s, c) && sim_now(s) < limit && sim_step(s))
		;
	int code;
	char *text = cli_finish(s, c, &code);
	if (!text || (code != 0 && code != 1 && code != 130))
		abort();
	if (verbose)
		printf("CLI %s -> exit %d\n%s", argc ? argv[0] : "", code, text);
	free(text);
}

static void run_rest(Sim *s, const char *method, char *rest)
{
	const char *uri = rest ? next_line(&rest) : "";
	char *answer = NULL;
	int status = rest_handle(s, method, uri, rest, &answer);
	if (!answer || status < 200 || status > 599)
		abort();
	if (verbose)
		printf("%s %s -> %d %s\n", method, uri, status, answer);
	free(answer);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > MAX_INPUT)
		return 0;
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	Sim *s = playground();
	uint64_t lines = sim_trace_lines(s);
	SimTime now = sim_now(s);
	char *rest = text;
	const char *method = next_line(&rest);
	if (strcmp(method, "CLI") == 0)
		run_cli(s, rest);
	else
		run_rest(s, method, rest);
	if (sim_trace_lines(s) != lines || sim_now(s) != now)
		rebuild();
	free(text);
	return 0;
}

#ifdef FUZZ_STANDALONE
#include <dirent.h>

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "fuzz_rest: cannot open %s\n", path);
		return 1;
	}
	static uint8_t buf[MAX_INPUT];
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	return 0;
}

/* Runs each file argument, or each regular file of a directory argument. */
int main(int argc, char **argv)
{
	int runs = 0, errors = 0;
	verbose = getenv("FUZZ_REST_VERBOSE") != NULL;
	for (int i = 1; i < argc; i++) {
		DIR *d = opendir(argv[i]);
		if (!d) {
			errors += run_file(argv[i]);
			runs++;
			continue;
		}
		for (struct dirent *e; (e = readdir(d));) {
			if (e->d_name[0] == '.')
				continue;
			char path[4096];
			snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
			errors += run_file(path);
			runs++;
		}
		closedir(d);
	}
	rebuild();
	printf("fuzz_rest: %d inputs, %d unreadable\n", runs, errors);
	return errors ? 1 : 0;
}
#endif
