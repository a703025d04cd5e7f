import json, re
TITLES = {"Mr","Mrs","Ms","Mr.","Mrs.","Dr","Dr.","Madam","Gogo","Tatay","Mama","Auntie","Pan","Nana"}
for line in open("labels.jsonl", encoding="utf-8"):
    r = json.loads(line)
    t = open(f"essays/{r['essay']}.txt", encoding="utf-8").read()
    covered = set()
    for s in r["spans"]: covered.update(range(s["start"], s["end"]))
    toks = set()
    for s in r["spans"]:
        if s["category"] in ("NAME", "LOCATION"):
            toks.add(s["text"])
            if s["category"] == "NAME":
                for w in re.split(r"[\s]+", s["text"]):
                    if w not in TITLES and len(w) > 2: toks.add(w)
    for w in toks:
        for m in re.finditer(r"(?<!\w)" + re.escape(w) + r"(?!\w)", t):
            if not (set(range(m.start(), m.end())) <= covered):
                print(r["essay"], repr(w), m.start(), repr(t[max(0,m.start()-30):m.end()+30]))
