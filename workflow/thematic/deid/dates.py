"""Dates finer than a year, and ages over 89, in the surface forms people write them.

Policy (HIPAA Safe Harbor, 45 CFR 164.514(b)(2)(i)(C)): a year alone is kept; a month with a
day or a year ("March 14", "14/03/2021", "March 2021") is a DATE; a weekday, month or holiday
alone is generic and kept; a holiday with a year ("Christmas 2019") pins a day and is a DATE.
Ages 90 and over are AGE in digits, words or "94-year-old"; "in her nineties" too, a person
who "was 104" in running prose (a pronoun, a word for a person or a name before "was", not a
measurement: "Sats was 94" is kept), and a number of 90 or more set off by commas after a word
or after "pt" ("a veteran, 91, on oxygen"); under 90 kept.
All patterns use bounded quantifiers (linear time). Not for other numbers (see ``patterns``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from thematic.deid.findings import Finding
from thematic.deid.lexicon import first_names, is_english
from thematic.deid.windows import (
    case_blind,
    digit_runs,
    finditer_near,
    holding,
    literal_spans,
    match_at,
    windows,
)

# Months of the Gregorian, Hebrew and Islamic calendars ("the 3rd of Elul" is a day too).
_MONTH = (
    r"(?i:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
    r"|Tishrei|Tishri|Cheshvan|Heshvan|Kislev|Tevet|Shevat|Adar|Nisan|Iyar|Sivan|Tammuz|Elul"
    r"|Muharram|Safar|Rajab|Sha'?ban|Ramadan|Ramadhan|Ramzan|Ramazan|Shawwal"
    r"|Dhu\s?al[\s-]Hijjah|Dhu\s?al[\s-]Qi'?dah)\.?"
)
_ORDINAL_WORDS = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    r"|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth"
    r"|twenty[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirtieth"
    r"|thirty[- ]first)"
)
_NUMERIC_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_DAY = rf"(?:{_NUMERIC_DAY}|{_ORDINAL_WORDS})"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
# A weekday, in full or short ("Sat", "Weds", "Thurs."), before a date belongs to it.
_WEEKDAY_NAME = (
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|Mon|Tue|Tues|Wed|Weds|Thu|Thur|Thurs|Fri"
    r"|Sat|Sun)"
)
# Short weekdays that are also English words: a weekday only when capitalised.
_WORD_WEEKDAYS = frozenset({"sat", "sun", "wed", "mon"})
_WEEKDAY = rf"(?:{_WEEKDAY_NAME}\.?,?\s{{1,3}})?"
_HOLIDAY = (
    r"(?:Christmas(?:\s(?:Eve|Day))?|New\sYear'?s(?:\s(?:Eve|Day))?|Thanksgiving|Easter"
    r"(?:\sSunday|\sMonday)?|Boxing\sDay|Halloween|Independence\sDay|Hanukkah|Diwali|Eid)"
)

# Every worded date holds a month or a holiday, so one of these (lower case).
_CALENDAR_CORES = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "tishr",
    "chesh", "hesh", "kislev", "tevet", "shevat", "adar", "nisan", "iyar", "sivan", "tammuz",
    "elul", "muharram", "safar", "rajab", "sha", "ramadan", "ramadhan", "ramzan", "ramazan",
    "dhu", "christmas", "new",
    "thanksgiving", "easter", "boxing", "halloween", "independence", "hanukkah", "diwali", "eid",
    "mon", "tue", "wed", "thu", "fri", "sat", "sun",
)  # fmt: skip

# A fraction followed by "to" and another fraction is a score that changed ("from 7/10 down to
# 3/10"), not a date.
_NOT_COMPARED = r"(?!\s{1,2}(?:(?:down|up|back)\s)?to\s{1,2}\d{1,2}/)"

# "a/b" with 12 >= a > b >= 1, b not 7: every pair spelled out ("11/9", "12/06", "3/2").
_GREATER_OVER_SMALLER = "|".join(
    f"{a}/0?{b}" for a in range(12, 1, -1) for b in range(a - 1, 0, -1) if b != 7
)

# Dates in digits start at a digit run, so they are tried there alone.
NUMERIC_DATE = re.compile(
    "|".join(
        (
            # 14/03/2021, 3-14-21, 14.03.2021
            r"(?<![\d/.-])(?:0?[1-9]|[12]\d|3[01])[/.-](?:0?[1-9]|[12]\d|3[01])[/.-](?:\d{4}|\d{2})"
            r"(?![\d/-]|\.\d)",
            # 2021-03-14, 2021/3/14, 2016-02-27 04:30:06.567518 (a time of day stays with its date)
            r"(?<![\d/-])(?:19|20)\d\d[/-](?:0?[1-9]|1[0-2])[/-](?:0?[1-9]|[12]\d|3[01])(?![\d/-])"
            r"(?:[T\s]\d{1,2}:\d\d(?::\d\d(?:\.\d{1,9})?)?)?",
            # a day and a month that no score or fraction can be: a part past 12 ("labs from
            # 9/30", "On 23/8"; a score is never more than its total, and "24/7" is an idiom) or
            # a zero-padded part ("visit 11/03", "04/11"; scores are not padded). "1/2", "7/10"
            # are not dates, nor a score compared with another ("14/20 to 9/20")
            r"(?<![\d/.])(?:(?:0?[1-9]|1[0-2])/(?:1[3-9]|2\d|3[01])|(?!24/7)(?:1[3-9]|2\d|3[01])/(?:0?[1-9]|1[0-2])"
            r"|(?:0[1-9]|1[0-2])/0[1-9]|0[1-9]/1[0-2])"
            rf"(?![\d/]|\.\d){_NOT_COMPARED}",
        )
    )
)

# A day and a month both 12 or less, the first the greater ("CT 11/9", "changed 12/6"): no score
# is more than its total, no fraction is written so. Not over 7 (clinical shorthand for days:
# "for 10/7"), nor joined to a letter ("G3/2"), nor a pair of scores after a change or a scale
# ("up from 9/6", "HADS 9/6"): see _SCORED_BEFORE.
GREATER_DATE = re.compile(
    rf"(?<![\w/.])(?:{_GREATER_OVER_SMALLER})(?![\d/]|\.\d|\s?(?:mg|ml|mcg|g|kg|%)\b)"
    rf"{_NOT_COMPARED}"
)
_SCORED_BEFORE = frozenset(
    """up down score scores scored scoring hads phq gad ecog ps pain bp ratio gleason grade
    stage vision acuity""".split()
)
_WORDS_BEFORE = re.compile(r"[^\W\d_]+")

# A bare month/day whose day is 12 or less ("3/4", "7/10") is a date only after a word that
# introduces a time: "on 3/4", "labs from 9/3", "since 11/2". The lookbehind holds one word.
# Not after "up"/"down" ("down from 9/7") nor before "to 3/10": a score that changed.
_TIME_WORDS = (
    "on", "from", "since", "until", "till", "by", "before", "after", "through", "dated", "due",
)  # fmt: skip
# A weekday names one day, and belongs to the date after it: "Mon 9/12", "Thursday 4/3".
_WEEKDAYS = (
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)  # fmt: skip
_SHORT_VALUE = r"(?:0?[1-9]|1[0-2])/(?:0?[1-9]|1[0-2])"
SHORT_DATE = re.compile(
    r"(?<!up\s)(?<!down\s)\b(?:(?i:" + "|".join(_TIME_WORDS) + rf")\s{{1,2}}(?P<v>{_SHORT_VALUE})"
    r"|(?P<w>(?i:" + "|".join(_WEEKDAYS) + rf")\s{{1,2}}{_SHORT_VALUE}))"
    rf"(?![\d/]|\.\d){_NOT_COMPARED}"
)

# A bare day/month after a word for a person's day within a few words: "the same birthday as my
# sister, 12/08", "DOB 4/4", "born 3/7". Bounded gap (linear time).
CUED_SHORT_DATE = re.compile(
    r"(?i:\b(?:birthday|bday|born|dob|d\.o\.b\.?|died|anniversary))\b[^.\n\d]{0,30}?"
    r"(?<![\d/.])(?P<v>(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2]))(?![\d/]|\.\d)"
)

# Dates in words start at a word boundary (factored out, so the engine leaves mid-word positions
# at once); they are tried in windows around digits and ordinal words, on the lower-cased text
# with plain literals (several times faster than ignoring case; "14TH OF MARCH" is a date too).


def _lower_case(pattern: str) -> str:
    """``pattern`` for lower-cased text: its literals in lower case, no case-insensitive groups."""
    assert not re.search(r"\\[SDWBAZ]", pattern), "an upper-case escape would change meaning"
    return pattern.replace("(?i:", "(?:").lower()


# Nouns counted by an ordinal: "the 5th floor", "Sun 3rd cycle" name no day.
_COUNTED = (
    r"floor|time|cycle|day|week|month|year|dose|round|attempt|try|fraction|line|session|visit"
    r"|infusion|course|grade|centile|percentile|birthday|anniversary|patient|bed|page|call|step"
    r"|night|shift|occasion|admission|ward|room|bay|stage|of"
)

WORDED_DATE = re.compile(  # lower case: run on the lower-cased text (case_blind)
    _lower_case(
        r"\b(?:"
        + "|".join(
            (
                # Tuesday, March 14th, 2021 / Mar. 14 / March 14
                rf"{_WEEKDAY}{_MONTH}\s{{1,3}}{_DAY}\b(?:,?\s{{1,3}}{_YEAR}\b)?",
                # 14 March 2021 / 14th of March / the fourteenth of March ("first March" is not)
                rf"{_WEEKDAY}(?:the\s{{1,3}})?(?:{_NUMERIC_DAY}\s{{1,3}}(?:of\s{{1,3}})?"
                rf"|{_ORDINAL_WORDS}\s{{1,3}}of\s{{1,3}}){_MONTH}(?:,?\s{{1,3}}{_YEAR}\b)?",
                # 14-Mar-2021
                rf"\d{{1,2}}-{_MONTH}-(?:\d{{4}}|\d{{2}})\b",
                # March 2021 / March of 2021 (month and year are finer than a year)
                rf"{_MONTH},?\s{{1,3}}(?:of\s{{1,3}})?{_YEAR}\b",
                # Christmas 2019
                rf"{_HOLIDAY}\s{{1,3}}{_YEAR}\b",
                # Friday 9th, Weds the 18th: a weekday with a day of the month pins one day
                rf"{_WEEKDAY_NAME}\.?,?\s{{1,3}}(?:the\s{{1,3}})?(?:[12]\d|3[01]|0?[1-9])"
                rf"(?:st|nd|rd|th)\b(?!\s{{1,3}}(?:{_COUNTED})\b)",
            )
        )
        + ")"
    )
)

# A day of the month named by its ordinal alone after "on the": "he came in on the 22nd", "on the
# 5th, a Saturday"; not "on the 5th floor" or "on the 2nd cycle" (a counted noun follows).
# A holiday that falls on one day of the year, after "on", dates an event: "died on Boxing Day".
_FIXED_HOLIDAY = (
    r"(?:Christmas\s(?:Eve|Day)|Boxing\sDay|New\sYear'?s\s(?:Eve|Day)|Hogmanay|Halloween"
    r"|Valentine'?s\sDay|Independence\sDay|Canada\sDay|Australia\sDay|Bonfire\sNight"
    r"|Guy\sFawkes(?:\sNight)?|Juneteenth"
    # moveable feasts fall on one day of a year too: "died on Easter Sunday", "before Orthodox
    # Easter", "on All Souls"
    r"|(?:Orthodox\s)?Easter(?:\s(?:Sunday|Monday|Day))?|Good\sFriday|Ash\sWednesday"
    r"|Palm\sSunday|All\sSaints'?(?:\sDay)?|All\sSouls'?(?:\sDay)?|Eid(?:\sal[\s-](?:Fitr|Adha))?"
    r"|Diwali|Deepavali|Chuseok|(?:Lunar|Chinese)\sNew\sYear|Yom\sKippur|Rosh\sHashanah"
    r"|Hari\sRaya(?:\s(?:Aidilfitri|Haji|Puasa))?|Vesak|Purim|Thanksgiving(?:\sDay)?"
    # every saint's day falls on one day of the year: "St Stephen's Day", "St. Brigid's Day"
    r"|St\.?\s[A-Z][a-z]{2,15}'?s\sDay)"
)
# Starts with a literal (the engine skips to it); the word boundary before is checked after.
# "the 28th" after a word that introduces a time is a day: "on the 3rd", "since the 28th".
DAY_IN_CONTEXT = re.compile(
    r"(?:on|On|since|Since|until|Until|by|By|before|Before|after|After)\s{1,3}(?P<v>(?:the|The)\s{1,3}(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b"
    rf"(?!\s{{1,3}}(?i:{_COUNTED})\b)|{_FIXED_HOLIDAY}\b)"
    # "the last time I saw him was Boxing Day", "until New Year's Eve": one day of the year
    rf"|(?:was|until|since|till|before|after)\s{{1,3}}(?P<w>{_FIXED_HOLIDAY})\b"
)

NUMBER_WORD_90 = (
    r"(?:ninety(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|(?:a|one)\shundred(?:\s(?:and\s)?(?:one|two|three|four|five|six|seven|eight|nine|ten))?)"
)
_AGE_90 = rf"(?:9\d|1[01]\d|{NUMBER_WORD_90})"
_BIRTHDAY = r"(?:9\d|1[01]\d)(?:st|nd|rd|th)\s(?:birthday|bday)"
_PERSON = (
    r"(?:woman|man|lady|gentleman|patient|mother|father|grandmother|grandfather|widow|widower"
    r"|veteran|resident|person|gran|grandma|grandpa)"
)

_YEARS_OLD = r"[\s-]{0,2}(?:years?|yrs?|y/o|y\.o\.|yo\b)(?:[\s-]{1,2}old\b)?"
_KIN = (
    r"(?:mum|mom|dad|husband|wife|son|daughter|sister|brother|aunt|uncle|nana|granny|friend"
    r"|neighbour|neighbor|nan|gran|grandad|granddad|pop|pa|ma)"
)
# Words before an age that leave it an age: "over ninety", "nearly 100".
_ABOUT = r"(?:(?:well\s)?(?:over|past|nearly|almost|about|around|at\sleast)\s)?"
# A number 90-119 right after a person's name or title, or a word for a patient, then "was": "Mr.
# Lopez was 97", "Nora was ninety-three", "Pop was 95". The word before "was" is checked after
# the match (:func:`_person_before`): a capitalised name or a word for a person, not "sats".
COPULA_AGE = re.compile(
    r"\b(?P<subject>[^\W\d_][\w'’-]{0,30}),?(?:\s(?:really|still|only|nearly|almost|just|already"
    r"|now|then))?\s(?:was|is|turned|turns|had\sturned|had\sbeen|has\sbeen|'s|’s"
    r"|(?:said|thought|believed|reported|known)\sto\sbe)\s{1,3}"
    rf"(?P<v>{_ABOUT}{_AGE_90}(?:{_YEARS_OLD})?)\b"
    r"(?![\s-]{0,2}(?:%|percent|per\b|mg|kg|lb|bpm|mmhg|/|\.\d|ml|cm|mm|beats|points|out\sof))"
)
# The subjects before "was 9x" that are no person: measurements and scores.
_MEASURES = frozenset(
    """sats saturation saturations spo2 o2 pulse rate hr temp temperature score scores weight
    sugar glucose bm count level levels reading result figure total it this that there which
    what bp rr fev1 egfr creatinine platelets hb haemoglobin hemoglobin it's""".split()
)
_PERSON_WORDS = frozenset(
    """he she i you we they who mum mom dad husband wife son daughter sister brother aunt uncle
    nana nan gran granny grandad granddad grandma grandpa pop pa ma baba mama papa gogo friend
    neighbour neighbor patient pt man woman lady gentleman resident client veteran widow
    widower mother father grandmother grandfather""".split()
)

# Every part of an age is case-blind: written in lower case and matched on the lower-cased text
# (``case_blind``), with the word boundary all forms start at factored out.
AGE_PATTERN = re.compile(
    r"\b(?:"
    + "|".join(
        (
            # 94-year-old, 94 years old, ninety-four year old, 94 yo, 94 y/o, 94yrs
            rf"{_AGE_90}{_YEARS_OLD}",
            # aged 94, age 94, at the age of ninety-four, turned 95
            rf"(?:aged?|age\sof|at\sage|turned|turning|reached)\s{{1,3}}(?:of\s)?{_AGE_90}\b",
            # a woman of 94
            rf"{_PERSON}\sof\s{_AGE_90}\b",
            # her 100th birthday
            _BIRTHDAY,
            # "F, 94," on a request form: sex then age
            rf"(?<![\w,]\s)[mf],?\s(?P<s>{_AGE_90})\b(?=[,;)]|\s[?(])",
            # she was 104 when..., he really was 98: a person who "was" 90 or more, not a
            # quantity ("was 98%", "was 92 kg"; a heart rate or saturation has no person before it)
            rf"(?:he|she|i|you|we|they|who|{_PERSON}|{_KIN})(?:\s(?:really|still|only|nearly"
            r"|almost|just|already|now|then))?\s?(?:\swas|\sis|\sturned|\sturns|\shad\s(?:turned|been)|\shas\sbeen|\sbeen|'s|’s)"
            rf"\s{{1,3}}(?P<v>{_AGE_90}(?:{_YEARS_OLD})?)\b(?![\s-]{{0,2}}(?:%|percent|per\b|mg|kg|lb|bpm|mmhg|/|\.\d))",
            # a number 90-119 set off by commas after a word, or after a word for a patient:
            # "a veteran, 91, on oxygen", "Pt 93, lives alone"
            r"(?<=[^\W\d_]),\s(?P<c>9\d|1[01]\d),(?=\s)"
            rf"|(?:pt|patient|client|resident)[\s:]{{1,3}}(?P<p>{_ABOUT}{_AGE_90})(?=[,;)]|\s(?:with|and|lives|living|on|who)\b)",
            # a number word of 90 or more standing alone, as a sentence or a quotation opens:
            # "Ninety-six! And still driving", '"A hundred and two, love," she said'
            rf"(?:(?<=[.!?\"“‘(\n])|(?<=[.!?\"“‘:]\s)|^)(?P<n>{NUMBER_WORD_90})(?=[!,;:.?])",
            # a number of 90 or more in apposition to a word for a person, in digits or words,
            # set off by a comma, a bracket or a space and closed by punctuation: "wife (90!)",
            # "his wife, ninety-one, very frail", "Wife ninety, son overseas"
            rf"(?:{_PERSON}|{_KIN})(?:,\s|\s\(|\s)(?P<a>{_AGE_90})(?=[,;)!]|\s\()"
            # in her nineties, early nineties (not "the early nineties", a decade), a
            # nonagenarian, a centenarian
            r"|in\s(?:his|her|their)\s(?:early\s|mid[\s-]|late\s)?nineties\b"
            r"|(?<!the\s)(?:early|mid|late)[\s-]nineties\b"
            r"|(?:nonagenarian|centenarian)s?\b",
        )
    )
    + ")"
)


# Every worded date holds a digit or an ordinal word; every age a digit or a word for ninety or a
# hundred. Reach: from the start of a match to its trigger, and from the trigger to its end.
_ORDINAL_TRIGGER = re.compile(
    r"teenth|tieth|irst\s{1,3}of\b|econd\s{1,3}of\b|hird\s{1,3}of\b|urth\s{1,3}of\b"
    r"|fth\s{1,3}of\b|xth\s{1,3}of\b|nth\s{1,3}of\b|hth\s{1,3}of\b|lfth\s{1,3}of\b"
)
# Every ordinal word holds one of these: found by str.find on the lower-cased text.
_ORDINAL_CORES = (
    "teenth", "tieth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
    "eighth", "ninth", "tenth", "eleventh", "twelfth",
)  # fmt: skip
# Every day named in context holds a number or one of these fixed holidays (lower case).
_HOLIDAY_CORES = (
    "christmas", "boxing", "new year", "hogmanay", "halloween", "valentine", "independence",
    "canada", "australia", "bonfire", "fawkes", "juneteenth", "'s day", "’s day", "s day",
    "easter", "good friday", "ash wednesday", "palm sunday", "all saints", "all souls", "eid",
    "diwali", "deepavali", "chuseok", "new year", "kippur", "hashanah", "hari raya", "vesak",
    "purim", "thanksgiving",
)  # fmt: skip
_CUED_CORES = ("birthday", "bday", "born", "dob", "d.o.b", "died", "anniversary")
_AGE_WORD_TRIGGER = re.compile(r"inet|undred|onagen|entenar")
_AGE_RUN = re.compile(r"9\d\Z|1[01]\d\Z")
_DATE_BEFORE, _DATE_AFTER = 34, 24
_AGE_BEFORE, _AGE_AFTER = 40, 28


def find_dates(text: str, runs: list[tuple[int, int]] | None = None) -> Iterator[Finding]:
    """Yield DATE findings for dates finer than a year (see the module's policy).

    ``runs`` are the digit runs of ``text`` when the caller already has them.
    """
    if runs is None:
        runs = digit_runs(text)
    for match in match_at(NUMERIC_DATE, text, (start for start, _ in runs)):
        yield Finding("DATE", match.start(), match.end(), "date", 0.9)
    for match in match_at(GREATER_DATE, text, (start for start, hi in runs if hi - start <= 2)):
        before = _WORDS_BEFORE.findall(text, max(0, match.start() - 24), match.start())[-2:]
        if not any(word.lower() in _SCORED_BEFORE for word in before):
            yield Finding("DATE", match.start(), match.end(), "date", 0.8)
    short = [(lo, hi) for lo, hi in runs if hi - lo <= 2]  # "3/14", "12/08": short runs
    for match in finditer_near(SHORT_DATE, text, windows(text, short, 12, 6)):
        yield Finding("DATE", *match.span("w" if match.group("w") else "v"), "date", 0.8)
    pattern, haystack = case_blind(WORDED_DATE, text)
    lowered = haystack is not text  # else lower-casing moved offsets: no literal narrowing
    spans = windows(text, short, 48, 6)
    if lowered:
        spans = holding(haystack, spans, _CUED_CORES)
    for match in finditer_near(CUED_SHORT_DATE, text, spans):
        yield Finding("DATE", *match.span("v"), "date", 0.8)
    if lowered:
        ordinals = literal_spans(haystack, _ORDINAL_CORES)
    else:
        ordinals = [m.span() for m in _ORDINAL_TRIGGER.finditer(haystack)]
    spans = windows(text, _merged(runs, ordinals), _DATE_BEFORE, _DATE_AFTER)
    if lowered:  # only windows holding a month or holiday can match
        spans = holding(haystack, spans, _CALENDAR_CORES)
    for match in finditer_near(pattern, haystack, spans):
        start = match.start()
        word = haystack[start : start + 3]
        if word in _WORD_WEEKDAYS and text[start].islower():
            # "sat", "sun", "wed" in lower case are verbs and nouns: the date, if any, follows
            following = pattern.match(haystack, start + 4, match.end())
            if following is None or following.end() != match.end():
                continue
            start = following.start()
        yield Finding("DATE", start, match.end(), "date", 0.9)
    day_spans = [(0, len(text))]
    if lowered:  # a day in context holds a number or a fixed holiday
        day_spans = windows(text, _merged(runs, literal_spans(haystack, _HOLIDAY_CORES)), 24, 20)
    for match in finditer_near(DAY_IN_CONTEXT, text, day_spans):
        start = match.start()
        if not start or not (text[start - 1].isalnum() or text[start - 1] == "_"):
            yield Finding("DATE", *match.span("v" if match.group("v") else "w"), "date", 0.8)


def find_ages(text: str, runs: list[tuple[int, int]] | None = None) -> Iterator[Finding]:
    """Yield AGE findings for ages of 90 and over (see the module's policy)."""
    if runs is None:
        runs = digit_runs(text)
    pattern, haystack = case_blind(AGE_PATTERN, text)
    words = [m.span() for m in _AGE_WORD_TRIGGER.finditer(haystack)]
    # every age in digits is a run of two or three digits from 90 to 119 ("94", "104th")
    ages = [(lo, hi) for lo, hi in runs if hi - lo in (2, 3) and _AGE_RUN.match(text, lo, hi)]
    spans = windows(text, _merged(ages, words), _AGE_BEFORE, _AGE_AFTER)
    for match in finditer_near(pattern, haystack, spans):
        group = next((g for g in ("v", "s", "c", "p", "n", "a") if match.group(g)), 0)
        span = match.span(group)  # the age, not "she was" or "F,"
        yield Finding("AGE", *span, "age", 0.9)
    # the lower-cased text when case_blind made one, else the text ignoring case
    copula = COPULA_AGE if haystack is not text else case_blind(COPULA_AGE, text)[0]
    for match in finditer_near(copula, haystack, spans):
        if _person_before(text, match) or _in_words(text, match):
            yield Finding("AGE", *match.span("v"), "age", 0.8)


def _in_words(text: str, match: re.Match[str]) -> bool:
    """True when the number after "was" is written in words ("was a hundred and one"): people
    write ages in words, measurements in digits; unless a measurement is the subject."""
    value = text[match.start("v") : match.end("v")]
    subject = text[match.start("subject") : match.end("subject")].lower()
    return (
        not value[:1].isdigit()
        and not any(c.isdigit() for c in value)
        and (subject not in _MEASURES)
    )


def _person_before(text: str, match: re.Match[str]) -> bool:
    """True when the word before "was 97" names a person: a word for one ("nan"), or a name,
    capitalised and no plain English word ("Nora", "Lopez"), but no measurement ("Sats")."""
    subject = text[match.start("subject") : match.end("subject")]
    lower = subject.lower().removesuffix("'s").removesuffix("’s")
    if lower in _MEASURES:
        return False
    if lower in _PERSON_WORDS:
        return True
    return subject[0].isupper() and (not is_english(subject) or lower in first_names())


def _merged(first: list[tuple[int, int]], second: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Two ascending span lists as one."""
    return sorted(first + second) if second else first
