/* export_data.c — tallies and series over the data of an export (see export_data.h). */
#include "export_data.h"

#include <string.h>

int export_count(export_data *d)
{
    d->tallies = arena_alloc(d->arena, (d->n_questions + 1) * sizeof(*d->tallies));
    if (!d->tallies)
        return -1;
    for (size_t i = 0; i < d->n_inputs; i++) {
        const export_input *in = &d->inputs[i];
        if (in->question == EXPORT_NONE || in->question >= d->n_questions || !in->counted)
            continue;
        export_tally *t = &d->tallies[in->question];
        t->n++;
        if (in->option >= 1 && in->option <= SCRIPT_MAX_OPTIONS)
            t->counts[in->option]++;
        t->mean += in->value; /* the sum, for now */
    }
    for (size_t q = 0; q < d->n_questions; q++) {
        export_tally *t = &d->tallies[q];
        t->counts[0] = t->n;
        t->mean = d->questions[q].kind == ANSWER_RATING && t->n ? t->mean / t->n : 0;
    }
    return 0;
}

void export_tally_of(const export_data *d, size_t qi, export_tally *out)
{
    if (d->tallies && qi < d->n_questions) {
        *out = d->tallies[qi];
        return;
    }
    memset(out, 0, sizeof(*out));
    double sum = 0;
    for (size_t i = 0; i < d->n_inputs; i++) {
        const export_input *in = &d->inputs[i];
        if (in->question != qi || !in->counted)
            continue;
        out->n++;
        if (in->option >= 1 && in->option <= SCRIPT_MAX_OPTIONS)
            out->counts[in->option]++;
        sum += in->value;
    }
    out->counts[0] = out->n;
    if (qi < d->n_questions && d->questions[qi].kind == ANSWER_RATING && out->n)
        out->mean = sum / out->n;
}

size_t export_series(const export_data *d, const char *question_id, size_t *out, size_t max)
{
    size_t n = 0;
    for (size_t s = 0; s < d->n_sessions; s++) {
        const export_session *se = &d->sessions[s];
        for (size_t q = se->first_question; q < se->first_question + se->n_questions; q++)
            if (strcmp(d->questions[q].id, question_id) == 0) {
                if (n < max)
                    out[n] = q;
                n++;
                break;
            }
    }
    return n;
}

void export_data_free(export_data *d)
{
    if (d)
        arena_free(d->arena); /* the data lives in its own arena */
}
