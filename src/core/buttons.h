/* buttons.h — the room's buttons between the GPIO lines and the engine: raw edges in
 * (with the kernel's timestamps), debounced presses, releases and stuck reports out,
 * for every button independently. Pure: the GPIO adapter, the trace stand-in and the
 * tests feed it the same way. */
#ifndef OOGST_BUTTONS_H
#define OOGST_BUTTONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "debounce.h"

enum {
    BUTTONS_VOTE = 6,                 /* inputs 0-5: the voting buttons 1-6 */
    BUTTON_FACILITATOR = 6,           /* input 6: the facilitator's button */
    BUTTONS_INPUTS = 7,
};

/* One edge on an input: the line's new logical level (true = pressed), at t_us on the
 * monotonic clock. */
typedef struct button_edge {
    unsigned input;
    bool pressed;
    int64_t t_us;
} button_edge;

typedef enum button_kind { BUTTON_PRESS, BUTTON_RELEASE, BUTTON_STUCK } button_kind;

typedef struct button_event {
    button_kind kind;
    unsigned input;
    int64_t t_ms;
} button_event;

typedef struct buttons {
    debounce db;
    unsigned long edges, events; /* counted, for the wiring test and the tests */
} buttons;

void buttons_init(buttons *b, uint32_t debounce_ms, uint32_t stuck_ms);
/* Feeds n edges; writes the events they cause to out. Edges whose events might not fit
 * in max are left for the next call: *used says how many were taken (max >= 2). */
size_t buttons_feed(buttons *b, const button_edge *e, size_t n, size_t *used, button_event *out, size_t max);
/* Time passes (ms): settles buttons whose line ended in another state, reports stuck
 * ones. levels, when not NULL, is the lines' state read back (bit i: input i pressed):
 * it corrects an edge the kernel dropped under chatter. */
size_t buttons_poll(buttons *b, int64_t now_ms, const uint8_t *levels, button_event *out, size_t max);
/* When buttons_poll next has something to do; -1: nothing pending. */
int64_t buttons_deadline(const buttons *b);

#endif
