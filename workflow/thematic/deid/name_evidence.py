"""One token at a time: is this capitalised word a person's name, a place, or neither?

:func:`judge` labels token ``i`` of a text from itself and its neighbours (a title or relation
before it, a verb only people do after it, a preposition of place, a head noun that makes the run
a thing, a census name beside it); every test reads a bounded number of neighbours, so judging a
text is linear in its tokens. Not for joining labelled tokens into spans (see
:mod:`thematic.deid.name_spans`) nor for choosing which tokens to judge (see
:mod:`thematic.deid.names`).
"""

from __future__ import annotations

from collections import Counter

from thematic.deid.lexicon import (
    census_names,
    cities,
    common_first_names,
    country_words,
    first_names,
    is_english,
    name_words,
    not_identifiers,
    place_words,
    plain_english,
    public_figures,
    region_words,
    unmistakable_first_names,
)
from thematic.deid.name_cues import (
    ABBREVIATED_TITLES,
    ARTICLES,
    CLINICAL_HEADS,
    CUES,
    DETERMINERS,
    DOSE_AFTER,
    DOSE_NOUNS,
    DRUG_SUFFIXES,
    FUNCTION_WORDS,
    GRADE_AFTER,
    INITIALS_ALLOWED,
    INNER_CAPITAL,
    KINSHIP,
    MAX_NAME_WORDS,
    MAX_UNIT_LETTERS,
    MODEL_AFTER,
    MOVE_VERBS,
    NAME_PREFIXES,
    NOT_AFTER_CUE,
    NUMBER_BEFORE,
    OPENING_QUOTE,
    PARTICLES,
    PERSON_BEARERS,
    PERSON_LABELS,
    PERSON_NOUNS,
    PERSON_OBJECT_CUES,
    PERSON_VERBS,
    PLACE_FEATURES,
    PLACE_NOUNS,
    PLACE_PREPOSITIONS,
    PLACE_SUFFIXES,
    PLACE_TAILS,
    PLACEHOLDER_AFTER,
    PLURAL_RELATIONS,
    REGION_AFTER,
    RELATIONS,
    ROLE_TITLES,
    ROLES,
    STATE_PATTERN,
    THING_TAILS,
    TITLES,
)
from thematic.deid.name_layout import has_layout_evidence
from thematic.deid.name_things import names_a_language_or_text

_MIN_STEM = 4
# Relations that are no role: a bracket naming one after a word says whose kin it is.
_PEOPLE_ONLY = RELATIONS - ROLES


class LazyRepeated:
    """The capitalised words a text repeats (:func:`_repeated_capitalised`), counted on first use
    and asked word by word (a text is asked about one or two words, not all it holds)."""

    def __init__(self, words: list[str]) -> None:
        self._words = words
        self._counts: Counter[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self._counts is None:
            self._counts = Counter(self._words)
        return isinstance(word, str) and _repeats_capitalised(word, self._counts)


def without_possessive(word: str) -> str:
    """A word without its possessive ending ("Hope's" -> "Hope")."""
    return word.removesuffix("'s").removesuffix("’s")


def gap_before(text: str, tokens: list[tuple[int, int, str]], i: int) -> str:
    """The characters between token ``i - 1`` and token ``i`` ("" before the first)."""
    return text[tokens[i - 1][1] : tokens[i][0]] if i > 0 else ""


def cue_strength(text: str, tokens: list[tuple[int, int, str]], i: int) -> float:
    """Confidence that a title or relation word right before token ``i`` introduces a name."""
    if i == 0:
        return 0.0
    if title_particles_before(text, tokens, i):
        return 0.95  # "Mrs van der Merwe"
    gap = gap_before(text, tokens, i)
    if "\n" in gap:
        return 0.0  # a heading's last word ("nurse") does not name the next line's first
    previous = tokens[i - 1][2].lower()
    title_cased = tokens[i - 1][2][0].isupper() or previous in ("mr", "mrs", "ms", "dr")
    # a full stop after a title is an abbreviation's ("Dr. Osei"); after a title written in
    # full it ends a sentence ("with the Imam. Part of our work")
    dot = gap.strip() == "." and previous in ABBREVIATED_TITLES
    if previous in TITLES and title_cased and (gap.strip() == "" or dot):
        return 0.95
    if previous in RELATIONS and (
        gap.strip() == "" or (gap.strip() == "(" and previous in _PEOPLE_ONLY)
    ):
        # "her husband Tom", "Dad (Hamish)"; a role's bracket qualifies the role instead
        # ("interpreter (Spanish)")
        return 0.8
    if (
        previous in PERSON_BEARERS
        and gap.strip() == ","
        and i > 1
        and tokens[i - 2][2].lower() in DETERMINERS | {"one", "this", "that"}
    ):
        return 0.8  # "one lady, Bridie, ..."
    if (
        previous in RELATIONS
        and (previous not in ROLES or (i > 1 and tokens[i - 2][2].lower() in DETERMINERS))
        and gap.strip() == ","
        and gap_before(text, tokens, i - 1).strip() != ","
    ):
        # "her daughter, Sue", "the porter, Mossie"; not a list of roles ("2 RNs, resident,
        # RT") nor a job title and its place ("Social worker, Petaling Jaya")
        return 0.8
    if previous in KINSHIP and gap == " " and tokens[i][2][0].isupper():
        return 0.8
    if previous in PLURAL_RELATIONS and gap.strip() in ("", ",") and tokens[i][2][0].isupper():
        return 0.8  # "her parents, Emeka and Ngozi"
    return 0.0


def title_particles_before(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True when a title and name particles stand right before token ``i`` ("Mrs van der")."""
    j = i - 1
    while (
        j > max(0, i - 3) and tokens[j][2] in PARTICLES and gap_before(text, tokens, j + 1) == " "
    ):
        j -= 1
    return (
        j < i - 1
        and tokens[j][2].lower() in TITLES
        and gap_before(text, tokens, j + 1).strip() in ("", ".")
    )


def is_caps(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def _repeated_capitalised(words: list[str]) -> frozenset[str]:
    """Capitalised words written more than once and never in lower case: an essay's people."""
    counts = Counter(words)
    return frozenset(word for word in counts if _repeats_capitalised(word, counts))


def _repeats_capitalised(word: str, counts: Counter[str]) -> bool:
    return counts[word] > 1 and word[0].isupper() and word.lower() not in counts


def judge(
    text: str,
    tokens: list[tuple[int, int, str]],
    i: int,
    lowercase_text: bool,
    repeated: frozenset[str] | LazyRepeated = frozenset(),
) -> tuple[str, float] | None:
    """Label token ``i`` as ("NAME" | "LOCATION" | "TITLE", confidence) or None."""
    start, end, word = tokens[i]
    lower = word.lower()
    if lower in TITLES:
        return None  # a title alone ("Mrs. ___", "Dr. [X]") is no name; it joins one in join_names
    if _redacted(word):
        return None  # "XXXX", "xx": what a de-identifier leaves
    if PLACEHOLDER_AFTER.match(text, end):
        return None  # "Mdm [NAME]": a title before a blank; the blank is evidence of redaction
    if i > 0 and tokens[i - 1][2] in ARTICLES and gap_before(text, tokens, i) == " ":
        return None  # "a Marine", "an Alhaja": a person's name takes no indefinite article
    first = word[0]
    cue = cue_strength(text, tokens, i)
    stem = without_possessive(lower)
    if first.islower():
        if cue and len(word) >= 3 and stem in common_first_names():
            if tokens[i - 1][2].lower() in ROLE_TITLES:
                return ("NAME", 0.6)  # "tell nurse maria", although "maria" is also a word
        if (cue or lowercase_text) and len(word) >= 3 and not is_known(word):
            # text typed in lower case: a census name or a cue is the evidence capitals would give
            # a role forms compounds ("nurse handover"): in text typed with capitals, the
            # lower-case word after one is a name only when people bear it
            role = tokens[i - 1][2].lower() in ROLES
            if stem in census_names() or (cue and (lowercase_text or not role)):
                return ("NAME", 0.6 if cue else 0.5)
            if lowercase_text and stem in cities():
                return ("LOCATION", 0.5)  # "her son in london"
            return None
        if (
            word in unmistakable_first_names()
            and len(word) >= 3
            and (_person_verb_follows(text, tokens, i) or _described_as_person(text, tokens, i))
        ):
            # in text typed with capitals a lower-case word has lost the evidence capitals
            # give: a first name needs more ("peggy, lovely woman", "tunde said"), or it is a
            # word of another language ("a whānau hui")
            return ("NAME", 0.5)
        if stem in cities() and not is_known(word) and _after_place_word(text, tokens, i):
            return ("LOCATION", 0.5)  # "her son in london"
        return None
    if len(word) == 1:
        return _initial(text, tokens, i)
    label = _judge_word(text, tokens, i, cue, stem, repeated)
    if label is not None and names_a_thing(text, tokens, i):
        return None  # checked last: most words are rejected more cheaply before
    return label


def _judge_word(
    text: str,
    tokens: list[tuple[int, int, str]],
    i: int,
    cue: float,
    stem: str,
    repeated: frozenset[str] | LazyRepeated,
) -> tuple[str, float] | None:
    """``judge`` for a capitalised word of two letters or more, before the thing test."""
    word = tokens[i][2]
    lower = word.lower()
    if cue:
        if len(stem) == 1:
            return None  # "Mrs. X's", "Mr B's": a letter alone is a pseudonym (see _initial)
        if stem in NOT_AFTER_CUE or stem in CUES:
            return None  # "Aunty Nurse", "her son, daughter": a role or relation is no name
        if stem in not_identifiers() and stem not in census_names():
            return None  # "Dr. Google", "sister, God bless": a cue before a brand or a deity
        if stem in plain_english() and stem not in census_names() and _weak_cue(text, tokens, i):
            return None  # "Clinical Nurse Specialist", "his wife, Carer B in our audit"
        if stem in plain_english() and tokens[i - 1][2].lower() in ROLES:
            if stem not in common_first_names():
                return None  # a role heads compounds: "GP Surgery", "Volunteer Driver"
        return ("NAME", cue)
    if (
        stem in not_identifiers()
        or stem in public_figures()
        or stem in country_words()
        or stem in region_words()
    ):
        return None
    if stem in THING_TAILS:
        return None  # "Ltd", "Group" alone
    if _role_from_verb(stem):
        return None  # "Supervisee felt frustrated": a role, capitalised as a line's first word
    if _town_of_words(text, tokens, i):
        return ("LOCATION", 0.6)  # "Petaling Jaya": the gazetteer holds towns of several words
    if stem in RELATIONS or stem in TITLES:
        return None  # "Son wants us to call him": a relation or title names a role, not a person
    if stem.removesuffix("s") in not_identifiers():
        return None
    caps = is_caps(word)
    if caps and not _caps_context(text, tokens, i):
        if len(word) >= 5 and _after_place_word(text, tokens, i) and not is_known(word):
            return ("LOCATION", 0.6)  # "moved here from WOODBRIDGE"
        if (
            len(word) >= 4
            and stem in cities()
            and not is_known(word)
            and _place_expected(text, tokens, i)
        ):
            return ("LOCATION", 0.6)  # "grew up in OSLO"; not "PEPA do a course", "ABHA number"
        if len(word) >= 4 and not is_known(word) and _region_follows(text, tokens, i):
            return ("LOCATION", 0.6)  # "HOREB  United Kingdom" on an address line
        if len(word) >= 5 and gap_before(text, tokens, i) == " " and tokens[i - 1][2] == "at":
            if not is_known(word):
                return ("LOCATION", 0.5)  # "arrived at HJELLESTAD"
        return None  # an acronym or regimen ("FOLFOX"), not a shouted name
    if _thing_follows(tokens, i) or (
        _after_the(tokens, i)
        and not _family_follows(text, tokens, i)
        and _next_word(text, tokens, i) not in PLACE_FEATURES  # "the Dravenik bridge"
    ):
        return None
    if is_known(word):
        if stem in name_words() and not caps and not at_sentence_start(text, tokens, i):
            return _place_or_name(text, tokens, i, 0.6)
        if (
            stem in first_names()
            and not caps
            and (_person_verb_follows(text, tokens, i) or _described_as_person(text, tokens, i))
        ):
            return ("NAME", 0.6)  # "Will wrote everything down", "Faith, the wife of"
        if stem in place_words() and not caps and not at_sentence_start(text, tokens, i):
            if _place_or_name(text, tokens, i, 0.6)[0] == "LOCATION":
                return ("LOCATION", 0.6)  # "a flat in Bath", "the outskirts of Reading"
        return None
    category, confidence = _place_or_name(text, tokens, i, 0.6 if caps else 0.7)
    if category == "NAME" and _drug_like(lower):
        return None
    if category == "NAME" and stem in cities() and stem not in common_first_names():
        return ("LOCATION", confidence)  # a town by name: "Utrecht", "Leicester"
    if category == "NAME" and word not in repeated and not _name_evidence(text, tokens, i):
        if i > 0 and gap_before(text, tokens, i) == " " and tokens[i - 1][2] in ("at", "of"):
            if i > 1 and tokens[i - 1][2] == "of" and tokens[i - 2][2].lower() in DOSE_NOUNS:
                return None  # "the last dose of Oramorph", "10 ml of Oramorph": a drug
            return ("LOCATION", 0.5)  # "arrived at Ehingen", "the University of Eindhoven"
        return None  # a capitalised word nothing marks as a person's name: a brand, a coinage
    return category, confidence


def _drug_like(lower: str) -> bool:
    """A drug's or a condition's ending after a stem of four letters or more ("rituximab",
    "Lymphoma"): a short word that merely ends so is a name or a place ("Looma", "Soma")."""
    return any(
        lower.endswith(suffix) and len(lower) - len(suffix) >= _MIN_STEM for suffix in DRUG_SUFFIXES
    )


def _weak_cue(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True when the cue before token ``i`` is one whose next word is a name only if people
    bear it: a relation set off by a comma (an apposition may be any phrase: "his wife,
    Carer B"), or a cue inside a run of capitalised words, where capitals mark a job title or
    heading, not a name ("Clinical Nurse Specialist"). A plain English word no person is
    called is then no name; after a cue alone ("her husband Sky") it still is.
    """
    if gap_before(text, tokens, i).strip() == ",":
        return True
    j = i - 1
    return (
        j > 0
        and tokens[j][2][:1].isupper()
        and gap_before(text, tokens, j) == " "
        and tokens[j - 1][2][:1].isupper()
        and is_english(tokens[j - 1][2])
        and tokens[j - 1][2].lower() not in CUES | FUNCTION_WORDS  # "When Lola Caring died"
    )


def _role_from_verb(stem: str) -> bool:
    """True for a role made from an English verb by "-ee" ("supervisee", "appraisee",
    "allocatee"): English makes these freely, so the word list lacks most. Short words and
    names people bear ("Magee", "Renee", "Chafee") are not read so."""
    if len(stem) < 7 or not stem.endswith("ee") or stem in census_names():
        return False
    return is_english(stem[:-2] + "e") or is_english(stem[:-2])


def _town_of_words(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True when token ``i`` starts a run of two or three capitalised words, one space apart,
    that the gazetteer holds as one town ("Petaling Jaya"). A town made only of English words
    is a phrase as often ("Country Club"): it is a town after a preposition of place ("outside
    Moose Jaw")."""
    words = [tokens[i][2].lower()]
    for j in range(i + 1, min(i + 3, len(tokens))):
        if text[tokens[j - 1][1] : tokens[j][0]] != " " or not tokens[j][2][:1].isupper():
            return False
        words.append(tokens[j][2].lower())
        if " ".join(words) in cities():
            return not all(map(is_english, words)) or _after_place_word(text, tokens, i)
    return False


def _next_word(text: str, tokens: list[tuple[int, int, str]], i: int) -> str:
    """The word right after token ``i`` when one space separates them, in lower case; else ""."""
    if i + 1 < len(tokens) and text[tokens[i][1] : tokens[i + 1][0]] == " ":
        return tokens[i + 1][2].lower()
    return ""


def _person_verb_follows(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True when a verb only people do follows token ``i``, or "who", the relative pronoun
    only people take ("Wanjiru who is the mother of five"); not a phrasal "comes up" (a topic)."""
    following = _next_word(text, tokens, i)
    if following == "who":
        return True
    if following not in PERSON_VERBS:
        return False
    return _next_word(text, tokens, i + 1) not in ("up", "out")


def _family_follows(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """ "the Mwangi family": a capitalised word before "family" is a surname (in the same
    sentence: "..., Cheyne-Stokes. Family present" says nothing)."""
    return _next_word(text, tokens, i) in ("family", "family's", "family’s")


def _name_evidence(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True when something beyond capitals marks token ``i`` as a person's name.

    A census first name or surname; a possessive ("Okafor's"); a verb only people do after it
    ("Wanjiru laughed"); "family" after it; its place in a message: a signature, a salutation's
    addressee, an age after it (:mod:`~thematic.deid.name_layout`); or a neighbour that is
    itself an unknown capitalised word, so the two read as first name and surname ("Adaeze Okafor"). Capitals alone are not
    enough: brands, devices and coinages are capitalised too ("Onpro", "Premed"). (A word the
    essay repeats, always capitalised, needs none of these: see ``_repeated_capitalised``.)
    """
    word = tokens[i][2]
    stem = without_possessive(word.lower())
    if stem in census_names() or stem != word.lower() or _family_follows(text, tokens, i):
        return True
    if not word.isascii():
        return True  # "Csanád", "Jóhannsdóttir": diacritics mark a name from another language
    if _person_verb_follows(text, tokens, i) or _initial_follows(text, tokens, i):
        return True
    if _labelled_person(text, tokens, i) or _described_as_person(text, tokens, i):
        return True
    if _with_relation(text, tokens, i) or has_layout_evidence(text, tokens[i][0], tokens[i][1]):
        return True
    if i > 0 and gap_before(text, tokens, i) == " ":
        previous = tokens[i - 1][2].lower()
        if previous in PERSON_OBJECT_CUES and (
            previous not in ("is", "was") or (i > 1 and tokens[i - 2][2].lower() == "name")
        ):
            return True  # "said Naile", "Hi Keiran", "my name is Minoesch"
    caps = is_caps(word)
    for j in (i - 1, i + 1):
        if not 0 <= j < len(tokens):
            continue
        gap = text[tokens[min(i, j)][1] : tokens[max(i, j)][0]]
        other = tokens[j][2]
        if gap in (", ", " and ", " & ") and other.lower() in common_first_names():
            return True  # a list of names: "Sulimat, Brian, Susan"
        if (
            gap == " "
            and other[:1].isupper()
            and not is_caps(other)
            and without_possessive(other.lower()) in census_names()
            and without_possessive(other.lower()) not in not_identifiers()
        ):
            return True  # a census first name or surname beside it: "Luiza Costa"
        if (
            gap == " "
            and len(other) > 1
            and other[0].isupper()
            and is_caps(other) == caps  # "Adaeze Okafor", or a shouted "DERTIE SOUSTHARAYO"
            and not is_known(other)
            and not _brand(other)
        ):
            return True
    return False


def _labelled_person(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """ "Client: Wiremu", "Case: Anne-Marie", "regular pt Thabo": a form's label for a person."""
    if i == 0:
        return False
    previous, gap = tokens[i - 1][2].lower(), gap_before(text, tokens, i)
    return (previous in PERSON_LABELS and gap.strip() == ":") or (previous == "pt" and gap == " ")


def _described_as_person(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """ "Chinedu was a young man", "Faith, the wife of ...": the word is said to be a person.

    After token ``i``: "was"/"is" or a comma, a determiner, at most two more words, then a noun
    for a person; after a comma the determiner may be dropped when a word comes before the noun
    ("peggy, lovely woman"; "HCAs, registrar, SLT" is a list). Bounded: at most five tokens.
    """
    k = i + 1
    if k >= len(tokens):
        return False
    apposition = gap_before(text, tokens, k) == ", "
    if gap_before(text, tokens, k) == " " and tokens[k][2].lower() in ("was", "is"):
        k += 1
    elif not apposition:
        return False
    if k >= len(tokens):
        return False
    bare = -1
    if tokens[k][2].lower() in DETERMINERS:
        k += 1
    elif apposition:
        bare = k  # "Faith, lovely woman": an apposition may drop its article
    else:
        return False
    for j in range(k, min(k + 3, len(tokens))):
        if j == bare:
            continue  # a bare noun after a comma is a list ("HCAs, registrar, SLT"), no apposition
        if gap_before(text, tokens, j) != " ":
            return False
        noun = tokens[j][2].lower()
        if noun in PERSON_NOUNS or (noun == "one" and _next_word(text, tokens, j) == "who"):
            return True  # "the first one who"
    return False


def _with_relation(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """ "Sunita and her son": a word joined to someone's relation is a person; and "Thandeka
    (daughter of ...)", "Wiremu (her son)": a bracket after it says whose relation it is."""
    following = [_next_word(text, tokens, j) for j in (i, i + 1, i + 2)]
    if following[0] == "and" and following[1] in ("her", "his", "their"):
        return following[2] in RELATIONS
    if i + 1 < len(tokens) and text[tokens[i][1] : tokens[i + 1][0]] == " (":
        first = tokens[i + 1][2].lower()
        second = tokens[i + 2][2].lower() if i + 2 < len(tokens) else ""
        return first in _PEOPLE_ONLY or (first in DETERMINERS and second in _PEOPLE_ONLY)
    return False


def _initial_follows(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """ "Treska J.", "Ross F Marín": an initial after a word, dotted or before a surname."""
    if not (
        i + 1 < len(tokens)
        and len(tokens[i + 1][2]) == 1
        and tokens[i + 1][2].isupper()
        and text[tokens[i][1] : tokens[i + 1][0]] == " "
    ):
        return False
    if text[tokens[i + 1][1] : tokens[i + 1][1] + 1] == ".":
        return True
    return (
        i + 2 < len(tokens)
        and text[tokens[i + 1][1] : tokens[i + 2][0]] == " "
        and tokens[i + 2][2][0].isupper()
        and len(tokens[i + 2][2]) > 1
    )


def _brand(word: str) -> bool:
    """A product name by its shape: an inner capital after a prefix no surname has ("TrueBeam"),
    or after a first name when an English word follows it ("PhilHealth", "MyChart"; a name
    joined to a name, "JoAnn", stays a name)."""
    inner = INNER_CAPITAL.search(word)
    if inner is None:
        return False
    prefix = word[: inner.start(1)].lower().rstrip("'’")
    if prefix in NAME_PREFIXES:
        return False
    return prefix not in first_names() or is_english(word[inner.start(1) :])


def names_a_thing(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True when token ``i`` is part of a product, a drug, a unit or an eponymous thing.

    A brand by its shape or beside one ("Varian TrueBeam"), a word before a dose ("Oramorph
    10 mg") or a model code ("McKinley T34"), a short word after a number ("70 Gy"), and a
    capitalised run followed by a clinical head noun ("Hoyer lift", "Bristol stool chart").
    """
    start, end, word = tokens[i]
    if word.endswith(("'s", "’s")):
        return False  # "Mrs. Hoyer's lift" is hers
    if _brand(word):
        return True
    for j in (i - 1, i + 1):
        if 0 <= j < len(tokens) and _brand(tokens[j][2]):
            if text[tokens[min(i, j)][1] : tokens[max(i, j)][0]] == " ":
                return True
    if DOSE_AFTER.match(text, end) or MODEL_AFTER.match(text, end) or GRADE_AFTER.match(text, end):
        return True
    if len(word) <= MAX_UNIT_LETTERS and NUMBER_BEFORE.search(text, max(0, start - 2), start):
        return True
    return _head_follows(text, tokens, i) or names_a_language_or_text(text, tokens, i)


def _head_follows(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True when the capitalised run through token ``i`` is followed by a clinical head noun,
    at once or after one lower-case word ("Bristol stool chart")."""
    j = i + 1
    while j < min(i + MAX_NAME_WORDS, len(tokens)) and tokens[j][2][0].isupper():
        if text[tokens[j - 1][1] : tokens[j][0]] != " " or tokens[j - 1][2].endswith("s"):
            return False
        j += 1
    for k in (j, j + 1):
        if k >= len(tokens) or text[tokens[k - 1][1] : tokens[k][0]] != " ":
            return False
        word = tokens[k][2]
        if not word[0].islower() or word in FUNCTION_WORDS:
            return False  # a compound holds no preposition: "Kwame on ward 7" is no ward
        if word in CLINICAL_HEADS:
            return True
    return False


def is_known(word: str) -> bool:
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
    if i == 0 or gap_before(text, tokens, i).strip():
        return False
    previous = tokens[i - 1][2].lower()
    before = tokens[i - 2][2].lower() if i > 1 else ""
    return previous in PLACE_PREPOSITIONS or (previous == "to" and before in MOVE_VERBS)


def _place_expected(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True where an acronym can be a town: after a preposition of place, "at", "to" or "of",
    or not heading the lower-case words after it in running prose ("OSLO.", "PARIS\nFrance",
    "CHAUMONT bridge"; not "ABHA number", "PEPA do a course")."""
    if _after_place_word(text, tokens, i) or (
        i > 0
        and gap_before(text, tokens, i) == " "
        and tokens[i - 1][2].lower() in ("at", "to", "of")
    ):
        return True
    following = _next_word(text, tokens, i)
    return not following or not tokens[i + 1][2][0].islower() or following in PLACE_FEATURES


def _caps_context(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True when a neighbour one space away is also ALL-CAPS (a shouted line, not an acronym).

    Acronyms listed with commas ("stage IVA, VVF") or separated by a number are no line.
    """
    for j in (i - 1, i + 1):
        if 0 <= j < len(tokens) and text[tokens[min(i, j)][1] : tokens[max(i, j)][0]] == " ":
            word = tokens[j][2]
            if is_caps(word) and len(word) > 2 and not _redacted(word):
                return True
    return False


def _redacted(word: str) -> bool:
    """A run of X's: "XXXX", "xx", what a de-identifier leaves in place of a value."""
    return len(word) > 1 and word.strip("Xx") == ""


def abbreviation(word: str) -> bool:
    """A capitalised word of two or three letters that is no English word nor anyone's name, or
    one without a vowel: its full stop abbreviates ("Sault Ste. Marie", "St. Vincent's", "Brgy.
    San Isidro"), it does not end a sentence ("... with Ali. Later")."""
    return (
        (len(word) <= 3 or not any(vowel in word.lower() for vowel in "aeiou"))
        and word[0].isupper()
        and not is_caps(word)
        and not is_known(word)
        and word.lower() not in first_names()
    )


def at_sentence_start(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True at the start of the text, a sentence, a line or a quotation (', "Will I ...')."""
    raw = gap_before(text, tokens, i)
    gap = raw.strip(" \t\"'“‘(")
    if gap == "." and abbreviation(tokens[i - 1][2]):
        return False  # "Brgy. San Isidro": an abbreviation's full stop ends no sentence
    return (
        i == 0
        or gap[-1:] in (".", "!", "?", ":", "\n")
        or "\n" in raw
        or OPENING_QUOTE.search(raw) is not None
    )


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


def _initial(text: str, tokens: list[tuple[int, int, str]], i: int) -> tuple[str, float] | None:
    """A single capital letter: an initial ("J. Smith", "J.K.") or a pseudonym ("Mrs. K.")."""
    start, end, word = tokens[i]
    dotted = text[end : end + 1] == "." and not _sentence_follows(text, tokens, i)
    if dotted:
        run = _dotted_run(text, tokens, i)
        if len(run) >= 2:  # "J.K.", "J. K."
            return None if "".join(run).lower() in INITIALS_ALLOWED else ("NAME", 0.6)
        following = tokens[i + 1][2] if i + 1 < len(tokens) else ""
        if following[:1].isupper() and not is_known(following) and not is_caps(following):
            return ("NAME", 0.6)  # "J. Kovalenka"
    # "Mrs. X", "Mr K", "I'll call him Mr. D.", "Patient A.": a letter after a title with no
    # surname after it names no one; the writer chose it as a pseudonym
    return None


def _sentence_follows(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True when the full stop after token ``i`` ends a sentence: a capitalised pronoun or
    function word follows it ("Mr and Mrs B. He had", "Mama A. We should"), no surname."""
    return (
        i + 1 < len(tokens)
        and text[tokens[i][1] : tokens[i + 1][0]] == ". "
        and tokens[i + 1][2][0].isupper()
        and tokens[i + 1][2].lower() in NOT_AFTER_CUE
    )


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
    if _next_word(text, tokens, i) in PLACE_FEATURES:
        return ("LOCATION", confidence)  # "the Lemona bridge", "down by Ferrow harbour"
    if i > 0 and gap_before(text, tokens, i) == " " and tokens[i - 1][2].lower() in PLACE_NOUNS:
        return ("LOCATION", confidence)  # "her home town Lostorf", "the village Kwenzekile"
    j = i - 1
    while (
        j >= max(0, i - MAX_NAME_WORDS)
        and tokens[j][2][:1].isupper()
        and not is_known(tokens[j][2])
    ):
        j -= 1  # walk back over the rest of a multi-word name (bounded: linear time)
    if j >= 0:
        previous = tokens[j][2].lower()
        before = tokens[j - 1][2].lower() if j > 0 else ""
        if previous in PLACE_PREPOSITIONS and not gap_before(text, tokens, j + 1).strip():
            return ("LOCATION", confidence)
        if previous == "to" and before in MOVE_VERBS:
            return ("LOCATION", confidence)
        if previous == "of" and before in PLACE_NOUNS:
            return ("LOCATION", confidence)
    if lower.endswith(PLACE_SUFFIXES) and len(lower) > 6:
        return ("LOCATION", confidence * 0.9)
    if _region_follows(text, tokens, i):
        return ("LOCATION", confidence)
    return ("NAME", confidence)


def _region_follows(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """ "Krurtsomar, Ohio 67841", "Spodnja Idrija, Slovenia": a place before its state or country."""
    k = i
    while k + 1 < min(len(tokens), i + MAX_NAME_WORDS) and tokens[k + 1][2][:1].isupper():
        if text[tokens[k][1] : tokens[k + 1][0]] != " ":
            break
        k += 1  # the rest of a multi-word place ("Spodnja Idrija")
    region = REGION_AFTER.match(text, tokens[k][1])
    if region is None:
        return False
    following = region.group("region")
    return following[0].isupper() and (
        STATE_PATTERN.fullmatch(following) is not None
        or all(word in country_words() for word in following.lower().split())
    )
