/* jobcmd.c — the `flink run` command line of a submission (see jobcmd.h). */
#include "jobcmd.h"

#include <stdio.h>

void jobcmd_line(const JobOptions *o, char *buf, size_t len)
{
	snprintf(buf, len, "flink run -d -p %d%s%s /opt/ClickCountJob.jar --bootstrap.servers kafka:9092%s%s%s%s%s",
	         o->parallelism, o->savepoint ? " -s " : "", o->savepoint ? o->savepoint : "",
	         o->checkpointing ? " --checkpointing" : "", o->event_time ? " --event-time" : "",
	         o->backpressure ? " --backpressure" : "", o->chaining ? " --chaining" : "",
	         o->sink == SINK_EXACTLY_ONCE ? " --sink exactly-once" : "");
}
