/*
 * Option parsing.  Every numeric value is parsed strictly: the whole
 * argument must match, and values out of range are usage errors, never
 * clamped.  Parsing reports errors by status and never exits, so it can
 * run many times in one process.
 */
#include <getopt.h>
#include <math.h>
#include <string.h>

#include "number.h"
#include "options.h"

static const char short_options[] = ":dghk:m:n:p:s:t:vV";

enum {
	OPT_PROBS = 256
};

static const struct option long_options[] = {
	{ "count",		required_argument,	NULL,	'n' },
	{ "dump",		no_argument,		NULL,	'd' },
	{ "greedy",		no_argument,		NULL,	'g' },
	{ "help",		no_argument,		NULL,	'h' },
	{ "min-p",		required_argument,	NULL,	'm' },
	{ "probs",		no_argument,		NULL,	OPT_PROBS },
	{ "seed",		required_argument,	NULL,	's' },
	{ "temperature",	required_argument,	NULL,	't' },
	{ "top-k",		required_argument,	NULL,	'k' },
	{ "top-p",		required_argument,	NULL,	'p' },
	{ "verbose",		no_argument,		NULL,	'v' },
	{ "version",		no_argument,		NULL,	'V' },
	{ NULL,			0,			NULL,	0 }
};

static const char usage_text[] =
"usage: logitsample [-dghvV] [-k top_k] [-m min_p] [-n count] [-p top_p]\n"
"                   [-s seed] [-t temperature] [--probs] [file ...]\n";

static const char help_text[] =
"Sample a token from next-token scores, one 'TOKEN SCORE' line per\n"
"candidate and a blank line between records.\n"
"\n"
"  -t, --temperature T  divide logits by T before the softmax (default 1;\n"
"                       0 is greedy)\n"
"  -k, --top-k K        keep the K best-ranked tokens (default 0: all)\n"
"  -p, --top-p P        keep the smallest best-ranked set whose probability\n"
"                       reaches P, in [0, 1] (default 1: all)\n"
"  -m, --min-p M        keep tokens with probability at least M times the\n"
"                       largest, in [0, 1] (default 0: all)\n"
"  -g, --greedy         choose the best-ranked token (temperature 0)\n"
"  -n, --count N        draw N tokens per record (default 1)\n"
"  -d, --dump           print every token's LOGIT, PROB, CUM and FINAL\n"
"                       probability instead of sampling\n"
"  -s, --seed N         seed the generator, 0 to 18446744073709551615\n"
"                       (default: from the operating system)\n"
"      --probs          read scores as probabilities instead of logits\n"
"  -v, --verbose        print the seed to standard error\n"
"  -h, --help           print this help and exit\n"
"  -V, --version        print the version and exit\n"
"\n"
"Transforms run in the order temperature, top-k, top-p, min-p.\n"
"With no file, or when file is -, read standard input.\n"
"See logitsample(1) for the input format and the sampling algorithm.\n";

static enum options_result reject_value(FILE *err, const char *option,
    const char *value, const char *expected);
static enum options_result reject_usage(FILE *err, const char *format,
    const char *detail);
static const char *find_long_name(int value);
static int parse_real(const char *text, double low, double high,
    double *value);
static int parse_count(const char *text, uint64_t low, uint64_t *value);

static enum options_result
reject_value(FILE *err, const char *option, const char *value,
    const char *expected)
{
	fprintf(err, "logitsample: invalid value '%s' for %s: expected %s\n"
	    "Try 'logitsample --help'.\n", value, option, expected);
	return OPTIONS_USAGE;
}

/* Report a usage error; FORMAT has one %s, which DETAIL fills. */
static enum options_result
reject_usage(FILE *err, const char *format, const char *detail)
{
	fputs("logitsample: ", err);
	fprintf(err, format, detail);
	fputs("\nTry 'logitsample --help'.\n", err);
	return OPTIONS_USAGE;
}

/*
 * Return the long name of the flag (an option that takes no value) that
 * getopt_long returns as VALUE, or NULL if there is none.  getopt_long
 * reports a value given to a flag ("--dump=1") by setting optopt to that
 * flag's value, whereas an unknown short option sets optopt to a
 * character that no option uses.
 */
static const char *
find_long_name(int value)
{
	const struct option *o;

	for (o = long_options; o->name != NULL; o++)
		if (o->val == value && o->has_arg == no_argument)
			return o->name;
	return NULL;
}

/* Parse TEXT as a finite decimal in [LOW, HIGH]; return 0 on success. */
static int
parse_real(const char *text, double low, double high, double *value)
{
	double parsed;

	if (parse_decimal(text, strlen(text), &parsed) != NUMBER_OK)
		return -1;
	if (!isfinite(parsed) || parsed < low || parsed > high)
		return -1;
	*value = parsed;
	return 0;
}

/* Parse TEXT as a decimal integer of at least LOW; return 0 on success. */
static int
parse_count(const char *text, uint64_t low, uint64_t *value)
{
	uint64_t parsed;

	if (parse_uint64(text, &parsed) != NUMBER_OK || parsed < low)
		return -1;
	*value = parsed;
	return 0;
}

/*
 * Fill CFG from ARGV.  --help and --version print to OUT; usage errors
 * go to ERR with a pointer to --help.
 */
enum options_result
parse_options(int argc, char **argv, struct config *cfg, FILE *out,
    FILE *err)
{
	int c, temperature_given = 0, greedy = 0, count_given = 0;
	uint64_t top_k;

	memset(cfg, 0, sizeof(*cfg));
	cfg->temperature = 1;
	cfg->top_p = 1;
	cfg->count = 1;

	opterr = 0;
	optind = 0;		/* restart getopt, for repeated calls */
	while ((c = getopt_long(argc, argv, short_options, long_options,
	    NULL)) != -1) {
		switch (c) {
		case 'd':
			cfg->dump = 1;
			break;
		case 'g':
			greedy = 1;
			break;
		case 'h':
			fputs(usage_text, out);
			fputs("\n", out);
			fputs(help_text, out);
			return OPTIONS_DONE;
		case 'k':
			if (parse_count(optarg, 0, &top_k) != 0 ||
			    top_k > SIZE_MAX)
				return reject_value(err, "-k/--top-k", optarg,
				    "an integer >= 0");
			cfg->top_k = (size_t)top_k;
			break;
		case 'm':
			if (parse_real(optarg, 0, 1, &cfg->min_p) != 0)
				return reject_value(err, "-m/--min-p", optarg,
				    "a number from 0 to 1");
			break;
		case 'n':
			if (parse_count(optarg, 1, &cfg->count) != 0)
				return reject_value(err, "-n/--count", optarg,
				    "an integer from 1 to "
				    "18446744073709551615");
			count_given = 1;
			break;
		case 'p':
			if (parse_real(optarg, 0, 1, &cfg->top_p) != 0)
				return reject_value(err, "-p/--top-p", optarg,
				    "a number from 0 to 1");
			break;
		case 's':
			if (parse_count(optarg, 0, &cfg->seed) != 0)
				return reject_value(err, "-s/--seed", optarg,
				    "an integer from 0 to "
				    "18446744073709551615");
			cfg->seed_given = 1;
			break;
		case 't':
			if (parse_real(optarg, 0, HUGE_VAL,
			    &cfg->temperature) != 0)
				return reject_value(err, "-t/--temperature",
				    optarg, "a finite number >= 0");
			temperature_given = 1;
			break;
		case 'v':
			cfg->verbose = 1;
			break;
		case 'V':
			fputs("logitsample " VERSION "\n", out);
			return OPTIONS_DONE;
		case OPT_PROBS:
			cfg->probs = 1;
			break;
		case ':':
			return reject_usage(err,
			    "option '%s' requires a value", argv[optind - 1]);
		default:
			if (find_long_name(optopt) != NULL)
				return reject_usage(err, "option '--%s' does "
				    "not take a value", find_long_name(optopt));
			if (optopt != 0) {
				char name[3] = { '-', (char)optopt, '\0' };

				return reject_usage(err,
				    "unknown option '%s'", name);
			}
			return reject_usage(err, "unknown option '%s'",
			    argv[optind - 1]);
		}
	}

	if (greedy && temperature_given && cfg->temperature != 0)
		return reject_usage(err, "-g/--greedy cannot be combined "
		    "with a non-zero -t/--temperature%s", "");
	if (greedy)
		cfg->temperature = 0;
	if (cfg->dump && count_given)
		return reject_usage(err, "-d/--dump cannot be combined "
		    "with -n/--count%s", "");
	cfg->files = argv + optind;
	return OPTIONS_RUN;
}
