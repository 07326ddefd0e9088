/*
 * The run configuration: every command-line setting in one struct, filled
 * in by parse_options() and read by the rest of the program.  Nothing
 * here changes once the options are parsed.
 */
#ifndef CONFIG_H
#define CONFIG_H

#include <stddef.h>
#include <stdint.h>

/* The reordering transforms, in the default chain's order. */
enum transform {
	TRANSFORM_TEMPERATURE,
	TRANSFORM_TOP_N_SIGMA,
	TRANSFORM_TOP_K,
	TRANSFORM_TYPICAL_P,
	TRANSFORM_TOP_P,
	TRANSFORM_MIN_P,
	TRANSFORM_COUNT
};

/* One --logit-bias: TOKEN with its escapes decoded, and the bias. */
struct logit_bias {
	char *token;
	size_t len;
	double bias;		/* finite, or -inf to ban */
};

/* Exit statuses, as documented in the man page. */
enum {
	STATUS_OK = 0,
	STATUS_DATA = 1,	/* invalid data, I/O or memory failure */
	STATUS_USAGE = 2
};

/* The --format values. */
enum output_format {
	FORMAT_TSV,		/* tab-separated lines, the default */
	FORMAT_JSON,		/* JSON Lines, one object per record */
	FORMAT_TABLE		/* aligned columns for a terminal */
};

/* The probability whose natural log -l/--logprobs reports. */
enum logprob_kind {
	LOGPROBS_NONE,
	LOGPROBS_INPUT,		/* the input distribution: T = 1, untruncated */
	LOGPROBS_FINAL		/* FINAL: after temperature and truncation */
};

struct config {
	double temperature;	/* 0 selects greedy decoding */
	size_t top_k;		/* 0 disables top-k */
	double top_p;		/* 1 disables top-p */
	double min_p;		/* 0 disables min-p */
	uint64_t count;		/* draws per record */
	uint64_t seed;
	int seed_given;		/* seed came from --seed, not the OS */
	int dump;		/* print the distribution instead of sampling */
	int probs;		/* scores are probabilities, not logits */
	int verbose;
	enum output_format format;
	size_t limit;		/* dump rows per record; SIZE_MAX is all */
	enum logprob_kind logprobs;
	size_t top_logprobs;	/* best-ranked alternatives per draw */
	int raw;		/* draws as decoded bytes, nothing between */
	char **files;		/* operands; NULL-terminated, empty for stdin */

	/* Further transforms; see transforms.c and penalty.c. */
	double typical_p;	/* 1 disables typical-p */
	double top_n_sigma;	/* <= 0 disables top-n-sigma */
	size_t min_keep;	/* survivors top-p, typical-p, min-p and
				   top-n-sigma keep at least */
	double repeat_penalty;	/* 1 disables it */
	double frequency_penalty;
	double presence_penalty;
	int64_t penalty_last_n;	/* -1: the whole stream; 0: no penalties */
	struct logit_bias *logit_bias;	/* allocated; see free_config() */
	size_t logit_bias_n;
	enum transform order[TRANSFORM_COUNT];	/* the chain, in order */
	size_t order_n;
	const char *vocab_file;	/* names score-only tokens, or NULL */
};

#endif
