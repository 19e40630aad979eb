/* engine.c — the session engine: where the room is in the script, its timers, and the
 * rules that decide whether a press or an answer counts. Pure: no I/O, no clock. */
#include "engine.h"

#include <stdio.h> /* snprintf only */
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

enum { EXTEND_MS = 60 * 1000 };

#define NEVER (INT64_MIN / 4)

typedef struct step_state {
    bool closed;          /* voting/answering on this step is closed */
    bool closed_by_timer; /* ... because its time ran out (one more minute reopens it) */
    unsigned counts[STEP_MAX_QUESTIONS][SCRIPT_MAX_OPTIONS + 1]; /* [q][0]: all counted answers */
} step_state;

struct engine {
    const script *s;
    size_t step;
    unsigned part;
    bool finished;
    bool paused;
    bool time_up;
    int64_t deadline;  /* the running timer's end; -1: none or paused */
    int64_t remaining; /* while paused */
    /* the turn on the current question: who is voting now */
    unsigned turn_used;
    bool turn_options[SCRIPT_MAX_OPTIONS + 1];
    int64_t turn_gap_until;
    int64_t last_counted[SCRIPT_MAX_OPTIONS + 1];
    step_state *st;
};

const char *input_source_name(input_source s)
{
    switch (s) {
    case SRC_BUTTON: return "button";
    case SRC_TOUCH: return "touch";
    case SRC_KEY: return "key";
    case SRC_TEXT: return "text";
    }
    return "?";
}

/* --- effects -------------------------------------------------------------------------------- */

static effect *emit(engine_output *out, effect_type t)
{
    if (out->n_effects >= ENGINE_MAX_EFFECTS)
        return NULL; /* callers keep room; see fire_deadlines */
    effect *f = &out->effects[out->n_effects++];
    memset(f, 0, sizeof(*f));
    f->type = t;
    f->at_ms = out->at_ms;
    out->redraw = true;
    return f;
}

static void emit_event(engine_output *out, const char *name, const char *detail)
{
    effect *f = emit(out, EFF_EVENT);
    if (!f)
        return;
    f->name = name;
    if (detail)
        snprintf(f->detail, sizeof(f->detail), "%s", detail);
}

/* Closes or reopens answering on the current step; why goes to the event log. */
static void set_closed(engine *e, bool closed, bool by_timer, const char *why, engine_output *out)
{
    step_state *ss = &e->st[e->step];
    ss->closed = closed;
    ss->closed_by_timer = closed && by_timer;
    effect *f = emit(out, EFF_CLOSED);
    if (f)
        f->closed = closed;
    emit_event(out, closed ? "closed" : "reopened", why);
}

static void emit_chime(engine_output *out, chime c)
{
    effect *f = emit(out, EFF_CHIME);
    if (f)
        f->chime = c;
}

/* --- the shape of the script ---------------------------------------------------------------- */

static const step *cur(const engine *e)
{
    return &e->s->steps[e->step];
}

static unsigned parts_of(const step *st)
{
    if (st->type == STEP_INTERVIEW)
        return st->group_size ? st->group_size : 2;
    if (st->type == STEP_MONITORING && st->n_questions > 0)
        return (unsigned)st->n_questions;
    return 1;
}

static const question *question_at(const step *st, unsigned part)
{
    return part < st->n_questions ? &st->questions[part] : NULL;
}

static unsigned options_of(const question *q)
{
    if (q->kind == ANSWER_CHOICE)
        return (unsigned)q->n_options;
    if (q->kind == ANSWER_RATING)
        return q->scale;
    return 0;
}

/* A timer runs per role in an interview, per step elsewhere. */
static bool timer_per_part(const step *st)
{
    return st->type == STEP_INTERVIEW;
}

static void reset_turn(engine *e)
{
    e->turn_used = 0;
    memset(e->turn_options, 0, sizeof(e->turn_options));
    e->turn_gap_until = NEVER;
    for (size_t i = 0; i <= SCRIPT_MAX_OPTIONS; i++)
        e->last_counted[i] = NEVER;
}

static void start_timer(engine *e, int64_t at)
{
    const step *st = cur(e);
    e->paused = false;
    e->time_up = false;
    e->remaining = 0;
    e->deadline = st->duration_ms ? at + (int64_t)st->duration_ms : -1;
}

static void enter(engine *e, size_t si, unsigned part, int64_t now, engine_output *out)
{
    bool new_step = si != e->step || e->finished;
    e->step = si;
    e->part = part;
    e->finished = false;
    reset_turn(e);
    if (new_step || timer_per_part(cur(e)))
        start_timer(e, now);
    effect *f = emit(out, EFF_STEP_ENTER);
    if (f) {
        f->step = si;
        f->part = part;
        f->closed = e->st[si].closed;
    }
}

static void finish(engine *e, engine_output *out)
{
    e->finished = true;
    e->deadline = -1;
    e->paused = false;
    emit(out, EFF_SESSION_END);
}

/* --- timers --------------------------------------------------------------------------------- */

/* The timer of the current step or role ran out at time `at`. */
static void fire(engine *e, int64_t at, engine_output *out)
{
    const step *st = cur(e);
    e->deadline = -1;
    out->at_ms = at;
    if (timer_per_part(st) && e->part + 1 < parts_of(st)) {
        enter(e, e->step, e->part + 1, at, out);
        emit_chime(out, CHIME_SWITCH);
        emit_event(out, "role-switch", NULL);
        return;
    }
    e->time_up = true;
    emit_chime(out, CHIME_END);
    emit_event(out, "time-up", NULL);
    if (st->n_questions > 0 && !e->st[e->step].closed)
        set_closed(e, true, true, "time up", out);
}

static void fire_deadlines(engine *e, int64_t now, engine_output *out)
{
    /* Several timers can have run out since the last call (an interview with short
     * roles); each fire needs at most four effects. What does not fit fires on the
     * next call, which the caller makes at once because the deadline has passed. */
    while (!e->finished && !e->paused && e->deadline >= 0 && now >= e->deadline &&
           ENGINE_MAX_EFFECTS - out->n_effects >= 5)
        fire(e, e->deadline, out);
    out->at_ms = now;
}

static void finish_output(const engine *e, int64_t now, engine_output *out)
{
    out->leds = 0;
    out->deadline_ms = -1;
    if (e->finished)
        return;
    const question *q = engine_question(e);
    bool gap = e->turn_gap_until > now;
    int64_t relight = gap ? e->turn_gap_until : -1; /* when a dark button lights up again */
    if (q && !e->st[e->step].closed && !gap) {
        unsigned n = options_of(q);
        uint32_t lockout = cur(e)->rule.lockout_ms;
        for (unsigned i = 0; i < n && i < SCRIPT_BUTTONS; i++) {
            int64_t free_at = e->last_counted[i + 1] + (int64_t)lockout;
            if (now < free_at) { /* locked out: dark until it counts again */
                relight = relight < 0 || free_at < relight ? free_at : relight;
                continue;
            }
            out->leds |= (uint8_t)(1u << i);
        }
    }
    if (!e->paused && e->deadline >= 0)
        out->deadline_ms = e->deadline;
    if (relight >= 0 && (out->deadline_ms < 0 || relight < out->deadline_ms))
        out->deadline_ms = relight;
}

static void begin_output(engine_output *out, int64_t now)
{
    out->n_effects = 0;
    out->redraw = false;
    out->at_ms = now;
}

/* --- inputs --------------------------------------------------------------------------------- */

static input_record *emit_input(engine *e, input_source src, int64_t now, engine_output *out)
{
    effect *f = emit(out, EFF_INPUT);
    if (!f)
        return NULL;
    input_record *r = &f->input;
    r->source = src;
    r->step = e->step;
    r->part = e->part;
    const question *q = e->finished ? NULL : engine_question(e);
    r->question_id = q ? q->id : NULL;
    r->mono_ms = now;
    r->counted = false;
    return r;
}

/* A vote or rating for option (from 1), by button, key or touch. */
static void decide_option(engine *e, input_record *r, int option, int64_t now)
{
    int reach = r->source == SRC_TOUCH ? SCRIPT_MAX_OPTIONS : SCRIPT_BUTTONS;
    const question *q = engine_question(e);
    const step *st = cur(e);
    if (e->finished) {
        r->reason = "ended";
        return;
    }
    if (!q) {
        r->reason = "no-question";
        return;
    }
    if (q->kind == ANSWER_TEXT) {
        r->reason = "wrong-kind";
        return;
    }
    unsigned n = options_of(q);
    if (option < 1 || (unsigned)option > n || option > reach) {
        r->reason = "no-option";
        return;
    }
    r->option = option;
    if (q->kind == ANSWER_RATING)
        r->value = option;
    const vote_rule *rule = &st->rule;
    unsigned per_person =
        q->kind == ANSWER_RATING ? 1 : (rule->votes_per_person ? rule->votes_per_person : 1);
    if (e->st[e->step].closed) {
        r->reason = "closed";
    } else if (now < e->last_counted[option] + (int64_t)rule->lockout_ms) {
        r->reason = "lockout";
    } else if (now < e->turn_gap_until) {
        r->reason = "turn-gap";
    } else if (!rule->stack && e->turn_options[option]) {
        r->reason = "same-option";
    } else {
        r->counted = true;
        r->reason = "counted";
        e->st[e->step].counts[e->part][option]++;
        e->st[e->step].counts[e->part][0]++;
        e->last_counted[option] = now;
        e->turn_options[option] = true;
        if (++e->turn_used >= per_person) {
            e->turn_used = 0;
            memset(e->turn_options, 0, sizeof(e->turn_options));
            e->turn_gap_until = now + (int64_t)rule->turn_gap_ms;
        }
    }
}

static bool blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

static void decide_text(engine *e, input_record *r, const char *text)
{
    const question *q = engine_question(e);
    long len = utf8_length(text, strlen(text), NULL);
    if (e->finished)
        r->reason = "ended";
    else if (!q)
        r->reason = "no-question";
    else if (q->kind != ANSWER_TEXT)
        r->reason = "wrong-kind";
    else if (e->st[e->step].closed)
        r->reason = "closed";
    else if (len < 0)
        r->reason = "invalid-text";
    else if (blank(text))
        r->reason = "empty";
    else if (q->max_length && (unsigned long)len > q->max_length)
        r->reason = "too-long";
    else {
        r->counted = true;
        r->reason = "counted";
        e->st[e->step].counts[e->part][0]++;
    }
}

/* --- facilitator commands ------------------------------------------------------------------- */

static void do_next(engine *e, int64_t now, engine_output *out)
{
    const step *st = cur(e);
    if (e->finished)
        return;
    if ((st->type == STEP_VOTE || st->type == STEP_RATING) && !e->st[e->step].closed) {
        set_closed(e, true, false, "next", out); /* first show the result, then move on */
        return;
    }
    if (e->part + 1 < parts_of(st)) {
        enter(e, e->step, e->part + 1, now, out);
        if (st->type == STEP_INTERVIEW)
            emit_chime(out, CHIME_SWITCH);
    } else if (e->step + 1 < e->s->n_steps) {
        enter(e, e->step + 1, 0, now, out);
    } else {
        finish(e, out);
    }
}

static void do_back(engine *e, int64_t now, engine_output *out)
{
    if (e->finished)
        return; /* the end is final: the log has closed the session */
    if (e->part > 0)
        enter(e, e->step, e->part - 1, now, out);
    else if (e->step > 0)
        enter(e, e->step - 1, 0, now, out);
}

static void do_pause(engine *e, int64_t now, engine_output *out)
{
    if (e->finished || e->paused || e->deadline < 0)
        return;
    e->paused = true;
    e->remaining = e->deadline - now;
    e->deadline = -1;
    out->redraw = true;
}

static void do_resume(engine *e, int64_t now, engine_output *out)
{
    if (!e->paused)
        return;
    e->paused = false;
    e->deadline = now + e->remaining;
    out->redraw = true;
}

static void do_extend(engine *e, int64_t now, engine_output *out)
{
    if (e->finished)
        return;
    if (e->paused) {
        e->remaining += EXTEND_MS;
    } else if (e->time_up) {
        /* One more minute after the time was up reopens what the timer closed. */
        e->time_up = false;
        e->deadline = now + EXTEND_MS;
        if (e->st[e->step].closed_by_timer)
            set_closed(e, false, false, "extend", out);
    } else if (e->deadline >= 0) {
        e->deadline += EXTEND_MS;
    } else {
        return;
    }
    out->redraw = true;
}

/* Logs a command with what it did, so the event log reads as the session went. */
static void command(engine *e, engine_event_type t, int64_t now, engine_output *out)
{
    const struct {
        size_t step;
        unsigned part;
        bool paused, time_up, finished, closed;
        int64_t deadline, remaining;
    } before = {e->step,     e->part,     e->paused, e->time_up, e->finished, e->st[e->step].closed,
                e->deadline, e->remaining};
    switch (t) {
    case EV_NEXT: do_next(e, now, out); break;
    case EV_BACK: do_back(e, now, out); break;
    case EV_PAUSE: do_pause(e, now, out); break;
    case EV_RESUME: do_resume(e, now, out); break;
    case EV_EXTEND: do_extend(e, now, out); break;
    case EV_END:
        if (!e->finished)
            finish(e, out);
        break;
    default: return;
    }
    static const char *const names[] = {
        [EV_NEXT] = "next",     [EV_BACK] = "back",     [EV_PAUSE] = "pause",
        [EV_RESUME] = "resume", [EV_EXTEND] = "extend", [EV_END] = "end",
    };
    /* detail: where the room is now, or that the command did nothing here */
    bool changed = before.step != e->step || before.part != e->part || before.paused != e->paused ||
                   before.time_up != e->time_up || before.finished != e->finished ||
                   before.closed != e->st[e->step].closed || before.deadline != e->deadline ||
                   before.remaining != e->remaining;
    char detail[64];
    snprintf(detail, sizeof(detail), "%sstep %zu", changed ? "" : "no effect at ", e->step + 1);
    emit_event(out, names[t], detail);
}

/* --- keys ----------------------------------------------------------------------------------- */

static void handle_key(engine *e, const char *name, int64_t now, engine_output *out)
{
    input_record *r = emit_input(e, SRC_KEY, now, out);
    if (!r)
        return;
    r->key = name;
    if (name[0] >= '1' && name[0] <= '6' && name[1] == '\0') {
        r->button = name[0] - '0';
        decide_option(e, r, r->button, now);
        return;
    }
    engine_event_type t;
    if (!strcmp(name, "n") || !strcmp(name, "right") || !strcmp(name, "pagedown"))
        t = EV_NEXT;
    else if (!strcmp(name, "b") || !strcmp(name, "left") || !strcmp(name, "pageup"))
        t = EV_BACK;
    else if (!strcmp(name, "space"))
        t = e->paused ? EV_RESUME : EV_PAUSE;
    else if (!strcmp(name, "e") || !strcmp(name, "+"))
        t = EV_EXTEND;
    else if (!strcmp(name, "escape")) {
        r->reason = "command";
        emit(out, EFF_QUIT);
        return;
    } else {
        r->reason = "no-action";
        return;
    }
    r->reason = "command";
    command(e, t, now, out);
}

/* --- the public face ------------------------------------------------------------------------ */

engine *engine_new(const script *s, int64_t now, engine_output *out)
{
    if (!s || s->n_steps == 0)
        return NULL;
    engine *e = calloc(1, sizeof(*e));
    if (!e)
        return NULL;
    e->st = calloc(s->n_steps, sizeof(*e->st));
    if (!e->st) {
        free(e);
        return NULL;
    }
    e->s = s;
    e->step = 0;
    e->finished = true; /* so that entering step 0 starts its timer */
    begin_output(out, now);
    enter(e, 0, 0, now, out);
    finish_output(e, now, out);
    return e;
}

void engine_free(engine *e)
{
    if (!e)
        return;
    free(e->st);
    free(e);
}

void engine_tick(engine *e, int64_t now, engine_output *out)
{
    begin_output(out, now);
    fire_deadlines(e, now, out);
    out->redraw = true; /* a tick comes at a deadline: a timer, or buttons that light up again */
    finish_output(e, now, out);
}

void engine_handle(engine *e, const engine_event *ev, int64_t now, engine_output *out)
{
    begin_output(out, now);
    fire_deadlines(e, now, out);
    input_record *r;
    switch (ev->type) {
    case EV_PRESS:
    case EV_CHOOSE:
        r = emit_input(e, ev->type == EV_PRESS ? SRC_BUTTON : SRC_TOUCH, now, out);
        if (r) {
            r->button = ev->n;
            decide_option(e, r, ev->n, now);
        }
        break;
    case EV_TEXT:
        r = emit_input(e, SRC_TEXT, now, out);
        if (r) {
            r->text = ev->text ? ev->text : "";
            decide_text(e, r, r->text);
        }
        break;
    case EV_KEY: handle_key(e, ev->name ? ev->name : "", now, out); break;
    case EV_RELEASE: {
        char detail[16];
        snprintf(detail, sizeof(detail), "button %d", ev->n);
        emit_event(out, "release", detail);
        break;
    }
    case EV_NEXT:
    case EV_BACK:
    case EV_PAUSE:
    case EV_RESUME:
    case EV_EXTEND:
    case EV_END: command(e, ev->type, now, out); break;
    case EV_TICK: break;
    }
    finish_output(e, now, out);
}

void engine_restore(engine *e, size_t si, unsigned part, bool closed, int64_t now, engine_output *out)
{
    begin_output(out, now);
    if (si >= e->s->n_steps)
        si = e->s->n_steps - 1;
    e->step = si;
    e->part = part < parts_of(&e->s->steps[si]) ? part : 0;
    e->st[si].closed = closed;
    e->finished = false;
    reset_turn(e);
    start_timer(e, now);
    out->redraw = true;
    finish_output(e, now, out);
}

void engine_restore_answer(engine *e, size_t si, const char *question_id, int option, int value)
{
    (void)value; /* a rating's value is its option */
    if (si >= e->s->n_steps || !question_id)
        return;
    const step *st = &e->s->steps[si];
    for (size_t q = 0; q < st->n_questions; q++) {
        if (strcmp(st->questions[q].id, question_id) != 0)
            continue;
        if (option >= 1 && option <= SCRIPT_MAX_OPTIONS)
            e->st[si].counts[q][option]++;
        e->st[si].counts[q][0]++;
        return;
    }
}

const script *engine_script(const engine *e)
{
    return e->s;
}
size_t engine_step(const engine *e)
{
    return e->step;
}
unsigned engine_part(const engine *e)
{
    return e->part;
}
bool engine_finished(const engine *e)
{
    return e->finished;
}
bool engine_paused(const engine *e)
{
    return e->paused;
}
bool engine_time_up(const engine *e)
{
    return e->time_up;
}

int64_t engine_remaining_ms(const engine *e, int64_t now)
{
    if (e->finished)
        return -1;
    if (e->paused)
        return e->remaining;
    if (e->time_up)
        return 0;
    if (e->deadline < 0)
        return -1;
    return e->deadline > now ? e->deadline - now : 0;
}

const question *engine_question(const engine *e)
{
    return question_at(cur(e), e->part);
}

bool engine_closed(const engine *e)
{
    return e->st[e->step].closed;
}

bool engine_tally_visible(const engine *e, size_t si)
{
    if (si >= e->s->n_steps)
        return false;
    return e->s->steps[si].rule.live || e->st[si].closed || si < e->step || e->finished;
}

unsigned engine_count(const engine *e, size_t si, size_t q, int option)
{
    if (si >= e->s->n_steps || q >= STEP_MAX_QUESTIONS || option < 0 || option > SCRIPT_MAX_OPTIONS)
        return 0;
    return e->st[si].counts[q][option];
}

unsigned engine_turn_used(const engine *e)
{
    return e->turn_used;
}

bool engine_between_turns(const engine *e, int64_t now)
{
    return now < e->turn_gap_until;
}
