/* content_lint.c — what `oogst --check` cannot see in one script alone, for the shipped
 * sessions (tests/check/content_quality.sh):
 *
 *   content_lint NL_SCRIPT EN_SCRIPT
 *
 * - parity: the English twin has the same script id and version, the same steps in the
 *   same order with the same type, timings, group size, number of prompts and probes,
 *   questions (id, kind, number of options or labels, scale, length), vote rules and
 *   results settings; only the words differ;
 * - every question id is unique in its script, and the meeting ends with the monitoring
 *   step and its three questions (only results steps may follow it);
 * - readability of the Dutch text a participant reads (titles, texts, prompts, probes,
 *   questions, options, labels): on average at most 15 words a sentence, and no sentence
 *   over 25 words. A sentence ends at . ! or ? (before a space or the end); a piece of
 *   text without one is one sentence. Words are what spaces separate.
 *
 * Prints one line per script pair (steps, minutes, words per sentence) and every problem
 * as FILE:LINE:COL: message. Exit status 0 when there are none, 1 otherwise. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "content/content.h"

enum { MAX_AVG_WORDS = 15, MAX_SENTENCE_WORDS = 25 };

static int problems;

static void problem(const script *s, const step *st, const char *fmt, const char *a, const char *b)
{
    printf("%s:%u:%u: ", s->path, st ? st->line : 1, st ? st->column : 1);
    printf(fmt, a, b);
    putchar('\n');
    problems++;
}

/* --- parity ------------------------------------------------------------------------------ */

#define SAME(field, what)                                                                                    \
    do {                                                                                                     \
        if ((a)->field != (b)->field) {                                                                      \
            char x[32], y[32];                                                                               \
            snprintf(x, sizeof x, "%lld", (long long)(a)->field);                                            \
            snprintf(y, sizeof y, "%lld", (long long)(b)->field);                                            \
            problem(en, stb, what " differs from the Dutch script: %s there, %s here", x, y);                \
        }                                                                                                    \
    } while (0)

static void same_question(const script *en, const step *stb, const question *a, const question *b)
{
    if (strcmp(a->id, b->id) != 0)
        problem(en, stb, "question id '%s' in the Dutch script, '%s' here", a->id, b->id);
    SAME(kind, "the kind of answer");
    SAME(n_options, "the number of options or labels");
    SAME(scale, "the scale");
    SAME(max_length, "the maximum length");
}

static void same_step(const script *en, const step *a, const step *b)
{
    const step *stb = b;
    if (a->type != b->type) {
        problem(en, stb, "a %s step here, a %s step in the Dutch script", step_type_name(b->type),
                step_type_name(a->type));
        return;
    }
    SAME(duration_ms, "the time (ms)");
    SAME(group_size, "the group size");
    SAME(n_prompts, "the number of prompts");
    SAME(n_probes, "the number of probes");
    SAME(n_questions, "the number of questions");
    SAME(rule.votes_per_person, "votes per person");
    SAME(rule.lockout_ms, "the lockout (ms)");
    SAME(rule.turn_gap_ms, "the turn gap (ms)");
    SAME(rule.stack, "stack");
    SAME(rule.live, "show");
    SAME(n_show, "the number of results shown");
    SAME(min_n, "min_n");
    for (size_t q = 0; q < a->n_questions && q < b->n_questions; q++)
        same_question(en, stb, &a->questions[q], &b->questions[q]);
    for (size_t i = 0; i < a->n_show && i < b->n_show; i++)
        if (strcmp(a->show[i], b->show[i]) != 0)
            problem(en, stb, "results show '%s' in the Dutch script, '%s' here", a->show[i], b->show[i]);
}

static void parity(const script *nl, const script *en)
{
    if (strcmp(nl->id, en->id) != 0)
        problem(en, NULL, "script id '%s' in the Dutch script, '%s' here", nl->id, en->id);
    if (nl->version != en->version)
        problem(en, NULL, "the version differs from the Dutch script's%s%s", "", "");
    if (strcmp(nl->language, "nl") != 0)
        problem(nl, NULL, "language '%s', expected '%s'", nl->language, "nl");
    if (strcmp(en->language, "en") != 0)
        problem(en, NULL, "language '%s', expected '%s'", en->language, "en");
    if (nl->n_steps != en->n_steps) {
        char x[24], y[24];
        snprintf(x, sizeof x, "%zu", nl->n_steps);
        snprintf(y, sizeof y, "%zu", en->n_steps);
        problem(en, NULL, "%s steps in the Dutch script, %s here", x, y);
    }
    for (size_t i = 0; i < nl->n_steps && i < en->n_steps; i++)
        same_step(en, &nl->steps[i], &en->steps[i]);
}

/* --- one script ---------------------------------------------------------------------------- */

static void ids_and_ending(const script *s)
{
    const char *seen[SCRIPT_MAX_STEPS * STEP_MAX_QUESTIONS];
    size_t n = 0;
    for (size_t i = 0; i < s->n_steps; i++) {
        const step *st = &s->steps[i];
        for (size_t q = 0; q < st->n_questions; q++) {
            const char *id = st->questions[q].id;
            for (size_t k = 0; k < n; k++)
                if (!strcmp(seen[k], id))
                    problem(s, st, "question id '%s' is used twice%s", id, "");
            seen[n++] = id;
        }
    }
    /* the monitoring step ends the meeting; only results (its trend) may follow it */
    size_t end = s->n_steps;
    while (end > 0 && s->steps[end - 1].type == STEP_RESULTS)
        end--;
    if (end == 0 || s->steps[end - 1].type != STEP_MONITORING)
        problem(s, end ? &s->steps[end - 1] : NULL, "the session does not end with the monitoring step%s%s",
                "", "");
}

/* Minutes of the session: every timer, an interview's once per person. */
static double minutes_of(const script *s)
{
    double ms = 0;
    for (size_t i = 0; i < s->n_steps; i++) {
        const step *st = &s->steps[i];
        ms += (double)st->duration_ms * (st->type == STEP_INTERVIEW ? st->group_size : 1);
    }
    return ms / 60000.0;
}

/* --- readability --------------------------------------------------------------------------- */

typedef struct reading {
    const script *s;
    size_t sentences, words;
} reading;

static bool sentence_end(const char *p)
{
    return (*p == '.' || *p == '!' || *p == '?') && (p[1] == ' ' || !p[1]);
}

static void read_text(reading *r, const step *st, const char *text)
{
    if (!text || !*text)
        return;
    const char *p = text, *start = text;
    size_t words = 0;
    bool in_word = false;
    for (;; p++) {
        bool space = *p == ' ' || *p == '\n' || *p == '\t' || !*p;
        if (!space && !in_word)
            words++;
        in_word = !space;
        if (*p && !sentence_end(p))
            continue;
        if (words) {
            r->sentences++;
            r->words += words;
            if (words > MAX_SENTENCE_WORDS) {
                char count[24], sentence[640];
                snprintf(count, sizeof count, "%zu", words);
                snprintf(sentence, sizeof sentence, "%.*s", (int)(p - start + (*p != 0)), start);
                problem(r->s, st, "a sentence of %s words (at most 25): %s", count, sentence);
            }
        }
        if (!*p)
            break;
        words = 0;
        in_word = false;
        start = p + 1;
        while (*start == ' ')
            start++;
    }
}

static void readability(const script *s, double *avg)
{
    reading r = {.s = s};
    read_text(&r, NULL, s->title);
    for (size_t i = 0; i < s->n_steps; i++) {
        const step *st = &s->steps[i];
        read_text(&r, st, st->title);
        read_text(&r, st, st->text);
        for (size_t k = 0; k < st->n_prompts; k++)
            read_text(&r, st, st->prompts[k]);
        for (size_t k = 0; k < st->n_probes; k++)
            read_text(&r, st, st->probes[k]);
        for (size_t q = 0; q < st->n_questions; q++) {
            const question *qu = &st->questions[q];
            read_text(&r, st, qu->text);
            for (size_t k = 0; k < qu->n_options; k++)
                read_text(&r, st, qu->options[k]);
        }
    }
    *avg = r.sentences ? (double)r.words / (double)r.sentences : 0;
    if (*avg > MAX_AVG_WORDS) {
        char x[32];
        snprintf(x, sizeof x, "%.1f", *avg);
        problem(s, NULL, "on average %s words a sentence (at most 15)%s", x, "");
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: content_lint NL_SCRIPT EN_SCRIPT\n");
        return 2;
    }
    script *nl = content_load(argv[1], stderr);
    script *en = content_load(argv[2], stderr);
    if (!nl || !en) {
        script_free(nl);
        script_free(en);
        return 1;
    }
    parity(nl, en);
    ids_and_ending(nl);
    ids_and_ending(en);
    double avg_nl, avg_en;
    readability(nl, &avg_nl);
    /* English is held to the same sentence lengths, reported but not a failure */
    int before = problems;
    readability(en, &avg_en);
    if (problems > before) {
        printf("(the English sentences above are reported only)\n");
        problems = before;
    }
    printf("%s: %s, %zu steps, %.0f minutes, %.1f words a sentence (en %.1f)\n", argv[1], nl->id, nl->n_steps,
           minutes_of(nl), avg_nl, avg_en);
    script_free(nl);
    script_free(en);
    return problems ? 1 : 0;
}
