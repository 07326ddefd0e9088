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

install: logitsample
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)
	cp logitsample $(DESTDIR)$(BINDIR)/logitsample
	chmod 755 $(DESTDIR)$(BINDIR)/logitsample
	cp man/logitsample.1 $(DESTDIR)$(MANDIR)/logitsample.1
	chmod 644 $(DESTDIR)$(MANDIR)/logitsample.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/logitsample $(DESTDIR)$(MANDIR)/logitsample.1

clean:
	rm -f logitsample
	rm -rf bench/out

# Benchmark: inputs, floor loop and harness all go to bench/out.
PYTHON ?= python3
BENCH_CFLAGS = -O2 $(STRICT_CFLAGS)
bench/out/stream.tsv: bench/gen.py
	$(PYTHON) bench/gen.py bench/out
bench/out/floor: bench/floor.c src/number.c src/number.h
	@mkdir -p bench/out
	$(CC) $(BENCH_CFLAGS) -o $@ bench/floor.c src/number.c -lm
bench/out/harness: bench/harness.c $(SRC) $(HDR)
	@mkdir -p bench/out
	$(CC) $(BENCH_CFLAGS) -o $@ bench/harness.c $(SRC) -lm
bench: logitsample bench/out/stream.tsv bench/out/floor bench/out/harness
	$(PYTHON) bench/run.py ./logitsample bench/out/floor \
		bench/out/harness bench/out

.PHONY: all test check install uninstall clean bench
