#!/usr/bin/python3
"""export_roundtrip.py — reads an export folder back the way the evaluator's programs
do and compares every count and mean in it with the log it was made from.

    export_roundtrip.py SOURCE.db FOLDER [--sessions ID ...]

SOURCE.db is the kiosk's own database (opened read-only); FOLDER one export of it,
holding the sessions given with --sessions (default: every session in SOURCE.db). From
the database alone it works out, per session and question, the counted answers (the
table answers, which must agree with inputs.counted), n, the count per option (a rating
by its value) and the mean of a rating, and then checks:

  antwoorden.csv    UTF-8 BOM, ';', CRLF, the header of export_csv.c; one row per counted
                    input, field by field; the counts per session/question/option
  samenvatting.csv  BOM, ';', CRLF; per session and question n, the counts per option,
                    the mean with a decimal comma (the exact mean rounded to 2 decimals)
  responses.csv     RFC 4180 (the csv module's default dialect), CRLF, the fixed header;
                    one row per raw input, counted or not, field by field
  resultaten.xlsx   (openpyxl, through xlsx_read.summary) the four sheets; Sessies'
                    inputs and counted; Antwoorden row by row (dates are date cells);
                    Stemmen's counts and shares; Samenvatting's n and means (to 1e-9),
                    and its trend table
  rapport.html      an EXPECTED.json built from the database for html_read.py, which is
                    run on the page; its exit status decides. The one thing the database
                    cannot say, the time the export was made, comes from the folder's
                    name (Oogst-DEVICE-YYYY-MM-DD_HHMM), which the program takes from the
                    same clock reading
  oogst.db          opens, integrity_check is ok, and it is a full copy: the same number
                    of sessions, inputs and answers as the source, of every session
  LEESMIJ.txt, README.txt  there, not empty, and they name the number of sessions

Times are compared in local time: run it with the TZ the export was made in. Prints
every difference and exits 1 when there is one; 0 and one line of what was compared
when there is none; 2 on bad arguments."""

import csv
import datetime
import io
import json
import math
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from decimal import Decimal
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
try:
    import xlsx_read  # noqa: E402  (tests/check/xlsx_read.py, with openpyxl)
except ImportError as e:
    print("export_roundtrip: cannot read workbooks: %s (Debian: apt-get install python3-openpyxl; run it with "
          "/usr/bin/python3)" % e)
    sys.exit(1)

BOM = b"\xef\xbb\xbf"
FILES = {"resultaten.xlsx", "antwoorden.csv", "samenvatting.csv", "responses.csv", "rapport.html", "oogst.db",
         "LEESMIJ.txt", "README.txt"}
MAX_OPTIONS = 12  # SCRIPT_MAX_OPTIONS
HTML_MAX_TEXTS = 200  # EXPORT_HTML_MAX_TEXTS
RESPONSES_HEADER = ("device_id,session_id,session_started,script_id,script_version,step_index,step_type,"
                    "question_id,question_text,answer_kind,option_index,option_text,value,text,input,counted,at")
ANSWERS_HEADER = ("apparaat;sessie;sessie_start;script;versie;stap;staptype;vraag_id;vraag;soort;optie;"
                  "optietekst;waarde;tekst;tijd")
SUMMARY_HEADER = "sessie;sessie_start;script;vraag_id;vraag;soort;n;gemiddelde;" + ";".join(
    "optie_%d" % o for o in range(1, MAX_OPTIONS + 1))
KIND_CSV = {"choice": "keuze", "rating": "beoordeling", "text": "tekst"}
STATE_NL = {"finished": "afgerond", "interrupted": "onderbroken", "running": "bezig"}

problems = []


def problem(where, msg):
    problems.append("%s: %s" % (where, msg))


def same(where, what, got, want):
    if got != want:
        problem(where, "%s is %r, expected %r" % (what, got, want))
        return False
    return True


# ---- times, as the program writes them (local time, TZ honoured) -------------------------

def local(ms):
    return time.localtime(ms // 1000)


def nl_time(ms):  # antwoorden.csv, samenvatting.csv
    return time.strftime("%d-%m-%Y %H:%M:%S", local(ms)) if ms and ms > 0 else ""


def iso_local(ms):  # responses.csv
    tm = local(ms)
    off = tm.tm_gmtoff
    sign = "-" if off < 0 else "+"
    off = abs(off)
    return "%s.%03d%s%02d:%02d" % (time.strftime("%Y-%m-%dT%H:%M:%S", tm), ms % 1000, sign, off // 3600,
                                   off % 3600 // 60)


def html_time(ms, fmt="%d-%m-%Y %H:%M"):
    return time.strftime(fmt, local(ms))


def xlsx_ms(cell):
    """A date cell of xlsx_read's summary as ms since the epoch (local time), or None."""
    if not isinstance(cell, dict) or "dt" not in cell:
        return None
    dt = datetime.datetime.strptime(cell["dt"], "%Y-%m-%d %H:%M:%S.%f")
    return int(time.mktime(dt.replace(microsecond=0).timetuple())) * 1000 + dt.microsecond // 1000


# ---- numbers -----------------------------------------------------------------------------

def dec1(mean):
    """One decimal, half up, with a decimal comma (the report)."""
    t = math.floor(mean * 10 + Fraction(1, 2))
    return "%d,%d" % (t // 10, t % 10)


def opt(v):
    return str(v) if v else ""


# ---- the source database -----------------------------------------------------------------

def ro(path):
    return "file:%s?mode=ro" % urllib.parse.quote(os.path.abspath(path))


class Log:
    """What the database says about the chosen sessions."""

    def __init__(self, path, ids):
        db = sqlite3.connect(ro(path), uri=True)
        db.row_factory = sqlite3.Row
        self.device = db.execute("SELECT device_id FROM device WHERE id = 1").fetchone()[0]
        every = [dict(r) for r in db.execute(
            "SELECT id, script_id, script_version, title, language, state, started_wall_ms AS started,"
            " ended_wall_ms AS ended FROM sessions ORDER BY id")]
        self.totals = {t: db.execute("SELECT count(*) FROM %s" % t).fetchone()[0]
                       for t in ("sessions", "inputs", "answers", "questions", "options")}
        known = {s["id"] for s in every}
        if ids is None:
            ids = sorted(known)
        for i in ids:
            if i not in known:
                problem(path, "there is no session %d" % i)
        chosen = set(ids)
        self.sessions = [s for s in every if s["id"] in chosen]
        self.ids = [s["id"] for s in self.sessions]
        self.by_id = {s["id"]: s for s in self.sessions}
        # questions in the program's order: by session, step, then as they were logged
        self.questions = [dict(r) for r in db.execute(
            "SELECT id AS rowid, session_id AS session, step_index AS step, question_id AS qid, kind, text, scale"
            " FROM questions ORDER BY session_id, step_index, id") if r["session"] in chosen]
        self.q = {(q["session"], q["qid"]): q for q in self.questions}
        for q in self.questions:
            q["labels"] = {}
        for r in db.execute("SELECT session_id, question_id, option_index, text FROM options ORDER BY id"):
            q = self.q.get((r["session_id"], r["question_id"]))
            if q is not None and 1 <= r["option_index"] <= MAX_OPTIONS:
                q["labels"][r["option_index"]] = r["text"]
        for q in self.questions:
            if q["kind"] == "rating":
                q["points"] = q["scale"]
            elif q["kind"] == "choice":
                q["points"] = max(q["labels"], default=0)
            else:
                q["points"] = 0
        self.inputs = [dict(r) for r in db.execute(
            "SELECT id, session_id AS session, step_index AS step, coalesce(question_id, '') AS qid, source,"
            " option, value, coalesce(text, '') AS text, counted, reason, wall_ms AS at FROM inputs ORDER BY id")
            if r["session"] in chosen]
        for i in self.inputs:
            i["q"] = self.q.get((i["session"], i["qid"]))
        self.counted = [i for i in self.inputs if i["counted"]]
        answers = [dict(r) for r in db.execute(
            "SELECT input_id, session_id AS session, coalesce(question_id, '') AS qid, option, value,"
            " coalesce(text, '') AS text FROM answers ORDER BY id") if r["session"] in chosen]
        db.close()

        # the answers table and inputs.counted are two records of the same thing
        by_input = {i["id"]: i for i in self.inputs}
        if sorted(a["input_id"] for a in answers) != [i["id"] for i in self.counted]:
            problem(path, "the answers table (%d rows) and the inputs counted (%d) are not the same inputs"
                    % (len(answers), len(self.counted)))
        for a in answers:
            i = by_input.get(a["input_id"])
            if i and (a["session"], a["qid"], a["option"], a["value"], a["text"]) != (
                    i["session"], i["qid"], i["option"], i["value"], i["text"]):
                problem(path, "answer of input %d differs from the input" % a["input_id"])

        # the tally per question: n, count per option (a rating by its value), mean
        for q in self.questions:
            q["n"], q["counts"], q["sum"], q["texts"] = 0, Counter(), 0, []
        for i in self.counted:
            q = i["q"]
            if q is None:
                problem(path, "counted input %d belongs to no question of its session" % i["id"])
                continue
            q["n"] += 1
            if q["kind"] == "choice":
                q["counts"][i["option"]] += 1
            elif q["kind"] == "rating":
                q["counts"][i["value"]] += 1
                q["sum"] += i["value"]
            elif i["text"]:
                q["texts"].append(i["text"])
        for q in self.questions:
            rating = q["kind"] == "rating" and q["n"]
            q["mean"] = Fraction(q["sum"], q["n"]) if rating else None
            q["fmean"] = q["sum"] / q["n"] if rating else None
        self.per_session = {s: [q for q in self.questions if q["session"] == s] for s in self.ids}
        for s in self.sessions:
            s["invoer"] = sum(1 for i in self.inputs if i["session"] == s["id"])
            s["geteld"] = sum(1 for i in self.counted if i["session"] == s["id"])

    def label(self, q, o):
        return q["labels"].get(o, "") if q else ""

    def series(self):
        """The rating ids asked in two or more of the sessions: [(id, [question per session])],
        in the order each first appears (the report's and the workbook's trends)."""
        out = []
        for q in self.questions:
            if q["kind"] != "rating":
                continue
            per = []
            for s in self.ids:  # per session the first question with this id, if a rating
                first = next((x for x in self.per_session[s] if x["qid"] == q["qid"]), None)
                if first is not None and first["kind"] == "rating" and first["points"] >= 1:
                    per.append(first)
            if len(per) >= 2 and per[0] is q:
                out.append((q["qid"], per))
        return out


# ---- files -------------------------------------------------------------------------------

def read(folder, name):
    with open(os.path.join(folder, name), "rb") as f:
        return f.read()


def crlf(where, raw):
    bare = raw.count(b"\n") - raw.count(b"\r\n")
    if bare:
        problem(where, "%d line(s) end in LF alone, not CRLF" % bare)
    if not raw.endswith(b"\r\n"):
        problem(where, "the file does not end with CRLF")


def dutch_csv(where, raw):
    """The rows of a Dutch-Excel CSV file: BOM, ';', CRLF."""
    if not raw.startswith(BOM):
        problem(where, "no UTF-8 BOM at the start")
    elif raw.startswith(BOM + BOM):
        problem(where, "two BOMs at the start")
    crlf(where, raw)
    text = raw[len(BOM):].decode("utf-8") if raw.startswith(BOM) else raw.decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def nl_text(s):
    """A text as antwoorden.csv keeps it: a would-be formula gets a leading '."""
    return "'" + s if s and s[0] in "=+-@\t\r" else s


def compare_counts(where, log, got):
    """got: Counter of (session, question id, option) -> count; and n per question."""
    want = Counter()
    for q in log.questions:
        for o, c in q["counts"].items():
            want[(q["session"], q["qid"], o)] = c
    for k in sorted(set(want) | set(got), key=str):
        if want[k] != got[k]:
            problem(where, "session %s, %s, option %s: %d counted, the log has %d" % (k + (got[k], want[k])))


def check_answers_csv(folder, log):
    where = "antwoorden.csv"
    rows = dutch_csv(where, read(folder, where))
    if not rows or not same(where, "the header", ";".join(rows[0]), ANSWERS_HEADER):
        return 0
    body = rows[1:]
    same(where, "the number of rows", len(body), len(log.counted))
    got = Counter()
    for n, (row, i) in enumerate(zip(body, log.counted), 2):
        if not same(where, "line %d: the number of fields" % n, len(row), 15):
            continue
        q, se = i["q"], log.by_id[i["session"]]
        want = [log.device, str(i["session"]), nl_time(se["started"]), se["script_id"], str(se["script_version"]),
                str(i["step"] + 1), None, q["qid"] if q else "", q["text"] if q else "",
                KIND_CSV.get(q["kind"], "") if q else "", opt(i["option"]), log.label(q, i["option"]),
                opt(i["value"]), nl_text(i["text"]), nl_time(i["at"])]
        for name, g, w in zip(ANSWERS_HEADER.split(";"), row, want):
            if w is not None and g != w:
                problem(where, "line %d (input %d): %s is %r, expected %r" % (n, i["id"], name, g, w))
    for row in body:
        if len(row) == 15 and row[1].isdigit():
            kind = row[9]
            key = row[12] if kind == "beoordeling" else row[10] if kind == "keuze" else None
            if key:
                got[(int(row[1]), row[7], int(key))] += 1
    compare_counts(where, log, got)
    return len(body)


def check_summary_csv(folder, log):
    where = "samenvatting.csv"
    rows = dutch_csv(where, read(folder, where))
    if not rows or not same(where, "the header", ";".join(rows[0]), SUMMARY_HEADER):
        return 0
    body = rows[1:]
    same(where, "the number of rows", len(body), len(log.questions))
    seen = set()
    for n, row in enumerate(body, 2):
        if not same(where, "line %d: the number of fields" % n, len(row), 8 + MAX_OPTIONS):
            continue
        key = (int(row[0]) if row[0].isdigit() else row[0], row[3])
        q = log.q.get(key)
        if q is None or key in seen:
            problem(where, "line %d: session %s, question %s: %s" % (n, key[0], key[1],
                                                                   "again" if q else "not in the log"))
            continue
        seen.add(key)
        lab = "line %d (session %s, %s)" % (n, key[0], key[1])
        se = log.by_id[q["session"]]
        same(where, lab + ": sessie_start", row[1], nl_time(se["started"]))
        same(where, lab + ": script", row[2], se["script_id"])
        same(where, lab + ": vraag", row[4], q["text"])
        same(where, lab + ": soort", row[5], KIND_CSV.get(q["kind"], ""))
        same(where, lab + ": n", row[6], str(q["n"]))
        if q["mean"] is None:
            same(where, lab + ": gemiddelde", row[7], "")
        elif not re.fullmatch(r"\d+,\d\d", row[7]):
            problem(where, "%s: gemiddelde %r is not a number with a decimal comma and 2 decimals" % (lab, row[7]))
        elif abs(Fraction(Decimal(row[7].replace(",", "."))) - q["mean"]) > Fraction(1, 200):
            problem(where, "%s: gemiddelde is %s, the log's mean is %.4f (%d/%d)"
                    % (lab, row[7], float(q["mean"]), q["sum"], q["n"]))
        for o in range(1, MAX_OPTIONS + 1):
            want = str(q["counts"][o]) if q["kind"] != "text" and o <= q["points"] else ""
            same(where, "%s: optie_%d" % (lab, o), row[7 + o], want)
    for key in sorted(set(log.q) - seen):
        problem(where, "no line for session %s, question %s" % key)
    return len(body)


def check_responses_csv(folder, log):
    where = "responses.csv"
    raw = read(folder, where)
    if raw.startswith(BOM):
        problem(where, "starts with a BOM (RFC 4180 for analysts: plain UTF-8)")
    crlf(where, raw)
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    if not rows or not same(where, "the header", ",".join(rows[0]), RESPONSES_HEADER):
        return 0
    body = rows[1:]
    same(where, "the number of rows", len(body), len(log.inputs))
    names = RESPONSES_HEADER.split(",")
    for n, (row, i) in enumerate(zip(body, log.inputs), 2):
        if not same(where, "line %d: the number of fields" % n, len(row), len(names)):
            continue
        q, se = i["q"], log.by_id[i["session"]]
        want = [log.device, str(i["session"]), iso_local(se["started"]), se["script_id"], str(se["script_version"]),
                str(i["step"] + 1), None, q["qid"] if q else "", q["text"] if q else "", q["kind"] if q else "",
                opt(i["option"]), log.label(q, i["option"]), opt(i["value"]), i["text"], i["source"],
                str(i["counted"]), iso_local(i["at"])]
        for name, g, w in zip(names, row, want):
            if w is not None and g != w:
                problem(where, "line %d (input %d): %s is %r, expected %r" % (n, i["id"], name, g, w))
    counted = Counter(r[1] for r in body if len(r) == len(names) and r[15] == "1")
    for s in log.sessions:
        same(where, "session %d: rows with counted = 1" % s["id"], counted[str(s["id"])], s["geteld"])
    return len(body)


# ---- resultaten.xlsx ---------------------------------------------------------------------

def date_cell(where, what, cell, ms):
    """A date cell equal to ms (openpyxl reads to the ms, give or take one)."""
    got = xlsx_ms(cell)
    if got is None:
        problem(where, "%s is %r, not a date cell" % (what, cell))
    elif abs(got - ms) > 1:
        problem(where, "%s is %s, expected %s" % (what, cell["dt"], html_time(ms, "%Y-%m-%d %H:%M:%S")
                                                   + ".%03d" % (ms % 1000)))


def none_if_empty(s):
    return s if s else None


class Sheet:
    """A sheet's rows as {header: cell}; the columns are found by their names in row 1,
    so a column added, moved or left out elsewhere does not shift the ones compared."""

    def __init__(self, where, sheet, need):
        self.where = where
        rows = sheet["rows"]
        self.head = rows[0] if rows else []
        self.rows = [dict(zip(self.head, r)) for r in rows[1:]]
        self.raw = rows[1:]
        self.ok = True
        for name in need:
            if name not in self.head:
                problem(where, "no column %r (the header row is %r)" % (name, self.head))
                self.ok = False


def compare_row(where, lab, row, want):
    for name, w in want.items():
        if name in row and row[name] != w:
            problem(where, "%s: %s is %r, expected %r" % (lab, name, row[name], w))


def check_xlsx(folder, log):
    where = "resultaten.xlsx"
    try:
        wb = xlsx_read.summary(os.path.join(folder, where))
    except Exception as e:  # not a workbook openpyxl can read: that is the finding
        problem(where, "openpyxl cannot read it: %r" % e)
        return 0
    same(where, "the sheets", wb["sheets"], ["Sessies", "Antwoorden", "Stemmen", "Samenvatting"])
    if any(name not in wb for name in ("Sessies", "Antwoorden", "Stemmen", "Samenvatting")):
        return 0

    # Sessies: one row per session, its inputs and how many counted
    w = where + " Sessies"
    sh = Sheet(w, wb["Sessies"], ["Sessie", "Start", "Einde", "Invoer", "Geteld"])
    if sh.ok:
        same(w, "the number of rows", len(sh.rows), len(log.sessions))
        for r, se in zip(sh.rows, log.sessions):
            lab = "session %d" % se["id"]
            compare_row(w, lab, r, {"Sessie": se["id"], "Script": se["script_id"], "Versie": se["script_version"],
                                    "Titel": none_if_empty(se["title"]), "Taal": se["language"],
                                    "Status": se["state"], "Invoer": se["invoer"], "Geteld": se["geteld"]})
            date_cell(w, lab + ": Start", r["Start"], se["started"])
            if se["ended"]:
                date_cell(w, lab + ": Einde", r["Einde"], se["ended"])
            else:
                same(w, lab + ": Einde", r["Einde"], None)

    # Antwoorden: one row per counted input
    w = where + " Antwoorden"
    sh = Sheet(w, wb["Antwoorden"], ["Sessie", "Stap", "Vraag-id", "Soort", "Optie", "Waarde", "Tekst", "Tijd"])
    if sh.ok:
        same(w, "the number of rows", len(sh.rows), len(log.counted))
        got = Counter()
        for n, (r, i) in enumerate(zip(sh.rows, log.counted), 2):
            q = i["q"]
            lab = "row %d (input %d)" % (n, i["id"])
            o = i["option"] or i["value"]
            label = log.label(q, o) if q and o <= q["points"] else ""
            compare_row(w, lab, r, {
                "Sessie": i["session"], "Stap": i["step"] + 1, "Vraag-id": q["qid"] if q else None,
                "Vraag": q["text"] if q else None, "Soort": KIND_CSV.get(q["kind"]) if q else None,
                "Optie": i["option"] or None, "Optietekst": none_if_empty(label), "Waarde": i["value"] or None,
                "Tekst": none_if_empty(i["text"])})
            date_cell(w, lab + ": Tijd", r["Tijd"], i["at"])
        for r in sh.rows:
            key = r["Waarde"] if r["Soort"] == "beoordeling" else r["Optie"] if r["Soort"] == "keuze" else None
            if isinstance(r["Sessie"], (int, float)) and isinstance(key, (int, float)):
                got[(int(r["Sessie"]), r["Vraag-id"], int(key))] += 1
        compare_counts(w, log, got)

    # Stemmen: per choice or rating question of each session, a row per option
    w = where + " Stemmen"
    sh = Sheet(w, wb["Stemmen"], ["Sessie", "Vraag-id", "Optie", "Aantal", "Aandeel"])
    if sh.ok:
        want_rows = []
        for q in log.questions:
            if q["kind"] in ("choice", "rating"):
                for o in range(1, min(q["points"], MAX_OPTIONS) + 1):
                    c = q["counts"][o]
                    want_rows.append((q, o, c, c / q["n"] if q["n"] else None))
        same(w, "the number of rows", len(sh.rows), len(want_rows))
        got = Counter()
        for n, (r, (q, o, c, share)) in enumerate(zip(sh.rows, want_rows), 2):
            lab = "row %d (session %s, %s, option %s)" % (n, q["session"], q["qid"], o)
            compare_row(w, lab, r, {"Sessie": q["session"], "Vraag-id": q["qid"], "Vraag": q["text"], "Optie": o,
                                    "Optietekst": none_if_empty(log.label(q, o)), "Aantal": c})
            got_share = r["Aandeel"]
            if (got_share is None) != (share is None) or (
                    share is not None and (not isinstance(got_share, (int, float)) or abs(got_share - share) > 1e-9)):
                problem(w, "%s: Aandeel is %r, expected %r" % (lab, got_share, share))
        for r in sh.rows:
            if all(isinstance(r[k], (int, float)) for k in ("Sessie", "Optie", "Aantal")):
                got[(int(r["Sessie"]), r["Vraag-id"], int(r["Optie"]))] += int(r["Aantal"])
        compare_counts(w, log, got)

    # Samenvatting: n and mean per choice or rating question; then the trend table
    w = where + " Samenvatting"
    sh = Sheet(w, wb["Samenvatting"], ["Sessie", "Vraag-id", "n", "Gemiddelde"])
    if not sh.ok:
        return len(log.counted)
    main = []
    for r in sh.rows:
        if all(r[k] is None for k in sh.head if k):
            break
        main.append(r)
    voted = [q for q in log.questions if q["kind"] in ("choice", "rating")]
    same(w, "the number of rows of the summary table", len(main), len(voted))
    for n, (r, q) in enumerate(zip(main, voted), 2):
        lab = "row %d (session %d, %s)" % (n, q["session"], q["qid"])
        compare_row(w, lab, r, {"Sessie": q["session"], "Vraag-id": q["qid"], "Vraag": q["text"], "n": q["n"]})
        mean_cell(w, lab, r["Gemiddelde"], q)
    # below it: an empty row, a title, a header row (with Start), a row per session of each series
    series = log.series()
    rest = sh.raw[len(main):]
    start = next((k for k, r in enumerate(rest) if "Start" in r and "Sessie" in r), None)
    trend = []
    if start is not None:
        th = rest[start]
        trend = [dict(zip(th, r)) for r in rest[start + 1:] if any(c is not None for c in r)]
    elif series:
        problem(w, "no trend table (a header row with Start) below the summary")
    want_trend = [(qid, q) for qid, per in series for q in per]
    same(w, "the number of rows of the trend table", len(trend), len(want_trend))
    for n, (r, (qid, q)) in enumerate(zip(trend, want_trend), 1):
        lab = "trend row %d (%s, session %d)" % (n, qid, q["session"])
        compare_row(w, lab, r, {"Sessie": q["session"], "Vraag-id": qid, "n": q["n"]})
        mean_cell(w, lab, r.get("Gemiddelde"), q)
        date_cell(w, lab + ": Start", r.get("Start"), log.by_id[q["session"]]["started"])
    return len(log.counted)


def mean_cell(w, lab, cell, q):
    if q["fmean"] is None:
        same(w, lab + ": Gemiddelde", cell, None)
    elif not isinstance(cell, (int, float)) or isinstance(cell, bool) or abs(cell - q["fmean"]) > 1e-9:
        problem(w, "%s: Gemiddelde is %r, the log's mean is %r (%d/%d)" % (lab, cell, q["fmean"], q["sum"], q["n"]))


# ---- rapport.html ------------------------------------------------------------------------

def expected_html(folder, log):
    """EXPECTED.json for html_read.py, from the log (and the export's time from the folder name)."""
    m = re.fullmatch(r"Oogst-(.+)-(\d{4})-(\d\d)-(\d\d)_(\d\d)(\d\d)(?:-\d+)?", os.path.basename(folder))
    made = "%s-%s-%s %s:%s" % (m.group(4), m.group(3), m.group(2), m.group(5), m.group(6)) if m else "?"
    if not m:
        problem(folder, "the folder's name is not Oogst-DEVICE-YYYY-MM-DD_HHMM")
    elif m.group(1) != log.device:
        problem(folder, "the folder's name has device %r, the log %r" % (m.group(1), log.device))
    sessions = []
    for se in log.sessions:
        qs = []
        for q in sorted(log.per_session[se["id"]], key=lambda q: q["step"]):  # stable, as the page sorts
            k = min(q["points"], MAX_OPTIONS)
            qs.append({
                "id": q["qid"], "text": q["text"] or q["qid"], "kind": q["kind"], "n": q["n"],
                "labels": [q["labels"].get(o, "") for o in range(1, k + 1)],
                "counts": [q["counts"][o] for o in range(1, k + 1)],
                "mean": dec1(q["mean"]) if q["mean"] is not None else "",
                "answers": q["texts"][:HTML_MAX_TEXTS],
            })
        sessions.append({
            "title": se["title"] or "Sessie %d" % se["id"], "script": se["script_id"],
            "version": se["script_version"], "start": html_time(se["started"]),
            "end": html_time(se["ended"]) if se["ended"] else None,
            "state": STATE_NL.get(se["state"], se["state"]), "invoer": se["invoer"], "geteld": se["geteld"],
            "questions": qs,
        })
    series = []
    for qid, per in log.series():
        points = []
        for q in per:
            if not q["n"]:  # html_read expects a dot for every point; the page draws none without answers
                problem("rapport.html", "series %s: session %d has no answers; html_read.py cannot check that"
                        % (qid, q["session"]))
            points.append([html_time(log.by_id[q["session"]]["started"], "%d-%m-%Y"), q["n"],
                           dec1(q["mean"]) if q["n"] else "—"])
        series.append({"id": qid, "points": points})
    # typed answers that markup would break: html_read checks they are text, escaped
    hostile = sorted({t for q in log.questions for t in q["texts"][:HTML_MAX_TEXTS]
                      if re.search(r"[<>&]", t) and t == " ".join(t.split())})
    return {"device": log.device, "made": made, "round": 0, "sessions": sessions, "series": series,
            "hostile": hostile}


def check_html(folder, log):
    where = "rapport.html"
    want = expected_html(folder, log)
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as f:
        json.dump(want, f, ensure_ascii=False, indent=1)
    try:
        p = subprocess.run([sys.executable, os.path.join(HERE, "html_read.py"), os.path.join(folder, where), f.name],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, encoding="utf-8", check=False)
    finally:
        os.unlink(f.name)
    if p.returncode != 0:
        for line in p.stdout.splitlines() or ["(no output)"]:
            problem(where, "html_read.py (exit %d): %s" % (p.returncode, line))
    return len(want["series"])


# ---- oogst.db, the read-me files ---------------------------------------------------------

def check_copy(folder, log):
    where = "oogst.db"
    # The evaluator opens this copy, maybe on a write-protected stick: in WAL mode (file
    # format bytes 18 and 19 = 2) SQLite cannot read it there ("attempt to write a
    # readonly database"), and anywhere else opening it writes oogst.db-shm and
    # oogst.db-wal next to it. A copy to hand over is a rollback-journal file (1, 1).
    head = read(folder, where)[:100]
    if len(head) < 100 or not head.startswith(b"SQLite format 3\0"):
        problem(where, "not an SQLite 3 database")
        return
    if head[18] == 2 or head[19] == 2:
        problem(where, "the copy is in WAL mode (header bytes 18-19 are %d, %d): on a read-only stick it cannot "
                "be opened, and opening it elsewhere writes oogst.db-shm and oogst.db-wal beside it"
                % (head[18], head[19]))
    try:
        # immutable: nothing is written next to it (the copy is a WAL file: a plain read-only
        # open would make oogst.db-shm and oogst.db-wal on the stick)
        db = sqlite3.connect(ro(os.path.join(folder, where)) + "&immutable=1", uri=True)
        ok = db.execute("PRAGMA integrity_check").fetchall()
        same(where, "integrity_check", ok, [("ok",)])
        for t, n in log.totals.items():
            same(where, "rows in %s (every session)" % t, db.execute("SELECT count(*) FROM %s" % t).fetchone()[0], n)
        db.close()
    except sqlite3.Error as e:
        problem(where, "cannot be read: %s" % e)


def check_readmes(folder, log):
    for name, words in (("LEESMIJ.txt", "%d sessies"), ("README.txt", "%d sessions")):
        path = os.path.join(folder, name)
        if not os.path.isfile(path) or os.path.getsize(path) == 0:
            problem(name, "missing or empty")
            continue
        first = read(folder, name).decode("utf-8").split("\r\n", 1)[0]
        if (words % len(log.sessions)) not in first:
            problem(name, "the first line %r does not say %r" % (first, words % len(log.sessions)))


# ---- main --------------------------------------------------------------------------------

def main(argv):
    args, ids = argv[1:], None
    if "--sessions" in args:
        k = args.index("--sessions")
        try:
            ids = [int(a) for a in args[k + 1:]]
        except ValueError:
            ids = []
        args = args[:k]
        if not ids:
            print("export_roundtrip: --sessions wants one or more session numbers", file=sys.stderr)
            return 2
    if len(args) != 2:
        print("usage: export_roundtrip.py SOURCE.db FOLDER [--sessions ID ...]", file=sys.stderr)
        return 2
    source, folder = args
    folder = folder.rstrip("/")
    time.tzset()
    log = Log(source, ids)
    names = set(os.listdir(folder))
    for name in sorted(FILES - names):
        problem(folder, "no %s" % name)
    for name in sorted(names - FILES):
        problem(folder, "an unexpected %s" % name)
    counts = {}
    for name, fn in (("antwoorden.csv", check_answers_csv), ("samenvatting.csv", check_summary_csv),
                     ("responses.csv", check_responses_csv), ("resultaten.xlsx", check_xlsx),
                     ("rapport.html", check_html)):
        if name in names:
            try:
                counts[name] = fn(folder, log)
            except Exception as e:  # a file so malformed the check cannot go on is a finding too
                problem(name, "could not be read: %r" % e)
    if "oogst.db" in names:
        check_copy(folder, log)
    check_readmes(folder, log)

    label = os.path.join(os.path.basename(os.path.dirname(os.path.abspath(folder))), os.path.basename(folder))
    for p in problems:
        print("export_roundtrip: %s: %s" % (label, p))
    if problems:
        print("export_roundtrip: %s: %d problem(s), compared with %s" % (label, len(problems), source))
        return 1
    n_counts = sum(min(q["points"], MAX_OPTIONS) for q in log.questions if q["kind"] != "text")
    n_means = sum(1 for q in log.questions if q["mean"] is not None)
    print("export_roundtrip: %s: ok — sessions %s, %d questions, %d inputs (%d counted), %d option counts and "
          "%d means in antwoorden.csv, samenvatting.csv, responses.csv, resultaten.xlsx, rapport.html "
          "(%d series); oogst.db a full copy" % (label, ",".join(map(str, log.ids)), len(log.questions),
                                                 len(log.inputs), len(log.counted), n_counts, n_means,
                                                 counts.get("rapport.html", 0)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
