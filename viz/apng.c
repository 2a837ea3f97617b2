/*
 * apng.c — animated PNG files from frames of the view (see apng.h).
 */
#include "apng.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pngfile.h"

typedef struct AnimFrame {
	unsigned char *data;      /* the frame's zlib stream: its IDAT chunks' data, concatenated */
	size_t len;
} AnimFrame;

struct VizAnim {
	AnimFrame *frames;
	int n, cap;
	unsigned char ihdr[13];   /* the first frame's header: every frame must have the same */
};

static const unsigned char png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

uint32_t viz_png_crc(uint32_t crc, const unsigned char *p, size_t n)
{
	crc = ~crc;
	for (size_t i = 0; i < n; i++) {
		crc ^= p[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
	}
	return ~crc;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

VizAnim *viz_anim_create(void)
{
	return calloc(1, sizeof(VizAnim));
}

void viz_anim_destroy(VizAnim *a)
{
	if (!a)
		return;
	for (int i = 0; i < a->n; i++)
		free(a->frames[i].data);
	free(a->frames);
	free(a);
}

int viz_anim_frames(const VizAnim *a)
{
	return a ? a->n : 0;
}

/* Keeps the IHDR of a PNG file and the data of its IDAT chunks, in order. */
static bool take_chunks(VizAnim *a, const unsigned char *p, size_t n, AnimFrame *out)
{
	if (n < 8 || memcmp(p, png_signature, 8) != 0)
		return false;
	for (size_t at = 8; at + 12 <= n;) {
		uint32_t len = be32(p + at);
		const unsigned char *type = p + at + 4, *data = p + at + 8;
		if (len > n - at - 12)
			return false;
		if (memcmp(type, "IHDR", 4) == 0) {
			if (len != 13 || (a->n > 0 && memcmp(a->ihdr, data, 13) != 0))
				return false;                      /* another size or colour type */
			memcpy(a->ihdr, data, 13);
		} else if (memcmp(type, "IDAT", 4) == 0) {
			unsigned char *d = realloc(out->data, out->len + len);
			if (!d)
				return false;
			memcpy(d + out->len, data, len);
			out->data = d;
			out->len += len;
		}
		at += 12 + len;
	}
	return out->len > 0;
}

bool viz_anim_add(VizAnim *a, SDL_Surface *frame)
{
	void *png = NULL;
	size_t len = 0;
	AnimFrame f = { NULL, 0 };
	if (a->n == a->cap) {
		int cap = a->cap ? 2 * a->cap : 32;
		AnimFrame *fr = realloc(a->frames, (size_t)cap * sizeof *fr);
		if (!fr)
			return false;
		a->frames = fr;
		a->cap = cap;
	}
	bool ok = viz_png_encode(frame, &png, &len) && take_chunks(a, (const unsigned char *)png, len, &f);
	free(png);
	if (!ok) {
		free(f.data);
		return false;
	}
	a->frames[a->n++] = f;
	return true;
}

/* One chunk: length, type, data, CRC over type and data. */
static bool chunk(FILE *out, const char *type, const unsigned char *head, size_t nhead, const unsigned char *data,
                  size_t n)
{
	unsigned char b[8];
	put32(b, (uint32_t)(nhead + n));
	memcpy(b + 4, type, 4);
	uint32_t crc = viz_png_crc(0, b + 4, 4);
	if (nhead)
		crc = viz_png_crc(crc, head, nhead);
	if (n)
		crc = viz_png_crc(crc, data, n);
	unsigned char c[4];
	put32(c, crc);
	return fwrite(b, 1, 8, out) == 8 && (nhead == 0 || fwrite(head, 1, nhead, out) == nhead) &&
	       (n == 0 || fwrite(data, 1, n, out) == n) && fwrite(c, 1, 4, out) == 4;
}

/* fcTL: the frame covers the whole image, shown delay_num/delay_den s, then left as it is. */
static bool frame_control(FILE *out, const VizAnim *a, uint32_t seq, int num, int den)
{
	unsigned char fc[26] = { 0 };
	put32(fc, seq);
	memcpy(fc + 4, a->ihdr, 8);                    /* width, height */
	fc[20] = (unsigned char)(num >> 8);
	fc[21] = (unsigned char)num;
	fc[22] = (unsigned char)(den >> 8);
	fc[23] = (unsigned char)den;                   /* dispose_op 0 (none), blend_op 0 (source) */
	return chunk(out, "fcTL", fc, sizeof fc, NULL, 0);
}

bool viz_anim_write(const VizAnim *a, const char *path, int fps, char *err, size_t len)
{
	if (!a || a->n == 0)
		return snprintf(err, len, "no frame for the animation %s (is the range inside the run?)", path), false;
	FILE *out = fopen(path, "wb");
	if (!out)
		return snprintf(err, len, "cannot write %s: %s", path, strerror(errno)), false;
	unsigned char actl[8];
	put32(actl, (uint32_t)a->n);
	put32(actl + 4, 0);                            /* loop forever */
	bool ok = fwrite(png_signature, 1, 8, out) == 8 && chunk(out, "IHDR", a->ihdr, 13, NULL, 0) &&
	          chunk(out, "acTL", actl, 8, NULL, 0);
	uint32_t seq = 0;
	for (int i = 0; i < a->n && ok; i++) {
		bool last = i == a->n - 1;
		ok = frame_control(out, a, seq++, last ? 2 : 1, last ? 1 : fps);
		unsigned char s[4];
		put32(s, seq);
		if (ok && i == 0)
			ok = chunk(out, "IDAT", NULL, 0, a->frames[i].data, a->frames[i].len);
		else if (ok) {
			ok = chunk(out, "fdAT", s, 4, a->frames[i].data, a->frames[i].len);
			seq++;
		}
	}
	ok = ok && chunk(out, "IEND", NULL, 0, NULL, 0);
	ok = fclose(out) == 0 && ok;
	if (!ok)
		snprintf(err, len, "error writing %s", path);
	return ok;
}
