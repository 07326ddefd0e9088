/*
 * The distribution of one record: weights at the sampling temperature,
 * rank order, the truncation transforms, and the draw.
 */
#ifndef SAMPLER_H
#define SAMPLER_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "reader.h"
#include "rng.h"
#include "transforms.h"

/* A candidate's place in rank order: by score, higher first, then index. */
struct ranked {
	double score;
	size_t index;
};

struct sampler {
	size_t n;		/* candidates in the current record */
	size_t cap;		/* allocated length of every array */
	double *weight;		/* weight at the sampling temperature */
	unsigned char *keep;	/* 1 while the candidate survives */
	struct ranked *rank;	/* rank order, once sort_ranks() has run */
	int ranked;		/* rank holds the full rank order */
	size_t best;		/* index of the best-ranked candidate */
	double max_finite;	/* largest finite score, -inf if none */
	double temperature;	/* T of the weights, set by compute_weights */
	int lazy;		/* weights exist for survivors only */
	int weights_pending;	/* survivors' weights not computed yet */
	int has_posinf;		/* some score is +inf */
	double total;		/* W: survivors' weight, summed in input order */
	int keep_pending;	/* keep is not written yet, and the survivors
				   are the candidates whose score is not -inf */
	int listed;		/* survivor lists the survivors */
	size_t *survivor;	/* survivors in input order, when listed */
	uint16_t *bucket;	/* top-p's bucket of each candidate */
	size_t survivor_n;
	size_t *draw_index;	/* survivors in input order */
	double *draw_cum;	/* running weight at each of draw_index */
	size_t draw_n;		/* survivors with non-zero weight */
	int draw_all;		/* draw_cum has every candidate, zero weights
				   included, and draw_index is not used */
	size_t draw_last;	/* last candidate of non-zero weight, when
				   draw_all is set */
	struct chain_buffers chain;	/* scratch of transforms.c */
};

enum sampler_status {
	SAMPLER_OK,
	SAMPLER_ALL_MASKED,	/* every score is -inf */
	SAMPLER_NO_MEMORY
};

/*
 * Return the exponent of a candidate's weight, (Z - ZMAX) / T, Z <= ZMAX.
 * Every weight is det_exp of this value, computed only here so that all
 * weights have the same bits wherever they are computed.  The difference
 * overflows to -inf when both scores are huge and of opposite signs, as
 * with -1e308 and 1e308; a temperature above 1 can bring such a gap back
 * into range, so then the two are divided first.  Where the difference
 * does not overflow, this is exactly the formula the man page gives.
 */
static inline double
weight_exponent(double z, double zmax, double temperature)
{
	double gap = z - zmax;

	if (isinf(gap))
		return z / temperature - zmax / temperature;
	return gap / temperature;
}

void init_sampler(struct sampler *s);
void free_sampler(struct sampler *s);
enum sampler_status build_distribution(struct sampler *s,
    const struct record *rec, const struct config *cfg);
int config_needs_prob(const struct config *cfg);
int sort_ranks(struct sampler *s, const struct record *rec);
size_t draw_token(const struct sampler *s, struct rng *rng);
void compute_probs(const struct sampler *s, const struct record *rec,
    const struct config *cfg, double *prob);

#endif
