/*
 * The floor for the benchmark: the least work any filter of this input
 * must do.  It reads the file in large blocks, finds each line's last
 * TAB, parses the score with the program's own parser (parse_decimal,
 * exact fast path with a strtod fallback) and calls libm's exp once per
 * line.  The sum is printed so the compiler cannot drop the work.
 *
 * usage: floor FILE
 */
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/number.h"

#define BLOCK (1 << 20)

static size_t scan_lines(const char *buf, size_t len, double *sum,
    size_t *lines);

/*
 * Parse every complete line in BUF (LEN bytes) and return the length of
 * the complete lines consumed; the rest is an unfinished line.
 */
static size_t
scan_lines(const char *buf, size_t len, double *sum, size_t *lines)
{
	size_t start = 0;

	for (;;) {
		const char *nl = memchr(buf + start, '\n', len - start);
		size_t end, tab;
		double value;

		if (nl == NULL)
			return start;
		end = (size_t)(nl - buf);
		for (tab = end; tab > start && buf[tab - 1] != '\t'; tab--)
			continue;
		if (end > start && parse_decimal(buf + tab, end - tab,
		    &value) == NUMBER_OK) {
			*sum += exp(value);
			++*lines;
		}
		start = end + 1;
	}
}

int
main(int argc, char **argv)
{
	char *buf = malloc(2 * BLOCK);
	size_t len = 0, lines = 0;
	double sum = 0;
	ssize_t got;
	int fd;

	if (argc != 2 || buf == NULL) {
		fputs("usage: floor FILE\n", stderr);
		return 2;
	}
	if ((fd = open(argv[1], O_RDONLY)) < 0) {
		perror(argv[1]);
		return 1;
	}
	while ((got = read(fd, buf + len, 2 * BLOCK - len)) > 0) {
		size_t used;

		len += (size_t)got;
		used = scan_lines(buf, len, &sum, &lines);
		memmove(buf, buf + used, len - used);
		len -= used;
		if (len == 2 * BLOCK) {
			fputs("floor: line longer than the buffer\n", stderr);
			return 1;
		}
	}
	if (len > 0) {
		buf[len++] = '\n';
		scan_lines(buf, len, &sum, &lines);
	}
	printf("%zu lines, sum of exp %.17g\n", lines, sum);
	close(fd);
	free(buf);
	return 0;
}
