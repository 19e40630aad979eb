/* export_csv.c — owns responses.csv on the stick (RFC 4180, for analysts) and the
 * safe way an export folder gets there: a temporary folder, fsync, rename, fsync of
 * the parent, and removal of everything it wrote when any step fails. */
#include "export/export.h"
#include "core/msg.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CSV_NAME "responses.csv"

enum { NAME_TRIES = 100 };

static const char header[] = "device_id,session_id,session_started,script_id,script_version,step_index,"
                             "step_type,question_id,question_text,answer_kind,option_index,option_text,"
                             "value,text,input,counted,at\r\n";

/* ---- the CSV ------------------------------------------------------------------------ */

static void put_field(FILE *fp, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, fp);
        return;
    }
    putc('"', fp);
    for (; *s; s++) {
        if (*s == '"')
            putc('"', fp);
        putc(*s, fp);
    }
    putc('"', fp);
}

/* ISO 8601 local time with its offset and milliseconds: 2026-11-23T10:15:02.345+01:00.
 * The offset makes it exact even across a change to summer time. */
static void iso_local(int64_t ms, char *buf, size_t len)
{
    int64_t sec = ms / 1000;
    int frac = (int)(ms % 1000);
    if (frac < 0) {
        frac += 1000;
        sec--;
    }
    time_t t = (time_t)sec;
    struct tm tm;
    if (!localtime_r(&t, &tm)) {
        snprintf(buf, len, "%s", "");
        return;
    }
    long off = tm.tm_gmtoff;
    char sign = off < 0 ? '-' : '+';
    if (off < 0)
        off = -off;
    snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%c%02ld:%02ld", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac, sign, off / 3600, off % 3600 / 60);
}

static int write_row(void *ctx, const store_row *r)
{
    FILE *fp = ctx;
    char num[32], when[128];

    put_field(fp, r->device_id);
    fprintf(fp, ",%lld,", (long long)r->session_id);
    iso_local(r->session_started_ms, when, sizeof when);
    put_field(fp, when);
    putc(',', fp);
    put_field(fp, r->script_id);
    fprintf(fp, ",%u,%zu,", r->script_version, r->step_index + 1); /* people count steps from 1 */
    put_field(fp, r->step_type);
    putc(',', fp);
    put_field(fp, r->question_id);
    putc(',', fp);
    put_field(fp, r->question_text);
    putc(',', fp);
    put_field(fp, r->answer_kind);
    putc(',', fp);
    if (r->option_index > 0) {
        snprintf(num, sizeof num, "%d", r->option_index);
        fputs(num, fp);
    }
    putc(',', fp);
    put_field(fp, r->option_text);
    putc(',', fp);
    if (r->value != 0) {
        snprintf(num, sizeof num, "%d", r->value);
        fputs(num, fp);
    }
    putc(',', fp);
    put_field(fp, r->text);
    putc(',', fp);
    put_field(fp, r->input);
    fprintf(fp, ",%d,", r->counted ? 1 : 0);
    iso_local(r->at_ms, when, sizeof when);
    put_field(fp, when);
    fputs("\r\n", fp);
    /* Stop at the first failed write: a full stick will not get emptier. */
    return ferror(fp) ? 1 : 0;
}

/* Writes and syncs DIR-relative file CSV_NAME in the folder tfd. 0 or -1 (err set). */
static int write_csv(store *st, int tfd, const char *where, char *err, size_t len)
{
    int fd = openat(tfd, CSV_NAME, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) {
        msg_set(err, len, "cannot create %s/%s: %s", where, CSV_NAME, strerror(errno));
        return -1;
    }
    FILE *fp = fdopen(fd, "w");
    if (!fp) {
        msg_set(err, len, "cannot write %s/%s: %s", where, CSV_NAME, strerror(errno));
        close(fd);
        return -1;
    }
    fputs(header, fp);
    errno = 0;
    int rc = ferror(fp) ? 1 : store_each_row(st, 0, write_row, fp);
    if (rc == -1) {
        msg_set(err, len, "reading the log failed; nothing exported");
    } else if (rc != 0 || fflush(fp) != 0 || ferror(fp)) {
        int saved = errno;
        msg_set(err, len, "writing %s/%s failed: %s (is the stick full or read-only?)", where, CSV_NAME,
                strerror(saved ? saved : EIO));
        rc = -1;
    } else if (fsync(fd) != 0) {
        msg_set(err, len, "saving %s/%s failed: %s (was the stick pulled out?)", where, CSV_NAME,
                strerror(errno));
        rc = -1;
    }
    if (fclose(fp) != 0 && rc == 0) {
        msg_set(err, len, "closing %s/%s failed: %s", where, CSV_NAME, strerror(errno));
        rc = -1;
    }
    return rc == 0 ? 0 : -1;
}

/* ---- the folder --------------------------------------------------------------------- */

/* A fresh hidden folder .oogst-export-XXXXXX in dfd; its name goes to name. */
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
        int n = snprintf(name, len, ".oogst-export-");
        for (size_t i = 0; i < sizeof r && (size_t)n + 1 < len; i++)
            name[n++] = chars[r[i] % (sizeof chars - 1)];
        name[n] = '\0';
        if (mkdirat(dfd, name, 0755) == 0)
            return 0;
        if (errno != EEXIST)
            return -1;
    }
    errno = EEXIST;
    return -1;
}

/* Renames tmp to base, or base-2, base-3, … : an export never replaces another. */
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
        if (renameat(dfd, tmp, dfd, final) == 0)
            return 0;
        return -1;
    }
    errno = EEXIST;
    return -1;
}

/* Removes the folder name in dfd and the CSV in it, if they are there. */
static void remove_folder(int dfd, const char *name)
{
    int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
        unlinkat(fd, CSV_NAME, 0);
        close(fd);
    }
    unlinkat(dfd, name, AT_REMOVEDIR);
    fsync(dfd);
}

int export_csv(store *st, const char *dir, char *out_path, size_t out_len, char *err, size_t err_len)
{
    if (out_path && out_len)
        out_path[0] = '\0';
    if (!st || !dir) {
        msg_set(err, err_len, "export: no log or no folder given");
        return -1;
    }
    tzset(); /* localtime_r need not notice a TZ set since the last call */

    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dfd < 0) {
        int e = errno;
        struct stat sb;
        /* With O_DIRECTORY, Linux says ENOTDIR rather than ELOOP for a link. */
        if (e == ELOOP || (e == ENOTDIR && lstat(dir, &sb) == 0 && S_ISLNK(sb.st_mode)))
            msg_set(err, err_len, "%s is a symbolic link; Oogst does not follow links on a stick", dir);
        else if (e == ENOENT)
            msg_set(err, err_len, "%s does not exist (was the stick pulled out?)", dir);
        else
            msg_set(err, err_len, "cannot open %s: %s", dir, strerror(e));
        return -1;
    }

    char base[96];
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct tm tm;
    char stamp[32] = "00000000-000000";
    if (localtime_r(&now.tv_sec, &tm))
        strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    snprintf(base, sizeof base, "oogst-%s-%s", store_device_id(st), stamp);

    /* Refuse a too small out_path before writing anything; the suffix is at most "-100". */
    if (out_path && strlen(dir) + 1 + strlen(base) + 5 >= out_len) {
        msg_set(err, err_len, "export: the buffer for the folder name is too small");
        close(dfd);
        return -1;
    }

    char tmp[64], final[128];
    if (make_temp_dir(dfd, tmp, sizeof tmp) != 0) {
        msg_set(err, err_len, "cannot write to %s: %s", dir, strerror(errno));
        close(dfd);
        return -1;
    }
    int tfd = openat(dfd, tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (tfd < 0) {
        msg_set(err, err_len, "cannot open %s/%s: %s", dir, tmp, strerror(errno));
        unlinkat(dfd, tmp, AT_REMOVEDIR);
        close(dfd);
        return -1;
    }

    const char *left = tmp; /* what to remove on failure */
    int rc = write_csv(st, tfd, dir, err, err_len);
    if (rc == 0 && fsync(tfd) != 0) {
        msg_set(err, err_len, "saving the export folder in %s failed: %s", dir, strerror(errno));
        rc = -1;
    }
    close(tfd);
    if (rc == 0 && rename_unique(dfd, tmp, base, final, sizeof final) != 0) {
        msg_set(err, err_len, "cannot name the export folder in %s: %s", dir, strerror(errno));
        rc = -1;
    }
    if (rc == 0) {
        left = final;
        /* Only once the parent is synced is the new name on the stick. */
        if (fsync(dfd) != 0) {
            msg_set(err, err_len, "saving %s failed: %s (was the stick pulled out?)", dir, strerror(errno));
            rc = -1;
        }
    }
    if (rc == 0 && out_path)
        snprintf(out_path, out_len, "%s/%s", dir, final);
    if (rc != 0)
        remove_folder(dfd, left);
    close(dfd);
    return rc;
}
