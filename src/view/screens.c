/* screens.c — one frame per screen: the steps of a session, the keyboard, the results,
 * the resume question and the facilitator menu. Sizes follow the screen's short side, so
 * the same layout serves 800x480 and 1920x1080, landscape and portrait. */
#include "screens.h"

#include <stdio.h>
#include <string.h>

#include "i18n/i18n.h"

/* --- colours (every text/background pair is checked for contrast by the tests) ----------- */

static const rgb paper = {0xFA, 0xF7, 0xF0};
static const rgb ink = {0x1A, 0x1A, 0x1A};
static const rgb muted = {0x4D, 0x4D, 0x4D};
static const rgb white = {0xFF, 0xFF, 0xFF};
static const rgb blue = {0x00, 0x72, 0xB2}; /* Okabe-Ito blue: banners, send */
static const rgb warn = {0x8A, 0x33, 0x00}; /* dark vermillion: the last minute, errors */
static const rgb ring_bg = {0xE2, 0xDD, 0xD2};
static const rgb ring_last = {0xD5, 0x5E, 0x00}; /* the ring in the last minute */
static const rgb key_bg = {0xE6, 0xE1, 0xD6};
static const rgb panel = {0xEF, 0xEA, 0xDF};
static const rgb menu_bg = {0x1E, 0x28, 0x32};
static const rgb menu_button = {0x34, 0x48, 0x5C};
static const rgb touch_grey = {0xD4, 0xD4, 0xD4};
static const rgb face_bg = {0xF0, 0xE4, 0x42};

static rgb palette[6] = {
    {0xE6, 0x9F, 0x00}, {0x56, 0xB4, 0xE9}, {0x00, 0x9E, 0x73},
    {0xF0, 0xE4, 0x42}, {0x00, 0x72, 0xB2}, {0xD5, 0x5E, 0x00},
};

void screens_set_button_colour(int option, rgb colour)
{
    if (option >= 1 && option <= 6)
        palette[option - 1] = colour;
}

rgb screens_button_colour(int option)
{
    return option >= 1 && option <= 6 ? palette[option - 1] : touch_grey;
}

/* Black or white, whichever reads better on bg. */
static rgb ink_on(rgb bg)
{
    return rgb_contrast(ink, bg) >= rgb_contrast(white, bg) ? ink : white;
}

/* --- the building context -------------------------------------------------------------------- */

typedef struct ctx {
    frame *f;
    fonts *ft;
    const ui_model *m;
    int w, h;
    double u; /* 1.0 on a 480-pixel short side */
    int pad;
    bool portrait;
} ctx;

static int px(const ctx *c, double at480)
{
    return (int)(at480 * c->u + 0.5);
}

enum role { R_SMALL, R_BODY, R_TITLE, R_BIG, R_HUGE };
static const struct {
    double px, floor;
    bool bold;
} roles[] = {
    [R_SMALL] = {20, 16, false}, [R_BODY] = {28, 18, false}, [R_TITLE] = {40, 24, true},
    [R_BIG] = {56, 28, true},    [R_HUGE] = {84, 36, true},
};

static void fill(ctx *c, box b, rgb colour)
{
    frame_add(c->f, ITEM_FILL, b)->fg = colour;
}

/* Text set into box b at role's size (smaller when needed); bg is what lies behind it. */
static frame_item *text(ctx *c, box b, const char *s, enum role r, rgb fg, rgb bg, text_align al)
{
    char wrapped[4096];
    int want = px(c, roles[r].px), floor_px = px(c, roles[r].floor);
    if (floor_px < 14)
        floor_px = 14;
    fit ft = fonts_fit(c->ft, s ? s : "", want, floor_px, roles[r].bold, b.w, b.h, wrapped, sizeof(wrapped));
    frame_item *it = frame_add(c->f, ITEM_TEXT, b);
    it->text = frame_str(c->f, wrapped);
    it->px = ft.px;
    it->bold = roles[r].bold;
    it->fg = fg;
    it->bg = bg;
    it->align = al;
    it->shrunk = ft.shrunk;
    it->overflow = ft.overflow;
    return it;
}

/* One line in box b: made smaller down to the floor, then shortened with "…" where it
 * still does not fit (chart labels: the whole text is in the script and the export). */
static frame_item *text_line(ctx *c, box b, const char *s, enum role r, rgb fg, rgb bg, text_align al)
{
    frame_item *it = text(c, b, s, r, fg, bg, al);
    if (!it->overflow && !strchr(it->text, '\n'))
        return it;
    int floor_px = it->px;
    char cut[512];
    snprintf(cut, sizeof(cut), "%s", s);
    size_t n = strlen(cut);
    while (n > 0) {
        do /* one UTF-8 character shorter */
            n--;
        while (n > 0 && ((unsigned char)cut[n] & 0xC0) == 0x80);
        char tried[520];
        snprintf(tried, sizeof(tried), "%.*s…", (int)n, cut);
        if (fonts_width(c->ft, tried, floor_px, roles[r].bold) <= b.w) {
            it->text = frame_str(c->f, tried);
            it->overflow = false;
            it->shrunk = true;
            return it;
        }
    }
    return it;
}

/* The height s needs at role's full size in width w (for stacking boxes). */
static int text_height(ctx *c, const char *s, enum role r, int w)
{
    char wrapped[4096];
    int lw, lines;
    if (!s || !*s)
        return 0;
    return fonts_wrap(c->ft, s, px(c, roles[r].px), roles[r].bold, w, wrapped, sizeof(wrapped), &lw, &lines);
}

/* A touch target: a filled box with a centred label. */
static frame_item *button(ctx *c, box b, const char *label, rgb bg, action act, int arg, enum role r)
{
    frame_item *area = frame_add(c->f, ITEM_FILL, b);
    area->fg = bg;
    area->act = act;
    area->arg = arg;
    int inset = b.h > 3 * c->pad ? c->pad / 2 : 2;
    box t = {b.x + inset, b.y + inset, b.w - 2 * inset, b.h - 2 * inset};
    /* centre the text vertically: measure at the size it will get */
    frame_item *it = text(c, t, label, r, ink_on(bg), bg, ALIGN_CENTER);
    int lines = 1;
    for (const char *p = it->text; *p; p++)
        lines += *p == '\n';
    int th = lines * fonts_line_height(c->ft, it->px, it->bold);
    if (th < t.h) {
        it->b.y += (t.h - th) / 2;
        it->b.h = th;
    }
    return area;
}

static box inset(box b, int d)
{
    return (box){b.x + d, b.y + d, b.w - 2 * d, b.h - 2 * d};
}

static void mmss(char *buf, size_t len, int64_t ms)
{
    int64_t s = ms > 0 ? (ms + 999) / 1000 : 0; /* 0:01 until the very end */
    if (s > 99 * 60 + 59)
        s = 99 * 60 + 59;
    snprintf(buf, len, "%d:%02d", (int)(s / 60), (int)(s % 60));
}

/* --- header and footer ------------------------------------------------------------------------ */

/* The step counter and, for a timed step that is not an interview, the time left.
 * Returns the y below it. */
static int header(ctx *c, const engine *e, bool show_timer)
{
    const script *s = engine_script(e);
    char buf[96];
    int hh = px(c, 56);
    snprintf(buf, sizeof(buf), tr("Step %zu of %zu"), engine_step(e) + 1, s->n_steps);
    text(c, (box){c->pad, c->pad, c->w / 2 - c->pad, hh}, buf, R_SMALL, muted, paper, ALIGN_LEFT);
    int64_t left = engine_remaining_ms(e, c->m->now);
    if (show_timer && (left >= 0 || engine_time_up(e))) {
        rgb fg = ink;
        if (engine_paused(e)) {
            char t[32];
            mmss(t, sizeof(t), left);
            snprintf(buf, sizeof(buf), "%s %s", tr("Paused"), t);
        } else if (engine_time_up(e)) {
            snprintf(buf, sizeof(buf), "%s", tr("Time is up"));
            fg = warn;
        } else {
            mmss(buf, sizeof(buf), left);
            if (left <= 60000)
                fg = warn;
        }
        text(c, (box){c->w / 2, c->pad / 2, c->w / 2 - c->pad, hh}, buf, R_BIG, fg, paper, ALIGN_RIGHT);
    }
    return c->pad + hh;
}

static int footer_height(const ctx *c)
{
    return px(c, 44);
}

static void footer(ctx *c)
{
    int fh = footer_height(c);
    box b = {c->pad, c->h - fh - c->pad / 2, c->w - 2 * c->pad, fh};
    char buf[96];
    if (c->m->store_error) {
        fill(c, (box){0, b.y - c->pad / 4, c->w, fh + c->pad}, warn);
        text(c, b, tr("Saving does not work. Call the facilitator."), R_BODY, white, warn, ALIGN_CENTER);
        return;
    }
    if (!c->m->ack)
        return;
    const char *said = c->m->ack > 0 ? tr("Counted") : tr("Not counted");
    if (c->m->ack_button > 0)
        snprintf(buf, sizeof(buf), "%s (%d)", said, c->m->ack_button);
    else
        snprintf(buf, sizeof(buf), "%s", said);
    text(c, b, buf, R_BODY, c->m->ack > 0 ? ink : warn, paper, ALIGN_RIGHT);
}

/* A USB stick is in: a quiet line at the bottom with a button that leads to the export
 * (behind the PIN, in the menu). */
static void stick_line(ctx *c)
{
    int bh = px(c, 56) > TOUCH_MIN_PX ? px(c, 56) : TOUCH_MIN_PX;
    box b = {0, c->h - bh, c->w, bh};
    fill(c, b, menu_bg);
    int bw = c->w / 3;
    text(c, (box){c->pad, b.y + c->pad / 4, c->w - bw - 2 * c->pad, bh - c->pad / 2}, tr("USB stick found"),
         R_BODY, white, menu_bg, ALIGN_LEFT);
    button(c, (box){c->w - bw - c->pad / 2, b.y + 2, bw, bh - 4}, tr("Export"), blue, ACT_STICK, 0, R_BODY);
}

/* A wide band across the screen, for the moments everybody must see. */
static void banner(ctx *c, const char *s)
{
    int bh = px(c, 120);
    box b = {0, (c->h - bh) / 2, c->w, bh};
    fill(c, b, blue);
    text(c, inset(b, c->pad), s, R_HUGE, white, blue, ALIGN_CENTER);
}

/* --- plain steps ----------------------------------------------------------------------------- */

/* Title, text and a list of prompts stacked in the area from y to bottom. */
static void title_text_prompts(ctx *c, const step *st, int y, int bottom, int x, int width)
{
    int th = text_height(c, st->title, R_TITLE, width);
    int title_max = (bottom - y) / 3;
    th = th > title_max ? title_max : th;
    text(c, (box){x, y, width, th}, st->title, R_TITLE, ink, paper, ALIGN_LEFT);
    y += th + c->pad / 2;
    char prompts[2048] = "";
    size_t o = 0;
    for (size_t i = 0; i < st->n_prompts && o < sizeof(prompts); i++)
        o += (size_t)snprintf(prompts + o, sizeof(prompts) - o, "%s• %s", i ? "\n" : "", st->prompts[i]);
    int left = bottom - y;
    if (left <= 0)
        return;
    int body_h = text_height(c, st->text, R_BODY, width);
    int prompt_h = text_height(c, prompts, R_SMALL, width - c->pad);
    if (body_h + prompt_h + c->pad > left) {
        /* share the room by need, the text first */
        int share = prompt_h ? left * body_h / (body_h + prompt_h + 1) : left;
        body_h = body_h > share ? share : body_h;
        prompt_h = left - body_h - c->pad;
    }
    if (st->text && *st->text)
        text(c, (box){x, y, width, body_h}, st->text, R_BODY, ink, paper, ALIGN_LEFT);
    if (prompts[0] && prompt_h > 0)
        text(c, (box){x + c->pad, y + body_h + c->pad, width - c->pad, prompt_h}, prompts, R_SMALL, ink,
             paper, ALIGN_LEFT);
}

static void screen_plain(ctx *c, const engine *e, const step *st)
{
    int y = header(c, e, true);
    int bottom = c->h - footer_height(c) - c->pad;
    if (st->type == STEP_THEME) {
        int th = text_height(c, st->title, R_TITLE, c->w - 2 * c->pad);
        th = th > (bottom - y) / 4 ? (bottom - y) / 4 : th;
        text(c, (box){c->pad, y, c->w - 2 * c->pad, th}, st->title, R_TITLE, muted, paper, ALIGN_CENTER);
        box b = {c->pad, y + th + c->pad, c->w - 2 * c->pad, bottom - y - th - c->pad};
        char prompts[2048] = "";
        size_t o = 0;
        for (size_t i = 0; i < st->n_prompts && o < sizeof(prompts); i++)
            o += (size_t)snprintf(prompts + o, sizeof(prompts) - o, "%s• %s", i ? "\n" : "", st->prompts[i]);
        box pb = b;
        if (prompts[0]) { /* the theme above, the questions to it below */
            int ph = text_height(c, prompts, R_BODY, b.w - c->pad);
            ph = ph > b.h * 2 / 5 ? b.h * 2 / 5 : ph;
            b.h -= ph + c->pad;
            pb = (box){b.x + c->pad, b.y + b.h + c->pad, b.w - c->pad, ph};
        }
        fill(c, b, panel);
        text(c, inset(b, c->pad), st->text, R_BIG, ink, panel, ALIGN_CENTER);
        if (prompts[0])
            text(c, pb, prompts, R_BODY, ink, paper, ALIGN_LEFT);
        return;
    }
    title_text_prompts(c, st, y, bottom, c->pad, c->w - 2 * c->pad);
}

/* --- interview ------------------------------------------------------------------------------- */

static void screen_interview(ctx *c, const engine *e, const step *st)
{
    int y = header(c, e, false);
    int bottom = c->h - footer_height(c) - c->pad;
    int width = c->w - 2 * c->pad;
    unsigned people = st->group_size ? st->group_size : 2;
    int64_t left = engine_remaining_ms(e, c->m->now);
    bool last_minute = left >= 0 && left <= 60000 && !engine_time_up(e);
    /* the title on one line across, then the ring beside (landscape) or above (portrait)
     * who tells and what to ask */
    int th = px(c, 48);
    text(c, (box){c->pad, y - c->pad / 2, width, th}, st->title, R_TITLE, ink, paper, ALIGN_LEFT);
    y += th;
    int ring = c->portrait ? (bottom - y) * 2 / 5 : bottom - y;
    int max_ring = c->portrait ? width : c->w * 9 / 25;
    ring = ring > max_ring ? max_ring : ring;
    box rb = {c->portrait ? (c->w - ring) / 2 : c->pad, y, ring, ring};
    frame_item *r = frame_add(c->f, ITEM_RING, rb);
    r->fg = last_minute ? ring_last : blue;
    r->bg = ring_bg;
    r->value = (int)(left > 0 ? left / 1000 : 0);
    r->max = (int)(st->duration_ms / 1000);
    char buf[1024];
    if (engine_time_up(e))
        snprintf(buf, sizeof(buf), "%s", tr("Time is up"));
    else
        mmss(buf, sizeof(buf), left > 0 ? left : 0);
    int inner = ring * 3 / 5;
    box tb = {rb.x + (ring - inner) / 2, rb.y + ring / 2 - inner / 4, inner, inner / 2};
    text(c, tb, buf, engine_time_up(e) ? R_TITLE : R_HUGE, last_minute ? warn : ink, paper, ALIGN_CENTER);
    const char *state = engine_paused(e) ? tr("Paused") : last_minute ? tr("Last minute") : NULL;
    if (state)
        text(c, (box){tb.x, tb.y + tb.h, tb.w, inner / 4}, state, R_SMALL, last_minute ? warn : ink, paper,
             ALIGN_CENTER);
    int x = c->portrait ? c->pad : rb.x + ring + 2 * c->pad;
    int ty = c->portrait ? rb.y + ring + c->pad : y;
    int cw = c->w - x - c->pad;
    snprintf(buf, sizeof(buf), tr("Person %u of %u tells. The other asks more."), engine_part(e) + 1, people);
    int who_h = text_height(c, buf, R_BODY, cw);
    who_h = who_h > (bottom - ty) / 3 ? (bottom - ty) / 3 : who_h;
    text(c, (box){x, ty, cw, who_h}, buf, R_BODY, ink, paper, ALIGN_LEFT);
    ty += who_h + c->pad / 2;
    /* the prompts, then the probes on one line, in the rest */
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < st->n_prompts && o < sizeof(buf); i++)
        o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s• %s", i ? "\n" : "", st->prompts[i]);
    for (size_t i = 0; i < st->n_probes && o < sizeof(buf); i++)
        o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s", i ? "  " : "\n", st->probes[i]);
    if (bottom - ty > 0)
        text(c, (box){x, ty, cw, bottom - ty}, buf, R_BODY, ink, paper, ALIGN_LEFT);
    if (c->m->banner_switch)
        banner(c, tr("Switch roles"));
    else if (c->m->banner_extend)
        banner(c, tr("+1 minute"));
}

/* --- choices: vote, monitoring choice -------------------------------------------------------- */

static unsigned percent(unsigned part, unsigned total)
{
    return total ? (part * 100 + total / 2) / total : 0;
}

/* The option tiles in area a; counts shown when visible. */
static void tiles(ctx *c, const engine *e, const question *q, box a, bool visible)
{
    size_t si = engine_step(e);
    unsigned part = engine_part(e);
    unsigned n = q->kind == ANSWER_CHOICE ? (unsigned)q->n_options : q->scale;
    unsigned total = engine_count(e, si, part, 0);
    unsigned cols = c->portrait || n <= 3 ? 1 : 2;
    unsigned rows = (n + cols - 1) / cols;
    int gap = c->pad / 2;
    int tw = (a.w - (int)(cols - 1) * gap) / (int)cols;
    int th = rows ? (a.h - (int)(rows - 1) * gap) / (int)rows : 0;
    th = th > px(c, 110) ? px(c, 110) : th;
    bool live = !engine_closed(e) && !engine_between_turns(e, c->m->now);
    for (unsigned i = 0; i < n; i++) {
        int opt = (int)i + 1;
        box b = {a.x + (int)(i % cols) * (tw + gap), a.y + (int)(i / cols) * (th + gap), tw, th};
        rgb bg = screens_button_colour(opt);
        frame_item *area = frame_add(c->f, ITEM_FILL, b);
        area->fg = bg;
        area->act = live ? ACT_OPTION : ACT_NONE;
        area->arg = opt;
        rgb fg = ink_on(bg);
        int mark = th - c->pad;
        int x = b.x + c->pad / 2;
        if (opt <= 6) { /* the button's shape and number: never colour alone */
            frame_item *sh = frame_add(c->f, ITEM_SHAPE, (box){x, b.y + c->pad / 2, mark, mark});
            sh->shape = (shape)(opt - 1);
            sh->fg = fg;
            x += mark + c->pad / 2;
        }
        char num[16];
        snprintf(num, sizeof(num), "%d", opt);
        int nw = px(c, 40);
        text(c, (box){x, b.y, nw, th}, num, R_TITLE, fg, bg, ALIGN_LEFT);
        x += nw;
        const char *label = "";
        char buf[160];
        if (q->kind == ANSWER_CHOICE)
            label = q->options[i];
        else if (i < q->n_options)
            label = q->options[i];
        int count_h = visible ? fonts_line_height(c->ft, px(c, roles[R_SMALL].px), false) : 0;
        int lw = b.x + b.w - x - c->pad / 2;
        text(c, (box){x, b.y + c->pad / 4, lw, th - c->pad / 2 - count_h}, label, R_BODY, fg, bg, ALIGN_LEFT);
        if (visible) { /* the tally on the tile's last line */
            unsigned k = engine_count(e, si, part, opt);
            snprintf(buf, sizeof(buf), "%u (%u%%)", k, percent(k, total));
            text(c, (box){x, b.y + th - count_h - c->pad / 4, lw, count_h}, buf, R_SMALL, fg, bg,
                 ALIGN_RIGHT);
        }
    }
}

/* The line under the tiles: whose turn, how many votes so far, or that voting closed. */
static void vote_status(ctx *c, const engine *e, const step *st, box b)
{
    char buf[160];
    size_t si = engine_step(e);
    unsigned per = st->rule.votes_per_person ? st->rule.votes_per_person : 1;
    if (st->type == STEP_RATING)
        per = 1;
    if (st->type == STEP_MONITORING) {
        snprintf(buf, sizeof(buf), tr("Answers: %u"), engine_count(e, si, engine_part(e), 0));
    } else if (engine_closed(e)) {
        snprintf(buf, sizeof(buf), "%s", tr("Voting closed"));
    } else if (engine_between_turns(e, c->m->now)) {
        snprintf(buf, sizeof(buf), "%s", tr("Next person, please"));
    } else if (!engine_tally_visible(e, si)) {
        snprintf(buf, sizeof(buf), tr("Votes counted: %u. The result comes after voting."),
                 engine_count(e, si, engine_part(e), 0));
    } else {
        snprintf(buf, sizeof(buf), tr("n = %u"), engine_count(e, si, engine_part(e), 0));
    }
    int turn_w = per > 1 ? px(c, 190) : 0;
    text(c, (box){b.x, b.y, b.w - turn_w, b.h}, buf, R_SMALL, ink, paper, ALIGN_LEFT);
    if (per > 1 && !engine_closed(e)) {
        snprintf(buf, sizeof(buf), tr("Vote %u of %u"), engine_turn_used(e) + 1, per);
        text(c, (box){b.x + b.w - turn_w, b.y, turn_w, b.h}, buf, R_BODY, ink, paper, ALIGN_RIGHT);
    }
}

/* --- rating ---------------------------------------------------------------------------------- */

static const char *const default_words[5] = {N_("Very bad"), N_("Bad"), N_("Neutral"), N_("Good"),
                                             N_("Very good")};

static void faces(ctx *c, const engine *e, const question *q, box a, bool visible)
{
    size_t si = engine_step(e);
    unsigned part = engine_part(e);
    unsigned n = q->scale ? q->scale : 5;
    unsigned total = engine_count(e, si, part, 0);
    bool live = !engine_closed(e) && !engine_between_turns(e, c->m->now);
    int gap = c->pad / 2;
    int tw = (a.w - (int)(n - 1) * gap) / (int)n;
    if (a.h > px(c, 240))
        a.h = px(c, 240); /* a face, a number and a word: no taller than that */
    for (unsigned i = 0; i < n; i++) {
        int opt = (int)i + 1;
        box b = {a.x + (int)i * (tw + gap), a.y, tw, a.h};
        rgb bg = screens_button_colour(opt);
        frame_item *area = frame_add(c->f, ITEM_FILL, b);
        area->fg = bg;
        area->act = live ? ACT_OPTION : ACT_NONE;
        area->arg = opt;
        rgb fg = ink_on(bg);
        /* the face, the number, the word and, when shown, the tally share the height */
        int face_h = b.h * (visible ? 34 : 40) / 100, num_h = b.h * 20 / 100;
        int count_h = visible ? b.h * 18 / 100 : 0, word_h = b.h - face_h - num_h - count_h - c->pad / 2;
        int size = tw - c->pad < face_h ? tw - c->pad : face_h;
        frame_item *face =
            frame_add(c->f, ITEM_FACE, (box){b.x + (tw - size) / 2, b.y + c->pad / 4, size, size});
        face->value = n > 1 ? 1 + (int)(i * 4 / (n - 1)) : 3; /* 1..5: frown to smile */
        face->fg = ink;
        face->bg = face_bg;
        int y = b.y + c->pad / 4 + face_h;
        char buf[64];
        snprintf(buf, sizeof(buf), "%d", opt);
        text(c, (box){b.x, y, tw, num_h}, buf, R_TITLE, fg, bg, ALIGN_CENTER);
        y += num_h;
        const char *word = i < q->n_options ? q->options[i] : n == 5 ? tr(default_words[i]) : "";
        if (word_h > 0)
            text(c, (box){b.x + 2, y, tw - 4, word_h}, word, R_SMALL, fg, bg, ALIGN_CENTER);
        if (visible) {
            unsigned k = engine_count(e, si, part, opt);
            snprintf(buf, sizeof(buf), "%u (%u%%)", k, percent(k, total));
            text(c, (box){b.x + 2, b.y + b.h - count_h, tw - 4, count_h}, buf, R_SMALL, fg, bg, ALIGN_CENTER);
        }
    }
}

/* --- open question: the on-screen keyboard -------------------------------------------------- */

static const char *const keys_qwerty[] = {"q", "w", "e", "r", "t", "y", "u", "i", "o", "p", "a", "s",
                                          "d", "f", "g", "h", "j", "k", "l", "'", "z", "x", "c", "v",
                                          "b", "n", "m", ",", ".", "?", "é", "ë", "ï", "ö", "ü", "!"};
enum { N_KEYS = sizeof(keys_qwerty) / sizeof(keys_qwerty[0]) };

/* Keys at least 48 px wide: 12 a row on a wide screen, fewer on a narrow one. */
static int keyboard_cols(int width)
{
    int cols = width / 64;
    return cols > 12 ? 12 : cols < 6 ? 6 : cols;
}

static int keyboard_rows(int width)
{
    return (N_KEYS + keyboard_cols(width) - 1) / keyboard_cols(width) + 1;
}

static int keyboard_gap(const ctx *c)
{
    return c->pad / 4 > 2 ? c->pad / 4 : 2;
}

/* The keyboard's height for keys kh high. */
static int keyboard_height(const ctx *c, int width, int kh)
{
    int rows = keyboard_rows(width);
    return rows * kh + (rows - 1) * keyboard_gap(c);
}

static void keyboard(ctx *c, box a)
{
    int cols = keyboard_cols(a.w);
    int rows = keyboard_rows(a.w); /* + the row of wide keys */
    int gap = keyboard_gap(c);
    int kw = (a.w - (cols - 1) * gap) / cols;
    int kh = (a.h - (rows - 1) * gap) / rows;
    for (int i = 0; i < N_KEYS; i++) {
        box b = {a.x + (i % cols) * (kw + gap), a.y + (i / cols) * (kh + gap), kw, kh};
        frame_item *k = button(c, b, keys_qwerty[i], key_bg, ACT_KEY, i, R_BODY);
        k->text = frame_str(c->f, keys_qwerty[i]);
    }
    /* the wide keys: backspace a fifth, space and send two fifths each */
    int y = a.y + (rows - 1) * (kh + gap);
    int fifth = (a.w - 2 * gap) / 5;
    button(c, (box){a.x, y, fifth, kh}, "⌫", key_bg, ACT_BACKSPACE, 0, R_BODY);
    button(c, (box){a.x + fifth + gap, y, 2 * fifth, kh}, tr("Space"), key_bg, ACT_KEY, -1, R_BODY);
    button(c, (box){a.x + 3 * fifth + 2 * gap, y, a.w - 3 * fifth - 2 * gap, kh}, tr("Send"), blue, ACT_SEND,
           0, R_BODY);
}

const char *screens_key_text(int arg)
{
    if (arg == -1)
        return " ";
    return arg >= 0 && arg < N_KEYS ? keys_qwerty[arg] : "";
}

/* The answer field, the count of characters and answers, and the keyboard, from y
 * down to bottom; the keyboard is kb_h high at the bottom. */
static void open_answer(ctx *c, const engine *e, const question *q, int y, int bottom, int kb_h)
{
    char buf[512];
    int width = c->w - 2 * c->pad;
    const char *draft = c->m->draft ? c->m->draft : "";
    long chars = 0;
    for (const char *p = draft; *p; p++)
        chars += ((unsigned char)*p & 0xC0) != 0x80;
    int fh = px(c, 56);
    box field = {c->pad, y, width, fh};
    fill(c, field, white);
    frame_add(c->f, ITEM_FRAME, field)->fg = muted;
    if (*draft) {
        snprintf(buf, sizeof(buf), "%s|", draft);
        text(c, inset(field, c->pad / 2), buf, R_BODY, ink, white, ALIGN_LEFT);
    } else {
        text(c, inset(field, c->pad / 2), tr("Type your answer"), R_BODY, muted, white, ALIGN_LEFT);
    }
    y += fh + c->pad / 4;
    snprintf(buf, sizeof(buf), tr("%u of %u characters"), (unsigned)chars, q->max_length);
    int ch = px(c, 30);
    text(c, (box){c->pad, y, width / 2, ch}, buf, R_SMALL,
         (unsigned long)chars > q->max_length ? warn : muted, paper, ALIGN_LEFT);
    if (c->m->ack) /* "geteld" takes the place of the count while it shows */
        snprintf(buf, sizeof(buf), "%s", c->m->ack > 0 ? tr("Counted") : tr("Not counted"));
    else
        snprintf(buf, sizeof(buf), tr("Answers: %u"), engine_count(e, engine_step(e), engine_part(e), 0));
    text(c, (box){c->pad + width / 2, y, width / 2, ch}, buf, R_SMALL, c->m->ack < 0 ? warn : ink, paper,
         ALIGN_RIGHT);
    box kb = {c->pad, bottom - kb_h, width, kb_h};
    if (!engine_closed(e))
        keyboard(c, kb);
    else
        text(c, kb, tr("Voting closed"), R_BODY, ink, paper, ALIGN_CENTER);
}

/* --- a question step: vote, rating, open, monitoring ---------------------------------------- */

static void screen_question(ctx *c, const engine *e, const step *st, const question *q)
{
    int y = header(c, e, true);
    int bottom = c->h - footer_height(c) - c->pad;
    int width = c->w - 2 * c->pad;
    char buf[512];
    if (st->type == STEP_MONITORING) {
        snprintf(buf, sizeof(buf), "%s  (%u/%zu)", st->title, engine_part(e) + 1, st->n_questions);
        int th = px(c, 36);
        text(c, (box){c->pad, y - c->pad / 2, width, th}, buf, R_SMALL, muted, paper, ALIGN_LEFT);
        y += th - c->pad / 2;
    } else if (q->kind != ANSWER_TEXT) {
        int th = text_height(c, st->title, R_TITLE, width);
        th = th > (bottom - y) / 5 ? (bottom - y) / 5 : th;
        text(c, (box){c->pad, y, width, th}, st->title, R_TITLE, ink, paper, ALIGN_LEFT);
        y += th;
    }
    if (q->kind == ANSWER_TEXT) {
        /* the keyboard first: its keys must stay 48 px; the question gets what is left,
         * and the acknowledgement shows beside the count (no footer) */
        bottom = c->h - c->pad / 2;
        int kh = px(c, 56) > TOUCH_MIN_PX ? px(c, 56) : TOUCH_MIN_PX;
        int rest = bottom - y - px(c, 56) - px(c, 30) - c->pad;
        int line = fonts_line_height(c->ft, px(c, roles[R_BODY].floor), false);
        while (kh > TOUCH_MIN_PX && rest - keyboard_height(c, width, kh) < line)
            kh--;
        int kb_h = keyboard_height(c, width, kh);
        int qh = text_height(c, q->text, R_BODY, width);
        int room = rest - kb_h - c->pad / 2;
        qh = qh > room ? room : qh;
        text(c, (box){c->pad, y, width, qh}, q->text, R_BODY, ink, paper, ALIGN_LEFT);
        open_answer(c, e, q, y + qh + c->pad / 2, bottom, kb_h);
        return;
    }
    int qh = text_height(c, q->text, R_BODY, width);
    qh = qh > (bottom - y) / 4 ? (bottom - y) / 4 : qh;
    text(c, (box){c->pad, y, width, qh}, q->text, R_BODY, ink, paper, ALIGN_LEFT);
    y += qh + c->pad / 2;
    bool visible = engine_tally_visible(e, engine_step(e)) && st->type != STEP_MONITORING;
    int sh = px(c, 40);
    box area = {c->pad, y, width, bottom - y - sh};
    if (q->kind == ANSWER_RATING)
        faces(c, e, q, area, visible);
    else
        tiles(c, e, q, area, visible);
    vote_status(c, e, st, (box){c->pad, bottom - sh, width, sh});
}

/* --- results --------------------------------------------------------------------------------- */

static const view_trend *trend_of(const ctx *c, const char *id)
{
    for (size_t i = 0; i < c->m->n_trends; i++)
        if (strcmp(c->m->trends[i].question_id, id) == 0)
            return &c->m->trends[i];
    return NULL;
}

/* One question's bars in box b. */
static void chart(ctx *c, const engine *e, size_t si, size_t qi, unsigned min_n, box b)
{
    const question *q = &engine_script(e)->steps[si].questions[qi];
    unsigned total = engine_count(e, si, qi, 0);
    char buf[256];
    int line = fonts_line_height(c->ft, px(c, roles[R_SMALL].px), false);
    /* the question: at the size it gets when made small enough for three lines at most */
    char wrapped[1024];
    int lw, lines;
    int floor_px = px(c, roles[R_SMALL].floor) < 14 ? 14 : px(c, roles[R_SMALL].floor);
    int th = text_height(c, q->text, R_SMALL, b.w * 4 / 5);
    if (th > 2 * line)
        th = fonts_wrap(c->ft, q->text, floor_px, false, b.w * 4 / 5, wrapped, sizeof(wrapped), &lw, &lines);
    th = th > 3 * line ? 3 * line : th < line ? line : th;
    snprintf(buf, sizeof(buf), tr("n = %u"), total);
    text(c, (box){b.x, b.y, b.w * 4 / 5, th}, q->text, R_SMALL, ink, paper, ALIGN_LEFT);
    text(c, (box){b.x + b.w * 4 / 5, b.y, b.w / 5, line}, buf, R_SMALL, muted, paper, ALIGN_RIGHT);
    box a = {b.x, b.y + th, b.w, b.h - th};
    const view_trend *tr_ = q->kind == ANSWER_RATING ? trend_of(c, q->id) : NULL;
    if (tr_ && tr_->n > 1)
        a.h -= line;
    if (total < min_n || total == 0) {
        snprintf(buf, sizeof(buf), tr("Too few answers to show (n = %u, at least %u)."), total,
                 min_n ? min_n : 1);
        text(c, a, buf, R_SMALL, muted, paper, ALIGN_LEFT);
    } else {
        unsigned n = q->kind == ANSWER_CHOICE ? (unsigned)q->n_options : q->scale;
        int row = n ? a.h / (int)n : 0;
        int count_w = fonts_width(c->ft, "000 (100%)", px(c, roles[R_SMALL].px), false) + c->pad / 2;
        int label_w = (a.w - count_w) / 2;
        for (unsigned i = 0; i < n && row > 0; i++) {
            int opt = (int)i + 1;
            int y = a.y + (int)i * row;
            const char *label = i < q->n_options ? q->options[i] : "";
            snprintf(buf, sizeof(buf), "%d %s", opt, label);
            text_line(c, (box){a.x, y, label_w, row < 2 * line ? row : 2 * line}, buf, R_SMALL, ink, paper,
                      ALIGN_LEFT);
            unsigned k = engine_count(e, si, qi, opt);
            int bar_w = a.w - label_w - count_w - c->pad;
            int len = total ? bar_w * (int)k / (int)total : 0;
            fill(c, (box){a.x + label_w + c->pad / 2, y + row / 6, len > 0 ? len : 1, row * 2 / 3},
                 screens_button_colour(opt <= 6 ? opt : 7));
            snprintf(buf, sizeof(buf), "%u (%u%%)", k, percent(k, total));
            text(c, (box){a.x + a.w - count_w, y, count_w, row}, buf, R_SMALL, ink, paper, ALIGN_RIGHT);
        }
    }
    if (tr_ && tr_->n > 1) { /* the mean over the earlier meetings, oldest first */
        int y = a.y + a.h;
        char text_line[256];
        size_t o = (size_t)snprintf(text_line, sizeof(text_line), "%s:", tr("Earlier meetings"));
        for (size_t i = 0; i < tr_->n && o < sizeof(text_line); i++)
            o += (size_t)snprintf(text_line + o, sizeof(text_line) - o, "  %.1f", tr_->mean[i]);
        text(c, (box){b.x, y, b.w, b.y + b.h - y}, text_line, R_SMALL, ink, paper, ALIGN_LEFT);
    }
}

static bool wanted(const step *results, const char *id)
{
    if (results->n_show == 0)
        return true;
    for (size_t k = 0; k < results->n_show; k++)
        if (strcmp(results->show[k], id) == 0)
            return true;
    return false;
}

/* Charts of the questions of steps before `upto` that results wants, in area a. */
static void charts(ctx *c, const engine *e, const step *results, size_t upto, unsigned min_n, box a)
{
    const script *s = engine_script(e);
    size_t which[16][2], n = 0;
    for (size_t si = 0; si < upto && si < s->n_steps; si++)
        for (size_t q = 0; q < s->steps[si].n_questions && n < 16; q++) {
            const question *qu = &s->steps[si].questions[q];
            if (qu->kind != ANSWER_TEXT && (!results || wanted(results, qu->id))) {
                which[n][0] = si;
                which[n][1] = q;
                n++;
            }
        }
    /* one column when every chart gets a line per option; two side by side otherwise; and
     * when even then a chart would get less than a line per option, the latest questions
     * only (the export has them all) */
    int line = fonts_line_height(c->ft, px(c, roles[R_SMALL].px), false);
    int gap = c->pad;
    size_t first = 0, cols = 1, rows = 0;
    int cw = a.w, ch = 0;
    for (; first < n; first++) {
        int need = 0, tallest = 0;
        for (size_t i = first; i < n; i++) {
            const question *qu = &s->steps[which[i][0]].questions[which[i][1]];
            int h = line * (3 + (int)(qu->kind == ANSWER_CHOICE ? qu->n_options : qu->scale));
            need += h;
            tallest = h > tallest ? h : tallest;
        }
        size_t shown = n - first;
        cols = !c->portrait && shown > 1 && need > a.h ? 2 : 1;
        rows = (shown + cols - 1) / cols;
        cw = (a.w - (int)(cols - 1) * gap) / (int)cols;
        ch = (a.h - (int)(rows - 1) * gap) / (int)rows;
        if (ch >= tallest - line) /* the chart's own spacing may go */
            break;
    }
    for (size_t i = first; i < n; i++) {
        size_t k = i - first;
        chart(c, e, which[i][0], which[i][1], min_n,
              (box){a.x + (int)(k % cols) * (cw + gap), a.y + (int)(k / cols) * (ch + gap), cw, ch});
    }
}

static void screen_results(ctx *c, const engine *e, const step *st)
{
    int y = header(c, e, true);
    int bottom = c->h - footer_height(c) - c->pad;
    int width = c->w - 2 * c->pad;
    int th = text_height(c, st->title, R_TITLE, width);
    th = th > (bottom - y) / 5 ? (bottom - y) / 5 : th;
    text(c, (box){c->pad, y, width, th}, st->title, R_TITLE, ink, paper, ALIGN_LEFT);
    y += th + c->pad / 2;
    charts(c, e, st, engine_step(e), st->min_n, (box){c->pad, y, width, bottom - y});
}

static void screen_finished(ctx *c)
{
    int width = c->w - 2 * c->pad;
    text(c, (box){c->pad, c->h / 5, width, c->h / 4}, tr("Done!"), R_HUGE, ink, paper, ALIGN_CENTER);
    text(c, (box){c->pad, c->h / 2, width, c->h / 4}, tr("Thank you for taking part."), R_TITLE, ink, paper,
         ALIGN_CENTER);
}

/* --- the resume question and the idle screen ----------------------------------------------- */

static void screen_resume(ctx *c)
{
    char buf[256];
    int width = c->w - 2 * c->pad;
    snprintf(buf, sizeof(buf), tr("A session was interrupted at step %zu. Do you want to continue it?"),
             c->m->resume_step + 1);
    text(c, (box){c->pad, c->h / 8, width, c->h * 3 / 8}, buf, R_TITLE, ink, paper, ALIGN_CENTER);
    int bh = px(c, 96), gap = c->pad;
    int bw = c->portrait ? width : (width - gap) / 2;
    int y = c->h * 9 / 16;
    button(c, (box){c->pad, y, bw, bh}, tr("Continue"), blue, ACT_RESUME, 1, R_TITLE);
    box b2 = c->portrait ? (box){c->pad, y + bh + gap, bw, bh} : (box){c->pad + bw + gap, y, bw, bh};
    button(c, b2, tr("New session"), key_bg, ACT_RESUME, 0, R_TITLE);
}

static void screen_idle(ctx *c)
{
    int width = c->w - 2 * c->pad;
    text(c, (box){c->pad, c->h / 4, width, c->h / 4}, c->m->idle_title ? c->m->idle_title : "Oogst", R_HUGE,
         ink, paper, ALIGN_CENTER);
    text(c, (box){c->pad, c->h / 2, width, c->h / 4}, tr("Facilitator"), R_BODY, muted, paper, ALIGN_CENTER);
}

/* --- the facilitator menu -------------------------------------------------------------------- */

static void menu_buttons(ctx *c, box a, const int *items, const char *const *labels, size_t n)
{
    size_t cols = c->portrait ? 2 : 3;
    size_t rows = (n + cols - 1) / cols;
    int gap = c->pad / 2;
    int bw = (a.w - (int)(cols - 1) * gap) / (int)cols;
    int bh = rows ? (a.h - (int)(rows - 1) * gap) / (int)rows : 0;
    bh = bh > px(c, 90) ? px(c, 90) : bh;
    for (size_t i = 0; i < n; i++)
        button(c, (box){a.x + (int)(i % cols) * (bw + gap), a.y + (int)(i / cols) * (bh + gap), bw, bh},
               labels[i], menu_button, ACT_MENU, items[i], R_BODY);
}

static void menu_title(ctx *c, const char *s, int *y)
{
    int th = px(c, 52);
    text(c, (box){c->pad, *y, c->w - 2 * c->pad - px(c, 110), th}, s, R_TITLE, white, menu_bg, ALIGN_LEFT);
    button(c, (box){c->w - c->pad - px(c, 100), *y, px(c, 100), px(c, 52)}, tr("Close"), menu_button,
           ACT_MENU, MI_CLOSE, R_SMALL);
    *y += th + c->pad / 2;
}

static void page_pin(ctx *c, const menu_state *mn)
{
    int y = c->pad;
    menu_title(c, tr("Enter the PIN"), &y);
    char dots[MENU_PIN_MAX * 4 + 1] = "";
    for (size_t i = 0; mn->pin[i] && i < MENU_PIN_MAX; i++)
        strcat(dots, "● ");
    const char *line = mn->pin_wrong ? tr("Wrong PIN") : dots;
    text(c, (box){c->pad, y, c->w - 2 * c->pad, px(c, 48)}, line, R_BODY, white, menu_bg, ALIGN_CENTER);
    y += px(c, 48) + c->pad / 2;
    int size = c->h - y - c->pad;
    int pw = c->w - 2 * c->pad < size * 4 / 5 ? c->w - 2 * c->pad : size * 4 / 5;
    int gap = c->pad / 2, kw = (pw - 2 * gap) / 3, kh = (size - 3 * gap) / 4;
    int x0 = (c->w - pw) / 2;
    static const int order[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, -1, 0, -2};
    for (int i = 0; i < 12; i++) {
        if (order[i] == -2)
            continue;
        char label[8];
        snprintf(label, sizeof(label), "%d", order[i]);
        box b = {x0 + (i % 3) * (kw + gap), y + (i / 3) * (kh + gap), kw, kh};
        button(c, b, order[i] < 0 ? "⌫" : label, menu_button, ACT_PIN, order[i], R_TITLE);
    }
}

static void page_main(ctx *c, const menu_state *mn)
{
    int y = c->pad;
    menu_title(c, tr("Facilitator"), &y);
    int items[20];
    const char *labels[20];
    size_t n = 0;
#define ADD(item, label) (items[n] = (item), labels[n] = (label), n++)
    if (mn->session_running) {
        ADD(MI_NEXT, tr("Next"));
        ADD(MI_BACK, tr("Back"));
        ADD(MI_PAUSE, tr("Pause"));
        ADD(MI_EXTEND, tr("+1 minute"));
        ADD(MI_END, tr("End session"));
        ADD(MI_RESULTS, tr("Show results"));
    }
    if (mn->can_resume)
        ADD(MI_RESUME, tr("Resume"));
    ADD(MI_SCRIPTS, tr("Choose a session"));
    ADD(MI_EXPORT, tr("Export"));
    ADD(MI_CLOCK, tr("Set date and time"));
    ADD(MI_LANGUAGE, tr("Language"));
    ADD(MI_WIPE, tr("Wipe all data"));
    ADD(MI_ABOUT, tr("About"));
    ADD(MI_SHUTDOWN, tr("Shut down"));
    if (mn->window)
        ADD(MI_QUIT, tr("Quit"));
#undef ADD
    menu_buttons(c, (box){c->pad, y, c->w - 2 * c->pad, c->h - y - c->pad}, items, labels, n);
}

static void page_scripts(ctx *c, const menu_state *mn)
{
    int y = c->pad;
    menu_title(c, tr("Choose a session"), &y);
    int items[MENU_MAX_SCRIPTS];
    for (size_t i = 0; i < mn->n_scripts; i++)
        items[i] = MI_SCRIPT + (int)i;
    menu_buttons(c, (box){c->pad, y, c->w - 2 * c->pad, c->h - y - c->pad}, items, mn->scripts,
                 mn->n_scripts);
}

static void page_confirm(ctx *c, const char *title, const char *ask, const char *yes)
{
    int y = c->pad;
    menu_title(c, title, &y);
    int width = c->w - 2 * c->pad;
    text(c, (box){c->pad, y, width, c->h / 3}, ask, R_TITLE, white, menu_bg, ALIGN_LEFT);
    int bh = px(c, 90), bw = (width - c->pad) / 2, by = c->h - bh - c->pad;
    button(c, (box){c->pad, by, bw, bh}, tr("Cancel"), menu_button, ACT_MENU, MI_CANCEL, R_TITLE);
    button(c, (box){c->pad + bw + c->pad, by, bw, bh}, yes, warn, ACT_MENU, MI_CONFIRM, R_TITLE);
}

static void page_about(ctx *c, const menu_state *mn)
{
    int y = c->pad;
    menu_title(c, tr("About"), &y);
    char buf[512];
    snprintf(buf, sizeof(buf), "%s: %s\n%s: %.1f MB\n%s: %.1f MB\n%s: %lld", tr("Version"),
             mn->about.version ? mn->about.version : "?", tr("Free space"),
             (double)mn->about.free_bytes / 1e6, tr("Database size"), (double)mn->about.db_bytes / 1e6,
             tr("Sessions"), (long long)mn->about.sessions);
    text(c, (box){c->pad, y, c->w - 2 * c->pad, c->h - y - c->pad}, buf, R_BODY, white, menu_bg, ALIGN_LEFT);
}

static void page_clock(ctx *c, const menu_state *mn)
{
    int y = c->pad;
    menu_title(c, tr("Set date and time"), &y);
    const menu_clock *k = &mn->clock;
    int values[5] = {k->year, k->month, k->day, k->hour, k->minute};
    int width = c->w - 2 * c->pad, gap = c->pad / 2;
    int cw = (width - 4 * gap) / 5;
    int bh = px(c, 64), vh = px(c, 64);
    for (int i = 0; i < 5; i++) {
        int x = c->pad + i * (cw + gap);
        button(c, (box){x, y, cw, bh}, "+", menu_button, ACT_MENU, MI_CLOCK_UP + i, R_TITLE);
        char v[16];
        snprintf(v, sizeof(v), i == 0 ? "%04d" : "%02d", values[i]);
        text(c, (box){x, y + bh + gap, cw, vh}, v, R_TITLE, white, menu_bg, ALIGN_CENTER);
        button(c, (box){x, y + bh + vh + 2 * gap, cw, bh}, "-", menu_button, ACT_MENU, MI_CLOCK_DOWN + i,
               R_TITLE);
    }
    int by = c->h - bh - c->pad, bw = (width - c->pad) / 2;
    button(c, (box){c->pad, by, bw, bh}, tr("Cancel"), menu_button, ACT_MENU, MI_CANCEL, R_BODY);
    button(c, (box){c->pad + bw + c->pad, by, bw, bh}, tr("OK"), blue, ACT_MENU, MI_CONFIRM, R_BODY);
}

static void page_results(ctx *c, const menu_state *mn)
{
    (void)mn;
    int y = c->pad;
    fill(c, (box){0, 0, c->w, c->h}, paper);
    text(c, (box){c->pad, y, c->w - 2 * c->pad - px(c, 110), px(c, 52)}, tr("Show results"), R_TITLE, ink,
         paper, ALIGN_LEFT);
    button(c, (box){c->w - c->pad - px(c, 100), y, px(c, 100), px(c, 52)}, tr("Close"), menu_button, ACT_MENU,
           MI_CANCEL, R_SMALL);
    y += px(c, 52) + c->pad / 2;
    const engine *e = c->m->e;
    if (e) /* everything asked so far, however few answered: this is for the facilitator */
        charts(c, e, NULL, engine_finished(e) ? engine_script(e)->n_steps : engine_step(e) + 1, 0,
               (box){c->pad, y, c->w - 2 * c->pad, c->h - y - c->pad});
}

static void page_export(ctx *c, const menu_state *mn)
{
    int y = c->pad;
    menu_title(c, tr("Export"), &y);
    int width = c->w - 2 * c->pad;
    const char *where = mn->stick ? tr("To the USB stick.") : tr("No USB stick: to the folder on the box.");
    int wh = px(c, 44);
    text(c, (box){c->pad, y, width, wh}, where, R_BODY, white, menu_bg, ALIGN_LEFT);
    y += wh + c->pad / 2;
    int items[3];
    const char *labels[3];
    size_t n = 0;
    if (mn->session_running) {
        items[n] = MI_EXPORT_SESSION;
        labels[n++] = tr("This session");
    }
    items[n] = MI_EXPORT_ALL;
    labels[n++] = tr("All sessions");
    items[n] = MI_EXPORT_RANGE;
    labels[n++] = tr("Choose the dates");
    int bh = px(c, 90);
    menu_buttons(c, (box){c->pad, y, width, c->h - y - bh - 2 * c->pad}, items, labels, n);
    button(c, (box){c->pad, c->h - bh - c->pad, width, bh}, tr("Cancel"), menu_button, ACT_MENU, MI_CANCEL,
           R_BODY);
}

/* Three fields (year, month, day) with + and - buttons, for item base + field. */
static void date_fields(ctx *c, const menu_clock *k, int x, int y, int width, int up, int down, int field0)
{
    int values[3] = {k->year, k->month, k->day};
    int gap = c->pad / 2, cw = (width - 2 * gap) / 3, bh = px(c, 56), vh = px(c, 52);
    for (int i = 0; i < 3; i++) {
        int fx = x + i * (cw + gap);
        button(c, (box){fx, y, cw, bh}, "+", menu_button, ACT_MENU, up + field0 + i, R_TITLE);
        char v[16];
        snprintf(v, sizeof(v), i == 0 ? "%04d" : "%02d", values[i]);
        text(c, (box){fx, y + bh + gap / 2, cw, vh}, v, R_TITLE, white, menu_bg, ALIGN_CENTER);
        button(c, (box){fx, y + bh + vh + gap, cw, bh}, "-", menu_button, ACT_MENU, down + field0 + i,
               R_TITLE);
    }
}

static void page_export_range(ctx *c, const menu_state *mn)
{
    int y = c->pad;
    menu_title(c, tr("Choose the dates"), &y);
    int width = c->w - 2 * c->pad, gap = c->pad;
    int half = c->portrait ? width : (width - gap) / 2;
    int lh = px(c, 40);
    text(c, (box){c->pad, y, half, lh}, tr("From"), R_BODY, white, menu_bg, ALIGN_LEFT);
    date_fields(c, &mn->range_from, c->pad, y + lh, half, MI_RANGE_UP, MI_RANGE_DOWN, 0);
    int x2 = c->portrait ? c->pad : c->pad + half + gap;
    int y2 = c->portrait ? y + lh + px(c, 190) : y;
    text(c, (box){x2, y2, half, lh}, tr("To"), R_BODY, white, menu_bg, ALIGN_LEFT);
    date_fields(c, &mn->range_to, x2, y2 + lh, half, MI_RANGE_UP, MI_RANGE_DOWN, 3);
    int bh = px(c, 64), by = c->h - bh - c->pad, bw = (width - c->pad) / 2;
    button(c, (box){c->pad, by, bw, bh}, tr("Cancel"), menu_button, ACT_MENU, MI_CANCEL, R_BODY);
    button(c, (box){c->pad + bw + c->pad, by, bw, bh}, tr("Export"), blue, ACT_MENU, MI_CONFIRM, R_BODY);
}

static void page_message(ctx *c, const menu_state *mn)
{
    int y = c->pad;
    menu_title(c, tr("Facilitator"), &y);
    int width = c->w - 2 * c->pad, bh = px(c, 90);
    text(c, (box){c->pad, y, width, c->h - y - bh - 2 * c->pad}, mn->message, R_BODY, white, menu_bg,
         ALIGN_LEFT);
    button(c, (box){c->pad, c->h - bh - c->pad, width, bh}, tr("OK"), menu_button, ACT_MENU, MI_CANCEL,
           R_TITLE);
}

static void draw_menu(ctx *c, const menu_state *mn)
{
    if (mn->page != PAGE_RESULTS)
        fill(c, (box){0, 0, c->w, c->h}, menu_bg);
    switch (mn->page) {
    case PAGE_PIN: page_pin(c, mn); break;
    case PAGE_MAIN: page_main(c, mn); break;
    case PAGE_SCRIPTS: page_scripts(c, mn); break;
    case PAGE_WIPE_1:
        page_confirm(c, tr("Wipe all data"), tr("Are you sure? All sessions and answers will be deleted."),
                     tr("Wipe all data"));
        break;
    case PAGE_WIPE_2:
        page_confirm(c, tr("Wipe all data"), tr("Really wipe everything? This cannot be undone."),
                     tr("Wipe all data"));
        break;
    case PAGE_SHUTDOWN:
        page_confirm(c, tr("Shut down"), tr("You can switch off the box when the screen is dark."),
                     tr("Shut down"));
        break;
    case PAGE_ABOUT: page_about(c, mn); break;
    case PAGE_CLOCK: page_clock(c, mn); break;
    case PAGE_RESULTS: page_results(c, mn); break;
    case PAGE_MESSAGE: page_message(c, mn); break;
    case PAGE_EXPORT: page_export(c, mn); break;
    case PAGE_EXPORT_RANGE: page_export_range(c, mn); break;
    case PAGE_CLOSED: break;
    }
}

/* --- the whole screen ------------------------------------------------------------------------ */

void screens_build(frame *f, fonts *ft, const ui_model *m)
{
    ctx c = {.f = f, .ft = ft, .m = m, .w = f->w, .h = f->h};
    int short_side = f->w < f->h ? f->w : f->h;
    c.u = short_side / 480.0;
    c.pad = px(&c, 16);
    c.portrait = f->h > f->w;
    fill(&c, (box){0, 0, f->w, f->h}, paper);
    if (m->menu && menu_is_open(m->menu)) {
        draw_menu(&c, m->menu);
        return;
    }
    if (m->mode == VIEW_RESUME_ASK) {
        screen_resume(&c);
        return;
    }
    if (m->mode == VIEW_IDLE || !m->e) {
        screen_idle(&c);
        return;
    }
    const engine *e = m->e;
    if (engine_finished(e)) {
        screen_finished(&c);
        footer(&c);
        return;
    }
    const step *st = &engine_script(e)->steps[engine_step(e)];
    const question *q = engine_question(e);
    bool typing = q && q->kind == ANSWER_TEXT;
    if (st->type == STEP_INTERVIEW)
        screen_interview(&c, e, st);
    else if (q)
        screen_question(&c, e, st, q);
    else if (st->type == STEP_RESULTS)
        screen_results(&c, e, st);
    else
        screen_plain(&c, e, st);
    if (st->type != STEP_INTERVIEW && m->banner_extend)
        banner(&c, tr("+1 minute"));
    if (!typing || m->store_error)
        footer(&c);
    if (m->stick)
        stick_line(&c);
}
