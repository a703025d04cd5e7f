"""Capitalised words that name a language or a text by what is done with them, not a person.

A language is spoken, prayed, written or interpreted in ("prayed to God in Dholuo", "spoke only
Mixteco", "interpreted into Hiligaynon") and heads its speakers and interpreters ("a Mixteco
interpreter", "Samoan-speaking", "no neat Hokkien equivalent"). A text, a game or a show is
read, recited, sung, played or watched ("read Yasin", "recited Surah Yasin", "a continuous
reading of Sukhmani Sahib", "playing Uno"). People are spoken to, read to and played with,
through a preposition the rules here never take. Read only for a word already labelled a name
or a place (see ``name_evidence.names_a_thing``): bounded look-ups around one token.
"""

from __future__ import annotations

from thematic.deid.lexicon import is_english
from thematic.deid.name_cues import MAX_NAME_WORDS

Token = tuple[int, int, str]

# Nouns a language heads: "a Mixteco interpreter", "the Hokkien equivalent", "Tagalog hymns";
# not "version", "song", "bible", which a person's name heads too ("the Kristian Herzog version").
LANGUAGE_HEADS = frozenset(
    """speaking speaker speakers interpreter interpreters interpreting translation translations
    translator translators equivalent word words phrase phrases prayer prayers hymn hymns
    language languages dialect radio subtitles leaflet leaflets""".split()
)
# Verbs and nouns of speaking, praying and writing: "in X" after one of these is a language.
SPEECH_WORDS = frozenset(
    """speak speaks spoke spoken speaking prayed pray prays praying prayer
    prayers sang sing sings singing sung wrote write writes written writing read reads reading
    talk talks talked talking chat chatted explained explain explaining counselled counseled
    fluent translated translate translating interpreted interpret interpreting conversation
    consent consented blessing blessed swore sworn whispered shouted cried""".split()
)
# Words that may stand between a word of speaking and its "in": "prayed to God in", "said a
# prayer for him in". Any other word (a verb: "she said she lived in Tallaght") breaks the link.
FILLERS = frozenset(
    """to over god him her them me us it a the for with quietly softly slowly again only all
    everything this that""".split()
)
# Verbs that take a language as their object: "spoke only Mixteco", "speaks Samoan".
SPEAKS = frozenset("speak speaks spoke spoken speaking".split())
# Words between a verb and its object that leave it its object: "spoke only Mixteco".
BETWEEN = frozenset("only mostly some little fluent broken good basic".split())
# Verbs whose object is a text, a game or a show: "read Yasin", "playing Uno".
READS = frozenset(
    """read reads reading recite recites recited reciting chant chants chanted chanting sang sing
    sings singing sung play plays played playing watch watches watched watching""".split()
)
# Nouns before "of" that make what follows a text: "a continuous reading of Sukhmani Sahib".
TEXT_NOUNS = frozenset(
    """reading readings recitation recital chapter chapters verse verses psalm surah page pages
    lines game episode episodes""".split()
)
_REACH = 4


def names_a_language_or_text(text: str, tokens: list[Token], i: int) -> bool:
    """True when the capitalised run through token ``i`` is a language, a text, a game or a show
    by what is done with it."""
    word = tokens[i][2].lower()
    if word.endswith(("-speaking", "-speaker", "-speakers")):
        return True
    end = i
    while (
        end + 1 < min(len(tokens), i + MAX_NAME_WORDS)  # bounded: every token costs O(1)
        and _joined(text, tokens, end)
        and tokens[end + 1][2][:1].isupper()
    ):
        end += 1
    if end + 1 < len(tokens) and _joined(text, tokens, end):
        if tokens[end + 1][2].lower() in LANGUAGE_HEADS:
            return True
    start = i
    while (
        start > max(0, i - MAX_NAME_WORDS)
        and _joined(text, tokens, start - 1)
        and tokens[start - 1][2][:1].isupper()
    ):
        if is_english(tokens[start - 1][2]):
            break  # a sentence's first word or a verb in title case ends the run
        start -= 1
    before = [tokens[j][2].lower() for j in range(max(0, start - _REACH - 1), start)][::-1]
    if not before:
        return False
    first = before[0]
    if first in ("in", "into"):
        for word in before[1 : _REACH + 1]:
            if word not in FILLERS:
                return word in SPEECH_WORDS
        return False
    if first in BETWEEN and len(before) > 1:
        return before[1] in SPEAKS
    if first in SPEAKS or first in READS:
        return _joined(text, tokens, start - 1)
    if first == "of" and len(before) > 1:
        return before[1] in TEXT_NOUNS
    return False


def _joined(text: str, tokens: list[Token], j: int) -> bool:
    """True when one space separates token ``j`` from token ``j + 1``."""
    return text[tokens[j][1] : tokens[j + 1][0]] == " "
