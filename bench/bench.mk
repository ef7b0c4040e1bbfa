# Builds the benchmark's helper programs into $(BUILD)/bench/; invoked by
# bench/run as `make -f bench/bench.mk BUILD=...` from the top of the tree.
# Static (the waiter is a few pages, like a tiny real service), and dynamic
# if this libc cannot link statically.

BUILD ?= build
CC ?= cc
BENCH_CFLAGS := -std=gnu11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -Wshadow
STATIC := $(shell echo 'int main(void){return 0;}' | \
	$(CC) -static -x c -o /dev/null - 2>/dev/null && echo -static)

PROGS := waiter forkexec minisup restartlat lines pipecat logcheck timeit
BINS := $(PROGS:%=$(BUILD)/bench/%)

all: $(BINS)

$(BUILD)/bench/%: bench/%.c bench/bench.h
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) $(STATIC) -o $@ $<

.PHONY: all
