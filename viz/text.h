/*
 * text.h — text for the view: DejaVu fonts through SDL2_ttf, and a cache of rendered
 * strings as textures (most labels are the same from one frame to the next, and
 * rasterising a string costs far more than copying its texture).
 *
 * Owns the fonts and every cached texture; the renderer must outlive the VizText.
 */
#ifndef VIZ_TEXT_H
#define VIZ_TEXT_H

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
 * string too wide is cut and ends with "…". */
int viz_text_draw(VizText *t, VizFont f, VizColor c, int x, int y, int max_w, const char *s);
int viz_text_width(VizText *t, VizFont f, const char *s);
int viz_text_height(const VizText *t, VizFont f);
/* Call once per frame: forgets strings that were not drawn for a while. */
void viz_text_frame_end(VizText *t);

#endif
