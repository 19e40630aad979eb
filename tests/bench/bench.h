/* bench.h — the clock, the pause and the percentiles the benchmark programs share
 * (header-only: floor.c links SDL2 and nothing of Oogst). */
#ifndef OOGST_BENCH_H
#define OOGST_BENCH_H

#include <errno.h>
#include <time.h>

static inline double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static inline void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* For qsort of doubles, ascending. */
static inline int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The p-th percentile (nearest rank) of n sorted values. */
static inline double percentile(const double *v, int n, int p)
{
    int k = (p * n + 99) / 100;
    return v[k < 1 ? 0 : k > n ? n - 1 : k - 1];
}

#endif
