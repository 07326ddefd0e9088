/*
 * Per-record statistics for the summaries and log-probabilities: counts,
 * entropies and the normalizer of the input distribution.
 */
#ifndef SUMMARY_H
#define SUMMARY_H

#include <stddef.h>

#include "config.h"
#include "reader.h"
#include "sampler.h"

struct record_summary {
	size_t candidates;
	size_t survivors;	/* kept, with a non-zero weight */
	double survivor_prob;	/* PROB mass of the survivors */
	double entropy_prob;	/* entropy of PROB, in nats */
	double entropy_final;	/* entropy of FINAL, in nats */
};

/* ln 2, the double nearest to it: divide nats by it to get bits. */
#define LN_2 0.69314718055994530942

double final_prob(const struct sampler *s, size_t i);
void summarize_record(struct record_summary *sum, const struct sampler *s,
    const struct record *rec, const double *prob);
double perplexity(double entropy);
double input_log_normalizer(const struct sampler *s,
    const struct record *rec);
double input_logprob(const struct sampler *s, const struct record *rec,
    double normalizer, size_t i);
double final_logprob(const struct sampler *s, const struct record *rec,
    const struct config *cfg, size_t i);

#endif
