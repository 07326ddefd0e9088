/*
 * Table output for a person at a terminal.  Every byte of a token is
 * visible, and the view stays unambiguous.  TAB, newline, CR and
 * backslash are shown as \t, \n, \r and \\.  Other control bytes, and
 * bytes that are not printable characters of the locale, are shown as
 * \xHH.  A space is U+2423 (an open box) in a UTF-8 locale and \x20
 * otherwise; these escapes are those of the input format.  The locale
 * only decides the character set: main() sets LC_CTYPE from the
 * environment and leaves LC_NUMERIC alone, so numbers print in the C
 * locale.  Bars are Unicode block elements in a UTF-8 locale and '#'
 * otherwise.  Colour codes are written only when the output is a
 * terminal and NO_COLOR is unset or empty.
 */
#define _XOPEN_SOURCE 700	/* for wcwidth() */

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "table.h"

/* Width in columns of the bar of a probability of 1. */
#define BAR_COLUMNS 40

/* Tokens wider than this overflow their column instead of widening it. */
#define TOKEN_COLUMNS_MAX 24

/* The open box, which stands for a space in a UTF-8 locale. */
#define OPEN_BOX 0x2423

#define ANSI_BOLD "\033[1m"
#define ANSI_DIM "\033[2m"
#define ANSI_GREEN "\033[32m"
#define ANSI_RESET "\033[0m"

static void emit(FILE *out, const char *text, size_t len);
static size_t emit_byte_escape(FILE *out, unsigned char c);
static size_t put_character(FILE *out, const unsigned char *bytes,
    size_t len, size_t *used);
static size_t put_visible(FILE *out, const char *bytes, size_t len,
    int utf8);
static void put_bar(FILE *out, double prob, int utf8);
static int put_token(struct record_view *v, size_t i, size_t columns);
static int measure_tokens(struct record_view *v, size_t shown,
    size_t *columns);
static void colour(const struct record_view *v, const char *code);
static void write_table_summary(const struct record_view *v);

/*
 * Decide the style for OUT: UTF-8 from the LC_CTYPE codeset, colour
 * from whether OUT is a terminal and NO_COLOR.
 */
void
init_table_style(struct table_style *style, FILE *out)
{
	const char *codeset = nl_langinfo(CODESET);
	const char *no_colour = getenv("NO_COLOR");

	style->utf8 = codeset != NULL && strcmp(codeset, "UTF-8") == 0;
	style->colour = isatty(fileno(out)) &&
	    (no_colour == NULL || no_colour[0] == '\0');
	style->header_written = 0;
}

/* Write TEXT to OUT unless OUT is NULL, which only measures. */
static void
emit(FILE *out, const char *text, size_t len)
{
	if (out != NULL)
		fwrite(text, 1, len, out);
}

/* Write byte C as \xHH and return the 4 columns it takes. */
static size_t
emit_byte_escape(FILE *out, unsigned char c)
{
	char escape[5];

	snprintf(escape, sizeof(escape), "\\x%02X", c);
	emit(out, escape, 4);
	return 4;
}

/*
 * Write the UTF-8 character at BYTES, or escapes for its bytes if it is
 * not printable, and return its width in columns.  *USED is set to the
 * number of bytes consumed; a byte that starts no well-formed sequence
 * is consumed alone.
 */
static size_t
put_character(FILE *out, const unsigned char *bytes, size_t len,
    size_t *used)
{
	size_t n = utf8_length(bytes, len), k, columns = 0;
	mbstate_t state;
	wchar_t wc;
	int width = -1;

	if (n == 0) {
		*used = 1;
		return emit_byte_escape(out, bytes[0]);
	}
	memset(&state, 0, sizeof(state));
	if (mbrtowc(&wc, (const char *)bytes, n, &state) == n &&
	    wc != OPEN_BOX)
		width = wcwidth(wc);
	*used = n;
	if (width > 0) {
		emit(out, (const char *)bytes, n);
		return (size_t)width;
	}
	for (k = 0; k < n; k++)
		columns += emit_byte_escape(out, bytes[k]);
	return columns;
}

/*
 * Write the LEN decoded bytes at BYTES in visible form (see the top of
 * this file) to OUT, or only measure them if OUT is NULL.  Return the
 * width in columns.
 */
static size_t
put_visible(FILE *out, const char *bytes, size_t len, int utf8)
{
	const unsigned char *p = (const unsigned char *)bytes;
	size_t i = 0, columns = 0;

	while (i < len) {
		unsigned char c = p[i];
		size_t used = 1;

		if (c == ' ' && utf8) {
			emit(out, "\xE2\x90\xA3", 3);
			columns++;
		} else if (c == '\\' || c == '\n' || c == '\t' || c == '\r') {
			emit(out, "\\", 1);
			emit(out, c == '\\' ? "\\" : c == '\n' ? "n" :
			    c == '\t' ? "t" : "r", 1);
			columns += 2;
		} else if (c < 0x20 || c == 0x7f || c == ' ' ||
		    (c >= 0x80 && !utf8)) {
			columns += emit_byte_escape(out, c);
		} else if (c >= 0x80) {
			columns += put_character(out, p + i, len - i, &used);
		} else {
			emit(out, (const char *)&p[i], 1);
			columns++;
		}
		i += used;
	}
	return columns;
}

/*
 * Draw PROB as a bar of PROB * BAR_COLUMNS columns, rounded to the
 * nearest eighth of a column with block elements, or to the nearest
 * column with '#' when the locale is not UTF-8.
 */
static void
put_bar(FILE *out, double prob, int utf8)
{
	/* U+258F to U+2589: the left one to seven eighths of a block. */
	static const char *const eighths[8] = { "",
		"\xE2\x96\x8F", "\xE2\x96\x8E", "\xE2\x96\x8D",
		"\xE2\x96\x8C", "\xE2\x96\x8B", "\xE2\x96\x8A",
		"\xE2\x96\x89"
	};
	long units, k;

	if (!utf8) {
		units = (long)(prob * BAR_COLUMNS + 0.5);
		for (k = 0; k < units; k++)
			putc('#', out);
		return;
	}
	units = (long)(prob * BAR_COLUMNS * 8 + 0.5);
	for (k = 0; k < units / 8; k++)
		fputs("\xE2\x96\x88", out);
	fputs(eighths[units % 8], out);
}

/*
 * Write candidate I's token visibly, padded with spaces to COLUMNS.
 * Return -1 if memory runs out.
 */
static int
put_token(struct record_view *v, size_t i, size_t columns)
{
	size_t len, width;
	const char *bytes = decode_token(v->tokens, v->rec, i, &len);

	if (bytes == NULL)
		return -1;
	width = put_visible(v->out, bytes, len, v->style->utf8);
	for (; width < columns; width++)
		putc(' ', v->out);
	return 0;
}

/*
 * Store in *COLUMNS the width of the token column for the SHOWN
 * best-ranked candidates.  Return -1 if memory runs out.
 */
static int
measure_tokens(struct record_view *v, size_t shown, size_t *columns)
{
	size_t r, widest = 5;	/* strlen("TOKEN") */

	for (r = 0; r < shown; r++) {
		size_t len, width;
		const char *bytes = decode_token(v->tokens, v->rec,
		    v->s->rank[r].index, &len);

		if (bytes == NULL)
			return -1;
		width = put_visible(NULL, bytes, len, v->style->utf8);
		if (width > widest)
			widest = width;
	}
	*columns = widest < TOKEN_COLUMNS_MAX ? widest : TOKEN_COLUMNS_MAX;
	return 0;
}

/* Start colour CODE, or end colour when CODE is NULL, if colour is on. */
static void
colour(const struct record_view *v, const char *code)
{
	if (v->style->colour)
		fputs(code != NULL ? code : ANSI_RESET, v->out);
}

static void
write_table_summary(const struct record_view *v)
{
	const struct record_summary *sum = &v->summary;

	fprintf(v->out, "survivors:  %zu of %zu candidates, PROB mass %.6f\n",
	    sum->survivors, sum->candidates, sum->survivor_prob);
	fprintf(v->out, "entropy:    PROB %.6g nats (%.6g bits), "
	    "FINAL %.6g nats (%.6g bits)\n", sum->entropy_prob,
	    sum->entropy_prob / LN_2, sum->entropy_final,
	    sum->entropy_final / LN_2);
	fprintf(v->out, "perplexity: PROB %.6g, FINAL %.6g\n",
	    perplexity(sum->entropy_prob), perplexity(sum->entropy_final));
}

/*
 * Write the record's dump as a table: a title line, a header, one row
 * per candidate in rank order (at most cfg->limit), one line for the
 * candidates left out, the summary, and a blank line.  Rows of dropped
 * candidates are dimmed when colour is on.  The ranks, PROB and the
 * summary must be computed.  Return -1 if memory runs out.
 */
int
write_table_dump(struct record_view *v)
{
	size_t n = v->rec->n, shown = n < v->cfg->limit ? n : v->cfg->limit;
	size_t r, token_columns;
	double cum = 0, rest_prob = 0, rest_final = 0;
	int rank_columns = 4;
	char digits[24];	/* any size_t in decimal */

	if (measure_tokens(v, shown, &token_columns) != 0)
		return -1;
	if (snprintf(digits, sizeof(digits), "%zu", shown) > rank_columns)
		rank_columns = (int)strlen(digits);
	fprintf(v->out, "record %ju: %zu candidates\n",
	    (uintmax_t)v->rec->number, n);
	colour(v, ANSI_BOLD);
	fprintf(v->out, "%*s  %-*s  %8s  %8s  %8s", rank_columns, "RANK",
	    (int)token_columns, "TOKEN", "PROB", "FINAL", "CUM");
	colour(v, NULL);
	putc('\n', v->out);
	for (r = 0; r < n; r++) {
		size_t i = v->s->rank[r].index;
		double final = final_prob(v->s, i);
		int survived = v->s->keep[i] && v->s->weight[i] != 0;

		cum += v->prob[i];
		if (r >= shown) {
			rest_prob += v->prob[i];
			rest_final += final;
			continue;
		}
		colour(v, survived ? NULL : ANSI_DIM);
		fprintf(v->out, "%*zu  ", rank_columns, r + 1);
		if (put_token(v, i, token_columns) != 0)
			return -1;
		fprintf(v->out, "  %8.6f  %8.6f  %8.6f  ", v->prob[i], final,
		    cum);
		colour(v, survived ? ANSI_GREEN : NULL);
		put_bar(v->out, v->prob[i], v->style->utf8);
		colour(v, NULL);
		putc('\n', v->out);
	}
	if (shown < n)
		fprintf(v->out, "(%zu more: PROB %.6f, FINAL %.6f)\n",
		    n - shown, rest_prob, rest_final);
	write_table_summary(v);
	putc('\n', v->out);
	return 0;
}

/*
 * Write the draw of candidate I as a row: record, rank, PROB, FINAL,
 * log-probability and token, then one row per --top-logprobs
 * alternative with the record column left empty.  The column header is
 * written before the first row of the run.  The ranks and PROB must be
 * computed.  Return -1 if memory runs out.
 */
int
write_table_draw(struct record_view *v, size_t i)
{
	size_t r, n = v->rec->n;

	if (!v->style->header_written) {
		colour(v, ANSI_BOLD);
		fprintf(v->out, "%6s  %4s  %8s  %8s  %10s  %s", "RECORD",
		    "RANK", "PROB", "FINAL", "LOGPROB", "TOKEN");
		colour(v, NULL);
		putc('\n', v->out);
		v->style->header_written = 1;
	}
	fprintf(v->out, "%6ju  %4zu  %8.6f  %8.6f  %10.4f  ",
	    (uintmax_t)v->rec->number, find_rank(v->s, n, i), v->prob[i],
	    final_prob(v->s, i), view_logprob(v, i));
	if (put_token(v, i, 0) != 0)
		return -1;
	putc('\n', v->out);
	for (r = 0; r < v->cfg->top_logprobs && r < n; r++) {
		size_t j = v->s->rank[r].index;

		colour(v, ANSI_DIM);
		fprintf(v->out, "%6s  %4zu  %8.6f  %8.6f  %10.4f  ", "", r + 1,
		    v->prob[j], final_prob(v->s, j), view_logprob(v, j));
		if (put_token(v, j, 0) != 0)
			return -1;
		colour(v, NULL);
		putc('\n', v->out);
	}
	return 0;
}
