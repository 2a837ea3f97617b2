/*
 * timefmt.c — UTC calendar arithmetic and the playground's two timestamp texts.
 *
 * days_from_civil / civil_from_days are the proleptic-Gregorian conversions by era
 * (400-year cycles), exact for every int64 millisecond the model can hold; floor division
 * keeps instants before 1970 on the right day.
 */
#include "timefmt.h"

#include <stdio.h>

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
