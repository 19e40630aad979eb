/* test_i18n.c — the screen language (i18n.h): the real catalogs compiled by msgfmt from
 * assets/po/ into a temporary locale directory, language switching, fallbacks to the msgid,
 * refusal of broken, oversized and symlinked .mo files, .mo files in both byte orders built by
 * hand, and the .po files themselves (same msgids, every Dutch msgstr filled in).
 * Runs from the repository root; needs msgfmt (Debian package gettext). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "i18n/i18n.h"

extern char **environ;

static char root[64];  /* the mkdtemp directory */
static char good[128]; /* root/good: both catalogs from assets/po */
static char bad[128];  /* root/bad: en from assets/po, nl as each test writes it */
static char *nl_mo;    /* the compiled nl.mo, for corrupting */
static size_t nl_mo_size;

/* --- helpers ------------------------------------------------------------------------------- */

static int mkdirs(const char *path)
{
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0700) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(buf, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

static int run_msgfmt(const char *po, const char *mo)
{
    char *argv[] = {"msgfmt", "--check", "-o", (char *)mo, (char *)po, NULL};
    pid_t pid;
    if (posix_spawnp(&pid, "msgfmt", NULL, NULL, argv, environ) != 0) {
        fprintf(stderr, "cannot run msgfmt (apt-get install -y gettext)\n");
        return -1;
    }
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    return 0;
}

static char *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 4096;
            char *nb = realloc(buf, cap + 1);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    fclose(f);
    buf[n] = '\0';
    *size = n;
    return buf;
}

static void write_file(const char *path, const void *data, size_t len)
{
    unlink(path);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static void nl_path(char *buf, size_t cap)
{
    snprintf(buf, cap, "%s/nl/LC_MESSAGES/oogst.mo", bad);
}

/* Replaces whatever is at bad's nl catalog path (file, link, directory, FIFO) by data. */
static void write_nl(const void *data, size_t len)
{
    char p[256];
    nl_path(p, sizeof(p));
    rmdir(p);
    write_file(p, data, len);
}

static void put_u32(char *buf, size_t off, uint32_t v, bool big)
{
    for (int i = 0; i < 4; i++)
        buf[off + (size_t)i] = (char)(big ? v >> (24 - 8 * i) : v >> (8 * i));
}

static void put_native_u32(char *buf, size_t off, uint32_t v)
{
    memcpy(buf + off, &v, sizeof(v));
}

/* Runs i18n_init on dir with its problems captured; returns the catalogs loaded and puts the
 * report (malloc'd, caller frees) in *out. */
static int init_capture(const char *dir, char **out)
{
    size_t len = 0;
    *out = NULL;
    FILE *err = open_memstream(out, &len);
    assert_non_null(err);
    int n = i18n_init(dir, err);
    assert_int_equal(fclose(err), 0);
    return n;
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* The nl catalog in bad/ must be refused with one line naming it (and containing why, when
 * given), en must still load, and nl must fall back to the msgids. */
static void expect_nl_refused(const char *why)
{
    char *msg;
    assert_int_equal(init_capture(bad, &msg), 1);
    assert_non_null(msg);
    assert_non_null(strstr(msg, "/nl/LC_MESSAGES/oogst.mo: "));
    assert_null(strstr(msg, "/en/"));
    assert_int_equal(count_lines(msg), 1);
    if (why && !strstr(msg, why))
        fail_msg("expected \"%s\" in: %s", why, msg);
    free(msg);
    assert_int_equal(i18n_set_language("nl"), 0);
    const char *id = "Paused";
    assert_ptr_equal(tr(id), id);
    assert_int_equal(i18n_set_language("en"), 0);
    assert_string_equal(tr(id), "Paused");
    i18n_set_language("nl");
    i18n_free();
}

/* A copy of the real nl.mo to damage; the caller frees it. */
static char *nl_copy(void)
{
    char *c = malloc(nl_mo_size);
    assert_non_null(c);
    memcpy(c, nl_mo, nl_mo_size);
    return c;
}

/* --- hand-built .mo files ------------------------------------------------------------------ */

typedef struct pair {
    const char *orig; /* may hold NULs (plurals): len gives the length */
    size_t orig_len;
    const char *trans;
    size_t trans_len;
} pair;

#define PAIR(o, t)                                                                                           \
    {                                                                                                        \
        o, sizeof(o) - 1, t, sizeof(t) - 1                                                                   \
    }

/* A .mo with the entries in the order given (msgfmt sorts; we may not), no hash table, in
 * big- or little-endian byte order. Caller frees. */
static char *build_mo(const pair *p, uint32_t n, bool big, size_t *size)
{
    size_t total = 28 + (size_t)n * 16;
    for (uint32_t i = 0; i < n; i++)
        total += p[i].orig_len + 1 + p[i].trans_len + 1;
    char *buf = calloc(1, total);
    assert_non_null(buf);
    put_u32(buf, 0, 0x950412deu, big);
    put_u32(buf, 4, 0, big);
    put_u32(buf, 8, n, big);
    put_u32(buf, 12, 28, big);
    put_u32(buf, 16, 28 + n * 8, big);
    put_u32(buf, 20, 0, big);
    put_u32(buf, 24, 0, big);
    size_t at = 28 + (size_t)n * 16;
    for (uint32_t i = 0; i < n; i++) {
        put_u32(buf, 28 + i * 8, (uint32_t)p[i].orig_len, big);
        put_u32(buf, 28 + i * 8 + 4, (uint32_t)at, big);
        memcpy(buf + at, p[i].orig, p[i].orig_len);
        at += p[i].orig_len + 1;
    }
    for (uint32_t i = 0; i < n; i++) {
        put_u32(buf, 28 + (n + i) * 8, (uint32_t)p[i].trans_len, big);
        put_u32(buf, 28 + (n + i) * 8 + 4, (uint32_t)at, big);
        memcpy(buf + at, p[i].trans, p[i].trans_len);
        at += p[i].trans_len + 1;
    }
    *size = total;
    return buf;
}

static const pair hand[] = {
    PAIR("", "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n"),
    PAIR("%u file\0%u files", "%u bestand\0%u bestanden"),
    PAIR("Close", ""),
    PAIR("Paused", "Gepauzeerd"),
    PAIR("Step %zu of %zu", "Stap %zu van %zu"),
    PAIR("Zebra", "Zebra (nl)"),
    PAIR("menu\004Open", "Openen"),
};

static void check_hand_catalog(void)
{
    assert_int_equal(i18n_set_language("nl"), 0);
    assert_string_equal(tr("Paused"), "Gepauzeerd");
    assert_string_equal(tr("Step %zu of %zu"), "Stap %zu van %zu");
    assert_string_equal(tr("Zebra"), "Zebra (nl)");
    assert_string_equal(tr("%u file"), "%u bestand"); /* plural: the first form */
    assert_string_equal(tr("menu\004Open"), "Openen");
    const char *open = "Open", *close = "Close", *empty = "";
    assert_ptr_equal(tr(open), open);   /* only found with its context */
    assert_ptr_equal(tr(close), close); /* empty translation: the msgid */
    assert_ptr_equal(tr(empty), empty); /* the header is not a UI string */
}

/* --- fixtures ------------------------------------------------------------------------------ */

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int group_setup(void **state)
{
    (void)state;
    snprintf(root, sizeof(root), "/tmp/oogst-i18n-XXXXXX");
    if (!mkdtemp(root))
        return -1;
    snprintf(good, sizeof(good), "%s/good", root);
    snprintf(bad, sizeof(bad), "%s/bad", root);
    static const char *const langs[] = {"nl", "en"};
    for (int i = 0; i < 2; i++) {
        char dir[256], po[64], mo[320];
        snprintf(dir, sizeof(dir), "%s/%s/LC_MESSAGES", good, langs[i]);
        snprintf(po, sizeof(po), "assets/po/%s.po", langs[i]);
        snprintf(mo, sizeof(mo), "%s/oogst.mo", dir);
        if (mkdirs(dir) != 0 || run_msgfmt(po, mo) != 0)
            return -1;
        snprintf(dir, sizeof(dir), "%s/%s/LC_MESSAGES", bad, langs[i]);
        if (mkdirs(dir) != 0)
            return -1;
    }
    char p[256];
    snprintf(p, sizeof(p), "%s/nl/LC_MESSAGES/oogst.mo", good);
    nl_mo = slurp(p, &nl_mo_size);
    snprintf(p, sizeof(p), "%s/en/LC_MESSAGES/oogst.mo", bad);
    if (run_msgfmt("assets/po/en.po", p) != 0)
        return -1;
    return nl_mo ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    free(nl_mo);
    i18n_free();
    if (root[0])
        nftw(root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}

/* Every test leaves the module as a fresh program has it. */
static int teardown(void **state)
{
    (void)state;
    i18n_free();
    i18n_set_language("nl");
    return 0;
}

/* --- the real catalogs --------------------------------------------------------------------- */

/* Before any switch the language is Dutch, and the Dutch strings come from the catalog. */
static void test_default_nl(void **state)
{
    (void)state;
    assert_string_equal(i18n_language(), "nl");
    char *msg;
    assert_int_equal(init_capture(good, &msg), 2);
    assert_string_equal(msg, ""); /* nothing to report */
    free(msg);
    assert_string_equal(i18n_language(), "nl");
    assert_string_equal(tr("Step %zu of %zu"), "Stap %zu van %zu");
    assert_string_equal(tr("Paused"), "Pauze");
    assert_string_equal(tr("Time is up"), "Tijd is om");
    assert_string_equal(tr("Switch roles"), "Wissel van rol");
    assert_string_equal(tr("Exported to %s"), "Geëxporteerd naar %s");
    assert_string_equal(tr("You can switch off the box when the screen is dark."),
                        "Je kunt het kastje uitzetten als het scherm zwart is.");
}

static void test_switch_to_en_and_back(void **state)
{
    (void)state;
    assert_int_equal(i18n_init(good, NULL), 2);
    assert_int_equal(i18n_set_language("en"), 0);
    assert_string_equal(i18n_language(), "en");
    assert_string_equal(tr("Paused"), "Paused");
    assert_string_equal(tr("Step %zu of %zu"), "Step %zu of %zu");
    const char *nl_later = NULL;
    assert_int_equal(i18n_set_language("nl"), 0);
    nl_later = tr("Facilitator");
    assert_string_equal(nl_later, "Begeleider");
    assert_int_equal(i18n_set_language("en"), 0);
    assert_string_equal(tr("Facilitator"), "Facilitator");
    assert_string_equal(nl_later, "Begeleider"); /* still valid after the switch */
    /* a re-init keeps the language the facilitator chose */
    assert_int_equal(i18n_init(good, NULL), 2);
    assert_string_equal(i18n_language(), "en");
    assert_string_equal(tr("Enter the PIN"), "Enter the PIN");
}

static void test_unknown_language_refused(void **state)
{
    (void)state;
    assert_int_equal(i18n_init(good, NULL), 2);
    assert_int_equal(i18n_set_language("en"), 0);
    static const char *const no[] = {"de", "NL", "nl_NL", "nl_NL.UTF-8", "", "e", "enx"};
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
        assert_int_equal(i18n_set_language(no[i]), -1);
    assert_int_equal(i18n_set_language(NULL), -1);
    assert_string_equal(i18n_language(), "en");
    assert_string_equal(tr("Paused"), "Paused");
}

static void test_unknown_msgid_is_returned(void **state)
{
    (void)state;
    assert_int_equal(i18n_init(good, NULL), 2);
    const char *ids[] = {"No such string", "", "A", "zzz", "Paused ", "paused", "Step %zu"};
    for (int l = 0; l < 2; l++) {
        assert_int_equal(i18n_set_language(l ? "en" : "nl"), 0);
        for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
            assert_ptr_equal(tr(ids[i]), ids[i]);
        assert_string_equal(tr(NULL), "");
    }
}

/* After i18n_free (and before any init) every string is its msgid. */
static void test_free_falls_back(void **state)
{
    (void)state;
    const char *id = "Paused";
    assert_ptr_equal(tr(id), id);
    assert_int_equal(i18n_init(good, NULL), 2);
    assert_string_equal(tr(id), "Pauze");
    i18n_free();
    i18n_free();
    assert_ptr_equal(tr(id), id);
}

static void test_missing_dir_reported(void **state)
{
    (void)state;
    char dir[256], *msg;
    snprintf(dir, sizeof(dir), "%s/nowhere", root);
    assert_int_equal(init_capture(dir, &msg), 0);
    assert_int_equal(count_lines(msg), 2);
    assert_non_null(strstr(msg, "nowhere/nl/LC_MESSAGES/oogst.mo: No such file or directory"));
    assert_non_null(strstr(msg, "nowhere/en/LC_MESSAGES/oogst.mo: No such file or directory"));
    free(msg);
    const char *id = "Wrong PIN";
    assert_ptr_equal(tr(id), id);
    assert_int_equal(i18n_init(dir, NULL), 0); /* no err stream: quiet, no crash */
    assert_int_equal(init_capture(NULL, &msg), 0);
    assert_int_equal(count_lines(msg), 2);
    free(msg);
    assert_ptr_equal(tr(id), id);
}

/* --- broken catalogs ----------------------------------------------------------------------- */

static void test_truncated_refused(void **state)
{
    (void)state;
    write_nl(nl_mo, 0);
    expect_nl_refused("too short");
    write_nl(nl_mo, 20);
    expect_nl_refused("too short");
    write_nl(nl_mo, 40); /* a header, tables cut off */
    expect_nl_refused("beyond the end");
    /* cut anywhere in the strings: a string loses its end or its NUL */
    for (size_t len = nl_mo_size / 2; len < nl_mo_size; len += (nl_mo_size - len + 1) / 2) {
        write_nl(nl_mo, len);
        expect_nl_refused(NULL);
    }
    write_nl(nl_mo, nl_mo_size);
    char *msg;
    assert_int_equal(init_capture(bad, &msg), 2);
    assert_string_equal(msg, "");
    free(msg);
}

static void test_wrong_magic_refused(void **state)
{
    (void)state;
    char *c = nl_copy();
    c[0] ^= 0x01;
    write_nl(c, nl_mo_size);
    expect_nl_refused("not a .mo file");
    write_nl("# not a catalog, a .po file by mistake\nmsgid \"\"\n", 48);
    expect_nl_refused("not a .mo file");
    free(c);
}

static void test_bad_revision_refused(void **state)
{
    (void)state;
    char *c = nl_copy();
    put_native_u32(c, 4, 1u << 16);
    write_nl(c, nl_mo_size);
    expect_nl_refused("revision 1.0");
    free(c);
}

/* Offsets and lengths that point past the end, and a huge N, each in a field of its own. */
static void test_offsets_beyond_end_refused(void **state)
{
    (void)state;
    static const struct {
        size_t field; /* byte offset of the u32 to damage, from the file start */
        uint32_t value;
        const char *why;
    } cases[] = {
        {8, 0xffffffffu, "beyond the end"},  /* N */
        {8, 0x20000000u, "beyond the end"},  /* N * 8 overflows 32 bits */
        {12, 0xfffffff8u, "beyond the end"}, /* originals table */
        {16, 0xfffffff8u, "beyond the end"}, /* translations table */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *c = nl_copy();
        put_native_u32(c, cases[i].field, cases[i].value);
        write_nl(c, nl_mo_size);
        expect_nl_refused(cases[i].why);
        free(c);
    }
    uint32_t n, orig_tab, trans_tab;
    memcpy(&n, nl_mo + 8, 4);
    memcpy(&orig_tab, nl_mo + 12, 4);
    memcpy(&trans_tab, nl_mo + 16, 4);
    /* a table that starts inside the file and runs past its end */
    char *t = nl_copy();
    put_native_u32(t, 16, (uint32_t)nl_mo_size - n * 4);
    write_nl(t, nl_mo_size);
    expect_nl_refused("beyond the end");
    free(t);
    /* string descriptors: the first original and the last translation */
    size_t descs[] = {orig_tab, trans_tab + (size_t)(n - 1) * 8};
    for (size_t d = 0; d < 2; d++) {
        static const uint32_t lens[] = {0xffffffffu, 0x7fffffffu};
        for (size_t k = 0; k < 2; k++) {
            char *c = nl_copy();
            put_native_u32(c, descs[d], lens[k]); /* length */
            write_nl(c, nl_mo_size);
            expect_nl_refused("outside the file");
            free(c);
            c = nl_copy();
            put_native_u32(c, descs[d] + 4, (uint32_t)nl_mo_size + (uint32_t)k * 100); /* offset */
            write_nl(c, nl_mo_size);
            expect_nl_refused("outside the file");
            free(c);
        }
        /* a string without its NUL inside the file */
        char *c = nl_copy();
        uint32_t len, off;
        memcpy(&len, c + descs[d], 4);
        memcpy(&off, c + descs[d] + 4, 4);
        c[off + len] = 'x';
        write_nl(c, nl_mo_size);
        expect_nl_refused("lacks its NUL");
        free(c);
    }
}

static void test_symlink_refused(void **state)
{
    (void)state;
    char p[256], target[256];
    nl_path(p, sizeof(p));
    snprintf(target, sizeof(target), "%s/nl/LC_MESSAGES/oogst.mo", good);
    unlink(p);
    assert_int_equal(symlink(target, p), 0);
    expect_nl_refused("symbolic link");
    unlink(p);
}

static void test_not_regular_refused(void **state)
{
    (void)state;
    char p[256];
    nl_path(p, sizeof(p));
    unlink(p);
    assert_int_equal(mkdir(p, 0700), 0);
    expect_nl_refused("not a regular file");
    assert_int_equal(rmdir(p), 0);
    assert_int_equal(mkfifo(p, 0600), 0); /* no writer: a plain open would block forever */
    expect_nl_refused("not a regular file");
    unlink(p);
}

/* 4 MiB is the limit: a valid catalog padded to exactly 4 MiB loads, one byte more does not. */
static void test_size_limit(void **state)
{
    (void)state;
    char p[256];
    nl_path(p, sizeof(p));
    write_nl(nl_mo, nl_mo_size);
    assert_int_equal(truncate(p, 4 * 1024 * 1024), 0);
    assert_int_equal(i18n_init(bad, NULL), 2);
    assert_string_equal(tr("Paused"), "Pauze");
    i18n_free();
    assert_int_equal(truncate(p, 4 * 1024 * 1024 + 1), 0);
    expect_nl_refused("larger than 4 MiB");
}

static void test_other_charset_refused(void **state)
{
    (void)state;
    static const pair p[] = {
        PAIR("", "Content-Type: text/plain; charset=ISO-8859-1\n"),
        PAIR("Paused", "Pauze"),
    };
    size_t size;
    char *mo = build_mo(p, 2, false, &size);
    write_nl(mo, size);
    expect_nl_refused("charset");
    free(mo);
}

/* --- hand-built catalogs ------------------------------------------------------------------- */

static void test_both_byte_orders(void **state)
{
    (void)state;
    for (int big = 0; big < 2; big++) {
        size_t size;
        char *mo = build_mo(hand, sizeof(hand) / sizeof(hand[0]), big, &size);
        write_nl(mo, size);
        char *msg;
        assert_int_equal(init_capture(bad, &msg), 2);
        assert_string_equal(msg, "");
        free(msg);
        check_hand_catalog();
        i18n_free();
        free(mo);
    }
}

/* Another tool may write the originals unsorted; lookups must still find them. */
static void test_unsorted_table(void **state)
{
    (void)state;
    enum { N = sizeof(hand) / sizeof(hand[0]) };
    pair rev[N];
    for (size_t i = 0; i < N; i++)
        rev[i] = hand[N - 1 - i];
    size_t size;
    char *mo = build_mo(rev, N, true, &size);
    write_nl(mo, size);
    assert_int_equal(i18n_init(bad, NULL), 2);
    check_hand_catalog();
    free(mo);
}

/* A translation that reads other printf arguments than its msgid would crash the screen: it is
 * dropped with a line to err, the rest of the catalog stays. */
static void test_format_mismatch_dropped(void **state)
{
    (void)state;
    static const pair p[] = {
        PAIR("%u of %u characters", "%u van %u tekens"),
        PAIR("100%% done", "100%% klaar"),
        PAIR("Answers: %u", "Antwoorden: %s"),
        PAIR("Exported to %s", "Geëxporteerd"),
        PAIR("Paused", "Pauze %n"),
        PAIR("Step %zu of %zu", "Stap %u van %zu"),
        PAIR("Width %*d", "Breedte %-*d"),
    };
    size_t size;
    char *mo = build_mo(p, sizeof(p) / sizeof(p[0]), false, &size);
    write_nl(mo, size);
    char *msg;
    assert_int_equal(init_capture(bad, &msg), 2);
    assert_int_equal(count_lines(msg), 4);
    assert_non_null(strstr(msg, "\"Answers: %u\": translation has other % conversions"));
    assert_non_null(strstr(msg, "\"Exported to %s\""));
    assert_non_null(strstr(msg, "\"Paused\""));
    assert_non_null(strstr(msg, "\"Step %zu of %zu\""));
    free(msg);
    assert_string_equal(tr("%u of %u characters"), "%u van %u tekens");
    assert_string_equal(tr("100%% done"), "100%% klaar");
    assert_string_equal(tr("Width %*d"), "Breedte %-*d");
    const char *ids[] = {"Answers: %u", "Exported to %s", "Paused", "Step %zu of %zu"};
    for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
        assert_ptr_equal(tr(ids[i]), ids[i]);
    free(mo);
}

/* An empty catalog (N = 0, header only) is valid and translates nothing. */
static void test_empty_catalog(void **state)
{
    (void)state;
    size_t size;
    char *mo = build_mo(hand, 0, false, &size);
    write_nl(mo, size);
    assert_int_equal(i18n_init(bad, NULL), 2);
    const char *id = "Paused";
    assert_ptr_equal(tr(id), id);
    free(mo);
}

/* --- the .po files ------------------------------------------------------------------------- */

enum { PO_MAX = 512, PO_STR = 512 };

typedef struct po_entry {
    char id[PO_STR];
    char str[PO_STR];
} po_entry;

typedef struct po_file {
    size_t n;
    char header[2048];
    po_entry e[PO_MAX];
} po_file;

/* Appends the C-escaped contents of the quoted string at q to out. */
static void po_append(char *out, size_t cap, const char *q)
{
    size_t n = strlen(out);
    assert_true(*q == '"');
    for (q++; *q && *q != '"'; q++) {
        char c = *q;
        if (c == '\\') {
            q++;
            c = *q == 'n' ? '\n' : *q == 't' ? '\t' : *q;
        }
        assert_true(n + 1 < cap);
        out[n++] = c;
    }
    assert_true(*q == '"');
    out[n] = '\0';
}

/* Just enough of the PO syntax for our files: msgid/msgstr (msgstr[0] of plurals) with
 * continuation lines; comments and obsolete (#~) entries skipped. */
static po_file *po_read(const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    po_file *po = calloc(1, sizeof(*po));
    assert_non_null(po);
    char line[1024], *target = NULL, id[PO_STR] = "", str[PO_STR] = "";
    size_t cap = 0;
    bool have = false;
    for (;;) {
        bool eof = !fgets(line, sizeof(line), f);
        if (eof || line[0] == '#' || line[0] == '\n' || strncmp(line, "msgid ", 6) == 0) {
            if (have) {
                if (id[0] == '\0') {
                    snprintf(po->header, sizeof(po->header), "%s", str);
                } else {
                    assert_true(po->n < PO_MAX);
                    snprintf(po->e[po->n].id, PO_STR, "%s", id);
                    snprintf(po->e[po->n].str, PO_STR, "%s", str);
                    po->n++;
                }
                have = false;
                id[0] = str[0] = '\0';
            }
            target = NULL;
            if (eof)
                break;
        }
        if (strncmp(line, "msgid ", 6) == 0) {
            have = true;
            target = id;
            cap = sizeof(id);
            po_append(target, cap, line + 6);
        } else if (strncmp(line, "msgstr ", 7) == 0 || strncmp(line, "msgstr[0] ", 10) == 0) {
            target = str;
            cap = sizeof(str);
            po_append(target, cap, strchr(line, '"'));
        } else if (strncmp(line, "msgid_plural ", 13) == 0 || strncmp(line, "msgstr[", 7) == 0) {
            target = NULL;
        } else if (line[0] == '"' && target) {
            po_append(target, cap, line);
        }
    }
    fclose(f);
    return po;
}

static const po_entry *po_find(const po_file *po, const char *id)
{
    for (size_t i = 0; i < po->n; i++)
        if (strcmp(po->e[i].id, id) == 0)
            return &po->e[i];
    return NULL;
}

static void test_po_files_agree(void **state)
{
    (void)state;
    po_file *nl = po_read("assets/po/nl.po");
    po_file *en = po_read("assets/po/en.po");
    assert_true(nl->n >= 40); /* the catalogs hold the UI: tests/check/po.sh checks they are complete */
    assert_int_equal(nl->n, en->n);
    static const char *const need[] = {"Content-Type: text/plain; charset=UTF-8\n",
                                       "Plural-Forms: nplurals=2; plural=(n != 1);\n"};
    for (size_t i = 0; i < 2; i++) {
        assert_non_null(strstr(nl->header, need[i]));
        assert_non_null(strstr(en->header, need[i]));
    }
    assert_non_null(strstr(nl->header, "Language: nl\n"));
    assert_non_null(strstr(en->header, "Language: en\n"));
    for (size_t i = 0; i < nl->n; i++) {
        const po_entry *e = &nl->e[i];
        if (e->str[0] == '\0')
            fail_msg("nl.po: \"%s\" has no translation", e->id);
        if (!po_find(en, e->id))
            fail_msg("\"%s\" is in nl.po, not in en.po", e->id);
        assert_ptr_equal(po_find(nl, e->id), e); /* no duplicates */
    }
    for (size_t i = 0; i < en->n; i++) {
        if (!po_find(nl, en->e[i].id))
            fail_msg("\"%s\" is in en.po, not in nl.po", en->e[i].id);
        assert_string_equal(en->e[i].str, en->e[i].id);
    }

    /* and every entry comes through the compiled catalogs as the .po says */
    assert_int_equal(i18n_init(good, NULL), 2);
    for (size_t i = 0; i < nl->n; i++) {
        assert_int_equal(i18n_set_language("nl"), 0);
        assert_string_equal(tr(nl->e[i].id), nl->e[i].str);
        assert_int_equal(i18n_set_language("en"), 0);
        assert_string_equal(tr(nl->e[i].id), nl->e[i].id);
    }
    free(nl);
    free(en);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_default_nl, teardown),
        cmocka_unit_test_teardown(test_switch_to_en_and_back, teardown),
        cmocka_unit_test_teardown(test_unknown_language_refused, teardown),
        cmocka_unit_test_teardown(test_unknown_msgid_is_returned, teardown),
        cmocka_unit_test_teardown(test_free_falls_back, teardown),
        cmocka_unit_test_teardown(test_missing_dir_reported, teardown),
        cmocka_unit_test_teardown(test_truncated_refused, teardown),
        cmocka_unit_test_teardown(test_wrong_magic_refused, teardown),
        cmocka_unit_test_teardown(test_bad_revision_refused, teardown),
        cmocka_unit_test_teardown(test_offsets_beyond_end_refused, teardown),
        cmocka_unit_test_teardown(test_symlink_refused, teardown),
        cmocka_unit_test_teardown(test_not_regular_refused, teardown),
        cmocka_unit_test_teardown(test_size_limit, teardown),
        cmocka_unit_test_teardown(test_other_charset_refused, teardown),
        cmocka_unit_test_teardown(test_both_byte_orders, teardown),
        cmocka_unit_test_teardown(test_unsorted_table, teardown),
        cmocka_unit_test_teardown(test_format_mismatch_dropped, teardown),
        cmocka_unit_test_teardown(test_empty_catalog, teardown),
        cmocka_unit_test_teardown(test_po_files_agree, teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
