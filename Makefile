# klaxon: build, test, install. `make`, `make check`, `make install PREFIX=... DESTDIR=...`.
# Every folder's sources are picked up by wildcard; a new file needs no Makefile edit.

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
LIBDIR   ?= $(PREFIX)/lib
PLUGINDIR ?= $(LIBDIR)/klaxon
MANDIR   ?= $(PREFIX)/share/man
BUILD    ?= build
PKG_CONFIG ?= pkg-config
VERSION  := 0.1.0

# ncursesw is preferred; plain ncurses is the fallback ladder nnn uses.
CURSES_PKGS := $(shell $(PKG_CONFIG) --exists ncursesw && echo ncursesw || echo ncurses)
PKGS     := $(CURSES_PKGS) libcurl jansson openssl libsecret-1 libmicrohttpd

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS))
pkg_libs    = $(shell $(PKG_CONFIG) --libs $(1))

# What each binary links. klaxon links only what the form's first frame needs (issues #2, #4):
# libcurl is dlopen'd on first use (client/curl_dl.c), the Secret Service backend is a plugin
# (client/keyring_plugin.c), `klaxon training` runs klaxon-sim as a child process, and even
# libcrypto is dlopen'd on first use (core/crypto_dl.c).
SYS_LIBS    := -ldl -lm -lpthread
KLAXON_LIBS := $(call pkg_libs,$(CURSES_PKGS) jansson yaml-0.1) $(SYS_LIBS)
SIM_LIBS    := $(call pkg_libs,jansson libcrypto libmicrohttpd) $(SYS_LIBS)
PLUGIN_LIBS := $(call pkg_libs,libsecret-1)

CC       ?= cc
CFLAGS   ?= -O2 -g
CFLAGS   += -std=gnu11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2 \
            -fno-common -fstack-protector-strong -D_FORTIFY_SOURCE=2
CPPFLAGS += -I. -DKLX_VERSION='"$(VERSION)"' $(PKG_CFLAGS) -MMD -MP
# Unit tests and fuzz harnesses: everything but libcurl (the shim serves them too) and libsecret.
LDLIBS   += $(call pkg_libs,$(CURSES_PKGS) jansson yaml-0.1 libcrypto libmicrohttpd) $(SYS_LIBS)

ifeq ($(SAN),1)
CFLAGS   := $(filter-out -O2 -D_FORTIFY_SOURCE=2,$(CFLAGS)) -O1 -fsanitize=address,undefined \
            -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS  += -fsanitize=address,undefined
endif

# ThreadSanitizer (make test-tsan, in build-tsan): only the tests whose threads share the process.
TSAN_TESTS := test_keyring_threads
ifeq ($(TSAN),1)
CFLAGS   := $(filter-out -O2 -D_FORTIFY_SOURCE=2,$(CFLAGS)) -O1 -fsanitize=thread \
            -fno-omit-frame-pointer
LDFLAGS  += -fsanitize=thread
endif

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

.PHONY: all check test test-asan test-valgrind test-tsan tests install uninstall clean lint format bench screenshots fuzz deps keys-doc

all: $(KLAXON) $(KLAXON_SIM) $(KEYRING_PLUGIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

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
	$(CC) $(LDFLAGS) -Wl,--as-needed -Wl,--dynamic-list=$(BUILD)/klaxon.dynlist \
	    $(addprefix -Wl$(comma)--undefined=,$(PLUGIN_HOST_SYMS)) \
	    -o $@ $(call obj,$(CLI_SRC)) $(LIBS) $(KLAXON_LIBS)

$(KLAXON_SIM): $(call obj,sim/main.c) $(LIBS)
	$(CC) $(LDFLAGS) -o $@ $(call obj,sim/main.c) $(LIBS) $(SIM_LIBS)

# Plugin objects: position-independent, every symbol hidden but the one the source exports.
$(BUILD)/pic/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -fPIC -fvisibility=hidden -c -o $@ $<

$(KEYRING_PLUGIN): $(call obj,$(addprefix pic/,$(PLUGIN_SRC)))
	$(CC) $(LDFLAGS) -shared -o $@ $^ $(PLUGIN_LIBS)

# Where klaxon looks for klaxon-sim and its plugin once installed; objects that bake the paths
# in are rebuilt when they change.
$(BUILD)/paths.txt: FORCE
	@mkdir -p $(@D)
	@echo '$(BINDIR) $(PLUGINDIR)' | cmp -s - $@ || echo '$(BINDIR) $(PLUGINDIR)' >$@
$(BUILD)/client/keyring_plugin.o $(BUILD)/cli/training.o: $(BUILD)/paths.txt
$(BUILD)/client/keyring_plugin.o: CPPFLAGS += -DKLX_PLUGINDIR='"$(PLUGINDIR)"'
$(BUILD)/cli/training.o: CPPFLAGS += -DKLX_BINDIR='"$(BINDIR)"'
.PHONY: FORCE

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(LIBS)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $< $(LIBS) $(LDLIBS)

tests: all $(TESTS)

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
	$(MAKE) BUILD=build-tsan TSAN=1 $(addprefix build-tsan/tests/,$(TSAN_TESTS))
	TSAN_OPTIONS=halt_on_error=1:exitcode=66 tests/run.sh build-tsan test_keyring_threads

deps:
	scripts/install-deps

# The manual's key sections, written from the views' key tables (test_keydoc checks them).
keys-doc: $(BUILD)/tests/test_keydoc
	scripts/keys-doc $(BUILD)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(PLUGINDIR)
	install -m 0755 $(KLAXON) $(KLAXON_SIM) $(DESTDIR)$(BINDIR)/
	install -m 0644 $(KEYRING_PLUGIN) $(DESTDIR)$(PLUGINDIR)/
	install -m 0644 doc/klaxon.1 $(DESTDIR)$(MANDIR)/man1/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/klaxon $(DESTDIR)$(BINDIR)/klaxon-sim $(DESTDIR)$(MANDIR)/man1/klaxon.1
	rm -f $(DESTDIR)$(PLUGINDIR)/klaxon-keyring-secret.so
	-rmdir $(DESTDIR)$(PLUGINDIR) 2>/dev/null

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	    --inline-suppr --suppress=missingIncludeSystem --suppress=toomanyconfigs \
	    --include=/usr/include/jansson.h -I. core forms client session sim tui cli
	clang-tidy --quiet $(CORE_SRC) $(FORMS_SRC) $(CLIENT_SRC) $(PLUGIN_SRC) $(SIM_SRC) sim/main.c $(CLI_SRC) \
	    $(SESSION_SRC) $(TUI_SRC) -- $(CPPFLAGS) -std=gnu11

format:
	clang-format -i $(wildcard */*.c */*.h tests/unit/*.c tests/unit/*.h)

bench: all
	bench/run.sh $(BUILD)

screenshots: all
	scripts/screenshots.sh $(BUILD)

# Fuzzing: libFuzzer harnesses (tests/fuzz/fuzz_*.c) built by clang with ASan+UBSan in
# build-fuzz. `make fuzz` runs each for FUZZ_SECONDS; crashes go to build-fuzz/artifacts/.
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_NAMES   := $(patsubst tests/fuzz/%.c,%,$(FUZZ_SRC))
FUZZ_CC      ?= clang

# override: a CC or CFLAGS given to an outer make must not turn the instrumentation off.
ifeq ($(FUZZ),1)
override CC      := $(FUZZ_CC)
override CFLAGS  := $(filter-out -O2 -D_FORTIFY_SOURCE=2,$(CFLAGS)) -O1 -fno-omit-frame-pointer \
                    -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
override LDFLAGS += -fsanitize=fuzzer,address,undefined
endif

$(BUILD)/fuzz/%: $(BUILD)/tests/fuzz/%.o $(LIBS)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $< $(LIBS) $(LDLIBS)

.PHONY: fuzz-harnesses fuzz-build
fuzz-harnesses: $(addprefix $(BUILD)/fuzz/,$(FUZZ_NAMES))

fuzz-build:
	$(MAKE) BUILD=$(FUZZ_BUILD) FUZZ=1 fuzz-harnesses

fuzz: fuzz-build
	tests/fuzz/run.sh --build $(FUZZ_BUILD) --seconds $(FUZZ_SECONDS)

clean:
	rm -rf build build-asan build-fuzz build-tsan

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
