/* torture.c — whole sessions through `oogst --replay` while the program is killed with
 * SIGKILL at random moments and writes and syncs in its data dir fail; afterwards the
 * log holds every acknowledged input, each stored and counted once, and is intact.
 *
 *   torture OOGST WORKDIR [--presses N] [--kills K] [--faults F] [--seed S]
 *                         [--preload LIST] [--script FILE]...
 *
 * Sessions of the scripts (default: a mix of the shipped ones and the rules test) are
 * made up until they hold N inputs: presses with their releases, touches, digit keys
 * and typed answers (some not counted: out of range, too soon, empty, too long, the
 * wrong kind) on every question, next through every step and part, then end. A session
 * runs in up to four parts: a run that ends a part leaves the session running with all
 * of it committed, and the next run continues with --resume at the very next action
 * (the log must say that the room is there). After a run that was killed or failed,
 * the next one resumes where the log says the room was, pressing again what that step
 * or part had had (a room does not know what was saved), or starts the session anew
 * when its beginning never got in.
 *
 * The K kills:
 *   replay     a run that starts a session  \  half at a random moment (SIGKILL from
 *   resume     a run that continues one     /  here), half right before a random write
 *                                              or sync in the data dir (the library's)
 *   export     oogst --export of the log, at a random moment or before a random write
 *              or sync of the export; a folder it left visible must hold an intact copy
 *   migration  a run on a version-1 log (a data dir of its own, with an old session of
 *              SEED_INPUTS inputs), right before a random write or sync of the migration
 * The F faults: a run in which the Nth write or sync (random N and kind) in the data dir
 * fails with EIO or ENOSPC, once or from then on. It must end by itself: exit 0 with
 * every input acknowledged, or exit 2 with a message; never a signal, a hang or a
 * sanitizer report, never a write given up, never an acknowledgement of what is not
 * stored.
 *
 * After every run, and over everything at the end: integrity_check and
 * foreign_key_check clean; every "ack SEQ" seen (up to a kill, too) is a row of inputs
 * and no SEQ was acknowledged twice; no input is stored twice; each answers row belongs
 * to one counted input with the same values and each counted input has exactly one
 * answers row, so per session the counted inputs and the answers agree; the old
 * session of a migrated log is whole; a run that ends well says that its engine's
 * tally (rebuilt from the log when resumed) and the log agree; an export's copy holds
 * every acknowledged input. One summary line, "ok" last; or the first failure, exit 1.
 *
 * LIST is the LD_PRELOAD of the runs that use tests/preload/iofault.c (default:
 * iofault.so beside this program); a program built with ASan needs its runtime first
 * ("/path/libasan.so:/path/iofault.so"). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "content/content.h"
#include "core/script.h"
#include "store/store_internal.h"

enum {
    MAX_SCRIPTS = 32,
    MAX_PARTS = 3,      /* an interview in threes, the three monitoring questions */
    SEED_SESSION = 7,   /* the old session in a version-1 log */
    SEED_INPUTS = 2000, /* its inputs: the migration's index has pages to write */
    MAX_RUNS = 60,      /* runs of one session before it counts as stuck */
    EXPORT_TRIES = 10,  /* export runs at one point until a kill lands */
    MAX_EXTRA = 200,    /* sessions beyond the plan while kills or faults are still due */
    HANG_SECONDS = 120, /* a run that takes longer hangs: it is killed and the torture fails */
};

static const char *const default_scripts[] = {
    "content/nl/waarderen.yaml",  "content/en/quickscan.yaml",        "content/nl/leertraject.yaml",
    "content/en/monitoring.yaml", "content/nl/verbetersessie-b.yaml", "content/en/waarderen-kort.yaml",
    "tests/replay/rules.yaml",
};

/* Typed answers; the events file escapes the quotes and backslashes. */
static const char *const phrases[] = {
    "Samen lunchen",
    "Elkaar vaker bedanken",
    "Beter overdragen",
    "Eén keer per week een \"stand-up\"",
    "Café-overleg met de buren",
    "Naïeve vragen mogen",
    "Back\\slash en \"quotes\"",
    "Minder mail, meer praten",
    "Mantelzorgers om tien uur op de koffie",
    "Ideeën \xf0\x9f\x92\xa1 delen",
};

/* ---- failures, randomness, time --------------------------------------------------- */

static char why[2048];

static int failf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int failf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    return -1;
}

/* snprintf that fails the torture when the text does not fit (a path too long). */
static int put(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int put(char *buf, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, len, fmt, ap);
    va_end(ap);
    return n >= 0 && (size_t)n < len ? 0 : failf("too long: %.200s", buf);
}

static uint64_t rng;

/* splitmix64: a seed gives the same sessions and choices on every machine (where a
 * kill at a moment lands still depends on the machine's speed). */
static uint64_t rnd(void)
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static unsigned below(unsigned n)
{
    return n ? (unsigned)(rnd() % n) : 0;
}

static double unit(void)
{
    return (double)(rnd() >> 11) / 9007199254740992.0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- sessions: what the room does ------------------------------------------------- */

typedef enum in_kind { IN_PRESS, IN_CHOOSE, IN_KEY, IN_TEXT } in_kind;

typedef struct input {
    in_kind kind;
    int n;           /* button, option or digit */
    unsigned gap_ms; /* after the event before it */
    char *text;
} input;

/* One thing the room does, in order: an input, the next that closes a vote or rating,
 * the next that moves on (to the next part: an interview's role, a monitoring question;
 * or to the next step). step and part: where the room is when it does it. */
typedef enum act_kind { A_INPUT, A_CLOSE, A_NEXT } act_kind;

typedef struct action {
    act_kind kind;
    size_t step;
    unsigned part;
    input in;
} action;

enum { MAX_CUTS = 3 };

typedef struct plan {
    const script *s;
    action *acts;
    size_t n_acts, cap, n_inputs;
    /* A run that reaches a cut stops there without an end, all of it committed, and the
     * next run resumes the session at that very action: resumptions with answers to
     * restore, which a run killed while the replay's virtual clock has queued the whole
     * session at once rarely gives. */
    size_t cuts[MAX_CUTS];
    size_t n_cuts;
} plan;

static unsigned parts_of(const step *sp)
{
    if (sp->type == STEP_INTERVIEW)
        return sp->group_size == 3 ? 3 : 2;
    if (sp->type == STEP_MONITORING && sp->n_questions > 0)
        return sp->n_questions < MAX_PARTS ? (unsigned)sp->n_questions : MAX_PARTS;
    return 1;
}

static bool closes(const step *sp)
{
    return sp->type == STEP_VOTE || sp->type == STEP_RATING;
}

static int one_input(input *in, const question *q)
{
    unsigned r = below(100);
    if (q->kind == ANSWER_TEXT) {
        if (r < 80) {
            in->kind = IN_TEXT;
            in->text = strdup(phrases[below(sizeof phrases / sizeof phrases[0])]);
        } else if (r < 85) {
            in->kind = IN_TEXT;
            in->text = strdup(r < 83 ? "" : "   ");
        } else if (r < 90) { /* too long */
            size_t len = (q->max_length ? q->max_length : 140) + 1 + below(5);
            in->kind = IN_TEXT;
            in->text = malloc(len + 1);
            if (in->text) {
                memset(in->text, 'x', len);
                in->text[len] = '\0';
            }
        } else { /* a button on a text question: the wrong kind */
            in->kind = IN_PRESS;
            in->n = 1 + (int)below(SCRIPT_BUTTONS);
            return 0;
        }
        return in->text ? 0 : failf("out of memory");
    }
    unsigned n = q->kind == ANSWER_CHOICE ? (unsigned)q->n_options : q->scale;
    unsigned reach = n < SCRIPT_BUTTONS ? n : SCRIPT_BUTTONS;
    if (r < 72) {
        in->kind = IN_PRESS;
        in->n = 1 + (int)below(reach);
    } else if (r < 80) { /* a button without an option, when there is one */
        in->kind = IN_PRESS;
        in->n = n < SCRIPT_BUTTONS ? (int)(n + 1 + below(SCRIPT_BUTTONS - n)) : 1 + (int)below(reach);
    } else if (r < 92) {
        in->kind = IN_CHOOSE;
        in->n = 1 + (int)below(n);
    } else if (r < 98) {
        in->kind = IN_KEY;
        in->n = 1 + (int)below(SCRIPT_BUTTONS);
    } else {
        in->kind = IN_TEXT;
        in->text = strdup(phrases[below(sizeof phrases / sizeof phrases[0])]);
        if (!in->text)
            return failf("out of memory");
    }
    return 0;
}

static action *push(plan *p, act_kind kind, size_t si, unsigned part)
{
    if (p->n_acts == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 256;
        action *a = realloc(p->acts, cap * sizeof *a);
        if (!a) {
            failf("out of memory");
            return NULL;
        }
        p->acts = a;
        p->cap = cap;
    }
    action *a = &p->acts[p->n_acts++];
    memset(a, 0, sizeof *a);
    a->kind = kind;
    a->step = si;
    a->part = part;
    return a;
}

static void plan_free(plan *p)
{
    for (size_t i = 0; i < p->n_acts; i++)
        free(p->acts[i].in.text);
    free(p->acts);
    p->acts = NULL;
    p->n_acts = p->cap = 0;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* A session of s with at most max_inputs inputs. Inputs on a step with a timer stay
 * well inside it: a vote that closed by itself would take the next that moves on for
 * the one that closes. */
static int plan_make(plan *p, const script *s, size_t max_inputs)
{
    memset(p, 0, sizeof *p);
    p->s = s;
    for (size_t si = 0; si < s->n_steps; si++) {
        const step *sp = &s->steps[si];
        unsigned n_parts = parts_of(sp);
        int64_t budget = sp->duration_ms && sp->type != STEP_INTERVIEW ? (int64_t)sp->duration_ms - 3000 : -1;
        for (unsigned k = 0; k < n_parts; k++) {
            const question *q = k < sp->n_questions ? &sp->questions[k] : NULL;
            unsigned want = q && q->kind != ANSWER_NONE ? 4 + below(60) : 0;
            for (unsigned i = 0; i < want && p->n_inputs < max_inputs; i++) {
                unsigned gap = 150 + below(1200);
                if (budget >= 0) {
                    if ((int64_t)gap > budget)
                        break;
                    budget -= gap;
                }
                action *a = push(p, A_INPUT, si, k);
                if (!a)
                    return -1;
                a->in.gap_ms = gap;
                if (one_input(&a->in, q) < 0)
                    return -1;
                p->n_inputs++;
            }
            if (budget >= 0)
                budget = budget > 600 ? budget - 600 : 0;
            if (closes(sp) && !push(p, A_CLOSE, si, k))
                return -1;
            if (!push(p, A_NEXT, si, k))
                return -1;
        }
    }
    unsigned n = below(MAX_CUTS + 1);
    for (unsigned i = 0; i < n && p->n_acts > 1; i++)
        p->cuts[p->n_cuts++] = 1 + below((unsigned)p->n_acts - 1);
    qsort(p->cuts, p->n_cuts, sizeof p->cuts[0], cmp_size);
    return 0;
}

/* Where the run after one that stopped or was killed goes on: the first action of the
 * step and part the log holds; when the voting there was closed, its next that moves on. */
static size_t action_at(const plan *p, size_t si, unsigned part, bool closed)
{
    const step *sp = si < p->s->n_steps ? &p->s->steps[si] : NULL;
    for (size_t i = 0; i < p->n_acts; i++) {
        const action *a = &p->acts[i];
        if (a->step == si && a->part == part && (!closed || !sp || !closes(sp) || a->kind == A_NEXT))
            return i;
    }
    return p->n_acts;
}

/* The first cut after `at`, or the end. */
static size_t next_cut(const plan *p, size_t at)
{
    for (size_t i = 0; i < p->n_cuts; i++)
        if (p->cuts[i] > at)
            return p->cuts[i];
    return p->n_acts;
}

static void put_text(FILE *f, const char *t)
{
    fputc('"', f);
    for (; *t; t++) {
        if (*t == '"' || *t == '\\')
            fputc('\\', f);
        fputc(*t, f);
    }
    fputc('"', f);
}

/* The events of actions [from, to), after a start when fresh, with an end when `to` is
 * the end of the session. Returns the inputs written, or -1. */
static long write_events(const char *path, const plan *p, bool fresh, size_t from, size_t to)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return failf("%s: %s", path, strerror(errno));
    if (fresh)
        fprintf(f, "0 start\n");
    long t = 10, n = 0;
    for (size_t i = from; i < to; i++) {
        const action *a = &p->acts[i];
        if (a->kind != A_INPUT) {
            t += 300;
            fprintf(f, "%ld next\n", t);
            continue;
        }
        const input *in = &a->in;
        t += in->gap_ms;
        n++;
        switch (in->kind) {
        case IN_PRESS: fprintf(f, "%ld press %d\n%ld release %d\n", t, in->n, t + 60, in->n); break;
        case IN_CHOOSE: fprintf(f, "%ld choose %d\n", t, in->n); break;
        case IN_KEY: fprintf(f, "%ld key %d\n", t, in->n); break;
        case IN_TEXT:
            fprintf(f, "%ld text ", t);
            put_text(f, in->text);
            fputc('\n', f);
            break;
        }
    }
    if (to == p->n_acts)
        fprintf(f, "%ld end\n", t + 100);
    if (ferror(f) | fclose(f))
        return failf("%s: cannot write", path);
    return n;
}

/* ---- running the program ----------------------------------------------------------- */

typedef struct ids {
    long long *v;
    size_t n, cap;
} ids;

static int ids_push(ids *a, long long v)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 1024;
        long long *p = realloc(a->v, cap * sizeof *p);
        if (!p)
            return failf("out of memory");
        a->v = p;
        a->cap = cap;
    }
    a->v[a->n++] = v;
    return 0;
}

typedef struct outcome {
    int status; /* exit status, or -signal */
    double took;
    ids acks;
    bool agree, disagree; /* "engine and log agree" or "DISAGREE" */
    char first[PATH_MAX]; /* the first other line (an export: its folder) */
    char err[8192];       /* the start of stderr */
    bool sanitizer;       /* stderr holds a sanitizer's report */
    bool hung;            /* killed after HANG_SECONDS */
} outcome;

static void take_line(outcome *o, const char *line)
{
    long long id;
    char end;
    if (sscanf(line, "ack %lld%c", &id, &end) == 1) {
        if (ids_push(&o->acks, id) < 0)
            abort();
    } else if (!strcmp(line, "engine and log agree")) {
        o->agree = true;
    } else if (strstr(line, "DISAGREE")) {
        o->disagree = true;
    } else if (!o->first[0]) {
        size_t n = strnlen(line, sizeof o->first - 1);
        memcpy(o->first, line, n);
        o->first[n] = '\0';
    }
}

static void read_err(const char *path, outcome *o)
{
    o->err[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    size_t n = fread(o->err, 1, sizeof o->err - 1, f);
    o->err[n] = '\0';
    /* A sanitizer's report may come after much else: all of it is searched. */
    size_t cap = 1 << 20;
    char *all = malloc(cap + 1);
    if (all) {
        rewind(f);
        n = fread(all, 1, cap, f);
        all[n] = '\0';
        o->sanitizer = strstr(all, "Sanitizer") || strstr(all, "runtime error:");
        free(all);
    }
    fclose(f);
}

/* Runs argv with env added; SIGKILLs it after kill_after seconds, or when negative after
 * HANG_SECONDS (o->hung). Collects stdout's lines (every "ack N" written before a kill)
 * and stderr. */
static int run_prog(char *const argv[], char *const env[], double kill_after, const char *err_path,
                    outcome *o)
{
    free(o->acks.v);
    memset(o, 0, sizeof *o);
    int fds[2];
    if (pipe(fds) < 0)
        return failf("pipe: %s", strerror(errno));
    double t0 = now_s();
    pid_t pid = fork();
    if (pid < 0)
        return failf("fork: %s", strerror(errno));
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        int e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (e >= 0)
            dup2(e, 2);
        for (size_t i = 0; env && env[i]; i++)
            putenv(env[i]);
        execv(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    char buf[65536];
    size_t have = 0;
    bool killed = false;
    double limit = kill_after >= 0 ? kill_after : HANG_SECONDS;
    for (;;) {
        double left = limit - (now_s() - t0);
        if (!killed && left <= 0) {
            kill(pid, SIGKILL);
            killed = true;
            o->hung = kill_after < 0;
        }
        struct pollfd p = {.fd = fds[0], .events = POLLIN};
        struct timespec ts = {0, 0}, *tp = NULL;
        if (!killed) {
            ts.tv_sec = (time_t)left;
            ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
            tp = &ts;
        }
        int r = ppoll(&p, 1, tp, NULL);
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0)
            continue;
        ssize_t k = read(fds[0], buf + have, sizeof buf - have - 1);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        have += (size_t)k;
        char *line = buf, *nl;
        while ((nl = memchr(line, '\n', have - (size_t)(line - buf)))) {
            *nl = '\0';
            take_line(o, line);
            line = nl + 1;
        }
        have -= (size_t)(line - buf);
        memmove(buf, line, have);
        if (have == sizeof buf - 1) /* a line longer than the buffer: not ours to parse */
            have = 0;
    }
    close(fds[0]);
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    o->took = now_s() - t0;
    o->status = WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
    read_err(err_path, o);
    return 0;
}

/* What tests/preload/iofault.c wrote to its report file. */
typedef struct report {
    bool failed, killed;
    char line[512]; /* the fault or kill, as it said it */
    bool counted;   /* the run ended normally and said how many calls it saw */
    unsigned long writes, syncs;
} report;

static void read_report(const char *path, report *r)
{
    memset(r, 0, sizeof *r);
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (!strncmp(line, "fail ", 5) && !r->failed) {
            r->failed = true;
            snprintf(r->line, sizeof r->line, "%s", line);
        } else if (!strncmp(line, "kill ", 5)) {
            r->killed = true;
            snprintf(r->line, sizeof r->line, "%s", line);
        } else if (sscanf(line, "count write %lu fsync %lu", &r->writes, &r->syncs) == 2) {
            r->counted = true;
        }
    }
    fclose(f);
}

/* ---- the logs ---------------------------------------------------------------------- */

typedef struct logdir {
    char dir[PATH_MAX], db[PATH_MAX + 16];
    unsigned char *acked; /* acked[id]: acknowledged */
    size_t cap;
    ids all;
    bool seeded; /* a version-1 log with the old session */
    long seed_answers;
} logdir;

/* Records a run's acks; an input acknowledged twice is a failure. */
static int take_acks(logdir *d, const ids *a)
{
    for (size_t i = 0; i < a->n; i++) {
        long long id = a->v[i];
        if (id <= 0)
            return failf("%s: ack %lld is not a row id", d->db, id);
        if ((size_t)id >= d->cap) {
            size_t cap = d->cap ? d->cap : 4096;
            while (cap <= (size_t)id)
                cap *= 2;
            unsigned char *p = realloc(d->acked, cap);
            if (!p)
                return failf("out of memory");
            memset(p + d->cap, 0, cap - d->cap);
            d->acked = p;
            d->cap = cap;
        }
        if (d->acked[id])
            return failf("%s: input %lld was acknowledged twice", d->db, id);
        d->acked[id] = 1;
        if (ids_push(&d->all, id) < 0)
            return -1;
    }
    return 0;
}

/* A connection that changes nothing: no checkpoint when it closes, so the next run
 * finds the write-ahead log as the killed one left it. */
static sqlite3 *peek(const char *path)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        failf("cannot open %s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 5000);
    sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)NULL);
    if (sqlite3_exec(db, "PRAGMA query_only = ON", NULL, NULL, NULL) != SQLITE_OK) {
        failf("%s: %s", path, sqlite3_errmsg(db));
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

/* The first row of sql: 1 and its first two columns, 0 no row, -1 an error. */
static int row2(sqlite3 *db, const char *sql, long long *a, long long *b)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        return failf("%.80s: %s", sql, sqlite3_errmsg(db));
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        if (a)
            *a = sqlite3_column_int64(s, 0);
        if (b)
            *b = sqlite3_column_count(s) > 1 ? sqlite3_column_int64(s, 1) : 0;
    } else if (rc != SQLITE_DONE) {
        failf("%.80s: %s", sql, sqlite3_errmsg(db));
    }
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int integrity(sqlite3 *db, const char *path)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK)
        return failf("%s: integrity_check: %s", path, sqlite3_errmsg(db));
    int rc = sqlite3_step(s);
    const char *v = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) : NULL;
    int ret = v && !strcmp(v, "ok") ? 0 : failf("%s: integrity_check: %s", path, v ? v : sqlite3_errmsg(db));
    sqlite3_finalize(s);
    return ret;
}

/* The log is intact and consistent; every id in acks is an input; final: no session
 * is left running either. */
static int check_log(const logdir *d, const ids *acks, bool final)
{
    if (access(d->db, F_OK) != 0)
        return acks->n ? failf("%s: gone, with %zu inputs acknowledged", d->db, acks->n) : 0;
    sqlite3 *db = peek(d->db);
    if (!db)
        return -1;
    long long a = 0, b = 0;
    int ret = -1, r;
    if (integrity(db, d->db) < 0)
        goto out;
    r = row2(db, "SELECT count(*) FROM sqlite_master WHERE name IN ('inputs', 'answers')", &a, NULL);
    if (r < 0)
        goto out;
    if (a < 2) { /* killed before the schema was committed */
        ret = acks->n ? failf("%s: no tables, with %zu inputs acknowledged", d->db, acks->n) : 0;
        goto out;
    }
    if ((r = row2(db, "PRAGMA foreign_key_check", &a, NULL)) != 0) {
        if (r > 0)
            failf("%s: foreign_key_check reports a row that points nowhere", d->db);
        goto out;
    }
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM inputs WHERE id = ?", -1, &s, NULL) != SQLITE_OK) {
        failf("%s: %s", d->db, sqlite3_errmsg(db));
        goto out;
    }
    for (size_t i = 0; i < acks->n; i++) {
        sqlite3_bind_int64(s, 1, acks->v[i]);
        if (sqlite3_step(s) != SQLITE_ROW) {
            failf("%s: input %lld was acknowledged but is not in the database", d->db, acks->v[i]);
            sqlite3_finalize(s);
            goto out;
        }
        sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    /* Each query finds the first row that breaks a rule: its message names it by a and b. */
    static const struct {
        const char *sql, *fmt;
    } rules[] = {
        {"SELECT input_id, count(*) FROM answers GROUP BY input_id HAVING count(*) > 1 LIMIT 1",
         "%s: input %lld is in answers %lld times"},
        {"SELECT a.id, a.input_id FROM answers a LEFT JOIN inputs i ON i.id = a.input_id"
         " WHERE i.id IS NULL OR i.counted != 1 OR i.session_id != a.session_id"
         " OR i.step_index != a.step_index OR i.question_id IS NOT a.question_id"
         " OR i.option != a.option OR i.value != a.value OR i.text IS NOT a.text LIMIT 1",
         "%s: answers row %lld does not match a counted input %lld"},
        {"SELECT i.id FROM inputs i WHERE i.counted = 1"
         " AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.input_id = i.id) LIMIT 1",
         "%s: input %lld is counted but has no answers row"},
        /* One press stored twice (a batch committed twice) would be two rows alike: every
         * run has a wall clock of its own and a virtual one that never stands still. */
        {"SELECT min(id), count(*) FROM inputs GROUP BY session_id, wall_ms, mono_ms, source, button,"
         " coalesce(key, ''), coalesce(text, '') HAVING count(*) > 1 LIMIT 1",
         "%s: input %lld is stored %lld times"},
        {"SELECT id, c FROM (SELECT s.id AS id,"
         " (SELECT count(*) FROM inputs i WHERE i.session_id = s.id AND i.counted = 1) AS c,"
         " (SELECT count(*) FROM answers a WHERE a.session_id = s.id) AS n FROM sessions s)"
         " WHERE c != n LIMIT 1",
         "%s: session %lld: its %lld counted inputs and its answers rows differ in number"},
    };
    for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
        if ((r = row2(db, rules[i].sql, &a, &b)) != 0) {
            if (r > 0)
                failf(rules[i].fmt, d->db, a, b);
            goto out;
        }
    }
    if (d->seeded) {
        char sql[256];
        snprintf(sql, sizeof sql,
                 "SELECT (SELECT count(*) FROM inputs WHERE session_id = %d),"
                 " (SELECT count(*) FROM answers WHERE session_id = %d)",
                 SEED_SESSION, SEED_SESSION);
        if (row2(db, sql, &a, &b) < 0)
            goto out;
        if (a != SEED_INPUTS || b != d->seed_answers) {
            failf("%s: the old session has %lld inputs and %lld answers, not %d and %ld", d->db, a, b,
                  SEED_INPUTS, d->seed_answers);
            goto out;
        }
    }
    if (final) {
        r = row2(db, "SELECT id FROM sessions WHERE state = 'running' LIMIT 1", &a, NULL);
        if (r != 0) {
            if (r > 0)
                failf("%s: session %lld is still running at the end", d->db, a);
            goto out;
        }
    }
    ret = 0;
out:
    sqlite3_close(db);
    return ret;
}

typedef struct where {
    long long id;
    size_t step;
    unsigned part;
    bool closed;
    char state[16];
} where;

/* The newest session above `after`: 1 found, 0 none, -1 error. A log not yet migrated
 * past version 2 has no cur_closed: nothing was closed there. */
static int newest_session(const logdir *d, long long after, where *w)
{
    if (access(d->db, F_OK) != 0)
        return 0;
    sqlite3 *db = peek(d->db);
    if (!db)
        return -1;
    sqlite3_stmt *s = NULL;
    int ret = -1;
    const char *sql = "SELECT id, cur_step, cur_part, cur_closed, state FROM sessions WHERE id > ?"
                      " ORDER BY id DESC LIMIT 1";
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK &&
        strstr(sqlite3_errmsg(db), "no such column"))
        sqlite3_prepare_v2(db,
                           "SELECT id, cur_step, cur_part, 0, state FROM sessions WHERE id > ?"
                           " ORDER BY id DESC LIMIT 1",
                           -1, &s, NULL);
    if (!s) { /* no sessions table: nothing was begun */
        ret = strstr(sqlite3_errmsg(db), "no such table") ? 0 : failf("%s: %s", d->db, sqlite3_errmsg(db));
        sqlite3_close(db);
        return ret;
    }
    sqlite3_bind_int64(s, 1, after);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        w->id = sqlite3_column_int64(s, 0);
        w->step = (size_t)sqlite3_column_int64(s, 1);
        w->part = (unsigned)sqlite3_column_int(s, 2);
        w->closed = sqlite3_column_int(s, 3) != 0;
        snprintf(w->state, sizeof w->state, "%s", (const char *)sqlite3_column_text(s, 4));
        ret = 1;
    } else if (rc == SQLITE_DONE) {
        ret = 0;
    } else {
        failf("%s: %s", d->db, sqlite3_errmsg(db));
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return ret;
}

static long long max_session(const logdir *d)
{
    if (access(d->db, F_OK) != 0)
        return 0;
    sqlite3 *db = peek(d->db);
    if (!db)
        return -1;
    long long id = 0;
    int r = row2(db, "SELECT coalesce(max(id), 0) FROM sessions", &id, NULL);
    if (r < 0 && strstr(why, "no such table"))
        r = 0, id = 0;
    sqlite3_close(db);
    return r < 0 ? -1 : id;
}

static int user_version(const char *path)
{
    sqlite3 *db = peek(path);
    if (!db)
        return -1;
    long long v = -1;
    if (row2(db, "PRAGMA user_version", &v, NULL) <= 0)
        v = -1;
    sqlite3_close(db);
    return (int)v;
}

/* A version-1 log with one finished old session of SEED_INPUTS inputs, some counted. */
static int make_old_log(logdir *d)
{
    if (mkdir(d->dir, 0700) != 0 && errno != EEXIST)
        return failf("%s: %s", d->dir, strerror(errno));
    char err[512];
    if (store_create_at_version(d->db, 1, err, sizeof err) != 0)
        return failf("%s", err);
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(d->db, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return failf("cannot open %s", d->db);
    }
    char sql[512];
    snprintf(sql, sizeof sql,
             "BEGIN;"
             "INSERT INTO device VALUES (1, '00112233aabbccdd', 1);"
             "INSERT INTO sessions (id, script_id, script_version, script_path, language, title, state,"
             " cur_step, cur_part, started_wall_ms, started_mono_ms)"
             " VALUES (%d, 'oud', 1, 'x.yaml', 'en', 'Old', 'finished', 1, 0, 1000, 10);"
             "INSERT INTO steps_run VALUES (3, %d, 1, 0, 'vote', 'Pick', 1001, 11);"
             "INSERT INTO questions VALUES (1, %d, 1, 'q-old', 'choice', 'Which?');",
             SEED_SESSION, SEED_SESSION, SEED_SESSION);
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    for (int o = 1; o <= 3 && rc == SQLITE_OK; o++) {
        snprintf(sql, sizeof sql, "INSERT INTO options VALUES (%d, %d, 1, 'q-old', %d, 'Option %d')", o,
                 SEED_SESSION, o, o);
        rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    }
    d->seed_answers = 0;
    for (int i = 1; i <= SEED_INPUTS && rc == SQLITE_OK; i++) {
        int button = 1 + (int)below(6), counted = button <= 3 && below(4) != 0;
        const char *reason = counted ? "counted" : button > 3 ? "no-option" : "lockout";
        snprintf(sql, sizeof sql,
                 "INSERT INTO inputs VALUES (%d, %d, 3, 1, 0, 'q-old', 'button', %d, NULL, %d, 0, NULL, %d,"
                 " '%s', %d, %d)",
                 i, SEED_SESSION, button, button <= 3 ? button : 0, counted, reason, 1002 + i, 12 + i);
        rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
        if (rc == SQLITE_OK && counted) {
            snprintf(sql, sizeof sql, "INSERT INTO answers VALUES (NULL, %d, %d, 1, 'q-old', %d, 0, NULL)", i,
                     SEED_SESSION, button);
            rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
            d->seed_answers++;
        }
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    int ret = rc == SQLITE_OK ? 0 : failf("%s: seeding: %s", d->db, sqlite3_errmsg(db));
    sqlite3_close(db);
    d->seeded = true;
    return ret;
}

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void remove_tree(const char *path)
{
    nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---- the torture -------------------------------------------------------------------- */

typedef enum act { ACT_CLEAN, ACT_KILL_TIME, ACT_KILL_IO, ACT_FAULT } act;
typedef enum kill_where { KW_REPLAY, KW_RESUME, KW_EXPORT, KW_MIGRATION, KW_COUNT } kill_where;
static const char *const where_name[KW_COUNT] = {"replay", "resume", "export", "migration"};
static const char *const act_name[] = {"", ", kill", ", kill", ", fault"};

/* What a run of n inputs takes: base + per * n from the calibration, times a scale
 * that follows the runs since (the log grows; the first runs met cold caches). */
typedef struct model {
    double base, per, scale;
} model;

static double predict(const model *m, long n)
{
    return m->scale * (m->base + m->per * (double)n);
}

static void learn(model *m, double seen, long n)
{
    double p = m->base + m->per * (double)n;
    if (p > 0 && seen > 0)
        m->scale = 0.7 * m->scale + 0.3 * seen / p;
}

/* A random number from 1 to most of `upto`: a kill or fault then mostly lands. */
static unsigned long pick(double upto)
{
    return 1 + below(upto * 0.9 > 1 ? (unsigned)(upto * 0.9) : 1);
}

typedef struct torture {
    const char *oogst, *preload;
    char work[PATH_MAX];
    char events[PATH_MAX + 32], errfile[PATH_MAX + 32], report[PATH_MAX + 32];
    /* what is still to come */
    unsigned kills_left, faults_left, migrations_left, exports_left;
    /* a clean run: its time, its writes and syncs in the data dir; a migration's calls */
    model time, writes, syncs;
    double mig_ops;
    /* what happened */
    unsigned kills[KW_COUNT], kills_time, kills_io, older_schema;
    unsigned faults, faults_eio, faults_enospc, faults_write, faults_sync, faults_sticky, fault_exit0,
        fault_exit2;
    unsigned sessions, extra, runs, exports;
    size_t planned, extra_inputs, sent, resent, acks;
} torture;

static void env_set(char (*env)[PATH_MAX + 64], size_t *n, const char *name, const char *value)
{
    snprintf(env[*n], sizeof env[*n], "%s=%s", name, value);
    (*n)++;
}

/* The environment for a run with the library: faults or a kill at call `nth` under `dir`. */
static void fault_env(const torture *t, char (*env)[PATH_MAX + 64], char **envp, const char *dir,
                      const char *op, unsigned long nth, const char *err, bool sticky)
{
    size_t n = 0;
    char num[32];
    snprintf(num, sizeof num, "%lu", nth);
    env_set(env, &n, "LD_PRELOAD", t->preload);
    env_set(env, &n, "OOGST_FAULT_DIR", dir);
    env_set(env, &n, "OOGST_FAULT_OP", op);
    env_set(env, &n, "OOGST_FAULT_NTH", num);
    env_set(env, &n, "OOGST_FAULT_ERRNO", err);
    env_set(env, &n, "OOGST_FAULT_STICKY", sticky ? "1" : "0");
    env_set(env, &n, "OOGST_FAULT_REPORT", t->report);
    for (size_t i = 0; i < n; i++)
        envp[i] = env[i];
    envp[n] = NULL;
    unlink(t->report);
}

/* The run ended by itself: does the way it ended fit what was done to it? */
static int judge_exit(const outcome *o, bool faulted, long inputs, const char *what)
{
    if (o->sanitizer)
        return failf("%s: a sanitizer reported:\n%s", what, o->err);
    if (o->hung)
        return failf("%s: still running after %d s: it hangs\n%s", what, HANG_SECONDS, o->err);
    if (o->status < 0)
        return failf("%s: ended by signal %d (%s)\n%s", what, -o->status, strsignal(-o->status), o->err);
    /* A disk that fails is no reason to give a write up: the store keeps it and retries. */
    if (strstr(o->err, "cannot be stored") || strstr(o->err, "not stored"))
        return failf("%s: the store gave a write up\n%s", what, o->err);
    if (faulted && o->status == 2) {
        if (!strstr(o->err, "oogst:"))
            return failf("%s: exit 2 without a message", what);
        return 0;
    }
    if (o->status != 0)
        return failf("%s: exit %d%s\n%s", what, o->status,
                     faulted ? " (expected 0, or 2 with a message)" : "", o->err);
    if (inputs >= 0 && (o->disagree || !o->agree))
        return failf("%s: the summary does not say that engine and log agree", what);
    if (inputs >= 0 && (long)o->acks.n != inputs)
        return failf("%s: %zu acks for %ld inputs, though the run ended well", what, o->acks.n, inputs);
    return 0;
}

/* Runs one session in d until the log holds it finished: the first run from the start,
 * each run up to the next cut or the end; after a run that reached its cut, the next
 * resumes there; after one that was killed or failed, where the log says the room was
 * (or from the start again when the beginning never got in). kills, faults: how many
 * runs to kill, to fail; migration: the first run is killed inside the migration of d's
 * old log. What did not land goes back to the torture's counts for the next session. */
static int run_session(torture *t, const plan *p, logdir *d, unsigned kills, unsigned faults, bool migration)
{
    long long before = max_session(d);
    if (before < 0)
        return -1;
    bool fresh = true;
    size_t at = 0;
    where w = {0};
    char line[1024] = "";
    size_t ll = 0;
    outcome o = {0};
    int ret = -1;
    t->sessions++;
    for (unsigned run = 0;; run++) {
        if (run == MAX_RUNS) {
            failf("session %u (%s): not finished after %d runs", t->sessions, p->s->path, MAX_RUNS);
            goto out;
        }
        /* The kills first: after the first, the session is mostly resumed; a run that
         * starts one and stops at a cut is left alone half the time, so that resumptions
         * get their share. The faults after them: a run with a fault that does not stay
         * usually ends the session. */
        size_t to = next_cut(p, at);
        act a = ACT_CLEAN;
        if (migration)
            a = ACT_KILL_IO;
        else if (kills && !(fresh && to < p->n_acts && below(2)))
            a = below(2) ? ACT_KILL_IO : ACT_KILL_TIME;
        else if (faults && !kills)
            a = ACT_FAULT;
        long n_in = write_events(t->events, p, fresh, at, to);
        if (n_in < 0)
            goto out;
        t->sent += (size_t)n_in;
        if (!fresh)
            t->resent += (size_t)n_in;
        char *argv[] = {(char *)t->oogst, "--replay", t->events,  "--script", (char *)p->s->path,
                        "--data-dir",     d->dir,     "--resume", NULL};
        if (fresh)
            argv[7] = NULL;
        char env[8][PATH_MAX + 64], *envp[9] = {NULL};
        double kill_at = -1;
        const char *fop = "any", *ferr = "EIO";
        bool sticky = false;
        unsigned long nth = 0;
        if (a == ACT_KILL_TIME) {
            kill_at = unit() * 0.9 * predict(&t->time, n_in);
        } else if (a == ACT_KILL_IO) {
            nth = pick(migration ? t->mig_ops : predict(&t->writes, n_in) + predict(&t->syncs, n_in));
            ferr = "KILL";
        } else if (a == ACT_FAULT) {
            bool sync = below(3) == 0;
            fop = sync ? "fsync" : "write";
            nth = pick(predict(sync ? &t->syncs : &t->writes, n_in));
            ferr = below(2) ? "ENOSPC" : "EIO";
            sticky = below(10) < 3;
        }
        char wal[PATH_MAX + 32];
        snprintf(wal, sizeof wal, "%s-wal", d->db);
        if (a == ACT_KILL_IO || a == ACT_FAULT)
            fault_env(t, env, envp, migration ? wal : d->dir, fop, nth, ferr, sticky);
        if (run_prog(argv, envp, kill_at, t->errfile, &o) < 0)
            goto out;
        t->runs++;
        report r = {0};
        if (a == ACT_KILL_IO || a == ACT_FAULT)
            read_report(t->report, &r);
        kill_where kw = migration ? KW_MIGRATION : fresh ? KW_REPLAY : KW_RESUME;
        char what[256];
        snprintf(what, sizeof what, "session %u (%s), run %u (%s%s)", t->sessions, p->s->path, run + 1,
                 where_name[kw], act_name[a]);
        bool killed = o.status == -SIGKILL;
        if (o.sanitizer) {
            failf("%s: a sanitizer reported:\n%s", what, o.err);
            goto out;
        }
        if (o.hung || (killed && a != ACT_KILL_TIME && !(a == ACT_KILL_IO && r.killed))) {
            failf(o.hung ? "%s: still running after a long time: it hangs"
                         : "%s: killed, and not by this test",
                  what);
            goto out;
        }
        char note[1024] = "";
        if (killed) {
            t->kills[kw]++;
            if (a == ACT_KILL_TIME) {
                t->kills_time++;
                snprintf(note, sizeof note, "%s killed at %.3f s", where_name[kw], kill_at);
            } else {
                t->kills_io++;
                snprintf(note, sizeof note, "%s killed before call %lu", where_name[kw], nth);
            }
            if (migration) {
                migration = false;
                int v = user_version(d->db);
                if (v < 1 || v > STORE_SCHEMA_VERSION) {
                    failf("%s: after the kill the schema version is %d", what, v);
                    goto out;
                }
                if (v < STORE_SCHEMA_VERSION) {
                    t->older_schema++;
                    snprintf(note + strlen(note), sizeof note - strlen(note), " (left at version %d)", v);
                }
            } else {
                kills--;
            }
        } else {
            if (a == ACT_KILL_TIME || a == ACT_KILL_IO) { /* it was quicker than the kill */
                if (migration)
                    migration = false, t->migrations_left++;
                else
                    kills--, t->kills_left++;
                if (a == ACT_KILL_TIME)
                    snprintf(note, sizeof note, "ended in %.3f s, before the kill at %.3f s", o.took,
                             kill_at);
                else
                    snprintf(note, sizeof note, "ended after %lu calls, before the kill at %lu",
                             r.writes + r.syncs, nth);
            }
            bool faulted = a == ACT_FAULT && r.failed;
            if (a == ACT_FAULT) {
                faults--;
                if (!faulted)
                    snprintf(note, sizeof note, "ended before %s call %lu", fop, nth);
                if (faulted) {
                    t->faults++;
                    *(strstr(r.line, "ENOSPC") ? &t->faults_enospc : &t->faults_eio) += 1;
                    *(strcmp(fop, "fsync") ? &t->faults_write : &t->faults_sync) += 1;
                    t->faults_sticky += sticky;
                    *(o.status == 0 ? &t->fault_exit0 : &t->fault_exit2) += 1;
                    /* "fail CALL N on PATH with ERR": the path without its folder */
                    const char *on = strstr(r.line, " on "), *file = strrchr(r.line, '/');
                    snprintf(note, sizeof note, "%.*s on %s, %s: exit %d",
                             on ? (int)(on - r.line) : (int)strlen(r.line), r.line, file ? file + 1 : "",
                             sticky ? "from then on" : "once", o.status);
                } else {
                    t->faults_left++; /* N was past the run's last call */
                }
            }
            if (judge_exit(&o, faulted, n_in, what) < 0)
                goto out;
            if (!faulted && a != ACT_KILL_IO)
                learn(&t->time, o.took, n_in);
            if (r.counted && !faulted && !migration && a != ACT_FAULT) {
                learn(&t->writes, (double)r.writes, n_in);
                learn(&t->syncs, (double)r.syncs, n_in);
            } else if (r.counted && a == ACT_FAULT && !faulted) {
                learn(strcmp(fop, "fsync") ? &t->writes : &t->syncs, (double)(r.writes + r.syncs), n_in);
            }
        }
        if (note[0] && ll < sizeof line - 8)
            ll += (size_t)snprintf(line + ll, sizeof line - ll, "%s%s", ll ? "; " : "", note);
        if (take_acks(d, &o.acks) < 0 || check_log(d, &o.acks, false) < 0) {
            char first[sizeof why];
            snprintf(first, sizeof first, "%s", why);
            failf("%s: %s", what, first);
            goto out;
        }
        t->acks += o.acks.n;
        int f = newest_session(d, before, &w);
        if (f < 0)
            goto out;
        bool whole = o.status == 0 && !killed; /* it ran all its events and committed them */
        if (f == 0) {
            if (whole) {
                failf("%s: the run ended well, but the log holds no session", what);
                goto out;
            }
            fresh = true; /* its beginning never got in */
            at = 0;
            continue;
        }
        if (!strcmp(w.state, "running")) {
            if (whole && to == p->n_acts) {
                failf("%s: the run ended well, but session %lld is still running", what, w.id);
                goto out;
            }
            if (whole) { /* at the cut: the log must say where the room is */
                const action *next = &p->acts[to];
                bool closed = to > 0 && p->acts[to - 1].kind == A_CLOSE;
                if (w.step != next->step || w.part != next->part || w.closed != closed) {
                    failf("%s: the log holds session %lld at step %zu part %u%s; the room was at step %zu"
                          " part %u%s",
                          what, w.id, w.step + 1, w.part + 1, w.closed ? " (closed)" : "", next->step + 1,
                          next->part + 1, closed ? " (closed)" : "");
                    goto out;
                }
                at = to;
            } else {
                at = action_at(p, w.step, w.part, w.closed);
            }
            fresh = false;
            continue;
        }
        if (strcmp(w.state, "finished") != 0 || (whole && to != p->n_acts)) {
            failf("%s: session %lld is %s, with %zu of its %zu actions run", what, w.id, w.state, to,
                  p->n_acts);
            goto out;
        }
        printf("session %u: %s, %zu inputs in %zu part%s, %u run%s%s%s\n", t->sessions, p->s->path,
               p->n_inputs, p->n_cuts + 1, p->n_cuts ? "s" : "", run + 1, run ? "s" : "", ll ? ": " : "",
               line);
        break;
    }
    t->kills_left += kills;
    t->faults_left += faults;
    if (migration)
        t->migrations_left++;
    ret = 0;
out:
    free(o.acks.v);
    return ret;
}

/* Every visible folder an export left must hold an intact copy of the log. */
static int check_export_dir(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return failf("%s: %s", dir, strerror(errno));
    struct dirent *e;
    int ret = 0;
    while (ret == 0 && (e = readdir(dp))) {
        if (e->d_name[0] == '.')
            continue;
        char db[PATH_MAX + 300];
        snprintf(db, sizeof db, "%s/%s/oogst.db", dir, e->d_name);
        if (access(db, F_OK) != 0) {
            ret = failf("export folder %s/%s has no oogst.db", dir, e->d_name);
            break;
        }
        sqlite3 *c = peek(db);
        if (!c || integrity(c, db) < 0)
            ret = -1;
        sqlite3_close(c);
    }
    closedir(dp);
    return ret;
}

/* A clean export (its copy must hold every acknowledged input), then exports killed at
 * a random moment or before a random write of the export, until one is. */
static int run_exports(torture *t, logdir *d)
{
    char dir[PATH_MAX + 32];
    snprintf(dir, sizeof dir, "%s/export", t->work);
    remove_tree(dir);
    if (mkdir(dir, 0700) != 0)
        return failf("%s: %s", dir, strerror(errno));
    char *argv[] = {(char *)t->oogst, "--export", dir, "--data-dir", d->dir, NULL};
    char env[8][PATH_MAX + 64], *envp[9];
    outcome o = {0};
    int ret = -1;
    fault_env(t, env, envp, dir, "any", 0, "EIO", false);
    if (run_prog(argv, envp, -1, t->errfile, &o) < 0)
        goto out;
    t->exports++;
    if (judge_exit(&o, false, -1, "export") < 0)
        goto out;
    report r;
    read_report(t->report, &r);
    double took = o.took, ops = r.counted ? (double)(r.writes + r.syncs) : 100;
    logdir copy = {.seeded = false};
    snprintf(copy.db, sizeof copy.db, "%s/oogst.db", o.first);
    if (check_log(&copy, &d->all, false) < 0) {
        char first[sizeof why];
        snprintf(first, sizeof first, "%s", why);
        failf("the export's copy of the log: %s", first);
        goto out;
    }
    remove_tree(dir);
    for (int i = 0; i < EXPORT_TRIES; i++) {
        if (mkdir(dir, 0700) != 0) {
            failf("%s: %s", dir, strerror(errno));
            goto out;
        }
        bool io = below(2);
        double at = io ? -1 : unit() * 0.9 * took;
        unsigned long nth = 1 + below((unsigned)(ops * 0.9 > 1 ? ops * 0.9 : 1));
        fault_env(t, env, envp, dir, "any", io ? nth : 0, "KILL", false);
        if (run_prog(argv, envp, at, t->errfile, &o) < 0)
            goto out;
        t->exports++;
        if (o.status != -SIGKILL) {
            if (judge_exit(&o, false, -1, "export") < 0)
                goto out;
            remove_tree(dir);
            continue;
        }
        if (o.sanitizer) {
            failf("export: a sanitizer reported:\n%s", o.err);
            goto out;
        }
        t->kills[KW_EXPORT]++;
        *(io ? &t->kills_io : &t->kills_time) += 1;
        ids none = {0};
        if (check_export_dir(dir) < 0 || check_log(d, &none, false) < 0) {
            char first[sizeof why];
            snprintf(first, sizeof first, "%s", why);
            failf("after an export killed %s: %s", io ? "before a write" : "at a random moment", first);
            goto out;
        }
        if (io)
            printf("export killed before call %lu of %.0f\n", nth, ops);
        else
            printf("export killed at %.3f s of %.3f s\n", at, took);
        remove_tree(dir);
        t->exports_left--;
        break;
    }
    ret = 0;
out:
    free(o.acks.v);
    remove_tree(dir);
    return ret;
}

/* How long a clean run takes and how many calls it makes in the data dir: an empty
 * session and a whole one, in a data dir of their own; and the migration's calls. */
static int calibrate(torture *t, const script *s)
{
    logdir d = {0};
    if (put(d.dir, sizeof d.dir, "%s/calibrate", t->work) < 0 ||
        put(d.db, sizeof d.db, "%s/oogst.db", d.dir) < 0)
        return -1;
    remove_tree(d.dir);
    if (mkdir(d.dir, 0700) != 0)
        return failf("%s: %s", d.dir, strerror(errno));
    plan p;
    int ret = -1;
    outcome o = {0};
    report r;
    char env[8][PATH_MAX + 64], *envp[9];
    if (plan_make(&p, s, SIZE_MAX) < 0)
        goto out;
    /* an empty session on a new log, the same on the log that now is, a whole one */
    for (int round = 0; round < 3; round++) {
        long n_in = 0;
        if (round < 2) {
            FILE *f = fopen(t->events, "w");
            if (!f || fprintf(f, "0 start\n10 end\n") < 0 || fclose(f) != 0) {
                failf("%s: cannot write", t->events);
                goto out;
            }
        } else if ((n_in = write_events(t->events, &p, true, 0, p.n_acts)) < 0) {
            goto out;
        }
        char *argv[] = {(char *)t->oogst, "--replay",   t->events, "--script",
                        (char *)s->path,  "--data-dir", d.dir,     NULL};
        fault_env(t, env, envp, d.dir, "any", 0, "EIO", false);
        if (run_prog(argv, envp, -1, t->errfile, &o) < 0 || judge_exit(&o, false, n_in, "calibration") < 0)
            goto out;
        read_report(t->report, &r);
        if (!r.counted) {
            failf("calibration: %s did not report (is it loaded? LD_PRELOAD=%s)", "iofault", t->preload);
            goto out;
        }
        double seen[3] = {o.took, (double)r.writes, (double)r.syncs};
        model *m[3] = {&t->time, &t->writes, &t->syncs};
        for (int k = 0; k < 3; k++) {
            if (round == 1)
                *m[k] = (model){.base = seen[k], .scale = 1};
            else if (round == 2)
                m[k]->per = seen[k] > m[k]->base ? (seen[k] - m[k]->base) / (double)(n_in ? n_in : 1) : 0;
        }
    }
    /* the migration: the calls on the write-ahead log while an export opens an old log */
    remove_tree(d.dir);
    d.seeded = true;
    if (make_old_log(&d) < 0)
        goto out;
    char wal[PATH_MAX + 32], exp[PATH_MAX + 32];
    snprintf(wal, sizeof wal, "%s-wal", d.db);
    snprintf(exp, sizeof exp, "%s/calibrate-export", t->work);
    remove_tree(exp);
    if (mkdir(exp, 0700) != 0) {
        failf("%s: %s", exp, strerror(errno));
        goto out;
    }
    char *argv[] = {(char *)t->oogst, "--export", exp, "--data-dir", d.dir, NULL};
    fault_env(t, env, envp, wal, "any", 0, "EIO", false);
    if (run_prog(argv, envp, -1, t->errfile, &o) < 0 || judge_exit(&o, false, -1, "calibration export") < 0)
        goto out;
    read_report(t->report, &r);
    t->mig_ops = (double)(r.writes + r.syncs);
    if (user_version(d.db) != STORE_SCHEMA_VERSION || t->mig_ops < 2) {
        failf("calibration: opening a version-1 log did not migrate it (%.0f calls)", t->mig_ops);
        goto out;
    }
    remove_tree(exp);
    printf("torture: a clean run takes %.3f s + %.3f ms, %.0f + %.2f writes and %.0f + %.3f syncs an input;"
           " a migration %.0f calls\n",
           t->time.base, t->time.per * 1000, t->writes.base, t->writes.per, t->syncs.base, t->syncs.per,
           t->mig_ops);
    ret = 0;
out:
    free(o.acks.v);
    plan_free(&p);
    free(d.acked);
    free(d.all.v);
    remove_tree(d.dir);
    return ret;
}

/* Faults for one of `to_come` sessions: mostly one or none, as a run with a fault that
 * does not stay usually ends its session; the last one takes the rest. */
static unsigned faults_for(unsigned left, size_t to_come)
{
    if (to_come <= 1)
        return left;
    double mean = (double)left / (double)to_come;
    unsigned k = (unsigned)mean + (unit() < mean - (unsigned)mean);
    return k < left ? k : left;
}

/* Kills for one of `to_come` sessions: 2 to 4 for some (the first on a run that starts
 * the session, the others mostly on resumptions), none for the others, as many as are
 * left on average; the last one takes the rest. */
static unsigned kills_for(unsigned left, size_t to_come)
{
    if (to_come <= 1)
        return left;
    double mean = (double)left / (double)to_come;
    if (mean > 3) {
        unsigned k = (unsigned)mean + (unit() < mean - (unsigned)mean);
        return k < left ? k : left;
    }
    if (unit() >= mean / 3)
        return 0;
    unsigned k = 2 + below(3);
    return k < left ? k : left;
}

static int usage(void)
{
    fprintf(stderr, "usage: torture OOGST WORKDIR [--presses N] [--kills K] [--faults F] [--seed S]"
                    " [--preload LIST] [--script FILE]...\n");
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return usage();
    setvbuf(stdout, NULL, _IOLBF, 0); /* the lines in order with a failure on stderr */
    torture t = {.oogst = argv[1]};
    unsigned long presses = 10000, kills = 100, faults = 20;
    unsigned long long seed = (unsigned long long)time(NULL);
    const char *scripts[MAX_SCRIPTS];
    size_t n_scripts = 0;
    char preload[PATH_MAX];
    snprintf(preload, sizeof preload, "%s", argv[0]);
    char *slash = strrchr(preload, '/');
    snprintf(slash ? slash + 1 : preload, sizeof preload - (size_t)(slash ? slash + 1 - preload : 0),
             "iofault.so");
    t.preload = preload;
    for (int i = 3; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (!v)
            return usage();
        if (!strcmp(a, "--presses"))
            presses = strtoul(v, &end, 10);
        else if (!strcmp(a, "--kills"))
            kills = strtoul(v, &end, 10);
        else if (!strcmp(a, "--faults"))
            faults = strtoul(v, &end, 10);
        else if (!strcmp(a, "--seed"))
            seed = strtoull(v, &end, 10);
        else if (!strcmp(a, "--preload"))
            t.preload = v;
        else if (!strcmp(a, "--script") && n_scripts < MAX_SCRIPTS)
            scripts[n_scripts++] = v;
        else
            return usage();
        if (end && *end)
            return usage();
        i++;
    }
    if (!n_scripts)
        for (size_t i = 0; i < sizeof default_scripts / sizeof default_scripts[0]; i++)
            scripts[n_scripts++] = default_scripts[i];
    if (kills > 100000 || faults > 100000 || presses == 0)
        return usage();
    rng = seed;
    if (mkdir(argv[2], 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "torture: %s: %s\n", argv[2], strerror(errno));
        return 2;
    }
    /* absolute: the library compares it with the paths in /proc/self/fd */
    if (!realpath(argv[2], t.work)) {
        fprintf(stderr, "torture: %s: %s\n", argv[2], strerror(errno));
        return 2;
    }
    snprintf(t.events, sizeof t.events, "%s/run.events", t.work);
    snprintf(t.errfile, sizeof t.errfile, "%s/run.err", t.work);
    snprintf(t.report, sizeof t.report, "%s/iofault.report", t.work);
    t.migrations_left = kills >= 3 ? (unsigned)(kills / 10 ? kills / 10 : 1) : 0;
    t.exports_left = kills >= 3 ? (unsigned)(kills / 10 ? kills / 10 : 1) : 0;
    t.kills_left = (unsigned)kills - t.migrations_left - t.exports_left;
    t.faults_left = (unsigned)faults;
    printf("torture: seed %llu; %lu presses, %lu kills, %lu faults\n", seed, presses, kills, faults);
    fflush(stdout);
    double t0 = now_s();

    script *loaded[MAX_SCRIPTS] = {NULL};
    plan *plans = NULL;
    size_t n_plans = 0;
    size_t max_dirs = 2 + kills / 10 + MAX_EXTRA; /* the main log, the old ones */
    logdir *dirs = calloc(max_dirs, sizeof *dirs);
    size_t n_dirs = 1;
    int status = 1;
    if (!dirs) {
        failf("out of memory");
        goto done;
    }
    for (size_t i = 0; i < n_scripts; i++) {
        loaded[i] = content_load(scripts[i], stderr);
        if (!loaded[i]) {
            failf("%s: cannot load the script", scripts[i]);
            goto done;
        }
    }
    if (calibrate(&t, loaded[0]) < 0)
        goto done;

    /* The plan: sessions until they hold the presses. */
    size_t cap = 0;
    while (t.planned < presses) {
        if (n_plans == cap) {
            cap = cap ? cap * 2 : 64;
            plan *np = realloc(plans, cap * sizeof *np);
            if (!np) {
                failf("out of memory");
                goto done;
            }
            plans = np;
        }
        if (plan_make(&plans[n_plans], loaded[below((unsigned)n_scripts)], presses - t.planned) < 0)
            goto done;
        t.planned += plans[n_plans++].n_inputs;
    }

    logdir *main_log = &dirs[0];
    if (put(main_log->dir, sizeof main_log->dir, "%s/data", t.work) < 0 ||
        put(main_log->db, sizeof main_log->db, "%s/oogst.db", main_log->dir) < 0)
        goto done;
    remove_tree(main_log->dir);
    if (mkdir(main_log->dir, 0700) != 0) {
        failf("%s: %s", main_log->dir, strerror(errno));
        goto done;
    }
    for (size_t i = 0;; i++) {
        plan extra_plan, *p;
        bool planned = i < n_plans;
        if (planned) {
            p = &plans[i];
        } else {
            if (!t.kills_left && !t.faults_left && !t.migrations_left && !t.exports_left)
                break;
            if (t.extra == MAX_EXTRA) {
                failf("%u kills and %u faults still due after %d extra sessions: they do not land",
                      t.kills_left + t.migrations_left + t.exports_left, t.faults_left, MAX_EXTRA);
                goto done;
            }
            if (plan_make(&extra_plan, loaded[below((unsigned)n_scripts)], SIZE_MAX) < 0)
                goto done;
            p = &extra_plan;
            t.extra++;
            t.extra_inputs += p->n_inputs;
        }
        size_t to_come = planned ? n_plans - i : 1;
        unsigned k = kills_for(t.kills_left, to_come);
        unsigned f = faults_for(t.faults_left, to_come);
        t.kills_left -= k;
        t.faults_left -= f;
        logdir *d = main_log;
        bool mig = t.migrations_left &&
                   (to_come <= t.migrations_left || below((unsigned)to_come) < t.migrations_left);
        if (mig && n_dirs == max_dirs) {
            failf("migration kills do not land");
            goto done;
        }
        if (mig) {
            t.migrations_left--;
            d = &dirs[n_dirs];
            if (put(d->dir, sizeof d->dir, "%s/old-%zu", t.work, n_dirs) < 0 ||
                put(d->db, sizeof d->db, "%s/oogst.db", d->dir) < 0)
                goto done;
            n_dirs++;
            remove_tree(d->dir);
            if (make_old_log(d) < 0)
                goto done;
        }
        int rc = run_session(&t, p, d, k, f, mig);
        if (!planned)
            plan_free(&extra_plan);
        if (rc < 0)
            goto done;
        /* exports of the main log, once it holds a session */
        if (d == main_log && t.exports_left &&
            (to_come <= t.exports_left || below((unsigned)to_come) < t.exports_left) &&
            run_exports(&t, main_log) < 0)
            goto done;
    }

    for (size_t i = 0; i < n_dirs; i++) {
        if (check_log(&dirs[i], &dirs[i].all, true) < 0)
            goto done;
    }
    char extra[128] = "";
    if (t.extra)
        snprintf(extra, sizeof extra, " (+%u more of %zu presses for the kills and faults still due)",
                 t.extra, t.extra_inputs);
    printf("torture: seed %llu: presses %zu in %u sessions%s; %zu inputs replayed, %zu of them in"
           " resumptions; kills %u: replay %u, resume %u, export %u, migration %u (%u left an older"
           " schema version); %u at a random moment, %u before a random write or sync;"
           " faults %u injected: %u write, %u sync, %u EIO, %u ENOSPC, %u from then on"
           " (exit 0: %u, exit 2 with a message: %u); %u runs, %u exports; acks %zu checked; %.1f s; ok\n",
           seed, t.planned, t.sessions - t.extra, extra, t.sent, t.resent,
           t.kills[KW_REPLAY] + t.kills[KW_RESUME] + t.kills[KW_EXPORT] + t.kills[KW_MIGRATION],
           t.kills[KW_REPLAY], t.kills[KW_RESUME], t.kills[KW_EXPORT], t.kills[KW_MIGRATION], t.older_schema,
           t.kills_time, t.kills_io, t.faults, t.faults_write, t.faults_sync, t.faults_eio, t.faults_enospc,
           t.faults_sticky, t.fault_exit0, t.fault_exit2, t.runs, t.exports, t.acks, now_s() - t0);
    status = 0;
done:
    if (status != 0)
        fprintf(stderr, "torture: seed %llu: FAILED: %s\n", seed, why);
    for (size_t i = 0; i < n_plans; i++)
        plan_free(&plans[i]);
    free(plans);
    for (size_t i = 0; dirs && i < n_dirs; i++) {
        free(dirs[i].acked);
        free(dirs[i].all.v);
    }
    free(dirs);
    for (size_t i = 0; i < n_scripts; i++)
        script_free(loaded[i]);
    return status;
}
