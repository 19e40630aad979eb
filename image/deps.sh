#!/bin/sh
# deps.sh — installs the Debian packages Oogst needs that this machine lacks.
#   image/deps.sh build    to build, run and test (what `make run` and `make check` call)
#   image/deps.sh runtime  to run the installed program (what the SD card image needs)
#   image/deps.sh arm64    to cross-build for the Pi and test under qemu-user (what
#                          `make ARCH=arm64`, `make check ARCH=arm64` call): adds the arm64
#                          architecture to dpkg (Debian multiarch) when it is missing
#   image/deps.sh fuzz     the build set and clang, for libFuzzer (what `make fuzz` calls)
#   image/deps.sh image-check  the build set and QEMU, mtools and sqlite3, to boot the SD card
#                          image and look into it (what `make image-check` calls)
#   image/deps.sh --list SET   prints the packages of SET, one a line, and installs nothing
# It prints what it installs, and uses sudo when not run as root. It never removes a
# package: should one be in the way (a foreign -dev package that does not co-install),
# apt-get stops and says so.
set -eu

# libgpiod's library is libgpiod2 (1.6, bookworm) or libgpiod3 (2.x, trixie)
gpiod=libgpiod2
if apt-cache show libgpiod3 >/dev/null 2>&1; then gpiod=libgpiod3; fi
# libxlsxwriter's library is named by its soname (libxlsxwriter4 in bookworm): ask its -dev
xlsx=$(apt-cache show libxlsxwriter-dev 2>/dev/null | sed -n 's/^Depends: .*\(libxlsxwriter[0-9][a-z0-9]*\).*/\1/p' | head -n 1)
xlsx=${xlsx:-libxlsxwriter4}
runtime="libsdl2-2.0-0 libsdl2-ttf-2.0-0 libsqlite3-0 libfyaml0 zlib1g $gpiod $xlsx libsystemd0 fonts-dejavu-core"
build="gcc make pkg-config libc6-dev libsdl2-dev libsdl2-ttf-dev libsqlite3-dev libfyaml-dev
       zlib1g-dev libgpiod-dev libxlsxwriter-dev libsystemd-dev gettext fonts-dejavu-core libcmocka-dev sqlite3
       python3 python3-openpyxl fusefat dosfstools"
# The cross compiler (crossbuild-essential-arm64 brings libc6-arm64-cross in
# /usr/aarch64-linux-gnu), aarch64-linux-gnu-pkg-config (pkgconf:arm64), qemu-user to run
# the tests, and the arm64 -dev packages beside the amd64 ones (all Multi-Arch: same).
# libc6:arm64 puts the loader at /lib/ld-linux-aarch64.so.1, where the program asks for it.
arm64="make gettext crossbuild-essential-arm64 qemu-user-static pkgconf:arm64 libc6:arm64
       libsdl2-dev:arm64 libsdl2-ttf-dev:arm64 libsqlite3-dev:arm64 libfyaml-dev:arm64
       zlib1g-dev:arm64 libgpiod-dev:arm64 libxlsxwriter-dev:arm64 libsystemd-dev:arm64 libcmocka-dev:arm64"

list=0
if [ "${1:-}" = --list ]; then
    list=1
    shift
fi
set_name=${1:-build}
case "$set_name" in
build) want=$build ;;
runtime) want=$runtime ;;
arm64) want=$arm64 ;;
fuzz) want="$build clang" ;;
image-check) want="$build qemu-system-arm qemu-utils mtools dosfstools fdisk" ;;
*) echo "usage: $0 [--list] [build|runtime|arm64|fuzz|image-check]" >&2; exit 2 ;;
esac
if [ "$list" = 1 ]; then
    printf '%s\n' $want
    exit 0
fi

# NAME is installed for this machine's architecture (or is Architecture: all); NAME:ARCH
# for ARCH. With multiarch a bare name would also match the arm64 package alone.
native_arch=$(dpkg --print-architecture)
installed() {
    name=${1%%:*}
    case $1 in
    *:*) arch=${1#*:} ;;
    *) arch=$native_arch ;;
    esac
    dpkg-query -W -f='${Architecture} ${db:Status-Status}\n' "$name" 2>/dev/null |
        grep -qE "^($arch|all) installed\$"
}

missing=""
for p in $want; do
    installed "$p" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "Oogst needs these Debian packages, installing them now:$missing"
if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
else
    echo "deps.sh: not root and no sudo; install them by hand: apt-get install$missing" >&2
    exit 1
fi
case "$missing" in
*:arm64*)
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
        echo "deps.sh: adding the arm64 architecture to dpkg (dpkg --add-architecture arm64)"
        $sudo dpkg --add-architecture arm64
    fi
    ;;
esac
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086 # the list is meant to split into words
$sudo apt-get install -y -qq --no-install-recommends --no-remove $missing
