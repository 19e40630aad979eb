/* gpio_common.c — the public gpio_* calls, handed to the backend that opened the handle
 * (libgpiod 1.x, 2.x or the trace stand-in), and the helpers they share. */
#include "gpio_common.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void gpio_errf(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

void gpio_close(gpio *g)
{
    if (g)
        g->ops->close(g);
}

int gpio_fds(const gpio *g, int *fds, int max)
{
    return g && fds && max > 0 ? g->ops->fds(g, fds, max) : 0;
}

int gpio_read(gpio *g, button_edge *out, size_t max, char *err, size_t errlen)
{
    if (!g || !out) {
        gpio_errf(err, errlen, "no GPIO handle");
        return -1;
    }
    return max == 0 ? 0 : g->ops->read(g, out, max, err, errlen);
}

int gpio_levels(gpio *g, uint8_t *pressed)
{
    return g && pressed ? g->ops->levels(g, pressed) : -1;
}

int gpio_set_leds(gpio *g, uint8_t mask)
{
    return g ? g->ops->set_leds(g, mask) : -1;
}

uint8_t gpio_leds(const gpio *g)
{
    return g ? g->leds : 0;
}

const char *gpio_describe(const gpio *g, unsigned input, char *buf, size_t len)
{
    if (!buf || len == 0)
        return "";
    if (!g) {
        snprintf(buf, len, "button %u", input + 1);
        return buf;
    }
    return g->ops->describe(g, input, buf, len);
}

#if !defined(OOGST_GPIOD_API) || ((OOGST_GPIOD_API + 0) != 1 && (OOGST_GPIOD_API + 0) != 2)
/* Built without libgpiod: there are never GPIO lines, and the keyboard stands in. */
gpio *gpio_open(const config_gpio *cfg, bool *absent, char *err, size_t errlen)
{
    if (absent)
        *absent = true;
    gpio_errf(err, errlen, "no GPIO chip '%s' (built without libgpiod)", cfg ? cfg->chip : "");
    return NULL;
}
#endif

size_t gpio_wanted(const config_gpio *cfg, gpio_want *w)
{
    size_t n = 0, nb = cfg->n_buttons < CONFIG_BUTTONS ? cfg->n_buttons : CONFIG_BUTTONS;
    for (size_t i = 0; i < nb; i++)
        if (cfg->buttons[i].line.set)
            w[n++] = (gpio_want){.led = false, .index = (unsigned)i, .line = &cfg->buttons[i].line};
    if (cfg->facilitator.set)
        w[n++] = (gpio_want){.led = false, .index = BUTTON_FACILITATOR, .line = &cfg->facilitator};
    for (size_t i = 0; i < nb; i++)
        if (cfg->buttons[i].led.set)
            w[n++] = (gpio_want){.led = true, .index = (unsigned)i, .line = &cfg->buttons[i].led};
    return n;
}

const char *gpio_want_label(const gpio_want *w, char *buf, size_t len)
{
    char what[48], line[48];
    if (w->led)
        snprintf(what, sizeof(what), "the LED of button %u", w->index + 1);
    else if (w->index == BUTTON_FACILITATOR)
        snprintf(what, sizeof(what), "the facilitator's button");
    else
        snprintf(what, sizeof(what), "button %u", w->index + 1);
    if (w->line->offset >= 0)
        snprintf(line, sizeof(line), "line %d", w->line->offset);
    else
        snprintf(line, sizeof(line), "%s", w->line->name);
    snprintf(buf, len, "%s (%s)", what, line);
    return buf;
}

const char *gpio_line_text(const char *name, unsigned offset, char *buf, size_t len)
{
    if (name && *name)
        snprintf(buf, len, "%s (line %u)", name, offset);
    else
        snprintf(buf, len, "line %u", offset);
    return buf;
}

int gpio_check_distinct(const gpio_want *w, size_t n, char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (w[i].offset == w[j].offset) {
                char a[96], b[96];
                gpio_errf(err, errlen, "%s and %s are both on line %u", gpio_want_label(&w[i], a, sizeof(a)),
                          gpio_want_label(&w[j], b, sizeof(b)), w[i].offset);
                return -1;
            }
    return 0;
}

static int is_chip_name(const struct dirent *d)
{
    return strncmp(d->d_name, "gpiochip", 8) == 0;
}

const char *gpio_chips_present(char *buf, size_t len)
{
    struct dirent **names = NULL;
    int n = scandir("/dev", &names, is_chip_name, versionsort);
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (used < len) {
            int k = snprintf(buf + used, len - used, "%s%s", i ? ", " : "", names[i]->d_name);
            used += k > 0 ? (size_t)k : 0;
        }
        free(names[i]);
    }
    free(names);
    if (n <= 0)
        snprintf(buf, len, "none");
    return buf;
}

void gpio_sort_edges(button_edge *e, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        button_edge x = e[i];
        size_t j = i;
        for (; j > 0 && e[j - 1].t_us > x.t_us; j--)
            e[j] = e[j - 1];
        e[j] = x;
    }
}
