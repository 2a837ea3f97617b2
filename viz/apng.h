/*
 * apng.h — an animated PNG (APNG) of the view: frames collected as they are drawn, written
 * as one file that browsers and slide tools play.
 *
 * Each frame is encoded by libpng (pngfile.h); this module only rearranges the chunks
 * into an APNG (the PNG extension of Mozilla's APNG specification): the first frame's IHDR, an acTL chunk (frame count, loop forever), then per frame an fcTL
 * chunk (size, delay) and its image data — IDAT for the first frame, which is also what a
 * viewer without APNG shows, fdAT (a sequence number, then the same zlib stream) for the
 * others — and IEND. Debian's libpng has no APNG writer, so the chunks are written here;
 * their CRC-32 is the PNG specification's.
 *
 * Owns the encoded frames.
 */
#ifndef VIZ_APNG_H
#define VIZ_APNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL2/SDL.h>

typedef struct VizAnim VizAnim;

VizAnim *viz_anim_create(void);               /* NULL when out of memory */
void viz_anim_destroy(VizAnim *a);            /* accepts NULL */
/* Encodes a frame (every frame the size of the first). False when it cannot. */
bool viz_anim_add(VizAnim *a, SDL_Surface *frame);
int viz_anim_frames(const VizAnim *a);
/* Writes the animation to path, fps frames a second (the last frame shown 2 s), looping.
 * False with the reason in err (no frame, a file that cannot be written). */
bool viz_anim_write(const VizAnim *a, const char *path, int fps, char *err, size_t len);

/* The CRC-32 of PNG chunks (ISO 3309, as the PNG specification gives it), continued from crc. */
uint32_t viz_png_crc(uint32_t crc, const unsigned char *p, size_t n);

#endif
