/* frame.h — one screen as a list of boxes: built from the state by the screens, checked
 * by the layout tests, drawn by render.c. A frame holds no pointers into the state:
 * its texts are copied into its own buffer, so it can be kept and compared. */
#ifndef OOGST_FRAME_H
#define OOGST_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    FRAME_MAX_ITEMS = 256,
    FRAME_TEXT_BYTES = 32 * 1024,
    TOUCH_MIN_PX = 48, /* 48 px is 9.2 mm on the 800x480 Pi display */
};

typedef struct rgb {
    uint8_t r, g, b;
} rgb;

typedef struct box {
    int x, y, w, h;
} box;

typedef enum item_kind {
    ITEM_FILL,  /* a filled rectangle in fg */
    ITEM_TEXT,  /* wrapped text in fg on bg (bg is what lies behind it: for contrast) */
    ITEM_SHAPE, /* a button's shape in fg: .shape */
    ITEM_FACE,  /* a smiley for rating value .value (1..5) */
    ITEM_RING,  /* a countdown ring: .value of .max left */
    ITEM_FRAME, /* a rectangle outline in fg, 2 px (a focus or a key) */
} item_kind;

typedef enum shape {
    SHAPE_CIRCLE,
    SHAPE_SQUARE,
    SHAPE_TRIANGLE,
    SHAPE_DIAMOND,
    SHAPE_STAR,
    SHAPE_HEXAGON,
    SHAPE_COUNT
} shape;

typedef enum text_align { ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT } text_align;

/* What a tap on an item does; the UI decides what that means. */
typedef enum action {
    ACT_NONE,
    ACT_OPTION, /* .arg: option from 1 */
    ACT_KEY,    /* on-screen keyboard: .text is the key's text */
    ACT_BACKSPACE,
    ACT_SEND,
    ACT_MENU,   /* facilitator menu entry: .arg is a menu_item */
    ACT_PIN,    /* PIN pad: .arg is the digit, or -1 for clear */
    ACT_RESUME, /* .arg 1: resume, 0: new session */
    ACT_STICK,  /* "USB-stick gevonden": to the menu, to export */
} action;

typedef struct frame_item {
    item_kind kind;
    box b;
    rgb fg, bg;
    /* text */
    const char *text; /* in the frame's buffer, lines separated by '\n' after layout */
    int px;           /* font size chosen by the layout */
    int bold;
    text_align align;
    bool shrunk;   /* the text did not fit at its size and was made smaller */
    bool overflow; /* it did not fit even at the floor size */
    /* shape, face, ring */
    shape shape;
    int value, max;
    /* touch */
    action act;
    int arg;
} frame_item;

typedef struct frame {
    int w, h; /* logical size: the screen as the room sees it */
    frame_item items[FRAME_MAX_ITEMS];
    size_t n;
    char text[FRAME_TEXT_BYTES];
    size_t text_used;
    bool full; /* items or text did not fit in the frame: a bug, caught by tests */
} frame;

void frame_clear(frame *f, int w, int h);
/* Appends an item; returns it (zeroed but for kind and box), or a scratch item when full. */
frame_item *frame_add(frame *f, item_kind kind, box b);
/* Copies s into the frame's buffer. */
const char *frame_str(frame *f, const char *s);
/* The topmost item with an action under point x,y, or NULL. */
const frame_item *frame_hit(const frame *f, int x, int y);
/* Copies src into dst, its texts into dst's own buffer. */
void frame_copy(frame *dst, const frame *src);
/* True when the two frames would look the same. */
bool frame_equal(const frame *a, const frame *b);

/* WCAG contrast ratio of two colours (1..21). */
double rgb_contrast(rgb a, rgb b);

#endif
