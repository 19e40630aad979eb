/* export_csv.h — the CSV files of an export (see export_csv.c). Each writes to fp and
 * returns 0, or -1 when writing failed (ferror). */
#ifndef OOGST_EXPORT_CSV_H
#define OOGST_EXPORT_CSV_H

#include <stdio.h>

#include "export/export_data.h"

int export_responses_csv(const export_data *d, FILE *fp); /* responses.csv */
int export_answers_csv(const export_data *d, FILE *fp);   /* antwoorden.csv */
int export_summary_csv(const export_data *d, FILE *fp);   /* samenvatting.csv */

#endif
