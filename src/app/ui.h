/* ui.h — Oogst on the room's screen: the event loop that joins SDL input, the engine,
 * the store, the facilitator menu and the screens. */
#ifndef OOGST_UI_H
#define OOGST_UI_H

#include <stdbool.h>

typedef struct ui_opts {
    const char *script_path; /* the session offered first */
    const char *content_dir; /* where the menu finds the other sessions (nl/, en/) */
    const char *data_dir;
    const char *export_dir; /* where the menu's export writes (the stick, later) */
    const char *font, *font_bold;
    const char *pin;      /* the facilitator's PIN; "" = 0000 */
    const char *language; /* "nl" or "en" */
    bool window;          /* a development window: Esc and the menu may quit */
    int width, height;    /* the window (0: 800x480); ignored when fullscreen */
    int rotate;           /* 0, 90, 180, 270 */
} ui_opts;

enum { UI_EXIT_SHUTDOWN = 10 }; /* the facilitator chose "shut down": the unit powers off */

/* Runs until the facilitator quits or shuts down. Returns the exit status. */
int ui_main(const ui_opts *o);

#endif
