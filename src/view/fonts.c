/* fonts.c — TTF fonts per size, and word wrapping that never leaves its box. */
#include "fonts.h"

#include <stdio.h>
#include <string.h>

enum { MIN_PX = 6, MAX_PX = 400, CACHE = 96 };

struct fonts {
    char *path[2];
    struct {
        int px;
        bool bold;
        TTF_Font *font;
    } cache[CACHE];
    size_t n;
    TTF_Font *scratch[2]; /* when the cache is full: one font per weight, resized */
};

fonts *fonts_open(const char *regular, const char *bold, char *err, size_t errlen)
{
    if (!TTF_WasInit() && TTF_Init() < 0) {
        snprintf(err, errlen, "cannot start SDL_ttf: %s", TTF_GetError());
        return NULL;
    }
    fonts *f = SDL_calloc(1, sizeof(*f));
    if (!f) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    f->path[0] = SDL_strdup(regular);
    f->path[1] = SDL_strdup(bold && *bold ? bold : regular);
    if (!f->path[0] || !f->path[1] || !fonts_get(f, 20, false)) {
        snprintf(err, errlen, "cannot load the font %s: %s", regular, TTF_GetError());
        fonts_close(f);
        return NULL;
    }
    if (!fonts_get(f, 20, true)) { /* a missing bold face is not fatal: use the regular one */
        SDL_free(f->path[1]);
        f->path[1] = SDL_strdup(regular);
    }
    return f;
}

void fonts_close(fonts *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++)
        TTF_CloseFont(f->cache[i].font);
    for (int i = 0; i < 2; i++)
        if (f->scratch[i])
            TTF_CloseFont(f->scratch[i]);
    SDL_free(f->path[0]);
    SDL_free(f->path[1]);
    SDL_free(f);
}

TTF_Font *fonts_get(fonts *f, int px, bool bold)
{
    px = px < MIN_PX ? MIN_PX : px > MAX_PX ? MAX_PX : px;
    for (size_t i = 0; i < f->n; i++)
        if (f->cache[i].px == px && f->cache[i].bold == bold)
            return f->cache[i].font;
    if (f->n == CACHE) {
        /* Sizes once used stay open (a pointer handed out stays valid); past that,
         * one font per weight is resized for each call. */
        if (!f->scratch[bold])
            f->scratch[bold] = TTF_OpenFont(f->path[bold], px);
        if (f->scratch[bold])
            TTF_SetFontSize(f->scratch[bold], px);
        return f->scratch[bold];
    }
    TTF_Font *font = TTF_OpenFont(f->path[bold], px);
    if (!font)
        return NULL;
    f->cache[f->n].px = px;
    f->cache[f->n].bold = bold;
    f->cache[f->n].font = font;
    f->n++;
    return font;
}

int fonts_line_height(fonts *f, int px, bool bold)
{
    TTF_Font *font = fonts_get(f, px, bold);
    return font ? TTF_FontLineSkip(font) : px;
}

int fonts_width(fonts *f, const char *text, int px, bool bold)
{
    TTF_Font *font = fonts_get(f, px, bold);
    int w = 0, h = 0;
    if (!font || !*text || TTF_SizeUTF8(font, text, &w, &h) < 0)
        return 0;
    return w;
}

/* Width of s[0..len) at font. */
static int span_width(TTF_Font *font, const char *s, size_t len)
{
    char buf[1024];
    if (len >= sizeof(buf))
        len = sizeof(buf) - 1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    int w = 0, h = 0;
    if (len == 0 || TTF_SizeUTF8(font, buf, &w, &h) < 0)
        return 0;
    return w;
}

static size_t utf8_next(const char *s, size_t i, size_t len)
{
    i++;
    while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
        i++;
    return i;
}

/* Appends s[0..len) to out at *o (always NUL-terminated, cut at outlen). */
static void put(char *out, size_t outlen, size_t *o, const char *s, size_t len)
{
    if (*o >= outlen)
        return;
    if (len > outlen - *o - 1)
        len = outlen - *o - 1;
    memcpy(out + *o, s, len);
    *o += len;
    out[*o] = '\0';
}

/* As fonts_wrap; *broken tells whether a word had to be split. */
static int wrap(fonts *f, const char *text, int px, bool bold, int width, char *out, size_t outlen,
                int *w_out, int *lines_out, bool *broken)
{
    TTF_Font *font = fonts_get(f, px, bold);
    size_t o = 0;
    int lines = 0, widest = 0;
    if (outlen)
        out[0] = '\0';
    if (!font || !text) {
        *w_out = 0;
        *lines_out = 0;
        return 0;
    }
    size_t len = strlen(text), i = 0;
    while (i <= len) {
        /* one paragraph: up to '\n' or the end */
        size_t end = i;
        while (end < len && text[end] != '\n')
            end++;
        size_t line_start = i;
        bool any = false;
        while (line_start < end || !any) {
            any = true;
            /* grow the line word by word */
            size_t j = line_start, fit_end = line_start;
            while (j < end) {
                size_t k = j;
                while (k < end && text[k] == ' ')
                    k++;
                while (k < end && text[k] != ' ')
                    k++;
                if (span_width(font, text + line_start, k - line_start) > width)
                    break;
                fit_end = k;
                j = k;
            }
            if (fit_end == line_start && line_start < end) {
                /* one word wider than the box: break it between characters */
                *broken = true;
                size_t k = utf8_next(text, line_start, end);
                fit_end = k;
                while (k < end && text[k] != ' ') {
                    size_t n = utf8_next(text, k, end);
                    if (span_width(font, text + line_start, n - line_start) > width)
                        break;
                    fit_end = k = n;
                }
            }
            if (lines > 0)
                put(out, outlen, &o, "\n", 1);
            put(out, outlen, &o, text + line_start, fit_end - line_start);
            int lw = span_width(font, text + line_start, fit_end - line_start);
            widest = lw > widest ? lw : widest;
            lines++;
            line_start = fit_end;
            while (line_start < end && text[line_start] == ' ')
                line_start++;
            if (line_start >= end)
                break;
        }
        i = end + 1;
    }
    *w_out = widest;
    *lines_out = lines;
    return lines * TTF_FontLineSkip(font);
}

int fonts_wrap(fonts *f, const char *text, int px, bool bold, int width, char *out, size_t outlen, int *w_out,
               int *lines_out)
{
    bool broken = false;
    return wrap(f, text, px, bold, width, out, outlen, w_out, lines_out, &broken);
}

fit fonts_fit(fonts *f, const char *text, int px, int min_px, bool bold, int w, int h, char *out,
              size_t outlen)
{
    fit r = {0};
    if (min_px > px)
        min_px = px;
    /* The largest size at which the text fits without splitting a word; at the floor a
     * split word is accepted, an overflow is not. */
    for (int size = px;; size -= size > 40 ? 4 : size > 20 ? 2 : 1) {
        if (size < min_px)
            size = min_px; /* the floor itself is always tried */
        bool broken = false;
        r.h = wrap(f, text, size, bold, w, out, outlen, &r.w, &r.lines, &broken);
        r.px = size;
        if (r.h <= h && r.w <= w && (!broken || size == min_px)) {
            r.shrunk = size < px;
            return r;
        }
        if (size == min_px)
            break;
    }
    r.shrunk = min_px < px;
    r.overflow = true;
    return r;
}
