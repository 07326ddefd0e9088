/*
 * JSON Lines output, one object per record, for jq and other strict
 * parsers.  Numbers use the same shortest round-trip form as the TSV
 * output, so both give the same doubles; JSON has no infinities, so
 * they are the strings "inf" and "-inf".  A token is its decoded bytes
 * (escapes resolved) as a JSON string.  When those bytes are not
 * well-formed UTF-8, each byte that does not start a well-formed
 * sequence becomes U+FFFD in "token", and a "bytes_hex" member contains
 * every byte of the token in lower-case hex, so that no information is
 * lost.  "bytes_hex" is absent for well-formed tokens.
 */
#include <math.h>

#include "json.h"
#include "number.h"

static void write_json_number(FILE *out, double value);
static int write_json_string(FILE *out, const unsigned char *bytes,
    size_t len);
static int write_json_token(struct record_view *v, size_t i);
static int write_json_candidate(struct record_view *v, size_t r,
    double cum);
static void write_json_summary(const struct record_view *v);

static void
write_json_number(FILE *out, double value)
{
	char number[NUMBER_BUFSIZE];

	format_double(number, value);
	if (isinf(value))
		fprintf(out, "\"%s\"", number);
	else
		fputs(number, out);
}

/*
 * Write the LEN bytes at BYTES as a JSON string, with U+FFFD for each
 * byte that does not start a well-formed UTF-8 sequence.  Return 1 if
 * every byte was part of a well-formed sequence, else 0.
 */
static int
write_json_string(FILE *out, const unsigned char *bytes, size_t len)
{
	size_t i = 0;
	int well_formed = 1;

	putc('"', out);
	while (i < len) {
		unsigned char c = bytes[i];
		size_t n = utf8_length(bytes + i, len - i);

		if (n == 0) {
			fputs("\xEF\xBF\xBD", out);
			well_formed = 0;
			i++;
			continue;
		}
		if (n > 1) {
			fwrite(bytes + i, 1, n, out);
			i += n;
			continue;
		}
		i++;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c == '\r')
			fputs("\\r", out);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			putc(c, out);
	}
	putc('"', out);
	return well_formed;
}

/*
 * Write "token" for candidate I, and "bytes_hex" too when its bytes are
 * not well-formed UTF-8.  Return -1 if memory runs out.
 */
static int
write_json_token(struct record_view *v, size_t i)
{
	size_t len, k;
	const char *bytes = decode_token(v->tokens, v->rec, i, &len);

	if (bytes == NULL)
		return -1;
	fputs("\"token\":", v->out);
	if (write_json_string(v->out, (const unsigned char *)bytes, len))
		return 0;
	fputs(",\"bytes_hex\":\"", v->out);
	for (k = 0; k < len; k++)
		fprintf(v->out, "%02x", (unsigned char)bytes[k]);
	putc('"', v->out);
	return 0;
}

/* Write the candidate of rank R (0-based); CUM is its running PROB. */
static int
write_json_candidate(struct record_view *v, size_t r, double cum)
{
	size_t i = v->s->rank[r].index;

	fprintf(v->out, "{\"rank\":%zu,\"position\":%zu,", r + 1, i);
	if (write_json_token(v, i) != 0)
		return -1;
	fputs(",\"logit\":", v->out);
	write_json_number(v->out, v->rec->score[i]);
	fputs(",\"prob\":", v->out);
	write_json_number(v->out, v->prob[i]);
	fputs(",\"cum\":", v->out);
	write_json_number(v->out, cum);
	fputs(",\"final\":", v->out);
	write_json_number(v->out, final_prob(v->s, i));
	fprintf(v->out, ",\"survived\":%s}",
	    v->s->keep[i] && v->s->weight[i] != 0 ? "true" : "false");
	return 0;
}

static void
write_json_summary(const struct record_view *v)
{
	const struct record_summary *sum = &v->summary;

	fprintf(v->out, "\"summary\":{\"candidates\":%zu,\"survivors\":%zu,"
	    "\"survivor_prob\":", sum->candidates, sum->survivors);
	write_json_number(v->out, sum->survivor_prob);
	fputs(",\"entropy_prob_nats\":", v->out);
	write_json_number(v->out, sum->entropy_prob);
	fputs(",\"entropy_prob_bits\":", v->out);
	write_json_number(v->out, sum->entropy_prob / LN_2);
	fputs(",\"entropy_final_nats\":", v->out);
	write_json_number(v->out, sum->entropy_final);
	fputs(",\"entropy_final_bits\":", v->out);
	write_json_number(v->out, sum->entropy_final / LN_2);
	fputs(",\"perplexity_prob\":", v->out);
	write_json_number(v->out, perplexity(sum->entropy_prob));
	fputs(",\"perplexity_final\":", v->out);
	write_json_number(v->out, perplexity(sum->entropy_final));
	putc('}', v->out);
}

/*
 * Write the record's dump as one line: the candidates in rank order
 * (at most cfg->limit of them), "omitted" with the number and the PROB
 * and FINAL mass of the others, and "summary".  The ranks, PROB and the
 * summary must be computed.  Return -1 if memory runs out.
 */
int
write_json_dump(struct record_view *v)
{
	double cum = 0, rest_prob = 0, rest_final = 0;
	size_t r, shown = v->rec->n < v->cfg->limit ? v->rec->n :
	    v->cfg->limit;

	fprintf(v->out, "{\"record\":%ju,\"candidates\":[",
	    (uintmax_t)v->rec->number);
	for (r = 0; r < v->rec->n; r++) {
		size_t i = v->s->rank[r].index;

		cum += v->prob[i];
		if (r >= shown) {
			rest_prob += v->prob[i];
			rest_final += final_prob(v->s, i);
			continue;
		}
		if (r > 0)
			putc(',', v->out);
		if (write_json_candidate(v, r, cum) != 0)
			return -1;
	}
	fprintf(v->out, "],\"omitted\":{\"count\":%zu,\"prob\":",
	    v->rec->n - shown);
	write_json_number(v->out, rest_prob);
	fputs(",\"final\":", v->out);
	write_json_number(v->out, rest_final);
	fputs("},", v->out);
	write_json_summary(v);
	fputs("}\n", v->out);
	return 0;
}

void
write_json_draws_begin(const struct record_view *v)
{
	fprintf(v->out, "{\"record\":%ju,\"draws\":[",
	    (uintmax_t)v->rec->number);
}

/*
 * Write the draw of candidate I: its token, position, rank and
 * log-probability, and "top_logprobs" when --top-logprobs is given.
 * FIRST is non-zero for the record's first draw.  The ranks must be
 * sorted.  Return -1 if memory runs out.
 */
int
write_json_draw(struct record_view *v, size_t i, int first)
{
	size_t r, n = v->rec->n;

	if (!first)
		putc(',', v->out);
	putc('{', v->out);
	if (write_json_token(v, i) != 0)
		return -1;
	fprintf(v->out, ",\"position\":%zu,\"rank\":%zu,\"logprob\":", i,
	    find_rank(v->s, n, i));
	write_json_number(v->out, view_logprob(v, i));
	if (v->cfg->top_logprobs > 0) {
		fputs(",\"top_logprobs\":[", v->out);
		for (r = 0; r < v->cfg->top_logprobs && r < n; r++) {
			size_t j = v->s->rank[r].index;

			fputs(r > 0 ? ",{" : "{", v->out);
			if (write_json_token(v, j) != 0)
				return -1;
			fprintf(v->out, ",\"position\":%zu,\"rank\":%zu,"
			    "\"logprob\":", j, r + 1);
			write_json_number(v->out, view_logprob(v, j));
			putc('}', v->out);
		}
		putc(']', v->out);
	}
	putc('}', v->out);
	return 0;
}

void
write_json_draws_end(const struct record_view *v)
{
	fputs("]}\n", v->out);
}
