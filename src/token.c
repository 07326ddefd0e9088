/*
 * Token bytes.  Tokens are opaque bytes, kept as read.  Where the
 * program needs the bytes a token stands for (JSON, raw text output,
 * matching a token named by the user) it decodes the escapes \n, \t,
 * \r, \\ and \xHH; a backslash followed by anything else is itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "token.h"
#include "vocab.h"

static int hex_value(char c);

/*
 * Return candidate I's token as read and store its length in *LEN.  For
 * a score-only line the token is its vocabulary entry, or without a
 * vocabulary (or past its end) its position, formatted into POSITION.
 */
const char *
get_token(const struct record *rec, size_t i, char position[POSITION_BUFSIZE],
    size_t *len)
{
	if (rec->tok_off[i] == TOKEN_POSITION && rec->vocab != NULL &&
	    i < rec->vocab->n) {
		*len = rec->vocab->len[i];
		return rec->vocab->text + rec->vocab->off[i];
	}
	if (rec->tok_off[i] == TOKEN_POSITION) {
		int n = snprintf(position, POSITION_BUFSIZE, "%zu", i);

		*len = (size_t)n;
		return position;
	}
	*len = rec->tok_len[i];
	return rec->text + rec->tok_off[i];
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decode the escapes in the LEN bytes at TEXT into OUT, which needs room
 * for LEN bytes (decoding never lengthens), and return the decoded length.
 */
size_t
decode_escapes(const char *text, size_t len, char *out)
{
	size_t i = 0, n = 0;

	while (i < len) {
		char c = text[i];

		if (c != '\\' || i + 1 >= len) {
			out[n++] = c;
			i++;
			continue;
		}
		switch (text[i + 1]) {
		case 'n':
			out[n++] = '\n';
			i += 2;
			break;
		case 't':
			out[n++] = '\t';
			i += 2;
			break;
		case 'r':
			out[n++] = '\r';
			i += 2;
			break;
		case '\\':
			out[n++] = '\\';
			i += 2;
			break;
		case 'x':
			if (i + 3 < len && hex_value(text[i + 2]) >= 0 &&
			    hex_value(text[i + 3]) >= 0) {
				out[n++] = (char)(hex_value(text[i + 2]) * 16 +
				    hex_value(text[i + 3]));
				i += 4;
				break;
			}
			/* FALLTHROUGH */
		default:
			out[n++] = c;
			i++;
		}
	}
	return n;
}

/*
 * Return candidate I's token bytes with the escapes decoded and store
 * their length in *LEN.  A token without a backslash is returned in
 * place; otherwise the bytes are decoded into BUF.  The result is not
 * NUL-terminated and stays valid until the next call with BUF.  Return
 * NULL if memory runs out.
 */
const char *
decode_token(struct token_buffer *buf, const struct record *rec, size_t i,
    size_t *len)
{
	char position[POSITION_BUFSIZE];
	size_t text_len;
	const char *text = get_token(rec, i, position, &text_len);

	if (text != position && memchr(text, '\\', text_len) == NULL) {
		*len = text_len;
		return text;
	}
	if (text_len > buf->cap) {
		char *grown = realloc(buf->bytes, text_len);

		if (grown == NULL)
			return NULL;
		buf->bytes = grown;
		buf->cap = text_len;
	}
	*len = decode_escapes(text, text_len, buf->bytes);
	return buf->bytes;
}

void
free_token_buffer(struct token_buffer *buf)
{
	free(buf->bytes);
	buf->bytes = NULL;
	buf->cap = 0;
}
