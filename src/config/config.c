/* config.c — owns reading /etc/oogst/oogst.yaml into struct config. The file goes through
 * yaml.c like a session script (size, UTF-8, anchors, duplicate keys, positions in every
 * message); each key has one reader in a table, so a new key or section (buttons, export)
 * is one more table entry and one more function. */
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

typedef struct config_key {
    const char *name;
    config_read_fn *read;
} config_key;

void config_defaults(config *c)
{
    memset(c, 0, sizeof(*c));
    strcpy(c->language, "nl");
    strcpy(c->content_dir, OOGST_DATADIR "/content");
    strcpy(c->script, "nl/demo.yaml");
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

/* A path into out (size bytes with its NUL); absolute when must_be_absolute. */
static void config_path(yaml_doc *d, const yaml_node *v, const char *key, bool must_be_absolute, char *out,
                        size_t size)
{
    const char *s;
    if (!yaml_string(d, v, key, size - 1, NULL, &s))
        return;
    /* yaml_string counts characters; the buffer holds bytes */
    if (v->len >= size) {
        yaml_error(d, v->line, v->col, "'%s' is %zu bytes long; expected at most %zu", key, v->len, size - 1);
        return;
    }
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

/* ---- the file ------------------------------------------------------------------------- */

/* Later sections (buttons:, export:) are one more line here, with a reader that calls
 * config_map with a table of their own. */
static const config_key config_top[] = {
    {"language", config_language},       {"pin", config_pin},       {"rotate", config_rotate},
    {"content_dir", config_content_dir}, {"script", config_script},
};

/* Reads the mapping v by the keys of table: what is e.g. "the top level" or "'buttons'",
 * where e.g. "at the top level" or "in 'buttons'". */
static void config_map(yaml_doc *d, const yaml_node *v, const config_key *table, size_t n, const char *what,
                       const char *where, config *c)
{
    const char *names[YAML_MAX_FIELDS];
    assert(n <= YAML_MAX_FIELDS);
    for (size_t i = 0; i < n; i++)
        names[i] = table[i].name;
    if (v->kind == YAML_ALIAS)
        return;
    if (v->kind != YAML_MAP) {
        char list[256];
        yaml_key_list(list, sizeof(list), names, n);
        yaml_error(d, v->line, v->col, "%s is %s; expected a mapping with keys %s", what,
                   yaml_is_null(v) ? "empty" : yaml_kind_name(v), list);
        return;
    }
    yaml_fields f;
    yaml_fields_read(d, &f, v, names, n, where, NULL, 0);
    for (size_t i = 0; i < n; i++)
        if (f.val[i])
            table[i].read(d, f.val[i], c);
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
        else if (root && !yaml_is_null(root))
            config_map(&d, root, config_top, COUNT(config_top), "the top level", "at the top level", &next);
    }
    arena_free(tree);
    free(buf);
    yaml_error_finish(&d);
    if (d.n_errors > 0)
        return -1;
    *c = next;
    return 0;
}
