/* replay.c — an events file in, acks and a summary out (see replay.h). */
#include "replay.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/run.h"
#include "content/content.h"
#include "core/events.h"
#include "store/store.h"

enum { EVENTS_MAX_BYTES = 64 * 1024 * 1024, MAX_SESSIONS = 64, MAX_TRAIL = 4096 };

/* Reads a whole regular file of at most `max` bytes. */
static char *read_file(const char *path, size_t max, size_t *len, char *why, size_t whylen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(why, whylen, "cannot open: %s", strerror(errno));
        return NULL;
    }
    struct stat sb;
    if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || (size_t)sb.st_size > max) {
        snprintf(why, whylen,
                 S_ISDIR(sb.st_mode)    ? "is a directory; expected an events file"
                 : !S_ISREG(sb.st_mode) ? "not a regular file; expected an events file"
                                        : "file too large; expected at most 64 MiB of events");
        close(fd);
        return NULL;
    }
    char *buf = malloc((size_t)sb.st_size + 1);
    size_t n = 0;
    while (buf && n < (size_t)sb.st_size) {
        ssize_t k = read(fd, buf + n, (size_t)sb.st_size - n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        n += (size_t)k;
    }
    close(fd);
    if (!buf) {
        snprintf(why, whylen, "out of memory");
        return NULL;
    }
    *len = n;
    return buf;
}

static void print_ack(void *ctx, const store_ack *ack)
{
    FILE *out = ctx;
    fprintf(out, "ack %lld\n", (long long)ack->input_id);
    fflush(out);
}

static int64_t wall_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* What the summary needs of each session begun in this replay. */
typedef struct trail {
    int64_t session_id;
    size_t n;
    struct {
        size_t step;
        unsigned part;
    } at[MAX_TRAIL];
    bool truncated;
} trail;

typedef struct replay_state {
    trail sessions[MAX_SESSIONS];
    size_t n_sessions;
} replay_state;

static void on_step(void *ctx, size_t si, unsigned part)
{
    replay_state *rs = ctx;
    if (rs->n_sessions == 0)
        return;
    trail *t = &rs->sessions[rs->n_sessions - 1];
    if (t->n < MAX_TRAIL) {
        t->at[t->n].step = si;
        t->at[t->n].part = part;
        t->n++;
    } else {
        t->truncated = true;
    }
}

/* Counted answers per question and option, gathered from the log. */
typedef struct tally {
    const script *s;
    unsigned raw, counted;
    unsigned counts[SCRIPT_MAX_STEPS][STEP_MAX_QUESTIONS][SCRIPT_MAX_OPTIONS + 1];
} tally;

static int tally_row(void *ctx, const store_row *row)
{
    tally *t = ctx;
    t->raw++;
    if (!row->counted)
        return 0;
    t->counted++;
    if (row->step_index >= t->s->n_steps || row->step_index >= SCRIPT_MAX_STEPS)
        return 0;
    const step *st = &t->s->steps[row->step_index];
    for (size_t q = 0; q < st->n_questions; q++) {
        if (strcmp(st->questions[q].id, row->question_id) != 0)
            continue;
        unsigned *c = t->counts[row->step_index][q];
        c[0]++;
        if (row->option_index >= 1 && row->option_index <= SCRIPT_MAX_OPTIONS)
            c[row->option_index]++;
    }
    return 0;
}

/* Prints what the log holds for one session; when the engine that ran it is still
 * there, also whether its tally agrees with the log (it must, resumed or not). */
static int print_summary(store *st, const script *s, const trail *t, const engine *e, FILE *out)
{
    tally *ty = calloc(1, sizeof(*ty));
    if (!ty)
        return -1;
    ty->s = s;
    if (store_each_row(st, t->session_id, tally_row, ty) != 0) {
        free(ty);
        return -1;
    }
    fprintf(out, "session %lld: %s v%u %s\n", (long long)t->session_id, s->id, s->version, s->language);
    fprintf(out, "steps run:");
    for (size_t i = 0; i < t->n; i++) {
        const step *sp = &s->steps[t->at[i].step];
        if (t->at[i].part == 0)
            fprintf(out, " %zu %s", t->at[i].step + 1, step_type_name(sp->type));
        else
            fprintf(out, " %zu.%u", t->at[i].step + 1, t->at[i].part + 1);
        if (i + 1 < t->n)
            fputc(',', out);
    }
    fprintf(out, "%s\n", t->truncated ? " …" : "");
    fprintf(out, "inputs: %u raw, %u counted\n", ty->raw, ty->counted);
    for (size_t si = 0; si < s->n_steps; si++) {
        const step *sp = &s->steps[si];
        for (size_t q = 0; q < sp->n_questions; q++) {
            const question *qu = &sp->questions[q];
            const unsigned *c = ty->counts[si][q];
            fprintf(out, "%s %s:", answer_kind_name(qu->kind), qu->id);
            if (qu->kind == ANSWER_TEXT) {
                fprintf(out, " %u counted\n", c[0]);
                continue;
            }
            unsigned n = qu->kind == ANSWER_CHOICE ? (unsigned)qu->n_options : qu->scale;
            for (unsigned o = 1; o <= n; o++)
                fprintf(out, " %u=%u", o, c[o]);
            fprintf(out, " (%u counted)\n", c[0]);
        }
    }
    if (e) {
        unsigned disagree = 0;
        for (size_t si = 0; si < s->n_steps; si++)
            for (size_t q = 0; q < s->steps[si].n_questions; q++)
                for (int o = 0; o <= SCRIPT_MAX_OPTIONS; o++)
                    disagree += engine_count(e, si, q, o) != ty->counts[si][q][o];
        fprintf(out, "engine and log %s\n", disagree ? "DISAGREE" : "agree");
    }
    free(ty);
    return 0;
}

static engine_event to_engine(const replay_event *ev)
{
    static const engine_event_type map[] = {
        [RE_PRESS] = EV_PRESS,   [RE_RELEASE] = EV_RELEASE, [RE_KEY] = EV_KEY,   [RE_CHOOSE] = EV_CHOOSE,
        [RE_TEXT] = EV_TEXT,     [RE_NEXT] = EV_NEXT,       [RE_BACK] = EV_BACK, [RE_PAUSE] = EV_PAUSE,
        [RE_RESUME] = EV_RESUME, [RE_EXTEND] = EV_EXTEND,   [RE_END] = EV_END,
    };
    engine_event e = {.type = map[ev->kind], .n = ev->n};
    if (ev->kind == RE_KEY)
        e.name = ev->arg;
    if (ev->kind == RE_TEXT)
        e.text = ev->arg;
    return e;
}

/* A new trail, before the session starts so that its first step lands in it. */
static trail *new_trail(replay_state *rs, FILE *err)
{
    if (rs->n_sessions == MAX_SESSIONS) {
        fprintf(err, "oogst: more than %d sessions in one replay\n", MAX_SESSIONS);
        return NULL;
    }
    trail *t = &rs->sessions[rs->n_sessions++];
    memset(t, 0, sizeof(*t));
    return t;
}

int replay_main(const replay_opts *o, FILE *out, FILE *err)
{
    int status = 2;
    script *s = content_load(o->script_path, err);
    if (!s)
        return 1;

    char why[256];
    size_t len = 0;
    char *buf = read_file(o->events_path, EVENTS_MAX_BYTES, &len, why, sizeof(why));
    if (!buf) {
        fprintf(err, "%s:1: %s\n", o->events_path, why);
        script_free(s);
        return 1;
    }
    replay_list list;
    unsigned line = 0;
    int rc = events_parse(buf, len, &list, &line, why, sizeof(why));
    free(buf);
    if (rc < 0) {
        fprintf(err, "%s:%u: %s\n", o->events_path, line, why);
        script_free(s);
        return 1;
    }
    if (!o->resume && list.n > 0 && list.ev[0].kind != RE_START) {
        fprintf(err, "%s:%u: '%s' before any session; expected 'start' first\n", o->events_path,
                list.ev[0].line, replay_kind_name(list.ev[0].kind));
        events_free(&list);
        script_free(s);
        return 1;
    }

    /* Only now, with script and events known good, is the log touched. */
    char msg[512];
    store *st = store_open(o->data_dir, print_ack, out, msg, sizeof(msg));
    if (!st) {
        fprintf(err, "oogst: %s\n", msg);
        events_free(&list);
        script_free(s);
        return 2;
    }
    replay_state *rs = calloc(1, sizeof(*rs));
    run r = {.on_step = on_step, .ctx = rs};
    bool running = false;
    int64_t wall0 = o->wall_start_ms >= 0 ? o->wall_start_ms : wall_now_ms();
    if (!rs)
        goto done;

    if (o->resume) {
        store_session from;
        int found = store_find_interrupted(st, &from);
        if (found <= 0) {
            fprintf(err, "oogst: %s\n",
                    found < 0 ? "cannot read the log" : "no interrupted session to resume");
            status = found < 0 ? 2 : 1;
            goto done;
        }
        if (strcmp(from.script_id, s->id) != 0 || from.script_version != s->version) {
            fprintf(err, "oogst: the interrupted session ran %s v%u, not %s v%u\n", from.script_id,
                    from.script_version, s->id, s->version);
            status = 1;
            goto done;
        }
        new_trail(rs, err)->session_id = from.id;
        if (run_resume(&r, st, s, &from, 0, wall0) < 0)
            goto done;
        running = true;
    }

    for (size_t i = 0; i < list.n; i++) {
        const replay_event *ev = &list.ev[i];
        /* Timers that run out before this event fire at their own time. */
        while (running && r.deadline_ms >= 0 && r.deadline_ms <= ev->ms)
            run_tick(&r, r.deadline_ms, wall0 + r.deadline_ms);
        if (ev->kind == RE_START) {
            run_stop(&r);
            trail *t = new_trail(rs, err);
            if (!t || run_start(&r, st, s, ev->ms, wall0 + ev->ms) < 0 || store_flush(st) < 0)
                goto done;
            t->session_id = store_session_id(st);
            running = true;
            continue;
        }
        engine_event e = to_engine(ev);
        run_event(&r, &e, ev->ms, wall0 + ev->ms);
        if (r.quit)
            break;
    }

    if (store_flush(st) < 0) {
        fprintf(err, "oogst: the log could not be written: %s\n", store_last_error(st, msg, sizeof(msg)));
        goto done;
    }
    status = 0;
    for (size_t i = 0; i < rs->n_sessions; i++)
        if (print_summary(st, s, &rs->sessions[i], i + 1 == rs->n_sessions ? r.e : NULL, out) < 0)
            status = 2;
done:
    run_stop(&r);
    store_close(st);
    free(rs);
    events_free(&list);
    script_free(s);
    return status;
}
