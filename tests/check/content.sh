# content.sh — every shipped session script passes `oogst --check`, and each
# language has the same scripts with the same ids.
set -eu
"$B"/oogst --check content/*/*.yaml
for f in content/nl/*.yaml; do
    en=content/en/$(basename "$f")
    [ -f "$en" ] || { echo "$f has no English counterpart $en"; exit 1; }
    a=$(sed -n 's/^id: *//p' "$f")
    b=$(sed -n 's/^id: *//p' "$en")
    [ "$a" = "$b" ] || { echo "$f has id '$a' but $en has '$b'"; exit 1; }
done
