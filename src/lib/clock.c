/* clock.c - civil-date arithmetic (proleptic Gregorian) without time zones. */
#include "clock.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t clock_monday(int64_t days)
{
	/* 1970-01-01 was a Thursday, three days after a Monday */
	return days - ((days % 7 + 7 + 3) % 7);
}

int64_t clock_now(void)
{
	return (int64_t)time(NULL);
}

double clock_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Days from 1970-01-01 to y-m-d; Howard Hinnant's days_from_civil. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* The n digits at s as a number, or -1. */
static int clock_digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static unsigned clock_month_days(int64_t y, unsigned m)
{
	static const unsigned days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return days[m - 1] + (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

/* By hand rather than by sscanf, which a case's read called a dozen times. */
bool clock_date_parse(const char *s, int64_t *days)
{
	int y, m, d;

	if (!s || strnlen(s, 11) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	y = clock_digits(s, 4), m = clock_digits(s + 5, 2), d = clock_digits(s + 8, 2);
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || (unsigned)d > clock_month_days(y, (unsigned)m))
		return false;
	if (days)
		*days = days_from_civil(y, (unsigned)m, (unsigned)d);
	return true;
}

int64_t clock_add_months(int64_t days, int months)
{
	int y;
	unsigned m, d, last;
	int64_t k, r;

	civil_from_days(days, &y, &m, &d);
	/* counted in months since year 0, rounded down, so that months may be negative */
	k = (int64_t)y * 12 + (m - 1) + months;
	r = (k % 12 + 12) % 12;
	m = (unsigned)r + 1;
	last = clock_month_days((k - r) / 12, m);
	return days_from_civil((k - r) / 12, m, d < last ? d : last);
}

/* n in at least width digits, zeros before; the end of what was written.
 * Dates and times are written by hand: through snprintf they were a
 * twentieth of a case's read. */
static char *put_digits(char *p, unsigned long n, int width)
{
	char tmp[24];
	int k = 0;

	do
		tmp[k++] = (char)('0' + n % 10);
	while ((n /= 10) != 0);
	while (k < width)
		tmp[k++] = '0';
	while (k > 0)
		*p++ = tmp[--k];
	return p;
}

/* YYYY-MM-DD, as "%04d-%02u-%02u" would write the year modulo 10,000. */
static char *put_date(char *p, int64_t days)
{
	int y;
	unsigned m, d;

	civil_from_days(days, &y, &m, &d);
	y %= 10000;
	if (y < 0)
		*p++ = '-';
	p = put_digits(p, (unsigned long)(y < 0 ? -y : y), y < 0 ? 3 : 4);
	*p++ = '-';
	p = put_digits(p, m, 2);
	*p++ = '-';
	return put_digits(p, d, 2);
}

/* THH:MM:SS of secs into the day. */
static char *put_time(char *p, int64_t secs)
{
	*p++ = 'T';
	p = put_digits(p, (unsigned long)(secs / 3600), 2);
	*p++ = ':';
	p = put_digits(p, (unsigned long)(secs / 60 % 60), 2);
	*p++ = ':';
	return put_digits(p, (unsigned long)(secs % 60), 2);
}

void clock_date_format(int64_t days, char out[CLOCK_DATE_LEN])
{
	*put_date(out, days) = '\0';
}

int64_t clock_day(int64_t t)
{
	return t >= 0 ? t / 86400 : (t - 86399) / 86400;
}

void clock_iso8601(int64_t t, char out[CLOCK_ISO_LEN])
{
	int64_t days = clock_day(t);
	char *p = put_time(put_date(out, days), t - days * 86400);

	*p++ = 'Z';
	*p = '\0';
}

int clock_year(int64_t t)
{
	int y;
	unsigned m, d;

	civil_from_days(t / 86400, &y, &m, &d);
	return y;
}

bool clock_rfc3339_parse(const char *s, int64_t *t, int *offset)
{
	char date[11];
	int hh, mm, ss = 0, n = 0, oh = 0, om = 0, sign = 1;
	int64_t days;
	const char *p;

	if (!s || strlen(s) < 17 || s[10] != 'T')
		return false;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (!clock_date_parse(date, &days))
		return false;
	p = s + 11;
	if (sscanf(p, "%2d:%2d%n", &hh, &mm, &n) != 2 || n != 5)
		return false;
	p += 5;
	if (*p == ':') {
		if (sscanf(p, ":%2d%n", &ss, &n) != 1 || n != 3)
			return false;
		p += 3;
	}
	if (hh > 23 || mm > 59 || ss > 59)
		return false;
	if (*p == 'Z' && p[1] == '\0') {
		*offset = 0;
	} else if ((*p == '+' || *p == '-') && strlen(p) == 6) {
		sign = *p == '-' ? -1 : 1;
		if (sscanf(p + 1, "%2d:%2d%n", &oh, &om, &n) != 2 || n != 5 || oh > 14 || om > 59)
			return false;
		*offset = sign * (oh * 60 + om);
	} else {
		return false;
	}
	*t = days * 86400 + hh * 3600 + mm * 60 + ss - (int64_t)*offset * 60;
	return true;
}

void clock_rfc3339_format(int64_t t, int offset, char out[CLOCK_ISO_LEN])
{
	int64_t local = t + (int64_t)offset * 60;
	int64_t days = clock_day(local);
	unsigned a = offset < 0 ? 0u - (unsigned)offset : (unsigned)offset;
	char *p = put_time(put_date(out, days), local - days * 86400);

	if (offset == 0) {
		*p++ = 'Z';
	} else {
		*p++ = offset < 0 ? '-' : '+';
		p = put_digits(p, a / 60, 2);
		*p++ = ':';
		p = put_digits(p, a % 60, 2);
	}
	*p = '\0';
}
