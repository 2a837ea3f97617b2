/*
 * watch.c — the moments the view can stop at (see watch.h).
 *
 * Each word is a test on an event's kind and fields: a restart is the job switching to
 * RESTARTING (Flink's "Job … switched from state RUNNING to RESTARTING"), a kill a
 * container killed or stopped, a start a container started after pg.up brought the
 * playground up at t = 0 (the timeline's marks use the same rules).
 */
#include "watch.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

typedef bool (*WatchTest)(const SimEvent *e);

static bool is_submit(const SimEvent *e) { return e->kind == EV_JOB_SUBMITTED; }
static bool is_restart(const SimEvent *e) { return e->kind == EV_JOB_STATE && e->to == JOB_RESTARTING; }
static bool is_restore(const SimEvent *e) { return e->kind == EV_JOB_RESTORED; }
static bool is_failure(const SimEvent *e) { return e->kind == EV_JOB_FAILED; }
static bool is_running(const SimEvent *e) { return e->kind == EV_JOB_ALL_RUNNING; }
static bool is_checkpoint(const SimEvent *e) { return e->kind == EV_CHECKPOINT_COMPLETED; }
static bool is_savepoint(const SimEvent *e) { return e->kind == EV_SAVEPOINT_STORED; }
static bool is_lost(const SimEvent *e) { return e->kind == EV_TM_LOST; }
static bool is_command(const SimEvent *e) { return e->kind == EV_COMMAND; }
/* A fault command (pg.net, pg.compose.clock / cpu: its kind in `what`) that sets a fault, or
 * one that takes it back (`flag`: a heal, a delay of 0, a CPU factor of 1, …). */
static bool is_fault(const SimEvent *e) { return e->kind == EV_COMMAND && e->what && !e->flag; }
static bool is_heal(const SimEvent *e) { return e->kind == EV_COMMAND && e->what && e->flag; }

static bool is_end(const SimEvent *e)
{
	return e->kind == EV_JOB_STATE && e->to >= 0 && job_state_is_terminal((JobState)e->to);
}

static bool is_kill(const SimEvent *e)
{
	return e->kind == EV_CONTAINER && e->what && (strcmp(e->what, "killed") == 0 || strcmp(e->what, "stopped") == 0);
}

static bool is_start(const SimEvent *e)
{
	return e->kind == EV_CONTAINER && e->what && strcmp(e->what, "started") == 0 && e->t > 0;
}

static const struct {
	const char *word;
	WatchTest test;
} words[] = {
	{ "submit", is_submit }, { "restart", is_restart }, { "restore", is_restore }, { "failure", is_failure },
	{ "running", is_running }, { "end", is_end }, { "checkpoint", is_checkpoint }, { "savepoint", is_savepoint },
	{ "kill", is_kill }, { "start", is_start }, { "lost", is_lost }, { "command", is_command },
	{ "fault", is_fault }, { "heal", is_heal },
};
#define NWORDS ((int)(sizeof words / sizeof words[0]))

const char *viz_watch_words(void)
{
	return "submit, restart, restore, failure, running, end, checkpoint, savepoint, kill, start, lost, command, fault, heal";
}

static bool add_item(VizWatch *w, const char *item)
{
	for (int i = 0; i < NWORDS; i++)
		if (strcmp(words[i].word, item) == 0) {
			w->words |= 1u << i;
			return true;
		}
	for (int k = 0; k < EV_KIND_COUNT; k++)
		if (strcmp(event_kind_name((EvKind)k), item) == 0) {
			w->kinds |= (uint64_t)1 << k;
			return true;
		}
	return false;
}

bool viz_watch_parse(const char *list, VizWatch *w, char *why, size_t len)
{
	memset(w, 0, sizeof *w);
	for (const char *p = list ? list : "";; p++) {
		char item[64];
		size_t n = strcspn(p, ",");
		if (n == 0 || n >= sizeof item) {
			snprintf(why, len, "an empty or overlong item in \"%s\"", list ? list : "");
			return false;
		}
		snprintf(item, sizeof item, "%.*s", (int)n, p);
		if (!add_item(w, item)) {
			snprintf(why, len, "unknown moment \"%s\" (expected %s, or an event kind such as taskmanager.lost)",
			         item, viz_watch_words());
			return false;
		}
		p += n;
		if (!*p)
			return true;
	}
}

bool viz_watch_empty(const VizWatch *w)
{
	return w->words == 0 && w->kinds == 0;
}

int viz_watch_match(const VizWatch *w, const SimEvent *e, const char **names)
{
	int n = 0;
	for (int i = 0; i < NWORDS && n < VIZ_WATCH_MATCHES; i++)
		if ((w->words >> i & 1u) && words[i].test(e))
			names[n++] = words[i].word;
	if (n < VIZ_WATCH_MATCHES && (unsigned)e->kind < EV_KIND_COUNT && (w->kinds >> e->kind & 1u))
		names[n++] = event_kind_name(e->kind);
	return n;
}

void viz_time_name(SimTime t, char *buf, size_t len)
{
	if (t % SIM_US_PER_S == 0)
		snprintf(buf, len, "%" PRId64 "s", t / SIM_US_PER_S);
	else if (t % SIM_US_PER_MS == 0)
		snprintf(buf, len, "%" PRId64 ".%03" PRId64 "s", t / SIM_US_PER_S, t % SIM_US_PER_S / SIM_US_PER_MS);
	else
		snprintf(buf, len, "%" PRId64 ".%06" PRId64 "s", t / SIM_US_PER_S, t % SIM_US_PER_S);
}
