"""Ages of 90 and over that no cue introduces: a number that can only be an age.

Safe Harbor withholds every age over 89. A cue ("aged", "years old", "she was") makes an age
certain, and :func:`thematic.deid.dates.find_ages` reads those. This detector reads the rest the
other way round, as the identifier-number detector does: a number from 90 to 119, in digits or
in words, standing in running prose is an age unless what is around it makes it something else.

- A count or a quantity is followed by what it counts or measures ("90 minutes", "a hundred
  appointments", "100 mg", "95%", "104 Elm Street"). An age is followed by nothing, by
  punctuation, or by a word that can follow a number only as the end of a phrase ("she was 104
  when", "Madam Chan: 98", "at 93 she still drove").
- A numbered thing or a measurement is preceded by its noun or verb ("room 104", "sats were
  92", "scored 96"), a year by its preposition ("in 95", "since 98"), a count of many by its
  plural ("the patients (95)"), and a number in a list or a range by another number ("91, 93
  and 95", "190 over 110").
- A part of a longer number touches other digits or marks ("'95", "4410-913-6", "98.6", "$100").

Not for ages below 90, which are no identifiers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from thematic.deid.dates import NUMBER_WORD_90
from thematic.deid.findings import Finding
from thematic.deid.lexicon import is_english
from thematic.deid.windows import case_blind, finditer_near, literal_spans, windows

# Words after which a number ends its phrase: an age may be followed by these, a count never is.
FOLLOWERS = frozenset(
    """and but or nor so yet when whilst while now then still already last this next by at in on
    with without who whose which she he they i we you her his their my our if because as though
    although before after until till since""".split()
)
# Words that make the number after them (one or two words on) a measurement, a numbered thing, a
# sum, a year, a score or a comparison, never an age.
NOT_BEFORE = frozenset(
    """sats sat saturation saturations saturating spo2 o2 oxygen pulse rate hr heart temp
    temperature score scores scored scoring weight weighed weighs weighing sugar glucose bm
    count level levels reading read reads result results figure total bp pressure rr fev1 egfr
    creatinine platelets hb haemoglobin hemoglobin gfr karnofsky ecog kps pps mmse bmi iq
    measured measuring rated rating dropped dropping fell falling rose rising climbed peaked
    dipped running sitting down up above below under between than top from of per x by times
    multiplied divided plus minus no number num room rm bed ward bay floor page pg p bus route
    road rd highway exit interstate unit suite apt flat house block lot gate seat row platform
    channel station cycle day week dose grade stage step item question q box line chapter verse
    psalm table fig code pin option press dial dialled call ext extension pager bleep ref id
    ticket case file claim account acct member policy serial version caseload capacity list
    queue cost costs paid pay paying owed owes bill fee fees price charged spent worth earned
    salary rs ksh kes usd eur gbp inr php ngn zar the in since until till circa class summer
    winter spring autumn""".split()
)
# "to" before a number is a range or a measurement's change ("down to 90"), unless a life
# reached it: "lived to 100", "made it to ninety".
REACHED = frozenset(
    "lived live lives living made make makes it get got getting reach reached".split()
)
# Irregular plurals of people: "the women (92)" counts women.
PEOPLE = frozenset("people women men children staff folk folks families".split())
# A number sits between these and joins a list or a range: "91, 93 and 95", "90-100".
JOINERS = frozenset(", and or to - – / over".split())

# A run of digits from 90 to 119 that no mark or letter joins to more ("'95", "98.6", "90s").
_DIGITS = re.compile(r"(?:9\d|1[01]\d)(?![\w%°]|[.,:/-]\d)")
_BEFORE_DIGITS = frozenset(".,/:$£€#+'’-")
# A number word of 90 to 110 that is no part of a longer one ("ninety-year-old" is a cue's).
_WORDS = re.compile(rf"\b{NUMBER_WORD_90}(?![\w-])")
_LARGER = frozenset("one two three four five six seven eight nine thousand".split())
_TOKEN = re.compile(r"[^\W_]+|[^\w\s]")
_AFTER = re.compile(r"[^\S\n]*(?:(?P<word>[^\W\d_]+)|(?P<digit>\d)|(?P<mark>[^\w\s])|\n|\Z)")
# Punctuation that may follow an age; a dash only as a pause ("98 - and still driving").
_ENDINGS = frozenset(".,;:!?)]}\"'’”…—")
_REACH = 40
_NUMBER_GOES_ON = re.compile(
    r"and\s+(?:\d|(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen"
    r"|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b)",
    re.IGNORECASE,
)
_DIGIT_NEXT = re.compile(r"[^\S\n]*\d")


def find_bare_ages(text: str, runs: list[tuple[int, int]]) -> Iterator[Finding]:
    """Yield AGE findings for numbers of 90 to 119 that nothing around makes anything else.

    ``runs`` are the digit runs of ``text`` (:func:`thematic.deid.windows.digit_runs`).
    """
    for start, end in runs:
        if end - start in (2, 3) and _DIGITS.match(text, start, end + 3):
            before = text[start - 1 : start]
            if before in _BEFORE_DIGITS or before.isalnum() or before == "_":
                continue
            if start >= 2 and before.isspace() and text[start - 2].isdigit():
                continue  # one group of a longer number: "0412 104 ..."
            if _stands_as_an_age(text, start, end):
                yield Finding("AGE", start, end, "age", 0.6)
    pattern, haystack = case_blind(_WORDS, text)
    if haystack is text:  # lower-casing moved offsets: the case-blind pattern over all of it
        spans = [(0, len(text))]
    else:  # every number word holds "ninety" or "hundred", found by str.find
        spans = windows(text, literal_spans(haystack, ("ninety", "hundred")), 6, 40)
    for match in finditer_near(pattern, haystack, spans):
        start, end = match.span()
        larger = haystack[max(0, start - 12) : start].lower().split()[-1:]
        if not (larger and larger[0] in _LARGER) and _stands_as_an_age(text, start, end):
            yield Finding("AGE", start, end, "age", 0.6)


def _stands_as_an_age(text: str, start: int, end: int) -> bool:
    return _followed_like_an_age(text, end) and not _preceded_like_a_quantity(text, start)


def _followed_like_an_age(text: str, end: int) -> bool:
    after = _AFTER.match(text, end)
    if after is None:
        return False
    word = after.group("word")
    if word:
        # "a hundred and eighty": the number goes on
        return word.lower() in FOLLOWERS and not _NUMBER_GOES_ON.match(text, after.start("word"))
    if after.group("digit"):
        return False  # one number of a series: "98 99 100", a phone number's group
    mark = after.group("mark")
    if mark is None:
        return True  # the end of a line or of the text
    if mark in "-–":
        return text[after.end() : after.end() + 1].isspace()
    if mark in ")]" and _DIGIT_NEXT.match(text, after.end()):
        return False  # an area code: "(112) 240-8770"
    return mark in _ENDINGS


def _preceded_like_a_quantity(text: str, start: int) -> bool:
    window = text[max(0, start - _REACH) : start]
    window = window[window.rfind("\0") + 1 :]  # not into the previous text of a joined scan
    tokens = _TOKEN.findall(window)[-3:]
    if not tokens:
        return False
    lower = [token.lower() for token in tokens]
    last = lower[-1]
    if last.isdigit():
        return True
    if len(lower) >= 2 and last in JOINERS and lower[-2].isdigit():
        return True
    if last == "to":
        return len(lower) < 2 or lower[-2] not in REACHED
    if any(word in NOT_BEFORE for word in lower[-2:]):
        return True
    counted = tokens[-2] if last in {"(", ","} and len(tokens) >= 2 else tokens[-1]
    return _plural(counted)


def _plural(word: str) -> bool:
    """A plural noun in lower case: a count of many comes after it, never one person's age."""
    if word in PEOPLE:
        return True
    if not word.islower() or len(word) < 4 or not word.endswith("s"):
        return False
    if word.endswith(("ss", "us", "is", "as", "os")):
        return False
    if word.endswith("ies") and is_english(word[:-3] + "y"):
        return True
    return is_english(word[:-1]) or (word.endswith("es") and is_english(word[:-2]))
