/*
 * logs.h — what each container prints: the lines `docker-compose logs` shows.
 *
 * An observer of the typed events (event.h) that sim_create installs, so the logs exist from
 * t = 0. It renders each event as the real process prints it — Flink 1.13's log4j console
 * layout for the JobManager and the TaskManagers, Kafka 2.2's and ZooKeeper 3.4.6's for
 * theirs — and keeps per container the newest SIM_LOG_KEEP lines (sim.h reads them). It
 * reads the events' fields only, never the trace text, and never acts on the Sim: the trace
 * hash is the same with and without it.
 */
#ifndef SIM_LOGS_H
#define SIM_LOGS_H

#include "sim.h"

typedef struct SimLogs SimLogs;

/* The logs of s, empty; sim_create hands them every event (logs_on_event) in a subscriber
 * slot of their own. */
SimLogs *logs_create(Sim *s);
void logs_destroy(SimLogs *l);            /* accepts NULL */
void logs_on_event(void *ctx, const SimEvent *e, const char *text);   /* a SimEventFn */

#endif
