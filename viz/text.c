/*
 * text.c — fonts and the string texture cache (see text.h).
 *
 * The cache is an open-addressed table keyed by (font, colour, width limit, string).
 * Entries not drawn for EVICT_FRAMES frames are dropped when the table is rebuilt, which
 * happens every EVICT_FRAMES frames or when it fills up; the clock and the counters change
 * every frame, so without eviction the table would only grow.
 */
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL2/SDL_ttf.h>

#define CACHE_SLOTS  4096        /* power of two */
#define CACHE_MAX    3000        /* rebuild above this many entries */
#define EVICT_FRAMES 90

typedef struct Entry {
	char *str;                /* the string (owned), NULL for a free slot */
	uint64_t hash;            /* of (font, colour, max_w, str) */
	VizFont font;
	uint32_t rgba;
	int max_w;                /* width limit it was cut to, 0 none */
	SDL_Texture *tex;         /* NULL for an empty string */
	int w, h;                 /* texture size, px */
	uint64_t used;            /* frame it was last drawn */
} Entry;

struct VizText {
	SDL_Renderer *r;          /* where textures live */
	TTF_Font *fonts[VIZ_FONT_COUNT];
	int heights[VIZ_FONT_COUNT];   /* line height per font, px */
	Entry *slots;             /* CACHE_SLOTS entries */
	int count;                /* entries in use */
	uint64_t frame;           /* frames ended so far */
};

static const struct {
	const char *file;
	int px;
} font_files[VIZ_FONT_COUNT] = {
	[VIZ_FONT_SMALL] = { "DejaVuSans.ttf", 11 },
	[VIZ_FONT_BODY] = { "DejaVuSans.ttf", 13 },
	[VIZ_FONT_BOLD] = { "DejaVuSans-Bold.ttf", 13 },
	[VIZ_FONT_SMALL_BOLD] = { "DejaVuSans-Bold.ttf", 11 },
	[VIZ_FONT_TITLE] = { "DejaVuSans-Bold.ttf", 14 },
	[VIZ_FONT_BIG] = { "DejaVuSans-Bold.ttf", 20 },
	[VIZ_FONT_MONO] = { "DejaVuSansMono.ttf", 12 },
};

VizText *viz_text_create(SDL_Renderer *r, const char *dir, char *err, size_t errlen)
{
	VizText *t = calloc(1, sizeof *t);
	if (!t || !(t->slots = calloc(CACHE_SLOTS, sizeof *t->slots))) {
		snprintf(err, errlen, "out of memory");
		free(t);
		return NULL;
	}
	t->r = r;
	if (!dir)
		dir = "/usr/share/fonts/truetype/dejavu";
	for (int f = 0; f < VIZ_FONT_COUNT; f++) {
		char path[512];
		snprintf(path, sizeof path, "%s/%s", dir, font_files[f].file);
		if (!(t->fonts[f] = TTF_OpenFont(path, font_files[f].px))) {
			snprintf(err, errlen, "cannot open the font %s: %s (install fonts-dejavu-core)", path, TTF_GetError());
			viz_text_destroy(t);
			return NULL;
		}
		t->heights[f] = TTF_FontHeight(t->fonts[f]);
	}
	return t;
}

static void clear_entry(Entry *e)
{
	free(e->str);
	if (e->tex)
		SDL_DestroyTexture(e->tex);
	memset(e, 0, sizeof *e);
}

void viz_text_destroy(VizText *t)
{
	if (!t)
		return;
	for (int i = 0; t->slots && i < CACHE_SLOTS; i++)
		clear_entry(&t->slots[i]);
	free(t->slots);
	for (int f = 0; f < VIZ_FONT_COUNT; f++)
		if (t->fonts[f])
			TTF_CloseFont(t->fonts[f]);
	free(t);
}

static uint64_t hash_key(VizFont f, uint32_t rgba, int max_w, const char *s)
{
	uint64_t h = 1469598103934665603ull ^ ((uint64_t)f << 40) ^ ((uint64_t)rgba << 8) ^ (uint64_t)max_w;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* Keeps entries drawn since frame `since`, re-inserted into a fresh table. */
static void rebuild(VizText *t, uint64_t since)
{
	Entry *old = t->slots;
	Entry *fresh = calloc(CACHE_SLOTS, sizeof *fresh);
	if (!fresh)
		return;
	t->slots = fresh;
	t->count = 0;
	for (int i = 0; i < CACHE_SLOTS; i++) {
		Entry *e = &old[i];
		if (!e->str)
			continue;
		if (e->used < since) {
			clear_entry(e);
			continue;
		}
		size_t k = e->hash & (CACHE_SLOTS - 1);
		while (fresh[k].str)
			k = (k + 1) & (CACHE_SLOTS - 1);
		fresh[k] = *e;
		t->count++;
	}
	free(old);
}

void viz_text_frame_end(VizText *t)
{
	t->frame++;
	if (t->frame % EVICT_FRAMES == 0)
		rebuild(t, t->frame - EVICT_FRAMES);
}

/* Longest prefix of s (whole UTF-8 characters) that fits max_w with "…" appended. */
static char *cut_to_width(TTF_Font *font, const char *s, int max_w)
{
	size_t n = strlen(s);
	char *buf = malloc(n + 4);
	if (!buf)
		return NULL;
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi + 1) / 2;
		while (mid > 0 && ((unsigned char)s[mid] & 0xc0) == 0x80)
			mid--;
		if (mid <= lo) {
			hi = lo;
			break;
		}
		memcpy(buf, s, mid);
		memcpy(buf + mid, "\xe2\x80\xa6", 4);
		int w = 0;
		TTF_SizeUTF8(font, buf, &w, NULL);
		if (w <= max_w)
			lo = mid;
		else
			hi = mid - 1;
	}
	while (lo > 0 && ((unsigned char)s[lo] & 0xc0) == 0x80)
		lo--;
	memcpy(buf, s, lo);
	memcpy(buf + lo, "\xe2\x80\xa6", 4);
	return buf;
}

static void render_entry(VizText *t, Entry *e, VizColor c)
{
	TTF_Font *font = t->fonts[e->font];
	const char *s = e->str;
	char *cut = NULL;
	int w = 0;
	TTF_SizeUTF8(font, s, &w, NULL);
	if (e->max_w > 0 && w > e->max_w && (cut = cut_to_width(font, s, e->max_w)))
		s = cut;
	SDL_Color col = { c.r, c.g, c.b, c.a };
	SDL_Surface *surf = s[0] ? TTF_RenderUTF8_Blended(font, s, col) : NULL;
	if (surf) {
		e->tex = SDL_CreateTextureFromSurface(t->r, surf);
		e->w = surf->w;
		e->h = surf->h;
		SDL_FreeSurface(surf);
	}
	free(cut);
}

static Entry *lookup(VizText *t, VizFont f, VizColor c, int max_w, const char *s)
{
	uint32_t rgba = viz_hex(c) << 8 | c.a;
	uint64_t h = hash_key(f, rgba, max_w, s);
	size_t k = h & (CACHE_SLOTS - 1);
	for (; t->slots[k].str; k = (k + 1) & (CACHE_SLOTS - 1)) {
		Entry *e = &t->slots[k];
		if (e->hash == h && e->font == f && e->rgba == rgba && e->max_w == max_w && strcmp(e->str, s) == 0)
			return e;
	}
	if (t->count >= CACHE_MAX) {
		rebuild(t, t->frame);                      /* keep only what this frame drew */
		if (t->count >= CACHE_MAX)
			return NULL;
		for (k = h & (CACHE_SLOTS - 1); t->slots[k].str; k = (k + 1) & (CACHE_SLOTS - 1))
			;
	}
	Entry *e = &t->slots[k];
	if (!(e->str = strdup(s)))
		return NULL;
	e->hash = h;
	e->font = f;
	e->rgba = rgba;
	e->max_w = max_w;
	t->count++;
	render_entry(t, e, c);
	return e;
}

int viz_text_draw(VizText *t, VizFont f, VizColor c, int x, int y, int max_w, const char *s)
{
	if (!s || !*s)
		return 0;
	Entry *e = lookup(t, f, c, max_w, s);
	if (!e || !e->tex)
		return 0;
	e->used = t->frame;
	SDL_Rect dst = { x, y, e->w, e->h };
	SDL_RenderCopy(t->r, e->tex, NULL, &dst);
	return e->w;
}

int viz_text_width(VizText *t, VizFont f, const char *s)
{
	int w = 0;
	if (s && *s)
		TTF_SizeUTF8(t->fonts[f], s, &w, NULL);
	return w;
}

int viz_text_height(const VizText *t, VizFont f)
{
	return t->heights[f];
}
