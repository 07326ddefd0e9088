/*
 * One record as the output formats see it, and the helpers they share:
 * decoded token bytes and UTF-8 sequence checks.
 */
#ifndef VIEW_H
#define VIEW_H

#include <stdio.h>

#include "config.h"
#include "reader.h"
#include "rng.h"
#include "sampler.h"
#include "summary.h"
#include "token.h"

/* The table's drawing style, fixed for the whole run. */
struct table_style {
	int utf8;		/* the LC_CTYPE locale's codeset is UTF-8 */
	int colour;		/* ANSI colour codes are allowed */
	int header_written;	/* the sampling table's header is out */
};

struct record_view {
	FILE *out;
	const struct config *cfg;
	const struct record *rec;
	struct sampler *s;
	double *prob;		/* PROB per candidate, or NULL */
	struct record_summary summary;	/* for JSON, table and --verbose */
	double normalizer;	/* input_log_normalizer(), when sampling */
	struct token_buffer *tokens;
	struct table_style *style;
	size_t first_drawn;	/* the record's first draw, SIZE_MAX if none */
};

size_t utf8_length(const unsigned char *bytes, size_t len);
double view_logprob(const struct record_view *v, size_t i);
size_t find_rank(const struct sampler *s, size_t n, size_t i);
int write_draws(struct record_view *v, struct rng *rng);
int write_dump_view(struct record_view *v);
void write_verbose_line(FILE *err, const struct record_view *v);

#endif
