/* debounce.c — eager debounce with settle and stuck detection (see debounce.h). */
#include "debounce.h"

#include <string.h>

void debounce_init(debounce *d, uint32_t debounce_ms, uint32_t stuck_ms)
{
    memset(d, 0, sizeof(*d));
    d->debounce_ms = debounce_ms;
    d->stuck_ms = stuck_ms;
    for (unsigned i = 0; i < DEBOUNCE_BUTTONS; i++)
        d->b[i].changed_ms = d->b[i].edge_ms = INT64_MIN / 4;
}

static debounce_result change(debounce_button *b, int64_t t)
{
    b->reported = b->raw;
    b->changed_ms = t;
    if (!b->reported && b->stuck) {
        b->stuck = false;
        return DB_RELEASE;
    }
    return b->reported ? DB_PRESS : DB_RELEASE;
}

debounce_result debounce_edge(debounce *d, unsigned i, bool pressed, int64_t t)
{
    if (i >= DEBOUNCE_BUTTONS)
        return DB_NONE;
    debounce_button *b = &d->b[i];
    bool quiet = t - b->edge_ms >= (int64_t)d->debounce_ms; /* the line was still before this edge */
    b->raw = pressed;
    b->edge_ms = t;
    if (pressed == b->reported || !quiet)
        return DB_NONE; /* back where we were, or bounce: poll settles it when the line is still */
    return change(b, t);
}

debounce_result debounce_poll(debounce *d, unsigned i, int64_t t)
{
    if (i >= DEBOUNCE_BUTTONS)
        return DB_NONE;
    debounce_button *b = &d->b[i];
    if (b->raw != b->reported && t - b->edge_ms >= (int64_t)d->debounce_ms)
        return change(b, t);
    if (d->stuck_ms && b->reported && !b->stuck && t - b->changed_ms >= (int64_t)d->stuck_ms) {
        b->stuck = true;
        return DB_STUCK;
    }
    return DB_NONE;
}

int64_t debounce_deadline(const debounce *d, unsigned i)
{
    if (i >= DEBOUNCE_BUTTONS)
        return -1;
    const debounce_button *b = &d->b[i];
    if (b->raw != b->reported)
        return b->edge_ms + d->debounce_ms;
    if (d->stuck_ms && b->reported && !b->stuck)
        return b->changed_ms + d->stuck_ms;
    return -1;
}
