/*
 * The distribution transforms and the draw.  For a record with scores z
 * and temperature T, a candidate's weight is exp((z - zmax) / T), zmax
 * being the largest finite score: subtracting it first keeps every
 * exponent at or below zero, so nothing overflows and the best candidate
 * has weight 1.  Scores of -inf are masked (weight 0, never chosen); if
 * any score is +inf, those candidates get weight 1 and all others 0.
 * The truncation transforms then run in a fixed order, each on the
 * survivors of the one before: top-k, top-p, min-p.  Probabilities are
 * weights divided by a total summed in input order, never stored
 * renormalized, so each step sees exactly the weights the man page
 * describes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dmath.h"
#include "sampler.h"

/*
 * Relative slack on the top-p and min-p thresholds, so that a boundary
 * that holds in exact arithmetic is not lost to rounding: the
 * probabilities 0.5, 0.3, 0.1, 0.1 given as logits come back from the
 * softmax as 0.5, 0.29999999999999993, ..., and top-p 0.8 must still
 * stop after the second.
 */
#define THRESHOLD_SLACK (1.0 - 1e-12)

static int reserve_sampler(struct sampler *s, size_t n);
static int compare_ranked(const void *a, const void *b);
static void compute_weights(struct sampler *s, const struct record *rec,
    double temperature, double max_finite, int has_posinf);
static double scaled_gap(double z, double max_finite, double temperature);
static int apply_top_k(struct sampler *s, const struct record *rec,
    size_t top_k, size_t survivors);
static int apply_top_p(struct sampler *s, const struct record *rec,
    double top_p);
static void apply_min_p(struct sampler *s, double min_p);
static void collect_survivors(struct sampler *s);

void
init_sampler(struct sampler *s)
{
	memset(s, 0, sizeof(*s));
}

void
free_sampler(struct sampler *s)
{
	free(s->weight);
	free(s->keep);
	free(s->rank);
	free(s->draw_index);
	free(s->draw_cum);
	init_sampler(s);
}

static int
reserve_sampler(struct sampler *s, size_t n)
{
	void *p;

	if (n <= s->cap)
		return 0;
	if (n > SIZE_MAX / sizeof(struct ranked))
		return -1;
	if ((p = realloc(s->weight, n * sizeof(double))) == NULL)
		return -1;
	s->weight = p;
	if ((p = realloc(s->keep, n)) == NULL)
		return -1;
	s->keep = p;
	if ((p = realloc(s->rank, n * sizeof(struct ranked))) == NULL)
		return -1;
	s->rank = p;
	if ((p = realloc(s->draw_index, n * sizeof(size_t))) == NULL)
		return -1;
	s->draw_index = p;
	if ((p = realloc(s->draw_cum, n * sizeof(double))) == NULL)
		return -1;
	s->draw_cum = p;
	s->cap = n;
	return 0;
}

/*
 * Compute the record's weights and survivors under CFG.  Fails with
 * SAMPLER_ALL_MASKED when no score is above -inf.
 */
enum sampler_status
build_distribution(struct sampler *s, const struct record *rec,
    const struct config *cfg)
{
	double max_finite = -INFINITY;
	size_t i, unmasked = 0;
	int has_posinf = 0;

	if (reserve_sampler(s, rec->n) != 0)
		return SAMPLER_NO_MEMORY;
	s->n = rec->n;
	s->ranked = 0;
	s->best = SIZE_MAX;
	for (i = 0; i < rec->n; i++) {
		double z = rec->score[i];

		if (z == -INFINITY)
			continue;
		unmasked++;
		if (s->best == SIZE_MAX || z > rec->score[s->best])
			s->best = i;
		if (z == INFINITY)
			has_posinf = 1;
		else if (z > max_finite)
			max_finite = z;
	}
	if (unmasked == 0)
		return SAMPLER_ALL_MASKED;
	s->max_finite = max_finite;
	s->has_posinf = has_posinf;

	if (cfg->temperature == 0) {
		/* Greedy: every transform keeps the best-ranked candidate. */
		memset(s->weight, 0, rec->n * sizeof(double));
		memset(s->keep, 0, rec->n);
		s->weight[s->best] = 1;
		s->keep[s->best] = 1;
		collect_survivors(s);
		return SAMPLER_OK;
	}

	compute_weights(s, rec, cfg->temperature, max_finite, has_posinf);
	if (cfg->top_k > 0 && apply_top_k(s, rec, cfg->top_k, unmasked) != 0)
		return SAMPLER_NO_MEMORY;
	if (cfg->top_p < 1 && apply_top_p(s, rec, cfg->top_p) != 0)
		return SAMPLER_NO_MEMORY;
	if (cfg->min_p > 0)
		apply_min_p(s, cfg->min_p);
	collect_survivors(s);
	return SAMPLER_OK;
}

static void
compute_weights(struct sampler *s, const struct record *rec,
    double temperature, double max_finite, int has_posinf)
{
	size_t i;

	for (i = 0; i < rec->n; i++) {
		double z = rec->score[i];

		s->keep[i] = z != -INFINITY;
		if (z == -INFINITY)
			s->weight[i] = 0;
		else if (has_posinf)
			s->weight[i] = z == INFINITY ? 1 : 0;
		else
			s->weight[i] = det_exp(scaled_gap(z, max_finite,
			    temperature));
	}
}

/*
 * Return (Z - MAX_FINITE) / TEMPERATURE, Z <= MAX_FINITE.  The difference
 * overflows to -inf when both scores are huge and of opposite signs, as
 * with -1e308 and 1e308; a temperature above 1 can bring such a gap back
 * into range, so then the two are divided first.  Where the difference
 * does not overflow, this is exactly the formula the man page gives.
 */
static double
scaled_gap(double z, double max_finite, double temperature)
{
	double gap = z - max_finite;

	if (isinf(gap))
		return z / temperature - max_finite / temperature;
	return gap / temperature;
}

/* Keep the TOP_K best-ranked of the SURVIVORS candidates still kept. */
static int
apply_top_k(struct sampler *s, const struct record *rec, size_t top_k,
    size_t survivors)
{
	size_t r, kept = 0;

	if (top_k >= survivors)
		return 0;
	if (sort_ranks(s, rec) != 0)
		return -1;
	for (r = 0; r < s->n; r++) {
		size_t i = s->rank[r].index;

		if (!s->keep[i])
			continue;
		if (kept < top_k)
			kept++;
		else
			s->keep[i] = 0;
	}
	return 0;
}

/*
 * Walk the survivors in rank order, summing weights, and drop every
 * candidate from the first one whose preceding weight already reaches
 * TOP_P of the total.  The first survivor is always kept, so top-p 0
 * keeps one candidate and the candidate that crosses the threshold stays.
 */
static int
apply_top_p(struct sampler *s, const struct record *rec, double top_p)
{
	double total = 0, threshold, before = 0;
	size_t i, r;
	int seen_first = 0, dropping = 0;

	for (i = 0; i < s->n; i++)
		if (s->keep[i])
			total += s->weight[i];
	threshold = top_p * THRESHOLD_SLACK * total;
	if (sort_ranks(s, rec) != 0)
		return -1;
	for (r = 0; r < s->n; r++) {
		i = s->rank[r].index;
		if (!s->keep[i])
			continue;
		if (seen_first && (dropping || before >= threshold)) {
			dropping = 1;
			s->keep[i] = 0;
			continue;
		}
		seen_first = 1;
		before += s->weight[i];
	}
	return 0;
}

/* Keep the survivors whose weight is at least MIN_P of the largest. */
static void
apply_min_p(struct sampler *s, double min_p)
{
	double max_weight = 0, threshold;
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->keep[i] && s->weight[i] > max_weight)
			max_weight = s->weight[i];
	threshold = min_p * THRESHOLD_SLACK * max_weight;
	for (i = 0; i < s->n; i++)
		if (s->keep[i] && s->weight[i] < threshold)
			s->keep[i] = 0;
}

/*
 * List the survivors with non-zero weight in input order with their
 * running weight, which is what a draw walks; the last running weight is
 * the total W.  Zero weights add nothing to the running weight, so
 * leaving them out changes no draw.
 */
static void
collect_survivors(struct sampler *s)
{
	double running = 0;
	size_t i, k = 0;

	for (i = 0; i < s->n; i++) {
		if (!s->keep[i] || s->weight[i] == 0)
			continue;
		running += s->weight[i];
		s->draw_index[k] = i;
		s->draw_cum[k] = running;
		k++;
	}
	s->draw_n = k;
	s->total = running;
}

/*
 * Draw one candidate: target = u W for u uniform in [0, 1), and the
 * chosen candidate is the first survivor in input order whose running
 * weight is strictly greater than target.  The running weights never
 * decrease, so a binary search finds the same candidate a linear walk
 * would.  If rounding leaves no running weight above target, the last
 * survivor with non-zero weight is chosen.
 */
size_t
draw_token(const struct sampler *s, struct rng *rng)
{
	double target = uniform_rng(rng) * s->total;
	size_t low = 0, high = s->draw_n;

	while (low < high) {
		size_t mid = low + (high - low) / 2;

		if (s->draw_cum[mid] > target)
			high = mid;
		else
			low = mid + 1;
	}
	if (low == s->draw_n)
		low = s->draw_n - 1;
	return s->draw_index[low];
}

static int
compare_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/*
 * Fill s->rank with every candidate in rank order.  The comparison is a
 * total order (ties go to the earlier line), so the result does not
 * depend on how qsort orders equal elements.
 */
int
sort_ranks(struct sampler *s, const struct record *rec)
{
	size_t i;

	if (s->ranked)
		return 0;
	for (i = 0; i < rec->n; i++) {
		s->rank[i].score = rec->score[i];
		s->rank[i].index = i;
	}
	qsort(s->rank, rec->n, sizeof(s->rank[0]), compare_ranked);
	s->ranked = 1;
	return 0;
}

/*
 * Store in PROB each candidate's probability before truncation, at the
 * sampling temperature, or at temperature 1 when sampling is greedy.
 */
void
compute_probs(const struct sampler *s, const struct record *rec,
    const struct config *cfg, double *prob)
{
	double total = 0;
	size_t i;

	for (i = 0; i < rec->n; i++) {
		double z = rec->score[i];

		if (cfg->temperature != 0)
			prob[i] = z == -INFINITY ? 0 : s->weight[i];
		else if (z == -INFINITY)
			prob[i] = 0;
		else if (s->has_posinf)
			prob[i] = z == INFINITY ? 1 : 0;
		else
			prob[i] = det_exp(z - s->max_finite);
		total += prob[i];
	}
	for (i = 0; i < rec->n; i++)
		prob[i] /= total;
}
