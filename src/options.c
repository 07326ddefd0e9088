/*
 * Option parsing.  Every numeric value is parsed strictly: the whole
 * argument must match, and values out of range are usage errors, never
 * clamped.  Parsing reports errors by status and never exits, so it can
 * run many times in one process.
 */
#include <getopt.h>
#include <math.h>
#include <string.h>

#include "chain_options.h"
#include "number.h"
#include "options.h"

static const char short_options[] = ":df:ghk:lm:n:p:rs:t:vV";

enum {
	OPT_PROBS = 256,
	OPT_LIMIT,
	OPT_TOP_LOGPROBS
};

static const struct option long_options[] = {
	{ "count",		required_argument,	NULL,	'n' },
	{ "dump",		no_argument,		NULL,	'd' },
	{ "format",		required_argument,	NULL,	'f' },
	{ "frequency-penalty",	required_argument, NULL, OPT_FREQUENCY_PENALTY },
	{ "greedy",		no_argument,		NULL,	'g' },
	{ "help",		no_argument,		NULL,	'h' },
	{ "limit",		required_argument,	NULL,	OPT_LIMIT },
	{ "logit-bias",		required_argument, NULL, OPT_LOGIT_BIAS },
	{ "logprobs",		optional_argument,	NULL,	'l' },
	{ "min-keep",		required_argument, NULL, OPT_MIN_KEEP },
	{ "min-p",		required_argument,	NULL,	'm' },
	{ "order",		required_argument, NULL, OPT_ORDER },
	{ "penalty-last-n",	required_argument, NULL, OPT_PENALTY_LAST_N },
	{ "presence-penalty",	required_argument, NULL, OPT_PRESENCE_PENALTY },
	{ "probs",		no_argument,		NULL,	OPT_PROBS },
	{ "raw",		no_argument,		NULL,	'r' },
	{ "repeat-penalty",	required_argument, NULL, OPT_REPEAT_PENALTY },
	{ "seed",		required_argument,	NULL,	's' },
	{ "temperature",	required_argument,	NULL,	't' },
	{ "top-k",		required_argument,	NULL,	'k' },
	{ "top-logprobs",	required_argument,	NULL,	OPT_TOP_LOGPROBS },
	{ "top-n-sigma",	required_argument, NULL, OPT_TOP_N_SIGMA },
	{ "top-p",		required_argument,	NULL,	'p' },
	{ "typical-p",		required_argument, NULL, OPT_TYPICAL_P },
	{ "verbose",		no_argument,		NULL,	'v' },
	{ "version",		no_argument,		NULL,	'V' },
	{ "vocab",		required_argument, NULL, OPT_VOCAB },
	{ NULL,			0,			NULL,	0 }
};

static const char usage_text[] =
"usage: logitsample [-dglrv] [-f format] [-k top_k] [-m min_p] [-n count]\n"
"                   [-p top_p] [-s seed] [-t temperature]\n"
"                   [--frequency-penalty F] [--limit N]\n"
"                   [--logit-bias token=bias] [--logprobs[=input|final]]\n"
"                   [--min-keep N] [--order list] [--penalty-last-n N]\n"
"                   [--presence-penalty P] [--probs] [--repeat-penalty R]\n"
"                   [--top-logprobs N] [--top-n-sigma N] [--typical-p P]\n"
"                   [--vocab file] [file ...]\n"
"       logitsample -h | -V\n";

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
"      --typical-p P    keep the most typical tokens until their probability\n"
"                       reaches P, in (0, 1] (default 1: all)\n"
"      --top-n-sigma N  keep tokens scoring at least the best minus N\n"
"                       standard deviations (default 0: all)\n"
"      --min-keep N     top-p, typical-p, min-p and top-n-sigma keep at\n"
"                       least N tokens (default 0)\n"
"      --order LIST     run the enabled transforms in this comma-separated\n"
"                       order\n"
"      --logit-bias TOKEN=BIAS  add BIAS, a number or -inf, to TOKEN's\n"
"                       logit; repeatable\n"
"      --repeat-penalty R     divide a recently drawn token's positive logit\n"
"                       by R, multiply its negative one (default 1: off)\n"
"      --frequency-penalty F  subtract F times the recent draw count\n"
"      --presence-penalty P   subtract P from recently drawn tokens\n"
"      --penalty-last-n N     records the penalties look back on (default\n"
"                       64; -1: the whole run)\n"
"      --vocab FILE     name score-only lines by the lines of FILE\n"
"  -f, --format FMT     tsv (default), json (JSON Lines, one object per\n"
"                       record) or table (aligned columns with bars)\n"
"      --limit N        dump only the N best-ranked candidates per record,\n"
"                       then one line that sums up the rest\n"
"  -l, --logprobs[=input|final]\n"
"                       add each draw's natural log-probability: in the\n"
"                       input distribution (default) or of FINAL\n"
"      --top-logprobs N add the N best-ranked candidates' log-probabilities\n"
"                       to each draw (implies -l)\n"
"  -r, --raw            write the drawn tokens' decoded bytes, nothing\n"
"                       between them and no final newline\n"
"  -v, --verbose        print the seed, and per record the candidates,\n"
"                       survivors and entropy, to standard error\n"
"  -h, --help           print this help and exit\n"
"  -V, --version        print the version and exit\n"
"\n"
"Logit bias and penalties come first; the default order of the rest is\n"
"temperature,top-n-sigma,top-k,typical-p,top-p,min-p.\n"
"With no file, or when file is -, read standard input.\n"
"See logitsample(1) for the input format and the sampling algorithm.\n"
"\n"
"Examples of each format:\n"
"  logitsample -s 1 -l --top-logprobs 2 scores.tsv    TOKEN, LOGPROB, pairs\n"
"  logitsample -d --limit 5 scores.tsv                TSV dump, 5 rows\n"
"  logitsample -d -f json scores.tsv | jq .summary    JSON Lines\n"
"  logitsample -d -f table --limit 10 scores.tsv      table with bars\n"
"  logitsample -s 1 -r steps.tsv                      generated text\n";

static enum options_result reject_usage(FILE *err, const char *format,
    const char *detail);
static const char *find_long_name(int value);
static size_t count_prefix_matches(const char *arg);
static int parse_real(const char *text, double low, double high,
    double *value);
static int parse_count(const char *text, uint64_t low, uint64_t *value);
static int parse_size(const char *text, size_t *value);
static enum options_result check_output_options(const struct config *cfg,
    FILE *err, int format_given, int limit_given);

enum options_result
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

/*
 * Count the long options that ARG, "--name" or "--name=value", is a
 * prefix of.  getopt_long accepts an unambiguous prefix and reports an
 * ambiguous one as unknown, so the message needs this count to name the
 * right error.
 */
static size_t
count_prefix_matches(const char *arg)
{
	const struct option *o;
	size_t len, matches = 0;

	if (strncmp(arg, "--", 2) != 0)
		return 0;
	arg += 2;
	len = strcspn(arg, "=");
	for (o = long_options; o->name != NULL; o++)
		if (strncmp(o->name, arg, len) == 0)
			matches++;
	return matches;
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

/* Parse TEXT as a decimal integer from 0 to SIZE_MAX; return 0 on success. */
static int
parse_size(const char *text, size_t *value)
{
	uint64_t parsed;

	if (parse_uint64(text, &parsed) != NUMBER_OK || parsed > SIZE_MAX)
		return -1;
	*value = (size_t)parsed;
	return 0;
}

/*
 * Reject the output options that make no sense together.  -r with any
 * -f is rejected, -f tsv included, as the man page documents.
 */
static enum options_result
check_output_options(const struct config *cfg, FILE *err, int format_given,
    int limit_given)
{
	if (cfg->raw && (cfg->dump || format_given ||
	    cfg->logprobs != LOGPROBS_NONE))
		return reject_usage(err, "-r/--raw cannot be combined with "
		    "-d/--dump, -f/--format or -l/--logprobs%s", "");
	if (cfg->dump && cfg->logprobs != LOGPROBS_NONE)
		return reject_usage(err, "-l/--logprobs and --top-logprobs "
		    "cannot be combined with -d/--dump%s", "");
	if (limit_given && !cfg->dump)
		return reject_usage(err, "--limit requires -d/--dump%s", "");
	return OPTIONS_RUN;
}

/*
 * Fill CFG from ARGV.  --help and --version print to OUT; usage errors
 * go to ERR with a pointer to --help.  Whatever the result, CFG may own
 * memory that free_config() releases.
 */
enum options_result
parse_options(int argc, char **argv, struct config *cfg, FILE *out,
    FILE *err)
{
	int c, greedy = 0;
	const char *temperature_text = NULL, *count_text = NULL;
	int format_given = 0, limit_given = 0;
	uint64_t top_k;

	memset(cfg, 0, sizeof(*cfg));
	cfg->temperature = 1;
	cfg->top_p = 1;
	cfg->count = 1;
	set_chain_defaults(cfg);
	cfg->limit = SIZE_MAX;

	opterr = 0;
	optind = 0;		/* restart getopt, for repeated calls */
	while ((c = getopt_long(argc, argv, short_options, long_options,
	    NULL)) != -1) {
		switch (c) {
		case 'd':
			cfg->dump = 1;
			break;
		case 'f':
			format_given = 1;
			if (strcmp(optarg, "tsv") == 0)
				cfg->format = FORMAT_TSV;
			else if (strcmp(optarg, "json") == 0)
				cfg->format = FORMAT_JSON;
			else if (strcmp(optarg, "table") == 0)
				cfg->format = FORMAT_TABLE;
			else
				return reject_value(err, "-f/--format", optarg,
				    "tsv, json or table");
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
		case 'l':
			if (optarg == NULL || strcmp(optarg, "input") == 0)
				cfg->logprobs = LOGPROBS_INPUT;
			else if (strcmp(optarg, "final") == 0)
				cfg->logprobs = LOGPROBS_FINAL;
			else
				return reject_value(err, "-l/--logprobs",
				    optarg, "input or final");
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
			count_text = optarg;
			break;
		case 'p':
			if (parse_real(optarg, 0, 1, &cfg->top_p) != 0)
				return reject_value(err, "-p/--top-p", optarg,
				    "a number from 0 to 1");
			break;
		case 'r':
			cfg->raw = 1;
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
			temperature_text = optarg;
			break;
		case 'v':
			cfg->verbose = 1;
			break;
		case 'V':
			fputs("logitsample " VERSION "\n", out);
			return OPTIONS_DONE;
		case OPT_LIMIT:
			if (parse_size(optarg, &cfg->limit) != 0)
				return reject_value(err, "--limit", optarg,
				    "an integer >= 0");
			limit_given = 1;
			break;
		case OPT_PROBS:
			cfg->probs = 1;
			break;
		case OPT_FREQUENCY_PENALTY: case OPT_LOGIT_BIAS:
		case OPT_MIN_KEEP: case OPT_ORDER: case OPT_PENALTY_LAST_N:
		case OPT_PRESENCE_PENALTY: case OPT_REPEAT_PENALTY:
		case OPT_TOP_N_SIGMA: case OPT_TYPICAL_P: case OPT_VOCAB:
			if (parse_chain_option(c, optarg, cfg, err) != 0)
				return OPTIONS_USAGE;
			break;
		case OPT_TOP_LOGPROBS:
			if (parse_size(optarg, &cfg->top_logprobs) != 0)
				return reject_value(err, "--top-logprobs",
				    optarg, "an integer >= 0");
			if (cfg->logprobs == LOGPROBS_NONE)
				cfg->logprobs = LOGPROBS_INPUT;
			break;
		case ':':
			return reject_usage(err,
			    "option '%s' requires a value", argv[optind - 1]);
		default:
			if (find_long_name(optopt) != NULL)
				return reject_usage(err, "option '--%s' does "
				    "not take a value", find_long_name(optopt));
			if (optopt == '=')
				return reject_usage(err, "unknown option '-=': "
				    "a short option takes no '=' (write "
				    "'-t 0.7' or '--temperature=0.7')%s", "");
			if (optopt != 0) {
				char name[3] = { '-', (char)optopt, '\0' };

				return reject_usage(err,
				    "unknown option '%s'", name);
			}
			if (count_prefix_matches(argv[optind - 1]) > 1)
				return reject_usage(err, "ambiguous option "
				    "'%s': give more of its name",
				    argv[optind - 1]);
			return reject_usage(err, "unknown option '%s'",
			    argv[optind - 1]);
		}
	}

	if (greedy && temperature_text != NULL && cfg->temperature != 0)
		return reject_usage(err, "-g/--greedy cannot be combined with "
		    "-t/--temperature '%s': greedy means temperature 0",
		    temperature_text);
	if (greedy)
		cfg->temperature = 0;
	if (cfg->dump && count_text != NULL)
		return reject_usage(err, "-d/--dump cannot be combined with "
		    "-n/--count '%s': a dump draws nothing", count_text);
	if (check_chain_options(cfg, err) != 0)
		return OPTIONS_USAGE;
	if (check_output_options(cfg, err, format_given, limit_given) !=
	    OPTIONS_RUN)
		return OPTIONS_USAGE;
	cfg->files = argv + optind;
	return OPTIONS_RUN;
}
