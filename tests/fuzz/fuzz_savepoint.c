/*
 * fuzz_savepoint.c — fuzzes the savepoint reader (sim/flink/savepoint.c).
 *
 * Every input is parsed twice: as it is, and sealed — its final 'end' line replaced by one
 * with the right checksum — because random bytes almost never carry a matching FNV-1a 64,
 * and the limits and consistency rules behind the checksum are what a crafted file attacks.
 * The reader must either return a complete checkpoint that keeps every rule of
 * docs/savepoint-format.md, or an error message — never crash, leak, read out of bounds, or
 * accept a file whose checksum does not match. Built with libFuzzer (clang
 * -fsanitize=fuzzer), or with -DFUZZ_STANDALONE as a plain program that runs the files or
 * directories it is given.
 */
#include <dirent.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/keygroup.h"
#include "core/record.h"
#include "flink/job.h"
#include "flink/savepoint.h"
#include "kafka/codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "broken rule: %s\n", #cond); abort(); } } while (0)

/* Every window entry of an accepted savepoint: in range, aligned, in the key group of its
 * page and in the range of its subtask, once per (window, page), a bounded number per page. */
static void check_windows(const CompletedCheckpoint *c)
{
	int per_page[CODEC_PAGES] = { 0 };
	for (int i = 0; i < c->nsnaps; i++) {
		const TaskSnapshot *t = c->snaps[i];
		int first, last;
		keygroup_range(c->max_parallelism, c->parallelism, t->subtask, &first, &last);
		for (size_t k = 0; k < t->nwindows; k++) {
			const WindowEntry *w = &t->windows[k];
			CHECK(w->page >= 0 && w->page < CODEC_PAGES);
			CHECK(w->count >= 1 && w->count <= INT32_MAX);
			CHECK(w->window_start >= 0 && w->window_start <= SAVEPOINT_MAX_TIME_MS + 1 - CLICK_WINDOW_MS);
			CHECK(w->window_start % CLICK_WINDOW_MS == 0);
			CHECK(w->key_group == keygroup_for_hash(java_string_hash(codec_page_name(w->page)), c->max_parallelism));
			CHECK(w->key_group >= first && w->key_group <= last);
			CHECK(++per_page[w->page] <= SAVEPOINT_MAX_WINDOWS_PER_PAGE);
			for (int j = 0; j <= i; j++)
				for (size_t m = 0; m < (j == i ? k : c->snaps[j]->nwindows); m++)
					CHECK(c->snaps[j]->windows[m].page != w->page ||
					      c->snaps[j]->windows[m].window_start != w->window_start);
		}
	}
}

static void check_accepted(const CompletedCheckpoint *c)
{
	CHECK(c->id >= 1 && c->id <= SAVEPOINT_MAX_CHECKPOINT_ID);
	CHECK(c->trigger_clock_ms >= 0 && c->trigger_clock_ms <= SAVEPOINT_MAX_TIME_MS);
	CHECK(c->max_parallelism >= 1 && c->max_parallelism <= KEYGROUP_MAX_PARALLELISM);
	CHECK(c->parallelism >= 1 && c->parallelism <= c->max_parallelism && c->parallelism <= JOB_MAX_PARALLELISM);
	CHECK(c->nsnaps <= JOB_MAX_VERTICES * c->parallelism);
	bool partition_seen[SIM_MAX_PARTITIONS] = { false };
	for (int i = 0; i < c->nsnaps; i++) {
		const TaskSnapshot *t = c->snaps[i];
		CHECK(t->subtask >= 0 && t->subtask < c->parallelism);
		for (size_t k = 0; k < t->noffsets; k++) {
			int p = t->offsets[k].partition;
			CHECK(p >= 0 && p < SIM_MAX_PARTITIONS && !partition_seen[p] && t->offsets[k].offset >= -1);
			partition_seen[p] = true;
		}
		CHECK(t->ntxns <= SAVEPOINT_MAX_TXNS_PER_SUBTASK);
		for (size_t k = 0; k < t->ntxns; k++)
			CHECK(t->txns[k].producer >= 1 && t->txns[k].checkpoint >= 1 && t->txns[k].checkpoint <= c->id);
	}
	check_windows(c);
}

static void parse_one(const char *text, size_t size)
{
	CompletedCheckpoint *c = NULL;
	char err[512];
	err[0] = '\0';
	SimStatus st = savepoint_parse(text, size, &c, err, sizeof err);
	if (st == SIM_OK) {
		CHECK(c != NULL);
		check_accepted(c);
		checkpoint_release(c);
	} else {
		CHECK(c == NULL && err[0] != '\0');   /* a failure returns nothing and says why */
	}
}

/* data without a final "end …" line, then "end <FNV-1a 64 of what is before>\n". */
static char *sealed(const uint8_t *data, size_t size, size_t *len)
{
	size_t body = size;
	if (body > 0 && data[body - 1] == '\n') {       /* drop a final "end" line */
		size_t start = body - 1;
		while (start > 0 && data[start - 1] != '\n')
			start--;
		if (body - start >= 4 && memcmp(data + start, "end ", 4) == 0)
			body = start;
	}
	char *t = malloc(body + 22);
	if (!t)
		abort();
	memcpy(t, data, body);
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < body; i++)
		h = (h ^ data[i]) * 0x100000001b3ull;
	*len = body + (size_t)snprintf(t + body, 22, "end %016" PRIx64 "\n", h);
	return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	parse_one((const char *)data, size);
	size_t len;
	char *t = sealed(data, size, &len);
	parse_one(t, len);
	free(t);
	return 0;
}

#ifdef FUZZ_STANDALONE
static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 1;
	static uint8_t buf[SAVEPOINT_MAX_FILE_BYTES + 1];
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	return LLVMFuzzerTestOneInput(buf, n);
}

int main(int argc, char **argv)
{
	int files = 0;
	for (int i = 1; i < argc; i++) {
		DIR *d = opendir(argv[i]);
		if (!d) {
			files += run_file(argv[i]) == 0;
			continue;
		}
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			char p[4096];
			snprintf(p, sizeof p, "%s/%s", argv[i], e->d_name);
			files += run_file(p) == 0;
		}
		closedir(d);
	}
	printf("fuzz_savepoint: %d inputs, no crash\n", files);
	return 0;
}
#endif
