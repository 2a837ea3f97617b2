/* check_apng.c — is this file an animated PNG that plays? (tests/viz/run.sh, make test)
 *
 *   check_apng FILE.png [FRAMES]
 *
 * Reads the chunks as an APNG player does (the APNG specification): the PNG signature,
 * IHDR first, every chunk's CRC-32, an acTL before the image data whose frame count is the
 * number of fcTL chunks, sequence numbers 0, 1, 2, … over fcTL and fdAT without a gap, an
 * fcTL before the IDAT (the first frame is the default image) and before each frame's
 * fdAT, frames inside the image, a non-zero delay denominator, IEND last. Then every frame
 * is rebuilt as a plain PNG (its fcTL's size, its data as IDAT) and decoded by SDL2_image,
 * which must give an image of that size. Prints "apng: N frames, WxH, …" and exits 0; or
 * the first problem and 1. With FRAMES, the frame count must be that. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL2/SDL.h>
#include <SDL2/SDL_image.h>

static uint32_t crc32_png(uint32_t crc, const unsigned char *p, size_t n)
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

static int fail(const char *what, long at)
{
	fprintf(stderr, "check_apng: %s (at byte %ld)\n", what, at);
	return 1;
}

typedef struct Frame {
	uint32_t w, h, x, y;
	unsigned char *data;
	size_t len;
} Frame;

static void append_chunk(unsigned char **buf, size_t *len, const char *type, const unsigned char *d, size_t n)
{
	*buf = realloc(*buf, *len + n + 12);
	unsigned char *p = *buf + *len;
	put32(p, (uint32_t)n);
	memcpy(p + 4, type, 4);
	if (n)
		memcpy(p + 8, d, n);
	put32(p + 8 + n, crc32_png(0, p + 4, n + 4));
	*len += n + 12;
}

/* A frame as a PNG of its own, decoded: it must be an image of the frame's size. */
static bool decodes(const unsigned char *ihdr, const Frame *f)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	unsigned char *png = malloc(8), head[13];
	size_t len = 8;
	memcpy(png, sig, 8);
	memcpy(head, ihdr, 13);
	put32(head, f->w);
	put32(head + 4, f->h);
	append_chunk(&png, &len, "IHDR", head, 13);
	append_chunk(&png, &len, "IDAT", f->data, f->len);
	append_chunk(&png, &len, "IEND", NULL, 0);
	SDL_Surface *s = IMG_Load_RW(SDL_RWFromConstMem(png, (int)len), 1);
	bool ok = s && (uint32_t)s->w == f->w && (uint32_t)s->h == f->h;
	SDL_FreeSurface(s);
	free(png);
	return ok;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return fprintf(stderr, "usage: check_apng FILE.png [FRAMES]\n"), 2;
	FILE *f = fopen(argv[1], "rb");
	if (!f)
		return fprintf(stderr, "check_apng: cannot read %s\n", argv[1]), 1;
	static unsigned char buf[64 << 20];
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	if (n < 8 || memcmp(buf, sig, 8) != 0)
		return fail("no PNG signature", 0);
	unsigned char ihdr[13] = { 0 };
	uint32_t w = 0, h = 0, frames_declared = 0, plays = 0, seq = 0, den0 = 0, num0 = 0;
	bool actl = false, iend = false, idat_seen = false;
	int nframes = 0;
	static Frame fr[4096];
	Frame *cur = NULL;
	for (size_t at = 8; at < n && !iend;) {
		if (at + 12 > n)
			return fail("a chunk runs past the end", (long)at);
		uint32_t len = be32(buf + at);
		const unsigned char *type = buf + at + 4, *d = buf + at + 8;
		if (len > n - at - 12)
			return fail("a chunk's length runs past the end", (long)at);
		if (crc32_png(0, type, len + 4) != be32(d + len))
			return fail("bad CRC", (long)at);
		if (at == 8 && memcmp(type, "IHDR", 4) != 0)
			return fail("IHDR is not the first chunk", (long)at);
		if (memcmp(type, "IHDR", 4) == 0) {
			memcpy(ihdr, d, 13);
			w = be32(d);
			h = be32(d + 4);
		} else if (memcmp(type, "acTL", 4) == 0) {
			if (idat_seen)
				return fail("acTL after the image data", (long)at);
			actl = true;
			frames_declared = be32(d);
			plays = be32(d + 4);
		} else if (memcmp(type, "fcTL", 4) == 0) {
			if (len != 26 || be32(d) != seq++)
				return fail("fcTL of the wrong size or out of sequence", (long)at);
			if (nframes == (int)(sizeof fr / sizeof fr[0]))
				return fail("too many frames for this checker", (long)at);
			cur = &fr[nframes++];
			*cur = (Frame){ be32(d + 4), be32(d + 8), be32(d + 12), be32(d + 16), NULL, 0 };
			uint32_t num = (uint32_t)d[20] << 8 | d[21], den = (uint32_t)d[22] << 8 | d[23];
			if (nframes == 1) {
				num0 = num;
				den0 = den;
			}
			if (den == 0 || cur->w == 0 || cur->h == 0 || cur->x + cur->w > w || cur->y + cur->h > h || d[24] > 2 ||
			    d[25] > 1)
				return fail("a frame outside the image, a zero delay denominator or a bad dispose/blend", (long)at);
		} else if (memcmp(type, "IDAT", 4) == 0 || memcmp(type, "fdAT", 4) == 0) {
			bool fd = type[0] == 'f';
			if (!actl)
				return fail("no acTL before the image data: a still PNG", (long)at);
			if (!cur || (fd ? nframes < 2 : nframes != 1))
				return fail(fd ? "fdAT without its fcTL" : "IDAT not the first frame", (long)at);
			if (fd && be32(d) != seq++)
				return fail("fdAT out of sequence", (long)at);
			idat_seen = idat_seen || !fd;
			size_t off = fd ? 4 : 0;
			cur->data = realloc(cur->data, cur->len + len - off);
			memcpy(cur->data + cur->len, d + off, len - off);
			cur->len += len - off;
		} else if (memcmp(type, "IEND", 4) == 0) {
			iend = true;
		}
		at += 12 + len;
	}
	if (!actl || !iend || !idat_seen)
		return fail(!actl ? "no acTL: a still PNG" : !iend ? "no IEND" : "no IDAT", (long)n);
	if ((int)frames_declared != nframes)
		return fail("acTL's frame count is not the number of frames", (long)n);
	SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
	IMG_Init(IMG_INIT_PNG);
	for (int i = 0; i < nframes; i++)
		if (!fr[i].len || !decodes(ihdr, &fr[i])) {
			fprintf(stderr, "check_apng: frame %d does not decode\n", i + 1);
			return 1;
		}
	printf("apng: %d frames, %ux%u, plays %s, frame 1 shown %u/%u s\n", nframes, w, h, plays ? "a number of times" : "forever",
	       num0, den0);
	if (argc > 2 && atoi(argv[2]) != nframes) {
		fprintf(stderr, "check_apng: %d frames, expected %s\n", nframes, argv[2]);
		return 1;
	}
	return 0;
}
