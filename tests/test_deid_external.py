"""The gate's measured quality on corpora its authors did not write (issue 14's gates).

Targets: span recall >= 0.97 overall and >= 0.90 per category, clean essays flagged <= 10%, no
planted string in any output. A gate not yet met is marked xfail(strict) with the measured
figure: it documents the gap and fails loudly once the gap closes, so the mark is removed with
the fix. Figures per corpus and category: benchmarks/bench_deid.py.

Corpora: presidio-evaluator's sentences; ``blind``, 120 essays by a helper who had not read the
detector (scored first on 0283a93, then tuned on, so no longer blind); ``blind2``, 150 essays by
another such helper: scored once after round two (0.863 / 0.467), then tuned on in round three:
no longer blind. ``blind3``, 150 texts by a third such helper written from the specification
alone, was held out through round three: its held-out figures (recall / clean essays flagged)
were 0.892 / 0.300 before round three and 0.930 / 0.360 after it. Round four tuned on it, by
kind, so it is no longer blind either. ``blind4``, 120 texts by a fourth such helper, was held
out through round four: scored on 50b72c1, before round four (recall 0.860, clean essays flagged
0.350), and once after it (0.875, 0.350). The gap between blind3 after round four (0.975 /
0.060) and blind4 (0.875 / 0.350) measured how much of a round's gain is fitting the corpus it
was tuned on. Round five tuned on blind4, by kind (each principle tested with new phrasings in
tests/test_deid_principles.py), so it is no longer blind: 0.953 / 0.175 after it. ``blind5``,
100 texts by a fifth such helper, never read by whoever tunes the detector, is the held-out
corpus: scored on 62dd3c8, before round five (0.855 / 0.257), and once after it (0.870 / 0.229);
never tuned on, and not to be. Again the corpus tuned on moved far more than the held-out one.
``blind6``, 120 texts by a sixth such helper, written after the rule rounds stopped, is held out
too: first scored on dcd8590 (0.901 / 0.024), never tuned on. One principle was added after
both were written, designed on the tuned corpora alone (an age needs no cue: thematic/deid/ages.py)
and measured once on each: blind5 0.870 -> 0.890 (AGE 0.600 -> 1.000), blind6 0.901 -> 0.915
(AGE 0.556 -> 0.833), clean essays flagged unchanged on both. Round six tuned on ``blind7``,
150 texts a seventh such helper wrote for the purpose (first scored on dd530b1: 0.879 / 0.235;
after the round 0.934 / 0.176), and was measured once on both held-out corpora: blind5 0.890 /
0.229 -> 0.900 / 0.171, blind6 0.915 / 0.024 -> 0.920 / 0.024. ``blind8``, 150 texts by an
eighth such helper written after the round, was first scored on its final commit (d8df418):
0.894 / 0.083; held out, never tuned on.
The figures in the marks below are those measured after round five.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache

import pandas as pd
import pytest

from deid_corpus import (
    BLIND2_DIR,
    BLIND3_DIR,
    BLIND4_DIR,
    BLIND5_DIR,
    BLIND6_DIR,
    BLIND7_DIR,
    BLIND8_DIR,
    PRESIDIO_CATEGORIES,
    PRESIDIO_FILE,
    load_blind_corpus,
    load_presidio_corpus,
)
from thematic.deid import redact_text, scan_essays, scan_text
from thematic.deid.evaluate import covered, score

LOADERS = {
    "presidio": load_presidio_corpus,
    "blind": load_blind_corpus,
    "blind2": lambda: load_blind_corpus(BLIND2_DIR),
    "blind3": lambda: load_blind_corpus(BLIND3_DIR),
    "blind4": lambda: load_blind_corpus(BLIND4_DIR),
    "blind5": lambda: load_blind_corpus(BLIND5_DIR),
    "blind6": lambda: load_blind_corpus(BLIND6_DIR),
    "blind7": lambda: load_blind_corpus(BLIND7_DIR),
    "blind8": lambda: load_blind_corpus(BLIND8_DIR),
}


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
        pytest.param("presidio", marks=_gap("0.897: towns under 15,000 people, address edges")),
        "blind",  # 0.970
        "blind2",  # 0.990
        "blind3",  # 0.975 after round four (held out: 0.892, then 0.930)
        pytest.param(
            "blind4",
            marks=_gap("0.875 held out (0.860 before round four); 0.953 after round five, tuned on"),
        ),
        pytest.param("blind5", marks=_gap("0.900 held out (0.855 before round five, 0.870 after)")),
        pytest.param("blind6", marks=_gap("0.920 held out (first score on dcd8590: 0.901)")),
        pytest.param("blind7", marks=_gap("0.934 after round six, tuned on (0.879 first)")),
        pytest.param("blind8", marks=_gap("0.894 held out, first score on d8df418")),
    ],
)
def test_overall_span_recall_at_least_097(name):
    assert _scored(name)["recall"] >= 0.97


@pytest.mark.parametrize(
    "name",
    [
        "presidio",  # 0.014
        "blind",  # 0.000
        "blind2",  # 0.050
        "blind3",  # 0.060 after round four (held out: 0.300, then 0.360)
        pytest.param(
            "blind4",
            marks=_gap("0.350 held out (0.350 before round four); 0.175 after round five, tuned on"),
        ),
        pytest.param("blind5", marks=_gap("0.171 held out (0.257 before round five, 0.229 after)")),
        "blind6",  # 0.024 held out, first score on dcd8590
        pytest.param("blind7", marks=_gap("0.176 after round six, tuned on (0.235 first)")),
        "blind8",  # 0.083 held out, first score on d8df418
    ],
)
def test_clean_essays_flagged_at_most_ten_percent(name):
    assert _scored(name)["clean_flagged"] <= 0.10


CATEGORY_GATES = [
    *(
        ("presidio", category)
        for category in "NAME ACCOUNT DATE EMAIL IP LICENSE PHONE SSN URL ZIP".split()
    ),
    pytest.param("presidio", "ADDRESS", marks=_gap("0.807: address blocks with a missing state ('nan')")),
    pytest.param("presidio", "LOCATION", marks=_gap("0.883: towns under 15,000 people alone")),
    *(("blind", category) for category in "NAME DATE AGE PHONE EMAIL URL IP ID".split()),
    pytest.param("blind", "LOCATION", marks=_gap("0.871: hospitals without a facility noun")),
    *(("blind2", category) for category in "NAME LOCATION DATE AGE PHONE EMAIL URL IP ID".split()),
    *(("blind3", category) for category in "NAME LOCATION ID PHONE EMAIL IP AGE DATE URL".split()),
    *(("blind4", category) for category in "NAME ID PHONE EMAIL IP URL".split()),  # ID 0.909, PHONE 0.941 held out
    ("blind4", "DATE"),  # 0.778 held out (0.667 before round four); 0.926 after round five, tuned on
    ("blind4", "AGE"),  # 0.667 held out (0.667 before round four); 0.933 after round five, tuned on
    ("blind4", "LOCATION"),  # 0.762 held out (0.762 before round four); 0.905 after round five, tuned on
    *(("blind5", category) for category in "NAME PHONE EMAIL IP URL".split()),
    pytest.param("blind5", "ID", marks=_gap("0.889 held out (0.852 before round five)")),
    pytest.param("blind5", "LOCATION", marks=_gap("0.787 held out (0.787 before round five)")),
    pytest.param("blind5", "DATE", marks=_gap("0.750 held out (0.583 before round five)")),
    ("blind5", "AGE"),  # 1.000 held out since ages need no cue (0.600 before)
    # blind6: first scores on dcd8590, held out
    *(("blind6", category) for category in "NAME LOCATION ID PHONE EMAIL URL IP".split()),
    pytest.param("blind6", "DATE", marks=_gap("0.862 held out")),
    pytest.param("blind6", "AGE", marks=_gap("0.833 held out (0.556 first score)")),
    # blind7: tuning material of round six (first scores on dd530b1 in the comments)
    *(("blind7", category) for category in "NAME DATE AGE ID PHONE EMAIL URL IP".split()),
    pytest.param("blind7", "LOCATION", marks=_gap("0.812 after round six (0.783 first)")),
    # blind8: written after round six, held out; first scores on d8df418
    *(("blind8", category) for category in "NAME ID PHONE EMAIL URL IP".split()),
    pytest.param("blind8", "LOCATION", marks=_gap("0.811 held out")),
    pytest.param("blind8", "DATE", marks=_gap("0.721 held out")),
    pytest.param("blind8", "AGE", marks=_gap("0.810 held out")),
]  # fmt: skip


@pytest.mark.parametrize(("name", "category"), CATEGORY_GATES)
def test_category_recall_at_least_090(name, category):
    assert _scored(name)[f"recall:{category}"] >= 0.90


@pytest.mark.parametrize("name", list(LOADERS))
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
