/*
 * Shortest round-trip decimal digits of a double, by exact integer
 * arithmetic.
 */
#ifndef SHORTEST_H
#define SHORTEST_H

/*
 * Find the smallest p for which "%.{p}g" of VALUE reads back as VALUE,
 * store the p digits "%.{p}g" writes in DIGIT (ASCII, no terminator) and
 * their decimal exponent in *EXPONENT (VALUE is about DIGIT[0].DIGIT[1..]
 * times 10^*EXPONENT), and return p.  Return 0 without a result for a
 * value outside the method's range: zero, negative, infinite or NaN
 * values, and values of 2^52 or more.
 */
int shortest_digits(double value, char digit[17], int *exponent);

#endif
