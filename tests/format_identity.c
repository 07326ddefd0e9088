/*
 * Checks format_double against its definition: "%.{p}g" for the smallest
 * p in 1..17 whose output strtod reads back as the same double.  The
 * value families reach every branch of the exact search.  They are
 * random bit patterns over the whole range, uniform fractions, short
 * decimals as scores are written, probabilities, running sums near 1,
 * subnormals, and neighbours of powers of ten and of two.  Dyadic
 * fractions have finite decimal expansions, so printf meets exact ties
 * between two p-digit decimals there.
 *
 * usage: format_identity [COUNT [SEED]]
 * COUNT values per family (default 20000).  Prints the number checked
 * and the number of mismatches, and every mismatch; exits 1 on any.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/number.h"

static void check(double value);
static void check_near_midpoint(double value);

static uint64_t state;
static long checked, mismatches;

static uint64_t
next_random(void)
{
	uint64_t z;

	state += 0x9e3779b97f4a7c15ULL;
	z = state;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A uniform double in [0, 1) with 53 random bits. */
static double
next_unit(void)
{
	return (double)(next_random() >> 11) / 9007199254740992.0;
}

static void
format_definition(char buf[NUMBER_BUFSIZE], double value)
{
	int p;

	if (isinf(value)) {
		strcpy(buf, value < 0 ? "-inf" : "inf");
		return;
	}
	for (p = 1; p <= 17; p++) {
		snprintf(buf, NUMBER_BUFSIZE, "%.*g", p, value);
		if (strtod(buf, NULL) == value)
			return;
	}
}

/* Compare both ways of formatting VALUE and its negative. */
static void
check(double value)
{
	char fast[NUMBER_BUFSIZE], slow[NUMBER_BUFSIZE];
	size_t length;
	int sign;

	if (isnan(value))
		return;
	for (sign = 0; sign < 2; sign++) {
		double v = sign ? -value : value;

		length = format_double(fast, v);
		format_definition(slow, v);
		checked++;
		if (strcmp(fast, slow) != 0 || length != strlen(fast)) {
			if (mismatches < 50)
				printf("%a: format_double %s (length %zu), "
				    "definition %s\n", v, fast, length, slow);
			mismatches++;
		}
	}
}

/*
 * Check VALUE, its upper neighbour, and the doubles nearest to the
 * midpoint between them rounded to 15, 16 and 17 digits.  Long double
 * represents the midpoint exactly where it has a 64-bit significand,
 * as on x86-64.  With a narrower long double, these values are still
 * checked but lie less close to the midpoint.
 */
static void
check_near_midpoint(double value)
{
	char text[64];
	double above = nextafter(value, INFINITY);
	long double middle = ((long double)value + above) / 2;
	int p;

	check(value);
	check(above);
	for (p = 15; p <= 17; p++) {
		snprintf(text, sizeof(text), "%.*Le", p - 1, middle);
		check(strtod(text, NULL));
	}
}

static double
from_bits(uint64_t bits)
{
	double value;

	memcpy(&value, &bits, sizeof(value));
	return value;
}

int
main(int argc, char **argv)
{
	long count = argc > 1 ? atol(argv[1]) : 20000, i;
	int e, j;
	char text[64];

	state = argc > 2 ? strtoull(argv[2], NULL, 10) : 1;
	for (i = 0; i < count; i++) {
		uint64_t bits = next_random();

		/* Any finite double, every binary exponent alike. */
		check(from_bits(bits & 0x7fffffffffffffffULL));
		/* Uniform fractions and their scalings by powers of ten. */
		check(next_unit());
		check(next_unit() * pow(10, (int)(next_random() % 40) - 20));
		/* Scores as model dumps write them: up to 8 decimals. */
		snprintf(text, sizeof(text), "%lld.%0*llu",
		    (long long)(next_random() % 60),
		    (int)(next_random() % 9 + 1),
		    (unsigned long long)(next_random() % 100000000));
		check(strtod(text, NULL));
		/* Probabilities over a wide range, and sums close to 1. */
		check(exp(-next_unit() * 80));
		check(1 - exp(-next_unit() * 40));
		/* Subnormals. */
		check(from_bits(next_random() & 0x000fffffffffffffULL));
		/* Dyadic fractions: their expansions end, so ties occur. */
		check(ldexp((double)(next_random() % 100000),
		    -(int)(next_random() % 40)));
		check(ldexp((double)(next_random() >> 11), -(int)(next_random()
		    % 80)));
		/* Integers near the 2^52 limit of the exact method. */
		check((double)(next_random() >> (9 + next_random() % 3)));
		/*
		 * Decimals next to the midpoint between two doubles, where
		 * the distance to the value and half the gap compare close.
		 */
		check_near_midpoint(from_bits(next_random() &
		    0x7fefffffffffffffULL));
		check_near_midpoint(next_unit());
	}
	/* Powers of two and ten, and their neighbours. */
	for (e = -1074; e <= 1023; e++) {
		double v = ldexp(1, e);

		check(v);
		check(nextafter(v, 0));
		check(nextafter(v, INFINITY));
	}
	for (j = -323; j <= 308; j++) {
		double v;

		snprintf(text, sizeof(text), "1e%d", j);
		v = strtod(text, NULL);
		check(v);
		check(nextafter(v, 0));
		check(nextafter(v, INFINITY));
		check(nextafter(nextafter(v, INFINITY), INFINITY));
	}
	check(5e-324);
	check(2.2250738585072009e-308);
	check(1.7976931348623157e308);
	check(4503599627370495.5);
	check(4503599627370496.0);
	check(0.1);
	check(0.125);
	check(1.0 / 3);
	check(INFINITY);
	printf("%ld checked, %ld mismatches\n", checked, mismatches);
	return mismatches != 0;
}
