#!/usr/bin/env python3
"""Find unmarked repeat mentions of labelled NAME/LOCATION strings (and the
individual capitalised tokens of multi-word names) inside the same text."""
import json, os, re, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import build

STOP = {"St", "Saint", "The", "Of", "Hospital", "Hospice", "Clinic", "Centre", "Center",
        "Road", "Rd", "Street", "Ln", "Lane", "Apt", "Avenue", "Ave", "Campus", "General",
        "Memorial", "House", "Health", "Care", "Cancer", "East", "West", "North", "South", "City"}


def main():
    problems = 0
    for t in build.parse_sources():
        raw = "\n".join(t["lines"]).strip("\n")
        text, spans = build.render(raw)
        covered = [False] * len(text)
        for s in spans:
            for i in range(s["start"], s["end"]):
                covered[i] = True
        needles = set()
        for s in spans:
            if s["category"] in ("NAME", "LOCATION"):
                needles.add(s["text"])
                if s["category"] == "NAME":
                    for tok in re.findall(r"[\w'\-]+", s["text"]):
                        if len(tok) >= 3 and tok not in STOP:
                            needles.add(tok)
        for n in sorted(needles):
            for m in re.finditer(r"(?<![\w])" + re.escape(n) + r"(?![\w])", text, flags=re.I):
                if not all(covered[m.start():m.end()]):
                    problems += 1
                    ctx = text[max(0, m.start() - 30):m.end() + 30].replace("\n", " ")
                    print(f"{t['id']}: unmarked {n!r} at {m.start()}: ...{ctx}...")
    print("problems:", problems)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
