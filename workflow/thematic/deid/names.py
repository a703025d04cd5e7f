"""Names of people and places, found token by token from capitalisation, cues and word lists.

A capitalised word that is not English (``lexicon.is_english``) and not a known non-identifier
(months, drugs, eponyms, institutions, ...) is a name candidate; a title ("Mrs.") or a relation
("her daughter") makes the next word a name whatever it is; a preposition of place ("from",
"moved to") or a place suffix ("-ville", "County") makes a candidate a LOCATION. One linear
pass over the tokens, no backtracking. Not for structured identifiers (see ``patterns``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import accumulate

from thematic.deid.findings import Finding
from thematic.deid.lexicon import (
    common_first_names,
    country_words,
    is_english,
    name_words,
    not_identifiers,
    plain_english,
    public_figures,
    unmistakable_first_names,
)

_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+){0,4}")
_SPLIT = re.compile(f"({_TOKEN.pattern})")

TITLES = frozenset(
    "mr mrs ms miss mx dr prof professor rev reverend pastor rabbi imam dame sir".split()
)
RELATIONS = frozenset(
    """wife husband daughter son mother father mum mom dad sister brother grandson granddaughter
    grandmother grandfather grandma grandpa nana niece nephew aunt auntie uncle cousin partner
    fiancé fiancée fiance boyfriend girlfriend friend colleague patient nurse doctor chaplain
    named called neighbour neighbor resident registrar consultant surgeon physician oncologist
    widow widower baby stepson stepdaughter sibling sibs twin grandchild""".split()
)
_CUES = TITLES | RELATIONS
_CUE_FORMS = frozenset(form for cue in _CUES for form in (cue, cue.title(), cue.upper()))
_NOT_AFTER_CUE = frozenset(
    """i a an and or but so then the this that it he she we they you my his her our their
    was is who had has said""".split()
)
# Walks over neighbouring tokens stop after this many, so every token costs O(1).
MAX_NAME_WORDS = 4
# Placeholders a de-identifier leaves: "Mrs. X", "Patient A" (see issue 4, "what not to flag").
PLACEHOLDER_LETTERS = frozenset("XYZ")
PLACEHOLDER_NOUNS = frozenset("patient case participant subject respondent client".split())
PLACE_PREPOSITIONS = frozenset("in from near outside around toward towards".split())
MOVE_VERBS = frozenset(
    """moved drove back travelled traveled returned went flew driving relocated home came
    commuted""".split()
)
PLACE_NOUNS = frozenset(
    """city town village county suburb outskirts borough parish township neighbourhood
    neighborhood area""".split()
)
PLACE_TAILS = frozenset("county parish borough township heights springs falls".split())
PLACE_SUFFIXES = (
    "ville", "ton", "burg", "burgh", "borough", "field", "ford", "port", "mouth", "chester",
    "caster", "wick", "stead", "dale", "haven", "brook", "bury",
)  # fmt: skip
STREET_TAILS = frozenset(
    """street st avenue ave road rd lane ln drive boulevard blvd court ct way place terrace
    circle crescent close parkway highway square trail row grove gardens mews""".split()
)
# A capitalised run followed by one of these names a thing, not a person.
THING_TAILS = frozenset(
    """hospital clinic centre center institute university foundation trust society college school
    hospice unit ward program programme initiative award awards prize fellowship scheme project
    network study trial group team association council lecture medal method model lymphoma
    disease syndrome sarcoma tumour tumor score scale test procedure sign cell cells catheter line
    port reflex criteria classification protocol theory day""".split()
) | frozenset(
    # a company's legal form: "Kosmos Energy Ltd", "Phio Pharmaceuticals Corp." name a company
    """ltd limited inc incorporated corp corporation co plc llc llp nv bv gmbh ag sa spa ab oy
    holdings group company""".split()
)
# Lower-case particles inside a name: "Christiane de Vaan", "Teixeira de Freitas".
PARTICLES = frozenset("de da do dos das du del della di van von der den ter le la y u bin al".split())
# A house number right after a street name: "Via Leopardi 83", "Strojírenská 1006".
_LEADING_NUMBER = re.compile(r"(?<![\w.,-])\d{1,6}\s{1,3}(?:\d{1,6}\s{1,3})?\Z")
_HOUSE_NUMBER = re.compile(r" \d{1,5}[A-Za-z]?\b(?![.,]\d|\s?(?:%|mg|kg|am|pm|years?\b))")
DRUG_SUFFIXES = (
    "mab", "nib", "platin", "taxel", "rubicin", "mide", "vir", "cillin", "mycin", "olol", "pril",
    "sartan", "statin", "azole", "parin", "lisib", "ciclib", "parib", "oma", "omas", "itis",
    "ectomy", "otomy", "ostomy", "plasty", "scopy", "graphy", "logist", "logy", "emia", "aemia",
    "penia", "cyte", "plasia", "pathy", "algia", "osis",
)  # fmt: skip
INITIALS_ALLOWED = frozenset(
    "us uk am pm md rn np do bc ad eg ie un eu nb ps rip dc la ok ma ba bsc msc phd mph".split()
)


def find_names(text: str) -> Iterator[Finding]:
    """Yield NAME, LOCATION and ADDRESS findings for people, places and streets in ``text``.

    Each token is judged once from itself and its two neighbours; adjacent name tokens are then
    joined into one finding, so "Mrs. Anna Kovalenka" is one span (title included). In cased text
    only capitalised tokens and tokens after a title or relation are judged: a lower-case word
    after any other word is never a name, and most tokens are never visited in Python.
    """
    tokens, words = _tokens(text)
    capitalised = [i for i, word in enumerate(words) if not word[0].islower()]
    lowercase_text = _mostly_lowercase(words, capitalised)
    if lowercase_text:
        judged: Iterable[int] = range(len(tokens))
    else:
        after_cue = [i + 1 for i, word in enumerate(words) if word in _CUE_FORMS]
        # "DAUGHTER" or "Daughter" are in _CUE_FORMS; other capitalised spellings are rare
        after_cue += [i + 1 for i in capitalised if words[i].lower() in _CUES]
        # an uncued capitalised English word that is not also a first name ("The", "When") is
        # never a name (see _judge): most capitalised tokens stop here
        plain = plain_english()
        judged = [i for i in capitalised if len(words[i]) == 1 or words[i].lower() not in plain]
        # a lower-case first name that is no English word ("tell nurse maria", "cecilie"),
        # and the capitalised word before a surname-like word (judged by _join)
        lowercase_names = unmistakable_first_names()
        judged += [i for i, word in enumerate(words) if word in lowercase_names]
        if after_cue:
            judged = sorted(set(judged).union(after_cue))
    labels: list[tuple[str, float] | None] = [None] * len(tokens)
    for i in judged:
        if i < len(tokens):
            labels[i] = _judge(text, tokens, i, lowercase_text)
    yield from _join(text, tokens, labels)


def _tokens(text: str) -> tuple[list[tuple[int, int, str]], list[str]]:
    """``(start, end, word)`` of every word, and the words, built without per-token Python."""
    parts = _SPLIT.split(text)  # gap, word, gap, word, ..., gap
    offsets = list(accumulate(map(len, parts)))
    words = parts[1::2]
    return list(zip(offsets[:-1:2], offsets[1::2], words, strict=True)), words


def _mostly_lowercase(words: list[str], capitalised: list[int]) -> bool:
    """True for text typed without capitals, where capitalisation says nothing."""
    if len(words) < 20:
        return False
    capitals = sum(1 for i in capitalised if words[i][0].isupper())
    return capitals < len(words) / 100


def _gap(text: str, tokens: list[tuple[int, int, str]], i: int) -> str:
    """The characters between token ``i - 1`` and token ``i`` ("" before the first)."""
    return text[tokens[i - 1][1] : tokens[i][0]] if i > 0 else ""


def _cued(text: str, tokens: list[tuple[int, int, str]], i: int) -> float:
    """Confidence that a title or relation word right before token ``i`` introduces a name."""
    if i == 0:
        return 0.0
    gap = _gap(text, tokens, i)
    previous = tokens[i - 1][2].lower()
    title_cased = tokens[i - 1][2][0].isupper() or previous in ("mr", "mrs", "ms", "dr")
    if previous in TITLES and title_cased and gap.strip() in ("", "."):
        return 0.95
    if previous in RELATIONS and gap.strip() in ("", ","):
        return 0.8
    return 0.0


def _is_caps(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def _judge(
    text: str, tokens: list[tuple[int, int, str]], i: int, lowercase_text: bool
) -> tuple[str, float] | None:
    """Label token ``i`` as ("NAME" | "LOCATION" | "TITLE", confidence) or None."""
    start, end, word = tokens[i]
    lower = word.lower()
    if lower in TITLES:
        return None  # a title alone ("Mrs. ___", "Dr. [X]") is no name; it joins one in _join
    first = word[0]
    cue = _cued(text, tokens, i)
    if first.islower():
        if (cue or lowercase_text) and len(word) >= 3 and not _known(word):
            return ("NAME", 0.6 if cue else 0.5)
        if word in unmistakable_first_names() and len(word) >= 3:
            return ("NAME", 0.5)
        return None
    stem = lower.removesuffix("'s").removesuffix("’s")
    if len(word) == 1:
        return _initial(text, tokens, i, cue)
    if cue:
        if len(stem) == 1 and stem.upper() in PLACEHOLDER_LETTERS:
            return None  # "Mrs. X's"
        if stem in _NOT_AFTER_CUE:
            return None
        return ("NAME", cue)
    if stem in not_identifiers() or stem in public_figures() or stem in country_words():
        return None
    if stem in THING_TAILS:
        return None  # "Ltd", "Group" alone
    if stem.removesuffix("s") in not_identifiers():
        return None
    caps = _is_caps(word)
    if caps and not _caps_context(tokens, i):
        if len(word) >= 5 and _after_place_word(text, tokens, i) and not _known(word):
            return ("LOCATION", 0.6)  # "moved here from WOODBRIDGE"
        return None  # an acronym or regimen ("FOLFOX"), not a shouted name
    if _thing_follows(tokens, i) or _after_the(tokens, i):
        return None
    if _known(word):
        if stem in name_words() and not caps and not _sentence_start(text, tokens, i):
            return _place_or_name(text, tokens, i, 0.6)
        return None
    if lower.endswith(DRUG_SUFFIXES):
        return None
    return _place_or_name(text, tokens, i, 0.6 if caps else 0.7)


def _known(word: str) -> bool:
    """A word that is English, clinical, a country, or never an identifier ("Fridays" too)."""
    lower = word.lower()
    never = not_identifiers()
    return (
        is_english(word)
        or lower in never
        or lower.removesuffix("s") in never
        or lower in country_words()
    )


def _after_place_word(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True when token ``i`` follows a preposition of place ("in", "from", "moved to")."""
    if i == 0 or _gap(text, tokens, i).strip():
        return False
    previous = tokens[i - 1][2].lower()
    before = tokens[i - 2][2].lower() if i > 1 else ""
    return previous in PLACE_PREPOSITIONS or (previous == "to" and before in MOVE_VERBS)


def _caps_context(tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True when a neighbouring token is also ALL-CAPS (a shouted line, not an acronym)."""
    neighbours = [tokens[j][2] for j in (i - 1, i + 1) if 0 <= j < len(tokens)]
    return any(_is_caps(word) and len(word) > 2 for word in neighbours)


def _sentence_start(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    gap = _gap(text, tokens, i).strip(" \t\"'“‘(")
    return i == 0 or gap[-1:] in (".", "!", "?", ":", "\n") or "\n" in _gap(text, tokens, i)


def _after_the(tokens: list[tuple[int, int, str]], i: int) -> bool:
    """ "the Pacemakers": a capitalised word after "the" names a programme or group.

    Not a first name that no English word shares: "the Aimee Spencer version" is a person.
    """
    return (
        i > 0
        and tokens[i - 1][2] in ("the", "The", "THE")
        and tokens[i][2].lower() not in unmistakable_first_names()
    )


def _thing_follows(tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True when the capitalised run holding token ``i`` ends in an institution/eponym noun."""
    for j in range(i + 1, min(i + 5, len(tokens))):
        word = tokens[j][2]
        if tokens[j][0] - tokens[j - 1][1] != 1:
            return False  # the run ends at punctuation or a line break
        if word.lower() in THING_TAILS:
            return True
        if not word[0].isupper():
            return False
    return False


def _initial(
    text: str, tokens: list[tuple[int, int, str]], i: int, cue: float
) -> tuple[str, float] | None:
    """A single capital letter: an initial ("J. Smith", "Mrs. K.", "J.K.") or a placeholder."""
    start, end, word = tokens[i]
    dotted = text[end : end + 1] == "."
    if dotted:
        run = _dotted_run(text, tokens, i)
        if len(run) >= 2:  # "J.K.", "J. K."
            return None if "".join(run).lower() in INITIALS_ALLOWED else ("NAME", 0.6)
        following = tokens[i + 1][2] if i + 1 < len(tokens) else ""
        if following[:1].isupper() and not _known(following) and not _is_caps(following):
            return ("NAME", 0.6)  # "J. Kovalenka"
    if word in PLACEHOLDER_LETTERS or not dotted:
        return None  # "Mrs. X", "Mr. K" (an undotted letter is read as a pseudonym)
    if i > 0 and tokens[i - 1][2].lower() in PLACEHOLDER_NOUNS:
        return None  # "Patient A."
    return ("NAME", 0.8) if cue else None


def _dotted_run(text: str, tokens: list[tuple[int, int, str]], i: int) -> list[str]:
    """The letters of the dotted-initial run through token ``i`` ("J.K." -> ["J", "K"])."""
    lo = i
    while (
        lo > max(0, i - MAX_NAME_WORDS)
        and len(tokens[lo - 1][2]) == 1
        and text[tokens[lo - 1][1]] == "."
    ):
        if tokens[lo][0] - tokens[lo - 1][1] > 2:
            break
        lo -= 1
    hi = i
    while (
        hi + 1 < min(len(tokens), i + MAX_NAME_WORDS)
        and len(tokens[hi + 1][2]) == 1
        and tokens[hi + 1][0] - tokens[hi][1] <= 2
        and text[tokens[hi + 1][1] : tokens[hi + 1][1] + 1] == "."
    ):
        hi += 1
    return [tokens[j][2] for j in range(lo, hi + 1)]


def _place_or_name(
    text: str, tokens: list[tuple[int, int, str]], i: int, confidence: float
) -> tuple[str, float]:
    """Decide whether a name candidate is a place (by its preposition or shape) or a person."""
    word = tokens[i][2]
    lower = word.lower()
    if lower.endswith(("'s", "’s")):
        return ("NAME", confidence)
    if i + 1 < len(tokens) and tokens[i + 1][2].lower() in PLACE_TAILS:
        return ("LOCATION", confidence)
    j = i - 1
    while (
        j >= max(0, i - MAX_NAME_WORDS) and tokens[j][2][:1].isupper() and not _known(tokens[j][2])
    ):
        j -= 1  # walk back over the rest of a multi-word name (bounded: linear time)
    if j >= 0:
        previous = tokens[j][2].lower()
        before = tokens[j - 1][2].lower() if j > 0 else ""
        if previous in PLACE_PREPOSITIONS and not _gap(text, tokens, j + 1).strip():
            return ("LOCATION", confidence)
        if previous == "to" and before in MOVE_VERBS:
            return ("LOCATION", confidence)
        if previous == "of" and before in PLACE_NOUNS:
            return ("LOCATION", confidence)
    if lower.endswith(PLACE_SUFFIXES) and len(lower) > 6:
        return ("LOCATION", confidence * 0.9)
    return ("NAME", confidence)


def _join(
    text: str, tokens: list[tuple[int, int, str]], labels: list[tuple[str, float] | None]
) -> Iterator[Finding]:
    """Join adjacent labelled tokens (plus titles, initials and capitalised surnames) into spans."""
    i = 0
    n = len(tokens)
    while i < n:
        label = labels[i]
        if label is None:
            i += 1
            continue
        category, confidence = label
        lo = i
        if lo > 0 and _first_name_before(text, tokens, labels, lo):
            lo -= 1  # "Angel Longino's": a first name that is also a word, before a surname
        if lo > 0 and tokens[lo - 1][2].lower() in TITLES and _cued(text, tokens, lo):
            lo -= 1
        hi = i
        while hi + 1 < n and _continues(text, tokens, labels, hi + 1):
            hi += 1
            if labels[hi] is not None:
                confidence = max(confidence, labels[hi][1])
        start, end = tokens[lo][0], tokens[hi][1]
        if text[end : end + 1] == "." and len(tokens[hi][2]) == 1:
            end += 1  # keep the initial's full stop inside the span
        if hi + 1 < n and tokens[hi + 1][2].lower() in PLACE_TAILS and category == "LOCATION":
            end = tokens[hi + 1][1]
        elif hi + 1 < n and tokens[hi + 1][2].lower() in STREET_TAILS:
            category, end = "ADDRESS", tokens[hi + 1][1]
        number = _HOUSE_NUMBER.match(text, end)
        if number and category != "ADDRESS" and not _public_figure(text[start:end], ""):
            category, end = "ADDRESS", number.end()  # "Via Leopardi 83"
        if category == "ADDRESS":
            leading = _LEADING_NUMBER.search(text, max(0, start - 14), start)
            start = leading.start() if leading else start  # "893 Via Leopardi 83"
        if not _public_figure(text[tokens[lo][0] : end], tokens[lo][2]):
            yield Finding(category, start, end, "names", round(confidence, 2))
        i = hi + 1


def _first_name_before(
    text: str, tokens: list[tuple[int, int, str]], labels: list[tuple[str, float] | None], i: int
) -> bool:
    """True when the capitalised token before name token ``i`` is a first name ("Angel")."""
    word = tokens[i - 1][2]
    return (
        labels[i - 1] is None
        and word[0].isupper()
        and not _is_caps(word)
        and word.lower() in common_first_names()
        and text[tokens[i - 1][1] : tokens[i][0]] == " "
    )


def _continues(
    text: str, tokens: list[tuple[int, int, str]], labels: list[tuple[str, float] | None], j: int
) -> bool:
    """True when token ``j`` extends the name span ending at token ``j - 1``."""
    gap = text[tokens[j - 1][1] : tokens[j][0]]
    word = tokens[j][2]
    if word in PARTICLES and gap == " " and j + 1 < len(tokens):
        # "de Vaan": a particle joins when a capitalised word follows it
        following = tokens[j + 1][2]
        return text[tokens[j][1] : tokens[j + 1][0]] == " " and following[0].isupper()
    if gap not in (" ", ". ", ".", "-") or (gap.startswith(".") and len(tokens[j - 1][2]) > 1):
        return False
    if labels[j] is not None:
        return True
    word = tokens[j][2]
    if not word[0].isupper() or word.lower() in not_identifiers() or word.lower() in THING_TAILS:
        return False
    # a capitalised surname that is also a word ("Anna Smith") joins; a shouted word does not
    return not _is_caps(word)


def _public_figure(span_text: str, first_word: str) -> bool:
    """Public figures are not PHI, unless addressed as a patient would be ("Mrs. Saunders")."""
    if first_word.lower() in ("mr", "mrs", "ms", "miss", "mx"):
        return False
    words = [
        w.removesuffix("'s").removesuffix("’s")
        for w in re.split(r"[\s.]+", span_text.lower())
        if w and w not in TITLES
    ]
    return bool(words) and (" ".join(words) in public_figures() or words[-1] in public_figures())
