"""What the report is built from: the pipeline's artifacts, as DataFrames, in one bundle.

Deliberately no essay text: the bundle holds the coders' segments (whose ``quote`` is null for a
withheld essay) but never ``results/ingest/essays.parquet``. Reading files is the report stage's
job; everything in :mod:`thematic.report` takes a :class:`ReportArtifacts`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from thematic.schemas import UnusedDecisions, columns


@dataclass(frozen=True)
class ReportArtifacts:
    """The artifacts one report reads (each as its pandera model in :mod:`thematic.schemas`)."""

    codebook: pd.DataFrame  # Codebook
    coverage: pd.DataFrame  # Coverage
    deid_status: pd.DataFrame  # DeidStatus
    disagreements: pd.DataFrame  # Disagreements
    agreement: pd.DataFrame  # Agreement
    code_counts: pd.DataFrame  # CodeCounts
    theme_counts: pd.DataFrame  # ThemeCounts
    cooccurrence: pd.DataFrame  # Cooccurrence
    presence: pd.DataFrame  # Presence
    consensus: pd.DataFrame  # Consensus
    segments: pd.DataFrame  # Coding, every coder's rows concatenated
    unused_decisions: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=columns(UnusedDecisions))
    )  # UnusedDecisions: decisions not applied, and why (stale, not_in_dispute)
    codebook_name: str = ""
    codebook_version: str = ""
    # provenance of the build, from an artifact's footer (see thematic.io.artifact_metadata)
    provenance: dict[str, str] = field(default_factory=dict)
    # the agreement stage's parameters (n_boot, seed, min_overlap), from its artifact's footer
    agreement_params: dict[str, Any] = field(default_factory=dict)
    # where the deid fingerprint key came from: environment, file or default (thematic.gate)
    fingerprint_key: str = "default"
    # machine suggestions (Suggestions, SuggestAgreement); None when suggest.enabled is false
    suggestions: pd.DataFrame | None = None
    suggest_agreement: pd.DataFrame | None = None
    suggest_threshold: float = 0.6
    # the suggest_train stage's parameters (min_essays, folds, seed), from its artifact's footer
    suggest_params: dict[str, Any] = field(default_factory=dict)

    @property
    def codes(self) -> pd.DataFrame:
        """The codebook in its order."""
        return self.codebook.sort_values("code_order", ignore_index=True)

    @property
    def labels(self) -> dict[str, str]:
        return dict(zip(self.codebook["code"], self.codebook["label"], strict=True))

    @property
    def coders(self) -> list[str]:
        """Coder ids, in the order the counts list them."""
        sources = dict.fromkeys(self.code_counts["source"])
        return [source for source in sources if source != "consensus"]

    @property
    def n_analysed(self) -> int:
        return int((self.coverage["status"] == "analysed").sum())
