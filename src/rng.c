/*
 * The pseudo-random generator.  Draws use xoshiro256** (Blackman and
 * Vigna, 2018), a small generator with a 256-bit state whose output is
 * fixed by integer arithmetic alone, so it is the same on every platform.
 * Each record gets its own state, derived from the seed and the record's
 * number by SplitMix64, so records can be sampled independently and a
 * record that needs no draw does not shift the ones after it.
 */
#include <stdio.h>
#include <time.h>

#include "rng.h"

#define GOLDEN_GAMMA 0x9e3779b97f4a7c15ULL

static uint64_t mix64(uint64_t z);
static uint64_t rotate_left(uint64_t x, int k);

/* The SplitMix64 output function, a bijection on 64-bit integers. */
static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
rotate_left(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/*
 * Set RNG to the state of record RECORD under SEED.  A SplitMix64 counter
 * starts at SEED XOR mix64(RECORD), and its first four outputs become the
 * xoshiro256** state.  mix64(0) is 0, so record 0 uses the seed as given.
 */
void
seed_record_rng(struct rng *rng, uint64_t seed, uint64_t record)
{
	uint64_t counter = seed ^ mix64(record);
	int i;

	for (i = 0; i < 4; i++) {
		counter += GOLDEN_GAMMA;
		rng->s[i] = mix64(counter);
	}
}

uint64_t
next_rng(struct rng *rng)
{
	uint64_t *s = rng->s;
	uint64_t result = rotate_left(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotate_left(s[3], 45);
	return result;
}

/* Return a double in [0, 1) made from the top 53 bits of the next output. */
double
uniform_rng(struct rng *rng)
{
	return (double)(next_rng(rng) >> 11) * (1.0 / 9007199254740992.0);
}

/*
 * Read a seed from /dev/urandom.  Return 0 on success and -1 when the
 * device cannot be read, in which case *SEED still gets a value mixed
 * from the clock, so the caller may warn and go on.
 */
int
read_os_seed(uint64_t *seed)
{
	FILE *device = fopen("/dev/urandom", "rb");
	uint64_t value = 0;

	if (device != NULL) {
		size_t got = fread(&value, sizeof(value), 1, device);

		fclose(device);
		if (got == 1) {
			*seed = value;
			return 0;
		}
	}
	*seed = mix64((uint64_t)time(NULL) ^ ((uint64_t)clock() << 32));
	return -1;
}
