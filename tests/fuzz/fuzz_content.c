/* fuzz_content.c — libFuzzer entry point for the session-script loader
 * (content_load_buffer: libfyaml, then the script's own rules). Built and run by
 * `make fuzz`; its seeds (tests/fuzz/content/) and every input that once failed
 * (tests/fuzz/regress-content/) are replayed by `make check` (tests/check/fuzz_regress.sh). */
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
