# image_check.sh — the picture code of `make image-check` (image/check.py), which decides from a
# screendump that the welcome screen is on the display, tried on the program's own drawings at
# the virtual GPU's size: it must tell the welcome screen from a black screen, the menu and
# the next step. The boot itself (QEMU, minutes) is `make image-check`, not part of make check.
set -eu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
env -u DISPLAY -u WAYLAND_DISPLAY "${OOGST_BIN:-$B/oogst}" --screenshots "$work/shots" --script content/nl/demo.yaml \
    --size 1280x800 >/dev/null
python3 image/check.py --self-test "$work/shots"
