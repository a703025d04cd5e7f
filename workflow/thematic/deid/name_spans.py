"""Labelled name tokens joined into findings: "Mrs. Anna Kovalenka" is one span.

A run of labelled tokens grows over a title, particles ("de", "van der"), initials, a first name
or epithet before it, a capitalised surname after it, post-nominal letters, a street word (then
it is an ADDRESS) and a house number. Public figures are dropped. Not for deciding what a token
is (see :mod:`thematic.deid.name_evidence`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from thematic.deid.findings import Finding
from thematic.deid.lexicon import (
    first_names,
    not_identifiers,
    public_figures,
    surnames,
)
from thematic.deid.name_cues import (
    FIGURE_SPLIT,
    HOUSE_NUMBER,
    LEADING_NUMBER,
    NOT_AFTER_CUE,
    PARTICLES,
    PLACE_PREPOSITIONS,
    PLACE_TAILS,
    POST_NOMINAL,
    STREET_TAILS,
    THING_TAILS,
    TITLES,
)
from thematic.deid.name_evidence import (
    abbreviation,
    at_sentence_start,
    cue_strength,
    gap_before,
    is_caps,
    is_known,
    title_particles_before,
)


def join_names(
    text: str,
    tokens: list[tuple[int, int, str]],
    labels: list[tuple[str, float] | None],
    blocked: frozenset[int] = frozenset(),
    labelled: Iterable[int] | None = None,
) -> Iterator[Finding]:
    """Join adjacent labelled tokens (plus titles, initials and capitalised surnames) into spans.

    ``labelled``: the indexes of the labelled tokens, ascending, when the caller knows them
    (then the unlabelled tokens, most of a text, are never visited); else every token is read.
    """
    n = len(tokens)
    resume = 0  # the token after the last span: a span's later tokens start no span
    for i in range(n) if labelled is None else labelled:
        label = labels[i]
        if i < resume or label is None:
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
        if lo > 0 and tokens[lo - 1][2].lower() in TITLES and cue_strength(text, tokens, lo):
            lo -= 1
        elif title_particles_before(text, tokens, lo):
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
        suffix = POST_NOMINAL.match(text, end)
        if suffix and category == "NAME":
            end = suffix.end()  # "Aimee McGregor DVM", "Felix Biermann III"
        if hi + 1 < n and tokens[hi + 1][2].lower() in PLACE_TAILS and category == "LOCATION":
            end = tokens[hi + 1][1]
        elif hi + 1 < n and tokens[hi + 1][2].lower() in STREET_TAILS:
            category, end = "ADDRESS", tokens[hi + 1][1]
        elif hi > lo and tokens[hi][2].lower() in STREET_TAILS:
            category = "ADDRESS"  # "Carrow Lane": the run holds its street's tail
        number = HOUSE_NUMBER.match(text, end)
        if number and category != "ADDRESS" and not _public_figure(text[start:end], ""):
            category, end = "ADDRESS", number.end()  # "Via Leopardi 83"
        if category == "ADDRESS":
            leading = LEADING_NUMBER.search(text, max(0, start - 14), start)
            start = leading.start() if leading else start  # "893 Via Leopardi 83"
        if not _public_figure(text[tokens[lo][0] : end], tokens[lo][2]):
            yield Finding(category, start, end, "names", round(confidence, 2))
        resume = hi + 1


def _acronym_before_place(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True when a short acronym stands between a preposition of place and place token ``i``."""
    if i < 2:
        return False
    word = tokens[i - 1][2]
    return (
        2 <= len(word) <= 3
        and word.isupper()
        and text[tokens[i - 1][1] : tokens[i][0]] == " "
        and gap_before(text, tokens, i - 1) == " "
        and tokens[i - 2][2].lower() in PLACE_PREPOSITIONS | {"at", "of"}
    )


def _first_name_before_initial(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True when a capitalised word stands right before the middle initial at token ``i``."""
    word = tokens[i - 1][2]
    return (
        text[tokens[i - 1][1] : tokens[i][0]] == " "
        and word[0].isupper()
        and not is_caps(word)
        and word.lower() not in TITLES
        and not is_known(word)
    )


def _epithet_before(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True when a capitalised word inside a sentence stands right before name token ``i``
    ("was Big Mike"): capitals mid-sentence make it part of the name."""
    word = tokens[i - 1][2]
    return (
        word[0].isupper()
        and not is_caps(word)
        and word.lower() not in TITLES
        and text[tokens[i - 1][1] : tokens[i][0]] == " "
        and not at_sentence_start(text, tokens, i - 1)
    )


def _first_name_before(
    text: str, tokens: list[tuple[int, int, str]], labels: list[tuple[str, float] | None], i: int
) -> bool:
    """True when the capitalised token before name token ``i`` is a first name ("Angel")."""
    word = tokens[i - 1][2]
    return (
        labels[i - 1] is None
        and word[0].isupper()
        and not is_caps(word)
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
    if gap not in (" ", ". ", ".", "-") or (
        gap.startswith(".") and len(tokens[j - 1][2]) > 1 and not abbreviation(tokens[j - 1][2])
    ):
        return False
    if labels[j] is not None:
        return True
    word = tokens[j][2]
    lower = word.lower()
    if gap == ". " and lower in NOT_AFTER_CUE:
        return False  # "Mrs B. He had": a pronoun or function word starts a new sentence
    if not word[0].isupper() or lower in THING_TAILS:
        return False
    if lower in not_identifiers() and lower not in surnames():
        return False  # "Anna Monday"; but "Zachary Jordan" is a surname
    # a capitalised surname that is also a word ("Anna Smith") joins; a shouted word does not
    return not is_caps(word)


def _public_figure(span_text: str, first_word: str) -> bool:
    """Public figures are not PHI, unless addressed as a patient would be ("Mrs. Saunders")."""
    if first_word.lower() in ("mr", "mrs", "ms", "miss", "mx"):
        return False
    words = [
        w.removesuffix("'s").removesuffix("’s")
        for w in FIGURE_SPLIT.split(span_text.lower())
        if w and w not in TITLES
    ]
    return bool(words) and (" ".join(words) in public_figures() or words[-1] in public_figures())
