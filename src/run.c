/*
 * The processing loop: open each input in turn, read it record by record,
 * and write each record's draws or dump.  Every function returns an exit
 * status instead of exiting.  Processing stops at the first error, after
 * the output of the records before it has been written.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output.h"
#include "rng.h"
#include "token.h"
#include "run.h"
#include "table.h"

static int process_record(struct run *run);
static int adjust_scores(struct run *run);
static int check_positions(struct run *run);
static int prepare_view(struct run *run, struct record_view *v);
static int grow_probs(struct run *run, size_t n);
static void report_all_masked(FILE *err, const struct record *rec,
    const struct config *cfg);

int
init_run(struct run *run, const struct config *cfg, FILE *out, FILE *err)
{
	memset(run, 0, sizeof(*run));
	run->cfg = cfg;
	run->out = out;
	run->err = err;
	init_sampler(&run->sampler);
	init_history(&run->history);
	if (cfg->format == FORMAT_TABLE)
		init_table_style(&run->style, out);
	if (init_reader(&run->reader, out, err) != 0) {
		fputs("logitsample: out of memory\n", err);
		return STATUS_DATA;
	}
	if (cfg->vocab_file != NULL) {
		if (load_vocab(&run->vocab, cfg->vocab_file, err) != 0)
			return STATUS_DATA;
		run->rec.vocab = &run->vocab;
	}
	return STATUS_OK;
}

void
free_run(struct run *run)
{
	free_reader(&run->reader);
	free_record(&run->rec);
	free_sampler(&run->sampler);
	free_vocab(&run->vocab);
	free_history(&run->history);
	free(run->prob);
	run->prob = NULL;
	free_token_buffer(&run->tokens);
}

/*
 * Report a failed write of the output.  A reader that went away (EPIPE)
 * ends the program quietly, as it ends cat.
 */
int
report_write_error(FILE *err, int error)
{
	if (error != EPIPE)
		fprintf(err, "logitsample: write error: %s\n",
		    strerror(error));
	return STATUS_DATA;
}

/* Process every operand in order; no operand means standard input. */
int
process_files(struct run *run)
{
	static char *stdin_only[] = { "-", NULL };
	char **files = run->cfg->files;
	int status = STATUS_OK;

	if (files == NULL || files[0] == NULL)
		files = stdin_only;
	for (; *files != NULL && status == STATUS_OK; files++) {
		int fd;

		if (strcmp(*files, "-") == 0) {
			start_reader(&run->reader, STDIN_FILENO, "stdin");
			status = process_input(run);
			continue;
		}
		fd = open(*files, O_RDONLY);
		if (fd < 0) {
			int open_error = errno;

			/* The flush may fail and overwrite errno. */
			fflush(run->out);
			fputs("logitsample: ", run->err);
			write_visible(run->err, *files, strlen(*files), 0);
			fprintf(run->err, ": %s\n", strerror(open_error));
			return STATUS_DATA;
		}
		start_reader(&run->reader, fd, *files);
		status = process_input(run);
		close(fd);
	}
	return status;
}

/* Process the records of the reader's current input. */
int
process_input(struct run *run)
{
	for (;;) {
		int status;

		switch (read_record(&run->reader, &run->rec, run->cfg)) {
		case READ_END:
			return STATUS_OK;
		case READ_DATA_ERROR:
			return STATUS_DATA;
		case READ_WRITE_ERROR:
			return report_write_error(run->err, errno);
		case READ_RECORD:
			break;
		}
		run->rec.number = run->records++;
		status = process_record(run);
		if (status != STATUS_OK)
			return status;
		if (ferror(run->out))
			return report_write_error(run->err, errno);
	}
}

static int
process_record(struct run *run)
{
	const struct config *cfg = run->cfg;
	struct record *rec = &run->rec;
	struct record_view view;
	struct rng rng;
	int status;
	enum sampler_status built;

	if ((status = adjust_scores(run)) != STATUS_OK)
		return status;
	built = build_distribution(&run->sampler, rec, cfg);
	if (built != SAMPLER_OK)
		fflush(run->out);
	switch (built) {
	case SAMPLER_OK:
		break;
	case SAMPLER_ALL_MASKED:
		report_all_masked(run->err, rec, cfg);
		return STATUS_DATA;
	case SAMPLER_NO_MEMORY:
		fprintf(run->err, "logitsample: %s:%ju: out of memory\n",
		    rec->file, rec->first_line);
		return STATUS_DATA;
	}
	if (prepare_view(run, &view) != 0) {
		fflush(run->out);
		fprintf(run->err, "logitsample: out of memory\n");
		return STATUS_DATA;
	}

	if (cfg->dump) {
		status = write_dump_view(&view);
	} else {
		seed_record_rng(&rng, cfg->seed, rec->number);
		status = write_draws(&view, &rng);
		/* Only the first draw of a record enters the history. */
		if (status == 0 && view.first_drawn != SIZE_MAX &&
		    remember_token(&run->history, rec, view.first_drawn,
		    cfg) != 0)
			status = -1;
	}
	if (status != 0) {
		fflush(run->out);
		fprintf(run->err, "logitsample: out of memory\n");
		return STATUS_DATA;
	}
	if (ferror(run->out))
		return report_write_error(run->err, errno);
	if (cfg->verbose)
		write_verbose_line(run->err, &view);
	return STATUS_OK;
}

/*
 * Check the record's score-only lines against --vocab, then apply the
 * logit bias and the penalties to its scores.
 */
static int
adjust_scores(struct run *run)
{
	struct record *rec = &run->rec;
	int status, result;
	size_t bad;

	if ((status = check_positions(run)) != STATUS_OK)
		return status;
	result = apply_logit_bias(&run->history, rec, run->cfg, &bad);
	if (result == 0)
		result = apply_penalties(&run->history, rec, run->cfg, &bad);
	if (result < 0) {
		fflush(run->out);
		fprintf(run->err, "logitsample: %s:%ju: out of memory\n",
		    rec->file, rec->first_line);
		return STATUS_DATA;
	}
	if (result > 0) {
		char position[POSITION_BUFSIZE];
		size_t len;
		const char *token = get_token(rec, bad, position, &len);

		fflush(run->out);
		report_data_error(run->err, rec->file, rec->first_line + bad,
		    "score overflows a double after logit bias or penalties",
		    token, len);
		return STATUS_DATA;
	}
	return STATUS_OK;
}

/*
 * With --vocab, a score-only line at a position the vocabulary does not
 * reach is a data error.  Every line of a record is a candidate, so
 * candidate I is on line first_line + I.
 */
static int
check_positions(struct run *run)
{
	const struct record *rec = &run->rec;
	size_t i;

	if (rec->vocab == NULL || rec->n <= rec->vocab->n)
		return STATUS_OK;
	for (i = rec->vocab->n; i < rec->n; i++) {
		char position[POSITION_BUFSIZE];
		int len;

		if (rec->tok_off[i] != TOKEN_POSITION)
			continue;
		len = snprintf(position, sizeof(position), "%zu", i);
		fflush(run->out);
		fprintf(run->err, "logitsample: %s:%ju: token position past "
		    "the end of vocabulary file %s (%zu tokens): '%.*s'\n",
		    rec->file, rec->first_line + i, rec->vocab->file,
		    rec->vocab->n, len, position);
		return STATUS_DATA;
	}
	return STATUS_OK;
}

/*
 * Fill V for the current record, computing only what the configured
 * output needs: the plain TSV draws need nothing beyond the sampler.
 * Return -1 if memory runs out.
 */
static int
prepare_view(struct run *run, struct record_view *v)
{
	const struct config *cfg = run->cfg;
	int need_prob = config_needs_prob(cfg);
	int need_ranks = cfg->dump || cfg->format != FORMAT_TSV ||
	    cfg->top_logprobs > 0;

	memset(v, 0, sizeof(*v));
	v->out = run->out;
	v->cfg = cfg;
	v->rec = &run->rec;
	v->s = &run->sampler;
	v->tokens = &run->tokens;
	v->style = &run->style;
	if (need_ranks && sort_ranks(v->s, v->rec) != 0)
		return -1;
	if (need_prob) {
		if (grow_probs(run, run->rec.n) != 0)
			return -1;
		v->prob = run->prob;
		compute_probs(v->s, v->rec, cfg, v->prob);
	}
	if (need_prob && (cfg->verbose || cfg->format != FORMAT_TSV))
		summarize_record(&v->summary, v->s, v->rec, v->prob);
	if (!cfg->dump && (cfg->logprobs != LOGPROBS_NONE ||
	    cfg->format != FORMAT_TSV))
		v->normalizer = input_log_normalizer(v->s, v->rec);
	return 0;
}

/* Make room for N probabilities in run->prob. */
static int
grow_probs(struct run *run, size_t n)
{
	double *grown;

	if (run->prob_cap >= n)
		return 0;
	grown = realloc(run->prob, n * sizeof(double));
	if (grown == NULL)
		return -1;
	run->prob = grown;
	run->prob_cap = n;
	return 0;
}

/* Name the record's first line in the message for a record of -inf. */
static void
report_all_masked(FILE *err, const struct record *rec,
    const struct config *cfg)
{
	const char *message = "every score in the record is -inf";
	const char *end = memchr(rec->text, '\n', rec->text_len);
	size_t len = end != NULL ? (size_t)(end - rec->text) : rec->text_len;

	while (len > 0 && (rec->text[len - 1] == ' ' ||
	    rec->text[len - 1] == '\r'))
		len--;
	if (cfg->logit_bias_n > 0 || penalties_enabled(cfg))
		message = "every score in the record is -inf after logit bias "
		    "and penalties";
	else if (cfg->probs)
		message = "every probability in the record is 0";
	report_data_error(err, rec->file, rec->first_line, message, rec->text,
	    len);
}
