# torture.sh — a short torture (tests/tools/torture.c; `make torture` is the long one):
# 1000 presses over whole sessions, 10 SIGKILLs at random moments (replays, resumptions,
# an export, a migration) and 5 failing writes or syncs; every acknowledged input is in
# the log, counted once, and the log is intact. The program is $OOGST_BIN when set, else
# the sanitizer build.
set -eu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
oogst=${OOGST_BIN:-$B/san/oogst}
# The library that fails the writes comes after a sanitizer's runtime, which must load first.
san=$(ldd "$oogst" | awk '/lib[at]san\.so/ { print $3 }')
"$B"/tools/torture "$oogst" "$work" --presses 1000 --kills 10 --faults 5 --seed 20261203 \
    --preload "${san:+$san:}$B/tools/iofault.so"
