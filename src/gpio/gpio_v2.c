/* gpio_v2.c — the buttons and LEDs through libgpiod 2.x (Debian 13 trixie, current
 * Raspberry Pi OS): all lines in one request, so one descriptor to wait on. Edge times
 * are asked for on CLOCK_MONOTONIC, the clock of the main loop's timers; the request's
 * active-low makes a rising edge a press. */
#if defined(OOGST_GPIOD_API) && (OOGST_GPIOD_API + 0) == 2 /* "+ 0": an empty -D is "none" */

#include "gpio_common.h"

#include <dirent.h>
#include <errno.h>
#include <gpiod.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct gpio_v2 {
    gpio base;
    struct gpiod_chip *chip;
    struct gpiod_line_request *req;
    struct gpiod_edge_event_buffer *events;
    char chip_name[32];
    unsigned n_in, n_led;
    unsigned in_offset[BUTTONS_INPUTS]; /* the requested inputs... */
    unsigned in_input[BUTTONS_INPUTS];  /* ...and which input each is */
    char in_name[BUTTONS_INPUTS][32];
    unsigned led_offset[GPIO_MAX_LEDS];
    unsigned led_button[GPIO_MAX_LEDS]; /* the button (0-based) each LED belongs to */
} gpio_v2;

static const gpio_ops v2_ops;

static void v2_close(gpio *base)
{
    gpio_v2 *g = (gpio_v2 *)base;
    if (g->req) {
        /* Dark on the way out; a failure changes nothing: the request is released either way. */
        for (unsigned i = 0; i < g->n_led; i++)
            (void)gpiod_line_request_set_value(g->req, g->led_offset[i], GPIOD_LINE_VALUE_INACTIVE);
        gpiod_line_request_release(g->req);
    }
    if (g->events)
        gpiod_edge_event_buffer_free(g->events);
    if (g->chip)
        gpiod_chip_close(g->chip);
    free(g);
}

/* --- the chip: by name, path or label -------------------------------------------------------- */

/* Opens path; remembers in *first_err the first failure that is not "no such file". */
static struct gpiod_chip *try_open(const char *path, int *first_err)
{
    struct gpiod_chip *c = gpiod_chip_open(path);
    if (!c && errno != ENOENT && *first_err == 0)
        *first_err = errno;
    return c;
}

static int is_chip_name(const struct dirent *d)
{
    return strncmp(d->d_name, "gpiochip", 8) == 0;
}

static struct gpiod_chip *by_label(const char *label, int *first_err)
{
    struct dirent **names = NULL;
    struct gpiod_chip *found = NULL;
    int n = scandir("/dev", &names, is_chip_name, versionsort);
    for (int i = 0; i < n; i++) {
        char path[300];
        snprintf(path, sizeof(path), "/dev/%s", names[i]->d_name);
        struct gpiod_chip *c = found ? NULL : try_open(path, first_err);
        struct gpiod_chip_info *info = c ? gpiod_chip_get_info(c) : NULL;
        if (info && !strcmp(gpiod_chip_info_get_label(info), label))
            found = c;
        else if (c)
            gpiod_chip_close(c);
        if (info)
            gpiod_chip_info_free(info);
        free(names[i]);
    }
    free(names);
    return found;
}

static struct gpiod_chip *open_chip(const char *want, int *first_err)
{
    char path[300];
    struct gpiod_chip *c = NULL;
    *first_err = 0;
    if (!*want)
        return NULL;
    if (!strchr(want, '/')) {
        bool number = strspn(want, "0123456789") == strlen(want);
        snprintf(path, sizeof(path), number ? "/dev/gpiochip%s" : "/dev/%s", want);
        c = try_open(path, first_err);
    }
    if (!c && strchr(want, '/'))
        c = try_open(want, first_err);
    if (!c)
        c = by_label(want, first_err);
    return c;
}

/* --- the lines ----------------------------------------------------------------------------------- */

static int find_line(gpio_v2 *g, size_t num_lines, gpio_want *w, char *err, size_t errlen)
{
    char what[96];
    if (w->line->offset >= 0) {
        if ((size_t)w->line->offset >= num_lines) {
            gpio_errf(err, errlen, "%s: %s has lines 0-%zu only", gpio_want_label(w, what, sizeof(what)),
                      g->chip_name, num_lines ? num_lines - 1 : 0);
            return -1;
        }
        w->offset = (unsigned)w->line->offset;
    } else {
        int off = gpiod_chip_get_line_offset_from_name(g->chip, w->line->name);
        if (off < 0) {
            if (errno == ENOENT)
                gpio_errf(err, errlen, "%s: %s has no line of that name",
                          gpio_want_label(w, what, sizeof(what)), g->chip_name);
            else
                gpio_errf(err, errlen, "%s: %s", gpio_want_label(w, what, sizeof(what)), strerror(errno));
            return -1;
        }
        w->offset = (unsigned)off;
    }
    struct gpiod_line_info *info = gpiod_chip_get_line_info(g->chip, w->offset);
    if (!info) {
        gpio_errf(err, errlen, "%s: %s", gpio_want_label(w, what, sizeof(what)), strerror(errno));
        return -1;
    }
    const char *name = gpiod_line_info_get_name(info);
    snprintf(w->name, sizeof(w->name), "%s", name ? name : "");
    gpiod_line_info_free(info);
    return 0;
}

static enum gpiod_line_bias bias_of(config_bias b)
{
    switch (b) {
    case BIAS_DISABLED: return GPIOD_LINE_BIAS_DISABLED;
    case BIAS_PULL_UP: return GPIOD_LINE_BIAS_PULL_UP;
    case BIAS_PULL_DOWN: return GPIOD_LINE_BIAS_PULL_DOWN;
    case BIAS_AS_IS: break;
    }
    return GPIOD_LINE_BIAS_AS_IS;
}

/* After a failed request: which line is taken, and by whom, when that was the cause. */
static void explain_request(gpio_v2 *g, const gpio_want *w, size_t n, int e, char *err, size_t errlen)
{
    for (size_t i = 0; e == EBUSY && i < n; i++) {
        struct gpiod_line_info *info = gpiod_chip_get_line_info(g->chip, w[i].offset);
        if (!info)
            continue;
        if (gpiod_line_info_is_used(info)) {
            char what[96], line[64];
            const char *user = gpiod_line_info_get_consumer(info);
            gpio_errf(err, errlen, "%s: %s is in use by \"%s\"", gpio_want_label(&w[i], what, sizeof(what)),
                      gpio_line_text(w[i].name, w[i].offset, line, sizeof(line)), user ? user : "?");
            gpiod_line_info_free(info);
            return;
        }
        gpiod_line_info_free(info);
    }
    gpio_errf(err, errlen, "cannot request the lines of %s: %s", g->chip_name, strerror(e));
}

static int request(gpio_v2 *g, const config_gpio *cfg, const gpio_want *w, size_t n, char *err, size_t errlen)
{
    struct gpiod_line_settings *in = gpiod_line_settings_new(), *led = gpiod_line_settings_new();
    struct gpiod_line_config *lc = gpiod_line_config_new();
    struct gpiod_request_config *rc = gpiod_request_config_new();
    int ok = in && led && lc && rc;
    if (!ok)
        gpio_errf(err, errlen, "out of memory");
    if (ok && (gpiod_line_settings_set_direction(in, GPIOD_LINE_DIRECTION_INPUT) < 0 ||
               gpiod_line_settings_set_edge_detection(in, GPIOD_LINE_EDGE_BOTH) < 0 ||
               gpiod_line_settings_set_bias(in, bias_of(cfg->bias)) < 0 ||
               gpiod_line_settings_set_event_clock(in, GPIOD_LINE_CLOCK_MONOTONIC) < 0 ||
               gpiod_line_settings_set_direction(led, GPIOD_LINE_DIRECTION_OUTPUT) < 0 ||
               gpiod_line_settings_set_output_value(led, GPIOD_LINE_VALUE_INACTIVE) < 0)) {
        gpio_errf(err, errlen, "line settings refused: %s", strerror(errno));
        ok = 0;
    }
    if (ok) {
        gpiod_line_settings_set_active_low(in, cfg->active_low);
        gpiod_line_settings_set_active_low(led, cfg->leds_active_low);
        gpiod_request_config_set_consumer(rc, GPIO_CONSUMER);
    }
    for (size_t i = 0; ok && i < n; i++) {
        if (gpiod_line_config_add_line_settings(lc, &w[i].offset, 1, w[i].led ? led : in) < 0) {
            gpio_errf(err, errlen, "line settings refused: %s", strerror(errno));
            ok = 0;
        }
    }
    if (ok && n > 0) { /* no line wired at all: nothing to request, and nothing to wait on */
        g->req = gpiod_chip_request_lines(g->chip, rc, lc);
        if (!g->req) {
            explain_request(g, w, n, errno, err, errlen);
            ok = 0;
        }
    }
    gpiod_request_config_free(rc);
    gpiod_line_config_free(lc);
    gpiod_line_settings_free(led);
    gpiod_line_settings_free(in);
    return ok ? 0 : -1;
}

gpio *gpio_open(const config_gpio *cfg, bool *absent, char *err, size_t errlen)
{
    if (absent)
        *absent = false;
    if (!cfg) {
        gpio_errf(err, errlen, "no GPIO configuration");
        return NULL;
    }
    gpio_v2 *g = calloc(1, sizeof(*g));
    if (!g) {
        gpio_errf(err, errlen, "out of memory");
        return NULL;
    }
    g->base.ops = &v2_ops;
    int first_err = 0;
    g->chip = open_chip(cfg->chip, &first_err);
    if (!g->chip) {
        char present[256];
        if (first_err == 0) {
            if (absent)
                *absent = true;
            gpio_errf(err, errlen, "no GPIO chip '%s' (chips here: %s)", cfg->chip,
                      gpio_chips_present(present, sizeof(present)));
        } else {
            gpio_errf(err, errlen, "GPIO chip '%s': %s", cfg->chip, strerror(first_err));
        }
        free(g);
        return NULL;
    }
    struct gpiod_chip_info *info = gpiod_chip_get_info(g->chip);
    if (!info) {
        gpio_errf(err, errlen, "GPIO chip '%s': %s", cfg->chip, strerror(errno));
        goto fail;
    }
    snprintf(g->chip_name, sizeof(g->chip_name), "%s", gpiod_chip_info_get_name(info));
    size_t num_lines = gpiod_chip_info_get_num_lines(info);
    gpiod_chip_info_free(info);

    gpio_want want[GPIO_MAX_LINES];
    size_t n = gpio_wanted(cfg, want);
    for (size_t i = 0; i < n; i++)
        if (find_line(g, num_lines, &want[i], err, errlen) < 0)
            goto fail;
    if (gpio_check_distinct(want, n, err, errlen) < 0)
        goto fail;
    if (!(g->events = gpiod_edge_event_buffer_new(GPIO_READ_CHUNK))) {
        gpio_errf(err, errlen, "out of memory");
        goto fail;
    }
    if (request(g, cfg, want, n, err, errlen) < 0)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        if (want[i].led) {
            g->led_offset[g->n_led] = want[i].offset;
            g->led_button[g->n_led++] = want[i].index;
        } else {
            g->in_offset[g->n_in] = want[i].offset;
            g->in_input[g->n_in] = want[i].index;
            snprintf(g->in_name[g->n_in++], sizeof(g->in_name[0]), "%s", want[i].name);
        }
    }
    return &g->base;
fail:
    v2_close(&g->base);
    return NULL;
}

static int v2_fds(const gpio *base, int *fds, int max)
{
    const gpio_v2 *g = (const gpio_v2 *)base;
    if (!g->req || g->n_in == 0 || max < 1)
        return 0;
    int fd = gpiod_line_request_get_fd(g->req);
    if (fd < 0)
        return 0;
    fds[0] = fd;
    return 1;
}

static int v2_read(gpio *base, button_edge *out, size_t max, char *err, size_t errlen)
{
    gpio_v2 *g = (gpio_v2 *)base;
    size_t n = 0;
    if (!g->req || g->n_in == 0)
        return 0;
    while (n < max) {
        /* read_edge_events blocks on an empty queue: only read what wait says is there */
        int r = gpiod_line_request_wait_edge_events(g->req, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            gpio_errf(err, errlen, "waiting for the buttons' edges: %s", strerror(errno));
            return -1;
        }
        if (r == 0)
            break;
        size_t want = max - n < GPIO_READ_CHUNK ? max - n : GPIO_READ_CHUNK;
        int got = gpiod_line_request_read_edge_events(g->req, g->events, want);
        if (got < 0) {
            gpio_errf(err, errlen, "reading the buttons' edges: %s", strerror(errno));
            return -1;
        }
        for (int i = 0; i < got; i++) {
            struct gpiod_edge_event *ev = gpiod_edge_event_buffer_get_event(g->events, (unsigned long)i);
            if (!ev)
                continue;
            unsigned off = gpiod_edge_event_get_line_offset(ev);
            for (unsigned k = 0; k < g->n_in; k++)
                if (g->in_offset[k] == off)
                    out[n++] = (button_edge){
                        .input = g->in_input[k],
                        .pressed = gpiod_edge_event_get_event_type(ev) == GPIOD_EDGE_EVENT_RISING_EDGE,
                        .t_us = (int64_t)(gpiod_edge_event_get_timestamp_ns(ev) / 1000),
                    };
        }
        if ((size_t)got < want)
            break;
    }
    return (int)n;
}

static int v2_levels(gpio *base, uint8_t *pressed)
{
    gpio_v2 *g = (gpio_v2 *)base;
    enum gpiod_line_value v[BUTTONS_INPUTS];
    if (!g->req || g->n_in == 0) {
        *pressed = 0;
        return 0;
    }
    if (gpiod_line_request_get_values_subset(g->req, g->n_in, g->in_offset, v) < 0)
        return -1;
    uint8_t m = 0;
    for (unsigned k = 0; k < g->n_in; k++)
        if (v[k] == GPIOD_LINE_VALUE_ACTIVE)
            m |= (uint8_t)(1u << g->in_input[k]);
    *pressed = m;
    return 0;
}

static int v2_set_leds(gpio *base, uint8_t mask)
{
    gpio_v2 *g = (gpio_v2 *)base;
    enum gpiod_line_value v[GPIO_MAX_LEDS];
    for (unsigned k = 0; k < g->n_led; k++)
        v[k] = (mask >> g->led_button[k]) & 1u ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE;
    if (g->n_led > 0 && gpiod_line_request_set_values_subset(g->req, g->n_led, g->led_offset, v) < 0)
        return -1;
    g->base.leds = mask;
    return 0;
}

static const char *v2_describe(const gpio *base, unsigned input, char *buf, size_t len)
{
    const gpio_v2 *g = (const gpio_v2 *)base;
    for (unsigned k = 0; k < g->n_in; k++)
        if (g->in_input[k] == input)
            return gpio_line_text(g->in_name[k], g->in_offset[k], buf, len);
    snprintf(buf, len, "button %u (not wired)", input + 1);
    return buf;
}

static const gpio_ops v2_ops = {v2_close, v2_fds, v2_read, v2_levels, v2_set_leds, v2_describe};

#else
typedef int gpio_v2_not_built; /* ISO C wants a declaration in every translation unit */
#endif
