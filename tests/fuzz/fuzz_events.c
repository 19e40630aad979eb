/* fuzz_events.c — libFuzzer harness for the events-file parser (events_parse, src/core/
 * events.c): any bytes as an events file. A file that parses must give events that keep
 * the promises of events.h (times never going back, buttons 1-6, options 1-99, key names
 * of at most 16 lower-case characters, texts of valid UTF-8, line numbers in order), and
 * written back out as an events file it must parse again to the same events. A file that
 * does not parse must name a line that exists and say what is wrong and what is expected,
 * and leave nothing allocated. A broken promise is an abort(). Built by `make fuzz`, and
 * replayed over its corpus by `make check` (tests/check/fuzz_regress.sh). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/events.h"
#include "core/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_events: broken promise: %s\n", what);
        abort();
    }
}

/* Lines in buf the way events_parse counts them: a last line without '\n' counts too. */
static unsigned count_lines(const char *buf, size_t len)
{
    unsigned n = 0;
    for (size_t i = 0; i < len; i++)
        n += buf[i] == '\n';
    return n + (len > 0 && buf[len - 1] != '\n');
}

static int key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '+' || c == '-';
}

static void check_event(const replay_event *e, unsigned last_line, int64_t last_ms, unsigned lines)
{
    check(e->ms >= last_ms, "times never go back");
    check(e->ms <= INT64_MAX / 4, "a time within the limit");
    check(e->line > last_line && e->line <= lines, "line numbers in order and within the file");
    check(strcmp(replay_kind_name(e->kind), "?") != 0, "a known kind");
    switch (e->kind) {
    case RE_PRESS:
    case RE_RELEASE: check(e->n >= 1 && e->n <= 6, "a button 1-6"); break;
    case RE_CHOOSE: check(e->n >= 1 && e->n <= 99, "an option 1-99"); break;
    case RE_KEY: {
        check(e->arg != NULL, "a key has a name");
        size_t n = strlen(e->arg);
        check(n >= 1 && n <= 16, "a key name of 1 to 16 characters");
        for (size_t i = 0; i < n; i++)
            check(key_char(e->arg[i]), "a key name of lower-case letters, digits, _ + -");
        break;
    }
    case RE_TEXT:
        check(e->arg != NULL, "a text has its text");
        check(utf8_length(e->arg, strlen(e->arg), NULL) >= 0, "a text is valid UTF-8");
        break;
    default: check(e->arg == NULL, "no argument for an event that takes none"); break;
    }
}

/* The events as an events file again: one line each, texts quoted with \" and \\. */
static char *write_back(const replay_list *l, size_t *len)
{
    char *out = NULL;
    FILE *f = open_memstream(&out, len);
    check(f != NULL, "open_memstream");
    for (size_t i = 0; i < l->n; i++) {
        const replay_event *e = &l->ev[i];
        fprintf(f, "%lld %s", (long long)e->ms, replay_kind_name(e->kind));
        switch (e->kind) {
        case RE_PRESS:
        case RE_RELEASE:
        case RE_CHOOSE: fprintf(f, " %d", e->n); break;
        case RE_KEY: fprintf(f, " %s", e->arg); break;
        case RE_TEXT:
            fputs(" \"", f);
            for (const char *c = e->arg; *c; c++) {
                if (*c == '"' || *c == '\\')
                    putc('\\', f);
                putc(*c, f);
            }
            putc('"', f);
            break;
        default: break;
        }
        putc('\n', f);
    }
    check(fclose(f) == 0, "writing the events back");
    return out;
}

static int same_event(const replay_event *a, const replay_event *b)
{
    if (a->ms != b->ms || a->kind != b->kind || a->n != b->n || !a->arg != !b->arg)
        return 0;
    return !a->arg || strcmp(a->arg, b->arg) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    replay_list l;
    unsigned line = 0;
    char err[256];
    memset(err, 0, sizeof(err));
    if (events_parse(buf, size, &l, &line, err, sizeof(err)) != 0) {
        check(line >= 1 && line <= count_lines(buf, size), "a failure names a line of the file");
        check(err[0] != '\0' && memchr(err, '\0', sizeof(err)) != NULL, "a failure has a message");
        check(strstr(err, "; expected") != NULL || strcmp(err, "out of memory") == 0,
              "a message says what is expected");
        check(l.ev == NULL && l.n == 0 && l.arena == NULL, "nothing is half-parsed");
        return 0;
    }
    unsigned lines = count_lines(buf, size), last_line = 0;
    int64_t last_ms = 0;
    check(l.n <= lines, "at most one event a line");
    for (size_t i = 0; i < l.n; i++) {
        check_event(&l.ev[i], last_line, last_ms, lines);
        last_line = l.ev[i].line;
        last_ms = l.ev[i].ms;
    }

    size_t len;
    char *again = write_back(&l, &len);
    replay_list m;
    if (events_parse(again, len, &m, &line, err, sizeof(err)) != 0) {
        fprintf(stderr, "fuzz_events: written back, line %u does not parse: %s\n", line, err);
        abort();
    }
    check(m.n == l.n, "written back: as many events");
    for (size_t i = 0; i < l.n; i++)
        check(same_event(&l.ev[i], &m.ev[i]), "written back: the same events");
    events_free(&m);
    free(again);
    events_free(&l);
    check(l.ev == NULL && l.arena == NULL, "events_free clears the list");
    events_free(NULL);
    return 0;
}
