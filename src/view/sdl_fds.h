/* sdl_fds.h — which file descriptors carry SDL's input, so that the main loop (app/loop.h)
 * can sleep in poll() on them and pump SDL only when one is ready.
 *
 *   x11              the X connection
 *   KMSDRM, evdev,   every /dev/input/event* (our own read-only handles, drained and
 *   RPI, vivante     discarded by loop_wait: SDL reads its own) and an inotify watch on
 *                    /dev/input for devices plugged in later
 *   dummy, offscreen nothing: only our own wakes and deadlines end a sleep
 *   wayland, others  nothing we can sleep on safely: returns SDL_FDS_POLL and
 *                    sdl_fds_next_wake caps every sleep at SDL_FDS_POLL_MS
 *
 * Wayland is not watched because its fd's readiness does not mean "SDL has input": Mesa's
 * EGL reads the same socket into its own queue (events for SDL's queue then sit read but
 * not dispatched, with the fd quiet), and a sleep needs wl_display_prepare_read/flush
 * around it, which only SDL can do on its dlopen'ed libwayland-client. A 10 ms poll is
 * what SDL itself would do, at a tenth of its rate.
 *
 * One watch at a time (module state); main thread only. */
#ifndef OOGST_SDL_FDS_H
#define OOGST_SDL_FDS_H

#include <stdint.h>

#include <SDL.h>

#include "app/loop.h"

enum {
    SDL_FDS_POLL = -2,    /* sdl_fds_watch: nothing to sleep on, fall back to polling */
    SDL_FDS_POLL_MS = 10, /* the fallback's period */
};

/* Adds to l the descriptors that carry SDL's input for the current video driver (w is the
 * window, used for the X connection). Returns the number of fds added (0 for dummy and
 * offscreen; on evdev drivers the input devices, the inotify fd not counted),
 * SDL_FDS_POLL, or -1 with SDL_SetError. A second call unwatches the first. */
int sdl_fds_watch(loop *l, SDL_Window *w);

/* Like the evdev case of sdl_fds_watch, on any directory of event* nodes: for tests. */
int sdl_fds_watch_dir(loop *l, const char *dir);

/* After loop_wait returned LOOP_READY: opens devices that appeared in /dev/input, closes
 * those that vanished (hung up, or deleted). Cheap when there is nothing to do. */
void sdl_fds_service(loop *l);

/* The deadline to hand loop_wait instead of wake_ms (-1: none): sooner when polling
 * (SDL_FDS_POLL), and for a second after a hotplug — SDL learns of a new device from
 * udev, which tells it after our inotify, so it is pumped a few more times then. */
int64_t sdl_fds_next_wake(int64_t wake_ms);

/* Removes from l and closes everything sdl_fds_watch opened. Safe without a watch. */
void sdl_fds_unwatch(loop *l);

/* How many input device fds are open now (for tests). */
int sdl_fds_count(void);

#endif
