/* export.c — one export folder on a stick, safely: the data is read from the log once,
 * every file is written into a fresh hidden folder (openat, O_EXCL|O_NOFOLLOW) and
 * synced, the folder is synced and renamed to its final name without replacing
 * anything, and the parent is synced. Any failure removes what was written; the log is
 * only read. */
#include "export/export.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/msg.h"
#include "export/export_collect.h"
#include "export/export_csv.h"
#include "export/export_html.h"
#include "export/export_texts.h"
#include "export/export_xlsx.h"
#include "i18n/i18n.h"

enum { NAME_TRIES = 100 };

/* Every name an export may leave in its folder (for the clean-up after a failure). */
static const char *const all_names[] = {
    "resultaten.xlsx",  "antwoorden.csv", "samenvatting.csv", "responses.csv", "rapport.html", "oogst.db",
    "oogst.db-journal", "oogst.db-wal",   "oogst.db-shm",     "LEESMIJ.txt",   "README.txt",
};

/* What went wrong, in words for the facilitator (the errno detail follows). */
static const char *why(int e)
{
    switch (e) {
    case ENOSPC:
    case EDQUOT:
    case EFBIG: return tr("the stick is full");
    case EROFS:
    case EACCES:
    case EPERM: return tr("the stick cannot be written to (read-only or locked)");
    case ENOENT:
    case ENODEV:
    case ENXIO:
    case EIO:
    case ESTALE: return tr("the stick was pulled out or does not answer");
    case ENAMETOOLONG:
    case EINVAL: return tr("the stick does not take this file name");
    default: return tr("the stick gave an error");
    }
}

static int fail(char *err, size_t len, int e, const char *what, const char *name)
{
    msg_set(err, len, "%s (%s %s: %s)", why(e), what, name, strerror(e));
    errno = e;
    return -1;
}

/* Syncs the file name in folder fd; it must be a regular file. */
static int sync_file(int fd, const char *name, char *err, size_t len)
{
    int f = openat(fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (f < 0)
        return fail(err, len, errno, "opening", name);
    struct stat sb;
    int rc = 0;
    if (fstat(f, &sb) != 0 || !S_ISREG(sb.st_mode))
        rc = fail(err, len, EINVAL, "checking", name);
    else if (fsync(f) != 0)
        rc = fail(err, len, errno, "saving", name);
    close(f);
    return rc;
}

typedef int (*stream_writer)(const export_data *d, FILE *fp);

/* Creates name in folder fd (never an existing file, never through a link), writes it
 * with w, and syncs it. */
static int write_stream(int fd, const char *name, stream_writer w, const export_data *d, char *err,
                        size_t len)
{
    int f = openat(fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (f < 0)
        return fail(err, len, errno, "creating", name);
    FILE *fp = fdopen(f, "w");
    if (!fp) {
        int e = errno;
        close(f);
        return fail(err, len, e, "writing", name);
    }
    /* large writes: fewer system calls, and whole clusters on a FAT stick */
    setvbuf(fp, NULL, _IOFBF, EXPORT_STREAM_BUFFER);
    errno = 0;
    int rc = w(d, fp);
    if (rc != 0 || fflush(fp) != 0 || ferror(fp)) {
        rc = fail(err, len, errno ? errno : EIO, "writing", name);
    } else if (fsync(f) != 0) {
        rc = fail(err, len, errno, "saving", name);
    }
    if (fclose(fp) != 0 && rc == 0)
        rc = fail(err, len, errno, "closing", name);
    return rc;
}

static int html_writer(const export_data *d, FILE *fp)
{
    char e[256];
    return export_html(d, fp, e, sizeof(e));
}

/* A fresh hidden folder .Oogst-tmp-XXXXXX in dfd; its name goes to name. */
static int make_temp_dir(int dfd, char *name, size_t len)
{
    static const char chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (int tries = 0; tries < NAME_TRIES; tries++) {
        unsigned char r[6];
        if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
            /* No entropy: the pid and the clock are unique enough for a temp name. */
            struct timespec ts;
            clock_gettime(CLOCK_MONOTONIC, &ts);
            unsigned long x =
                (unsigned long)ts.tv_nsec ^ ((unsigned long)getpid() << 16) ^ (unsigned long)tries;
            for (size_t i = 0; i < sizeof r; i++, x >>= 5)
                r[i] = (unsigned char)x;
        }
        int n = snprintf(name, len, ".Oogst-tmp-");
        for (size_t i = 0; i < sizeof r && (size_t)n + 1 < len; i++)
            name[n++] = chars[r[i] % (sizeof chars - 1)];
        name[n] = '\0';
        if (mkdirat(dfd, name, 0755) == 0)
            return 0;
        if (errno != EEXIST) {
            /* A failing stick may keep the entry of a mkdir that failed (fusefat does on a
             * full FAT): the name is fresh and random, and rmdir takes only an empty folder. */
            int e = errno;
            unlinkat(dfd, name, AT_REMOVEDIR);
            errno = e;
            return -1;
        }
    }
    errno = EEXIST;
    return -1;
}

/* Renames tmp to base, or base-2, base-3, …: an export never replaces anything, not a
 * folder, a file, a link or a device node planted at its name. */
static int rename_unique(int dfd, const char *tmp, const char *base, char *final, size_t len)
{
    for (int i = 1; i <= NAME_TRIES; i++) {
        if (i == 1)
            snprintf(final, len, "%s", base);
        else
            snprintf(final, len, "%s-%d", base, i);
        if (renameat2(dfd, tmp, dfd, final, RENAME_NOREPLACE) == 0)
            return 0;
        if (errno == EEXIST)
            continue;
        if (errno != EINVAL && errno != ENOSYS)
            return -1;
        /* A file system without RENAME_NOREPLACE: look first. Only this program
         * writes export folders, so nothing appears between the look and the rename. */
        struct stat sb;
        if (fstatat(dfd, final, &sb, AT_SYMLINK_NOFOLLOW) == 0)
            continue;
        if (errno != ENOENT)
            return -1;
        return renameat(dfd, tmp, dfd, final);
    }
    errno = EEXIST;
    return -1;
}

/* Removes the folder name in dfd and every file an export puts in it. */
static void remove_folder(int dfd, const char *name)
{
    int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
        for (size_t i = 0; i < sizeof(all_names) / sizeof(all_names[0]); i++)
            unlinkat(fd, all_names[i], 0);
        close(fd);
    }
    unlinkat(dfd, name, AT_REMOVEDIR); /* fails if something else is in it: it stays hidden */
    fsync(dfd);
}

/* name in dirfd (fstatat flags) is the file open as fd: nothing on the stick was swapped
 * for something else, a link say, since the export made it. */
static int same_file(int fd, int dirfd, const char *name, int flags, char *err, size_t len)
{
    struct stat a, b;
    if (fstat(fd, &a) != 0 || fstatat(dirfd, name, &b, flags) != 0)
        return fail(err, len, errno, "checking", name);
    if (a.st_dev != b.st_dev || a.st_ino != b.st_ino)
        return fail(err, len, EIO, "checking", name);
    return 0;
}

/* Every file of the export is in the folder fd as a regular file: a stick that lost one,
 * or put something else in its place, must not get a folder that looks whole. */
static int check_files(int fd, char *err, size_t len)
{
    static const char *const names[] = {"resultaten.xlsx", "antwoorden.csv", "samenvatting.csv",
                                        "responses.csv",   "rapport.html",   "oogst.db",
                                        "LEESMIJ.txt",     "README.txt"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        struct stat sb;
        if (fstatat(fd, names[i], &sb, AT_SYMLINK_NOFOLLOW) != 0)
            return fail(err, len, errno, "checking", names[i]);
        if (!S_ISREG(sb.st_mode)) /* not what was written: the stick misbehaves */
            return fail(err, len, EIO, "checking", names[i]);
    }
    return 0;
}

static int after(const export_opts *o, int fd, const char *name, char *err, size_t len)
{
    if (o->after_file && o->after_file(o->ctx, fd, name) != 0)
        return fail(err, len, EIO, "writing", name);
    return 0;
}

/* The workbook takes most of the time of a large export: it is written on a thread of
 * its own while the other files are written here (it only reads the data). */
typedef struct workbook_job {
    const export_data *d;
    char path[64];
    char err[512];
    int rc, err_no;
} workbook_job;

static void *write_workbook(void *arg)
{
    workbook_job *j = arg;
    errno = 0;
    j->rc = export_xlsx(j->d, j->path, j->err, sizeof(j->err));
    j->err_no = errno ? errno : EIO;
    return NULL;
}

/* Writes every file of the export into the folder fd, which is folder_path. */
static int write_files(store *st, int fd, const char *folder_path, const export_data *d, const export_opts *o,
                       char *err, size_t len)
{
    static const struct {
        const char *name;
        stream_writer w;
    } streams[] = {
        {"antwoorden.csv", export_answers_csv},  {"samenvatting.csv", export_summary_csv},
        {"responses.csv", export_responses_csv}, {"rapport.html", html_writer},
        {"LEESMIJ.txt", export_readme_nl},       {"README.txt", export_readme_en},
    };
    /* libxlsxwriter takes a path: the folder's descriptor makes one that does not walk
     * the stick's tree again */
    workbook_job job = {.d = d};
    snprintf(job.path, sizeof(job.path), "/proc/self/fd/%d/resultaten.xlsx", fd);
    pthread_t th;
    bool threaded = pthread_create(&th, NULL, write_workbook, &job) == 0;
    if (!threaded)
        write_workbook(&job);
    int rc = 0;
    for (size_t i = 0; i < sizeof(streams) / sizeof(streams[0]) && rc == 0; i++)
        if (write_stream(fd, streams[i].name, streams[i].w, d, err, len) != 0 ||
            after(o, fd, streams[i].name, err, len) != 0)
            rc = -1;
    /* SQLite resolves the links in a path (it locks by the real name): this one takes the
     * folder's own name, fresh and made by this export a moment ago */
    char db[4200], e[256];
    snprintf(db, sizeof(db), "%s/oogst.db", folder_path);
    if (rc == 0 && same_file(fd, AT_FDCWD, folder_path, 0, err, len) != 0) /* the path still leads here */
        rc = -1;
    if (rc == 0 && store_backup(st, db, e, sizeof(e)) != 0) {
        msg_set(err, len, "%s (oogst.db: %s)", why(errno ? errno : EIO), e);
        rc = -1;
    }
    if (rc == 0 && (sync_file(fd, "oogst.db", err, len) != 0 || after(o, fd, "oogst.db", err, len) != 0))
        rc = -1;
    if (threaded)
        pthread_join(th, NULL);
    if (rc == 0 && job.rc != 0) {
        msg_set(err, len, "%s (resultaten.xlsx: %s)", why(job.err_no), job.err);
        rc = -1;
    }
    if (rc == 0 &&
        (sync_file(fd, "resultaten.xlsx", err, len) != 0 || after(o, fd, "resultaten.xlsx", err, len) != 0))
        rc = -1;
    return rc;
}

int export_run(store *st, const char *dir, const export_opts *o, char *out_path, size_t out_len, char *err,
               size_t err_len)
{
    static const export_opts all = {.what = EXPORT_ALL};
    if (!o)
        o = &all;
    if (out_path && out_len)
        out_path[0] = '\0';
    if (!st || !dir) {
        msg_set(err, err_len, "export: no log or no folder given");
        return -1;
    }
    tzset(); /* localtime_r need not notice a TZ set since the last call */
    /* A slash at the end ("link/") makes open(2) follow a link in spite of O_NOFOLLOW:
     * open the name without it. */
    char dname[4096];
    size_t dlen = strlen(dir);
    while (dlen > 1 && dir[dlen - 1] == '/')
        dlen--;
    if (dlen >= sizeof(dname)) {
        msg_set(err, err_len, "%s (%s: %s)", why(ENAMETOOLONG), dir, strerror(ENAMETOOLONG));
        return -1;
    }
    memcpy(dname, dir, dlen);
    dname[dlen] = '\0';
    int dfd = open(dname, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dfd < 0) {
        int e = errno;
        struct stat sb;
        /* With O_DIRECTORY, Linux says ENOTDIR rather than ELOOP for a link. */
        if (e == ELOOP || (e == ENOTDIR && lstat(dname, &sb) == 0 && S_ISLNK(sb.st_mode)))
            msg_set(err, err_len, "%s: %s", dir,
                    tr("a symbolic link: Oogst does not follow links on a stick"));
        else
            msg_set(err, err_len, "%s (%s: %s)", why(e), dir, strerror(e));
        return -1;
    }

    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    int64_t now_ms = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
    struct tm tm;
    char stamp[32] = "0000-00-00_0000", base[96];
    if (localtime_r(&now.tv_sec, &tm))
        strftime(stamp, sizeof stamp, "%Y-%m-%d_%H%M", &tm);
    snprintf(base, sizeof base, "Oogst-%s-%s", store_device_id(st), stamp);
    /* Refuse a too small out_path before writing anything; the suffix is at most "-100". */
    if (out_path && strlen(dir) + 1 + strlen(base) + 5 >= out_len) {
        msg_set(err, err_len, "export: the buffer for the folder name is too small");
        close(dfd);
        return -1;
    }

    export_data *d = export_collect(st, o, now_ms, err, err_len);
    if (!d) {
        close(dfd);
        return -1;
    }
    char tmp[64], final[128];
    if (make_temp_dir(dfd, tmp, sizeof tmp) != 0) {
        fail(err, err_len, errno, "making a folder in", dir);
        export_data_free(d);
        close(dfd);
        return -1;
    }
    int rc = -1;
    char folder_path[4096];
    snprintf(folder_path, sizeof(folder_path), "%s/%s", dir, tmp);
    int tfd = openat(dfd, tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (tfd < 0)
        fail(err, err_len, errno, "opening", tmp);
    else if (write_files(st, tfd, folder_path, d, o, err, err_len) != 0)
        ; /* err says which file and why */
    else if (check_files(tfd, err, err_len) != 0)
        ;
    else if (same_file(tfd, dfd, tmp, AT_SYMLINK_NOFOLLOW, err, err_len) != 0)
        ; /* the rename takes whatever has the name: it must be this folder */
    else if (fsync(tfd) != 0)
        fail(err, err_len, errno, "saving", tmp);
    else if (rename_unique(dfd, tmp, base, final, sizeof final) != 0)
        fail(err, err_len, errno, "naming", base);
    else if (fsync(dfd) != 0) /* only now is the new name on the stick */
        fail(err, err_len, errno, "saving", dir);
    else
        rc = 0;
    if (tfd >= 0)
        close(tfd);
    if (rc == 0 && out_path)
        snprintf(out_path, out_len, "%s/%s", dir, final);
    if (rc != 0)
        remove_folder(dfd, tmp); /* the final name is only taken when nothing can fail after */
    export_data_free(d);
    close(dfd);
    return rc;
}
