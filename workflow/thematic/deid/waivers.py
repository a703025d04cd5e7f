"""The review loop: reviewers' waivers applied to findings, and each essay's verdict.

A waiver names an essay version (essay_id and essay_sha256) and a fingerprint, so it stops
applying as soon as the essay's text changes. Not for deciding policy.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd

from thematic.errors import InputError, check_header
from thematic.textio import read_text

WAIVER_COLUMNS = ["essay_id", "essay_sha256", "fingerprint", "reviewer", "reason"]
STATUS_COLUMNS = [  # the DeidStatus model's columns (tests/test_structure.py keeps them equal)
    "essay_id",
    "essay_sha256",
    "status",
    "n_findings",
    "n_waived",
    "category_counts",
]


def read_waivers(path: str | Path | None) -> pd.DataFrame:
    """Reviewers' waivers of false-positive findings (resources/deid/waivers.csv)."""
    columns = WAIVER_COLUMNS
    if not path or not Path(path).exists():
        return pd.DataFrame(columns=columns, dtype="str")
    text = read_text(path, what="waivers file", allow_empty=True)
    if not text.strip():
        return pd.DataFrame(columns=columns, dtype="str")
    try:
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except pd.errors.ParserError as err:
        raise InputError.single(
            str(path),
            f"not a readable CSV ({str(err).splitlines()[0]}).",
            "save it as CSV UTF-8 with the header essay_id,essay_sha256,fingerprint,reviewer,reason.",
        ) from None
    check_header(str(path), list(table.columns), columns, ",".join(columns))
    blank = table[(table["reviewer"].str.strip() == "") | (table["reason"].str.strip() == "")]
    if len(blank):
        raise InputError.single(
            str(path),
            "a waiver without reviewer or reason.",
            "every waiver names who reviewed it and why.",
            line=int(blank.index[0]) + 2,
        )
    return table[columns]


def apply_waivers(findings: pd.DataFrame, waivers: pd.DataFrame) -> pd.DataFrame:
    """``findings`` with a bool column ``waived``: True where a waiver matches essay_id,
    essay_sha256 and fingerprint all three. Row order and other columns are unchanged."""
    keys = ["essay_id", "essay_sha256", "fingerprint"]
    waived_keys = set(waivers[keys].astype(str).itertuples(index=False, name=None))
    result = findings.copy()
    result["waived"] = [
        key in waived_keys for key in findings[keys].astype(str).itertuples(index=False, name=None)
    ]
    return result.astype({"waived": bool})


def essay_status(essays: pd.DataFrame, findings: pd.DataFrame) -> pd.DataFrame:
    """One row per essay: "cleared" (no findings), "waived" (all waived), else "quarantined".

    ``findings`` may lack ``waived`` (then nothing is waived). ``category_counts`` is a JSON
    object of unwaived findings per category, keys sorted; "{}" when there are none.
    """
    waived = findings["waived"] if "waived" in findings else pd.Series(False, index=findings.index)
    rows = []
    by_essay = {
        essay_id: group for essay_id, group in findings.assign(waived=waived).groupby("essay_id")
    }
    for essay_id, sha256 in essays[["essay_id", "sha256"]].itertuples(index=False):
        group = by_essay.get(essay_id)
        n_findings = 0 if group is None else len(group)
        n_waived = 0 if group is None else int(group["waived"].sum())
        open_categories = [] if group is None else group.loc[~group["waived"], "category"]
        counts = pd.Series(open_categories, dtype=str).value_counts()
        category_counts = {str(category): int(n) for category, n in counts.items()}
        if n_findings == 0:
            status = "cleared"
        elif n_waived == n_findings:
            status = "waived"
        else:
            status = "quarantined"
        rows.append(
            (
                essay_id,
                sha256,
                status,
                n_findings,
                n_waived,
                json.dumps(category_counts, sort_keys=True),
            )
        )
    return pd.DataFrame(rows, columns=STATUS_COLUMNS).astype(
        {"n_findings": "int64", "n_waived": "int64"}
    )
