/* Timestamps as the AWS CLI takes them (float(), then dateutil), in plain UTC arithmetic. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* Python's float() grammar: [+-] digits with single '_' between them, '.', an exponent.
   Copied without the underscores into out; false if s is not a float. */
static bool float_text(const char *s, char *out, size_t cap, bool *exponent)
{
    size_t n = 0, digits = 0;
    bool dot = false;
    *exponent = false;
    if (*s == '+' || *s == '-')
        out[n++] = *s++;
    for (; *s && n + 1 < cap; s++) {
        if (is_digit(*s)) {
            digits++;
        } else if (*s == '_' && n && is_digit(out[n - 1]) && is_digit(s[1])) {
            continue;
        } else if (*s == '.' && !dot && !*exponent) {
            dot = true;
        } else if ((*s == 'e' || *s == 'E') && digits && !*exponent) {
            *exponent = true;
            out[n++] = *s++;
            if (*s == '+' || *s == '-')
                out[n++] = *s++;
            if (!is_digit(*s))
                return false;
            s--;
            continue;
        } else {
            return false;
        }
        out[n++] = *s;
    }
    out[n] = '\0';
    return digits > 0 && !*s;
}

/* Epoch seconds as the AWS CLI reads them first: float(s), blanks around allowed. Whole and
   fractional parts are kept apart without an exponent, so no digit is lost to rounding. */
static int parse_epoch(const char *s, double *epoch)
{
    char text[400];
    bool exponent;
    size_t n = strlen(s);
    while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || (s[n - 1] >= '\t' && s[n - 1] <= '\r')))
        n--;
    if (!n || n >= sizeof text)
        return -1;
    char trimmed[400];
    memcpy(trimmed, s, n);
    trimmed[n] = '\0';
    if (!float_text(trimmed, text, sizeof text, &exponent))
        return -1;
    if (exponent) {
        double t = strtod(text, NULL);
        if (!(t >= (double)MIN_EPOCH && t < (double)MAX_EPOCH + 1))
            return -1;
        *epoch = join((long long)floor(t), t - floor(t));
        return 0;
    }
    const char *p = text;
    bool neg = *p == '-';
    long long whole = 0;
    double frac = 0;
    p += *p == '-' || *p == '+';
    for (; is_digit(*p); p++)
        if ((whole = whole * 10 + (*p - '0')) > MAX_EPOCH + 1)
            return -1;
    if (*p == '.' && is_digit(p[1])) {
        p++;
        read_fraction(&p, &frac);
    }
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

/* ---- dateutil's forms: one broken-down time, read piece by piece ---- */

struct when {
    int y, mo, d, h, mi, s;
    double frac;
    long long offset; /* seconds east of UTC */
};

static bool blank(char c)
{
    return c == ' ' || c == '\t';
}

static void skip_blanks(const char **p)
{
    while (blank(**p))
        (*p)++;
}

/* 1 to max digits (no more follow) into *out. */
static bool read_number(const char **p, int min, int max, int *out)
{
    int n = 0, v = 0;
    while (is_digit((*p)[n]) && n <= max)
        v = v * 10 + ((*p)[n++] - '0');
    if (n < min || n > max)
        return false;
    *p += n;
    *out = v;
    return true;
}

/* A word of letters, compared without case with a name or its first three letters (and
   "sept"), as dateutil's month and weekday tables. */
static int read_name(const char **p, const char *const *names, int count)
{
    size_t n = 0;
    while (((*p)[n] >= 'a' && (*p)[n] <= 'z') || ((*p)[n] >= 'A' && (*p)[n] <= 'Z'))
        n++;
    for (int i = 0; i < count && n >= 3; i++) {
        if ((n == 3 || n == strlen(names[i]) || (i == 8 && n == 4)) &&
            !strncasecmp(*p, names[i], n)) {
            *p += n;
            return i + 1;
        }
    }
    return 0;
}

static const char *const month_names[] = {"january",   "february", "march",    "april",
                                          "may",       "june",     "july",     "august",
                                          "september", "october",  "november", "december"};
static const char *const day_names[] = {"monday", "tuesday",  "wednesday", "thursday",
                                        "friday", "saturday", "sunday"};

static int read_month(const char **p)
{
    return read_name(p, month_names, 12);
}

/* YYYY-MM-DD, YYYY/M/D, YYYY.MM.DD, YYYY-Mon-DD or YYYYMMDD. */
static bool date_year_first(const char **p, struct when *w)
{
    const char *q = *p;
    if (read_number(&q, 8, 8, &w->y)) {
        w->d = w->y % 100, w->mo = w->y / 100 % 100, w->y /= 10000;
        *p = q;
        return true;
    }
    if (!read_number(&q, 4, 4, &w->y))
        return false;
    char sep = *q;
    if (sep == '-' || sep == '/' || sep == '.') {
        q++;
        if (!read_number(&q, 1, 2, &w->mo) && !(sep == '-' && (w->mo = read_month(&q))))
            return false;
        if (*q++ != sep || !read_number(&q, 1, 2, &w->d))
            return false;
    } else if (blank(sep)) { /* 2024 Jan 1 */
        skip_blanks(&q);
        if (!(w->mo = read_month(&q)))
            return false;
        skip_blanks(&q);
        if (!read_number(&q, 1, 2, &w->d))
            return false;
    } else {
        return false;
    }
    *p = q;
    return true;
}

/* M/D/YYYY (dateutil's month first, unless the first cannot be a month), D Mon YYYY,
   D-Mon-YYYY. */
static bool date_day_first(const char **p, struct when *w)
{
    const char *q = *p;
    int a, b;
    if (!read_number(&q, 1, 2, &a))
        return false;
    char sep = *q;
    if ((sep == '/' || sep == '-' || sep == '.') && is_digit(q[1])) {
        q++;
        if (!read_number(&q, 1, 2, &b) || *q++ != sep || !read_number(&q, 4, 4, &w->y))
            return false;
        w->mo = a > 12 ? b : a;
        w->d = a > 12 ? a : b;
    } else {
        if (sep == '-')
            q++;
        skip_blanks(&q);
        if (!(w->mo = read_month(&q)))
            return false;
        if (*q == '-')
            q++;
        skip_blanks(&q);
        if (!read_number(&q, 4, 4, &w->y))
            return false;
        w->d = a;
    }
    *p = q;
    return true;
}

/* Mon D[,] YYYY; or ctime's Mon D (the year comes after the time): *year_later set. */
static bool date_month_first(const char **p, struct when *w, bool *year_later)
{
    const char *q = *p;
    if (!(w->mo = read_month(&q)))
        return false;
    skip_blanks(&q);
    if (!read_number(&q, 1, 2, &w->d))
        return false;
    const char *r = q;
    if (*r == ',')
        r++;
    skip_blanks(&r);
    if (read_number(&r, 4, 4, &w->y))
        q = r;
    else
        *year_later = true;
    *p = q;
    return true;
}

/* H[:MM[:SS[.frac]]], or after a 'T' also HHMM[SS]; then am/pm. */
static bool read_time(const char **p, struct when *w, bool after_t)
{
    const char *q = *p;
    int v, parts = 1; /* hours; 2 with minutes, 3 with seconds */
    if (after_t && (read_number(&q, 6, 6, &v) || read_number(&q, 4, 4, &v))) {
        parts = q - *p == 6 ? 3 : 2;
        w->h = parts == 3 ? v / 10000 : v / 100;
        w->mi = parts == 3 ? v / 100 % 100 : v % 100;
        w->s = parts == 3 ? v % 100 : 0;
    } else if (read_number(&q, 1, 2, &w->h)) {
        if (*q == ':' && (q++, parts++, !read_number(&q, 1, 2, &w->mi)))
            return false;
        if (*q == ':' && (q++, parts++, !read_number(&q, 1, 2, &w->s)))
            return false;
    } else {
        return false;
    }
    if ((*q == '.' || *q == ',') && is_digit(q[1])) {
        if (parts == 1)
            return false;
        q++;
        read_fraction(&q, &w->frac);
        if (parts == 2) { /* dateutil reads 15:00.5 as a fraction of a minute: 15:00:30 */
            w->s = (int)(w->frac * 60);
            w->frac = w->frac * 60 - w->s;
        }
    }
    const char *r = q;
    skip_blanks(&r);
    bool am = !strncasecmp(r, "am", 2), pm = !strncasecmp(r, "pm", 2);
    if ((am || pm) && !((r[2] >= 'a' && r[2] <= 'z') || (r[2] >= 'A' && r[2] <= 'Z'))) {
        if (w->h < 1 || w->h > 12)
            return false;
        w->h = (w->h % 12) + (pm ? 12 : 0);
        q = r + 2;
    }
    *p = q;
    return true;
}

/* Z, UTC, GMT (no other zone name: the AWS CLI would ignore it and take UTC), or an offset
   +H, +HH, +HHMM, +HH:MM. */
static bool read_zone(const char **p, struct when *w)
{
    const char *q = *p;
    skip_blanks(&q);
    if (*q == 'Z' || *q == 'z') {
        *p = q + 1;
        return true;
    }
    if (!strncmp(q, "UTC", 3) || !strncmp(q, "GMT", 3)) {
        *p = q + 3;
        return true;
    }
    if (*q != '+' && *q != '-')
        return false;
    int sign = *q++ == '-' ? -1 : 1, oh, om = 0;
    if (read_number(&q, 4, 4, &oh)) {
        om = oh % 100, oh /= 100;
    } else if (!read_number(&q, 1, 2, &oh) || (*q == ':' && !(q++, read_number(&q, 2, 2, &om)))) {
        return false;
    }
    if (oh > 23 || om > 59)
        return false;
    w->offset = sign * (oh * 3600LL + om * 60LL);
    *p = q;
    return true;
}

static bool read_date(const char **p, struct when *w, bool *year_later)
{
    const char *q = *p;
    if (read_name(&q, day_names, 7)) { /* a weekday is read and ignored, as dateutil does */
        if (*q == ',')
            q++;
        skip_blanks(&q);
    }
    if (date_year_first(&q, w) || date_day_first(&q, w) || date_month_first(&q, w, year_later)) {
        *p = q;
        return true;
    }
    return false;
}

/* The date, then [T or blanks] a time, a zone, and ctime's year last. */
static int parse_datetime(const char *s, double *epoch)
{
    struct when w = {0};
    bool year_later = false;
    const char *p = s;
    skip_blanks(&p);
    if (!read_date(&p, &w, &year_later))
        return -1;
    const char *q = p;
    skip_blanks(&q);
    bool after_t = *q == 'T' || *q == 't';
    if (after_t || q != p) {
        q += after_t;
        if (read_time(&q, &w, after_t) || after_t)
            p = q;
        read_zone(&p, &w);
    }
    if (year_later) {
        skip_blanks(&p);
        if (!read_number(&p, 4, 4, &w.y))
            return -1;
    }
    skip_blanks(&p);
    if (*p || w.y < 1 || w.mo < 1 || w.mo > 12 || w.d < 1 || w.d > days_in_month(w.y, w.mo) ||
        w.h > 23 || w.mi > 59 || w.s > 59)
        return -1;
    long long t =
        days_from_epoch(w.y, w.mo, w.d) * 86400 + w.h * 3600LL + w.mi * 60LL + w.s - w.offset;
    if (t < MIN_EPOCH || t > MAX_EPOCH)
        return -1;
    *epoch = join(t, w.frac);
    return 0;
}

int forms_parse_timestamp(const char *s, double *epoch)
{
    double t;
    if (!s || !*s)
        return -1;
    /* A number first, as the AWS CLI does: "2026" is epoch second 2026, not a year. */
    if (parse_epoch(s, &t) != 0 && parse_datetime(s, &t) != 0)
        return -1;
    if (epoch)
        *epoch = t;
    return 0;
}
