# export.sh — a whole session end to end into responses.csv: the Dutch demo replayed
# on a fixed clock, exported, and compared line by line with the expected file (only
# the random device id is masked).
set -eu
# OOGST_BIN, OOGST_RUN: another program and a command before it (tests/run-all.sh)
O=${OOGST_BIN:-$B/san/oogst}
run=${OOGST_RUN:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TZ=Europe/Amsterdam
$run "$O" --replay tests/replay/demo.events --script content/nl/demo.yaml --data-dir "$work/data" \
    --wall-start 1795424400 >/dev/null
mkdir "$work/stick"
folder=$($run "$O" --export "$work/stick" --data-dir "$work/data")
case $folder in
"$work/stick/Oogst-"*) ;;
*) echo "unexpected export folder: $folder"; exit 1 ;;
esac
[ "$(ls -A "$work/stick")" = "$(basename "$folder")" ] || { echo "more than one entry on the stick:"; ls -A "$work/stick"; exit 1; }
sed 's/^[0-9a-f]\{16\},/DEVICE,/' "$folder/responses.csv" >"$work/got.csv"
diff -u tests/replay/demo.csv "$work/got.csv"
echo "responses.csv: $(($(wc -l <"$work/got.csv") - 1)) rows as expected"
