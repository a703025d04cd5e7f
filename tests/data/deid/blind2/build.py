#!/usr/bin/env python3
"""Strip {{CATEGORY|text}} markup from src/*.txt drafts, write essays/ and labels.jsonl, verify spans."""
import re, json, os, glob, sys, collections
CATS = ["NAME","LOCATION","DATE","AGE","PHONE","EMAIL","URL","IP","ID"]
PAT = re.compile(r"\{\{(" + "|".join(CATS) + r")\|([^{}|]+)\}\}")
here = os.path.dirname(os.path.abspath(__file__))
srcs = sorted(glob.glob(os.path.join(here, "src", "b2_*.txt")))
counts = collections.Counter(); clean = 0; out = []
for p in srcs:
    eid = os.path.basename(p)[:-4]
    raw = open(p, encoding="utf-8").read().rstrip() + "\n"
    text = []; spans = []; pos = 0; last = 0
    for m in PAT.finditer(raw):
        text.append(raw[last:m.start()]); pos += m.start() - last
        t = m.group(2); spans.append({"start": pos, "end": pos + len(t), "category": m.group(1), "text": t})
        text.append(t); pos += len(t); last = m.end()
    text.append(raw[last:]); text = "".join(text)
    assert "{{" not in text and "}}" not in text, (eid, "leftover markup")
    for s in spans:
        assert text[s["start"]:s["end"]] == s["text"], (eid, s)
        counts[s["category"]] += 1
    if not spans: clean += 1
    distinct = {(x["category"], x["text"].lower()) for x in spans}
    if len(distinct) > 4: print("WARN >4 distinct identifiers", eid, len(distinct))
    open(os.path.join(here, "essays", eid + ".txt"), "w", encoding="utf-8").write(text)
    out.append({"essay": eid, "clean": not spans, "spans": spans})
with open(os.path.join(here, "labels.jsonl"), "w", encoding="utf-8") as f:
    for r in out: f.write(json.dumps(r, ensure_ascii=False) + "\n")
# re-verify from written files
for r in out:
    t = open(os.path.join(here, "essays", r["essay"] + ".txt"), encoding="utf-8").read()
    assert not t.startswith("\ufeff")
    for s in r["spans"]: assert t[s["start"]:s["end"]] == s["text"]
print("texts", len(out), "clean", clean, "planted", len(out) - clean)
for c in CATS: print(f"  {c:9s}{counts[c]}")
print("  total", sum(counts.values()))
