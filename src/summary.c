/*
 * Per-record statistics.  Entropies are -sum p ln p over the candidates
 * with p > 0, summed in input order, in nats; perplexity is e to the
 * entropy.  Log-probabilities come from the scores rather than from the
 * rounded probabilities, so a candidate whose probability underflows to
 * 0 still gets a finite log-probability when its weight is non-zero.
 * Every logarithm and exponential is det_log/det_exp, so the printed
 * values are the same on every platform.
 */
#include <math.h>

#include "dmath.h"
#include "summary.h"

static double entropy_term(double p);

/* Return candidate I's FINAL probability: 0 unless it survived. */
double
final_prob(const struct sampler *s, size_t i)
{
	return s->keep[i] ? s->weight[i] / s->total : 0;
}

static double
entropy_term(double p)
{
	return p > 0 ? -p * det_log(p) : 0;
}

/* Fill SUM for the record from the PROB values of compute_probs(). */
void
summarize_record(struct record_summary *sum, const struct sampler *s,
    const struct record *rec, const double *prob)
{
	size_t i;

	sum->candidates = rec->n;
	sum->survivors = s->draw_n;
	sum->survivor_prob = 0;
	sum->entropy_prob = 0;
	sum->entropy_final = 0;
	for (i = 0; i < rec->n; i++) {
		if (s->keep[i] && s->weight[i] != 0)
			sum->survivor_prob += prob[i];
		sum->entropy_prob += entropy_term(prob[i]);
		sum->entropy_final += entropy_term(final_prob(s, i));
	}
}

/* Return the perplexity e^H of a distribution with entropy H in nats. */
double
perplexity(double entropy)
{
	return det_exp(entropy);
}

/*
 * Return ln sum exp(z - zmax) over the finite scores, the normalizer of
 * the input distribution (T = 1) relative to the largest finite score,
 * or, when some score is +inf, ln of the number of +inf scores.
 */
double
input_log_normalizer(const struct sampler *s, const struct record *rec)
{
	double total = 0;
	size_t i;

	for (i = 0; i < rec->n; i++) {
		double z = rec->score[i];

		if (s->has_posinf)
			total += z == INFINITY;
		else if (z != -INFINITY)
			total += det_exp(z - s->max_finite);
	}
	return det_log(total);
}

/*
 * Return ln p of candidate I in the input distribution: temperature 1,
 * nothing truncated.  NORMALIZER is input_log_normalizer()'s value.
 */
double
input_logprob(const struct sampler *s, const struct record *rec,
    double normalizer, size_t i)
{
	double z = rec->score[i];

	if (z == -INFINITY)
		return -INFINITY;
	if (s->has_posinf)
		/* 0 - x, not -x, so that ln 1 prints as 0 rather than -0. */
		return z == INFINITY ? 0 - normalizer : -INFINITY;
	return (z - s->max_finite) - normalizer;
}

/*
 * Return ln FINAL of candidate I: -inf unless it survived with a
 * non-zero weight.  The log of a weight exp((z - zmax) / T) is taken as
 * the exponent itself.
 */
double
final_logprob(const struct sampler *s, const struct record *rec,
    const struct config *cfg, size_t i)
{
	double log_weight;

	if (!s->keep[i] || s->weight[i] == 0)
		return -INFINITY;
	if (cfg->temperature == 0 || s->has_posinf)
		log_weight = det_log(s->weight[i]);
	else
		log_weight = weight_exponent(rec->score[i], s->max_finite,
		    cfg->temperature);
	return log_weight - det_log(s->total);
}
