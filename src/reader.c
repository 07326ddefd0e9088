/*
 * Input reading.  Bytes come in large read(2) calls into one growing
 * buffer that contains the record being read.  Tokens are never copied,
 * because a record refers to its candidates by offsets into that buffer.  Lines
 * are split into token and score here, scores are parsed, and with
 * --probs converted to logits.  Memory grows with the largest record, not
 * with the input.  Standard output is flushed before every read, so a
 * coprocess that writes one record and waits for its output gets it.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dmath.h"
#include "number.h"
#include "reader.h"

/*
 * Smallest free space worth a read(2) call.  The fuzzing build makes it
 * tiny, so that short inputs move and grow the buffer as long ones do.
 */
#ifndef MIN_READ
#define MIN_READ 65536
#endif
/* Maximum number of bytes of a value quoted in a data error message. */
#define MAX_QUOTED 40

enum line_kind {
	LINE_BLANK,
	LINE_CANDIDATE,
	LINE_ERROR
};

static enum read_status fill_buffer(struct reader *r);
static enum line_kind parse_line(struct reader *r, struct record *rec,
    const struct config *cfg, size_t start, size_t end);
static int grow_record(struct record *rec);
static void flush_before_message(const struct reader *r);
static int parse_score(struct reader *r, const struct config *cfg,
    const char *field, size_t len, double *score);

int
init_reader(struct reader *r, FILE *flush, FILE *err)
{
	memset(r, 0, sizeof(*r));
	r->buf = malloc(MIN_READ * 2);
	if (r->buf == NULL)
		return -1;
	r->cap = MIN_READ * 2;
	r->fd = -1;
	r->flush = flush;
	r->err = err;
	return 0;
}

/* Start reading a new input from file descriptor FD. */
void
start_reader(struct reader *r, int fd, const char *name)
{
	r->len = r->rec_start = r->pos = r->scan = 0;
	r->eof = 0;
	r->fd = fd;
	r->mem = NULL;
	r->mem_len = 0;
	r->name = name;
	r->line = 0;
}

/* Start reading a new input from LEN bytes at MEM, for in-process tests. */
void
start_reader_memory(struct reader *r, const char *mem, size_t len,
    const char *name)
{
	start_reader(r, -1, name);
	r->mem = mem;
	r->mem_len = len;
}

void
free_reader(struct reader *r)
{
	free(r->buf);
	r->buf = NULL;
}

void
free_record(struct record *rec)
{
	free(rec->score);
	free(rec->tok_off);
	free(rec->tok_len);
	memset(rec, 0, sizeof(*rec));
}

/*
 * Write "logitsample: FILE:LINE: WHAT: 'VALUE'" to ERR.  At most
 * MAX_QUOTED bytes of VALUE are shown, and bytes outside printable ASCII
 * are written as \xHH so the message stays one readable line.  Callers
 * flush the output of earlier records first.
 */
void
report_data_error(FILE *err, const char *file, uintmax_t line,
    const char *what, const char *value, size_t value_len)
{
	fputs("logitsample: ", err);
	write_visible(err, file, strlen(file), 0);
	fprintf(err, ":%ju: %s: '", line, what);
	if (value_len > MAX_QUOTED)
		value_len = MAX_QUOTED;
	write_visible(err, value, value_len, 1);
	fputs("'\n", err);
}

/*
 * Write the LEN bytes at TEXT with control bytes as \xHH, so that a file
 * name or value cannot break a message line or send terminal control
 * sequences.  With ASCII_ONLY, bytes above 0x7F are escaped too, since a
 * cut value may end inside a UTF-8 sequence.
 */
void
write_visible(FILE *err, const char *text, size_t len, int ascii_only)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c < 0x20 || c == 0x7f || (ascii_only && c > 0x7f))
			fprintf(err, "\\x%02X", c);
		else
			fputc(c, err);
	}
}

/*
 * Read the next record of the current input into REC.  Blank lines
 * before it are skipped; a blank line after it or the end of the input
 * ends it.  On READ_DATA_ERROR the message is already written.
 */
enum read_status
read_record(struct reader *r, struct record *rec, const struct config *cfg)
{
	rec->n = 0;
	rec->file = r->name;
	r->rec_start = r->pos;
	for (;;) {
		char *newline = NULL;
		size_t line_start = r->pos, line_end, next;
		enum read_status status;

		if (r->scan < r->len)
			newline = memchr(r->buf + r->scan, '\n',
			    r->len - r->scan);
		if (newline == NULL && !r->eof) {
			r->scan = r->len;
			status = fill_buffer(r);
			if (status != READ_RECORD)
				return status;
			continue;
		}
		if (newline == NULL) {
			if (r->pos == r->len)
				break;
			line_end = next = r->len;
		} else {
			line_end = (size_t)(newline - r->buf);
			next = line_end + 1;
		}
		r->line++;
		r->pos = r->scan = next;

		switch (parse_line(r, rec, cfg, line_start, line_end)) {
		case LINE_ERROR:
			return READ_DATA_ERROR;
		case LINE_BLANK:
			if (rec->n > 0)
				goto done;
			r->rec_start = r->pos;
			break;
		case LINE_CANDIDATE:
			break;
		}
	}
done:
	if (rec->n == 0)
		return READ_END;
	rec->text = r->buf + r->rec_start;
	rec->text_len = r->pos - r->rec_start;
	return READ_RECORD;
}

/*
 * Make room and read more bytes.  The record in progress is moved to the
 * front of the buffer only when space runs short.  After a move it
 * starts at offset 0, so a second shortage grows the buffer instead and
 * no record is moved twice.
 */
static enum read_status
fill_buffer(struct reader *r)
{
	ssize_t got;

	if (r->cap - r->len < MIN_READ && r->rec_start > 0) {
		size_t shift = r->rec_start;

		memmove(r->buf, r->buf + shift, r->len - shift);
		r->len -= shift;
		r->pos -= shift;
		r->scan -= shift;
		r->rec_start = 0;
	}
	if (r->cap - r->len < MIN_READ) {
		size_t new_cap = r->cap * 2;
		char *grown;

		if (new_cap < r->cap ||
		    (grown = realloc(r->buf, new_cap)) == NULL) {
			flush_before_message(r);
			fprintf(r->err, "logitsample: %s: out of memory\n",
			    r->name);
			return READ_DATA_ERROR;
		}
		r->buf = grown;
		r->cap = new_cap;
	}

	if (r->flush != NULL && fflush(r->flush) != 0)
		return READ_WRITE_ERROR;

	if (r->fd < 0) {
		size_t chunk = r->cap - r->len;

		if (chunk > r->mem_len)
			chunk = r->mem_len;
		memcpy(r->buf + r->len, r->mem, chunk);
		r->mem += chunk;
		r->mem_len -= chunk;
		got = (ssize_t)chunk;
	} else {
		do
			got = read(r->fd, r->buf + r->len, r->cap - r->len);
		while (got < 0 && errno == EINTR);
	}
	if (got < 0) {
		int read_error = errno;

		flush_before_message(r);
		fprintf(r->err, "logitsample: %s: read error: %s\n", r->name,
		    strerror(read_error));
		return READ_DATA_ERROR;
	}
	if (got == 0)
		r->eof = 1;
	r->len += (size_t)got;
	return READ_RECORD;
}

/*
 * Classify the line at [START, END) of the buffer and, if it is a
 * candidate, append it to REC.  Trailing spaces and one CR are ignored.
 * The last TAB, if any, separates token and score.  Without a TAB the
 * last run of spaces does, and a line with neither is a score whose
 * token is its position in the record.
 */
static enum line_kind
parse_line(struct reader *r, struct record *rec, const struct config *cfg,
    size_t start, size_t end)
{
	const char *b = r->buf;
	size_t tab, space, first, score_start, score_end = end;
	size_t tok_off, tok_len;

	while (score_end > start && b[score_end - 1] == ' ')
		score_end--;
	if (score_end > start && b[score_end - 1] == '\r')
		score_end--;
	while (score_end > start && b[score_end - 1] == ' ')
		score_end--;
	if (score_end == start)
		return LINE_BLANK;

	for (tab = score_end; tab > start && b[tab - 1] != '\t'; tab--)
		continue;
	if (tab > start) {
		tok_off = start;
		tok_len = tab - 1 - start;
		score_start = tab;
		while (score_start < score_end && b[score_start] == ' ')
			score_start++;
	} else {
		for (first = start; b[first] == ' '; first++)
			continue;
		for (space = score_end; space > first && b[space - 1] != ' ';
		    space--)
			continue;
		score_start = space;
		if (space > first) {
			while (space > start && b[space - 1] == ' ')
				space--;
			tok_off = start;
			tok_len = space - start;
		} else {
			score_start = first;
			tok_off = TOKEN_POSITION;
			tok_len = 0;
		}
	}

	if (rec->n == rec->cap && grow_record(rec) != 0) {
		flush_before_message(r);
		fprintf(r->err, "logitsample: %s:%ju: out of memory\n",
		    r->name, r->line);
		return LINE_ERROR;
	}
	if (parse_score(r, cfg, b + score_start, score_end - score_start,
	    &rec->score[rec->n]) != 0)
		return LINE_ERROR;
	if (rec->n == 0)
		rec->first_line = r->line;
	rec->tok_off[rec->n] = tok_off == TOKEN_POSITION ? tok_off :
	    tok_off - r->rec_start;
	rec->tok_len[rec->n] = tok_len;
	rec->n++;
	return LINE_CANDIDATE;
}

/*
 * Parse one score field into a logit.  With --probs the field is a
 * probability, finite and not negative, and the logit is its natural log.
 * Return 0, or -1 after writing a message.
 */
static int
parse_score(struct reader *r, const struct config *cfg, const char *field,
    size_t len, double *score)
{
	double value;
	enum number_status status = parse_decimal(field, len, &value);

	if (status != NUMBER_OK || (cfg->probs &&
	    (isinf(value) || value < 0)))
		flush_before_message(r);
	switch (status) {
	case NUMBER_OK:
		break;
	case NUMBER_INVALID:
		report_data_error(r->err, r->name, r->line,
		    cfg->probs ? "invalid probability" : "invalid score",
		    field, len);
		return -1;
	case NUMBER_OVERFLOW:
		report_data_error(r->err, r->name, r->line,
		    cfg->probs ? "probability out of range" :
		    "score out of range", field, len);
		return -1;
	}
	if (cfg->probs) {
		if (isinf(value) || value < 0) {
			report_data_error(r->err, r->name, r->line,
			    "probability must be finite and not negative",
			    field, len);
			return -1;
		}
		value = det_log(value);
	}
	*score = value;
	return 0;
}

static int
grow_record(struct record *rec)
{
	size_t cap = rec->cap ? rec->cap * 2 : 1024;
	double *score;
	size_t *off, *len;

	if (cap < rec->cap || cap > SIZE_MAX / sizeof(double))
		return -1;
	score = realloc(rec->score, cap * sizeof(*score));
	if (score == NULL)
		return -1;
	rec->score = score;
	off = realloc(rec->tok_off, cap * sizeof(*off));
	if (off == NULL)
		return -1;
	rec->tok_off = off;
	len = realloc(rec->tok_len, cap * sizeof(*len));
	if (len == NULL)
		return -1;
	rec->tok_len = len;
	rec->cap = cap;
	return 0;
}

/*
 * Write out the completed records before an error message, so that the
 * output and the message appear in the order they happened.
 */
static void
flush_before_message(const struct reader *r)
{
	if (r->flush != NULL)
		fflush(r->flush);
}
