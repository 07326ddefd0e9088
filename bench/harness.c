/*
 * Times the transforms and the draw on records already in memory, the
 * way a sampler inside an inference loop would run them.  The records of
 * FILE are read with the program's reader.  Each chain then calls
 * build_distribution() and draw_token() on every record, for several
 * rounds over the records, and the median time per record is printed.  The same
 * records also time one pass that sums det_exp(z - zmax), computed by
 * det_exp_batch as the program computes weights, the cost that a
 * softmax over the whole vocabulary cannot avoid, and the same pass with
 * libm's exp.
 *
 * usage: harness FILE [ROUNDS]
 * Output: one "NAME MEDIAN_MICROSECONDS" line per chain.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#include "../src/chain_options.h"
#include "../src/dmath.h"
#include "../src/reader.h"
#include "../src/sampler.h"

struct chain {
	const char *name;
	double temperature;
	size_t top_k;
	double top_p;
	double min_p;
};

static const struct chain chains[] = {
	{ "t0.7+k40+p0.95", 0.7, 40, 0.95, 0 },
	{ "p0.95", 1, 0, 0.95, 0 },
	{ "m0.05", 1, 0, 1, 0.05 },
	{ "t1", 1, 0, 1, 0 },
	{ "greedy", 0, 0, 1, 0 },
};

static double now(void);
static int compare_double(const void *a, const void *b);
static double median(double *v, size_t n);
static size_t load_records(const char *path, struct record **out);
static double det_exp_sum(const double *z, size_t n, double zmax,
    double *buf);

static double sink;

/*
 * Return the sum of det_exp(Z[i] - ZMAX), the exponents written to BUF
 * first and evaluated by det_exp_batch, as the program computes weights.
 */
static double
det_exp_sum(const double *z, size_t n, double zmax, double *buf)
{
	double total = 0;
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = z[i] - zmax;
	det_exp_batch(buf, buf, n);
	for (i = 0; i < n; i++)
		total += buf[i];
	return total;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int
compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), compare_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Read every record of PATH; only the scores are kept. */
static size_t
load_records(const char *path, struct record **out)
{
	static struct config cfg;
	struct reader reader;
	struct record rec;
	struct record *all = NULL;
	size_t count = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || init_reader(&reader, NULL, stderr) != 0) {
		perror(path);
		exit(1);
	}
	memset(&rec, 0, sizeof(rec));
	start_reader(&reader, fd, path);
	while (read_record(&reader, &rec, &cfg) == READ_RECORD) {
		struct record *copy;

		all = realloc(all, (count + 1) * sizeof(*all));
		if (all == NULL)
			exit(1);
		copy = &all[count++];
		memset(copy, 0, sizeof(*copy));
		copy->n = copy->cap = rec.n;
		copy->score = malloc(rec.n * sizeof(double));
		if (copy->score == NULL)
			exit(1);
		memcpy(copy->score, rec.score, rec.n * sizeof(double));
		copy->number = count - 1;
	}
	close(fd);
	free_record(&rec);
	free_reader(&reader);
	*out = all;
	return count;
}

int
main(int argc, char **argv)
{
	struct record *recs;
	struct sampler s;
	size_t n, rounds, c, r, k, i;
	double *times, *buf;
	size_t max_n = 1;

	if (argc < 2) {
		fputs("usage: harness FILE [ROUNDS]\n", stderr);
		return 2;
	}
	rounds = argc > 2 ? (size_t)atoi(argv[2]) : 5;
	n = load_records(argv[1], &recs);
	times = malloc(n * rounds * sizeof(double));
	for (r = 0; r < n; r++)
		if (recs[r].n > max_n)
			max_n = recs[r].n;
	buf = malloc(max_n * sizeof(double));
	if (n == 0 || times == NULL || buf == NULL)
		return 1;
	init_sampler(&s);

	for (c = 0; c < sizeof(chains) / sizeof(chains[0]); c++) {
		struct config cfg;

		memset(&cfg, 0, sizeof(cfg));
		set_chain_defaults(&cfg);
		cfg.temperature = chains[c].temperature;
		cfg.top_k = chains[c].top_k;
		cfg.top_p = chains[c].top_p;
		cfg.min_p = chains[c].min_p;
		cfg.count = 1;
		for (k = 0; k < rounds; k++)
			for (r = 0; r < n; r++) {
				struct rng rng;
				double start = now();

				if (build_distribution(&s, &recs[r], &cfg) !=
				    SAMPLER_OK)
					return 1;
				seed_record_rng(&rng, 1, r);
				sink += (double)draw_token(&s, &rng);
				times[k * n + r] = now() - start;
			}
		printf("%s %.1f\n", chains[c].name, median(times, n * rounds));
	}

	for (c = 0; c < 2; c++) {
		for (k = 0; k < rounds; k++)
			for (r = 0; r < n; r++) {
				const double *z = recs[r].score;
				double zmax = -INFINITY, total = 0, start;

				for (i = 0; i < recs[r].n; i++)
					if (z[i] > zmax)
						zmax = z[i];
				start = now();
				if (c == 0)
					total += det_exp_sum(z, recs[r].n,
					    zmax, buf);
				else
					for (i = 0; i < recs[r].n; i++)
						total += exp(z[i] - zmax);
				times[k * n + r] = now() - start;
				sink += total;
			}
		printf("%s %.1f\n", c == 0 ? "exp-sum-det_exp" :
		    "exp-sum-libm", median(times, n * rounds));
	}
	fprintf(stderr, "harness: %zu records, %zu rounds (%g)\n", n, rounds,
	    sink);
	free_sampler(&s);
	return 0;
}
