/* leds.c — the flash over the engine's LED mask (see leds.h). */
#include "leds.h"

void leds_init(leds *l)
{
    l->button = 0;
    l->flash_start = 0;
}

void leds_flash(leds *l, int button, int64_t now)
{
    if (button < 1 || button > 6)
        return;
    l->button = button;
    l->flash_start = now;
}

static int64_t phase(const leds *l, int64_t now)
{
    if (!l->button || now < l->flash_start)
        return -1;
    int64_t p = (now - l->flash_start) / LEDS_FLASH_PHASE_MS;
    return p < LEDS_FLASH_PHASES ? p : -1;
}

uint8_t leds_mask(const leds *l, uint8_t base, int64_t now)
{
    int64_t p = phase(l, now);
    if (p < 0)
        return base;
    uint8_t bit = (uint8_t)(1u << (l->button - 1));
    /* even phases dark, odd phases lit, whatever the engine says of that button */
    return p % 2 ? (uint8_t)(base | bit) : (uint8_t)(base & ~bit);
}

int64_t leds_next_change(const leds *l, int64_t now)
{
    int64_t p = phase(l, now);
    return p < 0 ? -1 : l->flash_start + (p + 1) * LEDS_FLASH_PHASE_MS;
}
