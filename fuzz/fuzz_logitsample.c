/*
 * libFuzzer target: runs the real option parser and the real reading,
 * transform and output code in-process on arbitrary bytes, the way main()
 * does, with standard input replaced by a memory source.
 *
 * A fuzz input is laid out as follows.
 *
 *   byte 0          number of arguments, taken modulo 9
 *   one byte each   an argument: a value below the size of option_words
 *                   picks that word; any other value makes the following
 *                   bytes, up to a NUL or MAX_LITERAL bytes, a literal
 *                   argument (so numbers of every shape reach the parser)
 *   one byte        where to split the rest into two inputs, in 256ths
 *   the rest        the bytes of the two inputs, read one after the other
 *                   as two file operands are
 *
 * Besides the sanitizers, the target checks what every run must satisfy
 * after a zero status: sampling writes exactly count lines per record,
 * and a dump writes one blank line per record and no NaN, with PROB and
 * FINAL in [0, 1], FINAL 0 for a -inf score, and FINAL summing to 1.
 * A failed check calls abort(), which libFuzzer reports as a crash.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/options.h"
#include "../src/run.h"

#define MAX_ARGS 8
#define MAX_LITERAL 24
/* Draws per record above this only make runs slow, not more thorough. */
#define MAX_COUNT 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const option_words[] = {
	"-t", "0", "1", "0.5", "2", "1e-300", "1e-320", "1e300",
	"-k", "3", "18446744073709551615",
	"-p", "0.9", "0.9999999999999999",
	"-m", "0.1", "1",
	"-n", "5",
	"-s", "18446744073709551615",
	"-d", "-g", "--probs", "-v", "-h", "-V",
	"--dump", "--greedy", "--top-k=2", "--top-p=0.5", "--min-p=0.05",
	"--temperature=0.7", "--seed=7", "--count=3", "--top",
	"-dg", "-k2", "-t0", "-", "--", "-x", "--bogus", "--dump=1",
	"inf", "nan", "-1", "1e999", ""
};

#define N_WORDS (sizeof(option_words) / sizeof(option_words[0]))

struct fuzz_args {
	char *argv[MAX_ARGS + 2];
	char literal[MAX_ARGS][MAX_LITERAL + 1];
	int argc;
};

static size_t split_args(const uint8_t *data, size_t size,
    struct fuzz_args *args);
static int run_inputs(struct run *run, const char *input, size_t size,
    unsigned split);
static void check_output(const struct config *cfg, uint64_t records,
    const char *out, size_t len);
static void check_dump_line(const char *line, size_t len, double *final_sum,
    double *prob_sum);

/* Fill ARGS from the front of DATA; return the number of bytes used. */
static size_t
split_args(const uint8_t *data, size_t size, struct fuzz_args *args)
{
	size_t pos = 0;
	int count, i;

	args->argv[0] = "logitsample";
	args->argc = 1;
	if (size == 0)
		goto done;
	count = data[pos++] % (MAX_ARGS + 1);
	for (i = 0; i < count && pos < size; i++) {
		uint8_t pick = data[pos++];
		size_t n = 0;

		if (pick < N_WORDS) {
			args->argv[args->argc++] = (char *)option_words[pick];
			continue;
		}
		while (pos < size && n < MAX_LITERAL && data[pos] != '\0')
			args->literal[i][n++] = (char)data[pos++];
		if (pos < size && data[pos] == '\0')
			pos++;
		args->literal[i][n] = '\0';
		args->argv[args->argc++] = args->literal[i];
	}
done:
	args->argv[args->argc] = NULL;
	return pos;
}

/*
 * Read INPUT as two inputs split at SPLIT/256 of its length, as main()
 * reads two operands; return the exit status.
 */
static int
run_inputs(struct run *run, const char *input, size_t size, unsigned split)
{
	size_t first = size * split / 256;
	int status;

	start_reader_memory(&run->reader, input, first, "first");
	status = process_input(run);
	if (status != STATUS_OK)
		return status;
	start_reader_memory(&run->reader, input + first, size - first,
	    "second");
	return process_input(run);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	struct fuzz_args args;
	struct config cfg;
	struct run run;
	char *out_buf = NULL;
	size_t out_len = 0, used;
	unsigned split = 128;
	FILE *out;
	int status;

	if (devnull == NULL && (devnull = fopen("/dev/null", "w")) == NULL)
		abort();
	used = split_args(data, size, &args);
	if (parse_options(args.argc, args.argv, &cfg, devnull, devnull) !=
	    OPTIONS_RUN || cfg.count > MAX_COUNT)
		return 0;
	if (used < size)
		split = data[used++];

	out = open_memstream(&out_buf, &out_len);
	if (out == NULL)
		abort();
	status = init_run(&run, &cfg, out, devnull);
	if (status == STATUS_OK)
		status = run_inputs(&run, (const char *)data + used,
		    size - used, split);
	if (fclose(out) != 0)
		abort();
	if (status == STATUS_OK)
		check_output(&cfg, run.records, out_buf, out_len);
	free_run(&run);
	free(out_buf);
	return 0;
}

/* Abort unless OUT, the output of a successful run, has the right shape. */
static void
check_output(const struct config *cfg, uint64_t records, const char *out,
    size_t len)
{
	double final_sum = 0, prob_sum = 0;
	uint64_t lines = 0, blank = 0;
	size_t start = 0;

	while (start < len) {
		const char *nl = memchr(out + start, '\n', len - start);
		size_t end;

		if (nl == NULL)
			abort();	/* every output line ends in a newline */
		end = (size_t)(nl - out);
		lines++;
		if (cfg->dump && end == start) {
			blank++;
			if (fabs(final_sum - 1) > 1e-9 ||
			    fabs(prob_sum - 1) > 1e-9)
				abort();
			final_sum = prob_sum = 0;
		} else if (cfg->dump) {
			check_dump_line(out + start, end - start, &final_sum,
			    &prob_sum);
		}
		start = end + 1;
	}
	if (cfg->dump && blank != records)
		abort();
	if (!cfg->dump && lines != records * cfg->count)
		abort();
}

/*
 * Check one TOKEN LOGIT PROB CUM FINAL line of a dump and add its PROB
 * and FINAL to the record's sums.
 */
static void
check_dump_line(const char *line, size_t len, double *final_sum,
    double *prob_sum)
{
	char field[4][64];
	double value[4];
	size_t end = len;
	int f;

	for (f = 3; f >= 0; f--) {
		size_t start = end;

		while (start > 0 && line[start - 1] != '\t')
			start--;
		if (start == 0 || end - start >= sizeof(field[f]))
			abort();
		memcpy(field[f], line + start, end - start);
		field[f][end - start] = '\0';
		value[f] = strtod(field[f], NULL);
		if (isnan(value[f]))
			abort();
		end = start - 1;
	}
	/* value[0..3] are LOGIT, PROB, CUM, FINAL. */
	if (value[1] < 0 || value[1] > 1 || value[3] < 0 || value[3] > 1)
		abort();
	if (value[0] == -INFINITY && (value[1] != 0 || value[3] != 0))
		abort();
	*prob_sum += value[1];
	*final_sum += value[3];
}
