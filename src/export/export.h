/* export.h — writing the log to a stick: one folder per export, written under a
 * temporary name, synced and then renamed, so a pulled stick never holds half of one.
 * Nothing on the stick is followed through a symbolic link. */
#ifndef OOGST_EXPORT_H
#define OOGST_EXPORT_H

#include <stddef.h>

#include "store/store.h"

/* Writes DIR/oogst-<device_id>-<YYYYMMDD-HHMMSS>/responses.csv (local time now; a
 * suffix -2, -3, … when that folder exists): every raw input of every session, RFC
 * 4180 (UTF-8 without BOM, comma, CRLF), times as ISO 8601 local time with offset
 * and milliseconds (TZ is honoured). It exports what is committed; call store_flush
 * first to include writes still queued. On success returns 0 with the folder written
 * in out_path; on failure -1 with a message in err, and nothing is left in DIR. */
int export_csv(store *st, const char *dir, char *out_path, size_t out_len, char *err, size_t err_len);

#endif
