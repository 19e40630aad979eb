/* ui.h — Oogst on the room's screen: the event loop that joins SDL input, the engine,
 * the store, the facilitator menu and the screens. */
#ifndef OOGST_UI_H
#define OOGST_UI_H

#include <stdbool.h>
#include <stdint.h>

typedef struct ui_opts {
    const char *script_path; /* the session offered first */
    const char *content_dir; /* where the menu finds the other sessions (nl/, en/) */
    const char *data_dir;
    const char *export_dir;    /* where the menu's export writes when no stick is in */
    int export_round_minutes;  /* exports round times down to this (privacy); 0: exact */
    const char *usb_mount;     /* where the system mounts a USB stick ("/media/oogst"); NULL: none */
    const char *mountinfo;     /* the mount table to watch; NULL: /proc/self/mountinfo */
    const char *eject_request; /* the file that asks the system to unmount the stick */
    const char *clock_request; /* the file that asks the system to set the clock (clock.h) */
    const char *font, *font_bold;
    const char *sounds_dir;         /* the chimes (switch.wav, end.wav); NULL or missing: made in memory */
    const char *pin;                /* the facilitator's PIN; "" = 0000 */
    const char *language;           /* "nl" or "en" */
    bool window;                    /* a development window: Esc and the menu may quit */
    int width, height;              /* the window (0: 800x480); ignored when fullscreen */
    int rotate;                     /* 0, 90, 180, 270 */
    const struct config_gpio *gpio; /* the buttons' wiring; NULL: no buttons */
    int gpio_trace_fd;              /* > 2: button edges come as text from this descriptor (see gpio.h),
                                       not from GPIO; 0 (as in a zeroed ui_opts): GPIO */
} ui_opts;

enum { UI_EXIT_SHUTDOWN = 10 }; /* the facilitator chose "shut down": the unit powers off */

/* Runs until the facilitator quits or shuts down. Returns the exit status. */
int ui_main(const ui_opts *o);

/* The same in steps, for tests: open (NULL after a message on stderr), one pass of the
 * loop (block: sleep until something happens; false when the program should stop),
 * the frame on the screen, commit everything queued, close (returns the exit status). */
typedef struct ui ui;
struct frame;
ui *ui_open(const ui_opts *o);
bool ui_iterate(ui *u, bool block);
const struct frame *ui_frame(const ui *u);
unsigned long ui_iterations(const ui *u);
unsigned long ui_draws(const ui *u);
/* The LED mask last set on the buttons (bit i: button i+1), -1 when none was set. */
int ui_leds(const ui *u);
/* When the loop next needs to wake (engine deadline, countdown second, end of a
 * message, a corner press); -1: not until something happens. */
int64_t ui_next_wake(const ui *u, int64_t now);
/* Queues a tap (mouse down and up) at logical point x,y of the frame, turned into the
 * panel's coordinates as the panel would report it. */
int ui_push_tap(ui *u, int x, int y);
int ui_flush(ui *u);
/* For tests: the log the UI writes to. */
struct store *ui_store(ui *u);
/* Any thread: a blocked ui_iterate returns (after queuing an SDL event, call this). */
void ui_wake(ui *u);
int ui_close(ui *u);

#endif
