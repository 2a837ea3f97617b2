/*
 * swarm_shrink.c — ddmin over a plan's steps, and the shrunk scenario file (swarm_shrink.h).
 *
 * ddmin keeps a current subset (step indices, ascending) known to fail, cuts it into
 * `gran` chunks and tries, in this order, each chunk alone and then each complement (when
 * gran is 2 the complements are the chunks, so only those). A failing chunk becomes the
 * subset with gran 2; a failing complement the subset with gran − 1; when nothing fails
 * the cut is refined (gran × 2) until chunks are single steps — then the subset is
 * 1-minimal: removing any one step makes the failure go away. Before the first round the
 * empty plan is tried: a failure that needs no step at all is worth knowing at once.
 */
#include "swarm_shrink.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct SwarmDdminRound {
	const size_t *cur;            /* the current subset: step indices, ascending */
	size_t m;                     /* its size */
	size_t gran;                  /* chunks it is cut into, 2..m */
	size_t nsteps;                /* the plan's steps (mask length) */
	bool empty;                   /* the round of one candidate: no step at all */
};

static size_t chunk_start(const SwarmDdminRound *r, size_t j)
{
	return j * r->m / r->gran;
}

static bool in_candidate(const SwarmDdminRound *r, size_t i, size_t k)
{
	bool complement = i >= r->gran;
	size_t j = complement ? i - r->gran : i;
	bool inside = k >= chunk_start(r, j) && k < chunk_start(r, j + 1);
	return complement != inside;
}

void swarm_ddmin_candidate(const SwarmDdminRound *r, size_t i, bool *mask)
{
	memset(mask, 0, r->nsteps * sizeof *mask);
	for (size_t k = 0; !r->empty && k < r->m; k++)
		mask[r->cur[k]] = in_candidate(r, i, k);
}

/* Subsets, then complements (none when gran is 2: they are the subsets). */
static size_t round_count(const SwarmDdminRound *r)
{
	return r->empty ? 1 : r->gran == 2 ? 2 : 2 * r->gran;
}

bool swarm_ddmin(size_t nsteps, size_t max_trials, SwarmTryFn try_fn, void *ctx, SwarmDdminResult *out)
{
	size_t *cur = malloc((nsteps ? nsteps : 1) * sizeof *cur), *next = malloc((nsteps ? nsteps : 1) * sizeof *next);
	*out = (SwarmDdminResult){ .keep = calloc(nsteps ? nsteps : 1, sizeof *out->keep) };
	if (!cur || !next || !out->keep) {
		free(cur);
		free(next);
		free(out->keep);
		out->keep = NULL;
		return false;
	}
	for (size_t i = 0; i < nsteps; i++)
		cur[i] = i;
	size_t m = nsteps, gran = 2, counted;
	SwarmDdminRound r = { cur, m, 2, nsteps, true };
	if (nsteps > 0 && max_trials > 0) {
		long hit = try_fn(ctx, &r, 1, 1, &counted);
		out->trials += counted;
		m = hit == 0 ? 0 : m;
	}
	r.empty = false;
	while (m >= 2) {
		if (out->trials >= max_trials) {
			out->exhausted = true;
			break;
		}
		r = (SwarmDdminRound){ cur, m, gran, nsteps, false };
		size_t n = round_count(&r);
		long hit = try_fn(ctx, &r, n, max_trials - out->trials, &counted);
		out->trials += counted;
		if (hit >= 0) {
			size_t m2 = 0;
			for (size_t k = 0; k < m; k++)
				if (in_candidate(&r, (size_t)hit, k))
					next[m2++] = cur[k];
			size_t *t = cur;
			cur = next;
			next = t;
			m = m2;
			gran = (size_t)hit >= gran ? (gran > 2 ? gran - 1 : 2) : 2;
		} else if (counted < n) {
			out->exhausted = true;
			break;
		} else if (gran >= m) {
			break;
		} else {
			gran = 2 * gran < m ? 2 * gran : m;
		}
	}
	for (size_t k = 0; k < m; k++)
		out->keep[cur[k]] = true;
	out->nkept = m;
	free(cur);
	free(next);
	return true;
}

/* ---------------------------------------------------------------- the shrunk scenario */

void swarm_format_time(double t, char *out, size_t len)
{
	snprintf(out, len, "%.6f", t);
	if (strtod(out, NULL) != t)
		snprintf(out, len, "%.17g", t);
}

/* Writes s on one line: a Lua comment must not end early. */
static void put_one_line(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
}

bool swarm_shrink_write(const char *path, const SwarmShrunkOrigin *origin, const char *setup,
                        const SwarmStep *steps, size_t nsteps, const bool *keep, char *err, size_t errlen)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		return false;
	}
	size_t kept = 0;
	for (size_t i = 0; i < nsteps; i++)
		kept += keep[i];
	fputs("-- Shrunk by `", f);
	put_one_line(f, origin->command);
	fprintf(f, "`: seed %llu, %zu of %zu steps kept.\n", (unsigned long long)origin->seed, kept, nsteps);
	fprintf(f, "-- It fails as the seed did: [%s] ", origin->check);
	put_one_line(f, origin->message);
	fputs("\n-- expect-exit: 1\n", f);
	fputs("local pg = require(\"playground\")\n", f);
	fputs("local swarm = require(\"playground.swarm\")\n", f);
	fprintf(f, "swarm.replay(%s, {\n", setup);
	for (size_t i = 0; i < nsteps; i++) {
		char t[40];
		if (!keep[i])
			continue;
		swarm_format_time(steps[i].t_s, t, sizeof t);
		fprintf(f, "  { t = %s, run = function(w) %s end },\n", t, steps[i].code);
	}
	fputs("})\n", f);
	bool ok = !ferror(f);
	if (fclose(f) != 0)
		ok = false;
	if (!ok)
		snprintf(err, errlen, "error writing %s: %s", path, strerror(errno));
	return ok;
}

void swarm_shrink_path(const char *dir, const char *scenario, uint64_t seed, char *out, size_t len)
{
	const char *base = strrchr(scenario, '/');
	base = base ? base + 1 : scenario;
	size_t n = strlen(base);
	if (n > 4 && strcmp(base + n - 4, ".lua") == 0)
		n -= 4;
	size_t d = strlen(dir);
	while (d > 1 && dir[d - 1] == '/')
		d--;
	snprintf(out, len, "%.*s/%.*s-seed-%llu-shrunk.lua", (int)d, dir, (int)n, base, (unsigned long long)seed);
}
