/* test_config.c — /etc/oogst/oogst.yaml: defaults, a full file, the shipped example, and each
 * kind of mistake reported at its line and column with what was expected, on real files in
 * a temporary directory. A file with a mistake leaves the configuration untouched. Run from
 * the repository root (the example is systemd/oogst.yaml). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config.h"

static char test_dir[64];

/* ---- helpers ------------------------------------------------------------------------------ */

typedef struct loaded {
    int rc;
    config c;
    char *out; /* everything written to err */
    size_t size;
    char path[128];
} loaded;

static void test_path(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", test_dir, name);
}

static void test_write(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static loaded test_load_path(const char *path)
{
    loaded l = {0};
    snprintf(l.path, sizeof(l.path), "%s", path);
    config_defaults(&l.c);
    FILE *err = open_memstream(&l.out, &l.size);
    assert_non_null(err);
    l.rc = config_load(l.path, &l.c, err);
    assert_int_equal(fclose(err), 0);
    return l;
}

/* Writes text to a new file named name and loads it. */
static loaded test_load_text(const char *name, const char *text)
{
    char path[128];
    test_path(path, sizeof(path), name);
    test_write(path, text, strlen(text));
    return test_load_path(path);
}

static void test_same_config(const config *a, const config *b)
{
    assert_string_equal(a->language, b->language);
    assert_string_equal(a->pin, b->pin);
    assert_int_equal(a->rotate, b->rotate);
    assert_string_equal(a->content_dir, b->content_dir);
    assert_string_equal(a->script, b->script);
}

/* Every line is "PATH:LINE:COL: what; expected ..."; returns how many lines there are. */
static size_t test_lines_ok(const loaded *l)
{
    size_t n = 0, pl = strlen(l->path);
    for (const char *p = l->out; p && *p;) {
        const char *end = strchr(p, '\n');
        assert_non_null(end);
        assert_true(strncmp(p, l->path, pl) == 0 && p[pl] == ':');
        unsigned line = 0, col = 0;
        int used = 0;
        assert_int_equal(sscanf(p + pl, ":%u:%u: %n", &line, &col, &used), 2);
        assert_true(line >= 1 && col >= 1 && used > 0);
        const char *semi = memchr(p, ';', (size_t)(end - p));
        assert_non_null(semi);
        assert_true(strstr(semi, "expected") != NULL && strstr(semi, "expected") < end);
        n++;
        p = end + 1;
    }
    return n;
}

/* The file was refused with exactly one problem at line:col whose message holds each of the
 * given fragments, and the configuration is still the defaults. */
static void test_refused(const loaded *l, unsigned line, unsigned col, const char *frag1, const char *frag2)
{
    config def;
    config_defaults(&def);
    if (l->rc != -1 || test_lines_ok(l) != 1)
        fail_msg("expected one problem, got rc %d and:\n%s", l->rc, l->out);
    char want[256];
    snprintf(want, sizeof(want), "%s:%u:%u: ", l->path, line, col);
    if (strncmp(l->out, want, strlen(want)) != 0 || !strstr(l->out, frag1) ||
        (frag2 && !strstr(l->out, frag2)))
        fail_msg("expected '%s' with '%s'%s%s, got:\n%s", want, frag1, frag2 ? " and " : "",
                 frag2 ? frag2 : "", l->out);
    test_same_config(&l->c, &def);
}

static void test_loaded_free(loaded *l)
{
    free(l->out);
}

/* ---- setup -------------------------------------------------------------------------------- */

static int test_setup(void **state)
{
    (void)state;
    snprintf(test_dir, sizeof(test_dir), "/tmp/oogst-config-XXXXXX");
    return mkdtemp(test_dir) ? 0 : -1;
}

static int test_teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", test_dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- good files --------------------------------------------------------------------------- */

static void test_defaults(void **state)
{
    (void)state;
    config c;
    memset(&c, 0x55, sizeof(c));
    config_defaults(&c);
    assert_string_equal(c.language, "nl");
    assert_string_equal(c.pin, "");
    assert_int_equal(c.rotate, 0);
    assert_string_equal(c.content_dir, OOGST_DATADIR "/content");
    assert_string_equal(c.script, "nl/demo.yaml");
}

static void test_missing_file(void **state)
{
    (void)state;
    char path[128];
    test_path(path, sizeof(path), "no-such-file.yaml");
    loaded l = test_load_path(path);
    config def;
    config_defaults(&def);
    assert_int_equal(l.rc, 1);
    assert_int_equal(l.size, 0); /* not an error: nothing is written */
    test_same_config(&l.c, &def);
    test_loaded_free(&l);
}

static void test_full_file(void **state)
{
    (void)state;
    loaded l = test_load_text("full.yaml", "# a box mounted upside down\n"
                                           "language: en\n"
                                           "pin: \"04219\"\n"
                                           "rotate: 180\n"
                                           "content_dir: /srv/oogst/content\n"
                                           "script: '/srv/oogst/extra/team day.yaml'\n");
    if (l.rc != 0)
        fail_msg("%s", l.out);
    assert_int_equal(l.size, 0);
    assert_string_equal(l.c.language, "en");
    assert_string_equal(l.c.pin, "04219"); /* the leading 0 is kept */
    assert_int_equal(l.c.rotate, 180);
    assert_string_equal(l.c.content_dir, "/srv/oogst/content");
    assert_string_equal(l.c.script, "/srv/oogst/extra/team day.yaml");
    test_loaded_free(&l);

    /* the longest PIN, and every allowed angle */
    static const char *const files[] = {"pin: '12345678'\nrotate: 0\n", "rotate: 90\n", "rotate: 270\n"};
    static const int angles[] = {0, 90, 270};
    for (size_t i = 0; i < 3; i++) {
        l = test_load_text("angle.yaml", files[i]);
        assert_int_equal(l.rc, 0);
        assert_int_equal(l.c.rotate, angles[i]);
        test_loaded_free(&l);
    }
}

static void test_example_file(void **state)
{
    (void)state;
    /* the example sets every key it can to its default (content_dir depends on PREFIX) */
    loaded l = test_load_path("systemd/oogst.yaml");
    if (l.rc != 0)
        fail_msg("rc %d:\n%s", l.rc, l.out);
    config def;
    config_defaults(&def);
    test_same_config(&l.c, &def);
    test_loaded_free(&l);
}

static void test_empty_file(void **state)
{
    (void)state;
    /* the example with every line commented out is the box as delivered */
    static const char *const files[] = {"", "# language: en\n# pin: \"1234\"\n", "---\n"};
    config def;
    config_defaults(&def);
    for (size_t i = 0; i < 3; i++) {
        loaded l = test_load_text("empty.yaml", files[i]);
        if (l.rc != 0)
            fail_msg("file %zu: rc %d:\n%s", i, l.rc, l.out);
        test_same_config(&l.c, &def);
        test_loaded_free(&l);
    }
}

static void test_symlink_followed(void **state)
{
    (void)state;
    char target[128], link[128];
    test_path(target, sizeof(target), "real.yaml");
    test_path(link, sizeof(link), "link.yaml");
    test_write(target, "language: en\n", 13);
    unlink(link);
    assert_int_equal(symlink(target, link), 0);
    loaded l = test_load_path(link);
    assert_int_equal(l.rc, 0);
    assert_string_equal(l.c.language, "en");
    test_loaded_free(&l);
}

/* ---- one mistake each --------------------------------------------------------------------- */

static void test_bad_language(void **state)
{
    (void)state;
    loaded l = test_load_text("lang.yaml", "rotate: 90\nlanguage: de\n");
    test_refused(&l, 2, 11, "'language' is 'de'; expected one of nl, en", NULL);
    test_loaded_free(&l);
}

static void test_bad_pin(void **state)
{
    (void)state;
    loaded l = test_load_text("pin.yaml", "pin: \"12\"\n");
    test_refused(&l, 1, 7, "'pin' has 2 digits; expected 4 to 8 digits in quotes", NULL);
    test_loaded_free(&l);

    l = test_load_text("pin.yaml", "language: en\npin: \"12a\"\n");
    test_refused(&l, 2, 7, "'pin' has a character that is not a digit 0-9; expected 4 to 8 digits", NULL);
    assert_null(strstr(l.out, "12a")); /* a PIN is not repeated into the journal */
    test_loaded_free(&l);

    l = test_load_text("pin.yaml", "pin: \"123456789\"\n");
    test_refused(&l, 1, 7, "'pin' has 9 digits; expected 4 to 8 digits", NULL);
    test_loaded_free(&l);

    l = test_load_text("pin.yaml", "pin: 1234\n");
    test_refused(&l, 1, 6, "'pin' is a number without quotes; expected 4 to 8 digits in quotes",
                 "without quotes a leading 0 would be lost");
    test_loaded_free(&l);

    l = test_load_text("pin.yaml", "pin: 0421\n");
    test_refused(&l, 1, 6, "'pin' is a number without quotes", "leading 0");
    test_loaded_free(&l);

    l = test_load_text("pin.yaml", "pin:\n");
    test_refused(&l, 1, 1, "'pin' has no value", "pin: \"\" for no PIN");
    test_loaded_free(&l);

    l = test_load_text("pin.yaml", "pin: [1, 2, 3, 4]\n");
    test_refused(&l, 1, 6, "'pin' is a list; expected 4 to 8 digits", NULL);
    test_loaded_free(&l);
}

static void test_bad_rotate(void **state)
{
    (void)state;
    loaded l = test_load_text("rotate.yaml", "rotate: 45\n");
    test_refused(&l, 1, 9, "'rotate' is 45; expected 0, 90, 180 or 270", NULL);
    test_loaded_free(&l);

    l = test_load_text("rotate.yaml", "rotate: \"90\"\n");
    test_refused(&l, 1, 10, "'rotate' is quoted text; expected 0, 90, 180 or 270, without quotes", NULL);
    test_loaded_free(&l);

    l = test_load_text("rotate.yaml", "rotate: 90.5\n");
    test_refused(&l, 1, 9, "'rotate' is 90.5; expected 0, 90, 180 or 270", NULL);
    test_loaded_free(&l);
}

static void test_bad_paths(void **state)
{
    (void)state;
    loaded l = test_load_text("dir.yaml", "content_dir: content\n");
    test_refused(&l, 1, 14, "'content_dir' is 'content', a relative path; expected an absolute path", NULL);
    test_loaded_free(&l);

    l = test_load_text("dir.yaml", "script: \"\"\n");
    test_refused(&l, 1, 10, "'script' is empty; expected text", NULL);
    test_loaded_free(&l);

    /* 400 three-byte characters: few enough characters, too many bytes for the buffer */
    char text[1400];
    size_t o = (size_t)snprintf(text, sizeof(text), "script: ");
    for (int i = 0; i < 400; i++)
        o += (size_t)snprintf(text + o, sizeof(text) - o, "\xe2\x82\xac");
    snprintf(text + o, sizeof(text) - o, "\n");
    l = test_load_text("dir.yaml", text);
    test_refused(&l, 1, 9, "'script' is 1200 bytes long; expected at most 1023", NULL);
    test_loaded_free(&l);
}

static void test_unknown_key(void **state)
{
    (void)state;
    loaded l = test_load_text("key.yaml", "language: en\nrotaet: 90\n");
    test_refused(&l, 2, 1,
                 "unknown key 'rotaet' at the top level; expected one of language, pin, rotate, "
                 "content_dir, script (did you mean 'rotate'?)",
                 NULL);
    test_loaded_free(&l);
}

static void test_tab(void **state)
{
    (void)state;
    loaded l = test_load_text("tab.yaml", "# indented with a tab\n\tlanguage: en\n");
    test_refused(&l, 2, 1, "tab", "; expected spaces for indentation, not tabs");
    test_loaded_free(&l);
}

static void test_duplicate_key(void **state)
{
    (void)state;
    loaded l = test_load_text("dup.yaml", "rotate: 90\nlanguage: en\nrotate: 180\n");
    test_refused(&l, 3, 1, "duplicate key 'rotate' (first at 1:1); expected each key once", NULL);
    test_loaded_free(&l);
}

static void test_not_a_mapping(void **state)
{
    (void)state;
    loaded l = test_load_text("list.yaml", "- language: en\n- rotate: 90\n");
    test_refused(&l, 1, 1,
                 "the top level is a list; expected a mapping with keys language, pin, rotate, content_dir, "
                 "script",
                 NULL);
    test_loaded_free(&l);

    l = test_load_text("list.yaml", "just some text\n");
    test_refused(&l, 1, 1, "the top level is text; expected a mapping with keys", NULL);
    test_loaded_free(&l);
}

static void test_directory(void **state)
{
    (void)state;
    char path[128];
    test_path(path, sizeof(path), "a-directory.yaml");
    assert_int_equal(mkdir(path, 0700), 0);
    loaded l = test_load_path(path);
    test_refused(&l, 1, 1, "this is a directory; expected a configuration file", NULL);
    test_loaded_free(&l);

    /* a link is followed, and what it leads to must still be a regular file */
    char link[128];
    test_path(link, sizeof(link), "dir-link.yaml");
    assert_int_equal(symlink(path, link), 0);
    l = test_load_path(link);
    test_refused(&l, 1, 1, "this is a directory", NULL);
    test_loaded_free(&l);
}

static void test_fifo(void **state)
{
    (void)state;
    char path[128];
    test_path(path, sizeof(path), "fifo.yaml");
    assert_int_equal(mkfifo(path, 0600), 0);
    loaded l = test_load_path(path); /* must not block waiting for a writer */
    test_refused(&l, 1, 1, "not a regular file; expected a configuration file", NULL);
    test_loaded_free(&l);
}

static void test_too_large(void **state)
{
    (void)state;
    size_t len = 100 * 1024;
    char *text = malloc(len);
    assert_non_null(text);
    memset(text, '#', len);
    text[len - 1] = '\n';
    char path[128];
    test_path(path, sizeof(path), "large.yaml");
    test_write(path, text, len);
    free(text);
    loaded l = test_load_path(path);
    test_refused(&l, 1, 1, "the file is 102400 bytes; expected at most 65536 bytes", NULL);
    test_loaded_free(&l);
}

static void test_binary(void **state)
{
    (void)state;
    char path[128];
    test_path(path, sizeof(path), "binary.yaml");
    test_write(path, "language: en\nrotate: \0\x01\x02", 24);
    loaded l = test_load_path(path);
    test_refused(&l, 2, 9, "a NUL byte, so this looks like a binary file; expected a UTF-8 text file", NULL);
    test_loaded_free(&l);
}

/* Every problem in one run, each at its place; nothing is taken from a file with a mistake. */
static void test_several_mistakes(void **state)
{
    (void)state;
    loaded l = test_load_text("many.yaml", "language: de\n"
                                           "pin: 1234\n"
                                           "rotate: 45\n"
                                           "script: en/demo.yaml\n");
    assert_int_equal(l.rc, -1);
    assert_int_equal(test_lines_ok(&l), 3);
    char want[3][160];
    snprintf(want[0], sizeof(want[0]), "%s:1:11: 'language' is 'de'", l.path);
    snprintf(want[1], sizeof(want[1]), "%s:2:6: 'pin' is a number", l.path);
    snprintf(want[2], sizeof(want[2]), "%s:3:9: 'rotate' is 45", l.path);
    for (size_t i = 0; i < 3; i++)
        if (!strstr(l.out, want[i]))
            fail_msg("no '%s' in:\n%s", want[i], l.out);
    assert_string_equal(l.c.script, "nl/demo.yaml"); /* the good line is not half-applied */
    test_loaded_free(&l);
}

static void test_anchor(void **state)
{
    (void)state;
    loaded l = test_load_text("anchor.yaml", "language: &l en\n");
    char want[256];
    snprintf(want, sizeof(want),
             "%s:1:12: anchor '&l' found; anchors and aliases are not allowed, write the value out\n",
             l.path);
    assert_int_equal(l.rc, -1);
    assert_string_equal(l.out, want);
    test_loaded_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),         cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_full_file),        cmocka_unit_test(test_example_file),
        cmocka_unit_test(test_empty_file),       cmocka_unit_test(test_symlink_followed),
        cmocka_unit_test(test_bad_language),     cmocka_unit_test(test_bad_pin),
        cmocka_unit_test(test_bad_rotate),       cmocka_unit_test(test_bad_paths),
        cmocka_unit_test(test_unknown_key),      cmocka_unit_test(test_tab),
        cmocka_unit_test(test_duplicate_key),    cmocka_unit_test(test_not_a_mapping),
        cmocka_unit_test(test_directory),        cmocka_unit_test(test_fifo),
        cmocka_unit_test(test_too_large),        cmocka_unit_test(test_binary),
        cmocka_unit_test(test_several_mistakes), cmocka_unit_test(test_anchor),
    };
    return cmocka_run_group_tests(tests, test_setup, test_teardown);
}
