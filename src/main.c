/* main.c — the command line: which mode to run, and the exit status. Only main
 * decides to stop. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/replay.h"
#include "app/shots.h"
#include "app/ui.h"
#include "app/wiring.h"
#include "config/config.h"
#include "content/content.h"
#include "export/export.h"
#include "i18n/i18n.h"
#include "store/store.h"

#ifndef OOGST_DATADIR
#define OOGST_DATADIR "/usr/local/share/oogst"
#endif
#ifndef OOGST_LOCALEDIR
#define OOGST_LOCALEDIR "/usr/local/share/locale"
#endif
#ifndef OOGST_STATEDIR
#define OOGST_STATEDIR "/var/lib/oogst"
#endif
#ifndef OOGST_CONFIG
#define OOGST_CONFIG CONFIG_PATH
#endif
#define OOGST_FONT      "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define OOGST_FONT_BOLD "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
#define OOGST_VERSION   "0.2"

static void usage(FILE *f)
{
    fputs("usage:\n"
          "  oogst [--config FILE] [--data-dir DIR] [--window] [--size WxH] [--rotate DEG]\n"
          "        [--gpio-trace FILE] [SCRIPT]\n"
          "        run a session on the screen (default: the session the config names)\n"
          "  oogst --check-config FILE\n"
          "        check a config file (" OOGST_CONFIG " by default); exit 0 only if it is valid\n"
          "  oogst --test-buttons [--config FILE]\n"
          "        wiring test: light each LED in turn, print every press and release\n"
          "  oogst --check [--size WxH] SCRIPT...\n"
          "        check session scripts (with --size: also that every text fits that screen);\n"
          "        exit 0 only if all are valid\n"
          "  oogst --replay EVENTS --script SCRIPT [--data-dir DIR] [--resume] [--wall-start SECONDS]\n"
          "        run a session from an events file, without a window (--wall-start: the\n"
          "        wall clock at time 0, for reproducible logs)\n"
          "  oogst --export DIR [--data-dir DIR] [--session ID | --all | --from DATE --to DATE]\n"
          "        write the export folder (workbook, CSV files, report, a copy of the log) into\n"
          "        DIR; all sessions by default; DATE as YYYY-MM-DD\n"
          "  oogst --screenshots DIR --script SCRIPT [--size WxH] [--rotate DEG]\n"
          "        draw every screen of SCRIPT into DIR as PNG files, without a display\n"
          "  oogst --help | --version\n"
          "The config is " OOGST_CONFIG " (see systemd/oogst.yaml); DIR defaults to " OOGST_STATEDIR ".\n"
          "OOGST_LOCALEDIR, OOGST_FONT and OOGST_FONT_BOLD override where catalogs and fonts are.\n",
          f);
}

typedef struct opts {
    const char *config, *data_dir, *script, *events, *export_dir, *shots_dir, *gpio_trace;
    export_opts export; /* --session, --all, --from/--to */
    const char *from, *to;
    const char *font, *font_bold, *locale_dir;
    bool window, resume, check, check_config, test_buttons;
    int width, height, rotate;
    long long wall_start;
    const char *files[64]; /* the arguments that are not options */
    int n_files;
} opts;

static int check_scripts(const opts *o)
{
    if (o->n_files == 0) {
        fprintf(stderr, "oogst: --check needs at least one script\n");
        return 2;
    }
    int bad = 0;
    for (int i = 0; i < o->n_files; i++) {
        const char *path = o->files[i];
        script *s = content_load(path, stderr);
        if (s && o->width > 0) {
            shots_opts so = {
                .width = o->width, .height = o->height, .font = o->font, .font_bold = o->font_bold};
            if (shots_check_fit(s, &so, stderr) != 0) {
                script_free(s);
                s = NULL;
            }
        }
        if (s)
            printf("%s: ok (%s v%u, %s, %zu step%s%s)\n", path, s->id, s->version, s->language, s->n_steps,
                   s->n_steps == 1 ? "" : "s", o->width > 0 ? ", fits" : "");
        else
            bad++;
        script_free(s);
    }
    return bad ? 1 : 0;
}

/* Midnight at the start of a YYYY-MM-DD in local time, in ms; -1 when not a date. */
static int64_t local_day_ms(const char *s)
{
    int y, m, d;
    char end;
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_isdst = -1};
    time_t t = mktime(&tm);
    return t == (time_t)-1 ? -1 : (int64_t)t * 1000;
}

static int export_to(const char *dir, const char *data_dir, const export_opts *eo)
{
    char msg[512], path[4096];
    store *st = store_open(data_dir, NULL, NULL, msg, sizeof(msg));
    if (!st) {
        fprintf(stderr, "oogst: %s\n", msg);
        return 2;
    }
    int rc = export_run(st, dir, eo, path, sizeof(path), msg, sizeof(msg));
    store_close(st);
    if (rc < 0) {
        fprintf(stderr, "oogst: %s\n", msg);
        return 1;
    }
    printf("%s\n", path);
    return 0;
}

/* Reads the options; returns -1 to go on, or an exit status. */
static int parse(int argc, char **argv, opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_value = i + 1 < argc;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--version")) {
            printf("oogst " OOGST_VERSION "\n");
            return 0;
        } else if (!strcmp(a, "--check")) {
            o->check = true;
        } else if (!strcmp(a, "--config") && has_value) {
            o->config = argv[++i];
        } else if (!strcmp(a, "--check-config")) {
            o->check_config = true;
            if (has_value && argv[i + 1][0] != '-')
                o->config = argv[++i];
        } else if (!strcmp(a, "--test-buttons")) {
            o->test_buttons = true;
        } else if (!strcmp(a, "--gpio-trace") && has_value) {
            o->gpio_trace = argv[++i];
        } else if (!strcmp(a, "--data-dir") && has_value) {
            o->data_dir = argv[++i];
        } else if (!strcmp(a, "--script") && has_value) {
            o->script = argv[++i];
        } else if (!strcmp(a, "--replay") && has_value) {
            o->events = argv[++i];
        } else if (!strcmp(a, "--export") && has_value) {
            o->export_dir = argv[++i];
        } else if (!strcmp(a, "--session") && has_value) {
            char *end;
            o->export.what = EXPORT_SESSION;
            o->export.session_id = strtoll(argv[++i], &end, 10);
            if (*end || o->export.session_id <= 0) {
                fprintf(stderr, "oogst: --session wants a session number\n");
                return 2;
            }
        } else if (!strcmp(a, "--all")) {
            o->export.what = EXPORT_ALL;
        } else if (!strcmp(a, "--from") && has_value) {
            o->from = argv[++i];
        } else if (!strcmp(a, "--to") && has_value) {
            o->to = argv[++i];
        } else if (!strcmp(a, "--screenshots") && has_value) {
            o->shots_dir = argv[++i];
        } else if (!strcmp(a, "--font") && has_value) {
            o->font = argv[++i];
        } else if (!strcmp(a, "--size") && has_value) {
            if (sscanf(argv[++i], "%dx%d", &o->width, &o->height) != 2 || o->width < 320 || o->height < 240 ||
                o->width > 7680 || o->height > 7680) {
                fprintf(stderr, "oogst: --size wants WIDTHxHEIGHT, from 320x240 to 7680x7680\n");
                return 2;
            }
        } else if (!strcmp(a, "--rotate") && has_value) {
            char *end;
            long deg = strtol(argv[++i], &end, 10);
            if (*end || (deg != 0 && deg != 90 && deg != 180 && deg != 270)) {
                fprintf(stderr, "oogst: --rotate wants 0, 90, 180 or 270\n");
                return 2;
            }
            o->rotate = (int)deg;
        } else if (!strcmp(a, "--wall-start") && has_value) {
            char *end;
            o->wall_start = strtoll(argv[++i], &end, 10);
            if (*end || o->wall_start < 0 || o->wall_start > 100000000000LL) {
                fprintf(stderr, "oogst: --wall-start wants seconds since 1970\n");
                return 2;
            }
            o->wall_start *= 1000;
        } else if (!strcmp(a, "--window")) {
            o->window = true;
        } else if (!strcmp(a, "--resume")) {
            o->resume = true;
        } else if (a[0] != '-' && o->n_files < (int)(sizeof(o->files) / sizeof(o->files[0]))) {
            o->files[o->n_files++] = a;
        } else {
            fprintf(stderr, "oogst: unknown or incomplete option '%s'\n", a);
            usage(stderr);
            return 2;
        }
    }
    return -1;
}

int main(int argc, char **argv)
{
    opts o = {.data_dir = OOGST_STATEDIR, .wall_start = -1, .rotate = -1};
    o.font = getenv("OOGST_FONT") ? getenv("OOGST_FONT") : OOGST_FONT;
    o.font_bold = getenv("OOGST_FONT_BOLD") ? getenv("OOGST_FONT_BOLD") : OOGST_FONT_BOLD;
    o.locale_dir = getenv("OOGST_LOCALEDIR") ? getenv("OOGST_LOCALEDIR") : OOGST_LOCALEDIR;
    int rc = parse(argc, argv, &o);
    if (rc >= 0)
        return rc;
    if (!o.check && !o.script && o.n_files > 0)
        o.script = o.files[0];
    if (!o.check && o.n_files > 1) {
        fprintf(stderr, "oogst: one script at a time, not '%s'\n", o.files[1]);
        return 2;
    }
    /* The catalogs only matter where screens are drawn; a missing one is said in the UI. */
    bool screen = !(o.check || o.shots_dir || o.events || o.export_dir || o.check_config || o.test_buttons);
    i18n_init(o.locale_dir, screen ? stderr : NULL);
    if (o.check)
        return check_scripts(&o);
    if (o.export_dir) {
        if (o.from || o.to) {
            /* the sessions started on the days from..to, both included */
            o.export.what = EXPORT_RANGE;
            o.export.from_ms = o.from ? local_day_ms(o.from) : 0;
            o.export.to_ms = o.to ? local_day_ms(o.to) : INT64_MAX / 2;
            if (o.export.from_ms < 0 || o.export.to_ms < 0) {
                fprintf(stderr, "oogst: --from and --to want a date as YYYY-MM-DD\n");
                return 2;
            }
            if (o.to)
                o.export.to_ms += 24 * 3600 * 1000LL; /* to the end of that day */
        }
        config ec;
        config_defaults(&ec);
        if (config_load(o.config ? o.config : OOGST_CONFIG, &ec, stderr) < 0)
            return 1;
        o.export.round_minutes = ec.export_round_minutes;
        return export_to(o.export_dir, o.data_dir, &o.export);
    }
    if (o.events) {
        if (!o.script) {
            fprintf(stderr, "oogst: --replay needs --script FILE\n");
            return 2;
        }
        replay_opts ro = {.events_path = o.events,
                          .script_path = o.script,
                          .data_dir = o.data_dir,
                          .resume = o.resume,
                          .wall_start_ms = o.wall_start};
        return replay_main(&ro, stdout, stderr);
    }
    if (o.shots_dir) {
        if (!o.script) {
            fprintf(stderr, "oogst: --screenshots needs --script FILE\n");
            return 2;
        }
        shots_opts so = {.width = o.width,
                         .height = o.height,
                         .rotate = o.rotate < 0 ? 0 : o.rotate,
                         .font = o.font,
                         .font_bold = o.font_bold};
        return shots_main(o.script, o.shots_dir, &so, stderr);
    }

    config c;
    config_defaults(&c);
    const char *config_path = o.config ? o.config : OOGST_CONFIG;
    int crc = config_load(config_path, &c, stderr);
    if (crc < 0 || (crc == 1 && (o.config || o.check_config))) {
        if (crc == 1)
            fprintf(stderr, "oogst: %s: no such file\n", config_path);
        return 1; /* a broken config is said, not guessed around */
    }
    if (o.check_config) {
        printf("%s: ok\n", config_path);
        return 0;
    }
    int trace_fd = 0;
    if (o.gpio_trace) {
        /* a file or a FIFO of edges stands in for the GPIO lines (see src/gpio/gpio.h) */
        trace_fd = open(o.gpio_trace, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (trace_fd < 0) {
            perror(o.gpio_trace);
            return 1;
        }
    }
    if (o.test_buttons)
        return wiring_main(&c.gpio, trace_fd, stdout, stderr);
    char script_path[2048];
    if (o.script)
        snprintf(script_path, sizeof(script_path), "%s", o.script);
    else if (c.script[0] == '/')
        snprintf(script_path, sizeof(script_path), "%s", c.script);
    else
        snprintf(script_path, sizeof(script_path), "%s/%s", c.content_dir, c.script);
    char export_dir[2048];
    snprintf(export_dir, sizeof(export_dir), "%s/exports", o.data_dir);
    ui_opts uo = {
        .script_path = script_path,
        .content_dir = c.content_dir,
        .data_dir = o.data_dir,
        .export_dir = export_dir,
        .export_round_minutes = c.export_round_minutes,
        .usb_mount = "/media/oogst",
        .eject_request = "/run/oogst/eject",
        .clock_request = "/run/oogst/clock",
        .font = o.font,
        .font_bold = o.font_bold,
        .sounds_dir = getenv("OOGST_SOUNDS") ? getenv("OOGST_SOUNDS") : OOGST_DATADIR "/sounds",
        .pin = c.pin,
        .language = c.language,
        .window = o.window,
        .width = o.width ? o.width : c.width,
        .height = o.height ? o.height : c.height,
        .rotate = o.rotate >= 0 ? o.rotate : c.rotate,
        .gpio = &c.gpio,
        .gpio_trace_fd = trace_fd,
    };
    return ui_main(&uo);
}
