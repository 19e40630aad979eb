# arm64.sh — the ARCH=arm64 half of the Makefile (`make ARCH=arm64`, `make check ARCH=arm64`)
# still holds together, without the cross toolchain: dry runs (make -n -B) with stand-ins
# for aarch64-linux-gnu-{gcc,ar,pkg-config} on PATH must compile with the cross compiler into
# build/arm64, take flags and the libgpiod API from the cross pkg-config (the stand-in says
# libgpiod 2.1, whatever this machine has), build the unit tests without sanitizers, run them
# under qemu-aarch64-static, and install through `image/deps.sh arm64`; the native dry run
# must stay native. The real thing is `make check ARCH=arm64` (minutes; not part of make check).
set -eu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin"
for t in gcc ar; do printf '#!/bin/sh\nexit 0\n' >"$work/bin/aarch64-linux-gnu-$t"; done
cat >"$work/bin/aarch64-linux-gnu-pkg-config" <<'STUB'
#!/bin/sh
case "$*" in
*--modversion*) echo 2.1.3 ;;
*--cflags*) echo -I/arm64-stub/include ;;
*--libs*) echo -L/arm64-stub/lib -larm64stub ;;
esac
STUB
chmod +x "$work"/bin/*
# Nothing of the make that runs this (make check V=1 BUILD=...) nor of the environment leaks in.
dry() {
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u ARCH -u BUILD -u CC -u AR -u PKG_CONFIG \
        -u CROSS_COMPILE -u TARGET_RUN -u QEMU_LD_PREFIX -u CFLAGS -u LDFLAGS PATH="$work/bin:$PATH" \
        make --no-print-directory -n -B "$@" >"$work/out" 2>"$work/err" ||
        { cat "$work/out" "$work/err"; echo "make -n -B $*: failed (above)"; exit 1; }
}
fails=0
want() { grep -qF -- "$1" "$work/out" || { echo "make -n -B $args: no '$1'"; fails=$((fails + 1)); }; }
wantnot() { ! grep -qF -- "$1" "$work/out" || { echo "make -n -B $args: has '$1':"; grep -F -- "$1" "$work/out" | head -n 3; fails=$((fails + 1)); }; }

args="ARCH=arm64 all"
dry ARCH=arm64 all
want "image/deps.sh arm64"
want "aarch64-linux-gnu-gcc -std=c11"
want "-c src/main.c -o build/arm64/obj/src/main.o"
want "aarch64-linux-gnu-ar rcs build/arm64/liboogst.a"
want "-o build/arm64/oogst build/arm64/obj/src/main.o build/arm64/liboogst.a -L/arm64-stub/lib -larm64stub"
want "-DOOGST_GPIOD_API=2"
want "-I/arm64-stub/include"
want "msgfmt --check -o build/arm64/locale/nl/LC_MESSAGES/oogst.mo"
wantnot "-o build/oogst "
wantnot "-o build/obj/"

args="ARCH=arm64 check"
dry ARCH=arm64 check
want "image/deps.sh arm64"
for t in tests/unit/test_*.c; do
    want "-o build/arm64/tests/$(basename "$t" .c) build/arm64/obj/tests/unit/$(basename "$t" .c).o"
done
want "OOGST_RUN='qemu-aarch64-static -L /'"
want "OOGST_BIN=build/arm64/oogst"
want "OOGST_UNIT_DIR=build/arm64/tests"
want "tests/run-all.sh build/arm64"
wantnot "-fsanitize"
wantnot "build/arm64/san/"
# every unit test the arm64 run names is one that is built
units=$(sed -n "s/.*OOGST_UNIT='\([^']*\)'.*/\1/p" "$work/out")
[ -n "$units" ] || { echo "make check ARCH=arm64 names no unit tests (OOGST_UNIT)"; fails=$((fails + 1)); }
for u in $units; do
    [ -f "tests/unit/$u.c" ] || { echo "OOGST_UNIT names $u: there is no tests/unit/$u.c"; fails=$((fails + 1)); }
done
# the non-graphical ones run under qemu; the graphical and timing-heavy ones do not
for u in test_engine test_debounce test_events test_content test_config test_store test_export test_i18n \
    test_menu test_leds test_gpio; do
    case " $units " in *" $u "*) ;; *) echo "make check ARCH=arm64 does not run $u"; fails=$((fails + 1)) ;; esac
done
for u in test_screens test_ui test_room test_loop; do
    case " $units " in *" $u "*) echo "make check ARCH=arm64 runs $u (graphical or timing-heavy)"; fails=$((fails + 1)) ;; esac
done
checks=$(sed -n "s/.*OOGST_CHECKS='\([^']*\)'.*/\1/p" "$work/out")
[ -n "$checks" ] || { echo "make check ARCH=arm64 names no checks (OOGST_CHECKS)"; fails=$((fails + 1)); }
for c in $checks; do
    [ -f "tests/check/$c.sh" ] || { echo "OOGST_CHECKS names $c: there is no tests/check/$c.sh"; fails=$((fails + 1)); }
done

args="all (native)"
dry all
want "-o build/oogst build/obj/src/main.o build/liboogst.a"
wantnot "aarch64"
wantnot "build/arm64"
wantnot "arm64-stub"

# image/deps.sh arm64 has the cross tools and an :arm64 twin of each -dev package of the build set
arm64=$(image/deps.sh --list arm64)
for p in crossbuild-essential-arm64 qemu-user-static pkgconf:arm64 libc6:arm64 \
    $(image/deps.sh --list build | grep -- '-dev$' | grep -vx libc6-dev | sed 's/$/:arm64/'); do
    echo "$arm64" | grep -qx -- "$p" || { echo "image/deps.sh arm64 lacks $p"; fails=$((fails + 1)); }
done

[ "$fails" -eq 0 ] || exit 1
echo "ARCH=arm64: cross compiler, build/arm64, cross pkg-config (flags, libgpiod API), unsanitized tests under qemu, deps set: ok"
