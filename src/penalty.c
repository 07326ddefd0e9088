/*
 * Logit bias and repetition penalties.  Both change the scores of a
 * record before any other transform reads them.  Both identify a
 * candidate by its token's bytes with escapes decoded.  Those are the
 * bytes of its token field, or for a score-only line its --vocab entry
 * or else its position in decimal.
 *
 * The penalties follow llama.cpp and the OpenAI API.  A token drawn c > 0
 * times in the window has its logit z divided by the repeat penalty R if
 * z > 0 and multiplied by R otherwise, and then loses c times the
 * frequency penalty and once the presence penalty.  The window is the
 * first draw of each of the last N records that drew (--penalty-last-n),
 * or every such draw of the run for N = -1.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "penalty.h"
#include "token.h"

static uint64_t hash_bytes(const char *bytes, size_t len);
static size_t find_token(const struct history *h, const char *bytes,
    size_t len);
static int insert_token(struct history *h, const char *bytes, size_t len,
    size_t *index);
static int grow_table(struct history *h);
static int push_window(struct history *h, size_t index, int64_t last_n);

void
init_history(struct history *h)
{
	memset(h, 0, sizeof(*h));
}

void
free_history(struct history *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->tokens[i].bytes);
	free(h->tokens);
	free(h->table);
	free(h->window);
	free_token_buffer(&h->scratch);
	init_history(h);
}

/* Return whether the penalty options change any score. */
int
penalties_enabled(const struct config *cfg)
{
	return cfg->penalty_last_n != 0 && (cfg->repeat_penalty != 1 ||
	    cfg->frequency_penalty != 0 || cfg->presence_penalty != 0);
}

/*
 * Add each --logit-bias to the score of every candidate whose token
 * matches, in command-line order.  A -inf bias masks the candidate even
 * if its score is +inf.  Return 0, -1 if memory runs out, or 1 with
 * *BAD set to the candidate whose finite score overflowed to infinity.
 */
int
apply_logit_bias(struct history *h, struct record *rec,
    const struct config *cfg, size_t *bad)
{
	size_t i, b, len;

	if (cfg->logit_bias_n == 0)
		return 0;
	for (i = 0; i < rec->n; i++) {
		const char *token = decode_token(&h->scratch, rec, i, &len);

		if (token == NULL)
			return -1;
		for (b = 0; b < cfg->logit_bias_n; b++) {
			const struct logit_bias *lb = &cfg->logit_bias[b];

			if (lb->len != len || memcmp(lb->token, token, len) != 0)
				continue;
			if (lb->bias == -INFINITY) {
				rec->score[i] = -INFINITY;
			} else if (isfinite(rec->score[i]) &&
			    !isfinite(rec->score[i] + lb->bias)) {
				*bad = i;
				return 1;
			} else {
				rec->score[i] += lb->bias;
			}
		}
	}
	return 0;
}

/*
 * Penalise every candidate whose token occurs in the window of drawn
 * tokens.  Return 0, -1 if memory runs out, or 1 with *BAD set to the
 * candidate whose score the penalties made overflow or undefined (an
 * infinite penalty subtracted from a +inf score).
 */
int
apply_penalties(struct history *h, struct record *rec,
    const struct config *cfg, size_t *bad)
{
	size_t i, len, t;

	if (!penalties_enabled(cfg) || h->n == 0)
		return 0;
	for (i = 0; i < rec->n; i++) {
		const char *token = decode_token(&h->scratch, rec, i, &len);
		double z;
		uint64_t count;

		if (token == NULL)
			return -1;
		t = find_token(h, token, len);
		if (t == SIZE_MAX || h->tokens[t].count == 0)
			continue;
		count = h->tokens[t].count;
		z = rec->score[i];
		if (z > 0)
			z /= cfg->repeat_penalty;
		else
			z *= cfg->repeat_penalty;
		z -= (double)count * cfg->frequency_penalty;
		z -= cfg->presence_penalty;
		if (isnan(z) || (isinf(z) && isfinite(rec->score[i]))) {
			*bad = i;
			return 1;
		}
		rec->score[i] = z;
	}
	return 0;
}

/*
 * Add candidate I of REC, just drawn, to the window, and drop the oldest
 * draw once the window contains --penalty-last-n draws.  Return 0, or -1 if
 * memory runs out.
 */
int
remember_token(struct history *h, const struct record *rec, size_t i,
    const struct config *cfg)
{
	const char *token;
	size_t len, index;

	if (!penalties_enabled(cfg))
		return 0;
	token = decode_token(&h->scratch, rec, i, &len);
	if (token == NULL)
		return -1;
	index = find_token(h, token, len);
	if (index == SIZE_MAX && insert_token(h, token, len, &index) != 0)
		return -1;
	h->tokens[index].count++;
	if (cfg->penalty_last_n < 0)
		return 0;
	return push_window(h, index, cfg->penalty_last_n);
}

/*
 * Append INDEX to the window.  The ring grows until it contains LAST_N
 * entries; from then on each new entry replaces the oldest, whose count
 * goes down by one.
 */
static int
push_window(struct history *h, size_t index, int64_t last_n)
{
	if ((uint64_t)h->window_n < (uint64_t)last_n) {
		if (h->window_n == h->window_cap) {
			size_t cap = h->window_cap ? h->window_cap * 2 : 64;
			size_t *grown;

			if ((uint64_t)cap > (uint64_t)last_n)
				cap = (size_t)last_n;
			if (cap > SIZE_MAX / sizeof(size_t) ||
			    (grown = realloc(h->window,
			    cap * sizeof(size_t))) == NULL)
				return -1;
			h->window = grown;
			h->window_cap = cap;
		}
		/* Nothing has left the window yet, so it starts at 0. */
		h->window[h->window_n++] = index;
		return 0;
	}
	h->tokens[h->window[h->window_start]].count--;
	h->window[h->window_start] = index;
	h->window_start = (h->window_start + 1) % h->window_n;
	return 0;
}

/* 64-bit FNV-1a. */
static uint64_t
hash_bytes(const char *bytes, size_t len)
{
	uint64_t hash = 14695981039346656037u;
	size_t i;

	for (i = 0; i < len; i++) {
		hash ^= (unsigned char)bytes[i];
		hash *= 1099511628211u;
	}
	return hash;
}

/* Return the index of the drawn token BYTES, or SIZE_MAX if none. */
static size_t
find_token(const struct history *h, const char *bytes, size_t len)
{
	size_t mask, slot;

	if (h->table_cap == 0)
		return SIZE_MAX;
	mask = h->table_cap - 1;
	for (slot = (size_t)hash_bytes(bytes, len) & mask;
	    h->table[slot] != 0; slot = (slot + 1) & mask) {
		const struct drawn_token *t = &h->tokens[h->table[slot] - 1];

		if (t->len == len && memcmp(t->bytes, bytes, len) == 0)
			return h->table[slot] - 1;
	}
	return SIZE_MAX;
}

/* Double the hash table, keeping it at most half full. */
static int
grow_table(struct history *h)
{
	size_t cap = h->table_cap ? h->table_cap * 2 : 64;
	size_t *table, i;

	if (cap > SIZE_MAX / sizeof(size_t) / 2)
		return -1;
	table = calloc(cap, sizeof(size_t));
	if (table == NULL)
		return -1;
	for (i = 0; i < h->n; i++) {
		size_t slot = (size_t)hash_bytes(h->tokens[i].bytes,
		    h->tokens[i].len) & (cap - 1);

		while (table[slot] != 0)
			slot = (slot + 1) & (cap - 1);
		table[slot] = i + 1;
	}
	free(h->table);
	h->table = table;
	h->table_cap = cap;
	return 0;
}

/* Add the token BYTES with count 0 and store its index in *INDEX. */
static int
insert_token(struct history *h, const char *bytes, size_t len, size_t *index)
{
	struct drawn_token *t;
	size_t slot;

	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 64;
		struct drawn_token *grown;

		if (cap > SIZE_MAX / sizeof(*grown) ||
		    (grown = realloc(h->tokens, cap * sizeof(*grown))) == NULL)
			return -1;
		h->tokens = grown;
		h->cap = cap;
	}
	if ((h->n + 1) * 2 > h->table_cap && grow_table(h) != 0)
		return -1;
	t = &h->tokens[h->n];
	t->bytes = malloc(len ? len : 1);
	if (t->bytes == NULL)
		return -1;
	memcpy(t->bytes, bytes, len);
	t->len = len;
	t->count = 0;
	for (slot = (size_t)hash_bytes(bytes, len) & (h->table_cap - 1);
	    h->table[slot] != 0; slot = (slot + 1) & (h->table_cap - 1))
		continue;
	h->table[slot] = h->n + 1;
	*index = h->n++;
	return 0;
}
