/* config.h — the one configuration file, /etc/oogst/oogst.yaml: what the box is set to
 * (language, facilitator PIN, panel rotation, where the session scripts are), read and
 * checked like the session scripts, every problem reported with its line and column. */
#ifndef OOGST_CONFIG_H
#define OOGST_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum {
    CONFIG_PIN_MAX = 8,
    CONFIG_PIN_MIN = 4,
    CONFIG_MAX_BYTES = 64 * 1024, /* a configuration is a few lines; larger files are refused unread */
};

#define CONFIG_PATH "/etc/oogst/oogst.yaml"

enum {
    CONFIG_BUTTONS = 6,
    CONFIG_LINE_MAX = 1023, /* the highest line offset accepted; a Pi's header uses 2..27 */
};

typedef enum config_bias { BIAS_AS_IS, BIAS_DISABLED, BIAS_PULL_UP, BIAS_PULL_DOWN } config_bias;

/* A GPIO line, by offset on the chip (BCM number on a Pi) or by name ("GPIO17"). */
typedef struct config_line {
    bool set;      /* false: not wired */
    int offset;    /* -1 when given by name */
    char name[32]; /* "" when given by offset */
} config_line;

typedef struct config_button {
    config_line line; /* the button's input */
    config_line led;  /* its LED's output (optional) */
    char colour[16];  /* the cap's colour, shown on the screen: orange, sky-blue, green, yellow, blue,
                         vermillion, reddish-purple, white, grey */
} config_button;

typedef struct config_gpio {
    char chip[64];        /* "gpiochip0" (default): a name, a path or a label */
    bool active_low;      /* true (default): a pressed button pulls its line to ground */
    config_bias bias;     /* pull-up (default) */
    unsigned debounce_ms; /* 20 (default), 1..200 */
    unsigned stuck_ms;    /* 10000 (default): held this long, a button is ignored until released */
    bool leds_active_low; /* false (default): a high output lights the LED */
    config_button buttons[CONFIG_BUTTONS]; /* default: the wiring table in the README */
    size_t n_buttons;
    config_line facilitator; /* the facilitator's button: default GPIO16 */
} config_gpio;

typedef struct config {
    char language[3];             /* "nl" (default) or "en": the screens' language */
    char pin[CONFIG_PIN_MAX + 1]; /* facilitator PIN, 4–8 digits; default "" = no menu PIN set: the menu
                                     shows a notice that it must be set, and accepts "0000" */
    int rotate;                   /* 0 (default), 90, 180, 270: how the panel is mounted */
    int width, height;            /* the screen's size; 0 (default): the display's own */
    char content_dir[1024];       /* where the session scripts are; default OOGST_DATADIR "/content" */
    char script[1024]; /* the session to start with, a path relative to content_dir or absolute; default
                          "nl/demo.yaml" */
    config_gpio gpio;
    int export_round_minutes; /* exports round every time down to this many minutes: 0 (default, exact),
                                 5, 10, 15, 30 or 60 */
} config;

/* Fills c with the defaults above. */
void config_defaults(config *c);

/* Reads path over the defaults already in c. Returns 0 when read, 1 when the file does not
 * exist (c untouched; not an error), -1 after writing every problem as
 * "PATH:LINE:COL: what is wrong; what is expected" to err (may be NULL); c is then untouched
 * too, so a caller may go on with the defaults. An empty file, or one of only comments, is
 * read as no settings. The file must be (or a symbolic link to) a regular file of at most
 * CONFIG_MAX_BYTES. */
int config_load(const char *path, config *c, FILE *err);

/* The colour of a button cap by its name in the configuration (the Okabe-Ito palette, which
 * stays apart for the colour-blind, plus white and grey): 0 with rgb filled, -1 for a name
 * that is not one of them (rgb untouched). */
int config_colour_rgb(const char *name, unsigned char rgb[3]);

#endif
