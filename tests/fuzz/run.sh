#!/bin/sh
# run.sh — `make fuzz`: runs the libFuzzer binaries DIR/fuzz_T for SECONDS each, JOBS at a
# time, and ends with one line per target: the inputs run, their rate, the wall time and
# whether it stayed clean. Exit status 1 when a target did not.
#   tests/fuzz/run.sh DIR SECONDS JOBS TARGET...
# Per target T: new inputs go to DIR/corpus-T (the seeds tests/fuzz/T/ are read, never
# written), crashes, leaks and timeouts to DIR/crashes-T/, libFuzzer's output to DIR/T.log.
# A crash stops its target (libFuzzer stops at the first); minimize it with
#   DIR/fuzz_T -minimize_crash=1 -runs=100000 DIR/crashes-T/crash-...
# and keep it in tests/fuzz/regress-T/, which make check replays.
set -u

if [ "${1:-}" = --one ]; then
    dir=$2 seconds=$3 t=$4
    corpus=$dir/corpus-$t crashes=$dir/crashes-$t log=$dir/$t.log
    mkdir -p "$corpus" "$crashes"
    # the largest input each reader takes, and a little more to see it refused
    case $t in
    content) max=-max_len=300000 ;; # a script: at most 256 KiB
    config) max=-max_len=70000 ;;   # the configuration: at most 64 KiB
    *) max= ;;                      # libFuzzer's default: 4096, or the largest seed
    esac
    marker=$dir/$t.started
    : >"$marker"
    start=$(date +%s)
    # shellcheck disable=SC2086 # $max is empty or one option
    "$dir/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$crashes/" $max "$corpus" "tests/fuzz/$t" >"$log" 2>&1
    rc=$?
    wall=$(($(date +%s) - start))
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    found=$(find "$crashes" -type f -newer "$marker" | sort | tr '\n' ' ')
    rm -f "$marker"
    if [ "$rc" -eq 0 ] && [ -z "$found" ]; then
        state=clean
    else
        state="NOT CLEAN (exit $rc) ${found:-see $log}"
    fi
    printf '%s: %s runs in %s s (%s/s), corpus %s inputs: %s\n' "$t" "${runs:-?}" "$wall" "${rate:-?}" \
        "$(find "$corpus" -type f | wc -l)" "$state" >"$dir/$t.result"
    cat "$dir/$t.result"
    exit 0
fi

dir=$1 seconds=$2 jobs=$3
shift 3
for t in "$@"; do
    [ -x "$dir/fuzz_$t" ] || { echo "run.sh: no $dir/fuzz_$t" >&2; exit 1; }
    [ -d "tests/fuzz/$t" ] || { echo "run.sh: no seed corpus tests/fuzz/$t/" >&2; exit 1; }
    rm -f "$dir/$t.result"
done
echo "fuzz: $* for $seconds s each, $jobs at a time"
printf '%s\n' "$@" | xargs -P "$jobs" -I '{}' sh "$0" --one "$dir" "$seconds" '{}' >/dev/null
echo "fuzz: results"
status=0
for t in "$@"; do
    if [ -f "$dir/$t.result" ]; then
        cat "$dir/$t.result"
        grep -q ': clean$' "$dir/$t.result" || status=1
    else
        echo "$t: no result (see $dir/$t.log)"
        status=1
    fi
done
exit "$status"
