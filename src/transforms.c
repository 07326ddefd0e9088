/*
 * Chain transforms beyond top-k, top-p and min-p, which stay in
 * sampler.c.  Each one reads the weights and survivors that the steps
 * before it left in the sampler and only ever drops survivors, except
 * that keep_at_least() gives back dropped ones to honour --min-keep.
 *
 * Until the temperature step runs, weights are those of temperature 1,
 * exp(z - zmax); set_weights() then switches every weight to the
 * sampling temperature.  So with temperature placed after a truncation
 * transform, as llama.cpp places it, that transform decides the
 * survivors from the temperature-1 distribution, and temperature only
 * reshapes the final draw among them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dmath.h"
#include "sampler.h"
#include "transforms.h"

/*
 * Relative slack on typical-p's mass threshold, the same as top-p's, so
 * that rounding in the softmax cannot move a boundary that is true in
 * exact arithmetic.
 */
#define MASS_SLACK (1.0 - 1e-12)

static int compare_typical(const void *a, const void *b);
static void drop_below(struct sampler *s, const struct record *rec,
    double threshold);
static double scaled_mean(const struct sampler *s, const struct record *rec,
    size_t count);
static double scaled_deviation(const struct sampler *s,
    const struct record *rec, double mean, size_t count);

int
reserve_chain(struct chain_buffers *c, size_t n)
{
	void *p;

	if (n <= c->cap)
		return 0;
	if (n > SIZE_MAX / sizeof(struct typical_rank))
		return -1;
	if ((p = realloc(c->kept_before, n)) == NULL)
		return -1;
	c->kept_before = p;
	if ((p = realloc(c->typical, n * sizeof(struct typical_rank))) == NULL)
		return -1;
	c->typical = p;
	c->cap = n;
	return 0;
}

void
free_chain(struct chain_buffers *c)
{
	free(c->kept_before);
	free(c->typical);
	memset(c, 0, sizeof(*c));
}

/*
 * Recompute every candidate's weight, dropped ones included (the dump's
 * PROB needs them), at TEMPERATURE > 0, by the rule compute_weights()
 * in sampler.c applies.  With lazy weights only survivors' weights are
 * recomputed, because no other weight is read.  Survivors do not change.
 */
void
set_weights(struct sampler *s, const struct record *rec, double temperature)
{
	size_t i;

	s->temperature = temperature;
	for (i = 0; i < rec->n; i++) {
		double z = rec->score[i];

		if (s->lazy && !s->keep[i])
			continue;
		if (z == -INFINITY)
			s->weight[i] = 0;
		else if (s->has_posinf)
			s->weight[i] = z == INFINITY ? 1 : 0;
		else
			s->weight[i] = det_exp(weight_exponent(z,
			    s->max_finite, temperature));
	}
}

/* Remember the survivors, for keep_at_least() after the next transform. */
void
save_survivors(struct sampler *s)
{
	memcpy(s->chain.kept_before, s->keep, s->n);
}

/*
 * If fewer than MIN_KEEP survivors with non-zero weight are left, give
 * back the best-ranked candidates that the last transform dropped, until
 * MIN_KEEP survive or none is left.  Candidates that were not survivors
 * before that transform, or whose weight is 0, never come back.  Return
 * 0, or -1 if memory runs out.
 */
int
keep_at_least(struct sampler *s, const struct record *rec, size_t min_keep)
{
	size_t i, r, kept = 0;

	for (i = 0; i < s->n; i++)
		if (s->keep[i] && s->weight[i] > 0)
			kept++;
	if (kept >= min_keep)
		return 0;
	if (sort_ranks(s, rec) != 0)
		return -1;
	for (r = 0; r < s->n && kept < min_keep; r++) {
		i = s->rank[r].index;
		if (s->keep[i] || !s->chain.kept_before[i] || s->weight[i] == 0)
			continue;
		s->keep[i] = 1;
		kept++;
	}
	return 0;
}

/*
 * Top-n-sigma: keep the survivors whose score is at least the largest
 * survivor score minus N_SIGMA population standard deviations of the
 * survivors' scores.  Dividing every score by a temperature T > 0
 * divides the maximum and the deviation alike, so the rule is applied to
 * the scores as read, where no division can move a boundary, and the
 * result is the same wherever temperature is placed in the chain.  With a
 * +inf score present only the +inf candidates have weight, and this
 * transform keeps every survivor.
 */
void
apply_top_n_sigma(struct sampler *s, const struct record *rec, double n_sigma)
{
	double sum = 0, mean, squares = 0, max_score = -INFINITY, threshold;
	size_t i, count = 0;

	if (s->has_posinf)
		return;
	for (i = 0; i < s->n; i++) {
		if (!s->keep[i])
			continue;
		count++;
		sum += rec->score[i];
		if (rec->score[i] > max_score)
			max_score = rec->score[i];
	}
	if (count == 0)
		return;
	mean = sum / (double)count;
	if (!isfinite(mean))
		mean = scaled_mean(s, rec, count);
	for (i = 0; i < s->n; i++) {
		if (s->keep[i]) {
			double d = rec->score[i] - mean;

			squares += d * d;
		}
	}
	if (!isfinite(squares)) {
		threshold = max_score - n_sigma * scaled_deviation(s, rec,
		    mean, count);
		drop_below(s, rec, threshold);
		return;
	}
	threshold = max_score - n_sigma * sqrt(squares / (double)count);
	drop_below(s, rec, threshold);
}

/* Drop the survivors whose score is below THRESHOLD. */
static void
drop_below(struct sampler *s, const struct record *rec, double threshold)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->keep[i] && rec->score[i] < threshold)
			s->keep[i] = 0;
}

/*
 * Return the survivors' mean score when their plain sum overflows, as
 * with several scores near 1e308: each score is divided by COUNT first.
 */
static double
scaled_mean(const struct sampler *s, const struct record *rec, size_t count)
{
	double mean = 0;
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->keep[i])
			mean += rec->score[i] / (double)count;
	return mean;
}

/*
 * Return the survivors' population standard deviation when the sum of
 * squared deviations overflows (deviations above about 1e154): the
 * halved deviations, which cannot overflow, are divided by the largest
 * one before squaring, and the result is scaled back.
 */
static double
scaled_deviation(const struct sampler *s, const struct record *rec,
    double mean, size_t count)
{
	double largest = 0, squares = 0;
	size_t i;

	for (i = 0; i < s->n; i++) {
		double half = rec->score[i] * 0.5 - mean * 0.5;

		if (s->keep[i] && fabs(half) > largest)
			largest = fabs(half);
	}
	for (i = 0; i < s->n; i++) {
		if (s->keep[i]) {
			double d = (rec->score[i] * 0.5 - mean * 0.5) / largest;

			squares += d * d;
		}
	}
	return 2 * largest * sqrt(squares / (double)count);
}

static int
compare_typical(const void *a, const void *b)
{
	const struct typical_rank *x = a, *y = b;

	if (x->distance != y->distance)
		return x->distance < y->distance ? -1 : 1;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/*
 * Locally typical sampling, by the rule of transformers' typical-p
 * warper.  With p the survivors' probabilities and H = -sum p ln p their
 * entropy, order the survivors by |-ln p - H|, ties by rank, and walk
 * that order as top-p walks rank order: the first is always kept, and
 * each later one is dropped, with all after it, once the mass before it
 * reaches TYPICAL_P of the total.  A zero-weight survivor has distance
 * +inf, so it comes last.  Return 0, or -1 if memory runs out.
 */
int
apply_typical_p(struct sampler *s, const struct record *rec,
    double typical_p)
{
	struct typical_rank *order = s->chain.typical;
	double total = 0, log_total, entropy = 0, threshold, before = 0;
	size_t i, r, n = 0;

	for (i = 0; i < s->n; i++)
		if (s->keep[i])
			total += s->weight[i];
	log_total = det_log(total);
	for (i = 0; i < s->n; i++) {
		if (s->keep[i] && s->weight[i] > 0) {
			double p = s->weight[i] / total;

			entropy -= p * (det_log(s->weight[i]) - log_total);
		}
	}
	if (sort_ranks(s, rec) != 0)
		return -1;
	for (r = 0; r < s->n; r++) {
		i = s->rank[r].index;
		if (!s->keep[i])
			continue;
		order[n].distance = s->weight[i] > 0 ?
		    fabs(log_total - det_log(s->weight[i]) - entropy) :
		    INFINITY;
		order[n].rank = r;
		order[n].index = i;
		n++;
	}
	qsort(order, n, sizeof(order[0]), compare_typical);
	threshold = typical_p * MASS_SLACK * total;
	for (r = 0; r < n; r++) {
		if (r > 0 && before >= threshold)
			s->keep[order[r].index] = 0;
		else
			before += s->weight[order[r].index];
	}
	return 0;
}
