# units.sh — the USB stick's systemd side (systemd/): every unit passes `systemd-analyze
# verify` without a word, the udev rule is well formed (udevadm verify where udev has it,
# else a key-by-key check), the tmpfiles lines make what they say, and the mount helper is
# POSIX sh (sh -n, shellcheck when installed) whose dry run (OOGST_STICK_DRY_RUN=1) mounts
# every file system noexec,nosuid,nodev (FAT/exFAT owned by the user) and refuses
# anything that is not a block device. Nothing is mounted.
set -eu
B=${B:-build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
helper=systemd/oogst-stick-mount
fail() {
    echo "units: $*" >&2 # stderr: also heard from inside $(...)
    exit 1
}

# --- systemd-analyze verify: every unit, the placeholders filled with real files ------------------
if command -v systemd-analyze >/dev/null 2>&1; then
    mkdir -p "$work/libexec" "$work/bin" "$work/units"
    cp "$helper" "$work/libexec/oogst-stick-mount"
    cp systemd/oogst-set-clock "$work/libexec/oogst-set-clock"
    printf '#!/bin/sh\n' >"$work/bin/oogst"
    chmod 0755 "$work/libexec/oogst-stick-mount" "$work/libexec/oogst-set-clock" "$work/bin/oogst"
    units=""
    for f in systemd/*.service systemd/*.path systemd/*.service.in; do
        [ -f "$f" ] || continue
        name=$(basename "$f" .in)
        sed -e "s|@LIBEXECDIR@|$work/libexec|g" -e "s|@BINDIR@|$work/bin|g" -e "s|@STATEDIR@|$work/state|g" \
            "$f" >"$work/units/$name"
        grep -q '@[A-Z]*@' "$work/units/$name" && fail "$f: a placeholder left unfilled"
        units="$units $work/units/$name"
    done
    # a template is verified as itself and as an instance (its %i filled in)
    cp "$work/units/oogst-stick@.service" "$work/units/oogst-stick@sda1.service"
    units="$units $work/units/oogst-stick@sda1.service"
    for u in $units; do
        out=$(systemd-analyze verify "$u" 2>&1) || true
        [ -z "$out" ] || fail "systemd-analyze verify $(basename "$u"): $out"
    done
    echo "systemd-analyze verify: ok:$(for u in $units; do printf ' %s' "$(basename "$u")"; done)"
else
    echo "systemd-analyze not installed: units NOT verified"
fi

# The unit runs the helper at the install path and binds itself to the device.
grep -qx 'ExecStart=@LIBEXECDIR@/oogst-stick-mount %I' systemd/oogst-stick@.service || fail "stick unit: ExecStart"
grep -qx 'ExecStop=@LIBEXECDIR@/oogst-stick-mount --unmount %I' systemd/oogst-stick@.service || fail "stick unit: ExecStop"
grep -qx 'BindsTo=dev-%i.device' systemd/oogst-stick@.service || fail "stick unit: BindsTo"
# ... in the machine's mount namespace: nothing that would give it a namespace of its own
if grep -Eq '^(Protect(System|Home|KernelTunables|KernelModules|ControlGroups|Proc)|Private(Tmp|Devices|Mounts)|ReadOnlyPaths|ReadWritePaths|InaccessiblePaths|TemporaryFileSystem|Bind(ReadOnly)?Paths|MountFlags|RootDirectory)=' \
    systemd/oogst-stick@.service; then
    fail "stick unit: a setting that makes a mount namespace (the mount would be invisible)"
fi
grep -qx 'PathExists=/run/oogst/eject' systemd/oogst-eject.path || fail "eject path: PathExists"
grep -qx 'ExecStart=systemctl stop "oogst-stick@\*.service"' systemd/oogst-eject.service || fail "eject service: stop"

# --- the udev rule ---------------------------------------------------------------------------------
rule=systemd/61-oogst-stick.rules
if command -v udevadm >/dev/null 2>&1 && udevadm verify --help >/dev/null 2>&1; then
    udevadm verify "$rule" || fail "udevadm verify $rule"
    echo "udev rule: udevadm verify: ok"
    how="udevadm verify and the content checks"
else
    # udev < 254 (bookworm) has no verify: check each line key by key
    grep -v '^[[:space:]]*\(#.*\)\?$' "$rule" >"$work/rules"
    n=0
    while IFS= read -r line; do
        n=$((n + 1))
        rest=$line
        while [ -n "$rest" ]; do
            key=${rest%%[=!+:-]*}
            case $key in
            ACTION | SUBSYSTEM | SUBSYSTEMS | KERNEL | KERNELS | DEVPATH | DRIVER | DRIVERS | TAG | TAGS | \
                NAME | SYMLINK | OWNER | GROUP | MODE | LABEL | GOTO | RUN | PROGRAM | RESULT | TEST | \
                ENV\{[A-Za-z0-9_]*\} | ATTR\{[A-Za-z0-9_/]*\} | ATTRS\{[A-Za-z0-9_/]*\} | \
                IMPORT\{[a-z]*\}) ;;
            *) fail "$rule: rule $n: unknown key '$key'" ;;
            esac
            rest=${rest#"$key"}
            case $rest in
            '=="'* | '!="'* | '+="'* | '-="'* | ':="'*) op=${rest%%\"*} ;;
            '="'*) op='=' ;;
            *) fail "$rule: rule $n: '$key' has no operator and quoted value" ;;
            esac
            rest=${rest#"$op\""}
            case $rest in *\"*) ;; *) fail "$rule: rule $n: '$key': unterminated value" ;; esac
            rest=${rest#*\"}
            case $rest in
            '') ;;
            ', '*) rest=${rest#, } ;;
            *) fail "$rule: rule $n: after '$key': '$rest' (keys are separated by ', ')" ;;
            esac
        done
    done <"$work/rules"
    [ "$n" -gt 0 ] || fail "$rule: no rule"
    echo "udev rule: no udevadm verify here (udev < 254): checked key by key, $n rule(s): ok"
    how="the key-by-key check and the content checks"
fi
for want in 'ACTION=="add"' 'SUBSYSTEM=="block"' 'ENV{ID_BUS}=="usb"' 'ENV{ID_FS_USAGE}=="filesystem"' \
    'ENV{ID_FS_TYPE}=="vfat|exfat|ext4"' 'ENV{SYSTEMD_WANTS}+="oogst-stick@%k.service"'; do
    grep -qF "$want" "$rule" || fail "$rule: no $want"
done
echo "udev rule: $how: ok"

# --- tmpfiles ------------------------------------------------------------------------------------
grep -qx 'd /run/oogst 0750 oogst oogst -' systemd/oogst.tmpfiles || fail "tmpfiles: /run/oogst"
grep -qx 'd /media/oogst 0755 root root -' systemd/oogst.tmpfiles || fail "tmpfiles: /media/oogst"
if [ "$(id -u)" = 0 ] && command -v systemd-tmpfiles >/dev/null 2>&1; then
    # in a root of its own, with the user the sysusers file makes
    mkdir -p "$work/root/etc/tmpfiles.d"
    cp systemd/oogst.tmpfiles "$work/root/etc/tmpfiles.d/oogst.conf"
    echo 'oogst:x:990:990::/var/lib/oogst:/usr/sbin/nologin' >"$work/root/etc/passwd"
    echo 'oogst:x:990:' >"$work/root/etc/group"
    out=$(systemd-tmpfiles --root="$work/root" --create 2>&1) || fail "systemd-tmpfiles: $out"
    [ -z "$out" ] || fail "systemd-tmpfiles: $out"
    [ "$(stat -c '%a %u %g' "$work/root/run/oogst")" = "750 990 990" ] || fail "tmpfiles: /run/oogst made wrong"
    [ "$(stat -c '%a %u %g' "$work/root/media/oogst")" = "755 0 0" ] || fail "tmpfiles: /media/oogst made wrong"
    echo "tmpfiles: made in a test root: ok"
fi

# --- the mount helper ------------------------------------------------------------------------------
head -n 1 "$helper" | grep -qx '#!/bin/sh' || fail "$helper: not #!/bin/sh"
[ -x "$helper" ] || fail "$helper: not executable"
sh -n "$helper" || fail "sh -n $helper"
if command -v dash >/dev/null 2>&1; then dash -n "$helper" || fail "dash -n $helper"; fi
if command -v shellcheck >/dev/null 2>&1; then
    shellcheck -s sh "$helper" || fail "shellcheck $helper"
    echo "mount helper: sh -n and shellcheck: ok"
else
    echo "mount helper: sh -n: ok (shellcheck not installed)"
fi

mp=$work/mnt
mkdir -p "$mp" "$work/dev"
me=$(id -un)
dry() {
    OOGST_STICK_DRY_RUN=1 OOGST_STICK_MOUNT_POINT=$mp OOGST_STICK_USER=$me "$@"
}
# A block device to name: one the machine has, else one made here (mknod needs root).
blk_dir=
blk=
for d in /dev/loop0 /dev/sda /dev/vda /dev/nvme0n1 /dev/mmcblk0 /dev/zram0 /dev/ram0; do
    if [ -b "$d" ] && [ ! -L "$d" ]; then
        blk_dir=/dev
        blk=${d#/dev/}
        break
    fi
done
if [ -z "$blk" ] && mknod "$work/dev/sdz1" b 7 200 2>/dev/null; then
    blk_dir=$work/dev
    blk=sdz1
fi

# Refused, with nothing mounted: not block devices, names that are not kernel names, other
# file systems.
printf x >"$work/dev/plain"
ln -s /dev/null "$work/dev/link"
for case in "$work/dev plain" "$work/dev missing" "$work/dev link" "/dev null" "/dev ../dev/null" \
    "/dev -o" "/dev sda/1" "/dev .." "/dev " "/dev a;b"; do
    d=${case%% *}
    name=${case#* }
    if out=$(OOGST_STICK_DEV_DIR=$d OOGST_STICK_FSTYPE=vfat dry sh "$helper" "$name" 2>&1); then
        fail "helper accepted '$d/$name': $out"
    fi
    case $out in *"mount -t"*) fail "helper would mount '$d/$name': $out" ;; esac
done
echo "mount helper: refuses non-block devices and bad names: ok"

if [ -z "$blk" ]; then
    echo "mount helper: no block device here and mknod not permitted: option checks SKIPPED"
    exit 0
fi
dev=$blk_dir/$blk
check_opts() { # FSTYPE KERNEL: prints the options the helper would mount with
    t=$1
    out=$(OOGST_STICK_DEV_DIR=$blk_dir OOGST_STICK_FSTYPE=$t OOGST_STICK_KERNEL=$2 dry sh "$helper" "$blk") ||
        fail "helper refused a $t stick on $dev: $out"
    # exactly one command: mount -t TYPE -o OPTIONS DEVICE MOUNT-POINT
    [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] || fail "helper printed more than the mount: $out"
    set -f
    # shellcheck disable=SC2086 # split the command into its words
    set -- $out
    set +f
    if [ $# -ne 7 ] || [ "$1 $2 $3 $4" != "mount -t $t -o" ] || [ "$6" != "$dev" ] || [ "$7" != "$mp" ]; then
        fail "unexpected mount command: $out"
    fi
    opts=,$5,
    for o in noexec nosuid nodev; do
        case $opts in *",$o,"*) ;; *) fail "$t: no $o in $5" ;; esac
    done
    for o in exec suid dev user users owner defaults; do
        case $opts in *",$o,"*) fail "$t: $o in $5" ;; esac
    done
    printf '%s\n' "$opts"
}
for fstype in vfat exfat ext4; do
    opts=$(check_opts "$fstype" 6.1.0-rpi7-rpi-v8)
    case $fstype in
    vfat | exfat)
        for o in "uid=$me" "gid=$me" umask=0077; do
            case $opts in *",$o,"*) ;; *) fail "$fstype: no $o in $opts" ;; esac
        done
        ;;
    ext4)
        case $opts in *,nosymfollow,*) ;; *) fail "ext4 on Linux 6.1: no nosymfollow in $opts" ;; esac
        old=$(check_opts ext4 5.4.83-v7l+)
        case $old in *nosymfollow*) fail "ext4 on Linux 5.4 (no nosymfollow there): $old" ;; esac
        new=$(check_opts ext4 5.10.0)
        case $new in *,nosymfollow,*) ;; *) fail "ext4 on Linux 5.10: no nosymfollow in $new" ;; esac
        ;;
    esac
    echo "mount helper: $fstype: $opts"
done
opts=$(check_opts vfat "$(uname -r)")
case $opts in *,flush,shortname=mixed,utf8,) ;; *) fail "vfat: not flush,shortname=mixed,utf8: $opts" ;; esac
for fstype in ntfs ntfs3 btrfs swap crypto_LUKS; do
    if out=$(OOGST_STICK_DEV_DIR=$blk_dir OOGST_STICK_FSTYPE=$fstype dry sh "$helper" "$blk" 2>&1); then
        fail "helper accepted file system '$fstype': $out"
    fi
    case $out in *"mount -t"*) fail "helper would mount '$fstype': $out" ;; esac
done
out=$(OOGST_STICK_DEV_DIR=$blk_dir dry sh "$helper" --unmount "$blk")
[ "$out" = "umount $mp" ] || fail "unmount: $out"
echo "mount helper: dry runs on $dev: ok"

# --- the clock helper: a time from the menu, and nothing else -------------------------------------
clock=systemd/oogst-set-clock
sh -n "$clock" || fail "sh -n $clock"
if command -v shellcheck >/dev/null 2>&1; then shellcheck -s sh "$clock" || fail "shellcheck $clock"; fi
grep -qx 'ExecStart=@LIBEXECDIR@/oogst-set-clock /run/oogst/clock' systemd/oogst-clock.service ||
    fail "clock unit: ExecStart"
grep -qx 'CapabilityBoundingSet=' systemd/oogst.service.in || fail "oogst.service: capabilities left"
mkdir -p "$work/timesync"
clock_dry() { # clock_dry CONTENT: runs the helper on a request holding CONTENT
    printf '%s' "$1" >"$work/clock"
    OOGST_CLOCK_DRY_RUN=1 OOGST_CLOCK_TIMESYNC="$work/timesync" "$clock" "$work/clock" 2>"$work/clock.err"
}
out=$(clock_dry "1795424400
") || fail "clock helper: a good request failed: $(cat "$work/clock.err")"
[ "$out" = "date -u -s @1795424400" ] || fail "clock helper: $out"
[ ! -e "$work/clock" ] || fail "clock helper: the request was not removed"
[ -e "$work/timesync/clock" ] || fail "clock helper: the time was not saved for the next boot"
for bad in "" "abc" "12; reboot" "-5" "1600000000" "4102444800" "99999999999999999999"; do
    if out=$(clock_dry "$bad"); then fail "clock helper: '$bad' taken: $out"; fi
    [ -z "$out" ] || fail "clock helper: '$bad' ran: $out"
    [ ! -e "$work/clock" ] || fail "clock helper: a refused request was left"
done
ln -s "$work/timesync/clock" "$work/clock"
if OOGST_CLOCK_DRY_RUN=1 "$clock" "$work/clock" 2>/dev/null; then fail "clock helper: a link taken"; fi
[ ! -L "$work/clock" ] || fail "clock helper: the link was left"
echo "clock helper: a good request, seven bad ones and a link: ok"

