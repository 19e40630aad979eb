#!/bin/sh
# build.sh — builds the SD card image for the Raspberry Pi 3B+/4 (arm64), from Debian packages
# only: build/oogst-arm64.img, build/oogst-arm64.img.xz and build/oogst-arm64.img.xz.sha256.
#   image/build.sh          (what `make image` runs; as root, or with sudo)
# Environment: SUITE (bookworm), MIRROR (http://deb.debian.org/debian), SECURITY_MIRROR
# (http://deb.debian.org/debian-security), BOOT_MB (256), DATA_MB (256), ROOT_SPARE_MB (128).
#
# Steps: the program is cross-built for /usr and installed into a staging folder; mmdebstrap
# makes the root file system (image/customize.sh puts the program in and sets it up as an
# appliance); then the three partitions are made as files, with no loop device and no mount:
#   1 boot  FAT32  LABEL OOGST-BOOT  the Pi firmware, kernel, initrd, config.txt, cmdline.txt
#   2 root  ext4   LABEL oogst-root  mounted read-only
#   3 data  ext4   LABEL oogst-data  mounted read-write at /data: oogst/ (the log) on /var/lib/oogst,
#                                     timesync/ (the clock file) on /var/lib/systemd/timesync
# and written into one partitioned file (sfdisk on the file, dd conv=notrunc).
set -eu

cd "$(dirname "$0")/.."
top=$(pwd)
SUITE=${SUITE:-bookworm}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${SECURITY_MIRROR:-http://deb.debian.org/debian-security}
BOOT_MB=${BOOT_MB:-256}
DATA_MB=${DATA_MB:-256}
ROOT_SPARE_MB=${ROOT_SPARE_MB:-128}
work=$top/build/image
img=$top/build/oogst-arm64.img
# The program for the image is built in its own folder: the data, config and locale paths are
# compiled in, and build/arm64 holds the PREFIX=/usr/local build of `make ARCH=arm64`.
pbuild=build/image/arm64

say() { printf 'image: %s\n' "$*"; }
die() { printf 'image: %s\n' "$*" >&2; exit 1; }

if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "mmdebstrap and the file ownership need root: run as root"
    exec sudo -E "$0" "$@"
fi

# --- the tools, installed when missing (like image/deps.sh) -----------------------------------
tools="mmdebstrap:mmdebstrap mcopy:mtools mkfs.vfat:dosfstools sfdisk:fdisk mkfs.ext4:e2fsprogs
       xz:xz-utils qemu-aarch64-static:qemu-user-static arch-test:arch-test"
missing=""
for t in $tools; do
    command -v "${t%%:*}" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin command -v "${t%%:*}" >/dev/null 2>&1 ||
        missing="$missing ${t#*:}"
done
if [ -n "$missing" ]; then
    say "the image needs these Debian packages, installing them now:$missing"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # shellcheck disable=SC2086 # the list is meant to split into words
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends --no-remove $missing
fi
export PATH="$PATH:/usr/sbin:/sbin"

# mmdebstrap runs the arm64 maintainer scripts under qemu-user: binfmt_misc must know aarch64.
# F (fix binary) opens the interpreter now, so it works inside the chroot too.
if [ "$(uname -m)" != aarch64 ] && [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
    say "registering qemu-aarch64-static with binfmt_misc"
    [ -e /proc/sys/fs/binfmt_misc/register ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
    printf '%s' ':qemu-aarch64:M::\x7f\x45\x4c\x46\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00:\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:/usr/bin/qemu-aarch64-static:FPC' \
        >/proc/sys/fs/binfmt_misc/register
fi

# --- the program, for /usr ---------------------------------------------------------------------
say "building the program (make ARCH=arm64 PREFIX=/usr BUILD=$pbuild)"
make --no-print-directory ARCH=arm64 PREFIX=/usr BUILD=$pbuild
rm -rf "${work:?}/stage" "${work:?}/rootfs" "${work:?}/boot" "${work:?}/data"
mkdir -p "$work/stage"
make --no-print-directory install ARCH=arm64 PREFIX=/usr BUILD=$pbuild DESTDIR="$work/stage" >"$work/install.log"

# --- the root file system ----------------------------------------------------------------------
# The runtime libraries from image/deps.sh, mesa for SDL's KMSDRM (EGL/GLES through GBM: vc4
# and v3d on the Pi, virtio-gpu in QEMU), the kernel and the Pi firmware; sqlite3 to read the log
# on a box being looked after (and for make image-check).
runtime=$(image/deps.sh --list runtime | tr '\n' ',')
packages="systemd-sysv,udev,systemd-timesyncd,dbus,tzdata,kmod,sqlite3,${runtime}libegl1,libegl-mesa0,libgles2,libgl1-mesa-dri,initramfs-tools,linux-image-arm64,raspi-firmware"
say "mmdebstrap $SUITE arm64 (packages: $packages)"
# initramfs-tools: only the modules image/overlay's hook lists (MODULES=list), not most of
# them (MODULES=most takes three times as long under qemu-user and makes a larger initrd).
# shellcheck disable=SC2016 # "$1" is the root, filled in by mmdebstrap in the hooks
mmdebstrap --mode=root --architectures=arm64 --variant=apt \
    --components=main,non-free-firmware \
    --include="$packages" \
    --setup-hook='mkdir -p "$1/boot/firmware" "$1/etc/initramfs-tools"' \
    --setup-hook="cp -a '$top/image/overlay/etc/initramfs-tools/.' \"\$1/etc/initramfs-tools/\"" \
    --customize-hook="'$top/image/customize.sh' \"\$1\" '$work/stage' '$top/image/overlay'" \
    "$SUITE" "$work/rootfs" \
    "deb $MIRROR $SUITE main non-free-firmware" \
    "deb $MIRROR $SUITE-updates main non-free-firmware" \
    "deb $SECURITY_MIRROR $SUITE-security main non-free-firmware"

root=$work/rootfs
# The boot partition's files leave the root (its /boot/firmware stays an empty mount point);
# /boot keeps vmlinuz and initrd, for QEMU.
mkdir -p "$work/boot"
cp -a "$root/boot/firmware/." "$work/boot/"
find "$root/boot/firmware" -mindepth 1 -delete
cp "$top/image/overlay/boot/cmdline.txt" "$work/boot/cmdline.txt"
cat "$top/image/overlay/boot/config-oogst.txt" >>"$work/boot/config.txt"
# Oogst's config and session scripts live on this FAT partition, to change from any computer
# with a card reader: OOGST-BOOT/oogst/oogst.yaml (/etc/oogst/oogst.yaml links to it) and
# OOGST-BOOT/oogst/content/{nl,en}/. The root keeps the shipped scripts as they came.
mkdir -p "$work/boot/oogst"
cp -a "$work/stage/usr/share/oogst/content" "$work/boot/oogst/content"
sed 's|^# content_dir: .*|content_dir: /boot/firmware/oogst/content|' "$top/systemd/oogst.yaml" >"$work/boot/oogst/oogst.yaml"
grep -q '^content_dir: /boot/firmware/oogst/content$' "$work/boot/oogst/oogst.yaml" ||
    die "systemd/oogst.yaml has no '# content_dir:' line to fill in"
[ -e "$work/boot/start4.elf" ] || die "no Pi firmware in /boot/firmware (raspi-firmware)"
ls "$work/boot"/vmlinuz* "$work/boot"/initrd* >/dev/null 2>&1 || die "no kernel or initrd in /boot/firmware"

# --- the data partition's first contents: owned by the users made in the root -----------------
uid_of() { awk -F: -v u="$1" '$1 == u { print $3 }' "$root/etc/passwd"; }
gid_of() { awk -F: -v g="$1" '$1 == g { print $3 }' "$root/etc/group"; }
oogst_uid=$(uid_of oogst); oogst_gid=$(gid_of oogst)
ts_uid=$(uid_of systemd-timesync); ts_gid=$(gid_of systemd-timesync)
if [ -z "$oogst_uid" ] || [ -z "$ts_uid" ]; then die "no oogst or systemd-timesync user in the root"; fi
# Two folders, each bind-mounted where its service expects it (image/overlay/etc/fstab): oogst/
# on /var/lib/oogst, timesync/ on /var/lib/systemd/timesync. Apart, because systemd hands a
# StateDirectory= whose owner is not the service's over to it, everything inside included.
mkdir -p "$work/data/oogst" "$work/data/timesync"
chown "$oogst_uid:$oogst_gid" "$work/data/oogst"
chmod 0750 "$work/data/oogst"
# systemd-timesyncd's clock file: its time is where the clock starts at boot, so the first boot
# starts at the build time, and later ones at the last time saved (every minute), never at 1970.
touch "$work/data/timesync/clock"
chown -R "$ts_uid:$ts_gid" "$work/data/timesync"
chmod 0755 "$work/data/timesync"

# --- the partitions as files, then one image -----------------------------------------------------
root_mb=$(( $(du -sm "$root" | cut -f1) * 115 / 100 + ROOT_SPARE_MB ))
say "partitions: boot ${BOOT_MB} MiB, root ${root_mb} MiB, data ${DATA_MB} MiB"
rm -f "$work/boot.img" "$work/root.img" "$work/data.img"
mkfs.vfat -F 32 -n OOGST-BOOT -C "$work/boot.img" $((BOOT_MB * 1024)) >/dev/null
mcopy -s -p -Q -i "$work/boot.img" "$work/boot"/* ::/
truncate -s "${root_mb}M" "$work/root.img"
mkfs.ext4 -q -F -L oogst-root -d "$root" "$work/root.img"
truncate -s "${DATA_MB}M" "$work/data.img"
mkfs.ext4 -q -F -L oogst-data -d "$work/data" "$work/data.img"
e2fsck -fn "$work/root.img" >/dev/null
e2fsck -fn "$work/data.img" >/dev/null

# MiB-aligned MBR partitions (the Pi's boot ROM reads MBR): 1 MiB before the first.
s=2048
boot_s=$((BOOT_MB * 2048)); root_s=$((root_mb * 2048)); data_s=$((DATA_MB * 2048))
p1=$s; p2=$((p1 + boot_s)); p3=$((p2 + root_s)); end=$((p3 + data_s))
rm -f "$img"
truncate -s $((end * 512)) "$img"
sfdisk --quiet "$img" <<EOF
label: dos
unit: sectors
start=$p1, size=$boot_s, type=c, bootable
start=$p2, size=$root_s, type=83
start=$p3, size=$data_s, type=83
EOF
# conv=sparse skips the zero blocks: right only because $img was just made, all zeros.
dd if="$work/boot.img" of="$img" bs=512 seek=$p1 conv=notrunc,sparse status=none
dd if="$work/root.img" of="$img" bs=512 seek=$p2 conv=notrunc,sparse status=none
dd if="$work/data.img" of="$img" bs=512 seek=$p3 conv=notrunc,sparse status=none
rm -f "$work/boot.img" "$work/root.img" "$work/data.img"

say "compressing"
xz -T0 -6 -k -f "$img"
(cd "$(dirname "$img")" && sha256sum "$(basename "$img").xz" >"$(basename "$img").xz.sha256")
# Owned by whoever ran make, not root, when run through sudo.
if [ -n "${SUDO_UID:-}" ]; then
    chown "$SUDO_UID:${SUDO_GID:-$SUDO_UID}" "$img" "$img.xz" "$img.xz.sha256"
fi
say "$(du -m "$img" | cut -f1)M used of $(($(stat -c %s "$img") / 1048576))M: $img"
say "$(du -m "$img.xz" | cut -f1)M: $img.xz ($(cut -d' ' -f1 "$img.xz.sha256"))"
