/* text.h — "did you mean" suggestions by edit distance for the content parser's messages.
 * Pure and allocation-free. (UTF-8 checks live in core/utf8.h.) */
#ifndef OOGST_CONTENT_TEXT_H
#define OOGST_CONTENT_TEXT_H

#include <stddef.h>

/* Edit distance between a and b: insertions, deletions, substitutions and swaps of two
 * neighbouring characters ("titel" -> "title") each cost 1. Words longer than
 * TEXT_SUGGEST_MAX_LEN give SIZE_MAX: we only compare short keys, and the bound keeps
 * hostile input cheap. */
enum { TEXT_SUGGEST_MAX_LEN = 64 };
size_t text_edit_distance(const char *a, const char *b);

/* The candidate nearest to word, if close enough to be a likely typo (distance at most
 * a third of the longer word, at least 1), else NULL. Ties go to the earlier candidate. */
const char *text_suggest(const char *word, const char *const *candidates, size_t n);

#endif
