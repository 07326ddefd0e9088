/*
 * The vocabulary file.  Each line is one token, written as a token field
 * of the input is: its bytes as read, with the same backslash escapes for
 * bytes a line cannot carry.  The newline and one CR before it end the
 * line.  Every other byte, spaces included, belongs to the token, and an
 * empty line is an empty token.  The file is read whole at start-up, so
 * memory grows with its size.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vocab.h"

static int read_file(FILE *fp, char **text, size_t *len);
static int split_lines(struct vocab *v, size_t len);

/* Read all of FP into a new buffer; return 0, or -1 with errno set. */
static int
read_file(FILE *fp, char **text, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap);

	if (buf == NULL)
		return -1;
	for (;;) {
		size_t got = fread(buf + n, 1, cap - n, fp);
		char *grown;

		n += got;
		if (n < cap)
			break;
		if (cap > SIZE_MAX / 2) {
			free(buf);
			errno = ENOMEM;
			return -1;
		}
		cap *= 2;
		grown = realloc(buf, cap);
		if (grown == NULL) {
			free(buf);
			return -1;
		}
		buf = grown;
	}
	if (ferror(fp)) {
		free(buf);
		return -1;
	}
	*text = buf;
	*len = n;
	return 0;
}

/* Record the offset and length of each line of the LEN bytes of text. */
static int
split_lines(struct vocab *v, size_t len)
{
	size_t lines = 0, i, start;

	for (i = 0; i < len; i++)
		if (v->text[i] == '\n')
			lines++;
	if (len > 0 && v->text[len - 1] != '\n')
		lines++;
	v->off = malloc((lines ? lines : 1) * sizeof(size_t));
	v->len = malloc((lines ? lines : 1) * sizeof(size_t));
	if (v->off == NULL || v->len == NULL)
		return -1;
	for (start = 0; start < len; start = i + 1) {
		char *newline = memchr(v->text + start, '\n', len - start);
		size_t end = newline != NULL ? (size_t)(newline - v->text) : len;

		i = end;
		if (end > start && v->text[end - 1] == '\r')
			end--;
		v->off[v->n] = start;
		v->len[v->n] = end - start;
		v->n++;
	}
	return 0;
}

/*
 * Load the vocabulary in FILE into V.  Return 0, or -1 after writing a
 * message to ERR.
 */
int
load_vocab(struct vocab *v, const char *file, FILE *err)
{
	FILE *fp;
	size_t len;
	int failed;

	memset(v, 0, sizeof(*v));
	v->file = file;
	fp = fopen(file, "rb");
	if (fp == NULL) {
		fprintf(err, "logitsample: %s: %s\n", file, strerror(errno));
		return -1;
	}
	failed = read_file(fp, &v->text, &len);
	if (failed)
		fprintf(err, "logitsample: %s: read error: %s\n", file,
		    strerror(errno));
	fclose(fp);
	if (failed)
		return -1;
	if (split_lines(v, len) != 0) {
		fprintf(err, "logitsample: %s: out of memory\n", file);
		return -1;
	}
	return 0;
}

void
free_vocab(struct vocab *v)
{
	free(v->text);
	free(v->off);
	free(v->len);
	memset(v, 0, sizeof(*v));
}
