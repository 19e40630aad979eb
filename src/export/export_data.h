/* export_data.h — what an export holds, read from the log once and handed to every file
 * writer (the workbook, the CSV files, the report): sessions, the questions they asked,
 * and every raw input, with times already rounded when the config asks for privacy.
 * The writers see only this, never the store. */
#ifndef OOGST_EXPORT_DATA_H
#define OOGST_EXPORT_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/script.h"

enum { EXPORT_NONE = (size_t)-1 };

typedef struct export_session {
    int64_t id;
    int64_t started_ms; /* wall clock, ms since the epoch (rounded down when rounding is on) */
    int64_t ended_ms;   /* 0: not ended (interrupted, or still running) */
    const char *script_id;
    unsigned script_version;
    const char *title;
    const char *language;
    const char *state; /* running, finished, interrupted */
    size_t first_question, n_questions; /* its questions: data->questions[first_question ...] */
    size_t n_inputs, n_counted;
    size_t first_input; /* no input of this session comes before data->inputs[first_input] */
} export_session;

typedef struct export_question {
    size_t session;     /* index into data->sessions */
    size_t step_index;  /* from 0 */
    const char *step_type;
    const char *id;     /* stable across sessions: mon-waarde, ... */
    const char *text;   /* as shown */
    answer_kind kind;   /* ANSWER_CHOICE, ANSWER_RATING or ANSWER_TEXT */
    unsigned n_points;  /* choice: options; rating: points on the scale; text: 0 */
    const char *labels[SCRIPT_MAX_OPTIONS]; /* the option texts / rating labels, "" when none */
} export_question;

typedef struct export_input {
    size_t session;  /* index into data->sessions */
    size_t question; /* index into data->questions, or EXPORT_NONE */
    size_t step_index;
    const char *step_type;
    int option;       /* from 1; 0 none */
    int value;        /* a rating's value; 0 none */
    const char *text; /* "" when none */
    const char *input; /* button, touch, key, text */
    int button;
    bool counted;
    const char *reason;
    int64_t at_ms; /* wall clock (rounded when rounding is on) */
    int64_t id;    /* the row id in the log */
} export_input;

typedef struct export_data {
    const char *device_id;
    export_session *sessions;
    size_t n_sessions;
    export_question *questions;
    size_t n_questions;
    export_input *inputs; /* oldest first */
    size_t n_inputs;
    struct export_tally *tallies; /* per question, counted once (export_tally_of) */
    int64_t made_ms;   /* when the export was made */
    int round_minutes; /* 0, or times were rounded down to this many minutes */
    arena *arena;      /* owns all of the above */
} export_data;

/* The counted answers to one question: per option/value (1..12) and in all, and for a
 * rating the mean value (0 when n is 0). */
typedef struct export_tally {
    unsigned n;
    unsigned counts[SCRIPT_MAX_OPTIONS + 1];
    double mean;
} export_tally;

void export_tally_of(const export_data *d, size_t qi, export_tally *out);
/* Counts every question's answers in one pass over the inputs (export_collect does it;
 * data made by hand, as in tests, may skip it: export_tally_of then counts itself). */
int export_count(export_data *d);

/* localtime_r(sec), fast: a large export formats a time or two per row. False when the
 * time cannot be converted. */
struct tm;
bool export_local_time(int64_t sec, struct tm *out);

/* The questions with this id across the sessions of the export, oldest session first
 * (the series a monitoring question makes). Writes at most max indexes; returns how
 * many there are. */
size_t export_series(const export_data *d, const char *question_id, size_t *out, size_t max);

/* Frees the data; NULL-safe. */
void export_data_free(export_data *d);

#endif
