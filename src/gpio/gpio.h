/* gpio.h — the buttons' and LEDs' GPIO lines (libgpiod 1.6 or 2.x, chosen at build time),
 * and a stand-in that reads edges from a file descriptor instead (a laptop, CI, tests,
 * a recorded trace). Both hand the same edges to core/buttons.h. No thread: the main
 * loop waits on gpio_fds and calls gpio_read when one is ready. */
#ifndef OOGST_GPIO_H
#define OOGST_GPIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"
#include "core/buttons.h"

typedef struct gpio gpio;

enum { GPIO_MAX_FDS = BUTTONS_INPUTS };

/* Opens cfg->chip and requests the configured button lines (input, both edges, the
 * bias and active-low of the config; the facilitator's line too) and LED lines
 * (output, off). NULL with a message on failure; *absent is set when there is no GPIO
 * chip at all (not an error: the keyboard stands in). */
gpio *gpio_open(const config_gpio *cfg, bool *absent, char *err, size_t errlen);

/* The stand-in: edges come as text lines from fd (a pipe, a file):
 *   T_US INPUT LEVEL    T_US: microseconds on the monotonic clock, INPUT: 1-6 a voting
 *                       button, f the facilitator's; LEVEL: down or up
 * LED changes are kept and can be read with gpio_leds. The fd stays the caller's
 * (gpio_close leaves it open); at its end gpio_fds returns 0: stop watching it. */
gpio *gpio_open_trace(int fd, char *err, size_t errlen);

void gpio_close(gpio *g); /* NULL-safe; LEDs off */

/* The descriptors to wait on (v1: one per line; v2: one request). Returns the count. */
int gpio_fds(const gpio *g, int *fds, int max);

/* The edges pending, without blocking: at most max into out. Returns the count, 0 when
 * none are pending, -1 on an error (message in err). */
int gpio_read(gpio *g, button_edge *out, size_t max, char *err, size_t errlen);

/* The lines' present state: bit i set when input i is pressed. 0 or -1. */
int gpio_levels(gpio *g, uint8_t *pressed);

/* Lights the LEDs of mask (bit i: button i+1) and turns the others off. 0 or -1. */
int gpio_set_leds(gpio *g, uint8_t mask);
/* The LEDs as last set (for the stand-in's tests). */
uint8_t gpio_leds(const gpio *g);

/* A line as the wiring person knows it, e.g. "GPIO5 (line 5)". */
const char *gpio_describe(const gpio *g, unsigned input, char *buf, size_t len);

#endif
