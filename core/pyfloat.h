/* A double as Python's repr() writes it: what the AWS CLI prints and JMESPath's to_string gives. */
#ifndef CORE_PYFLOAT_H
#define CORE_PYFLOAT_H

#include "core/buf.h"

/* The shortest digits that read back as X, laid out as Python does: positional from 1e-4 up to
   1e16 with at least one decimal ("1000000000000000.0", "0.0001"), exponent form outside
   ("1e+16", "1e-05"); "nan", "inf", "-inf" for the values JSON cannot hold. */
void pyfloat_repr(struct buf *b, double x);

#endif
