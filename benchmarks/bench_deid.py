"""Throughput of the deid detectors on the labelled corpus, with quality, and Presidio's ratio.

Usage: PYTHONPATH=workflow:tests python benchmarks/bench_deid.py [--presidio-python PYTHON]

Prints MB/s of ``scan_text`` on one core over the generated corpus (tests/deid_corpus.py), the
quality figures on the same corpus, and, when ``--presidio-python`` names an interpreter with
``presidio-analyzer`` installed (kept out of the project venv), the throughput and recall of
Presidio's pattern recognizers (no NLP model) on the same texts, for a ratio. Figures only; no
assertions.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from pathlib import Path

from deid_corpus import make_corpus
from thematic.deid import scan_text
from thematic.deid.evaluate import Planted, score

# Run inside the Presidio interpreter: pattern recognizers only (no spaCy model is loaded).
PRESIDIO_SCRIPT = r"""
import json, sys, time
from presidio_analyzer import predefined_recognizers as p
texts = json.load(open(sys.argv[1]))
names = ["CreditCardRecognizer", "DateRecognizer", "EmailRecognizer", "IbanRecognizer",
         "IpRecognizer", "MedicalLicenseRecognizer", "NhsRecognizer", "UrlRecognizer",
         "UsSsnRecognizer", "UsLicenseRecognizer", "UsPassportRecognizer", "UsBankRecognizer",
         "UsItinRecognizer", "UkNinoRecognizer", "UkPostcodeRecognizer", "AbaRoutingRecognizer"]
recognizers = [getattr(p, n)() for n in names if hasattr(p, n)]
start = time.perf_counter()
spans = [[[r.start, r.end] for rec in recognizers
          for r in rec.analyze(t, rec.supported_entities, None)] for t in texts]
print(json.dumps({"seconds": time.perf_counter() - start, "spans": spans,
                  "recognizers": len(recognizers)}))
"""


def _throughput(texts: list[str]) -> tuple[float, list]:
    scan_text("warm up the word lists")
    start = time.perf_counter()
    findings = [scan_text(text) for text in texts]
    return time.perf_counter() - start, findings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--n-phi", type=int, default=600)
    parser.add_argument("--n-clean", type=int, default=300)
    parser.add_argument("--presidio-python", default=None)
    args = parser.parse_args()
    corpus = make_corpus(args.seed, args.n_phi, args.n_clean)
    texts = [essay.text for essay in corpus]
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    seconds, findings = _throughput(texts)
    quality = score(
        (essay.text, essay.planted, found) for essay, found in zip(corpus, findings, strict=True)
    )
    print(f"corpus: {len(corpus)} essays, {megabytes:.2f} MB, {int(quality['n_planted'])} planted")
    print(f"thematic: {megabytes / seconds:.2f} MB/s ({seconds:.2f} s, one core)")
    for name, value in quality.items():
        if not name.startswith("n_"):
            print(f"  {name}: {value:.3f}")
    clean_prose = [essay.text for essay in corpus if not essay.planted]
    clean_mb = sum(len(t.encode("utf-8")) for t in clean_prose) / 1e6
    clean_seconds, _ = _throughput(clean_prose)
    print(f"thematic on clean essays only: {clean_mb / clean_seconds:.2f} MB/s")
    if args.presidio_python:
        _presidio(args.presidio_python, corpus, texts, megabytes, seconds)
    else:
        print("presidio: not measured (pass --presidio-python)")


def _presidio(python: str, corpus: list, texts: list[str], megabytes: float, ours: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "texts.json"
        path.write_text(json.dumps(texts), encoding="utf-8")
        run = subprocess.run(
            [python, "-c", PRESIDIO_SCRIPT, str(path)], capture_output=True, text=True
        )
    if run.returncode:
        print(f"presidio: failed ({run.stderr.strip().splitlines()[-1:]})")
        return
    result = json.loads(run.stdout)
    from thematic.deid.findings import Finding

    found = [
        [Finding("ID", start, end, "presidio", 1.0) for start, end in spans if end > start]
        for spans in result["spans"]
    ]
    quality = score(
        (essay.text, [Planted(p.category, p.start, p.end) for p in essay.planted], f)
        for essay, f in zip(corpus, found, strict=True)
    )
    rate = megabytes / result["seconds"]
    print(
        f"presidio patterns ({result['recognizers']} recognizers): {rate:.2f} MB/s; "
        f"thematic is {(megabytes / ours) / rate:.1f}x faster"
    )
    print(
        f"  presidio recall: {quality['recall']:.3f}, precision: {quality['precision']:.3f}, "
        f"clean flagged: {quality['clean_flagged']:.3f}"
    )


if __name__ == "__main__":
    main()
