/*
 * Command-line parsing into a struct config.
 */
#ifndef OPTIONS_H
#define OPTIONS_H

#include <stdio.h>

#include "config.h"

enum options_result {
	OPTIONS_RUN,		/* cfg is ready; process the input */
	OPTIONS_DONE,		/* --help or --version was printed */
	OPTIONS_USAGE		/* a usage error was reported */
};

#define VERSION "0.1.0"

enum options_result reject_value(FILE *err, const char *option,
    const char *value, const char *expected);
enum options_result parse_options(int argc, char **argv, struct config *cfg,
    FILE *out, FILE *err);

#endif
