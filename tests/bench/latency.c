/* latency.c — input → present for `make bench`, in one process with the library: the
 * room's screen (ui_open) on SDL's dummy driver runs tests/bench/latency.yaml, goes to its
 * vote step with the key "n", then N times pushes a key press "1" or "2" (alternating),
 * or with --tap a tap on the middle of option 1's or 2's tile, and times it to the
 * return of the ui_iterate that presented the acknowledgement of that press ("Counted
 * (1)" / "Not counted (2)"): the engine, the commit on the store's writer thread, its
 * event back to the main thread and the drawing. Whether the vote rules count a press
 * does not matter; both answers are drawn. Every ui_iterate is timed too: the longest
 * is the worst stall the UI thread saw while the commits ran, and those over one frame
 * at 60 Hz are counted.
 *
 *   latency DATA_DIR [N] [--tap] [--prefill M]
 *
 * DATA_DIR must not hold a database yet; N defaults to 200. --prefill M first puts M
 * counted votes in the log (a finished session), so the figures can be compared at
 * 1 000 and at 1 000 000 stored inputs.
 *
 * Prints "p50_ms=A p99_ms=B other_frames=C worst_iterate_ms=D stalls=E" (C: frames drawn
 * in between that were not an acknowledgement, e.g. the countdown's seconds; E:
 * iterations longer than 16.7 ms). Exits 1 when it cannot measure. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <SDL.h>

#include "bench.h"
#include "prefill.h"

#include "app/ui.h"
#include "content/content.h"
#include "i18n/i18n.h"
#include "view/frame.h"

enum { TIMEOUT_MS = 2000, SPACING_MS = 10, MAX_SAMPLES = 100000, VOTE_STEP = 1 };
static const char SCRIPT[] = "tests/bench/latency.yaml";
static const double FRAME_MS = 1000.0 / 60.0;

static int push_key(SDL_Keycode sym, SDL_Scancode sc)
{
    SDL_Event ev;
    SDL_zero(ev);
    ev.type = SDL_KEYDOWN;
    ev.key.state = SDL_PRESSED;
    ev.key.keysym.sym = sym;
    ev.key.keysym.scancode = sc;
    if (SDL_PushEvent(&ev) != 1) {
        fprintf(stderr, "latency: SDL_PushEvent: %s\n", SDL_GetError());
        return -1;
    }
    return 0;
}

/* Whether a text on the screen contains needle (as laid out: lines joined by '\n'). */
static bool frame_says(const frame *f, const char *needle)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->items[i].kind == ITEM_TEXT && f->items[i].text && strstr(f->items[i].text, needle))
            return true;
    return false;
}

/* The acknowledgement of button b: "Counted (b)" or "Not counted (b)", in any language. */
static bool frame_acks(const frame *f, int b)
{
    char tail[8];
    snprintf(tail, sizeof(tail), "(%d)", b);
    size_t tl = strlen(tail);
    for (size_t i = 0; i < f->n; i++) {
        const frame_item *it = &f->items[i];
        if (it->kind != ITEM_TEXT || !it->text)
            continue;
        size_t len = strlen(it->text);
        if (len > tl && strcmp(it->text + len - tl, tail) == 0)
            return true;
    }
    return false;
}

/* Option b's tile, once it takes taps (between two people's turns it does not). */
static const frame_item *tile_of(ui *u, int b)
{
    double t0 = now_ms();
    do {
        const frame *f = ui_frame(u);
        for (size_t i = 0; i < f->n; i++)
            if (f->items[i].act == ACT_OPTION && f->items[i].arg == b)
                return &f->items[i];
        sleep_ms(1);
    } while (ui_iterate(u, false) && now_ms() - t0 < TIMEOUT_MS);
    fprintf(stderr, "latency: no tile for option %d on the screen\n", b);
    return NULL;
}

/* M votes in a finished session of the same script, before the UI opens the log. */
static int prefill(const char *dir, long m)
{
    script *s = content_load(SCRIPT, stderr);
    char err[512];
    store *st = s ? store_open(dir, NULL, NULL, err, sizeof(err)) : NULL;
    if (!st) {
        if (s)
            fprintf(stderr, "latency: %s\n", err);
        script_free(s);
        return -1;
    }
    int64_t mono = 0, wall = 1795424400000LL;
    store_begin_session(st, s, wall, mono);
    store_step_enter(st, VOTE_STEP, 0, false, wall, mono);
    int rc = bench_prefill(st, VOTE_STEP, "b-vote", m, wall, &mono);
    store_end_session(st, wall + mono, mono);
    if (store_flush(st) < 0)
        rc = -1;
    store_close(st);
    script_free(s);
    return rc;
}

int main(int argc, char **argv)
{
    bool tap = false;
    long fill = 0;
    const char *args[2] = {NULL, NULL};
    int n_args = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--tap"))
            tap = true;
        else if (!strcmp(argv[i], "--prefill") && i + 1 < argc)
            fill = atol(argv[++i]);
        else if (n_args < 2)
            args[n_args++] = argv[i];
        else
            n_args = 3;
    }
    if (n_args < 1 || n_args > 2 || fill < 0) {
        fprintf(stderr, "usage: latency DATA_DIR [N] [--tap] [--prefill M]\n");
        return 2;
    }
    int n = n_args == 2 ? atoi(args[1]) : 200;
    if (n < 1 || n > MAX_SAMPLES) {
        fprintf(stderr, "latency: N must be 1..%d\n", MAX_SAMPLES);
        return 2;
    }
    if (fill > 0 && prefill(args[0], fill) < 0)
        return 1;
    /* before SDL_Init, which ui_open calls: the drivers are chosen there */
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    const char *font =
        getenv("OOGST_FONT") ? getenv("OOGST_FONT") : "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    const char *bold = getenv("OOGST_FONT_BOLD") ? getenv("OOGST_FONT_BOLD")
                                                 : "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
    i18n_init(getenv("OOGST_LOCALEDIR") ? getenv("OOGST_LOCALEDIR") : "build/locale", NULL);
    char export_dir[4096];
    snprintf(export_dir, sizeof(export_dir), "%s/exports", args[0]);
    ui_opts o = {
        .script_path = SCRIPT,
        .content_dir = "content",
        .data_dir = args[0],
        .export_dir = export_dir,
        .font = font,
        .font_bold = bold,
        .sounds_dir = NULL,
        .pin = "",
        .language = "en",
        .window = true,
        .width = 800,
        .height = 480,
        .rotate = 0,
    };
    double *lat = calloc((size_t)n, sizeof(*lat));
    ui *u = lat ? ui_open(&o) : NULL;
    if (!u) {
        free(lat);
        return 1;
    }
    int rc = 1;
    /* to the vote step: welcome → interview (two roles... as many "n" as it takes) → vote */
    ui_iterate(u, false);
    for (int i = 0; i < 10 && !frame_says(ui_frame(u), "Which first?"); i++) {
        if (push_key(SDLK_n, SDL_SCANCODE_N) < 0)
            goto out;
        ui_iterate(u, false);
    }
    if (!frame_says(ui_frame(u), "Which first?")) {
        fprintf(stderr, "latency: the vote step of tests/bench/latency.yaml did not come on screen\n");
        goto out;
    }
    unsigned long other = 0, stalls = 0;
    double worst = 0;
    for (int i = 0; i < n; i++) {
        int b = 1 + i % 2;
        const frame_item *tile = tap ? tile_of(u, b) : NULL;
        if (tap && !tile)
            goto out;
        unsigned long drawn = ui_draws(u);
        double t0 = now_ms(), t1 = -1;
        if (tap ? ui_push_tap(u, tile->b.x + tile->b.w / 2, tile->b.y + tile->b.h / 2) < 0
                : push_key(b == 1 ? SDLK_1 : SDLK_2, b == 1 ? SDL_SCANCODE_1 : SDL_SCANCODE_2) < 0)
            goto out;
        while (t1 < 0) {
            double ti = now_ms();
            if (!ui_iterate(u, false)) {
                fprintf(stderr, "latency: the UI stopped\n");
                goto out;
            }
            double t = now_ms();
            if (t - ti > worst)
                worst = t - ti;
            stalls += t - ti > FRAME_MS;
            if (ui_draws(u) != drawn) {
                drawn = ui_draws(u);
                if (frame_acks(ui_frame(u), b))
                    t1 = t;
                else
                    other++;
            }
            if (t1 < 0 && t - t0 > TIMEOUT_MS) {
                fprintf(stderr,
                        "latency: press %d of button %d was not acknowledged on screen within %d ms\n", i + 1,
                        b, TIMEOUT_MS);
                goto out;
            }
        }
        lat[i] = t1 - t0;
        sleep_ms(SPACING_MS);
    }
    qsort(lat, (size_t)n, sizeof(*lat), cmp_double);
    printf("p50_ms=%.3f p99_ms=%.3f other_frames=%lu worst_iterate_ms=%.3f stalls=%lu\n",
           percentile(lat, n, 50), percentile(lat, n, 99), other, worst, stalls);
    rc = 0;
out:
    if (ui_close(u) != 0)
        rc = 1;
    i18n_free();
    free(lat);
    return rc;
}
