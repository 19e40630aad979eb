/* view.h — draws the room's screen from the engine's state (SDL2 + SDL2_ttf).
 * Drawing reads the state and never changes it. Main thread only. */
#ifndef OOGST_VIEW_H
#define OOGST_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/engine.h"

typedef struct view view;

typedef struct view_opts {
    int width, height; /* window size; 0: 800x480 */
    bool fullscreen;   /* fullscreen on the display (the appliance) */
    const char *font;  /* a TTF file */
} view_opts;

/* What the screen shows besides the engine's state. */
typedef enum view_mode {
    VIEW_SESSION,    /* the session */
    VIEW_RESUME_ASK, /* "a session was interrupted: resume?" */
} view_mode;

typedef struct view_status {
    view_mode mode;
    const char *language; /* "nl" or "en" */
    size_t resume_step;   /* VIEW_RESUME_ASK: where the interrupted session was (from 0) */
    int ack;              /* last acknowledged input: 1 counted, -1 not counted, 0 none */
    int ack_button;       /* its button/option */
    bool store_error;     /* the log cannot be written */
} view_status;

/* Opens the window and loads the font. NULL with a message on failure. */
view *view_open(const view_opts *o, char *err, size_t errlen);
void view_close(view *v);
/* Draws everything and presents it. e may be NULL in VIEW_RESUME_ASK. */
void view_draw(view *v, const engine *e, int64_t now, const view_status *st);
/* The option (from 1) drawn at window point x,y in the last frame, or 0. */
int view_option_at(const view *v, int x, int y);
/* The renderer's output size (for tests). */
void view_size(const view *v, int *w, int *h);

#endif
