/* yaml.h — the part of reading a YAML file that every Oogst file shares (the session scripts,
 * /etc/oogst/oogst.yaml): reading a file within a size limit, refusing binary, invalid
 * UTF-8, anchors, aliases and deep nesting, turning libfyaml's events into a small tree with
 * line and column, and checking values. Every problem is reported as
 * "PATH:LINE:COL: what is wrong; what is expected", up to a cap, and checking goes on after
 * a problem so one run shows as many as it can. What a file must hold is the caller's. */
#ifndef OOGST_CONTENT_YAML_H
#define OOGST_CONTENT_YAML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/arena.h"

enum {
    YAML_MAX_DEPTH = 32,   /* a session script nests 6 deep; more is a mistake or an attack */
    YAML_QUOTE_CHARS = 40, /* code points of a key or value repeated in a message */
    YAML_QUOTE_BYTES = YAML_QUOTE_CHARS * 4 + 8,
    YAML_MAX_FIELDS = 16, /* keys one mapping may allow */
};

/* ---- what is being read ------------------------------------------------------------------ */

/* The words messages use for one kind of file, so they read naturally for each. */
typedef struct yaml_spec {
    size_t max_bytes;       /* larger files are refused unread */
    size_t max_errors;      /* problems shown; one more line says how many were left out */
    const char *noun;       /* "script": "one script per file", "expected a smaller script" */
    const char *a_file;     /* "a session script file": what a path must name */
    const char *a_readable; /* "a readable session script": when it cannot be opened or read */
    const char *a_document; /* what an empty file should hold */
    const char *a_top;      /* what the top level should be, when the file holds no document */
    bool missing_ok;        /* a file that does not exist is not a problem (yaml_read_file) */
    bool empty_ok;          /* an empty file, or one of only comments, is not a problem */
} yaml_spec;

/* One file being read: where messages go and how many there were. Set the first three
 * fields (e.g. yaml_doc d = {.name = path, .err = err, .spec = &spec}); the rest start 0. */
typedef struct yaml_doc {
    const char *name; /* the path, or a name for a buffer, at the start of every message */
    FILE *err;        /* NULL: count problems without writing them */
    const yaml_spec *spec;
    size_t n_errors;              /* found, shown or not */
    unsigned more_line, more_col; /* where the first problem left out was */
} yaml_doc;

/* Reports one problem at line:col (1-based; 0 is shown as 1). fmt says what is wrong, then
 * "; expected ...". Past spec->max_errors problems are counted, not shown. */
void yaml_error(yaml_doc *d, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The one line that says how many problems were not shown; call once, at the end. */
void yaml_error_finish(yaml_doc *d);

/* ---- the tree ---------------------------------------------------------------------------- */

typedef enum yaml_kind { YAML_SCALAR, YAML_SEQ, YAML_MAP, YAML_ALIAS } yaml_kind;

/* An alias has been reported where it was written; checks skip it silently. */
typedef struct yaml_node {
    yaml_kind kind;
    unsigned line, col;             /* 1-based */
    struct yaml_node *next;         /* next sibling */
    struct yaml_node *first, *last; /* children; a mapping holds key, value, key, value, … */
    size_t n;                       /* children */
    const char *text;               /* scalar: NUL-terminated copy (may hold an inner NUL: see len) */
    size_t len;
    bool plain; /* scalar written without quotes or block style */
    bool flow;  /* collection written with [ ] or { } */
} yaml_node;

/* Reads the file at path into *buf (malloc'd, the caller frees) and *len. Returns 0 when
 * read; 1 when it does not exist and spec->missing_ok (nothing reported); -1 after
 * reporting why not (cannot open, not a regular file, a directory, larger than
 * spec->max_bytes). Symbolic links are followed; what they lead to must be a regular file.
 * A FIFO does not block. */
int yaml_read_file(yaml_doc *d, const char *path, char **buf, size_t *len);

/* Checks that buf is text YAML may be read from: not empty (unless spec->empty_ok), within
 * spec->max_bytes, valid UTF-8 and without NUL bytes. False after reporting. */
bool yaml_check_text(yaml_doc *d, const char *buf, size_t len);

/* Parses buf (checked with yaml_check_text) into a tree of nodes allocated in tree. Returns
 * the root, or NULL when there is nothing to check: a syntax error, too deep, a second
 * document, or no document at all (reported unless spec->empty_ok; d->n_errors tells which). */
yaml_node *yaml_parse(yaml_doc *d, arena *tree, const char *buf, size_t len);

/* ---- words for messages ------------------------------------------------------------------ */

/* Text from the file, made safe for a one-line message: control bytes become '?', and
 * anything past max (YAML_QUOTE_CHARS for yaml_quote) code points is cut with "...".
 * out holds at least max * 4 + 8 bytes. Returns out. */
const char *yaml_quote_max(char *out, const char *s, size_t len, size_t max);
const char *yaml_quote(char out[YAML_QUOTE_BYTES], const char *s, size_t len);

/* "a list", "a mapping", "an alias" or "text". */
const char *yaml_kind_name(const yaml_node *n);

/* "a, b, c" into out (cut short when it does not fit). */
void yaml_key_list(char *out, size_t size, const char *const *keys, size_t n);

/* A plain empty value, ~ or null. */
bool yaml_is_null(const yaml_node *n);

/* ---- mappings ---------------------------------------------------------------------------- */

/* The values of a mapping, found by the names allowed there: key[i] and val[i] belong to
 * keys[i], NULL when the key is not given. */
typedef struct yaml_fields {
    const char *const *keys;
    size_t n_keys;
    const yaml_node *key[YAML_MAX_FIELDS];
    const yaml_node *val[YAML_MAX_FIELDS];
    const yaml_node *map;
} yaml_fields;

/* Sorts the pairs of map (a YAML_MAP) into f by the n_keys (at most YAML_MAX_FIELDS) names
 * in keys; reports keys that are not text, unknown keys (with a "did you mean") and keys
 * given twice. where is e.g. "in a vote step". A key in elsewhere (may be NULL) is allowed
 * in another place of the file: it "does not belong" here, and gets no suggestion. */
void yaml_fields_read(yaml_doc *d, yaml_fields *f, const yaml_node *map, const char *const *keys,
                      size_t n_keys, const char *where, const char *const *elsewhere, size_t n_elsewhere);

/* The value given for name, or NULL. */
const yaml_node *yaml_field(const yaml_fields *f, const char *name);

/* Reports "WHAT has no 'KEY'; expected EXPECTED" at the mapping. */
void yaml_missing(yaml_doc *d, const yaml_node *map, const char *what, const char *key, const char *expected);

/* ---- values: each returns false (or -1) after reporting, or skips an alias silently ------ */

/* Text of 1 to max code points, valid UTF-8 without NUL. With an arena, *out is a copy in
 * it; with out_arena NULL, *out borrows the node's text (as long as the tree lives). */
bool yaml_string(yaml_doc *d, const yaml_node *v, const char *key, size_t max, arena *out_arena,
                 const char **out);

/* A list of min..max texts of at most maxlen code points each, copied into out_arena.
 * Wrong items are reported one by one; out keeps the right ones (*n_out of them). */
bool yaml_strings(yaml_doc *d, const yaml_node *v, const char *key, size_t min, size_t max, size_t maxlen,
                  arena *out_arena, const char **out, size_t *n_out);

/* A number without quotes in [lo, hi] (or (lo, hi] when lo_open); whole numbers only when
 * integer. Digits with an optional '-' and decimals after a '.'; no exponents. */
bool yaml_number(yaml_doc *d, const yaml_node *v, const char *key, double lo, bool lo_open, double hi,
                 bool integer, double *out);
bool yaml_uint(yaml_doc *d, const yaml_node *v, const char *key, unsigned lo, unsigned hi, unsigned *out);

/* One of a few whole numbers (such as 0, 90, 180, 270), without quotes. */
bool yaml_int_in(yaml_doc *d, const yaml_node *v, const char *key, const int *allowed, size_t n, int *out);

/* true or false (True, TRUE, False, FALSE), without quotes. */
bool yaml_bool(yaml_doc *d, const yaml_node *v, const char *key, bool *out);

/* One of a few fixed words; returns its index, or -1 after reporting (with a "did you mean"). */
int yaml_word(yaml_doc *d, const yaml_node *v, const char *key, const char *const *words, size_t n);

#endif
