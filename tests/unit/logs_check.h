/*
 * logs_check.h — the container logs' checker, shared by test_logs.c (the renderer passes it)
 * and test_logs_broken.c (a renderer that drops an event kind fails it).
 *
 * It records, from the Sim's own events, what the JobManager must have printed and when —
 * heartbeat time-outs, job and task state changes, completed checkpoints — and then looks
 * for each line in the JobManager's log, in the events' order, dated with the machine clock
 * of the event (formatted here with the C library's gmtime_r, independently of the model).
 */
#ifndef LOGS_CHECK_H
#define LOGS_CHECK_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim.h"

#define WANT_MAX 4096

typedef struct Want {
	SimTime t;
	char text[300];          /* a piece the line must contain */
	char then[100];          /* and, after it, this ("" nothing) */
} Want;

typedef struct Wants {
	Want w[WANT_MAX];
	int n;
	bool v19;                /* the 1.9 profile: log4j 1.x prints no "[]" for the empty NDC */
} Wants;

static void want_event(void *ctx, const SimEvent *e, const char *text)
{
	Wants *ws = ctx;
	(void)text;
	if (ws->n == WANT_MAX)
		return;
	Want *w = &ws->w[ws->n];
	const char *ndc = ws->v19 ? " " : "[] ";
	w->t = e->t;
	w->then[0] = '\0';
	switch (e->kind) {
	case EV_TM_LOST:
		if (!e->text || !strstr(e->text, "TimeoutException: Heartbeat of TaskManager with id "))
			return;
		snprintf(w->text, sizeof w->text, "StandaloneResourceManager %s- The heartbeat of TaskManager with id %s",
		         ndc, strstr(e->text, "with id ") + 8);
		*strstr(w->text, " timed out.") = '\0';
		strcat(w->text, " timed out.");
		break;
	case EV_JOB_STATE:
		if (e->to == JOB_SUSPENDED || e->from == JOB_INITIALIZING)
			return;
		snprintf(w->text, sizeof w->text, "ExecutionGraph       %s- Job %s (%s) switched from state %s to %s.",
		         ndc, e->name, e->job, job_state_name((JobState)e->from), job_state_name((JobState)e->to));
		break;
	case EV_TASK_STATE:
		snprintf(w->text, sizeof w->text, "ExecutionGraph       %s- %s%s (%d/%d) (", ndc, e->vertex == 0 ? "Source: " :
		         strstr(e->name, "Sink") ? "Sink: " : "", e->name, e->subtask + 1, e->parallelism);
		snprintf(w->then, sizeof w->then, ") switched from %s to %s", task_state_name((TaskState)e->from),
		         task_state_name((TaskState)e->to));
		break;
	case EV_CHECKPOINT_COMPLETED:
		snprintf(w->text, sizeof w->text, "Completed checkpoint %lld for job %s (",
		         (long long)e->id, e->job);
		break;
	default:
		return;
	}
	ws->n++;
}

/* "yyyy-MM-dd HH:mm:ss,SSS" of the machines' clock at t, by the C library. */
static void want_date(const Sim *s, SimTime t, char out[32])
{
	int64_t ms = sim_to_clock_ms(s, t);
	time_t secs = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&secs, &tm);
	size_t n = strftime(out, 32, "%Y-%m-%d %H:%M:%S", &tm);
	snprintf(out + n, 32 - n, ",%03d", (int)(ms % 1000));
}

static int line_has(const char *line, const Want *w)
{
	const char *h = strstr(line, w->text);
	return h && (!w->then[0] || strstr(h + strlen(w->text), w->then) != NULL);
}

/* NULL when every wanted line is in the JobManager's log, in order and dated right; else
 * what is missing (a static buffer). */
static const char *logs_check(const Sim *s, const Wants *ws)
{
	static char why[700];
	int64_t at = sim_log_first(s, "jobmanager"), end = sim_log_count(s, "jobmanager");
	for (int i = 0; i < ws->n; i++) {
		char date[32];
		want_date(s, ws->w[i].t, date);
		int64_t k = at;
		for (; k < end; k++) {
			const char *line = sim_log_line(s, "jobmanager", k, NULL);
			if (line && line_has(line, &ws->w[i]) && strncmp(line, date, strlen(date)) == 0)
				break;
		}
		if (k == end) {
			snprintf(why, sizeof why, "no line '%s' dated %s after line %lld", ws->w[i].text, date, (long long)at);
			return why;
		}
		at = k + 1;
	}
	return NULL;
}

/* The tutorial's failure step: 30 s running, a TaskManager killed, 45 s later started again,
 * 30 s on, in the profile ws->v19 says (docs/flink-versions.md). Returns the Sim (destroy
 * it); *kill_at is when the kill happened. */
static Sim *failure_run(Wants *ws, SimTime *kill_at)
{
	SimOptions o;
	sim_options_default(&o);
	o.config.flink_version = ws->v19 ? FLINK_1_9 : FLINK_1_13;
	Sim *s = sim_create(&o);
	sim_subscribe(s, want_event, ws);
	JobOptions jo;
	job_options_default(&jo);
	char jid[33];
	if (sim_up(s) != SIM_OK || sim_job_submit(s, &jo, jid) != SIM_OK)
		abort();
	sim_run_until(s, 30 * SIM_US_PER_S);
	*kill_at = sim_now(s);
	sim_compose(s, COMPOSE_KILL, "taskmanager-1");
	sim_run_until(s, 75 * SIM_US_PER_S);
	sim_compose(s, COMPOSE_START, "taskmanager-1");
	sim_run_until(s, 105 * SIM_US_PER_S);
	return s;
}

#endif
