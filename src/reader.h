/*
 * Input reading: splits a byte stream into records of candidates.
 */
#ifndef READER_H
#define READER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "config.h"

struct vocab;

/* tok_off value of a score-only line, whose token is its position. */
#define TOKEN_POSITION SIZE_MAX

/*
 * One record: the candidates of one distribution.  Token bytes are not
 * copied; tok_off and tok_len point into text, which stays valid until
 * the next call of read_record().
 */
struct record {
	size_t n;		/* number of candidates */
	double *score;		/* logits, after any --probs conversion */
	size_t *tok_off;	/* offset of each token in text */
	size_t *tok_len;
	size_t cap;		/* allocated length of the arrays */
	const char *text;	/* the record's input bytes */
	size_t text_len;
	const char *file;	/* file name for messages */
	uintmax_t first_line;	/* line number of candidate 0 */
	uint64_t number;	/* record number across the run, from 0 */
	const struct vocab *vocab;	/* names score-only lines, or NULL */
};

enum read_status {
	READ_RECORD,		/* *rec holds a new record */
	READ_END,		/* end of this input; no record */
	READ_DATA_ERROR,	/* message already written */
	READ_WRITE_ERROR	/* flushing the output failed; errno is set */
};

struct reader {
	char *buf;
	size_t cap, len;	/* buf has room for cap bytes, len are valid */
	size_t rec_start;	/* first byte of the record being read */
	size_t pos;		/* first byte not yet split into lines */
	size_t scan;		/* where the search for the next newline resumes */
	int eof;
	int fd;			/* -1 reads mem instead */
	const char *mem;
	size_t mem_len;
	const char *name;	/* "stdin" or the operand */
	uintmax_t line;		/* lines consumed so far */
	FILE *flush;		/* flushed before every read, may be NULL */
	FILE *err;		/* where data errors are reported */
};

int init_reader(struct reader *r, FILE *flush, FILE *err);
void start_reader(struct reader *r, int fd, const char *name);
void start_reader_memory(struct reader *r, const char *mem, size_t len,
    const char *name);
void free_reader(struct reader *r);
enum read_status read_record(struct reader *r, struct record *rec,
    const struct config *cfg);
void free_record(struct record *rec);
void write_visible(FILE *err, const char *text, size_t len,
    int ascii_only);
void report_data_error(FILE *err, const char *file, uintmax_t line,
    const char *what, const char *value, size_t value_len);

#endif
