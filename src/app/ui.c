/* ui.c — the window's event loop. Inputs become engine events; the engine's effects
 * go to the store; the store's commits come back as SDL events (from its writer
 * thread) and only then does the screen say "geteld". */
#include "ui.h"

#include <SDL.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/run.h"
#include "content/content.h"
#include "sound/sound.h"
#include "store/store.h"
#include "view/view.h"

enum { ACK_SHOW_MS = 1500 };

static Uint32 ack_event = (Uint32)-1;

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* On the store's writer thread: hand the ack to the main thread. */
static void post_ack(void *ctx, const store_ack *ack)
{
    (void)ctx;
    if (!ack->counted && ack->button == 0)
        return; /* a command key: nothing to acknowledge to the room */
    SDL_Event ev;
    SDL_zero(ev);
    ev.type = ack_event;
    ev.user.code = ack->counted ? ack->button : -ack->button;
    ev.user.data1 = NULL;
    SDL_PushEvent(&ev);
}

/* The engine's name for an SDL key, or NULL for keys that mean nothing here. */
static const char *key_name(SDL_Keycode k)
{
    switch (k) {
    case SDLK_1: return "1";
    case SDLK_2: return "2";
    case SDLK_3: return "3";
    case SDLK_4: return "4";
    case SDLK_5: return "5";
    case SDLK_6: return "6";
    case SDLK_n: return "n";
    case SDLK_b: return "b";
    case SDLK_e: return "e";
    case SDLK_SPACE: return "space";
    case SDLK_ESCAPE: return "escape";
    case SDLK_RIGHT: return "right";
    case SDLK_LEFT: return "left";
    case SDLK_PAGEDOWN: return "pagedown";
    case SDLK_PAGEUP: return "pageup";
    case SDLK_PLUS:
    case SDLK_KP_PLUS: return "+";
    default: return NULL;
    }
}

typedef struct ui {
    store *st;
    script *s;
    view *v;
    run r;
    bool started;
    view_status vs;
    int64_t ack_until;
    store_session interrupted;
    sound *snd;
} ui;

static void on_chime(void *ctx, chime c)
{
    ui *u = ctx;
    sound_play(u->snd, c);
}

static int start_session(ui *u, bool resume)
{
    int rc = resume ? run_resume(&u->r, u->st, u->s, &u->interrupted, mono_ms(), wall_ms())
                    : run_start(&u->r, u->st, u->s, mono_ms(), wall_ms());
    u->started = rc == 0;
    u->vs.mode = VIEW_SESSION;
    return rc;
}

static void handle(ui *u, const SDL_Event *ev, bool *quit)
{
    int64_t now = mono_ms(), wall = wall_ms();
    if (ev->type == SDL_QUIT) {
        *quit = true;
    } else if (ev->type == ack_event) {
        u->vs.ack = ev->user.code > 0 ? 1 : -1;
        u->vs.ack_button = ev->user.code > 0 ? ev->user.code : -ev->user.code;
        u->ack_until = now + ACK_SHOW_MS;
    } else if (u->vs.mode == VIEW_RESUME_ASK) {
        if (ev->type != SDL_KEYDOWN)
            return;
        SDL_Keycode k = ev->key.keysym.sym;
        if (k == SDLK_j || k == SDLK_y)
            start_session(u, true);
        else if (k == SDLK_n)
            start_session(u, false);
        else if (k == SDLK_ESCAPE)
            *quit = true;
    } else if (ev->type == SDL_KEYDOWN && !ev->key.repeat) {
        const char *name = key_name(ev->key.keysym.sym);
        if (name) {
            engine_event e = {.type = EV_KEY, .name = name};
            run_event(&u->r, &e, now, wall);
        }
    } else if (ev->type == SDL_MOUSEBUTTONDOWN && ev->button.which != SDL_TOUCH_MOUSEID) {
        int opt = view_option_at(u->v, ev->button.x, ev->button.y);
        if (opt) {
            engine_event e = {.type = EV_CHOOSE, .n = opt};
            run_event(&u->r, &e, now, wall);
        }
    } else if (ev->type == SDL_FINGERDOWN) {
        int w, h;
        view_size(u->v, &w, &h);
        int opt = view_option_at(u->v, (int)(ev->tfinger.x * (float)w), (int)(ev->tfinger.y * (float)h));
        if (opt) {
            engine_event e = {.type = EV_CHOOSE, .n = opt};
            run_event(&u->r, &e, now, wall);
        }
    }
}

int ui_main(const ui_opts *o)
{
    ui u;
    memset(&u, 0, sizeof(u));
    int status = 1;
    u.s = content_load(o->script_path, stderr);
    if (!u.s)
        return 1;
    u.vs.language = u.s->language;
    if (SDL_Init(SDL_INIT_EVENTS) < 0) {
        fprintf(stderr, "oogst: %s\n", SDL_GetError());
        goto out;
    }
    ack_event = SDL_RegisterEvents(1);
    char msg[512];
    u.st = store_open(o->data_dir, post_ack, NULL, msg, sizeof(msg));
    if (!u.st) {
        fprintf(stderr, "oogst: %s\n", msg);
        goto out;
    }
    view_opts vo = {.width = o->width, .height = o->height, .fullscreen = o->fullscreen, .font = o->font};
    u.v = view_open(&vo, msg, sizeof(msg));
    if (!u.v) {
        fprintf(stderr, "oogst: %s\n", msg);
        goto out;
    }
    u.snd = sound_open();
    u.r.on_chime = on_chime;
    u.r.ctx = &u;
    int found = store_find_interrupted(u.st, &u.interrupted);
    if (found > 0 && strcmp(u.interrupted.script_id, u.s->id) == 0 &&
        u.interrupted.script_version == u.s->version) {
        u.vs.mode = VIEW_RESUME_ASK;
        u.vs.resume_step = u.interrupted.step;
    } else if (start_session(&u, false) < 0) {
        fprintf(stderr, "oogst: out of memory\n");
        goto out;
    }

    bool quit = false, dirty = true;
    while (!quit && !u.r.quit) {
        int64_t now = mono_ms();
        if (u.started && u.r.deadline_ms >= 0 && now >= u.r.deadline_ms) {
            run_tick(&u.r, now, wall_ms());
            dirty = true;
        }
        if (u.vs.ack && now >= u.ack_until) {
            u.vs.ack = 0;
            dirty = true;
        }
        if (dirty) {
            char e[8];
            u.vs.store_error = store_last_error(u.st, e, sizeof(e))[0] != '\0';
            view_draw(u.v, u.started ? u.r.e : NULL, now, &u.vs);
            dirty = false;
        }
        /* Sleep until an input, the next deadline, the end of the "geteld" line, or the
         * next second of a running countdown. */
        int64_t wake = now + 60000;
        if (u.started && u.r.deadline_ms >= 0 && u.r.deadline_ms < wake)
            wake = u.r.deadline_ms;
        if (u.vs.ack && u.ack_until < wake)
            wake = u.ack_until;
        if (u.started && engine_remaining_ms(u.r.e, now) > 0 && !engine_paused(u.r.e)) {
            int64_t part = engine_remaining_ms(u.r.e, now) % 1000;
            int64_t next_second = now + (part ? part : 1000);
            if (next_second < wake)
                wake = next_second;
        }
        SDL_Event ev;
        int timeout = (int)(wake > now ? wake - now : 0);
        if (SDL_WaitEventTimeout(&ev, timeout)) {
            do {
                handle(&u, &ev, &quit);
            } while (SDL_PollEvent(&ev));
        }
        dirty = true;
    }
    status = 0;
out:
    run_stop(&u.r);
    store_close(u.st);
    view_close(u.v);
    sound_close(u.snd);
    script_free(u.s);
    SDL_Quit();
    return status;
}
