/*
 * args.c — `playground viz` arguments (see args.h).
 */
#include "args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static int fail(char *err, size_t len, const char *what, const char *value)
{
	snprintf(err, len, "%s%s%s", what, value ? " " : "", value ? value : "");
	return 2;
}

/* Applies an option that takes a value. */
static int apply(VizArgs *a, const char *name, const char *v, char *err, size_t len)
{
	if (strcmp(name, "--seed") == 0) {
		if (!parse_u64(v, &a->seed))
			return fail(err, len, "--seed needs an unsigned integer, got", v);
		a->seed_given = true;
	} else if (strcmp(name, "--budget") == 0) {
		if (!parse_u64(v, &a->budget) || a->budget == 0)
			return fail(err, len, "--budget needs a positive number of Lua instructions, got", v);
	} else if (strcmp(name, "--speed") == 0) {
		char num[32];
		size_t n = strlen(v);
		double x = 0;
		if (n > 0 && v[n - 1] == 'x')                 /* "2x" */
			n--;
		snprintf(num, sizeof num, "%.*s", (int)(n < sizeof num ? n : sizeof num - 1), v);
		if (strcmp(v, "max") != 0 && (n >= sizeof num || !timefmt_parse_decimal(num, &x) || x <= 0 || x > 1e9))
			return fail(err, len, "--speed needs a decimal factor > 0 (e.g. 1, 10, 0.5, 2x) or max, got", v);
		a->speed = x;
		a->speed_given = true;
	} else if (strcmp(name, "--snapshot-at") == 0) {
		if (!viz_parse_times(v, a->snapshots, VIZ_MAX_SNAPSHOTS, &a->nsnapshots))
			return fail(err, len, "--snapshot-at needs durations separated by commas (60,2m,90s,1500ms), got", v);
	} else if (strcmp(name, "--out") == 0) {
		a->out_dir = v;
	} else if (strcmp(name, "--size") == 0) {
		if (sscanf(v, "%dx%d", &a->width, &a->height) != 2 || a->width < 320 || a->height < 240 ||
		    a->width > 8192 || a->height > 8192)
			return fail(err, len, "--size needs WIDTHxHEIGHT (e.g. 1280x800), got", v);
	}
	return 0;
}

int viz_args_parse(int argc, char **argv, VizArgs *a, char *err, size_t len)
{
	static const struct {
		const char *name;         /* "--seed" */
		bool value;               /* takes a value */
	} opts[] = {
		{ "--seed", true }, { "--budget", true }, { "--speed", true }, { "--snapshot-at", true },
		{ "--out", true }, { "--size", true }, { "--headless", false }, { "--exit-at-end", false },
	};
	memset(a, 0, sizeof *a);
	a->speed = VIZ_DEFAULT_SPEED;
	a->width = 1280;
	a->height = 800;
	for (int i = 2; i < argc; i++) {
		const char *arg = argv[i];
		if (strcmp(arg, "--") == 0) {
			a->args = argv + i + 1;
			a->nargs = argc - i - 1;
			break;
		}
		if (arg[0] != '-' || arg[1] == '\0') {
			if (a->file)
				return fail(err, len, "one scenario file at a time; extra argument", arg);
			a->file = arg;
			continue;
		}
		size_t n = strcspn(arg, "=");
		size_t k = 0;
		while (k < sizeof opts / sizeof opts[0] && !(strlen(opts[k].name) == n && strncmp(arg, opts[k].name, n) == 0))
			k++;
		if (k == sizeof opts / sizeof opts[0])
			return fail(err, len, "unknown option", arg);
		if (!opts[k].value) {
			if (arg[n] == '=')
				return fail(err, len, "this option takes no value:", arg);
			if (strcmp(opts[k].name, "--headless") == 0)
				a->headless = true;
			else
				a->exit_at_end = true;
			continue;
		}
		const char *v = arg[n] == '=' ? arg + n + 1 : i + 1 < argc ? argv[++i] : NULL;
		if (!v)
			return fail(err, len, "missing value after", arg);
		int rc = apply(a, opts[k].name, v, err, len);
		if (rc)
			return rc;
	}
	if (!a->file)
		return fail(err, len, "no scenario file given", NULL);
	if (a->nsnapshots > 0 && !a->out_dir)
		return fail(err, len, "--snapshot-at needs --out DIR", NULL);
	if (a->out_dir && a->nsnapshots == 0)
		return fail(err, len, "--out is for --snapshot-at; give the times too", NULL);
	return 0;
}
