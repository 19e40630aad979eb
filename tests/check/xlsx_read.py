#!/usr/bin/python3
"""xlsx_read.py — reads a workbook the way the evaluator's Excel would see it (openpyxl)
and either prints what it holds or checks it against an expectation.

    xlsx_read.py FILE              print a JSON summary of FILE
    xlsx_read.py FILE EXPECT       compare FILE with EXPECT; print every difference and
                                   exit 1 when there is one, 0 (and "ok: ...") when none

The summary, per sheet in workbook order (its name under "sheets"):
    freeze       the top-left unfrozen cell ("A2": the header row frozen), or null
    filter       the autofilter range ("A1:K13"), or null
    header_bold  every filled cell of row 1 is bold
    n_rows       rows in use (ws.max_row)
    rows         every row, ws.max_column cells each; a cell is
                   null                  empty
                   "text"                a text cell (data_type "s") — and only then a str;
                                         _xHHHH_ read as the character, as Excel does
                   3, 4.5                a number
                   {"dt": "2026-03-02 10:00:00.000"}   a date (openpyxl rounds to the ms)
                   {"f": "=SUM(A1)"}     a formula
                   {"b": true}           a boolean
                   {"other": "...", "type": "..."}     anything else
    formats      {"B2": "dd-mm-yyyy hh:mm", ...}: every cell whose number format is not General
    charts       [{"type": "BarChart", "title": "...", "cat": "Stemmen!$E$2:$E$4",
                   "val": "Stemmen!$F$2:$F$4", "anchor": "H2"}, ...] in the order they were added

EXPECT is a Python literal (ast.literal_eval, so single quotes do) of the same shape,
read as a subset: a dict names only the keys it checks; a list must match element by
element and in length; numbers match within 1e-9. Besides the summary's own keys a sheet
may have "row": {excel_row_number: [cells]} and "chart": {n: {...}} (the n-th chart,
from 1) to check single ones; the top level has "n_charts": {sheet: count}.
"""

import ast
import datetime
import json
import math
import re
import sys

import openpyxl
from openpyxl.utils import get_column_letter


def cell_value(c):
    v = c.value
    if v is None:
        return None
    if c.data_type == "f":
        return {"f": v}
    if c.data_type == "s":
        # Excel reads _xHHHH_ as the character (how control characters are stored);
        # openpyxl leaves inline strings as they are.
        return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), v)
    if isinstance(v, bool):
        return {"b": v}
    if isinstance(v, datetime.datetime):
        return {"dt": v.strftime("%Y-%m-%d %H:%M:%S.") + "%03d" % (v.microsecond // 1000)}
    if isinstance(v, (int, float)):
        return v
    return {"other": str(v), "type": c.data_type}


def text_of(title):
    """The plain text of a chart title (rich text runs), or None."""
    if title is None or title.tx is None or title.tx.rich is None:
        return None
    out = []
    for p in title.tx.rich.p:
        for r in p.r or []:
            out.append(r.t)
    return "".join(out)


def ref_of(source):
    if source is None:
        return None
    for name in ("numRef", "strRef"):
        r = getattr(source, name, None)
        if r is not None:
            return r.f
    return None


def chart_of(ch):
    s = ch.series[0] if ch.series else None
    anchor = None
    frm = getattr(getattr(ch, "anchor", None), "_from", None)
    if frm is not None:
        anchor = "%s%d" % (get_column_letter(frm.col + 1), frm.row + 1)
    return {
        "type": type(ch).__name__,
        "title": text_of(ch.title),
        "cat": ref_of(s.cat) if s else None,
        "val": ref_of(s.val) if s else None,
        "anchor": anchor,
    }


def summary(path):
    wb = openpyxl.load_workbook(path)
    out = {"sheets": wb.sheetnames, "n_charts": {}}
    for ws in wb.worksheets:
        rows, formats = [], {}
        for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column):
            rows.append([cell_value(c) for c in row])
            for c in row:
                if c.value is not None and c.number_format != "General":
                    formats[c.coordinate] = c.number_format
        head = [c for c in ws[1] if c.value is not None]
        out[ws.title] = {
            "freeze": ws.freeze_panes,
            "filter": ws.auto_filter.ref,
            "header_bold": bool(head) and all(c.font is not None and c.font.b for c in head),
            "n_rows": ws.max_row,
            "rows": rows,
            "formats": formats,
            "charts": [chart_of(ch) for ch in ws._charts],
        }
        out["n_charts"][ws.title] = len(ws._charts)
    return out


def compare(want, got, path, errors):
    if isinstance(want, dict) and path.endswith((".row", ".chart")):
        for n, w in want.items():
            if not isinstance(got, list) or n < 1 or n > len(got):
                errors.append("%s[%d]: there is none (%s in all)" % (path, n, len(got or [])))
            else:
                compare(w, got[n - 1], "%s[%d]" % (path, n), errors)
    elif isinstance(want, dict):
        if not isinstance(got, dict):
            errors.append("%s: expected %r, got %r" % (path, want, got))
            return
        for k, w in want.items():
            if k in ("row", "chart"):
                compare(w, got.get(k + "s"), "%s.%s" % (path, k), errors)
            elif k not in got:
                errors.append("%s.%s: missing (have %s)" % (path, k, sorted(got)))
            else:
                compare(w, got[k], "%s.%s" % (path, k), errors)
    elif isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            errors.append("%s: expected %r, got %r" % (path, want, got))
            return
        for i, (w, g) in enumerate(zip(want, got)):
            compare(w, g, "%s[%d]" % (path, i), errors)
    elif isinstance(want, bool) or want is None or isinstance(want, str):
        if type(got) is not type(want) or got != want:
            errors.append("%s: expected %r, got %r" % (path, want, got))
    elif isinstance(want, (int, float)):
        if (isinstance(got, bool) or not isinstance(got, (int, float))
                or not math.isclose(want, got, rel_tol=1e-9, abs_tol=1e-9)):
            errors.append("%s: expected %r, got %r" % (path, want, got))
    else:
        errors.append("%s: cannot compare %r" % (path, want))


def count_checks(want):
    if isinstance(want, dict):
        return sum(count_checks(v) for v in want.values())
    if isinstance(want, list):
        return sum(count_checks(v) for v in want) or 1
    return 1


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: xlsx_read.py FILE [EXPECT]", file=sys.stderr)
        return 2
    got = summary(argv[1])
    if len(argv) == 2:
        json.dump(got, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    with open(argv[2], encoding="utf-8") as f:
        want = ast.literal_eval(f.read())
    errors = []
    compare(want, got, "workbook", errors)
    for e in errors:
        print("xlsx_read: " + e)
    if errors:
        print("xlsx_read: %d difference(s) in %s" % (len(errors), argv[1]))
        return 1
    print("ok: %s matches (%d values checked)" % (argv[1], count_checks(want)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
