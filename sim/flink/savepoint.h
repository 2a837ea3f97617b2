/*
 * savepoint.h — savepoints as real files on the host, in a versioned, human-readable
 * format (docs/savepoint-format.md), and the bookkeeping of savepoint requests.
 *
 * A savepoint is a directory `savepoint-<6 hex of the job id>-<12 hex>` under
 * state.savepoints.dir holding one file, `_metadata`. Operators are keyed by their stable
 * id, keyed state by key group, so a savepoint restores at any parallelism up to the
 * max parallelism it records. The last line carries a checksum: a truncated or garbled
 * file is refused, never half-read.
 */
#ifndef SAVEPOINT_H
#define SAVEPOINT_H

#include "checkpoint.h"

#define SAVEPOINT_FORMAT_VERSION 1

typedef struct SavepointTrigger {
	char     id[33];               /* trigger id (request-id), 32 hex */
	int      job;                  /* job index */
	bool     stop, drain;
	int64_t  checkpoint;           /* checkpoint id once triggered, 0 before */
	SavepointStatus status;
	char     path[600];            /* written directory */
	char     failure[200];
} SavepointTrigger;

struct Job;
/* Writes c as a savepoint of job j into dir; on success fills path (the directory). */
SimStatus savepoint_write(Sim *s, const struct Job *j, const CompletedCheckpoint *c,
                          const char *dir, char *path, size_t pathlen);
/* Reads a savepoint (its directory or its _metadata file). On success returns a new
 * CompletedCheckpoint (refs 1) and the vertex ids it has state for; on failure a message. */
SimStatus savepoint_read(const char *path, CompletedCheckpoint **out, char *err, size_t errlen);
/* Parses savepoint text already in memory (used by savepoint_read and the fuzzer). */
SimStatus savepoint_parse(const char *text, size_t len, CompletedCheckpoint **out, char *err, size_t errlen);

#endif
