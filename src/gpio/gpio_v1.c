/* gpio_v1.c — the buttons and LEDs through libgpiod 1.x (Debian 12 / Raspberry Pi OS
 * bookworm): one line handle and one event descriptor per input.
 *
 * Edge times: libgpiod 1.x hands over the kernel's timestamp as it is, and the kernel
 * stamps v1 line events with CLOCK_MONOTONIC from Linux 5.7 on (before: CLOCK_REALTIME).
 * Bookworm's kernels (6.1+) and every Pi kernel since 2020 are newer, so the times share
 * the clock of the main loop's timers. With ACTIVE_LOW requested, the kernel reports a
 * both-edges event by the line's logical level after the edge: rising = pressed. */
#if defined(OOGST_GPIOD_API) && (OOGST_GPIOD_API + 0) == 1 /* "+ 0": an empty -D is "none" */

#include "gpio_common.h"

#include <errno.h>
#include <gpiod.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { V1_EVENTS = 16 }; /* the kernel queues up to 16 events per v1 line */

typedef struct gpio_v1 {
    gpio base;
    struct gpiod_chip *chip;
    char chip_name[32];
    struct gpiod_line *in[BUTTONS_INPUTS]; /* by input; NULL: not wired */
    unsigned in_offset[BUTTONS_INPUTS];
    char in_name[BUTTONS_INPUTS][32];
    struct gpiod_line *led[GPIO_MAX_LEDS]; /* by button; NULL: no LED */
    unsigned next;                         /* the input read first next time: no line starves */
} gpio_v1;

static const gpio_ops v1_ops;

static void v1_close(gpio *base)
{
    gpio_v1 *g = (gpio_v1 *)base;
    /* Dark on the way out; a failure changes nothing: the lines are released below either way. */
    for (unsigned i = 0; i < GPIO_MAX_LEDS; i++)
        if (g->led[i])
            (void)gpiod_line_set_value(g->led[i], 0);
    for (unsigned i = 0; i < BUTTONS_INPUTS; i++)
        if (g->in[i])
            gpiod_line_release(g->in[i]);
    for (unsigned i = 0; i < GPIO_MAX_LEDS; i++)
        if (g->led[i])
            gpiod_line_release(g->led[i]);
    if (g->chip)
        gpiod_chip_close(g->chip);
    free(g);
}

static int bias_flag(config_bias b)
{
    switch (b) {
    case BIAS_DISABLED: return GPIOD_LINE_REQUEST_FLAG_BIAS_DISABLE;
    case BIAS_PULL_UP: return GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP;
    case BIAS_PULL_DOWN: return GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN;
    case BIAS_AS_IS: break;
    }
    return 0;
}

/* Finds the line w asks for; NULL with a message naming the button and the line. */
static struct gpiod_line *find_line(gpio_v1 *g, gpio_want *w, char *err, size_t errlen)
{
    char what[96];
    struct gpiod_line *line;
    if (w->line->offset >= 0) {
        unsigned n = gpiod_chip_num_lines(g->chip);
        if ((unsigned)w->line->offset >= n) {
            gpio_errf(err, errlen, "%s: %s has lines 0-%u only", gpio_want_label(w, what, sizeof(what)),
                      g->chip_name, n ? n - 1 : 0);
            return NULL;
        }
        line = gpiod_chip_get_line(g->chip, (unsigned)w->line->offset);
    } else {
        errno = 0;
        line = gpiod_chip_find_line(g->chip, w->line->name);
        if (!line && (errno == ENOENT || errno == 0)) {
            gpio_errf(err, errlen, "%s: %s has no line of that name", gpio_want_label(w, what, sizeof(what)),
                      g->chip_name);
            return NULL;
        }
    }
    if (!line) {
        gpio_errf(err, errlen, "%s: %s", gpio_want_label(w, what, sizeof(what)), strerror(errno));
        return NULL;
    }
    w->offset = gpiod_line_offset(line);
    const char *name = gpiod_line_name(line);
    snprintf(w->name, sizeof(w->name), "%s", name ? name : "");
    return line;
}

static int request_line(gpio_v1 *g, const config_gpio *cfg, const gpio_want *w, struct gpiod_line *line,
                        char *err, size_t errlen)
{
    int rc;
    if (w->led)
        rc = gpiod_line_request_output_flags(
            line, GPIO_CONSUMER, cfg->leds_active_low ? GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW : 0, 0);
    else
        rc = gpiod_line_request_both_edges_events_flags(
            line, GPIO_CONSUMER,
            bias_flag(cfg->bias) | (cfg->active_low ? GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW : 0));
    if (rc == 0) {
        if (w->led)
            g->led[w->index] = line;
        else {
            g->in[w->index] = line;
            g->in_offset[w->index] = w->offset;
            snprintf(g->in_name[w->index], sizeof(g->in_name[w->index]), "%s", w->name);
        }
        return 0;
    }
    int e = errno;
    char what[96], line_text[64];
    gpio_line_text(w->name, w->offset, line_text, sizeof(line_text));
    gpio_want_label(w, what, sizeof(what));
    const char *user = e == EBUSY && gpiod_line_update(line) == 0 ? gpiod_line_consumer(line) : NULL;
    if (user)
        gpio_errf(err, errlen, "%s: %s is in use by \"%s\"", what, line_text, user);
    else
        gpio_errf(err, errlen, "%s: cannot request %s: %s", what, line_text, strerror(e));
    return -1;
}

gpio *gpio_open(const config_gpio *cfg, bool *absent, char *err, size_t errlen)
{
    if (absent)
        *absent = false;
    if (!cfg) {
        gpio_errf(err, errlen, "no GPIO configuration");
        return NULL;
    }
    gpio_v1 *g = calloc(1, sizeof(*g));
    if (!g) {
        gpio_errf(err, errlen, "out of memory");
        return NULL;
    }
    g->base.ops = &v1_ops;
    errno = 0;
    g->chip = gpiod_chip_open_lookup(cfg->chip);
    if (!g->chip) {
        int e = errno;
        char present[256];
        if (e == ENOENT || e == 0) {
            if (absent)
                *absent = true;
            gpio_errf(err, errlen, "no GPIO chip '%s' (chips here: %s)", cfg->chip,
                      gpio_chips_present(present, sizeof(present)));
        } else {
            gpio_errf(err, errlen, "GPIO chip '%s': %s", cfg->chip, strerror(e));
        }
        free(g);
        return NULL;
    }
    snprintf(g->chip_name, sizeof(g->chip_name), "%s", gpiod_chip_name(g->chip));

    gpio_want want[GPIO_MAX_LINES];
    struct gpiod_line *lines[GPIO_MAX_LINES];
    size_t n = gpio_wanted(cfg, want);
    for (size_t i = 0; i < n; i++)
        if (!(lines[i] = find_line(g, &want[i], err, errlen)))
            goto fail;
    if (gpio_check_distinct(want, n, err, errlen) < 0)
        goto fail;
    for (size_t i = 0; i < n; i++)
        if (request_line(g, cfg, &want[i], lines[i], err, errlen) < 0)
            goto fail;
    return &g->base;
fail:
    v1_close(&g->base);
    return NULL;
}

static int v1_fds(const gpio *base, int *fds, int max)
{
    const gpio_v1 *g = (const gpio_v1 *)base;
    int n = 0;
    for (unsigned i = 0; i < BUTTONS_INPUTS && n < max; i++) {
        if (!g->in[i])
            continue;
        int fd = gpiod_line_event_get_fd(g->in[i]);
        if (fd >= 0)
            fds[n++] = fd;
    }
    return n;
}

/* Reads what one line has pending, never blocking: poll says there is something before
 * every read (gpiod_line_event_read_multiple blocks on an empty queue). */
static int read_line(gpio_v1 *g, unsigned input, button_edge *out, size_t max, char *err, size_t errlen)
{
    size_t n = 0;
    struct pollfd p = {.fd = gpiod_line_event_get_fd(g->in[input]), .events = POLLIN};
    while (n < max) {
        int r = poll(&p, 1, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            gpio_errf(err, errlen, "waiting for the edges of line %u: %s", g->in_offset[input],
                      strerror(errno));
            return -1;
        }
        if (r == 0)
            break;
        if (p.revents & (POLLERR | POLLNVAL | POLLHUP)) {
            gpio_errf(err, errlen, "the edges of line %u cannot be read", g->in_offset[input]);
            return -1;
        }
        struct gpiod_line_event ev[V1_EVENTS];
        unsigned want = max - n < V1_EVENTS ? (unsigned)(max - n) : V1_EVENTS;
        int got = gpiod_line_event_read_multiple(g->in[input], ev, want);
        if (got < 0) {
            gpio_errf(err, errlen, "reading the edges of line %u: %s", g->in_offset[input], strerror(errno));
            return -1;
        }
        for (int i = 0; i < got; i++)
            out[n++] = (button_edge){
                .input = input,
                .pressed = ev[i].event_type == GPIOD_LINE_EVENT_RISING_EDGE,
                .t_us = (int64_t)ev[i].ts.tv_sec * 1000000 + ev[i].ts.tv_nsec / 1000,
            };
        if ((unsigned)got < want)
            break;
    }
    return (int)n;
}

static int v1_read(gpio *base, button_edge *out, size_t max, char *err, size_t errlen)
{
    gpio_v1 *g = (gpio_v1 *)base;
    size_t n = 0;
    for (unsigned k = 0; k < BUTTONS_INPUTS && n < max; k++) {
        unsigned i = (g->next + k) % BUTTONS_INPUTS;
        if (!g->in[i])
            continue;
        int got = read_line(g, i, out + n, max - n, err, errlen);
        if (got < 0)
            return -1;
        n += (size_t)got;
    }
    g->next = (g->next + 1) % BUTTONS_INPUTS;
    gpio_sort_edges(out, n);
    return (int)n;
}

static int v1_levels(gpio *base, uint8_t *pressed)
{
    gpio_v1 *g = (gpio_v1 *)base;
    uint8_t m = 0;
    for (unsigned i = 0; i < BUTTONS_INPUTS; i++) {
        if (!g->in[i])
            continue;
        int v = gpiod_line_get_value(g->in[i]);
        if (v < 0)
            return -1;
        if (v)
            m |= (uint8_t)(1u << i);
    }
    *pressed = m;
    return 0;
}

static int v1_set_leds(gpio *base, uint8_t mask)
{
    gpio_v1 *g = (gpio_v1 *)base;
    int rc = 0;
    for (unsigned i = 0; i < GPIO_MAX_LEDS; i++)
        if (g->led[i] && gpiod_line_set_value(g->led[i], (mask >> i) & 1u) < 0)
            rc = -1;
    if (rc == 0)
        g->base.leds = mask;
    return rc;
}

static const char *v1_describe(const gpio *base, unsigned input, char *buf, size_t len)
{
    const gpio_v1 *g = (const gpio_v1 *)base;
    if (input >= BUTTONS_INPUTS || !g->in[input]) {
        snprintf(buf, len, "button %u (not wired)", input + 1);
        return buf;
    }
    return gpio_line_text(g->in_name[input], g->in_offset[input], buf, len);
}

static const gpio_ops v1_ops = {v1_close, v1_fds, v1_read, v1_levels, v1_set_leds, v1_describe};

#else
typedef int gpio_v1_not_built; /* ISO C wants a declaration in every translation unit */
#endif
