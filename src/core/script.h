/* script.h — a session script as the engine sees it: steps, questions, vote rules.
 * Pure data, filled by the content adapter (src/content/) and held in one arena. */
#ifndef OOGST_SCRIPT_H
#define OOGST_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

enum {
    SCRIPT_BUTTONS = 6,      /* physical buttons; options 1–6 are bound to them */
    SCRIPT_MAX_OPTIONS = 12, /* options 7–12 can be chosen by touch only */
    SCRIPT_MAX_STEPS = 60,
    STEP_MAX_QUESTIONS = 3, /* monitoring asks three */
    STEP_MAX_PROMPTS = 8,
    SCRIPT_MAX_ERRORS = 20, /* the content parser stops reporting after this many */
};

typedef enum step_type {
    STEP_WELCOME,
    STEP_TEXT,
    STEP_THEME,
    STEP_INTERVIEW,
    STEP_HARVEST,
    STEP_DREAM,
    STEP_DESIGN,
    STEP_DESTINY,
    STEP_VOTE,
    STEP_RATING,
    STEP_OPEN,
    STEP_MONITORING,
    STEP_RESULTS,
    STEP_TYPE_COUNT
} step_type;

typedef enum answer_kind {
    ANSWER_NONE,
    ANSWER_CHOICE, /* one of the options, by button or touch */
    ANSWER_RATING, /* 1..scale, by button or touch */
    ANSWER_TEXT,   /* a short typed answer */
} answer_kind;

typedef struct question {
    const char *id;   /* stable across sessions and languages, e.g. "mon-waarde" */
    const char *text; /* the text shown */
    answer_kind kind;
    const char *options[SCRIPT_MAX_OPTIONS]; /* choice: option texts; rating: optional labels */
    size_t n_options;                        /* choice: number of options; rating: labels given */
    unsigned scale;                          /* rating: points on the scale (2..6) */
    unsigned max_length;                     /* text: at most this many characters */
} question;

/* How presses become counted votes (vote, rating and monitoring rating/choice). */
typedef struct vote_rule {
    unsigned votes_per_person; /* a turn is this many counted votes */
    uint32_t lockout_ms;  /* a press on the same button this soon after its last counted one is not counted */
    uint32_t turn_gap_ms; /* after a turn is complete, presses this soon after are not counted */
    bool stack;           /* may one turn give more than one vote to the same option */
    bool live;            /* show the tally while voting is open (default: hidden until closed) */
} vote_rule;

typedef struct step {
    step_type type;
    const char *title;
    const char *text;
    uint32_t duration_ms;                  /* 0: no timer. interview: per person */
    unsigned group_size;                   /* interview: 2 (pairs) or 3 (trios) */
    const char *prompts[STEP_MAX_PROMPTS]; /* interview/harvest prompts, "Hoe kunnen we…?" items */
    size_t n_prompts;
    const char *probes[STEP_MAX_PROMPTS]; /* interview: follow-up questions */
    size_t n_probes;
    question questions[STEP_MAX_QUESTIONS]; /* vote/rating/open: 1, monitoring: 3 */
    size_t n_questions;
    vote_rule rule;
    const char *show[SCRIPT_MAX_STEPS]; /* results: question ids to show (none: all) */
    size_t n_show;
    unsigned min_n;        /* results: show a chart only from this many answers */
    unsigned line, column; /* where the step starts in its file */
} step;

typedef struct script {
    const char *path;
    const char *id;
    unsigned version;
    const char *language; /* "nl" or "en" */
    const char *title;
    step *steps;
    size_t n_steps;
    arena *arena; /* owns everything above */
} script;

/* The name of a step type in scripts ("welcome", "vote", …), and back (-1 if unknown). */
const char *step_type_name(step_type t);
int step_type_from_name(const char *name);
const char *answer_kind_name(answer_kind k);

/* The three monitoring questions: fixed ids, and their text in "nl" or "en". */
enum { MONITORING_COUNT = 3 };
const char *monitoring_id(size_t i);
const char *monitoring_text(const char *language, size_t i);

/* Defaults the parser applies when a script leaves them out. */
vote_rule vote_rule_default(step_type t);

/* Frees a script and its arena; script_free(NULL) is a no-op. */
void script_free(script *s);

#endif
