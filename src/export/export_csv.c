/* export_csv.c — the CSV files of an export:
 *   responses.csv     every raw input, RFC 4180 (comma, UTF-8, CRLF), for analysts; its
 *                     columns are fixed since the first version of Oogst
 *   antwoorden.csv    every counted answer, for Dutch Excel: UTF-8 with BOM, ';', CRLF,
 *                     dates as dd-mm-jjjj uu:mm:ss, text quoted and never a formula
 *   samenvatting.csv  per session and question: n, the mean with a decimal comma, and
 *                     the count per option, for Dutch Excel too */
#include "export/export_csv.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* --- fields ---------------------------------------------------------------------------------- */

/* RFC 4180: quoted only when needed, quotes doubled. */
static void rfc_field(FILE *fp, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs_unlocked(s, fp);
        return;
    }
    putc_unlocked('"', fp);
    for (; *s; s++) {
        if (*s == '"')
            putc_unlocked('"', fp);
        putc_unlocked(*s, fp);
    }
    putc_unlocked('"', fp);
}

/* Dutch Excel: every text quoted (answers may hold ';' and line breaks), and a text
 * that Excel would take for a formula starts with a ' so it stays text. */
static void nl_text(FILE *fp, const char *s)
{
    putc_unlocked('"', fp);
    if (strchr("=+-@\t\r", *s) && *s)
        putc_unlocked('\'', fp);
    if (!strchr(s, '"')) { /* most texts: in one piece */
        fputs_unlocked(s, fp);
        putc_unlocked('"', fp);
        return;
    }
    for (; *s; s++) {
        if (*s == '"')
            putc_unlocked('"', fp);
        putc_unlocked(*s, fp);
    }
    putc_unlocked('"', fp);
}

/* Digits without printf: a large export writes millions of them. */
static char *digits(char *p, long v, int width)
{
    char *end = p + width;
    for (char *q = end; q > p; v /= 10)
        *--q = (char)('0' + v % 10);
    return end;
}

static void put_int(FILE *fp, long long v)
{
    char buf[24], *p = buf + sizeof(buf);
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--p = '-';
    fwrite_unlocked(p, 1, (size_t)(buf + sizeof(buf) - p), fp);
}

/* The local time of sec when its year has four digits (0000 to 9999), as both formats
 * write it: a time outside them comes from a damaged log, and its year cut to four digits
 * (or garbled, before year 0) would look like a real date. False: the column stays empty. */
static bool local_time_4(int64_t sec, struct tm *tm)
{
    return export_local_time(sec, tm) && tm->tm_year >= -1900 && tm->tm_year <= 9999 - 1900;
}

/* ISO 8601 local time with its offset and milliseconds: 2026-11-23T10:15:02.345+01:00.
 * The offset makes it exact even across a change to summer time. */
static void iso_local(int64_t ms, char *buf, size_t len)
{
    int64_t sec = ms / 1000;
    int frac = (int)(ms % 1000);
    if (frac < 0) {
        frac += 1000;
        sec--;
    }
    struct tm tm;
    if (len < 30 || !local_time_4(sec, &tm)) {
        if (len)
            buf[0] = '\0';
        return;
    }
    long off = tm.tm_gmtoff;
    char sign = off < 0 ? '-' : '+';
    if (off < 0)
        off = -off;
    char *p = digits(buf, tm.tm_year + 1900, 4);
    *p++ = '-';
    p = digits(p, tm.tm_mon + 1, 2);
    *p++ = '-';
    p = digits(p, tm.tm_mday, 2);
    *p++ = 'T';
    p = digits(p, tm.tm_hour, 2);
    *p++ = ':';
    p = digits(p, tm.tm_min, 2);
    *p++ = ':';
    p = digits(p, tm.tm_sec, 2);
    *p++ = '.';
    p = digits(p, frac, 3);
    *p++ = sign;
    p = digits(p, off / 3600, 2);
    *p++ = ':';
    p = digits(p, off % 3600 / 60, 2);
    *p = '\0';
}

/* Dutch Excel reads dd-mm-jjjj uu:mm:ss as a date and time in its own locale. */
static void nl_time(int64_t ms, char *buf, size_t len)
{
    struct tm tm;
    if (len < 20 || ms <= 0 || !local_time_4(ms / 1000, &tm)) {
        if (len)
            buf[0] = '\0';
        return;
    }
    char *p = digits(buf, tm.tm_mday, 2);
    *p++ = '-';
    p = digits(p, tm.tm_mon + 1, 2);
    *p++ = '-';
    p = digits(p, tm.tm_year + 1900, 4);
    *p++ = ' ';
    p = digits(p, tm.tm_hour, 2);
    *p++ = ':';
    p = digits(p, tm.tm_min, 2);
    *p++ = ':';
    p = digits(p, tm.tm_sec, 2);
    *p = '\0';
}

static const char *kind_nl(answer_kind k)
{
    switch (k) {
    case ANSWER_CHOICE: return "keuze";
    case ANSWER_RATING: return "beoordeling";
    case ANSWER_TEXT: return "tekst";
    case ANSWER_NONE: break;
    }
    return "";
}

static const export_question *question_of(const export_data *d, const export_input *in)
{
    return in->question == EXPORT_NONE ? NULL : &d->questions[in->question];
}

static const char *option_text(const export_question *q, int option)
{
    return q && option >= 1 && option <= SCRIPT_MAX_OPTIONS ? q->labels[option - 1] : "";
}

/* The two files' ways of writing a row: separator, texts, names of answer kinds. */
typedef struct dialect {
    char sep;
    void (*text)(FILE *fp, const char *s);
    void (*time)(FILE *fp, int64_t ms);
    const char *(*kind)(answer_kind k);
} dialect;

static void rfc_time(FILE *fp, int64_t ms)
{
    char when[64];
    iso_local(ms, when, sizeof(when));
    rfc_field(fp, when);
}

static void nl_time_field(FILE *fp, int64_t ms)
{
    char when[64];
    nl_time(ms, when, sizeof(when));
    fputs_unlocked(when, fp);
}

static const dialect rfc = {',', rfc_field, rfc_time, answer_kind_name};
static const dialect dutch = {';', nl_text, nl_time_field, kind_nl};

/* The columns both files begin with: device, session, its start, script, version. */
static void put_session(FILE *fp, const dialect *dl, const export_data *d, const export_session *se)
{
    dl->text(fp, d->device_id);
    putc_unlocked(dl->sep, fp);
    put_int(fp, se->id);
    putc_unlocked(dl->sep, fp);
    dl->time(fp, se->started_ms);
    putc_unlocked(dl->sep, fp);
    dl->text(fp, se->script_id);
    putc_unlocked(dl->sep, fp);
    put_int(fp, se->script_version);
    putc_unlocked(dl->sep, fp);
}

/* The columns both files share, from the step to the typed text:
 * step, step type, question id, question text, kind, option, option text, value, text. */
static void put_answer(FILE *fp, const dialect *dl, const export_input *in, const export_question *q)
{
    put_int(fp, (long long)in->step_index + 1); /* people count steps from 1 */
    putc_unlocked(dl->sep, fp);
    dl->text(fp, in->step_type);
    putc_unlocked(dl->sep, fp);
    dl->text(fp, q ? q->id : "");
    putc_unlocked(dl->sep, fp);
    dl->text(fp, q ? q->text : "");
    putc_unlocked(dl->sep, fp);
    dl->text(fp, q ? dl->kind(q->kind) : "");
    putc_unlocked(dl->sep, fp);
    if (in->option > 0)
        put_int(fp, in->option);
    putc_unlocked(dl->sep, fp);
    dl->text(fp, option_text(q, in->option));
    putc_unlocked(dl->sep, fp);
    if (in->value != 0)
        put_int(fp, in->value);
    putc_unlocked(dl->sep, fp);
    dl->text(fp, in->text);
}

/* --- responses.csv --------------------------------------------------------------------------- */

static const char responses_header[] =
    "device_id,session_id,session_started,script_id,script_version,step_index,step_type,question_id,"
    "question_text,answer_kind,option_index,option_text,value,text,input,counted,at\r\n";

int export_responses_csv(const export_data *d, FILE *fp)
{
    flockfile(fp); /* one lock for the file: the character calls below take none */
    fputs_unlocked(responses_header, fp);
    for (size_t i = 0; i < d->n_inputs && !ferror(fp); i++) {
        const export_input *in = &d->inputs[i];
        const export_session *se = &d->sessions[in->session];
        const export_question *q = question_of(d, in);
        put_session(fp, &rfc, d, se);
        put_answer(fp, &rfc, in, q);
        putc_unlocked(',', fp);
        rfc_field(fp, in->input);
        fputs_unlocked(in->counted ? ",1," : ",0,", fp);
        rfc_time(fp, in->at_ms);
        fputs_unlocked("\r\n", fp);
    }
    int rc = ferror(fp) ? -1 : 0;
    funlockfile(fp);
    return rc;
}

/* --- antwoorden.csv -------------------------------------------------------------------------- */

static const char bom[] = "\xEF\xBB\xBF";

int export_answers_csv(const export_data *d, FILE *fp)
{
    flockfile(fp); /* one lock for the file: the character calls below take none */
    fputs_unlocked(bom, fp);
    fputs_unlocked(
        "apparaat;sessie;sessie_start;script;versie;stap;staptype;vraag_id;vraag;soort;optie;optietekst;"
        "waarde;tekst;tijd\r\n",
        fp);
    for (size_t i = 0; i < d->n_inputs && !ferror(fp); i++) {
        const export_input *in = &d->inputs[i];
        if (!in->counted)
            continue;
        const export_session *se = &d->sessions[in->session];
        const export_question *q = question_of(d, in);
        put_session(fp, &dutch, d, se);
        put_answer(fp, &dutch, in, q);
        putc_unlocked(';', fp);
        nl_time_field(fp, in->at_ms);
        fputs_unlocked("\r\n", fp);
    }
    int rc = ferror(fp) ? -1 : 0;
    funlockfile(fp);
    return rc;
}

/* --- samenvatting.csv ------------------------------------------------------------------------ */

/* A number with a decimal comma and two decimals, as Dutch Excel reads it. */
static void nl_decimal(FILE *fp, double v)
{
    char buf[32];
    snprintf(buf, sizeof(buf), "%.2f", v);
    char *dot = strchr(buf, '.');
    if (dot)
        *dot = ',';
    fputs_unlocked(buf, fp);
}

int export_summary_csv(const export_data *d, FILE *fp)
{
    flockfile(fp); /* one lock for the file: the character calls below take none */
    fputs_unlocked(bom, fp);
    fputs_unlocked("sessie;sessie_start;script;vraag_id;vraag;soort;n;gemiddelde", fp);
    for (int o = 1; o <= SCRIPT_MAX_OPTIONS; o++)
        fprintf(fp, ";optie_%d", o);
    fputs_unlocked("\r\n", fp);
    char when[64];
    for (size_t qi = 0; qi < d->n_questions && !ferror(fp); qi++) {
        const export_question *q = &d->questions[qi];
        const export_session *se = &d->sessions[q->session];
        export_tally t;
        export_tally_of(d, qi, &t);
        fprintf(fp, "%lld;", (long long)se->id);
        nl_time(se->started_ms, when, sizeof(when));
        fputs_unlocked(when, fp);
        putc_unlocked(';', fp);
        nl_text(fp, se->script_id);
        putc_unlocked(';', fp);
        nl_text(fp, q->id);
        putc_unlocked(';', fp);
        nl_text(fp, q->text);
        putc_unlocked(';', fp);
        nl_text(fp, kind_nl(q->kind));
        fprintf(fp, ";%u;", t.n);
        if (q->kind == ANSWER_RATING && t.n)
            nl_decimal(fp, t.mean);
        for (unsigned o = 1; o <= SCRIPT_MAX_OPTIONS; o++) {
            putc_unlocked(';', fp);
            if (q->kind != ANSWER_TEXT && o <= q->n_points)
                fprintf(fp, "%u", t.counts[o]);
        }
        fputs_unlocked("\r\n", fp);
    }
    int rc = ferror(fp) ? -1 : 0;
    funlockfile(fp);
    return rc;
}
