/*
 * Parsing of the options that configure the transform chain beyond the
 * four core transforms.  The core options stay in options.c, which hands
 * every option code listed in chain_options.h to parse_chain_option().
 * Values are parsed as strictly as there: the whole argument must match,
 * and a value out of range is a usage error, never clamped.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chain_options.h"
#include "number.h"
#include "options.h"
#include "token.h"

/* Names accepted by --order, indexed by enum transform. */
const char *const transform_names[TRANSFORM_COUNT] = {
	"temperature", "top-n-sigma", "top-k", "typical-p", "top-p", "min-p"
};

static int parse_finite(const char *text, double *value);
static int parse_logit_bias(const char *value, struct config *cfg,
    FILE *err);
static int parse_order(const char *value, struct config *cfg, FILE *err);
static int reject_order(FILE *err, const char *value, const char *problem,
    const char *name, size_t name_len);
static int parse_last_n(const char *text, int64_t *value);

void
set_chain_defaults(struct config *cfg)
{
	size_t t;

	cfg->typical_p = 1;
	cfg->repeat_penalty = 1;
	cfg->penalty_last_n = 64;
	for (t = 0; t < TRANSFORM_COUNT; t++)
		cfg->order[t] = (enum transform)t;
	cfg->order_n = TRANSFORM_COUNT;
}

void
free_config(struct config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->logit_bias_n; i++)
		free(cfg->logit_bias[i].token);
	free(cfg->logit_bias);
	cfg->logit_bias = NULL;
	cfg->logit_bias_n = 0;
}

/* Parse TEXT as a finite decimal; return 0 on success. */
static int
parse_finite(const char *text, double *value)
{
	double parsed;

	if (parse_decimal(text, strlen(text), &parsed) != NUMBER_OK ||
	    !isfinite(parsed))
		return -1;
	*value = parsed;
	return 0;
}

/* Parse TEXT as -1 or a decimal integer from 0 to INT64_MAX. */
static int
parse_last_n(const char *text, int64_t *value)
{
	uint64_t parsed;

	if (strcmp(text, "-1") == 0) {
		*value = -1;
		return 0;
	}
	if (parse_uint64(text, &parsed) != NUMBER_OK || parsed > INT64_MAX)
		return -1;
	*value = (int64_t)parsed;
	return 0;
}

/*
 * Store the value of OPTION, one of the codes in chain_options.h, in CFG.
 * Return 0, or -1 after reporting a usage error to ERR.
 */
int
parse_chain_option(int option, const char *value, struct config *cfg,
    FILE *err)
{
	double real;
	uint64_t count;

	switch (option) {
	case OPT_FREQUENCY_PENALTY:
		if (parse_finite(value, &cfg->frequency_penalty) == 0)
			return 0;
		reject_value(err, "--frequency-penalty", value,
		    "a finite number");
		return -1;
	case OPT_LOGIT_BIAS:
		return parse_logit_bias(value, cfg, err);
	case OPT_MIN_KEEP:
		if (parse_uint64(value, &count) == NUMBER_OK &&
		    count <= SIZE_MAX) {
			cfg->min_keep = (size_t)count;
			return 0;
		}
		reject_value(err, "--min-keep", value, "an integer >= 0");
		return -1;
	case OPT_ORDER:
		return parse_order(value, cfg, err);
	case OPT_PENALTY_LAST_N:
		if (parse_last_n(value, &cfg->penalty_last_n) == 0)
			return 0;
		reject_value(err, "--penalty-last-n", value,
		    "-1 or an integer from 0 to 9223372036854775807");
		return -1;
	case OPT_PRESENCE_PENALTY:
		if (parse_finite(value, &cfg->presence_penalty) == 0)
			return 0;
		reject_value(err, "--presence-penalty", value,
		    "a finite number");
		return -1;
	case OPT_REPEAT_PENALTY:
		if (parse_finite(value, &real) == 0 && real > 0) {
			cfg->repeat_penalty = real;
			return 0;
		}
		reject_value(err, "--repeat-penalty", value,
		    "a finite number > 0");
		return -1;
	case OPT_TOP_N_SIGMA:
		if (parse_finite(value, &cfg->top_n_sigma) == 0)
			return 0;
		reject_value(err, "--top-n-sigma", value, "a finite number");
		return -1;
	case OPT_TYPICAL_P:
		if (parse_finite(value, &real) == 0 && real > 0 && real <= 1) {
			cfg->typical_p = real;
			return 0;
		}
		reject_value(err, "--typical-p", value,
		    "a number greater than 0 and at most 1");
		return -1;
	case OPT_VOCAB:
		cfg->vocab_file = value;
		return 0;
	}
	return -1;
}

/*
 * Add one TOKEN=BIAS to CFG.  The split is at the last '=', so a token
 * may itself contain '='.  TOKEN's escapes are decoded here, once.
 */
static int
parse_logit_bias(const char *value, struct config *cfg, FILE *err)
{
	const char *equals = strrchr(value, '=');
	struct logit_bias *grown, *entry;
	size_t len;
	double bias;

	if (equals == NULL ||
	    parse_decimal(equals + 1, strlen(equals + 1), &bias) != NUMBER_OK ||
	    bias == INFINITY) {
		reject_value(err, "--logit-bias", value,
		    "TOKEN=BIAS, BIAS a finite number or -inf");
		return -1;
	}
	grown = realloc(cfg->logit_bias,
	    (cfg->logit_bias_n + 1) * sizeof(*grown));
	if (grown == NULL) {
		fputs("logitsample: out of memory\n", err);
		return -1;
	}
	cfg->logit_bias = grown;
	entry = &grown[cfg->logit_bias_n];
	len = (size_t)(equals - value);
	entry->token = malloc(len + 1);
	if (entry->token == NULL) {
		fputs("logitsample: out of memory\n", err);
		return -1;
	}
	entry->len = decode_escapes(value, len, entry->token);
	entry->bias = bias;
	cfg->logit_bias_n++;
	return 0;
}

/* Report a usage error in the --order list VALUE about transform NAME. */
static int
reject_order(FILE *err, const char *value, const char *problem,
    const char *name, size_t name_len)
{
	fprintf(err, "logitsample: invalid value '%s' for --order: ", value);
	fprintf(err, problem, (int)name_len, name);
	fputs("\nTry 'logitsample --help'.\n", err);
	return -1;
}

/*
 * Store the comma-separated transform names of VALUE as the chain.  An
 * unknown or repeated name is an error here; a missing one is found by
 * check_chain_options(), once every option is known.
 */
static int
parse_order(const char *value, struct config *cfg, FILE *err)
{
	int seen[TRANSFORM_COUNT] = { 0 };
	const char *name = value;

	cfg->order_n = 0;
	for (;;) {
		size_t len = strcspn(name, ",");
		size_t t;

		for (t = 0; t < TRANSFORM_COUNT; t++)
			if (strlen(transform_names[t]) == len &&
			    memcmp(transform_names[t], name, len) == 0)
				break;
		if (t == TRANSFORM_COUNT)
			return reject_order(err, value, "unknown transform "
			    "'%.*s'; expected names from temperature, "
			    "top-n-sigma, top-k, typical-p, top-p, min-p",
			    name, len);
		if (seen[t])
			return reject_order(err, value,
			    "transform '%.*s' is named twice", name, len);
		seen[t] = 1;
		cfg->order[cfg->order_n++] = (enum transform)t;
		if (name[len] == '\0')
			return 0;
		name += len + 1;
	}
}

/*
 * Return whether transform T changes anything under CFG.  A transform
 * at its default value (temperature 1, top-k 0, top-p 1, typical-p 1,
 * min-p 0, top-n-sigma <= 0) does not run.
 */
int
transform_enabled(const struct config *cfg, enum transform t)
{
	switch (t) {
	case TRANSFORM_TEMPERATURE:
		return cfg->temperature != 1;
	case TRANSFORM_TOP_N_SIGMA:
		return cfg->top_n_sigma > 0;
	case TRANSFORM_TOP_K:
		return cfg->top_k > 0;
	case TRANSFORM_TYPICAL_P:
		return cfg->typical_p < 1;
	case TRANSFORM_TOP_P:
		return cfg->top_p < 1;
	case TRANSFORM_MIN_P:
		return cfg->min_p > 0;
	case TRANSFORM_COUNT:
		break;
	}
	return 0;
}

/*
 * Check what needs every option at once: the chain must name each
 * enabled transform.  Return 0, or -1 after reporting a usage error.
 */
int
check_chain_options(const struct config *cfg, FILE *err)
{
	size_t t, k;

	for (t = 0; t < TRANSFORM_COUNT; t++) {
		if (!transform_enabled(cfg, (enum transform)t))
			continue;
		for (k = 0; k < cfg->order_n; k++)
			if (cfg->order[k] == (enum transform)t)
				break;
		if (k == cfg->order_n) {
			fprintf(err, "logitsample: --order does not name "
			    "'%s', which is enabled; name every enabled "
			    "transform once\nTry 'logitsample --help'.\n",
			    transform_names[t]);
			return -1;
		}
	}
	return 0;
}
