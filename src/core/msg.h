/* msg.h — a message into a caller's buffer, the way adapters report what went wrong. */
#ifndef OOGST_MSG_H
#define OOGST_MSG_H

#include <stddef.h>

/* printf into err[0..len); does nothing when err is NULL or len is 0. */
void msg_set(char *err, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
