# Makefile - builds build/tandem; `make demo` and `make check` are the two
# commands a newcomer needs (see README.md). All output goes under build/.

CC      ?= cc
PKGS    := libmicrohttpd jansson sqlite3 libsodium libcurl libpq libzip
CFLAGS  ?= -O2 -g
WARN    := -std=c17 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2 -Wvla
CPPFLAGS = -D_GNU_SOURCE $(shell pkg-config --cflags $(PKGS))
LDLIBS   = $(shell pkg-config --libs $(PKGS)) -lpthread -lm
SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# GLPK has no pkg-config file; the matcher's tests check it against GLPK's simplex.
TEST_LIBS = $(shell pkg-config --libs cmocka libical) -lglpk

LIB_SRC  := $(sort $(wildcard src/lib/*.c src/domain/*.c src/store/*.c src/http/*.c src/api/*.c src/cli/*.c))
MIGRATIONS := $(sort $(wildcard sql/[0-9]*.sql))
MIGRATIONS_PG := $(sort $(wildcard sql/pg/[0-9]*.sql))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
API_SRC  := $(sort $(wildcard tests/api/test_*.c))
API_HELP := $(filter-out $(API_SRC),$(wildcard tests/api/*.c))
# Fuzz harnesses: replayed over their corpora by make check, fuzzed by make fuzz.
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
# What unit and API tests share: the attacker of published counts.
TEST_HELP := tests/attack.c

# Two variants of everything: plain in build/, sanitized in build/asan/.
GEN      := migrations plan_template taxonomy partnership_template
OBJ      := $(LIB_SRC:%.c=build/obj/%.o) $(GEN:%=build/obj/gen/%.o)
ASAN_OBJ := $(LIB_SRC:%.c=build/asan/obj/%.o) $(GEN:%=build/asan/obj/gen/%.o)
FUZZ_OBJ := $(LIB_SRC:%.c=build/fuzz/obj/%.o) $(GEN:%=build/fuzz/obj/gen/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=build/tests/%) $(UNIT_SRC:tests/unit/%.c=build/asan/tests/%)
API_BIN  := $(API_SRC:tests/api/%.c=build/tests/%) $(API_SRC:tests/api/%.c=build/asan/tests/%)
REPLAY_BIN := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=build/tests/test_fuzz_%) \
	$(FUZZ_SRC:tests/fuzz/fuzz_%.c=build/asan/tests/test_fuzz_%)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=build/fuzz/fuzz_%)
FUZZ_CFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer

.PHONY: all demo check check-cluster test tests clean bench web-tools fuzz
all: build/tandem

build/gen/migrations.c: $(MIGRATIONS) $(MIGRATIONS_PG) scripts/embed-sql
	@mkdir -p $(@D)
	scripts/embed-sql $@ $(MIGRATIONS) --pg $(MIGRATIONS_PG)

build/gen/plan_template.c: data/plan-template.json scripts/embed-file
	@mkdir -p $(@D)
	scripts/embed-file $@ plan_template_json $<

build/gen/taxonomy.c: data/taxonomy.json scripts/embed-file
	@mkdir -p $(@D)
	scripts/embed-file $@ taxonomy_json $<
build/gen/partnership_template.c: data/partnership-template.json scripts/embed-file
	@mkdir -p $(@D)
	scripts/embed-file $@ partnership_template_json $<

build/obj/gen/%.o: build/gen/%.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -c -o $@ $<
build/asan/obj/gen/%.o: build/gen/%.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(SAN) $(CPPFLAGS) -c -o $@ $<

build/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -MMD -MP -c -o $@ $<
build/asan/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(SAN) $(CPPFLAGS) -MMD -MP -c -o $@ $<

build/libtandem.a: $(filter-out build/obj/src/cli/main.o,$(OBJ))
	rm -f $@ && ar rcs $@ $^
build/asan/libtandem.a: $(filter-out build/asan/obj/src/cli/main.o,$(ASAN_OBJ))
	rm -f $@ && ar rcs $@ $^

build/tandem: build/obj/src/cli/main.o build/libtandem.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)
build/asan/tandem: build/asan/obj/src/cli/main.o build/asan/libtandem.a
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LDLIBS)

build/tests/%: tests/unit/%.c $(TEST_HELP) build/libtandem.a
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -o $@ $^ $(LDLIBS) $(TEST_LIBS)
build/asan/tests/%: tests/unit/%.c $(TEST_HELP) build/asan/libtandem.a
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(SAN) $(CPPFLAGS) -o $@ $^ $(LDLIBS) $(TEST_LIBS)
build/tests/%: tests/api/%.c $(API_HELP) $(TEST_HELP) build/libtandem.a
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -o $@ $^ $(LDLIBS) $(TEST_LIBS)
build/asan/tests/%: tests/api/%.c $(API_HELP) $(TEST_HELP) build/asan/libtandem.a
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(SAN) $(CPPFLAGS) -o $@ $^ $(LDLIBS) $(TEST_LIBS)

# The matcher's, the sign-in flood's and the search's benchmarks are built
# with the tests, so that they cannot rot unseen.
tests: build/tandem build/asan/tandem $(UNIT_BIN) $(API_BIN) $(REPLAY_BIN) build/bench/match build/bench/signin_flood build/bench/hostile \
	build/bench/search

# The two commands. Each installs what is missing first, then starts a fresh
# make so that pkg-config sees the newly installed libraries.
demo:
	scripts/install-deps build
	$(MAKE) build/tandem
	scripts/demo

# The build uses every core (two in CI), to keep the whole run under 15 minutes.
check:
	scripts/install-deps check web
	$(MAKE) -j$$(nproc) tests web-tools
	scripts/run-tests

# Three tandem processes behind HAProxy on a PostgreSQL primary and its
# synchronous standby, through the loss of a process and a failover (see
# tests/cluster/run.sh); make check runs it in a short form.
check-cluster:
	scripts/install-deps check
	$(MAKE) build/tandem
	tests/cluster/run.sh

# The browser tests' npm tools, installed from the lock file when it changes.
web-tools: tests/web/node_modules/.installed
tests/web/node_modules/.installed: tests/web/package.json tests/web/package-lock.json
	cd tests/web && npm ci --no-audit --no-fund --silent
	touch $@

test: tests
	scripts/run-tests

bench:
	scripts/install-deps bench check
	$(MAKE) build/tandem build/bench/mhd_ceiling build/bench/match build/bench/signin_flood build/bench/search \
		build/bench/hostile
	bench/load.sh
	bench/stores.sh
	bench/followups.sh
	bench/signin.sh
	bench/hostile.sh
	bench/search.sh
	bench/dashboard.sh
	build/bench/match

# A harness over its corpus, without libFuzzer (tests/fuzz/replay.c).
build/tests/test_fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c build/libtandem.a
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -DFUZZ_NAME='"fuzz_$*"' -DFUZZ_CORPUS='"tests/fuzz/corpus/$*"' \
		-o $@ $^ $(LDLIBS)
build/asan/tests/test_fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c build/asan/libtandem.a
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(SAN) $(CPPFLAGS) -DFUZZ_NAME='"fuzz_$*"' -DFUZZ_CORPUS='"tests/fuzz/corpus/$*"' \
		-o $@ $^ $(LDLIBS)

# libFuzzer: clang from Debian, the whole library built for coverage.
# FUZZ_SECONDS per harness (default 300); new inputs are merged into
# tests/fuzz/corpus/ and the figures printed (see docs/fuzzing.md).
FUZZ_SECONDS ?= 300
fuzz:
	scripts/install-deps build fuzz
	$(MAKE) CC=clang $(FUZZ_BIN)
	scripts/fuzz $(FUZZ_SECONDS)

build/fuzz/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(CPPFLAGS) -c -o $@ $<
build/fuzz/obj/gen/%.o: build/gen/%.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(FUZZ_CFLAGS) $(CPPFLAGS) -c -o $@ $<
build/fuzz/libtandem.a: $(filter-out build/fuzz/obj/src/cli/main.o,$(FUZZ_OBJ))
	rm -f $@ && ar rcs $@ $^
build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c build/fuzz/libtandem.a
	@mkdir -p $(@D)
	$(CC) $(WARN) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(CPPFLAGS) -o $@ $^ $(LDLIBS)

build/bench/match: bench/match.c build/libtandem.a
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -o $@ $< build/libtandem.a $(LDLIBS)

build/bench/signin_flood: bench/signin_flood.c bench/reader.c bench/reader.h
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -o $@ $(filter %.c,$^) $(LDLIBS)

build/bench/hostile: bench/hostile.c bench/reader.c bench/reader.h
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -o $@ $(filter %.c,$^) $(LDLIBS)

build/bench/search: bench/search.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -o $@ $< $(LDLIBS)

build/bench/mhd_ceiling: bench/mhd_ceiling.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -o $@ $< $(LDLIBS)

clean:
	rm -rf build

-include $(OBJ:.o=.d) $(ASAN_OBJ:.o=.d)
