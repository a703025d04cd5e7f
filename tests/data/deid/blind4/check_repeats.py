#!/usr/bin/env python3
"""Report unmarked repeats of labelled NAME/LOCATION strings (standard library only).

For every text, looks for whole-word, case-insensitive occurrences, outside any
labelled span, of (a) each labelled NAME or LOCATION string and (b) each
capitalised token of 3+ letters taken from a labelled NAME.
"""
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    problems = 0
    with open(os.path.join(HERE, "labels.jsonl"), encoding="utf-8") as fh:
        records = [json.loads(l) for l in fh]
    for r in records:
        with open(os.path.join(HERE, "essays", r["essay"] + ".txt"), encoding="utf-8") as fh:
            text = fh.read()
        covered = [(s["start"], s["end"]) for s in r["spans"]]
        needles = set()
        for s in r["spans"]:
            if s["category"] in ("NAME", "LOCATION"):
                needles.add(s["text"])
            if s["category"] == "NAME":
                for tok in re.findall(r"[^\W\d_][\w'’-]*", s["text"]):
                    for part in re.split(r"[-'’]", tok):
                        if len(part) >= 3 and part[0].isupper():
                            needles.add(part)
        for nd in sorted(needles):
            pat = re.compile(r"(?<!\w)" + re.escape(nd) + r"(?!\w)", re.IGNORECASE)
            for m in pat.finditer(text):
                if any(a <= m.start() < b or a < m.end() <= b for a, b in covered):
                    continue
                problems += 1
                ctx = text[max(0, m.start() - 40):m.end() + 40].replace("\n", " ")
                print("%s: unmarked %r at %d: ...%s..." % (r["essay"], nd, m.start(), ctx))
    print("problems:", problems)
    return problems


if __name__ == "__main__":
    raise SystemExit(1 if main() else 0)
