/*
 * The distribution transforms and the draw.  For a record with scores z
 * and temperature T, a candidate's weight is exp((z - zmax) / T), zmax
 * being the largest finite score.  Subtracting zmax first keeps every
 * exponent at or below zero, so nothing overflows and the best candidate
 * has weight 1.  Scores of -inf are masked (weight 0, never chosen).  If
 * any score is +inf, those candidates get weight 1 and all others 0.
 * The truncation transforms then run in the order of the chain (by
 * default top-n-sigma, top-k, typical-p, top-p, min-p, after
 * temperature), each on the survivors of the one before.  Probabilities are
 * weights divided by a total summed in input order, and renormalized
 * weights are never stored, so each step reads exactly the weights the
 * man page describes.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__) && defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "chain_options.h"
#include "dmath.h"
#include "sampler.h"
#include "vector.h"

/*
 * Relative slack on the top-p and min-p thresholds, so that rounding
 * cannot move a boundary that exact arithmetic puts on a token.  The
 * probabilities 0.5, 0.3, 0.1, 0.1 given as logits come back from the
 * softmax as 0.5, 0.29999999999999993, ..., and top-p 0.8 must still
 * stop after the second.
 */
#define THRESHOLD_SLACK (1.0 - 1e-12)

static int reserve_sampler(struct sampler *s, size_t n);
static double scan_scores(const double *z, size_t n);
static int compare_ranked(const void *a, const void *b);
static void compute_weights(struct sampler *s, const struct record *rec,
    double temperature, double max_finite, int has_posinf);
static int apply_top_k(struct sampler *s, const struct record *rec,
    size_t top_k);
#if defined(__GNUC__)
static inline int any_above(const double *z, double bar);
#endif
static int apply_top_p(struct sampler *s, const struct record *rec,
    double top_p);
static void apply_min_p(struct sampler *s, double min_p);
static void weigh_min_p_survivors(struct sampler *s,
    const struct record *rec, double min_p);
static void weigh_survivors(struct sampler *s, const struct record *rec);
static void exponents_of_range(struct sampler *s, const struct record *rec,
    size_t start, size_t end);
static void collect_unmasked(struct sampler *s, const struct record *rec);
static void drop_scores_below(struct sampler *s, const struct record *rec,
    double bound);
static inline void offer_ranked(struct ranked *buf, size_t *count,
    size_t limit, size_t top_k, double *bar, double z, size_t i);
static void list_kept_ranked(struct sampler *s, const struct ranked *buf,
    size_t n);
static void list_survivors(struct sampler *s);
static void filter_survivors(struct sampler *s);
static inline size_t step_survivor(const struct sampler *s, size_t *cursor,
    size_t i);
static void place_bucketed(struct sampler *s, const struct record *rec,
    int last, size_t m, size_t *bucket_start);
static void weigh_pending(struct sampler *s, const struct record *rec,
    int truncated);
static int needs_weights(enum transform t);
static void collect_survivors(struct sampler *s);
static double first_temperature(const struct config *cfg);
static int run_transform(struct sampler *s, const struct record *rec,
    const struct config *cfg, enum transform t);
static int all_zero8(const unsigned char *p);
static void settle_keep(struct sampler *s, const struct record *rec);
static size_t next_survivor(const struct sampler *s, size_t i);
static int ranks_before(const struct ranked *a, const struct ranked *b);
static void select_best(struct ranked *a, size_t n, size_t m);
static size_t worst_ranked(const struct ranked *a, size_t n);
static void sort_ranked(struct ranked *a, size_t n);
static uint64_t rank_key(double score);
static int radix_sort_ranked(struct ranked *a, size_t n);
static int sort_packed(struct ranked *rank, const double *score, size_t n);
static uint64_t load_item(const unsigned char *items, size_t i);
static void store_item(unsigned char *items, size_t i, uint64_t item);
static void unpack_items(struct ranked *rank, const double *score,
    size_t n, int upper_half);
static void sort_prefix_runs(struct ranked *rank, size_t n);
static int nucleus_by_buckets(struct sampler *s, const struct record *rec,
    double top_p, double *threshold_out);
static void walk_top_p(struct sampler *s, double threshold);

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
	free(s->survivor);
	free(s->bucket);
	free(s->draw_index);
	free(s->draw_cum);
	free_chain(&s->chain);
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
	if ((p = realloc(s->survivor, n * sizeof(size_t))) == NULL)
		return -1;
	s->survivor = p;
	if ((p = realloc(s->bucket, n * sizeof(uint16_t))) == NULL)
		return -1;
	s->bucket = p;
	if ((p = realloc(s->draw_index, n * sizeof(size_t))) == NULL)
		return -1;
	s->draw_index = p;
	if ((p = realloc(s->draw_cum, n * sizeof(double))) == NULL)
		return -1;
	s->draw_cum = p;
	s->cap = n;
	return 0;
}

#if defined(__GNUC__)
/*
 * Return the larger of A and B in each lane, B where they are equal.
 * Neither is ever NaN.  SSE2's maxpd computes exactly this.
 */
static inline vec2_double
max_lanes(vec2_double a, vec2_double b)
{
#if defined(__SSE2__)
	return _mm_max_pd(a, b);
#else
	vec2_mask greater = a > b;

	return (vec2_double)((greater & (vec2_mask)a) |
	    (~greater & (vec2_mask)b));
#endif
}

/*
 * Return the largest of the N scores Z, -inf if N is 0.  Eight scores
 * are compared per step, with no branch per score.
 */
static double
scan_scores(const double *z, size_t n)
{
	const vec2_double minus_inf = { -INFINITY, -INFINITY };
	vec2_double max0 = minus_inf, max1 = minus_inf, v0, v1, v2, v3;
	double top;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&v0, z + i, sizeof(v0));
		memcpy(&v1, z + i + 2, sizeof(v1));
		memcpy(&v2, z + i + 4, sizeof(v2));
		memcpy(&v3, z + i + 6, sizeof(v3));
		max0 = max_lanes(max_lanes(v0, v1), max0);
		max1 = max_lanes(max_lanes(v2, v3), max1);
	}
	max0 = max_lanes(max0, max1);
	top = max0[0] > max0[1] ? max0[0] : max0[1];
	for (; i < n; i++)
		if (z[i] > top)
			top = z[i];
	return top;
}
#else
static double
scan_scores(const double *z, size_t n)
{
	double top = -INFINITY;
	size_t i;

	for (i = 0; i < n; i++)
		if (z[i] > top)
			top = z[i];
	return top;
}
#endif

/*
 * Compute the record's weights and survivors under CFG.  Fails with
 * SAMPLER_ALL_MASKED when no score is above -inf.
 */
enum sampler_status
build_distribution(struct sampler *s, const struct record *rec,
    const struct config *cfg)
{
	double max_finite = -INFINITY, best_score, temperature;
	size_t i, k;
	int has_posinf, truncated = 0;

	if (reserve_sampler(s, rec->n) != 0 ||
	    reserve_chain(&s->chain, rec->n) != 0)
		return SAMPLER_NO_MEMORY;
	s->n = rec->n;
	s->ranked = 0;
	s->best = SIZE_MAX;
	s->listed = 0;
	/*
	 * The best-ranked candidate is the first with the largest score.
	 * A score of -inf never becomes best, so s->best stays SIZE_MAX
	 * exactly when every score is -inf.  Scores are never NaN, so the
	 * largest is the same in any order of comparison, and the first
	 * candidate equal to it is the first one with the largest score.
	 */
	best_score = scan_scores(rec->score, rec->n);
	if (best_score == -INFINITY)
		return SAMPLER_ALL_MASKED;
	for (i = 0; rec->score[i] != best_score; i++)
		continue;
	s->best = i;
	best_score = rec->score[i];
	has_posinf = best_score == INFINITY;
	if (!has_posinf)
		max_finite = best_score;
	else
		for (i = 0; i < rec->n; i++)
			if (rec->score[i] != INFINITY &&
			    rec->score[i] > max_finite)
				max_finite = rec->score[i];
	s->max_finite = max_finite;
	s->has_posinf = has_posinf;

	if (cfg->temperature == 0) {
		/*
		 * Greedy: every transform keeps the best-ranked candidate.
		 * Weights are read only where keep is set, so only the best
		 * one gets a weight.
		 */
		memset(s->keep, 0, rec->n);
		s->keep_pending = 0;
		s->weight[s->best] = 1;
		s->keep[s->best] = 1;
		s->draw_index[0] = s->best;
		s->draw_cum[0] = 1;
		s->draw_n = 1;
		s->draw_all = 0;
		s->total = 1;
		return SAMPLER_OK;
	}

	/*
	 * Without PROB, and without --min-keep (which gives back dropped
	 * candidates), only survivors' weights are ever read, so weights
	 * wait until a transform needs them and are then computed for the
	 * survivors alone.
	 */
	s->lazy = !config_needs_prob(cfg) && cfg->min_keep <= 1 &&
	    !has_posinf;
	temperature = first_temperature(cfg);
	s->keep_pending = 1;
	if (s->lazy) {
		s->temperature = temperature;
		s->weights_pending = 1;
	} else {
		compute_weights(s, rec, temperature, max_finite, has_posinf);
		s->weights_pending = 0;
	}
	for (k = 0; k < cfg->order_n; k++) {
		enum transform t = cfg->order[k];

		if (!transform_enabled(cfg, t))
			continue;
		if (t == TRANSFORM_TEMPERATURE) {
			if (s->weights_pending) {
				s->temperature = cfg->temperature;
			} else if (temperature != cfg->temperature) {
				settle_keep(s, rec);
				set_weights(s, rec, cfg->temperature);
			}
			temperature = cfg->temperature;
			continue;
		}
		if (s->weights_pending && t == TRANSFORM_MIN_P) {
			weigh_min_p_survivors(s, rec, cfg->min_p);
			s->weights_pending = 0;
		} else if (s->weights_pending && needs_weights(t) &&
		    !(t == TRANSFORM_TOP_P && s->keep_pending)) {
			/* Top-p weighs pending survivors in its own pass. */
			weigh_pending(s, rec, truncated);
		}
		if (run_transform(s, rec, cfg, t) != 0)
			return SAMPLER_NO_MEMORY;
		truncated = 1;
	}
	if (s->keep_pending) {
		collect_unmasked(s, rec);
		settle_keep(s, rec);
		return SAMPLER_OK;
	}
	if (s->weights_pending)
		weigh_pending(s, rec, truncated);
	collect_survivors(s);
	return SAMPLER_OK;
}

/*
 * Return whether the output that CFG selects reads PROB, the probability
 * of every candidate before truncation, which needs every weight.
 */
int
config_needs_prob(const struct config *cfg)
{
	return cfg->dump || cfg->verbose || cfg->format == FORMAT_TABLE;
}

/* Return whether transform T reads weights; the others read scores. */
static int
needs_weights(enum transform t)
{
	return t != TRANSFORM_TOP_K && t != TRANSFORM_TOP_N_SIGMA;
}

/*
 * Return the temperature of the first weights: the sampling temperature
 * if no truncation transform runs before the temperature step, and 1
 * otherwise, so that those transforms see the temperature-1 weights.
 */
static double
first_temperature(const struct config *cfg)
{
	size_t k;

	for (k = 0; k < cfg->order_n; k++) {
		if (cfg->order[k] == TRANSFORM_TEMPERATURE)
			break;
		if (transform_enabled(cfg, cfg->order[k]))
			return 1;
	}
	return cfg->temperature;
}

/*
 * Run the truncation transform T.  All but top-k keep at least
 * --min-keep survivors.  Return 0, or -1 if memory runs out.
 */
static int
run_transform(struct sampler *s, const struct record *rec,
    const struct config *cfg, enum transform t)
{
	int status = 0;

	if (t == TRANSFORM_TOP_K)
		return apply_top_k(s, rec, cfg->top_k);
	/* Top-p reads pending survivors itself. */
	if (t != TRANSFORM_TOP_P || cfg->min_keep > 1)
		settle_keep(s, rec);
	if (cfg->min_keep > 1)
		save_survivors(s);
	/*
	 * The transforms of transforms.c change keep[] without updating
	 * the survivor list, so the list is dropped after them.
	 */
	switch (t) {
	case TRANSFORM_TOP_N_SIGMA:
		apply_top_n_sigma(s, rec, cfg->top_n_sigma);
		s->listed = 0;
		break;
	case TRANSFORM_TYPICAL_P:
		status = apply_typical_p(s, rec, cfg->typical_p);
		s->listed = 0;
		break;
	case TRANSFORM_TOP_P:
		status = apply_top_p(s, rec, cfg->top_p);
		break;
	case TRANSFORM_MIN_P:
		apply_min_p(s, cfg->min_p);
		break;
	default:
		break;
	}
	if (status == 0 && cfg->min_keep > 1) {
		status = keep_at_least(s, rec, cfg->min_keep);
		s->listed = 0;
	}
	return status;
}

static void
compute_weights(struct sampler *s, const struct record *rec,
    double temperature, double max_finite, int has_posinf)
{
	size_t i;

	s->temperature = temperature;
	for (i = 0; i < rec->n; i++)
		s->keep[i] = rec->score[i] != -INFINITY;
	s->keep_pending = 0;
	s->listed = 0;
	if (has_posinf) {
		for (i = 0; i < rec->n; i++)
			s->weight[i] = rec->score[i] == INFINITY ? 1 : 0;
		return;
	}
	/*
	 * A score of -inf gives det_exp(-inf) = 0, its weight.  The
	 * exponents are written first and replaced by their exponentials
	 * in place, so det_exp_batch can evaluate several side by side.
	 */
	for (i = 0; i < rec->n; i++)
		s->weight[i] = weight_exponent(rec->score[i], max_finite,
		    temperature);
	det_exp_batch(s->weight, s->weight, rec->n);
}

/*
 * Compute the pending weights of the survivors.  Before any transform has
 * dropped a candidate, every unmasked candidate survives, and the plain
 * loop over all of them is faster than walking the survivors.
 */
static void
weigh_pending(struct sampler *s, const struct record *rec, int truncated)
{
	if (truncated && !s->keep_pending)
		weigh_survivors(s, rec);
	else
		compute_weights(s, rec, s->temperature, s->max_finite, 0);
	s->weights_pending = 0;
}

/*
 * Store in weight[] the exponents of candidates START to END - 1, which
 * det_exp turns into their weights, as compute_weights() does for a
 * record without +inf scores.
 */
static void
exponents_of_range(struct sampler *s, const struct record *rec,
    size_t start, size_t end)
{
	size_t i;

	/*
	 * Dividing by 1 is exact, so at temperature 1 the exponent is the
	 * difference itself, also where that is -inf.
	 */
	if (s->temperature == 1)
		for (i = start; i < end; i++)
			s->weight[i] = rec->score[i] - s->max_finite;
	else
		for (i = start; i < end; i++)
			s->weight[i] = weight_exponent(rec->score[i],
			    s->max_finite, s->temperature);
}

/*
 * Candidates per step of the passes that weigh every candidate and then
 * read the weights: 2 KiB of weights, which are still in the L1 cache
 * when they are read back.
 */
#define WEIGH_CHUNK 256

/*
 * Build the draw's running weights, as collect_survivors() does, while
 * the survivors are pending, that is, every candidate whose score is
 * not -inf.  The running weights cover every candidate in input
 * order, and those of weight 0 or with a -inf score add nothing.  Such
 * a candidate is never the first whose running weight exceeds a target,
 * since the one before it has the same running weight, so draw_token()
 * chooses as from the list of the others.  Pending weights are computed
 * in the same pass, a chunk at a time.  The weight computed for a -inf
 * score is 0, or NaN when the best score is near -1e308 and the
 * temperature tiny, and is never read.
 */
static void
collect_unmasked(struct sampler *s, const struct record *rec)
{
	double running = 0;
	size_t start, end, i, last, skipped = 0;

	for (start = 0; start < s->n; start = end) {
		end = s->n - start > WEIGH_CHUNK ? start + WEIGH_CHUNK : s->n;
		if (s->weights_pending) {
			exponents_of_range(s, rec, start, end);
			det_exp_batch(s->weight + start, s->weight + start,
			    end - start);
		}
		for (i = start; i < end; i++) {
			if (rec->score[i] != -INFINITY)
				running += s->weight[i];
			s->draw_cum[i] = running;
		}
		for (i = start; i < end; i++)
			if (s->weight[i] == 0 || rec->score[i] == -INFINITY)
				skipped++;
	}
	s->weights_pending = 0;
	s->draw_all = 1;
	s->draw_n = s->n - skipped;
	/* The best candidate has weight 1, so the walk stops there. */
	last = s->n - 1;
	while (s->weight[last] == 0 || rec->score[last] == -INFINITY)
		last--;
	s->draw_last = last;
	s->total = running;
}

/*
 * Compute the weights of the survivors alone, at s->temperature, with
 * the same exponent and det_exp bits as compute_weights().  No score is
 * +inf here, because lazy weights are not used then.  Survivors are
 * gathered SURVIVOR_BATCH at a time for det_exp_batch.
 */
#define SURVIVOR_BATCH 64

static void
weigh_survivors(struct sampler *s, const struct record *rec)
{
	size_t i, j, cursor, pending = 0, index[SURVIVOR_BATCH];
	double x[SURVIVOR_BATCH];

	for (cursor = 0, i = step_survivor(s, &cursor, 0); i < s->n;
	    i = step_survivor(s, &cursor, i + 1)) {
		index[pending] = i;
		x[pending] = weight_exponent(rec->score[i], s->max_finite,
		    s->temperature);
		if (++pending == SURVIVOR_BATCH) {
			det_exp_batch(x, x, pending);
			for (j = 0; j < pending; j++)
				s->weight[index[j]] = x[j];
			pending = 0;
		}
	}
	if (pending > 0) {
		det_exp_batch(x, x, pending);
		for (j = 0; j < pending; j++)
			s->weight[index[j]] = x[j];
	}
}

/*
 * Compute the survivors' weights for a min-p step that comes before any
 * other weight is needed, skipping the candidates that min-p must drop.
 * With x the exponent of a weight and x_top the largest survivor's,
 * min-p keeps w >= MIN_P (1 - 1e-12) w_max, and w_max >= det_exp(x_top).
 * det_exp is within 2 ulps of e^x while its result is a normal double
 * (`make check-dmath` measures this), far less than the margin of 1e-6
 * in the exponent.  So every survivor with x below
 * x_top + ln MIN_P - SKIP_MARGIN has a weight below the threshold and is
 * dropped here without det_exp.  Once
 * x_top + ln MIN_P is below SUBNORMAL_EXPONENT, weights near the
 * threshold may be subnormal and lose that accuracy, so every survivor
 * is weighed.  The caller then runs apply_min_p() on the rest, whose
 * largest weight is still w_max.
 */
#define SKIP_MARGIN 1e-6
#define SUBNORMAL_EXPONENT -700.0

static void
weigh_min_p_survivors(struct sampler *s, const struct record *rec,
    double min_p)
{
	double max_kept = -INFINITY, bound, score_bound;
	size_t i, cursor;

	/*
	 * Pending survivors are every candidate but the -inf ones, and no
	 * score is +inf with lazy weights, so the largest is max_finite.
	 */
	if (s->keep_pending)
		max_kept = s->max_finite;
	else
		for (cursor = 0, i = step_survivor(s, &cursor, 0); i < s->n;
		    i = step_survivor(s, &cursor, i + 1))
			if (rec->score[i] > max_kept)
				max_kept = rec->score[i];
	bound = weight_exponent(max_kept, s->max_finite, s->temperature) +
	    det_log(min_p);
	if (!(bound > SUBNORMAL_EXPONENT)) {
		settle_keep(s, rec);
		weigh_survivors(s, rec);
		return;
	}
	bound -= SKIP_MARGIN;
	/*
	 * The exponent does not decrease as the score grows (a rounded
	 * subtraction and a rounded division by T > 0 are monotonic), so a
	 * score below SCORE_BOUND has an exponent at most that of
	 * SCORE_BOUND.  When that is below BOUND, comparing scores is
	 * enough; otherwise, with extreme scores or temperatures, each
	 * exponent is compared.
	 */
	score_bound = s->max_finite + (bound - SKIP_MARGIN) * s->temperature;
	if (weight_exponent(score_bound, s->max_finite, s->temperature) <
	    bound) {
		drop_scores_below(s, rec, score_bound);
	} else {
		settle_keep(s, rec);
		for (i = 0; i < s->n; i++)
			if (weight_exponent(rec->score[i], s->max_finite,
			    s->temperature) < bound)
				s->keep[i] = 0;
		s->listed = 0;
	}
	weigh_survivors(s, rec);
}

/*
 * Drop the survivors whose score is below BOUND and list the rest.
 * When every candidate but the -inf ones survives, the scores are
 * compared four at a time, and most blocks are skipped after one test.
 */
static void
drop_scores_below(struct sampler *s, const struct record *rec, double bound)
{
	const double *z = rec->score;
	size_t i = 0, k, count = 0;

	if (!s->keep_pending) {
		settle_keep(s, rec);
		if (!s->listed)
			list_survivors(s);
		for (k = 0; k < s->survivor_n; k++) {
			i = s->survivor[k];
			if (z[i] < bound)
				s->keep[i] = 0;
			else
				s->survivor[count++] = i;
		}
		s->survivor_n = count;
		return;
	}
#if defined(__GNUC__)
	for (; i + 4 <= s->n; i += 4) {
		const vec2_double limit = { bound, bound };
		vec2_double v0, v1;
		vec2_mask below;

		memcpy(&v0, z + i, sizeof(v0));
		memcpy(&v1, z + i + 2, sizeof(v1));
		below = (v0 < limit) & (v1 < limit);
		if (below[0] & below[1])
			continue;
		for (k = i; k < i + 4; k++)
			if (!(z[k] < bound) && z[k] != -INFINITY)
				s->survivor[count++] = k;
	}
#endif
	for (; i < s->n; i++)
		if (!(z[i] < bound) && z[i] != -INFINITY)
			s->survivor[count++] = i;
	s->survivor_n = count;
	memset(s->keep, 0, s->n);
	for (k = 0; k < count; k++)
		s->keep[s->survivor[k]] = 1;
	s->keep_pending = 0;
	s->listed = 1;
}

/*
 * Keep the TOP_K best-ranked of the candidates still kept.
 * Only the set is needed, not its order, so the best are selected in
 * linear time: kept candidates go into a buffer, and whenever the buffer
 * fills it is cut down to the TOP_K best.  The worst of those is then a
 * bar that most later candidates fail with one comparison.  A later
 * candidate with a score equal to the bar comes from a later line, so it
 * ranks below the bar and is rejected too.
 */
static int
apply_top_k(struct sampler *s, const struct record *rec, size_t top_k)
{
	struct ranked *buf = s->rank;
	const double *z = rec->score;
	size_t i = 0, k, r, count = 0, limit;
	double bar = -INFINITY;

	/*
	 * With fewer survivors than TOP_K, all of them stay, which the
	 * selection below finds too.  With fewer candidates, nothing is
	 * left to do, and the buffer below would never fill.
	 */
	if (top_k >= s->n)
		return 0;
	if (s->ranked) {
		/* The full order exists already; walking it is cheapest. */
		size_t kept = 0;

		settle_keep(s, rec);
		for (r = 0; r < s->n; r++) {
			i = s->rank[r].index;
			if (s->keep[i] && kept++ >= top_k)
				s->keep[i] = 0;
		}
		s->listed = 0;
		return 0;
	}
	limit = top_k < 32 ? 128 : top_k * 4;
	if (limit > s->n)
		limit = s->n;
	/*
	 * A score of -inf is never kept, so the first bar is -inf.  While
	 * keep is pending, the survivors are exactly the scores above -inf,
	 * so the bar alone decides, and eight scores are tested at once.
	 */
	if (s->keep_pending) {
#if defined(__GNUC__)
		for (; i + 8 <= s->n; i += 8)
			if (any_above(z + i, bar))
				for (k = i; k < i + 8; k++)
					if (z[k] > bar)
						offer_ranked(buf, &count,
						    limit, top_k, &bar, z[k],
						    k);
#endif
		for (; i < s->n; i++)
			if (z[i] > bar)
				offer_ranked(buf, &count, limit, top_k, &bar,
				    z[i], i);
	} else {
		for (; i < s->n; i++)
			if (z[i] > bar && s->keep[i])
				offer_ranked(buf, &count, limit, top_k, &bar,
				    z[i], i);
	}
	/*
	 * An earlier transform may have left fewer than TOP_K survivors,
	 * and then all of them stay.
	 */
	if (count > top_k) {
		select_best(buf, count, top_k);
		count = top_k;
	}
	memset(s->keep, 0, s->n);
	s->keep_pending = 0;
	for (r = 0; r < count; r++)
		s->keep[buf[r].index] = 1;
	list_kept_ranked(s, buf, count);
	return 0;
}

#if defined(__GNUC__)
/* Return whether any of the 8 scores at Z is above BAR. */
static inline int
any_above(const double *z, double bar)
{
	const vec2_double limit = { bar, bar };
	vec2_double v0, v1, v2, v3;
	vec2_mask above;

	memcpy(&v0, z, sizeof(v0));
	memcpy(&v1, z + 2, sizeof(v1));
	memcpy(&v2, z + 4, sizeof(v2));
	memcpy(&v3, z + 6, sizeof(v3));
	above = (v0 > limit) | (v1 > limit) | (v2 > limit) | (v3 > limit);
#if defined(__SSE2__)
	return _mm_movemask_pd((vec2_double)above) != 0;
#else
	return (above[0] | above[1]) != 0;
#endif
}
#endif

/*
 * Add the candidate I with score Z to the COUNT entries of BUF.  When
 * BUF reaches LIMIT entries, cut it down to the TOP_K best-ranked and
 * raise *BAR to the score of the worst of those.
 */
static inline void
offer_ranked(struct ranked *buf, size_t *count, size_t limit, size_t top_k,
    double *bar, double z, size_t i)
{
	buf[*count].score = z;
	buf[*count].index = i;
	if (++*count == limit) {
		select_best(buf, *count, top_k);
		*count = top_k;
		*bar = buf[worst_ranked(buf, top_k)].score;
	}
}

/*
 * List the survivors after top-k kept the N candidates of BUF.  A few
 * indices are sorted in place.  For many, scanning keep is cheaper.
 */
#define SORT_LIST_MAX 64

static void
list_kept_ranked(struct sampler *s, const struct ranked *buf, size_t n)
{
	size_t r, k;

	if (n > SORT_LIST_MAX) {
		list_survivors(s);
		return;
	}
	for (r = 0; r < n; r++) {
		size_t i = buf[r].index;

		for (k = r; k > 0 && s->survivor[k - 1] > i; k--)
			s->survivor[k] = s->survivor[k - 1];
		s->survivor[k] = i;
	}
	s->survivor_n = n;
	s->listed = 1;
}

/* List the survivors that keep marks, in input order. */
static void
list_survivors(struct sampler *s)
{
	size_t i, count = 0;

	for (i = next_survivor(s, 0); i < s->n; i = next_survivor(s, i + 1))
		s->survivor[count++] = i;
	s->survivor_n = count;
	s->listed = 1;
}

/*
 * Keep in the survivor list only the candidates that keep still marks,
 * after a transform has dropped some.
 */
static void
filter_survivors(struct sampler *s)
{
	size_t k, count = 0;

	if (!s->listed)
		return;
	for (k = 0; k < s->survivor_n; k++)
		if (s->keep[s->survivor[k]])
			s->survivor[count++] = s->survivor[k];
	s->survivor_n = count;
}

/*
 * Return the next survivor at or after I, from the survivor list when
 * there is one, in which case *CURSOR is the list position.  Return s->n
 * when there is none.  keep[] must not be pending.
 */
static inline size_t
step_survivor(const struct sampler *s, size_t *cursor, size_t i)
{
	if (s->listed)
		return *cursor < s->survivor_n ? s->survivor[(*cursor)++] :
		    s->n;
	return next_survivor(s, i);
}

/*
 * Walk the survivors in rank order, summing weights, and drop every
 * candidate from the first one whose preceding weight already reaches
 * TOP_P of the total.  The first survivor is always kept, so top-p 0
 * keeps one candidate and the candidate that crosses the threshold stays.
 * Usually only the best-ranked few need ordering, which
 * nucleus_by_buckets() does; when it cannot decide, the whole
 * vocabulary is ranked.
 */
static int
apply_top_p(struct sampler *s, const struct record *rec, double top_p)
{
	double total = 0, threshold;
	size_t i, cursor;

	if (!s->ranked && nucleus_by_buckets(s, rec, top_p, &threshold))
		return 0;
	if (s->weights_pending)
		weigh_pending(s, rec, 0);
	settle_keep(s, rec);
	if (s->ranked || s->has_posinf || s->temperature <= 0) {
		for (cursor = 0, i = step_survivor(s, &cursor, 0); i < s->n;
		    i = step_survivor(s, &cursor, i + 1))
			total += s->weight[i];
		threshold = top_p * THRESHOLD_SLACK * total;
	}
	if (sort_ranks(s, rec) != 0)
		return -1;
	walk_top_p(s, threshold);
	filter_survivors(s);
	return 0;
}

/* The top-p walk over the full rank order in s->rank. */
static void
walk_top_p(struct sampler *s, double threshold)
{
	double before = 0;
	size_t i, r;
	int seen_first = 0, dropping = 0;

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
}

/*
 * Buckets of the distance below the best kept score, in units of
 * temperature: a bucket spans a weight ratio of e^(1/64), and distances
 * beyond 40 (weights below e^-40 of the best) share the last bucket.
 * Buckets this narrow contain few enough candidates that most are sorted
 * by insertion.  With 16 per unit, qsort sorted the longer runs, and
 * top-p took about 15 microseconds more per 32,000-candidate record of
 * `make bench` (one x86-64 machine).
 */
#define BUCKETS_PER_UNIT 64
#define BUCKET_COUNT (40 * BUCKETS_PER_UNIT + 1)
/*
 * Buckets per unit, and their count, for survivors that an earlier
 * transform left.  They are usually few, and clearing the arrays of the
 * narrow buckets cost more than sorting them in wide ones: about 3
 * microseconds per record of the t0.7+k40+p0.95 chain of `make bench`.
 */
#define LISTED_BUCKETS_PER_UNIT 16
#define LISTED_BUCKET_COUNT (40 * LISTED_BUCKETS_PER_UNIT + 1)
/* Relative margin that covers the rounding of sums in another order. */
#define BUCKET_MARGIN (1 + 1e-6)
/* The bucket stored for a -inf score, above every real bucket. */
#define NO_BUCKET UINT16_MAX

/*
 * Return the bucket of score Z, at (TOP - Z) SCALE units below the
 * largest finite score TOP, at most LAST.
 */
static inline int
bucket_of(double top, double z, double scale, int last)
{
	double d = (top - z) * scale;

	return d < last ? (int)d : last;
}

/*
 * Store the buckets of scores START to END - 1 of Z, as bucket_of() gives
 * them, and return whether any of those scores is -inf.  Unless EXPONENT
 * is NULL, also store there the weight exponents at temperature 1,
 * Z - TOP, the values exponents_of_range() stores, from the same loads.
 * With SSE2, four scores are handled per step.
 */
static int
store_buckets(uint16_t *bucket, const double *z, size_t start, size_t end,
    double top, double scale, double *exponent)
{
	size_t i = start;
	int masked = 0;

#if defined(__GNUC__) && defined(__SSE2__)
	const __m128d top2 = _mm_set1_pd(top), scale2 = _mm_set1_pd(scale);
	const __m128d last2 = _mm_set1_pd(BUCKET_COUNT - 1);
	const __m128d minus_inf = _mm_set1_pd(-INFINITY);
	__m128d any = _mm_setzero_pd();

	for (; i + 4 <= end; i += 4) {
		__m128d z0 = _mm_loadu_pd(z + i), z1 = _mm_loadu_pd(z + i + 2);
		__m128d d0 = _mm_mul_pd(_mm_sub_pd(top2, z0), scale2);
		__m128d d1 = _mm_mul_pd(_mm_sub_pd(top2, z1), scale2);
		__m128i b0, b1;

		if (exponent != NULL) {
			_mm_storeu_pd(exponent + i, _mm_sub_pd(z0, top2));
			_mm_storeu_pd(exponent + i + 2, _mm_sub_pd(z1, top2));
		}
		any = _mm_or_pd(any, _mm_cmpeq_pd(z0, minus_inf));
		any = _mm_or_pd(any, _mm_cmpeq_pd(z1, minus_inf));
		/* The minimum is LAST2 where D is NaN, as in bucket_of(). */
		b0 = _mm_cvttpd_epi32(_mm_min_pd(d0, last2));
		b1 = _mm_cvttpd_epi32(_mm_min_pd(d1, last2));
		b0 = _mm_unpacklo_epi64(b0, b1);
		_mm_storel_epi64((__m128i *)(void *)(bucket + i),
		    _mm_packs_epi32(b0, b0));
	}
	masked = _mm_movemask_pd(any) != 0;
#endif
	for (; i < end; i++) {
		if (exponent != NULL)
			exponent[i] = z[i] - top;
		bucket[i] = (uint16_t)bucket_of(top, z[i], scale,
		    BUCKET_COUNT - 1);
		masked |= z[i] == -INFINITY;
	}
	return masked;
}

/*
 * Fill the buckets with the pending survivors, every candidate whose
 * score is not -inf, and return their total weight, summed in input
 * order.  Pending weights are computed in the same pass, a chunk at a
 * time, and read back while they are in the L1 cache.  A chunk without
 * -inf scores, the usual case, is summed without testing each score.
 */
static double
fill_unmasked_buckets(struct sampler *s, const struct record *rec,
    double scale, double *bucket_weight, size_t *bucket_count)
{
	const double *z = rec->score;
	const double top = s->max_finite;
	double total = 0;
	size_t start, end, i;
	int b, masked;

	for (start = 0; start < s->n; start = end) {
		end = s->n - start > WEIGH_CHUNK ? start + WEIGH_CHUNK : s->n;
		if (s->weights_pending && s->temperature == 1) {
			masked = store_buckets(s->bucket, z, start, end, top,
			    scale, s->weight);
			det_exp_batch(s->weight + start, s->weight + start,
			    end - start);
		} else {
			if (s->weights_pending) {
				exponents_of_range(s, rec, start, end);
				det_exp_batch(s->weight + start,
				    s->weight + start, end - start);
			}
			masked = store_buckets(s->bucket, z, start, end, top,
			    scale, NULL);
		}
		if (!masked) {
			for (i = start; i < end; i++) {
				total += s->weight[i];
				bucket_weight[s->bucket[i]] += s->weight[i];
				bucket_count[s->bucket[i]]++;
			}
			continue;
		}
		for (i = start; i < end; i++) {
			if (z[i] == -INFINITY) {
				s->bucket[i] = NO_BUCKET;
				continue;
			}
			total += s->weight[i];
			b = s->bucket[i];
			bucket_weight[b] += s->weight[i];
			bucket_count[b]++;
		}
	}
	s->weights_pending = 0;
	return total;
}

/*
 * Place the M pending survivors of the buckets up to LAST in s->rank,
 * each at the next free position of its bucket, from BUCKET_START, by
 * the buckets that fill_unmasked_buckets() stored, and list their
 * indices in input order in s->survivor.  Eight stored buckets are
 * tested at once, and most blocks have none up to LAST.
 */
static void
place_bucketed(struct sampler *s, const struct record *rec, int last,
    size_t m, size_t *bucket_start)
{
	const uint16_t *bucket = s->bucket;
	size_t i = 0, k, placed = 0;

#if defined(__GNUC__)
	typedef uint16_t vec8_bucket __attribute__((vector_size(16)));
	const uint16_t bound = (uint16_t)last;
	const vec8_bucket limit = { bound, bound, bound, bound, bound, bound,
	    bound, bound };

	for (; i + 8 <= s->n && placed < m; i += 8) {
		vec8_bucket v;
		uint64_t halves[2];

		memcpy(&v, bucket + i, sizeof(v));
		v = v <= limit;
		memcpy(halves, &v, sizeof(halves));
		if ((halves[0] | halves[1]) == 0)
			continue;
		for (k = i; k < i + 8; k++) {
			if (bucket[k] > bound)
				continue;
			s->rank[bucket_start[bucket[k]]].score = rec->score[k];
			s->rank[bucket_start[bucket[k]]].index = k;
			bucket_start[bucket[k]]++;
			s->survivor[placed++] = k;
		}
	}
#endif
	for (; i < s->n && placed < m; i++) {
		if (bucket[i] > last)
			continue;
		s->rank[bucket_start[bucket[i]]].score = rec->score[i];
		s->rank[bucket_start[bucket[i]]].index = i;
		bucket_start[bucket[i]]++;
		s->survivor[placed++] = i;
	}
}

/*
 * Apply top-p by ordering only the nucleus.  The bucket of a score is a
 * non-increasing function of the score, so the kept candidates in the
 * buckets up to some b form a prefix of the rank order.  Distances are
 * measured from the largest finite score, which no survivor exceeds, so
 * one pass over the survivors sums the total weight in input order and
 * fills the buckets.  Bucket weight sums find the first b whose prefix
 * contains at least the threshold, with a margin, and that prefix alone
 * is sorted and walked, summing in rank order exactly as the full walk
 * does.  Return 1 when done.  Return 0 when the walk did not reach the
 * threshold inside the prefix, or when +inf scores make distances
 * meaningless, so the caller must rank everything.  The threshold is
 * then in *THRESHOLD_OUT, unless +inf scores or a temperature of 0 left
 * it unset.
 */
static int
nucleus_by_buckets(struct sampler *s, const struct record *rec,
    double top_p, double *threshold_out)
{
	double bucket_weight[BUCKET_COUNT], total = 0, sum = 0, scale;
	double before = 0, threshold, top = s->max_finite;
	size_t bucket_count[BUCKET_COUNT], i, cursor, m = 0, r, cut;
	int last = -1, b, bucket_n;

	if (s->has_posinf || s->temperature <= 0)
		return 0;
	if (s->keep_pending) {
		scale = BUCKETS_PER_UNIT / s->temperature;
		bucket_n = BUCKET_COUNT;
	} else {
		scale = LISTED_BUCKETS_PER_UNIT / s->temperature;
		bucket_n = LISTED_BUCKET_COUNT;
	}
	memset(bucket_weight, 0, (size_t)bucket_n * sizeof(bucket_weight[0]));
	memset(bucket_count, 0, (size_t)bucket_n * sizeof(bucket_count[0]));
	if (s->keep_pending) {
		total = fill_unmasked_buckets(s, rec, scale, bucket_weight,
		    bucket_count);
	} else {
		for (cursor = 0, i = step_survivor(s, &cursor, 0); i < s->n;
		    i = step_survivor(s, &cursor, i + 1)) {
			total += s->weight[i];
			b = bucket_of(top, rec->score[i], scale,
			    bucket_n - 1);
			bucket_weight[b] += s->weight[i];
			bucket_count[b]++;
		}
	}
	threshold = top_p * THRESHOLD_SLACK * total;
	*threshold_out = threshold;
	if (!(top > -INFINITY) || !(threshold * BUCKET_MARGIN < total))
		return 0;
	for (b = 0; b < bucket_n; b++) {
		sum += bucket_weight[b];
		m += bucket_count[b];
		if (m > 0 && sum >= threshold * BUCKET_MARGIN) {
			last = b;
			break;
		}
	}
	if (last < 0)
		return 0;

	/*
	 * Buckets follow rank order, so placing each candidate at its
	 * bucket's offset leaves only each bucket to sort, and most contain a
	 * handful of candidates.
	 */
	for (b = 0, r = 0; b <= last; b++) {
		size_t count = bucket_count[b];

		bucket_count[b] = r;
		r += count;
	}
	if (s->keep_pending) {
		place_bucketed(s, rec, last, m, bucket_count);
	} else {
		for (cursor = 0, i = step_survivor(s, &cursor, 0), r = 0;
		    i < s->n && r < m; i = step_survivor(s, &cursor, i + 1)) {
			b = bucket_of(top, rec->score[i], scale,
			    bucket_n - 1);
			if (b > last)
				continue;
			s->rank[bucket_count[b]].score = rec->score[i];
			s->rank[bucket_count[b]].index = i;
			bucket_count[b]++;
			if (!s->listed)
				s->survivor[r] = i;
			r++;
		}
	}
	for (b = 0, r = 0; b <= last; b++) {
		sort_ranked(s->rank + r, bucket_count[b] - r);
		r = bucket_count[b];
	}

	for (cut = 0; cut < m; cut++) {
		if (cut > 0 && before >= threshold)
			break;
		before += s->weight[s->rank[cut].index];
	}
	if (cut == m && before < threshold)
		return 0;
	if (s->listed)
		for (r = 0; r < s->survivor_n; r++)
			s->keep[s->survivor[r]] = 0;
	else
		memset(s->keep, 0, s->n);
	s->keep_pending = 0;
	for (r = 0; r < cut; r++)
		s->keep[s->rank[r].index] = 1;
	/*
	 * Without a survivor list, placing stored the M candidates of the
	 * prefix in input order in s->survivor, and the kept ones become
	 * the list.
	 */
	if (!s->listed) {
		s->survivor_n = m;
		s->listed = 1;
	}
	filter_survivors(s);
	return 1;
}

/* Keep the survivors whose weight is at least MIN_P of the largest. */
static void
apply_min_p(struct sampler *s, double min_p)
{
	double max_weight = 0, threshold;
	size_t i, cursor;

	for (cursor = 0, i = step_survivor(s, &cursor, 0); i < s->n;
	    i = step_survivor(s, &cursor, i + 1))
		if (s->weight[i] > max_weight)
			max_weight = s->weight[i];
	threshold = min_p * THRESHOLD_SLACK * max_weight;
	for (cursor = 0, i = step_survivor(s, &cursor, 0); i < s->n;
	    i = step_survivor(s, &cursor, i + 1))
		if (s->weight[i] < threshold)
			s->keep[i] = 0;
	filter_survivors(s);
}

/*
 * List the survivors with non-zero weight in input order, each with the
 * running weight that a draw walks.  The last running weight is the
 * total W.  Zero weights add nothing to the running weight, so leaving
 * them out changes no draw.
 */
static void
collect_survivors(struct sampler *s)
{
	double running = 0;
	size_t i, cursor, k = 0;

	for (cursor = 0, i = step_survivor(s, &cursor, 0); i < s->n;
	    i = step_survivor(s, &cursor, i + 1)) {
		if (s->weight[i] == 0)
			continue;
		running += s->weight[i];
		s->draw_index[k] = i;
		s->draw_cum[k] = running;
		k++;
	}
	s->draw_n = k;
	s->draw_all = 0;
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
	size_t low = 0, high = s->draw_all ? s->n : s->draw_n;
	size_t end = high;

	while (low < high) {
		size_t mid = low + (high - low) / 2;

		if (s->draw_cum[mid] > target)
			high = mid;
		else
			low = mid + 1;
	}
	if (s->draw_all)
		return low == end ? s->draw_last : low;
	if (low == end)
		low = end - 1;
	return s->draw_index[low];
}

/*
 * Write keep[] if it is still pending: every candidate whose score is
 * not -inf survives.
 */
static void
settle_keep(struct sampler *s, const struct record *rec)
{
	size_t i;

	if (!s->keep_pending)
		return;
	for (i = 0; i < rec->n; i++)
		s->keep[i] = rec->score[i] != -INFINITY;
	s->keep_pending = 0;
}

/* Return whether the 8 bytes at P are all zero. */
static int
all_zero8(const unsigned char *p)
{
	uint64_t word;

	memcpy(&word, p, sizeof(word));
	return word == 0;
}

/*
 * Return the index of the first survivor at or after I, or s->n if
 * there is none.  Dropped candidates are skipped eight at a time, so
 * walking a few survivors among many candidates stays cheap.
 */
static size_t
next_survivor(const struct sampler *s, size_t i)
{
	while (i + 8 <= s->n && all_zero8(s->keep + i))
		i += 8;
	while (i < s->n && !s->keep[i])
		i++;
	return i;
}

/* Return whether A comes before B in rank order. */
static int
ranks_before(const struct ranked *a, const struct ranked *b)
{
	if (a->score != b->score)
		return a->score > b->score;
	return a->index < b->index;
}

/*
 * Reorder the N entries of A so that the M best-ranked come first, in no
 * particular order (quickselect, linear time on average).  The rank order
 * is total, so the set of the M best is unique.
 */
static void
select_best(struct ranked *a, size_t n, size_t m)
{
	size_t low = 0, high = n;

	while (high - low > 1 && m > low && m < high) {
		size_t mid = low + (high - low) / 2, i, store;
		struct ranked pivot, t;

		/* Median of three as pivot, moved to the end. */
		if (ranks_before(&a[mid], &a[low])) {
			t = a[mid]; a[mid] = a[low]; a[low] = t;
		}
		if (ranks_before(&a[high - 1], &a[low])) {
			t = a[high - 1]; a[high - 1] = a[low]; a[low] = t;
		}
		if (ranks_before(&a[mid], &a[high - 1])) {
			t = a[mid]; a[mid] = a[high - 1]; a[high - 1] = t;
		}
		pivot = a[high - 1];
		store = low;
		for (i = low; i < high - 1; i++)
			if (ranks_before(&a[i], &pivot)) {
				t = a[i]; a[i] = a[store]; a[store] = t;
				store++;
			}
		a[high - 1] = a[store];
		a[store] = pivot;
		/* Now a[low..store) rank before the pivot at a[store]. */
		if (store == m || store + 1 == m)
			return;
		if (store > m)
			high = store;
		else
			low = store + 1;
	}
}

/*
 * Sort the N entries of A into rank order: insertion sort for the short
 * runs that buckets usually hold, a radix sort for long arrays, and
 * qsort in between or when the radix sort cannot allocate its scratch
 * array.  The radix sort's fixed cost matches qsort's at about 512
 * entries (an estimate from one x86-64 machine and glibc's qsort).
 */
#define INSERTION_MAX 24
#define RADIX_MIN 512

static void
sort_ranked(struct ranked *a, size_t n)
{
	size_t i, j;

	if (n >= RADIX_MIN && radix_sort_ranked(a, n) == 0)
		return;
	if (n > INSERTION_MAX) {
		qsort(a, n, sizeof(*a), compare_ranked);
		return;
	}
	for (i = 1; i < n; i++) {
		struct ranked t = a[i];

		for (j = i; j > 0 && ranks_before(&t, &a[j - 1]); j--)
			a[j] = a[j - 1];
		a[j] = t;
	}
}

/*
 * Return a key that decreases as the score increases, compared as
 * unsigned integers.  Read as an unsigned integer, a positive double's
 * bits grow with its value, a negative double's bits grow with its
 * magnitude, and every negative double's bits exceed every positive
 * one's.  So a negative score keeps its bits, and a positive score has
 * every bit but the sign flipped.  -0 becomes +0 first, because the two
 * compare equal and must tie.  The infinities fit the same rule.  No
 * score is NaN, because the reader rejects it and the penalties report
 * it as an error.
 */
static uint64_t
rank_key(double score)
{
	uint64_t bits, flip;

	if (score == 0)
		score = 0;
	memcpy(&bits, &score, sizeof(bits));
	flip = ((bits >> 63) - 1) >> 1;
	return bits ^ flip;
}

/*
 * Sort the N entries of A into rank order with a least-significant-digit
 * radix sort on rank_key(), RADIX_BITS bits per pass.  Each pass is
 * stable, so entries with equal keys keep their relative order.  The
 * callers pass entries in index order within equal scores (sort_ranks()
 * and sort_prefix_runs() pass index order, and top-p buckets are filled
 * in input order), so ties come out by index as the rank order requires.
 * Passes in which every key has the same digit move nothing and are
 * skipped.  Return 0, or -1 if the scratch array cannot be allocated.
 */
#define RADIX_BITS 11
#define RADIX_SIZE (1 << RADIX_BITS)
#define RADIX_PASSES ((64 + RADIX_BITS - 1) / RADIX_BITS)

static int
radix_sort_ranked(struct ranked *a, size_t n)
{
	size_t (*count)[RADIX_SIZE];
	struct ranked *scratch, *from = a, *to;
	size_t i;
	int pass;

	if (n > SIZE_MAX / sizeof(*a))
		return -1;
	count = calloc(RADIX_PASSES, sizeof(*count));
	scratch = malloc(n * sizeof(*a));
	if (count == NULL || scratch == NULL) {
		free(count);
		free(scratch);
		return -1;
	}
	for (i = 0; i < n; i++) {
		uint64_t key = rank_key(a[i].score);

		for (pass = 0; pass < RADIX_PASSES; pass++)
			count[pass][(key >> (pass * RADIX_BITS)) &
			    (RADIX_SIZE - 1)]++;
	}
	to = scratch;
	for (pass = 0; pass < RADIX_PASSES; pass++) {
		unsigned shift = (unsigned)pass * RADIX_BITS;
		size_t *offset = count[pass], start = 0, digit;
		struct ranked *t;

		if (offset[(rank_key(a[0].score) >> shift) &
		    (RADIX_SIZE - 1)] == n)
			continue;
		for (digit = 0; digit < RADIX_SIZE; digit++) {
			size_t c = offset[digit];

			offset[digit] = start;
			start += c;
		}
		for (i = 0; i < n; i++) {
			size_t digit_i = (rank_key(from[i].score) >> shift) &
			    (RADIX_SIZE - 1);

			to[offset[digit_i]++] = from[i];
		}
		t = from;
		from = to;
		to = t;
	}
	if (from != a)
		memcpy(a, from, n * sizeof(*a));
	free(count);
	free(scratch);
	return 0;
}

/* Return the position of the worst-ranked of the N entries of A. */
static size_t
worst_ranked(const struct ranked *a, size_t n)
{
	size_t i, worst = 0;

	for (i = 1; i < n; i++)
		if (ranks_before(&a[worst], &a[i]))
			worst = i;
	return worst;
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
 * Sort the N candidates with scores SCORE into RANK, on a key that packs
 * the high PACKED_KEY_BITS bits of rank_key() above the candidate's
 * index.  Items of 8 bytes move half the memory of struct ranked, and
 * the passes cover only the key bits.  The items start in index order
 * and every pass is stable, so equal prefixes stay in index order.
 * Candidates whose keys share the prefix but differ below it are then
 * put in order by sort_prefix_runs().  The two arrays of items that the
 * passes alternate between are stored in RANK's own memory, because
 * fresh scratch memory costs a page fault per 4 KiB on first use.  For
 * 2 MiB that measured 1.6 ms on an x86-64 Linux machine, more than the
 * sort of 128k candidates.  Return 0, or -1 if N needs
 * more than PACKED_INDEX_BITS bits, if an entry is not the size of two
 * items (as where size_t has 32 bits), or if the digit counts cannot be
 * allocated.
 */
#define PACKED_INDEX_BITS 24
#define PACKED_KEY_BITS (64 - PACKED_INDEX_BITS)
#define PACKED_DIGIT_BITS 10
#define PACKED_RADIX_SIZE (1 << PACKED_DIGIT_BITS)
#define PACKED_PASSES (PACKED_KEY_BITS / PACKED_DIGIT_BITS)
#define PACKED_INDEX_MASK (((uint64_t)1 << PACKED_INDEX_BITS) - 1)
#define PACKED_DIGIT(item, pass) ((size_t)((item) >> (PACKED_INDEX_BITS + \
	(pass) * PACKED_DIGIT_BITS)) & (PACKED_RADIX_SIZE - 1))

static int
sort_packed(struct ranked *rank, const double *score, size_t n)
{
	size_t (*count)[PACKED_RADIX_SIZE];
	unsigned char *from = (unsigned char *)rank, *to, *t;
	size_t i;
	int pass;

	/* unpack_items() requires two items to fill one entry exactly. */
	if (sizeof(struct ranked) != 2 * sizeof(uint64_t) ||
	    n > PACKED_INDEX_MASK + 1)
		return -1;
	if ((count = calloc(PACKED_PASSES, sizeof(*count))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		uint64_t item = (rank_key(score[i]) & ~PACKED_INDEX_MASK) | i;

		store_item(from, i, item);
		for (pass = 0; pass < PACKED_PASSES; pass++)
			count[pass][PACKED_DIGIT(item, pass)]++;
	}
	to = from + n * sizeof(uint64_t);
	for (pass = 0; pass < PACKED_PASSES; pass++) {
		size_t *offset = count[pass], start = 0, digit;

		/* A pass in which every item has the same digit moves none. */
		if (offset[PACKED_DIGIT(load_item(from, 0), pass)] == n)
			continue;
		for (digit = 0; digit < PACKED_RADIX_SIZE; digit++) {
			size_t c = offset[digit];

			offset[digit] = start;
			start += c;
		}
		for (i = 0; i < n; i++) {
			uint64_t item = load_item(from, i);
			size_t digit_i = PACKED_DIGIT(item, pass);

			store_item(to, offset[digit_i]++, item);
		}
		t = from;
		from = to;
		to = t;
	}
	unpack_items(rank, score, n, from != (unsigned char *)rank);
	sort_prefix_runs(rank, n);
	free(count);
	return 0;
}

/* Return item I of the array of 8-byte items at ITEMS. */
static uint64_t
load_item(const unsigned char *items, size_t i)
{
	uint64_t item;

	memcpy(&item, items + i * sizeof(item), sizeof(item));
	return item;
}

static void
store_item(unsigned char *items, size_t i, uint64_t item)
{
	memcpy(items + i * sizeof(item), &item, sizeof(item));
}

/*
 * Replace the N sorted items in RANK's memory, in its lower or upper
 * half, by the struct ranked entries they represent.  Entry I covers
 * the bytes of items 2I and 2I+1.  Items in the lower half are unpacked
 * from the last down, and those in the upper half (items N to 2N-1)
 * from the first up, so no entry overwrites an item not yet read.
 */
static void
unpack_items(struct ranked *rank, const double *score, size_t n,
    int upper_half)
{
	const unsigned char *items = (const unsigned char *)rank;
	size_t i;

	if (upper_half) {
		for (i = 0; i < n; i++) {
			size_t index = (size_t)(load_item(items, n + i) &
			    PACKED_INDEX_MASK);

			rank[i].score = score[index];
			rank[i].index = index;
		}
		return;
	}
	for (i = n; i-- > 0;) {
		size_t index = (size_t)(load_item(items, i) &
		    PACKED_INDEX_MASK);

		rank[i].score = score[index];
		rank[i].index = index;
	}
}

/*
 * Sort each run of the N entries of RANK whose keys share the packed
 * prefix, unless all its scores are equal.  Such a run is in index
 * order, which is the rank order only when the scores tie.
 */
static void
sort_prefix_runs(struct ranked *rank, size_t n)
{
	size_t start, end, i;

	for (start = 0; start < n; start = end) {
		uint64_t prefix = rank_key(rank[start].score) &
		    ~PACKED_INDEX_MASK;

		end = start + 1;
		while (end < n && (rank_key(rank[end].score) &
		    ~PACKED_INDEX_MASK) == prefix)
			end++;
		for (i = start + 1; i < end; i++)
			if (rank[i].score != rank[start].score) {
				sort_ranked(rank + start, end - start);
				break;
			}
	}
}

/*
 * Fill s->rank with every candidate in rank order.  The order is total
 * (ties go to the earlier line), so every sort method gives the same
 * result.
 */
int
sort_ranks(struct sampler *s, const struct record *rec)
{
	size_t i;

	if (s->ranked)
		return 0;
	if (rec->n < RADIX_MIN ||
	    sort_packed(s->rank, rec->score, rec->n) != 0) {
		for (i = 0; i < rec->n; i++) {
			s->rank[i].score = rec->score[i];
			s->rank[i].index = i;
		}
		sort_ranked(s->rank, rec->n);
	}
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
