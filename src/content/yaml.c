/* yaml.c — owns the generic part of reading Oogst's YAML files: the file within its size
 * limit, libfyaml's events turned into a small positioned tree (anchors, aliases, deep
 * nesting and second documents refused), the capped "PATH:LINE:COL: ...; expected ..."
 * reports, and the checks of single values. What a file must hold is its loader's. */
#include "content/yaml.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <libfyaml.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/text.h"
#include "core/utf8.h"

/* ---- reporting --------------------------------------------------------------------------- */

void yaml_error(yaml_doc *d, unsigned line, unsigned col, const char *fmt, ...)
{
    d->n_errors++;
    if (d->n_errors > d->spec->max_errors) {
        if (d->n_errors == d->spec->max_errors + 1) {
            d->more_line = line;
            d->more_col = col;
        }
        return;
    }
    if (!d->err)
        return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(d->err, "%s:%u:%u: ", d->name, line ? line : 1, col ? col : 1);
    vfprintf(d->err, fmt, ap);
    fputc('\n', d->err);
    va_end(ap);
}

void yaml_error_finish(yaml_doc *d)
{
    if (d->n_errors > d->spec->max_errors && d->err)
        fprintf(d->err,
                "%s:%u:%u: %zu more problems were left out; expected at most %zu at a time, "
                "fix the ones above first\n",
                d->name, d->more_line ? d->more_line : 1, d->more_col ? d->more_col : 1,
                d->n_errors - d->spec->max_errors, d->spec->max_errors);
}

const char *yaml_quote_max(char *out, const char *s, size_t len, size_t max)
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

const char *yaml_quote(char out[YAML_QUOTE_BYTES], const char *s, size_t len)
{
    return yaml_quote_max(out, s, len, YAML_QUOTE_CHARS);
}

const char *yaml_kind_name(const yaml_node *n)
{
    switch (n->kind) {
    case YAML_SEQ: return "a list";
    case YAML_MAP: return "a mapping";
    case YAML_ALIAS: return "an alias";
    case YAML_SCALAR: break;
    }
    return "text";
}

/* Line and column (1-based, in code points like libfyaml) of byte offset off in buf. */
static void yaml_position(const char *buf, size_t off, unsigned *line, unsigned *col)
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

/* ---- the file ---------------------------------------------------------------------------- */

int yaml_read_file(yaml_doc *d, const char *path, char **buf, size_t *len)
{
    const yaml_spec *sp = d->spec;
    *buf = NULL;
    *len = 0;
    /* O_NONBLOCK: a FIFO given by mistake must not hang the kiosk at start-up. Symbolic
     * links are followed (images may link /etc files); fstat then sees what they lead to. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT && sp->missing_ok)
            return 1;
        yaml_error(d, 1, 1, "cannot open the file (%s); expected %s", strerror(errno), sp->a_readable);
        return -1;
    }
    struct stat st;
    char *b = NULL;
    int rc = -1;
    if (fstat(fd, &st) != 0) {
        yaml_error(d, 1, 1, "cannot read the file (%s); expected %s", strerror(errno), sp->a_readable);
    } else if (S_ISDIR(st.st_mode)) {
        yaml_error(d, 1, 1, "this is a directory; expected %s", sp->a_file);
    } else if (!S_ISREG(st.st_mode)) {
        yaml_error(d, 1, 1, "not a regular file; expected %s", sp->a_file);
    } else if ((unsigned long long)st.st_size > sp->max_bytes) {
        yaml_error(d, 1, 1, "the file is %lld bytes; expected at most %zu bytes", (long long)st.st_size,
                   sp->max_bytes);
    } else if (!(b = malloc(sp->max_bytes + 1))) {
        yaml_error(d, 1, 1, "out of memory; expected a smaller %s", sp->noun);
    } else {
        /* read one byte more than allowed: a file that grew since fstat is still refused */
        size_t n = 0;
        rc = 0;
        while (n < sp->max_bytes + 1) {
            ssize_t r = read(fd, b + n, sp->max_bytes + 1 - n);
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0) {
                yaml_error(d, 1, 1, "cannot read the file (%s); expected %s", strerror(errno),
                           sp->a_readable);
                rc = -1;
                break;
            }
            if (r == 0)
                break;
            n += (size_t)r;
        }
        *len = n;
    }
    close(fd);
    if (rc == 0)
        *buf = b;
    else
        free(b);
    return rc;
}

bool yaml_check_text(yaml_doc *d, const char *buf, size_t len)
{
    if (len == 0) {
        if (!d->spec->empty_ok)
            yaml_error(d, 1, 1, "the file is empty; expected %s", d->spec->a_document);
        return d->spec->empty_ok;
    }
    if (len > d->spec->max_bytes) {
        yaml_error(d, 1, 1, "the %s is %zu bytes; expected at most %zu bytes", d->spec->noun, len,
                   d->spec->max_bytes);
        return false;
    }
    /* libfyaml accepts both, and a NUL inside a value would cut it short later */
    const char *nul = memchr(buf, '\0', len);
    size_t bad = 0;
    unsigned line, col;
    if (utf8_length(buf, nul ? (size_t)(nul - buf) : len, &bad) < 0) {
        yaml_position(buf, bad, &line, &col);
        yaml_error(d, line, col, "invalid UTF-8 (byte 0x%02X); expected a UTF-8 text file",
                   (unsigned char)buf[bad]);
        return false;
    }
    if (nul) {
        yaml_position(buf, (size_t)(nul - buf), &line, &col);
        yaml_error(d, line, col, "a NUL byte, so this looks like a binary file; expected a UTF-8 text file");
        return false;
    }
    return true;
}

/* ---- from libfyaml events to the tree ---------------------------------------------------- */

static void yaml_diag_sink(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
    /* libfyaml must never print on its own; errors are collected and reported by us */
    (void)diag, (void)user, (void)buf, (void)len;
}

static yaml_node *yaml_new_node(arena *tree, yaml_kind kind, const struct fy_mark *m)
{
    yaml_node *n = arena_alloc(tree, sizeof(*n));
    if (!n)
        return NULL;
    n->kind = kind;
    n->line = m ? (unsigned)m->line + 1 : 1;
    n->col = m ? (unsigned)m->column + 1 : 1;
    return n;
}

static void yaml_attach(yaml_node *parent, yaml_node *child)
{
    if (parent->last)
        parent->last->next = child;
    else
        parent->first = child;
    parent->last = child;
    parent->n++;
}

/* An anchor is refused where it is written: aliases are how "billion laughs" files grow. */
static void yaml_check_anchor(yaml_doc *d, struct fy_event *e)
{
    struct fy_token *t = fy_event_get_anchor_token(e);
    if (!t)
        return;
    const struct fy_mark *m = fy_token_start_mark(t);
    if (!m)
        m = fy_event_start_mark(e);
    size_t len = 0;
    const char *name = fy_token_get_text(t, &len);
    char q[YAML_QUOTE_BYTES];
    yaml_error(d, m ? (unsigned)m->line + 1 : 1, m ? (unsigned)m->column + 1 : 1,
               "anchor '&%s' found; anchors and aliases are not allowed, write the value out",
               yaml_quote(q, name ? name : "", name ? len : 0));
}

/* A friendlier "expected" part for the syntax errors people make most. libfyaml reports
 * an unclosed bracket where the file ends; saying where it was opened helps more. */
static void yaml_syntax_hint(char *out, size_t size, const char *msg, yaml_node *const *stack, size_t depth)
{
    bool seq = strstr(msg, "closing bracket") != NULL, map = strstr(msg, "flow mapping") != NULL;
    const yaml_node *open = NULL;
    for (size_t i = depth; (seq || map) && i > 0 && !open; i--)
        if (stack[i - 1]->flow && stack[i - 1]->kind == (seq ? YAML_SEQ : YAML_MAP))
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
static char *yaml_single_quoted(arena *a, const char *raw, size_t len, size_t *out_len)
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

static bool yaml_blank_or_end(const char *buf, size_t len, size_t i)
{
    return i >= len || buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n';
}

/* libfyaml 0.7.12 (Debian 12, Raspberry Pi OS bookworm) frees a simple key twice when it
 * refuses a tab between a ':' and a block indicator inside an explicit key ("? c:<TAB>:"), and
 * fy_parser_destroy then crashes. Such a file is refused here, in libfyaml's words, before
 * libfyaml reads it: a '?' that starts a block node (only blanks and the indicators - ? :
 * before it on its line, a blank after it), and anywhere after it a ':' followed by blanks
 * holding a tab and then one of ? : | > or "- ". That also refuses the odd file libfyaml
 * would read (the tab after the explicit key has ended); Oogst's files have no use for
 * explicit keys, and a tab there is refused for indentation anyway. True with *at at the
 * tab. */
static bool yaml_tab_in_explicit_key(const char *buf, size_t len, size_t *at)
{
    bool explicit_key = false;
    size_t line = 0;
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        if (c == '\n' || c == '\r') {
            line = i + 1;
            continue;
        }
        if (c == '?' && yaml_blank_or_end(buf, len, i + 1)) {
            size_t j = line;
            while (j < i &&
                   (buf[j] == ' ' || buf[j] == '\t' || buf[j] == '-' || buf[j] == '?' || buf[j] == ':'))
                j++;
            explicit_key = explicit_key || j == i;
        }
        if (c != ':' || !explicit_key)
            continue;
        size_t j = i + 1, tab = 0;
        for (; j < len && (buf[j] == ' ' || buf[j] == '\t'); j++)
            if (buf[j] == '\t' && !tab)
                tab = j;
        if (!tab || j == len)
            continue;
        if (buf[j] == '?' || buf[j] == ':' || buf[j] == '|' || buf[j] == '>' ||
            (buf[j] == '-' && yaml_blank_or_end(buf, len, j + 1))) {
            *at = tab;
            return true;
        }
    }
    return false;
}

yaml_node *yaml_parse(yaml_doc *d, arena *tree, const char *buf, size_t len)
{
    size_t tab;
    if (yaml_tab_in_explicit_key(buf, len, &tab)) {
        unsigned line, col;
        yaml_position(buf, tab, &line, &col);
        yaml_error(
            d, line, col,
            "cannot use tab for indentation of block entry; expected spaces for indentation, not tabs");
        return NULL;
    }
    struct fy_diag_cfg dcfg;
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = NULL;
    dcfg.output_fn = yaml_diag_sink;
    dcfg.user = NULL;
    dcfg.colorize = false;
    struct fy_diag *diag = fy_diag_create(&dcfg);
    if (!diag) {
        yaml_error(d, 1, 1, "out of memory creating the YAML parser; expected a working system");
        return NULL;
    }
    fy_diag_set_collect_errors(diag, true);
    struct fy_parse_cfg pcfg = {.flags = FYPCF_QUIET, .diag = diag};
    struct fy_parser *p = fy_parser_create(&pcfg);
    if (!p || fy_parser_set_string(p, buf, len) != 0) {
        yaml_error(d, 1, 1, "out of memory creating the YAML parser; expected a working system");
        fy_parser_destroy(p);
        fy_diag_destroy(diag);
        return NULL;
    }

    yaml_node *stack[YAML_MAX_DEPTH];
    size_t depth = 0;
    yaml_node *root = NULL;
    int docs = 0;
    bool stop = false, fatal = false, second_doc_pending = false;
    struct fy_event *e;
    while (!stop && (e = fy_parser_parse(p)) != NULL) {
        const struct fy_mark *m = fy_event_start_mark(e);
        yaml_node *n = NULL;
        if (second_doc_pending && m) {
            /* an implicit document start has no mark; report at its first event */
            yaml_error(d, (unsigned)m->line + 1, (unsigned)m->column + 1,
                       "a second YAML document starts here; expected one %s per file", d->spec->noun);
            stop = true;
        }
        switch (e->type) {
        case FYET_DOCUMENT_START:
            if (++docs > 1) {
                if (m) {
                    yaml_error(d, (unsigned)m->line + 1, (unsigned)m->column + 1,
                               "a second YAML document starts here; expected one %s per file", d->spec->noun);
                    stop = true;
                } else {
                    second_doc_pending = true;
                }
            }
            break;
        case FYET_MAPPING_START:
        case FYET_SEQUENCE_START:
            yaml_check_anchor(d, e);
            if (depth == YAML_MAX_DEPTH) {
                yaml_error(d, m ? (unsigned)m->line + 1 : 1, m ? (unsigned)m->column + 1 : 1,
                           "nesting deeper than %d levels; expected at most %d", YAML_MAX_DEPTH,
                           YAML_MAX_DEPTH);
                stop = fatal = true;
                break;
            }
            n = yaml_new_node(tree, e->type == FYET_MAPPING_START ? YAML_MAP : YAML_SEQ, m);
            if (n && m && m->input_pos < len)
                n->flow = buf[m->input_pos] == '[' || buf[m->input_pos] == '{';
            break;
        case FYET_MAPPING_END:
        case FYET_SEQUENCE_END:
            if (depth > 0)
                depth--;
            break;
        case FYET_SCALAR: {
            yaml_check_anchor(d, e);
            struct fy_token *tok = e->scalar.value;
            n = yaml_new_node(tree, YAML_SCALAR, m ? m : fy_token_start_mark(tok));
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
                n->text =
                    yaml_single_quoted(tree, buf + ts->input_pos, te->input_pos - ts->input_pos, &n->len);
            } else {
                size_t tlen = 0;
                const char *t = fy_token_get_text(tok, &tlen);
                n->text = arena_strndup(tree, t ? t : "", t ? tlen : 0);
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
            char q[YAML_QUOTE_BYTES];
            yaml_error(d, m ? (unsigned)m->line + 1 : 1, m ? (unsigned)m->column + 1 : 1,
                       "alias '*%s' found; anchors and aliases are not allowed, write the value out",
                       yaml_quote(q, a ? a : "", a ? alen : 0));
            n = yaml_new_node(tree, YAML_ALIAS, m);
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
            yaml_error(d, 1, 1, "out of memory reading the %s; expected a smaller %s", d->spec->noun,
                       d->spec->noun);
            stop = fatal = true;
            continue;
        }
        if (depth > 0)
            yaml_attach(stack[depth - 1], n);
        else if (!root)
            root = n;
        if (n->kind == YAML_MAP || n->kind == YAML_SEQ)
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
            yaml_syntax_hint(hint, sizeof(hint), msg, stack, depth);
            yaml_error(d, de->line > 0 ? (unsigned)de->line : 1, de->column > 0 ? (unsigned)de->column : 1,
                       "%s; %s", yaml_quote_max(q, msg, strlen(msg), 160), hint);
            reported++;
        }
        if (reported == 0)
            yaml_error(d, 1, 1, "the YAML could not be read; expected valid YAML");
    }
    fy_parser_destroy(p);
    fy_diag_destroy(diag);

    if (fatal)
        return NULL;
    if (!root && !d->spec->empty_ok)
        yaml_error(d, 1, 1, "the file holds no %s; expected %s", d->spec->noun, d->spec->a_top);
    return root;
}

/* ---- words for messages, mappings and values --------------------------------------------- */

void yaml_key_list(char *out, size_t size, const char *const *keys, size_t n)
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

bool yaml_is_null(const yaml_node *n)
{
    return n->kind == YAML_SCALAR && n->plain &&
           (n->len == 0 || strcmp(n->text, "~") == 0 || strcmp(n->text, "null") == 0 ||
            strcmp(n->text, "Null") == 0 || strcmp(n->text, "NULL") == 0);
}

void yaml_fields_read(yaml_doc *d, yaml_fields *f, const yaml_node *map, const char *const *keys,
                      size_t n_keys, const char *where, const char *const *elsewhere_keys, size_t n_elsewhere)
{
    /* a table that outgrew the arrays is a programming error, not a problem in the file */
    assert(n_keys <= YAML_MAX_FIELDS);
    memset(f, 0, sizeof(*f));
    f->keys = keys;
    f->n_keys = n_keys;
    f->map = map;
    for (const yaml_node *k = map->first; k; k = k->next ? k->next->next : NULL) {
        const yaml_node *v = k->next;
        if (!v)
            break;
        if (k->kind == YAML_ALIAS)
            continue;
        if (k->kind != YAML_SCALAR) {
            yaml_error(d, k->line, k->col, "a key is %s; expected a name such as '%s'", yaml_kind_name(k),
                       keys[0]);
            continue;
        }
        size_t i = 0;
        while (i < n_keys && strcmp(keys[i], k->text) != 0)
            i++;
        char q[YAML_QUOTE_BYTES], list[256];
        if (i == n_keys) {
            yaml_key_list(list, sizeof(list), keys, n_keys);
            bool elsewhere = false;
            for (size_t j = 0; j < n_elsewhere; j++)
                elsewhere |= strcmp(elsewhere_keys[j], k->text) == 0;
            const char *near = elsewhere ? NULL : text_suggest(k->text, keys, n_keys);
            yaml_error(d, k->line, k->col, "%s '%s' %s%s; expected one of %s%s%s%s",
                       elsewhere ? "key" : "unknown key", yaml_quote(q, k->text, k->len),
                       elsewhere ? "does not belong " : "", where, list, near ? " (did you mean '" : "",
                       near ? near : "", near ? "'?)" : "");
            continue;
        }
        if (f->key[i]) {
            yaml_error(d, k->line, k->col, "duplicate key '%s' (first at %u:%u); expected each key once",
                       keys[i], f->key[i]->line, f->key[i]->col);
            continue;
        }
        f->key[i] = k;
        f->val[i] = v;
    }
}

const yaml_node *yaml_field(const yaml_fields *f, const char *name)
{
    for (size_t i = 0; i < f->n_keys; i++)
        if (strcmp(f->keys[i], name) == 0)
            return f->val[i];
    return NULL;
}

bool yaml_string(yaml_doc *d, const yaml_node *v, const char *key, size_t max, arena *out_arena,
                 const char **out)
{
    if (v->kind == YAML_ALIAS)
        return false; /* reported where it was found */
    if (v->kind != YAML_SCALAR) {
        yaml_error(d, v->line, v->col, "'%s' is %s; expected text", key, yaml_kind_name(v));
        return false;
    }
    if (yaml_is_null(v)) {
        yaml_error(d, v->line, v->col, "'%s' has no value; expected text", key);
        return false;
    }
    if (v->len == 0) {
        yaml_error(d, v->line, v->col, "'%s' is empty; expected text", key);
        return false;
    }
    if (memchr(v->text, '\0', v->len)) {
        yaml_error(d, v->line, v->col, "'%s' contains a NUL character; expected plain text", key);
        return false;
    }
    long n = utf8_length(v->text, v->len, NULL);
    if (n < 0) {
        /* an escape such as "\xff" can make invalid UTF-8 the file itself did not have */
        yaml_error(d, v->line, v->col, "'%s' is not valid UTF-8; expected plain text", key);
        return false;
    }
    if ((size_t)n > max) {
        yaml_error(d, v->line, v->col, "'%s' is %ld characters long; expected at most %zu", key, n, max);
        return false;
    }
    if (!out_arena) {
        *out = v->text;
        return true;
    }
    char *s = arena_strndup(out_arena, v->text, v->len);
    if (!s) {
        yaml_error(d, v->line, v->col, "out of memory; expected a smaller %s", d->spec->noun);
        return false;
    }
    *out = s;
    return true;
}

/* Numbers are plain digits with an optional '-' and optional decimals after a '.'.
 * Digits past the ninth decimal are read but do not count: no one times a step that finely. */
static bool yaml_parse_number(const char *s, size_t len, double *out, bool *whole)
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

bool yaml_number(yaml_doc *d, const yaml_node *v, const char *key, double lo, bool lo_open, double hi,
                 bool integer, double *out)
{
    if (v->kind == YAML_ALIAS)
        return false;
    char q[YAML_QUOTE_BYTES], range[96];
    /* the bounds are whole numbers in the schema; %g would print 1000000 as 1e+06 */
    if (lo_open)
        snprintf(range, sizeof(range), "a number more than %.0f and at most %.0f", lo, hi);
    else
        snprintf(range, sizeof(range), "a %s from %.0f to %.0f", integer ? "whole number" : "number", lo, hi);
    if (v->kind != YAML_SCALAR) {
        yaml_error(d, v->line, v->col, "'%s' is %s; expected %s", key, yaml_kind_name(v), range);
        return false;
    }
    double x = 0;
    bool whole = true;
    if (!v->plain) {
        yaml_error(d, v->line, v->col, "'%s' is quoted text; expected %s, without quotes", key, range);
        return false;
    }
    if (!yaml_parse_number(v->text, v->len, &x, &whole)) {
        yaml_error(d, v->line, v->col, "'%s' is '%s', not a number; expected %s", key,
                   yaml_quote(q, v->text, v->len), range);
        return false;
    }
    if ((integer && !whole) || x < lo || (lo_open && x <= lo) || x > hi) {
        yaml_error(d, v->line, v->col, "'%s' is %s; expected %s", key, yaml_quote(q, v->text, v->len), range);
        return false;
    }
    *out = x;
    return true;
}

bool yaml_uint(yaml_doc *d, const yaml_node *v, const char *key, unsigned lo, unsigned hi, unsigned *out)
{
    double x;
    if (!yaml_number(d, v, key, lo, false, hi, true, &x))
        return false;
    *out = (unsigned)x;
    return true;
}

bool yaml_int_in(yaml_doc *d, const yaml_node *v, const char *key, const int *allowed, size_t n, int *out)
{
    if (v->kind == YAML_ALIAS)
        return false;
    char list[128], q[YAML_QUOTE_BYTES];
    size_t o = 0;
    list[0] = '\0';
    for (size_t i = 0; i < n && o < sizeof(list); i++) {
        int w = snprintf(list + o, sizeof(list) - o, "%s%d",
                         i == 0       ? ""
                         : i + 1 == n ? " or "
                                      : ", ",
                         allowed[i]);
        if (w < 0)
            break;
        o += (size_t)w;
    }
    if (v->kind != YAML_SCALAR) {
        yaml_error(d, v->line, v->col, "'%s' is %s; expected %s", key, yaml_kind_name(v), list);
        return false;
    }
    if (!v->plain) {
        yaml_error(d, v->line, v->col, "'%s' is quoted text; expected %s, without quotes", key, list);
        return false;
    }
    double x;
    bool whole;
    if (yaml_parse_number(v->text, v->len, &x, &whole) && whole)
        for (size_t i = 0; i < n; i++)
            if (x == allowed[i]) {
                *out = allowed[i];
                return true;
            }
    yaml_error(d, v->line, v->col, "'%s' is %s; expected %s", key, yaml_quote(q, v->text, v->len), list);
    return false;
}

bool yaml_bool(yaml_doc *d, const yaml_node *v, const char *key, bool *out)
{
    if (v->kind == YAML_ALIAS)
        return false;
    if (v->kind == YAML_SCALAR && v->plain) {
        static const char *const yes[] = {"true", "True", "TRUE"}, *const no[] = {"false", "False", "FALSE"};
        for (size_t i = 0; i < 3; i++) {
            if (strcmp(v->text, yes[i]) == 0)
                return *out = true, true;
            if (strcmp(v->text, no[i]) == 0)
                return *out = false, true;
        }
    }
    char q[YAML_QUOTE_BYTES];
    yaml_error(d, v->line, v->col, "'%s' is %s%s%s; expected true or false, without quotes", key,
               v->kind == YAML_SCALAR ? "'" : yaml_kind_name(v),
               v->kind == YAML_SCALAR ? yaml_quote(q, v->text, v->len) : "",
               v->kind == YAML_SCALAR ? "'" : "");
    return false;
}

int yaml_word(yaml_doc *d, const yaml_node *v, const char *key, const char *const *words, size_t n)
{
    if (v->kind == YAML_ALIAS)
        return -1;
    char q[YAML_QUOTE_BYTES], list[256];
    yaml_key_list(list, sizeof(list), words, n);
    if (v->kind != YAML_SCALAR) {
        yaml_error(d, v->line, v->col, "'%s' is %s; expected one of %s", key, yaml_kind_name(v), list);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        if (strcmp(words[i], v->text) == 0 && strlen(words[i]) == v->len)
            return (int)i;
    const char *near = text_suggest(v->text, words, n);
    yaml_error(d, v->line, v->col, "'%s' is '%s'; expected one of %s%s%s%s", key,
               yaml_quote(q, v->text, v->len), list, near ? " (did you mean '" : "", near ? near : "",
               near ? "'?)" : "");
    return -1;
}

bool yaml_strings(yaml_doc *d, const yaml_node *v, const char *key, size_t min, size_t max, size_t maxlen,
                  arena *out_arena, const char **out, size_t *n_out)
{
    *n_out = 0;
    if (v->kind == YAML_ALIAS)
        return false;
    if (v->kind != YAML_SEQ) {
        yaml_error(d, v->line, v->col, "'%s' is %s; expected a list of %zu to %zu texts", key,
                   yaml_kind_name(v), min, max);
        return false;
    }
    bool ok = true;
    if (v->n < min || v->n > max) {
        yaml_error(d, v->line, v->col, "'%s' has %zu item%s; expected %zu to %zu", key, v->n,
                   v->n == 1 ? "" : "s", min, max);
        ok = false;
    }
    size_t i = 0;
    for (const yaml_node *it = v->first; it && i < max; it = it->next, i++) {
        const char *s;
        if (yaml_string(d, it, key, maxlen, out_arena, &s))
            out[(*n_out)++] = s;
        else
            ok = false;
    }
    return ok;
}

void yaml_missing(yaml_doc *d, const yaml_node *map, const char *what, const char *key, const char *expected)
{
    yaml_error(d, map->line, map->col, "%s has no '%s'; expected %s", what, key, expected);
}
