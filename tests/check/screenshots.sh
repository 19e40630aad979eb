# screenshots.sh — `oogst --screenshots` draws every screen of a script without a
# display: one PNG per step and part (and per closed vote), the menu's pages, the
# resume question and the end, each a real PNG of the asked size.
set -eu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
env -u DISPLAY -u WAYLAND_DISPLAY "${OOGST_BIN:-$B/oogst}" --screenshots "$work/shots" --script content/nl/demo.yaml --size 1024x600
n=$(ls "$work/shots" | wc -l)
steps=$(ls "$work/shots" | grep -c '^[0-9][0-9]-')
[ "$steps" -ge 14 ] || { echo "only $steps step screens"; exit 1; }
for want in menu-pin.png menu-main.png menu-export.png 11-open.png resume.png end.png; do
    [ -f "$work/shots/$want" ] || { echo "missing $want"; exit 1; }
done
for f in "$work"/shots/*.png; do
    # the PNG signature, then IHDR with width 1024 and height 600
    sig=$(od -An -tx1 -N24 "$f" | tr -d ' \n')
    case $sig in
    89504e470d0a1a0a0000000d49484452000004000000025[8]) ;;
    *) echo "$f is not a 1024x600 PNG: $sig"; exit 1 ;;
    esac
done
echo "$n screens drawn, all 1024x600 PNG"
