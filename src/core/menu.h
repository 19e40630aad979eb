/* menu.h — the facilitator menu as a state machine: which page is open, the PIN typed
 * so far, what needs a second confirmation. Pure: taps and keys in, a command out; the
 * UI carries the command out (the engine, the store, the export, the clock). */
#ifndef OOGST_MENU_H
#define OOGST_MENU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    MENU_PIN_MAX = 8,
    MENU_MAX_SCRIPTS = 48,
    MENU_PIN_TRIES = 5,           /* after this many wrong PINs ... */
    MENU_PIN_LOCK_MS = 60 * 1000, /* ... the pad waits this long */
    MENU_CORNER_HOLD_MS = 3000,   /* a press this long in the top-left corner opens the menu */
};

typedef enum menu_page {
    PAGE_CLOSED,
    PAGE_PIN,
    PAGE_MAIN,
    PAGE_SCRIPTS,
    PAGE_WIPE_1,
    PAGE_WIPE_2,
    PAGE_ABOUT,
    PAGE_CLOCK,
    PAGE_RESULTS,
    PAGE_MESSAGE,
    PAGE_SHUTDOWN,
    PAGE_EXPORT,       /* what to export: this session, all, a date range */
    PAGE_EXPORT_RANGE, /* the dates of the range */
} menu_page;

/* What a tap on a menu button means (frame items carry it as their arg). */
typedef enum menu_item {
    MI_CLOSE = 1,
    MI_NEXT,
    MI_BACK,
    MI_PAUSE,
    MI_EXTEND,
    MI_END,
    MI_RESULTS,
    MI_EXPORT,
    MI_CLOCK,
    MI_LANGUAGE,
    MI_WIPE,
    MI_SHUTDOWN,
    MI_ABOUT,
    MI_SCRIPTS,
    MI_RESUME,
    MI_QUIT,     /* leave the program: only in a development window */
    MI_CONFIRM,  /* yes, on a confirmation page */
    MI_CANCEL,   /* back to the main page */
    MI_CLOCK_UP, /* + arg field: MI_CLOCK_UP + f, f = 0 year .. 4 minute */
    MI_CLOCK_DOWN = MI_CLOCK_UP + 5,
    MI_SCRIPT = MI_CLOCK_DOWN + 5, /* + index into the scripts list */
    MI_EXPORT_SESSION = MI_SCRIPT + MENU_MAX_SCRIPTS,
    MI_EXPORT_ALL,
    MI_EXPORT_RANGE,
    MI_RANGE_UP,                  /* + field: 0-2 from year, month, day; 3-5 to year, month, day */
    MI_RANGE_DOWN = MI_RANGE_UP + 6,
    MI_END_OF_ITEMS = MI_RANGE_DOWN + 6,
} menu_item;

/* What the UI must do after a menu call. */
typedef enum menu_command {
    CMD_NONE,
    CMD_NEXT,
    CMD_BACK,
    CMD_PAUSE, /* pause, or resume when paused */
    CMD_EXTEND,
    CMD_END,
    CMD_EXPORT, /* export menu.export_what */
    CMD_SET_CLOCK, /* to menu.clock */
    CMD_LANGUAGE,  /* switch nl <-> en */
    CMD_WIPE,      /* confirmed twice */
    CMD_SHUTDOWN,
    CMD_ABOUT,  /* fill menu.about before it is drawn */
    CMD_START,  /* start menu.chosen_script (an index) */
    CMD_RESUME, /* resume the interrupted session */
    CMD_QUIT,
    CMD_RESULTS, /* the results page opens: the UI may load trends */
} menu_command;

typedef struct menu_clock {
    int year, month, day, hour, minute;
} menu_clock;

typedef enum menu_export { EXPORT_THIS_SESSION, EXPORT_EVERYTHING, EXPORT_DATES } menu_export;

typedef struct menu_about {
    const char *version;
    int64_t free_bytes, db_bytes, sessions;
} menu_about;

typedef struct menu_state {
    menu_page page;
    char pin[MENU_PIN_MAX + 1]; /* what the facilitator typed */
    bool pin_wrong;
    unsigned pin_failures;
    int64_t pin_locked_until;
    const char *scripts[MENU_MAX_SCRIPTS]; /* titles to choose from (borrowed) */
    size_t n_scripts;
    size_t chosen_script;
    bool can_resume;      /* an interrupted session is waiting */
    bool session_running; /* a session is on */
    bool window;          /* a development window: the menu may quit the program */
    menu_clock clock;
    menu_export export_what;   /* CMD_EXPORT: what to export */
    menu_clock range_from, range_to; /* EXPORT_DATES: the days, both included (times unused) */
    bool stick;                /* a USB stick is in: the export goes there */
    menu_about about;
    char message[256];
    int64_t corner_down_ms; /* a press in the corner began then; -1: none */
} menu_state;

void menu_init(menu_state *m, bool window);
/* The facilitator key, F1 or a 3-second corner press: ask for the PIN. */
void menu_open(menu_state *m, int64_t now);
void menu_close(menu_state *m);
bool menu_is_open(const menu_state *m);
/* A digit (0-9) or -1 (clear) on the PIN pad; pin is the configured PIN ("" = "0000"). */
menu_command menu_pin_key(menu_state *m, int digit, const char *pin, int64_t now);
/* A tap on a menu button. */
menu_command menu_tap(menu_state *m, int item);
/* Shows a message page (after an export, a wipe, a failure). */
void menu_message(menu_state *m, const char *text);
/* Corner press tracking: down at (x,y) within corner px of the top-left, up, and time
 * passing. menu_corner_check returns true once when the press has lasted long enough. */
void menu_corner_down(menu_state *m, int64_t now);
void menu_corner_up(menu_state *m);
bool menu_corner_check(menu_state *m, int64_t now);
/* When the corner press will have lasted long enough (-1: no press going on). */
int64_t menu_corner_deadline(const menu_state *m);
/* Days in a month (for the clock page). */
int menu_days_in_month(int year, int month);

#endif
