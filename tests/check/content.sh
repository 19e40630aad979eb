# content.sh — every shipped session script passes `oogst --check` (also at every
# screen size), and each
# language has the same scripts with the same script and question ids, in the same
# order (the evaluator follows answers across languages by these ids).
set -eu
# OOGST_BIN, OOGST_RUN: another program and a command before it (tests/run-all.sh)
O=${OOGST_BIN:-$B/oogst}
run=${OOGST_RUN:-}
$run "$O" --check content/*/*.yaml
# every text of every screen fits every supported screen, landscape and portrait
for size in 800x480 1024x600 1280x720 1280x800 1920x1080 480x800 720x1280; do
    $run "$O" --check --size "$size" content/*/*.yaml >/dev/null
    echo "every screen fits $size"
done
ids() { sed -n 's/^[ -]*id: *\([a-z0-9-]*\).*/\1/p' "$1" | tr '\n' ' '; }
for f in content/nl/*.yaml; do
    en=content/en/$(basename "$f")
    [ -f "$en" ] || { echo "$f has no English counterpart $en"; exit 1; }
    a=$(ids "$f")
    b=$(ids "$en")
    [ "$a" = "$b" ] || { printf '%s has ids: %s\n%s has ids: %s\n' "$f" "$a" "$en" "$b"; exit 1; }
    echo "$f and $en: same ids ($a)"
done
