/*
 * Identity test for det_exp_batch: its results must have the same bits
 * as det_exp on every input, because output bytes depend on them.  The
 * program compares the two on random bit patterns over the whole double
 * range and on uniform inputs where exp is finite and non-zero.  It also
 * tries inputs next to the overflow and underflow thresholds, next to
 * the points where the range reduction's k changes, around the results
 * that become subnormal, and special values (NaN, infinities, signed
 * zeros).
 * Batches of every length from 0 to 9 and in-place calls cover the
 * scalar tail and aliasing.  It prints one line per input class and
 * exits with status 1 on the first difference.
 *
 * Usage: exp_batch_identity [SCALE], SCALE multiplying the number of
 * random inputs per class (default 1, about 330 million inputs in all).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/dmath.h"

#define LN2 0.69314718055994530942
#define EXP_OVERFLOW 709.782712893383973096
#define EXP_UNDERFLOW -745.133219101941108420
#define BLOCK 4096

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

/* Return the next value of a xorshift64* generator. */
static uint64_t
next_random(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717u;
}

/* Return a uniform double in [0, 1). */
static double
uniform(void)
{
	return (double)(next_random() >> 11) * 0x1p-53;
}

static double
from_bits(uint64_t bits)
{
	double x;

	memcpy(&x, &bits, sizeof(x));
	return x;
}

static uint64_t
to_bits(double x)
{
	uint64_t bits;

	memcpy(&bits, &x, sizeof(bits));
	return bits;
}

/* Return X moved by STEPS units in the last place, X finite and non-zero. */
static double
step_ulps(double x, long steps)
{
	return from_bits(to_bits(x) + (uint64_t)(x > 0 ? steps : -steps));
}

/*
 * Compare det_exp_batch with det_exp on the N inputs in X, in batches
 * whose lengths cycle through 0 to 9 and then BLOCK, half of them in
 * place.  Return the number of differences, after printing the first.
 */
static long
compare(const double *x, size_t n)
{
	static double in[BLOCK], out[BLOCK];
	static size_t call;
	size_t start = 0;

	while (start < n) {
		size_t len = call % 11 < 10 ? call % 11 : BLOCK, i;
		int in_place = (call / 11) % 2;

		call++;
		if (len > n - start)
			len = n - start;
		memcpy(in, x + start, len * sizeof(double));
		if (in_place) {
			det_exp_batch(in, in, len);
			memcpy(out, in, len * sizeof(double));
		} else {
			det_exp_batch(in, out, len);
		}
		for (i = 0; i < len; i++) {
			double want = det_exp(x[start + i]);

			if (to_bits(want) != to_bits(out[i]) &&
			    !(isnan(want) && isnan(out[i]))) {
				printf("differ at %a: det_exp %a, batch %a\n",
				    x[start + i], want, out[i]);
				return 1;
			}
		}
		start += len;
	}
	return 0;
}

typedef double (*generator)(long j);

static double
any_bits(long j)
{
	(void)j;
	return from_bits(next_random());
}

static double
finite_range(long j)
{
	(void)j;
	return EXP_UNDERFLOW - 1 + uniform() * (EXP_OVERFLOW - EXP_UNDERFLOW + 2);
}

/* Softmax exponents: mostly in [-40, 0], where weights matter most. */
static double
softmax_range(long j)
{
	(void)j;
	return -40 * uniform();
}

/* Within 64 ulps of (m + 1/2) ln 2, where k changes. */
static double
reduction_edges(long j)
{
	long m = (long)(next_random() % 2152) - 1076;

	(void)j;
	return step_ulps((m + 0.5) * LN2, (long)(next_random() % 129) - 64);
}

/* Around the thresholds of overflow, underflow and subnormal results. */
static double
threshold_edges(long j)
{
	static const double edges[] = {
		EXP_OVERFLOW, EXP_UNDERFLOW, -708.3964185322641,
		-1021.5 * LN2, -1022.5 * LN2, 1023.5 * LN2, -1074 * LN2
	};
	double edge = edges[(size_t)j % (sizeof(edges) / sizeof(edges[0]))];

	if (next_random() % 2)
		return step_ulps(edge, (long)(next_random() % 2049) - 1024);
	return edge + (uniform() - 0.5) * 4;
}

/* Tiny inputs, where exp is within an ulp or two of 1. */
static double
tiny(long j)
{
	double x = from_bits(next_random() >> 2);

	(void)j;
	return next_random() % 2 ? x : -x;
}

static int
run_class(const char *name, generator gen, long count)
{
	static double x[1 << 16];
	long done = 0, differ = 0;

	while (done < count && differ == 0) {
		size_t n = sizeof(x) / sizeof(x[0]), i;

		if ((long)n > count - done)
			n = (size_t)(count - done);
		for (i = 0; i < n; i++)
			x[i] = gen(done + (long)i);
		differ = compare(x, n);
		done += (long)n;
	}
	printf("%-16s %11ld inputs: %s\n", name, done,
	    differ ? "DIFFERENT" : "identical");
	return differ != 0;
}

int
main(int argc, char **argv)
{
	static const double special[] = {
		0.0, -0.0, INFINITY, -INFINITY, NAN, -NAN, 1e-320, -1e-320,
		EXP_OVERFLOW, EXP_UNDERFLOW, 709.79, -745.14, 1e300, -1e300,
		0.5 * LN2, -0.5 * LN2, 1.5 * LN2, -1.5 * LN2, 1, -1
	};
	long scale = argc > 1 ? atol(argv[1]) : 1;
	int failed = 0;
	size_t i, len;

	if (scale < 1) {
		fprintf(stderr, "exp_batch_identity: invalid scale '%s'\n",
		    argv[1]);
		return 2;
	}
	/* Every special value in every lane of a batch of four. */
	for (i = 0; i < sizeof(special) / sizeof(special[0]); i++)
		for (len = 0; len < 4; len++) {
			double x[4] = { -1.25, -3.5, -0.75, -9.0 };

			x[len] = special[i];
			failed |= compare(x, 4) != 0;
		}
	printf("%-16s %11zu inputs: %s\n", "special",
	    4 * sizeof(special) / sizeof(special[0]),
	    failed ? "DIFFERENT" : "identical");
	failed |= run_class("any bits", any_bits, 60000000 * scale);
	failed |= run_class("finite range", finite_range, 80000000 * scale);
	failed |= run_class("softmax range", softmax_range, 80000000 * scale);
	failed |= run_class("k boundaries", reduction_edges, 40000000 * scale);
	failed |= run_class("thresholds", threshold_edges, 40000000 * scale);
	failed |= run_class("tiny", tiny, 30000000 * scale);
	return failed;
}
