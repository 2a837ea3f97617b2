/* fmt.c — snprintf's conversions the model uses, written by hand; see fmt.h. */
#include "fmt.h"

#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FMT_WIDTH_MAX 4096            /* a wider field goes to vsnprintf */

typedef struct Sink {
	char  *buf;                   /* the caller's buffer */
	size_t len;                   /* its size */
	size_t at;                    /* length of the whole text so far (may pass len) */
} Sink;

typedef struct Spec {
	bool   left, zero;            /* flags '-' and '0' */
	size_t width;                 /* field width, 0 none */
	long   prec;                  /* precision, -1 none */
	int    size;                  /* 0 int, 1 long, 2 long long */
	char   conv;                  /* the conversion character */
} Spec;

static void put(Sink *k, const char *p, size_t n)
{
	if (k->at + 1 < k->len) {
		size_t room = k->len - 1 - k->at;
		memcpy(k->buf + k->at, p, n < room ? n : room);
	}
	k->at += n;
}

static void fill(Sink *k, char c, size_t n)
{
	if (k->at + 1 < k->len) {
		size_t room = k->len - 1 - k->at;
		memset(k->buf + k->at, c, n < room ? n : room);
	}
	k->at += n;
}

static const char *parse_number(const char *f, size_t *out)
{
	size_t v = 0;
	while (*f >= '0' && *f <= '9' && v <= FMT_WIDTH_MAX)
		v = v * 10 + (size_t)(*f++ - '0');
	*out = v;
	return f;
}

/* Reads the directive after '%'; returns the byte after it, or NULL when fmt.c does not
 * write that directive itself. */
static const char *parse_spec(const char *f, Spec *sp)
{
	*sp = (Spec){ .prec = -1 };
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else
			break;
	}
	f = parse_number(f, &sp->width);
	if (*f == '.') {
		size_t prec;
		f = parse_number(f + 1, &prec);
		sp->prec = (long)prec;
	}
	for (; *f == 'l' && sp->size < 2; f++)
		sp->size++;
	sp->conv = *f;
	bool flagged = sp->left || sp->zero || sp->width || sp->prec >= 0 || sp->size;
	bool number = sp->conv == 'd' || sp->conv == 'u' || sp->conv == 'x' || sp->conv == 'X';
	if (sp->width > FMT_WIDTH_MAX || sp->prec > FMT_WIDTH_MAX)
		return NULL;
	if (sp->conv == '%')
		return flagged ? NULL : f + 1;
	if (sp->conv == 's' || sp->conv == 'c')
		return sp->zero || sp->size || (sp->conv == 'c' && sp->prec >= 0) ? NULL : f + 1;
	return number && sp->prec < 0 ? f + 1 : NULL;
}

/* A field of n bytes at p, padded to the spec's width; sign (may be "") comes before zeros. */
static void field(Sink *k, const Spec *sp, const char *sign, const char *p, size_t n)
{
	size_t sn = strlen(sign), pad = sp->width > sn + n ? sp->width - sn - n : 0;
	if (!sp->left && !sp->zero)
		fill(k, ' ', pad);
	put(k, sign, sn);
	if (!sp->left && sp->zero)
		fill(k, '0', pad);
	put(k, p, n);
	if (sp->left)
		fill(k, ' ', pad);
}

/* The digits of v, written backwards ending at end; returns how many. Base 10 and 16 are
 * separate loops so that the compiler divides by a constant (a multiply), not by a variable. */
static size_t digits(unsigned long long v, char conv, char *end)
{
	size_t n = 0;
	if (conv == 'd' || conv == 'u') {
		do
			end[-(ptrdiff_t)++n] = (char)('0' + v % 10);
		while ((v /= 10) > 0);
		return n;
	}
	const char *hex = conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
	do
		end[-(ptrdiff_t)++n] = hex[v & 15];
	while ((v >>= 4) > 0);
	return n;
}

static void number(Sink *k, const Spec *sp, va_list *ap)
{
	unsigned long long v;
	bool negative = false;
	if (sp->conv == 'd') {
		long long x = sp->size == 0 ? va_arg(*ap, int) : sp->size == 1 ? va_arg(*ap, long) : va_arg(*ap, long long);
		negative = x < 0;
		v = negative ? 0ull - (unsigned long long)x : (unsigned long long)x;
	} else {
		v = sp->size == 0 ? va_arg(*ap, unsigned) : sp->size == 1 ? va_arg(*ap, unsigned long) :
		    va_arg(*ap, unsigned long long);
	}
	char b[24];
	size_t n = digits(v, sp->conv, b + sizeof b);
	if (!sp->width && !negative)
		put(k, b + sizeof b - n, n);
	else
		field(k, sp, negative ? "-" : "", b + sizeof b - n, n);
}

/* Returns false (the text unfinished) on a directive it leaves to vsnprintf. */
static bool format(Sink *k, const char *f, va_list *ap)
{
	for (;;) {
		const char *pct = strchr(f, '%');
		put(k, f, pct ? (size_t)(pct - f) : strlen(f));
		if (!pct)
			return true;
		Spec sp;
		if (!(f = parse_spec(pct + 1, &sp)))
			return false;
		if (sp.conv == '%') {
			put(k, "%", 1);
		} else if (sp.conv == 'c') {
			char c = (char)va_arg(*ap, int);
			field(k, &sp, "", &c, 1);
		} else if (sp.conv == 's') {
			const char *s = va_arg(*ap, const char *);
			if (!s)
				return false;                 /* glibc's "(null)" is vsnprintf's to write */
			size_t n = sp.prec >= 0 ? strnlen(s, (size_t)sp.prec) : strlen(s);
			if (sp.width)
				field(k, &sp, "", s, n);
			else
				put(k, s, n);
		} else {
			number(k, &sp, ap);
		}
	}
}

int fmt_vsnprintf(char *buf, size_t len, const char *fmt, va_list ap)
{
	va_list whole, mine;
	va_copy(whole, ap);
	va_copy(mine, ap);
	Sink k = { buf, len, 0 };
	bool done = format(&k, fmt, &mine);
	va_end(mine);
	int n;
	if (done && k.at <= INT_MAX) {
		if (len)
			buf[k.at < len ? k.at : len - 1] = '\0';
		n = (int)k.at;
	} else {
		n = vsnprintf(buf, len, fmt, whole);
	}
	va_end(whole);
	return n;
}

int fmt_snprintf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n;
}

/* Java's Double.toString / Float.toString: the shortest digits that read back as the same
 * value (digits = 17 for double, 9 for float at most), plain between 10^-3 and 10^7, else
 * "d.dddE±n"; a whole number keeps ".0". */
static void java_decimal(double v, bool as_float, char *buf, size_t len)
{
	if (isnan(v)) {
		snprintf(buf, len, "NaN");
		return;
	}
	if (isinf(v)) {
		snprintf(buf, len, v > 0 ? "Infinity" : "-Infinity");
		return;
	}
	if (v == 0) {
		snprintf(buf, len, signbit(v) ? "-0.0" : "0.0");
		return;
	}
	char sci[40];
	int maxp = as_float ? 9 : 17;
	for (int p = 1; p <= maxp; p++) {
		snprintf(sci, sizeof sci, "%.*e", p - 1, v);
		double back = strtod(sci, NULL);
		if (as_float ? (float)back == (float)v : back == v)
			break;
	}
	/* sci is "[-]d[.ddd]e±xx": collect the digits and the exponent */
	char digits[24];
	int nd = 0, exp10 = 0;
	bool neg = sci[0] == '-';
	const char *p = sci + (neg ? 1 : 0);
	for (; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9' && nd < 23)
			digits[nd++] = *p;
	if (*p == 'e')
		exp10 = (int)strtol(p + 1, NULL, 10);
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	digits[nd] = '\0';
	double mag = fabs(v);
	size_t o = 0;
	char out[64];
	if (neg)
		out[o++] = '-';
	if (mag >= 1e-3 && mag < 1e7) {
		if (exp10 >= 0) {
			for (int i = 0; i <= exp10; i++)
				out[o++] = i < nd ? digits[i] : '0';
			out[o++] = '.';
			if (nd > exp10 + 1)
				for (int i = exp10 + 1; i < nd; i++)
					out[o++] = digits[i];
			else
				out[o++] = '0';
		} else {
			out[o++] = '0';
			out[o++] = '.';
			for (int i = 0; i < -exp10 - 1; i++)
				out[o++] = '0';
			for (int i = 0; i < nd; i++)
				out[o++] = digits[i];
		}
		out[o] = '\0';
	} else {
		out[o++] = digits[0];
		out[o++] = '.';
		if (nd > 1)
			for (int i = 1; i < nd; i++)
				out[o++] = digits[i];
		else
			out[o++] = '0';
		snprintf(out + o, sizeof out - o, "E%d", exp10);
	}
	snprintf(buf, len, "%s", out);
}

void fmt_java_double(double v, char *buf, size_t len) { java_decimal(v, false, buf, len); }
void fmt_java_float(double v, char *buf, size_t len) { java_decimal((double)(float)v, true, buf, len); }
