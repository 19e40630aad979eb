/* prefill.h — fills a log with n counted votes, fast, for the benchmarks that compare a
 * fresh log with a large one (needs store/store.h). The votes go to question_id of step_index,
 * in the session the store has open; the monotonic clock advances 10 ms a vote. */
#ifndef OOGST_BENCH_PREFILL_H
#define OOGST_BENCH_PREFILL_H

#include "store/store.h"

static inline int bench_prefill(store *st, size_t step_index, const char *question_id, long n, int64_t wall,
                                int64_t *mono)
{
    for (long i = 0; i < n; i++) {
        int b = 1 + (int)(i % 2);
        *mono += 10;
        input_record in = {.source = SRC_BUTTON,
                           .button = b,
                           .step = step_index,
                           .question_id = question_id,
                           .option = b,
                           .counted = true,
                           .reason = "counted",
                           .mono_ms = *mono};
        store_add_input(st, &in, wall, 0);
        if (i % 10000 == 9999 && store_flush(st) < 0) /* the queue stays short */
            return -1;
    }
    return store_flush(st);
}

#endif
