/*
 * logitsample: sample tokens from a language model's next-token scores.
 * main() only wires the parts together: parse the options, pick a seed,
 * process the inputs, and check that the output was written.
 */
#include <errno.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>

#include "chain_options.h"
#include "options.h"
#include "rng.h"
#include "run.h"

int
main(int argc, char **argv)
{
	struct config cfg;
	struct run run;
	int status;

	switch (parse_options(argc, argv, &cfg, stdout, stderr)) {
	case OPTIONS_RUN:
		break;
	case OPTIONS_DONE:
		free_config(&cfg);
		if (fflush(stdout) != 0 || ferror(stdout))
			return report_write_error(stderr, errno);
		return STATUS_OK;
	case OPTIONS_USAGE:
		free_config(&cfg);
		return STATUS_USAGE;
	}

	if (!cfg.seed_given && read_os_seed(&cfg.seed) != 0)
		fputs("logitsample: cannot read /dev/urandom; "
		    "seeding from the clock\n", stderr);
	if (cfg.verbose)
		fprintf(stderr, "logitsample: seed %ju\n", (uintmax_t)cfg.seed);

	/*
	 * The table's character set follows the user's locale; numbers do
	 * not, so LC_NUMERIC stays "C".
	 */
	if (cfg.format == FORMAT_TABLE)
		setlocale(LC_CTYPE, "");
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	status = init_run(&run, &cfg, stdout, stderr);
	if (status == STATUS_OK)
		status = process_files(&run);
	free_run(&run);
	free_config(&cfg);

	if (fflush(stdout) != 0 && status == STATUS_OK)
		status = report_write_error(stderr, errno);
	return status;
}
