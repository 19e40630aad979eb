/* config.c — owns reading /etc/oogst/oogst.yaml into struct config, and the names of the
 * button colours. The file goes through yaml.c like a session script (size, UTF-8, anchors,
 * duplicate keys, positions in every message); each key has one reader in a table, so a new
 * key or section (export) is one more table entry and one more function. What involves
 * several keys (width with height, a GPIO line used twice) is checked after the keys. */
#include "config/config.h"

#include <assert.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "content/yaml.h"

#define COUNT(a) (sizeof(a) / sizeof(*(a)))

_Static_assert(sizeof(OOGST_DATADIR "/content") <= sizeof(((config *)0)->content_dir),
               "OOGST_DATADIR is too long for config.content_dir");

static const yaml_spec config_spec = {
    .max_bytes = CONFIG_MAX_BYTES,
    .max_errors = 20, /* as for a session script: enough to fix a file in one go */
    .noun = "configuration",
    .a_file = "a configuration file",
    .a_readable = "a readable configuration file",
    .a_document = "a mapping of settings",
    .a_top = "a mapping of settings",
    /* no file, or a file of only comments, is the box as delivered: the defaults */
    .missing_ok = true,
    .empty_ok = true,
};

/* Reads one value into c, or reports why not and leaves c as it was. */
typedef void config_read_fn(yaml_doc *d, const yaml_node *v, config *c);

/* read NULL: the section's own function reads the key, after the others */
typedef struct config_key {
    const char *name;
    config_read_fn *read;
} config_key;

/* ---- colours ---------------------------------------------------------------------------- */

/* Okabe & Ito (2008), "Color Universal Design": told apart with any kind of colour
 * blindness; white and grey for caps outside the palette. */
static const struct config_colour {
    const char *name;
    unsigned char rgb[3];
} config_colours[] = {
    {"orange", {0xE6, 0x9F, 0x00}},         {"sky-blue", {0x56, 0xB4, 0xE9}},
    {"green", {0x00, 0x9E, 0x73}},          {"yellow", {0xF0, 0xE4, 0x42}},
    {"blue", {0x00, 0x72, 0xB2}},           {"vermillion", {0xD5, 0x5E, 0x00}},
    {"reddish-purple", {0xCC, 0x79, 0xA7}}, {"white", {0xFF, 0xFF, 0xFF}},
    {"grey", {0xBB, 0xBB, 0xBB}},
};

int config_colour_rgb(const char *name, unsigned char rgb[3])
{
    for (size_t i = 0; name && i < COUNT(config_colours); i++)
        if (strcmp(config_colours[i].name, name) == 0) {
            memcpy(rgb, config_colours[i].rgb, 3);
            return 0;
        }
    return -1;
}

/* ---- defaults --------------------------------------------------------------------------- */

/* The wiring table in the README: button i on BCM line, its LED on led, a cap of colour. */
static const struct {
    int line, led;
    const char *colour;
} config_wiring[CONFIG_BUTTONS] = {
    {5, 17, "orange"},  {6, 27, "sky-blue"}, {13, 22, "green"},
    {19, 23, "yellow"}, {26, 24, "blue"},    {21, 25, "vermillion"},
};

enum { CONFIG_FACILITATOR_LINE = 16 };

static config_line config_offset(int offset)
{
    return (config_line){.set = true, .offset = offset};
}

void config_defaults(config *c)
{
    memset(c, 0, sizeof(*c));
    strcpy(c->language, "nl");
    strcpy(c->content_dir, OOGST_DATADIR "/content");
    strcpy(c->script, "nl/demo.yaml");
    config_gpio *g = &c->gpio;
    strcpy(g->chip, "gpiochip0");
    g->active_low = true;
    g->bias = BIAS_PULL_UP;
    g->debounce_ms = 20;
    g->stuck_ms = 10000;
    g->leds_active_low = false;
    for (size_t i = 0; i < CONFIG_BUTTONS; i++) {
        g->buttons[i].line = config_offset(config_wiring[i].line);
        g->buttons[i].led = config_offset(config_wiring[i].led);
        strcpy(g->buttons[i].colour, config_wiring[i].colour);
    }
    g->n_buttons = CONFIG_BUTTONS;
    g->facilitator = config_offset(CONFIG_FACILITATOR_LINE);
}

static bool config_map(yaml_doc *d, const yaml_node *v, const config_key *table, size_t n, const char *what,
                       const char *where, config *c, yaml_fields *f);

/* The index of name in table: where config_map put its key and value. */
static size_t config_at(const config_key *table, size_t n, const char *name)
{
    size_t i = 0;
    while (i < n && strcmp(table[i].name, name) != 0)
        i++;
    assert(i < n);
    return i;
}

/* ---- one function per key ------------------------------------------------------------- */

static void config_language(yaml_doc *d, const yaml_node *v, config *c)
{
    static const char *const languages[] = {"nl", "en"};
    int i = yaml_word(d, v, "language", languages, COUNT(languages));
    if (i >= 0)
        strcpy(c->language, languages[i]);
}

static bool config_all_digits(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return len > 0;
}

/* The PIN itself is never repeated in a message: messages end up in the journal. */
static void config_pin(yaml_doc *d, const yaml_node *v, config *c)
{
    static const char expected[] = "expected 4 to 8 digits in quotes, such as pin: \"2580\"";
    if (v->kind == YAML_ALIAS)
        return;
    if (v->kind != YAML_SCALAR) {
        yaml_error(d, v->line, v->col, "'pin' is %s; %s", yaml_kind_name(v), expected);
        return;
    }
    if (yaml_is_null(v)) {
        yaml_error(d, v->line, v->col, "'pin' has no value; %s, or pin: \"\" for no PIN", expected);
        return;
    }
    if (v->plain && config_all_digits(v->text, v->len)) {
        /* YAML reads 0421 without quotes as the number 421 (or even as octal) */
        yaml_error(d, v->line, v->col,
                   "'pin' is a number without quotes; %s (without quotes a leading 0 would be lost)",
                   expected);
        return;
    }
    if (v->len == 0) {
        c->pin[0] = '\0'; /* pin: "" says in so many words that no PIN is set */
        return;
    }
    if (!config_all_digits(v->text, v->len)) {
        yaml_error(d, v->line, v->col, "'pin' has a character that is not a digit 0-9; %s", expected);
        return;
    }
    if (v->len < CONFIG_PIN_MIN || v->len > CONFIG_PIN_MAX) {
        yaml_error(d, v->line, v->col, "'pin' has %zu digit%s; %s", v->len, v->len == 1 ? "" : "s", expected);
        return;
    }
    memcpy(c->pin, v->text, v->len);
    c->pin[v->len] = '\0';
}

static void config_rotate(yaml_doc *d, const yaml_node *v, config *c)
{
    static const int angles[] = {0, 90, 180, 270};
    int r;
    if (yaml_int_in(d, v, "rotate", angles, COUNT(angles), &r))
        c->rotate = r;
}

/* Text that fits in size bytes with its NUL, borrowed from the tree; NULL after reporting. */
static const char *config_text(yaml_doc *d, const yaml_node *v, const char *key, size_t size)
{
    const char *s;
    if (!yaml_string(d, v, key, size - 1, NULL, &s))
        return NULL;
    /* yaml_string counts characters; the buffer holds bytes */
    if (v->len >= size) {
        yaml_error(d, v->line, v->col, "'%s' is %zu bytes long; expected at most %zu", key, v->len, size - 1);
        return NULL;
    }
    return s;
}

/* A path into out (size bytes with its NUL); absolute when must_be_absolute. */
static void config_path(yaml_doc *d, const yaml_node *v, const char *key, bool must_be_absolute, char *out,
                        size_t size)
{
    const char *s = config_text(d, v, key, size);
    if (!s)
        return;
    if (must_be_absolute && s[0] != '/') {
        char q[YAML_QUOTE_BYTES];
        /* relative to what? The service's working directory is not something to rely on */
        yaml_error(d, v->line, v->col, "'%s' is '%s', a relative path; expected an absolute path such as %s",
                   key, yaml_quote(q, v->text, v->len), OOGST_DATADIR "/content");
        return;
    }
    memcpy(out, s, v->len + 1);
}

static void config_content_dir(yaml_doc *d, const yaml_node *v, config *c)
{
    config_path(d, v, "content_dir", true, c->content_dir, sizeof(c->content_dir));
}

static void config_script(yaml_doc *d, const yaml_node *v, config *c)
{
    config_path(d, v, "script", false, c->script, sizeof(c->script));
}

static void config_width(yaml_doc *d, const yaml_node *v, config *c)
{
    unsigned w;
    if (yaml_uint(d, v, "width", 320, 7680, &w))
        c->width = (int)w;
}

static void config_height(yaml_doc *d, const yaml_node *v, config *c)
{
    unsigned h;
    if (yaml_uint(d, v, "height", 240, 7680, &h))
        c->height = (int)h;
}

/* ---- gpio: ------------------------------------------------------------------------------ */

static void config_chip(yaml_doc *d, const yaml_node *v, config *c)
{
    const char *s = config_text(d, v, "chip", sizeof(c->gpio.chip));
    if (s)
        memcpy(c->gpio.chip, s, v->len + 1);
}

static void config_active_low(yaml_doc *d, const yaml_node *v, config *c)
{
    yaml_bool(d, v, "active_low", &c->gpio.active_low);
}

static void config_leds_active_low(yaml_doc *d, const yaml_node *v, config *c)
{
    yaml_bool(d, v, "leds_active_low", &c->gpio.leds_active_low);
}

static void config_bias_read(yaml_doc *d, const yaml_node *v, config *c)
{
    static const char *const words[] = {"pull-up", "pull-down", "disabled", "as-is"};
    static const config_bias biases[] = {BIAS_PULL_UP, BIAS_PULL_DOWN, BIAS_DISABLED, BIAS_AS_IS};
    int i = yaml_word(d, v, "bias", words, COUNT(words));
    if (i >= 0)
        c->gpio.bias = biases[i];
}

static void config_debounce(yaml_doc *d, const yaml_node *v, config *c)
{
    /* contacts bounce for a few ms up to ~20 ms; past 200 ms a quick second press is lost */
    yaml_uint(d, v, "debounce_ms", 1, 200, &c->gpio.debounce_ms);
}

static void config_stuck(yaml_doc *d, const yaml_node *v, config *c)
{
    unsigned s;
    if (yaml_uint(d, v, "stuck_seconds", 1, 3600, &s))
        c->gpio.stuck_ms = s * 1000;
}

/* what a line may be, in every message about one */
#define CONFIG_A_LINE                                                                                        \
    "a GPIO line: its offset without quotes (the BCM number on a Raspberry Pi, 0 to 1023) or its name, "     \
    "such as GPIO17"

/* A line: an offset written without quotes, or a line name (text); none, when none_ok, for
 * no line. False after reporting. */
static bool config_line_read(yaml_doc *d, const yaml_node *v, const char *key, bool none_ok, config_line *out)
{
    const char *or_none = none_ok ? ", or none" : "";
    char q[YAML_QUOTE_BYTES];
    if (v->kind == YAML_ALIAS)
        return false;
    if (v->kind != YAML_SCALAR) {
        yaml_error(d, v->line, v->col, "'%s' is %s; expected " CONFIG_A_LINE "%s", key, yaml_kind_name(v),
                   or_none);
        return false;
    }
    if (yaml_is_null(v)) {
        yaml_error(d, v->line, v->col, "'%s' has no value; expected " CONFIG_A_LINE "%s", key, or_none);
        return false;
    }
    if (strcmp(v->text, "none") == 0 && v->len == 4) {
        if (!none_ok) {
            yaml_error(d, v->line, v->col,
                       "'%s' is none, but a button cannot do without its line; expected " CONFIG_A_LINE, key);
            return false;
        }
        *out = (config_line){.set = false, .offset = -1};
        return true;
    }
    bool digits = config_all_digits(v->text, v->len);
    if (digits && !v->plain) {
        /* "17" would be looked up as a line named 17, which no chip has: say so now, not
         * at start-up on the box */
        yaml_error(
            d, v->line, v->col,
            "'%s' is \"%s\", digits in quotes, which would be read as a line name; expected the offset "
            "without quotes (%s: %s) or a name such as GPIO%s",
            key, yaml_quote(q, v->text, v->len), key, q, q);
        return false;
    }
    /* plain text that starts like a number is meant as one: -5, 5.5 or 1e3 is no line name */
    if (v->plain && (v->text[0] == '-' || v->text[0] == '+' || (v->text[0] >= '0' && v->text[0] <= '9'))) {
        long n = 0;
        for (size_t i = 0; digits && i < v->len && n <= CONFIG_LINE_MAX; i++)
            n = n * 10 + (v->text[i] - '0');
        if (!digits || n > CONFIG_LINE_MAX) {
            yaml_error(d, v->line, v->col, "'%s' is %s; expected " CONFIG_A_LINE "%s", key,
                       yaml_quote(q, v->text, v->len), or_none);
            return false;
        }
        *out = config_offset((int)n);
        return true;
    }
    config_line l = {.set = true, .offset = -1};
    const char *s = config_text(d, v, key, sizeof(l.name));
    if (!s)
        return false;
    memcpy(l.name, s, v->len + 1);
    *out = l;
    return true;
}

/* Where each line in use was set, for the check that none is used twice. */
typedef struct config_use {
    const config_line *line;
    const yaml_node *at; /* NULL: a default */
    char what[48];       /* "button 2", "button 2's LED", "the facilitator's button" */
} config_use;

typedef struct config_uses {
    config_use use[2 * CONFIG_BUTTONS + 1];
    size_t n;
} config_uses;

static void config_use_add(config_uses *u, const config_line *line, const yaml_node *at, const char *fmt,
                           size_t button)
{
    if (!line->set)
        return;
    config_use *x = &u->use[u->n++];
    x->line = line;
    x->at = at;
    snprintf(x->what, sizeof(x->what), fmt, button);
}

static bool config_same_line(const config_line *a, const config_line *b)
{
    if (a->offset >= 0 || b->offset >= 0)
        return a->offset == b->offset;
    return strcmp(a->name, b->name) == 0;
}

/* Defaults first, then in the order of the file. */
static bool config_use_before(const config_use *a, const config_use *b)
{
    if (!a->at || !b->at)
        return !a->at && b->at;
    return a->at->line < b->at->line || (a->at->line == b->at->line && a->at->col < b->at->col);
}

/* Each line is reported where it is used a second time, with where it was used first. */
static void config_check_uses(yaml_doc *d, config_uses *u)
{
    for (size_t i = 1; i < u->n; i++)
        for (size_t j = i; j > 0 && config_use_before(&u->use[j], &u->use[j - 1]); j--) {
            config_use t = u->use[j];
            u->use[j] = u->use[j - 1];
            u->use[j - 1] = t;
        }
    for (size_t j = 0; j < u->n; j++) {
        const config_use *b = &u->use[j];
        for (size_t i = 0; i < j && b->at; i++) {
            const config_use *a = &u->use[i];
            if (!config_same_line(a->line, b->line))
                continue;
            char line[48], first[32];
            if (b->line->offset >= 0)
                snprintf(line, sizeof(line), "%d", b->line->offset);
            else
                snprintf(line, sizeof(line), "'%s'", b->line->name);
            if (a->at)
                snprintf(first, sizeof(first), "at %u:%u", a->at->line, a->at->col);
            else
                snprintf(first, sizeof(first), "by default");
            yaml_error(d, b->at->line, b->at->col,
                       "line %s for %s is already used for %s (%s); expected a line of its own for each "
                       "button, LED and the facilitator's button%s",
                       line, b->what, a->what, first,
                       a->at ? ""
                       : strcmp(a->what, "the facilitator's button") == 0
                           ? " (facilitator: none if there is none)"
                           : " (give the whole 'buttons' list to change the default wiring)");
            break;
        }
    }
}

/* The list of buttons into b[0..*n), with the nodes their lines were read from (for the check
 * that no line is used twice). Every item is checked, also past the 6th. */
static void config_buttons(yaml_doc *d, const yaml_node *v, config_button *b, const yaml_node **at_line,
                           const yaml_node **at_led, size_t *n)
{
    static const char *const keys[] = {"line", "led", "colour"};
    static const char expected[] = "a list of 1 to 6 buttons, in the order of the options on the screen, "
                                   "each such as - line: 5";
    *n = 0;
    if (v->kind == YAML_ALIAS)
        return;
    if (v->kind != YAML_SEQ) {
        yaml_error(d, v->line, v->col, "'buttons' is %s; expected %s",
                   yaml_is_null(v) ? "empty" : yaml_kind_name(v), expected);
        return;
    }
    if (v->n < 1 || v->n > CONFIG_BUTTONS)
        yaml_error(d, v->line, v->col,
                   "'buttons' has %zu item%s; expected 1 to %d, one for each option on the screen", v->n,
                   v->n == 1 ? "" : "s", CONFIG_BUTTONS);
    size_t i = 0;
    for (const yaml_node *it = v->first; it; it = it->next, i++) {
        char what[32], where[32];
        snprintf(what, sizeof(what), "button %zu", i + 1);
        snprintf(where, sizeof(where), "in button %zu", i + 1);
        if (i < CONFIG_BUTTONS) {
            /* a wrong item holds no line: nothing to compare with the others */
            b[i] = (config_button){.line = {.offset = -1}, .led = {.offset = -1}};
            at_line[i] = at_led[i] = NULL;
            *n = i + 1;
        }
        if (it->kind == YAML_ALIAS)
            continue;
        if (it->kind != YAML_MAP) {
            yaml_error(d, it->line, it->col,
                       "%s is %s; expected a mapping with keys line, led, colour, such as "
                       "- line: 5",
                       what, yaml_is_null(it) ? "empty" : yaml_kind_name(it));
            continue;
        }
        yaml_fields f;
        yaml_fields_read(d, &f, it, keys, COUNT(keys), where, NULL, 0);
        config_button btn = {.line = {.offset = -1}, .led = {.offset = -1}};
        /* a cap keeps the colour of its place on the screen unless it says otherwise */
        strcpy(btn.colour, i < CONFIG_BUTTONS ? config_wiring[i].colour : "white");
        const yaml_node *line = yaml_field(&f, "line"), *led = yaml_field(&f, "led"),
                        *colour = yaml_field(&f, "colour");
        if (!line)
            yaml_missing(d, it, what, "line", "the line its button is wired to, such as line: 5");
        else
            config_line_read(d, line, "line", false, &btn.line);
        if (led && !config_line_read(d, led, "led", true, &btn.led))
            btn.led.set = false;
        if (colour) {
            const char *names[COUNT(config_colours)];
            for (size_t k = 0; k < COUNT(config_colours); k++)
                names[k] = config_colours[k].name;
            int k = yaml_word(d, colour, "colour", names, COUNT(names));
            if (k >= 0)
                strcpy(btn.colour, names[k]);
        }
        if (i < CONFIG_BUTTONS) {
            b[i] = btn;
            at_line[i] = line;
            at_led[i] = led;
        }
    }
}

static const config_key config_gpio_keys[] = {
    {"chip", config_chip},           {"active_low", config_active_low},
    {"bias", config_bias_read},      {"debounce_ms", config_debounce},
    {"stuck_seconds", config_stuck}, {"leds_active_low", config_leds_active_low},
    {"facilitator", NULL},           {"buttons", NULL},
};

static void config_gpio_section(yaml_doc *d, const yaml_node *v, config *c)
{
    yaml_fields f;
    if (!config_map(d, v, config_gpio_keys, COUNT(config_gpio_keys), "'gpio'", "in 'gpio'", c, &f))
        return;
    config_gpio *g = &c->gpio;
    const yaml_node *facilitator = f.val[config_at(config_gpio_keys, COUNT(config_gpio_keys), "facilitator")],
                    *buttons = f.val[config_at(config_gpio_keys, COUNT(config_gpio_keys), "buttons")];
    if (facilitator && !config_line_read(d, facilitator, "facilitator", true, &g->facilitator))
        g->facilitator.set = false; /* reported; not checked again for a second use */

    config_button b[CONFIG_BUTTONS];
    const yaml_node *at_line[CONFIG_BUTTONS] = {0}, *at_led[CONFIG_BUTTONS] = {0};
    size_t n = g->n_buttons;
    memcpy(b, g->buttons, sizeof(b));
    if (buttons) {
        size_t errors = d->n_errors;
        config_buttons(d, buttons, b, at_line, at_led, &n);
        /* the list given replaces the default one as a whole */
        if (d->n_errors == errors) {
            memcpy(g->buttons, b, sizeof(b));
            g->n_buttons = n;
        }
    }
    config_uses u = {.n = 0};
    for (size_t i = 0; i < n; i++) {
        config_use_add(&u, &b[i].line, at_line[i], "button %zu", i + 1);
        config_use_add(&u, &b[i].led, at_led[i], "button %zu's LED", i + 1);
    }
    config_use_add(&u, &g->facilitator, facilitator, "the facilitator's button", 0);
    config_check_uses(d, &u);
}

/* ---- export: ------------------------------------------------------------------------- */

/* Privacy: in a small group the minute of an answer can point to a person. */
static void config_round_minutes(yaml_doc *d, const yaml_node *v, config *c)
{
    static const int steps[] = {0, 5, 10, 15, 30, 60};
    int r;
    if (yaml_int_in(d, v, "round_minutes", steps, COUNT(steps), &r))
        c->export_round_minutes = r;
}

static const config_key config_export_keys[] = {
    {"round_minutes", config_round_minutes},
};

static void config_export_section(yaml_doc *d, const yaml_node *v, config *c)
{
    yaml_fields f;
    config_map(d, v, config_export_keys, COUNT(config_export_keys), "'export'", "in 'export'", c, &f);
}

/* ---- the file ------------------------------------------------------------------------- */

/* A later section is one more line here, with a reader that calls config_map with a table
 * of its own. */
static const config_key config_top[] = {
    {"language", config_language}, {"pin", config_pin},           {"rotate", config_rotate},
    {"width", config_width},       {"height", config_height},     {"content_dir", config_content_dir},
    {"script", config_script},     {"gpio", config_gpio_section}, {"export", config_export_section},
};

/* Reads the mapping v by the keys of table into c, and its values into f: what is e.g. "the
 * top level" or "'gpio'", where e.g. "at the top level" or "in 'gpio'". False when v is not
 * a mapping (reported). */
static bool config_map(yaml_doc *d, const yaml_node *v, const config_key *table, size_t n, const char *what,
                       const char *where, config *c, yaml_fields *f)
{
    const char *names[YAML_MAX_FIELDS];
    assert(n <= YAML_MAX_FIELDS);
    for (size_t i = 0; i < n; i++)
        names[i] = table[i].name;
    if (v->kind == YAML_ALIAS)
        return false;
    if (v->kind != YAML_MAP) {
        char list[256];
        yaml_key_list(list, sizeof(list), names, n);
        yaml_error(d, v->line, v->col, "%s is %s; expected a mapping with keys %s", what,
                   yaml_is_null(v) ? "empty" : yaml_kind_name(v), list);
        return false;
    }
    yaml_fields_read(d, f, v, names, n, where, NULL, 0);
    f->keys = NULL; /* names is gone after this returns: find a value with config_at */
    f->n_keys = 0;
    for (size_t i = 0; i < n; i++)
        if (f->val[i] && table[i].read)
            table[i].read(d, f->val[i], c);
    return true;
}

/* Width and height go together: half a screen size is a mistake, not a wish. */
static void config_screen(yaml_doc *d, const yaml_fields *f)
{
    const yaml_node *kw = f->key[config_at(config_top, COUNT(config_top), "width")],
                    *kh = f->key[config_at(config_top, COUNT(config_top), "height")];
    if (!kw != !kh) {
        const yaml_node *k = kw ? kw : kh;
        yaml_error(d, k->line, k->col,
                   "'%s' is given without '%s'; expected both width and height, or neither",
                   kw ? "width" : "height", kw ? "height" : "width");
    }
}

int config_load(const char *path, config *c, FILE *err)
{
    yaml_doc d = {.name = path, .err = err, .spec = &config_spec};
    char *buf;
    size_t len;
    int rc = yaml_read_file(&d, path, &buf, &len);
    if (rc != 0) {
        yaml_error_finish(&d);
        return rc;
    }
    /* read into a copy: a file with a mistake changes nothing */
    config next = *c;
    arena *tree = NULL;
    if (yaml_check_text(&d, buf, len) && len > 0) {
        tree = arena_new();
        const yaml_node *root = tree ? yaml_parse(&d, tree, buf, len) : NULL;
        if (!tree)
            yaml_error(&d, 1, 1, "out of memory; expected a smaller configuration");
        else if (root && !yaml_is_null(root)) {
            yaml_fields f;
            if (config_map(&d, root, config_top, COUNT(config_top), "the top level", "at the top level",
                           &next, &f))
                config_screen(&d, &f);
        }
    }
    arena_free(tree);
    free(buf);
    yaml_error_finish(&d);
    if (d.n_errors > 0)
        return -1;
    *c = next;
    return 0;
}
