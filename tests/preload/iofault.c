/* iofault.c — an LD_PRELOAD library for the torture test (tests/tools/torture.c): it
 * makes the Nth write or sync on the files under one directory fail, or kills the
 * process right before it, as SQLite's test_vfs.c fails the Nth write from inside. It
 * sits between the program (with the SQLite library it loads) and libc, so the program
 * runs unchanged. Built as $(BUILD)/tools/iofault.so; its source is not in tests/tools,
 * whose files are programs.
 *
 * Environment (with only the directory set, it counts and fails nothing):
 *   OOGST_FAULT_DIR     only descriptors whose path (/proc/self/fd/N) lies under it
 *                       count; it may also name one file, such as the write-ahead log
 *   OOGST_FAULT_OP      write (write, pwrite, writev, pwritev), fsync (fsync, fdatasync)
 *                       or any (default)
 *   OOGST_FAULT_NTH     the counted call to act on, from 1; 0 or unset: never
 *   OOGST_FAULT_ERRNO   EIO (default), ENOSPC, or KILL: SIGKILL to itself instead
 *   OOGST_FAULT_STICKY  1: every counted call from the Nth on fails, not only the Nth
 *   OOGST_FAULT_REPORT  a file: a line when a fault is injected, and at a normal exit
 *                       "count write W fsync S" (the calls counted: what N may be)
 *
 * A failed call writes nothing, as a disk that refuses does. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef ssize_t (*pwrite_fn)(int, const void *, size_t, off_t);
typedef ssize_t (*pwrite64_fn)(int, const void *, size_t, off64_t);
typedef ssize_t (*writev_fn)(int, const struct iovec *, int);
typedef ssize_t (*pwritev_fn)(int, const struct iovec *, int, off_t);
typedef ssize_t (*pwritev64_fn)(int, const struct iovec *, int, off64_t);
typedef int (*sync_fn)(int);

static struct {
    write_fn write;
    pwrite_fn pwrite;
    pwrite64_fn pwrite64;
    writev_fn writev;
    pwritev_fn pwritev;
    pwritev64_fn pwritev64;
    sync_fn fsync, fdatasync;
} real;

enum op { OP_WRITE, OP_FSYNC };

static char dir[PATH_MAX];
static size_t dir_len;
static bool watch_write = true, watch_fsync = true;
static unsigned long nth;
static int fail_errno = EIO;
static bool kill_instead, sticky;
static char report[PATH_MAX];
static unsigned long counted, seen[2];

/* The next definitions in the search order: libc's, or a sanitizer's that then calls
 * libc's. Also called from the wrappers: another library's constructor may write
 * before this library's has run. */
static void resolve(void)
{
    real.pwrite = (pwrite_fn)dlsym(RTLD_NEXT, "pwrite");
    real.pwrite64 = (pwrite64_fn)dlsym(RTLD_NEXT, "pwrite64");
    real.writev = (writev_fn)dlsym(RTLD_NEXT, "writev");
    real.pwritev = (pwritev_fn)dlsym(RTLD_NEXT, "pwritev");
    real.pwritev64 = (pwritev64_fn)dlsym(RTLD_NEXT, "pwritev64");
    real.fsync = (sync_fn)dlsym(RTLD_NEXT, "fsync");
    real.fdatasync = (sync_fn)dlsym(RTLD_NEXT, "fdatasync");
    __atomic_store_n(&real.write, (write_fn)dlsym(RTLD_NEXT, "write"), __ATOMIC_RELEASE);
}

#define REAL(f) (__atomic_load_n(&real.write, __ATOMIC_ACQUIRE) ? real.f : (resolve(), real.f))

/* Appends one line to the report file with the real write: the report lies outside
 * the directory, and a failing call must not be counted twice. */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
    if (!report[0])
        return;
    char line[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof line)
        n = (int)sizeof line - 1;
    int saved = errno;
    int fd = open(report, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd >= 0) {
        ssize_t w = REAL(write)(fd, line, (size_t)n);
        (void)w; /* nowhere left to say that it failed */
        close(fd);
    }
    errno = saved;
}

__attribute__((constructor)) static void iofault_init(void)
{
    resolve();

    const char *d = getenv("OOGST_FAULT_DIR");
    /* The links in /proc/self/fd name a file by its resolved path; a directory that
     * the program has still to make is taken as given. */
    if (d && d[0] && (realpath(d, dir) || snprintf(dir, sizeof dir, "%s", d) > 0))
        dir_len = strlen(dir);
    while (dir_len > 1 && dir[dir_len - 1] == '/')
        dir[--dir_len] = '\0';
    const char *op = getenv("OOGST_FAULT_OP");
    if (op && !strcmp(op, "write"))
        watch_fsync = false;
    else if (op && !strcmp(op, "fsync"))
        watch_write = false;
    const char *n = getenv("OOGST_FAULT_NTH");
    nth = n ? strtoul(n, NULL, 10) : 0;
    const char *e = getenv("OOGST_FAULT_ERRNO");
    if (e && !strcmp(e, "ENOSPC"))
        fail_errno = ENOSPC;
    else if (e && !strcmp(e, "KILL"))
        kill_instead = true;
    const char *s = getenv("OOGST_FAULT_STICKY");
    sticky = s && !strcmp(s, "1");
    const char *r = getenv("OOGST_FAULT_REPORT");
    if (r)
        snprintf(report, sizeof report, "%s", r);
}

__attribute__((destructor)) static void iofault_fini(void)
{
    say("count write %lu fsync %lu\n", seen[OP_WRITE], seen[OP_FSYNC]);
}

/* Whether fd is the file OOGST_FAULT_DIR names or one under it; name gets its path. */
static bool watched(int fd, char *name, size_t len)
{
    if (!dir_len || fd < 0)
        return false;
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    int saved = errno;
    ssize_t n = readlink(link, name, len - 1);
    errno = saved;
    if (n <= 0)
        return false;
    name[n] = '\0';
    return (size_t)n >= dir_len && !strncmp(name, dir, dir_len) && (name[dir_len] == '/' || !name[dir_len]);
}

/* Counts the call; true: it fails (errno is set). May not return (KILL). */
static bool inject(int fd, enum op op, const char *call)
{
    if (op == OP_WRITE ? !watch_write : !watch_fsync)
        return false;
    char name[PATH_MAX];
    if (!watched(fd, name, sizeof name))
        return false;
    unsigned long k = __atomic_add_fetch(&counted, 1, __ATOMIC_SEQ_CST);
    __atomic_add_fetch(&seen[op], 1, __ATOMIC_SEQ_CST);
    if (!nth || k < nth || (k > nth && !sticky))
        return false;
    if (kill_instead) {
        say("kill before %s %lu on %s\n", call, k, name);
        raise(SIGKILL);
    }
    say("fail %s %lu on %s with %s\n", call, k, name, fail_errno == ENOSPC ? "ENOSPC" : "EIO");
    errno = fail_errno;
    return true;
}

ssize_t write(int fd, const void *buf, size_t n)
{
    if (inject(fd, OP_WRITE, "write"))
        return -1;
    return REAL(write)(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t at)
{
    if (inject(fd, OP_WRITE, "pwrite"))
        return -1;
    return REAL(pwrite)(fd, buf, n, at);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t at)
{
    if (inject(fd, OP_WRITE, "pwrite64"))
        return -1;
    return REAL(pwrite64)(fd, buf, n, at);
}

ssize_t writev(int fd, const struct iovec *iov, int n)
{
    if (inject(fd, OP_WRITE, "writev"))
        return -1;
    return REAL(writev)(fd, iov, n);
}

ssize_t pwritev(int fd, const struct iovec *iov, int n, off_t at)
{
    if (inject(fd, OP_WRITE, "pwritev"))
        return -1;
    return REAL(pwritev)(fd, iov, n, at);
}

ssize_t pwritev64(int fd, const struct iovec *iov, int n, off64_t at)
{
    if (inject(fd, OP_WRITE, "pwritev64"))
        return -1;
    return REAL(pwritev64)(fd, iov, n, at);
}

int fsync(int fd)
{
    if (inject(fd, OP_FSYNC, "fsync"))
        return -1;
    return REAL(fsync)(fd);
}

int fdatasync(int fd)
{
    if (inject(fd, OP_FSYNC, "fdatasync"))
        return -1;
    return REAL(fdatasync)(fd);
}
