/*
 * run_summary.h — `playground run --json`: the run as one JSON object for CI systems and
 * tools (verdict, the failure with FILE:LINE, the window check of the output topic,
 * restarts and checkpoints of every job, the trace hash). Shape: docs/lua-api.md.
 */
#ifndef RUN_SUMMARY_H
#define RUN_SUMMARY_H

#include <stdbool.h>
#include <stdio.h>

#include "check/windows.h"
#include "runner.h"

/* "passed", "expectation-failed" (pg.expect), "error" (any other failure), "unloadable". */
const char *run_summary_verdict(const PgRun *r, PgRunStatus st);
/* Judges every readable record of the output topic, as pg.check.windows{ isolation = … }
 * does. Returns false (and an empty report) when the topic does not exist or memory runs
 * out; the caller frees the report with window_report_free. */
bool run_summary_windows(const Sim *s, Isolation iso, WindowReport *out);
/* Writes the summary of the finished run r (st: what pgrun_exec returned; r may be NULL
 * when it could not be created) to f, then a newline. False when writing fails. */
bool run_summary_write(FILE *f, const PgRun *r, PgRunStatus st, const char *file);

#endif
