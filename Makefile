# svinit: one Makefile, by convention so that adding a module needs no edit:
#   src/svinit.c, src/svctl.c   the two programs' main()
#   src/*.c (the rest)          modules, linked into both programs
#   tests/unit/check_*.c        one Check suite each -> build/tests/check_*
#   tests/integration/t_*.sh    integration tests, run by tests/integration/run
#   tests/probes/*.c            small programs the integration tests run
#                               as services -> build/probes/*
#   fuzz/fuzz_*.c               libFuzzer targets (clang), `make fuzz`
#   tests/helpers/*.c           test programs (-> build/helpers/*), built for
#                               the integration tests; they may link test-only
#                               libraries (libsystemd), never svinit
# Everything is built under $(BUILD) (default build/, or a directory under
# it per variant: build/static, build/aarch64-linux-gnu-static, ...).
#
# Variants (doc/embedded.md), combined at will:
#   STATIC=1        svinit and svctl linked statically (glibc, libinih,
#                   libseccomp); --notify-parent is then unavailable
#   MINIMAL=1       built for size: -Os, no debug info, what nothing calls
#                   dropped by the linker (no feature is left out: none
#                   is big enough, doc/embedded.md)
#   CROSS=aarch64-linux-gnu-   a cross build with Debian's cross toolchain
#                   and multiarch -dev packages; `make check-cross` runs its
#                   unit tests under qemu-user

STATIC ?=
MINIMAL ?=
CROSS ?=
empty :=
space := $(empty) $(empty)
VARIANT := $(subst $(space),-,$(strip $(CROSS:%-=%) \
	$(if $(filter 1,$(STATIC)),static) $(if $(filter 1,$(MINIMAL)),minimal)))
BUILD ?= build$(if $(VARIANT),/$(VARIANT))
PREFIX ?= /usr/local
DESTDIR ?=
SAN ?=
CC ?= cc
ifneq ($(CROSS),)
CC := $(CROSS)gcc
AR := $(CROSS)ar
# The target's .pc files, in its multiarch directory (Debian ships no
# aarch64-linux-gnu-pkg-config in bookworm), and qemu-user to run the
# target's programs (qemu-aarch64; the target's dynamic loader is in /lib
# with the multiarch libc6:arm64). TRIPLET: aarch64-linux-gnu.
TRIPLET := $(CROSS:%-=%)
PKG_CONFIG ?= PKG_CONFIG_LIBDIR=/usr/lib/$(TRIPLET)/pkgconfig:/usr/share/pkgconfig pkg-config
QEMU_USER := $(patsubst aarch64,qemu-aarch64,$(patsubst arm,qemu-arm,$(firstword $(subst -, ,$(TRIPLET)))))
else
PKG_CONFIG ?= pkg-config
endif
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60

PKG_STATIC := $(if $(filter 1,$(STATIC)),--static)
PKGS := inih libseccomp
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(PKG_STATIC) $(PKGS) 2>/dev/null) -lm
CHECK_CFLAGS := $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS := $(shell $(PKG_CONFIG) --libs $(PKG_STATIC) check 2>/dev/null)
# Tests only: a daemon that speaks sd_notify through the real library.
SD_CFLAGS := $(shell pkg-config --cflags libsystemd 2>/dev/null)
SD_LIBS := $(shell pkg-config --libs libsystemd 2>/dev/null)

WARN := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wno-unused-parameter
# MINIMAL=1: optimised for size, every function and object in a section
# of its own so that the linker drops those nothing calls.
ifeq ($(MINIMAL),1)
OPT ?= -Os -ffunction-sections -fdata-sections
LDFLAGS += -Wl,--gc-sections
else
OPT ?= -O2 -g
endif
CFLAGS ?= $(OPT)
CFLAGS += -std=gnu11 -D_GNU_SOURCE $(WARN) -Isrc $(PKG_CFLAGS) -MMD -MP
ifeq ($(STATIC),1)
CFLAGS += -DSVINIT_STATIC
LDFLAGS += -static
endif
ifeq ($(SAN),1)
CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
	  -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif

MAINS := src/svinit.c src/svctl.c
MOD_SRC := $(filter-out $(MAINS),$(sort $(wildcard src/*.c)))
MOD_OBJ := $(MOD_SRC:src/%.c=$(BUILD)/obj/%.o)
LIB := $(BUILD)/libsvinit.a
TEST_SRC := $(sort $(wildcard tests/unit/check_*.c))
TESTS := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
PROBE_SRC := $(sort $(wildcard tests/probes/*.c))
PROBES := $(PROBE_SRC:tests/probes/%.c=$(BUILD)/probes/%)
HELPER_SRC := $(sort $(wildcard tests/helpers/*.c))
HELPERS := $(HELPER_SRC:tests/helpers/%.c=$(BUILD)/helpers/%)
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZERS := $(FUZZ_SRC:fuzz/%.c=$(BUILD)/fuzz/%)
MANS := $(sort $(wildcard man/*.[0-9]))

.PHONY: all deps check check-vm vm-tests unit-tests asan-tests \
	static static-unit-tests check-cross \
	integration-tests man-lint \
	fuzz demo bench install clean format
.DELETE_ON_ERROR:

all: $(BUILD)/svinit $(BUILD)/svctl

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(LIB): $(MOD_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/svinit $(BUILD)/svctl: $(BUILD)/%: $(BUILD)/obj/%.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(CHECK_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) \
		$(PKG_LIBS) $(CHECK_LIBS)

$(BUILD)/probes/%: tests/probes/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $<
$(BUILD)/helpers/%: tests/helpers/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SD_CFLAGS) $(LDFLAGS) -o $@ $< $(SD_LIBS)

# Installs what is missing (apt-get, as root on Debian) or says what it is.
deps:
	@tests/deps.sh

# In a cross build the tests run under qemu-user ($(QEMU_USER)).
unit-tests: $(TESTS)
	@rc=0; for t in $(TESTS); do \
		CK_DEFAULT_TIMEOUT=60 $(QEMU_USER) $$t || rc=1; done; exit $$rc

asan-tests:
	$(MAKE) BUILD=$(BUILD)/asan SAN=1 unit-tests

integration-tests: all $(PROBES) $(HELPERS) static
	@BUILD=$(abspath $(BUILD)) tests/integration/run

# The static variant beside the default build, in $(BUILD)/static: its
# programs for tests/integration/t_static.sh and tests/vm/run, its unit
# tests (the static glibc's own behaviour: NSS) in static-unit-tests.
static:
	$(if $(filter 1,$(STATIC))$(CROSS),@:,$(MAKE) STATIC=1 BUILD=$(BUILD)/static all)
static-unit-tests:
	$(MAKE) STATIC=1 BUILD=$(BUILD)/static unit-tests

man-lint:
	@tests/man-lint.sh $(MANS)

check: deps
	$(MAKE) all
	$(MAKE) unit-tests
	$(MAKE) asan-tests
	$(MAKE) static-unit-tests
	$(MAKE) integration-tests
	$(MAKE) vm-tests
	$(MAKE) man-lint

# The unit tests of a cross build (CROSS=aarch64-linux-gnu- by default),
# run under qemu-user: tests/deps.sh --cross installs the toolchain, the
# target's libraries and qemu-user (and adds the architecture to dpkg),
# only for this target. qemu-user cannot emulate the vfork-like clone of
# spawn.c (CLONE_VM | CLONE_VFORK): the tests' library is built with
# SPAWN_VFORK=0 (fork) in a directory of its own; the tests qemu-user
# cannot run (seccomp, one signal, a time limit) say SKIP. Not part of
# `make check`: doc/embedded.md.
CHECK_CROSS ?= aarch64-linux-gnu-
check-cross:
	@tests/deps.sh --cross $(CHECK_CROSS:%-=%)
	$(MAKE) CROSS=$(CHECK_CROSS) all
	SVINIT_TEST_QEMU_USER=1 $(MAKE) CROSS=$(CHECK_CROSS) \
		BUILD=build/$(CHECK_CROSS:%-=%)-qemu \
		OPT="-O2 -g -DSPAWN_VFORK=0" unit-tests

# The VM tests alone (cgroup v2 with every controller, in qemu).
check-vm: deps
	$(MAKE) all
	$(MAKE) vm-tests

vm-tests: all static
	@BUILD=$(abspath $(BUILD)) tests/vm/run

# libFuzzer targets: built with clang, run FUZZ_SECONDS each on the corpus.
$(BUILD)/fuzz/%: fuzz/%.c $(MOD_SRC)
	@mkdir -p $(@D)
	$(FUZZ_CC) -std=gnu11 -D_GNU_SOURCE -g -O1 -Isrc $(PKG_CFLAGS) \
		-fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -o $@ $< $(MOD_SRC) \
		$(PKG_LIBS)

fuzz: deps $(FUZZERS)
	@for f in $(FUZZERS); do n=$$(basename $$f); \
		mkdir -p $(BUILD)/fuzz/corpus-$$n; \
		echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			$(BUILD)/fuzz/corpus-$$n fuzz/corpus/$$n || exit 1; \
	done

demo: deps all
	@tests/demo.sh

bench: deps all
	@st=0; bench/run || st=$$?; bench/sockact || st=1; exit $$st

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/man/man5 \
		$(DESTDIR)$(PREFIX)/share/man/man8
	install -m 755 $(BUILD)/svinit $(DESTDIR)$(PREFIX)/bin/svinit
	install -m 755 $(BUILD)/svctl $(DESTDIR)$(PREFIX)/bin/svctl
	for m in $(MANS); do s=$${m##*.}; \
		install -m 644 $$m $(DESTDIR)$(PREFIX)/share/man/man$$s/; done
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 644 contrib/svctl.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/svctl

format:
	clang-format -i src/*.c src/*.h tests/unit/*.c fuzz/*.c

clean:
	rm -rf $(BUILD)

-include $(MOD_OBJ:.o=.d) $(BUILD)/obj/svinit.d $(BUILD)/obj/svctl.d
