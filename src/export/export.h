/* export.h — writing the log to a stick: one folder per export,
 *   Oogst-<device>-<YYYY-MM-DD_HHMM>/
 *     resultaten.xlsx  antwoorden.csv  samenvatting.csv  responses.csv  rapport.html
 *     oogst.db  LEESMIJ.txt  README.txt
 * written under a temporary name, every file synced, the folder renamed and its parent
 * synced, so a pulled stick never holds half of one that looks whole. Nothing on the
 * stick is followed through a symbolic link, nothing on it is run. */
#ifndef OOGST_EXPORT_H
#define OOGST_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* The stdio buffer of each file written: large writes, fewer system calls. */
enum { EXPORT_STREAM_BUFFER = 1 << 20 };

typedef enum export_what {
    EXPORT_ALL,     /* every session in the log */
    EXPORT_SESSION, /* one session: session_id */
    EXPORT_RANGE,   /* the sessions started in [from_ms, to_ms) */
} export_what;

typedef struct export_opts {
    export_what what;
    int64_t session_id;
    int64_t from_ms, to_ms;
    int round_minutes; /* 0: exact times; else every time rounded down to this many minutes */
    /* For tests: called after each file of the folder is written; a non-zero return
     * fails the export there, as a stick pulled out would. NULL: none. */
    int (*after_file)(void *ctx, int folder_fd, const char *file);
    void *ctx;
} export_opts;

/* Writes the folder into dir. On success returns 0 with the folder's path in out_path
 * (dir/Oogst-…); on failure -1 with a message for the screen and the log in err, and
 * nothing of the export is left in dir. It exports what is committed: call store_flush
 * first to include writes still queued. */
int export_run(store *st, const char *dir, const export_opts *o, char *out_path, size_t out_len, char *err,
               size_t err_len);

#endif
