/* export_collect.c — reads what an export holds from the log into export_data: the
 * chosen sessions, their questions and options, every raw input, times rounded when
 * asked. One pass per table, on the store's read connection. */
#include "export/export_collect.h"

#include <stdlib.h>
#include <string.h>

#include "core/msg.h"

typedef struct collect {
    export_data *d;
    const export_opts *o;
    size_t cap_sessions, cap_questions, cap_inputs;
    bool oom;
    /* the last session found by id, for the rows that follow it */
    int64_t last_id;
    size_t last_index;
    const char *interned[64];
    size_t n_interned;
} collect;

static int64_t rounded(const collect *c, int64_t ms)
{
    int64_t unit = (int64_t)c->o->round_minutes * 60000;
    if (unit <= 0 || ms <= 0)
        return ms;
    return ms / unit * unit; /* every time zone is a whole number of quarter hours off UTC */
}

/* Step types, input kinds and reasons repeat on every row: kept once each. */
static const char *keep_short(collect *c, const char *s)
{
    for (size_t i = 0; i < c->n_interned; i++)
        if (!strcmp(c->interned[i], s))
            return c->interned[i];
    const char *copy = arena_strdup(c->d->arena, s);
    if (!copy) {
        c->oom = true;
        return "";
    }
    if (c->n_interned < sizeof(c->interned) / sizeof(c->interned[0]))
        c->interned[c->n_interned++] = copy;
    return copy;
}

static const char *keep(collect *c, const char *s)
{
    const char *copy = arena_strdup(c->d->arena, s ? s : "");
    if (!copy) {
        c->oom = true;
        return "";
    }
    return copy;
}

/* Grows *items (of size each) to hold one more; false when out of memory. */
static bool grow(void **items, size_t n, size_t *cap, size_t each)
{
    if (n < *cap)
        return true;
    size_t want = *cap ? *cap * 2 : 64;
    void *p = realloc(*items, want * each);
    if (!p)
        return false;
    *items = p;
    *cap = want;
    return true;
}

/* The index of session id in the export, or EXPORT_NONE (not chosen). */
static size_t session_index(collect *c, int64_t id)
{
    if (id == c->last_id)
        return c->last_index;
    size_t lo = 0, hi = c->d->n_sessions; /* sessions come ordered by id */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->d->sessions[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t found = lo < c->d->n_sessions && c->d->sessions[lo].id == id ? lo : EXPORT_NONE;
    c->last_id = id;
    c->last_index = found;
    return found;
}

static bool chosen(const export_opts *o, const store_session_row *r)
{
    switch (o->what) {
    case EXPORT_SESSION: return r->id == o->session_id;
    case EXPORT_RANGE: return r->started_ms >= o->from_ms && r->started_ms < o->to_ms;
    case EXPORT_ALL: break;
    }
    return true;
}

static int on_session(void *ctx, const store_session_row *r)
{
    collect *c = ctx;
    export_data *d = c->d;
    if (!chosen(c->o, r))
        return 0;
    if (!grow((void **)&d->sessions, d->n_sessions, &c->cap_sessions, sizeof(*d->sessions)))
        return c->oom = true, 1;
    d->sessions[d->n_sessions++] = (export_session){
        .id = r->id,
        .started_ms = rounded(c, r->started_ms),
        .ended_ms = rounded(c, r->ended_ms),
        .script_id = keep(c, r->script_id),
        .script_version = r->script_version,
        .title = keep(c, r->title),
        .language = keep(c, r->language),
        .state = keep(c, r->state),
        .first_question = EXPORT_NONE,
    };
    return c->oom;
}

static answer_kind kind_of(const char *name)
{
    if (!strcmp(name, "choice"))
        return ANSWER_CHOICE;
    if (!strcmp(name, "rating"))
        return ANSWER_RATING;
    if (!strcmp(name, "text"))
        return ANSWER_TEXT;
    return ANSWER_NONE;
}

static int on_question(void *ctx, const store_question_row *r)
{
    collect *c = ctx;
    export_data *d = c->d;
    size_t s = session_index(c, r->session_id);
    if (s == EXPORT_NONE)
        return 0;
    if (!grow((void **)&d->questions, d->n_questions, &c->cap_questions, sizeof(*d->questions)))
        return c->oom = true, 1;
    export_question *q = &d->questions[d->n_questions];
    answer_kind kind = kind_of(r->kind);
    *q = (export_question){
        .session = s,
        .step_index = r->step_index,
        .step_type = keep(c, r->step_type),
        .id = keep(c, r->question_id),
        .text = keep(c, r->text),
        .kind = kind,
        .n_points = kind == ANSWER_RATING ? r->scale : 0,
    };
    for (size_t i = 0; i < SCRIPT_MAX_OPTIONS; i++)
        q->labels[i] = "";
    export_session *se = &d->sessions[s];
    if (se->first_question == EXPORT_NONE)
        se->first_question = d->n_questions; /* questions come ordered by session */
    se->n_questions++;
    d->n_questions++;
    return c->oom;
}

/* The question of session s with this id, or EXPORT_NONE. */
static size_t question_index(const export_data *d, size_t s, const char *id)
{
    const export_session *se = &d->sessions[s];
    if (se->first_question == EXPORT_NONE || !id || !*id)
        return EXPORT_NONE;
    for (size_t q = se->first_question; q < se->first_question + se->n_questions; q++)
        if (!strcmp(d->questions[q].id, id))
            return q;
    return EXPORT_NONE;
}

static int on_option(void *ctx, const store_option_row *r)
{
    collect *c = ctx;
    size_t s = session_index(c, r->session_id);
    if (s == EXPORT_NONE || r->option_index < 1 || r->option_index > SCRIPT_MAX_OPTIONS)
        return 0;
    size_t q = question_index(c->d, s, r->question_id);
    if (q == EXPORT_NONE)
        return 0;
    export_question *qu = &c->d->questions[q];
    qu->labels[r->option_index - 1] = keep(c, r->text);
    if (qu->kind == ANSWER_CHOICE && (unsigned)r->option_index > qu->n_points)
        qu->n_points = (unsigned)r->option_index;
    return c->oom;
}

static int on_row(void *ctx, const store_row *r)
{
    collect *c = ctx;
    export_data *d = c->d;
    size_t s = session_index(c, r->session_id);
    if (s == EXPORT_NONE)
        return 0;
    if (!grow((void **)&d->inputs, d->n_inputs, &c->cap_inputs, sizeof(*d->inputs)))
        return c->oom = true, 1;
    if (!d->sessions[s].n_inputs)
        d->sessions[s].first_input = d->n_inputs;
    d->inputs[d->n_inputs++] = (export_input){
        .session = s,
        .question = question_index(d, s, r->question_id),
        .step_index = r->step_index,
        .step_type = keep_short(c, r->step_type),
        .option = r->option_index,
        .value = r->value,
        .text = *r->text ? keep(c, r->text) : "",
        .input = keep_short(c, r->input),
        .button = r->button,
        .counted = r->counted,
        .reason = keep_short(c, r->reason),
        .at_ms = rounded(c, r->at_ms),
        .id = r->input_id,
    };
    d->sessions[s].n_inputs++;
    d->sessions[s].n_counted += r->counted;
    return c->oom;
}

export_data *export_collect(store *st, const export_opts *o, int64_t now_ms, char *err, size_t errlen)
{
    arena *a = arena_new();
    export_data *d = a ? arena_alloc(a, sizeof(*d)) : NULL;
    if (!d) {
        arena_free(a);
        msg_set(err, errlen, "out of memory");
        return NULL;
    }
    d->arena = a;
    d->device_id = arena_strdup(a, store_device_id(st));
    d->made_ms = now_ms;
    d->round_minutes = o->round_minutes > 0 ? o->round_minutes : 0;
    collect c = {.d = d, .o = o, .last_id = -1, .last_index = EXPORT_NONE};
    int rc = store_each_session(st, on_session, &c);
    if (rc == 0 && d->n_sessions)
        rc = store_each_question(st, on_question, &c);
    if (rc == 0 && d->n_questions)
        rc = store_each_option(st, on_option, &c);
    if (rc == 0 && d->n_sessions)
        rc = store_each_input(st, o->what == EXPORT_SESSION ? o->session_id : 0, on_row, &c);
    /* the arrays were grown with realloc: hand them to the arena's owner by copying */
    export_session *ss = d->sessions;
    export_question *qs = d->questions;
    export_input *is = d->inputs;
    if (rc == 0 && !c.oom) {
        d->sessions = arena_alloc(a, d->n_sessions * sizeof(*ss) + 1);
        d->questions = arena_alloc(a, d->n_questions * sizeof(*qs) + 1);
        d->inputs = arena_alloc(a, d->n_inputs * sizeof(*is) + 1);
        if (d->sessions && d->questions && d->inputs) {
            if (d->n_sessions)
                memcpy(d->sessions, ss, d->n_sessions * sizeof(*ss));
            if (d->n_questions)
                memcpy(d->questions, qs, d->n_questions * sizeof(*qs));
            if (d->n_inputs)
                memcpy(d->inputs, is, d->n_inputs * sizeof(*is));
        } else {
            c.oom = true;
        }
    }
    free(ss);
    free(qs);
    free(is);
    if (rc == 0 && !c.oom && export_count(d) != 0)
        c.oom = true;
    if (rc != 0 || c.oom) {
        msg_set(err, errlen, c.oom ? "out of memory reading the log" : "reading the log failed");
        arena_free(a);
        return NULL;
    }
    return d;
}
