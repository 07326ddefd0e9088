/*
 * Natural exponential and logarithm computed with IEEE double operations
 * only, so that their results do not depend on the C library's libm.
 */
#ifndef DMATH_H
#define DMATH_H

double det_exp(double x);
double det_log(double x);

#endif
