/* usb.c — the stick's presence from /proc/self/mountinfo (see usb.h). The table is reread
 * whole on each check: it is a few kB, and a check only follows a change the kernel
 * signalled. A line of it (proc(5)):
 *
 *     36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 *     id parent dev root mount-point options [optional fields...] - type source super-options
 *
 * Paths carry space, tab, newline and backslash as \040 \011 \012 \134. */
#include "usb.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
    MAX_FIELDS = 32,              /* more than any kernel writes: such a line is skipped */
    MAX_TABLE = 16 * 1024 * 1024, /* a larger table is an error, not a reason to eat memory */
};

struct usb {
    int fd;
    char mount_point[1024 - sizeof("/Oogst")];
    char *buf; /* the table as last read */
    size_t cap;
    usb_state last;
};

usb *usb_open(const char *mountinfo_path, const char *mount_point, char *err, size_t errlen)
{
    size_t len = strlen(mount_point);
    while (len > 1 && mount_point[len - 1] == '/')
        len--;
    if (mount_point[0] != '/') {
        snprintf(err, errlen, "usb: %s: the mount point must be an absolute path", mount_point);
        return NULL;
    }
    usb *u = calloc(1, sizeof(*u));
    if (!u) {
        snprintf(err, errlen, "usb: out of memory");
        return NULL;
    }
    if (len >= sizeof(u->mount_point)) {
        snprintf(err, errlen, "usb: %s: the mount point is too long", mount_point);
        free(u);
        return NULL;
    }
    memcpy(u->mount_point, mount_point, len);
    u->mount_point[len] = '\0';
    u->fd = open(mountinfo_path, O_RDONLY | O_CLOEXEC);
    if (u->fd < 0) {
        snprintf(err, errlen, "usb: %s: %s", mountinfo_path, strerror(errno));
        free(u);
        return NULL;
    }
    return u;
}

void usb_close(usb *u)
{
    if (!u)
        return;
    (void)close(u->fd); /* read-only: nothing can be lost */
    free(u->buf);
    free(u);
}

int usb_fd(const usb *u)
{
    return u->fd;
}

/* Reads the whole table into u->buf, NUL-terminated. 0 / -1 with errno. */
static int read_table(usb *u)
{
    if (lseek(u->fd, 0, SEEK_SET) < 0)
        return -1;
    size_t len = 0;
    for (;;) {
        if (u->cap - len < 4096 + 1) {
            size_t cap = u->cap ? u->cap * 2 : 16384;
            if (cap > MAX_TABLE) {
                errno = EFBIG;
                return -1;
            }
            char *b = realloc(u->buf, cap);
            if (!b)
                return -1;
            u->buf = b;
            u->cap = cap;
        }
        ssize_t r = read(u->fd, u->buf + len, u->cap - len - 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        len += (size_t)r;
    }
    u->buf[len] = '\0';
    return 0;
}

static int octal(char c)
{
    return c >= '0' && c <= '7' ? c - '0' : -1;
}

/* Undoes the \ooo escapes of s in place. A backslash not followed by three octal digits
 * is kept as it is. */
static void unescape(char *s)
{
    char *d = s;
    while (*s) {
        if (s[0] == '\\' && octal(s[1]) >= 0 && octal(s[2]) >= 0 && octal(s[3]) >= 0) {
            int v = octal(s[1]) * 64 + octal(s[2]) * 8 + octal(s[3]);
            if (v > 0 && v < 256) {
                *d++ = (char)v;
                s += 4;
                continue;
            }
        }
        *d++ = *s++;
    }
    *d = '\0';
}

/* Whether the comma-separated list opts holds exactly the option name. */
static bool has_option(const char *opts, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = opts; p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == n && memcmp(p, name, n) == 0)
            return true;
        p = comma ? comma + 1 : NULL;
    }
    return false;
}

/* Splits one line (modified in place) into its fields and, when its mount point is u's,
 * fills st. true when it matched. Malformed lines match nothing. */
static bool parse_line(const usb *u, char *line, usb_state *st)
{
    char *f[MAX_FIELDS];
    size_t n = 0;
    for (char *save = NULL, *t = strtok_r(line, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
        if (n == MAX_FIELDS)
            return false;
        f[n++] = t;
    }
    /* id parent dev root mount-point options [optional...] - type source super-options */
    size_t sep = 6;
    while (sep < n && strcmp(f[sep], "-") != 0)
        sep++;
    if (n < sep + 4) /* no separator, or nothing after it */
        return false;
    unescape(f[4]);
    if (strcmp(f[4], u->mount_point) != 0)
        return false;
    /* A stick is mounted whole (root "/"). A folder bound there is not one: e.g. the
     * service's own ReadWritePaths=/media/oogst would show the root file system's folder. */
    if (strcmp(f[3], "/") != 0)
        return false;
    unescape(f[sep + 1]);
    unescape(f[sep + 2]);
    memset(st, 0, sizeof(*st));
    st->present = true;
    st->read_only = has_option(f[5], "ro") || has_option(f[sep + 3], "ro");
    snprintf(st->fs_type, sizeof(st->fs_type), "%s", f[sep + 1]);
    snprintf(st->source, sizeof(st->source), "%s", f[sep + 2]);
    /* ext4 keeps its own owners: the mount helper made Oogst/ ours, the root is not */
    bool ext4 = strcmp(f[sep + 1], "ext4") == 0;
    snprintf(st->dir, sizeof(st->dir), "%s%s", u->mount_point, ext4 ? "/Oogst" : "");
    return true;
}

static bool same_state(const usb_state *a, const usb_state *b)
{
    return a->present == b->present && a->read_only == b->read_only && strcmp(a->fs_type, b->fs_type) == 0 &&
           strcmp(a->source, b->source) == 0 && strcmp(a->dir, b->dir) == 0;
}

int usb_check(usb *u, usb_state *out)
{
    if (read_table(u) != 0) {
        int saved = errno;
        *out = u->last;
        errno = saved;
        return -1;
    }
    usb_state st;
    memset(&st, 0, sizeof(st));
    for (char *save = NULL, *line = strtok_r(u->buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        usb_state found;
        if (parse_line(u, line, &found))
            st = found; /* later lines are mounted on top of earlier ones */
    }
    int changed = !same_state(&st, &u->last);
    u->last = st;
    *out = st;
    return changed;
}

int usb_request_eject(const char *request_path, char *err, size_t errlen)
{
    int fd = open(request_path, O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC, 0640);
    if (fd >= 0) {
        /* empty, and on tmpfs: there is nothing close could fail to write */
        (void)close(fd);
        return 0;
    }
    if (errno != EEXIST) {
        snprintf(err, errlen, "usb: %s: %s", request_path, strerror(errno));
        return -1;
    }
    /* O_EXCL also fails on a symlink, wherever it points: only a pending request is fine */
    struct stat sb;
    if (lstat(request_path, &sb) != 0) {
        snprintf(err, errlen, "usb: %s: %s", request_path, strerror(errno));
        return -1;
    }
    if (!S_ISREG(sb.st_mode)) {
        snprintf(err, errlen, "usb: %s: exists and is not a regular file", request_path);
        errno = EEXIST;
        return -1;
    }
    return 0;
}
