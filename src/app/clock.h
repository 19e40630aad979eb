/* clock.h — setting the date and time from the facilitator's menu (a Pi has no clock of
 * its own). The program may not set the clock itself (the service has no capabilities):
 * it asks the system by a file, as it asks for the stick's eject. oogst-clock.path sees
 * the file and oogst-clock.service (systemd/oogst-set-clock) sets the clock from it. */
#ifndef OOGST_CLOCK_H
#define OOGST_CLOCK_H

#include <stddef.h>
#include <stdint.h>

/* Sets the clock to epoch_s (seconds since 1970, UTC): directly when allowed (a program
 * run by root in development), else by writing "SECONDS\n" to request_path (created
 * whole: written under request_path.new, then renamed; never through a link). Returns 0
 * when set, 1 when asked for, -1 with a message in err. */
int clock_set(int64_t epoch_s, const char *request_path, char *err, size_t errlen);
/* Only the asking: writes the request file. 1, or -1 with a message in err. */
int clock_request(int64_t epoch_s, const char *path, char *err, size_t errlen);

#endif
