/* fixture.h — builds session scripts by hand for the unit tests, the way the content
 * parser would leave them: one arena owns the script, its steps and every string.
 * Header-only (static inline) so each test binary stays one file plus the library. */
#ifndef OOGST_TEST_FIXTURE_H
#define OOGST_TEST_FIXTURE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/script.h"

/* A script with room for n_steps steps, all zeroed; the caller fills them with
 * fx_step. script_free frees it (the script lives in its own arena). */
static inline script *fx_script(size_t n_steps)
{
    arena *a = arena_new();
    if (!a)
        return NULL;
    script *s = arena_alloc(a, sizeof(*s));
    s->arena = a;
    s->path = "test.yaml";
    s->id = "test";
    s->version = 1;
    s->language = "en";
    s->title = "Test";
    s->steps = arena_alloc(a, n_steps * sizeof(step));
    s->n_steps = n_steps;
    return s;
}

/* Step i as type t with a timer of duration_ms (0: none; interview: per person),
 * the default vote rule, and pairs for an interview. */
static inline step *fx_step(script *s, size_t i, step_type t, uint32_t duration_ms)
{
    step *st = &s->steps[i];
    memset(st, 0, sizeof(*st));
    st->type = t;
    st->title = step_type_name(t);
    st->text = "";
    st->duration_ms = duration_ms;
    st->rule = vote_rule_default(t);
    if (t == STEP_INTERVIEW)
        st->group_size = 2;
    st->line = (unsigned)i + 1;
    st->column = 1;
    return st;
}

static inline question *fx_question(step *st, const char *id, answer_kind kind)
{
    question *q = &st->questions[st->n_questions++];
    memset(q, 0, sizeof(*q));
    q->id = id;
    q->text = id;
    q->kind = kind;
    return q;
}

/* A choice question with options "A", "B", … */
static inline question *fx_choice(step *st, const char *id, size_t n_options)
{
    static const char *const letters[SCRIPT_MAX_OPTIONS] = {"A", "B", "C", "D", "E", "F",
                                                            "G", "H", "I", "J", "K", "L"};
    question *q = fx_question(st, id, ANSWER_CHOICE);
    for (size_t i = 0; i < n_options && i < SCRIPT_MAX_OPTIONS; i++)
        q->options[i] = letters[i];
    q->n_options = n_options;
    return q;
}

static inline question *fx_rating(step *st, const char *id, unsigned scale)
{
    question *q = fx_question(st, id, ANSWER_RATING);
    q->scale = scale;
    return q;
}

static inline question *fx_text(step *st, const char *id, unsigned max_length)
{
    question *q = fx_question(st, id, ANSWER_TEXT);
    q->max_length = max_length;
    return q;
}

#endif
