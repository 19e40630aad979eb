/* preview.h — a session's screens without a room: every step (and every part of it)
 * in a state worth seeing, with sample answers, plus the resume question and the
 * facilitator menu's pages. For screenshots, layout tests and `--check --size`. */
#ifndef OOGST_PREVIEW_H
#define OOGST_PREVIEW_H

#include <stddef.h>

#include "core/script.h"
#include "view/screens.h"

/* Called once per screen: name is a file-name-safe label ("08-vote-closed"); st is the
 * step shown, or NULL for the menu and the resume question. A non-zero return stops. */
typedef int (*preview_fn)(void *ctx, const ui_model *m, const char *name, const step *st);

/* Walks all screens of s. Returns 0, the callback's value, or -1 when out of memory. */
int preview_each(const script *s, preview_fn fn, void *ctx);

#endif
