#!/usr/bin/env python3
"""Build essays/b6_NNN.txt and labels.jsonl from src/part*.txt (stdlib only)."""
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "src")
OUT = os.path.join(HERE, "essays")
LABELS = os.path.join(HERE, "labels.jsonl")
CATS = {"NAME", "LOCATION", "DATE", "AGE", "PHONE", "EMAIL", "URL", "IP", "ID"}
HEADER = re.compile(r"^=== (b6_\d{3}) ===( clean)?\s*$")
MARK = re.compile(r"\{\{([A-Z]+)\|([^{}|]+)\}\}")


def read_sources():
    texts = []
    parts = sorted(f for f in os.listdir(SRC) if re.fullmatch(r"part\d+\.txt", f))
    for fn in parts:
        with open(os.path.join(SRC, fn), encoding="utf-8") as fh:
            raw = fh.read()
        cur = None
        for line in raw.split("\n"):
            m = HEADER.match(line)
            if m:
                cur = {"id": m.group(1), "clean": bool(m.group(2)), "lines": [], "src": fn}
                texts.append(cur)
            elif line.startswith("==="):
                sys.exit(f"malformed header in {fn}: {line!r}")
            elif cur is not None:
                cur["lines"].append(line)
            elif line.strip():
                sys.exit(f"text before first header in {fn}: {line!r}")
    return texts


def strip_blank(lines):
    lines = [l.rstrip() for l in lines]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def render(body, tid):
    out, spans, pos = [], [], 0
    plen = 0
    for m in MARK.finditer(body):
        chunk = body[pos:m.start()]
        out.append(chunk)
        plen += len(chunk)
        cat, txt = m.group(1), m.group(2)
        if cat not in CATS:
            sys.exit(f"{tid}: unknown category {cat}")
        if txt != txt.strip():
            sys.exit(f"{tid}: span has outer whitespace: {txt!r}")
        spans.append({"start": plen, "end": plen + len(txt), "category": cat, "text": txt})
        out.append(txt)
        plen += len(txt)
        pos = m.end()
    out.append(body[pos:])
    plain = "".join(out)
    if "{{" in plain or "}}" in plain:
        sys.exit(f"{tid}: leftover markup")
    return plain + "\n", spans


def main():
    texts = read_sources()
    ids = [t["id"] for t in texts]
    if len(ids) != len(set(ids)):
        sys.exit("duplicate ids: " + str([i for i, c in Counter(ids).items() if c > 1]))
    expected = [f"b6_{i:03d}" for i in range(1, len(ids) + 1)]
    if ids != expected:
        sys.exit("ids not consecutive from b6_001")
    os.makedirs(OUT, exist_ok=True)
    cat_counts, n_clean = Counter(), 0
    records = []
    for t in texts:
        plain, spans = render(strip_blank(t["lines"]), t["id"])
        for s in spans:
            assert plain[s["start"]:s["end"]] == s["text"], (t["id"], s)
        if t["clean"]:
            assert not spans, f"{t['id']} is marked clean but has spans"
            n_clean += 1
        else:
            assert spans, f"{t['id']} is not clean but has no spans"
        path = os.path.join(OUT, t["id"] + ".txt")
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(plain)
        with open(path, encoding="utf-8", newline="") as fh:
            back = fh.read()
        assert back == plain, t["id"]
        assert not back.startswith("\ufeff") and "\r" not in back
        for s in spans:
            assert back[s["start"]:s["end"]] == s["text"], (t["id"], s)
            cat_counts[s["category"]] += 1
        records.append({"essay": t["id"], "clean": t["clean"], "spans": spans})
    with open(LABELS, "w", encoding="utf-8", newline="\n") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    # re-read labels and verify against essays on disk
    with open(LABELS, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            with open(os.path.join(OUT, r["essay"] + ".txt"), encoding="utf-8", newline="") as ef:
                e = ef.read()
            for s in r["spans"]:
                assert e[s["start"]:s["end"]] == s["text"], (r["essay"], s)
    print(f"texts: {len(records)}  clean: {n_clean}  with identifiers: {len(records) - n_clean}")
    print(f"spans total: {sum(cat_counts.values())}")
    for c in ["NAME", "LOCATION", "DATE", "AGE", "PHONE", "EMAIL", "URL", "IP", "ID"]:
        print(f"  {c:9s} {cat_counts[c]}")


if __name__ == "__main__":
    main()
