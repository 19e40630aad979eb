/* ui.c — the room's screen: one loop on the main thread that sleeps on file descriptors
 * (app/loop.h), turns SDL input into engine events and menu commands, carries out the
 * engine's effects through run.c, and draws a new frame only when it would look
 * different. The store's writer thread acknowledges inputs with an SDL event plus a
 * wake of the loop; only then does the screen say "geteld". */
#include "ui.h"

#include <SDL.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app/clock.h"
#include "app/loop.h"
#include "app/notify.h"
#include "app/run.h"
#include "config/config.h"
#include "content/content.h"
#include "core/buttons.h"
#include "core/leds.h"
#include "core/menu.h"
#include "export/export.h"
#include "gpio/gpio.h"
#include "i18n/i18n.h"
#include "sound/sound.h"
#include "store/store.h"
#include "usb/usb.h"
#include "view/fonts.h"
#include "view/render.h"
#include "view/screens.h"
#include "view/sdl_fds.h"

#ifndef OOGST_VERSION
#define OOGST_VERSION "0.2"
#endif

enum {
    ACK_SHOW_MS = 1500,
    SWITCH_BANNER_MS = 4000,
    EXTEND_BANNER_MS = 2000,
    EJECT_WAIT_MS = 10000,
    CORNER_PX = 80, /* the top-left square a 3-second press opens the menu from */
    DRAFT_BYTES = 4 * 500 + 8,
    MAX_SCRIPTS = MENU_MAX_SCRIPTS,
};

struct ui {
    const ui_opts *o;
    gpio *gp;                   /* the buttons, or NULL: the keys 1-6 stand in */
    buttons btn;                /* their debounce */
    leds lds;                   /* the flash of a committed vote */
    int leds_shown;             /* the LED mask last set; -1: not yet */
    uint8_t stuck;              /* buttons reported stuck (once each) */
    int gpio_fds[GPIO_MAX_FDS]; /* what the loop watches for them */
    int n_gpio_fds;
    usb *usb;            /* the place a USB stick appears, or NULL */
    usb_state stick;     /* what is there now */
    int64_t eject_until; /* an eject was asked: wait for the stick to go until then; 0: none */
    store *st;
    script *s; /* the session's script (owned) */
    SDL_Window *win;
    SDL_Renderer *ren;
    fonts *ft;
    render *rd;
    loop *lp;
    sound *snd;
    run r;
    bool started;
    bool quit;
    int exit_status;
    view_mode mode;
    store_session interrupted;
    menu_state menu;
    /* what only the screen knows */
    int ack, ack_button;
    int64_t ack_until, switch_until, extend_until;
    char draft[DRAFT_BYTES];
    view_trend trends[TRENDS_MAX];
    size_t n_trends;
    /* the sessions the menu offers */
    char *script_paths[MAX_SCRIPTS];
    char *script_titles[MAX_SCRIPTS];
    size_t n_scripts;
    /* the frame on the screen and the one being built */
    frame shown, next;
    bool have_shown;
    bool poll_only; /* the video driver gives no descriptor to sleep on */
    bool bench;     /* OOGST_BENCH: say when the first frame is up, and count at the end */
    notifier nt;    /* systemd: ready after the first frame, the watchdog from this loop */
    unsigned long iterations, draws;
};

static Uint32 ack_event = (Uint32)-1;
static loop *ack_loop; /* the writer thread wakes the loop through it */

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* On the store's writer thread: hand the ack to the main thread, then wake it (in this
 * order, see loop.h). */
static void post_ack(void *ctx, const store_ack *ack)
{
    (void)ctx;
    if (!ack->counted && ack->button == 0)
        return; /* a command key: nothing to acknowledge to the room */
    SDL_Event ev;
    SDL_zero(ev);
    ev.type = ack_event;
    /* code: the button (100 for none), negative when not counted */
    ev.user.code = ack->counted ? (ack->button ? ack->button : 100) : -(ack->button ? ack->button : 100);
    SDL_PushEvent(&ev);
    loop_wake(ack_loop);
}

/* On the store's writer thread: saving failed or works again; the next pass draws it. */
static void wake_for_store(void *ctx)
{
    (void)ctx;
    loop_wake(ack_loop);
}

/* --- observers of the running session ------------------------------------------------------ */

static void on_chime(void *ctx, chime c)
{
    ui *u = ctx;
    sound_play(u->snd, c);
    if (c == CHIME_SWITCH)
        u->switch_until = loop_now_ms() + SWITCH_BANNER_MS;
}

static void on_event(void *ctx, const char *name, const char *detail)
{
    ui *u = ctx;
    if (strcmp(name, "extend") == 0 && strncmp(detail, "no effect", 9) != 0)
        u->extend_until = loop_now_ms() + EXTEND_BANNER_MS;
}

static void load_trends(ui *u);

static void on_step(void *ctx, size_t si, unsigned part)
{
    ui *u = ctx;
    u->draft[0] = '\0'; /* a new question: an empty answer */
    u->switch_until = part == 0 ? 0 : u->switch_until;
    if (u->s && si < u->s->n_steps && u->s->steps[si].type == STEP_RESULTS)
        load_trends(u); /* the series so far, read once when the results come up */
}

/* --- the question being answered ----------------------------------------------------------- */

static const question *current_text_question(const ui *u)
{
    if (!u->started || engine_finished(u->r.e) || menu_is_open(&u->menu))
        return NULL;
    const question *q = engine_question(u->r.e);
    return q && q->kind == ANSWER_TEXT && !engine_closed(u->r.e) ? q : NULL;
}

static void type_text(ui *u, const char *s)
{
    const question *q = current_text_question(u);
    if (!q)
        return;
    size_t have = strlen(u->draft), add = strlen(s);
    long chars = 0;
    for (const char *p = u->draft; *p; p++)
        chars += ((unsigned char)*p & 0xC0) != 0x80;
    if (chars >= (long)q->max_length || have + add + 1 > sizeof(u->draft))
        return; /* the limit is visible on the screen; more does not go in */
    memcpy(u->draft + have, s, add + 1);
}

static void backspace(ui *u)
{
    size_t n = strlen(u->draft);
    while (n > 0 && ((unsigned char)u->draft[n - 1] & 0xC0) == 0x80)
        n--;
    if (n > 0)
        n--;
    u->draft[n] = '\0';
}

static void send_text(ui *u)
{
    if (!current_text_question(u))
        return;
    engine_event e = {.type = EV_TEXT, .text = u->draft};
    run_event(&u->r, &e, loop_now_ms(), wall_ms());
    u->draft[0] = '\0';
}

/* --- sessions ---------------------------------------------------------------------------------- */

static void set_menu_facts(ui *u)
{
    u->menu.stick = u->stick.present;
    u->menu.session_running = u->started && !engine_finished(u->r.e);
    u->menu.can_resume = u->mode == VIEW_RESUME_ASK || (!u->menu.session_running && u->interrupted.id > 0);
}

static int start_session(ui *u, bool resume)
{
    run_stop(&u->r);
    int rc = resume ? run_resume(&u->r, u->st, u->s, &u->interrupted, loop_now_ms(), wall_ms())
                    : run_start(&u->r, u->st, u->s, loop_now_ms(), wall_ms());
    u->started = rc == 0;
    u->mode = VIEW_SESSION;
    u->interrupted.id = 0; /* resumed, or marked interrupted by the new session */
    u->draft[0] = '\0';
    set_menu_facts(u);
    return rc;
}

/* Loads the script at path and makes it the one sessions run. */
static int use_script(ui *u, const char *path)
{
    script *s = content_load(path, stderr);
    if (!s)
        return -1;
    run_stop(&u->r);
    u->started = false;
    /* The store's writer may still hold the old script for writes it has not done:
     * let it finish them before the script goes. */
    if (u->st)
        store_flush(u->st);
    script_free(u->s);
    u->s = s;
    i18n_set_language(s->language);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sessions in content_dir/nl and content_dir/en, for the menu. */
static void find_scripts(ui *u)
{
    for (size_t i = 0; i < u->n_scripts; i++) {
        free(u->script_paths[i]);
        free(u->script_titles[i]);
    }
    u->n_scripts = 0;
    static const char *const langs[] = {"nl", "en"};
    for (size_t l = 0; l < 2; l++) {
        char dir[2048];
        snprintf(dir, sizeof(dir), "%s/%s", u->o->content_dir, langs[l]);
        DIR *d = opendir(dir);
        if (!d)
            continue;
        char *names[MAX_SCRIPTS];
        size_t n = 0;
        struct dirent *de;
        while ((de = readdir(d)) && n < MAX_SCRIPTS) {
            size_t len = strlen(de->d_name);
            if (len > 5 && strcmp(de->d_name + len - 5, ".yaml") == 0 && de->d_name[0] != '.')
                names[n++] = strdup(de->d_name);
        }
        closedir(d);
        qsort(names, n, sizeof(names[0]), cmp_str);
        for (size_t i = 0; i < n; i++) {
            char path[4096];
            snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
            free(names[i]);
            script *s = content_load(path, NULL); /* a broken one is left out; --check says why */
            if (!s || u->n_scripts == MAX_SCRIPTS) {
                script_free(s);
                continue;
            }
            char title[256];
            snprintf(title, sizeof(title), "%s (%s)", s->title, s->language);
            u->script_paths[u->n_scripts] = strdup(path);
            u->script_titles[u->n_scripts] = strdup(title);
            u->n_scripts++;
            script_free(s);
        }
    }
    u->menu.n_scripts = u->n_scripts;
    for (size_t i = 0; i < u->n_scripts; i++)
        u->menu.scripts[i] = u->script_titles[i];
}

/* The series trend of every rating question of the script, for the results screens. */
static void load_trends(ui *u)
{
    u->n_trends = 0;
    if (!u->s)
        return;
    for (size_t si = 0; si < u->s->n_steps; si++)
        for (size_t q = 0; q < u->s->steps[si].n_questions && u->n_trends < TRENDS_MAX; q++) {
            const question *qu = &u->s->steps[si].questions[q];
            if (qu->kind != ANSWER_RATING)
                continue;
            store_trend_point pts[TREND_MAX];
            int n = store_trend(u->st, qu->id, pts, TREND_MAX);
            if (n <= 0)
                continue;
            view_trend *t = &u->trends[u->n_trends++];
            t->question_id = qu->id;
            t->n = (size_t)n;
            for (int i = 0; i < n; i++) {
                t->count[i] = pts[i].n;
                t->mean[i] = pts[i].mean;
            }
        }
}

/* --- menu commands ------------------------------------------------------------------------------ */

/* Local midnight at the start of a menu date, in ms. */
static int64_t day_start_ms(const menu_clock *k)
{
    struct tm tm = {.tm_year = k->year - 1900, .tm_mon = k->month - 1, .tm_mday = k->day, .tm_isdst = -1};
    return (int64_t)mktime(&tm) * 1000;
}

static void do_export(ui *u)
{
    char path[4096], err[512], msg[900];
    bool to_stick = u->stick.present;
    if (to_stick && u->stick.read_only) {
        menu_message(&u->menu,
                     tr("The USB stick is read-only: nothing was written. Unlock it or use another."));
        return;
    }
    if (store_flush(u->st) < 0) {
        snprintf(msg, sizeof(msg), tr("Export failed: %s"), store_last_error(u->st, err, sizeof(err)));
        menu_message(&u->menu, msg);
        return;
    }
    const char *dir = to_stick ? u->stick.dir : u->o->export_dir;
    if (!to_stick && mkdir(dir, 0750) < 0 && errno != EEXIST) {
        snprintf(msg, sizeof(msg), tr("Export failed: %s"), strerror(errno));
        menu_message(&u->menu, msg);
        return;
    }
    export_opts eo = {.what = EXPORT_ALL, .round_minutes = u->o->export_round_minutes};
    if (u->menu.export_what == EXPORT_THIS_SESSION) {
        eo.what = EXPORT_SESSION;
        eo.session_id = store_session_id(u->st);
    } else if (u->menu.export_what == EXPORT_DATES) {
        eo.what = EXPORT_RANGE;
        eo.from_ms = day_start_ms(&u->menu.range_from);
        eo.to_ms = day_start_ms(&u->menu.range_to) + 24 * 3600 * 1000LL; /* the last day too */
    }
    if (export_run(u->st, dir, &eo, path, sizeof(path), err, sizeof(err)) < 0) {
        fprintf(stderr, "oogst: export to %s failed: %s\n", dir, err);
        snprintf(msg, sizeof(msg), tr("Export failed: %s"), err);
        menu_message(&u->menu, msg);
        return;
    }
    fprintf(stderr, "oogst: exported to %s\n", path);
    if (!to_stick) {
        snprintf(msg, sizeof(msg), tr("Exported to %s"), path);
        menu_message(&u->menu, msg);
        return;
    }
    /* The files are closed and synced; the system unmounts the stick on request (the
     * program may not), and the screen says it is safe only once it is gone. */
    if (usb_request_eject(u->o->eject_request, err, sizeof(err)) < 0) {
        fprintf(stderr, "oogst: %s\n", err);
        snprintf(msg, sizeof(msg), tr("Exported to %s"), path);
        menu_message(&u->menu, msg);
        return;
    }
    u->eject_until = loop_now_ms() + EJECT_WAIT_MS;
    menu_message(&u->menu, tr("Exported. The stick is being ejected…"));
}

/* After an eject request: the stick gone, or the wait over. */
static void watch_eject(ui *u, int64_t now)
{
    if (!u->eject_until)
        return;
    if (!u->stick.present) {
        u->eject_until = 0;
        menu_message(&u->menu, tr("You can remove the USB stick now."));
    } else if (now >= u->eject_until) {
        u->eject_until = 0;
        menu_message(&u->menu, tr("The stick could not be ejected. Wait a moment and try again."));
    }
}

static void do_set_clock(ui *u)
{
    const menu_clock *k = &u->menu.clock;
    struct tm tm = {.tm_year = k->year - 1900,
                    .tm_mon = k->month - 1,
                    .tm_mday = k->day,
                    .tm_hour = k->hour,
                    .tm_min = k->minute,
                    .tm_isdst = -1};
    time_t t = mktime(&tm);
    char err[256] = "invalid date";
    if (t == (time_t)-1 || clock_set((int64_t)t, u->o->clock_request, err, sizeof(err)) < 0) {
        char msg[300];
        snprintf(msg, sizeof(msg), tr("The clock could not be set: %s"), err);
        menu_message(&u->menu, msg);
    }
}

static void fill_clock(ui *u)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    u->menu.clock = (menu_clock){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min};
}

static void do_command(ui *u, menu_command cmd)
{
    int64_t now = loop_now_ms(), wall = wall_ms();
    engine_event ev = {0};
    bool session_command =
        cmd == CMD_NEXT || cmd == CMD_BACK || cmd == CMD_PAUSE || cmd == CMD_EXTEND || cmd == CMD_END;
    if (session_command && !u->started)
        return; /* the menu offers these only with a session; nothing to do without one */
    switch (cmd) {
    case CMD_NONE: return;
    case CMD_NEXT: ev.type = EV_NEXT; break;
    case CMD_BACK: ev.type = EV_BACK; break;
    case CMD_PAUSE: ev.type = engine_paused(u->r.e) ? EV_RESUME : EV_PAUSE; break;
    case CMD_EXTEND: ev.type = EV_EXTEND; break;
    case CMD_END: ev.type = EV_END; break;
    case CMD_EXPORT: do_export(u); return;
    case CMD_SET_CLOCK: do_set_clock(u); return;
    case CMD_LANGUAGE: i18n_set_language(strcmp(i18n_language(), "nl") == 0 ? "en" : "nl"); return;
    case CMD_WIPE: {
        char err[512], msg[600];
        run_stop(&u->r);
        u->started = false;
        u->mode = VIEW_IDLE;
        u->interrupted.id = 0;
        if (store_wipe(u->st, err, sizeof(err)) < 0)
            snprintf(msg, sizeof(msg), "%s: %s", tr("Wipe all data"), err);
        else
            snprintf(msg, sizeof(msg), "%s", tr("All data has been wiped."));
        menu_message(&u->menu, msg);
        set_menu_facts(u);
        return;
    }
    case CMD_SHUTDOWN:
        u->exit_status = u->o->window ? 0 : UI_EXIT_SHUTDOWN;
        u->quit = true;
        return;
    case CMD_ABOUT: {
        store_stats ss = {0};
        store_get_stats(u->st, &ss);
        u->menu.about = (menu_about){OOGST_VERSION, ss.free_bytes, ss.db_bytes, ss.sessions};
        return;
    }
    case CMD_START:
        if (u->menu.chosen_script < u->n_scripts &&
            use_script(u, u->script_paths[u->menu.chosen_script]) == 0)
            start_session(u, false);
        return;
    case CMD_RESUME:
        if (u->interrupted.id > 0)
            start_session(u, true);
        return;
    case CMD_QUIT: u->quit = true; return;
    case CMD_RESULTS: load_trends(u); return;
    }
    run_event(&u->r, &ev, now, wall);
    set_menu_facts(u);
}

static void open_menu(ui *u)
{
    set_menu_facts(u);
    fill_clock(u);
    find_scripts(u);
    menu_open(&u->menu, loop_now_ms());
}

/* --- input ------------------------------------------------------------------------------------- */

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

static void key_down(ui *u, const SDL_KeyboardEvent *k)
{
    SDL_Keycode sym = k->keysym.sym;
    if (sym == SDLK_F1) {
        menu_is_open(&u->menu) ? menu_close(&u->menu) : open_menu(u);
        return;
    }
    if (menu_is_open(&u->menu)) {
        if (u->menu.page == PAGE_PIN && sym >= SDLK_0 && sym <= SDLK_9)
            menu_pin_key(&u->menu, (int)(sym - SDLK_0), u->o->pin, loop_now_ms());
        else if (sym == SDLK_ESCAPE)
            menu_close(&u->menu);
        return;
    }
    if (u->mode == VIEW_RESUME_ASK) {
        if (sym == SDLK_j || sym == SDLK_y)
            start_session(u, true);
        else if (sym == SDLK_n)
            start_session(u, false);
        return;
    }
    if (!u->started)
        return;
    if (current_text_question(u)) {
        /* Letters type; navigation stays on keys that do not type. */
        if (sym == SDLK_BACKSPACE)
            backspace(u);
        else if (sym == SDLK_RETURN || sym == SDLK_KP_ENTER)
            send_text(u);
        else if (sym == SDLK_PAGEDOWN || sym == SDLK_PAGEUP || sym == SDLK_ESCAPE) {
            engine_event e = {.type = EV_KEY, .name = key_name(sym)};
            run_event(&u->r, &e, loop_now_ms(), wall_ms());
        }
        return;
    }
    const char *name = key_name(sym);
    if (!name || k->repeat)
        return;
    engine_event e = {.type = EV_KEY, .name = name};
    run_event(&u->r, &e, loop_now_ms(), wall_ms());
}

/* A tap at logical point x,y. */
static void tap(ui *u, int x, int y)
{
    const frame_item *it = frame_hit(&u->shown, x, y);
    if (!it)
        return;
    int64_t now = loop_now_ms();
    switch (it->act) {
    case ACT_OPTION:
        if (u->started) {
            engine_event e = {.type = EV_CHOOSE, .n = it->arg};
            run_event(&u->r, &e, now, wall_ms());
        }
        break;
    case ACT_KEY: type_text(u, screens_key_text(it->arg)); break;
    case ACT_BACKSPACE: backspace(u); break;
    case ACT_SEND: send_text(u); break;
    case ACT_MENU: do_command(u, menu_tap(&u->menu, it->arg)); break;
    case ACT_PIN: menu_pin_key(&u->menu, it->arg, u->o->pin, now); break;
    case ACT_RESUME: start_session(u, it->arg == 1); break;
    case ACT_STICK: open_menu(u); break;
    case ACT_NONE: break;
    }
}

static void pointer_down(ui *u, int wx, int wy)
{
    int x, y;
    render_to_logical(u->rd, wx, wy, &x, &y);
    if (x < CORNER_PX && y < CORNER_PX && !menu_is_open(&u->menu))
        menu_corner_down(&u->menu, loop_now_ms());
    tap(u, x, y);
}

static void handle(ui *u, const SDL_Event *ev)
{
    if (ev->type == SDL_QUIT) {
        u->quit = true; /* SIGTERM from systemd, or the window closed */
    } else if (ev->type == ack_event) {
        int code = ev->user.code;
        u->ack = code > 0 ? 1 : -1;
        u->ack_button = abs(code) == 100 ? 0 : abs(code);
        u->ack_until = loop_now_ms() + ACK_SHOW_MS;
        if (code > 0 && code <= 6)
            leds_flash(&u->lds, code, loop_now_ms()); /* the button says "geteld" too */
    } else if (ev->type == SDL_KEYDOWN) {
        key_down(u, &ev->key);
    } else if (ev->type == SDL_TEXTINPUT) {
        if (current_text_question(u))
            type_text(u, ev->text.text);
    } else if (ev->type == SDL_MOUSEBUTTONDOWN && ev->button.which != SDL_TOUCH_MOUSEID) {
        pointer_down(u, ev->button.x, ev->button.y);
    } else if (ev->type == SDL_MOUSEBUTTONUP && ev->button.which != SDL_TOUCH_MOUSEID) {
        menu_corner_up(&u->menu);
    } else if (ev->type == SDL_FINGERDOWN) {
        int w, h;
        SDL_GetRendererOutputSize(u->ren, &w, &h);
        pointer_down(u, (int)(ev->tfinger.x * (float)w), (int)(ev->tfinger.y * (float)h));
    } else if (ev->type == SDL_FINGERUP) {
        menu_corner_up(&u->menu);
    }
}

/* --- the buttons ------------------------------------------------------------------------------ */

static void button_event_do(ui *u, const button_event *be)
{
    char line[64];
    if (be->kind == BUTTON_STUCK) {
        if (!(u->stuck & (1u << be->input)))
            fprintf(stderr, "oogst: %s is held down: ignored until it is let go\n",
                    gpio_describe(u->gp, be->input, line, sizeof(line)));
        u->stuck |= (uint8_t)(1u << be->input);
        return;
    }
    if (be->kind == BUTTON_RELEASE)
        u->stuck &= (uint8_t) ~(1u << be->input);
    if (be->input == BUTTON_FACILITATOR) {
        if (be->kind == BUTTON_PRESS)
            menu_is_open(&u->menu) ? menu_close(&u->menu) : open_menu(u);
        return;
    }
    if (!u->started || menu_is_open(&u->menu) || u->mode != VIEW_SESSION)
        return; /* a press over the menu or the resume question is not a vote */
    engine_event e = {.type = be->kind == BUTTON_PRESS ? EV_PRESS : EV_RELEASE, .n = (int)be->input + 1};
    run_event(&u->r, &e, loop_now_ms(), wall_ms());
}

/* Reads what the lines say and lets the debounce settle. */
static void service_buttons(ui *u, int64_t now)
{
    button_edge edges[64];
    button_event evs[2 * 64];
    char err[256];
    if (!u->gp)
        return;
    for (int round = 0; round < 16; round++) { /* bounded: chatter cannot hold the loop */
        int n = gpio_read(u->gp, edges, sizeof(edges) / sizeof(edges[0]), err, sizeof(err));
        if (n < 0) {
            fprintf(stderr, "oogst: the buttons: %s\n", err);
            break;
        }
        size_t done = 0;
        while (done < (size_t)n) {
            size_t used = 0;
            size_t k = buttons_feed(&u->btn, edges + done, (size_t)n - done, &used, evs,
                                    sizeof(evs) / sizeof(evs[0]));
            for (size_t i = 0; i < k; i++)
                button_event_do(u, &evs[i]);
            done += used;
        }
        if (n < (int)(sizeof(edges) / sizeof(edges[0])))
            break;
    }
    int fds[GPIO_MAX_FDS];
    if (u->n_gpio_fds > 0 && gpio_fds(u->gp, fds, GPIO_MAX_FDS) == 0) {
        /* the stand-in's input ended: a file stays readable for ever, so stop watching it */
        for (int i = 0; i < u->n_gpio_fds; i++)
            loop_remove_fd(u->lp, u->gpio_fds[i]);
        u->n_gpio_fds = 0;
    }
    int64_t due = buttons_deadline(&u->btn);
    if (due >= 0 && now >= due) {
        uint8_t levels;
        size_t k = buttons_poll(&u->btn, now, gpio_levels(u->gp, &levels) == 0 ? &levels : NULL, evs,
                                sizeof(evs) / sizeof(evs[0]));
        for (size_t i = 0; i < k; i++)
            button_event_do(u, &evs[i]);
    }
}

/* The LEDs: the engine's lit buttons with the flash over them; dark over the menu. */
static void update_leds(ui *u, int64_t now)
{
    if (!u->gp)
        return;
    uint8_t base = u->started && u->mode == VIEW_SESSION && !menu_is_open(&u->menu) ? u->r.leds : 0;
    uint8_t mask = leds_mask(&u->lds, base, now);
    if (mask != u->leds_shown && gpio_set_leds(u->gp, mask) == 0)
        u->leds_shown = mask;
}

/* --- drawing and sleeping ---------------------------------------------------------------------- */

static void model(ui *u, ui_model *m, int64_t now)
{
    memset(m, 0, sizeof(*m));
    m->mode = u->started ? VIEW_SESSION : u->mode;
    m->e = u->started ? u->r.e : NULL;
    m->now = now;
    m->resume_step = u->interrupted.step;
    m->ack = now < u->ack_until ? u->ack : 0;
    m->ack_button = u->ack_button;
    m->banner_switch = now < u->switch_until;
    m->banner_extend = now < u->extend_until;
    char e[8];
    m->store_error = store_last_error(u->st, e, sizeof(e))[0] != '\0';
    m->draft = u->draft;
    m->trends = u->trends;
    m->n_trends = u->n_trends;
    m->menu = &u->menu;
    m->idle_title = u->s ? u->s->title : "Oogst";
    m->stick = u->stick.present && !u->eject_until;
}

static void draw(ui *u, int64_t now)
{
    ui_model m;
    model(u, &m, now);
    int w, h;
    render_logical_size(u->rd, &w, &h);
    frame_clear(&u->next, w, h);
    screens_build(&u->next, u->ft, &m);
    if (u->have_shown && frame_equal(&u->next, &u->shown))
        return; /* nothing on the screen would change */
    render_frame(u->rd, &u->next, true);
    if (!u->have_shown) /* KMSDRM's first page shows only at the next flip (seen on virtio-gpu): */
        render_frame(u->rd, &u->next, true); /* a screen that then stands still is not left black */
    frame_copy(&u->shown, &u->next);
    notify_ready(&u->nt); /* the first frame is on the display: systemd may count us started */
    if (!u->have_shown && u->bench) {
        fprintf(stderr, "bench: first frame\n"); /* make bench times this line's arrival */
        fflush(stderr);
    }
    u->have_shown = true;
    u->draws++;
}

static int64_t earliest(int64_t a, int64_t b)
{
    return a < 0 ? b : b < 0 ? a : a < b ? a : b;
}

/* When the screen or the engine next needs the loop: a deadline, the next second of a
 * countdown on screen, the end of a message, a corner press reaching 3 seconds. */
int64_t ui_next_wake(const ui *u, int64_t now)
{
    int64_t t = menu_corner_deadline(&u->menu);
    t = earliest(t, notify_deadline(&u->nt));
    t = earliest(t, buttons_deadline(&u->btn));
    t = earliest(t, leds_next_change(&u->lds, now));
    if (u->eject_until > now)
        t = earliest(t, u->eject_until);
    if (u->ack_until > now)
        t = earliest(t, u->ack_until);
    if (u->switch_until > now)
        t = earliest(t, u->switch_until);
    if (u->extend_until > now)
        t = earliest(t, u->extend_until);
    if (u->started) {
        t = earliest(t, u->r.deadline_ms);
        int64_t left = engine_remaining_ms(u->r.e, now);
        if (left > 0 && !engine_paused(u->r.e) && !engine_finished(u->r.e))
            t = earliest(t, now + (left % 1000 ? left % 1000 : 1000));
    }
    return t;
}

/* --- setting up and the loop ------------------------------------------------------------------- */

/* The screen is drawn into a target texture (render.c), so take the first of SDL's renderers that
 * has them. SDL's desktop OpenGL renderer has none on a GL without framebuffer objects (Mesa's
 * software GL on a virtual GPU); its OpenGL ES 2 renderer has. SDL_RENDER_DRIVER still decides
 * when it is set. */
static SDL_Renderer *create_renderer(SDL_Window *win)
{
    const char *want = SDL_GetHint(SDL_HINT_RENDER_DRIVER);
    if (want && *want)
        return SDL_CreateRenderer(win, -1, 0);
    int n = SDL_GetNumRenderDrivers();
    for (int i = 0; i < n; i++) {
        SDL_Renderer *ren = SDL_CreateRenderer(win, i, 0);
        SDL_RendererInfo info = {0};
        if (!ren)
            continue;
        if (SDL_GetRendererInfo(ren, &info) == 0 && (info.flags & SDL_RENDERER_TARGETTEXTURE))
            return ren;
        fprintf(stderr, "oogst: SDL's %s renderer cannot draw into a texture here, trying the next\n",
                info.name ? info.name : "first");
        SDL_DestroyRenderer(ren);
    }
    return SDL_CreateRenderer(win, -1, 0);
}

static int open_display(ui *u, char *err, size_t errlen)
{
    const ui_opts *o = u->o;
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) < 0) {
        snprintf(err, errlen, "cannot start the display: %s", SDL_GetError());
        return -1;
    }
    int w = o->width > 0 ? o->width : 800, h = o->height > 0 ? o->height : 480;
    Uint32 flags = o->window ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP;
    u->win = SDL_CreateWindow("Oogst", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (u->win)
        u->ren = create_renderer(u->win);
    if (!u->ren) {
        snprintf(err, errlen, "cannot open a window: %s", SDL_GetError());
        return -1;
    }
    if (!o->window)
        SDL_ShowCursor(SDL_DISABLE);
    u->ft = fonts_open(o->font, o->font_bold, err, errlen);
    if (!u->ft)
        return -1;
    u->rd = render_new(u->ren, u->ft, o->rotate, err, errlen);
    return u->rd ? 0 : -1;
}

static void ui_free(ui *u)
{
    gpio_close(u->gp); /* the LEDs go dark with it */
    usb_close(u->usb);
    run_stop(&u->r);
    store_close(u->st);
    for (size_t i = 0; i < u->n_scripts; i++) {
        free(u->script_paths[i]);
        free(u->script_titles[i]);
    }
    sound_close(u->snd);
    render_free(u->rd);
    fonts_close(u->ft);
    if (u->ren)
        SDL_DestroyRenderer(u->ren);
    if (u->win)
        SDL_DestroyWindow(u->win);
    sdl_fds_unwatch(u->lp);
    loop_free(u->lp);
    ack_loop = NULL;
    script_free(u->s);
    TTF_Quit();
    SDL_Quit();
    free(u);
}

static void open_buttons(ui *u)
{
    const ui_opts *o = u->o;
    char msg[512];
    bool absent = false;
    for (size_t i = 0; o->gpio && i < o->gpio->n_buttons; i++) { /* the tiles wear the caps' colours */
        unsigned char c[3];
        if (config_colour_rgb(o->gpio->buttons[i].colour, c) == 0)
            screens_set_button_colour((int)i + 1, (rgb){c[0], c[1], c[2]});
    }
    leds_init(&u->lds);
    u->leds_shown = -1;
    buttons_init(&u->btn, o->gpio ? o->gpio->debounce_ms : 20, o->gpio ? o->gpio->stuck_ms : 10000);
    if (o->gpio_trace_fd > 2)
        u->gp = gpio_open_trace(o->gpio_trace_fd, msg, sizeof(msg));
    else if (o->gpio)
        u->gp = gpio_open(o->gpio, &absent, msg, sizeof(msg));
    else
        return;
    if (!u->gp) {
        /* No buttons is not the end: the screen and the keys still work. */
        if (absent)
            fprintf(stderr, "oogst: %s: the keys 1-6 stand in for the buttons\n", msg);
        else
            fprintf(stderr, "oogst: the buttons cannot be used: %s\n", msg);
        return;
    }
    u->n_gpio_fds = gpio_fds(u->gp, u->gpio_fds, GPIO_MAX_FDS);
    for (int i = 0; i < u->n_gpio_fds; i++)
        loop_add_fd(u->lp, u->gpio_fds[i], LOOP_FD_GPIO);
}

ui *ui_open(const ui_opts *o)
{
    ui *u = calloc(1, sizeof(*u)); /* two frames: too large for the stack */
    if (!u) {
        fprintf(stderr, "oogst: out of memory\n");
        return NULL;
    }
    u->o = o;
    u->bench = getenv("OOGST_BENCH") != NULL;
    menu_init(&u->menu, o->window);
    i18n_set_language(o->language);
    char msg[512];
    if (SDL_Init(SDL_INIT_EVENTS) < 0) {
        fprintf(stderr, "oogst: %s\n", SDL_GetError());
        free(u);
        return NULL;
    }
    ack_event = SDL_RegisterEvents(1);
    u->lp = loop_new(msg, sizeof(msg));
    ack_loop = u->lp;
    if (!u->lp) {
        fprintf(stderr, "oogst: %s\n", msg);
        goto fail;
    }
    notify_init(&u->nt, loop_now_ms());
    if (use_script(u, o->script_path) < 0)
        goto fail;
    u->st = store_open(o->data_dir, post_ack, NULL, msg, sizeof(msg));
    if (!u->st || open_display(u, msg, sizeof(msg)) < 0) {
        fprintf(stderr, "oogst: %s\n", msg);
        goto fail;
    }
    store_on_error_change(u->st, wake_for_store, NULL);
    u->poll_only = sdl_fds_watch(u->lp, u->win) == SDL_FDS_POLL;
    open_buttons(u);
    if (o->usb_mount && *o->usb_mount) {
        /* where the system mounts a stick; its mount table tells when one comes or goes */
        u->usb =
            usb_open(o->mountinfo ? o->mountinfo : "/proc/self/mountinfo", o->usb_mount, msg, sizeof(msg));
        if (!u->usb)
            fprintf(stderr, "oogst: USB sticks will not be seen: %s\n", msg);
        else if (loop_add_fd(u->lp, usb_fd(u->usb), LOOP_FD_MOUNTS) < 0)
            fprintf(stderr, "oogst: USB sticks will not be noticed at once\n");
        else
            usb_check(u->usb, &u->stick);
    }
    u->snd = sound_open(o->sounds_dir);
    u->r.on_chime = on_chime;
    u->r.on_event = on_event;
    u->r.on_step = on_step;
    u->r.ctx = u;
    SDL_StartTextInput();
    if (store_find_interrupted(u->st, &u->interrupted) > 0 &&
        strcmp(u->interrupted.script_id, u->s->id) == 0 && u->interrupted.script_version == u->s->version) {
        u->mode = VIEW_RESUME_ASK;
    } else {
        u->interrupted.id = 0;
        if (start_session(u, false) < 0) {
            fprintf(stderr, "oogst: out of memory\n");
            goto fail;
        }
    }
    return u;
fail:
    ui_free(u);
    return NULL;
}

bool ui_iterate(ui *u, bool block)
{
    SDL_Event ev;
    SDL_PumpEvents();
    while (SDL_PollEvent(&ev))
        handle(u, &ev);
    int64_t now = loop_now_ms();
    service_buttons(u, now);
    if (u->usb && usb_check(u->usb, &u->stick) == 1) {
        fprintf(stderr, "oogst: USB stick %s %s\n", u->stick.present ? u->stick.source : "",
                u->stick.present ? (u->stick.read_only ? "in, read-only" : "in") : "gone");
        set_menu_facts(u);
    }
    watch_eject(u, now);
    if (u->started && u->r.deadline_ms >= 0 && now >= u->r.deadline_ms)
        run_tick(&u->r, now, wall_ms());
    if (menu_corner_check(&u->menu, now))
        open_menu(u);
    if (u->r.quit) {
        if (u->o->window)
            u->quit = true;
        u->r.quit = false; /* in the room nobody leaves the program with a key */
    }
    if (u->quit)
        return false;
    notify_tick(&u->nt, now); /* only a loop that still turns keeps the watchdog quiet */
    draw(u, now);
    update_leds(u, now);
    u->iterations++;
    if (!block)
        return true;
    SDL_PumpEvents(); /* x11: what drawing read into Xlib's queue (see loop.h) */
    if (SDL_HasEvents(SDL_FIRSTEVENT, SDL_LASTEVENT))
        return true;
    int64_t wake = ui_next_wake(u, now);
    if (u->poll_only)
        wake = sdl_fds_next_wake(wake);
    int r = loop_wait(u->lp, wake);
    if (r > 0 && (r & LOOP_READY))
        sdl_fds_service(u->lp);
    return true;
}

const frame *ui_frame(const ui *u)
{
    return &u->shown;
}

unsigned long ui_iterations(const ui *u)
{
    return u->iterations;
}

unsigned long ui_draws(const ui *u)
{
    return u->draws;
}

int ui_leds(const ui *u)
{
    return u->leds_shown;
}

int ui_push_tap(ui *u, int x, int y)
{
    /* a logical point to the panel's pixels: the inverse of render_to_logical */
    int w, h, px = x, py = y;
    SDL_GetRendererOutputSize(u->ren, &w, &h);
    switch (u->o->rotate) {
    case 90: px = w - 1 - y, py = x; break;
    case 180: px = w - 1 - x, py = h - 1 - y; break;
    case 270: px = y, py = h - 1 - x; break;
    default: break;
    }
    SDL_Event ev;
    SDL_zero(ev);
    ev.type = SDL_MOUSEBUTTONDOWN;
    ev.button.button = SDL_BUTTON_LEFT;
    ev.button.state = SDL_PRESSED;
    ev.button.x = px;
    ev.button.y = py;
    ev.button.windowID = SDL_GetWindowID(u->win);
    if (SDL_PushEvent(&ev) < 0)
        return -1;
    ev.type = SDL_MOUSEBUTTONUP;
    ev.button.state = SDL_RELEASED;
    return SDL_PushEvent(&ev) < 0 ? -1 : 0;
}

int ui_flush(ui *u)
{
    return store_flush(u->st);
}

store *ui_store(ui *u)
{
    return u->st;
}

void ui_wake(ui *u)
{
    loop_wake(u->lp);
}

int ui_close(ui *u)
{
    if (!u)
        return 1;
    int status = u->exit_status;
    notify_stopping(&u->nt);
    if (u->bench)
        fprintf(stderr, "bench: %lu loop passes, %lu frames drawn\n", u->iterations, u->draws);
    ui_free(u);
    return status;
}

int ui_main(const ui_opts *o)
{
    ui *u = ui_open(o);
    if (!u)
        return 1;
    while (ui_iterate(u, true))
        ;
    return ui_close(u);
}
