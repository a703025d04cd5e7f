"""Matching a coder's sources to the study's essays, and moving offsets from one to the other.

A coder's tool holds its own copy of each essay: the same words, perhaps with a BOM, CRLF line
endings, or white space trimmed or added at line ends. Both texts are compared in a canonical
form (no BOM, every line break LF, no white space at line ends or at the end); where the forms
are equal, an offset into the coder's copy is moved to the same character of the study's essay.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

_LINE_END_SPACE = re.compile(r"[^\S\r\n]+(?=\r\n|\r|\n|$)")
_BREAK = re.compile(r"\r\n|\r")


class Canonical:
    """A text in canonical form, and for each of its characters where it stands in the text."""

    def __init__(self, text: str) -> None:
        keep = np.ones(len(text), bool)
        if text.startswith("\ufeff"):
            keep[0] = False
        for found in _LINE_END_SPACE.finditer(text):
            keep[found.start() : found.end()] = False
        for found in _BREAK.finditer(text):
            if found.group() == "\r\n":
                keep[found.start()] = False  # the LF stands for the pair
        tail = len(text.rstrip())
        keep[tail:] = False
        self.length = len(text)
        self.positions = np.flatnonzero(keep)
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)[keep].copy()
        codes[codes == 13] = 10  # a lone CR is a line break too
        self.text = codes.tobytes().decode("utf-32-le")
        self.sha256 = hashlib.sha256(self.text.encode("utf-8")).hexdigest()
        # how many kept characters stand before each position of the text
        self.kept_before = np.concatenate(([0], np.cumsum(keep)))

    def translate(self, other: Canonical, start: int, end: int) -> tuple[int, int]:
        """Offsets ``start:end`` into this text moved to ``other`` (of equal canonical form):
        the segment keeps the same canonical characters; white space dropped at its edges."""
        first, last = int(self.kept_before[start]), int(self.kept_before[end])
        if first >= last:  # nothing but dropped white space: keep its place
            place = int(other.positions[first]) if first < len(other.positions) else other.length
            return place, place
        return int(other.positions[first]), int(other.positions[last - 1]) + 1


def canonical_sha256(text: str) -> str:
    return Canonical(text).sha256
