#!/bin/sh
# run-all.sh — runs every test of `make check` and ends with one line:
#   check: N passed, M failed
# Unit tests are cmocka binaries (built with ASan/UBSan); each of them counts its own
# tests. Every script in tests/check/ is one more test.
# For another architecture (`make check ARCH=arm64`) the Makefile sets:
#   OOGST_RUN       a command put before each program, e.g. qemu-aarch64-static -L /usr/aarch64-linux-gnu
#   OOGST_BIN       the program the checks run (default: each script's own, $B/oogst or $B/san/oogst)
#   OOGST_UNIT_DIR  where the unit tests are (default $B/san/tests)
#   OOGST_UNIT      which of them to run, by name (default: every test_* there)
#   OOGST_CHECKS    which tests/check/ scripts to run, by name without .sh (default: all)
# A test named in OOGST_UNIT or OOGST_CHECKS that is not there counts as failed.
set -u
B=${1:-build}
export B
export OOGST_RUN="${OOGST_RUN:-}"
[ -n "${OOGST_BIN:-}" ] && export OOGST_BIN
unit_dir=${OOGST_UNIT_DIR:-$B/san/tests}
export OOGST_LOCALEDIR="$B/locale"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export CMOCKA_MESSAGE_OUTPUT=stdout
passed=0
failed=0
failures=""
log=$(mktemp)
trap 'rm -f "$log"' EXIT

if [ -n "${OOGST_UNIT:-}" ]; then
    units=""
    for name in $OOGST_UNIT; do units="$units $unit_dir/$name"; done
else
    units=$(for t in "$unit_dir"/test_*; do [ -x "$t" ] && echo "$t"; done)
fi
if [ -n "${OOGST_CHECKS:-}" ]; then
    checks=""
    for name in $OOGST_CHECKS; do checks="$checks tests/check/$name.sh"; done
else
    checks=$(echo tests/check/*.sh)
fi
[ -n "$OOGST_RUN" ] && echo "run-all: programs run under: $OOGST_RUN"

for t in $units; do
    name=$(basename "$t")
    echo "== $name"
    if [ ! -x "$t" ]; then
        echo "FAILED: $name: no $t"
        failures="$failures $name"
        failed=$((failed + 1))
        continue
    fi
    # shellcheck disable=SC2086 # OOGST_RUN is a command and its arguments
    $OOGST_RUN "$t" >"$log" 2>&1
    rc=$?
    cat "$log"
    p=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    f=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    passed=$((passed + ${p:-0}))
    f=${f:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1 # it crashed or a sanitizer stopped it before cmocka could count
    fi
    [ "$f" -gt 0 ] && failures="$failures $name"
    failed=$((failed + f))
done

for c in $checks; do
    name=$(basename "$c" .sh)
    echo "== $name"
    if [ -f "$c" ] && sh "$c" >"$log" 2>&1; then
        cat "$log"
        echo "ok: $name"
        passed=$((passed + 1))
    else
        [ -f "$c" ] || echo "no $c" >"$log"
        cat "$log"
        echo "FAILED: $name"
        failures="$failures $name"
        failed=$((failed + 1))
    fi
done

[ -n "$failures" ] && echo "failed:$failures"
echo "check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
