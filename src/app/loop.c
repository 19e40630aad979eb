/* loop.c — the main thread's sleep (see loop.h): poll() with no timeout on an eventfd,
 * a timerfd armed at the next deadline, and the watched fds. The timerfd carries the
 * deadline so that the sleep is exact to the clock, not rounded to poll's milliseconds,
 * and so that the one poll() call has no timeout arithmetic to get wrong. */
#include "loop.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

enum {
    FIXED = 2,         /* pollfd slots before the watched fds: eventfd, timerfd */
    DRAIN_READS = 16,  /* reads of one input fd per wait: a fast device cannot hold us here */
    DRAIN_BYTES = 768, /* 32 struct input_event on 64-bit: whole events per read */
};

typedef struct watch {
    int fd;
    int kind;
    short revents; /* from the last loop_wait */
    bool hung;     /* hung up or failed: not polled until removed */
} watch;

struct loop {
    int efd, tfd;
    int64_t armed_ms; /* the deadline the timerfd holds, -1 when disarmed or expired */
    watch *w;
    struct pollfd *pfd; /* FIXED + cap entries, filled by each loop_wait */
    size_t n, cap;
    loop_stats stats;
};

int64_t loop_now_ms(void)
{
    struct timespec ts;
    /* CLOCK_MONOTONIC cannot fail with a valid pointer; 0 keeps callers sane if it did */
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0;
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

loop *loop_new(char *err, size_t errlen)
{
    loop *l = calloc(1, sizeof(*l));
    if (!l) {
        snprintf(err, errlen, "loop: out of memory");
        return NULL;
    }
    l->armed_ms = -1;
    l->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (l->efd < 0) {
        snprintf(err, errlen, "loop: eventfd: %s", strerror(errno));
        free(l);
        return NULL;
    }
    l->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
    if (l->tfd < 0) {
        snprintf(err, errlen, "loop: timerfd_create: %s", strerror(errno));
        close(l->efd);
        free(l);
        return NULL;
    }
    l->pfd = calloc(FIXED, sizeof(*l->pfd));
    if (!l->pfd) {
        snprintf(err, errlen, "loop: out of memory");
        loop_free(l);
        return NULL;
    }
    return l;
}

void loop_free(loop *l)
{
    if (!l)
        return;
    /* close can only fail here with EINTR/EIO, and the fd is gone either way */
    if (l->efd >= 0)
        (void)close(l->efd);
    if (l->tfd >= 0)
        (void)close(l->tfd);
    free(l->w);
    free(l->pfd);
    free(l);
}

static watch *find(const loop *l, int fd)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->w[i].fd == fd)
            return &l->w[i];
    return NULL;
}

int loop_add_fd(loop *l, int fd, int kind)
{
    if (fd < 0) {
        errno = EBADF;
        return -1;
    }
    if (find(l, fd)) {
        errno = EEXIST;
        return -1;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        watch *w = realloc(l->w, cap * sizeof(*w));
        if (!w)
            return -1;
        l->w = w;
        struct pollfd *p = realloc(l->pfd, (FIXED + cap) * sizeof(*p));
        if (!p)
            return -1;
        l->pfd = p;
        l->cap = cap;
    }
    l->w[l->n++] = (watch){.fd = fd, .kind = kind};
    return 0;
}

void loop_remove_fd(loop *l, int fd)
{
    watch *w = find(l, fd);
    if (!w)
        return;
    *w = l->w[--l->n];
}

void loop_wake(loop *l)
{
    int saved = errno; /* a signal handler may call us between a syscall and its errno check */
    uint64_t one = 1;
    /* EAGAIN means the counter is full: a wake is pending anyway. Nothing else can fail on a
     * valid eventfd, and there is no one to tell from a signal handler. */
    ssize_t r = write(l->efd, &one, sizeof(one));
    (void)r;
    errno = saved;
}

short loop_fd_revents(const loop *l, int fd)
{
    const watch *w = find(l, fd);
    return w ? w->revents : 0;
}

loop_stats loop_get_stats(const loop *l)
{
    return l->stats;
}

/* Arms the timerfd at wake_ms on CLOCK_MONOTONIC, or disarms it (-1). 0 / -1. */
static int arm(loop *l, int64_t wake_ms)
{
    if (wake_ms == l->armed_ms)
        return 0; /* still armed there and not yet expired: spare the syscall */
    struct itimerspec its = {0};
    if (wake_ms >= 0) {
        its.it_value.tv_sec = (time_t)(wake_ms / 1000);
        its.it_value.tv_nsec = (long)(wake_ms % 1000) * 1000000L;
        /* an all-zero it_value disarms; 1 ns after boot is in the past all the same */
        if (wake_ms == 0)
            its.it_value.tv_nsec = 1;
    }
    /* settime also clears an expiry still unread from an earlier deadline */
    if (timerfd_settime(l->tfd, TFD_TIMER_ABSTIME, &its, NULL) != 0)
        return -1;
    l->armed_ms = wake_ms;
    return 0;
}

/* Reads a counter fd (eventfd, timerfd) empty. true if it held something. */
static bool drain_counter(int fd)
{
    uint64_t v;
    ssize_t r = read(fd, &v, sizeof(v));
    return r == (ssize_t)sizeof(v) && v > 0;
}

/* Reads and discards what an input fd holds; false if the device is gone. */
static bool drain_input(int fd)
{
    char buf[DRAIN_BYTES];
    for (int i = 0; i < DRAIN_READS; i++) {
        ssize_t r = read(fd, buf, sizeof(buf));
        if (r > 0)
            continue;
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 && errno == EAGAIN)
            return true;
        return false; /* 0: end of file; ENODEV: unplugged; anything else: unusable */
    }
    return true;
}

/* Whether revents say the fd is gone or broken. /proc/self/mountinfo signals a change of
 * the mount table as POLLPRI|POLLERR (and clears it in that same poll): there POLLERR is
 * only a failure without POLLPRI. */
static bool hung_up(int kind, short re)
{
    if (re & (POLLHUP | POLLNVAL))
        return true;
    if (kind == LOOP_FD_MOUNTS)
        return (re & POLLERR) && !(re & POLLPRI);
    return (re & POLLERR) != 0;
}

int loop_wait(loop *l, int64_t wake_ms)
{
    if (arm(l, wake_ms < 0 ? -1 : wake_ms) != 0)
        return -1;

    l->pfd[0] = (struct pollfd){.fd = l->efd, .events = POLLIN};
    l->pfd[1] = (struct pollfd){.fd = l->tfd, .events = POLLIN};
    for (size_t i = 0; i < l->n; i++) {
        l->w[i].revents = 0;
        /* a negative fd is skipped by poll: a hung fd would otherwise report forever */
        short ev = l->w[i].kind == LOOP_FD_MOUNTS ? POLLPRI : POLLIN;
        l->pfd[FIXED + i] = (struct pollfd){.fd = l->w[i].hung ? -1 : l->w[i].fd, .events = ev};
    }

    int n = poll(l->pfd, FIXED + l->n, -1);
    if (n < 0) {
        if (errno != EINTR)
            return -1;
        l->stats.waits++;
        return 0;
    }

    int res = 0;
    if ((l->pfd[0].revents & POLLIN) && drain_counter(l->efd))
        res |= LOOP_WOKEN;
    /* a spurious readiness (EAGAIN) is not a deadline */
    if ((l->pfd[1].revents & POLLIN) && drain_counter(l->tfd)) {
        res |= LOOP_TIMER;
        l->armed_ms = -1; /* one-shot: expired means disarmed */
    }
    for (size_t i = 0; i < l->n; i++) {
        watch *w = &l->w[i];
        short re = l->pfd[FIXED + i].revents;
        if (!re)
            continue;
        res |= LOOP_READY;
        if (w->kind == LOOP_FD_INPUT && (re & POLLIN) && !drain_input(w->fd))
            re |= POLLERR;
        if (hung_up(w->kind, re))
            w->hung = true;
        w->revents = re;
    }

    l->stats.waits++;
    l->stats.woken += (res & LOOP_WOKEN) != 0;
    l->stats.timer += (res & LOOP_TIMER) != 0;
    l->stats.ready += (res & LOOP_READY) != 0;
    return res;
}
