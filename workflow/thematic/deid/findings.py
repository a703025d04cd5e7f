"""The Finding record, the category vocabulary, and how overlapping findings are merged.

Not for detection itself (see :mod:`thematic.deid.detectors`): this module only says what a finding
is and how two findings that cover the same characters become one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# HIPAA Safe Harbor identifiers that occur in free text (45 CFR 164.514(b)(2)(i)), in report order.
# States and countries are not identifiers; LOCATION is a city, county or neighbourhood.
CATEGORIES: tuple[str, ...] = (
    "NAME",
    "ADDRESS",
    "LOCATION",
    "ZIP",
    "DATE",
    "AGE",
    "PHONE",
    "FAX",
    "EMAIL",
    "SSN",
    "MRN",
    "HEALTH_PLAN",
    "ACCOUNT",
    "LICENSE",
    "VEHICLE",
    "DEVICE",
    "URL",
    "IP",
    "ID",
)


@dataclass(frozen=True)
class Finding:
    """One suspected identifier: ``text[start:end]`` in code points, end exclusive.

    ``detector`` names the rule that fired; ``confidence`` in [0, 1] is that rule's prior
    precision, not a calibrated probability.
    """

    category: str
    start: int
    end: int
    detector: str
    confidence: float

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown PHI category {self.category!r}")
        if not 0 <= self.start < self.end:
            raise ValueError(f"empty or negative span {self.start}..{self.end}")


def merge_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Sort findings and merge overlapping ones into one finding covering their union.

    The merged finding keeps the category, detector and confidence of the most confident member
    (ties: the longer span, then the earlier category in :data:`CATEGORIES`), so a phone number
    inside a URL stays one URL finding. Touching but not overlapping spans stay separate.
    """
    ordered = sorted(findings, key=lambda f: (f.start, f.end))
    merged: list[Finding] = []
    group: list[Finding] = []
    group_end = -1
    for finding in ordered:
        if group and finding.start < group_end:
            group.append(finding)
            group_end = max(group_end, finding.end)
            continue
        if group:
            merged.append(group[0] if len(group) == 1 else _union(group))
        group, group_end = [finding], finding.end
    if group:
        merged.append(group[0] if len(group) == 1 else _union(group))
    return merged


def _union(group: list[Finding]) -> Finding:
    """One finding spanning ``group``, labelled by its strongest member."""
    best = max(
        group,
        key=lambda f: (f.confidence, f.end - f.start, -CATEGORIES.index(f.category)),
    )
    start = min(f.start for f in group)
    end = max(f.end for f in group)
    return Finding(best.category, start, end, best.detector, best.confidence)
