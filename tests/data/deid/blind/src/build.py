#!/usr/bin/env python3
"""Assemble the blind de-identification corpus from hand-written drafts.

Drafts live in src/batch_*.txt. Each essay starts with a line '### blind_NNN'.
Planted identifiers are marked inline as {{CATEGORY|surface text}}.
The markup is stripped and the character offsets (Python code points,
end exclusive) of each surface text are recorded in labels.jsonl.
"""
import glob
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CATS = {"NAME", "LOCATION", "DATE", "AGE", "PHONE", "EMAIL", "URL", "IP", "ID"}
MARK = re.compile(r"\{\{([A-Z]+)\|(.*?)\}\}", re.S)
HEAD = re.compile(r"^### (blind_\d{3})\s*$", re.M)


def parse_drafts():
    essays = {}
    for path in sorted(glob.glob(os.path.join(HERE, "batch_*.txt"))):
        raw = open(path, encoding="utf-8").read()
        parts = HEAD.split(raw)
        for i in range(1, len(parts), 2):
            eid, body = parts[i], parts[i + 1]
            if eid in essays:
                sys.exit(f"duplicate essay id {eid}")
            essays[eid] = body.strip() + "\n"
    return essays


def strip(marked, eid):
    out, spans, pos = [], [], 0
    cur = 0
    for m in MARK.finditer(marked):
        cat, surf = m.group(1), m.group(2)
        if cat not in CATS:
            sys.exit(f"{eid}: bad category {cat}")
        if not surf or surf != surf.strip():
            sys.exit(f"{eid}: bad surface {surf!r}")
        out.append(marked[pos:m.start()])
        cur += len(marked[pos:m.start()])
        spans.append({"start": cur, "end": cur + len(surf), "category": cat, "text": surf})
        out.append(surf)
        cur += len(surf)
        pos = m.end()
    out.append(marked[pos:])
    text = "".join(out)
    if "{{" in text or "}}" in text:
        sys.exit(f"{eid}: leftover markup")
    return text, spans


def main():
    essays = parse_drafts()
    os.makedirs(os.path.join(ROOT, "essays"), exist_ok=True)
    rows, cats, distinct = [], Counter(), Counter()
    words = {}
    for eid in sorted(essays):
        text, spans = strip(essays[eid], eid)
        with open(os.path.join(ROOT, "essays", eid + ".txt"), "w", encoding="utf-8", newline="") as f:
            f.write(text)
        rows.append({"essay": eid, "clean": not spans, "spans": spans})
        for s in spans:
            cats[s["category"]] += 1
        for c, t in {(s["category"], s["text"]) for s in spans}:
            distinct[c] += 1
        words[eid] = len(text.split())
    with open(os.path.join(ROOT, "labels.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    # report
    print("essays:", len(rows), "clean:", sum(r["clean"] for r in rows))
    print("span counts:", dict(sorted(cats.items())), "total", sum(cats.values()))
    print("distinct (per essay) counts:", dict(sorted(distinct.items())))
    bad = {k: v for k, v in words.items() if not 150 <= v <= 400}
    print("word range:", min(words.values()), max(words.values()), "out of range:", bad)
    per = Counter(len({(s["category"], s["text"]) for s in r["spans"]}) for r in rows)
    print("distinct identifiers per essay:", dict(sorted(per.items())))


if __name__ == "__main__":
    main()
