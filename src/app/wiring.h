/* wiring.h — `oogst --test-buttons`: for the person wiring the box. Lights each LED in
 * turn and prints every edge and every debounced press and release with its line. */
#ifndef OOGST_WIRING_H
#define OOGST_WIRING_H

#include <stdio.h>

#include "config/config.h"

/* Runs until SIGINT or SIGTERM, or until a stand-in's trace ends. trace_fd > 2: edges
 * from that descriptor (see gpio.h) instead of the GPIO lines. Returns the exit status
 * (1 when the lines cannot be had). */
int wiring_main(const config_gpio *cfg, int trace_fd, FILE *out, FILE *err);

#endif
