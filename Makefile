# Oogst — one GNU Makefile.
#   make            build build/oogst
#   make run        install missing Debian packages, build, start on the Dutch demo session
#   make check      install missing Debian packages, build, run every test (under ASan+UBSan;
#                   SAN=thread: under ThreadSanitizer)
#   make install    PREFIX=/usr/local DESTDIR=
#   make ARCH=arm64 cross-build build/arm64/oogst for the Pi (Debian multiarch; installs
#                   the cross toolchain and the arm64 libraries first, like make check)
#   make check ARCH=arm64   the same, then the non-graphical tests under qemu-aarch64-static
# Quiet unless V=1. The user's CFLAGS/LDFLAGS are kept apart from the project's.

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
DATADIR    ?= $(PREFIX)/share/oogst
STATEDIR   ?= /var/lib/oogst
LOCALEDIR  ?= $(PREFIX)/share/locale
SYSCONFDIR ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
UNITDIR    ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
UDEVDIR    ?= $(PREFIX)/lib/udev/rules.d
TMPFILESDIR ?= $(PREFIX)/lib/tmpfiles.d
LIBEXECDIR ?= $(PREFIX)/lib/oogst

# --- ARCH=arm64: the Pi 4/5, cross-built with Debian multiarch (image/deps.sh arm64) ----------
# Compiler, archiver and pkg-config are the aarch64-linux-gnu ones (given on the command line,
# they win); so everything taken from the target's libraries (their flags, GPIOD_API) is the
# arm64 packages'. All output goes to build/arm64. Programs built here run under qemu-user,
# called explicitly (binfmt_misc need not be registered): TARGET_RUN is put before them. -L /
# makes qemu take /lib/ld-linux-aarch64.so.1 and libc from libc6:arm64, one glibc build;
# -L /usr/aarch64-linux-gnu would pair the cross toolchain's older loader with that libc.
# ARCH=arm64 counts from the environment too; no ARCH: the native build, unchanged.
ifeq ($(ARCH),arm64)
CROSS_COMPILE ?= aarch64-linux-gnu-
ifneq ($(origin CC),command line)
CC := $(CROSS_COMPILE)gcc
endif
ifneq ($(origin AR),command line)
AR := $(CROSS_COMPILE)ar
endif
ifneq ($(origin PKG_CONFIG),command line)
PKG_CONFIG := $(CROSS_COMPILE)pkg-config
endif
BUILD      ?= build/arm64
QEMU_LD_PREFIX ?= /
TARGET_RUN ?= qemu-aarch64-static -L $(QEMU_LD_PREFIX)
# Goals that install the toolchain first (they run deps); any other needs it already there.
ifeq ($(shell command -v $(firstword $(CC)) 2>/dev/null),)
ifneq ($(filter-out all deps check run clean,$(or $(MAKECMDGOALS),all)),)
$(error $(firstword $(CC)) not found: run `make deps ARCH=arm64` first (cross toolchain, arm64 libraries, qemu-user))
endif
endif
else ifneq ($(filter command line override,$(origin ARCH)),)
ifneq ($(ARCH),)
$(error ARCH=$(ARCH): only ARCH=arm64 is known (leave ARCH out for a native build))
endif
endif
PKG_CONFIG ?= pkg-config
CC         ?= cc
CFLAGS     ?= -O2 -g
LDFLAGS    ?=
BUILD      ?= build

PKGS := sdl2 SDL2_ttf sqlite3 libfyaml zlib libgpiod xlsxwriter libsystemd
# libgpiod 1.6 (Debian 12, Raspberry Pi OS bookworm) and 2.x (Debian 13) differ: the
# adapter for the one found is compiled (src/gpio/gpio_v1.c or gpio_v2.c).
GPIOD_API := $(shell $(PKG_CONFIG) --modversion libgpiod 2>/dev/null | cut -d. -f1)

OOGST_CFLAGS = -std=c11 -D_GNU_SOURCE -Isrc \
	-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla \
	-Wformat=2 -Wno-format-nonliteral \
	-DOOGST_DATADIR='"$(DATADIR)"' -DOOGST_STATEDIR='"$(STATEDIR)"' -DOOGST_LOCALEDIR='"$(LOCALEDIR)"' \
	-DOOGST_GPIOD_API=$(GPIOD_API) -DOOGST_CONFIG='"$(SYSCONFDIR)/oogst/oogst.yaml"' \
	$(shell $(PKG_CONFIG) --cflags $(PKGS))
OOGST_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lpthread -lm
TEST_LIBS  = $(shell $(PKG_CONFIG) --libs cmocka)
SAN_FLAGS  = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

ifeq ($(V),1)
Q :=
else
Q := @
endif

LIB_SRC  := $(wildcard src/*/*.c)
MAIN_SRC := src/main.c
TEST_SRC := $(wildcard tests/unit/test_*.c)
TOOL_SRC := $(wildcard tests/tools/*.c)

objs = $(patsubst %.c,$(1)/obj/%.o,$(2))

LANGS    := nl en
CATALOGS  = $(foreach l,$(LANGS),$(BUILD)/locale/$(l)/LC_MESSAGES/oogst.mo)

ifeq ($(ARCH),arm64)
# deps first, then a new make: the toolchain and pkg-config flags exist only after deps.
all: deps
	@$(MAKE) --no-print-directory build-all
build-all: $(BUILD)/oogst $(CATALOGS)
	@:
else
all: $(BUILD)/oogst $(CATALOGS)
endif

# --- UI strings: gettext catalogs (assets/po/README.md) ----------------------------------------
$(BUILD)/locale/%/LC_MESSAGES/oogst.mo: assets/po/%.po
	@mkdir -p $(@D)
	$(if $(Q),@echo "  MSGFMT  $@")
	$(Q)msgfmt --check -o $@ $<

po-update:
	xgettext --from-code=UTF-8 --keyword=tr --keyword=N_ --language=C --no-location --sort-output \
		-o $(BUILD)/oogst.pot $(wildcard src/*/*.c)
	for l in $(LANGS); do msgmerge --quiet --update --no-fuzzy-matching --backup=none assets/po/$$l.po $(BUILD)/oogst.pot; done

# --- the program, and the same built with sanitizers for the tests ----------------------------
define variant
$(1)/obj/%.o: %.c
	@mkdir -p $$(@D)
	$$(if $$(Q),@echo "  CC      $$@")
	$$(Q)$$(CC) $$(OOGST_CFLAGS) $(2) $$(CPPFLAGS) $$(CFLAGS) -MMD -MP -c $$< -o $$@

$(1)/liboogst.a: $$(call objs,$(1),$$(LIB_SRC))
	$$(Q)rm -f $$@ && $$(AR) rcs $$@ $$^

$(1)/oogst: $$(call objs,$(1),$$(MAIN_SRC)) $(1)/liboogst.a
	$$(if $$(Q),@echo "  LD      $$@")
	$$(Q)$$(CC) $(2) $$(LDFLAGS) -o $$@ $$^ $$(OOGST_LIBS)

$(1)/tests/%: $(1)/obj/tests/unit/%.o $(1)/liboogst.a
	@mkdir -p $$(@D)
	$$(if $$(Q),@echo "  LD      $$@")
	$$(Q)$$(CC) $(2) $$(LDFLAGS) -o $$@ $$^ $$(OOGST_LIBS) $$(TEST_LIBS)

$(1)/tools/%: $(1)/obj/tests/tools/%.o $(1)/liboogst.a
	@mkdir -p $$(@D)
	$$(Q)$$(CC) $(2) $$(LDFLAGS) -o $$@ $$^ $$(OOGST_LIBS)
endef

$(eval $(call variant,$(BUILD),))
$(eval $(call variant,$(BUILD)/san,$(SAN_FLAGS)))
$(eval $(call variant,$(BUILD)/tsan,-fsanitize=thread -fno-omit-frame-pointer))

TESTS     := $(patsubst tests/unit/%.c,$(BUILD)/san/tests/%,$(TEST_SRC))
BENCH_SRC := $(wildcard tests/bench/*.c)
BENCH     := $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))
TOOLS     := $(patsubst tests/tools/%.c,$(BUILD)/tools/%,$(TOOL_SRC))

.PRECIOUS: $(BUILD)/obj/%.o $(BUILD)/san/obj/%.o $(BUILD)/tsan/obj/%.o

# --- the two commands ---------------------------------------------------------------------------
RUN_DATA ?= $(BUILD)/data
RUN_SCRIPT ?= content/nl/demo.yaml

deps:
	@image/deps.sh $(if $(filter arm64,$(ARCH)),arm64,build)

run: deps
	@$(MAKE) --no-print-directory all
	@printf 'content_dir: "%s/content"\n' "$(CURDIR)" >$(BUILD)/run.yaml
	OOGST_LOCALEDIR=$(BUILD)/locale OOGST_SOUNDS=assets/sounds $(TARGET_RUN) $(BUILD)/oogst --config $(BUILD)/run.yaml --data-dir $(RUN_DATA) --window $(RUN_SCRIPT)

ifeq ($(ARCH),arm64)
# Under qemu-user: no sanitizers (ASan does not run there), so the plain build's program and
# unit tests: all are built, all run but the graphical and timing-heavy ones (ARM64_SKIP; a new
# test runs under qemu unless named there), and of tests/check/ the program's own checks that
# need no display and no timing.
ARM64_SKIP   := test_screens test_ui test_room test_loop
ARM64_UNIT   := $(filter-out $(ARM64_SKIP),$(patsubst tests/unit/%.c,%,$(TEST_SRC)))
ARM64_CHECKS := content replay export
PLAIN_TESTS  := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(TEST_SRC))

check: deps
	@$(MAKE) --no-print-directory check-build
	@OOGST_RUN='$(TARGET_RUN)' OOGST_BIN=$(BUILD)/oogst OOGST_UNIT_DIR=$(BUILD)/tests \
		OOGST_UNIT='$(ARM64_UNIT)' OOGST_CHECKS='$(ARM64_CHECKS)' tests/run-all.sh $(BUILD)

check-build: $(BUILD)/oogst $(PLAIN_TESTS) $(CATALOGS)
else ifeq ($(SAN),thread)
# make check SAN=thread: everything built with ThreadSanitizer into build/tsan; the unit
# tests (the store's writer thread, the export's workbook thread, the UI and its loop) and
# the checks that run the program through whole sessions and exports.
TSAN_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tsan/tests/%,$(TEST_SRC))
check: deps
	@$(MAKE) --no-print-directory $(BUILD)/tsan/oogst $(BUILD)/tools/durability $(TSAN_TESTS) $(CATALOGS)
	@TSAN_OPTIONS='halt_on_error=1 second_deadlock_stack=1' OOGST_BIN=$(BUILD)/tsan/oogst \
		OOGST_UNIT_DIR=$(BUILD)/tsan/tests OOGST_CHECKS='replay export export_faults durability' \
		tests/run-all.sh $(BUILD)
else
# make check: the unit tests and every check, the program built with AddressSanitizer and
# UndefinedBehaviorSanitizer throughout (SAN=1, the default; the unit tests always are);
# SAN=0 runs the checks on the plain build instead.
SAN ?= 1
check: deps
	@$(MAKE) --no-print-directory check-build
	@$(if $(filter 1,$(SAN)),OOGST_BIN=$(BUILD)/san/oogst) tests/run-all.sh $(BUILD)

check-build: $(BUILD)/oogst $(BUILD)/san/oogst $(TESTS) $(TOOLS) $(BENCH) $(CATALOGS)
endif

# --- make bench: figures beside floors measured in the same run (tests/bench/run.sh) -------------
$(BUILD)/bench/%: $(BUILD)/obj/tests/bench/%.o $(BUILD)/liboogst.a
	@mkdir -p $(@D)
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(OOGST_LIBS)

# The floor links SDL2 only: it stands for the least an SDL program costs.
$(BUILD)/bench/floor: $(BUILD)/obj/tests/bench/floor.o
	@mkdir -p $(@D)
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(shell $(PKG_CONFIG) --libs sdl2)

ifeq ($(ARCH),arm64)
bench:
	@echo "make bench measures the machine it runs on: run it on the Pi (under qemu the figures mean nothing)" >&2
	@exit 1
else
bench: deps
	@$(MAKE) --no-print-directory $(BUILD)/oogst $(BENCH) $(CATALOGS)
	@tests/bench/run.sh $(BUILD)
endif

# --- make fuzz: the libFuzzer harnesses tests/fuzz/fuzz_T.c, each run FUZZ_SECONDS ---------------
# build/fuzz/fuzz_T: harness T and the library sources it needs (FUZZ_LIB_T; a new harness needs
# its line), compiled by clang with libFuzzer, ASan and UBSan. tests/fuzz/run.sh runs FUZZ_JOBS
# at a time: new inputs go to build/fuzz/corpus-T (seeded from tests/fuzz/T/), crashes to
# build/fuzz/crashes-T/; per target it prints the runs and whether it stayed clean.
# FUZZ_TARGETS="events cells" runs only those. make check replays tests/fuzz/T/ and
# tests/fuzz/regress-T/ through the same harnesses built by $(CC) with the sanitizers and
# tests/fuzz/replay_main.c in place of libFuzzer (tests/check/fuzz_regress.sh).
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 600
FUZZ_JOBS    ?= $(shell nproc 2>/dev/null || echo 1)
FUZZ_SRC     := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_TARGETS ?= $(patsubst tests/fuzz/fuzz_%.c,%,$(FUZZ_SRC))
FUZZ_REPLAY  := $(patsubst tests/fuzz/fuzz_%.c,$(BUILD)/san/fuzz/replay-%,$(FUZZ_SRC))
FUZZ_FLAGS   := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_LIB_content := src/content/content.c src/content/text.c src/content/yaml.c src/core/arena.c \
	src/core/script.c src/core/utf8.c
FUZZ_LIB_events  := src/core/events.c src/core/arena.c src/core/utf8.c
FUZZ_LIB_config  := src/config/config.c src/content/text.c src/content/yaml.c src/core/arena.c src/core/utf8.c
FUZZ_LIB_cells   := src/export/export_csv.c src/export/export_data.c src/export/export_html.c \
	src/export/export_xlsx.c src/core/arena.c src/core/msg.c src/core/script.c src/core/utf8.c

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(LIB_SRC) $(wildcard src/*/*.h)
	@mkdir -p $(@D)
	$(if $(Q),@echo "  FUZZ    $@")
	$(Q)$(FUZZ_CC) $(OOGST_CFLAGS) $(FUZZ_FLAGS) -o $@ $< $(FUZZ_LIB_$*) $(OOGST_LIBS)

fuzz:
	@image/deps.sh fuzz
	@$(MAKE) --no-print-directory $(addprefix $(BUILD)/fuzz/fuzz_,$(FUZZ_TARGETS))
	@tests/fuzz/run.sh $(BUILD)/fuzz $(FUZZ_SECONDS) $(FUZZ_JOBS) $(FUZZ_TARGETS)

$(BUILD)/san/fuzz/replay-%: $(BUILD)/san/obj/tests/fuzz/fuzz_%.o $(BUILD)/san/obj/tests/fuzz/replay_main.o \
		$(BUILD)/san/liboogst.a
	@mkdir -p $(@D)
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(CC) $(SAN_FLAGS) $(LDFLAGS) -o $@ $^ $(OOGST_LIBS)

ifneq ($(ARCH),arm64)
check-build: $(FUZZ_REPLAY)
endif

.PHONY: fuzz

# --- make torture: sessions killed and short of disk (tests/tools/torture.c) ---------------------
# 10 000 presses over whole sessions, 100 SIGKILLs at random moments (replays, resumptions, exports,
# migrations of an old log) and 20 failing writes or syncs; then every acknowledged input must be in
# the log, counted once, and the log intact. Each run has a seed of its own and prints it; add
# --seed S to TORTURE_ARGS to repeat one. The failures come from an LD_PRELOAD library built from
# tests/preload/iofault.c, kept out of tests/tools/, whose files are programs. make check runs a
# short torture of the sanitizer build (tests/check/torture.sh).
TORTURE_ARGS ?= --presses 10000 --kills 100 --faults 20

$(BUILD)/tools/iofault.so: tests/preload/iofault.c
	@mkdir -p $(@D)
	$(if $(Q),@echo "  CC      $@")
	$(Q)$(CC) $(OOGST_CFLAGS) $(CPPFLAGS) $(CFLAGS) -shared -fPIC $(LDFLAGS) -o $@ $< -ldl

ifneq ($(ARCH),arm64)
check-build: $(BUILD)/tools/iofault.so $(BUILD)/tools/torture

torture: deps
	@$(MAKE) --no-print-directory $(BUILD)/oogst $(BUILD)/tools/torture $(BUILD)/tools/iofault.so
	@rm -rf $(BUILD)/torture
	$(BUILD)/tools/torture $(BUILD)/oogst $(BUILD)/torture $(TORTURE_ARGS)
else
torture:
	@echo "make torture runs the program natively, not under qemu: leave ARCH out" >&2
	@exit 1
endif

.PHONY: torture

# --- make image: the SD card image for the Pi (image/build.sh, image/README.md) ------------------
# build/oogst-arm64.img, .img.xz and .img.xz.sha256, from Debian packages; needs root (or sudo).
image:
	@image/build.sh

# make image-check: boots build/oogst-arm64.img (made first when missing) under
# qemu-system-aarch64 and checks the appliance in one run (image/check.py; build/image-check/
# keeps the screendumps, the serial logs and the stick's export).
image-check: $(BUILD)/oogst $(CATALOGS)
	@image/deps.sh image-check
	@[ -e build/oogst-arm64.img ] || image/build.sh
	python3 image/check.py --image build/oogst-arm64.img --oogst $(BUILD)/oogst --work build/image-check

.PHONY: image image-check

# --- install ------------------------------------------------------------------------------------
# Unit files are made from systemd/*.in with the install paths.
UNIT_SUBST = -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@STATEDIR@|$(STATEDIR)|g' -e 's|@LIBEXECDIR@|$(LIBEXECDIR)|g'
$(BUILD)/oogst.service: systemd/oogst.service.in Makefile
	@mkdir -p $(@D)
	sed $(UNIT_SUBST) $< >$@
$(BUILD)/oogst-stick@.service $(BUILD)/oogst-clock.service: $(BUILD)/%: systemd/% Makefile
	@mkdir -p $(@D)
	sed $(UNIT_SUBST) $< >$@
# The USB stick: the udev rule starts the mount unit, Oogst asks for the eject by a file;
# and for the clock (the program may not set it) by a file too
STICK_UNITS = oogst-eject.path oogst-eject.service oogst-clock.path

install: $(BUILD)/oogst $(BUILD)/oogst.service $(BUILD)/oogst-stick@.service $(BUILD)/oogst-clock.service $(CATALOGS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/content/nl $(DESTDIR)$(DATADIR)/content/en \
		$(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(UDEVDIR) $(DESTDIR)$(TMPFILESDIR) \
		$(DESTDIR)$(LIBEXECDIR)
	for l in $(LANGS); do install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
		install -m 0644 $(BUILD)/locale/$$l/LC_MESSAGES/oogst.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/; done
	install -m 0755 $(BUILD)/oogst $(DESTDIR)$(BINDIR)/oogst
	install -m 0644 content/nl/*.yaml $(DESTDIR)$(DATADIR)/content/nl/
	install -m 0644 content/en/*.yaml $(DESTDIR)$(DATADIR)/content/en/
	install -d $(DESTDIR)$(DATADIR)/sounds
	install -m 0644 assets/sounds/*.wav $(DESTDIR)$(DATADIR)/sounds/
	install -m 0644 $(BUILD)/oogst.service $(DESTDIR)$(UNITDIR)/oogst.service
	install -m 0644 systemd/oogst.sysusers $(DESTDIR)$(SYSUSERSDIR)/oogst.conf
	install -m 0644 systemd/60-oogst-gpio.rules $(DESTDIR)$(UDEVDIR)/60-oogst-gpio.rules
	install -m 0644 systemd/61-oogst-stick.rules $(DESTDIR)$(UDEVDIR)/61-oogst-stick.rules
	install -m 0644 systemd/oogst.tmpfiles $(DESTDIR)$(TMPFILESDIR)/oogst.conf
	install -m 0755 systemd/oogst-stick-mount $(DESTDIR)$(LIBEXECDIR)/oogst-stick-mount
	install -m 0644 $(BUILD)/oogst-stick@.service $(DESTDIR)$(UNITDIR)/oogst-stick@.service
	install -m 0755 systemd/oogst-set-clock $(DESTDIR)$(LIBEXECDIR)/oogst-set-clock
	install -m 0644 $(BUILD)/oogst-clock.service $(DESTDIR)$(UNITDIR)/oogst-clock.service
	for u in $(STICK_UNITS); do install -m 0644 systemd/$$u $(DESTDIR)$(UNITDIR)/$$u; done
	install -d $(DESTDIR)$(SYSCONFDIR)/oogst
	test -e $(DESTDIR)$(SYSCONFDIR)/oogst/oogst.yaml || install -m 0644 systemd/oogst.yaml $(DESTDIR)$(SYSCONFDIR)/oogst/oogst.yaml

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/oogst $(DESTDIR)$(UNITDIR)/oogst.service $(DESTDIR)$(SYSUSERSDIR)/oogst.conf \
		$(DESTDIR)$(UDEVDIR)/60-oogst-gpio.rules $(DESTDIR)$(UDEVDIR)/61-oogst-stick.rules \
		$(DESTDIR)$(TMPFILESDIR)/oogst.conf $(DESTDIR)$(UNITDIR)/oogst-stick@.service \
		$(DESTDIR)$(UNITDIR)/oogst-clock.service $(addprefix $(DESTDIR)$(UNITDIR)/,$(STICK_UNITS))
	rm -f $(DESTDIR)$(LIBEXECDIR)/oogst-stick-mount $(DESTDIR)$(LIBEXECDIR)/oogst-set-clock
	rmdir $(DESTDIR)$(LIBEXECDIR) 2>/dev/null || true
	# the config goes only when it is still the example: a changed one is the owner's
	if cmp -s systemd/oogst.yaml $(DESTDIR)$(SYSCONFDIR)/oogst/oogst.yaml; then \
		rm -f $(DESTDIR)$(SYSCONFDIR)/oogst/oogst.yaml; rmdir $(DESTDIR)$(SYSCONFDIR)/oogst 2>/dev/null || true; fi
	for l in $(LANGS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/oogst.mo; done
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf $(BUILD)

.PHONY: all build-all deps run check check-build bench install uninstall clean po-update

# Only this build's own objects: build/arm64 lies inside build.
-include $(shell find $(BUILD)/obj $(BUILD)/san/obj -name '*.d' 2>/dev/null)
