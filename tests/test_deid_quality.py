"""The gate's measured quality on the seeded labelled corpus (tests/deid_corpus.py).

Targets from issue 4: span recall >= 0.97 overall and >= 0.90 per category, clean essays
flagged <= 10%, and no planted PHI string in any output.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from deid_corpus import make_corpus
from thematic.deid import CATEGORIES, redact_text, scan_essays, scan_text
from thematic.deid.evaluate import covered, score

ROOT = Path(__file__).resolve().parents[1]


@cache
def _scored() -> dict[str, float]:
    corpus = make_corpus(seed=7, n_phi=250, n_clean=120)
    return score((e.text, e.planted, scan_text(e.text)) for e in corpus)


def test_corpus_plants_every_category():
    planted = {p.category for e in make_corpus(seed=7, n_phi=250) for p in e.planted}
    assert planted == set(CATEGORIES)


def test_overall_span_recall_at_least_097():
    assert _scored()["recall"] >= 0.97


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_category_recall_at_least_090(category):
    assert _scored()[f"recall:{category}"] >= 0.90


def test_clean_essays_flagged_at_most_ten_percent():
    assert _scored()["clean_flagged"] <= 0.10


def test_span_precision_is_reported_and_high():
    assert _scored()["precision"] >= 0.90


def test_no_planted_phi_in_findings_previews_or_redactions(tmp_path):
    corpus = make_corpus(seed=11, n_phi=60, n_clean=0)
    essays = pd.DataFrame(
        {
            "essay_id": [e.essay_id for e in corpus],
            "sha256": [hashlib.sha256(e.text.encode()).hexdigest() for e in corpus],
            "text": [e.text for e in corpus],
        }
    )
    dumped = scan_essays(essays, key=b"k").to_csv()
    folder = tmp_path / "essays"
    folder.mkdir()
    for e in corpus:
        (folder / f"{e.essay_id}.txt").write_text(e.text, encoding="utf-8")
    cli = subprocess.run(
        [sys.executable, "-m", "thematic.cli", "deid", "scan", str(folder)],
        capture_output=True, text=True, cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT / "workflow"), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert cli.returncode == 1, cli.stderr[-300:]  # findings: the check fails
    for essay in corpus:
        findings = scan_text(essay.text)
        redacted = redact_text(essay.text, findings)
        for span in essay.planted:
            secret = essay.text[span.start : span.end]
            if len(secret) < 4:
                continue  # "J.K." style initials can coincide with masks
            assert secret not in dumped, span.category
            if covered(essay.text, span, findings):  # a missed span is a recall failure
                assert secret not in redacted, span.category
            assert secret not in cli.stdout + cli.stderr, span.category


def test_study_essays_come_out_cleared():
    """The study's own essays (resources/essays) were de-identified by hand: no findings."""
    essays = sorted((ROOT / "resources" / "essays").glob("*.txt"))
    if not essays:
        pytest.skip("no essays in resources/essays")
    flagged = [path.name for path in essays if scan_text(path.read_text(encoding="utf-8"))]
    assert flagged == []
