"""Stages of merge.smk: read the adjudicators' decisions, merge the coders (presence,
disagreements, consensus), write the pending adjudication sheets, and coverage, where every
essay stands."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from thematic import merge as merging
from thematic import schemas
from thematic.adjudication import decisions as adjudication
from thematic.adjudication.sheet import pending_sheet, pending_workbook_table
from thematic.adjudication.workbook import pending_workbook_bytes
from thematic.io import (
    atomic_write_bytes,
    read_artifact,
    validate,
    write_artifact,
    write_csv_artifact,
)

log = logging.getLogger("thematic")


def decisions(
    *, sheets: Sequence[str] | None, codebook: str, essays: Sequence[str], decisions: str
) -> None:
    """results/adjudication/decisions.parquet: every decision file read by its header, checked
    and combined. Its own rule, before merge: a bad decision stops the run here, and the
    pending sheets the adjudicator works from (written after merge) stay as they were.

    ``sheets``: the decision files (CSV, XLSX) the config key ``decisions`` names; None when
    there are none yet (a study before its first adjudication).
    """
    sheets = list(sheets or [])
    book = read_artifact(codebook, schemas.Codebook)
    known = set(shard_verdicts(essays)["essay_id"])
    combined = adjudication.read_decisions(sheets, book, known)
    write_artifact(combined, decisions, schemas.Decisions, inputs=[*sheets, codebook, *essays])
    log.info("decisions: %d from %d file(s)", len(combined), len(sheets))


def merge(
    *,
    codings: Sequence[str],
    codebook: str,
    essays: Sequence[str],
    decisions: str,
    presence: str,
    disagreements: str,
    consensus: str,
    unused_decisions: str,
) -> None:
    """Presence, disagreements and consensus over the essays every coder has coded and the
    gate has cleared, with the decisions that apply; and the decisions that do not (stale, or on
    units not in dispute).

    ``essays``: the shards of coded essays (their ids, sha256 and deid verdicts; texts are not
    read).
    """
    book = read_artifact(codebook, schemas.Codebook)
    essay_table = shard_verdicts(essays, extra=["sha256"])
    coder_tables = {Path(p).stem: read_artifact(p, schemas.Coding) for p in codings}
    cover = merging.coverage(essay_table, coder_tables)
    present = merging.presence(cover, coder_tables, book)
    disputed = adjudication.unit_fingerprints(
        present, dict(zip(essay_table["essay_id"], essay_table["sha256"], strict=True))
    )
    ruled = read_artifact(decisions, schemas.Decisions)
    applied, unused = adjudication.match_decisions(ruled, disputed)
    split = merging.disagreements(present, book, applied, disputed)
    agreed = merging.consensus(present, book, applied)
    inputs = [*codings, codebook, *essays, decisions]
    write_artifact(present, presence, schemas.Presence, inputs=inputs)
    write_artifact(split, disagreements, schemas.Disagreements, inputs=inputs)
    write_artifact(agreed, consensus, schemas.Consensus, inputs=inputs)
    write_csv_artifact(unused, unused_decisions, schemas.UnusedDecisions)
    log.info(
        "merge: %d analysed essays, %d disagreements, %d pending, %d stale decision(s)",
        int((cover["status"] == "analysed").sum()),
        len(split),
        int((split["status"] == "pending").sum()),
        int((unused["reason"] == "stale").sum()),
    )


def adjudication_sheet(
    *,
    disagreements: str,
    unused_decisions: str,
    codings: Sequence[str],
    codebook: str,
    essays: Sequence[str],
    pending: str,
    pending_xlsx: str,
) -> None:
    """results/adjudication/pending.csv and pending.xlsx: the units still to decide, with each
    coder's quotes (and in the workbook their context, from cleared or waived essays only).

    ``essays``: the shards of coded essays (texts are null for withheld essays).
    """
    book = read_artifact(codebook, schemas.Codebook)
    coder_tables = {Path(p).stem: read_artifact(p, schemas.Coding) for p in codings}
    split = read_artifact(disagreements, schemas.Disagreements)
    unused = pd.read_csv(unused_decisions, dtype={"source_line": "int64"}, keep_default_na=False)
    sheet = write_csv_artifact(
        pending_sheet(split, book, coder_tables, unused), pending, schemas.Pending
    )
    pending_units = split[split["status"] == "pending"][["essay_id"]].drop_duplicates()
    texts = shard_verdicts(essays, extra=["text"]).merge(pending_units, on="essay_id")
    table = validate(
        pending_workbook_table(sheet, book, coder_tables, texts),
        schemas.PendingWorkbook,
        pending_xlsx,
    )
    atomic_write_bytes(pending_xlsx, pending_workbook_bytes(table))


def coverage(*, codings: Sequence[str], essays: Sequence[str], coverage: str) -> None:
    """results/merge/coverage.parquet: every essay's standing (analysed, partially_coded,
    awaiting_coding, quarantined) and which coders have coded it.

    ``essays``: every shard, the "uncoded" one included (ids and deid verdicts only).
    """
    coder_tables = {
        Path(p).stem: pd.read_parquet(p, columns=["essay_id"]).drop_duplicates() for p in codings
    }
    write_artifact(
        merging.coverage(shard_verdicts(essays), coder_tables),
        coverage,
        schemas.Coverage,
        inputs=[*codings, *essays],
    )


def shard_verdicts(shards: Sequence[str], extra: Sequence[str] = ()) -> pd.DataFrame:
    """essay_id and deid_status (and the ``extra`` columns) of every essay in these shards,
    sorted by id."""
    return pd.concat(
        [pd.read_parquet(p, columns=["essay_id", "deid_status", *extra]) for p in shards],
        ignore_index=True,
    ).sort_values("essay_id", ignore_index=True)
