#!/usr/bin/env python3
"""Report unmarked repeats of labelled NAME/LOCATION strings within the same text."""
import json, os, re

HERE = os.path.dirname(os.path.abspath(__file__))
# common English words that are also labelled name tokens, used in another sense
EXCEPTIONS = set()

def main():
    problems = 0
    with open(os.path.join(HERE, "labels.jsonl"), encoding="utf-8") as fh:
        recs = [json.loads(l) for l in fh]
    for r in recs:
        with open(os.path.join(HERE, "essays", r["essay"] + ".txt"), encoding="utf-8") as fh:
            text = fh.read()
        covered = [False] * len(text)
        for s in r["spans"]:
            for i in range(s["start"], s["end"]):
                covered[i] = True
        seen = set()
        def report(kind, needle):
            nonlocal problems
            pat = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", re.I if kind != "token" else 0)
            for m in pat.finditer(text):
                if not any(covered[m.start():m.end()]):
                    key = (m.start(), needle)
                    if key in seen: continue
                    seen.add(key)
                    if needle.lower() in EXCEPTIONS: continue
                    problems += 1
                    ctx = text[max(0, m.start()-30):m.end()+30].replace("\n", " ")
                    print(f"{r['essay']}: unmarked {kind} {needle!r} at {m.start()}: ...{ctx}...")
        for s in r["spans"]:
            if s["category"] in ("NAME", "LOCATION"):
                report("string", s["text"])
            if s["category"] == "NAME":
                for tok in re.findall(r"[A-Z][\w'’-]{2,}", s["text"]):
                    report("token", tok)
    print(f"problems: {problems}")

if __name__ == "__main__":
    main()
