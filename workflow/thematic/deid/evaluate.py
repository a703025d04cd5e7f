"""Scoring detectors against planted PHI: span recall per category, span precision, clean flags.

A planted span counts as found only when findings cover every one of its non-space characters
(strict: a half-redacted name still leaks), whatever category the findings carry, because the
gate withholds an essay for any finding. Not for producing findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from thematic.deid.findings import Finding


@dataclass(frozen=True)
class Planted:
    """One planted identifier in a labelled essay: ``text[start:end]`` is of ``category``."""

    category: str
    start: int
    end: int


def covered(text: str, span: Planted, findings: Sequence[Finding]) -> bool:
    """True when every non-space character of ``span`` lies inside some finding."""
    needed = {i for i in range(span.start, span.end) if not text[i].isspace()}
    for finding in findings:
        if finding.end > span.start and finding.start < span.end:
            needed.difference_update(range(finding.start, finding.end))
    return not needed


def score(essays: Iterable[tuple[str, Sequence[Planted], Sequence[Finding]]]) -> dict[str, float]:
    """Recall per category and overall, span precision and the share of clean essays flagged.

    ``essays`` yields (text, planted spans, findings). Precision counts a finding as true when it
    overlaps any planted span. Keys: ``recall``, ``recall:<CATEGORY>``, ``precision``,
    ``clean_flagged``, and the counts behind them (``n_planted``, ``n_findings``, ``n_clean``).
    An undefined ratio (no denominators) is NaN.
    """
    hits: dict[str, list[int]] = {}
    true_findings = n_findings = n_clean = clean_flagged = 0
    for text, planted, findings in essays:
        for span in planted:
            found = covered(text, span, findings)
            tally = hits.setdefault(span.category, [0, 0])
            tally[0] += found
            tally[1] += 1
        for finding in findings:
            n_findings += 1
            true_findings += any(
                finding.end > span.start and finding.start < span.end for span in planted
            )
        if not planted:
            n_clean += 1
            clean_flagged += bool(findings)
    found_all = sum(tally[0] for tally in hits.values())
    n_planted = sum(tally[1] for tally in hits.values())
    result = {
        "recall": _ratio(found_all, n_planted),
        "precision": _ratio(true_findings, n_findings),
        "clean_flagged": _ratio(clean_flagged, n_clean),
        "n_planted": float(n_planted),
        "n_findings": float(n_findings),
        "n_clean": float(n_clean),
    }
    for category, (found, total) in sorted(hits.items()):
        result[f"recall:{category}"] = _ratio(found, total)
    return result


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else float("nan")
