/*
 * Command-line options of the transforms beyond temperature, top-k,
 * top-p and min-p: the chain order, logit bias, typical-p, top-n-sigma,
 * min-keep, the penalties and the vocabulary file.
 */
#ifndef CHAIN_OPTIONS_H
#define CHAIN_OPTIONS_H

#include <stdio.h>

#include "config.h"

/* getopt_long codes, above those options.c uses for its own options. */
enum {
	OPT_FREQUENCY_PENALTY = 512,
	OPT_LOGIT_BIAS,
	OPT_MIN_KEEP,
	OPT_ORDER,
	OPT_PENALTY_LAST_N,
	OPT_PRESENCE_PENALTY,
	OPT_REPEAT_PENALTY,
	OPT_TOP_N_SIGMA,
	OPT_TYPICAL_P,
	OPT_VOCAB
};

extern const char *const transform_names[TRANSFORM_COUNT];

void set_chain_defaults(struct config *cfg);
int parse_chain_option(int option, const char *value, struct config *cfg,
    FILE *err);
int check_chain_options(const struct config *cfg, FILE *err);
int transform_enabled(const struct config *cfg, enum transform t);
void free_config(struct config *cfg);

#endif
