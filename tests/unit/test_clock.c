/* test_clock.c — the menu's request to set the clock (app/clock.h): the file the system's
 * oogst-clock.service reads holds the seconds and a newline, appears whole (renamed into
 * place), replaces an earlier request, and is never written through a link. Only the
 * request is tested: clock_set itself would set this machine's clock when run as root. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/clock.h"

typedef struct dir {
    char path[PATH_MAX], req[PATH_MAX + 16], tmp[PATH_MAX + 32];
} dir;

static int setup(void **state)
{
    dir *d = calloc(1, sizeof(*d));
    snprintf(d->path, sizeof(d->path), "/tmp/oogst-clock-XXXXXX");
    if (!d || !mkdtemp(d->path))
        return -1;
    snprintf(d->req, sizeof(d->req), "%s/clock", d->path);
    snprintf(d->tmp, sizeof(d->tmp), "%s/clock.new", d->path);
    *state = d;
    return 0;
}

static int teardown(void **state)
{
    dir *d = *state;
    unlink(d->req);
    unlink(d->tmp);
    char other[PATH_MAX + 16];
    snprintf(other, sizeof(other), "%s/elsewhere", d->path);
    unlink(other);
    rmdir(d->path);
    free(d);
    return 0;
}

static void read_file(const char *path, char *buf, size_t len)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, len - 1, f);
    buf[n] = '\0';
    fclose(f);
}

/* The request holds the seconds and a newline, and nothing is left beside it. */
static void test_request_written_whole(void **state)
{
    dir *d = *state;
    char err[256] = "", buf[64];
    assert_int_equal(clock_request(1795424400, d->req, err, sizeof(err)), 1);
    read_file(d->req, buf, sizeof(buf));
    assert_string_equal(buf, "1795424400\n");
    assert_int_equal(access(d->tmp, F_OK), -1);
    /* a second request replaces the first */
    assert_int_equal(clock_request(1795428000, d->req, err, sizeof(err)), 1);
    read_file(d->req, buf, sizeof(buf));
    assert_string_equal(buf, "1795428000\n");
}

/* A link planted at the temporary name is not followed: its target stays untouched. */
static void test_no_write_through_a_link(void **state)
{
    dir *d = *state;
    char other[PATH_MAX + 16], err[256] = "", buf[64];
    snprintf(other, sizeof(other), "%s/elsewhere", d->path);
    FILE *f = fopen(other, "w");
    assert_non_null(f);
    fputs("untouched\n", f);
    fclose(f);
    assert_int_equal(symlink(other, d->tmp), 0);
    assert_int_equal(clock_request(1795424400, d->req, err, sizeof(err)), 1); /* the link is removed first */
    read_file(other, buf, sizeof(buf));
    assert_string_equal(buf, "untouched\n");
    read_file(d->req, buf, sizeof(buf));
    assert_string_equal(buf, "1795424400\n");
}

/* No place for the request: a message that names it. */
static void test_missing_folder(void **state)
{
    dir *d = *state;
    char path[PATH_MAX + 32], err[256] = "";
    snprintf(path, sizeof(path), "%s/no-such-folder/clock", d->path);
    assert_int_equal(clock_request(1795424400, path, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "no-such-folder"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_request_written_whole, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_write_through_a_link, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_folder, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
