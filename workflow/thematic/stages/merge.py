"""Stages of merge.smk: merge the coders (presence, disagreements, consensus, the adjudication
sheet), and coverage, where every essay stands."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from thematic import merge as merging
from thematic import schemas
from thematic.io import read_artifact, write_artifact, write_csv_artifact

log = logging.getLogger("thematic")


def merge(
    *,
    codings: Sequence[str],
    codebook: str,
    essays: Sequence[str],
    decisions: str | None,
    presence: str,
    disagreements: str,
    consensus: str,
    pending: str,
    unused_decisions: str,
) -> None:
    """Presence, disagreements, consensus and the pending adjudication sheet, over the essays
    every coder has coded and the gate has cleared.

    ``essays``: the shards of coded essays (their ids and deid verdicts; texts are not read).
    """
    book = read_artifact(codebook, schemas.Codebook)
    essay_table = shard_verdicts(essays)
    coder_tables = {Path(p).stem: read_artifact(p, schemas.Coding) for p in codings}
    ruled = merging.read_decisions(decisions, book, set(essay_table["essay_id"]))
    cover = merging.coverage(essay_table, coder_tables)
    present = merging.presence(cover, coder_tables, book)
    split = merging.disagreements(present, book, ruled)
    agreed, unused = merging.consensus(present, book, ruled)
    inputs = [*codings, codebook, *essays, *([decisions] if decisions else [])]
    write_artifact(present, presence, schemas.Presence, inputs=inputs)
    write_artifact(split, disagreements, schemas.Disagreements, inputs=inputs)
    write_artifact(agreed, consensus, schemas.Consensus, inputs=inputs)
    sheet = merging.pending_sheet(split, book, coder_tables)
    write_csv_artifact(sheet, pending, schemas.Pending)
    write_csv_artifact(unused, unused_decisions, schemas.UnusedDecisions)
    log.info(
        "merge: %d analysed essays, %d disagreements, %d pending",
        int((cover["status"] == "analysed").sum()),
        len(split),
        int((split["status"] == "pending").sum()),
    )


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


def shard_verdicts(shards: Sequence[str]) -> pd.DataFrame:
    """essay_id and deid_status of every essay in these shards, sorted by id."""
    return pd.concat(
        [pd.read_parquet(p, columns=["essay_id", "deid_status"]) for p in shards],
        ignore_index=True,
    ).sort_values("essay_id", ignore_index=True)
