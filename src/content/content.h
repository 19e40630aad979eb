/* content.h — session scripts from YAML files (libfyaml), validated completely. */
#ifndef OOGST_CONTENT_H
#define OOGST_CONTENT_H

#include <stddef.h>
#include <stdio.h>

#include "core/script.h"

enum { CONTENT_MAX_BYTES = 256 * 1024 }; /* a session script is small; larger files are refused unread */

/* Reads, parses and validates the script at path. Returns the script, or NULL after
 * writing every problem found (up to SCRIPT_MAX_ERRORS) to err, one per line, as
 * "PATH:LINE:COL: what is wrong; what is expected". Never exits; bounded time and memory. */
script *content_load(const char *path, FILE *err);

/* The same for a script already in memory; name is used in messages. */
script *content_load_buffer(const char *name, const char *buf, size_t len, FILE *err);

#endif
