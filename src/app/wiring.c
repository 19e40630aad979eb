/* wiring.c — the wiring test (see wiring.h). */
#include "wiring.h"

#include <signal.h>
#include <string.h>

#include "app/loop.h"
#include "core/buttons.h"
#include "gpio/gpio.h"

enum { LED_STEP_MS = 700 };

static loop *wake_loop;
static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
    loop_wake(wake_loop); /* async-signal-safe */
}

static const char *input_name(unsigned input, char *buf, size_t len)
{
    if (input == BUTTON_FACILITATOR)
        snprintf(buf, len, "facilitator");
    else
        snprintf(buf, len, "button %u", input + 1);
    return buf;
}

/* Times are printed from the first edge: the lines' clock. */
static void print_events(gpio *g, const button_event *ev, size_t n, int64_t t0, unsigned debounce_ms, FILE *out)
{
    static const char *const what[] = {[BUTTON_PRESS] = "pressed", [BUTTON_RELEASE] = "let go",
                                       [BUTTON_STUCK] = "held down too long: ignored until let go"};
    for (size_t i = 0; i < n; i++) {
        char name[32], line[64];
        fprintf(out, "%9.3f s  %-12s %-20s %s (debounce %u ms)\n", (double)(ev[i].t_ms - t0) / 1000.0,
                input_name(ev[i].input, name, sizeof(name)), gpio_describe(g, ev[i].input, line, sizeof(line)),
                what[ev[i].kind], debounce_ms);
    }
}

int wiring_main(const config_gpio *cfg, int trace_fd, FILE *out, FILE *err)
{
    char msg[512];
    bool absent = false;
    gpio *g = trace_fd > 2 ? gpio_open_trace(trace_fd, msg, sizeof(msg)) : gpio_open(cfg, &absent, msg, sizeof(msg));
    if (!g) {
        fprintf(err, "oogst: %s\n", msg);
        return 1;
    }
    loop *l = loop_new(msg, sizeof(msg));
    if (!l) {
        fprintf(err, "oogst: %s\n", msg);
        gpio_close(g);
        return 1;
    }
    wake_loop = l;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    int fds[GPIO_MAX_FDS];
    int nfds = gpio_fds(g, fds, GPIO_MAX_FDS);
    for (int i = 0; i < nfds; i++)
        loop_add_fd(l, fds[i], LOOP_FD_GPIO);
    fprintf(out, "Wiring test on %s: press each button; the LEDs light in turn. Ctrl-C stops.\n", cfg->chip);
    for (size_t i = 0; i < cfg->n_buttons; i++) {
        char line[64];
        fprintf(out, "  button %zu: %s\n", i + 1, gpio_describe(g, (unsigned)i, line, sizeof(line)));
    }
    if (cfg->facilitator.set) {
        char line[64];
        fprintf(out, "  facilitator: %s\n", gpio_describe(g, BUTTON_FACILITATOR, line, sizeof(line)));
    }
    fflush(out);

    buttons b;
    buttons_init(&b, cfg->debounce_ms, cfg->stuck_ms);
    int64_t t0 = -1, next_led = loop_now_ms(); /* t0: the first edge, in ms */
    size_t led = 0;
    int status = 0;
    while (!stop) {
        int64_t now = loop_now_ms();
        if (now >= next_led && cfg->n_buttons > 0) {
            gpio_set_leds(g, (uint8_t)(1u << led));
            fprintf(out, "LED %zu on\n", led + 1);
            led = (led + 1) % cfg->n_buttons;
            next_led = now + LED_STEP_MS;
        }
        button_edge edges[64];
        button_event ev[128];
        int n = gpio_read(g, edges, 64, msg, sizeof(msg));
        if (n < 0) {
            fprintf(err, "oogst: %s\n", msg);
            status = 1;
            break;
        }
        if (n > 0 && t0 < 0)
            t0 = edges[0].t_us / 1000;
        for (int i = 0; i < n; i++) {
            char name[32];
            fprintf(out, "%9.3f s  %-12s edge: %s\n", (double)(edges[i].t_us / 1000 - t0) / 1000.0,
                    input_name(edges[i].input, name, sizeof(name)), edges[i].pressed ? "down" : "up");
        }
        size_t used = 0, k = buttons_feed(&b, edges, (size_t)n, &used, ev, 128);
        print_events(g, ev, k, t0, cfg->debounce_ms, out);
        int64_t due = buttons_deadline(&b);
        if (due >= 0 && now >= due) {
            uint8_t levels;
            k = buttons_poll(&b, now, gpio_levels(g, &levels) == 0 ? &levels : NULL, ev, 128);
            print_events(g, ev, k, t0, cfg->debounce_ms, out);
        }
        fflush(out);
        int fd_left[GPIO_MAX_FDS];
        if (nfds > 0 && gpio_fds(g, fd_left, GPIO_MAX_FDS) == 0) {
            /* a stand-in's trace ended: settle what is pending, and that is all */
            k = buttons_poll(&b, INT64_MAX / 4, NULL, ev, 128);
            print_events(g, ev, k, t0, cfg->debounce_ms, out);
            break;
        }
        int64_t wake = next_led;
        due = buttons_deadline(&b);
        if (due >= 0 && due < wake)
            wake = due;
        if (loop_wait(l, wake) < 0)
            break;
    }
    fprintf(out, "%lu edges, %lu presses and releases\n", b.edges, b.events);
    gpio_close(g);
    loop_free(l);
    wake_loop = NULL;
    return status;
}
