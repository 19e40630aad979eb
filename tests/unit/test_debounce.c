/* test_debounce.c — raw button edges to presses and releases (debounce.h): eager press,
 * bounce ignored within the window, settling by poll at debounce_deadline, stuck buttons,
 * independence of buttons, and a long seeded simulation of bouncing contacts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include <cmocka.h>

#include <limits.h>
#include <string.h>

#include "core/debounce.h"

enum { WINDOW = 20, STUCK = 10000 };

/* A fresh debouncer: every button up, nothing pending, nothing to report. */
static void test_init_all_up(void **state)
{
    (void)state;
    debounce d;
    debounce_init(&d, WINDOW, STUCK);
    assert_int_equal(d.debounce_ms, WINDOW);
    assert_int_equal(d.stuck_ms, STUCK);
    for (unsigned i = 0; i < DEBOUNCE_BUTTONS; i++) {
        assert_false(d.b[i].reported);
        assert_int_equal(debounce_deadline(&d, i), -1);
        assert_int_equal(debounce_poll(&d, i, 0), DB_NONE);
        assert_int_equal(debounce_poll(&d, i, 1000000), DB_NONE);
    }
}

/* The press is reported on the first edge, at time 0 too (no waiting for the line to settle). */
static void test_press_on_first_edge(void **state)
{
    (void)state;
    debounce d;
    debounce_init(&d, WINDOW, 0);
    assert_int_equal(debounce_edge(&d, 0, true, 0), DB_PRESS);
    assert_true(d.b[0].reported);
    assert_int_equal(debounce_deadline(&d, 0), -1);           /* stuck_ms 0: nothing pending */
    assert_int_equal(debounce_edge(&d, 0, true, 1), DB_NONE); /* same level again */
}

/* Edges that follow another edge within debounce_ms are bounce; an edge after the line was
 * still for exactly debounce_ms is real. */
static void test_bounce_within_window_ignored(void **state)
{
    (void)state;
    debounce d;
    debounce_init(&d, WINDOW, 0);
    assert_int_equal(debounce_edge(&d, 2, true, 1000), DB_PRESS);
    assert_int_equal(debounce_edge(&d, 2, false, 1002), DB_NONE);
    assert_int_equal(debounce_edge(&d, 2, true, 1005), DB_NONE);
    assert_int_equal(debounce_edge(&d, 2, false, 1019), DB_NONE);
    assert_int_equal(debounce_edge(&d, 2, true, 1019), DB_NONE);
    /* the line settled where it was reported: nothing pending */
    assert_int_equal(debounce_deadline(&d, 2), -1);
    assert_int_equal(debounce_poll(&d, 2, 1020), DB_NONE);
    /* a release right after the last bounce is bounce too: settled when the line is still */
    assert_int_equal(debounce_edge(&d, 2, false, 1020), DB_NONE);
    assert_int_equal(debounce_deadline(&d, 2), 1040);
    assert_int_equal(debounce_poll(&d, 2, 1040), DB_RELEASE);
    /* a press after the line was still for the window is reported at once */
    assert_int_equal(debounce_edge(&d, 2, true, 1060), DB_PRESS);
    assert_int_equal(debounce_edge(&d, 2, false, 1079), DB_NONE); /* bounce */
    assert_int_equal(debounce_edge(&d, 2, true, 1079), DB_NONE);
    /* and a release after the line was still for exactly the window, at once */
    assert_int_equal(debounce_edge(&d, 2, false, 1099), DB_RELEASE);
    assert_false(d.b[2].reported);
}

/* A short tap whose release fell inside the window: poll reports the release at the deadline,
 * not a millisecond before, and only once. */
static void test_short_tap_settled_by_poll(void **state)
{
    (void)state;
    debounce d;
    debounce_init(&d, WINDOW, STUCK);
    assert_int_equal(debounce_edge(&d, 1, true, 1000), DB_PRESS);
    assert_int_equal(debounce_edge(&d, 1, false, 1006), DB_NONE);
    assert_int_equal(debounce_deadline(&d, 1), 1026); /* still for the window after the last edge */
    assert_int_equal(debounce_poll(&d, 1, 1025), DB_NONE);
    assert_int_equal(debounce_poll(&d, 1, 1026), DB_RELEASE);
    assert_false(d.b[1].reported);
    assert_int_equal(debounce_deadline(&d, 1), -1);
    assert_int_equal(debounce_poll(&d, 1, 1027), DB_NONE);
    assert_int_equal(debounce_poll(&d, 1, 99999), DB_NONE);
}

/* A bouncing release inside the window that ends up: settled by poll at the deadline; a
 * release that bounces back down after being reported: poll reports the press it settled in. */
static void test_bouncing_release_settled_by_poll(void **state)
{
    (void)state;
    debounce d;
    debounce_init(&d, WINDOW, STUCK);
    assert_int_equal(debounce_edge(&d, 3, true, 500), DB_PRESS);
    assert_int_equal(debounce_edge(&d, 3, false, 510), DB_NONE);
    assert_int_equal(debounce_edge(&d, 3, true, 512), DB_NONE);
    assert_int_equal(debounce_edge(&d, 3, false, 515), DB_NONE);
    assert_int_equal(debounce_deadline(&d, 3), 535);
    assert_int_equal(debounce_poll(&d, 3, 534), DB_NONE);
    assert_int_equal(debounce_poll(&d, 3, 535), DB_RELEASE);
    assert_int_equal(debounce_poll(&d, 3, 536), DB_NONE);

    /* released at 700, the contact bounces back and rests pressed */
    assert_int_equal(debounce_edge(&d, 3, true, 590), DB_PRESS);
    assert_int_equal(debounce_edge(&d, 3, false, 700), DB_RELEASE);
    assert_int_equal(debounce_edge(&d, 3, true, 705), DB_NONE);
    assert_int_equal(debounce_deadline(&d, 3), 725);
    assert_int_equal(debounce_poll(&d, 3, 724), DB_NONE);
    assert_int_equal(debounce_poll(&d, 3, 725), DB_PRESS);
}

/* Held for stuck_ms: reported stuck once; no presses until it has been released; after the
 * release it works again. */
static void test_stuck_reported_once(void **state)
{
    (void)state;
    debounce d;
    debounce_init(&d, WINDOW, 5000);
    assert_int_equal(debounce_edge(&d, 4, true, 0), DB_PRESS);
    assert_int_equal(debounce_deadline(&d, 4), 5000);
    assert_int_equal(debounce_poll(&d, 4, 4999), DB_NONE);
    assert_int_equal(debounce_poll(&d, 4, 5000), DB_STUCK);
    assert_true(d.b[4].stuck);
    assert_int_equal(debounce_deadline(&d, 4), -1);
    for (int64_t t = 5001; t < 60000; t += 997)
        assert_int_equal(debounce_poll(&d, 4, t), DB_NONE);
    /* a press edge while stuck (the release edge was missed) gives no press */
    assert_int_equal(debounce_edge(&d, 4, true, 61000), DB_NONE);
    assert_int_equal(debounce_poll(&d, 4, 70000), DB_NONE);
    /* released at last: reported, and the button is normal again */
    assert_int_equal(debounce_edge(&d, 4, false, 80000), DB_RELEASE);
    assert_false(d.b[4].stuck);
    assert_int_equal(debounce_deadline(&d, 4), -1);
    assert_int_equal(debounce_edge(&d, 4, true, 80100), DB_PRESS);
    assert_int_equal(debounce_edge(&d, 4, false, 80200), DB_RELEASE);
}

/* stuck_ms 0: a button may be held for ever. */
static void test_never_stuck_when_zero(void **state)
{
    (void)state;
    debounce d;
    debounce_init(&d, WINDOW, 0);
    assert_int_equal(debounce_edge(&d, 0, true, 0), DB_PRESS);
    assert_int_equal(debounce_poll(&d, 0, INT64_C(1) << 40), DB_NONE);
    assert_false(d.b[0].stuck);
}

/* Feeds one edge after polling whatever was due before it; tallies the results. */
typedef struct tally {
    unsigned press, release, stuck;
    int64_t last_press_ms;
} tally;

static void count(tally *c, debounce_result r, int64_t t)
{
    if (r == DB_PRESS) {
        c->press++;
        c->last_press_ms = t;
    }
    c->release += r == DB_RELEASE;
    c->stuck += r == DB_STUCK;
}

static void poll_until(debounce *d, unsigned i, int64_t t, tally *c)
{
    int64_t dl;
    while ((dl = debounce_deadline(d, i)) >= 0 && dl <= t)
        count(c, debounce_poll(d, i, dl), dl);
}

static void feed(debounce *d, unsigned i, bool level, int64_t t, tally *c)
{
    poll_until(d, i, t, c);
    count(c, debounce_edge(d, i, level, t), t);
}

/* A bouncing contact: 20 edges over 15 ms (press, bounce, and a release that bounces too)
 * gives exactly one press, at the first edge, and one release. */
static void test_twenty_edges_one_press_one_release(void **state)
{
    (void)state;
    debounce d;
    debounce_init(&d, WINDOW, STUCK);
    tally c = {0};
    for (int k = 0; k < 20; k++)
        feed(&d, 0, k % 2 == 0, 1000 + k * 15 / 19, &c);
    poll_until(&d, 0, 10000, &c);
    assert_int_equal(c.press, 1);
    assert_int_equal(c.release, 1);
    assert_int_equal(c.last_press_ms, 1000);
    assert_false(d.b[0].reported);
}

/* Chatter: an edge every half millisecond for 200 ms (2 kHz), at any phase, is one press
 * and, when the line comes to rest up, one release: never a stream of presses. */
static void test_khz_chatter_one_press(void **state)
{
    (void)state;
    for (int end_down = 0; end_down < 2; end_down++) {
        debounce d;
        debounce_init(&d, WINDOW, STUCK);
        tally c = {0};
        int k;
        for (k = 0; k < 400 + end_down; k++) /* ms resolution: two edges in the same ms too */
            feed(&d, 0, k % 2 == 0, 1000 + k / 2, &c);
        poll_until(&d, 0, 5000, &c);
        assert_int_equal(c.press, 1);
        assert_int_equal(c.last_press_ms, 1000);
        assert_int_equal(c.release, end_down ? 0 : 1);
        assert_int_equal(d.b[0].reported, end_down == 1);
    }
}

/* Buttons are independent: one button's window neither hides nor settles another's edges. */
static void test_buttons_independent(void **state)
{
    (void)state;
    debounce d;
    debounce_init(&d, WINDOW, STUCK);
    assert_int_equal(debounce_edge(&d, 0, true, 1000), DB_PRESS);
    assert_int_equal(debounce_edge(&d, 1, true, 1001), DB_PRESS);
    assert_int_equal(debounce_edge(&d, 5, true, 1002), DB_PRESS);
    assert_int_equal(debounce_edge(&d, 0, false, 1005), DB_NONE);
    assert_int_equal(debounce_deadline(&d, 0), 1025);
    assert_int_equal(debounce_deadline(&d, 1), 1001 + STUCK);
    assert_int_equal(debounce_poll(&d, 1, 1025), DB_NONE); /* polling 1 leaves 0 pending */
    assert_true(d.b[0].reported);
    assert_int_equal(debounce_poll(&d, 0, 1025), DB_RELEASE);
    assert_true(d.b[1].reported);
    assert_true(d.b[5].reported);
    assert_int_equal(debounce_edge(&d, 7, true, 1021), DB_PRESS); /* the last index works */
    assert_false(d.b[6].reported);
}

/* An index past the last button is ignored and touches nothing. */
static void test_out_of_range_index_ignored(void **state)
{
    (void)state;
    debounce d, before;
    debounce_init(&d, WINDOW, STUCK);
    assert_int_equal(debounce_edge(&d, 0, true, 10), DB_PRESS);
    memcpy(&before, &d, sizeof(d));
    assert_int_equal(debounce_edge(&d, DEBOUNCE_BUTTONS, true, 100), DB_NONE);
    assert_int_equal(debounce_edge(&d, UINT_MAX, true, 100), DB_NONE);
    assert_int_equal(debounce_poll(&d, DEBOUNCE_BUTTONS, 100000), DB_NONE);
    assert_int_equal(debounce_poll(&d, UINT_MAX, 100000), DB_NONE);
    assert_int_equal(debounce_deadline(&d, DEBOUNCE_BUTTONS), -1);
    assert_int_equal(debounce_deadline(&d, UINT_MAX), -1);
    assert_memory_equal(&d, &before, sizeof(d));
}

/* xorshift32 with a fixed seed: the same "random" bounces on every run. */
static uint32_t rng_next(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

static int64_t rng_range(uint32_t *s, int64_t lo, int64_t hi) /* lo..hi inclusive */
{
    return lo + (int64_t)(rng_next(s) % (uint32_t)(hi - lo + 1));
}

/* Bounces of up to 8 extra edges within 12 ms (less than the window), from the edge at t;
 * the line ends at `level`. Returns the time of the last edge. */
static int64_t bounce(debounce *d, unsigned i, bool level, int64_t t, uint32_t *seed, tally *c)
{
    feed(d, i, level, t, c);
    int pairs = (int)rng_range(seed, 0, 4);
    for (int k = 0; k < pairs; k++) {
        t += rng_range(seed, 1, 2);
        feed(d, i, !level, t, c);
        t += rng_range(seed, 0, 1);
        feed(d, i, level, t, c);
    }
    return t;
}

/* 1000 presses of a bouncing contact, short taps (shorter than the window) included:
 * exactly 1000 presses, each at its first edge, and 1000 releases. */
static void test_random_bounce_thousand_presses(void **state)
{
    (void)state;
    debounce d;
    debounce_init(&d, WINDOW, STUCK);
    uint32_t seed = 0x0057A11Du;
    tally c = {0};
    int64_t t = 1000;
    unsigned short_taps = 0, bounced = 0;
    for (int n = 0; n < 1000; n++) {
        int64_t first = t;
        int64_t last = bounce(&d, 6, true, t, &seed, &c);
        bounced += last > first;
        assert_int_equal(c.press, (unsigned)n + 1);
        assert_int_equal(c.last_press_ms, first);
        /* one in four is a quick tap */
        int64_t hold = rng_next(&seed) % 4 == 0 ? rng_range(&seed, 1, 8) : rng_range(&seed, 1, 300);
        short_taps += last + hold - first < WINDOW;
        last = bounce(&d, 6, false, last + hold, &seed, &c);
        t = last + rng_range(&seed, 50, 400);
    }
    poll_until(&d, 6, t, &c);
    assert_int_equal(c.press, 1000);
    assert_int_equal(c.release, 1000);
    assert_int_equal(c.stuck, 0);
    /* the simulation really exercised bounce and short taps */
    assert_true(bounced > 500);
    assert_true(short_taps > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_all_up),
        cmocka_unit_test(test_press_on_first_edge),
        cmocka_unit_test(test_bounce_within_window_ignored),
        cmocka_unit_test(test_short_tap_settled_by_poll),
        cmocka_unit_test(test_bouncing_release_settled_by_poll),
        cmocka_unit_test(test_stuck_reported_once),
        cmocka_unit_test(test_never_stuck_when_zero),
        cmocka_unit_test(test_twenty_edges_one_press_one_release),
        cmocka_unit_test(test_khz_chatter_one_press),
        cmocka_unit_test(test_buttons_independent),
        cmocka_unit_test(test_out_of_range_index_ignored),
        cmocka_unit_test(test_random_bounce_thousand_presses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
