/* arena.h — one block of memory a parsed script lives in, freed at once. */
#ifndef OOGST_ARENA_H
#define OOGST_ARENA_H

#include <stddef.h>

typedef struct arena arena;

/* A new, empty arena; NULL when out of memory. */
arena *arena_new(void);
/* Frees every allocation made from the arena; arena_free(NULL) is a no-op. */
void arena_free(arena *a);
/* Zeroed memory, aligned for any type; NULL when out of memory. */
void *arena_alloc(arena *a, size_t size);
/* A copy of the first len bytes of s, NUL-terminated. */
char *arena_strndup(arena *a, const char *s, size_t len);
char *arena_strdup(arena *a, const char *s);
/* Bytes handed out so far (to bound memory on hostile input). */
size_t arena_used(const arena *a);

#endif
