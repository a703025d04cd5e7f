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

from thematic.ids import FINGERPRINT_PATTERN, ID_PATTERN, SHA256_PATTERN

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
    """results/ingest/essays.parquet: one row per essay file, frozen at the start of the run."""

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
    """results/deid/findings.parquet: residual-PHI findings, by position and fingerprint only."""

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
    """results/deid/status.parquet: the gate's verdict per essay."""

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

    A row with a null ``code`` records that the coder reviewed the essay and applied no code.
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
    """results/merge/coverage.parquet: which essays are analysed and which wait for coders."""

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
    fingerprint: Series[str] = pa.Field(
        str_matches=FINGERPRINT_PATTERN,
        description="The unit's fingerprint: the essay's sha256 and each coder's verdict",
    )

    class Config:
        unique = ["essay_id", "code"]


class Decisions(_Strict):
    """results/adjudication/decisions.parquet: every decision in the decision files, checked and
    combined (identical duplicates merged), before matching to the units in dispute now."""

    essay_id: Series[str] = pa.Field(description="Essay")
    code: Series[str] = pa.Field(description="Code id (resolved from id, label or alias)")
    decision: Series[str] = pa.Field(isin=["present", "absent"], description="The ruling")
    adjudicator: Series[str] = pa.Field(str_length={"min_value": 1}, description="Who decided")
    rationale: Series[str] = pa.Field(nullable=True, description="Why")
    fingerprint: Series[str] = pa.Field(
        nullable=True,
        str_matches=FINGERPRINT_PATTERN,
        description="The unit's fingerprint when decided (null: written by hand, not checked)",
    )
    source_file: Series[str] = pa.Field(description="Decision file (and sheet) it came from")
    source_line: Series[int] = pa.Field(ge=1, description="Line of the CSV, or row of the sheet")


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
    earlier_decision: Series[str] = pa.Field(
        nullable=True,
        description="A stale decision on this unit: what was decided, by whom, where",
    )
    decision: Series[str] = pa.Field(description="To fill in: present or absent")
    adjudicator: Series[str] = pa.Field(description="To fill in: who decided")
    rationale: Series[str] = pa.Field(description="To fill in: why")
    fingerprint: Series[str] = pa.Field(
        str_matches=FINGERPRINT_PATTERN,
        description="The unit's fingerprint: keep it with the decision (checks it is not stale)",
    )

    class Config:
        unique = ["essay_id", "code"]


class PendingWorkbook(_Strict):
    """results/adjudication/pending.xlsx: the pending sheet as a workbook, one row per pending
    unit, each coder's verdict, quotes and their context side by side.

    The context (the sentences around each quote) comes from essays the de-identification
    gate cleared or a reviewer waived, never from flagged or quarantined ones.
    """

    essay_id: Series[str] = pa.Field(description="Essay")
    code: Series[str] = pa.Field(description="Code id")
    code_label: Series[str] = pa.Field(description="Code label")
    definition: Series[str] = pa.Field(description="The code's definition")
    coder: Optional[Series[str]] = pa.Field(  # noqa: UP045 - pandera reads Optional
        alias=r"^.+ (verdict|quotes|context)$",
        regex=True,
        nullable=True,
        description="Per coder: '<coder> verdict' (applied or not), '<coder> quotes', "
        "'<coder> context'",
    )
    earlier_decision: Series[str] = pa.Field(
        nullable=True, description="A stale decision on this unit"
    )
    decision: Series[str] = pa.Field(description="To fill in: present or absent (drop-down)")
    adjudicator: Series[str] = pa.Field(description="To fill in: who decided")
    rationale: Series[str] = pa.Field(description="To fill in: why")
    fingerprint: Series[str] = pa.Field(
        str_matches=FINGERPRINT_PATTERN, description="The unit's fingerprint"
    )

    class Config:
        unique = ["essay_id", "code"]


class UnusedDecisions(_Strict):
    """results/adjudication/unused_decisions.csv: decisions that were not applied, and why.

    not_in_dispute: the coders agree on the unit (or the essay is not analysed), and their
    common value stands. stale: the unit's fingerprint has changed since the decision (the
    essay's text or a coder's verdict), so the unit is pending again. The report lists both.
    """

    essay_id: Series[str] = pa.Field(description="Essay")
    code: Series[str] = pa.Field(description="Code id")
    decision: Series[str] = pa.Field(isin=["present", "absent"], description="The unused ruling")
    adjudicator: Series[str] = pa.Field(description="Who decided")
    reason: Series[str] = pa.Field(
        isin=["not_in_dispute", "stale"], description="Why it was not applied"
    )
    source_file: Series[str] = pa.Field(description="Decision file (and sheet)")
    source_line: Series[int] = pa.Field(ge=1, description="Line of the CSV, or row of the sheet")


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

    @pa.dataframe_check
    @classmethod
    def says_how_each_cell_was_reached(cls, frame: pd.DataFrame) -> pd.Series:
        """An adjudicated cell names its adjudicator and no other cell does; a pending cell has
        no value."""
        adjudicated = frame["decided_by"] == "adjudicated"
        pending = frame["decided_by"] == "pending"
        return (frame["adjudicator"].notna() == adjudicated) & (frame["present"].isna() == pending)


class Agreement(_Strict):
    """results/agreement/agreement.parquet: inter-coder agreement, long format."""

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


SUGGEST_MODELS = ["classifier", "codebook_baseline"]
SUGGESTION_NOTE = "machine suggestion, not a coding"


class SuggestModel(_Strict):
    """results/suggest/model.parquet: the fitted models, as numbers (no pickle).

    kind idf: one row per feature (analyzer, term, idf); kind weight: a code's weight on a
    feature (nonzero only); kind intercept: a code's intercept. A passage's TF-IDF vector dotted
    with a code's weights, plus its intercept, is the classifier's log-odds or the baseline's
    similarity to the code's description.
    """

    kind: Series[str] = pa.Field(isin=["idf", "weight", "intercept"], description="Row kind")
    code: Series[str] = pa.Field(nullable=True, description="Code id (null for idf rows)")
    model: Series[str] = pa.Field(
        nullable=True, isin=SUGGEST_MODELS, description="classifier or codebook_baseline"
    )
    analyzer: Series[str] = pa.Field(
        nullable=True, description="idf rows: word or char_wb (character n-grams in words)"
    )
    term: Series[str] = pa.Field(
        nullable=True, description="idf rows: the word or character n-gram"
    )
    feature: Series[int] = pa.Field(ge=0, description="Feature (column) index; 0 for intercepts")
    value: Series[float] = pa.Field(description="idf, weight or intercept")


class Suggestions(_Strict):
    """results/suggest/suggestions.parquet: machine suggestions for essays awaiting coding.

    Never coding and never consensus: nothing downstream counts them. Passages are positions
    only, never text.
    """

    essay_id: Series[str] = pa.Field(description="Essay awaiting coding")
    code: Series[str] = pa.Field(description="Code id")
    probability: Series[float] = pa.Field(
        ge=0,
        le=1,
        description="classifier: logistic probability; codebook_baseline: best passage's "
        "similarity to the code over its similarity to its nearest code (a score, not calibrated)",
    )
    suggested: Series[bool] = pa.Field(
        description="classifier: probability >= 0.5; codebook_baseline: the code is the "
        "nearest code of some passage"
    )
    model: Series[str] = pa.Field(isin=SUGGEST_MODELS, description="Which model scored it")
    passages: Series[str] = pa.Field(
        description="JSON [[start, end], ...] of the passages weighing most toward the code"
    )

    class Config:
        unique = ["essay_id", "code"]


class SuggestAgreement(AgreementPairwise):
    """results/suggest/agreement.parquet: the machine as a coder, cross-validated by essay.

    Rows machine_vs_consensus and machine_vs_coder score the machine's out-of-fold
    suggestions on analysed essays; coder_vs_coder rows are results/agreement/pairwise.parquet
    copied alongside.
    """

    comparison: Series[str] = pa.Field(
        isin=["machine_vs_consensus", "machine_vs_coder", "coder_vs_coder"],
        description="Who is compared with whom",
    )
    model: Series[str] = pa.Field(
        nullable=True,
        isin=[*SUGGEST_MODELS, "mixed"],
        description="Model the folds used for the code (mixed: it differed); null for coders",
    )


class SuggestLearningCurve(_Strict):
    """results/suggest/learning_curve.parquet: cross-validated agreement with the consensus as
    the number of coded essays the model is trained on grows."""

    code: Series[str] = pa.Field(description="Code id, or 'all' (every code pooled)")
    n_train: Series[int] = pa.Field(ge=0, description="Coded essays trained on, per fold")
    coefficient: Series[str] = pa.Field(description="cohen_kappa, gwet_ac1 or percent_agreement")
    value: Series[float] = pa.Field(nullable=True, description="Null where undefined")
    n_units: Series[int] = pa.Field(ge=0, description="Held-out essays (x codes for 'all') rated")

    class Config:
        unique = ["code", "n_train", "coefficient"]


class SuggestQueue(_Strict):
    """results/suggest/queue.csv: essays awaiting coding, the one a coding teaches most first."""

    rank: Series[int] = pa.Field(ge=1, unique=True, description="Order to code them in")
    essay_id: Series[str] = pa.Field(unique=True, description="Essay awaiting coding")
    uncertainty: Series[float] = pa.Field(
        ge=0, le=1, description="Mean over codes of 1 - |2p - 1|: 1 when every p is 0.5"
    )
    machine_suggestion: Series[str] = pa.Field(
        description="Codes the machine suggests, '; '-separated: a suggestion, not a coding"
    )
    note: Series[str] = pa.Field(isin=[SUGGESTION_NOTE], description="Says so, on every row")


class AuditManifest(_Strict):
    """results/audit/manifest.parquet: one row per artifact of the build, for `thematic verify`."""

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
