/* frame.c — the list of boxes one screen is made of (see frame.h). */
#include "frame.h"

#include <math.h>
#include <string.h>

void frame_clear(frame *f, int w, int h)
{
    f->w = w;
    f->h = h;
    f->n = 0;
    f->text_used = 0;
    f->full = false;
}

frame_item *frame_add(frame *f, item_kind kind, box b)
{
    static frame_item scratch;
    frame_item *it = &scratch;
    if (f->n < FRAME_MAX_ITEMS)
        it = &f->items[f->n++];
    else
        f->full = true;
    memset(it, 0, sizeof(*it));
    it->kind = kind;
    it->b = b;
    it->text = "";
    return it;
}

const char *frame_str(frame *f, const char *s)
{
    size_t len = strlen(s);
    if (f->text_used + len + 1 > FRAME_TEXT_BYTES) {
        f->full = true;
        return "";
    }
    char *p = f->text + f->text_used;
    memcpy(p, s, len + 1);
    f->text_used += len + 1;
    return p;
}

const frame_item *frame_hit(const frame *f, int x, int y)
{
    for (size_t i = f->n; i-- > 0;) {
        const frame_item *it = &f->items[i];
        if (it->act != ACT_NONE && x >= it->b.x && x < it->b.x + it->b.w && y >= it->b.y &&
            y < it->b.y + it->b.h)
            return it;
    }
    return NULL;
}

void frame_copy(frame *dst, const frame *src)
{
    memcpy(dst, src, sizeof(*dst));
    for (size_t i = 0; i < dst->n; i++) {
        const char *t = src->items[i].text;
        if (t >= src->text && t < src->text + FRAME_TEXT_BYTES)
            dst->items[i].text = dst->text + (t - src->text); /* not into src's buffer */
    }
}

static bool item_equal(const frame_item *a, const frame_item *b)
{
    return a->kind == b->kind && !memcmp(&a->b, &b->b, sizeof(a->b)) &&
           !memcmp(&a->fg, &b->fg, sizeof(a->fg)) && !memcmp(&a->bg, &b->bg, sizeof(a->bg)) &&
           a->px == b->px && a->bold == b->bold && a->align == b->align && a->shape == b->shape &&
           a->value == b->value && a->max == b->max && a->act == b->act && a->arg == b->arg &&
           strcmp(a->text, b->text) == 0;
}

bool frame_equal(const frame *a, const frame *b)
{
    if (a->w != b->w || a->h != b->h || a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (!item_equal(&a->items[i], &b->items[i]))
            return false;
    return true;
}

static double channel(uint8_t c)
{
    double s = c / 255.0;
    return s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4);
}

static double luminance(rgb c)
{
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

double rgb_contrast(rgb a, rgb b)
{
    double la = luminance(a), lb = luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}
