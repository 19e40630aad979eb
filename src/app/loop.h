/* loop.h — the main thread's sleep: blocks in poll() on real file descriptors (a timerfd
 * for the next deadline, an eventfd other threads poke, the display's and the input
 * devices' fds) so that an idle box really idles. SDL_WaitEventTimeout cannot do this:
 * on the dummy and KMSDRM video drivers it wakes every millisecond. No SDL in here;
 * view/sdl_fds.h knows which descriptors carry SDL's input.
 *
 * The pattern the UI uses (main thread):
 *
 *     for (;;) {
 *         SDL_PumpEvents(); while (SDL_PollEvent(&e)) handle(&e);    // drain
 *         if (state changed) draw();
 *         SDL_PumpEvents();  // x11: flush our requests, take what the draw read into Xlib's queue
 *         if (SDL_HasEvents(SDL_FIRSTEVENT, SDL_LASTEVENT)) continue;
 *         int r = loop_wait(l, sdl_fds_next_wake(next_wake_ms)); // engine deadline, next
 *                                                               // countdown second, end of a flash
 *         if (r > 0 && (r & LOOP_READY)) sdl_fds_service(l);     // hotplug, vanished devices
 *     }
 *
 * and every other thread does SDL_PushEvent(...) and then loop_wake(l) — in that order:
 * a wake before the push can be consumed by a pump that does not see the event yet, and
 * the loop would sleep with it queued. (For the same reason an SDL event watch cannot do
 * the wake: SDL calls watchers before it queues the event.)
 *
 * Everything except loop_wake belongs to the thread that created the loop. */
#ifndef OOGST_LOOP_H
#define OOGST_LOOP_H

#include <stddef.h>
#include <stdint.h>

/* What loop_wait returned for (a bit set). */
enum {
    LOOP_WOKEN = 1 << 0, /* loop_wake was called */
    LOOP_TIMER = 1 << 1, /* the deadline passed */
    LOOP_READY = 1 << 2, /* a watched fd is readable (LOOP_FD_MOUNTS: changed), or hung up */
};

/* The caller's tag for a watched fd. Only LOOP_FD_INPUT and LOOP_FD_MOUNTS change what
 * loop_wait does. */
enum {
    LOOP_FD_DISPLAY = 1, /* the display server connection: SDL reads it when pumped */
    LOOP_FD_INPUT,       /* our own evdev handle: loop_wait reads and discards (SDL has its own) */
    LOOP_FD_GPIO,        /* a GPIO line request: the caller reads it */
    LOOP_FD_HOTPLUG,     /* an inotify fd: the caller reads it (sdl_fds_service) */
    LOOP_FD_OTHER,
    /* /proc/self/mountinfo (usb_fd): a change of the mount table is signalled as
     * POLLPRI|POLLERR, not POLLIN (which it always is), so it is polled for POLLPRI and its
     * POLLERR is no failure. The kernel clears the signal in the poll that reports it, so
     * each change is reported once as LOOP_READY and an unread fd cannot make the loop
     * spin; but it is reported only that once: after LOOP_READY with this fd's revents
     * set, the caller must call usb_check (which rereads the table from the start), or
     * the change is lost until the next one. */
    LOOP_FD_MOUNTS,
};

typedef struct loop loop;

/* A timerfd (CLOCK_MONOTONIC) and an eventfd, both close-on-exec and non-blocking.
 * NULL with a message in err on failure. */
loop *loop_new(char *err, size_t errlen);
/* NULL-safe. Closes the timerfd and eventfd, not the watched fds (the caller owns them). */
void loop_free(loop *l);

/* Watches fd for input (level-triggered: a fd of another kind that the caller leaves
 * unread makes every loop_wait return at once). 0, or -1 with errno (EBADF, EEXIST, ENOMEM). */
int loop_add_fd(loop *l, int fd, int kind);
/* Stops watching fd (does not close it). Unknown fds are ignored. */
void loop_remove_fd(loop *l, int fd);

/* Makes loop_wait return (now, or at its next call). Any thread; async-signal-safe;
 * keeps errno. Many wakes before loop_wait runs coalesce into one LOOP_WOKEN. */
void loop_wake(loop *l);

/* Blocks until a watched fd is readable, loop_wake was called, or CLOCK_MONOTONIC reaches
 * wake_ms (ms on the clock of loop_now_ms; -1: no deadline; a time in the past returns at
 * once). Returns a bit set of LOOP_WOKEN, LOOP_TIMER and LOOP_READY; 0 when a signal
 * interrupted the sleep (pump SDL: its SIGINT/SIGTERM handlers queue SDL_QUIT then); -1 on
 * error. Drains the eventfd and the timerfd; for a watched fd of kind LOOP_FD_INPUT it
 * reads and discards what is pending. A watched fd that hangs up or fails (POLLERR,
 * POLLHUP, POLLNVAL, or ENODEV/EOF on reading) is reported once as LOOP_READY and is not
 * polled again until the caller removes it — a vanished device cannot make the loop spin.
 * A LOOP_FD_MOUNTS fd is watched for POLLPRI; its POLLERR (which comes with POLLPRI) is
 * not a failure, only POLLHUP, POLLNVAL or a POLLERR without POLLPRI are. */
int loop_wait(loop *l, int64_t wake_ms);

/* The poll revents of fd in the last loop_wait (POLLERR is added when reading an input
 * fd found it gone); 0 when fd was not ready or is not watched. */
short loop_fd_revents(const loop *l, int fd);

/* CLOCK_MONOTONIC in ms. */
int64_t loop_now_ms(void);

/* For tests and the benchmark: how many times loop_wait returned, and how often because
 * of each cause (a return can have several causes). */
typedef struct loop_stats {
    uint64_t waits, woken, timer, ready;
} loop_stats;
loop_stats loop_get_stats(const loop *l);

#endif
