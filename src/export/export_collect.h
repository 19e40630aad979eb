/* export_collect.h — the data of an export, read from the log (see export_data.h). */
#ifndef OOGST_EXPORT_COLLECT_H
#define OOGST_EXPORT_COLLECT_H

#include "export/export.h"
#include "export/export_data.h"

/* The sessions o chooses, with their questions and inputs; made_ms is when the export
 * is made. NULL with a message when the log cannot be read or memory runs out. */
export_data *export_collect(store *st, const export_opts *o, int64_t now_ms, char *err, size_t errlen);

#endif
