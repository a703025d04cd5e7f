"""The word lists the name detector consults, loaded once from ``deid/data``.

Not for deciding anything: :mod:`thematic.deid.name_evidence` owns the rules; this module only
answers "is this a common English word?", "is this word never an identifier?", "is this a first
name, a surname, a country?" and "is this a public figure?". Sources and licences of the lists
are in ``deid/data/README.md``; the census names come from the ``names`` package.
"""

from __future__ import annotations

import gzip
from functools import cache, lru_cache
from importlib import resources

# Inflections stripped, longest first, when a word is not in the lexicon as written.
_CLITICS = frozenset({"s", "re", "ve", "ll", "d", "t", "m", "all"})
VIRTUE_WORDS = frozenset(
    "hope grace faith joy charity patience mercy constance prudence honor honour".split()
)
# Contractions typed without their apostrophe ("Im", "dont", "theyre"): a pronoun and a clitic
# it takes, or an auxiliary and "nt". Not "Wes" (we + s is no contraction).
_CLITIC_HEADS = {
    "m": frozenset({"i"}),
    "re": frozenset("you we they who what".split()),
    "ve": frozenset("i you we they who".split()),
    "ll": frozenset("i you we they he she it that who there".split()),
    "d": frozenset("i you we they he she it that who".split()),
    "s": frozenset("he she it that there what who here".split()),
}
_AUXILIARIES = frozenset(
    "do does did is was were are has have had could would should ca wo must need might".split()
)
_SUFFIXES = ("'s", "’s", "ically", "ness", "ists", "ings", "ing", "ies", "ed", "es", "ly", "s")


def _data_text(name: str) -> str:
    """Text of one file shipped in ``thematic/deid/data``."""
    path = resources.files("thematic.deid").joinpath("data").joinpath(name)
    raw = path.read_bytes()
    return (gzip.decompress(raw) if name.endswith(".gz") else raw).decode("utf-8")


def _words(text: str) -> frozenset[str]:
    """Whitespace-separated words of a list file, ignoring ``#`` comment lines."""
    if "#" not in text:
        return frozenset(text.split())  # the large lists: one split in C, no line loop
    return frozenset(
        word
        for line in text.splitlines()
        if not line.lstrip().startswith("#")
        for word in line.split()
    )


@cache
def english_words() -> frozenset[str]:
    """Lower-case English and clinical vocabulary (SCOWL plus ``medical_terms.txt``)."""
    return _words(_data_text("english_lexicon.txt.gz")) | _words(_data_text("medical_terms.txt"))


@cache
def not_identifiers() -> frozenset[str]:
    """Lower-case words that never make an identifier on their own (``not_identifiers.txt``,
    and the kinship words of ``kinship.txt``)."""
    return _words(_data_text("not_identifiers.txt")) | kinship_words()


@cache
def calendar_words() -> tuple[frozenset[str], frozenset[str]]:
    """Lower-case month names and weekday names of other languages (``calendar.txt``, from
    CLDR): no English word among them."""
    months, _, days = _data_text("calendar.txt").partition("[days]")
    return frozenset(months.split()[1:]), frozenset(days.split())


@cache
def kinship_words() -> frozenset[str]:
    """Lower-case forms of address and kinship words in many languages (``kinship.txt``)."""
    return _words(_data_text("kinship.txt"))


@cache
def public_figures() -> frozenset[str]:
    """Lower-case full names and surnames of public figures (``public_figures.txt``)."""
    lines = _data_text("public_figures.txt").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1 << 16)  # the same capitalised words are judged in text after text
def is_english(word: str) -> bool:
    """True when ``word`` (any case) is a common English or clinical word, allowing inflections.

    Hyphenated compounds are English when every part is ("End-of-Life", "Self-Care").
    """
    lower = word.lower().strip("'’-")
    vocabulary = english_words()
    if lower in vocabulary:
        return True
    for apostrophe in "'’":
        if apostrophe in lower:  # "you're", "don't", "nurse's": judge the word before it
            if lower.replace(apostrophe, "") in vocabulary:
                return True  # "o'clock"
            if lower.endswith("n" + apostrophe + "t") and lower[:-3] in vocabulary:
                return True  # "wasn't", "didn't": the verb before the negation
            head, _, tail = lower.partition(apostrophe)
            return tail in _CLITICS and (head in vocabulary or head in ("i", "y"))
    if _contraction(lower):
        return True
    if "-" in lower:
        parts = [part for part in lower.split("-") if part]
        return bool(parts) and all(part in vocabulary or part.isdigit() for part in parts)
    for suffix in _SUFFIXES:
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 3:
            stem = lower[: -len(suffix)]
            if stem in vocabulary or stem + "e" in vocabulary or stem + "y" in vocabulary:
                return True
    return False


def _contraction(lower: str) -> bool:
    """True for a contraction typed without its apostrophe: "im", "theyre", "dont"."""
    if lower.endswith("nt") and lower[:-2] in _AUXILIARIES:
        return True
    return any(
        lower.endswith(clitic) and lower[: -len(clitic)] in heads
        for clitic, heads in _CLITIC_HEADS.items()
    )


@cache
def name_words() -> frozenset[str]:
    """Lower-case first names that are also English words ("Grace", "Mark", "Tom").

    The census first names borne by at least 0.02% of people that are English words, and the
    short forms in ``name_words.txt`` ("Will", "Pete") the census lists rarely; not the virtue
    words, which reflective writing capitalises as ideas ("and Hope stayed with us").
    """
    census = common_first_names() & english_words()
    return (_words(_data_text("name_words.txt")) | census) - VIRTUE_WORDS


@cache
def plain_english() -> frozenset[str]:
    """Lower-case English words that are not also first names ("the", not "grace" or "will")."""
    return english_words() - name_words() - first_names() - place_words()


def _census(name: str, min_percent: float = 0.0) -> frozenset[str]:
    """Lower-case names of one 1990 US census list shipped by the ``names`` package.

    Each line is "NAME percent cumulative rank"; ``min_percent`` keeps the names borne by at
    least that share of people.
    """
    fields = resources.files("names").joinpath(name).read_text(encoding="ascii").lower().split()
    if not min_percent:
        return frozenset(fields[0::4])  # 88,799 surnames: no per-line parsing at start-up
    shares = map(float, fields[1::4])
    return frozenset(
        n for n, share in zip(fields[0::4], shares, strict=True) if share >= min_percent
    )


@cache
def first_names() -> frozenset[str]:
    """Lower-case first names, female and male (US census 1990, 5,494 names; ``names``)."""
    return _census("dist.female.first") | _census("dist.male.first")


@cache
def common_first_names() -> frozenset[str]:
    """First names borne by at least 0.02% of people ("Grace", "Mark"; not "In" or "So")."""
    return _census("dist.female.first", 0.02) | _census("dist.male.first", 0.02)


@cache
def surnames() -> frozenset[str]:
    """Lower-case surnames (US census 1990, 88,799 names; ``names``)."""
    return _census("dist.all.last")


@cache
def place_words() -> frozenset[str]:
    """Lower-case towns whose names are English words (``place_words.txt``, from GeoNames)."""
    return _words(_data_text("place_words.txt"))


@cache
def census_names() -> frozenset[str]:
    """Lower-case census first names and surnames: evidence that a word can name a person."""
    return first_names() | surnames()


@cache
def terms() -> tuple[str, ...]:
    """Lower-case multi-word terms that are never identifiers (``terms.txt``: "hail mary")."""
    lines = _data_text("terms.txt").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def country_words() -> frozenset[str]:
    """Lower-case words of country and continent names (``countries.txt``, from GeoNames).

    A word that is also a census first name ("Chad") is left out: it may be a person.
    """
    words = _words(_data_text("countries.txt").lower())
    return frozenset(word.strip(",().") for word in words) - first_names()


@cache
def unmistakable_first_names() -> frozenset[str]:
    """Census first names that are no English word nor listed non-identifier ("maria")."""
    return first_names() - english_words() - not_identifiers()


@cache
def region_words() -> frozenset[str]:
    """Lower-case names of states, provinces and regions (``regions.txt``): not identifiers.

    A one-word region is kept whole ("victoria", "kerala"); of a longer one ("tamil nadu"), the
    words that are no census first name or surname, so that "Cruz" stays a possible surname.
    """
    names = _data_text("regions.txt").splitlines()
    regions = [name.strip() for name in names if name.strip() and not name.startswith("#")]
    single = {name for name in regions if " " not in name and "-" not in name}
    parts = {
        part for name in regions if name not in single for part in name.replace("-", " ").split()
    }
    return frozenset(single | (parts - census_names()))


@cache
def cities() -> frozenset[str]:
    """Lower-case names of towns of 15,000 people or more (``cities.txt.gz``, from GeoNames),
    less region names: a capitalised word that is one is a LOCATION."""
    lines = _data_text("cities.txt.gz").splitlines()
    return frozenset(line for line in lines if line) - region_words()


@cache
def town_openers() -> frozenset[str]:
    """First words of the gazetteer's towns of several words ("moose" of "moose jaw"): a
    capitalised one is worth judging even when it is an English word."""
    return frozenset(name.split()[0] for name in cities() if " " in name)


def load_word_lists() -> None:
    """Load every list now, as a scan would on first use (before forking workers that share
    them: :mod:`thematic.deid.parallel`)."""
    for load in WORD_LISTS:
        load()


WORD_LISTS = (
    english_words,
    not_identifiers,
    kinship_words,
    calendar_words,
    public_figures,
    name_words,
    plain_english,
    first_names,
    common_first_names,
    surnames,
    place_words,
    census_names,
    terms,
    country_words,
    unmistakable_first_names,
    region_words,
    cities,
    town_openers,
)
