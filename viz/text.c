/*
 * text.c — fonts, the string texture cache and the widths measured (see text.h).
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

/* Widths measured (font, string): layout measures the same labels and prefixes every frame
 * (wrapping tries each break), and shaping them is most of a frame's time. Emptied when
 * WIDTH_MAX are in use. */
#define WIDTH_SLOTS 8192         /* power of two */
#define WIDTH_MAX   6000
struct Width {
	char *str;                /* NULL for a free slot */
	uint64_t hash;
	VizFont font;
	int w;
};

typedef struct Entry {
	char *str;                /* the string (owned), NULL for a free slot */
	uint64_t hash;            /* of (font, colour, max_w, str) */
	VizFont font;
	uint32_t rgba;
	int max_w;                /* width limit it was cut to, 0 none */
	SDL_Texture *tex;         /* NULL for an empty string */
	int w, h;                 /* texture size, px */
	bool cut;                 /* the string did not fit max_w and was cut */
	uint64_t used;            /* frame it was last drawn */
} Entry;

struct VizText {
	SDL_Renderer *r;          /* where textures live */
	TTF_Font *fonts[VIZ_FONT_COUNT];
	int heights[VIZ_FONT_COUNT];   /* line height per font, px */
	Entry *slots;             /* CACHE_SLOTS entries */
	int count;                /* entries in use */
	uint64_t frame;           /* frames ended so far */
	int cuts;                 /* strings drawn cut since the last reset */
	char last_cut[240];       /* the last of them */
	struct Width *widths;     /* WIDTH_SLOTS measured strings */
	int nwidths;              /* in use */
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
	if (!t || !(t->slots = calloc(CACHE_SLOTS, sizeof *t->slots)) ||
	    !(t->widths = calloc(WIDTH_SLOTS, sizeof *t->widths))) {
		snprintf(err, errlen, "out of memory");
		if (t)
			free(t->slots);
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

static void forget_widths(VizText *t)
{
	for (int i = 0; t->widths && i < WIDTH_SLOTS; i++) {
		free(t->widths[i].str);
		t->widths[i].str = NULL;
	}
	t->nwidths = 0;
}

/* TTF_SizeUTF8's width of s in font f, measured once. */
static int measure(VizText *t, VizFont f, const char *s)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)f;
	for (const char *p = s; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	size_t k = h & (WIDTH_SLOTS - 1);
	for (; t->widths[k].str; k = (k + 1) & (WIDTH_SLOTS - 1)) {
		struct Width *m = &t->widths[k];
		if (m->hash == h && m->font == f && strcmp(m->str, s) == 0)
			return m->w;
	}
	int w = 0;
	TTF_SizeUTF8(t->fonts[f], s, &w, NULL);
	if (t->nwidths >= WIDTH_MAX) {
		forget_widths(t);
		k = h & (WIDTH_SLOTS - 1);
	}
	struct Width *m = &t->widths[k];
	if ((m->str = strdup(s))) {
		m->hash = h;
		m->font = f;
		m->w = w;
		t->nwidths++;
	}
	return w;
}

void viz_text_destroy(VizText *t)
{
	if (!t)
		return;
	for (int i = 0; t->slots && i < CACHE_SLOTS; i++)
		clear_entry(&t->slots[i]);
	free(t->slots);
	forget_widths(t);
	free(t->widths);
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
	if (e->max_w > 0 && measure(t, e->font, s) > e->max_w && (cut = cut_to_width(font, s, e->max_w))) {
		s = cut;
		e->cut = true;
	}
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
	if (e->cut) {
		t->cuts++;
		snprintf(t->last_cut, sizeof t->last_cut, "%s", s);
	}
	SDL_Rect dst = { x, y, e->w, e->h };
	SDL_RenderCopy(t->r, e->tex, NULL, &dst);
	return e->w;
}

void viz_text_draw_upright(VizText *t, VizFont f, VizColor c, int cx, int cy, const char *s)
{
	if (!s || !*s)
		return;
	Entry *e = lookup(t, f, c, 0, s);
	if (!e || !e->tex)
		return;
	e->used = t->frame;
	SDL_Rect dst = { cx - e->w / 2, cy - e->h / 2, e->w, e->h };   /* turned about its centre */
	SDL_RenderCopyEx(t->r, e->tex, NULL, &dst, -90.0, NULL, SDL_FLIP_NONE);
}

int viz_text_width(VizText *t, VizFont f, const char *s)
{
	return s && *s ? measure(t, f, s) : 0;
}

int viz_text_height(const VizText *t, VizFont f)
{
	return t->heights[f];
}

int viz_text_line_px(VizFont f)
{
	static const int px[VIZ_FONT_COUNT] = {
		[VIZ_FONT_SMALL] = 13, [VIZ_FONT_BODY] = 15, [VIZ_FONT_BOLD] = 15, [VIZ_FONT_SMALL_BOLD] = 13,
		[VIZ_FONT_TITLE] = 17, [VIZ_FONT_BIG] = 24, [VIZ_FONT_MONO] = 15,
	};
	return px[f];
}

int viz_text_cuts(const VizText *t) { return t->cuts; }
const char *viz_text_last_cut(const VizText *t) { return t->last_cut; }

void viz_text_reset_cuts(VizText *t)
{
	t->cuts = 0;
	t->last_cut[0] = '\0';
}

/* ---------------------------------------------------------------- wrapping and fitting */

#define WRAP_BUF 1024             /* longest line measured, bytes */

static int span_width(VizText *t, VizFont f, const char *s, size_t n)
{
	char buf[WRAP_BUF];
	n = n < sizeof buf ? n : sizeof buf - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return measure(t, f, buf);
}

static bool ascii_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }

static bool ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Where a line may end, before byte i, from the best kind of break to the worst: at a space;
 * after a '/' or ',' or the hyphen of a hyphenated word ("back-|pressured"; not inside ids
 * like "52566-0baf9c"); inside an identifier between a lower-case letter and a capital. */
typedef enum BreakKind { BREAK_SPACE = 1, BREAK_PUNCT, BREAK_HUMP } BreakKind;

static BreakKind break_at(const char *s, size_t i)
{
	if (s[i] == ' ')
		return s[i - 1] != ' ' ? BREAK_SPACE : 0;
	if (s[i - 1] == '/' || s[i - 1] == ',' || (s[i - 1] == '-' && i >= 2 && ascii_letter(s[i - 2]) && ascii_letter(s[i])))
		return BREAK_PUNCT;
	return ascii_lower(s[i - 1]) && ascii_upper(s[i]) ? BREAK_HUMP : 0;
}

/* The furthest break after p, of kind worst or better, whose line fits max_w; 0 none. */
static size_t furthest_fit(VizText *t, VizFont f, const char *s, size_t p, size_t n, int max_w, BreakKind worst)
{
	size_t best = 0;
	for (size_t i = p + 1; i < n; i++) {
		BreakKind k = break_at(s, i);
		if (!k || k > worst)
			continue;
		if (span_width(t, f, s + p, i - p) > max_w)
			break;                                 /* longer prefixes are wider still */
		best = i;
	}
	return best;
}

bool viz_text_wrap(VizText *t, VizFont f, const char *s, size_t n, int max_w, int max_lines, bool camel,
                   VizLines *out)
{
	memset(out, 0, sizeof *out);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	size_t p = 0;
	while (p < n && s[p] == ' ')
		p++;
	while (p < n) {
		if (out->n == max_lines || out->n == VIZ_TEXT_MAX_LINES)
			return false;
		size_t end = n;
		int w = span_width(t, f, s + p, n - p);
		if (w > max_w) {
			end = furthest_fit(t, f, s, p, n, max_w, BREAK_SPACE);
			if (!end)
				end = furthest_fit(t, f, s, p, n, max_w, BREAK_PUNCT);
			if (!end && camel)
				end = furthest_fit(t, f, s, p, n, max_w, BREAK_HUMP);
			if (!end)
				return false;
			while (end > p && s[end - 1] == ' ')
				end--;
			w = span_width(t, f, s + p, end - p);
		}
		out->start[out->n] = (int)p;
		out->len[out->n++] = (int)(end - p);
		out->width = w > out->width ? w : out->width;
		for (p = end; p < n && s[p] == ' '; p++)
			;
	}
	return true;
}

/* Nothing fitted: the alternative in the style, its last allowed line running to the end. */
static void fit_cut(VizText *t, const char *s, size_t n, VizStyle st, int max_w, VizFit *out)
{
	VizLines l;
	out->cut = true;
	if (!viz_text_wrap(t, st.font, s, n, max_w, VIZ_TEXT_MAX_LINES, true, &l) || l.n == 0) {
		l.n = 1;
		l.start[0] = 0;
	}
	if (l.n > st.max_lines)
		l.n = st.max_lines > 0 ? st.max_lines : 1;
	l.len[l.n - 1] = (int)n - l.start[l.n - 1];
	l.width = max_w;
	out->lines = l;
}

void viz_text_fit(VizText *t, const char *alts, const VizStyle *styles, int nstyles, int max_w, VizFit *out)
{
	memset(out, 0, sizeof *out);
	const char *a = alts ? alts : "";
	for (;;) {
		size_t n = strcspn(a, "\n");
		out->text = a;
		out->len = n;
		for (int k = 0; k < nstyles; k++)
			if (viz_text_wrap(t, styles[k].font, a, n, max_w, styles[k].max_lines, styles[k].camel, &out->lines)) {
				out->font = styles[k].font;
				goto fitted;
			}
		if (!a[n])
			break;
		a += n + 1;
	}
	out->font = styles[nstyles - 1].font;
	fit_cut(t, out->text, out->len, styles[nstyles - 1], max_w, out);
fitted:
	out->width = out->lines.width;
	out->height = out->lines.n * viz_text_line_px(out->font);
}

int viz_text_draw_fit(VizText *t, const VizFit *fit, VizColor c, int x, int y, int max_w, int align)
{
	int step = viz_text_line_px(fit->font);
	for (int i = 0; i < fit->lines.n; i++) {
		char line[WRAP_BUF];
		snprintf(line, sizeof line, "%.*s", fit->lines.len[i], fit->text + fit->lines.start[i]);
		bool last_cut = fit->cut && i == fit->lines.n - 1;
		int w = last_cut ? max_w : viz_text_width(t, fit->font, line);
		int lx = align == 1 ? x + (max_w - w) / 2 : align == 2 ? x + max_w - w : x;
		viz_text_draw(t, fit->font, c, lx, y + i * step, last_cut ? max_w : 0, line);
	}
	return fit->lines.n * step;
}
