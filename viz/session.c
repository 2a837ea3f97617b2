/*
 * session.c — the time machine's memory (see session.h).
 *
 * Invariants: strokes are in the order given, their instants non-decreasing; marks are in
 * event order, so in time order too; every stroke of the branch with an index below
 * next_stroke has been replayed in this run, and none after it has.
 */
#include "session.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The session's copies of a stroke's strings (NULL stays NULL). */
static const char *copy(const char *text)
{
	return text ? strdup(text) : NULL;
}

static void release(const char *text)
{
	free((void *)(uintptr_t)text);                 /* a copy made above */
}

static void release_stroke(VizStroke *k)
{
	release(k->line);
	release(k->call);
	release(k->method);
	release(k->target);
	release(k->body);
	k->line = k->call = k->method = k->target = k->body = NULL;
}

void viz_session_init(VizSession *s)
{
	memset(s, 0, sizeof *s);
	s->branch_t = -1;
}

void viz_session_free(VizSession *s)
{
	for (size_t i = 0; i < s->nstrokes; i++)
		release_stroke(&s->strokes[i]);
	free(s->strokes);
	free(s->marks);
	viz_session_init(s);
}

void viz_session_run_started(VizSession *s)
{
	s->next_stroke = 0;
	s->run_events = 0;
	s->run_lines = 0;
	s->runs++;
}

/* Puts a mark at index `at` (the marks after it move up one). */
static void insert_mark(VizSession *s, size_t at, SimTime t, uint64_t event, VizScrubKind kind, const char *label)
{
	if (s->nmarks == s->cap_marks) {
		size_t cap = s->cap_marks ? 2 * s->cap_marks : 256;
		VizScrubMark *m = realloc(s->marks, cap * sizeof *m);
		if (!m)
			return;                                /* the scrubber shows fewer marks */
		s->marks = m;
		s->cap_marks = cap;
	}
	memmove(&s->marks[at + 1], &s->marks[at], (s->nmarks - at) * sizeof s->marks[0]);
	s->nmarks++;
	VizScrubMark *m = &s->marks[at];
	m->t = t;
	m->event = event;
	m->kind = kind;
	snprintf(m->label, sizeof m->label, "%s", label);
}

/* The scrubber's kind of an event, and its label; false for events it does not show. */
static bool classify(const SimEvent *e, VizScrubKind *kind, char *label, size_t len)
{
	switch (e->kind) {
	case EV_CONTAINER:
		if (!e->what || !e->name)
			return false;
		if (strcmp(e->what, "started") == 0 && e->t == 0)
			return false;                          /* pg.up brings everything up */
		*kind = strcmp(e->what, "started") == 0 || strcmp(e->what, "unpaused") == 0 ? VIZ_SCRUB_START : VIZ_SCRUB_KILL;
		snprintf(label, len, "%s %s", e->what, e->name);
		return true;
	case EV_JOB_STATE:
		if (e->to == JOB_RESTARTING) {
			*kind = VIZ_SCRUB_RESTART;
			snprintf(label, len, "restart");
			return true;
		}
		if (e->to < 0 || !job_state_is_terminal((JobState)e->to))
			return false;
		*kind = VIZ_SCRUB_END;
		snprintf(label, len, "job %s", job_state_name((JobState)e->to));
		return true;
	case EV_JOB_RESTORED:
		*kind = VIZ_SCRUB_RESTORE;
		snprintf(label, len, "restore from %s %lld", e->flag ? "savepoint" : "checkpoint", (long long)e->id);
		return true;
	case EV_SAVEPOINT_STORED:
		*kind = VIZ_SCRUB_SAVEPOINT;
		snprintf(label, len, "savepoint");
		return true;
	case EV_JOB_SUBMITTED:
		*kind = VIZ_SCRUB_SUBMIT;
		snprintf(label, len, "job submitted, p=%lld", (long long)e->n);
		return true;
	case EV_COMMAND:                               /* faults by their kind; other commands: the strokes mark them */
		if (!e->what || !e->text)
			return false;
		*kind = e->flag ? VIZ_SCRUB_HEAL : VIZ_SCRUB_FAULT;
		snprintf(label, len, "%s", e->text);
		return true;
	default:
		return false;
	}
}

void viz_session_event(VizSession *s, const SimEvent *e)
{
	uint64_t n = s->run_events++;
	if (n < s->events_marked)
		return;                                    /* a re-run: marked already */
	s->events_marked = n + 1;
	VizScrubKind kind;
	char label[48];
	if (classify(e, &kind, label, sizeof label))
		insert_mark(s, s->nmarks, e->t, n, kind, label);
}

bool viz_session_line(VizSession *s)
{
	uint64_t n = s->run_lines++;
	if (n < s->lines_printed)
		return false;
	s->lines_printed = n + 1;
	return true;
}

void viz_session_reached(VizSession *s, SimTime now)
{
	if (now > s->horizon)
		s->horizon = now;
}

SimTime viz_session_next_stroke_time(const VizSession *s)
{
	return s->next_stroke < s->nstrokes ? s->strokes[s->next_stroke].t : INT64_MAX;
}

const VizStroke *viz_session_due(VizSession *s, SimTime now)
{
	if (s->next_stroke >= s->nstrokes || s->strokes[s->next_stroke].t != now)
		return NULL;
	return &s->strokes[s->next_stroke++];
}

bool viz_session_future_known(const VizSession *s, SimTime now)
{
	return s->next_stroke < s->nstrokes || s->horizon > now || s->events_marked > s->run_events;
}

VizBranchPoint viz_session_before_command(VizSession *s, SimTime now)
{
	VizBranchPoint bp = { false, s->run_events, s->nstrokes, s->nmarks, s->events_marked, s->lines_printed, s->horizon,
		              s->branch_t };
	if (!viz_session_future_known(s, now))
		return bp;
	bp.branched = true;
	s->nstrokes = s->next_stroke;                  /* the old branch's later commands */
	while (s->nmarks > 0 && s->marks[s->nmarks - 1].event >= s->run_events)
		s->nmarks--;                               /* … and the marks of its future */
	s->events_marked = s->run_events;
	s->lines_printed = s->run_lines;
	s->horizon = now;
	s->branch_t = now;
	return bp;
}

/* Keeps a copy of the stroke at the end of the branch's commands. */
static bool keep_stroke(VizSession *s, const VizStroke *stroke)
{
	if (s->nstrokes == s->cap_strokes) {
		size_t cap = s->cap_strokes ? 2 * s->cap_strokes : 32;
		VizStroke *n = realloc(s->strokes, cap * sizeof *n);
		if (!n)
			return false;
		s->strokes = n;
		s->cap_strokes = cap;
	}
	VizStroke *k = &s->strokes[s->nstrokes++];
	*k = *stroke;
	k->line = copy(stroke->line);
	k->call = copy(stroke->call);
	k->method = copy(stroke->method);
	k->target = copy(stroke->target);
	k->body = copy(stroke->body);
	return true;
}

void viz_session_after_command(VizSession *s, const VizBranchPoint *bp, bool reached, const VizStroke *stroke)
{
	if (!reached) {
		if (bp->branched) {                        /* nothing changed: the future stands */
			s->nstrokes = bp->nstrokes;
			s->nmarks = bp->nmarks;
			s->events_marked = bp->events_marked;
			s->lines_printed = bp->lines_printed;
			s->horizon = bp->horizon;
			s->branch_t = bp->branch_t;
		}
		return;
	}
	for (size_t i = s->nstrokes; bp->branched && i < bp->nstrokes; i++)
		release_stroke(&s->strokes[i]);            /* the old future's commands, gone for good */
	size_t at = s->nmarks;                         /* the marks of the command's own events follow its mark */
	while (at > 0 && s->marks[at - 1].event >= bp->at_event)
		at--;
	char label[48];
	if (bp->branched) {                            /* a mark where it began, before the command's own */
		s->branch++;
		snprintf(label, sizeof label, "branch %d", s->branch);
		insert_mark(s, at++, stroke->t, bp->at_event, VIZ_SCRUB_BRANCH, label);
	}
	snprintf(label, sizeof label, "%s%s", stroke->kind == VIZ_STROKE_KEY ? "key: " : "",
	         stroke->line ? stroke->line : "");
	insert_mark(s, at, stroke->t, bp->at_event, VIZ_SCRUB_COMMAND, label);
	if (keep_stroke(s, stroke))
		s->next_stroke = s->nstrokes;              /* given, so not to be replayed in this run */
}

const VizScrubMark *viz_session_mark(const VizSession *s, size_t n)
{
	return n < s->nmarks ? &s->marks[n] : NULL;
}

SimTime viz_session_step_mark(const VizSession *s, SimTime t, int dir)
{
	if (dir > 0) {
		for (size_t i = 0; i < s->nmarks; i++)
			if (s->marks[i].t > t)
				return s->marks[i].t;
		return -1;
	}
	for (size_t i = s->nmarks; i-- > 0;)
		if (s->marks[i].t < t)
			return s->marks[i].t;
	return -1;
}
