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
#include "shortest.h"

/* Fields longer than this are copied to the heap for strtod. */
#define STACK_FIELD 128

static int match_infinity(const char *text, size_t len);
static size_t scan_digits(const char *text, size_t len, size_t i);
static int plain_decimal(const char *text, size_t len, double *value);
static int fast_decimal(const char *text, size_t len, double *value);
static enum number_status slow_decimal(const char *text, size_t len,
    double *value);
static size_t write_general(char *buf, const char *digit, int p,
    int exponent, int negative);

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
 * shortest_digits() finds p and the digits for every value below 2^52 in
 * magnitude.  Larger values, integers that scores rarely reach, take the
 * definition itself: printf at each p until strtod gives VALUE back.
 * Return the length of the text.
 */
size_t
format_double(char buf[NUMBER_BUFSIZE], double value)
{
	char digit[17];
	int exponent, p, saved_errno;

	if (isinf(value)) {
		strcpy(buf, value < 0 ? "-inf" : "inf");
		return strlen(buf);
	}
	if (value == 0) {
		strcpy(buf, signbit(value) ? "-0" : "0");
		return strlen(buf);
	}
	p = shortest_digits(fabs(value), digit, &exponent);
	if (p > 0)
		return write_general(buf, digit, p, exponent, value < 0);
	/*
	 * Callers format numbers between a failed write and its report, so
	 * errno must still describe the write.
	 */
	saved_errno = errno;
	for (p = 1; p < 17; p++) {
		snprintf(buf, NUMBER_BUFSIZE, "%.*g", p, value);
		if (strtod(buf, NULL) == value)
			break;
	}
	if (p == 17)
		snprintf(buf, NUMBER_BUFSIZE, "%.17g", value);
	errno = saved_errno;
	return strlen(buf);
}

/*
 * Write the P digits in DIGIT, whose first one is not 0, with decimal
 * EXPONENT as "%.{P}g" lays them out: positional when -4 <= EXPONENT < P,
 * otherwise with an exponent of at least two digits; trailing zeros and
 * a point with nothing after it are dropped.  Return the length.
 */
static size_t
write_general(char *buf, const char *digit, int p, int exponent,
    int negative)
{
	int i, n = 0, last;

	for (last = p; last > 1 && digit[last - 1] == '0'; last--)
		continue;
	if (negative)
		buf[n++] = '-';
	if (exponent < -4 || exponent >= p) {
		buf[n++] = digit[0];
		if (last > 1)
			buf[n++] = '.';
		for (i = 1; i < last; i++)
			buf[n++] = digit[i];
		buf[n++] = 'e';
		buf[n++] = exponent < 0 ? '-' : '+';
		exponent = abs(exponent);
		if (exponent >= 100)
			buf[n++] = (char)('0' + exponent / 100);
		buf[n++] = (char)('0' + exponent / 10 % 10);
		buf[n++] = (char)('0' + exponent % 10);
	} else if (exponent < 0) {
		buf[n++] = '0';
		buf[n++] = '.';
		for (i = -1; i > exponent; i--)
			buf[n++] = '0';
		for (i = 0; i < last; i++)
			buf[n++] = digit[i];
	} else {
		for (i = 0; i <= exponent; i++)
			buf[n++] = digit[i];
		if (last > exponent + 1)
			buf[n++] = '.';
		for (; i < last; i++)
			buf[n++] = digit[i];
	}
	buf[n] = '\0';
	return (size_t)n;
}
