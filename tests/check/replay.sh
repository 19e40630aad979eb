# replay.sh — whole sessions end to end. Each tests/replay/NAME.events runs through
# `oogst --replay` (built with ASan/UBSan). Header comments choose the script
# ("# script: PATH"), share a data dir with an earlier case ("# data: NAME") and add
# flags ("# flags: ..."). A good case must exit 0, print unique, increasing acks (one
# per raw input unless it resumes), and a summary equal to NAME.expected. A bad-* case
# must exit 1 with exactly NAME.expected on stderr and leave no database behind.
set -u
# OOGST_BIN, OOGST_RUN: another program and a command before it (tests/run-all.sh)
O=${OOGST_BIN:-$B/san/oogst}
run=${OOGST_RUN:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
n=0
fail() { echo "FAIL $name: $*"; fails=$((fails + 1)); }

for ev in tests/replay/*.events; do
    name=$(basename "$ev" .events)
    n=$((n + 1))
    script=$(sed -n 's/^# script: //p' "$ev" | head -n 1)
    data=$(sed -n 's/^# data: //p' "$ev" | head -n 1)
    flags=$(sed -n 's/^# flags: //p' "$ev" | head -n 1)
    # shellcheck disable=SC2086 # flags split into words on purpose
    $run "$O" --replay "$ev" --script "${script:-tests/replay/rules.yaml}" --data-dir "$work/${data:-$name}" \
        --wall-start 1795424400 $flags >"$work/$name.out" 2>"$work/$name.err"
    rc=$?
    expected=tests/replay/$name.expected
    case $name in
    bad-*)
        [ "$rc" -eq 1 ] || fail "exit $rc, expected 1"
        diff -u "$expected" "$work/$name.err" || fail "stderr differs from $expected"
        [ -e "$work/${data:-$name}/oogst.db" ] && fail "a bad events file wrote a database"
        ;;
    *)
        [ "$rc" -eq 0 ] || { cat "$work/$name.err"; fail "exit $rc"; }
        grep -v '^ack ' "$work/$name.out" >"$work/$name.summary"
        diff -u "$expected" "$work/$name.summary" || fail "summary differs from $expected"
        acks=$(grep -c '^ack ' "$work/$name.out")
        sort -n -k2 -u "$work/$name.out" | grep '^ack ' | cmp -s - "$(grep '^ack ' "$work/$name.out" >"$work/$name.acks"; echo "$work/$name.acks")" ||
            fail "acks are not unique and increasing"
        case " $flags " in
        *" --resume "*) ;;
        *)
            raw=$(sed -n 's/^inputs: \([0-9]*\) raw.*/\1/p' "$work/$name.summary" | awk '{s += $1} END {print s + 0}')
            [ "$acks" -eq "$raw" ] || fail "$acks acks for $raw raw inputs"
            ;;
        esac
        ;;
    esac
done
echo "replay: $n cases, $fails failed"
[ "$fails" -eq 0 ]
