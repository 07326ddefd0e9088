/*
 * The per-record part of output that all formats share: choosing the
 * writer for the configured format, decoding tokens into a reusable
 * buffer, log-probabilities of the configured kind, and the --verbose
 * line.  The formats themselves live in output.c (TSV), json.c and
 * table.c.
 */
#include <stdlib.h>

#include "json.h"
#include "output.h"
#include "table.h"
#include "token.h"
#include "view.h"

static int write_raw_draw(struct record_view *v, size_t i);

/*
 * Return the length of the well-formed UTF-8 sequence at the start of
 * the LEN bytes at BYTES, or 0 if they do not start with one.  Overlong
 * forms, surrogates and code points above U+10FFFF are not well formed.
 */
size_t
utf8_length(const unsigned char *bytes, size_t len)
{
	unsigned char c = bytes[0], low = 0x80, high = 0xBF;
	size_t need, k;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		need = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		need = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		need = 4;
	else
		return 0;
	if (len < need)
		return 0;
	if (c == 0xE0)
		low = 0xA0;
	else if (c == 0xED)
		high = 0x9F;
	else if (c == 0xF0)
		low = 0x90;
	else if (c == 0xF4)
		high = 0x8F;
	if (bytes[1] < low || bytes[1] > high)
		return 0;
	for (k = 2; k < need; k++)
		if (bytes[k] < 0x80 || bytes[k] > 0xBF)
			return 0;
	return need;
}

/* Return ln p of candidate I for the kind that -l/--logprobs selects. */
double
view_logprob(const struct record_view *v, size_t i)
{
	if (v->cfg->logprobs == LOGPROBS_FINAL)
		return final_logprob(v->s, v->rec, v->cfg, i);
	return input_logprob(v->s, v->rec, v->normalizer, i);
}

/* Return the 1-based rank of candidate I; the ranks must be sorted. */
size_t
find_rank(const struct sampler *s, size_t n, size_t i)
{
	size_t r;

	for (r = 0; r < n; r++)
		if (s->rank[r].index == i)
			return r + 1;
	return 0;
}

static int
write_raw_draw(struct record_view *v, size_t i)
{
	size_t len;
	const char *bytes = decode_token(v->tokens, v->rec, i, &len);

	if (bytes == NULL)
		return -1;
	fwrite(bytes, 1, len, v->out);
	return 0;
}

/*
 * Make the record's cfg->count draws from RNG and write them in the
 * configured format.  Return -1 if memory runs out, in which case part
 * of the record may already be written.
 */
int
write_draws(struct record_view *v, struct rng *rng)
{
	const struct config *cfg = v->cfg;
	uint64_t k;
	int status = 0;

	v->first_drawn = SIZE_MAX;
	if (cfg->format == FORMAT_JSON)
		write_json_draws_begin(v);
	for (k = 0; k < cfg->count && status == 0; k++) {
		size_t i = draw_token(v->s, rng);

		if (k == 0)
			v->first_drawn = i;

		if (cfg->raw)
			status = write_raw_draw(v, i);
		else if (cfg->format == FORMAT_JSON)
			status = write_json_draw(v, i, k == 0);
		else if (cfg->format == FORMAT_TABLE)
			status = write_table_draw(v, i);
		else if (cfg->logprobs != LOGPROBS_NONE)
			write_logprob_line(v, i);
		else {
			write_token(v->out, v->rec, i);
			putc('\n', v->out);
		}
		if (ferror(v->out))
			break;
	}
	if (status == 0 && cfg->format == FORMAT_JSON)
		write_json_draws_end(v);
	return status;
}

/* Write the record's dump in the configured format. */
int
write_dump_view(struct record_view *v)
{
	switch (v->cfg->format) {
	case FORMAT_JSON:
		return write_json_dump(v);
	case FORMAT_TABLE:
		return write_table_dump(v);
	case FORMAT_TSV:
		break;
	}
	return write_dump(v->out, v->s, v->rec, v->cfg, v->prob);
}

/*
 * Write the --verbose line for the record: its number, candidates,
 * survivors and the entropies of PROB and FINAL.
 */
void
write_verbose_line(FILE *err, const struct record_view *v)
{
	const struct record_summary *sum = &v->summary;

	fprintf(err, "logitsample: record %ju: %zu candidates, %zu survivors, "
	    "entropy %.6g nats (PROB), %.6g nats (FINAL)\n",
	    (uintmax_t)v->rec->number, sum->candidates, sum->survivors,
	    sum->entropy_prob, sum->entropy_final);
}
