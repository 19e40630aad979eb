# fuzz_regress.sh — every fuzz harness tests/fuzz/fuzz_T.c, built without libFuzzer with
# ASan and UBSan ($B/san/fuzz/replay-T, tests/fuzz/replay_main.c), replays its seed corpus
# tests/fuzz/T/ and the inputs that once made it fail, tests/fuzz/regress-T/. A sanitizer
# report, a broken promise of the harness (abort) or any other non-zero exit fails, and so
# does a harness without seeds or without its replay program.
set -eu
run=${OOGST_RUN:-}
# fuzz_cells writes the workbook for one input in 16 while fuzzing; here for every input
export OOGST_FUZZ_XLSX=all
log=$(mktemp)
trap 'rm -f "$log"' EXIT
fail() {
    cat "$log"
    echo "FAIL: $*"
    exit 1
}
targets=0
for src in tests/fuzz/fuzz_*.c; do
    t=$(basename "$src" .c)
    t=${t#fuzz_}
    bin=$B/san/fuzz/replay-$t
    [ -x "$bin" ] || fail "no $bin (make check-build builds it)"
    seeds=$(find "tests/fuzz/$t" -maxdepth 1 -type f ! -name '.*' 2>/dev/null | wc -l)
    [ "$seeds" -gt 0 ] || fail "$t: no seed corpus in tests/fuzz/$t/"
    dirs="tests/fuzz/$t"
    want=$seeds
    if [ -d "tests/fuzz/regress-$t" ]; then
        dirs="$dirs tests/fuzz/regress-$t"
        want=$((want + $(find "tests/fuzz/regress-$t" -maxdepth 1 -type f ! -name '.*' | wc -l)))
    fi
    rc=0
    # shellcheck disable=SC2086 # OOGST_RUN is a command and its arguments; dirs a list
    $run "$bin" $dirs >"$log" 2>&1 || rc=$?
    [ "$rc" -eq 0 ] || fail "$t: exit status $rc"
    if grep -Eq 'runtime error|ERROR: (Address|Leak|UndefinedBehavior)Sanitizer' "$log"; then
        fail "$t: a sanitizer report"
    fi
    grep -q ": $want inputs replayed$" "$log" || fail "$t: not all $want inputs replayed"
    echo "$t: $want inputs replayed ($dirs), clean"
    targets=$((targets + 1))
done
[ "$targets" -gt 0 ] || fail "no harness in tests/fuzz/"
