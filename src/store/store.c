/* store.c — the durable log: owns DATA_DIR/oogst.db, its schema and migrations, the
 * device id, the write queue and the writer thread that group-commits it, and the
 * synchronous reads (resume, export) on a second connection. */
#include "store/store.h"
#include "core/msg.h"
#include "store/store_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

enum {
    BUSY_TIMEOUT_MS = 5000,
    COMMIT_TRIES = 4,     /* attempts of one batch before the flushers hear "failed" */
    RETRY_FIRST_MS = 50,  /* doubled after each failed attempt */
    RETRY_IDLE_MS = 2000, /* then the batch waits this long (or a new write) and tries again */
    ERR_LEN = 256,
};

/* ---- schema ------------------------------------------------------------------------- */

/* Forward migrations: entry i takes the schema from version i to version i+1. Never
 * edit a released entry; add one. */
static const char *const migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE device ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  device_id TEXT NOT NULL CHECK (length(device_id) = 16),"
    "  created_wall_ms INTEGER NOT NULL);"
    "CREATE TABLE sessions ("
    "  id INTEGER PRIMARY KEY,"
    "  script_id TEXT NOT NULL,"
    "  script_version INTEGER NOT NULL,"
    "  script_path TEXT NOT NULL,"
    "  language TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  state TEXT NOT NULL CHECK (state IN ('running', 'finished', 'interrupted')),"
    "  cur_step INTEGER NOT NULL DEFAULT 0,"
    "  cur_part INTEGER NOT NULL DEFAULT 0,"
    "  started_wall_ms INTEGER NOT NULL,"
    "  started_mono_ms INTEGER NOT NULL,"
    "  ended_wall_ms INTEGER,"
    "  ended_mono_ms INTEGER);"
    "CREATE INDEX sessions_state ON sessions(state);"
    "CREATE TABLE steps_run ("
    "  id INTEGER PRIMARY KEY,"
    "  session_id INTEGER NOT NULL REFERENCES sessions(id),"
    "  step_index INTEGER NOT NULL,"
    "  part INTEGER NOT NULL,"
    "  step_type TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  entered_wall_ms INTEGER NOT NULL,"
    "  entered_mono_ms INTEGER NOT NULL);"
    "CREATE INDEX steps_run_session ON steps_run(session_id, step_index);"
    "CREATE TABLE questions ("
    "  id INTEGER PRIMARY KEY,"
    "  session_id INTEGER NOT NULL REFERENCES sessions(id),"
    "  step_index INTEGER NOT NULL,"
    "  question_id TEXT NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  text TEXT NOT NULL,"
    "  UNIQUE (session_id, question_id));"
    "CREATE TABLE options ("
    "  id INTEGER PRIMARY KEY,"
    "  session_id INTEGER NOT NULL REFERENCES sessions(id),"
    "  step_index INTEGER NOT NULL,"
    "  question_id TEXT NOT NULL,"
    "  option_index INTEGER NOT NULL CHECK (option_index >= 1),"
    "  text TEXT NOT NULL,"
    "  UNIQUE (session_id, question_id, option_index));"
    "CREATE TABLE inputs ("
    "  id INTEGER PRIMARY KEY,"
    "  session_id INTEGER NOT NULL REFERENCES sessions(id),"
    "  step_run_id INTEGER REFERENCES steps_run(id),"
    "  step_index INTEGER NOT NULL,"
    "  part INTEGER NOT NULL,"
    "  question_id TEXT,"
    "  source TEXT NOT NULL CHECK (source IN ('button', 'touch', 'key', 'text')),"
    "  button INTEGER NOT NULL,"
    "  key TEXT,"
    "  option INTEGER NOT NULL,"
    "  value INTEGER NOT NULL,"
    "  text TEXT,"
    "  counted INTEGER NOT NULL CHECK (counted IN (0, 1)),"
    "  reason TEXT NOT NULL,"
    "  wall_ms INTEGER NOT NULL,"
    "  mono_ms INTEGER NOT NULL);"
    "CREATE TABLE answers ("
    "  id INTEGER PRIMARY KEY,"
    "  input_id INTEGER NOT NULL UNIQUE REFERENCES inputs(id),"
    "  session_id INTEGER NOT NULL REFERENCES sessions(id),"
    "  step_index INTEGER NOT NULL,"
    "  question_id TEXT,"
    "  option INTEGER NOT NULL,"
    "  value INTEGER NOT NULL,"
    "  text TEXT);"
    "CREATE INDEX answers_session ON answers(session_id, id);"
    "CREATE TABLE events ("
    "  id INTEGER PRIMARY KEY,"
    "  session_id INTEGER REFERENCES sessions(id),"
    "  name TEXT NOT NULL,"
    "  detail TEXT NOT NULL,"
    "  wall_ms INTEGER NOT NULL,"
    "  mono_ms INTEGER NOT NULL);",

    /* 1 -> 2: a team label the facilitator may type later; reads of one session by id */
    "ALTER TABLE sessions ADD COLUMN label TEXT;"
    "CREATE INDEX inputs_session ON inputs(session_id, id);",

    /* 2 -> 3: whether voting on the current step was closed, so a resumed session
     * does not reopen a vote the facilitator had closed */
    "ALTER TABLE sessions ADD COLUMN cur_closed INTEGER NOT NULL DEFAULT 0;",

    /* 3 -> 4: a rating's number of points (the export draws its scale); and the highest
     * session id ever given, so that ids are not given again after a wipe (exports of
     * before and after must not share device and session id) */
    "ALTER TABLE questions ADD COLUMN scale INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE device ADD COLUMN last_session_id INTEGER NOT NULL DEFAULT 0;"
    /* an input's option text is looked up per row: without this, every row scans them */
    "CREATE INDEX options_question ON options(session_id, question_id, option_index);",
};

_Static_assert(sizeof migrations / sizeof migrations[0] == STORE_SCHEMA_VERSION,
               "one migration per schema version");

/* ---- the queue ---------------------------------------------------------------------- */

typedef enum item_kind {
    IT_BEGIN,
    IT_RESUME,
    IT_STEP,
    IT_CLOSED,
    IT_INPUT,
    IT_EVENT,
    IT_END,
    IT_WIPE
} item_kind;

/* The outcome of a wipe, on the stack of the store_wipe that waits for it; guarded by mu. */
typedef struct wipe_job {
    bool done;
    int ret;
    char err[ERR_LEN];
} wipe_job;

/* One queued write. It owns copies of its strings: the caller's live only until the
 * next engine call. The script is borrowed, as store.h documents. */
typedef struct item {
    struct item *next;
    item_kind kind;
    uint64_t seq;
    int64_t wall_ms, mono_ms;
    const script *s;    /* begin, resume */
    int64_t session_id; /* resume */
    size_t step;
    unsigned part;
    bool closed; /* step, closed: answering on the step is closed */
    /* input */
    input_source source;
    int button, option, value;
    bool counted;
    char *key, *text, *question_id, *reason;
    uint64_t token;
    int64_t row_id; /* set by the writer, handed to the ack after commit */
    /* event */
    char *name, *detail;
    /* wipe: NULL once the waiting store_wipe has been told it failed, so it never runs */
    wipe_job *job;
} item;

/* Where writes go; owned by the writer thread, saved and restored around a batch so
 * a rolled-back batch leaves no trace in it. */
typedef struct cursor {
    int64_t session;
    const script *s;
    int64_t step_run;
} cursor;

enum {
    W_BEGIN,
    W_COMMIT,
    W_ROLLBACK,
    W_INTERRUPT,
    W_INS_SESSION,
    W_INS_QUESTION,
    W_INS_OPTION,
    W_RESUME,
    W_LAST_STEP_RUN,
    W_INS_STEP,
    W_SET_STEP,
    W_SET_CLOSED,
    W_INS_INPUT,
    W_INS_ANSWER,
    W_INS_EVENT,
    W_END,
    /* wipe: OFF, ON and FAST in the order of the values PRAGMA secure_delete reports */
    W_SECURE_GET,
    W_SECURE_OFF,
    W_SECURE_ON,
    W_SECURE_FAST,
    W_DEL_ANSWERS, /* the W_DEL_* run in this order, children before their parents */
    W_DEL_INPUTS,
    W_DEL_EVENTS,
    W_DEL_OPTIONS,
    W_DEL_QUESTIONS,
    W_DEL_STEPS,
    W_KEEP_LAST_ID,
    W_DEL_SESSIONS,
    W_VACUUM,
    W_CHECKPOINT,
    W_COUNT
};

static const char *const writer_sql[W_COUNT] = {
    [W_BEGIN] = "BEGIN IMMEDIATE",
    [W_COMMIT] = "COMMIT",
    [W_ROLLBACK] = "ROLLBACK",
    [W_INTERRUPT] = "UPDATE sessions SET state = 'interrupted' WHERE state = 'running' AND id != ?1",
    [W_INS_SESSION] = "INSERT INTO sessions (id, script_id, script_version, script_path, language, title,"
                      " state, cur_step, cur_part, started_wall_ms, started_mono_ms)"
                      " VALUES (max(coalesce((SELECT max(id) FROM sessions), 0),"
                      "             coalesce((SELECT last_session_id FROM device WHERE id = 1), 0)) + 1,"
                      "         ?1, ?2, ?3, ?4, ?5, 'running', 0, 0, ?6, ?7)",
    [W_INS_QUESTION] =
        "INSERT OR IGNORE INTO questions (session_id, step_index, question_id, kind, text, scale)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [W_INS_OPTION] = "INSERT OR IGNORE INTO options (session_id, step_index, question_id, option_index, text)"
                     " VALUES (?1, ?2, ?3, ?4, ?5)",
    [W_RESUME] = "UPDATE sessions SET state = 'running', ended_wall_ms = NULL, ended_mono_ms = NULL"
                 " WHERE id = ?1",
    [W_LAST_STEP_RUN] = "SELECT max(id) FROM steps_run WHERE session_id = ?1",
    [W_INS_STEP] = "INSERT INTO steps_run (session_id, step_index, part, step_type, title,"
                   " entered_wall_ms, entered_mono_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [W_SET_STEP] = "UPDATE sessions SET cur_step = ?2, cur_part = ?3, cur_closed = ?4 WHERE id = ?1",
    [W_SET_CLOSED] = "UPDATE sessions SET cur_closed = ?2 WHERE id = ?1",
    [W_INS_INPUT] = "INSERT INTO inputs (session_id, step_run_id, step_index, part, question_id, source,"
                    " button, key, option, value, text, counted, reason, wall_ms, mono_ms)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    [W_INS_ANSWER] =
        "INSERT INTO answers (input_id, session_id, step_index, question_id, option, value, text)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [W_INS_EVENT] = "INSERT INTO events (session_id, name, detail, wall_ms, mono_ms)"
                    " VALUES (?1, ?2, ?3, ?4, ?5)",
    [W_END] = "UPDATE sessions SET state = 'finished', ended_wall_ms = ?2, ended_mono_ms = ?3"
              " WHERE id = ?1",
    [W_SECURE_GET] = "PRAGMA secure_delete",
    [W_SECURE_OFF] = "PRAGMA secure_delete = OFF",
    [W_SECURE_ON] = "PRAGMA secure_delete = ON",
    [W_SECURE_FAST] = "PRAGMA secure_delete = FAST",
    [W_DEL_ANSWERS] = "DELETE FROM answers",
    [W_DEL_INPUTS] = "DELETE FROM inputs",
    [W_DEL_EVENTS] = "DELETE FROM events", /* those of no session too: they may name one */
    [W_DEL_OPTIONS] = "DELETE FROM options",
    [W_DEL_QUESTIONS] = "DELETE FROM questions",
    [W_DEL_STEPS] = "DELETE FROM steps_run",
    [W_KEEP_LAST_ID] = "UPDATE device SET last_session_id ="
                       " max(last_session_id, coalesce((SELECT max(id) FROM sessions), 0)) WHERE id = 1",
    [W_DEL_SESSIONS] = "DELETE FROM sessions",
    [W_VACUUM] = "VACUUM",
    [W_CHECKPOINT] = "PRAGMA wal_checkpoint(TRUNCATE)",
};

_Static_assert(W_SECURE_ON - W_SECURE_OFF == 1 && W_SECURE_FAST - W_SECURE_OFF == 2,
               "secure_delete statements in the order of the pragma's values");

enum {
    R_INTERRUPTED,
    R_ANSWERS,
    R_ROWS,
    R_STATS,
    R_TREND,
    R_SESSIONS,
    R_QUESTIONS,
    R_OPTIONS,
    R_INPUTS,
    R_COUNT
};

static const char *const reader_sql[R_COUNT] = {
    [R_INTERRUPTED] = "SELECT id, script_id, script_version, script_path, language, state, cur_step,"
                      " cur_part, started_wall_ms, cur_closed FROM sessions"
                      " WHERE state = 'running' AND id != ?1 ORDER BY id DESC LIMIT 1",
    [R_ANSWERS] = "SELECT step_index, coalesce(question_id, ''), option, value FROM answers"
                  " WHERE session_id = ?1 ORDER BY id",
    /* The step type comes from the step run the input was logged in; an input logged
     * for another step than the last one entered falls back to that step's latest run. */
    [R_ROWS] = "SELECT coalesce(d.device_id, ''), s.id, s.started_wall_ms, s.script_id, s.script_version,"
               " i.step_index,"
               " coalesce(CASE WHEN sr.step_index = i.step_index THEN sr.step_type END,"
               "          (SELECT x.step_type FROM steps_run x WHERE x.session_id = i.session_id"
               "           AND x.step_index = i.step_index ORDER BY x.id DESC LIMIT 1), ''),"
               " coalesce(i.question_id, ''), coalesce(q.text, ''), coalesce(q.kind, ''),"
               " i.option, coalesce(o.text, ''), i.value, coalesce(i.text, ''), i.source, i.button,"
               " coalesce(i.key, ''), i.counted, i.reason, i.wall_ms, i.mono_ms, i.id"
               " FROM inputs i"
               " JOIN sessions s ON s.id = i.session_id"
               " LEFT JOIN device d ON d.id = 1"
               " LEFT JOIN steps_run sr ON sr.id = i.step_run_id"
               " LEFT JOIN questions q ON q.session_id = i.session_id AND q.question_id = i.question_id"
               " LEFT JOIN options o ON o.session_id = i.session_id AND o.question_id = i.question_id"
               "  AND o.option_index = i.option"
               " WHERE ?1 = 0 OR i.session_id = ?1"
               " ORDER BY i.id",
    [R_STATS] = "SELECT (SELECT count(*) FROM sessions), (SELECT count(*) FROM inputs)",
    /* The latest ?2 sessions with answers to ?1, newest first inside, oldest first out.
     * The kind comes from the session's own copy of the question: a script may have
     * turned a question into another kind between meetings. */
    [R_TREND] = "SELECT id, started_wall_ms, n, mean, c1, c2, c3, c4, c5, c6 FROM ("
                " SELECT s.id AS id, s.started_wall_ms AS started_wall_ms, count(*) AS n,"
                "  CASE WHEN max(q.kind) = 'rating' THEN avg(a.value) ELSE 0.0 END AS mean,"
                "  count(CASE WHEN q.kind = 'rating' AND a.value = 1 THEN 1 END) AS c1,"
                "  count(CASE WHEN q.kind = 'rating' AND a.value = 2 THEN 1 END) AS c2,"
                "  count(CASE WHEN q.kind = 'rating' AND a.value = 3 THEN 1 END) AS c3,"
                "  count(CASE WHEN q.kind = 'rating' AND a.value = 4 THEN 1 END) AS c4,"
                "  count(CASE WHEN q.kind = 'rating' AND a.value = 5 THEN 1 END) AS c5,"
                "  count(CASE WHEN q.kind = 'rating' AND a.value = 6 THEN 1 END) AS c6"
                " FROM answers a"
                " JOIN sessions s ON s.id = a.session_id"
                " LEFT JOIN questions q ON q.session_id = a.session_id AND q.question_id = a.question_id"
                " WHERE a.question_id = ?1"
                " GROUP BY s.id ORDER BY s.id DESC LIMIT ?2)"
                " ORDER BY id",
    [R_SESSIONS] = "SELECT id, started_wall_ms, coalesce(ended_wall_ms, 0), script_id, script_version, title,"
                   " language, state FROM sessions ORDER BY id",
    [R_QUESTIONS] = "SELECT q.session_id, q.step_index, q.question_id, q.kind, q.text, q.scale,"
                    " coalesce((SELECT x.step_type FROM steps_run x WHERE x.session_id = q.session_id"
                    "           AND x.step_index = q.step_index ORDER BY x.id DESC LIMIT 1), '')"
                    " FROM questions q ORDER BY q.session_id, q.step_index, q.id",
    [R_OPTIONS] = "SELECT session_id, question_id, option_index, text FROM options ORDER BY session_id, id",
    /* The inputs alone, for an export that joins questions and options itself: the
     * joins of R_ROWS per row would be most of the time of a large export. */
    [R_INPUTS] = "SELECT i.session_id, i.step_index,"
                 " coalesce(CASE WHEN sr.step_index = i.step_index THEN sr.step_type END,"
                 "          (SELECT x.step_type FROM steps_run x WHERE x.session_id = i.session_id"
                 "           AND x.step_index = i.step_index ORDER BY x.id DESC LIMIT 1), ''),"
                 " coalesce(i.question_id, ''), i.option, i.value, coalesce(i.text, ''), i.source, i.button,"
                 " i.counted, i.reason, i.wall_ms, i.mono_ms, i.id"
                 " FROM inputs i LEFT JOIN steps_run sr ON sr.id = i.step_run_id"
                 " WHERE ?1 = 0 OR i.session_id = ?1 ORDER BY i.id",
};

struct store {
    sqlite3 *wdb; /* the writer thread's (and store_open's, before the thread starts) */
    sqlite3 *rdb; /* the caller's, for reads */
    sqlite3_stmt *w[W_COUNT];
    sqlite3_stmt *r[R_COUNT];
    char device_id[17];
    char dir[PATH_MAX];  /* DATA_DIR, for the free space */
    char path[PATH_MAX]; /* DATA_DIR/oogst.db, for its size */
    store_ack_fn ack;
    void *ctx;
    pthread_t thread;
    bool thread_started;
    cursor cur; /* writer thread only */

    /* Everything below is guarded by mu. */
    pthread_mutex_t mu;
    pthread_cond_t work; /* to the writer: something queued, a flush, or stop */
    pthread_cond_t done; /* to flushers: a batch was committed or failed */
    item *head, *tail;
    uint64_t queued_seq;   /* seq of the last item queued */
    uint64_t resolved_seq; /* every item up to this seq is committed (or was dropped) */
    uint64_t fail_gen;     /* bumped whenever a batch fails to commit */
    uint64_t dropped_seq;  /* seq of the latest item dropped as impossible to store */
    uint64_t flushed_seq;  /* queued_seq when store_flush was last called */
    uint64_t kick;         /* bumped by enqueue and flush, ends a retry wait early */
    bool stop;
    int64_t session_pub; /* cur.session as last committed */
    char last_error[ERR_LEN];
    bool commit_failing; /* last_error says a commit failed: the next good commit clears it */
    void (*on_error)(void *ctx); /* store_on_error_change */
    void *on_error_ctx;
};

/* ---- small helpers ------------------------------------------------------------------ */

static void record_error(store *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Keeps the writer's latest error for store_last_error and says it in the journal. */
static void record_error(store *st, const char *fmt, ...)
{
    char buf[ERR_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    pthread_mutex_lock(&st->mu);
    memcpy(st->last_error, buf, sizeof buf);
    st->commit_failing = false; /* a failed commit says so itself, after this */
    pthread_mutex_unlock(&st->mu);
    if (st->on_error)
        st->on_error(st->on_error_ctx);
    fprintf(stderr, "oogst: store: %s\n", buf);
}

static char *dup_or_null(const char *s, bool *oom)
{
    if (!s)
        return NULL;
    char *p = strdup(s);
    if (!p)
        *oom = true;
    return p;
}

static void item_free(item *it)
{
    if (!it)
        return;
    free(it->key);
    free(it->text);
    free(it->question_id);
    free(it->reason);
    free(it->name);
    free(it->detail);
    free(it);
}

static void items_free(item *it)
{
    while (it) {
        item *next = it->next;
        item_free(it);
        it = next;
    }
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* ---- opening ------------------------------------------------------------------------ */

/* mkdir -p with mode 0750 for the parts it creates: the data may be personal. */
static int make_dirs(const char *dir, char *err, size_t len)
{
    char path[PATH_MAX];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof path) {
        msg_set(err, len, "data directory '%s': empty or too long", dir);
        return -1;
    }
    memcpy(path, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        char c = path[i];
        path[i] = '\0';
        if (mkdir(path, 0750) != 0 && errno != EEXIST) {
            msg_set(err, len, "cannot create data directory %s: %s", path, strerror(errno));
            return -1;
        }
        path[i] = c;
    }
    struct stat sb;
    if (stat(dir, &sb) != 0) {
        msg_set(err, len, "data directory %s: %s", dir, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(sb.st_mode)) {
        msg_set(err, len, "data directory %s exists but is not a directory", dir);
        return -1;
    }
    return 0;
}

static int exec_sql(sqlite3 *db, const char *sql, char *err, size_t len)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        msg_set(err, len, "%s (while running: %.60s)", msg ? msg : sqlite3_errstr(rc), sql);
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int query_int(sqlite3 *db, const char *sql, long *out, char *err, size_t len)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) {
            *out = (long)sqlite3_column_int64(stmt, 0);
            rc = SQLITE_OK;
        } else if (rc == SQLITE_DONE) {
            rc = SQLITE_ERROR;
        }
    }
    if (rc != SQLITE_OK)
        msg_set(err, len, "%s: %s", sql, sqlite3_errmsg(db));
    sqlite3_finalize(stmt);
    return rc == SQLITE_OK ? 0 : -1;
}

static sqlite3 *open_db(const char *path, int flags, char *err, size_t len)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_FULLMUTEX, NULL);
    if (rc != SQLITE_OK) {
        msg_set(err, len, "cannot open %s: %s", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_extended_result_codes(db, 1);
    rc = sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
    if (rc != SQLITE_OK) {
        msg_set(err, len, "%s: busy timeout: %s", path, sqlite3_errmsg(db));
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

/* WAL, full sync and foreign keys: a vote that was acknowledged survives a power cut. */
static int configure(sqlite3 *db, const char *path, char *err, size_t len)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(stmt);
    if (rc != SQLITE_ROW) {
        msg_set(err, len, "%s: cannot use write-ahead logging: %s", path, sqlite3_errmsg(db));
        sqlite3_finalize(stmt);
        return -1;
    }
    const char *mode = (const char *)sqlite3_column_text(stmt, 0);
    bool wal = mode && strcmp(mode, "wal") == 0;
    sqlite3_finalize(stmt);
    if (!wal) {
        msg_set(err, len, "%s: the file system does not allow write-ahead logging", path);
        return -1;
    }
    char e[ERR_LEN];
    if (exec_sql(db, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;", e, sizeof e) != 0) {
        msg_set(err, len, "%s: %s", path, e);
        return -1;
    }
    return 0;
}

/* Brings db from its version to `target`, one transaction a step, each also setting
 * user_version, so a power cut mid-way leaves a consistent older version. */
static int migrate(sqlite3 *db, const char *path, int target, char *err, size_t len)
{
    char e[ERR_LEN];
    for (;;) {
        /* The version is read inside the transaction: two processes cannot both migrate. */
        if (exec_sql(db, "BEGIN IMMEDIATE", e, sizeof e) != 0) {
            msg_set(err, len, "%s: %s", path, e);
            return -1;
        }
        long v = 0;
        if (query_int(db, "PRAGMA user_version", &v, e, sizeof e) != 0)
            goto fail;
        if (v > STORE_SCHEMA_VERSION) {
            snprintf(e, sizeof e,
                     "the database has schema version %ld, newer than this program knows (%d);"
                     " update Oogst or use another data directory",
                     v, STORE_SCHEMA_VERSION);
            goto fail;
        }
        if (v < 0) {
            snprintf(e, sizeof e, "the database has an invalid schema version %ld", v);
            goto fail;
        }
        if (v >= target) {
            if (exec_sql(db, "COMMIT", e, sizeof e) != 0)
                goto fail;
            return 0;
        }
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %ld", v + 1);
        if (exec_sql(db, migrations[v], e, sizeof e) != 0 || exec_sql(db, pragma, e, sizeof e) != 0 ||
            exec_sql(db, "COMMIT", e, sizeof e) != 0)
            goto fail;
        continue;
    fail:
        if (!sqlite3_get_autocommit(db))
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL); /* the error to report is e */
        msg_set(err, len, "%s: %s", path, e);
        return -1;
    }
}

static int random_bytes(unsigned char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(buf + got, n - got, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            break;
        got += (size_t)r;
    }
    if (got == n)
        return 0;
    /* An old kernel without getrandom: the device file gives the same bytes. */
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    got = 0;
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    return got == n ? 0 : -1;
}

/* Reads the device id, making it on first use: it names the exports of this box. */
static int ensure_device(sqlite3 *db, const char *path, char out[17], char *err, size_t len)
{
    char e[ERR_LEN];
    sqlite3_stmt *sel = NULL, *ins = NULL;
    int rc = SQLITE_OK;
    if (exec_sql(db, "BEGIN IMMEDIATE", e, sizeof e) != 0) {
        msg_set(err, len, "%s: %s", path, e);
        return -1;
    }
    rc = sqlite3_prepare_v2(db, "SELECT device_id FROM device WHERE id = 1", -1, &sel, NULL);
    if (rc != SQLITE_OK)
        goto fail;
    rc = sqlite3_step(sel);
    if (rc == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(sel, 0);
        snprintf(out, 17, "%s", id ? id : "");
        rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
        unsigned char raw[8];
        if (random_bytes(raw, sizeof raw) != 0) {
            snprintf(e, sizeof e, "no random bytes for the device id: %s", strerror(errno));
            goto fail_msg;
        }
        for (size_t i = 0; i < sizeof raw; i++)
            snprintf(out + 2 * i, 3, "%02x", raw[i]);
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        int64_t made = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
        rc = sqlite3_prepare_v2(db, "INSERT INTO device (id, device_id, created_wall_ms) VALUES (1, ?1, ?2)",
                                -1, &ins, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_bind_text(ins, 1, out, -1, SQLITE_TRANSIENT);
        if (rc == SQLITE_OK)
            rc = sqlite3_bind_int64(ins, 2, made);
        if (rc == SQLITE_OK)
            rc = sqlite3_step(ins) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
        if (rc != SQLITE_OK)
            goto fail;
    } else {
        goto fail;
    }
    sqlite3_finalize(sel);
    sqlite3_finalize(ins);
    sel = ins = NULL;
    if (exec_sql(db, "COMMIT", e, sizeof e) != 0)
        goto fail_msg;
    return 0;
fail:
    snprintf(e, sizeof e, "device id: %s", sqlite3_errmsg(db));
fail_msg:
    sqlite3_finalize(sel);
    sqlite3_finalize(ins);
    if (!sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    msg_set(err, len, "%s: %s", path, e);
    return -1;
}

static int prepare_all(sqlite3 *db, const char *const *sql, sqlite3_stmt **out, size_t n, char *err,
                       size_t len)
{
    for (size_t i = 0; i < n; i++) {
        if (sqlite3_prepare_v3(db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, &out[i], NULL) != SQLITE_OK) {
            msg_set(err, len, "cannot prepare '%.60s': %s", sql[i], sqlite3_errmsg(db));
            return -1;
        }
    }
    return 0;
}

static void *writer_main(void *arg);

static void store_destroy(store *st)
{
    for (size_t i = 0; i < W_COUNT; i++)
        sqlite3_finalize(st->w[i]);
    for (size_t i = 0; i < R_COUNT; i++)
        sqlite3_finalize(st->r[i]);
    if (st->rdb && sqlite3_close(st->rdb) != SQLITE_OK)
        fprintf(stderr, "oogst: store: closing the read connection: %s\n", sqlite3_errmsg(st->rdb));
    if (st->wdb && sqlite3_close(st->wdb) != SQLITE_OK)
        fprintf(stderr, "oogst: store: closing the database: %s\n", sqlite3_errmsg(st->wdb));
    items_free(st->head);
    pthread_cond_destroy(&st->done);
    pthread_cond_destroy(&st->work);
    pthread_mutex_destroy(&st->mu);
    free(st);
}

store *store_open(const char *data_dir, store_ack_fn ack, void *ctx, char *err, size_t errlen)
{
    if (!data_dir) {
        msg_set(err, errlen, "no data directory given");
        return NULL;
    }
    if (make_dirs(data_dir, err, errlen) != 0)
        return NULL;
    char path[PATH_MAX];
    if ((size_t)snprintf(path, sizeof path, "%s/oogst.db", data_dir) >= sizeof path) {
        msg_set(err, errlen, "data directory path too long: %s", data_dir);
        return NULL;
    }
    store *st = calloc(1, sizeof *st);
    if (!st) {
        msg_set(err, errlen, "out of memory");
        return NULL;
    }
    memcpy(st->path, path, sizeof path);
    snprintf(st->dir, sizeof st->dir, "%s", data_dir); /* shorter than path, which fitted */
    pthread_mutex_init(&st->mu, NULL);
    pthread_cond_init(&st->work, NULL);
    pthread_cond_init(&st->done, NULL);
    st->ack = ack;
    st->ctx = ctx;

    char e[ERR_LEN];
    st->wdb = open_db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, err, errlen);
    if (!st->wdb)
        goto fail;
    if (configure(st->wdb, path, err, errlen) != 0 ||
        migrate(st->wdb, path, STORE_SCHEMA_VERSION, err, errlen) != 0 ||
        ensure_device(st->wdb, path, st->device_id, err, errlen) != 0)
        goto fail;
    if (prepare_all(st->wdb, writer_sql, st->w, W_COUNT, e, sizeof e) != 0) {
        msg_set(err, errlen, "%s: %s", path, e);
        goto fail;
    }
    /* Read-write flags, read-only use: a read-only connection to a WAL file needs the
     * -shm file to exist already, which is not worth depending on. Only the caller's
     * thread uses it: no mutex on every call (a large export makes millions). */
    st->rdb = open_db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, err, errlen);
    if (!st->rdb)
        goto fail;
    if (exec_sql(st->rdb, "PRAGMA query_only = ON; PRAGMA foreign_keys = ON;", e, sizeof e) != 0 ||
        prepare_all(st->rdb, reader_sql, st->r, R_COUNT, e, sizeof e) != 0) {
        msg_set(err, errlen, "%s: %s", path, e);
        goto fail;
    }
    int rc = pthread_create(&st->thread, NULL, writer_main, st);
    if (rc != 0) {
        msg_set(err, errlen, "cannot start the store's writer thread: %s", strerror(rc));
        goto fail;
    }
    st->thread_started = true;
    return st;
fail:
    store_destroy(st);
    return NULL;
}

/* ---- the writer thread -------------------------------------------------------------- */

/* Binds text or NULL. */
static int bind_text(sqlite3_stmt *s, int i, const char *v)
{
    return v ? sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC) : sqlite3_bind_null(s, i);
}

/* Steps a write statement to its end and resets it. */
static int run(sqlite3_stmt *s)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

#define TRY(expr)                                                                                            \
    do {                                                                                                     \
        int rc_ = (expr);                                                                                    \
        if (rc_ != SQLITE_OK)                                                                                \
            return rc_;                                                                                      \
    } while (0)

static int insert_questions(store *st, int64_t session, const script *s)
{
    for (size_t i = 0; i < s->n_steps; i++) {
        const step *sp = &s->steps[i];
        for (size_t q = 0; q < sp->n_questions && q < STEP_MAX_QUESTIONS; q++) {
            const question *qu = &sp->questions[q];
            if (!qu->id)
                continue;
            sqlite3_stmt *x = st->w[W_INS_QUESTION];
            TRY(sqlite3_bind_int64(x, 1, session));
            TRY(sqlite3_bind_int64(x, 2, (sqlite3_int64)i));
            TRY(sqlite3_bind_text(x, 3, qu->id, -1, SQLITE_STATIC));
            TRY(sqlite3_bind_text(x, 4, answer_kind_name(qu->kind), -1, SQLITE_STATIC));
            TRY(sqlite3_bind_text(x, 5, qu->text ? qu->text : "", -1, SQLITE_STATIC));
            TRY(sqlite3_bind_int(x, 6, qu->kind == ANSWER_RATING ? (int)qu->scale : 0));
            TRY(run(x));
            for (size_t o = 0; o < qu->n_options && o < SCRIPT_MAX_OPTIONS; o++) {
                if (!qu->options[o])
                    continue;
                x = st->w[W_INS_OPTION];
                TRY(sqlite3_bind_int64(x, 1, session));
                TRY(sqlite3_bind_int64(x, 2, (sqlite3_int64)i));
                TRY(sqlite3_bind_text(x, 3, qu->id, -1, SQLITE_STATIC));
                TRY(sqlite3_bind_int(x, 4, (int)o + 1));
                TRY(sqlite3_bind_text(x, 5, qu->options[o], -1, SQLITE_STATIC));
                TRY(run(x));
            }
        }
    }
    return SQLITE_OK;
}

/* A write that makes no sense (no session yet, an unknown session): dropped with a
 * message rather than blocking the queue behind it forever. */
#define APPLY_SKIP (-2)

static int apply_item(store *st, item *it)
{
    sqlite3_stmt *x;
    switch (it->kind) {
    case IT_BEGIN:
        x = st->w[W_INTERRUPT];
        TRY(sqlite3_bind_int64(x, 1, 0));
        TRY(run(x));
        x = st->w[W_INS_SESSION];
        TRY(bind_text(x, 1, it->s->id ? it->s->id : ""));
        TRY(sqlite3_bind_int64(x, 2, it->s->version));
        TRY(bind_text(x, 3, it->s->path ? it->s->path : ""));
        TRY(bind_text(x, 4, it->s->language ? it->s->language : ""));
        TRY(bind_text(x, 5, it->s->title ? it->s->title : ""));
        TRY(sqlite3_bind_int64(x, 6, it->wall_ms));
        TRY(sqlite3_bind_int64(x, 7, it->mono_ms));
        TRY(run(x));
        st->cur.session = sqlite3_last_insert_rowid(st->wdb);
        st->cur.s = it->s;
        st->cur.step_run = 0;
        return insert_questions(st, st->cur.session, it->s);

    case IT_RESUME: {
        x = st->w[W_RESUME];
        TRY(sqlite3_bind_int64(x, 1, it->session_id));
        TRY(run(x));
        if (sqlite3_changes(st->wdb) != 1)
            return APPLY_SKIP;
        x = st->w[W_INTERRUPT];
        TRY(sqlite3_bind_int64(x, 1, it->session_id));
        TRY(run(x));
        st->cur.session = it->session_id;
        st->cur.s = it->s;
        x = st->w[W_LAST_STEP_RUN];
        TRY(sqlite3_bind_int64(x, 1, it->session_id));
        int rc = sqlite3_step(x);
        st->cur.step_run = rc == SQLITE_ROW ? sqlite3_column_int64(x, 0) : 0;
        sqlite3_reset(x);
        sqlite3_clear_bindings(x);
        if (rc != SQLITE_ROW)
            return rc;
        /* The script may have gained questions since; known ones stay as first shown. */
        return insert_questions(st, it->session_id, it->s);
    }

    case IT_STEP: {
        if (!st->cur.session)
            return APPLY_SKIP;
        const step *sp = st->cur.s && it->step < st->cur.s->n_steps ? &st->cur.s->steps[it->step] : NULL;
        x = st->w[W_INS_STEP];
        TRY(sqlite3_bind_int64(x, 1, st->cur.session));
        TRY(sqlite3_bind_int64(x, 2, (sqlite3_int64)it->step));
        TRY(sqlite3_bind_int64(x, 3, it->part));
        TRY(bind_text(x, 4, sp ? step_type_name(sp->type) : ""));
        TRY(bind_text(x, 5, sp && sp->title ? sp->title : ""));
        TRY(sqlite3_bind_int64(x, 6, it->wall_ms));
        TRY(sqlite3_bind_int64(x, 7, it->mono_ms));
        TRY(run(x));
        st->cur.step_run = sqlite3_last_insert_rowid(st->wdb);
        x = st->w[W_SET_STEP];
        TRY(sqlite3_bind_int64(x, 1, st->cur.session));
        TRY(sqlite3_bind_int64(x, 2, (sqlite3_int64)it->step));
        TRY(sqlite3_bind_int64(x, 3, it->part));
        TRY(sqlite3_bind_int(x, 4, it->closed));
        return run(x);
    }

    case IT_CLOSED:
        if (!st->cur.session)
            return APPLY_SKIP;
        x = st->w[W_SET_CLOSED];
        TRY(sqlite3_bind_int64(x, 1, st->cur.session));
        TRY(sqlite3_bind_int(x, 2, it->closed));
        return run(x);

    case IT_INPUT:
        if (!st->cur.session)
            return APPLY_SKIP;
        x = st->w[W_INS_INPUT];
        TRY(sqlite3_bind_int64(x, 1, st->cur.session));
        TRY(st->cur.step_run ? sqlite3_bind_int64(x, 2, st->cur.step_run) : sqlite3_bind_null(x, 2));
        TRY(sqlite3_bind_int64(x, 3, (sqlite3_int64)it->step));
        TRY(sqlite3_bind_int64(x, 4, it->part));
        TRY(bind_text(x, 5, it->question_id));
        TRY(bind_text(x, 6, input_source_name(it->source)));
        TRY(sqlite3_bind_int(x, 7, it->button));
        TRY(bind_text(x, 8, it->key));
        TRY(sqlite3_bind_int(x, 9, it->option));
        TRY(sqlite3_bind_int(x, 10, it->value));
        TRY(bind_text(x, 11, it->text));
        TRY(sqlite3_bind_int(x, 12, it->counted ? 1 : 0));
        TRY(bind_text(x, 13, it->reason ? it->reason : ""));
        TRY(sqlite3_bind_int64(x, 14, it->wall_ms));
        TRY(sqlite3_bind_int64(x, 15, it->mono_ms));
        TRY(run(x));
        it->row_id = sqlite3_last_insert_rowid(st->wdb);
        if (!it->counted)
            return SQLITE_OK;
        x = st->w[W_INS_ANSWER];
        TRY(sqlite3_bind_int64(x, 1, it->row_id));
        TRY(sqlite3_bind_int64(x, 2, st->cur.session));
        TRY(sqlite3_bind_int64(x, 3, (sqlite3_int64)it->step));
        TRY(bind_text(x, 4, it->question_id));
        TRY(sqlite3_bind_int(x, 5, it->option));
        TRY(sqlite3_bind_int(x, 6, it->value));
        TRY(bind_text(x, 7, it->text));
        return run(x);

    case IT_EVENT:
        x = st->w[W_INS_EVENT];
        TRY(st->cur.session ? sqlite3_bind_int64(x, 1, st->cur.session) : sqlite3_bind_null(x, 1));
        TRY(bind_text(x, 2, it->name ? it->name : ""));
        TRY(bind_text(x, 3, it->detail ? it->detail : ""));
        TRY(sqlite3_bind_int64(x, 4, it->wall_ms));
        TRY(sqlite3_bind_int64(x, 5, it->mono_ms));
        return run(x);

    case IT_END:
        if (!st->cur.session)
            return APPLY_SKIP;
        x = st->w[W_END];
        TRY(sqlite3_bind_int64(x, 1, st->cur.session));
        TRY(sqlite3_bind_int64(x, 2, it->wall_ms));
        TRY(sqlite3_bind_int64(x, 3, it->mono_ms));
        return run(x);

    case IT_WIPE: break; /* never in a batch: the writer runs it on its own (wipe_all) */
    }
    return SQLITE_MISUSE;
}

static const char *item_name(item_kind k)
{
    switch (k) {
    case IT_BEGIN: return "begin session";
    case IT_RESUME: return "resume session";
    case IT_STEP: return "step";
    case IT_CLOSED: return "closed";
    case IT_INPUT: return "input";
    case IT_EVENT: return "event";
    case IT_END: return "end session";
    case IT_WIPE: return "wipe";
    }
    return "?";
}

/* Failures that go away on their own or when someone frees space: keep the batch. */
static bool transient(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_NOMEM:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PROTOCOL: return true;
    default: return false;
    }
}

/* Tells flushers that an item will never be stored. */
static void mark_dropped(store *st, const item *it)
{
    pthread_mutex_lock(&st->mu);
    if (it->seq > st->dropped_seq)
        st->dropped_seq = it->seq; /* the flush still waits for the rest of the batch */
    pthread_mutex_unlock(&st->mu);
}

/* A transaction could not be begun or committed: said in the journal and kept for the
 * screen until a commit works again. */
static void commit_failed(store *st)
{
    record_error(st, "commit failed: %s", sqlite3_errmsg(st->wdb));
    pthread_mutex_lock(&st->mu);
    st->commit_failing = true;
    pthread_mutex_unlock(&st->mu);
}

/* One attempt at committing the batch as one transaction. On failure it is rolled
 * back and *bad points at the item that failed (NULL when BEGIN or COMMIT did). */
static int commit_batch(store *st, item **batch, item **bad)
{
    *bad = NULL;
    int rc = run(st->w[W_BEGIN]);
    if (rc != SQLITE_OK) {
        commit_failed(st);
        return rc;
    }
    item **link = batch;
    while (*link) {
        item *it = *link;
        rc = apply_item(st, it);
        if (rc == APPLY_SKIP) {
            /* Dropped here, before commit, so the ack never names it. */
            record_error(st, "%s without a (known) session: not stored", item_name(it->kind));
            *link = it->next;
            mark_dropped(st, it);
            item_free(it);
            rc = SQLITE_OK;
            continue;
        }
        if (rc != SQLITE_OK) {
            *bad = it;
            break;
        }
        link = &it->next;
    }
    if (rc == SQLITE_OK)
        rc = run(st->w[W_COMMIT]);
    if (rc != SQLITE_OK) {
        /* The message before ROLLBACK replaces it. */
        commit_failed(st);
        if (!sqlite3_get_autocommit(st->wdb) && run(st->w[W_ROLLBACK]) != SQLITE_OK)
            fprintf(stderr, "oogst: store: rollback failed: %s\n", sqlite3_errmsg(st->wdb));
    }
    return rc;
}

/* Deletes every session and its rows, then rebuilds the file and empties the log so
 * that the old rows are not left in free pages, in the log or past the file's new end.
 * VACUUM cannot run inside a transaction: the delete is committed first. Resets the
 * cursor once the delete has been committed, whatever comes after. 0 or -1 and err. */
static int wipe_all(store *st, char *err, size_t len)
{
    sqlite3_stmt *x = st->w[W_SECURE_GET];
    int rc = sqlite3_step(x);
    int was = rc == SQLITE_ROW ? sqlite3_column_int(x, 0) : -1;
    sqlite3_reset(x);
    if (rc != SQLITE_ROW || was < 0 || was > 2) {
        msg_set(err, len, "wipe: reading secure_delete: %s", sqlite3_errmsg(st->wdb));
        return -1;
    }
    /* Overwrites the deleted rows' bytes, in the log as in the file. */
    rc = run(st->w[W_SECURE_ON]);
    if (rc != SQLITE_OK) {
        msg_set(err, len, "wipe: secure_delete: %s", sqlite3_errmsg(st->wdb));
        return -1;
    }
    rc = run(st->w[W_BEGIN]);
    for (int i = W_DEL_ANSWERS; i <= W_DEL_SESSIONS && rc == SQLITE_OK; i++)
        rc = run(st->w[i]);
    if (rc == SQLITE_OK)
        rc = run(st->w[W_COMMIT]);
    if (rc != SQLITE_OK) {
        msg_set(err, len, "wipe: deleting failed, nothing was wiped: %s", sqlite3_errmsg(st->wdb));
        if (!sqlite3_get_autocommit(st->wdb) && run(st->w[W_ROLLBACK]) != SQLITE_OK)
            fprintf(stderr, "oogst: store: rollback failed: %s\n", sqlite3_errmsg(st->wdb));
    } else {
        st->cur = (cursor){0}; /* the session the writes went to is gone */
    }
    if (run(st->w[W_SECURE_OFF + was]) != SQLITE_OK)
        fprintf(stderr, "oogst: store: restoring secure_delete: %s\n", sqlite3_errmsg(st->wdb));
    if (rc != SQLITE_OK)
        return -1;

    if (run(st->w[W_VACUUM]) != SQLITE_OK) {
        msg_set(err, len, "wipe: deleted, but the file could not be rebuilt (VACUUM): %s",
                sqlite3_errmsg(st->wdb));
        return -1;
    }
    /* Copies the rebuilt file out of the log, cuts the file to its new size and the
     * log to nothing. busy: a reader (another process) kept the log from being emptied. */
    x = st->w[W_CHECKPOINT];
    rc = sqlite3_step(x);
    int busy = rc == SQLITE_ROW ? sqlite3_column_int(x, 0) : 1;
    sqlite3_reset(x);
    if (rc != SQLITE_ROW) {
        msg_set(err, len, "wipe: deleted, but the log could not be emptied: %s", sqlite3_errmsg(st->wdb));
        return -1;
    }
    if (busy) {
        msg_set(err, len,
                "wipe: deleted, but another program is reading the database: old data may"
                " remain in the log until it is emptied");
        return -1;
    }
    return 0;
}

/* The writer ran (or gave up on) a wipe: tells the store_wipe that waits. Under mu. */
static void wipe_told(item *it, int ret, const char *err)
{
    if (!it->job)
        return;
    it->job->ret = ret;
    snprintf(it->job->err, sizeof it->job->err, "%s", err);
    it->job->done = true;
    it->job = NULL;
}

static void ack_batch(store *st, const item *it)
{
    for (; it; it = it->next) {
        if (it->kind != IT_INPUT || !st->ack)
            continue;
        store_ack a = {
            .input_id = it->row_id, .token = it->token, .counted = it->counted, .button = it->button};
        st->ack(st->ctx, &a);
    }
}

/* Takes the batch back to the front of the queue, in order, for the next attempt. */
static void requeue_front(store *st, item *batch)
{
    if (!batch)
        return;
    item *last = batch;
    while (last->next)
        last = last->next;
    last->next = st->head;
    if (!st->head)
        st->tail = last;
    st->head = batch;
}

static void *writer_main(void *arg)
{
    store *st = arg;
    pthread_mutex_lock(&st->mu);
    for (;;) {
        while (!st->head && !st->stop)
            pthread_cond_wait(&st->work, &st->mu);
        if (!st->head)
            break; /* stopping, nothing left */
        /* A batch ends before the first wipe, which is a step of its own: VACUUM cannot
         * run inside the batch's transaction. */
        item *batch = st->head, *last = batch;
        if (batch->kind != IT_WIPE)
            while (last->next && last->next->kind != IT_WIPE)
                last = last->next;
        st->head = last->next;
        if (!st->head)
            st->tail = NULL;
        last->next = NULL;
        uint64_t through = last->seq;
        bool stopping = st->stop;

        if (batch->kind == IT_WIPE) {
            bool wanted = batch->job != NULL; /* else its caller was told it failed */
            pthread_mutex_unlock(&st->mu);
            char e[ERR_LEN] = "";
            int ret = wanted ? wipe_all(st, e, sizeof e) : 0;
            if (ret != 0)
                record_error(st, "%s", e);
            pthread_mutex_lock(&st->mu);
            wipe_told(batch, ret, e);
            item_free(batch);
            st->resolved_seq = through;
            st->session_pub = st->cur.session;
            pthread_cond_broadcast(&st->done);
            continue;
        }
        pthread_mutex_unlock(&st->mu);

        int rc = SQLITE_OK;
        long wait = RETRY_FIRST_MS;
        for (int attempt = 0; attempt < COMMIT_TRIES; attempt++) {
            cursor saved = st->cur;
            item *bad = NULL;
            rc = commit_batch(st, &batch, &bad);
            if (rc == SQLITE_OK)
                break;
            st->cur = saved; /* the rolled-back batch never happened */
            if (bad && !transient(rc)) {
                /* This one item can never be stored (a constraint it breaks): drop it so
                 * the rest of the log goes on, and try the others again at once. */
                fprintf(stderr, "oogst: store: dropping a %s that cannot be stored\n", item_name(bad->kind));
                item **link = &batch;
                while (*link != bad)
                    link = &(*link)->next;
                *link = bad->next;
                mark_dropped(st, bad);
                item_free(bad);
                attempt--;
                continue;
            }
            sleep_ms(wait);
            wait *= 2;
        }

        if (rc == SQLITE_OK) {
            ack_batch(st, batch); /* before resolved_seq moves: a flush returns after the acks */
            items_free(batch);
            pthread_mutex_lock(&st->mu);
            bool recovered = st->commit_failing;
            if (recovered) { /* saving works again: the screen stops saying otherwise */
                st->last_error[0] = '\0';
                st->commit_failing = false;
            }
            st->resolved_seq = through;
            st->session_pub = st->cur.session;
            pthread_cond_broadcast(&st->done);
            if (recovered && st->on_error) {
                pthread_mutex_unlock(&st->mu);
                st->on_error(st->on_error_ctx);
                pthread_mutex_lock(&st->mu);
            }
            continue;
        }

        pthread_mutex_lock(&st->mu);
        st->fail_gen++;
        if (stopping || st->stop) {
            /* Closing and the disk still refuses: nothing is left to keep the items in. */
            pthread_mutex_unlock(&st->mu);
            size_t n = 0;
            for (const item *it = batch; it; it = it->next)
                n++;
            record_error(st, "closing with %zu write(s) that could not be committed", n);
            items_free(batch);
            pthread_mutex_lock(&st->mu);
            st->resolved_seq = through;
            pthread_cond_broadcast(&st->done);
            continue;
        }
        requeue_front(st, batch);
        /* A wipe waiting behind writes that cannot be committed fails rather than wait
         * for a disk that may stay full; it will not run later by surprise. */
        for (item *it = st->head; it; it = it->next) {
            if (it->kind != IT_WIPE || !it->job)
                continue;
            char e[ERR_LEN];
            snprintf(e, sizeof e, "wipe: earlier writes could not be committed, nothing was wiped: %.180s",
                     st->last_error);
            wipe_told(it, -1, e);
        }
        pthread_cond_broadcast(&st->done); /* flushers and wipers learn it failed */
        /* Wait a while before the next try, unless a new write, a flush or stop comes. */
        uint64_t k = st->kick;
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += RETRY_IDLE_MS / 1000;
        until.tv_nsec += (RETRY_IDLE_MS % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        while (st->kick == k && !st->stop)
            if (pthread_cond_timedwait(&st->work, &st->mu, &until) == ETIMEDOUT)
                break;
    }
    pthread_mutex_unlock(&st->mu);
    return NULL;
}

/* ---- queueing ----------------------------------------------------------------------- */

static item *item_new(store *st, item_kind kind)
{
    item *it = calloc(1, sizeof *it);
    if (!it)
        record_error(st, "out of memory: a %s was not queued", item_name(kind));
    else
        it->kind = kind;
    return it;
}

static void enqueue(store *st, item *it, bool oom)
{
    if (oom) {
        record_error(st, "out of memory: a %s was not queued", item_name(it->kind));
        item_free(it);
        return;
    }
    pthread_mutex_lock(&st->mu);
    it->seq = ++st->queued_seq;
    if (st->tail)
        st->tail->next = it;
    else
        st->head = it;
    st->tail = it;
    st->kick++;
    pthread_cond_signal(&st->work);
    pthread_mutex_unlock(&st->mu);
}

void store_begin_session(store *st, const script *s, int64_t wall_ms, int64_t mono_ms)
{
    if (!st || !s)
        return;
    item *it = item_new(st, IT_BEGIN);
    if (!it)
        return;
    it->s = s;
    it->wall_ms = wall_ms;
    it->mono_ms = mono_ms;
    enqueue(st, it, false);
}

void store_resume_session(store *st, int64_t session_id, const script *s, int64_t wall_ms, int64_t mono_ms)
{
    if (!st || !s)
        return;
    item *it = item_new(st, IT_RESUME);
    if (!it)
        return;
    it->s = s;
    it->session_id = session_id;
    it->wall_ms = wall_ms;
    it->mono_ms = mono_ms;
    enqueue(st, it, false);
}

void store_step_enter(store *st, size_t step_index, unsigned part, bool closed, int64_t wall_ms,
                      int64_t mono_ms)
{
    if (!st)
        return;
    item *it = item_new(st, IT_STEP);
    if (!it)
        return;
    it->step = step_index;
    it->part = part;
    it->closed = closed;
    it->wall_ms = wall_ms;
    it->mono_ms = mono_ms;
    enqueue(st, it, false);
}

void store_set_closed(store *st, bool closed, int64_t wall_ms, int64_t mono_ms)
{
    if (!st)
        return;
    item *it = item_new(st, IT_CLOSED);
    if (!it)
        return;
    it->closed = closed;
    it->wall_ms = wall_ms;
    it->mono_ms = mono_ms;
    enqueue(st, it, false);
}

void store_add_input(store *st, const input_record *in, int64_t wall_ms, uint64_t token)
{
    if (!st || !in)
        return;
    item *it = item_new(st, IT_INPUT);
    if (!it)
        return;
    bool oom = false;
    it->source = in->source;
    it->button = in->button;
    it->key = dup_or_null(in->key, &oom);
    it->text = dup_or_null(in->text, &oom);
    it->step = in->step;
    it->part = in->part;
    it->question_id = dup_or_null(in->question_id, &oom);
    it->option = in->option;
    it->value = in->value;
    it->counted = in->counted;
    it->reason = dup_or_null(in->reason, &oom);
    it->mono_ms = in->mono_ms;
    it->wall_ms = wall_ms;
    it->token = token;
    enqueue(st, it, oom);
}

void store_add_event(store *st, const char *name, const char *detail, int64_t wall_ms, int64_t mono_ms)
{
    if (!st)
        return;
    item *it = item_new(st, IT_EVENT);
    if (!it)
        return;
    bool oom = false;
    it->name = dup_or_null(name ? name : "", &oom);
    it->detail = dup_or_null(detail ? detail : "", &oom);
    it->wall_ms = wall_ms;
    it->mono_ms = mono_ms;
    enqueue(st, it, oom);
}

void store_end_session(store *st, int64_t wall_ms, int64_t mono_ms)
{
    if (!st)
        return;
    item *it = item_new(st, IT_END);
    if (!it)
        return;
    it->wall_ms = wall_ms;
    it->mono_ms = mono_ms;
    enqueue(st, it, false);
}

int store_wipe(store *st, char *err, size_t errlen)
{
    if (!st) {
        msg_set(err, errlen, "wipe: no store");
        return -1;
    }
    item *it = item_new(st, IT_WIPE);
    if (!it) {
        msg_set(err, errlen, "wipe: out of memory");
        return -1;
    }
    wipe_job job = {.done = false};
    it->job = &job;
    enqueue(st, it, false);
    pthread_mutex_lock(&st->mu);
    /* The writer tells every wipe it takes or gives up on, so this wait ends; job lives
     * on this stack only until then. */
    while (!job.done)
        pthread_cond_wait(&st->done, &st->mu);
    pthread_mutex_unlock(&st->mu);
    if (job.ret != 0)
        msg_set(err, errlen, "%s", job.err);
    return job.ret;
}

int store_flush(store *st)
{
    if (!st)
        return -1;
    pthread_mutex_lock(&st->mu);
    uint64_t target = st->queued_seq;
    uint64_t since = st->flushed_seq; /* drops before this were told by an earlier flush */
    st->flushed_seq = target;
    uint64_t gen = st->fail_gen;
    st->kick++; /* a batch waiting to retry tries now */
    pthread_cond_signal(&st->work);
    while (st->resolved_seq < target && st->fail_gen == gen)
        pthread_cond_wait(&st->done, &st->mu);
    /* Failed: something queued is still not committed, or was dropped. Writes are
     * queued by the caller's thread only, so a drop after `since` is one of ours. */
    int ret = st->resolved_seq >= target && st->dropped_seq <= since ? 0 : -1;
    pthread_mutex_unlock(&st->mu);
    return ret;
}

void store_close(store *st)
{
    if (!st)
        return;
    if (st->thread_started) {
        pthread_mutex_lock(&st->mu);
        st->stop = true;
        pthread_cond_signal(&st->work);
        pthread_mutex_unlock(&st->mu);
        int rc = pthread_join(st->thread, NULL);
        if (rc != 0)
            fprintf(stderr, "oogst: store: joining the writer: %s\n", strerror(rc));
    }
    store_destroy(st);
}

void store_on_error_change(store *st, void (*fn)(void *ctx), void *ctx)
{
    if (!st)
        return;
    pthread_mutex_lock(&st->mu);
    st->on_error = fn;
    st->on_error_ctx = ctx;
    pthread_mutex_unlock(&st->mu);
}

const char *store_last_error(store *st, char *buf, size_t len)
{
    if (!buf || len == 0)
        return "";
    buf[0] = '\0';
    if (!st)
        return buf;
    pthread_mutex_lock(&st->mu);
    snprintf(buf, len, "%s", st->last_error);
    pthread_mutex_unlock(&st->mu);
    return buf;
}

const char *store_device_id(const store *st)
{
    return st ? st->device_id : "";
}

/* ---- reads -------------------------------------------------------------------------- */

int64_t store_session_id(store *st)
{
    if (!st)
        return 0;
    pthread_mutex_lock(&st->mu);
    int64_t id = st->session_pub;
    pthread_mutex_unlock(&st->mu);
    return id;
}

static const char *col_text(sqlite3_stmt *s, int i)
{
    const char *t = (const char *)sqlite3_column_text(s, i);
    return t ? t : "";
}

static void copy_text(char *dst, size_t len, const char *src)
{
    snprintf(dst, len, "%s", src ? src : "");
}

int store_find_interrupted(store *st, store_session *out)
{
    if (!st || !out)
        return -1;
    sqlite3_stmt *x = st->r[R_INTERRUPTED];
    /* This program's own session is running too, but it was not interrupted. */
    if (sqlite3_bind_int64(x, 1, store_session_id(st)) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step(x);
    int ret = 0;
    if (rc == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        out->id = sqlite3_column_int64(x, 0);
        copy_text(out->script_id, sizeof out->script_id, col_text(x, 1));
        out->script_version = (unsigned)sqlite3_column_int64(x, 2);
        copy_text(out->script_path, sizeof out->script_path, col_text(x, 3));
        copy_text(out->language, sizeof out->language, col_text(x, 4));
        copy_text(out->state, sizeof out->state, col_text(x, 5));
        out->step = (size_t)sqlite3_column_int64(x, 6);
        out->part = (unsigned)sqlite3_column_int64(x, 7);
        out->started_wall_ms = sqlite3_column_int64(x, 8);
        out->closed = sqlite3_column_int(x, 9) != 0;
        ret = 1;
    } else if (rc != SQLITE_DONE) {
        fprintf(stderr, "oogst: store: finding an interrupted session: %s\n", sqlite3_errmsg(st->rdb));
        ret = -1;
    }
    sqlite3_reset(x);
    sqlite3_clear_bindings(x);
    return ret;
}

int store_each_answer(store *st, int64_t session_id, store_answer_fn fn, void *ctx)
{
    if (!st || !fn)
        return -1;
    sqlite3_stmt *x = st->r[R_ANSWERS];
    if (sqlite3_stmt_busy(x))
        return -1; /* called again from its own callback */
    if (sqlite3_bind_int64(x, 1, session_id) != SQLITE_OK)
        return -1;
    int ret = 0, rc;
    while ((rc = sqlite3_step(x)) == SQLITE_ROW) {
        ret = fn(ctx, (size_t)sqlite3_column_int64(x, 0), col_text(x, 1), sqlite3_column_int(x, 2),
                 sqlite3_column_int(x, 3));
        if (ret != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE) {
        fprintf(stderr, "oogst: store: reading answers: %s\n", sqlite3_errmsg(st->rdb));
        ret = -1;
    }
    sqlite3_reset(x);
    sqlite3_clear_bindings(x);
    return ret;
}

int store_each_row(store *st, int64_t session_id, store_row_fn fn, void *ctx)
{
    if (!st || !fn)
        return -1;
    sqlite3_stmt *x = st->r[R_ROWS];
    if (sqlite3_stmt_busy(x))
        return -1;
    if (sqlite3_bind_int64(x, 1, session_id) != SQLITE_OK)
        return -1;
    int ret = 0, rc;
    while ((rc = sqlite3_step(x)) == SQLITE_ROW) {
        store_row row = {
            .device_id = col_text(x, 0),
            .session_id = sqlite3_column_int64(x, 1),
            .session_started_ms = sqlite3_column_int64(x, 2),
            .script_id = col_text(x, 3),
            .script_version = (unsigned)sqlite3_column_int64(x, 4),
            .step_index = (size_t)sqlite3_column_int64(x, 5),
            .step_type = col_text(x, 6),
            .question_id = col_text(x, 7),
            .question_text = col_text(x, 8),
            .answer_kind = col_text(x, 9),
            .option_index = sqlite3_column_int(x, 10),
            .option_text = col_text(x, 11),
            .value = sqlite3_column_int(x, 12),
            .text = col_text(x, 13),
            .input = col_text(x, 14),
            .button = sqlite3_column_int(x, 15),
            .key = col_text(x, 16),
            .counted = sqlite3_column_int(x, 17) != 0,
            .reason = col_text(x, 18),
            .at_ms = sqlite3_column_int64(x, 19),
            .mono_ms = sqlite3_column_int64(x, 20),
            .input_id = sqlite3_column_int64(x, 21),
        };
        ret = fn(ctx, &row);
        if (ret != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE) {
        fprintf(stderr, "oogst: store: reading inputs: %s\n", sqlite3_errmsg(st->rdb));
        ret = -1;
    }
    sqlite3_reset(x);
    sqlite3_clear_bindings(x);
    return ret;
}

/* Steps statement `which` of the read connection, calling row for each result row; stops
 * early with the callback's value. */
static int each(store *st, int which, int (*row)(sqlite3_stmt *x, void *call), void *call)
{
    if (!st)
        return -1;
    sqlite3_stmt *x = st->r[which];
    if (sqlite3_stmt_busy(x))
        return -1; /* called again from its own callback */
    int ret = 0, rc;
    while ((rc = sqlite3_step(x)) == SQLITE_ROW)
        if ((ret = row(x, call)) != 0)
            break;
    if (ret == 0 && rc != SQLITE_DONE) {
        fprintf(stderr, "oogst: store: reading: %s\n", sqlite3_errmsg(st->rdb));
        ret = -1;
    }
    sqlite3_reset(x);
    return ret;
}

/* The caller's typed callback and its context, for each(). */
struct session_call {
    store_session_fn fn;
    void *ctx;
};
struct question_call {
    store_question_fn fn;
    void *ctx;
};
struct option_call {
    store_option_fn fn;
    void *ctx;
};

static int session_row(sqlite3_stmt *x, void *call)
{
    store_session_row r = {
        .id = sqlite3_column_int64(x, 0),
        .started_ms = sqlite3_column_int64(x, 1),
        .ended_ms = sqlite3_column_int64(x, 2),
        .script_id = col_text(x, 3),
        .script_version = (unsigned)sqlite3_column_int64(x, 4),
        .title = col_text(x, 5),
        .language = col_text(x, 6),
        .state = col_text(x, 7),
    };
    struct session_call *c = call;
    return c->fn(c->ctx, &r);
}

static int question_row(sqlite3_stmt *x, void *call)
{
    store_question_row r = {
        .session_id = sqlite3_column_int64(x, 0),
        .step_index = (size_t)sqlite3_column_int64(x, 1),
        .question_id = col_text(x, 2),
        .kind = col_text(x, 3),
        .text = col_text(x, 4),
        .scale = (unsigned)sqlite3_column_int(x, 5),
        .step_type = col_text(x, 6),
    };
    struct question_call *c = call;
    return c->fn(c->ctx, &r);
}

static int option_row(sqlite3_stmt *x, void *call)
{
    store_option_row r = {
        .session_id = sqlite3_column_int64(x, 0),
        .question_id = col_text(x, 1),
        .option_index = sqlite3_column_int(x, 2),
        .text = col_text(x, 3),
    };
    struct option_call *c = call;
    return c->fn(c->ctx, &r);
}

int store_each_input(store *st, int64_t session_id, store_row_fn fn, void *ctx)
{
    if (!st || !fn)
        return -1;
    sqlite3_stmt *x = st->r[R_INPUTS];
    if (sqlite3_stmt_busy(x) || sqlite3_bind_int64(x, 1, session_id) != SQLITE_OK)
        return -1;
    int ret = 0, rc;
    while ((rc = sqlite3_step(x)) == SQLITE_ROW) {
        store_row row = {
            .device_id = "",
            .session_id = sqlite3_column_int64(x, 0),
            .script_id = "",
            .step_index = (size_t)sqlite3_column_int64(x, 1),
            .step_type = col_text(x, 2),
            .question_id = col_text(x, 3),
            .question_text = "",
            .answer_kind = "",
            .option_index = sqlite3_column_int(x, 4),
            .option_text = "",
            .value = sqlite3_column_int(x, 5),
            .text = col_text(x, 6),
            .input = col_text(x, 7),
            .button = sqlite3_column_int(x, 8),
            .key = "",
            .counted = sqlite3_column_int(x, 9) != 0,
            .reason = col_text(x, 10),
            .at_ms = sqlite3_column_int64(x, 11),
            .mono_ms = sqlite3_column_int64(x, 12),
            .input_id = sqlite3_column_int64(x, 13),
        };
        if ((ret = fn(ctx, &row)) != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE) {
        fprintf(stderr, "oogst: store: reading inputs: %s\n", sqlite3_errmsg(st->rdb));
        ret = -1;
    }
    sqlite3_reset(x);
    sqlite3_clear_bindings(x);
    return ret;
}

int store_each_session(store *st, store_session_fn fn, void *ctx)
{
    struct session_call c = {fn, ctx};
    return fn ? each(st, R_SESSIONS, session_row, &c) : -1;
}

int store_each_question(store *st, store_question_fn fn, void *ctx)
{
    struct question_call c = {fn, ctx};
    return fn ? each(st, R_QUESTIONS, question_row, &c) : -1;
}

int store_each_option(store *st, store_option_fn fn, void *ctx)
{
    struct option_call c = {fn, ctx};
    return fn ? each(st, R_OPTIONS, option_row, &c) : -1;
}

int store_backup(store *st, const char *path, char *err, size_t errlen)
{
    sqlite3 *dst = NULL;
    int rc =
        sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_backup *b = sqlite3_backup_init(dst, "main", st->rdb, "main");
        if (!b) {
            rc = sqlite3_errcode(dst);
        } else {
            /* all pages in one step: a consistent copy of one moment */
            while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                sqlite3_sleep(5);
            int fin = sqlite3_backup_finish(b);
            rc = rc == SQLITE_DONE ? fin : rc;
        }
        /* the copy travels alone: no -wal or -shm file beside it on the stick */
        if (rc == SQLITE_OK)
            rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
    }
    if (rc != SQLITE_OK)
        msg_set(err, errlen, "copy of the database: %s", dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
    sqlite3_close(dst);
    return rc == SQLITE_OK ? 0 : -1;
}

int store_get_stats(store *st, store_stats *out)
{
    if (!out)
        return -1;
    memset(out, 0, sizeof *out);
    if (!st)
        return -1;
    sqlite3_stmt *x = st->r[R_STATS];
    int rc = sqlite3_step(x);
    if (rc == SQLITE_ROW) {
        out->sessions = sqlite3_column_int64(x, 0);
        out->inputs = sqlite3_column_int64(x, 1);
    }
    sqlite3_reset(x);
    if (rc != SQLITE_ROW) {
        fprintf(stderr, "oogst: store: counting: %s\n", sqlite3_errmsg(st->rdb));
        goto fail;
    }

    struct stat sb;
    if (stat(st->path, &sb) != 0) {
        fprintf(stderr, "oogst: store: %s: %s\n", st->path, strerror(errno));
        goto fail;
    }
    out->db_bytes = (int64_t)sb.st_size;
    char wal[PATH_MAX + 8];
    snprintf(wal, sizeof wal, "%s-wal", st->path);
    if (stat(wal, &sb) == 0) {
        out->db_bytes += (int64_t)sb.st_size;
    } else if (errno != ENOENT) { /* no log between connections is normal */
        fprintf(stderr, "oogst: store: %s: %s\n", wal, strerror(errno));
        goto fail;
    }

    /* f_bavail, not f_bfree: the blocks kept for root are not ours to fill. */
    struct statvfs vs;
    if (statvfs(st->dir, &vs) != 0) {
        fprintf(stderr, "oogst: store: %s: %s\n", st->dir, strerror(errno));
        goto fail;
    }
    out->free_bytes = (int64_t)vs.f_bavail * (int64_t)vs.f_frsize;
    return 0;
fail:
    memset(out, 0, sizeof *out);
    return -1;
}

int store_trend(store *st, const char *question_id, store_trend_point *out, size_t max)
{
    if (!st || !question_id || (!out && max > 0))
        return -1;
    if (max == 0)
        return 0;
    if (max > INT_MAX)
        max = INT_MAX; /* the count is returned as an int */
    sqlite3_stmt *x = st->r[R_TREND];
    if (sqlite3_bind_text(x, 1, question_id, -1, SQLITE_STATIC) != SQLITE_OK ||
        sqlite3_bind_int64(x, 2, (sqlite3_int64)max) != SQLITE_OK) {
        fprintf(stderr, "oogst: store: trend: %s\n", sqlite3_errmsg(st->rdb));
        sqlite3_clear_bindings(x);
        return -1;
    }
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(x)) == SQLITE_ROW && n < max) {
        store_trend_point *p = &out[n++];
        memset(p, 0, sizeof *p);
        p->session_id = sqlite3_column_int64(x, 0);
        p->started_wall_ms = sqlite3_column_int64(x, 1);
        p->n = (unsigned)sqlite3_column_int64(x, 2);
        p->mean = sqlite3_column_double(x, 3);
        for (int v = 1; v <= 6; v++)
            p->counts[v] = (unsigned)sqlite3_column_int64(x, 3 + v);
    }
    int ret = (int)n;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "oogst: store: trend: %s\n", sqlite3_errmsg(st->rdb));
        ret = -1;
    }
    sqlite3_reset(x);
    sqlite3_clear_bindings(x);
    return ret;
}

/* ---- test hooks (store_internal.h) -------------------------------------------------- */

int store_create_at_version(const char *path, int version, char *err, size_t len)
{
    if (version < 1 || version > STORE_SCHEMA_VERSION) {
        msg_set(err, len, "no schema version %d", version);
        return -1;
    }
    sqlite3 *db = open_db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, err, len);
    if (!db)
        return -1;
    int ret = configure(db, path, err, len) == 0 && migrate(db, path, version, err, len) == 0 ? 0 : -1;
    if (sqlite3_close(db) != SQLITE_OK && ret == 0) {
        msg_set(err, len, "%s: close failed", path);
        ret = -1;
    }
    return ret;
}

int store_test_exec(store *st, const char *sql, char *err, size_t len)
{
    return exec_sql(st->wdb, sql, err, len);
}

long store_test_query_int(store *st, const char *sql)
{
    long n = -1;
    char e[ERR_LEN];
    if (query_int(st->wdb, sql, &n, e, sizeof e) != 0)
        return -1;
    return n;
}
