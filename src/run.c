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
#include "run.h"

static int process_record(struct run *run);
static void report_all_masked(FILE *err, const struct record *rec);

int
init_run(struct run *run, const struct config *cfg, FILE *out, FILE *err)
{
	memset(run, 0, sizeof(*run));
	run->cfg = cfg;
	run->out = out;
	run->err = err;
	init_sampler(&run->sampler);
	if (init_reader(&run->reader, out, err) != 0) {
		fputs("logitsample: out of memory\n", err);
		return STATUS_DATA;
	}
	return STATUS_OK;
}

void
free_run(struct run *run)
{
	free_reader(&run->reader);
	free_record(&run->rec);
	free_sampler(&run->sampler);
	free(run->prob);
	run->prob = NULL;
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
			fprintf(run->err, "logitsample: %s: %s\n", *files,
			    strerror(open_error));
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
	struct sampler *s = &run->sampler;
	struct rng rng;
	uint64_t k;

	enum sampler_status built = build_distribution(s, rec, cfg);

	if (built != SAMPLER_OK)
		fflush(run->out);
	switch (built) {
	case SAMPLER_OK:
		break;
	case SAMPLER_ALL_MASKED:
		report_all_masked(run->err, rec);
		return STATUS_DATA;
	case SAMPLER_NO_MEMORY:
		fprintf(run->err, "logitsample: %s:%ju: out of memory\n",
		    rec->file, rec->first_line);
		return STATUS_DATA;
	}

	if (cfg->dump) {
		if (run->prob_cap < rec->n) {
			double *grown = realloc(run->prob,
			    rec->n * sizeof(double));

			if (grown == NULL) {
				fflush(run->out);
				fprintf(run->err, "logitsample: out of "
				    "memory\n");
				return STATUS_DATA;
			}
			run->prob = grown;
			run->prob_cap = rec->n;
		}
		write_dump(run->out, s, rec, cfg, run->prob);
		return STATUS_OK;
	}

	seed_record_rng(&rng, cfg->seed, rec->number);
	for (k = 0; k < cfg->count; k++) {
		write_token(run->out, rec, draw_token(s, &rng));
		putc('\n', run->out);
		if (ferror(run->out))
			return report_write_error(run->err, errno);
	}
	return STATUS_OK;
}

/* Name the record's first line in the message for a record of -inf. */
static void
report_all_masked(FILE *err, const struct record *rec)
{
	const char *end = memchr(rec->text, '\n', rec->text_len);
	size_t len = end != NULL ? (size_t)(end - rec->text) : rec->text_len;

	while (len > 0 && (rec->text[len - 1] == ' ' ||
	    rec->text[len - 1] == '\r'))
		len--;
	report_data_error(err, rec->file, rec->first_line,
	    "every score in the record is -inf", rec->text, len);
}
