/* test_events.c — the replay events parser (events.h): every event name, comments, blank
 * lines, CRLF, spaces and tabs, keys lower-cased, text escapes and UTF-8; and each malformed
 * line with its line number and message, after which nothing is half-parsed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/events.h"

static int parse(const char *buf, size_t len, replay_list *l, unsigned *line, char *err, size_t errlen)
{
    *line = 0;
    err[0] = '\0';
    return events_parse(buf, len, l, line, err, errlen);
}

/* Parses buf (len bytes, so NUL bytes can be in it) and expects a failure on `line` whose
 * message contains `part`; the list must be empty afterwards and events_free safe twice. */
static void expect_error_n(const char *buf, size_t len, unsigned line, const char *part)
{
    replay_list l;
    unsigned ln;
    char err[256];
    memset(&l, 0x5A, sizeof(l)); /* the parser must not rely on a zeroed list */
    int rc = parse(buf, len, &l, &ln, err, sizeof(err));
    if (rc != -1)
        fail_msg("parsed %zu events; expected an error on line %u containing \"%s\"", l.n, line, part);
    if (ln != line || strstr(err, part) == NULL)
        fail_msg("line %u \"%s\"; expected line %u containing \"%s\"", ln, err, line, part);
    assert_int_equal(l.n, 0);
    assert_null(l.ev);
    assert_null(l.arena);
    events_free(&l);
    events_free(&l);
    events_free(NULL);
}

static void expect_error(const char *buf, unsigned line, const char *part)
{
    expect_error_n(buf, strlen(buf), line, part);
}

/* Parses buf and expects success. */
static void expect_ok(const char *buf, size_t len, replay_list *l)
{
    unsigned ln;
    char err[256];
    int rc = parse(buf, len, l, &ln, err, sizeof(err));
    if (rc != 0)
        fail_msg("line %u: %s", ln, err);
}

static void expect_ok_s(const char *buf, replay_list *l)
{
    expect_ok(buf, strlen(buf), l);
}

/* A valid file with every event name, comments, blank lines, CRLF ends, spaces and tabs,
 * equal times, and a last line without a newline. */
static void test_every_event(void **state)
{
    (void)state;
    static const char file[] = "# replay of a short session\r\n"
                               "\r\n"
                               "0 start\r\n"
                               "   100\tpress 1\r\n"
                               "150 release  1\n"
                               "   \t \n"
                               "200 key Space\n"
                               "210\t\tkey PageDown\n"
                               "220 key +\n"
                               "250 choose 99\n"
                               "300 text \"Meer koffie\"\n"
                               "300 next\n"
                               "400 back\n"
                               "\t# an indented comment\n"
                               "500 pause\n"
                               "600 resume\n"
                               "700 extend \t \n"
                               "800 end\n"
                               "999999999999999 press 6";
    replay_list l;
    expect_ok(file, sizeof(file) - 1, &l);
    static const struct {
        int64_t ms;
        replay_kind kind;
        int n;
        const char *arg;
        unsigned line;
    } want[] = {
        {0, RE_START, 0, NULL, 3},
        {100, RE_PRESS, 1, NULL, 4},
        {150, RE_RELEASE, 1, NULL, 5},
        {200, RE_KEY, 0, "space", 7},
        {210, RE_KEY, 0, "pagedown", 8},
        {220, RE_KEY, 0, "+", 9},
        {250, RE_CHOOSE, 99, NULL, 10},
        {300, RE_TEXT, 0, "Meer koffie", 11},
        {300, RE_NEXT, 0, NULL, 12},
        {400, RE_BACK, 0, NULL, 13},
        {500, RE_PAUSE, 0, NULL, 15},
        {600, RE_RESUME, 0, NULL, 16},
        {700, RE_EXTEND, 0, NULL, 17},
        {800, RE_END, 0, NULL, 18},
        {INT64_C(999999999999999), RE_PRESS, 6, NULL, 19},
    };
    const size_t n = sizeof(want) / sizeof(want[0]);
    assert_int_equal(l.n, n);
    for (size_t i = 0; i < n; i++) {
        const replay_event *ev = &l.ev[i];
        assert_int_equal(ev->ms, want[i].ms);
        assert_int_equal(ev->kind, want[i].kind);
        assert_int_equal(ev->line, want[i].line);
        if (want[i].kind == RE_PRESS || want[i].kind == RE_RELEASE || want[i].kind == RE_CHOOSE)
            assert_int_equal(ev->n, want[i].n);
        if (want[i].arg)
            assert_string_equal(ev->arg, want[i].arg);
    }
    events_free(&l);
    assert_int_equal(l.n, 0);
    events_free(&l);
}

/* Empty input, or only comments and blank lines: no events, no error. */
static void test_empty_and_comments_only(void **state)
{
    (void)state;
    replay_list l;
    expect_ok("", 0, &l);
    assert_int_equal(l.n, 0);
    events_free(&l);
    expect_ok_s("# nothing\n\n   \r\n#0 start\n", &l);
    assert_int_equal(l.n, 0);
    events_free(&l);
}

/* Text keeps UTF-8 as is and unescapes \" and \\ (and only those). */
static void test_text_escapes_and_utf8(void **state)
{
    (void)state;
    static const char file[] = "1 text \"zei \\\"ja\\\" \\\\ nee\"\n"
                               "2 text \"caf\xc3\xa9 \xe2\x82\xac 5 \xf0\x9f\x8d\x8e\"\n"
                               "3 text \"\"\n"
                               "4 text \"  # no comment \t\"\n";
    replay_list l;
    expect_ok(file, sizeof(file) - 1, &l);
    assert_int_equal(l.n, 4);
    assert_string_equal(l.ev[0].arg, "zei \"ja\" \\ nee");
    assert_string_equal(l.ev[1].arg, "caf\xc3\xa9 \xe2\x82\xac 5 \xf0\x9f\x8d\x8e");
    assert_string_equal(l.ev[2].arg, "");
    assert_string_equal(l.ev[3].arg, "  # no comment \t");
    events_free(&l);
}

/* The example of README.md, trailing comments and all: a '#' after white space starts a
 * comment, except inside a text. */
static void test_readme_example_trailing_comments(void **state)
{
    (void)state;
    static const char file[] =
        "# comment lines and blank lines are allowed\n"
        "0 start                  # begins a new session (one left running is marked interrupted)\n"
        "1500 press 3             # button 1-6 pressed;  release N: let go\n"
        "2000 key n               # a key by name: 1-6, n, b, space, e, escape, ...\n"
        "2500 choose 7            # option 7 tapped on the screen (from 1)\n"
        "3000 text \"Samen \\\"eten\\\"\"  # a typed answer, UTF-8; \\\" and \\\\ are the escapes\n"
        "3500 next                # also: back, pause, resume, extend, end\n"
        "3600 text \"# niet weg #\"\n";
    replay_list l;
    expect_ok(file, sizeof(file) - 1, &l);
    assert_int_equal(l.n, 7);
    assert_int_equal(l.ev[0].kind, RE_START);
    assert_int_equal(l.ev[1].kind, RE_PRESS);
    assert_int_equal(l.ev[1].n, 3);
    assert_string_equal(l.ev[2].arg, "n");
    assert_int_equal(l.ev[3].n, 7);
    assert_string_equal(l.ev[4].arg, "Samen \"eten\"");
    assert_int_equal(l.ev[5].kind, RE_NEXT);
    assert_int_equal(l.ev[5].ms, 3500);
    assert_string_equal(l.ev[6].arg, "# niet weg #");
    events_free(&l);
    expect_error("10 key a#b\n", 1, "bad key name"); /* no space before '#': not a comment */
}

/* Many events grow the list past its first allocation; every one is kept in order. */
static void test_many_events(void **state)
{
    (void)state;
    enum { N = 1000 };
    char *buf = malloc(N * 32);
    assert_non_null(buf);
    size_t len = 0;
    for (int i = 0; i < N; i++)
        len += (size_t)snprintf(buf + len, 32, "%d choose %d\n", i * 7, i % 99 + 1);
    replay_list l;
    unsigned ln;
    char err[256];
    int rc = parse(buf, len, &l, &ln, err, sizeof(err));
    free(buf);
    assert_int_equal(rc, 0);
    assert_int_equal(l.n, N);
    for (int i = 0; i < N; i++) {
        assert_int_equal(l.ev[i].ms, i * 7);
        assert_int_equal(l.ev[i].n, i % 99 + 1);
        assert_int_equal(l.ev[i].line, i + 1);
    }
    events_free(&l);
}

/* The names used in logs and messages. */
static void test_kind_names(void **state)
{
    (void)state;
    static const char *const names[] = {"start", "press", "release", "key",    "choose", "text",
                                        "next",  "back",  "pause",   "resume", "extend", "end"};
    for (int k = RE_START; k <= RE_END; k++)
        assert_string_equal(replay_kind_name((replay_kind)k), names[k]);
}

/* --- malformed lines --------------------------------------------------------------------------- */

/* An event name that does not exist; names are case-sensitive. */
static void test_unknown_name(void **state)
{
    (void)state;
    expect_error("0 start\n10 jump\n", 2, "unknown event 'jump'");
    expect_error("0 Start\n", 1, "unknown event 'Start'");
    expect_error("# c\n\n10 pressed 1\n", 3, "unknown event 'pressed'");
}

/* A time with nothing after it, or an event without its argument. */
static void test_missing_argument(void **state)
{
    (void)state;
    expect_error("10\n", 1, "no event after the time");
    expect_error("0 start\n10 press\n", 2, "'press' needs an argument");
    expect_error("10 release   \n", 1, "'release' needs an argument");
    expect_error("10 choose\r\n", 1, "'choose' needs an argument");
    expect_error("10 key\n", 1, "'key' needs an argument");
    expect_error("10 text\n", 1, "text needs a quoted string");
}

/* An argument of the wrong shape. */
static void test_bad_argument(void **state)
{
    (void)state;
    expect_error("10 press x\n", 1, "'press' needs a whole number, not 'x'");
    expect_error("10 choose -1\n", 1, "'choose' needs a whole number, not '-1'");
    expect_error("10 press 1.5\n", 1, "needs a whole number");
    expect_error("10 key a.b\n", 1, "bad key name");
    expect_error("10 key 12345678901234567\n", 1, "key name too long");
    expect_error("10 text abc\n", 1, "text needs a quoted string");
}

/* One argument more than the event takes. */
static void test_extra_argument(void **state)
{
    (void)state;
    expect_error("10 press 1 2\n", 1, "'press' takes one argument");
    expect_error("10 key n x\n", 1, "'key' takes one argument");
    expect_error("10 next now\n", 1, "'next' takes no argument");
}

/* Buttons are 1–6: 0 and 7 are out of range (press and release). */
static void test_button_range(void **state)
{
    (void)state;
    expect_error("10 press 0\n", 1, "button '0' out of range");
    expect_error("10 press 7\n", 1, "button '7' out of range");
    expect_error("10 release 7\n", 1, "button '7' out of range");
    expect_error("10 release 0\n", 1, "button '0' out of range");
    replay_list l;
    expect_ok_s("10 press 6\n11 release 1\n", &l);
    assert_int_equal(l.n, 2);
    events_free(&l);
}

/* Options are 1–99: 0 and 100 are out of range. */
static void test_option_range(void **state)
{
    (void)state;
    expect_error("10 choose 0\n", 1, "option '0' out of range");
    expect_error("10 choose 100\n", 1, "option '100' out of range");
    expect_error("10 choose 99999999999999999999\n", 1, "out of range");
}

/* Times never decrease; equal is fine. */
static void test_time_going_back(void **state)
{
    (void)state;
    expect_error("100 next\n100 back\n99 next\n", 3, "time goes back (99 after 100)");
}

/* A time too long for the clock (20 digits, or 16) is too large, not wrapped around. */
static void test_time_overflow(void **state)
{
    (void)state;
    expect_error("0 start\n99999999999999999999 next\n", 2, "too large");
    expect_error("18446744073709551617 next\n", 1, "too large");
    expect_error("1000000000000000 next\n", 1, "too large");
}

/* A negative or otherwise malformed time. */
static void test_bad_time(void **state)
{
    (void)state;
    expect_error("-5 next\n", 1, "bad time '-5'");
    expect_error("10ms next\n", 1, "bad time '10ms'");
    expect_error("next\n", 1, "bad time 'next'");
}

/* A text whose closing quote is missing (also when the line ends in an escaped quote). */
static void test_unterminated_string(void **state)
{
    (void)state;
    expect_error("0 start\n10 text \"abc\n11 next\n", 2, "unterminated string");
    expect_error("10 text \"abc\\\"\n", 1, "unterminated string");
    expect_error("10 text \"\n", 1, "unterminated string");
}

/* Only \" and \\ are escapes; \n, \t and a backslash at the end are not. */
static void test_unknown_escape(void **state)
{
    (void)state;
    expect_error("10 text \"a\\nb\"\n", 1, "unknown escape");
    expect_error("10 text \"a\\tb\"\n", 1, "unknown escape");
    expect_error("10 text \"a\\", 1, "unknown escape");
}

/* Text must be valid UTF-8; the message gives the byte. */
static void test_invalid_utf8(void **state)
{
    (void)state;
    expect_error("10 text \"\xff\"\n", 1, "not valid UTF-8 (byte 1)");
    expect_error("10 text \"ab\xc3\"\n", 1, "not valid UTF-8 (byte 3)");
    expect_error("10 text \"\xc0\xaf\"\n", 1, "not valid UTF-8");         /* overlong */
    expect_error("10 text \"\xed\xa0\x80\"\n", 1, "not valid UTF-8");     /* surrogate */
    expect_error("10 text \"\xf4\x90\x80\x80\"\n", 1, "not valid UTF-8"); /* above U+10FFFF */
}

/* Binary garbage: a NUL byte anywhere in a line, even in a comment or a text. */
static void test_binary_garbage(void **state)
{
    (void)state;
    static const char a[] = "0 start\n10 te\0xt \"a\"\n";
    expect_error_n(a, sizeof(a) - 1, 2, "binary data");
    static const char b[] = "# comment \0 here\n0 start\n";
    expect_error_n(b, sizeof(b) - 1, 1, "binary data");
    static const char c[] = "0 start\n1 next\n2 text \"\x01\x02\0\"";
    expect_error_n(c, sizeof(c) - 1, 3, "binary data");
    expect_error("\x01\x02\x03\n", 1, "bad time");
}

/* A line of 4096 bytes is fine; one byte more is too long (even a comment). */
static void test_line_too_long(void **state)
{
    (void)state;
    const size_t max = EVENTS_MAX_LINE;
    char *buf = malloc(max + 64);
    assert_non_null(buf);
    /* "1 text \"aaa…a\"" of exactly max bytes, then a newline */
    size_t head = (size_t)snprintf(buf, 16, "1 text \"");
    memset(buf + head, 'a', max - head - 1);
    buf[max - 1] = '"';
    buf[max] = '\n';
    replay_list l;
    unsigned ln;
    char err[256];
    int rc = parse(buf, max + 1, &l, &ln, err, sizeof(err));
    if (rc != 0)
        fail_msg("a line of %zu bytes: line %u: %s", max, ln, err);
    assert_int_equal(strlen(l.ev[0].arg), max - head - 1);
    events_free(&l);

    /* one byte more, on line 2 */
    memmove(buf + 8, buf, max + 1);
    memcpy(buf, "0 start\n", 8);
    buf[8 + max - 1] = 'a';
    buf[8 + max] = '"';
    buf[8 + max + 1] = '\n';
    expect_error_n(buf, 8 + max + 2, 2, "line longer than 4096 bytes");

    memset(buf, '#', max + 1);
    expect_error_n(buf, max + 1, 1, "line longer than 4096 bytes");
    free(buf);
}

/* Something after the closing quote of a text. */
static void test_after_closing_quote(void **state)
{
    (void)state;
    expect_error("10 text \"a\" b\n", 1, "something after the closing quote");
    expect_error("10 text \"a\"\"b\"\n", 1, "something after the closing quote");
    replay_list l;
    expect_ok_s("10 text \"a\"  \t\r\n", &l); /* trailing blanks are fine */
    assert_string_equal(l.ev[0].arg, "a");
    events_free(&l);
}

/* An error after many good lines: still nothing is returned, and nothing leaks (ASan). */
static void test_error_after_many_lines_leaves_nothing(void **state)
{
    (void)state;
    enum { N = 300 };
    char *buf = malloc(N * 24 + 32);
    assert_non_null(buf);
    size_t len = 0;
    for (int i = 0; i < N; i++)
        len += (size_t)snprintf(buf + len, 24, "%d key K%d\n", i, i);
    len += (size_t)snprintf(buf + len, 32, "%d press 9\n", N);
    expect_error_n(buf, len, N + 1, "button '9' out of range");
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_event),
        cmocka_unit_test(test_empty_and_comments_only),
        cmocka_unit_test(test_text_escapes_and_utf8),
        cmocka_unit_test(test_readme_example_trailing_comments),
        cmocka_unit_test(test_many_events),
        cmocka_unit_test(test_kind_names),
        cmocka_unit_test(test_unknown_name),
        cmocka_unit_test(test_missing_argument),
        cmocka_unit_test(test_bad_argument),
        cmocka_unit_test(test_extra_argument),
        cmocka_unit_test(test_button_range),
        cmocka_unit_test(test_option_range),
        cmocka_unit_test(test_time_going_back),
        cmocka_unit_test(test_time_overflow),
        cmocka_unit_test(test_bad_time),
        cmocka_unit_test(test_unterminated_string),
        cmocka_unit_test(test_unknown_escape),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_binary_garbage),
        cmocka_unit_test(test_line_too_long),
        cmocka_unit_test(test_after_closing_quote),
        cmocka_unit_test(test_error_after_many_lines_leaves_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
