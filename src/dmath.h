/*
 * Natural exponential and logarithm computed with IEEE double operations
 * only, so that their results do not depend on the C library's libm.
 */
#ifndef DMATH_H
#define DMATH_H

#include <stddef.h>

double det_exp(double x);
void det_exp_batch(const double *x, double *y, size_t n);
double det_log(double x);

#endif
