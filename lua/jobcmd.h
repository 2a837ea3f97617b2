/*
 * jobcmd.h — the `flink run` command line a job submission stands for, as the trace
 * records it ("flink run -d -p 2 /opt/ClickCountJob.jar --bootstrap.servers kafka:9092
 * --checkpointing --event-time"). One text for every front end that submits a job —
 * pg.flink.run, pg.up{ job = … } and the view's `r` key — so the same submission leaves the
 * same trace line whichever made it. Needs neither Lua nor SDL (the view's unit tests link it).
 */
#ifndef JOBCMD_H
#define JOBCMD_H

#include <stddef.h>

#include "sim.h"

void jobcmd_line(const JobOptions *o, char *buf, size_t len);

#endif
