"""The gate's measured quality on corpora its authors did not write (issue 14's gates).

Targets: span recall >= 0.97 overall and >= 0.90 per category, clean essays flagged <= 10%, no
planted string in any output. A gate not yet met is marked xfail(strict): it documents the gap
and fails loudly once the gap closes, so the mark is removed with the fix. Figures per corpus and
category: benchmarks/bench_deid.py.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache

import pandas as pd
import pytest

from deid_corpus import (
    PRESIDIO_CATEGORIES,
    PRESIDIO_FILE,
    load_blind_corpus,
    load_presidio_corpus,
)
from thematic.deid import redact_text, scan_essays, scan_text
from thematic.deid.evaluate import covered, score

LOADERS = {"presidio": load_presidio_corpus, "blind": load_blind_corpus}


@cache
def _scanned(name: str) -> tuple[list, list]:
    corpus = LOADERS[name]()
    return corpus, [scan_text(essay.text) for essay in corpus]


@cache
def _scored(name: str) -> dict[str, float]:
    corpus, findings = _scanned(name)
    return score((e.text, e.planted, f) for e, f in zip(corpus, findings, strict=True))


def _gap(reason: str):
    return pytest.mark.xfail(strict=True, reason=reason)


def test_every_presidio_entity_type_has_a_stated_category():
    types = {
        span[2]
        for line in PRESIDIO_FILE.read_text(encoding="utf-8").splitlines()
        for span in json.loads(line)["spans"]
    }
    assert types <= set(PRESIDIO_CATEGORIES)


def test_presidio_non_identifiers_are_not_scored():
    planted = {p.category for e in load_presidio_corpus() for p in e.planted}
    assert None not in planted and "ORGANIZATION" not in planted
    assert {"NAME", "ADDRESS", "ACCOUNT", "PHONE"} <= planted


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("presidio", marks=_gap("0.82: addresses in foreign forms, caps places")),
        pytest.param("blind", marks=_gap("0.84: places, names, ages and dates in prose")),
    ],
)
def test_overall_span_recall_at_least_097(name):
    assert _scored(name)["recall"] >= 0.97


@pytest.mark.parametrize(
    "name",
    ["presidio", pytest.param("blind", marks=_gap("0.53: eponyms, brands, codes, faith names"))],
)
def test_clean_essays_flagged_at_most_ten_percent(name):
    assert _scored(name)["clean_flagged"] <= 0.10


PRESIDIO_CATEGORY_GATES = [
    "ACCOUNT", "DATE", "EMAIL", "IP", "LICENSE", "NAME", "PHONE", "SSN", "URL",
    pytest.param("ADDRESS", marks=_gap("0.57: spans hold countries and 'the corner of'")),
    pytest.param("LOCATION", marks=_gap("0.74: caps town names on address lines")),
    pytest.param("ZIP", marks=_gap("0.90 edge: foreign postcodes without a cue")),
]  # fmt: skip


@pytest.mark.parametrize("category", PRESIDIO_CATEGORY_GATES)
def test_presidio_category_recall_at_least_090(category):
    assert _scored("presidio")[f"recall:{category}"] >= 0.90


@pytest.mark.parametrize("name", ["presidio", "blind"])
def test_no_planted_string_in_findings_or_redactions(name):
    corpus, findings = _scanned(name)
    essays = pd.DataFrame(
        {
            "essay_id": [e.essay_id for e in corpus],
            "sha256": [hashlib.sha256(e.text.encode()).hexdigest() for e in corpus],
            "text": [e.text for e in corpus],
        }
    )
    # what a finding says about its text is its masked preview (its fingerprint is a keyed hash)
    dumped = "\n".join(scan_essays(essays, key=b"k")["preview"])
    for essay, found in zip(corpus, findings, strict=True):
        redacted = redact_text(essay.text, found)
        missed = {
            essay.text[s.start : s.end] for s in essay.planted if not covered(essay.text, s, found)
        }  # a missed mention is a recall failure, and may hold a found one ("Funmi"layo)
        for span in essay.planted:
            secret = essay.text[span.start : span.end]
            if len(secret) < 5:
                continue  # short values can coincide with masks or column text
            assert secret not in dumped, span.category
            if not any(secret in leak for leak in missed):
                assert secret not in redacted, span.category
