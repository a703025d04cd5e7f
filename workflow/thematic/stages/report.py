"""Stage of report.smk: the study report, from the artifacts only (never from essay text)."""

from __future__ import annotations

import pandas as pd

from thematic import report as reporting
from thematic.io import atomic_write_text, read_artifact


def report(
    *,
    codebook: str,
    coverage: str,
    deid_status: str,
    disagreements: str,
    unused_decisions: str,
    agreement: str,
    code_counts: str,
    theme_counts: str,
    cooccurrence: str,
    title: str,
    policy: str,
    report: str,
) -> None:
    """results/report.md from the artifacts."""
    parquet = {
        "codebook": codebook,
        "coverage": coverage,
        "deid_status": deid_status,
        "disagreements": disagreements,
        "agreement": agreement,
        "code_counts": code_counts,
        "theme_counts": theme_counts,
        "cooccurrence": cooccurrence,
    }
    tables = {name: read_artifact(path) for name, path in parquet.items()}
    unused = pd.read_csv(unused_decisions, dtype=str)
    atomic_write_text(
        report, reporting.render(tables, unused_decisions=unused, title=title, policy=policy)
    )
