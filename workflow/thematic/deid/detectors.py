"""``scan_text``: every detector over one text, placeholders dropped, overlaps merged.

The built-in detectors need only the standard library and the shipped word lists. A stronger
optional backend (spaCy, Presidio) plugs in as a :class:`Backend`: any callable from text to
findings, passed to :func:`scan_text`; its findings are merged with the built-in ones.
"""

from __future__ import annotations

import gc
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import accumulate

from thematic.deid.addresses import (
    find_foreign_streets,
    find_number_street_number,
    grow_addresses,
    grow_corners,
)
from thematic.deid.ages import find_bare_ages
from thematic.deid.calendars import find_calendar_dates
from thematic.deid.codes import code_regions, is_code_or_version
from thematic.deid.dates import find_ages, find_dates
from thematic.deid.findings import Finding, merge_findings
from thematic.deid.names import find_names_joined
from thematic.deid.numbers import find_identifier_numbers
from thematic.deid.parallel import batches, map_in_workers, workers_for
from thematic.deid.patterns import find_patterns
from thematic.deid.places import find_facilities
from thematic.deid.windows import digit_runs

Backend = Callable[[str], Iterable[Finding]]

# "[NAME]", "<PATIENT>", "{date}": what a de-identifier leaves behind is never a finding.
_PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,40}\]|<[A-Za-z _-]{1,40}>|\{[A-Za-z _-]{1,40}\}")
_FAX_CUE = re.compile(r"(?i)\bfax\b")
# A short capitalised prefix printed with a number is part of the code: "Rx 6021447",
# "SN 20231177A4", "APS 19-04412", "RN 0912274", "KT2 0045721".
_CODE_PREFIX = re.compile(r"(?<![\w.])(?:[A-Z]{2,4}\d?|[A-Z][a-z])[\s#:-]{0,2}\Z")
_PREFIXED = frozenset("ID MRN LICENSE DEVICE HEALTH_PLAN ACCOUNT PHONE SSN VEHICLE".split())
_PREFIX_REACH = 7
_FAX_LOOKBACK = 20
# What joins texts scanned together (see scan_texts), and how many texts go into one pass.
SEPARATOR_CHAR = "\x00"
SEPARATOR = f"\n{SEPARATOR_CHAR}\n"
BATCH_TEXTS = 2000


def scan_text(text: str, backends: Sequence[Backend] = ()) -> list[Finding]:
    """Find suspected identifiers in ``text``: sorted, non-overlapping findings.

    Runs the name, date, age, pattern and identifier-number detectors (and any ``backends``),
    relabels a phone number introduced by "fax" as FAX, drops findings inside placeholders such
    as "[NAME]" and numbers that are billing codes or versions (:mod:`thematic.deid.codes`), and
    merges overlapping findings (:func:`thematic.deid.findings.merge_findings`). Offsets are
    code points, end exclusive. Empty text gives no findings.
    """
    return scan_texts([text], backends)[0]


def scan_texts(
    texts: Sequence[str], backends: Sequence[Backend] = (), *, workers: int | None = 1
) -> list[list[Finding]]:
    """:func:`scan_text` of each of ``texts``, the same findings, in far fewer regex passes.

    The texts are joined by :data:`SEPARATOR` (a line break, a NUL, a line break) and every
    pattern detector runs once over the joined text: no pattern matches a NUL nor reaches past a
    line break into it, so no match crosses from one text into the next, and every lookaround
    sees at a text's edges what it sees at the edges of a string. Each match is then moved back to
    its text. A text holding a NUL itself is scanned alone. Names are judged text by text (their
    evidence is per essay: repetition, lower-case typing).

    ``workers``: how many processes may scan; None for one per core once there are thousands of
    texts (:mod:`thematic.deid.parallel`). The default, 1, scans in this process: a pipeline's
    job is given one core.
    """
    with without_cycle_collection():
        return _scan_batches(texts, backends, workers)


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while scanning, then restore it as it was.

    A scan allocates millions of short-lived objects that hold no cycles (tokens, matches,
    findings), freed by reference counting; the collector's repeated passes over them cost a
    sixth of a scan and find nothing (measured on 5,000 generated essays).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _scan_batches(
    texts: Sequence[str], backends: Sequence[Backend], workers: int | None
) -> list[list[Finding]]:
    """:func:`scan_texts` without the collector's pause: texts in batches of BATCH_TEXTS, in
    worker processes when ``workers`` allows and there are thousands."""
    results: list[list[Finding]] = [[] for _ in texts]
    batch = [i for i, text in enumerate(texts) if SEPARATOR_CHAR not in text]
    for i in sorted(set(range(len(texts))).difference(batch)):
        results[i] = _scan_joined([texts[i]], backends)[0]
    if backends:
        workers = 1  # a backend may not survive a fork
    workers = workers_for(len(batch), workers)
    chunks = batches(batch, BATCH_TEXTS, workers)
    texts_of = [[texts[i] for i in chunk] for chunk in chunks]
    if workers > 1:
        scanned = map_in_workers(_scan_plain, texts_of, workers)
    else:
        scanned = [_scan_joined(chunk_texts, backends) for chunk_texts in texts_of]
    for chunk, found in zip(chunks, scanned, strict=True):
        for i, findings in zip(chunk, found, strict=True):
            results[i] = findings
    return results


def _scan_plain(texts: list[str]) -> list[list[Finding]]:
    """Findings of each of ``texts`` without backends: the work of one worker process."""
    return _scan_joined(texts, ())


def _scan_joined(texts: list[str], backends: Sequence[Backend]) -> list[list[Finding]]:
    """Findings of each of ``texts`` (none holding a NUL), scanned joined by SEPARATOR."""
    joined = SEPARATOR.join(texts)
    starts = list(accumulate((len(text) + len(SEPARATOR) for text in texts[:-1]), initial=0))
    runs = digit_runs(joined)  # the trigger most detectors share, found once
    shared = [
        find_patterns(joined, runs),
        find_identifier_numbers(joined, runs),
        find_dates(joined, runs),
        find_ages(joined, runs),
        find_bare_ages(joined, runs),
        find_calendar_dates(joined, runs),
        find_facilities(joined),
        find_foreign_streets(joined, runs),
    ]
    per_text = [_split(list(found), starts) for found in shared]
    names = _split(find_names_joined(joined, starts), starts)
    street_numbers = _split(find_number_street_number(joined, runs), starts)
    placeholders = _split_spans((m.span() for m in _PLACEHOLDER.finditer(joined)), starts)
    codes = _split_spans(code_regions(joined), starts)
    results = []
    for k, text in enumerate(texts):
        found: list[Finding] = [finding for findings in per_text for finding in findings[k]]
        found.extend(names[k])
        found.extend(street_numbers[k])
        for backend in backends:
            found.extend(backend(text))
        results.append(_settle(text, found, placeholders[k], codes[k]))
    return results


def _split(findings: Iterable[Finding], starts: list[int]) -> list[list[Finding]]:
    """Findings over the joined text, moved into the text each lies in (``starts``: offsets)."""
    per_text: list[list[Finding]] = [[] for _ in starts]
    for finding in findings:
        k = bisect_right(starts, finding.start) - 1
        offset = starts[k]
        if offset:
            finding = Finding(
                finding.category,
                finding.start - offset,
                finding.end - offset,
                finding.detector,
                finding.confidence,
            )
        per_text[k].append(finding)
    return per_text


def _split_spans(
    spans: Iterable[tuple[int, int]], starts: list[int]
) -> list[list[tuple[int, int]]]:
    per_text: list[list[tuple[int, int]]] = [[] for _ in starts]
    for lo, hi in spans:
        k = bisect_right(starts, lo) - 1
        per_text[k].append((lo - starts[k], hi - starts[k]))
    return per_text


def _settle(
    text: str,
    found: list[Finding],
    placeholders: list[tuple[int, int]],
    codes: list[tuple[int, int]],
) -> list[Finding]:
    """Drop placeholders, codes and versions; relabel faxes; widen prefixes and addresses; merge."""
    kept = [
        _with_prefix(text, _fax(text, finding))
        for finding in found
        if not (
            placeholders  # most texts have none: no generator per finding
            and any(lo <= finding.start and finding.end <= hi for lo, hi in placeholders)
        )
        and not is_code_or_version(text, finding, codes)
    ]
    merged = merge_findings(kept)
    return merge_findings(grow_addresses(text, grow_corners(text, merged)))


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
