"""``scan_essays``: findings for a table of essays, by position and fingerprint only.

Not for policy (quarantine, block, warn): the pipeline decides what a finding does.
``finding_rows`` is the same table as plain tuples, for callers that do not need pandas (the
``thematic deid scan`` command starts faster without it).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from thematic.deid.detectors import BATCH_TEXTS, scan_texts, without_cycle_collection
from thematic.deid.fingerprint import fingerprint, mask_preview
from thematic.deid.parallel import batches, map_in_workers, workers_for

if TYPE_CHECKING:
    import pandas as pd

# The DeidFindings model's columns but `waived`, which apply_waivers adds. Listed here rather
# than asked of the model so that `thematic deid scan` need not import pandera
# (tests/test_structure.py keeps them equal).
FINDING_COLUMNS = [
    "essay_id",
    "essay_sha256",
    "category",
    "start",
    "end",
    "detector",
    "confidence",
    "fingerprint",
    "preview",
]
FindingRow = tuple[str, str, str, int, int, str, float, str, str]


def finding_rows(
    essays: Iterable[tuple[str, str, str | None]], *, key: bytes, workers: int | None = 1
) -> list[FindingRow]:
    """One tuple per finding (:data:`FINDING_COLUMNS`) in ``essays`` of (essay_id, sha256, text).

    Sorted by essay_id, start, end, category. The matched text itself is never in a row: only
    its keyed ``fingerprint`` and masked ``preview``. A null text (an essay withheld upstream)
    has no findings. All texts are scanned together (:func:`thematic.deid.scan_texts`, in up to
    ``workers`` processes).
    """
    with without_cycle_collection():  # rows, like findings, hold no cycles
        return _finding_rows(essays, key, workers)


def _finding_rows(
    essays: Iterable[tuple[str, str, str | None]], key: bytes, workers: int | None
) -> list[FindingRow]:
    scanned = [(str(i), str(s), t) for i, s, t in essays if isinstance(t, str)]
    workers = workers_for(len(scanned), workers)
    if workers > 1:  # rows, not findings, come back from the workers: fewer, cheaper objects
        parts = map_in_workers(
            partial(_rows_of, key=key), batches(scanned, BATCH_TEXTS, workers), workers
        )
        rows = [row for part in parts for row in part]
    else:
        rows = _rows_of(scanned, key)
    rows.sort(key=lambda row: (row[0], row[3], row[4], row[2]))
    return rows


def _rows_of(scanned: list[tuple[str, str, str]], key: bytes) -> list[FindingRow]:
    """The rows of ``scanned`` (essay_id, sha256, text), unsorted, scanned in this process."""
    rows = []
    for (essay_id, sha256, text), findings in zip(
        scanned, scan_texts([text for _, _, text in scanned]), strict=True
    ):
        for finding in findings:
            matched = text[finding.start : finding.end]
            rows.append(
                (
                    essay_id,
                    sha256,
                    finding.category,
                    finding.start,
                    finding.end,
                    finding.detector,
                    finding.confidence,
                    fingerprint(matched, key),
                    mask_preview(matched),
                )
            )
    return rows


def scan_essays(essays: pd.DataFrame, *, key: bytes) -> pd.DataFrame:
    """One row per finding in ``essays`` (columns essay_id, sha256, text).

    Returns :data:`FINDING_COLUMNS`, sorted by essay_id, start, end, category. The matched text
    itself is never in the result: only its keyed ``fingerprint`` and masked ``preview``. A
    null text (an essay withheld upstream) has no findings.
    """
    import pandas as pd

    rows = finding_rows(essays[["essay_id", "sha256", "text"]].itertuples(index=False), key=key)
    findings = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    return findings.astype(
        {
            "essay_id": str,
            "essay_sha256": str,
            "category": str,
            "start": "int64",
            "end": "int64",
            "detector": str,
            "confidence": "float64",
            "fingerprint": str,
            "preview": str,
        }
    ).reset_index(drop=True)
