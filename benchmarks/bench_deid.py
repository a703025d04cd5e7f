"""Throughput of the deid detectors on the labelled corpus, with quality, and Presidio's ratio.

Usage: PYTHONPATH=workflow:tests python benchmarks/bench_deid.py [--presidio-python PYTHON]

Prints MB/s of ``scan_text`` on one core over the generated corpus (tests/deid_corpus.py), the
quality figures on the same corpus, and, when ``--presidio-python`` names an interpreter with
``presidio-analyzer`` installed (kept out of the project venv), the throughput and recall of
Presidio's pattern recognizers (no NLP model) on the same texts, for a ratio. Throughput is CPU
time of the process (``time.process_time``: other jobs on a shared machine inflate wall time, not
CPU time), best and median of ``--repeats`` passes; wall-clock MB/s is printed beside it. Figures
only; no assertions.
"""

from __future__ import annotations

import argparse
import json
import statistics
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
repeats = int(sys.argv[2])
names = ["CreditCardRecognizer", "DateRecognizer", "EmailRecognizer", "IbanRecognizer",
         "IpRecognizer", "MedicalLicenseRecognizer", "NhsRecognizer", "UrlRecognizer",
         "UsSsnRecognizer", "UsLicenseRecognizer", "UsPassportRecognizer", "UsBankRecognizer",
         "UsItinRecognizer", "UkNinoRecognizer", "UkPostcodeRecognizer", "AbaRoutingRecognizer"]
recognizers = [getattr(p, n)() for n in names if hasattr(p, n)]
cpu, wall = [], []
for _ in range(repeats):
    start_cpu, start_wall = time.process_time(), time.perf_counter()
    spans = [[[r.start, r.end] for rec in recognizers
              for r in rec.analyze(t, rec.supported_entities, None)] for t in texts]
    cpu.append(time.process_time() - start_cpu)
    wall.append(time.perf_counter() - start_wall)
print(json.dumps({"cpu": cpu, "wall": wall, "spans": spans, "recognizers": len(recognizers)}))
"""

# Loads every word list and compiles every pattern before timing starts.
WARM_UP = "Mrs. Kovalenka moved to Brookville on March 3rd, aged 94; MRN 4471923, a@b.org."


def _throughput(texts: list[str], repeats: int) -> tuple[list[float], list[float], list]:
    """CPU and wall seconds of each of ``repeats`` passes of ``scan_text`` over ``texts``."""
    scan_text(WARM_UP)
    cpu, wall = [], []
    for _ in range(repeats):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        findings = [scan_text(text) for text in texts]
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start_wall)
    return cpu, wall, findings


def _rates(megabytes: float, seconds: list[float]) -> str:
    """ "best X MB/s, median Y MB/s" over passes."""
    best, median = megabytes / min(seconds), megabytes / statistics.median(seconds)
    return f"best {best:.2f} MB/s, median {median:.2f} MB/s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--n-phi", type=int, default=600)
    parser.add_argument("--n-clean", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=7, help="timed passes (best and median)")
    parser.add_argument("--presidio-python", default=None)
    args = parser.parse_args()
    corpus = make_corpus(args.seed, args.n_phi, args.n_clean)
    texts = [essay.text for essay in corpus]
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    cpu, wall, findings = _throughput(texts, args.repeats)
    quality = score(
        (essay.text, essay.planted, found) for essay, found in zip(corpus, findings, strict=True)
    )
    print(f"corpus: {len(corpus)} essays, {megabytes:.2f} MB, {int(quality['n_planted'])} planted")
    print(f"thematic, CPU time on one core ({args.repeats} passes): {_rates(megabytes, cpu)}")
    print(f"thematic, wall clock: {_rates(megabytes, wall)}")
    for name, value in quality.items():
        if not name.startswith("n_"):
            print(f"  {name}: {value:.3f}")
    clean_prose = [essay.text for essay in corpus if not essay.planted]
    clean_mb = sum(len(t.encode("utf-8")) for t in clean_prose) / 1e6
    clean_cpu, _, _ = _throughput(clean_prose, args.repeats)
    print(f"thematic on clean essays only, CPU time: {_rates(clean_mb, clean_cpu)}")
    if args.presidio_python:
        _presidio(args.presidio_python, corpus, texts, megabytes, cpu, args.repeats)
    else:
        print("presidio: not measured (pass --presidio-python)")


def _presidio(
    python: str, corpus: list, texts: list[str], megabytes: float, ours: list[float], repeats: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "texts.json"
        path.write_text(json.dumps(texts), encoding="utf-8")
        run = subprocess.run(
            [python, "-c", PRESIDIO_SCRIPT, str(path), str(max(1, repeats // 2))],
            capture_output=True,
            text=True,
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
    ratio = min(result["cpu"]) / min(ours)
    print(
        f"presidio patterns ({result['recognizers']} recognizers), CPU time: "
        f"{_rates(megabytes, result['cpu'])}; thematic is {ratio:.1f}x faster (best vs best)"
    )
    print(
        f"  presidio recall: {quality['recall']:.3f}, precision: {quality['precision']:.3f}, "
        f"clean flagged: {quality['clean_flagged']:.3f}"
    )


if __name__ == "__main__":
    main()
