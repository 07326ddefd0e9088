/*
 * Checks format_double against a linear search for the smallest "%.{p}g"
 * that reads back, on every power of two from 2^-1074 to 2^1023 and on
 * their negatives.  Powers of two are the only doubles whose rounding
 * interval is asymmetric, so they are the only ones where the bisection
 * in format_double could pick a p that is not the smallest.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/number.h"

static void
format_linear(char buf[NUMBER_BUFSIZE], double value)
{
	int p;

	for (p = 1; p <= 17; p++) {
		snprintf(buf, NUMBER_BUFSIZE, "%.*g", p, value);
		if (strtod(buf, NULL) == value)
			return;
	}
}

int
main(void)
{
	char fast[NUMBER_BUFSIZE], slow[NUMBER_BUFSIZE];
	int e, sign, mismatches = 0, checked = 0;

	for (e = -1074; e <= 1023; e++) {
		for (sign = -1; sign <= 1; sign += 2) {
			double value = sign * ldexp(1.0, e);

			format_double(fast, value);
			format_linear(slow, value);
			checked++;
			if (strcmp(fast, slow) != 0) {
				printf("2^%d: bisection %s, linear %s\n", e,
				    fast, slow);
				mismatches++;
			}
		}
	}
	printf("%d checked, %d mismatches\n", checked, mismatches);
	return mismatches != 0;
}
