/* notify.c — sd_notify for the service (see notify.h). */
#include "app/notify.h"

#include <stdio.h>
#include <systemd/sd-daemon.h>

void notify_init(notifier *n, int64_t now)
{
    *n = (notifier){0};
    uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0 && usec >= 2000) {
        n->every_ms = (int64_t)(usec / 2000); /* twice in each interval */
        n->next_ms = now;
    }
}

void notify_ready(notifier *n)
{
    if (n->ready)
        return;
    n->ready = true;
    int r = sd_notify(0, "READY=1\nSTATUS=Oogst is on the screen");
    if (r < 0)
        fprintf(stderr, "oogst: telling systemd the screen is up failed (%d)\n", r);
}

void notify_tick(notifier *n, int64_t now)
{
    if (n->every_ms <= 0 || now < n->next_ms)
        return;
    sd_notify(0, "WATCHDOG=1");
    n->next_ms = now + n->every_ms;
}

int64_t notify_deadline(const notifier *n)
{
    return n->every_ms > 0 ? n->next_ms : -1;
}

void notify_stopping(notifier *n)
{
    if (n->ready)
        sd_notify(0, "STOPPING=1");
}
