#!/usr/bin/env python3
"""Report unmarked repeats of labelled NAME/LOCATION strings (and name tokens) per text."""
import json, os, re

HERE = os.path.dirname(os.path.abspath(__file__))

def main():
    problems = 0
    with open(os.path.join(HERE, "labels.jsonl"), encoding="utf-8") as f:
        recs = [json.loads(l) for l in f]
    for r in recs:
        with open(os.path.join(HERE, "essays", r["essay"] + ".txt"), encoding="utf-8") as g:
            text = g.read()
        spans = r["spans"]
        needles = set()
        for s in spans:
            if s["category"] in ("NAME", "LOCATION"):
                needles.add(s["text"])
            if s["category"] == "NAME":
                for tok in re.findall(r"[^\W\d_][\w'\-]*", s["text"]):
                    if len(tok) >= 3 and tok[0].isupper():
                        needles.add(tok)
        for n in sorted(needles):
            pat = re.compile(r"(?<!\w)" + re.escape(n) + r"(?!\w)", re.IGNORECASE)
            for m in pat.finditer(text):
                if not any(s["start"] <= m.start() and m.end() <= s["end"] for s in spans):
                    problems += 1
                    ctx = text[max(0, m.start() - 30):m.end() + 30].replace("\n", " ")
                    print("%s: unmarked %r at %d: ...%s..." % (r["essay"], n, m.start(), ctx))
    print("problems: %d" % problems)
    return 1 if problems else 0

if __name__ == "__main__":
    raise SystemExit(main())
