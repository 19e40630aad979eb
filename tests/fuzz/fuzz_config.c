/* fuzz_config.c — libFuzzer harness for the configuration reader (config_load, src/config/
 * config.c, through src/content/yaml.c): any bytes as /etc/oogst/oogst.yaml. config_load
 * reads a path, so the input is put in a memory file (memfd) and read through
 * /proc/self/fd/N, the way a file on disk is read. A file that loads must give a
 * configuration within what config.h and the README allow (a language, a PIN of 4 to 8
 * digits or none, an angle, both screen sides or neither, GPIO lines in range and none
 * used twice, known colours, a rounding step); a file that does not load must leave the
 * configuration as it was and report every problem as "PATH:LINE:COL: what; expected ...".
 * A broken promise is an abort(). Built by `make fuzz`, and replayed over its corpus by
 * `make check` (tests/check/fuzz_regress.sh). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config/config.h"
#include "core/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_config: broken promise: %s\n", what);
        abort();
    }
}

/* A NUL-terminated string of at most size - 1 bytes in a char[size]. */
static int terminated(const char *s, size_t size)
{
    return memchr(s, '\0', size) != NULL;
}

static int digits_only(const char *s)
{
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

static void check_line(const config_line *l, int may_be_unset)
{
    check(l->set || may_be_unset, "a button has its line");
    check(terminated(l->name, sizeof(l->name)), "a line name fits");
    if (!l->set)
        return;
    if (l->offset >= 0)
        check(l->offset <= CONFIG_LINE_MAX && l->name[0] == '\0', "an offset 0 to 1023, without a name");
    else
        check(l->offset == -1 && l->name[0] != '\0', "a line by name has a name");
}

/* config_same_line's rule: offsets compared when either has one, else the names. */
static int same_line(const config_line *a, const config_line *b)
{
    if (a->offset >= 0 || b->offset >= 0)
        return a->offset == b->offset;
    return strcmp(a->name, b->name) == 0;
}

static void check_loaded(const config *c)
{
    check(strcmp(c->language, "nl") == 0 || strcmp(c->language, "en") == 0, "language nl or en");
    size_t pin = strnlen(c->pin, sizeof(c->pin));
    check(pin < sizeof(c->pin) && (pin == 0 || (pin >= CONFIG_PIN_MIN && pin <= CONFIG_PIN_MAX)),
          "a PIN of 4 to 8 characters, or none");
    check(digits_only(c->pin), "a PIN of digits");
    check(c->rotate == 0 || c->rotate == 90 || c->rotate == 180 || c->rotate == 270, "rotate 0/90/180/270");
    check((c->width == 0) == (c->height == 0), "both screen sides or neither");
    check(c->width == 0 || (c->width >= 320 && c->width <= 7680 && c->height >= 240 && c->height <= 7680),
          "a screen size in range");
    check(terminated(c->content_dir, sizeof(c->content_dir)) && c->content_dir[0] == '/',
          "an absolute content_dir");
    check(terminated(c->script, sizeof(c->script)) && c->script[0] != '\0', "a script");
    const config_gpio *g = &c->gpio;
    check(terminated(g->chip, sizeof(g->chip)) && g->chip[0] != '\0', "a chip");
    check(g->bias == BIAS_AS_IS || g->bias == BIAS_DISABLED || g->bias == BIAS_PULL_UP ||
              g->bias == BIAS_PULL_DOWN,
          "a known bias");
    check(g->debounce_ms >= 1 && g->debounce_ms <= 200, "debounce 1 to 200 ms");
    check(g->stuck_ms >= 1000 && g->stuck_ms <= 3600000 && g->stuck_ms % 1000 == 0, "stuck 1 to 3600 s");
    check(g->n_buttons >= 1 && g->n_buttons <= CONFIG_BUTTONS, "1 to 6 buttons");
    const config_line *used[2 * CONFIG_BUTTONS + 1];
    size_t n_used = 0;
    for (size_t i = 0; i < g->n_buttons && i < CONFIG_BUTTONS; i++) {
        const config_button *b = &g->buttons[i];
        unsigned char rgb[3];
        check_line(&b->line, 0);
        check_line(&b->led, 1);
        check(terminated(b->colour, sizeof(b->colour)) && config_colour_rgb(b->colour, rgb) == 0,
              "a known colour");
        used[n_used++] = &b->line;
        if (b->led.set)
            used[n_used++] = &b->led;
    }
    check_line(&g->facilitator, 1);
    if (g->facilitator.set)
        used[n_used++] = &g->facilitator;
    for (size_t i = 0; i < n_used; i++)
        for (size_t j = 0; j < i; j++)
            check(!same_line(used[i], used[j]), "no GPIO line used twice");
    int r = c->export_round_minutes;
    check(r == 0 || r == 5 || r == 10 || r == 15 || r == 30 || r == 60, "round_minutes 0/5/10/15/30/60");
}

/* Every line "PATH:LINE:COL: what is wrong; what is expected" (or what to do instead),
 * valid UTF-8, at a line of the file (or just past its end); at most 20 of them and one
 * that says how many more. */
static void check_messages(const char *out, size_t len, const char *path, unsigned lines)
{
    check(len > 0 && out[len - 1] == '\n', "a refused file has messages, each a line");
    check(memchr(out, '\0', len) == NULL, "no NUL in a message");
    check(utf8_length(out, len, NULL) >= 0, "messages are valid UTF-8");
    size_t plen = strlen(path), n = 0;
    for (const char *p = out; p < out + len; n++) {
        const char *eol = memchr(p, '\n', (size_t)(out + len - p));
        unsigned line = 0, col = 0;
        int used = 0;
        check(strncmp(p, path, plen) == 0 && sscanf(p + plen, ":%u:%u: %n", &line, &col, &used) == 2 &&
                  used > 0,
              "a message starts with PATH:LINE:COL:");
        check(line >= 1 && line <= lines + 1 && col >= 1, "a message names a line of the file");
        const char *semi = strstr(p + plen, "; ");
        check(semi != NULL && semi < eol, "a message says what is wrong and what is expected");
        p = eol + 1;
    }
    check(n <= 21, "at most 20 messages and one more line");
}

/* Whether a line break starts at data[i], as YAML counts them: LF, CR (CR LF once), and
 * NEL, LS, PS (U+0085, U+2028, U+2029), which libfyaml counts too. */
static int is_break(const uint8_t *data, size_t size, size_t i)
{
    if (data[i] == '\n')
        return i == 0 || data[i - 1] != '\r';
    if (data[i] == '\r')
        return 1;
    if (data[i] == 0xC2 && i + 1 < size && data[i + 1] == 0x85)
        return 1;
    return data[i] == 0xE2 && i + 2 < size && data[i + 1] == 0x80 &&
           (data[i + 2] == 0xA8 || data[i + 2] == 0xA9);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int fd = -1;
    static char path[64];
    if (fd < 0) {
        fd = memfd_create("oogst.yaml", MFD_CLOEXEC);
        check(fd >= 0, "memfd_create");
        snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    }
    check(ftruncate(fd, 0) == 0, "ftruncate");
    for (size_t done = 0; done < size;) {
        ssize_t w = pwrite(fd, data + done, size - done, (off_t)done);
        check(w > 0, "pwrite");
        done += (size_t)w;
    }

    config c, before;
    config_defaults(&c);
    before = c;
    char *out = NULL;
    size_t len = 0;
    FILE *err = open_memstream(&out, &len);
    check(err != NULL, "open_memstream");
    int rc = config_load(path, &c, err);
    check(fclose(err) == 0, "fclose");

    unsigned lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += is_break(data, size, i);
    if (rc == 0) {
        check(len == 0, "a loaded file has no messages");
        check(size <= CONFIG_MAX_BYTES, "a larger file is refused");
        check_loaded(&c);
    } else {
        check(rc == -1, "config_load returns 0 or -1 for a file that exists");
        check(memcmp(&c, &before, sizeof(c)) == 0, "a refused file changes nothing");
        check_messages(out, len, path, lines);
    }
    free(out);
    return 0;
}
