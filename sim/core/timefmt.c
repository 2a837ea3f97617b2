/*
 * timefmt.c — UTC calendar arithmetic and the playground's two timestamp texts.
 *
 * days_from_civil / civil_from_days are the proleptic-Gregorian conversions by era
 * (400-year cycles), exact for every int64 millisecond the model can hold; floor division
 * keeps instants before 1970 on the right day.
 */
#include "timefmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MS_PER_DAY  86400000LL
#define MS_PER_HOUR 3600000LL

typedef struct Civil {
	int64_t year;       /* proleptic Gregorian year */
	int     month;      /* 1..12 */
	int     day;        /* 1..31 */
	int     hour;       /* 0..23 */
	int     minute;     /* 0..59 */
	int     second;     /* 0..59 */
	int     milli;      /* 0..999 */
} Civil;

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Days since 1970-01-01 of y-m-d. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;                                    /* [0, 399] */
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;    /* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, Civil *c)
{
	z += 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	c->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	c->month = (int)(mp < 10 ? mp + 3 : mp - 9);
	c->year = yoe + era * 400 + (c->month <= 2);
}

static void civil_from_ms(int64_t ms, Civil *c)
{
	int64_t days = floor_div(ms, MS_PER_DAY);
	int64_t rem = ms % MS_PER_DAY;                 /* made [0, MS_PER_DAY) below */
	if (rem < 0)
		rem += MS_PER_DAY;

	civil_from_days(days, c);
	c->hour = (int)(rem / MS_PER_HOUR);
	c->minute = (int)(rem / 60000 % 60);
	c->second = (int)(rem / 1000 % 60);
	c->milli = (int)(rem % 1000);
}

static size_t written(int n)
{
	return n < 0 ? 0 : (size_t)n;
}

size_t timefmt_playground(int64_t ms_since_epoch, char *buf, size_t len)
{
	Civil c;
	civil_from_ms(ms_since_epoch, &c);
	int h12 = c.hour % 12 == 0 ? 12 : c.hour % 12;   /* Java's `hh`: 1..12 */
	int n = snprintf(buf, len, "%02d-%02d-%04lld %02d:%02d:%02d:%03d", c.day, c.month,
	                 (long long)c.year, h12, c.minute, c.second, c.milli);
	return written(n);
}

size_t timefmt_cli(int64_t ms, char *buf, size_t len)
{
	Civil c;
	civil_from_ms(ms, &c);
	int n = snprintf(buf, len, "%02d.%02d.%04lld %02d:%02d:%02d", c.day, c.month,
	                 (long long)c.year, c.hour, c.minute, c.second);
	return written(n);
}

/* Reads `digits` decimal digits at s; false if any is not a digit. */
static bool read_digits(const char *s, int digits, int *out)
{
	int v = 0;
	for (int i = 0; i < digits; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

bool timefmt_parse_playground(const char *s, size_t n, int64_t hint_ms, int64_t *ms)
{
	/* "dd-MM-yyyy hh:mm:ss:SSS": separators at fixed positions. */
	static const char sep[] = "-- :::";
	static const int sep_at[] = { 2, 5, 10, 13, 16, 19 };
	int d, mo, y, h, mi, se, milli;

	if (n != TIMEFMT_PLAYGROUND_LEN)
		return false;
	for (int i = 0; i < 6; i++)
		if (s[sep_at[i]] != sep[i])
			return false;
	if (!read_digits(s, 2, &d) || !read_digits(s + 3, 2, &mo) || !read_digits(s + 6, 4, &y) ||
	    !read_digits(s + 11, 2, &h) || !read_digits(s + 14, 2, &mi) ||
	    !read_digits(s + 17, 2, &se) || !read_digits(s + 20, 3, &milli))
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h < 1 || h > 12 ||
	    mi > 59 || se > 59)
		return false;

	int64_t am = days_from_civil(y, mo, d) * MS_PER_DAY + (h % 12) * MS_PER_HOUR +
	             mi * 60000LL + se * 1000LL + milli;
	int64_t pm = am + 12 * MS_PER_HOUR;
	/* Compared without subtracting across the hint, so no hint can overflow. */
	if (hint_ms <= am)
		*ms = am;
	else if (hint_ms >= pm)
		*ms = pm;
	else
		*ms = pm - hint_ms < hint_ms - am ? pm : am;
	return true;
}

/* ---------------------------------------------------------------- durations */

typedef struct DurationUnit {
	const char *label;  /* as written; TIMEFMT_FLINK compares ignoring ASCII case */
	int pow10;          /* µs = number × 10^pow10 × mult */
	int64_t mult;
	int rank;           /* larger units rank higher: a compound goes strictly down */
	bool ours;          /* accepted by TIMEFMT_UNIT_REQUIRED / TIMEFMT_BARE_SECONDS */
} DurationUnit;

/* Longest labels first where one is a prefix of another ("ms" before "m"). Flink's
 * labels are TimeUtils.TimeUnit's (singular and plural), less ns, which µs cannot hold. */
static const DurationUnit duration_units[] = {
	{ "milliseconds", 3, 1, 2, false }, { "millisecond", 3, 1, 2, false }, { "millis", 3, 1, 2, false },
	{ "milli", 3, 1, 2, false }, { "ms", 3, 1, 2, true },
	{ "microseconds", 0, 1, 1, false }, { "microsecond", 0, 1, 1, false }, { "micros", 0, 1, 1, false },
	{ "micro", 0, 1, 1, false }, { "\xc2\xb5s", 0, 1, 1, false },
	{ "minutes", 6, 60, 4, false }, { "minute", 6, 60, 4, false }, { "min", 6, 60, 4, false },
	{ "m", 6, 60, 4, true },
	{ "seconds", 6, 1, 3, false }, { "second", 6, 1, 3, false }, { "secs", 6, 1, 3, false },
	{ "sec", 6, 1, 3, false }, { "s", 6, 1, 3, true },
	{ "hours", 6, 3600, 5, false }, { "hour", 6, 3600, 5, false }, { "h", 6, 3600, 5, true },
	{ "days", 6, 86400, 6, false }, { "day", 6, 86400, 6, false }, { "d", 6, 86400, 6, false },
};

static const DurationUnit flink_bare_unit = { "ms", 3, 1, 2, true };   /* Flink: no label = ms */

#define TOO_LARGE "too large (at most 2^60 µs, about 36,500 years)"

static bool fail_with(char *err, size_t errlen, const char *why)
{
	if (errlen)
		snprintf(err, errlen, "%s", why);
	return false;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A decimal number at *p: digits [. digits] or . digits. Advances *p past it. */
typedef struct Decimal {
	const char *ip, *fp;  /* integer and fraction digits */
	size_t il, fl;        /* their counts */
} Decimal;

static bool read_decimal(const char **p, Decimal *d)
{
	const char *s = *p;
	d->ip = s;
	while (is_digit(*s))
		s++;
	d->il = (size_t)(s - d->ip);
	d->fp = s;
	d->fl = 0;
	if (*s == '.') {
		d->fp = ++s;
		while (is_digit(*s))
			s++;
		d->fl = (size_t)(s - d->fp);
		if (d->fl == 0)
			return false;                  /* "1." */
	}
	if (d->il == 0 && d->fl == 0)
		return false;
	*p = s;
	return true;
}

/* d × 10^pow10 × mult, exactly, rounded half up; false past TIMEFMT_DURATION_MAX_US. */
static bool decimal_us(const Decimal *d, int pow10, int64_t mult, int64_t *out)
{
	const uint64_t max = (uint64_t)TIMEFMT_DURATION_MAX_US;
	uint64_t a = 0;                        /* the digits up to the µs point */
	for (size_t i = 0; i < d->il + (size_t)pow10; i++) {
		size_t k = i - d->il;
		int dig = i < d->il ? d->ip[i] - '0' : k < d->fl ? d->fp[k] - '0' : 0;
		if (a > (max - (uint64_t)dig) / 10)
			return false;
		a = a * 10 + (uint64_t)dig;
	}
	/* The digits past the µs point, times mult, by long multiplication from the right:
	 * the carry out of the first is the whole µs, that digit's product decides rounding. */
	uint64_t carry = 0;
	int round_digit = 0;
	for (size_t i = d->fl; i-- > (size_t)pow10;) {
		uint64_t t = (uint64_t)(d->fp[i] - '0') * (uint64_t)mult + carry;
		carry = t / 10;
		if (i == (size_t)pow10)
			round_digit = (int)(t % 10);
	}
	if (a > max / (uint64_t)mult)
		return false;
	uint64_t us = a * (uint64_t)mult + carry + (round_digit >= 5);
	if (us > max)
		return false;
	*out = (int64_t)us;
	return true;
}

static bool label_is(const char *s, const char *label, size_t n, bool any_case)
{
	for (size_t i = 0; i < n; i++) {
		char a = s[i], b = label[i];
		if (any_case && a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (a != b)
			return false;
	}
	return true;
}

/* The unit at s (Flink: the whole rest, ignoring case), or NULL; *len its length. */
static const DurationUnit *read_unit(const char *s, TimefmtSyntax syntax, size_t *len)
{
	size_t rest = strlen(s);
	for (size_t i = 0; i < sizeof duration_units / sizeof duration_units[0]; i++) {
		const DurationUnit *u = &duration_units[i];
		size_t n = strlen(u->label);
		if (syntax == TIMEFMT_FLINK ? n == rest && label_is(s, u->label, n, true)
		                            : u->ours && n <= rest && label_is(s, u->label, n, false)) {
			*len = n;
			return u;
		}
	}
	return NULL;
}

/* Why s is not a number where one was expected. */
static bool bad_number(const char *s, char *err, size_t errlen)
{
	if (*s == '\0')
		return fail_with(err, errlen, "empty");
	if (*s == '-')
		return fail_with(err, errlen, "negative durations are not allowed");
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return fail_with(err, errlen, "hex numbers are not allowed");
	char why[64];
	snprintf(why, sizeof why, "a decimal number was expected at '%.8s'", s);
	return fail_with(err, errlen, why);
}

/* Refuses what would make a C or Java parser read more than our decimal: "0x10", "1e3". */
static bool plain_number_end(const Decimal *d, const char *p, char *err, size_t errlen)
{
	if ((*p == 'x' || *p == 'X') && d->il == 1 && d->ip[0] == '0' && d->fl == 0)
		return fail_with(err, errlen, "hex numbers are not allowed");
	if (*p == 'e' || *p == 'E')
		return fail_with(err, errlen, "exponents are not allowed");
	return true;
}

/* Why the text after a number is not one of our units. */
static bool bad_unit(const char *p, char *err, size_t errlen)
{
	char why[96];
	if (*p == '\0')
		return fail_with(err, errlen, "a unit is needed");
	size_t n = 0;
	while ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z'))
		n++;
	if (n > 0)
		snprintf(why, sizeof why, "unknown unit '%.*s'", (int)(n < 12 ? n : 12), p);
	else
		snprintf(why, sizeof why, "unexpected '%.8s' after a number", p);
	return fail_with(err, errlen, why);
}

static bool flink_space(char c)
{
	return c == ' ' || c == '\t';
}

/* TIMEFMT_FLINK: "<number>[ ]<label>" or a bare number of ms, surrounding spaces ignored. */
static bool parse_flink(const char *s, int64_t *out_us, char *err, size_t errlen)
{
	char text[64];
	while (flink_space(*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && flink_space(s[n - 1]))
		n--;
	if (n >= sizeof text)
		return fail_with(err, errlen, "too long");
	memcpy(text, s, n);
	text[n] = '\0';
	const char *p = text;
	Decimal d;
	if (!read_decimal(&p, &d))
		return bad_number(text, err, errlen);
	if (!plain_number_end(&d, p, err, errlen))
		return false;
	while (flink_space(*p))
		p++;
	size_t len;
	const DurationUnit *u = *p ? read_unit(p, TIMEFMT_FLINK, &len) : &flink_bare_unit;
	if (!u)
		return fail_with(err, errlen, "unknown unit (Flink's labels: ms, milli(s), millisecond(s), s, sec(s), "
		                 "second(s), m, min, minute(s), h, hour(s), d, day(s), µs, micro(s), microsecond(s))");
	if (!decimal_us(&d, u->pow10, u->mult, out_us))
		return fail_with(err, errlen, TOO_LARGE);
	return true;
}

bool timefmt_parse_duration(const char *s, TimefmtSyntax syntax, int64_t *out_us, char *err, size_t errlen)
{
	if (syntax == TIMEFMT_FLINK)
		return parse_flink(s, out_us, err, errlen);
	const char *p = s;
	int64_t total = 0;
	int last_rank = 99;
	do {
		Decimal d;
		const char *at = p;
		if (!read_decimal(&p, &d))
			return bad_number(at, err, errlen);
		if (!plain_number_end(&d, p, err, errlen))
			return false;
		if (syntax == TIMEFMT_BARE_SECONDS && at == s && *p == '\0')
			return decimal_us(&d, 6, 1, out_us) || fail_with(err, errlen, TOO_LARGE);
		size_t len;
		const DurationUnit *u = read_unit(p, syntax, &len);
		if (!u)
			return bad_unit(p, err, errlen);
		if ((p[len] >= 'a' && p[len] <= 'z') || (p[len] >= 'A' && p[len] <= 'Z'))
			return bad_unit(p, err, errlen);        /* "1min", "2mm": not a unit of ours */
		if (u->rank >= last_rank)
			return fail_with(err, errlen, "units must go from larger to smaller, each once (\"1h2m3.5s\")");
		last_rank = u->rank;
		p += len;
		int64_t us;
		if (!decimal_us(&d, u->pow10, u->mult, &us) || us > TIMEFMT_DURATION_MAX_US - total)
			return fail_with(err, errlen, TOO_LARGE);
		total += us;
	} while (*p);
	*out_us = total;
	return true;
}

bool timefmt_duration_from_seconds(double seconds, int64_t *out_us, char *err, size_t errlen)
{
	if (!isfinite(seconds))
		return fail_with(err, errlen, "not a finite number");
	if (seconds < 0)
		return fail_with(err, errlen, "negative durations are not allowed");
	double us = seconds * 1e6;
	if (us > (double)TIMEFMT_DURATION_MAX_US)
		return fail_with(err, errlen, TOO_LARGE);
	*out_us = (int64_t)(us + 0.5);
	return true;
}

bool timefmt_parse_decimal(const char *s, double *out)
{
	const char *p = s;
	Decimal d;
	if (!read_decimal(&p, &d) || *p != '\0')
		return false;
	*out = strtod(s, NULL);                /* the text is plain decimal: strtod is exact enough */
	return true;
}
