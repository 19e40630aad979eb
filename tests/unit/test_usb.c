/* test_usb.c — the stick watch (usb/usb.h): a mount table written to a temporary file in
 * /proc/self/mountinfo's format (lines shaped like this machine's), changed between
 * checks; the eject request and what it must not follow; and the real table's fd in the
 * loop (app/loop.h, LOOP_FD_MOUNTS): quiet while nothing changes, LOOP_READY once when a
 * tmpfs is mounted in a private namespace (skipped where unshare is not permitted). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/loop.h"
#include "usb/usb.h"

/* The first lines of a Debian 12 machine's /proc/self/mountinfo. */
#define BASE                                                                                                 \
    "22 27 0:21 / /proc rw,relatime - proc proc rw\n"                                                        \
    "23 27 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw\n"                          \
    "27 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n"                                               \
    "24 27 0:6 / /dev rw,relatime shared:2 - devtmpfs devtmpfs rw,size=12334460k,mode=755\n"

/* What oogst-stick-mount leaves for a FAT stick. */
#define VFAT_LINE                                                                                            \
    "98 27 8:1 / /media/oogst rw,nosuid,nodev,noexec,relatime shared:60 - vfat /dev/sda1 "                   \
    "rw,fmask=0077,dmask=0077,codepage=437,iocharset=ascii,shortname=mixed,utf8,flush,errors=remount-ro\n"

typedef struct fx {
    char dir[64];
    char table[128];
    usb *u;
} fx;

static void write_table(const fx *f, const char *text)
{
    /* in place, as the kernel's table is the same open file: usb keeps its fd */
    FILE *fp = fopen(f->table, "w");
    assert_non_null(fp);
    assert_int_equal(fputs(text, fp) >= 0, 1);
    assert_int_equal(fclose(fp), 0);
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof(*f));
    if (!f)
        return -1;
    snprintf(f->dir, sizeof(f->dir), "/tmp/oogst-usb-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->table, sizeof(f->table), "%s/mountinfo", f->dir);
    write_table(f, BASE);
    char err[256];
    f->u = usb_open(f->table, "/media/oogst", err, sizeof(err));
    if (!f->u) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    usb_close(f->u);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
    int rc = system(cmd);
    free(f);
    return rc == 0 ? 0 : -1;
}

/* No stick: absent, and "no change" from the state before the first check. */
static void test_absent(void **state)
{
    fx *f = *state;
    usb_state st;
    memset(&st, 0x5a, sizeof(st));
    assert_int_equal(usb_check(f->u, &st), 0);
    assert_false(st.present);
    assert_false(st.read_only);
    assert_string_equal(st.fs_type, "");
    assert_string_equal(st.dir, "");
}

/* A FAT stick appears, stays (no change), goes. */
static void test_present_then_gone(void **state)
{
    fx *f = *state;
    usb_state st;
    write_table(f, BASE VFAT_LINE);
    assert_int_equal(usb_check(f->u, &st), 1);
    assert_true(st.present);
    assert_false(st.read_only);
    assert_string_equal(st.fs_type, "vfat");
    assert_string_equal(st.source, "/dev/sda1");
    assert_string_equal(st.dir, "/media/oogst");
    assert_int_equal(usb_check(f->u, &st), 0);
    assert_int_equal(usb_check(f->u, &st), 0);
    assert_true(st.present);
    /* another mount coming or going elsewhere is no change of ours */
    write_table(f, VFAT_LINE BASE "99 27 0:40 / /tmp rw - tmpfs tmpfs rw\n");
    assert_int_equal(usb_check(f->u, &st), 0);
    assert_true(st.present);
    write_table(f, BASE);
    assert_int_equal(usb_check(f->u, &st), 1);
    assert_false(st.present);
    assert_string_equal(st.fs_type, "");
    assert_string_equal(st.source, "");
    assert_string_equal(st.dir, "");
    assert_int_equal(usb_check(f->u, &st), 0);
}

/* Read-only from the mount's own options, or from the super block's only. */
static void test_read_only(void **state)
{
    fx *f = *state;
    usb_state st;
    write_table(f,
                BASE "98 27 8:1 / /media/oogst ro,nosuid,nodev,noexec,relatime - vfat /dev/sda1 rw,flush\n");
    assert_int_equal(usb_check(f->u, &st), 1);
    assert_true(st.present);
    assert_true(st.read_only);
    write_table(f, BASE "98 27 8:1 / /media/oogst rw,nosuid,nodev,noexec - exfat /dev/sda1 ro,uid=999\n");
    assert_int_equal(usb_check(f->u, &st), 1);
    assert_true(st.read_only);
    assert_string_equal(st.fs_type, "exfat");
    /* "ro" only as a whole option: errors=remount-ro and a value "ro" are not it */
    write_table(f, BASE "98 27 8:1 / /media/oogst rw,noexec - ext4 /dev/sdb rw,errors=remount-ro,x=ro\n");
    assert_int_equal(usb_check(f->u, &st), 1);
    assert_false(st.read_only);
}

/* ext4 keeps its owners: the export goes to the Oogst/ folder the mount helper made ours. */
static void test_ext4_dir(void **state)
{
    fx *f = *state;
    usb_state st;
    write_table(f, BASE "98 27 8:17 / /media/oogst rw,nosuid,nodev,noexec,relatime,nosymfollow shared:60 "
                        "- ext4 /dev/sdb1 rw\n");
    assert_int_equal(usb_check(f->u, &st), 1);
    assert_string_equal(st.fs_type, "ext4");
    assert_string_equal(st.source, "/dev/sdb1");
    assert_string_equal(st.dir, "/media/oogst/Oogst");
    /* the same stick as FAT would be another state */
    write_table(f, BASE VFAT_LINE);
    assert_int_equal(usb_check(f->u, &st), 1);
    assert_string_equal(st.dir, "/media/oogst");
}

/* Mount points that only look like ours. */
static void test_look_alikes(void **state)
{
    fx *f = *state;
    usb_state st;
    write_table(f, BASE "98 27 8:1 / /media/oogst2 rw,noexec - vfat /dev/sda1 rw\n"
                        "99 27 8:2 / /media/oogst/sub rw,noexec - vfat /dev/sda2 rw\n"
                        "100 27 8:3 / /media rw,noexec - vfat /dev/sda3 rw\n"
                        "101 27 8:4 /media/oogst /mnt rw,noexec - vfat /dev/sda4 rw\n"
                        "102 27 8:5 / /media/oogst\\040 rw,noexec - vfat /dev/sda5 rw\n"
                        "103 27 8:6 / /MEDIA/OOGST rw,noexec - vfat /dev/sda6 rw\n"
                        "104 27 8:7 / /media//oogst rw,noexec - vfat /dev/sda7 rw\n"
                        /* the root file system's folder bound onto itself (ReadWritePaths=) */
                        "105 27 254:0 /media/oogst /media/oogst rw,relatime - ext4 /dev/vda rw\n");
    assert_int_equal(usb_check(f->u, &st), 0);
    assert_false(st.present);
}

/* Octal escapes: a space, a tab and a backslash in the mount point and the source. */
static void test_escapes(void **state)
{
    fx *f = *state;
    char err[256];
    usb *u = usb_open(f->table, "/media/my stick\t\\x/", err, sizeof(err)); /* trailing '/' ignored */
    assert_non_null(u);
    usb_state st;
    write_table(f, BASE "98 27 8:1 / /media/my\\040stick\\011\\134x rw,noexec master:3 - vfat "
                        "/dev/disk/by-label/MY\\040STICK rw\n");
    assert_int_equal(usb_check(u, &st), 1);
    assert_true(st.present);
    assert_string_equal(st.source, "/dev/disk/by-label/MY STICK");
    assert_string_equal(st.dir, "/media/my stick\t\\x");
    /* the escaped text itself is not the path */
    write_table(f, BASE "98 27 8:1 / /media/my\\134040stick\\011\\134x rw - vfat /dev/sda1 rw\n");
    assert_int_equal(usb_check(u, &st), 1);
    assert_false(st.present);
    usb_close(u);
}

/* Optional fields (none, several), stacked mounts (the top one counts), broken lines. */
static void test_fields_and_stacking(void **state)
{
    fx *f = *state;
    usb_state st;
    write_table(f, BASE "98 27 8:1 / /media/oogst rw shared:60 master:4 propagate_from:2 unbindable - "
                        "vfat /dev/sda1 rw\n"
                        "120 98 8:17 / /media/oogst rw,noexec - exfat /dev/sdb1 ro\n");
    assert_int_equal(usb_check(f->u, &st), 1);
    assert_string_equal(st.fs_type, "exfat");
    assert_string_equal(st.source, "/dev/sdb1");
    assert_true(st.read_only);
    /* no separator, a separator with nothing after it, too few fields: skipped */
    write_table(f, BASE "98 27 8:1 / /media/oogst rw vfat /dev/sda1 rw\n"
                        "99 27 8:1 / /media/oogst rw -\n"
                        "100 27 8:1 / /media/oogst\n"
                        "\n");
    assert_int_equal(usb_check(f->u, &st), 1);
    assert_false(st.present);
    /* a long type and source are cut, not overrun */
    write_table(f, BASE
                "98 27 0:50 / /media/oogst rw - fuse.averyveryverylongtypename "
                "/dev/disk/by-id/usb-"
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-part1 rw\n");
    assert_int_equal(usb_check(f->u, &st), 1);
    assert_true(st.present);
    assert_int_equal(strlen(st.fs_type), sizeof(st.fs_type) - 1);
    assert_int_equal(strlen(st.source), sizeof(st.source) - 1);
}

static void test_open_errors(void **state)
{
    fx *f = *state;
    char err[256] = "";
    assert_null(usb_open("/nonexistent/mountinfo", "/media/oogst", err, sizeof(err)));
    assert_non_null(strstr(err, "/nonexistent/mountinfo"));
    err[0] = '\0';
    assert_null(usb_open(f->table, "media/oogst", err, sizeof(err)));
    assert_non_null(strstr(err, "absolute"));
    usb_close(NULL);
}

/* The request is made once; a second is fine; the file is a plain 0640 file. */
static void test_eject_request(void **state)
{
    fx *f = *state;
    char path[160], err[256];
    struct stat sb;
    snprintf(path, sizeof(path), "%s/eject", f->dir);
    mode_t old = umask(0);
    assert_int_equal(usb_request_eject(path, err, sizeof(err)), 0);
    umask(old);
    assert_int_equal(lstat(path, &sb), 0);
    assert_true(S_ISREG(sb.st_mode));
    assert_int_equal(sb.st_mode & 07777, 0640);
    assert_int_equal(sb.st_size, 0);
    assert_int_equal(usb_request_eject(path, err, sizeof(err)), 0);
    assert_int_equal(lstat(path, &sb), 0);
    assert_true(S_ISREG(sb.st_mode));
    /* a folder where the request goes, or a missing parent: errors with the path */
    assert_int_equal(unlink(path), 0);
    assert_int_equal(mkdir(path, 0700), 0);
    assert_int_equal(usb_request_eject(path, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "not a regular file"));
    assert_int_equal(rmdir(path), 0);
    snprintf(path, sizeof(path), "%s/none/eject", f->dir);
    assert_int_equal(usb_request_eject(path, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "none/eject"));
}

/* A symlink planted at the request path is not followed: not to a file that exists (left
 * as it was), not to one that does not (not created). */
static void test_eject_symlink(void **state)
{
    fx *f = *state;
    char path[160], target[160], missing[160], err[256];
    snprintf(path, sizeof(path), "%s/eject", f->dir);
    snprintf(target, sizeof(target), "%s/precious", f->dir);
    snprintf(missing, sizeof(missing), "%s/created-through-link", f->dir);
    FILE *fp = fopen(target, "w");
    assert_non_null(fp);
    fputs("keep me", fp);
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(chmod(target, 0600), 0);

    assert_int_equal(symlink(target, path), 0);
    err[0] = '\0';
    assert_int_equal(usb_request_eject(path, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "not a regular file"));
    struct stat sb;
    assert_int_equal(stat(target, &sb), 0);
    assert_int_equal(sb.st_size, 7);
    assert_int_equal(sb.st_mode & 07777, 0600);
    char buf[16] = "";
    fp = fopen(target, "r");
    assert_non_null(fp);
    assert_non_null(fgets(buf, sizeof(buf), fp));
    fclose(fp);
    assert_string_equal(buf, "keep me");
    assert_int_equal(lstat(path, &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));

    assert_int_equal(unlink(path), 0);
    assert_int_equal(symlink(missing, path), 0);
    assert_int_equal(usb_request_eject(path, err, sizeof(err)), -1);
    assert_int_equal(access(missing, F_OK), -1);
    assert_int_equal(errno, ENOENT);
}

/* The real table in the loop: nothing changes, so the loop sleeps to its deadline. */
static void test_live_fd_quiet(void **state)
{
    fx *f = *state;
    char err[256];
    usb *u = usb_open("/proc/self/mountinfo", f->dir, err, sizeof(err));
    assert_non_null(u);
    loop *l = loop_new(err, sizeof(err));
    assert_non_null(l);
    assert_int_equal(loop_add_fd(l, usb_fd(u), LOOP_FD_MOUNTS), 0);
    usb_state st;
    assert_int_equal(usb_check(u, &st), 0);
    assert_false(st.present);
    for (int i = 0; i < 3; i++) {
        int64_t t0 = loop_now_ms();
        assert_int_equal(loop_wait(l, t0 + 50), LOOP_TIMER);
        assert_true(loop_now_ms() - t0 >= 50);
        assert_int_equal(loop_fd_revents(l, usb_fd(u)), 0);
    }
    loop_stats s = loop_get_stats(l);
    assert_int_equal(s.waits, 3);
    assert_int_equal(s.ready, 0);
    loop_free(l);
    usb_close(u);
}

/* The child's steps, each a distinct exit status so a failure says which. */
enum {
    LIVE_OK = 0,
    LIVE_SKIP = 77,
    LIVE_MAPS = 10,
    LIVE_OPEN,
    LIVE_QUIET_BEFORE,
    LIVE_MOUNT,
    LIVE_NOT_READY,
    LIVE_NOT_PRESENT,
    LIVE_SPINS,
    LIVE_UMOUNT,
    LIVE_NOT_READY_AGAIN,
    LIVE_NOT_GONE,
    LIVE_OTHER_CHANGE,
};

static int write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = write(fd, text, strlen(text));
    int rc = close(fd);
    return n == (ssize_t)strlen(text) && rc == 0 ? 0 : -1;
}

/* In a new user and mount namespace (the child's own, so no mount reaches the machine):
 * a tmpfs mounted at dir is reported once, and the loop does not spin on it. */
static int live_child(const char *dir)
{
    uid_t uid = getuid();
    gid_t gid = getgid();
    if (unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0)
        return LIVE_SKIP;
    char map[64];
    snprintf(map, sizeof(map), "0 %u 1", (unsigned)uid);
    if (write_file("/proc/self/uid_map", map) != 0)
        return LIVE_MAPS;
    if (write_file("/proc/self/setgroups", "deny") != 0)
        return LIVE_MAPS;
    snprintf(map, sizeof(map), "0 %u 1", (unsigned)gid);
    if (write_file("/proc/self/gid_map", map) != 0)
        return LIVE_MAPS;
    /* nothing we do here may propagate anywhere */
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
        return LIVE_MOUNT;

    char err[256];
    usb *u = usb_open("/proc/self/mountinfo", dir, err, sizeof(err));
    loop *l = loop_new(err, sizeof(err));
    if (!u || !l || loop_add_fd(l, usb_fd(u), LOOP_FD_MOUNTS) != 0)
        return LIVE_OPEN;
    usb_state st;
    /* the remount above may have been signalled already: take it, then quiet */
    if (loop_wait(l, loop_now_ms()) < 0 || usb_check(u, &st) != 0 || st.present)
        return LIVE_QUIET_BEFORE;
    if (loop_wait(l, loop_now_ms() + 50) != LOOP_TIMER)
        return LIVE_QUIET_BEFORE;

    if (mount("oogst-test", dir, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=64k") != 0)
        return LIVE_MOUNT;
    int r = loop_wait(l, loop_now_ms() + 2000);
    if (r != LOOP_READY || !(loop_fd_revents(l, usb_fd(u)) & POLLPRI))
        return LIVE_NOT_READY;
    /* not read yet: the kernel signalled the change once, the loop sleeps on */
    if (loop_wait(l, loop_now_ms() + 50) != LOOP_TIMER)
        return LIVE_SPINS;
    if (usb_check(u, &st) != 1 || !st.present || strcmp(st.fs_type, "tmpfs") != 0 ||
        strcmp(st.source, "oogst-test") != 0 || strcmp(st.dir, dir) != 0 || st.read_only)
        return LIVE_NOT_PRESENT;
    if (loop_wait(l, loop_now_ms() + 50) != LOOP_TIMER)
        return LIVE_SPINS;

    /* read-only: a change of the same mount is a change too */
    if (mount(NULL, dir, NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0)
        return LIVE_MOUNT;
    if (loop_wait(l, loop_now_ms() + 2000) != LOOP_READY || usb_check(u, &st) != 1 || !st.read_only)
        return LIVE_OTHER_CHANGE;

    if (umount(dir) != 0)
        return LIVE_UMOUNT;
    if (loop_wait(l, loop_now_ms() + 2000) != LOOP_READY)
        return LIVE_NOT_READY_AGAIN;
    if (usb_check(u, &st) != 1 || st.present)
        return LIVE_NOT_GONE;
    if (loop_wait(l, loop_now_ms() + 50) != LOOP_TIMER)
        return LIVE_SPINS;
    loop_free(l);
    usb_close(u);
    return LIVE_OK;
}

static void test_live_mount_in_namespace(void **state)
{
    fx *f = *state;
    char dir[128];
    snprintf(dir, sizeof(dir), "%s/media", f->dir);
    assert_int_equal(mkdir(dir, 0755), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        _exit(live_child(dir));
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    if (WEXITSTATUS(status) == LIVE_SKIP) {
        skip(); /* unshare(CLONE_NEWUSER|CLONE_NEWNS) is not permitted here */
        return;
    }
    if (WEXITSTATUS(status) != LIVE_OK)
        fail_msg("the namespace child failed at step %d (see enum in test_usb.c)", WEXITSTATUS(status));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_absent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_present_then_gone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ext4_dir, setup, teardown),
        cmocka_unit_test_setup_teardown(test_look_alikes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_escapes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fields_and_stacking, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_eject_request, setup, teardown),
        cmocka_unit_test_setup_teardown(test_eject_symlink, setup, teardown),
        cmocka_unit_test_setup_teardown(test_live_fd_quiet, setup, teardown),
        cmocka_unit_test_setup_teardown(test_live_mount_in_namespace, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
