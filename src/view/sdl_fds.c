/* sdl_fds.c — the descriptors that carry SDL's input, watched by the main loop (see
 * sdl_fds.h). Evdev devices are opened a second time, read-only, only so that poll()
 * wakes when they have input: every open file of an evdev node gets its own copy of the
 * events, so draining ours (loop_wait does, LOOP_FD_INPUT) takes nothing from SDL. */
#include "sdl_fds.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <SDL_syswm.h>

enum {
    MAX_DEVS = 64,      /* a kiosk has a touchscreen and perhaps a keyboard; more are ignored */
    REPUMP_MS = 1000,   /* how long after a hotplug SDL is pumped without input */
    REPUMP_EVERY = 100, /* and how often */
    NAME_LEN = 32,      /* "event123" and then some */
    DIR_LEN = 256,
};

typedef struct dev {
    int fd;
    char name[NAME_LEN];
} dev;

static struct {
    loop *l;            /* the loop watched, NULL when none */
    bool poll_fallback; /* SDL_FDS_POLL was returned */
    int display_fd;     /* the X connection: SDL's, never closed here */
    int ino;            /* inotify on dir, -1 when none */
    char dir[DIR_LEN];  /* where the event nodes are */
    dev devs[MAX_DEVS];
    int n;
    int64_t repump_until; /* 0: no hotplug lately */
} st = {.display_fd = -1, .ino = -1};

/* "event" followed by digits only: the evdev nodes (not mice, js0, by-id/ …). */
static bool is_event_node(const char *name)
{
    if (strncmp(name, "event", 5) != 0 || !name[5])
        return false;
    for (const char *p = name + 5; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    return strlen(name) < NAME_LEN;
}

static int find_dev(const char *name)
{
    for (int i = 0; i < st.n; i++)
        if (strcmp(st.devs[i].name, name) == 0)
            return i;
    return -1;
}

/* Accelerometers report all the time and SDL treats them as sensors, not input: watching
 * one would keep the box awake. A failing ioctl (not an evdev node: tests) means "no". */
static bool is_accelerometer(int fd)
{
    unsigned char props[INPUT_PROP_CNT / 8 + 1] = {0};
    if (ioctl(fd, EVIOCGPROP(sizeof(props)), props) < 0)
        return false;
    return props[INPUT_PROP_ACCELEROMETER / 8] & (1u << (INPUT_PROP_ACCELEROMETER % 8));
}

static void close_fd(int fd)
{
    /* after close the fd is released whatever close says; nothing to retry */
    (void)close(fd);
}

/* Opens and watches dir/name if it is an event node not watched yet. true if added. */
static bool open_dev(const char *name)
{
    if (!is_event_node(name) || find_dev(name) >= 0 || st.n == MAX_DEVS)
        return false;
    char path[DIR_LEN + NAME_LEN + 1];
    if (snprintf(path, sizeof(path), "%s/%s", st.dir, name) >= (int)sizeof(path))
        return false;
    /* EACCES right after IN_CREATE is normal: udev sets the group a moment later, and the
     * IN_ATTRIB that follows brings us back here */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return false;
    if (is_accelerometer(fd) || loop_add_fd(st.l, fd, LOOP_FD_INPUT) != 0) {
        close_fd(fd);
        return false;
    }
    dev *d = &st.devs[st.n++];
    d->fd = fd;
    snprintf(d->name, sizeof(d->name), "%s", name);
    return true;
}

static void close_dev(int i)
{
    loop_remove_fd(st.l, st.devs[i].fd);
    close_fd(st.devs[i].fd);
    st.devs[i] = st.devs[--st.n];
}

/* Opens every event node in st.dir. The number added. */
static int scan_dir(void)
{
    DIR *d = opendir(st.dir);
    if (!d)
        return 0; /* no /dev/input (a container, a board without input): nothing to watch */
    int added = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        added += open_dev(e->d_name);
    (void)closedir(d); /* a directory opened read-only: nothing to lose */
    return added;
}

int sdl_fds_watch_dir(loop *l, const char *dir)
{
    sdl_fds_unwatch(st.l);
    if (strlen(dir) >= sizeof(st.dir)) {
        SDL_SetError("sdl_fds: directory name too long: %s", dir);
        return -1;
    }
    st.l = l;
    snprintf(st.dir, sizeof(st.dir), "%s", dir);
    /* the inotify watch before the scan, so that a device appearing in between is seen */
    st.ino = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (st.ino < 0) {
        SDL_SetError("sdl_fds: inotify_init1: %s", strerror(errno));
        return -1;
    }
    if (inotify_add_watch(st.ino, dir, IN_CREATE | IN_ATTRIB | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM) < 0) {
        /* no directory, no hotplug: the devices present (none, if it is missing) are all */
        close_fd(st.ino);
        st.ino = -1;
    } else if (loop_add_fd(l, st.ino, LOOP_FD_HOTPLUG) != 0) {
        SDL_SetError("sdl_fds: %s", strerror(errno));
        sdl_fds_unwatch(l);
        return -1;
    }
    return scan_dir();
}

int sdl_fds_watch(loop *l, SDL_Window *w)
{
    sdl_fds_unwatch(st.l);
    const char *drv = SDL_GetCurrentVideoDriver();
    if (!drv) {
        SDL_SetError("sdl_fds: no video driver");
        return -1;
    }
    if (!strcasecmp(drv, "dummy") || !strcasecmp(drv, "offscreen")) {
        st.l = l;
        return 0;
    }
    if (!strcasecmp(drv, "KMSDRM") || !strcasecmp(drv, "evdev") || !strcasecmp(drv, "RPI") ||
        !strcasecmp(drv, "vivante"))
        return sdl_fds_watch_dir(l, "/dev/input");
#ifdef SDL_VIDEO_DRIVER_X11
    if (!strcasecmp(drv, "x11")) {
        SDL_SysWMinfo info;
        SDL_VERSION(&info.version);
        if (!SDL_GetWindowWMInfo(w, &info))
            return -1;
        if (info.subsystem == SDL_SYSWM_X11) {
            /* ConnectionNumber is a macro reading the Display: no -lX11 needed */
            int fd = ConnectionNumber(info.info.x11.display);
            if (loop_add_fd(l, fd, LOOP_FD_DISPLAY) != 0) {
                SDL_SetError("sdl_fds: %s", strerror(errno));
                return -1;
            }
            st.l = l;
            st.display_fd = fd;
            return 1;
        }
    }
#else
    (void)w;
#endif
    st.l = l;
    st.poll_fallback = true;
    return SDL_FDS_POLL;
}

/* Reads the inotify fd empty, opening and closing devices as they come and go. */
static void read_hotplug(void)
{
    alignas(struct inotify_event) char buf[4096];
    for (;;) {
        ssize_t r = read(st.ino, buf, sizeof(buf));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return; /* EAGAIN: all read */
        for (char *p = buf; p < buf + r;) {
            const struct inotify_event *ev = (const struct inotify_event *)(void *)p;
            p += sizeof(*ev) + ev->len;
            if (ev->mask & IN_Q_OVERFLOW) {
                scan_dir(); /* events were lost: what is there now is what counts */
                st.repump_until = loop_now_ms() + REPUMP_MS;
                continue;
            }
            if (!ev->len || !is_event_node(ev->name))
                continue;
            st.repump_until = loop_now_ms() + REPUMP_MS;
            if (ev->mask & (IN_CREATE | IN_ATTRIB | IN_MOVED_TO)) {
                open_dev(ev->name);
            } else if (ev->mask & (IN_DELETE | IN_MOVED_FROM)) {
                int i = find_dev(ev->name);
                if (i >= 0)
                    close_dev(i);
            }
        }
    }
}

void sdl_fds_service(loop *l)
{
    if (!st.l || st.l != l)
        return;
    if (st.ino >= 0) {
        short re = loop_fd_revents(l, st.ino);
        if (re & POLLIN)
            read_hotplug();
        if (re & (POLLERR | POLLHUP | POLLNVAL)) {
            /* the watch is broken (never seen): keep the devices, lose hotplug */
            loop_remove_fd(l, st.ino);
            close_fd(st.ino);
            st.ino = -1;
        }
    }
    /* backwards: close_dev moves the last entry into the hole */
    for (int i = st.n - 1; i >= 0; i--)
        if (loop_fd_revents(l, st.devs[i].fd) & (POLLERR | POLLHUP | POLLNVAL))
            close_dev(i);
}

int64_t sdl_fds_next_wake(int64_t wake_ms)
{
    if (!st.poll_fallback && !st.repump_until)
        return wake_ms; /* the usual case: no clock read */
    int64_t now = loop_now_ms();
    int64_t cap;
    if (st.poll_fallback) {
        cap = now + SDL_FDS_POLL_MS;
    } else if (now < st.repump_until) {
        cap = now + REPUMP_EVERY;
    } else {
        st.repump_until = 0;
        return wake_ms;
    }
    return wake_ms < 0 || cap < wake_ms ? cap : wake_ms;
}

void sdl_fds_unwatch(loop *l)
{
    if (!st.l || st.l != l)
        return;
    while (st.n > 0)
        close_dev(st.n - 1);
    if (st.ino >= 0) {
        loop_remove_fd(l, st.ino);
        close_fd(st.ino);
    }
    if (st.display_fd >= 0)
        loop_remove_fd(l, st.display_fd);
    st.l = NULL;
    st.poll_fallback = false;
    st.display_fd = -1;
    st.ino = -1;
    st.dir[0] = '\0';
    st.repump_until = 0;
}

int sdl_fds_count(void)
{
    return st.n;
}
