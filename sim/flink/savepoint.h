/*
 * savepoint.h — savepoints as real files on the host, in a versioned, human-readable
 * format (docs/savepoint-format.md), and the bookkeeping of savepoint requests.
 *
 * A savepoint is a directory `savepoint-<6 hex of the job id>-<12 hex>` under
 * state.savepoints.dir holding one file, `_metadata`. Operators are keyed by their stable
 * id, keyed state by key group, so a savepoint restores at any parallelism up to the
 * max parallelism it records. The last line carries a checksum: a truncated or garbled
 * file is refused, never half-read. A file with a good checksum is still held to the limits
 * below, and a path that is not a regular file (or a directory holding one) is refused.
 */
#ifndef SAVEPOINT_H
#define SAVEPOINT_H

#include "checkpoint.h"

#define SAVEPOINT_FORMAT_VERSION 2   /* 2: txn lines name the transactional id and epoch; 1 is read too */

/* What the reader accepts (docs/savepoint-format.md, "Limits and consistency rules"). Each
 * bound is far above what a job of this model writes and low enough that nothing computed
 * from a value can overflow or grow without bound. */
#define SAVEPOINT_MAX_FILE_BYTES      (1 << 20)   /* a real one is < 100 KiB (see the doc) */
#define SAVEPOINT_MAX_LINE_BYTES      511         /* bytes of one line, without its newline */
#define SAVEPOINT_MAX_CHECKPOINT_ID   9007199254740991LL   /* 2^53 - 1, see the doc */
#define SAVEPOINT_MAX_TIME_MS         253402300799999LL    /* 9999-12-31T23:59:59.999Z */
#define SAVEPOINT_MAX_WINDOWS_PER_PAGE 64         /* open (not yet fired) windows of one page */
#define SAVEPOINT_MAX_TXNS_PER_SUBTASK 8          /* the sink's transactional ids per subtask */

typedef struct SavepointTrigger {
	char     id[33];               /* trigger id (request-id), 32 hex */
	int      job;                  /* job index */
	bool     stop, drain;
	int64_t  checkpoint;           /* checkpoint id once triggered, 0 before */
	SavepointStatus status;
	bool     taken;                /* stop: the savepoint exists; COMPLETED once the job FINISHED */
	bool     failed_over;          /* stop, taken: the job failed over since (Flink 1.9: still IN_PROGRESS) */
	char     job_id[33];           /* the job asked for (it may be unknown: the trigger then fails) */
	char     path[600];            /* written directory */
	char     failure[300];
	char     failure_class[96];    /* the exception's class ("" = CheckpointException) */
	int64_t  endpoint;             /* sim_jm_process of the REST endpoint that took the request */
	SimTime  ended_at;             /* when it left IN_PROGRESS */
} SavepointTrigger;

/* The request's operation ends: COMPLETED (failure NULL) or FAILED with the exception's
 * class (NULL: CheckpointException) and message. */
void savepoint_trigger_end(SavepointTrigger *t, SimTime now, const char *failure_class, const char *failure);

struct Job;
/* Writes c as a savepoint of job j into dir; on success fills path (the directory). */
SimStatus savepoint_write(Sim *s, const struct Job *j, const CompletedCheckpoint *c,
                          const char *dir, char *path, size_t pathlen);
/* Reads a savepoint (its directory or its _metadata file; symlinks resolve). On success
 * returns a new CompletedCheckpoint (refs 1) and the vertex ids it has state for; on failure
 * a message naming the file and the problem. Never blocks: FIFOs, sockets and devices are
 * refused, and a file over SAVEPOINT_MAX_FILE_BYTES is refused before it is read. */
/* `root`: relative paths resolve against this directory (the Sim's host root); NULL or "":
 * the working directory. Messages name the path as given. */
SimStatus savepoint_read(const char *root, const char *path, CompletedCheckpoint **out, char *err, size_t errlen);
/* Parses savepoint text already in memory (used by savepoint_read and the fuzzer); text
 * needs no terminating NUL. */
SimStatus savepoint_parse(const char *text, size_t len, CompletedCheckpoint **out, char *err, size_t errlen);

#endif
