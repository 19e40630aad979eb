/* test_config.c — /etc/oogst/oogst.yaml: defaults, a full file, the shipped example, and each
 * kind of mistake reported at its line and column with what was expected, on real files in
 * a temporary directory. A file with a mistake leaves the configuration untouched. Run from
 * the repository root (the example is systemd/oogst.yaml). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config.h"

static char test_dir[64];

/* ---- helpers ------------------------------------------------------------------------------ */

typedef struct loaded {
    int rc;
    config c;
    char *out; /* everything written to err */
    size_t size;
    char path[128];
} loaded;

static void test_path(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", test_dir, name);
}

static void test_write(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static loaded test_load_path(const char *path)
{
    loaded l = {0};
    snprintf(l.path, sizeof(l.path), "%s", path);
    config_defaults(&l.c);
    FILE *err = open_memstream(&l.out, &l.size);
    assert_non_null(err);
    l.rc = config_load(l.path, &l.c, err);
    assert_int_equal(fclose(err), 0);
    return l;
}

/* Writes text to a new file named name and loads it. */
static loaded test_load_text(const char *name, const char *text)
{
    char path[128];
    test_path(path, sizeof(path), name);
    test_write(path, text, strlen(text));
    return test_load_path(path);
}

static void test_same_line(const config_line *a, const config_line *b)
{
    assert_int_equal(a->set, b->set);
    if (!a->set)
        return;
    assert_int_equal(a->offset, b->offset);
    assert_string_equal(a->name, b->name);
}

static void test_same_config(const config *a, const config *b)
{
    assert_string_equal(a->language, b->language);
    assert_string_equal(a->pin, b->pin);
    assert_int_equal(a->rotate, b->rotate);
    assert_int_equal(a->width, b->width);
    assert_int_equal(a->height, b->height);
    assert_string_equal(a->content_dir, b->content_dir);
    assert_string_equal(a->script, b->script);
    const config_gpio *g = &a->gpio, *h = &b->gpio;
    assert_string_equal(g->chip, h->chip);
    assert_int_equal(g->active_low, h->active_low);
    assert_int_equal(g->bias, h->bias);
    assert_int_equal(g->debounce_ms, h->debounce_ms);
    assert_int_equal(g->stuck_ms, h->stuck_ms);
    assert_int_equal(g->leds_active_low, h->leds_active_low);
    assert_int_equal(g->n_buttons, h->n_buttons);
    for (size_t i = 0; i < g->n_buttons; i++) {
        test_same_line(&g->buttons[i].line, &h->buttons[i].line);
        test_same_line(&g->buttons[i].led, &h->buttons[i].led);
        assert_string_equal(g->buttons[i].colour, h->buttons[i].colour);
    }
    test_same_line(&g->facilitator, &h->facilitator);
}

static void test_offset_is(const config_line *l, int offset)
{
    assert_true(l->set);
    assert_int_equal(l->offset, offset);
    assert_string_equal(l->name, "");
}

static void test_name_is(const config_line *l, const char *name)
{
    assert_true(l->set);
    assert_int_equal(l->offset, -1);
    assert_string_equal(l->name, name);
}

/* Every line is "PATH:LINE:COL: what; expected ..."; returns how many lines there are. */
static size_t test_lines_ok(const loaded *l)
{
    size_t n = 0, pl = strlen(l->path);
    for (const char *p = l->out; p && *p;) {
        const char *end = strchr(p, '\n');
        assert_non_null(end);
        assert_true(strncmp(p, l->path, pl) == 0 && p[pl] == ':');
        unsigned line = 0, col = 0;
        int used = 0;
        assert_int_equal(sscanf(p + pl, ":%u:%u: %n", &line, &col, &used), 2);
        assert_true(line >= 1 && col >= 1 && used > 0);
        const char *semi = memchr(p, ';', (size_t)(end - p));
        assert_non_null(semi);
        assert_true(strstr(semi, "expected") != NULL && strstr(semi, "expected") < end);
        n++;
        p = end + 1;
    }
    return n;
}

/* The file was refused with exactly one problem at line:col whose message holds each of the
 * given fragments, and the configuration is still the defaults. */
static void test_refused(const loaded *l, unsigned line, unsigned col, const char *frag1, const char *frag2)
{
    config def;
    config_defaults(&def);
    if (l->rc != -1 || test_lines_ok(l) != 1)
        fail_msg("expected one problem, got rc %d and:\n%s", l->rc, l->out);
    char want[256];
    snprintf(want, sizeof(want), "%s:%u:%u: ", l->path, line, col);
    if (strncmp(l->out, want, strlen(want)) != 0 || !strstr(l->out, frag1) ||
        (frag2 && !strstr(l->out, frag2)))
        fail_msg("expected '%s' with '%s'%s%s, got:\n%s", want, frag1, frag2 ? " and " : "",
                 frag2 ? frag2 : "", l->out);
    test_same_config(&l->c, &def);
}

static void test_loaded_free(loaded *l)
{
    free(l->out);
}

/* ---- setup -------------------------------------------------------------------------------- */

static int test_setup(void **state)
{
    (void)state;
    snprintf(test_dir, sizeof(test_dir), "/tmp/oogst-config-XXXXXX");
    return mkdtemp(test_dir) ? 0 : -1;
}

static int test_teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", test_dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- good files --------------------------------------------------------------------------- */

static void test_defaults(void **state)
{
    (void)state;
    config c;
    memset(&c, 0x55, sizeof(c));
    config_defaults(&c);
    assert_string_equal(c.language, "nl");
    assert_string_equal(c.pin, "");
    assert_int_equal(c.rotate, 0);
    assert_string_equal(c.content_dir, OOGST_DATADIR "/content");
    assert_string_equal(c.script, "nl/demo.yaml");
    assert_int_equal(c.width, 0);
    assert_int_equal(c.height, 0);

    /* the wiring table in the README */
    const config_gpio *g = &c.gpio;
    assert_string_equal(g->chip, "gpiochip0");
    assert_true(g->active_low);
    assert_int_equal(g->bias, BIAS_PULL_UP);
    assert_int_equal(g->debounce_ms, 20);
    assert_int_equal(g->stuck_ms, 10000);
    assert_false(g->leds_active_low);
    static const int lines[] = {5, 6, 13, 19, 26, 21}, leds[] = {17, 27, 22, 23, 24, 25};
    static const char *const colours[] = {"orange", "sky-blue", "green", "yellow", "blue", "vermillion"};
    assert_int_equal(g->n_buttons, CONFIG_BUTTONS);
    for (size_t i = 0; i < CONFIG_BUTTONS; i++) {
        test_offset_is(&g->buttons[i].line, lines[i]);
        test_offset_is(&g->buttons[i].led, leds[i]);
        assert_string_equal(g->buttons[i].colour, colours[i]);
    }
    test_offset_is(&g->facilitator, 16);
}

static void test_missing_file(void **state)
{
    (void)state;
    char path[128];
    test_path(path, sizeof(path), "no-such-file.yaml");
    loaded l = test_load_path(path);
    config def;
    config_defaults(&def);
    assert_int_equal(l.rc, 1);
    assert_int_equal(l.size, 0); /* not an error: nothing is written */
    test_same_config(&l.c, &def);
    test_loaded_free(&l);
}

static void test_full_file(void **state)
{
    (void)state;
    loaded l = test_load_text("full.yaml", "# a box mounted upside down\n"
                                           "language: en\n"
                                           "pin: \"04219\"\n"
                                           "rotate: 180\n"
                                           "content_dir: /srv/oogst/content\n"
                                           "script: '/srv/oogst/extra/team day.yaml'\n");
    if (l.rc != 0)
        fail_msg("%s", l.out);
    assert_int_equal(l.size, 0);
    assert_string_equal(l.c.language, "en");
    assert_string_equal(l.c.pin, "04219"); /* the leading 0 is kept */
    assert_int_equal(l.c.rotate, 180);
    assert_string_equal(l.c.content_dir, "/srv/oogst/content");
    assert_string_equal(l.c.script, "/srv/oogst/extra/team day.yaml");
    test_loaded_free(&l);

    /* the longest PIN, and every allowed angle */
    static const char *const files[] = {"pin: '12345678'\nrotate: 0\n", "rotate: 90\n", "rotate: 270\n"};
    static const int angles[] = {0, 90, 270};
    for (size_t i = 0; i < 3; i++) {
        l = test_load_text("angle.yaml", files[i]);
        assert_int_equal(l.rc, 0);
        assert_int_equal(l.c.rotate, angles[i]);
        test_loaded_free(&l);
    }
}

static void test_example_file(void **state)
{
    (void)state;
    /* the example sets every key it can to its default (content_dir depends on PREFIX; width
     * and height have none to write): the language, the PIN, the buttons' wiring */
    loaded l = test_load_path("systemd/oogst.yaml");
    if (l.rc != 0)
        fail_msg("rc %d:\n%s", l.rc, l.out);
    config def;
    config_defaults(&def);
    test_same_config(&l.c, &def);
    test_loaded_free(&l);
}

static void test_empty_file(void **state)
{
    (void)state;
    /* the example with every line commented out is the box as delivered */
    static const char *const files[] = {"", "# language: en\n# pin: \"1234\"\n", "---\n"};
    config def;
    config_defaults(&def);
    for (size_t i = 0; i < 3; i++) {
        loaded l = test_load_text("empty.yaml", files[i]);
        if (l.rc != 0)
            fail_msg("file %zu: rc %d:\n%s", i, l.rc, l.out);
        test_same_config(&l.c, &def);
        test_loaded_free(&l);
    }
}

static void test_symlink_followed(void **state)
{
    (void)state;
    char target[128], link[128];
    test_path(target, sizeof(target), "real.yaml");
    test_path(link, sizeof(link), "link.yaml");
    test_write(target, "language: en\n", 13);
    unlink(link);
    assert_int_equal(symlink(target, link), 0);
    loaded l = test_load_path(link);
    assert_int_equal(l.rc, 0);
    assert_string_equal(l.c.language, "en");
    test_loaded_free(&l);
}

/* ---- one mistake each --------------------------------------------------------------------- */

static void test_bad_language(void **state)
{
    (void)state;
    loaded l = test_load_text("lang.yaml", "rotate: 90\nlanguage: de\n");
    test_refused(&l, 2, 11, "'language' is 'de'; expected one of nl, en", NULL);
    test_loaded_free(&l);
}

static void test_bad_pin(void **state)
{
    (void)state;
    loaded l = test_load_text("pin.yaml", "pin: \"12\"\n");
    test_refused(&l, 1, 7, "'pin' has 2 digits; expected 4 to 8 digits in quotes", NULL);
    test_loaded_free(&l);

    l = test_load_text("pin.yaml", "language: en\npin: \"12a\"\n");
    test_refused(&l, 2, 7, "'pin' has a character that is not a digit 0-9; expected 4 to 8 digits", NULL);
    assert_null(strstr(l.out, "12a")); /* a PIN is not repeated into the journal */
    test_loaded_free(&l);

    l = test_load_text("pin.yaml", "pin: \"123456789\"\n");
    test_refused(&l, 1, 7, "'pin' has 9 digits; expected 4 to 8 digits", NULL);
    test_loaded_free(&l);

    l = test_load_text("pin.yaml", "pin: 1234\n");
    test_refused(&l, 1, 6, "'pin' is a number without quotes; expected 4 to 8 digits in quotes",
                 "without quotes a leading 0 would be lost");
    test_loaded_free(&l);

    l = test_load_text("pin.yaml", "pin: 0421\n");
    test_refused(&l, 1, 6, "'pin' is a number without quotes", "leading 0");
    test_loaded_free(&l);

    l = test_load_text("pin.yaml", "pin:\n");
    test_refused(&l, 1, 1, "'pin' has no value", "pin: \"\" for no PIN");
    test_loaded_free(&l);

    l = test_load_text("pin.yaml", "pin: [1, 2, 3, 4]\n");
    test_refused(&l, 1, 6, "'pin' is a list; expected 4 to 8 digits", NULL);
    test_loaded_free(&l);
}

static void test_bad_rotate(void **state)
{
    (void)state;
    loaded l = test_load_text("rotate.yaml", "rotate: 45\n");
    test_refused(&l, 1, 9, "'rotate' is 45; expected 0, 90, 180 or 270", NULL);
    test_loaded_free(&l);

    l = test_load_text("rotate.yaml", "rotate: \"90\"\n");
    test_refused(&l, 1, 10, "'rotate' is quoted text; expected 0, 90, 180 or 270, without quotes", NULL);
    test_loaded_free(&l);

    l = test_load_text("rotate.yaml", "rotate: 90.5\n");
    test_refused(&l, 1, 9, "'rotate' is 90.5; expected 0, 90, 180 or 270", NULL);
    test_loaded_free(&l);
}

static void test_bad_paths(void **state)
{
    (void)state;
    loaded l = test_load_text("dir.yaml", "content_dir: content\n");
    test_refused(&l, 1, 14, "'content_dir' is 'content', a relative path; expected an absolute path", NULL);
    test_loaded_free(&l);

    l = test_load_text("dir.yaml", "script: \"\"\n");
    test_refused(&l, 1, 10, "'script' is empty; expected text", NULL);
    test_loaded_free(&l);

    /* 400 three-byte characters: few enough characters, too many bytes for the buffer */
    char text[1400];
    size_t o = (size_t)snprintf(text, sizeof(text), "script: ");
    for (int i = 0; i < 400; i++)
        o += (size_t)snprintf(text + o, sizeof(text) - o, "\xe2\x82\xac");
    snprintf(text + o, sizeof(text) - o, "\n");
    l = test_load_text("dir.yaml", text);
    test_refused(&l, 1, 9, "'script' is 1200 bytes long; expected at most 1023", NULL);
    test_loaded_free(&l);
}

static void test_unknown_key(void **state)
{
    (void)state;
    loaded l = test_load_text("key.yaml", "language: en\nrotaet: 90\n");
    test_refused(&l, 2, 1,
                 "unknown key 'rotaet' at the top level; expected one of language, pin, rotate, width, "
                 "height, content_dir, script, gpio, export (did you mean 'rotate'?)",
                 NULL);
    test_loaded_free(&l);
}

static void test_tab(void **state)
{
    (void)state;
    loaded l = test_load_text("tab.yaml", "# indented with a tab\n\tlanguage: en\n");
    test_refused(&l, 2, 1, "tab", "; expected spaces for indentation, not tabs");
    test_loaded_free(&l);
}

static void test_duplicate_key(void **state)
{
    (void)state;
    loaded l = test_load_text("dup.yaml", "rotate: 90\nlanguage: en\nrotate: 180\n");
    test_refused(&l, 3, 1, "duplicate key 'rotate' (first at 1:1); expected each key once", NULL);
    test_loaded_free(&l);
}

static void test_not_a_mapping(void **state)
{
    (void)state;
    loaded l = test_load_text("list.yaml", "- language: en\n- rotate: 90\n");
    test_refused(
        &l, 1, 1,
        "the top level is a list; expected a mapping with keys language, pin, rotate, width, height, "
        "content_dir, script, gpio",
        NULL);
    test_loaded_free(&l);

    l = test_load_text("list.yaml", "just some text\n");
    test_refused(&l, 1, 1, "the top level is text; expected a mapping with keys", NULL);
    test_loaded_free(&l);
}

static void test_directory(void **state)
{
    (void)state;
    char path[128];
    test_path(path, sizeof(path), "a-directory.yaml");
    assert_int_equal(mkdir(path, 0700), 0);
    loaded l = test_load_path(path);
    test_refused(&l, 1, 1, "this is a directory; expected a configuration file", NULL);
    test_loaded_free(&l);

    /* a link is followed, and what it leads to must still be a regular file */
    char link[128];
    test_path(link, sizeof(link), "dir-link.yaml");
    assert_int_equal(symlink(path, link), 0);
    l = test_load_path(link);
    test_refused(&l, 1, 1, "this is a directory", NULL);
    test_loaded_free(&l);
}

static void test_fifo(void **state)
{
    (void)state;
    char path[128];
    test_path(path, sizeof(path), "fifo.yaml");
    assert_int_equal(mkfifo(path, 0600), 0);
    loaded l = test_load_path(path); /* must not block waiting for a writer */
    test_refused(&l, 1, 1, "not a regular file; expected a configuration file", NULL);
    test_loaded_free(&l);
}

static void test_too_large(void **state)
{
    (void)state;
    size_t len = 100 * 1024;
    char *text = malloc(len);
    assert_non_null(text);
    memset(text, '#', len);
    text[len - 1] = '\n';
    char path[128];
    test_path(path, sizeof(path), "large.yaml");
    test_write(path, text, len);
    free(text);
    loaded l = test_load_path(path);
    test_refused(&l, 1, 1, "the file is 102400 bytes; expected at most 65536 bytes", NULL);
    test_loaded_free(&l);
}

static void test_binary(void **state)
{
    (void)state;
    char path[128];
    test_path(path, sizeof(path), "binary.yaml");
    test_write(path, "language: en\nrotate: \0\x01\x02", 24);
    loaded l = test_load_path(path);
    test_refused(&l, 2, 9, "a NUL byte, so this looks like a binary file; expected a UTF-8 text file", NULL);
    test_loaded_free(&l);
}

/* Every problem in one run, each at its place; nothing is taken from a file with a mistake. */
static void test_several_mistakes(void **state)
{
    (void)state;
    loaded l = test_load_text("many.yaml", "language: de\n"
                                           "pin: 1234\n"
                                           "rotate: 45\n"
                                           "script: en/demo.yaml\n");
    assert_int_equal(l.rc, -1);
    assert_int_equal(test_lines_ok(&l), 3);
    char want[3][160];
    snprintf(want[0], sizeof(want[0]), "%s:1:11: 'language' is 'de'", l.path);
    snprintf(want[1], sizeof(want[1]), "%s:2:6: 'pin' is a number", l.path);
    snprintf(want[2], sizeof(want[2]), "%s:3:9: 'rotate' is 45", l.path);
    for (size_t i = 0; i < 3; i++)
        if (!strstr(l.out, want[i]))
            fail_msg("no '%s' in:\n%s", want[i], l.out);
    assert_string_equal(l.c.script, "nl/demo.yaml"); /* the good line is not half-applied */
    test_loaded_free(&l);
}

static void test_anchor(void **state)
{
    (void)state;
    loaded l = test_load_text("anchor.yaml", "language: &l en\n");
    char want[256];
    snprintf(want, sizeof(want),
             "%s:1:12: anchor '&l' found; anchors and aliases are not allowed, write the value out\n",
             l.path);
    assert_int_equal(l.rc, -1);
    assert_string_equal(l.out, want);
    test_loaded_free(&l);
}

/* ---- the screen and the buttons ---------------------------------------------------------- */

static void test_gpio_full(void **state)
{
    (void)state;
    loaded l = test_load_text("gpio.yaml", "width: 1024\n"
                                           "height: 600\n"
                                           "gpio:\n"
                                           "  chip: /dev/gpiochip4\n"
                                           "  active_low: false\n"
                                           "  bias: pull-down\n"
                                           "  debounce_ms: 35\n"
                                           "  stuck_seconds: 30\n"
                                           "  leds_active_low: true\n"
                                           "  facilitator: 4\n"
                                           "  buttons:\n"
                                           "    - line: 5\n"
                                           "      led: 17\n"
                                           "      colour: reddish-purple\n"
                                           "    - line: 6\n"
                                           "    - {line: 12, led: 7, colour: grey}\n");
    if (l.rc != 0)
        fail_msg("%s", l.out);
    assert_int_equal(l.size, 0);
    assert_int_equal(l.c.width, 1024);
    assert_int_equal(l.c.height, 600);
    const config_gpio *g = &l.c.gpio;
    assert_string_equal(g->chip, "/dev/gpiochip4");
    assert_false(g->active_low);
    assert_int_equal(g->bias, BIAS_PULL_DOWN);
    assert_int_equal(g->debounce_ms, 35);
    assert_int_equal(g->stuck_ms, 30000);
    assert_true(g->leds_active_low);
    test_offset_is(&g->facilitator, 4);
    /* the list replaces the default six */
    assert_int_equal(g->n_buttons, 3);
    test_offset_is(&g->buttons[0].line, 5);
    test_offset_is(&g->buttons[0].led, 17);
    assert_string_equal(g->buttons[0].colour, "reddish-purple");
    test_offset_is(&g->buttons[1].line, 6);
    assert_false(g->buttons[1].led.set);                   /* no LED given: none */
    assert_string_equal(g->buttons[1].colour, "sky-blue"); /* the colour of its place */
    test_offset_is(&g->buttons[2].line, 12);
    test_offset_is(&g->buttons[2].led, 7);
    assert_string_equal(g->buttons[2].colour, "grey");
    test_loaded_free(&l);

    /* the other biases, the bounds of each number, and the smallest and largest screens */
    static const char *const files[] = {
        "gpio:\n  bias: disabled\n  debounce_ms: 1\n  stuck_seconds: 1\n",
        "gpio:\n  bias: as-is\n  debounce_ms: 200\n  stuck_seconds: 3600\n",
        "gpio:\n  bias: pull-up\n",
    };
    static const config_bias biases[] = {BIAS_DISABLED, BIAS_AS_IS, BIAS_PULL_UP};
    static const unsigned debounce[] = {1, 200, 20}, stuck[] = {1000, 3600000, 10000};
    for (size_t i = 0; i < 3; i++) {
        l = test_load_text("bias.yaml", files[i]);
        if (l.rc != 0)
            fail_msg("file %zu: %s", i, l.out);
        assert_int_equal(l.c.gpio.bias, biases[i]);
        assert_int_equal(l.c.gpio.debounce_ms, debounce[i]);
        assert_int_equal(l.c.gpio.stuck_ms, stuck[i]);
        assert_int_equal(l.c.gpio.n_buttons, 6); /* no list: the default six */
        test_loaded_free(&l);
    }
    l = test_load_text("screen.yaml", "width: 320\nheight: 240\n");
    assert_int_equal(l.rc, 0);
    assert_int_equal(l.c.width, 320);
    assert_int_equal(l.c.height, 240);
    test_loaded_free(&l);
    l = test_load_text("screen.yaml", "height: 7680\nwidth: 7680\n");
    assert_int_equal(l.rc, 0);
    assert_int_equal(l.c.width, 7680);
    assert_int_equal(l.c.height, 7680);
    test_loaded_free(&l);
}

static void test_line_names(void **state)
{
    (void)state;
    /* a name, with or without quotes, is looked up on the chip; digits without quotes are
     * an offset, and an offset and a name are never taken for the same line */
    loaded l = test_load_text("names.yaml", "gpio:\n"
                                            "  chip: pinctrl-bcm2711\n"
                                            "  facilitator: GPIO16\n"
                                            "  buttons:\n"
                                            "    - line: GPIO5\n"
                                            "      led: \"GPIO17\"\n"
                                            "    - line: 0\n"
                                            "      led: 1023\n"
                                            "    - line: 'SPI_CE0_N'\n"
                                            "      led: 16\n");
    if (l.rc != 0)
        fail_msg("%s", l.out);
    const config_gpio *g = &l.c.gpio;
    assert_string_equal(g->chip, "pinctrl-bcm2711");
    test_name_is(&g->facilitator, "GPIO16");
    assert_int_equal(g->n_buttons, 3);
    test_name_is(&g->buttons[0].line, "GPIO5");
    test_name_is(&g->buttons[0].led, "GPIO17");
    test_offset_is(&g->buttons[1].line, 0);
    test_offset_is(&g->buttons[1].led, 1023);
    test_name_is(&g->buttons[2].line, "SPI_CE0_N");
    test_offset_is(&g->buttons[2].led, 16);
    test_loaded_free(&l);
}

static void test_facilitator_none(void **state)
{
    (void)state;
    loaded l = test_load_text("none.yaml", "gpio:\n  facilitator: none\n");
    if (l.rc != 0)
        fail_msg("%s", l.out);
    assert_false(l.c.gpio.facilitator.set);
    assert_int_equal(l.c.gpio.n_buttons, 6);
    test_loaded_free(&l);

    /* its line is then free for a button, and an LED may be none too */
    l = test_load_text("none.yaml", "gpio:\n"
                                    "  facilitator: none\n"
                                    "  buttons:\n"
                                    "    - line: 16\n"
                                    "      led: none\n");
    if (l.rc != 0)
        fail_msg("%s", l.out);
    assert_false(l.c.gpio.facilitator.set);
    assert_int_equal(l.c.gpio.n_buttons, 1);
    test_offset_is(&l.c.gpio.buttons[0].line, 16);
    assert_false(l.c.gpio.buttons[0].led.set);
    test_loaded_free(&l);

    /* a button cannot do without */
    l = test_load_text("none.yaml", "gpio:\n  buttons:\n    - line: none\n");
    test_refused(&l, 3, 13, "'line' is none, but a button cannot do without its line; expected a GPIO line",
                 NULL);
    test_loaded_free(&l);
}

static void test_bad_bias(void **state)
{
    (void)state;
    loaded l = test_load_text("bias.yaml", "gpio:\n  active_low: true\n  bias: pullup\n");
    test_refused(&l, 3, 9,
                 "'bias' is 'pullup'; expected one of pull-up, pull-down, disabled, as-is (did you mean "
                 "'pull-up'?)",
                 NULL);
    test_loaded_free(&l);
}

static void test_bad_debounce(void **state)
{
    (void)state;
    loaded l = test_load_text("debounce.yaml", "gpio:\n  debounce_ms: 0\n");
    test_refused(&l, 2, 16, "'debounce_ms' is 0; expected a whole number from 1 to 200", NULL);
    test_loaded_free(&l);

    l = test_load_text("debounce.yaml", "gpio:\n  debounce_ms: 500\n");
    test_refused(&l, 2, 16, "'debounce_ms' is 500; expected a whole number from 1 to 200", NULL);
    test_loaded_free(&l);

    l = test_load_text("stuck.yaml", "gpio:\n  stuck_seconds: 0.5\n");
    test_refused(&l, 2, 18, "'stuck_seconds' is 0.5; expected a whole number from 1 to 3600", NULL);
    test_loaded_free(&l);

    l = test_load_text("low.yaml", "gpio:\n  leds_active_low: yes\n");
    test_refused(&l, 2, 20, "'leds_active_low' is 'yes'; expected true or false", NULL);
    test_loaded_free(&l);
}

static void test_bad_gpio_key(void **state)
{
    (void)state;
    loaded l = test_load_text("key.yaml", "gpio:\n  debounce: 20\n");
    test_refused(&l, 2, 3,
                 "unknown key 'debounce' in 'gpio'; expected one of chip, active_low, bias, debounce_ms, "
                 "stuck_seconds, leds_active_low, facilitator, buttons (did you mean 'debounce_ms'?)",
                 NULL);
    test_loaded_free(&l);

    l = test_load_text("key.yaml", "gpio:\n  buttons:\n    - line: 5\n      colur: blue\n");
    test_refused(
        &l, 4, 7,
        "unknown key 'colur' in button 1; expected one of line, led, colour (did you mean 'colour'?)", NULL);
    test_loaded_free(&l);

    l = test_load_text("key.yaml", "gpio: gpiochip0\n");
    test_refused(&l, 1, 7, "'gpio' is text; expected a mapping with keys chip, active_low, bias", NULL);
    test_loaded_free(&l);
}

static void test_too_many_buttons(void **state)
{
    (void)state;
    loaded l = test_load_text("seven.yaml", "gpio:\n"
                                            "  facilitator: none\n"
                                            "  buttons:\n"
                                            "    - line: 5\n"
                                            "    - line: 6\n"
                                            "    - line: 13\n"
                                            "    - line: 19\n"
                                            "    - line: 26\n"
                                            "    - line: 21\n"
                                            "    - line: 16\n");
    test_refused(&l, 4, 5, "'buttons' has 7 items; expected 1 to 6, one for each option on the screen", NULL);
    test_loaded_free(&l);

    l = test_load_text("zero.yaml", "gpio:\n  buttons: []\n");
    test_refused(&l, 2, 12, "'buttons' has 0 items; expected 1 to 6", NULL);
    test_loaded_free(&l);

    /* an empty value is reported where its key is */
    l = test_load_text("zero.yaml", "gpio:\n  buttons:\n");
    test_refused(&l, 2, 3, "'buttons' is empty; expected a list of 1 to 6 buttons", NULL);
    test_loaded_free(&l);
}

static void test_duplicate_line(void **state)
{
    (void)state;
    /* a button's LED on another button's line */
    loaded l = test_load_text("dup.yaml", "gpio:\n"
                                          "  buttons:\n"
                                          "    - line: 5\n"
                                          "      led: 17\n"
                                          "    - line: 6\n"
                                          "      led: 5\n");
    test_refused(&l, 6, 12,
                 "line 5 for button 2's LED is already used for button 1 (at 3:13); expected a line of its "
                 "own for each button, LED and the facilitator's button",
                 NULL);
    test_loaded_free(&l);

    /* the facilitator, written before the list, on a button's LED: reported at the second use
     * in the file, whatever the order of the keys */
    l = test_load_text("dup.yaml", "gpio:\n"
                                   "  facilitator: 17\n"
                                   "  buttons:\n"
                                   "    - line: 5\n"
                                   "      led: 17\n");
    test_refused(&l, 5, 12,
                 "line 17 for button 1's LED is already used for the facilitator's button (at 2:16)", NULL);
    test_loaded_free(&l);

    /* the default facilitator's line given to a button */
    l = test_load_text("dup.yaml", "gpio:\n  buttons:\n    - line: 16\n");
    test_refused(&l, 3, 13, "line 16 for button 1 is already used for the facilitator's button (by default)",
                 "facilitator: none");
    test_loaded_free(&l);

    /* the facilitator on a line of the default wiring */
    l = test_load_text("dup.yaml", "gpio:\n  facilitator: 27\n");
    test_refused(&l, 2, 16,
                 "line 27 for the facilitator's button is already used for button 2's LED (by default)",
                 "give the whole 'buttons' list");
    test_loaded_free(&l);

    /* names are compared too */
    l = test_load_text("dup.yaml", "gpio:\n  buttons:\n    - line: GPIO5\n    - line: GPIO5\n");
    test_refused(&l, 4, 13, "line 'GPIO5' for button 2 is already used for button 1 (at 3:13)", NULL);
    test_loaded_free(&l);

    /* a button's own LED on its own line */
    l = test_load_text("dup.yaml", "gpio:\n  buttons:\n    - {line: 5, led: 5}\n");
    test_refused(&l, 3, 22, "line 5 for button 1's LED is already used for button 1 (at 3:14)", NULL);
    test_loaded_free(&l);
}

static void test_bad_colour(void **state)
{
    (void)state;
    loaded l = test_load_text("colour.yaml", "gpio:\n  buttons:\n    - line: 5\n      colour: organe\n");
    test_refused(&l, 4, 15,
                 "'colour' is 'organe'; expected one of orange, sky-blue, green, yellow, blue, vermillion, "
                 "reddish-purple, white, grey (did you mean 'orange'?)",
                 NULL);
    test_loaded_free(&l);

    l = test_load_text("colour.yaml", "gpio:\n  buttons:\n    - line: 5\n      colour: '#E69F00'\n");
    test_refused(&l, 4, 16, "'colour' is '#E69F00'; expected one of orange", NULL);
    assert_null(strstr(l.out, "did you mean"));
    test_loaded_free(&l);
}

static void test_width_without_height(void **state)
{
    (void)state;
    loaded l = test_load_text("screen.yaml", "language: en\nwidth: 800\n");
    test_refused(&l, 2, 1, "'width' is given without 'height'; expected both width and height, or neither",
                 NULL);
    test_loaded_free(&l);

    l = test_load_text("screen.yaml", "height: 480\n");
    test_refused(&l, 1, 1, "'height' is given without 'width'; expected both", NULL);
    test_loaded_free(&l);

    l = test_load_text("screen.yaml", "width: 319\nheight: 480\n");
    test_refused(&l, 1, 8, "'width' is 319; expected a whole number from 320 to 7680", NULL);
    test_loaded_free(&l);

    l = test_load_text("screen.yaml", "width: 800\nheight: 100\n");
    test_refused(&l, 2, 9, "'height' is 100; expected a whole number from 240 to 7680", NULL);
    test_loaded_free(&l);
}

static void test_button_without_line(void **state)
{
    (void)state;
    loaded l = test_load_text("noline.yaml", "gpio:\n"
                                             "  buttons:\n"
                                             "    - line: 5\n"
                                             "    - led: 27\n"
                                             "      colour: blue\n");
    test_refused(&l, 4, 7,
                 "button 2 has no 'line'; expected the line its button is wired to, such as line: 5", NULL);
    test_loaded_free(&l);

    l = test_load_text("noline.yaml", "gpio:\n  buttons:\n    - 5\n");
    test_refused(&l, 3, 7, "button 1 is text; expected a mapping with keys line, led, colour", NULL);
    test_loaded_free(&l);
}

static void test_bad_line(void **state)
{
    (void)state;
    /* digits in quotes would be looked up as a line named "17" */
    loaded l = test_load_text("quoted.yaml", "gpio:\n  buttons:\n    - line: 5\n      led: \"17\"\n");
    test_refused(&l, 4, 13,
                 "'led' is \"17\", digits in quotes, which would be read as a line name; expected the offset "
                 "without quotes (led: 17) or a name such as GPIO17",
                 NULL);
    test_loaded_free(&l);

    l = test_load_text("quoted.yaml", "gpio:\n  facilitator: '16'\n");
    test_refused(&l, 2, 17, "'facilitator' is \"16\", digits in quotes", "(facilitator: 16)");
    test_loaded_free(&l);

    l = test_load_text("range.yaml", "gpio:\n  facilitator: 1024\n");
    test_refused(&l, 2, 16, "'facilitator' is 1024; expected a GPIO line: its offset without quotes",
                 ", or none");
    test_loaded_free(&l);

    l = test_load_text("range.yaml", "gpio:\n  buttons:\n    - line: -5\n");
    test_refused(&l, 3, 13, "'line' is -5; expected a GPIO line", NULL);
    assert_null(strstr(l.out, "none")); /* a button has no 'none' to offer */
    test_loaded_free(&l);

    l = test_load_text("range.yaml", "gpio:\n  buttons:\n    - line: 5.5\n");
    test_refused(&l, 3, 13, "'line' is 5.5; expected a GPIO line", NULL);
    test_loaded_free(&l);

    l = test_load_text("range.yaml", "gpio:\n  facilitator:\n");
    test_refused(&l, 2, 3, "'facilitator' has no value; expected a GPIO line", NULL);
    test_loaded_free(&l);

    l = test_load_text("long.yaml", "gpio:\n  facilitator: A_LINE_NAME_OF_MORE_THAN_31_CHARS\n");
    test_refused(&l, 2, 16, "'facilitator' is 33 characters long; expected at most 31", NULL);
    test_loaded_free(&l);
}

/* Everything wrong in the buttons in one run; the good parts of the list are not applied. */
static void test_several_gpio_mistakes(void **state)
{
    (void)state;
    loaded l = test_load_text("many.yaml", "width: 800\n"
                                           "gpio:\n"
                                           "  bias: up\n"
                                           "  buttons:\n"
                                           "    - line: 5\n"
                                           "      colour: purple\n"
                                           "    - led: \"22\"\n");
    assert_int_equal(l.rc, -1);
    assert_int_equal(test_lines_ok(&l), 5);
    static const char *const want[] = {"1:1: 'width' is given without 'height'", "3:9: 'bias' is 'up'",
                                       "6:15: 'colour' is 'purple'", "7:7: button 2 has no 'line'",
                                       "7:13: 'led' is \"22\""};
    for (size_t i = 0; i < 5; i++) {
        char w[160];
        snprintf(w, sizeof(w), "%s:%s", l.path, want[i]);
        if (!strstr(l.out, w))
            fail_msg("no '%s' in:\n%s", w, l.out);
    }
    config def;
    config_defaults(&def);
    test_same_config(&l.c, &def);
    test_loaded_free(&l);
}

static void test_colour_rgb(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        unsigned rgb;
    } okabe_ito[] = {
        {"orange", 0xE69F00},         {"sky-blue", 0x56B4E9}, {"green", 0x009E73},
        {"yellow", 0xF0E442},         {"blue", 0x0072B2},     {"vermillion", 0xD55E00},
        {"reddish-purple", 0xCC79A7}, {"white", 0xFFFFFF},    {"grey", 0xBBBBBB},
    };
    for (size_t i = 0; i < sizeof(okabe_ito) / sizeof(*okabe_ito); i++) {
        unsigned char rgb[3] = {1, 2, 3};
        assert_int_equal(config_colour_rgb(okabe_ito[i].name, rgb), 0);
        assert_int_equal(rgb[0], okabe_ito[i].rgb >> 16);
        assert_int_equal(rgb[1], (okabe_ito[i].rgb >> 8) & 0xFF);
        assert_int_equal(rgb[2], okabe_ito[i].rgb & 0xFF);
    }
    /* every colour of the defaults has its value */
    config c;
    config_defaults(&c);
    for (size_t i = 0; i < c.gpio.n_buttons; i++) {
        unsigned char rgb[3];
        assert_int_equal(config_colour_rgb(c.gpio.buttons[i].colour, rgb), 0);
    }
    static const char *const unknown[] = {"Orange", "purple", "", "orange ", "gray"};
    for (size_t i = 0; i < 5; i++) {
        unsigned char rgb[3] = {1, 2, 3};
        assert_int_equal(config_colour_rgb(unknown[i], rgb), -1);
        assert_int_equal(rgb[0], 1); /* untouched */
        assert_int_equal(rgb[2], 3);
    }
    unsigned char rgb[3];
    assert_int_equal(config_colour_rgb(NULL, rgb), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_full_file),
        cmocka_unit_test(test_example_file),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_symlink_followed),
        cmocka_unit_test(test_bad_language),
        cmocka_unit_test(test_bad_pin),
        cmocka_unit_test(test_bad_rotate),
        cmocka_unit_test(test_bad_paths),
        cmocka_unit_test(test_unknown_key),
        cmocka_unit_test(test_tab),
        cmocka_unit_test(test_duplicate_key),
        cmocka_unit_test(test_not_a_mapping),
        cmocka_unit_test(test_directory),
        cmocka_unit_test(test_fifo),
        cmocka_unit_test(test_too_large),
        cmocka_unit_test(test_binary),
        cmocka_unit_test(test_several_mistakes),
        cmocka_unit_test(test_anchor),
        cmocka_unit_test(test_gpio_full),
        cmocka_unit_test(test_line_names),
        cmocka_unit_test(test_facilitator_none),
        cmocka_unit_test(test_bad_bias),
        cmocka_unit_test(test_bad_debounce),
        cmocka_unit_test(test_bad_gpio_key),
        cmocka_unit_test(test_too_many_buttons),
        cmocka_unit_test(test_duplicate_line),
        cmocka_unit_test(test_bad_colour),
        cmocka_unit_test(test_width_without_height),
        cmocka_unit_test(test_button_without_line),
        cmocka_unit_test(test_bad_line),
        cmocka_unit_test(test_several_gpio_mistakes),
        cmocka_unit_test(test_colour_rgb),
    };
    return cmocka_run_group_tests(tests, test_setup, test_teardown);
}
