# content_quality.sh — the shipped sessions as a set: every Dutch script has an English
# twin and the other way round; each pair passes tests/tools/content_lint.c (parity of
# steps, ids and timings; unique question ids; the monitoring step at the end; Dutch
# sentences short enough to read); and every script has a replay case in tests/replay/
# (its "# script:" line), which replay.sh runs end to end against its expected summary.
set -eu
fail=0
for f in content/nl/*.yaml content/en/*.yaml; do
    lang=${f#content/}
    lang=${lang%%/*}
    other=nl
    [ "$lang" = nl ] && other=en
    [ -f "content/$other/$(basename "$f")" ] || { echo "$f has no twin content/$other/$(basename "$f")"; fail=1; }
    grep -lqx "# script: $f" tests/replay/*.events || { echo "$f: no replay case (no tests/replay/*.events says '# script: $f')"; fail=1; }
done
for f in content/nl/*.yaml; do
    en=content/en/$(basename "$f")
    [ -f "$en" ] || continue
    "$B"/tools/content_lint "$f" "$en" || fail=1
done
exit "$fail"
