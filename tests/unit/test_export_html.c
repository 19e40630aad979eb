/* test_export_html.c — rapport.html from export data built by hand: three sessions read
 * back by tests/check/html_read.py (Python's own HTML parser) against the numbers put in,
 * a checker that is shown to fail on broken pages, an empty export, a flood of answers
 * that stays small, text the log should never hold, and writes that fail. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "export/export_data.h"
#include "export/export_html.h"

/* Central European time without tzdata: the test does not depend on /usr/share/zoneinfo. */
#define TZ_CET "CET-1CEST,M3.5.0,M10.5.0/3"
#define PYTHON "/usr/bin/python3"

enum { WANT_Q = 3, WANT_TEXTS = 3, WANT_SESSIONS = 3, FLOOD = 100000 };

/* One question as the test puts it in: counted answers per option, some uncounted
 * presses, and what the page must print for it. */
typedef struct want_q {
    const char *id, *text;
    answer_kind kind;
    size_t step_index;
    unsigned n_points;
    const char *labels[SCRIPT_MAX_OPTIONS];
    unsigned counts[SCRIPT_MAX_OPTIONS]; /* counted, per option 1.. */
    unsigned uncounted;
    const char *mean; /* rating: as printed */
    const char *texts[WANT_TEXTS];
} want_q;

typedef struct want_s {
    int64_t id;
    const char *title, *script_id;
    unsigned version;
    const char *state, *state_nl;
    int64_t started_ms, ended_ms;
    const char *start, *end; /* as printed (CET/CEST); end NULL: not ended */
    want_q q[WANT_Q];        /* in step order */
    bool shuffled;           /* stored out of step order, to show the page sorts */
} want_s;

#define HOSTILE "</svg><script>alert(1)</script>"
#define QUOTES  "Tom & Jerry zeiden \"ja\" en 'nee'"

#define CHOICE(c1, c2, c3, c4, c5, c6, c7, unc)                                                              \
    {                                                                                                        \
        .id = "keuze-energie", .text = "Wat gaf de meeste energie?", .kind = ANSWER_CHOICE, .step_index = 1, \
        .n_points = 7,                                                                                       \
        .labels = {"Samen koken",                                                                            \
                   "Wandelen",                                                                               \
                   "Tuin & \"moestuin\" <groen>",                                                            \
                   "Muziek",                                                                                 \
                   "Spelletjes",                                                                             \
                   "Niets",                                                                                  \
                   "Een heel lange keuze die niet in de grafiek past zonder af te breken"},                  \
        .counts = {c1, c2, c3, c4, c5, c6, c7}, .uncounted = unc                                             \
    }
#define RATING(r1, r2, r3, r4, r5, unc, m)                                                                   \
    {                                                                                                        \
        .id = "mon-meer-van", .text = "Hoeveel meer wil je hiervan?", .kind = ANSWER_RATING,                 \
        .step_index = 2, .n_points = 5, .labels = {"heel weinig", "weinig", "gewoon", "veel", "heel veel"},  \
        .counts = {r1, r2, r3, r4, r5}, .uncounted = unc, .mean = m                                          \
    }
#define TEXT(unc, ...)                                                                                       \
    {                                                                                                        \
        .id = "opmerking", .text = "Nog iets <kort>?", .kind = ANSWER_TEXT, .step_index = 4,                 \
        .uncounted = unc, .texts = {                                                                         \
            __VA_ARGS__                                                                                      \
        }                                                                                                    \
    }

/* 14-09-2026 is summer time (+02:00), the others winter time (+01:00). */
static const want_s want[WANT_SESSIONS] = {
    {.id = 11,
     .title = "Waarderen in team Oost",
     .script_id = "waarderen",
     .version = 3,
     .state = "finished",
     .state_nl = "afgerond",
     .started_ms = 1789372800000, /* 2026-09-14T08:00Z */
     .ended_ms = 1789377120000,   /* 2026-09-14T09:12Z */
     .start = "14-09-2026 10:00",
     .end = "14-09-2026 11:12",
     .q = {CHOICE(3, 1, 0, 0, 0, 0, 0, 2), RATING(0, 1, 2, 2, 0, 1, "3,2"),
           TEXT(1, "Fijn gesprek", HOSTILE)}},
    {.id = 12,
     .title = "Team <Oost> & 'West'",
     .script_id = "waarderen",
     .version = 4,
     .state = "interrupted",
     .state_nl = "onderbroken",
     .started_ms = 1791811800000, /* 2026-10-12T13:30Z */
     .start = "12-10-2026 15:30",
     .q = {CHOICE(1, 4, 2, 0, 0, 1, 2, 0), RATING(1, 0, 1, 3, 2, 0, "3,7"), TEXT(0, QUOTES)},
     .shuffled = true},
    {.id = 13,
     .title = "Oogstmoment december",
     .script_id = "monitor",
     .version = 1,
     .state = "running",
     .state_nl = "bezig",
     .started_ms = 1795424400000, /* 2026-11-23T09:00Z */
     .start = "23-11-2026 10:00",
     .q = {CHOICE(0, 0, 0, 0, 0, 0, 0, 3), RATING(0, 0, 0, 0, 4, 0, "5,0"), TEXT(2, NULL)}},
};

/* ---- helpers ------------------------------------------------------------------------ */

static export_data *data_new(size_t n_sessions, size_t n_questions, size_t n_inputs)
{
    arena *a = arena_new();
    assert_non_null(a);
    export_data *d = arena_alloc(a, sizeof(*d));
    assert_non_null(d);
    d->arena = a;
    d->device_id = "oogst-01";
    d->made_ms = 1795431600000; /* 2026-11-23T11:00Z: 12:00 in Utrecht */
    d->round_minutes = 15;
    d->sessions = arena_alloc(a, (n_sessions + 1) * sizeof(*d->sessions));
    d->questions = arena_alloc(a, (n_questions + 1) * sizeof(*d->questions));
    d->inputs = arena_alloc(a, (n_inputs + 1) * sizeof(*d->inputs));
    assert_true(d->sessions && d->questions && d->inputs);
    return d;
}

static export_input *add_input(export_data *d, size_t s, size_t q, int64_t at)
{
    export_input *in = &d->inputs[d->n_inputs++];
    in->session = s;
    in->question = q;
    in->step_index = d->questions[q].step_index;
    in->step_type = d->questions[q].step_type;
    in->text = "";
    in->input = "button";
    in->reason = "counted";
    in->at_ms = at;
    in->id = (int64_t)d->n_inputs;
    return in;
}

static size_t n_texts(const want_q *w)
{
    size_t n = 0;
    while (n < WANT_TEXTS && w->texts[n])
        n++;
    return n;
}

/* The three sessions of `want`, every input written out one by one. */
static export_data *build_want(void)
{
    size_t n_inputs = 0;
    for (size_t s = 0; s < WANT_SESSIONS; s++)
        for (size_t j = 0; j < WANT_Q; j++) {
            const want_q *w = &want[s].q[j];
            n_inputs += w->uncounted + n_texts(w);
            for (unsigned o = 0; o < w->n_points; o++)
                n_inputs += w->counts[o];
        }
    export_data *d = data_new(WANT_SESSIONS, WANT_SESSIONS * WANT_Q, n_inputs);
    for (size_t s = 0; s < WANT_SESSIONS; s++) {
        const want_s *ws = &want[s];
        export_session *se = &d->sessions[d->n_sessions++];
        *se = (export_session){.id = ws->id,
                               .started_ms = ws->started_ms,
                               .ended_ms = ws->ended_ms,
                               .script_id = ws->script_id,
                               .script_version = ws->version,
                               .title = ws->title,
                               .language = "nl",
                               .state = ws->state,
                               .first_question = d->n_questions,
                               .n_questions = WANT_Q};
        for (size_t j = 0; j < WANT_Q; j++) {
            const want_q *w = &ws->q[ws->shuffled ? WANT_Q - 1 - j : j];
            size_t qi = d->n_questions++;
            export_question *q = &d->questions[qi];
            *q = (export_question){.session = s,
                                   .step_index = w->step_index,
                                   .step_type = w->kind == ANSWER_TEXT ? "open" : "vote",
                                   .id = w->id,
                                   .text = w->text,
                                   .kind = w->kind,
                                   .n_points = w->n_points};
            for (size_t o = 0; o < SCRIPT_MAX_OPTIONS; o++)
                q->labels[o] = w->labels[o] ? w->labels[o] : "";
            int64_t at = ws->started_ms + 60000 * (int64_t)j;
            for (unsigned o = 0; o < w->n_points; o++)
                for (unsigned c = 0; c < w->counts[o]; c++) {
                    export_input *in = add_input(d, s, qi, at += 1000);
                    in->option = (int)o + 1;
                    in->value = w->kind == ANSWER_RATING ? (int)o + 1 : 0;
                    in->button = (int)o + 1;
                    in->counted = true;
                    se->n_counted++;
                }
            for (size_t t = 0; t < n_texts(w); t++) {
                export_input *in = add_input(d, s, qi, at += 1000);
                in->text = w->texts[t];
                in->input = "text";
                in->counted = true;
                se->n_counted++;
            }
            for (unsigned u = 0; u < w->uncounted; u++) {
                export_input *in = add_input(d, s, qi, at += 1000);
                in->option = 1;
                in->value = w->kind == ANSWER_RATING ? 1 : 0;
                in->text = w->kind == ANSWER_TEXT ? "niet geteld" : "";
                in->reason = "lockout";
            }
        }
        se->n_inputs = d->n_inputs;
        for (size_t p = 0; p < s; p++)
            se->n_inputs -= d->sessions[p].n_inputs;
    }
    return d;
}

static void json_str(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    putc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(f, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            fprintf(f, "\\u%04x", (unsigned)(unsigned char)*s);
        else
            putc(*s, f);
    }
    putc('"', f);
}

/* What html_read.py must find on the page for `want` (or for no sessions). */
static void write_expected(const char *path, bool empty)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"device\": \"oogst-01\", \"made\": \"23-11-2026 12:00\", \"round\": 15,\n \"sessions\": [", f);
    for (size_t s = 0; !empty && s < WANT_SESSIONS; s++) {
        const want_s *ws = &want[s];
        unsigned invoer = 0, geteld = 0;
        fprintf(f, "%s\n  {\"title\": ", s ? "," : "");
        json_str(f, ws->title);
        fputs(", \"script\": ", f);
        json_str(f, ws->script_id);
        fprintf(f, ", \"version\": %u, \"start\": ", ws->version);
        json_str(f, ws->start);
        fputs(", \"end\": ", f);
        json_str(f, ws->end);
        fputs(", \"state\": ", f);
        json_str(f, ws->state_nl);
        fputs(", \"questions\": [", f);
        for (size_t j = 0; j < WANT_Q; j++) {
            const want_q *w = &ws->q[j];
            unsigned n = (unsigned)n_texts(w);
            for (unsigned o = 0; o < w->n_points; o++)
                n += w->counts[o];
            invoer += n + w->uncounted;
            geteld += n;
            fprintf(f, "%s\n   {\"id\": ", j ? "," : "");
            json_str(f, w->id);
            fputs(", \"text\": ", f);
            json_str(f, w->text);
            fprintf(f, ", \"kind\": \"%s\", \"n\": %u, \"mean\": ",
                    w->kind == ANSWER_CHOICE   ? "choice"
                    : w->kind == ANSWER_RATING ? "rating"
                                               : "text",
                    n);
            json_str(f, w->mean);
            fputs(", \"labels\": [", f);
            for (unsigned o = 0; o < w->n_points; o++) {
                fputs(o ? ", " : "", f);
                json_str(f, w->labels[o]);
            }
            fputs("], \"counts\": [", f);
            for (unsigned o = 0; o < w->n_points; o++)
                fprintf(f, "%s%u", o ? ", " : "", w->counts[o]);
            fputs("], \"answers\": [", f);
            for (size_t t = 0; t < n_texts(w); t++) {
                fputs(t ? ", " : "", f);
                json_str(f, w->texts[t]);
            }
            fputs("]}", f);
        }
        fprintf(f, "], \"invoer\": %u, \"geteld\": %u}", invoer, geteld);
    }
    fputs("],\n \"series\": [", f);
    if (!empty)
        fputs("{\"id\": \"mon-meer-van\", \"points\": [[\"14-09-2026\", 5, \"3,2\"], [\"12-10-2026\", 7, "
              "\"3,7\"], "
              "[\"23-11-2026\", 4, \"5,0\"]]}",
              f);
    fputs("],\n \"hostile\": [", f);
    if (!empty) {
        json_str(f, HOSTILE);
        fputs(", ", f);
        json_str(f, QUOTES);
    }
    fputs("]}\n", f);
    assert_int_equal(fclose(f), 0);
}

/* tests/check/html_read.py next to this file (the tests run from the top folder). */
static const char *checker(void)
{
    static char path[4096];
    const char *me = __FILE__, *cut = strstr(me, "tests/unit/");
    if (!cut)
        return "tests/check/html_read.py";
    snprintf(path, sizeof(path), "%.*stests/check/html_read.py", (int)(cut - me), me);
    return path;
}

static int run_checker(const char *html, const char *expected)
{
    fflush(stdout);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        execl(PYTHON, PYTHON, checker(), html, expected, (char *)NULL);
        _exit(127);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_not_equal(WEXITSTATUS(status), 127); /* python3 or the checker missing */
    return WEXITSTATUS(status);
}

typedef struct fixture {
    char dir[64];
    char html[128], json[128], other[128];
} fixture;

static int setup(void **state)
{
    static fixture fx;
    memset(&fx, 0, sizeof(fx));
    snprintf(fx.dir, sizeof(fx.dir), "/tmp/oogst-html-XXXXXX");
    if (!mkdtemp(fx.dir))
        return -1;
    snprintf(fx.html, sizeof(fx.html), "%s/rapport.html", fx.dir);
    snprintf(fx.json, sizeof(fx.json), "%s/expected.json", fx.dir);
    snprintf(fx.other, sizeof(fx.other), "%s/other.html", fx.dir);
    setenv("TZ", TZ_CET, 1);
    tzset();
    *state = &fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    remove(fx->html);
    remove(fx->json);
    remove(fx->other);
    return rmdir(fx->dir);
}

static void write_page(const export_data *d, const char *path)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    char err[256] = "";
    int rc = export_html(d, f, err, sizeof(err));
    if (rc != 0)
        fail_msg("export_html: %s", err);
    assert_int_equal(fclose(f), 0);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    if (len)
        *len = (size_t)n;
    return buf;
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* ---- tests -------------------------------------------------------------------------- */

static void test_three_sessions_read_back(void **state)
{
    fixture *fx = *state;
    export_data *d = build_want();
    write_page(d, fx->html);
    write_expected(fx->json, false);
    assert_int_equal(run_checker(fx->html, fx->json), 0);
    const char *keep = getenv("OOGST_HTML_KEEP"); /* a copy to look at in a browser */
    if (keep)
        write_page(d, keep);

    /* the same page without the rounding: the sentence goes */
    d->round_minutes = 0;
    write_page(d, fx->other);
    char *page = slurp(fx->other, NULL);
    assert_null(strstr(page, "afgerond op"));
    free(page);
    export_data_free(d);
}

/* A checker that passes everything proves nothing: each broken copy of a good page
 * must make it fail. */
static void test_checker_catches_broken_pages(void **state)
{
    fixture *fx = *state;
    export_data *d = build_want();
    write_page(d, fx->html);
    write_expected(fx->json, false);
    export_data_free(d);
    size_t len;
    char *good = slurp(fx->html, &len);
    static const struct {
        const char *from, *to;
    } breaks[] = {
        {"</main>", "<script>alert(1)</script></main>"},
        {"<h1>", "<h1 onclick=\"x()\">"},
        {"</main>", "<img src=\"https://example.org/x.png\"></main>"},
        {"@media print", "@import url(https://example.org/x.css); @media print"},
        {"<title id=\"t2\">", "<desc>"}, /* a chart without its title (the closing tag stays) */
        {"n = 5 · gemiddeld 3,2", "n = 5 · gemiddeld 3.2"},
        {"n = 7 · gemiddeld", "n = 6 · gemiddeld"},
        {"4 (40%)", "4 (41%)"},
        {"<td>4</td><td>40%</td>", "<td>5</td><td>40%</td>"},
        {"<dd class=\"geteld\">11</dd>", "<dd class=\"geteld\">12</dd>"},
        {"&lt;/svg&gt;&lt;script&gt;", "</svg><script>"},
        {"<td>14-09-2026</td><td>5</td><td>3,2</td>", "<td>14-09-2026</td><td>5</td><td>3,3</td>"},
        {"<li>Fijn gesprek</li>", ""},
        {"<dd>afgerond</dd>", "<dd>finished</dd>"},
        {"<html lang=\"nl\">", "<html>"},
        {"fill=\"#F0E442\"", "fill=\"#FFFF00\""},
        {"<circle ", "<circle cx=\"1\" cy=\"1\" r=\"1\"/><circle "}, /* a fourth point */
    };
    for (size_t i = 0; i < sizeof(breaks) / sizeof(breaks[0]); i++) {
        const char *at = strstr(good, breaks[i].from);
        if (!at)
            fail_msg("break %zu: %s is not on the page", i, breaks[i].from);
        FILE *f = fopen(fx->other, "w");
        assert_non_null(f);
        fwrite(good, 1, (size_t)(at - good), f);
        fputs(breaks[i].to, f);
        fputs(at + strlen(breaks[i].from), f);
        assert_int_equal(fclose(f), 0);
        printf("# expected to fail (%s):\n", breaks[i].from);
        int rc = run_checker(fx->other, fx->json);
        if (rc != 1) /* 0: passed; 3: crashed, which finds nothing */
            fail_msg("the checker gave %d for a page with %s turned into %s", rc, breaks[i].from,
                     breaks[i].to);
    }
    /* and the good page still passes, so the failures above are the breaks */
    assert_int_equal(run_checker(fx->html, fx->json), 0);
    free(good);
}

static void test_empty_export(void **state)
{
    fixture *fx = *state;
    export_data *d = data_new(0, 0, 0);
    write_page(d, fx->html);
    write_expected(fx->json, true);
    assert_int_equal(run_checker(fx->html, fx->json), 0);
    char *page = slurp(fx->html, NULL);
    assert_non_null(strstr(page, "geen sessies"));
    assert_null(strstr(page, "<svg"));
    assert_non_null(strstr(page, "</html>"));
    free(page);
    export_data_free(d);
}

/* 100 000 answers to one question: the page lists the first ones and points to the CSV. */
static void test_flood_stays_small(void **state)
{
    fixture *fx = *state;
    export_data *d = data_new(1, 1, FLOOD);
    d->sessions[d->n_sessions++] = (export_session){.id = 1,
                                                    .started_ms = 1795424400000,
                                                    .script_id = "open",
                                                    .script_version = 1,
                                                    .title = "Druk",
                                                    .state = "finished",
                                                    .n_questions = 1,
                                                    .n_inputs = FLOOD,
                                                    .n_counted = FLOOD};
    d->questions[d->n_questions++] = (export_question){
        .id = "open-1", .text = "Wat wil je kwijt?", .kind = ANSWER_TEXT, .step_type = "open"};
    for (size_t i = 0; i < FLOOD; i++) {
        export_input *in = add_input(d, 0, 0, 1795424400000 + (int64_t)i);
        in->text = "Een antwoord van gemiddelde lengte, zoals mensen die typen op het scherm";
        in->counted = true;
    }
    write_page(d, fx->html);
    size_t len;
    char *page = slurp(fx->html, &len);
    assert_true(len < 64 * 1024);
    assert_int_equal(count_of(page, "<li>"), EXPORT_HTML_MAX_TEXTS);
    char more[128];
    snprintf(more, sizeof(more), "en nog %d antwoorden, zie antwoorden.csv", FLOOD - EXPORT_HTML_MAX_TEXTS);
    assert_non_null(strstr(page, more));
    assert_non_null(strstr(page, "n = 100000"));
    /* one session: no table of contents, and no series to draw */
    assert_null(strstr(page, "<nav"));
    assert_non_null(strstr(page, "Geen vraag met een cijfer is in twee of meer sessies gesteld."));
    free(page);
    export_data_free(d);
}

/* Bytes a keyboard never types: they must not break the page or its encoding. */
static void test_bad_text_is_cleaned(void **state)
{
    fixture *fx = *state;
    export_data *d = data_new(1, 2, 8);
    d->sessions[d->n_sessions++] = (export_session){.id = 1,
                                                    .started_ms = 1795424400000,
                                                    .script_id = "x\xff<y>",
                                                    .script_version = 1,
                                                    .title = "",
                                                    .state = "weird",
                                                    .n_questions = 2};
    d->questions[d->n_questions++] =
        (export_question){.id = "open-1", .text = "Vraag", .kind = ANSWER_TEXT, .step_type = "open"};
    d->questions[d->n_questions++] = (export_question){.id = "c",
                                                       .text = "Keuze?",
                                                       .kind = ANSWER_CHOICE,
                                                       .step_index = 1,
                                                       .n_points = 2,
                                                       .labels = {"", ""}};
    static char longer[1501];
    memset(longer, 'a', sizeof(longer) - 1);
    const char *texts[] = {"a\xff"
                           "b",
                           "x\x01y",
                           "tab\there",
                           "\xc3\xa9\xc3\xa9n \xe2\x82\xac",
                           "half \xe2\x82",
                           "\xc2\x85",
                           longer};
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        export_input *in = add_input(d, 0, 0, 1795424400000 + (int64_t)i);
        in->text = texts[i];
        in->counted = true;
    }
    write_page(d, fx->html);
    char *page = slurp(fx->html, NULL);
    assert_non_null(strstr(page, "<li>a\xEF\xBF\xBD"
                                 "b</li>"));
    assert_non_null(strstr(page, "<li>x\xEF\xBF\xBDy</li>"));
    assert_non_null(strstr(page, "<li>tab here</li>"));
    assert_non_null(strstr(page, "<li>\xc3\xa9\xc3\xa9n \xe2\x82\xac</li>"));
    assert_non_null(strstr(page, "<li>half \xEF\xBF\xBD\xEF\xBF\xBD</li>"));
    assert_non_null(strstr(page, "<li>\xEF\xBF\xBD\xEF\xBF\xBD</li>"));
    assert_non_null(strstr(page, "x\xEF\xBF\xBD&lt;y&gt;, versie 1"));
    assert_non_null(strstr(page, "<h2>Sessie 1</h2>")); /* no title */
    assert_non_null(strstr(page, "<dd>weird</dd>"));    /* a state it does not know */
    assert_non_null(strstr(page, ">Keuze 1</text>"));   /* an option without text */
    assert_non_null(strstr(page, ">0 (0%)</text>"));    /* no answers: no division by zero */
    char cut[1100];
    memset(cut, 'a', 1000);
    snprintf(cut + 1000, sizeof(cut) - 1000, "…</li>");
    assert_non_null(strstr(page, cut));
    /* the page is valid UTF-8 all through: Python refuses to read it otherwise */
    fflush(stdout);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        execl(PYTHON, PYTHON, "-c", "import sys; open(sys.argv[1], encoding='utf-8').read()", fx->html,
              (char *)NULL);
        _exit(127);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    free(page);
    export_data_free(d);
}

static void test_write_errors(void **state)
{
    (void)state;
    export_data *d = build_want();
    char err[256] = "";

    FILE *full = fopen("/dev/full", "w");
    if (!full)
        skip();
    assert_int_equal(export_html(d, full, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "rapport.html"));
    assert_non_null(strstr(err, strerror(ENOSPC)));
    fclose(full);

    /* a stream that cannot be written at all */
    err[0] = '\0';
    FILE *ro = fopen("/dev/null", "r");
    assert_non_null(ro);
    assert_int_equal(export_html(d, ro, err, sizeof(err)), -1);
    assert_true(err[0] != '\0');
    fclose(ro);

    err[0] = '\0';
    assert_int_equal(export_html(NULL, stdout, err, sizeof(err)), -1);
    assert_true(err[0] != '\0');
    export_data_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_three_sessions_read_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_checker_catches_broken_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_export, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flood_stays_small, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_text_is_cleaned, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_errors, setup, teardown),
    };
    return cmocka_run_group_tests_name("export_html", tests, NULL, NULL);
}
