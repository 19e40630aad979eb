/* run.c — carries out the engine's effects: every input, step and event to the store. */
#include "run.h"

#include <string.h>

static void apply(run *r, const engine_output *out, int64_t now, int64_t wall)
{
    for (size_t i = 0; i < out->n_effects; i++) {
        const effect *f = &out->effects[i];
        /* An effect may carry an earlier time than now (a timer that ran out
         * before now); the wall clock moves with it. */
        int64_t at = f->at_ms;
        int64_t at_wall = wall - (now - at);
        switch (f->type) {
        case EFF_INPUT: store_add_input(r->st, &f->input, at_wall, ++r->next_token); break;
        case EFF_STEP_ENTER:
            store_step_enter(r->st, f->step, f->part, f->closed, at_wall, at);
            if (r->on_step)
                r->on_step(r->ctx, f->step, f->part);
            break;
        case EFF_CLOSED: store_set_closed(r->st, f->closed, at_wall, at); break;
        case EFF_EVENT: store_add_event(r->st, f->name, f->detail, at_wall, at); break;
        case EFF_CHIME:
            store_add_event(r->st, "chime", f->chime == CHIME_SWITCH ? "switch" : "end", at_wall, at);
            if (r->on_chime)
                r->on_chime(r->ctx, f->chime);
            break;
        case EFF_SESSION_END:
            store_end_session(r->st, at_wall, at);
            r->ended = true;
            break;
        case EFF_QUIT: r->quit = true; break;
        }
    }
    r->deadline_ms = out->deadline_ms;
    r->leds = out->leds;
}

static void reset(run *r, store *st, const script *s)
{
    void (*on_chime)(void *, chime) = r->on_chime;
    void (*on_step)(void *, size_t, unsigned) = r->on_step;
    void (*on_event)(void *, const char *, const char *) = r->on_event;
    void *ctx = r->ctx;
    memset(r, 0, sizeof(*r));
    r->st = st;
    r->s = s;
    r->deadline_ms = -1;
    r->on_chime = on_chime;
    r->on_step = on_step;
    r->on_event = on_event;
    r->ctx = ctx;
}

int run_start(run *r, store *st, const script *s, int64_t now, int64_t wall)
{
    engine_output out;
    reset(r, st, s);
    store_begin_session(st, s, wall, now);
    r->e = engine_new(s, now, &out);
    if (!r->e)
        return -1;
    apply(r, &out, now, wall);
    return 0;
}

static int restore_answer(void *ctx, size_t si, const char *question_id, int option, int value)
{
    engine_restore_answer(ctx, si, question_id, option, value);
    return 0;
}

int run_resume(run *r, store *st, const script *s, const store_session *from, int64_t now, int64_t wall)
{
    engine_output out;
    reset(r, st, s);
    r->e = engine_new(s, now, &out); /* its effects are not applied: the step was logged before */
    if (!r->e)
        return -1;
    if (store_each_answer(st, from->id, restore_answer, r->e) < 0)
        return -1;
    store_resume_session(st, from->id, s, wall, now);
    engine_restore(r->e, from->step, from->part, from->closed, now, &out);
    apply(r, &out, now, wall);
    store_step_enter(st, engine_step(r->e), engine_part(r->e), engine_closed(r->e), wall, now);
    if (r->on_step)
        r->on_step(r->ctx, engine_step(r->e), engine_part(r->e));
    return 0;
}

void run_event(run *r, const engine_event *ev, int64_t now, int64_t wall)
{
    engine_output out;
    engine_handle(r->e, ev, now, &out);
    apply(r, &out, now, wall);
}

void run_tick(run *r, int64_t now, int64_t wall)
{
    engine_output out;
    engine_tick(r->e, now, &out);
    apply(r, &out, now, wall);
}

void run_stop(run *r)
{
    engine_free(r->e);
    r->e = NULL;
}
