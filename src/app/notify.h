/* notify.h — systemd's service protocol for the room's screen: READY=1 once the first
 * frame is on the display (Type=notify), WATCHDOG=1 from the main loop at half the
 * interval systemd asks for (WatchdogSec=: a loop that hangs is restarted), STOPPING=1
 * at the end. Without systemd (no NOTIFY_SOCKET) every call does nothing. */
#ifndef OOGST_NOTIFY_H
#define OOGST_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

typedef struct notifier {
    int64_t every_ms; /* 0: no watchdog */
    int64_t next_ms;  /* the next ping is due then (the loop's clock) */
    bool ready;
} notifier;

/* Reads the watchdog interval (WATCHDOG_USEC) at the loop's time now. */
void notify_init(notifier *n, int64_t now);
/* The first frame is up: READY=1, once. */
void notify_ready(notifier *n);
/* WATCHDOG=1 when it is due at now. */
void notify_tick(notifier *n, int64_t now);
/* When the loop must wake for the next ping; -1: never. */
int64_t notify_deadline(const notifier *n);
void notify_stopping(notifier *n);

#endif
