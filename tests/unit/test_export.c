/* test_export.c — responses.csv on real files: header, RFC 4180 quoting, Unicode,
 * counted and uncounted rows, local times that parse back, unique folder names, and
 * failures (missing, unwritable or symlinked folder, a write that fails) that leave
 * nothing behind. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/script.h"
#include "export/export.h"
#include "store/store.h"

/* Central European time without tzdata: the test does not depend on /usr/share/zoneinfo. */
#define TZ_CET "CET-1CEST,M3.5.0,M10.5.0/3"

enum { MAX_FIELDS = 17, MAX_RECORDS = 16 };

typedef struct fixture {
    char dir[64];
    char data[256];
    char stick[256];
    script *s;
    store *st;
    int64_t w0;     /* 2026-11-23T10:15:02.345+01:00 */
    int64_t summer; /* 2026-06-01T12:00:00.007+02:00 */
} fixture;

typedef struct csv {
    char *buf; /* the whole file */
    size_t len;
    size_t n; /* records, header included */
    char field[MAX_RECORDS][MAX_FIELDS][256];
    size_t n_fields[MAX_RECORDS];
} csv;

/* ---- helpers ------------------------------------------------------------------------ */

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static int64_t utc_ms(int y, int mo, int d, int h, int mi, int s, int ms)
{
    struct tm tm = {
        .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi, .tm_sec = s};
    return (int64_t)timegm(&tm) * 1000 + ms;
}

static script *make_script(void)
{
    arena *a = arena_new();
    assert_non_null(a);
    script *s = arena_alloc(a, sizeof *s);
    s->arena = a;
    s->path = "content/nl/x.yaml";
    s->id = "waarderen";
    s->version = 2;
    s->language = "nl";
    s->title = "Waarderen";
    s->n_steps = 3;
    s->steps = arena_alloc(a, s->n_steps * sizeof *s->steps);
    s->steps[0].type = STEP_WELCOME;
    s->steps[0].title = "Welkom";
    step *v = &s->steps[1];
    v->type = STEP_VOTE;
    v->title = "Stemmen";
    v->n_questions = 1;
    v->questions[0] = (question){.id = "q-keuze",
                                 .text = "Wat pakken we op, eerst?",
                                 .kind = ANSWER_CHOICE,
                                 .options = {"Koffie", "Tijd \"samen\""},
                                 .n_options = 2};
    step *o = &s->steps[2];
    o->type = STEP_OPEN;
    o->title = "Open";
    o->n_questions = 1;
    o->questions[0] = (question){.id = "q-open", .text = "Eén woord", .kind = ANSWER_TEXT, .max_length = 80};
    return s;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    snprintf(f->dir, sizeof f->dir, "/tmp/oogst-export-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->data, sizeof f->data, "%s/data", f->dir);
    snprintf(f->stick, sizeof f->stick, "%s/stick", f->dir);
    assert_int_equal(mkdir(f->stick, 0755), 0);
    setenv("TZ", TZ_CET, 1);
    tzset();

    f->s = make_script();
    char err[256] = "";
    f->st = store_open(f->data, NULL, NULL, err, sizeof err);
    if (!f->st)
        fail_msg("store_open: %s", err);
    f->w0 = utc_ms(2026, 11, 23, 9, 15, 2, 345);
    f->summer = utc_ms(2026, 6, 1, 10, 0, 0, 7);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    store_close(f->st);
    script_free(f->s);
    chmod(f->stick, 0755);
    nftw(f->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
    return 0;
}

/* One session: a counted and an uncounted vote, and a free text with every hard case. */
static const char hard_text[] = "Samen, \"echt\" samen\r\nen dan: café ☕ 🌱";

static void fill_log(fixture *f)
{
    store_begin_session(f->st, f->s, f->w0, 100);
    store_step_enter(f->st, 1, 0, false, f->w0 + 1, 101);
    input_record in = {.source = SRC_BUTTON,
                       .button = 2,
                       .step = 1,
                       .question_id = "q-keuze",
                       .option = 2,
                       .counted = true,
                       .reason = "counted",
                       .mono_ms = 110};
    store_add_input(f->st, &in, f->w0 + 10, 1);
    in.counted = false;
    in.reason = "lockout";
    in.mono_ms = 120;
    store_add_input(f->st, &in, f->w0 + 20, 2);
    store_step_enter(f->st, 2, 0, false, f->w0 + 30, 130);
    in = (input_record){.source = SRC_TEXT,
                        .step = 2,
                        .question_id = "q-open",
                        .text = hard_text,
                        .counted = true,
                        .reason = "counted",
                        .mono_ms = 140};
    store_add_input(f->st, &in, f->summer, 3);
    in = (input_record){
        .source = SRC_KEY, .button = 0, .key = "n", .step = 2, .reason = "no-question", .mono_ms = 150};
    store_add_input(f->st, &in, f->w0 + 50, 4);
    store_end_session(f->st, f->w0 + 60, 160);
    assert_int_equal(store_flush(f->st), 0);
}

static size_t count_entries(const char *path)
{
    DIR *d = opendir(path);
    assert_non_null(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    static char buf[1 << 16];
    *len = fread(buf, 1, sizeof buf - 1, fp);
    buf[*len] = '\0';
    fclose(fp);
    return buf;
}

/* A strict RFC 4180 reader: records end in CRLF, a bare CR or LF only inside quotes. */
static void parse_csv(csv *c)
{
    const char *p = c->buf, *end = c->buf + c->len;
    c->n = 0;
    while (p < end) {
        assert_true(c->n < MAX_RECORDS);
        size_t nf = 0;
        for (;;) {
            assert_true(nf < MAX_FIELDS);
            char *out = c->field[c->n][nf];
            size_t o = 0;
            if (*p == '"') {
                p++;
                for (;;) {
                    assert_true(p < end);
                    if (*p == '"' && p + 1 < end && p[1] == '"') {
                        out[o++] = '"';
                        p += 2;
                    } else if (*p == '"') {
                        p++;
                        break;
                    } else {
                        out[o++] = *p++;
                    }
                    assert_true(o < 255);
                }
            } else {
                while (p < end && *p != ',' && *p != '\r') {
                    assert_true(*p != '\n' && *p != '"');
                    out[o++] = *p++;
                    assert_true(o < 255);
                }
            }
            out[o] = '\0';
            nf++;
            assert_true(p < end);
            if (*p == ',') {
                p++;
                continue;
            }
            assert_int_equal(p[0], '\r');
            assert_true(p + 1 < end);
            assert_int_equal(p[1], '\n');
            p += 2;
            break;
        }
        c->n_fields[c->n++] = nf;
    }
}

/* 2026-11-23T10:15:02.345+01:00 back to ms since the epoch; -1 when malformed. */
static int64_t parse_iso(const char *s)
{
    int y, mo, d, h, mi, se, ms, oh, om, n = 0;
    char sign;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%3d%c%2d:%2d%n", &y, &mo, &d, &h, &mi, &se, &ms, &sign, &oh, &om,
               &n) != 10 ||
        (size_t)n != strlen(s) || (sign != '+' && sign != '-') || strlen(s) != 29)
        return -1;
    int64_t off = ((int64_t)oh * 3600 + om * 60) * 1000 * (sign == '-' ? -1 : 1);
    return utc_ms(y, mo, d, h, mi, se, ms) - off;
}

static void export_ok(fixture *f, char *out, size_t len)
{
    char err[256] = "";
    if (export_run(f->st, f->stick, NULL, out, len, err, sizeof err) != 0)
        fail_msg("export_run: %s", err);
}

static csv *read_export(const char *folder)
{
    csv *c = calloc(1, sizeof *c);
    assert_non_null(c);
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/responses.csv", folder);
    c->buf = slurp(path, &c->len);
    parse_csv(c);
    return c;
}

/* ---- tests -------------------------------------------------------------------------- */

static void test_csv_content(void **state)
{
    fixture *f = *state;
    fill_log(f);
    char out[PATH_MAX];
    export_ok(f, out, sizeof out);

    /* The folder: DIR/Oogst-<device>-<YYYY-MM-DD_HHMM>, alone in DIR (no temporary left),
     * with its eight files. */
    char prefix[PATH_MAX];
    snprintf(prefix, sizeof prefix, "%s/Oogst-%s-", f->stick, store_device_id(f->st));
    assert_memory_equal(out, prefix, strlen(prefix));
    const char *stamp = out + strlen(prefix);
    assert_int_equal(strlen(stamp), 15);
    assert_int_equal(stamp[4], '-');
    assert_int_equal(stamp[7], '-');
    assert_int_equal(stamp[10], '_');
    assert_int_equal(strspn(stamp + 11, "0123456789"), 4);
    assert_int_equal(count_entries(f->stick), 1);
    assert_int_equal(count_entries(out), 8);
    static const char *const files[] = {"resultaten.xlsx", "antwoorden.csv", "samenvatting.csv", "responses.csv",
                                        "rapport.html",    "oogst.db",       "LEESMIJ.txt",      "README.txt"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char p[PATH_MAX + 32];
        struct stat sb;
        snprintf(p, sizeof p, "%s/%s", out, files[i]);
        assert_int_equal(lstat(p, &sb), 0);
        assert_true(S_ISREG(sb.st_mode));
        assert_true(sb.st_size > 0);
    }

    csv *c = read_export(out);
    const char *hdr = "device_id,session_id,session_started,script_id,script_version,step_index,step_type,"
                      "question_id,question_text,answer_kind,option_index,option_text,value,text,input,"
                      "counted,at\r\n";
    assert_memory_equal(c->buf, hdr, strlen(hdr)); /* exactly, and no BOM before it */
    assert_int_equal(c->n, 5);
    for (size_t i = 0; i < c->n; i++)
        assert_int_equal(c->n_fields[i], MAX_FIELDS);

    char sid[32];
    snprintf(sid, sizeof sid, "%lld", (long long)store_session_id(f->st));
    char(*r)[256] = c->field[1]; /* the counted vote */
    assert_string_equal(r[0], store_device_id(f->st));
    assert_string_equal(r[1], sid);
    assert_string_equal(r[2], "2026-11-23T10:15:02.345+01:00");
    assert_string_equal(r[3], "waarderen");
    assert_string_equal(r[4], "2");
    assert_string_equal(r[5], "2"); /* step 1 from 0 is step 2 for people */
    assert_string_equal(r[6], "vote");
    assert_string_equal(r[7], "q-keuze");
    assert_string_equal(r[8], "Wat pakken we op, eerst?");
    assert_string_equal(r[9], "choice");
    assert_string_equal(r[10], "2");
    assert_string_equal(r[11], "Tijd \"samen\"");
    assert_string_equal(r[12], "");
    assert_string_equal(r[13], "");
    assert_string_equal(r[14], "button");
    assert_string_equal(r[15], "1");
    assert_string_equal(r[16], "2026-11-23T10:15:02.355+01:00");

    r = c->field[2]; /* the same press, not counted */
    assert_string_equal(r[15], "0");
    assert_string_equal(r[10], "2");

    r = c->field[3]; /* the free text: comma, quotes, CRLF, Unicode all kept */
    assert_string_equal(r[13], hard_text);
    assert_string_equal(r[14], "text");
    assert_string_equal(r[6], "open");
    assert_string_equal(r[8], "Eén woord");
    assert_string_equal(r[10], "");
    assert_string_equal(r[16], "2026-06-01T12:00:00.007+02:00"); /* summer time */
    assert_non_null(strstr(c->buf, ",\"Samen, \"\"echt\"\" samen\r\nen dan: café ☕ 🌱\",text,1,"));
    assert_non_null(strstr(c->buf, ",\"Wat pakken we op, eerst?\","));

    r = c->field[4]; /* a key, no question */
    assert_string_equal(r[14], "key");
    assert_string_equal(r[7], "");
    assert_string_equal(r[9], "");
    assert_string_equal(r[15], "0");

    /* Every time parses back to the instant that was logged. */
    const int64_t at[] = {f->w0 + 10, f->w0 + 20, f->summer, f->w0 + 50};
    for (size_t i = 1; i < c->n; i++) {
        assert_int_equal(parse_iso(c->field[i][2]), f->w0);
        assert_int_equal(parse_iso(c->field[i][16]), at[i - 1]);
    }
    free(c);
}

static void test_other_time_zone(void **state)
{
    fixture *f = *state;
    fill_log(f);
    setenv("TZ", "EST+5", 1); /* export_csv must pick the change up itself */
    char out[PATH_MAX];
    export_ok(f, out, sizeof out);
    csv *c = read_export(out);
    assert_string_equal(c->field[1][2], "2026-11-23T04:15:02.345-05:00");
    assert_int_equal(parse_iso(c->field[1][2]), f->w0);
    free(c);
    setenv("TZ", TZ_CET, 1);
    tzset();
}

static void test_empty_log_and_unique_names(void **state)
{
    fixture *f = *state;
    char a[PATH_MAX], b[PATH_MAX];
    export_ok(f, a, sizeof a);
    export_ok(f, b, sizeof b); /* the same second, most likely: a suffix keeps both */
    assert_string_not_equal(a, b);
    assert_int_equal(count_entries(f->stick), 2);
    csv *c = read_export(b);
    assert_int_equal(c->n, 1); /* the header only */
    free(c);
    c = read_export(a);
    assert_int_equal(c->n, 1);
    free(c);
}

static void test_missing_dir(void **state)
{
    fixture *f = *state;
    char out[PATH_MAX] = "x", err[256] = "", path[PATH_MAX];
    snprintf(path, sizeof path, "%s/nope", f->stick);
    assert_int_equal(export_run(f->st, path, NULL, out, sizeof out, err, sizeof err), -1);
    assert_non_null(strstr(err, strerror(ENOENT)));
    assert_string_equal(out, "");
    assert_int_equal(count_entries(f->stick), 0);

    /* A file where the folder should be. */
    snprintf(path, sizeof path, "%s/file", f->stick);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fclose(fp);
    err[0] = '\0';
    assert_int_equal(export_run(f->st, path, NULL, out, sizeof out, err, sizeof err), -1);
    assert_true(strlen(err) > 0);
    assert_int_equal(count_entries(f->stick), 1);
}

static void test_symlink_not_followed(void **state)
{
    fixture *f = *state;
    char link[PATH_MAX], out[PATH_MAX], err[256] = "";
    snprintf(link, sizeof link, "%s/link", f->dir);
    assert_int_equal(symlink(f->stick, link), 0);
    assert_int_equal(export_run(f->st, link, NULL, out, sizeof out, err, sizeof err), -1);
    assert_non_null(strstr(err, "symbolic link"));
    assert_int_equal(count_entries(f->stick), 0);
}

static void test_read_only_dir(void **state)
{
    fixture *f = *state;
    if (geteuid() == 0)
        skip(); /* root writes through file modes; this cannot be shown as root */
    fill_log(f);
    assert_int_equal(chmod(f->stick, 0555), 0);
    char out[PATH_MAX], err[256] = "";
    assert_int_equal(export_run(f->st, f->stick, NULL, out, sizeof out, err, sizeof err), -1);
    assert_non_null(strstr(err, "cannot be written"));
    assert_int_equal(count_entries(f->stick), 0);
}

/* A write that fails half way, as on a full stick: a file size limit makes write(2)
 * fail with EFBIG on the export's own file descriptor. Nothing may be left behind. */
static void test_failed_write_leaves_nothing(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < 3; i++)
        fill_log(f); /* well over the limit below */
    struct rlimit old;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    struct rlimit small = {.rlim_cur = 700, .rlim_max = old.rlim_max};
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);

    char out[PATH_MAX], err[256] = "";
    int rc = export_run(f->st, f->stick, NULL, out, sizeof out, err, sizeof err);

    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    signal(SIGXFSZ, prev);
    assert_int_equal(rc, -1);
    assert_non_null(strstr(err, "full"));
    assert_non_null(strstr(err, strerror(EFBIG)));
    assert_int_equal(count_entries(f->stick), 0);

    /* With room again, the same export succeeds. */
    export_ok(f, out, sizeof out);
    csv *c = read_export(out);
    assert_int_equal(c->n, 13);
    free(c);
}

static void test_small_out_buffer_refused(void **state)
{
    fixture *f = *state;
    char out[8], err[256] = "";
    assert_int_equal(export_run(f->st, f->stick, NULL, out, sizeof out, err, sizeof err), -1);
    assert_non_null(strstr(err, "too small"));
    assert_int_equal(count_entries(f->stick), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_csv_content, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_time_zone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_log_and_unique_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_dir, setup, teardown),
        cmocka_unit_test_setup_teardown(test_symlink_not_followed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_only_dir, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_write_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_small_out_buffer_refused, setup, teardown),
    };
    return cmocka_run_group_tests_name("export", tests, NULL, NULL);
}
