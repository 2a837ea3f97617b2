/*
 * gfx.c — drawing primitives (see gfx.h).
 */
#include "gfx.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void set_color(const VizCtx *c, VizColor col)
{
	SDL_SetRenderDrawColor(c->r, col.r, col.g, col.b, col.a);
	SDL_SetRenderDrawBlendMode(c->r, col.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
}

void gfx_fill(const VizCtx *c, VizRect r, VizColor col)
{
	if (viz_rect_empty(r))
		return;
	SDL_Rect sr = { r.x, r.y, r.w, r.h };
	set_color(c, col);
	SDL_RenderFillRect(c->r, &sr);
}

void gfx_outline(const VizCtx *c, VizRect r, VizColor col, int thickness)
{
	for (int i = 0; i < thickness && r.w > 2 * i && r.h > 2 * i; i++) {
		SDL_Rect sr = { r.x + i, r.y + i, r.w - 2 * i, r.h - 2 * i };
		set_color(c, col);
		SDL_RenderDrawRect(c->r, &sr);
	}
}

void gfx_line(const VizCtx *c, int x1, int y1, int x2, int y2, VizColor col)
{
	set_color(c, col);
	SDL_RenderDrawLine(c->r, x1, y1, x2, y2);
}

void gfx_dashed_vline(const VizCtx *c, int x, int y1, int y2, VizColor col)
{
	set_color(c, col);
	for (int y = y1; y < y2; y += 6)
		SDL_RenderDrawLine(c->r, x, y, x, y + 3 < y2 ? y + 3 : y2);
}

void gfx_arrow(const VizCtx *c, int x1, int x2, int y, VizColor col)
{
	set_color(c, col);
	SDL_RenderDrawLine(c->r, x1, y, x2, y);
	SDL_RenderDrawLine(c->r, x1, y + 1, x2, y + 1);
	for (int i = 0; i < 7; i++)
		SDL_RenderDrawLine(c->r, x2 - i, y - i + 0, x2 - i, y + i + 1);
}

/* The title's first alternative that leaves the right text room for one of its own; when
 * none does, the shortest title and the right text cut (which a test would report). */
void gfx_panel(const VizCtx *c, VizRect r, const char *title, const char *right_text)
{
	static const VizStyle title_style[] = { { VIZ_FONT_TITLE, 1, false }, { VIZ_FONT_SMALL_BOLD, 1, false } };
	gfx_fill(c, r, viz_rgb(VIZ_COLOR_PANEL));
	gfx_outline(c, r, viz_rgb(VIZ_COLOR_BORDER), 1);
	bool right = right_text && *right_text;
	VizFit t, rt;
	char one[400];
	for (const char *a = title;; a += strcspn(a, "\n") + 1) {
		snprintf(one, sizeof one, "%.*s", (int)strcspn(a, "\n"), a);
		viz_text_fit(c->t, one, title_style, 2, r.w - 20, &t);
		if (right)
			viz_text_fit(c->t, right_text, gfx_one_line, 2, r.w - 30 - t.width, &rt);
		if (!a[strcspn(a, "\n")] || (!t.cut && (!right || !rt.cut)))
			break;
	}
	viz_text_draw_fit(c->t, &t, viz_rgb(VIZ_COLOR_TEXT), r.x + 10, r.y + 6, r.w - 20, 0);
	int max = r.w - 30 - t.width;
	if (right && max > 0)
		viz_text_draw_fit(c->t, &rt, viz_rgb(VIZ_COLOR_TEXT_DIM), r.x + r.w - 10 - max, r.y + 7, max, 2);
}

const VizStyle gfx_one_line[2] = { { VIZ_FONT_BODY, 1, false }, { VIZ_FONT_SMALL, 1, false } };

VizFit gfx_fit(const VizCtx *c, const char *alts, const VizStyle *styles, int nstyles, VizColor col, int x, int y,
               int max_w, int align)
{
	VizFit f;
	viz_text_fit(c->t, alts, styles, nstyles, max_w, &f);
	viz_text_draw_fit(c->t, &f, col, x, y, max_w, align);
	return f;
}

VizFit gfx_fitf(const VizCtx *c, const VizStyle *styles, int nstyles, VizColor col, int x, int y, int max_w, int align,
                const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return gfx_fit(c, buf, styles, nstyles, col, x, y, max_w, align);
}

int gfx_text(const VizCtx *c, VizFont f, VizColor col, int x, int y, int max_w, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return viz_text_draw(c->t, f, col, x, y, max_w, buf);
}

void gfx_text_center(const VizCtx *c, VizFont f, VizColor col, VizRect r, const char *s)
{
	int w = viz_text_width(c->t, f, s), h = viz_text_height(c->t, f);
	if (w > r.w)
		w = r.w;
	viz_text_draw(c->t, f, col, r.x + (r.w - w) / 2, r.y + (r.h - h) / 2, r.w, s);
}

int gfx_text_right(const VizCtx *c, VizFont f, VizColor col, int x, int y, const char *s)
{
	int w = viz_text_width(c->t, f, s);
	return viz_text_draw(c->t, f, col, x - w, y, 0, s);
}

int gfx_badge(const VizCtx *c, VizFont f, int x, int y, VizColor bg, const char *s)
{
	int w = viz_text_width(c->t, f, s) + 16, h = viz_text_height(c->t, f) + 6;
	VizRect r = { x, y, w, h };
	gfx_fill(c, r, bg);
	viz_text_draw(c->t, f, viz_text_on(bg), x + 8, y + 3, 0, s);
	return w;
}

int gfx_chip(const VizCtx *c, int x, int y, VizColor col, const char *label)
{
	VizRect sq = { x, y + 2, 11, 11 };
	gfx_fill(c, sq, col);
	gfx_outline(c, sq, viz_rgba(0x000000, 60), 1);
	return 16 + viz_text_draw(c->t, VIZ_FONT_SMALL, viz_rgb(VIZ_COLOR_TEXT), x + 15, y, 0, label) + 10;
}

const char *gfx_count(char *buf, size_t len, int64_t n, bool compact)
{
	int64_t a = n < 0 ? -n : n;
	if (compact && a >= 1000000)
		snprintf(buf, len, "%.1fM", (double)n / 1e6);
	else if (compact && a >= 10000)
		snprintf(buf, len, "%.1fk", (double)n / 1e3);
	else if (a >= 1000000)
		snprintf(buf, len, "%" PRId64 ",%03" PRId64 ",%03" PRId64, n / 1000000, a / 1000 % 1000, a % 1000);
	else if (a >= 1000)
		snprintf(buf, len, "%" PRId64 ",%03" PRId64, n / 1000, a % 1000);
	else
		snprintf(buf, len, "%" PRId64, n);
	return buf;
}

const char *gfx_duration(char *buf, size_t len, SimTime t)
{
	int64_t ms = t / SIM_US_PER_MS;
	int64_t h = ms / 3600000, m = ms / 60000 % 60, s = ms / 1000 % 60, tenth = ms / 100 % 10;
	if (h > 0)
		snprintf(buf, len, "%" PRId64 " h %02" PRId64 " min %02" PRId64 " s", h, m, s);
	else if (m > 0)
		snprintf(buf, len, "%" PRId64 " min %02" PRId64 ".%" PRId64 " s", m, s, tenth);
	else
		snprintf(buf, len, "%" PRId64 ".%" PRId64 " s", s, tenth);
	return buf;
}
