/* replay.h — runs a session from an events file on a virtual clock, without a window:
 * the test harness for whole sessions, through the same engine, run and store. */
#ifndef OOGST_REPLAY_H
#define OOGST_REPLAY_H

#include <stdbool.h>
#include <stdio.h>

typedef struct replay_opts {
    const char *events_path;
    const char *script_path;
    const char *data_dir;
    bool resume;             /* continue the interrupted session instead of waiting for `start` */
    long long wall_start_ms; /* wall clock at time 0 of the events, ms since the epoch; <0: now */
} replay_opts;

/* Prints "ack SEQ" for every acknowledged input (after its commit) and a summary to
 * out; problems to err. Returns the process exit status: 0 ok, 1 bad input, 2 failure. */
int replay_main(const replay_opts *o, FILE *out, FILE *err);

#endif
