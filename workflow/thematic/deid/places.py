"""Named care facilities and towns from a gazetteer: places below state level (LOCATION).

Policy: a hospital, hospice, clinic or care home named in an essay narrows where a person was
treated below state level, so it is a LOCATION (45 CFR 164.514(b)(2)(i)(B)); a town or city is
too. A generic facility ("the District General Hospital", "the Cancer Centre") names no one
place and is kept. States, provinces and countries are not identifiers (``lexicon.regions``).

- :func:`find_facilities`: a capitalised name phrase ending in a facility noun ("St Ottoline's
  Hospice", "Brackwater Royal Infirmary") or headed by one ("Hospital of St Ives", "Hôpital
  Lariboisière"), found from the facility noun outward, so prose without one costs one pass of
  a literal pattern;
- towns by name are judged with the other capitalised words in :mod:`thematic.deid.names`
  (``lexicon.cities``).

Not for people's names or street addresses (see ``names`` and ``patterns``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from thematic.deid.findings import Finding
from thematic.deid.lexicon import country_words, is_english, not_identifiers, region_words
from thematic.deid.windows import finditer_near, literal_spans, windows

# The nouns a facility's name ends in (capitalised, as a name writes them).
FACILITY = re.compile(
    r"(?:(?:Medical|Cancer|Health|Care|Oncology|Surgical|Treatment|Wellness|Rehabilitation)"
    r"\s(?:Centre|Center)s?|(?:Nursing|Care|Rest|Retirement|Convalescent)\s(?:Home|Village)s?"
    r"|Hospitals?|Hospices?|Clinics?|Infirmary|Sanatorium|Cemetery|Crematorium"
    r"|Memorial(?:\sPark)?|Medical\sCollege)(?![\w'’-])"
)
# The same nouns written in lower case after a name: "the Christie hospital", "St Luke's hospice".
LOWER_FACILITY = re.compile(
    r"(?:hospitals?|hospices?|clinics?|infirmary|nursing\shome|care\shome)(?![\w'’-])"
)
# Facility nouns of other languages, which head the name that follows them ("Hôpital Necker").
FOREIGN_FACILITY = re.compile(
    r"(?:Hôpital|Hopital|Clínica|Clinica|Klinik|Klinikum|Ospedale|Policlinico"
    r"|Centro\sMédico|Centro\sHospitalar|Centre\sHospitalier)(?![\w'’-])"
)
# Words that describe a facility without naming one: a run of only these is generic.
GENERIC = frozenset(
    """general district community university teaching children childrens women womens
    royal regional county city memorial cancer medical health care day specialist private
    public state national veterans veteran mental psychiatric rehabilitation the of and for
    & st st. saint oncology palliative acute main local central new our rural base
    hospital hospice clinic infirmary centre center home nursing rest trust foundation
    a an my our his her their this that""".split()
)
# A lower-case noun right after a facility noun makes it attributive, a kind of care: "hospice
# services", "hospital bed", "clinic staff".
_KIND_AFTER = re.compile(
    r" (?:services?|care|beds?|staff|teams?|settings?|levels?|systems?|sector|movement|model"
    r"|admissions?|stays?|volunteers?|referrals?|visits?|placements?)\b"
)
# Capitalised English words that do begin a facility's name ("Royal", "Princess", "Good Hope").
GENERIC_NAMES = frozenset("royal princess queen king prince saint st good".split())
# A name word: capitalised (any script), possibly possessive or hyphenated ("Gemma's").
_WORD = re.compile(r"[^\W\d_][\w'’.-]{0,30}")
# Small words a facility's name may hold between its capitalised words.
_INNER = frozenset("of the and & de da do la le du del di y".split())
MAX_NAME_WORDS = 6
_REACH = 160


# Every facility noun holds one of these; ``str.find`` skips prose without them at C speed.
_NOUN_CORES = (
    "Hospi", "Clinic", "Infirm", "Cent", "Home", "Village", "Memorial", "Cemetery", "Cremat",
    "Sanator", "College", "pital", "Clínica", "Klinik", "Ospedale", "Policlinico", "Centro",
)  # fmt: skip
_LOWER_NOUN_CORES = ("hospital", "hospice", "clinic", "infirmary", "ing home", "care home")
_CORE_REACH = 30


def find_facilities(text: str) -> Iterator[Finding]:
    """Yield a LOCATION for each named facility in ``text`` (see the module's policy)."""
    spans = _near_cores(text)
    for pattern in (FACILITY, FOREIGN_FACILITY):
        for noun in finditer_near(pattern, text, spans):
            start, end = _name_start(text, noun.start()), _name_end(text, noun.end())
            if _names_one_place(text[start:end]):
                yield Finding("LOCATION", start, end, "facility", 0.8)
    lower_spans = windows(text, literal_spans(text, _LOWER_NOUN_CORES), _CORE_REACH, _CORE_REACH)
    for noun in finditer_near(LOWER_FACILITY, text, lower_spans):
        before = text.rfind(" ", 0, max(0, noun.start() - 1)) + 1
        if not text[before : before + 1].isupper():
            continue  # "the district general hospital": no name before the noun
        if noun.group().endswith("s") or _KIND_AFTER.match(text, noun.end()):
            continue  # "the PHC clinics", "Kaupapa Māori hospice services": a kind of facility
        start = _after_sentence_opener(text, _name_start(text, noun.start(), inner=False))
        # a lower-case noun after one capitalised word may be a kind ("a Catholic hospital",
        # "the NHS clinic"): the name must hold a word that is no listed non-identifier
        if start < noun.start() and _names_one_place(text[start : noun.end()], strict=True):
            yield Finding("LOCATION", start, noun.end(), "facility", 0.7)


def _after_sentence_opener(text: str, start: int) -> int:
    """``start``, or the next word's start when the run opens a sentence with a capitalised
    English word, which is capitalised as the sentence's first ("No nursing home would",
    "Ordered hospital bed")."""
    opener = _WORD.match(text, start)
    if opener is None or not _opens_sentence(text, start):
        return start
    word = opener.group()
    if is_english(word) and word.lower() not in GENERIC_NAMES:
        return text.find(" ", opener.end()) + 1 or start
    return start


def _opens_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip(" ")
    return not before or before[-1] in ".!?:;\n"


def _near_cores(text: str) -> list[tuple[int, int]]:
    """Windows around each facility noun's core in ``text``, merged (see ``windows``)."""
    return windows(text, literal_spans(text, _NOUN_CORES), _CORE_REACH, _CORE_REACH)


def _is_name_word(word: str) -> bool:
    return word[0].isupper() or word in ("St", "St.")


def _name_start(text: str, position: int, inner: bool = True) -> int:
    """Where the capitalised run ending right before ``position`` starts (``position`` if none).

    Walks back word by word over single spaces: capitalised words, and the small words of a
    name ("of", "de") when a capitalised word stands before them (unless ``inner`` is false),
    never over a sentence's end ("Friday. The"). Bounded: linear time.
    """
    words = list(_WORD.finditer(text, max(0, position - _REACH), position))
    start = cursor = position
    for word in reversed(words[-MAX_NAME_WORDS:]):
        if text[word.end() : cursor] != " ":
            break
        value = word.group()
        if value.endswith(".") and value not in ("St.", "Dr.", "Mt."):
            break  # "Friday." ends a sentence before the name
        if _is_name_word(value):
            start = cursor = word.start()
        elif inner and value in _INNER:
            cursor = word.start()  # kept only if a capitalised word stands before it
        else:
            break
    return start


def _name_end(text: str, position: int) -> int:
    """Where a name that follows a facility noun ends: "Hospital of St Ives", "Hôpital Necker"."""
    end = cursor = position
    for word in _WORD.finditer(text, position, min(len(text), position + _REACH)):
        if text[cursor : word.start()] != " ":
            break
        value = word.group()
        if _is_name_word(value):
            end = cursor = word.end()
            if value.endswith(".") and value != "St.":
                return end - 1  # "Hospital of St Ives." ends its sentence
        elif value in _INNER:
            cursor = word.end()
        else:
            break
    return end


def _names_one_place(name: str, strict: bool = False) -> bool:
    """True when a facility's name holds a word no generic facility has ("Lagos", "Gemma's");
    ``strict``: nor a listed non-identifier, country or region ("Catholic", "NHS", "Welsh")."""
    words = [word.lower().removesuffix("'s").removesuffix("’s") for word in name.split()]
    if strict:
        never = not_identifiers() | country_words() | region_words()
        return any(word not in GENERIC and word not in never for word in words)
    return any(word not in GENERIC for word in words)
