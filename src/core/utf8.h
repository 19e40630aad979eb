/* utf8.h — UTF-8 checks shared by the engine, the events parser and the content parser. */
#ifndef OOGST_UTF8_H
#define OOGST_UTF8_H

#include <stddef.h>

/* Number of code points in s[0..len), or -1 when s is not valid UTF-8 (overlong
 * forms, surrogates and code points above U+10FFFF are invalid). *bad, when not
 * NULL, gets the byte offset of the first invalid byte. */
long utf8_length(const char *s, size_t len, size_t *bad);

#endif
