/* content.c — owns loading a session script: reading the file within CONTENT_MAX_BYTES,
 * turning libfyaml's events into a small positioned tree, and checking that tree against
 * the schema (the session-script contract) into a struct script held in one arena. Every
 * problem is reported as "PATH:LINE:COL: what is wrong; what is expected", and checking
 * goes on after a problem so one run shows as many as it can. */
#include "content/content.h"

#include <errno.h>
#include <fcntl.h>
#include <libfyaml.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/text.h"
#include "core/utf8.h"

enum {
    CONTENT_MAX_DEPTH = 32,   /* a real script nests 6 deep; more is a mistake or an attack */
    CONTENT_QUOTE_CHARS = 40, /* code points of a key or value repeated in a message */
    CONTENT_QUOTE_BYTES = CONTENT_QUOTE_CHARS * 4 + 8,
    CONTENT_ID_MAX = 48,
    CONTENT_TITLE_MAX = 80,
    CONTENT_TEXT_MAX = 600,
    CONTENT_QUESTION_MAX = 200,
    CONTENT_PROMPT_MAX = 200,
    CONTENT_OPTION_MAX = 60,
    CONTENT_LABEL_MAX = 30,
    CONTENT_MAX_FIELDS = 16,
    CONTENT_MAX_IDS = SCRIPT_MAX_STEPS * STEP_MAX_QUESTIONS,
};

/* ---- the node tree ----------------------------------------------------------------------- */

typedef enum content_kind { NODE_SCALAR, NODE_SEQ, NODE_MAP, NODE_ALIAS } content_kind;

typedef struct node {
    content_kind kind;
    unsigned line, col;        /* 1-based */
    struct node *next;         /* next sibling */
    struct node *first, *last; /* children; a mapping holds key, value, key, value, … */
    size_t n;                  /* children */
    const char *text;          /* scalar: NUL-terminated copy (may hold an inner NUL: see len) */
    size_t len;
    bool plain; /* scalar written without quotes or block style */
    bool flow;  /* collection written with [ ] or { } */
} node;

/* ---- reporting --------------------------------------------------------------------------- */

typedef struct content_qid {
    const char *id;
    unsigned line, col;
} content_qid;

typedef struct content_ctx {
    const char *name;
    FILE *err;
    size_t n_errors;              /* found, shown or not */
    unsigned more_line, more_col; /* where the first problem left out was */
    arena *tmp;                   /* the node tree; freed when loading ends */
    arena *out;                   /* the script */
    const char *language;
    content_qid ids[CONTENT_MAX_IDS]; /* question ids of the steps checked so far */
    size_t n_ids;
    bool seen_monitoring;
} content_ctx;

static void content_error(content_ctx *c, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void content_error(content_ctx *c, unsigned line, unsigned col, const char *fmt, ...)
{
    c->n_errors++;
    if (c->n_errors > SCRIPT_MAX_ERRORS) {
        if (c->n_errors == SCRIPT_MAX_ERRORS + 1) {
            c->more_line = line;
            c->more_col = col;
        }
        return;
    }
    if (!c->err)
        return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(c->err, "%s:%u:%u: ", c->name, line ? line : 1, col ? col : 1);
    vfprintf(c->err, fmt, ap);
    fputc('\n', c->err);
    va_end(ap);
}

/* The one line that says how many were not shown; called once at the end. */
static void content_error_finish(content_ctx *c)
{
    if (c->n_errors > SCRIPT_MAX_ERRORS && c->err)
        fprintf(c->err,
                "%s:%u:%u: %zu more problems were left out; expected at most %d at a time, "
                "fix the ones above first\n",
                c->name, c->more_line ? c->more_line : 1, c->more_col ? c->more_col : 1,
                c->n_errors - SCRIPT_MAX_ERRORS, SCRIPT_MAX_ERRORS);
}

/* Text from the file, made safe for a one-line message: control bytes become '?', and
 * anything past CONTENT_QUOTE_CHARS code points is cut with "...". */
static const char *content_quote_max(char *out, const char *s, size_t len, size_t max)
{
    size_t o = 0, chars = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)s[i];
        if ((b & 0xc0) != 0x80) {
            if (chars == max) {
                memcpy(out + o, "...", 3);
                o += 3;
                break;
            }
            chars++;
        }
        out[o++] = (b < 0x20 || b == 0x7f) ? '?' : (char)b;
    }
    out[o] = '\0';
    return out;
}

static const char *content_quote(char out[CONTENT_QUOTE_BYTES], const char *s, size_t len)
{
    return content_quote_max(out, s, len, CONTENT_QUOTE_CHARS);
}

static const char *content_kind_name(const node *n)
{
    switch (n->kind) {
    case NODE_SEQ: return "a list";
    case NODE_MAP: return "a mapping";
    case NODE_ALIAS: return "an alias";
    case NODE_SCALAR: break;
    }
    return "text";
}

/* "a" or "an" before a step type name. */
static const char *content_article(const char *word)
{
    return strchr("aeiou", word[0]) ? "an" : "a";
}

/* Line and column (1-based, in code points like libfyaml) of byte offset off in buf. */
static void content_position(const char *buf, size_t off, unsigned *line, unsigned *col)
{
    unsigned l = 1, k = 1;
    for (size_t i = 0; i < off; i++) {
        if (buf[i] == '\n') {
            l++;
            k = 1;
        } else if (((unsigned char)buf[i] & 0xc0) != 0x80) {
            k++;
        }
    }
    *line = l;
    *col = k;
}

/* ---- from libfyaml events to the tree ---------------------------------------------------- */

static void content_diag_sink(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
    /* libfyaml must never print on its own; errors are collected and reported by us */
    (void)diag, (void)user, (void)buf, (void)len;
}

static node *content_node(content_ctx *c, content_kind kind, const struct fy_mark *m)
{
    node *n = arena_alloc(c->tmp, sizeof(*n));
    if (!n)
        return NULL;
    n->kind = kind;
    n->line = m ? (unsigned)m->line + 1 : 1;
    n->col = m ? (unsigned)m->column + 1 : 1;
    return n;
}

static void content_attach(node *parent, node *child)
{
    if (parent->last)
        parent->last->next = child;
    else
        parent->first = child;
    parent->last = child;
    parent->n++;
}

/* An anchor is refused where it is written: aliases are how "billion laughs" files grow. */
static void content_check_anchor(content_ctx *c, struct fy_event *e)
{
    struct fy_token *t = fy_event_get_anchor_token(e);
    if (!t)
        return;
    const struct fy_mark *m = fy_token_start_mark(t);
    if (!m)
        m = fy_event_start_mark(e);
    size_t len = 0;
    const char *name = fy_token_get_text(t, &len);
    char q[CONTENT_QUOTE_BYTES];
    content_error(c, m ? (unsigned)m->line + 1 : 1, m ? (unsigned)m->column + 1 : 1,
                  "anchor '&%s' found; anchors and aliases are not allowed, write the value out",
                  content_quote(q, name ? name : "", name ? len : 0));
}

/* A friendlier "expected" part for the syntax errors people make most. libfyaml reports
 * an unclosed bracket where the file ends; saying where it was opened helps more. */
static void content_syntax_hint(char *out, size_t size, const char *msg, node *const *stack, size_t depth)
{
    bool seq = strstr(msg, "closing bracket") != NULL, map = strstr(msg, "flow mapping") != NULL;
    const node *open = NULL;
    for (size_t i = depth; (seq || map) && i > 0 && !open; i--)
        if (stack[i - 1]->flow && stack[i - 1]->kind == (seq ? NODE_SEQ : NODE_MAP))
            open = stack[i - 1];
    if (open)
        snprintf(out, size, "expected a '%c' to close the '%c' at %u:%u%s", seq ? ']' : '}', seq ? '[' : '{',
                 open->line, open->col, map ? ", and commas between its items" : "");
    else if (seq)
        snprintf(out, size, "expected a ']' to close the list");
    else if (map)
        snprintf(out, size, "expected a '}' to close the mapping, and commas between its items");
    else if (strstr(msg, "tab"))
        snprintf(out, size, "expected spaces for indentation, not tabs");
    else if (strstr(msg, "quoted scalar"))
        snprintf(out, size, "expected the quoted text to end with the same quote it starts with");
    else if (strstr(msg, "indent"))
        snprintf(out, size, "expected keys of one mapping to line up under each other");
    else
        snprintf(out, size, "expected valid YAML");
}

/* The text of a single-quoted scalar, decoded from the source between its quotes: ''
 * is one quote, and line breaks fold as YAML says (one break is a space, n breaks are
 * n-1 newlines, spaces around them go). We do this ourselves because libfyaml 0.7.12
 * leaks a buffer in fy_token_get_text() on runs of '' escapes. */
static char *content_single_quoted(arena *a, const char *raw, size_t len, size_t *out_len)
{
    char *out = arena_alloc(a, len + 1);
    if (!out)
        return NULL;
    size_t o = 0, i = 0;
    while (i < len) {
        char ch = raw[i];
        if (ch == '\'' && i + 1 < len && raw[i + 1] == '\'') {
            out[o++] = '\'';
            i += 2;
        } else if (ch == ' ' || ch == '\t') {
            size_t j = i;
            while (j < len && (raw[j] == ' ' || raw[j] == '\t'))
                j++;
            if (j < len && (raw[j] == '\n' || raw[j] == '\r')) {
                i = j; /* spaces before a line break are not part of the text */
            } else {
                memcpy(out + o, raw + i, j - i);
                o += j - i;
                i = j;
            }
        } else if (ch == '\n' || ch == '\r') {
            size_t breaks = 0;
            while (i < len && (raw[i] == '\n' || raw[i] == '\r')) {
                i += (raw[i] == '\r' && i + 1 < len && raw[i + 1] == '\n') ? 2 : 1;
                breaks++;
                while (i < len && (raw[i] == ' ' || raw[i] == '\t'))
                    i++;
            }
            if (breaks == 1)
                out[o++] = ' ';
            else
                for (size_t k = 1; k < breaks; k++)
                    out[o++] = '\n';
        } else {
            out[o++] = ch;
            i++;
        }
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

/* Parses buf into a tree in c->tmp. Returns the root, or NULL when there is nothing to
 * check (a syntax error, too deep, empty); the reasons have been reported. */
static node *content_parse(content_ctx *c, const char *buf, size_t len)
{
    struct fy_diag_cfg dcfg;
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = NULL;
    dcfg.output_fn = content_diag_sink;
    dcfg.user = NULL;
    dcfg.colorize = false;
    struct fy_diag *diag = fy_diag_create(&dcfg);
    if (!diag) {
        content_error(c, 1, 1, "out of memory creating the YAML parser; expected a working system");
        return NULL;
    }
    fy_diag_set_collect_errors(diag, true);
    struct fy_parse_cfg pcfg = {.flags = FYPCF_QUIET, .diag = diag};
    struct fy_parser *p = fy_parser_create(&pcfg);
    if (!p || fy_parser_set_string(p, buf, len) != 0) {
        content_error(c, 1, 1, "out of memory creating the YAML parser; expected a working system");
        fy_parser_destroy(p);
        fy_diag_destroy(diag);
        return NULL;
    }

    node *stack[CONTENT_MAX_DEPTH];
    size_t depth = 0;
    node *root = NULL;
    int docs = 0;
    bool stop = false, fatal = false, second_doc_pending = false;
    struct fy_event *e;
    while (!stop && (e = fy_parser_parse(p)) != NULL) {
        const struct fy_mark *m = fy_event_start_mark(e);
        node *n = NULL;
        if (second_doc_pending && m) {
            /* an implicit document start has no mark; report at its first event */
            content_error(c, (unsigned)m->line + 1, (unsigned)m->column + 1,
                          "a second YAML document starts here; expected one script per file");
            stop = true;
        }
        switch (e->type) {
        case FYET_DOCUMENT_START:
            if (++docs > 1) {
                if (m) {
                    content_error(c, (unsigned)m->line + 1, (unsigned)m->column + 1,
                                  "a second YAML document starts here; expected one script per file");
                    stop = true;
                } else {
                    second_doc_pending = true;
                }
            }
            break;
        case FYET_MAPPING_START:
        case FYET_SEQUENCE_START:
            content_check_anchor(c, e);
            if (depth == CONTENT_MAX_DEPTH) {
                content_error(c, m ? (unsigned)m->line + 1 : 1, m ? (unsigned)m->column + 1 : 1,
                              "nesting deeper than %d levels; expected at most %d", CONTENT_MAX_DEPTH,
                              CONTENT_MAX_DEPTH);
                stop = fatal = true;
                break;
            }
            n = content_node(c, e->type == FYET_MAPPING_START ? NODE_MAP : NODE_SEQ, m);
            if (n && m && m->input_pos < len)
                n->flow = buf[m->input_pos] == '[' || buf[m->input_pos] == '{';
            break;
        case FYET_MAPPING_END:
        case FYET_SEQUENCE_END:
            if (depth > 0)
                depth--;
            break;
        case FYET_SCALAR: {
            content_check_anchor(c, e);
            struct fy_token *tok = e->scalar.value;
            n = content_node(c, NODE_SCALAR, m ? m : fy_token_start_mark(tok));
            if (!n)
                break;
            if (!m && !fy_token_start_mark(tok) && depth > 0 && stack[depth - 1]->last) {
                /* an empty value has no mark of its own; point at its key */
                n->line = stack[depth - 1]->last->line;
                n->col = stack[depth - 1]->last->col;
            }
            enum fy_scalar_style style = fy_token_scalar_style(tok);
            const struct fy_mark *ts = fy_token_start_mark(tok), *te = fy_token_end_mark(tok);
            if (style == FYSS_SINGLE_QUOTED && ts && te && ts->input_pos <= te->input_pos &&
                te->input_pos <= len) {
                n->text = content_single_quoted(c->tmp, buf + ts->input_pos, te->input_pos - ts->input_pos,
                                                &n->len);
            } else {
                size_t tlen = 0;
                const char *t = fy_token_get_text(tok, &tlen);
                n->text = arena_strndup(c->tmp, t ? t : "", t ? tlen : 0);
                n->len = t ? tlen : 0;
            }
            n->plain = style == FYSS_PLAIN;
            if (!n->text)
                n = NULL;
            break;
        }
        case FYET_ALIAS: {
            size_t alen = 0;
            const char *a = fy_token_get_text(e->alias.anchor, &alen);
            char q[CONTENT_QUOTE_BYTES];
            content_error(c, m ? (unsigned)m->line + 1 : 1, m ? (unsigned)m->column + 1 : 1,
                          "alias '*%s' found; anchors and aliases are not allowed, write the value out",
                          content_quote(q, a ? a : "", a ? alen : 0));
            n = content_node(c, NODE_ALIAS, m);
            break;
        default: break;
        }
        }
        bool is_node = e->type == FYET_MAPPING_START || e->type == FYET_SEQUENCE_START ||
                       e->type == FYET_SCALAR || e->type == FYET_ALIAS;
        fy_parser_event_free(p, e);
        if (stop || !is_node)
            continue;
        if (!n) {
            content_error(c, 1, 1, "out of memory reading the script; expected a smaller script");
            stop = fatal = true;
            continue;
        }
        if (depth > 0)
            content_attach(stack[depth - 1], n);
        else if (!root)
            root = n;
        if (n->kind == NODE_MAP || n->kind == NODE_SEQ)
            stack[depth++] = n;
    }

    if (!stop && fy_parser_get_stream_error(p)) {
        fatal = true;
        void *it = NULL;
        struct fy_diag_error *de;
        size_t reported = 0;
        while ((de = fy_diag_errors_iterate(diag, &it)) != NULL) {
            if (de->type < FYET_ERROR)
                continue;
            char q[4 * 160 + 8], hint[160];
            const char *msg = de->msg ? de->msg : "syntax error";
            content_syntax_hint(hint, sizeof(hint), msg, stack, depth);
            content_error(c, de->line > 0 ? (unsigned)de->line : 1, de->column > 0 ? (unsigned)de->column : 1,
                          "%s; %s", content_quote_max(q, msg, strlen(msg), 160), hint);
            reported++;
        }
        if (reported == 0)
            content_error(c, 1, 1, "the YAML could not be read; expected valid YAML");
    }
    fy_parser_destroy(p);
    fy_diag_destroy(diag);

    if (fatal)
        return NULL;
    if (!root) {
        content_error(c, 1, 1,
                      "the file holds no script; expected a mapping with keys id, version, "
                      "language, title, steps");
        return NULL;
    }
    return root;
}

/* ---- field access ------------------------------------------------------------------------ */

/* The values of a mapping, found by the names allowed there. */
typedef struct fields {
    const char *const *keys;
    size_t n_keys;
    const node *key[CONTENT_MAX_FIELDS];
    const node *val[CONTENT_MAX_FIELDS];
    const node *map;
} fields;

/* Every key any step may have: a key from another step type gets a clearer message. */
static const char *const content_step_keys[] = {
    "type",       "title",           "text",
    "minutes",    "prompts",         "minutes_per_person",
    "group_size", "probes",          "id",
    "question",   "options",         "votes_per_person",
    "stack",      "lockout_seconds", "turn_gap_seconds",
    "show",       "scale",           "labels",
    "max_length", "questions",       "min_n",
};

static void content_key_list(char *out, size_t size, const char *const *keys, size_t n)
{
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && o < size; i++) {
        int w = snprintf(out + o, size - o, "%s%s", i ? ", " : "", keys[i]);
        if (w < 0)
            break;
        o += (size_t)w;
    }
}

static bool content_is_null(const node *n)
{
    return n->kind == NODE_SCALAR && n->plain &&
           (n->len == 0 || strcmp(n->text, "~") == 0 || strcmp(n->text, "null") == 0 ||
            strcmp(n->text, "Null") == 0 || strcmp(n->text, "NULL") == 0);
}

/* Sorts the pairs of map into f by name; reports keys that are not text, unknown keys
 * (with a suggestion) and keys given twice. where is e.g. "in a vote step". */
static void content_fields(content_ctx *c, fields *f, const node *map, const char *const *keys, size_t n_keys,
                           const char *where, bool step_keys)
{
    memset(f, 0, sizeof(*f));
    f->keys = keys;
    f->n_keys = n_keys;
    f->map = map;
    for (const node *k = map->first; k; k = k->next ? k->next->next : NULL) {
        const node *v = k->next;
        if (!v)
            break;
        if (k->kind == NODE_ALIAS)
            continue;
        if (k->kind != NODE_SCALAR) {
            content_error(c, k->line, k->col, "a key is %s; expected a name such as '%s'",
                          content_kind_name(k), keys[0]);
            continue;
        }
        size_t i = 0;
        while (i < n_keys && strcmp(keys[i], k->text) != 0)
            i++;
        char q[CONTENT_QUOTE_BYTES], list[256];
        if (i == n_keys) {
            content_key_list(list, sizeof(list), keys, n_keys);
            bool elsewhere = false;
            for (size_t j = 0; step_keys && j < sizeof(content_step_keys) / sizeof(*content_step_keys); j++)
                elsewhere |= strcmp(content_step_keys[j], k->text) == 0;
            const char *near = elsewhere ? NULL : text_suggest(k->text, keys, n_keys);
            content_error(c, k->line, k->col, "%s '%s' %s%s; expected one of %s%s%s%s",
                          elsewhere ? "key" : "unknown key", content_quote(q, k->text, k->len),
                          elsewhere ? "does not belong " : "", where, list, near ? " (did you mean '" : "",
                          near ? near : "", near ? "'?)" : "");
            continue;
        }
        if (f->key[i]) {
            content_error(c, k->line, k->col, "duplicate key '%s' (first at %u:%u); expected each key once",
                          keys[i], f->key[i]->line, f->key[i]->col);
            continue;
        }
        f->key[i] = k;
        f->val[i] = v;
    }
}

static const node *content_field(const fields *f, const char *name)
{
    for (size_t i = 0; i < f->n_keys; i++)
        if (strcmp(f->keys[i], name) == 0)
            return f->val[i];
    return NULL;
}

/* A text value of at most max code points, copied into the script's arena. */
static bool content_string(content_ctx *c, const node *v, const char *key, size_t max, const char **out)
{
    if (v->kind == NODE_ALIAS)
        return false; /* reported where it was found */
    if (v->kind != NODE_SCALAR) {
        content_error(c, v->line, v->col, "'%s' is %s; expected text", key, content_kind_name(v));
        return false;
    }
    if (content_is_null(v)) {
        content_error(c, v->line, v->col, "'%s' has no value; expected text", key);
        return false;
    }
    if (v->len == 0) {
        content_error(c, v->line, v->col, "'%s' is empty; expected text", key);
        return false;
    }
    if (memchr(v->text, '\0', v->len)) {
        content_error(c, v->line, v->col, "'%s' contains a NUL character; expected plain text", key);
        return false;
    }
    long n = utf8_length(v->text, v->len, NULL);
    if (n < 0) {
        /* an escape such as "\xff" can make invalid UTF-8 the file itself did not have */
        content_error(c, v->line, v->col, "'%s' is not valid UTF-8; expected plain text", key);
        return false;
    }
    if ((size_t)n > max) {
        content_error(c, v->line, v->col, "'%s' is %ld characters long; expected at most %zu", key, n, max);
        return false;
    }
    char *s = arena_strndup(c->out, v->text, v->len);
    if (!s) {
        content_error(c, v->line, v->col, "out of memory; expected a smaller script");
        return false;
    }
    *out = s;
    return true;
}

/* Numbers are plain digits with an optional '-' and optional decimals after a '.'.
 * Digits past the ninth decimal are read but do not count: no one times a step that finely. */
static bool content_parse_number(const char *s, size_t len, double *out, bool *whole)
{
    size_t i = 0;
    bool neg = false;
    if (i < len && s[i] == '-') {
        neg = true;
        i++;
    }
    double v = 0;
    size_t start = i;
    while (i < len && s[i] >= '0' && s[i] <= '9')
        v = v * 10 + (s[i++] - '0');
    if (i == start)
        return false;
    *whole = true;
    if (i < len && s[i] == '.') {
        i++;
        double scale = 1;
        size_t fstart = i;
        for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
            if (i - fstart < 9) {
                v = v * 10 + (s[i] - '0');
                scale *= 10;
            }
        }
        if (i == fstart)
            return false;
        v /= scale;
        *whole = false;
    }
    if (i != len)
        return false;
    *out = neg ? -v : v;
    return true;
}

/* A number in [lo, hi] (or (lo, hi] when lo_open); whole numbers only when integer. */
static bool content_number(content_ctx *c, const node *v, const char *key, double lo, bool lo_open, double hi,
                           bool integer, double *out)
{
    if (v->kind == NODE_ALIAS)
        return false;
    char q[CONTENT_QUOTE_BYTES], range[96];
    /* the bounds are whole numbers in the schema; %g would print 1000000 as 1e+06 */
    if (lo_open)
        snprintf(range, sizeof(range), "a number more than %.0f and at most %.0f", lo, hi);
    else
        snprintf(range, sizeof(range), "a %s from %.0f to %.0f", integer ? "whole number" : "number", lo, hi);
    if (v->kind != NODE_SCALAR) {
        content_error(c, v->line, v->col, "'%s' is %s; expected %s", key, content_kind_name(v), range);
        return false;
    }
    double d = 0;
    bool whole = true;
    if (!v->plain) {
        content_error(c, v->line, v->col, "'%s' is quoted text; expected %s, without quotes", key, range);
        return false;
    }
    if (!content_parse_number(v->text, v->len, &d, &whole)) {
        content_error(c, v->line, v->col, "'%s' is '%s', not a number; expected %s", key,
                      content_quote(q, v->text, v->len), range);
        return false;
    }
    if ((integer && !whole) || d < lo || (lo_open && d <= lo) || d > hi) {
        content_error(c, v->line, v->col, "'%s' is %s; expected %s", key, content_quote(q, v->text, v->len),
                      range);
        return false;
    }
    *out = d;
    return true;
}

static bool content_uint(content_ctx *c, const node *v, const char *key, unsigned lo, unsigned hi,
                         unsigned *out)
{
    double d;
    if (!content_number(c, v, key, lo, false, hi, true, &d))
        return false;
    *out = (unsigned)d;
    return true;
}

static uint32_t content_ms(double units, double ms_per_unit)
{
    return (uint32_t)(units * ms_per_unit + 0.5);
}

static bool content_bool(content_ctx *c, const node *v, const char *key, bool *out)
{
    if (v->kind == NODE_ALIAS)
        return false;
    if (v->kind == NODE_SCALAR && v->plain) {
        static const char *const yes[] = {"true", "True", "TRUE"}, *const no[] = {"false", "False", "FALSE"};
        for (size_t i = 0; i < 3; i++) {
            if (strcmp(v->text, yes[i]) == 0)
                return *out = true, true;
            if (strcmp(v->text, no[i]) == 0)
                return *out = false, true;
        }
    }
    char q[CONTENT_QUOTE_BYTES];
    content_error(c, v->line, v->col, "'%s' is %s%s%s; expected true or false, without quotes", key,
                  v->kind == NODE_SCALAR ? "'" : content_kind_name(v),
                  v->kind == NODE_SCALAR ? content_quote(q, v->text, v->len) : "",
                  v->kind == NODE_SCALAR ? "'" : "");
    return false;
}

/* One of a few fixed words; returns its index or -1 after reporting. */
static int content_word(content_ctx *c, const node *v, const char *key, const char *const *words, size_t n)
{
    if (v->kind == NODE_ALIAS)
        return -1;
    char q[CONTENT_QUOTE_BYTES], list[256];
    content_key_list(list, sizeof(list), words, n);
    if (v->kind != NODE_SCALAR) {
        content_error(c, v->line, v->col, "'%s' is %s; expected one of %s", key, content_kind_name(v), list);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        if (strcmp(words[i], v->text) == 0 && strlen(words[i]) == v->len)
            return (int)i;
    const char *near = text_suggest(v->text, words, n);
    content_error(c, v->line, v->col, "'%s' is '%s'; expected one of %s%s%s%s", key,
                  content_quote(q, v->text, v->len), list, near ? " (did you mean '" : "", near ? near : "",
                  near ? "'?)" : "");
    return -1;
}

/* A list of min..max texts of at most maxlen code points each. Items that are wrong are
 * reported one by one; the list is kept to those that are right. */
static bool content_strings(content_ctx *c, const node *v, const char *key, size_t min, size_t max,
                            size_t maxlen, const char **out, size_t *n_out)
{
    *n_out = 0;
    if (v->kind == NODE_ALIAS)
        return false;
    if (v->kind != NODE_SEQ) {
        content_error(c, v->line, v->col, "'%s' is %s; expected a list of %zu to %zu texts", key,
                      content_kind_name(v), min, max);
        return false;
    }
    bool ok = true;
    if (v->n < min || v->n > max) {
        content_error(c, v->line, v->col, "'%s' has %zu item%s; expected %zu to %zu", key, v->n,
                      v->n == 1 ? "" : "s", min, max);
        ok = false;
    }
    size_t i = 0;
    for (const node *it = v->first; it && i < max; it = it->next, i++) {
        const char *s;
        if (content_string(c, it, key, maxlen, &s))
            out[(*n_out)++] = s;
        else
            ok = false;
    }
    return ok;
}

static bool content_id_ok(const char *s, size_t len)
{
    if (len == 0 || len > CONTENT_ID_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
        if (!alnum && !(i > 0 && ch == '-'))
            return false;
    }
    return true;
}

static bool content_id(content_ctx *c, const node *v, const char *key, const char **out)
{
    if (!content_string(c, v, key, CONTENT_TEXT_MAX, out))
        return false;
    if (!content_id_ok(v->text, v->len)) {
        char q[CONTENT_QUOTE_BYTES];
        content_error(c, v->line, v->col,
                      "'%s' is '%s', not a valid id; expected lower-case letters a-z, digits and '-', "
                      "starting with a letter or digit, at most %d characters",
                      key, content_quote(q, v->text, v->len), CONTENT_ID_MAX);
        return false;
    }
    return true;
}

static const content_qid *content_find_id(const content_ctx *c, const char *id)
{
    for (size_t i = 0; i < c->n_ids; i++)
        if (strcmp(c->ids[i].id, id) == 0)
            return &c->ids[i];
    return NULL;
}

/* Question ids are unique in a script; the "mon-" ones belong to the monitoring step. */
static bool content_register_id(content_ctx *c, const node *v, const char *id, bool monitoring)
{
    if (!monitoring && strncmp(id, "mon-", 4) == 0) {
        content_error(c, v->line, v->col,
                      "question id '%s' starts with 'mon-'; expected an id without it (reserved for "
                      "the monitoring step)",
                      id);
        return false;
    }
    const content_qid *prev = content_find_id(c, id);
    if (prev) {
        content_error(c, v->line, v->col,
                      "question id '%s' is already used at %u:%u; expected "
                      "each question id once",
                      id, prev->line, prev->col);
        return false;
    }
    if (c->n_ids < CONTENT_MAX_IDS)
        c->ids[c->n_ids++] = (content_qid){id, v->line, v->col};
    return true;
}

/* ---- steps ------------------------------------------------------------------------------- */

static const char *const content_keys_top[] = {"id", "version", "language", "title", "steps"};
static const char *const content_keys_plain[] = {"type", "title", "text", "minutes", "prompts"};
static const char *const content_keys_interview[] = {"type",       "title",   "text",  "minutes_per_person",
                                                     "group_size", "prompts", "probes"};
static const char *const content_keys_vote[] = {"type",
                                                "title",
                                                "text",
                                                "minutes",
                                                "id",
                                                "question",
                                                "options",
                                                "votes_per_person",
                                                "stack",
                                                "lockout_seconds",
                                                "turn_gap_seconds",
                                                "show"};
static const char *const content_keys_rating[] = {
    "type",     "title", "text",   "minutes",         "id",
    "question", "scale", "labels", "lockout_seconds", "turn_gap_seconds"};
static const char *const content_keys_open[] = {"type", "title",    "text",      "minutes",
                                                "id",   "question", "max_length"};
static const char *const content_keys_monitoring[] = {"type", "title", "text", "minutes", "questions"};
static const char *const content_keys_results[] = {"type", "title", "text", "show", "min_n"};
static const char *const content_keys_monq[] = {"id", "answer", "scale", "labels", "options", "max_length"};

#define COUNT(a) (sizeof(a) / sizeof(*(a)))

static void content_missing(content_ctx *c, const node *map, const char *what, const char *key,
                            const char *expected)
{
    content_error(c, map->line, map->col, "%s has no '%s'; expected %s", what, key, expected);
}

/* lockout_seconds and turn_gap_seconds, shared by vote and rating. */
static void content_timing(content_ctx *c, const fields *f, vote_rule *r)
{
    const node *v;
    double d;
    if ((v = content_field(f, "lockout_seconds")) &&
        content_number(c, v, "lockout_seconds", 0, false, 60, false, &d))
        r->lockout_ms = content_ms(d, 1000);
    if ((v = content_field(f, "turn_gap_seconds")) &&
        content_number(c, v, "turn_gap_seconds", 0, false, 60, false, &d))
        r->turn_gap_ms = content_ms(d, 1000);
}

/* id and question of a vote, rating or open step. */
static void content_question_head(content_ctx *c, const fields *f, const char *what, question *q)
{
    const node *v;
    if (!(v = content_field(f, "id")))
        content_missing(c, f->map, what, "id", "a question id such as 'best-idea'");
    else if (content_id(c, v, "id", &q->id))
        content_register_id(c, v, q->id, false);
    if (!(v = content_field(f, "question")))
        content_missing(c, f->map, what, "question", "the question text");
    else
        content_string(c, v, "question", CONTENT_QUESTION_MAX, &q->text);
}

/* labels of a rating: exactly scale texts. */
static void content_labels(content_ctx *c, const node *v, unsigned scale, question *q)
{
    if (content_strings(c, v, "labels", 2, 6, CONTENT_LABEL_MAX, q->options, &q->n_options) &&
        q->n_options != scale)
        content_error(c, v->line, v->col, "'labels' has %zu labels but 'scale' is %u; expected exactly %u",
                      q->n_options, scale, scale);
}

static void content_step_vote(content_ctx *c, const fields *f, step *st)
{
    question *q = &st->questions[0];
    st->n_questions = 1;
    q->kind = ANSWER_CHOICE;
    content_question_head(c, f, "a vote step", q);
    const node *v, *vopt = content_field(f, "options");
    bool options_ok = false;
    if (!vopt)
        content_missing(c, f->map, "a vote step", "options", "a list of 2 to 12 options");
    else
        options_ok = content_strings(c, vopt, "options", 2, SCRIPT_MAX_OPTIONS, CONTENT_OPTION_MAX,
                                     q->options, &q->n_options);
    if ((v = content_field(f, "stack")))
        content_bool(c, v, "stack", &st->rule.stack);
    const node *vpp = content_field(f, "votes_per_person");
    unsigned n;
    if (vpp && content_uint(c, vpp, "votes_per_person", 1, 10, &n)) {
        st->rule.votes_per_person = n;
        if (!st->rule.stack && options_ok && n > q->n_options)
            content_error(c, vpp->line, vpp->col,
                          "'votes_per_person' is %u but there are only %zu options; expected at most "
                          "%zu, or 'stack: true' to allow more than one vote per option",
                          n, q->n_options, q->n_options);
    }
    content_timing(c, f, &st->rule);
    static const char *const shows[] = {"live", "closed"};
    if ((v = content_field(f, "show")))
        st->rule.live = content_word(c, v, "show", shows, 2) == 0;
}

static void content_step_rating(content_ctx *c, const fields *f, step *st)
{
    question *q = &st->questions[0];
    st->n_questions = 1;
    q->kind = ANSWER_RATING;
    q->scale = 5;
    content_question_head(c, f, "a rating step", q);
    const node *v;
    bool scale_ok = true;
    if ((v = content_field(f, "scale")))
        scale_ok = content_uint(c, v, "scale", 2, 6, &q->scale);
    if ((v = content_field(f, "labels")) && scale_ok)
        content_labels(c, v, q->scale, q);
    st->rule.votes_per_person = 1;
    content_timing(c, f, &st->rule);
}

static void content_step_open(content_ctx *c, const fields *f, step *st)
{
    question *q = &st->questions[0];
    st->n_questions = 1;
    q->kind = ANSWER_TEXT;
    q->max_length = 140;
    content_question_head(c, f, "an open step", q);
    const node *v;
    if ((v = content_field(f, "max_length")))
        content_uint(c, v, "max_length", 1, 500, &q->max_length);
}

static void content_monitoring_question(content_ctx *c, const node *m, size_t i, question *q)
{
    if (m->kind == NODE_ALIAS)
        return;
    if (m->kind != NODE_MAP) {
        content_error(c, m->line, m->col,
                      "monitoring question %zu is %s; expected a mapping with "
                      "id '%s'",
                      i + 1, content_kind_name(m), monitoring_id(i));
        return;
    }
    fields f;
    content_fields(c, &f, m, content_keys_monq, COUNT(content_keys_monq), "in a monitoring question", false);
    const node *v;
    if (!(v = content_field(&f, "id"))) {
        content_missing(c, m, "a monitoring question", "id", "the fixed id at this position");
    } else if (v->kind == NODE_SCALAR && strcmp(v->text, monitoring_id(i)) != 0) {
        char qq[CONTENT_QUOTE_BYTES];
        content_error(c, v->line, v->col,
                      "monitoring question %zu has id '%s'; expected '%s' (the "
                      "three ids are fixed: mon-waarde, mon-meer-van, mon-morgen, in that order)",
                      i + 1, content_quote(qq, v->text, v->len), monitoring_id(i));
    } else if (v->kind != NODE_SCALAR && v->kind != NODE_ALIAS) {
        content_error(c, v->line, v->col, "'id' is %s; expected '%s'", content_kind_name(v),
                      monitoring_id(i));
    }
    static const char *const answers[] = {"text", "rating", "choice"};
    static const answer_kind kinds[] = {ANSWER_TEXT, ANSWER_RATING, ANSWER_CHOICE};
    int a = 0;
    if ((v = content_field(&f, "answer")) && (a = content_word(c, v, "answer", answers, 3)) < 0)
        return; /* the other keys depend on the kind of answer */
    q->kind = kinds[a];
    /* each remaining key belongs to one kind of answer */
    static const char *const only[] = {"scale", "labels", "options", "max_length"};
    static const answer_kind only_kind[] = {ANSWER_RATING, ANSWER_RATING, ANSWER_CHOICE, ANSWER_TEXT};
    bool misplaced = false;
    for (size_t k = 0; k < COUNT(only); k++) {
        const node *kn = NULL;
        for (size_t j = 0; j < f.n_keys; j++)
            if (strcmp(f.keys[j], only[k]) == 0)
                kn = f.key[j];
        if (kn && only_kind[k] != q->kind) {
            content_error(c, kn->line, kn->col,
                          "'%s' does not apply to answer %s; expected it only "
                          "with answer %s",
                          only[k], answers[a], answer_kind_name(only_kind[k]));
            misplaced = true;
        }
    }
    if (misplaced)
        return;
    switch (q->kind) {
    case ANSWER_RATING:
        q->scale = 5;
        if ((v = content_field(&f, "scale")) && !content_uint(c, v, "scale", 2, 6, &q->scale))
            break;
        if ((v = content_field(&f, "labels")))
            content_labels(c, v, q->scale, q);
        break;
    case ANSWER_CHOICE:
        if (!(v = content_field(&f, "options")))
            content_missing(c, m, "a monitoring question with answer choice", "options",
                            "a list of 2 to 12 options");
        else
            content_strings(c, v, "options", 2, SCRIPT_MAX_OPTIONS, CONTENT_OPTION_MAX, q->options,
                            &q->n_options);
        break;
    case ANSWER_TEXT:
    case ANSWER_NONE:
        q->max_length = 140;
        if ((v = content_field(&f, "max_length")))
            content_uint(c, v, "max_length", 1, 500, &q->max_length);
        break;
    }
}

static void content_step_monitoring(content_ctx *c, const fields *f, step *st)
{
    st->n_questions = MONITORING_COUNT;
    for (size_t i = 0; i < MONITORING_COUNT; i++) {
        question *q = &st->questions[i];
        q->id = monitoring_id(i);
        q->text = monitoring_text(c->language, i);
        q->kind = ANSWER_TEXT;
        q->max_length = 140;
    }
    if (c->seen_monitoring) {
        content_error(c, f->map->line, f->map->col,
                      "a second monitoring step; expected at most one "
                      "(its question ids are fixed and must be unique)");
    } else {
        for (size_t i = 0; i < MONITORING_COUNT && c->n_ids < CONTENT_MAX_IDS; i++)
            c->ids[c->n_ids++] = (content_qid){monitoring_id(i), f->map->line, f->map->col};
    }
    c->seen_monitoring = true;
    const node *v = content_field(f, "questions");
    if (!v || v->kind == NODE_ALIAS)
        return;
    if (v->kind != NODE_SEQ || v->n != MONITORING_COUNT) {
        char what[32];
        if (v->kind == NODE_SEQ)
            snprintf(what, sizeof(what), "has %zu item%s", v->n, v->n == 1 ? "" : "s");
        else
            snprintf(what, sizeof(what), "is %s", content_kind_name(v));
        content_error(c, v->line, v->col,
                      "'questions' %s; expected a list of exactly 3 "
                      "(mon-waarde, mon-meer-van, mon-morgen)",
                      what);
        return;
    }
    size_t i = 0;
    for (const node *m = v->first; m; m = m->next, i++) {
        question *q = &st->questions[i];
        content_monitoring_question(c, m, i, q);
        q->id = monitoring_id(i);
        q->text = monitoring_text(c->language, i);
    }
}

static void content_step_results(content_ctx *c, const fields *f, step *st)
{
    st->min_n = 3;
    const node *v;
    if ((v = content_field(f, "min_n")))
        content_uint(c, v, "min_n", 0, 100, &st->min_n);
    if (!(v = content_field(f, "show")) || v->kind == NODE_ALIAS)
        return;
    if (v->kind != NODE_SEQ || v->n == 0 || v->n > SCRIPT_MAX_STEPS) {
        content_error(c, v->line, v->col,
                      "'show' is %s; expected a list of 1 to %d question ids from "
                      "earlier steps, or no 'show' for all of them",
                      v->kind == NODE_SEQ ? (v->n ? "too long" : "empty") : content_kind_name(v),
                      SCRIPT_MAX_STEPS);
        return;
    }
    for (const node *it = v->first; it; it = it->next) {
        const char *id;
        if (!content_string(c, it, "show", CONTENT_TEXT_MAX, &id))
            continue;
        bool twice = false;
        for (size_t j = 0; j < st->n_show; j++)
            twice |= strcmp(st->show[j], id) == 0;
        if (twice) {
            content_error(c, it->line, it->col, "'%s' is in 'show' twice; expected each id once", id);
            continue;
        }
        if (!content_find_id(c, id)) {
            const char *names[CONTENT_MAX_IDS];
            for (size_t j = 0; j < c->n_ids; j++)
                names[j] = c->ids[j].id;
            const char *near = text_suggest(id, names, c->n_ids);
            char q[CONTENT_QUOTE_BYTES];
            content_error(c, it->line, it->col,
                          "'show' names '%s', which is not a question of an "
                          "earlier step; expected the id of a vote, rating, open or monitoring question "
                          "before this step%s%s%s",
                          content_quote(q, it->text, it->len), near ? " (did you mean '" : "",
                          near ? near : "", near ? "'?)" : "");
            continue;
        }
        st->show[st->n_show++] = id;
    }
}

static const char *const *content_keys_for(step_type t, size_t *n)
{
    switch (t) {
    case STEP_INTERVIEW: *n = COUNT(content_keys_interview); return content_keys_interview;
    case STEP_VOTE: *n = COUNT(content_keys_vote); return content_keys_vote;
    case STEP_RATING: *n = COUNT(content_keys_rating); return content_keys_rating;
    case STEP_OPEN: *n = COUNT(content_keys_open); return content_keys_open;
    case STEP_MONITORING: *n = COUNT(content_keys_monitoring); return content_keys_monitoring;
    case STEP_RESULTS: *n = COUNT(content_keys_results); return content_keys_results;
    default: *n = COUNT(content_keys_plain); return content_keys_plain;
    }
}

static void content_step(content_ctx *c, const node *m, size_t index, step *st)
{
    st->line = m->line;
    st->column = m->col;
    if (m->kind == NODE_ALIAS)
        return;
    if (m->kind != NODE_MAP) {
        content_error(c, m->line, m->col, "step %zu is %s; expected a mapping with at least type and title",
                      index + 1, content_kind_name(m));
        return;
    }
    /* the type decides which keys are allowed, so find it before anything else */
    const node *tv = NULL;
    for (const node *k = m->first; k && k->next; k = k->next->next)
        if (k->kind == NODE_SCALAR && strcmp(k->text, "type") == 0) {
            tv = k->next;
            break;
        }
    const char *type_names[STEP_TYPE_COUNT];
    for (int i = 0; i < STEP_TYPE_COUNT; i++)
        type_names[i] = step_type_name((step_type)i);
    char list[256], q[CONTENT_QUOTE_BYTES];
    content_key_list(list, sizeof(list), type_names, STEP_TYPE_COUNT);
    if (!tv) {
        content_error(c, m->line, m->col, "step %zu has no 'type'; expected one of %s", index + 1, list);
        return;
    }
    if (tv->kind == NODE_ALIAS)
        return;
    int t = tv->kind == NODE_SCALAR ? step_type_from_name(tv->text) : -1;
    if (t < 0) {
        if (tv->kind != NODE_SCALAR) {
            content_error(c, tv->line, tv->col, "'type' is %s; expected one of %s", content_kind_name(tv),
                          list);
        } else {
            const char *near = text_suggest(tv->text, type_names, STEP_TYPE_COUNT);
            content_error(c, tv->line, tv->col, "unknown step type '%s'; expected one of %s%s%s%s",
                          content_quote(q, tv->text, tv->len), list, near ? " (did you mean '" : "",
                          near ? near : "", near ? "'?)" : "");
        }
        return;
    }
    st->type = (step_type)t;
    const char *tname = step_type_name(st->type);
    char what[48], where[64];
    snprintf(what, sizeof(what), "%s %s step", content_article(tname), tname);
    snprintf(where, sizeof(where), "in %s", what);

    size_t n_keys;
    const char *const *keys = content_keys_for(st->type, &n_keys);
    fields f;
    content_fields(c, &f, m, keys, n_keys, where, true);

    const node *v;
    if (!(v = content_field(&f, "title")))
        content_missing(c, m, what, "title", "a title of at most 80 characters");
    else
        content_string(c, v, "title", CONTENT_TITLE_MAX, &st->title);
    if (!(v = content_field(&f, "text"))) {
        if (st->type == STEP_THEME)
            content_missing(c, m, what, "text", "the positive core theme as text");
    } else {
        content_string(c, v, "text", CONTENT_TEXT_MAX, &st->text);
    }
    double d;
    if ((v = content_field(&f, "minutes")) && content_number(c, v, "minutes", 0, true, 240, false, &d))
        st->duration_ms = content_ms(d, 60000);

    if (st->type == STEP_VOTE || st->type == STEP_RATING || st->type == STEP_MONITORING)
        st->rule = vote_rule_default(st->type);
    switch (st->type) {
    case STEP_INTERVIEW:
        st->group_size = 2;
        if (!(v = content_field(&f, "minutes_per_person")))
            content_missing(c, m, what, "minutes_per_person", "a number more than 0 and at most 60");
        else if (content_number(c, v, "minutes_per_person", 0, true, 60, false, &d))
            st->duration_ms = content_ms(d, 60000);
        if ((v = content_field(&f, "group_size")))
            content_uint(c, v, "group_size", 2, 3, &st->group_size);
        if (!(v = content_field(&f, "prompts")))
            content_missing(c, m, what, "prompts", "a list of 1 to 8 interview questions");
        else
            content_strings(c, v, "prompts", 1, STEP_MAX_PROMPTS, CONTENT_PROMPT_MAX, st->prompts,
                            &st->n_prompts);
        if ((v = content_field(&f, "probes")))
            content_strings(c, v, "probes", 0, STEP_MAX_PROMPTS, CONTENT_PROMPT_MAX, st->probes,
                            &st->n_probes);
        break;
    case STEP_VOTE: content_step_vote(c, &f, st); break;
    case STEP_RATING: content_step_rating(c, &f, st); break;
    case STEP_OPEN: content_step_open(c, &f, st); break;
    case STEP_MONITORING: content_step_monitoring(c, &f, st); break;
    case STEP_RESULTS: content_step_results(c, &f, st); break;
    default:
        if ((v = content_field(&f, "prompts")))
            content_strings(c, v, "prompts", 1, STEP_MAX_PROMPTS, CONTENT_PROMPT_MAX, st->prompts,
                            &st->n_prompts);
        break;
    }
}

/* ---- the script -------------------------------------------------------------------------- */

static void content_script(content_ctx *c, const node *root, script *s)
{
    if (root->kind == NODE_ALIAS)
        return;
    if (root->kind != NODE_MAP) {
        content_error(c, root->line, root->col,
                      "the top level is %s; expected a mapping with keys "
                      "id, version, language, title, steps",
                      content_is_null(root) ? "empty" : content_kind_name(root));
        return;
    }
    fields f;
    content_fields(c, &f, root, content_keys_top, COUNT(content_keys_top), "at the top level", false);
    const node *v;
    if (!(v = content_field(&f, "id")))
        content_missing(c, root, "the script", "id", "a script id such as 'demo-waarderen'");
    else
        content_id(c, v, "id", &s->id);
    if (!(v = content_field(&f, "version")))
        content_missing(c, root, "the script", "version", "a whole number from 1 to 1000000");
    else
        content_uint(c, v, "version", 1, 1000000, &s->version);
    static const char *const languages[] = {"nl", "en"};
    int lang;
    if (!(v = content_field(&f, "language")))
        content_missing(c, root, "the script", "language", "nl or en");
    else if ((lang = content_word(c, v, "language", languages, 2)) >= 0)
        s->language = languages[lang];
    c->language = s->language;
    if (!(v = content_field(&f, "title")))
        content_missing(c, root, "the script", "title", "a title of at most 80 characters");
    else
        content_string(c, v, "title", CONTENT_TITLE_MAX, &s->title);

    if (!(v = content_field(&f, "steps"))) {
        content_missing(c, root, "the script", "steps", "a list of 1 to 60 steps");
        return;
    }
    if (v->kind == NODE_ALIAS)
        return;
    if (v->kind != NODE_SEQ || v->n == 0) {
        content_error(c, v->line, v->col, "'steps' is %s; expected a list of 1 to %d steps",
                      v->kind == NODE_SEQ || content_is_null(v) ? "empty" : content_kind_name(v),
                      SCRIPT_MAX_STEPS);
        return;
    }
    if (v->n > SCRIPT_MAX_STEPS)
        content_error(c, v->line, v->col, "'steps' has %zu steps; expected at most %d", v->n,
                      SCRIPT_MAX_STEPS);
    size_t n = v->n < SCRIPT_MAX_STEPS ? v->n : SCRIPT_MAX_STEPS;
    s->steps = arena_alloc(c->out, n * sizeof(*s->steps));
    if (!s->steps) {
        content_error(c, v->line, v->col, "out of memory; expected a smaller script");
        return;
    }
    s->n_steps = n;
    size_t i = 0;
    for (const node *m = v->first; m && i < n; m = m->next, i++)
        content_step(c, m, i, &s->steps[i]);
}

/* ---- loading ----------------------------------------------------------------------------- */

static script *content_run(content_ctx *c, const char *buf, size_t len)
{
    if (len == 0) {
        content_error(c, 1, 1,
                      "the file is empty; expected a session script (a mapping with keys id, "
                      "version, language, title, steps)");
        return NULL;
    }
    if (len > CONTENT_MAX_BYTES) {
        content_error(c, 1, 1, "the script is %zu bytes; expected at most %d bytes", len,
                      (int)CONTENT_MAX_BYTES);
        return NULL;
    }
    /* libfyaml accepts both, and a NUL inside a value would cut it short later */
    const char *nul = memchr(buf, '\0', len);
    size_t bad = 0;
    unsigned line, col;
    if (utf8_length(buf, nul ? (size_t)(nul - buf) : len, &bad) < 0) {
        content_position(buf, bad, &line, &col);
        content_error(c, line, col, "invalid UTF-8 (byte 0x%02X); expected a UTF-8 text file",
                      (unsigned char)buf[bad]);
        return NULL;
    }
    if (nul) {
        content_position(buf, (size_t)(nul - buf), &line, &col);
        content_error(c, line, col,
                      "a NUL byte, so this looks like a binary file; expected a UTF-8 text file");
        return NULL;
    }

    c->tmp = arena_new();
    c->out = arena_new();
    script *s = c->out ? arena_alloc(c->out, sizeof(*s)) : NULL;
    if (!c->tmp || !s) {
        content_error(c, 1, 1, "out of memory; expected a smaller script");
        arena_free(c->tmp);
        arena_free(c->out);
        return NULL;
    }
    s->arena = c->out;
    s->path = arena_strdup(c->out, c->name);
    const node *root = content_parse(c, buf, len);
    if (root)
        content_script(c, root, s);
    arena_free(c->tmp);
    c->tmp = NULL;
    if (c->n_errors > 0 || !s->path) {
        if (c->n_errors == 0)
            content_error(c, 1, 1, "out of memory; expected a smaller script");
        script_free(s);
        return NULL;
    }
    return s;
}

script *content_load_buffer(const char *name, const char *buf, size_t len, FILE *err)
{
    content_ctx c = {.name = name ? name : "(script)", .err = err};
    script *s = content_run(&c, buf ? buf : "", buf ? len : 0);
    content_error_finish(&c);
    return s;
}

script *content_load(const char *path, FILE *err)
{
    content_ctx c = {.name = path, .err = err};
    /* O_NONBLOCK: a FIFO given by mistake must not hang the kiosk at start-up */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        content_error(&c, 1, 1, "cannot open the file (%s); expected a readable session script",
                      strerror(errno));
        content_error_finish(&c);
        return NULL;
    }
    struct stat st;
    script *s = NULL;
    char *buf = NULL;
    if (fstat(fd, &st) != 0) {
        content_error(&c, 1, 1, "cannot read the file (%s); expected a readable session script",
                      strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
        content_error(&c, 1, 1, "this is a directory; expected a session script file");
    } else if (!S_ISREG(st.st_mode)) {
        content_error(&c, 1, 1, "not a regular file; expected a session script file");
    } else if (st.st_size > CONTENT_MAX_BYTES) {
        content_error(&c, 1, 1, "the file is %lld bytes; expected at most %d bytes", (long long)st.st_size,
                      (int)CONTENT_MAX_BYTES);
    } else if (!(buf = malloc(CONTENT_MAX_BYTES + 1))) {
        content_error(&c, 1, 1, "out of memory; expected a smaller script");
    } else {
        /* read one byte more than allowed: a file that grew since fstat is still refused */
        size_t len = 0;
        bool failed = false;
        while (len < (size_t)CONTENT_MAX_BYTES + 1) {
            ssize_t r = read(fd, buf + len, (size_t)CONTENT_MAX_BYTES + 1 - len);
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0) {
                content_error(&c, 1, 1, "cannot read the file (%s); expected a readable session script",
                              strerror(errno));
                failed = true;
                break;
            }
            if (r == 0)
                break;
            len += (size_t)r;
        }
        if (!failed)
            s = content_run(&c, buf, len);
    }
    free(buf);
    close(fd);
    content_error_finish(&c);
    return s;
}
