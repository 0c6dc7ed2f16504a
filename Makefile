# klaxon: build, test, install. `make`, `make check`, `make install PREFIX=... DESTDIR=...`.
# Every folder's sources are picked up by wildcard; a new file needs no Makefile edit.
# CFLAGS, CPPFLAGS, LDFLAGS and LDLIBS (command line or environment) add to the build's own
# flags (the KLX_* variables) and never replace them; -Werror only with WERROR=1, which CI
# (CI=true), `make check` and the test targets turn on, so a newer compiler's new warning
# cannot break a packager's build.

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
LIBDIR   ?= $(PREFIX)/lib
PLUGINDIR ?= $(LIBDIR)/klaxon
DATADIR  ?= $(PREFIX)/share
MANDIR   ?= $(DATADIR)/man
# Where each shell looks for completions: bash-completion's completionsdir, zsh's site
# functions, fish's vendor completions (all on the default search path under /usr/local/share
# and /usr/share).
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
ZSHCOMPDIR  ?= $(DATADIR)/zsh/site-functions
FISHCOMPDIR ?= $(DATADIR)/fish/vendor_completions.d
# The bundled drill scenarios (klaxon drill looks here once installed).
SCENARIOSDIR ?= $(DATADIR)/klaxon/scenarios
BUILD    ?= build
PKG_CONFIG ?= pkg-config
# The one place the version lives; --version, the plugin check, the manuals and `make dist`
# take it from here (debian/changelog must agree: pkg_deb checks).
VERSION  := $(shell cat VERSION)
WERROR   ?= $(if $(filter true 1,$(CI)),1,0)

# The Debian package that provides each pkg-config module, for the one-line error below.
KLX_DEB_ncursesw      := libncurses-dev
KLX_DEB_ncurses       := libncurses-dev
KLX_DEB_libcurl       := libcurl4-openssl-dev
KLX_DEB_jansson       := libjansson-dev
KLX_DEB_openssl       := libssl-dev
KLX_DEB_libsecret-1   := libsecret-1-dev
KLX_DEB_libmicrohttpd := libmicrohttpd-dev
KLX_DEB_expat         := libexpat1-dev
KLX_DEB_yaml-0.1      := libyaml-dev

# ncursesw is preferred; plain ncurses is the fallback ladder nnn uses.
CURSES_PKGS := $(shell $(PKG_CONFIG) --exists ncursesw 2>/dev/null && echo ncursesw || echo ncurses)
PKGS     := $(CURSES_PKGS) libcurl jansson openssl libsecret-1 libmicrohttpd expat yaml-0.1

# A goal that is neither one of these nor a file path (one with a /): one line saying which are.
KLX_GOALS := all tests check test test-asan test-valgrind test-tsan install uninstall dist completions keys-doc lint format bench screenshots fuzz fuzz-build fuzz-harnesses deps clean distclean help
KLX_UNKNOWN := $(firstword $(filter-out $(KLX_GOALS),$(foreach g,$(MAKECMDGOALS),$(if \
               $(findstring /,$(g)),,$(g)))))
ifneq ($(KLX_UNKNOWN),)
$(error no target "$(KLX_UNKNOWN)"; try: make help)
endif

# Goals that build nothing need no library: `make deps` installs them, `make dist` packs git.
NOBUILD_GOALS := clean distclean deps dist uninstall format help
ifneq ($(MAKECMDGOALS),)
ifeq ($(filter-out $(NOBUILD_GOALS),$(MAKECMDGOALS)),)
KLX_NOBUILD := 1
endif
endif
ifndef KLX_NOBUILD
ifeq ($(shell command -v $(PKG_CONFIG)),)
$(error klaxon needs $(PKG_CONFIG): apt-get install pkg-config (or `make deps` for everything))
endif
KLX_MISSING := $(firstword $(foreach p,$(PKGS),$(if \
               $(shell $(PKG_CONFIG) --exists $(p) && echo y),,$(p))))
ifneq ($(KLX_MISSING),)
$(error klaxon needs $(KLX_MISSING): apt-get install $(KLX_DEB_$(KLX_MISSING)) (or `make deps` for everything))
endif
endif

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
pkg_libs    = $(shell $(PKG_CONFIG) --libs $(1) 2>/dev/null)

# What each binary links. klaxon links only what the form's first frame needs (issues #2, #4):
# libcurl is dlopen'd on first use (client/curl_dl.c), the Secret Service backend is a plugin
# (client/keyring_plugin.c), `klaxon training` runs klaxon-sim as a child process, and even
# libcrypto is dlopen'd on first use (core/crypto_dl.c).
SYS_LIBS    := -ldl -lm -lpthread
KLAXON_LIBS := $(call pkg_libs,$(CURSES_PKGS) jansson yaml-0.1 expat) $(SYS_LIBS)
SIM_LIBS    := $(call pkg_libs,jansson libcrypto libmicrohttpd) $(SYS_LIBS)
PLUGIN_LIBS := $(call pkg_libs,libsecret-1)

CC       ?= cc
CFLAGS   ?= -O2 -g
KLX_CFLAGS := -std=gnu11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wformat=2 -fno-common \
              -fstack-protector-strong
# _FORTIFY_SOURCE needs optimisation, and a packager's own setting wins (no redefinition).
KLX_FORTIFY = $(if $(findstring _FORTIFY_SOURCE,$(CPPFLAGS) $(CFLAGS))$(findstring \
              -O0,$(CFLAGS))$(KLX_SANFLAGS),,-D_FORTIFY_SOURCE=2)
KLX_CPPFLAGS = -I. -DKLX_VERSION='"$(VERSION)"' $(PKG_CFLAGS) -MMD -MP $(KLX_FORTIFY)
# Sanitizers come after the packager's CFLAGS, so their -O1 wins over an -O2 there.
KLX_SANFLAGS :=
KLX_LDFLAGS  :=
# Unit tests and fuzz harnesses: everything but libcurl (the shim serves them too) and libsecret.
KLX_TEST_LIBS := $(call pkg_libs,$(CURSES_PKGS) jansson libcrypto libmicrohttpd yaml-0.1 expat) $(SYS_LIBS)

ifeq ($(SAN),1)
KLX_SANFLAGS := -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
                -fno-sanitize-recover=all
KLX_LDFLAGS  := -fsanitize=address,undefined
endif

# ThreadSanitizer (make test-tsan, in build-tsan): only the tests whose threads share the process.
TSAN_TESTS := test_keyring_threads
ifeq ($(TSAN),1)
KLX_SANFLAGS := -O1 -fsanitize=thread -fno-omit-frame-pointer
KLX_LDFLAGS  := -fsanitize=thread
endif

# Fuzzing: libFuzzer harnesses (tests/fuzz/fuzz_*.c) built by clang with ASan+UBSan in
# build-fuzz. override: a CC given to an outer make must not turn the instrumentation off.
FUZZ_CC      ?= clang
ifeq ($(FUZZ),1)
override CC  := $(FUZZ_CC)
KLX_SANFLAGS := -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
                -fno-sanitize-recover=all
KLX_LDFLAGS  := -fsanitize=fuzzer,address,undefined
endif

ALL_CPPFLAGS = $(KLX_CPPFLAGS) $(CPPFLAGS)
ALL_CFLAGS   = $(KLX_CFLAGS) $(CFLAGS) $(KLX_SANFLAGS) $(if $(filter 1,$(WERROR)),-Werror)
# Links see CFLAGS too (a packager's -flto or -fPIE must reach the linker).
LINK         = $(CC) $(KLX_CFLAGS) $(CFLAGS) $(KLX_SANFLAGS) $(KLX_LDFLAGS) $(LDFLAGS)

# Module libraries; dependencies point one way: tui -> forms -> core, tui/cli -> client -> core,
# sim -> client -> core.
CORE_SRC   := $(wildcard core/*.c)
FORMS_SRC  := $(wildcard forms/*.c)
PLUGIN_SRC := client/keyring_secret.c
CLIENT_SRC := $(filter-out $(PLUGIN_SRC),$(wildcard client/*.c))
SIM_SRC    := $(filter-out sim/main.c,$(wildcard sim/*.c))
SESSION_SRC := $(wildcard session/*.c)
TUI_SRC    := $(wildcard tui/*.c)
CLI_SRC    := $(wildcard cli/*.c)
TEST_SRC   := $(wildcard tests/unit/test_*.c)

obj = $(patsubst %.c,$(BUILD)/%.o,$(1))

LIBCORE   := $(BUILD)/libcore.a
LIBFORMS  := $(BUILD)/libforms.a
LIBCLIENT := $(BUILD)/libclient.a
LIBSIM    := $(BUILD)/libsim.a
LIBSESSION := $(BUILD)/libsession.a
LIBTUI    := $(BUILD)/libtui.a
LIBS      := $(LIBTUI) $(LIBSESSION) $(LIBSIM) $(LIBCLIENT) $(LIBFORMS) $(LIBCORE)

KLAXON     := $(BUILD)/klaxon
KLAXON_SIM := $(BUILD)/klaxon-sim
KEYRING_PLUGIN := $(BUILD)/klaxon-keyring-secret.so
TESTS      := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(TEST_SRC))
FUZZ_SRC   := $(wildcard tests/fuzz/fuzz_*.c)

.PHONY: all check test test-asan test-valgrind test-tsan tests install uninstall clean lint format bench screenshots fuzz deps keys-doc dist help completions distclean

# The suite and CI hold the code to -Werror (a command-line WERROR=0 still wins).
tests check test test-asan test-valgrind test-tsan fuzz-build: WERROR := 1

all: $(KLAXON) $(KLAXON_SIM) $(KEYRING_PLUGIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(LIBCORE): $(call obj,$(CORE_SRC))
$(LIBFORMS): $(call obj,$(FORMS_SRC))
$(LIBCLIENT): $(call obj,$(CLIENT_SRC))
$(LIBSIM): $(call obj,$(SIM_SRC))
$(LIBSESSION): $(call obj,$(SESSION_SRC))
$(LIBTUI): $(call obj,$(TUI_SRC))
$(LIBS):
	@mkdir -p $(@D)
	@rm -f $@
	$(AR) rcs $@ $^ $(if $^,,$(BUILD)/empty.o)

$(BUILD)/empty.o:
	@mkdir -p $(@D)
	echo 'typedef int klx_empty_unit;' | $(CC) -x c -c -o $@ -

$(LIBS): | $(BUILD)/empty.o

# The functions of klaxon that the keyring plugin calls: exported from the executable (and
# linked in even if klaxon itself stopped calling one), nothing else is.
PLUGIN_HOST_SYMS := buf_cstr buf_free buf_printf buf_puts creds_put_safe keyring_creds_decode \
                    keyring_creds_encode secmem_free_str
comma := ,
$(BUILD)/klaxon.dynlist: Makefile
	@mkdir -p $(@D)
	{ echo '{'; printf '  %s;\n' $(PLUGIN_HOST_SYMS); echo '};'; } >$@

$(KLAXON): $(call obj,$(CLI_SRC)) $(LIBS) $(BUILD)/klaxon.dynlist
	$(LINK) -Wl,--as-needed -Wl,--dynamic-list=$(BUILD)/klaxon.dynlist \
	    $(addprefix -Wl$(comma)--undefined=,$(PLUGIN_HOST_SYMS)) \
	    -o $@ $(call obj,$(CLI_SRC)) $(LIBS) $(KLAXON_LIBS) $(LDLIBS)

$(KLAXON_SIM): $(call obj,sim/main.c) $(LIBS)
	$(LINK) -o $@ $(call obj,sim/main.c) $(LIBS) $(SIM_LIBS) $(LDLIBS)

# Plugin objects: position-independent, every symbol hidden but the one the source exports.
$(BUILD)/pic/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -fPIC -fvisibility=hidden -c -o $@ $<

$(KEYRING_PLUGIN): $(call obj,$(addprefix pic/,$(PLUGIN_SRC)))
	$(LINK) -shared -o $@ $^ $(PLUGIN_LIBS) $(LDLIBS)

# Where klaxon looks for klaxon-sim and its plugin once installed; objects that bake the paths
# in are rebuilt when they change.
$(BUILD)/paths.txt: FORCE
	@mkdir -p $(@D)
	@echo '$(BINDIR) $(PLUGINDIR) $(SCENARIOSDIR)' | cmp -s - $@ || \
	    echo '$(BINDIR) $(PLUGINDIR) $(SCENARIOSDIR)' >$@
$(BUILD)/client/keyring_plugin.o $(BUILD)/cli/training.o $(BUILD)/cli/drill.o: $(BUILD)/paths.txt
$(BUILD)/client/keyring_plugin.o: KLX_CPPFLAGS += -DKLX_PLUGINDIR='"$(PLUGINDIR)"'
$(BUILD)/cli/training.o: KLX_CPPFLAGS += -DKLX_BINDIR='"$(BINDIR)"'
$(BUILD)/cli/drill.o: KLX_CPPFLAGS += -DKLX_SCENARIOSDIR='"$(SCENARIOSDIR)"'
.PHONY: FORCE

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(LIBS)
	@mkdir -p $(@D)
	$(LINK) -o $@ $< $(LIBS) $(KLX_TEST_LIBS) $(LDLIBS)

tests: all $(TESTS) $(BUILD)/completion-table

# The whole suite, then the same suite again under ASan+UBSan, then under valgrind memcheck,
# then the threaded tests under ThreadSanitizer.
check: test test-asan test-valgrind test-tsan

test: tests
	tests/run.sh $(BUILD)

test-asan:
	$(MAKE) BUILD=build-asan SAN=1 tests
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    tests/run.sh build-asan

# Unit tests and the programs the integration tests start, under memcheck: errors and definite
# leaks fail (tests/run.sh, KLX_VALGRIND).
test-valgrind: tests
	KLX_VALGRIND=1 tests/run.sh $(BUILD)

# A data race is a failure: TSan's report makes the test exit non-zero.
test-tsan:
	$(MAKE) BUILD=build-tsan TSAN=1 WERROR=1 $(addprefix build-tsan/tests/,$(TSAN_TESTS))
	TSAN_OPTIONS=halt_on_error=1:exitcode=66 tests/run.sh build-tsan test_keyring_threads

deps:
	scripts/install-deps

# The manual's key sections, written from the views' key tables (test_keydoc checks them).
keys-doc: $(BUILD)/tests/test_keydoc
	scripts/keys-doc $(BUILD)

# What `make install` puts where (uninstall removes exactly these).
MAN1        := doc/klaxon.1 doc/klaxon-sim.1
MAN5        := doc/klaxon-scenario.5
INSTALLED   := $(BINDIR)/klaxon $(BINDIR)/klaxon-sim $(PLUGINDIR)/klaxon-keyring-secret.so \
               $(addprefix $(MANDIR)/man1/,$(notdir $(MAN1))) \
               $(addprefix $(MANDIR)/man5/,$(notdir $(MAN5))) $(BASHCOMPDIR)/klaxon \
               $(ZSHCOMPDIR)/_klaxon $(FISHCOMPDIR)/klaxon.fish

# The shells' completions, written by scripts/completions from klaxon's command and option
# tables (cli/options.c, printed by scripts/completion-table.c); pkg_completion fails when
# completions/ differs from what they give.
$(BUILD)/completion-table: $(BUILD)/scripts/completion-table.o $(BUILD)/cli/options.o
	$(LINK) -o $@ $^ $(LDLIBS)

completions: $(KLAXON) $(BUILD)/completion-table
	scripts/completions $(KLAXON) completions $(BUILD)/completion-table

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(PLUGINDIR) \
	    $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR) \
	    $(DESTDIR)$(SCENARIOSDIR)
	install -m 0755 $(KLAXON) $(KLAXON_SIM) $(DESTDIR)$(BINDIR)/
	install -m 0644 $(KEYRING_PLUGIN) $(DESTDIR)$(PLUGINDIR)/
	install -m 0644 $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 $(MAN5) $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 completions/klaxon.bash $(DESTDIR)$(BASHCOMPDIR)/klaxon
	install -m 0644 completions/_klaxon $(DESTDIR)$(ZSHCOMPDIR)/_klaxon
	install -m 0644 completions/klaxon.fish $(DESTDIR)$(FISHCOMPDIR)/klaxon.fish
	install -m 0644 scenarios/*.json $(DESTDIR)$(SCENARIOSDIR)/

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	rm -rf $(DESTDIR)$(SCENARIOSDIR)
	-rmdir $(DESTDIR)$(DATADIR)/klaxon 2>/dev/null
	-rmdir $(DESTDIR)$(PLUGINDIR) 2>/dev/null

# A versioned source tarball of the committed tree (HEAD; uncommitted changes are not in it).
dist:
	@command -v git >/dev/null || { echo "make dist needs git: apt-get install git"; exit 2; }
	@mkdir -p $(BUILD)
	git archive --format=tar.gz --prefix=klaxon-$(VERSION)/ -o $(BUILD)/klaxon-$(VERSION).tar.gz HEAD
	@echo $(BUILD)/klaxon-$(VERSION).tar.gz

help:
	@echo "make [all|tests|check|test|test-asan|test-valgrind|test-tsan|install|uninstall|dist|completions|keys-doc|lint|format|bench|screenshots|fuzz|deps|clean]"

# Tools some targets need: one line naming the Debian package when one is missing.
need = @command -v $(1) >/dev/null || { echo "make $@ needs $(1): apt-get install $(2)"; exit 2; }

lint:
	$(call need,cppcheck,cppcheck)
	$(call need,clang-tidy,clang-tidy)
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	    --inline-suppr --suppress=missingIncludeSystem --suppress=toomanyconfigs \
	    --include=/usr/include/jansson.h -I. core forms client session sim tui cli
	clang-tidy --quiet $(CORE_SRC) $(FORMS_SRC) $(CLIENT_SRC) $(PLUGIN_SRC) $(SIM_SRC) sim/main.c $(CLI_SRC) \
	    $(SESSION_SRC) $(TUI_SRC) -- $(ALL_CPPFLAGS) -std=gnu11

format:
	$(call need,clang-format,clang-format)
	clang-format -i $(wildcard */*.c */*.h tests/unit/*.c tests/unit/*.h)

bench: all
	bench/run.sh $(BUILD)

screenshots: all
	scripts/install-deps screenshots
	scripts/screenshots.sh $(BUILD)

# Fuzzing: libFuzzer harnesses (tests/fuzz/fuzz_*.c) built by clang with ASan+UBSan in
# build-fuzz. `make fuzz` runs each for FUZZ_SECONDS; crashes go to build-fuzz/artifacts/.
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_NAMES   := $(patsubst tests/fuzz/%.c,%,$(FUZZ_SRC))
$(BUILD)/fuzz/%: $(BUILD)/tests/fuzz/%.o $(LIBS)
	@mkdir -p $(@D)
	$(LINK) -o $@ $< $(LIBS) $(KLX_TEST_LIBS) $(LDLIBS)

.PHONY: fuzz-harnesses fuzz-build
fuzz-harnesses: $(addprefix $(BUILD)/fuzz/,$(FUZZ_NAMES))

fuzz-build:
	$(call need,$(FUZZ_CC),clang libclang-rt-14-dev)
	$(MAKE) BUILD=$(FUZZ_BUILD) FUZZ=1 fuzz-harnesses

fuzz: fuzz-build
	tests/fuzz/run.sh --build $(FUZZ_BUILD) --seconds $(FUZZ_SECONDS)

clean distclean:
	rm -rf build build-asan build-fuzz build-tsan

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
