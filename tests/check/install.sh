# install.sh — `make install` honours PREFIX and DESTDIR: every file lands under
# DESTDIR/PREFIX, the unit names the installed program, the installed program finds
# its content, and the unit passes `systemd-analyze verify` without a word and scores at
# most 2.0 in `systemd-analyze security --offline=yes`.
set -eu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A fresh build dir, so the paths compiled in are this PREFIX's.
make --no-print-directory -s install BUILD="$work/build" PREFIX=/opt/oogst DESTDIR="$work/root" >/dev/null
for f in bin/oogst share/oogst/content/nl/demo.yaml share/oogst/content/en/demo.yaml \
    share/oogst/sounds/switch.wav share/locale/nl/LC_MESSAGES/oogst.mo lib/systemd/system/oogst.service \
    lib/sysusers.d/oogst.conf lib/udev/rules.d/60-oogst-gpio.rules etc/oogst/oogst.yaml \
    lib/udev/rules.d/61-oogst-stick.rules lib/tmpfiles.d/oogst.conf lib/oogst/oogst-stick-mount \
    lib/systemd/system/oogst-stick@.service lib/systemd/system/oogst-eject.path \
    lib/systemd/system/oogst-eject.service lib/oogst/oogst-set-clock lib/systemd/system/oogst-clock.path \
    lib/systemd/system/oogst-clock.service; do
    [ -f "$work/root/opt/oogst/$f" ] || { echo "missing after install: /opt/oogst/$f"; exit 1; }
done
outside=$(cd "$work/root" && find . -type f ! -path './opt/oogst/*')
[ -z "$outside" ] || { echo "installed outside PREFIX: $outside"; exit 1; }
grep -qx 'ExecStart=/opt/oogst/bin/oogst --data-dir /var/lib/oogst' "$work/root/opt/oogst/lib/systemd/system/oogst.service"
grep -qx 'ExecStart=/opt/oogst/lib/oogst/oogst-stick-mount %I' "$work/root/opt/oogst/lib/systemd/system/oogst-stick@.service"
[ -x "$work/root/opt/oogst/lib/oogst/oogst-stick-mount" ] || { echo "the mount helper is not executable"; exit 1; }
"$work/root/opt/oogst/bin/oogst" --check "$work/root/opt/oogst/share/oogst/content/nl/demo.yaml"
"$work/root/opt/oogst/bin/oogst" --check-config "$work/root/opt/oogst/etc/oogst/oogst.yaml"
if command -v systemd-analyze >/dev/null 2>&1; then
    sed "s|/opt/oogst/bin|$work/root/opt/oogst/bin|" "$work/root/opt/oogst/lib/systemd/system/oogst.service" >"$work/oogst.service"
    out=$(systemd-analyze verify "$work/oogst.service" 2>&1) || true
    [ -z "$out" ] || { echo "systemd-analyze verify: $out"; exit 1; }
    echo "oogst.service verified"
    # the hardening, scored as systemd scores it: at most 2.0 (0 is the most exposed-free)
    score=$(systemd-analyze security --offline=yes "$work/oogst.service" 2>&1 |
        sed -n 's/.*Overall exposure level for oogst.service: \([0-9.]*\).*/\1/p')
    [ -n "$score" ] || { echo "systemd-analyze security gave no score"; exit 1; }
    awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }' || { echo "oogst.service: exposure $score, more than 2.0"; exit 1; }
    echo "oogst.service: systemd-analyze security exposure $score (at most 2.0)"
fi
make --no-print-directory -s uninstall BUILD="$work/build" PREFIX=/opt/oogst DESTDIR="$work/root"
left=$(find "$work/root" -type f)
[ -z "$left" ] || { echo "left after uninstall: $left"; exit 1; }
echo "install and uninstall under DESTDIR/PREFIX: ok"
