/*
 * Accuracy test for det_exp and det_log.  Each function is evaluated on
 * several million inputs: random bit patterns, uniform ranges, and the
 * hard spots (subnormals, the overflow and underflow thresholds, values
 * near 1 for log, range-reduction boundaries).  The error is measured in
 * units in the last place (ulps) of the double result against expl and
 * logl, whose 64-bit significand on x86-64 makes them accurate far below
 * one double ulp.  The C library's exp and log are measured the
 * same way for comparison.  The program prints one line per input class
 * and exits with status 1 if any det_exp or det_log error exceeds
 * MAX_ULPS, or if a special value (0, inf, NaN, a negative log argument)
 * gives the wrong result.
 *
 * Usage: dmath_accuracy [SCALE], SCALE multiplying the number of random
 * inputs per class (default 1, about 12 million inputs in all).
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/dmath.h"

#define MAX_ULPS 2.0

/* ln 2 and the range where exp is finite and non-zero, for input ranges. */
#define LN2 0.69314718055994530942
#define EXP_OVERFLOW 709.782712893383973096
#define EXP_UNDERFLOW -745.133219101941108420

struct stats {
	const char *name;
	long count;
	double det_max;		/* largest det_* error, in ulps */
	double det_max_at;	/* the input that gave it */
	double libm_max;	/* largest libm error, in ulps */
	long differ;		/* inputs where det_* and libm differ */
};

typedef double (*input_fn)(uint64_t *state);

static uint64_t next_random(uint64_t *state);
static double random_unit(uint64_t *state);
static double ulp_error(double got, long double want);
static void measure(struct stats *st, int is_log, double x);
static void run_class(int is_log, const char *name, input_fn input,
    long count, struct stats *worst);
static int check_specials(void);

/* SplitMix64, so the inputs are the same on every run. */
static uint64_t
next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double
random_unit(uint64_t *state)
{
	return (double)(next_random(state) >> 11) * 0x1p-53;
}

/*
 * Return |GOT - WANT| in ulps of the double nearest WANT.  The ulp of a
 * subnormal is 2^-1074, and past DBL_MAX the ulp stays 2^971.  An infinite
 * GOT is no error when WANT rounds to infinity too.  Otherwise it counts
 * as 2^1024, so an overflow one step early shows as a large finite error.
 */
static double
ulp_error(double got, long double want)
{
	long double g = got, ulp;

	if (isinf(got) && got == (double)want)
		return 0;
	if (isinf(got))
		g = got > 0 ? 0x1p1024L : -0x1p1024L;
	if (fabsl(want) < 0x1p-1022L)
		ulp = 0x1p-1074L;
	else if (fabsl(want) >= 0x1p1024L)
		ulp = 0x1p971L;
	else
		ulp = ldexpl(1.0L, ilogbl(want) - 52);
	return (double)(fabsl(g - want) / ulp);
}

static void
measure(struct stats *st, int is_log, double x)
{
	double det, lib, err;
	long double want;

	if (is_log) {
		det = det_log(x);
		lib = log(x);
		want = logl(x);
	} else {
		det = det_exp(x);
		lib = exp(x);
		want = expl(x);
	}
	err = ulp_error(det, want);
	if (err > st->det_max || isnan(err)) {
		st->det_max = err;
		st->det_max_at = x;
	}
	err = ulp_error(lib, want);
	if (err > st->libm_max)
		st->libm_max = err;
	if (memcmp(&det, &lib, sizeof(det)) != 0)
		st->differ++;
	st->count++;
}

static void
print_stats(const char *fn, const struct stats *st)
{
	printf("%-4s %-26s %9ld  det %.4g ulp (at %.17g)  libm %.4g ulp"
	    "  differ %ld\n", fn, st->name, st->count, st->det_max,
	    st->det_max_at, st->libm_max, st->differ);
}

static void
run_class(int is_log, const char *name, input_fn input, long count,
    struct stats *worst)
{
	struct stats st = { name, 0, 0, 0, 0, 0 };
	uint64_t state = 0;
	long i;

	for (i = 0; name[i] != '\0'; i++)
		state = state * 131 + (unsigned char)name[i];
	for (i = 0; i < count; i++)
		measure(&st, is_log, input(&state));
	print_stats(is_log ? "log" : "exp", &st);
	if (st.det_max > worst->det_max || isnan(st.det_max)) {
		worst->det_max = st.det_max;
		worst->det_max_at = st.det_max_at;
	}
	if (st.libm_max > worst->libm_max)
		worst->libm_max = st.libm_max;
	worst->count += st.count;
	worst->differ += st.differ;
}

/* Inputs for exp. */

static double
exp_full_range(uint64_t *s)
{
	return EXP_UNDERFLOW - 1 + random_unit(s) *
	    (EXP_OVERFLOW - EXP_UNDERFLOW + 2);
}

/* The range the sampler uses: (z - zmax) / T is never positive. */
static double
exp_weights(uint64_t *s)
{
	return -64 * random_unit(s);
}

/* Any double whose magnitude is below 2^10, tiny ones included. */
static double
exp_bit_patterns(uint64_t *s)
{
	double x;

	do {
		uint64_t bits = next_random(s);

		memcpy(&x, &bits, sizeof(x));
	} while (isnan(x) || fabs(x) >= 1024);
	return x;
}

static double
exp_near_zero(uint64_t *s)
{
	double x = ldexp(1 + random_unit(s), -(int)(next_random(s) % 60) - 1);

	return next_random(s) & 1 ? x : -x;
}

static double
exp_near_overflow(uint64_t *s)
{
	return EXP_OVERFLOW - ldexp(random_unit(s),
	    -(int)(next_random(s) % 40));
}

/* Results that are subnormal or round to the smallest normals. */
static double
exp_subnormal_results(uint64_t *s)
{
	return EXP_UNDERFLOW - 0.01 + random_unit(s) * 38;
}

/* Inputs next to (k + 1/2) ln 2, where the reduction changes k. */
static double
exp_reduction_edges(uint64_t *s)
{
	double k = floor(random_unit(s) * 2100) - 1075;
	double tiny = ldexp(random_unit(s) - 0.5, -(int)(next_random(s) % 45));

	return (k + 0.5) * LN2 + tiny;
}

/* Inputs for log. */

/* Any positive finite double, subnormals included. */
static double
log_bit_patterns(uint64_t *s)
{
	double x;

	do {
		uint64_t bits = next_random(s) >> 1;

		memcpy(&x, &bits, sizeof(x));
	} while (!isfinite(x) || x == 0);
	return x;
}

static double
log_near_one(uint64_t *s)
{
	double d = ldexp(random_unit(s), -(int)(next_random(s) % 54));

	return next_random(s) & 1 ? 1 + d : 1 - d / 2;
}

static double
log_subnormals(uint64_t *s)
{
	uint64_t bits = next_random(s) >> (12 + next_random(s) % 52);
	double x;

	if (bits == 0)
		bits = 1;
	memcpy(&x, &bits, sizeof(x));
	return x;
}

/* Values next to sqrt(2) 2^e, where the reduction changes e. */
static double
log_reduction_edges(uint64_t *s)
{
	int e = (int)(next_random(s) % 2040) - 1020;
	double tiny = ldexp(random_unit(s) - 0.5, -(int)(next_random(s) % 50));

	return ldexp(1.41421356237309504880 * (1 + tiny), e);
}

/* Probabilities, as --probs reads them. */
static double
log_unit_interval(uint64_t *s)
{
	double x = random_unit(s);

	return x == 0 ? 0x1p-53 : x;
}

static double
log_near_max(uint64_t *s)
{
	return DBL_MAX * (1 - ldexp(random_unit(s), -(int)(next_random(s) %
	    53)));
}

/*
 * Check the special values, which must match exactly.  Return the number
 * of failures.
 */
static int
check_specials(void)
{
	static const struct {
		int is_log;
		double x, want;
	} cases[] = {
		{ 0, 0.0, 1.0 }, { 0, -0.0, 1.0 },
		{ 0, INFINITY, INFINITY }, { 0, -INFINITY, 0.0 },
		{ 0, 710, INFINITY }, { 0, DBL_MAX, INFINITY },
		{ 0, -746, 0.0 }, { 0, -DBL_MAX, 0.0 },
		{ 0, 0x1p-1074, 1.0 }, { 0, -0x1p-1074, 1.0 },
		{ 0, EXP_UNDERFLOW, 0x1p-1074 },
		{ 1, 1.0, 0.0 }, { 1, 0.0, -INFINITY },
		{ 1, -0.0, -INFINITY }, { 1, INFINITY, INFINITY },
		{ 1, 2.0, LN2 }, { 1, 0.5, -LN2 },
	};
	size_t i;
	int failures = 0;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double got = cases[i].is_log ? det_log(cases[i].x) :
		    det_exp(cases[i].x);

		if (memcmp(&got, &cases[i].want, sizeof(got)) != 0 &&
		    !(got == 0 && cases[i].want == 0 && !signbit(got))) {
			printf("FAIL %s(%.17g) = %.17g, expected %.17g\n",
			    cases[i].is_log ? "det_log" : "det_exp",
			    cases[i].x, got, cases[i].want);
			failures++;
		}
	}
	if (!isnan(det_exp(NAN)) || !isnan(det_log(NAN)) ||
	    !isnan(det_log(-1.0)) || !isnan(det_log(-INFINITY)) ||
	    !isnan(det_log(-0x1p-1074))) {
		puts("FAIL NaN or a negative argument did not give NaN");
		failures++;
	}
	return failures;
}

int
main(int argc, char **argv)
{
	struct stats exp_all = { "all", 0, 0, 0, 0, 0 };
	struct stats log_all = { "all", 0, 0, 0, 0, 0 };
	long n = 1000000;
	int failures;

	if (argc > 1)
		n = (long)(n * strtod(argv[1], NULL));
	if (n < 1)
		n = 1;

	if (LDBL_MANT_DIG <= DBL_MANT_DIG)
		puts("NOTE: long double is no wider than double here, so the "
		    "errors below are only as good as expl and logl.");
	failures = check_specials();

	run_class(0, "full range", exp_full_range, 2 * n, &exp_all);
	run_class(0, "weights [-64, 0]", exp_weights, 2 * n, &exp_all);
	run_class(0, "bit patterns |x| < 1024", exp_bit_patterns, n,
	    &exp_all);
	run_class(0, "near 0", exp_near_zero, n / 2, &exp_all);
	run_class(0, "near overflow", exp_near_overflow, n / 2, &exp_all);
	run_class(0, "subnormal results", exp_subnormal_results, n,
	    &exp_all);
	run_class(0, "reduction edges", exp_reduction_edges, n, &exp_all);
	print_stats("exp", &exp_all);

	run_class(1, "bit patterns", log_bit_patterns, 2 * n, &log_all);
	run_class(1, "near 1", log_near_one, n, &log_all);
	run_class(1, "subnormals", log_subnormals, n, &log_all);
	run_class(1, "reduction edges", log_reduction_edges, n, &log_all);
	run_class(1, "(0, 1)", log_unit_interval, n, &log_all);
	run_class(1, "near DBL_MAX", log_near_max, n / 2, &log_all);
	print_stats("log", &log_all);

	if (!(exp_all.det_max <= MAX_ULPS)) {
		printf("FAIL det_exp error %.4f ulp exceeds %.1f\n",
		    exp_all.det_max, MAX_ULPS);
		failures++;
	}
	if (!(log_all.det_max <= MAX_ULPS)) {
		printf("FAIL det_log error %.4f ulp exceeds %.1f\n",
		    log_all.det_max, MAX_ULPS);
		failures++;
	}
	if (failures == 0)
		printf("ok: det_exp max %.4f ulp, det_log max %.4f ulp "
		    "(limit %.1f)\n", exp_all.det_max, log_all.det_max,
		    MAX_ULPS);
	return failures == 0 ? 0 : 1;
}
