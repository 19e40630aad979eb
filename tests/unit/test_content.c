/* test_content.c — the session-script loader: every bad input gives a well-formed message
 * at the right place and NULL, in bounded time; good scripts fill struct script as the
 * schema says. Run from the repository root (paths are relative to it). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "content/content.h"
#include "content/text.h"

static char test_tmpdir[64];

/* ---- helpers ------------------------------------------------------------------------------ */

typedef struct loaded {
    script *s;
    char *out; /* everything written to err */
    size_t size;
} loaded;

static loaded test_load(const char *path)
{
    loaded l = {0};
    FILE *err = open_memstream(&l.out, &l.size);
    assert_non_null(err);
    l.s = content_load(path, err);
    fclose(err);
    return l;
}

static void test_loaded_free(loaded *l)
{
    script_free(l->s);
    free(l->out);
}

/* One line is "PATH:LINE:COL: what; expected" with LINE and COL at least 1. */
static bool test_line_ok(const char *line, size_t len, const char *path)
{
    size_t pl = strlen(path);
    if (len <= pl + 1 || strncmp(line, path, pl) != 0 || line[pl] != ':')
        return false;
    const char *p = line + pl + 1, *end = line + len;
    for (int field = 0; field < 2; field++) {
        unsigned long v = 0;
        const char *start = p;
        while (p < end && *p >= '0' && *p <= '9')
            v = v * 10 + (unsigned long)(*p++ - '0');
        if (p == start || v == 0 || p >= end || *p != ':')
            return false;
        p++;
    }
    if (p >= end || *p != ' ')
        return false;
    const char *semi = memmem(p, (size_t)(end - p), "; ", 2);
    return semi && semi > p + 1 && semi + 2 < end;
}

/* Every line of out is well formed; returns how many there are. */
static size_t test_check_lines(const char *out, const char *path)
{
    size_t n = 0;
    for (const char *l = out; *l;) {
        const char *nl = strchr(l, '\n');
        assert_non_null(nl);
        if (!test_line_ok(l, (size_t)(nl - l), path))
            fail_msg("badly formed message: %.*s", (int)(nl - l), l);
        n++;
        l = nl + 1;
    }
    return n;
}

static double test_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_write(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* Loads path, which must fail: NULL, well-formed lines, the first at line:col and
 * holding want. Bounded time: every case here must take well under a few seconds. */
static void test_expect_error(const char *path, unsigned line, unsigned col, const char *want)
{
    double t0 = test_seconds();
    loaded l = test_load(path);
    double took = test_seconds() - t0;
    if (l.s)
        fail_msg("%s loaded, expected an error containing '%s'", path, want);
    assert_non_null(l.out);
    size_t n = test_check_lines(l.out, path);
    assert_true(n >= 1);
    char prefix[512];
    snprintf(prefix, sizeof(prefix), "%s:%u:%u: ", path, line, col);
    const char *nl = strchr(l.out, '\n');
    if (strncmp(l.out, prefix, strlen(prefix)) != 0 ||
        !memmem(l.out, (size_t)(nl - l.out), want, strlen(want)))
        fail_msg("%s: expected '%s...%s', got: %s", path, prefix, want, l.out);
    assert_true(took < 5.0);
    test_loaded_free(&l);
}

/* ---- bad inputs, from files -------------------------------------------------------------- */

typedef struct bad_case {
    const char *file; /* under tests/scripts/bad/ */
    unsigned line, col;
    const char *want;
} bad_case;

static const bad_case test_bad_files[] = {
    {"empty.yaml", 1, 1, "the file is empty"},
    {"comments-only.yaml", 1, 1, "holds no script"},
    {"invalid-utf8.yaml", 4, 13, "invalid UTF-8 (byte 0xFF)"},
    {"tab-indent.yaml", 6, 1, "tab character"},
    {"unclosed-quote.yaml", 7, 13, "without closing quote"},
    {"unclosed-bracket.yaml", 7, 1, "close the '[' at 5:8"},
    {"anchor.yaml", 6, 6, "anchors and aliases are not allowed"},
    {"alias-bomb.yaml", 1, 5, "anchors and aliases are not allowed"},
    {"root-seq.yaml", 1, 1, "the top level is a list; expected a mapping"},
    {"root-scalar.yaml", 1, 1, "the top level is text"},
    {"duplicate-key.yaml", 5, 1, "duplicate key 'title' (first at 4:1)"},
    {"two-documents.yaml", 8, 1, "a second YAML document"},
    {"missing-steps.yaml", 1, 1, "has no 'steps'"},
    {"empty-steps.yaml", 5, 8, "'steps' is empty"},
    {"unknown-type.yaml", 6, 11, "unknown step type 'vot'; expected one of welcome"},
    {"unknown-key.yaml", 8, 5,
     "unknown key 'minuten' in a welcome step; expected one of type, title, text, minutes, "
     "prompts (did you mean 'minutes'?)"},
    {"key-elsewhere.yaml", 8, 5, "key 'options' does not belong in a welcome step"},
    {"missing-type.yaml", 6, 5, "step 1 has no 'type'"},
    {"negative-minutes.yaml", 8, 14, "'minutes' is -5; expected a number more than 0 and at most 240"},
    {"absurd-minutes.yaml", 8, 14, "at most 240"},
    {"quoted-number.yaml", 8, 15, "without quotes"},
    {"too-many-options.yaml", 10, 14, "'options' has 13 items; expected 2 to 12"},
    {"title-too-long.yaml", 7, 12, "'title' is 81 characters long; expected at most 80"},
    {"bad-id.yaml", 1, 5, "not a valid id"},
    {"bad-language.yaml", 3, 11, "'language' is 'de'; expected one of nl, en"},
    {"duplicate-question-id.yaml", 12, 9, "question id 'q' is already used at 8:9"},
    {"reserved-id.yaml", 8, 9, "starts with 'mon-'"},
    {"monitoring-wrong-id.yaml", 10, 13, "expected 'mon-meer-van'"},
    {"show-unknown.yaml", 8, 12, "'show' names 'later', which is not a question of an earlier step"},
    {"votes-vs-options.yaml", 11, 23, "only 2 options; expected at most 2"},
    {"labels-vs-scale.yaml", 11, 13, "'labels' has 3 labels but 'scale' is 4; expected exactly 4"},
    {"theme-no-text.yaml", 6, 5, "a theme step has no 'text'"},
    {"interview-missing.yaml", 6, 5, "an interview step has no 'minutes_per_person'"},
    {"three-mistakes.yaml", 2, 10, "'version' is 0"},
};

static void test_bad_scripts(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(test_bad_files) / sizeof(*test_bad_files); i++) {
        const bad_case *b = &test_bad_files[i];
        char path[256];
        snprintf(path, sizeof(path), "tests/scripts/bad/%s", b->file);
        test_expect_error(path, b->line, b->col, b->want);
    }
}

/* Every file in tests/scripts/bad/ is in the table above, so none goes untested. */
static void test_bad_scripts_all_listed(void **state)
{
    (void)state;
    DIR *d = opendir("tests/scripts/bad");
    assert_non_null(d);
    struct dirent *de;
    size_t n = 0;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        bool found = false;
        for (size_t i = 0; i < sizeof(test_bad_files) / sizeof(*test_bad_files); i++)
            found |= strcmp(test_bad_files[i].file, de->d_name) == 0;
        n++;
        if (!found) {
            closedir(d);
            fail_msg("tests/scripts/bad/%s has no entry in the table", de->d_name);
        }
    }
    closedir(d);
    assert_int_equal(n, sizeof(test_bad_files) / sizeof(*test_bad_files));
}

/* ---- bad inputs made at test time ----------------------------------------------------------- */

static void test_missing_file(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof(path), "%s/does-not-exist.yaml", test_tmpdir);
    test_expect_error(path, 1, 1, "cannot open the file (No such file or directory)");
}

static void test_directory(void **state)
{
    (void)state;
    test_expect_error(test_tmpdir, 1, 1, "this is a directory");
}

static void test_dev_null(void **state)
{
    (void)state;
    test_expect_error("/dev/null", 1, 1, "not a regular file");
}

static void test_ten_megabytes(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof(path), "%s/big.yaml", test_tmpdir);
    /* a sparse file: refused by its size, so the test never reads 10 MB either */
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(ftruncate(fileno(f), 10 * 1024 * 1024), 0);
    fclose(f);
    test_expect_error(path, 1, 1, "the file is 10485760 bytes; expected at most 262144 bytes");
    unlink(path);
}

static void test_buffer_too_big(void **state)
{
    (void)state;
    size_t len = CONTENT_MAX_BYTES + 1;
    char *buf = malloc(len);
    assert_non_null(buf);
    memset(buf, '#', len);
    char *out = NULL;
    size_t size = 0;
    FILE *err = open_memstream(&out, &size);
    assert_null(content_load_buffer("big", buf, len, err));
    fclose(err);
    assert_non_null(strstr(out, "big:1:1: the script is 262145 bytes; expected at most 262144 bytes"));
    free(out);
    free(buf);
}

static void test_binary(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof(path), "%s/binary.yaml", test_tmpdir);
    static const char data[] = "id: x\nversion: 1\n\x7f"
                               "ELF\x02\x01\x01\x00\x00\x00\x00";
    test_write(path, data, sizeof(data) - 1);
    test_expect_error(path, 3, 8, "looks like a binary file");
    unlink(path);
}

static void test_deep_nesting(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof(path), "%s/deep.yaml", test_tmpdir);
    size_t n = 200000;
    char *buf = malloc(n);
    assert_non_null(buf);
    memset(buf, '[', n);
    test_write(path, buf, n);
    free(buf);
    /* the 33rd '[' is where depth 32 is exceeded */
    test_expect_error(path, 1, 33, "nesting deeper than 32 levels; expected at most 32");

    /* in a mapping, at depth 33 exactly, after 32 that are fine */
    char small[256];
    int len = snprintf(small, sizeof(small), "a:\n  %.*s%.*s\n", 32, "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", 32,
                       "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");
    test_write(path, small, (size_t)len);
    test_expect_error(path, 2, 34, "nesting deeper than 32 levels");
    len = snprintf(small, sizeof(small), "a:\n  %.*s%.*s\n", 31, "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", 31,
                   "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");
    test_write(path, small, (size_t)len);
    loaded l = test_load(path); /* 32 deep is allowed by the parser; the schema then complains */
    assert_null(l.s);
    assert_null(strstr(l.out, "nesting"));
    assert_non_null(strstr(l.out, "unknown key 'a' at the top level"));
    test_loaded_free(&l);
    unlink(path);
}

/* ---- several problems at once --------------------------------------------------------------- */

static void test_three_mistakes(void **state)
{
    (void)state;
    const char *path = "tests/scripts/bad/three-mistakes.yaml";
    loaded l = test_load(path);
    assert_null(l.s);
    assert_int_equal(test_check_lines(l.out, path), 3);
    assert_non_null(strstr(l.out, ":2:10: 'version' is 0; expected a whole number from 1 to 1000000\n"));
    assert_non_null(strstr(l.out, ":8:5: unknown key 'minuten'"));
    assert_non_null(strstr(l.out, ":13:14: 'options' has 1 item; expected 2 to 12\n"));
    test_loaded_free(&l);
}

static void test_error_cap(void **state)
{
    (void)state;
    const char *path = "tests/scripts/bad/alias-bomb.yaml";
    loaded l = test_load(path);
    assert_null(l.s);
    assert_int_equal(test_check_lines(l.out, path), SCRIPT_MAX_ERRORS + 1);
    const char *last = l.out + strlen(l.out) - 1;
    while (last > l.out && last[-1] != '\n')
        last--;
    assert_non_null(strstr(last, "more problems were left out"));
    test_loaded_free(&l);
}

static void test_err_may_be_null(void **state)
{
    (void)state;
    assert_null(content_load("tests/scripts/bad/three-mistakes.yaml", NULL));
    assert_null(content_load_buffer(NULL, NULL, 0, NULL));
    script *s = content_load("tests/scripts/good/minimal-en.yaml", NULL);
    assert_non_null(s);
    script_free(s);
    script_free(NULL);
}

/* ---- good scripts --------------------------------------------------------------------------- */

static script *test_good(const char *path)
{
    loaded l = test_load(path);
    if (!l.s)
        fail_msg("%s did not load: %s", path, l.out);
    assert_int_equal(l.size, 0);
    free(l.out);
    return l.s;
}

static void test_good_full(void **state)
{
    (void)state;
    script *s = test_good("tests/scripts/good/full-nl.yaml");
    assert_string_equal(s->path, "tests/scripts/good/full-nl.yaml");
    assert_string_equal(s->id, "demo-waarderen");
    assert_int_equal(s->version, 3);
    assert_string_equal(s->language, "nl");
    assert_string_equal(s->title, "Waarderend onderzoeken — demo");
    assert_int_equal(s->n_steps, 9);

    const step *st = &s->steps[0];
    assert_int_equal(st->type, STEP_WELCOME);
    assert_string_equal(st->title, "Welkom");
    assert_string_equal(st->text, "Fijn dat je er bent.");
    assert_int_equal(st->duration_ms, 5 * 60000);
    assert_int_equal(st->line, 7);
    assert_int_equal(st->column, 5);

    st = &s->steps[1];
    assert_int_equal(st->type, STEP_THEME);
    assert_int_equal(st->duration_ms, 0);
    assert_string_equal(st->text, "Samen leren van wat werkt.");

    st = &s->steps[2];
    assert_int_equal(st->type, STEP_INTERVIEW);
    assert_int_equal(st->duration_ms, 450000); /* 7.5 minutes per person */
    assert_int_equal(st->group_size, 3);
    assert_int_equal(st->n_prompts, 2);
    assert_string_equal(st->prompts[1], "Wat maakte dat mogelijk?");
    assert_int_equal(st->n_probes, 1);
    assert_string_equal(st->probes[0], "Wie waren erbij?");

    st = &s->steps[3];
    assert_int_equal(st->type, STEP_HARVEST);
    assert_int_equal(st->duration_ms, 30000);
    assert_int_equal(st->n_prompts, 1);

    st = &s->steps[4];
    assert_int_equal(st->type, STEP_VOTE);
    assert_int_equal(st->n_questions, 1);
    const question *q = &st->questions[0];
    assert_string_equal(q->id, "beste-idee");
    assert_string_equal(q->text, "Welk idee wil je verder brengen?");
    assert_int_equal(q->kind, ANSWER_CHOICE);
    assert_int_equal(q->n_options, 7);
    assert_string_equal(q->options[0], "Tuin");
    assert_string_equal(q->options[6], "Dak");
    assert_int_equal(st->rule.votes_per_person, 3);
    assert_int_equal(st->rule.lockout_ms, 500);
    assert_int_equal(st->rule.turn_gap_ms, 2000);
    assert_false(st->rule.stack);
    assert_true(st->rule.live);

    st = &s->steps[5];
    assert_int_equal(st->type, STEP_RATING);
    q = &st->questions[0];
    assert_int_equal(q->kind, ANSWER_RATING);
    assert_int_equal(q->scale, 3);
    assert_int_equal(q->n_options, 3);
    assert_string_equal(q->options[2], "veel");
    vote_rule def = vote_rule_default(STEP_RATING);
    assert_int_equal(st->rule.votes_per_person, 1);
    assert_int_equal(st->rule.lockout_ms, def.lockout_ms);
    assert_int_equal(st->rule.turn_gap_ms, def.turn_gap_ms);
    assert_false(st->rule.live);

    st = &s->steps[6];
    assert_int_equal(st->type, STEP_OPEN);
    assert_int_equal(st->questions[0].kind, ANSWER_TEXT);
    assert_int_equal(st->questions[0].max_length, 80);

    st = &s->steps[7];
    assert_int_equal(st->type, STEP_MONITORING);
    assert_int_equal(st->n_questions, 3);
    for (size_t i = 0; i < MONITORING_COUNT; i++) {
        assert_string_equal(st->questions[i].id, monitoring_id(i));
        assert_string_equal(st->questions[i].text, monitoring_text("nl", i));
        assert_int_equal(st->questions[i].kind, ANSWER_TEXT);
        assert_int_equal(st->questions[i].max_length, 140);
    }
    assert_string_equal(st->questions[0].text, "Wat was voor jou van waarde vandaag?");

    st = &s->steps[8];
    assert_int_equal(st->type, STEP_RESULTS);
    assert_int_equal(st->n_show, 2);
    assert_string_equal(st->show[0], "beste-idee");
    assert_string_equal(st->show[1], "mon-waarde");
    assert_int_equal(st->min_n, 0);
    script_free(s);
}

static void test_good_minimal(void **state)
{
    (void)state;
    script *s = test_good("tests/scripts/good/minimal-en.yaml");
    assert_string_equal(s->id, "x");
    assert_string_equal(s->language, "en");
    assert_string_equal(s->title, "Minimal");
    assert_int_equal(s->n_steps, 1);
    assert_int_equal(s->steps[0].type, STEP_TEXT);
    assert_null(s->steps[0].text);
    assert_int_equal(s->steps[0].duration_ms, 0);
    script_free(s);
}

static void test_good_monitoring(void **state)
{
    (void)state;
    script *s = test_good("tests/scripts/good/monitoring-en.yaml");
    assert_int_equal(s->version, 1000000);
    assert_int_equal(s->n_steps, 3);

    const step *st = &s->steps[0];
    assert_true(st->rule.stack);
    assert_int_equal(st->rule.votes_per_person, 4); /* more than the options: stack allows it */
    assert_int_equal(st->questions[0].n_options, 2);

    st = &s->steps[1];
    assert_int_equal(st->duration_ms, 240 * 60000);
    assert_string_equal(st->questions[0].id, "mon-waarde");
    assert_string_equal(st->questions[0].text, "What was of value to you today?");
    assert_int_equal(st->questions[0].kind, ANSWER_RATING);
    assert_int_equal(st->questions[0].scale, 4);
    assert_int_equal(st->questions[0].n_options, 4);
    assert_string_equal(st->questions[0].options[3], "lots");
    assert_string_equal(st->questions[1].id, "mon-meer-van");
    assert_string_equal(st->questions[1].text, monitoring_text("en", 1));
    assert_int_equal(st->questions[1].kind, ANSWER_CHOICE);
    assert_int_equal(st->questions[1].n_options, 3);
    assert_string_equal(st->questions[1].options[2], "More coffee");
    assert_string_equal(st->questions[2].id, "mon-morgen");
    assert_int_equal(st->questions[2].kind, ANSWER_TEXT);
    assert_int_equal(st->questions[2].max_length, 300);

    st = &s->steps[2];
    assert_int_equal(st->type, STEP_RESULTS);
    assert_int_equal(st->n_show, 0); /* absent: all questions so far */
    assert_int_equal(st->min_n, 3);
    script_free(s);
}

static void test_buffer(void **state)
{
    (void)state;
    static const char yaml[] = "id: b\nversion: 2\nlanguage: en\ntitle: In memory\nsteps:\n"
                               "  - {type: open, title: O, id: q1, question: Why?}\n";
    script *s = content_load_buffer("mem", yaml, sizeof(yaml) - 1, NULL);
    assert_non_null(s);
    assert_string_equal(s->path, "mem");
    assert_int_equal(s->steps[0].questions[0].max_length, 140);
    assert_int_equal(s->steps[0].line, 6);
    assert_int_equal(s->steps[0].column, 5);
    script_free(s);
}

/* Single-quoted text is decoded by us (libfyaml 0.7.12 leaks on runs of ''), so check
 * the folding against what YAML says: PyYAML gives the same strings. */
static void test_single_quoted(void **state)
{
    (void)state;
    static const char yaml[] = "id: t\nversion: 1\nlanguage: nl\nsteps: [{type: text, title: a}]\n"
                               "title: 'zo''n  \n   lange\n\n\n  titel  x'\n";
    script *s = content_load_buffer("sq", yaml, sizeof(yaml) - 1, NULL);
    assert_non_null(s);
    assert_string_equal(s->title, "zo'n lange\n\ntitel  x");
    script_free(s);
    static const char crlf[] = "id: t\r\nversion: 1\r\nlanguage: nl\r\nsteps: [{type: text, title: a}]\r\n"
                               "title: 'a\r\n b'\r\n";
    s = content_load_buffer("sq", crlf, sizeof(crlf) - 1, NULL);
    assert_non_null(s);
    assert_string_equal(s->title, "a b");
    script_free(s);
}

/* ---- suggestions ---------------------------------------------------------------------------- */

static void test_expect_suggest(const char *word, const char *const *keys, const char *want)
{
    const char *got = text_suggest(word, keys, 5);
    if (!got || strcmp(got, want) != 0)
        fail_msg("text_suggest(%s): got %s, expected %s", word, got ? got : "NULL", want);
}

static void test_suggest(void **state)
{
    (void)state;
    static const char *const keys[] = {"type", "title", "text", "minutes", "prompts"};
    assert_int_equal(text_edit_distance("minuten", "minutes"), 1);
    assert_int_equal(text_edit_distance("", "abc"), 3);
    assert_int_equal(text_edit_distance("kitten", "sitting"), 3);
    assert_int_equal(text_edit_distance("titel", "title"), 1);
    test_expect_suggest("minuten", keys, "minutes");
    test_expect_suggest("titel", keys, "title");
    test_expect_suggest("promts", keys, "prompts");
    assert_null(text_suggest("banana", keys, 5));
    char longword[200];
    memset(longword, 'a', sizeof(longword) - 1);
    longword[sizeof(longword) - 1] = '\0';
    assert_null(text_suggest(longword, keys, 5));
}

/* ---- the fuzz seed corpus: parses or says why, never crashes ------------------------------- */

static void test_fuzz_corpus(void **state)
{
    (void)state;
    DIR *d = opendir("tests/fuzz/content");
    assert_non_null(d);
    struct dirent *de;
    size_t files = 0, good = 0;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char path[512];
        snprintf(path, sizeof(path), "tests/fuzz/content/%s", de->d_name);
        loaded l = test_load(path);
        if (l.s) {
            assert_int_equal(l.size, 0);
            good++;
        } else {
            assert_true(test_check_lines(l.out, path) >= 1);
        }
        test_loaded_free(&l);
        files++;
    }
    closedir(d);
    assert_true(files >= 10);
    assert_true(good >= 1 && good < files);
}

/* ---- setup ---------------------------------------------------------------------------------- */

static int test_setup(void **state)
{
    (void)state;
    snprintf(test_tmpdir, sizeof(test_tmpdir), "/tmp/oogst-content-XXXXXX");
    return mkdtemp(test_tmpdir) ? 0 : -1;
}

static int test_teardown(void **state)
{
    (void)state;
    return rmdir(test_tmpdir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_scripts),     cmocka_unit_test(test_bad_scripts_all_listed),
        cmocka_unit_test(test_missing_file),    cmocka_unit_test(test_directory),
        cmocka_unit_test(test_dev_null),        cmocka_unit_test(test_ten_megabytes),
        cmocka_unit_test(test_buffer_too_big),  cmocka_unit_test(test_binary),
        cmocka_unit_test(test_deep_nesting),    cmocka_unit_test(test_three_mistakes),
        cmocka_unit_test(test_error_cap),       cmocka_unit_test(test_err_may_be_null),
        cmocka_unit_test(test_good_full),       cmocka_unit_test(test_good_minimal),
        cmocka_unit_test(test_good_monitoring), cmocka_unit_test(test_buffer),
        cmocka_unit_test(test_single_quoted),   cmocka_unit_test(test_suggest),
        cmocka_unit_test(test_fuzz_corpus),
    };
    return cmocka_run_group_tests(tests, test_setup, test_teardown);
}
