/* events.h — the events file of a replay: one timed event per line, parsed from
 * memory (the file is read by the caller). Pure.
 *
 *   MS NAME [ARGS]     MS: milliseconds since start, never decreasing
 *   # comment, blank lines allowed; a '#' after white space ends a line as a comment
 *   (inside a text's quotes it is text)
 *   start | next | back | pause | resume | extend | end
 *   press N | release N        N: button 1–6
 *   key NAME                   NAME: [A-Za-z0-9_+-], at most 16 characters
 *   choose N                   N: option from 1, at most 99
 *   text "…"                   UTF-8; \" and \\ are the only escapes */
#ifndef OOGST_EVENTS_H
#define OOGST_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

enum {
    EVENTS_MAX_LINE = 4096,
    EVENTS_MAX_MS_DIGITS = 15, /* ~31 000 years of milliseconds: anything longer overflows */
};

typedef enum replay_kind {
    RE_START,
    RE_PRESS,
    RE_RELEASE,
    RE_KEY,
    RE_CHOOSE,
    RE_TEXT,
    RE_NEXT,
    RE_BACK,
    RE_PAUSE,
    RE_RESUME,
    RE_EXTEND,
    RE_END,
} replay_kind;

typedef struct replay_event {
    int64_t ms;
    replay_kind kind;
    int n;           /* press/release/choose */
    const char *arg; /* key name or text, in the list's arena */
    unsigned line;
} replay_event;

typedef struct replay_list {
    replay_event *ev;
    size_t n, cap;
    arena *arena;
} replay_list;

/* Parses a whole events file. Returns 0, or -1 with *line and err set to the first
 * problem ("what is wrong; what is expected"): nothing is half-parsed for the caller. */
int events_parse(const char *buf, size_t len, replay_list *out, unsigned *line, char *err, size_t errlen);
void events_free(replay_list *l);

const char *replay_kind_name(replay_kind k);

#endif
