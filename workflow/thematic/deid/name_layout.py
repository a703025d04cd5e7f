"""Where a word stands in a message, as evidence that it names a person.

Notes, e-mails, texts and survey comments put names in places no sentence shows: a signature
closes the text or follows a closing line ("Thanks,\\nPriya", "... Thanks. Wanjiru"), a
salutation line ends with its addressee ("Kia ora Hemi,"), and a list of patients gives each
name its age ("1) Baraka, 14, ALL relapse", "Njeri (54)"). Brands and coinages stand in none of
these places with an age or at a message's edges, so each is evidence as a census name is.
Read only for a capitalised word that no list knows (see ``name_evidence._name_evidence``).
"""

from __future__ import annotations

import re

# A short line that ends with a comma closes a message ("Thanks,", "Kind regards,", "Groetjes,")
# or opens one ("Dear Dr Mensah,", "Kia ora Hemi,").
_MAX_LINE_WORDS = 3
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# An age in apposition: ", 14," ", 54, Ca breast" ", 93)" " (54)" ", 70 yo" ", 61F".
_AGE_AFTER = re.compile(
    r"(?:,\s{1,2}|\s\()(?P<age>\d{1,3})(?:\s?(?:y/?o|yrs?|years|[MF])\b)?\s{0,2}(?:[,;)]|\Z|\n)"
)
_MAX_AGE = 120
_MAX_LINE = 300
_TEXT_END = "\0"  # the separator of a joined scan ends a text too


def has_layout_evidence(text: str, start: int, end: int) -> bool:
    """True when the word at ``text[start:end]`` signs the message, is the addressee of its
    salutation, or is given an age right after it."""
    return _age_follows(text, end) or _signs(text, start, end) or _addressed(text, start, end)


def _age_follows(text: str, end: int) -> bool:
    match = _AGE_AFTER.match(text, end)
    return match is not None and int(match.group("age")) <= _MAX_AGE


def _line(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The bounds of the short line holding ``text[start:end]``; None for a line longer than
    _MAX_LINE (a signature or a salutation is short, and every look stays bounded)."""
    lo = max(0, start - _MAX_LINE)
    line_start = max(text.rfind("\n", lo, start), text.rfind(_TEXT_END, lo, start)) + 1
    if line_start == 0 and lo > 0:
        return None
    line_end = text.find("\n", end, end + _MAX_LINE)
    if line_end == -1:
        if end + _MAX_LINE < len(text):
            return None
        line_end = len(text)
    return line_start, line_end


def _signs(text: str, start: int, end: int) -> bool:
    """The last words of a text (a line of their own, or the last sentence: "Thanks. Wanjiru"),
    or a line of their own right after a short line ending with a comma ("Thanks,\nPriya")."""
    if _ends_text(text, end) and text[max(0, start - 2) : start].rstrip(" ").endswith(
        (".", "!", ",", "\n")
    ):
        return True  # the last sentence or line of a text is this word
    line = _line(text, start, end)
    if line is None:
        return False
    line_start, line_end = line
    if len(_WORD.findall(text, line_start, line_end)) > 2:
        return False
    if _ends_text(text, line_end) and not text[end:line_end].strip().endswith(","):
        return True  # "— Mathilde Roux" as the text's last line; "Groetjes," closes instead
    if line_start < 2:
        return False
    previous_line = _line(text, line_start - 1, line_start - 1)
    if previous_line is None:
        return False
    previous = text[previous_line[0] : previous_line[1]].rstrip()
    return previous.endswith(",") and len(_WORD.findall(previous)) <= _MAX_LINE_WORDS


def _ends_text(text: str, position: int) -> bool:
    """True when nothing but white space and a closing stop follows ``position`` to the text's
    end (looking at most _MAX_LINE characters ahead)."""
    rest = text[position : position + _MAX_LINE]
    stop = rest.find(_TEXT_END)
    if stop != -1:
        return not rest[:stop].strip().strip(".!")
    return not rest.strip().strip(".!") and position + _MAX_LINE >= len(text)


def _addressed(text: str, start: int, end: int) -> bool:
    """The last word of a short line that greets, then ends with a comma: "Kia ora Hemi,", "Hi
    Sandra,". A word alone on such a line closes a message instead ("Groetjes,")."""
    line = _line(text, start, end)
    if line is None:
        return False
    line_start, line_end = line
    if text[end:line_end].strip() != ",":
        return False
    return 2 <= len(_WORD.findall(text, line_start, end)) <= _MAX_LINE_WORDS
