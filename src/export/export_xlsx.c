/* export_xlsx.c — owns resultaten.xlsx: the four sheets the evaluator reads in Dutch Excel
 * (Sessies, Antwoorden, Stemmen, Samenvatting) and the charts on the last one, written with
 * libxlsxwriter in constant-memory mode so a box full of answers exports in little memory. */
#include "export/export_xlsx.h"
#include "core/msg.h"
#include "core/utf8.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

enum {
    CELL_MAX = 32767, /* Excel's (and libxlsxwriter's) limit of a text cell, in bytes here */
    TITLE_MAX = 160,  /* a chart title longer than this does not fit above the chart */
    /* Charts sit right of the tables on Samenvatting, two across; a default chart is
     * 480 x 288 pixels, about 8 default columns by 15 rows. */
    CHART_COL = 7,
    CHART_STEP_COLS = 8,
    CHART_STEP_ROWS = 16,
    CHARTS_ACROSS = 2,
};

typedef struct column {
    const char *name;
    double width;
} column;

/* One trend: the rows of a rating question id on the trend table. */
typedef struct trend {
    size_t question;       /* the first of the series, for the chart title */
    size_t key;            /* where the series starts in the sorted keys */
    lxw_row_t first, last; /* its rows on the trend table */
    unsigned scale;
} trend;

/* A rating question, to find the ids asked in more than one session by sorting. */
typedef struct rating_key {
    const char *id;
    size_t session, question;
} rating_key;

typedef struct xw {
    const export_data *d;
    lxw_workbook *wb;
    lxw_format *bold, *when, *mean, *share;
    export_tally *tally;  /* per question, all from one pass over the inputs */
    lxw_row_t *votes_row; /* per question: its first row on Stemmen (0: none) */
    trend *trends;
    size_t n_trends;
    char *buf; /* a cleaned copy of a text (see clean) */
    size_t cap;
    lxw_error error; /* the first libxlsxwriter error, LXW_NO_ERROR while all is well */
    const char *where;
    bool oom;
} xw;

/* ---- cells ---------------------------------------------------------------------------- */

static bool failed(const xw *x)
{
    return x->error != LXW_NO_ERROR || x->oom;
}

/* Keeps the first error; the sheets stop at the end of the row they are on. */
static void check(xw *x, lxw_error e, const char *where)
{
    if (e != LXW_NO_ERROR && x->error == LXW_NO_ERROR) {
        x->error = e;
        x->where = where;
    }
}

/* Broken UTF-8 makes the XML invalid and Excel refuses the whole file: a copy with U+FFFD
 * for each bad byte, cut on a character boundary when longer than a cell may hold (control
 * characters are libxlsxwriter's: it writes them as _xHHHH_). Returns s itself when it
 * is fine, as nearly always. */
static const char *clean(xw *x, const char *s)
{
    if (!s)
        return "";
    size_t len = strlen(s);
    if (len <= CELL_MAX && utf8_length(s, len, NULL) >= 0)
        return s;
    size_t need = (len < CELL_MAX ? len : CELL_MAX) * 3 + 4;
    if (need > x->cap) {
        char *nb = realloc(x->buf, need);
        if (!nb) {
            x->oom = true;
            return "";
        }
        x->buf = nb;
        x->cap = need;
    }
    static const char repl[] = "\xEF\xBF\xBD";
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
        bool ok = k == 1 || (k && i + k <= len && utf8_length(s + i, k, NULL) == 1);
        size_t out = ok ? k : 3;
        if (o + out > CELL_MAX)
            break;
        memcpy(x->buf + o, ok ? s + i : repl, out);
        o += out;
        i += ok ? k : 1;
    }
    x->buf[o] = '\0';
    return x->buf;
}

/* worksheet_write_string always makes a text cell, so "=SUM(A1)" typed on the kiosk
 * stays text in Excel; an empty text leaves the cell empty. */
static void put_text(xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
    const char *t = clean(x, s);
    if (*t)
        check(x, worksheet_write_string(ws, r, c, t, f), "text");
}

static void put_num(xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *f)
{
    check(x, worksheet_write_number(ws, r, c, v, f), "number");
}

/* Local wall-clock time as Excel sees a date: the ms as a fraction of the second. Excel
 * knows the years 1900 to 9999 only; outside them (a Pi that never had its clock set
 * writes 1970, which is fine) the cell stays empty. */
static void put_time(xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, int64_t ms)
{
    int64_t sec = ms / 1000;
    int64_t frac = ms % 1000;
    if (frac < 0) {
        frac += 1000;
        sec--;
    }
    struct tm tm;
    if (!export_local_time(sec, &tm) || tm.tm_year < 0 || tm.tm_year > 9999 - 1900)
        return;
    lxw_datetime dt = {.year = tm.tm_year + 1900,
                       .month = tm.tm_mon + 1,
                       .day = tm.tm_mday,
                       .hour = tm.tm_hour,
                       .min = tm.tm_min,
                       .sec = tm.tm_sec + (double)frac / 1000.0};
    check(x, worksheet_write_datetime(ws, r, c, &dt, x->when), "date");
}

/* A new sheet with its bold header row frozen above the data and the column widths. */
static lxw_worksheet *sheet(xw *x, const char *name, const column *cols, size_t n)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    if (!ws) {
        /* in constant-memory mode this is the temporary file that could not be made */
        check(x, LXW_ERROR_CREATING_TMPFILE, name);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        check(x, worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, cols[i].width, NULL), name);
        put_text(x, ws, 0, (lxw_col_t)i, cols[i].name, x->bold);
    }
    worksheet_freeze_panes(ws, 1, 0);
    return ws;
}

/* The autofilter over a table of n columns whose last row is last (0: the header only). */
static void filter(xw *x, lxw_worksheet *ws, lxw_row_t last, size_t n)
{
    check(x, worksheet_autofilter(ws, 0, 0, last, (lxw_col_t)(n - 1)), "autofilter");
}

static const char *kind_name(answer_kind k)
{
    switch (k) {
    case ANSWER_CHOICE: return "keuze";
    case ANSWER_RATING: return "beoordeling";
    case ANSWER_TEXT: return "tekst";
    default: return "";
    }
}

static const char *label_of(const export_question *q, int option)
{
    if (!q || option < 1 || (unsigned)option > q->n_points || option > SCRIPT_MAX_OPTIONS)
        return "";
    return q->labels[option - 1] ? q->labels[option - 1] : "";
}

static unsigned points_of(const export_question *q)
{
    return q->n_points < SCRIPT_MAX_OPTIONS ? q->n_points : SCRIPT_MAX_OPTIONS;
}

static bool has_votes(const export_question *q)
{
    return q->kind == ANSWER_CHOICE || q->kind == ANSWER_RATING;
}

/* ---- the figures ---------------------------------------------------------------------- */

/* The tally of every question in one pass (export_tally_of per question would read all
 * inputs once per question); the same rules as export_tally_of. */
static bool count_all(xw *x)
{
    const export_data *d = x->d;
    x->tally = calloc(d->n_questions ? d->n_questions : 1, sizeof(*x->tally));
    x->votes_row = calloc(d->n_questions ? d->n_questions : 1, sizeof(*x->votes_row));
    if (!x->tally || !x->votes_row)
        return false;
    for (size_t i = 0; i < d->n_inputs; i++) {
        const export_input *in = &d->inputs[i];
        if (!in->counted || in->question >= d->n_questions)
            continue;
        export_tally *t = &x->tally[in->question];
        t->n++;
        if (in->option >= 1 && in->option <= SCRIPT_MAX_OPTIONS)
            t->counts[in->option]++;
        t->mean += in->value; /* the sum until divided below */
    }
    for (size_t q = 0; q < d->n_questions; q++) {
        export_tally *t = &x->tally[q];
        t->counts[0] = t->n;
        t->mean = d->questions[q].kind == ANSWER_RATING && t->n ? t->mean / t->n : 0;
    }
    return true;
}

static int key_cmp(const void *a, const void *b)
{
    const rating_key *p = a, *q = b;
    int c = strcmp(p->id, q->id);
    if (c)
        return c;
    if (p->session != q->session)
        return p->session < q->session ? -1 : 1;
    return p->question < q->question ? -1 : p->question > q->question;
}

/* The rating question ids asked in two or more sessions, and per session the first
 * question with that id, oldest session first (what export_series gives), found by
 * sorting rather than by a series per id, which is quadratic in the questions. Fills
 * keys (sorted, with the duplicates within a session marked by question = EXPORT_NONE)
 * and x->trends (their rows are set when the trend table is written). */
static rating_key *find_trends(xw *x, size_t *n_keys)
{
    const export_data *d = x->d;
    rating_key *keys = malloc((d->n_questions ? d->n_questions : 1) * sizeof(*keys));
    x->trends = malloc((d->n_questions ? d->n_questions : 1) * sizeof(*x->trends));
    if (!keys || !x->trends) {
        free(keys);
        return NULL;
    }
    size_t n = 0;
    for (size_t q = 0; q < d->n_questions; q++)
        if (d->questions[q].kind == ANSWER_RATING && d->questions[q].id)
            keys[n++] = (rating_key){d->questions[q].id, d->questions[q].session, q};
    qsort(keys, n, sizeof(*keys), key_cmp);
    for (size_t i = 0; i < n;) {
        size_t j = i, sessions = 0;
        for (; j < n && strcmp(keys[j].id, keys[i].id) == 0; j++) {
            if (j > i && keys[j].session == keys[j - 1].session)
                keys[j].question = EXPORT_NONE; /* a second time in one session */
            else
                sessions++;
        }
        if (sessions >= 2)
            x->trends[x->n_trends++] = (trend){.question = keys[i].question, .key = i};
        i = j;
    }
    *n_keys = n;
    return keys;
}

/* ---- the sheets ----------------------------------------------------------------------- */

static void sheet_sessions(xw *x)
{
    static const column cols[] = {{"Sessie", 8}, {"Start", 17}, {"Einde", 17}, {"Script", 22},
                                  {"Versie", 8}, {"Titel", 36}, {"Taal", 6},   {"Status", 12},
                                  {"Invoer", 9}, {"Geteld", 9}};
    enum { N = sizeof cols / sizeof cols[0] };
    const export_data *d = x->d;
    lxw_worksheet *ws = sheet(x, "Sessies", cols, N);
    if (!ws)
        return;
    lxw_row_t r = 0;
    for (size_t s = 0; s < d->n_sessions && !failed(x); s++) {
        const export_session *se = &d->sessions[s];
        r++;
        put_num(x, ws, r, 0, (double)se->id, NULL);
        put_time(x, ws, r, 1, se->started_ms);
        if (se->ended_ms)
            put_time(x, ws, r, 2, se->ended_ms);
        put_text(x, ws, r, 3, se->script_id, NULL);
        put_num(x, ws, r, 4, se->script_version, NULL);
        put_text(x, ws, r, 5, se->title, NULL);
        put_text(x, ws, r, 6, se->language, NULL);
        put_text(x, ws, r, 7, se->state, NULL);
        put_num(x, ws, r, 8, (double)se->n_inputs, NULL);
        put_num(x, ws, r, 9, (double)se->n_counted, NULL);
    }
    filter(x, ws, r, N);
}

static void sheet_answers(xw *x)
{
    /* no question text per row (the other sheets have it by id): on a large export it
     * would be most of the bytes to write and compress */
    static const column cols[] = {{"Sessie", 8}, {"Stap", 6},  {"Staptype", 12},   {"Vraag-id", 18},
                                  {"Soort", 12}, {"Optie", 7}, {"Optietekst", 24}, {"Waarde", 8},
                                  {"Tekst", 44}, {"Tijd", 17}};
    enum { N = sizeof cols / sizeof cols[0] };
    const export_data *d = x->d;
    lxw_worksheet *ws = sheet(x, "Antwoorden", cols, N);
    if (!ws)
        return;
    lxw_row_t r = 0;
    for (size_t i = 0; i < d->n_inputs && !failed(x); i++) {
        const export_input *in = &d->inputs[i];
        if (!in->counted)
            continue;
        const export_session *se = in->session < d->n_sessions ? &d->sessions[in->session] : NULL;
        const export_question *q = in->question < d->n_questions ? &d->questions[in->question] : NULL;
        r++;
        if (se)
            put_num(x, ws, r, 0, (double)se->id, NULL);
        put_num(x, ws, r, 1, (double)in->step_index + 1, NULL); /* people count steps from 1 */
        put_text(x, ws, r, 2, in->step_type, NULL);
        if (q) {
            put_text(x, ws, r, 3, q->id, NULL);
            put_text(x, ws, r, 4, kind_name(q->kind), NULL);
        }
        if (in->option > 0)
            put_num(x, ws, r, 5, in->option, NULL);
        put_text(x, ws, r, 6, label_of(q, in->option > 0 ? in->option : in->value), NULL);
        if (in->value > 0)
            put_num(x, ws, r, 7, in->value, NULL);
        put_text(x, ws, r, 8, in->text, NULL);
        put_time(x, ws, r, 9, in->at_ms);
    }
    filter(x, ws, r, N);
}

static void sheet_votes(xw *x)
{
    static const column cols[] = {{"Sessie", 8},      {"Vraag-id", 18}, {"Vraag", 44}, {"Optie", 7},
                                  {"Optietekst", 24}, {"Aantal", 8},    {"Aandeel", 9}};
    enum { N = sizeof cols / sizeof cols[0] };
    const export_data *d = x->d;
    lxw_worksheet *ws = sheet(x, "Stemmen", cols, N);
    if (!ws)
        return;
    lxw_row_t r = 0;
    for (size_t s = 0; s < d->n_sessions && !failed(x); s++) {
        const export_session *se = &d->sessions[s];
        for (size_t qi = se->first_question; qi < se->first_question + se->n_questions; qi++) {
            const export_question *q = &d->questions[qi];
            const export_tally *t = &x->tally[qi];
            if (!has_votes(q) || !points_of(q))
                continue;
            x->votes_row[qi] = r + 1;
            for (unsigned o = 1; o <= points_of(q); o++) {
                r++;
                put_num(x, ws, r, 0, (double)se->id, NULL);
                put_text(x, ws, r, 1, q->id, NULL);
                put_text(x, ws, r, 2, q->text, NULL);
                put_num(x, ws, r, 3, o, NULL);
                put_text(x, ws, r, 4, label_of(q, (int)o), NULL);
                put_num(x, ws, r, 5, t->counts[o], NULL);
                if (t->n) /* no share of nothing: an empty cell, not 0 % */
                    put_num(x, ws, r, 6, (double)t->counts[o] / t->n, x->share);
            }
        }
    }
    filter(x, ws, r, N);
}

/* Chart titles are plain text to libxlsxwriter unless they start with "=": ours start
 * with a word of our own (prefix). Long question texts are cut on a character boundary.
 * libxlsxwriter escapes control characters in cells but not in chart titles, where they
 * would make the XML invalid: a title is one line, so they become spaces. */
static void chart_title(xw *x, lxw_chart *c, const char *prefix, const char *text)
{
    char title[TITLE_MAX + 8];
    size_t len = strlen(prefix);
    memcpy(title, prefix, len);
    const char *t = clean(x, text);
    size_t tl = strlen(t);
    if (len + tl > TITLE_MAX) {
        tl = TITLE_MAX - len - 3;
        while (tl > 0 && ((unsigned char)t[tl] & 0xC0) == 0x80)
            tl--;
        memcpy(title + len, t, tl);
        memcpy(title + len + tl, "\xE2\x80\xA6", 4); /* … and the NUL */
    } else {
        memcpy(title + len, t, tl + 1);
    }
    for (char *p = title; *p; p++)
        if ((unsigned char)*p < 0x20)
            *p = ' ';
    chart_title_set_name(c, title);
}

static lxw_chart *new_chart(xw *x, uint8_t type, lxw_chart_series **series)
{
    lxw_chart *c = workbook_add_chart(x->wb, type);
    *series = c ? chart_add_series(c, NULL, NULL) : NULL;
    if (!*series) {
        check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "chart");
        return NULL;
    }
    chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
    return c;
}

static void place(xw *x, lxw_worksheet *ws, size_t i, lxw_chart *c)
{
    lxw_row_t r = 1 + (lxw_row_t)(i / CHARTS_ACROSS) * CHART_STEP_ROWS;
    lxw_col_t col = CHART_COL + (lxw_col_t)(i % CHARTS_ACROSS) * CHART_STEP_COLS;
    check(x, worksheet_insert_chart(ws, r, col, c), "chart");
}

/* The counts per option of one question in one session, read from its rows on Stemmen:
 * the option texts below the bars when every option has one, else the numbers. */
static void column_chart(xw *x, lxw_worksheet *ws, size_t i, size_t qi)
{
    const export_question *q = &x->d->questions[qi];
    lxw_chart_series *series;
    lxw_chart *c = new_chart(x, LXW_CHART_COLUMN, &series);
    if (!c)
        return;
    lxw_row_t first = x->votes_row[qi], last = first + points_of(q) - 1;
    bool texts = true;
    for (unsigned o = 1; o <= points_of(q); o++)
        texts &= *label_of(q, (int)o) != '\0';
    lxw_col_t cat = texts ? 4 : 3;
    chart_series_set_categories(series, "Stemmen", first, cat, last, cat);
    chart_series_set_values(series, "Stemmen", first, 5, last, 5);
    char prefix[40];
    snprintf(prefix, sizeof prefix, "Sessie %lld: ", (long long)x->d->sessions[q->session].id);
    chart_title(x, c, prefix, q->text);
    chart_axis_set_name(c->y_axis, "Aantal");
    chart_axis_set_min(c->y_axis, 0);
    place(x, ws, i, c);
}

/* The mean of a rating question across the sessions, from the trend table. */
static void line_chart(xw *x, lxw_worksheet *ws, size_t i, const trend *tr)
{
    lxw_chart_series *series;
    lxw_chart *c = new_chart(x, LXW_CHART_LINE, &series);
    if (!c)
        return;
    chart_series_set_categories(series, "Samenvatting", tr->first, 0, tr->last, 0);
    chart_series_set_values(series, "Samenvatting", tr->first, 4, tr->last, 4);
    chart_series_set_marker_type(series, LXW_CHART_MARKER_CIRCLE);
    chart_title(x, c, "Verloop: ", x->d->questions[tr->question].text);
    chart_axis_set_name(c->x_axis, "Sessie");
    chart_axis_set_name(c->y_axis, "Gemiddelde");
    chart_axis_set_min(c->y_axis, 1);
    if (tr->scale >= 2)
        chart_axis_set_max(c->y_axis, tr->scale);
    place(x, ws, i, c);
}

static void sheet_summary(xw *x)
{
    /* the summary's columns, and Start for the trend table below it */
    static const column cols[] = {{"Sessie", 8}, {"Vraag-id", 18},   {"Vraag", 44},
                                  {"n", 7},      {"Gemiddelde", 12}, {"Start", 17}};
    enum { N = 5 };
    const export_data *d = x->d;
    size_t n_keys = 0;
    rating_key *keys = find_trends(x, &n_keys);
    if (!keys) {
        x->oom = true;
        return;
    }
    lxw_worksheet *ws = sheet(x, "Samenvatting", cols, N);
    if (!ws) {
        free(keys);
        return;
    }
    check(x, worksheet_set_column(ws, N, N, cols[N].width, NULL), "Samenvatting");

    /* The charts are counted before the first row: constant memory writes rows in order,
     * and the note on charts left out goes in the header row, above the charts. */
    size_t n_columns = 0;
    for (size_t qi = 0; qi < d->n_questions; qi++)
        n_columns += x->votes_row[qi] != 0;
    size_t n_charts = n_columns + x->n_trends;
    if (n_charts > EXPORT_XLSX_MAX_CHARTS) {
        char note[160];
        snprintf(note, sizeof note,
                 "Alleen de eerste %d van de %zu grafieken staan hier; alle cijfers staan in de tabellen.",
                 EXPORT_XLSX_MAX_CHARTS, n_charts);
        put_text(x, ws, 0, CHART_COL, note, x->bold);
    }

    lxw_row_t r = 0;
    for (size_t s = 0; s < d->n_sessions && !failed(x); s++) {
        const export_session *se = &d->sessions[s];
        for (size_t qi = se->first_question; qi < se->first_question + se->n_questions; qi++) {
            const export_question *q = &d->questions[qi];
            if (!has_votes(q))
                continue;
            r++;
            put_num(x, ws, r, 0, (double)se->id, NULL);
            put_text(x, ws, r, 1, q->id, NULL);
            put_text(x, ws, r, 2, q->text, NULL);
            put_num(x, ws, r, 3, x->tally[qi].n, NULL);
            if (q->kind == ANSWER_RATING && x->tally[qi].n)
                put_num(x, ws, r, 4, x->tally[qi].mean, x->mean);
        }
    }
    filter(x, ws, r, N);

    /* The trend table: the same columns, one row per session of each series. */
    if (x->n_trends && !failed(x)) {
        r += 2;
        put_text(x, ws, r, 0, "Verloop van beoordelingen die in twee of meer sessies zijn gevraagd", x->bold);
        r++;
        for (size_t i = 0; i < N + 1; i++)
            put_text(x, ws, r, (lxw_col_t)i, cols[i].name, x->bold);
        for (size_t t = 0; t < x->n_trends && !failed(x); t++) {
            trend *tr = &x->trends[t];
            tr->first = r + 1;
            for (size_t k = tr->key; k < n_keys && strcmp(keys[k].id, x->d->questions[tr->question].id) == 0;
                 k++) {
                if (keys[k].question == EXPORT_NONE)
                    continue;
                const export_question *q = &d->questions[keys[k].question];
                const export_tally *ta = &x->tally[keys[k].question];
                const export_session *se = &d->sessions[q->session];
                r++;
                put_num(x, ws, r, 0, (double)se->id, NULL);
                put_text(x, ws, r, 1, q->id, NULL);
                put_text(x, ws, r, 2, q->text, NULL);
                put_num(x, ws, r, 3, ta->n, NULL);
                if (ta->n) /* no answers: a gap in the line, not a mean of 0 */
                    put_num(x, ws, r, 4, ta->mean, x->mean);
                put_time(x, ws, r, 5, se->started_ms);
                if (points_of(q) > tr->scale)
                    tr->scale = points_of(q);
            }
            tr->last = r;
        }
    }
    free(keys);

    /* Trends first: they are what a series of meetings is exported for. */
    size_t placed = 0;
    for (size_t t = 0; t < x->n_trends && placed < EXPORT_XLSX_MAX_CHARTS && !failed(x); t++)
        line_chart(x, ws, placed++, &x->trends[t]);
    for (size_t qi = 0; qi < d->n_questions && placed < EXPORT_XLSX_MAX_CHARTS && !failed(x); qi++)
        if (x->votes_row[qi]) /* it has rows on Stemmen */
            column_chart(x, ws, placed++, qi);
}

/* ---- the workbook --------------------------------------------------------------------- */

static bool formats(xw *x)
{
    x->bold = workbook_add_format(x->wb);
    x->when = workbook_add_format(x->wb);
    x->mean = workbook_add_format(x->wb);
    x->share = workbook_add_format(x->wb);
    if (!x->bold || !x->when || !x->mean || !x->share)
        return false;
    format_set_bold(x->bold);
    /* Format codes are stored in Excel's English form; Dutch Excel shows "dd-mm-jjjj uu:mm"
     * and the decimal comma by itself. */
    format_set_num_format(x->when, "dd-mm-yyyy hh:mm");
    format_set_num_format(x->mean, "0.00");
    format_set_num_format(x->share, "0%");
    return true;
}

/* The sheets index sessions and questions by what the data says; an index out of range
 * would be read past the end, so it is refused before anything is written. A session
 * that asked nothing has no range to check: export_collect leaves its first_question at
 * EXPORT_NONE. */
static bool consistent(const export_data *d)
{
    for (size_t s = 0; s < d->n_sessions; s++) {
        const export_session *se = &d->sessions[s];
        if (se->n_questions &&
            (se->first_question > d->n_questions || se->n_questions > d->n_questions - se->first_question))
            return false;
    }
    for (size_t q = 0; q < d->n_questions; q++)
        if (d->questions[q].session >= d->n_sessions)
            return false;
    return true;
}

int export_xlsx(const export_data *d, const char *path, char *err, size_t errlen)
{
    if (!consistent(d)) {
        msg_set(err, errlen, "%s: the export data is inconsistent (a question or session out of range)",
                path);
        return -1;
    }
    tzset(); /* localtime_r need not look at TZ again by itself */
    /* Worksheet rows go to temporary files in the default temporary folder: constant
     * memory, and no slow writes to the stick but the finished file. */
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
    xw x = {.d = d, .error = LXW_NO_ERROR};
    x.wb = workbook_new_opt(path, &opt);
    if (!x.wb) {
        msg_set(err, errlen, "%s: %s", path, lxw_strerror(LXW_ERROR_MEMORY_MALLOC_FAILED));
        return -1;
    }
    if (!formats(&x) || !count_all(&x))
        x.oom = true;
    if (!failed(&x))
        sheet_sessions(&x);
    if (!failed(&x))
        sheet_answers(&x);
    if (!failed(&x))
        sheet_votes(&x);
    if (!failed(&x))
        sheet_summary(&x);

    /* Closed even after a failure: it is what frees the workbook and its temporary files. */
    lxw_error closed = workbook_close(x.wb);
    int rc = 0;
    if (x.oom) {
        msg_set(err, errlen, "%s: %s", path, lxw_strerror(LXW_ERROR_MEMORY_MALLOC_FAILED));
        rc = -1;
    } else if (x.error != LXW_NO_ERROR) {
        msg_set(err, errlen, "%s: %s (%s)", path, lxw_strerror(x.error), x.where);
        rc = -1;
    } else if (closed != LXW_NO_ERROR) {
        msg_set(err, errlen, "%s: %s", path, lxw_strerror(closed));
        rc = -1;
    }
    if (rc)
        unlink(path); /* half a workbook is no use to anyone */
    free(x.tally);
    free(x.votes_row);
    free(x.trends);
    free(x.buf);
    return rc;
}
