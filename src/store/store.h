/* store.h — the durable log: SQLite at DATA_DIR/oogst.db.
 * Writes are queued and committed by a writer thread of the store's own, so the
 * caller never waits for an fsync; an input is acknowledged (ack callback) only
 * after the transaction that holds it has been committed. Reads are synchronous,
 * on a connection of their own, and see committed data only. */
#ifndef OOGST_STORE_H
#define OOGST_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/engine.h"
#include "core/script.h"

typedef struct store store;

enum { STORE_SCHEMA_VERSION = 4 };

typedef struct store_ack {
    int64_t input_id; /* the row id of the input in table inputs */
    uint64_t token;   /* what the caller passed to store_add_input */
    bool counted;
    int button;
} store_ack;

/* Called on the writer thread, after commit, once per input, in queue order.
 * It must be thread-safe (write to a pipe, SDL_PushEvent, print and flush). */
typedef void (*store_ack_fn)(void *ctx, const store_ack *ack);

/* Opens DATA_DIR/oogst.db (creating DATA_DIR and the file if missing), migrates it
 * to STORE_SCHEMA_VERSION, makes the device id on first use and starts the writer.
 * Returns NULL with a message in err on failure. ack may be NULL. */
store *store_open(const char *data_dir, store_ack_fn ack, void *ctx, char *err, size_t errlen);
/* Commits everything queued, stops the writer and closes. NULL is a no-op. */
void store_close(store *st);
/* Blocks until everything queued so far is committed (or failed). 0 ok, -1 a commit failed. */
int store_flush(store *st);
/* The latest error of the writer thread, or "" (a copy is made into buf). A commit that
 * succeeds clears it. */
const char *store_last_error(store *st, char *buf, size_t len);
/* fn(ctx) is called on the writer thread whenever store_last_error changes (so a screen
 * that sleeps can wake and say it). Set it once, before the first write. */
void store_on_error_change(store *st, void (*fn)(void *ctx), void *ctx);

const char *store_device_id(const store *st);

/* Queued writes. They return at once; strings are copied. */

/* Begins a new session for script s (borrowed: it must live until store_close or the
 * next begin/resume). Sessions still marked running become 'interrupted'. */
void store_begin_session(store *st, const script *s, int64_t wall_ms, int64_t mono_ms);
/* Continues an interrupted session: later writes belong to it again. */
void store_resume_session(store *st, int64_t session_id, const script *s, int64_t wall_ms, int64_t mono_ms);
/* The room entered step/part; closed: answering on that step is closed already. */
void store_step_enter(store *st, size_t step_index, unsigned part, bool closed, int64_t wall_ms,
                      int64_t mono_ms);
/* Answering on the current step was closed (true) or reopened (false). */
void store_set_closed(store *st, bool closed, int64_t wall_ms, int64_t mono_ms);
void store_add_input(store *st, const input_record *in, int64_t wall_ms, uint64_t token);
void store_add_event(store *st, const char *name, const char *detail, int64_t wall_ms, int64_t mono_ms);
void store_end_session(store *st, int64_t wall_ms, int64_t mono_ms);

/* Deletes every session with all its rows (steps, questions, options, inputs, answers,
 * events; the device id stays) and makes sure they are gone from the disk: the delete
 * overwrites the freed pages, VACUUM rebuilds the file and the write-ahead log is
 * truncated. Runs on the writer after everything queued before it has been committed
 * (and acked); blocks until done. Fails, wiping nothing, when those earlier writes
 * cannot be committed. Afterwards there is no current session: inputs are dropped
 * until the next store_begin_session. 0 ok, -1 with a message in err. */
int store_wipe(store *st, char *err, size_t errlen);

/* Synchronous reads. */

/* The session the writes go to (valid after store_flush), 0 if none. */
int64_t store_session_id(store *st);

typedef struct store_session {
    int64_t id;
    char script_id[128];
    unsigned script_version;
    char script_path[1024];
    char language[8];
    char state[16]; /* running, finished, interrupted */
    size_t step;
    unsigned part;
    bool closed; /* answering on that step was closed */
    int64_t started_wall_ms;
} store_session;

/* The newest session left 'running' by a program that did not end it (power cut,
 * kill). 1 found, 0 none, -1 error. Call before store_begin_session. */
int store_find_interrupted(store *st, store_session *out);

/* Every counted answer of a session, in order, to rebuild the tally on resume.
 * Stops early and returns the callback's value when it is non-zero. */
typedef int (*store_answer_fn)(void *ctx, size_t step, const char *question_id, int option, int value);
int store_each_answer(store *st, int64_t session_id, store_answer_fn fn, void *ctx);

/* One raw input with its session, step and question, as exported. */
typedef struct store_row {
    const char *device_id;
    int64_t session_id;
    int64_t session_started_ms; /* wall clock, ms since the epoch */
    const char *script_id;
    unsigned script_version;
    size_t step_index; /* from 0 */
    const char *step_type;
    const char *question_id;   /* "" when none */
    const char *question_text; /* "" when none */
    const char *answer_kind;   /* choice, rating, text or "" */
    int option_index;          /* from 1; 0 none */
    const char *option_text;   /* "" when none */
    int value;                 /* 0 none */
    const char *text;          /* "" when none */
    const char *input;         /* button, touch, key, text */
    int button;                /* button/key digit/touch option; 0 none */
    const char *key;           /* key name, "" when none */
    bool counted;
    const char *reason;
    int64_t at_ms;   /* wall clock, ms since the epoch */
    int64_t mono_ms; /* monotonic clock of the session */
    int64_t input_id;
} store_row;

typedef int (*store_row_fn)(void *ctx, const store_row *row);
/* Every raw input of session_id (0: of all sessions), oldest first. Returns 0, -1 on
 * a database error, or the callback's non-zero value. */
int store_each_row(store *st, int64_t session_id, store_row_fn fn, void *ctx);

typedef struct store_stats {
    int64_t sessions;   /* committed sessions */
    int64_t inputs;     /* committed raw inputs */
    int64_t db_bytes;   /* oogst.db plus its -wal file, as on disk */
    int64_t free_bytes; /* free space for an unprivileged user on the data dir's file system */
} store_stats;

/* For the About page. 0 ok, -1 on an error (out is then zeroed). */
int store_get_stats(store *st, store_stats *out);

typedef struct store_trend_point {
    int64_t session_id;
    int64_t started_wall_ms;
    unsigned n;         /* counted answers to the question in this session */
    double mean;        /* mean value for a rating, 0 for text/choice */
    unsigned counts[7]; /* counts[v] for value v 1..6, for ratings; counts[0] unused */
} store_trend_point;

/* The counted answers to question_id in each of the latest `max` sessions (oldest first), this
   session included; n is the number of counted answers, mean the mean of their value (ratings)
   or 0 for text/choice. Returns the number of points written to out, or -1.
   "Latest" is by session id, the order the sessions began in: the wall clock of a box
   without a clock battery may have been wrong at some meetings. */
int store_trend(store *st, const char *question_id, store_trend_point *out, size_t max);

/* The sessions, the questions they asked and the options shown, oldest first: what an
 * export needs besides the rows. Each stops early with the callback's non-zero value. */
typedef struct store_session_row {
    int64_t id, started_ms, ended_ms; /* ended_ms 0: not ended */
    const char *script_id;
    unsigned script_version;
    const char *title, *language, *state;
} store_session_row;
typedef int (*store_session_fn)(void *ctx, const store_session_row *row);
int store_each_session(store *st, store_session_fn fn, void *ctx);

typedef struct store_question_row {
    int64_t session_id;
    size_t step_index;
    const char *question_id, *kind, *text, *step_type;
    unsigned scale; /* a rating's points; 0 for other kinds */
} store_question_row;
typedef int (*store_question_fn)(void *ctx, const store_question_row *row);
int store_each_question(store *st, store_question_fn fn, void *ctx);

typedef struct store_option_row {
    int64_t session_id;
    const char *question_id;
    int option_index; /* from 1 */
    const char *text;
} store_option_row;
typedef int (*store_option_fn)(void *ctx, const store_option_row *row);
int store_each_option(store *st, store_option_fn fn, void *ctx);

/* Like store_each_row, without the session's, question's and option's columns (they are
 * "" in the row): for the export, which has those from the calls above. */
int store_each_input(store *st, int64_t session_id, store_row_fn fn, void *ctx);

/* A consistent copy of the whole database in path (SQLite's backup API, from the read
 * connection: the program goes on writing meanwhile). 0, or -1 with a message. */
int store_backup(store *st, const char *path, char *err, size_t errlen);

#endif
