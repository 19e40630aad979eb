/* fonts.h — the TTF fonts at the sizes the screens ask for, and text set into a box:
 * wrapped by words, made smaller down to a floor when it does not fit, and told so. */
#ifndef OOGST_FONTS_H
#define OOGST_FONTS_H

#include <SDL_ttf.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct fonts fonts;

/* Opens the regular and bold TTF files (loaded lazily per size). NULL + message on failure. */
fonts *fonts_open(const char *regular, const char *bold, char *err, size_t errlen);
void fonts_close(fonts *f);
/* The font at px (6..400) and weight; NULL when it cannot be loaded. Cached. */
TTF_Font *fonts_get(fonts *f, int px, bool bold);
int fonts_line_height(fonts *f, int px, bool bold);
/* Width of one line of UTF-8 text at px. */
int fonts_width(fonts *f, const char *text, int px, bool bold);

typedef struct fit {
    int px;   /* the size chosen */
    int w, h; /* the size of the wrapped text at px */
    int lines;
    bool shrunk;   /* smaller than asked */
    bool overflow; /* did not fit even at min_px */
} fit;

/* Wraps text by words into width at px, writing the lines joined by '\n' into out (a
 * word wider than the box is broken between characters). Returns the height. */
int fonts_wrap(fonts *f, const char *text, int px, bool bold, int width, char *out, size_t outlen, int *w,
               int *lines);
/* Sets text into a w x h box: at px if it fits, else at the largest size down to
 * min_px that fits; out holds the wrapped text at the chosen size. */
fit fonts_fit(fonts *f, const char *text, int px, int min_px, bool bold, int w, int h, char *out,
              size_t outlen);

#endif
