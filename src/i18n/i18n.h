/* i18n.h — the screen language: UI strings looked up in gettext .mo catalogs that we read
 * ourselves. libc's gettext cannot serve here: the appliance usually has no nl_NL.UTF-8
 * locale generated, and glibc ignores LANGUAGE under the C locale, so the facilitator menu
 * could not switch the language at run time. The catalogs stay standard gettext
 * (assets/po/<lang>.po, compiled by msgfmt; msgids are English).
 *
 * Main thread only: the state is a pair of global catalogs and the current language. */
#ifndef OOGST_I18N_H
#define OOGST_I18N_H

#include <stdio.h>

/* Loads LOCALEDIR/<lang>/LC_MESSAGES/oogst.mo for lang in {"nl","en"}, replacing catalogs
 * loaded before. A missing or broken catalog is not fatal: its strings fall back to the
 * msgid (English); returns the number of catalogs loaded, and writes one line per problem to
 * err (may be NULL). A catalog is refused whole when the file is not a regular file (a
 * symlink too), is over 4 MiB, or any table offset, string offset or length points outside
 * it. Inside a good catalog, a translation whose printf conversions differ from its msgid's
 * is dropped (with a line to err): a wrong "%s" for "%u" would crash the screen. The current
 * language is kept. */
int i18n_init(const char *localedir, FILE *err);
/* Frees the catalogs; tr() returns msgids afterwards. Safe to call twice. Every pointer tr()
 * returned from a catalog becomes invalid. */
void i18n_free(void);
/* "nl" or "en" (exactly); returns 0. Anything else is ignored and returns -1. Default "nl".
 * Pointers tr() returned earlier stay valid (both catalogs stay loaded). */
int i18n_set_language(const char *lang);
/* "nl" or "en". */
const char *i18n_language(void);
/* The translation of msgid in the current language, or msgid itself (the same pointer) when
 * there is none or it is empty; never NULL (NULL gives ""). Binary search over the catalog's
 * sorted originals. For a plural entry the first form is given; a msgctxt entry is found
 * only as "context\004msgid". The result lives until i18n_init or i18n_free. */
const char *tr(const char *msgid);
/* Marks a string for xgettext without translating it (for static tables); translate it
 * with tr() where it is shown. */
#define N_(s) (s)

#endif
