# logitsample: plain make, C11, libc and libm only.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANPREFIX ?= $(PREFIX)/share/man
MANDIR ?= $(MANPREFIX)/man1

CC ?= cc
CFLAGS ?= -O2 -g
# Contraction into fused multiply-add would change results between
# machines, so it is off whatever CFLAGS says.
STRICT_CFLAGS = -std=c11 -Wall -Wextra -pedantic -ffp-contract=off \
	-D_POSIX_C_SOURCE=200809L
LDLIBS = -lm

SRC = src/chain_options.c src/dmath.c src/json.c src/number.c \
	src/options.c src/output.c src/penalty.c src/reader.c src/rng.c \
	src/run.c src/sampler.c src/shortest.c src/summary.c src/table.c \
	src/token.c src/transforms.c src/view.c src/vocab.c
HDR = src/chain_options.h src/config.h src/dmath.h src/json.h \
	src/number.h src/options.h src/output.h src/penalty.h src/reader.h \
	src/rng.h src/run.h src/sampler.h src/shortest.h src/summary.h \
	src/table.h src/token.h src/transforms.h src/vector.h src/view.h \
	src/vocab.h

all: logitsample

logitsample: $(SRC) src/main.c $(HDR)
	$(CC) $(CFLAGS) $(STRICT_CFLAGS) $(LDFLAGS) -o $@ $(SRC) src/main.c \
		$(LDLIBS)

test check: logitsample
	bats tests

# Maximum error of det_exp and det_log in ulps, against expl and logl.
tests/dmath_accuracy: tests/dmath_accuracy.c src/dmath.c src/dmath.h \
	src/vector.h
	$(CC) $(CFLAGS) $(STRICT_CFLAGS) $(LDFLAGS) -o $@ \
		tests/dmath_accuracy.c src/dmath.c $(LDLIBS)

# format_double against printf and strtod on about 42 million values;
# FORMAT_COUNT values per family, FORMAT_SEED picks them.
FORMAT_COUNT = 1000000
FORMAT_SEED = 1
tests/format_identity: tests/format_identity.c src/number.c src/number.h \
	src/shortest.c src/shortest.h
	$(CC) $(CFLAGS) $(STRICT_CFLAGS) $(LDFLAGS) -o $@ \
		tests/format_identity.c src/number.c src/shortest.c $(LDLIBS)

check-format: tests/format_identity
	./tests/format_identity $(FORMAT_COUNT) $(FORMAT_SEED)

check-dmath: tests/dmath_accuracy tests/exp_batch_identity \
    tests/exp_batch_identity_sse2
	./tests/dmath_accuracy
	./tests/exp_batch_identity
	./tests/exp_batch_identity_sse2

# det_exp_batch against det_exp, bit for bit, on about 330 million inputs.
# On x86-64 processors with AVX2 det_exp_batch takes its four-lane
# variant, so the _sse2 build, without that variant, tests the other.
tests/exp_batch_identity: tests/exp_batch_identity.c src/dmath.c src/dmath.h \
	src/vector.h
	$(CC) $(CFLAGS) $(STRICT_CFLAGS) $(LDFLAGS) -o $@ \
		tests/exp_batch_identity.c src/dmath.c $(LDLIBS)
tests/exp_batch_identity_sse2: tests/exp_batch_identity.c src/dmath.c \
	src/dmath.h src/vector.h
	$(CC) $(CFLAGS) $(STRICT_CFLAGS) -DDMATH_NO_AVX2 $(LDFLAGS) -o $@ \
		tests/exp_batch_identity.c src/dmath.c $(LDLIBS)

check-exp-batch: tests/exp_batch_identity tests/exp_batch_identity_sse2
	./tests/exp_batch_identity
	./tests/exp_batch_identity_sse2

# The same seed must give the same bytes with every compiler, optimisation
# level and C library.  check-matrix builds the program four ways, runs
# each build over a generated corpus of 10,000 records with random options
# and seeds (all options, in cases and cases-extended), and fails if any
# output differs by one byte from gcc -O0's.
# check-reference compares ./logitsample with tests/reference/logitsample.py,
# an independent Python implementation, on the same corpus.
PYTHON = python3
MATRIX = gcc-O0 gcc-O2 clang-O2 musl-O2
MATRIX_DIR = tests/tmp/matrix
CORPUS_DIR = tests/tmp/corpus
MATRIX_BUILD = mkdir -p $(@D) && $(MATRIX_CC) $(STRICT_CFLAGS) -o $@ \
	$(SRC) src/main.c $(LDLIBS)

$(MATRIX_DIR)/gcc-O0/logitsample: MATRIX_CC = gcc -O0
$(MATRIX_DIR)/gcc-O2/logitsample: MATRIX_CC = gcc -O2
$(MATRIX_DIR)/clang-O2/logitsample: MATRIX_CC = clang -O2
$(MATRIX_DIR)/musl-O2/logitsample: MATRIX_CC = musl-gcc -static -O2
$(MATRIX:%=$(MATRIX_DIR)/%/logitsample): $(SRC) src/main.c $(HDR)
	$(MATRIX_BUILD)

$(CORPUS_DIR)/cases: tests/reference/gen_corpus.py
	rm -rf $(CORPUS_DIR)
	$(PYTHON) tests/reference/gen_corpus.py $(CORPUS_DIR)

check-matrix: $(MATRIX:%=$(MATRIX_DIR)/%/logitsample) $(CORPUS_DIR)/cases
	for build in $(MATRIX); do \
		for cases in cases cases-extended; do \
			$(PYTHON) tests/reference/run_corpus.py \
			    --cases $$cases $(CORPUS_DIR) \
			    $(MATRIX_DIR)/$$build.$$cases.out \
			    $(MATRIX_DIR)/$$build/logitsample || exit 1; \
			$(PYTHON) tests/reference/compare_outputs.py \
			    $(MATRIX_DIR)/gcc-O0.$$cases.out \
			    $(MATRIX_DIR)/$$build.$$cases.out || exit 1; \
		done; \
	done

check-reference: logitsample $(CORPUS_DIR)/cases
	mkdir -p $(MATRIX_DIR)
	$(PYTHON) tests/reference/run_corpus.py $(CORPUS_DIR) \
	    $(MATRIX_DIR)/c.out ./logitsample
	$(PYTHON) tests/reference/run_corpus.py $(CORPUS_DIR) \
	    $(MATRIX_DIR)/reference.out $(PYTHON) \
	    tests/reference/logitsample.py
	$(PYTHON) tests/reference/compare_outputs.py \
	    $(MATRIX_DIR)/c.out $(MATRIX_DIR)/reference.out

# Rewrite tests/golden/expected.out; see tests/golden/README.md.
golden: logitsample
	tests/golden/regenerate.sh ./logitsample
# The whole suite again against a build with AddressSanitizer (with its
# leak checker) and UndefinedBehaviorSanitizer, where any finding stops
# the program with status 98, a status no test expects.
SAN_CC = clang
SAN_CFLAGS = -O1 -g -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all

logitsample-san: $(SRC) src/main.c $(HDR)
	$(SAN_CC) $(SAN_CFLAGS) $(STRICT_CFLAGS) -o $@ $(SRC) src/main.c \
		$(LDLIBS)

check-sanitize: logitsample-san
	ASAN_OPTIONS=exitcode=98 UBSAN_OPTIONS=exitcode=98:print_stacktrace=1 \
		LOGITSAMPLE=$(CURDIR)/logitsample-san bats tests

# The tests tagged "valgrind" (a line "# bats test_tags=valgrind" above
# the test) under valgrind's memcheck; a definite leak or any memory
# error fails the test that triggered it.  Each run under valgrind takes
# about a second, so only a selection of main cases is tagged.
check-valgrind: logitsample
	LOGITSAMPLE=$(CURDIR)/tests/valgrind-logitsample \
		bats --filter-tags valgrind tests

# The libFuzzer target; `make fuzz FUZZ_TIME=600` fuzzes for ten minutes
# and leaves any crashing input in fuzz/artifacts/.  MIN_READ=4 shrinks
# the input buffer to 8 bytes, so that inputs of a few hundred bytes
# move and grow it many times.
FUZZ_TIME = 60
FUZZ_CFLAGS = -O1 -g -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -DMIN_READ=4

fuzz/fuzz_logitsample: fuzz/fuzz_logitsample.c $(SRC) $(HDR)
	$(SAN_CC) $(FUZZ_CFLAGS) $(STRICT_CFLAGS) -o $@ \
		fuzz/fuzz_logitsample.c $(SRC) $(LDLIBS)

fuzz: fuzz/fuzz_logitsample
	mkdir -p fuzz/corpus-run fuzz/artifacts
	./fuzz/fuzz_logitsample -max_total_time=$(FUZZ_TIME) \
		-artifact_prefix=fuzz/artifacts/ fuzz/corpus-run fuzz/corpus

# Replay the committed corpus, then fuzz for 20 seconds from it.
fuzz-smoke: fuzz/fuzz_logitsample
	./fuzz/fuzz_logitsample -runs=0 fuzz/corpus
	rm -rf fuzz/corpus-smoke
	mkdir -p fuzz/corpus-smoke fuzz/artifacts
	./fuzz/fuzz_logitsample -max_total_time=20 \
		-artifact_prefix=fuzz/artifacts/ fuzz/corpus-smoke fuzz/corpus
	rm -rf fuzz/corpus-smoke

install: logitsample
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)
	cp logitsample $(DESTDIR)$(BINDIR)/logitsample
	chmod 755 $(DESTDIR)$(BINDIR)/logitsample
	cp man/logitsample.1 $(DESTDIR)$(MANDIR)/logitsample.1
	chmod 644 $(DESTDIR)$(MANDIR)/logitsample.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/logitsample $(DESTDIR)$(MANDIR)/logitsample.1

clean:
	rm -f logitsample logitsample-san fuzz/fuzz_logitsample \
		tests/dmath_accuracy tests/exp_batch_identity \
		tests/exp_batch_identity_sse2 tests/format_identity
	rm -rf $(MATRIX_DIR) $(CORPUS_DIR) bench/out

# Benchmark: inputs, floor loop and harness all go to bench/out.
PYTHON ?= python3
BENCH_CFLAGS = -O2 $(STRICT_CFLAGS)
bench/out/stream.tsv: bench/gen.py
	$(PYTHON) bench/gen.py bench/out
bench/out/floor: bench/floor.c src/number.c src/number.h src/shortest.c
	@mkdir -p bench/out
	$(CC) $(BENCH_CFLAGS) -o $@ bench/floor.c src/number.c \
		src/shortest.c -lm
bench/out/harness: bench/harness.c $(SRC) $(HDR)
	@mkdir -p bench/out
	$(CC) $(BENCH_CFLAGS) -o $@ bench/harness.c $(SRC) -lm
bench: logitsample bench/out/stream.tsv bench/out/floor bench/out/harness
	$(PYTHON) bench/run.py ./logitsample bench/out/floor \
		bench/out/harness bench/out

.PHONY: all test check check-dmath check-exp-batch check-format check-matrix check-reference golden \
	check-sanitize check-valgrind fuzz fuzz-smoke install uninstall \
	clean bench
