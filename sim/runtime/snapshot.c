/* snapshot.c — task snapshots: allocation, size estimate; see snapshot.h. */
#include "snapshot.h"

#include <stdlib.h>
#include <string.h>

#include "../core/check.h"
#include "../core/pool.h"

/* Freed snapshots wait for reuse (memory only, per thread, bounded: a checkpoint at
 * parallelism 64 acknowledges 256; off under AddressSanitizer, see pool.h). */
#define SNAP_FREE_MAX (SIM_POOLS ? 1024 : 0)
static _Thread_local TaskSnapshot *snap_free_list[SNAP_FREE_MAX + 1];
static _Thread_local int snap_free_count;

TaskSnapshot *snapshot_new(int vertex, int subtask)
{
	TaskSnapshot *t = snap_free_count ? snap_free_list[--snap_free_count] : malloc(sizeof *t);
	SIM_CHECK(t != NULL);
	memset(t, 0, sizeof *t);
	t->vertex = vertex;
	t->subtask = subtask;
	t->watermark_ms = INT64_MIN;
	return t;
}

void snapshot_free(void *snap)
{
	TaskSnapshot *t = snap;
	if (!t)
		return;
	free(t->windows);
	free(t->offsets);
	free(t->txns);
	if (snap_free_count < SNAP_FREE_MAX)
		snap_free_list[snap_free_count++] = t;
	else
		free(t);
}

/* Sizes as Flink's heap state backend would serialize them: per window entry the key
 * (a short string), the namespace (TimeWindow: 2 longs), the count (long) and a timer
 * (timestamp + key + namespace); per offset a topic-partition and a long. Plus a fixed
 * metadata part per task, as every Flink checkpoint has. */
uint64_t snapshot_size_bytes(const TaskSnapshot *t)
{
	uint64_t size = 256;
	size += (uint64_t)t->nwindows * (8 + 16 + 8 + 8 + 8 + 16);
	size += (uint64_t)t->noffsets * (4 + 8 + 16);
	size += (uint64_t)t->ntxns * 64;
	return size;
}
