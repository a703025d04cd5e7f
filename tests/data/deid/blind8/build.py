#!/usr/bin/env python3
"""Build essays/*.txt and labels.jsonl from src/part*.txt (stdlib only)."""
import json, os, re, sys, glob
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
CATS = {"NAME", "LOCATION", "DATE", "AGE", "PHONE", "EMAIL", "URL", "IP", "ID"}
HDR = re.compile(r"^=== (b8_\d{3}) ===( clean)?\s*$")
MARK = re.compile(r"\{\{([A-Z]+)\|([^{}|]+)\}\}")

def parse():
    texts = []
    files = sorted(glob.glob(os.path.join(HERE, "src", "part*.txt")),
                   key=lambda p: int(re.search(r"part(\d+)", p).group(1)))
    for f in files:
        cur = None
        with open(f, encoding="utf-8") as fh:
            for line in fh:
                line = line.rstrip("\n")
                m = HDR.match(line)
                if m:
                    cur = {"essay": m.group(1), "clean": bool(m.group(2)), "lines": []}
                    texts.append(cur)
                elif line.startswith("==="):
                    sys.exit(f"bad header in {f}: {line!r}")
                elif cur is not None:
                    cur["lines"].append(line)
    return texts

def render(raw):
    out, spans, pos = [], [], 0
    i = 0
    for m in MARK.finditer(raw):
        out.append(raw[i:m.start()]); pos += m.start() - i
        cat, txt = m.group(1), m.group(2)
        assert cat in CATS, f"unknown category {cat}"
        assert txt == txt.strip(), f"span has outer whitespace: {txt!r}"
        spans.append({"start": pos, "end": pos + len(txt), "category": cat, "text": txt})
        out.append(txt); pos += len(txt); i = m.end()
    out.append(raw[i:])
    text = "".join(out)
    assert "{{" not in text and "}}" not in text, "leftover markup"
    return text, spans

def main():
    texts = parse()
    ids = [t["essay"] for t in texts]
    assert len(ids) == len(set(ids)), "duplicate ids"
    os.makedirs(os.path.join(HERE, "essays"), exist_ok=True)
    counts, records = Counter(), []
    for t in texts:
        raw = "\n".join(t["lines"]).strip("\n")
        # strip leading/trailing blank lines (whitespace-only lines)
        lines = raw.split("\n")
        while lines and not lines[0].strip(): lines.pop(0)
        while lines and not lines[-1].strip(): lines.pop()
        raw = "\n".join(l.rstrip() for l in lines)
        text, spans = render(raw)
        for s in spans:
            assert text[s["start"]:s["end"]] == s["text"]
        if t["clean"]:
            assert not spans, f"{t['essay']} marked clean but has spans"
        else:
            assert spans, f"{t['essay']} not clean but has no spans"
        path = os.path.join(HERE, "essays", t["essay"] + ".txt")
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text + "\n")
        with open(path, encoding="utf-8", newline="") as fh:
            back = fh.read()
        assert back == text + "\n"
        for s in spans:
            assert back[s["start"]:s["end"]] == s["text"]
            counts[s["category"]] += 1
        records.append({"essay": t["essay"], "clean": t["clean"], "spans": spans})
    with open(os.path.join(HERE, "labels.jsonl"), "w", encoding="utf-8", newline="\n") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    n_clean = sum(r["clean"] for r in records)
    print(f"texts: {len(records)}  clean: {n_clean}  with identifiers: {len(records)-n_clean}")
    for c in ["NAME", "LOCATION", "DATE", "AGE", "PHONE", "EMAIL", "URL", "IP", "ID"]:
        print(f"{c:9s} {counts[c]}")
    print(f"total spans: {sum(counts.values())}")

if __name__ == "__main__":
    main()
