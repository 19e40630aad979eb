/* menu.c — the facilitator menu's pages and rules (see menu.h). */
#include "menu.h"

#include <stdio.h> /* snprintf only */
#include <string.h>

void menu_init(menu_state *m, bool window)
{
    memset(m, 0, sizeof(*m));
    m->page = PAGE_CLOSED;
    m->window = window;
    m->corner_down_ms = -1;
    m->clock = (menu_clock){2026, 1, 1, 9, 0};
}

void menu_open(menu_state *m, int64_t now)
{
    (void)now;
    m->page = PAGE_PIN;
    m->pin[0] = '\0';
    m->pin_wrong = false;
}

void menu_close(menu_state *m)
{
    m->page = PAGE_CLOSED;
    m->pin[0] = '\0';
    m->pin_wrong = false;
}

bool menu_is_open(const menu_state *m)
{
    return m->page != PAGE_CLOSED;
}

menu_command menu_pin_key(menu_state *m, int digit, const char *pin, int64_t now)
{
    if (m->page != PAGE_PIN)
        return CMD_NONE;
    if (now < m->pin_locked_until)
        return CMD_NONE; /* too many wrong tries: the pad waits */
    if (digit < 0) {
        m->pin[0] = '\0';
        m->pin_wrong = false;
        return CMD_NONE;
    }
    size_t n = strlen(m->pin);
    if (digit > 9 || n >= MENU_PIN_MAX)
        return CMD_NONE;
    m->pin[n] = (char)('0' + digit);
    m->pin[n + 1] = '\0';
    m->pin_wrong = false;
    const char *want = pin && *pin ? pin : "0000";
    if (strlen(m->pin) < strlen(want))
        return CMD_NONE;
    if (strcmp(m->pin, want) == 0) {
        m->page = PAGE_MAIN;
        m->pin_failures = 0;
    } else {
        m->pin_wrong = true;
        if (++m->pin_failures >= MENU_PIN_TRIES) {
            m->pin_failures = 0;
            m->pin_locked_until = now + MENU_PIN_LOCK_MS;
        }
    }
    m->pin[0] = '\0';
    return CMD_NONE;
}

static menu_command clock_field(menu_clock *c, int field, int by)
{
    switch (field) {
    case 0: c->year = c->year + by < 2024 ? 2024 : c->year + by > 2099 ? 2099 : c->year + by; break;
    case 1: c->month = (c->month - 1 + by + 12) % 12 + 1; break;
    case 2: c->day = (c->day - 1 + by + 31) % 31 + 1; break;
    case 3: c->hour = (c->hour + by + 24) % 24; break;
    case 4: c->minute = (c->minute + by + 60) % 60; break;
    default: break;
    }
    int days = menu_days_in_month(c->year, c->month);
    if (c->day > days)
        c->day = by > 0 && field == 2 ? 1 : days;
    return CMD_NONE;
}

static menu_command clock_step(menu_state *m, int field, int by) { return clock_field(&m->clock, field, by); }

static long day_key(const menu_clock *c) { return (long)c->year * 10000 + c->month * 100 + c->day; }

/* The range's fields: 0-2 the first day's year, month, day; 3-5 the last day's. The
 * range never ends before it begins: moving one end past the other takes it along. */
static menu_command range_step(menu_state *m, int field, int by)
{
    menu_clock *c = field < 3 ? &m->range_from : &m->range_to;
    clock_field(c, field % 3, by);
    if (day_key(&m->range_from) > day_key(&m->range_to)) {
        if (field < 3)
            m->range_to = m->range_from;
        else
            m->range_from = m->range_to;
    }
    return CMD_NONE;
}

menu_command menu_tap(menu_state *m, int item)
{
    if (m->page == PAGE_CLOSED || m->page == PAGE_PIN)
        return item == MI_CLOSE ? (menu_close(m), CMD_NONE) : CMD_NONE;
    if (item >= MI_CLOCK_UP && item < MI_CLOCK_UP + 5 && m->page == PAGE_CLOCK)
        return clock_step(m, item - MI_CLOCK_UP, 1);
    if (item >= MI_CLOCK_DOWN && item < MI_CLOCK_DOWN + 5 && m->page == PAGE_CLOCK)
        return clock_step(m, item - MI_CLOCK_DOWN, -1);
    if (item >= MI_RANGE_UP && item < MI_RANGE_UP + 6 && m->page == PAGE_EXPORT_RANGE)
        return range_step(m, item - MI_RANGE_UP, 1);
    if (item >= MI_RANGE_DOWN && item < MI_RANGE_DOWN + 6 && m->page == PAGE_EXPORT_RANGE)
        return range_step(m, item - MI_RANGE_DOWN, -1);
    if (m->page == PAGE_EXPORT && (item == MI_EXPORT_SESSION || item == MI_EXPORT_ALL)) {
        if (item == MI_EXPORT_SESSION && !m->session_running)
            return CMD_NONE;
        m->export_what = item == MI_EXPORT_SESSION ? EXPORT_THIS_SESSION : EXPORT_EVERYTHING;
        m->page = PAGE_MAIN;
        return CMD_EXPORT;
    }
    if (m->page == PAGE_EXPORT && item == MI_EXPORT_RANGE) {
        m->range_from = m->range_to = m->clock; /* from today to today */
        m->page = PAGE_EXPORT_RANGE;
        return CMD_NONE;
    }
    if (item >= MI_SCRIPT && item < MI_SCRIPT + (int)m->n_scripts && m->page == PAGE_SCRIPTS) {
        m->chosen_script = (size_t)(item - MI_SCRIPT);
        menu_close(m);
        return CMD_START;
    }
    switch (item) {
    case MI_CLOSE: menu_close(m); return CMD_NONE;
    case MI_CANCEL: m->page = PAGE_MAIN; return CMD_NONE;
    case MI_NEXT: return m->session_running ? CMD_NEXT : CMD_NONE;
    case MI_BACK: return m->session_running ? CMD_BACK : CMD_NONE;
    case MI_PAUSE: return m->session_running ? CMD_PAUSE : CMD_NONE;
    case MI_EXTEND: return m->session_running ? CMD_EXTEND : CMD_NONE;
    case MI_END:
        if (!m->session_running)
            return CMD_NONE;
        menu_close(m);
        return CMD_END;
    case MI_RESULTS: m->page = PAGE_RESULTS; return CMD_RESULTS;
    case MI_EXPORT: m->page = PAGE_EXPORT; return CMD_NONE;
    case MI_CLOCK: m->page = PAGE_CLOCK; return CMD_NONE;
    case MI_LANGUAGE: return CMD_LANGUAGE;
    case MI_WIPE: m->page = PAGE_WIPE_1; return CMD_NONE;
    case MI_ABOUT: m->page = PAGE_ABOUT; return CMD_ABOUT;
    case MI_SCRIPTS: m->page = PAGE_SCRIPTS; return CMD_NONE;
    case MI_RESUME:
        if (!m->can_resume)
            return CMD_NONE;
        menu_close(m);
        return CMD_RESUME;
    case MI_SHUTDOWN: m->page = PAGE_SHUTDOWN; return CMD_NONE;
    case MI_QUIT: return m->window ? CMD_QUIT : CMD_NONE;
    case MI_CONFIRM:
        switch (m->page) {
        case PAGE_WIPE_1: m->page = PAGE_WIPE_2; return CMD_NONE;
        case PAGE_WIPE_2: m->page = PAGE_MAIN; return CMD_WIPE;
        case PAGE_CLOCK: m->page = PAGE_MAIN; return CMD_SET_CLOCK;
        case PAGE_EXPORT_RANGE:
            m->export_what = EXPORT_DATES;
            m->page = PAGE_MAIN;
            return CMD_EXPORT;
        case PAGE_SHUTDOWN: return CMD_SHUTDOWN;
        default: m->page = PAGE_MAIN; return CMD_NONE;
        }
    default: return CMD_NONE;
    }
}

void menu_message(menu_state *m, const char *text)
{
    snprintf(m->message, sizeof(m->message), "%s", text);
    m->page = PAGE_MESSAGE;
}

void menu_corner_down(menu_state *m, int64_t now)
{
    m->corner_down_ms = now;
}

void menu_corner_up(menu_state *m)
{
    m->corner_down_ms = -1;
}

bool menu_corner_check(menu_state *m, int64_t now)
{
    if (m->corner_down_ms < 0 || now - m->corner_down_ms < MENU_CORNER_HOLD_MS)
        return false;
    m->corner_down_ms = -1;
    return true;
}

int64_t menu_corner_deadline(const menu_state *m)
{
    return m->corner_down_ms < 0 ? -1 : m->corner_down_ms + MENU_CORNER_HOLD_MS;
}

int menu_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 31;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return days[month - 1] + (month == 2 && leap);
}
