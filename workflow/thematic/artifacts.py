"""The registry of artifacts: every file a rule writes under ``results/``, its schema and the
rule that writes it. Stated once here; the rules' outputs, the audit's list of what a build
made, ``thematic verify`` and the tables of ``results/README.md`` all read it.

Kept free of pandas, so the Snakefile imports it at parse time cheaply. Not for the columns of
an artifact (see :mod:`thematic.schemas`, named by ``schema``).
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Formatter


@dataclass(frozen=True)
class Artifact:
    """One artifact: ``path`` is relative to the study folder and may hold the wildcards
    ``{shard}`` or ``{coder}``; ``schema`` names its pandera model in :mod:`thematic.schemas`
    (a CSV is validated by its model before it is written too); ``about`` is said of a file with
    no model."""

    name: str
    path: str
    rule: str
    schema: str | None = None
    about: str = ""

    @property
    def wildcards(self) -> list[str]:
        return [field for _, field, _, _ in Formatter().parse(self.path) if field]

    def expand(self, **values: list[str]) -> list[str]:
        """Every path of this artifact for the given wildcard values (lists)."""
        paths = [self.path]
        for wildcard in self.wildcards:
            paths = [p.replace(f"{{{wildcard}}}", v) for p in paths for v in values[wildcard]]
        return paths


ARTIFACTS: tuple[Artifact, ...] = (
    Artifact("essay_shard", "results/ingest/shards/{shard}.parquet", "ingest_shard", "Essays"),
    Artifact(
        "findings_shard", "results/deid/shards/findings_{shard}.parquet", "ingest_shard",
        "DeidFindings",
    ),
    Artifact(
        "status_shard", "results/deid/shards/status_{shard}.parquet", "ingest_shard", "DeidStatus"
    ),
    Artifact("essays", "results/ingest/essays.parquet", "ingest", "Essays"),
    Artifact("findings", "results/deid/findings.parquet", "deid", "DeidFindings"),
    Artifact("deid_status", "results/deid/status.parquet", "deid", "DeidStatus"),
    Artifact("codebook", "results/codebook/codebook.parquet", "codebook", "Codebook"),
    Artifact("coding", "results/coding/{coder}.parquet", "apply_codebook", "Coding"),
    Artifact("coverage", "results/merge/coverage.parquet", "coverage", "Coverage"),
    Artifact("presence", "results/merge/presence.parquet", "merge", "Presence"),
    Artifact("disagreements", "results/merge/disagreements.parquet", "merge", "Disagreements"),
    Artifact("consensus", "results/merge/consensus.parquet", "merge", "Consensus"),
    Artifact("pending", "results/adjudication/pending.csv", "merge", "Pending"),
    Artifact(
        "unused_decisions", "results/adjudication/unused_decisions.csv", "merge", "UnusedDecisions"
    ),
    Artifact("agreement", "results/agreement/agreement.parquet", "agreement", "Agreement"),
    Artifact("pairwise", "results/agreement/pairwise.parquet", "agreement", "AgreementPairwise"),
    Artifact("code_counts", "results/themes/code_counts.parquet", "themes", "CodeCounts"),
    Artifact("theme_counts", "results/themes/theme_counts.parquet", "themes", "ThemeCounts"),
    Artifact("cooccurrence", "results/themes/cooccurrence.parquet", "themes", "Cooccurrence"),
    Artifact(
        "report",
        "results/report.md",
        "report",
        about="The report: themes and codes as 'Compassion (n = 19)', agreement, adjudication, "
        "quarantined and uncoded essays. Built from the artifacts only, never from essay text.",
    ),
    Artifact("manifest", "results/audit/manifest.parquet", "audit", "AuditManifest"),
)
BY_NAME = {artifact.name: artifact for artifact in ARTIFACTS}


def path(name: str) -> str:
    """The path of the artifact called ``name`` (wildcards kept, as a rule's output names it)."""
    return BY_NAME[name].path


def built_by(rule: str) -> list[Artifact]:
    """The artifacts a rule writes, in registry order."""
    return [artifact for artifact in ARTIFACTS if artifact.rule == rule]


def all_paths(shards: list[str], coders: list[str], *, but: str = "manifest") -> list[str]:
    """Every artifact path of a build with these shards and coders, sorted (the manifest,
    which lists the others, left out)."""
    return sorted(
        p
        for artifact in ARTIFACTS
        if artifact.name != but
        for p in artifact.expand(shard=shards, coder=coders)
    )
