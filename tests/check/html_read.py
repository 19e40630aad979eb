#!/usr/bin/python3
"""html_read.py — reads rapport.html the way a browser's parser does (html.parser, no
third-party modules) and checks it against what the test put into the export.

    html_read.py RAPPORT.html EXPECTED.json

EXPECTED.json (written by tests/unit/test_export_html.c):
    {"device": str, "made": "dd-mm-jjjj uu:mm", "round": int,
     "sessions": [{"title", "script", "version", "start", "end" (null: not ended),
                   "state" (Dutch), "invoer", "geteld",
                   "questions": [{"id", "text", "kind": choice|rating|text, "n",
                                  "labels": [...], "counts": [...], "mean": "3,2",
                                  "answers": [...]}]}],
     "series": [{"id", "points": [["dd-mm-jjjj", n, "3,2"], ...]}],
     "hostile": [texts that must appear only as text]}

Exits 0 when the page is right; otherwise prints every problem and exits 1. The safety
checks (no script, no event handlers, no remote URL, a title in every svg) hold for any
page, whatever EXPECTED.json says."""

import json
import re
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00"]
GREY = "#999999"
TRACK = "#EEEEEE"
URL = re.compile(r"\b(?:https?|ftp|file|data|javascript):", re.I)

problems = []


def problem(msg):
    problems.append(msg)


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []  # Node or str

    def elements(self, tag=None, cls=None):
        """Every element below, in document order."""
        for c in self.children:
            if isinstance(c, Node):
                if (tag is None or c.tag == tag) and (cls is None or cls in c.attrs.get("class", "").split()):
                    yield c
                yield from c.elements(tag, cls)

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def clean(self):
        return " ".join(self.text().split())

    def kids(self, tag):
        return [c for c in self.children if isinstance(c, Node) and c.tag == tag]


class Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [], None)
        self.cur = self.root

    def check_attrs(self, tag, attrs):
        if tag == "script":
            problem("a <script> element")
        for name, value in attrs:
            if name.lower().startswith("on"):
                problem(f"an event handler attribute {name}= on <{tag}>")
            if value and URL.search(value):
                problem(f"a URL in <{tag} {name}={value!r}>")
            local = (value or "").startswith("#")
            if name in ("src", "href", "xlink:href", "action", "srcset", "poster") and not local:
                problem(f"<{tag} {name}={value!r}> points outside the page")
        if tag in ("iframe", "object", "embed", "img", "link", "base", "form", "audio", "video"):
            problem(f"a <{tag}> element")

    def handle_starttag(self, tag, attrs):
        self.check_attrs(tag, attrs)
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.check_attrs(tag, attrs)
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is self.root:
            problem(f"</{tag}> closes nothing")
            return
        if n is not self.cur:
            problem(f"</{tag}> closes <{self.cur.tag}> too")
        self.cur = n.parent

    def handle_data(self, data):
        if self.cur.tag == "style" and (URL.search(data) or "@import" in data or "url(" in data):
            problem("the style sheet loads something")
        self.cur.children.append(data)


def expect(cond, msg):
    if not cond:
        problem(msg)
    return cond


def same(label, got, want):
    return expect(got == want, f"{label} is {got!r}, expected {want!r}")


def pct(c, n):
    return (200 * c + n) // (2 * n) if n else 0


def bar_label(q, i):
    label = q["labels"][i] if i < len(q["labels"]) else ""
    if q["kind"] == "rating":
        return f"{i + 1} · {label}" if label else str(i + 1)
    return label or f"Keuze {i + 1}"


def check_safety(raw, root):
    html = root.kids("html")
    if expect(len(html) == 1, "not one <html> element"):
        expect(html[0].attrs.get("lang") == "nl", '<html> without lang="nl"')
    metas = list(root.elements("meta"))
    expect(any(m.attrs.get("charset", "").lower() == "utf-8" for m in metas), "no <meta charset=utf-8>")
    expect(
        any(
            m.attrs.get("name") == "viewport"
            and m.attrs.get("content") == "width=device-width, initial-scale=1"
            for m in metas
        ),
        "no viewport meta",
    )
    styles = list(root.elements("style"))
    expect(any("@media print" in s.text() for s in styles), "no print style sheet")
    expect(raw.lstrip().lower().startswith("<!doctype html>"), "no <!DOCTYPE html>")
    for svg in root.elements("svg"):
        titles = svg.kids("title")
        expect(titles and titles[0].clean(), "an <svg> without a <title>")
        expect("viewBox" in svg.attrs or "viewbox" in svg.attrs, "an <svg> without a viewBox")
    # anywhere at all, markup or text: the test's data holds no address, so any is ours
    for m in re.finditer(r"https?://[^\s\"'<>]*", raw, re.I):
        problem(f"a URL in the file: {m.group(0)!r}")


def check_header(root, want):
    h1 = list(root.elements("h1"))
    expect(h1 and h1[0].clean() == "Oogst — resultaten", "no <h1> 'Oogst — resultaten'")
    header = list(root.elements("header"))
    if not expect(header, "no <header>"):
        return
    text = header[0].clean()
    meta = {}
    for dl in header[0].kids("dl"):
        meta.update({dt.clean(): dd.clean() for dt, dd in zip(dl.kids("dt"), dl.kids("dd"))})
    same("header: Apparaat", meta.get("Apparaat"), want["device"])
    same("header: Gemaakt op", meta.get("Gemaakt op"), want["made"])
    same("header: Sessies", meta.get("Sessies"), str(len(want["sessions"])))
    r = want.get("round", 0)
    if r:
        unit = "minuut" if r == 1 else "minuten"
        expect(f"Tijden zijn afgerond op {r} {unit}" in text, "the rounding is not mentioned")
    else:
        expect("afgerond op" not in text, "rounding mentioned but not on")
    if not want["sessions"]:
        expect("geen sessies" in text, "an empty export does not say so")


def check_bars(q, div, label):
    n = q["n"]
    svgs = list(div.elements("svg"))
    if not expect(len(svgs) == 1, f"{label}: {len(svgs)} charts, not 1"):
        return
    svg = svgs[0]
    words = [t.clean() for t in svg.elements("text")]
    k = len(q["counts"])
    expect(len(words) == 2 * k, f"{label}: {len(words)} texts in the chart, expected {2 * k}")
    for i, c in enumerate(q["counts"]):
        shown = f"{c} ({pct(c, n)}%)"
        expect(
            2 * i + 1 < len(words) and words[2 * i + 1] == shown,
            f"{label}: option {i + 1} shows {words[2 * i + 1] if 2 * i + 1 < len(words) else None!r}, "
            f"expected {shown!r}",
        )
        lab = bar_label(q, i)
        got = words[2 * i] if 2 * i < len(words) else ""
        short = got.endswith("…") and lab.startswith(got[:-1])
        expect(got == lab or short, f"{label}: option {i + 1} is labelled {got!r}, expected {lab!r}")
    rects = list(svg.elements("rect"))
    tracks = [r for r in rects if r.attrs.get("fill", "").upper() == TRACK]
    bars = [r for r in rects if r.attrs.get("fill", "").upper() != TRACK]
    expect(len(tracks) == k, f"{label}: {len(tracks)} bar tracks for {k} options")
    nonzero = [i for i, c in enumerate(q["counts"]) if c]
    fills = [b.attrs.get("fill", "").upper() for b in bars]
    want_fills = [OKABE_ITO[i] if i < 6 else GREY for i in nonzero]
    expect(fills == want_fills, f"{label}: bar colours {fills}, expected {want_fills}")
    if tracks and len(bars) == len(nonzero):
        full = int(tracks[0].attrs["width"])
        for b, i in zip(bars, nonzero):
            w, exact = int(b.attrs["width"]), full * q["counts"][i] / n
            expect(abs(w - exact) <= 2, f"{label}: bar {i + 1} is {w} long, expected about {exact:.0f}")
    # the same numbers as text outside the picture
    rows = [[td.clean() for td in tr.kids("td")] for tr in div.elements("tr")]
    rows = [r for r in rows if r]
    want_rows = [[bar_label(q, i), str(c), f"{pct(c, n)}%"] for i, c in enumerate(q["counts"])]
    expect(rows == want_rows, f"{label}: the table says {rows}, expected {want_rows}")
    ns = [p.clean() for p in div.elements("p", "n")]
    line = f"n = {n}"
    if q["kind"] == "rating" and n:
        line += f" · gemiddeld {q['mean']}"
        expect("," in q["mean"], f"{label}: expected mean {q['mean']!r} has no decimal comma")
    expect(ns == [line], f"{label}: the figures line is {ns}, expected [{line!r}]")


def check_texts(q, div, label):
    items = [" ".join(li.text().split()) for li in div.elements("li")]
    want = q["answers"]
    shown = [" ".join(a.split()) for a in want]
    expect(items == shown, f"{label}: the answers are {items}, expected {shown}")
    words = div.clean()
    expect(f"n = {q['n']}" in words, f"{label}: no 'n = {q['n']}'")
    if not want:
        expect("Geen antwoorden" in words, f"{label}: no 'Geen antwoorden'")
    expect(not list(div.elements("svg")), f"{label}: a chart for a text question")


def check_sessions(root, want):
    sections = list(root.elements("section", "sessie"))
    if not same("sessions", len(sections), len(want["sessions"])):
        return
    for s, (sec, ws) in enumerate(zip(sections, want["sessions"]), 1):
        h2 = sec.kids("h2")
        expect(h2 and h2[0].clean() == ws["title"], f"session {s}: title {h2[0].clean() if h2 else None!r}")
        meta = {}
        for dl in sec.kids("dl"):
            dts, dds = dl.kids("dt"), dl.kids("dd")
            meta.update({dt.clean(): dd.clean() for dt, dd in zip(dts, dds)})
        same(f"session {s}: Script", meta.get("Script"), f"{ws['script']}, versie {ws['version']}")
        same(f"session {s}: Begin", meta.get("Begin"), ws["start"])
        end = ws["end"] or "nog niet afgesloten"
        same(f"session {s}: Einde", meta.get("Einde"), end)
        same(f"session {s}: Status", meta.get("Status"), ws["state"])
        same(f"session {s}: Invoer", meta.get("Invoer"), str(ws["invoer"]))
        same(f"session {s}: Geteld", meta.get("Geteld"), str(ws["geteld"]))
        divs = list(sec.elements("div", "vraag"))
        if not expect(len(divs) == len(ws["questions"]), f"session {s}: {len(divs)} questions"):
            continue
        for div, q in zip(divs, ws["questions"]):
            label = f"session {s}, question {q['id']}"
            h3 = div.kids("h3")
            expect(h3 and h3[0].text() == q["text"], f"{label}: heading {h3[0].text() if h3 else None!r}")
            expect(q["id"] in div.elements("p", "klein").__next__().clean(), f"{label}: id not shown")
            if q["kind"] == "text":
                check_texts(q, div, label)
            else:
                check_bars(q, div, label)


def check_series(root, want):
    sec = [e for e in root.elements("section") if e.attrs.get("id") == "reeks"]
    if not want["sessions"]:
        expect(not sec, "a series section in an empty export")
        return
    if not expect(len(sec) == 1, "no section 'Over de reeks'"):
        return
    h2 = sec[0].kids("h2")
    expect(h2 and h2[0].clean() == "Over de reeks", "the series section has no heading 'Over de reeks'")
    charts = list(sec[0].elements("div", "reeks"))
    expect(len(charts) == len(want["series"]), f"{len(charts)} series charts, expected {len(want['series'])}")
    for div, ws in zip(charts, want["series"]):
        ids = [e.clean() for e in div.elements("span", "vraag-id")]
        expect(ids == [ws["id"]], f"series chart for {ids}, expected {ws['id']!r}")
        svgs = list(div.elements("svg"))
        if expect(len(svgs) == 1, f"series {ws['id']}: {len(svgs)} charts"):
            circles = list(svgs[0].elements("circle"))
            same(f"series {ws['id']}: points", len(circles), len(ws["points"]))
            lines = list(svgs[0].elements("polyline"))
            npts = len(lines[0].attrs.get("points", "").split()) if lines else 0
            expect(npts == len(ws["points"]), f"series {ws['id']}: the line has {npts} points")
            # a higher mean is drawn higher (smaller y)
            ys = [int(c.attrs["cy"]) for c in circles]
            means = [float(p[2].replace(",", ".")) for p in ws["points"]]
            for a in range(min(len(ys), len(means))):
                for b in range(min(len(ys), len(means))):
                    if means[a] > means[b]:
                        expect(ys[a] < ys[b], f"series {ws['id']}: point {a + 1} is not above point {b + 1}")
        rows = [[td.clean() for td in tr.kids("td")] for tr in div.elements("tr")]
        rows = [r for r in rows if r]
        heads = [th.clean() for th in div.elements("th")]
        expect(heads == ["datum", "n", "gemiddeld"], f"series {ws['id']}: table heads {heads}")
        want_rows = [[p[0], str(p[1]), p[2]] for p in ws["points"]]
        expect(rows == want_rows, f"series {ws['id']}: table {rows}, expected {want_rows}")


def check_hostile(raw, root, want):
    for h in want.get("hostile", []):
        texts = [li.text() for li in root.elements("li")]
        expect(h in texts, f"hostile answer {h!r} is not shown as text")
        expect(h not in raw, f"hostile answer {h!r} is in the file unescaped")


def main():
    if len(sys.argv) != 3:
        print("usage: html_read.py RAPPORT.html EXPECTED.json", file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:  # not UTF-8: an exception, and a failure
        raw = f.read()
    with open(sys.argv[2], encoding="utf-8") as f:
        want = json.load(f)
    p = Tree()
    p.feed(raw)
    p.close()
    if p.cur is not p.root:
        problem(f"<{p.cur.tag}> is never closed")
    check_safety(raw, p.root)
    check_header(p.root, want)
    check_sessions(p.root, want)
    check_series(p.root, want)
    check_hostile(raw, p.root, want)
    for msg in problems:
        print(f"html_read: {sys.argv[1]}: {msg}")
    if problems:
        return 1
    print(f"html_read: {sys.argv[1]}: ok ({len(want['sessions'])} sessions, {len(want['series'])} series)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as e:  # a crash is no verdict: 3, which the tests tell from 1
        print(f"html_read: could not check {sys.argv[1:]}: {e!r}")
        sys.exit(3)
