/* fuzz_cells.c — libFuzzer harness for the file writers of an export: responses.csv,
 * antwoorden.csv, samenvatting.csv (src/export/export_csv.c), rapport.html (export_html.c)
 * and resultaten.xlsx (export_xlsx.c), with the tallies of export_data.c.
 *
 * The input is an export_data built by hand the way export_collect builds it from the
 * log (sessions in id order, each with its questions or first_question EXPORT_NONE when
 * it has none, inputs oldest first that point into their own session, labels "" where
 * none), whose texts and numbers come from the input:
 *   - the input is split into fields on NUL when it holds one, else on newlines;
 *   - the first field is read byte by byte as the shape: how many sessions, questions and
 *     inputs, kinds, options, values, counted or not, times (from a table of awkward
 *     moments: 0, the epoch, summer-time changes, year 9999, far past and future), and
 *     whether a name is a usual one (finished, button, vote) or the next text;
 *   - the other fields are the texts, taken in turn (and again from the first when they
 *     run out): device id, script ids, titles, question texts and ids, option labels,
 *     typed answers, step types, states.
 * Each CSV file is read back with a CSV reader of its own dialect: every row has its
 * columns, every text comes back as it went in (a Dutch text that Excel would take for a
 * formula with its leading '), every time is the same moment libc's localtime_r gives
 * (or empty), and the counts, n and means of samenvatting.csv are counted here again.
 * The report must be valid UTF-8 with no <script anywhere. The workbook (slow: a zip
 * file) is written for one input in 16, chosen by a hash of the input, or for every input
 * when OOGST_FUZZ_XLSX=all (the replay in make check), to a memory file, and must succeed:
 * the data is consistent. A broken promise is an abort(). Times are in Central European
 * time, with its summer time. Built by `make fuzz`, and replayed over its corpus by
 * `make check` (tests/check/fuzz_regress.sh). */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "export/export_csv.h"
#include "export/export_data.h"
#include "export/export_html.h"
#include "export/export_xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TZ_CET "CET-1CEST,M3.5.0,M10.5.0/3"

enum {
    MAX_SESSIONS = 4,
    MAX_QUESTIONS = 4, /* per session */
    MAX_INPUTS = 24,
    XLSX_EVERY = 16, /* one input in this many gets a workbook too, by a hash of the input */
};

static void check(bool ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_cells: broken promise: %s\n", what);
        abort();
    }
}

/* ---- the input as shape and texts ------------------------------------------------------ */

typedef struct source {
    const unsigned char *shape;
    size_t n_shape, at;
    char **texts;
    size_t n_texts, next;
    arena *a;
} source;

/* The next shape byte; 0 once they run out. */
static unsigned byte(source *s)
{
    return s->at < s->n_shape ? s->shape[s->at++] : 0;
}

static const char *text(source *s)
{
    return s->n_texts ? s->texts[s->next++ % s->n_texts] : "";
}

/* One of the usual words (what the log holds), or the next text. */
static const char *word(source *s, const char *const *usual, size_t n)
{
    unsigned b = byte(s);
    return b < 0xC0 ? usual[b % n] : text(s);
}

#define WORD(s, list) word((s), (list), sizeof(list) / sizeof((list)[0]))

/* A moment in ms since the epoch: an awkward one, moved on by some minutes. */
static int64_t moment(source *s)
{
    static const int64_t at[] = {
        0,
        1,
        -1,
        1780000000000,   /* 2026-05-28, a usual day */
        1774746000000,   /* 2026-03-29 01:00 UTC: CET becomes CEST */
        1792890000000,   /* 2026-10-25 01:00 UTC: CEST becomes CET */
        1774745999999,   /* a millisecond before the change */
        253402300799999, /* 9999-12-31 23:59:59.999 UTC */
        253402300800000, /* 10000-01-01 UTC */
        -62135596800000, /* 0001-01-01 UTC */
        -2208988800000,  /* 1900-01-01 UTC */
        951782400000,    /* 2000-02-29 */
        INT64_MAX,
        INT64_MIN,
        INT64_MAX / 1000, /* far beyond any calendar */
        -86400000,
    };
    unsigned b = byte(s);
    int64_t base = at[b % (sizeof(at) / sizeof(at[0]))], t;
    int64_t minutes = (int64_t)(b / 16) * 61001; /* minutes, seconds and ms */
    return __builtin_add_overflow(base, minutes, &t) ? base : t;
}

/* A small number, or once in a while an extreme one (a damaged log). */
static int number(source *s, int lo, int span)
{
    unsigned b = byte(s);
    if (b == 0xFF)
        return INT_MAX;
    if (b == 0xFE)
        return INT_MIN;
    return lo + (int)(b % (unsigned)span);
}

static void split(source *s, const uint8_t *data, size_t size)
{
    uint8_t sep = size && memchr(data, '\0', size) ? '\0' : '\n';
    size_t max = 1;
    for (size_t i = 0; i < size; i++)
        max += data[i] == sep;
    s->texts = arena_alloc(s->a, max * sizeof(*s->texts));
    check(s->texts != NULL, "arena");
    bool first = true;
    for (size_t i = 0, start = 0; i <= size; i++) {
        if (i < size && data[i] != sep)
            continue;
        if (first) {
            s->shape = data;
            s->n_shape = i;
            first = false;
        } else {
            s->texts[s->n_texts] = arena_strndup(s->a, (const char *)data + start, i - start);
            check(s->texts[s->n_texts] != NULL, "arena");
            s->n_texts++;
        }
        start = i + 1;
    }
}

/* ---- the export data, as export_collect makes it ---------------------------------------- */

static export_data *build(source *s)
{
    static const char *const states[] = {"finished", "interrupted", "running"};
    static const char *const step_types[] = {"vote", "rating", "open", "monitoring", "welcome", "results"};
    static const char *const inputs[] = {"button", "touch", "key", "text"};
    static const char *const reasons[] = {"counted", "lockout", "turn-gap", "same-option", "closed", "ended"};
    static const answer_kind kinds[] = {ANSWER_CHOICE, ANSWER_RATING, ANSWER_TEXT, ANSWER_NONE};
    arena *a = s->a;
    export_data *d = arena_alloc(a, sizeof(*d));
    check(d != NULL, "arena");
    d->arena = a;
    d->device_id = text(s);
    d->made_ms = moment(s);
    static const int rounding[] = {0, 5, 10, 15, 30, 60};
    d->round_minutes = rounding[byte(s) % 6];
    size_t ns = byte(s) % (MAX_SESSIONS + 1);
    size_t ni = ns ? byte(s) % (MAX_INPUTS + 1) : 0;
    d->sessions = arena_alloc(a, ns * sizeof(*d->sessions) + 1);
    d->questions = arena_alloc(a, ns * MAX_QUESTIONS * sizeof(*d->questions) + 1);
    d->inputs = arena_alloc(a, ni * sizeof(*d->inputs) + 1);
    check(d->sessions && d->questions && d->inputs, "arena");

    /* one shape byte after another, in statements: the order of the reads must not be
     * left to the compiler (initializers are not sequenced), or the same input would build
     * other data with gcc than with clang */
    int64_t id = 0;
    for (size_t si = 0; si < ns; si++) {
        export_session *se = &d->sessions[d->n_sessions];
        id += 1 + byte(s);
        se->id = id;
        se->started_ms = moment(s);
        se->ended_ms = byte(s) & 1 ? 0 : moment(s);
        se->script_id = text(s);
        se->script_version = byte(s);
        if (se->script_version == 0xFF)
            se->script_version = UINT_MAX;
        se->title = text(s);
        se->language = byte(s) & 1 ? "en" : "nl";
        se->state = WORD(s, states);
        se->first_question = EXPORT_NONE;
        size_t nq = byte(s) % (MAX_QUESTIONS + 1);
        for (size_t k = 0; k < nq; k++) {
            export_question *q = &d->questions[d->n_questions];
            unsigned b = byte(s);
            q->session = si;
            /* an id asked before: a series across sessions (or twice in one) */
            q->id = (b & 1) && d->n_questions ? d->questions[(b >> 1) % d->n_questions].id : text(s);
            q->kind = kinds[(b >> 1) % 4];
            q->step_index = b >> 4;
            if (byte(s) == 0xFF)
                q->step_index = SIZE_MAX;
            q->step_type = WORD(s, step_types);
            q->text = text(s);
            for (size_t o = 0; o < SCRIPT_MAX_OPTIONS; o++)
                q->labels[o] = "";
            if (q->kind == ANSWER_RATING) {
                unsigned scale = byte(s);
                q->n_points = scale == 0xFF ? UINT_MAX : scale % 15;
            }
            /* the labels the log has: options of a choice (which set its n_points), labels of a
             * rating; a text question may have some too */
            unsigned labels = byte(s) % (SCRIPT_MAX_OPTIONS + 2);
            for (unsigned o = 1; o <= labels && o <= SCRIPT_MAX_OPTIONS; o++) {
                q->labels[o - 1] = text(s);
                if (q->kind == ANSWER_CHOICE && o > q->n_points)
                    q->n_points = o;
            }
            if (se->first_question == EXPORT_NONE)
                se->first_question = d->n_questions;
            se->n_questions++;
            d->n_questions++;
        }
        d->n_sessions++;
    }

    for (size_t i = 0; i < ni; i++) {
        size_t si = byte(s) % ns;
        export_session *se = &d->sessions[si];
        unsigned b = byte(s);
        size_t pick = b % (se->n_questions + 1);
        size_t qi = pick < se->n_questions ? se->first_question + pick : EXPORT_NONE;
        const export_question *q = qi == EXPORT_NONE ? NULL : &d->questions[qi];
        if (!se->n_inputs)
            se->first_input = d->n_inputs;
        export_input *in = &d->inputs[d->n_inputs];
        in->session = si;
        in->question = qi;
        in->counted = (b & 0x80) == 0;
        in->step_index = q ? q->step_index : byte(s) % 16;
        in->step_type = q ? q->step_type : WORD(s, step_types);
        in->option = number(s, 0, 14);
        in->value = number(s, 0, 8);
        in->text = byte(s) & 1 ? text(s) : "";
        in->input = WORD(s, inputs);
        in->button = number(s, 0, 7);
        in->reason = WORD(s, reasons);
        in->at_ms = moment(s);
        in->id = (int64_t)i + 1;
        se->n_inputs++;
        se->n_counted += in->counted;
        d->n_inputs++;
    }
    /* export_collect counts once; data made by hand may leave it to export_tally_of */
    if (byte(s) != 0xFF)
        check(export_count(d) == 0, "export_count");
    return d;
}

/* ---- reading a CSV file back ------------------------------------------------------------- */

typedef struct csv {
    const char *p, *end;
    char sep;
    char *field; /* the last field read, NUL-terminated */
    size_t len, cap;
} csv;

static void field_put(csv *c, char ch)
{
    if (c->len + 1 >= c->cap) {
        c->cap = c->cap ? c->cap * 2 : 256;
        c->field = realloc(c->field, c->cap);
        check(c->field != NULL, "realloc");
    }
    c->field[c->len++] = ch;
    c->field[c->len] = '\0';
}

/* Reads one field into c->field: 1 when it ended its row (CRLF), 0 when more follow.
 * Quoted fields hold anything, with "" for a quote; a bare field holds no quote and no
 * line break. Anything else is a broken file. */
static int csv_next(csv *c)
{
    if (!c->field)
        field_put(c, '\0');
    c->len = 0;
    c->field[0] = '\0';
    if (c->p < c->end && *c->p == '"') {
        for (c->p++;; c->p++) {
            check(c->p < c->end, "CSV: a quoted field is closed");
            if (*c->p == '"') {
                if (c->p + 1 < c->end && c->p[1] == '"') {
                    field_put(c, '"');
                    c->p++;
                    continue;
                }
                c->p++;
                break;
            }
            field_put(c, *c->p);
        }
    } else {
        for (; c->p < c->end && *c->p != c->sep && *c->p != '\r' && *c->p != '\n'; c->p++) {
            check(*c->p != '"', "CSV: no quote in a bare field");
            field_put(c, *c->p);
        }
    }
    check(c->p < c->end, "CSV: every row ends with CRLF");
    if (*c->p == c->sep) {
        c->p++;
        return 0;
    }
    check(c->end - c->p >= 2 && c->p[0] == '\r' && c->p[1] == '\n',
          "CSV: a field ends at a separator or CRLF");
    c->p += 2;
    return 1;
}

/* One row of n columns: want[i] is the text of column i, or NULL for any. */
static void csv_row(csv *c, const char *const *want, size_t n, const char *file)
{
    for (size_t i = 0; i < n; i++) {
        int last = csv_next(c);
        if (last != (i == n - 1)) {
            fprintf(stderr, "fuzz_cells: %s: a row without %zu columns (column %zu)\n", file, n, i + 1);
            abort();
        }
        if (want[i] && (strlen(want[i]) != c->len || memcmp(want[i], c->field, c->len) != 0)) {
            fprintf(stderr, "fuzz_cells: %s: column %zu is \"%s\", not \"%s\"\n", file, i + 1, c->field,
                    want[i]);
            abort();
        }
    }
}

/* ---- what each column must say ---------------------------------------------------------- */

typedef struct scratch {
    char buf[64][128]; /* numbers and times of one row */
    size_t n;
    arena *a;
} scratch;

static const char *num(scratch *k, long long v)
{
    char *b = k->buf[k->n++ % 64];
    snprintf(b, 128, "%lld", v);
    return b;
}

static const char *num_if(scratch *k, long long v, bool shown)
{
    return shown ? num(k, v) : "";
}

/* Dutch Excel: a text that starts like a formula gets a ' before it. */
static const char *dutch(scratch *k, const char *s)
{
    if (!*s || !strchr("=+-@\t\r", *s))
        return s;
    size_t n = strlen(s);
    char *t = arena_alloc(k->a, n + 2);
    check(t != NULL, "arena");
    t[0] = '\'';
    memcpy(t + 1, s, n + 1);
    return t;
}

/* The same moment through libc's localtime_r: ISO 8601 local time with its offset and
 * milliseconds, or, nl, dd-mm-jjjj uu:mm:ss (and nothing for a moment before 1970). A
 * moment whose year has no four digits is no time Excel or an analyst can read: the
 * column is empty. */
static const char *when(scratch *k, int64_t ms, bool nl)
{
    char *b = k->buf[k->n++ % 64];
    b[0] = '\0';
    int64_t sec = ms / 1000, frac = ms % 1000;
    if (frac < 0) {
        frac += 1000;
        sec--;
    }
    time_t t = (time_t)sec;
    struct tm tm;
    if ((nl && ms <= 0) || !localtime_r(&t, &tm) || tm.tm_year < -1900 || tm.tm_year > 9999 - 1900)
        return b;
    if (nl) {
        snprintf(b, 128, "%02d-%02d-%04d %02d:%02d:%02d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900,
                 tm.tm_hour, tm.tm_min, tm.tm_sec);
        return b;
    }
    long off = tm.tm_gmtoff < 0 ? -tm.tm_gmtoff : tm.tm_gmtoff;
    snprintf(b, 128, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%c%02ld:%02ld", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)frac, tm.tm_gmtoff < 0 ? '-' : '+',
             off / 3600, off % 3600 / 60);
    return b;
}

static const char *label(const export_question *q, int option)
{
    return q && option >= 1 && option <= SCRIPT_MAX_OPTIONS ? q->labels[option - 1] : "";
}

static const char *kind_nl(const export_question *q)
{
    if (!q)
        return "";
    switch (q->kind) {
    case ANSWER_CHOICE: return "keuze";
    case ANSWER_RATING: return "beoordeling";
    case ANSWER_TEXT: return "tekst";
    default: return "";
    }
}

static char *write_mem(int (*writer)(const export_data *, FILE *), const export_data *d, size_t *len)
{
    char *out = NULL;
    FILE *f = open_memstream(&out, len);
    check(f != NULL, "open_memstream");
    check(writer(d, f) == 0, "a CSV writer succeeds");
    check(fclose(f) == 0, "fclose");
    return out;
}

static void check_responses(const export_data *d, scratch *k)
{
    static const char header[] =
        "device_id,session_id,session_started,script_id,script_version,step_index,step_type,question_id,"
        "question_text,answer_kind,option_index,option_text,value,text,input,counted,at\r\n";
    size_t len;
    char *out = write_mem(export_responses_csv, d, &len);
    check(len >= sizeof(header) - 1 && memcmp(out, header, sizeof(header) - 1) == 0, "responses.csv: header");
    csv c = {.p = out + sizeof(header) - 1, .end = out + len, .sep = ','};
    for (size_t i = 0; i < d->n_inputs; i++) {
        const export_input *in = &d->inputs[i];
        const export_session *se = &d->sessions[in->session];
        const export_question *q = in->question == EXPORT_NONE ? NULL : &d->questions[in->question];
        k->n = 0;
        const char *want[17] = {
            d->device_id,
            num(k, se->id),
            when(k, se->started_ms, false),
            se->script_id,
            num(k, se->script_version),
            num(k, (long long)in->step_index + 1),
            in->step_type,
            q ? q->id : "",
            q ? q->text : "",
            q ? answer_kind_name(q->kind) : "",
            num_if(k, in->option, in->option > 0),
            label(q, in->option),
            num_if(k, in->value, in->value != 0),
            in->text,
            in->input,
            in->counted ? "1" : "0",
            when(k, in->at_ms, false),
        };
        csv_row(&c, want, 17, "responses.csv");
    }
    check(c.p == c.end, "responses.csv: one row per input, nothing after");
    free(c.field);
    free(out);
}

static const char bom[] = "\xEF\xBB\xBF";

static void check_answers(const export_data *d, scratch *k)
{
    size_t len;
    char *out = write_mem(export_answers_csv, d, &len);
    check(len >= 3 && memcmp(out, bom, 3) == 0, "antwoorden.csv: a BOM");
    csv c = {.p = out + 3, .end = out + len, .sep = ';'};
    const char *header[15] = {"apparaat", "sessie",     "sessie_start", "script", "versie",
                              "stap",     "staptype",   "vraag_id",     "vraag",  "soort",
                              "optie",    "optietekst", "waarde",       "tekst",  "tijd"};
    csv_row(&c, header, 15, "antwoorden.csv");
    for (size_t i = 0; i < d->n_inputs; i++) {
        const export_input *in = &d->inputs[i];
        if (!in->counted)
            continue;
        const export_session *se = &d->sessions[in->session];
        const export_question *q = in->question == EXPORT_NONE ? NULL : &d->questions[in->question];
        k->n = 0;
        const char *want[15] = {
            dutch(k, d->device_id),
            num(k, se->id),
            when(k, se->started_ms, true),
            dutch(k, se->script_id),
            num(k, se->script_version),
            num(k, (long long)in->step_index + 1),
            dutch(k, in->step_type),
            dutch(k, q ? q->id : ""),
            dutch(k, q ? q->text : ""),
            kind_nl(q),
            num_if(k, in->option, in->option > 0),
            dutch(k, label(q, in->option)),
            num_if(k, in->value, in->value != 0),
            dutch(k, in->text),
            when(k, in->at_ms, true),
        };
        csv_row(&c, want, 15, "antwoorden.csv");
    }
    check(c.p == c.end, "antwoorden.csv: one row per counted answer, nothing after");
    free(c.field);
    free(out);
}

static void check_summary(const export_data *d, scratch *k)
{
    size_t len;
    char *out = write_mem(export_summary_csv, d, &len);
    check(len >= 3 && memcmp(out, bom, 3) == 0, "samenvatting.csv: a BOM");
    csv c = {.p = out + 3, .end = out + len, .sep = ';'};
    const char *header[20] = {"sessie", "sessie_start", "script", "vraag_id",
                              "vraag",  "soort",        "n",      "gemiddelde"};
    char names[SCRIPT_MAX_OPTIONS][16];
    for (int o = 0; o < SCRIPT_MAX_OPTIONS; o++) {
        snprintf(names[o], sizeof(names[o]), "optie_%d", o + 1);
        header[8 + o] = names[o];
    }
    csv_row(&c, header, 20, "samenvatting.csv");
    for (size_t qi = 0; qi < d->n_questions; qi++) {
        const export_question *q = &d->questions[qi];
        const export_session *se = &d->sessions[q->session];
        /* counted here again, straight from the inputs */
        unsigned n = 0, counts[SCRIPT_MAX_OPTIONS + 1] = {0};
        double sum = 0;
        for (size_t i = 0; i < d->n_inputs; i++) {
            const export_input *in = &d->inputs[i];
            if (in->question != qi || !in->counted)
                continue;
            n++;
            if (in->option >= 1 && in->option <= SCRIPT_MAX_OPTIONS)
                counts[in->option]++;
            sum += in->value;
        }
        k->n = 0;
        char mean[64] = "";
        if (q->kind == ANSWER_RATING && n) {
            snprintf(mean, sizeof(mean), "%.2f", sum / n);
            char *dot = strchr(mean, '.');
            if (dot)
                *dot = ',';
        }
        const char *want[20] = {
            num(k, se->id),
            when(k, se->started_ms, true),
            dutch(k, se->script_id),
            dutch(k, q->id),
            dutch(k, q->text),
            kind_nl(q),
            num(k, n),
            mean,
        };
        for (unsigned o = 1; o <= SCRIPT_MAX_OPTIONS; o++)
            want[7 + o] = num_if(k, counts[o], q->kind != ANSWER_TEXT && o <= q->n_points);
        csv_row(&c, want, 20, "samenvatting.csv");
    }
    check(c.p == c.end, "samenvatting.csv: one row per question, nothing after");
    free(c.field);
    free(out);
}

static void check_html(const export_data *d)
{
    char *out = NULL, err[256] = "";
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    check(f != NULL, "open_memstream");
    if (export_html(d, f, err, sizeof(err)) != 0) {
        fprintf(stderr, "fuzz_cells: export_html: %s\n", err);
        abort();
    }
    check(fclose(f) == 0, "fclose");
    check(memchr(out, '\0', len) == NULL, "rapport.html: no NUL");
    check(utf8_length(out, len, NULL) >= 0, "rapport.html: valid UTF-8");
    for (const char *p = out; (p = strchr(p, '<')) != NULL; p++)
        check(strncasecmp(p, "<script", 7) != 0, "rapport.html: no <script");
    static const char tail[] = "</html>\n";
    check(len >= sizeof(tail) - 1 && strcmp(out + len - (sizeof(tail) - 1), tail) == 0,
          "rapport.html: complete");
    free(out);
}

static void check_xlsx(const export_data *d)
{
    static int fd = -1;
    static char path[64];
    if (fd < 0) {
        fd = memfd_create("resultaten.xlsx", MFD_CLOEXEC);
        check(fd >= 0, "memfd_create");
        snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    }
    char err[512] = "";
    if (export_xlsx(d, path, err, sizeof(err)) != 0) {
        fprintf(stderr, "fuzz_cells: export_xlsx: %s\n", err);
        abort();
    }
    char magic[4] = {0};
    check(pread(fd, magic, 4, 0) == 4 && memcmp(magic, "PK\x03\x04", 4) == 0, "resultaten.xlsx: a zip file");
}

static uint32_t fnv1a(const uint8_t *p, size_t n)
{
    uint32_t h = 2166136261u;
    while (n--)
        h = (h ^ *p++) * 16777619u;
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool ready, xlsx_all;
    if (!ready) {
        setenv("TZ", TZ_CET, 1);
        tzset();
        const char *x = getenv("OOGST_FUZZ_XLSX");
        xlsx_all = x && strcmp(x, "all") == 0;
        ready = true;
    }
    source s = {.a = arena_new()};
    check(s.a != NULL, "arena_new");
    split(&s, data, size);
    export_data *d = build(&s);
    scratch *k = arena_alloc(s.a, sizeof(*k));
    check(k != NULL, "arena");
    k->a = s.a;
    check_responses(d, k);
    check_answers(d, k);
    check_summary(d, k);
    check_html(d);
    if (xlsx_all || fnv1a(data, size) % XLSX_EVERY == 0)
        check_xlsx(d);
    export_data_free(d);
    return 0;
}
