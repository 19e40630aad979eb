/* leds.h — what the buttons' LEDs show: the engine's lit buttons (those that count in
 * this step, not locked out), and a short flash of a button whose vote was just
 * committed. Pure: the time comes in, the mask goes out. */
#ifndef OOGST_LEDS_H
#define OOGST_LEDS_H

#include <stdint.h>

enum {
    LEDS_FLASH_PHASE_MS = 120, /* off, on, off, on: the flash says "geteld" */
    LEDS_FLASH_PHASES = 4,
};

typedef struct leds {
    int button;          /* the flashing button, 1-6; 0: none */
    int64_t flash_start; /* when its flash began */
} leds;

void leds_init(leds *l);
/* Button (1-6) was counted and committed: flash it, from now. */
void leds_flash(leds *l, int button, int64_t now);
/* The LEDs at now: base (bit i: button i+1 lit) with the flash laid over it. */
uint8_t leds_mask(const leds *l, uint8_t base, int64_t now);
/* When the mask next changes by the flash; -1: no flash going on. */
int64_t leds_next_change(const leds *l, int64_t now);

#endif
