# Flink Operations Playground simulator — one Makefile for everything.
# sim/ builds without Lua or SDL include paths (the model is headless);
# lua/ and viz/ link it into the `playground` binary.

CC      ?= gcc
OPT     ?= -O2
WARN    := -Wall -Wextra -Wshadow -Wpointer-arith -Wcast-qual -Wwrite-strings \
           -Wstrict-prototypes -Wmissing-prototypes -Wundef -Wvla -Wformat=2 \
           -Wno-unused-parameter -Wno-format-truncation -Wno-override-init
# (-Wno-override-init: the EV() event initialiser sets defaults, then the fields given.)
# Link-time optimisation of the programs: calls across sim/'s files (sim_at into the event
# queue, a task's run into its channels) are inlined, ~6 % less CPU. The objects keep their
# machine code too (fat), so the unit tests link without it (TEST_LINK), in a fraction of
# the time. `make LTO=` builds without it.
LTO     ?= -flto=auto -ffat-lto-objects
CFLAGS  ?= $(OPT) $(LTO) -g
# XCFLAGS adds to CFLAGS (a CFLAGS given on the command line would replace the flags below).
CFLAGS  += -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) -MMD -MP $(XCFLAGS)
LDFLAGS ?=
TEST_LINK := $(if $(LTO),-fno-lto)
B       ?= build
VERSION := $(shell cat VERSION)

# make install: $(DESTDIR)$(PREFIX)/bin/playground (and the view's libexec/playground/playground-viz),
# the manual page, scenarios and docs.
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
# playground-viz goes where `playground viz` looks for it: ../libexec/playground from the binary.
LIBEXECDIR = $(BINDIR)/../libexec/playground
MANDIR  ?= $(PREFIX)/share/man
PKGDATADIR ?= $(PREFIX)/share/playground
DESTDIR ?=

SIM_SRC  := $(sort $(wildcard sim/*.c sim/*/*.c))
LUA_SRC  := $(sort $(wildcard lua/*.c))
VIZ_SRC  := $(sort $(wildcard viz/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))

SIM_OBJ  := $(SIM_SRC:%.c=$(B)/%.o)
LUA_LIB  := $(sort $(wildcard lua/*.lua))
LUA_OBJ  := $(LUA_SRC:%.c=$(B)/%.o) $(B)/lua/embedded_gen.o
VIZ_OBJ  := $(VIZ_SRC:%.c=$(B)/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)

PKGS     := lua5.4 jansson libedit libmicrohttpd
# libmicrohttpd is loaded when a command serves HTTP (lua/http.c): its headers, not its library.
LINK_PKGS := lua5.4 jansson libedit
VIZ_PKGS := sdl2 SDL2_ttf libpng
LUA_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LUA_LIBS   = $(shell pkg-config --libs $(LINK_PKGS) 2>/dev/null)
VIZ_CFLAGS = $(shell pkg-config --cflags $(VIZ_PKGS) 2>/dev/null)
VIZ_LIBS   = $(shell pkg-config --libs $(VIZ_PKGS) 2>/dev/null)
UNIT_LIBS  = $(shell pkg-config --libs cmocka jansson 2>/dev/null)
# The view writes PNG files with libpng; its tests and their tools read them back with SDL2_image.
IMG_LIBS   = $(shell pkg-config --libs SDL2_image 2>/dev/null)

DEPS_STAMP := $(B)/.deps-ok

# Short build lines; `make V=1` shows the full commands.
ifeq ($(V),1)
say :=
else
say = @printf '  %-4s %s\n' $(1) $(2);
endif
PLAYGROUND := $(B)/playground

.SECONDARY:
.PHONY: all deps test unit scenarios lint asan coverage bench demo viz docs-images swarm compilers mutant mutants \
        fuzz fuzz-build man install uninstall help clean
all: $(PLAYGROUND) ## build build/playground and the view's build/playground-viz (the default)

# Installs the Debian packages that are missing (idempotent; needs root or sudo).
deps: $(DEPS_STAMP) ## install the Debian packages that are missing (apt-get; root or sudo)
$(DEPS_STAMP): .ci/deps.sh
	@bash .ci/deps.sh
	@mkdir -p $(B) && touch $@

$(B)/sim/%.o: sim/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(CFLAGS) -Isim -c $< -o $@
$(B)/lua/%.o: lua/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(CFLAGS) -DPG_VERSION='"$(VERSION)"' -Isim -Iviz -Ilua $(LUA_CFLAGS) -c $< -o $@
# --version and the manual page say the version.
$(B)/lua/main.o $(B)/lua/cli_man.o: VERSION
# The Lua library modules (lua/*.lua) go into the binary as byte arrays.
$(B)/lua/embedded_gen.c: $(LUA_LIB) lua/embed.sh
	@mkdir -p $(dir $@)
	$(call say,GEN,$@)sh lua/embed.sh $@ $(LUA_LIB)
$(B)/lua/embedded_gen.o: $(B)/lua/embedded_gen.c
	$(call say,CC,$<)$(CC) $(CFLAGS) -Ilua -c $< -o $@
$(B)/viz/%.o: viz/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(CFLAGS) -Isim -Ilua $(LUA_CFLAGS) $(VIZ_CFLAGS) -c $< -o $@
$(B)/tests/%.o: tests/unit/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(CFLAGS) -Isim -Iviz -Ilua $(LUA_CFLAGS) -c $< -o $@

$(B)/libsim.a: $(SIM_OBJ)
	@rm -f $@
	$(call say,AR,$@)ar rcs $@ $^

# Two programs: playground without SDL (its ~60 libraries cost every start ~10 ms), whose
# `viz` command runs playground-viz — the same commands with the view linked in
# (lua/viz_exec.c). Building one builds both.
VIZ_PROGRAM := $(B)/playground-viz
LUA_OBJ_VIEW := $(filter-out $(B)/lua/viz_exec.o,$(LUA_OBJ))
VIZ_CLI_OBJ := $(B)/viz/args.o $(B)/viz/watch.o
$(PLAYGROUND): $(LUA_OBJ) $(VIZ_CLI_OBJ) $(B)/libsim.a | $(VIZ_PROGRAM)
	$(call say,LINK,$@)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(LUA_OBJ) $(VIZ_CLI_OBJ) $(B)/libsim.a $(LUA_LIBS) -lm -lpthread
$(VIZ_PROGRAM): $(LUA_OBJ_VIEW) $(VIZ_OBJ) $(B)/libsim.a
	$(call say,LINK,$@)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(LUA_OBJ_VIEW) $(VIZ_OBJ) $(B)/libsim.a $(LUA_LIBS) $(VIZ_LIBS) -lm -lpthread

# Unit tests may use the view's modules (all but its frame loop and runs, which need the
# runner) and the option tables as well as the model.
VIZ_APP_OBJ := $(addprefix $(B)/viz/,main.o loop.o input.o pair.o)
VIZ_LIB_OBJ := $(filter-out $(VIZ_APP_OBJ),$(VIZ_OBJ))
$(B)/tests/test_%: $(B)/tests/test_%.o $(B)/libsim.a $(VIZ_OBJ) $(B)/lua/cliopt.o $(B)/lua/jobcmd.o
	$(call say,LINK,$@)$(CC) $(CFLAGS) $(TEST_LINK) $(LDFLAGS) -o $@ $< $(VIZ_LIB_OBJ) $(B)/lua/cliopt.o $(B)/lua/jobcmd.o \
	  $(B)/libsim.a $(UNIT_LIBS) $(VIZ_LIBS) $(IMG_LIBS) -lm

# The view's tests that run scenarios (test_viz_fit, test_viz_net) link the runner and Lua.
RUNNER_OBJ := $(filter-out $(B)/lua/main.o,$(LUA_OBJ_VIEW))
$(B)/tests/test_viz_fit $(B)/tests/test_viz_net: $(B)/tests/%: $(B)/tests/%.o $(B)/libsim.a $(VIZ_OBJ) $(RUNNER_OBJ)
	$(call say,LINK,$@)$(CC) $(CFLAGS) $(TEST_LINK) $(LDFLAGS) -o $@ $< $(VIZ_LIB_OBJ) $(RUNNER_OBJ) \
	  $(B)/libsim.a $(UNIT_LIBS) $(LUA_LIBS) $(VIZ_LIBS) $(IMG_LIBS) -lm

# Compiled chunks are tested with Lua alone.
$(B)/tests/test_chunkcache: $(B)/tests/test_chunkcache.o $(B)/lua/chunkcache.o
	$(call say,LINK,$@)$(CC) $(CFLAGS) $(TEST_LINK) $(LDFLAGS) -o $@ $^ $(UNIT_LIBS) $(LUA_LIBS) -lm -lpthread

# The swarm's process pool and shrinker are tested on their own (no Lua, no model).
$(B)/tests/test_swarm: $(B)/tests/test_swarm.o $(B)/lua/swarm_pool.o $(B)/lua/swarm_shrink.o
	$(call say,LINK,$@)$(CC) $(CFLAGS) $(TEST_LINK) $(LDFLAGS) -o $@ $^ $(UNIT_LIBS) -lm

TOOLS := $(B)/tests/tools/check_timeline $(B)/tests/tools/check_apng
# Test tools: checkers of the files the exports write.
$(B)/tests/tools/%: tests/tools/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(CFLAGS) $(VIZ_CFLAGS) -o $@ $< $(UNIT_LIBS) $(VIZ_LIBS) $(IMG_LIBS)

# The README's test command: every stage of tests/run.sh, one progress line each, then
# "N passed, N failed" (the tests run side by side, TEST_JOBS at once; about 30 s on two
# cores). Nothing is compiled while they run: the binaries, the mutant and the fuzz targets
# are this rule's prerequisites. JUNIT=DIR also writes JUnit XML there (unit-*.xml,
# scenarios.xml, swarm-*.xml); STAGES="cli install" runs only those stages.
JUNIT  ?=
STAGES ?=
test: $(PLAYGROUND) $(UNIT_BIN) $(TOOLS) mutant fuzz-build ## every test (JUNIT=DIR: JUnit XML; STAGES=...: some stages)
	@B=$(B) JUNIT=$(JUNIT) bash tests/run.sh $(STAGES)

unit: $(UNIT_BIN) ## the cmocka unit tests only
	@B=$(B) JUNIT=$(JUNIT) bash tests/run.sh unit

scenarios: $(PLAYGROUND) $(TOOLS) ## the scenario tests only (scenarios/, tests/lua/)
	@B=$(B) JUNIT=$(JUNIT) bash tests/run.sh scenarios

# The fuzz targets (tests/fuzz): built once, like everything else, and rebuilt only when a
# source changes. With clang's libFuzzer: the model instrumented for coverage, ASan and
# UBSan; without it, standalone drivers (gcc, ASan, UBSan) that run the corpora once.
# `make test` fuzzes each target for a second; `make fuzz` fuzzes for FUZZ_TIME seconds (60).
FUZZ_B       := $(B)/fuzz
FUZZ_TARGETS := rest savepoint
FUZZ_BASE    := -g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -fno-omit-frame-pointer -Isim \
                -fno-sanitize-recover=undefined -MMD -MP
ifneq ($(filter test fuzz fuzz-build,$(MAKECMDGOALS)),)
HAVE_LIBFUZZER := $(shell printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return 0; }\n' | \
                    clang -fsanitize=fuzzer -x c - -o /dev/null >/dev/null 2>&1 && echo yes)
endif
ifeq ($(HAVE_LIBFUZZER),yes)
FUZZ_CC   := clang
FUZZ_OBJF := $(FUZZ_BASE) -Wno-initializer-overrides -fsanitize=fuzzer-no-link,address,undefined
FUZZ_LINK := -fsanitize=fuzzer,address,undefined
FUZZ_BIN  := $(FUZZ_TARGETS:%=$(FUZZ_B)/fuzz_%)
else
FUZZ_CC   := $(CC)
FUZZ_OBJF := $(FUZZ_BASE) -fsanitize=address,undefined
FUZZ_LINK := -fsanitize=address,undefined
FUZZ_BIN  := $(FUZZ_TARGETS:%=$(FUZZ_B)/fuzz_%_standalone)
endif
FUZZ_SIM_OBJ := $(SIM_SRC:%.c=$(FUZZ_B)/%.o)
$(FUZZ_B)/sim/%.o: sim/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(call say,FUZZ,$<)$(FUZZ_CC) $(FUZZ_OBJF) -c $< -o $@
$(FUZZ_B)/fuzz_%.o: tests/fuzz/fuzz_%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(call say,FUZZ,$<)$(FUZZ_CC) $(FUZZ_OBJF) -c $< -o $@
$(FUZZ_B)/fuzz_%_standalone.o: tests/fuzz/fuzz_%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(call say,FUZZ,$<)$(FUZZ_CC) $(FUZZ_OBJF) -DFUZZ_STANDALONE -c $< -o $@
$(FUZZ_B)/fuzz_%: $(FUZZ_B)/fuzz_%.o $(FUZZ_SIM_OBJ)
	$(call say,LINK,$@)$(FUZZ_CC) $(FUZZ_LINK) -o $@ $^ -ljansson -lm
fuzz-build: $(FUZZ_BIN) ## build the fuzz targets (libFuzzer with clang, else standalone)
fuzz: fuzz-build ## fuzz the REST and savepoint parsers for FUZZ_TIME seconds (default 60)
	@FUZZ_TIME=$${FUZZ_TIME:-60} B=$(B) bash tests/fuzz/run.sh

# The binary with deliberate defects (-DSIM_MUTATIONS) that tests/mutants.sh hunts.
mutant: | $(DEPS_STAMP) ## build the binary with deliberate defects (-DSIM_MUTATIONS)
	@$(MAKE) -s B=$(B)/mutant XCFLAGS="$(XCFLAGS) -DSIM_MUTATIONS" $(B)/mutant/playground

lint: | $(DEPS_STAMP) ## determinism bans, layering, a -Werror build, cppcheck
	@bash tests/lint.sh

# Same seed, same trace hash with gcc and clang at -O0 and -O2 (CI runs it).
compilers: | $(DEPS_STAMP) ## the same trace hashes with gcc and clang at -O0 and -O2
	@bash tests/compilers.sh

# The checkers are tested too: a build with deliberate defects (-DSIM_MUTATIONS), each of
# which the swarm must find and shrink to a short scenario (tests/mutants.sh).
mutants: mutant ## a build with deliberate defects, each found and shrunk by the swarm
	@bash tests/mutants.sh $(B)/mutant/playground

asan: ## make test with AddressSanitizer and UBSan (build/asan)
	$(MAKE) B=build/asan LTO= OPT="-O1 -fsanitize=address,undefined -fno-omit-frame-pointer" \
	        LDFLAGS="-fsanitize=address,undefined" test

coverage: ## make test with coverage; coverage/html/index.html
	$(MAKE) B=build/cov LTO= OPT="-O0 --coverage" LDFLAGS="--coverage" test
	@mkdir -p coverage/html
	lcov --quiet --capture --directory build/cov/sim --output-file coverage/sim.info
	genhtml --quiet coverage/sim.info --output-directory coverage/html
	@lcov --summary coverage/sim.info 2>&1 | grep -E 'lines'

bench: $(PLAYGROUND) ## speed figures of a simulated day (HOURS=... to change)
	@$(PLAYGROUND) bench --hours $${HOURS:-24}

demo: $(PLAYGROUND) ## the tutorial's failure-and-recovery step, narrated
	@$(PLAYGROUND) run scenarios/failure_recovery.lua --narrate

viz: $(PLAYGROUND) ## the SDL2 view of scenarios/failure_recovery.lua
	@$(PLAYGROUND) viz scenarios/failure_recovery.lua

# The illustrations of docs/: PNG snapshots of the SDL2 view, rendered headless.
docs-images: $(PLAYGROUND) ## regenerate the pictures in docs/images/ from the view
	@B=$(B) bash tests/viz/snapshots.sh docs/images

# make test sweeps 100, 50, 30 and 30 seeds (tests/run.sh: SWARM_SEEDS, SWARM_EOS_SEEDS,
# SWARM_WIDE_SEEDS, SWARM_113_SEEDS); this, more.
N ?= 200
EOS_N ?= $(shell echo $$(( $(N) / 2 > 0 ? $(N) / 2 : 1 )))
WIDE_N ?= $(EOS_N)
swarm: $(PLAYGROUND) ## the seed sweeps of scenarios/swarm.lua (N=200), swarm_upgrade.lua, swarm_wide.lua and swarm_113.lua (N/2)
	@rc=0; $(PLAYGROUND) swarm scenarios/swarm.lua --seeds $(N) || rc=$$?; \
	  $(PLAYGROUND) swarm scenarios/swarm_upgrade.lua --seeds $(EOS_N) || rc=$$?; \
	  $(PLAYGROUND) swarm scenarios/swarm_wide.lua --seeds $(WIDE_N) || rc=$$?; \
	  $(PLAYGROUND) swarm scenarios/swarm_113.lua --seeds $(EOS_N) || rc=$$?; exit $$rc

# The manual page is generated from the option tables and kept in git (a test compares).
man: $(PLAYGROUND) ## regenerate docs/playground.1 from the option tables
	@$(PLAYGROUND) help --man >docs/playground.1.tmp && mv docs/playground.1.tmp docs/playground.1

SCENARIO_FILES := $(sort $(wildcard scenarios/*.lua))
DOC_FILES      := $(sort $(wildcard docs/*.md)) README.md LICENSE
IMAGE_FILES    := $(sort $(wildcard docs/images/*.png))
install: $(PLAYGROUND) ## PREFIX=/usr/local DESTDIR=: binary, man page, scenarios, docs
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(PKGDATADIR)/scenarios \
	  $(DESTDIR)$(PKGDATADIR)/docs/images
	install -m 755 $(PLAYGROUND) $(DESTDIR)$(BINDIR)/playground
	install -m 755 $(VIZ_PROGRAM) $(DESTDIR)$(LIBEXECDIR)/playground-viz
	install -m 644 docs/playground.1 $(DESTDIR)$(MANDIR)/man1/playground.1
	install -m 644 $(SCENARIO_FILES) $(DESTDIR)$(PKGDATADIR)/scenarios
	install -m 644 $(DOC_FILES) $(DESTDIR)$(PKGDATADIR)/docs
	$(if $(IMAGE_FILES),install -m 644 $(IMAGE_FILES) $(DESTDIR)$(PKGDATADIR)/docs/images)

# Removes exactly the files install writes, then the package's directories if empty.
uninstall: ## remove what make install installed (the same PREFIX and DESTDIR)
	rm -f $(DESTDIR)$(BINDIR)/playground $(DESTDIR)$(LIBEXECDIR)/playground-viz $(DESTDIR)$(MANDIR)/man1/playground.1 \
	  $(addprefix $(DESTDIR)$(PKGDATADIR)/scenarios/,$(notdir $(SCENARIO_FILES))) \
	  $(addprefix $(DESTDIR)$(PKGDATADIR)/docs/,$(notdir $(DOC_FILES))) \
	  $(addprefix $(DESTDIR)$(PKGDATADIR)/docs/images/,$(notdir $(IMAGE_FILES)))
	-rmdir $(DESTDIR)$(PKGDATADIR)/docs/images $(DESTDIR)$(PKGDATADIR)/docs $(DESTDIR)$(PKGDATADIR)/scenarios \
	  $(DESTDIR)$(PKGDATADIR) $(DESTDIR)$(LIBEXECDIR) 2>/dev/null

# Lists the targets: every rule with a "## what it does" comment.
help: ## this list
	@echo "make [TARGET] [B=build] [V=1], TARGET one of:"
	@awk -F':.*## ' '/^[a-z][a-z-]*:.*## /{ printf "  %-12s %s\n", $$1, $$2 }' $(firstword $(MAKEFILE_LIST))

clean: ## remove build/ and the coverage reports
	rm -rf build coverage/html coverage/*.info

-include $(SIM_OBJ:.o=.d) $(LUA_OBJ:.o=.d) $(VIZ_OBJ:.o=.d) $(UNIT_BIN:%=%.d) $(FUZZ_SIM_OBJ:.o=.d) \
         $(FUZZ_BIN:%=%.d)
