/*
 * The shortest "%.{p}g" that reads back, found with exact integer
 * arithmetic instead of printf and strtod.
 *
 * A positive double is M * 2^E with an integer M below 2^53.  Scaled by
 * 10^K so that 17 digits come before the point, it is M * 5^K * 2^(K + E),
 * that is B / 2^S with B = M * 5^K and S = -E - K, when S is not
 * negative.  Every quantity the search needs is then a whole multiple of
 * 2^-S.  These are the 17-digit integer part of the scaled value, the
 * distance from the value to its rounding at any precision, and half the
 * gap to each neighbouring double, which is 5^K / 2^(S + 1).  Comparing
 * these integers decides exactly which digits "%.{p}g" writes and
 * whether a correctly rounding parser turns them back into the value.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "shortest.h"

/*
 * B is below 2^53 * 5^340 < 2^844, and every other number is below
 * 2^800.  16 limbs give 1024 bits.
 */
#define LIMBS 16

/* A nonnegative integer, least significant limb first. */
struct big {
	int n;			/* limbs in use: the top one is nonzero */
	uint64_t limb[LIMBS];
};

/*
 * A double scaled so that 17 digits lie before the point.  The scaled
 * value is N17 + R / 2^S, and the gap to the next double above is
 * GAP + G / 2^S with G < 2^S.  Each distance the search compares with
 * that gap is a whole number plus R, 2R, 4R or 2(2^S - R) over 2^S.
 * Those fractions are compared with G once, so that each precision
 * needs 64-bit arithmetic only.
 */
struct scaled {
	struct big b;		/* B = M * 5^K */
	struct big five;	/* 5^K, the gap times 2^S */
	int shift;		/* S */
	uint64_t n17;		/* the 17 digits before the point */
	uint64_t gap;		/* floor(5^K / 2^S) */
	int r_zero;		/* R is 0, so the scaled value is whole */
	int half;		/* R / 2^S compared with 1/2: -1, 0 or 1 */
	uint64_t carry2;	/* floor(2R / 2^S), and the rest compared */
	int rest2;		/* with G: -1, 0 or 1 */
	uint64_t carry4;	/* the same for 4R */
	int rest4;
	uint64_t carry_up;	/* the same for 2(2^S - R), when R > 0 */
	int rest_up;
	int g_zero;		/* G is 0 */
	int even;		/* M is even: a tie reads back as the value */
	int narrow_below;	/* the lower neighbour is half as far */
};

static const uint64_t pow5_u64[] = {
	1ULL, 5ULL, 25ULL, 125ULL, 625ULL, 3125ULL, 15625ULL, 78125ULL,
	390625ULL, 1953125ULL, 9765625ULL, 48828125ULL, 244140625ULL,
	1220703125ULL, 6103515625ULL, 30517578125ULL, 152587890625ULL,
	762939453125ULL, 3814697265625ULL, 19073486328125ULL,
	95367431640625ULL, 476837158203125ULL, 2384185791015625ULL,
	11920928955078125ULL, 59604644775390625ULL, 298023223876953125ULL,
	1490116119384765625ULL, 7450580596923828125ULL
};

static const uint64_t pow10_u64[] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
	10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
	100000000000ULL, 1000000000000ULL, 10000000000000ULL,
	100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
	100000000000000000ULL
};

static uint64_t multiply_add(uint64_t a, uint64_t b, uint64_t carry,
    uint64_t *high);
static void big_set(struct big *a, uint64_t v);
static int big_multiply(struct big *a, uint64_t v);
static int big_shift_left(struct big *dst, const struct big *a, int bits);
static void big_subtract(struct big *a, const struct big *b);
static int big_compare(const struct big *a, const struct big *b);
static int big_shift_right(const struct big *a, int bits, uint64_t *out);
static void big_low_bits(struct big *dst, const struct big *a, int bits);
static int split_multiple(const struct big *r, int times, int shift,
    const struct big *g, uint64_t *carry, int *rest);
static int scale_small(struct scaled *x, uint64_t m, int e, int k);
static int compare_u64(uint64_t a, uint64_t b);
static int scale(struct scaled *x, uint64_t m, int e, int k);
static int prepare(struct scaled *x);
static int scale_any(struct scaled *x, uint64_t m, int e, int k);
static uint64_t divide_by_unit(uint64_t n, int p, uint64_t *rest);
static int rounding_reads_back(const struct scaled *x, int p, int *up);
static void write_17_digits(char digit[17], uint64_t n17);
static int guess_precision(const char digit[17]);

/*
 * Return the low 64 bits of A * B + CARRY and store the high 64 bits in
 * *HIGH.  The sum cannot overflow 128 bits.  A compiler's 128-bit type
 * does the product where there is one, and 32-bit halves do it
 * otherwise or with SHORTEST_NO_INT128 defined.  Both are exact.
 */
static uint64_t
multiply_add(uint64_t a, uint64_t b, uint64_t carry, uint64_t *high)
{
#if defined(__SIZEOF_INT128__) && !defined(SHORTEST_NO_INT128)
	__extension__ typedef unsigned __int128 wide;
	wide product = (wide)a * b + carry;

	*high = (uint64_t)(product >> 64);
	return (uint64_t)product;
#else
	uint64_t a0 = a & 0xffffffffU, a1 = a >> 32;
	uint64_t b0 = b & 0xffffffffU, b1 = b >> 32;
	uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
	uint64_t middle = (p00 >> 32) + (p01 & 0xffffffffU) +
	    (p10 & 0xffffffffU);
	uint64_t low = (middle << 32) | (p00 & 0xffffffffU);
	uint64_t upper = p11 + (p01 >> 32) + (p10 >> 32) + (middle >> 32);

	low += carry;
	upper += low < carry;
	*high = upper;
	return low;
#endif
}

static void
big_set(struct big *a, uint64_t v)
{
	a->limb[0] = v;
	a->n = v != 0;
}

/* A *= V.  Return -1 if the product needs more than LIMBS limbs. */
static int
big_multiply(struct big *a, uint64_t v)
{
	uint64_t carry = 0;
	int i;

	for (i = 0; i < a->n; i++)
		a->limb[i] = multiply_add(a->limb[i], v, carry, &carry);
	if (carry != 0) {
		if (a->n == LIMBS)
			return -1;
		a->limb[a->n++] = carry;
	}
	if (v == 0)
		a->n = 0;
	return 0;
}

/* DST = A * 2^BITS.  Return -1 if that needs more than LIMBS limbs. */
static int
big_shift_left(struct big *dst, const struct big *a, int bits)
{
	int words = bits / 64, rest = bits % 64, i, n;

	if (a->n == 0) {
		dst->n = 0;
		return 0;
	}
	n = a->n + words;
	if (rest != 0 && a->limb[a->n - 1] >> (64 - rest) != 0)
		n++;
	if (n > LIMBS)
		return -1;
	for (i = n - 1; i >= words; i--) {
		int j = i - words;
		uint64_t high = j < a->n ? a->limb[j] : 0;
		uint64_t low = j >= 1 ? a->limb[j - 1] : 0;

		dst->limb[i] = rest == 0 ? high :
		    high << rest | low >> (64 - rest);
	}
	for (i = 0; i < words; i++)
		dst->limb[i] = 0;
	dst->n = n;
	return 0;
}

/* A -= B, where B <= A. */
static void
big_subtract(struct big *a, const struct big *b)
{
	uint64_t borrow = 0;
	int i;

	for (i = 0; i < a->n; i++) {
		uint64_t sub = i < b->n ? b->limb[i] : 0;
		uint64_t r = a->limb[i] - sub - borrow;

		borrow = a->limb[i] < sub || (a->limb[i] == sub && borrow);
		a->limb[i] = r;
	}
	while (a->n > 0 && a->limb[a->n - 1] == 0)
		a->n--;
}

/* Return -1, 0 or 1 as A is below, equal to or above B. */
static int
big_compare(const struct big *a, const struct big *b)
{
	int i;

	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (i = a->n - 1; i >= 0; i--)
		if (a->limb[i] != b->limb[i])
			return a->limb[i] < b->limb[i] ? -1 : 1;
	return 0;
}

/*
 * Store floor(A / 2^BITS) in *OUT.  Return -1 if it does not fit in 64
 * bits.
 */
static int
big_shift_right(const struct big *a, int bits, uint64_t *out)
{
	int words = bits / 64, rest = bits % 64;
	uint64_t low, high;

	if (a->n > words + 2 || (a->n == words + 2 && rest == 0))
		return -1;
	low = words < a->n ? a->limb[words] : 0;
	high = words + 1 < a->n ? a->limb[words + 1] : 0;
	if (rest == 0) {
		*out = low;
		return 0;
	}
	if (high >> rest != 0)
		return -1;
	*out = low >> rest | high << (64 - rest);
	return 0;
}

/* DST = A mod 2^BITS. */
static void
big_low_bits(struct big *dst, const struct big *a, int bits)
{
	int words = bits / 64, rest = bits % 64, i, n;

	n = a->n < words ? a->n : words;
	for (i = 0; i < n; i++)
		dst->limb[i] = a->limb[i];
	if (rest != 0 && words < a->n)
		dst->limb[n++] = a->limb[words] & ((1ULL << rest) - 1);
	while (n > 0 && dst->limb[n - 1] == 0)
		n--;
	dst->n = n;
}

/*
 * Split TIMES * R, where R < 2^SHIFT, into CARRY * 2^SHIFT plus a rest
 * below 2^SHIFT.  Store in *REST -1, 0 or 1 as the rest is below, equal
 * to or above G.  Return -1 if a product needs more than LIMBS limbs.
 */
static int
split_multiple(const struct big *r, int times, int shift,
    const struct big *g, uint64_t *carry, int *rest)
{
	struct big product, low;

	if (big_shift_left(&product, r, times == 4 ? 2 : 1) != 0 ||
	    big_shift_right(&product, shift, carry) != 0)
		return -1;
	big_low_bits(&low, &product, shift);
	*rest = big_compare(&low, g);
	return 0;
}

static int
compare_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

/*
 * Scale M * 2^E by 10^K into X and fill in the parts that every
 * precision shares, in 64-bit words.  This needs 5^K below 2^64 and S at
 * most 61, so that B fits in 128 bits and R, G and 4R in 64.  Values
 * from about 1.5e-11 to 2^52 qualify.  Return -1 for others, or if the
 * scaled value has more than 18 digits before the point.
 */
static int
scale_small(struct scaled *x, uint64_t m, int e, int k)
{
	uint64_t five, low, high, mask, r, g, up;
	int shift = -e - k;

	if (k < 0 || k > 27 || shift < 0 || shift > 61)
		return -1;
	five = pow5_u64[k];
	low = multiply_add(m, five, 0, &high);
	mask = (1ULL << shift) - 1;
	if (shift == 0) {
		if (high != 0)
			return -1;
		x->n17 = low;
	} else {
		if (high >> shift != 0)
			return -1;
		x->n17 = low >> shift | high << (64 - shift);
	}
	r = low & mask;
	g = five & mask;
	x->gap = five >> shift;
	x->r_zero = r == 0;
	x->g_zero = g == 0;
	x->carry2 = 2 * r >> shift;
	x->rest2 = compare_u64(2 * r & mask, g);
	x->carry4 = 4 * r >> shift;
	x->rest4 = compare_u64(4 * r & mask, g);
	x->half = -1;
	x->carry_up = 0;
	x->rest_up = 0;
	if (r != 0) {
		x->half = compare_u64(r, 1ULL << (shift - 1));
		up = (1ULL << shift) - r;
		x->carry_up = 2 * up >> shift;
		x->rest_up = compare_u64(2 * up & mask, g);
	}
	return 0;
}

/*
 * Scale M * 2^E by 10^K into X->N17 and the working numbers B and 5^K.
 * Return -1 if the scaled value is not of the form B / 2^S or has more
 * than 18 digits before the point.
 */
static int
scale(struct scaled *x, uint64_t m, int e, int k)
{
	int i;

	x->shift = -e - k;
	if (k < 0 || x->shift < 0)
		return -1;
	big_set(&x->five, 1);
	for (i = k; i >= 27; i -= 27)
		if (big_multiply(&x->five, pow5_u64[27]) != 0)
			return -1;
	if (big_multiply(&x->five, pow5_u64[i]) != 0)
		return -1;
	x->b = x->five;
	if (big_multiply(&x->b, m) != 0)
		return -1;
	return big_shift_right(&x->b, x->shift, &x->n17);
}

/*
 * Fill in the parts of X that every precision shares, from B, 5^K and
 * S.  Return -1 if a number needs more than LIMBS limbs.
 */
static int
prepare(struct scaled *x)
{
	struct big r, g, up, power;

	big_low_bits(&r, &x->b, x->shift);
	big_low_bits(&g, &x->five, x->shift);
	if (big_shift_right(&x->five, x->shift, &x->gap) != 0 ||
	    split_multiple(&r, 2, x->shift, &g, &x->carry2, &x->rest2) != 0 ||
	    split_multiple(&r, 4, x->shift, &g, &x->carry4, &x->rest4) != 0)
		return -1;
	x->r_zero = r.n == 0;
	x->g_zero = g.n == 0;
	x->half = -1;
	x->carry_up = 0;
	x->rest_up = 0;
	if (x->r_zero)
		return 0;
	/* R against 2^(S - 1), then 2^S - R for the distance up. */
	big_set(&up, 1);
	if (big_shift_left(&power, &up, x->shift - 1) != 0)
		return -1;
	x->half = big_compare(&r, &power);
	if (big_shift_left(&up, &power, 1) != 0)
		return -1;
	big_subtract(&up, &r);
	return split_multiple(&up, 2, x->shift, &g, &x->carry_up,
	    &x->rest_up);
}

/*
 * Scale M * 2^E by 10^K into X, in 64-bit words where they suffice, and
 * fill in the shared parts.  Return -1 if the value is out of range.
 */
static int
scale_any(struct scaled *x, uint64_t m, int e, int k)
{
	if (scale_small(x, m, e, k) == 0)
		return 0;
	if (scale(x, m, e, k) != 0 || prepare(x) != 0)
		return -1;
	return 0;
}

/*
 * Return N divided by 10^(17 - P), the unit of the P-th of 17 digits,
 * and store the remainder in *REST.  Each case divides by a constant,
 * which compilers turn into a multiplication.
 */
static uint64_t
divide_by_unit(uint64_t n, int p, uint64_t *rest)
{
	uint64_t q;

	switch (p) {
	case 1: q = n / 10000000000000000ULL; break;
	case 2: q = n / 1000000000000000ULL; break;
	case 3: q = n / 100000000000000ULL; break;
	case 4: q = n / 10000000000000ULL; break;
	case 5: q = n / 1000000000000ULL; break;
	case 6: q = n / 100000000000ULL; break;
	case 7: q = n / 10000000000ULL; break;
	case 8: q = n / 1000000000ULL; break;
	case 9: q = n / 100000000ULL; break;
	case 10: q = n / 10000000ULL; break;
	case 11: q = n / 1000000ULL; break;
	case 12: q = n / 100000ULL; break;
	case 13: q = n / 10000ULL; break;
	case 14: q = n / 1000ULL; break;
	case 15: q = n / 100ULL; break;
	case 16: q = n / 10ULL; break;
	default: q = n; break;
	}
	*rest = n - q * pow10_u64[17 - p];
	return q;
}

/*
 * Round the scaled value to P significant digits as printf does (to
 * nearest, an exact tie to an even last digit).  Store in *UP whether
 * the rounding goes up from the first P digits of N17.  Return whether
 * the rounded digits read back as the value, that is, whether they lie
 * closer to it than half the gap to the next double on their side, or
 * exactly that far with M even.
 *
 * With Q and T the quotient and remainder of N17 by the unit U of the
 * P-th digit, the value lies T + R / 2^S above Q * U.  So twice the
 * distance down is 2T + 2R / 2^S, and twice the distance up is
 * 2(U - T) - 2R / 2^S.  The gap is GAP + G / 2^S.
 */
static int
rounding_reads_back(const struct scaled *x, int p, int *up)
{
	uint64_t unit = pow10_u64[17 - p], t, q, whole;
	int rest;

	q = divide_by_unit(x->n17, p, &t);
	if (p == 17)
		*up = x->half > 0 || (x->half == 0 && q % 2 == 1);
	else if (2 * t != unit)
		*up = 2 * t > unit;
	else
		*up = !x->r_zero || q % 2 == 1;
	if (!*up && x->narrow_below) {
		/* Half the lower gap is a quarter of the upper one. */
		whole = 4 * t + x->carry4;
		rest = x->rest4;
	} else if (!*up) {
		whole = 2 * t + x->carry2;
		rest = x->rest2;
	} else if (x->r_zero) {
		whole = 2 * (unit - t);
		rest = x->g_zero ? 0 : -1;
	} else {
		whole = 2 * (unit - t - 1) + x->carry_up;
		rest = x->rest_up;
	}
	if (whole != x->gap)
		return whole < x->gap;
	/*
	 * NOTE: the case rest == 0, a decimal exactly halfway between two
	 * doubles, cannot occur: such a midpoint below 2^52 has at least 18
	 * significant digits.  It is kept for exactness, and no test
	 * reaches it.
	 */
	return rest < 0 || (rest == 0 && x->even);
}

/* "00" to "99", to write two digits per division. */
static const char digit_pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233"
    "34353637383940414243444546474849505152535455565758596061626364656667"
    "6869707172737475767778798081828384858687888990919293949596979899";

/*
 * Write N17, which has 17 digits, as ASCII.  The two halves divide
 * independently, in 32-bit arithmetic, two digits at a time.
 */
static void
write_17_digits(char digit[17], uint64_t n17)
{
	uint32_t high = (uint32_t)(n17 / 100000000U);
	uint32_t low = (uint32_t)(n17 % 100000000U);
	int i;

	for (i = 15; i >= 9; i -= 2) {
		memcpy(digit + i, digit_pairs + 2 * (low % 100), 2);
		low /= 100;
	}
	for (i = 7; i >= 1; i -= 2) {
		memcpy(digit + i, digit_pairs + 2 * (high % 100), 2);
		high /= 100;
	}
	digit[0] = (char)('0' + high);
}

/*
 * Return a first precision to try: the smallest p whose following
 * digits, up to the 16th, are all 0 or all 9, or 16 if there is none.
 * The 17th digit is left out because the gap to the next double is a
 * few units of it.  The search checks the guess.
 */
static int
guess_precision(const char digit[17])
{
	int p = 16;

	if (digit[15] != '0' && digit[15] != '9')
		return p;
	while (p > 1 && digit[p - 1] == digit[15])
		p--;
	return p;
}

int
shortest_digits(double value, char digit[17], int *exponent)
{
	struct scaled x;
	uint64_t bits, fraction, m;
	double estimate;
	int biased, e, e10, p, top, up, i;

	memcpy(&bits, &value, sizeof(bits));
	biased = (int)(bits >> 52 & 0x7ff);
	fraction = bits & ((1ULL << 52) - 1);
	if (bits >> 63 != 0 || biased == 0x7ff || (biased == 0 &&
	    fraction == 0))
		return 0;
	if (biased == 0) {
		m = fraction;
		e = -1074;
	} else {
		m = fraction | 1ULL << 52;
		e = biased - 1075;
	}
	for (top = 52; (m >> top) == 0; top--)
		continue;
	/*
	 * VALUE lies in [2^(top + e), 2^(top + e + 1)), so its decimal
	 * exponent is this estimate or one more.  The product is exact
	 * enough because it is never within 1e-4 of an integer except 0.
	 */
	estimate = (top + e) * 0.30102999566398120;
	e10 = (int)estimate;
	if (e10 > estimate)
		e10--;
	if (scale_any(&x, m, e, 16 - e10) != 0)
		return 0;
	if (x.n17 >= pow10_u64[17]) {
		e10++;
		if (scale_any(&x, m, e, 16 - e10) != 0)
			return 0;
	}
	if (x.n17 < pow10_u64[16] || x.n17 >= pow10_u64[17])
		return 0;
	x.even = m % 2 == 0;
	x.narrow_below = fraction == 0 && biased > 1;

	/*
	 * If p digits read back, so do p + 1, because the nearest
	 * (p + 1)-digit decimal is never farther away.  Below a power of
	 * two the gap is narrower on one side, so there p is searched from 1.
	 */
	write_17_digits(digit, x.n17);
	if (x.narrow_below) {
		p = 1;
		while (!rounding_reads_back(&x, p, &up) && p < 17)
			p++;
	} else {
		int shorter_up;

		p = guess_precision(digit);
		if (rounding_reads_back(&x, p, &up)) {
			while (p > 1 && rounding_reads_back(&x, p - 1,
			    &shorter_up)) {
				up = shorter_up;
				p--;
			}
		} else {
			while (p < 17 && !rounding_reads_back(&x, ++p, &up))
				continue;
		}
	}
	/* Round the first p digits up in place, carrying into new ones. */
	if (up) {
		for (i = p - 1; i >= 0 && digit[i] == '9'; i--)
			digit[i] = '0';
		if (i >= 0) {
			digit[i]++;
		} else {
			digit[0] = '1';
			e10++;
		}
	}
	*exponent = e10;
	return p;
}
