"""Dates written with another language's month or weekday names: "8 dicembre", "3 października",
"14 maart", "mardi 18", "le 3 mars 2021".

A day of the month (1 to 31, with a full stop or an ordinal ending) right before a month name of
any language CLDR writes in the Latin script, with "de", "di", "du" or "of" between or not, or
right after such a month or weekday name, pins a day: a DATE, as its English form is
(:mod:`thematic.deid.dates`). The names come from ``data/calendar.txt`` (see its extraction
script); none is an English word, so an English phrase is never read as a date. Linear: each
run of one or two digits looks at the word on either side.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from thematic.deid.findings import Finding
from thematic.deid.lexicon import calendar_words

_WORD_AFTER = re.compile(
    r"(?:\.|º|ª|er|e|st|nd|rd|th)?\s{1,2}(?:(?:de|di|du|of)\s{1,2})?(?P<w>[^\W\d_]{4,16})\b"
    r"(?:\.?\s{1,2}(?P<y>(?:1[89]|20)\d\d)\b)?",
    re.IGNORECASE,
)
_WORD_BEFORE = re.compile(r"\b(?P<w>[^\W\d_]{4,16})\.?,?\s{1,2}\Z")
_DAY_AFTER = re.compile(r"(?:\.|º|er|e|st|nd|rd|th)?(?![\d/:.,]\d)")
_REACH = 20


def find_calendar_dates(text: str, runs: list[tuple[int, int]]) -> Iterator[Finding]:
    """Yield DATE findings for a day of the month beside a month or weekday name of another
    language. ``runs`` are the digit runs of ``text``."""
    months, days = calendar_words()
    for start, end in runs:
        if end - start > 2 or not 1 <= int(text[start:end]) <= 31:
            continue
        if start and (text[start - 1].isalnum() or text[start - 1] in "/.:-,"):
            continue  # part of a longer number or of a numeric date
        after = _WORD_AFTER.match(text, end)
        if after is not None and after.group("w").lower() in months:
            yield Finding("DATE", start, after.end(), "date", 0.8)
            continue
        before = _WORD_BEFORE.search(text, max(0, start - _REACH), start)
        if before is None or not _DAY_AFTER.match(text, end):
            continue
        word = before.group("w").lower()
        if word in months or word in days:
            yield Finding("DATE", before.start(), end, "date", 0.8)
