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
_TEXT_END = "\0"  # the separator of a joined scan ends a text too


def has_layout_evidence(text: str, start: int, end: int) -> bool:
    """True when the word at ``text[start:end]`` signs the message, is the addressee of its
    salutation, or is given an age right after it."""
    return _age_follows(text, end) or _signs(text, start, end) or _addressed(text, start, end)


def _age_follows(text: str, end: int) -> bool:
    match = _AGE_AFTER.match(text, end)
    return match is not None and int(match.group("age")) <= _MAX_AGE


def _line(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the line holding ``text[start:end]``."""
    line_start = max(text.rfind("\n", 0, start), text.rfind(_TEXT_END, 0, start)) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end == -1 else line_end


def _rest_is_empty(text: str, position: int) -> bool:
    """True when nothing but white space follows ``position`` up to the text's end."""
    stop = text.find(_TEXT_END, position)
    return not text[position : len(text) if stop == -1 else stop].strip()


def _signs(text: str, start: int, end: int) -> bool:
    """The last words of a text (a line of their own, or the last sentence: "Thanks. Wanjiru"),
    or a line of their own right after a short line ending with a comma ("Thanks,\\nPriya")."""
    line_start, line_end = _line(text, start, end)
    own_line = len(_WORD.findall(text, line_start, line_end)) <= 2
    last = _rest_is_empty(text, line_end)
    if last and not text[end:line_end].strip(" .!"):
        before = text[line_start:start].rstrip()
        if own_line or before.endswith((".", "!", ",")):
            return True
    if not own_line or line_start < 2:
        return False
    previous_start, previous_end = _line(text, line_start - 1, line_start - 1)
    previous = text[previous_start:previous_end].rstrip()
    return previous.endswith(",") and len(_WORD.findall(previous)) <= _MAX_LINE_WORDS


def _addressed(text: str, start: int, end: int) -> bool:
    """The last word of a short line that greets, then ends with a comma: "Kia ora Hemi,", "Hi
    Sandra,". A word alone on such a line closes a message instead ("Groetjes,")."""
    line_start, line_end = _line(text, start, end)
    if text[end:line_end].strip() != ",":
        return False
    return 2 <= len(_WORD.findall(text, line_start, end)) <= _MAX_LINE_WORDS
