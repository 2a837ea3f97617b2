/*
 * gfx.h — drawing primitives shared by the view's panels, and the per-frame context
 * (what one frame reads: the Sim, the observer, the layout, the shown job).
 */
#ifndef VIZ_GFX_H
#define VIZ_GFX_H

#include <stdbool.h>

#include <SDL2/SDL.h>

#include "draw.h"
#include "layout.h"
#include "palette.h"
#include "text.h"

typedef struct VizCtx {
	SDL_Renderer *r;
	VizText *t;
	const Sim *s;             /* NULL before pg.up */
	const VizObserver *o;
	const VizFrame *f;
	const VizLayout *l;
	SimTime now;              /* the Sim's clock (0 without a Sim) */
	bool has_job;             /* a job was submitted */
	char job[33];             /* the shown job (viz_current_job) */
	JobInfo job_info;         /* its info */
} VizCtx;

void gfx_fill(const VizCtx *c, VizRect r, VizColor col);
void gfx_outline(const VizCtx *c, VizRect r, VizColor col, int thickness);
void gfx_line(const VizCtx *c, int x1, int y1, int x2, int y2, VizColor col);
/* A vertical line of dashes from y1 to y2. */
void gfx_dashed_vline(const VizCtx *c, int x, int y1, int y2, VizColor col);
/* A horizontal arrow from (x1, y) to (x2, y), head at x2. */
void gfx_arrow(const VizCtx *c, int x1, int x2, int y, VizColor col);
/* A panel: white box, border, bold title; right_text (may be NULL; '\n'-separated
 * alternatives, the first that fits wins) right-aligned on the title line. */
void gfx_panel(const VizCtx *c, VizRect r, const char *title, const char *right_text);

/* Text fitted into max_w (text.h): the first of the '\n'-separated alternatives that fits in
 * one of the styles, aligned left (0), centred (1) or right (2) within [x, x + max_w]. */
VizFit gfx_fit(const VizCtx *c, const char *alts, const VizStyle *styles, int nstyles, VizColor col, int x, int y,
               int max_w, int align);
VizFit gfx_fitf(const VizCtx *c, const VizStyle *styles, int nstyles, VizColor col, int x, int y, int max_w, int align,
                const char *fmt, ...) __attribute__((format(printf, 9, 10)));
/* One line, the body font, then the small one. */
extern const VizStyle gfx_one_line[2];

/* Text; printf-style; returns the width drawn. max_w > 0 cuts with "…" (counted as a cut). */
int gfx_text(const VizCtx *c, VizFont f, VizColor col, int x, int y, int max_w, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* Text centred in r (both axes). */
void gfx_text_center(const VizCtx *c, VizFont f, VizColor col, VizRect r, const char *s);
/* Text whose right edge is at x. */
int gfx_text_right(const VizCtx *c, VizFont f, VizColor col, int x, int y, const char *s);
/* A filled pill with text; returns its width. */
int gfx_badge(const VizCtx *c, VizFont f, int x, int y, VizColor bg, const char *s);
/* A legend chip: a small square and a label; returns the width used. */
int gfx_chip(const VizCtx *c, int x, int y, VizColor col, const char *label);

/* Formats n with thousands separators ("31,550"), or "12.3k"/"4.5M" when compact. */
const char *gfx_count(char *buf, size_t len, int64_t n, bool compact);
/* "1 min 33.4 s" style clock. */
const char *gfx_duration(char *buf, size_t len, SimTime t);

/* Panels (panels.c, cluster.c). */
void viz_draw_graph(const VizCtx *c);
void viz_draw_cluster(const VizCtx *c);
void viz_draw_kafka(const VizCtx *c);
void viz_draw_checkpoints(const VizCtx *c);
void viz_draw_output(const VizCtx *c);
void viz_draw_log(const VizCtx *c);
/* The scrubber (scrub.c), and the span its track shows: [0, the horizon], at least 60 s. */
void viz_draw_scrubber(const VizCtx *c);
SimTime viz_scrub_span(const VizSession *s, SimTime now);

#endif
