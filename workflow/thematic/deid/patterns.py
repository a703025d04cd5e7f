"""Structured identifiers found by regular expressions: contact details, numbers, addresses.

Every pattern uses bounded quantifiers over disjoint character classes, so each runs in time
linear in the text (no catastrophic backtracking; see tests/test_deid_speed.py). A pattern with a
named group ``v`` reports only that group: "MRN: 4471923" reports the number, not the cue, and
"Ohio 43210" the ZIP, not the state.
Not for names or dates (see ``names`` and ``dates``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from thematic.deid.findings import Finding
from thematic.deid.windows import (
    DIGITS,
    case_blind,
    digit_runs,
    finditer_near,
    holding,
    literal_cores,
    lower_case,
    match_at,
    windows,
)


@dataclass(frozen=True)
class Rule:
    """One pattern: what it finds, how it is named in findings, its prior precision, where to look.

    ``trigger`` says where the rule is tried: ``"run"`` when every match starts at a digit run
    or at the "+" or "(" right before one (tried there alone: exact and cheapest); otherwise a
    key of :data:`TRIGGERS`, and the rule runs in windows reaching ``before`` characters before
    a trigger and ``after`` past its end: far enough to hold any match that contains it.

    A ``"digit"`` rule may narrow where it looks, exactly: ``run_shape``, a pattern that a digit
    run of every match fits where it stands, its window holding the whole match ("(?<=\\s)\\d{4,5}"
    for a ZIP after a state: a lookbehind reads the text before the run), drops the other runs; and
    ``literals``, lower-case text every match holds, or its lookbehind within the window's reach
    ("box", "bleep"), drops the windows without any.
    ``tail``, matched right where a match ends, extends it (a domain's path) without widening
    the windows the rule is tried in.
    """

    category: str
    detector: str
    pattern: re.Pattern[str]
    confidence: float
    trigger: str = "run"
    before: int = 0
    after: int = 0
    run_shape: re.Pattern[str] | None = None
    literals: tuple[str, ...] = ()
    tail: re.Pattern[str] | None = None


# Top-level domains a bare web address ends in ("lungsandlemons.blogspot.com", "caoimhe.ie").
TOP_LEVEL_DOMAINS = (
    "com", "org", "net", "edu", "gov", "io", "info", "me", "ly", "co", "uk", "ie", "ca", "au",
    "nz", "de", "fr", "nl", "es", "it", "us", "in", "za", "app", "blog", "health", "online",
    "sg", "ph", "ke", "my", "hk", "ng", "gh", "pk", "lk", "jp", "cn", "br", "mx", "tz", "ug",
    "zw", "ae", "tw", "kr",
)  # fmt: skip
# The path after a bare domain belongs to the address ("apply.hospice.co.za/homecare"); it does
# not end in the sentence's punctuation.
DOMAIN_PATH = re.compile(r"/(?:[^\s<>\"'()\[\]]{0,300}[^\s<>\"'()\[\].,;:!?])?")
_DIGIT_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine|zero|oh|nought|double\s\w+)"

# Cheap patterns that every match of a windowed rule contains ("digit" is shared: digit runs),
# run on the lower-cased text. Each starts with a literal, so the regex engine skips to it.
TRIGGERS: dict[str, re.Pattern[str]] = {
    "digit": DIGITS,
    "at": re.compile("@"),
    "colon": re.compile("::|:[0-9A-Fa-f]{1,4}:"),
    "url": re.compile(r"://|www\.|WWW\.|\.(?:com|org|net|edu|gov|io|info|me|ly|uk)/"),
    "domain": re.compile(rf"\.(?:{'|'.join(TOP_LEVEL_DOMAINS)})"),
    "dot": re.compile("dot"),
    "digit word": re.compile(r"-(?:one|two|three|four|five|six|seven|eight|nine|zero|oh)"),
}


# An identifier value after a cue: one token of 3-25 characters holding a digit ("A-4471923"),
# never a bare year. After an explicit link ("number", "#", ":") any such token counts; right
# after the cue word it must look like an identifier: 5+ digits, or letters and digits mixed.
_NOT_YEAR = r"(?!(?:19|20)\d\d(?![\w-]))"
_TOKEN = r"[A-Za-z0-9](?:[A-Za-z0-9]|[-/.](?=[A-Za-z0-9])){2,24}(?![\w%])"
_LINKED = r"(?i:\s{0,3}(?:number|num|no\.?|#|id|code)){1,2}[\s:#=]{0,4}|\s{0,3}[:#=]\s{0,3}"
_LINKED_VALUE = rf"(?P<v>{_NOT_YEAR}(?=[A-Za-z/-]{{0,20}}\d){_TOKEN})"
_BARE_VALUE = (
    rf"\s{{1,3}}(?i:is\s|was\s)?\s{{0,2}}(?P<w>{_NOT_YEAR}"
    r"(?=\d{5}|[A-Za-z-]{1,8}\d|\d{1,8}[A-Za-z])"
    rf"{_TOKEN})"
)


# Cue words per category, tried in this order ("licence plate" before "licence").
CUES: dict[str, str] = {
    "VEHICLE": r"licen[cs]e plate|number plate|registration plate|plate|vin|reg",
    "SSN": r"ssn|social security|social insurance|national insurance",
    "ZIP": r"zip code|zip|postcode|post code|postal code",
    "MRN": r"mrn|mr#|medical record|med rec|record|chart|hospital number|hospital no|nhs number"
    r"|nhs no|patient id|patient number|case number",
    "HEALTH_PLAN": r"health plan|insurance|insurer|member|membership|policy|medicare|medicaid"
    r"|beneficiary|subscriber|group|plan|claim",
    "ACCOUNT": r"account|acct|a/c|billing|invoice|iban|sort code|card",
    "LICENSE": r"licen[cs]e|dea|certificate|registration|gmc|nmc|npi|passport",
    "DEVICE": r"serial|device|implant|pacemaker|imei|udi|model|pump",
    "ID": r"badge|employee|staff|pager|bleep|participant|ticket|reference"
    r"|ref|username|user|handle|extension|ext",
}
CUE_CONFIDENCE = {"ID": 0.8, "ZIP": 0.95}
# Every part of a cued identifier is case-blind, so it is matched on the lower-cased text with
# plain literals: the regex engine then skips a non-cue word on its first letter (4x faster than
# case-insensitive literals). Reach: the longest cue and link sit 60 characters before the value's
# first digit; the value ends within 25 characters of it.
CUED = re.compile(
    r"\b(?:"
    + "|".join(f"(?P<{category}>{cues})" for category, cues in CUES.items())
    + rf")(?:(?:{_LINKED}){_LINKED_VALUE}|{_BARE_VALUE})".replace("(?i:", "(?:")
)
CUED_BEFORE, CUED_AFTER = 60, 28
CUE_CORES = tuple(core for cues in CUES.values() for core in literal_cores(cues))


STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|"
    "NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC|"
    r"Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|"
    r"Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|"
    r"Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|"
    r"New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|"
    r"Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|"
    r"West Virginia|Wisconsin|Wyoming"
)
_STREET = (
    r"Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Way|Place|Pl|"
    r"Terrace|Ter|Circle|Cir|Close|Crescent|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Row|Grove|"
    r"Gardens|Mews"
)
# A number before a unit of measure is a quantity, not a house number: "4.2 kg since CT".
_QUANTITY_UNITS = (
    r"(?:kg|g|mg|mcg|ml|mL|l|cm|mm|km|m|lb|lbs|oz|min|mins|minutes?|hours?|hrs?|days?"
    r"|weeks?|months?|years?|yrs?|Gy|cGy|units?|mmHg|mmol|bpm)\b"
)
_UNIT = r"(?:,?\s{1,3}(?i:apt|apartment|unit|suite|flat|#)\.?\s{0,3}[A-Za-z0-9-]{1,6})?"

# Digit groups joined by single separators, 7-15 digits in all: "439 4166", "730 064 218",
# "(73) 4746-3459", "08652 41 94 73". The first group is 2-5 digits, the others 2-8; a run of years ("2019 2020")
# is not a phone number, and a decimal or a thousands group ("10 000") has too few digits.
PHONE_GROUPS = (
    r"(?<![\w+.,/-])(?!(?:(?:19|20)\d\d[\s-]?){2,})"
    r"(?=(?:[\s().-]{0,3}\d){7})(?!(?:[\s().-]{0,3}\d){16})"
    r"(?:\(\d{2,5}\)\s?|\d{2,5}[\s.-])(?:\d{2,8}[\s.-]){0,3}\d{2,8}(?:\s\d(?=[\s,.;)]))?"
    r"(?![\w.,/-]\d|\w)"
    r"(?:\s{0,2}(?:x|ext\.?)\s{0,2}\d{1,5})?"
)

RULES: tuple[Rule, ...] = (
    Rule(
        "EMAIL",
        "email",
        re.compile(r"(?<![\w.+-])[\w.+%-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,6}"),
        0.99,
        "at",
        before=65,
        after=450,
    ),
    Rule(
        "URL",
        "url",
        re.compile(
            r"(?i:\b(?:https?://|www\.)[^\s<>\"'()\[\]]{2,500}"
            r"|\b[a-z0-9-]{2,63}\.(?:com|org|net|edu|gov|io|info|me|ly|co\.uk|org\.uk|nhs\.uk)"
            r"/[^\s<>\"'()\[\]]{0,300})"
        ),
        0.95,
        "url",
        before=70,
        after=520,
    ),
    Rule(
        "IP",
        "ip",
        re.compile(
            r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.]\d)"
        ),
        0.95,
    ),
    Rule(
        "IP",
        "ipv6",
        re.compile(
            r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![\w:])"
            r"|(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){1,6}:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,5}(?![\w:])"
        ),
        0.95,
        "colon",
        before=40,
        after=40,
    ),
    Rule("SSN", "ssn", re.compile(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])"), 0.95),
    Rule(
        "PHONE",
        "phone",
        re.compile(
            r"(?<![\w+])(?:\+?1[\s.-]{0,2})?(?:\(\d{3}\)|\d{3})[\s.-]{0,2}\d{3}[\s.-]\d{4}(?!\d)"
            r"(?:\s{0,2}(?:x|ext\.?)\s{0,2}\d{1,5})?"
            r"|(?<![\w+])\+\d{1,3}(?:[\s.-]{0,2}\(?\d{1,5}\)?){2,5}(?!\d)"
            r"|(?<![\w+])0\d{2,4}[\s-]{0,2}\d{3,4}[\s-]{0,2}\d{3,4}(?!\d)"
        ),
        0.9,
    ),
    Rule(
        "ADDRESS",
        "address",
        re.compile(
            rf"\b\d{{1,6}}[A-Za-z]?\s{{1,3}}(?!{_QUANTITY_UNITS})"
            rf"(?:\d{{1,6}}\s{{1,3}})?(?:[A-Za-z][A-Za-z'’.-]{{0,20}}\s{{1,3}}){{1,4}}"
            rf"(?i:{_STREET})\b\.?{_UNIT}"
        ),
        0.9,
    ),
    Rule(
        "ADDRESS",
        "address",
        re.compile(r"\b(?i:p\.?\s?o\.?\s{0,2}box)\s{0,3}\d{1,6}"),
        0.9,
        "digit",
        before=14,
        after=1,
        literals=("box",),
    ),
    Rule(
        "ADDRESS",
        "address:military",
        re.compile(
            r"\b(?:PSC|Unit|CMR)\s\d{1,5},?\s{1,3}Box\s\d{1,5}\s{1,3}[AFD]PO\s[A-Z]{2}\s\d{5}\b"
        ),
        0.9,
        "digit",
        before=10,
        after=40,
        literals=("box",),
    ),
    Rule(
        "ZIP",
        "zip",
        re.compile(r"(?<![\d,.$£€#-])\d{5}-\d{4}(?![\d-])"),
        0.9,
    ),
    Rule(
        "ZIP",
        "zip",
        re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s\d[ABD-HJLNP-UW-Z]{2}\b"),
        0.9,
        "digit",
        before=2,
        after=4,
    ),
    Rule(
        "ZIP",
        "zip:cued",
        # after a postcode cue, a postcode of any country's shape: "2962", "910 11", "7736 PJ"
        re.compile(
            r"(?i:\b(?:zip\scode|zip|postcode|post\scode|postal\scode)(?:\s(?:is|was))?)"
            r"[\s:#]{1,3}(?P<v>\d{3,6}(?:\s(?:\d{2}|[A-Z]{2}))?(?![\w-]))"
        ),
        0.9,
        "digit",
        before=26,
        after=10,
        literals=("zip", "post"),
    ),
    Rule("ZIP", "zip:bare", re.compile(r"(?<![\d,.$£€#/-])\b\d{5}\b(?![\d,%/-]|\.\d)"), 0.7),
    Rule(
        "VEHICLE",
        "vin",
        re.compile(r"\b(?=[A-HJ-NPR-Z0-9]{0,16}\d)[A-HJ-NPR-Z0-9]{17}\b"),
        0.8,
        "digit",
        before=16,
        after=17,
    ),
    Rule(
        "ID",
        "handle",
        re.compile(r"(?<![\w@.])@[A-Za-z_][A-Za-z0-9_.]{1,29}\b"),
        0.9,
        "at",
        before=1,
        after=31,
    ),
    Rule(
        "ZIP",
        "zip:after-state",
        re.compile(rf"\b(?:{STATES}|[A-Z]{{2}}),?\s{{1,2}}(?P<v>\d{{4,5}}(?:-\d{{4}})?)(?![\d-])"),
        0.85,
        "digit",
        before=18,
        after=10,
        run_shape=re.compile(r"(?<=\s)\d{4,5}\Z"),  # after a space: a state or "MA," before
    ),
    Rule(
        "ADDRESS",
        "address:unit",
        re.compile(r"\b(?:Apt|Apartment|Suite|Ste|Flat|APT|SUITE)\.?\s{0,2}#?\d{1,5}[A-Za-z]?\b"),
        0.85,
        "digit",
        before=12,
        after=6,
        literals=("apt", "apartment", "suite", "ste", "flat"),
    ),
    Rule(
        "PHONE",
        "phone:groups",
        re.compile(PHONE_GROUPS),
        0.8,
    ),
    Rule(
        "URL",
        "url:domain",
        re.compile(
            rf"(?<![\w@.-])(?i:[a-z0-9](?:[a-z0-9-]{{0,62}}\.){{1,4}}(?:{'|'.join(TOP_LEVEL_DOMAINS)}))\b"
            r"(?![.-]\w|@)"
        ),
        0.85,
        "domain",
        before=260,
        after=4,
        tail=DOMAIN_PATH,
    ),
    Rule(
        "EMAIL",
        "email:spelled",
        re.compile(
            r"(?i:(?<![\w.+-])[\w.+-]{1,64}\s(?:at|\[at\]|\(at\))\s[a-z0-9-]{1,63}"
            r"(?:\s(?:dot|\[dot\]|\(dot\))\s[a-z0-9-]{1,63}){1,4})\b"
        ),
        0.9,
        "dot",
        before=140,
        after=70,
    ),
    Rule(
        "PHONE",
        "phone:words",
        re.compile(rf"(?i:\b{_DIGIT_WORD}(?:[\s,-]{{1,3}}{_DIGIT_WORD}){{6,14}})\b"),
        0.85,
        "digit word",
        before=240,
        after=240,
    ),
    Rule(
        "VEHICLE",
        "plate",
        re.compile(r"\b[A-Z]{2}\d{2}\s?[A-Z]{3}\b"),
        0.8,
        "digit",
        before=2,
        after=4,
        run_shape=re.compile(r"(?<=[A-Z])\d\d\Z"),  # after the two area letters
    ),
    Rule(
        # a number to reach someone by: after "bleep", "pager" or "extension" even a short run
        # of digits is the number ("bleep 4471", "ext. 312"); these words take no other number
        "PHONE",
        "phone:short",
        re.compile(
            r"(?:(?<=bleep\s)|(?<=Bleep\s)|(?<=pager\s)|(?<=Pager\s)|(?<=ext\.\s)|(?<=ext\s)"
            r"|(?<=Ext\.\s)|(?<=Ext\s)|(?<=extension\s)|(?<=Extension\s))\d{3,6}(?![\d.,/:-]\d)\b"
        ),
        0.8,
        "digit",
        before=12,
        after=8,
        literals=("bleep", "pager", "ext"),
    ),
    Rule(
        # a plate is written in two groups of capitals and digits ("512 KTB", "XFT 92K"): after
        # a plate's cue both groups are the identifier, though neither alone looks like one
        "VEHICLE",
        "plate:groups",
        re.compile(
            r"(?:(?<=plate\s)|(?<=Plate\s)|(?<=rego\s)|(?<=Rego\s)|(?<=reg\s)|(?<=Reg\s))"
            r"(?=[A-Z0-9 ]{0,8}\d)(?=[A-Z0-9 ]{0,8}[A-Z])[A-Z0-9]{1,4}\s[A-Z0-9]{2,4}\b"
        ),
        0.8,
        "digit",
        before=14,
        after=10,
        literals=("plate", "reg"),
    ),
    Rule(
        "ACCOUNT",
        "card",
        re.compile(r"(?<![\d-])\d{4}[\s-]\d{4}[\s-]\d{4}[\s-]\d{1,7}(?![\d-])"),
        0.85,
    ),
)


def find_patterns(text: str, runs: list[tuple[int, int]] | None = None) -> Iterator[Finding]:
    """Yield one finding per match of :data:`CUED` and every rule in :data:`RULES`.

    ``runs`` are the digit runs of ``text`` when the caller already has them. Overlaps are
    merged later (:func:`thematic.deid.findings.merge_findings`).
    """
    if runs is None:
        runs = digit_runs(text)
    if runs:
        pattern, haystack = case_blind(CUED, text)
        spans = windows(text, runs, CUED_BEFORE, CUED_AFTER)
        if haystack is not text:  # lower-cased: only windows holding a cue word can match
            spans = holding(haystack, spans, CUE_CORES)
        for match in finditer_near(pattern, haystack, spans):
            category = next(name for name in CUES if match.group(name))
            group = "v" if match.group("v") else "w"
            confidence = CUE_CONFIDENCE.get(category, 0.9)
            yield Finding(category, *match.span(group), f"cue:{category.lower()}", confidence)
    starts = _run_starts(text, runs)
    lowered = lower_case(text)
    same_length = len(lowered) == len(text)
    for rule in RULES:
        if rule.trigger == "run":
            matches = match_at(rule.pattern, text, starts)
        elif rule.trigger == "digit":
            near = runs
            if rule.run_shape is not None:
                near = [(lo, hi) for lo, hi in runs if rule.run_shape.match(text, lo, hi)]
            spans = windows(text, near, rule.before, rule.after)
            if rule.literals and same_length:
                spans = holding(lowered, spans, rule.literals)
            matches = finditer_near(rule.pattern, text, spans)
        else:
            trigger = TRIGGERS[rule.trigger]
            if same_length:
                spans = windows(
                    text, [m.span() for m in trigger.finditer(lowered)], rule.before, rule.after
                )
            else:  # lower-casing moved offsets: find the trigger in the text, ignoring case
                spans = windows(text, case_blind(trigger, text)[0], rule.before, rule.after)
            matches = finditer_near(rule.pattern, text, spans)
        for match in matches:
            start, end = match.span("v" if "v" in match.re.groupindex else 0)
            if rule.tail is not None:
                end = (rule.tail.match(text, end) or match).end()
            if rule.category in ("URL", "EMAIL"):
                start, end = _trim(text, start, end)
            if end > start:
                yield Finding(rule.category, start, end, rule.detector, rule.confidence)


def _run_starts(text: str, runs: list[tuple[int, int]]) -> list[int]:
    """Where a "run" rule may start: each digit run, and the "+" or "(" right before it."""
    starts = []
    for start, _ in runs:
        if start and text[start - 1] in "+(":
            starts.append(start - 1)
        starts.append(start)
    return starts


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop sentence punctuation a greedy pattern swallowed at the end ("...org/page.")."""
    while end > start and text[end - 1] in ".,;:!?)'\"”’":
        end -= 1
    return start, end
