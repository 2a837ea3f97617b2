/*
 * text.h — text for the view: DejaVu fonts through SDL2_ttf, a cache of rendered strings
 * as textures (most labels are the same from one frame to the next, and rasterising a
 * string costs far more than copying its texture), and the fitting of text into a width.
 *
 * The view shows whole words: a label that does not fit wraps (between words, and inside
 * an identifier only between a lower-case letter and a capital: "ClickEvent|Statistics"),
 * takes a smaller font, or gives way to a shorter alternative the caller wrote — in the
 * order the caller gives. Cutting a string with "…" is the last resort, and every cut is
 * counted (viz_text_cuts), so a test can check that a layout cuts nothing.
 *
 * Owns the fonts and every cached texture; the renderer must outlive the VizText.
 */
#ifndef VIZ_TEXT_H
#define VIZ_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL2/SDL.h>

#include "palette.h"

typedef enum VizFont {
	VIZ_FONT_SMALL,           /* 11 px: axis ticks, slot labels */
	VIZ_FONT_BODY,            /* 13 px: most text */
	VIZ_FONT_BOLD,            /* 13 px bold: names */
	VIZ_FONT_SMALL_BOLD,      /* 11 px bold: names in narrow boxes */
	VIZ_FONT_TITLE,           /* 14 px bold: panel titles */
	VIZ_FONT_BIG,             /* 20 px bold: clock, job state */
	VIZ_FONT_MONO,            /* 12 px monospace: the log */
	VIZ_FONT_COUNT
} VizFont;

typedef struct VizText VizText;

/* Opens the fonts from dir (NULL: /usr/share/fonts/truetype/dejavu). Returns NULL and a
 * message in err when a font is missing. TTF_Init must have been called. */
VizText *viz_text_create(SDL_Renderer *r, const char *dir, char *err, size_t errlen);
void viz_text_destroy(VizText *t);        /* accepts NULL */

/* Draws UTF-8 text with its top-left at (x, y); returns its width, px. With max_w > 0 a
 * string too wide is cut and ends with "…" (and counted as a cut). */
int viz_text_draw(VizText *t, VizFont f, VizColor c, int x, int y, int max_w, const char *s);
/* Draws text turned a quarter left (read bottom to top), centred on (cx, cy). */
void viz_text_draw_upright(VizText *t, VizFont f, VizColor c, int cx, int cy, const char *s);
int viz_text_width(VizText *t, VizFont f, const char *s);
int viz_text_height(const VizText *t, VizFont f);
/* The distance between two lines of font f, px. */
int viz_text_line_px(VizFont f);
/* Call once per frame: forgets strings that were not drawn for a while. */
void viz_text_frame_end(VizText *t);

#define VIZ_TEXT_MAX_LINES 8

/* Lines of a wrapped string: byte ranges into it (spaces at the breaks left out). */
typedef struct VizLines {
	int n;                                  /* lines */
	int start[VIZ_TEXT_MAX_LINES];          /* byte offset of each line */
	int len[VIZ_TEXT_MAX_LINES];            /* its length in bytes */
	int width;                              /* the widest line, px */
} VizLines;

/* Breaks n bytes of s into at most max_lines lines no wider than max_w in font f, between
 * words and — with camel — inside a word between a lower-case letter and a capital. False
 * when it cannot: a word wider than max_w (that may not be broken), or more lines. */
bool viz_text_wrap(VizText *t, VizFont f, const char *s, size_t n, int max_w, int max_lines, bool camel,
                   VizLines *out);

/* One way to set a text: a font, how many lines it may take, whether words may break at
 * their humps ("ClickEvent|Statistics"). */
typedef struct VizStyle {
	VizFont font;
	int max_lines;
	bool camel;
} VizStyle;

/* How a text was fitted. */
typedef struct VizFit {
	const char *text;         /* the alternative chosen (points into the string given) */
	size_t len;               /* its length, bytes */
	VizFont font;             /* the style's font */
	VizLines lines;           /* its lines */
	bool cut;                 /* nothing fitted: the last alternative, last style, cut with "…" */
	int width, height;        /* px: widest line, lines × line distance */
} VizFit;

/* Fits alts — alternatives separated by '\n', the preferred first — into max_w: the first
 * alternative that fits in one of the styles (tried in order) wins. When none does, the
 * last alternative is set in the last style, its last line cut, and the cut counted. */
void viz_text_fit(VizText *t, const char *alts, const VizStyle *styles, int nstyles, int max_w, VizFit *out);
/* Draws a fitted text with its top-left at (x, y), lines left-aligned (align 0), centred
 * (1) or right-aligned at x + max_w (2). Returns its height, px. */
int viz_text_draw_fit(VizText *t, const VizFit *fit, VizColor c, int x, int y, int max_w, int align);

/* Strings cut with "…" since the last reset, and the last of them (for the message). */
int viz_text_cuts(const VizText *t);
const char *viz_text_last_cut(const VizText *t);
void viz_text_reset_cuts(VizText *t);

#endif
