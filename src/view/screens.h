/* screens.h — every screen of Oogst as a frame, built from the state alone: the
 * engine's state, the menu's state, and a few things only the UI knows (what was just
 * acknowledged, the answer being typed). Building a frame changes nothing. */
#ifndef OOGST_SCREENS_H
#define OOGST_SCREENS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/engine.h"
#include "core/menu.h"
#include "view/fonts.h"
#include "view/frame.h"

enum { TREND_MAX = 8, TRENDS_MAX = 8 };

/* The mean of one rating question over the latest meetings of the series, oldest first. */
typedef struct view_trend {
    const char *question_id;
    size_t n;
    unsigned count[TREND_MAX];
    double mean[TREND_MAX];
} view_trend;

typedef enum view_mode {
    VIEW_SESSION,    /* a session is on (or has just ended) */
    VIEW_RESUME_ASK, /* "a session was interrupted: continue?" */
    VIEW_IDLE,       /* no session: the facilitator starts one from the menu */
} view_mode;

typedef struct ui_model {
    view_mode mode;
    const engine *e; /* VIEW_SESSION */
    int64_t now;
    size_t resume_step;
    int ack;        /* 1 counted, -1 not counted, 0 nothing to show */
    int ack_button; /* its button or option */
    bool banner_switch, banner_extend, store_error;
    const char *draft; /* the answer being typed on an open question */
    const view_trend *trends;
    size_t n_trends;
    const menu_state *menu; /* drawn over everything when open */
    const char *idle_title; /* VIEW_IDLE: the name of the box or the session to start */
    bool stick;             /* a USB stick is in: a line with an export button */
} ui_model;

/* Builds the screen for model m at the frame's size (frame_clear first). */
void screens_build(frame *f, fonts *ft, const ui_model *m);

/* The colour of option (from 1) and its button; 7-12, touch only: grey. By default the
 * Okabe-Ito colours; the config names the caps' real colours. */
rgb screens_button_colour(int option);
void screens_set_button_colour(int option, rgb colour);
/* The text a key of the on-screen keyboard types (the arg of its ACT_KEY item). */
const char *screens_key_text(int arg);

#endif
