/* content.c — owns loading a session script: checking the positioned tree that yaml.c
 * makes of the file against the schema (the session-script contract) into a struct script
 * held in one arena. Every problem is reported as "PATH:LINE:COL: what is wrong; what is
 * expected", and checking goes on after a problem so one run shows as many as it can. */
#include "content/content.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "content/text.h"
#include "content/yaml.h"

enum {
    CONTENT_ID_MAX = 48,
    CONTENT_TITLE_MAX = 80,
    CONTENT_TEXT_MAX = 600,
    CONTENT_QUESTION_MAX = 200,
    CONTENT_PROMPT_MAX = 200,
    CONTENT_OPTION_MAX = 60,
    CONTENT_LABEL_MAX = 30,
    CONTENT_MAX_IDS = SCRIPT_MAX_STEPS * STEP_MAX_QUESTIONS,
};

#define COUNT(a) (sizeof(a) / sizeof(*(a)))

static const yaml_spec content_spec = {
    .max_bytes = CONTENT_MAX_BYTES,
    .max_errors = SCRIPT_MAX_ERRORS,
    .noun = "script",
    .a_file = "a session script file",
    .a_readable = "a readable session script",
    .a_document = "a session script (a mapping with keys id, version, language, title, steps)",
    .a_top = "a mapping with keys id, version, language, title, steps",
};

/* ---- the checking context ---------------------------------------------------------------- */

typedef struct content_qid {
    const char *id;
    unsigned line, col;
} content_qid;

typedef struct content_ctx {
    yaml_doc y; /* where problems go, and how many there were */
    arena *out; /* the script */
    const char *language;
    content_qid ids[CONTENT_MAX_IDS]; /* question ids of the steps checked so far */
    size_t n_ids;
    bool seen_monitoring;
} content_ctx;

/* "a" or "an" before a step type name. */
static const char *content_article(const char *word)
{
    return strchr("aeiou", word[0]) ? "an" : "a";
}

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

/* ---- field access: yaml.c's, with the script's arena and step keys bound ----------------- */

static void content_fields(content_ctx *c, yaml_fields *f, const yaml_node *map, const char *const *keys,
                           size_t n_keys, const char *where, bool step_keys)
{
    yaml_fields_read(&c->y, f, map, keys, n_keys, where, step_keys ? content_step_keys : NULL,
                     step_keys ? COUNT(content_step_keys) : 0);
}

static bool content_string(content_ctx *c, const yaml_node *v, const char *key, size_t max, const char **out)
{
    return yaml_string(&c->y, v, key, max, c->out, out);
}

static bool content_strings(content_ctx *c, const yaml_node *v, const char *key, size_t min, size_t max,
                            size_t maxlen, const char **out, size_t *n_out)
{
    return yaml_strings(&c->y, v, key, min, max, maxlen, c->out, out, n_out);
}

static uint32_t content_ms(double units, double ms_per_unit)
{
    return (uint32_t)(units * ms_per_unit + 0.5);
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

static bool content_id(content_ctx *c, const yaml_node *v, const char *key, const char **out)
{
    if (!content_string(c, v, key, CONTENT_TEXT_MAX, out))
        return false;
    if (!content_id_ok(v->text, v->len)) {
        char q[YAML_QUOTE_BYTES];
        yaml_error(&c->y, v->line, v->col,
                   "'%s' is '%s', not a valid id; expected lower-case letters a-z, digits and '-', "
                   "starting with a letter or digit, at most %d characters",
                   key, yaml_quote(q, v->text, v->len), CONTENT_ID_MAX);
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
static bool content_register_id(content_ctx *c, const yaml_node *v, const char *id, bool monitoring)
{
    if (!monitoring && strncmp(id, "mon-", 4) == 0) {
        yaml_error(&c->y, v->line, v->col,
                   "question id '%s' starts with 'mon-'; expected an id without it (reserved for "
                   "the monitoring step)",
                   id);
        return false;
    }
    const content_qid *prev = content_find_id(c, id);
    if (prev) {
        yaml_error(&c->y, v->line, v->col,
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

/* lockout_seconds and turn_gap_seconds, shared by vote and rating. */
static void content_timing(content_ctx *c, const yaml_fields *f, vote_rule *r)
{
    const yaml_node *v;
    double d;
    if ((v = yaml_field(f, "lockout_seconds")) &&
        yaml_number(&c->y, v, "lockout_seconds", 0, false, 60, false, &d))
        r->lockout_ms = content_ms(d, 1000);
    if ((v = yaml_field(f, "turn_gap_seconds")) &&
        yaml_number(&c->y, v, "turn_gap_seconds", 0, false, 60, false, &d))
        r->turn_gap_ms = content_ms(d, 1000);
}

/* id and question of a vote, rating or open step. */
static void content_question_head(content_ctx *c, const yaml_fields *f, const char *what, question *q)
{
    const yaml_node *v;
    if (!(v = yaml_field(f, "id")))
        yaml_missing(&c->y, f->map, what, "id", "a question id such as 'best-idea'");
    else if (content_id(c, v, "id", &q->id))
        content_register_id(c, v, q->id, false);
    if (!(v = yaml_field(f, "question")))
        yaml_missing(&c->y, f->map, what, "question", "the question text");
    else
        content_string(c, v, "question", CONTENT_QUESTION_MAX, &q->text);
}

/* labels of a rating: exactly scale texts. */
static void content_labels(content_ctx *c, const yaml_node *v, unsigned scale, question *q)
{
    if (content_strings(c, v, "labels", 2, 6, CONTENT_LABEL_MAX, q->options, &q->n_options) &&
        q->n_options != scale)
        yaml_error(&c->y, v->line, v->col, "'labels' has %zu labels but 'scale' is %u; expected exactly %u",
                   q->n_options, scale, scale);
}

static void content_step_vote(content_ctx *c, const yaml_fields *f, step *st)
{
    question *q = &st->questions[0];
    st->n_questions = 1;
    q->kind = ANSWER_CHOICE;
    content_question_head(c, f, "a vote step", q);
    const yaml_node *v, *vopt = yaml_field(f, "options");
    bool options_ok = false;
    if (!vopt)
        yaml_missing(&c->y, f->map, "a vote step", "options", "a list of 2 to 12 options");
    else
        options_ok = content_strings(c, vopt, "options", 2, SCRIPT_MAX_OPTIONS, CONTENT_OPTION_MAX,
                                     q->options, &q->n_options);
    if ((v = yaml_field(f, "stack")))
        yaml_bool(&c->y, v, "stack", &st->rule.stack);
    const yaml_node *vpp = yaml_field(f, "votes_per_person");
    unsigned n;
    if (vpp && yaml_uint(&c->y, vpp, "votes_per_person", 1, 10, &n)) {
        st->rule.votes_per_person = n;
        if (!st->rule.stack && options_ok && n > q->n_options)
            yaml_error(&c->y, vpp->line, vpp->col,
                       "'votes_per_person' is %u but there are only %zu options; expected at most "
                       "%zu, or 'stack: true' to allow more than one vote per option",
                       n, q->n_options, q->n_options);
    }
    content_timing(c, f, &st->rule);
    static const char *const shows[] = {"live", "closed"};
    if ((v = yaml_field(f, "show")))
        st->rule.live = yaml_word(&c->y, v, "show", shows, 2) == 0;
}

static void content_step_rating(content_ctx *c, const yaml_fields *f, step *st)
{
    question *q = &st->questions[0];
    st->n_questions = 1;
    q->kind = ANSWER_RATING;
    q->scale = 5;
    content_question_head(c, f, "a rating step", q);
    const yaml_node *v;
    bool scale_ok = true;
    if ((v = yaml_field(f, "scale")))
        scale_ok = yaml_uint(&c->y, v, "scale", 2, 6, &q->scale);
    if ((v = yaml_field(f, "labels")) && scale_ok)
        content_labels(c, v, q->scale, q);
    st->rule.votes_per_person = 1;
    content_timing(c, f, &st->rule);
}

static void content_step_open(content_ctx *c, const yaml_fields *f, step *st)
{
    question *q = &st->questions[0];
    st->n_questions = 1;
    q->kind = ANSWER_TEXT;
    q->max_length = 140;
    content_question_head(c, f, "an open step", q);
    const yaml_node *v;
    if ((v = yaml_field(f, "max_length")))
        yaml_uint(&c->y, v, "max_length", 1, 500, &q->max_length);
}

static void content_monitoring_question(content_ctx *c, const yaml_node *m, size_t i, question *q)
{
    if (m->kind == YAML_ALIAS)
        return;
    if (m->kind != YAML_MAP) {
        yaml_error(&c->y, m->line, m->col,
                   "monitoring question %zu is %s; expected a mapping with "
                   "id '%s'",
                   i + 1, yaml_kind_name(m), monitoring_id(i));
        return;
    }
    yaml_fields f;
    content_fields(c, &f, m, content_keys_monq, COUNT(content_keys_monq), "in a monitoring question", false);
    const yaml_node *v;
    if (!(v = yaml_field(&f, "id"))) {
        yaml_missing(&c->y, m, "a monitoring question", "id", "the fixed id at this position");
    } else if (v->kind == YAML_SCALAR && strcmp(v->text, monitoring_id(i)) != 0) {
        char qq[YAML_QUOTE_BYTES];
        yaml_error(&c->y, v->line, v->col,
                   "monitoring question %zu has id '%s'; expected '%s' (the "
                   "three ids are fixed: mon-waarde, mon-meer-van, mon-morgen, in that order)",
                   i + 1, yaml_quote(qq, v->text, v->len), monitoring_id(i));
    } else if (v->kind != YAML_SCALAR && v->kind != YAML_ALIAS) {
        yaml_error(&c->y, v->line, v->col, "'id' is %s; expected '%s'", yaml_kind_name(v), monitoring_id(i));
    }
    static const char *const answers[] = {"text", "rating", "choice"};
    static const answer_kind kinds[] = {ANSWER_TEXT, ANSWER_RATING, ANSWER_CHOICE};
    int a = 0;
    if ((v = yaml_field(&f, "answer")) && (a = yaml_word(&c->y, v, "answer", answers, 3)) < 0)
        return; /* the other keys depend on the kind of answer */
    q->kind = kinds[a];
    /* each remaining key belongs to one kind of answer */
    static const char *const only[] = {"scale", "labels", "options", "max_length"};
    static const answer_kind only_kind[] = {ANSWER_RATING, ANSWER_RATING, ANSWER_CHOICE, ANSWER_TEXT};
    bool misplaced = false;
    for (size_t k = 0; k < COUNT(only); k++) {
        const yaml_node *kn = NULL;
        for (size_t j = 0; j < f.n_keys; j++)
            if (strcmp(f.keys[j], only[k]) == 0)
                kn = f.key[j];
        if (kn && only_kind[k] != q->kind) {
            yaml_error(&c->y, kn->line, kn->col,
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
        if ((v = yaml_field(&f, "scale")) && !yaml_uint(&c->y, v, "scale", 2, 6, &q->scale))
            break;
        if ((v = yaml_field(&f, "labels")))
            content_labels(c, v, q->scale, q);
        break;
    case ANSWER_CHOICE:
        if (!(v = yaml_field(&f, "options")))
            yaml_missing(&c->y, m, "a monitoring question with answer choice", "options",
                         "a list of 2 to 12 options");
        else
            content_strings(c, v, "options", 2, SCRIPT_MAX_OPTIONS, CONTENT_OPTION_MAX, q->options,
                            &q->n_options);
        break;
    case ANSWER_TEXT:
    case ANSWER_NONE:
        q->max_length = 140;
        if ((v = yaml_field(&f, "max_length")))
            yaml_uint(&c->y, v, "max_length", 1, 500, &q->max_length);
        break;
    }
}

static void content_step_monitoring(content_ctx *c, const yaml_fields *f, step *st)
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
        yaml_error(&c->y, f->map->line, f->map->col,
                   "a second monitoring step; expected at most one "
                   "(its question ids are fixed and must be unique)");
    } else {
        for (size_t i = 0; i < MONITORING_COUNT && c->n_ids < CONTENT_MAX_IDS; i++)
            c->ids[c->n_ids++] = (content_qid){monitoring_id(i), f->map->line, f->map->col};
    }
    c->seen_monitoring = true;
    const yaml_node *v = yaml_field(f, "questions");
    if (!v || v->kind == YAML_ALIAS)
        return;
    if (v->kind != YAML_SEQ || v->n != MONITORING_COUNT) {
        char what[32];
        if (v->kind == YAML_SEQ)
            snprintf(what, sizeof(what), "has %zu item%s", v->n, v->n == 1 ? "" : "s");
        else
            snprintf(what, sizeof(what), "is %s", yaml_kind_name(v));
        yaml_error(&c->y, v->line, v->col,
                   "'questions' %s; expected a list of exactly 3 "
                   "(mon-waarde, mon-meer-van, mon-morgen)",
                   what);
        return;
    }
    size_t i = 0;
    for (const yaml_node *m = v->first; m; m = m->next, i++) {
        question *q = &st->questions[i];
        content_monitoring_question(c, m, i, q);
        q->id = monitoring_id(i);
        q->text = monitoring_text(c->language, i);
    }
}

static void content_step_results(content_ctx *c, const yaml_fields *f, step *st)
{
    st->min_n = 3;
    const yaml_node *v;
    if ((v = yaml_field(f, "min_n")))
        yaml_uint(&c->y, v, "min_n", 0, 100, &st->min_n);
    if (!(v = yaml_field(f, "show")) || v->kind == YAML_ALIAS)
        return;
    if (v->kind != YAML_SEQ || v->n == 0 || v->n > SCRIPT_MAX_STEPS) {
        yaml_error(&c->y, v->line, v->col,
                   "'show' is %s; expected a list of 1 to %d question ids from "
                   "earlier steps, or no 'show' for all of them",
                   v->kind == YAML_SEQ ? (v->n ? "too long" : "empty") : yaml_kind_name(v), SCRIPT_MAX_STEPS);
        return;
    }
    for (const yaml_node *it = v->first; it; it = it->next) {
        const char *id;
        if (!content_string(c, it, "show", CONTENT_TEXT_MAX, &id))
            continue;
        bool twice = false;
        for (size_t j = 0; j < st->n_show; j++)
            twice |= strcmp(st->show[j], id) == 0;
        if (twice) {
            yaml_error(&c->y, it->line, it->col, "'%s' is in 'show' twice; expected each id once", id);
            continue;
        }
        if (!content_find_id(c, id)) {
            const char *names[CONTENT_MAX_IDS];
            for (size_t j = 0; j < c->n_ids; j++)
                names[j] = c->ids[j].id;
            const char *near = text_suggest(id, names, c->n_ids);
            char q[YAML_QUOTE_BYTES];
            yaml_error(&c->y, it->line, it->col,
                       "'show' names '%s', which is not a question of an "
                       "earlier step; expected the id of a vote, rating, open or monitoring question "
                       "before this step%s%s%s",
                       yaml_quote(q, it->text, it->len), near ? " (did you mean '" : "", near ? near : "",
                       near ? "'?)" : "");
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

static void content_step(content_ctx *c, const yaml_node *m, size_t index, step *st)
{
    st->line = m->line;
    st->column = m->col;
    if (m->kind == YAML_ALIAS)
        return;
    if (m->kind != YAML_MAP) {
        yaml_error(&c->y, m->line, m->col, "step %zu is %s; expected a mapping with at least type and title",
                   index + 1, yaml_kind_name(m));
        return;
    }
    /* the type decides which keys are allowed, so find it before anything else */
    const yaml_node *tv = NULL;
    for (const yaml_node *k = m->first; k && k->next; k = k->next->next)
        if (k->kind == YAML_SCALAR && strcmp(k->text, "type") == 0) {
            tv = k->next;
            break;
        }
    const char *type_names[STEP_TYPE_COUNT];
    for (int i = 0; i < STEP_TYPE_COUNT; i++)
        type_names[i] = step_type_name((step_type)i);
    char list[256], q[YAML_QUOTE_BYTES];
    yaml_key_list(list, sizeof(list), type_names, STEP_TYPE_COUNT);
    if (!tv) {
        yaml_error(&c->y, m->line, m->col, "step %zu has no 'type'; expected one of %s", index + 1, list);
        return;
    }
    if (tv->kind == YAML_ALIAS)
        return;
    int t = tv->kind == YAML_SCALAR ? step_type_from_name(tv->text) : -1;
    if (t < 0) {
        if (tv->kind != YAML_SCALAR) {
            yaml_error(&c->y, tv->line, tv->col, "'type' is %s; expected one of %s", yaml_kind_name(tv),
                       list);
        } else {
            const char *near = text_suggest(tv->text, type_names, STEP_TYPE_COUNT);
            yaml_error(&c->y, tv->line, tv->col, "unknown step type '%s'; expected one of %s%s%s%s",
                       yaml_quote(q, tv->text, tv->len), list, near ? " (did you mean '" : "",
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
    yaml_fields f;
    content_fields(c, &f, m, keys, n_keys, where, true);

    const yaml_node *v;
    if (!(v = yaml_field(&f, "title")))
        yaml_missing(&c->y, m, what, "title", "a title of at most 80 characters");
    else
        content_string(c, v, "title", CONTENT_TITLE_MAX, &st->title);
    if (!(v = yaml_field(&f, "text"))) {
        if (st->type == STEP_THEME)
            yaml_missing(&c->y, m, what, "text", "the positive core theme as text");
    } else {
        content_string(c, v, "text", CONTENT_TEXT_MAX, &st->text);
    }
    double d;
    if ((v = yaml_field(&f, "minutes")) && yaml_number(&c->y, v, "minutes", 0, true, 240, false, &d))
        st->duration_ms = content_ms(d, 60000);

    if (st->type == STEP_VOTE || st->type == STEP_RATING || st->type == STEP_MONITORING)
        st->rule = vote_rule_default(st->type);
    switch (st->type) {
    case STEP_INTERVIEW:
        st->group_size = 2;
        if (!(v = yaml_field(&f, "minutes_per_person")))
            yaml_missing(&c->y, m, what, "minutes_per_person", "a number more than 0 and at most 60");
        else if (yaml_number(&c->y, v, "minutes_per_person", 0, true, 60, false, &d))
            st->duration_ms = content_ms(d, 60000);
        if ((v = yaml_field(&f, "group_size")))
            yaml_uint(&c->y, v, "group_size", 2, 3, &st->group_size);
        if (!(v = yaml_field(&f, "prompts")))
            yaml_missing(&c->y, m, what, "prompts", "a list of 1 to 8 interview questions");
        else
            content_strings(c, v, "prompts", 1, STEP_MAX_PROMPTS, CONTENT_PROMPT_MAX, st->prompts,
                            &st->n_prompts);
        if ((v = yaml_field(&f, "probes")))
            content_strings(c, v, "probes", 0, STEP_MAX_PROMPTS, CONTENT_PROMPT_MAX, st->probes,
                            &st->n_probes);
        break;
    case STEP_VOTE: content_step_vote(c, &f, st); break;
    case STEP_RATING: content_step_rating(c, &f, st); break;
    case STEP_OPEN: content_step_open(c, &f, st); break;
    case STEP_MONITORING: content_step_monitoring(c, &f, st); break;
    case STEP_RESULTS: content_step_results(c, &f, st); break;
    default:
        if ((v = yaml_field(&f, "prompts")))
            content_strings(c, v, "prompts", 1, STEP_MAX_PROMPTS, CONTENT_PROMPT_MAX, st->prompts,
                            &st->n_prompts);
        break;
    }
}

/* ---- the script -------------------------------------------------------------------------- */

static void content_script(content_ctx *c, const yaml_node *root, script *s)
{
    if (root->kind == YAML_ALIAS)
        return;
    if (root->kind != YAML_MAP) {
        yaml_error(&c->y, root->line, root->col,
                   "the top level is %s; expected a mapping with keys "
                   "id, version, language, title, steps",
                   yaml_is_null(root) ? "empty" : yaml_kind_name(root));
        return;
    }
    yaml_fields f;
    content_fields(c, &f, root, content_keys_top, COUNT(content_keys_top), "at the top level", false);
    const yaml_node *v;
    if (!(v = yaml_field(&f, "id")))
        yaml_missing(&c->y, root, "the script", "id", "a script id such as 'demo-waarderen'");
    else
        content_id(c, v, "id", &s->id);
    if (!(v = yaml_field(&f, "version")))
        yaml_missing(&c->y, root, "the script", "version", "a whole number from 1 to 1000000");
    else
        yaml_uint(&c->y, v, "version", 1, 1000000, &s->version);
    static const char *const languages[] = {"nl", "en"};
    int lang;
    if (!(v = yaml_field(&f, "language")))
        yaml_missing(&c->y, root, "the script", "language", "nl or en");
    else if ((lang = yaml_word(&c->y, v, "language", languages, 2)) >= 0)
        s->language = languages[lang];
    c->language = s->language;
    if (!(v = yaml_field(&f, "title")))
        yaml_missing(&c->y, root, "the script", "title", "a title of at most 80 characters");
    else
        content_string(c, v, "title", CONTENT_TITLE_MAX, &s->title);

    if (!(v = yaml_field(&f, "steps"))) {
        yaml_missing(&c->y, root, "the script", "steps", "a list of 1 to 60 steps");
        return;
    }
    if (v->kind == YAML_ALIAS)
        return;
    if (v->kind != YAML_SEQ || v->n == 0) {
        yaml_error(&c->y, v->line, v->col, "'steps' is %s; expected a list of 1 to %d steps",
                   v->kind == YAML_SEQ || yaml_is_null(v) ? "empty" : yaml_kind_name(v), SCRIPT_MAX_STEPS);
        return;
    }
    if (v->n > SCRIPT_MAX_STEPS)
        yaml_error(&c->y, v->line, v->col, "'steps' has %zu steps; expected at most %d", v->n,
                   SCRIPT_MAX_STEPS);
    size_t n = v->n < SCRIPT_MAX_STEPS ? v->n : SCRIPT_MAX_STEPS;
    s->steps = arena_alloc(c->out, n * sizeof(*s->steps));
    if (!s->steps) {
        yaml_error(&c->y, v->line, v->col, "out of memory; expected a smaller script");
        return;
    }
    s->n_steps = n;
    size_t i = 0;
    for (const yaml_node *m = v->first; m && i < n; m = m->next, i++)
        content_step(c, m, i, &s->steps[i]);
}

/* ---- loading ----------------------------------------------------------------------------- */

static script *content_run(content_ctx *c, const char *buf, size_t len)
{
    if (!yaml_check_text(&c->y, buf, len))
        return NULL;

    arena *tree = arena_new();
    c->out = arena_new();
    script *s = c->out ? arena_alloc(c->out, sizeof(*s)) : NULL;
    if (!tree || !s) {
        yaml_error(&c->y, 1, 1, "out of memory; expected a smaller script");
        arena_free(tree);
        arena_free(c->out);
        return NULL;
    }
    s->arena = c->out;
    s->path = arena_strdup(c->out, c->y.name);
    const yaml_node *root = yaml_parse(&c->y, tree, buf, len);
    if (root)
        content_script(c, root, s);
    arena_free(tree);
    if (c->y.n_errors > 0 || !s->path) {
        if (c->y.n_errors == 0)
            yaml_error(&c->y, 1, 1, "out of memory; expected a smaller script");
        script_free(s);
        return NULL;
    }
    return s;
}

script *content_load_buffer(const char *name, const char *buf, size_t len, FILE *err)
{
    content_ctx c = {.y = {.name = name ? name : "(script)", .err = err, .spec = &content_spec}};
    script *s = content_run(&c, buf ? buf : "", buf ? len : 0);
    yaml_error_finish(&c.y);
    return s;
}

script *content_load(const char *path, FILE *err)
{
    content_ctx c = {.y = {.name = path, .err = err, .spec = &content_spec}};
    char *buf;
    size_t len;
    script *s = NULL;
    if (yaml_read_file(&c.y, path, &buf, &len) == 0)
        s = content_run(&c, buf, len);
    free(buf);
    yaml_error_finish(&c.y);
    return s;
}
