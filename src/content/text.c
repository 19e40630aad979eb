/* text.c — edit distance and the nearest-word suggestion. */
#include "content/text.h"

#include <stdint.h>
#include <string.h>

size_t text_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > TEXT_SUGGEST_MAX_LEN || lb > TEXT_SUGGEST_MAX_LEN)
        return SIZE_MAX;
    /* three rows: the one before the previous is needed for swapped neighbours */
    size_t rows[3][TEXT_SUGGEST_MAX_LEN + 1];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t best = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            cur[j] = best;
        }
        size_t *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb];
}

const char *text_suggest(const char *word, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    size_t best_d = SIZE_MAX;
    size_t lw = strlen(word);
    for (size_t i = 0; i < n; i++) {
        size_t d = text_edit_distance(word, candidates[i]);
        size_t lc = strlen(candidates[i]);
        size_t longer = lw > lc ? lw : lc;
        size_t limit = longer / 3 > 1 ? longer / 3 : 1;
        if (d <= limit && d < best_d) {
            best = candidates[i];
            best_d = d;
        }
    }
    return best;
}
