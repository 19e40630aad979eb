/* export_xlsx.h — the workbook of an export (resultaten.xlsx), for the evaluator in Dutch
 * Excel: sessions, counted answers, votes per option and a summary with native charts. */
#ifndef OOGST_EXPORT_XLSX_H
#define OOGST_EXPORT_XLSX_H

#include <stddef.h>

#include "export/export_data.h"

/* At most this many charts on the summary sheet, so a huge export stays fast; trend
 * charts come first, and a cell says how many were left out. */
enum { EXPORT_XLSX_MAX_CHARTS = 60 };

/* Writes the workbook to path (a file in a folder the caller owns; it is created or
 * replaced). Sheets, each with a bold frozen header row and an autofilter:
 *   Sessies       Sessie, Start, Einde, Script, Versie, Titel, Taal, Status, Invoer, Geteld
 *   Antwoorden    one row per counted input: Sessie, Stap, Staptype, Vraag-id, Vraag, Soort,
 *                 Optie, Optietekst, Waarde, Tekst, Tijd
 *   Stemmen       per session, choice/rating question and option: Sessie, Vraag-id, Vraag,
 *                 Optie, Optietekst, Aantal, Aandeel
 *   Samenvatting  per session and choice/rating question: Sessie, Vraag-id, Vraag, n,
 *                 Gemiddelde (ratings); below it the trend table (Start added) of every rating
 *                 question id asked in two or more sessions; a column chart per session and
 *                 question and a line chart per trend.
 * Times are local (TZ is honoured) Excel datetimes; text is always text, never a formula.
 * Worksheet data goes through libxlsxwriter's temporary files in the default temporary
 * folder (constant memory), not on the stick.
 * Returns 0, or -1 with a message in err; on failure the file at path is removed. */
int export_xlsx(const export_data *d, const char *path, char *err, size_t errlen);

#endif
