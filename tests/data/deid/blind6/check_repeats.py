#!/usr/bin/env python3
"""Report unmarked repeats of labelled NAME/LOCATION strings inside the same text."""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# common English words that are also parts of labelled names, used in another sense
EXCEPTIONS = set()


def covered(spans, a, b):
    return any(s["start"] <= a and b <= s["end"] for s in spans)


def main():
    problems = 0
    with open(os.path.join(HERE, "labels.jsonl"), encoding="utf-8") as fh:
        recs = [json.loads(l) for l in fh]
    for r in recs:
        with open(os.path.join(HERE, "essays", r["essay"] + ".txt"), encoding="utf-8") as ef:
            text = ef.read()
        spans = r["spans"]
        seen = set()
        reported = set()
        for s in spans:
            if s["category"] not in ("NAME", "LOCATION"):
                continue
            targets = [(s["text"], re.IGNORECASE)]
            if s["category"] == "NAME":
                for tok in re.findall(r"[^\W\d_]+", s["text"]):
                    if len(tok) >= 3 and tok[0].isupper():
                        targets.append((tok, 0))
            for t, flags in targets:
                if (t, flags) in seen or t.lower() in EXCEPTIONS:
                    continue
                seen.add((t, flags))
                pat = re.compile(r"(?<![\w])" + re.escape(t) + r"(?![\w])", flags)
                for m in pat.finditer(text):
                    if not covered(spans, m.start(), m.end()) and (m.start(), m.end()) not in reported:
                        reported.add((m.start(), m.end()))
                        problems += 1
                        ctx = text[max(0, m.start() - 30):m.end() + 30].replace("\n", " ")
                        print(f"{r['essay']}: unmarked {s['category']} '{m.group(0)}' at {m.start()}: ...{ctx}...")
    print(f"problems: {problems}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
