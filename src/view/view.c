/* view.c — a plain screen per step: where we are, the time left, the title and text,
 * the options with their button colours and, when it may be shown, the tally. */
#include "view.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <string.h>

enum { FONT_SMALL, FONT_BODY, FONT_TITLE, FONT_HUGE, FONT_COUNT };

struct view {
    SDL_Window *win;
    SDL_Renderer *ren;
    TTF_Font *font[FONT_COUNT];
    int w, h;
    SDL_Rect option_rect[SCRIPT_MAX_OPTIONS];
    int n_option_rects;
};

/* Okabe-Ito colours for buttons 1–6 (safe for colour-blind people; never alone:
 * every option also shows its number). */
static const SDL_Color button_colour[SCRIPT_BUTTONS] = {
    {0xE6, 0x9F, 0x00, 255}, {0x56, 0xB4, 0xE9, 255}, {0x00, 0x9E, 0x73, 255},
    {0xF0, 0xE4, 0x42, 255}, {0x00, 0x72, 0xB2, 255}, {0xD5, 0x5E, 0x00, 255},
};
static const SDL_Color ink = {0x1A, 0x1A, 0x1A, 255};
static const SDL_Color muted = {0x55, 0x55, 0x55, 255};
static const SDL_Color paper = {0xFA, 0xF7, 0xF0, 255};
static const SDL_Color touch_grey = {0xBB, 0xBB, 0xBB, 255};

/* --- words ---------------------------------------------------------------------------------- */

typedef struct words {
    const char *step_of, *pause, *time_up, *counted, *not_counted, *closed, *hidden_votes, *answers,
        *finished, *thanks, *resume_q, *resume_keys, *keys, *role, *store_error, *too_few;
} words;

static const words nl = {
    .step_of = "Stap %zu van %zu",
    .pause = "Pauze",
    .time_up = "Tijd is om",
    .counted = "Geteld",
    .not_counted = "Niet geteld",
    .closed = "Stemmen gesloten",
    .hidden_votes = "Stemmen geteld: %u. De uitslag komt na het stemmen.",
    .answers = "Antwoorden: %u",
    .finished = "Klaar!",
    .thanks = "Dank je wel voor je inbreng.",
    .resume_q = "Er is een sessie onderbroken bij stap %zu. Wil je verder gaan?",
    .resume_keys = "J = ja, verder gaan     N = nee, nieuwe sessie",
    .keys = "N volgende  B terug  Spatie pauze  E +1 minuut  Esc stoppen",
    .role = "Persoon %u vertelt. De ander vraagt door.",
    .store_error = "Let op: opslaan lukt niet. Roep de begeleider.",
    .too_few = "Te weinig antwoorden om te tonen.",
};

static const words en = {
    .step_of = "Step %zu of %zu",
    .pause = "Paused",
    .time_up = "Time is up",
    .counted = "Counted",
    .not_counted = "Not counted",
    .closed = "Voting closed",
    .hidden_votes = "Votes counted: %u. The result comes after voting.",
    .answers = "Answers: %u",
    .finished = "Done!",
    .thanks = "Thank you for taking part.",
    .resume_q = "A session was interrupted at step %zu. Do you want to continue it?",
    .resume_keys = "Y = yes, continue     N = no, new session",
    .keys = "N next  B back  Space pause  E +1 minute  Esc stop",
    .role = "Person %u tells. The other asks more.",
    .store_error = "Note: saving does not work. Call the facilitator.",
    .too_few = "Too few answers to show.",
};

static const words *words_for(const char *language)
{
    return language && strcmp(language, "en") == 0 ? &en : &nl;
}

/* --- opening and closing -------------------------------------------------------------------- */

view *view_open(const view_opts *o, char *err, size_t errlen)
{
    view *v = SDL_calloc(1, sizeof(*v));
    if (!v) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) < 0 || TTF_Init() < 0) {
        snprintf(err, errlen, "cannot start the display: %s", SDL_GetError());
        SDL_free(v);
        return NULL;
    }
    int w = o->width > 0 ? o->width : 800, h = o->height > 0 ? o->height : 480;
    Uint32 flags = o->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0;
    v->win = SDL_CreateWindow("Oogst", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (v->win)
        v->ren = SDL_CreateRenderer(v->win, -1, 0);
    if (!v->ren) {
        snprintf(err, errlen, "cannot open a window: %s", SDL_GetError());
        view_close(v);
        return NULL;
    }
    SDL_GetRendererOutputSize(v->ren, &v->w, &v->h);
    /* Sizes follow the screen height: readable from the back of the room at 480 lines. */
    const int px[FONT_COUNT] = {v->h / 26, v->h / 18, v->h / 11, v->h / 6};
    for (int i = 0; i < FONT_COUNT; i++) {
        v->font[i] = TTF_OpenFont(o->font, px[i] > 8 ? px[i] : 8);
        if (!v->font[i]) {
            snprintf(err, errlen, "cannot load the font %s: %s", o->font, TTF_GetError());
            view_close(v);
            return NULL;
        }
    }
    return v;
}

void view_close(view *v)
{
    if (!v)
        return;
    for (int i = 0; i < FONT_COUNT; i++)
        if (v->font[i])
            TTF_CloseFont(v->font[i]);
    if (v->ren)
        SDL_DestroyRenderer(v->ren);
    if (v->win)
        SDL_DestroyWindow(v->win);
    TTF_Quit();
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    SDL_free(v);
}

void view_size(const view *v, int *w, int *h)
{
    *w = v->w;
    *h = v->h;
}

int view_option_at(const view *v, int x, int y)
{
    SDL_Point p = {x, y};
    for (int i = 0; i < v->n_option_rects; i++)
        if (SDL_PointInRect(&p, &v->option_rect[i]))
            return i + 1;
    return 0;
}

/* --- drawing helpers ------------------------------------------------------------------------ */

/* Draws text wrapped to width at x,y; returns the height used. */
static int text(view *v, int font, const char *s, int x, int y, int width, SDL_Color c)
{
    if (!s || !*s)
        return 0;
    SDL_Surface *surf = TTF_RenderUTF8_Blended_Wrapped(v->font[font], s, c, (Uint32)(width > 0 ? width : 1));
    if (!surf)
        return 0;
    SDL_Texture *t = SDL_CreateTextureFromSurface(v->ren, surf);
    SDL_Rect r = {x, y, surf->w, surf->h};
    if (t) {
        SDL_RenderCopy(v->ren, t, NULL, &r);
        SDL_DestroyTexture(t);
    }
    SDL_FreeSurface(surf);
    return r.h;
}

static int text_right(view *v, int font, const char *s, int right, int y, SDL_Color c)
{
    int w = 0, h = 0;
    if (TTF_SizeUTF8(v->font[font], s, &w, &h) == 0)
        text(v, font, s, right - w, y, w + 1, c);
    return h;
}

static void fill(view *v, SDL_Rect r, SDL_Color c)
{
    SDL_SetRenderDrawColor(v->ren, c.r, c.g, c.b, c.a);
    SDL_RenderFillRect(v->ren, &r);
}

static void clock_text(char *buf, size_t len, int64_t ms)
{
    int64_t s = (ms + 999) / 1000; /* 0:01 until the very end */
    snprintf(buf, len, "%lld:%02lld", (long long)(s / 60), (long long)(s % 60));
}

/* --- the parts of the screen ---------------------------------------------------------------- */

static int draw_top(view *v, const engine *e, int64_t now, const words *w, int pad)
{
    const script *s = engine_script(e);
    char buf[96];
    snprintf(buf, sizeof(buf), w->step_of, engine_step(e) + 1, s->n_steps);
    int h = text(v, FONT_SMALL, buf, pad, pad, v->w / 2, muted);
    int64_t left = engine_remaining_ms(e, now);
    if (engine_paused(e)) {
        char t[32];
        clock_text(t, sizeof(t), left);
        snprintf(buf, sizeof(buf), "%s %s", w->pause, t);
    } else if (engine_time_up(e)) {
        snprintf(buf, sizeof(buf), "%s", w->time_up);
    } else if (left >= 0) {
        clock_text(buf, sizeof(buf), left);
    } else {
        buf[0] = '\0';
    }
    if (buf[0]) {
        int th = text_right(v, FONT_TITLE, buf, v->w - pad, pad / 2, ink);
        h = h > th ? h : th;
    }
    return pad + h;
}

static int draw_options(view *v, const engine *e, const question *q, int y, int pad, const words *w)
{
    size_t si = engine_step(e);
    unsigned n = q->kind == ANSWER_CHOICE ? (unsigned)q->n_options : q->scale;
    bool visible = engine_tally_visible(e, si);
    unsigned total = engine_count(e, si, engine_part(e), 0);
    int avail = v->h - y - 3 * pad;
    int row = n ? avail / (int)n : 0;
    int max_row = v->h / 9;
    if (row > max_row)
        row = max_row;
    v->n_option_rects = 0;
    for (unsigned i = 0; i < n && i < SCRIPT_MAX_OPTIONS; i++) {
        SDL_Rect r = {pad, y + (int)i * row, v->w - 2 * pad, row - pad / 3};
        v->option_rect[v->n_option_rects++] = r;
        SDL_Color c = i < SCRIPT_BUTTONS ? button_colour[i] : touch_grey;
        fill(v, (SDL_Rect){r.x, r.y, r.h, r.h}, c);
        char num[8];
        snprintf(num, sizeof(num), "%u", i + 1);
        text(v, FONT_BODY, num, r.x + r.h / 3, r.y + r.h / 8, r.h, ink);
        char label[96];
        if (q->kind == ANSWER_CHOICE)
            snprintf(label, sizeof(label), "%s", q->options[i]);
        else
            snprintf(label, sizeof(label), "%u%s%s", i + 1, i < q->n_options ? "  " : "",
                     i < q->n_options ? q->options[i] : "");
        text(v, FONT_BODY, label, r.x + r.h + pad / 2, r.y + r.h / 8, r.w - r.h * 3, ink);
        if (visible) {
            unsigned c_i = engine_count(e, si, engine_part(e), (int)i + 1);
            int bar = total ? (int)((long)(r.w / 3) * c_i / total) : 0;
            fill(v, (SDL_Rect){r.x + r.w - r.w / 3 - pad, r.y + r.h / 4, bar, r.h / 2}, c);
            snprintf(num, sizeof(num), "%u", c_i);
            text_right(v, FONT_BODY, num, r.x + r.w, r.y + r.h / 8, ink);
        }
    }
    char buf[128];
    int yb = y + (int)n * row;
    if (!visible) {
        snprintf(buf, sizeof(buf), w->hidden_votes, total);
        text(v, FONT_SMALL, buf, pad, yb, v->w - 2 * pad, muted);
    } else if (engine_closed(e)) {
        text(v, FONT_SMALL, w->closed, pad, yb, v->w - 2 * pad, muted);
    }
    return yb;
}

static void draw_results(view *v, const engine *e, const step *st, int y, int pad, const words *w)
{
    const script *s = engine_script(e);
    for (size_t si = 0; si < engine_step(e) && y < v->h - 2 * pad; si++) {
        const step *sp = &s->steps[si];
        for (size_t q = 0; q < sp->n_questions; q++) {
            const question *qu = &sp->questions[q];
            bool wanted = st->n_show == 0;
            for (size_t k = 0; k < st->n_show; k++)
                wanted = wanted || strcmp(st->show[k], qu->id) == 0;
            if (!wanted || qu->kind == ANSWER_TEXT)
                continue;
            unsigned total = engine_count(e, si, q, 0);
            char line[256];
            int n = snprintf(line, sizeof(line), "%s:", qu->text);
            if (total < st->min_n) {
                snprintf(line + n, sizeof(line) - (size_t)n, " %s", w->too_few);
            } else {
                unsigned k = qu->kind == ANSWER_CHOICE ? (unsigned)qu->n_options : qu->scale;
                for (unsigned o = 1; o <= k && n < (int)sizeof(line) - 16; o++)
                    n += snprintf(line + n, sizeof(line) - (size_t)n, "  %u: %u", o,
                                  engine_count(e, si, q, (int)o));
            }
            y += text(v, FONT_SMALL, line, pad, y, v->w - 2 * pad, ink) + pad / 2;
        }
    }
}

static void draw_session(view *v, const engine *e, int64_t now, const view_status *vs)
{
    const words *w = words_for(vs->language);
    const script *s = engine_script(e);
    const step *st = &s->steps[engine_step(e)];
    int pad = v->h / 30;
    v->n_option_rects = 0;
    if (engine_finished(e)) {
        text(v, FONT_HUGE, w->finished, pad * 2, v->h / 4, v->w - 4 * pad, ink);
        text(v, FONT_TITLE, w->thanks, pad * 2, v->h / 2, v->w - 4 * pad, ink);
        return;
    }
    int y = draw_top(v, e, now, w, pad);
    const question *q = engine_question(e);
    y += text(v, FONT_TITLE, st->title, pad, y, v->w - 2 * pad, ink) + pad / 2;
    if (st->type == STEP_INTERVIEW) {
        char buf[128];
        snprintf(buf, sizeof(buf), w->role, engine_part(e) + 1);
        y += text(v, FONT_BODY, buf, pad, y, v->w - 2 * pad, ink) + pad / 2;
    }
    if (q) {
        y += text(v, FONT_BODY, q->text, pad, y, v->w - 2 * pad, ink) + pad / 2;
        if (q->kind == ANSWER_TEXT) {
            char buf[64];
            snprintf(buf, sizeof(buf), w->answers, engine_count(e, engine_step(e), engine_part(e), 0));
            text(v, FONT_SMALL, buf, pad, y, v->w - 2 * pad, muted);
        } else {
            draw_options(v, e, q, y, pad, w);
        }
    } else if (st->type == STEP_RESULTS) {
        draw_results(v, e, st, y, pad, w);
    } else {
        y += text(v, FONT_BODY, st->text, pad, y, v->w - 2 * pad, ink) + pad / 2;
        for (size_t i = 0; i < st->n_prompts && y < v->h - 3 * pad; i++) {
            char buf[256];
            snprintf(buf, sizeof(buf), "• %s", st->prompts[i]);
            y += text(v, FONT_SMALL, buf, pad * 2, y, v->w - 4 * pad, ink) + pad / 3;
        }
    }
}

static void draw_footer(view *v, const view_status *vs)
{
    const words *w = words_for(vs->language);
    int pad = v->h / 30;
    int y = v->h - pad - TTF_FontHeight(v->font[FONT_SMALL]);
    if (vs->store_error) {
        text(v, FONT_SMALL, w->store_error, pad, y, v->w - 2 * pad, (SDL_Color){0xB0, 0x00, 0x00, 255});
        return;
    }
    text(v, FONT_SMALL, w->keys, pad, y, v->w - 2 * pad, muted);
    if (vs->ack) {
        char buf[64];
        if (vs->ack_button > 0)
            snprintf(buf, sizeof(buf), "%s (%d)", vs->ack > 0 ? w->counted : w->not_counted, vs->ack_button);
        else
            snprintf(buf, sizeof(buf), "%s", vs->ack > 0 ? w->counted : w->not_counted);
        text_right(v, FONT_BODY, buf, v->w - pad, y - TTF_FontHeight(v->font[FONT_BODY]) - pad / 3, ink);
    }
}

void view_draw(view *v, const engine *e, int64_t now, const view_status *vs)
{
    fill(v, (SDL_Rect){0, 0, v->w, v->h}, paper);
    const words *w = words_for(vs->language);
    if (vs->mode == VIEW_RESUME_ASK || !e) {
        int pad = v->h / 20;
        char buf[256];
        snprintf(buf, sizeof(buf), w->resume_q, vs->resume_step + 1);
        int y = v->h / 4;
        y += text(v, FONT_TITLE, buf, pad, y, v->w - 2 * pad, ink) + pad;
        text(v, FONT_BODY, w->resume_keys, pad, y, v->w - 2 * pad, ink);
        v->n_option_rects = 0;
    } else {
        draw_session(v, e, now, vs);
        draw_footer(v, vs);
    }
    SDL_RenderPresent(v->ren);
}
