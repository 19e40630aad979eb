#!/bin/sh
# gpiod_other.sh — the GPIO adapter builds against the libgpiod API this machine does NOT
# have: with libgpiod 1.x installed (bookworm) it compiles and links src/gpio against
# trixie's 2.x, with 2.x installed (trixie) against bookworm's 1.6. The packages come
# from the Debian mirror with apt-get download into $B/gpiod-SUITE (no root; the
# system's apt sources and state are not touched; kept, so the next run is fast). A tiny
# program calling gpio_open is linked and run: it must find no chip of a made-up name.
#   OOGST_DEBIAN_MIRROR  the mirror (default http://deb.debian.org/debian)
#   OOGST_NO_NETWORK=1   no mirror here: say so and skip (exit 0) when nothing is cached
set -u
B=${B:-build}
CC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
MIRROR=${OOGST_DEBIAN_MIRROR:-http://deb.debian.org/debian}

die() {
    echo "gpiod_other: $*" >&2
    exit 1
}

native=$($PKG_CONFIG --modversion libgpiod 2>/dev/null) ||
    die "pkg-config finds no libgpiod here (apt-get install libgpiod-dev)"
case $native in
1.*) api=2 suite=trixie pkgs="libgpiod-dev libgpiod3" ;;
2.*) api=1 suite=bookworm pkgs="libgpiod-dev libgpiod2" ;;
*) die "libgpiod $native: neither 1.x nor 2.x" ;;
esac
for tool in apt-get dpkg-deb nm; do
    command -v "$tool" >/dev/null || die "needs $tool (Debian: apt, dpkg, binutils)"
done

mkdir -p "$B" || die "cannot create $B"
cache=$(cd "$B" && pwd)/gpiod-$suite
root=$cache/root
log=$cache/apt.log

if [ ! -f "$root/usr/include/gpiod.h" ]; then
    if [ "${OOGST_NO_NETWORK:-0}" = 1 ]; then
        echo "gpiod_other: SKIPPED (OOGST_NO_NETWORK=1): libgpiod $native here;" \
            "the other API needs $suite's packages from $MIRROR"
        exit 0
    fi
    rm -rf "$cache"
    mkdir -p "$cache/lists/partial" "$cache/apt/archives/partial" "$cache/debs" "$root" ||
        die "cannot create $cache"
    echo "deb $MIRROR $suite main" >"$cache/sources.list"
    set -- -q -o "Dir::Etc::sourcelist=$cache/sources.list" -o Dir::Etc::sourceparts=- \
        -o "Dir::State::Lists=$cache/lists" -o "Dir::Cache=$cache/apt" -o Acquire::Languages=none \
        -o Acquire::http::Timeout=20 -o Acquire::Retries=1 -o "APT::Sandbox::User=$(id -un)"
    echo "gpiod_other: libgpiod $native here; fetching $suite's $pkgs from $MIRROR"
    if ! apt-get "$@" update >"$log" 2>&1 || ! ls "$cache"/lists/*_Packages* >/dev/null 2>&1; then
        cat "$log"
        die "cannot reach the Debian mirror $MIRROR for $suite (output above): the libgpiod $api.x" \
            "build is not checked. Set OOGST_DEBIAN_MIRROR to a mirror that can be reached," \
            "or OOGST_NO_NETWORK=1 to skip."
    fi
    # shellcheck disable=SC2086 # pkgs is a list of words
    if ! (cd "$cache/debs" && apt-get "$@" download $pkgs) >>"$log" 2>&1; then
        cat "$log"
        die "cannot download $pkgs from $suite (output above)"
    fi
    for deb in "$cache"/debs/*.deb; do
        dpkg-deb -x "$deb" "$root" || die "cannot unpack $deb"
    done
    [ -f "$root/usr/include/gpiod.h" ] || die "no gpiod.h in $pkgs"
fi

so=$(find "$root" -name 'libgpiod.so' | head -n 1)
[ -n "$so" ] || die "no libgpiod.so in $root (libgpiod-dev)"
libdir=$(dirname "$so")
version=$(sed -n 's/^Version: *//p' "$libdir/pkgconfig/libgpiod.pc" 2>/dev/null)

out=$cache/build
mkdir -p "$out" || die "cannot create $out"
cat >"$out/main.c" <<'EOF'
/* gpio_open against the other libgpiod: linked and run, it must find no chip of this name. */
#include <gpiod.h>
#include <stdio.h>
#include <string.h>

#include "gpio/gpio.h"

int main(void)
{
    config_gpio cfg;
    memset(&cfg, 0, sizeof(cfg));
    snprintf(cfg.chip, sizeof(cfg.chip), "oogst-check-no-such-chip");
    cfg.active_low = true;
    cfg.bias = BIAS_PULL_UP;
    cfg.n_buttons = 1;
    cfg.buttons[0].line = (config_line){.set = true, .offset = 5};
    bool absent = false;
    char err[256] = "";
    gpio *g = gpio_open(&cfg, &absent, err, sizeof(err));
#if OOGST_GPIOD_API == 1
    const char *v = gpiod_version_string();
#else
    const char *v = gpiod_api_version();
#endif
    printf("libgpiod %s at run time: gpio_open: %s\n", v, g ? "opened?" : err);
    gpio_close(g);
    return !g && absent ? 0 : 1;
}
EOF

flags="-std=c11 -D_GNU_SOURCE -Isrc -I$root/usr/include -DOOGST_GPIOD_API=$api -Wall -Wextra -Werror -Wshadow
    -Wstrict-prototypes -Wmissing-prototypes -Wvla -Wpedantic -Wformat=2 -Wno-format-nonliteral"
objs=""
for c in src/gpio/gpio_v1.c src/gpio/gpio_v2.c src/gpio/gpio_common.c src/gpio/gpio_trace.c "$out/main.c"; do
    o=$out/$(basename "$c" .c).o
    # shellcheck disable=SC2086 # flags is a list of words
    $CC $flags -c "$c" -o "$o" || die "$c does not compile against libgpiod $version (OOGST_GPIOD_API=$api)"
    objs="$objs $o"
done
# The adapter for this API must define its symbols (the other file is empty).
nm "$out/gpio_v$api.o" | grep -q ' T gpio_open$' || die "gpio_v$api.o defines no gpio_open"
# shellcheck disable=SC2086
$CC -o "$out/gpio_open" $objs -L"$libdir" -lgpiod -Wl,-rpath,"$libdir" ||
    die "gpio_open does not link against libgpiod $version"
"$out/gpio_open" || die "the program linked against libgpiod $version did not run as expected"
echo "gpiod_other: compiled, linked and ran against libgpiod $version (OOGST_GPIOD_API=$api; native: $native)"
