/* export_scale.c — the export at scale for `make bench`: a log of N answers (votes and
 * ratings over 100 sessions of tests/replay/rules.yaml, made through the store), then
 * the whole export folder and antwoorden.csv alone, each timed (median of 3), beside
 * the floor: a bare `sqlite3 -csv` dump of the same inputs.
 *
 *   export_scale WORK_DIR [N]      N defaults to 100000
 *
 * Then each other file alone from the data read once (the reading timed apart): responses.csv,
 * samenvatting.csv, rapport.html, the two read-me files, resultaten.xlsx, the copy of the log.
 *
 * Prints "answers=N all_ms=A csv_ms=C csv_write_ms=W dump_ms=D read_ms=R" and
 * " FILE_ms=T" for each of those files. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"

#include "content/content.h"
#include "export/export.h"
#include "export/export_collect.h"
#include "export/export_csv.h"
#include "export/export_html.h"
#include "export/export_texts.h"
#include "export/export_xlsx.h"
#include "store/store.h"

enum { RUNS = 3, SESSIONS = 100, VOTE_STEP = 2, RATING_STEP = 3 };

static double median3(double *v)
{
    qsort(v, RUNS, sizeof(*v), cmp_double);
    return v[RUNS / 2];
}

/* A log of n counted answers: half votes, half ratings, spread over SESSIONS sessions. */
static int fill(store *st, const script *s, long n)
{
    int64_t wall = 1795424400000LL;
    long per = n / SESSIONS;
    for (int k = 0; k < SESSIONS; k++) {
        wall += 7 * 24 * 3600 * 1000LL;
        store_begin_session(st, s, wall, 0);
        for (int part = 0; part < 2; part++) {
            size_t stepi = part ? RATING_STEP : VOTE_STEP;
            const question *q = &s->steps[stepi].questions[0];
            store_step_enter(st, stepi, 0, false, wall, 0);
            for (long i = 0; i < per / 2; i++) {
                int opt = (int)(i % (part ? 5 : 4)) + 1;
                input_record in = {.source = SRC_BUTTON,
                                   .button = opt,
                                   .step = stepi,
                                   .question_id = q->id,
                                   .option = opt,
                                   .value = part ? opt : 0,
                                   .counted = true,
                                   .reason = "counted",
                                   .mono_ms = i * 2000};
                store_add_input(st, &in, wall + i * 2000, 0);
            }
        }
        store_end_session(st, wall + per * 2000, per * 2000);
        if (store_flush(st) != 0)
            return -1;
    }
    return 0;
}

static double run_all(store *st, const char *work, int i)
{
    char dir[4096], out[4096], err[512];
    snprintf(dir, sizeof(dir), "%s/stick%d", work, i);
    mkdir(dir, 0755);
    double t0 = now_ms();
    if (export_run(st, dir, NULL, out, sizeof(out), err, sizeof(err)) != 0) {
        fprintf(stderr, "export_scale: %s\n", err);
        return -1;
    }
    return now_ms() - t0;
}

/* antwoorden.csv alone: read from the log, written, synced (ms, the whole); in *write_ms
 * the part after the reading, which is all the file adds to an export (the reading is
 * shared by every file of the folder). */
static double run_csv(store *st, const char *work, int i, double *write_ms)
{
    char path[4096], err[512];
    snprintf(path, sizeof(path), "%s/antwoorden-%d.csv", work, i);
    double t0 = now_ms();
    export_opts all = {.what = EXPORT_ALL};
    export_data *d = export_collect(st, &all, 0, err, sizeof(err));
    double t1 = now_ms();
    FILE *fp = d ? fopen(path, "w") : NULL;
    if (fp) /* as the export writes its files */
        setvbuf(fp, NULL, _IOFBF, EXPORT_STREAM_BUFFER);
    int rc = fp ? export_answers_csv(d, fp) : -1;
    if (fp && (fflush(fp) != 0 || fsync(fileno(fp)) != 0))
        rc = -1;
    if (fp)
        fclose(fp);
    double t2 = now_ms();
    export_data_free(d);
    *write_ms = t2 - t1;
    return rc == 0 ? t2 - t0 : -1;
}

static double run_dump(const char *work, int i)
{
    char cmd[8300];
    snprintf(cmd, sizeof(cmd),
             "sqlite3 -csv '%s/data/oogst.db' 'SELECT * FROM inputs' >'%s/dump-%d.csv' && sync -d "
             "'%s/dump-%d.csv'",
             work, work, i, work, i);
    double t0 = now_ms();
    return system(cmd) == 0 ? now_ms() - t0 : -1;
}

/* --- each file alone, from data read once ---------------------------------------------- */

enum { F_RESPONSES, F_SUMMARY, F_HTML, F_README, F_XLSX, F_DB, F_COUNT };
static const char *const file_key[F_COUNT] = {"responses", "samenvatting", "rapport", "readme", "xlsx", "db"};

static int html_stream(const export_data *d, FILE *fp)
{
    char e[256];
    return export_html(d, fp, e, sizeof(e));
}

static int readmes_stream(const export_data *d, FILE *fp)
{
    return export_readme_nl(d, fp) == 0 && export_readme_en(d, fp) == 0 ? 0 : -1;
}

static int sync_path(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    int rc = fd >= 0 && fsync(fd) == 0 ? 0 : -1;
    if (fd >= 0)
        close(fd);
    return rc;
}

/* Writes file f of the folder from d (and st, for the copy of the log) into path, synced;
 * the time in ms, or -1. */
static double run_file(store *st, const export_data *d, int f, const char *path)
{
    static int (*const streams[])(const export_data *, FILE *) = {[F_RESPONSES] = export_responses_csv,
                                                                  [F_SUMMARY] = export_summary_csv,
                                                                  [F_HTML] = html_stream,
                                                                  [F_README] = readmes_stream};
    char err[512];
    double t0 = now_ms();
    int rc;
    if (f == F_XLSX) {
        rc = export_xlsx(d, path, err, sizeof(err)) == 0 ? sync_path(path) : -1;
    } else if (f == F_DB) {
        rc = store_backup(st, path, err, sizeof(err)) == 0 ? sync_path(path) : -1;
    } else {
        FILE *fp = fopen(path, "w");
        if (fp) /* as the export writes its files */
            setvbuf(fp, NULL, _IOFBF, EXPORT_STREAM_BUFFER);
        rc = fp ? streams[f](d, fp) : -1;
        if (fp && (fflush(fp) != 0 || fsync(fileno(fp)) != 0))
            rc = -1;
        if (fp)
            fclose(fp);
    }
    if (rc != 0)
        fprintf(stderr, "export_scale: %s could not be written\n", file_key[f]);
    return rc == 0 ? now_ms() - t0 : -1;
}

/* Reads the log (ms into *read_ms), then writes every file but antwoorden.csv alone. */
static int run_files(store *st, const char *work, int i, double *read_ms, double ms[F_COUNT])
{
    char err[512];
    double t0 = now_ms();
    export_opts all = {.what = EXPORT_ALL};
    export_data *d = export_collect(st, &all, 0, err, sizeof(err));
    *read_ms = now_ms() - t0;
    if (!d) {
        fprintf(stderr, "export_scale: %s\n", err);
        return -1;
    }
    int rc = 0;
    for (int f = 0; f < F_COUNT && rc == 0; f++) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/file-%d-%s", work, i, file_key[f]);
        ms[f] = run_file(st, d, f, path);
        rc = ms[f] < 0 ? -1 : 0;
    }
    export_data_free(d);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: export_scale WORK_DIR [N]\n");
        return 2;
    }
    long n = argc > 2 ? atol(argv[2]) : 100000;
    char data[4096], err[512];
    snprintf(data, sizeof(data), "%s/data", argv[1]);
    script *s = content_load("tests/replay/rules.yaml", stderr);
    store *st = s ? store_open(data, NULL, NULL, err, sizeof(err)) : NULL;
    if (!st || fill(st, s, n) != 0) {
        fprintf(stderr, "export_scale: cannot make the log: %s\n", st ? "a commit failed" : err);
        return 1;
    }
    double all[RUNS], csv[RUNS], write[RUNS], dump[RUNS], read[RUNS], file[F_COUNT][RUNS];
    for (int i = 0; i < RUNS; i++) {
        double ms[F_COUNT];
        all[i] = run_all(st, argv[1], i);
        csv[i] = run_csv(st, argv[1], i, &write[i]);
        dump[i] = run_dump(argv[1], i);
        if (all[i] < 0 || csv[i] < 0 || dump[i] < 0 || run_files(st, argv[1], i, &read[i], ms) != 0)
            return 1;
        for (int f = 0; f < F_COUNT; f++)
            file[f][i] = ms[f];
    }
    printf("answers=%ld all_ms=%.1f csv_ms=%.1f csv_write_ms=%.1f dump_ms=%.1f read_ms=%.1f",
           n / SESSIONS * SESSIONS, median3(all), median3(csv), median3(write), median3(dump), median3(read));
    for (int f = 0; f < F_COUNT; f++)
        printf(" %s_ms=%.1f", file_key[f], median3(file[f]));
    putchar('\n');
    store_close(st);
    script_free(s);
    return 0;
}
