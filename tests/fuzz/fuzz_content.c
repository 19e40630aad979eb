/* fuzz_content.c — libFuzzer entry point for the session-script loader. Not built by
 * make check; build and run from the repository root with:
 *
 *   clang -std=c11 -D_GNU_SOURCE -Isrc -g -O1 -fsanitize=fuzzer,address,undefined \
 *       tests/fuzz/fuzz_content.c src/content/content.c src/content/text.c \
 *       src/core/arena.c src/core/script.c src/core/utf8.c \
 *       $(pkg-config --cflags --libs libfyaml) -o build/fuzz_content
 *   build/fuzz_content -max_len=300000 -timeout=5 -rss_limit_mb=512 \
 *       build/fuzz-corpus tests/fuzz/content
 *
 * (mkdir build/fuzz-corpus first: new inputs go to the first directory.) */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "content/content.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *devnull;
    if (!devnull)
        devnull = fopen("/dev/null", "w");
    /* messages are formatted for real (a NULL err would skip that code) */
    script *s = content_load_buffer("fuzz.yaml", (const char *)data, size, devnull);
    script_free(s);
    return 0;
}
