#!/bin/sh
# deps.sh — installs the Debian packages Oogst needs that this machine lacks.
#   image/deps.sh build    to build, run and test (what `make run` and `make check` call)
#   image/deps.sh runtime  to run the installed program (what the SD card image needs)
# It prints what it installs, and uses sudo when not run as root.
set -eu

# libgpiod's library is libgpiod2 (1.6, bookworm) or libgpiod3 (2.x, trixie)
gpiod=libgpiod2
if apt-cache show libgpiod3 >/dev/null 2>&1; then gpiod=libgpiod3; fi
runtime="libsdl2-2.0-0 libsdl2-ttf-2.0-0 libsqlite3-0 libfyaml0 zlib1g $gpiod fonts-dejavu-core"
build="gcc make pkg-config libc6-dev libsdl2-dev libsdl2-ttf-dev libsqlite3-dev libfyaml-dev
       zlib1g-dev libgpiod-dev gettext fonts-dejavu-core libcmocka-dev sqlite3"

case "${1:-build}" in
build) want=$build ;;
runtime) want=$runtime ;;
*) echo "usage: $0 [build|runtime]" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
    *" installed") ;;
    *) missing="$missing $p" ;;
    esac
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
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086 # the list is meant to split into words
$sudo apt-get install -y -qq --no-install-recommends $missing
