/*
 * Deterministic exp and log.  C libraries are free to round their exp and
 * log differently in the last bit, and a one-bit change in a weight can
 * move a top-p boundary or a draw.  These versions use only IEEE double
 * addition, multiplication, division and exact scaling by powers of two,
 * so the same input gives the same bits on every conforming platform,
 * provided the compiler does not contract a*b+c into a fused
 * multiply-add (the Makefile passes -ffp-contract=off) and evaluates
 * each operation in double precision.  `make check-dmath` measures the
 * error against expl and logl on about 15 million inputs and fails above
 * 2 ulps.  On x86-64, runs over up to 72 million inputs found at most
 * 0.98 ulp for det_exp and 0.96 ulp for det_log.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "dmath.h"

static double floor_small(double x);
static double scale_pow2(double y, double k);

/*
 * Evaluating double expressions in a wider format (the x87 unit of 32-bit
 * x86, unless built with -msse2 -mfpmath=sse) rounds twice and changes
 * the last bit of some results, so such builds are rejected.
 */
#if FLT_EVAL_METHOD != 0
#error "double arithmetic must be evaluated in double precision (FLT_EVAL_METHOD 0)"
#endif
/* -ffast-math lets the compiler reorder and fuse operations. */
#ifdef __FAST_MATH__
#error "logitsample must not be built with -ffast-math"
#endif

/*
 * ln 2 split in two: LN2_HI has 32 significant bits (its low 21 bits are
 * zero), so k * LN2_HI is exact for |k| < 2^21, and LN2_HI + LN2_LO is
 * ln 2 to about 2^-85.
 */
#define LN2_HI 6.93147180369123816490e-01
#define LN2_LO 1.90821492927058770002e-10
#define INV_LN2 1.44269504088896338700e+00

/* Beyond these, exp overflows to inf or underflows to 0. */
#define EXP_MAX 709.782712893383973096
#define EXP_MIN -745.133219101941108420

/*
 * Return e^X.  X is reduced to X = k ln 2 + r with |r| <= ln(2)/2, then
 * e^r comes from its Taylor series to the r^13 term, whose remainder is
 * below 5e-18 on that interval, and the result is scaled by 2^k.
 */
double
det_exp(double x)
{
	static const double inv_factorial[] = {
		1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720,
		1.0 / 5040, 1.0 / 40320, 1.0 / 362880, 1.0 / 3628800,
		1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800.0
	};
	double k, r, poly;

	if (isnan(x))
		return x;
	if (x > EXP_MAX)
		return INFINITY;
	if (x < EXP_MIN)
		return 0;

	k = floor_small(x * INV_LN2 + 0.5);
	r = (x - k * LN2_HI) - k * LN2_LO;

	/*
	 * poly = 1/2! + r/3! + ... + r^11/13!, so e^r = 1 + r + r^2 poly,
	 * by Horner's rule, written out because this is the inner loop of
	 * every softmax.
	 */
	poly = inv_factorial[11] * r + inv_factorial[10];
	poly = poly * r + inv_factorial[9];
	poly = poly * r + inv_factorial[8];
	poly = poly * r + inv_factorial[7];
	poly = poly * r + inv_factorial[6];
	poly = poly * r + inv_factorial[5];
	poly = poly * r + inv_factorial[4];
	poly = poly * r + inv_factorial[3];
	poly = poly * r + inv_factorial[2];
	poly = poly * r + inv_factorial[1];
	poly = poly * r + inv_factorial[0];
	return scale_pow2(1.0 + (r + r * r * poly), k);
}

/*
 * Store det_exp(X[0]) and det_exp(X[1]) in Y[0] and Y[1].  The two
 * evaluations are written side by side, the same operations in the same
 * order as det_exp, so the results are bit for bit the same; the
 * processor overlaps the two long chains of dependent multiplications
 * and additions.
 */
void
det_exp2(const double x[2], double y[2])
{
	static const double c[] = {
		1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720,
		1.0 / 5040, 1.0 / 40320, 1.0 / 362880, 1.0 / 3628800,
		1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800.0
	};
	double k0, k1, r0, r1, p0, p1;
	int i;

	if (!(x[0] >= EXP_MIN && x[0] <= EXP_MAX && x[1] >= EXP_MIN &&
	    x[1] <= EXP_MAX)) {
		y[0] = det_exp(x[0]);
		y[1] = det_exp(x[1]);
		return;
	}
	k0 = floor_small(x[0] * INV_LN2 + 0.5);
	k1 = floor_small(x[1] * INV_LN2 + 0.5);
	r0 = (x[0] - k0 * LN2_HI) - k0 * LN2_LO;
	r1 = (x[1] - k1 * LN2_HI) - k1 * LN2_LO;
	p0 = c[11];
	p1 = c[11];
	for (i = 10; i >= 0; i--) {
		p0 = p0 * r0 + c[i];
		p1 = p1 * r1 + c[i];
	}
	y[0] = scale_pow2(1.0 + (r0 + r0 * r0 * p0), k0);
	y[1] = scale_pow2(1.0 + (r1 + r1 * r1 * p1), k1);
}

/*
 * Return floor(X) for |X| < 2^62, without a library call: converting to
 * an integer truncates toward zero, which is one too high for negative
 * non-integers.  X is never -0 here, so the sign of a zero result does
 * not matter.
 */
static double
floor_small(double x)
{
	double t = (double)(long long)x;

	return t > x ? t - 1 : t;
}

/*
 * Return Y * 2^K, K an integer, as ldexp does.  Y is in [0.7, 1.42], so
 * for K in [-1021, 1023] the product is a normal double and multiplying
 * by 2^K built from its bits is exact; other K go to ldexp, which
 * rounds a subnormal result once.
 */
static double
scale_pow2(double y, double k)
{
	uint64_t bits;
	double scale;

	if (k < -1021 || k > 1023)
		return ldexp(y, (int)k);
	bits = (uint64_t)(k + 1023) << 52;
	memcpy(&scale, &bits, sizeof(scale));
	return y * scale;
}

/*
 * Return ln X.  ln 0 is -inf, negative X and NaN give NaN, +inf gives
 * +inf.  X = m 2^e with sqrt(1/2) <= m < sqrt(2), and f = m - 1.  Then
 * ln m = 2 atanh(s) with s = f / (2 + f), |s| < 0.172, and the odd series
 * 2 atanh(s) = 2s (1 + s^2/3 + s^4/5 + ...) is summed to the s^23 term.
 * The leading 2s carries the rounding errors of the division, so it is
 * rewritten with the identity 2s = f - s f as ln m = f - s (f - 2 series):
 * f is exact and the correction s (f - 2 series) is about f^2 / 2, so its
 * rounding errors are small next to the result's last place.
 */
double
det_log(double x)
{
	double m, f, s, z, series, correction;
	int e, i;

	if (isnan(x) || x < 0)
		return NAN;
	if (x == 0)
		return -INFINITY;
	if (isinf(x))
		return x;

	m = frexp(x, &e);
	if (m < 0.70710678118654752440) {
		m *= 2;
		e--;
	}
	f = m - 1;		/* exact, since m is within a factor 2 of 1 */
	s = f / (2 + f);
	z = s * s;

	/* series = z/3 + z^2/5 + ... + z^11/23 */
	series = 0;
	for (i = 23; i >= 3; i -= 2)
		series = (series + 1.0 / i) * z;
	correction = s * (f - 2 * series);

	return e * LN2_HI + (f + (e * LN2_LO - correction));
}
