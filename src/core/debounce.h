/* debounce.h — turns raw, bouncing button edges into presses and releases.
 * Pure: the caller gives each edge with its monotonic time in ms (the GPIO adapter
 * reads the kernel's edge timestamps) and calls debounce_poll at debounce_deadline.
 *
 * Rules: a change is reported on the FIRST edge after the line was quiet for
 * debounce_ms (no waiting, so the LED answers at once); edges that follow another edge
 * within debounce_ms are bounce or chatter and change nothing by themselves; when the
 * line has then been quiet for debounce_ms in another state than reported, poll
 * reports that change. So a bouncing press is one press, and chatter of any rate and
 * length is one press at most. A button held down for stuck_ms is reported stuck once
 * and gives no further presses until it has been released. */
#ifndef OOGST_DEBOUNCE_H
#define OOGST_DEBOUNCE_H

#include <stdbool.h>
#include <stdint.h>

enum { DEBOUNCE_BUTTONS = 8 }; /* six voting buttons, the facilitator's, one spare */

typedef enum debounce_result {
    DB_NONE,
    DB_PRESS,
    DB_RELEASE,
    DB_STUCK, /* held down for stuck_ms: ignored until released */
} debounce_result;

typedef struct debounce_button {
    bool raw;      /* last level seen: true = pressed */
    bool reported; /* state last reported: true = down */
    bool stuck;
    int64_t changed_ms; /* when the reported state last changed */
    int64_t edge_ms;    /* when the last edge came */
} debounce_button;

typedef struct debounce {
    uint32_t debounce_ms;
    uint32_t stuck_ms; /* 0: never stuck */
    debounce_button b[DEBOUNCE_BUTTONS];
} debounce;

/* All buttons up, with these times. */
void debounce_init(debounce *d, uint32_t debounce_ms, uint32_t stuck_ms);
/* An edge on button i (0-based): pressed is the new level. */
debounce_result debounce_edge(debounce *d, unsigned i, bool pressed, int64_t t_ms);
/* Time passes: settles a button whose line ended in another state, or finds it stuck. */
debounce_result debounce_poll(debounce *d, unsigned i, int64_t t_ms);
/* The earliest time a poll can report something for button i; -1: none pending. */
int64_t debounce_deadline(const debounce *d, unsigned i);

#endif
