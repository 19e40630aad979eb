/* gpio_common.h — what the GPIO backends share (internal to src/gpio): the dispatch table
 * behind the public gpio_* calls, the list of lines a configuration asks for, and the
 * messages that name a button and its line the way the wiring person knows them. */
#ifndef OOGST_GPIO_COMMON_H
#define OOGST_GPIO_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gpio.h"

#define GPIO_CONSUMER "oogst"

enum {
    GPIO_MAX_LEDS = CONFIG_BUTTONS,
    GPIO_MAX_LINES = BUTTONS_INPUTS + GPIO_MAX_LEDS, /* every input and every LED */
    GPIO_READ_CHUNK = 64,                            /* edges read from the kernel at a time */
};

typedef struct gpio_ops {
    void (*close)(gpio *g);
    int (*fds)(const gpio *g, int *fds, int max);
    int (*read)(gpio *g, button_edge *out, size_t max, char *err, size_t errlen);
    int (*levels)(gpio *g, uint8_t *pressed);
    int (*set_leds)(gpio *g, uint8_t mask);
    const char *(*describe)(const gpio *g, unsigned input, char *buf, size_t len);
} gpio_ops;

/* Every backend's struct starts with this one. */
struct gpio {
    const gpio_ops *ops;
    uint8_t leds; /* as last set */
};

/* One line the configuration asks for: an input (index 0-5 or BUTTON_FACILITATOR) or the
 * LED of button index+1. offset is filled in by the backend once the line is found. */
typedef struct gpio_want {
    bool led;
    unsigned index;
    const config_line *line;
    unsigned offset;
    char name[32]; /* the chip's name for the line, "" when it has none */
} gpio_want;

/* The wired lines of cfg, inputs first (in input order), then LEDs. Returns the count. */
size_t gpio_wanted(const config_gpio *cfg, gpio_want *w);

/* "button 3 (GPIO22)", "the facilitator's button (line 16)", "the LED of button 2 (GPIO5)" */
const char *gpio_want_label(const gpio_want *w, char *buf, size_t len);

/* The name a line should be described by: "GPIO5 (line 5)", or "line 5" when the chip gives
 * the line no name. */
const char *gpio_line_text(const char *name, unsigned offset, char *buf, size_t len);

/* After every wanted line has its offset: -1 with a message when two of them share a line. */
int gpio_check_distinct(const gpio_want *w, size_t n, char *err, size_t errlen);

/* The chip's /dev/gpiochip* names, for a message: "gpiochip0, gpiochip1" or "none". */
const char *gpio_chips_present(char *buf, size_t len);

/* Sorts edges by time, keeping the order of equal times (each line's own order is kept). */
void gpio_sort_edges(button_edge *e, size_t n);

void gpio_errf(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
