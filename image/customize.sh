#!/bin/sh
# customize.sh ROOT STAGE OVERLAY — mmdebstrap's customize hook (image/build.sh): turns the
# Debian root ROOT into the appliance. STAGE holds `make install DESTDIR=STAGE PREFIX=/usr`,
# OVERLAY is image/overlay. Runs on the build machine; commands inside ROOT run by chroot
# (arm64 under qemu-user).
set -eu
root=$1 stage=$2 overlay=$3
in_root() { chroot "$root" "$@"; }

# The program, its content, units, udev rules, sysusers and tmpfiles, the default config.
cp -a "$stage/." "$root/"

# The config is on the boot partition (image/build.sh puts it there); the service waits for it.
ln -sf /boot/firmware/oogst/oogst.yaml "$root/etc/oogst/oogst.yaml"
install -d "$root/etc/systemd/system/oogst.service.d"
install -m 0644 "$overlay/etc/systemd/system/oogst.service.d/image.conf" "$root/etc/systemd/system/oogst.service.d/image.conf"
install -d "$root/etc/systemd/system/systemd-timesyncd.service.d"
install -m 0644 "$overlay/etc/systemd/system/systemd-timesyncd.service.d/oogst.conf" \
    "$root/etc/systemd/system/systemd-timesyncd.service.d/oogst.conf"

# The users: the root is read-only at boot, so systemd-sysusers runs here (oogst, gpio).
in_root systemd-sysusers
# What tmpfiles would make on the read-only root at boot.
mkdir -p "$root/media/oogst" "$root/data" "$root/var/lib/oogst" "$root/var/lib/systemd/timesync"
# What services would make in /var/lib at their first start, impossible on the read-only root:
# logind's StateDirectory, D-Bus's machine id.
install -d -m 0755 "$root/var/lib/systemd/linger" "$root/var/lib/dbus"
ln -sf /etc/machine-id "$root/var/lib/dbus/machine-id"

# The appliance's units; the units that write to the root, or want a network or a login
# on the screen, are masked.
in_root systemctl enable oogst.service oogst-eject.path oogst-clock.path systemd-timesyncd.service
in_root systemctl mask getty@tty1.service autovt@.service systemd-firstboot.service \
    apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer e2scrub_reap.service \
    fstrim.timer 2>/dev/null || true
in_root systemctl set-default multi-user.target

# The file system table, journald in RAM.
install -m 0644 "$overlay/etc/fstab" "$root/etc/fstab"
install -d "$root/etc/systemd/journald.conf.d"
install -m 0644 "$overlay/etc/systemd/journald.conf.d/oogst.conf" "$root/etc/systemd/journald.conf.d/oogst.conf"

# Name, time zone, machine id (one per image: the root is read-only, and the box's own id
# in the log is Oogst's random device id, not this).
echo oogst >"$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\toogst\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
ln -sf ../usr/share/zoneinfo/Europe/Amsterdam "$root/etc/localtime"
echo Europe/Amsterdam >"$root/etc/timezone"
od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$root/etc/machine-id"
echo >>"$root/etc/machine-id"

# The clock starts no earlier than the build, even before the data partition is mounted.
touch "$root/var/lib/systemd/timesync/clock"

# No package lists or caches in the image; /var/log is a tmpfs at boot.
find "$root/var/log" -mindepth 1 -delete
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
