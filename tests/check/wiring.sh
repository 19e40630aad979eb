# wiring.sh — `oogst --test-buttons`, the wiring test, run on recorded edge traces
# through the GPIO stand-in: it names every line, and prints exactly the debounced
# presses and releases a person at the box would see (one per real press, the stuck
# button reported once).
set -eu
conf=$(mktemp)
trap 'rm -f "$conf"' EXIT
run() { "${OOGST_BIN:-$B/oogst}" --test-buttons --config "$conf" --gpio-trace "tests/gpio/$1.trace"; }
expect() { # trace, what, count
    n=$(run "$1" | grep -c -- "$2" || true)
    [ "$n" -eq "$3" ] || { echo "$1: $n lines with '$2', expected $3"; run "$1"; exit 1; }
}
expect bounce "pressed" 1
expect bounce "let go" 1
expect bounce "edge:" 8
expect clean-press "button 3 .* pressed" 1
expect two-buttons "pressed" 2
expect stuck "button 4 .* pressed" 1
expect stuck "held down too long" 1
run bounce | grep -q "button 1: button 1 (trace)"
echo "wiring test: bounce, clean press, two buttons and a stuck button as expected"
