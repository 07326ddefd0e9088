/*
 * Strict decimal parsing of scores and option values, and shortest
 * round-trip formatting of doubles.
 */
#ifndef NUMBER_H
#define NUMBER_H

#include <stddef.h>
#include <stdint.h>

enum number_status {
	NUMBER_OK,
	NUMBER_INVALID,		/* not in the accepted syntax */
	NUMBER_OVERFLOW		/* syntax accepted, magnitude beyond a double */
};

/* Large enough for "-inf" and any "%.17g" output. */
#define NUMBER_BUFSIZE 32

enum number_status parse_decimal(const char *text, size_t len, double *value);
enum number_status parse_uint64(const char *text, uint64_t *value);
size_t format_double(char buf[NUMBER_BUFSIZE], double value);

#endif
