/*
 * draw.h — one frame of the view, drawn from the model's const queries.
 *
 * viz_draw reads the Sim (never changes it), the observer's memory and the frame loop's
 * own state (speed, pause, help) and paints every panel onto an SDL_Renderer — a window's
 * or a software renderer over a surface (snapshots, tests). It reports the layout it used,
 * so a caller can find where any element was drawn.
 */
#ifndef VIZ_DRAW_H
#define VIZ_DRAW_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL2/SDL.h>

#include "controls.h"
#include "layout.h"
#include "observer.h"
#include "session.h"
#include "sim.h"
#include "text.h"

/* What the frame loop tells the drawing about itself. */
typedef struct VizFrame {
	const char *scenario;     /* scenario file, for the top bar ("" none) */
	uint64_t seed;            /* the run's seed */
	double speed;             /* requested simulated seconds per wall second; <= 0 = maximum */
	double actual_speed;      /* measured simulated s per wall s, 0 = not measured */
	double fps;               /* measured frames per second, 0 = not measured */
	bool paused;              /* simulated time stands still */
	bool help;                /* show the key overlay */
	const char *banner;       /* message across the view (scenario ended, failed), or NULL */
	bool banner_error;        /* the banner reports a failure */
	int log_scroll;           /* log entries scrolled back from the newest */
	const VizControls *controls;   /* selection and the last command's outcome; may be NULL */
	const VizSession *session;     /* the run's time machine: the scrubber's marks; may be NULL */
	const VizSession *other;       /* in a comparison, the other run's (marks under the track), or NULL */
	SimTime divergence;            /* where the compared runs part, -1 none (yet) */
	const char *status;            /* the time machine's line for the hint bar ("branch 2 …"), or NULL */
	bool draw_scrubber;            /* this frame draws the scrubber (not a half of a comparison) */
} VizFrame;

/* Paints a w×h frame of s (NULL before pg.up) and writes the layout it used to *layout
 * (may be NULL). */
void viz_draw(SDL_Renderer *r, VizText *t, int w, int h, const Sim *s, const VizObserver *o,
              const VizFrame *f, VizLayout *layout);

/* Only the scrubber, across a w×h canvas (a comparison draws one under its two halves). */
void viz_draw_scrubber_bar(SDL_Renderer *r, VizText *t, int w, int h, SimTime now, const VizFrame *f);

#endif
