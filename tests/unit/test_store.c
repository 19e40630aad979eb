/* test_store.c — the durable log on real SQLite files in a temporary directory:
 * opening and pragmas, the device id, round trips, acks only after commit, resume
 * after a crash, migrations, refusal of newer or unwritable databases, a full disk;
 * wiping all data off the disk, the About page's figures, trends across meetings. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/script.h"
#include "store/store.h"
#include "store/store_internal.h"

enum { MAX_ACKS = 2048 };

typedef struct fixture {
    char dir[64];      /* the temporary directory, removed afterwards */
    char data[256];    /* DATA_DIR inside it */
    char db[PATH_MAX]; /* DATA_DIR/oogst.db */
    pthread_mutex_t mu;
    store_ack acks[MAX_ACKS];
    size_t n_acks;
    bool check_visible; /* look the row up through a fresh connection inside the ack */
    size_t visible;
    script *s;
} fixture;

/* ---- helpers ------------------------------------------------------------------------ */

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void on_ack(void *ctx, const store_ack *a)
{
    fixture *f = ctx;
    bool seen = false;
    if (f->check_visible) {
        sqlite3 *db = NULL;
        sqlite3_stmt *q = NULL;
        if (sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
            sqlite3_prepare_v2(db, "SELECT count(*) FROM inputs WHERE id = ?1", -1, &q, NULL) == SQLITE_OK &&
            sqlite3_bind_int64(q, 1, a->input_id) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
            seen = sqlite3_column_int(q, 0) == 1;
        sqlite3_finalize(q);
        sqlite3_close(db);
    }
    pthread_mutex_lock(&f->mu);
    if (f->n_acks < MAX_ACKS)
        f->acks[f->n_acks] = *a;
    f->n_acks++;
    if (seen)
        f->visible++;
    pthread_mutex_unlock(&f->mu);
}

static size_t n_acks(fixture *f)
{
    pthread_mutex_lock(&f->mu);
    size_t n = f->n_acks;
    pthread_mutex_unlock(&f->mu);
    return n;
}

static const char *dup_in(arena *a, const char *s)
{
    return arena_strdup(a, s);
}

/* A hand-made script: welcome, a vote, a rating, an open question. */
static script *make_script(void)
{
    arena *a = arena_new();
    assert_non_null(a);
    script *s = arena_alloc(a, sizeof *s);
    assert_non_null(s);
    s->arena = a;
    s->path = dup_in(a, "content/nl/test.yaml");
    s->id = dup_in(a, "test-sessie");
    s->version = 3;
    s->language = dup_in(a, "nl");
    s->title = dup_in(a, "Testsessie");
    s->n_steps = 4;
    s->steps = arena_alloc(a, s->n_steps * sizeof *s->steps);
    assert_non_null(s->steps);

    step *st = &s->steps[0];
    st->type = STEP_WELCOME;
    st->title = dup_in(a, "Welkom");

    st = &s->steps[1];
    st->type = STEP_VOTE;
    st->title = dup_in(a, "Kiezen");
    st->n_questions = 1;
    st->questions[0].id = dup_in(a, "q-vote");
    st->questions[0].text = dup_in(a, "Waar willen we meer van?");
    st->questions[0].kind = ANSWER_CHOICE;
    st->questions[0].options[0] = dup_in(a, "Tijd, samen");
    st->questions[0].options[1] = dup_in(a, "Koffie \"echt\"");
    st->questions[0].options[2] = dup_in(a, "Ruimte ✓");
    st->questions[0].n_options = 3;
    st->rule = vote_rule_default(STEP_VOTE);

    st = &s->steps[2];
    st->type = STEP_RATING;
    st->title = dup_in(a, "Cijfer");
    st->n_questions = 1;
    st->questions[0].id = dup_in(a, "q-rate");
    st->questions[0].text = dup_in(a, "Hoe was het?");
    st->questions[0].kind = ANSWER_RATING;
    st->questions[0].scale = 5;

    st = &s->steps[3];
    st->type = STEP_OPEN;
    st->title = dup_in(a, "Jouw woord");
    st->n_questions = 1;
    st->questions[0].id = dup_in(a, "q-open");
    st->questions[0].text = dup_in(a, "Eén woord?");
    st->questions[0].kind = ANSWER_TEXT;
    st->questions[0].max_length = 80;
    return s;
}

static input_record button_input(size_t step_index, const char *qid, int button, bool counted, int64_t mono)
{
    input_record in = {
        .source = SRC_BUTTON,
        .button = button,
        .step = step_index,
        .question_id = qid,
        .option = button,
        .counted = counted,
        .reason = counted ? "counted" : "lockout",
        .mono_ms = mono,
    };
    return in;
}

static store *open_store(fixture *f)
{
    char err[256] = "";
    store *st = store_open(f->data, on_ack, f, err, sizeof err);
    if (!st)
        fail_msg("store_open: %s", err);
    return st;
}

/* A fresh connection, as another process would see the file. */
static sqlite3 *peek(fixture *f)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    return db;
}

static long peek_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    long v = (long)sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return v;
}

static void peek_text(sqlite3 *db, const char *sql, char *out, size_t len)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    const char *t = (const char *)sqlite3_column_text(q, 0);
    snprintf(out, len, "%s", t ? t : "(null)");
    sqlite3_finalize(q);
}

static void peek_exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg ? msg : "?");
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    snprintf(f->dir, sizeof f->dir, "/tmp/oogst-store-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->data, sizeof f->data, "%s/var/lib/oogst", f->dir);
    snprintf(f->db, sizeof f->db, "%s/oogst.db", f->data);
    pthread_mutex_init(&f->mu, NULL);
    f->s = make_script();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    chmod(f->dir, 0700); /* a test may have taken write access away */
    nftw(f->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    script_free(f->s);
    pthread_mutex_destroy(&f->mu);
    free(f);
    return 0;
}

/* ---- rows kept from store_each_row -------------------------------------------------- */

typedef struct kept_row {
    store_row r;
    char strs[14][256];
} kept_row;

typedef struct rows {
    kept_row rows[32];
    size_t n;
} rows;

static int keep_row(void *ctx, const store_row *row)
{
    rows *rs = ctx;
    if (rs->n >= 32)
        return 7;
    kept_row *k = &rs->rows[rs->n++];
    k->r = *row;
    const char **fields[] = {&k->r.device_id,     &k->r.script_id,   &k->r.step_type,   &k->r.question_id,
                             &k->r.question_text, &k->r.answer_kind, &k->r.option_text, &k->r.text,
                             &k->r.input,         &k->r.key,         &k->r.reason};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        snprintf(k->strs[i], sizeof k->strs[i], "%s", *fields[i] ? *fields[i] : "(null)");
        *fields[i] = k->strs[i];
    }
    return 0;
}

/* ---- tests -------------------------------------------------------------------------- */

static void test_open_creates_dir_and_db(void **state)
{
    fixture *f = *state;
    mode_t mask = umask(0);
    umask(mask);

    store *st = open_store(f);
    struct stat sb;
    assert_int_equal(stat(f->data, &sb), 0);
    assert_true(S_ISDIR(sb.st_mode));
    assert_int_equal(sb.st_mode & 0777, 0750 & ~mask);
    assert_int_equal(stat(f->db, &sb), 0);

    /* The writer's own connection: full sync and foreign keys are per connection. */
    assert_int_equal(store_test_query_int(st, "PRAGMA synchronous"), 2); /* FULL */
    assert_int_equal(store_test_query_int(st, "PRAGMA foreign_keys"), 1);
    char err[256] = "";
    assert_int_equal(store_test_exec(st,
                                     "INSERT INTO steps_run (session_id, step_index, part, step_type, title,"
                                     " entered_wall_ms, entered_mono_ms) VALUES (999, 0, 0, 'x', 'x', 0, 0)",
                                     err, sizeof err),
                     -1);
    assert_non_null(strstr(err, "FOREIGN KEY"));

    sqlite3 *db = peek(f);
    char mode[16];
    peek_text(db, "PRAGMA journal_mode", mode, sizeof mode);
    assert_string_equal(mode, "wal");
    assert_int_equal(peek_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    assert_int_equal(peek_int(db, "SELECT count(*) FROM device"), 1);
    assert_true(peek_int(db, "SELECT created_wall_ms FROM device") > 1700000000000L);
    sqlite3_close(db);

    char id[17];
    snprintf(id, sizeof id, "%s", store_device_id(st));
    assert_int_equal(strlen(id), 16);
    assert_int_equal(strspn(id, "0123456789abcdef"), 16);
    char buf[64];
    assert_string_equal(store_last_error(st, buf, sizeof buf), "");
    assert_int_equal(store_session_id(st), 0);
    store_close(st);

    st = open_store(f);
    assert_string_equal(store_device_id(st), id);
    store_close(st);
    store_close(NULL); /* no-op */
}

static void test_round_trip(void **state)
{
    fixture *f = *state;
    store *st = open_store(f);
    const int64_t w0 = 1795425302345; /* 2026-11-23 */

    store_begin_session(st, f->s, w0, 1000);
    store_step_enter(st, 0, 0, false, w0 + 1, 1001);
    store_add_event(st, "start", "demo", w0 + 2, 1002);
    store_step_enter(st, 1, 0, false, w0 + 10, 1010);
    input_record in = button_input(1, "q-vote", 2, true, 1020);
    store_add_input(st, &in, w0 + 20, 1);
    in = button_input(1, "q-vote", 2, false, 1030);
    store_add_input(st, &in, w0 + 30, 2);
    store_step_enter(st, 2, 0, false, w0 + 40, 1040);
    in = (input_record){.source = SRC_TOUCH,
                        .button = 4,
                        .step = 2,
                        .question_id = "q-rate",
                        .value = 4,
                        .counted = true,
                        .reason = "counted",
                        .mono_ms = 1050};
    store_add_input(st, &in, w0 + 50, 3);
    store_step_enter(st, 3, 1, false, w0 + 60, 1060);
    char text[] = "Hé, \"wij\"\nsamen ✓";
    in = (input_record){.source = SRC_TEXT,
                        .step = 3,
                        .part = 1,
                        .question_id = "q-open",
                        .text = text,
                        .counted = true,
                        .reason = "counted",
                        .mono_ms = 1070};
    store_add_input(st, &in, w0 + 70, 4);
    text[0] = 'X'; /* the store copied it */
    in = (input_record){.source = SRC_KEY,
                        .button = 3,
                        .key = "3",
                        .step = 3,
                        .part = 1,
                        .reason = "no-question",
                        .mono_ms = 1080};
    store_add_input(st, &in, w0 + 80, 5);
    store_end_session(st, w0 + 90, 1090);
    assert_int_equal(store_flush(st), 0);
    assert_int_equal(n_acks(f), 5);
    int64_t sid = store_session_id(st);
    assert_true(sid > 0);

    rows *rs = calloc(1, sizeof *rs);
    assert_non_null(rs);
    assert_int_equal(store_each_row(st, 0, keep_row, rs), 0);
    assert_int_equal(rs->n, 5);
    const store_row *r = &rs->rows[0].r;
    assert_string_equal(r->device_id, store_device_id(st));
    assert_int_equal(r->session_id, sid);
    assert_int_equal(r->session_started_ms, w0);
    assert_string_equal(r->script_id, "test-sessie");
    assert_int_equal(r->script_version, 3);
    assert_int_equal(r->step_index, 1);
    assert_string_equal(r->step_type, "vote");
    assert_string_equal(r->question_id, "q-vote");
    assert_string_equal(r->question_text, "Waar willen we meer van?");
    assert_string_equal(r->answer_kind, "choice");
    assert_int_equal(r->option_index, 2);
    assert_string_equal(r->option_text, "Koffie \"echt\"");
    assert_int_equal(r->value, 0);
    assert_string_equal(r->text, "");
    assert_string_equal(r->input, "button");
    assert_int_equal(r->button, 2);
    assert_string_equal(r->key, "");
    assert_true(r->counted);
    assert_string_equal(r->reason, "counted");
    assert_int_equal(r->at_ms, w0 + 20);
    assert_int_equal(r->mono_ms, 1020);
    assert_int_equal(r->input_id, f->acks[0].input_id);

    r = &rs->rows[1].r;
    assert_false(r->counted);
    assert_string_equal(r->reason, "lockout");

    r = &rs->rows[2].r;
    assert_string_equal(r->step_type, "rating");
    assert_string_equal(r->answer_kind, "rating");
    assert_string_equal(r->input, "touch");
    assert_int_equal(r->value, 4);
    assert_int_equal(r->option_index, 0);
    assert_string_equal(r->option_text, "");

    r = &rs->rows[3].r;
    assert_string_equal(r->step_type, "open");
    assert_string_equal(r->input, "text");
    assert_string_equal(r->text, "Hé, \"wij\"\nsamen ✓");
    assert_string_equal(r->question_text, "Eén woord?");
    assert_string_equal(r->answer_kind, "text");

    r = &rs->rows[4].r;
    assert_string_equal(r->input, "key");
    assert_string_equal(r->key, "3");
    assert_string_equal(r->question_id, "");
    assert_string_equal(r->question_text, "");
    assert_false(r->counted);

    /* Per session gives the same; an unknown session nothing; a non-zero callback stops. */
    rs->n = 0;
    assert_int_equal(store_each_row(st, sid, keep_row, rs), 0);
    assert_int_equal(rs->n, 5);
    rs->n = 0;
    assert_int_equal(store_each_row(st, sid + 100, keep_row, rs), 0);
    assert_int_equal(rs->n, 0);
    rs->n = 32;
    assert_int_equal(store_each_row(st, 0, keep_row, rs), 7);
    free(rs);

    sqlite3 *db = peek(f);
    char s[64];
    peek_text(db, "SELECT state FROM sessions", s, sizeof s);
    assert_string_equal(s, "finished");
    assert_int_equal(peek_int(db, "SELECT ended_wall_ms FROM sessions"), w0 + 90);
    assert_int_equal(peek_int(db, "SELECT cur_step * 10 + cur_part FROM sessions"), 31);
    assert_int_equal(peek_int(db, "SELECT count(*) FROM steps_run"), 4);
    assert_int_equal(peek_int(db, "SELECT count(*) FROM answers"), 3);
    assert_int_equal(peek_int(db, "SELECT count(*) FROM questions"), 3);
    assert_int_equal(peek_int(db, "SELECT count(*) FROM options"), 3);
    peek_text(db, "SELECT name || '/' || detail || '/' || session_id FROM events", s, sizeof s);
    char want[64];
    snprintf(want, sizeof want, "start/demo/%lld", (long long)sid);
    assert_string_equal(s, want);
    assert_string_equal((peek_text(db, "PRAGMA integrity_check", s, sizeof s), s), "ok");
    sqlite3_close(db);
    store_close(st);
}

static void test_acks_after_commit_in_order(void **state)
{
    fixture *f = *state;
    f->check_visible = true;
    store *st = open_store(f);
    store_begin_session(st, f->s, 1, 1);
    store_step_enter(st, 1, 0, false, 2, 2);
    for (int i = 0; i < 60; i++) {
        input_record in = button_input(1, "q-vote", 1 + i % 3, i % 2 == 0, 10 + i);
        store_add_input(st, &in, 100 + i, 1000 + (uint64_t)i);
        if (i % 17 == 0)
            usleep(2000); /* several batches, not one */
    }
    assert_int_equal(store_flush(st), 0);
    assert_int_equal(n_acks(f), 60);
    assert_int_equal(f->visible, 60);
    for (size_t i = 0; i < 60; i++) {
        assert_int_equal(f->acks[i].token, 1000 + i);
        assert_int_equal(f->acks[i].counted, i % 2 == 0);
        assert_int_equal(f->acks[i].button, 1 + (int)i % 3);
        if (i > 0)
            assert_true(f->acks[i].input_id > f->acks[i - 1].input_id);
    }
    store_close(st);
    assert_int_equal(f->n_acks, 60); /* close acks nothing twice */
}

typedef struct answers {
    size_t n;
    size_t step[8];
    char qid[8][32];
    int option[8], value[8];
} answers;

static int keep_answer(void *ctx, size_t step_index, const char *qid, int option, int value)
{
    answers *a = ctx;
    if (a->n >= 8)
        return 9;
    a->step[a->n] = step_index;
    snprintf(a->qid[a->n], sizeof a->qid[a->n], "%s", qid);
    a->option[a->n] = option;
    a->value[a->n] = value;
    a->n++;
    return 0;
}

static int stop_at_first(void *ctx, size_t step_index, const char *qid, int option, int value)
{
    (void)step_index, (void)qid, (void)option, (void)value;
    ++*(int *)ctx;
    return 42;
}

/* A process that died mid-session: open, begin, inputs, flush, no end, no close of its own. */
static int64_t leave_running_session(fixture *f)
{
    store *st = open_store(f);
    store_begin_session(st, f->s, 5000, 50);
    store_step_enter(st, 1, 0, false, 5001, 51);
    input_record in = button_input(1, "q-vote", 3, true, 52);
    store_add_input(st, &in, 5002, 1);
    in = button_input(1, "q-vote", 3, false, 53);
    store_add_input(st, &in, 5003, 2);
    store_step_enter(st, 2, 1, false, 5004, 54);
    in = (input_record){.source = SRC_BUTTON,
                        .button = 5,
                        .step = 2,
                        .part = 1,
                        .question_id = "q-rate",
                        .value = 5,
                        .counted = true,
                        .reason = "counted",
                        .mono_ms = 55};
    store_add_input(st, &in, 5005, 3);
    store_set_closed(st, true, 5006, 56); /* the facilitator closed the rating */
    assert_int_equal(store_flush(st), 0);
    int64_t sid = store_session_id(st);
    assert_true(sid > 0);
    store_close(st);
    return sid;
}

static void test_interrupted_session_found(void **state)
{
    fixture *f = *state;
    int64_t sid = leave_running_session(f);

    store *st = open_store(f);
    store_session ss;
    assert_int_equal(store_find_interrupted(st, &ss), 1);
    assert_int_equal(ss.id, sid);
    assert_string_equal(ss.state, "running");
    assert_string_equal(ss.script_id, "test-sessie");
    assert_int_equal(ss.script_version, 3);
    assert_string_equal(ss.script_path, "content/nl/test.yaml");
    assert_string_equal(ss.language, "nl");
    assert_int_equal(ss.step, 2);
    assert_int_equal(ss.part, 1);
    assert_true(ss.closed);
    assert_int_equal(ss.started_wall_ms, 5000);

    answers a = {0};
    assert_int_equal(store_each_answer(st, sid, keep_answer, &a), 0);
    assert_int_equal(a.n, 2);
    assert_int_equal(a.step[0], 1);
    assert_string_equal(a.qid[0], "q-vote");
    assert_int_equal(a.option[0], 3);
    assert_int_equal(a.value[0], 0);
    assert_int_equal(a.step[1], 2);
    assert_string_equal(a.qid[1], "q-rate");
    assert_int_equal(a.value[1], 5);
    int calls = 0;
    assert_int_equal(store_each_answer(st, sid, stop_at_first, &calls), 42);
    assert_int_equal(calls, 1);

    /* A new session leaves the old one 'interrupted' for good. */
    store_begin_session(st, f->s, 9000, 90);
    assert_int_equal(store_flush(st), 0);
    assert_true(store_session_id(st) > sid);
    assert_int_equal(store_find_interrupted(st, &ss), 0);
    sqlite3 *db = peek(f);
    char s[32];
    peek_text(db, "SELECT group_concat(state, ',') FROM (SELECT state FROM sessions ORDER BY id)", s,
              sizeof s);
    assert_string_equal(s, "interrupted,running");
    sqlite3_close(db);
    store_close(st);
}

static void test_resume_session(void **state)
{
    fixture *f = *state;
    int64_t sid = leave_running_session(f);

    store *st = open_store(f);
    store_session ss;
    assert_int_equal(store_find_interrupted(st, &ss), 1);
    store_resume_session(st, ss.id, f->s, 7000, 10);
    input_record in = button_input(2, "q-rate", 2, true, 11);
    in.value = 2;
    store_add_input(st, &in, 7001, 9);
    assert_int_equal(store_flush(st), 0);
    assert_int_equal(store_session_id(st), sid);
    assert_int_equal(store_find_interrupted(st, &ss), 0); /* it is ours now */

    answers a = {0};
    assert_int_equal(store_each_answer(st, sid, keep_answer, &a), 0);
    assert_int_equal(a.n, 3);
    assert_int_equal(a.value[2], 2);
    rows *rs = calloc(1, sizeof *rs);
    assert_non_null(rs);
    assert_int_equal(store_each_row(st, sid, keep_row, rs), 0);
    assert_int_equal(rs->n, 4);
    assert_string_equal(rs->rows[3].r.step_type, "rating"); /* linked to the step run before the crash */
    free(rs);

    /* Resuming a session that does not exist is refused, and reported. */
    store_resume_session(st, sid + 50, f->s, 7100, 20);
    assert_int_equal(store_flush(st), -1);
    char err[256];
    assert_non_null(strstr(store_last_error(st, err, sizeof err), "session"));
    assert_int_equal(store_session_id(st), sid);
    store_close(st);
}

static void test_input_without_session_is_not_acked(void **state)
{
    fixture *f = *state;
    store *st = open_store(f);
    input_record in = button_input(0, NULL, 1, false, 1);
    store_add_input(st, &in, 1, 1);
    store_add_event(st, "boot", NULL, 1, 1); /* events need no session */
    assert_int_equal(store_flush(st), -1);
    assert_int_equal(n_acks(f), 0);
    char err[256];
    assert_non_null(strstr(store_last_error(st, err, sizeof err), "session"));
    assert_int_equal(store_flush(st), 0); /* nothing left over */
    store_close(st);
    sqlite3 *db = peek(f);
    assert_int_equal(peek_int(db, "SELECT count(*) FROM events WHERE name = 'boot' AND session_id IS NULL"),
                     1);
    assert_int_equal(peek_int(db, "SELECT count(*) FROM inputs"), 0);
    sqlite3_close(db);
}

static void test_migrates_version_1(void **state)
{
    fixture *f = *state;
    char parent[PATH_MAX];
    snprintf(parent, sizeof parent, "%s/var", f->dir);
    assert_int_equal(mkdir(parent, 0700), 0);
    snprintf(parent, sizeof parent, "%s/var/lib", f->dir);
    assert_int_equal(mkdir(parent, 0700), 0);
    assert_int_equal(mkdir(f->data, 0700), 0);
    char err[256] = "";
    if (store_create_at_version(f->db, 1, err, sizeof err) != 0)
        fail_msg("%s", err);

    sqlite3 *db = peek(f);
    assert_int_equal(peek_int(db, "PRAGMA user_version"), 1);
    peek_exec(db, "INSERT INTO device VALUES (1, '00112233aabbccdd', 1);"
                  "INSERT INTO sessions (id, script_id, script_version, script_path, language, title, state,"
                  " cur_step, cur_part, started_wall_ms, started_mono_ms)"
                  " VALUES (7, 'oud', 1, 'x.yaml', 'en', 'Old', 'finished', 1, 0, 1000, 10);"
                  "INSERT INTO steps_run VALUES (3, 7, 1, 0, 'vote', 'Pick', 1001, 11);"
                  "INSERT INTO questions VALUES (1, 7, 1, 'q-old', 'choice', 'Which?');"
                  "INSERT INTO options VALUES (1, 7, 1, 'q-old', 1, 'This');"
                  "INSERT INTO inputs VALUES (5, 7, 3, 1, 0, 'q-old', 'button', 1, NULL, 1, 0, NULL, 1,"
                  " 'counted', 1002, 12);"
                  "INSERT INTO answers VALUES (1, 5, 7, 1, 'q-old', 1, 0, NULL);");
    assert_int_not_equal(sqlite3_exec(db, "SELECT label FROM sessions", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);

    store *st = open_store(f);
    assert_string_equal(store_device_id(st), "00112233aabbccdd");
    rows *rs = calloc(1, sizeof *rs);
    assert_non_null(rs);
    assert_int_equal(store_each_row(st, 0, keep_row, rs), 0);
    assert_int_equal(rs->n, 1);
    const store_row *r = &rs->rows[0].r;
    assert_int_equal(r->session_id, 7);
    assert_int_equal(r->input_id, 5);
    assert_string_equal(r->step_type, "vote");
    assert_string_equal(r->question_text, "Which?");
    assert_string_equal(r->option_text, "This");
    assert_true(r->counted);
    free(rs);
    answers a = {0};
    assert_int_equal(store_each_answer(st, 7, keep_answer, &a), 0);
    assert_int_equal(a.n, 1);
    store_close(st);

    db = peek(f);
    assert_int_equal(peek_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    assert_int_equal(peek_int(db, "SELECT count(*) FROM sessions WHERE label IS NULL"), 1);
    /* version 3: the old session's vote counts as open */
    assert_int_equal(peek_int(db, "SELECT cur_closed FROM sessions WHERE id = 7"), 0);
    assert_int_equal(peek_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                                  " AND name = 'inputs_session'"),
                     1);
    sqlite3_close(db);
}

static void test_newer_database_refused(void **state)
{
    fixture *f = *state;
    store *st = open_store(f);
    store_close(st);
    sqlite3 *db = peek(f);
    peek_exec(db, "PRAGMA user_version = 99");
    sqlite3_close(db);

    char err[256] = "";
    st = store_open(f->data, NULL, NULL, err, sizeof err);
    assert_null(st);
    assert_non_null(strstr(err, "newer"));
    assert_non_null(strstr(err, "99"));

    db = peek(f);
    assert_int_equal(peek_int(db, "PRAGMA user_version"), 99); /* left alone */
    sqlite3_close(db);
}

static void test_path_under_a_file_refused(void **state)
{
    fixture *f = *state;
    char file[256], data[PATH_MAX];
    snprintf(file, sizeof file, "%s/plain", f->dir);
    FILE *fp = fopen(file, "w");
    assert_non_null(fp);
    fclose(fp);
    snprintf(data, sizeof data, "%s/data", file);
    char err[256] = "";
    assert_null(store_open(data, NULL, NULL, err, sizeof err));
    assert_non_null(strstr(err, "plain"));

    err[0] = '\0';
    assert_null(store_open(file, NULL, NULL, err, sizeof err)); /* a file where the dir should be */
    assert_non_null(strstr(err, "not a directory"));
}

static void test_read_only_dir_refused(void **state)
{
    fixture *f = *state;
    if (geteuid() == 0)
        skip(); /* root writes through file modes; this cannot be shown as root */
    assert_int_equal(chmod(f->dir, 0500), 0);
    char err[256] = "";
    assert_null(store_open(f->data, NULL, NULL, err, sizeof err));
    assert_true(strlen(err) > 0);
    assert_int_equal(chmod(f->dir, 0700), 0);
}

static void test_thousand_inputs_all_acked_once(void **state)
{
    fixture *f = *state;
    store *st = open_store(f);
    store_begin_session(st, f->s, 1, 1);
    store_step_enter(st, 1, 0, false, 2, 2);
    for (uint64_t i = 0; i < 1000; i++) {
        input_record in = button_input(1, "q-vote", 1 + (int)(i % 3), i % 4 == 0, (int64_t)i);
        store_add_input(st, &in, 10 + (int64_t)i, i);
    }
    assert_int_equal(store_flush(st), 0);
    assert_int_equal(n_acks(f), 1000);
    for (uint64_t i = 0; i < 1000; i++)
        assert_int_equal(f->acks[i].token, i); /* in order, so each exactly once */
    store_close(st);
    assert_int_equal(f->n_acks, 1000);
    sqlite3 *db = peek(f);
    assert_int_equal(peek_int(db, "SELECT count(*) FROM inputs"), 1000);
    assert_int_equal(peek_int(db, "SELECT count(*) FROM answers"), 250);
    sqlite3_close(db);
}

/* A full disk: max_page_count makes SQLite answer SQLITE_FULL the way a full SD card
 * would. Nothing is acked, the error is told, and the writes are kept until there is room. */
static void test_full_disk_keeps_and_retries(void **state)
{
    fixture *f = *state;
    store *st = open_store(f);
    store_begin_session(st, f->s, 1, 1);
    store_step_enter(st, 3, 0, false, 2, 2);
    assert_int_equal(store_flush(st), 0);

    long pages = store_test_query_int(st, "PRAGMA page_count");
    assert_true(pages > 0);
    char sql[64], err[256] = "";
    snprintf(sql, sizeof sql, "PRAGMA max_page_count = %ld", pages);
    assert_int_equal(store_test_exec(st, sql, err, sizeof err), 0);

    static char big[20000]; /* spills to overflow pages: every input needs new pages */
    memset(big, 'a', sizeof big - 1);
    for (uint64_t i = 0; i < 20; i++) {
        input_record in = {.source = SRC_TEXT,
                           .step = 3,
                           .question_id = "q-open",
                           .text = big,
                           .counted = true,
                           .reason = "counted",
                           .mono_ms = (int64_t)i};
        store_add_input(st, &in, 100 + (int64_t)i, i);
    }
    assert_int_equal(store_flush(st), -1);
    assert_int_equal(n_acks(f), 0);
    assert_non_null(strstr(store_last_error(st, err, sizeof err), "full"));
    sqlite3 *db = peek(f);
    assert_int_equal(peek_int(db, "SELECT count(*) FROM inputs"), 0);
    sqlite3_close(db);

    /* Room again: the kept writes go in, each acked once, in order, and the error is
     * gone (the screen's "saving does not work" with it). */
    assert_int_equal(store_test_exec(st, "PRAGMA max_page_count = 1000000", err, sizeof err), 0);
    assert_int_equal(store_flush(st), 0);
    assert_string_equal(store_last_error(st, err, sizeof err), "");
    assert_int_equal(n_acks(f), 20);
    for (uint64_t i = 0; i < 20; i++)
        assert_int_equal(f->acks[i].token, i);
    store_close(st);
    db = peek(f);
    assert_int_equal(peek_int(db, "SELECT count(*) FROM inputs"), 20);
    assert_int_equal(peek_int(db, "SELECT count(*) FROM answers"), 20);
    sqlite3_close(db);
}

static void test_create_at_version_bounds(void **state)
{
    fixture *f = *state;
    char path[PATH_MAX], err[128] = "";
    snprintf(path, sizeof path, "%s/x.db", f->dir);
    assert_int_equal(store_create_at_version(path, 0, err, sizeof err), -1);
    assert_int_equal(store_create_at_version(path, STORE_SCHEMA_VERSION + 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "version"));
}

/* ---- wipe, stats, trend ------------------------------------------------------------- */

static long table_rows(sqlite3 *db, const char *table)
{
    char sql[64];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    return peek_int(db, sql);
}

static const char *const data_tables[] = {"sessions", "steps_run", "questions", "options",
                                          "inputs",   "answers",   "events"};

/* The bytes of oogst.db and its log, as stat sees them; a missing log counts 0. */
static int64_t file_size(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        assert_int_equal(errno, ENOENT);
        return 0;
    }
    return (int64_t)sb.st_size;
}

static int64_t db_and_wal(fixture *f)
{
    char wal[PATH_MAX + 8];
    snprintf(wal, sizeof wal, "%s-wal", f->db);
    return file_size(f->db) + file_size(wal);
}

/* Whether needle occurs anywhere in the raw bytes of the file (a missing file: no). */
static bool file_contains(const char *path, const char *needle)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return false;
    size_t nl = strlen(needle), cap = 1 << 20, len = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t got;
    while ((got = fread(buf + len, 1, cap - len, fp)) > 0) {
        len += got;
        if (len == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    fclose(fp);
    bool found = len >= nl && memmem(buf, len, needle, nl) != NULL;
    free(buf);
    return found;
}

static input_record rating_input(int value, bool counted, int64_t mono)
{
    input_record in = {.source = SRC_BUTTON,
                       .button = value,
                       .step = 2,
                       .question_id = "q-rate",
                       .value = value,
                       .counted = counted,
                       .reason = counted ? "counted" : "lockout",
                       .mono_ms = mono};
    return in;
}

/* One session with a step, votes, a rating, text, events; ended. */
static void fill_session(store *st, fixture *f, int64_t w0, uint64_t token0)
{
    store_begin_session(st, f->s, w0, 1);
    store_add_event(st, "start", "demo", w0 + 1, 2);
    store_step_enter(st, 1, 0, false, w0 + 2, 3);
    input_record in = button_input(1, "q-vote", 2, true, 4);
    store_add_input(st, &in, w0 + 3, token0);
    in = button_input(1, "q-vote", 1, false, 5);
    store_add_input(st, &in, w0 + 4, token0 + 1);
    store_step_enter(st, 2, 0, false, w0 + 5, 6);
    in = rating_input(4, true, 7);
    store_add_input(st, &in, w0 + 6, token0 + 2);
    store_end_session(st, w0 + 7, 8);
}

static void test_wipe_removes_everything_but_the_device(void **state)
{
    fixture *f = *state;
    store *st = open_store(f);
    char id[17];
    snprintf(id, sizeof id, "%s", store_device_id(st));
    store_add_event(st, "boot", "no session yet", 1, 1);
    fill_session(st, f, 1000, 1);
    fill_session(st, f, 2000, 10);
    assert_int_equal(store_flush(st), 0);
    sqlite3 *db = peek(f);
    for (size_t i = 0; i < sizeof data_tables / sizeof data_tables[0]; i++)
        assert_true(table_rows(db, data_tables[i]) > 0);
    sqlite3_close(db);

    char err[256] = "";
    if (store_wipe(st, err, sizeof err) != 0)
        fail_msg("store_wipe: %s", err);
    assert_int_equal(store_session_id(st), 0);
    assert_string_equal(store_device_id(st), id);
    rows *rs = calloc(1, sizeof *rs);
    assert_non_null(rs);
    assert_int_equal(store_each_row(st, 0, keep_row, rs), 0);
    assert_int_equal(rs->n, 0);
    free(rs);

    /* No session now: an input is dropped, not acked, and the store says why. */
    size_t acked = n_acks(f);
    input_record in = button_input(1, "q-vote", 1, true, 9);
    store_add_input(st, &in, 3000, 99);
    assert_int_equal(store_flush(st), -1);
    assert_int_equal(n_acks(f), acked);
    assert_non_null(strstr(store_last_error(st, err, sizeof err), "session"));
    store_close(st);

    db = peek(f);
    for (size_t i = 0; i < sizeof data_tables / sizeof data_tables[0]; i++)
        assert_int_equal(table_rows(db, data_tables[i]), 0);
    assert_int_equal(table_rows(db, "device"), 1);
    char kept[32];
    peek_text(db, "SELECT device_id FROM device", kept, sizeof kept);
    assert_string_equal(kept, id);
    assert_int_equal(peek_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    sqlite3_close(db);

    st = open_store(f);
    assert_string_equal(store_device_id(st), id);
    store_close(st);
}

/* The rows must be gone from the disk, not only from the tables: the file shrinks, the
 * log is emptied, and a marker written in the answers is found in neither file. */
static void test_wipe_shrinks_the_file(void **state)
{
    fixture *f = *state;
    static const char marker[] = "GEHEIM-antwoord-7f3a";
    store *st = open_store(f);
    store_begin_session(st, f->s, 1, 1);
    store_step_enter(st, 3, 0, false, 2, 2);
    static char text[3000];
    for (size_t i = 0; i + sizeof marker < sizeof text; i += sizeof marker - 1)
        memcpy(text + i, marker, sizeof marker - 1);
    for (uint64_t i = 0; i < 400; i++) {
        input_record in = {.source = SRC_TEXT,
                           .step = 3,
                           .question_id = "q-open",
                           .text = text,
                           .counted = true,
                           .reason = "counted",
                           .mono_ms = (int64_t)i};
        store_add_input(st, &in, 10 + (int64_t)i, i);
    }
    assert_int_equal(store_flush(st), 0);
    int64_t before = db_and_wal(f);
    assert_true(before > 400 * 2 * 3000); /* the text is in inputs and in answers */
    char wal[PATH_MAX + 8];
    snprintf(wal, sizeof wal, "%s-wal", f->db);
    assert_true(file_contains(f->db, marker) || file_contains(wal, marker));

    char err[256] = "";
    if (store_wipe(st, err, sizeof err) != 0)
        fail_msg("store_wipe: %s", err);
    int64_t after = db_and_wal(f);
    assert_true(after > 0);
    assert_true(after * 20 < before);
    assert_int_equal(file_size(wal), 0); /* truncated, not merely reset */
    assert_false(file_contains(f->db, marker));
    assert_false(file_contains(wal, marker));
    assert_int_equal(store_test_query_int(st, "PRAGMA freelist_count"), 0);
    /* secure_delete is back to what it was (this build's default) */
    assert_int_equal(store_test_query_int(st, "PRAGMA secure_delete"),
                     sqlite3_compileoption_used("SECURE_DELETE"));
    store_close(st);
    assert_false(file_contains(f->db, marker));
}

static void test_wipe_acks_what_was_queued_before(void **state)
{
    fixture *f = *state;
    f->check_visible = true; /* acked only once committed, even though the wipe follows */
    store *st = open_store(f);
    store_begin_session(st, f->s, 1, 1);
    store_step_enter(st, 1, 0, false, 2, 2);
    for (uint64_t i = 0; i < 50; i++) {
        input_record in = button_input(1, "q-vote", 1 + (int)(i % 3), i % 2 == 0, (int64_t)i);
        store_add_input(st, &in, 10 + (int64_t)i, 500 + i);
    }
    char err[256] = "";
    if (store_wipe(st, err, sizeof err) != 0) /* no flush: the wipe must commit them first */
        fail_msg("store_wipe: %s", err);
    assert_int_equal(n_acks(f), 50);
    assert_int_equal(f->visible, 50);
    for (uint64_t i = 0; i < 50; i++) {
        assert_int_equal(f->acks[i].token, 500 + i);
        assert_true(f->acks[i].input_id > 0);
    }
    assert_int_equal(store_flush(st), 0);
    store_close(st);
    assert_int_equal(f->n_acks, 50);
    sqlite3 *db = peek(f);
    assert_int_equal(table_rows(db, "inputs"), 0);
    assert_int_equal(table_rows(db, "sessions"), 0);
    sqlite3_close(db);
}

static void test_wipe_leaves_nothing_to_resume(void **state)
{
    fixture *f = *state;
    leave_running_session(f);
    store *st = open_store(f);
    store_session ss;
    assert_int_equal(store_find_interrupted(st, &ss), 1);
    char err[256] = "";
    if (store_wipe(st, err, sizeof err) != 0)
        fail_msg("store_wipe: %s", err);
    assert_int_equal(store_find_interrupted(st, &ss), 0);

    /* This program's own running session is wiped too: the next start finds nothing. */
    store_begin_session(st, f->s, 10, 10);
    assert_int_equal(store_flush(st), 0);
    assert_int_equal(store_wipe(st, err, sizeof err), 0);
    store_close(st);
    st = open_store(f);
    assert_int_equal(store_find_interrupted(st, &ss), 0);
    store_close(st);
}

static void test_new_session_after_wipe(void **state)
{
    fixture *f = *state;
    store *st = open_store(f);
    fill_session(st, f, 1000, 1);
    assert_int_equal(store_flush(st), 0);
    int64_t before = store_session_id(st);
    char err[256] = "";
    if (store_wipe(st, err, sizeof err) != 0)
        fail_msg("store_wipe: %s", err);
    size_t acked = n_acks(f);
    assert_int_equal(acked, 3);

    store_begin_session(st, f->s, 5000, 1);
    store_step_enter(st, 2, 0, false, 5001, 2);
    input_record in = rating_input(3, true, 3);
    store_add_input(st, &in, 5002, 77);
    assert_int_equal(store_flush(st), 0);
    int64_t sid = store_session_id(st);
    /* ids are not given twice, wipe or not: exports from before and after stay apart */
    assert_true(sid > before);
    assert_int_equal(n_acks(f), acked + 1);
    assert_int_equal(f->acks[acked].token, 77);
    rows *rs = calloc(1, sizeof *rs);
    assert_non_null(rs);
    assert_int_equal(store_each_row(st, 0, keep_row, rs), 0);
    assert_int_equal(rs->n, 1);
    assert_int_equal(rs->rows[0].r.session_id, sid);
    assert_int_equal(rs->rows[0].r.session_started_ms, 5000);
    assert_string_equal(rs->rows[0].r.step_type, "rating");
    assert_string_equal(rs->rows[0].r.question_text, "Hoe was het?");
    assert_int_equal(rs->rows[0].r.value, 3);
    free(rs);
    store_trend_point tp[4];
    assert_int_equal(store_trend(st, "q-rate", tp, 4), 1);
    assert_int_equal(tp[0].session_id, sid);
    store_close(st);
}

/* A wipe behind writes the disk refuses fails at once, wipes nothing, and does not run
 * later by surprise when there is room again. */
static void test_wipe_fails_behind_uncommitted_writes(void **state)
{
    fixture *f = *state;
    store *st = open_store(f);
    store_begin_session(st, f->s, 1, 1);
    store_step_enter(st, 3, 0, false, 2, 2);
    assert_int_equal(store_flush(st), 0);
    long pages = store_test_query_int(st, "PRAGMA page_count");
    char sql[64], err[256] = "";
    snprintf(sql, sizeof sql, "PRAGMA max_page_count = %ld", pages);
    assert_int_equal(store_test_exec(st, sql, err, sizeof err), 0);
    static char big[20000];
    memset(big, 'b', sizeof big - 1);
    for (uint64_t i = 0; i < 5; i++) {
        input_record in = {.source = SRC_TEXT,
                           .step = 3,
                           .question_id = "q-open",
                           .text = big,
                           .counted = true,
                           .reason = "counted",
                           .mono_ms = (int64_t)i};
        store_add_input(st, &in, 100 + (int64_t)i, i);
    }
    assert_int_equal(store_wipe(st, err, sizeof err), -1);
    assert_non_null(strstr(err, "nothing was wiped"));
    assert_int_equal(n_acks(f), 0);

    assert_int_equal(store_test_exec(st, "PRAGMA max_page_count = 1000000", err, sizeof err), 0);
    assert_int_equal(store_flush(st), 0);
    assert_int_equal(n_acks(f), 5);
    assert_true(store_session_id(st) > 0);
    store_close(st);
    sqlite3 *db = peek(f);
    assert_int_equal(table_rows(db, "sessions"), 1);
    assert_int_equal(table_rows(db, "inputs"), 5);
    sqlite3_close(db);
}

static void test_stats(void **state)
{
    fixture *f = *state;
    store *st = open_store(f);
    store_stats ss;
    assert_int_equal(store_get_stats(st, &ss), 0);
    assert_int_equal(ss.sessions, 0);
    assert_int_equal(ss.inputs, 0);
    assert_true(ss.db_bytes > 0);
    assert_true(ss.free_bytes > 0);

    fill_session(st, f, 1000, 1);
    fill_session(st, f, 2000, 10);
    store_begin_session(st, f->s, 3000, 1);
    assert_int_equal(store_flush(st), 0);
    assert_int_equal(store_get_stats(st, &ss), 0);
    assert_int_equal(ss.sessions, 3);
    assert_int_equal(ss.inputs, 6);
    assert_int_equal(ss.db_bytes, db_and_wal(f));
    assert_true(ss.free_bytes > 0);
    struct statvfs vs;
    assert_int_equal(statvfs(f->data, &vs), 0);
    assert_true(ss.free_bytes <= (int64_t)vs.f_bfree * (int64_t)vs.f_frsize);

    char err[256] = "";
    assert_int_equal(store_wipe(st, err, sizeof err), 0);
    assert_int_equal(store_get_stats(st, &ss), 0);
    assert_int_equal(ss.sessions, 0);
    assert_int_equal(ss.inputs, 0);
    assert_int_equal(ss.db_bytes, file_size(f->db)); /* the log is empty */
    store_close(st);
    assert_int_equal(store_get_stats(NULL, &ss), -1);
}

/* Ratings of q-rate over four meetings; the second has no rating answer. */
static void test_trend(void **state)
{
    fixture *f = *state;
    store *st = open_store(f);
    static const int ratings[4][5] = {{5, 4}, {0}, {1, 2, 2, 3}, {3}};
    int64_t sid[4];
    uint64_t token = 0;
    for (int s = 0; s < 4; s++) {
        store_begin_session(st, f->s, 1000 * (s + 1), 1);
        store_step_enter(st, 1, 0, false, 1000 * (s + 1) + 1, 2);
        input_record in = button_input(1, "q-vote", 1 + s % 3, true, 3);
        store_add_input(st, &in, 1000 * (s + 1) + 2, token++);
        store_step_enter(st, 2, 0, false, 1000 * (s + 1) + 3, 4);
        for (int i = 0; i < 5 && ratings[s][i]; i++) {
            in = rating_input(ratings[s][i], true, 5 + i);
            store_add_input(st, &in, 1000 * (s + 1) + 5 + i, token++);
        }
        in = rating_input(6, false, 20); /* not counted: not in the trend */
        store_add_input(st, &in, 1000 * (s + 1) + 20, token++);
        store_end_session(st, 1000 * (s + 1) + 30, 30);
        assert_int_equal(store_flush(st), 0);
        sid[s] = store_session_id(st);
    }

    store_trend_point tp[8];
    memset(tp, 0xff, sizeof tp);
    assert_int_equal(store_trend(st, "q-rate", tp, 8), 3);
    assert_int_equal(tp[0].session_id, sid[0]);
    assert_int_equal(tp[0].started_wall_ms, 1000);
    assert_int_equal(tp[0].n, 2);
    assert_true(fabs(tp[0].mean - 4.5) < 1e-9);
    assert_int_equal(tp[0].counts[4], 1);
    assert_int_equal(tp[0].counts[5], 1);
    assert_int_equal(tp[0].counts[6], 0);
    assert_int_equal(tp[1].session_id, sid[2]); /* sid[1] has no answers to q-rate */
    assert_int_equal(tp[1].started_wall_ms, 3000);
    assert_int_equal(tp[1].n, 4);
    assert_true(fabs(tp[1].mean - 2.0) < 1e-9);
    assert_int_equal(tp[1].counts[1], 1);
    assert_int_equal(tp[1].counts[2], 2);
    assert_int_equal(tp[1].counts[3], 1);
    assert_int_equal(tp[1].counts[4], 0);
    assert_int_equal(tp[2].session_id, sid[3]);
    assert_int_equal(tp[2].n, 1);
    assert_true(fabs(tp[2].mean - 3.0) < 1e-9);
    assert_int_equal(tp[2].counts[3], 1);
    assert_int_equal(tp[2].counts[0], 0);
    assert_int_equal(tp[3].session_id, -1); /* nothing written past the points */

    /* max keeps the latest ones, still oldest first */
    memset(tp, 0xff, sizeof tp);
    assert_int_equal(store_trend(st, "q-rate", tp, 2), 2);
    assert_int_equal(tp[0].session_id, sid[2]);
    assert_int_equal(tp[1].session_id, sid[3]);
    assert_int_equal(tp[2].session_id, -1);
    assert_int_equal(store_trend(st, "q-rate", tp, 1), 1);
    assert_int_equal(tp[0].session_id, sid[3]);
    assert_int_equal(store_trend(st, "q-rate", tp, 0), 0);

    /* a choice: counted answers, no mean, no value counts */
    assert_int_equal(store_trend(st, "q-vote", tp, 8), 4);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(tp[i].session_id, sid[i]);
        assert_int_equal(tp[i].n, 1);
        assert_true(tp[i].mean == 0.0);
        for (int v = 0; v < 7; v++)
            assert_int_equal(tp[i].counts[v], 0);
    }
    assert_int_equal(store_trend(st, "nope", tp, 8), 0);
    assert_int_equal(store_trend(st, NULL, tp, 8), -1);
    assert_int_equal(store_trend(NULL, "q-rate", tp, 8), -1);
    store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_creates_dir_and_db, setup, teardown),
        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_acks_after_commit_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_interrupted_session_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resume_session, setup, teardown),
        cmocka_unit_test_setup_teardown(test_input_without_session_is_not_acked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrates_version_1, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newer_database_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_path_under_a_file_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_only_dir_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_thousand_inputs_all_acked_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_full_disk_keeps_and_retries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_at_version_bounds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wipe_removes_everything_but_the_device, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wipe_shrinks_the_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wipe_acks_what_was_queued_before, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wipe_leaves_nothing_to_resume, setup, teardown),
        cmocka_unit_test_setup_teardown(test_new_session_after_wipe, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wipe_fails_behind_uncommitted_writes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stats, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trend, setup, teardown),
    };
    return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
