#!/usr/bin/env python3
"""Build the blind4 corpus from src/part*.txt (standard library only).

Removes inline {{CATEGORY|text}} markup, writes essays/b4_NNN.txt and labels.jsonl.
"""
import glob
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "src")
OUT = os.path.join(HERE, "essays")
LABELS = os.path.join(HERE, "labels.jsonl")
CATS = {"NAME", "LOCATION", "DATE", "AGE", "PHONE", "EMAIL", "URL", "IP", "ID"}
HEADER = re.compile(r"^=== (b4_\d{3}) ===(?: (clean))?\s*$")
MARK = re.compile(r"\{\{([A-Z]+)\|([^{}|]+)\}\}")


def kind_of(eid):
    n = int(eid[3:])
    if n <= 40:
        return "essay"
    if n <= 80:
        return "survey"
    return "note"


def read_sources():
    texts = []  # (id, clean, raw)
    files = sorted(glob.glob(os.path.join(SRC, "part*.txt")),
                   key=lambda p: int(re.search(r"part(\d+)", p).group(1)))
    for path in files:
        cur = None
        with open(path, encoding="utf-8") as fh:
            for line in fh.read().split("\n"):
                m = HEADER.match(line)
                if m:
                    if cur:
                        texts.append(cur)
                    cur = [m.group(1), m.group(2) == "clean", []]
                elif line.startswith("==="):
                    sys.exit("bad header line in %s: %r" % (path, line))
                elif cur is not None:
                    cur[2].append(line)
                elif line.strip():
                    sys.exit("text before first header in %s" % path)
        if cur:
            texts.append(cur)
    return [(i, c, "\n".join(lines).strip() + "\n") for i, c, lines in texts]


def strip_markup(raw):
    out, spans, pos = [], [], 0
    length = 0
    for m in MARK.finditer(raw):
        chunk = raw[pos:m.start()]
        out.append(chunk)
        length += len(chunk)
        cat, txt = m.group(1), m.group(2)
        if cat not in CATS:
            raise ValueError("unknown category %r" % cat)
        if txt != txt.strip():
            raise ValueError("span has outer whitespace: %r" % txt)
        spans.append({"start": length, "end": length + len(txt),
                      "category": cat, "text": txt})
        out.append(txt)
        length += len(txt)
        pos = m.end()
    out.append(raw[pos:])
    text = "".join(out)
    if "{{" in text or "}}" in text:
        raise ValueError("leftover markup near %r" % text[text.find("{{") - 30:text.find("{{") + 30])
    return text, spans


def main():
    texts = read_sources()
    ids = [t[0] for t in texts]
    expected = ["b4_%03d" % n for n in range(1, 121)]
    partial = "--partial" in sys.argv
    if partial:
        assert ids == expected[:len(ids)], "ids out of order"
    else:
        assert ids == expected, "ids out of order or missing: %s" % sorted(set(expected) ^ set(ids))
    os.makedirs(OUT, exist_ok=True)
    records = []
    for eid, clean, raw in texts:
        text, spans = strip_markup(raw)
        for sp in spans:
            assert text[sp["start"]:sp["end"]] == sp["text"], (eid, sp)
        if clean:
            assert not spans, "%s marked clean but has spans" % eid
        else:
            assert spans, "%s not clean but has no spans" % eid
        with open(os.path.join(OUT, eid + ".txt"), "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        records.append({"essay": eid, "clean": clean, "spans": spans})
    with open(LABELS, "w", encoding="utf-8", newline="\n") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")

    # re-read from disk and verify again
    with open(LABELS, encoding="utf-8") as fh:
        back = [json.loads(l) for l in fh]
    assert partial or len(back) == 120
    for r in back:
        with open(os.path.join(OUT, r["essay"] + ".txt"), "rb") as fh:
            data = fh.read()
        assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data and data.endswith(b"\n")
        text = data.decode("utf-8")
        for sp in r["spans"]:
            assert text[sp["start"]:sp["end"]] == sp["text"], (r["essay"], sp)
        assert r["clean"] == (not r["spans"])

    cat_counts = Counter(sp["category"] for r in back for sp in r["spans"])
    kinds = Counter(kind_of(r["essay"]) for r in back)
    clean_kinds = Counter(kind_of(r["essay"]) for r in back if r["clean"])
    words = {}
    for r in back:
        with open(os.path.join(OUT, r["essay"] + ".txt"), encoding="utf-8") as fh:
            words.setdefault(kind_of(r["essay"]), []).append(len(fh.read().split()))
    print("texts:", len(back), "clean:", sum(r["clean"] for r in back))
    print("kinds:", dict(kinds), "clean per kind:", dict(clean_kinds))
    for k, v in sorted(words.items()):
        print("  words %-6s min %d max %d" % (k, min(v), max(v)))
    print("spans:", sum(cat_counts.values()))
    for c in sorted(CATS):
        print("  %-8s %d" % (c, cat_counts.get(c, 0)))
    per = Counter(len({(s["category"], s["text"]) for s in r["spans"]}) for r in back if not r["clean"])
    print("distinct identifiers per non-clean text:", dict(sorted(per.items())))


if __name__ == "__main__":
    main()
