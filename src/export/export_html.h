/* export_html.h — rapport.html: the report an evaluator opens in any browser, on a phone
 * or on paper. One self-contained page in Dutch with inline SVG charts: no scripts, no
 * remote resources, every number also as text. */
#ifndef OOGST_EXPORT_HTML_H
#define OOGST_EXPORT_HTML_H

#include <stddef.h>
#include <stdio.h>

#include "export/export_data.h"

/* The text answers listed per question; the rest is counted and left to the CSV, so a
 * session with 100 000 answers still gives a page a phone can open. */
enum { EXPORT_HTML_MAX_TEXTS = 200 };

/* Writes the report of d to out (a header, a section per session with a chart or list
 * per question, and the rating questions asked in two or more sessions as a series).
 * Times are shown in local time (TZ is honoured). Everything from scripts and
 * participants is escaped. Flushes out; returns 0, or -1 with a message in err when
 * writing failed or memory ran out. The caller opens and closes out. */
int export_html(const export_data *d, FILE *out, char *err, size_t errlen);

#endif
