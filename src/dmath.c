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
#include "vector.h"

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
 * Store det_exp(X[i]) in Y[i] for I below N.  Y may be X itself but must
 * not otherwise overlap it.  With GCC or Clang, inputs go through the
 * same operations as det_exp side by side in vector registers.  Each
 * lane rounds exactly as the scalar code does, so the bits are the same,
 * and `make check-exp-batch` compares the two on 330 million inputs,
 * with the two-lane and, on x86-64, the four-lane AVX2 vectors.
 * Lanes that det_exp treats specially (NaN, overflow, underflow, results
 * that are not normal doubles) are recomputed by det_exp itself.
 */
#if defined(__GNUC__)
/*
 * Two lanes per vector (vector.h) by default.  With four lanes, GCC 12
 * -O2 on x86-64 spilled the vectors to memory and ran 1.8 times slower,
 * so four lanes are used only in the AVX2 variant below.
 */

#define SPLAT2(c) { (c), (c) }

/*
 * Adding and subtracting ROUND_TO_INTEGER rounds Y to the nearest
 * integer when |Y| < 2^51: Y + 1.5 * 2^52 lies in [2^52, 2^53), where
 * the spacing of doubles is 1, and the subtraction is exact.
 */
#define ROUND_TO_INTEGER 0x1.8p52
/*
 * For an integer K in [-1023, 1023], K + EXPONENT_SHIFT is exact and
 * lies in [2^52, 2^53), so its 52 low bits are K + 1023, the biased
 * exponent of 2^K; shifting them left by 52 drops the rest.
 */
#define EXPONENT_SHIFT (0x1p52 + 1023)

/*
 * Define NAME, which returns det_exp of every lane of V, a VEC of
 * doubles, and sets *OK to all ones in the lanes whose result is right:
 * those where det_exp takes neither its special cases nor ldexp.  Each
 * operation is det_exp's, in its order.  BITS and MASK are the
 * unsigned and signed integer vectors of VEC's width, SPLAT fills a VEC
 * with one constant, and ATTRIBUTES precede the definition.  The one
 * body serves the two-lane and the four-lane vectors.
 */
#define DEFINE_EXP_LANES(NAME, ATTRIBUTES, VEC, BITS, MASK, SPLAT)	\
ATTRIBUTES static inline VEC						\
NAME(VEC v, MASK *ok)							\
{									\
	static const VEC c[] = {					\
		SPLAT(1.0 / 2), SPLAT(1.0 / 6), SPLAT(1.0 / 24),	\
		SPLAT(1.0 / 120), SPLAT(1.0 / 720), SPLAT(1.0 / 5040),	\
		SPLAT(1.0 / 40320), SPLAT(1.0 / 362880),		\
		SPLAT(1.0 / 3628800), SPLAT(1.0 / 39916800),		\
		SPLAT(1.0 / 479001600), SPLAT(1.0 / 6227020800.0)	\
	};								\
	const VEC inv_ln2 = SPLAT(INV_LN2), half = SPLAT(0.5);		\
	const VEC ln2_hi = SPLAT(LN2_HI), ln2_lo = SPLAT(LN2_LO);	\
	const VEC round = SPLAT(ROUND_TO_INTEGER);			\
	const VEC one = SPLAT(1.0), shift = SPLAT(EXPONENT_SHIFT);	\
	const VEC exp_min = SPLAT(EXP_MIN), exp_max = SPLAT(EXP_MAX);	\
	const VEC k_min = SPLAT(-1021.0), k_max = SPLAT(1023.0);	\
	VEC t, k, r, p, scale;						\
	BITS bits;							\
									\
	/*								\
	 * k = floor(v / ln 2 + 0.5) as floor_small() computes it:	\
	 * round to the nearest integer, then subtract 1 where that	\
	 * went up.							\
	 */								\
	t = v * inv_ln2 + half;						\
	k = (t + round) - round;					\
	k -= (VEC)((k > t) & (MASK)one);				\
	r = (v - k * ln2_hi) - k * ln2_lo;				\
	p = c[11];							\
	p = p * r + c[10];						\
	p = p * r + c[9];						\
	p = p * r + c[8];						\
	p = p * r + c[7];						\
	p = p * r + c[6];						\
	p = p * r + c[5];						\
	p = p * r + c[4];						\
	p = p * r + c[3];						\
	p = p * r + c[2];						\
	p = p * r + c[1];						\
	p = p * r + c[0];						\
	p = one + (r + r * r * p);					\
	/* 2^k from its bits, valid where scale_pow2() builds it so. */	\
	t = k + shift;							\
	memcpy(&bits, &t, sizeof(bits));				\
	bits <<= 52;							\
	memcpy(&scale, &bits, sizeof(scale));				\
	*ok = (v >= exp_min) & (v <= exp_max) & (k >= k_min) &		\
	    (k <= k_max);						\
	return p * scale;						\
}

DEFINE_EXP_LANES(exp_lanes, , vec2_double, vec2_bits, vec2_mask, SPLAT2)

#if defined(__x86_64__) && !defined(DMATH_NO_AVX2)
/*
 * Four lanes per vector for processors with AVX2, chosen at run time.
 * Without AVX, GCC 12 splits four-lane vectors in two and spills them.
 * Only AVX2 is enabled, not FMA, so each operation is still rounded on
 * its own, and every lane gets det_exp's bits.  Defining DMATH_NO_AVX2
 * leaves this variant out, so that the two-lane one can be tested on
 * processors with AVX2.
 */
#define HAVE_EXP_BATCH_AVX2 1
#define AVX2 __attribute__((target("avx2")))

typedef double vec4_double __attribute__((vector_size(32)));
typedef uint64_t vec4_bits __attribute__((vector_size(32)));
typedef int64_t vec4_mask __attribute__((vector_size(32)));

#define SPLAT4(c) { (c), (c), (c), (c) }

DEFINE_EXP_LANES(exp_lanes4, AVX2, vec4_double, vec4_bits, vec4_mask,
    SPLAT4)

/* det_exp_batch() with four-lane vectors, two of them per step. */
AVX2 static void
exp_batch_avx2(const double *x, double *y, size_t n)
{
	size_t i;
	int lane;

	for (i = 0; i + 8 <= n; i += 8) {
		vec4_double v0, v1, y0, y1;
		vec4_mask ok0, ok1;

		memcpy(&v0, x + i, sizeof(v0));
		memcpy(&v1, x + i + 4, sizeof(v1));
		y0 = exp_lanes4(v0, &ok0);
		y1 = exp_lanes4(v1, &ok1);
		if (ok0[0] & ok0[1] & ok0[2] & ok0[3] &
		    ok1[0] & ok1[1] & ok1[2] & ok1[3]) {
			memcpy(y + i, &y0, sizeof(y0));
			memcpy(y + i + 4, &y1, sizeof(y1));
			continue;
		}
		for (lane = 0; lane < 4; lane++) {
			y[i + lane] = ok0[lane] ? y0[lane] : det_exp(v0[lane]);
			y[i + 4 + lane] = ok1[lane] ? y1[lane] :
			    det_exp(v1[lane]);
		}
	}
	for (; i < n; i++)
		y[i] = det_exp(x[i]);
}
#endif

void
det_exp_batch(const double *x, double *y, size_t n)
{
	size_t i;
	int lane;

#ifdef HAVE_EXP_BATCH_AVX2
	if (__builtin_cpu_supports("avx2")) {
		exp_batch_avx2(x, y, n);
		return;
	}
#endif
	for (i = 0; i + 4 <= n; i += 4) {
		vec2_double v0, v1, y0, y1;
		vec2_mask ok0, ok1;

		memcpy(&v0, x + i, sizeof(v0));
		memcpy(&v1, x + i + 2, sizeof(v1));
		/* Two independent vectors let the processor overlap them. */
		y0 = exp_lanes(v0, &ok0);
		y1 = exp_lanes(v1, &ok1);
		if (ok0[0] & ok0[1] & ok1[0] & ok1[1]) {
			memcpy(y + i, &y0, sizeof(y0));
			memcpy(y + i + 2, &y1, sizeof(y1));
			continue;
		}
		for (lane = 0; lane < 2; lane++) {
			y[i + lane] = ok0[lane] ? y0[lane] : det_exp(v0[lane]);
			y[i + 2 + lane] = ok1[lane] ? y1[lane] :
			    det_exp(v1[lane]);
		}
	}
	for (; i < n; i++)
		y[i] = det_exp(x[i]);
}
#else
void
det_exp_batch(const double *x, double *y, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		y[i] = det_exp(x[i]);
}
#endif

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
 * for K in [-1021, 1023] the product is a normal double, and multiplying
 * by 2^K built from its bits is exact.  Other K go to ldexp, which
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
