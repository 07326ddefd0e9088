/*
 * The transforms of the chain that live outside sampler.c: the switch of
 * weights to the sampling temperature, top-n-sigma, typical-p, and the
 * --min-keep floor that top-p, typical-p, min-p and top-n-sigma obey.
 */
#ifndef TRANSFORMS_H
#define TRANSFORMS_H

#include <stddef.h>

#include "reader.h"

struct sampler;

/* A survivor's place in typical-p's order. */
struct typical_rank {
	double distance;	/* |-ln p - H| */
	size_t rank;		/* position in rank order, for ties */
	size_t index;
};

/* Scratch space of the chain, one element per candidate. */
struct chain_buffers {
	unsigned char *kept_before;	/* survivors before a transform */
	struct typical_rank *typical;
	size_t cap;
};

int reserve_chain(struct chain_buffers *c, size_t n);
void free_chain(struct chain_buffers *c);
void set_weights(struct sampler *s, const struct record *rec,
    double temperature);
void save_survivors(struct sampler *s);
int keep_at_least(struct sampler *s, const struct record *rec,
    size_t min_keep);
void apply_top_n_sigma(struct sampler *s, const struct record *rec,
    double n_sigma);
int apply_typical_p(struct sampler *s, const struct record *rec,
    double typical_p);

#endif
