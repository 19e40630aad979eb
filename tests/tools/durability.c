/* durability.c — kills a replay with SIGKILL at random moments and checks, each time,
 * that the database is intact and that every input the replay acknowledged ("ack SEQ"
 * on stdout) is in it.
 *
 *   durability OOGST SCRIPT WORKDIR [KILLS] [SEED]
 *
 * One full run first measures how long the replay takes; each kill then falls at a
 * uniformly random moment within that time. All runs share one data dir, so every
 * start also finds the previous, killed session and marks it interrupted. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { PRESSES = 20000 };

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int write_events(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "# %d presses on a vote, for the durability test\n0 start\n", PRESSES);
    for (int i = 0; i < PRESSES; i++)
        fprintf(f, "%d press %d\n%d release %d\n", 10 + i * 50, 1 + i % 6, 30 + i * 50, 1 + i % 6);
    fprintf(f, "%d end\n", 10 + PRESSES * 50);
    return fclose(f);
}

typedef struct acks {
    long long *id;
    size_t n, cap;
} acks;

/* Runs the replay; kills it after `after` seconds unless that is negative. Collects
 * every complete "ack N" line. Returns the exit status, or -SIGNAL. */
static int run_replay(char **argv, double after, acks *a, double *took)
{
    int fds[2];
    if (pipe(fds) < 0)
        return -1000;
    double t0 = now_s();
    pid_t pid = fork();
    if (pid < 0)
        return -1000;
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execv(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    char buf[65536];
    size_t have = 0;
    bool killed = false;
    for (;;) {
        double left = after - (now_s() - t0);
        if (after >= 0 && !killed && left <= 0) {
            kill(pid, SIGKILL);
            killed = true;
        }
        struct pollfd p = {.fd = fds[0], .events = POLLIN};
        int timeout = after >= 0 && !killed ? (int)(left * 1000) : -1;
        int r = poll(&p, 1, timeout < 0 ? -1 : timeout);
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0)
            continue;
        ssize_t k = read(fds[0], buf + have, sizeof(buf) - have - 1);
        if (k <= 0)
            break;
        have += (size_t)k;
        char *line = buf, *nl;
        while ((nl = memchr(line, '\n', have - (size_t)(line - buf)))) {
            long long id;
            *nl = '\0';
            if (sscanf(line, "ack %lld", &id) == 1) {
                if (a->n == a->cap) {
                    a->cap = a->cap ? a->cap * 2 : 1024;
                    a->id = realloc(a->id, a->cap * sizeof(*a->id));
                    if (!a->id)
                        abort();
                }
                a->id[a->n++] = id;
            }
            line = nl + 1;
        }
        have -= (size_t)(line - buf);
        memmove(buf, line, have);
    }
    close(fds[0]);
    int st;
    waitpid(pid, &st, 0);
    *took = now_s() - t0;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
}

/* The database is intact and holds every acknowledged input. */
static int verify(const char *db_path, const acks *a, char *why, size_t len)
{
    sqlite3 *db;
    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        snprintf(why, len, "cannot open %s: %s", db_path, sqlite3_errmsg(db));
        sqlite3_close(db);
        return -1;
    }
    sqlite3_stmt *s;
    int rc = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK)
        goto out;
    if (sqlite3_step(s) != SQLITE_ROW || strcmp((const char *)sqlite3_column_text(s, 0), "ok") != 0) {
        snprintf(why, len, "integrity_check: %s", sqlite3_column_text(s, 0));
        sqlite3_finalize(s);
        goto out;
    }
    sqlite3_finalize(s);
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM inputs WHERE id = ?", -1, &s, NULL) != SQLITE_OK)
        goto out;
    for (size_t i = 0; i < a->n; i++) {
        sqlite3_bind_int64(s, 1, a->id[i]);
        if (sqlite3_step(s) != SQLITE_ROW) {
            snprintf(why, len, "input %lld was acknowledged but is not in the database", a->id[i]);
            sqlite3_finalize(s);
            goto out;
        }
        sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    rc = 0;
out:
    if (rc < 0 && !why[0])
        snprintf(why, len, "%s", sqlite3_errmsg(db));
    sqlite3_close(db);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: durability OOGST SCRIPT WORKDIR [KILLS] [SEED]\n");
        return 2;
    }
    int kills = argc > 4 ? atoi(argv[4]) : 25;
    unsigned seed = argc > 5 ? (unsigned)strtoul(argv[5], NULL, 10) : (unsigned)time(NULL);
    srand(seed);
    char events[4096], data[4096], db[4200];
    snprintf(events, sizeof(events), "%s/durability.events", argv[3]);
    snprintf(data, sizeof(data), "%s/data", argv[3]);
    snprintf(db, sizeof(db), "%s/oogst.db", data);
    if (write_events(events) < 0) {
        perror(events);
        return 2;
    }
    char *cmd[] = {argv[1], "--replay", events, "--script", argv[2], "--data-dir", data, NULL};

    acks full = {0};
    double took;
    int st = run_replay(cmd, -1, &full, &took);
    char why[512] = "";
    if (st != 0 || full.n != PRESSES || verify(db, &full, why, sizeof(why)) < 0) {
        fprintf(stderr, "durability: the full run failed (exit %d, %zu acks of %d): %s\n", st, full.n,
                PRESSES, why);
        return 1;
    }
    printf("durability: seed %u; a full run of %d presses took %.2f s\n", seed, PRESSES, took);

    int mid = 0;
    size_t checked = 0;
    for (int k = 0; k < kills; k++) {
        acks a = {0};
        double at = took * (double)rand() / RAND_MAX, ran;
        st = run_replay(cmd, at, &a, &ran);
        why[0] = '\0';
        if (verify(db, &a, why, sizeof(why)) < 0) {
            fprintf(stderr, "durability: kill %d at %.3f s: %s\n", k + 1, at, why);
            return 1;
        }
        if (st == -SIGKILL && a.n > 0 && a.n < PRESSES)
            mid++;
        checked += a.n;
        printf("kill %2d at %.3f s: %s, %zu acks, all in the database, integrity ok\n", k + 1, at,
               st == -SIGKILL ? "killed" : "had finished", a.n);
        free(a.id);
    }
    free(full.id);
    if (mid < kills / 2) {
        fprintf(stderr, "durability: only %d of %d kills fell while inputs were being acknowledged\n", mid,
                kills);
        return 1;
    }
    printf("durability: %d kills, %d while acknowledging, %zu acks checked\n", kills, mid, checked);
    return 0;
}
