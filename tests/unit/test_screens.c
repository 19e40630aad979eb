/* test_screens.c — the layout of every screen (view/screens.h), headless: every screen the
 * preview walks (view/preview.h) for the shipped nl and en demos, in both UI languages, at
 * every supported size, portrait too. Nothing overflows, every box lies on the screen,
 * every text measured again fits its box, touch targets are big enough and apart, and
 * every text is readable on what really lies beneath it. One screen per size is also
 * drawn with the software renderer to prove the frame is what reaches the pixels; the
 * panel's rotation and `--check --size` (shots_check_fit) are checked here too.
 * Set OOGST_KEEP_SHOTS to keep the drawn screens as PNGs (the path is printed). */
#include <glob.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <SDL.h>

#include "app/shots.h"
#include "content/content.h"
#include "i18n/i18n.h"
#include "view/fonts.h"
#include "view/frame.h"
#include "view/preview.h"
#include "view/render.h"
#include "view/screens.h"

#define FONT      "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define FONT_BOLD "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

static const struct {
    int w, h;
} sizes[] = {{800, 480}, {1024, 600}, {1280, 720}, {1280, 800}, {1920, 1080}, {480, 800}, {720, 1280}};
enum {
    N_SIZES = sizeof(sizes) / sizeof(sizes[0]),
    MAX_PER_SCREEN = 3, /* problems listed per screen and size; the rest are counted */
    MAX_REPORTED = 150, /* problems listed per script and language */
};

static fonts *ft;
static script *demo_nl, *demo_en;
static char shots_dir[4096]; /* "" unless OOGST_KEEP_SHOTS is set */

/* --- setup ------------------------------------------------------------------------------------ */

static int group_setup(void **state)
{
    (void)state;
    /* before SDL_Init: the driver is chosen there */
    if (setenv("SDL_VIDEODRIVER", "dummy", 1) != 0 || SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "SDL: %s\n", SDL_GetError());
        return -1;
    }
    char err[512];
    ft = fonts_open(FONT, FONT_BOLD, err, sizeof(err));
    if (!ft) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    const char *localedir = getenv("OOGST_LOCALEDIR") ? getenv("OOGST_LOCALEDIR") : "build/locale";
    if (i18n_init(localedir, stderr) != 2) {
        fprintf(stderr, "the nl and en catalogs must be in %s (make all)\n", localedir);
        return -1;
    }
    demo_nl = content_load("content/nl/demo.yaml", stderr);
    demo_en = content_load("content/en/demo.yaml", stderr);
    if (!demo_nl || !demo_en)
        return -1;
    if (getenv("OOGST_KEEP_SHOTS")) {
        const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
        snprintf(shots_dir, sizeof(shots_dir), "%s/oogst-screens-XXXXXX", tmp);
        if (!mkdtemp(shots_dir))
            return -1;
        fprintf(stderr, "screens drawn into %s\n", shots_dir);
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    script_free(demo_nl);
    script_free(demo_en);
    fonts_close(ft);
    i18n_free();
    TTF_Quit();
    SDL_Quit();
    return 0;
}

/* --- the layout checker ------------------------------------------------------------------------ */

typedef struct checker {
    const char *label; /* "nl demo, UI en" */
    int w, h;
    frame f;
    int screens, texts, targets;
    bool saw_options; /* some screen had live option tiles */
    bool quiet;       /* count problems without listing them */
    int problems, on_screen, listed;
} checker;

/* The start of a text on one line, for messages. */
static const char *shown(const char *s, char *buf, size_t len)
{
    snprintf(buf, len, "%.50s", s ? s : "");
    for (char *p = buf; *p; p++)
        if (*p == '\n')
            *p = ' ';
    return buf;
}

static void problem(checker *c, const char *screen, size_t i, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void problem(checker *c, const char *screen, size_t i, const char *fmt, ...)
{
    c->problems++;
    if (c->quiet || ++c->on_screen > MAX_PER_SCREEN || c->listed >= MAX_REPORTED)
        return;
    c->listed++;
    char what[512], t[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    const frame_item *it = i < c->f.n ? &c->f.items[i] : NULL;
    print_error("%s, screen %s, %dx%d, item %zu (kind %d, box %d,%d %dx%d, '%s'): %s\n", c->label, screen,
                c->w, c->h, i, it ? (int)it->kind : -1, it ? it->b.x : 0, it ? it->b.y : 0, it ? it->b.w : 0,
                it ? it->b.h : 0, it ? shown(it->text, t, sizeof(t)) : "", what);
}

static bool contains(box b, int x, int y)
{
    return x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h;
}

static bool overlap(box a, box b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static bool same_rgb(rgb a, rgb b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

/* Measures a text item again, line by line, with the fonts alone. True when it fits. */
static bool check_text_fits(checker *c, const char *name, size_t i)
{
    bool fits = true;
    const frame_item *it = &c->f.items[i];
    int lines = 0;
    const char *s = it->text;
    for (;;) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        char line[1024];
        if (len >= sizeof(line)) {
            problem(c, name, i, "a line of %zu bytes", len);
            len = sizeof(line) - 1;
        }
        memcpy(line, s, len);
        line[len] = '\0';
        int lw = fonts_width(ft, line, it->px, it->bold);
        if (lw > it->b.w && !(fits = false))
            problem(c, name, i, "line %d ('%.40s') is %d px wide at %d px, the box %d%s", lines + 1, line, lw,
                    it->px, it->b.w, it->overflow ? " (marked overflow)" : " (NOT marked overflow)");
        lines++;
        if (!nl)
            break;
        s = nl + 1;
    }
    int need = lines * fonts_line_height(ft, it->px, it->bold);
    if (need > it->b.h) {
        problem(c, name, i, "%d lines at %d px need %d px, the box is %d high%s", lines, it->px, need,
                it->b.h, it->overflow ? " (marked overflow)" : " (NOT marked overflow)");
        fits = false;
    }
    return fits;
}

/* Text colour against the colour really beneath the text: the last fill before it that
 * holds the text box's centre. */
static void check_contrast(checker *c, const char *name, size_t i)
{
    const frame_item *it = &c->f.items[i];
    double ratio = rgb_contrast(it->fg, it->bg);
    if (ratio < 4.5)
        problem(c, name, i, "contrast %.2f of #%02X%02X%02X on #%02X%02X%02X, under 4.5", ratio, it->fg.r,
                it->fg.g, it->fg.b, it->bg.r, it->bg.g, it->bg.b);
    int cx = it->b.x + it->b.w / 2, cy = it->b.y + it->b.h / 2;
    const frame_item *under = NULL;
    for (size_t k = i; k-- > 0;)
        if (c->f.items[k].kind == ITEM_FILL && contains(c->f.items[k].b, cx, cy)) {
            under = &c->f.items[k];
            break;
        }
    if (!under)
        problem(c, name, i, "no fill beneath the text");
    else if (!same_rgb(under->fg, it->bg))
        problem(c, name, i,
                "says its background is #%02X%02X%02X, but it is drawn on #%02X%02X%02X (item %zu)", it->bg.r,
                it->bg.g, it->bg.b, under->fg.r, under->fg.g, under->fg.b, (size_t)(under - c->f.items));
}

static void check_frame(checker *c, const char *name)
{
    const frame *f = &c->f;
    if (f->full)
        problem(c, name, f->n, "the frame is full (%zu items, %zu text bytes)", f->n, f->text_used);
    if (f->n == 0)
        problem(c, name, 0, "an empty frame");
    for (size_t i = 0; i < f->n; i++) {
        const frame_item *it = &f->items[i];
        box b = it->b;
        if (b.w < 0 || b.h < 0 || b.x < 0 || b.y < 0 || b.x + b.w > f->w || b.y + b.h > f->h)
            problem(c, name, i, "the box is not inside the %dx%d screen", f->w, f->h);
        if (it->act != ACT_NONE) {
            c->targets++;
            if (it->act == ACT_OPTION)
                c->saw_options = true;
            if (b.w < TOUCH_MIN_PX || b.h < TOUCH_MIN_PX)
                problem(c, name, i, "a touch target (action %d, arg %d) of %dx%d, under %d px", (int)it->act,
                        it->arg, b.w, b.h, TOUCH_MIN_PX);
            for (size_t k = 0; k < i; k++)
                if (f->items[k].act != ACT_NONE && overlap(b, f->items[k].b))
                    problem(c, name, i,
                            "touch target (action %d, arg %d) overlaps item %zu (action %d, arg %d)",
                            (int)it->act, it->arg, k, (int)f->items[k].act, f->items[k].arg);
        }
        if (it->kind != ITEM_TEXT)
            continue;
        c->texts++;
        bool fits = it->px > 0 && check_text_fits(c, name, i);
        if (it->px <= 0)
            problem(c, name, i, "font size %d", it->px);
        if (it->overflow && fits) /* when it does not fit, the measurement above said so */
            problem(c, name, i, "marked overflow at %d px, yet it measures as fitting its box", it->px);
        check_contrast(c, name, i);
    }
}

static int check_screen(void *ctx, const ui_model *m, const char *name, const step *st)
{
    (void)st;
    checker *c = ctx;
    frame_clear(&c->f, c->w, c->h);
    screens_build(&c->f, ft, m);
    c->screens++;
    c->on_screen = 0;
    check_frame(c, name);
    if (c->on_screen > MAX_PER_SCREEN && !c->quiet && c->listed < MAX_REPORTED)
        print_error("%s, screen %s, %dx%d: %d more problems\n", c->label, name, c->w, c->h,
                    c->on_screen - MAX_PER_SCREEN);
    return 0;
}

/* Checks every screen of s in UI language ui_lang at every size; returns the problems. */
static int check_all_sizes(const script *s, const char *ui_lang, const char *label)
{
    static checker c; /* a frame is large */
    assert_int_equal(i18n_set_language(ui_lang), 0);
    int problems = 0, listed = 0;
    for (size_t i = 0; i < N_SIZES; i++) {
        memset(&c, 0, sizeof(c));
        c.listed = listed;
        c.label = label;
        c.w = sizes[i].w;
        c.h = sizes[i].h;
        assert_int_equal(preview_each(s, check_screen, &c), 0);
        /* the walk really saw the session: every step, the menu pages, resume, the end */
        if (c.screens < (int)s->n_steps + 8 || c.texts < c.screens || !c.saw_options || c.targets == 0) {
            print_error("%s at %dx%d: only %d screens, %d texts, %d touch targets\n", label, c.w, c.h,
                        c.screens, c.texts, c.targets);
            problems++;
        }
        problems += c.problems;
        listed = c.listed;
    }
    i18n_set_language("nl");
    if (problems)
        print_error("%s: %d layout problems, %d listed above\n", label, problems, listed);
    return problems;
}

/* Guards every screen of the Dutch demo in Dutch, at every size. */
static void test_layout_nl(void **state)
{
    (void)state;
    int n = check_all_sizes(demo_nl, "nl", "nl demo, UI nl");
    if (n)
        fail_msg("%d layout problems", n);
}

/* Guards every screen of the English demo in English, at every size. */
static void test_layout_en(void **state)
{
    (void)state;
    int n = check_all_sizes(demo_en, "en", "en demo, UI en");
    if (n)
        fail_msg("%d layout problems", n);
}

/* Guards the screens when the facilitator switched the UI language away from the
 * script's (menu, counters and buttons in the other language). */
static void test_layout_mixed(void **state)
{
    (void)state;
    int a = check_all_sizes(demo_nl, "en", "nl demo, UI en");
    int b = check_all_sizes(demo_en, "nl", "en demo, UI nl");
    if (a + b)
        fail_msg("%d layout problems", a + b);
}

/* Guards every screen of every shipped session (content/nl and content/en), in its own
 * language, at every size: the same checks as for the demos. */
static void test_layout_all_content(void **state)
{
    (void)state;
    glob_t g;
    assert_int_equal(glob("content/*/*.yaml", 0, NULL, &g), 0);
    int problems = 0;
    size_t checked = 0;
    for (size_t i = 0; i < g.gl_pathc; i++) {
        if (strstr(g.gl_pathv[i], "/demo.yaml")) /* the tests above */
            continue;
        script *s = content_load(g.gl_pathv[i], stderr);
        assert_non_null(s);
        problems += check_all_sizes(s, s->language, g.gl_pathv[i]);
        script_free(s);
        checked++;
    }
    globfree(&g);
    assert_true(checked >= 20); /* ten sessions, two languages */
    if (problems)
        fail_msg("%d layout problems", problems);
}

/* Guards the checker itself: a frame with each kind of fault must be caught, or the
 * layout tests above could pass by checking nothing. */
static void test_checker_catches_faults(void **state)
{
    (void)state;
    static checker c;
    memset(&c, 0, sizeof(c));
    c.label = "fault";
    c.w = 800;
    c.h = 480;
    static const rgb paper = {0xFA, 0xF7, 0xF0}, ink = {0x1A, 0x1A, 0x1A}, pale = {0xC0, 0xC0, 0xC0};
    struct {
        const char *what;
        int expect;
    } cases[] = {{"fine", 0},           {"outside", 1},      {"wide line", 1},
                 {"lines too high", 1}, {"small target", 1}, {"overlap", 1},
                 {"contrast", 1},       {"wrong bg", 1},     {"overflow", 1}};
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        frame *f = &c.f;
        frame_clear(f, 800, 480);
        frame_add(f, ITEM_FILL, (box){0, 0, 800, 480})->fg = paper;
        frame_item *t = frame_add(f, ITEM_TEXT, (box){10, 10, 400, 100});
        t->text = frame_str(f, "Hello\nworld");
        t->px = 20;
        t->fg = ink;
        t->bg = paper;
        frame_item *b1 = frame_add(f, ITEM_FILL, (box){10, 200, 100, 100});
        b1->fg = paper;
        b1->act = ACT_OPTION;
        b1->arg = 1;
        frame_item *b2 = frame_add(f, ITEM_FILL, (box){200, 200, 100, 100});
        b2->fg = paper;
        b2->act = ACT_OPTION;
        b2->arg = 2;
        const char *w = cases[k].what;
        if (!strcmp(w, "outside"))
            b2->b.x = 750;
        else if (!strcmp(w, "wide line"))
            t->b.w = 30;
        else if (!strcmp(w, "lines too high"))
            t->b.h = 30;
        else if (!strcmp(w, "small target"))
            b1->b.w = 40;
        else if (!strcmp(w, "overlap"))
            b2->b.x = 100;
        else if (!strcmp(w, "contrast"))
            t->fg = pale;
        else if (!strcmp(w, "wrong bg"))
            t->bg = ink, t->fg = paper; /* good contrast, but it is on paper */
        else if (!strcmp(w, "overflow"))
            t->overflow = true;
        c.problems = 0;
        c.quiet = cases[k].expect > 0;
        check_frame(&c, w);
        if ((c.problems > 0) != (cases[k].expect > 0))
            fail_msg("checker case '%s': %d problems found, expected %s", w, c.problems,
                     cases[k].expect ? "some" : "none");
    }
}

/* --- drawn pixels ------------------------------------------------------------------------------ */

typedef struct drawer {
    SDL_Renderer *ren;
    render *rd;
    frame f;
    int w, h;
    bool done;
    int tiles_checked;
} drawer;

/* A point of item i's box that no later item covers, or false. */
static bool free_point(const frame *f, size_t i, int *px, int *py)
{
    box b = f->items[i].b;
    for (int y = b.y + b.h - 2; y > b.y; y -= 2)
        for (int x = b.x + b.w - 2; x > b.x; x -= 2) {
            bool covered = false;
            for (size_t k = i + 1; k < f->n && !covered; k++)
                covered = contains(f->items[k].b, x, y);
            if (!covered) {
                *px = x;
                *py = y;
                return true;
            }
        }
    return false;
}

static rgb pixel(const SDL_Surface *s, int x, int y)
{
    const Uint8 *p = (const Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch + (size_t)x * 3;
    return (rgb){p[0], p[1], p[2]}; /* SDL_PIXELFORMAT_RGB24: bytes R, G, B */
}

static int draw_vote(void *ctx, const ui_model *m, const char *name, const step *st)
{
    drawer *d = ctx;
    frame_clear(&d->f, d->w, d->h);
    screens_build(&d->f, ft, m);
    bool tiles = false;
    for (size_t i = 0; i < d->f.n; i++)
        tiles |= d->f.items[i].act == ACT_OPTION;
    if (!tiles || !st || st->type != STEP_VOTE)
        return 0; /* the first open vote is the screen drawn */
    render_frame(d->rd, &d->f, false);
    SDL_Surface *img = render_read(d->rd);
    assert_non_null(img);
    assert_int_equal(img->w, d->w);
    assert_int_equal(img->h, d->h);
    for (size_t i = 0; i < d->f.n; i++) {
        const frame_item *it = &d->f.items[i];
        if (it->act != ACT_OPTION)
            continue;
        int x = 0, y = 0; /* set by free_point; 0 keeps -O2 without sanitizers quiet */
        if (!free_point(&d->f, i, &x, &y))
            fail_msg("%s at %dx%d: the tile of option %d (item %zu) is covered everywhere", name, d->w, d->h,
                     it->arg, i);
        rgb want = screens_button_colour(it->arg), got = pixel(img, x, y);
        if (!same_rgb(want, it->fg) || !same_rgb(want, got))
            fail_msg("%s at %dx%d: option %d's tile (item %zu) at %d,%d is #%02X%02X%02X, the frame says "
                     "#%02X%02X%02X, the option's colour is #%02X%02X%02X",
                     name, d->w, d->h, it->arg, i, x, y, got.r, got.g, got.b, it->fg.r, it->fg.g, it->fg.b,
                     want.r, want.g, want.b);
        d->tiles_checked++;
    }
    if (shots_dir[0]) {
        char path[4200];
        snprintf(path, sizeof(path), "%s/%dx%d-%s.png", shots_dir, d->w, d->h, name);
        assert_int_equal(shots_write_png(path, img->pixels, img->w, img->h, img->pitch), 0);
    }
    SDL_FreeSurface(img);
    d->done = true;
    return 1;
}

/* Guards that what the frame says is what the software renderer draws: on the vote screen
 * at every size, each option tile shows its option's colour. */
static void test_render_vote_tiles(void **state)
{
    (void)state;
    static drawer d;
    assert_int_equal(i18n_set_language("en"), 0);
    for (size_t i = 0; i < N_SIZES; i++) {
        memset(&d, 0, sizeof(d));
        d.w = sizes[i].w;
        d.h = sizes[i].h;
        SDL_Window *win = SDL_CreateWindow("test_screens", 0, 0, d.w, d.h, SDL_WINDOW_HIDDEN);
        assert_non_null(win);
        d.ren = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE | SDL_RENDERER_TARGETTEXTURE);
        assert_non_null(d.ren);
        char err[256];
        d.rd = render_new(d.ren, ft, 0, err, sizeof(err));
        if (!d.rd)
            fail_msg("render_new at %dx%d: %s", d.w, d.h, err);
        int lw, lh;
        render_logical_size(d.rd, &lw, &lh);
        assert_int_equal(lw, d.w);
        assert_int_equal(lh, d.h);
        assert_int_equal(preview_each(demo_en, draw_vote, &d), 1);
        assert_true(d.done);
        assert_true(d.tiles_checked >= 2);
        render_free(d.rd);
        SDL_DestroyRenderer(d.ren);
        SDL_DestroyWindow(win);
    }
    i18n_set_language("nl");
}

/* --- rotation --------------------------------------------------------------------------------- */

/* Guards the turned panel: the logical size swaps for 90 and 270, render_to_logical sends
 * each corner of the panel to the right corner of the frame, and the drawing agrees (the
 * frame's corner square is drawn at the panel corner that a touch there is mapped to). */
static void test_rotation(void **state)
{
    (void)state;
    static frame f;
    static const rgb corner_colour[4] = {{0xFF, 0, 0}, {0, 0xFF, 0}, {0, 0, 0xFF}, {0xFF, 0xFF, 0}};
    static const struct {
        int rotate, lw, lh;
        /* the frame point each panel corner maps to: TL, TR, BL, BR of the panel */
        int corner[4][2];
    } cases[] = {
        {0, 800, 480, {{0, 0}, {799, 0}, {0, 479}, {799, 479}}},
        {90, 480, 800, {{0, 799}, {0, 0}, {479, 799}, {479, 0}}},
        {180, 800, 480, {{799, 479}, {0, 479}, {799, 0}, {0, 0}}},
        {270, 480, 800, {{479, 0}, {479, 799}, {0, 0}, {0, 799}}},
    };
    static const int panel[4][2] = {{0, 0}, {799, 0}, {0, 479}, {799, 479}};
    SDL_Window *win = SDL_CreateWindow("test_screens", 0, 0, 800, 480, SDL_WINDOW_HIDDEN);
    assert_non_null(win);
    SDL_Renderer *ren = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE | SDL_RENDERER_TARGETTEXTURE);
    assert_non_null(ren);
    SDL_Surface *out = SDL_CreateRGBSurfaceWithFormat(0, 800, 480, 24, SDL_PIXELFORMAT_RGB24);
    assert_non_null(out);
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        char err[256];
        render *rd = render_new(ren, ft, cases[k].rotate, err, sizeof(err));
        if (!rd)
            fail_msg("render_new rotate %d: %s", cases[k].rotate, err);
        int lw, lh;
        render_logical_size(rd, &lw, &lh);
        if (lw != cases[k].lw || lh != cases[k].lh)
            fail_msg("rotate %d: logical %dx%d, expected %dx%d", cases[k].rotate, lw, lh, cases[k].lw,
                     cases[k].lh);
        /* a frame with a coloured square in each corner: TL red, TR green, BL blue, BR yellow */
        frame_clear(&f, lw, lh);
        frame_add(&f, ITEM_FILL, (box){0, 0, lw, lh})->fg = (rgb){0x80, 0x80, 0x80};
        const box sq[4] = {
            {0, 0, 40, 40}, {lw - 40, 0, 40, 40}, {0, lh - 40, 40, 40}, {lw - 40, lh - 40, 40, 40}};
        for (int q = 0; q < 4; q++)
            frame_add(&f, ITEM_FILL, sq[q])->fg = corner_colour[q];
        render_frame(rd, &f, false);
        assert_int_equal(SDL_RenderReadPixels(ren, NULL, SDL_PIXELFORMAT_RGB24, out->pixels, out->pitch), 0);
        for (int c = 0; c < 4; c++) {
            int x, y;
            render_to_logical(rd, panel[c][0], panel[c][1], &x, &y);
            if (x != cases[k].corner[c][0] || y != cases[k].corner[c][1])
                fail_msg("rotate %d: panel %d,%d maps to %d,%d, expected %d,%d", cases[k].rotate, panel[c][0],
                         panel[c][1], x, y, cases[k].corner[c][0], cases[k].corner[c][1]);
            /* the pixel a few px inside that panel corner shows that frame corner's square */
            int q = (x > lw / 2) + 2 * (y > lh / 2);
            int sx = panel[c][0] ? panel[c][0] - 5 : 5, sy = panel[c][1] ? panel[c][1] - 5 : 5;
            rgb got = pixel(out, sx, sy);
            if (!same_rgb(got, corner_colour[q]))
                fail_msg("rotate %d: panel pixel %d,%d is #%02X%02X%02X, expected the colour of frame corner "
                         "%d,%d",
                         cases[k].rotate, sx, sy, got.r, got.g, got.b, x, y);
        }
        render_free(rd);
    }
    SDL_FreeSurface(out);
    SDL_DestroyRenderer(ren);
    SDL_DestroyWindow(win);
}

/* --- the fit check of `--check --size` ------------------------------------------------------- */

/* Guards `oogst --check --size`: the shipped demos fit every supported size. */
static void test_check_fit_demos(void **state)
{
    (void)state;
    const script *demos[2] = {demo_nl, demo_en};
    int failures = 0;
    for (size_t d = 0; d < 2; d++) {
        assert_int_equal(i18n_set_language(demos[d]->language), 0);
        for (size_t i = 0; i < N_SIZES; i++) {
            char *buf = NULL;
            size_t len = 0;
            FILE *err = open_memstream(&buf, &len);
            assert_non_null(err);
            shots_opts o = {.width = sizes[i].w, .height = sizes[i].h, .font = FONT, .font_bold = FONT_BOLD};
            int rc = shots_check_fit(demos[d], &o, err);
            fclose(err);
            if (rc != 0 || len != 0) {
                print_error("%s at %dx%d: shots_check_fit returned %d:\n", demos[d]->path, sizes[i].w,
                            sizes[i].h, rc);
                int n = 0;
                for (char *line = buf, *end; line && *line; line = end + 1, n++) {
                    if (!(end = strchr(line, '\n')))
                        break;
                    *end = '\0';
                    if (n < 4)
                        print_error("  %s\n", line);
                }
                if (n > 4)
                    print_error("  ... and %d more lines\n", n - 4);
                failures++;
            }
            free(buf);
        }
    }
    i18n_set_language("nl");
    if (failures)
        fail_msg("%d of %d script and size pairs do not fit", failures, 2 * N_SIZES);
}

/* Guards that `--check --size` reports a text that cannot fit, at its place in the file. */
static void test_check_fit_too_long(void **state)
{
    (void)state;
    char dir[] = "/tmp/oogst-fit-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof(path), "%s/long.yaml", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    /* 600 characters (the longest text a script may have) on a theme step, line 6 */
    fputs("id: too-long\nversion: 1\nlanguage: en\ntitle: Too long\nsteps:\n  - type: theme\n"
          "    title: Our theme\n    text: \"",
          f);
    for (int i = 0; i < 49; i++)
        fputs("Cooperation ", f);
    fputs("Cooperations\"\n", f); /* 50 x 12 characters */
    assert_int_equal(fclose(f), 0);
    script *s = content_load(path, stderr);
    assert_non_null(s);
    assert_int_equal(strlen(s->steps[0].text), 600);
    char *buf = NULL;
    size_t len = 0;
    FILE *err = open_memstream(&buf, &len);
    assert_non_null(err);
    shots_opts o = {.width = 800, .height = 480, .font = FONT, .font_bold = FONT_BOLD};
    int rc = shots_check_fit(s, &o, err);
    fclose(err);
    if (rc != 1)
        fail_msg("shots_check_fit returned %d for a 600-character theme text at 800x480:\n%s", rc,
                 buf ? buf : "");
    /* PATH:LINE:COL: ... does not fit ..., on every line */
    assert_non_null(buf);
    char want[160];
    snprintf(want, sizeof(want), "%s:6:", path);
    int lines = 0;
    for (char *line = buf, *end; *line; line = end + 1) {
        end = strchr(line, '\n');
        assert_non_null(end);
        *end = '\0';
        unsigned col = 0;
        int n = 0;
        if (strncmp(line, want, strlen(want)) != 0 || sscanf(line + strlen(want), "%u: %n", &col, &n) != 1 ||
            n == 0 || col == 0 || !strstr(line, "does not fit"))
            fail_msg("not a PATH:LINE:COL: ... does not fit ... line: %s", line);
        lines++;
    }
    assert_true(lines >= 1);
    free(buf);
    script_free(s);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checker_catches_faults),
        cmocka_unit_test(test_layout_nl),
        cmocka_unit_test(test_layout_en),
        cmocka_unit_test(test_layout_mixed),
        cmocka_unit_test(test_layout_all_content),
        cmocka_unit_test(test_render_vote_tiles),
        cmocka_unit_test(test_rotation),
        cmocka_unit_test(test_check_fit_demos),
        cmocka_unit_test(test_check_fit_too_long),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
