# content.sh — every shipped session script passes `oogst --check`, also at every screen
# size. Twins, parity and readability: content_quality.sh.
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
