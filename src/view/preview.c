/* preview.c — drives an engine through every step of a script with sample answers, so
 * each screen can be drawn as the room would see it (see preview.h). */
#include "preview.h"

#include <stdio.h>
#include <string.h>

#include "core/menu.h"

enum { T0 = 1000000 };

/* Sample answers: a few votes on every option, more on some, as a small room gives. */
static void sample_answers(engine *e, const script *s)
{
    static const int votes[] = {5, 3, 7, 2, 4, 1, 2, 1, 1, 1, 1, 1};
    for (size_t si = 0; si < s->n_steps; si++)
        for (size_t q = 0; q < s->steps[si].n_questions; q++) {
            const question *qu = &s->steps[si].questions[q];
            unsigned n = qu->kind == ANSWER_CHOICE   ? (unsigned)qu->n_options
                         : qu->kind == ANSWER_RATING ? qu->scale
                                                     : 0;
            for (unsigned o = 0; o < n && o < SCRIPT_MAX_OPTIONS; o++)
                for (int k = 0; k < votes[o]; k++)
                    engine_restore_answer(e, si, qu->id, (int)o + 1,
                                          qu->kind == ANSWER_RATING ? (int)o + 1 : 0);
            if (qu->kind == ANSWER_TEXT)
                for (int k = 0; k < 4; k++)
                    engine_restore_answer(e, si, qu->id, 0, 0);
        }
}

typedef struct walk {
    const script *s;
    engine *e;
    preview_fn fn;
    void *ctx;
    view_trend trends[TRENDS_MAX];
    size_t n_trends;
} walk;

static int shot(walk *w, ui_model *m, const char *name, const step *st)
{
    m->trends = w->trends;
    m->n_trends = w->n_trends;
    return w->fn(w->ctx, m, name, st);
}

static void sample_trends(walk *w)
{
    for (size_t si = 0; si < w->s->n_steps; si++)
        for (size_t q = 0; q < w->s->steps[si].n_questions && w->n_trends < TRENDS_MAX; q++) {
            const question *qu = &w->s->steps[si].questions[q];
            if (qu->kind != ANSWER_RATING)
                continue;
            view_trend *t = &w->trends[w->n_trends++];
            static const double means[] = {3.1, 3.4, 3.3, 3.8};
            t->question_id = qu->id;
            t->n = 4;
            for (size_t i = 0; i < t->n; i++) {
                t->mean[i] = means[i];
                t->count[i] = 12;
            }
        }
}

static int step_shots(walk *w, size_t si)
{
    const step *st = &w->s->steps[si];
    engine_output out;
    char name[96];
    ui_model m = {.mode = VIEW_SESSION, .e = w->e};
    const char *type = step_type_name(st->type);
    int rc;
    unsigned parts = st->type == STEP_INTERVIEW    ? (st->group_size ? st->group_size : 2)
                     : st->type == STEP_MONITORING ? (unsigned)st->n_questions
                                                   : 1;
    for (unsigned p = 0; p < parts; p++) {
        engine_restore(w->e, si, p, false, T0, &out);
        m.now = T0 + (st->duration_ms > 120000 ? 90000 : st->duration_ms / 2);
        const question *q = engine_question(w->e);
        m.draft = q && q->kind == ANSWER_TEXT ? "Samen lunchen op vrijdag" : NULL;
        m.ack = q && q->kind != ANSWER_TEXT ? 1 : 0;
        m.ack_button = m.ack ? 2 : 0;
        if (parts > 1)
            snprintf(name, sizeof(name), "%02zu-%s-%u", si + 1, type, p + 1);
        else
            snprintf(name, sizeof(name), "%02zu-%s", si + 1, type);
        if ((rc = shot(w, &m, name, st)))
            return rc;
        if (st->type == STEP_INTERVIEW && p == 1) {
            m.banner_switch = true;
            snprintf(name, sizeof(name), "%02zu-%s-switch", si + 1, type);
            if ((rc = shot(w, &m, name, st)))
                return rc;
            m.banner_switch = false;
        }
        if (st->type == STEP_INTERVIEW && p == 0 && st->duration_ms > 60000) { /* the last minute */
            m.now = T0 + st->duration_ms - 45000;
            snprintf(name, sizeof(name), "%02zu-%s-last-minute", si + 1, type);
            if ((rc = shot(w, &m, name, st)))
                return rc;
        }
        if (q && q->kind != ANSWER_TEXT && st->type != STEP_MONITORING) {
            engine_restore(w->e, si, p, true, T0, &out);
            m.now = T0;
            m.ack = 0;
            snprintf(name, sizeof(name), "%02zu-%s-closed", si + 1, type);
            if ((rc = shot(w, &m, name, st)))
                return rc;
        }
    }
    return 0;
}

static int menu_shots(walk *w)
{
    static menu_state mn;
    static const char *const titles[] = {"Demo: waarderend veranderen (nl)", "Verbetersessie A (nl)",
                                         "Demo: appreciative inquiry (en)"};
    static const struct {
        menu_page page;
        const char *name;
    } pages[] = {{PAGE_PIN, "menu-pin"},        {PAGE_MAIN, "menu-main"},   {PAGE_SCRIPTS, "menu-sessions"},
                 {PAGE_WIPE_2, "menu-wipe"},    {PAGE_CLOCK, "menu-clock"}, {PAGE_ABOUT, "menu-about"},
                 {PAGE_RESULTS, "menu-results"}, {PAGE_EXPORT, "menu-export"}};
    menu_init(&mn, false);
    mn.session_running = true;
    mn.n_scripts = 3;
    for (size_t i = 0; i < 3; i++)
        mn.scripts[i] = titles[i];
    mn.about = (menu_about){"0.2", 12300000000LL, 2400000, 17};
    strcpy(mn.pin, "12");
    int rc;
    for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
        mn.page = pages[i].page;
        ui_model m = {.mode = VIEW_SESSION, .e = w->e, .now = T0, .menu = &mn};
        if ((rc = shot(w, &m, pages[i].name, NULL)))
            return rc;
    }
    ui_model m = {.mode = VIEW_RESUME_ASK, .now = T0, .resume_step = 7};
    return shot(w, &m, "resume", NULL);
}

int preview_each(const script *s, preview_fn fn, void *ctx)
{
    engine_output out;
    walk w = {.s = s, .fn = fn, .ctx = ctx};
    w.e = engine_new(s, T0, &out);
    if (!w.e)
        return -1;
    sample_answers(w.e, s);
    sample_trends(&w);
    int rc = 0;
    for (size_t si = 0; si < s->n_steps && !rc; si++)
        rc = step_shots(&w, si);
    if (!rc)
        rc = menu_shots(&w);
    if (!rc) {
        engine_event end = {.type = EV_END};
        engine_handle(w.e, &end, T0, &out);
        ui_model m = {.mode = VIEW_SESSION, .e = w.e, .now = T0};
        rc = shot(&w, &m, "end", NULL);
    }
    engine_free(w.e);
    return rc;
}
