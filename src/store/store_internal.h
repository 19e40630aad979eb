/* store_internal.h — hooks for the store's tests only; the program never includes this.
 * They let a test build an old database file and reach the writer's connection to
 * inject faults (a full disk) the way SQLite's own tests do. */
#ifndef OOGST_STORE_INTERNAL_H
#define OOGST_STORE_INTERNAL_H

#include <stddef.h>

#include "store/store.h"

/* Creates the database file at path (not a data dir) with the schema of exactly
 * `version` (1..STORE_SCHEMA_VERSION) and no device row. 0 ok, -1 with a message. */
int store_create_at_version(const char *path, int version, char *err, size_t len);

/* Runs sql on the writer's connection. Only while the writer is idle (after
 * store_flush); SQLite's serialized mode guards the connection itself.
 * 0 ok, -1 with a message. E.g. "PRAGMA max_page_count = N" makes the disk "full". */
int store_test_exec(store *st, const char *sql, char *err, size_t len);

/* The first column of the first row of sql on the writer's connection (a pragma:
 * synchronous, foreign_keys, page_count), -1 on error. Same rule as store_test_exec. */
long store_test_query_int(store *st, const char *sql);

#endif
