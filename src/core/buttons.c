/* buttons.c — edges to presses for all inputs, through the debounce (see buttons.h). */
#include "buttons.h"

#include <string.h>

void buttons_init(buttons *b, uint32_t debounce_ms, uint32_t stuck_ms)
{
    memset(b, 0, sizeof(*b));
    debounce_init(&b->db, debounce_ms, stuck_ms);
}

static void emit(buttons *b, debounce_result r, unsigned input, int64_t t, button_event *out, size_t max,
                 size_t *n)
{
    if (r == DB_NONE || *n >= max)
        return;
    static const button_kind kinds[] = {[DB_PRESS] = BUTTON_PRESS, [DB_RELEASE] = BUTTON_RELEASE,
                                        [DB_STUCK] = BUTTON_STUCK};
    out[(*n)++] = (button_event){kinds[r], input, t};
    b->events++;
}

size_t buttons_feed(buttons *b, const button_edge *e, size_t n_edges, size_t *used, button_event *out, size_t max)
{
    size_t n = 0, i;
    /* An edge causes at most two events (a settle of what was pending, then its own):
     * stop while there is room for both, and leave the rest for the next call. */
    for (i = 0; i < n_edges && n + 2 <= max; i++) {
        if (e[i].input >= BUTTONS_INPUTS)
            continue;
        int64_t t = e[i].t_us / 1000;
        emit(b, debounce_poll(&b->db, e[i].input, t), e[i].input, t, out, max, &n);
        b->edges++;
        emit(b, debounce_edge(&b->db, e[i].input, e[i].pressed, t), e[i].input, t, out, max, &n);
    }
    if (used)
        *used = i;
    return n;
}

size_t buttons_poll(buttons *b, int64_t now_ms, const uint8_t *levels, button_event *out, size_t max)
{
    size_t n = 0;
    for (unsigned i = 0; i < BUTTONS_INPUTS && n < max; i++) {
        if (levels) {
            bool level = (*levels >> i) & 1u;
            if (level != b->db.b[i].raw) /* an edge was lost: the line says where it is */
                emit(b, debounce_edge(&b->db, i, level, now_ms), i, now_ms, out, max, &n);
        }
        if (n < max)
            emit(b, debounce_poll(&b->db, i, now_ms), i, now_ms, out, max, &n);
    }
    return n;
}

int64_t buttons_deadline(const buttons *b)
{
    int64_t t = -1;
    for (unsigned i = 0; i < BUTTONS_INPUTS; i++) {
        int64_t d = debounce_deadline(&b->db, i);
        if (d >= 0 && (t < 0 || d < t))
            t = d;
    }
    return t;
}
