/* Timestamps as the AWS CLI takes them: ISO 8601 or epoch seconds, in plain UTC arithmetic. */
#include <math.h>
#include <stdbool.h>

#include "forms/validate.h"

/* Python's datetime range, which bounds what the AWS CLI accepts. */
#define MIN_EPOCH (-62135596800LL) /* 0001-01-01T00:00:00Z */
#define MAX_EPOCH 253402300799LL   /* 9999-12-31T23:59:59Z */

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar, counted by hand: mktime
   depends on TZ and timegm is not standard. */
static long long days_from_epoch(int y, int m, int d)
{
    static const int before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    long long py = y - 1;
    long long days = py * 365 + py / 4 - py / 100 + py / 400; /* 0001-01-01 .. y-01-01 */
    days += before[m - 1] + (m > 2 && is_leap(y)) + d - 1;
    return days - 719162; /* 0001-01-01 .. 1970-01-01 */
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Exactly n digits into *out. */
static bool read_digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!is_digit((*p)[i]))
            return false;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return true;
}

/* A fraction after the decimal point: one digit or more; precision beyond 1 ns is ignored. */
static bool read_fraction(const char **p, double *out)
{
    double f = 0, scale = 0.1;
    if (!is_digit(**p))
        return false;
    for (int i = 0; is_digit(**p); i++, (*p)++) {
        if (i < 9) {
            f += (**p - '0') * scale;
            scale /= 10;
        }
    }
    *out = f;
    return true;
}

/* whole + frac, but never rounded up to whole + 1: callers take floor() for whole seconds. */
static double join(long long whole, double frac)
{
    double t = (double)whole + frac;
    if (frac > 0 && t >= (double)whole + 1)
        t = nextafter((double)whole + 1, -INFINITY);
    return t;
}

/* -?digits(.digits)?, like the AWS CLI's float() attempt (without exponents or blanks). */
static int parse_epoch(const char *s, double *epoch)
{
    bool neg = *s == '-';
    long long whole = 0;
    double frac = 0;
    if (neg)
        s++;
    if (!is_digit(*s))
        return -1;
    for (; is_digit(*s); s++) {
        whole = whole * 10 + (*s - '0');
        if (whole > MAX_EPOCH + 1)
            return -1;
    }
    if (*s == '.') {
        s++;
        if (!read_fraction(&s, &frac))
            return -1;
    }
    if (*s)
        return -1;
    if (neg) {
        /* -1.5 is 1.5 s before the epoch: whole second -2, fraction 0.5. */
        whole = -whole;
        if (frac > 0) {
            whole -= 1;
            frac = 1 - frac;
        }
    }
    if (whole < MIN_EPOCH || whole > MAX_EPOCH)
        return -1;
    *epoch = join(whole, frac);
    return 0;
}

/* Z, z, +hh, +hhmm or +hh:mm (or -), then the end; no zone means UTC. Seconds east of UTC. */
static int parse_zone(const char *s, long long *offset)
{
    int sign, oh, om = 0;
    *offset = 0;
    if (*s == '\0')
        return 0;
    if ((*s == 'Z' || *s == 'z') && s[1] == '\0')
        return 0;
    if (*s != '+' && *s != '-')
        return -1;
    sign = *s++ == '-' ? -1 : 1;
    if (!read_digits(&s, 2, &oh))
        return -1;
    if (*s == ':')
        s++;
    if (*s && !read_digits(&s, 2, &om))
        return -1;
    if (*s || oh > 23 || om > 59)
        return -1;
    *offset = sign * (oh * 3600LL + om * 60LL);
    return 0;
}

/* YYYY-MM-DD, optionally [Tt ]hh:mm[:ss[.fff]] and a zone. */
static int parse_iso(const char *s, double *epoch)
{
    int y, mo, d, h = 0, mi = 0, sec = 0;
    double frac = 0;
    long long offset = 0;
    if (!read_digits(&s, 4, &y) || *s++ != '-' || !read_digits(&s, 2, &mo) || *s++ != '-' ||
        !read_digits(&s, 2, &d))
        return -1;
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
        return -1;
    if (*s) {
        if (*s != 'T' && *s != 't' && *s != ' ')
            return -1;
        s++;
        if (!read_digits(&s, 2, &h) || *s++ != ':' || !read_digits(&s, 2, &mi))
            return -1;
        if (*s == ':') {
            s++;
            if (!read_digits(&s, 2, &sec))
                return -1;
            if (*s == '.') {
                s++;
                if (!read_fraction(&s, &frac))
                    return -1;
            }
        }
        if (h > 23 || mi > 59 || sec > 59 || parse_zone(s, &offset) != 0)
            return -1;
    }
    long long t = days_from_epoch(y, mo, d) * 86400 + h * 3600LL + mi * 60LL + sec - offset;
    if (t < MIN_EPOCH || t > MAX_EPOCH)
        return -1;
    *epoch = join(t, frac);
    return 0;
}

int forms_parse_timestamp(const char *s, double *epoch)
{
    double t;
    if (!s || !*s)
        return -1;
    /* A number first, as the AWS CLI does: "2026" is epoch second 2026, not a year. */
    if (parse_epoch(s, &t) != 0 && parse_iso(s, &t) != 0)
        return -1;
    if (epoch)
        *epoch = t;
    return 0;
}
