/* shots.h — every screen of a script drawn without a display: PNG screenshots, and the
 * check that every text fits a given screen size. */
#ifndef OOGST_SHOTS_H
#define OOGST_SHOTS_H

#include <stdio.h>

#include "core/script.h"

typedef struct shots_opts {
    int width, height; /* the panel; 0: 800x480 */
    int rotate;        /* 0, 90, 180, 270 */
    const char *font, *font_bold;
} shots_opts;

/* Writes DIR/NAME.png for every screen of the script at path (see view/preview.h), with
 * the SDL dummy driver and the software renderer. Returns the exit status. */
int shots_main(const char *script_path, const char *dir, const shots_opts *o, FILE *err);

/* Reports every text of s that does not fit its box on a width x height screen even at
 * the smallest size, as "PATH:LINE:COL: ...; ...". 0 when all fit, 1 when not, -1 when
 * the fonts cannot be loaded. */
int shots_check_fit(const script *s, const shots_opts *o, FILE *err);

/* Writes an RGB24 image as a PNG file (zlib). 0, or -1 with errno. */
int shots_write_png(const char *path, const unsigned char *pixels, int w, int h, int pitch);

#endif
