"""Passages of an essay, by position: the unit a suggestion points at.

A passage is a paragraph (text between blank lines), trimmed of surrounding whitespace; an essay
without blank lines is one passage. Offsets are 0-based code points, end exclusive, as
everywhere in thematic. Not for sentence splitting or anything language-aware.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

_PARAGRAPH = re.compile(r"\S(?:.*?\S)?(?=\s*\n\s*\n|\s*\Z)", re.DOTALL)


def passage_spans(text: str) -> list[tuple[int, int]]:
    """[(start, end)] of the paragraphs of ``text``, in order; [] for blank text."""
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]


def passages(essays: pd.DataFrame) -> pd.DataFrame:
    """One row per passage of each essay: essay_id, start, end, text (in memory only: passage
    text never reaches an artifact). ``essays``: columns essay_id, text (non-null)."""
    ids: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    texts: list[str] = []
    for essay_id, text in zip(essays["essay_id"], essays["text"], strict=True):
        for start, end in passage_spans(text):
            ids.append(essay_id)
            starts.append(start)
            ends.append(end)
            texts.append(text[start:end])
    return pd.DataFrame(
        {
            "essay_id": pd.Series(ids, dtype=object),
            "start": np.asarray(starts, dtype=np.int64),
            "end": np.asarray(ends, dtype=np.int64),
            "text": pd.Series(texts, dtype=object),
        }
    )
