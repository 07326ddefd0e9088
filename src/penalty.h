/*
 * Score adjustments that depend on a candidate's token: --logit-bias and
 * the repetition penalties, whose history of drawn tokens spans the run.
 */
#ifndef PENALTY_H
#define PENALTY_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "reader.h"
#include "token.h"

/* A distinct drawn token and how often it occurs in the window. */
struct drawn_token {
	char *bytes;		/* decoded token bytes */
	size_t len;
	uint64_t count;
};

struct history {
	struct drawn_token *tokens;	/* every distinct token drawn */
	size_t n, cap;
	size_t *table;		/* hash table of token index + 1, 0 if free */
	size_t table_cap;	/* a power of two, or 0 */
	size_t *window;		/* ring of token indices, oldest first */
	size_t window_cap, window_start, window_n;
	struct token_buffer scratch;	/* room to decode one token */
};

void init_history(struct history *h);
void free_history(struct history *h);
int penalties_enabled(const struct config *cfg);
int apply_logit_bias(struct history *h, struct record *rec,
    const struct config *cfg, size_t *bad);
int apply_penalties(struct history *h, struct record *rec,
    const struct config *cfg, size_t *bad);
int remember_token(struct history *h, const struct record *rec, size_t i,
    const struct config *cfg);

#endif
