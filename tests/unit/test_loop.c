/* test_loop.c — the main thread's sleep (app/loop.h, view/sdl_fds.h) with real fds and
 * real time: deadlines, wakes from another thread, watched fds, coalescing, hotplug of
 * event nodes, and the UI's loop pattern on SDL's dummy driver, which must really sleep
 * (a static screen) or wake once a second (a countdown) instead of spinning.
 * Timing asserts only lower bounds and generous upper ones: machines are noisy. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>

#include "app/loop.h"
#include "view/sdl_fds.h"

static loop *new_loop(void)
{
    char err[128];
    loop *l = loop_new(err, sizeof(err));
    if (!l)
        fail_msg("%s", err);
    return l;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* A thread that sleeps, then (optionally) pushes SDL_QUIT and wakes the loop: the way
 * every other thread hands the main thread an event. */
typedef struct waker {
    loop *l;
    int delay_ms;
    bool push_quit;
    pthread_t t;
} waker;

static void *waker_main(void *arg)
{
    waker *w = arg;
    sleep_ms(w->delay_ms);
    if (w->push_quit) {
        SDL_Event e = {.type = SDL_QUIT};
        if (SDL_PushEvent(&e) != 1)
            abort();
    }
    loop_wake(w->l);
    return NULL;
}

static void waker_start(waker *w, loop *l, int delay_ms, bool push_quit)
{
    *w = (waker){.l = l, .delay_ms = delay_ms, .push_quit = push_quit};
    assert_int_equal(pthread_create(&w->t, NULL, waker_main, w), 0);
}

static void waker_join(waker *w)
{
    assert_int_equal(pthread_join(w->t, NULL), 0);
}

/* A deadline 50 ms ahead: LOOP_TIMER, and not before it. */
static void test_deadline_ahead(void **state)
{
    (void)state;
    loop *l = new_loop();
    int64_t t0 = loop_now_ms();
    assert_int_equal(loop_wait(l, t0 + 50), LOOP_TIMER);
    assert_true(loop_now_ms() - t0 >= 50);
    loop_stats s = loop_get_stats(l);
    assert_int_equal(s.waits, 1);
    assert_int_equal(s.timer, 1);
    assert_int_equal(s.woken + s.ready, 0);
    loop_free(l);
}

/* No deadline, no fds: only loop_wake from another thread ends the sleep. */
static void test_no_deadline_until_woken(void **state)
{
    (void)state;
    loop *l = new_loop();
    waker w;
    int64_t t0 = loop_now_ms();
    waker_start(&w, l, 100, false);
    assert_int_equal(loop_wait(l, -1), LOOP_WOKEN);
    assert_true(loop_now_ms() - t0 >= 100);
    waker_join(&w);
    loop_free(l);
}

/* A deadline in the past (and 0, which a zero itimerspec would read as "disarm") returns at once. */
static void test_deadline_in_past(void **state)
{
    (void)state;
    loop *l = new_loop();
    int64_t t0 = loop_now_ms();
    assert_int_equal(loop_wait(l, t0 - 1000), LOOP_TIMER);
    assert_int_equal(loop_wait(l, 0), LOOP_TIMER);
    assert_int_equal(loop_wait(l, t0), LOOP_TIMER);
    assert_true(loop_now_ms() - t0 < 1000);
    /* the same deadline twice: still at once, although the timer expired in between */
    assert_int_equal(loop_wait(l, t0), LOOP_TIMER);
    loop_free(l);
}

/* A later deadline replaces an earlier one, and -1 disarms: no stale expiry. */
static void test_deadline_replaced(void **state)
{
    (void)state;
    loop *l = new_loop();
    int64_t t0 = loop_now_ms();
    loop_wake(l);
    assert_int_equal(loop_wait(l, t0 + 20), LOOP_WOKEN); /* armed at +20, returned before */
    sleep_ms(40);                                        /* the +20 expiry is pending now */
    waker w;
    waker_start(&w, l, 60, false);
    assert_int_equal(loop_wait(l, -1), LOOP_WOKEN); /* disarmed: the old expiry is not reported */
    waker_join(&w);
    loop_free(l);
}

/* A pipe added with loop_add_fd wakes the loop; once removed it does not. */
static void test_pipe_ready_then_removed(void **state)
{
    (void)state;
    loop *l = new_loop();
    int p[2];
    assert_int_equal(pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
    assert_int_equal(loop_add_fd(l, p[0], LOOP_FD_OTHER), 0);
    assert_int_equal(loop_add_fd(l, p[0], LOOP_FD_OTHER), -1); /* no duplicates */
    assert_int_equal(errno, EEXIST);
    assert_int_equal(loop_add_fd(l, -1, LOOP_FD_OTHER), -1);

    assert_int_equal(write(p[1], "x", 1), 1);
    int64_t t0 = loop_now_ms();
    assert_int_equal(loop_wait(l, t0 + 5000), LOOP_READY);
    assert_true(loop_now_ms() - t0 < 2500);
    assert_true(loop_fd_revents(l, p[0]) & POLLIN);
    /* level-triggered: unread, it is still ready */
    assert_int_equal(loop_wait(l, -1), LOOP_READY);

    loop_remove_fd(l, p[0]);
    loop_remove_fd(l, p[0]); /* unknown: ignored */
    assert_int_equal(loop_fd_revents(l, p[0]), 0);
    t0 = loop_now_ms();
    assert_int_equal(loop_wait(l, t0 + 30), LOOP_TIMER);
    assert_true(loop_now_ms() - t0 >= 30);

    loop_stats s = loop_get_stats(l);
    assert_int_equal(s.waits, 3);
    assert_int_equal(s.ready, 2);
    assert_int_equal(s.timer, 1);
    assert_int_equal(close(p[0]), 0);
    assert_int_equal(close(p[1]), 0);
    loop_free(l);
}

/* An LOOP_FD_INPUT fd is drained by loop_wait; one that hangs up is reported once and then
 * left out of the poll until removed, so the loop cannot spin on it. */
static void test_input_drained_and_hangup(void **state)
{
    (void)state;
    loop *l = new_loop();
    int p[2];
    assert_int_equal(pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
    assert_int_equal(loop_add_fd(l, p[0], LOOP_FD_INPUT), 0);
    char buf[100] = {0};
    assert_int_equal(write(p[1], buf, sizeof(buf)), sizeof(buf));
    assert_int_equal(loop_wait(l, -1), LOOP_READY);
    assert_int_equal(read(p[0], buf, 1), -1); /* drained */
    assert_int_equal(errno, EAGAIN);
    int64_t t0 = loop_now_ms();
    assert_int_equal(loop_wait(l, t0 + 20), LOOP_TIMER);

    assert_int_equal(close(p[1]), 0);
    assert_int_equal(loop_wait(l, -1), LOOP_READY);
    assert_true(loop_fd_revents(l, p[0]) & (POLLHUP | POLLERR));
    t0 = loop_now_ms();
    assert_int_equal(loop_wait(l, t0 + 30), LOOP_TIMER);
    assert_true(loop_now_ms() - t0 >= 30);
    loop_remove_fd(l, p[0]);
    assert_int_equal(close(p[0]), 0);
    loop_free(l);
}

/* Many wakes before the wait coalesce into one return; the next wait sleeps. */
static void test_wakes_coalesce(void **state)
{
    (void)state;
    loop *l = new_loop();
    for (int i = 0; i < 1000; i++)
        loop_wake(l);
    assert_int_equal(loop_wait(l, -1), LOOP_WOKEN);
    int64_t t0 = loop_now_ms();
    assert_int_equal(loop_wait(l, t0 + 20), LOOP_TIMER);
    assert_true(loop_now_ms() - t0 >= 20);
    loop_stats s = loop_get_stats(l);
    assert_int_equal(s.waits, 2);
    assert_int_equal(s.woken, 1);
    loop_free(l);
}

/* Evdev-style hotplug on a directory of FIFOs named like event nodes: a node present at
 * watch time is watched and drained, one created later is picked up via inotify, one
 * whose writer goes away is closed, a deleted one is closed, other names are ignored. */
static void test_hotplug_dir(void **state)
{
    (void)state;
    char dir[] = "/tmp/oogst-loop-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char p0[64], p1[64], other[64];
    snprintf(p0, sizeof(p0), "%s/event0", dir);
    snprintf(p1, sizeof(p1), "%s/event1", dir);
    snprintf(other, sizeof(other), "%s/mouse0", dir);
    assert_int_equal(mkfifo(p0, 0600), 0);
    assert_int_equal(mkfifo(other, 0600), 0);

    loop *l = new_loop();
    assert_int_equal(sdl_fds_watch_dir(l, dir), 1);
    assert_int_equal(sdl_fds_count(), 1);

    int w0 = open(p0, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    assert_true(w0 >= 0);
    assert_int_equal(write(w0, "abc", 3), 3);
    int r = loop_wait(l, loop_now_ms() + 2000);
    assert_int_equal(r, LOOP_READY);
    sdl_fds_service(l);
    assert_int_equal(sdl_fds_count(), 1);
    /* drained by loop_wait: the next wait sleeps to its deadline */
    assert_int_equal(loop_wait(l, loop_now_ms() + 20), LOOP_TIMER);

    /* plugged in later */
    assert_int_equal(mkfifo(p1, 0600), 0);
    assert_int_equal(loop_wait(l, loop_now_ms() + 2000), LOOP_READY);
    sdl_fds_service(l);
    assert_int_equal(sdl_fds_count(), 2);
    /* a hotplug asks for a few pumps so that SDL, told by udev later, catches up */
    int64_t now = loop_now_ms();
    assert_true(sdl_fds_next_wake(-1) >= now);
    assert_true(sdl_fds_next_wake(-1) <= loop_now_ms() + 100);
    assert_int_equal(sdl_fds_next_wake(now + 1), now + 1);

    int w1 = open(p1, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    assert_true(w1 >= 0);
    assert_int_equal(write(w1, "d", 1), 1);
    assert_int_equal(loop_wait(l, loop_now_ms() + 2000), LOOP_READY);
    sdl_fds_service(l);

    /* unplugged: the writer goes away (POLLHUP), as an unplugged device reports */
    assert_int_equal(close(w0), 0);
    assert_int_equal(loop_wait(l, loop_now_ms() + 2000), LOOP_READY);
    sdl_fds_service(l);
    assert_int_equal(sdl_fds_count(), 1);

    /* deleted */
    assert_int_equal(unlink(p1), 0);
    assert_int_equal(loop_wait(l, loop_now_ms() + 2000), LOOP_READY);
    sdl_fds_service(l);
    assert_int_equal(sdl_fds_count(), 0);
    assert_int_equal(close(w1), 0);

    sdl_fds_unwatch(l);
    assert_int_equal(sdl_fds_next_wake(-1), -1);
    /* nothing of ours is left in the loop */
    assert_int_equal(loop_wait(l, loop_now_ms() + 20), LOOP_TIMER);
    loop_free(l);
    assert_int_equal(unlink(p0), 0);
    assert_int_equal(unlink(other), 0);
    assert_int_equal(rmdir(dir), 0);
}

/* --- the UI's loop pattern on the dummy driver ----------------------------------------- */

typedef struct ui {
    SDL_Window *win;
    SDL_Renderer *ren;
    loop *l;
    bool dirty;
    int draws;
} ui;

static int sdl_setup(void **state)
{
    static ui u;
    memset(&u, 0, sizeof(u));
    /* before SDL_Init: the driver is chosen there */
    if (setenv("SDL_VIDEODRIVER", "dummy", 1) != 0)
        return -1;
    if (SDL_Init(SDL_INIT_VIDEO) != 0)
        return -1;
    u.win = SDL_CreateWindow("test_loop", 0, 0, 800, 480, 0);
    if (!u.win)
        return -1;
    u.ren = SDL_CreateRenderer(u.win, -1, SDL_RENDERER_SOFTWARE);
    if (!u.ren)
        return -1;
    *state = &u;
    return 0;
}

static int sdl_teardown(void **state)
{
    ui *u = *state;
    SDL_DestroyRenderer(u->ren);
    SDL_DestroyWindow(u->win);
    SDL_Quit();
    return 0;
}

static void draw(ui *u)
{
    SDL_SetRenderDrawColor(u->ren, 20, 20, 20, 255);
    SDL_RenderClear(u->ren);
    SDL_RenderPresent(u->ren);
    u->draws++;
}

/* Runs the loop of loop.h until SDL_QUIT. next_wake: a deadline every period_ms from the
 * start (a countdown), or none (period_ms 0). The number of iterations. */
static int run_pattern(ui *u, int period_ms)
{
    int64_t start = loop_now_ms();
    int iterations = 0;
    u->dirty = true;
    for (;;) {
        iterations++;
        SDL_Event e;
        bool quit = false;
        SDL_PumpEvents();
        while (SDL_PollEvent(&e))
            if (e.type == SDL_QUIT)
                quit = true;
            else if (e.type == SDL_WINDOWEVENT)
                u->dirty = true;
        if (quit)
            return iterations;
        if (period_ms && loop_now_ms() >= start + (int64_t)period_ms)
            u->dirty = true; /* the countdown's second changed */
        if (u->dirty) {
            draw(u);
            u->dirty = false;
        }
        SDL_PumpEvents();
        if (SDL_HasEvents(SDL_FIRSTEVENT, SDL_LASTEVENT))
            continue;
        int64_t next = -1;
        if (period_ms) {
            int64_t now = loop_now_ms();
            next = start + ((now - start) / period_ms + 1) * period_ms;
        }
        int r = loop_wait(u->l, sdl_fds_next_wake(next));
        assert_true(r >= 0);
        if (r & LOOP_READY)
            sdl_fds_service(u->l);
    }
}

/* A static screen: nothing to do for 1.5 s. The loop sleeps through it: the first pass
 * draws, the second takes the quit — at most 3 passes, not thousands. */
static void test_idle_static_screen(void **state)
{
    ui *u = *state;
    assert_string_equal(SDL_GetCurrentVideoDriver(), "dummy");
    u->l = new_loop();
    assert_int_equal(sdl_fds_watch(u->l, u->win), 0);
    assert_int_equal(sdl_fds_next_wake(-1), -1);

    waker w;
    int64_t t0 = loop_now_ms();
    clock_t c0 = clock();
    waker_start(&w, u->l, 1500, true);
    int it = run_pattern(u, 0);
    waker_join(&w);
    int64_t elapsed = loop_now_ms() - t0;
    double cpu_ms = (double)(clock() - c0) * 1000.0 / CLOCKS_PER_SEC;
    print_message("static screen: %d iterations, %d draws, %lld ms, %.1f ms CPU\n", it, u->draws,
                  (long long)elapsed, cpu_ms);
    assert_true(elapsed >= 1500);
    assert_true(it <= 3);
    assert_true(loop_get_stats(u->l).waits <= 2);
    sdl_fds_unwatch(u->l);
    loop_free(u->l);
}

/* A countdown: one wake per second for 2.5 s (start, 1 s, 2 s, quit): at most 4 passes,
 * plus 1 for slack; and the timer really woke it. */
static void test_idle_countdown(void **state)
{
    ui *u = *state;
    u->l = new_loop();
    assert_int_equal(sdl_fds_watch(u->l, u->win), 0);
    u->draws = 0;

    waker w;
    int64_t t0 = loop_now_ms();
    waker_start(&w, u->l, 2500, true);
    int it = run_pattern(u, 1000);
    waker_join(&w);
    int64_t elapsed = loop_now_ms() - t0;
    loop_stats s = loop_get_stats(u->l);
    print_message("countdown: %d iterations, %d draws, %lld ms, %llu timer wakes\n", it, u->draws,
                  (long long)elapsed, (unsigned long long)s.timer);
    assert_true(elapsed >= 2500);
    assert_true(it <= 4 + 1);
    assert_true(s.timer >= 2);
    assert_true(u->draws >= 3);
    sdl_fds_unwatch(u->l);
    loop_free(u->l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deadline_ahead),          cmocka_unit_test(test_no_deadline_until_woken),
        cmocka_unit_test(test_deadline_in_past),        cmocka_unit_test(test_deadline_replaced),
        cmocka_unit_test(test_pipe_ready_then_removed), cmocka_unit_test(test_input_drained_and_hangup),
        cmocka_unit_test(test_wakes_coalesce),          cmocka_unit_test(test_hotplug_dir),
    };
    const struct CMUnitTest sdl_tests[] = {
        cmocka_unit_test(test_idle_static_screen),
        cmocka_unit_test(test_idle_countdown),
    };
    int failed = cmocka_run_group_tests_name("loop", tests, NULL, NULL);
    failed += cmocka_run_group_tests_name("loop+sdl", sdl_tests, sdl_setup, sdl_teardown);
    return failed != 0;
}
