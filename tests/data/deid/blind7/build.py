#!/usr/bin/env python3
"""Build essays/*.txt and labels.jsonl from src/part*.txt (stdlib only)."""
import json, os, re, sys, glob
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "src")
OUT = os.path.join(HERE, "essays")
CATS = {"NAME", "LOCATION", "DATE", "AGE", "PHONE", "EMAIL", "URL", "IP", "ID"}
HEADER = re.compile(r"^=== (b7_\d{3}) ===( clean)?\s*$")
MARK = re.compile(r"\{\{([A-Z]+)\|([^{}|]+?)\}\}")


def parse_parts():
    texts = []
    files = sorted(glob.glob(os.path.join(SRC, "part*.txt")),
                   key=lambda p: int(re.search(r"part(\d+)", p).group(1)))
    for f in files:
        cur = None
        with open(f, encoding="utf-8") as fh:
            for line in fh.read().split("\n"):
                m = HEADER.match(line)
                if m:
                    cur = {"id": m.group(1), "clean": bool(m.group(2)), "lines": [], "file": f}
                    texts.append(cur)
                elif cur is not None:
                    cur["lines"].append(line)
                elif line.strip():
                    sys.exit(f"text before first header in {f}: {line!r}")
    return texts


def render(raw):
    out, spans, pos = [], [], 0
    length = 0
    for m in MARK.finditer(raw):
        chunk = raw[pos:m.start()]
        out.append(chunk); length += len(chunk)
        cat, val = m.group(1), m.group(2)
        assert cat in CATS, f"unknown category {cat}"
        spans.append({"start": length, "end": length + len(val), "category": cat, "text": val})
        out.append(val); length += len(val)
        pos = m.end()
    out.append(raw[pos:])
    text = "".join(out)
    assert "{{" not in text and "}}" not in text, "unparsed markup: " + text[text.find("{{")-30:text.find("{{")+60] if "{{" in text else text[text.find("}}")-60:text.find("}}")+5]
    return text, spans


def main():
    texts = parse_parts()
    os.makedirs(OUT, exist_ok=True)
    ids = [t["id"] for t in texts]
    assert len(ids) == len(set(ids)), "duplicate ids"
    expected = [f"b7_{i:03d}" for i in range(1, len(ids) + 1)]
    assert ids == expected, f"ids not consecutive: {[a for a,b in zip(ids,expected) if a!=b][:5]}"
    counts, records = Counter(), []
    nclean = 0
    for t in texts:
        lines = t["lines"]
        while lines and not lines[0].strip():
            lines = lines[1:]
        while lines and not lines[-1].strip():
            lines = lines[:-1]
        raw = "\n".join(l.rstrip() for l in lines)
        # strip leading/trailing whitespace before rendering so offsets stay right
        text, spans = render(raw)
        assert text == text.strip() or not text.strip() == "", t["id"]
        assert text.strip(), f"{t['id']} empty"
        if t["clean"]:
            nclean += 1
            assert not spans, f"{t['id']} marked clean but has spans"
        else:
            assert spans, f"{t['id']} not clean but has no spans"
        for s in spans:
            assert text[s["start"]:s["end"]] == s["text"], (t["id"], s)
            assert s["text"] == s["text"].strip(), (t["id"], "span has outer whitespace", s)
            counts[s["category"]] += 1
        path = os.path.join(OUT, t["id"] + ".txt")
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text + "\n")
        with open(path, encoding="utf-8", newline="") as fh:
            back = fh.read()
        assert back == text + "\n"
        for s in spans:
            assert back[s["start"]:s["end"]] == s["text"], (t["id"], s, "after reread")
        records.append({"essay": t["id"], "clean": t["clean"], "spans": spans})
    with open(os.path.join(HERE, "labels.jsonl"), "w", encoding="utf-8", newline="\n") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    # stale essay files
    for p in glob.glob(os.path.join(OUT, "*.txt")):
        if os.path.basename(p)[:-4] not in set(ids):
            os.remove(p)
    print(f"texts: {len(texts)}  clean: {nclean}  with identifiers: {len(texts)-nclean}")
    for c in ["NAME", "LOCATION", "DATE", "AGE", "PHONE", "EMAIL", "URL", "IP", "ID"]:
        print(f"  {c:9s} {counts[c]}")
    print(f"  {'TOTAL':9s} {sum(counts.values())}")


if __name__ == "__main__":
    main()
