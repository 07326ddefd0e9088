/*
 * Token bytes: a candidate's token as read, and the decoding of the
 * backslash escapes that tokens use for bytes a line cannot carry.
 */
#ifndef TOKEN_H
#define TOKEN_H

#include <stddef.h>

#include "reader.h"

/* A reusable buffer for a token's decoded bytes. */
struct token_buffer {
	char *bytes;
	size_t cap;
};

/* Large enough for any size_t in decimal and a NUL. */
#define POSITION_BUFSIZE 24

const char *get_token(const struct record *rec, size_t i,
    char position[POSITION_BUFSIZE], size_t *len);
size_t decode_escapes(const char *text, size_t len, char *out);
const char *decode_token(struct token_buffer *buf, const struct record *rec,
    size_t i, size_t *len);
void free_token_buffer(struct token_buffer *buf);

#endif
