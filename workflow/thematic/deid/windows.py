"""Run an expensive pattern only near a cheap trigger (a digit, an "@"): the speed of the gate.

Most of an essay is prose without digits, so structured patterns are tried only in windows around
their triggers; both passes stay linear in the text. Not for deciding what matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


def windows(text: str, trigger: re.Pattern[str], before: int, after: int) -> list[tuple[int, int]]:
    """Merged ``[start, end)`` windows reaching ``before``/``after`` characters around triggers."""
    merged: list[tuple[int, int]] = []
    for match in trigger.finditer(text):
        lo, hi = max(0, match.start() - before), min(len(text), match.end() + after)
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def finditer_near(
    pattern: re.Pattern[str], text: str, spans: list[tuple[int, int]]
) -> Iterator[re.Match[str]]:
    """Matches of ``pattern`` inside each window (lookbehinds still see the text before it)."""
    for lo, hi in spans:
        yield from pattern.finditer(text, lo, hi)
