"""Data contracts: one pandera model per artifact. Reading this file teaches the data model.

Each model's name is the artifact's name; every artifact is validated against its model before
it is written (see :func:`thematic.io.write_artifact`). Offsets are 0-based Unicode code points,
end exclusive, as in Python string slicing and the REFI-QDA standard.
"""

from __future__ import annotations

from typing import Optional

import pandas as pd
import pandera.pandas as pa
from pandera.typing.pandas import Series

from thematic.ids import ID_PATTERN, SHA256_PATTERN

# flagged: findings, but kept in the analysis because the deid policy is "warn"
DEID_STATUSES = ["cleared", "waived", "flagged", "quarantined"]
DECIDED_BY = ["agreed", "adjudicated", "pending"]
COVERAGE_STATUSES = ["analysed", "partially_coded", "awaiting_coding", "quarantined"]


def columns(model: type[pa.DataFrameModel]) -> list[str]:
    """The model's column names in order (regex columns such as ``meta_*`` left out): the one
    place a module gets an artifact's column list from."""
    return [name for name, column in model.to_schema().columns.items() if not column.regex]


class _Strict(pa.DataFrameModel):
    class Config:
        strict = True
        coerce = True


class Essays(_Strict):
    """results/ingest/essays.parquet: one row per essay file, frozen at the start of the run.

    The per-shard parts (results/ingest/shards/<shard>.parquet) have no ``meta_*`` columns:
    shards ``0`` to ``n_shards - 1`` hold the essays some coder's file or decision mentions (by
    crc32 of the id), shard ``uncoded`` the others. ``text`` is null unless the gate cleared,
    waived or (policy ``warn``) flagged the essay; ``meta_*`` columns come from the manifest.
    """

    essay_id: Series[str] = pa.Field(unique=True, str_matches=ID_PATTERN, description="File stem")
    source_file: Series[str] = pa.Field(description="Path of the essay file, relative to the study")
    sha256: Series[str] = pa.Field(
        str_matches=SHA256_PATTERN, description="sha256 of the file bytes"
    )
    n_chars: Series[int] = pa.Field(ge=0, description="Length in Unicode code points")
    n_words: Series[int] = pa.Field(ge=0, description="Whitespace-separated tokens")
    deid_status: Series[str] = pa.Field(isin=DEID_STATUSES, description="Outcome of the deid gate")
    text: Series[str] = pa.Field(
        nullable=True, description="Essay text; null when the deid gate withheld it"
    )
    meta: Optional[Series[str]] = pa.Field(  # noqa: UP045 - pandera reads Optional
        alias=r"^meta_.+$", regex=True, nullable=True, description="Manifest metadata columns"
    )


class DeidFindings(_Strict):
    """results/deid/findings.parquet: residual-PHI findings, by position and fingerprint only.

    Never the matched text: a keyed ``fingerprint`` and a masked ``preview``. The per-shard
    parts are results/deid/shards/findings_<shard>.parquet.
    """

    essay_id: Series[str] = pa.Field(description="Essay the finding is in")
    essay_sha256: Series[str] = pa.Field(str_matches=SHA256_PATTERN, description="Essay version")
    category: Series[str] = pa.Field(description="PHI category, e.g. NAME, DATE, PHONE")
    start: Series[int] = pa.Field(ge=0, description="Start offset (code points)")
    end: Series[int] = pa.Field(ge=0, description="End offset, exclusive")
    detector: Series[str] = pa.Field(description="Detector that fired")
    confidence: Series[float] = pa.Field(ge=0, le=1, description="Detector confidence")
    fingerprint: Series[str] = pa.Field(
        description="Keyed hash of the matched text (never the text)"
    )
    preview: Series[str] = pa.Field(description="Masked preview, e.g. 'Mrs. A*****'")
    waived: Series[bool] = pa.Field(description="A reviewer's waiver applies to this finding")


class DeidStatus(_Strict):
    """results/deid/status.parquet: the gate's verdict per essay.

    cleared (no finding), waived (every finding waived by a reviewer), flagged (findings, kept
    under policy ``warn``) or quarantined. The per-shard parts are
    results/deid/shards/status_<shard>.parquet.
    """

    essay_id: Series[str] = pa.Field(unique=True, description="Essay")
    essay_sha256: Series[str] = pa.Field(str_matches=SHA256_PATTERN, description="Essay version")
    status: Series[str] = pa.Field(
        isin=DEID_STATUSES, description="cleared, waived, flagged or quarantined"
    )
    n_findings: Series[int] = pa.Field(ge=0, description="All findings")
    n_waived: Series[int] = pa.Field(ge=0, description="Findings waived by a reviewer")
    category_counts: Series[str] = pa.Field(description="JSON {category: unwaived count}")


class Codebook(_Strict):
    """results/codebook/codebook.parquet: one row per code, in codebook order."""

    code: Series[str] = pa.Field(unique=True, str_matches=ID_PATTERN, description="Code id")
    label: Series[str] = pa.Field(description="Code label as printed in the report")
    theme: Series[str] = pa.Field(str_matches=ID_PATTERN, description="Theme id")
    theme_label: Series[str] = pa.Field(description="Theme label")
    code_order: Series[int] = pa.Field(ge=0, unique=True, description="Position in the codebook")
    theme_order: Series[int] = pa.Field(ge=0, description="Position of the theme")
    definition: Series[str] = pa.Field(description="What the code means")
    inclusion: Series[str] = pa.Field(description="When to apply it")
    exclusion: Series[str] = pa.Field(description="When not to apply it")
    example: Series[str] = pa.Field(description="An example passage")
    aliases: Series[str] = pa.Field(description="Other names coders may write, '; '-separated")


class Coding(_Strict):
    """results/coding/<coder>.parquet: one coder's segments, resolved and checked against the text.

    The coder's rows resolved to codebook codes (``code_as_written`` keeps what they wrote),
    offsets checked, ``quote`` cut from the essay. A row with a null ``code`` records that the
    coder read the essay and applied no code.
    """

    coder: Series[str] = pa.Field(str_matches=ID_PATTERN, description="Coder id (file stem)")
    essay_id: Series[str] = pa.Field(description="Essay coded")
    code: Series[str] = pa.Field(nullable=True, description="Codebook code id")
    theme: Series[str] = pa.Field(nullable=True, description="Theme of the code")
    code_as_written: Series[str] = pa.Field(description="The code as the coder wrote it")
    start: Series[int] = pa.Field(ge=0, description="Segment start (code points)")
    end: Series[int] = pa.Field(ge=0, description="Segment end, exclusive")
    whole_essay: Series[bool] = pa.Field(description="Code applied to the whole essay")
    quote: Series[str] = pa.Field(nullable=True, description="Segment text (from the essay)")
    memo: Series[str] = pa.Field(nullable=True, description="Coder's memo")
    source_line: Series[int] = pa.Field(ge=1, description="Line of the coding file")


class Coverage(_Strict):
    """results/merge/coverage.parquet: which essays are analysed and which wait for coders.

    analysed: cleared and coded by every coder (these make N); partially_coded; awaiting_coding;
    quarantined. Built by its own rule, the one analysis step that reads the ``uncoded`` shard.
    """

    essay_id: Series[str] = pa.Field(unique=True, description="Essay")
    status: Series[str] = pa.Field(isin=COVERAGE_STATUSES, description="Where the essay stands")
    coders_done: Series[str] = pa.Field(description="Coders who coded it, ', '-separated")
    coders_missing: Series[str] = pa.Field(description="Coders who have not, ', '-separated")


class Presence(_Strict):
    """results/merge/presence.parquet: essay x code x coder, over analysed essays."""

    essay_id: Series[str] = pa.Field(description="Essay")
    code: Series[str] = pa.Field(description="Code id")
    coder: Series[str] = pa.Field(description="Coder id")
    applied: Series[bool] = pa.Field(description="The coder applied the code anywhere in the essay")
    n_segments: Series[int] = pa.Field(ge=0, description="Segments the coder coded with it")

    class Config:
        unique = ["essay_id", "code", "coder"]


class Disagreements(_Strict):
    """results/merge/disagreements.parquet: (essay, code) units where coders differ."""

    essay_id: Series[str] = pa.Field(description="Essay")
    code: Series[str] = pa.Field(description="Code id")
    theme: Series[str] = pa.Field(description="Theme id")
    coders_applied: Series[str] = pa.Field(description="Coders who applied it, ', '-separated")
    coders_not_applied: Series[str] = pa.Field(description="Coders who did not")
    decision: Series[str] = pa.Field(
        nullable=True, isin=["present", "absent"], description="Ruling"
    )
    status: Series[str] = pa.Field(isin=["adjudicated", "pending"], description="Ruled or not yet")

    class Config:
        unique = ["essay_id", "code"]


class Pending(_Strict):
    """results/adjudication/pending.csv: the adjudication sheet, one row per pending unit.

    The adjudicator fills in decision, adjudicator and rationale and adds the rows to the
    decisions file (extra columns are ignored there).
    """

    essay_id: Series[str] = pa.Field(description="Essay")
    code: Series[str] = pa.Field(description="Code id")
    code_label: Series[str] = pa.Field(description="Code label")
    coders_applied: Series[str] = pa.Field(description="Coders who applied it, ', '-separated")
    coders_not_applied: Series[str] = pa.Field(description="Coders who did not")
    quotes: Series[str] = pa.Field(
        nullable=True, description="Each coder's segments: 'coder [start-end]: quote', '|'-separated"
    )
    decision: Series[str] = pa.Field(description="To fill in: present or absent")
    adjudicator: Series[str] = pa.Field(description="To fill in: who decided")
    rationale: Series[str] = pa.Field(description="To fill in: why")

    class Config:
        unique = ["essay_id", "code"]


class UnusedDecisions(_Strict):
    """results/adjudication/unused_decisions.csv: decisions on units where the coders agree.

    They are not applied (the coders' common value stands); the report lists them.
    """

    essay_id: Series[str] = pa.Field(description="Essay")
    code: Series[str] = pa.Field(description="Code id")
    decision: Series[str] = pa.Field(isin=["present", "absent"], description="The unused ruling")
    source_line: Series[int] = pa.Field(ge=1, description="Line of the decisions file")


class Consensus(_Strict):
    """results/merge/consensus.parquet: the final essay x code table, with how each cell was decided."""

    essay_id: Series[str] = pa.Field(description="Essay")
    code: Series[str] = pa.Field(description="Code id")
    theme: Series[str] = pa.Field(description="Theme id")
    present: Series[pd.BooleanDtype] = pa.Field(nullable=True, description="Null while pending")
    decided_by: Series[str] = pa.Field(
        isin=DECIDED_BY, description="agreed, adjudicated or pending"
    )
    n_coders_applied: Series[int] = pa.Field(ge=0, description="Coders who applied it")
    adjudicator: Series[str] = pa.Field(nullable=True, description="Who ruled (adjudicated only)")
    rationale: Series[str] = pa.Field(nullable=True, description="Why (adjudicated only)")

    class Config:
        unique = ["essay_id", "code"]


class Agreement(_Strict):
    """results/agreement/agreement.parquet: inter-coder agreement, long format.

    Over analysed essays at three units of analysis: ``essay_presence`` (each essay x code
    applied or not), ``segment_overlap`` (segments matched when they overlap by at least
    ``agreement.min_overlap`` of their union) and ``characters`` (Krippendorff's unitizing
    alphas); per code, theme and overall, with the pooling convention named (``per_code``,
    ``pooled``, ``mean_of_codes``, ``devries_pooled``, ``codes_as_values``).
    """

    unit: Series[str] = pa.Field(
        isin=["essay_presence", "segment_overlap", "characters"], description="Unit of analysis"
    )
    scope: Series[str] = pa.Field(
        isin=["code", "theme", "overall"], description="What is summarised"
    )
    scope_id: Series[str] = pa.Field(description="Code id, theme id, or 'all'")
    convention: Series[str] = pa.Field(description="per_code, pooled, mean_of_codes, ...")
    coefficient: Series[str] = pa.Field(description="Coefficient name")
    value: Series[float] = pa.Field(nullable=True, description="Null where undefined (see note)")
    se: Series[float] = pa.Field(nullable=True, description="Analytic standard error")
    ci_low: Series[float] = pa.Field(nullable=True, description="Bootstrap 95% CI, lower")
    ci_high: Series[float] = pa.Field(nullable=True, description="Bootstrap 95% CI, upper")
    n_units: Series[int] = pa.Field(ge=0, description="Units rated")
    n_coders: Series[int] = pa.Field(ge=0, description="Coders")
    note: Series[str] = pa.Field(description="Why a value is null, or the convention used")
    interpretation: Series[str] = pa.Field(description="Interpretation band")


class AgreementPairwise(Agreement):
    """results/agreement/pairwise.parquet: essay-presence agreement for each pair of coders."""

    coder_a: Series[str] = pa.Field(description="First coder of the pair")
    coder_b: Series[str] = pa.Field(description="Second coder of the pair")


class CodeCounts(_Strict):
    """results/themes/code_counts.parquet: essays per code, for the consensus and each coder."""

    code: Series[str] = pa.Field(description="Code id")
    label: Series[str] = pa.Field(description="Code label")
    theme: Series[str] = pa.Field(description="Theme id")
    source: Series[str] = pa.Field(description="'consensus' or a coder id")
    n_essays: Series[int] = pa.Field(ge=0, description="Essays where the code is present")
    n_pending: Series[int] = pa.Field(ge=0, description="Essays where it awaits adjudication")
    n_total: Series[int] = pa.Field(ge=0, description="N: analysed essays")
    percent: Series[float] = pa.Field(nullable=True, ge=0, le=100, description="100 n / N")

    class Config:
        unique = ["code", "source"]


class ThemeCounts(_Strict):
    """results/themes/theme_counts.parquet: essays with at least one code of the theme."""

    theme: Series[str] = pa.Field(description="Theme id")
    label: Series[str] = pa.Field(description="Theme label")
    source: Series[str] = pa.Field(description="'consensus' or a coder id")
    n_essays: Series[int] = pa.Field(ge=0, description="Essays with any code of the theme")
    n_total: Series[int] = pa.Field(ge=0, description="N: analysed essays")
    percent: Series[float] = pa.Field(nullable=True, ge=0, le=100, description="100 n / N")

    class Config:
        unique = ["theme", "source"]


class Cooccurrence(_Strict):
    """results/themes/cooccurrence.parquet: consensus essays carrying both codes (pairs a < b and a = b)."""

    code_a: Series[str] = pa.Field(description="Code id")
    code_b: Series[str] = pa.Field(description="Code id")
    n_essays: Series[int] = pa.Field(ge=0, description="Essays with both codes present")
    jaccard: Series[float] = pa.Field(nullable=True, ge=0, le=1, description="|A and B| / |A or B|")

    class Config:
        unique = ["code_a", "code_b"]


class AuditManifest(_Strict):
    """results/audit/manifest.parquet: one row per artifact of the build, for `thematic verify`.

    Each artifact's path, sha256, size, row count, schema and schema hash, code fingerprint,
    inputs and params: what ``thematic verify`` checks against (see docs/operations.md).
    """

    path: Series[str] = pa.Field(unique=True, description="Artifact path, relative to the study")
    format: Series[str] = pa.Field(description="File type: parquet, csv, md")
    sha256: Series[str] = pa.Field(str_matches=SHA256_PATTERN, description="sha256 of the file")
    n_bytes: Series[int] = pa.Field(ge=0, description="File size")
    n_rows: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, ge=0, description="Data rows (Parquet, CSV); null for other files"
    )
    schema: Series[str] = pa.Field(nullable=True, description="Its pandera model (Parquet only)")
    schema_sha256: Series[str] = pa.Field(nullable=True, description="Hash of that model")
    code_sha256: Series[str] = pa.Field(nullable=True, description="Code that built it")
    inputs: Series[str] = pa.Field(description="JSON {input path: sha256} it was built from")
    params: Series[str] = pa.Field(description="JSON of the parameters that shaped it")
