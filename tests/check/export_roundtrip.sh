# export_roundtrip.sh — a round trip from the log to what the evaluator opens: five
# sessions are replayed into one data dir, each on a day of its own, then exported four
# ways (all, one session, two date ranges), and tests/check/export_roundtrip.py reads
# every file of each folder back (resultaten.xlsx with openpyxl, the CSV files with the
# csv module, rapport.html with html.parser) and compares every count and mean with the
# database the program wrote.
#
#   session 1-3  content/nl/demo.yaml, tests/replay/demo.events  Mon 23-11, 30-11, 07-12-2026 10:00
#   session 4    tests/replay/rules.yaml, rules.events           Tue 08-12-2026 00:20 (just past
#                                                                 midnight: the day boundary)
#   session 5    content/nl/demo.yaml, many votes (made below)   Mon 12-04-2027 14:00 (summer time)
#
# mon-meer-van is a rating in all five sessions and demo-energie in 1-3 and 5: the report
# and the workbook draw a series for each.
set -eu
# OOGST_BIN, OOGST_RUN: another program and a command before it (tests/run-all.sh)
O=${OOGST_BIN:-$B/oogst}
run=${OOGST_RUN:-}
py=/usr/bin/python3 # Debian's, with python3-openpyxl (a pyenv python on PATH may lack it)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TZ=Europe/Amsterdam
data=$work/data

# Exact times in the export whatever /etc/oogst/oogst.yaml says on this machine.
printf 'export:\n  round_minutes: 0\n' >"$work/oogst.yaml"

# Session 5: about 70 presses on the demo's vote (2 votes a person, no stacking, lockout
# 1 s, turn gap 1.5 s) and rating (one press a person), people taking turns a few seconds
# apart; some presses count, some bounce (lockout), come too soon after a turn
# (turn-gap), repeat an option (same-option), miss the options (no-option) or come after
# the vote closed (closed). Then a few typed answers, one that Excel would take for a
# formula, one with markup, and the three monitoring questions.
awk 'BEGIN {
    print "# script: content/nl/demo.yaml"
    # the steps up to the vote, timed as in demo.events (the interview runs out at 600000)
    print "0 start"; print "60000 next"; print "120000 next"; print "610000 next"
    print "700000 next"; print "760000 next"; print "800000 next"
    print "850000 next            # kiezen: open for 3 minutes"
    t = 851000
    for (k = 0; k < 15; k++) {
        a = k % 4 + 1
        b = (k % 4 + 1 + k % 3) % 4 + 1   # never a
        v = k % 5
        if (v == 0) { print t " press " a; print t + 900 " press " b }
        if (v == 1) { print t " press " a; print t + 300 " press " a "   # lockout"; print t + 1000 " press " b }
        if (v == 2) { print t " press " a; print t + 1200 " press " a "   # same-option"; print t + 1500 " choose " b }
        if (v == 3) { print t " press " a; print t + 800 " press " b; print t + 1600 " press " a "   # turn-gap" }
        if (v == 4) { print t " press " 5 + k % 2 "   # no-option"; print t + 500 " press " a; print t + 1400 " press " b }
        t += 4000
    }
    print "911500 next            # close the vote"
    print "912000 press 2         # closed"
    print "913000 next            # een klein experiment"
    print "914000 next            # energie: open for 1 minute"
    t = 915000
    for (j = 0; j < 18; j++) {
        v = (j * 3) % 5 + 1
        w = j % 6
        if (w == 1) { print t " press " v; print t + 400 " press " v % 5 + 1 "   # turn-gap" }
        else if (w == 3) { print t " press 6   # no-option"; print t + 300 " choose " v }
        else if (w == 5) { print t " press " v; print t + 700 " press " v "   # lockout" }
        else print t " press " v
        t += 3000
    }
    print "968000 next            # close the rating"
    print "968500 press 3         # closed"
    print "969000 next            # jouw idee"
    print "970000 text \"Koffie om tien uur\""
    print "971000 text \"   \"    # empty"
    print "972000 text \"=1+1 is twee\""
    print "973000 text \"Vaker \\\"dank je\\\"; ook <b>per mail</b> & app\""
    print "975000 next            # uitslag"
    print "976000 next            # mon-waarde"
    print "977000 text \"Rust\""
    print "980000 next            # mon-meer-van"
    print "981000 press 3"; print "983000 press 4"; print "983500 press 4   # turn-gap"
    print "985500 press 5"; print "987500 choose 2"
    print "990000 next            # mon-morgen"
    print "991000 text \"Ik luister beter\""
    print "995000 end"
}' >"$work/many.events"

replay() { # EVENTS SCRIPT WALL-START: prints the session's id
    $run "$O" --replay "$1" --script "$2" --data-dir "$data" --wall-start "$3" >"$work/replay.out" ||
        { cat "$work/replay.out"; echo "replay of $1 failed"; exit 1; }
    grep -v '^ack ' "$work/replay.out" >>"$work/replays.txt"
    sed -n 's/^session \([0-9]*\):.*/\1/p' "$work/replay.out"
}
s1=$(replay tests/replay/demo.events content/nl/demo.yaml 1795424400)  # 2026-11-23 10:00 CET
s2=$(replay tests/replay/demo.events content/nl/demo.yaml 1796029200)  # 2026-11-30 10:00 CET
s3=$(replay tests/replay/demo.events content/nl/demo.yaml 1796634000)  # 2026-12-07 10:00 CET
s4=$(replay tests/replay/rules.events tests/replay/rules.yaml 1796685600) # 2026-12-08 00:20 CET
s5=$(replay "$work/many.events" content/nl/demo.yaml 1807531200)       # 2027-04-12 14:00 CEST
cat "$work/replays.txt"

export_into() { # DIR [OPTIONS]: exports into DIR (made here) and prints the folder
    d=$1
    shift
    mkdir "$d"
    $run "$O" --export "$d" --data-dir "$data" --config "$work/oogst.yaml" "$@"
}
check() { # FOLDER [--sessions ID...]
    $py tests/check/export_roundtrip.py "$data/oogst.db" "$@"
}

fails=0
f=$(export_into "$work/all")
check "$f" --sessions "$s1" "$s2" "$s3" "$s4" "$s5" || fails=$((fails + 1))
f=$(export_into "$work/one" --session "$s5")
check "$f" --sessions "$s5" || fails=$((fails + 1))
f=$(export_into "$work/range" --from 2026-11-30 --to 2026-12-07)
check "$f" --sessions "$s2" "$s3" || fails=$((fails + 1))
# 00:20 on 8 December is 23:20 UTC on the 7th: the day is the local one
f=$(export_into "$work/night" --from 2026-12-08 --to 2026-12-08)
check "$f" --sessions "$s4" || fails=$((fails + 1))
[ "$fails" -eq 0 ] || { echo "export_roundtrip: $fails of 4 exports do not match the log"; exit 1; }
