/* export_html.c — owns rapport.html: one self-contained Dutch page with inline SVG charts
 * per session and a series of the rating questions asked more than once. It writes what
 * export_data holds and nothing else; it never runs or links to anything. */
#include "export/export_html.h"
#include "core/msg.h"
#include "core/utf8.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The CSV that holds every answer, named where the page cuts a list short. */
#define CSV_NAME    "antwoorden.csv"
#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

enum {
    MAX_ANSWER_CHARS = 1000, /* one listed answer; longer ones come from a hostile log, not the keyboard */
    MAX_TITLE_CHARS = 200,   /* titles and question texts */
    MAX_LABEL_CHARS = 40,    /* an option text inside a chart (SVG text cannot wrap); the table has it all */
    MAX_AXIS_LABELS = 12,    /* dates under a line chart before they would overlap */

    BAR_W = 400,     /* bar chart: viewBox width */
    BAR_ROW = 48,    /* one option: a label line and a bar */
    BAR_TRACK = 300, /* the length of a 100 % bar; the numbers sit to the right of it */

    LINE_W = 400,
    LINE_H = 222,
    LINE_LEFT = 40,
    LINE_RIGHT = 388,
    LINE_TOP = 28,
    LINE_BOTTOM = 184,
    LINE_PAD = 16, /* keeps the first and last point and their dates off the edges */
};

/* Okabe-Ito: told apart by people with any common colour blindness, and the colours of
 * buttons 1-6 on the box. Options 7-12 are touch only and share grey. */
static const char *const bar_colour[6] = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00"};
#define BAR_GREY "#999999"

/* ---- text ----------------------------------------------------------------------------- */

/* s as HTML text, also safe inside a quoted attribute: & < > " ' become entities, so a
 * participant's "</svg><script>" stays text. Invalid UTF-8 and control characters become
 * U+FFFD (line breaks a space), so the page stays valid UTF-8 whatever the log holds. At
 * most max code points; "…" marks a cut. */
static void put_text(FILE *f, const char *s, size_t max)
{
    if (!s)
        return;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t n = 0; *p; n++) {
        if (n == max) {
            fputs("…", f);
            return;
        }
        unsigned c = *p;
        if (c < 0x80) {
            switch (c) {
            case '&': fputs("&amp;", f); break;
            case '<': fputs("&lt;", f); break;
            case '>': fputs("&gt;", f); break;
            case '"': fputs("&quot;", f); break;
            case '\'': fputs("&#39;", f); break;
            case '\t':
            case '\n':
            case '\r': putc(' ', f); break;
            default:
                if (c < 0x20 || c == 0x7F)
                    fputs(REPLACEMENT, f);
                else
                    putc((int)c, f);
            }
            p++;
            continue;
        }
        size_t k = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        bool ok = k && strnlen((const char *)p, k) == k && utf8_length((const char *)p, k, NULL) == 1;
        if (ok && c == 0xC2 && p[1] < 0xA0) /* C1 controls */
            ok = false;
        if (ok) {
            fwrite(p, 1, k, f);
            p += k;
        } else {
            fputs(REPLACEMENT, f);
            p++;
        }
    }
}

static void put_all(FILE *f, const char *s)
{
    put_text(f, s, SIZE_MAX);
}

/* Local time (TZ honoured) in the Dutch order, e.g. "%d-%m-%Y %H:%M" → 23-11-2026 10:15. */
static void fmt_time(int64_t ms, const char *fmt, char *buf, size_t len)
{
    int64_t sec = ms / 1000 - (ms % 1000 < 0);
    time_t t = (time_t)sec;
    struct tm tm;
    if (!localtime_r(&t, &tm) || !strftime(buf, len, fmt, &tm))
        snprintf(buf, len, "?");
}

/* One decimal with a decimal comma, whatever the locale: 3,4. Integer arithmetic, so a
 * program that set LC_NUMERIC cannot turn it into something else. */
static void fmt_dec1(double x, char *buf, size_t len)
{
    long t = (long)(x * 10 + 0.5); /* x >= 0: means of 1..scale */
    snprintf(buf, len, "%ld,%ld", t / 10, t % 10);
}

/* A whole percentage, half rounded up, in integers (the test recomputes it exactly). */
static unsigned percent(unsigned c, unsigned n)
{
    return n ? (unsigned)((200ull * c + n) / (2ull * n)) : 0;
}

static const char *state_nl(const char *state)
{
    if (!state)
        return "onbekend";
    if (strcmp(state, "finished") == 0)
        return "afgerond";
    if (strcmp(state, "interrupted") == 0)
        return "onderbroken";
    if (strcmp(state, "running") == 0)
        return "bezig";
    return state; /* a state this page does not know yet: shown as it is, escaped */
}

static const char *kind_nl(answer_kind k)
{
    switch (k) {
    case ANSWER_CHOICE: return "keuze";
    case ANSWER_RATING: return "cijfer";
    case ANSWER_TEXT: return "open vraag";
    default: return "vraag";
    }
}

/* ---- the page around it --------------------------------------------------------------- */

/* A system font stack (nothing to download), a column a phone can read, and a print
 * sheet: each session after the first starts a page, nothing depends on background. */
static const char style[] =
    "<style>\n"
    ":root{color-scheme:light}\n"
    "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
    "body{margin:0;padding:1rem;background:#fff;color:#1a1a1a;font:1.0625rem/1.5 system-ui,-apple-system,"
    "\"Segoe UI\",Roboto,\"Noto Sans\",\"Liberation Sans\",Arial,sans-serif}\n"
    "main{max-width:44rem;margin:0 auto}\n"
    "h1{font-size:1.6rem;line-height:1.2;margin:.5rem 0 1rem}\n"
    "h2{font-size:1.35rem;line-height:1.25;margin:2.5rem 0 .5rem;padding-top:.75rem;border-top:3px solid "
    "#0072B2}\n"
    "h3{font-size:1.1rem;line-height:1.3;margin:1.75rem 0 .25rem}\n"
    ".klein{color:#555;font-size:.9rem;margin:0 0 .5rem}\n"
    "dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.5rem 0}\n"
    "dl.meta dt{font-weight:600}\n"
    "dl.meta dd{margin:0;overflow-wrap:anywhere}\n"
    "figure{margin:.5rem 0}\n"
    "svg{display:block;width:100%;height:auto}\n"
    "svg.staaf{max-width:26rem}\n"
    "svg.lijn{max-width:30rem}\n"
    "p.n{font-weight:600;margin:.25rem 0}\n"
    "ul.tekst{padding-left:1.25rem;margin:.5rem 0}\n"
    "ul.tekst li{margin:.25rem 0;overflow-wrap:anywhere}\n"
    "table.reeks{border-collapse:collapse;margin:.5rem 0 1rem}\n"
    "table.reeks th,table.reeks td{padding:.2rem .9rem .2rem 0;border-bottom:1px solid "
    "#ccc;text-align:right}\n"
    "table.reeks th:first-child,table.reeks td:first-child{text-align:left}\n"
    ".vraag{break-inside:avoid;page-break-inside:avoid}\n"
    "nav ol{padding-left:1.5rem;margin:.25rem 0}\n"
    "a{color:#0072B2}\n"
    /* The numbers of a bar chart are in the picture too; this table carries them for
     * screen readers, text browsers and copying, without showing them twice. */
    ".sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;border:0;overflow:hidden;"
    "clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}\n"
    "@media print{\n"
    "body{padding:0;font-size:11pt}\n"
    "main{max-width:none}\n"
    "nav{display:none}\n"
    "h2{border-top:none;padding-top:0;margin-top:0}\n"
    ".sessie~.sessie,#reeks{break-before:page;page-break-before:always}\n"
    "svg,table{print-color-adjust:exact;-webkit-print-color-adjust:exact}\n"
    "a{color:inherit;text-decoration:none}\n"
    "}\n"
    "</style>\n";

static void put_head(FILE *f)
{
    fputs("<!DOCTYPE html>\n"
          "<html lang=\"nl\">\n"
          "<head>\n"
          "<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<title>Oogst — resultaten</title>\n",
          f);
    fputs(style, f);
    fputs("</head>\n<body>\n<main>\n", f);
}

static const char *session_title(const export_session *se)
{
    return se->title && *se->title ? se->title : NULL;
}

static void put_header(FILE *f, const export_data *d)
{
    char when[64];
    fmt_time(d->made_ms, "%d-%m-%Y %H:%M", when, sizeof(when));
    fputs("<header>\n<h1>Oogst — resultaten</h1>\n<dl class=\"meta\">\n<dt>Apparaat</dt><dd>", f);
    put_all(f, d->device_id && *d->device_id ? d->device_id : "onbekend");
    fprintf(f, "</dd>\n<dt>Gemaakt op</dt><dd>%s</dd>\n<dt>Sessies</dt><dd>%zu</dd>\n</dl>\n", when,
            d->n_sessions);
    if (d->round_minutes > 0)
        fprintf(f, "<p>Tijden zijn afgerond op %d %s.</p>\n", d->round_minutes,
                d->round_minutes == 1 ? "minuut" : "minuten");
    if (d->n_sessions == 0) {
        fputs("<p>Er zijn geen sessies in deze export. Er is nog niets te zien.</p>\n</header>\n", f);
        return;
    }
    fputs("<p class=\"klein\">Invoer is alles wat mensen drukten, tikten of typten. "
          "Geteld is wat meetelt in de uitslag.</p>\n</header>\n",
          f);
    if (d->n_sessions < 2)
        return;
    fputs("<nav aria-label=\"Inhoud\">\n<p><strong>Inhoud</strong></p>\n<ol>\n", f);
    for (size_t s = 0; s < d->n_sessions; s++) {
        const export_session *se = &d->sessions[s];
        char day[32];
        fmt_time(se->started_ms, "%d-%m-%Y", day, sizeof(day));
        fprintf(f, "<li><a href=\"#sessie-%zu\">", s + 1);
        if (session_title(se))
            put_text(f, se->title, MAX_TITLE_CHARS);
        else
            fprintf(f, "Sessie %" PRId64, se->id);
        fprintf(f, "</a> (%s)</li>\n", day);
    }
    fputs("<li><a href=\"#reeks\">Over de reeks</a></li>\n</ol>\n</nav>\n", f);
}

/* ---- one question --------------------------------------------------------------------- */

/* The text at the left of bar i: the option text, or for a rating the value and its label. */
static void put_bar_label(FILE *f, const export_question *q, unsigned i, size_t max)
{
    const char *label = q->labels[i] ? q->labels[i] : "";
    if (q->kind == ANSWER_RATING) {
        fprintf(f, "%u", i + 1);
        if (*label)
            fputs(" · ", f);
    } else if (!*label) {
        fprintf(f, "Keuze %u", i + 1);
    }
    put_text(f, label, max);
}

static void put_bar_chart(FILE *f, const export_question *q, size_t qi, const export_tally *t)
{
    unsigned rows = q->n_points <= SCRIPT_MAX_OPTIONS ? q->n_points : SCRIPT_MAX_OPTIONS;
    fprintf(f,
            "<figure>\n<svg class=\"staaf\" viewBox=\"0 0 %d %u\" role=\"img\" aria-labelledby=\"t%zu\" "
            "font-size=\"16\">\n<title id=\"t%zu\">Staafdiagram: ",
            BAR_W, rows * BAR_ROW, qi + 1, qi + 1);
    put_text(f, q->text, MAX_TITLE_CHARS);
    fprintf(f, " (n = %u)</title>\n", t->n);
    for (unsigned i = 0; i < rows; i++) {
        unsigned c = t->counts[i + 1];
        unsigned y = i * BAR_ROW;
        unsigned len = t->n ? (unsigned)((BAR_TRACK * 2ull * c + t->n) / (2ull * t->n)) : 0;
        if (c && len < 2)
            len = 2; /* one vote among many is still visible */
        fprintf(f, "<text x=\"0\" y=\"%u\">", y + 18);
        put_bar_label(f, q, i, MAX_LABEL_CHARS);
        fprintf(f, "</text>\n<rect x=\"0\" y=\"%u\" width=\"%d\" height=\"18\" fill=\"#EEEEEE\"/>\n", y + 25,
                BAR_TRACK);
        if (len)
            /* the thin outline keeps the yellow bar visible on white paper */
            fprintf(f,
                    "<rect x=\"0\" y=\"%u\" width=\"%u\" height=\"18\" fill=\"%s\" stroke=\"#444444\" "
                    "stroke-width=\"0.75\"/>\n",
                    y + 25, len, i < 6 ? bar_colour[i] : BAR_GREY);
        fprintf(f, "<text x=\"%d\" y=\"%u\" text-anchor=\"end\" font-weight=\"bold\">%u (%u%%)</text>\n",
                BAR_W, y + 40, c, percent(c, t->n));
    }
    /* hidden by a div: a table takes no width smaller than its content */
    fputs("</svg>\n</figure>\n<div class=\"sr\">\n<table>\n<caption>", f);
    put_text(f, q->text, MAX_TITLE_CHARS);
    fputs("</caption>\n<tr><th>antwoord</th><th>aantal</th><th>procent</th></tr>\n", f);
    for (unsigned i = 0; i < rows; i++) {
        fputs("<tr><td>", f);
        put_bar_label(f, q, i, MAX_TITLE_CHARS);
        fprintf(f, "</td><td>%u</td><td>%u%%</td></tr>\n", t->counts[i + 1], percent(t->counts[i + 1], t->n));
    }
    fputs("</table>\n</div>\n", f);
    fprintf(f, "<p class=\"n\">n = %u", t->n);
    if (q->kind == ANSWER_RATING && t->n) {
        char mean[32];
        fmt_dec1(t->mean, mean, sizeof(mean));
        fprintf(f, " · gemiddeld %s", mean);
    }
    fputs(t->n ? "</p>\n" : "</p>\n<p>Geen antwoorden</p>\n", f);
}

static void put_text_answers(FILE *f, const export_data *d, size_t qi, const export_tally *t)
{
    fprintf(f, "<p class=\"n\">n = %u</p>\n", t->n);
    size_t listed = 0, more = 0, seen = 0;
    /* from the session's first input, until all its counted answers are seen */
    for (size_t i = d->sessions[d->questions[qi].session].first_input; i < d->n_inputs && seen < t->n; i++) {
        const export_input *in = &d->inputs[i];
        if (in->question != qi || !in->counted)
            continue;
        seen++;
        if (!in->text || !*in->text)
            continue;
        if (listed == EXPORT_HTML_MAX_TEXTS) {
            more++;
            continue;
        }
        fputs(listed ? "<li>" : "<ul class=\"tekst\">\n<li>", f);
        put_text(f, in->text, MAX_ANSWER_CHARS);
        fputs("</li>\n", f);
        listed++;
    }
    if (listed)
        fputs("</ul>\n", f);
    else
        fputs("<p>Geen antwoorden</p>\n", f);
    if (more)
        fprintf(f, "<p>en nog %zu %s, zie %s</p>\n", more, more == 1 ? "antwoord" : "antwoorden", CSV_NAME);
}

static void put_question(FILE *f, const export_data *d, size_t qi)
{
    const export_question *q = &d->questions[qi];
    export_tally t;
    export_tally_of(d, qi, &t);
    fprintf(f, "<div class=\"vraag\" id=\"vraag-%zu\">\n<h3>", qi + 1);
    put_text(f, q->text && *q->text ? q->text : q->id, MAX_TITLE_CHARS);
    fputs("</h3>\n<p class=\"klein\">Vraag ", f);
    put_text(f, q->id, MAX_TITLE_CHARS);
    fprintf(f, " · stap %zu · %s", q->step_index + 1, kind_nl(q->kind));
    if (q->kind == ANSWER_RATING)
        fprintf(f, " 1–%u", q->n_points);
    fputs("</p>\n", f);
    if (q->kind == ANSWER_CHOICE || q->kind == ANSWER_RATING)
        put_bar_chart(f, q, qi, &t);
    else
        put_text_answers(f, d, qi, &t);
    fputs("</div>\n", f);
}

/* ---- one session ---------------------------------------------------------------------- */

static void put_session(FILE *f, const export_data *d, size_t s, size_t *order)
{
    const export_session *se = &d->sessions[s];
    char start[64], end[64];
    fmt_time(se->started_ms, "%d-%m-%Y %H:%M", start, sizeof(start));
    if (se->ended_ms)
        fmt_time(se->ended_ms, "%d-%m-%Y %H:%M", end, sizeof(end));
    else
        snprintf(end, sizeof(end), "nog niet afgesloten");

    fprintf(f, "<section class=\"sessie\" id=\"sessie-%zu\">\n<h2>", s + 1);
    if (session_title(se))
        put_text(f, se->title, MAX_TITLE_CHARS);
    else
        fprintf(f, "Sessie %" PRId64, se->id);
    fputs("</h2>\n<dl class=\"meta\">\n<dt>Script</dt><dd>", f);
    put_text(f, se->script_id, MAX_TITLE_CHARS);
    fprintf(f, ", versie %u</dd>\n<dt>Begin</dt><dd>%s</dd>\n<dt>Einde</dt><dd>%s</dd>\n<dt>Status</dt><dd>",
            se->script_version, start, end);
    put_text(f, state_nl(se->state), MAX_TITLE_CHARS);
    fprintf(
        f,
        "</dd>\n<dt>Invoer</dt><dd class=\"invoer\">%zu</dd>\n<dt>Geteld</dt><dd class=\"geteld\">%zu</dd>\n"
        "</dl>\n",
        se->n_inputs, se->n_counted);

    /* step order; the questions of one step (monitoring asks three) keep their order */
    size_t n = 0;
    for (size_t q = se->first_question; q < se->first_question + se->n_questions && q < d->n_questions; q++) {
        size_t j = n++;
        for (; j > 0 && d->questions[order[j - 1]].step_index > d->questions[q].step_index; j--)
            order[j] = order[j - 1];
        order[j] = q;
    }
    if (!n)
        fputs("<p>In deze sessie zijn geen vragen gesteld.</p>\n", f);
    for (size_t i = 0; i < n; i++)
        put_question(f, d, order[i]);
    fputs("</section>\n", f);
}

/* ---- across the series ---------------------------------------------------------------- */

/* Keeps the rating questions of a series: a script may have changed the kind of an id. */
static size_t rating_only(const export_data *d, size_t *idx, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (d->questions[idx[i]].kind == ANSWER_RATING && d->questions[idx[i]].n_points >= 1)
            idx[k++] = idx[i];
    return k;
}

/* A mean of ratings lies on the scale; one off it (values a damaged log holds) is drawn
 * at the edge, where its number still says what it is, not a billion pixels away. */
static int line_y(double v, unsigned scale)
{
    if (scale < 2)
        return LINE_BOTTOM;
    if (v < 1)
        v = 1;
    else if (v > scale)
        v = scale;
    double y = LINE_BOTTOM - (v - 1) * (LINE_BOTTOM - LINE_TOP) / (scale - 1);
    return (int)(y + 0.5);
}

static int line_x(size_t i, size_t k)
{
    int span = LINE_RIGHT - LINE_LEFT - 2 * LINE_PAD;
    return LINE_LEFT + LINE_PAD + (k > 1 ? (int)((span * 2ull * i + (k - 1)) / (2ull * (k - 1))) : span / 2);
}

/* Returns -1 when memory ran out. */
static int put_series(FILE *f, const export_data *d, size_t nr, const size_t *idx, size_t k)
{
    /* the tallies once: the polyline, the points and the table all need them */
    export_tally *t = malloc(k * sizeof(*t));
    if (!t)
        return -1;
    for (size_t i = 0; i < k; i++)
        export_tally_of(d, idx[i], &t[i]);

    const export_question *last = &d->questions[idx[k - 1]]; /* the newest wording */
    unsigned scale = 0;
    for (size_t i = 0; i < k; i++)
        if (d->questions[idx[i]].n_points > scale)
            scale = d->questions[idx[i]].n_points;
    if (scale > SCRIPT_MAX_OPTIONS) /* a damaged log must not draw a million grid lines */
        scale = SCRIPT_MAX_OPTIONS;

    fprintf(f, "<div class=\"vraag reeks\" id=\"reeks-%zu\">\n<h3>", nr);
    put_text(f, last->text && *last->text ? last->text : last->id, MAX_TITLE_CHARS);
    fputs("</h3>\n<p class=\"klein\">Vraag <span class=\"vraag-id\">", f);
    put_text(f, last->id, MAX_TITLE_CHARS);
    fprintf(f, "</span> · cijfer 1–%u · %zu sessies</p>\n", scale, k);

    fprintf(f,
            "<figure>\n<svg class=\"lijn\" viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"r%zu\" "
            "font-size=\"14\">\n<title id=\"r%zu\">Lijndiagram: gemiddeld "
            "cijfer per sessie voor ",
            LINE_W, LINE_H, nr, nr);
    put_text(f, last->text && *last->text ? last->text : last->id, MAX_TITLE_CHARS);
    fputs("</title>\n", f);
    for (unsigned v = 1; v <= scale; v++) {
        int y = line_y(v, scale);
        fprintf(f,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#DDDDDD\"/>\n"
                "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%u</text>\n",
                LINE_LEFT, y, LINE_RIGHT, y, LINE_LEFT - 10, y + 5, v);
    }

    fputs("<polyline fill=\"none\" stroke=\"#0072B2\" stroke-width=\"3\" stroke-linejoin=\"round\" points=\"",
          f);
    bool first = true;
    for (size_t i = 0; i < k; i++)
        if (t[i].n) { /* a session without answers has no mean: the line goes past it */
            fprintf(f, "%s%d,%d", first ? "" : " ", line_x(i, k), line_y(t[i].mean, scale));
            first = false;
        }
    fputs("\"/>\n", f);

    size_t every = (k + MAX_AXIS_LABELS - 1) / MAX_AXIS_LABELS;
    for (size_t i = 0; i < k; i++) {
        const export_session *se = &d->sessions[d->questions[idx[i]].session];
        char day[32], mean[32];
        int x = line_x(i, k);
        if (i % every == 0) {
            fmt_time(se->started_ms, "%d-%m", day, sizeof(day));
            fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x, LINE_BOTTOM + 28,
                    day);
        }
        if (!t[i].n)
            continue;
        int y = line_y(t[i].mean, scale);
        fmt_dec1(t[i].mean, mean, sizeof(mean));
        fmt_time(se->started_ms, "%d-%m-%Y", day, sizeof(day));
        fprintf(
            f,
            "<circle cx=\"%d\" cy=\"%d\" r=\"5\" fill=\"#0072B2\"><title>%s: gemiddeld %s (n = %u)</title>"
            "</circle>\n",
            x, y, day, mean, t[i].n);
        if (k <= MAX_AXIS_LABELS)
            fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>\n", x,
                    y - 11, mean);
    }
    fputs("</svg>\n</figure>\n", f);

    fputs("<table "
          "class=\"reeks\">\n<thead><tr><th>datum</th><th>n</th><th>gemiddeld</th></tr></thead>\n<tbody>\n",
          f);
    for (size_t i = 0; i < k; i++) {
        const export_session *se = &d->sessions[d->questions[idx[i]].session];
        char day[32], mean[32];
        fmt_time(se->started_ms, "%d-%m-%Y", day, sizeof(day));
        if (t[i].n)
            fmt_dec1(t[i].mean, mean, sizeof(mean));
        else
            snprintf(mean, sizeof(mean), "—");
        fprintf(f, "<tr><td>%s</td><td>%u</td><td>%s</td></tr>\n", day, t[i].n, mean);
    }
    fputs("</tbody>\n</table>\n</div>\n", f);
    free(t);
    return 0;
}

/* Every rating id asked in two or more sessions, in the order it first appears. Returns
 * -1 when memory ran out. */
static int put_series_section(FILE *f, const export_data *d)
{
    size_t *idx = malloc((d->n_sessions ? d->n_sessions : 1) * sizeof(*idx));
    if (!idx)
        return -1;
    fputs("<section id=\"reeks\">\n<h2>Over de reeks</h2>\n", f);
    size_t shown = 0;
    for (size_t q = 0; q < d->n_questions; q++) {
        const export_question *qq = &d->questions[q];
        if (qq->kind != ANSWER_RATING || !qq->id)
            continue;
        size_t k = export_series(d, qq->id, idx, d->n_sessions);
        if (k > d->n_sessions)
            k = d->n_sessions;
        k = rating_only(d, idx, k);
        if (k < 2 || idx[0] != q) /* once per id, at its first rating question */
            continue;
        if (!shown)
            fputs("<p>Vragen met een cijfer die in twee of meer sessies zijn gesteld. "
                  "Per sessie het gemiddelde.</p>\n",
                  f);
        if (put_series(f, d, ++shown, idx, k) < 0) {
            free(idx);
            return -1;
        }
    }
    if (!shown)
        fputs("<p>Geen vraag met een cijfer is in twee of meer sessies gesteld.</p>\n", f);
    fputs("</section>\n", f);
    free(idx);
    return 0;
}

/* ---- the page ------------------------------------------------------------------------- */

int export_html(const export_data *d, FILE *out, char *err, size_t errlen)
{
    if (!d || !out) {
        msg_set(err, errlen, "rapport.html: no data or no file given");
        return -1;
    }
    tzset(); /* localtime_r need not read TZ itself */
    size_t *order = malloc((d->n_questions ? d->n_questions : 1) * sizeof(*order));
    if (!order) {
        msg_set(err, errlen, "rapport.html: out of memory");
        return -1;
    }
    errno = 0;
    put_head(out);
    put_header(out, d);
    for (size_t s = 0; s < d->n_sessions; s++)
        put_session(out, d, s, order);
    free(order);
    int rc = d->n_sessions ? put_series_section(out, d) : 0;
    fputs("</main>\n</body>\n</html>\n", out);
    if (rc < 0) {
        msg_set(err, errlen, "rapport.html: out of memory");
        return -1;
    }
    /* stdio keeps the first write error; the flush reports one still in the buffer */
    if (fflush(out) != 0 || ferror(out)) {
        int e = errno ? errno : EIO;
        msg_set(err, errlen, "writing rapport.html failed: %s (is the stick full or read-only?)",
                strerror(e));
        return -1;
    }
    return 0;
}
