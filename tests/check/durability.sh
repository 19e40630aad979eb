# durability.sh — SIGKILL a replay at 25 random moments; after each, PRAGMA
# integrity_check is ok and every acknowledged input is in the database.
set -eu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$B"/tools/durability "${OOGST_BIN:-$B/oogst}" tests/replay/durability.yaml "$work" 25
