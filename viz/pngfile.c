/* pngfile.c — frames of the view as PNG files (see pngfile.h). */
#include "pngfile.h"

#include <stdlib.h>

#include <png.h>

/* The surface's pixels in a format libpng reads as they are (the view draws 32-bit ARGB,
 * which is BGRA in memory on little-endian machines); otherwise a converted copy in *copy,
 * for the caller to free. NULL when out of memory. */
static SDL_Surface *as_rgba(SDL_Surface *s, png_image *im, SDL_Surface **copy)
{
	*copy = NULL;
	if (s->format->format == SDL_PIXELFORMAT_BGRA32) {
		im->format = PNG_FORMAT_BGRA;
		return s;
	}
	im->format = PNG_FORMAT_RGBA;
	if (s->format->format == SDL_PIXELFORMAT_RGBA32)
		return s;
	return *copy = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_RGBA32, 0);
}

/* Writes the image to *png (a buffer of *len bytes grown as needed), or to the file path. */
static bool write_image(SDL_Surface *s, const char *path, void **png, size_t *len)
{
	png_image im = { .version = PNG_IMAGE_VERSION, .width = (png_uint_32)s->w, .height = (png_uint_32)s->h,
	                 .flags = PNG_IMAGE_FLAG_FAST };
	SDL_Surface *copy;
	SDL_Surface *src = as_rgba(s, &im, &copy);
	if (!src)
		return false;                              /* SDL_ConvertSurfaceFormat set the error */
	bool locked = SDL_MUSTLOCK(src) && SDL_LockSurface(src) == 0;
	png_int_32 stride = src->pitch;                /* in components: bytes, at 8 bits each */
	int ok;
	if (path) {
		ok = png_image_write_to_file(&im, path, 0, src->pixels, stride, NULL);
	} else {
		png_alloc_size_t n = 0;
		ok = png_image_write_get_memory_size(im, n, 0, src->pixels, stride, NULL);
		*png = ok ? malloc(n) : NULL;
		ok = *png && png_image_write_to_memory(&im, *png, &n, 0, src->pixels, stride, NULL);
		*len = n;
		if (!ok) {
			free(*png);
			*png = NULL;
		}
	}
	if (!ok)
		SDL_SetError("%s", im.message[0] ? im.message : "out of memory");
	if (locked)
		SDL_UnlockSurface(src);
	SDL_FreeSurface(copy);
	png_image_free(&im);
	return ok;
}

bool viz_png_encode(SDL_Surface *s, void **png, size_t *len)
{
	return write_image(s, NULL, png, len);
}

bool viz_png_save(SDL_Surface *s, const char *path)
{
	return write_image(s, path, NULL, NULL);
}
