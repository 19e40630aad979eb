/* floor.c — the least an SDL program on this machine can do, as the floor `make bench`
 * holds Oogst's figures against. Links SDL2 only.
 *
 *   floor            an 800x480 window, software renderer, one cleared frame presented,
 *                    "bench: first frame" on stderr (as Oogst says it with OOGST_BENCH), exit
 *   floor --wait     the same, then sleeps in sigwait() until SIGTERM or SIGINT, and says
 *                    "bench: N loop passes, M frames drawn" (as Oogst does at exit)
 *   floor --keys N   input → present: N times pushes a key event and, on its arrival,
 *                    clears and presents; prints "p50_ms=A p99_ms=B"
 *
 * The video driver is SDL's choice (make bench sets SDL_VIDEODRIVER=dummy). */
#include <SDL.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"

static int keys(SDL_Renderer *ren, int n)
{
    double *lat = calloc((size_t)n, sizeof(*lat));
    if (!lat)
        return 1;
    for (int i = 0; i < n; i++) {
        SDL_Event ev;
        SDL_zero(ev);
        ev.type = SDL_KEYDOWN;
        ev.key.state = SDL_PRESSED;
        ev.key.keysym.sym = i % 2 ? SDLK_2 : SDLK_1;
        ev.key.keysym.scancode = i % 2 ? SDL_SCANCODE_2 : SDL_SCANCODE_1;
        double t0 = now_ms();
        if (SDL_PushEvent(&ev) != 1) {
            fprintf(stderr, "floor: SDL_PushEvent: %s\n", SDL_GetError());
            free(lat);
            return 1;
        }
        double t1 = -1;
        while (t1 < 0) {
            SDL_PumpEvents();
            while (SDL_PollEvent(&ev))
                if (ev.type == SDL_KEYDOWN) {
                    Uint8 shade = ev.key.keysym.sym == SDLK_1 ? 40 : 200;
                    SDL_SetRenderDrawColor(ren, shade, shade, shade, 255);
                    SDL_RenderClear(ren);
                    SDL_RenderPresent(ren);
                    t1 = now_ms();
                }
        }
        lat[i] = t1 - t0;
        sleep_ms(10); /* the same spacing as latency.c */
    }
    qsort(lat, (size_t)n, sizeof(*lat), cmp_double);
    printf("p50_ms=%.3f p99_ms=%.3f\n", percentile(lat, n, 50), percentile(lat, n, 99));
    free(lat);
    return 0;
}

int main(int argc, char **argv)
{
    int wait = argc == 2 && !strcmp(argv[1], "--wait");
    int n_keys = argc == 3 && !strcmp(argv[1], "--keys") ? atoi(argv[2]) : 0;
    if (argc > 1 && !wait && n_keys <= 0) {
        fprintf(stderr, "usage: floor [--wait | --keys N]\n");
        return 2;
    }
    /* SIGTERM is taken with sigwait below, not turned into SDL_QUIT: the floor has no loop
     * to wake. Blocked before SDL_Init so any thread SDL starts inherits the mask. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    if (wait) {
        SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
        sigprocmask(SIG_BLOCK, &stop, NULL);
    }
    if (SDL_Init(SDL_INIT_VIDEO) < 0) {
        fprintf(stderr, "floor: %s\n", SDL_GetError());
        return 1;
    }
    SDL_Window *win = SDL_CreateWindow("floor", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 800, 480, 0);
    SDL_Renderer *ren = win ? SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE) : NULL;
    if (!ren) {
        fprintf(stderr, "floor: %s\n", SDL_GetError());
        SDL_Quit();
        return 1;
    }
    int rc = 0;
    if (n_keys > 0) {
        rc = keys(ren, n_keys);
    } else {
        SDL_SetRenderDrawColor(ren, 20, 20, 20, 255);
        SDL_RenderClear(ren);
        SDL_RenderPresent(ren);
        fprintf(stderr, "bench: first frame\n");
        fflush(stderr);
        if (wait) {
            int sig;
            while (sigwait(&stop, &sig) != 0)
                ;
            fprintf(stderr, "bench: 1 loop passes, 1 frames drawn\n");
        }
    }
    SDL_DestroyRenderer(ren);
    SDL_DestroyWindow(win);
    SDL_Quit();
    return rc;
}
