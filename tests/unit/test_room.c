/* test_room.c — the buttons end to end: edges written to the GPIO stand-in (a pipe, the
 * way the real line-request descriptor wakes the loop) go through the debounce, the
 * engine and the store of the real UI on SDL's dummy driver. A bouncing press is one
 * vote, the LEDs follow the step, a committed vote flashes its button, a stuck button
 * gives one press, and the facilitator's button opens the menu. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>
#include <sqlite3.h>

#include "app/loop.h"
#include "app/ui.h"
#include "config/config.h"
#include "i18n/i18n.h"
#include "view/frame.h"

typedef struct room {
    char dir[64], db[96], exports[96];
    int pipe[2];
    config_gpio gpio;
    ui_opts o;
    ui *u;
} room;

static room the_room;

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static int setup(void **state)
{
    room *r = &the_room;
    memset(r, 0, sizeof(*r));
    *state = r;
    if (setenv("SDL_VIDEODRIVER", "dummy", 1) || setenv("SDL_AUDIODRIVER", "dummy", 1))
        return -1;
    i18n_init(getenv("OOGST_LOCALEDIR") ? getenv("OOGST_LOCALEDIR") : "build/locale", NULL);
    snprintf(r->dir, sizeof(r->dir), "/tmp/oogst-room-XXXXXX");
    if (!mkdtemp(r->dir) || pipe(r->pipe) < 0)
        return -1;
    snprintf(r->db, sizeof(r->db), "%.63s/oogst.db", r->dir);
    snprintf(r->exports, sizeof(r->exports), "%.63s/exports", r->dir);
    config c;
    config_defaults(&c);
    r->gpio = c.gpio;
    r->gpio.debounce_ms = 20;
    r->gpio.stuck_ms = 400;
    r->o = (ui_opts){.script_path = "tests/replay/rules.yaml", .content_dir = "content", .data_dir = r->dir,
                     .export_dir = r->exports, .font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                     .font_bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", .pin = "1234",
                     .language = "en", .window = true, .width = 800, .height = 480, .gpio = &r->gpio,
                     .gpio_trace_fd = r->pipe[0]};
    r->u = ui_open(&r->o);
    return r->u ? 0 : -1;
}

static int teardown(void **state)
{
    room *r = *state;
    if (r->u)
        ui_close(r->u); /* closes the stand-in; the pipe stays ours */
    close(r->pipe[0]);
    close(r->pipe[1]);
    nftw(r->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}

static void pause_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Runs the loop without blocking for about ms. */
static void run_for(room *r, int ms)
{
    int64_t until = loop_now_ms() + ms;
    do {
        ui_iterate(r->u, false);
        pause_ms(2);
    } while (loop_now_ms() < until);
}

/* Writes one edge of button (1-6, or 'f') at now + offset_us. */
static void edge(room *r, char button, const char *level, int64_t offset_us)
{
    char line[64];
    int n = snprintf(line, sizeof(line), "%lld %c %s\n", (long long)(loop_now_ms() * 1000 + offset_us), button,
                     level);
    assert_int_equal(write(r->pipe[1], line, (size_t)n), n);
}

static void key(SDL_Keycode sym)
{
    SDL_Event ev;
    SDL_zero(ev);
    ev.type = SDL_KEYDOWN;
    ev.key.keysym.sym = sym;
    assert_int_equal(SDL_PushEvent(&ev), 1);
}

/* SELECT count(*) FROM inputs WHERE <where>, on a connection of its own. */
static int count(room *r, const char *where)
{
    assert_int_equal(ui_flush(r->u), 0);
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(r->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    char sql[256];
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM inputs WHERE %s", where);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    int n = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return n;
}

static bool frame_has(const frame *f, action act)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->items[i].act == act)
            return true;
    return false;
}

/* To the vote (step 3 of rules.yaml: 4 options, 2 votes a person, lockout 1 s). */
static void to_vote(room *r)
{
    for (int i = 0; i < 4; i++) {
        key(SDLK_n);
        run_for(r, 5);
    }
    assert_true(frame_has(ui_frame(r->u), ACT_OPTION));
}

/* No buttons on the welcome step: the LEDs are dark; on the vote the four are lit. */
static void test_leds_follow_the_step(void **state)
{
    room *r = *state;
    run_for(r, 20);
    assert_int_equal(ui_leds(r->u), 0);
    to_vote(r);
    assert_int_equal(ui_leds(r->u), 0x0F);
}

/* A press that bounces for 12 ms, and a release that bounces too, is one vote; the
 * button then flashes (its vote is committed) and stays dark for its lockout. */
static void test_bouncing_press_is_one_vote(void **state)
{
    room *r = *state;
    to_vote(r);
    static const int64_t bounce_us[] = {0, 1500, 3000, 5200, 8000}; /* down, up, down, up, down */
    for (size_t i = 0; i < sizeof(bounce_us) / sizeof(bounce_us[0]); i++)
        edge(r, '2', i % 2 ? "up" : "down", bounce_us[i]);
    run_for(r, 60);
    edge(r, '2', "up", 0);
    edge(r, '2', "down", 3000);
    edge(r, '2', "up", 9000);
    run_for(r, 80);
    assert_int_equal(count(r, "source = 'button' AND button = 2"), 1);
    assert_int_equal(count(r, "source = 'button' AND button = 2 AND counted = 1 AND option = 2"), 1);
    /* within its lockout of 1 s the button is dark; the others are lit */
    int leds = ui_leds(r->u);
    assert_int_equal(leds & 0x0D, 0x0D);
    run_for(r, 1100);
    assert_int_equal(ui_leds(r->u), 0x0F);
}

/* Two buttons pressed within a millisecond are both seen as presses. */
static void test_two_at_once(void **state)
{
    room *r = *state;
    to_vote(r);
    edge(r, '1', "down", 0);
    edge(r, '3', "down", 400);
    run_for(r, 50);
    edge(r, '1', "up", 0);
    edge(r, '3', "up", 0);
    run_for(r, 50);
    assert_int_equal(count(r, "source = 'button' AND button = 1"), 1);
    assert_int_equal(count(r, "source = 'button' AND button = 3"), 1);
    /* one person's two votes (votes_per_person is 2 in rules.yaml): both count */
    assert_int_equal(count(r, "source = 'button' AND counted = 1"), 2);
}

/* Chatter at 2 kHz for 150 ms is one press; a button held past stuck_ms gives no more. */
static void test_chatter_and_stuck(void **state)
{
    room *r = *state;
    to_vote(r);
    for (int i = 0; i < 300; i++)
        edge(r, '4', i % 2 ? "up" : "down", i * 500);
    edge(r, '4', "down", 150000); /* and then it stays down: stuck */
    run_for(r, 700);
    assert_int_equal(count(r, "source = 'button' AND button = 4"), 1);
    edge(r, '4', "up", 0);
    run_for(r, 60);
    assert_int_equal(count(r, "source = 'button' AND button = 4"), 1);
}

/* The facilitator's button opens the menu (the PIN pad); a vote button does not vote then. */
static void test_facilitator_button(void **state)
{
    room *r = *state;
    to_vote(r);
    edge(r, 'f', "down", 0);
    run_for(r, 40);
    edge(r, 'f', "up", 0);
    run_for(r, 40);
    assert_true(frame_has(ui_frame(r->u), ACT_PIN));
    assert_int_equal(ui_leds(r->u), 0); /* dark over the menu */
    edge(r, '1', "down", 0);
    run_for(r, 40);
    assert_int_equal(count(r, "source = 'button'"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_leds_follow_the_step, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bouncing_press_is_one_vote, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_at_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chatter_and_stuck, setup, teardown),
        cmocka_unit_test_setup_teardown(test_facilitator_button, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
