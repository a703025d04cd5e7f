"""``scan_text``: every detector over one text, placeholders dropped, overlaps merged.

The built-in detectors need only the standard library and the shipped word lists. A stronger
optional backend (spaCy, Presidio) plugs in as a :class:`Backend`: any callable from text to
findings, passed to :func:`scan_text`; its findings are merged with the built-in ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from thematic.deid.addresses import find_number_street_number, grow_addresses
from thematic.deid.codes import code_regions, is_code_or_version
from thematic.deid.dates import find_ages, find_dates
from thematic.deid.findings import Finding, merge_findings
from thematic.deid.names import find_names
from thematic.deid.numbers import find_identifier_numbers
from thematic.deid.patterns import find_patterns
from thematic.deid.windows import digit_runs

Backend = Callable[[str], Iterable[Finding]]

# "[NAME]", "<PATIENT>", "{date}": what a de-identifier leaves behind is never a finding.
_PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,40}\]|<[A-Za-z _-]{1,40}>|\{[A-Za-z _-]{1,40}\}")
_FAX_CUE = re.compile(r"(?i)\bfax\b")
# A short capitalised prefix printed with a number is part of the code: "Rx 6021447",
# "SN 20231177A4", "APS 19-04412", "RN 0912274".
_CODE_PREFIX = re.compile(r"(?<![\w.])(?:[A-Z]{2,4}|[A-Z][a-z])[\s#:-]{0,2}\Z")
_PREFIXED = frozenset("ID MRN LICENSE DEVICE HEALTH_PLAN ACCOUNT PHONE SSN VEHICLE".split())
_PREFIX_REACH = 7
_FAX_LOOKBACK = 20


def scan_text(text: str, backends: Sequence[Backend] = ()) -> list[Finding]:
    """Find suspected identifiers in ``text``: sorted, non-overlapping findings.

    Runs the name, date, age, pattern and identifier-number detectors (and any ``backends``),
    relabels a phone number introduced by "fax" as FAX, drops findings inside placeholders such
    as "[NAME]" and numbers that are billing codes or versions (:mod:`thematic.deid.codes`), and
    merges overlapping findings (:func:`thematic.deid.findings.merge_findings`). Offsets are
    code points, end exclusive. Empty text gives no findings.
    """
    runs = digit_runs(text)  # the trigger most detectors share, found once
    found: list[Finding] = [
        *find_patterns(text, runs),
        *find_identifier_numbers(text, runs),
        *find_dates(text, runs),
        *find_ages(text, runs),
        *find_names(text),
        *find_number_street_number(text, runs),
    ]
    for backend in backends:
        found.extend(backend(text))
    placeholders = [match.span() for match in _PLACEHOLDER.finditer(text)]
    codes = code_regions(text)
    kept = [
        _with_prefix(text, _fax(text, finding))
        for finding in found
        if not any(lo <= finding.start and finding.end <= hi for lo, hi in placeholders)
        and not is_code_or_version(text, finding, codes)
    ]
    return merge_findings(grow_addresses(text, merge_findings(kept)))


def _with_prefix(text: str, finding: Finding) -> Finding:
    """A number finding widened over the short capitalised prefix printed with it."""
    if finding.category not in _PREFIXED or not text[finding.start : finding.start + 1].isdigit():
        return finding
    prefix = _CODE_PREFIX.search(text, max(0, finding.start - _PREFIX_REACH), finding.start)
    if prefix is None:
        return finding
    return Finding(
        finding.category, prefix.start(), finding.end, finding.detector, finding.confidence
    )


def _fax(text: str, finding: Finding) -> Finding:
    """A PHONE with "fax" shortly before it is a FAX number."""
    if finding.category != "PHONE":
        return finding
    before = text[max(0, finding.start - _FAX_LOOKBACK) : finding.start]
    if _FAX_CUE.search(before):
        return Finding("FAX", finding.start, finding.end, "fax", finding.confidence)
    return finding
