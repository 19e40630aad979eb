#!/bin/sh
# run.sh — `make bench`: measures Oogst and, in the same run, a floor for every figure,
# and prints one table:  | measure | oogst | floor | ratio |
#   start → first frame   build/oogst vs a bare SDL program (floor.c), spawned and timed
#                         alike by probe.c: fork to the line "bench: first frame"; median of 9
#   memory                RSS and PSS (/proc/PID/smaps_rollup) at that moment; median of the 9
#   idle                  10 s on a screen without a clock: CPU % and loop passes a second,
#                         against the floor asleep in sigwait(); and 10 s on the demo's
#                         countdown, where one pass and one frame a second is the ideal
#   input → present       latency.c (the UI in-process) vs floor.c --keys; 200 presses, 200 taps
#                         with 1 000 inputs in the log, 200 presses with 1 000 000; and the
#                         longest pass of the UI thread while those commits ran
#   vote commit           commit.c: store_add_input to its ack vs pwrite+fdatasync of one 4 KiB
#                         block, with 1 000 and with 1 000 000 inputs already in the log
#   export                oogst --export of 50 replayed demo sessions vs cp of oogst.db; median of 5
# Figures, not verdicts: nothing here passes or fails on a number. The exit status is 1
# only when something could not be measured. Builds nothing: make bench does.
set -eu
B=${1:-build}
export B
cd "$(dirname "$0")/../.."

for f in "$B/oogst" "$B/bench/probe" "$B/bench/floor" "$B/bench/latency" "$B/bench/commit"; do
    [ -x "$f" ] || { echo "bench: $f is missing (make bench builds it)" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/oogst-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy OOGST_LOCALEDIR="$B/locale"
unset OOGST_BENCH
P=$B/bench/probe
RUNS=9
IDLE_S=10
missing=""
rows=$work/rows

# --- helpers --------------------------------------------------------------------------------
val() { printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) exit 1; print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# fmt VALUE DECIMALS, or "n/a" for an empty value
fmt() { if [ -n "$1" ]; then awk -v v="$1" -v d="$2" 'BEGIN { printf "%.*f", d, v }'; else echo "n/a"; fi; }
ratio() {
    if [ -z "$1" ] || [ -z "$2" ]; then echo "n/a"; else
        awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }'
    fi
}
# row MEASURE OOGST FLOOR DECIMALS [FLOOR_TEXT]
row() {
    f=$(fmt "$3" "$4")
    [ $# -ge 5 ] && f=$5
    printf '%s|%s|%s|%s\n' "$1" "$(fmt "$2" "$4")" "$f" "$(ratio "$2" "$3")" >>"$rows"
}
fail() { echo "bench: $1 could not be measured" >&2; missing="$missing; $1"; }
# probe_oogst IDLE_SECONDS DATA_DIR SCRIPT / probe_floor IDLE_SECONDS: one probe.c line
probe_oogst() {
    OOGST_BENCH=1 "$P" --idle "$1" -- "$B/oogst" --config "$work/oogst.yaml" --data-dir "$2" --window \
        --size 800x480 "$3"
}
probe_floor() { OOGST_BENCH=1 "$P" --idle "$1" -- "$B/bench/floor" --wait; }

printf 'content_dir: "%s/content"\n' "$(pwd)" >"$work/oogst.yaml"
cat >"$work/idle.yaml" <<'EOF'
id: bench-idle
version: 1
language: nl
title: "Bench: een stil scherm"
steps:
  - type: text
    title: "Welkom"
    text: "Een scherm zonder klok: er verandert niets tot iemand iets doet."
EOF
"$B/oogst" --check "$work/idle.yaml" >/dev/null
# A data dir as a box has it after its first start: the database made, no session left
# running (that would put the resume question on the screen instead).
mkdir "$work/x"
"$B/oogst" --export "$work/x" --data-dir "$work/template" >/dev/null

# --- start → first frame, memory -------------------------------------------------------------
: >"$work/start.o"
: >"$work/start.f"
i=0
while [ "$i" -lt "$RUNS" ]; do
    i=$((i + 1))
    cp -R "$work/template" "$work/d$i"
    if out=$(probe_oogst 0 "$work/d$i" content/nl/demo.yaml); then
        echo "$out" >>"$work/start.o"
    else
        fail "oogst start, run $i"
    fi
    if out=$(probe_floor 0); then
        echo "$out" >>"$work/start.f"
    else
        fail "floor start, run $i"
    fi
done
col() { sed -n "s/.*$2=\([^ ]*\).*/\1/p" "$1" | median || true; }
row "start -> first frame, median of $RUNS (ms)" "$(col "$work/start.o" first_ms)" "$(col "$work/start.f" first_ms)" 1
rss_o=$(col "$work/start.o" rss_kb) rss_f=$(col "$work/start.f" rss_kb)
pss_o=$(col "$work/start.o" pss_kb) pss_f=$(col "$work/start.f" pss_kb)
mib() { if [ -n "$1" ]; then awk -v k="$1" 'BEGIN { print k / 1024 }'; fi; }
row "RSS after the first frame (MiB)" "$(mib "$rss_o")" "$(mib "$rss_f")" 1
row "PSS after the first frame (MiB)" "$(mib "$pss_o")" "$(mib "$pss_f")" 1

# --- idle ------------------------------------------------------------------------------------
# Loop passes during the window = passes at exit - passes of a run stopped right after its
# first frame (start-up and the pass that sees SIGTERM).
tck=$(getconf CLK_TCK)
cpu_pct() { awk -v t="$(val "$1" cpu_ticks)" -v s="$(val "$1" window_s)" -v h="$tck" 'BEGIN { printf "%.3f", t / h / s * 100 }'; }
per_s() { awk -v n="$(val "$1" "$3")" -v n0="$(val "$2" "$3")" -v s="$(val "$1" window_s)" 'BEGIN { printf "%.3f", (n - n0) / s }'; }

idle_o="" idle_f="" cd_o=""
for d in idle0 idle countdown0 countdown; do cp -R "$work/template" "$work/$d"; done
if base=$(probe_oogst 0 "$work/idle0" "$work/idle.yaml") &&
    run=$(probe_oogst "$IDLE_S" "$work/idle" "$work/idle.yaml"); then
    idle_o="$(cpu_pct "$run") $(per_s "$run" "$base" passes)"
else
    fail "oogst idle"
fi
if base=$(probe_floor 0) && run=$(probe_floor "$IDLE_S"); then
    idle_f="$(cpu_pct "$run") $(per_s "$run" "$base" passes)"
else
    fail "floor idle"
fi
if base=$(probe_oogst 0 "$work/countdown0" content/nl/demo.yaml) &&
    run=$(probe_oogst "$IDLE_S" "$work/countdown" content/nl/demo.yaml); then
    cd_o="$(cpu_pct "$run") $(per_s "$run" "$base" passes) $(per_s "$run" "$base" frames)"
else
    fail "oogst countdown"
fi
field() { if [ -n "$1" ]; then echo "$1" | cut -d' ' -f"$2"; fi; }
row "idle CPU, screen without a clock, ${IDLE_S} s (%)" "$(field "$idle_o" 1)" "$(field "$idle_f" 1)" 2
row "idle wake-ups, screen without a clock (/s)" "$(field "$idle_o" 2)" "$(field "$idle_f" 2)" 2
row "countdown CPU, demo welcome, ${IDLE_S} s (%)" "$(field "$cd_o" 1)" "$(field "$idle_f" 1)" 2
row "countdown loop passes (/s)" "$(field "$cd_o" 2)" 1 2 "1 (ideal)"
row "countdown frames drawn (/s)" "$(field "$cd_o" 3)" 1 2 "1 (ideal)"

# --- input → present -------------------------------------------------------------------------
lat_o="" lat_f=""
if ! lat_o=$("$B/bench/latency" "$work/latency" 200 --prefill 1000); then
    lat_o=""
    fail "input -> present (oogst)"
fi
if ! lat_f=$("$B/bench/floor" --keys 200); then
    lat_f=""
    fail "input -> present (floor)"
fi
tap_o=""
if ! tap_o=$("$B/bench/latency" "$work/latency-tap" 200 --tap --prefill 1000); then
    tap_o=""
    fail "tap -> present (oogst)"
fi
big_o=""
if ! big_o=$("$B/bench/latency" "$work/latency-big" 200 --prefill 1000000); then
    big_o=""
    fail "input -> present at 1 000 000 inputs (oogst)"
fi
rm -rf "$work/latency-big"
row "button press -> present p50, 200 presses (ms)" "$(val "$lat_o" p50_ms)" "$(val "$lat_f" p50_ms)" 2
row "button press -> present p99 (ms)" "$(val "$lat_o" p99_ms)" "$(val "$lat_f" p99_ms)" 2
row "tap -> present p50, 200 taps (ms)" "$(val "$tap_o" p50_ms)" "$(val "$lat_f" p50_ms)" 2
row "tap -> present p99 (ms)" "$(val "$tap_o" p99_ms)" "$(val "$lat_f" p99_ms)" 2
row "button press -> present p50, 1 000 000 inputs in the log (ms)" "$(val "$big_o" p50_ms)" "$(val "$lat_f" p50_ms)" 2
row "button press -> present p99, 1 000 000 inputs in the log (ms)" "$(val "$big_o" p99_ms)" "$(val "$lat_f" p99_ms)" 2
# the worst of both runs; empty when neither could be measured
worst=$(printf '%s\n%s\n%s\n' "$(val "$lat_o" worst_iterate_ms)" "$(val "$tap_o" worst_iterate_ms)" "$(val "$big_o" worst_iterate_ms)" |
    awk 'NF { if (n++ == 0 || $1 > m) m = $1 } END { if (n) print m }')
stalls=$(printf '%s\n%s\n%s\n' "$(val "$lat_o" stalls)" "$(val "$tap_o" stalls)" "$(val "$big_o" stalls)" |
    awk 'NF { s += $1; n++ } END { if (n) print s }')
row "UI thread: longest pass while 600 commits ran (ms)" "$worst" "16.7" 2 "16.7 (one frame)"
row "UI thread: passes longer than one frame (stalls)" "$stalls" 0 0 "0 (ideal)"

# --- vote commit, with 1 000 and with 1 000 000 inputs already in the log ---------------------
com="" big=""
if ! com=$("$B/bench/commit" "$work/commit" 200 1000); then
    com=""
    fail "vote commit"
fi
if ! big=$("$B/bench/commit" "$work/commit-big" 200 1000000); then
    big=""
    fail "vote commit at 1 000 000 inputs"
fi
rm -rf "$work/commit-big"
row "vote commit p50, 200 votes, 1 000 inputs in the log (ms)" "$(val "$com" store_p50_ms)" "$(val "$com" fsync_p50_ms)" 2
row "vote commit p99 (ms)" "$(val "$com" store_p99_ms)" "$(val "$com" fsync_p99_ms)" 2
row "vote commit p50, 1 000 000 inputs in the log (ms)" "$(val "$big" store_p50_ms)" "$(val "$big" fsync_p50_ms)" 2
row "vote commit p99, 1 000 000 inputs in the log (ms)" "$(val "$big" store_p99_ms)" "$(val "$big" fsync_p99_ms)" 2

# --- export ----------------------------------------------------------------------------------
exp_o="" exp_f="" db_bytes=""
i=0
ok=1
while [ "$i" -lt 50 ] && [ "$ok" -eq 1 ]; do
    i=$((i + 1))
    "$B/oogst" --replay tests/replay/demo.events --script content/nl/demo.yaml --data-dir "$work/export" \
        >/dev/null 2>"$work/replay.err" || ok=0
done
if [ "$ok" -eq 1 ]; then
    db_bytes=$(wc -c <"$work/export/oogst.db")
    : >"$work/export.o"
    : >"$work/export.f"
    for i in 1 2 3 4 5; do
        mkdir "$work/stick$i"
        "$P" --run -- "$B/oogst" --export "$work/stick$i" --data-dir "$work/export" >>"$work/export.o" || ok=0
        "$P" --run -- cp "$work/export/oogst.db" "$work/copy$i.db" >>"$work/export.f" || ok=0
    done
    exp_o=$(col "$work/export.o" run_ms)
    exp_f=$(col "$work/export.f" run_ms)
else
    cat "$work/replay.err" >&2
fi
[ "$ok" -eq 1 ] || fail "export"
row "export of 50 sessions, median of 5 (ms)" "$exp_o" "$exp_f" 1

# --- the export at scale: 100 000 answers, the whole folder, and each file alone ----------------
scale=$("$B"/bench/export_scale "$work/scale" 100000 2>"$work/scale.err") || { cat "$work/scale.err" >&2; scale=; }
[ -n "$scale" ] || fail "export at scale"
row "export of 100 000 answers, all files, median of 3 (ms)" "$(val "$scale" all_ms)" "$(val "$scale" dump_ms)" 1
row "antwoorden.csv of 100 000 answers, read + written + synced, median of 3 (ms)" "$(val "$scale" csv_ms)" "$(val "$scale" dump_ms)" 1
row "antwoorden.csv of 100 000 answers, written + synced (the log already read), median of 3 (ms)" "$(val "$scale" csv_write_ms)" "$(val "$scale" dump_ms)" 1
row "  of that: reading the log once for all files (ms)" "$(val "$scale" read_ms)" "$(val "$scale" dump_ms)" 1
row "  responses.csv alone, written + synced (ms)" "$(val "$scale" responses_ms)" "$(val "$scale" dump_ms)" 1
row "  samenvatting.csv alone (ms)" "$(val "$scale" samenvatting_ms)" "$(val "$scale" dump_ms)" 1
row "  rapport.html alone (ms)" "$(val "$scale" rapport_ms)" "$(val "$scale" dump_ms)" 1
row "  LEESMIJ.txt + README.txt (ms)" "$(val "$scale" readme_ms)" "$(val "$scale" dump_ms)" 1
row "  resultaten.xlsx alone (ms; on a thread beside the others in the export)" "$(val "$scale" xlsx_ms)" "$(val "$scale" dump_ms)" 1
row "  oogst.db, the copy of the log (ms)" "$(val "$scale" db_ms)" "$(val "$scale" dump_ms)" 1

# --- the table -------------------------------------------------------------------------------
echo
awk -F'|' '
    { for (i = 1; i <= 4; i++) { c[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } }
    END {
        split("measure|oogst|floor|ratio", h, "|")
        for (i = 1; i <= 4; i++) if (length(h[i]) > w[i]) w[i] = length(h[i])
        printf "| %-*s | %*s | %*s | %*s |\n", w[1], h[1], w[2], h[2], w[3], h[3], w[4], h[4]
        printf "|%s|%s:|%s:|%s:|\n", dash(w[1] + 2), dash(w[2] + 1), dash(w[3] + 1), dash(w[4] + 1)
        for (r = 1; r <= NR; r++)
            printf "| %-*s | %*s | %*s | %*s |\n", w[1], c[r, 1], w[2], c[r, 2], w[3], c[r, 3], w[4], c[r, 4]
    }
    function dash(n,   s) { s = ""; while (n-- > 0) s = s "-"; return s }
' "$rows"
echo
echo "floors: start/memory/idle: tests/bench/floor.c (SDL2 only, 800x480, software renderer, one frame);"
echo "        input: the same window presenting on each key; commit: pwrite(2) of a 4 KiB block + fdatasync(2);"
echo "        export: cp of oogst.db (${db_bytes:-?} bytes); at scale: sqlite3 -csv of the inputs, synced."
echo "        Wake-ups: loop passes a second (OOGST_BENCH)."
echo "machine: $(nproc) cpus, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
    "$(uname -sr), $(df -T "$work" | awk 'NR == 2 { print $2 }') under $(dirname "$work"); date: $(date '+%Y-%m-%d %H:%M:%S %Z')"
if [ -n "$missing" ]; then
    echo "bench: not measured:${missing#;}" >&2
    exit 1
fi
