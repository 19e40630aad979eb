/* test_export_faults.c — export_run against a stick that misbehaves, on real files and a
 * real SQLite log: a stick pulled out after any one of the eight files, a file or the whole
 * folder gone mid-export, a file swapped for a link, the folder made unreadable or swapped
 * for a link, the final name already taken (folder, file, symlink, dangling symlink, FIFO,
 * device node, or every name it may take), the target folder itself a link. After each:
 * export_run says so in err, no folder named Oogst-* that looks whole is left (a hidden
 * .Oogst-tmp-* only where the test cannot remove it either, and never with all eight files),
 * the log's bytes are unchanged, anything planted is untouched, and the next export works.
 * The FAT name limit and a full or read-only file system are tests/check/export_faults.sh. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "export/export.h"
#include "fixture.h"
#include "store/store.h"

/* snprintf into an array, failing the test when the text does not fit */
#define fmt(buf, ...) assert_true((size_t)snprintf((buf), sizeof(buf), __VA_ARGS__) < sizeof(buf))

enum { N_FILES = 8, MAX_PLANTS = 8 };

static const char *const export_files[N_FILES] = {"antwoorden.csv", "samenvatting.csv", "responses.csv",
                                                  "rapport.html",   "LEESMIJ.txt",      "README.txt",
                                                  "oogst.db",       "resultaten.xlsx"};

typedef struct blob {
    char *bytes;
    size_t len;
    int present;
} blob;

typedef struct fixture {
    char dir[64];
    char data[256];
    char stick[256];
    char elsewhere[256]; /* outside the stick: where a planted link points */
    script *s;
    store *st;
    blob db, wal; /* the log as it was before the export */
} fixture;

/* ---- helpers ------------------------------------------------------------------------ */

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static void read_blob(const char *path, blob *b)
{
    free(b->bytes);
    *b = (blob){0};
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        assert_int_equal(errno, ENOENT);
        return;
    }
    b->present = 1;
    size_t cap = 1 << 16;
    b->bytes = malloc(cap);
    assert_non_null(b->bytes);
    size_t n;
    while ((n = fread(b->bytes + b->len, 1, cap - b->len, fp)) > 0) {
        b->len += n;
        if (b->len == cap) {
            cap *= 2;
            b->bytes = realloc(b->bytes, cap);
            assert_non_null(b->bytes);
        }
    }
    assert_false(ferror(fp));
    fclose(fp);
}

static void snapshot_log(fixture *f, blob *db, blob *wal)
{
    char p[PATH_MAX];
    fmt(p, "%s/oogst.db", f->data);
    read_blob(p, db);
    assert_true(db->present);
    fmt(p, "%s/oogst.db-wal", f->data);
    read_blob(p, wal);
}

/* The log's bytes (the database file and its write-ahead log) are what they were. */
static void assert_log_unchanged(fixture *f)
{
    blob db = {0}, wal = {0};
    snapshot_log(f, &db, &wal);
    assert_int_equal(db.len, f->db.len);
    assert_memory_equal(db.bytes, f->db.bytes, db.len);
    assert_int_equal(wal.present, f->wal.present);
    assert_int_equal(wal.len, f->wal.len);
    if (wal.len)
        assert_memory_equal(wal.bytes, f->wal.bytes, wal.len);
    free(db.bytes);
    free(wal.bytes);
}

static script *make_script(void)
{
    script *s = fx_script(3);
    assert_non_null(s);
    fx_step(s, 0, STEP_WELCOME, 0);
    step *v = fx_step(s, 1, STEP_VOTE, 0);
    fx_choice(v, "q-keuze", 4);
    step *o = fx_step(s, 2, STEP_OPEN, 0);
    fx_text(o, "q-open", 80);
    return s;
}

/* Three sessions with a few votes and texts each, committed. */
static void fill_log(fixture *f)
{
    int64_t t = 1795424400000; /* 2026-11-23 */
    uint64_t token = 1;
    for (int s = 0; s < 3; s++, t += 3600 * 1000) {
        store_begin_session(f->st, f->s, t, 0);
        store_step_enter(f->st, 1, 0, false, t + 1, 1);
        for (int i = 0; i < 12; i++) {
            input_record in = {.source = SRC_BUTTON,
                               .button = i % 4 + 1,
                               .step = 1,
                               .question_id = "q-keuze",
                               .option = i % 4 + 1,
                               .counted = true,
                               .reason = "counted",
                               .mono_ms = 10 + i};
            store_add_input(f->st, &in, t + 10 + i, token++);
        }
        store_step_enter(f->st, 2, 0, false, t + 100, 100);
        input_record in = {.source = SRC_TEXT,
                           .step = 2,
                           .question_id = "q-open",
                           .text = "Samen, \"echt\" samen — café ☕",
                           .counted = true,
                           .reason = "counted",
                           .mono_ms = 110};
        store_add_input(f->st, &in, t + 110, token++);
        store_end_session(f->st, t + 200, 200);
    }
    assert_int_equal(store_flush(f->st), 0);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    fmt(f->dir, "/tmp/oogst-xfault-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    fmt(f->data, "%s/data", f->dir);
    fmt(f->stick, "%s/stick", f->dir);
    fmt(f->elsewhere, "%s/elsewhere", f->dir);
    assert_int_equal(mkdir(f->stick, 0755), 0);
    assert_int_equal(mkdir(f->elsewhere, 0755), 0);
    setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
    tzset();
    f->s = make_script();
    char err[256] = "";
    f->st = store_open(f->data, NULL, NULL, err, sizeof err);
    if (!f->st)
        fail_msg("store_open: %s", err);
    fill_log(f);
    snapshot_log(f, &f->db, &f->wal);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    store_close(f->st);
    script_free(f->s);
    /* a hidden folder a test made unreadable: readable again, or nftw cannot go in */
    DIR *d = opendir(f->stick);
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (!strncmp(e->d_name, ".Oogst-tmp-", 11))
            fchmodat(dirfd(d), e->d_name, 0700, 0);
    if (d)
        closedir(d);
    nftw(f->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    free(f->db.bytes);
    free(f->wal.bytes);
    free(f);
    return 0;
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Whether the folder path holds anything; its first entry's name goes to first. */
static int has_entries(const char *path, char *first, size_t len)
{
    DIR *d = opendir(path);
    assert_non_null(d);
    struct dirent *e;
    first[0] = '\0';
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(first, len, "%s", e->d_name);
            break;
        }
    closedir(d);
    return first[0] != '\0';
}

/* How many of the eight files the folder holds as regular files; -1 if it cannot be read. */
static int files_in(int dfd, const char *name)
{
    int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int n = 0;
    for (size_t i = 0; i < N_FILES; i++) {
        struct stat sb;
        if (fstatat(fd, export_files[i], &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(sb.st_mode))
            n++;
    }
    close(fd);
    return n;
}

/* Nothing of a failed export on the stick: no Oogst-* but the names in planted[] (NULL
 * ended), and no .Oogst-tmp-* — or, with hidden_ok, only incomplete hidden ones (fewer
 * than eight files, or not readable at all). Returns the number of hidden ones. */
static int assert_nothing_left(fixture *f, const char *const *planted, int hidden_ok)
{
    DIR *d = opendir(f->stick);
    assert_non_null(d);
    int hidden = 0;
    char bad[256] = "", whole[256] = "";
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        int known = 0;
        for (size_t i = 0; planted && planted[i]; i++)
            known |= !strcmp(e->d_name, planted[i]);
        if (known)
            continue;
        if (starts_with(e->d_name, ".Oogst-tmp-") && hidden_ok) {
            if (files_in(dirfd(d), e->d_name) >= N_FILES)
                fmt(whole, "%s", e->d_name);
            hidden++;
            continue;
        }
        fmt(bad, "%s", e->d_name);
    }
    closedir(d);
    if (bad[0])
        fail_msg("left on the stick after a failed export: %s", bad);
    if (whole[0])
        fail_msg("a hidden folder with every file of an export is left: %s", whole);
    return hidden;
}

/* A successful export folder: the eight files, each a non-empty regular file. */
static void assert_complete(const char *folder)
{
    struct stat sb;
    assert_int_equal(lstat(folder, &sb), 0);
    assert_true(S_ISDIR(sb.st_mode));
    for (size_t i = 0; i < N_FILES; i++) {
        char p[PATH_MAX + 32];
        fmt(p, "%s/%s", folder, export_files[i]);
        if (lstat(p, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size == 0)
            fail_msg("export %s: %s missing, empty or not a regular file", folder, export_files[i]);
    }
}

/* The next export works, is complete, and leaves the log as it was. */
static void assert_next_export_works(fixture *f, char *out, size_t len)
{
    char err[512] = "";
    if (export_run(f->st, f->stick, NULL, out, len, err, sizeof err) != 0)
        fail_msg("the export after the fault failed: %s", err);
    assert_complete(out);
    assert_log_unchanged(f);
}

/* Oogst-<device id>-<YYYY-MM-DD_HHMM> in local time at t, as export.c names its folder. */
static void folder_name(fixture *f, time_t t, char *buf, size_t len)
{
    struct tm tm;
    char stamp[32];
    assert_non_null(localtime_r(&t, &tm));
    strftime(stamp, sizeof stamp, "%Y-%m-%d_%H%M", &tm);
    snprintf(buf, len, "Oogst-%s-%s", store_device_id(f->st), stamp);
}

/* ---- faults injected through export_opts.after_file -------------------------------- */

typedef enum action {
    PULL,            /* return non-zero: the stick is gone */
    UNLINK_THIS,     /* the file just written vanishes; the call returns ctx.ret */
    UNLINK_ALL,      /* every file written so far vanishes; returns ctx.ret */
    REMOVE_FOLDER,   /* the temporary folder and all in it vanish; returns 0: the stick
                        itself must make the next step fail */
    LINK_THIS,       /* the file just written becomes a link to a file elsewhere; returns 0 */
    UNREADABLE,      /* the folder's mode becomes 000; returns ctx.ret */
    SWAP_FOLDER_LINK /* the temporary folder moves away and a link to elsewhere takes its
                        name; returns 0 */
} action;

typedef struct hook {
    fixture *f;
    const char *at; /* the file after which the fault happens */
    action act;
    int ret;
    int fired;
    char seen[N_FILES + 2][32]; /* the files reported, in order */
    int n_seen;
} hook;

/* The name of the one .Oogst-tmp-* folder in the stick, into buf. */
static void temp_name(fixture *f, char *buf, size_t len)
{
    DIR *d = opendir(f->stick);
    assert_non_null(d);
    struct dirent *e;
    buf[0] = '\0';
    while ((e = readdir(d)))
        if (starts_with(e->d_name, ".Oogst-tmp-"))
            snprintf(buf, len, "%s", e->d_name);
    closedir(d);
    assert_true(buf[0] != '\0');
}

static void unlink_all(int fd)
{
    for (size_t i = 0; i < N_FILES; i++)
        unlinkat(fd, export_files[i], 0);
    unlinkat(fd, "oogst.db-journal", 0);
}

static int on_file(void *ctx, int fd, const char *file)
{
    hook *h = ctx;
    if (h->n_seen < (int)(sizeof h->seen / sizeof h->seen[0]))
        snprintf(h->seen[h->n_seen++], sizeof h->seen[0], "%s", file);
    if (h->fired || strcmp(file, h->at) != 0)
        return 0;
    h->fired = 1;
    char tmp[256], p[PATH_MAX];
    switch (h->act) {
    case PULL: return -1;
    case UNLINK_THIS: assert_int_equal(unlinkat(fd, file, 0), 0); return h->ret;
    case UNLINK_ALL: unlink_all(fd); return h->ret;
    case REMOVE_FOLDER:
        temp_name(h->f, tmp, sizeof tmp);
        fmt(p, "%s/%s", h->f->stick, tmp);
        /* the workbook is written on a thread of its own meanwhile: its file may appear
         * between the unlinks and the rmdir */
        for (int i = 0; i < 2000; i++) {
            unlink_all(fd);
            if (rmdir(p) == 0)
                return 0;
            assert_int_equal(errno, ENOTEMPTY);
            usleep(1000);
        }
        fail_msg("could not remove %s", p);
        return -1;
    case LINK_THIS:
        fmt(p, "%s/%s", h->f->elsewhere, file);
        assert_int_equal(unlinkat(fd, file, 0), 0);
        assert_int_equal(symlinkat(p, fd, file), 0);
        return 0;
    case UNREADABLE: assert_int_equal(fchmod(fd, 0), 0); return h->ret;
    case SWAP_FOLDER_LINK:
        temp_name(h->f, tmp, sizeof tmp);
        fmt(p, "%s/moved-away", h->f->dir);
        char from[PATH_MAX];
        fmt(from, "%s/%s", h->f->stick, tmp);
        assert_int_equal(rename(from, p), 0);
        assert_int_equal(symlink(h->f->elsewhere, from), 0);
        return 0;
    }
    return -1;
}

/* Runs an export with the hook; it must fail with a message naming the file (when name
 * is not NULL) and containing want (when not NULL). */
static void export_must_fail(fixture *f, hook *h, const char *name, const char *want)
{
    export_opts o = {.what = EXPORT_ALL, .after_file = on_file, .ctx = h};
    char out[PATH_MAX] = "x", err[512] = "";
    int rc = export_run(f->st, f->stick, &o, out, sizeof out, err, sizeof err);
    if (!h->fired)
        fail_msg("the hook never saw %s (saw %d files)", h->at, h->n_seen);
    if (rc != -1)
        fail_msg("fault after %s: export_run returned %d (folder %s), not -1", h->at, rc, out);
    assert_string_equal(out, "");
    if (name && !strstr(err, name))
        fail_msg("fault after %s: the message does not name %s: %s", h->at, name, err);
    if (want && !strstr(err, want))
        fail_msg("fault after %s: the message does not say \"%s\": %s", h->at, want, err);
    print_message("  after %-16s -> %s\n", h->at, err);
}

/* ---- tests -------------------------------------------------------------------------- */

/* The hook sees all eight files, each once: the fault points below are all reachable. */
static void test_hook_sees_every_file(void **state)
{
    fixture *f = *state;
    hook h = {.f = f, .at = "none", .act = PULL};
    export_opts o = {.what = EXPORT_ALL, .after_file = on_file, .ctx = &h};
    char out[PATH_MAX], err[512] = "";
    if (export_run(f->st, f->stick, &o, out, sizeof out, err, sizeof err) != 0)
        fail_msg("export_run: %s", err);
    assert_int_equal(h.n_seen, N_FILES);
    for (size_t i = 0; i < N_FILES; i++) {
        int n = 0;
        for (int j = 0; j < h.n_seen; j++)
            n += !strcmp(h.seen[j], export_files[i]);
        if (n != 1)
            fail_msg("%s reported %d times", export_files[i], n);
    }
    assert_complete(out);
    assert_log_unchanged(f);
}

/* The stick pulled out after each of the eight files in turn. */
static void test_pulled_after_each_file(void **state)
{
    fixture *f = *state;
    for (size_t i = 0; i < N_FILES; i++) {
        hook h = {.f = f, .at = export_files[i], .act = PULL};
        export_must_fail(f, &h, export_files[i], "pulled out");
        assert_int_equal(assert_nothing_left(f, NULL, 0), 0);
        assert_log_unchanged(f);
    }
    char out[PATH_MAX];
    assert_next_export_works(f, out, sizeof out);
}

/* The stick pulled out for real: the folder and all in it are gone; the export must notice
 * on its own (the hook reports no error). */
static void test_folder_vanishes(void **state)
{
    fixture *f = *state;
    for (size_t i = 0; i < N_FILES; i++) {
        hook h = {.f = f, .at = export_files[i], .act = REMOVE_FOLDER};
        export_must_fail(f, &h, NULL, "pulled out");
        assert_int_equal(assert_nothing_left(f, NULL, 0), 0);
        assert_log_unchanged(f);
    }
    char out[PATH_MAX];
    assert_next_export_works(f, out, sizeof out);
}

/* A file removed right after it was written, the stick then failing (the hook reports it):
 * the message names that file. */
static void test_file_removed_then_failure(void **state)
{
    fixture *f = *state;
    for (size_t i = 0; i < N_FILES; i++) {
        hook h = {.f = f, .at = export_files[i], .act = UNLINK_THIS, .ret = -1};
        export_must_fail(f, &h, export_files[i], NULL);
        assert_int_equal(assert_nothing_left(f, NULL, 0), 0);
        assert_log_unchanged(f);
    }
    hook h = {.f = f, .at = "rapport.html", .act = UNLINK_ALL, .ret = -1};
    export_must_fail(f, &h, "rapport.html", NULL);
    assert_int_equal(assert_nothing_left(f, NULL, 0), 0);
    char out[PATH_MAX];
    assert_next_export_works(f, out, sizeof out);
}

/* A file removed after it was written with no error at all (a stick that loses a file):
 * the folder would be incomplete, so it must not get its final name. */
static void test_file_silently_removed(void **state)
{
    fixture *f = *state;
    for (size_t i = 0; i < N_FILES; i++) {
        hook h = {.f = f, .at = export_files[i], .act = UNLINK_THIS, .ret = 0};
        export_must_fail(f, &h, export_files[i], NULL);
        assert_int_equal(assert_nothing_left(f, NULL, 0), 0);
        assert_log_unchanged(f);
    }
    hook h = {.f = f, .at = "samenvatting.csv", .act = UNLINK_ALL, .ret = 0};
    export_must_fail(f, &h, NULL, NULL);
    assert_int_equal(assert_nothing_left(f, NULL, 0), 0);
    char out[PATH_MAX];
    assert_next_export_works(f, out, sizeof out);
}

/* A file swapped for a link to a file elsewhere: the export must not end with a link in
 * its folder, and must not write through it. */
static void test_file_swapped_for_link(void **state)
{
    fixture *f = *state;
    for (size_t i = 0; i < N_FILES; i++) {
        hook h = {.f = f, .at = export_files[i], .act = LINK_THIS};
        export_must_fail(f, &h, export_files[i], NULL);
        assert_int_equal(assert_nothing_left(f, NULL, 0), 0);
        char name[256];
        if (has_entries(f->elsewhere, name, sizeof name))
            fail_msg("written through a link on the stick: %s/%s", f->elsewhere, name);
        assert_log_unchanged(f);
    }
    char out[PATH_MAX];
    assert_next_export_works(f, out, sizeof out);
}

/* The temporary folder swapped for a link to a folder elsewhere while the files are
 * written: nothing may be written at the link's target. */
static void test_folder_swapped_for_link(void **state)
{
    fixture *f = *state;
    /* before the copy of the log (the one file written by path) and at the end */
    static const char *const at[] = {"README.txt", "oogst.db", "resultaten.xlsx"};
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        hook h = {.f = f, .at = at[i], .act = SWAP_FOLDER_LINK};
        export_must_fail(f, &h, NULL, NULL);
        char name[256];
        if (has_entries(f->elsewhere, name, sizeof name))
            fail_msg("written through a link on the stick: %s/%s", f->elsewhere, name);
        /* the link the "stick" planted stays (it is not the export's to remove) */
        while (has_entries(f->stick, name, sizeof name)) {
            char p[PATH_MAX];
            fmt(p, "%s/%s", f->stick, name);
            struct stat sb;
            assert_int_equal(lstat(p, &sb), 0);
            if (!S_ISLNK(sb.st_mode))
                fail_msg("left on the stick: %s", name);
            assert_int_equal(unlink(p), 0);
        }
        char moved[PATH_MAX];
        fmt(moved, "%s/moved-away", f->dir);
        nftw(moved, rm_one, 16, FTW_DEPTH | FTW_PHYS);
        assert_log_unchanged(f);
    }
    char out[PATH_MAX];
    assert_next_export_works(f, out, sizeof out);
}

/* The folder made unreadable mid-export. As root the mode stops nothing, so only the
 * failing stick (the hook's -1) is shown; as another user the mode itself must stop the
 * export, and what cannot be removed is left hidden and incomplete. */
static void test_folder_unreadable(void **state)
{
    fixture *f = *state;
    hook h = {.f = f, .at = "responses.csv", .act = UNREADABLE, .ret = -1};
    export_must_fail(f, &h, "responses.csv", NULL);
    int hidden = assert_nothing_left(f, NULL, 1);
    assert_int_equal(hidden, geteuid() == 0 ? 0 : 1);
    assert_log_unchanged(f);
    if (geteuid() != 0) {
        hook h2 = {.f = f, .at = "antwoorden.csv", .act = UNREADABLE, .ret = 0};
        export_must_fail(f, &h2, NULL, "cannot be written");
        assert_nothing_left(f, NULL, 1);
        assert_log_unchanged(f);
    } else {
        print_message("  as root a mode of 000 stops nothing: only the failing stick is shown\n");
    }
    char out[PATH_MAX];
    assert_next_export_works(f, out, sizeof out);
}

/* ---- the final name already taken --------------------------------------------------- */

typedef enum plant_kind { P_FOLDER, P_FILE, P_LINK, P_DANGLING, P_FIFO, P_DEVICE } plant_kind;

static const char *const kind_names[] = {"folder",           "file", "symlink",
                                         "dangling symlink", "FIFO", "device node"};

typedef struct plant {
    char name[128];
    plant_kind kind;
    struct stat sb;
    char link[PATH_MAX];
} plant;

/* Plants kind at name in the stick; 0 ok, -1 not permitted here (a device as non-root). */
static int plant_one(fixture *f, plant *p, plant_kind kind, const char *name)
{
    char path[PATH_MAX];
    fmt(path, "%s/%s", f->stick, name);
    fmt(p->name, "%s", name);
    p->kind = kind;
    p->link[0] = '\0';
    switch (kind) {
    case P_FOLDER: {
        assert_int_equal(mkdir(path, 0755), 0);
        char in[PATH_MAX + 16];
        fmt(in, "%s/mine.txt", path);
        FILE *fp = fopen(in, "w");
        assert_non_null(fp);
        fputs("the owner's\n", fp);
        fclose(fp);
        break;
    }
    case P_FILE: {
        FILE *fp = fopen(path, "w");
        assert_non_null(fp);
        fputs("the owner's\n", fp);
        fclose(fp);
        break;
    }
    case P_LINK: snprintf(p->link, sizeof p->link, "%s", f->elsewhere); goto link;
    case P_DANGLING:
        fmt(p->link, "%s/nothing-here", f->elsewhere);
        goto link;
    link:
        assert_int_equal(symlink(p->link, path), 0);
        break;
    case P_FIFO: assert_int_equal(mkfifo(path, 0644), 0); break;
    case P_DEVICE:
        if (mknod(path, S_IFCHR | 0600, makedev(1, 3)) != 0) {
            assert_true(errno == EPERM || errno == EACCES);
            return -1;
        }
        break;
    }
    assert_int_equal(lstat(path, &p->sb), 0);
    return 0;
}

/* The planted thing is as it was: same inode, same kind, same content or target. */
static void assert_untouched(fixture *f, const plant *p)
{
    char path[PATH_MAX];
    fmt(path, "%s/%s", f->stick, p->name);
    struct stat sb;
    if (lstat(path, &sb) != 0)
        fail_msg("the planted %s %s is gone", kind_names[p->kind], p->name);
    assert_int_equal(sb.st_ino, p->sb.st_ino);
    assert_int_equal(sb.st_dev, p->sb.st_dev);
    assert_int_equal(sb.st_mode, p->sb.st_mode);
    assert_int_equal(sb.st_rdev, p->sb.st_rdev);
    switch (p->kind) {
    case P_FOLDER: {
        char in[PATH_MAX + 16], name[256];
        fmt(in, "%s/mine.txt", path);
        assert_int_equal(unlink(in), 0); /* mine.txt was there, and nothing else: */
        if (has_entries(path, name, sizeof name))
            fail_msg("written into the planted folder: %s/%s", path, name);
        FILE *fp = fopen(in, "w"); /* as it was, for the next look */
        assert_non_null(fp);
        fputs("the owner's\n", fp);
        fclose(fp);
    } /* fall through */
    case P_FILE: assert_int_equal(sb.st_size, p->sb.st_size); break;
    case P_LINK:
    case P_DANGLING: {
        char target[PATH_MAX];
        ssize_t n = readlink(path, target, sizeof target - 1);
        assert_true(n > 0);
        target[n] = '\0';
        assert_string_equal(target, p->link);
        char name[256]; /* nothing written at the target */
        if (has_entries(f->elsewhere, name, sizeof name))
            fail_msg("written through the planted link: %s/%s", f->elsewhere, name);
        break;
    }
    case P_FIFO:
    case P_DEVICE: break;
    }
}

/* Plants kind at the export's name for this minute and the next (the export may start in
 * either) and at their -2 … -(depth) names; returns the plants made in *n. */
static int plant_at_names(fixture *f, plant_kind kind, int depth, plant *plants, size_t *n, char bases[2][96])
{
    time_t now = time(NULL);
    folder_name(f, now, bases[0], sizeof bases[0]);
    folder_name(f, now + 60, bases[1], sizeof bases[1]);
    *n = 0;
    for (int b = 0; b < 2; b++)
        for (int i = 1; i <= depth; i++) {
            char name[128];
            if (i == 1)
                fmt(name, "%s", bases[b]);
            else
                fmt(name, "%s-%d", bases[b], i);
            assert_true(*n < 2 * MAX_PLANTS);
            if (plant_one(f, &plants[*n], kind, name) != 0)
                return -1;
            (*n)++;
        }
    return 0;
}

/* The export takes the next free name after the planted one and leaves it alone. */
static void taken_by(void **state, plant_kind kind)
{
    fixture *f = *state;
    plant plants[2 * MAX_PLANTS];
    size_t n;
    char bases[2][96];
    if (plant_at_names(f, kind, 1, plants, &n, bases) != 0) {
        print_message("  no permission to make a %s here: skipped\n", kind_names[kind]);
        skip();
    }
    char out[PATH_MAX], err[512] = "";
    if (export_run(f->st, f->stick, NULL, out, sizeof out, err, sizeof err) != 0)
        fail_msg("export_run with a %s at its name: %s", kind_names[kind], err);
    char want0[PATH_MAX], want1[PATH_MAX];
    fmt(want0, "%s/%s-2", f->stick, bases[0]);
    fmt(want1, "%s/%s-2", f->stick, bases[1]);
    if (strcmp(out, want0) && strcmp(out, want1))
        fail_msg("exported to %s, wanted %s", out, want0);
    assert_complete(out);
    for (size_t i = 0; i < n; i++)
        assert_untouched(f, &plants[i]);
    assert_log_unchanged(f);
    /* and again: the next free name, nothing planted disturbed */
    char again[PATH_MAX];
    assert_next_export_works(f, again, sizeof again);
    assert_string_not_equal(again, out);
    for (size_t i = 0; i < n; i++)
        assert_untouched(f, &plants[i]);
}

static void test_name_taken_by_folder(void **state)
{
    taken_by(state, P_FOLDER);
}
static void test_name_taken_by_file(void **state)
{
    taken_by(state, P_FILE);
}
static void test_name_taken_by_symlink(void **state)
{
    taken_by(state, P_LINK);
}
static void test_name_taken_by_dangling_symlink(void **state)
{
    taken_by(state, P_DANGLING);
}
static void test_name_taken_by_fifo(void **state)
{
    taken_by(state, P_FIFO);
}
static void test_name_taken_by_device(void **state)
{
    taken_by(state, P_DEVICE);
}

/* A different kind of thing at each of the first names: the export passes them all. */
static void test_names_taken_by_each_kind(void **state)
{
    fixture *f = *state;
    time_t now = time(NULL);
    char bases[2][96];
    folder_name(f, now, bases[0], sizeof bases[0]);
    folder_name(f, now + 60, bases[1], sizeof bases[1]);
    plant plants[12];
    size_t n = 0;
    static const plant_kind kinds[] = {P_FOLDER, P_FILE, P_LINK, P_DANGLING, P_FIFO, P_DEVICE};
    for (int b = 0; b < 2; b++) {
        int k = 1;
        for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
            char name[224]; /* room for all of bases as the compiler counts it */
            if (k == 1)
                fmt(name, "%s", bases[b]);
            else
                fmt(name, "%s-%d", bases[b], k);
            if (plant_one(f, &plants[n], kinds[i], name) == 0) {
                n++;
                k++;
            }
        }
    }
    int taken = (int)n / 2;
    char out[PATH_MAX], err[512] = "", want0[PATH_MAX], want1[PATH_MAX];
    if (export_run(f->st, f->stick, NULL, out, sizeof out, err, sizeof err) != 0)
        fail_msg("export_run: %s", err);
    fmt(want0, "%s/%s-%d", f->stick, bases[0], taken + 1);
    fmt(want1, "%s/%s-%d", f->stick, bases[1], taken + 1);
    if (strcmp(out, want0) && strcmp(out, want1))
        fail_msg("exported to %s, wanted %s", out, want0);
    assert_complete(out);
    for (size_t i = 0; i < n; i++)
        assert_untouched(f, &plants[i]);
    assert_log_unchanged(f);
}

/* Every name the export may take is taken (100 per minute): it fails after writing
 * everything, removes what it wrote, and works once there is a free name again. */
static void test_every_name_taken(void **state)
{
    fixture *f = *state;
    time_t now = time(NULL);
    char bases[2][96];
    folder_name(f, now, bases[0], sizeof bases[0]);
    folder_name(f, now + 60, bases[1], sizeof bases[1]);
    const char *planted[201];
    static char names[200][128];
    int n = 0;
    for (int b = 0; b < 2; b++)
        for (int i = 1; i <= 100; i++, n++) {
            if (i == 1)
                fmt(names[n], "%s", bases[b]);
            else
                fmt(names[n], "%s-%d", bases[b], i);
            char p[PATH_MAX];
            fmt(p, "%s/%s", f->stick, names[n]);
            assert_int_equal(mkfifo(p, 0644), 0);
            planted[n] = names[n];
        }
    planted[n] = NULL;
    char out[PATH_MAX] = "x", err[512] = "";
    assert_int_equal(export_run(f->st, f->stick, NULL, out, sizeof out, err, sizeof err), -1);
    assert_string_equal(out, "");
    assert_non_null(strstr(err, strerror(EEXIST)));
    print_message("  every name taken -> %s\n", err);
    assert_int_equal(assert_nothing_left(f, planted, 0), 0);
    assert_log_unchanged(f);
    for (int i = 0; i < n; i++) {
        char p[PATH_MAX];
        fmt(p, "%s/%s", f->stick, names[i]);
        struct stat sb;
        assert_int_equal(lstat(p, &sb), 0);
        assert_true(S_ISFIFO(sb.st_mode));
    }
    char p[PATH_MAX]; /* one name free again */
    fmt(p, "%s/%s-50", f->stick, bases[0]);
    assert_int_equal(unlink(p), 0);
    fmt(p, "%s/%s-50", f->stick, bases[1]);
    assert_int_equal(unlink(p), 0);
    assert_next_export_works(f, out, sizeof out);
    assert_non_null(strstr(out, "-50"));
}

/* ---- the target folder itself a link ------------------------------------------------ */

static void refused_as_link(fixture *f, const char *dir)
{
    char out[PATH_MAX] = "x", err[512] = "";
    assert_int_equal(export_run(f->st, dir, NULL, out, sizeof out, err, sizeof err), -1);
    assert_string_equal(out, "");
    if (!strstr(err, "symbolic link") || !strstr(err, dir))
        fail_msg("export to the link %s: the message does not say it is a link: %s", dir, err);
    print_message("  %s -> %s\n", dir, err);
    char name[256];
    if (has_entries(f->elsewhere, name, sizeof name))
        fail_msg("written at the link's target: %s/%s", f->elsewhere, name);
    assert_log_unchanged(f);
}

static void test_target_is_link(void **state)
{
    fixture *f = *state;
    char link[PATH_MAX], dangling[PATH_MAX], slash[PATH_MAX + 2];
    fmt(link, "%s/link", f->stick);
    assert_int_equal(symlink(f->elsewhere, link), 0);
    refused_as_link(f, link);
    /* a link to a link */
    fmt(dangling, "%s/link2", f->stick);
    assert_int_equal(symlink(link, dangling), 0);
    refused_as_link(f, dangling);
    /* with a slash at the end, open(2) follows the link even with O_NOFOLLOW */
    fmt(slash, "%s/", link);
    refused_as_link(f, slash);
    /* the stick itself still takes an export */
    assert_int_equal(unlink(link), 0);
    assert_int_equal(unlink(dangling), 0);
    char out[PATH_MAX];
    assert_next_export_works(f, out, sizeof out);
}

/* ---- the name itself ------------------------------------------------------------------ */

/* What FAT takes: at most 255 characters, none of "*:<>?\| or control characters, no
 * trailing dot or space. The name limit itself (a full FAT root folder) is shown on a
 * FAT image in tests/check/export_faults.sh; it cannot be made honestly on tmpfs/ext4. */
static void test_names_fit_fat(void **state)
{
    fixture *f = *state;
    char out[PATH_MAX];
    assert_next_export_works(f, out, sizeof out);
    const char *base = strrchr(out, '/') + 1;
    const char *const names[] = {base,
                                 export_files[0],
                                 export_files[1],
                                 export_files[2],
                                 export_files[3],
                                 export_files[4],
                                 export_files[5],
                                 export_files[6],
                                 export_files[7],
                                 ".Oogst-tmp-abc123"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t len = strlen(names[i]);
        assert_true(len > 0 && len <= 255);
        for (const char *c = names[i]; *c; c++)
            if ((unsigned char)*c < 0x20 || strchr("\"*/:<>?\\|", *c))
                fail_msg("%s: '%c' is not allowed on FAT", names[i], *c);
        assert_true(names[i][len - 1] != '.' && names[i][len - 1] != ' ');
    }
    /* FAT does not tell case apart: no two files differ only in case */
    for (size_t i = 0; i < N_FILES; i++)
        for (size_t j = i + 1; j < N_FILES; j++)
            assert_true(strcasecmp(export_files[i], export_files[j]) != 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_hook_sees_every_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pulled_after_each_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_folder_vanishes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_removed_then_failure, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_silently_removed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_swapped_for_link, setup, teardown),
        cmocka_unit_test_setup_teardown(test_folder_swapped_for_link, setup, teardown),
        cmocka_unit_test_setup_teardown(test_folder_unreadable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_name_taken_by_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_name_taken_by_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_name_taken_by_symlink, setup, teardown),
        cmocka_unit_test_setup_teardown(test_name_taken_by_dangling_symlink, setup, teardown),
        cmocka_unit_test_setup_teardown(test_name_taken_by_fifo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_name_taken_by_device, setup, teardown),
        cmocka_unit_test_setup_teardown(test_names_taken_by_each_kind, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_name_taken, setup, teardown),
        cmocka_unit_test_setup_teardown(test_target_is_link, setup, teardown),
        cmocka_unit_test_setup_teardown(test_names_fit_fat, setup, teardown),
    };
    return cmocka_run_group_tests_name("export_faults", tests, NULL, NULL);
}
