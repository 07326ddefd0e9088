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
	src/run.c src/sampler.c src/summary.c src/table.c src/token.c \
	src/transforms.c src/view.c src/vocab.c
HDR = src/chain_options.h src/config.h src/dmath.h src/json.h \
	src/number.h src/options.h src/output.h src/penalty.h src/reader.h \
	src/rng.h src/run.h src/sampler.h src/summary.h src/table.h \
	src/token.h src/transforms.h src/view.h src/vocab.h

all: logitsample

logitsample: $(SRC) src/main.c $(HDR)
	$(CC) $(CFLAGS) $(STRICT_CFLAGS) $(LDFLAGS) -o $@ $(SRC) src/main.c \
		$(LDLIBS)

test check: logitsample
	bats tests

# Maximum error of det_exp and det_log in ulps, against expl and logl.
tests/dmath_accuracy: tests/dmath_accuracy.c src/dmath.c src/dmath.h
	$(CC) $(CFLAGS) $(STRICT_CFLAGS) $(LDFLAGS) -o $@ \
		tests/dmath_accuracy.c src/dmath.c $(LDLIBS)

check-dmath: tests/dmath_accuracy
	./tests/dmath_accuracy

install: logitsample
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)
	cp logitsample $(DESTDIR)$(BINDIR)/logitsample
	chmod 755 $(DESTDIR)$(BINDIR)/logitsample
	cp man/logitsample.1 $(DESTDIR)$(MANDIR)/logitsample.1
	chmod 644 $(DESTDIR)$(MANDIR)/logitsample.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/logitsample $(DESTDIR)$(MANDIR)/logitsample.1

clean:
	rm -f logitsample tests/dmath_accuracy

.PHONY: all test check check-dmath install uninstall clean
