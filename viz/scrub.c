/*
 * scrub.c — the timeline scrubber: the whole run as far as the session knows it, drawn as
 * a video player's progress bar over the hint bar.
 *
 * The track spans [0, the session's horizon] (at least a minute): the part played up to
 * the instant shown is blue, the known future beyond it pale; every mark of the session —
 * kills, starts, restarts, restores, savepoints, commands, submissions, job ends, network
 * faults and heals, branch points — is a tick in the legend's colour; the handle sits at the instant shown. In a
 * comparison the second run's marks hang under the track and the first divergence is a
 * red triangle. Clicks and drags are mapped back to instants by viz_layout_scrub_time.
 */
#include <stdio.h>

#include "gfx.h"

#define SCRUB_MIN_SPAN_US (60 * SIM_US_PER_S)

SimTime viz_scrub_span(const VizSession *s, SimTime now)
{
	SimTime span = s && s->horizon > now ? s->horizon : now;
	return span < SCRUB_MIN_SPAN_US ? SCRUB_MIN_SPAN_US : span;
}

static VizColor mark_color(VizScrubKind k)
{
	static const uint32_t colors[VIZ_SCRUB_KIND_COUNT] = {
		[VIZ_SCRUB_KILL] = VIZ_COLOR_TM_GONE, [VIZ_SCRUB_START] = VIZ_COLOR_TM_NEW,
		[VIZ_SCRUB_RESTART] = VIZ_COLOR_RESTART, [VIZ_SCRUB_RESTORE] = VIZ_COLOR_RESTORE,
		[VIZ_SCRUB_SAVEPOINT] = VIZ_COLOR_SAVEPOINT, [VIZ_SCRUB_COMMAND] = 0xeb2f96,
		[VIZ_SCRUB_SUBMIT] = 0x2f54eb, [VIZ_SCRUB_END] = 0x1890ff, [VIZ_SCRUB_BRANCH] = 0xfa8c16,
		[VIZ_SCRUB_FAULT] = VIZ_COLOR_NET_FAULT, [VIZ_SCRUB_HEAL] = VIZ_COLOR_NET_HEAL,
	};
	return viz_rgb(colors[k]);
}

/* Ticks of one session's marks: over the whole strip (a comparison: the first run's in its
 * upper half, the second's in the lower). */
static void draw_marks(const VizCtx *c, const VizSession *s, SimTime span, int y0, int y1)
{
	for (size_t n = 0; s && n < s->nmarks; n++) {
		const VizScrubMark *m = viz_session_mark(s, n);
		int x = viz_layout_scrub_x(c->l, span, m->t);
		VizColor col = mark_color(m->kind);
		if (m->kind == VIZ_SCRUB_BRANCH) {         /* a diamond: the run forked here */
			int mid = (y0 + y1) / 2;
			for (int i = 0; i <= 4; i++)
				gfx_line(c, x - (4 - i), mid - i, x + (4 - i), mid - i, col), gfx_line(c, x - (4 - i), mid + i, x + (4 - i), mid + i, col);
			continue;
		}
		gfx_fill(c, (VizRect){ x, y0, 2, y1 - y0 }, col);
	}
}

void viz_draw_scrubber(const VizCtx *c)
{
	const VizLayout *l = c->l;
	const VizFrame *f = c->f;
	VizRect bar = l->scrub;
	gfx_fill(c, bar, viz_rgb(0xfafafa));
	gfx_line(c, bar.x, bar.y, bar.x + bar.w, bar.y, viz_rgb(VIZ_COLOR_BORDER));
	if (!f->session)
		return;
	SimTime span = viz_scrub_span(f->session, c->now);
	if (f->other && viz_scrub_span(f->other, c->now) > span)
		span = viz_scrub_span(f->other, c->now);
	int mid = bar.y + bar.h / 2, x0 = viz_layout_scrub_x(l, span, 0), x1 = viz_layout_scrub_x(l, span, span);
	int xn = viz_layout_scrub_x(l, span, c->now), xh = viz_layout_scrub_x(l, span, f->session->horizon);
	gfx_fill(c, (VizRect){ x0, mid - 2, x1 - x0 + 1, 4 }, viz_rgb(0xe8e8e8));
	gfx_fill(c, (VizRect){ x0, mid - 2, xh - x0 + 1, 4 }, viz_rgb(0x91caff));     /* known */
	gfx_fill(c, (VizRect){ x0, mid - 2, xn - x0 + 1, 4 }, viz_rgb(VIZ_COLOR_COMMITTED));   /* played */
	if (f->other) {
		draw_marks(c, f->session, span, bar.y + 1, mid);
		draw_marks(c, f->other, span, mid + 1, bar.y + bar.h);
	} else {
		draw_marks(c, f->session, span, bar.y + 2, bar.y + bar.h - 1);
	}
	if (f->divergence >= 0) {                          /* the first event where the runs part */
		int x = viz_layout_scrub_x(l, span, f->divergence);
		for (int i = 0; i < 7; i++)
			gfx_line(c, x - i, bar.y + 1 + i, x + i, bar.y + 1 + i, viz_rgb(0xf5222d));
	}
	VizRect handle = { xn - 4, bar.y + 1, 9, bar.h - 1 };
	gfx_fill(c, handle, viz_rgb(0x001529));
	gfx_fill(c, (VizRect){ xn, bar.y + 3, 1, bar.h - 5 }, viz_rgb(0xffffff));
}
