"""An address is one block: a found street or unit grows over the town, state, country and ZIP.

Street patterns find "3240 Meadow Drive" and "Apt. 045", the name detector the town and the ZIP
pattern the code, but the words between ("Uruguay", "NSW", a comma) are left out, so a redaction
would leave a readable address. ``grow_addresses`` extends each ADDRESS finding over what follows
it on the same address: capitalised words, numbers and unit designators separated by commas,
spaces, line breaks or form separators, until a lower-case word, a sentence's end or a blank line.
It only widens findings that exist, so an essay without an address finding is never flagged
by it. Not for finding addresses (see ``patterns``).
"""

from __future__ import annotations

import re

from thematic.deid.findings import Finding
from thematic.deid.lexicon import is_english, not_identifiers
from thematic.deid.windows import finditer_near, windows

# One part of an address after a separator: a capitalised word (any script), a number, a unit.
_PART = re.compile(
    r"(?P<gap>[ \t,;:|{}?]{0,8}\n?[ \t,;:|{}?]{0,8})"
    r"(?P<part>(?i:apt|apartment|suite|ste|unit|flat)\.?\s{0,2}#?\d{1,6}[A-Za-z]?"
    r"|[^\W\d_a-z][^\s,;:|{}]{0,40}|\d[\d-]{0,9}(?![\w.]))"
)
# Capitalised words that start a new sentence rather than continue an address.
_SENTENCE_WORDS = frozenset(
    "the a an i we he she it they my her his our their this that then but and so when if".split()
)
MAX_PARTS = 10

# The street-then-number form of most of Europe and Latin America, with a building or postal
# number before it: "637 Strojírenská 1006", "35116 Rua Arapiraca 1943", "788 Fitjabraut 87".
NUMBER_STREET_NUMBER = re.compile(
    r"(?<![\w.,/-])\d{1,6}\s{1,3}(?:\d{1,5}\s{1,3})?"
    r"(?P<street>(?:[^\W\d_][\w'’.-]{0,30}\s{1,3}){1,4})\d{1,5}[A-Za-z]?(?![\w/-]|[.,]\d)"
)
_STREET_REACH = 140

# Streets of other languages, by the street word in them, before a house number: one word ending
# in it ("Industriestraat 133", "Siikarannantie 59"), a name then the word ("Luite tee 87",
# "Wilhelmsens vei 83"), or the word first ("ul. Zakrzowska 92", "Calle Mayor 12").
_STREET_ENDINGS = (
    "straat|strasse|straße|gasse|weg|laan|allee|gade|vej|gatan|vägen|veien|vegen|tie|katu|kuja"
    "|utca|ulica|rakpart|dreef|kade|gracht|plein|platz"
)
_STREET_WORDS = "tee|põik|vei|vej|gade|út|utca|gata|gatan|vägen|weg|straat|laan|väg"
_STREET_HEADS = r"ul\.|al\.|rue|via|calle|rua|avenida|avinguda|viale|strada|ulica|plac"
FOREIGN_STREET = re.compile(
    r"(?<![\w.])(?:"
    rf"[^\W\d_a-z][^\W\d_]{{1,30}}(?:{_STREET_ENDINGS})"
    rf"|[^\W\d_a-z][\w'’-]{{1,30}}\s(?:{_STREET_WORDS})"
    rf"|(?i:{_STREET_HEADS})(?:\s(?:de|del|de\sla|du|des|da|do|dos))?"
    r"(?:\s[^\W\d_a-z][\w'’-]{1,30}){1,3}"
    r")\s\d{1,5}[A-Za-z]?(?![\w.,/-]\d|\w|\s?(?:%|mg|kg|ml|am|pm))"
)
_FOREIGN_REACH = 110
_PARTICLES = frozenset("de da do dos das del della di du van von der la le y".split())


def find_number_street_number(text: str, runs: list[tuple[int, int]]) -> list[Finding]:
    """ADDRESS findings for the street-then-number form, when its words are no known words.

    "3 Gleason 7" and "14 March 2021" have the shape too; a street name is no English word,
    drug, eponym or month.
    """
    found = []
    for match in finditer_near(NUMBER_STREET_NUMBER, text, windows(text, runs, 0, _STREET_REACH)):
        words = match.group("street").split()
        if not words[0][0].isupper() or any(w[0].islower() and w not in _PARTICLES for w in words):
            continue  # "70 Gy in 35 fractions": a street name is capitalised but for particles
        never = not_identifiers()
        unknown = [w for w in words if not is_english(w) and w.lower().strip(".") not in never]
        if unknown:
            found.append(Finding("ADDRESS", match.start(), match.end(), "address:number", 0.8))
    return found


# An intersection names a place as an address does: "the corner of Elm Row and Quayside".
_CORNER_BEFORE = re.compile(r"(?i:(?:the\s)?corner\sof)\s{1,2}\Z")
_CORNER_AFTER = re.compile(
    r"\s(?:and|&)\s(?:\d{1,6}\s)?[^\W\d_][\w'’.-]{0,30}(?:\s[^\W\d_a-z][\w'’.-]{0,30}){0,3}"
)
_CORNER_REACH = 16


def grow_corners(text: str, findings: list[Finding]) -> list[Finding]:
    """A street, place or name found right after "the corner of" becomes an ADDRESS covering
    the whole intersection: "the corner of 12 Elm Row and Quayside Mews"."""
    grown = []
    for finding in findings:
        lo = max(0, finding.start - _CORNER_REACH)
        corner = (
            finding.category in ("ADDRESS", "NAME", "LOCATION")
            and "orner" in text[lo : finding.start]  # cheap test before the pattern
            and _CORNER_BEFORE.search(text, lo, finding.start)
        )
        if corner:
            other = _CORNER_AFTER.match(text, finding.end)
            end = other.end() if other else finding.end
            if text[end - 1] == "." and len(text[:end].rsplit(None, 1)[-1]) > 4:
                end -= 1  # "... and Vølund Allé." ends the sentence; "St." is the street's
            finding = Finding("ADDRESS", corner.start(), end, "address:corner", finding.confidence)
        grown.append(finding)
    return grown


def find_foreign_streets(text: str, runs: list[tuple[int, int]]) -> list[Finding]:
    """ADDRESS findings for a street of another language and its house number (see above)."""
    return [
        Finding("ADDRESS", match.start(), match.end(), "address:street", 0.8)
        for match in finditer_near(FOREIGN_STREET, text, windows(text, runs, _FOREIGN_REACH, 6))
    ]


def grow_addresses(text: str, findings: list[Finding]) -> list[Finding]:
    """``findings`` with each ADDRESS finding widened over the rest of its address block."""
    grown = []
    for finding in findings:
        if finding.category == "ADDRESS":
            end = _block_end(text, finding.end)
            if end > finding.end:
                finding = Finding(
                    "ADDRESS", finding.start, end, finding.detector, finding.confidence
                )
        grown.append(finding)
    return grown


def _block_end(text: str, position: int) -> int:
    """Where the address block that runs through ``position`` ends (at most MAX_PARTS parts on)."""
    end = position
    for _ in range(MAX_PARTS):
        step = _PART.match(text, end)
        if step is None:
            break
        part = step.group("part")
        if part[0].islower() or part.lower().rstrip(".") in _SENTENCE_WORDS:
            break
        end = step.end("part")
        if part[-1] in ".!?" and len(part) > 4:
            return end - 1  # "Keflavík." ends the sentence; "St." is part of the street
    return end
