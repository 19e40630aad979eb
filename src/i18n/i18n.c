/* i18n.c — owns the loaded .mo catalogs (one per screen language), the current language, and
 * the reader of the GNU .mo format (see i18n.h for why we do not use libc's gettext).
 *
 * The .mo file is read whole into one buffer; every offset and length is checked once at load
 * time, so tr() afterwards only compares NUL-terminated strings inside that buffer. */
#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

enum { LANG_NL, LANG_EN, LANG_COUNT };

/* Our catalogs are a few kB; the cap keeps a wrong file (say a video copied over the .mo)
 * from costing the Pi its memory. */
#define MO_MAX_SIZE (4u * 1024u * 1024u)
#define MO_MAGIC    0x950412deu
/* magic, revision, N, originals offset, translations offset, hash size, hash offset */
#define MO_HEADER_SIZE 28u

typedef struct mo_entry {
    const char *orig;  /* the msgid (a plural entry continues after its NUL) */
    const char *trans; /* NULL: empty or refused translation, tr() gives the msgid */
} mo_entry;

typedef struct catalog {
    char *data;  /* the whole file plus a NUL; every string points into it */
    mo_entry *e; /* sorted by orig with strcmp, header entry left out */
    size_t n;
} catalog;

static const char *const lang_names[LANG_COUNT] = {"nl", "en"};
static catalog cats[LANG_COUNT];
static int current = LANG_NL;

__attribute__((format(printf, 3, 4))) static void report(FILE *err, const char *path, const char *fmt, ...)
{
    if (!err)
        return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(err, "%s: ", path);
    vfprintf(err, fmt, ap);
    fputc('\n', err);
    va_end(ap);
}

static uint32_t get_u32(const char *data, size_t off, bool swapped)
{
    uint32_t v;
    memcpy(&v, data + off, sizeof(v));
    if (swapped)
        v = (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
    return v;
}

/* Reads the string descriptor at table offset tab, entry i (the table itself was checked to
 * lie inside the file). NULL when the string does not lie inside the file with its NUL. */
static const char *get_string(const char *data, size_t size, uint32_t tab, uint32_t i, bool swapped)
{
    size_t d = (size_t)tab + (size_t)i * 8u;
    uint64_t len = get_u32(data, d, swapped);
    uint64_t off = get_u32(data, d + 4, swapped);
    if (off + len >= size || data[off + len] != '\0')
        return NULL;
    return data + off;
}

/* Reads the whole file; NULL with a report on any problem. O_NOFOLLOW and the regular-file
 * check keep a planted symlink or a device from being read; O_NONBLOCK keeps a FIFO from
 * blocking the start-up in open() (it changes nothing for a regular file). */
static char *read_file(const char *path, size_t *size, FILE *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ELOOP)
            report(err, path, "is a symbolic link; refused");
        else
            report(err, path, "%s", strerror(errno));
        return NULL;
    }
    char *data = NULL;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        report(err, path, "%s", strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        report(err, path, "not a regular file");
        goto out;
    }
    if (st.st_size > (off_t)MO_MAX_SIZE) {
        report(err, path, "larger than 4 MiB (%lld bytes); refused", (long long)st.st_size);
        goto out;
    }
    if (st.st_size < (off_t)MO_HEADER_SIZE) {
        report(err, path, "too short for a .mo file (%lld bytes)", (long long)st.st_size);
        goto out;
    }
    size_t want = (size_t)st.st_size;
    data = malloc(want + 1);
    if (!data) {
        report(err, path, "out of memory");
        goto out;
    }
    size_t got = 0;
    while (got < want) {
        ssize_t r = read(fd, data + got, want - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            report(err, path, "%s", r < 0 ? strerror(errno) : "file shrank while reading");
            free(data);
            data = NULL;
            goto out;
        }
        got += (size_t)r;
    }
    data[want] = '\0';
    *size = want;
out:
    close(fd);
    return data;
}

/* Next printf conversion in *p, as its argument signature: '*' for each star, then the length
 * modifier and the conversion letter; flags, widths and precisions do not change what is read
 * from the arguments. Returns false at the end of the string (the first NUL). */
static bool next_conversion(const char **p, char sig[16])
{
    const char *s = *p;
    for (;;) {
        s = strchr(s, '%');
        if (!s) {
            *p = NULL;
            return false;
        }
        if (s[1] == '%') {
            s += 2;
            continue;
        }
        break;
    }
    size_t n = 0;
    s++;
    while (*s && strchr("0123456789$#-+ '.*I", *s)) {
        if ((*s == '*' || *s == '$') && n < 15)
            sig[n++] = *s;
        s++;
    }
    while (*s && strchr("hlLqjzt", *s)) {
        if (n < 15)
            sig[n++] = *s;
        s++;
    }
    if (*s && n < 15)
        sig[n++] = *s++;
    sig[n] = '\0';
    *p = s;
    return true;
}

/* True when the translation reads the same arguments as the msgid, in the same order. */
static bool same_conversions(const char *msgid, const char *trans)
{
    const char *a = msgid, *b = trans;
    for (;;) {
        char sa[16], sb[16];
        bool ha = a && next_conversion(&a, sa);
        bool hb = b && next_conversion(&b, sb);
        if (ha != hb)
            return false;
        if (!ha)
            return true;
        if (strcmp(sa, sb) != 0)
            return false;
    }
}

/* The header's charset must be one SDL_ttf can draw as it is (it takes UTF-8). No header or
 * no charset: msgfmt always writes one, so only a hand-made file lacks it; accept. */
static bool charset_ok(const char *header)
{
    const char *c = strstr(header, "charset=");
    if (!c)
        return true;
    c += strlen("charset=");
    size_t len = strcspn(c, " \t\r\n;");
    static const char *const ok[] = {"UTF-8", "utf8", "ASCII", "US-ASCII"};
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        if (strlen(ok[i]) == len && strncasecmp(c, ok[i], len) == 0)
            return true;
    return false;
}

static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const mo_entry *)a)->orig, ((const mo_entry *)b)->orig);
}

static void catalog_clear(catalog *c)
{
    free(c->e);
    free(c->data);
    memset(c, 0, sizeof(*c));
}

/* Loads and checks one .mo file into c; -1 with a report when it is refused. */
static int catalog_load(catalog *c, const char *path, FILE *err)
{
    size_t size = 0;
    char *data = read_file(path, &size, err);
    if (!data)
        return -1;
    mo_entry *e = NULL;

    uint32_t magic;
    memcpy(&magic, data, sizeof(magic));
    bool swapped = magic != MO_MAGIC;
    if (swapped && get_u32(data, 0, true) != MO_MAGIC) {
        report(err, path, "not a .mo file (magic 0x%08x)", (unsigned)magic);
        goto fail;
    }
    /* Only the major revision changes the layout; minor revision 1 adds system-dependent
     * strings after the tables we read, as GNU gettext's own reader also accepts. */
    uint32_t revision = get_u32(data, 4, swapped);
    if (revision >> 16 != 0) {
        report(err, path, "unsupported .mo revision %u.%u", (unsigned)(revision >> 16),
               (unsigned)(revision & 0xffffu));
        goto fail;
    }
    uint32_t n = get_u32(data, 8, swapped);
    uint32_t orig_tab = get_u32(data, 12, swapped);
    uint32_t trans_tab = get_u32(data, 16, swapped);
    uint64_t tab_bytes = (uint64_t)n * 8u;
    if ((uint64_t)orig_tab + tab_bytes > size || (uint64_t)trans_tab + tab_bytes > size) {
        report(err, path, "string tables (%u entries at %u and %u) extend beyond the end (%zu bytes)",
               (unsigned)n, (unsigned)orig_tab, (unsigned)trans_tab, size);
        goto fail;
    }
    e = calloc(n ? n : 1, sizeof(*e));
    if (!e) {
        report(err, path, "out of memory");
        goto fail;
    }
    size_t m = 0;
    bool sorted = true;
    for (uint32_t i = 0; i < n; i++) {
        const char *orig = get_string(data, size, orig_tab, i, swapped);
        const char *trans = get_string(data, size, trans_tab, i, swapped);
        if (!orig || !trans) {
            report(err, path, "entry %u: %s string lies outside the file or lacks its NUL", (unsigned)i,
                   orig ? "translated" : "original");
            goto fail;
        }
        if (orig[0] == '\0') { /* the header entry, not a UI string */
            if (!charset_ok(trans)) {
                report(err, path, "charset is not UTF-8; refused");
                goto fail;
            }
            continue;
        }
        if (trans[0] == '\0') {
            trans = NULL;
        } else if (!same_conversions(orig, trans)) {
            report(err, path, "\"%.60s\": translation has other %% conversions; the msgid is shown", orig);
            trans = NULL;
        }
        if (m > 0 && strcmp(e[m - 1].orig, orig) >= 0)
            sorted = false;
        e[m].orig = orig;
        e[m].trans = trans;
        m++;
    }
    /* msgfmt writes the originals sorted; a file from another tool may not be. */
    if (!sorted)
        qsort(e, m, sizeof(*e), entry_cmp);
    c->data = data;
    c->e = e;
    c->n = m;
    return 0;
fail:
    free(e);
    free(data);
    return -1;
}

int i18n_init(const char *localedir, FILE *err)
{
    i18n_free();
    int loaded = 0;
    for (int l = 0; l < LANG_COUNT; l++) {
        char path[PATH_MAX];
        if (!localedir) {
            report(err, lang_names[l], "no locale directory given; using the English msgids");
            continue;
        }
        int len = snprintf(path, sizeof(path), "%s/%s/LC_MESSAGES/oogst.mo", localedir, lang_names[l]);
        if (len < 0 || (size_t)len >= sizeof(path)) {
            report(err, lang_names[l], "path of the catalog is too long");
            continue;
        }
        if (catalog_load(&cats[l], path, err) == 0)
            loaded++;
    }
    return loaded;
}

void i18n_free(void)
{
    for (int l = 0; l < LANG_COUNT; l++)
        catalog_clear(&cats[l]);
}

int i18n_set_language(const char *lang)
{
    if (!lang)
        return -1;
    for (int l = 0; l < LANG_COUNT; l++) {
        if (strcmp(lang, lang_names[l]) == 0) {
            current = l;
            return 0;
        }
    }
    return -1;
}

const char *i18n_language(void)
{
    return lang_names[current];
}

const char *tr(const char *msgid)
{
    if (!msgid)
        return "";
    const catalog *c = &cats[current];
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(msgid, c->e[mid].orig);
        if (cmp == 0)
            return c->e[mid].trans ? c->e[mid].trans : msgid;
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return msgid;
}
