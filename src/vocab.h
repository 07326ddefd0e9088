/*
 * The vocabulary file of --vocab: the tokens that score-only lines stand
 * for, one per line, position 0 first.
 */
#ifndef VOCAB_H
#define VOCAB_H

#include <stddef.h>
#include <stdio.h>

struct vocab {
	char *text;		/* the whole file */
	size_t *off;		/* each token's offset in text */
	size_t *len;
	size_t n;		/* number of tokens */
	const char *file;	/* name for messages */
};

int load_vocab(struct vocab *v, const char *file, FILE *err);
void free_vocab(struct vocab *v);

#endif
