/* clock.c — the menu's clock, set directly or asked for by a file (see clock.h). */
#include "app/clock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int clock_request(int64_t epoch_s, const char *path, char *err, size_t errlen)
{
    char tmp[4096], text[32];
    int n = snprintf(tmp, sizeof(tmp), "%s.new", path);
    int len = snprintf(text, sizeof(text), "%lld\n", (long long)epoch_s);
    if (n < 0 || (size_t)n >= sizeof(tmp)) {
        snprintf(err, errlen, "%s: the name is too long", path);
        return -1;
    }
    (void)unlink(tmp); /* a request left half made by an earlier try */
    int fd = open(tmp, O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC, 0640);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
        return -1;
    }
    ssize_t w = write(fd, text, (size_t)len);
    int e = errno;
    if (close(fd) != 0 && w == len) {
        w = -1;
        e = errno;
    }
    if (w != len || rename(tmp, path) != 0) {
        if (w == len)
            e = errno;
        (void)unlink(tmp);
        snprintf(err, errlen, "%s: %s", path, strerror(e ? e : EIO));
        return -1;
    }
    return 1;
}

int clock_set(int64_t epoch_s, const char *request_path, char *err, size_t errlen)
{
    struct timespec ts = {.tv_sec = (time_t)epoch_s, .tv_nsec = 0};
    if (clock_settime(CLOCK_REALTIME, &ts) == 0)
        return 0;
    int e = errno;
    if ((e == EPERM || e == EACCES) && request_path && *request_path)
        return clock_request(epoch_s, request_path, err, errlen);
    snprintf(err, errlen, "%s", strerror(e));
    return -1;
}
