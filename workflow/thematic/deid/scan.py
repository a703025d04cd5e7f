"""``scan_essays``: findings for a table of essays, by position and fingerprint only.

Not for policy (quarantine, block, warn): the pipeline decides what a finding does.
"""

from __future__ import annotations

import pandas as pd

from thematic.deid.detectors import scan_text
from thematic.deid.fingerprint import fingerprint, mask_preview

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


def scan_essays(essays: pd.DataFrame, *, key: bytes) -> pd.DataFrame:
    """One row per finding in ``essays`` (columns essay_id, sha256, text).

    Returns :data:`FINDING_COLUMNS`, sorted by essay_id, start, end, category. The matched text
    itself is never in the result: only its keyed ``fingerprint`` and masked ``preview``. A
    null text (an essay withheld upstream) has no findings.
    """
    rows = []
    for essay_id, sha256, text in essays[["essay_id", "sha256", "text"]].itertuples(index=False):
        if not isinstance(text, str):
            continue
        for finding in scan_text(text):
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
    findings = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    findings = findings.astype(
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
    )
    order = ["essay_id", "start", "end", "category"]
    return findings.sort_values(order, kind="stable").reset_index(drop=True)
