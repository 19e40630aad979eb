/* test_menu.c — the facilitator menu's rules: the PIN, its lock after wrong tries, the
 * double confirmation of a wipe, what needs a running session, the corner press and the
 * clock page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "core/menu.h"

static menu_command type_pin(menu_state *m, const char *digits, const char *pin, int64_t now)
{
    menu_command c = CMD_NONE;
    for (const char *d = digits; *d; d++)
        c = menu_pin_key(m, *d - '0', pin, now);
    return c;
}

/* The right PIN opens the main page; a wrong one says so and stays on the pad. */
static void test_pin(void **state)
{
    (void)state;
    menu_state m;
    menu_init(&m, false);
    assert_false(menu_is_open(&m));
    menu_open(&m, 0);
    assert_int_equal(m.page, PAGE_PIN);
    type_pin(&m, "1235", "1234", 0);
    assert_int_equal(m.page, PAGE_PIN);
    assert_true(m.pin_wrong);
    assert_string_equal(m.pin, ""); /* the pad is cleared for the next try */
    type_pin(&m, "1234", "1234", 0);
    assert_int_equal(m.page, PAGE_MAIN);
    /* a menu item before the PIN does nothing */
    menu_close(&m);
    menu_open(&m, 0);
    assert_int_equal(menu_tap(&m, MI_WIPE), CMD_NONE);
    assert_int_equal(m.page, PAGE_PIN);
}

/* No PIN configured: 0000 opens; clear (-1) empties what was typed. */
static void test_default_pin_and_clear(void **state)
{
    (void)state;
    menu_state m;
    menu_init(&m, false);
    menu_open(&m, 0);
    type_pin(&m, "00", "", 0);
    menu_pin_key(&m, -1, "", 0);
    assert_string_equal(m.pin, "");
    type_pin(&m, "0000", "", 0);
    assert_int_equal(m.page, PAGE_MAIN);
}

/* Five wrong PINs lock the pad for a minute, even for the right PIN. */
static void test_pin_lock(void **state)
{
    (void)state;
    menu_state m;
    menu_init(&m, false);
    menu_open(&m, 0);
    for (int i = 0; i < MENU_PIN_TRIES; i++)
        type_pin(&m, "9999", "2580", 1000);
    type_pin(&m, "2580", "2580", 1000 + MENU_PIN_LOCK_MS - 1);
    assert_int_equal(m.page, PAGE_PIN);
    type_pin(&m, "2580", "2580", 1000 + MENU_PIN_LOCK_MS);
    assert_int_equal(m.page, PAGE_MAIN);
}

static void open_main(menu_state *m, bool running)
{
    menu_init(m, false);
    m->session_running = running;
    menu_open(m, 0);
    type_pin(m, "0000", "", 0);
    assert_int_equal(m->page, PAGE_MAIN);
}

/* A wipe needs two confirmations; cancel on either goes back without wiping. */
static void test_wipe_twice(void **state)
{
    (void)state;
    menu_state m;
    open_main(&m, true);
    assert_int_equal(menu_tap(&m, MI_WIPE), CMD_NONE);
    assert_int_equal(m.page, PAGE_WIPE_1);
    assert_int_equal(menu_tap(&m, MI_CANCEL), CMD_NONE);
    assert_int_equal(m.page, PAGE_MAIN);
    menu_tap(&m, MI_WIPE);
    assert_int_equal(menu_tap(&m, MI_CONFIRM), CMD_NONE);
    assert_int_equal(m.page, PAGE_WIPE_2);
    assert_int_equal(menu_tap(&m, MI_CONFIRM), CMD_WIPE);
    assert_int_equal(m.page, PAGE_MAIN);
}

/* Session commands only with a session; end closes the menu; quit only in a window. */
static void test_session_commands(void **state)
{
    (void)state;
    menu_state m;
    open_main(&m, false);
    assert_int_equal(menu_tap(&m, MI_NEXT), CMD_NONE);
    assert_int_equal(menu_tap(&m, MI_END), CMD_NONE);
    assert_int_equal(menu_tap(&m, MI_RESUME), CMD_NONE);
    assert_int_equal(menu_tap(&m, MI_QUIT), CMD_NONE);
    m.can_resume = true;
    assert_int_equal(menu_tap(&m, MI_RESUME), CMD_RESUME);
    assert_false(menu_is_open(&m));
    open_main(&m, true);
    assert_int_equal(menu_tap(&m, MI_NEXT), CMD_NEXT);
    assert_int_equal(menu_tap(&m, MI_PAUSE), CMD_PAUSE);
    assert_int_equal(menu_tap(&m, MI_EXTEND), CMD_EXTEND);
    assert_true(menu_is_open(&m)); /* the facilitator may do several things */
    assert_int_equal(menu_tap(&m, MI_END), CMD_END);
    assert_false(menu_is_open(&m));
    menu_init(&m, true);
    menu_open(&m, 0);
    type_pin(&m, "0000", "", 0);
    assert_int_equal(menu_tap(&m, MI_QUIT), CMD_QUIT);
}

/* Choosing a session starts the one chosen, by its index. */
static void test_choose_script(void **state)
{
    (void)state;
    menu_state m;
    open_main(&m, false);
    m.n_scripts = 3;
    menu_tap(&m, MI_SCRIPTS);
    assert_int_equal(m.page, PAGE_SCRIPTS);
    assert_int_equal(menu_tap(&m, MI_SCRIPT + 3), CMD_NONE); /* beyond the list */
    assert_int_equal(menu_tap(&m, MI_SCRIPT + 2), CMD_START);
    assert_int_equal(m.chosen_script, 2);
    assert_false(menu_is_open(&m));
}

/* A press in the corner opens the menu after exactly 3 s, once; letting go cancels. */
static void test_corner(void **state)
{
    (void)state;
    menu_state m;
    menu_init(&m, false);
    assert_int_equal(menu_corner_deadline(&m), -1);
    menu_corner_down(&m, 1000);
    assert_int_equal(menu_corner_deadline(&m), 1000 + MENU_CORNER_HOLD_MS);
    assert_false(menu_corner_check(&m, 1000 + MENU_CORNER_HOLD_MS - 1));
    assert_true(menu_corner_check(&m, 1000 + MENU_CORNER_HOLD_MS));
    assert_false(menu_corner_check(&m, 1000 + MENU_CORNER_HOLD_MS + 1));
    menu_corner_down(&m, 5000);
    menu_corner_up(&m);
    assert_false(menu_corner_check(&m, 9000));
}

/* The clock page wraps fields and keeps the day within the month. */
static void test_clock(void **state)
{
    (void)state;
    menu_state m;
    open_main(&m, false);
    menu_tap(&m, MI_CLOCK);
    m.clock = (menu_clock){2028, 1, 31, 23, 59};
    menu_tap(&m, MI_CLOCK_UP + 1); /* February 2028: a leap year */
    assert_int_equal(m.clock.month, 2);
    assert_int_equal(m.clock.day, 29);
    menu_tap(&m, MI_CLOCK_UP + 3);
    menu_tap(&m, MI_CLOCK_UP + 4);
    assert_int_equal(m.clock.hour, 0);
    assert_int_equal(m.clock.minute, 0);
    menu_tap(&m, MI_CLOCK_DOWN + 0);
    assert_int_equal(m.clock.year, 2027);
    assert_int_equal(m.clock.day, 28); /* 2027 is not a leap year */
    assert_int_equal(menu_tap(&m, MI_CONFIRM), CMD_SET_CLOCK);
    assert_int_equal(menu_days_in_month(2100, 2), 28);
    assert_int_equal(menu_days_in_month(2000, 2), 29);
}

/* Export: this session (only while one runs), everything, or a range of days that never
 * ends before it begins; each ends in CMD_EXPORT with what to export. */
static void test_export_pages(void **state)
{
    (void)state;
    menu_state m;
    open_main(&m, false);
    assert_int_equal(menu_tap(&m, MI_EXPORT), CMD_NONE);
    assert_int_equal(m.page, PAGE_EXPORT);
    assert_int_equal(menu_tap(&m, MI_EXPORT_SESSION), CMD_NONE); /* no session on */
    assert_int_equal(m.page, PAGE_EXPORT);
    assert_int_equal(menu_tap(&m, MI_EXPORT_ALL), CMD_EXPORT);
    assert_int_equal(m.export_what, EXPORT_EVERYTHING);

    open_main(&m, true);
    menu_tap(&m, MI_EXPORT);
    assert_int_equal(menu_tap(&m, MI_EXPORT_SESSION), CMD_EXPORT);
    assert_int_equal(m.export_what, EXPORT_THIS_SESSION);

    open_main(&m, true);
    m.clock = (menu_clock){2027, 3, 31, 10, 0};
    menu_tap(&m, MI_EXPORT);
    assert_int_equal(menu_tap(&m, MI_EXPORT_RANGE), CMD_NONE);
    assert_int_equal(m.page, PAGE_EXPORT_RANGE);
    assert_int_equal(m.range_from.day, 31); /* from today to today */
    assert_int_equal(m.range_to.day, 31);
    menu_tap(&m, MI_RANGE_DOWN + 1); /* from: February; the 31st becomes the 28th */
    assert_int_equal(m.range_from.month, 2);
    assert_int_equal(m.range_from.day, 28);
    menu_tap(&m, MI_RANGE_DOWN + 3); /* to: 2026, before the first day: it takes it along */
    assert_int_equal(m.range_to.year, 2026);
    assert_int_equal(m.range_from.year, 2026);
    assert_int_equal(m.range_from.month, m.range_to.month);
    assert_int_equal(m.range_from.day, m.range_to.day);
    menu_tap(&m, MI_RANGE_UP + 0); /* from: 2027, after the last day: that moves too */
    assert_int_equal(m.range_to.year, 2027);
    assert_int_equal(menu_tap(&m, MI_CONFIRM), CMD_EXPORT);
    assert_int_equal(m.export_what, EXPORT_DATES);
    assert_int_equal(m.page, PAGE_MAIN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pin),
        cmocka_unit_test(test_default_pin_and_clear),
        cmocka_unit_test(test_pin_lock),
        cmocka_unit_test(test_wipe_twice),
        cmocka_unit_test(test_session_commands),
        cmocka_unit_test(test_choose_script),
        cmocka_unit_test(test_corner),
        cmocka_unit_test(test_clock),
        cmocka_unit_test(test_export_pages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
