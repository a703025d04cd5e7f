"""Identifying numbers by their shape, with or without a cue word.

Safe Harbor's last category is "any other unique identifying number, characteristic, or code"
(45 CFR 164.514(b)(2)(i)(R)). A token that carries five or more digits ("217223320",
"4065133387262473"), or mixes letters with four or more digits ("Q992707", "GB78QMVR5014...",
"MRN-447-1923"), is an identifier candidate in its own right, unless it reads as a clinical
quantity, a date, a time or a dose: a decimal ("3.14159"), a year range ("2019-2020"), a number
with its unit ("5000mg", "12000 units") or money ("$25000"). Cue words ("licence", "policy")
are for :mod:`thematic.deid.patterns`, which names the category; here the category is ID.
Not for numbers of fewer digits, which only cues or formats make identifiers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from thematic.deid.findings import Finding
from thematic.deid.windows import finditer_near, windows

# A token of letters and digits joined by single "-", "/" or "." (bounded: linear time). The
# lookaheads ask for five digits, or a letter and four digits, inside the token itself.
_SEP = r"(?:[-/.](?=[A-Za-z0-9]))"
TOKEN = re.compile(
    r"(?<![\w./$£€+-])"
    r"(?:(?=(?:[A-Za-z/.-]{0,40}\d){5})|(?=[\d/.-]{0,40}[A-Za-z])(?=(?:[A-Za-z/.-]{0,40}\d){4}))"
    rf"[A-Za-z0-9](?:[A-Za-z0-9]|{_SEP}){{3,47}}"
    r"(?:\([0-9A-Z]\))?(?!\w)"  # a check digit glued on in brackets is part of it: "C668201(4)"
)
_REACH = 48

# Shapes that are quantities, dates or doses rather than identifiers.
_NOT_IDENTIFIER = re.compile(
    r"\d+\.\d+"  # a decimal
    r"|(?:19|20)\d\d[-/](?:19|20)?\d\d"  # a year range
    r"|\d{1,6}(?i:mg|mcg|ug|g|kg|ml|l|iu|u|units?|mmol|mol|mm|cm|m|km|h|hrs?|mins?|s|am|pm|st"
    r"|nd|rd|th|x|bp|kb|mb|gb)|\d{1,3}(?i:k)"  # a number with its unit ("7734219K" is none)
    r"|[A-Z]\d{3,4}[A-Z]"  # a protein variant (R1441C)
    r"|\d{1,4}/\d{1,4}"  # a ratio dose or a reading (co-codamol 30/500, BP 110/70)
)
# A number followed by its unit or a counted noun is a quantity ("12000 units", "40000 cells").
_UNIT_AFTER = re.compile(
    r"\s{0,2}(?i:mg|mcg|micrograms?|milligrams?|grams?|g|kg|ml|millilitres?|milliliters?|litres?"
    r"|liters?|l|iu|units?|mmol|copies|cells|platelets|/mm3|/ul|/µl|per|x\s?10|%|percent"
    r"|patients|people|cases|hours|minutes|days|weeks|months|years|steps|miles|km|words"
    r"|dollars|pounds|euros|staff|nurses|doctors|deaths|admissions|visits|referrals)\b"
)


def find_identifier_numbers(text: str, runs: list[tuple[int, int]]) -> Iterator[Finding]:
    """Yield an ID finding for each identifier-shaped token (see the module's policy).

    ``runs`` are the digit runs of ``text``: every candidate holds one, so the pattern runs only
    in windows around them.
    """
    for match in finditer_near(TOKEN, text, windows(text, runs, _REACH, _REACH)):
        token = match.group()
        if _NOT_IDENTIFIER.fullmatch(token):
            continue
        if token.isdigit() and _UNIT_AFTER.match(text, match.end()):
            continue
        yield Finding("ID", match.start(), match.end(), "id:shape", 0.6)
