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
#include "token.h"

static void write_escaped(FILE *out, const char *token, size_t len);
static void write_number(FILE *out, double value);

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

/* Write a TAB, then VALUE in its shortest round-trip form. */
static void
write_number(FILE *out, double value)
{
	char number[NUMBER_BUFSIZE];

	format_double(number, value);
	putc('\t', out);
	fputs(number, out);
}

/*
 * Write one line per candidate in rank order, TOKEN, LOGIT, PROB, CUM
 * and FINAL separated by TABs, then a blank line.  With a --limit, only
 * the first cfg->limit lines are written, then one line without TABs
 * (so it cannot be taken for a candidate) with the number of the others
 * and their PROB and FINAL mass.  PROB must have room for rec->n
 * doubles.  Return -1 if memory runs out while ranking.
 */
int
write_dump(FILE *out, struct sampler *s, const struct record *rec,
    const struct config *cfg, double *prob)
{
	char number[NUMBER_BUFSIZE];
	double cum = 0, rest_prob = 0, rest_final = 0;
	size_t r;

	if (sort_ranks(s, rec) != 0)
		return -1;
	compute_probs(s, rec, cfg, prob);
	for (r = 0; r < rec->n; r++) {
		size_t i = s->rank[r].index;
		double final = s->keep[i] ? s->weight[i] / s->total : 0;

		if (r >= cfg->limit) {
			rest_prob += prob[i];
			rest_final += final;
			continue;
		}
		write_token(out, rec, i);
		cum += prob[i];
		write_number(out, rec->score[i]);
		write_number(out, prob[i]);
		write_number(out, cum);
		write_number(out, final);
		putc('\n', out);
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
