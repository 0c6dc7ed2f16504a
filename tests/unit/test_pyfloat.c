/* core/pyfloat: doubles written as Python's repr() writes them (values from python3 -c 'repr(x)').
 */
#include <math.h>

#include "core/pyfloat.h"
#include "test.h"

static const struct {
    int line;
    double x;
    const char *want;
} cases[] = {
    {__LINE__, 1.0, "1.0"},
    {__LINE__, -2.5, "-2.5"},
    {__LINE__, 0.1, "0.1"},
    {__LINE__, 100.0, "100.0"},
    {__LINE__, 1e15, "1000000000000000.0"},
    {__LINE__, 1e16, "1e+16"},
    {__LINE__, 1.5e16, "1.5e+16"},
    {__LINE__, 0.0001, "0.0001"},
    {__LINE__, 0.00001, "1e-05"},
    {__LINE__, 1.0 / 3, "0.3333333333333333"},
    {__LINE__, 123456.789, "123456.789"},
    {__LINE__, -0.0, "-0.0"},
    {__LINE__, 1.7976931348623157e308, "1.7976931348623157e+308"},
    {__LINE__, 5e-324, "5e-324"},
};

static void test_cases(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct buf b = BUF_INIT;
        pyfloat_repr(&b, cases[i].x);
        CHECK_STR_AT(cases[i].line, buf_cstr(&b), cases[i].want);
        buf_free(&b);
    }
}

static void test_not_finite(void)
{
    struct buf b = BUF_INIT;
    pyfloat_repr(&b, NAN);
    buf_puts(&b, " ");
    pyfloat_repr(&b, INFINITY);
    buf_puts(&b, " ");
    pyfloat_repr(&b, -INFINITY);
    CHECK_STR(buf_cstr(&b), "nan inf -inf");
    buf_free(&b);
}

int main(void)
{
    RUN(test_cases);
    RUN(test_not_finite);
    return test_summary();
}
