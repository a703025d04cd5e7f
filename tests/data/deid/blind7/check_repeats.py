#!/usr/bin/env python3
"""Report unmarked repeats of labelled NAME/LOCATION strings within the same text."""
import json, os, re

HERE = os.path.dirname(os.path.abspath(__file__))
# Common English words that are also labelled name tokens, used elsewhere in another sense.
EXCEPTIONS = set()


def covered(spans, a, b):
    return any(s["start"] <= a and b <= s["end"] for s in spans)


def main():
    problems = 0
    with open(os.path.join(HERE, "labels.jsonl"), encoding="utf-8") as fh:
        recs = [json.loads(l) for l in fh]
    for r in recs:
        with open(os.path.join(HERE, "essays", r["essay"] + ".txt"), encoding="utf-8") as fh:
            text = fh.read()
        spans = r["spans"]
        seen = set()
        for s in spans:
            if s["category"] not in ("NAME", "LOCATION"):
                continue
            val = s["text"]
            pat = re.compile(r"(?<!\w)" + re.escape(val) + r"(?!\w)", re.I)
            for m in pat.finditer(text):
                if not covered(spans, m.start(), m.end()) and (r["essay"], m.start(), val) not in seen:
                    seen.add((r["essay"], m.start(), val))
                    problems += 1
                    print(f"{r['essay']}: unmarked {s['category']} '{m.group(0)}' at {m.start()}")
            if s["category"] == "NAME":
                for tok in re.findall(r"[A-Za-z\u00C0-\u024F'’-]+", val):
                    if len(tok) < 3 or not tok[0].isupper() or tok.lower() in EXCEPTIONS:
                        continue
                    for m in re.finditer(r"(?<!\w)" + re.escape(tok) + r"(?!\w)", text):
                        if not covered(spans, m.start(), m.end()) and (r["essay"], m.start(), tok) not in seen:
                            seen.add((r["essay"], m.start(), tok))
                            problems += 1
                            print(f"{r['essay']}: unmarked name token '{tok}' at {m.start()}")
    print(f"problems: {problems}")
    return problems


if __name__ == "__main__":
    raise SystemExit(1 if main() else 0)
