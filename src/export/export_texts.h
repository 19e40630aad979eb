/* export_texts.h — LEESMIJ.txt (nl) and README.txt (en) of an export: what each file
 * and each column means, for the evaluator who opens the folder. */
#ifndef OOGST_EXPORT_TEXTS_H
#define OOGST_EXPORT_TEXTS_H

#include <stdio.h>

#include "export/export_data.h"

int export_readme_nl(const export_data *d, FILE *fp);
int export_readme_en(const export_data *d, FILE *fp);

#endif
