/*
 * TSV output.  Tokens are written as read, except that a token
 * containing a TAB (the only field separator that can occur inside one)
 * is written with backslash escapes so that each output line keeps its
 * columns.  Numbers use the shortest "%.{p}g" form that reads back to the
 * same double.
 */
#include <string.h>

#include "number.h"
#include "output.h"
#include "summary.h"
#include "token.h"

/*
 * The dump visits candidates in rank order, so token bytes and the
 * per-candidate arrays are read at scattered addresses, and most reads
 * miss the cache.  A batch of up to DUMP_BATCH candidates is therefore
 * gathered first, in a short loop whose misses the processor overlaps.
 * That loop also prefetches each token's bytes, with GCC's and Clang's
 * __builtin_prefetch, before the lines copy them.  The lines are then
 * built from the batch in a block of DUMP_BLOCK bytes, which goes out
 * with one fwrite, because a putc, fputs or fwrite call per field costs
 * more than the copying.  Tokens longer than DUMP_TOKEN_MAX bytes, and
 * tokens with a TAB (which need escapes), are written straight to the
 * stream.
 */
#define DUMP_BATCH 64
#define DUMP_TOKEN_MAX 4096
#define DUMP_BLOCK 16384
/* Room for a line's four numbers, their TABs and the newline. */
#define DUMP_NUMBERS_ROOM (4 * (1 + NUMBER_BUFSIZE) + 1)

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(address) __builtin_prefetch(address)
#else
#define PREFETCH(address) ((void)(address))
#endif

struct dump_batch {
	size_t n;			/* lines in the batch */
	const char *token[DUMP_BATCH];
	size_t token_len[DUMP_BATCH];
	char position[DUMP_BATCH][POSITION_BUFSIZE];
	double score[DUMP_BATCH];
	double prob[DUMP_BATCH];
	double final[DUMP_BATCH];
};

struct dump_block {
	FILE *out;
	size_t len;		/* bytes used in bytes[] */
	char bytes[DUMP_BLOCK];
};

static void write_escaped(FILE *out, const char *token, size_t len);
static size_t gather_batch(struct dump_batch *batch, const struct sampler *s,
    const struct record *rec, const double *prob, size_t r, size_t end);
static void write_batch(struct dump_block *block,
    const struct dump_batch *batch, double *cum);
static void append_token(struct dump_block *block, const char *token,
    size_t len);
static void flush_block(struct dump_block *b);
static void append_number(struct dump_block *b, double value);

/*
 * Write TOKEN with \n, \t, \r and \\ for those bytes and \xHH for other
 * control bytes, so that decoding the escapes gives the bytes back.
 */
static void
write_escaped(FILE *out, const char *token, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)token[i];

		switch (c) {
		case '\n':
			fputs("\\n", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(out, "\\x%02X", c);
			else
				putc(c, out);
		}
	}
}

/* Write candidate I's token: its bytes, or its position if score-only. */
void
write_token(FILE *out, const struct record *rec, size_t i)
{
	char position[POSITION_BUFSIZE];
	size_t len;
	const char *token = get_token(rec, i, position, &len);

	if (memchr(token, '\t', len) != NULL)
		write_escaped(out, token, len);
	else
		fwrite(token, 1, len, out);
}

/*
 * Gather the candidates at ranks R up to END into BATCH, as many as it
 * holds, and return the rank after the last one gathered.  FINAL is
 * the weight over the total, or 0 for a dropped candidate.
 */
static size_t
gather_batch(struct dump_batch *batch, const struct sampler *s,
    const struct record *rec, const double *prob, size_t r, size_t end)
{
	size_t k;

	batch->n = end - r < DUMP_BATCH ? end - r : DUMP_BATCH;
	for (k = 0; k < batch->n; k++) {
		size_t i = s->rank[r + k].index;

		batch->token[k] = get_token(rec, i, batch->position[k],
		    &batch->token_len[k]);
		PREFETCH(batch->token[k]);
		batch->score[k] = rec->score[i];
		batch->prob[k] = prob[i];
		batch->final[k] = final_prob(s, i);
	}
	return r + batch->n;
}

/* Append the lines of BATCH to BLOCK, adding each PROB to *CUM first. */
static void
write_batch(struct dump_block *block, const struct dump_batch *batch,
    double *cum)
{
	size_t k;

	for (k = 0; k < batch->n; k++) {
		append_token(block, batch->token[k], batch->token_len[k]);
		if (DUMP_NUMBERS_ROOM > DUMP_BLOCK - block->len)
			flush_block(block);
		*cum += batch->prob[k];
		append_number(block, batch->score[k]);
		append_number(block, batch->prob[k]);
		append_number(block, *cum);
		append_number(block, batch->final[k]);
		block->bytes[block->len++] = '\n';
	}
}

/*
 * Append the LEN bytes of TOKEN as write_token() writes them.  The bytes
 * are copied and checked for a TAB in one pass.  A token with a TAB, or
 * a very long one, goes straight to the stream after the block.
 */
static void
append_token(struct dump_block *block, const char *token, size_t len)
{
	char *to;
	size_t k;
	int has_tab = 0;

	if (len <= DUMP_TOKEN_MAX) {
		if (len > DUMP_BLOCK - block->len)
			flush_block(block);
		to = block->bytes + block->len;
		for (k = 0; k < len; k++) {
			to[k] = token[k];
			has_tab |= token[k] == '\t';
		}
		if (!has_tab) {
			block->len += len;
			return;
		}
	}
	flush_block(block);
	if (memchr(token, '\t', len) != NULL)
		write_escaped(block->out, token, len);
	else
		fwrite(token, 1, len, block->out);
}

static void
flush_block(struct dump_block *b)
{
	if (b->len > 0)
		fwrite(b->bytes, 1, b->len, b->out);
	b->len = 0;
}

/* Append a TAB, then VALUE in its shortest round-trip form. */
static void
append_number(struct dump_block *b, double value)
{
	char *to = b->bytes + b->len;

	*to++ = '\t';
	b->len += 1 + format_double(to, value);
}

/*
 * Write one line per candidate in rank order, TOKEN, LOGIT, PROB, CUM
 * and FINAL separated by TABs, then a blank line.  With a --limit, only
 * the first cfg->limit lines are written, then one line without TABs
 * (so it cannot be taken for a candidate) with the number of the others
 * and their PROB and FINAL mass.  PROB must hold the probabilities that
 * compute_probs() stores.  Return -1 if memory runs out while ranking.
 */
int
write_dump(FILE *out, struct sampler *s, const struct record *rec,
    const struct config *cfg, double *prob)
{
	struct dump_batch batch;
	struct dump_block block;
	char number[NUMBER_BUFSIZE];
	double cum = 0, rest_prob = 0, rest_final = 0;
	size_t r = 0, lines;

	if (sort_ranks(s, rec) != 0)
		return -1;
	block.out = out;
	block.len = 0;
	lines = cfg->limit < rec->n ? cfg->limit : rec->n;
	while (r < lines) {
		r = gather_batch(&batch, s, rec, prob, r, lines);
		write_batch(&block, &batch, &cum);
	}
	flush_block(&block);
	for (; r < rec->n; r++) {
		size_t i = s->rank[r].index;

		rest_prob += prob[i];
		rest_final += final_prob(s, i);
	}
	if (cfg->limit < rec->n) {
		format_double(number, rest_prob);
		fprintf(out, "(%zu more: PROB %s, ", rec->n - cfg->limit,
		    number);
		format_double(number, rest_final);
		fprintf(out, "FINAL %s)\n", number);
	}
	putc('\n', out);
	return 0;
}

/*
 * Write the draw of candidate I as TOKEN<TAB>LOGPROB, followed by a
 * TOKEN<TAB>LOGPROB pair for each of the cfg->top_logprobs best-ranked
 * candidates; the ranks must be sorted when there are any.
 */
void
write_logprob_line(const struct record_view *v, size_t i)
{
	char number[NUMBER_BUFSIZE];
	size_t r;

	write_token(v->out, v->rec, i);
	format_double(number, view_logprob(v, i));
	fprintf(v->out, "\t%s", number);
	for (r = 0; r < v->cfg->top_logprobs && r < v->rec->n; r++) {
		size_t j = v->s->rank[r].index;

		putc('\t', v->out);
		write_token(v->out, v->rec, j);
		format_double(number, view_logprob(v, j));
		fprintf(v->out, "\t%s", number);
	}
	putc('\n', v->out);
}
