"""Candidate redacted copies: each finding replaced by a ``[CATEGORY]`` placeholder.

A candidate for a human to review, not a guarantee: what the detectors missed stays.
"""

from __future__ import annotations

from collections.abc import Sequence

from thematic.deid.findings import Finding, merge_findings


def redact_text(text: str, findings: Sequence[Finding]) -> str:
    """``text`` with every finding's span replaced by "[CATEGORY]" (overlaps merged first)."""
    pieces = []
    cursor = 0
    for finding in merge_findings(findings):
        pieces.append(text[cursor : finding.start])
        pieces.append(f"[{finding.category}]")
        cursor = finding.end
    pieces.append(text[cursor:])
    return "".join(pieces)
