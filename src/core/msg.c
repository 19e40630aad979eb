/* msg.c — see msg.h. */
#include "msg.h"

#include <stdarg.h>
#include <stdio.h> /* vsnprintf only */

void msg_set(char *err, size_t len, const char *fmt, ...)
{
    if (!err || len == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, len, fmt, ap);
    va_end(ap);
}
