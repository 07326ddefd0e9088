/*
 * Natural exponential and logarithm computed with IEEE double operations
 * only, so that their results do not depend on the C library's libm.
 */
#ifndef DMATH_H
#define DMATH_H

double det_exp(double x);
void det_exp2(const double x[2], double y[2]);
double det_log(double x);

#endif
