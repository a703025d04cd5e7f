"""Where the patterns look is only a speed-up: narrowed to digit runs, windows and literals, they
find exactly what they find run over the whole text."""

from __future__ import annotations

import pytest

from deid_corpus import load_presidio_corpus, make_corpus
from thematic.deid import patterns

# Cues a rule's literals must not lose, in the cases and spellings people write them.
PHRASES = [
    "Call bleep 4471 or Bleep 5521, pager 812, Pager 99381; ext. 312, Ext 45, extension 2210.",
    "Extension 7781 rings the ward; ext 12 is too short; EXT. 4410 in capitals.",
    "Her plate XFT 92K, plate 512 KTB, Plate AB12 CDE, rego 1AB 234, Rego XY 9Z, reg 7 ABC.",
    "REG 4KL 221 and PLATE 88 ZZ were noted; a plate of 3 biscuits; registered 2019 99.",
    "PO Box 1123, P.O. box 77, Apt 4B, Suite 210, flat 3, zip 02139, postcode 2962, Ohio 43210.",
    "Columbus, OH 43215 or Boston MA,  02139-4307; Ohio\u00a043210, Texas\t75001; car AB12 CDE.",
]


def _whole_text(monkeypatch) -> None:
    """Every rule run over the whole text: no windows, no literal narrowing, no start list."""
    monkeypatch.setattr(patterns, "windows", lambda text, spans, before, after: [(0, len(text))])
    monkeypatch.setattr(patterns, "holding", lambda haystack, spans, literals: spans)
    monkeypatch.setattr(patterns, "match_at", lambda pattern, text, starts: pattern.finditer(text))


@pytest.mark.parametrize("corpus", ["phrases", "generated", "presidio"])
def test_narrowed_patterns_find_what_the_whole_text_holds(corpus, monkeypatch):
    texts = {
        "phrases": PHRASES,
        "generated": [e.text for e in make_corpus(seed=5, n_phi=80, n_clean=20)],
        "presidio": [e.text for e in load_presidio_corpus()[:600]],
    }[corpus]
    narrowed = [sorted(patterns.find_patterns(text), key=repr) for text in texts]
    _whole_text(monkeypatch)
    assert narrowed == [sorted(patterns.find_patterns(text), key=repr) for text in texts]
    assert any(narrowed)


def test_the_phrases_reach_the_rules_given_literals():
    found = {f.detector for text in PHRASES for f in patterns.find_patterns(text)}
    assert {"phone:short", "plate:groups", "address", "address:unit", "zip:cued"} <= found
    assert {"zip:after-state", "plate"} <= found
