/* script.c — names, defaults and the fixed monitoring questions. */
#include "script.h"

#include <stdlib.h>
#include <string.h>

static const char *const type_names[STEP_TYPE_COUNT] = {
    [STEP_WELCOME] = "welcome",     [STEP_TEXT] = "text",       [STEP_THEME] = "theme",
    [STEP_INTERVIEW] = "interview", [STEP_HARVEST] = "harvest", [STEP_DREAM] = "dream",
    [STEP_DESIGN] = "design",       [STEP_DESTINY] = "destiny", [STEP_VOTE] = "vote",
    [STEP_RATING] = "rating",       [STEP_OPEN] = "open",       [STEP_MONITORING] = "monitoring",
    [STEP_RESULTS] = "results",
};

const char *step_type_name(step_type t)
{
    return (unsigned)t < STEP_TYPE_COUNT ? type_names[t] : "?";
}

int step_type_from_name(const char *name)
{
    for (int i = 0; i < STEP_TYPE_COUNT; i++)
        if (strcmp(type_names[i], name) == 0)
            return i;
    return -1;
}

const char *answer_kind_name(answer_kind k)
{
    switch (k) {
    case ANSWER_CHOICE: return "choice";
    case ANSWER_RATING: return "rating";
    case ANSWER_TEXT: return "text";
    case ANSWER_NONE: break;
    }
    return "";
}

static const char *const mon_ids[MONITORING_COUNT] = {"mon-waarde", "mon-meer-van", "mon-morgen"};

static const char *const mon_nl[MONITORING_COUNT] = {
    "Wat was voor jou van waarde vandaag?",
    "Wat zag je in de samenwerking waar je meer van wilt?",
    "Wat ga je morgen anders doen?",
};

static const char *const mon_en[MONITORING_COUNT] = {
    "What was of value to you today?",
    "What did you see in the way we worked together that you want more of?",
    "What will you do differently tomorrow?",
};

const char *monitoring_id(size_t i)
{
    return i < MONITORING_COUNT ? mon_ids[i] : NULL;
}

const char *monitoring_text(const char *language, size_t i)
{
    if (i >= MONITORING_COUNT)
        return NULL;
    return language && strcmp(language, "en") == 0 ? mon_en[i] : mon_nl[i];
}

vote_rule vote_rule_default(step_type t)
{
    vote_rule r = {
        .votes_per_person = 1,
        .lockout_ms = 1000,
        .turn_gap_ms = 1500,
        .stack = false,
        .live = false,
    };
    (void)t; /* one rule for vote, rating and monitoring today; the parameter keeps room for more */
    return r;
}

void script_free(script *s)
{
    if (!s)
        return;
    arena *a = s->arena;
    arena_free(a); /* the script itself lives in its arena */
}
