/* ui.h — Oogst in a window (or fullscreen): the event loop that joins SDL input, the
 * engine, the store and the view. */
#ifndef OOGST_UI_H
#define OOGST_UI_H

#include <stdbool.h>

typedef struct ui_opts {
    const char *script_path;
    const char *data_dir;
    const char *font;
    bool fullscreen;
    int width, height;
} ui_opts;

/* Runs until the facilitator quits. Returns the exit status. */
int ui_main(const ui_opts *o);

#endif
