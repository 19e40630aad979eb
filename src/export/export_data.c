/* export_data.c — tallies and series over the data of an export (see export_data.h). */
#include "export_data.h"

#include <string.h>
#include <time.h>

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

/* localtime_r once per hour and thread (a zone's offset changes on the hour), the rest
 * by arithmetic. */
bool export_local_time(int64_t sec, struct tm *out)
{
    static _Thread_local int64_t hour = INT64_MIN;
    static _Thread_local long gmtoff;
    static _Thread_local int isdst;
    if (sec / 3600 != hour) {
        time_t t = (time_t)sec;
        struct tm tm;
        if (!localtime_r(&t, &tm))
            return false;
        hour = sec / 3600;
        gmtoff = tm.tm_gmtoff;
        isdst = tm.tm_isdst;
    }
    int64_t local = sec + gmtoff;
    int64_t days = local / 86400, rem = local % 86400;
    if (rem < 0) {
        rem += 86400;
        days--;
    }
    /* days since 1970-01-01 to a civil date (H. Hinnant, "chrono-compatible low-level date algorithms") */
    int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    *out = (struct tm){.tm_year = (int)(yoe + era * 400 + (m <= 2)) - 1900,
                       .tm_mon = (int)m - 1,
                       .tm_mday = (int)d,
                       .tm_hour = (int)(rem / 3600),
                       .tm_min = (int)(rem % 3600 / 60),
                       .tm_sec = (int)(rem % 60),
                       .tm_isdst = isdst,
                       .tm_gmtoff = gmtoff};
    return true;
}

void export_data_free(export_data *d)
{
    if (d)
        arena_free(d->arena); /* the data lives in its own arena */
}
