"""Names of people and places, found token by token from capitalisation, cues and word lists.

A capitalised word that is not English (``lexicon.is_english``) and not a known non-identifier
(months, drugs, eponyms, regions, kinship words, ...) is a name candidate; a title ("Mrs."), a
relation ("her daughter") or a kinship word of any language ("Gogo") makes the next word a name
whatever it is. A candidate needs evidence beyond capitals to be a person's name: a census name,
a verb only people do, a neighbouring name, a form's label ("Client:"), being said to be a
person ("X was a young man", "X, the wife of"), being listed with a name or joined to a
relation ("X and her son"). A preposition of place ("from", "out past"), a place noun or
feature ("home town X", "X bridge"), a country after it on an address line, a place suffix
("-ville") or the GeoNames gazetteer (``lexicon.cities``) makes a candidate a LOCATION. A word
after an indefinite article, a run of X's or a heading's last word before a line break is no
name. One linear pass over the tokens, no backtracking. Not for structured identifiers (see
``patterns``) nor named facilities (see ``places``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import accumulate

import numpy as np

from thematic.deid.findings import Finding
from thematic.deid.lexicon import (
    census_names,
    cities,
    common_first_names,
    country_words,
    first_names,
    is_english,
    kinship_words,
    name_words,
    not_identifiers,
    place_words,
    plain_english,
    public_figures,
    region_words,
    surnames,
    terms,
    unmistakable_first_names,
)
from thematic.deid.patterns import STATES
from thematic.deid.windows import literal_spans, match_at

_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+){0,4}")
_SPLIT = re.compile(f"({_TOKEN.pattern})")

TITLES = frozenset(
    """mr mrs ms miss mx dr prof professor rev reverend pastor rabbi imam dame sir mdm madam
    madame mme mlle sr sra srta fr herr frau""".split()
)
RELATIONS = frozenset(
    """wife husband daughter son mother father mum mom dad sister brother grandson granddaughter
    grandmother grandfather grandma grandpa nana niece nephew aunt auntie uncle cousin partner
    fiancé fiancée fiance boyfriend girlfriend friend colleague patient nurse doctor chaplain
    named called neighbour neighbor resident registrar consultant surgeon physician oncologist
    widow widower baby stepson stepdaughter sibling sibs twin grandchild kid child mummy mommy""".split()
)
# Relations that are roles, which also head compound nouns ("nurse handover", "patient notes").
ROLES = frozenset(
    """patient nurse doctor chaplain resident registrar consultant surgeon physician oncologist
    colleague""".split()
)
# Titles and the roles used as titles: the word after them is a name even in lower case ("nurse
# maria"), unlike after a relation ("a cousin drew up a rota").
ROLE_TITLES = TITLES | frozenset("nurse doctor matron".split())
# Kinship words and forms of address of many languages introduce a name as a relation does
# ("Gogo Thandeka", "Mama Okonjo"), and are no name alone.
KINSHIP = kinship_words()
_CUES = TITLES | RELATIONS | KINSHIP
_CUE_FORMS = frozenset(form for cue in _CUES for form in (cue, cue.title(), cue.upper()))
_NOT_AFTER_CUE = frozenset(
    """i a an and or but so then the this that it he she we they you my his her our their
    was is who had has said i'm i’m i've i'd i'll""".split()
)
# Walks over neighbouring tokens stop after this many, so every token costs O(1).
MAX_NAME_WORDS = 4
# Placeholders a de-identifier leaves: "Mrs. X", "Patient A" (see issue 4, "what not to flag").
PLACEHOLDER_LETTERS = frozenset("XYZ")
# A blank a de-identifier leaves in place of a name: "[NAME]", "[ ]", "<name>", "___". The word
# right before one is its title or role ("Mdm [NAME]", "Sister ___"), not a name.
_PLACEHOLDER_AFTER = re.compile(r"\.?\s{0,2}(?:\[[^\]\n]{0,24}\]|<[^>\n]{0,24}>|_{2,}|\*{3,})")
ARTICLES = frozenset("a an A An AN".split())
# Labels before a colon that introduce a person on a form or in notes: "Client: Wiremu".
PERSON_LABELS = frozenset("client case patient pt resident name participant".split())
DETERMINERS = frozenset("a an the my our his her their".split())
# Nouns for a person, after "was a young ..." or ", the ... of": evidence for the word before.
PERSON_NOUNS = RELATIONS | frozenset(
    """man woman boy girl lady gentleman teenager toddler child baby mother father wife husband
    grandmother grandfather widow widower veteran farmer teacher nurse student mum dad""".split()
)
PLACEHOLDER_NOUNS = frozenset("patient case participant subject respondent client".split())
PLACE_PREPOSITIONS = frozenset("in from near outside around toward towards past beyond via".split())
MOVE_VERBS = frozenset(
    """moved drove back travelled traveled returned went flew driving relocated home came
    commuted""".split()
)
PLACE_NOUNS = frozenset(
    """city town village county suburb outskirts borough parish township neighbourhood
    neighborhood area hometown""".split()
)
PLACE_TAILS = frozenset("county parish borough township heights springs falls".split())
# Features of a place named by the word before them, in lower case: "Lemona bridge".
PLACE_FEATURES = frozenset("bridge river harbour harbor lake valley station estate".split())
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
    port reflex criteria classification protocol theory day round rounds pathway
    assessment""".split()
) | frozenset(
    # a company's legal form: "Kosmos Energy Ltd", "Phio Pharmaceuticals Corp." name a company
    """ltd limited inc incorporated corp corporation co plc llc llp nv bv gmbh ag sa spa ab oy
    holdings group company""".split()
)
# Nouns that head a named thing when they follow a capitalised run, even in lower case: an eponym
# or a brand before them is no person ("Hoyer lift", "Bristol stool chart", "Sister Mary Joseph
# nodule", "Edmonton Symptom Assessment scores"); "Mrs. Hoyer's lift" stays a name.
CLINICAL_HEADS = THING_TAILS | frozenset(
    """lift hoist driver pump chart nodule node breathing respiration respirations formula
    equation sign signs phenomenon manoeuvre maneuver position needle bed chair mattress monitor
    machine scanner device mask dressing bag tube stent valve shunt boot frame walker syringe
    inhaler patch app portal scores scale criteria index staging grade tool questionnaire
    inventory checklist approach technique method type grade class stage transformation
    effect reaction triad law ulcer palsy fracture incision operation rule curve""".split()
)
# Verbs that only a person does, right after a word: evidence that the word names someone
# ("Will wrote everything down", "Hope laughed"). No copula: "Hope was" says nothing.
PERSON_VERBS = frozenset(
    """said says told tells asked asks laughed laughs smiled smiles cried cries wept died dies
    wrote writes lost loved loves hated hates wanted wants liked likes called calls came comes
    went goes walked walks sat sits stood lived lives worked works nodded replied whispered
    shouted insisted refused agreed decided looked knew thought felt stopped started kept
    joked teased sang prayed hugged winked sighed squeezed grinned admitted explained""".split()
)
# Verbs and greetings whose object is a person, right before a word: "said Naile", "Hi Keiran",
# "told Wanjiru", "my name is Minoesch".
PERSON_OBJECT_CUES = frozenset(
    """said says asked asks told tell tells thanked thank met meet meets called named visited
    hugged married phoned rang emailed texted hi hello dear thanks is was""".split()
)
# A prefix before an inner capital in a surname ("McKinley", "DiNapoli"); any other inner capital
# marks a product ("TrueBeam", "OxyNorm", "YouTube").
NAME_PREFIXES = frozenset("mc mac di de da du la le van von fitz st o d".split())
_INNER_CAPITAL = re.compile(r"[a-z]([A-Z])")
# A dose right after a word makes it a drug: "Oramorph 10 mg", "Norco 10/325", "Keytruda 200mg".
_DOSE_AFTER = re.compile(
    r"\s{1,2}\d{1,5}(?:\.\d{1,3})?(?:\s?(?:mg|mcg|µg|micrograms?|milligrams?|g|ml|mL|units?|iu|IU"
    r"|mmol|mg/m2|mg/kg|%)\b|/\d{1,4}\b)"
)
# A short word right after a number is its unit: "70 Gy", "10 MBq", "5 mSv".
_NUMBER_BEFORE = re.compile(r"\d\s?\Z")
_FIGURE_SPLIT = re.compile(r"[\s.]+")
# A state or country after a town: after a comma, or on an address line after a wide gap.
_REGION_AFTER = re.compile(
    r"(?:,\s{0,3}|[ \t]{2,6}|[ \t]{0,3}\n[ \t]{0,3})"
    r"(?P<region>[A-Z][A-Za-z]{1,20}(?:\s[A-Z][a-z]{2,20})?)"
)
_STATE = re.compile(STATES)
_MODEL_AFTER = re.compile(r"\s[A-Z]{1,3}-?\d{1,5}[A-Za-z]?\b")
MAX_UNIT_LETTERS = 4
_OPENING_QUOTE = re.compile(r"(?:\A|\s)[\"“‘'(]\Z")
_TERMS = re.compile(  # starts with a literal; the word boundary before is checked after
    r"(?:"
    + "|".join(
        re.escape(t).replace(r"\ ", r"\s{1,3}") for t in sorted(terms(), key=len, reverse=True)
    )
    + r")\b"
)
# Every term starts with one of these words, found by str.find.
_TERM_HEADS = tuple(sorted({term.split()[0] for term in terms()}))
# Lower-case particles inside a name: "Christiane de Vaan", "Teixeira de Freitas".
PARTICLES = frozenset(
    "de da do dos das du del della di van von der den ter le la y u bin al".split()
)
# Post-nominal letters and generational suffixes belong to the name before them.
_POST_NOMINAL = re.compile(r",?\s(?:MD|DO|DVM|DDS|PhD|RN|NP|PA-C|Jr\.?|Sr\.?|II|III|IV)\b")
# A house number right after a street name: "Via Leopardi 83", "Strojírenská 1006".
_LEADING_NUMBER = re.compile(r"(?<![\w.,-])\d{1,6}\s{1,3}(?:\d{1,6}\s{1,3})?\Z")
_HOUSE_NUMBER = re.compile(r" \d{1,5}[A-Za-z]?\b(?![.,/]\d|\s?(?:%|mg|kg|am|pm|years?\b))")
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
    yield from find_names_joined(text, [0])


def find_names_joined(text: str, starts: Sequence[int]) -> list[Finding]:
    """:func:`find_names` of each text inside ``text`` (texts starting at ``starts``, joined
    by a separator no word crosses), offsets in ``text``.

    The words are split once and classified once per distinct spelling (:func:`_kind`); the
    tokens each text judges are then picked with array operations, so the Python work per text
    is proportional to its candidates, not its length.
    """
    tokens, words, token_starts = _tokens(text)
    if not tokens:
        return []
    kinds, ids = _classify(words)
    bounds = np.searchsorted(token_starts, np.asarray(starts, dtype=np.int64)).tolist()
    bounds.append(len(tokens))
    blocked_all = sorted(_in_terms(text, tokens, token_starts))
    found: list[Finding] = []
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        if hi > lo:
            inside = blocked_all[bisect_left(blocked_all, lo) : bisect_left(blocked_all, hi)]
            blocked = frozenset(i - lo for i in inside)
            found.extend(
                _names_of_one(text, tokens[lo:hi], words[lo:hi], kinds[lo:hi], ids[lo:hi], blocked)
            )
    return found


def _names_of_one(
    text: str,
    tokens: list[tuple[int, int, str]],
    words: list[str],
    kinds: np.ndarray,
    ids: np.ndarray,
    blocked: frozenset[int],
) -> Iterator[Finding]:
    """Name findings of one text's ``tokens`` (offsets in ``text``), classified by _classify."""
    n = len(tokens)
    lowercase_text = n >= 20 and np.count_nonzero(kinds & _UPPER_FIRST) < n / 100
    if lowercase_text:  # typed without capitals: capitalisation says nothing, judge every token
        judged: list[int] = list(range(n))
    else:
        # capitalised words that are no plain English word ("The", "When" never are names), a
        # lower-case first name no English word shares ("tell nurse maria"), the word after a cue
        # (without the words that are names only after a cue, and undotted single letters, which
        # _judge would reject: "I", "Friday", "NHS" are most candidates)
        candidates = ((kinds & (_CANDIDATE | _LOWER_NAME)) != 0) & ((kinds & _NEVER) == 0)
        judged = [
            i
            for i in np.flatnonzero(candidates).tolist()
            if not kinds[i] & _SINGLE or text[tokens[i][1] : tokens[i][1] + 1] == "."
        ]
        extra = [i for i in (np.flatnonzero(kinds & _CUE) + 1).tolist() if i < n]
        extra += [
            i for i in np.flatnonzero(kinds & _NEVER).tolist() if i and words[i - 1] in PARTICLES
        ]  # "Mrs van der Georgia": a title's cue reaches over particles
        if extra:  # a few per text: sets beat numpy's union for so few
            judged = sorted(set(judged).union(extra))
    repeated = _LazyRepeated(words)
    labels: list[tuple[str, float] | None] = [None] * n
    for i in judged:
        if i not in blocked:
            labels[i] = _judge(text, tokens, i, lowercase_text, repeated)
    _listed_with_names(text, tokens, kinds, labels, judged)
    _propagate(words, ids, labels, judged, blocked)
    yield from _join(text, tokens, labels, blocked)


def _listed_with_names(
    text: str,
    tokens: list[tuple[int, int, str]],
    kinds: np.ndarray,
    labels: list[tuple[str, float] | None],
    judged: list[int],
) -> None:
    """An unknown capitalised word listed with a name, or set beside it after a dash, is a name
    too: "Caird and Jones", "Lapresse, Morris and Wright", "Mrs. Oyelaran — Funmilayo"."""
    names = [i for i in judged if (labels[i] or ("",))[0] == "NAME"]
    if not names:
        return
    near = sorted({i + d for i in names for d in (-2, -1, 1, 2)}.intersection(judged))
    for order in (near, near[::-1]):  # forward, then back: "A, B and C" either way
        for i in order:
            if labels[i] is not None or kinds[i] & (_NEVER | _SINGLE) or _is_caps(tokens[i][2]):
                continue
            for j in (i - 2, i - 1, i + 1, i + 2):
                if 0 <= j < len(tokens) and (labels[j] or ("",))[0] == "NAME":
                    lo, hi = min(i, j), max(i, j)
                    if hi - lo == 1:
                        listed = text[tokens[lo][1] : tokens[hi][0]] in _LIST_GAPS
                    else:  # "Caird and Jones": "and" or "or" between, single spaces
                        listed = tokens[lo + 1][2] in ("and", "or") and (
                            text[tokens[lo][1] : tokens[hi][0]] == f" {tokens[lo + 1][2]} "
                        )
                    if listed and not _known(tokens[i][2]) and not _names_a_thing(text, tokens, i):
                        labels[i] = ("NAME", 0.5)
                        break


_LIST_GAPS = frozenset({", ", " & ", " — ", " – ", " - ", "/", " / "})


# What a spelling is, as bits: decided once per distinct word (see _classify).
_CAPITALISED, _UPPER_FIRST, _CUE, _CANDIDATE, _LOWER_NAME, _NEVER, _SINGLE = 1, 2, 4, 8, 16, 32, 64
_KINDS: dict[str, int] = {}
_IDS: dict[str, int] = {}
MAX_CACHED_WORDS = 500_000


def _kind(word: str) -> int:
    """The bits of one spelling: capitalised, upper-case first letter, a cue, a candidate."""
    kind = 0
    if not word[0].islower():
        kind |= _CAPITALISED
        if word[0].isupper():
            kind |= _UPPER_FIRST
        if len(word) == 1 or word.lower() not in plain_english():
            kind |= _CANDIDATE
        if word.lower() in _CUES:
            kind |= _CUE  # "DAUGHTER", "Daughter", "NuRsE"
        if len(word) == 1:
            kind |= _SINGLE
        elif _never_a_name(_stem(word.lower())):
            kind |= _NEVER
    if word in _CUE_FORMS:
        kind |= _CUE
    if word in unmistakable_first_names() or (
        word[0].islower() and word in cities() and not is_english(word)
    ):
        kind |= _LOWER_NAME  # judged in lower case too: "nurse maria", "in london"
    return kind


def _never_a_name(stem: str) -> bool:
    """A capitalised word that is a name only after a cue: a title, a listed non-identifier, a
    public figure, a country or a region (the first test of ``_judge_word`` without a cue)."""
    return (
        stem in TITLES
        or stem in not_identifiers()
        or stem in public_figures()
        or stem in country_words()
        or stem in region_words()
    )


def _classify(words: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each word's kind bits and a number per distinct spelling, as arrays (one per token)."""
    if len(_KINDS) > MAX_CACHED_WORDS:
        _KINDS.clear()
        _IDS.clear()
    for word in set(words).difference(_KINDS):  # checks each new spelling against the dict
        _KINDS[word] = _kind(word)
        _IDS[word] = len(_IDS)
    kinds = np.fromiter(map(_KINDS.__getitem__, words), dtype=np.uint8, count=len(words))
    ids = np.fromiter(map(_IDS.__getitem__, words), dtype=np.int64, count=len(words))
    return kinds, ids


class _LazyRepeated:
    """The capitalised words a text repeats (:func:`_repeated_capitalised`), counted on first use."""

    def __init__(self, words: list[str]) -> None:
        self._words = words
        self._repeated: frozenset[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self._repeated is None:
            self._repeated = _repeated_capitalised(self._words)
        return word in self._repeated


def _in_terms(
    text: str, tokens: list[tuple[int, int, str]], token_starts: np.ndarray
) -> frozenset[int]:
    """Indexes of the tokens inside a known multi-word term ("Hail Mary"): never names."""
    lowered = text.lower()
    if len(lowered) != len(text):
        return frozenset()  # offsets would shift; the terms are then judged word by word
    heads = (start for start, _ in literal_spans(lowered, _TERM_HEADS))
    spans = [
        match.span()
        for match in match_at(_TERMS, lowered, heads)  # what _TERMS.finditer finds, faster
        if not match.start()
        or not (lowered[match.start() - 1].isalnum() or lowered[match.start() - 1] == "_")
    ]
    if not spans:
        return frozenset()
    blocked = set()
    for lo, hi in spans:
        i = int(np.searchsorted(token_starts, lo))
        while i < len(tokens) and tokens[i][1] <= hi:
            blocked.add(i)
            i += 1
    return frozenset(blocked)


def _propagate(
    words: list[str],
    ids: np.ndarray,
    labels: list[tuple[str, float] | None],
    judged: list[int],
    blocked: frozenset[int],
) -> None:
    """A word read as a person's name anywhere in the text is that name everywhere in it.

    "Big Mike" makes the "Mike" that starts a later sentence a name, and "nurse maria" every
    "maria". Only the same spelling (case included) counts, so a name "Grace" leaves "grace".
    """
    named = {_stem(words[i]) for i in judged if (labels[i] or ("",))[0] == "NAME"}
    if not named:
        return
    forms = [
        _IDS[form]
        for stem in named
        for form in (stem, stem + "'s", stem + "’s", stem + "’s's")
        if form in _IDS
    ]
    if not forms:
        return
    same = ids == forms[0]
    for form in forms[1:]:
        same |= ids == form
    for i in np.flatnonzero(same).tolist():
        word = words[i]
        if labels[i] is None and i not in blocked and len(word) > 1 and _stem(word) in named:
            labels[i] = ("NAME", 0.6)


def _stem(word: str) -> str:
    """A word without its possessive ending ("Hope's" -> "Hope")."""
    return word.removesuffix("'s").removesuffix("’s")


def _tokens(text: str) -> tuple[list[tuple[int, int, str]], list[str], np.ndarray]:
    """``(start, end, word)`` of every word, the words, and the starts as an array, built
    without per-token Python."""
    parts = _SPLIT.split(text)  # gap, word, gap, word, ..., gap
    offsets = list(accumulate(map(len, parts)))
    words = parts[1::2]
    starts = offsets[:-1:2]
    return (
        list(zip(starts, offsets[1::2], words, strict=True)),
        words,
        np.array(starts, dtype=np.int64),
    )


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
    if _title_particles_before(text, tokens, i):
        return 0.95  # "Mrs van der Merwe"
    gap = _gap(text, tokens, i)
    if "\n" in gap:
        return 0.0  # a heading's last word ("nurse") does not name the next line's first
    previous = tokens[i - 1][2].lower()
    title_cased = tokens[i - 1][2][0].isupper() or previous in ("mr", "mrs", "ms", "dr")
    if previous in TITLES and title_cased and gap.strip() in ("", "."):
        return 0.95
    if previous in RELATIONS and gap.strip() == "":
        return 0.8
    if previous in RELATIONS and gap.strip() == "," and _gap(text, tokens, i - 1).strip() != ",":
        return 0.8  # "her daughter, Sue"; not a list of roles ("2 RNs, resident, RT")
    if previous in KINSHIP and gap == " " and tokens[i][2][0].isupper():
        return 0.8
    return 0.0


def _title_particles_before(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True when a title and name particles stand right before token ``i`` ("Mrs van der")."""
    j = i - 1
    while j > max(0, i - 3) and tokens[j][2] in PARTICLES and _gap(text, tokens, j + 1) == " ":
        j -= 1
    return (
        j < i - 1
        and tokens[j][2].lower() in TITLES
        and _gap(text, tokens, j + 1).strip() in ("", ".")
    )


def _is_caps(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def _repeated_capitalised(words: list[str]) -> frozenset[str]:
    """Capitalised words written more than once and never in lower case: an essay's people."""
    counts = Counter(words)
    return frozenset(
        word
        for word, n in counts.items()
        if n > 1 and word[0].isupper() and word.lower() not in counts
    )


def _judge(
    text: str,
    tokens: list[tuple[int, int, str]],
    i: int,
    lowercase_text: bool,
    repeated: frozenset[str] | _LazyRepeated = frozenset(),
) -> tuple[str, float] | None:
    """Label token ``i`` as ("NAME" | "LOCATION" | "TITLE", confidence) or None."""
    start, end, word = tokens[i]
    lower = word.lower()
    if lower in TITLES:
        return None  # a title alone ("Mrs. ___", "Dr. [X]") is no name; it joins one in _join
    if _redacted(word):
        return None  # "XXXX", "xx": what a de-identifier leaves
    if _PLACEHOLDER_AFTER.match(text, end):
        return None  # "Mdm [NAME]": a title before a blank; the blank is evidence of redaction
    if i > 0 and tokens[i - 1][2] in ARTICLES and _gap(text, tokens, i) == " ":
        return None  # "a Marine", "an Alhaja": a person's name takes no indefinite article
    first = word[0]
    cue = _cued(text, tokens, i)
    stem = _stem(lower)
    if first.islower():
        if cue and len(word) >= 3 and stem in common_first_names():
            if tokens[i - 1][2].lower() in ROLE_TITLES:
                return ("NAME", 0.6)  # "tell nurse maria", although "maria" is also a word
        if (cue or lowercase_text) and len(word) >= 3 and not _known(word):
            # text typed in lower case: a census name or a cue is the evidence capitals would give
            # a role forms compounds ("nurse handover"): in text typed with capitals, the
            # lower-case word after one is a name only when people bear it
            role = tokens[i - 1][2].lower() in ROLES
            if stem in census_names() or (cue and (lowercase_text or not role)):
                return ("NAME", 0.6 if cue else 0.5)
            if lowercase_text and stem in cities():
                return ("LOCATION", 0.5)  # "her son in london"
            return None
        if word in unmistakable_first_names() and len(word) >= 3:
            return ("NAME", 0.5)
        if stem in cities() and not _known(word) and _after_place_word(text, tokens, i):
            return ("LOCATION", 0.5)  # "her son in london"
        return None
    if len(word) == 1:
        return _initial(text, tokens, i, cue)
    label = _judge_word(text, tokens, i, cue, stem, repeated)
    if label is not None and _names_a_thing(text, tokens, i):
        return None  # checked last: most words are rejected more cheaply before
    return label


def _judge_word(
    text: str,
    tokens: list[tuple[int, int, str]],
    i: int,
    cue: float,
    stem: str,
    repeated: frozenset[str] | _LazyRepeated,
) -> tuple[str, float] | None:
    """_judge for a capitalised word of two letters or more, before the thing test."""
    word = tokens[i][2]
    lower = word.lower()
    if cue:
        if len(stem) == 1 and stem.upper() in PLACEHOLDER_LETTERS:
            return None  # "Mrs. X's"
        if stem in _NOT_AFTER_CUE or stem in _CUES:
            return None  # "Aunty Nurse", "her son, daughter": a role or relation is no name
        if stem in not_identifiers() and stem not in census_names():
            return None  # "Dr. Google", "sister, God bless": a cue before a brand or a deity
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
    if stem in RELATIONS or stem in TITLES:
        return None  # "Son wants us to call him": a relation or title names a role, not a person
    if stem.removesuffix("s") in not_identifiers():
        return None
    caps = _is_caps(word)
    if caps and not _caps_context(text, tokens, i):
        if len(word) >= 5 and _after_place_word(text, tokens, i) and not _known(word):
            return ("LOCATION", 0.6)  # "moved here from WOODBRIDGE"
        if (
            len(word) >= 4
            and stem in cities()
            and not _known(word)
            and _place_expected(text, tokens, i)
        ):
            return ("LOCATION", 0.6)  # "grew up in OSLO"; not "PEPA do a course", "ABHA number"
        if len(word) >= 4 and not _known(word) and _region_follows(text, tokens, i):
            return ("LOCATION", 0.6)  # "HOREB  United Kingdom" on an address line
        if len(word) >= 5 and _gap(text, tokens, i) == " " and tokens[i - 1][2] == "at":
            if not _known(word):
                return ("LOCATION", 0.5)  # "arrived at HJELLESTAD"
        return None  # an acronym or regimen ("FOLFOX"), not a shouted name
    if _thing_follows(tokens, i) or (
        _after_the(tokens, i)
        and not _family_follows(text, tokens, i)
        and _next_word(text, tokens, i) not in PLACE_FEATURES  # "the Dravenik bridge"
    ):
        return None
    if _known(word):
        if stem in name_words() and not caps and not _sentence_start(text, tokens, i):
            return _place_or_name(text, tokens, i, 0.6)
        if (
            stem in first_names()
            and not caps
            and (_person_verb_follows(text, tokens, i) or _described_as_person(text, tokens, i))
        ):
            return ("NAME", 0.6)  # "Will wrote everything down", "Faith, the wife of"
        if stem in place_words() and not caps and not _sentence_start(text, tokens, i):
            if _place_or_name(text, tokens, i, 0.6)[0] == "LOCATION":
                return ("LOCATION", 0.6)  # "a flat in Bath", "the outskirts of Reading"
        return None
    category, confidence = _place_or_name(text, tokens, i, 0.6 if caps else 0.7)
    if category == "NAME" and lower.endswith(DRUG_SUFFIXES):
        return None
    if category == "NAME" and stem in cities() and stem not in common_first_names():
        return ("LOCATION", confidence)  # a town by name: "Utrecht", "Leicester"
    if category == "NAME" and word not in repeated and not _name_evidence(text, tokens, i):
        if i > 0 and _gap(text, tokens, i) == " " and tokens[i - 1][2] in ("at", "of"):
            return ("LOCATION", 0.5)  # "arrived at Ehingen", "the University of Eindhoven"
        return None  # a capitalised word nothing marks as a person's name: a brand, a coinage
    return category, confidence


def _next_word(text: str, tokens: list[tuple[int, int, str]], i: int) -> str:
    """The word right after token ``i`` when one space separates them, in lower case; else ""."""
    if i + 1 < len(tokens) and text[tokens[i][1] : tokens[i + 1][0]] == " ":
        return tokens[i + 1][2].lower()
    return ""


def _person_verb_follows(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True when a verb only people do follows token ``i``; not a phrasal "comes up" (a topic)."""
    if _next_word(text, tokens, i) not in PERSON_VERBS:
        return False
    return _next_word(text, tokens, i + 1) not in ("up", "out")


def _family_follows(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """ "the Mwangi family": a capitalised word before "family" is a surname (in the same
    sentence: "..., Cheyne-Stokes. Family present" says nothing)."""
    return _next_word(text, tokens, i) in ("family", "family's", "family’s")


def _name_evidence(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True when something beyond capitals marks token ``i`` as a person's name.

    A census first name or surname; a possessive ("Okafor's"); a verb only people do after it
    ("Wanjiru laughed"); "family" after it; or a neighbour that is itself an unknown capitalised
    word, so the two read as first name and surname ("Adaeze Okafor"). Capitals alone are not
    enough: brands, devices and coinages are capitalised too ("Onpro", "Premed"). (A word the
    essay repeats, always capitalised, needs none of these: see ``_repeated_capitalised``.)
    """
    word = tokens[i][2]
    stem = _stem(word.lower())
    if stem in census_names() or stem != word.lower() or _family_follows(text, tokens, i):
        return True
    if not word.isascii():
        return True  # "Csanád", "Jóhannsdóttir": diacritics mark a name from another language
    if _person_verb_follows(text, tokens, i) or _initial_follows(text, tokens, i):
        return True
    if _labelled_person(text, tokens, i) or _described_as_person(text, tokens, i):
        return True
    if _with_relation(text, tokens, i):
        return True
    if i > 0 and _gap(text, tokens, i) == " ":
        previous = tokens[i - 1][2].lower()
        if previous in PERSON_OBJECT_CUES and (
            previous not in ("is", "was") or (i > 1 and tokens[i - 2][2].lower() == "name")
        ):
            return True  # "said Naile", "Hi Keiran", "my name is Minoesch"
    caps = _is_caps(word)
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
            and not _is_caps(other)
            and _stem(other.lower()) in census_names()
            and _stem(other.lower()) not in not_identifiers()
        ):
            return True  # a census first name or surname beside it: "Luiza Costa"
        if (
            gap == " "
            and len(other) > 1
            and other[0].isupper()
            and _is_caps(other) == caps  # "Adaeze Okafor", or a shouted "DERTIE SOUSTHARAYO"
            and not _known(other)
            and not _brand(other)
        ):
            return True
    return False


def _labelled_person(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """ "Client: Wiremu", "Case: Anne-Marie", "regular pt Thabo": a form's label for a person."""
    if i == 0:
        return False
    previous, gap = tokens[i - 1][2].lower(), _gap(text, tokens, i)
    return (previous in PERSON_LABELS and gap.strip() == ":") or (previous == "pt" and gap == " ")


def _described_as_person(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """ "Chinedu was a young man", "Faith, the wife of ...": the word is said to be a person.

    After token ``i``: "was"/"is" or a comma, a determiner, at most two more words, then a noun
    for a person. Bounded: at most five tokens are read.
    """
    k = i + 1
    if k >= len(tokens):
        return False
    if _gap(text, tokens, k) == " " and tokens[k][2].lower() in ("was", "is"):
        k += 1
    elif _gap(text, tokens, k) != ", ":
        return False
    if k >= len(tokens) or tokens[k][2].lower() not in DETERMINERS:
        return False
    for j in range(k + 1, min(k + 4, len(tokens))):
        if _gap(text, tokens, j) != " ":
            return False
        noun = tokens[j][2].lower()
        if noun in PERSON_NOUNS or (noun == "one" and _next_word(text, tokens, j) == "who"):
            return True  # "the first one who"
    return False


def _with_relation(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """ "Sunita and her son": a word joined to someone's relation is a person."""
    following = [_next_word(text, tokens, j) for j in (i, i + 1, i + 2)]
    return (
        following[0] == "and"
        and following[1] in ("her", "his", "their")
        and following[2] in RELATIONS
    )


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
    inner = _INNER_CAPITAL.search(word)
    if inner is None:
        return False
    prefix = word[: inner.start(1)].lower().rstrip("'’")
    if prefix in NAME_PREFIXES:
        return False
    return prefix not in first_names() or is_english(word[inner.start(1) :])


def _names_a_thing(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
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
    if _DOSE_AFTER.match(text, end) or _MODEL_AFTER.match(text, end):
        return True
    if len(word) <= MAX_UNIT_LETTERS and _NUMBER_BEFORE.search(text, max(0, start - 2), start):
        return True
    return _head_follows(text, tokens, i)


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
        if not word[0].islower():
            return False
        if word in CLINICAL_HEADS:
            return True
    return False


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


def _place_expected(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True where an acronym can be a town: after a preposition of place, "at", "to" or "of",
    or not heading the lower-case words after it in running prose ("OSLO.", "PARIS\nFrance",
    "CHAUMONT bridge"; not "ABHA number", "PEPA do a course")."""
    if _after_place_word(text, tokens, i) or (
        i > 0 and _gap(text, tokens, i) == " " and tokens[i - 1][2].lower() in ("at", "to", "of")
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
            if _is_caps(word) and len(word) > 2 and not _redacted(word):
                return True
    return False


def _redacted(word: str) -> bool:
    """A run of X's: "XXXX", "xx", what a de-identifier leaves in place of a value."""
    return len(word) > 1 and word.strip("Xx") == ""


def _sentence_start(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True at the start of the text, a sentence, a line or a quotation (', "Will I ...')."""
    raw = _gap(text, tokens, i)
    gap = raw.strip(" \t\"'“‘(")
    return (
        i == 0
        or gap[-1:] in (".", "!", "?", ":", "\n")
        or "\n" in raw
        or _OPENING_QUOTE.search(raw) is not None
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


def _initial(
    text: str, tokens: list[tuple[int, int, str]], i: int, cue: float
) -> tuple[str, float] | None:
    """A single capital letter: an initial ("J. Smith", "Mrs. K.", "J.K.") or a placeholder."""
    start, end, word = tokens[i]
    dotted = text[end : end + 1] == "." and not _sentence_follows(text, tokens, i)
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


def _sentence_follows(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True when the full stop after token ``i`` ends a sentence: a capitalised pronoun or
    function word follows it ("Mr and Mrs B. He had", "Mama A. We should"), no surname."""
    return (
        i + 1 < len(tokens)
        and text[tokens[i][1] : tokens[i + 1][0]] == ". "
        and tokens[i + 1][2][0].isupper()
        and tokens[i + 1][2].lower() in _NOT_AFTER_CUE
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
    if i > 0 and _gap(text, tokens, i) == " " and tokens[i - 1][2].lower() in PLACE_NOUNS:
        return ("LOCATION", confidence)  # "her home town Lostorf", "the village Kwenzekile"
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
    region = _REGION_AFTER.match(text, tokens[k][1])
    if region is None:
        return False
    following = region.group("region")
    return following[0].isupper() and (
        _STATE.fullmatch(following) is not None
        or all(word in country_words() for word in following.lower().split())
    )


def _join(
    text: str,
    tokens: list[tuple[int, int, str]],
    labels: list[tuple[str, float] | None],
    blocked: frozenset[int] = frozenset(),
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
        if lo > 0 and (
            _first_name_before(text, tokens, labels, lo) or _epithet_before(text, tokens, lo)
        ):
            lo -= 1  # "Angel Longino's", "Big Mike": a word before a name that belongs to it
        if lo > 0 and len(tokens[lo][2]) == 1 and _first_name_before_initial(text, tokens, lo):
            lo -= 1  # "Mara H. Szathmáry": the word before a middle initial is the first name
        if category == "LOCATION" and _acronym_before_place(text, tokens, lo):
            lo -= 1  # "at MD Anderson", "from UC Davis": the acronym is part of the place
        if lo > 0 and tokens[lo - 1][2].lower() in TITLES and _cued(text, tokens, lo):
            lo -= 1
        elif _title_particles_before(text, tokens, lo):
            while tokens[lo - 1][2].lower() not in TITLES:
                lo -= 1  # "Mrs van der Waals": the particles and the title join
            lo -= 1
        hi = i
        while hi + 1 < n and hi + 1 not in blocked and _continues(text, tokens, labels, hi + 1):
            hi += 1
            if labels[hi] is not None:
                confidence = max(confidence, labels[hi][1])
        start, end = tokens[lo][0], tokens[hi][1]
        if text[end : end + 1] == "." and len(tokens[hi][2]) == 1:
            end += 1  # keep the initial's full stop inside the span
        suffix = _POST_NOMINAL.match(text, end)
        if suffix and category == "NAME":
            end = suffix.end()  # "Aimee McGregor DVM", "Felix Biermann III"
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


def _acronym_before_place(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True when a short acronym stands between a preposition of place and place token ``i``."""
    if i < 2:
        return False
    word = tokens[i - 1][2]
    return (
        2 <= len(word) <= 3
        and word.isupper()
        and text[tokens[i - 1][1] : tokens[i][0]] == " "
        and _gap(text, tokens, i - 1) == " "
        and tokens[i - 2][2].lower() in PLACE_PREPOSITIONS | {"at", "of"}
    )


def _first_name_before_initial(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True when a capitalised word stands right before the middle initial at token ``i``."""
    word = tokens[i - 1][2]
    return (
        text[tokens[i - 1][1] : tokens[i][0]] == " "
        and word[0].isupper()
        and not _is_caps(word)
        and word.lower() not in TITLES
        and not _known(word)
    )


def _epithet_before(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True when a capitalised word inside a sentence stands right before name token ``i``
    ("was Big Mike"): capitals mid-sentence make it part of the name."""
    word = tokens[i - 1][2]
    return (
        word[0].isupper()
        and not _is_caps(word)
        and word.lower() not in TITLES
        and text[tokens[i - 1][1] : tokens[i][0]] == " "
        and not _sentence_start(text, tokens, i - 1)
    )


def _first_name_before(
    text: str, tokens: list[tuple[int, int, str]], labels: list[tuple[str, float] | None], i: int
) -> bool:
    """True when the capitalised token before name token ``i`` is a first name ("Angel")."""
    word = tokens[i - 1][2]
    return (
        labels[i - 1] is None
        and word[0].isupper()
        and not _is_caps(word)
        and word.lower() in first_names()
        and text[tokens[i - 1][1] : tokens[i][0]] == " "
    )


def _continues(
    text: str, tokens: list[tuple[int, int, str]], labels: list[tuple[str, float] | None], j: int
) -> bool:
    """True when token ``j`` extends the name span ending at token ``j - 1``."""
    gap = text[tokens[j - 1][1] : tokens[j][0]]
    word = tokens[j][2]
    if word in PARTICLES and (gap == " " or (gap == ". " and len(tokens[j - 1][2]) == 1)):
        # "de Vaan", "van de Noort": particles join when a capitalised word follows them
        k = j + 1
        while k < min(len(tokens), j + 3) and tokens[k][2] in PARTICLES:
            k += 1
        return (
            k < len(tokens)
            and text[tokens[k - 1][1] : tokens[k][0]] == " "
            and tokens[k][2][0].isupper()
        )
    if gap not in (" ", ". ", ".", "-") or (gap.startswith(".") and len(tokens[j - 1][2]) > 1):
        return False
    if labels[j] is not None:
        return True
    word = tokens[j][2]
    lower = word.lower()
    if gap == ". " and lower in _NOT_AFTER_CUE:
        return False  # "Mrs B. He had": a pronoun or function word starts a new sentence
    if not word[0].isupper() or lower in THING_TAILS:
        return False
    if lower in not_identifiers() and lower not in surnames():
        return False  # "Anna Monday"; but "Zachary Jordan" is a surname
    # a capitalised surname that is also a word ("Anna Smith") joins; a shouted word does not
    return not _is_caps(word)


def _public_figure(span_text: str, first_word: str) -> bool:
    """Public figures are not PHI, unless addressed as a patient would be ("Mrs. Saunders")."""
    if first_word.lower() in ("mr", "mrs", "ms", "miss", "mx"):
        return False
    words = [
        w.removesuffix("'s").removesuffix("’s")
        for w in _FIGURE_SPLIT.split(span_text.lower())
        if w and w not in TITLES
    ]
    return bool(words) and (" ".join(words) in public_figures() or words[-1] in public_figures())
