/* main.c — the command line: which mode to run, and the exit status. Only main
 * decides to stop. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/replay.h"
#include "app/ui.h"
#include "content/content.h"
#include "export/export.h"
#include "store/store.h"

#ifndef OOGST_DATADIR
#define OOGST_DATADIR "/usr/local/share/oogst"
#endif
#ifndef OOGST_STATEDIR
#define OOGST_STATEDIR "/var/lib/oogst"
#endif
#define OOGST_FONT    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define OOGST_VERSION "0.1"

static void usage(FILE *f)
{
    fputs("usage:\n"
          "  oogst [--data-dir DIR] [--window] [--size WxH] [--font TTF] [SCRIPT]\n"
          "        run a session on the screen (default: the Dutch demo session)\n"
          "  oogst --check SCRIPT...\n"
          "        check session scripts; exit 0 only if all are valid\n"
          "  oogst --replay EVENTS --script SCRIPT [--data-dir DIR] [--resume] [--wall-start SECONDS]\n"
          "        run a session from an events file, without a window (--wall-start: the\n"
          "        wall clock at time 0, for reproducible logs)\n"
          "  oogst --export DIR [--data-dir DIR]\n"
          "        write responses.csv for every session into a new folder in DIR\n"
          "  oogst --help | --version\n"
          "DIR defaults to " OOGST_STATEDIR ".\n",
          f);
}

static int check_scripts(int argc, char **argv, int first)
{
    if (first >= argc) {
        fprintf(stderr, "oogst: --check needs at least one script\n");
        return 2;
    }
    int bad = 0;
    for (int i = first; i < argc; i++) {
        script *s = content_load(argv[i], stderr);
        if (s)
            printf("%s: ok (%s v%u, %s, %zu step%s)\n", argv[i], s->id, s->version, s->language, s->n_steps,
                   s->n_steps == 1 ? "" : "s");
        else
            bad++;
        script_free(s);
    }
    return bad ? 1 : 0;
}

static int export_to(const char *dir, const char *data_dir)
{
    char msg[512], path[4096];
    store *st = store_open(data_dir, NULL, NULL, msg, sizeof(msg));
    if (!st) {
        fprintf(stderr, "oogst: %s\n", msg);
        return 2;
    }
    int rc = export_csv(st, dir, path, sizeof(path), msg, sizeof(msg));
    store_close(st);
    if (rc < 0) {
        fprintf(stderr, "oogst: %s\n", msg);
        return 1;
    }
    printf("%s\n", path);
    return 0;
}

int main(int argc, char **argv)
{
    const char *data_dir = OOGST_STATEDIR, *script_path = NULL, *events = NULL, *export_dir = NULL;
    const char *font = getenv("OOGST_FONT") ? getenv("OOGST_FONT") : OOGST_FONT;
    bool window = false, resume = false;
    long long wall_start = -1;
    int width = 0, height = 0;
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
            return check_scripts(argc, argv, i + 1);
        } else if (!strcmp(a, "--data-dir") && has_value) {
            data_dir = argv[++i];
        } else if (!strcmp(a, "--script") && has_value) {
            script_path = argv[++i];
        } else if (!strcmp(a, "--replay") && has_value) {
            events = argv[++i];
        } else if (!strcmp(a, "--export") && has_value) {
            export_dir = argv[++i];
        } else if (!strcmp(a, "--font") && has_value) {
            font = argv[++i];
        } else if (!strcmp(a, "--size") && has_value) {
            if (sscanf(argv[++i], "%dx%d", &width, &height) != 2 || width < 320 || height < 240) {
                fprintf(stderr, "oogst: --size wants WIDTHxHEIGHT, at least 320x240\n");
                return 2;
            }
        } else if (!strcmp(a, "--wall-start") && has_value) {
            char *end;
            wall_start = strtoll(argv[++i], &end, 10);
            if (*end || wall_start < 0 || wall_start > 100000000000LL) {
                fprintf(stderr, "oogst: --wall-start wants seconds since 1970\n");
                return 2;
            }
            wall_start *= 1000;
        } else if (!strcmp(a, "--window")) {
            window = true;
        } else if (!strcmp(a, "--resume")) {
            resume = true;
        } else if (a[0] != '-' && !script_path) {
            script_path = a;
        } else {
            fprintf(stderr, "oogst: unknown or incomplete option '%s'\n", a);
            usage(stderr);
            return 2;
        }
    }
    if (export_dir)
        return export_to(export_dir, data_dir);
    if (events) {
        if (!script_path) {
            fprintf(stderr, "oogst: --replay needs --script FILE\n");
            return 2;
        }
        replay_opts ro = {.events_path = events,
                          .script_path = script_path,
                          .data_dir = data_dir,
                          .resume = resume,
                          .wall_start_ms = wall_start};
        return replay_main(&ro, stdout, stderr);
    }
    ui_opts uo = {
        .script_path = script_path ? script_path : OOGST_DATADIR "/content/nl/demo.yaml",
        .data_dir = data_dir,
        .font = font,
        .fullscreen = !window,
        .width = width,
        .height = height,
    };
    return ui_main(&uo);
}
