/* run.h — one session running: the engine's effects carried out on the store (and,
 * through a callback, the sound). Shared by the window and the replay so both take
 * the same path from an input to the log. Main thread only. */
#ifndef OOGST_RUN_H
#define OOGST_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "core/engine.h"
#include "store/store.h"

typedef struct run {
    store *st;
    const script *s;
    engine *e;
    uint64_t next_token; /* numbers the inputs handed to the store */
    bool ended;          /* the session reached its end */
    bool quit;           /* the facilitator asked to stop the program */
    int64_t deadline_ms; /* next engine deadline, -1 none */
    uint8_t leds;
    /* optional observers */
    void (*on_chime)(void *ctx, chime c);
    void (*on_step)(void *ctx, size_t step, unsigned part);
    void (*on_event)(void *ctx, const char *name, const char *detail);
    void *ctx;
} run;

/* Begins a new session of s at mono time now (ms) and wall time wall (ms since the
 * epoch). Sessions left running become 'interrupted'. 0 ok, -1 out of memory. */
int run_start(run *r, store *st, const script *s, int64_t now, int64_t wall);
/* Continues the interrupted session `from` at its step, with its counted answers. */
int run_resume(run *r, store *st, const script *s, const store_session *from, int64_t now, int64_t wall);
void run_event(run *r, const engine_event *ev, int64_t now, int64_t wall);
void run_tick(run *r, int64_t now, int64_t wall);
/* Frees the engine; the store stays open. NULL-safe on an unstarted run. */
void run_stop(run *r);

#endif
