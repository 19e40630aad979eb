/* commit.c — vote commit latency for `make bench`, against the floor: a bare overwrite
 * of one 4 KiB block and fdatasync(2). In DATA_DIR, the store (store/store.h) begins a
 * session of tests/replay/rules.yaml, first takes PREFILL inputs without timing them
 * (so the cost can be compared at 1 000 and at 1 000 000 stored inputs), then N votes
 * one at a time, each timed from store_add_input to its ack callback (on the writer
 * thread, after the commit); then, in the same directory, N times pwrite(2) of 4 KiB at
 * offset 0 and fdatasync(2) on one file.
 *
 *   commit DATA_DIR [N [PREFILL]]     N defaults to 200, PREFILL to 0
 *
 * Prints "store_p50_ms=A store_p99_ms=B fsync_p50_ms=C fsync_p99_ms=D". */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "prefill.h"

#include "content/content.h"
#include "store/store.h"

enum { MAX_SAMPLES = 100000, VOTE_STEP = 2 /* rules.yaml: welcome, interview, vote */ };

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* What the writer thread hands back. */
typedef struct acks {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    uint64_t last_token; /* 0: none yet */
} acks;

static void on_ack(void *ctx, const store_ack *ack)
{
    acks *a = ctx;
    pthread_mutex_lock(&a->mu);
    a->last_token = ack->token;
    pthread_cond_signal(&a->cv);
    pthread_mutex_unlock(&a->mu);
}

/* Waits for the ack of token, at most 10 s. 0 or -1. */
static int wait_ack(acks *a, uint64_t token)
{
    struct timespec dl;
    clock_gettime(CLOCK_REALTIME, &dl);
    dl.tv_sec += 10;
    int rc = 0;
    pthread_mutex_lock(&a->mu);
    while (a->last_token < token && rc == 0)
        rc = pthread_cond_timedwait(&a->cv, &a->mu, &dl);
    int ok = a->last_token >= token;
    pthread_mutex_unlock(&a->mu);
    return ok ? 0 : -1;
}

static int bench_store(const char *dir, int n, long prefill, double *lat)
{
    static acks a = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0};
    script *s = content_load("tests/replay/rules.yaml", stderr);
    if (!s)
        return -1;
    char err[512];
    store *st = store_open(dir, on_ack, &a, err, sizeof(err));
    if (!st) {
        fprintf(stderr, "commit: %s\n", err);
        script_free(s);
        return -1;
    }
    int rc = -1;
    int64_t mono = 0;
    store_begin_session(st, s, wall_ms(), mono);
    store_step_enter(st, VOTE_STEP, 0, false, wall_ms(), mono);
    if (bench_prefill(st, VOTE_STEP, "t-vote", prefill, wall_ms(), &mono) < 0)
        goto out;
    for (int i = 0; i < n; i++) {
        int b = 1 + i % 2;
        mono += 1000;
        input_record in = {.source = SRC_BUTTON,
                           .button = b,
                           .step = VOTE_STEP,
                           .question_id = "t-vote",
                           .option = b,
                           .counted = true,
                           .reason = "counted",
                           .mono_ms = mono};
        double t0 = now_ms();
        store_add_input(st, &in, wall_ms(), (uint64_t)i + 1);
        if (wait_ack(&a, (uint64_t)i + 1) < 0) {
            fprintf(stderr, "commit: vote %d was not acknowledged within 10 s: %s\n", i + 1,
                    store_last_error(st, err, sizeof(err)));
            goto out;
        }
        lat[i] = now_ms() - t0;
    }
    rc = 0;
out:
    store_end_session(st, wall_ms(), mono);
    if (store_flush(st) < 0)
        rc = -1;
    store_close(st);
    script_free(s);
    return rc;
}

static int bench_fsync(const char *dir, int n, double *lat)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/fsync-floor.bin", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        fprintf(stderr, "commit: %s: %s\n", path, strerror(errno));
        return -1;
    }
    static char block[4096];
    memset(block, 'v', sizeof(block));
    /* the block exists on disk first: the timed writes overwrite it in place */
    int rc = pwrite(fd, block, sizeof(block), 0) == (ssize_t)sizeof(block) && fsync(fd) == 0 ? 0 : -1;
    for (int i = 0; i < n && rc == 0; i++) {
        block[i % sizeof(block)]++;
        double t0 = now_ms();
        if (pwrite(fd, block, sizeof(block), 0) != (ssize_t)sizeof(block) || fdatasync(fd) < 0)
            rc = -1;
        lat[i] = now_ms() - t0;
    }
    if (rc != 0)
        fprintf(stderr, "commit: %s: %s\n", path, strerror(errno));
    close(fd);
    unlink(path);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: commit DATA_DIR [N [PREFILL]]\n");
        return 2;
    }
    int n = argc >= 3 ? atoi(argv[2]) : 200;
    long prefill = argc == 4 ? atol(argv[3]) : 0;
    if (n < 1 || n > MAX_SAMPLES) {
        fprintf(stderr, "commit: N must be 1..%d\n", MAX_SAMPLES);
        return 2;
    }
    double *st = calloc((size_t)n, sizeof(*st)), *fs = calloc((size_t)n, sizeof(*fs));
    int rc = 1;
    if (st && fs && prefill >= 0 && bench_store(argv[1], n, prefill, st) == 0 &&
        bench_fsync(argv[1], n, fs) == 0) {
        qsort(st, (size_t)n, sizeof(*st), cmp_double);
        qsort(fs, (size_t)n, sizeof(*fs), cmp_double);
        printf("store_p50_ms=%.3f store_p99_ms=%.3f fsync_p50_ms=%.3f fsync_p99_ms=%.3f\n",
               percentile(st, n, 50), percentile(st, n, 99), percentile(fs, n, 50), percentile(fs, n, 99));
        rc = 0;
    }
    free(st);
    free(fs);
    return rc;
}
