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

This module tokenises, picks the tokens worth judging and spreads a name over the text; the
words it reads are in :mod:`~thematic.deid.name_cues`, the judgement of one token in
:mod:`~thematic.deid.name_evidence`, and the joining of tokens into spans in
:mod:`~thematic.deid.name_spans`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence

import numpy as np

from thematic.deid.findings import Finding
from thematic.deid.lexicon import (
    cities,
    country_words,
    is_english,
    not_identifiers,
    plain_english,
    public_figures,
    region_words,
    town_openers,
    unmistakable_first_names,
)
from thematic.deid.name_cues import (
    CUE_FORMS,
    CUES,
    PARTICLES,
    TERM_HEADS,
    TERMS,
    TITLES,
)
from thematic.deid.name_evidence import (
    LazyRepeated,
    is_caps,
    is_known,
    judge,
    names_a_thing,
    without_possessive,
)
from thematic.deid.name_spans import (
    join_names,
)
from thematic.deid.windows import literal_spans, lower_case, match_at

_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+){0,4}")
_SPLIT = re.compile(f"({_TOKEN.pattern})")


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
    picked = _candidates(text, tokens, words, kinds, bounds)
    found: list[Finding] = []
    for k, (lo, hi) in enumerate(zip(bounds[:-1], bounds[1:], strict=True)):
        if hi > lo:
            inside = blocked_all[bisect_left(blocked_all, lo) : bisect_left(blocked_all, hi)]
            blocked = frozenset(i - lo for i in inside)
            found.extend(
                _names_of_one(
                    text, tokens[lo:hi], words[lo:hi], kinds[lo:hi], ids[lo:hi], blocked, picked[k]
                )
            )
    return found


def _candidates(
    text: str,
    tokens: list[tuple[int, int, str]],
    words: list[str],
    kinds: np.ndarray,
    bounds: list[int],
) -> list[list[int] | None]:
    """The tokens each text judges, as indexes in that text; None for a text typed without
    capitals (judge every token there). Picked with array operations over all texts at once.

    Capitalised words that are no plain English word ("The", "When" never are names), a
    lower-case first name no English word shares ("tell nurse maria"), the word after a cue
    (without the words that are names only after a cue, and undotted single letters, which
    judge would reject: "I", "Friday", "NHS" are most candidates).
    """
    edges = np.asarray(bounds, dtype=np.int64)
    sizes = np.diff(edges)
    upper = np.concatenate(([0], np.cumsum((kinds & _UPPER_FIRST) != 0)))
    # typed without capitals: capitalisation says nothing
    lowercase = ((sizes >= 20) & (np.diff(upper[edges]) < sizes / 100)).tolist()
    candidates = ((kinds & (_CANDIDATE | _LOWER_NAME)) != 0) & ((kinds & _NEVER) == 0)
    judged = [
        i
        for i in np.flatnonzero(candidates).tolist()
        if not kinds[i] & _SINGLE or text[tokens[i][1] : tokens[i][1] + 1] == "."
    ]
    after_cue = (np.flatnonzero(kinds & _CUE) + 1).tolist()
    # "Mrs van der Georgia": a title's cue reaches over particles
    never = [i for i in np.flatnonzero(kinds & _NEVER).tolist() if i and words[i - 1] in PARTICLES]
    picked: list[list[int] | None] = []
    for k, (lo, hi) in enumerate(zip(bounds[:-1], bounds[1:], strict=True)):
        if lowercase[k]:
            picked.append(None)
            continue
        mine = [i - lo for i in _between(judged, lo, hi)]
        extra = [i - lo for i in _between(after_cue, lo + 1, hi)]
        extra += [i - lo for i in _between(never, lo + 1, hi)]
        if extra:  # a few per text: sets beat numpy's union for so few
            mine = sorted(set(mine).union(extra))
        picked.append(mine)
    return picked


def _between(ascending: list[int], lo: int, hi: int) -> list[int]:
    return ascending[bisect_left(ascending, lo) : bisect_left(ascending, hi)]


def _names_of_one(
    text: str,
    tokens: list[tuple[int, int, str]],
    words: list[str],
    kinds: np.ndarray,
    ids: np.ndarray,
    blocked: frozenset[int],
    picked: list[int] | None,
) -> Iterator[Finding]:
    """Name findings of one text's ``tokens`` (offsets in ``text``), classified by _classify;
    ``picked``: the tokens to judge (:func:`_candidates`), None to judge every token."""
    n = len(tokens)
    lowercase_text = picked is None
    judged = list(range(n)) if picked is None else picked
    repeated = LazyRepeated(words)
    labels: list[tuple[str, float] | None] = [None] * n
    for i in judged:
        if i not in blocked:
            labels[i] = judge(text, tokens, i, lowercase_text, repeated)
    _listed_with_names(text, tokens, kinds, labels, judged)
    propagated = _propagate(words, ids, labels, judged, blocked)
    labelled = [i for i in judged if labels[i] is not None]
    if propagated:
        labelled = sorted(set(labelled).union(propagated))
    yield from join_names(text, tokens, labels, blocked, labelled)


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
            if labels[i] is not None or kinds[i] & (_NEVER | _SINGLE) or is_caps(tokens[i][2]):
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
                    if listed and not is_known(tokens[i][2]) and not names_a_thing(text, tokens, i):
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
        if len(word) == 1 or word.lower() not in plain_english() or word.lower() in town_openers():
            kind |= _CANDIDATE  # "Moose" may open "Moose Jaw"
        if word.lower() in CUES:
            kind |= _CUE  # "DAUGHTER", "Daughter", "NuRsE"
        if len(word) == 1:
            kind |= _SINGLE
        elif _never_a_name(without_possessive(word.lower())):
            kind |= _NEVER
    if word in CUE_FORMS:
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
    ids = np.fromiter(map(_IDS.__getitem__, words), dtype=np.int64, count=len(words))
    # one dictionary look-up per token; the kinds are then read by id (ids are given in the
    # order spellings enter _KINDS, so its values are the kinds by id)
    kind_of_id = np.fromiter(_KINDS.values(), dtype=np.uint8, count=len(_KINDS))
    return kind_of_id[ids], ids


def _in_terms(
    text: str, tokens: list[tuple[int, int, str]], token_starts: np.ndarray
) -> frozenset[int]:
    """Indexes of the tokens inside a known multi-word term ("Hail Mary"): never names."""
    lowered = lower_case(text)
    if len(lowered) != len(text):
        return frozenset()  # offsets would shift; the terms are then judged word by word
    heads = (start for start, _ in literal_spans(lowered, TERM_HEADS))
    spans = [
        match.span()
        for match in match_at(TERMS, lowered, heads)  # what TERMS.finditer finds, faster
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
) -> list[int]:
    """A word read as a person's name anywhere in the text is that name everywhere in it.

    "Big Mike" makes the "Mike" that starts a later sentence a name, and "nurse maria" every
    "maria" and "Maria". Only the same spelling counts, but for a capital a name gains: a name
    "Grace" leaves "grace", which may be a word; capitals add evidence, never take it away.
    Returns the indexes of the tokens it labelled.
    """
    named = {without_possessive(words[i]) for i in judged if (labels[i] or ("",))[0] == "NAME"}
    if not named:
        return []
    # a name found in lower case ("mrs nguyen's") is that name when capitalised ("Nguyen")
    named.update([stem[0].upper() + stem[1:] for stem in named if stem[0].islower()])
    # a surname's plural is its family ("the Nguyens"); only capitalised, as plurals of words are
    family = {stem + "s": stem for stem in named if stem[0].isupper() and not stem.endswith("s")}
    forms = [
        _IDS[form]
        for stem in named | family.keys()
        for form in (stem, stem + "'s", stem + "’s", stem + "’s's")
        if form in _IDS
    ]
    if not forms:
        return []
    same = ids == forms[0]
    for form in forms[1:]:
        same |= ids == form
    propagated = []
    for i in np.flatnonzero(same).tolist():
        word = words[i]
        if (
            labels[i] is None
            and i not in blocked
            and len(word) > 1
            and (without_possessive(word) in named or without_possessive(word) in family)
        ):
            labels[i] = ("NAME", 0.6)
            propagated.append(i)
    return propagated


def _tokens(text: str) -> tuple[list[tuple[int, int, str]], list[str], np.ndarray]:
    """``(start, end, word)`` of every word, the words, and the starts as an array, built
    without per-token Python."""
    parts = _SPLIT.split(text)  # gap, word, gap, word, ..., gap
    offsets = np.cumsum(np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)))
    words = parts[1::2]
    starts = offsets[:-1:2]
    return (
        list(zip(starts.tolist(), offsets[1::2].tolist(), words, strict=True)),
        words,
        starts,
    )
