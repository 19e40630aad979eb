/* test_ui.c — the real UI (app/ui.h) in-process on SDL's dummy video and audio drivers,
 * with a real store in a temporary data dir: a tap on a tile is counted for that tile's
 * option (turned panel too), the facilitator menu opens with the right PIN only, "Counted"
 * appears only after the commit, and the loop sleeps when nothing changes.
 * Timing asserts lower bounds and generous upper ones: machines are noisy. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>
#include <sqlite3.h>

#include "app/loop.h"
#include "app/ui.h"
#include "store/store.h"
#include "store/store_internal.h"
#include "core/menu.h"
#include "i18n/i18n.h"
#include "view/frame.h"

#define FONT      "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define FONT_BOLD "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

/* One UI on a fresh data dir. The options must outlive the UI (it keeps a pointer). */
typedef struct env {
    char dir[64];
    char exports[96];
    char db[96];
    ui_opts o;
    ui *u;
} env;

static int group_setup(void **state)
{
    (void)state;
    /* before SDL_Init (in ui_open): the drivers are chosen there */
    if (setenv("SDL_VIDEODRIVER", "dummy", 1) != 0 || setenv("SDL_AUDIODRIVER", "dummy", 1) != 0)
        return -1;
    const char *localedir = getenv("OOGST_LOCALEDIR") ? getenv("OOGST_LOCALEDIR") : "build/locale";
    if (i18n_init(localedir, stderr) != 2) {
        fprintf(stderr, "the nl and en catalogs must be in %s (make all)\n", localedir);
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    i18n_free();
    return 0;
}

static void env_open(env *e, int rotate)
{
    memset(e, 0, sizeof(*e));
    snprintf(e->dir, sizeof(e->dir), "/tmp/oogst-ui-XXXXXX");
    assert_non_null(mkdtemp(e->dir));
    snprintf(e->exports, sizeof(e->exports), "%s/exports", e->dir);
    snprintf(e->db, sizeof(e->db), "%s/oogst.db", e->dir);
    e->o = (ui_opts){.script_path = "tests/replay/rules.yaml",
                     .content_dir = "content",
                     .data_dir = e->dir,
                     .export_dir = e->exports,
                     .font = FONT,
                     .font_bold = FONT_BOLD,
                     .sounds_dir = "assets/sounds",
                     .pin = "1234",
                     .language = "en",
                     .window = true,
                     .width = 800,
                     .height = 480,
                     .rotate = rotate};
    e->u = ui_open(&e->o);
    assert_non_null(e->u);
    assert_true(ui_iterate(e->u, false)); /* the first frame */
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Closes the UI (if still open) and removes the data dir. */
static void env_close(env *e)
{
    if (e->u)
        ui_close(e->u);
    e->u = NULL;
    if (e->dir[0] && nftw(e->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
        fprintf(stderr, "test_ui: cannot remove %s: %s\n", e->dir, strerror(errno));
    e->dir[0] = '\0';
}

/* Each test's environment, closed by the teardown even when the test failed. */
static env the_env;

static int env_setup(void **state)
{
    memset(&the_env, 0, sizeof(the_env));
    *state = &the_env;
    return 0;
}

static int env_teardown(void **state)
{
    env_close(*state);
    return 0;
}

static void push_key(SDL_Keycode sym)
{
    SDL_Event ev;
    SDL_zero(ev);
    ev.type = SDL_KEYDOWN;
    ev.key.state = SDL_PRESSED;
    ev.key.keysym.sym = sym;
    assert_int_equal(SDL_PushEvent(&ev), 1);
}

/* The first item with action act (and arg, unless arg is INT32_MIN), or NULL. */
static const frame_item *find_act(const frame *f, action act, int arg)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->items[i].act == act && (arg == INT32_MIN || f->items[i].arg == arg))
            return &f->items[i];
    return NULL;
}

/* The first text item that starts with s, or NULL. */
static const frame_item *find_text(const frame *f, const char *s)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->items[i].kind == ITEM_TEXT && strncmp(f->items[i].text, s, strlen(s)) == 0)
            return &f->items[i];
    return NULL;
}

/* From the welcome step to the vote of rules.yaml with the n key: welcome, then the
 * interview's three parts, then the vote. */
static void go_to_vote(ui *u)
{
    int presses = 0;
    while (!find_act(ui_frame(u), ACT_OPTION, INT32_MIN) && presses < 10) {
        push_key(SDLK_n);
        assert_true(ui_iterate(u, false));
        presses++;
    }
    if (!find_act(ui_frame(u), ACT_OPTION, INT32_MIN))
        fail_msg("no option tiles after %d presses of n", presses);
    assert_int_equal(presses, 4);
}

static int64_t query_int(const char *db, const char *sql)
{
    sqlite3 *d = NULL;
    if (sqlite3_open_v2(db, &d, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        fail_msg("cannot open %s: %s", db, d ? sqlite3_errmsg(d) : "?");
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(d, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(d));
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(d);
    return v;
}

static double secs_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* --- touch -------------------------------------------------------------------------------- */

/* Taps the centre of option's tile on the vote and checks the store counted exactly that
 * option, once, as a touch. */
static void tap_option(env *e, int rotate, int option)
{
    env_open(e, rotate);
    const frame *f = ui_frame(e->u);
    bool turned = rotate == 90 || rotate == 270;
    assert_int_equal(f->w, turned ? 480 : 800);
    assert_int_equal(f->h, turned ? 800 : 480);
    go_to_vote(e->u);
    const frame_item *tile = find_act(ui_frame(e->u), ACT_OPTION, option);
    if (!tile)
        fail_msg("rotate %d: no tile for option %d", rotate, option);
    int x = tile->b.x + tile->b.w / 2, y = tile->b.y + tile->b.h / 2;
    assert_int_equal(ui_push_tap(e->u, x, y), 0);
    assert_true(ui_iterate(e->u, false));
    assert_int_equal(ui_flush(e->u), 0);
    assert_int_equal(ui_close(e->u), 0);
    e->u = NULL;
    char sql[256];
    snprintf(
        sql, sizeof(sql),
        "SELECT count(*) FROM inputs WHERE source = 'touch' AND button = %d AND option = %d AND counted = 1",
        option, option);
    int64_t mine = query_int(e->db, sql);
    int64_t touches = query_int(e->db, "SELECT count(*) FROM inputs WHERE source = 'touch' AND counted = 1");
    int64_t all = query_int(e->db, "SELECT count(*) FROM inputs WHERE source = 'touch'");
    if (mine != 1 || touches != 1 || all != 1)
        fail_msg("rotate %d, tap at %d,%d on option %d: %lld rows for it, %lld counted touches, %lld touches",
                 rotate, x, y, option, (long long)mine, (long long)touches, (long long)all);
    env_close(e);
}

/* Guards the path from a tap to the log: tile 2 on the upright 800x480 panel counts 2. */
static void test_touch_counts_option(void **state)
{
    tap_option(*state, 0, 2);
}

/* Guards the turned panel: at rotate 90 (frame 480x800) a tap on tile 3 counts 3, so the
 * panel-to-frame mapping of touches matches the drawing. */
static void test_touch_rotated(void **state)
{
    tap_option(*state, 90, 3);
}

/* --- facilitator menu ---------------------------------------------------------------------- */

/* Guards the facilitator menu: F1 asks for the PIN, a wrong PIN keeps it shut, the right
 * one opens the main page (with the session commands, since a session runs). */
static void test_menu_pin(void **state)
{
    env *e = *state;
    env_open(e, 0);
    assert_null(find_act(ui_frame(e->u), ACT_PIN, INT32_MIN));
    push_key(SDLK_F1);
    assert_true(ui_iterate(e->u, false));
    const frame *f = ui_frame(e->u);
    assert_non_null(find_act(f, ACT_PIN, 1)); /* the PIN pad */
    assert_null(find_act(f, ACT_MENU, MI_NEXT));
    /* a wrong PIN */
    const SDL_Keycode wrong[] = {SDLK_9, SDLK_9, SDLK_9, SDLK_9};
    for (size_t i = 0; i < 4; i++)
        push_key(wrong[i]);
    assert_true(ui_iterate(e->u, false));
    f = ui_frame(e->u);
    assert_non_null(find_act(f, ACT_PIN, 1));
    assert_null(find_act(f, ACT_MENU, MI_NEXT));
    assert_null(find_act(f, ACT_MENU, MI_SHUTDOWN));
    assert_non_null(find_text(f, "Wrong PIN"));
    /* the right one */
    const SDL_Keycode right[] = {SDLK_1, SDLK_2, SDLK_3, SDLK_4};
    for (size_t i = 0; i < 4; i++)
        push_key(right[i]);
    assert_true(ui_iterate(e->u, false));
    f = ui_frame(e->u);
    assert_null(find_act(f, ACT_PIN, INT32_MIN));
    assert_non_null(find_act(f, ACT_MENU, MI_NEXT));
    assert_non_null(find_act(f, ACT_MENU, MI_SHUTDOWN));
    size_t menu_items = 0;
    for (size_t i = 0; i < f->n; i++)
        menu_items += f->items[i].act == ACT_MENU;
    assert_true(menu_items >= 8);
    env_close(e);
}

/* --- acknowledgement ---------------------------------------------------------------------- */

/* Guards the acknowledgement: after key 1 on the vote, "Counted" appears within a few
 * passes of the loop, and only once the input is committed (a second connection sees it
 * at that moment). */
static void test_ack_after_commit(void **state)
{
    env *e = *state;
    env_open(e, 0);
    go_to_vote(e->u);
    assert_null(find_text(ui_frame(e->u), "Counted"));
    push_key(SDLK_1);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    const frame_item *ack = NULL;
    int passes = 0;
    while (!(ack = find_text(ui_frame(e->u), "Counted")) && passes < 50 && secs_since(&t0) < 2.0) {
        assert_true(ui_iterate(e->u, true));
        passes++;
    }
    if (!ack)
        fail_msg("no \"Counted\" after %d passes and %.2f s", passes, secs_since(&t0));
    assert_string_equal(ack->text, "Counted (1)");
    /* the commit came first */
    assert_int_equal(query_int(e->db, "SELECT count(*) FROM inputs WHERE source = 'key' AND button = 1 AND "
                                      "option = 1 AND counted = 1"),
                     1);
    env_close(e);
}

/* A log that cannot be written (here: read-only, as a failing SD card turns) is said on
 * the screen at once; the screen keeps running; when writing works again the kept votes
 * go in and the message goes away. */
static void test_saving_fault_shown_and_recovered(void **state)
{
    env *e = *state;
    env_open(e, 0);
    go_to_vote(e->u);
    assert_int_equal(ui_flush(e->u), 0);
    char err[256];
    store *st = ui_store(e->u);
    assert_int_equal(store_test_exec(st, "PRAGMA query_only = 1", err, sizeof err), 0);
    push_key(SDLK_1);
    assert_true(ui_iterate(e->u, false));
    assert_int_equal(ui_flush(e->u), -1); /* the writer tried, failed, and waits to retry */
    for (int i = 0; i < 3; i++)
        assert_true(ui_iterate(e->u, false)); /* still running */
    if (!find_text(ui_frame(e->u), "Saving does not work"))
        fail_msg("the screen does not say that saving fails");
    assert_int_equal(query_int(e->db, "SELECT count(*) FROM inputs WHERE button = 1"), 0);

    assert_int_equal(store_test_exec(st, "PRAGMA query_only = 0", err, sizeof err), 0);
    assert_int_equal(ui_flush(e->u), 0);
    assert_true(ui_iterate(e->u, false));
    assert_null(find_text(ui_frame(e->u), "Saving does not work"));
    assert_int_equal(query_int(e->db, "SELECT count(*) FROM inputs WHERE button = 1 AND counted = 1"), 1);
    env_close(e);
}

/* --- sleeping ------------------------------------------------------------------------------ */

/* Guards against waking for nothing: the welcome step has no timer, so the loop has no
 * reason to wake; and during the one-minute vote it wakes about once a second. */
static void test_next_wake(void **state)
{
    env *e = *state;
    env_open(e, 0);
    int64_t now = loop_now_ms();
    assert_int_equal(ui_next_wake(e->u, now), -1);
    assert_int_equal(ui_next_wake(e->u, now + 3600 * 1000), -1);
    go_to_vote(e->u);
    int64_t t0 = loop_now_ms(), t = t0;
    int wakes = 0;
    while (t < t0 + 60000) {
        int64_t w = ui_next_wake(e->u, t);
        if (w < 0)
            fail_msg("no wake at %lld ms into the countdown", (long long)(t - t0));
        if (w <= t)
            break; /* the step's deadline is due: the loop would tick the engine here */
        if (w - t > 1000)
            fail_msg("a wake %lld ms ahead during a countdown: the seconds would stand still",
                     (long long)(w - t));
        t = w;
        wakes++;
    }
    if (wakes > 62 || wakes < 55 || t < t0 + 58000)
        fail_msg("%d wakes in the first %lld ms of a one-minute countdown", wakes, (long long)(t - t0));
    env_close(e);
}

/* Pushes SDL_QUIT after delay_ms and wakes the loop; aborts the whole test binary when
 * the loop has not returned 3 s later (a wake that does not wake would hang here). */
typedef struct quitter {
    ui *u;
    int delay_ms;
    atomic_bool returned;
    pthread_t t;
} quitter;

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static void *quitter_main(void *arg)
{
    quitter *q = arg;
    sleep_ms(q->delay_ms);
    SDL_Event ev;
    SDL_zero(ev);
    ev.type = SDL_QUIT;
    if (SDL_PushEvent(&ev) != 1)
        abort();
    ui_wake(q->u);
    for (int i = 0; i < 300 && !atomic_load(&q->returned); i++)
        sleep_ms(10);
    if (!atomic_load(&q->returned)) {
        fprintf(stderr, "test_ui: ui_iterate did not return within 3 s of SDL_QUIT and ui_wake\n");
        _exit(1);
    }
    return NULL;
}

/* Runs the blocking loop until a thread quits it after 2 s; the passes and draws made. */
static void run_two_seconds(ui *u, unsigned long *passes, unsigned long *draws, double *secs)
{
    quitter q = {.u = u, .delay_ms = 2000};
    atomic_init(&q.returned, false);
    unsigned long it0 = ui_iterations(u), dr0 = ui_draws(u);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(pthread_create(&q.t, NULL, quitter_main, &q), 0);
    int n = 0;
    while (ui_iterate(u, true) && n < 100000)
        n++;
    atomic_store(&q.returned, true);
    *secs = secs_since(&t0);
    assert_int_equal(pthread_join(q.t, NULL), 0);
    *passes = ui_iterations(u) - it0;
    *draws = ui_draws(u) - dr0;
}

/* Guards the idle box: on the static welcome screen the blocking loop sleeps for 2 s (a
 * pass or two, no redraw) until another thread's event and ui_wake end the sleep. */
static void test_static_screen_sleeps(void **state)
{
    env *e = *state;
    env_open(e, 0);
    assert_true(ui_iterate(e->u, false)); /* settle: anything left from the start */
    unsigned long passes, draws;
    double secs;
    run_two_seconds(e->u, &passes, &draws, &secs);
    if (secs < 1.9 || secs > 3.5 || passes > 3 || draws != 0)
        fail_msg("static screen: %lu passes, %lu draws in %.2f s", passes, draws, secs);
    env_close(e);
}

/* Guards the countdown: on the timed vote the loop wakes and redraws about once a
 * second, not more. */
static void test_countdown_redraws_each_second(void **state)
{
    env *e = *state;
    env_open(e, 0);
    go_to_vote(e->u);
    unsigned long passes, draws;
    double secs;
    run_two_seconds(e->u, &passes, &draws, &secs);
    if (secs < 1.9 || secs > 3.5 || draws < 1 || draws > 3 || passes > 6)
        fail_msg("countdown: %lu passes, %lu draws in %.2f s", passes, draws, secs);
    env_close(e);
}

/* Guards frame.h's promise that a frame owns its texts: the frame on the screen (the one
 * the next frame is compared with) must not point into another frame's buffer, or a
 * change of text alone (the countdown's seconds) compares equal and is never drawn. */
static void test_shown_frame_owns_its_texts(void **state)
{
    env *e = *state;
    env_open(e, 0);
    go_to_vote(e->u);
    const frame *f = ui_frame(e->u);
    size_t texts = 0;
    for (size_t i = 0; i < f->n; i++) {
        const frame_item *it = &f->items[i];
        if (it->kind != ITEM_TEXT || !*it->text)
            continue;
        texts++;
        if (it->text < f->text || it->text >= f->text + f->text_used)
            fail_msg("item %zu ('%.30s') of the shown frame points outside the frame's own text buffer "
                     "(%p, buffer %p..%p)",
                     i, it->text, (const void *)it->text, (const void *)f->text,
                     (const void *)(f->text + f->text_used));
    }
    assert_true(texts >= 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_touch_counts_option, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_touch_rotated, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_menu_pin, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_saving_fault_shown_and_recovered, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_ack_after_commit, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_next_wake, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_static_screen_sleeps, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_countdown_redraws_each_second, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_shown_frame_owns_its_texts, env_setup, env_teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
