# export_faults.sh — `oogst --export` to sticks that fail, on real file systems: a tmpfs
# smaller than the export and a full one (ENOSPC) in a private mount namespace, the same
# remounted read-only (EROFS), a read-only folder (only when not root: root writes through
# modes), and FAT through fusefat (an export, a full image, a full root folder: FAT's limit
# on long names). Every failure must exit 1 with a clear message, leave nothing on the stick
# (no Oogst-* folder, no hidden temporary one), leave the log byte for byte as it was, and
# the next export, with room again, must work. Parts that cannot run here say "skip:" and
# why; the script fails only when something that ran failed.
set -eu
# OOGST_BIN, OOGST_RUN: another program and a command before it (tests/run-all.sh). By
# default the sanitizer build, so a leak or overflow on an error path fails the check too.
O=${OOGST_BIN:-$B/san/oogst}
[ -x "$O" ] || O=$B/oogst
run=${OOGST_RUN:-}
export O run LC_ALL=C

# The export's eight files.
FILES="resultaten.xlsx antwoorden.csv samenvatting.csv responses.csv rapport.html oogst.db LEESMIJ.txt README.txt"
# The words of why() in src/export/export.c, English or Dutch.
FULL='stick is (full|vol)'
READ_ONLY='stick cannot be written|niet op de stick geschreven'
NAME='does not take this file name|accepteert deze bestandsnaam niet'

fail() {
    echo "FAIL: $*"
    exit 1
}

# The log as it was before any export: the database and the list of files beside it.
db_unchanged() {
    cmp -s "$work/data/oogst.db" "$work/db.orig" || fail "$1: the database changed"
    [ "$(ls -A "$work/data")" = "$(cat "$work/data.list")" ] || fail "$1: the data folder changed: $(ls -A "$work/data")"
}

# expect_fail WHAT DIR PATTERN: the export into DIR fails with a message matching
# PATTERN (extended regex) and leaves DIR as it was.
expect_fail() {
    before=$(ls -A "$2")
    rc=0
    $run "$O" --export "$2" --data-dir "$work/data" >"$work/out" 2>"$work/err" || rc=$?
    msg=$(grep '^oogst: ' "$work/err" | tail -n 1)
    [ "$rc" -eq 1 ] || fail "$1: exit status $rc, not 1 (stdout: $(cat "$work/out"); stderr: $(cat "$work/err"))"
    [ ! -s "$work/out" ] || fail "$1: a folder was reported: $(cat "$work/out")"
    echo "$msg" | grep -Eq "$3" || fail "$1: the message does not say /$3/: $msg"
    [ "$(ls -A "$2")" = "$before" ] || fail "$1: left on the stick: $(ls -A "$2" | tr '\n' ' ') ($msg) [$(ls -A "$2"/.Oogst-tmp-* 2>&1 | tr '\n' ' ')]"
    db_unchanged "$1"
    echo "ok: $1 -> $msg"
}

# expect_ok WHAT DIR: the export into DIR works and its folder holds the eight files.
expect_ok() {
    rc=0
    $run "$O" --export "$2" --data-dir "$work/data" >"$work/out" 2>"$work/err" || rc=$?
    [ "$rc" -eq 0 ] || fail "$1: the export failed ($rc): $(cat "$work/err")"
    folder=$(cat "$work/out")
    case $folder in
    "$2/Oogst-"*) ;;
    *) fail "$1: unexpected folder: $folder" ;;
    esac
    for f in $FILES; do
        if [ -L "$folder/$f" ] || [ ! -f "$folder/$f" ] || [ ! -s "$folder/$f" ]; then
            fail "$1: $folder/$f missing, empty or not a regular file"
        fi
    done
    [ "$(ls -A "$folder" | wc -l)" -eq 8 ] || fail "$1: not eight files in $folder: $(ls -A "$folder" | tr '\n' ' ')"
    db_unchanged "$1"
    echo "ok: $1 -> $(basename "$folder")"
}

# fill DIR ROOM_K: a file "filler" takes every free block of DIR but ROOM_K KiB.
fill() {
    rm -f "$1/filler"
    dd if=/dev/zero of="$1/filler" bs=4096 2>/dev/null || true
    [ "$2" -eq 0 ] || truncate -s "-${2}K" "$1/filler"
}

# ---- inside a private mount namespace (root, or root of a user namespace) --------------------
if [ "${1:-}" = --in-namespace ]; then
    work=$2
    t=$work/tmpfs
    mkdir "$t"

    # How big is the export? Measured on a roomy tmpfs.
    mount -t tmpfs -o size=4m tmpfs "$t"
    expect_ok "measure on a roomy tmpfs" "$t"
    size_k=$(du -sk "$folder" | cut -f1)
    umount "$t"
    echo "the export takes ${size_k} KiB"

    # A stick smaller than the export, then a bigger one.
    small=$((size_k / 2))
    mount -t tmpfs -o "size=${small}k" tmpfs "$t"
    expect_fail "ENOSPC: a ${small} KiB tmpfs, smaller than the export" "$t" "$FULL"
    mount -o remount,size=1m tmpfs "$t"
    expect_ok "the same tmpfs grown to 1 MiB" "$t"
    rm -rf "$t"/Oogst-*

    # A full stick: the export runs out of room at every stage (each file, the copy of the
    # log, the workbook), then the filler goes and the export fits.
    room=0
    while [ "$room" -le $((size_k - 16)) ]; do
        fill "$t" "$room"
        expect_fail "ENOSPC: ${room} KiB free" "$t" "$FULL"
        case $room in
        0) room=4 ;;
        *) room=$((room + 8)) ;;
        esac
    done
    rm -f "$t/filler"
    expect_ok "ENOSPC: room again, the next export" "$t"

    # A read-only stick, then the same writable again.
    mount -o remount,ro tmpfs "$t"
    expect_fail "EROFS: the tmpfs remounted read-only" "$t" "$READ_ONLY"
    mount -o remount,rw tmpfs "$t"
    expect_ok "EROFS: remounted read-write, the next export" "$t"
    umount "$t"
    exit 0
fi

work=$(mktemp -d)
fat_mnt=""
fat_pid=""
cleanup() {
    if [ -n "$fat_mnt" ] && grep -q " $fat_mnt " /proc/mounts; then
        fusermount -u "$fat_mnt" 2>/dev/null || umount "$fat_mnt" 2>/dev/null || true
    fi
    [ -z "$fat_pid" ] || wait "$fat_pid" 2>/dev/null || true
    chmod -R u+rwx "$work" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
export TZ=Europe/Amsterdam

# A log of three sessions (the Dutch demo, replayed three times), closed cleanly: the
# database is one file, the reference copy is taken now.
for start in 1795424400 1795431600 1795438800; do
    $run "$O" --replay tests/replay/demo.events --script content/nl/demo.yaml --data-dir "$work/data" \
        --wall-start "$start" >/dev/null
done
cp "$work/data/oogst.db" "$work/db.orig"
ls -A "$work/data" >"$work/data.list"

# ---- tmpfs: ENOSPC and EROFS ---------------------------------------------------------------------
# ns_works CMD: a tmpfs can be mounted in the namespace CMD makes.
ns_works() {
    mkdir -p "$work/probe"
    # shellcheck disable=SC2016 # $1 is the inner shell's
    $1 sh -c 'mount -t tmpfs -o size=64k tmpfs "$1" && umount "$1"' sh "$work/probe" 2>/dev/null
}
ns=""
if [ "$(id -u)" -eq 0 ] && ns_works "unshare -m"; then
    ns="unshare -m"
elif ns_works "unshare -rm"; then
    ns="unshare -rm"
fi
rmdir "$work/probe"
if [ -n "$ns" ]; then
    echo "== tmpfs in a private mount namespace ($ns)"
    $ns sh "$0" --in-namespace "$work" || fail "the tmpfs part failed (above)"
else
    echo "skip: ENOSPC and EROFS on a tmpfs: no private mount namespace here (not root, and unshare -rm is refused)"
fi

# ---- a read-only folder ------------------------------------------------------------------------
echo "== a read-only folder"
if [ "$(id -u)" -eq 0 ]; then
    echo "skip: a folder of mode 0555 stops nothing as root (root writes through file modes); the read-only file system (EROFS) above is that case"
else
    mkdir "$work/ro"
    chmod 0555 "$work/ro"
    expect_fail "a folder of mode 0555" "$work/ro" "$READ_ONLY"
    chmod 0755 "$work/ro"
    expect_ok "the folder writable again, the next export" "$work/ro"
fi

# ---- FAT, through fusefat ------------------------------------------------------------------------
echo "== FAT (fusefat)"
fat_why=""
for tool in fusefat mkfs.vfat; do
    command -v "$tool" >/dev/null 2>&1 || fat_why="$fat_why no $tool (Debian: fusefat, dosfstools);"
done
[ -c /dev/fuse ] || fat_why="$fat_why no /dev/fuse;"
fat_mnt=$work/fat
mkdir "$fat_mnt"

# mount_fat IMAGE: mounts IMAGE on $fat_mnt read-write; 1 when it cannot be. In the
# foreground, so that unmount_fat can wait until it has written everything.
mount_fat() {
    fusefat -f -s -o rw+ "$1" "$fat_mnt" >/dev/null 2>&1 &
    fat_pid=$!
    n=0
    while ! grep -q " $fat_mnt " /proc/mounts; do
        kill -0 "$fat_pid" 2>/dev/null && [ "$n" -lt 100 ] || return 1
        sleep 0.05
        n=$((n + 1))
    done
}
# unmount_fat IMAGE [lenient]: unmounts, and the image must be a clean FAT (when fsck.fat is
# here). lenient: a damaged image is only reported. fusefat itself sometimes damages a FAT
# it ran out of room on (seen here: FAT entry 0 overwritten with a cluster number, which no
# system call can ask for), so after the full-stick runs that says nothing about the export.
unmount_fat() {
    fusermount -u "$fat_mnt" 2>/dev/null || umount "$fat_mnt"
    wait "$fat_pid" || true
    fat_pid=""
    if command -v fsck.fat >/dev/null 2>&1 && ! fsck.fat -n "$1" >"$work/fsck" 2>&1; then
        [ "${2:-}" = lenient ] || fail "the FAT image is damaged: $(cat "$work/fsck")"
        echo "note: fsck.fat finds the image damaged after fusefat ran out of room (fusefat's own defect): $(head -n 1 "$work/fsck")"
    fi
}
if [ -z "$fat_why" ]; then
    truncate -s 4M "$work/fat.img"
    mkfs.vfat "$work/fat.img" >/dev/null
    mount_fat "$work/fat.img" || fat_why=" fusefat cannot mount here;"
fi
if [ -n "$fat_why" ]; then
    echo "skip: FAT:$fat_why the FAT checks did not run"
    exit 0
fi

# fusefat (2.x) cannot extend a file after writing inside it (EPERM), which the workbook's zip
# writer does: no export can arrive whole on it, on a real FAT stick it does. Then only the
# failures are checked, and that they are clean.
fat_quirk=0
if ! { head -c 419 /dev/zero >"$fat_mnt/probe" &&
    printf 'xxxxxxxxxxxx' | dd of="$fat_mnt/probe" bs=1 seek=14 conv=notrunc status=none &&
    head -c 274 /dev/zero >>"$fat_mnt/probe"; } 2>/dev/null; then
    fat_quirk=1
fi
rm -f "$fat_mnt/probe"

if [ "$fat_quirk" -eq 0 ]; then
    expect_ok "FAT: an export" "$fat_mnt"
    expect_ok "FAT: a second export in the same minute" "$fat_mnt"
    rm -rf "$fat_mnt"/Oogst-*
else
    echo "skip: FAT: this fusefat cannot extend a file after writing inside it (EPERM), as the workbook needs: no export arrives whole on fusefat (the kernel's vfat driver allows such writes; this kernel cannot mount FAT). Checking that the failure is clean instead."
    expect_fail "FAT: an export on fusefat" "$fat_mnt" "$READ_ONLY|$FULL"
fi
unmount_fat "$work/fat.img"

# A full FAT stick, with no room and with some: fusefat says EPERM where a real FAT says
# ENOSPC; either message will do. (fusefat cannot shorten a file: each filler is written anew.)
mount_fat "$work/fat.img" || fail "fusefat: cannot mount the image again"
dd if=/dev/zero of="$fat_mnt/filler" bs=4096 2>/dev/null || true
all=$(wc -c <"$fat_mnt/filler")
for room in 0 8 32 96; do
    rm -f "$fat_mnt/filler"
    head -c $((all - room * 1024)) /dev/zero >"$fat_mnt/filler"
    expect_fail "FAT: a full stick, ${room} KiB free" "$fat_mnt" "$FULL|$READ_ONLY"
done
rm -f "$fat_mnt/filler"
if [ "$fat_quirk" -eq 0 ]; then
    expect_ok "FAT: room again, the next export" "$fat_mnt"
fi
unmount_fat "$work/fat.img" lenient

# FAT's name limit: a long name takes one directory entry for every 13 characters and FAT12's
# root folder has a fixed number of them. Filled up, no long name fits in it any more.
truncate -s 1M "$work/root.img"
mkfs.vfat -r 16 "$work/root.img" >/dev/null
mount_fat "$work/root.img" || fail "fusefat: cannot mount the small image"
i=0
while [ "$i" -lt 64 ] && touch "$fat_mnt/F$i.TXT" 2>/dev/null; do
    i=$((i + 1))
done
[ "$i" -lt 64 ] || fail "FAT: the root folder never filled up"
expect_fail "FAT: the root folder full after $i files (no room for a long name)" "$fat_mnt" "$FULL|$READ_ONLY|$NAME"
rm -f "$fat_mnt"/F*.TXT
if [ "$fat_quirk" -eq 0 ]; then
    expect_ok "FAT: room in the root folder again, the next export" "$fat_mnt"
else
    echo "skip: FAT: the export after the full root folder cannot be shown on this fusefat (see above)"
fi
unmount_fat "$work/root.img"
