#!/usr/bin/env python3
"""Verify labels.jsonl against essays/*.txt and lint for unlabeled repeats.

Checks: every span text == essay[start:end]; spans in range, non-overlapping;
clean flag consistent; every essay file has exactly one label line.
Lint (warnings only): a labeled surface string (or a token of a labeled NAME)
that occurs elsewhere in the same essay outside any span.
Optional: --caps prints capitalised mid-sentence words for manual review.
"""
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CATS = {"NAME", "LOCATION", "DATE", "AGE", "PHONE", "EMAIL", "URL", "IP", "ID"}


def main():
    caps = "--caps" in sys.argv
    rows = [json.loads(l) for l in open(os.path.join(ROOT, "labels.jsonl"), encoding="utf-8")]
    files = sorted(f[:-4] for f in os.listdir(os.path.join(ROOT, "essays")) if f.endswith(".txt"))
    ids = [r["essay"] for r in rows]
    assert ids == files, "label lines and essay files differ"
    assert len(set(ids)) == len(ids)
    errors = 0
    for r in rows:
        raw = open(os.path.join(ROOT, "essays", r["essay"] + ".txt"), "rb").read()
        assert not raw.startswith(b"\xef\xbb\xbf"), "BOM"
        text = raw.decode("utf-8")
        assert r["clean"] == (len(r["spans"]) == 0), r["essay"]
        last = -1
        covered = [False] * len(text)
        for s in sorted(r["spans"], key=lambda s: s["start"]):
            if s["category"] not in CATS or text[s["start"]:s["end"]] != s["text"] or s["start"] < last:
                print("ERROR", r["essay"], s)
                errors += 1
            last = s["end"]
            for i in range(s["start"], s["end"]):
                covered[i] = True
        needles = set()
        for s in r["spans"]:
            needles.add(s["text"])
            if s["category"] == "NAME":
                for tok in re.findall(r"[\w'’-]+", s["text"]):
                    if len(tok) >= 3 and tok.lower() not in {"mrs", "mr", "miss", "dr", "the"}:
                        needles.add(tok)
        for n in needles:
            for m in re.finditer(r"(?<!\w)" + re.escape(n) + r"(?!\w)", text, re.I):
                if not any(covered[m.start():m.end()]):
                    print("WARN unlabeled repeat", r["essay"], repr(n), "at", m.start(),
                          repr(text[max(0, m.start() - 30):m.end() + 30]))
        if caps:
            words = set()
            for m in re.finditer(r"(?<=[a-z,;:)\]] )([A-Z][\w'’.-]+)", text):
                if not covered[m.start()]:
                    words.add(m.group(1))
            print(r["essay"], "clean" if r["clean"] else "", sorted(words))
    print("verified", len(rows), "essays;", errors, "errors")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
