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
    ``{shard}``, ``{coder}`` or ``{figure}``; ``schema`` names its pandera model in :mod:`thematic.schemas`
    (a CSV is validated by its model before it is written too); ``about`` says more than the
    model's first line (and all there is to say of a file with no model)."""

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
        "findings_shard",
        "results/deid/shards/findings_{shard}.parquet",
        "ingest_shard",
        "DeidFindings",
    ),
    Artifact(
        "status_shard", "results/deid/shards/status_{shard}.parquet", "ingest_shard", "DeidStatus"
    ),
    Artifact(
        "essays",
        "results/ingest/essays.parquet",
        "ingest",
        "Essays",
        "The per-shard parts (ingest/shards/<shard>.parquet) have no meta_* columns: shards 0 "
        "to n_shards - 1 hold the essays some coder's file or decision mentions (by crc32 of the "
        "id), shard uncoded the others. text is null unless the gate cleared, waived or (policy "
        "warn) flagged the essay; meta_* columns come from the manifest.",
    ),
    Artifact(
        "findings",
        "results/deid/findings.parquet",
        "deid",
        "DeidFindings",
        "Never the matched text: a keyed fingerprint and a masked preview.",
    ),
    Artifact(
        "deid_status",
        "results/deid/status.parquet",
        "deid",
        "DeidStatus",
        "cleared (no finding), waived (every finding waived by a reviewer), flagged (findings, "
        "kept under policy warn) or quarantined.",
    ),
    Artifact("codebook", "results/codebook/codebook.parquet", "codebook", "Codebook"),
    Artifact(
        "coding",
        "results/coding/{coder}.parquet",
        "apply_codebook",
        "Coding",
        "The coder's rows resolved to codebook codes (code_as_written keeps what they wrote), "
        "offsets checked, quote cut from the essay.",
    ),
    Artifact(
        "coverage",
        "results/merge/coverage.parquet",
        "coverage",
        "Coverage",
        "analysed: cleared and coded by every coder (these make N); partially_coded; "
        "awaiting_coding; quarantined. Its own rule, the one analysis step that reads the "
        "uncoded shard.",
    ),
    Artifact(
        "decisions",
        "results/adjudication/decisions.parquet",
        "decisions",
        "Decisions",
        "Read from every CSV and XLSX file the config key decisions names (by default every "
        "file in resources/adjudication/), by header. Identical duplicates are merged; two "
        "different decisions on one unit on the same evidence stop the run naming both files.",
    ),
    Artifact("presence", "results/merge/presence.parquet", "merge", "Presence"),
    Artifact("disagreements", "results/merge/disagreements.parquet", "merge", "Disagreements"),
    Artifact("consensus", "results/merge/consensus.parquet", "merge", "Consensus"),
    Artifact(
        "pending",
        "results/adjudication/pending.csv",
        "adjudication_sheet",
        "Pending",
        "Written after merge: a run that fails on a bad decision leaves it as it was. Filled "
        "in and saved into resources/adjudication/, it is a decisions file as it is.",
    ),
    Artifact(
        "pending_xlsx",
        "results/adjudication/pending.xlsx",
        "adjudication_sheet",
        "PendingWorkbook",
        "Sheet Pending: a styled header, frozen panes, a present/absent drop-down on decision, "
        "the columns to fill in shaded; sheet About says how to use it. Byte-identical for the "
        "same inputs (fixed document and zip times).",
    ),
    Artifact(
        "unused_decisions", "results/adjudication/unused_decisions.csv", "merge", "UnusedDecisions"
    ),
    Artifact(
        "agreement",
        "results/agreement/agreement.parquet",
        "agreement",
        "Agreement",
        "Over analysed essays at three units of analysis: essay_presence (each essay x code "
        "applied or not), segment_overlap (segments matched when they overlap by at least "
        "agreement.min_overlap of their union) and characters (Krippendorff's unitizing alphas); "
        "per code, theme and overall, with the pooling convention named (per_code, pooled, "
        "mean_of_codes, devries_pooled, codes_as_values).",
    ),
    Artifact("pairwise", "results/agreement/pairwise.parquet", "agreement", "AgreementPairwise"),
    Artifact("code_counts", "results/themes/code_counts.parquet", "themes", "CodeCounts"),
    Artifact("theme_counts", "results/themes/theme_counts.parquet", "themes", "ThemeCounts"),
    Artifact("cooccurrence", "results/themes/cooccurrence.parquet", "themes", "Cooccurrence"),
    Artifact(
        "suggest_model",
        "results/suggest/model.parquet",
        "suggest_train",
        "SuggestModel",
        "Fitted on the consensus of the analysed essays whose text the gate cleared or waived: "
        "vocabulary and idf, a logistic regression per code with at least suggest.min_essays "
        "essays present and as many absent, the codebook baseline for every code. Re-fitted "
        "only when the consensus (or the code) changes.",
    ),
    Artifact(
        "suggest_agreement",
        "results/suggest/agreement.parquet",
        "suggest_train",
        "SuggestAgreement",
        "The machine's out-of-fold suggestions (folds by essay, seeded) rated against the "
        "consensus and each coder, per code and pooled, beside the coders' own pairs: how far "
        "to trust the suggestions.",
    ),
    Artifact(
        "suggest_learning_curve",
        "results/suggest/learning_curve.parquet",
        "suggest_train",
        "SuggestLearningCurve",
    ),
    Artifact(
        "suggestions",
        "results/suggest/suggestions.parquet",
        "suggest",
        "Suggestions",
        "For essays awaiting coding whose text the gate cleared or waived. Machine "
        "suggestions, never coding or consensus; passages by position, never text.",
    ),
    Artifact(
        "suggest_queue",
        "results/suggest/queue.csv",
        "suggest",
        "SuggestQueue",
        "Essays awaiting coding ordered by uncertainty sampling, with the machine's current "
        "suggestion marked as a suggestion.",
    ),
    Artifact(
        "report",
        "results/report.md",
        "report",
        about="The report: themes and codes as 'Compassion (n = 19)', agreement, adjudication, "
        "quarantined and uncoded essays. Built from the artifacts only, never from essay text.",
    ),
    Artifact(
        "report_html",
        "results/report/index.html",
        "report",
        about="The report as one self-contained page (inline CSS and SVG figures, nothing "
        "loaded from the network): study summary, codes and themes as a paper prints them, "
        "agreement with intervals, figures, exemplar quotes from cleared essays, adjudication "
        "and coverage, and a methods paragraph.",
    ),
    Artifact(
        "report_methods",
        "results/report/methods.md",
        "report",
        about="The methods paragraph (COREQ items 24 to 27) as prose to edit; every number is "
        "read from the artifacts.",
    ),
    Artifact(
        "report_figure_svg",
        "results/report/figures/{figure}.svg",
        "report",
        about="A report figure as SVG (text kept as text): prevalence, agreement_forest, "
        "cooccurrence, disagreement.",
    ),
    Artifact(
        "report_figure_png",
        "results/report/figures/{figure}.png",
        "report",
        about="The same figure as PNG.",
    ),
    Artifact(
        "export_project",
        "results/export/project.qdpx",
        "export",
        about="The study as a REFI-QDA project for NVivo, ATLAS.ti, MAXQDA or QualCoder: the "
        "codebook (themes as parent codes), the analysed essays the gate cleared or waived as "
        "text sources, each coder's segments as that user's codings, the consensus as "
        "whole-essay codings by the user consensus. GUIDs derived from content, no dates: "
        "byte-identical for the same inputs.",
    ),
    Artifact(
        "export_codebook",
        "results/export/codebook.qdc",
        "export",
        about="The codebook as a REFI-QDA codebook (.qdc): themes as parent codes, the "
        "definition (then Include:, Exclude:, Example: lines) as each code's description.",
    ),
    Artifact(
        "manifest",
        "results/audit/manifest.parquet",
        "audit",
        "AuditManifest",
        "Each artifact's path, sha256, size, row count, schema and schema hash, code "
        "fingerprint, inputs and params: what thematic verify checks against.",
    ),
)
BY_NAME = {artifact.name: artifact for artifact in ARTIFACTS}
# The report's figures, the values of the {figure} wildcard.
FIGURES = ("prevalence", "agreement_forest", "cooccurrence", "disagreement")


def path(name: str) -> str:
    """The path of the artifact called ``name`` (wildcards kept, as a rule's output names it)."""
    return BY_NAME[name].path


def built_by(rule: str) -> list[Artifact]:
    """The artifacts a rule writes, in registry order."""
    return [artifact for artifact in ARTIFACTS if artifact.rule == rule]


# What the suggest stage writes: nothing of it is built when config suggest.enabled is false.
SUGGEST_RULES = ("suggest_train", "suggest")


def all_paths(
    shards: list[str], coders: list[str], *, but: str = "manifest", suggest: bool = True
) -> list[str]:
    """Every artifact path of a build with these shards and coders, sorted (the manifest,
    which lists the others, left out; the suggest stage's too when ``suggest`` is off)."""
    return sorted(
        p
        for artifact in ARTIFACTS
        if artifact.name != but and (suggest or artifact.rule not in SUGGEST_RULES)
        for p in artifact.expand(shard=shards, coder=coders, figure=list(FIGURES))
    )
