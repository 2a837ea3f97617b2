/*
 * fuzz_savepoint.c — fuzzes the savepoint reader (sim/flink/savepoint.c).
 *
 * Every input is parsed as a savepoint file. The reader must either return a complete
 * checkpoint or an error message — never crash, leak, read out of bounds or accept a file
 * whose checksum does not match. Built with libFuzzer (clang -fsanitize=fuzzer), or with
 * -DFUZZ_STANDALONE as a plain program that runs the files or directories it is given.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flink/savepoint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	CompletedCheckpoint *c = NULL;
	char err[512];
	SimStatus st = savepoint_parse((const char *)data, size, &c, err, sizeof err);
	if (st == SIM_OK) {
		if (!c || c->max_parallelism < 1 || c->parallelism < 1 || c->parallelism > c->max_parallelism)
			abort();
		for (int i = 0; i < c->nsnaps; i++)
			for (size_t k = 0; k < c->snaps[i]->nwindows; k++)
				if (c->snaps[i]->windows[k].key_group >= c->max_parallelism)
					abort();
		checkpoint_release(c);
	} else if (c != NULL || err[0] == '\0') {
		abort();                 /* a failure returns nothing and says why */
	}
	return 0;
}

#ifdef FUZZ_STANDALONE
static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 1;
	static uint8_t buf[1 << 20];
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
