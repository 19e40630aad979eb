/* shots.c — screenshots and the fit check (see shots.h). */
#include "shots.h"

#include <SDL.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "content/content.h"
#include "i18n/i18n.h"
#include "view/fonts.h"
#include "view/frame.h"
#include "view/preview.h"
#include "view/render.h"
#include "view/screens.h"

/* --- PNG ------------------------------------------------------------------------------------ */

static void be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static int chunk(FILE *f, const char *type, const unsigned char *data, uint32_t len)
{
    unsigned char head[8];
    be32(head, len);
    memcpy(head + 4, type, 4);
    uLong crc = crc32(0, (const Bytef *)type, 4);
    if (len)
        crc = crc32(crc, data, len);
    unsigned char tail[4];
    be32(tail, (uint32_t)crc);
    return fwrite(head, 1, 8, f) == 8 && (len == 0 || fwrite(data, 1, len, f) == len) &&
                   fwrite(tail, 1, 4, f) == 4
               ? 0
               : -1;
}

int shots_write_png(const char *path, const unsigned char *pixels, int w, int h, int pitch)
{
    size_t row = (size_t)w * 3 + 1, raw_len = row * (size_t)h;
    unsigned char *raw = malloc(raw_len);
    uLongf packed_len = compressBound((uLong)raw_len);
    unsigned char *packed = malloc(packed_len);
    int rc = -1;
    FILE *f = NULL;
    if (!raw || !packed)
        goto out;
    for (int y = 0; y < h; y++) {
        raw[(size_t)y * row] = 0; /* filter: none */
        memcpy(raw + (size_t)y * row + 1, pixels + (size_t)y * (size_t)pitch, (size_t)w * 3);
    }
    if (compress2(packed, &packed_len, raw, (uLong)raw_len, 9) != Z_OK)
        goto out;
    f = fopen(path, "wbx");
    if (!f && errno == EEXIST) {
        unlink(path);
        f = fopen(path, "wbx");
    }
    if (!f)
        goto out;
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    unsigned char ihdr[13];
    be32(ihdr, (uint32_t)w);
    be32(ihdr + 4, (uint32_t)h);
    ihdr[8] = 8; /* bits per channel */
    ihdr[9] = 2; /* RGB */
    ihdr[10] = ihdr[11] = ihdr[12] = 0;
    if (fwrite(sig, 1, 8, f) == 8 && chunk(f, "IHDR", ihdr, 13) == 0 &&
        chunk(f, "IDAT", packed, (uint32_t)packed_len) == 0 && chunk(f, "IEND", NULL, 0) == 0)
        rc = 0;
out:
    if (f && fclose(f) != 0)
        rc = -1;
    free(raw);
    free(packed);
    return rc;
}

/* --- screenshots ----------------------------------------------------------------------------- */

typedef struct shooter {
    const char *dir;
    fonts *ft;
    render *rd;
    frame f;
    int w, h;
    int count;
    FILE *err;
} shooter;

static int shoot(void *ctx, const ui_model *m, const char *name, const step *st)
{
    (void)st;
    shooter *s = ctx;
    frame_clear(&s->f, s->w, s->h);
    screens_build(&s->f, s->ft, m);
    render_frame(s->rd, &s->f, false);
    SDL_Surface *img = render_read(s->rd);
    if (!img) {
        fprintf(s->err, "oogst: cannot read the drawn screen %s: %s\n", name, SDL_GetError());
        return 2;
    }
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s.png", s->dir, name);
    int rc = shots_write_png(path, img->pixels, img->w, img->h, img->pitch);
    SDL_FreeSurface(img);
    if (rc < 0) {
        fprintf(s->err, "oogst: cannot write %s: %s\n", path, strerror(errno));
        return 2;
    }
    s->count++;
    return 0;
}

int shots_main(const char *script_path, const char *dir, const shots_opts *o, FILE *err)
{
    script *s = content_load(script_path, err);
    if (!s)
        return 1;
    i18n_set_language(s->language); /* the screens speak the script's language, as in the room */
    if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
        fprintf(err, "oogst: cannot make %s: %s\n", dir, strerror(errno));
        script_free(s);
        return 2;
    }
    int status = 2;
    SDL_Window *win = NULL;
    SDL_Renderer *ren = NULL;
    shooter sh = {.dir = dir, .err = err};
    SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy"); /* no display needed, none used */
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    char msg[512];
    int w = o->width > 0 ? o->width : 800, h = o->height > 0 ? o->height : 480;
    if (SDL_Init(SDL_INIT_VIDEO) < 0 || !(win = SDL_CreateWindow("Oogst", 0, 0, w, h, SDL_WINDOW_HIDDEN)) ||
        !(ren = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE | SDL_RENDERER_TARGETTEXTURE))) {
        fprintf(err, "oogst: cannot draw without a display: %s\n", SDL_GetError());
        goto out;
    }
    sh.ft = fonts_open(o->font, o->font_bold, msg, sizeof(msg));
    sh.rd = sh.ft ? render_new(ren, sh.ft, o->rotate, msg, sizeof(msg)) : NULL;
    if (!sh.rd) {
        fprintf(err, "oogst: %s\n", msg);
        goto out;
    }
    render_logical_size(sh.rd, &sh.w, &sh.h);
    int rc = preview_each(s, shoot, &sh);
    if (rc == 0) {
        printf("%d screens of %s written to %s\n", sh.count, script_path, dir);
        status = 0;
    }
out:
    render_free(sh.rd);
    fonts_close(sh.ft);
    if (ren)
        SDL_DestroyRenderer(ren);
    if (win)
        SDL_DestroyWindow(win);
    SDL_Quit();
    script_free(s);
    return status;
}

/* --- the fit check --------------------------------------------------------------------------- */

typedef struct fitter {
    const script *s;
    fonts *ft;
    frame f;
    int w, h;
    int problems;
    FILE *err;
} fitter;

static int fit_one(void *ctx, const ui_model *m, const char *name, const step *st)
{
    fitter *c = ctx;
    if (!st)
        return 0; /* the menu's own texts are checked by the layout tests */
    frame_clear(&c->f, c->w, c->h);
    screens_build(&c->f, c->ft, m);
    for (size_t i = 0; i < c->f.n; i++) {
        const frame_item *it = &c->f.items[i];
        if (it->kind != ITEM_TEXT || !it->overflow)
            continue;
        char start[48];
        snprintf(start, sizeof(start), "%.40s", it->text);
        for (char *p = start; *p; p++)
            if (*p == '\n')
                *p = ' ';
        fprintf(c->err,
                "%s:%u:%u: text on screen %s does not fit a %dx%d screen even at %d px ('%s…'); expected "
                "a shorter text\n",
                c->s->path, st->line, st->column, name, c->w, c->h, it->px, start);
        c->problems++;
    }
    return 0;
}

int shots_check_fit(const script *s, const shots_opts *o, FILE *err)
{
    char msg[512];
    static fitter c; /* a frame is large */
    memset(&c, 0, sizeof(c));
    c.s = s;
    c.err = err;
    bool swap = o->rotate == 90 || o->rotate == 270;
    int w = o->width > 0 ? o->width : 800, h = o->height > 0 ? o->height : 480;
    c.w = swap ? h : w;
    c.h = swap ? w : h;
    c.ft = fonts_open(o->font, o->font_bold, msg, sizeof(msg));
    if (!c.ft) {
        fprintf(err, "oogst: %s\n", msg);
        return -1;
    }
    preview_each(s, fit_one, &c);
    fonts_close(c.ft);
    return c.problems ? 1 : 0;
}
