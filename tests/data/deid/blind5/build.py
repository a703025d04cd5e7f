#!/usr/bin/env python3
"""Build essays/ and labels.jsonl from the marked-up drafts in src/ (stdlib only)."""
import json, os, re, glob

HERE = os.path.dirname(os.path.abspath(__file__))
CATS = {"NAME", "LOCATION", "DATE", "AGE", "PHONE", "EMAIL", "URL", "IP", "ID"}
HDR = re.compile(r"^=== (b5_\d{3}) ===(?:\s+(clean))?\s*$")
MARK = re.compile(r"\{\{([A-Z]+)\|(.*?)\}\}")

def parse():
    texts = []
    files = sorted(glob.glob(os.path.join(HERE, "src", "part*.txt")),
                   key=lambda p: int(re.search(r"part(\d+)", p).group(1)))
    for fn in files:
        cur = None
        with open(fn, encoding="utf-8") as f:
            for line in f.read().split("\n"):
                m = HDR.match(line)
                if m:
                    cur = [m.group(1), bool(m.group(2)), []]
                    texts.append(cur)
                elif cur is not None:
                    cur[2].append(line)
                elif line.strip():
                    raise SystemExit("text before first header in %s" % fn)
    return texts

def strip(raw):
    out, spans, pos = [], [], 0
    length = 0
    for m in MARK.finditer(raw):
        cat, val = m.group(1), m.group(2)
        assert cat in CATS, "bad category %r" % cat
        assert val and val == val.strip(), "bad span text %r" % val
        chunk = raw[pos:m.start()]
        out.append(chunk); length += len(chunk)
        spans.append({"start": length, "end": length + len(val), "category": cat, "text": val})
        out.append(val); length += len(val)
        pos = m.end()
    out.append(raw[pos:])
    text = "".join(out)
    assert "{{" not in text and "}}" not in text, "stray markup: %r" % text[:80]
    return text, spans

def main():
    texts = parse()
    ids = [t[0] for t in texts]
    assert len(ids) == len(set(ids)), "duplicate ids"
    os.makedirs(os.path.join(HERE, "essays"), exist_ok=True)
    records = []
    for eid, clean, lines in texts:
        raw = "\n".join(lines).strip() + "\n"
        text, spans = strip(raw)
        for s in spans:
            assert text[s["start"]:s["end"]] == s["text"]
        if clean:
            assert not spans, "%s marked clean but has spans" % eid
        else:
            assert spans, "%s not clean but has no spans" % eid
        with open(os.path.join(HERE, "essays", eid + ".txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        records.append({"essay": eid, "clean": clean, "spans": spans})
    with open(os.path.join(HERE, "labels.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    # read back and verify
    counts, nclean = {}, 0
    with open(os.path.join(HERE, "labels.jsonl"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            with open(os.path.join(HERE, "essays", r["essay"] + ".txt"), encoding="utf-8", newline="") as g:
                text = g.read()
            assert not text.startswith("\ufeff") and text.endswith("\n") and "\r" not in text
            for s in r["spans"]:
                assert text[s["start"]:s["end"]] == s["text"], (r["essay"], s)
                counts[s["category"]] = counts.get(s["category"], 0) + 1
            nclean += r["clean"]
    print("texts: %d  clean: %d" % (len(records), nclean))
    for c in sorted(counts):
        print("  %-8s %d" % (c, counts[c]))
    print("  total    %d" % sum(counts.values()))

if __name__ == "__main__":
    main()
