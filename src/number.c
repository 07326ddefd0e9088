/*
 * Number syntax.  Scores and numeric option values share one strict
 * grammar: an optional sign, then digits with an optional fraction and an
 * optional exponent, or "inf"/"infinity" in any case.  Everything else,
 * including "nan", hexadecimal floats, empty text and trailing bytes, is
 * rejected.  Values are correctly rounded: short decimals take an exact
 * fast path, and all others go to strtod(3), which both glibc and musl
 * round correctly.  The program never calls setlocale for LC_NUMERIC, so
 * strtod and printf always use the C locale's decimal point.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"

/* Fields longer than this are copied to the heap for strtod. */
#define STACK_FIELD 128

/* A nonzero double's 17 significant digits, as printf rounds them. */
struct digits {
	char digit[17];		/* ASCII digits, the first not '0' */
	int exponent;		/* value is digit[0].digit[1..16] * 10^exponent */
	int negative;
};

static int match_infinity(const char *text, size_t len);
static size_t scan_digits(const char *text, size_t len, size_t i);
static int plain_decimal(const char *text, size_t len, double *value);
static int fast_decimal(const char *text, size_t len, double *value);
static enum number_status slow_decimal(const char *text, size_t len,
    double *value);
static void convert_digits(struct digits *d, double value);
static void format_precision(char *buf, const struct digits *d,
    double value, int p);
static int reads_back(char buf[NUMBER_BUFSIZE], const struct digits *d,
    double value, int p);
static int guess_precision(const struct digits *d);
static int is_power_of_two(double value);

/* Powers of ten that a double represents exactly. */
static const double exact_pow10[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

static int
match_infinity(const char *text, size_t len)
{
	static const char word[] = "infinity";
	size_t i;

	if (len != 3 && len != 8)
		return 0;
	for (i = 0; i < len; i++) {
		char c = text[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != word[i])
			return 0;
	}
	return 1;
}

static size_t
scan_digits(const char *text, size_t len, size_t i)
{
	while (i < len && text[i] >= '0' && text[i] <= '9')
		i++;
	return i;
}

/*
 * Parse TEXT (LEN bytes, not necessarily NUL-terminated) as a decimal
 * number in the grammar above and store it in *VALUE.  Underflow rounds
 * to the nearest double, possibly zero; overflow is NUMBER_OVERFLOW.
 */
enum number_status
parse_decimal(const char *text, size_t len, double *value)
{
	size_t i = 0, int_end, frac_end;
	int negative = 0;

	if (plain_decimal(text, len, value))
		return NUMBER_OK;
	if (len > 0 && (text[0] == '+' || text[0] == '-')) {
		negative = text[0] == '-';
		i = 1;
	}
	if (match_infinity(text + i, len - i)) {
		*value = negative ? -INFINITY : INFINITY;
		return NUMBER_OK;
	}

	int_end = scan_digits(text, len, i);
	frac_end = int_end;
	if (int_end < len && text[int_end] == '.')
		frac_end = scan_digits(text, len, int_end + 1);
	/* At least one digit before or after the point. */
	if (int_end == i && frac_end <= int_end + 1)
		return NUMBER_INVALID;
	i = frac_end;
	if (i < len && (text[i] == 'e' || text[i] == 'E')) {
		size_t exp_start = i + 1;

		if (exp_start < len &&
		    (text[exp_start] == '+' || text[exp_start] == '-'))
			exp_start++;
		i = scan_digits(text, len, exp_start);
		if (i == exp_start)
			return NUMBER_INVALID;
	}
	if (i != len)
		return NUMBER_INVALID;

	if (fast_decimal(text, len, value))
		return NUMBER_OK;
	return slow_decimal(text, len, value);
}

/*
 * Parse the common form of a score, an optional sign and digits with an
 * optional fraction, at most 15 significant digits and at most 22 digits
 * after the point, in one pass.  The value is computed as fast_decimal()
 * computes it, so it is the same double.  Return 0 for anything else,
 * valid or not, and leave it to the full grammar.
 */
static int
plain_decimal(const char *text, size_t len, double *value)
{
	uint64_t significand = 0;
	int digits = 0, exponent = 0, negative = 0;
	size_t i = 0, start;
	double result;

	if (len > 0 && (text[0] == '-' || text[0] == '+')) {
		negative = text[0] == '-';
		i = 1;
	}
	start = i;
	for (; i < len && text[i] >= '0' && text[i] <= '9'; i++) {
		if (significand != 0 || text[i] != '0') {
			if (++digits > 15)
				return 0;
			significand = significand * 10 +
			    (uint64_t)(text[i] - '0');
		}
	}
	if (i < len && text[i] == '.') {
		for (i++; i < len && text[i] >= '0' && text[i] <= '9'; i++) {
			if (significand != 0 || text[i] != '0') {
				if (++digits > 15)
					return 0;
				significand = significand * 10 +
				    (uint64_t)(text[i] - '0');
			}
			exponent--;
		}
	}
	/* Reject a bare "." or sign, and leave exponents to the full path. */
	if (i != len || i == start || (i == start + 1 && text[start] == '.') ||
	    exponent < -22)
		return 0;
	result = (double)significand;
	if (significand != 0 && exponent < 0)
		result /= exact_pow10[-exponent];
	*value = negative ? -result : result;
	return 1;
}

/*
 * Compute an already validated decimal exactly when its significand has
 * at most 15 digits and its decimal exponent is at most 22 in magnitude.
 * Both the significand and the power of ten are then exact doubles, so
 * one multiplication or division rounds correctly.  Return 0 when the
 * number is outside that range, so the caller falls back to strtod.
 */
static int
fast_decimal(const char *text, size_t len, double *value)
{
	uint64_t significand = 0;
	int digits = 0, exponent = 0, exp_value = 0, exp_negative = 0;
	int negative = 0, seen_point = 0;
	size_t i = 0;
	double result;

	if (text[0] == '+' || text[0] == '-') {
		negative = text[0] == '-';
		i = 1;
	}
	for (; i < len && text[i] != 'e' && text[i] != 'E'; i++) {
		if (text[i] == '.') {
			seen_point = 1;
			continue;
		}
		if (significand != 0 || text[i] != '0') {
			if (++digits > 15)
				return 0;
			significand = significand * 10 + (uint64_t)(text[i] - '0');
		}
		if (seen_point)
			exponent--;
	}
	if (i < len) {
		i++;
		if (text[i] == '+' || text[i] == '-')
			exp_negative = text[i++] == '-';
		for (; i < len; i++) {
			if (exp_value > 1000)
				return 0;
			exp_value = exp_value * 10 + (text[i] - '0');
		}
		exponent += exp_negative ? -exp_value : exp_value;
	}

	result = (double)significand;
	if (significand == 0)
		result = 0;
	else if (exponent < -22 || exponent > 22)
		return 0;
	else if (exponent < 0)
		result /= exact_pow10[-exponent];
	else
		result *= exact_pow10[exponent];
	*value = negative ? -result : result;
	return 1;
}

static enum number_status
slow_decimal(const char *text, size_t len, double *value)
{
	char stack_copy[STACK_FIELD], *copy = stack_copy;
	enum number_status status = NUMBER_OK;
	int saved_errno = errno;
	double result;

	if (len >= sizeof(stack_copy)) {
		copy = malloc(len + 1);
		if (copy == NULL)
			return NUMBER_OVERFLOW;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	errno = 0;
	result = strtod(copy, NULL);
	if (errno == ERANGE && isinf(result))
		status = NUMBER_OVERFLOW;
	if (copy != stack_copy)
		free(copy);
	/*
	 * Callers format numbers between a failed write and its report, so
	 * errno must still describe the write.
	 */
	errno = saved_errno;
	*value = result;
	return status;
}

/*
 * Parse TEXT, a NUL-terminated string of decimal digits only (no sign, no
 * spaces), as an unsigned 64-bit integer.
 */
enum number_status
parse_uint64(const char *text, uint64_t *value)
{
	uint64_t result = 0;
	size_t i;

	if (text[0] == '\0')
		return NUMBER_INVALID;
	for (i = 0; text[i] != '\0'; i++)
		if (text[i] < '0' || text[i] > '9')
			return NUMBER_INVALID;
	for (i = 0; text[i] != '\0'; i++) {
		unsigned digit = (unsigned)(text[i] - '0');

		if (result > (UINT64_MAX - digit) / 10)
			return NUMBER_OVERFLOW;
		result = result * 10 + digit;
	}
	*value = result;
	return NUMBER_OK;
}

/*
 * Format VALUE with "%.{p}g" for the smallest p in 1..17 whose output
 * reads back as the same double; infinities are "inf" and "-inf".
 * Each trial needs "%.{p}g", which format_precision() builds from one
 * 17-digit conversion done up front instead of calling snprintf again.
 *
 * More digits read back at least as well as fewer, because the nearest
 * (p+1)-digit decimal is never farther from VALUE than the nearest
 * p-digit one and the rounding interval is symmetric.  Exact powers of
 * two are the exception, because their interval is narrower below than
 * above: 2^-645 reads back at 15 and 17 digits, not 16.  They take a
 * bisection over 1..17, and tests/format_powers.c checks on all 2098
 * powers of two that it returns the smallest p.  Other values start from
 * the precision that the 17 digits suggest: when p reads back and p - 1
 * does not, p is the smallest; otherwise a bisection on the side the
 * trial points to finds it.
 */
void
format_double(char buf[NUMBER_BUFSIZE], double value)
{
	struct digits d;
	int low = 1, high = 17, guess;

	if (isinf(value)) {
		strcpy(buf, value < 0 ? "-inf" : "inf");
		return;
	}
	if (value == 0) {
		strcpy(buf, signbit(value) ? "-0" : "0");
		return;
	}
	convert_digits(&d, value);
	if (!is_power_of_two(value)) {
		guess = guess_precision(&d);
		if (guess == 17 || reads_back(buf, &d, value, guess)) {
			high = guess;
			if (guess > 1 && !reads_back(buf, &d, value, guess - 1))
				low = guess;
		} else {
			low = guess + 1;
		}
	}
	while (low < high) {
		int mid = (low + high) / 2;

		if (reads_back(buf, &d, value, mid))
			high = mid;
		else
			low = mid + 1;
	}
	format_precision(buf, &d, value, low);
}

/* Write VALUE with P digits into BUF; return whether it reads back. */
static int
reads_back(char buf[NUMBER_BUFSIZE], const struct digits *d, double value,
    int p)
{
	double back;

	format_precision(buf, d, value, p);
	return parse_decimal(buf, strlen(buf), &back) == NUMBER_OK &&
	    back == value;
}

/*
 * Return the precision that D's 17 digits suggest: the smallest p whose
 * following digits, up to the 16th, are all 0 or all 9, or 16 if there
 * is none.  The 17th digit is left out because it carries the error of
 * the conversion.  The caller checks the guess, so it only has to be
 * right often.
 */
static int
guess_precision(const struct digits *d)
{
	int p = 16;

	while (p > 1 && d->digit[p - 1] == d->digit[15] &&
	    (d->digit[15] == '0' || d->digit[15] == '9'))
		p--;
	return p;
}

/* Return whether finite nonzero VALUE is a power of two, or its negative. */
static int
is_power_of_two(double value)
{
	int exponent;
	double mantissa = frexp(value, &exponent);

	return mantissa == 0.5 || mantissa == -0.5;
}

/*
 * Store the 17 significant digits of nonzero finite VALUE, correctly
 * rounded by printf, and its decimal exponent.
 */
static void
convert_digits(struct digits *d, double value)
{
	char text[NUMBER_BUFSIZE];
	int i;

	d->negative = value < 0;
	snprintf(text, sizeof(text), "%.16e", fabs(value));
	d->digit[0] = text[0];
	for (i = 1; i < 17; i++)
		d->digit[i] = text[i + 1];
	d->exponent = atoi(text + 19);
}

/*
 * Write VALUE as "%.{P}g" would, from the 17 digits in D.  Rounding the
 * 17 digits to P is the same as rounding VALUE itself unless the dropped
 * digits are exactly 5 followed by zeros.  VALUE then lies within half a
 * unit of the 17th digit of a tie, on a side that the digits do not
 * show, so snprintf decides.
 */
static void
format_precision(char *buf, const struct digits *d, double value, int p)
{
	char digit[17];
	int exponent = d->exponent, i, n = 0, last;

	if (p < 17) {
		int round_up = d->digit[p] > '5';

		if (d->digit[p] == '5') {
			for (i = p + 1; i < 17 && d->digit[i] == '0'; i++)
				continue;
			if (i == 17) {
				snprintf(buf, NUMBER_BUFSIZE, "%.*g", p, value);
				return;
			}
			round_up = 1;
		}
		memcpy(digit, d->digit, (size_t)p);
		if (round_up) {
			for (i = p - 1; i >= 0 && digit[i] == '9'; i--)
				digit[i] = '0';
			if (i >= 0) {
				digit[i]++;
			} else {
				digit[0] = '1';
				exponent++;
			}
		}
	} else {
		memcpy(digit, d->digit, 17);
	}
	/* %g drops trailing zeros, and the point if nothing follows it. */
	for (last = p; last > 1 && digit[last - 1] == '0'; last--)
		continue;

	if (d->negative)
		buf[n++] = '-';
	if (exponent < -4 || exponent >= p) {
		buf[n++] = digit[0];
		if (last > 1) {
			buf[n++] = '.';
			memcpy(buf + n, digit + 1, (size_t)(last - 1));
			n += last - 1;
		}
		buf[n++] = 'e';
		buf[n++] = exponent < 0 ? '-' : '+';
		exponent = abs(exponent);
		if (exponent >= 100)
			buf[n++] = (char)('0' + exponent / 100);
		buf[n++] = (char)('0' + exponent / 10 % 10);
		buf[n++] = (char)('0' + exponent % 10);
		buf[n] = '\0';
		return;
	}
	if (exponent < 0) {
		buf[n++] = '0';
		buf[n++] = '.';
		for (i = -1; i > exponent; i--)
			buf[n++] = '0';
		memcpy(buf + n, digit, (size_t)last);
		n += last;
	} else {
		memcpy(buf + n, digit, (size_t)exponent + 1);
		n += exponent + 1;
		if (last > exponent + 1) {
			buf[n++] = '.';
			memcpy(buf + n, digit + exponent + 1,
			    (size_t)(last - exponent - 1));
			n += last - exponent - 1;
		}
	}
	buf[n] = '\0';
}
