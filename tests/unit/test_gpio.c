/* test_gpio.c — the GPIO stand-in (gpio_open_trace) on real pipes and files: parsing,
 * lines that arrive in pieces, errors with their line number, levels and LEDs; then
 * recorded and generated edge traces fed through it into core/buttons the way the main
 * loop does (buttons_poll at buttons_deadline): clean presses, contact bounce, kHz
 * chatter, a stuck button, two buttons at once. And gpio_open on a chip that is not
 * there. Real GPIO hardware is never touched. Run from the repository root. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buttons.h"
#include "gpio/gpio.h"

enum { DEBOUNCE_MS = 20, STUCK_MS = 10000 };

/* ---- helpers ------------------------------------------------------------------------------ */

static void write_all(int fd, const char *s)
{
    size_t len = strlen(s);
    while (len > 0) {
        ssize_t k = write(fd, s, len);
        assert_true(k > 0);
        s += k;
        len -= (size_t)k;
    }
}

/* An unlinked temporary file holding text, positioned at its start. */
static int temp_file(const char *text)
{
    char path[] = "/tmp/oogst-test-gpio-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(unlink(path), 0);
    write_all(fd, text);
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    return fd;
}

static gpio *open_trace(int fd)
{
    char err[256] = "";
    gpio *g = gpio_open_trace(fd, err, sizeof(err));
    if (!g)
        fail_msg("gpio_open_trace: %s", err);
    return g;
}

/* ---- the trace stand-in ------------------------------------------------------------------- */

static void test_trace_parses(void **state)
{
    (void)state;
    int fd = temp_file("# a recorded session\n"
                       "\n"
                       "   \t\n"
                       "1000 1 down\n"
                       "1500\t1\tup   # bounce\n"
                       "2000 6 down\r\n"
                       "2000 f down\n"
                       "9000 F up\n"
                       "9999999999 6 up"); /* the last line needs no newline */
    gpio *g = open_trace(fd);
    button_edge e[16];
    char err[256] = "";
    int n = gpio_read(g, e, 16, err, sizeof(err));
    assert_int_equal(n, 6);
    const button_edge want[] = {
        {0, true, 1000},
        {0, false, 1500},
        {5, true, 2000},
        {BUTTON_FACILITATOR, true, 2000},
        {BUTTON_FACILITATOR, false, 9000},
        {5, false, 9999999999LL},
    };
    for (int i = 0; i < n; i++) {
        assert_int_equal(e[i].input, want[i].input);
        assert_int_equal(e[i].pressed, want[i].pressed);
        assert_int_equal(e[i].t_us, want[i].t_us);
    }
    assert_int_equal(gpio_read(g, e, 16, err, sizeof(err)), 0); /* the end: no more, no error */
    assert_int_equal(gpio_read(g, e, 16, err, sizeof(err)), 0);
    gpio_close(g);
    assert_int_equal(close(fd), 0); /* the descriptor stays the caller's */
}

/* Half a line, then the rest: the half waits, nothing is lost or made up. */
static void test_trace_partial_lines(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    gpio *g = open_trace(p[0]);
    button_edge e[8];
    char err[256] = "";

    assert_int_equal(gpio_read(g, e, 8, err, sizeof(err)), 0); /* nothing written: 0, not blocked */
    write_all(p[1], "1234 2 do");
    assert_int_equal(gpio_read(g, e, 8, err, sizeof(err)), 0);
    write_all(p[1], "wn\n1300 2 u");
    assert_int_equal(gpio_read(g, e, 8, err, sizeof(err)), 1);
    assert_int_equal(e[0].input, 1);
    assert_true(e[0].pressed);
    assert_int_equal(e[0].t_us, 1234);
    write_all(p[1], "p\n# a comm");
    assert_int_equal(gpio_read(g, e, 8, err, sizeof(err)), 1);
    assert_false(e[0].pressed);
    assert_int_equal(e[0].t_us, 1300);
    write_all(p[1], "ent\n1400 3 down\n");
    assert_int_equal(gpio_read(g, e, 8, err, sizeof(err)), 1);
    assert_int_equal(e[0].input, 2);

    /* the writer goes away with half a line pending: it is the last line */
    write_all(p[1], "1500 3 up");
    assert_int_equal(close(p[1]), 0);
    assert_int_equal(gpio_read(g, e, 8, err, sizeof(err)), 1);
    assert_int_equal(e[0].t_us, 1500);
    assert_int_equal(gpio_read(g, e, 8, err, sizeof(err)), 0);
    int fds[GPIO_MAX_FDS];
    assert_int_equal(gpio_fds(g, fds, GPIO_MAX_FDS), 0); /* at the end nothing to wait on */
    gpio_close(g);
    assert_int_equal(close(p[0]), 0);
}

/* One byte at a time, through a pipe: the same edges as all at once. */
static void test_trace_byte_by_byte(void **state)
{
    (void)state;
    const char *text = "10 1 down\n# c\n20 1 up\n30 f down\n";
    int p[2];
    assert_int_equal(pipe(p), 0);
    gpio *g = open_trace(p[0]);
    button_edge e[4], all[8];
    char err[256] = "", one[2] = "";
    int total = 0;
    for (const char *c = text; *c; c++) {
        one[0] = *c;
        write_all(p[1], one);
        int n = gpio_read(g, e, 4, err, sizeof(err));
        assert_true(n >= 0);
        assert_true(n <= 1);
        if (n == 1)
            all[total++] = e[0];
    }
    assert_int_equal(total, 3);
    assert_int_equal(all[0].t_us, 10);
    assert_int_equal(all[1].t_us, 20);
    assert_int_equal(all[2].input, BUTTON_FACILITATOR);
    gpio_close(g);
    assert_int_equal(close(p[0]), 0);
    assert_int_equal(close(p[1]), 0);
}

/* At most max edges per call; the rest wait in order. */
static void test_trace_bounded(void **state)
{
    (void)state;
    int fd = temp_file("1 1 down\n2 1 up\n3 1 down\n4 1 up\n5 1 down\n");
    gpio *g = open_trace(fd);
    button_edge e[2];
    char err[256] = "";
    assert_int_equal(gpio_read(g, e, 2, err, sizeof(err)), 2);
    assert_int_equal(e[1].t_us, 2);
    assert_int_equal(gpio_read(g, e, 2, err, sizeof(err)), 2);
    assert_int_equal(e[0].t_us, 3);
    assert_int_equal(gpio_read(g, e, 2, err, sizeof(err)), 1);
    assert_int_equal(e[0].t_us, 5);
    assert_int_equal(gpio_read(g, e, 2, err, sizeof(err)), 0);
    gpio_close(g);
    assert_int_equal(close(fd), 0);
}

/* Garbage: -1, and the message names the line; edges before it are not lost. */
static void test_trace_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *msg;
    } bad[] = {
        {"1000 1 down\nhello\n", "trace line 2: "},
        {"1000 1 down\n2000 7 up\n", "trace line 2: input \"7\""},
        {"1000 1 down\n2000 0 up\n", "trace line 2: input \"0\""},
        {"# c\n\n1000 1 pressed\n", "trace line 3: level \"pressed\""},
        {"1000 1 down\n500 1 up\n", "trace line 2: time 500 is before"},
        {"-5 1 down\n", "trace line 1: time \"-5\""},
        {"12ms 1 down\n", "trace line 1: time \"12ms\""},
        {"1000 1 down extra\n", "trace line 1: \"extra\" after the level"},
        {"1000 1\n", "trace line 1: 2 of 3 fields"},
        {"1000 12 down\n", "trace line 1: input \"12\""},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int fd = temp_file(bad[i].text);
        gpio *g = open_trace(fd);
        button_edge e[8];
        char err[256] = "";
        int n = gpio_read(g, e, 8, err, sizeof(err));
        if (n > 0) { /* the good lines first, the error on the next call */
            assert_int_equal(n, 1);
            assert_int_equal(e[0].t_us, 1000);
            n = gpio_read(g, e, 8, err, sizeof(err));
        }
        if (n != -1 || strncmp(err, bad[i].msg, strlen(bad[i].msg)) != 0)
            fail_msg("case %zu: got %d \"%s\", want -1 \"%s...\"", i, n, err, bad[i].msg);
        assert_int_equal(gpio_read(g, e, 8, err, sizeof(err)), -1); /* and it stays wrong */
        gpio_close(g);
        assert_int_equal(close(fd), 0);
    }
}

static void test_trace_line_too_long(void **state)
{
    (void)state;
    char *text = malloc(10001);
    assert_non_null(text);
    memset(text, 'x', 10000);
    text[10000] = '\0';
    int fd = temp_file(text);
    gpio *g = open_trace(fd);
    button_edge e[4];
    char err[256] = "";
    assert_int_equal(gpio_read(g, e, 4, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "trace line 1: longer than"));
    gpio_close(g);
    assert_int_equal(close(fd), 0);
    free(text);
}

static void test_trace_levels_leds_describe(void **state)
{
    (void)state;
    int fd = temp_file("10 1 down\n20 3 down\n30 f down\n40 1 up\n");
    gpio *g = open_trace(fd);
    int fds[GPIO_MAX_FDS];
    assert_int_equal(gpio_fds(g, fds, GPIO_MAX_FDS), 1); /* the descriptor to wait on, till the end */
    assert_int_equal(fds[0], fd);
    uint8_t lv = 0xff;
    assert_int_equal(gpio_levels(g, &lv), 0);
    assert_int_equal(lv, 0); /* nothing read yet: all up */

    button_edge e[3];
    char err[256] = "";
    assert_int_equal(gpio_read(g, e, 3, err, sizeof(err)), 3);
    assert_int_equal(gpio_levels(g, &lv), 0);
    assert_int_equal(lv, (1u << 0) | (1u << 2) | (1u << BUTTON_FACILITATOR));
    assert_int_equal(gpio_read(g, e, 3, err, sizeof(err)), 1);
    assert_int_equal(gpio_levels(g, &lv), 0);
    assert_int_equal(lv, (1u << 2) | (1u << BUTTON_FACILITATOR));

    assert_int_equal(gpio_leds(g), 0);
    assert_int_equal(gpio_set_leds(g, 0x15), 0);
    assert_int_equal(gpio_leds(g), 0x15);
    assert_int_equal(gpio_set_leds(g, 0), 0);
    assert_int_equal(gpio_leds(g), 0);

    char buf[64];
    assert_string_equal(gpio_describe(g, 2, buf, sizeof(buf)), "button 3 (trace)");
    assert_string_equal(gpio_describe(g, BUTTON_FACILITATOR, buf, sizeof(buf)),
                        "the facilitator's button (trace)");

    gpio_close(g);
    gpio_close(NULL); /* a no-op */
    assert_int_equal(close(fd), 0);
}

static void test_trace_bad_fd(void **state)
{
    (void)state;
    char err[128] = "";
    assert_null(gpio_open_trace(-1, err, sizeof(err)));
    assert_true(err[0] != '\0');
}

/* ---- gpio_open without the chip ------------------------------------------------------------ */

static void test_open_absent_chip(void **state)
{
    (void)state;
    static const char *chips[] = {"oogst-no-such-gpiochip", "/dev/oogst-no-such-gpiochip",
                                  "/nonexistent/gpiochip0"};
    for (size_t i = 0; i < sizeof(chips) / sizeof(chips[0]); i++) {
        config_gpio cfg;
        memset(&cfg, 0, sizeof(cfg));
        snprintf(cfg.chip, sizeof(cfg.chip), "%s", chips[i]);
        cfg.active_low = true;
        cfg.bias = BIAS_PULL_UP;
        cfg.n_buttons = 1;
        cfg.buttons[0].line = (config_line){.set = true, .offset = 5};
        bool absent = false;
        char err[256] = "";
        gpio *g = gpio_open(&cfg, &absent, err, sizeof(err));
        assert_null(g);
        assert_true(absent);
        if (!strstr(err, chips[i]))
            fail_msg("the message does not name the chip '%s': %s", chips[i], err);
    }
}

/* ---- traces through core/buttons, the way the main loop runs them --------------------------- */

typedef struct replay {
    buttons b;
    button_event ev[64];
    size_t n_ev;
    unsigned press[BUTTONS_INPUTS], release[BUTTONS_INPUTS], stuck[BUTTONS_INPUTS];
    unsigned long edges_read;
} replay;

static void record(replay *r, const button_event *e, size_t k)
{
    for (size_t i = 0; i < k; i++) {
        assert_true(e[i].input < BUTTONS_INPUTS);
        if (e[i].kind == BUTTON_PRESS)
            r->press[e[i].input]++;
        else if (e[i].kind == BUTTON_RELEASE)
            r->release[e[i].input]++;
        else
            r->stuck[e[i].input]++;
        if (r->n_ev < sizeof(r->ev) / sizeof(r->ev[0]))
            r->ev[r->n_ev++] = e[i];
    }
}

/* The timer fires at every deadline up to now_ms. */
static void run_timers(replay *r, int64_t now_ms, const uint8_t *levels)
{
    button_event out[16];
    int64_t d;
    int guard = 0;
    while ((d = buttons_deadline(&r->b)) >= 0 && d <= now_ms) {
        assert_true(++guard < 1000); /* a deadline that never moves on would spin the loop */
        record(r, out, buttons_poll(&r->b, d, levels, out, 16));
    }
}

/* Reads the trace in fd through the stand-in and feeds buttons, with the timers in between,
 * then lets time run to end_ms. */
static void replay_fd(replay *r, int fd, int64_t end_ms)
{
    memset(r, 0, sizeof(*r));
    buttons_init(&r->b, DEBOUNCE_MS, STUCK_MS);
    gpio *g = open_trace(fd);
    button_edge e[16];
    button_event out[8];
    char err[256] = "";
    int fds[GPIO_MAX_FDS];
    while (gpio_fds(g, fds, GPIO_MAX_FDS) > 0) {
        int n = gpio_read(g, e, 16, err, sizeof(err));
        if (n < 0)
            fail_msg("gpio_read: %s", err);
        r->edges_read += (unsigned long)n;
        for (int i = 0; i < n; i++) {
            run_timers(r, e[i].t_us / 1000, NULL);
            size_t used = 0;
            record(r, out, buttons_feed(&r->b, &e[i], 1, &used, out, 8));
            assert_int_equal(used, 1);
        }
    }
    /* after the last edge the lines are where the trace left them: reading them back at
     * each timer must not change what the edges said */
    uint8_t levels;
    assert_int_equal(gpio_levels(g, &levels), 0);
    run_timers(r, end_ms, &levels);
    gpio_close(g);
}

static void replay_file(replay *r, const char *path, int64_t end_ms)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        fail_msg("%s: cannot open (run from the repository root)", path);
    replay_fd(r, fd, end_ms);
    assert_int_equal(close(fd), 0);
}

static void assert_counts(const replay *r, unsigned input, unsigned press, unsigned release, unsigned stuck)
{
    if (r->press[input] != press || r->release[input] != release || r->stuck[input] != stuck)
        fail_msg("input %u: %u presses, %u releases, %u stuck; want %u, %u, %u", input, r->press[input],
                 r->release[input], r->stuck[input], press, release, stuck);
}

static void test_clean_press(void **state)
{
    (void)state;
    replay r;
    replay_file(&r, "tests/gpio/clean-press.trace", 2000);
    assert_int_equal(r.edges_read, 2);
    assert_counts(&r, 2, 1, 1, 0);
    assert_int_equal(r.n_ev, 2);
    assert_int_equal(r.ev[0].kind, BUTTON_PRESS);
    assert_int_equal(r.ev[0].t_ms, 1000);
    assert_int_equal(r.ev[1].kind, BUTTON_RELEASE);
    assert_int_equal(r.ev[1].t_ms, 1120);
    assert_int_equal(buttons_deadline(&r.b), -1);
}

static void test_recorded_bounce(void **state)
{
    (void)state;
    replay r;
    replay_file(&r, "tests/gpio/bounce.trace", 3000);
    assert_int_equal(r.edges_read, 8);
    assert_counts(&r, 0, 1, 1, 0);
    assert_int_equal(r.ev[0].t_ms, 2000); /* at the first edge, not after the bounce */
    assert_int_equal(r.ev[1].t_ms, 2250);
}

static void test_two_buttons_together(void **state)
{
    (void)state;
    replay r;
    replay_file(&r, "tests/gpio/two-buttons.trace", 6000);
    assert_counts(&r, 1, 1, 1, 0);
    assert_counts(&r, 4, 1, 1, 0);
    assert_int_equal(r.n_ev, 4);
    /* both presses at their own first edge, in the order they came */
    assert_int_equal(r.ev[0].kind, BUTTON_PRESS);
    assert_int_equal(r.ev[0].input, 1);
    assert_int_equal(r.ev[0].t_ms, 5000);
    assert_int_equal(r.ev[1].kind, BUTTON_PRESS);
    assert_int_equal(r.ev[1].input, 4);
    assert_int_equal(r.ev[1].t_ms, 5000);
    assert_int_equal(r.ev[2].input, 4);
    assert_int_equal(r.ev[2].t_ms, 5180);
    assert_int_equal(r.ev[3].input, 1);
    assert_int_equal(r.ev[3].t_ms, 5200);
}

static void test_stuck_button(void **state)
{
    (void)state;
    replay r;
    replay_file(&r, "tests/gpio/stuck.trace", 40000);
    assert_counts(&r, 3, 1, 1, 1);
    assert_counts(&r, 0, 1, 1, 0); /* another button goes on working meanwhile */
    assert_int_equal(r.n_ev, 5);
    assert_int_equal(r.ev[0].kind, BUTTON_PRESS);
    assert_int_equal(r.ev[0].t_ms, 1000);
    assert_int_equal(r.ev[1].kind, BUTTON_STUCK);
    assert_int_equal(r.ev[1].input, 3);
    assert_int_equal(r.ev[1].t_ms, 1000 + STUCK_MS);
    assert_int_equal(r.ev[4].kind, BUTTON_RELEASE);
    assert_int_equal(r.ev[4].input, 3);
    assert_int_equal(r.ev[4].t_ms, 31000);
}

/* Held and never let go: stuck once, then nothing more, and no timer left to wake for. */
static void test_stuck_held_on(void **state)
{
    (void)state;
    int fd = temp_file("1000000 6 down\n1000200 6 up\n1000900 6 down\n");
    replay r;
    replay_fd(&r, fd, 31000);
    assert_int_equal(close(fd), 0);
    assert_counts(&r, 5, 1, 0, 1);
    assert_int_equal(r.n_ev, 2);
    assert_int_equal(buttons_deadline(&r.b), -1);
}

/* A deterministic generator: the same 200 presses every run. */
static uint32_t xorshift(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* Writes an edge going to level, then flips bouncing for up to bounce_us and ending at
 * level; returns when the last flip was. */
static int64_t bouncy_edge(FILE *f, uint32_t *s, int64_t t, unsigned button, bool down, int64_t bounce_us)
{
    const char *lv[2] = {"up", "down"};
    fprintf(f, "%lld %u %s\n", (long long)t, button, lv[down]);
    unsigned flips = 2 * (xorshift(s) % 6); /* an even number: it ends where it went */
    int64_t last = t;
    for (unsigned k = 1; k <= flips; k++) {
        int64_t at = t + bounce_us * k / flips;
        if (at <= last)
            at = last + 1;
        fprintf(f, "%lld %u %s\n", (long long)at, button, lv[down ^ (k % 2)]);
        last = at;
    }
    return last;
}

/* 200 presses on the six buttons in turn, each bouncing for 0-20 ms going down and again
 * coming up, every flip within 20 ms of the one before: bounce, never a press. */
static void test_random_bounce_200_presses(void **state)
{
    (void)state;
    char path[] = "/tmp/oogst-test-gpio-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(unlink(path), 0);
    FILE *f = fdopen(dup(fd), "w");
    assert_non_null(f);
    uint32_t s = 0x6f6f6773; /* "oogs" */
    int64_t t = 1000000 + xorshift(&s) % 1000;
    unsigned long lines = 0;
    for (unsigned p = 0; p < 200; p++) {
        unsigned button = 1 + p % 6;
        int64_t end = bouncy_edge(f, &s, t, button, true, xorshift(&s) % 20001);
        t = end + 25000 + xorshift(&s) % 200000; /* held 25-225 ms after the bounce */
        end = bouncy_edge(f, &s, t, button, false, xorshift(&s) % 20001);
        t = end + 25000 + xorshift(&s) % 200000; /* and up as long before the next */
        lines += 2;
    }
    assert_int_equal(fclose(f), 0);
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    replay r;
    replay_fd(&r, fd, t / 1000 + 1000);
    assert_int_equal(close(fd), 0);
    assert_true(r.edges_read > 2 * lines); /* the bounce was there */
    unsigned presses = 0, releases = 0;
    for (unsigned i = 0; i < BUTTONS_INPUTS; i++) {
        presses += r.press[i];
        releases += r.release[i];
        assert_int_equal(r.stuck[i], 0);
    }
    assert_int_equal(presses, 200);
    assert_int_equal(releases, 200);
    assert_int_equal(r.b.events, 400);
}

/* A dirty contact while held: an edge every 0.5 ms for 200 ms, then a clean release. */
static void test_khz_chatter(void **state)
{
    (void)state;
    char path[] = "/tmp/oogst-test-gpio-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(unlink(path), 0);
    FILE *f = fdopen(dup(fd), "w");
    assert_non_null(f);
    const int64_t t0 = 3000000;
    fprintf(f, "# button 2 chattering at 1 kHz for 200 ms while held\n");
    for (int k = 0; k <= 400; k++) /* k even: down; 400 edges after the first, ending down */
        fprintf(f, "%lld 2 %s\n", (long long)(t0 + 500 * k), k % 2 ? "up" : "down");
    fprintf(f, "%lld 2 up\n", (long long)(t0 + 500000));
    assert_int_equal(fclose(f), 0);
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    replay r;
    replay_fd(&r, fd, 5000);
    assert_int_equal(close(fd), 0);
    assert_int_equal(r.edges_read, 402);
    assert_counts(&r, 1, 1, 1, 0);
    assert_int_equal(r.ev[0].t_ms, 3000);
    assert_int_equal(r.ev[1].t_ms, 3500);
    assert_true(r.b.events <= 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trace_parses),
        cmocka_unit_test(test_trace_partial_lines),
        cmocka_unit_test(test_trace_byte_by_byte),
        cmocka_unit_test(test_trace_bounded),
        cmocka_unit_test(test_trace_errors),
        cmocka_unit_test(test_trace_line_too_long),
        cmocka_unit_test(test_trace_levels_leds_describe),
        cmocka_unit_test(test_trace_bad_fd),
        cmocka_unit_test(test_open_absent_chip),
        cmocka_unit_test(test_clean_press),
        cmocka_unit_test(test_recorded_bounce),
        cmocka_unit_test(test_two_buttons_together),
        cmocka_unit_test(test_stuck_button),
        cmocka_unit_test(test_stuck_held_on),
        cmocka_unit_test(test_random_bounce_200_presses),
        cmocka_unit_test(test_khz_chatter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
