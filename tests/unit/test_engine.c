/* test_engine.c — the session engine against its rules (/tmp/oogst-rules.md and
 * engine.h): steps and parts, timers on a virtual clock, facilitator commands, the
 * counting table with its exact boundaries, LEDs, keys, text, and resumption. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/engine.h"
#include "fixture.h"

/* --- the rig: a script, an engine and a clock the test advances -------------------------------- */

typedef struct rig {
    script *s;
    engine *e;
    engine_output out;
    int64_t now;
} rig;

static int rig_setup(void **state)
{
    rig *r = calloc(1, sizeof(*r));
    if (!r)
        return -1;
    *state = r;
    return 0;
}

static int rig_teardown(void **state)
{
    rig *r = *state;
    engine_free(r->e);
    script_free(r->s);
    free(r);
    return 0;
}

/* A script of n steps; the test fills them, then calls start. */
static script *make(rig *r, size_t n)
{
    r->s = fx_script(n);
    assert_non_null(r->s);
    return r->s;
}

static void start(rig *r)
{
    r->e = engine_new(r->s, r->now, &r->out);
    assert_non_null(r->e);
}

static void handle(rig *r, engine_event ev)
{
    engine_handle(r->e, &ev, r->now, &r->out);
}
static void press(rig *r, int n)
{
    handle(r, (engine_event){.type = EV_PRESS, .n = n});
}
static void release(rig *r, int n)
{
    handle(r, (engine_event){.type = EV_RELEASE, .n = n});
}
static void choose(rig *r, int n)
{
    handle(r, (engine_event){.type = EV_CHOOSE, .n = n});
}
static void key(rig *r, const char *name)
{
    handle(r, (engine_event){.type = EV_KEY, .name = name});
}
static void text(rig *r, const char *t)
{
    handle(r, (engine_event){.type = EV_TEXT, .text = t});
}
static void cmd(rig *r, engine_event_type t)
{
    handle(r, (engine_event){.type = t});
}
static void tick_at(rig *r, int64_t t)
{
    r->now = t;
    engine_tick(r->e, r->now, &r->out);
}
static void at(rig *r, int64_t t)
{
    r->now = t;
}

/* --- reading the output ------------------------------------------------------------------------ */

static size_t count_type(const engine_output *o, effect_type t)
{
    size_t n = 0;
    for (size_t i = 0; i < o->n_effects; i++)
        n += o->effects[i].type == t;
    return n;
}

static const effect *find_type(const engine_output *o, effect_type t)
{
    for (size_t i = 0; i < o->n_effects; i++)
        if (o->effects[i].type == t)
            return &o->effects[i];
    return NULL;
}

static const effect *find_event(const engine_output *o, const char *name)
{
    for (size_t i = 0; i < o->n_effects; i++)
        if (o->effects[i].type == EFF_EVENT && strcmp(o->effects[i].name, name) == 0)
            return &o->effects[i];
    return NULL;
}

/* The one input of this call; fails if there is not exactly one. */
static const input_record *the_input(const engine_output *o)
{
    assert_int_equal(count_type(o, EFF_INPUT), 1);
    return &find_type(o, EFF_INPUT)->input;
}

/* Macros, not functions, so that a failure names the line of the test. */
#define assert_event(o, ev_name, ev_detail)                                                                  \
    do {                                                                                                     \
        const effect *f_ = find_event((o), (ev_name));                                                       \
        if (!f_)                                                                                             \
            fail_msg("no event '%s' among %zu effects", (ev_name), (o)->n_effects);                          \
        assert_string_equal(f_->detail, (ev_detail));                                                        \
    } while (0)

/* The one input of this call and the rule's decision about it. */
#define assert_reason(o, is_counted, why)                                                                    \
    do {                                                                                                     \
        const input_record *in_ = the_input(o);                                                              \
        assert_string_equal(in_->reason, (why));                                                             \
        assert_int_equal(in_->counted, (is_counted));                                                        \
    } while (0)

#define assert_press(r, n, is_counted, why)                                                                  \
    do {                                                                                                     \
        press((r), (n));                                                                                     \
        assert_reason(&(r)->out, (is_counted), (why));                                                       \
    } while (0)

/* One vote step with n options (no timer unless duration_ms). */
static step *one_vote(rig *r, size_t n_options, uint32_t duration_ms)
{
    make(r, 1);
    step *st = fx_step(r->s, 0, STEP_VOTE, duration_ms);
    fx_choice(st, "v", n_options);
    return st;
}

/* --- steps ------------------------------------------------------------------------------------- */

/* engine_new enters step 0 part 0 with one STEP_ENTER; a welcome without minutes has no timer. */
static void test_new_enters_first_step(void **state)
{
    rig *r = *state;
    make(r, 2);
    fx_step(r->s, 0, STEP_WELCOME, 0);
    fx_step(r->s, 1, STEP_THEME, 0);
    r->now = 1234;
    start(r);
    assert_int_equal(r->out.n_effects, 1);
    assert_int_equal(r->out.effects[0].type, EFF_STEP_ENTER);
    assert_int_equal(r->out.effects[0].step, 0);
    assert_int_equal(r->out.effects[0].part, 0);
    assert_int_equal(r->out.effects[0].at_ms, 1234);
    assert_int_equal(r->out.deadline_ms, -1);
    assert_int_equal(r->out.leds, 0);
    assert_ptr_equal(engine_script(r->e), r->s);
    assert_int_equal(engine_step(r->e), 0);
    assert_int_equal(engine_part(r->e), 0);
    assert_false(engine_finished(r->e));
    assert_false(engine_paused(r->e));
    assert_false(engine_time_up(r->e));
    assert_int_equal(engine_remaining_ms(r->e, 5000), -1);
    assert_null(engine_question(r->e));
}

/* An empty script gives no engine (nothing to run). */
static void test_new_rejects_empty_script(void **state)
{
    rig *r = *state;
    make(r, 0);
    assert_null(engine_new(r->s, 0, &r->out));
    assert_null(engine_new(NULL, 0, &r->out));
}

/* Each plain step type (welcome … destiny) is entered by next, asks nothing, and with
 * minutes counts down to CHIME_END + "time-up" without closing anything. */
static void test_plain_steps_enter_and_time_out(void **state)
{
    rig *r = *state;
    static const step_type plain[] = {STEP_WELCOME, STEP_TEXT,   STEP_THEME,  STEP_HARVEST,
                                      STEP_DREAM,   STEP_DESIGN, STEP_DESTINY};
    const size_t n = sizeof(plain) / sizeof(plain[0]);
    make(r, 2 * n);
    for (size_t i = 0; i < n; i++) {
        fx_step(r->s, 2 * i, plain[i], 0);         /* without timer */
        fx_step(r->s, 2 * i + 1, plain[i], 30000); /* with a 30 s timer */
    }
    start(r);
    for (size_t i = 0; i < 2 * n; i++) {
        if (i > 0) {
            at(r, r->now + 10);
            cmd(r, EV_NEXT);
            const effect *f = find_type(&r->out, EFF_STEP_ENTER);
            assert_non_null(f);
            assert_int_equal(f->step, i);
            assert_int_equal(f->part, 0);
        }
        assert_int_equal(engine_step(r->e), i);
        assert_int_equal(r->s->steps[i].type, plain[i / 2]);
        assert_null(engine_question(r->e));
        assert_int_equal(r->out.leds, 0);
        int64_t entered = r->now;
        assert_press(r, 1, false, "no-question");
        assert_null(the_input(&r->out)->question_id);
        text(r, "hello");
        assert_reason(&r->out, false, "no-question");
        if (i % 2 == 0) {
            assert_int_equal(r->out.deadline_ms, -1);
            assert_int_equal(engine_remaining_ms(r->e, r->now), -1);
            tick_at(r, r->now + 3600000); /* an hour: nothing happens */
            assert_int_equal(r->out.n_effects, 0);
            assert_false(engine_time_up(r->e));
        } else {
            assert_int_equal(r->out.deadline_ms, entered + 30000);
            tick_at(r, entered + 29999);
            assert_int_equal(r->out.n_effects, 0);
            assert_int_equal(engine_remaining_ms(r->e, r->now), 1);
            tick_at(r, entered + 30000);
            assert_int_equal(r->out.n_effects, 2);
            assert_int_equal(r->out.effects[0].type, EFF_CHIME);
            assert_int_equal(r->out.effects[0].chime, CHIME_END);
            assert_event(&r->out, "time-up", "");
            assert_null(find_event(&r->out, "closed"));
            assert_true(engine_time_up(r->e));
            assert_int_equal(engine_remaining_ms(r->e, r->now + 5), 0);
            assert_int_equal(r->out.deadline_ms, -1);
        }
    }
}

/* Interview in pairs, 10-minute roles, run on the virtual clock: a countdown per person,
 * CHIME_SWITCH + "role-switch" + STEP_ENTER part 1 at the switch, CHIME_END + "time-up" at the end. */
static void test_interview_pairs_ten_minutes(void **state)
{
    rig *r = *state;
    const int64_t ten = 10 * 60 * 1000;
    make(r, 2);
    fx_step(r->s, 0, STEP_INTERVIEW, (uint32_t)ten);
    fx_step(r->s, 1, STEP_HARVEST, 0);
    start(r);
    assert_int_equal(r->out.deadline_ms, ten);
    assert_int_equal(engine_part(r->e), 0);
    assert_null(engine_question(r->e));

    tick_at(r, ten - 1);
    assert_int_equal(r->out.n_effects, 0);
    assert_int_equal(engine_remaining_ms(r->e, r->now), 1);

    tick_at(r, ten);
    assert_int_equal(r->out.n_effects, 3);
    assert_int_equal(r->out.effects[0].type, EFF_STEP_ENTER);
    assert_int_equal(r->out.effects[0].step, 0);
    assert_int_equal(r->out.effects[0].part, 1);
    assert_int_equal(r->out.effects[1].type, EFF_CHIME);
    assert_int_equal(r->out.effects[1].chime, CHIME_SWITCH);
    assert_int_equal(r->out.effects[2].type, EFF_EVENT);
    assert_string_equal(r->out.effects[2].name, "role-switch");
    assert_int_equal(engine_part(r->e), 1);
    assert_int_equal(r->out.deadline_ms, 2 * ten);
    assert_int_equal(engine_remaining_ms(r->e, r->now), ten);
    assert_false(engine_time_up(r->e));

    /* the second person: presses ask nothing, and are logged at part 1 */
    at(r, ten + 5);
    assert_press(r, 2, false, "no-question");
    assert_int_equal(the_input(&r->out)->part, 1);
    assert_int_equal(the_input(&r->out)->step, 0);

    tick_at(r, 2 * ten);
    assert_int_equal(r->out.n_effects, 2);
    assert_int_equal(r->out.effects[0].type, EFF_CHIME);
    assert_int_equal(r->out.effects[0].chime, CHIME_END);
    assert_string_equal(r->out.effects[1].name, "time-up");
    assert_null(find_type(&r->out, EFF_STEP_ENTER));
    assert_int_equal(engine_part(r->e), 1);
    assert_true(engine_time_up(r->e));
    assert_int_equal(r->out.deadline_ms, -1);
}

/* Interview in trios: three roles, two switches, then the end; each role its own countdown. */
static void test_interview_trios(void **state)
{
    rig *r = *state;
    make(r, 1);
    step *st = fx_step(r->s, 0, STEP_INTERVIEW, 4000);
    st->group_size = 3;
    r->now = 100;
    start(r);
    for (unsigned part = 1; part < 3; part++) {
        int64_t switch_at = 100 + 4000 * (int64_t)part;
        tick_at(r, switch_at - 1);
        assert_int_equal(r->out.n_effects, 0);
        tick_at(r, switch_at);
        const effect *f = find_type(&r->out, EFF_STEP_ENTER);
        assert_non_null(f);
        assert_int_equal(f->part, part);
        assert_int_equal(find_type(&r->out, EFF_CHIME)->chime, CHIME_SWITCH);
        assert_non_null(find_event(&r->out, "role-switch"));
        assert_int_equal(engine_part(r->e), part);
        assert_int_equal(r->out.deadline_ms, switch_at + 4000);
    }
    tick_at(r, 100 + 12000);
    assert_int_equal(find_type(&r->out, EFF_CHIME)->chime, CHIME_END);
    assert_non_null(find_event(&r->out, "time-up"));
    assert_null(find_event(&r->out, "role-switch"));
    assert_int_equal(engine_part(r->e), 2);
    assert_true(engine_time_up(r->e));
}

/* A tick long after several roles ran out fires each of them, in order, at its own time. */
static void test_interview_late_tick_fires_every_role(void **state)
{
    rig *r = *state;
    make(r, 1);
    step *st = fx_step(r->s, 0, STEP_INTERVIEW, 1000);
    st->group_size = 3;
    start(r);
    tick_at(r, 10000);
    const effect *f = r->out.effects;
    assert_int_equal(r->out.n_effects, 8);
    /* role 2 at 1000 */
    assert_int_equal(f[0].type, EFF_STEP_ENTER);
    assert_int_equal(f[0].part, 1);
    assert_int_equal(f[0].at_ms, 1000);
    assert_int_equal(f[1].type, EFF_CHIME);
    assert_int_equal(f[1].chime, CHIME_SWITCH);
    assert_int_equal(f[1].at_ms, 1000);
    assert_string_equal(f[2].name, "role-switch");
    /* role 3 at 2000 */
    assert_int_equal(f[3].type, EFF_STEP_ENTER);
    assert_int_equal(f[3].part, 2);
    assert_int_equal(f[3].at_ms, 2000);
    assert_int_equal(f[4].chime, CHIME_SWITCH);
    assert_string_equal(f[5].name, "role-switch");
    assert_int_equal(f[5].at_ms, 2000);
    /* the end at 3000 */
    assert_int_equal(f[6].type, EFF_CHIME);
    assert_int_equal(f[6].chime, CHIME_END);
    assert_int_equal(f[6].at_ms, 3000);
    assert_string_equal(f[7].name, "time-up");
    assert_int_equal(f[7].at_ms, 3000);
    assert_int_equal(engine_part(r->e), 2);
    assert_true(engine_time_up(r->e));
}

/* next in an interview goes to the next role with CHIME_SWITCH and a fresh countdown; back returns. */
static void test_interview_next_and_back_switch_roles(void **state)
{
    rig *r = *state;
    make(r, 2);
    fx_step(r->s, 0, STEP_INTERVIEW, 60000);
    fx_step(r->s, 1, STEP_HARVEST, 0);
    start(r);
    at(r, 20000);
    cmd(r, EV_NEXT);
    assert_int_equal(find_type(&r->out, EFF_STEP_ENTER)->part, 1);
    assert_int_equal(find_type(&r->out, EFF_CHIME)->chime, CHIME_SWITCH);
    assert_event(&r->out, "next", "step 1");
    assert_int_equal(engine_part(r->e), 1);
    assert_int_equal(r->out.deadline_ms, 80000); /* a new role: a new countdown from now */

    at(r, 30000);
    cmd(r, EV_BACK);
    assert_int_equal(find_type(&r->out, EFF_STEP_ENTER)->part, 0);
    assert_event(&r->out, "back", "step 1");
    assert_int_equal(engine_part(r->e), 0);
    assert_int_equal(r->out.deadline_ms, 90000);

    cmd(r, EV_NEXT);
    cmd(r, EV_NEXT); /* past the last role: the next step */
    assert_int_equal(engine_step(r->e), 1);
    assert_null(find_type(&r->out, EFF_CHIME));
    assert_int_equal(r->out.deadline_ms, -1);
}

/* A vote: leds for its options, presses counted per option, time up closes it ("closed", "time up"). */
static void test_vote_counts_then_closes_by_time(void **state)
{
    rig *r = *state;
    one_vote(r, 4, 60000);
    start(r);
    assert_non_null(engine_question(r->e));
    assert_string_equal(engine_question(r->e)->id, "v");
    assert_int_equal(r->out.leds, 0x0F);
    assert_int_equal(r->out.deadline_ms, 60000);

    at(r, 1000);
    press(r, 2);
    const input_record *in = the_input(&r->out);
    assert_true(in->counted);
    assert_string_equal(in->reason, "counted");
    assert_int_equal(in->source, SRC_BUTTON);
    assert_int_equal(in->button, 2);
    assert_int_equal(in->option, 2);
    assert_int_equal(in->value, 0);
    assert_int_equal(in->step, 0);
    assert_int_equal(in->part, 0);
    assert_string_equal(in->question_id, "v");
    assert_int_equal(in->mono_ms, 1000);
    assert_int_equal(engine_count(r->e, 0, 0, 2), 1);
    assert_int_equal(engine_count(r->e, 0, 0, 1), 0);
    assert_int_equal(engine_count(r->e, 0, 0, 0), 1);

    tick_at(r, 60000);
    assert_int_equal(find_type(&r->out, EFF_CHIME)->chime, CHIME_END);
    assert_non_null(find_event(&r->out, "time-up"));
    assert_event(&r->out, "closed", "time up");
    assert_true(engine_closed(r->e));
    assert_int_equal(r->out.leds, 0);

    at(r, 70000);
    assert_press(r, 1, false, "closed");
    assert_int_equal(the_input(&r->out)->option, 1);
    assert_int_equal(engine_count(r->e, 0, 0, 0), 1);
}

/* A press after the deadline but before any tick: the timer fires first (at its own time). */
static void test_late_press_fires_deadline_first(void **state)
{
    rig *r = *state;
    one_vote(r, 3, 5000);
    start(r);
    at(r, 5200);
    press(r, 1);
    assert_int_equal(r->out.effects[0].type, EFF_CHIME);
    assert_int_equal(r->out.effects[0].at_ms, 5000);
    assert_reason(&r->out, false, "closed");
    const effect *in = find_type(&r->out, EFF_INPUT);
    assert_int_equal(in->at_ms, 5200);
    assert_true(in > find_event(&r->out, "closed"));
}

/* A rating: option = value, scale sets the leds, one counted rating makes a turn whatever
 * votes_per_person says. */
static void test_rating(void **state)
{
    rig *r = *state;
    make(r, 1);
    step *st = fx_step(r->s, 0, STEP_RATING, 0);
    fx_rating(st, "r", 5);
    st->rule.votes_per_person = 3;
    start(r);
    assert_int_equal(r->out.leds, 0x1F);
    at(r, 100);
    press(r, 4);
    const input_record *in = the_input(&r->out);
    assert_true(in->counted);
    assert_int_equal(in->option, 4);
    assert_int_equal(in->value, 4);
    assert_string_equal(in->question_id, "r");
    assert_true(engine_between_turns(r->e, 101)); /* one rating is a whole turn */
    assert_int_equal(r->out.leds, 0);
    at(r, 100 + 1500);
    assert_press(r, 6, false, "no-option");
    assert_int_equal(the_input(&r->out)->value, 0);
    assert_press(r, 5, true, "counted");
    assert_int_equal(engine_count(r->e, 0, 0, 4), 1);
    assert_int_equal(engine_count(r->e, 0, 0, 5), 1);
    assert_int_equal(engine_count(r->e, 0, 0, 0), 2);
    text(r, "5");
    assert_reason(&r->out, false, "wrong-kind");
}

/* An open question takes text; presses on it are the wrong kind. */
static void test_open_question(void **state)
{
    rig *r = *state;
    make(r, 1);
    step *st = fx_step(r->s, 0, STEP_OPEN, 0);
    fx_text(st, "o", 80);
    start(r);
    assert_int_equal(r->out.leds, 0);
    at(r, 10);
    text(r, "Meer koffie");
    const input_record *in = the_input(&r->out);
    assert_true(in->counted);
    assert_int_equal(in->source, SRC_TEXT);
    assert_string_equal(in->text, "Meer koffie");
    assert_string_equal(in->question_id, "o");
    assert_int_equal(engine_count(r->e, 0, 0, 0), 1);
    assert_press(r, 1, false, "wrong-kind");
    choose(r, 1);
    assert_reason(&r->out, false, "wrong-kind");
    assert_int_equal(engine_count(r->e, 0, 0, 0), 1);
}

/* Monitoring: three parts (text, rating, choice), next walks them, each answer lands in its
 * own question; the step timer is one for the whole step. */
static void test_monitoring_three_parts(void **state)
{
    rig *r = *state;
    make(r, 2);
    step *st = fx_step(r->s, 0, STEP_MONITORING, 120000);
    fx_text(st, monitoring_id(0), 100);
    fx_rating(st, monitoring_id(1), 5);
    fx_choice(st, monitoring_id(2), 3);
    fx_step(r->s, 1, STEP_RESULTS, 0);
    start(r);

    /* part 0: text */
    assert_string_equal(engine_question(r->e)->id, "mon-waarde");
    assert_int_equal(r->out.leds, 0);
    at(r, 1000);
    text(r, "De gesprekken");
    assert_reason(&r->out, true, "counted");
    assert_int_equal(the_input(&r->out)->part, 0);
    assert_string_equal(the_input(&r->out)->question_id, "mon-waarde");
    assert_press(r, 1, false, "wrong-kind");

    /* part 1: rating */
    at(r, 2000);
    cmd(r, EV_NEXT);
    assert_int_equal(find_type(&r->out, EFF_STEP_ENTER)->part, 1);
    assert_null(find_type(&r->out, EFF_CHIME));
    assert_null(find_event(&r->out, "closed")); /* next does not close monitoring */
    assert_int_equal(engine_part(r->e), 1);
    assert_int_equal(r->out.deadline_ms, 120000); /* one timer for the step */
    assert_int_equal(r->out.leds, 0x1F);
    press(r, 3);
    assert_reason(&r->out, true, "counted");
    assert_int_equal(the_input(&r->out)->value, 3);
    assert_int_equal(the_input(&r->out)->part, 1);
    assert_string_equal(the_input(&r->out)->question_id, "mon-meer-van");
    text(r, "x");
    assert_reason(&r->out, false, "wrong-kind");

    /* part 2: choice */
    at(r, 3000);
    cmd(r, EV_NEXT);
    assert_int_equal(engine_part(r->e), 2);
    assert_int_equal(r->out.leds, 0x07);
    assert_press(r, 2, true, "counted");
    assert_string_equal(the_input(&r->out)->question_id, "mon-morgen");
    assert_press(r, 4, false, "no-option"); /* the turn gap comes after no-option in order */

    assert_int_equal(engine_count(r->e, 0, 0, 0), 1);
    assert_int_equal(engine_count(r->e, 0, 1, 3), 1);
    assert_int_equal(engine_count(r->e, 0, 1, 0), 1);
    assert_int_equal(engine_count(r->e, 0, 2, 2), 1);
    assert_int_equal(engine_count(r->e, 0, 2, 0), 1);

    cmd(r, EV_NEXT);
    assert_int_equal(engine_step(r->e), 1);
    assert_int_equal(engine_part(r->e), 0);
}

/* Monitoring with minutes: time up closes every part of the step. */
static void test_monitoring_time_up_closes(void **state)
{
    rig *r = *state;
    make(r, 1);
    step *st = fx_step(r->s, 0, STEP_MONITORING, 10000);
    fx_text(st, monitoring_id(0), 100);
    fx_rating(st, monitoring_id(1), 5);
    fx_choice(st, monitoring_id(2), 3);
    start(r);
    tick_at(r, 10000);
    assert_event(&r->out, "closed", "time up");
    text(r, "te laat");
    assert_reason(&r->out, false, "closed");
    cmd(r, EV_NEXT);
    assert_press(r, 1, false, "closed");
    assert_int_equal(r->out.leds, 0);
}

/* Results shows, it asks nothing. */
static void test_results_has_no_question(void **state)
{
    rig *r = *state;
    make(r, 2);
    fx_choice(fx_step(r->s, 0, STEP_VOTE, 0), "v", 2);
    step *res = fx_step(r->s, 1, STEP_RESULTS, 0);
    res->show[0] = "v";
    res->n_show = 1;
    start(r);
    cmd(r, EV_NEXT); /* closes the vote */
    cmd(r, EV_NEXT);
    assert_int_equal(engine_step(r->e), 1);
    assert_null(engine_question(r->e));
    assert_int_equal(r->out.leds, 0);
    assert_press(r, 1, false, "no-question");
    choose(r, 1);
    assert_reason(&r->out, false, "no-question");
    text(r, "x");
    assert_reason(&r->out, false, "no-question");
    assert_true(engine_tally_visible(r->e, 0));
}

/* --- timers ------------------------------------------------------------------------------------ */

/* deadline_ms is entry + minutes; remaining counts down to 0 and never below. */
static void test_deadline_and_remaining(void **state)
{
    rig *r = *state;
    make(r, 2);
    fx_step(r->s, 0, STEP_WELCOME, 0);
    fx_step(r->s, 1, STEP_THEME, 300000);
    start(r);
    at(r, 7000);
    cmd(r, EV_NEXT);
    assert_int_equal(r->out.deadline_ms, 307000);
    assert_int_equal(engine_remaining_ms(r->e, 7000), 300000);
    assert_int_equal(engine_remaining_ms(r->e, 107000), 200000);
    assert_int_equal(engine_remaining_ms(r->e, 307000), 0);
    assert_int_equal(engine_remaining_ms(r->e, 400000), 0);
    tick_at(r, 100000);
    assert_int_equal(r->out.n_effects, 0);
    assert_int_equal(r->out.deadline_ms, 307000);
}

/* pause keeps exactly the remaining time however long the pause; resume continues from it. */
static void test_pause_resume_keeps_remaining(void **state)
{
    rig *r = *state;
    make(r, 1);
    fx_step(r->s, 0, STEP_DREAM, 60000);
    start(r);
    at(r, 10000);
    cmd(r, EV_PAUSE);
    assert_event(&r->out, "pause", "step 1");
    assert_true(engine_paused(r->e));
    assert_int_equal(r->out.deadline_ms, -1);
    assert_int_equal(engine_remaining_ms(r->e, 10000), 50000);
    assert_int_equal(engine_remaining_ms(r->e, 99999), 50000);
    tick_at(r, 60000); /* the old deadline passes: nothing fires */
    assert_int_equal(r->out.n_effects, 0);
    assert_false(engine_time_up(r->e));

    cmd(r, EV_PAUSE); /* already paused */
    assert_event(&r->out, "pause", "no effect at step 1");

    at(r, 100000);
    cmd(r, EV_RESUME);
    assert_event(&r->out, "resume", "step 1");
    assert_false(engine_paused(r->e));
    assert_int_equal(r->out.deadline_ms, 150000);
    assert_int_equal(engine_remaining_ms(r->e, 100000), 50000);
    tick_at(r, 149999);
    assert_int_equal(r->out.n_effects, 0);
    tick_at(r, 150000);
    assert_non_null(find_event(&r->out, "time-up"));

    cmd(r, EV_RESUME); /* not paused */
    assert_event(&r->out, "resume", "no effect at step 1");
}

/* extend while running adds exactly one minute to the deadline. */
static void test_extend_running(void **state)
{
    rig *r = *state;
    make(r, 1);
    fx_step(r->s, 0, STEP_DESIGN, 30000);
    start(r);
    at(r, 5000);
    cmd(r, EV_EXTEND);
    assert_event(&r->out, "extend", "step 1");
    assert_int_equal(r->out.deadline_ms, 90000);
    assert_int_equal(engine_remaining_ms(r->e, 5000), 85000);
    tick_at(r, 89999);
    assert_int_equal(r->out.n_effects, 0);
    tick_at(r, 90000);
    assert_non_null(find_event(&r->out, "time-up"));
}

/* extend while paused adds the minute to the remaining time, which resume then uses. */
static void test_extend_paused(void **state)
{
    rig *r = *state;
    make(r, 1);
    fx_step(r->s, 0, STEP_DESTINY, 30000);
    start(r);
    at(r, 20000);
    cmd(r, EV_PAUSE);
    cmd(r, EV_EXTEND);
    assert_event(&r->out, "extend", "step 1");
    assert_true(engine_paused(r->e));
    assert_int_equal(engine_remaining_ms(r->e, 20000), 70000);
    assert_int_equal(r->out.deadline_ms, -1);
    at(r, 50000);
    cmd(r, EV_RESUME);
    assert_int_equal(r->out.deadline_ms, 120000);
}

/* extend after the time was up: a new one-minute countdown that reopens the vote the timer
 * closed ("reopened"), so presses count again until it runs out again. */
static void test_extend_after_time_up_reopens_vote(void **state)
{
    rig *r = *state;
    one_vote(r, 3, 10000);
    start(r);
    tick_at(r, 10000);
    assert_true(engine_closed(r->e));
    assert_int_equal(engine_remaining_ms(r->e, 10000), 0);

    at(r, 15000);
    cmd(r, EV_EXTEND);
    assert_non_null(find_event(&r->out, "reopened"));
    assert_event(&r->out, "extend", "step 1");
    assert_false(engine_closed(r->e));
    assert_false(engine_time_up(r->e));
    assert_int_equal(r->out.deadline_ms, 75000);
    assert_int_equal(r->out.leds, 0x07);
    assert_int_equal(engine_remaining_ms(r->e, 15000), 60000);
    assert_false(engine_tally_visible(r->e, 0));

    at(r, 16000);
    assert_press(r, 3, true, "counted");
    tick_at(r, 75000);
    assert_event(&r->out, "closed", "time up");
    assert_true(engine_closed(r->e));
}

/* extend after the time was up on a step without a question: a new minute, nothing to reopen. */
static void test_extend_after_time_up_plain_step(void **state)
{
    rig *r = *state;
    make(r, 1);
    fx_step(r->s, 0, STEP_HARVEST, 1000);
    start(r);
    tick_at(r, 1000);
    assert_true(engine_time_up(r->e));
    at(r, 2000);
    cmd(r, EV_EXTEND);
    assert_null(find_event(&r->out, "reopened"));
    assert_event(&r->out, "extend", "step 1");
    assert_false(engine_time_up(r->e));
    assert_int_equal(r->out.deadline_ms, 62000);
}

/* The facilitator closed the vote with next; the timer ran out later. extend then gives a
 * minute but must not reopen what the facilitator (not the timer) closed. */
static void test_extend_does_not_reopen_vote_closed_by_next(void **state)
{
    rig *r = *state;
    one_vote(r, 3, 10000);
    start(r);
    at(r, 4000);
    cmd(r, EV_NEXT);
    assert_event(&r->out, "closed", "next");
    tick_at(r, 10000);
    assert_non_null(find_event(&r->out, "time-up"));
    assert_null(find_event(&r->out, "closed")); /* already closed */
    at(r, 12000);
    cmd(r, EV_EXTEND);
    assert_null(find_event(&r->out, "reopened"));
    assert_true(engine_closed(r->e));
    assert_int_equal(r->out.leds, 0);
    assert_press(r, 1, false, "closed");
}

/* pause, resume and extend on a step without minutes do nothing and say so; end does not. */
static void test_commands_without_timer_no_effect(void **state)
{
    rig *r = *state;
    make(r, 1);
    fx_step(r->s, 0, STEP_THEME, 0);
    start(r);
    at(r, 500);
    cmd(r, EV_PAUSE);
    assert_event(&r->out, "pause", "no effect at step 1");
    assert_false(engine_paused(r->e));
    assert_int_equal(r->out.deadline_ms, -1);
    cmd(r, EV_EXTEND);
    assert_event(&r->out, "extend", "no effect at step 1");
    assert_int_equal(r->out.deadline_ms, -1);
    assert_int_equal(engine_remaining_ms(r->e, 500), -1);
    cmd(r, EV_RESUME);
    assert_event(&r->out, "resume", "no effect at step 1");
    assert_int_equal(r->out.n_effects, 1);
    cmd(r, EV_END); /* end does something even with no timer to stop */
    assert_event(&r->out, "end", "step 1");
    assert_true(engine_finished(r->e));
}

/* The same commands given as keys: still "no effect" (the key's own input record is
 * not a change of the room). */
static void test_command_keys_without_timer_no_effect(void **state)
{
    rig *r = *state;
    make(r, 1);
    fx_step(r->s, 0, STEP_THEME, 0);
    start(r);
    at(r, 500);
    key(r, "space");
    assert_reason(&r->out, false, "command");
    assert_false(engine_paused(r->e));
    assert_event(&r->out, "pause", "no effect at step 1");
    key(r, "e");
    assert_event(&r->out, "extend", "no effect at step 1");
    key(r, "b"); /* back at step 1 */
    assert_event(&r->out, "back", "no effect at step 1");
}

/* A pause that finds the time already up (the deadline fired in the same call) did nothing:
 * its detail must say so even though the timer's effects redrew the screen. */
static void test_pause_after_late_deadline_no_effect(void **state)
{
    rig *r = *state;
    make(r, 1);
    fx_step(r->s, 0, STEP_THEME, 1000);
    start(r);
    at(r, 1500);
    cmd(r, EV_PAUSE);
    assert_non_null(find_event(&r->out, "time-up"));
    assert_false(engine_paused(r->e));
    assert_event(&r->out, "pause", "no effect at step 1");
}

/* --- navigation -------------------------------------------------------------------------------- */

/* back at step 1 does nothing; next/back move one step; next after the last step ends the
 * session; after the end inputs are logged but not counted ("ended"). */
static void test_next_back_end_of_script(void **state)
{
    rig *r = *state;
    make(r, 3);
    fx_step(r->s, 0, STEP_WELCOME, 0);
    fx_step(r->s, 1, STEP_THEME, 0);
    fx_choice(fx_step(r->s, 2, STEP_VOTE, 60000), "v", 2);
    start(r);

    cmd(r, EV_BACK);
    assert_null(find_type(&r->out, EFF_STEP_ENTER));
    assert_event(&r->out, "back", "no effect at step 1");
    assert_int_equal(engine_step(r->e), 0);

    cmd(r, EV_NEXT);
    assert_int_equal(find_type(&r->out, EFF_STEP_ENTER)->step, 1);
    assert_event(&r->out, "next", "step 2");
    cmd(r, EV_BACK);
    assert_int_equal(find_type(&r->out, EFF_STEP_ENTER)->step, 0);
    assert_event(&r->out, "back", "step 1");
    cmd(r, EV_NEXT);
    at(r, 1000);
    cmd(r, EV_NEXT);
    assert_int_equal(engine_step(r->e), 2);
    assert_int_equal(r->out.deadline_ms, 61000);
    cmd(r, EV_NEXT); /* closes the vote */
    assert_int_equal(engine_step(r->e), 2);
    assert_false(engine_finished(r->e));
    cmd(r, EV_NEXT); /* past the last step */
    assert_non_null(find_type(&r->out, EFF_SESSION_END));
    assert_event(&r->out, "next", "step 3");
    assert_true(engine_finished(r->e));
    assert_int_equal(r->out.deadline_ms, -1);
    assert_int_equal(r->out.leds, 0);
    assert_int_equal(engine_remaining_ms(r->e, 1000), -1);

    at(r, 5000);
    assert_press(r, 1, false, "ended");
    assert_null(the_input(&r->out)->question_id);
    choose(r, 2);
    assert_reason(&r->out, false, "ended");
    text(r, "late");
    assert_reason(&r->out, false, "ended");
    key(r, "1");
    assert_reason(&r->out, false, "ended");
    assert_int_equal(engine_count(r->e, 2, 0, 0), 0);

    cmd(r, EV_NEXT);
    assert_null(find_type(&r->out, EFF_SESSION_END));
    assert_event(&r->out, "next", "no effect at step 3");
    tick_at(r, 1000000);
    assert_int_equal(r->out.n_effects, 0);
}

/* next on an open vote (or rating) first closes it and stays, showing the tally; the next
 * next moves on. */
static void test_next_closes_open_vote_first(void **state)
{
    rig *r = *state;
    make(r, 3);
    fx_choice(fx_step(r->s, 0, STEP_VOTE, 0), "v", 2);
    fx_rating(fx_step(r->s, 1, STEP_RATING, 0), "r", 4);
    fx_step(r->s, 2, STEP_RESULTS, 0);
    start(r);
    assert_false(engine_tally_visible(r->e, 0));
    cmd(r, EV_NEXT);
    assert_event(&r->out, "closed", "next");
    assert_event(&r->out, "next", "step 1"); /* closing is an effect, though the room stays */
    assert_null(find_type(&r->out, EFF_STEP_ENTER));
    assert_int_equal(engine_step(r->e), 0);
    assert_true(engine_closed(r->e));
    assert_true(engine_tally_visible(r->e, 0));
    assert_int_equal(r->out.leds, 0);
    assert_press(r, 1, false, "closed");
    cmd(r, EV_NEXT);
    assert_int_equal(engine_step(r->e), 1);
    assert_null(find_event(&r->out, "closed"));

    cmd(r, EV_NEXT); /* the rating likewise */
    assert_event(&r->out, "closed", "next");
    assert_int_equal(engine_step(r->e), 1);
    cmd(r, EV_NEXT);
    assert_int_equal(engine_step(r->e), 2);
}

/* end stops the session at once, timer and all. */
static void test_end_at_once(void **state)
{
    rig *r = *state;
    make(r, 2);
    fx_choice(fx_step(r->s, 0, STEP_VOTE, 60000), "v", 2);
    fx_step(r->s, 1, STEP_RESULTS, 0);
    start(r);
    at(r, 100);
    cmd(r, EV_END);
    assert_non_null(find_type(&r->out, EFF_SESSION_END));
    assert_event(&r->out, "end", "step 1");
    assert_true(engine_finished(r->e));
    assert_int_equal(r->out.deadline_ms, -1);
    assert_int_equal(r->out.leds, 0);
    tick_at(r, 60000);
    assert_null(find_event(&r->out, "time-up"));
    at(r, 60001);
    assert_press(r, 1, false, "ended");
    cmd(r, EV_END);
    assert_null(find_type(&r->out, EFF_SESSION_END));
    assert_event(&r->out, "end", "no effect at step 1");
    /* The end is final: back does not reopen a session the log has closed. */
    cmd(r, EV_BACK);
    assert_true(engine_finished(r->e));
    assert_null(find_type(&r->out, EFF_STEP_ENTER));
    assert_event(&r->out, "back", "no effect at step 1");
}

/* --- the counting table ------------------------------------------------------------------------ */

/* no-option: a button beyond the options, option 0, or a touch beyond 12. */
static void test_reason_no_option(void **state)
{
    rig *r = *state;
    one_vote(r, 4, 0);
    start(r);
    assert_press(r, 5, false, "no-option");
    assert_int_equal(the_input(&r->out)->option, 0);
    assert_press(r, 0, false, "no-option");
    assert_press(r, -1, false, "no-option");
    choose(r, 13);
    assert_reason(&r->out, false, "no-option");
    choose(r, 100);
    assert_reason(&r->out, false, "no-option");
    assert_press(r, 4, true, "counted");
}

/* The order of the table: ended > no-question > wrong-kind > no-option > closed > lockout >
 * turn-gap > same-option; each pair is checked with an input that breaks both rules. */
static void test_reason_order(void **state)
{
    rig *r = *state;
    make(r, 3);
    fx_text(fx_step(r->s, 0, STEP_OPEN, 0), "o", 10);
    step *v = fx_step(r->s, 1, STEP_VOTE, 0);
    fx_choice(v, "v", 3);
    v->rule.votes_per_person = 2;
    fx_step(r->s, 2, STEP_WELCOME, 0);
    start(r);
    /* wrong-kind before no-option: button 6 and touch 12 on a text question */
    assert_press(r, 6, false, "wrong-kind");
    choose(r, 12);
    assert_reason(&r->out, false, "wrong-kind");

    cmd(r, EV_NEXT);
    assert_int_equal(engine_step(r->e), 1);
    /* lockout before same-option: option 1 again 999 ms later in the same turn */
    at(r, 1000);
    assert_press(r, 1, true, "counted");
    assert_int_equal(engine_turn_used(r->e), 1);
    at(r, 1999);
    assert_press(r, 1, false, "lockout");
    at(r, 2000);
    assert_press(r, 1, false, "same-option");
    assert_press(r, 2, true, "counted"); /* turn complete: the gap runs to 3500 */
    assert_int_equal(engine_turn_used(r->e), 0);
    /* lockout before turn-gap: option 2 again at 2500 (gap and lockout both apply) */
    at(r, 2500);
    assert_press(r, 2, false, "lockout");
    assert_press(r, 3, false, "turn-gap");
    /* no-option before closed, closed before lockout */
    cmd(r, EV_NEXT); /* closes */
    assert_press(r, 4, false, "no-option");
    assert_press(r, 2, false, "closed");
    /* no-question before wrong-kind (text on a welcome) */
    cmd(r, EV_NEXT);
    text(r, "x");
    assert_reason(&r->out, false, "no-question");
    /* ended before all */
    cmd(r, EV_END);
    assert_press(r, 1, false, "ended");
    assert_int_equal(engine_count(r->e, 1, 0, 0), 2);
}

/* Lockout boundary: the same option at lockout_ms-1 is locked out, at lockout_ms it counts. */
static void test_lockout_boundary(void **state)
{
    rig *r = *state;
    step *st = one_vote(r, 3, 0);
    st->rule.votes_per_person = 3;
    st->rule.stack = true;
    st->rule.lockout_ms = 800;
    start(r);
    at(r, 10000);
    assert_press(r, 1, true, "counted");
    at(r, 10799);
    assert_press(r, 1, false, "lockout");
    assert_int_equal(the_input(&r->out)->option, 1);
    at(r, 10800);
    assert_press(r, 1, true, "counted");
    assert_int_equal(engine_count(r->e, 0, 0, 1), 2);
}

/* Turn-gap boundary: after a complete turn, a press at turn_gap_ms-1 is in the gap, at
 * turn_gap_ms it counts for the next person. */
static void test_turn_gap_boundary(void **state)
{
    rig *r = *state;
    one_vote(r, 3, 0);
    start(r);
    at(r, 10000);
    assert_press(r, 1, true, "counted");
    assert_true(engine_between_turns(r->e, 10000));
    assert_true(engine_between_turns(r->e, 11499));
    assert_false(engine_between_turns(r->e, 11500));
    at(r, 11499);
    assert_press(r, 2, false, "turn-gap");
    at(r, 11500);
    assert_press(r, 2, true, "counted");
    assert_int_equal(engine_count(r->e, 0, 0, 0), 2);
}

/* votes_per_person 2 without stack: two different options make a turn; the same one twice does not. */
static void test_two_votes_without_stack(void **state)
{
    rig *r = *state;
    step *st = one_vote(r, 4, 0);
    st->rule.votes_per_person = 2;
    start(r);
    at(r, 1000);
    assert_press(r, 3, true, "counted");
    assert_false(engine_between_turns(r->e, 1000));
    at(r, 2000);
    assert_press(r, 3, false, "same-option");
    assert_int_equal(engine_turn_used(r->e), 1);
    assert_press(r, 4, true, "counted");
    assert_true(engine_between_turns(r->e, 2000));
    at(r, 3500);
    assert_press(r, 3, true, "counted"); /* a new person may vote 3 again */
    assert_int_equal(engine_count(r->e, 0, 0, 3), 2);
    assert_int_equal(engine_count(r->e, 0, 0, 4), 1);
}

/* votes_per_person 2 with stack: both votes on one option (after its lockout). */
static void test_two_votes_with_stack(void **state)
{
    rig *r = *state;
    step *st = one_vote(r, 4, 0);
    st->rule.votes_per_person = 2;
    st->rule.stack = true;
    start(r);
    at(r, 1000);
    assert_press(r, 2, true, "counted");
    at(r, 2000);
    assert_press(r, 2, true, "counted");
    assert_true(engine_between_turns(r->e, 2000));
    assert_int_equal(engine_count(r->e, 0, 0, 2), 2);
}

/* votes_per_person 3 without stack: three distinct options; a repeat is same-option. */
static void test_three_votes_without_stack(void **state)
{
    rig *r = *state;
    step *st = one_vote(r, 5, 0);
    st->rule.votes_per_person = 3;
    start(r);
    at(r, 100);
    assert_press(r, 1, true, "counted");
    assert_press(r, 2, true, "counted");
    assert_int_equal(engine_turn_used(r->e), 2);
    at(r, 1500);
    assert_press(r, 1, false, "same-option");
    assert_press(r, 2, false, "same-option");
    assert_press(r, 5, true, "counted");
    assert_int_equal(engine_turn_used(r->e), 0);
    assert_true(engine_between_turns(r->e, 1500));
    assert_int_equal(r->out.deadline_ms, 3000);
    assert_int_equal(engine_count(r->e, 0, 0, 0), 3);
}

/* votes_per_person 3 with stack: three votes on one option, spaced by the lockout. */
static void test_three_votes_with_stack(void **state)
{
    rig *r = *state;
    step *st = one_vote(r, 3, 0);
    st->rule.votes_per_person = 3;
    st->rule.stack = true;
    start(r);
    for (int i = 0; i < 3; i++) {
        at(r, 1000 + 1000 * i);
        assert_press(r, 3, true, "counted");
        assert_int_equal(engine_turn_used(r->e), (unsigned)(i + 1) % 3);
    }
    assert_true(engine_between_turns(r->e, 3000));
    assert_int_equal(engine_count(r->e, 0, 0, 3), 3);
}

/* Options 7–12 exist only on the screen: touch reaches them, the leds stop at 6. */
static void test_touch_options_beyond_buttons(void **state)
{
    rig *r = *state;
    step *st = one_vote(r, 12, 0);
    st->rule.votes_per_person = 2;
    start(r);
    assert_int_equal(r->out.leds, 0x3F);
    at(r, 100);
    choose(r, 12);
    const input_record *in = the_input(&r->out);
    assert_true(in->counted);
    assert_int_equal(in->source, SRC_TOUCH);
    assert_int_equal(in->button, 12);
    assert_int_equal(in->option, 12);
    choose(r, 7);
    assert_reason(&r->out, true, "counted");
    assert_int_equal(engine_count(r->e, 0, 0, 12), 1);
    assert_int_equal(engine_count(r->e, 0, 0, 7), 1);
    assert_int_equal(engine_count(r->e, 0, 0, 0), 2);
}

/* Buttons are 1–6 (script.h: "options 7–12 can be chosen by touch only"): a press event
 * for button 7 must not count for option 7. */
static void test_button_cannot_reach_touch_only_option(void **state)
{
    rig *r = *state;
    one_vote(r, 12, 0);
    start(r);
    at(r, 100);
    assert_press(r, 7, false, "no-option");
    assert_int_equal(engine_count(r->e, 0, 0, 7), 0);
}

/* --- leds and the turn gap --------------------------------------------------------------------- */

/* Leds: the options of an open question (at most 6), dark during the turn gap with the
 * deadline at its end, lit again by the tick then, dark when closed. */
/* A locked-out button goes dark until its lockout ends; the others stay lit, and the
 * deadline is the end of the lockout. */
static void test_leds_dark_during_lockout(void **state)
{
    rig *r = *state;
    make(r, 1);
    step *st = fx_step(r->s, 0, STEP_VOTE, 0);
    fx_choice(st, "v", 4);
    st->rule.votes_per_person = 3;
    st->rule.stack = true;
    st->rule.lockout_ms = 1000;
    start(r);
    assert_int_equal(r->out.leds, 0x0F);
    at(r, 5000);
    press(r, 2);
    assert_int_equal(r->out.leds, 0x0D); /* button 2 dark, 1, 3 and 4 lit */
    assert_int_equal(r->out.deadline_ms, 6000);
    tick_at(r, 5999);
    assert_int_equal(r->out.leds, 0x0D);
    tick_at(r, 6000);
    assert_int_equal(r->out.leds, 0x0F);
    assert_int_equal(r->out.deadline_ms, -1);
}

static void test_leds_and_turn_gap_deadline(void **state)
{
    rig *r = *state;
    make(r, 4);
    fx_choice(fx_step(r->s, 0, STEP_VOTE, 0), "v", 8);
    fx_rating(fx_step(r->s, 1, STEP_RATING, 60000), "r", 3);
    fx_text(fx_step(r->s, 2, STEP_OPEN, 0), "o", 10);
    fx_step(r->s, 3, STEP_WELCOME, 0);
    start(r);
    assert_int_equal(r->out.leds, 0x3F);
    assert_int_equal(r->out.deadline_ms, -1);
    at(r, 1000);
    press(r, 1);
    assert_int_equal(r->out.leds, 0);
    assert_int_equal(r->out.deadline_ms, 2500); /* the gap's end, although no timer */
    tick_at(r, 2499);
    assert_int_equal(r->out.leds, 0);
    assert_int_equal(r->out.deadline_ms, 2500);
    tick_at(r, 2500);
    assert_int_equal(r->out.leds, 0x3F);
    assert_true(r->out.redraw);
    assert_int_equal(r->out.deadline_ms, -1);
    cmd(r, EV_NEXT); /* closed */
    assert_int_equal(r->out.leds, 0);

    at(r, 10000);
    cmd(r, EV_NEXT); /* rating, 3 points, timer to 70000 */
    assert_int_equal(r->out.leds, 0x07);
    assert_int_equal(r->out.deadline_ms, 70000);
    at(r, 11000);
    press(r, 2);
    assert_int_equal(r->out.leds, 0);
    assert_int_equal(r->out.deadline_ms, 12500); /* the gap ends before the timer */
    tick_at(r, 12500);
    assert_int_equal(r->out.leds, 0x07);
    assert_int_equal(r->out.deadline_ms, 70000);
    at(r, 69000);
    press(r, 2);
    tick_at(r, 70000); /* the timer ends inside the gap: it comes first */
    assert_true(engine_closed(r->e));

    cmd(r, EV_NEXT);
    assert_int_equal(r->out.leds, 0); /* text */
    cmd(r, EV_NEXT);
    assert_int_equal(r->out.leds, 0); /* welcome */
}

/* A timer that ends before the gap does: deadline_ms is the timer's. */
static void test_deadline_is_earliest_of_gap_and_timer(void **state)
{
    rig *r = *state;
    one_vote(r, 2, 2000);
    start(r);
    at(r, 1000);
    press(r, 1);
    assert_int_equal(r->out.deadline_ms, 2000);
    tick_at(r, 2000);
    assert_true(engine_closed(r->e));
    assert_int_equal(r->out.leds, 0);
}

/* The tally is hidden while a vote is open, shown once closed (by next or time); live shows it. */
static void test_tally_visibility(void **state)
{
    rig *r = *state;
    make(r, 3);
    fx_choice(fx_step(r->s, 0, STEP_VOTE, 5000), "hidden", 2);
    step *live = fx_step(r->s, 1, STEP_VOTE, 0);
    fx_choice(live, "live", 2);
    live->rule.live = true;
    fx_step(r->s, 2, STEP_RESULTS, 0);
    start(r);
    assert_false(engine_tally_visible(r->e, 0));
    press(r, 1);
    assert_false(engine_tally_visible(r->e, 0));
    tick_at(r, 5000);
    assert_true(engine_tally_visible(r->e, 0));
    cmd(r, EV_NEXT);
    assert_true(engine_tally_visible(r->e, 1));
    assert_false(engine_closed(r->e));
    assert_false(engine_tally_visible(r->e, 99));
}

/* --- keys, release ----------------------------------------------------------------------------- */

/* Digit keys act as buttons; command keys drive the session; Esc asks to quit; others do nothing. */
static void test_keys(void **state)
{
    rig *r = *state;
    make(r, 4);
    fx_choice(fx_step(r->s, 0, STEP_VOTE, 60000), "v", 4);
    fx_step(r->s, 1, STEP_THEME, 0);
    fx_step(r->s, 2, STEP_WELCOME, 0);
    fx_step(r->s, 3, STEP_TEXT, 0);
    start(r);

    at(r, 100);
    key(r, "3");
    const input_record *in = the_input(&r->out);
    assert_int_equal(in->source, SRC_KEY);
    assert_string_equal(in->key, "3");
    assert_int_equal(in->button, 3);
    assert_int_equal(in->option, 3);
    assert_true(in->counted);
    assert_int_equal(engine_count(r->e, 0, 0, 3), 1);
    at(r, 2000);
    key(r, "5");
    assert_reason(&r->out, false, "no-option");
    key(r, "7");
    assert_reason(&r->out, false, "no-action");
    assert_int_equal(the_input(&r->out)->option, 0);
    key(r, "x");
    assert_reason(&r->out, false, "no-action");
    assert_int_equal(r->out.n_effects, 1);
    key(r, "");
    assert_reason(&r->out, false, "no-action");

    key(r, "space");
    assert_reason(&r->out, false, "command");
    assert_true(engine_paused(r->e));
    assert_event(&r->out, "pause", "step 1");
    at(r, 3000);
    key(r, "space");
    assert_false(engine_paused(r->e));
    assert_event(&r->out, "resume", "step 1");
    assert_int_equal(r->out.deadline_ms, 61000);
    key(r, "e");
    assert_event(&r->out, "extend", "step 1");
    assert_int_equal(r->out.deadline_ms, 121000);
    key(r, "+");
    assert_int_equal(r->out.deadline_ms, 181000);

    key(r, "escape");
    assert_reason(&r->out, false, "command");
    assert_non_null(find_type(&r->out, EFF_QUIT));
    assert_false(engine_finished(r->e));
    assert_int_equal(engine_step(r->e), 0);

    key(r, "n"); /* closes the vote */
    assert_event(&r->out, "closed", "next");
    static const char *const nexts[] = {"n", "right", "pagedown"};
    static const char *const backs[] = {"b", "left", "pageup"};
    for (size_t i = 0; i < 3; i++) {
        key(r, nexts[i]);
        assert_reason(&r->out, false, "command");
        assert_non_null(find_event(&r->out, "next"));
        assert_int_equal(engine_step(r->e), i + 1);
    }
    for (size_t i = 0; i < 3; i++) {
        key(r, backs[i]);
        assert_reason(&r->out, false, "command");
        assert_non_null(find_event(&r->out, "back"));
        assert_int_equal(engine_step(r->e), 2 - i);
    }
    assert_event(&r->out, "back", "step 1");
}

/* A release is an event "release" with "button N", never an input, and changes no count. */
static void test_release_is_an_event(void **state)
{
    rig *r = *state;
    one_vote(r, 4, 0);
    start(r);
    at(r, 10);
    press(r, 3);
    at(r, 80);
    release(r, 3);
    assert_int_equal(count_type(&r->out, EFF_INPUT), 0);
    assert_event(&r->out, "release", "button 3");
    assert_int_equal(find_event(&r->out, "release")->at_ms, 80);
    assert_int_equal(engine_count(r->e, 0, 0, 0), 1);
}

/* --- text -------------------------------------------------------------------------------------- */

/* Text rules: exactly max_length code points (also multibyte) counts; one more is too long;
 * empty and blank are empty; invalid UTF-8 (truncated, overlong, surrogate) is invalid-text. */
static void test_text_rules(void **state)
{
    rig *r = *state;
    make(r, 1);
    fx_text(fx_step(r->s, 0, STEP_OPEN, 0), "o", 3);
    start(r);
    static const struct {
        const char *t;
        bool counted;
        const char *reason;
    } cases[] = {
        {"abc", true, "counted"},
        {"abcd", false, "too-long"},
        {"\xc3\xa9\xc3\xa9\xc3\xa9", true, "counted"},           /* "ééé": 6 bytes, 3 code points */
        {"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", false, "too-long"}, /* "éééé" */
        {"\xe2\x82\xac\xf0\x9f\x8d\x8e!", true, "counted"},      /* "€🍎!" */
        {"", false, "empty"},
        {"   ", false, "empty"},
        {" \t ", false, "empty"},
        {"\xc3", false, "invalid-text"},         /* truncated */
        {"a\xc3(", false, "invalid-text"},       /* bad continuation */
        {"\xc0\xaf", false, "invalid-text"},     /* overlong "/" */
        {"\xed\xa0\x80", false, "invalid-text"}, /* surrogate */
        {"\xff", false, "invalid-text"},
        {" a ", true, "counted"},
    };
    unsigned counted = 0;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        at(r, (int64_t)i * 10);
        text(r, cases[i].t);
        const input_record *in = the_input(&r->out);
        if (strcmp(in->reason, cases[i].reason) != 0 || in->counted != cases[i].counted)
            fail_msg("case %zu: reason %s, expected %s", i, in->reason, cases[i].reason);
        assert_string_equal(in->text, cases[i].t);
        counted += cases[i].counted;
    }
    assert_int_equal(engine_count(r->e, 0, 0, 0), counted);
}

/* Text order: closed comes before invalid-text and empty; a NULL text is empty. */
static void test_text_closed_first(void **state)
{
    rig *r = *state;
    make(r, 1);
    fx_text(fx_step(r->s, 0, STEP_OPEN, 1000), "o", 3);
    start(r);
    text(r, NULL);
    assert_reason(&r->out, false, "empty");
    tick_at(r, 1000);
    assert_event(&r->out, "closed", "time up");
    text(r, "\xff");
    assert_reason(&r->out, false, "closed");
    text(r, "");
    assert_reason(&r->out, false, "closed");
    text(r, "ok");
    assert_reason(&r->out, false, "closed");
}

/* --- resumption -------------------------------------------------------------------------------- */

/* engine_restore puts the room at step/part without effects; engine_restore_answer rebuilds
 * the counts; counting then goes on from there. */
static void test_restore(void **state)
{
    rig *r = *state;
    make(r, 4);
    fx_step(r->s, 0, STEP_WELCOME, 0);
    fx_choice(fx_step(r->s, 1, STEP_VOTE, 0), "v", 4);
    step *mon = fx_step(r->s, 2, STEP_MONITORING, 90000);
    fx_text(mon, monitoring_id(0), 100);
    fx_rating(mon, monitoring_id(1), 5);
    fx_choice(mon, monitoring_id(2), 3);
    fx_step(r->s, 3, STEP_RESULTS, 0);
    start(r);

    r->now = 50000;
    engine_restore(r->e, 2, 1, false, r->now, &r->out);
    assert_int_equal(r->out.n_effects, 0);
    assert_int_equal(engine_step(r->e), 2);
    assert_int_equal(engine_part(r->e), 1);
    assert_false(engine_finished(r->e));
    assert_string_equal(engine_question(r->e)->id, "mon-meer-van");
    assert_int_equal(r->out.deadline_ms, 140000);
    assert_int_equal(r->out.leds, 0x1F);

    engine_restore_answer(r->e, 1, "v", 2, 0);
    engine_restore_answer(r->e, 1, "v", 2, 0);
    engine_restore_answer(r->e, 1, "v", 4, 0);
    engine_restore_answer(r->e, 2, "mon-waarde", 0, 0); /* a text answer */
    engine_restore_answer(r->e, 2, "mon-meer-van", 4, 4);
    engine_restore_answer(r->e, 2, "no-such-id", 1, 0); /* ignored */
    engine_restore_answer(r->e, 9, "v", 1, 0);          /* ignored */
    engine_restore_answer(r->e, 1, NULL, 1, 0);         /* ignored */
    assert_int_equal(engine_count(r->e, 1, 0, 2), 2);
    assert_int_equal(engine_count(r->e, 1, 0, 4), 1);
    assert_int_equal(engine_count(r->e, 1, 0, 0), 3);
    assert_int_equal(engine_count(r->e, 1, 0, 1), 0);
    assert_int_equal(engine_count(r->e, 2, 0, 0), 1);
    assert_int_equal(engine_count(r->e, 2, 1, 4), 1);
    assert_int_equal(engine_count(r->e, 2, 1, 0), 1);
    assert_int_equal(engine_count(r->e, 2, 2, 0), 0);
    assert_true(engine_tally_visible(r->e, 1)); /* a passed step */

    at(r, 51000);
    assert_press(r, 4, true, "counted");
    assert_int_equal(engine_count(r->e, 2, 1, 4), 2);
    assert_int_equal(engine_count(r->e, 2, 1, 0), 2);
    cmd(r, EV_NEXT);
    assert_int_equal(engine_part(r->e), 2);
}

/* Restore clamps what does not exist: a step past the end to the last, a part past the parts to 0. */
static void test_restore_clamps(void **state)
{
    rig *r = *state;
    make(r, 2);
    fx_step(r->s, 0, STEP_WELCOME, 0);
    fx_choice(fx_step(r->s, 1, STEP_VOTE, 0), "v", 2);
    start(r);
    engine_restore(r->e, 7, 5, false, 100, &r->out);
    assert_int_equal(engine_step(r->e), 1);
    assert_int_equal(engine_part(r->e), 0);
    assert_int_equal(r->out.n_effects, 0);
    assert_int_equal(engine_count(r->e, 1, 5, 0), 0);  /* question out of range */
    assert_int_equal(engine_count(r->e, 1, 0, 13), 0); /* option out of range */
    assert_int_equal(engine_count(r->e, 1, 0, -1), 0);
}

/* The names the log uses for sources. */
static void test_source_names(void **state)
{
    (void)state;
    assert_string_equal(input_source_name(SRC_BUTTON), "button");
    assert_string_equal(input_source_name(SRC_TOUCH), "touch");
    assert_string_equal(input_source_name(SRC_KEY), "key");
    assert_string_equal(input_source_name(SRC_TEXT), "text");
}

#define T(f) cmocka_unit_test_setup_teardown(f, rig_setup, rig_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_new_enters_first_step),
        T(test_new_rejects_empty_script),
        T(test_plain_steps_enter_and_time_out),
        T(test_interview_pairs_ten_minutes),
        T(test_interview_trios),
        T(test_interview_late_tick_fires_every_role),
        T(test_interview_next_and_back_switch_roles),
        T(test_vote_counts_then_closes_by_time),
        T(test_late_press_fires_deadline_first),
        T(test_rating),
        T(test_open_question),
        T(test_monitoring_three_parts),
        T(test_monitoring_time_up_closes),
        T(test_results_has_no_question),
        T(test_deadline_and_remaining),
        T(test_pause_resume_keeps_remaining),
        T(test_extend_running),
        T(test_extend_paused),
        T(test_extend_after_time_up_reopens_vote),
        T(test_extend_after_time_up_plain_step),
        T(test_extend_does_not_reopen_vote_closed_by_next),
        T(test_commands_without_timer_no_effect),
        T(test_command_keys_without_timer_no_effect),
        T(test_pause_after_late_deadline_no_effect),
        T(test_next_back_end_of_script),
        T(test_next_closes_open_vote_first),
        T(test_end_at_once),
        T(test_reason_no_option),
        T(test_reason_order),
        T(test_lockout_boundary),
        T(test_turn_gap_boundary),
        T(test_two_votes_without_stack),
        T(test_two_votes_with_stack),
        T(test_three_votes_without_stack),
        T(test_three_votes_with_stack),
        T(test_touch_options_beyond_buttons),
        T(test_button_cannot_reach_touch_only_option),
        T(test_leds_and_turn_gap_deadline),
        T(test_leds_dark_during_lockout),
        T(test_deadline_is_earliest_of_gap_and_timer),
        T(test_tally_visibility),
        T(test_keys),
        T(test_release_is_an_event),
        T(test_text_rules),
        T(test_text_closed_first),
        T(test_restore),
        T(test_restore_clamps),
        T(test_source_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
