/* render.c — frame items to pixels: rectangles, cached text lines, shapes, faces and the
 * countdown ring, drawn into a target texture and copied turned onto the panel. */
#include "render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { TEXT_CACHE = 384, SEGMENTS = 48 };

typedef struct cached {
    unsigned long hash, used;
    char *text;
    int px, bold;
    rgb fg;
    SDL_Texture *tex;
    int w, h;
} cached;

struct render {
    SDL_Renderer *ren;
    fonts *ft;
    int rotate;
    int out_w, out_h; /* the panel */
    int w, h;         /* the frame */
    SDL_Texture *target;
    cached cache[TEXT_CACHE];
    unsigned long clock, made;
};

render *render_new(SDL_Renderer *ren, fonts *ft, int rotate, char *err, size_t errlen)
{
    render *r = SDL_calloc(1, sizeof(*r));
    if (!r) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    r->ren = ren;
    r->ft = ft;
    r->rotate = ((rotate % 360) + 360) % 360 / 90 * 90;
    SDL_GetRendererOutputSize(ren, &r->out_w, &r->out_h);
    bool swap = r->rotate == 90 || r->rotate == 270;
    r->w = swap ? r->out_h : r->out_w;
    r->h = swap ? r->out_w : r->out_h;
    r->target = SDL_CreateTexture(ren, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_TARGET, r->w, r->h);
    if (!r->target) {
        snprintf(err, errlen, "cannot make a %dx%d drawing texture: %s", r->w, r->h, SDL_GetError());
        SDL_free(r);
        return NULL;
    }
    return r;
}

void render_free(render *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < TEXT_CACHE; i++) {
        if (r->cache[i].tex)
            SDL_DestroyTexture(r->cache[i].tex);
        SDL_free(r->cache[i].text);
    }
    SDL_DestroyTexture(r->target);
    SDL_free(r);
}

void render_logical_size(const render *r, int *w, int *h)
{
    *w = r->w;
    *h = r->h;
}

unsigned long render_textures_made(const render *r)
{
    return r->made;
}

void render_to_logical(const render *r, int x, int y, int *lx, int *ly)
{
    switch (r->rotate) {
    case 90: /* the frame's top is on the panel's right */
        *lx = y;
        *ly = r->out_w - 1 - x;
        break;
    case 180:
        *lx = r->out_w - 1 - x;
        *ly = r->out_h - 1 - y;
        break;
    case 270:
        *lx = r->out_h - 1 - y;
        *ly = x;
        break;
    default: *lx = x; *ly = y;
    }
}

/* --- text ----------------------------------------------------------------------------------- */

static unsigned long hash_line(const char *s, size_t len, int px, int bold, rgb c)
{
    unsigned long h = 1469598103934665603UL;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211UL;
    h = (h ^ (unsigned long)px) * 1099511628211UL;
    h = (h ^ (unsigned long)bold) * 1099511628211UL;
    return h ^ ((unsigned long)c.r << 16 | (unsigned long)c.g << 8 | c.b);
}

static cached *line_texture(render *r, const char *s, size_t len, int px, int bold, rgb fg)
{
    unsigned long h = hash_line(s, len, px, bold, fg);
    cached *oldest = &r->cache[0];
    for (size_t i = 0; i < TEXT_CACHE; i++) {
        cached *c = &r->cache[i];
        if (c->tex && c->hash == h && c->px == px && c->bold == bold && strlen(c->text) == len &&
            !memcmp(c->text, s, len)) {
            c->used = ++r->clock;
            return c;
        }
        if (c->used < oldest->used)
            oldest = c;
    }
    TTF_Font *font = fonts_get(r->ft, px, bold);
    if (!font)
        return NULL;
    char *copy = SDL_malloc(len + 1);
    if (!copy)
        return NULL;
    memcpy(copy, s, len);
    copy[len] = '\0';
    SDL_Surface *surf = TTF_RenderUTF8_Blended(font, copy, (SDL_Color){fg.r, fg.g, fg.b, 255});
    SDL_Texture *tex = surf ? SDL_CreateTextureFromSurface(r->ren, surf) : NULL;
    if (!tex) {
        if (surf)
            SDL_FreeSurface(surf);
        SDL_free(copy);
        return NULL;
    }
    if (oldest->tex)
        SDL_DestroyTexture(oldest->tex);
    SDL_free(oldest->text);
    *oldest = (cached){.hash = h,
                       .used = ++r->clock,
                       .text = copy,
                       .px = px,
                       .bold = bold,
                       .fg = fg,
                       .tex = tex,
                       .w = surf->w,
                       .h = surf->h};
    SDL_FreeSurface(surf);
    r->made++;
    return oldest;
}

static void draw_text(render *r, const frame_item *it)
{
    int skip = fonts_line_height(r->ft, it->px, it->bold);
    int y = it->b.y;
    const char *s = it->text;
    while (*s || s == it->text) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        if (len > 0) {
            cached *c = line_texture(r, s, len, it->px, it->bold, it->fg);
            if (c) {
                int x = it->b.x;
                if (it->align == ALIGN_CENTER)
                    x += (it->b.w - c->w) / 2;
                else if (it->align == ALIGN_RIGHT)
                    x += it->b.w - c->w;
                SDL_RenderCopy(r->ren, c->tex, NULL, &(SDL_Rect){x, y, c->w, c->h});
            }
        }
        y += skip;
        if (!nl)
            break;
        s = nl + 1;
    }
}

/* --- shapes --------------------------------------------------------------------------------- */

static SDL_Color col(rgb c)
{
    return (SDL_Color){c.r, c.g, c.b, 255};
}

/* A convex or star-shaped polygon around (cx, cy), as a triangle fan. One call per
 * triangle: SDL's software renderer takes two triangles in one call that share a
 * right angle for a rectangle, and a diamond would come out as two squares. */
static void fan(render *r, float cx, float cy, const float *xs, const float *ys, int n, rgb c)
{
    for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        SDL_Vertex v[3] = {
            {{cx, cy}, col(c), {0, 0}}, {{xs[i], ys[i]}, col(c), {0, 0}}, {{xs[j], ys[j]}, col(c), {0, 0}}};
        SDL_RenderGeometry(r->ren, NULL, v, 3, NULL, 0);
    }
}

static void polygon(render *r, float cx, float cy, float rad, int sides, float turn, rgb c)
{
    float xs[SEGMENTS], ys[SEGMENTS];
    for (int i = 0; i < sides; i++) {
        float a = turn + (float)(2 * M_PI) * (float)i / (float)sides;
        xs[i] = cx + rad * cosf(a);
        ys[i] = cy + rad * sinf(a);
    }
    fan(r, cx, cy, xs, ys, sides, c);
}

static void star(render *r, float cx, float cy, float rad, rgb c)
{
    float xs[10], ys[10];
    for (int i = 0; i < 10; i++) {
        float a = (float)(-M_PI / 2) + (float)M_PI * (float)i / 5.0f;
        float d = i % 2 ? rad * 0.45f : rad;
        xs[i] = cx + d * cosf(a);
        ys[i] = cy + d * sinf(a);
    }
    fan(r, cx, cy, xs, ys, 10, c);
}

static void draw_shape(render *r, const frame_item *it)
{
    float cx = (float)it->b.x + (float)it->b.w / 2, cy = (float)it->b.y + (float)it->b.h / 2;
    float rad = (float)(it->b.w < it->b.h ? it->b.w : it->b.h) / 2;
    switch (it->shape) {
    case SHAPE_CIRCLE: polygon(r, cx, cy, rad, SEGMENTS, 0, it->fg); break;
    case SHAPE_SQUARE: polygon(r, cx, cy, rad * 1.2f, 4, (float)M_PI / 4, it->fg); break;
    case SHAPE_TRIANGLE: polygon(r, cx, cy + rad * 0.15f, rad * 1.1f, 3, (float)-M_PI / 2, it->fg); break;
    case SHAPE_DIAMOND: polygon(r, cx, cy, rad, 4, 0, it->fg); break;
    case SHAPE_STAR: star(r, cx, cy, rad * 1.1f, it->fg); break;
    case SHAPE_HEXAGON: polygon(r, cx, cy, rad, 6, 0, it->fg); break;
    case SHAPE_COUNT: break;
    }
}

/* A band from angle a0 to a1 (radians, clockwise from the top) between radii r0 and r1. */
static void arc(render *r, float cx, float cy, float r0, float r1, float a0, float a1, rgb c)
{
    SDL_Vertex v[6 * SEGMENTS * 2];
    int k = 0, steps = SEGMENTS * 2;
    for (int i = 0; i < steps; i++) {
        float t0 = a0 + (a1 - a0) * (float)i / (float)steps,
              t1 = a0 + (a1 - a0) * (float)(i + 1) / (float)steps;
        float s0 = sinf(t0), c0 = -cosf(t0), s1 = sinf(t1), c1 = -cosf(t1);
        SDL_FPoint p[4] = {{cx + r0 * s0, cy + r0 * c0},
                           {cx + r1 * s0, cy + r1 * c0},
                           {cx + r1 * s1, cy + r1 * c1},
                           {cx + r0 * s1, cy + r0 * c1}};
        int idx[6] = {0, 1, 2, 0, 2, 3};
        for (int j = 0; j < 6; j++)
            v[k++] = (SDL_Vertex){p[idx[j]], col(c), {0, 0}};
    }
    SDL_RenderGeometry(r->ren, NULL, v, k, NULL, 0);
}

static void draw_ring(render *r, const frame_item *it)
{
    float cx = (float)it->b.x + (float)it->b.w / 2, cy = (float)it->b.y + (float)it->b.h / 2;
    float rad = (float)(it->b.w < it->b.h ? it->b.w : it->b.h) / 2;
    float left = it->max > 0 ? (float)it->value / (float)it->max : 0;
    arc(r, cx, cy, rad * 0.8f, rad, 0, (float)(2 * M_PI), it->bg);
    if (left > 0)
        arc(r, cx, cy, rad * 0.8f, rad, 0, (float)(2 * M_PI) * left, it->fg);
}

static void draw_face(render *r, const frame_item *it)
{
    float cx = (float)it->b.x + (float)it->b.w / 2, cy = (float)it->b.y + (float)it->b.h / 2;
    float rad = (float)(it->b.w < it->b.h ? it->b.w : it->b.h) / 2;
    polygon(r, cx, cy, rad, SEGMENTS, 0, it->bg);
    polygon(r, cx - rad * 0.35f, cy - rad * 0.25f, rad * 0.11f, 16, 0, it->fg);
    polygon(r, cx + rad * 0.35f, cy - rad * 0.25f, rad * 0.11f, 16, 0, it->fg);
    /* the mouth: from a frown (1) through a line (3) to a wide smile (5) */
    float bend = ((float)it->value - 3.0f) / 2.0f; /* -1 .. 1 */
    float my = cy + rad * 0.35f - bend * rad * 0.08f;
    if (fabsf(bend) < 0.01f) {
        SDL_Rect m = {(int)(cx - rad * 0.4f), (int)(my - rad * 0.05f), (int)(rad * 0.8f), (int)(rad * 0.1f)};
        SDL_SetRenderDrawColor(r->ren, it->fg.r, it->fg.g, it->fg.b, 255);
        SDL_RenderFillRect(r->ren, &m);
        return;
    }
    float curve = rad * 0.45f / fabsf(bend);
    float half = asinf(fminf(1.0f, rad * 0.42f / curve));
    if (bend > 0) /* a smile: the lower part of a circle centred above */
        arc(r, cx, my - curve, curve - rad * 0.05f, curve + rad * 0.05f, (float)M_PI - half,
            (float)M_PI + half, it->fg);
    else /* a frown: the upper part of a circle centred below */
        arc(r, cx, my + curve, curve - rad * 0.05f, curve + rad * 0.05f, -half, half, it->fg);
}

void render_frame(render *r, const frame *f, bool present)
{
    SDL_SetRenderTarget(r->ren, r->target);
    for (size_t i = 0; i < f->n; i++) {
        const frame_item *it = &f->items[i];
        SDL_Rect b = {it->b.x, it->b.y, it->b.w, it->b.h};
        switch (it->kind) {
        case ITEM_FILL:
            SDL_SetRenderDrawColor(r->ren, it->fg.r, it->fg.g, it->fg.b, 255);
            SDL_RenderFillRect(r->ren, &b);
            break;
        case ITEM_FRAME:
            SDL_SetRenderDrawColor(r->ren, it->fg.r, it->fg.g, it->fg.b, 255);
            SDL_RenderDrawRect(r->ren, &b);
            SDL_RenderDrawRect(r->ren, &(SDL_Rect){b.x + 1, b.y + 1, b.w - 2, b.h - 2});
            break;
        case ITEM_TEXT: draw_text(r, it); break;
        case ITEM_SHAPE: draw_shape(r, it); break;
        case ITEM_FACE: draw_face(r, it); break;
        case ITEM_RING: draw_ring(r, it); break;
        }
    }
    SDL_SetRenderTarget(r->ren, NULL);
    SDL_SetRenderDrawColor(r->ren, 0, 0, 0, 255);
    SDL_RenderClear(r->ren);
    SDL_Rect dst = {(r->out_w - r->w) / 2, (r->out_h - r->h) / 2, r->w, r->h};
    SDL_RenderCopyEx(r->ren, r->target, NULL, &dst, r->rotate, NULL, SDL_FLIP_NONE);
    if (present)
        SDL_RenderPresent(r->ren);
}

SDL_Surface *render_read(render *r)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, r->w, r->h, 24, SDL_PIXELFORMAT_RGB24);
    if (!s)
        return NULL;
    SDL_SetRenderTarget(r->ren, r->target);
    int rc = SDL_RenderReadPixels(r->ren, NULL, SDL_PIXELFORMAT_RGB24, s->pixels, s->pitch);
    SDL_SetRenderTarget(r->ren, NULL);
    if (rc < 0) {
        SDL_FreeSurface(s);
        return NULL;
    }
    return s;
}
