/* config.h — the one configuration file, /etc/oogst/oogst.yaml: what the box is set to
 * (language, facilitator PIN, panel rotation, where the session scripts are), read and
 * checked like the session scripts, every problem reported with its line and column. */
#ifndef OOGST_CONFIG_H
#define OOGST_CONFIG_H

#include <stdio.h>

enum {
    CONFIG_PIN_MAX = 8,
    CONFIG_PIN_MIN = 4,
    CONFIG_MAX_BYTES = 64 * 1024, /* a configuration is a few lines; larger files are refused unread */
};

#define CONFIG_PATH "/etc/oogst/oogst.yaml"

typedef struct config {
    char language[3];             /* "nl" (default) or "en": the screens' language */
    char pin[CONFIG_PIN_MAX + 1]; /* facilitator PIN, 4–8 digits; default "" = no menu PIN set: the menu
                                     shows a notice that it must be set, and accepts "0000" */
    int rotate;                   /* 0 (default), 90, 180, 270: how the panel is mounted */
    char content_dir[1024];       /* where the session scripts are; default OOGST_DATADIR "/content" */
    char script[1024]; /* the session to start with, a path relative to content_dir or absolute; default
                          "nl/demo.yaml" */
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

#endif
