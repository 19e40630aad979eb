/* engine.h — the session engine: script + events + time in, state + effects out.
 * Pure: no I/O, no clock, no adapter headers. Time is milliseconds on a monotonic
 * clock the caller owns (a virtual one in replay and tests). */
#ifndef OOGST_ENGINE_H
#define OOGST_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "script.h"

typedef enum input_source {
    SRC_BUTTON, /* a physical button (GPIO) */
    SRC_TOUCH,  /* an option tapped on the screen */
    SRC_KEY,    /* a keyboard key (development, or a facilitator key) */
    SRC_TEXT,   /* a typed answer */
} input_source;

const char *input_source_name(input_source s);

typedef enum engine_event_type {
    EV_PRESS,   /* n = button 1–6 */
    EV_RELEASE, /* n = button 1–6 */
    EV_KEY,     /* name = key name: "1".."6", "n", "b", "space", "escape", … */
    EV_CHOOSE,  /* n = option, from 1 (touch) */
    EV_TEXT,    /* text = UTF-8 answer */
    EV_NEXT,
    EV_BACK,
    EV_PAUSE,
    EV_RESUME,
    EV_EXTEND, /* +1 minute */
    EV_END,
    EV_TICK, /* only time passes */
} engine_event_type;

typedef struct engine_event {
    engine_event_type type;
    int n;
    const char *name; /* EV_KEY */
    const char *text; /* EV_TEXT */
} engine_event;

/* One raw input and the rule's decision about it, for the log. Strings are borrowed
 * from the event or the script and live until the next engine call. */
typedef struct input_record {
    input_source source;
    int button;              /* SRC_BUTTON/SRC_KEY digit: button 1–6; SRC_TOUCH: option tapped; else 0 */
    const char *key;         /* SRC_KEY: the key name */
    const char *text;        /* SRC_TEXT: the answer as typed */
    size_t step;             /* step index, from 0 */
    unsigned part;           /* question (monitoring) or role (interview) within the step */
    const char *question_id; /* NULL when the step asks nothing */
    int option;              /* option the input points at, from 1; 0 if none */
    int value;               /* rating value; 0 if none */
    bool counted;
    const char *reason; /* "counted" or why not: see engine_reasons in README */
    int64_t mono_ms;
} input_record;

typedef enum chime {
    CHIME_SWITCH, /* interview: switch roles */
    CHIME_END,    /* time is up */
} chime;

typedef enum effect_type {
    EFF_INPUT,      /* store .input */
    EFF_STEP_ENTER, /* a step (or a part of it) started: .step, .part, .closed */
    EFF_CLOSED,     /* answering on the current step closed or reopened: .closed */
    EFF_EVENT,      /* event log: .name, .detail */
    EFF_CHIME,      /* play .chime */
    EFF_SESSION_END,
    EFF_QUIT, /* the facilitator asked to stop the program (Esc) */
} effect_type;

typedef struct effect {
    effect_type type;
    int64_t at_ms; /* when it happened: now, or the deadline of a timer that ran out */
    input_record input;
    size_t step;
    unsigned part;
    bool closed;
    chime chime;
    const char *name;
    char detail[64];
} effect;

enum { ENGINE_MAX_EFFECTS = 16 };

typedef struct engine_output {
    effect effects[ENGINE_MAX_EFFECTS];
    size_t n_effects;
    bool redraw;
    uint8_t leds;        /* bit i set: button i+1 is live (lit) */
    int64_t deadline_ms; /* call engine_tick at this time; -1: no deadline */
    int64_t at_ms;       /* the engine's clock while it emits (internal) */
} engine_output;

typedef struct engine engine;

/* A new engine for script s (borrowed; must outlive the engine), at step 0, time now.
 * Fills out with the effects of entering the first step. NULL when out of memory. */
engine *engine_new(const script *s, int64_t now, engine_output *out);
void engine_free(engine *e);

/* Handles one event at time now (never earlier than the last call). Deadlines that
 * passed before now fire first. */
void engine_handle(engine *e, const engine_event *ev, int64_t now, engine_output *out);
/* Lets time pass: fires a deadline that has come. */
void engine_tick(engine *e, int64_t now, engine_output *out);

/* Resumption after a power cut: go to step/part (answering there closed or not) at
 * time now, without effects of its own; then replay each counted answer with
 * engine_restore_answer. */
void engine_restore(engine *e, size_t step, unsigned part, bool closed, int64_t now, engine_output *out);
void engine_restore_answer(engine *e, size_t step, const char *question_id, int option, int value);

/* What the view reads. */
const script *engine_script(const engine *e);
size_t engine_step(const engine *e);
unsigned engine_part(const engine *e);
bool engine_finished(const engine *e);
bool engine_paused(const engine *e);
bool engine_time_up(const engine *e);
/* Remaining time of the current timer at now; -1 when the step has no timer. */
int64_t engine_remaining_ms(const engine *e, int64_t now);
/* The question being asked now, or NULL. */
const question *engine_question(const engine *e);
/* Voting on the current question is closed (time up or closed by the facilitator). */
bool engine_closed(const engine *e);
/* May the tally of this step be shown now (live, or closed)? */
bool engine_tally_visible(const engine *e, size_t step);
/* Counted answers for option (from 1) of question q of step; option 0: all answers. */
unsigned engine_count(const engine *e, size_t step, size_t q, int option);
/* Counted votes in the current turn, and whether the room is between two turns. */
unsigned engine_turn_used(const engine *e);
bool engine_between_turns(const engine *e, int64_t now);

#endif
