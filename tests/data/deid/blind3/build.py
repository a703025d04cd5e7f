#!/usr/bin/env python3
"""Build essays/*.txt and labels.jsonl from src/*.txt drafts (stdlib only).

Draft format: texts separated by a line "=== b3_NNN ===" (optionally followed
by the word "clean" to declare a text with no identifiers). Identifiers are
marked inline as {{CATEGORY|text}}.
"""
import glob, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
CATS = {"NAME", "LOCATION", "DATE", "AGE", "PHONE", "EMAIL", "URL", "IP", "ID"}
HEAD = re.compile(r"^=== (b3_\d{3}) ===(?:\s+(clean))?\s*$")
MARK = re.compile(r"\{\{([A-Z]+)\|([^{}|]+)\}\}")


def parse_sources():
    texts = []
    for path in sorted(glob.glob(os.path.join(HERE, "src", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        cur = None
        for line in lines:
            m = HEAD.match(line)
            if m:
                cur = {"id": m.group(1), "clean": bool(m.group(2)), "lines": [], "src": path}
                texts.append(cur)
            elif cur is not None:
                cur["lines"].append(line)
            elif line.strip():
                raise SystemExit(f"{path}: text before first header: {line!r}")
    return texts


def render(raw):
    out, spans, pos = [], [], 0
    length = 0
    for m in MARK.finditer(raw):
        chunk = raw[pos:m.start()]
        out.append(chunk); length += len(chunk)
        cat, txt = m.group(1), m.group(2)
        assert cat in CATS, f"unknown category {cat}"
        assert txt == txt.strip(), f"span has outer whitespace: {txt!r}"
        spans.append({"start": length, "end": length + len(txt), "category": cat, "text": txt})
        out.append(txt); length += len(txt)
        pos = m.end()
    out.append(raw[pos:])
    text = "".join(out)
    assert "{{" not in text and "}}" not in text, "unbalanced markup"
    return text, spans


def main():
    texts = parse_sources()
    ids = [t["id"] for t in texts]
    assert len(ids) == len(set(ids)), "duplicate ids"
    os.makedirs(os.path.join(HERE, "essays"), exist_ok=True)
    for old in glob.glob(os.path.join(HERE, "essays", "b3_*.txt")):
        os.remove(old)
    counts, nclean = {}, 0
    records = []
    for t in sorted(texts, key=lambda t: t["id"]):
        raw = "\n".join(t["lines"]).strip("\n")
        text, spans = render(raw)
        text = text.replace("\r\n", "\n").replace("\r", "\n") + "\n"
        assert not text.startswith("\ufeff")
        for s in spans:
            assert text[s["start"]:s["end"]] == s["text"], (t["id"], s)
        if t["clean"]:
            assert not spans, f"{t['id']} declared clean but has spans"
            nclean += 1
        else:
            assert spans, f"{t['id']} not declared clean but has no spans"
        for s in spans:
            counts[s["category"]] = counts.get(s["category"], 0) + 1
        with open(os.path.join(HERE, "essays", t["id"] + ".txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        records.append({"essay": t["id"], "clean": t["clean"], "spans": spans})
    with open(os.path.join(HERE, "labels.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    # re-verify from disk
    for r in records:
        with open(os.path.join(HERE, "essays", r["essay"] + ".txt"), encoding="utf-8") as f:
            text = f.read()
        for s in r["spans"]:
            assert text[s["start"]:s["end"]] == s["text"], (r["essay"], s)
    print(f"texts: {len(records)}  clean: {nclean}  labelled: {len(records) - nclean}")
    for c in sorted(CATS):
        print(f"  {c:9s} {counts.get(c, 0)}")
    print(f"  total     {sum(counts.values())}")


if __name__ == "__main__":
    main()
