/*
 * The processing loop, separate from main() so that it can be driven
 * in-process, with any streams and inputs, by tests and fuzzers.
 */
#ifndef RUN_H
#define RUN_H

#include <stdio.h>

#include "config.h"
#include "penalty.h"
#include "reader.h"
#include "sampler.h"
#include "vocab.h"
#include "view.h"

struct run {
	const struct config *cfg;
	struct reader reader;
	struct record rec;
	struct sampler sampler;
	double *prob;		/* scratch for PROB, one per candidate */
	size_t prob_cap;
	struct token_buffer tokens;
	struct table_style style;
	uint64_t records;	/* records processed so far */
	struct vocab vocab;	/* --vocab, empty without it */
	struct history history;	/* draws the penalties look back on */
	FILE *out;
	FILE *err;
};

int init_run(struct run *run, const struct config *cfg, FILE *out,
    FILE *err);
void free_run(struct run *run);
int process_input(struct run *run);
int process_files(struct run *run);
int report_write_error(FILE *err, int error);

#endif
