"""Stage of report.smk: the study report, from the artifacts only (never from essay text)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from thematic import schemas
from thematic.codebook import codebook_identity
from thematic.io import artifact_metadata, atomic_write_bytes, read_artifact


def report(
    *,
    codebook: str,
    codebook_source: str,
    coverage: str,
    deid_status: str,
    disagreements: str,
    unused_decisions: str,
    agreement: str,
    code_counts: str,
    theme_counts: str,
    cooccurrence: str,
    presence: str,
    consensus: str,
    codings: Sequence[str],
    suggestions: str | None,
    suggest_agreement: str | None,
    title: str,
    suggest_threshold: float,
    policy: str,
    fingerprint_key: str,
    report: str,
    html: str,
    methods: str,
    figures: Sequence[str],
    pngs: Sequence[str],
) -> None:
    """results/report.md and results/report/ (index.html, methods.md, figures) from the
    artifacts, never from essay text: the coders' segments carry quotes, and any of an essay
    the gate did not clear is blanked before the report sees it.

    ``fingerprint_key``: where the deid fingerprint key came from (environment, file, default;
    never the key), said once in the report."""
    # imported on use, so that other stages' jobs start without matplotlib (see thematic.stages)
    from thematic import report as reporting

    status = read_artifact(deid_status, schemas.DeidStatus)
    segments = pd.concat([read_artifact(p, schemas.Coding) for p in codings], ignore_index=True)
    identity = codebook_identity(codebook_source)
    agreement_provenance = artifact_metadata(agreement)
    tables = reporting.ReportArtifacts(
        codebook=read_artifact(codebook, schemas.Codebook),
        coverage=read_artifact(coverage, schemas.Coverage),
        deid_status=status,
        disagreements=read_artifact(disagreements, schemas.Disagreements),
        agreement=read_artifact(agreement, schemas.Agreement),
        code_counts=read_artifact(code_counts, schemas.CodeCounts),
        theme_counts=read_artifact(theme_counts, schemas.ThemeCounts),
        cooccurrence=read_artifact(cooccurrence, schemas.Cooccurrence),
        presence=read_artifact(presence, schemas.Presence),
        consensus=read_artifact(consensus, schemas.Consensus),
        segments=reporting.withhold_unquotable(segments, status),
        unused_decisions=pd.read_csv(unused_decisions, dtype=str),
        codebook_name=identity["name"],
        codebook_version=identity["version"],
        provenance=agreement_provenance,
        agreement_params=json.loads(agreement_provenance.get("thematic.params", "{}")),
        fingerprint_key=fingerprint_key,
        # both or neither: the rule takes them only when suggest.enabled
        suggestions=read_artifact(suggestions, schemas.Suggestions) if suggestions else None,
        suggest_agreement=(
            read_artifact(suggest_agreement, schemas.SuggestAgreement)
            if suggestions and suggest_agreement
            else None
        ),
        suggest_threshold=suggest_threshold,
        suggest_params=(
            json.loads(artifact_metadata(suggest_agreement).get("thematic.params", "{}"))
            if suggest_agreement
            else {}
        ),
    )
    files = reporting.report_files(
        tables,
        title=title,
        policy=policy,
        software=reporting.software_versions(agreement_provenance),
    )
    targets = {reporting.MARKDOWN: report, reporting.HTML: html, reporting.METHODS: methods}
    for path in [*figures, *pngs]:
        targets[f"{reporting.FIGURE_DIR}/{Path(path).name}"] = str(path)
    if set(targets) != set(files):
        raise AssertionError(f"report outputs {sorted(targets)} differ from files {sorted(files)}")
    for name, payload in files.items():
        atomic_write_bytes(targets[name], payload)
