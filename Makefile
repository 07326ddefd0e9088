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

SRC = src/dmath.c src/number.c src/options.c src/output.c src/reader.c \
	src/rng.c src/run.c src/sampler.c src/token.c
HDR = src/config.h src/dmath.h src/number.h src/options.h src/output.h \
	src/reader.h src/rng.h src/run.h src/sampler.h src/token.h

all: logitsample

logitsample: $(SRC) src/main.c $(HDR)
	$(CC) $(CFLAGS) $(STRICT_CFLAGS) $(LDFLAGS) -o $@ $(SRC) src/main.c \
		$(LDLIBS)

test check: logitsample
	bats tests

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
	rm -f logitsample logitsample-san fuzz/fuzz_logitsample

.PHONY: all test check check-sanitize check-valgrind fuzz fuzz-smoke \
	install uninstall clean
