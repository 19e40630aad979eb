/* test_export_xlsx.c — resultaten.xlsx written from an export built by hand and read back
 * with openpyxl (tests/check/xlsx_read.py compares it with the expectations below and
 * prints every difference): sheets, headers, frozen panes, autofilters, local datetimes,
 * counts, shares and means, text that looks like a formula, charts and their ranges, the
 * chart limit, an empty export, a path through /proc/self/fd, and paths that fail. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "export/export_data.h"
#include "export/export_xlsx.h"

/* Central European time without tzdata: the test does not depend on /usr/share/zoneinfo. */
#define TZ_CET "CET-1CEST,M3.5.0,M10.5.0/3"
#define PYTHON "/usr/bin/python3"
#define READER "tests/check/xlsx_read.py"

typedef struct fixture {
    char dir[64];
    char file[128];
    export_data *d;
} fixture;

/* ---- an export by hand ---------------------------------------------------------------- */

static int64_t utc_ms(int y, int mo, int d, int h, int mi, int s, int ms)
{
    struct tm tm = {
        .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi, .tm_sec = s};
    return (int64_t)timegm(&tm) * 1000 + ms;
}

static export_data *data_new(size_t max_sessions, size_t max_questions, size_t max_inputs)
{
    arena *a = arena_new();
    assert_non_null(a);
    export_data *d = arena_alloc(a, sizeof(*d));
    assert_non_null(d);
    d->arena = a;
    d->device_id = "oogst-test";
    d->sessions = arena_alloc(a, (max_sessions + 1) * sizeof(*d->sessions));
    d->questions = arena_alloc(a, (max_questions + 1) * sizeof(*d->questions));
    d->inputs = arena_alloc(a, (max_inputs + 1) * sizeof(*d->inputs));
    assert_true(d->sessions && d->questions && d->inputs);
    d->made_ms = utc_ms(2026, 6, 2, 8, 0, 0, 0);
    return d;
}

static size_t add_session(export_data *d, int64_t id, int64_t start, int64_t end, const char *state)
{
    export_session *s = &d->sessions[d->n_sessions];
    s->id = id;
    s->started_ms = start;
    s->ended_ms = end;
    s->script_id = "waarderend";
    s->script_version = 3;
    s->title = "Waarderend veranderen";
    s->language = "nl";
    s->state = state;
    s->first_question = d->n_questions;
    return d->n_sessions++;
}

/* A question of the newest session; labels: n_points texts for a choice, NULL for none. */
static size_t add_question(export_data *d, size_t step_index, const char *type, const char *id,
                           const char *text, answer_kind kind, unsigned n_points, const char *const *labels)
{
    size_t s = d->n_sessions - 1;
    export_question *q = &d->questions[d->n_questions];
    q->session = s;
    q->step_index = step_index;
    q->step_type = type;
    q->id = id;
    q->text = text;
    q->kind = kind;
    q->n_points = n_points;
    for (unsigned i = 0; i < SCRIPT_MAX_OPTIONS; i++)
        q->labels[i] = labels && i < n_points ? labels[i] : "";
    d->sessions[s].n_questions++;
    return d->n_questions++;
}

static void add_input(export_data *d, size_t qi, int option, const char *text, bool counted, int64_t at)
{
    const export_question *q = &d->questions[qi];
    export_input *in = &d->inputs[d->n_inputs];
    in->session = q->session;
    in->question = qi;
    in->step_index = q->step_index;
    in->step_type = q->step_type;
    in->option = q->kind == ANSWER_TEXT ? 0 : option;
    in->value = q->kind == ANSWER_RATING ? option : 0; /* a rating's value is its option */
    in->text = text ? text : "";
    in->input = q->kind == ANSWER_TEXT ? "text" : "button";
    in->button = q->kind == ANSWER_TEXT ? 0 : option;
    in->counted = counted;
    in->reason = counted ? "counted" : "lockout";
    in->at_ms = at;
    in->id = (int64_t)d->n_inputs + 1;
    d->n_inputs++;
    d->sessions[q->session].n_inputs++;
    d->sessions[q->session].n_counted += counted;
}

/* Three sessions (11 in winter time, 12 and 13 in summer time, 13 interrupted):
 *   11  q0 choice kies-plek (Hier/Daar/Nergens), q1 rating mon-meer-van, q2 text open-idee
 *   12  q3 rating mon-meer-van, q4 text open-idee
 *   13  q5 rating mon-meer-van, q6 choice kies-plek, q7 rating eenmalig (no answers)
 * Counted: q0 1,2 | q1 4,5 | q2 "=SUM(A1:A9)", a quote and a newline | q3 3,3,4 | q4 "@iedereen"
 *          | q5 5 | q6 3. Not counted: q0 1, q1 2, q4 "-weg". */
static export_data *three_sessions(void)
{
    static const char *const places[] = {"Hier", "Daar", "Nergens"};
    export_data *d = data_new(3, 8, 16);
    int64_t t1 = utc_ms(2026, 3, 2, 9, 0, 0, 0);   /* 10:00 CET */
    int64_t t2 = utc_ms(2026, 4, 6, 12, 0, 0, 0);  /* 14:00 CEST */
    int64_t t3 = utc_ms(2026, 6, 1, 7, 0, 0, 250); /* 09:00:00.250 CEST */
    const char *meer = "Heb je meer van wat werkt?";

    add_session(d, 11, t1, t1 + 90 * 60000, "finished");
    size_t q0 = add_question(d, 2, "vote", "kies-plek", "Waar gaan we verder?", ANSWER_CHOICE, 3, places);
    size_t q1 = add_question(d, 4, "rating", "mon-meer-van", meer, ANSWER_RATING, 5, NULL);
    size_t q2 = add_question(d, 5, "open", "open-idee", "Wat is je idee?", ANSWER_TEXT, 0, NULL);
    add_input(d, q0, 1, NULL, true, t1 + 60000);
    add_input(d, q0, 1, NULL, false, t1 + 60400);
    add_input(d, q0, 2, NULL, true, t1 + 61000);
    add_input(d, q1, 4, NULL, true, t1 + 120000);
    add_input(d, q1, 5, NULL, true, t1 + 121500);
    add_input(d, q1, 2, NULL, false, t1 + 121600);
    add_input(d, q2, 0, "=SUM(A1:A9)", true, t1 + 180000);
    add_input(d, q2, 0, "Zij zei \"ja\"\nen ging", true, t1 + 240000);

    add_session(d, 12, t2, t2 + 60 * 60000, "finished");
    size_t q3 = add_question(d, 1, "monitoring", "mon-meer-van", meer, ANSWER_RATING, 5, NULL);
    size_t q4 = add_question(d, 3, "open", "open-idee", "Wat is je idee?", ANSWER_TEXT, 0, NULL);
    add_input(d, q3, 3, NULL, true, t2 + 60000);
    add_input(d, q3, 3, NULL, true, t2 + 60123);
    add_input(d, q3, 4, NULL, true, t2 + 65000);
    add_input(d, q4, 0, "@iedereen", true, t2 + 70000);
    add_input(d, q4, 0, "-weg", false, t2 + 71000);

    add_session(d, 13, t3, 0, "interrupted");
    size_t q5 = add_question(d, 0, "monitoring", "mon-meer-van", meer, ANSWER_RATING, 5, NULL);
    size_t q6 = add_question(d, 1, "vote", "kies-plek", "Waar gaan we verder?", ANSWER_CHOICE, 3, places);
    add_question(d, 2, "rating", "eenmalig", "Hoe was de koffie?", ANSWER_RATING, 5, NULL);
    add_input(d, q5, 5, NULL, true, t3 + 600000 - 243); /* 09:10:00.007 */
    add_input(d, q6, 3, NULL, true, t3 + 660000);
    return d;
}

/* ---- running the reader --------------------------------------------------------------- */

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static int setup(void **state)
{
    static fixture f;
    memset(&f, 0, sizeof f);
    snprintf(f.dir, sizeof f.dir, "/tmp/oogst-xlsx-XXXXXX");
    if (!mkdtemp(f.dir))
        return -1;
    snprintf(f.file, sizeof f.file, "%s/resultaten.xlsx", f.dir);
    setenv("TZ", TZ_CET, 1);
    tzset();
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    export_data_free(f->d);
    if (getenv("OOGST_KEEP_XLSX")) /* to open the workbooks by hand */
        print_message("kept %s\n", f->dir);
    else
        nftw(f->dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
    return 0;
}

/* Runs argv (no shell) and returns its exit status, -1 when it did not exit. */
static int run(char *const argv[])
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        execv(argv[0], argv);
        _exit(127);
    }
    int st;
    if (pid < 0 || waitpid(pid, &st, 0) < 0)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The reader needs /usr/bin/python3 with openpyxl (make check installs python3-openpyxl);
 * without it the test says so and is skipped, never passed. */
static void need_openpyxl(void)
{
    static int have = -1; /* asked once: starting python takes a while */
    char *argv[] = {PYTHON, "-c", "import openpyxl", NULL};
    if (have < 0)
        have = access(PYTHON, X_OK) == 0 && run(argv) == 0;
    if (!have) {
        print_message("SKIP: " PYTHON " with openpyxl is missing (apt-get install python3-openpyxl)\n");
        skip();
    }
    if (access(READER, R_OK) != 0)
        fail_msg("no %s: run the tests from the top of the tree", READER);
}

/* Writes the expectation next to the workbook and has the reader compare them. */
static void expect_workbook(const fixture *f, const char *expect)
{
    need_openpyxl();
    char path[160];
    snprintf(path, sizeof path, "%s/expect.py", f->dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    assert_true(fputs(expect, fp) >= 0);
    assert_int_equal(fclose(fp), 0);
    char *argv[] = {PYTHON, READER, (char *)f->file, path, NULL};
    assert_int_equal(run(argv), 0);
}

/* ---- the tests ------------------------------------------------------------------------ */

/* What the reader must find in the workbook of three_sessions(): a Python literal (see
 * tests/check/xlsx_read.py), every figure counted by hand from the inputs above. Dates are
 * local time in TZ_CET: 11 in winter time (+01:00), 12 and 13 in summer time (+02:00). */
// clang-format off
static const char expect_three[] =
    "{'sheets': ['Sessies', 'Antwoorden', 'Stemmen', 'Samenvatting'],\n"
    " 'n_charts': {'Sessies': 0, 'Antwoorden': 0, 'Stemmen': 0, 'Samenvatting': 7},\n"
    " 'Sessies': {'freeze': 'A2', 'filter': 'A1:J4', 'header_bold': True, 'rows': [\n"
    "   ['Sessie', 'Start', 'Einde', 'Script', 'Versie', 'Titel', 'Taal', 'Status', 'Invoer', 'Geteld'],\n"
    "   [11, {'dt': '2026-03-02 10:00:00.000'}, {'dt': '2026-03-02 11:30:00.000'}, 'waarderend', 3,"
    "    'Waarderend veranderen', 'nl', 'finished', 8, 6],\n"
    "   [12, {'dt': '2026-04-06 14:00:00.000'}, {'dt': '2026-04-06 15:00:00.000'}, 'waarderend', 3,"
    "    'Waarderend veranderen', 'nl', 'finished', 5, 4],\n"
    "   [13, {'dt': '2026-06-01 09:00:00.250'}, None, 'waarderend', 3, 'Waarderend veranderen', 'nl',"
    "    'interrupted', 2, 2]],\n"
    "  'formats': {'B2': 'dd-mm-yyyy hh:mm', 'C2': 'dd-mm-yyyy hh:mm', 'B4': 'dd-mm-yyyy hh:mm'}},\n"
    " 'Antwoorden': {'freeze': 'A2', 'filter': 'A1:J13', 'header_bold': True, 'rows': [\n"
    "   ['Sessie', 'Stap', 'Staptype', 'Vraag-id', 'Soort', 'Optie', 'Optietekst', 'Waarde',"
    "    'Tekst', 'Tijd'],\n"
    "   [11, 3, 'vote', 'kies-plek', 'keuze', 1, 'Hier', None, None,"
    "    {'dt': '2026-03-02 10:01:00.000'}],\n"
    "   [11, 3, 'vote', 'kies-plek', 'keuze', 2, 'Daar', None, None,"
    "    {'dt': '2026-03-02 10:01:01.000'}],\n"
    "   [11, 5, 'rating', 'mon-meer-van', 'beoordeling', 4, None, 4, None,"
    "    {'dt': '2026-03-02 10:02:00.000'}],\n"
    "   [11, 5, 'rating', 'mon-meer-van', 'beoordeling', 5, None, 5, None,"
    "    {'dt': '2026-03-02 10:02:01.500'}],\n"
    "   [11, 6, 'open', 'open-idee', 'tekst', None, None, None, '=SUM(A1:A9)',"
    "    {'dt': '2026-03-02 10:03:00.000'}],\n"
    "   [11, 6, 'open', 'open-idee', 'tekst', None, None, None,"
    "    'Zij zei \"ja\"\\nen ging', {'dt': '2026-03-02 10:04:00.000'}],\n"
    "   [12, 2, 'monitoring', 'mon-meer-van', 'beoordeling', 3, None, 3,"
    "    None, {'dt': '2026-04-06 14:01:00.000'}],\n"
    "   [12, 2, 'monitoring', 'mon-meer-van', 'beoordeling', 3, None, 3,"
    "    None, {'dt': '2026-04-06 14:01:00.123'}],\n"
    "   [12, 2, 'monitoring', 'mon-meer-van', 'beoordeling', 4, None, 4,"
    "    None, {'dt': '2026-04-06 14:01:05.000'}],\n"
    "   [12, 4, 'open', 'open-idee', 'tekst', None, None, None, '@iedereen',"
    "    {'dt': '2026-04-06 14:01:10.000'}],\n"
    "   [13, 1, 'monitoring', 'mon-meer-van', 'beoordeling', 5, None, 5,"
    "    None, {'dt': '2026-06-01 09:10:00.007'}],\n"
    "   [13, 2, 'vote', 'kies-plek', 'keuze', 3, 'Nergens', None, None,"
    "    {'dt': '2026-06-01 09:11:00.250'}]],\n"
    "  'formats': {'J2': 'dd-mm-yyyy hh:mm', 'J13': 'dd-mm-yyyy hh:mm'}},\n"
    " 'Stemmen': {'freeze': 'A2', 'filter': 'A1:G27', 'header_bold': True, 'n_rows': 27, 'row': {\n"
    "   1: ['Sessie', 'Vraag-id', 'Vraag', 'Optie', 'Optietekst', 'Aantal', 'Aandeel'],\n"
    "   2: [11, 'kies-plek', 'Waar gaan we verder?', 1, 'Hier', 1, 0.5],\n"
    "   3: [11, 'kies-plek', 'Waar gaan we verder?', 2, 'Daar', 1, 0.5],\n"
    "   4: [11, 'kies-plek', 'Waar gaan we verder?', 3, 'Nergens', 0, 0],\n"
    "   5: [11, 'mon-meer-van', 'Heb je meer van wat werkt?', 1, None, 0, 0],\n"
    "   8: [11, 'mon-meer-van', 'Heb je meer van wat werkt?', 4, None, 1, 0.5],\n"
    "   9: [11, 'mon-meer-van', 'Heb je meer van wat werkt?', 5, None, 1, 0.5],\n"
    "   12: [12, 'mon-meer-van', 'Heb je meer van wat werkt?', 3, None, 2, 0.6666666666666666],\n"
    "   13: [12, 'mon-meer-van', 'Heb je meer van wat werkt?', 4, None, 1, 0.3333333333333333],\n"
    "   19: [13, 'mon-meer-van', 'Heb je meer van wat werkt?', 5, None, 1, 1],\n"
    "   22: [13, 'kies-plek', 'Waar gaan we verder?', 3, 'Nergens', 1, 1],\n"
    "   23: [13, 'eenmalig', 'Hoe was de koffie?', 1, None, 0, None],\n"
    "   27: [13, 'eenmalig', 'Hoe was de koffie?', 5, None, 0, None]},\n"
    "  'formats': {'G2': '0%', 'G19': '0%'}},\n"
    " 'Samenvatting': {'freeze': 'A2', 'filter': 'A1:E7', 'header_bold': True, 'rows': [\n"
    "   ['Sessie', 'Vraag-id', 'Vraag', 'n', 'Gemiddelde', None],\n"
    "   [11, 'kies-plek', 'Waar gaan we verder?', 2, None, None],\n"
    "   [11, 'mon-meer-van', 'Heb je meer van wat werkt?', 2, 4.5, None],\n"
    "   [12, 'mon-meer-van', 'Heb je meer van wat werkt?', 3, 3.3333333333333335, None],\n"
    "   [13, 'mon-meer-van', 'Heb je meer van wat werkt?', 1, 5, None],\n"
    "   [13, 'kies-plek', 'Waar gaan we verder?', 1, None, None],\n"
    "   [13, 'eenmalig', 'Hoe was de koffie?', 0, None, None],\n"
    "   [None, None, None, None, None, None],\n"
    "   ['Verloop van beoordelingen die in twee of meer sessies zijn gevraagd', None, None, None, None,"
    "    None],\n"
    "   ['Sessie', 'Vraag-id', 'Vraag', 'n', 'Gemiddelde', 'Start'],\n"
    "   [11, 'mon-meer-van', 'Heb je meer van wat werkt?', 2, 4.5, {'dt': '2026-03-02 10:00:00.000'}],\n"
    "   [12, 'mon-meer-van', 'Heb je meer van wat werkt?', 3, 3.3333333333333335,"
    "    {'dt': '2026-04-06 14:00:00.000'}],\n"
    "   [13, 'mon-meer-van', 'Heb je meer van wat werkt?', 1, 5, {'dt': '2026-06-01 09:00:00.250'}]],\n"
    "  'formats': {'E3': '0.00', 'E4': '0.00', 'E11': '0.00', 'F11': 'dd-mm-yyyy hh:mm'},\n"
    "  'charts': [\n"
    "   {'type': 'LineChart', 'title': 'Verloop: Heb je meer van wat werkt?',"
    "    'cat': 'Samenvatting!$A$11:$A$13', 'val': 'Samenvatting!$E$11:$E$13', 'anchor': 'H2'},\n"
    "   {'type': 'BarChart', 'title': 'Sessie 11: Waar gaan we verder?', 'cat': 'Stemmen!$E$2:$E$4',"
    "    'val': 'Stemmen!$F$2:$F$4', 'anchor': 'P2'},\n"
    "   {'type': 'BarChart', 'title': 'Sessie 11: Heb je meer van wat werkt?', 'cat': 'Stemmen!$D$5:$D$9',"
    "    'val': 'Stemmen!$F$5:$F$9', 'anchor': 'H18'},\n"
    "   {'type': 'BarChart', 'title': 'Sessie 12: Heb je meer van wat werkt?',"
    "    'cat': 'Stemmen!$D$10:$D$14', 'val': 'Stemmen!$F$10:$F$14', 'anchor': 'P18'},\n"
    "   {'type': 'BarChart', 'title': 'Sessie 13: Heb je meer van wat werkt?',"
    "    'cat': 'Stemmen!$D$15:$D$19', 'val': 'Stemmen!$F$15:$F$19', 'anchor': 'H34'},\n"
    "   {'type': 'BarChart', 'title': 'Sessie 13: Waar gaan we verder?', 'cat': 'Stemmen!$E$20:$E$22',"
    "    'val': 'Stemmen!$F$20:$F$22', 'anchor': 'P34'},\n"
    "   {'type': 'BarChart', 'title': 'Sessie 13: Hoe was de koffie?', 'cat': 'Stemmen!$D$23:$D$27',"
    "    'val': 'Stemmen!$F$23:$F$27', 'anchor': 'H50'}]}}\n";
// clang-format on

/* The hand-counted figures above agree with the shared definitions in export_data.c. */
static void test_fixture_matches_export_data(void **state)
{
    fixture *f = *state;
    f->d = three_sessions();
    export_tally t;
    export_tally_of(f->d, 3, &t);
    assert_int_equal(t.n, 3);
    assert_int_equal(t.counts[3], 2);
    assert_true(t.mean > 3.3333 && t.mean < 3.3334);
    export_tally_of(f->d, 0, &t);
    assert_int_equal(t.n, 2);
    assert_int_equal(t.counts[1], 1);
    size_t series[4];
    assert_int_equal(export_series(f->d, "mon-meer-van", series, 4), 3);
    assert_int_equal(series[0], 1);
    assert_int_equal(series[1], 3);
    assert_int_equal(series[2], 5);
    assert_int_equal(export_series(f->d, "kies-plek", series, 4), 2); /* a choice: no trend chart */
    assert_int_equal(export_series(f->d, "eenmalig", series, 4), 1);
}

static void test_three_sessions(void **state)
{
    fixture *f = *state;
    f->d = three_sessions();
    char err[256] = "";
    assert_int_equal(export_xlsx(f->d, f->file, err, sizeof err), 0);
    assert_string_equal(err, "");
    expect_workbook(f, expect_three);
}

/* Nothing to export is still a workbook Excel opens: the four sheets with their headers. */
static void test_empty_export(void **state)
{
    fixture *f = *state;
    f->d = data_new(0, 0, 0);
    char err[256] = "";
    assert_int_equal(export_xlsx(f->d, f->file, err, sizeof err), 0);
    expect_workbook(f,
                    "{'sheets': ['Sessies', 'Antwoorden', 'Stemmen', 'Samenvatting'],\n"
                    " 'n_charts': {'Sessies': 0, 'Antwoorden': 0, 'Stemmen': 0, 'Samenvatting': 0},\n"
                    " 'Sessies': {'freeze': 'A2', 'filter': 'A1:J1', 'header_bold': True, 'n_rows': 1},\n"
                    " 'Antwoorden': {'freeze': 'A2', 'filter': 'A1:J1', 'n_rows': 1, 'rows': [\n"
                    "   ['Sessie', 'Stap', 'Staptype', 'Vraag-id', 'Soort', 'Optie', 'Optietekst',"
                    "    'Waarde', 'Tekst', 'Tijd']]},\n"
                    " 'Stemmen': {'freeze': 'A2', 'filter': 'A1:G1', 'n_rows': 1},\n"
                    " 'Samenvatting': {'freeze': 'A2', 'filter': 'A1:E1', 'rows': [\n"
                    "   ['Sessie', 'Vraag-id', 'Vraag', 'n', 'Gemiddelde']]}}\n");
}

/* More charts than the limit: the trend chart first, the rest left out with a note, and
 * text with a control character or broken UTF-8 still makes a file Excel opens. */
static void test_chart_limit(void **state)
{
    fixture *f = *state;
    enum { SESSIONS = 70 };
    f->d = data_new(SESSIONS, 2 * SESSIONS + 1, 2 * SESSIONS);
    int64_t t = utc_ms(2026, 1, 5, 9, 0, 0, 0);
    for (int s = 0; s < SESSIONS; s++) {
        int64_t day = t + s * 86400000LL;
        add_session(f->d, 100 + s, day, 0, "finished");
        size_t r = add_question(f->d, 0, "monitoring", "mon-waarde", "Was het de moeite waard?",
                                ANSWER_RATING, 5, NULL);
        size_t o = add_question(f->d, 1, "open", "open-idee", "Wat is je idee?", ANSWER_TEXT, 0, NULL);
        if (s == 0) /* once only: no trend */
            add_question(f->d, 2, "rating", "eigen", "Bel\x01 \xff?", ANSWER_RATING, 5, NULL);
        add_input(f->d, r, 1 + s % 5, NULL, true, day + 1000);
        add_input(f->d, o, 0, s ? "ok" : "tab\tbel\x07 kapot\xc3", true, day + 2000);
    }
    char err[256] = "";
    assert_int_equal(export_xlsx(f->d, f->file, err, sizeof err), 0);
    /* 71 column charts and 1 trend chart; the trend table starts on row 76 */
    expect_workbook(
        f, "{'n_charts': {'Samenvatting': 60},\n"
           " 'Antwoorden': {'row': {3: [100, 2, 'open', 'open-idee', 'tekst',"
           "   None, None, None, 'tab\\tbel\\x07 kapot\\ufffd', {'dt': '2026-01-05 10:00:02.000'}]}},\n"
           " 'Samenvatting': {'filter': 'A1:E72', 'row': {\n"
           "   1: ['Sessie', 'Vraag-id', 'Vraag', 'n', 'Gemiddelde', None, None,"
           "     'Alleen de eerste 60 van de 72 grafieken staan hier; alle cijfers staan in de tabellen.'],\n"
           "   3: [100, 'eigen', 'Bel\\x01 \\ufffd?', 0, None, None, None, None],\n"
           "   76: [100, 'mon-waarde', 'Was het de moeite waard?', 1, 1, {'dt': '2026-01-05 10:00:00.000'},"
           "     None, None]},\n"
           "  'chart': {1: {'type': 'LineChart', 'title': 'Verloop: Was het de moeite waard?',"
           "    'cat': 'Samenvatting!$A$76:$A$145', 'val': 'Samenvatting!$E$76:$E$145', 'anchor': 'H2'},\n"
           "   2: {'type': 'BarChart', 'title': 'Sessie 100: Was het de moeite waard?', 'anchor': 'P2'},\n"
           "   3: {'type': 'BarChart', 'title': 'Sessie 100: Bel  \\ufffd?', 'anchor': 'H18'},\n"
           "   60: {'type': 'BarChart', 'title': 'Sessie 157: Was het de moeite waard?', 'anchor': "
           "'P466'}}}}\n");
}

/* The caller writes into a folder it holds open: a path through /proc/self/fd works. */
static void test_path_through_fd(void **state)
{
    fixture *f = *state;
    f->d = three_sessions();
    int dfd = open(f->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    assert_true(dfd >= 0);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d/resultaten.xlsx", dfd);
    char err[256] = "";
    assert_int_equal(export_xlsx(f->d, path, err, sizeof err), 0);
    struct stat sb;
    assert_int_equal(fstatat(dfd, "resultaten.xlsx", &sb, 0), 0);
    assert_true(sb.st_size > 4000);
    close(dfd);
    expect_workbook(f, "{'n_charts': {'Samenvatting': 7}}");
}

/* A folder that is not there, or a file where a folder should be: -1 with the reason,
 * and nothing left behind. (The tests may run as root, so permissions prove nothing.)
 * Inconsistent data is refused too. */
static void test_unwritable_path(void **state)
{
    fixture *f = *state;
    f->d = three_sessions();
    char path[256], err[512] = "";
    snprintf(path, sizeof path, "%s/weg/resultaten.xlsx", f->dir);
    assert_int_equal(export_xlsx(f->d, path, err, sizeof err), -1);
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "xlsx file")); /* libxlsxwriter: "Error creating output xlsx file..." */

    char blocker[160];
    snprintf(blocker, sizeof blocker, "%s/bestand", f->dir);
    FILE *fp = fopen(blocker, "w");
    assert_non_null(fp);
    fclose(fp);
    snprintf(path, sizeof path, "%s/resultaten.xlsx", blocker);
    err[0] = '\0';
    assert_int_equal(export_xlsx(f->d, path, err, sizeof err), -1);
    assert_true(strlen(err) > strlen(path));
    assert_int_equal(access(f->file, F_OK), -1);

    /* data that points past its own arrays is refused before anything is written */
    f->d->questions[2].session = 7;
    err[0] = '\0';
    assert_int_equal(export_xlsx(f->d, f->file, err, sizeof err), -1);
    assert_non_null(strstr(err, "inconsistent"));
    assert_int_equal(access(f->file, F_OK), -1);
}

/* 100 000 answers in one session: constant memory, and a row for each counted one. */
static void test_many_answers(void **state)
{
    fixture *f = *state;
    enum { N = 100000 };
    f->d = data_new(1, 2, N);
    int64_t t = utc_ms(2026, 2, 2, 9, 0, 0, 0);
    add_session(f->d, 1, t, t + 3600000, "finished");
    size_t r =
        add_question(f->d, 0, "rating", "mon-waarde", "Was het de moeite waard?", ANSWER_RATING, 5, NULL);
    size_t o = add_question(f->d, 1, "open", "open-idee", "Wat is je idee?", ANSWER_TEXT, 0, NULL);
    for (int i = 0; i < N; i++)
        add_input(f->d, i % 2 ? o : r, 1 + i % 5, "een idee", i % 10 != 9, t + i);
    char err[256] = "";
    assert_int_equal(export_xlsx(f->d, f->file, err, sizeof err), 0);
    struct stat sb;
    assert_int_equal(stat(f->file, &sb), 0);
    assert_true(sb.st_size > 100000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fixture_matches_export_data, setup, teardown),
        cmocka_unit_test_setup_teardown(test_three_sessions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_export, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chart_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_path_through_fd, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unwritable_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_answers, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
