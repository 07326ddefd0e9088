/*
 * TSV output: sampled tokens, with or without log-probabilities, and
 * the --dump table.
 */
#ifndef OUTPUT_H
#define OUTPUT_H

#include <stdio.h>

#include "config.h"
#include "reader.h"
#include "sampler.h"
#include "view.h"

void write_token(FILE *out, const struct record *rec, size_t i);
int write_dump(FILE *out, struct sampler *s, const struct record *rec,
    const struct config *cfg, double *prob);
void write_logprob_line(const struct record_view *v, size_t i);

#endif
