/* probe.c — spawns one program for `make bench` and measures it from the outside:
 * the time from fork to the arrival of the line "bench: first frame" on its stderr,
 * its memory at that moment (RSS and PSS from /proc/PID/smaps_rollup), its CPU time
 * over an idle window (utime+stime from /proc/PID/stat), and, after SIGTERM, the
 * counts of its closing line "bench: N loop passes, M frames drawn".
 *
 *   probe [--idle SECONDS] -- CMD [ARG...]
 *       prints one line: first_ms=F rss_kb=R pss_kb=P cpu_ticks=T window_s=W passes=N frames=M
 *   probe --run -- CMD [ARG...]
 *       runs CMD to its end (stdout and stderr to /dev/null) and prints run_ms=F
 *
 * Exits 1 when something could not be measured (the line did not come within 30 s,
 * the program failed, /proc could not be read); what the program said is then shown. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

enum { FIRST_FRAME_TIMEOUT_MS = 30000, EXIT_TIMEOUT_MS = 10000, LOG_BYTES = 16384 };

/* What the child wrote to stderr, kept whole for the closing line and for errors. */
typedef struct child_log {
    char buf[LOG_BYTES];
    size_t len;
    bool eof;
} child_log;

/* Reads what is there (fd is non-blocking); returns false on EOF. */
static bool drain(int fd, child_log *lg)
{
    char tmp[4096];
    for (;;) {
        ssize_t n = read(fd, tmp, sizeof(tmp));
        if (n > 0) {
            size_t room = sizeof(lg->buf) - 1 - lg->len;
            size_t take = (size_t)n < room ? (size_t)n : room;
            memcpy(lg->buf + lg->len, tmp, take);
            lg->len += take;
            lg->buf[lg->len] = '\0';
            continue;
        }
        if (n == 0) {
            lg->eof = true;
            return false;
        }
        if (errno == EINTR)
            continue;
        return true; /* EAGAIN: nothing more for now */
    }
}

/* Waits until the log holds `line` (at the start of a line), EOF, or deadline_ms.
 * Returns the time it was first seen, or -1. */
static double wait_for(int fd, child_log *lg, const char *line, double deadline_ms)
{
    for (;;) {
        const char *p = strstr(lg->buf, line);
        if (p && (p == lg->buf || p[-1] == '\n'))
            return now_ms();
        if (lg->eof)
            return -1;
        double left = deadline_ms - now_ms();
        if (left <= 0)
            return -1;
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        int r = poll(&pfd, 1, (int)left + 1);
        if (r < 0 && errno != EINTR)
            return -1;
        if (r > 0)
            drain(fd, lg);
    }
}

/* Reads until the child closes its stderr (it has exited) or deadline_ms. */
static void read_to_eof(int fd, child_log *lg, double deadline_ms)
{
    while (!lg->eof) {
        double left = deadline_ms - now_ms();
        if (left <= 0)
            return;
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        int r = poll(&pfd, 1, (int)left + 1);
        if (r < 0 && errno != EINTR)
            return;
        if (r > 0)
            drain(fd, lg);
    }
}

/* Keeps reading the child's stderr (so it never blocks on a full pipe) until ms from now. */
static void idle_for(int fd, child_log *lg, double ms)
{
    double end = now_ms() + ms;
    for (;;) {
        double left = end - now_ms();
        if (left <= 0)
            return;
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        int r = poll(lg->eof ? NULL : &pfd, lg->eof ? 0 : 1, (int)left + 1);
        if (r > 0)
            drain(fd, lg);
    }
}

static int read_file(const char *path, char *buf, size_t len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t have = 0;
    for (;;) {
        ssize_t n = read(fd, buf + have, len - 1 - have);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        have += (size_t)n;
        if (have == len - 1)
            break;
    }
    close(fd);
    buf[have] = '\0';
    return have > 0 ? 0 : -1;
}

static long field_kb(const char *text, const char *name)
{
    const char *p = strstr(text, name);
    return p ? strtol(p + strlen(name), NULL, 10) : -1;
}

/* utime + stime of the whole process (all threads), in clock ticks; -1 on error. */
static long long cpu_ticks(pid_t pid)
{
    char path[64], buf[4096];
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    if (read_file(path, buf, sizeof(buf)) < 0)
        return -1;
    const char *p = strrchr(buf, ')'); /* the command name may hold spaces */
    if (!p)
        return -1;
    /* after ") ": state(3) ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime(14)
     * stime(15) */
    unsigned long long ut, st;
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
        return -1;
    return (long long)(ut + st);
}

static void show_log(const child_log *lg)
{
    if (lg->len)
        fprintf(stderr, "probe: the program said:\n%s", lg->buf);
}

static pid_t spawn(char **argv, int err_fd)
{
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, 0);
        dup2(null, 1);
    }
    dup2(err_fd < 0 ? null : err_fd, 2);
    execvp(argv[0], argv);
    fprintf(stderr, "probe: cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

/* Waits for pid until timeout_ms; kills it after that. Returns the wait status or -1. */
static int reap(pid_t pid, double timeout_ms)
{
    double end = now_ms() + timeout_ms;
    for (;;) {
        int status;
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            return status;
        if (r < 0 && errno != EINTR)
            return -1;
        if (now_ms() > end) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return -1;
        }
        struct timespec ts = {0, 2000000};
        nanosleep(&ts, NULL);
    }
}

static int run_to_end(char **argv)
{
    double t0 = now_ms();
    pid_t pid = spawn(argv, -1);
    if (pid < 0) {
        perror("probe: fork");
        return 1;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            perror("probe: waitpid");
            return 1;
        }
    double t1 = now_ms();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "probe: %s failed (status %d)\n", argv[0], status);
        return 1;
    }
    printf("run_ms=%.3f\n", t1 - t0);
    return 0;
}

int main(int argc, char **argv)
{
    double idle_s = 0;
    bool run_mode = false;
    int i = 1;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (!strcmp(argv[i], "--idle") && i + 1 < argc)
            idle_s = atof(argv[++i]);
        else if (!strcmp(argv[i], "--run"))
            run_mode = true;
        else
            break;
    }
    if (i >= argc || strcmp(argv[i], "--") != 0 || i + 1 >= argc || idle_s < 0) {
        fprintf(stderr,
                "usage: probe [--idle SECONDS] -- CMD [ARG...]\n       probe --run -- CMD [ARG...]\n");
        return 2;
    }
    char **cmd = argv + i + 1;
    if (run_mode)
        return run_to_end(cmd);

    int pfd[2];
    if (pipe2(pfd, O_CLOEXEC) < 0) {
        perror("probe: pipe");
        return 1;
    }
    static child_log lg;
    double t0 = now_ms();
    pid_t pid = spawn(cmd, pfd[1]);
    if (pid < 0) {
        perror("probe: fork");
        return 1;
    }
    close(pfd[1]);
    fcntl(pfd[0], F_SETFL, fcntl(pfd[0], F_GETFL) | O_NONBLOCK);

    double t1 = wait_for(pfd[0], &lg, "bench: first frame\n", t0 + FIRST_FRAME_TIMEOUT_MS);
    if (t1 < 0) {
        fprintf(stderr, "probe: no 'bench: first frame' from %s\n", cmd[0]);
        kill(pid, SIGKILL);
        reap(pid, EXIT_TIMEOUT_MS);
        show_log(&lg);
        return 1;
    }
    char path[64], smaps[8192];
    snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", (int)pid);
    int mem_ok = read_file(path, smaps, sizeof(smaps));
    long rss = mem_ok == 0 ? field_kb(smaps, "\nRss:") : -1;
    long pss = mem_ok == 0 ? field_kb(smaps, "\nPss:") : -1;
    long long c0 = cpu_ticks(pid);
    double w0 = now_ms();
    if (idle_s > 0)
        idle_for(pfd[0], &lg, idle_s * 1000.0);
    long long c1 = cpu_ticks(pid);
    double w1 = now_ms();
    kill(pid, SIGTERM);
    read_to_eof(pfd[0], &lg, now_ms() + EXIT_TIMEOUT_MS);
    int status = reap(pid, EXIT_TIMEOUT_MS);
    close(pfd[0]);

    unsigned long passes = 0, frames = 0;
    const char *end = strstr(lg.buf, "bench: ");
    bool counted = false;
    for (; end; end = strstr(end + 1, "bench: "))
        if (sscanf(end, "bench: %lu loop passes, %lu frames drawn", &passes, &frames) == 2)
            counted = true;
    if (rss < 0 || pss < 0 || c0 < 0 || c1 < 0 || !counted || status < 0 || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
        fprintf(stderr, "probe: %s: could not measure (memory %s, cpu %s, closing line %s, status %d)\n",
                cmd[0], rss < 0 || pss < 0 ? "no" : "ok", c0 < 0 || c1 < 0 ? "no" : "ok",
                counted ? "ok" : "missing", status);
        show_log(&lg);
        return 1;
    }
    printf("first_ms=%.3f rss_kb=%ld pss_kb=%ld cpu_ticks=%lld window_s=%.3f passes=%lu frames=%lu\n",
           t1 - t0, rss, pss, c1 - c0, (w1 - w0) / 1000.0, passes, frames);
    return 0;
}
