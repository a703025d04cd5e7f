"""What a source's selection positions count, detected from the text and the selections, and
each selection placed as code-point offsets into the text as written.

The REFI-QDA standard counts 0-based Unicode code points, end exclusive. Tools differ:
NVivo counts UTF-16 code units (an emoji is two), and tools disagree on line breaks (QualCoder
offers to add line endings on export "so that codes do not shift" in MAXQDA or ATLAS.ti): a
CRLF may count as one character, or every line break as two. Which one a file uses is detected
per source, never assumed from the vendor: each candidate way of counting is scored by how well
the selections it gives fit the text (inside the text and not splitting a character; starting
and ending at word edges; equal to the selection's name where that name is text of the source,
as ATLAS.ti writes it), and the best is taken; on a tie, the standard's.

A selection the chosen way of counting cannot place is re-anchored: by its name's text, where
the name is text of the source (the occurrence nearest its position), else by another way of
counting that places it. One that nothing places is out of range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

import numpy as np

ELLIPSES = ("…", "...")


@dataclass(frozen=True)
class Units:
    """One way of counting positions: UTF-16 code units or code points, and line breaks as
    written ("as written"), each counted as one ("one"), or each counted as two ("two")."""

    utf16: bool
    line_breaks: str

    def __str__(self) -> str:
        unit = "UTF-16 code units" if self.utf16 else "code points"
        if self.line_breaks == "as written":
            return unit
        return f"{unit}, each line break counted as {self.line_breaks}"


STANDARD = Units(utf16=False, line_breaks="as written")
# In order of preference on a tie: the standard first, then the commonest departures.
CANDIDATES = (
    STANDARD,
    Units(True, "as written"),
    Units(False, "one"),
    Units(True, "one"),
    Units(False, "two"),
    Units(True, "two"),
)


class Status(Enum):
    PLACED = "placed"
    REANCHORED = "re-anchored"
    EMPTY = "empty"
    OUT_OF_RANGE = "out of range"


@dataclass(frozen=True)
class Placement:
    """Where each selection of a source stands, as code-point offsets into its text."""

    units: Units
    start: np.ndarray
    end: np.ndarray
    status: list[Status]
    how: list[str]  # for re-anchored selections, how they were placed


class SourceText:
    """A source's text and, per way of counting, the position at which each character starts."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        cr, lf = self.codes == 13, self.codes == 10
        self._crlf = np.zeros(len(self.codes), bool)  # the CR of each CR LF pair
        self._crlf[:-1] = cr[:-1] & lf[1:]
        self._lone = (cr & ~self._crlf) | (lf & ~np.concatenate(([False], self._crlf[:-1])))
        self._astral = self.codes > 0xFFFF
        self._starts: dict[Units, np.ndarray] = {}
        self._words: str | None = None

    def distinct_units(self) -> list[Units]:
        """The candidates that count this text differently from each other."""
        differ = {
            "utf16": bool(self._astral.any()),
            "one": bool(self._crlf.any()),
            "two": bool(self._lone.any()),
        }
        return [
            units
            for units in CANDIDATES
            if (not units.utf16 or differ["utf16"])
            and (units.line_breaks == "as written" or differ[units.line_breaks])
        ]

    def starts(self, units: Units) -> np.ndarray:
        """Position (in ``units``) at which each character starts, and the text's length last."""
        if units not in self._starts:
            width = np.ones(len(self.codes), np.int64)
            if units.utf16:
                width += self._astral
            if units.line_breaks == "one":
                width[self._crlf] = 0  # CR LF counts as the LF alone
            elif units.line_breaks == "two":
                width[self._lone] = 2
            self._starts[units] = np.concatenate(([0], np.cumsum(width)))
        return self._starts[units]

    def to_code_points(self, units: Units, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(code-point index, whether the position is a character boundary inside the text)."""
        starts = self.starts(units)
        positions = np.asarray(positions, dtype=np.int64)
        index = np.searchsorted(starts, positions, side="left")
        inside = (positions >= 0) & (index < len(starts))
        clipped = np.minimum(index, len(starts) - 1)
        return clipped, inside & (starts[clipped] == positions)

    def words(self) -> str:
        """The text with every run of white space one space, to find names in."""
        if self._words is None:
            self._words = " ".join(self.text.split())
        return self._words


def _name_of(selection_name: str, source: SourceText) -> tuple[str, bool] | None:
    """(the name's words, whether it was cut short) when the name is text of the source; None
    when it is a label ("Quotation 6:1"), empty, or too short to tell."""
    words = " ".join(selection_name.split())
    cut = words.endswith(ELLIPSES)
    for ellipsis in ELLIPSES:
        words = words.removesuffix(ellipsis).rstrip()
    if len(words) < 3 or words not in source.words():
        return None
    return words, cut


def _matches(segment: str, name: tuple[str, bool]) -> bool:
    words, cut = name
    seen = " ".join(segment.split())
    return seen == words or (cut and seen.startswith(words))


def _at_edge(text: str, index: int) -> bool:
    """Whether a selection boundary at ``index`` falls between words, not inside one."""
    if index <= 0 or index >= len(text):
        return True
    before, after = text[index - 1], text[index]
    return not (before.isalnum() and after.isalnum())


def place_selections(text: str, starts: list[int], ends: list[int], names: list[str]) -> Placement:
    """Detect how this source's positions count and place each selection (see module doc)."""
    source = SourceText(text)
    first, last = np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64)
    evidence = [_name_of(name, source) for name in names]
    candidates = source.distinct_units()
    placed = {units: _place(source, units, first, last) for units in candidates}
    scores = [_score(source, *placed[units], evidence) for units in candidates]
    units = candidates[int(np.argmax(scores))]  # argmax takes the first of equal scores
    start, end, valid = (array.copy() for array in placed[units])
    status, how = [], []
    for i in range(len(first)):
        if first[i] == last[i]:
            status.append(Status.EMPTY)
            how.append("")
            continue
        segment = text[start[i] : end[i]] if valid[i] else ""
        if valid[i] and (evidence[i] is None or _matches(segment, evidence[i])):
            status.append(Status.PLACED)
            how.append("")
            continue
        found = _by_name(source, evidence[i], start[i] if valid[i] else None, first[i], last[i])
        if found is None:
            found = _by_other_units(source, candidates, placed, units, i, evidence[i])
        if found is None:
            status.append(Status.OUT_OF_RANGE if not valid[i] else Status.PLACED)
            how.append("")
            continue
        start[i], end[i], description = found
        status.append(Status.REANCHORED)
        how.append(description)
    return Placement(units, start, end, status, how)


def _place(
    source: SourceText, units: Units, first: np.ndarray, last: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    start, start_ok = source.to_code_points(units, first)
    end, end_ok = source.to_code_points(units, last)
    return start, end, start_ok & end_ok & (start < end)


def _score(
    source: SourceText,
    start: np.ndarray,
    end: np.ndarray,
    valid: np.ndarray,
    evidence: list[tuple[str, bool] | None],
) -> int:
    """How well these placements fit the text: inside and whole characters (else -3), at word
    edges (+1 each end), equal to the selection's name where the name is text (+3)."""
    score = -3 * int((~valid).sum())
    text = source.text
    for i in np.flatnonzero(valid).tolist():
        s, e = int(start[i]), int(end[i])
        score += 1 + _at_edge(text, s) + _at_edge(text, e)
        if evidence[i] is not None and _matches(text[s:e], evidence[i]):
            score += 3
    return score


def _by_name(
    source: SourceText,
    name: tuple[str, bool] | None,
    near: int | None,
    first: int,
    last: int,
) -> tuple[int, int, str] | None:
    """The occurrence of the name's text nearest to the selection's position."""
    if name is None:
        return None
    words, cut = name
    pattern = r"\s+".join(re.escape(word) for word in words.split())
    anchor = near if near is not None else max(first, 0)
    found = min(
        re.finditer(pattern, source.text), key=lambda m: abs(m.start() - anchor), default=None
    )
    if found is None:
        return None
    end = found.end()
    if cut:  # a name cut short: keep the selection's own length where it is longer
        end = max(end, min(len(source.text), found.start() + max(last - first, 0)))
    return found.start(), end, "by its text (the selection's name)"


def _by_other_units(
    source: SourceText,
    candidates: list[Units],
    placed: dict[Units, tuple[np.ndarray, np.ndarray, np.ndarray]],
    chosen: Units,
    i: int,
    name: tuple[str, bool] | None,
) -> tuple[int, int, str] | None:
    for units in candidates:
        if units == chosen:
            continue
        start, end, valid = placed[units]
        if valid[i]:
            s, e = int(start[i]), int(end[i])
            if name is None or _matches(source.text[s:e], name):
                return s, e, f"by its positions read as {units}"
    return None
