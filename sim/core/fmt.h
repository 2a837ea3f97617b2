/*
 * fmt.h — snprintf for the model's texts, without the C library's printf machinery.
 *
 * Every simulation event becomes a trace line and a few container-log lines; glibc's
 * vfprintf (locale, wide-character and positional-argument support, a FILE per call) was
 * a quarter of a swarm seed's time. fmt_snprintf is a drop-in replacement with the same
 * output, bytes and return value (Redis's sdscatfmt does the same for the same reason).
 * It writes these conversions itself: %s %c %d %u %x %X %% with the length modifiers l
 * and ll, the flags '-' and '0', a decimal field width and, for %s, a decimal precision.
 * Anything else (another flag or conversion, '*', a precision on a number, a NULL string)
 * is handed to vsnprintf whole, so the result is always exactly vsnprintf's. Also Java's
 * Double/Float.toString, for the texts Flink prints of a double. Pure functions, no state;
 * exported prefix fmt_.
 */
#ifndef FMT_H
#define FMT_H

#include <stdarg.h>
#include <stddef.h>

/* As vsnprintf: writes at most len - 1 bytes and a NUL (nothing when len is 0) and
 * returns the length of the whole text. */
int fmt_vsnprintf(char *buf, size_t len, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));
/* As snprintf (see fmt_vsnprintf). */
int fmt_snprintf(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Java's Double.toString and Float.toString of v ("1.0", "0.25", "1.0E-4", "NaN"). */
void fmt_java_double(double v, char *buf, size_t len);
void fmt_java_float(double v, char *buf, size_t len);

#endif
