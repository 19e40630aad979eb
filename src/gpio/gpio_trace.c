/* gpio_trace.c — the stand-in for the GPIO lines: edges read as text from a descriptor
 * (a pipe, a FIFO, a file), one per line, "T_US INPUT LEVEL" (see gpio.h). Blank lines
 * and '#' comments are allowed. A line may arrive in pieces: what has no newline yet
 * waits for the next read. The descriptor stays the caller's: gpio_close leaves it open.
 * At the end of the input there are no more edges (not an error), and gpio_fds reports
 * no descriptor any more, so a loop does not wake for a file that stays readable. */
#include "gpio_common.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
    TRACE_BUF = 4096, /* the longest line; a longer one is an error */
    TRACE_READS = 16, /* reads per gpio_read at most: bounded work, the fd wakes the loop again */
};

typedef struct gpio_trace {
    gpio base;
    int fd;
    bool eof;
    unsigned long line; /* lines consumed so far */
    int64_t last_us;    /* the time of the last edge: times never go back */
    uint8_t levels;     /* after the last edge handed out */
    size_t len;         /* bytes in buf */
    char buf[TRACE_BUF];
} gpio_trace;

static const gpio_ops trace_ops;

gpio *gpio_open_trace(int fd, char *err, size_t errlen)
{
    if (fd < 0) {
        gpio_errf(err, errlen, "trace: no file descriptor");
        return NULL;
    }
    gpio_trace *t = calloc(1, sizeof(*t));
    if (!t) {
        gpio_errf(err, errlen, "out of memory");
        return NULL;
    }
    t->base.ops = &trace_ops;
    t->fd = fd;
    t->last_us = INT64_MIN;
    return &t->base;
}

static void trace_close(gpio *g)
{
    free(g);
}

static int trace_fds(const gpio *g, int *fds, int max)
{
    const gpio_trace *t = (const gpio_trace *)g;
    if (t->eof || max < 1)
        return 0;
    fds[0] = t->fd;
    return 1;
}

/* Parses one line (no newline, '\0'-terminated). 1: an edge in *e; 0: blank or comment;
 * -1: a message in err. */
static int parse_line(gpio_trace *t, char *s, unsigned long no, button_edge *e, char *err, size_t errlen)
{
    char *hash = strchr(s, '#');
    if (hash)
        *hash = '\0';
    char *tok[4] = {0};
    int n = 0;
    char *save = NULL;
    for (char *w = strtok_r(s, " \t\r\v\f", &save); w; w = strtok_r(NULL, " \t\r\v\f", &save)) {
        if (n == 3) {
            gpio_errf(err, errlen, "trace line %lu: \"%s\" after the level; expected T_US INPUT LEVEL", no,
                      w);
            return -1;
        }
        tok[n++] = w;
    }
    if (n == 0)
        return 0;
    if (n < 3) {
        gpio_errf(err, errlen,
                  "trace line %lu: %d of 3 fields; expected T_US INPUT LEVEL, e.g. \"1500000 2 down\"", no,
                  n);
        return -1;
    }
    char *end = NULL;
    errno = 0;
    long long us = strtoll(tok[0], &end, 10);
    if (errno || end == tok[0] || *end || us < 0) {
        gpio_errf(err, errlen, "trace line %lu: time \"%s\" is not microseconds (a whole number >= 0)", no,
                  tok[0]);
        return -1;
    }
    if ((int64_t)us < t->last_us) {
        gpio_errf(err, errlen, "trace line %lu: time %lld is before the previous edge's %" PRId64, no, us,
                  t->last_us);
        return -1;
    }
    unsigned input;
    if (!strcmp(tok[1], "f") || !strcmp(tok[1], "F"))
        input = BUTTON_FACILITATOR;
    else if (tok[1][0] >= '1' && tok[1][0] <= '6' && tok[1][1] == '\0')
        input = (unsigned)(tok[1][0] - '1');
    else {
        gpio_errf(err, errlen, "trace line %lu: input \"%s\"; expected 1-6 or f", no, tok[1]);
        return -1;
    }
    bool pressed;
    if (!strcmp(tok[2], "down"))
        pressed = true;
    else if (!strcmp(tok[2], "up"))
        pressed = false;
    else {
        gpio_errf(err, errlen, "trace line %lu: level \"%s\"; expected down or up", no, tok[2]);
        return -1;
    }
    *e = (button_edge){.input = input, .pressed = pressed, .t_us = (int64_t)us};
    return 1;
}

/* Reads more bytes if the descriptor has them now. 1: read some; 0: none now (or the end);
 * -1: an error. */
static int fill(gpio_trace *t, char *err, size_t errlen)
{
    if (t->eof)
        return 0;
    if (t->len >= TRACE_BUF) {
        gpio_errf(err, errlen, "trace line %lu: longer than %d bytes", t->line + 1, TRACE_BUF);
        return -1;
    }
    struct pollfd p = {.fd = t->fd, .events = POLLIN};
    int r;
    do
        r = poll(&p, 1, 0);
    while (r < 0 && errno == EINTR);
    if (r < 0) {
        gpio_errf(err, errlen, "trace: %s", strerror(errno));
        return -1;
    }
    if (r == 0)
        return 0;
    if (p.revents & POLLNVAL) {
        gpio_errf(err, errlen, "trace: the descriptor is not open");
        return -1;
    }
    ssize_t k;
    do
        k = read(t->fd, t->buf + t->len, TRACE_BUF - t->len);
    while (k < 0 && errno == EINTR);
    if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return 0;
    if (k < 0) {
        gpio_errf(err, errlen, "trace: %s", strerror(errno));
        return -1;
    }
    if (k == 0) {
        t->eof = true;
        return 0;
    }
    t->len += (size_t)k;
    return 1;
}

static int trace_read(gpio *g, button_edge *out, size_t max, char *err, size_t errlen)
{
    gpio_trace *t = (gpio_trace *)g;
    size_t n = 0, pos = 0;
    int reads = 0, rc = 0;
    while (n < max) {
        char *nl = memchr(t->buf + pos, '\n', t->len - pos);
        if (!nl && !(t->eof && pos < t->len)) { /* at the end, a last line needs no newline */
            memmove(t->buf, t->buf + pos, t->len - pos);
            t->len -= pos;
            pos = 0;
            if (t->eof || reads++ >= TRACE_READS)
                break;
            int f = fill(t, err, errlen);
            if (f < 0) {
                rc = -1;
                break;
            }
            if (f == 0 && !t->eof)
                break; /* nothing more for now */
            continue;
        }
        size_t end = nl ? (size_t)(nl - t->buf) : t->len;
        char line[TRACE_BUF + 1];
        memcpy(line, t->buf + pos, end - pos);
        line[end - pos] = '\0';
        button_edge e;
        int r = parse_line(t, line, t->line + 1, &e, err, errlen);
        if (r < 0) {
            rc = -1; /* the bad line stays: the edges before it go out now, the error next time */
            break;
        }
        t->line++;
        pos = nl ? end + 1 : t->len;
        if (r == 1) {
            t->last_us = e.t_us;
            if (e.pressed)
                t->levels |= (uint8_t)(1u << e.input);
            else
                t->levels &= (uint8_t) ~(1u << e.input);
            out[n++] = e;
        }
    }
    memmove(t->buf, t->buf + pos, t->len - pos);
    t->len -= pos;
    return n > 0 ? (int)n : rc;
}

static int trace_levels(gpio *g, uint8_t *pressed)
{
    *pressed = ((const gpio_trace *)g)->levels;
    return 0;
}

static int trace_set_leds(gpio *g, uint8_t mask)
{
    g->leds = mask;
    return 0;
}

static const char *trace_describe(const gpio *g, unsigned input, char *buf, size_t len)
{
    (void)g;
    if (input == BUTTON_FACILITATOR)
        snprintf(buf, len, "the facilitator's button (trace)");
    else
        snprintf(buf, len, "button %u (trace)", input + 1);
    return buf;
}

static const gpio_ops trace_ops = {trace_close,  trace_fds,      trace_read,
                                   trace_levels, trace_set_leds, trace_describe};
