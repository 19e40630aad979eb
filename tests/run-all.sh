#!/bin/sh
# run-all.sh — runs every test of `make check` and ends with one line:
#   check: N passed, M failed
# Unit tests are cmocka binaries (built with ASan/UBSan); each of them counts its own
# tests. Every script in tests/check/ is one more test.
set -u
B=${1:-build}
export B
export OOGST_LOCALEDIR="$B/locale"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export CMOCKA_MESSAGE_OUTPUT=stdout
passed=0
failed=0
failures=""
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for t in "$B"/san/tests/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    echo "== $name"
    "$t" >"$log" 2>&1
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

for c in tests/check/*.sh; do
    name=$(basename "$c" .sh)
    echo "== $name"
    if sh "$c" >"$log" 2>&1; then
        cat "$log"
        echo "ok: $name"
        passed=$((passed + 1))
    else
        cat "$log"
        echo "FAILED: $name"
        failures="$failures $name"
        failed=$((failed + 1))
    fi
done

[ -n "$failures" ] && echo "failed:$failures"
echo "check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
