"""Numbers that name a billing code or a software version, not a person: where shape is not enough.

A number found only by its shape ("96413", "J9271", "0006-3026-02", "4.12.0.3") is an identifier
candidate (see :mod:`thematic.deid.numbers`), unless its context says it is a code from a public
code system, a version or a study's number:
- a code-system cue (CPT, HCPCS, ICD-10, NDC, SNOMED, LOINC, DRG) makes the rest of its sentence a
  list of codes: "CPT 96413 for the first hour, 96415 for each additional hour, J9271 for ...";
  in that list only code-shaped numbers are codes (a claim number "HX44-0921-7730" is not);
- a version cue ("firmware", "version", "v") right before it makes a dotted number a version;
- a study cue ("protocol", "trial", "ethics ref", "registered as", "Subject") right before a shape-only number, or a trial
  registry's format ("NCT04512345"), makes it the number of a study or of a pseudonymous
  participant, which identifies no person (policy, issue 14: a placeholder such as "Patient 3"
  is evidence of de-identification).
Findings by a cue (an "MRN", a "licence number") or by a format that only an identifier has (an
email, a date) are never dropped here. Not for finding anything.
"""

from __future__ import annotations

import re

from thematic.deid.findings import Finding
from thematic.deid.windows import case_blind

# Detectors that judge a number by its shape alone; only their findings yield to a code context.
SHAPE_DETECTORS = frozenset({"id:shape", "zip:bare", "phone:groups", "ip"})
# Both start with a literal (the engine skips to it); the word boundary before is checked after.
CODE_SYSTEM = re.compile(
    r"(?:CPT|HCPCS|ICD(?:-?(?:9|10|11))?(?:-CM|-PCS)?|NDC|SNOMED(?:[\s-]CT)?|LOINC|DRG|RxNorm)"
    r"(?![\w-])"
)
CODE_PHRASE = re.compile(
    r"(?:billing|procedure|diagnosis|diagnostic|drug|product)\scodes?(?![\w-])"
)
# A code list runs to the end of its sentence: a full stop, "!" or "?" before a space, or a line
# break; at most this many characters (linear time).
_SENTENCE_END = re.compile(r"[.!?](?=\s|\Z)|\n")
CODE_REACH = 300
VERSION_CUE = re.compile(
    r"(?i:\b(?:firmware|software|version|ver|build|release|update[ds]?|upgraded)"
    r"(?:\s(?:to|is|was|number|no\.?))?|\bv)[\s.:]{0,3}\Z"
)
_VERSION_LOOKBACK = 30
# A study's numbers, including its approvals ("ethics ref 21/LO/0456", "IRB #2019-114"): they
# name a study, not a person.
STUDY_CUE = re.compile(
    r"(?i:\b(?:protocol|trial|study|ethics|irb|registered\s(?:as|under)|subject)"
    r"(?:\s(?:number|no\.?|id|ref\.?|reference|approval))?)[\s.:#]{0,3}\Z"
)
# Trial registries' numbers: ClinicalTrials.gov, ISRCTN, ANZCTR, EudraCT.
REGISTRY = re.compile(r"NCT\d{8}|ISRCTN\d{8}|ACTRN\d{14}|\d{4}-\d{6}-\d{2}")
# What a code of a public code system looks like: CPT/HCPCS ("96413", "J9271"), ICD ("C34.1",
# "Z51.11"), NDC ("0006-3026-02"), SNOMED or LOINC ("254637007", "2160-0").
CODE_SHAPE = re.compile(
    r"\d{4,5}[A-Z]?|[A-Z]\d{2,4}(?:\.\d{1,4}[A-Z]?)?|\d{4,5}-\d{3,4}-\d{1,2}|\d{6,18}|\d{1,8}-\d"
)


def code_regions(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` from each code-system cue to the end of its sentence."""
    regions = []
    phrase, haystack = case_blind(CODE_PHRASE, text)
    cues = sorted(
        [m.span() for m in CODE_SYSTEM.finditer(text)]
        + [m.span() for m in phrase.finditer(haystack)]
    )
    for start, stop in cues:
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            continue  # inside a word ("EPICPT")
        end = _SENTENCE_END.search(text, stop, stop + CODE_REACH)
        regions.append((start, end.start() if end else min(len(text), stop + CODE_REACH)))
    return regions


def is_code_or_version(text: str, finding: Finding, regions: list[tuple[int, int]]) -> bool:
    """True when a shape-only number finding sits in a code list or follows a version cue."""
    if finding.detector not in SHAPE_DETECTORS:
        return False
    value = text[finding.start : finding.end]
    if REGISTRY.fullmatch(value):
        return True
    if CODE_SHAPE.fullmatch(value) and any(
        lo <= finding.start and finding.end <= hi for lo, hi in regions
    ):
        return True
    before = text[max(0, finding.start - _VERSION_LOOKBACK) : finding.start]
    return VERSION_CUE.search(before) is not None or STUDY_CUE.search(before) is not None
