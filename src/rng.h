/*
 * The seeded generator: xoshiro256** with its state derived from the run's
 * seed and the record number through SplitMix64.
 */
#ifndef RNG_H
#define RNG_H

#include <stdint.h>

struct rng {
	uint64_t s[4];
};

void seed_record_rng(struct rng *rng, uint64_t seed, uint64_t record);
uint64_t next_rng(struct rng *rng);
double uniform_rng(struct rng *rng);
int read_os_seed(uint64_t *seed);

#endif
