/* events.c — the events-file parser: strict, with a message for every bad line. */
#include "events.h"

#include <stdbool.h>
#include <stdio.h> /* snprintf only */
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

static const struct {
    const char *name;
    replay_kind kind;
    char arg; /* 0 none, 'b' button, 'o' option, 'k' key, 't' text */
} names[] = {
    {"start", RE_START, 0},     {"press", RE_PRESS, 'b'}, {"release", RE_RELEASE, 'b'}, {"key", RE_KEY, 'k'},
    {"choose", RE_CHOOSE, 'o'}, {"text", RE_TEXT, 't'},   {"next", RE_NEXT, 0},         {"back", RE_BACK, 0},
    {"pause", RE_PAUSE, 0},     {"resume", RE_RESUME, 0}, {"extend", RE_EXTEND, 0},     {"end", RE_END, 0},
};

const char *replay_kind_name(replay_kind k)
{
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (names[i].kind == k)
            return names[i].name;
    return "?";
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

static const char *skip_space(const char *p, const char *end)
{
    while (p < end && is_space(*p))
        p++;
    return p;
}

static const char *token_end(const char *p, const char *end)
{
    while (p < end && !is_space(*p))
        p++;
    return p;
}

/* A non-negative decimal integer in [p, q); -1 if not one or more than max. */
static int64_t number(const char *p, const char *q, int64_t max)
{
    if (p == q || q - p > EVENTS_MAX_MS_DIGITS)
        return -1;
    int64_t v = 0;
    for (; p < q; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (*p - '0');
    }
    return v <= max ? v : -1;
}

#define FAIL(...)                                                                                            \
    do {                                                                                                     \
        snprintf(err, errlen, __VA_ARGS__);                                                                  \
        return -1;                                                                                           \
    } while (0)

/* Parses the quoted text starting at p (at the opening quote) into the arena. */
static int parse_text(const char *p, const char *end, arena *a, const char **out, char *err, size_t errlen)
{
    if (p >= end || *p != '"')
        FAIL("text needs a quoted string; expected text \"your answer\"");
    char *buf = arena_alloc(a, (size_t)(end - p));
    if (!buf)
        FAIL("out of memory");
    size_t n = 0;
    for (p++; p < end; p++) {
        if (*p == '"')
            break;
        if (*p == '\\') {
            if (p + 1 >= end || (p[1] != '"' && p[1] != '\\'))
                FAIL("unknown escape in text; expected only \\\" or \\\\");
            p++;
        }
        buf[n++] = *p;
    }
    if (p >= end)
        FAIL("unterminated string; expected a closing \"");
    const char *after = skip_space(p + 1, end);
    if (after != end && !(*after == '#' && after > p + 1))
        FAIL("something after the closing quote; expected the end of the line");
    size_t bad;
    if (utf8_length(buf, n, &bad) < 0)
        FAIL("text is not valid UTF-8 (byte %zu); expected UTF-8 text", bad + 1);
    buf[n] = '\0';
    *out = buf;
    return 0;
}

/* Where a trailing comment (a '#' after white space) starts, or end. */
static const char *comment_start(const char *p, const char *end)
{
    for (const char *c = p + 1; c < end; c++)
        if (*c == '#' && is_space(c[-1]))
            return c;
    return end;
}

static int parse_line(const char *p, const char *end, replay_event *ev, arena *a, char *err, size_t errlen)
{
    const char *q = token_end(p, end);
    int64_t ms = number(p, q, INT64_MAX / 4);
    if (ms < 0) {
        if (q - p > EVENTS_MAX_MS_DIGITS && number(p, p + EVENTS_MAX_MS_DIGITS, INT64_MAX) >= 0)
            FAIL("time '%.*s' is too large; expected milliseconds since start",
                 (int)(q - p > 20 ? 20 : q - p), p);
        FAIL("bad time '%.*s'; expected milliseconds since start (a whole number, 0 or more)",
             (int)(q - p > 20 ? 20 : q - p), p);
    }
    ev->ms = ms;
    p = skip_space(q, end);
    if (p == end)
        FAIL("no event after the time; expected e.g. '%lld press 1'", (long long)ms);
    q = token_end(p, end);
    size_t i, n_names = sizeof(names) / sizeof(names[0]);
    for (i = 0; i < n_names; i++)
        if ((size_t)(q - p) == strlen(names[i].name) && memcmp(p, names[i].name, (size_t)(q - p)) == 0)
            break;
    if (i == n_names)
        FAIL("unknown event '%.*s'; expected start, press, release, key, choose, text, next, back, "
             "pause, resume, extend or end",
             (int)(q - p > 32 ? 32 : q - p), p);
    ev->kind = names[i].kind;
    const char *name = names[i].name;
    p = skip_space(q, end);
    switch (names[i].arg) {
    case 0:
        p = comment_start(q, end) == p ? end : p;
        if (p != end)
            FAIL("'%s' takes no argument; expected the end of the line", name);
        return 0;
    case 't': return parse_text(p, end, a, &ev->arg, err, errlen);
    default: break;
    }
    end = comment_start(q, end); /* text keeps its '#'; here a '#' starts a comment */
    while (end > p && is_space(end[-1]))
        end--;
    if (p == end)
        FAIL("'%s' needs an argument; expected %s", name,
             names[i].arg == 'k'   ? "a key name"
             : names[i].arg == 'b' ? "a button 1-6"
                                   : "an option number");
    q = token_end(p, end);
    if (skip_space(q, end) != end)
        FAIL("'%s' takes one argument; expected the end of the line after '%.*s'", name,
             (int)(q - p > 32 ? 32 : q - p), p);
    if (names[i].arg == 'k') {
        if (q - p > 16)
            FAIL("key name too long; expected at most 16 characters");
        for (const char *c = p; c < q; c++)
            if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
                  *c == '_' || *c == '+' || *c == '-'))
                FAIL("bad key name; expected letters, digits, '_', '+' or '-'");
        char *k = arena_strndup(a, p, (size_t)(q - p));
        if (!k)
            FAIL("out of memory");
        for (char *c = k; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
        ev->arg = k;
        return 0;
    }
    bool digits = true;
    for (const char *c = p; c < q; c++)
        digits = digits && *c >= '0' && *c <= '9';
    int64_t v = number(p, q, 1000000); /* -1 when longer: out of range below */
    if (!digits)
        FAIL("'%s' needs a whole number, not '%.*s'; expected %s", name, (int)(q - p > 20 ? 20 : q - p), p,
             names[i].arg == 'b' ? "a button 1-6" : "an option number 1-99");
    if (names[i].arg == 'b') {
        if (v < 1 || v > 6)
            FAIL("button '%.*s' out of range; expected a button 1-6", (int)(q - p > 20 ? 20 : q - p), p);
    } else if (v < 1 || v > 99) {
        FAIL("option '%.*s' out of range; expected an option number 1-99", (int)(q - p > 20 ? 20 : q - p), p);
    }
    ev->n = (int)v;
    return 0;
}

int events_parse(const char *buf, size_t len, replay_list *out, unsigned *line, char *err, size_t errlen)
{
    memset(out, 0, sizeof(*out));
    out->arena = arena_new();
    if (!out->arena) {
        *line = 0;
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    const char *p = buf, *end = buf + len;
    unsigned ln = 0;
    int64_t last = 0;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        ln++;
        const char *e = eol;
        if (e > p && e[-1] == '\r')
            e--;
        replay_event ev = {.line = ln};
        int rc = 0;
        if (memchr(p, '\0', (size_t)(eol - p))) {
            snprintf(err, errlen, "binary data (a NUL byte); expected a text file of events");
            rc = -1;
        } else if (eol - p > EVENTS_MAX_LINE) {
            snprintf(err, errlen, "line longer than %d bytes; expected one short event a line",
                     EVENTS_MAX_LINE);
            rc = -1;
        } else {
            const char *s = skip_space(p, e);
            if (s == e || *s == '#') {
                p = eol + 1;
                continue;
            }
            rc = parse_line(s, e, &ev, out->arena, err, errlen);
            if (rc == 0 && ev.ms < last) {
                snprintf(err, errlen, "time goes back (%lld after %lld); expected times that never decrease",
                         (long long)ev.ms, (long long)last);
                rc = -1;
            }
        }
        if (rc < 0) {
            *line = ln;
            events_free(out);
            return -1;
        }
        last = ev.ms;
        if (out->n == out->cap) {
            size_t cap = out->cap ? out->cap * 2 : 64;
            replay_event *grown = realloc(out->ev, cap * sizeof(*grown));
            if (!grown) {
                *line = ln;
                snprintf(err, errlen, "out of memory");
                events_free(out);
                return -1;
            }
            out->ev = grown;
            out->cap = cap;
        }
        out->ev[out->n++] = ev;
        p = eol + 1;
    }
    return 0;
}

void events_free(replay_list *l)
{
    if (!l)
        return;
    free(l->ev);
    arena_free(l->arena);
    memset(l, 0, sizeof(*l));
}
