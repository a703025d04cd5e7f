"""Run an expensive pattern only where it can match: the speed of the gate.

Most of an essay is prose without digits, so structured patterns are never run over it. A rule
either starts at a digit run (tried there alone with ``match_at``) or holds a cheap trigger (a
digit, an "@") and is run in windows reaching just far enough around the trigger to hold any match
(``windows`` and ``finditer_near``). Both are exact: they find what ``pattern.finditer(text)``
finds, and stay linear in the text. Not for deciding what matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache

import numpy as np

DIGITS = re.compile(r"\d+")


class Spans(list):
    """A list of ``(start, end)`` spans that keeps its array form once made (see windows)."""

    _array: np.ndarray | None = None

    def array(self) -> np.ndarray:
        if self._array is None or len(self._array) != len(self):
            self._array = np.asarray(self, dtype=np.int64).reshape(-1, 2)
        return self._array


def digit_runs(text: str) -> Spans:
    """``[start, end)`` of every run of digits in ``text`` (the trigger most rules share)."""
    return Spans(match.span() for match in DIGITS.finditer(text))


def windows(
    text: str, trigger: re.Pattern[str] | list[tuple[int, int]], before: int, after: int
) -> list[tuple[int, int]]:
    """Merged ``[start, end)`` windows reaching ``before``/``after`` characters around triggers.

    ``trigger`` is a pattern or the spans it already matched (``digit_runs``).
    """
    spans = [m.span() for m in trigger.finditer(text)] if hasattr(trigger, "finditer") else trigger
    if not spans:
        return []
    # merged with arrays: a window joins the previous one when it starts at or before the end
    # reached so far (triggers come in text order, so the ends reached never decrease)
    if isinstance(spans, Spans):
        bounds = spans.array()  # the digit runs: converted once for all rules
    else:
        bounds = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
    lows = bounds[:, 0] - before
    highs = np.maximum.accumulate(bounds[:, 1] + after)
    opens = np.flatnonzero(np.concatenate(([True], lows[1:] > highs[:-1])))
    closes = np.concatenate((opens[1:] - 1, [len(lows) - 1]))
    starts = np.maximum(lows[opens], 0).tolist()
    ends = np.minimum(highs[closes], len(text)).tolist()
    return list(zip(starts, ends, strict=True))


def holding(
    haystack: str, spans: list[tuple[int, int]], literals: Iterable[str]
) -> list[tuple[int, int]]:
    """The windows of ``spans`` whose text holds one of ``literals`` (substring tests in C).

    For a pattern every match of which contains one of ``literals``, the windows without any
    cannot hold a match: skipping them is exact, and far cheaper than running the pattern there.
    """
    needles = tuple(literals)
    kept = []
    for lo, hi in spans:
        window = haystack[lo:hi]  # sliced once, not once per literal
        for needle in needles:
            if needle in window:
                kept.append((lo, hi))
                break
    return kept


def literal_spans(haystack: str, literals: Iterable[str]) -> list[tuple[int, int]]:
    """``[start, end)`` of every occurrence of each of ``literals`` in ``haystack``, ascending.

    Found with ``str.find``, which scans at C speed: far cheaper than a pattern alternating the
    same literals, which the regex engine tries at every position.
    """
    spans = []
    for literal in literals:
        at = haystack.find(literal)
        while at >= 0:
            spans.append((at, at + len(literal)))
            at = haystack.find(literal, at + 1)
    spans.sort()
    return spans


def literal_cores(alternatives: str) -> list[str]:
    """The literal text each ``|``-separated alternative starts with, before any regex syntax.

    "licen[cs]e plate|mr#|a/c" -> ["licen", "mr#", "a/c"]: every match of an alternative holds
    its core.
    """
    cores = [re.match(r"[^\\\[\](){}?*+|.^$]*", alt).group() for alt in alternatives.split("|")]
    if not all(cores):
        raise ValueError(f"an alternative starts with regex syntax: {alternatives!r}")
    return cores


def finditer_near(
    pattern: re.Pattern[str], text: str, spans: list[tuple[int, int]]
) -> Iterator[re.Match[str]]:
    """Matches of ``pattern`` inside each window (lookbehinds still see the text before it)."""
    for lo, hi in spans:
        yield from pattern.finditer(text, lo, hi)


def match_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """Non-overlapping matches of ``pattern`` starting at ``starts`` (ascending), like finditer.

    Equal to ``pattern.finditer(text)`` whenever every position where the pattern can match is
    among ``starts``; the match may run past the next start (no window cuts it short).
    """
    reached = -1
    for position in starts:
        if position < reached:
            continue
        match = pattern.match(text, position)
        if match:
            reached = match.end()
            yield match


def case_blind(pattern: re.Pattern[str], text: str) -> tuple[re.Pattern[str], str]:
    """The pattern and text on which to run ``pattern``, written in lower case, ignoring case.

    Plain literals on the lower-cased text let the regex engine skip a non-matching word on its
    first letter, several times faster than ``re.IGNORECASE``. When lower-casing changes offsets
    (a few letters such as "İ" grow), the text itself with the pattern compiled IGNORECASE.
    """
    lowered = lower_case(text)
    if len(lowered) == len(text):
        return pattern, lowered
    return _ignoring_case(pattern), text


@lru_cache(maxsize=1)
def lower_case(text: str) -> str:
    """``text.lower()``, made once for the joined text that every detector of a batch reads
    (lowering a batch costs as much as running a pattern over it)."""
    return text.lower()


@cache
def _ignoring_case(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(pattern.pattern, pattern.flags | re.IGNORECASE)
