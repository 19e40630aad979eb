/* test_leds.c — the LED flash that tells a voter "geteld": off, on, off, on over the
 * engine's mask, then the engine's mask again; and its wake-up times. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/leds.h"

/* Without a flash the mask is the engine's. */
static void test_no_flash(void **state)
{
    (void)state;
    leds l;
    leds_init(&l);
    assert_int_equal(leds_mask(&l, 0x15, 0), 0x15);
    assert_int_equal(leds_next_change(&l, 0), -1);
    leds_flash(&l, 0, 10); /* not a button */
    leds_flash(&l, 7, 10);
    assert_int_equal(leds_mask(&l, 0x15, 10), 0x15);
}

/* The flashed button blinks whatever the engine says of it; the others stay as they are. */
static void test_flash_phases(void **state)
{
    (void)state;
    leds l;
    leds_init(&l);
    leds_flash(&l, 3, 1000); /* bit 2 */
    const int P = LEDS_FLASH_PHASE_MS;
    /* the engine has button 3 dark (its lockout) and 1 lit */
    assert_int_equal(leds_mask(&l, 0x01, 1000), 0x01);
    assert_int_equal(leds_mask(&l, 0x01, 1000 + P - 1), 0x01);
    assert_int_equal(leds_mask(&l, 0x01, 1000 + P), 0x05);
    assert_int_equal(leds_mask(&l, 0x01, 1000 + 2 * P), 0x01);
    assert_int_equal(leds_mask(&l, 0x01, 1000 + 3 * P), 0x05);
    assert_int_equal(leds_mask(&l, 0x01, 1000 + 4 * P), 0x01); /* over: the engine's again */
    /* the engine has button 3 lit: the flash darkens it in the even phases */
    assert_int_equal(leds_mask(&l, 0x07, 1000), 0x03);
    assert_int_equal(leds_mask(&l, 0x07, 1000 + 4 * P), 0x07);
}

/* The loop wakes at every phase change and not after the flash. */
static void test_next_change(void **state)
{
    (void)state;
    leds l;
    leds_init(&l);
    const int P = LEDS_FLASH_PHASE_MS;
    leds_flash(&l, 1, 500);
    assert_int_equal(leds_next_change(&l, 500), 500 + P);
    assert_int_equal(leds_next_change(&l, 500 + P), 500 + 2 * P);
    assert_int_equal(leds_next_change(&l, 500 + 4 * P - 1), 500 + 4 * P);
    assert_int_equal(leds_next_change(&l, 500 + 4 * P), -1);
    /* a new vote restarts the flash on its own button */
    leds_flash(&l, 2, 600);
    assert_int_equal(leds_mask(&l, 0x03, 600), 0x01);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_flash),
        cmocka_unit_test(test_flash_phases),
        cmocka_unit_test(test_next_change),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
